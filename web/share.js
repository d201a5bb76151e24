// Sharing: the Copy link button (the URL of the current settings and view) and the Embed dialog
// (web/embeddialog.js), which writes the <iframe> snippet for the current settings and previews it.
import { copyText } from './dom.js';
import { EmbedDialog } from './embeddialog.js';
import { t } from './strings.js';

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
    if (!this.dialog) this.dialog = new EmbedDialog(this.link);
    this.dialog.open();
  }
}

export { Share };
