//===- LutOps.h - lut dialect operations ------------------------*- C++ -*-===//
//
// Tensor-level ops (lut.matmul, lut.qmatmul, lut.precompute, lut.mpgemm) and
// instruction-level ops (lut.kernel, lut.core, lut.loop and one op per
// LUT-TC instruction). See docs/dialects/lut.md.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_LUT_IR_LUTOPS_H
#define KILN_DIALECTS_LUT_IR_LUTOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/lut/IR/LutAttrs.h"
#include "dialects/lut/IR/LutDialect.h"

namespace kiln::lut {

/// The machine limits of one kernel launch: the `config` dictionary of
/// lut.kernel, which the instruction verifiers check against.
struct KernelConfig {
  int64_t cores = 1;         // cores of the device
  int64_t arraysPerCore = 1; // LUT arrays per core
  int64_t smemBytes = 0;     // shared memory per core
  int64_t tbufBytes = 0;     // table buffer per array
  int64_t accTiles = 1;      // accumulator tiles per array
  TileAttr tile;             // the shape of every lmma / epi

  /// The `config` dictionary of these limits.
  mlir::DictionaryAttr toAttr(mlir::MLIRContext *context) const;
  /// Reads and checks a `config` dictionary; on failure reports through
  /// `emitError` when it is given.
  static mlir::FailureOr<KernelConfig>
  fromAttr(mlir::DictionaryAttr config,
           llvm::function_ref<mlir::InFlightDiagnostic()> emitError = {});
};

/// The kernel kinds (`kind` of lut.kernel).
inline constexpr llvm::StringLiteral kKernelKindPrecompute = "precompute";
inline constexpr llvm::StringLiteral kKernelKindMpgemm = "mpgemm";

/// An address attribute r<reg>+<offset> (shorthand for AddrAttr::get).
inline AddrAttr addr(mlir::OpBuilder &builder, int64_t reg, int64_t offset) {
  return AddrAttr::get(builder.getContext(), reg, offset);
}

/// The bytes of a statically shaped tensor of byte-sized elements, or -1.
int64_t tensorBytes(mlir::Type type);

} // namespace kiln::lut

#define GET_OP_CLASSES
#include "dialects/lut/IR/LutOps.h.inc"

#endif // KILN_DIALECTS_LUT_IR_LUTOPS_H
