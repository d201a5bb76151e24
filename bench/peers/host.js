// Runs one JavaScript peer behind the benchmark's line protocol (see native/peer_protocol.hpp):
//   node peers/host.js NAME      NAME: wasm-epoch | wasm-step | wasm-page | js | tfjs
// One JSON request per line on stdin, one JSON reply per line on stdout.
'use strict';

const readline = require('node:readline');

const PEERS = {
  'wasm-epoch': () => require('./wasm.js').create('epoch'),
  'wasm-step': () => require('./wasm.js').create('step'),
  'wasm-page': () => require('./wasm.js').create('page'),
  js: () => require('./plain.js').create(),
  tfjs: () => require('./tfjs.js').create(),
};

async function main() {
  const name = process.argv[2];
  if (!PEERS[name]) throw new Error(`unknown peer '${name}'; one of ${Object.keys(PEERS).join(', ')}`);
  const peer = await PEERS[name]();
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    let reply;
    try {
      const req = JSON.parse(line);
      if (req.cmd === 'quit') break;
      if (req.cmd === 'setup') {
        const t0 = process.hrtime.bigint();
        await peer.setup(req);
        reply = { ok: true, setup_seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
      } else if (req.cmd === 'run') {
        const t0 = process.hrtime.bigint();
        peer.runEpochs(req.epochs);
        reply = { seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
      } else if (req.cmd === 'error') {
        reply = peer.error();
      } else if (req.cmd === 'breakdown') {
        reply = peer.breakdown ? peer.breakdown() : {};
      } else {
        reply = { fatal: `unknown command ${req.cmd}` };
      }
    } catch (e) {
      reply = { fatal: String(e && e.stack ? e.stack : e) };
    }
    process.stdout.write(JSON.stringify(reply) + '\n');
  }
  if (peer.free) peer.free();
  process.exit(0);
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ fatal: String(e && e.stack ? e.stack : e) }) + '\n');
  process.exit(1);
});
