//===- Passes.h - passes of the sparse_vit dialect --------------*- C++ -*-===//
#ifndef KILN_DIALECTS_SPARSE_VIT_TRANSFORMS_PASSES_H
#define KILN_DIALECTS_SPARSE_VIT_TRANSFORMS_PASSES_H

#include "dialects/onnx/IR/OnnxOps.h"
#include "dialects/sparse_vit/IR/SparseVitOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln::sparse_vit {

#define GEN_PASS_DECL
#include "dialects/sparse_vit/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/sparse_vit/Transforms/Passes.h.inc"

} // namespace kiln::sparse_vit

#endif // KILN_DIALECTS_SPARSE_VIT_TRANSFORMS_PASSES_H
