//===- PimOps.h - pim dialect operations ------------------------*- C++ -*-===//
//
// Decode attention over a DIMM-resident KV cache. See
// docs/targets/dimm-pim.md.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_DIALECTS_PIM_IR_PIMOPS_H
#define KILN_DIALECTS_PIM_IR_PIMOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/pim/IR/PimDialect.h"

#define GET_OP_CLASSES
#include "dialects/pim/IR/PimOps.h.inc"

#endif // KILN_DIALECTS_PIM_IR_PIMOPS_H
