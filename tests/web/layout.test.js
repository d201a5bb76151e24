// One screen for the mechanics, checked by geometry (bounding boxes in the viewport, widths against
// content), not by presence: at 1280x800 after one Step the controls, both plots and the last-step
// strip are on screen; at 390x844 the control bar stays on screen with the plots; the inspector
// comes right after the plots; the settings are grouped by the schema's groups with the fields
// that do not apply hidden; the lr slider and its 2/lambda_max mark; "Ready" against "Paused";
// the fitted line's contrast in both themes. Screenshots in English and Chinese, light and dark.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

// Rectangles of elements, in viewport coordinates, with the viewport's size and the scroll.
function boxes(page, selectors) {
  return page.evaluate((list) => {
    const out = { vw: innerWidth, vh: innerHeight, scrollY };
    for (const [name, sel] of Object.entries(list)) {
      const r = document.querySelector(sel).getBoundingClientRect();
      out[name] = { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
    }
    return out;
  }, selectors);
}

function assertInside(b, name) {
  const r = b[name];
  assert.ok(r.height > 0 && r.width > 0, `${name} is shown`);
  assert.ok(r.top >= -0.5 && r.bottom <= b.vh + 0.5 && r.left >= -0.5 && r.right <= b.vw + 0.5,
    `${name} (${Math.round(r.left)},${Math.round(r.top)})-(${Math.round(r.right)},${Math.round(r.bottom)}) is inside the ${b.vw}x${b.vh} viewport`);
}

// Visible controls whose content is wider than the control (a cut label).
function narrowControls(page) {
  return page.evaluate(() => {
    const out = [];
    for (const c of document.querySelectorAll('button, select, summary, .btn, a.last-step-link')) {
      if (c.getClientRects().length === 0 || c.closest('[hidden], .embed-hidden, dialog:not([open])')) continue;
      const label = c.querySelector('.label') || c;
      const inner = c.clientWidth - parseFloat(getComputedStyle(c).paddingLeft) - parseFloat(getComputedStyle(c).paddingRight);
      if (c.scrollWidth > c.clientWidth + 1 || (label !== c && label.getBoundingClientRect().width > inner + 1)) {
        out.push(`${c.dataset.action || c.dataset.tool || c.id || c.className || c.tagName}: ${c.textContent.trim().slice(0, 30)} (${c.clientWidth} px)`);
      }
    }
    return out;
  });
}

const WIDE = { step: '[data-action="step"]', run: '[data-action="run"]', phase: '[data-action="step-phase"]', data: '#chart-data', loss: '#chart-loss', strip: '#last-step' };

test('1280x800, after one Step: the controls, the data plot, the loss plot and the last-step strip are on screen', async () => {
  const { page, context, problems } = await h.openPage(env, { width: 1280, height: 800 });
  await page.locator('[data-action="step"]').click();
  await page.waitForFunction(() => document.querySelector('[data-counter="total"]').dataset.value === '1');
  const b = await boxes(page, WIDE);
  assert.equal(b.scrollY, 0, 'nothing scrolled');
  for (const name of Object.keys(WIDE)) assertInside(b, name);
  // The strip writes out the same update as the inspector, with the parameters the page shows.
  const strip = await page.evaluate(() => {
    const text = (sel) => document.querySelector(sel).textContent.replace(/\s+/g, ' ').trim();
    return {
      w1: text('#last-step [data-part="strip-updates"] [data-param="w1"]'),
      inspectorW1: text('#inspector [data-part="updates"] [data-param="w1"]'),
      b: text('#last-step [data-part="strip-updates"] [data-param="b"]'),
      gradB: text('#last-step [data-part="strip-gradient"] [data-param="b"]'),
      inspectorGradB: text('#inspector [data-part="gradient"] [data-param="b"]'),
      summary: text('[data-part="strip-summary"]'),
    };
  });
  const p = await h.shownParams(page);
  assert.equal(strip.w1, strip.inspectorW1);
  assert.equal(strip.gradB, strip.inspectorGradB);
  const after = (line) => Number(line.split('=').pop().replace('\u2212', '-'));
  assert.ok(Math.abs(after(strip.w1) - p.w[0]) < 1e-4, `${strip.w1} ends at w1 = ${p.w[0]}`);
  assert.ok(Math.abs(after(strip.b) - p.b) < 1e-4, `${strip.b} ends at b = ${p.b}`);
  assert.match(strip.summary, /^Step 1: minibatch 1 of 32 in epoch 1, 32 examples, minibatch loss \d/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('1280x800: the inspector comes right after the plots; Parameters and Estimates share a row', async () => {
  const { page, context } = await h.openPage(env, { width: 1280, height: 800 });
  const b = await boxes(page, {
    data: '[data-card="data"]', params: '[data-card="params"]', readouts: '#readouts', inspector: '#inspector',
    landscape: '#landscape', closed: '#closed-form', sweep: '#sweep', code: '#code', main: '#more-plots',
  });
  for (const later of ['landscape', 'closed', 'sweep', 'code']) {
    assert.ok(b.inspector.bottom <= b[later].top, `the inspector is above ${later}`);
  }
  assert.ok(b.params.bottom <= b.inspector.top);
  assert.equal(Math.round(b.params.top), Math.round(b.readouts.top), 'Parameters and Estimates on one row');
  assert.ok(Math.abs(b.params.left - b.main.left) < 1 && Math.abs(b.readouts.right - b.main.right) < 1, 'the row is full');
  assert.ok(b.closed.top === b.sweep.top, 'the closed form beside the sweep');
  await context.close();
});

test('390x844: the control bar stays on screen with the data plot and the loss plot, which follow it', async () => {
  const { page, context, problems } = await h.openPage(env, { width: 390, height: 844 });
  let b = await boxes(page, { bar: '#transport', data: '#chart-data', settings: '#settings', exercises: '#exercises' });
  assert.ok(b.data.top < b.vh, `the data plot starts on the first screen (${Math.round(b.data.top)} < ${b.vh})`);
  assert.ok(b.data.top >= b.bar.bottom, 'after the control bar');
  assert.ok(b.settings.top > b.data.bottom && b.exercises.top > b.data.bottom, 'the exercises and settings come after the plots');
  await page.locator('[data-action="step"]').click();
  for (const plot of ['#chart-data', '#chart-loss', '#last-step']) {
    await page.evaluate((sel) => document.querySelector(sel).scrollIntoView({ block: 'start' }), plot);
    await page.waitForTimeout(50);
    b = await boxes(page, { step: '[data-action="step"]', plot, bar: '#transport' });
    assert.ok(b.scrollY > 0, 'the page scrolled');
    assertInside(b, 'step');
    assertInside(b, 'plot');
    assert.ok(b.plot.top >= b.bar.bottom - 0.5, `${plot} is not under the bar (${Math.round(b.plot.top)} >= ${Math.round(b.bar.bottom)})`);
  }
  // The loss plot follows the data plot directly.
  b = await boxes(page, { data: '[data-card="data"]', loss: '[data-card="loss"]' });
  assert.ok(b.loss.top - b.data.bottom < 20, 'the loss plot follows the data plot');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the control bar stays sticky at 600 px and on a desktop', async () => {
  for (const [width, height] of [[600, 900], [1280, 800]]) {
    const { page, context } = await h.openPage(env, { width, height });
    await page.evaluate(() => window.scrollTo(0, 1500));
    const b = await boxes(page, { step: '[data-action="step"]', bar: '#transport' });
    assert.ok(b.scrollY >= 1400, `${width} px: scrolled`);
    assertInside(b, 'step');
    assert.ok(Math.abs(b.bar.top) < 1, `${width} px: the bar sits at the top (${b.bar.top})`);
    await context.close();
  }
});

test('no visible control is narrower than its content, in English and Chinese, at 1280 and 390 px', async () => {
  const failures = [];
  for (const lang of ['en', 'zh']) {
    for (const [width, height] of [[1280, 800], [390, 844]]) {
      const { page, context } = await h.openPage(env, { width, height, url: `${env.url}#lang=${lang}` });
      await page.locator('[data-action="step"]').click();
      for (const c of await narrowControls(page)) failures.push(`${lang} ${width} px: ${c}`);
      await context.close();
    }
  }
  assert.deepEqual(failures, []);
});

test("settings: the schema's groups in order, the exercises' extras behind a disclosure, fields that do not apply hidden", async () => {
  const { page, context, problems } = await h.openPage(env);
  const seen = await page.evaluate(async () => {
    const api = await window.LinReg.load();
    const groups = Array.from(document.querySelectorAll('#settings fieldset[data-group]'), (f) => f.dataset.group);
    const misplaced = api.schema().fields.filter((f) => document.querySelector(`#setting-${f.key}`).closest('fieldset').dataset.group !== f.group);
    const shown = (key) => document.querySelector(`.field[data-key="${key}"]`).checkVisibility();
    return {
      groups, misplaced: misplaced.map((f) => f.key), open: document.querySelector('[data-part="exercise-settings"]').open,
      firstThree: Array.from(document.querySelectorAll('#settings .field[data-key]'), (f) => f.dataset.key).slice(0, 3),
      lrShown: shown('lr'), lossShown: shown('loss'),
    };
  });
  assert.deepEqual(seen.groups, ['training', 'data', 'exercise']);
  assert.deepEqual(seen.misplaced, []);
  assert.equal(seen.open, false, "the exercises' extras start closed");
  assert.deepEqual(seen.firstThree, ['lr', 'batch_size', 'max_epochs'], "the book's hyperparameters first");
  assert.ok(seen.lrShown && !seen.lossShown);
  await page.locator('[data-part="exercise-settings"] summary').click();
  const hidden = (key) => page.locator(`.field[data-key="${key}"]`).isHidden();
  assert.ok(await hidden('resistance'), 'resistance is hidden with the synthetic data');
  assert.ok(await hidden('huber_delta'), "Huber's delta is hidden with the squared loss");
  assert.ok(!(await hidden('dataset')));
  await page.locator('#setting-dataset').selectOption('ohm');
  assert.ok(!(await hidden('resistance')), "resistance is shown for Ohm's law");
  await page.locator('#setting-loss').selectOption('huber');
  assert.ok(!(await hidden('huber_delta')), "Huber's delta is shown for Huber's loss");
  assert.deepEqual(problems, []);
  await context.close();
  // A link that sets one of the extras opens them: a setting in use is never out of sight.
  const linked = await h.openPage(env, { url: `${env.url}#loss=absolute` });
  assert.equal(await linked.page.locator('[data-part="exercise-settings"]').evaluate((d) => d.open), true);
  assert.ok(await linked.page.locator('#setting-loss').isVisible());
  await linked.context.close();
});

test('lr: a log-scale slider beside the number, with 2/lambda_max marked on its track', async () => {
  const { page, context, problems } = await h.openPage(env);
  const read = () => page.evaluate(() => {
    const range = document.querySelector('[data-part="lr-slider"]');
    const mark = document.querySelector('[data-part="lr-slider-limit"]').getBoundingClientRect();
    const track = range.getBoundingClientRect();
    return {
      value: Number(range.value), min: Number(range.min), max: Number(range.max), text: document.querySelector('#setting-lr').value,
      limit: Number(document.querySelector('[data-part="lr-limit"]').dataset.limit),
      markX: mark.left + mark.width / 2, trackLeft: track.left, trackWidth: track.width,
    };
  });
  let s = await read();
  assert.ok(Math.abs(10 ** s.value - 0.03) < 0.003, `the slider starts at lr = 0.03 (${10 ** s.value})`);
  // The mark: where the limit sits on the log scale, with the thumb's 16 px kept off both ends.
  const f = (Math.log10(s.limit) - s.min) / (s.max - s.min);
  assert.ok(Math.abs(s.markX - (s.trackLeft + 8 + f * (s.trackWidth - 16))) < 1.5, `the mark at 2/lambda_max = ${s.limit}`);
  // Typing still works, and moves the slider.
  await page.locator('#setting-lr').fill('0.3');
  await page.locator('#setting-lr').press('Enter');
  await page.waitForFunction(() => Math.abs(10 ** Number(document.querySelector('[data-part="lr-slider"]').value) - 0.3) < 0.02);
  // The slider, moved with the keyboard, sets lr for the run (one step: a 24th of a decade): the
  // whole run is recomputed with it (tests/web/touch.test.js), so the last step shown used it.
  await page.locator('[data-part="lr-slider"]').focus();
  await page.keyboard.press('ArrowRight');
  s = await read();
  const lr = Number(s.text);
  assert.ok(lr > 0.3 && lr < 0.4, `lr ${s.text}`);
  const used = await page.evaluate(() => document.querySelector('#inspector [data-part="updates"] [data-param="b"]').textContent);
  assert.ok(used.includes(`\u2212 ${lr} \u00d7`), `the step used lr = ${lr}: ${used}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Ready" before Run and after manual steps; "Paused" only after Run was stopped', async () => {
  const { page, context } = await h.openPage(env);
  const status = () => page.locator('#status').textContent();
  assert.match(await status(), /^Ready\./);
  await page.locator('[data-action="step"]').click();
  assert.equal(await status(), 'Ready for step 2. Step, Epoch or Run trains on.');
  await page.locator('[data-action="epoch"]').click();
  await page.waitForFunction(() => document.querySelector('[data-counter="step"]').dataset.value === '0');
  assert.equal(await status(), 'Ready for step 33. Step, Epoch or Run trains on.');
  await page.locator('[data-control="speed"]').selectOption('2');
  await page.locator('[data-action="run"]').click();
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Running'));
  await page.locator('[data-action="run"]').click();
  assert.equal(await status(), 'Paused.');
  await page.locator('[data-action="step"]').click();
  assert.match(await status(), /^Ready for step \d+\./);
  await context.close();
});

// WCAG's relative luminance and contrast ratio of two 'rgb(r, g, b)' colours.
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('the fitted line stands out in both themes; screenshots at 1280x800 and 390x844, light and dark, English and Chinese', async () => {
  for (const theme of ['light', 'dark']) {
    for (const lang of ['en', 'zh']) {
      for (const [width, height] of [[1280, 800], [390, 844]]) {
        const { page, context, problems } = await h.openPage(env, { width, height, url: `${env.url}#lang=${lang}&theme=${theme}` });
        await page.locator('[data-action="step"]').click();
        const c = await page.evaluate(() => {
          const markers = document.querySelectorAll('#chart-data .u-legend .u-series .u-marker');
          const card = getComputedStyle(document.querySelector('[data-card="data"]')).backgroundColor;
          return { fit: getComputedStyle(markers[3]).borderColor, points: getComputedStyle(markers[1]).borderColor, card };
        });
        assert.ok(contrast(c.fit, c.card) >= 4.5, `${theme}: the fitted line ${c.fit} on ${c.card}: ${contrast(c.fit, c.card).toFixed(2)}`);
        assert.ok(contrast(c.fit, c.points) >= 1.5, `${theme}: the fitted line ${c.fit} against the points ${c.points}`);
        await page.screenshot({ path: h.screenshotPath(`layout-${lang}-${theme}-${width}x${height}.png`) });
        assert.deepEqual(problems, []);
        await context.close();
      }
    }
  }
});
