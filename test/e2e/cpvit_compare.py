#!/usr/bin/python3
"""Kiln's CP-ViT / EViT / ToMe pruning of the bundled ViT vs the PyTorch reference.

For each configuration the script compiles examples/models/vit.onnx with
kiln-compile --cp-vit-* (raise, calibrate, prune, lower; host target), runs
it on Fashion-MNIST test images with kiln-run --sweep, and runs the same
pruning in examples/cpvit/pruning.py, an independent PyTorch
implementation written from docs/transforms/cp-vit.md (not from Kiln's
code). It checks

  * the per-block token counts in Kiln's remark equal the reference schedule
    (geometric, or layer-aware from the reference's own attention ranges on
    the same calibration images);
  * the logits agree within 1e-4 on every image whose token selection is not
    a near-tie (the reference's smallest selection-score gap >= 1e-4; a
    smaller gap lets float rounding legitimately pick another token);
  * FLOPs: Kiln's before/after counts (kiln-count-flops rules) are printed
    beside the reference's count_flops.

Usage: cpvit_compare.py --bin BUILD/bin --work DIR [--images 48] [--calib 64]
"""

import argparse
import os
import re
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "examples"))
sys.path.insert(0, os.path.join(ROOT, "examples", "cpvit"))
import fmnist  # noqa: E402
import pruning  # noqa: E402
from vit_reference import ViTReference  # noqa: E402

MODEL = os.path.join(ROOT, "examples", "models", "vit.onnx")
TOL, GAP = 1e-4, 1e-4

# name, policy, keep ratio, head keep ratio, calibrated (layer-aware + heads),
# head score
CONFIGS = [
    ("cp-vit keep 0.5", "cp-vit", 0.5, 1.0, False, "output"),
    ("cp-vit keep 0.3 layer-aware heads 0.75", "cp-vit", 0.3, 0.75, True, "output"),
    ("cp-vit keep 0.6 heads 0.5 by attention", "cp-vit", 0.6, 0.5, True, "attention"),
    ("evit keep 0.5", "evit", 0.5, 1.0, False, "output"),
    ("evit keep 0.7 heads 0.5", "evit", 0.7, 0.5, True, "output"),
    ("tome keep 0.5", "tome", 0.5, 1.0, False, "output"),
    ("tome keep 0.4 layer-aware", "tome", 0.4, 1.0, True, "output"),
]


def kiln(args, work, name, policy, keep, head_keep, calibrated, head_score, calib_path,
         images_path):
    tag = re.sub(r"[^a-z0-9]+", "_", name)
    kbin = os.path.join(work, tag + ".kbin")
    cmd = [os.path.join(args.bin, "kiln-compile"), MODEL, "-o", kbin,
           f"--cp-vit-keep={keep}", f"--cp-vit-policy={policy}",
           f"--cp-vit-head-keep={head_keep}", "--cp-vit-first-layer=1"]
    if head_keep < 1:
        cmd.append(f"--cp-vit-head-score={head_score}")
    if calibrated:
        cmd.append(f"--cp-vit-calibration={calib_path}")
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"{name}: kiln-compile failed:\n{res.stderr}")
    m = re.search(r"patch tokens after each block \[([0-9 ]+)\].*FLOPs (\d+) -> (\d+)",
                  res.stderr)
    if not m:
        sys.exit(f"{name}: no cp-vit-prune remark in:\n{res.stderr}")
    tokens = [int(t) for t in m.group(1).split()]
    out = os.path.join(work, tag)
    os.makedirs(out, exist_ok=True)
    subprocess.run([os.path.join(args.bin, "kiln-run"), kbin, "--sweep",
                    f"input={images_path}", "--output-dir", out, "--quiet"], check=True)
    logits = np.load(os.path.join(out, "logits.npy")).reshape(-1, 10)
    return tokens, int(m.group(2)), int(m.group(3)), logits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--images", type=int, default=48)
    ap.add_argument("--calib", type=int, default=64)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    torch.set_num_threads(1)
    model = ViTReference(MODEL)
    test = fmnist.to_input(fmnist.load("test")[0][:args.images])
    calib = fmnist.to_input(fmnist.load("train")[0][:args.calib])
    images_path = os.path.join(args.work, "images.npy")
    calib_path = os.path.join(args.work, "calib.npy")
    np.save(images_path, test[:, None])          # sweep slices of shape [1,1,28,28]
    np.save(calib_path, calib)
    x, xc = torch.from_numpy(test), torch.from_numpy(calib)
    ranges = pruning.attention_range(model, xc)
    importance = {"output": pruning.calibrated_head_output(model, xc),
                  "attention": pruning.calibrated_head_importance(model, xc)}
    patches, first = model.grid ** 2, 1
    ok = True
    for name, policy, keep, head_keep, calibrated, head_score in CONFIGS:
        tokens, before, after, got = kiln(args, args.work, name, policy, keep, head_keep,
                                          calibrated, head_score, calib_path, images_path)
        sched = (pruning.layer_aware_schedule(keep, ranges, first, patches) if calibrated
                 else pruning.progressive_schedule(keep, first, model.depth, patches))
        count = max(1, int(np.floor(head_keep * model.heads + 0.5)))
        heads = (pruning.static_heads(importance[head_score], count, first)
                 if count < model.heads else None)
        ref_policy = policy.replace("-", "_")
        with torch.no_grad():
            want, trace = pruning.pruned_forward(model, x, ref_policy, sched, None, first,
                                                 return_trace=True, kept_heads=heads)
        gaps = [g for g in trace["margin"] if g is not None]
        gap = torch.stack(gaps).min(0).values if gaps else torch.full((len(x),), 1e9)
        clear = (gap >= GAP).numpy()
        diff = np.abs(got - want.numpy()).max(axis=1)
        worst = float(diff[clear].max()) if clear.any() else 0.0
        ref_flops = pruning.count_flops(model, trace)
        base_ref = pruning.flops_of(model, "none")
        good = tokens == sched and worst <= TOL and clear.sum() >= len(x) // 2
        ok &= good
        print(f"{name}: tokens {tokens} (reference {sched}); "
              f"{int(clear.sum())}/{len(x)} images compared (gap >= {GAP:g}), "
              f"max |logit diff| = {worst:.2e}; "
              f"FLOPs kiln {before} -> {after} ({100 * (1 - after / before):.1f}% fewer), "
              f"reference {base_ref} -> {ref_flops} "
              f"({100 * (1 - ref_flops / base_ref):.1f}% fewer): {'OK' if good else 'FAIL'}")
    print("ALL OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
