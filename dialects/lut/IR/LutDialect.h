//===- LutDialect.h - lut dialect declaration -------------------*- C++ -*-===//
#ifndef KILN_DIALECTS_LUT_IR_LUTDIALECT_H
#define KILN_DIALECTS_LUT_IR_LUTDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/lut/IR/LutDialect.h.inc"

#endif // KILN_DIALECTS_LUT_IR_LUTDIALECT_H
