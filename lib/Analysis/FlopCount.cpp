//===- FlopCount.cpp - MACs and FLOPs of onnx ops -------------------------===//

#include "lib/Analysis/FlopCount.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/OpDefinition.h"

#include <algorithm>
#include <map>

using namespace mlir;

namespace kiln {

namespace {

/// An op's attribute dictionary as the shared rules read it.
class OpFlopAttrs final : public rt::FlopAttrs {
public:
  explicit OpFlopAttrs(Operation *op) : op_(op) {}
  std::optional<int64_t> getInt(std::string_view name) const override {
    Attribute a = get(name);
    if (auto i = dyn_cast_or_null<IntegerAttr>(a))
      return i.getValue().getSExtValue();
    if (auto b = dyn_cast_or_null<BoolAttr>(a))
      return b.getValue() ? 1 : 0;
    return std::nullopt;
  }
  std::optional<double> getFloat(std::string_view name) const override {
    if (auto f = dyn_cast_or_null<FloatAttr>(get(name)))
      return f.getValueAsDouble();
    return std::nullopt;
  }
  std::optional<std::vector<int64_t>>
  getInts(std::string_view name) const override {
    Attribute a = get(name);
    if (auto d = dyn_cast_or_null<DenseI64ArrayAttr>(a))
      return std::vector<int64_t>(d.asArrayRef().begin(),
                                  d.asArrayRef().end());
    if (auto arr = dyn_cast_or_null<ArrayAttr>(a)) {
      std::vector<int64_t> v;
      for (Attribute e : arr) {
        auto i = dyn_cast<IntegerAttr>(e);
        if (!i)
          return std::nullopt;
        v.push_back(i.getValue().getSExtValue());
      }
      return v;
    }
    return std::nullopt;
  }

private:
  Attribute get(std::string_view name) const {
    return op_->getAttr(StringRef(name.data(), name.size()));
  }
  Operation *op_;
};

/// Fills `o` from a value's type; false for a dynamic or unranked shape.
bool describe(Type type, rt::FlopOperand &o) {
  if (isa<NoneType>(type)) {
    o.present = false;
    return true;
  }
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped) { // a scalar
    o.shape = {};
    o.isFloat = isa<FloatType>(type);
    return true;
  }
  if (!shaped.hasStaticShape())
    return false;
  o.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
  o.isFloat = isa<FloatType>(shaped.getElementType());
  return true;
}

std::string locName(Location loc) {
  if (auto n = dyn_cast<NameLoc>(loc))
    return n.getName().str();
  if (auto f = dyn_cast<FusedLoc>(loc))
    for (Location l : f.getLocations())
      if (std::string s = locName(l); !s.empty())
        return s;
  if (auto c = dyn_cast<CallSiteLoc>(loc))
    return locName(c.getCallee());
  return "";
}

} // namespace

std::string onnxOpType(Operation *op) {
  StringRef name = op->getName().getStringRef();
  if (name.consume_front("onnx."))
    return name.str();
  return name.str();
}

std::string onnxNodeName(Operation *op) { return locName(op->getLoc()); }

OpCostResult computeOpCost(Operation *op) {
  OpCostResult result;
  if (op->getName().getDialectNamespace() != "onnx") {
    result.note = "not an onnx op";
    return result;
  }
  std::vector<rt::FlopOperand> ins, outs;
  for (Type t : op->getOperandTypes()) {
    rt::FlopOperand o;
    if (!describe(t, o)) {
      result.status = OpCostResult::Status::Dynamic;
      result.note = "operand without a static shape";
      return result;
    }
    ins.push_back(std::move(o));
  }
  for (Type t : op->getResultTypes()) {
    rt::FlopOperand o;
    if (!describe(t, o)) {
      result.status = OpCostResult::Status::Dynamic;
      result.note = "result without a static shape";
      return result;
    }
    outs.push_back(std::move(o));
  }
  rt::FlopResult r =
      rt::countOpFlops(onnxOpType(op), ins, outs, OpFlopAttrs(op));
  if (r.kind == rt::FlopRuleKind::Counted) {
    result.status = OpCostResult::Status::Counted;
    result.cost = r.cost;
  } else {
    result.note = r.note;
  }
  return result;
}

FlopSummary summarizeFlops(Operation *root, bool emitRemarks) {
  FlopSummary s;
  std::map<std::string, FlopSummary::TypeRow> rows;
  std::map<std::string, FlopSummary::Skipped> skipped;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op == root || op->hasTrait<OpTrait::ConstantLike>() ||
        op->hasTrait<OpTrait::IsTerminator>() || op->getNumRegions() != 0)
      return;
    OpCostResult r = computeOpCost(op);
    std::string type = onnxOpType(op);
    switch (r.status) {
    case OpCostResult::Status::Counted: {
      s.ops.push_back({op, type, onnxNodeName(op), r.cost});
      FlopSummary::TypeRow &row = rows[type];
      row.type = type;
      row.count++;
      row.cost += r.cost;
      s.total += r.cost;
      break;
    }
    case OpCostResult::Status::NoRule: {
      FlopSummary::Skipped &sk = skipped[type];
      sk.type = type;
      sk.count++;
      sk.reason = r.note;
      break;
    }
    case OpCostResult::Status::Dynamic:
      s.dynamic.push_back({op, type, onnxNodeName(op), OpCost{}});
      if (emitRemarks)
        op->emitRemark() << "kiln-count-flops: " << type << " skipped: "
                         << r.note;
      break;
    }
  });
  for (auto &[name, row] : rows)
    s.byType.push_back(row);
  std::stable_sort(s.byType.begin(), s.byType.end(),
                   [](const FlopSummary::TypeRow &a,
                      const FlopSummary::TypeRow &b) {
                     return a.cost.flops > b.cost.flops;
                   });
  for (auto &[name, sk] : skipped)
    s.notCounted.push_back(sk);
  return s;
}

} // namespace kiln
