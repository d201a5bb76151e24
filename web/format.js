// Number formatting for the page: one place that decides how every number reads.
const MINUS = '\u2212'; // the typographic minus sign

// NaN and the infinities as C's printf and NumPy write them.
function nonFinite(x) {
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

// C's printf("%f"): six decimals, as the command-line program and the book print errors.
function fixed6(x) {
  if (!Number.isFinite(x)) return nonFinite(x);
  // toFixed switches to exponent notation from 1e21 on; such doubles are integers, which
  // BigInt writes out exactly, digit for digit as printf does.
  if (Math.abs(x) >= 1e21) return `${BigInt(x)}.000000`;
  return x.toFixed(6);
}

// A number as the command-line program prints what the book prints (cpp/format.hpp printed()):
// printf's "%f" below 1e9 in magnitude; from 1e9 on in scientific notation with the fewest digits
// that read back as the same double, the exponent with at least two digits as C writes it
// ("4.99e+196", "1.5e+09").
function printed6(x) {
  if (!Number.isFinite(x) || Math.abs(x) < 1e9) return fixed6(x);
  return x.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

// "[0.125732, -0.181363]", the command-line program's list format.
function list6(values) {
  return '[' + Array.from(values, printed6).join(', ') + ']';
}

// Four decimals; very small or very large magnitudes in scientific notation, so that a tiny
// gradient does not read as 0.0000. ASCII minus (for parsing and copying).
function dec4(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e7)) return x.toExponential(3);
  return x.toFixed(4);
}

// A parameter in the readout table: six decimals, as the book prints; huge values (a diverged
// run) in scientific notation so that they fit.
function param6(x) {
  const text = Number.isFinite(x) && Math.abs(x) >= 1e9 ? x.toExponential(6) : fixed6(x);
  return text.replace('-', MINUS);
}

// dec4 with a typographic minus, for text meant to be read.
function dec4Pretty(x) {
  return dec4(x).replace('-', MINUS);
}

// A number as the user typed it or the config holds it: the shortest exact form (0.03, 1e-05).
function plain(x) {
  return String(x);
}

// A number for CSV: the shortest decimal that reads back to the same double; nan and inf
// spelled as NumPy and pandas read them.
function csv(x) {
  return Number.isFinite(x) ? String(x) : nonFinite(x);
}

// n significant digits, trailing zeros dropped: sig(0.021345, 3) is '0.0213', sig(2, 3) is '2'.
function sig(x, n) {
  return String(+x.toPrecision(n));
}

// Three significant digits, as a sentence reads them ("0.0213", "-3.31", "1.20e-5").
function spoken(x) {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e6) return x.toExponential(2);
  return sig(x, 3);
}

// An axis tick: on a log axis the decades (100, 1, 0.01, 1e-4), on a linear one up to four
// significant digits (0.25, 1200, 1.5e-4).
function tick(v, log) {
  if (log) return v >= 0.01 && v < 1e5 ? sig(v, 1) : v.toExponential(0);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  return sig(v, 4);
}

// The labels of an axis' ticks (`values`, `step` apart on a linear axis): on a log axis as
// tick() writes decades; on a linear one with just enough digits that neighbours differ, and in
// scientific notation when the largest magnitude is 1e5 or more or below 1e-3 (1.25e+66, 2e-7),
// so that a label stays short whatever the data. Trailing zeros dropped; 0 as "0".
function ticks(values, step, log = false) {
  if (log) return values.map((v) => tick(v, true));
  let top = 0;
  for (const v of values) if (Number.isFinite(v)) top = Math.max(top, Math.abs(v));
  const s = Math.abs(step) > 0 && Number.isFinite(step) ? Math.abs(step) : top || 1;
  const trimFixed = (text) => (text.includes('.') ? text.replace(/\.?0+$/, '') : text);
  const trim = (text) => {
    const [mantissa, exponent] = text.split('e');
    return `${trimFixed(mantissa)}e${exponent}`;
  };
  if (top !== 0 && (top >= 1e5 || top < 1e-3)) {
    const digits = Math.min(8, Math.max(0, Math.floor(Math.log10(top)) - Math.floor(Math.log10(s)) + 1));
    return values.map((v) => (Math.abs(v) < s * 1e-9 ? '0' : trim(v.toExponential(digits))));
  }
  let decimals = 0;
  while (decimals < 10 && Math.abs(Math.round(s * 10 ** decimals) - s * 10 ** decimals) > 1e-6 * s * 10 ** decimals) ++decimals;
  return values.map((v) => (Math.abs(v) < s * 1e-9 ? '0' : trimFixed(v.toFixed(decimals))));
}

// Integers with thousands separators: 12,000 (one formatter: toLocaleString makes one per call).
const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
function int(n) {
  return Number.isFinite(n) ? INT.format(Math.round(n)) : String(n);
}

// A loss for the readouts: six significant digits, scientific when small.
function loss(x) {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return x.toExponential(4);
  return x.toPrecision(6).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

// Subscript digits for labels drawn on canvases (w₁, x₂), where <sub> is not available.
const SUB = '\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089';
function sub(n) {
  return String(n).replace(/\d/g, (c) => SUB[c.charCodeAt(0) - 48]);
}

// User-supplied text (a file name, a CSV column name) as the page shows it: control characters
// and the bidirectional marks, embeddings, overrides and isolates written out (\u202e), as the C++
// core's escaped() writes them in its messages (cpp/format.cpp), so that a name cannot reverse or
// hide the text around it. \n, \r and \t as those two characters.
const ESCAPED = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const SHORT = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
function escaped(text) {
  return String(text).replace(ESCAPED, (c) => SHORT[c] || `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const format = { MINUS, escaped, fixed6, printed6, list6, param6, dec4, dec4Pretty, plain, csv, sig, spoken, tick, ticks, int, loss, sub };
