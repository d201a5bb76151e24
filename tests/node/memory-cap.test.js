// Text and arrays sent into the module when its memory is full (issue 17, item 3): before, embind's
// string marshalling wrote through a failed malloc and every later call trapped ("memory access
// out of bounds"), step() and delete() of existing trainers included. Now each call fails with the
// module's "out of memory" message and the existing trainers go on. (This file grows the memory to
// its 2 GiB cap; node --test runs each file in a process of its own.)
'use strict';

const { test, before } = require('node:test');
const { loadWarmedApi } = require('./helpers.js');
const { memoryFull } = require('./memory-cap-cases.js');

let LinReg;
before(async () => { LinReg = await loadWarmedApi(); });

test('with the memory full, every kind of text and array fails cleanly and the trainers go on', (t) => memoryFull(LinReg, t));
