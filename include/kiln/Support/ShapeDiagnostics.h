//===- ShapeDiagnostics.h - shapes in verifier messages ---------*- C++ -*-===//
//
// What every Kiln dialect's verifiers use to talk about tensor shapes, so
// messages read the same across dialects: "2x3x4" ("scalar" for rank 0).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SUPPORT_SHAPEDIAGNOSTICS_H
#define KILN_SUPPORT_SHAPEDIAGNOSTICS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace kiln {

/// "2x3x4", or "scalar" for rank 0.
inline std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::interleave(shape, os, "x");
  return out;
}

/// The shape of a value of ranked tensor type.
inline llvm::ArrayRef<int64_t> shapeOf(mlir::Value v) {
  return llvm::cast<mlir::RankedTensorType>(v.getType()).getShape();
}

/// "<name> has shape A, expected B (<layout>)" when `value`'s shape is not
/// `expected`; `layout` says where the expected shape comes from.
inline mlir::LogicalResult expectShape(mlir::Operation *op,
                                       llvm::StringRef name, mlir::Value value,
                                       llvm::ArrayRef<int64_t> expected,
                                       const llvm::Twine &layout) {
  llvm::ArrayRef<int64_t> actual = shapeOf(value);
  if (actual == expected)
    return mlir::success();
  return op->emitOpError() << name << " has shape " << formatShape(actual)
                           << ", expected " << formatShape(expected) << " ("
                           << layout << ")";
}

} // namespace kiln

#endif // KILN_SUPPORT_SHAPEDIAGNOSTICS_H
