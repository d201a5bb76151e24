// A modal dialog built on <dialog> (focus moves in and is kept there, Escape closes, focus goes
// back to the control that opened it).
import { el } from './dom.js';
import { t } from './strings.js';

let counter = 0;

class Dialog {
  // title: text; build(body, dialog): fills the body element.
  constructor(title, build, { wide = false } = {}) {
    const id = `dialog-${++counter}`;
    this.opener = null;
    this.body = el('div', { class: 'dialog-body' });
    this.closeButton = el('button', {
      type: 'button', class: 'btn dialog-close', 'aria-label': t('dialog.close'), text: '\u00d7',
      on: { click: () => this.close() },
    });
    this.node = el('dialog', { class: `dialog${wide ? ' dialog-wide' : ''}`, 'aria-labelledby': `${id}-title` },
      el('div', { class: 'dialog-head' }, el('h2', { id: `${id}-title`, text: title }), this.closeButton),
      this.body);
    this.node.addEventListener('close', () => {
      if (this.onClose) this.onClose();
      if (this.opener && document.contains(this.opener)) this.opener.focus();
    });
    // A click on the backdrop (outside the box) closes, as Escape does.
    this.node.addEventListener('click', (e) => {
      if (e.target === this.node) this.close();
    });
    document.body.append(this.node);
    build(this.body, this);
  }

  open() {
    this.opener = document.activeElement;
    if (!this.node.open) this.node.showModal();
    const first = this.body.querySelector('[autofocus], input, textarea, select, button');
    if (first) first.focus();
  }

  close() {
    if (this.node.open) this.node.close();
  }
}

export { Dialog };
