// The development server (scripts/serve.js): no request stops it, it serves the page's files and
// nothing else of the checkout, and its responses carry the page's security headers.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const path = require('node:path');
const { startServer } = require('../../scripts/serve.js');

let server;
before(async () => {
  server = await startServer(path.resolve(__dirname, '..', '..'), 0);
});
after(async () => server && server.close());

// A raw GET of `target` exactly as written (fetch would normalize the path first).
function get(target) {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    http.get({ hostname, port, path: target }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    }).on('error', reject);
  });
}

test('a path with a NUL byte is refused and the server goes on', async () => {
  for (const target of ['/index.html%00', '/%00', '/web/%00/x.js']) {
    assert.equal((await get(target)).status, 400, target);
  }
  assert.equal((await get('/index.html')).status, 200, 'still serving');
});

test('hidden files, build trees and node_modules are not served; paths cannot leave the root', async () => {
  for (const target of ['/.git/HEAD', '/.ci/run', '/web/../.git/config', '/build/linreg', '/build-wasm/CMakeCache.txt',
    '/node_modules/uplot/package.json', '/%2e%2e/etc/passwd', '/..%2f..%2fetc/passwd']) {
    const { status } = await get(target);
    assert.ok(status === 404 || status === 403, `${target}: ${status}`);
  }
});

test("the page's files carry its Content-Security-Policy (the worker's script too) and nosniff", async () => {
  for (const target of ['/', '/index.html', '/web/dist/worker.js', '/web/dist/page.js']) {
    const { status, headers } = await get(target);
    assert.equal(status, 200, target);
    assert.equal(headers['x-content-type-options'], 'nosniff', target);
    const csp = headers['content-security-policy'] || '';
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/, target);
    assert.match(csp, /frame-ancestors http:\/\/127\.0\.0\.1:\* http:\/\/localhost:\*/, target);
  }
  assert.equal((await get('/nothing-here.js')).headers['x-content-type-options'], 'nosniff');
});
