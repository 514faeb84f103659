//===- Passes.h - passes of the lut dialect ---------------------*- C++ -*-===//
#ifndef KILN_DIALECTS_LUT_TRANSFORMS_PASSES_H
#define KILN_DIALECTS_LUT_TRANSFORMS_PASSES_H

#include "dialects/lut/IR/LutOps.h"
#include "dialects/onnx/IR/OnnxOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln::lut {

#define GEN_PASS_DECL
#include "dialects/lut/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/lut/Transforms/Passes.h.inc"

} // namespace kiln::lut

#endif // KILN_DIALECTS_LUT_TRANSFORMS_PASSES_H
