//===- Lower.cpp - SparseVitLower pass
//---------------------------------------------===//
//
// Stub (work in progress, see docs/transforms/cp-vit.md).
//
//===----------------------------------------------------------------------===//

#include "dialects/sparse_vit/Transforms/Passes.h"

namespace kiln::sparse_vit {
#define GEN_PASS_DEF_SPARSEVITLOWER
#include "dialects/sparse_vit/Transforms/Passes.h.inc"

namespace {
struct SparseVitLowerPass : impl::SparseVitLowerBase<SparseVitLowerPass> {
  using SparseVitLowerBase::SparseVitLowerBase;
  void runOnOperation() override {
    getOperation()->emitError("Lower: not implemented yet");
    signalPassFailure();
  }
};
} // namespace
} // namespace kiln::sparse_vit
