//===- PimDialect.h - pim dialect declaration -------------------*- C++ -*-===//
#ifndef KILN_DIALECTS_PIM_IR_PIMDIALECT_H
#define KILN_DIALECTS_PIM_IR_PIMDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/pim/IR/PimDialect.h.inc"

#endif // KILN_DIALECTS_PIM_IR_PIMDIALECT_H
