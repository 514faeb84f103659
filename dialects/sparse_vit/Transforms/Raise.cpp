//===- Raise.cpp - SparseVitRaise pass
//---------------------------------------------===//
//
// Stub (work in progress, see docs/transforms/cp-vit.md).
//
//===----------------------------------------------------------------------===//

#include "dialects/sparse_vit/Transforms/Passes.h"

namespace kiln::sparse_vit {
#define GEN_PASS_DEF_SPARSEVITRAISE
#include "dialects/sparse_vit/Transforms/Passes.h.inc"

namespace {
struct SparseVitRaisePass : impl::SparseVitRaiseBase<SparseVitRaisePass> {
  using SparseVitRaiseBase::SparseVitRaiseBase;
  void runOnOperation() override {
    getOperation()->emitError("Raise: not implemented yet");
    signalPassFailure();
  }
};
} // namespace
} // namespace kiln::sparse_vit
