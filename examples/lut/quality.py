#!/usr/bin/python3
"""Quality cost of lut-tc quantization on the bundled models, on onnxruntime.

Usage: OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE \\
       /usr/bin/python3 examples/lut/quality.py [--group-size 128[,32...]] [--threads 1]
           [--models decoder,mlp] [--windows N] [--work DIR]
           [--md docs/results/lut-tc-quality.md] [--json docs/results/lut-tc-quality.json]

For every weight width (float, W4, W3, W2, W1, ternary) and activation mode
(f16, i8; plus the all-float baseline) this builds the dequantized model with
export_dequantized.dequantize_model -- the float model Kiln's lut-tc target is
meant to compute -- and runs it with onnxruntime (tools/ort/ort-run.js):

* decoder (examples/models/decoder_prefill.onnx): next-byte cross-entropy in
  nats/byte and perplexity on the held-out fortunes of examples/train_decoder.py
  (its load_fortunes(): the same seeded 5% split). The prefill graph has a fixed
  32-byte context, so the text is cut into non-overlapping 32-byte windows
  (train_decoder.held_out_loss's scheme with 32 instead of 128 bytes per window;
  every window predicts its 32 next bytes). The float loss is therefore higher
  than the 1.729 nats/byte of examples/models/RESULTS.md, which used 128-byte
  windows in PyTorch.
* mlp (examples/models/mlp.onnx): top-1 accuracy on the full 10,000-image
  Fashion-MNIST test set (examples/fmnist.py: Debian's dataset-fashion-mnist).

To run each variant in one onnxruntime call, the batch dimension of the input
(1 in the bundled graphs) is made symbolic and only the logits output kept;
both graphs take any batch size (their Reshapes use -1 for it), and every
quantization step is per row or per weight, so batching changes nothing.
Writes a markdown table (--md) and the numbers as JSON (--json).
"""

import argparse
import json
import math
import os
import shlex
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import numpy as np  # noqa: E402
import onnx  # noqa: E402

import export_dequantized as ed  # noqa: E402
import lutquant  # noqa: E402

ORT_RUN = os.path.join(ROOT, "tools", "ort", "ort-run.js")
MODELS = os.path.join(ROOT, "examples", "models")
WEIGHTS = ("none", 4, 3, 2, 1, "ternary")
ACTS = ("f16", "i8")
CONTEXT = 32


def variants(group_sizes):
    """(weights, act, G): the float baseline, then per activation mode the
    float weights and every width for every group size (None: not grouped)."""
    yield "none", "f32", None
    for act in ACTS:
        yield "none", act, None
        for g in group_sizes:
            for w in WEIGHTS[1:]:
                yield w, act, g


def wlabel(w):
    return {"none": "float", "ternary": "ternary"}.get(w, f"W{w}")


def batched(model, keep_output):
    """The model with a symbolic batch dimension and only `keep_output`."""
    m = onnx.ModelProto.FromString(model.SerializeToString())
    g = m.graph
    inits = {t.name for t in g.initializer}
    for v in g.input:
        if v.name not in inits:
            v.type.tensor_type.shape.dim[0].dim_param = "batch"
    outs = [o for o in g.output if o.name == keep_output]
    del g.output[:]
    g.output.extend(outs)
    g.output[0].type.tensor_type.shape.dim[0].dim_param = "batch"
    del g.value_info[:]
    return m


def run_ort(path, inputs, work, threads):
    """Runs ort-run.js; returns {sanitized output name: array}, seconds."""
    args = []
    for name, arr in inputs.items():
        f = os.path.join(work, f"in_{name}.npy")
        if getattr(run_ort, "saved", {}).get(f) is not arr:   # once per array
            np.save(f, arr)
            run_ort.saved = {**getattr(run_ort, "saved", {}), f: arr}
        args += ["--input", f"{name}={f}"]
    out = os.path.join(work, "out")
    os.makedirs(out, exist_ok=True)
    t0 = time.time()
    proc = subprocess.run(["node", ORT_RUN, path, "--output-dir", out,
                           "--threads", str(threads)] + args,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if proc.returncode:
        sys.exit(f"quality: onnxruntime failed on {path}:\n{proc.stdout.decode()}")
    return out, time.time() - t0


def nll(logits, targets):
    """Mean next-byte cross-entropy (nats) in float64."""
    x = logits.astype(np.float64).reshape(-1, logits.shape[-1])
    y = targets.reshape(-1)
    mx = x.max(axis=1, keepdims=True)
    lse = mx[:, 0] + np.log(np.exp(x - mx).sum(axis=1))
    return float(np.mean(lse - x[np.arange(len(y)), y]))


def mean_weight_error(infos):
    errs = [i.weight_rel_rms for i in infos if i.offloaded and i.weight_rel_rms is not None]
    return float(np.mean(errs)) if errs else 0.0


def eval_decoder(args, work):
    import train_decoder  # the split the training script used
    _, held, _, n_held = train_decoder.load_fortunes()
    n = (len(held) - 1) // CONTEXT
    if args.windows:
        n = min(n, args.windows)
    tokens = held[:n * CONTEXT].astype(np.int64).reshape(n, CONTEXT)
    targets = held[1:n * CONTEXT + 1].astype(np.int64).reshape(n, CONTEXT)
    model = onnx.load(os.path.join(MODELS, "decoder_prefill.onnx"))
    rows, float_loss = [], None
    for w, act, G in variants(args.group_sizes):
        t0 = time.time()
        m, infos = ed.dequantize_model(model, w, G or lutquant.DEFAULT_GROUP, act)
        path = os.path.join(work, f"decoder_{wlabel(w)}_g{G}_{act}.onnx")
        onnx.save(batched(m, "logits"), path)
        out, ort_s = run_ort(path, {"tokens": tokens}, work, args.threads)
        logits = np.load(os.path.join(out, "logits.npy"), mmap_mode="r")
        loss = nll(logits, targets)
        top1 = float(np.mean(np.argmax(logits, axis=-1) == targets))
        del logits
        if float_loss is None:
            float_loss = loss
        row = {"weights": wlabel(w), "act": act, "group_size": G,
               "loss_nats_per_byte": loss,
               "bits_per_byte": loss / math.log(2), "perplexity": math.exp(loss),
               "delta_loss": loss - float_loss, "next_byte_top1": top1,
               "offloaded_gemms": sum(i.offloaded for i in infos),
               "mean_weight_rel_rms_error": mean_weight_error(infos),
               "ort_seconds": ort_s, "seconds": time.time() - t0}
        rows.append(row)
        print(f"decoder {row['weights']:>7s} G={G or '-':<4} act {act}: {loss:.4f} nats/byte, "
              f"ppl {row['perplexity']:.3f} (+{row['delta_loss']:.4f}), top-1 "
              f"{top1 * 100:.2f}% ({row['seconds']:.1f} s)", flush=True)
    return {"model": "decoder_prefill.onnx", "windows": n, "context": CONTEXT,
            "bytes_predicted": n * CONTEXT, "held_out_bytes": len(held),
            "held_out_fortunes": n_held, "rows": rows}


def eval_mlp(args, work):
    import fmnist
    images, labels = fmnist.load("test")
    x = fmnist.to_input(images)
    model = onnx.load(os.path.join(MODELS, "mlp.onnx"))
    rows, float_pred, float_acc = [], None, None
    for w, act, G in variants(args.group_sizes):
        t0 = time.time()
        m, infos = ed.dequantize_model(model, w, G or lutquant.DEFAULT_GROUP, act)
        path = os.path.join(work, f"mlp_{wlabel(w)}_g{G}_{act}.onnx")
        onnx.save(batched(m, "logits"), path)
        out, ort_s = run_ort(path, {"input": x}, work, args.threads)
        pred = np.argmax(np.load(os.path.join(out, "logits.npy")), axis=1)
        acc = float(np.mean(pred == labels))
        if float_pred is None:
            float_pred, float_acc = pred, acc
        row = {"weights": wlabel(w), "act": act, "group_size": G, "accuracy": acc,
               "delta_accuracy": acc - float_acc,
               "agreement_with_float": float(np.mean(pred == float_pred)),
               "offloaded_gemms": sum(i.offloaded for i in infos),
               "effective_group_sizes": [i.G for i in infos if i.offloaded] if G else None,
               "mean_weight_rel_rms_error": mean_weight_error(infos),
               "ort_seconds": ort_s, "seconds": time.time() - t0}
        rows.append(row)
        print(f"mlp     {row['weights']:>7s} G={G or '-':<4} act {act}: accuracy {acc * 100:.2f}% "
              f"({row['delta_accuracy'] * 100:+.2f}), agreement with float "
              f"{row['agreement_with_float'] * 100:.2f}% ({row['seconds']:.1f} s)",
              flush=True)
    return {"model": "mlp.onnx", "images": int(len(labels)), "rows": rows}


def markdown(res, command):
    gs = res["group_sizes"]
    L = ["# lut-tc: quality cost of the weight and activation quantization", "",
         "Generated by `examples/lut/quality.py`; do not edit. Command:", "",
         "```", command, "```", "",
         "Each row is the bundled model with every offloaded GEMM's weight replaced "
         "by its dequantized values and its activation rounded as the mode says "
         "(`examples/lut/export_dequantized.py`; the quantizer is "
         "`examples/lut/lutquant.py`, written from "
         "[../targets/lut-tc.md](../targets/lut-tc.md)), run with onnxruntime "
         f"{res['onnxruntime']} (CPU). Weights: asymmetric round-to-nearest per "
         "group of G rows per column for 2 to 4 bits (G = K when K is smaller; "
         "when G does not divide K, the largest multiple of 4 below it that "
         "does: 112 for K = 784); at 1 bit the sign code with levels "
         "±mean|w| per group (asymmetric RTN would make one of its two levels "
         "zero); ternary = BitNet b1.58 absmean per group; activations: "
         "`f16` = rounded to binary16, `i8` = per-row absmax INT8, `f32` = "
         "unchanged. \"weight err.\" is the mean over the offloaded GEMMs of "
         "‖W' − W‖ / ‖W‖ (Frobenius). No calibration, no quantization-aware "
         "training: these models were trained in float, so W2 and below lose "
         "much more than they would after quantization-aware training.", ""]

    def gcol(r):
        return "–" if r["group_size"] is None else str(r["group_size"])

    if "decoder" in res:
        d = res["decoder"]
        L += ["## Decoder (`decoder_prefill.onnx`, 29 of 37 MatMuls offloaded)", "",
              f"Held-out fortunes of `examples/train_decoder.py` ({d['held_out_bytes']:,} "
              f"bytes, {d['held_out_fortunes']} fortunes), cut into {d['windows']:,} "
              f"non-overlapping {d['context']}-byte windows (the prefill graph's fixed "
              f"length); {d['bytes_predicted']:,} next-byte predictions. "
              "The float loss is above the 1.729 nats/byte of "
              "[examples/models/RESULTS.md](../../examples/models/RESULTS.md), which "
              "used 128-byte windows. Every offloaded GEMM has K = 128 or 256, so "
              "the group sizes are used as given.", "",
              "| weights | G | act | loss (nats/byte) | Δ loss | perplexity | bits/byte "
              "| next-byte top-1 | weight err. |",
              "|---|---|---|---|---|---|---|---|---|"]
        for r in d["rows"]:
            L.append(f"| {r['weights']} | {gcol(r)} | {r['act']} | "
                     f"{r['loss_nats_per_byte']:.4f} | "
                     f"{r['delta_loss']:+.4f} | {r['perplexity']:.3f} | "
                     f"{r['bits_per_byte']:.3f} | {r['next_byte_top1'] * 100:.2f}% | "
                     f"{r['mean_weight_rel_rms_error']:.3f} |")
        L.append("")
    if "mlp" in res:
        d = res["mlp"]
        eff = {r["group_size"]: r["effective_group_sizes"] for r in d["rows"]
               if r["group_size"] is not None}
        L += ["## MLP (`mlp.onnx`, 3 of 3 Gemms offloaded)", "",
              f"Fashion-MNIST test set, all {d['images']:,} images. Effective group "
              "sizes of the three Gemms (K = 784, 256, 128): "
              + "; ".join(f"G = {g}: {eff[g]}" for g in gs if g in eff) + ".", "",
              "| weights | G | act | accuracy | Δ accuracy | agreement with float "
              "| weight err. |",
              "|---|---|---|---|---|---|---|"]
        for r in d["rows"]:
            L.append(f"| {r['weights']} | {gcol(r)} | {r['act']} | "
                     f"{r['accuracy'] * 100:.2f}% | "
                     f"{r['delta_accuracy'] * 100:+.2f} | "
                     f"{r['agreement_with_float'] * 100:.2f}% | "
                     f"{r['mean_weight_rel_rms_error']:.3f} |")
        L.append("")
    L += [f"Total time {res['seconds']:.0f} s ({res['threads']} onnxruntime thread(s); "
          "building the models, onnxruntime, and the metrics).", ""]
    return "\n".join(L)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--group-size", default=str(lutquant.DEFAULT_GROUP),
                   help="group size, or a comma-separated list of them")
    p.add_argument("--threads", type=int, default=1, help="onnxruntime intra-op threads")
    p.add_argument("--models", default="decoder,mlp")
    p.add_argument("--windows", type=int, default=0,
                   help="decoder: evaluate only the first N windows (default: all)")
    p.add_argument("--work", help="directory for the models and outputs (default: a temp dir)")
    p.add_argument("--md", default=os.path.join(ROOT, "docs", "results", "lut-tc-quality.md"))
    p.add_argument("--json", default=os.path.join(ROOT, "docs", "results",
                                                  "lut-tc-quality.json"))
    args = p.parse_args()
    if not os.path.isdir(os.path.join(ROOT, "tools", "ort", "node_modules",
                                      "onnxruntime-node")):
        sys.exit("quality: onnxruntime-node is not installed; run scripts/install-ort.sh")
    try:
        args.group_sizes = [int(g) for g in args.group_size.split(",")]
        if not args.group_sizes or min(args.group_sizes) < lutquant.LUT_K:
            raise ValueError
    except ValueError:
        sys.exit(f"quality: --group-size expects integers >= {lutquant.LUT_K}")
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    for m in models:
        if m not in ("decoder", "mlp"):
            sys.exit(f"quality: unknown model '{m}' (decoder, mlp)")
    t0 = time.time()
    work = args.work or tempfile.mkdtemp(prefix="lut_quality_")
    res = {"group_sizes": args.group_sizes, "lut_k": lutquant.LUT_K,
           "threads": args.threads, "onnxruntime": _ort_version()}
    for m in models:
        sub = os.path.join(work, m)
        os.makedirs(sub, exist_ok=True)
        res[m] = (eval_decoder if m == "decoder" else eval_mlp)(args, sub)
    res["seconds"] = time.time() - t0
    if not args.work:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
        work = None
    argv = [a if not os.path.isabs(a) else os.path.relpath(a, ROOT) for a in sys.argv[1:]]
    command = ("OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "
               "examples/lut/quality.py " + " ".join(shlex.quote(a) for a in argv)).strip()
    res["command"] = command
    if args.md:
        os.makedirs(os.path.dirname(os.path.abspath(args.md)), exist_ok=True)
        with open(args.md, "w") as f:
            f.write(markdown(res, command))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)
            f.write("\n")
    print(f"quality: done in {res['seconds']:.0f} s; wrote {args.md} and {args.json}"
          + (f" (work dir {work})" if work else ""))
    return 0


def _ort_version():
    try:
        with open(os.path.join(ROOT, "tools", "ort", "node_modules", "onnxruntime-node",
                               "package.json")) as f:
            return json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
