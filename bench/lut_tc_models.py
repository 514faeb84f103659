#!/usr/bin/python3
"""Device statistics of the bundled models on the lut-tc target.

    bench/lut_tc_models.py [BUILD_DIR]

Compiles the MLP and the decoder's prefill and decode-step graphs at every
weight width with f16 and i8 activations, runs each once with kiln-run on a
fixed input and prints, from `kiln-run --stats`, the simulated cycles and
energy of all device steps (precompute + mpgemm), LUT-TC's roofline for the
same mpgemm steps, the two baselines and the ratios. Simulated numbers are
deterministic; nothing here is timed on the host.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build"), "bin")
MODELS = os.path.join(ROOT, "examples", "models")


def inputs(model, work):
    rng = np.random.default_rng(0)
    args = []
    if model == "mlp":
        np.save(os.path.join(work, "input.npy"), rng.random((1, 1, 28, 28), dtype=np.float32))
        return ["--input", "input=" + os.path.join(work, "input.npy")]
    if model == "decoder_prefill":
        np.save(os.path.join(work, "tokens.npy"), rng.integers(32, 127, (1, 32), dtype=np.int64))
        return ["--input", "tokens=" + os.path.join(work, "tokens.npy")]
    np.save(os.path.join(work, "token.npy"), np.array([[65]], dtype=np.int64))
    np.save(os.path.join(work, "past.npy"), rng.standard_normal((1, 4, 32, 32)).astype(np.float32))
    args = ["--input", "token=" + os.path.join(work, "token.npy")]
    for i in range(4):
        for kind in ("key", "value"):
            args += ["--input", "past_%s_%d=%s" % (kind, i, os.path.join(work, "past.npy"))]
    return args


def main():
    print("| model | W | act | device steps | executed cycles | roofline (mpgemm) | "
          "dequant+FP16 | conv. LUT | speedup vs FP16 (executed) | energy uJ | "
          "energy vs FP16 | vs conv. LUT | DRAM MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for model in ("mlp", "decoder_prefill", "decoder_decode"):
            args = inputs(model, work)
            for bits in ("4", "3", "2", "1", "ternary"):
                for act in ("f16", "i8"):
                    kbin = os.path.join(work, "m.kbin")
                    subprocess.run([os.path.join(BIN, "kiln-compile"),
                                    os.path.join(MODELS, model + ".onnx"), "--target=lut-tc",
                                    "--lut-bits=" + bits, "--lut-act=" + act, "-o", kbin],
                                   check=True, stderr=subprocess.DEVNULL)
                    out = os.path.join(work, "out")
                    os.makedirs(out, exist_ok=True)
                    stats = os.path.join(work, "stats.json")
                    subprocess.run([os.path.join(BIN, "kiln-run"), kbin, "--output-dir", out,
                                    "--stats", stats, "--quiet"] + args,
                                   check=True, stdout=subprocess.DEVNULL)
                    d = json.load(open(stats))["device"]
                    e = d["energy_pj"]["total"]
                    fp16 = d["baselines"]["dequant_fp16"]
                    conv = d["baselines"]["conventional_lut"]
                    print("| %s | %s | %s | %d | %.0f | %.0f | %.0f | %.0f | %.2fx | %.1f | %.2fx | %.2fx | %.2f |" % (
                        model, "W" + bits if bits != "ternary" else "ternary", act,
                        d["steps"], d["cycles"], d["roofline_mpgemm"]["cycles"],
                        fp16["cycles"], conv["cycles"], fp16["cycles"] / d["cycles"],
                        e * 1e-6, fp16["energy_pj"] / e, conv["energy_pj"] / e,
                        d["dram_bytes"] / 1e6))
                    sys.stdout.flush()


if __name__ == "__main__":
    main()
