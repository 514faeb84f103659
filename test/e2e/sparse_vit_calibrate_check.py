#!/usr/bin/python3
"""cp-vit-calibrate's attention range and head importance vs numpy.

Writes a 2-block model (CLS + 9 patches on a 3x3 grid, dim 8, 2 heads,
random weights, residual attention + MLP blocks) in sparse_vit/onnx MLIR,
runs `kiln-opt --cp-vit-calibrate=inputs=samples.npy` (which executes the
model through Kiln's host runtime) and recomputes both statistics with an
independent numpy forward pass:
  range D_l = mean over samples, heads, query patches i of
              sum_{j patch} P[i,j] |g_i - g_j| / sum_{j patch} P[i,j]
  importance I_l[h] = mean over samples of mean over patch keys j of
              max over all queries i of P[h, i, j]
  head output O_l[h] = mean over samples and tokens i of
              || sum_j P[h, i, j] V_h[j] Wo_h ||
Usage: sparse_vit_calibrate_check.py --bin BUILD/bin --work DIR
"""

import argparse
import os
import re
import subprocess
import sys

import numpy as np

T, D, H, L, N = 10, 8, 2, 2, 5
RNG = np.random.default_rng(3)


def lit(a):
    if a.ndim == 0:
        return "%.9e" % float(a)
    return "[" + ", ".join(lit(v) for v in a) + "]"


def ty(*s):
    return "tensor<" + "x".join(map(str, s)) + "xf32>"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    weights = [(RNG.standard_normal((D, D)) * 0.6).astype(np.float32) for _ in range(5)]
    bias = (RNG.standard_normal(D) * 0.1).astype(np.float32)
    lines = [f"func.func @main(%x: {ty(1, T, D)}) -> {ty(1, D)} {{"]
    for i, w in enumerate(weights):
        lines.append(f"  %w{i} = onnx.Constant dense<{lit(w)}> : {ty(D, D)}")
    lines.append(f"  %b = onnx.Constant dense<{lit(bias)}> : {ty(D)}")
    lines.append("  %zero = onnx.Constant dense<0> : tensor<i64>")
    prev, scale = "%x", 0.5
    for l in range(L):
        lines.append(
            f"  %a{l}, %p{l} = sparse_vit.attention {prev}, %w0, %b, %w1, %b, %w2, %b, %w3, %b "
            f"{{num_heads = {H} : i64, scale = {scale} : f32}} : ({ty(1, T, D)}, "
            + ", ".join([ty(D, D) + ", " + ty(D)] * 4) + f") -> ({ty(1, T, D)}, {ty(1, H, T, T)})")
        lines.append(f"  %r{l} = onnx.Add {prev}, %a{l} : ({ty(1, T, D)}, {ty(1, T, D)}) -> {ty(1, T, D)}")
        lines.append(f"  %m{l} = onnx.MatMul %r{l}, %w4 : ({ty(1, T, D)}, {ty(D, D)}) -> {ty(1, T, D)}")
        lines.append(f"  %t{l} = onnx.Tanh %m{l} : ({ty(1, T, D)}) -> {ty(1, T, D)}")
        lines.append(f"  %h{l} = onnx.Add %r{l}, %t{l} : ({ty(1, T, D)}, {ty(1, T, D)}) -> {ty(1, T, D)}")
        prev = f"%h{l}"
    lines.append(f"  %c = onnx.Gather {prev}, %zero {{axis = 1 : i64}} : ({ty(1, T, D)}, tensor<i64>) -> {ty(1, D)}")
    lines.append(f"  return %c : {ty(1, D)}\n}}")
    model = os.path.join(args.work, "model.mlir")
    with open(model, "w") as f:
        f.write("\n".join(lines) + "\n")
    samples = RNG.standard_normal((N, T, D)).astype(np.float32)
    path = os.path.join(args.work, "samples.npy")
    np.save(path, samples)
    out = subprocess.run([os.path.join(args.bin, "kiln-opt"), model,
                          f"--cp-vit-calibrate=inputs={path}"],
                         capture_output=True, text=True, check=True).stdout
    got_range = [float(v) for v in re.search(r"attention_range = array<f64: ([^>]*)>", out)
                 .group(1).split(",")]
    got_imp = [[float(v) for v in m.split(",")] for m in
               re.findall(r"array<f64: ([^>]*)>", re.search(r"head_importance = \[(.*?)\]", out)
                          .group(1))]
    got_out = [[float(v) for v in m.split(",")] for m in
               re.findall(r"array<f64: ([^>]*)>", re.search(r"head_output = \[(.*?)\]", out)
                          .group(1))]
    inputs = int(re.search(r"inputs = (\d+)", out).group(1))

    # numpy forward
    wq, wk, wv, wo, w1 = [w.astype(np.float64) for w in weights]
    b = bias.astype(np.float64)
    d = D // H
    g = np.array([(p // 3, p % 3) for p in range(T - 1)], dtype=np.float64)
    dist = np.sqrt(((g[:, None, :] - g[None, :, :]) ** 2).sum(-1))
    ranges, imps, outs = np.zeros(L), np.zeros((L, H)), np.zeros((L, H))
    for s in samples.astype(np.float64):
        x = s
        for l in range(L):
            q = (x @ wq + b).reshape(T, H, d).transpose(1, 0, 2)
            k = (x @ wk + b).reshape(T, H, d).transpose(1, 0, 2)
            v = (x @ wv + b).reshape(T, H, d).transpose(1, 0, 2)
            z = q @ k.transpose(0, 2, 1) * scale
            p = np.exp(z - z.max(-1, keepdims=True))
            p /= p.sum(-1, keepdims=True)
            pp = p[:, 1:, 1:]
            ranges[l] += ((pp * dist).sum(-1) / pp.sum(-1)).mean() / N
            imps[l] += p[:, :, 1:].max(axis=1).mean(axis=1) / N
            ctx = p @ v                                   # [H, T, d]
            for h in range(H):
                share = ctx[h] @ wo[h * d:(h + 1) * d]    # [T, D]
                outs[l, h] += np.linalg.norm(share, axis=1).mean() / N
            x = x + (p @ v).transpose(1, 0, 2).reshape(T, D) @ wo + b
            x = x + np.tanh(x @ w1)
    ok = inputs == N
    err_r = float(np.max(np.abs(np.array(got_range) - ranges)))
    err_i = float(np.max(np.abs(np.array(got_imp) - imps)))
    err_o = float(np.max(np.abs(np.array(got_out) - outs) / outs))
    ok &= err_r < 1e-5 and err_i < 1e-5 and err_o < 1e-5
    print(f"calibrate: {inputs} inputs; attention range kiln {['%.5f' % r for r in got_range]} "
          f"numpy {['%.5f' % r for r in ranges]} (max diff {err_r:.1e}); head importance max diff "
          f"{err_i:.1e}; head output max relative diff {err_o:.1e}: {'OK' if ok else 'FAIL'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
