//===- InitAllPasses.h - every pass Kiln's tools register -------*- C++ -*-===//
#ifndef KILN_INITALLPASSES_H
#define KILN_INITALLPASSES_H

#include "dialects/lut/Transforms/Passes.h"
#include "dialects/sparse_vit/Transforms/Passes.h"
#include "kiln/Analysis/Passes.h"
#include "kiln/Conversion/Passes.h"

#include "mlir/Transforms/Passes.h"

namespace kiln {

/// Registers Kiln's passes and the upstream ones its pipelines use
/// (canonicalize, cse, ...).
inline void registerAllPasses() {
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  mlir::registerInlinerPass();
  mlir::registerSCCPPass();
  mlir::registerPrintOpStatsPass();
  kiln::registerAnalysisPasses();
  kiln::registerConversionPasses();
  kiln::lut::registerLutPasses();
  kiln::sparse_vit::registerSparseVitPasses();
}

} // namespace kiln

#endif // KILN_INITALLPASSES_H
