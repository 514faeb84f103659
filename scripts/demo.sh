#!/usr/bin/env bash
# make demo: exports a LLaMA-style decoder layer with a KV cache from PyTorch,
# imports it into the onnx dialect, canonicalizes it, and prints what it holds.
# (Compiling and running models arrives with the runtime, issue #3.)
set -euo pipefail
BUILD_DIR=${1:-build}
OUT=$BUILD_DIR/demo
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE

if [ ! -f "$OUT/llama_layer.onnx" ]; then
  echo "== exporting the example models with PyTorch (examples/export_op_coverage.py)"
  /usr/bin/python3 examples/export_op_coverage.py "$OUT" > "$OUT/export.log" 2>&1
fi

echo "== kiln-translate --import-onnx $OUT/llama_layer.onnx"
"$BUILD_DIR/bin/kiln-translate" --import-onnx "$OUT/llama_layer.onnx" -o "$OUT/llama_layer.mlir"
grep -m1 "func.func @main" "$OUT/llama_layer.mlir" | sed 's/^ *//'
echo
echo "== ops before and after kiln-opt --canonicalize (shape arithmetic folds away)"
"$BUILD_DIR/bin/kiln-opt" --print-op-stats "$OUT/llama_layer.mlir" -o /dev/null 2>&1 \
  | grep -E "onnx\." | awk '{n+=$NF} END {print "  before: " n " onnx ops"}'
"$BUILD_DIR/bin/kiln-opt" --canonicalize "$OUT/llama_layer.mlir" -o "$OUT/llama_layer.canon.mlir"
"$BUILD_DIR/bin/kiln-opt" --print-op-stats "$OUT/llama_layer.canon.mlir" -o /dev/null 2>&1 \
  | grep -E "onnx\." | tee "$OUT/stats.txt" | awk '{n+=$NF} END {print "  after:  " n " onnx ops"}'
echo
sed 's/^ */  /' "$OUT/stats.txt"
