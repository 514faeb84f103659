#!/usr/bin/env bash
# Builds the .kbin reader fuzz target with clang-19 (libFuzzer + ASan + UBSan)
# and runs it for N seconds (default 20; `make fuzz FUZZ_SECONDS=600` for a
# longer campaign). Exits non-zero if the fuzzer finds a crash; the crashing
# input is left in build-fuzz/.
# Usage: scripts/fuzz-kbin.sh [seconds] [build-dir]
set -euo pipefail
SECONDS_TO_RUN=${1:-20}
OUT=${2:-build-fuzz}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CXX=clang++-19
command -v "$CXX" >/dev/null || { echo "fuzz-kbin: $CXX not found (scripts/install-deps.sh installs it)" >&2; exit 1; }
mkdir -p "$OUT/corpus"
SRC=(runtime/lib/core/DType.cpp runtime/lib/core/Tensor.cpp runtime/lib/core/Attrs.cpp runtime/lib/format/Kbin.cpp)
FLAGS=(-std=c++17 -O1 -g -fexceptions -I"$ROOT/runtime/include")
cd "$ROOT"
if [ ! -x "$OUT/kbin-fuzz" ] || [ -n "$(find runtime fuzz -newer "$OUT/kbin-fuzz" -name '*.cpp' -o -newer "$OUT/kbin-fuzz" -name '*.h' | head -1)" ]; then
  echo "fuzz-kbin: building $OUT/kbin-fuzz with $CXX (libFuzzer, ASan, UBSan)"
  "$CXX" "${FLAGS[@]}" -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    fuzz/KbinFuzz.cpp "${SRC[@]}" -lz -o "$OUT/kbin-fuzz"
  "$CXX" "${FLAGS[@]}" fuzz/make_seeds.cpp "${SRC[@]}" -lz -o "$OUT/make-seeds"
fi
"$OUT/make-seeds" "$OUT/corpus"
echo "fuzz-kbin: fuzzing the .kbin reader for ${SECONDS_TO_RUN}s"
"$OUT/kbin-fuzz" -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$OUT/" -print_final_stats=1 "$OUT/corpus" 2>&1 \
  | grep -E "^(stat::number_of_executed_units|stat::new_units_added|.*ERROR|SUMMARY|Done)" || true
# libFuzzer exits non-zero and writes crash-* files when it finds a bug.
if ls "$OUT"/crash-* "$OUT"/leak-* "$OUT"/timeout-* >/dev/null 2>&1; then
  echo "fuzz-kbin: FAILED, see $(ls "$OUT"/crash-* "$OUT"/leak-* "$OUT"/timeout-* 2>/dev/null | head -1)" >&2
  exit 1
fi
echo "fuzz-kbin: no crash"
