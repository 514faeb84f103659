//===- LutDialect.cpp - lut dialect registration --------------------------===//

#include "dialects/lut/IR/LutDialect.h"
#include "dialects/lut/IR/LutAttrs.h"
#include "dialects/lut/IR/LutOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

using namespace mlir;
using namespace kiln::lut;

#include "dialects/lut/IR/LutDialect.cpp.inc"

void LutDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "dialects/lut/IR/LutOps.cpp.inc"
      >();
}
