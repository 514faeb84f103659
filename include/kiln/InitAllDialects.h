//===- InitAllDialects.h - every dialect Kiln's tools load ------*- C++ -*-===//
#ifndef KILN_INITALLDIALECTS_H
#define KILN_INITALLDIALECTS_H

#include "dialects/lut/IR/LutDialect.h"
#include "dialects/onnx/IR/OnnxDialect.h"
#include "dialects/pim/IR/PimDialect.h"
#include "dialects/sparse_vit/IR/SparseVitDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"

namespace kiln {

/// Registers the Kiln dialects and the upstream dialects they build on.
inline void registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<onnx::OnnxDialect, lut::LutDialect,
                  sparse_vit::SparseVitDialect, pim::PimDialect,
                  mlir::func::FuncDialect,
                  mlir::arith::ArithDialect, mlir::tensor::TensorDialect>();
}

} // namespace kiln

#endif // KILN_INITALLDIALECTS_H
