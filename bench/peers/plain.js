// Peer "plain JS": minibatch SGD for linear regression written directly in JavaScript with
// Float64Array loops: Fisher-Yates shuffle with Math.random every epoch, then per minibatch the
// residual of each row (a dot product) and the gradient accumulated from the same row.
'use strict';

function gaussian() {  // Box-Muller
  let u = 0;
  while (u === 0) u = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
}

function create() {
  let n, d, bs, lr, X, y, w, b, gw, order, trueW, trueB;
  return {
    setup(c) {
      ({ n, d } = c);
      bs = c.batch_size;
      lr = c.lr;
      trueW = Float64Array.from(c.w);
      trueB = c.b;
      X = new Float64Array(n * d);
      y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let dot = 0;
        for (let j = 0; j < d; j++) {
          const x = gaussian();
          X[i * d + j] = x;
          dot += x * trueW[j];
        }
        y[i] = dot + trueB + c.noise * gaussian();
      }
      w = new Float64Array(d);
      for (let j = 0; j < d; j++) w[j] = 0.01 * gaussian();
      b = 0;
      gw = new Float64Array(d);
      order = new Int32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
    },
    runEpochs(epochs) {
      for (let e = 0; e < epochs; e++) {
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(Math.random() * (i + 1));
          const t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
        for (let start = 0; start < n; start += bs) {
          const end = Math.min(start + bs, n);
          gw.fill(0);
          let gb = 0;
          for (let k = start; k < end; k++) {
            const row = order[k];
            const off = row * d;
            let yHat = b;
            for (let j = 0; j < d; j++) yHat += X[off + j] * w[j];
            const r = yHat - y[row];
            for (let j = 0; j < d; j++) gw[j] += r * X[off + j];
            gb += r;
          }
          const scale = lr / (end - start);
          for (let j = 0; j < d; j++) w[j] -= scale * gw[j];
          b -= scale * gb;
        }
      }
    },
    error() {
      let ew = 0;
      for (let j = 0; j < d; j++) ew = Math.max(ew, Math.abs(w[j] - trueW[j]));
      return { error_w: ew, error_b: Math.abs(b - trueB) };
    },
  };
}

module.exports = { create };
