// Bundles the page's ES modules (web/) with esbuild into classic scripts in web/dist/:
//   page.js      the page (entry web/main.js, uPlot included), minified
//   theme.js     the theme switch that runs in <head> before the page is drawn (web/theme.js)
//   worker.js    the background trainer for large runs (web/worker.js)
//   linreg-api.cjs  the JavaScript API as CommonJS, for Node's require() (web/linreg-api.js)
//   linreg-api.js   the same API as a classic script that defines the global LinReg
// Classic scripts (IIFE), not modules: browsers refuse <script type=module> from file://.
//   node scripts/bundle.js [--watch]
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const web = (f) => path.join(root, 'web', f);
const dist = (f) => path.join(root, 'web', 'dist', f);
const common = { bundle: true, minify: !process.env.NO_MINIFY, target: ['es2020'], legalComments: 'linked', logLevel: 'warning', sourcemap: false };

const builds = [
  { ...common, entryPoints: [web('main.js')], outfile: dist('page.js'), format: 'iife', platform: 'browser' },
  { ...common, entryPoints: [web('theme-boot.js')], outfile: dist('theme.js'), format: 'iife', platform: 'browser' },
  { ...common, entryPoints: [web('worker.js')], outfile: dist('worker.js'), format: 'iife', platform: 'browser' },
  { ...common, minify: false, entryPoints: [web('linreg-api.js')], outfile: dist('linreg-api.cjs'), format: 'cjs', platform: 'node' },
  // The API as a classic script for course authors' own pages (defines the global LinReg).
  { ...common, entryPoints: [web('linreg-api.js')], outfile: dist('linreg-api.js'), format: 'iife', globalName: 'LinReg', platform: 'browser' },
];

async function main() {
  fs.mkdirSync(dist(''), { recursive: true });
  // web/dist/ holds CommonJS (the Emscripten glue, linreg-api.cjs) inside web/, whose package.json
  // says "type": "module".
  fs.writeFileSync(dist('package.json'), '{ "type": "commonjs" }\n');
  if (process.argv.includes('--watch')) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    console.log('bundle: watching web/ (Ctrl-C to stop)');
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
  const sizes = builds.map((b) => `${path.basename(b.outfile)} ${(fs.statSync(b.outfile).size / 1024).toFixed(0)} KB`);
  console.log(`bundle: ${sizes.join(', ')} -> web/dist/`);
}

main().catch((e) => {
  console.error(`bundle: ${e.message}`);
  process.exit(1);
});
