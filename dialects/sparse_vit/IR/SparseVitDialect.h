//===- SparseVitDialect.h - sparse_vit dialect declaration ------*- C++ -*-===//
#ifndef KILN_DIALECTS_SPARSE_VIT_IR_SPARSEVITDIALECT_H
#define KILN_DIALECTS_SPARSE_VIT_IR_SPARSEVITDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/sparse_vit/IR/SparseVitDialect.h.inc"

#endif // KILN_DIALECTS_SPARSE_VIT_IR_SPARSEVITDIALECT_H
