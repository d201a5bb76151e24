// The module at its memory cap with only holes left (issue 17, item 3; tests/node/memory-cap.test.js
// sends 2 MB texts into a memory full to within a megabyte). A file of its own: node --test runs each
// file in a process of its own, and this one needs the module's memory as it is after loading (the
// "everything came back" count is exact only from a fresh heap).
'use strict';

const { test, before } = require('node:test');
const { loadWarmedApi } = require('./helpers.js');
const { holes } = require('./memory-cap-cases.js');

let LinReg;
before(async () => { LinReg = await loadWarmedApi(); });

// At the cap: the memory filled with trainers of shrinking size until not even the smallest one
// fits (a call needs its own room plus the module's 1 MiB reserve, cpp/bindings.cpp guarded(): what
// is left are holes between the fillers), then every entry point with small input. Each either
// works or fails with the module's "out of memory" message; nothing traps, and the existing trainer
// steps after each. Then one 100 MB filler is deleted and every call works again.
test('with not even the smallest trainer fitting, every entry point works or fails cleanly, and the trainers go on', (t) => holes(LinReg, t));
