// RUN: kiln-opt %s --pass-pipeline="builtin.module(func.func(lut-tile{config=%S/Inputs/small.json}))" | FileCheck %s --check-prefix=TILE
// RUN: kiln-opt %s --pass-pipeline="builtin.module(func.func(lut-tile{config=%S/Inputs/small.json},lut-lower{config=%S/Inputs/small.json}))" | FileCheck %s --check-prefix=LOWER

// Inputs/small.json: 2 cores x 2 arrays, 4 KB shared memory, 256-byte table
// buffers, 4 accumulator tiles, M2N8K4.
//
// Y[4, 16] = X[4, 16] W[16, 16], 2 bits, groups of 8 rows (2 tables each).
// Two row blocks of 2 keep both cores busy; each takes all 16 columns (two
// N tiles, so a table is read by both) and a whole group per table load.
// TILE: lut.mpgemm {{.*}}blocking = #lut.blocking<m_block = 2, n_block = 16, k_block = 8, cores = 2>{{.*}}tile = #lut.tile<2x8x4>
//
// LOWER: lut.kernel "mpgemm" (%arg0, %arg1, %arg2, %arg3) config {acc_tiles = 4 : i64, arrays_per_core = 2 : i64, cores = 2 : i64, smem_bytes = 4096 : i64, tbuf_bytes = 256 : i64, tile = #lut.tile<2x8x4>} {info = {act = "f16", bits = 2 : i64, group_size = 8 : i64, k = 16 : i64, lut_k = 4 : i64, m = 4 : i64, n = 16 : i64, table = "f16", ternary = false}}
// Core 0: rows 0-1. Groups 0 and 1 form one round (one group per array):
// their epilogue constants and row info load with one 2-D copy each, their
// tables (2 rows of 2 x 8 f16 entries, DRAM row stride 4 x 8 x 2 = 64) into
// each array's table buffer, their planes into shared memory.
// LOWER: lut.core 0 {
// LOWER: lut.seti r7, 0
// LOWER: lut.load space = smem, array = 0, dst = r0+512, slot = 3, src = r3+0, rows = 2, row_bytes = 128, src_stride = 128, dst_stride = 128
// LOWER: lut.load space = smem, array = 0, dst = r0+1536, slot = 1, src = r4+0, rows = 2, row_bytes = 16, src_stride = 32, dst_stride = 64
// LOWER: lut.load space = tbuf, array = 0, dst = r0+0, slot = 0, src = r1+0, rows = 2, row_bytes = 32, src_stride = 64, dst_stride = 32
// LOWER: lut.load space = tbuf, array = 1, dst = r0+0, slot = 0, src = r1+128, rows = 2, row_bytes = 32, src_stride = 64, dst_stride = 32
// LOWER: lut.load space = smem, array = 0, dst = r0+0, slot = 2, src = r2+0, rows = 4, row_bytes = 8, src_stride = 8, dst_stride = 8
// LOWER: lut.load space = smem, array = 0, dst = r0+64, slot = 2, src = r2+32, rows = 4, row_bytes = 8, src_stride = 8, dst_stride = 8
// The arrays' lookups interleave; the first table clears the tiles, and
// both N tiles share each table.
// LOWER: lut.lmma bits = 2, clear = true, table = f16, array = 0, acc = 0, tables = r5+0, weights = r6+0, rows = 2, shape = 2x8x4, plane_stride = 8
// LOWER: lut.lmma bits = 2, clear = true, table = f16, array = 0, acc = 1, tables = r5+0, weights = r6+4, rows = 2, shape = 2x8x4, plane_stride = 8
// LOWER: lut.lmma bits = 2, clear = true, table = f16, array = 1, acc = 0, tables = r5+0, weights = r6+64
// LOWER: lut.lmma bits = 2, clear = true, table = f16, array = 1, acc = 1, tables = r5+0, weights = r6+68
// LOWER: lut.lmma bits = 2, clear = false, table = f16, array = 0, acc = 0
// LOWER: lut.lmma bits = 2, clear = false, table = f16, array = 1, acc = 1
// Group 0 initialises the output block, group 1 (array 1) adds to it.
// LOWER: lut.epi init = true, {{.*}} array = 0, out = r0+2048, acc = 0, consts = r0+512, rowinfo = r0+1536
// LOWER: lut.epi init = true, {{.*}} array = 0, out = r0+2080, acc = 1, consts = r0+576, rowinfo = r0+1536
// LOWER: lut.epi init = false, {{.*}} array = 1, out = r0+2048, acc = 0, consts = r0+640, rowinfo = r0+1600
// LOWER: lut.epi init = false, {{.*}} array = 1, out = r0+2080, acc = 1, consts = r0+704, rowinfo = r0+1600
// LOWER: lut.store slot = 4, dst = r7+0, src = r0+2048, rows = 2, row_bytes = 64, dst_stride = 64, src_stride = 64
// Core 1: rows 2-3 (tables and row info offset by 2 rows, output by 2 x 64 bytes).
// LOWER: lut.core 1 {
// LOWER: lut.seti r1, 32
// LOWER: lut.seti r4, 16
// LOWER: lut.seti r7, 128
// LOWER-NOT: lut.mpgemm
func.func @gemm(%t: tensor<4x4x8xf16>, %r: tensor<2x4x2xf32>, %p: tensor<4x2x8xui8>, %c: tensor<2x16x2xf32>) -> tensor<4x16xf32> {
  %y = lut.mpgemm %t, %r, %p, %c {act = #lut.act<f16>, format = #lut.weights<bits = 2, k = 4, group = 8, n = 16, n_padded = 16, ternary = false>, table = #lut.table<f16>} : (tensor<4x4x8xf16>, tensor<2x4x2xf32>, tensor<4x2x8xui8>, tensor<2x16x2xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// LOWER-LABEL: func.func @pre
// One row per core; the prologue vector is loaded once, then load, tgen and
// the two stores (tables [4][2][8] f16: row stride 2 x 16 bytes).
// LOWER: lut.kernel "precompute" (%arg0, %arg1)
// LOWER: lut.core 0 {
// LOWER: lut.load space = smem, array = 0, dst = r0+0, slot = 1, src = r0+0, rows = 1, row_bytes = 64
// LOWER: lut.load space = smem, array = 0, dst = r0+64, slot = 0, src = r1+0, rows = 1, row_bytes = 64
// LOWER: lut.tgen act = f16, table = f16, prologue = mul, k = 4, group_size = 8, src = r0+64, dst_tables = r0+128, rows = 1, kdim = 16, src_stride = 64, prologue_vec = r0+0, dst_rowinfo = r0+192
// LOWER: lut.store slot = 2, dst = r2+0, src = r0+128, rows = 4, row_bytes = 16, dst_stride = 32, src_stride = 16
// LOWER: lut.store slot = 3, dst = r3+0, src = r0+192, rows = 2, row_bytes = 8, dst_stride = 16, src_stride = 8
// LOWER: lut.core 1 {
// LOWER: lut.seti r1, 64
func.func @pre(%x: tensor<2x16xf32>, %v: tensor<16xf32>) -> (tensor<4x2x8xf16>, tensor<2x2x2xf32>) {
  %t, %r = lut.precompute %x, %v {act = #lut.act<f16>, group_size = 8 : i64, k = 4 : i64, prologue = #lut.prologue<mul>, table = #lut.table<f16>} : (tensor<2x16xf32>, tensor<16xf32>) -> (tensor<4x2x8xf16>, tensor<2x2x2xf32>)
  return %t, %r : tensor<4x2x8xf16>, tensor<2x2x2xf32>
}
