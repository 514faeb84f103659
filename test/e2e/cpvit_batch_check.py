#!/usr/bin/python3
"""Pruning at batch > 1 on a ViT built on torch.nn.MultiheadAttention.

Builds a small ViT (3 pre-norm blocks, dim 32, 4 heads, 4x4 patches of
16x16 inputs, nn.MultiheadAttention(batch_first=True), random weights, seed
0), exports it with a dynamic batch axis, and compiles it with kiln-compile
--input-shape input=3x1x16x16 (the batch pinned; the exporter's shape
arithmetic must fold). Checks
  * unpruned: Kiln's logits equal PyTorch's (the model itself);
  * each policy: Kiln's pruned logits at batch 3 equal the PyTorch reference
    of examples/cpvit/pruning.py run on the same module's weights (through an
    adapter written here), within 1e-4, images with a selection-score gap
    < 1e-4 skipped;
  * per-input selection does not depend on the batch: the batch-1 build run
    image by image gives the same logits as the batch-3 build.
Usage: cpvit_batch_check.py --bin BUILD/bin --work DIR
"""

import argparse
import os
import re
import subprocess
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "examples", "cpvit"))
import pruning  # noqa: E402

DIM, HEADS, DEPTH, BATCH, GRID = 32, 4, 3, 3, 4


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.n1 = nn.LayerNorm(DIM)
        self.att = nn.MultiheadAttention(DIM, HEADS, batch_first=True)
        self.n2 = nn.LayerNorm(DIM)
        self.mlp = nn.Sequential(nn.Linear(DIM, 64), nn.GELU(), nn.Linear(64, DIM))

    def forward(self, x):
        y = self.n1(x)
        x = x + self.att(y, y, y, need_weights=False)[0]
        return x + self.mlp(self.n2(x))


class ViT(nn.Module):
    def __init__(self):
        super().__init__()
        self.pe = nn.Conv2d(1, DIM, 4, 4)
        self.cls = nn.Parameter(torch.randn(1, 1, DIM))
        self.pos = nn.Parameter(torch.randn(1, GRID * GRID + 1, DIM) * 0.1)
        self.blocks = nn.Sequential(*[Block() for _ in range(DEPTH)])
        self.n = nn.LayerNorm(DIM)
        self.head = nn.Linear(DIM, 10)

    def forward(self, x):
        x = self.pe(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], 1) + self.pos
        return self.head(self.n(self.blocks(x))[:, 0])


class Adapter:
    """The ViT above seen through the interface pruning.pruned_forward uses."""

    def __init__(self, m):
        self.m, self.depth, self.heads, self.dim = m, DEPTH, HEADS, DIM
        self.head_dim, self.grid = DIM // HEADS, GRID

    def embed(self, x):
        m = self.m
        x = m.pe(x).flatten(2).transpose(1, 2)
        return torch.cat([m.cls.expand(x.shape[0], -1, -1), x], 1) + m.pos

    def _split(self, t):
        b, n, _ = t.shape
        return t.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)

    def attention_probs(self, layer, x, key_bias=None):
        blk = self.m.blocks[layer]
        h = blk.n1(x)
        wq, wk, wv = blk.att.in_proj_weight.chunk(3)
        bq, bk, bv = blk.att.in_proj_bias.chunk(3)
        q, k, v = (self._split(F.linear(h, w, b)) for w, b in ((wq, bq), (wk, bk), (wv, bv)))
        logits = (q @ k.transpose(-2, -1)) / float(np.sqrt(self.head_dim))
        if key_bias is not None:
            logits = logits + key_bias[:, None, None, :]
        return q, k, v, logits.softmax(-1)

    def attention_out(self, layer, probs, v, head_mask=None):
        out = probs @ v
        if head_mask is not None:
            out = out * head_mask[:, :, None, None].to(out.dtype)
        b, _, n, _ = out.shape
        return self.m.blocks[layer].att.out_proj(out.transpose(1, 2).reshape(b, n, self.dim))

    def mlp(self, layer, x):
        blk = self.m.blocks[layer]
        return blk.mlp(blk.n2(x))

    def final(self, x):
        return self.m.head(self.m.n(x)[:, 0])


def compile_run(args, model, batch, images, opts, tag):
    kbin = os.path.join(args.work, f"{tag}.kbin")
    res = subprocess.run([os.path.join(args.bin, "kiln-compile"), model, "-o", kbin,
                          f"--input-shape=input={batch}x1x16x16"] + opts,
                         capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"{tag}: kiln-compile failed:\n{res.stderr}")
    stack = os.path.join(args.work, f"{tag}.in.npy")
    np.save(stack, images.reshape(-1, batch, 1, 16, 16))
    out = os.path.join(args.work, tag)
    os.makedirs(out, exist_ok=True)
    subprocess.run([os.path.join(args.bin, "kiln-run"), kbin, "--sweep", f"input={stack}",
                    "--output-dir", out, "--quiet"], check=True)
    m = re.search(r"patch tokens after each block \[([0-9 ]+)\]", res.stderr)
    return (np.load(os.path.join(out, "logits.npy")).reshape(-1, 10),
            [int(t) for t in m.group(1).split()] if m else None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    vit = ViT().eval()
    images = torch.randn(4 * BATCH, 1, 16, 16)
    path = os.path.join(args.work, "vit_dyn.onnx")
    torch.onnx.export(vit, images[:BATCH], path, opset_version=14, input_names=["input"],
                      output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    x = images.numpy()
    with torch.no_grad():
        want = vit(images).numpy()
    got, _ = compile_run(args, path, BATCH, x, [], "plain")
    err = float(np.abs(got - want).max())
    ok = err < 1e-4
    print(f"unpruned batch {BATCH} vs PyTorch: max |diff| = {err:.2e} {'OK' if ok else 'FAIL'}")
    ref = Adapter(vit)
    for policy in ("cp-vit", "evit", "tome"):
        opts = [f"--cp-vit-keep=0.5", f"--cp-vit-policy={policy}"]
        got3, tokens = compile_run(args, path, BATCH, x, opts, policy + "3")
        got1, _ = compile_run(args, path, 1, x, opts, policy + "1")
        sched = pruning.progressive_schedule(0.5, 1, DEPTH, GRID * GRID)
        with torch.no_grad():
            want, trace = pruning.pruned_forward(ref, images, policy.replace("-", "_"), sched,
                                                 None, 1, return_trace=True)
        gaps = [g for g in trace["margin"] if g is not None]
        clear = (torch.stack(gaps).min(0).values >= 1e-4).numpy()
        err_ref = float(np.abs(got3 - want.numpy()).max(1)[clear].max())
        err_batch = float(np.abs(got3 - got1).max())
        good = tokens == sched and err_ref < 1e-4 and err_batch < 1e-5 and clear.sum() >= 6
        ok &= good
        print(f"{policy} keep 0.5 batch {BATCH}: tokens {tokens} (reference {sched}); "
              f"{int(clear.sum())}/{len(x)} compared, max |diff| vs reference {err_ref:.2e}; "
              f"batch {BATCH} vs batch 1 {err_batch:.2e}: {'OK' if good else 'FAIL'}")
    print("ALL OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
