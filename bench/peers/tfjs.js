// Peer "TensorFlow.js": the same minibatch SGD with @tensorflow/tfjs on its WebAssembly backend
// (single thread, like every other peer). Per minibatch: gather the rows, then two matrix
// products (y_hat = Xb w + b, dL/dw = Xb^T r / m), the fastest straightforward way in tfjs (no
// autograd tape). TensorFlow.js has no float64: it computes in float32.
'use strict';

const path = require('node:path');

function requireTf() {
  const modules = path.join(__dirname, '..', 'node_modules');
  try {
    return {
      tf: require(path.join(modules, '@tensorflow', 'tfjs')),
      wasm: require(path.join(modules, '@tensorflow', 'tfjs-backend-wasm')),
    };
  } catch (e) {
    throw new Error('TensorFlow.js is not installed: run `npm install --prefix bench` (bench/run.sh does)');
  }
}

function gaussian() {  // Box-Muller
  let u = 0;
  while (u === 0) u = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
}

async function create() {
  const { tf, wasm } = requireTf();
  wasm.setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not initialize');
  await tf.ready();

  let n, d, bs, lr, X, y, w, b, trueW, trueB;
  const dispose = () => { for (const t of [X, y, w, b]) if (t) t.dispose(); };

  return {
    setup(c) {
      dispose();
      ({ n, d } = c);
      bs = c.batch_size;
      lr = c.lr;
      trueW = Float64Array.from(c.w);
      trueB = c.b;
      const Xv = new Float32Array(n * d);
      const yv = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let dot = 0;
        for (let j = 0; j < d; j++) {
          const x = gaussian();
          Xv[i * d + j] = x;
          dot += x * trueW[j];
        }
        yv[i] = dot + trueB + c.noise * gaussian();
      }
      X = tf.tensor2d(Xv, [n, d]);
      y = tf.tensor2d(yv, [n, 1]);
      w = tf.variable(tf.randomNormal([d, 1], 0, 0.01));
      b = tf.variable(tf.scalar(0));
    },
    runEpochs(epochs) {
      for (let e = 0; e < epochs; e++) {
        const order = tf.util.createShuffledIndices(n);  // Fisher-Yates, Uint32Array
        for (let start = 0; start < n; start += bs) {
          const end = Math.min(start + bs, n);
          tf.tidy(() => {
            const rows = tf.tensor1d(Int32Array.from(order.subarray(start, end)), 'int32');
            const Xb = tf.gather(X, rows);
            const yb = tf.gather(y, rows);
            const r = tf.sub(tf.add(tf.matMul(Xb, w), b), yb);              // y_hat - y
            const gw = tf.mul(tf.matMul(Xb, r, true, false), lr / (end - start));
            w.assign(tf.sub(w, gw));
            b.assign(tf.sub(b, tf.mul(tf.mean(r), lr)));
          });
        }
      }
      w.dataSync();  // every queued kernel has run
    },
    error() {
      const wv = w.dataSync();
      let ew = 0;
      for (let j = 0; j < d; j++) ew = Math.max(ew, Math.abs(wv[j] - trueW[j]));
      return { error_w: ew, error_b: Math.abs(b.dataSync()[0] - trueB) };
    },
    free: dispose,
  };
}

module.exports = { create };
