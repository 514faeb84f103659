//===- OnnxOps.h - onnx dialect operations ----------------------*- C++ -*-===//
#ifndef KILN_DIALECTS_ONNX_IR_ONNXOPS_H
#define KILN_DIALECTS_ONNX_IR_ONNXOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/onnx/IR/OnnxDialect.h"
#include "kiln/Support/ShapeDiagnostics.h"

#include <optional>

namespace kiln::onnx {

// Shared verifiers of op families (referenced from OnnxOps.td).
llvm::LogicalResult verifyBroadcastSameElementType(mlir::Operation *op);
llvm::LogicalResult verifyBroadcastCompare(mlir::Operation *op);
llvm::LogicalResult verifyPow(mlir::Operation *op);
llvm::LogicalResult verifyMod(mlir::Operation *op);
llvm::LogicalResult verifyPRelu(mlir::Operation *op);
llvm::LogicalResult verifyWhere(mlir::Operation *op);
llvm::LogicalResult verifyClip(mlir::Operation *op);
llvm::LogicalResult verifyMatMul(mlir::Operation *op);
llvm::LogicalResult verifyGlobalPool(mlir::Operation *op);
llvm::LogicalResult verifyAxisOp(mlir::Operation *op);
llvm::LogicalResult verifyCastLike(mlir::Operation *op);
llvm::LogicalResult verifyReduceAttrAxes(mlir::Operation *op);
llvm::LogicalResult verifyArgReduce(mlir::Operation *op);
llvm::LogicalResult verifyRecurrent(mlir::Operation *op);
llvm::LogicalResult verifySameShapeOperandsAndResults(mlir::Operation *op);

/// The shape of numpy-style (ONNX multidirectional) broadcasting of `shapes`,
/// or nullopt when they are incompatible.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<llvm::ArrayRef<int64_t>> shapes);

/// The value of a constant operand (an onnx.Constant with an inline dense
/// attribute, or a dense_resource blob of at most `maxElements` elements),
/// or null.
mlir::DenseElementsAttr getConstantElements(mlir::Value value,
                                            int64_t maxElements = 4096);

/// The integer values of a constant operand, or nullopt.
std::optional<llvm::SmallVector<int64_t>> getConstantInts(mlir::Value value);

/// Normalizes `axis` against `rank` (accepting [-rank, rank)), or nullopt.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// Result shape of an Einsum `equation` over inputs of `shapes`, or nullopt
/// with `error` saying why. (libonnx 1.12 infers only the rank.)
std::optional<llvm::SmallVector<int64_t>>
inferEinsumShape(llvm::StringRef equation,
                 llvm::ArrayRef<llvm::ArrayRef<int64_t>> shapes,
                 std::string &error);

/// True when `value` is an absent optional operand or result.
inline bool isNone(mlir::Value value) {
  return !value || llvm::isa<mlir::NoneType>(value.getType());
}

/// Formats a shape as `2x3x4` (`scalar` for rank 0) for diagnostics.
using ::kiln::formatShape;

} // namespace kiln::onnx

#define GET_OP_CLASSES
#include "dialects/onnx/IR/OnnxOps.h.inc"

#endif // KILN_DIALECTS_ONNX_IR_ONNXOPS_H
