// RUN: kiln-opt %s --kiln-count-flops | FileCheck %s
// RUN: kiln-opt %s --kiln-count-flops="per-op=true" | FileCheck %s --check-prefix=PEROP
// RUN: rm -f %t.json && kiln-opt %s --kiln-count-flops="output=%t.json per-op=true" -o %t.out.mlir
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// RUN: kiln-opt %s --kiln-count-flops="output=%t.txt" -o /dev/null && FileCheck %s < %t.txt
// The pass only reports: the IR it prints is the IR it got.
// RUN: kiln-opt %s > %t.in.mlir && diff %t.in.mlir %t.out.mlir
//
// Counts by hand, by the rules of docs/targets/host.md
// (runtime/include/kiln/rt/FlopRules.h): 2 FLOPs per multiply-add.

// MatMul [2,3,4,5] x [5,6]: 6 batches of 4x6x5 = 720 MACs, 1440 FLOPs;
// [2,1,4,5] x [3,5,6] broadcasts to 6 batches too.
// CHECK-LABEL: kiln-count-flops: @matmul
// CHECK-NEXT: op type
// CHECK-NEXT: MatMul 2 1440 2880 100.0%
// CHECK-NEXT: total 2 1440 2880 100.0%
func.func @matmul(%a: tensor<2x3x4x5xf32>, %b: tensor<5x6xf32>, %c: tensor<2x1x4x5xf32>, %d: tensor<3x5x6xf32>) -> (tensor<2x3x4x6xf32>, tensor<2x3x4x6xf32>) {
  %0 = onnx.MatMul %a, %b : (tensor<2x3x4x5xf32>, tensor<5x6xf32>) -> tensor<2x3x4x6xf32> loc("mm_batched")
  %1 = onnx.MatMul %c, %d : (tensor<2x1x4x5xf32>, tensor<3x5x6xf32>) -> tensor<2x3x4x6xf32> loc("mm_broadcast")
  return %0, %1 : tensor<2x3x4x6xf32>, tensor<2x3x4x6xf32>
}

// Gemm 4x8 * 8x16, no C: 512 MACs, 1024 FLOPs. With C, transB and
// alpha = 0.5: 1024 + 64 (add C) + 64 (alpha) = 1152.
// CHECK-LABEL: kiln-count-flops: @gemm
// CHECK-NEXT: op type
// CHECK-NEXT: Gemm 2 1024 2176 100.0%
// CHECK-NEXT: total 2 1024 2176 100.0%
// PEROP-LABEL: kiln-count-flops: @gemm
// PEROP: gemm_plain Gemm 512 1024
// PEROP-NEXT: gemm_bias Gemm 512 1152
func.func @gemm(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %bt: tensor<16x8xf32>, %c: tensor<16xf32>) -> (tensor<4x16xf32>, tensor<4x16xf32>) {
  %none = onnx.NoValue
  %0 = onnx.Gemm %a, %b, %none : (tensor<4x8xf32>, tensor<8x16xf32>, none) -> tensor<4x16xf32> loc("gemm_plain")
  %1 = onnx.Gemm %a, %bt, %c {alpha = 5.000000e-01 : f32, transB = 1 : i64} : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<4x16xf32> loc("gemm_bias")
  return %0, %1 : tensor<4x16xf32>, tensor<4x16xf32>
}

// Conv X 1x4x9x9, W 8x2x3x3, group 2, stride 2, dilation 2: Y 1x8x3x3 (72
// outputs), 72 * 2*3*3 = 1296 MACs, 2592 FLOPs + 72 for the bias = 2664.
// CHECK-LABEL: kiln-count-flops: @conv
// CHECK-NEXT: op type
// CHECK-NEXT: Conv 1 1296 2664 100.0%
func.func @conv(%x: tensor<1x4x9x9xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x3x3xf32> {
  %0 = onnx.Conv %x, %w, %b {dilations = array<i64: 2, 2>, group = 2 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x9x9xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x3x3xf32>
  return %0 : tensor<1x8x3x3xf32>
}

// Elementwise: 1 per output element (6 each), integers 0. Softmax 4 per
// element (80). ReduceMean: 16 inputs + 2 outputs = 18.
// CHECK-LABEL: kiln-count-flops: @elementwise
// CHECK-NEXT: op type
// CHECK-NEXT: Softmax 1 0 80 69.0%
// CHECK-NEXT: ReduceMean 1 0 18 15.5%
// CHECK-NEXT: Add 2 0 6 5.2%
// CHECK-NEXT: Mul 1 0 6
// CHECK-NEXT: Relu 1 0 6
// CHECK-NEXT: total 6 0 116 100.0%
func.func @elementwise(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %s: tensor<2x10xf32>, %r: tensor<2x8xf32>, %i: tensor<2x3xi32>) -> (tensor<2x3xf32>, tensor<2x10xf32>, tensor<2x1xf32>, tensor<2x3xi32>) {
  %0 = onnx.Add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = onnx.Mul %0, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = onnx.Relu %1 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = "onnx.Softmax"(%s) {axis = -1 : i64} : (tensor<2x10xf32>) -> tensor<2x10xf32>
  %4 = onnx.ReduceMean %r {axes = array<i64: -1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %5 = onnx.Add %i, %i : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
  return %2, %3, %4, %5 : tensor<2x3xf32>, tensor<2x10xf32>, tensor<2x1xf32>, tensor<2x3xi32>
}

// LayerNormalization: 8 per element (2x8 -> 128).
// CHECK-LABEL: kiln-count-flops: @layernorm
// CHECK-NEXT: op type
// CHECK-NEXT: LayerNormalization 1 0 128 100.0%
func.func @layernorm(%x: tensor<2x8xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  %0:3 = "onnx.LayerNormalization"(%x, %s, %b) {axis = -1 : i64} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, none, none)
  return %0#0 : tensor<2x8xf32>
}

// A ViT-like attention block on 4 tokens of width 8: q, k, v projections
// 3 x 256 MACs, scores 4x4x8 = 128 MACs, softmax 16 * 4 = 64, context
// 4x8x4 = 128 MACs, residual 32. MACs 1024, FLOPs 2048 + 64 + 32 = 2144.
// CHECK-LABEL: kiln-count-flops: @attention
// CHECK-NEXT: op type
// CHECK-NEXT: MatMul 5 1024 2048 95.5%
// CHECK-NEXT: Softmax 1 0 64 3.0%
// CHECK-NEXT: Add 1 0 32 1.5%
// CHECK-NEXT: Transpose 1 0 0 0.0%
// CHECK-NEXT: total 8 1024 2144 100.0%
func.func @attention(%x: tensor<1x4x8xf32>, %wq: tensor<8x8xf32>, %wk: tensor<8x8xf32>, %wv: tensor<8x8xf32>) -> tensor<1x4x8xf32> {
  %q = onnx.MatMul %x, %wq : (tensor<1x4x8xf32>, tensor<8x8xf32>) -> tensor<1x4x8xf32>
  %k = onnx.MatMul %x, %wk : (tensor<1x4x8xf32>, tensor<8x8xf32>) -> tensor<1x4x8xf32>
  %v = onnx.MatMul %x, %wv : (tensor<1x4x8xf32>, tensor<8x8xf32>) -> tensor<1x4x8xf32>
  %kt = onnx.Transpose %k {perm = array<i64: 0, 2, 1>} : (tensor<1x4x8xf32>) -> tensor<1x8x4xf32>
  %s = onnx.MatMul %q, %kt : (tensor<1x4x8xf32>, tensor<1x8x4xf32>) -> tensor<1x4x4xf32>
  %p = "onnx.Softmax"(%s) {axis = -1 : i64} : (tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %c = onnx.MatMul %p, %v : (tensor<1x4x4xf32>, tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  %r = onnx.Add %c, %x : (tensor<1x4x8xf32>, tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %r : tensor<1x4x8xf32>
}

// An op without a static rule counts 0 and is listed.
// CHECK-LABEL: kiln-count-flops: @no_rule
// CHECK: Relu 1 0 6 100.0%
// CHECK-NEXT: total 1 0 6 100.0%
// CHECK-NEXT: not counted: LSTM x1 (no FLOP rule for LSTM)
func.func @no_rule(%a: tensor<2x3xf32>, %x: tensor<1x1x2xf32>, %w: tensor<1x12x2xf32>, %r: tensor<1x12x3xf32>) -> (tensor<2x3xf32>, tensor<1x1x1x3xf32>) {
  %none = onnx.NoValue
  %0 = onnx.Relu %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1:3 = "onnx.LSTM"(%x, %w, %r, %none, %none, %none, %none, %none) {hidden_size = 3 : i64} : (tensor<1x1x2xf32>, tensor<1x12x2xf32>, tensor<1x12x3xf32>, none, none, none, none, none) -> (tensor<1x1x1x3xf32>, none, none)
  return %0, %1#0 : tensor<2x3xf32>, tensor<1x1x1x3xf32>
}

// The JSON report: totals over all functions, then each function's rows.
// JSON: "flops": 10114,
// JSON: "functions": [
// JSON: "by_type": [
// JSON: "count": 2,
// JSON-NEXT: "flops": 2880,
// JSON-NEXT: "macs": 1440,
// JSON-NEXT: "share": 1,
// JSON-NEXT: "type": "MatMul"
// JSON: "name": "matmul",
// JSON: "ops": [
// JSON: "flops": 1440,
// JSON-NEXT: "macs": 720,
// JSON-NEXT: "name": "mm_batched",
// JSON-NEXT: "type": "MatMul"
// JSON: "not_counted": [{{$}}
// JSON-NEXT: {
// JSON-NEXT: "count": 1,
// JSON-NEXT: "reason": "no FLOP rule for LSTM",
// JSON-NEXT: "type": "LSTM"
