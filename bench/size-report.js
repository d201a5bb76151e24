// What takes the space in the wasm module: the size of every function body of a .wasm file, named
// by Emscripten's symbol map (--emit-symbol-map: "index:name", demangled, some characters
// escaped), summed by part and by source. Run by bench/size-report.sh, which links the map and the objects' symbol lists:
//   node bench/size-report.js --wasm W --symbols W.symbols --objects OBJ_SYMBOLS --out DIR
// OBJ_SYMBOLS: lines "source<TAB>demangled name" of the functions each object file of ours defines
// (llvm-nm -C), which attribute the functions not recognised by name to their source file.
// Writes DIR/size-functions.tsv (every function, largest first), DIR/size-summary.md (the tables).
'use strict';
const fs = require('fs');
const path = require('path');

function args() {
  const out = {};
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, '')] = a[i + 1];
  for (const k of ['wasm', 'symbols', 'out']) if (!out[k]) throw new Error(`size-report.js: --${k} is required`);
  return out;
}

// Reads the sections of a wasm binary: the imported function count, the function bodies' sizes,
// and the size of every section.
function readWasm(buf) {
  let p = 8;
  const u32 = () => {
    let result = 0, shift = 0, byte;
    do {
      byte = buf[p++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const names = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start',
    'element', 'code', 'data', 'data count', 'tag'];
  const sections = [];
  let imported = 0;
  let bodies = [];
  while (p < buf.length) {
    const id = buf[p++];
    const size = u32();
    const start = p;
    let name = names[id] || `section ${id}`;
    if (id === 0) {
      const len = u32();
      name = `custom "${buf.slice(p, p + len).toString()}"`;
    } else if (id === 2) {
      const count = u32();
      for (let i = 0; i < count; ++i) {
        for (let k = 0; k < 2; ++k) { const n = u32(); p += n; }  // module, field (read the length first: `p += u32()` would add it to the old p)
        const kind = buf[p++];
        if (kind === 0) { u32(); ++imported; }
        else if (kind === 1) { p++; const f = u32(); u32(); if (f & 1) u32(); }
        else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); }
        else if (kind === 3) { p += 2; }
        else if (kind === 4) { p++; u32(); }
      }
    } else if (id === 10) {
      const count = u32();
      bodies = new Array(count);
      for (let i = 0; i < count; ++i) {
        const s = u32();
        bodies[i] = s;
        p += s;
      }
    }
    sections.push({ id, name, size: size + 1 + lebLength(size) });
    p = start + size;
  }
  return { imported, bodies, sections };
}

function lebLength(n) {
  let len = 1;
  while (n >= 128) { n = Math.floor(n / 128); ++len; }
  return len;
}

// The symbol map's names are demangled with some characters escaped ("\\28" for "(").
function unescape(name) {
  return name.replace(/\\([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

// The qualified name of a demangled function, without its return type, template arguments and
// parameters: "char* nlohmann::detail::to_chars<double>(char*, ...)" -> "nlohmann::detail::to_chars".
function head(name) {
  const text = name.replace(/\(anonymous namespace\)/g, '{anon}');
  let depth = 0;
  let out = '';
  for (const c of text) {
    if (c === '<') ++depth;
    else if (c === '>') --depth;
    else if (c === '(' && depth === 0) break;
    else if (depth === 0) out += c;
  }
  const words = out.trim().split(' ');
  return words[words.length - 1];
}

// The part of the program a function belongs to, by its (demangled) name; first match wins.
const PARTS = [
  ['embind (JS <-> C++ glue: bindings, wire types, registries)', /^(emscripten::|_embind_|embind_init|_GLOBAL__sub_I_bind)/],
  ['nlohmann/json (parse, dump, errors)', /nlohmann::/],
  ['Eigen (dense matrices; LDLT/QR/eigen solvers)', /Eigen::/],
  ['iostream / locale (libc++ streams, facets, num_get/put)', /std::__2::(basic_(i|o|io)?stream|basic_streambuf|basic_stringbuf|basic_ios|ios_base|locale|ctype|num_get|num_put|codecvt|moneypunct|money_get|money_put|time_get|time_put|messages|collate|numpunct|__num_get|__num_put|__time_get|__money|__codecvt|__stdinbuf|__stdoutbuf|basic_filebuf|DoIOSInit|__check_grouping|ios_base)/],
  ['libc++ strings', /std::__2::(basic_string|to_string|stoi|stod|stol|__str|char_traits)/],
  ['libc++ other (containers, exceptions, operator new, ...)', /(std::|^operator new|^operator delete|__cxa|__cxxabiv1|__gxx_personality|_Unwind|typeinfo)/],
  ['libc: printf family (snprintf, floating-point formatting)', /^(v?s?n?printf|vfprintf|printf_core|fmt_fp|fmt_x|fmt_o|fmt_u|pad|out|pop_arg|getint|frexp|__towrite|__fwritex|fwrite|sn_write|__lockfile|__unlockfile|wctomb|wcrtomb|__signbitl|__fpclassifyl|\$?__lctrans|strerror)/],
  ['libc: strtod, number parsing', /^(strto|__floatscan|decfloat|hexfloat|scanexp|__shgetc|__shlim|__intscan|copysignl|scalbnl?|fmodl|__uflow|__toread|sscanf|vsscanf|do_read|vfscanf|atoi|atol)/],
  ['libc: malloc (dlmalloc), memory', /^(dlmalloc|dlfree|dlrealloc|malloc|free|realloc|calloc|sbrk|emscripten_builtin|internal_memalign|dispose_chunk|try_realloc_chunk|init_top|mallinfo|posix_memalign|memalign|aligned_alloc|__libc_malloc|emscripten_resize_heap)/],
  ['libc: math, strings, other', /^(memcpy|memmove|memset|memcmp|memchr|strlen|strcmp|strncmp|strchr|__stpcpy|strcpy|log|exp|pow|sqrt|sin|cos|fmod|__|_emscripten|emscripten_|stackAlloc|stackSave|stackRestore|fflush|abort|getenv|isdigit|isspace|tolower|toupper|\$)/],
];

function partOf(name) {
  for (const [label, re] of PARTS) if (re.test(name)) return label;
  return null;
}

function main() {
  const a = args();
  const wasm = fs.readFileSync(a.wasm);
  const { imported, bodies, sections } = readWasm(wasm);
  const symbols = new Map();
  for (const line of fs.readFileSync(a.symbols, 'utf8').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) symbols.set(Number(line.slice(0, i)), line.slice(i + 1));
  }
  // Our own sources: mangled name -> source file (the first object file that defines it).
  const sourceOf = new Map();
  if (a.objects) {
    for (const line of fs.readFileSync(a.objects, 'utf8').split('\n')) {
      const [src, name] = line.split('\t');
      if (name && !sourceOf.has(name)) sourceOf.set(name, src);
    }
  }
  const rows = bodies.map((size, i) => {
    const name = unescape(symbols.get(imported + i) || `(function ${imported + i})`);
    let part = partOf(head(name));
    let source = sourceOf.get(name);
    if (!part) part = source ? `ours: ${source}` : /^(linreg::|\{anon\}::)/.test(head(name)) ? 'ours: (header, inline)' : 'other';
    if (!source) source = part.startsWith('ours') ? part.slice(6) : '(library)';
    return { index: imported + i, size, name, part, source };
  });
  rows.sort((x, y) => y.size - x.size);
  fs.mkdirSync(a.out, { recursive: true });
  fs.writeFileSync(path.join(a.out, 'size-functions.tsv'),
    'bytes\tindex\tpart\tname\n' + rows.map((r) => `${r.size}\t${r.index}\t${r.part}\t${r.name}`).join('\n') + '\n');

  const sum = (key) => {
    const m = new Map();
    for (const r of rows) {
      const e = m.get(r[key]) || { bytes: 0, count: 0, largest: r.name };
      e.bytes += r.size;
      e.count += 1;
      m.set(r[key], e);
    }
    return [...m.entries()].sort((x, y) => y[1].bytes - x[1].bytes);
  };
  const kb = (n) => (n / 1024).toFixed(1);
  const code = bodies.reduce((s, n) => s + n, 0);
  const short = (s) => (s.length > 90 ? s.slice(0, 87) + '...' : s).replace(/\|/g, '\\|');
  let md = `wasm ${path.basename(a.wasm)}: ${wasm.length} bytes (${kb(wasm.length)} KB); ${bodies.length} functions ` +
    `(${imported} imported), code ${kb(code)} KB.\n\n`;
  md += '| section | KB |\n|---|---:|\n' + sections.map((s) => `| ${s.name} | ${kb(s.size)} |`).join('\n') + '\n\n';
  md += '| part (by function name) | KB | share of code | functions | largest function |\n|---|---:|---:|---:|---|\n';
  for (const [part, e] of sum('part'))
    md += `| ${part} | ${kb(e.bytes)} | ${(100 * e.bytes / code).toFixed(1)}% | ${e.count} | ${short(e.largest)} |\n`;
  md += '\n| largest functions | bytes | part |\n|---|---:|---|\n';
  for (const r of rows.slice(0, 25)) md += `| ${short(r.name)} | ${r.size} | ${r.part} |\n`;
  fs.writeFileSync(path.join(a.out, 'size-summary.md'), md);
  process.stdout.write(md);
}

main();
