//===- OnnxDialect.cpp - onnx dialect registration ------------------------===//

#include "dialects/onnx/IR/OnnxDialect.h"
#include "dialects/onnx/IR/OnnxOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace kiln::onnx;

#include "dialects/onnx/IR/OnnxDialect.cpp.inc"

void OnnxDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/onnx/IR/OnnxOps.cpp.inc"
      >();
}

Operation *OnnxDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  if (llvm::isa<NoneType>(type))
    return builder.create<NoValueOp>(loc);
  auto elements = llvm::dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, elements);
}
