#!/usr/bin/python3
"""Design ablations behind two CP-ViT defaults (docs/transforms/cp-vit.md).

Runs the PyTorch reference (examples/cpvit/pruning.py) on the bundled ViT
and the first --images Fashion-MNIST test images, 1000 training images for
calibration, and prints two markdown tables:

  1. token score at final keep ratios 0.7 and 0.5 (geometric schedule from
     block 1): cumulative max-received attention (Kiln's score=cp-vit),
     cumulative mean-received, cumulative CLS attention, and EViT;
  2. static head selection (no token pruning, heads removed from block 1)
     by head output share (head-score=output) and by attention peaks
     (head-score=attention), keeping 3 and 2 of the 4 heads.

Usage: /usr/bin/python3 bench/cp_vit_ablations.py [--images 3000]   (about 20 s)
"""

import argparse
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "examples"))
sys.path.insert(0, os.path.join(HERE, "..", "examples", "cpvit"))

import fmnist  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

import pruning  # noqa: E402
from vit_reference import ViTReference  # noqa: E402

SCORES = {
    "max-received (score=cp-vit)": lambda p: p.max(dim=2).values.sum(dim=1),
    "mean-received": lambda p: p.mean(dim=2).sum(dim=1),
    "CLS attention": lambda p: p[:, :, 0, :].sum(dim=1),
}


def accuracy(model, x, y, **cfg):
    with torch.no_grad():
        return float((pruning.pruned_forward(model, x, **cfg).argmax(1) == y).float().mean())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--images", type=int, default=3000)
    args = ap.parse_args()
    torch.set_num_threads(1)
    model = ViTReference()
    images, labels = fmnist.load("test")
    x = torch.from_numpy(fmnist.to_input(images[:args.images]))
    y = torch.from_numpy(labels[:args.images].astype(np.int64))
    calib = torch.from_numpy(fmnist.to_input(fmnist.load("train")[0][:1000]))
    base = accuracy(model, x, y, policy="none")
    print(f"Bundled ViT, {len(y)} test images, unpruned {base * 100:.2f}%.\n")

    print("| token score (cumulative) | keep 0.7 | keep 0.5 |\n|---|---|---|")
    original = pruning.patch_score
    rows = []
    for name, fn in SCORES.items():
        pruning.patch_score = fn
        rows.append((name, [accuracy(model, x, y, policy="cp_vit", keep_schedule=
                                     pruning.progressive_schedule(r, 1, model.depth, 16))
                            for r in (0.7, 0.5)]))
    pruning.patch_score = original
    rows.append(("EViT (CLS attention, fused)",
                 [accuracy(model, x, y, policy="evit",
                           keep_schedule=pruning.progressive_schedule(r, 1, model.depth, 16))
                  for r in (0.7, 0.5)]))
    for name, accs in rows:
        print(f"| {name} | " + " | ".join(f"{a * 100:.2f}" for a in accs) + " |")

    print("\n| head selection (static, from block 1) | 3 of 4 heads | 2 of 4 heads |"
          "\n|---|---|---|")
    for name, importance in (
            ("output share (head-score=output)", pruning.calibrated_head_output(model, calib)),
            ("attention peaks (head-score=attention)",
             pruning.calibrated_head_importance(model, calib))):
        accs = [accuracy(model, x, y, policy="none", first_layer=1,
                         kept_heads=pruning.static_heads(importance, n, 1)) for n in (3, 2)]
        print(f"| {name} | " + " | ".join(f"{a * 100:.2f}" for a in accs) + " |")


if __name__ == "__main__":
    main()
