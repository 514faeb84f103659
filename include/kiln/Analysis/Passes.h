//===- Passes.h - analyses reported as passes -------------------*- C++ -*-===//
#ifndef KILN_ANALYSIS_PASSES_H
#define KILN_ANALYSIS_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln {

#define GEN_PASS_DECL
#include "kiln/Analysis/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "kiln/Analysis/Passes.h.inc"

} // namespace kiln

#endif // KILN_ANALYSIS_PASSES_H
