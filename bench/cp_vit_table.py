#!/usr/bin/python3
"""CP-ViT / EViT / ToMe accuracy and FLOPs with Kiln (docs/results/cp-vit.md).

Everything goes through Kiln's tools, as a user would run them:
  kiln-compile vit.onnx --cp-vit-keep=R --cp-vit-policy=P [--cp-vit-head-keep=H]
               [--cp-vit-calibration=calib.npy] -o m.kbin
  kiln-run m.kbin --sweep input=test.npy
and the FLOPs are the counts cp-vit-prune reports (the kiln-count-flops
rules). For the bundled Fashion-MNIST ViT (6 blocks, 16 patches, 4 heads)
it measures top-1 accuracy on the full test set for final keep ratios 0.9
.. 0.3 of each method, with and without head pruning, and for FLOPs budgets
(equal FLOPs for every policy by construction); for torchvision's vit_b_16
the FLOPs only. Writes the markdown page and a PNG plot.

Methods: cp-vit (cumulative score, layer-aware schedule from 1000
calibration images), cp-vit-geo (same score, geometric schedule), evit and
tome (geometric schedule). Head pruning keeps 3 of 4 heads from block 1
(calibrated head output share).

Usage: bench/cp_vit_table.py --bin BUILD/bin --work DIR --out docs/results/cp-vit.md
         --plot docs/results/cp-vit.png [--images 10000] [--vit-b16 BUILD/models/vit_b_16.onnx]
"""

import argparse
import os
import re
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "examples"))
import fmnist  # noqa: E402

MODEL = os.path.join(ROOT, "examples", "models", "vit.onnx")
RATIOS = (0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3)
BUDGETS = (0.8, 0.7, 0.6, 0.5)
METHODS = [  # name, policy, schedule
    ("cp-vit", "cp-vit", "layer-aware"),
    ("cp-vit-geo", "cp-vit", "geometric"),
    ("evit", "evit", "geometric"),
    ("tome", "tome", "geometric"),
]
HEAD_KEEP = 0.75
REMARK = re.compile(r"patch tokens after each block \[([0-9 ]+)\] of \d+, heads \[([0-9 ]+)\]"
                    r".*FLOPs (\d+) -> (\d+)")


class Runner:
    def __init__(self, args):
        self.bin, self.work = args.bin, args.work
        os.makedirs(self.work, exist_ok=True)
        images, labels = fmnist.load("test")
        n = min(args.images, len(labels))
        self.labels = labels[:n].astype(np.int64)
        self.test = os.path.join(self.work, "test.npy")
        np.save(self.test, fmnist.to_input(images[:n])[:, None])
        self.calib = os.path.join(self.work, "calib.npy")
        np.save(self.calib, fmnist.to_input(fmnist.load("train")[0][:1000]))
        self.count = 0

    def compile(self, model, opts, may_fail=False):
        self.count += 1
        kbin = os.path.join(self.work, f"m{self.count}.kbin")
        res = subprocess.run([os.path.join(self.bin, "kiln-compile"), model, "-o", kbin] + opts,
                             capture_output=True, text=True)
        if res.returncode != 0:
            if may_fail:
                return None, res.stderr
            sys.exit(f"kiln-compile {' '.join(opts)} failed:\n{res.stderr}")
        return kbin, res.stderr

    def accuracy(self, kbin):
        out = os.path.join(self.work, "out")
        os.makedirs(out, exist_ok=True)
        subprocess.run([os.path.join(self.bin, "kiln-run"), kbin, "--sweep",
                        f"input={self.test}", "--output-dir", out, "--quiet"], check=True)
        logits = np.load(os.path.join(out, "logits.npy")).reshape(len(self.labels), -1)
        return float((logits.argmax(1) == self.labels).mean())

    def pruned(self, opts, head_keep, calibrate, may_fail=False):
        """Accuracy, counts and FLOPs; None (with the error) when a FLOPs budget
        cannot be reached."""
        opts = list(opts) + [f"--cp-vit-head-keep={head_keep}"]
        if calibrate or head_keep < 1:
            opts.append(f"--cp-vit-calibration={self.calib}")
        kbin, remark = self.compile(MODEL, opts, may_fail)
        if kbin is None:
            m = re.search(r"reaches \(([0-9.]+) of the model's FLOPs", remark)
            if not m:
                sys.exit(f"kiln-compile {' '.join(opts)} failed:\n{remark}")
            return {"unreachable": float(m.group(1))}
        m = REMARK.search(remark)
        if not m:
            sys.exit(f"no cp-vit-prune remark for {opts}:\n{remark}")
        return {"acc": self.accuracy(kbin), "tokens": m.group(1), "heads": m.group(2),
                "before": int(m.group(3)), "after": int(m.group(4))}


def calibration_record(args, calib):
    """cp-vit-calibrate's attention ranges and head importance of the bundled ViT."""
    imported = subprocess.run([os.path.join(args.bin, "kiln-translate"), "--import-onnx", MODEL],
                              capture_output=True, check=True)
    out = subprocess.run([os.path.join(args.bin, "kiln-opt"), "--canonicalize",
                          "--sparse-vit-raise", f"--cp-vit-calibrate=inputs={calib}"],
                         input=imported.stdout, capture_output=True, check=True).stdout.decode()
    ranges = [float(v) for v in
              re.search(r"attention_range = array<f64: ([^>]*)>", out).group(1).split(",")]
    heads = [[float(v) for v in m.split(",")] for m in re.findall(
        r"array<f64: ([^>]*)>", re.search(r"head_output = \[(.*?)\]", out).group(1))]
    return ranges, heads


def vit_b16_flops(args):
    """FLOPs of torchvision's vit_b_16 pruned by each policy (geometric schedule)."""
    if not args.vit_b16 or not os.path.exists(args.vit_b16):
        return None
    raised = os.path.join(args.work, "vit_b_16.raised.mlirbc")
    imported = subprocess.run([os.path.join(args.bin, "kiln-translate"), "--import-onnx",
                               args.vit_b16, "--emit-bytecode"], capture_output=True, check=True)
    subprocess.run([os.path.join(args.bin, "kiln-opt"), "--canonicalize", "--sparse-vit-raise",
                    "--canonicalize", "--emit-bytecode", "-o", raised],
                   input=imported.stdout, check=True, capture_output=True)
    rows = {}
    for rho in RATIOS:
        for policy in ("cp-vit", "evit", "tome"):
            res = subprocess.run(
                [os.path.join(args.bin, "kiln-opt"), raised,
                 f"--cp-vit-prune=policy={policy} keep={rho} schedule=geometric",
                 "-o", os.devnull], capture_output=True, text=True)
            m = REMARK.search(res.stderr)
            if res.returncode != 0 or not m:
                sys.exit(f"vit_b_16 {policy} {rho}: {res.stderr}")
            rows[rho, policy] = (int(m.group(3)), int(m.group(4)), m.group(1))
    return rows


def pct(a, b):
    return 100.0 * (1.0 - a / b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--plot", required=True)
    ap.add_argument("--images", type=int, default=10000)
    ap.add_argument("--vit-b16", default="")
    args = ap.parse_args()
    start = time.time()
    run = Runner(args)
    base_kbin, _ = run.compile(MODEL, [])
    base_acc = run.accuracy(base_kbin)

    def sweep(flag, values, may_fail=False):
        """Every method with and without head pruning at each --cp-vit-<flag> value."""
        out = {}
        for v in values:
            for name, policy, sched in METHODS:
                for hk in (1.0, HEAD_KEEP):
                    out[v, name, hk] = run.pruned(
                        [f"--cp-vit-{flag}={v}", f"--cp-vit-policy={policy}",
                         f"--cp-vit-schedule={sched}"], hk, sched == "layer-aware", may_fail)
            print(f"  {flag} {v}: done ({time.time() - start:.0f} s)", file=sys.stderr,
                  flush=True)
        return out

    res = sweep("keep", RATIOS)
    base_flops = res[RATIOS[0], "cp-vit", 1.0]["before"]
    budget = sweep("flops-budget", BUDGETS, may_fail=True)
    ranges, importance = calibration_record(args, run.calib)
    b16 = vit_b16_flops(args)
    elapsed = time.time() - start

    cols = [(n, hk) for n, _, _ in METHODS for hk in (1.0, HEAD_KEEP)]

    def colname(n, hk):
        return n if hk == 1.0 else f"{n} +heads 3/4"

    lines = []
    w = lines.append
    w("# CP-ViT, EViT and ToMe: accuracy and FLOPs\n")
    w("Generated by `bench/cp_vit_table.sh` (do not edit by hand): every number comes from "
      "`kiln-compile --cp-vit-*` and `kiln-run --sweep` on the host target. FLOPs are the "
      "counts `cp-vit-prune` reports (the `kiln-count-flops` rules, "
      "[docs/analysis/flops.md](../analysis/flops.md)), selection overhead included. "
      "No fine-tuning. Design and options: [docs/transforms/cp-vit.md](../transforms/cp-vit.md).\n")
    w(f"Bundled ViT (`examples/models/vit.onnx`: 6 blocks, 16 patches + CLS, 4 heads, dim 64), "
      f"{len(run.labels)} Fashion-MNIST test images, tokens and heads pruned from block 1. "
      f"Unpruned: **{base_acc * 100:.2f}%**, {base_flops / 1e6:.3f} MFLOPs per image.\n")
    w("Methods: `cp-vit` = cumulative max-received-attention score, layer-aware schedule "
      "(attention ranges of 1000 training images); `cp-vit-geo` = the same score, geometric "
      "schedule; `evit` = CLS attention, inattentive tokens fused; `tome` = bipartite soft "
      "matching, size-weighted merges, proportional attention. `+heads 3/4` also removes, "
      "in every block from 1, the head with the smallest calibrated share of the attention "
      "output (`--cp-vit-head-score=output`).\n")
    w("## Top-1 accuracy (%) by final keep ratio\n")
    w("| keep | " + " | ".join(colname(n, hk) for n, hk in cols) + " |")
    w("|---|" + "---|" * len(cols))
    for rho in RATIOS:
        w(f"| {rho:.1f} | " + " | ".join(f"{res[rho, n, hk]['acc'] * 100:.2f}" for n, hk in cols)
          + " |")
    w("\n## FLOPs saved (% of the unpruned model) by final keep ratio\n")
    w("| keep | " + " | ".join(colname(n, hk) for n, hk in cols) + " |")
    w("|---|" + "---|" * len(cols))
    for rho in RATIOS:
        w(f"| {rho:.1f} | " + " | ".join(f"{pct(res[rho, n, hk]['after'], base_flops):.1f}"
                                           for n, hk in cols) + " |")
    w("\n## Equal FLOPs: accuracy (%) under a FLOPs budget\n")
    w("`--cp-vit-flops-budget=B` picks the largest final keep ratio whose FLOPs fit in B times "
      "the unpruned model's; cells give accuracy and the FLOPs actually saved.\n")
    w("| budget | " + " | ".join(colname(n, hk) for n, hk in cols) + " |")
    w("|---|" + "---|" * len(cols))
    def budget_cell(v):
        if "unreachable" in v:
            return f"unreachable (min {v['unreachable'] * 100:.0f}%)"
        return f"{v['acc'] * 100:.2f} ({pct(v['after'], base_flops):.0f}%)"

    for b in BUDGETS:
        w(f"| {b:.1f} | " + " | ".join(budget_cell(budget[b, n, hk]) for n, hk in cols) + " |")
    w("\n## Schedules (non-CLS tokens after each block 0..5)\n")
    w("| keep | cp-vit (layer-aware) | geometric (cp-vit-geo, evit, tome) |")
    w("|---|---|---|")
    for rho in RATIOS:
        w(f"| {rho:.1f} | [{res[rho, 'cp-vit', 1.0]['tokens']}] | "
          f"[{res[rho, 'cp-vit-geo', 1.0]['tokens']}] |")

    w("\nCalibration (`cp-vit-calibrate`, 1000 training images): attention range D_l of "
      "blocks 0..5 = " + ", ".join(f"{d:.3f}" for d in ranges) + "; head output share "
      "(min..max over the 4 heads of each block) = " + ", ".join(
          f"{min(h):.3f}..{max(h):.3f}" for h in importance) + ".")

    # The goal: >= 40% fewer FLOPs at <= 1% accuracy loss.
    w("\n## Against the goal (>= 40% fewer FLOPs at <= 1 point accuracy loss)\n")
    def label(kind, key):
        x, n, hk = key
        return f"{colname(n, hk)} at {kind} {x}"

    cands = [(pct(v["after"], base_flops), base_acc - v["acc"], label("keep ratio", k))
             for k, v in res.items()] + \
            [(pct(v["after"], base_flops), base_acc - v["acc"], label("FLOPs budget", k))
             for k, v in budget.items() if "acc" in v]
    meets = [c for c in cands if c[0] >= 40 and c[1] <= 0.01]
    best40 = max((c for c in cands if c[0] >= 40), key=lambda c: -c[1], default=None)
    if meets:
        c = max(meets, key=lambda c: c[0])
        w(f"Met: `{c[2]}` saves {c[0]:.1f}% of the FLOPs at {c[1] * 100:.2f} points loss.\n")
    elif best40:
        w(f"**Not met.** The best configuration with at least 40% fewer FLOPs is `{best40[2]}` "
          f"({best40[0]:.1f}% fewer) at {best40[1] * 100:.2f} points accuracy loss.\n")
    within1 = max((c for c in cands if c[1] <= 0.01), key=lambda c: c[0], default=None)
    if within1:
        w(f"The most FLOPs saved within 1 point of the unpruned accuracy: {within1[0]:.1f}% "
          f"(`{within1[2]}`, {within1[1] * 100:.2f} points).\n")
    def best_at(b):
        reached = [(n, hk) for n, hk in cols if "acc" in budget[b, n, hk]]
        if not reached:
            return f"budget {b}: unreachable"
        n, hk = max(reached, key=lambda c: budget[b, c[0], c[1]]["acc"])
        return f"budget {b}: best {colname(n, hk)} ({budget[b, n, hk]['acc'] * 100:.2f}%)"

    w("Equal-FLOPs comparison (budget table): " + "; ".join(best_at(b) for b in BUDGETS)
      + ".\n")

    if b16:
        w("## torchvision vit_b_16: FLOPs only\n")
        w("12 blocks, 196 patches, 12 heads; geometric schedule from block 1, raised and pruned "
          "with `kiln-opt --sparse-vit-raise --cp-vit-prune`. GFLOPs per image "
          "(% saved):\n")
        w("| keep | cp-vit | evit | tome |")
        w("|---|---|---|---|")
        for rho in RATIOS:
            w(f"| {rho:.1f} | " + " | ".join(
                f"{b16[rho, p][1] / 1e9:.2f} ({pct(b16[rho, p][1], b16[rho, p][0]):.1f}%)"
                for p in ("cp-vit", "evit", "tome")) + " |")
        w(f"\nUnpruned: {b16[RATIOS[0], 'cp-vit'][0] / 1e9:.2f} GFLOPs per image.\n")
    w(f"Run time of the whole table: {elapsed:.0f} s (2 cores).\n")
    w(f"![accuracy vs FLOPs]({os.path.basename(args.plot)})\n")

    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines))
    os.replace(tmp, args.out)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for (n, hk), style in zip(cols, ["o-", "o--", "s-", "s--", "^-", "^--", "v-", "v--"]):
        # keep-ratio runs and the (lower-FLOPs) budget runs on one curve
        pts = sorted((100 * v["after"] / base_flops, 100 * v["acc"]) for v in
                     [res[rho, n, hk] for rho in RATIOS] + [budget[b, n, hk] for b in BUDGETS]
                     if "acc" in v)
        ax.plot([p[0] for p in pts], [p[1] for p in pts], style, label=colname(n, hk),
                markersize=4)
    ax.axhline(100 * base_acc, color="gray", lw=0.8)
    ax.axhline(100 * base_acc - 1, color="gray", lw=0.8, ls=":")
    ax.axvline(60, color="gray", lw=0.8, ls=":")  # the goal: left of this line, above the dotted one
    ax.set_xlabel("FLOPs (% of unpruned)")
    ax.set_ylabel("top-1 accuracy (%)")
    ax.set_title("Bundled ViT on Fashion-MNIST, no fine-tuning")
    ax.legend(fontsize=7)
    fig.tight_layout()
    tmp = args.plot + ".tmp.png"
    fig.savefig(tmp, dpi=110)
    os.replace(tmp, args.plot)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
