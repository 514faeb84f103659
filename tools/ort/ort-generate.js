#!/usr/bin/env node
// ort-generate.js: greedy generation with onnxruntime, the independent reference for
// `kiln-run --generate`. Written apart from Kiln's loop (kiln/rt/Generate.h) on the same
// interface: a step model with inputs token int64 [1,1], position int64 [1], past_<name>
// [1,H,C,D] and outputs logits [1,1,V], present_<name>; an optional prefill model
// (tokens int64 [1,P] -> logits [1,P,V], present_<name> [1,H,P,D]).
//
//   node tools/ort/ort-generate.js step.onnx --steps N (--prompt TEXT | --prompt-tokens t.npy)
//        [--prefill prefill.onnx] --out tokens.npy
'use strict';

const { readNpy, writeNpy } = require('./ort-run.js');

function fail(msg) {
  console.error(`error: ${msg}`);
  process.exit(1);
}

function argmax(data, offset, n) {
  let best = 0;
  for (let i = 1; i < n; ++i) if (data[offset + i] > data[offset + best]) best = i;
  return best;
}

async function main() {
  const argv = process.argv.slice(2);
  const args = { steps: 0, prompt: null, promptTokens: null, prefill: null, out: null, model: null };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const next = () => { if (i + 1 >= argv.length) fail(`${a} needs a value`); return argv[++i]; };
    if (a === '--steps') args.steps = parseInt(next(), 10);
    else if (a === '--prompt') args.prompt = next();
    else if (a === '--prompt-tokens') args.promptTokens = next();
    else if (a === '--prefill') args.prefill = next();
    else if (a === '--out') args.out = next();
    else if (!args.model) args.model = a;
    else fail(`unexpected argument ${a}`);
  }
  if (!args.model || !(args.steps > 0) || !args.out || (args.prompt === null) === (args.promptTokens === null))
    fail('usage: ort-generate.js step.onnx --steps N (--prompt T | --prompt-tokens t.npy) [--prefill p.onnx] --out t.npy');
  let prompt;
  if (args.prompt !== null) prompt = Array.from(Buffer.from(args.prompt, 'latin1'));
  else prompt = Array.from(readNpy(args.promptTokens).data, (x) => Number(x));

  const ort = require('onnxruntime-node');
  const options = { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 4 };
  const step = await ort.InferenceSession.create(args.model, options);
  const cacheNames = step.inputNames.filter((n) => n.startsWith('past_'));
  // onnxruntime-node does not expose input shapes: read them from the model file.
  const { parseModelInfo } = require('./ort-run.js');
  const info = parseModelInfo(args.model);
  const shapeOf = {};
  for (const inp of info.inputs) shapeOf[inp.name] = inp.shape;
  const feeds = {};
  for (const n of cacheNames) {
    const shape = shapeOf[n];
    if (!shape || shape.length !== 4) fail(`${args.model}: cache input ${n} has no static 4-d shape`);
    feeds[n] = new ort.Tensor('float32', new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
  }
  const capacity = shapeOf[cacheNames[0]][2];
  let cached = 0;
  const out = [];
  let next;
  const runStep = async (tok) => {
    feeds.token = new ort.Tensor('int64', BigInt64Array.from([BigInt(tok)]), [1, 1]);
    feeds.position = new ort.Tensor('int64', BigInt64Array.from([BigInt(cached)]), [1]);
    const r = await step.run(feeds);
    for (const n of cacheNames) feeds[n] = r['present_' + n.slice(5)];
    cached += 1;
    const logits = r.logits;
    return argmax(logits.data, 0, logits.dims[2]);
  };
  if (args.prefill) {
    const pre = await ort.InferenceSession.create(args.prefill, options);
    const r = await pre.run({ tokens: new ort.Tensor('int64', BigInt64Array.from(prompt.map(BigInt)), [1, prompt.length]) });
    for (const n of cacheNames) {
      const src = r['present_' + n.slice(5)];
      const [, heads, p, d] = src.dims;
      const dst = feeds[n].data;
      for (let h = 0; h < heads; ++h)
        dst.set(src.data.subarray(h * p * d, (h + 1) * p * d), h * capacity * d);
    }
    cached = prompt.length;
    const v = r.logits.dims[2];
    next = argmax(r.logits.data, (prompt.length - 1) * v, v);
  } else {
    for (const t of prompt) next = await runStep(t);
  }
  out.push(next);
  while (out.length < args.steps) out.push(await runStep(out[out.length - 1]));
  writeNpy(args.out, '<i8', [out.length], BigInt64Array.from(out.map(BigInt)));
}

main().catch((e) => fail(e.message));
