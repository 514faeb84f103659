// A kernel placed for one memory is refused by the emitter of another,
// and compiles on its own (an IR-level input to kiln-compile).
// RUN: kiln-compile %s --target=dimm-pim -o %t.kbin
// RUN: kiln-objdump %t.kbin | FileCheck %s --check-prefix=OK
// OK: dimm-pim.decode_attention
// RUN: not kiln-compile %s --target=dimm-pim --pim-config=%kiln_src/configs/dimm-pim/ddr4-3200-2tb.json -o %t.bad.kbin 2>&1 | FileCheck %s --check-prefix=OTHER
// OTHER: error: pim.kernel was placed for another memory: lanes = 8 in the IR, the configured memory gives 16
// RUN: not ls %t.bad.kbin
func.func @main(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x128x32xf32>, %v: tensor<1x4x128x32xf32>, %len: tensor<1xi64>) -> tensor<1x4x1x32xf32> {
  %o = pim.kernel %q, %k, %v, %len {banks = 16 : i64, chunk = 64 : i64, chunks = 2 : i64, elems_per_burst = 4 : i64, group = 1 : i64, groups = 1 : i64, lanes = 8 : i64, layers = 1 : i64, layout = "hybrid", ranks = 64 : i64, rounds = 1 : i64, rows_per_chunk = 4 : i64, rows_used = 8 : i64, scale = 0.17677669 : f32, spread = 2 : i64, tokens_per_row = 16 : i64}
      : (tensor<1x4x1x32xf32>, tensor<1x4x128x32xf32>, tensor<1x4x128x32xf32>, tensor<1xi64>) -> tensor<1x4x1x32xf32>
  return %o : tensor<1x4x1x32xf32>
}
