// RUN: kiln-opt %s | FileCheck %s
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s

// Round-trip test for every op and attribute of the lut dialect. The kernels
// are consistent programs for the shapes of @tensor_ops (M = 2, Kd = 16,
// N = 12 padded to 16, k = 4, group 8, 2-bit weights, tile 2x16x4), so every
// static extent below is inside its buffer.

//===----------------------------------------------------------------------===//
// Attributes.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @attributes()
// CHECK-SAME: a0 = #lut.addr<r0+0>
// CHECK-SAME: a1 = #lut.addr<r3+64>
// CHECK-SAME: a2 = #lut.addr<r15+268435455>
// CHECK-SAME: act = #lut.act<f16>
// CHECK-SAME: blocking = #lut.blocking<m_block = 2, n_block = 256, k_block = 512, cores = 4>
// CHECK-SAME: prologue = #lut.prologue<add>
// CHECK-SAME: space = #lut.space<tbuf>
// CHECK-SAME: table = #lut.table<i8>
// CHECK-SAME: tile = #lut.tile<2x64x4>
// CHECK-SAME: tile2 = #lut.tile<255x65535x8>
// CHECK-SAME: w2 = #lut.weights<bits = 2, k = 4, group = 128, n = 256, n_padded = 256, ternary = false>
// CHECK-SAME: w3 = #lut.weights<bits = 3, k = 8, group = 64, n = 100, n_padded = 128, ternary = false>
// CHECK-SAME: wt = #lut.weights<bits = 2, k = 1, group = 1, n = 7, n_padded = 8, ternary = true>
func.func @attributes() attributes {
  w2 = #lut.weights<bits = 2, k = 4, group = 128, n = 256, n_padded = 256, ternary = false>,
  // Parameters in any order; ternary defaults to false.
  w3 = #lut.weights<n_padded = 128, n = 100, group = 64, k = 8, bits = 3>,
  wt = #lut.weights<bits = 2, k = 1, group = 1, n = 7, n_padded = 8, ternary = true>,
  tile = #lut.tile<2x64x4>,
  tile2 = #lut.tile<255x65535x8>,
  blocking = #lut.blocking<m_block = 2, n_block = 256, k_block = 512, cores = 4>,
  // `rN` alone is offset 0; spaces around `+` are allowed.
  a0 = #lut.addr<r0>,
  a1 = #lut.addr<r3 + 64>,
  a2 = #lut.addr<r15+268435455>,
  act = #lut.act<f16>,
  table = #lut.table<i8>,
  prologue = #lut.prologue<add>,
  space = #lut.space<tbuf>
} {
  return
}

//===----------------------------------------------------------------------===//
// Tensor-level ops.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @tensor_ops(
func.func @tensor_ops(%x: tensor<2x16xf32>, %w: tensor<16x12xf32>,
                      %codes: tensor<16x12xui8>, %scales: tensor<2x12xf32>,
                      %zeros: tensor<2x12xf32>, %vec: tensor<16xf32>,
                      %packed: tensor<4x2x8xui8>, %consts: tensor<2x16x2xf32>)
    -> (tensor<2x12xf32>, tensor<2x12xf32>, tensor<2x12xf32>, tensor<2x12xf32>) {
  // CHECK: lut.matmul %arg0, %arg1 : (tensor<2x16xf32>, tensor<16x12xf32>) -> tensor<2x12xf32>
  %0 = lut.matmul %x, %w : (tensor<2x16xf32>, tensor<16x12xf32>) -> tensor<2x12xf32>
  // CHECK: lut.qmatmul %arg0, %arg2, %arg3, %arg4 {bits = 3 : i64, group_size = 8 : i64} : (tensor<2x16xf32>, tensor<16x12xui8>, tensor<2x12xf32>, tensor<2x12xf32>) -> tensor<2x12xf32>
  %1 = lut.qmatmul %x, %codes, %scales, %zeros {bits = 3 : i64, group_size = 8 : i64}
      : (tensor<2x16xf32>, tensor<16x12xui8>, tensor<2x12xf32>, tensor<2x12xf32>) -> tensor<2x12xf32>
  // Constant codes are checked (ternary: 0, 1 or 2).
  // CHECK: lut.qmatmul %arg0, %{{.*}}, %{{.*}}, %{{.*}} {bits = 2 : i64, group_size = 16 : i64, ternary} : (tensor<2x16xf32>, tensor<16x12xui8>, tensor<1x12xf32>, tensor<1x12xf32>) -> tensor<2x12xf32>
  %tcodes = arith.constant dense<2> : tensor<16x12xui8>
  %tscales = arith.constant dense<0.5> : tensor<1x12xf32>
  %tzeros = arith.constant dense<1.0> : tensor<1x12xf32>
  %2 = lut.qmatmul %x, %tcodes, %tscales, %tzeros {bits = 2 : i64, group_size = 16 : i64, ternary}
      : (tensor<2x16xf32>, tensor<16x12xui8>, tensor<1x12xf32>, tensor<1x12xf32>) -> tensor<2x12xf32>
  // CHECK: %[[T:.*]], %[[RI:.*]] = lut.precompute %arg0 {act = #lut.act<i8>, group_size = 8 : i64, k = 4 : i64, table = #lut.table<i16>} : (tensor<2x16xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>)
  %t, %ri = lut.precompute %x {k = 4 : i64, group_size = 8 : i64, act = #lut.act<i8>, table = #lut.table<i16>}
      : (tensor<2x16xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>)
  // CHECK: lut.precompute %arg0, %arg5 {act = #lut.act<f16>, group_size = 16 : i64, k = 8 : i64, prologue = #lut.prologue<mul>, table = #lut.table<f16>} : (tensor<2x16xf32>, tensor<16xf32>) -> (tensor<2x2x128xf16>, tensor<1x2x2xf32>)
  %t8, %ri8 = lut.precompute %x, %vec {k = 8 : i64, group_size = 16 : i64, act = #lut.act<f16>, table = #lut.table<f16>, prologue = #lut.prologue<mul>}
      : (tensor<2x16xf32>, tensor<16xf32>) -> (tensor<2x2x128xf16>, tensor<1x2x2xf32>)
  // CHECK: lut.precompute %arg0, %arg5 {act = #lut.act<f16>, group_size = 2 : i64, k = 1 : i64, prologue = #lut.prologue<add>, table = #lut.table<i8>} : (tensor<2x16xf32>, tensor<16xf32>) -> (tensor<16x2x1xi8>, tensor<8x2x2xf32>)
  %t1, %ri1 = lut.precompute %x, %vec {k = 1 : i64, group_size = 2 : i64, act = #lut.act<f16>, table = #lut.table<i8>, prologue = #lut.prologue<add>}
      : (tensor<2x16xf32>, tensor<16xf32>) -> (tensor<16x2x1xi8>, tensor<8x2x2xf32>)
  // CHECK: lut.mpgemm %[[T]], %[[RI]], %arg6, %arg7 {act = #lut.act<i8>, format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, table = #lut.table<i16>} : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  %3 = lut.mpgemm %t, %ri, %packed, %consts {
      format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>,
      act = #lut.act<i8>, table = #lut.table<i16>}
      : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  // CHECK: lut.mpgemm %[[T]], %[[RI]], %arg6, %arg7 {act = #lut.act<i8>, blocking = #lut.blocking<m_block = 2, n_block = 16, k_block = 16, cores = 1>, format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>, table = #lut.table<i16>, tile = #lut.tile<2x16x4>} : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  %4 = lut.mpgemm %t, %ri, %packed, %consts {
      format = #lut.weights<bits = 2, k = 4, group = 8, n = 12, n_padded = 16, ternary = false>,
      act = #lut.act<i8>, table = #lut.table<i16>, tile = #lut.tile<2x16x4>,
      blocking = #lut.blocking<m_block = 2, n_block = 16, k_block = 16, cores = 1>}
      : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32>
  return %0, %1, %3, %4 : tensor<2x12xf32>, tensor<2x12xf32>, tensor<2x12xf32>, tensor<2x12xf32>
}

//===----------------------------------------------------------------------===//
// Instruction-level ops: a precompute kernel.
//===----------------------------------------------------------------------===//

// Slots: 0 = x (2x16 f32, 128 bytes), 1 = vec (64 bytes), 2 = tables
// (4x2x8 i16, 128 bytes), 3 = rowinfo (2x2x2 f32, 32 bytes).
// CHECK-LABEL: func.func @precompute_kernel(
func.func @precompute_kernel(%x: tensor<2x16xf32>, %vec: tensor<16xf32>)
    -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>) {
  // CHECK: lut.kernel "precompute" (%arg0, %arg1) config {acc_tiles = 4 : i64, arrays_per_core = 2 : i64, cores = 1 : i64, smem_bytes = 512 : i64, tbuf_bytes = 256 : i64, tile = #lut.tile<2x16x4>} : (tensor<2x16xf32>, tensor<16xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>) {
  %t, %ri = lut.kernel "precompute" (%x, %vec) config {cores = 1, arrays_per_core = 2, smem_bytes = 512, tbuf_bytes = 256, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<2x16xf32>, tensor<16xf32>) -> (tensor<4x2x8xi16>, tensor<2x2x2xf32>) {
    // CHECK-NEXT: lut.core 0 {
    lut.core 0 {
      // CHECK-NEXT: lut.load space = smem, array = 0, dst = r0+0, slot = 0, src = r0+0, rows = 2, row_bytes = 64, src_stride = 64, dst_stride = 64
      lut.load space = smem, array = 0, dst = r0+0, slot = 0, src = r0+0, rows = 2, row_bytes = 64, src_stride = 64, dst_stride = 64
      // CHECK-NEXT: lut.load space = smem, array = 0, dst = r0+128, slot = 1, src = r0+0, rows = 1, row_bytes = 64, src_stride = 0, dst_stride = 0
      lut.load space = smem, array = 0, dst = r0+128, slot = 1, src = r0, rows = 1, row_bytes = 64, src_stride = 0, dst_stride = 0
      // CHECK-NEXT: lut.sync
      lut.sync
      // CHECK-NEXT: lut.tgen act = i8, table = i16, prologue = mul, k = 4, group_size = 8, src = r0+0, dst_tables = r0+192, rows = 2, kdim = 16, src_stride = 64, prologue_vec = r0+128, dst_rowinfo = r0+320
      lut.tgen act = i8, table = i16, prologue = mul, k = 4, group_size = 8, src = r0+0, dst_tables = r0+192, rows = 2, kdim = 16, src_stride = 64, prologue_vec = r0+128, dst_rowinfo = r0+320
      // CHECK-NEXT: lut.tgen act = f16, table = f16, prologue = none, k = 4, group_size = 8, src = r0+0, dst_tables = r0+192, rows = 2, kdim = 16, src_stride = 64, dst_rowinfo = r0+320
      lut.tgen act = f16, table = f16, prologue = none, k = 4, group_size = 8, src = r0+0, dst_tables = r0+192, rows = 2, kdim = 16, src_stride = 64, dst_rowinfo = r0+320
      // CHECK-NEXT: lut.sync
      lut.sync
      // CHECK-NEXT: lut.store slot = 2, dst = r0+0, src = r0+192, rows = 1, row_bytes = 128, dst_stride = 0, src_stride = 0
      lut.store slot = 2, dst = r0+0, src = r0+192, rows = 1, row_bytes = 128, dst_stride = 0, src_stride = 0
      // CHECK-NEXT: lut.store slot = 3, dst = r0+0, src = r0+320, rows = 2, row_bytes = 16, dst_stride = 16, src_stride = 16
      lut.store slot = 3, dst = r0+0, src = r0+320, rows = 2, row_bytes = 16, dst_stride = 16, src_stride = 16
      // CHECK-NEXT: lut.nop
      lut.nop
    // CHECK-NEXT: }
    }
  // CHECK-NEXT: }
  }
  return %t, %ri : tensor<4x2x8xi16>, tensor<2x2x2xf32>
}

//===----------------------------------------------------------------------===//
// Instruction-level ops: an mpgemm kernel on three cores.
//===----------------------------------------------------------------------===//

// Slots: 0 = tables (4x2x8 i16, 32 bytes per run), 1 = rowinfo (16 bytes
// per group), 2 = packed (2 planes of 8 bytes per run), 3 = consts (128
// bytes per group), 4 = y (2x12 f32, 48-byte rows). Core 0 computes the
// output; cores 1 and 2 only show that cores are independent streams.
// SMEM: weights at 0 (64), consts at 64 (256), rowinfo at 320 (32),
// output at 352 (2 x 64).
// CHECK-LABEL: func.func @mpgemm_kernel(
func.func @mpgemm_kernel(%t: tensor<4x2x8xi16>, %ri: tensor<2x2x2xf32>,
                         %packed: tensor<4x2x8xui8>, %consts: tensor<2x16x2xf32>)
    -> tensor<2x12xf32> {
  // CHECK: lut.kernel "mpgemm" (%arg0, %arg1, %arg2, %arg3) config {acc_tiles = 4 : i64, arrays_per_core = 2 : i64, cores = 3 : i64, smem_bytes = 4096 : i64, tbuf_bytes = 1024 : i64, tile = #lut.tile<2x16x4>} : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32> {
  %y = lut.kernel "mpgemm" (%t, %ri, %packed, %consts) config {cores = 3, arrays_per_core = 2, smem_bytes = 4096, tbuf_bytes = 1024, acc_tiles = 4, tile = #lut.tile<2x16x4>}
      : (tensor<4x2x8xi16>, tensor<2x2x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<2x12xf32> {
    // CHECK-NEXT: lut.core 0 {
    lut.core 0 {
      // CHECK-NEXT: lut.load space = tbuf, array = 1, dst = r0+0, slot = 0, src = r0+0, rows = 4, row_bytes = 32, src_stride = 32, dst_stride = 32
      lut.load space = tbuf, array = 1, dst = r0+0, slot = 0, src = r0+0, rows = 4, row_bytes = 32, src_stride = 32, dst_stride = 32
      // CHECK-NEXT: lut.load space = smem, array = 0, dst = r0+0, slot = 2, src = r0+0, rows = 4, row_bytes = 16, src_stride = 16, dst_stride = 16
      lut.load space = smem, array = 0, dst = r0+0, slot = 2, src = r0+0, rows = 4, row_bytes = 16, src_stride = 16, dst_stride = 16
      // CHECK-NEXT: lut.load space = smem, array = 0, dst = r0+64, slot = 3, src = r0+0, rows = 2, row_bytes = 128, src_stride = 128, dst_stride = 128
      lut.load space = smem, array = 0, dst = r0+64, slot = 3, src = r0+0, rows = 2, row_bytes = 128, src_stride = 128, dst_stride = 128
      // CHECK-NEXT: lut.load space = smem, array = 0, dst = r0+320, slot = 1, src = r0+0, rows = 1, row_bytes = 32, src_stride = 0, dst_stride = 0
      lut.load space = smem, array = 0, dst = r0+320, slot = 1, src = r0+0, rows = 1, row_bytes = 32, src_stride = 0, dst_stride = 0
      // CHECK-NEXT: lut.seti r1, 0
      lut.seti r1, 0
      // CHECK-NEXT: lut.seti r2, 0
      lut.seti r2, 0
      // CHECK-NEXT: lut.seti r3, 64
      lut.seti r3, 64
      // CHECK-NEXT: lut.seti r4, 320
      lut.seti r4, 320
      // CHECK-NEXT: lut.sync
      lut.sync
      // CHECK-NEXT: lut.loop 2 {
      lut.loop 2 {
        // CHECK-NEXT: lut.loop 2 {
        lut.loop 2 {
          // CHECK-NEXT: lut.lmma bits = 2, clear = false, table = i16, array = 1, acc = 0, tables = r1+0, weights = r2+0, rows = 2, shape = 2x16x4, plane_stride = 8
          lut.lmma bits = 2, clear = false, table = i16, array = 1, acc = 0, tables = r1+0, weights = r2+0, rows = 2, shape = 2x16x4, plane_stride = 8
          // CHECK-NEXT: lut.addi r1, r1, 32
          lut.addi r1, r1, 32
          // CHECK-NEXT: lut.addi r2, r2, 16
          lut.addi r2, r2, 16
        // CHECK-NEXT: }
        }
        // CHECK-NEXT: lut.epi init = false, clear_acc = true, table = i16, array = 1, out = r0+352, acc = 0, consts = r3+0, rowinfo = r4+0, shape = 2x16x4, out_stride = 64, rows = 2
        lut.epi init = false, clear_acc = true, table = i16, array = 1, out = r0+352, acc = 0, consts = r3+0, rowinfo = r4+0, shape = 2x16x4, out_stride = 64, rows = 2
        // CHECK-NEXT: lut.addi r3, r3, 128
        lut.addi r3, r3, 128
        // CHECK-NEXT: lut.addi r4, r4, 16
        lut.addi r4, r4, 16
      // CHECK-NEXT: }
      }
      // CHECK-NEXT: lut.sync
      lut.sync
      // CHECK-NEXT: lut.store slot = 4, dst = r0+0, src = r0+352, rows = 2, row_bytes = 48, dst_stride = 48, src_stride = 64
      lut.store slot = 4, dst = r0+0, src = r0+352, rows = 2, row_bytes = 48, dst_stride = 48, src_stride = 64
    // CHECK-NEXT: }
    }
    // CHECK-NEXT: lut.core 1 {
    lut.core 1 {
      // Every extent ends exactly at the end of its buffer.
      // CHECK-NEXT: lut.lmma bits = 1, clear = true, table = f16, array = 0, acc = 3, tables = r0+1008, weights = r0+4088, rows = 1, shape = 2x16x4, plane_stride = 0
      lut.lmma bits = 1, clear = true, table = f16, array = 0, acc = 3, tables = r0+1008, weights = r0+4088, rows = 1, shape = 2x16x4, plane_stride = 0
      // CHECK-NEXT: lut.epi init = true, clear_acc = false, table = f16, array = 0, out = r0+4032, acc = 3, consts = r0+3968, rowinfo = r0+4088, shape = 2x16x4, out_stride = 0, rows = 1
      lut.epi init = true, clear_acc = false, table = f16, array = 0, out = r0+4032, acc = 3, consts = r0+3968, rowinfo = r0+4088, shape = 2x16x4, out_stride = 0, rows = 1
    // CHECK-NEXT: }
    }
    // An empty core is legal (it only halts).
    // CHECK-NEXT: lut.core 2 {
    // CHECK-NEXT: }
    lut.core 2 {
    }
  // CHECK-NEXT: }
  }
  return %y : tensor<2x12xf32>
}
