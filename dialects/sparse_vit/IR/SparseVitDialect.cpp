//===- SparseVitDialect.cpp - sparse_vit dialect registration -------------===//

#include "dialects/sparse_vit/IR/SparseVitDialect.h"
#include "dialects/sparse_vit/IR/SparseVitOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

using namespace mlir;
using namespace kiln::sparse_vit;

#include "dialects/sparse_vit/IR/SparseVitDialect.cpp.inc"

void SparseVitDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/sparse_vit/IR/SparseVitOps.cpp.inc"
      >();
}
