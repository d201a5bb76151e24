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

// The options bench/plain-load.js uses: a probe put into every HTML file's <head>, nothing
// stored, and its own requests answered before the files; without them nothing changes.
test('htmlHead, noStore and handle: the benchmark\'s probe, and the files as they are without them', async () => {
  const root = path.resolve(__dirname, '..', '..');
  const body = (url) => new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    }).on('error', reject);
  });
  const probe = '<script src="/__probe.js"></script>';
  const seen = [];
  const bench = await startServer(root, 0, '127.0.0.1', {
    htmlHead: probe,
    noStore: true,
    handle: (req, res, pathname) => {
      seen.push(pathname);
      if (pathname !== '/__probe.js') return false;
      res.end('probe');
      return true;
    },
  });
  try {
    const page = await body(bench.url);
    assert.equal(page.status, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.ok(page.text.includes(`<head>${probe}`), 'the probe comes first in <head>');
    assert.equal((await body(`${bench.url}__probe.js`)).text, 'probe');
    const css = await body(`${bench.url}web/style.css`);
    assert.ok(!css.text.includes(probe), 'only HTML files get the probe');
    assert.deepEqual(seen, ['/', '/__probe.js', '/web/style.css']);
  } finally {
    await bench.close();
  }
  const plain = await body(server.url);
  assert.equal(plain.headers['cache-control'], 'no-cache');
  assert.ok(!plain.text.includes('__probe'), 'the default server adds nothing');
});
