// A modal dialog built on <dialog> (focus moves in and is kept there, Escape closes, focus goes
// back to the control that opened it), plus small DOM helpers that only ever set text.
import { t } from './strings.js';

// el('p', {class: 'x', text: 'hello'}, child, ...): attributes, text and children; never HTML.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'on') for (const [type, fn] of Object.entries(v)) node.addEventListener(type, fn);
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

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

// Copies text to the clipboard; resolves true when it worked (the Clipboard API, else a hidden
// textarea and execCommand, which also works from file://).
async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch (e) {
    // fall through
  }
  const area = el('textarea', { class: 'visually-hidden', readonly: true, 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch (e) {
    ok = false;
  }
  area.remove();
  return ok;
}

export const dom = { el, copyText };

export { Dialog };
