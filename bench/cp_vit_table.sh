#!/usr/bin/env bash
# CP-ViT / EViT / ToMe experiment (issue #5): accuracy on the full
# Fashion-MNIST test set and FLOPs of the bundled ViT for final keep ratios
# 0.9 .. 0.3, every policy with and without head pruning, FLOPs budgets, and
# torchvision vit_b_16's FLOPs. Writes docs/results/cp-vit.md and
# docs/results/cp-vit.png (about 10 minutes on 2 cores).
# Usage: bench/cp_vit_table.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
export OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
mkdir -p "$BUILD_DIR/models"
/usr/bin/python3 examples/export_torchvision.py "$BUILD_DIR/models" --models vit_b_16 > /dev/null 2>&1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 bench/cp_vit_table.py --bin "$BUILD_DIR/bin" --work "$WORK" \
  --out docs/results/cp-vit.md --plot docs/results/cp-vit.png \
  --vit-b16 "$BUILD_DIR/models/vit_b_16.onnx"
