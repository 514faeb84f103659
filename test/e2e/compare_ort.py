#!/usr/bin/python3
"""Runs one ONNX model on Kiln's host target and on onnxruntime, compares.

Usage: compare_ort.py --bin BUILD/bin --model M.onnx --work DIR
         [--target host] [--tolerance 1e-4] [--seed 0] [--int-high 256]
         [--input name=file.npy ...]

Inputs not given are generated with a fixed seed: floats ~ N(0, 1), integer
inputs uniform in [0, --int-high). Both runtimes read the same .npy files.
Each output is compared by relative error max|kiln - ort| / max|ort| and
must be within --tolerance. Prints one line per output and exits 1 on any
mismatch or failure.
"""
import argparse
import os
import re
import subprocess
import sys

import numpy as np
import onnx
from onnx import mapping

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORT_RUN = os.path.join(ROOT, "tools", "ort", "ort-run.js")


def sanitize(name):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          check=False)
    if proc.returncode != 0:
        sys.exit(f"compare_ort: {' '.join(cmd[:2])} failed:\n"
                 f"{proc.stdout.decode(errors='replace')}")
    return proc.stdout.decode(errors="replace")



def generate_inputs(model, given, work, seed, int_high):
    """name -> .npy path for every graph input: the given files, else random
    data (standard normal floats, integers in [0, int_high), bools)."""
    inits = {t.name for t in model.graph.initializer}
    rng = np.random.default_rng(seed)
    paths = {}
    for vi in model.graph.input:
        if vi.name in inits:
            continue
        path = given.get(vi.name)
        if path is None:
            tt = vi.type.tensor_type
            dtype = mapping.TENSOR_TYPE_TO_NP_TYPE[tt.elem_type]
            shape = [d.dim_value for d in tt.shape.dim]
            if np.issubdtype(dtype, np.floating):
                data = rng.standard_normal(shape).astype(dtype)
            elif dtype == np.bool_:
                data = rng.integers(0, 2, shape).astype(np.bool_)
            else:
                data = rng.integers(0, int_high, shape).astype(dtype)
            path = os.path.join(work, f"in_{sanitize(vi.name)}.npy")
            np.save(path, data)
        paths[vi.name] = path
    return paths

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--target", default="host")
    p.add_argument("--tolerance", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--int-high", type=int, default=256)
    p.add_argument("--input", action="append", default=[])
    args = p.parse_args()

    os.makedirs(args.work, exist_ok=True)
    model = onnx.load(args.model, load_external_data=False)
    given = dict(s.split("=", 1) for s in args.input)
    input_args = []
    for name, path in generate_inputs(model, given, args.work, args.seed,
                                      args.int_high).items():
        input_args += ["--input", f"{name}={path}"]

    kbin = os.path.join(args.work, "model.kbin")
    kiln_out = os.path.join(args.work, "kiln")
    ort_out = os.path.join(args.work, "ort")
    os.makedirs(kiln_out, exist_ok=True)
    os.makedirs(ort_out, exist_ok=True)
    run([os.path.join(args.bin, "kiln-compile"), args.model,
         f"--target={args.target}", "-o", kbin])
    run([os.path.join(args.bin, "kiln-run"), kbin, "--output-dir", kiln_out,
         "--quiet"] + input_args)
    run(["node", ORT_RUN, args.model, "--output-dir", ort_out] + input_args)

    worst = 0.0
    failed = False
    for vi in model.graph.output:
        name = sanitize(vi.name) + ".npy"
        k = np.load(os.path.join(kiln_out, name))
        o = np.load(os.path.join(ort_out, name))
        if k.shape != o.shape or k.dtype != o.dtype:
            print(f"{vi.name}: kiln {k.dtype}{list(k.shape)} vs ort {o.dtype}{list(o.shape)}: MISMATCH")
            failed = True
            continue
        if np.issubdtype(o.dtype, np.floating):
            scale = float(np.max(np.abs(o.astype(np.float64)))) or 1.0
            rel = float(np.max(np.abs(k.astype(np.float64) - o.astype(np.float64)))) / scale
        else:
            rel = float(np.count_nonzero(k != o))
        worst = max(worst, rel)
        ok = rel <= args.tolerance
        failed |= not ok
        print(f"{vi.name}: {o.dtype}{list(o.shape)} relative error {rel:.3g} "
              f"{'ok' if ok else 'MISMATCH'}")
    print(f"compare_ort: {os.path.basename(args.model)} worst relative error "
          f"{worst:.3g} (tolerance {args.tolerance:g}): {'FAIL' if failed else 'OK'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
