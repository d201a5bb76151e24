#!/usr/bin/env node
// A local stand-in for a course's grading endpoint, for the goal-recording example
// (examples/goal-recorder.html, docs/authoring.md):
//   node examples/grading-stub.js [--port 8765]
// POST /grade with a JSON body {student, exercise, metric, threshold, value, step, epoch, ...}
// records it (and prints it); GET /grade lists what was recorded. It answers the browser's CORS
// preflight for pages on this machine (the course page is on another origin than the endpoint).
// Also used by tests/web/authoring.test.js: require('./grading-stub.js').startStub(port).
'use strict';
const http = require('http');

const MAX_BYTES = 16 * 1024;
const LOCAL = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/;

// The rules a grade must meet; returns the first broken one, or null.
function invalid(grade) {
  if (!grade || typeof grade !== 'object' || Array.isArray(grade)) return 'the body must be a JSON object';
  if (typeof grade.student !== 'string' || grade.student === '') return "'student' must be a non-empty string";
  if (!['val_loss', 'train_loss', 'loss'].includes(grade.metric)) return "'metric' must be val_loss, train_loss or loss";
  for (const key of ['threshold', 'value', 'step', 'epoch']) {
    if (typeof grade[key] !== 'number' || !Number.isFinite(grade[key])) return `'${key}' must be a finite number`;
  }
  if (!(grade.value < grade.threshold)) return "'value' must be below 'threshold' (a goal is reached below it)";
  return null;
}

function startStub(port = 8765, host = '127.0.0.1') {
  const grades = [];
  const server = http.createServer((req, res) => {
    const origin = req.headers.origin;
    const headers = { 'Content-Type': 'application/json; charset=utf-8' };
    if (origin && LOCAL.test(origin)) {
      Object.assign(headers, { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Allow-Methods': 'POST, GET', Vary: 'Origin' });
    }
    const send = (status, body) => res.writeHead(status, headers).end(JSON.stringify(body));
    const path = new URL(req.url, 'http://localhost').pathname;
    if (path !== '/grade') return send(404, { error: 'not found: use /grade' });
    if (req.method === 'OPTIONS') return send(204, {});
    if (req.method === 'GET') return send(200, grades);
    if (req.method !== 'POST') return send(405, { error: 'use POST (record) or GET (list)' });
    let body = '';
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BYTES) body += chunk;
    });
    req.on('end', () => {
      if (size > MAX_BYTES) return send(413, { error: `the body is over ${MAX_BYTES} bytes` });
      let grade;
      try {
        grade = JSON.parse(body);
      } catch (e) {
        return send(400, { error: `the body is not JSON: ${e.message}` });
      }
      const rule = invalid(grade);
      if (rule) return send(422, { error: rule });
      grades.push(grade);
      if (require.main === module) console.log(`recorded: ${grade.student} ${grade.metric} ${grade.value} < ${grade.threshold} at step ${grade.step}`);
      return send(201, { ok: true, recorded: grades.length });
    });
    return undefined;
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const url = `http://${host}:${server.address().port}/grade`;
      resolve({ url, grades, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

module.exports = { startStub, invalid };

if (require.main === module) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 8765;
  startStub(port).then(({ url }) => console.log(`grading stub: POST ${url} (GET lists the grades); Ctrl-C stops`));
}
