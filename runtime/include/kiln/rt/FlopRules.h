//===- FlopRules.h - the one definition of Kiln's FLOP counting -*- C++ -*-===//
//
// Floating-point operations (and multiply-accumulates) of one ONNX op, from
// its operand shapes, whether they are floating-point, and the attributes the
// rule needs. The host executor's `kiln-run --stats` "flops" and the
// compiler's `kiln-count-flops` analysis both call countOpFlops, so the rules
// of docs/targets/host.md live here and nowhere else (except the few ops whose
// count needs values only known at run time: see hasStaticFlopRule).
//
// MLIR-free and exception-free: usable from code built with -fno-exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_FLOPRULES_H
#define KILN_RT_FLOPRULES_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::rt {

/// Multiply-accumulates and floating-point operations of one op instance.
/// flops counts 2 per multiply-add (so flops >= 2 * macs).
struct OpCost {
  uint64_t macs = 0;
  uint64_t flops = 0;
  OpCost &operator+=(const OpCost &o) {
    macs += o.macs;
    flops += o.flops;
    return *this;
  }
};

/// One operand or result: its static shape and element kind. An absent
/// optional operand has present = false.
struct FlopOperand {
  std::vector<int64_t> shape;
  bool isFloat = true;
  bool present = true;
  uint64_t numel() const;
};

/// The attributes a rule reads, looked up by name; each getter returns
/// nullopt when the attribute is absent (the rule then uses ONNX's default).
class FlopAttrs {
public:
  virtual ~FlopAttrs() = default;
  virtual std::optional<int64_t> getInt(std::string_view name) const = 0;
  virtual std::optional<double> getFloat(std::string_view name) const = 0;
  virtual std::optional<std::vector<int64_t>>
  getInts(std::string_view name) const = 0;
};

/// No attributes.
const FlopAttrs &noFlopAttrs();

enum class FlopRuleKind {
  Counted, // cost is the op's count (possibly 0: data movement, comparisons)
  NoRule,  // Kiln has no static rule for this op type
};

struct FlopResult {
  FlopRuleKind kind = FlopRuleKind::NoRule;
  OpCost cost;
  std::string note; // why there is no rule / what was malformed
};

/// True when countOpFlops has a rule for `op` (an ONNX op type, e.g. "Conv").
/// Ops without one (LSTM, GRU, RNN, Einsum, Resize, Dropout: their counts
/// depend on run-time values or equations) are counted by their host kernel.
bool hasStaticFlopRule(std::string_view op);

/// The cost of one instance of `op`. Never throws; shapes that do not fit
/// the rule (wrong rank) give NoRule with a note instead of a crash.
FlopResult countOpFlops(std::string_view op,
                        const std::vector<FlopOperand> &inputs,
                        const std::vector<FlopOperand> &outputs,
                        const FlopAttrs &attrs);

} // namespace kiln::rt

#endif // KILN_RT_FLOPRULES_H
