//===- OnnxDialect.h - onnx dialect declaration -----------------*- C++ -*-===//
#ifndef KILN_DIALECTS_ONNX_IR_ONNXDIALECT_H
#define KILN_DIALECTS_ONNX_IR_ONNXDIALECT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Dialect.h"

#include "dialects/onnx/IR/OnnxDialect.h.inc"

#endif // KILN_DIALECTS_ONNX_IR_ONNXDIALECT_H
