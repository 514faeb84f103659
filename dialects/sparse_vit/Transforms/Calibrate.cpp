//===- Calibrate.cpp - CpVitCalibrate pass
//---------------------------------------------===//
//
// Stub (work in progress, see docs/transforms/cp-vit.md).
//
//===----------------------------------------------------------------------===//

#include "dialects/sparse_vit/Transforms/Passes.h"

namespace kiln::sparse_vit {
#define GEN_PASS_DEF_CPVITCALIBRATE
#include "dialects/sparse_vit/Transforms/Passes.h.inc"

namespace {
struct CpVitCalibratePass : impl::CpVitCalibrateBase<CpVitCalibratePass> {
  using CpVitCalibrateBase::CpVitCalibrateBase;
  void runOnOperation() override {
    getOperation()->emitError("Calibrate: not implemented yet");
    signalPassFailure();
  }
};
} // namespace
} // namespace kiln::sparse_vit
