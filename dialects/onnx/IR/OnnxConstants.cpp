//===- OnnxConstants.cpp - reading and making onnx.Constant values --------===//

#include "dialects/onnx/IR/OnnxConstants.h"

#include "dialects/onnx/IR/OnnxOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>

using namespace mlir;

namespace kiln::onnx {

bool readConstantBytes(Value value, std::vector<char> &out) {
  auto constant = value ? value.getDefiningOp<onnx::ConstantOp>() : nullptr;
  if (!constant)
    return false;
  auto type = llvm::cast<ShapedType>(constant.getValue().getType());
  if (type.getElementType().isInteger(1))
    return false;
  const size_t n = type.getNumElements();
  const size_t width = type.getElementTypeBitWidth() / 8;
  if (auto dense = llvm::dyn_cast<DenseElementsAttr>(constant.getValue())) {
    ArrayRef<char> raw = dense.getRawData();
    out.resize(n * width);
    if (dense.isSplat()) {
      for (size_t i = 0; i < n; ++i)
        std::memcpy(out.data() + i * width, raw.data(), width);
    } else {
      if (raw.size() != out.size())
        return false;
      std::memcpy(out.data(), raw.data(), raw.size());
    }
    return true;
  }
  if (auto resource =
          llvm::dyn_cast<DenseResourceElementsAttr>(constant.getValue())) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != n * width)
      return false;
    out.assign(blob->getData().begin(), blob->getData().end());
    return true;
  }
  return false;
}

bool readConstantFloats(Value value, std::vector<float> &out) {
  auto type = llvm::dyn_cast<RankedTensorType>(value.getType());
  std::vector<char> bytes;
  if (!type || !type.getElementType().isF32() ||
      !readConstantBytes(value, bytes))
    return false;
  out.resize(bytes.size() / 4);
  std::memcpy(out.data(), bytes.data(), bytes.size());
  return true;
}

Value createConstant(OpBuilder &builder, Location loc, RankedTensorType type,
                     const void *bytes, size_t size, StringRef name) {
  ArrayRef<char> data(static_cast<const char *>(bytes), size);
  ElementsAttr attr;
  if (type.getNumElements() <= 16) {
    attr = DenseElementsAttr::getFromRawBuffer(type, data);
  } else {
    attr = DenseResourceElementsAttr::get(
        type, name,
        HeapAsmResourceBlob::allocateAndCopyWithAlign(data, alignof(uint64_t)));
  }
  return builder.create<onnx::ConstantOp>(loc, attr);
}

Value createShapeConstant(OpBuilder &builder, Location loc,
                          ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get({static_cast<int64_t>(shape.size())},
                                    builder.getI64Type());
  return builder.create<onnx::ConstantOp>(loc,
                                          DenseElementsAttr::get(type, shape));
}

} // namespace kiln::onnx
