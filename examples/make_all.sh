#!/usr/bin/env bash
# Trains and exports every bundled example model, then writes a summary.
#
# Usage: examples/make_all.sh [--force] [MODEL ...]
#   MODEL: mlp resnet mobilenet vit decoder decoder_gqa (default: all, in that order)
#   A model whose .onnx file(s) already exist in examples/models/ is skipped
#   unless --force is given. Each script trains single-threaded with a fixed
#   seed (a few minutes each; about 20 minutes in all on this 2-core machine).
#
# Then prints a table (model, parameters, test accuracy or held-out loss,
# train time, file size, nodes) read from the metadata the scripts store in
# each .onnx file, and writes it, with each model's op types, to
# examples/models/RESULTS.md.
#
# Needs Debian's python3-torch, python3-onnx, python3-numpy,
# dataset-fashion-mnist and fortunes (scripts/install-deps.sh).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
MODELS="$HERE/models"
PY=/usr/bin/python3   # Debian's interpreter: it sees python3-torch/python3-onnx
export OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE

force=0
selected=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    mlp|resnet|mobilenet|vit|decoder|decoder_gqa) selected+=("$arg") ;;
    *) echo "make_all.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#selected[@]} -gt 0 ] || selected=(mlp resnet mobilenet vit decoder decoder_gqa)

outputs() {  # the .onnx files a training script writes
  case "$1" in
    decoder) echo "decoder_prefill.onnx decoder_decode.onnx decoder_step.onnx" ;;
    decoder_gqa) echo "decoder_gqa_prefill.onnx decoder_gqa_decode.onnx decoder_gqa_step.onnx" ;;
    *) echo "$1.onnx" ;;
  esac
}

mkdir -p "$MODELS"
for model in "${selected[@]}"; do
  have=1
  for f in $(outputs "$model"); do [ -f "$MODELS/$f" ] || have=0; done
  if [ $have -eq 1 ] && [ $force -eq 0 ]; then
    echo "== $model: skipped, examples/models/ has $(outputs "$model") (--force retrains)"
    continue
  fi
  case "$model" in
    # The grouped-query variant of the decoder: 2 key/value heads for 4 queries.
    decoder_gqa) cmd=("$HERE/train_decoder.py" --kv-heads 2 --name decoder_gqa) ;;
    *) cmd=("$HERE/train_$model.py") ;;
  esac
  echo "== $model: $PY ${cmd[*]#$HERE/}"
  "$PY" "${cmd[@]}"
done

echo
"$PY" - "$MODELS" <<'EOF'
import collections
import os
import sys

import onnx

models_dir = sys.argv[1]
order = ["mlp", "resnet", "mobilenet", "vit", "decoder_prefill", "decoder_decode",
         "decoder_step", "decoder_gqa_prefill", "decoder_gqa_decode", "decoder_gqa_step"]
rows, ops_lines = [], []
for name in order:
    path = os.path.join(models_dir, name + ".onnx")
    if not os.path.isfile(path):
        continue
    model = onnx.load(path)
    meta = {p.key: p.value for p in model.metadata_props}
    if "kiln.test_accuracy" in meta:
        metric = f"test accuracy {float(meta['kiln.test_accuracy']) * 100:.2f}%"
    elif "kiln.held_out_loss" in meta:
        metric = (f"held-out loss {float(meta['kiln.held_out_loss']):.3f} nats/byte "
                  f"(ppl {float(meta['kiln.held_out_ppl']):.2f})")
    else:
        metric = "?"
    seconds = meta.get("kiln.train_seconds", "?")
    ops = collections.Counter(n.op_type for n in model.graph.node)
    rows.append((name + ".onnx", f"{int(meta.get('kiln.params', 0)):,}", metric,
                 f"{seconds} s", f"{os.path.getsize(path) / 1e6:.2f} MB",
                 str(len(model.graph.node))))
    ops_lines.append(f"- `{name}.onnx`: " + ", ".join(
        f"{op} x{n}" for op, n in sorted(ops.items())))

header = ("model", "params", "test accuracy / held-out loss", "train time",
          "size", "nodes")
widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
fmt = "  ".join(f"{{:<{w}}}" for w in widths)
print(fmt.format(*header))
for row in rows:
    print(fmt.format(*row))

with open(os.path.join(models_dir, "RESULTS.md"), "w") as f:
    f.write("# Bundled example models\n\n"
            "Made by `examples/make_all.sh` (one script per model in `examples/`, fixed seeds,\n"
            "trained single-threaded on a 2-core machine; train time is wall clock and varies\n"
            "with the machine's load). Classifiers: Fashion-MNIST (Debian's dataset-fashion-mnist),\n"
            "input \"input\" float32 [1,1,28,28] = pixels / 255, output \"logits\" [1,10]; accuracy\n"
            "on the full 10k test set, computed with PyTorch. Decoders: byte-level, trained on\n"
            "Debian's fortunes, loss on the 5% held-out fortunes; `decoder_gqa` has 2 key/value\n"
            "heads for its 4 query heads; `*_step` is the decode step over a fixed-capacity\n"
            "(128-token) cache with a `position` input, for generation loops. All graphs:\n"
            "opset 14, static shapes.\n\n")
    f.write("| " + " | ".join(header) + " |\n")
    f.write("|" + "|".join("---" for _ in header) + "|\n")
    for row in rows:
        f.write("| " + " | ".join(row) + " |\n")
    f.write("\n## ONNX op types\n\n" + "\n".join(ops_lines) + "\n")
print(f"\nwrote {os.path.join(models_dir, 'RESULTS.md')}")
EOF
