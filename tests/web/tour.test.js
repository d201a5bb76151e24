// The guided tour (web/tour.js) in headless Chromium: walked from the first stop to the last with
// the keyboard alone (page.keyboard), checking at each stop that the part it outlines is on screen
// between the sticky control bar and the tour's panel (bounding boxes) and that the action asked
// for was seen in the run; #tour=N opens a stop and the link follows the tour; Leave (Escape) and
// Resume, across a reload; the Chinese text; the tour embedded alone (embed=1&tour=N) laid out at
// 390x844 and 1280x800. Screenshots of a few stops in light and dark, English and Chinese.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const tourState = (page) => page.evaluate(() => {
  const root = document.getElementById('tour');
  return {
    hidden: root.hidden, stop: root.dataset.stop, done: root.dataset.done, title: document.getElementById('tour-title').textContent,
    count: root.querySelector('[data-part="tour-count"]').textContent, ask: root.querySelector('[data-part="tour-ask"]').textContent,
    text: root.querySelector('[data-part="tour-text"]').textContent, code: root.querySelector('[data-part="tour-code"]').textContent,
    doneText: root.querySelector('[data-part="tour-done"]').textContent, live: document.querySelector('[data-part="tour-live"]').textContent,
    focus: document.activeElement ? (document.activeElement.id || document.activeElement.dataset.action || document.activeElement.tagName) : null,
    hash: location.hash,
  };
});

// The outlined part against the room between the sticky bar (when shown) and the tour's panel:
// its top edge inside, and as much of it shown as fits.
const placement = (page) => page.evaluate(() => {
  const targets = document.querySelectorAll('.tour-target');
  if (targets.length !== 1) return { error: `${targets.length} outlined parts` };
  const box = targets[0].getBoundingClientRect();
  const bar = document.getElementById('transport');
  const top = bar && !bar.classList.contains('embed-hidden') ? bar.getBoundingClientRect().bottom : 0;
  const panel = document.getElementById('tour').getBoundingClientRect();
  const bottom = Math.min(panel.top, innerHeight);
  const seen = Math.min(box.bottom, bottom) - Math.max(box.top, top);
  const outline = getComputedStyle(targets[0]);
  // A part taller than the room shows its anchor line (the code line the stop is about).
  const anchor = targets[0].querySelector('.tour-anchor');
  const a = anchor ? anchor.getBoundingClientRect() : null;
  return {
    top, bottom, box: { top: box.top, bottom: box.bottom, height: box.height, width: box.width }, seen,
    needed: Math.min(box.height, bottom - top) - 12, // (8 px of room left above it)
    outline: `${outline.outlineStyle} ${outline.outlineWidth}`,
    anchor: a && { top: a.top, bottom: a.bottom },
    panelOnScreen: panel.top >= 0 && panel.bottom <= innerHeight + 1 && panel.height > 40,
  };
});

const placed = (p) => (p.anchor
  ? p.anchor.top >= p.top - 1 && p.anchor.bottom <= p.bottom + 1
  : p.box.top >= p.top - 1 && p.box.top < p.bottom);

async function assertInView(page, label) {
  // Scrolling is smooth: wait for the part to come to rest where it should.
  let p;
  for (let i = 0; i < 40; ++i) {
    p = await placement(page);
    if (!p.error && placed(p) && p.seen >= p.needed) break;
    await page.waitForTimeout(100);
  }
  assert.ok(!p.error, `${label}: ${p.error}`);
  if (p.anchor) {
    assert.ok(p.anchor.top >= p.top - 1 && p.anchor.bottom <= p.bottom + 1, `${label}: the anchor line ${p.anchor.top}..${p.anchor.bottom} is outside ${p.top}..${p.bottom}`);
  } else {
    assert.ok(p.box.top >= p.top - 1 && p.box.top < p.bottom, `${label}: the outlined part's top ${p.box.top} is outside ${p.top}..${p.bottom}`);
  }
  assert.ok(p.seen >= p.needed, `${label}: only ${p.seen} px of the part shown, ${p.needed} fit`);
  assert.ok(p.box.width > 100 && p.box.height > 20, `${label}: the part is collapsed (${p.box.width}x${p.box.height})`);
  assert.match(p.outline, /^solid [3-9]/, `${label}: the part is outlined (${p.outline})`);
  assert.ok(p.panelOnScreen, `${label}: the tour's panel is on screen`);
  return p;
}

// The text says the number x (to the 6 significant digits the page writes).
function assertSays(text, x, what) {
  const numbers = (text.replace(/\u2212/g, '-').match(/-?\d[\d,]*(\.\d+)?(e[-+]?\d+)?/gi) || []).map((m) => Number(m.replace(/,/g, '')));
  assert.ok(numbers.some((v) => Math.abs(v - x) <= 1e-5 * Math.abs(x)), `${what} ${x} in "${text}"`);
}

// Presses Tab until the focused element matches `selector` (at most `limit` times).
async function tabTo(page, selector, limit = 40, key = 'Tab') {
  for (let i = 0; i < limit; ++i) {
    if (await page.evaluate((s) => Boolean(document.activeElement && document.activeElement.matches(s)), selector)) return;
    await page.keyboard.press(key);
  }
  assert.fail(`Tab never reached ${selector}`);
}

// The tour's "Go to ..." button, from the focused title.
async function goToControl(page) {
  await tabTo(page, '[data-action="tour-show"]', 6);
  await page.keyboard.press('Enter');
}

// Moves the landscape's start from the keyboard: the focused start handle (web/landscape.js), an
// arrow key that moves it, whose release keeps it.
async function moveStart(page) {
  const focused = await page.evaluate(() => ({ role: document.activeElement.getAttribute('role'), control: document.activeElement.dataset.control }));
  assert.deepEqual(focused, { role: 'slider', control: 'start' }, 'Go to focuses the start handle');
  await page.keyboard.press('ArrowRight');
}

// The tour's live region says `re` (the screen reader's announcement).
async function waitLive(page, re) {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-part="tour-live"]').textContent), re.source, { timeout: 5000 });
}

// The stop's action seen: its done message, or (on a slow machine) already the next stop, which
// the tour opens only after the action was seen.
const ORDER = ['data', 'model', 'loss', 'minibatch', 'gradient', 'update', 'epoch', 'validation'];
async function waitDone(page, id) {
  await page.waitForFunction(([stop, order]) => {
    const r = document.getElementById('tour');
    return (r.dataset.stop === stop && r.dataset.done === 'true') || order.indexOf(r.dataset.stop) > order.indexOf(stop);
  }, [id, ORDER], { timeout: 30000 });
}

// The tour went on by itself: the next stop, focus on its title.
async function waitStop(page, id) {
  await page.waitForFunction((stop) => document.getElementById('tour').dataset.stop === stop && document.activeElement.id === 'tour-title',
    id, { timeout: 10000 });
}

test('the tour, walked from the first stop to the last with the keyboard alone', async () => {
  const { page, context, problems } = await h.openPage(env);
  await tabTo(page, '[data-action="tour"]');
  await page.keyboard.press('Enter');
  await waitStop(page, 'data');
  let s = await tourState(page);
  assert.equal(s.count.includes('1') && s.count.includes('8'), true, s.count);
  assert.match(s.code, /SyntheticRegressionData\(w=d2l\.tensor\(\[2, -3\.4\]\), b=4\.2\)/);
  assert.match(s.text, /1,000 training and 1,000 validation/);
  assert.match(s.hash, /(^|[#&])tour=1(&|$)/);
  await assertInView(page, 'data');

  // 1. The data: the other feature, from the Feature menu.
  await goToControl(page);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.control), 'feature');
  await page.keyboard.press('ArrowUp');
  await waitDone(page, 'data');
  assert.match((await tourState(page)).doneText, /x\u2081.*2/);
  await waitLive(page, /^Done\. The plot now shows/);

  // 2. The model: the start moved from the keyboard.
  await waitStop(page, 'model');
  s = await tourState(page);
  assert.match(s.code, /self\.w = d2l\.normal\(0, sigma, \(num_inputs, 1\), requires_grad=True\)/);
  assert.match(s.code, /return d2l\.matmul\(X, self\.w\) \+ self\.b/);
  await assertInView(page, 'model');
  const before = await page.evaluate(() => JSON.stringify([LinRegPage.controller.config.init_w, LinRegPage.controller.config.init_b]));
  await goToControl(page);
  await moveStart(page);
  await waitDone(page, 'model');
  const moved = await page.evaluate(() => JSON.stringify([LinRegPage.controller.config.init_w, LinRegPage.controller.config.init_b]));
  assert.notEqual(moved, before, 'the run starts from the moved start');

  // 3. The loss: Phase twice (the forward pass, the loss), keys pressed with the tour focused.
  await waitStop(page, 'loss');
  assert.match((await tourState(page)).code, /l = \(y_hat - y\) \*\* 2 \/ 2/);
  await assertInView(page, 'loss');
  await page.keyboard.press('p');
  await page.keyboard.press('p');
  await waitDone(page, 'loss');
  const pendingLoss = await page.evaluate(() => LinRegPage.controller.session.pending.loss);
  assertSays((await tourState(page)).doneText, pendingLoss, 'the minibatch\'s loss');

  // 4. One minibatch: Step finishes it.
  await waitStop(page, 'minibatch');
  await waitLive(page, /^Tour, stop 4 of 8: One minibatch\. Your turn: finish the step with Step \(S\)\.$/);
  await assertInView(page, 'minibatch');
  await page.keyboard.press('s');
  await waitDone(page, 'minibatch');
  assert.equal((await h.counters(page)).total.value, 1);

  // 5. Its gradient: Phase until backward() ran (forward, loss, zero_grad, gradient).
  await waitStop(page, 'gradient');
  assert.match((await tourState(page)).code, /loss\.backward\(\)/);
  await assertInView(page, 'gradient');
  for (let i = 0; i < 4; ++i) await page.keyboard.press('p');
  await waitDone(page, 'gradient');
  assert.equal(await page.evaluate(() => LinRegPage.controller.session.phaseDone), 'gradient');

  // 6. The update: the lr slider, raised past 2/lambda_max.
  await waitStop(page, 'update');
  s = await tourState(page);
  assert.match(s.code, /param -= self\.lr \* param\.grad/);
  await assertInView(page, 'update');
  await goToControl(page);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.part), 'lr-slider');
  await page.keyboard.press('End');
  await waitDone(page, 'update');
  const { lr, limit } = await page.evaluate(() => ({
    lr: LinRegPage.controller.config.lr, limit: Number(document.querySelector('[data-part="lr-limit"]').dataset.limit),
  }));
  assert.ok(lr > limit, `lr ${lr} above the limit ${limit}`);

  // 7. An epoch (E): above the limit, it diverges, and the tour says so.
  await waitStop(page, 'epoch');
  assert.match((await tourState(page)).ask, /grow/);
  await assertInView(page, 'epoch');
  await page.keyboard.press('e');
  await waitDone(page, 'epoch');
  s = await tourState(page);
  const state = await page.evaluate(() => ({ diverged: LinRegPage.controller.session.state.diverged, epoch: LinRegPage.controller.session.state.epoch }));
  assert.ok(state.diverged || state.epoch === 1, 'an epoch taken or the run diverged');

  // 8. Validation: lr back below the limit (the slider), T back to the tour, Reset (0), Run (R).
  await waitStop(page, 'validation');
  assert.match((await tourState(page)).code, /self\.model\.validation_step\(self\.prepare_batch\(batch\)\)/);
  await assertInView(page, 'validation');
  await goToControl(page);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.part), 'lr-slider');
  // Down until the run (shown whole while the slider moves) converges, or to lr = 0.05.
  const lowered = () => page.evaluate(() => LinRegPage.controller.config.lr <= 0.05 || document.getElementById('tour').dataset.done === 'true');
  for (let i = 0; i < 200 && !(await lowered()); ++i) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('t');
  assert.equal((await tourState(page)).focus, 'tour-title');
  // The slider scrubs: the whole run at the lower lr is shown at once, to its end (web/scrub.js);
  // a run that still can step is reset and run with the keys the stop names.
  if ((await tourState(page)).done !== 'true') {
    assert.match((await tourState(page)).ask, /Run \(R\)/);
    await page.keyboard.press('0');
    await page.keyboard.press('r');
  }
  await waitDone(page, 'validation');
  s = await tourState(page);
  const valLoss = await page.evaluate(() => LinRegPage.controller.session.epochs.valLoss);
  assert.equal(valLoss.length, 3, s.doneText);
  assertSays(s.doneText, valLoss[2], 'the last validation loss');
  await waitLive(page, /^Done\. Validation loss .*last stop/);

  // Finish: closed, nothing left to resume, focus back on the tour button.
  await tabTo(page, '[data-action="tour-next"]', 8);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Finish');
  await page.keyboard.press('Enter');
  s = await tourState(page);
  assert.equal(s.hidden, true);
  assert.equal(s.focus, 'tour');
  assert.doesNotMatch(s.hash, /tour=/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('linreg-tour-stop')), null);
  assert.equal(await page.locator('[data-action="tour"] .label').textContent(), 'Tour of the section');
  assert.equal(await page.locator('.tour-target').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('#tour=3 opens the third stop; the link follows the tour, and a changed link moves it', async () => {
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#tour=3` });
  await waitStop(page, 'loss');
  let s = await tourState(page);
  assert.equal(s.hidden, false);
  assert.equal(s.title, 'The loss');
  assert.match(s.count, /stop 3 of 8/);
  await assertInView(page, '#tour=3');
  assert.equal(await page.getAttribute('[data-action="tour"]', 'aria-expanded'), 'true');
  // Next: the link says stop 4.
  await tabTo(page, '[data-action="tour-next"]', 8);
  await page.keyboard.press('Enter');
  await waitStop(page, 'minibatch');
  await page.waitForFunction(() => /(^|[#&])tour=4(&|$)/.test(location.hash));
  // A changed link: stop 7.
  await page.evaluate(() => { location.hash = '#tour=7'; });
  await waitStop(page, 'epoch');
  await assertInView(page, 'epoch');
  // A stop that is not one: said, with the rule; the page opens without the tour.
  const bad = await h.openPage(env, { url: `${env.url}#tour=9` });
  assert.match(await bad.page.locator('#notices').textContent(), /tour.*9.*1 to 8/s);
  assert.equal((await tourState(bad.page)).hidden, true);
  await bad.context.close();
  s = await tourState(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Leave (Escape) closes the tour and the tour button resumes it at the same stop, also after a reload', async () => {
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#tour=2` });
  await waitStop(page, 'model');
  await tabTo(page, '[data-action="tour-next"]', 8);
  await page.keyboard.press('Enter');
  await waitStop(page, 'loss');
  await page.keyboard.press('Escape');
  let s = await tourState(page);
  assert.equal(s.hidden, true);
  assert.equal(s.focus, 'tour', 'focus back on the tour button');
  await waitLive(page, /^Tour left at stop 3 of 8/);
  assert.doesNotMatch(s.hash, /tour=/);
  assert.equal(await page.locator('.tour-target').count(), 0, 'no part left outlined');
  assert.equal(await page.locator('[data-action="tour"] .label').textContent(), 'Resume the tour (3/8)');
  assert.equal(await page.evaluate(() => document.body.classList.contains('tour-open')), false);
  // The page's keys work as before: Escape in a field does not reopen or close anything.
  await page.reload();
  await page.waitForSelector('body.is-ready');
  assert.equal((await tourState(page)).hidden, true);
  assert.equal(await page.locator('[data-action="tour"] .label').textContent(), 'Resume the tour (3/8)');
  // T resumes it from the keyboard, where it was left.
  await page.keyboard.press('t');
  await waitStop(page, 'loss');
  assert.match((await tourState(page)).hash, /(^|[#&])tour=3(&|$)/);
  // Back, then Leave with its button.
  await tabTo(page, '[data-action="tour-back"]', 8);
  await page.keyboard.press('Enter');
  await waitStop(page, 'model');
  await tabTo(page, '[data-action="tour-leave"]', 12);
  await page.keyboard.press('Enter');
  assert.equal((await tourState(page)).hidden, true);
  assert.equal(await page.locator('[data-action="tour"] .label').textContent(), 'Resume the tour (2/8)');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the tour in Chinese', async () => {
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#lang=zh&tour=1` });
  await waitStop(page, 'data');
  const s = await tourState(page);
  assert.equal(s.title, '数据');
  assert.match(s.count, /第 1 站，共 8 站/);
  assert.match(s.text, /训练样本/);
  assert.match(s.ask, /特征/);
  assert.equal(await page.locator('[data-action="tour-next"]').textContent(), '下一站');
  assert.equal(await page.locator('[data-action="tour-show"]').textContent(), '转到“特征”菜单');
  assert.match(s.code, /SyntheticRegressionData/, 'the book\'s code stays as written');
  await page.screenshot({ path: h.screenshotPath('tour-zh-1280-data.png') });
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[data-action="tour"] .label').textContent(), '继续导览（1/8）');
  assert.deepEqual(problems, []);
  await context.close();
});

// The tour alone in an embed: the parts it does not use hidden, the rest laid out (no part
// collapsed, no sideways scroll), the panel and each stop's part on screen.
for (const [width, height] of [[390, 844], [1280, 800]]) {
  test(`the tour embedded alone (embed=1&tour=N) at ${width}x${height}`, async () => {
    const { page, context, problems } = await h.openPage(env, { width, height, url: `${env.url}#embed=1&tour=1` });
    await waitStop(page, 'data');
    const layout = await page.evaluate(() => {
      const hidden = (s) => Array.from(document.querySelectorAll(s)).every((e) => e.offsetParent === null || getComputedStyle(e).display === 'none');
      const size = (s) => {
        const e = document.querySelector(s);
        const r = e.getBoundingClientRect();
        return { w: r.width, h: r.height };
      };
      const fields = Array.from(document.querySelectorAll('#settings .field[data-key]')).filter((e) => e.offsetParent !== null).map((e) => e.dataset.key);
      return {
        hiddenParts: ['#exercises', '#buglab', '[data-card="closed-form"]', '[data-card="sweep"]', '#math', '[data-card="params"]', '#tools', '.site-header', '[data-action="tour"]', '[data-action="tour-leave"]'].filter(hidden),
        sizes: Object.fromEntries(['#transport', '[data-card="data"]', '[data-card="loss"]', '[data-card="landscape"]', '#inspector', '#code', '#readouts', '#last-step', '#settings'].map((s) => [s, size(s)])),
        fields,
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    assert.equal(layout.hiddenParts.length, 10, `hidden: ${layout.hiddenParts.join(', ')}`);
    for (const [part, { w, h: ht }] of Object.entries(layout.sizes)) assert.ok(w > 200 && ht > 30, `${part} collapsed: ${w}x${ht}`);
    assert.ok(layout.fields.includes('lr'), 'the lr field is shown');
    assert.ok(layout.fields.every((k) => ['lr', 'init_w', 'init_b'].includes(k)), `only the tour's settings: ${layout.fields}`);
    assert.ok(layout.overflow <= 0, `no sideways scroll (${layout.overflow} px)`);
    // Each stop's part on screen with the panel; Escape does not leave an embedded tour.
    for (const [n, id] of [[1, 'data'], [4, 'minibatch'], [6, 'update'], [8, 'validation']]) {
      await page.evaluate((k) => { location.hash = `#embed=1&tour=${k}`; }, n);
      await waitStop(page, id);
      await assertInView(page, `alone ${width}: ${id}`);
      if (id === 'update') await page.screenshot({ path: h.screenshotPath(`tour-alone-${width}-update.png`) });
    }
    await page.keyboard.press('Escape');
    assert.equal((await tourState(page)).hidden, false);
    assert.equal(await page.locator('[data-action="tour-next"]').isDisabled(), true, 'no Finish on the last stop of an embedded tour');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

const AXE_SOURCE = require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Serious and critical axe-core violations with the tour open (as tests/web/a11y.test.js runs it).
async function axeProblems(page) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'],
  }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.help}) at ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('; ')}`);
}

test('screenshots of stops in light, dark and forced colours; axe-core finds no serious violation with the tour open', async () => {
  const shots = [['light', 2, 1280, 800], ['dark', 5, 1280, 800], ['dark', 6, 390, 844], ['light', 3, 390, 844], ['forced', 4, 1280, 800]];
  for (const [scheme, n, width, height] of shots) {
    const options = scheme === 'forced' ? { forcedColors: 'active', colorScheme: 'light' } : { colorScheme: scheme };
    const { page, context, problems } = await h.openPage(env, { width, height, bypassCSP: true, ...options, url: `${env.url}#tour=${n}` });
    await page.waitForFunction(() => document.activeElement.id === 'tour-title');
    await assertInView(page, `${scheme} ${n}`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: h.screenshotPath(`tour-${scheme}-${width}-stop${n}.png`) });
    // (Not with forced colours, where the browser, not the page, chooses the colours axe would judge.)
    if (width === 1280 && scheme !== 'forced') assert.deepEqual(await axeProblems(page), [], `${scheme}, stop ${n}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
