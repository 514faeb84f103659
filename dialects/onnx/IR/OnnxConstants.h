//===- OnnxConstants.h - reading and making onnx.Constant values -*- C++
//-*-===//
//
// Passes read whole weight matrices (inline, splat or dense_resource) and
// create large constants (codes, packed planes, sliced weights) as
// dense_resource blobs so they never live in textual attributes.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_ONNX_IR_ONNXCONSTANTS_H
#define KILN_DIALECTS_ONNX_IR_ONNXCONSTANTS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <vector>

namespace kiln::onnx {

/// Bytes of a constant `value` (an onnx.Constant, inline or resource, splats
/// expanded) in row-major order, or false when it is not a constant.
bool readConstantBytes(mlir::Value value, std::vector<char> &out);

/// A float32 constant's values, or false.
bool readConstantFloats(mlir::Value value, std::vector<float> &out);

/// An onnx.Constant of `type` holding `bytes` (small ones inline, the rest
/// in a dense_resource blob named after `name`).
mlir::Value createConstant(mlir::OpBuilder &builder, mlir::Location loc,
                           mlir::RankedTensorType type, const void *bytes,
                           size_t size, llvm::StringRef name);

template <typename T>
mlir::Value createConstant(mlir::OpBuilder &builder, mlir::Location loc,
                           mlir::RankedTensorType type,
                           const std::vector<T> &values, llvm::StringRef name) {
  return createConstant(builder, loc, type, values.data(),
                        values.size() * sizeof(T), name);
}

/// An i64 shape constant (for onnx.Reshape).
mlir::Value createShapeConstant(mlir::OpBuilder &builder, mlir::Location loc,
                                llvm::ArrayRef<int64_t> shape);

} // namespace kiln::onnx

#endif // KILN_DIALECTS_ONNX_IR_ONNXCONSTANTS_H
