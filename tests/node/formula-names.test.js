// Spreadsheet formula injection (issue 17, item 8): the data as CSV writes column names that begin
// with =, +, -, @, a tab or a carriage return with a single quote in front; numbers never change.
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadApi } = require('./helpers.js');

let LinReg;
before(async () => { LinReg = await loadApi(); });

test('dataCsv neutralizes formula-like names and keeps the numbers', () => {
  const csv = '"=HYPERLINK(""http://x"",""y"")",@SUM(A1:A9),+cmd,-2+3,"\tx",plain,y\n' +
              '-1,2,3,4,5,6,-7\n1,-2,3,4,5,6,7\n-1,2,-3,4,5,6,8\n';
  const trainer = LinReg.create({ max_epochs: 1, batch_size: 1, num_val: 1 }, { csv, name: 'f.csv' });
  try {
    const [header, ...rows] = trainer.dataCsv().trim().split('\n');
    assert.equal(header, `"'=HYPERLINK(""http://x"",""y"")",'@SUM(A1:A9),'+cmd,'-2+3,"'\tx",plain,y`);
    assert.ok(rows.length > 0);
    for (const row of rows) assert.match(row, /^-?[0-9]/, 'numbers are written as they are');
    assert.ok(rows.some((row) => row.startsWith('-')), 'a negative number keeps its sign');
  } finally {
    trainer.delete();
  }
});
