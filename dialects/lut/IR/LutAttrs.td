//===- LutAttrs.td - lut dialect attributes --------------------------------===//
//
// The attributes describe data formats and hardware shapes. Each verifier
// states the constraint it checks; the ops re-check their attributes (an
// attribute built from C++ is not verified by MLIR in a release build).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LUT_ATTRS_TD
#define KILN_LUT_ATTRS_TD

include "dialects/lut/IR/LutBase.td"

class Lut_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Lut_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def Lut_WeightsAttr : Lut_Attr<"Weights", "weights"> {
  let summary = "packed low-bit weight format";
  let description = [{
    The format of a packed weight matrix `W[Kd, N]` (`lut-pack`): `bits` bit
    planes of `k`-bit indices, `n_padded` columns per plane row
    (`n_padded * k / 8` bytes), quantized per group of `group` rows of `Kd`.
    `ternary` marks BitNet b1.58 weights, stored as 2-bit codes `{0, 1, 2}`
    with zero point 1.

    ```mlir
    #lut.weights<bits = 2, k = 4, group = 128, n = 256, n_padded = 256, ternary = false>
    ```

    Constraints: `bits` in 1..4 (`ternary` requires `bits = 2`), `k` in 1..8,
    `group` a positive multiple of `k`, `1 <= n <= n_padded`, and
    `n_padded * k` a multiple of 8 (plane rows are whole bytes).
  }];
  let parameters = (ins "int64_t":$bits, "int64_t":$k, "int64_t":$group,
                        "int64_t":$n, "int64_t":$n_padded, "bool":$ternary);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Bytes of one packed plane row: n_padded * k / 8.
    int64_t getPlaneRowBytes() const;
  }];
}

def Lut_TileAttr : Lut_Attr<"Tile", "tile"> {
  let summary = "shape M x N x K of one lmma";
  let description = [{
    The shape of the work one `lmma` does: `M` activation rows, `N` weight
    columns and `K` activations per table, printed `MxNxK`:

    ```mlir
    #lut.tile<2x64x4>
    ```

    Constraints (the ISA's tile field, `kiln/rt/LutIsa.h` `packTile`):
    `M` in 1..255, `N` in 1..65535, `K` in 1..8, `N * K` a multiple of 8.
  }];
  let parameters = (ins "int64_t":$m, "int64_t":$n, "int64_t":$k);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The ISA's tile shape (for the emitter's encode functions).
    ::kiln::rt::lut::TileShape toShape() const;
    static TileAttr get(::mlir::MLIRContext *context,
                        ::kiln::rt::lut::TileShape shape);
    /// Prints / parses `MxNxK` (the form instruction ops use).
    void printBare(::mlir::AsmPrinter &printer) const;
    static TileAttr parseBare(::mlir::AsmParser &parser);
  }];
}

def Lut_BlockingAttr : Lut_Attr<"Blocking", "blocking"> {
  let summary = "block sizes chosen by lut-tile";
  let description = [{
    How `lut-tile` splits one `lut.mpgemm`: `m_block` rows, `n_block`
    columns and `k_block` reduction elements per block, spread over `cores`
    cores. All values are positive.

    ```mlir
    #lut.blocking<m_block = 2, n_block = 256, k_block = 512, cores = 4>
    ```
  }];
  let parameters = (ins "int64_t":$m_block, "int64_t":$n_block,
                        "int64_t":$k_block, "int64_t":$cores);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Lut_AddrAttr : Lut_Attr<"Addr", "addr"> {
  let summary = "register + offset address operand";
  let description = [{
    An address operand of an instruction: scalar register `r0`..`r15` plus an
    unsigned byte offset below 2^28 (`kiln/rt/LutIsa.h` `packAddr`). `r0`
    reads as zero, so `r0+off` is a static address the verifiers can check
    against the buffer it points into. Printed `rN+off`; `rN` alone means
    offset 0.

    ```mlir
    #lut.addr<r3+64>
    ```
  }];
  let parameters = (ins "int64_t":$reg, "int64_t":$offset);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// True when the address is static (r0 + offset).
    bool isStatic() const { return getReg() == 0; }
    /// The 32-bit instruction field (kiln::rt::lut::packAddr).
    uint32_t pack() const;
    /// The attribute of a packed 32-bit instruction field.
    static AddrAttr unpack(::mlir::MLIRContext *context, uint32_t field);
    /// Prints / parses `rN+off` (the form instruction ops use).
    void printBare(::mlir::AsmPrinter &printer) const;
    static AddrAttr parseBare(::mlir::AsmParser &parser);
  }];
}

#endif // KILN_LUT_ATTRS_TD
