//===- LutOps.td - lut dialect operations ----------------------------------===//
//
// Tensor-level ops (SSA tensors, produced by the offload and packing passes)
// and instruction-level ops (one op per LUT-TC instruction, inside
// lut.kernel / lut.core, produced by lut-lower). Every op has a verifier;
// the instruction verifiers take the machine limits from the `config` of the
// enclosing lut.kernel and the ISA limits from kiln/rt/LutIsa.h.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LUT_OPS_TD
#define KILN_LUT_OPS_TD

include "dialects/lut/IR/LutAttrs.td"
include "mlir/IR/RegionKindInterface.td"

class Lut_Op<string mnemonic, list<Trait> traits = []>
    : Op<Lut_Dialect, mnemonic, traits> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Tensor-level ops.
//===----------------------------------------------------------------------===//

def Lut_MatmulOp : Lut_Op<"matmul", [Pure]> {
  let summary = "f32 GEMM offloaded to the LUT Tensor Core, not yet quantized";
  let description = [{
    `y[M, N] = x[M, K] * w[K, N]` where `w` will be quantized to low-bit
    weights by `lut-quantize` (it should be a constant by then).
    `convert-onnx-to-lut` produces it from `onnx.MatMul` / `onnx.Gemm`.

    ```mlir
    %y = lut.matmul %x, %w : (tensor<2x512xf32>, tensor<512x256xf32>) -> tensor<2x256xf32>
    ```
  }];
  let arguments = (ins Lut_F32Tensor2D:$x, Lut_F32Tensor2D:$w);
  let results = (outs Lut_F32Tensor2D:$y);
  let assemblyFormat = "$x `,` $w attr-dict `:` functional-type(operands, results)";
  let builders = [
    // Infers the result type tensor<MxNxf32>.
    OpBuilder<(ins "::mlir::Value":$x, "::mlir::Value":$w)>
  ];
}

def Lut_QMatmulOp : Lut_Op<"qmatmul", [Pure]> {
  let summary = "GEMM with low-bit weights quantized per group";
  let description = [{
    `y[M, N] = x[M, K] * W[K, N]` with
    `W[k, n] = scales[g, n] * (codes[k, n] - zeros[g, n])`, `g = k / group_size`.
    Codes are unsigned and below `2^bits`; `ternary` marks BitNet b1.58
    weights (`bits = 2`, codes in {0, 1, 2}, zero point 1). When `codes` is
    a constant, the verifier checks every code.

    Operands: `x` tensor<M x K x f32>, `codes` tensor<K x N x ui8>, `scales`
    and `zeros` tensor<(K / group_size) x N x f32>. Attributes: `bits` in
    1..4, `group_size` dividing K, optional `ternary`.

    ```mlir
    %y = lut.qmatmul %x, %codes, %scales, %zeros {bits = 2 : i64, group_size = 128 : i64}
        : (tensor<2x512xf32>, tensor<512x256xui8>, tensor<4x256xf32>, tensor<4x256xf32>) -> tensor<2x256xf32>
    ```
  }];
  let arguments = (ins Lut_F32Tensor2D:$x, Lut_UI8Tensor2D:$codes,
                       Lut_F32Tensor2D:$scales, Lut_F32Tensor2D:$zeros,
                       Lut_IntAttr:$bits, Lut_IntAttr:$group_size,
                       UnitAttr:$ternary);
  let results = (outs Lut_F32Tensor2D:$y);
  let assemblyFormat = [{
    $x `,` $codes `,` $scales `,` $zeros attr-dict `:` functional-type(operands, results)
  }];
  let builders = [
    // Infers the result type tensor<MxNxf32>.
    OpBuilder<(ins "::mlir::Value":$x, "::mlir::Value":$codes,
                   "::mlir::Value":$scales, "::mlir::Value":$zeros,
                   "int64_t":$bits, "int64_t":$groupSize,
                   CArg<"bool", "false">:$ternary)>
  ];
}

def Lut_PrecomputeOp : Lut_Op<"precompute", [Pure]> {
  let summary = "table precompute: activations -> lookup tables + row info";
  let description = [{
    For every row `m` of `x[M, Kd]` and every run of `k` activations, the
    `2^(k-1)` stored entries of the odd-symmetric table of signed sums
    (`kiln/rt/LutIsa.h` `tableIndex`), converted to `act` and then to the
    `table` entry type; plus per weight group of `group_size` activations the
    row info `(ts, ga)`: the real value of one table unit and the group sum
    in table units.

    With `prologue = mul` or `add`, the activations are first combined with
    `vec[Kd]` (`x[m, i] * vec[i]` or `x[m, i] + vec[i]`): an elementwise
    producer fused into the precompute.

    Operands: `x` tensor<M x Kd x f32>, `vec` tensor<Kd x f32> (present iff
    `prologue` is not `none`). Results: `tables`
    tensor<(Kd / k) x M x 2^(k-1) x T> with `T` = f16, i8 or i16 per `table`,
    `rowinfo` tensor<(Kd / group_size) x M x 2 x f32>. Constraints: `k` in
    1..8 divides `group_size`, `group_size` divides `Kd`, the
    activation/table combination is legal (`f16` tables from `f16`
    activations, exact `i16` tables from `i8` activations, scaled `i8`
    tables from either) and, with `i8` activations, `group_size` is at most
    132104 (the group sums stay exact in the f32 row info).

    ```mlir
    %t, %ri = lut.precompute %x {act = #lut.act<i8>, group_size = 128 : i64, k = 4 : i64, table = #lut.table<i16>}
        : (tensor<2x512xf32>) -> (tensor<128x2x8xi16>, tensor<4x2x2xf32>)
    ```
  }];
  let arguments = (ins Lut_F32Tensor2D:$x, Optional<Lut_F32Tensor1D>:$vec,
                       Lut_IntAttr:$k, Lut_IntAttr:$group_size,
                       Lut_ActTypeAttr:$act, Lut_TableTypeAttr:$table,
                       DefaultValuedAttr<Lut_PrologueAttr,
                                         "::kiln::lut::Prologue::None">:$prologue);
  let results = (outs Lut_TableTensor:$tables, Lut_F32Tensor3D:$rowinfo);
  let assemblyFormat = [{
    $x (`,` $vec^)? attr-dict `:` functional-type(operands, results)
  }];
  let builders = [
    // Infers both result types; `vec` is null unless prologue != none.
    OpBuilder<(ins "::mlir::Value":$x, "::mlir::Value":$vec, "int64_t":$k,
                   "int64_t":$groupSize, "::kiln::lut::ActType":$act,
                   "::kiln::lut::TableType":$table,
                   CArg<"::kiln::lut::Prologue",
                        "::kiln::lut::Prologue::None">:$prologue)>
  ];
}

def Lut_MpgemmOp : Lut_Op<"mpgemm", [Pure]> {
  let summary = "mixed-precision GEMM by table lookup over packed weights";
  let description = [{
    `y[M, N]` from the tables and row info of `lut.precompute` and the packed
    weight planes and epilogue constants of `lut-pack`: per weight group,
    `ts * s * (ACC + zc * ga) / 2` with `ACC = sum_i 2^i (plane i lookups)`
    (`docs/targets/lut-tc.md`, "The arithmetic").

    Operands, with `k`, `G = group`, `bits`, `n_padded` from `format` and
    `Kd` the reduction length:
    * `tables` tensor<(Kd / k) x M x 2^(k-1) x T>, `T` per `table`;
    * `rowinfo` tensor<(Kd / G) x M x 2 x f32>;
    * `packed` tensor<(Kd / k) x bits x (n_padded * k / 8) x ui8>;
    * `consts` tensor<(Kd / G) x n_padded x 2 x f32> (scale, zc).

    The result is tensor<M x format.n x f32>. `tile` (set by `lut-tile`,
    optional before) must have `K = format.k` and an `N` dividing
    `n_padded`; `blocking` records the block sizes `lut-tile` chose.

    ```mlir
    %y = lut.mpgemm %t, %ri, %packed, %consts {act = #lut.act<i8>,
        format = #lut.weights<bits = 2, k = 4, group = 128, n = 256, n_padded = 256, ternary = false>,
        table = #lut.table<i16>, tile = #lut.tile<2x64x4>}
        : (tensor<128x2x8xi16>, tensor<4x2x2xf32>, tensor<128x2x128xui8>, tensor<4x256x2xf32>) -> tensor<2x256xf32>
    ```
  }];
  let arguments = (ins Lut_TableTensor:$tables, Lut_F32Tensor3D:$rowinfo,
                       Lut_UI8Tensor3D:$packed, Lut_F32Tensor3D:$consts,
                       Lut_WeightsAttr:$format, Lut_ActTypeAttr:$act,
                       Lut_TableTypeAttr:$table,
                       OptionalAttr<Lut_TileAttr>:$tile,
                       OptionalAttr<Lut_BlockingAttr>:$blocking);
  let results = (outs Lut_F32Tensor2D:$y);
  let assemblyFormat = [{
    $tables `,` $rowinfo `,` $packed `,` $consts attr-dict `:` functional-type(operands, results)
  }];
  let builders = [
    // Infers the result type tensor<M x format.n x f32>; tile and blocking
    // may be null.
    OpBuilder<(ins "::mlir::Value":$tables, "::mlir::Value":$rowinfo,
                   "::mlir::Value":$packed, "::mlir::Value":$consts,
                   "::kiln::lut::WeightsAttr":$format,
                   "::kiln::lut::ActType":$act, "::kiln::lut::TableType":$table,
                   CArg<"::kiln::lut::TileAttr", "{}">:$tile,
                   CArg<"::kiln::lut::BlockingAttr", "{}">:$blocking)>
  ];
}

//===----------------------------------------------------------------------===//
// Instruction-level ops: kernel structure.
//===----------------------------------------------------------------------===//

def Lut_KernelOp : Lut_Op<"kernel", [IsolatedFromAbove, SingleBlock,
                                     NoTerminator]> {
  let summary = "one device launch: DRAM slots, machine limits, per-core streams";
  let description = [{
    One device step of the `.kbin`. The operands and then the results are the
    launch's DRAM slots `0 .. n-1` (operands first): instructions name them by
    slot number. `kind` is `"precompute"` or `"mpgemm"`. `config` holds the
    machine limits the instruction verifiers check against:

    | key | meaning |
    |---|---|
    | `cores` | cores of the device |
    | `arrays_per_core` | LUT arrays per core |
    | `smem_bytes` | shared memory bytes per core |
    | `tbuf_bytes` | table buffer bytes per array |
    | `acc_tiles` | accumulator tiles per array |
    | `tile` | the `#lut.tile` every `lmma`/`epi` uses |

    The body holds one `lut.core` per core that has work (distinct ids below
    `cores`); each becomes that core's instruction stream. Nothing is
    captured from above: the body refers to data only through slots.

    ```mlir
    %y = lut.kernel "mpgemm" (%t, %ri, %w, %c) config {acc_tiles = 16 : i64, arrays_per_core = 4 : i64,
        cores = 2 : i64, smem_bytes = 262144 : i64, tbuf_bytes = 8192 : i64, tile = #lut.tile<2x64x4>}
        : (tensor<128x2x8xi16>, tensor<4x2x2xf32>, tensor<128x2x128xui8>, tensor<4x256x2xf32>) -> tensor<2x256xf32> {
      lut.core 0 { ... }
      lut.core 1 { ... }
    }
    ```
  }];
  let arguments = (ins StrAttr:$kind, Variadic<Lut_SlotTensor>:$inputs,
                       DictionaryAttr:$config);
  let results = (outs Variadic<Lut_SlotTensor>:$outputs);
  let regions = (region SizedRegion<1>:$region);
  let assemblyFormat = [{
    $kind ` ` `(` $inputs `)` `config` $config attr-dict `:` functional-type($inputs, results) $region
  }];
  let skipDefaultBuilders = 1;
  let builders = [
    // Creates the kernel with an empty body block.
    OpBuilder<(ins "::mlir::TypeRange":$resultTypes, "::llvm::StringRef":$kind,
                   "::mlir::ValueRange":$inputs,
                   "const ::kiln::lut::KernelConfig &":$config)>,
    OpBuilder<(ins "::mlir::TypeRange":$resultTypes, "::llvm::StringRef":$kind,
                   "::mlir::ValueRange":$inputs,
                   "::mlir::DictionaryAttr":$config)>
  ];
  let extraClassDeclaration = [{
    /// The machine limits in `config`, or failure when `config` is malformed
    /// (the verifier says why).
    ::mlir::FailureOr<::kiln::lut::KernelConfig> getConfigInfo();
    /// Number of DRAM slots: operands then results.
    unsigned getNumSlots() { return getNumOperands() + getNumResults(); }
    /// The type of DRAM slot `slot` (operand or result), or null.
    ::mlir::RankedTensorType getSlotType(int64_t slot);
    /// The `lut.core` with this id, or null.
    CoreOp getCore(int64_t id);
    /// Appends a `lut.core` with an empty body and returns it.
    CoreOp addCore(::mlir::OpBuilder &builder, int64_t id);
  }];
}

def Lut_CoreOp : Lut_Op<"core", [HasParent<"KernelOp">, SingleBlock,
                                 NoTerminator]> {
  let summary = "the instruction stream of one core";
  let description = [{
    The instructions core `id` runs, in order. Each core has its own scalar
    registers, shared memory, table buffers and accumulators; cores share
    DRAM. The emitter appends the final `HALT`.

    ```mlir
    lut.core 0 {
      lut.seti r1, 0
      lut.sync
    }
    ```
  }];
  let arguments = (ins Lut_IntAttr:$id);
  let regions = (region SizedRegion<1>:$region);
  let assemblyFormat = "$id attr-dict-with-keyword $region";
  let skipDefaultBuilders = 1;
  let builders = [
    // Creates the core with an empty body block.
    OpBuilder<(ins "int64_t":$id)>
  ];
}

def Lut_LoopOp : Lut_Op<"loop", [ParentOneOf<["CoreOp", "LoopOp"]>,
                                 SingleBlock, NoTerminator]> {
  let summary = "hardware loop: run the body `count` times (LOOP ... ENDL)";
  let description = [{
    Repeats its body `count` times (`count >= 1`, 32 bits). Loops nest at
    most `kMaxLoopDepth` (4) deep within a core. Registers are the only
    state that changes between iterations: bodies advance addresses with
    `lut.addi`.

    ```mlir
    lut.loop 4 {
      lut.addi r2, r2, 64
    }
    ```
  }];
  let arguments = (ins Lut_IntAttr:$count);
  let regions = (region SizedRegion<1>:$region);
  let assemblyFormat = "$count attr-dict-with-keyword $region";
  let skipDefaultBuilders = 1;
  let builders = [
    // Creates the loop with an empty body block.
    OpBuilder<(ins "int64_t":$count)>
  ];
  let extraClassDeclaration = [{
    /// 1 for a loop directly in a core, 2 for a loop in that loop, ...
    unsigned getDepth();
  }];
}

//===----------------------------------------------------------------------===//
// Instruction-level ops: one op per instruction.
//===----------------------------------------------------------------------===//

class Lut_InstrOp<string mnemonic, list<Trait> traits = []>
    : Lut_Op<mnemonic, !listconcat(traits,
                                   [ParentOneOf<["CoreOp", "LoopOp"]>])> {
  code instrClassDeclaration = [{
    /// The enclosing kernel (null when the op is not inside one).
    KernelOp getKernel();
  }];
  let extraClassDeclaration = instrClassDeclaration;
  let extraClassDefinition = [{
    KernelOp $cppClass::getKernel() {
      return (*this)->getParentOfType<KernelOp>();
    }
  }];
}

// An instruction with a field struct in kiln/rt/LutIsa.h: builds from it and
// converts back to it (for the emitter's encode functions).
class Lut_FieldsInstrOp<string mnemonic, string fields>
    : Lut_InstrOp<mnemonic> {
  let extraClassDeclaration = instrClassDeclaration # [{
    /// The instruction's fields as the ISA encoder takes them.
    ::kiln::rt::lut::}] # fields # [{ getFields();
  }];
  let builders = [
    OpBuilder<(ins "const ::kiln::rt::lut::" # fields # " &":$fields)>
  ];
}

def Lut_SetIOp : Lut_InstrOp<"seti"> {
  let summary = "SETI: r[rd] = imm";
  let description = [{
    Sets register `rd` (r1..r15; r0 reads as zero and cannot be written) to a
    sign-extended 32-bit immediate.

    ```mlir
    lut.seti r1, 4096
    ```
  }];
  let arguments = (ins Lut_IntAttr:$rd, Lut_ImmAttr:$imm);
  let assemblyFormat = "custom<Reg>($rd) `,` $imm attr-dict";
}

def Lut_AddIOp : Lut_InstrOp<"addi"> {
  let summary = "ADDI: r[rd] = r[rs] + imm";
  let description = [{
    Adds a sign-extended 32-bit immediate to register `rs` (r0..r15) and
    writes register `rd` (r1..r15).

    ```mlir
    lut.addi r2, r2, -64
    ```
  }];
  let arguments = (ins Lut_IntAttr:$rd, Lut_IntAttr:$rs, Lut_ImmAttr:$imm);
  let assemblyFormat = "custom<Reg>($rd) `,` custom<Reg>($rs) `,` $imm attr-dict";
}

def Lut_SyncOp : Lut_InstrOp<"sync"> {
  let summary = "SYNC: wait until every unit of this core is idle";
  let description = [{
    ```mlir
    lut.sync
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def Lut_NopOp : Lut_InstrOp<"nop"> {
  let summary = "NOP: do nothing for one issue slot";
  let description = [{
    ```mlir
    lut.nop
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def Lut_LoadOp : Lut_FieldsInstrOp<"load", "LoadFields"> {
  let summary = "LOAD: 2-D copy from a DRAM slot into SMEM or a table buffer";
  let description = [{
    Copies `rows` rows of `row_bytes` bytes from DRAM slot `slot` at `src`
    (rows `src_stride` bytes apart) to `dst` in shared memory (`smem`) or in
    the table buffer of array `array` (`tbuf`), rows `dst_stride` bytes apart.

    Checks: `slot` is a slot of the kernel; `array` below
    `arrays_per_core` (and 0 for `smem`); `rows`, `row_bytes` positive;
    strides at least `row_bytes` when `rows > 1`; for an `r0` address the
    whole extent `(rows - 1) * stride + row_bytes` lies inside the slot's
    tensor or inside `smem_bytes` / `tbuf_bytes`.

    ```mlir
    lut.load space = tbuf, array = 1, dst = r0+0, slot = 0, src = r2+0, rows = 2,
             row_bytes = 16, src_stride = 16, dst_stride = 16
    ```
  }];
  let arguments = (ins Lut_SpaceAttr:$space, Lut_IntAttr:$array,
                       Lut_AddrAttr:$dst, Lut_IntAttr:$slot,
                       Lut_AddrAttr:$src, Lut_IntAttr:$rows,
                       Lut_IntAttr:$row_bytes, Lut_IntAttr:$src_stride,
                       Lut_IntAttr:$dst_stride);
  let assemblyFormat = [{
    `space` `=` custom<EnumKeyword>($space) `,` `array` `=` $array `,`
    `dst` `=` custom<Addr>($dst) `,` `slot` `=` $slot `,`
    `src` `=` custom<Addr>($src) `,` `rows` `=` $rows `,`
    `row_bytes` `=` $row_bytes `,` `src_stride` `=` $src_stride `,`
    `dst_stride` `=` $dst_stride attr-dict
  }];
}

def Lut_StoreOp : Lut_FieldsInstrOp<"store", "StoreFields"> {
  let summary = "STORE: 2-D copy from SMEM to a DRAM slot";
  let description = [{
    Copies `rows` rows of `row_bytes` bytes from shared memory at `src` (rows
    `src_stride` apart) to DRAM slot `slot` at `dst` (rows `dst_stride`
    apart). Same checks as `lut.load`; in addition `slot` must be a result
    slot (the operands are the step's read-only inputs).

    ```mlir
    lut.store slot = 4, dst = r3+0, src = r0+1024, rows = 2, row_bytes = 256,
              dst_stride = 1024, src_stride = 256
    ```
  }];
  let arguments = (ins Lut_IntAttr:$slot, Lut_AddrAttr:$dst,
                       Lut_AddrAttr:$src, Lut_IntAttr:$rows,
                       Lut_IntAttr:$row_bytes, Lut_IntAttr:$dst_stride,
                       Lut_IntAttr:$src_stride);
  let assemblyFormat = [{
    `slot` `=` $slot `,` `dst` `=` custom<Addr>($dst) `,`
    `src` `=` custom<Addr>($src) `,` `rows` `=` $rows `,`
    `row_bytes` `=` $row_bytes `,` `dst_stride` `=` $dst_stride `,`
    `src_stride` `=` $src_stride attr-dict
  }];
}

def Lut_TGenOp : Lut_FieldsInstrOp<"tgen", "TGenFields"> {
  let summary = "TGEN: table precompute from f32 activations in SMEM";
  let description = [{
    Reads `rows` rows of `kdim` f32 activations at `src` (rows `src_stride`
    bytes apart), applies the prologue with the f32 vector `prologue_vec`
    (present iff `prologue` is not `none`), converts to `act` and writes, all
    in shared memory, the tables `[kdim / k][rows][2^(k-1)]` of `table`
    entries at `dst_tables` and the row info f32 `[kdim / group_size][rows][2]`
    at `dst_rowinfo`.

    Checks: `k` in 1..8; `group_size` a positive multiple of `k` with
    `group_size / k` below 2^16 (at most 132104 for `i8` activations);
    `kdim` a positive multiple of `group_size`; legal `act`/`table` (as for
    `lut.precompute`); `rows` positive; `src_stride >= 4 * kdim` when
    `rows > 1`; every `r0` extent inside `smem_bytes`.

    ```mlir
    lut.tgen act = i8, table = i16, prologue = mul, k = 4, group_size = 8,
             src = r0+0, dst_tables = r0+256, rows = 2, kdim = 16, src_stride = 64,
             prologue_vec = r0+128, dst_rowinfo = r0+512
    ```
  }];
  let arguments = (ins Lut_ActTypeAttr:$act, Lut_TableTypeAttr:$table,
                       Lut_PrologueAttr:$prologue, Lut_IntAttr:$k,
                       Lut_IntAttr:$group_size, Lut_AddrAttr:$src,
                       Lut_AddrAttr:$dst_tables, Lut_IntAttr:$rows,
                       Lut_IntAttr:$kdim, Lut_IntAttr:$src_stride,
                       OptionalAttr<Lut_AddrAttr>:$prologue_vec,
                       Lut_AddrAttr:$dst_rowinfo);
  let assemblyFormat = [{
    `act` `=` custom<EnumKeyword>($act) `,`
    `table` `=` custom<EnumKeyword>($table) `,`
    `prologue` `=` custom<EnumKeyword>($prologue) `,` `k` `=` $k `,`
    `group_size` `=` $group_size `,` `src` `=` custom<Addr>($src) `,`
    `dst_tables` `=` custom<Addr>($dst_tables) `,` `rows` `=` $rows `,`
    `kdim` `=` $kdim `,` `src_stride` `=` $src_stride `,`
    (`prologue_vec` `=` custom<Addr>($prologue_vec)^ `,`)?
    `dst_rowinfo` `=` custom<Addr>($dst_rowinfo) attr-dict
  }];
}

def Lut_LmmaOp : Lut_FieldsInstrOp<"lmma", "LmmaFields"> {
  let summary = "LMMA: table-lookup multiply-accumulate on one array";
  let description = [{
    For `rows` active rows of the tile `shape` (`MxNxK`), accumulates
    `sum_i 2^i lookup(plane i)` into accumulator tile `acc` of array
    `array` (cleared first when `clear`): the tables `[rows][2^(K-1)]` of
    `table` entries are read from the array's table buffer at `tables`, the
    `bits` weight planes of `N` K-bit indices (`N * K / 8` bytes each,
    `plane_stride` bytes apart) from shared memory at `weights`.

    Checks: `shape` equals the kernel's `tile`; `rows` in 1..M; `bits` in
    1..8; `array` below `arrays_per_core`; `acc` below `acc_tiles`;
    `plane_stride >= N * K / 8` when `bits > 1`; `r0` extents inside
    `tbuf_bytes` / `smem_bytes`.

    ```mlir
    lut.lmma bits = 2, clear = true, table = i16, array = 0, acc = 3, tables = r2+0,
             weights = r3+64, rows = 2, shape = 2x64x4, plane_stride = 32
    ```
  }];
  let arguments = (ins Lut_IntAttr:$bits, BoolAttr:$clear,
                       Lut_TableTypeAttr:$table, Lut_IntAttr:$array,
                       Lut_IntAttr:$acc, Lut_AddrAttr:$tables,
                       Lut_AddrAttr:$weights, Lut_IntAttr:$rows,
                       Lut_TileAttr:$shape, Lut_IntAttr:$plane_stride);
  let assemblyFormat = [{
    `bits` `=` $bits `,` `clear` `=` $clear `,`
    `table` `=` custom<EnumKeyword>($table) `,` `array` `=` $array `,`
    `acc` `=` $acc `,` `tables` `=` custom<Addr>($tables) `,`
    `weights` `=` custom<Addr>($weights) `,` `rows` `=` $rows `,`
    `shape` `=` custom<Shape>($shape) `,` `plane_stride` `=` $plane_stride
    attr-dict
  }];
}

def Lut_EpiOp : Lut_FieldsInstrOp<"epi", "EpiFields"> {
  let summary = "EPI: fold an accumulator tile into an f32 output tile";
  let description = [{
    For one weight group: `out[m][n] (+)= ts[m] * s[n] * (ACC[m][n] +
    zc[n] * ga[m]) / 2` over `rows` rows of the tile `shape`, with `(s, zc)`
    the f32 pairs `[N][2]` at `consts` and `(ts, ga)` the f32 pairs
    `[rows][2]` at `rowinfo`, all in shared memory; `out` is f32
    `[rows][N]` with rows `out_stride` bytes apart. `init` writes instead of
    adding; `clear_acc` clears the accumulator tile afterwards; integer
    `table` types take the exact path.

    Checks: `shape` equals the kernel's `tile`; `rows` in 1..M; `array`
    below `arrays_per_core`; `acc` below `acc_tiles`;
    `out_stride >= 4 * N` when `rows > 1`; `r0` extents inside `smem_bytes`.

    ```mlir
    lut.epi init = true, clear_acc = true, table = i16, array = 0, out = r0+0, acc = 3,
            consts = r4+0, rowinfo = r5+0, shape = 2x64x4, out_stride = 1024, rows = 2
    ```
  }];
  let arguments = (ins BoolAttr:$init, BoolAttr:$clear_acc,
                       Lut_TableTypeAttr:$table, Lut_IntAttr:$array,
                       Lut_AddrAttr:$out, Lut_IntAttr:$acc,
                       Lut_AddrAttr:$consts, Lut_AddrAttr:$rowinfo,
                       Lut_TileAttr:$shape, Lut_IntAttr:$out_stride,
                       Lut_IntAttr:$rows);
  let assemblyFormat = [{
    `init` `=` $init `,` `clear_acc` `=` $clear_acc `,`
    `table` `=` custom<EnumKeyword>($table) `,` `array` `=` $array `,`
    `out` `=` custom<Addr>($out) `,` `acc` `=` $acc `,`
    `consts` `=` custom<Addr>($consts) `,` `rowinfo` `=` custom<Addr>($rowinfo) `,`
    `shape` `=` custom<Shape>($shape) `,` `out_stride` `=` $out_stride `,`
    `rows` `=` $rows attr-dict
  }];
}

#endif // KILN_LUT_OPS_TD
