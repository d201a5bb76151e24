// Peers "wasm epoch", "wasm step" and "wasm page": the project's WebAssembly module through its JS
// API (web/linreg-api.js), as the page uses it.
//   epoch: trainer.epoch(), one call per epoch (the whole loop runs inside wasm);
//   step:  trainer.step() per minibatch (the bare step; it returns the minibatch record);
//   page:  per minibatch the calls the page makes (web/session.js, Session.step): step(), whose
//          record is the last-minibatch summary the page shows, then state() (the parameters,
//          counters and errors; readState).  The page does not call lastBatch() per step.
// The module is web/dist/linreg.{js,wasm}, or LINREG_WASM_DIST=DIR for another build of it (with
// its API in DIR/../linreg-api.js).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

async function loadApi() {
  const dist = process.env.LINREG_WASM_DIST || path.join(ROOT, 'web', 'dist');
  const js = path.join(dist, 'linreg.js');
  const wasm = path.join(dist, 'linreg.wasm');
  for (const f of [js, wasm]) if (!fs.existsSync(f)) throw new Error(`${f} is missing: build the wasm module`);
  // The JS API next to the build (web/linreg-api.js for web/dist; a variant's own copy).
  return require(path.join(dist, 'linreg-api.cjs')).load({
    factory: require(js),
    moduleOptions: { wasmBinary: fs.readFileSync(wasm) },
  });
}

async function create(mode) {
  const api = await loadApi();
  let trainer = null;
  let sink = 0;  // keeps what the page reads alive

  return {
    setup(c) {
      if (trainer) trainer.delete();
      trainer = api.create({
        w: c.w, b: c.b, noise: c.noise, num_train: c.n, num_val: 0, batch_size: c.batch_size,
        lr: c.lr, max_epochs: 1000000, sigma: 0.01, seed: c.seed, shuffle: true, gradient_clip_val: 0,
      });
    },
    runEpochs(epochs) {
      if (mode === 'epoch') {
        for (let e = 0; e < epochs; e++) trainer.epoch();
        return;
      }
      const steps = epochs * trainer.state().numBatches;
      if (mode === 'step') {
        for (let s = 0; s < steps; s++) sink += trainer.step().loss;
      } else {
        for (let s = 0; s < steps; s++) {
          const last = trainer.step();
          const state = trainer.state();
          sink += last.wAfter[0] + last.bAfter + last.loss + state.w[0] + state.b + state.errorW[0];
        }
      }
    },
    error() {
      const s = trainer.state();
      return { error_w: Math.max(...Array.from(s.errorW, Math.abs)), error_b: Math.abs(s.errorB), sink: Number.isFinite(sink) };
    },
    free() { if (trainer) trainer.delete(); },
  };
}

module.exports = { create };
