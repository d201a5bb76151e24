// The page's DOM helpers. They only ever set text (textContent, setAttribute), never HTML.
//   el('p', { class: 'note', text: 'hello' })
//   el('tr', null, el('th', { scope: 'row', text: 'w' }), 'some text', node)
//   el('button', { type: 'button', class: 'btn', text: 'Run', on: { click: run } })
// attrs: 'class', 'text' (the textContent), 'on' (event listeners), any other attribute (true:
// present and empty; null, undefined and false: left out). Children: nodes or strings; null,
// undefined and false are left out.
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

export { el, copyText };
