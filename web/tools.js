// The tool bar: your own data, save and open a session, the downloads, copy a link, the embed
// snippet and Check my run (web/userdata.js, exporter.js, share.js, checkrun.js). Each tool asks the run controller for any
// change of the run.
import { wireCheckRun } from './checkrun.js';
import { Exporter } from './exporter.js';
import { Share } from './share.js';
import { UserDataDialog } from './userdata.js';

// Saving and the downloads need the whole run on the main thread (the data, every step).
export const WHOLE_RUN_TOOLS = ['save', 'downloads'];

export function wireTools({ api, controller, charts, titles, links, locked, defaults, $ }) {
  const session = controller.session;
  const toolStatus = (kind, text) => {
    const el = $('[data-part="tool-status"]');
    el.dataset.kind = kind;
    el.textContent = text;
  };
  const exporter = new Exporter({
    run: () => session.page, charts, titles, importSession: (text) => controller.importSession(text), report: toolStatus,
  });
  const share = new Share({ link: (embed) => links.linkFor(embed), status: (text) => toolStatus('info', text) });
  const userData = new UserDataDialog({
    api,
    onApply: (data, numVal) => controller.useOwnData(data, numVal),
    onSynthetic: () => controller.useSynthetic(defaults),
  });
  const checkRun = wireCheckRun({ api, controller });
  const openFile = $('[data-part="open-file"]');
  openFile.addEventListener('change', async () => {
    await exporter.openFile(openFile.files[0]);
    openFile.value = '';
  });
  const tools = {
    data: () => userData.open(Boolean(session.userData)),
    save: () => exporter.saveSession(),
    open: () => openFile.click(),
    downloads: () => exporter.openDownloads(),
    link: () => share.copyLink(),
    embed: () => share.openEmbed(),
    check: () => checkRun.open(),
  };
  for (const [name, action] of Object.entries(tools)) {
    const button = $(`[data-tool="${name}"]`);
    button.addEventListener('click', action);
    // Locked settings: nothing may replace the run's data or config from the page.
    if (locked.size > 0 && (name === 'data' || name === 'open')) button.disabled = true;
  }
}
