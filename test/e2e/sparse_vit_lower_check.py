#!/usr/bin/python3
"""Runs each sparse_vit op, lowered to onnx ops, on Kiln's host target and
compares it with an independent implementation.

For every case the script writes a small sparse_vit/onnx MLIR function whose
data are function arguments, compiles it with `kiln-compile case.mlir`
(which lowers the sparse_vit ops), runs it with kiln-run on random inputs
and compares the outputs with numpy, or with the PyTorch reference of
examples/cpvit/pruning.py (select_topk, _evit_reduce, _tome_merge), within
1e-5. Scores with exact ties check that the lower index wins.

Usage: sparse_vit_lower_check.py --bin BUILD/bin --work DIR
"""

import argparse
import os
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "examples", "cpvit"))
import pruning  # noqa: E402

RNG = np.random.default_rng(7)


def ttype(shape, elem="f32"):
    return "tensor<" + "x".join(str(d) for d in shape) + ("x" if shape else "") + elem + ">"


def literal(a):
    if a.ndim == 0:
        return "%.9e" % float(a)
    return "[" + ", ".join(literal(v) for v in a) + "]"


def dense(values, shape):
    return "dense<" + literal(np.asarray(values, dtype=np.float32).reshape(shape)) + \
        "> : " + ttype(shape)


class Case:
    def __init__(self, name, work, kiln_bin):
        self.name, self.work, self.bin = name, os.path.join(work, name), kiln_bin
        os.makedirs(self.work, exist_ok=True)

    def run(self, body, args, results):
        """body: MLIR lines; args: [(name, array)]; results: [(ssa, type)]."""
        sig = ", ".join(f"%{n}: {ttype(a.shape, 'i64' if a.dtype == np.int64 else 'f32')}"
                        for n, a in args)
        rtypes = ", ".join(t for _, t in results)
        text = (f"func.func @main({sig}) -> ({rtypes}) {{\n" + "\n".join("  " + b for b in body)
                + f"\n  return {', '.join(v for v, _ in results)} : {rtypes}\n}}\n")
        mlir = os.path.join(self.work, "case.mlir")
        with open(mlir, "w") as f:
            f.write(text)
        kbin = os.path.join(self.work, "case.kbin")
        subprocess.run([os.path.join(self.bin, "kiln-compile"), mlir, "-o", kbin], check=True)
        cmd = [os.path.join(self.bin, "kiln-run"), kbin, "--output-dir", self.work, "--quiet"]
        for i, (n, a) in enumerate(args):
            path = os.path.join(self.work, f"{n}.npy")
            np.save(path, a)
            cmd += ["--input", f"arg{i}={path}"]
        subprocess.run(cmd, check=True)
        return [np.load(os.path.join(self.work, f"output{i}.npy")) for i in range(len(results))]


def check(name, got, want, tol=1e-5):
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        print(f"{name}: FAIL shape {got.shape} != {want.shape}")
        return False
    err = float(np.max(np.abs(got.astype(np.float64) - want.astype(np.float64)))) if got.size else 0.0
    ok = err <= tol
    print(f"{name}: max |diff| = {err:.2e} {'OK' if ok else 'FAIL'}")
    return ok


def attention_ref(x, w, heads, scale, kept=None, key_bias=None):
    wq, bq, wk, bk, wv, bv, wo, bo = w
    b, t, d = x.shape
    hd = d // heads
    q = (x @ wq + bq).reshape(b, t, heads, hd).transpose(0, 2, 1, 3)
    k = (x @ wk + bk).reshape(b, t, heads, hd).transpose(0, 2, 1, 3)
    v = (x @ wv + bv).reshape(b, t, heads, hd).transpose(0, 2, 1, 3)
    logits = q @ k.transpose(0, 1, 3, 2) * scale
    if key_bias is not None:
        logits = logits + key_bias[:, None, None, :]
    logits = logits - logits.max(-1, keepdims=True)
    p = np.exp(logits)
    p = p / p.sum(-1, keepdims=True)
    ctx = p @ v
    if kept is not None:
        mask = np.zeros(heads, dtype=bool)
        mask[kept] = True
        ctx = ctx * mask[None, :, None, None]
    out = ctx.transpose(0, 2, 1, 3).reshape(b, t, d) @ wo + bo
    return out, p


def case_attention(work, kbin, constant_weights, kept, key_bias):
    b, t, d, heads, scale = 2, 5, 8, 4, 0.35
    x = RNG.standard_normal((b, t, d)).astype(np.float32)
    w = []
    for _ in range(4):
        w.append((RNG.standard_normal((d, d)) * 0.5).astype(np.float32))
        w.append((RNG.standard_normal(d) * 0.1).astype(np.float32))
    kb = np.log(RNG.integers(1, 4, (b, t))).astype(np.float32) if key_bias else None
    name = "attention" + ("_const" if constant_weights else "_args") + \
        ("_heads" if kept else "") + ("_bias" if key_bias else "")
    case = Case(name, work, kbin)
    args = [("x", x)]
    body, names = [], []
    for i, a in enumerate(w):
        if constant_weights:
            body.append(f"%w{i} = onnx.Constant {dense(a, a.shape)}")
        else:
            args.append((f"w{i}", a))
        names.append(f"%w{i}")
    if key_bias:
        args.append(("kb", kb))
    attrs = f"num_heads = {heads} : i64, scale = {scale} : f32"
    if kept:
        attrs += ", heads = array<i64: " + ", ".join(map(str, kept)) + ">"
    operands = ", ".join(["%x"] + names) + (" key_bias %kb" if key_bias else "")
    in_types = ", ".join([ttype(x.shape)] + [ttype(a.shape) for a in w] +
                         ([ttype(kb.shape)] if key_bias else []))
    out_t, p_t = ttype((b, t, d)), ttype((b, heads, t, t))
    body.append(f"%out, %probs = sparse_vit.attention {operands} {{{attrs}}} : "
                f"({in_types}) -> ({out_t}, {p_t})")
    got = case.run(body, args, [("%out", out_t), ("%probs", p_t)])
    want = attention_ref(x, w, heads, scale, kept, kb)
    return check(name + " out", got[0], want[0]) & check(name + " probs", got[1], want[1])


def random_probs(b, h, t):
    p = RNG.random((b, h, t, t)).astype(np.float32)
    return p / p.sum(-1, keepdims=True)


def case_scores(work, kbin):
    b, h, t = 2, 3, 6
    p = random_probs(b, h, t)
    prev = RNG.random((b, t)).astype(np.float32)
    case = Case("score", work, kbin)
    pt, st = ttype(p.shape), ttype((b, t))
    got = case.run([f'%c = sparse_vit.score %p, %prev {{policy = "cp-vit"}} : ({pt}, {st}) -> {st}',
                    f'%e = sparse_vit.score %p {{policy = "evit"}} : ({pt}) -> {st}'],
                   [("p", p), ("prev", prev)], [("%c", st), ("%e", st)])
    ok = check("score cp-vit", got[0], prev + p.max(axis=2).sum(axis=1))
    return ok & check("score evit", got[1], p[:, :, 0, :].mean(axis=1))


def case_select_gather(work, kbin):
    b, t, d, k = 3, 9, 4, 4
    x = RNG.standard_normal((b, t, d)).astype(np.float32)
    # Exact ties (quarter steps) across the selection boundary.
    s = (RNG.integers(0, 4, (b, t)) / 4.0).astype(np.float32)
    ids = np.tile(np.arange(t, dtype=np.int64), (b, 1)) * 10
    case = Case("select_tokens", work, kbin)
    xt, st, yt, it = ttype(x.shape), ttype(s.shape), ttype((b, k + 1, d)), ttype((b, k + 1), "i64")
    gt = ttype((b, k + 1), "i64")
    got = case.run([f"%y, %i = sparse_vit.select_tokens %x, %s {{keep = {k} : i64}} : ({xt}, {st}) -> ({yt}, {it})",
                    f"%g = sparse_vit.gather_tokens %ids, %i : ({ttype(ids.shape, 'i64')}, {it}) -> {gt}",
                    f"%g3 = sparse_vit.gather_tokens %x, %i : ({xt}, {it}) -> {yt}"],
                   [("x", x), ("s", s), ("ids", ids)],
                   [("%y", yt), ("%i", it), ("%g", gt), ("%g3", yt)])
    idx = pruning.select_topk(torch.from_numpy(s[:, 1:]), k) + 1
    idx = torch.cat((torch.zeros(b, 1, dtype=idx.dtype), idx), 1).numpy()
    want_y = np.take_along_axis(x, idx[..., None], 1)
    ok = check("select_tokens y", got[0], want_y) & check("select_tokens indices", got[1], idx)
    return ok & check("gather_tokens i64", got[2], np.take_along_axis(ids, idx, 1)) & \
        check("gather_tokens f32", got[3], want_y)


def case_fuse(work, kbin):
    b, h, t, d, k = 2, 2, 9, 4, 4
    x = RNG.standard_normal((b, t, d)).astype(np.float32)
    p = random_probs(b, h, t)
    # CLS-attention scores with a tie across the boundary in image 0.
    p[0, :, 0, 3] = p[0, :, 0, 5]
    score = p[:, :, 0, :].mean(axis=1)
    case = Case("fuse_inattentive", work, kbin)
    xt, st, yt = ttype(x.shape), ttype(score.shape), ttype((b, k + 2, d))
    got = case.run([f"%y = sparse_vit.fuse_inattentive %x, %s {{keep = {k} : i64}} : ({xt}, {st}) -> {yt}"],
                   [("x", x), ("s", score)], [("%y", yt)])
    ids = torch.arange(t).expand(b, t).clone()
    want, _, _ = pruning._evit_reduce(torch.from_numpy(x), ids, torch.from_numpy(p), k + 1)
    return check("fuse_inattentive", got[0], want.numpy())


def case_merge(work, kbin, t, r):
    b, d, dk = 2, 6, 5
    x = RNG.standard_normal((b, t, d)).astype(np.float32)
    keys = RNG.standard_normal((b, t, dk)).astype(np.float32)
    keys[1, 4] = keys[1, 2]          # equal similarities: ties to the lower rank
    sizes = RNG.integers(1, 4, (b, t)).astype(np.float32)
    name = f"merge_tokens_t{t}_r{r}"
    case = Case(name, work, kbin)
    xt, kt, st = ttype(x.shape), ttype(keys.shape), ttype(sizes.shape)
    yt, so = ttype((b, t - r, d)), ttype((b, t - r))
    got = case.run([f"%y, %s = sparse_vit.merge_tokens %x, %k, %sz {{r = {r} : i64}} : ({xt}, {kt}, {st}) -> ({yt}, {so})"],
                   [("x", x), ("k", keys), ("sz", sizes)], [("%y", yt), ("%s", so)])
    ids = torch.arange(t).expand(b, t).clone()
    wy, _, ws, _ = pruning._tome_merge(torch.from_numpy(x), ids, torch.from_numpy(sizes),
                                       torch.from_numpy(keys)[:, None], r)
    return check(name + " y", got[0], wy.numpy()) & check(name + " sizes", got[1], ws.numpy())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    ok = True
    ok &= case_attention(args.work, args.bin, True, None, False)
    ok &= case_attention(args.work, args.bin, True, [0, 2], False)
    ok &= case_attention(args.work, args.bin, False, [3], True)
    ok &= case_scores(args.work, args.bin)
    ok &= case_select_gather(args.work, args.bin)
    ok &= case_fuse(args.work, args.bin)
    ok &= case_merge(args.work, args.bin, 9, 3)
    ok &= case_merge(args.work, args.bin, 8, 4)
    print("ALL OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
