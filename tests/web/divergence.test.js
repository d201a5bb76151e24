// Divergence on the page, with lr = 10 and with a huge outlier: training stops at the step where a
// value stopped being finite (the command-line program's step), the status says so, says which
// learning rate would have been stable (or that none would help), Step is disabled; and no plot
// ever draws NaN or infinity: every canvas and Path2D drawing call's numbers, and every table of
// numbers handed to uPlot, are checked as the page draws.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

// Installed before the page's scripts: records any non-finite number given to a drawing call.
function watchDrawing() {
  window.__nonFinite = [];
  const note = (where, args) => {
    for (const a of args) {
      if (typeof a === 'number' && !Number.isFinite(a)) {
        if (window.__nonFinite.length < 5) {
          const at = (new Error().stack || '').split('\n').slice(3, 6).map((l) => l.trim().replace(/^at /, '')).join(' < ');
          window.__nonFinite.push(`${where}(${Array.from(args).join(', ')}) at ${at}`);
        }
        return;
      }
    }
  };
  const methods = ['moveTo', 'lineTo', 'arc', 'arcTo', 'rect', 'ellipse', 'bezierCurveTo', 'quadraticCurveTo',
    'fillRect', 'strokeRect', 'clearRect', 'fillText', 'strokeText', 'drawImage', 'translate', 'scale', 'setTransform'];
  for (const proto of [CanvasRenderingContext2D.prototype, Path2D.prototype]) {
    for (const m of methods) {
      const original = proto[m];
      if (typeof original !== 'function') continue;
      proto[m] = function (...args) {
        note(m, args);
        return original.apply(this, args);
      };
    }
  }
  // uPlot's data tables: numbers, or null for a gap; never NaN or an infinity.
  let U;
  Object.defineProperty(window, 'uPlot', {
    configurable: true,
    get: () => U,
    set(v) {
      const checkData = (data) => {
        (data || []).forEach((series, s) => {
          for (let i = 0; i < series.length; ++i) {
            const x = series[i];
            if (x !== null && x !== undefined && !Number.isFinite(x)) {
              if (window.__nonFinite.length < 20) window.__nonFinite.push(`uPlot data[${s}][${i}] = ${x}`);
              return;
            }
          }
        });
      };
      U = class extends v {
        constructor(opts, data, target) {
          checkData(data);
          super(opts, data, target);
        }
        setData(data, ...rest) {
          checkData(data);
          return super.setData(data, ...rest);
        }
      };
      Object.assign(U, v);
    },
  });
}

async function runUntilStopped(page) {
  await page.selectOption('[data-control="speed"]', '1000000');
  await h.press(page, 'Run');
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('#status').dataset.kind), null, { timeout: 60000 });
}

test('lr = 10: stops at the step where the loss stopped being finite, names a stable learning rate, draws no NaN', async () => {
  const cli = h.cliRun(['--seed', '0', '--lr', '10', '--max-epochs', '50']);
  assert.equal(cli.status, 1);
  const step = Number(cli.stderr.match(/diverged at step (\d+)/)[1]);
  const limit = Number(cli.stderr.match(/2 \/ lambda_max = ([0-9.]+)/)[1]);
  // Loaded in full before the reload that installs the watcher: a reload mid-load would abort the
  // module's wasm download (a failed request).
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#max_epochs=50` });
  await page.addInitScript(watchDrawing);
  await page.reload();
  await page.waitForSelector('body.is-ready');
  for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
  await h.setField(page, 'lr', '10');  // from the next step on
  for (const table of ['loss', 'params']) await page.locator(`[data-table="${table}"] summary`).click();
  await runUntilStopped(page);
  const status = await page.locator('#status').textContent();
  // Mid-run change: the step differs from a run at lr 10 from the start; the core's report says.
  const report = await page.evaluate(async () => {
    const api = await window.LinReg.load();
    const t = api.create({ lr: 0.03, max_epochs: 50 });
    for (let i = 0; i < 3; ++i) t.step();
    t.setLr(10);
    t.fit();
    const s = t.state();
    t.delete();
    return s.divergence;
  });
  assert.match(status, new RegExp(`^Training diverged at step ${report.step}: the ${report.what} stopped being a finite number`));
  assert.ok(Math.abs(report.lrLimit - limit) < 1e-3 * limit, `the limit is the command line's ${limit}: ${report.lrLimit}`);
  assert.ok(status.includes(`below ${+report.lrLimit.toPrecision(3)} (say ${+(report.lrLimit / 2).toPrecision(3)}), would have been stable`), status);
  assert.equal((await h.counters(page)).total.value, report.step);
  assert.ok(await page.getByRole('button', { name: 'Step', exact: true }).isDisabled());
  // The run from the start at lr 10 diverges where the command line says.
  await h.setField(page, 'lr', '10');
  await h.press(page, 'Reset');
  await runUntilStopped(page);
  assert.equal((await h.counters(page)).total.value, step);
  assert.match(await page.locator('#status').textContent(), new RegExp(`diverged at step ${step}\\b.*below ${+limit.toPrecision(3)}`));
  assert.deepEqual(await page.evaluate(() => window.__nonFinite), [], 'nothing non-finite was drawn');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a huge outlier: stops at the first minibatch that holds it, says no learning rate helps, draws no NaN', async () => {
  const cli = h.cliRun(['--seed', '0', '--outlier', '{"index": 5, "value": 1e200}']);
  assert.equal(cli.status, 1);
  const step = Number(cli.stderr.match(/diverged at step (\d+)/)[1]);
  assert.match(cli.stderr, /The learning rate is not the cause/);
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#outlier=5,1e200` });
  await page.addInitScript(watchDrawing);
  await page.reload();
  await page.waitForSelector('body.is-ready');
  await runUntilStopped(page);
  const status = await page.locator('#status').textContent();
  assert.match(status, new RegExp(`^Training diverged at step ${step}: the loss stopped being a finite number`));
  assert.match(status, /The learning rate is not the cause: .*the largest \|label\| is 1e\+200.*no smaller learning rate would help/);
  assert.equal((await h.counters(page)).total.value, step);
  assert.ok(await page.getByRole('button', { name: 'Step', exact: true }).isDisabled());
  // The last step, in numbers: the update was not applied (the inspector says so), nothing NaN drawn.
  assert.deepEqual(await page.evaluate(() => window.__nonFinite), [], 'nothing non-finite was drawn');
  assert.deepEqual(problems, []);
  await context.close();
});
