// The colour theme, light or dark: the URL's `theme` flag (#theme=dark or #theme=light) when it
// has one, else the system setting (prefers-color-scheme), followed live. Sets
// <html data-theme="light|dark"> before the page is drawn (this script loads in <head>) and
// dispatches a 'linreg-theme' event on window when the theme changes, so that the charts redraw
// in the new colours.
const root = document.documentElement;
const media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

function urlFlag() {
  const m = /(?:^|[#?&])theme=([^&]*)/.exec(location.hash) || /(?:^|[?&])theme=([^&]*)/.exec(location.search);
  const v = m ? decodeURIComponent(m[1]) : null;
  return v === 'dark' || v === 'light' ? v : null;
}

function current() {
  return urlFlag() || (media && media.matches ? 'dark' : 'light');
}

function apply() {
  const theme = current();
  if (root.dataset.theme === theme) return;
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
  window.dispatchEvent(new CustomEvent('linreg-theme', { detail: { theme } }));
}

apply();
if (media) {
  if (media.addEventListener) media.addEventListener('change', apply);
  else if (media.addListener) media.addListener(apply);
}
window.addEventListener('hashchange', apply);

export const theme = {
  get current() {
    return root.dataset.theme;
  },
  // A CSS custom property of the theme (e.g. '--chart-ink'), for canvases.
  css(name, fallback) {
    const v = getComputedStyle(root).getPropertyValue(name).trim();
    return v || fallback;
  },
  apply,
};
