// RUN: not kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-quantize{bits=5}))' 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: not kiln-opt %s --pass-pipeline='builtin.module(func.func(lut-quantize{group-size=0}))' 2>&1 | FileCheck %s --check-prefix=GROUP
// BITS: lut-quantize: weight bits must be 1, 2, 3, 4 or ternary, got '5'
// GROUP: lut-quantize: group-size must be positive, got 0
func.func @f(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  return %x : tensor<1x4xf32>
}
