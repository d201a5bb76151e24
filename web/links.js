// The page's link: the URL hash follows the run's settings and the view (web/urlstate.js), a
// changed hash asks the run controller for the change, and links for sharing and embedding are
// made from the current state.
import { settings } from './settings.js';
import { t } from './strings.js';
import { urlstate } from './urlstate.js';

export class LinkSync {
  // url: the link the page opened with (urlstate.parse); viewState(): the view's part of a link;
  // locked: keys the embedding page locked; notices: where a link's problems are listed;
  // onExercise(id or null): a changed link opens (or closes) an exercise, which sets its own run.
  constructor({ controller, url, defaults, viewState, locked, notices, check, onExercise }) {
    Object.assign(this, { controller, url, defaults, viewState, locked, notices, check, onExercise });
    this.session = controller.session;
    this.synced = location.hash;
    this.hashedConfig = null; // the config the hash was last built for
    window.addEventListener('hashchange', () => this.hashChanged());
  }

  hashFor(embed) {
    return urlstate.build({
      config: this.session.config, defaults: this.defaults, view: this.viewState(), flags: this.url.flags, embed,
      userData: Boolean(this.session.userData),
    });
  }

  // A link to the page as it is, with these embed flags.
  linkFor(embed) {
    return urlstate.urlWith(this.hashFor(embed));
  }

  sync() {
    const hash = this.hashFor(this.url.embed);
    if (hash === this.synced) return;
    this.synced = hash;
    try {
      history.replaceState(history.state, '', urlstate.urlWith(hash) || location.pathname);
    } catch (e) {
      // Some browsers refuse replaceState on file:// pages: the link is still made on demand.
    }
  }

  // After a render: a new run or a live change re-writes the hash (the view's controls sync on change).
  rendered() {
    // A gesture's previews (web/scrub.js) are not the run's settings until released.
    if (this.controller.touching || this.session.config === this.hashedConfig) return;
    this.hashedConfig = this.session.config;
    this.sync();
  }

  hashChanged() {
    if (location.hash === this.synced) return; // our own
    const next = urlstate.parse(location.hash, this.check);
    if ((next.flags.lang || null) !== (this.url.flags.lang || null)) {
      location.reload();
      return;
    }
    this.notices.show(next.messages);
    const exercise = next.view.exercise || null;
    if (exercise !== (this.viewState().exercise || null)) {
      this.onExercise(exercise);
      if (exercise) {
        this.synced = location.hash;
        return;
      }
    }
    const current = this.session.config;
    for (const key of this.locked) next.config[key] = current[key];
    const changes = {};
    const own = Boolean(this.session.userData);
    for (const s of settings.SETTINGS) {
      if (own && urlstate.DATA_KEYS.includes(s.key)) continue;
      if (!settings.sameValue(next.config[s.key], current[s.key])) changes[s.key] = next.config[s.key];
    }
    // The link's settings that do not apply to the user's data: said, not dropped silently.
    const notice = own ? settings.notApplying([...urlstate.pairs(location.hash).keys()]).notice : '';
    if (notice) this.notices.show([...next.messages, notice]);
    try {
      if (Object.keys(changes).length) this.controller.setConfig(changes);
    } catch (e) {
      this.notices.show([...next.messages, ...(notice ? [notice] : []), t('url.cannotStart', { error: e.message })]);
    }
    this.synced = location.hash;
  }
}
