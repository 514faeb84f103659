#!/usr/bin/env bash
# Kiln's host target vs onnxruntime (CPU), same models, same inputs, same run.
# For each model: median latency of R runs after one warm-up, with 1 and 2
# threads (KILN_NUM_THREADS/OPENBLAS_NUM_THREADS vs ort intra-op threads),
# and the ratio Kiln / ort. Goal: within 2x of onnxruntime.
# Usage: bench/host_vs_ort.sh [build-dir] [repeats] [models...]
set -euo pipefail
BUILD_DIR=${1:-build}
REPEATS=${2:-10}
shift $(( $# > 2 ? 2 : $# )) || true
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN=$BUILD_DIR/bin
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export OMP_WAIT_POLICY=PASSIVE

MODELS=("$@")
if [ ${#MODELS[@]} -eq 0 ]; then
  for m in mlp resnet mobilenet vit decoder_prefill decoder_decode; do
    [ -f "$ROOT/examples/models/$m.onnx" ] && MODELS+=("$ROOT/examples/models/$m.onnx")
  done
  mkdir -p "$BUILD_DIR/models"
  /usr/bin/python3 "$ROOT/examples/export_torchvision.py" "$BUILD_DIR/models" > /dev/null 2>&1
  for m in mobilenet_v2 resnet50 vit_b_16; do MODELS+=("$BUILD_DIR/models/$m.onnx"); done
fi

printf "| %-16s | %7s | %10s | %10s | %7s | %10s | %10s | %7s |\n" model GFLOP "kiln 1T ms" "ort 1T ms" ratio "kiln 2T ms" "ort 2T ms" ratio
printf "|%s|%s|%s|%s|%s|%s|%s|%s|\n" ------------------ --------- ------------ ------------ --------- ------------ ------------ ---------
for model in "${MODELS[@]}"; do
  name=$(basename "$model" .onnx)
  dir=$WORK/$name; mkdir -p "$dir/k" "$dir/o"
  # Shared random inputs (tokens < 256 for the byte-level decoder).
  inputs=$(/usr/bin/python3 - "$model" "$dir" <<'PY'
import sys, numpy as np, onnx
from onnx import mapping
m = onnx.load(sys.argv[1], load_external_data=False)
inits = {t.name for t in m.graph.initializer}
rng = np.random.default_rng(0)
args = []
for vi in m.graph.input:
    if vi.name in inits: continue
    tt = vi.type.tensor_type
    dt = mapping.TENSOR_TYPE_TO_NP_TYPE[tt.elem_type]
    shape = [d.dim_value for d in tt.shape.dim]
    data = rng.standard_normal(shape).astype(dt) if np.issubdtype(dt, np.floating) else rng.integers(0, 256, shape).astype(dt)
    path = f"{sys.argv[2]}/{len(args)}.npy"; np.save(path, data)
    args.append(f"--input {vi.name}={path}")
print(" ".join(args))
PY
)
  "$BIN/kiln-compile" "$model" --target=host -o "$dir/m.kbin"
  row=("$name")
  gflop=""
  for threads in 1 2; do
    KILN_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads \
      "$BIN/kiln-run" "$dir/m.kbin" $inputs --output-dir "$dir/k" --quiet \
      --repeat $((REPEATS + 1)) --stats "$dir/k.json"
    node "$ROOT/tools/ort/ort-run.js" "$model" $inputs --output-dir "$dir/o" \
      --threads $threads --repeat "$REPEATS" --json "$dir/o.json" > /dev/null
    read -r k o g < <(/usr/bin/python3 - "$dir/k.json" "$dir/o.json" <<'PY'
import json, sys
k = json.load(open(sys.argv[1])); o = json.load(open(sys.argv[2]))
runs = sorted(k["run_seconds"][1:]) or sorted(k["run_seconds"])
om = o.get("median_ms") or o.get("timing", {}).get("median_ms")
print(runs[len(runs)//2]*1e3, om, k["flops"]/1e9)
PY
)
    gflop=$g
    row+=("$k" "$o")
  done
  printf "| %-16s | %7.2f | %10.2f | %10.2f | %7.2f | %10.2f | %10.2f | %7.2f |\n" \
    "${row[0]}" "$gflop" "${row[1]}" "${row[2]}" "$(echo "${row[1]} / ${row[2]}" | bc -l)" \
    "${row[3]}" "${row[4]}" "$(echo "${row[3]} / ${row[4]}" | bc -l)"
done
