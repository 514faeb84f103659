//===- FlopCount.h - MACs and FLOPs of onnx ops -----------------*- C++ -*-===//
//
// The compiler's side of Kiln's FLOP counting: reads an onnx op's static
// types and attributes and asks the shared rules (kiln/rt/FlopRules.h, the
// same function the host executor's `kiln-run --stats` uses) for its cost.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_ANALYSIS_FLOPCOUNT_H
#define KILN_ANALYSIS_FLOPCOUNT_H

#include "kiln/rt/FlopRules.h"

#include "mlir/IR/Operation.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln {

using OpCost = rt::OpCost;

/// The cost of one op instance, or why it has none.
struct OpCostResult {
  enum class Status {
    Counted,   // cost holds the rule's count
    NoRule,    // no rule for this op (counted as 0, listed as not counted)
    Dynamic,   // an operand or result without a static shape (skipped)
  };
  Status status = Status::NoRule;
  OpCost cost;
  std::string note;
};

/// The ONNX op type of `op` ("MatMul" for onnx.MatMul), or its full name for
/// ops of other dialects.
std::string onnxOpType(mlir::Operation *op);

/// The ONNX node name of `op` from its location (NameLoc, also inside a
/// FusedLoc or CallSiteLoc); empty when it has none.
std::string onnxNodeName(mlir::Operation *op);

/// The cost of one op from its static types and attributes. Never fails
/// hard: ops of other dialects and onnx ops without a rule give NoRule.
OpCostResult computeOpCost(mlir::Operation *op);

/// Counts of one function.
struct FlopSummary {
  struct OpEntry {
    mlir::Operation *op;
    std::string type, name;
    OpCost cost;
  };
  struct TypeRow {
    std::string type;
    uint64_t count = 0;
    OpCost cost;
  };
  struct Skipped {
    std::string type;
    uint64_t count = 0;
    std::string reason;
  };
  std::vector<OpEntry> ops;          // counted op instances, in IR order
  std::vector<TypeRow> byType;       // by FLOPs, descending; then by name
  std::vector<Skipped> notCounted;   // no rule, by type
  std::vector<OpEntry> dynamic;      // skipped for dynamic shapes
  OpCost total;
};

/// Counts every op nested in `root` (a function), except constants.
/// With emitRemarks, each op skipped for a dynamic shape gets a remark.
FlopSummary summarizeFlops(mlir::Operation *root, bool emitRemarks = false);

} // namespace kiln

#endif // KILN_ANALYSIS_FLOPCOUNT_H
