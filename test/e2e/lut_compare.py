#!/usr/bin/python3
"""Compares Kiln's lut-tc outputs with the dequantized model on onnxruntime.

Usage: lut_compare.py --model M.onnx --work DIR (--kiln-out DIR | --bin BUILD/bin)
         [--bits 4] [--group-size 128] [--act f16] [--lut-k 4]
         [--tolerance 1e-3] [--atol 0] [--input name=file.npy ...]
         [--seed 0] [--int-high 256] [--keep NODE ...] [--kiln-arg ARG ...]

The reference is M.onnx with every offloaded GEMM's weight dequantized and its
activation rounded (examples/lut/export_dequantized.py, same --bits,
--group-size, --act, --lut-k), written to DIR/ref.onnx and run with
onnxruntime (tools/ort/ort-run.js, through compare_ort.py's helpers) on the
same .npy inputs Kiln used. --keep NODE leaves a GEMM out of the reference's
quantization (one that Kiln keeps on the host, e.g. for machine limits; its
remarks say which).

Kiln's outputs come from --kiln-out DIR (one <output name>.npy per graph
output, names sanitized as kiln-run and ort-run.js do; every graph input must
then be given with --input), or, with --bin, from running kiln-compile
--target=lut-tc --lut-bits=B --lut-group-size=G --lut-act=A [--kiln-arg ...]
and kiln-run here; inputs not given are then generated like compare_ort.py
does (floats ~ N(0, 1), integers uniform in [0, --int-high), fixed seed).

Each output is compared by max |kiln - ref| and the relative error
max |kiln - ref| / max |ref| (over the finite reference values; non-finite
values must match exactly). An output passes when the relative error is
<= --tolerance or the max abs error is <= --atol. Prints one line per output
and exits 1 on any mismatch or failure.
"""
import argparse
import os
import sys

import numpy as np
import onnx
from onnx import mapping

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from compare_ort import (ORT_RUN, ROOT, generate_inputs, run,  # noqa: E402
                         sanitize)

sys.path.insert(0, os.path.join(ROOT, "examples", "lut"))
import export_dequantized  # noqa: E402


def compare(name, k, o, tolerance, atol):
    """Returns (ok, line, relative error)."""
    if k.shape != o.shape or k.dtype != o.dtype:
        return False, (f"{name}: kiln {k.dtype}{list(k.shape)} vs reference "
                       f"{o.dtype}{list(o.shape)}: MISMATCH"), float("inf")
    desc = f"{name}: {o.dtype}{list(o.shape)}"
    if not np.issubdtype(o.dtype, np.floating):
        bad = int(np.count_nonzero(k != o))
        return bad == 0, f"{desc} {bad} differing elements {'ok' if bad == 0 else 'MISMATCH'}", \
            float(bad)
    k64, o64 = k.astype(np.float64), o.astype(np.float64)
    fin = np.isfinite(o64)
    nonfinite_ok = np.array_equal(k64[~fin], o64[~fin], equal_nan=True)
    if fin.any():
        diff = np.abs(k64[fin] - o64[fin])
        max_abs = float(np.max(diff)) if np.all(np.isfinite(diff)) else float("inf")
        scale = float(np.max(np.abs(o64[fin]))) or 1.0
    else:
        max_abs, scale = 0.0, 1.0
    rel = max_abs / scale
    ok = nonfinite_ok and (rel <= tolerance or max_abs <= atol)
    extra = "" if nonfinite_ok else ", non-finite values differ"
    return ok, (f"{desc} max abs error {max_abs:.3g}, relative error {rel:.3g}{extra} "
                f"{'ok' if ok else 'MISMATCH'}"), rel


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--work", required=True)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--kiln-out", help="directory with Kiln's output .npy files")
    src.add_argument("--bin", help="Kiln's bin directory: compile and run here")
    p.add_argument("--bits", default="4", help="1, 2, 3, 4, ternary (or none)")
    p.add_argument("--group-size", type=int, default=128)
    p.add_argument("--act", choices=("f16", "i8", "f32"), default="f16")
    p.add_argument("--lut-k", type=int, default=4)
    p.add_argument("--tolerance", type=float, default=1e-3,
                   help="max |kiln - ref| / max |ref| per output")
    p.add_argument("--atol", type=float, default=0.0,
                   help="also pass an output whose max abs error is <= ATOL")
    p.add_argument("--input", action="append", default=[])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--int-high", type=int, default=256)
    p.add_argument("--keep", action="append", default=[], metavar="NODE",
                   help="a MatMul/Gemm node Kiln leaves on the host (repeatable)")
    p.add_argument("--kiln-arg", action="append", default=[],
                   help="extra kiln-compile argument (with --bin)")
    args = p.parse_args()

    if args.bin:
        for tool in ("kiln-compile", "kiln-run"):
            if not os.path.isfile(os.path.join(args.bin, tool)):
                sys.exit(f"lut_compare: {os.path.join(args.bin, tool)} not found")
    os.makedirs(args.work, exist_ok=True)
    model = onnx.load(args.model)
    given = {}
    for spec in args.input:
        if "=" not in spec:
            sys.exit(f"lut_compare: --input expects NAME=FILE.npy, got '{spec}'")
        name, path = spec.split("=", 1)
        given[name] = path
    if args.kiln_out:
        inits = {t.name for t in model.graph.initializer}
        missing = [vi.name for vi in model.graph.input
                   if vi.name not in inits and vi.name not in given]
        if missing:
            sys.exit(f"lut_compare: with --kiln-out, give every input Kiln ran on; "
                     f"missing --input for {', '.join(missing)}")
    inputs = generate_inputs(model, given, args.work, args.seed, args.int_high)
    input_args = []
    for name, path in inputs.items():
        input_args += ["--input", f"{name}={path}"]

    # The reference: dequantized weights, rounded activations, on onnxruntime.
    try:
        ref, infos = export_dequantized.dequantize_model(
            model, args.bits, args.group_size, args.act, args.lut_k, set(args.keep))
    except ValueError as e:
        sys.exit(f"lut_compare: {args.model}: {e}")
    export_dequantized.check(ref)
    ref_path = os.path.join(args.work, "ref.onnx")
    onnx.save(ref, ref_path)
    offloaded = sum(i.offloaded for i in infos)
    print(f"lut_compare: reference {ref_path}: {offloaded} of {len(infos)} MatMul/Gemm "
          f"dequantized (bits={args.bits}, group size {args.group_size}, act={args.act})")
    ort_out = os.path.join(args.work, "ort")
    os.makedirs(ort_out, exist_ok=True)
    run(["node", ORT_RUN, ref_path, "--output-dir", ort_out] + input_args)

    kiln_out = args.kiln_out
    if args.bin:
        kiln_out = os.path.join(args.work, "kiln")
        os.makedirs(kiln_out, exist_ok=True)
        kbin = os.path.join(args.work, "model.kbin")
        # --bits none: the model's own DequantizeLinear weights, nothing to
        # quantize (Kiln takes the bit width from the codes).
        bits = [] if args.bits == "none" else [f"--lut-bits={args.bits}"]
        run([os.path.join(args.bin, "kiln-compile"), args.model, "--target=lut-tc"]
            + bits + [f"--lut-group-size={args.group_size}",
                      f"--lut-act={args.act}", "-o", kbin] + args.kiln_arg)
        run([os.path.join(args.bin, "kiln-run"), kbin, "--output-dir", kiln_out,
             "--quiet"] + input_args)

    worst, failed = 0.0, False
    for vi in model.graph.output:
        fname = sanitize(vi.name) + ".npy"
        kpath = os.path.join(kiln_out, fname)
        if not os.path.exists(kpath):
            print(f"{vi.name}: {kpath} not found: MISMATCH")
            failed = True
            continue
        ok, line, rel = compare(vi.name, np.load(kpath),
                                np.load(os.path.join(ort_out, fname)),
                                args.tolerance, args.atol)
        print(line)
        worst = max(worst, rel)
        failed |= not ok
    print(f"lut_compare: {os.path.basename(args.model)} worst relative error "
          f"{worst:.3g} (tolerance {args.tolerance:g}"
          f"{f', atol {args.atol:g}' if args.atol else ''}): {'FAIL' if failed else 'OK'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
