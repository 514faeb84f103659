#!/usr/bin/env bash
# Installs onnxruntime-node (Kiln's CPU reference runtime) into tools/ort/node_modules, at the
# version pinned in tools/ort/package.json and tools/ort/package-lock.json.
# Idempotent: does nothing when tools/ort/node_modules/onnxruntime-node is already there.
#
# --ignore-scripts: onnxruntime-node's install script downloads extra (GPU) libraries and fails
# without that network; the CPU library for linux x64/arm64 is inside the npm package itself.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORT_DIR="$ROOT/tools/ort"

if [ -f "$ORT_DIR/node_modules/onnxruntime-node/package.json" ]; then
  ver="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$ORT_DIR/node_modules/onnxruntime-node/package.json" | head -n1)"
  echo "install-ort: onnxruntime-node ${ver:-?} already in tools/ort/node_modules"
  exit 0
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-ort: error: node and npm are needed (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi

cd "$ORT_DIR"
if [ -f package-lock.json ]; then
  echo "install-ort: installing onnxruntime-node into tools/ort (npm ci --ignore-scripts, from package-lock.json)"
  npm ci --ignore-scripts --no-audit --no-fund
else
  echo "install-ort: no package-lock.json; installing onnxruntime-node into tools/ort (npm install --ignore-scripts)"
  npm install --ignore-scripts --no-audit --no-fund
fi

# Check that the native binding loads on this machine.
if ! node -e "const o = require('onnxruntime-node'); process.stdout.write('install-ort: onnxruntime-node ' + o.env.versions.node + ' loads (node ' + process.version + ')\n')"; then
  echo "install-ort: error: onnxruntime-node was installed but does not load with node $(node --version)" >&2
  exit 1
fi
