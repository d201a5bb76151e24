// The Embed dialog: writes the <iframe> snippet for the current settings with the chosen hidden
// parts, locked or hidden settings (each one, from the field schema: settings.SETTINGS), goal and
// host origins, and shows a live preview: an <iframe> of the snippet's own URL, reloaded when an
// option changes and as tall as the tool inside says its content is (its `resize` event), as the
// author's page will show it. The URL flags are read by web/urlstate.js and applied by web/embed.js.
import { Dialog } from './dialog.js';
import { copyText, el } from './dom.js';
import { embed } from './embed.js';
import { settings } from './settings.js';
import { t } from './strings.js';
import { urlstate } from './urlstate.js';

// The parts offered in the dialog (a subset of embed.PARTS, in a sensible order).
const OFFERED_PARTS = ['controls', 'speed', 'settings', 'tools', 'exercises', 'plot-data', 'plot-loss', 'plot-params',
  'last-step', 'math', 'landscape', 'closed-form', 'sweep', 'estimates', 'code', 'inspector', 'buglab', 'text'];
const PREVIEW_DELAY = 300; // ms after the last change before the preview reloads
const PREVIEW_FALLBACK = 5000; // ms after a frame's load event, for a tool that cannot say its height
const DEFAULT_HEIGHT = '760';

// Escapes text for an HTML attribute written by hand.
const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

// The snippet's <iframe> for a URL and a starting height.
function snippet(url, height) {
  return `<iframe src="${attr(url)}" title="${attr(t('share.iframeTitle'))}" ` +
    `width="100%" height="${height}" style="border:0;max-width:100%" loading="lazy"></iframe>`;
}

// The live preview: one <iframe> at a time, replaced (not re-pointed: a new hash alone would not
// reload the page) when the URL changes; its height follows the tool's resize events. A frame is
// never dropped while its tool loads (no aborted requests, one tool loading at a time): the newest
// URL waits until the tool has said its height (or, if it cannot, a while after its load event).
class EmbedPreview {
  constructor() {
    Object.assign(this, { frame: null, url: '', height: DEFAULT_HEIGHT, timer: 0, fallback: 0, loading: false, closed: false });
    this.note = el('p', { class: 'embed-preview-note', role: 'status' });
    // A scrolling region: reachable by keyboard, and named.
    this.box = el('div', { class: 'embed-preview-box', 'data-part': 'embed-preview-box', tabindex: '0', role: 'region',
      'aria-label': t('share.previewTitle') });
    this.root = el('section', { class: 'embed-preview', 'aria-labelledby': 'embed-preview-title' },
      el('h3', { id: 'embed-preview-title', text: t('share.previewTitle') }),
      el('p', { class: 'field-help', text: t('share.previewHelp') }), this.note, this.box);
    window.addEventListener('message', (e) => this.message(e));
  }

  // Shows `url` (after PREVIEW_DELAY, so that typing does not reload it at every key).
  show(url, height) {
    Object.assign(this, { url, height, closed: false });
    this.schedule();
  }

  schedule() {
    clearTimeout(this.timer);
    if (this.loading || (this.frame && this.frame.src === this.url)) return;
    this.timer = setTimeout(() => this.load(), PREVIEW_DELAY);
  }

  load() {
    if (this.closed) return;
    const frame = el('iframe', { src: this.url, title: t('share.previewFrame'), 'data-part': 'embed-preview' });
    frame.style.height = `${this.height}px`;
    frame.addEventListener('load', () => {
      this.fallback = setTimeout(() => this.loaded(frame), PREVIEW_FALLBACK);
    });
    this.note.textContent = t('share.previewLoading');
    this.box.replaceChildren(frame);
    this.frame = frame;
    this.loading = true;
  }

  // The frame's tool is up: show the newest URL if it changed meanwhile, or stop if closed.
  loaded(frame) {
    if (frame !== this.frame || !this.loading) return;
    clearTimeout(this.fallback);
    this.loading = false;
    if (this.closed) this.clear();
    else this.schedule();
  }

  // The dialog closed: no tool runs behind it (once the one loading, if any, is up).
  stop() {
    this.closed = true;
    clearTimeout(this.timer);
    if (!this.loading) this.clear();
  }

  clear() {
    this.box.replaceChildren();
    this.frame = null;
  }

  message(e) {
    if (!this.frame || e.source !== this.frame.contentWindow) return;
    const m = e.data;
    if (!m || m.protocol !== embed.PROTOCOL || m.event !== 'resize') return;
    const height = Number(m.data && m.data.height);
    if (!(Number.isFinite(height) && height > 0)) return;
    this.frame.style.height = `${height}px`;
    this.frame.dataset.height = String(height);
    this.note.textContent = t('share.previewHeight', { height: String(height) });
    this.loaded(this.frame);
  }
}

class EmbedDialog {
  // link(embedParams): the page's URL for the current state with these embed parameters.
  constructor(link) {
    this.link = link;
    this.preview = new EmbedPreview();
    this.dialog = new Dialog(t('share.embedTitle'), (body) => this.build(body), { wide: true });
    this.dialog.node.classList.add('dialog-embed');
    this.dialog.onClose = () => this.preview.stop();
  }

  open() {
    this.refresh();
    this.dialog.open();
  }

  build(body) {
    const f = (this.f = {});
    f.goalMetric = el('select', { id: 'embed-goal-metric', on: { change: () => this.refresh() } },
      el('option', { value: '', text: t('share.goalNone') }),
      ...urlstate.GOAL_METRICS.map((m) => el('option', { value: m, text: t(`goal.metric.${m}`) })));
    f.goalValue = el('input', { type: 'text', id: 'embed-goal-value', inputmode: 'decimal', value: '0.001', spellcheck: 'false',
      on: { input: () => this.refresh() } });
    f.origins = el('input', { type: 'text', id: 'embed-origins', spellcheck: 'false', placeholder: 'https://course.example.org',
      'aria-describedby': 'embed-origins-help', on: { input: () => this.refresh() } });
    f.height = el('input', { type: 'text', id: 'embed-height', inputmode: 'numeric', value: DEFAULT_HEIGHT, on: { input: () => this.refresh() } });
    f.snippet = el('textarea', { id: 'embed-snippet', class: 'snippet', readonly: true, rows: '5', spellcheck: 'false' });
    f.error = el('p', { class: 'field-error', role: 'alert' });
    f.copyStatus = el('p', { class: 'copy-status', role: 'status' });
    f.open = el('a', { href: '#', target: '_blank', rel: 'noopener', text: t('share.preview') });
    const options = el('div', { class: 'embed-options' },
      el('p', { class: 'dialog-lede', text: t('share.embedLede') }),
      this.partsBox(), this.settingsBox(),
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
        f.open),
      f.copyStatus);
    body.append(el('div', { class: 'embed-layout' }, options, this.preview.root));
  }

  // The parts to hide: one checkbox each.
  partsBox() {
    const boxes = OFFERED_PARTS.map((name) => {
      const id = `embed-hide-${name}`;
      const input = el('input', { type: 'checkbox', id, 'data-part-name': name, on: { change: () => this.refresh() } });
      return el('div', { class: 'check' }, input, el('label', { for: id, text: t(`part.${name}`) }));
    });
    this.f.parts = boxes.map((b) => b.querySelector('input'));
    return el('fieldset', {}, el('legend', { text: t('share.hideLegend') }), el('div', { class: 'check-grid' }, ...boxes));
  }

  // Lock every setting, or lock or hide each one (a row per field of the schema).
  settingsBox() {
    const f = this.f;
    f.lockAll = el('input', { type: 'checkbox', id: 'embed-lock-all', on: { change: () => this.refresh() } });
    f.lock = new Map();
    f.hide = new Map();
    const rows = settings.SETTINGS.map((s) => {
      const names = { label: s.label, key: s.key };
      const lock = el('input', { type: 'checkbox', 'data-lock': s.key, 'aria-label': t('share.lockOne', names), on: { change: () => this.refresh() } });
      const hide = el('input', { type: 'checkbox', 'data-hide': s.key, 'aria-label': t('share.hideOne', names), on: { change: () => this.refresh() } });
      f.lock.set(s.key, lock);
      f.hide.set(s.key, hide);
      return el('tr', {}, el('th', { scope: 'row' }, s.label, ' ', el('code', { text: s.key })), el('td', {}, lock), el('td', {}, hide));
    });
    f.each = el('details', { class: 'embed-each' },
      el('summary', { text: t('share.eachLegend', { count: String(rows.length) }) }),
      el('p', { class: 'field-help', text: t('share.eachHelp') }),
      el('div', { class: 'table-scroll embed-each-scroll', tabindex: '0', role: 'region', 'aria-label': t('share.eachLegend', { count: String(rows.length) }) },
        el('table', { class: 'embed-settings' },
          el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('share.colSetting') }),
            el('th', { scope: 'col', text: t('share.colLock') }), el('th', { scope: 'col', text: t('share.colHide') }))),
          el('tbody', {}, ...rows))));
    return el('fieldset', {}, el('legend', { text: t('share.lockLegend') }),
      el('div', { class: 'check' }, f.lockAll, el('label', { for: 'embed-lock-all', text: t('share.lockAll') })), f.each);
  }

  // The embed parameters the dialog describes, or {error}. A hidden setting is locked anyway
  // (web/embed.js), so the link names it once, in hide=.
  embedParams() {
    const f = this.f;
    const hiddenKeys = settings.SETTINGS.map((s) => s.key).filter((k) => f.hide.get(k).checked);
    const params = { embed: true, hide: [...f.parts.filter((b) => b.checked).map((b) => b.dataset.partName), ...hiddenKeys] };
    if (f.lockAll.checked) params.lock = ['all'];
    else params.lock = settings.SETTINGS.map((s) => s.key).filter((k) => f.lock.get(k).checked && !f.hide.get(k).checked);
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

  // A lock box shows its setting locked, and cannot be unticked, while every setting is locked or
  // the setting is hidden.
  syncLocks() {
    const f = this.f;
    for (const [key, lock] of f.lock) {
      const forced = f.lockAll.checked || f.hide.get(key).checked;
      if (forced && !lock.disabled) lock.dataset.own = lock.checked ? '1' : '';
      if (!forced && lock.disabled) lock.checked = lock.dataset.own === '1';
      if (forced) lock.checked = true;
      lock.disabled = forced;
    }
  }

  refresh() {
    const f = this.f;
    f.goalValue.disabled = !f.goalMetric.value;
    this.syncLocks();
    const { params, error } = this.embedParams();
    f.error.textContent = error || '';
    if (error) return;
    const url = this.link(params);
    const height = /^\d{2,5}$/.test(f.height.value.trim()) ? f.height.value.trim() : DEFAULT_HEIGHT;
    f.snippet.value = snippet(url, height);
    f.open.href = url;
    f.copyStatus.textContent = '';
    this.preview.show(url, height);
  }

  async copySnippet() {
    const ok = await copyText(this.f.snippet.value);
    if (!ok) this.f.snippet.select();
    this.f.copyStatus.textContent = ok ? t('share.snippetCopied') : t('share.snippetCopyFailed');
  }
}

export { EmbedDialog, OFFERED_PARTS };
