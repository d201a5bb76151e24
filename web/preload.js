// Part of web/dist/theme.js, the one script in <head>: over http(s), starts the download of the
// module's wasm at once (a <link rel="preload"> for the URL in this script's data-wasm attribute),
// so that it arrives while the page's own script downloads and runs; the glue's fetch of it
// (streaming compilation, web/moduleloader.js) is then answered from the preload. Not from file://,
// where a browser fetches nothing, nor in a frame without an origin (its fetch would be cross-origin),
// nor in the offline folder (scripts/package.sh drops data-wasm: it runs the single file).
// script: the <script> element running (document.currentScript).
export function preloadWasm(script) {
  const wasm = script && script.dataset.wasm;
  if (!wasm || !/^https?:$/.test(location.protocol) || self.origin === 'null') return;
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'fetch';
  link.type = 'application/wasm';
  link.crossOrigin = 'anonymous'; // the glue's fetch: cors mode, credentials same-origin
  link.href = new URL(wasm, document.baseURI).href;
  document.head.append(link);
}
