#!/usr/bin/env bash
# Import benchmark: torchvision vit_b_16 (PyTorch 1.13 export, 346 MB) through
# `kiln-translate --import-onnx`, as text and as bytecode. Prints wall time and
# peak RSS beside the file size. Targets: < 5 s and peak RSS < 2x model size.
# Usage: bench/import_vit_b16.sh [build-dir] [repeats]
set -euo pipefail
BUILD_DIR=${1:-build}
REPEATS=${2:-3}
MODELS=$BUILD_DIR/models
TOOL=$BUILD_DIR/bin/kiln-translate
export OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE

mkdir -p "$MODELS"
/usr/bin/python3 examples/export_torchvision.py "$MODELS" --models vit_b_16 > /dev/null 2>&1
MODEL=$MODELS/vit_b_16.onnx
SIZE=$(stat -c %s "$MODEL")
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

printf "model: %s (%.1f MB), best of %d runs\n\n" "$MODEL" "$(echo "$SIZE/1048576" | bc -l)" "$REPEATS"
printf "| %-28s | %9s | %13s | %11s | %8s |\n" "command" "seconds" "peak RSS MB" "RSS / model" "target"
printf "|%s|%s|%s|%s|%s|\n" "------------------------------" "-----------" "---------------" "-------------" "----------"
run() {
  local label=$1; shift
  local best_t="" best_m=""
  for _ in $(seq "$REPEATS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time" "$TOOL" --import-onnx "$MODEL" "$@"
    read -r t m < "$OUT/time"
    if [ -z "$best_t" ] || [ "$(echo "$t < $best_t" | bc)" = 1 ]; then best_t=$t; fi
    if [ -z "$best_m" ] || [ "$m" -lt "$best_m" ]; then best_m=$m; fi
  done
  local ratio; ratio=$(echo "$best_m * 1024 / $SIZE" | bc -l)
  local ok="met"
  if [ "$(echo "$best_t >= 5 || $ratio >= 2" | bc)" = 1 ]; then ok="MISSED"; fi
  printf "| %-28s | %9.2f | %13.0f | %11.2f | %8s |\n" "$label" "$best_t" "$(echo "$best_m/1024" | bc -l)" "$ratio" "$ok"
}
run "import -> text (.mlir)" -o "$OUT/vit.mlir"
run "import -> bytecode (.mlirbc)" --emit-bytecode -o "$OUT/vit.mlirbc"
