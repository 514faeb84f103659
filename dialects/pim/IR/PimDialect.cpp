//===- PimDialect.cpp - pim dialect registration
//---------------------------===//

#include "dialects/pim/IR/PimDialect.h"
#include "dialects/pim/IR/PimOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

using namespace mlir;
using namespace kiln::pim;

#include "dialects/pim/IR/PimDialect.cpp.inc"

void PimDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/pim/IR/PimOps.cpp.inc"
      >();
}
