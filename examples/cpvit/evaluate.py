#!/usr/bin/python3
"""Accuracy and FLOPs of CP-ViT / EViT / ToMe pruning of the bundled ViT on Fashion-MNIST.

Usage: /usr/bin/python3 examples/cpvit/evaluate.py [--model M.onnx] [--first-layer 1]
         [--head-keep 3] [--batch 2000] [--images 10000]

For final keep ratios rho = 0.9, 0.8, ..., 0.3 it runs, on the full 10k test
set (batched, one thread, float32, torch.no_grad):
  cp_vit      geometric progressive schedule (pruning.progressive_schedule)
  cp_vit-LA   layer-aware schedule from the attention range measured on the
              first 1000 training images (pruning.layer_aware_schedule, alpha 1)
  evit, tome  the geometric schedule
each without head pruning and with --head-keep of the 4 heads kept at every
block >= --first-layer (importance: pruning.head_importance). FLOPs per image
follow pruning.count_flops. Prints markdown tables (accuracy, MFLOPs, the
schedules) and the wall time.
"""

import argparse
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import fmnist  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

import pruning  # noqa: E402
from vit_reference import DEFAULT_MODEL, ViTReference  # noqa: E402

RATIOS = (0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3)


def accuracy(model, x, y, batch, **cfg):
    correct = 0
    with torch.no_grad():
        for i in range(0, len(y), batch):
            logits = pruning.pruned_forward(model, x[i:i + batch], **cfg)
            correct += int((logits.argmax(1) == y[i:i + batch]).sum())
    return correct / len(y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--first-layer", type=int, default=1)
    parser.add_argument("--head-keep", type=int, default=3)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--images", type=int, default=10000)
    args = parser.parse_args()
    torch.set_num_threads(1)
    start = time.time()
    model = ViTReference(args.model)
    images, labels = fmnist.load("test")
    x = torch.from_numpy(fmnist.to_input(images[:args.images]))
    y = torch.from_numpy(labels[:args.images].astype(np.int64))
    calib = torch.from_numpy(fmnist.to_input(fmnist.load("train")[0][:1000]))
    ranges = pruning.attention_range(model, calib)
    f, hk, p = args.first_layer, args.head_keep, model.grid ** 2

    t0 = time.time()
    base_acc = accuracy(model, x, y, args.batch, policy="none")
    base_time = time.time() - t0
    base_flops = pruning.flops_of(model, "none")

    methods = [("cp_vit", "cp_vit", "geo"), ("cp_vit-LA", "cp_vit", "la"),
               ("evit", "evit", "geo"), ("tome", "tome", "geo")]
    cols = [(name, pol, sch, h) for name, pol, sch in methods for h in (None, hk)]
    acc, flops, scheds, times = {}, {}, {}, []
    for rho in RATIOS:
        scheds[rho] = {"geo": pruning.progressive_schedule(rho, f, model.depth, p),
                       "la": pruning.layer_aware_schedule(rho, ranges, f, p)}
        for name, pol, sch, h in cols:
            cfg = dict(policy=pol, keep_schedule=scheds[rho][sch], head_keep=h, first_layer=f)
            t0 = time.time()
            acc[rho, name, h] = accuracy(model, x, y, args.batch, **cfg)
            times.append(time.time() - t0)
            flops[rho, name, h] = pruning.flops_of(model, **cfg)
        print(f"  rho {rho}: done ({time.time() - start:.0f} s)", file=sys.stderr, flush=True)

    def head(h):
        return "" if h is None else f" +heads {h}/{model.heads}"

    hdr = "| keep ratio | " + " | ".join(n + head(h) for n, _, _, h in cols) + " |"
    sep = "|" + "---|" * (len(cols) + 1)
    print(f"Bundled ViT ({os.path.relpath(args.model)}), {len(y)} Fashion-MNIST test "
          f"images, first pruned block {f} (blocks 0..{model.depth - 1}).\n")
    print(f"Unpruned: accuracy {base_acc * 100:.2f}%, {base_flops / 1e6:.3f} MFLOPs/image.\n")
    print("Top-1 accuracy (%), tokens pruned/merged from block "
          f"{f}; '+heads {hk}/{model.heads}' also keeps {hk} of {model.heads} heads "
          f"per block >= {f}:\n")
    print(hdr + "\n" + sep)
    for rho in RATIOS:
        print(f"| {rho:.1f} | " + " | ".join(f"{acc[rho, n, h] * 100:.2f}"
                                              for n, _, _, h in cols) + " |")
    print("\nMFLOPs per image (pruning.count_flops; % of unpruned in parentheses):\n")
    print(hdr + "\n" + sep)
    for rho in RATIOS:
        print(f"| {rho:.1f} | " + " | ".join(
            f"{flops[rho, n, h] / 1e6:.3f} ({flops[rho, n, h] / base_flops * 100:.0f}%)"
            for n, _, _, h in cols) + " |")
    print("\nSchedules: non-CLS tokens after the prune point of blocks 0..5 "
          "(geometric / layer-aware); attention range D_l (1000 training images): "
          + ", ".join(f"{d:.3f}" for d in ranges) + "\n")
    print("| keep ratio | geometric | layer-aware |\n|---|---|---|")
    for rho in RATIOS:
        print(f"| {rho:.1f} | {scheds[rho]['geo']} | {scheds[rho]['la']} |")
    # Near-ties: images whose token selection is decided by a score gap so small
    # that float32 rounding differences in another implementation could flip it.
    sched = pruning.progressive_schedule(0.5, f, model.depth, p)
    parts = []
    for pol in ("cp_vit", "evit", "tome"):
        small = {1e-5: 0, 1e-4: 0}
        with torch.no_grad():
            for i in range(0, len(y), args.batch):
                _, tr = pruning.pruned_forward(model, x[i:i + args.batch], pol, sched, None, f,
                                               return_trace=True)
                gaps = torch.stack([m for m in tr["margin"] if m is not None]).min(0).values
                for t in small:
                    small[t] += int((gaps < t).sum())
        parts.append(f"{pol} {small[1e-5]} / {small[1e-4]}")
    print(f"\nNear-ties at keep ratio 0.5 (no head pruning): test images whose smallest "
          f"selection-score gap is < 1e-5 / < 1e-4: " + ", ".join(parts) + ".")
    total = time.time() - start
    print(f"\nTiming (1 thread, batch {args.batch}): unpruned pass over {len(y)} images "
          f"{base_time:.2f} s; pruned passes {min(times):.2f}..{max(times):.2f} s "
          f"(mean {np.mean(times):.2f} s) for {len(times)} configurations; "
          f"total {total:.0f} s.")


if __name__ == "__main__":
    main()
