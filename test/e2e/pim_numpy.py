#!/usr/bin/python3
"""Decode attention on the dimm-pim simulator against NumPy.

Builds an ONNX decode-attention graph (q, K and V caches, a position per
sequence; Transpose, MatMul, Div, prefix mask, Softmax, MatMul; grouped-query
when --group > 1), compiles it for dimm-pim, runs it with kiln-run on random
inputs and compares the output with

  * a NumPy model of the PIM units' arithmetic (docs/targets/dimm-pim.md,
    "Arithmetic"): fp16 operands, products accumulated in fp32 in element
    order, per-chunk softmax with exp in double rounded to fp32, fp16
    probabilities for S.V, chunks merged in order on each rank and the ranks
    in rank order: bit for bit;
  * fp64 softmax attention over the same fp16 values: within --tolerance.

usage: pim_numpy.py --bin DIR --work DIR --batch B --kv-heads H --group G
         --capacity C --head-dim D --lengths L1,L2,... [--chunk T] [--seed S]
"""

import argparse
import json
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def build_model(B, Hkv, G, C, d):
    H = Hkv * G
    nodes, inits = [], []

    def const(name, arr):
        inits.append(numpy_helper.from_array(arr, name))
        return name

    q = "q"
    if G > 1:
        nodes.append(helper.make_node(
            "Reshape", ["q", const("gshape", np.array([B, Hkv, G, d], np.int64))],
            ["qg"]))
        q = "qg"
    nodes.append(helper.make_node("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]))
    nodes.append(helper.make_node("MatMul", [q, "kt"], ["s"]))
    nodes.append(helper.make_node(
        "Div", ["s", const("sqrtd", np.array(np.sqrt(d), np.float32))], ["sd"]))
    nodes.append(helper.make_node(
        "Reshape", ["position", const("pshape", np.array([B, 1, 1, 1], np.int64))],
        ["p4"]))
    nodes.append(helper.make_node(
        "Greater", [const("arange", np.arange(C, dtype=np.int64).reshape(1, 1, 1, C)),
                    "p4"], ["mask"]))
    nodes.append(helper.make_node(
        "Where", ["mask", const("ninf", np.array(-np.inf, np.float32)), "sd"],
        ["sm"]))
    nodes.append(helper.make_node("Softmax", ["sm"], ["p"], axis=-1))
    out = "o" if G == 1 else "og"
    nodes.append(helper.make_node("MatMul", ["p", "v"], [out]))
    if G > 1:
        nodes.append(helper.make_node(
            "Reshape", ["og", const("oshape", np.array([B, H, 1, d], np.int64))],
            ["o"]))
    f = TensorProto.FLOAT
    graph = helper.make_graph(
        nodes, "decode_attention",
        [helper.make_tensor_value_info("q", f, [B, H, 1, d]),
         helper.make_tensor_value_info("k", f, [B, Hkv, C, d]),
         helper.make_tensor_value_info("v", f, [B, Hkv, C, d]),
         helper.make_tensor_value_info("position", TensorProto.INT64, [B])],
        [helper.make_tensor_value_info("o", f, [B, H, 1, d])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])


def f32(x):
    return np.float32(x)


def chunk_partial(q, k, v, scale):
    """One chunk (count tokens): m, l, o by the units' arithmetic."""
    count, d = k.shape
    qf = q.astype(np.float32)
    kf = k.astype(np.float32)
    scores = np.zeros(count, np.float32)
    for i in range(d):  # element order, fp32 accumulation
        scores = (scores + (qf[i] * kf[:, i])).astype(np.float32)
    scaled = (scores * f32(scale)).astype(np.float32)
    m = scaled.max()
    p = np.exp((scaled - m).astype(np.float32).astype(np.float64)).astype(np.float32)
    l = np.cumsum(p, dtype=np.float32)[-1]  # in token order
    ph = p.astype(np.float16).astype(np.float32)
    o = np.zeros(d, np.float32)
    vf = v.astype(np.float32)
    for t in range(count):
        o = (o + (ph[t] * vf[t])).astype(np.float32)
    return m, l, o


def merge(a, b):
    if b is None:
        return a
    if a is None:
        return b
    m = max(a[0], b[0])
    al = np.float32(np.exp(np.float64(f32(a[0] - m))))
    be = np.float32(np.exp(np.float64(f32(b[0] - m))))
    l = f32(f32(a[1] * al) + f32(b[1] * be))
    o = ((a[2] * al).astype(np.float32) + (b[2] * be).astype(np.float32)).astype(np.float32)
    return m, l, o


def pim_reference(q, k, v, length, scale, chunk, spread):
    chunks = (length + chunk - 1) // chunk
    total = None
    for rank in range(spread):
        part = None
        for j in range(rank, chunks, spread):
            s, e = j * chunk, min(length, (j + 1) * chunk)
            part = merge(part, chunk_partial(q, k[s:e], v[s:e], scale))
        total = merge(total, part)
    return (total[2] / total[1]).astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--kv-heads", type=int, required=True)
    ap.add_argument("--group", type=int, default=1)
    ap.add_argument("--capacity", type=int, required=True)
    ap.add_argument("--head-dim", type=int, required=True)
    ap.add_argument("--lengths", required=True)
    ap.add_argument("--chunk", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--tolerance", type=float, default=2e-3)
    a = ap.parse_args()
    B, Hkv, G, C, d = a.batch, a.kv_heads, a.group, a.capacity, a.head_dim
    lengths = [int(x) for x in a.lengths.split(",")]
    assert len(lengths) == B
    os.makedirs(a.work, exist_ok=True)
    model = os.path.join(a.work, "attn.onnx")
    onnx.save(build_model(B, Hkv, G, C, d), model)
    kbin = os.path.join(a.work, "attn.kbin")
    subprocess.run([os.path.join(a.bin, "kiln-compile"), model, "--target=dimm-pim",
                    f"--pim-chunk={a.chunk}", "-o", kbin], check=True)
    dump = json.loads(subprocess.run([os.path.join(a.bin, "kiln-objdump"), kbin, "--json"],
                                     check=True, capture_output=True, text=True).stdout)
    steps = [s for s in dump["program"] if s.get("target") == "dimm-pim"]
    assert len(steps) == 1, "the attention was not offloaded"
    spread = steps[0]["attrs"]["spread"]["i"]

    rng = np.random.default_rng(a.seed)
    H = Hkv * G
    q = rng.standard_normal((B, H, 1, d)).astype(np.float32)
    k = rng.standard_normal((B, Hkv, C, d)).astype(np.float32)
    v = rng.standard_normal((B, Hkv, C, d)).astype(np.float32)
    pos = np.array([n - 1 for n in lengths], np.int64)
    for name, arr in (("q", q), ("k", k), ("v", v), ("position", pos)):
        np.save(os.path.join(a.work, name + ".npy"), arr)
    out_dir = os.path.join(a.work, "out")
    os.makedirs(out_dir, exist_ok=True)
    subprocess.run([os.path.join(a.bin, "kiln-run"), kbin,
                    "--input", "q=" + os.path.join(a.work, "q.npy"),
                    "--input", "k=" + os.path.join(a.work, "k.npy"),
                    "--input", "v=" + os.path.join(a.work, "v.npy"),
                    "--input", "position=" + os.path.join(a.work, "position.npy"),
                    "--output-dir", out_dir], check=True, stdout=subprocess.DEVNULL)
    got = np.load(os.path.join(out_dir, "o.npy"))

    qh, kh, vh = (x.astype(np.float16) for x in (q, k, v))
    scale = np.float32(1) / np.float32(np.sqrt(d))
    exact = worst = 0
    for b in range(B):
        n = lengths[b]
        for h in range(H):
            kvh = h // G
            want = pim_reference(qh[b, h, 0], kh[b, kvh, :n], vh[b, kvh, :n],
                                 n, scale, a.chunk, spread)
            exact += int(np.array_equal(got[b, h, 0].view(np.uint32),
                                        want.view(np.uint32)))
            kd, vd = kh[b, kvh, :n].astype(np.float64), vh[b, kvh, :n].astype(np.float64)
            s = kd @ qh[b, h, 0].astype(np.float64) / np.sqrt(d)
            p = np.exp(s - s.max())
            ref = (p / p.sum()) @ vd
            worst = max(worst, float(np.abs(got[b, h, 0] - ref).max() /
                                     max(np.abs(ref).max(), 1e-30)))
    ok = exact == B * H and worst <= a.tolerance
    print(f"pim_numpy: B={B} Hkv={Hkv} G={G} C={C} d={d} chunk={a.chunk} "
          f"spread={spread} lengths={a.lengths}: bit-exact heads {exact} of {B * H}, "
          f"relative error vs fp64 {worst:.2e} (tolerance {a.tolerance:g}): "
          f"{'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
