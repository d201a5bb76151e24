// The memory cap, filled and emptied again in one process (issue 17, item 3): memory-cap.test.js's
// test, then memory-cap-holes.test.js's twice. Before, the second round's reset(7) threw a raw
// WebAssembly.Exception (the out-of-memory message itself could not be allocated inside guarded()'s
// catch, cpp/bindings.cpp) and the next step() failed; now every call fails with the module's
// message or works, and the trainers go on.
'use strict';

const { test, before } = require('node:test');
const { loadWarmedApi } = require('./helpers.js');
const { memoryFull, holes } = require('./memory-cap-cases.js');

let LinReg;
before(async () => { LinReg = await loadWarmedApi(); });

test('the memory full, then emptied', (t) => memoryFull(LinReg, t));
test('then only holes left', (t) => holes(LinReg, t, false));
test('then only holes left again: every call works or fails with the message, and the trainers go on', (t) => holes(LinReg, t, false));
