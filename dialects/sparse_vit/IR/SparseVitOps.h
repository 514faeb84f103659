//===- SparseVitOps.h - sparse_vit dialect operations -----------*- C++ -*-===//
//
// Attention with explicit heads, token scores and token reductions for ViT
// pruning. See docs/dialects/sparse_vit.md.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_SPARSE_VIT_IR_SPARSEVITOPS_H
#define KILN_DIALECTS_SPARSE_VIT_IR_SPARSEVITOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/sparse_vit/IR/SparseVitDialect.h"

namespace kiln::sparse_vit {

/// The score policies (`policy` of sparse_vit.score).
inline constexpr llvm::StringLiteral kPolicyCpVit = "cp-vit";
inline constexpr llvm::StringLiteral kPolicyEvit = "evit";

/// The number of ToMe "A" tokens of T tokens: the non-CLS tokens at even
/// ranks 0, 2, 4, ... among positions 1..T-1, i.e. ceil((T - 1) / 2).
inline int64_t numMergeSources(int64_t tokens) { return tokens / 2; }

} // namespace kiln::sparse_vit

#define GET_OP_CLASSES
#include "dialects/sparse_vit/IR/SparseVitOps.h.inc"

#endif // KILN_DIALECTS_SPARSE_VIT_IR_SPARSEVITOPS_H
