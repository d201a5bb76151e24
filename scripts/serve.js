#!/usr/bin/env node
// A small static file server for the page (the repository root), localhost only.
//   node scripts/serve.js [--port N]      prints the URL and serves until Ctrl-C
// Also used by the browser tests: require('./serve.js').startServer(root, port), and by the
// benchmark's plain-browser loads (bench/plain-load.js) with options:
//   htmlHead: text put right after every HTML file's <head> (its probe script);
//   noStore: responses say Cache-Control: no-store (nothing kept between loads);
//   handle(req, res, pathname): answers a request itself when it returns true.
//
// It serves the page's files and nothing else of the checkout: no hidden file or folder (.git/),
// no build tree (build/, build-*/) and no node_modules/; a path it cannot read is a 404, a path
// it cannot even name (a NUL byte) a 400, and no request stops it. Every response says
// nosniff; the page's files carry its Content-Security-Policy as a header too (a <meta> policy
// does not reach the worker's script), allowing only pages on this machine to frame them.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

// index.html's policy (its <meta> tag), and who may embed the page: pages served on this machine.
const PAGE_POLICY = [
  "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "img-src 'self' data: blob:",
  "font-src 'self'", "connect-src 'self' data:", "frame-src 'self'", "base-uri 'none'", "form-action 'none'", "object-src 'none'",
  'frame-ancestors http://127.0.0.1:* http://localhost:*',
].join('; ');

// Paths (relative to the root, '/'-separated) that are never served.
function hidden(relative) {
  const parts = relative.split('/').filter(Boolean);
  return parts.some((p) => p.startsWith('.')) || /^(build|build-[^/]*|node_modules)$/.test(parts[0] || '');
}

function startServer(root = path.resolve(__dirname, '..'), port = 0, host = '127.0.0.1', options = {}) {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    req.on('error', () => {});
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch (e) {
      res.writeHead(400).end('bad request');
      return;
    }
    const plain = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' };
    if (pathname.includes('\0')) {
      res.writeHead(400, plain).end('bad request');
      return;
    }
    if (options.handle && options.handle(req, res, pathname)) return;
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = path.join(root, pathname);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403, plain).end('forbidden');
      return;
    }
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (hidden(relative)) {
      res.writeHead(404, plain).end('not found');
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, plain).end('not found');
        return;
      }
      const headers = {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Cache-Control': options.noStore ? 'no-store' : 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      };
      // The example host page has its own inline script; every other file is the page's.
      if (!relative.startsWith('examples/')) headers['Content-Security-Policy'] = PAGE_POLICY;
      if (options.htmlHead && file.endsWith('.html')) body = Buffer.from(String(body).replace('<head>', `<head>${options.htmlHead}`));
      res.writeHead(200, headers);
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const url = `http://${host}:${server.address().port}/`;
      resolve({ url, server, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

module.exports = { startServer };

if (require.main === module) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--port');
  const port = i >= 0 ? Number(args[i + 1]) : Number(process.env.PORT || 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: '--port' must be an integer from 0 to 65535, got ${args[i + 1]}`);
    process.exit(2);
  }
  startServer(path.resolve(__dirname, '..'), port).then(
    ({ url }) => console.log(`Serving the page at ${url}  (Ctrl-C to stop)`),
    (err) => {
      console.error(`serve: cannot listen on port ${port}: ${err.message}`);
      process.exit(1);
    },
  );
}
