// RUN: kiln-opt %s --pass-pipeline="builtin.module(func.func(lut-tile{config=%S/Inputs/small.json tile=2x256x4}))" -verify-diagnostics
// RUN: kiln-opt %s --pass-pipeline="builtin.module(func.func(lut-lower{config=%S/Inputs/small.json tile=2x256x4}))" -verify-diagnostics

// With 256-column tiles, the two arrays' epilogue constants (2 x 256 x 8
// bytes) and one output block (2 x 256 x 4 bytes) overflow the 4 KB of
// shared memory: no blocking fits; lowering an untiled mpgemm is refused.
func.func @too_big(%t: tensor<2x1x8xf16>, %r: tensor<1x1x2xf32>, %p: tensor<2x4x512xui8>, %c: tensor<1x1024x2xf32>) -> tensor<1x1024xf32> {
  // expected-error-re @below {{{{cannot tile for this machine: no blocking fits the machine \(smallest block: a block needs [0-9]+ bytes of shared memory, a core has 4096\)|has no blocking: run lut-tile before lut-lower}}}}
  %y = lut.mpgemm %t, %r, %p, %c {act = #lut.act<f16>, format = #lut.weights<bits = 4, k = 4, group = 8, n = 1024, n_padded = 1024, ternary = false>, table = #lut.table<f16>} : (tensor<2x1x8xf16>, tensor<1x1x2xf32>, tensor<2x4x512xui8>, tensor<1x1024x2xf32>) -> tensor<1x1024xf32>
  return %y : tensor<1x1024xf32>
}
