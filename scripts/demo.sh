#!/usr/bin/env bash
# make demo: compile the bundled example models for the host target with
# kiln-compile and run them with kiln-run (examples/demo.py says what it prints).
set -euo pipefail
BUILD_DIR=${1:-build}
export OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
exec /usr/bin/python3 "$(dirname "$0")/../examples/demo.py" "$BUILD_DIR"
