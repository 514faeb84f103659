#!/usr/bin/env bash
# Installs every Debian package Kiln's build, tests, benchmarks and examples need.
# Idempotent: does nothing when everything is present. Uses sudo when not root.
set -euo pipefail

# Build: compiler toolchain, MLIR/LLVM 19 (static archives), ONNX, JSON, tests.
BUILD_PKGS=(
  cmake ninja-build ccache g++ pkg-config
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools
  libonnx-dev libprotobuf-dev protobuf-compiler
  nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  clang-19 libclang-rt-19-dev
  libopenblas-dev zlib1g-dev libzstd-dev libedit-dev libcurl4-openssl-dev libxml2-dev libffi-dev libncurses-dev
)
# Tests and examples: python3 with Debian's onnx/torch (run as /usr/bin/python3),
# the ONNX backend node test data, the Fashion-MNIST data set; matplotlib for
# the plots of the results pages (bench/).
TEST_PKGS=(
  python3 python3-numpy python3-onnx libonnx-testdata
  python3-torch python3-torchvision libopenblas0-openmp
  dataset-fashion-mnist fortunes time bc
  python3-matplotlib
)

missing=()
for p in "${BUILD_PKGS[@]}" "${TEST_PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all Debian packages present"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# onnxruntime (CPU), the independent reference for whole-model outputs:
# npm's onnxruntime-node into tools/ort (its install script must not run).
"$(dirname "$0")/install-ort.sh"
