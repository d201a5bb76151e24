// Which build of the WebAssembly module the page runs. index.html loads the glue of the two-file
// build (web/dist/linreg.js, 56 KB); over http(s) its wasm (web/dist/linreg.wasm) is fetched
// next to it and compiled while it downloads (streaming compilation). A browser does not fetch
// files from file://, so there, and if the wasm cannot be fetched (a sandboxed frame without its
// origin), the page loads the single-file build instead (<body data-single-src>), whose wasm is
// inlined in its script. The offline folder (scripts/package.sh) loads the single file in the
// first place and says so (<body data-module="single">).

// Adds a classic script (module scripts are refused from file://); resolves once it has run.
export function addScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(Object.assign(new Error(`${src} could not be loaded`), { missing: true }));
    document.body.append(script);
  });
}

// The table of the language shown (web/strings.js), when the page's bundle does not hold it: every
// language but English is a script of its own (<body data-strings-src>, {lang} in it replaced:
// web/dist/strings-zh.js), loaded before the page draws its text, over http(s) and from file://
// alike. If it cannot be loaded, the page is shown in English.
export async function loadLanguage(i18n, strings) {
  if (i18n.loaded) return;
  const lang = i18n.lang;
  try {
    await addScript(document.body.dataset.stringsSrc.replace('{lang}', lang));
    if (strings.provide(lang, (globalThis.LINREG_STRINGS || {})[lang])) return;
  } catch (e) {
    // below: English
  }
  i18n.lang = 'en';
}

// The single-file build: its script defines createLinRegModule again, in place of the glue's.
async function singleFile() {
  await addScript(document.body.dataset.singleSrc);
  return globalThis.createLinRegModule;
}

// load(factory) -> the API (web/linreg-api.js's load); resolves with it, on the build that works here.
export async function loadModule(load) {
  if (document.body.dataset.module === 'single') return load({ factory: globalThis.createLinRegModule });
  if (location.protocol !== 'file:' && typeof globalThis.createLinRegModule === 'function') {
    try {
      return await load({ factory: globalThis.createLinRegModule });
    } catch (e) {
      // The wasm could not be fetched or compiled here: the single file needs no fetch.
    }
  }
  return load({ factory: await singleFile() });
}
