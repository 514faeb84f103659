//===- OnnxOps.cpp - onnx dialect op helpers and generated code -----------===//

#include "dialects/onnx/IR/OnnxOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln::onnx {

std::optional<SmallVector<int64_t>>
broadcastShapes(ArrayRef<ArrayRef<int64_t>> shapes) {
  size_t rank = 0;
  for (ArrayRef<int64_t> shape : shapes)
    rank = std::max(rank, shape.size());
  SmallVector<int64_t> result(rank, 1);
  for (ArrayRef<int64_t> shape : shapes) {
    size_t offset = rank - shape.size();
    for (auto [i, dim] : llvm::enumerate(shape)) {
      int64_t &out = result[offset + i];
      if (dim == out || dim == 1)
        continue;
      if (out != 1)
        return std::nullopt;
      out = dim;
    }
  }
  return result;
}

DenseElementsAttr getConstantElements(Value value, int64_t maxElements) {
  if (!value)
    return nullptr;
  auto constant = value.getDefiningOp<ConstantOp>();
  if (!constant)
    return nullptr;
  ElementsAttr attr = constant.getValue();
  if (auto dense = llvm::dyn_cast<DenseElementsAttr>(attr))
    return dense;
  auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(attr);
  if (!resource)
    return nullptr;
  auto type = llvm::cast<ShapedType>(resource.getType());
  if (type.getNumElements() > maxElements)
    return nullptr;
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  if (!blob)
    return nullptr;
  ArrayRef<char> data = blob->getData();
  Type elementType = type.getElementType();
  if (elementType.isInteger(1)) {
    // Resource blobs keep one byte per bool; DenseElementsAttr packs bits.
    if (static_cast<int64_t>(data.size()) != type.getNumElements())
      return nullptr;
    SmallVector<bool> bits(data.begin(), data.end());
    return DenseElementsAttr::get(type, ArrayRef<bool>(bits));
  }
  bool isSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, data, isSplat))
    return nullptr;
  return DenseElementsAttr::getFromRawBuffer(type, data);
}

std::optional<SmallVector<int64_t>> getConstantInts(Value value) {
  DenseElementsAttr attr = getConstantElements(value);
  if (!attr || !llvm::isa<IntegerType>(attr.getElementType()))
    return std::nullopt;
  SmallVector<int64_t> result;
  for (const APInt &v : attr.getValues<APInt>())
    result.push_back(attr.getElementType().isUnsignedInteger()
                         ? static_cast<int64_t>(v.getZExtValue())
                         : v.getSExtValue());
  return result;
}

std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}


//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  Adaptor adaptor(operands, attributes, properties, regions);
  ElementsAttr value = adaptor.getValueAttr();
  if (!value)
    return emitOptionalError(location, "'onnx.Constant' needs a 'value'");
  inferredReturnTypes.push_back(value.getType());
  return success();
}

LogicalResult ConstantOp::verify() {
  auto type = llvm::dyn_cast<RankedTensorType>(getValue().getType());
  if (!type || !type.hasStaticShape())
    return emitOpError("value must be a statically shaped tensor, got ")
           << getValue().getType();
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValueAttr(); }

SmallVector<int64_t> TransposeOp::getPermutation() {
  if (auto perm = getPerm())
    return SmallVector<int64_t>(perm->begin(), perm->end());
  int64_t rank = llvm::cast<RankedTensorType>(getData().getType()).getRank();
  SmallVector<int64_t> reversed;
  for (int64_t i = rank - 1; i >= 0; --i)
    reversed.push_back(i);
  return reversed;
}

std::pair<int64_t, int64_t> ShapeOp::getDimRange() {
  int64_t rank = llvm::cast<RankedTensorType>(getData().getType()).getRank();
  auto clampDim = [&](int64_t v) {
    return std::clamp<int64_t>(v < 0 ? v + rank : v, 0, rank);
  };
  int64_t start = clampDim(getStart());
  int64_t end = getEnd() ? clampDim(static_cast<int64_t>(*getEnd())) : rank;
  return {start, std::max(start, end)};
}

OpFoldResult NoValueOp::fold(FoldAdaptor) {
  return UnitAttr::get(getContext());
}

} // namespace kiln::onnx

#define GET_OP_CLASSES
#include "dialects/onnx/IR/OnnxOps.cpp.inc"
