//===- Prune.cpp - CpVitPrune pass
//---------------------------------------------===//
//
// Stub (work in progress, see docs/transforms/cp-vit.md).
//
//===----------------------------------------------------------------------===//

#include "dialects/sparse_vit/Transforms/Passes.h"

namespace kiln::sparse_vit {
#define GEN_PASS_DEF_CPVITPRUNE
#include "dialects/sparse_vit/Transforms/Passes.h.inc"

namespace {
struct CpVitPrunePass : impl::CpVitPruneBase<CpVitPrunePass> {
  using CpVitPruneBase::CpVitPruneBase;
  void runOnOperation() override {
    getOperation()->emitError("Prune: not implemented yet");
    signalPassFailure();
  }
};
} // namespace
} // namespace kiln::sparse_vit
