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

// Sets an element's data-* attribute only when its value changes (String(value)), and a boolean
// property such as hidden or disabled only when it changes: the plots and readouts write theirs
// at every frame of a run, and a write of the same value still makes the browser copy the
// element's attributes and queue mutation records (garbage of the renderer's own heap).
function setData(node, key, value) {
  const v = String(value);
  if (node.dataset[key] !== v) node.dataset[key] = v;
}

function setFlag(node, prop, on) {
  const v = Boolean(on);
  if (node[prop] !== v) node[prop] = v;
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

export { el, copyText, setData, setFlag };
