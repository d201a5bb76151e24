// Sharing: the Copy link button (the URL of the current settings and view) and the Embed dialog,
// which writes the <iframe> snippet for the current settings with the chosen hidden parts, locks,
// goal and host origins.
import { Dialog } from './dialog.js';
import { copyText, el } from './dom.js';
import { embed } from './embed.js';
import { t } from './strings.js';
import { urlstate } from './urlstate.js';

// The parts offered in the Embed dialog (a subset of embed.PARTS, in a sensible order).
const OFFERED_PARTS = ['controls', 'speed', 'settings', 'tools', 'exercises', 'plot-data', 'plot-loss', 'plot-params',
  'landscape', 'closed-form', 'sweep', 'estimates', 'code', 'inspector', 'text'];

class Share {
  // link(extra): the page's URL for the current state, with `extra` embed parameters.
  // status(text): where to say what happened.
  constructor({ link, status }) {
    this.link = link;
    this.status = status;
    this.dialog = null;
  }

  async copyLink() {
    const url = this.link({});
    const ok = await copyText(url);
    this.status(ok ? t('share.copied') : t('share.copyFailed', { url }));
    return url;
  }

  openEmbed() {
    if (!this.dialog) this.dialog = new Dialog(t('share.embedTitle'), (body) => this.buildEmbed(body), { wide: true });
    this.refresh();
    this.dialog.open();
  }

  buildEmbed(body) {
    const f = {};
    const partBoxes = OFFERED_PARTS.map((name) => {
      const id = `embed-hide-${name}`;
      const input = el('input', { type: 'checkbox', id, 'data-part-name': name, on: { change: () => this.refresh() } });
      return el('div', { class: 'check' }, input, el('label', { for: id, text: t(`part.${name}`) }));
    });
    f.parts = partBoxes.map((b) => b.querySelector('input'));
    f.lockAll = el('input', { type: 'checkbox', id: 'embed-lock-all', on: { change: () => this.refresh() } });
    f.goalMetric = el('select', { id: 'embed-goal-metric', on: { change: () => this.refresh() } },
      el('option', { value: '', text: t('share.goalNone') }),
      ...urlstate.GOAL_METRICS.map((m) => el('option', { value: m, text: t(`goal.metric.${m}`) })));
    f.goalValue = el('input', { type: 'text', id: 'embed-goal-value', inputmode: 'decimal', value: '0.001', spellcheck: 'false',
      on: { input: () => this.refresh() } });
    f.origins = el('input', { type: 'text', id: 'embed-origins', spellcheck: 'false', placeholder: 'https://course.example.org',
      'aria-describedby': 'embed-origins-help', on: { input: () => this.refresh() } });
    f.height = el('input', { type: 'text', id: 'embed-height', inputmode: 'numeric', value: '760', on: { input: () => this.refresh() } });
    f.snippet = el('textarea', { id: 'embed-snippet', class: 'snippet', readonly: true, rows: '5', spellcheck: 'false' });
    f.error = el('p', { class: 'field-error', role: 'alert' });
    f.copyStatus = el('p', { class: 'copy-status', role: 'status' });
    f.preview = el('a', { href: '#', target: '_blank', rel: 'noopener', text: t('share.preview') });
    this.f = f;
    body.append(
      el('p', { class: 'dialog-lede', text: t('share.embedLede') }),
      el('fieldset', {}, el('legend', { text: t('share.hideLegend') }), el('div', { class: 'check-grid' }, ...partBoxes)),
      el('fieldset', {}, el('legend', { text: t('share.lockLegend') }),
        el('div', { class: 'check' }, f.lockAll, el('label', { for: 'embed-lock-all', text: t('share.lockAll') }))),
      el('fieldset', {}, el('legend', { text: t('share.goalLegend') }),
        el('div', { class: 'inline-fields' },
          el('label', { for: 'embed-goal-metric', text: t('share.goalMetric') }), f.goalMetric,
          el('label', { for: 'embed-goal-value', text: t('share.goalBelow') }), f.goalValue)),
      el('div', { class: 'field' }, el('label', { for: 'embed-origins', text: t('share.origins') }), f.origins,
        el('p', { class: 'field-help', id: 'embed-origins-help', text: t('share.originsHelp') })),
      el('div', { class: 'field field-short' }, el('label', { for: 'embed-height', text: t('share.height') }), f.height),
      f.error,
      el('label', { for: 'embed-snippet', class: 'snippet-label', text: t('share.snippet') }), f.snippet,
      el('div', { class: 'dialog-actions' },
        el('button', { type: 'button', class: 'btn primary', text: t('share.copySnippet'), on: { click: () => this.copySnippet() } }),
        f.preview),
      f.copyStatus);
  }

  // The embed parameters the dialog describes, or {error}.
  embedParams() {
    const f = this.f;
    const params = { embed: true, hide: f.parts.filter((b) => b.checked).map((b) => b.dataset.partName) };
    if (f.lockAll.checked) params.lock = ['all'];
    if (f.goalMetric.value) {
      const threshold = Number(f.goalValue.value.trim());
      if (!(Number.isFinite(threshold) && threshold > 0)) return { error: t('share.goalError') };
      params.goal = { metric: f.goalMetric.value, threshold };
    }
    const origins = f.origins.value.trim();
    if (origins) {
      const r = urlstate.PARAMS.find((p) => p.key === 'origins').read(origins);
      if (r.error) return { error: r.error };
      params.origins = r.value;
    }
    return { params };
  }

  refresh() {
    if (!this.f) return;
    const f = this.f;
    f.goalValue.disabled = !f.goalMetric.value;
    const { params, error } = this.embedParams();
    f.error.textContent = error || '';
    if (error) return;
    const url = this.link(params);
    const height = /^\d{2,5}$/.test(f.height.value.trim()) ? f.height.value.trim() : '760';
    // Written as text: the URL is escaped for an HTML attribute by hand.
    const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    f.snippet.value = `<iframe src="${attr(url)}" title="${attr(t('share.iframeTitle'))}" ` +
      `width="100%" height="${height}" style="border:0;max-width:100%" loading="lazy"></iframe>`;
    f.preview.href = url;
    f.copyStatus.textContent = '';
  }

  async copySnippet() {
    const ok = await copyText(this.f.snippet.value);
    if (!ok) this.f.snippet.select();
    this.f.copyStatus.textContent = ok ? t('share.snippetCopied') : t('share.snippetCopyFailed');
  }
}

export { Share };
