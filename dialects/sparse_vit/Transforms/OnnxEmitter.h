//===- OnnxEmitter.h - typed onnx op construction ---------------*- C++ -*-===//
//
// onnx ops have no result type inference, so the sparse_vit passes build
// them through this helper, which computes every result type (broadcasting,
// MatMul batch dims, reductions, slices) from the operand types.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_SPARSE_VIT_TRANSFORMS_ONNXEMITTER_H
#define KILN_DIALECTS_SPARSE_VIT_TRANSFORMS_ONNXEMITTER_H

#include "kiln/Support/ShapeDiagnostics.h"
#include "mlir/IR/Builders.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"

#include <vector>

namespace kiln::sparse_vit {

class OnnxEmitter {
public:
  OnnxEmitter(mlir::OpBuilder &builder, mlir::Location loc)
      : b(builder), loc(loc) {}

  static llvm::ArrayRef<int64_t> shape(mlir::Value v) {
    return ::kiln::shapeOf(v);
  }
  static mlir::Type elem(mlir::Value v) {
    return mlir::getElementTypeOrSelf(v);
  }

  // Constants.
  mlir::Value i64s(llvm::ArrayRef<int64_t> values);
  mlir::Value i64Tensor(llvm::ArrayRef<int64_t> shape,
                        llvm::ArrayRef<int64_t> values);
  mlir::Value f32Scalar(float value);
  mlir::Value f32Tensor(llvm::ArrayRef<int64_t> shape,
                        const std::vector<float> &values,
                        llvm::StringRef name = "sparse_vit");
  mlir::Value zerosLike(llvm::ArrayRef<int64_t> shape, mlir::Type elem);

  // Elementwise with numpy broadcasting.
  mlir::Value add(mlir::Value a, mlir::Value c);
  mlir::Value mul(mlir::Value a, mlir::Value c);
  mlir::Value div(mlir::Value a, mlir::Value c);
  mlir::Value log(mlir::Value a);
  mlir::Value sqrt(mlir::Value a);

  mlir::Value matmul(mlir::Value a, mlir::Value c);
  mlir::Value reshape(mlir::Value x, llvm::ArrayRef<int64_t> shape);
  mlir::Value transpose(mlir::Value x, llvm::ArrayRef<int64_t> perm);
  mlir::Value softmax(mlir::Value x);
  mlir::Value unsqueeze(mlir::Value x, llvm::ArrayRef<int64_t> axes);
  mlir::Value expand(mlir::Value x, llvm::ArrayRef<int64_t> shape);
  /// Static slice of one axis, [start, end).
  mlir::Value slice(mlir::Value x, int64_t axis, int64_t start, int64_t end);
  mlir::Value concat(mlir::ValueRange inputs, int64_t axis);
  mlir::Value gather(mlir::Value x, llvm::ArrayRef<int64_t> indices,
                     int64_t axis);
  mlir::Value gatherElements(mlir::Value x, mlir::Value indices, int64_t axis);
  mlir::Value scatterElements(mlir::Value data, mlir::Value indices,
                              mlir::Value updates, int64_t axis,
                              llvm::StringRef reduction = "none");
  /// ReduceMax/ReduceMean (axes attribute) and ReduceSum (axes operand).
  mlir::Value reduceMax(mlir::Value x, llvm::ArrayRef<int64_t> axes,
                        bool keepdims);
  mlir::Value reduceMean(mlir::Value x, llvm::ArrayRef<int64_t> axes,
                         bool keepdims);
  mlir::Value reduceSum(mlir::Value x, llvm::ArrayRef<int64_t> axes,
                        bool keepdims);
  /// TopK along `axis` (ties to the lower index); returns {values, indices}.
  std::pair<mlir::Value, mlir::Value> topk(mlir::Value x, int64_t k,
                                           int64_t axis, bool largest);
  /// Expands per-token indices [B, K] to [B, K, rest...] for GatherElements
  /// or ScatterElements on a [B, T, rest...] tensor along axis 1.
  mlir::Value tokenIndices(mlir::Value indices,
                           llvm::ArrayRef<int64_t> tokenShape);
  /// t[b, indices[b, n], ...] along axis 1.
  mlir::Value gatherTokens(mlir::Value t, mlir::Value indices);

  /// x W + b of x [B, T, D] split into heads: [B, heads, T, d], or
  /// [B, heads, d, T] with `keyLayout` (ready for Q K^T).
  mlir::Value projectHeads(mlir::Value x, mlir::Value w, mlir::Value bias,
                           int64_t heads, int64_t headDim, bool keyLayout);

private:
  mlir::RankedTensorType type(llvm::ArrayRef<int64_t> shape, mlir::Type elem);
  mlir::Value binary(llvm::StringRef op, mlir::Value a, mlir::Value c);
  mlir::Value reduce(llvm::StringRef op, mlir::Value x,
                     llvm::ArrayRef<int64_t> axes, bool keepdims);

  mlir::OpBuilder &b;
  mlir::Location loc;
};

} // namespace kiln::sparse_vit

#endif // KILN_DIALECTS_SPARSE_VIT_TRANSFORMS_ONNXEMITTER_H
