#!/usr/bin/env node
// ort-run.js: run an ONNX model with onnxruntime (CPU) on .npy inputs, write .npy outputs.
//
// Kiln's independent reference: nothing here is shared with Kiln's own runtime, so a bug in
// Kiln's npy code or executor cannot hide in the reference as well.
//
//   node tools/ort/ort-run.js model.onnx --input name=file.npy [--input ...] --output-dir DIR
//        [--threads N] [--repeat R] [--json timing.json]
//
// Install the runtime first: scripts/install-ort.sh (npm ci --ignore-scripts in tools/ort).
// As a module, this file exports its .npy reader/writer: require('./ort-run.js').readNpy / writeNpy.
'use strict';

const fs = require('fs');
const path = require('path');

// ---------------------------------------------------------------------------------------------
// Errors: every failure a user can cause is a UserError: printed as one clear line, exit 1.

class UserError extends Error {}
function fail(msg) { throw new UserError(msg); }

// ---------------------------------------------------------------------------------------------
// NumPy .npy (format versions 1.0, 2.0, 3.0), C order, little- or big-endian on read,
// little-endian on write. https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html

// npy type code (without byte order) -> onnxruntime tensor type, typed array, item size.
const NPY_TYPES = {
  f4: { ort: 'float32', Arr: Float32Array, size: 4 },
  f8: { ort: 'float64', Arr: Float64Array, size: 8 },
  f2: { ort: 'float16', Arr: Uint16Array, size: 2 },  // raw IEEE half bits
  i8: { ort: 'int64', Arr: BigInt64Array, size: 8 },
  i4: { ort: 'int32', Arr: Int32Array, size: 4 },
  i2: { ort: 'int16', Arr: Int16Array, size: 2 },
  i1: { ort: 'int8', Arr: Int8Array, size: 1 },
  u1: { ort: 'uint8', Arr: Uint8Array, size: 1 },
  u2: { ort: 'uint16', Arr: Uint16Array, size: 2 },
  u4: { ort: 'uint32', Arr: Uint32Array, size: 4 },
  u8: { ort: 'uint64', Arr: BigUint64Array, size: 8 },
  b1: { ort: 'bool', Arr: Uint8Array, size: 1 },
};
// onnxruntime tensor type -> npy descr written for it.
const ORT_TO_DESCR = {
  float32: '<f4', float64: '<f8', float16: '<f2', int64: '<i8', int32: '<i4', int16: '<i2',
  int8: '|i1', uint8: '|u1', uint16: '<u2', uint32: '<u4', uint64: '<u8', bool: '|b1',
};
const SUPPORTED_DESCRS = '<f4 <f8 <f2 <i8 <i4 <i2 |i1 |u1 <u2 <u4 <u8 |b1';
const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function numel(shape) { return shape.reduce((a, b) => a * b, 1); }

// Parses the header dict, e.g. "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }".
function parseNpyHeader(header, file) {
  const bad = (what) => fail(`${file}: not a valid .npy header (${what}): ${JSON.stringify(header.trim())}`);
  const h = header.trim();
  if (!h.startsWith('{') || !h.endsWith('}')) bad('not a dict');
  const descrM = /['"]descr['"]\s*:\s*(['"])([^'"]*)\1/.exec(h);
  if (!descrM) {
    if (/['"]descr['"]\s*:\s*\[/.test(h)) fail(`${file}: structured (record) dtypes are not supported; supported dtypes: ${SUPPORTED_DESCRS}`);
    bad("no 'descr'");
  }
  const fortM = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(h);
  if (!fortM) bad("no 'fortran_order'");
  const shapeM = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(h);
  if (!shapeM) bad("no 'shape'");
  const shape = shapeM[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    const t = s.replace(/L$/, '');  // Python 2 long suffix
    if (!/^\d+$/.test(t)) bad(`shape entry '${s}'`);
    const v = Number(t);
    if (!Number.isSafeInteger(v)) bad(`shape entry '${s}' too large`);
    return v;
  });
  return { descr: descrM[2], fortranOrder: fortM[1] === 'True', shape };
}

// Returns { descr, ortType, shape, data (typed array, own aligned buffer, host order) }.
function readNpy(file) {
  let buf;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    fail(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  if (buf.length < 10 || !buf.subarray(0, 6).equals(NPY_MAGIC)) fail(`${file}: not a .npy file (bad magic)`);
  const major = buf[6], minor = buf[7];
  let headerLen, headerStart;
  if (major === 1) { headerLen = buf.readUInt16LE(8); headerStart = 10; }
  else if (major === 2 || major === 3) {
    if (buf.length < 12) fail(`${file}: truncated .npy header`);
    headerLen = buf.readUInt32LE(8); headerStart = 12;
  } else fail(`${file}: unsupported .npy format version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`);
  const dataStart = headerStart + headerLen;
  if (dataStart > buf.length) fail(`${file}: truncated .npy header`);
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', headerStart, dataStart);
  const { descr, fortranOrder, shape } = parseNpyHeader(header, file);

  const order = descr[0];
  const code = '<>|='.includes(order) ? descr.slice(1) : descr;
  const t = NPY_TYPES[code];
  if (!t) fail(`${file}: unsupported dtype '${descr}'; supported dtypes: ${SUPPORTED_DESCRS}`);
  if (fortranOrder) {
    fail(`${file}: Fortran-order (column-major) arrays are not supported; save it in C order ` +
         `(numpy: np.save(f, np.ascontiguousarray(a)))`);
  }
  const n = numel(shape);
  const nbytes = n * t.size;
  const have = buf.length - dataStart;
  if (have < nbytes) fail(`${file}: truncated data: shape [${shape}] of ${descr} needs ${nbytes} bytes, file has ${have}`);
  if (have > nbytes) fail(`${file}: ${have - nbytes} unexpected trailing bytes after the data of shape [${shape}] ${descr}`);

  const data = new t.Arr(n);  // fresh, aligned
  const bytes = new Uint8Array(data.buffer);
  bytes.set(buf.subarray(dataStart, dataStart + nbytes));
  const fileLittle = order === '>' ? false : order === '<' ? true : HOST_LITTLE_ENDIAN;
  if (t.size > 1 && fileLittle !== HOST_LITTLE_ENDIAN) {
    for (let i = 0; i < nbytes; i += t.size) bytes.subarray(i, i + t.size).reverse();
  }
  if (t.ort === 'bool') for (let i = 0; i < n; i++) if (data[i] > 1) data[i] = 1;
  return { descr, ortType: t.ort, shape, data };
}

// Builds the bytes of a .npy file (format 1.0, or 2.0 when the header does not fit 1.0).
function encodeNpy(descr, shape, data) {
  const shapeStr = shape.length === 0 ? '()' : shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  // numpy pads the header with spaces and ends it with '\n' so that the data starts at a multiple of 64.
  let version = 1, prefix = 10;
  let total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  if (total - prefix > 0xffff) {  // the 1.0 header length is a uint16
    version = 2; prefix = 12;
    total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  }
  const header = dict + ' '.repeat(total - prefix - dict.length - 1) + '\n';
  const pre = Buffer.alloc(prefix);
  NPY_MAGIC.copy(pre, 0);
  pre[6] = version; pre[7] = 0;
  if (version === 1) pre.writeUInt16LE(header.length, 8); else pre.writeUInt32LE(header.length, 8);
  let body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!HOST_LITTLE_ENDIAN && data.BYTES_PER_ELEMENT > 1) {
    body = Buffer.from(body);
    for (let i = 0; i < body.length; i += data.BYTES_PER_ELEMENT) body.subarray(i, i + data.BYTES_PER_ELEMENT).reverse();
  }
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), body]);
}

// Writes a typed array as .npy; descr is one of SUPPORTED_DESCRS (matching the array's element size).
function writeNpy(file, descr, shape, data) {
  const t = NPY_TYPES[descr.slice(1)];
  if (!t) fail(`writeNpy: unsupported dtype '${descr}'`);
  if (data.BYTES_PER_ELEMENT !== t.size) fail(`writeNpy: ${descr} needs ${t.size}-byte elements, got ${data.constructor.name}`);
  if (data.length !== numel(shape)) fail(`writeNpy: ${data.length} elements do not fill shape [${shape}]`);
  fs.writeFileSync(file, encodeNpy(descr, shape, data));
}

// ---------------------------------------------------------------------------------------------
// A minimal protobuf walk over ModelProto: opset imports and the graph's inputs, outputs and
// initializer names. onnxruntime-node 1.20 exposes only input/output names, and a check against
// the declared type and shape gives a clearer message than onnxruntime's own.

const ONNX_ELEM = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64',
  15: 'complex128', 16: 'bfloat16',
};

function* pbFields(buf, start = 0, end = buf.length) {
  let p = start;
  const varint = () => {
    let r = 0n, shift = 0n;
    for (;;) {
      if (p >= end) throw new Error('truncated varint');
      const b = buf[p++];
      r |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
      shift += 7n;
      if (shift > 63n) throw new Error('varint too long');
    }
    return r;
  };
  while (p < end) {
    const key = Number(varint());
    const field = key >>> 3, wire = key & 7;
    if (wire === 0) yield { field, wire, value: BigInt.asIntN(64, varint()) };
    else if (wire === 1) { p += 8; if (p > end) throw new Error('truncated fixed64'); }
    else if (wire === 5) { p += 4; if (p > end) throw new Error('truncated fixed32'); }
    else if (wire === 2) {
      const len = Number(varint());
      const s = p; p += len;
      if (p > end) throw new Error('truncated field');
      yield { field, wire, start: s, end: p };
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}
const pbStr = (buf, f) => buf.toString('utf8', f.start, f.end);

function parseValueInfo(buf, vi) {
  const info = { name: '', elem: null, shape: null };  // shape null: unknown rank
  for (const f of pbFields(buf, vi.start, vi.end)) {
    if (f.field === 1 && f.wire === 2) info.name = pbStr(buf, f);
    if (f.field === 2 && f.wire === 2) {  // TypeProto
      for (const tf of pbFields(buf, f.start, f.end)) {
        if (tf.field !== 1 || tf.wire !== 2) continue;  // tensor_type only
        info.isTensor = true;
        for (const ttf of pbFields(buf, tf.start, tf.end)) {
          if (ttf.field === 1 && ttf.wire === 0) info.elem = ONNX_ELEM[Number(ttf.value)] || `elem_type ${ttf.value}`;
          if (ttf.field === 2 && ttf.wire === 2) {
            info.shape = [];
            for (const df of pbFields(buf, ttf.start, ttf.end)) {
              if (df.field !== 1 || df.wire !== 2) continue;
              let dim = null;  // unknown
              for (const d of pbFields(buf, df.start, df.end)) {
                if (d.field === 1 && d.wire === 0) dim = Number(d.value);
                if (d.field === 2 && d.wire === 2) dim = pbStr(buf, d);
              }
              info.shape.push(dim);
            }
          }
        }
      }
    }
  }
  return info;
}

function parseModelInfo(file) {
  const buf = fs.readFileSync(file);
  const info = { opsets: {}, inputs: [], outputs: [], initializers: new Set() };
  for (const f of pbFields(buf)) {
    if (f.field === 8 && f.wire === 2) {  // opset_import
      let domain = '', version = 0;
      for (const o of pbFields(buf, f.start, f.end)) {
        if (o.field === 1 && o.wire === 2) domain = pbStr(buf, o);
        if (o.field === 2 && o.wire === 0) version = Number(o.value);
      }
      info.opsets[domain === 'ai.onnx' ? '' : domain] = version;
    }
    if (f.field === 7 && f.wire === 2) {  // graph
      for (const g of pbFields(buf, f.start, f.end)) {
        if (g.wire !== 2) continue;
        if (g.field === 11) info.inputs.push(parseValueInfo(buf, g));
        if (g.field === 12) info.outputs.push(parseValueInfo(buf, g));
        if (g.field === 5 || g.field === 15) {  // initializer (TensorProto.name = 8), sparse (values = 1)
          for (const t of pbFields(buf, g.start, g.end)) {
            if (g.field === 5 && t.field === 8 && t.wire === 2) info.initializers.add(pbStr(buf, t));
            if (g.field === 15 && t.field === 1 && t.wire === 2) {
              for (const v of pbFields(buf, t.start, t.end)) if (v.field === 8 && v.wire === 2) info.initializers.add(pbStr(buf, v));
            }
          }
        }
      }
    }
  }
  return info;
}

// ---------------------------------------------------------------------------------------------
// Command line

const USAGE = `usage: node tools/ort/ort-run.js model.onnx --input NAME=FILE.npy [--input ...] --output-dir DIR
                  [--threads N] [--repeat R] [--json TIMING.json]

Runs model.onnx with onnxruntime on the CPU (graph optimization level 'all', N intra-op threads,
default 1) and writes each output to DIR/<output name>.npy, with every character outside
[A-Za-z0-9_.-] in the name replaced by '_'. With --repeat R: one warm-up run, then R timed runs;
prints the median and mean milliseconds (and writes them to --json when given).
.npy dtypes: ${SUPPORTED_DESCRS} (C order).`;

function parseArgs(argv) {
  const a = { model: null, inputs: [], outputDir: null, threads: 1, repeat: 0, json: null };
  const takeValue = (i, flag) => {
    if (i + 1 >= argv.length) fail(`${flag} needs a value\n${USAGE}`);
    return argv[i + 1];
  };
  const posInt = (v, flag, min) => {
    if (!/^\d+$/.test(v) || Number(v) < min) fail(`${flag} expects an integer >= ${min}, got '${v}'`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i], val = null;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) { val = arg.slice(eq + 1); arg = arg.slice(0, eq); }
    const value = () => (val !== null ? val : takeValue(i++, arg));
    switch (arg) {
      case '-h': case '--help': process.stdout.write(USAGE + '\n'); process.exit(0); break;
      case '--input': case '-i': a.inputs.push(value()); break;
      case '--output-dir': case '-o': a.outputDir = value(); break;
      case '--threads': a.threads = posInt(value(), '--threads', 1); break;
      case '--repeat': a.repeat = posInt(value(), '--repeat', 1); break;
      case '--json': a.json = value(); break;
      default:
        if (arg.startsWith('-')) fail(`unknown option '${argv[i]}'\n${USAGE}`);
        if (a.model !== null) fail(`unexpected argument '${arg}' (the model is already '${a.model}')\n${USAGE}`);
        a.model = arg;
    }
  }
  if (a.model === null) fail(`no model given\n${USAGE}`);
  if (a.outputDir === null) fail(`--output-dir is required\n${USAGE}`);
  return a;
}

// Splits NAME=FILE; when several '=' could split it, prefers the one whose NAME is a model input.
function splitInputSpec(spec, inputNames) {
  const cuts = [];
  for (let i = spec.indexOf('='); i >= 0; i = spec.indexOf('=', i + 1)) cuts.push(i);
  if (cuts.length === 0) fail(`--input expects NAME=FILE.npy, got '${spec}'`);
  const known = cuts.find((i) => inputNames.includes(spec.slice(0, i)));
  const cut = known !== undefined ? known : cuts[0];
  return [spec.slice(0, cut), spec.slice(cut + 1)];
}

function sanitizeName(name) {
  const s = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return s.length === 0 ? '_' : s;
}

const fmtShape = (s) => `[${s.map((d) => (d === null ? '?' : d)).join(', ')}]`;

function checkAgainstDeclared(name, file, t, decl) {
  if (!decl || !decl.isTensor) return;
  if (decl.elem && decl.elem !== t.ortType) {
    fail(`input '${name}': the model expects ${decl.elem}, but ${file} holds ${t.ortType} ('${t.descr}')`);
  }
  if (decl.shape) {
    if (decl.shape.length !== t.shape.length) {
      fail(`input '${name}': the model expects rank ${decl.shape.length} ${fmtShape(decl.shape)}, ` +
           `but ${file} has rank ${t.shape.length} ${fmtShape(t.shape)}`);
    }
    decl.shape.forEach((d, k) => {
      if (typeof d === 'number' && d >= 0 && d !== t.shape[k]) {
        fail(`input '${name}': the model expects shape ${fmtShape(decl.shape)}, but ${file} has ` +
             `${fmtShape(t.shape)} (dimension ${k}: ${t.shape[k]} != ${d})`);
      }
    });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

async function main(argv) {
  const args = parseArgs(argv);

  if (!fs.existsSync(args.model)) fail(`model not found: ${args.model}`);
  if (!fs.statSync(args.model).isFile()) fail(`model is not a file: ${args.model}`);
  let info = null;
  try {
    info = parseModelInfo(args.model);
  } catch (e) {
    if (e.code === 'ERR_FS_FILE_TOO_LARGE') {
      process.stderr.write(`ort-run: warning: ${args.model} too large to pre-check; onnxruntime will check it\n`);
    } else {
      fail(`${args.model}: not a valid ONNX model (protobuf parse failed: ${e.message})`);
    }
  }
  if (info) {
    const v = info.opsets[''];
    if (v !== undefined && v < 7) {
      fail(`${args.model}: the model imports ONNX opset ${v}, and onnxruntime supports opset 7 and later only; ` +
           `convert it (onnx.version_converter) to opset >= 7`);
    }
    if (info.inputs.length === 0 && info.outputs.length === 0) fail(`${args.model}: not a valid ONNX model (no graph)`);
  }

  let ort;
  try {
    ort = require('onnxruntime-node');
  } catch (e) {
    fail(`onnxruntime-node is not installed (${e.code || e.message}); run scripts/install-ort.sh`);
  }

  const options = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: args.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    // Fatal only: errors come back as exceptions and are printed once, below.
    logSeverityLevel: 4,
  };
  const tLoad0 = nowMs();
  let session;
  try {
    session = await ort.InferenceSession.create(args.model, options);
  } catch (e) {
    fail(`onnxruntime could not load ${args.model}: ${e.message}`);
  }
  const loadMs = nowMs() - tLoad0;

  // Inputs: read, match to the model's inputs, check dtype and shape.
  const feeds = {};
  const declared = new Map((info ? info.inputs : []).map((d) => [d.name, d]));
  for (const spec of args.inputs) {
    const [name, file] = splitInputSpec(spec, session.inputNames);
    if (Object.prototype.hasOwnProperty.call(feeds, name)) fail(`input '${name}' is given twice`);
    if (!session.inputNames.includes(name)) {
      const why = info && info.initializers.has(name)
        ? ' (it is an initializer; onnxruntime-node cannot override initializers)'
        : '';
      fail(`the model has no input '${name}'${why}; its inputs are: ${session.inputNames.map((n) => `'${n}'`).join(', ') || '(none)'}`);
    }
    const t = readNpy(file);
    checkAgainstDeclared(name, file, t, declared.get(name));
    try {
      feeds[name] = new ort.Tensor(t.ortType, t.data, t.shape);
    } catch (e) {
      fail(`input '${name}' from ${file}: ${e.message}`);
    }
  }
  const missing = session.inputNames.filter((n) => !Object.prototype.hasOwnProperty.call(feeds, n));
  if (missing.length) {
    const what = missing.map((n) => {
      const d = declared.get(n);
      if (!d || !d.elem) return `'${n}'`;
      return `'${n}' (${d.elem}${d.shape ? ' ' + fmtShape(d.shape) : ''})`;
    });
    fail(`missing --input for ${what.join(', ')}`);
  }

  // Output files: check before running that no two output names sanitize to the same file.
  const outFiles = new Map();  // output name -> file
  const byBase = new Map();
  for (const name of session.outputNames) {
    const base = sanitizeName(name);
    if (byBase.has(base)) fail(`outputs '${byBase.get(base)}' and '${name}' would both be written to ${base}.npy`);
    byBase.set(base, name);
    outFiles.set(name, path.join(args.outputDir, `${base}.npy`));
  }

  const runOnce = async () => {
    try {
      return await session.run(feeds);
    } catch (e) {
      fail(`onnxruntime failed to run ${args.model}: ${e.message}`);
    }
    return null;
  };

  // First run: the one whose outputs are written; with --repeat it is the warm-up.
  const t0 = nowMs();
  const results = await runOnce();
  const firstMs = nowMs() - t0;
  const times = [];
  for (let r = 0; r < args.repeat; r++) {
    const s = nowMs();
    await runOnce();
    times.push(nowMs() - s);
  }

  // Outputs.
  fs.mkdirSync(args.outputDir, { recursive: true });
  for (const name of session.outputNames) {
    const t = results[name];
    if (!t || typeof t.type !== 'string' || !t.dims) fail(`output '${name}' is not a tensor; only tensor outputs can be written`);
    const descr = ORT_TO_DESCR[t.type];
    if (!descr) fail(`output '${name}' has type ${t.type}, which cannot be written as .npy (supported: ${Object.keys(ORT_TO_DESCR).join(', ')})`);
    const file = outFiles.get(name);
    fs.writeFileSync(file, encodeNpy(descr, Array.from(t.dims, Number), t.data));
    process.stdout.write(`ort-run: ${name} -> ${file} (${t.type} ${fmtShape(Array.from(t.dims, Number))})\n`);
  }

  const timing = {
    model: args.model,
    onnxruntime_node: ort.env.versions ? ort.env.versions.node : undefined,
    threads: args.threads,
    graph_optimization_level: 'all',
    load_ms: loadMs,
    first_run_ms: firstMs,
    warmup: args.repeat > 0 ? 1 : 0,
    repeat: args.repeat,
  };
  if (args.repeat > 0) {
    Object.assign(timing, {
      median_ms: median(times), mean_ms: mean(times),
      min_ms: Math.min(...times), max_ms: Math.max(...times), times_ms: times,
    });
    process.stdout.write(`ort-run: ${args.repeat} timed runs after 1 warm-up, ${args.threads} thread(s): ` +
      `median ${timing.median_ms.toFixed(3)} ms, mean ${timing.mean_ms.toFixed(3)} ms ` +
      `(min ${timing.min_ms.toFixed(3)}, max ${timing.max_ms.toFixed(3)}; load ${loadMs.toFixed(1)} ms)\n`);
  } else {
    process.stdout.write(`ort-run: 1 run, ${args.threads} thread(s): ${firstMs.toFixed(3)} ms (load ${loadMs.toFixed(1)} ms)\n`);
  }
  if (args.json) {
    fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
    fs.writeFileSync(args.json, JSON.stringify(timing, null, 2) + '\n');
  }
}

module.exports = { readNpy, writeNpy, encodeNpy, parseModelInfo, sanitizeName };

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    if (e instanceof UserError) process.stderr.write(`ort-run: error: ${e.message}\n`);
    else process.stderr.write(`ort-run: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  });
}
