// The background trainer for large data sets (web/worker-run.js starts it): the same module and
// the same JavaScript API as the page, so a run here takes exactly the steps, and gives exactly the
// numbers, of a run on the main thread. The data is generated here and lives only in this
// worker's WebAssembly memory; the page gets a random sample of it, the last minibatch's rows, the
// parameters and the loss history, in compact messages (typed arrays, transferred).
//
// Messages in:  {type: 'start', config} | {type: 'reset', seed?} | {type: 'set', key, value}
//               {type: 'advance', steps, untilEpochEnd, budgetMs, feature} | {type: 'rows', feature}
//               {type: 'memory'}
// Messages out: {type: 'ready', ...} | {type: 'progress', ...} | {type: 'rows', rows}
//               {type: 'state', ...} | {type: 'memory', heapSize, heapInUse}
//               (the messages of web/backend.js's TrainerRun, which does the work here as it
//               does on the page)
//               {type: 'error', request, message}
// Every reply carries the request's `id`.
/* global importScripts */
// An ES module, bundled by scripts/bundle.js into web/dist/worker.js (a classic worker script, so
// it needs no module-worker support): the module's glue is the file beside that bundle.
import { TrainerRun } from './backend.js';
import { load } from './linreg-api.js';

importScripts('linreg-single.js');

let run = null; // the TrainerRun, once the module is loaded
const loading = load();

// The typed arrays of a reply, handed over rather than copied.
function transferables(reply) {
  const out = [];
  if (reply.type === 'ready') out.push(reply.data.rows.buffer, reply.data.X.buffer, reply.data.y.buffer, reply.data.means.buffer);
  if (reply.type === 'progress') {
    out.push(reply.history.step.buffer, reply.history.stepLoss.buffer, reply.params.steps.buffer, reply.params.values.buffer);
    if (reply.last) out.push(reply.last.rows.values.buffer);
  }
  if (reply.type === 'rows' && reply.rows) out.push(reply.rows.values.buffer);
  return out;
}

function answer(msg) {
  switch (msg.type) {
    case 'start': return run.start(msg.config); // throws the C++ message (the run stays as it was)
    case 'reset': return run.reset(msg.seed);
    case 'set': return run.set(msg.key, msg.value);
    case 'advance': return run.advance(msg);
    case 'rows': return { type: 'rows', rows: run.batchRows(msg.feature) };
    case 'memory': return { type: 'memory', heapSize: run.api.heapSize(), heapInUse: run.api.heapInUse() };
    default: throw new Error(`unknown message type '${msg.type}'`);
  }
}

// Requests are handled in order, each once the module is loaded; a failure is sent back as the
// same message the main thread would show.
let queue = Promise.resolve();
self.onmessage = (e) => {
  const msg = e.data;
  queue = queue.then(async () => {
    try {
      if (run === null) {
        run = new TrainerRun(await loading, 'worker');
        self.api = run.api; // the module's API, for the benchmark's reading of the worker's memory
      }
      const reply = Object.assign(answer(msg), { id: msg.id });
      postMessage(reply, transferables(reply));
    } catch (err) {
      postMessage({ type: 'error', id: msg.id, request: msg.type, message: err && err.message ? err.message : String(err) });
    }
  });
};
