// Bundles the page's ES modules (web/) with esbuild into classic scripts in web/dist/:
//   page.js      the page (entry web/main.js, uPlot included), minified
//   theme.js     the theme switch that runs in <head> before the page is drawn (web/theme.js)
//   worker.js    the background trainer for large runs (web/worker.js)
//   katex.js     KaTeX, loaded by the page when its math block is first about to be shown (web/katex-entry.js)
//   linreg-api.cjs  the JavaScript API as CommonJS, for Node's require() (web/linreg-api.js)
//   linreg-api.js   the same API as a classic script that defines the global LinReg
//   linreg-packed.js  the module as one classic script, for file:// and the offline folder: the glue
//                   (linreg.js) and the wasm's bytes as a string, which gzips to about 80% of the
//                   CMake build's linreg-single.js (its wasm in base64); written when the wasm is built
//   strings-zh.js   web/strings.js's Chinese table alone (and so for every language but English):
//                   the page's bundle leaves it out, and the page loads it only when it shows that
//                   language (web/moduleloader.js). web/strings.js keeps every table in its source.
// Classic scripts (IIFE), not modules: browsers refuse <script type=module> from file://.
//   node scripts/bundle.js [--watch]
//   node scripts/bundle.js --pack     only linreg-packed.js (again after a build of the wasm alone:
//                                     scripts/package.sh and the page tests do it when it is older)
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const vm = require('node:vm');
const { pathToFileURL } = require('node:url');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const web = (f) => path.join(root, 'web', f);
const dist = (f) => path.join(root, 'web', 'dist', f);
const common = { bundle: true, minify: !process.env.NO_MINIFY, target: ['es2020'], legalComments: 'linked', logLevel: 'warning', sourcemap: false };

// The tables of web/strings.js's source other than English: { lang: [start, end) of the table's
// object literal, from its `  zh: {` line to its closing `  },` at the same indentation }.
function otherTables(source) {
  const tables = {};
  for (const m of source.matchAll(/^ {2}([a-z]{2}): \{$/gm)) {
    if (m[1] === 'en') continue;
    const start = m.index + m[0].length - 1;
    const close = /^ {2}\},?$/m.exec(source.slice(start));
    if (!close) throw new Error(`web/strings.js: the '${m[1]}' table has no closing '  },' line`);
    tables[m[1]] = [start, start + close.index + 3];
  }
  if (!Object.keys(tables).length) throw new Error('web/strings.js: no table other than English found (a line "  zh: {")');
  return tables;
}

// The page's bundle reads web/strings.js with every table but English replaced by null.
const englishOnly = {
  name: 'english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]web[\\/]strings\.js$/ }, (args) => {
      let source = fs.readFileSync(args.path, 'utf8');
      const tables = Object.entries(otherTables(source)).sort((a, b) => b[1][0] - a[1][0]);
      for (const [, [start, end]] of tables) source = `${source.slice(0, start)}null${source.slice(end)}`;
      return { contents: source, loader: 'js' };
    });
  },
};

// web/dist/strings-<lang>.js for each table but English, checked against the table as Node reads
// web/strings.js (the same keys, the same texts).
async function languageScripts() {
  const source = fs.readFileSync(web('strings.js'), 'utf8');
  const { strings } = await import(pathToFileURL(web('strings.js')).href);
  const written = [];
  for (const [lang, [start, end]] of Object.entries(otherTables(source))) {
    const table = source.slice(start, end);
    const out = dist(`strings-${lang}.js`);
    const contents = `// web/strings.js's '${lang}' table (scripts/bundle.js)\n` +
      `(globalThis.LINREG_STRINGS = globalThis.LINREG_STRINGS || {})[${JSON.stringify(lang)}] = ${table};\n`;
    await esbuild.build({ ...common, stdin: { contents, loader: 'js', sourcefile: `strings-${lang}.js` }, outfile: out, format: 'iife', platform: 'browser', charset: 'utf8' });
    const sandbox = {};
    sandbox.globalThis = sandbox;
    vm.runInNewContext(fs.readFileSync(out, 'utf8'), sandbox);
    const got = sandbox.LINREG_STRINGS && sandbox.LINREG_STRINGS[lang];
    const want = strings.STRINGS[lang];
    const same = got && Object.keys(got).length === Object.keys(want).length &&
      Object.keys(want).every((k) => (typeof want[k] === 'function' ? typeof got[k] === 'function' : got[k] === want[k]));
    if (!same) throw new Error(`web/dist/strings-${lang}.js does not hold web/strings.js's '${lang}' table (its keys or texts differ)`);
    written.push(out);
  }
  return written;
}

// The Emscripten glue (web/dist/linreg.js) with its local names shortened, in place, once per link
// (the first line marks it): emcc -O3 strips its spaces but keeps its names. 56 -> 30 KB, 14.1 -> 10.6
// KB gzipped (bench/README.md). Its global createLinRegModule, the Module["..."] keys and the wasm's
// import and export names are strings or top-level names, which minifying keeps.
const GLUE_MARK = '/* web/dist/linreg.js, minified by scripts/bundle.js */';
function minifyGlue(file) {
  const text = fs.readFileSync(file, 'utf8');
  if (text.startsWith(GLUE_MARK) || process.env.NO_MINIFY) return;
  const out = esbuild.transformSync(text, { minify: true, target: 'es2020', legalComments: 'none' }).code;
  // A classic script: its global must stay (the page, the worker's importScripts and Node use it).
  if (!/\bcreateLinRegModule\s*=/.test(out.slice(0, 200))) throw new Error('minifying web/dist/linreg.js renamed createLinRegModule');
  fs.writeFileSync(file, `${GLUE_MARK}\n${out}`, 'utf8');
}

// web/dist/linreg-packed.js from the two-file build: the glue's text, then the wasm as a string
// literal whose characters are its bytes (a UTF-8 file: bytes >= 0x80 take two; the few that must
// be are escaped), and a createLinRegModule that hands those bytes to the glue (its wasmBinary
// option: no fetch, nothing for the Content-Security-Policy's connect-src). Null when the wasm is
// not built yet.
function packModule() {
  const [glue, wasm] = ['linreg.js', 'linreg.wasm'].map((f) => dist(f));
  if (!fs.existsSync(glue) || !fs.existsSync(wasm)) return null;
  minifyGlue(glue);
  const bytes = fs.readFileSync(wasm);
  const escapes = { 0x0a: '\\n', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };
  let text = '';
  for (let i = 0; i < bytes.length; ++i) {
    const b = bytes[i];
    if (escapes[b]) text += escapes[b];
    else if (b === 0) text += bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 ? '\\x00' : '\\0';
    else text += String.fromCharCode(b);
  }
  const out = dist('linreg-packed.js');
  const tail = `// scripts/bundle.js: the wasm of web/dist/linreg.js (${bytes.length} bytes), one character a byte.
(function () {
  var text = "${text}";
  var glue = createLinRegModule;
  var wasm = null;
  function packed(args) {
    if (!wasm) {
      wasm = new Uint8Array(text.length);
      for (var i = 0; i < text.length; ++i) wasm[i] = text.charCodeAt(i);
    }
    return glue(Object.assign({ wasmBinary: wasm }, args || {}));
  }
  createLinRegModule = packed;
  if (typeof module === 'object' && module.exports) module.exports = packed;
})();
`;
  // The bytes the glue will be given are the wasm's, checked here with a stand-in glue.
  const sandbox = { createLinRegModule: (args) => args };
  vm.runInNewContext(tail, sandbox);
  if (Buffer.compare(Buffer.from(sandbox.createLinRegModule().wasmBinary), bytes) !== 0) {
    throw new Error('web/dist/linreg-packed.js: the packed bytes are not web/dist/linreg.wasm');
  }
  fs.writeFileSync(out, `${fs.readFileSync(glue, 'utf8')}\n${tail}`, 'utf8');
  return out;
}

const builds = [
  { ...common, entryPoints: [web('main.js')], outfile: dist('page.js'), format: 'iife', platform: 'browser', plugins: [englishOnly] },
  { ...common, entryPoints: [web('theme-boot.js')], outfile: dist('theme.js'), format: 'iife', platform: 'browser' },
  { ...common, entryPoints: [web('worker.js')], outfile: dist('worker.js'), format: 'iife', platform: 'browser' },
  { ...common, entryPoints: [web('katex-entry.js')], outfile: dist('katex.js'), format: 'iife', platform: 'browser' },
  { ...common, minify: false, entryPoints: [web('linreg-api.js')], outfile: dist('linreg-api.cjs'), format: 'cjs', platform: 'node' },
  // The API as a classic script for course authors' own pages (defines the global LinReg).
  { ...common, entryPoints: [web('linreg-api.js')], outfile: dist('linreg-api.js'), format: 'iife', globalName: 'LinReg', platform: 'browser' },
];

async function main() {
  fs.mkdirSync(dist(''), { recursive: true });
  // web/dist/ holds CommonJS (the Emscripten glue, linreg-api.cjs) inside web/, whose package.json
  // says "type": "module".
  fs.writeFileSync(dist('package.json'), '{ "type": "commonjs" }\n');
  if (process.argv.includes('--pack')) {
    const out = packModule();
    if (!out) throw new Error('web/dist/linreg.js and linreg.wasm are not built yet (cmake --build build-wasm)');
    console.log(`bundle: ${path.basename(out)} ${(fs.statSync(out).size / 1024).toFixed(0)} KB -> web/dist/`);
    return;
  }
  if (process.argv.includes('--watch')) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    await languageScripts();
    console.log('bundle: watching web/ (Ctrl-C to stop; web/dist/strings-*.js are written once, now)');
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
  const outputs = [...builds.map((b) => b.outfile), ...(await languageScripts()), packModule()].filter(Boolean);
  const sizes = outputs.map((f) => `${path.basename(f)} ${(fs.statSync(f).size / 1024).toFixed(0)} KB`);
  console.log(`bundle: ${sizes.join(', ')} -> web/dist/`);
}

main().catch((e) => {
  console.error(`bundle: ${e.message}`);
  process.exit(1);
});
