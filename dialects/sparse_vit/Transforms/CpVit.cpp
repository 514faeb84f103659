//===- CpVit.cpp - CP-ViT schedules, calibration record, retyping ---------===//

#include "CpVit.h"

#include "dialects/onnx/IR/OnnxConstants.h"
#include "dialects/onnx/IR/OnnxOps.h"
#include "dialects/sparse_vit/IR/SparseVitOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

using namespace mlir;

namespace kiln::sparse_vit {

//===----------------------------------------------------------------------===//
// Calibration record
//===----------------------------------------------------------------------===//

void writeCalibration(ModuleOp module, const Calibration &c) {
  Builder b(module.getContext());
  SmallVector<Attribute> heads, outputs;
  for (const std::vector<double> &layer : c.headImportance)
    heads.push_back(b.getDenseF64ArrayAttr(layer));
  for (const std::vector<double> &layer : c.headOutput)
    outputs.push_back(b.getDenseF64ArrayAttr(layer));
  module->setAttr(
      kCalibrationAttr,
      b.getDictionaryAttr(
          {b.getNamedAttr("inputs", b.getI64IntegerAttr(c.inputs)),
           b.getNamedAttr("attention_range",
                          b.getDenseF64ArrayAttr(c.attentionRange)),
           b.getNamedAttr("head_importance", b.getArrayAttr(heads)),
           b.getNamedAttr("head_output", b.getArrayAttr(outputs))}));
}

FailureOr<std::optional<Calibration>> readCalibration(ModuleOp module) {
  Attribute attr = module->getAttr(kCalibrationAttr);
  if (!attr)
    return std::optional<Calibration>();
  auto dict = llvm::dyn_cast<DictionaryAttr>(attr);
  auto bad = [&](StringRef what) {
    module.emitError() << kCalibrationAttr << " " << what
                       << " (expected {inputs : i64, attention_range : "
                          "array<f64>, head_importance : [array<f64>, ...], "
                          "head_output : [array<f64>, ...] (optional)}, "
                          "as cp-vit-calibrate writes it)";
    return failure();
  };
  if (!dict)
    return bad("is not a dictionary");
  Calibration c;
  if (auto n = dict.getAs<IntegerAttr>("inputs"))
    c.inputs = n.getInt();
  auto range = dict.getAs<DenseF64ArrayAttr>("attention_range");
  auto heads = dict.getAs<ArrayAttr>("head_importance");
  if (!range || !heads)
    return bad("lacks attention_range or head_importance");
  c.attentionRange.assign(range.asArrayRef().begin(), range.asArrayRef().end());
  auto readLayers = [&](ArrayAttr layers,
                        std::vector<std::vector<double>> &out) {
    for (Attribute layer : layers) {
      auto values = llvm::dyn_cast<DenseF64ArrayAttr>(layer);
      if (!values)
        return false;
      out.emplace_back(values.asArrayRef().begin(), values.asArrayRef().end());
    }
    return true;
  };
  if (!readLayers(heads, c.headImportance))
    return bad("has a head_importance entry that is not array<f64>");
  if (auto outputs = dict.getAs<ArrayAttr>("head_output")) {
    if (!readLayers(outputs, c.headOutput))
      return bad("has a head_output entry that is not array<f64>");
    if (c.headOutput.size() != c.attentionRange.size())
      return bad("has different layer counts for attention_range and "
                 "head_output");
  }
  if (c.headImportance.size() != c.attentionRange.size())
    return bad("has different layer counts for attention_range and "
               "head_importance");
  return std::optional<Calibration>(std::move(c));
}

//===----------------------------------------------------------------------===//
// Schedules
//===----------------------------------------------------------------------===//

std::vector<int64_t> ratiosToCounts(const std::vector<double> &ratios,
                                    int64_t patches) {
  std::vector<int64_t> out;
  int64_t prev = patches;
  for (double r : ratios) {
    int64_t k = static_cast<int64_t>(std::floor(r * patches + 0.5));
    k = std::max<int64_t>(1, std::min(prev, k));
    out.push_back(k);
    prev = k;
  }
  return out;
}

std::vector<double> scheduleRatios(const std::string &kind, double finalRatio,
                                   int64_t depth, int64_t firstLayer,
                                   const std::vector<double> &ranges,
                                   double alpha) {
  std::vector<double> ratios(depth, 1.0);
  const int64_t steps = depth - firstLayer;
  if (steps <= 0)
    return ratios;
  std::vector<double> weights(steps, 1.0);
  if (kind == "layer-aware") {
    double mean = 0;
    for (int64_t l = firstLayer; l < depth; ++l)
      mean += ranges[l];
    mean /= steps;
    for (int64_t l = firstLayer; l < depth; ++l)
      weights[l - firstLayer] =
          (1 - alpha) + alpha * (mean > 0 ? ranges[l] / mean : 1.0);
  }
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double acc = 0;
  for (int64_t l = firstLayer; l < depth; ++l) {
    acc += weights[l - firstLayer];
    double t = kind == "layer-aware" ? acc / total
                                     : double(l - firstLayer + 1) / steps;
    ratios[l] =
        kind == "linear" ? 1 - (1 - finalRatio) * t : std::pow(finalRatio, t);
  }
  return ratios;
}

std::vector<int64_t> selectHeads(const std::vector<double> &importance,
                                 int64_t count) {
  std::vector<int64_t> order(importance.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return importance[a] > importance[b];
  });
  order.resize(std::min<size_t>(count, order.size()));
  std::sort(order.begin(), order.end());
  return order;
}

std::string checkPruneOptions(const std::string &policy, double keep,
                              double flopsBudget, int64_t firstLayer,
                              const std::string &schedule, double alpha,
                              double headKeep, const std::string &headScore,
                              const std::string &score,
                              const std::string &prefix) {
  std::ostringstream os;
  if (policy != "cp-vit" && policy != "evit" && policy != "tome")
    os << prefix << "policy='" << policy
       << "' is not a token policy (cp-vit, evit, tome)";
  else if (!(keep > 0 && keep <= 1))
    os << prefix << "keep=" << keep << " is out of range: the final patch "
       << "keep ratio must be in (0, 1]";
  else if (!(flopsBudget >= 0 && flopsBudget <= 1))
    os << prefix << "flops-budget=" << flopsBudget
       << " is out of range: the FLOPs fraction must be in (0, 1]";
  else if (firstLayer < 0)
    os << prefix << "first-layer=" << firstLayer << " is negative";
  else if (schedule != "auto" && schedule != "geometric" &&
           schedule != "linear" && schedule != "layer-aware")
    os << prefix << "schedule='" << schedule
       << "' is not a schedule (geometric, linear, layer-aware, auto)";
  else if (!(alpha >= 0 && alpha <= 1))
    os << prefix << "alpha=" << alpha << " is out of range [0, 1]";
  else if (!(headKeep > 0 && headKeep <= 1))
    os << prefix << "head-keep=" << headKeep
       << " is out of range: the head keep ratio must be in (0, 1]";
  else if (headScore != "output" && headScore != "attention")
    os << prefix << "head-score='" << headScore
       << "' is not a head importance (output, attention)";
  else if (!score.empty() && score != "cp-vit" && score != "evit")
    os << prefix << "score='" << score
       << "' is not a token score (cp-vit, evit)";
  else if (!score.empty() && policy != "cp-vit")
    os << prefix << "score applies to policy cp-vit only (the " << policy
       << " policy has its own)";
  return os.str();
}

//===----------------------------------------------------------------------===//
// Retyping after a token reduction
//===----------------------------------------------------------------------===//

namespace {

SmallVector<int64_t> broadcast(ArrayRef<ArrayRef<int64_t>> shapes) {
  size_t rank = 0;
  for (ArrayRef<int64_t> s : shapes)
    rank = std::max(rank, s.size());
  SmallVector<int64_t> out(rank, 1);
  for (ArrayRef<int64_t> s : shapes)
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t &o = out[rank - s.size() + i];
      if (s[i] != 1)
        o = s[i];
    }
  return out;
}

std::optional<SmallVector<int64_t>> constInts(Value v) {
  if (!v || llvm::isa<NoneType>(v.getType()))
    return std::nullopt;
  std::vector<char> bytes;
  if (!onnx::readConstantBytes(v, bytes))
    return std::nullopt;
  auto type = llvm::cast<ShapedType>(v.getType());
  SmallVector<int64_t> out;
  for (size_t i = 0; i < size_t(type.getNumElements()); ++i) {
    if (type.getElementType().isInteger(64))
      out.push_back(reinterpret_cast<const int64_t *>(bytes.data())[i]);
    else if (type.getElementType().isInteger(32))
      out.push_back(reinterpret_cast<const int32_t *>(bytes.data())[i]);
    else
      return std::nullopt;
  }
  return out;
}

ArrayRef<int64_t> shapeOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType()).getShape();
}

int64_t norm(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

const llvm::StringSet<> &elementwiseOps() {
  static const llvm::StringSet<> ops = {
      "onnx.Add",   "onnx.Sub",   "onnx.Mul",     "onnx.Div",
      "onnx.Pow",   "onnx.Max",   "onnx.Min",     "onnx.Where",
      "onnx.Equal", "onnx.Less",  "onnx.Greater", "onnx.Sum",
      "onnx.Mean",  "onnx.PRelu", "onnx.And",     "onnx.Or"};
  return ops;
}

const llvm::StringSet<> &sameShapeOps() {
  static const llvm::StringSet<> ops = {
      "onnx.Erf",     "onnx.Sqrt",      "onnx.Relu",       "onnx.Gelu",
      "onnx.Tanh",    "onnx.Sigmoid",   "onnx.Neg",        "onnx.Exp",
      "onnx.Log",     "onnx.Abs",       "onnx.Cast",       "onnx.Identity",
      "onnx.Dropout", "onnx.Softmax",   "onnx.LogSoftmax", "onnx.Reciprocal",
      "onnx.Clip",    "onnx.HardSwish", "onnx.LeakyRelu",  "onnx.CastLike",
      "onnx.Elu",     "onnx.Softplus"};
  return ops;
}

/// The new result shapes of `op` given its (possibly retyped) operands, or
/// nullopt when the op is not one this knows.
std::optional<SmallVector<SmallVector<int64_t>>> inferShapes(Operation *op) {
  StringRef name = op->getName().getStringRef();
  SmallVector<SmallVector<int64_t>> out;
  auto in = [&](unsigned i) { return shapeOf(op->getOperand(i)); };
  if (elementwiseOps().contains(name)) {
    SmallVector<ArrayRef<int64_t>> shapes;
    for (Value v : op->getOperands())
      shapes.push_back(shapeOf(v));
    out.push_back(broadcast(shapes));
    return out;
  }
  if (sameShapeOps().contains(name)) {
    out.push_back(SmallVector<int64_t>(in(0)));
    return out;
  }
  if (name == "onnx.LayerNormalization") {
    SmallVector<int64_t> x(in(0));
    out.push_back(x);
    int64_t axis = norm(op->getAttrOfType<IntegerAttr>("axis")
                            ? op->getAttrOfType<IntegerAttr>("axis").getInt()
                            : -1,
                        x.size());
    SmallVector<int64_t> stat(x);
    for (size_t i = axis; i < stat.size(); ++i)
      stat[i] = 1;
    for (unsigned i = 1; i < op->getNumResults(); ++i)
      out.push_back(stat);
    return out;
  }
  if (name == "onnx.MatMul") {
    ArrayRef<int64_t> a = in(0), c = in(1);
    if (a.size() < 2 || c.size() < 2)
      return std::nullopt;
    SmallVector<int64_t> s = broadcast({a.drop_back(2), c.drop_back(2)});
    s.push_back(a[a.size() - 2]);
    s.push_back(c.back());
    out.push_back(s);
    return out;
  }
  if (name.starts_with("onnx.Reduce")) {
    ArrayRef<int64_t> x = in(0);
    SmallVector<int64_t> axes;
    if (auto attr = op->getAttrOfType<DenseI64ArrayAttr>("axes"))
      axes.assign(attr.asArrayRef().begin(), attr.asArrayRef().end());
    else if (op->getNumOperands() > 1 &&
             !llvm::isa<NoneType>(op->getOperand(1).getType())) {
      auto c = constInts(op->getOperand(1));
      if (!c)
        return std::nullopt;
      axes = *c;
    }
    auto noop = op->getAttrOfType<IntegerAttr>("noop_with_empty_axes");
    if (axes.empty() && noop && noop.getInt() != 0) {
      out.push_back(SmallVector<int64_t>(x));
      return out;
    }
    auto keepAttr = op->getAttrOfType<IntegerAttr>("keepdims");
    bool keep = !keepAttr || keepAttr.getInt() != 0;
    SmallVector<int64_t> s;
    for (int64_t i = 0; i < int64_t(x.size()); ++i) {
      bool reduced = axes.empty() || llvm::any_of(axes, [&](int64_t a) {
                       return norm(a, x.size()) == i;
                     });
      if (!reduced)
        s.push_back(x[i]);
      else if (keep)
        s.push_back(1);
    }
    out.push_back(s);
    return out;
  }
  if (name == "onnx.Transpose") {
    auto perm = op->getAttrOfType<DenseI64ArrayAttr>("perm");
    ArrayRef<int64_t> x = in(0);
    SmallVector<int64_t> s;
    for (size_t i = 0; i < x.size(); ++i)
      s.push_back(perm ? x[perm[i]] : x[x.size() - 1 - i]);
    out.push_back(s);
    return out;
  }
  if (name == "onnx.Gather") {
    auto axisAttr = op->getAttrOfType<IntegerAttr>("axis");
    ArrayRef<int64_t> x = in(0), idx = in(1);
    int64_t axis = norm(axisAttr ? axisAttr.getInt() : 0, x.size());
    SmallVector<int64_t> s(x.begin(), x.begin() + axis);
    s.append(idx.begin(), idx.end());
    s.append(x.begin() + axis + 1, x.end());
    out.push_back(s);
    return out;
  }
  if (name == "onnx.Slice") {
    ArrayRef<int64_t> x = in(0);
    auto starts = constInts(op->getOperand(1)),
         ends = constInts(op->getOperand(2));
    if (!starts || !ends)
      return std::nullopt;
    SmallVector<int64_t> axes, steps(starts->size(), 1);
    if (auto a = constInts(op->getOperand(3)))
      axes = *a;
    else
      for (size_t i = 0; i < starts->size(); ++i)
        axes.push_back(i);
    if (op->getNumOperands() > 4)
      if (auto st = constInts(op->getOperand(4)))
        steps = *st;
    SmallVector<int64_t> s(x);
    for (size_t i = 0; i < axes.size(); ++i) {
      int64_t ax = norm(axes[i], x.size()), dim = x[ax], step = steps[i];
      if (step != 1)
        return std::nullopt;
      int64_t b = (*starts)[i], e = (*ends)[i];
      b = b < 0 ? b + dim : b;
      e = e < 0 ? e + dim : e;
      b = std::clamp<int64_t>(b, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
      s[ax] = std::max<int64_t>(0, e - b);
    }
    out.push_back(s);
    return out;
  }
  if (name == "onnx.Squeeze" || name == "onnx.Unsqueeze") {
    auto axes = constInts(op->getOperand(1));
    ArrayRef<int64_t> x = in(0);
    if (!axes)
      return std::nullopt;
    SmallVector<int64_t> s;
    if (name == "onnx.Squeeze") {
      for (int64_t i = 0; i < int64_t(x.size()); ++i)
        if (!llvm::any_of(*axes,
                          [&](int64_t a) { return norm(a, x.size()) == i; }))
          s.push_back(x[i]);
    } else {
      int64_t rank = x.size() + axes->size();
      s.assign(x.begin(), x.end());
      SmallVector<int64_t> sorted;
      for (int64_t a : *axes)
        sorted.push_back(norm(a, rank));
      llvm::sort(sorted);
      for (int64_t a : sorted)
        s.insert(s.begin() + a, 1);
    }
    out.push_back(s);
    return out;
  }
  if (name == "onnx.Reshape") {
    auto target = constInts(op->getOperand(1));
    ArrayRef<int64_t> x = in(0);
    if (!target)
      return std::nullopt;
    int64_t numel = 1;
    for (int64_t d : x)
      numel *= d;
    SmallVector<int64_t> s;
    int64_t known = 1, infer = -1;
    for (size_t i = 0; i < target->size(); ++i) {
      int64_t d = (*target)[i];
      if (d == 0)
        d = x[i];
      if (d == -1) {
        infer = i;
        s.push_back(1);
        continue;
      }
      known *= d;
      s.push_back(d);
    }
    if (infer >= 0 && known > 0)
      s[infer] = numel / known;
    int64_t total = 1;
    for (int64_t d : s)
      total *= d;
    if (total != numel)
      return std::nullopt;
    out.push_back(s);
    return out;
  }
  if (name == "onnx.Concat") {
    int64_t axis = op->getAttrOfType<IntegerAttr>("axis").getInt();
    SmallVector<int64_t> s(in(0));
    axis = norm(axis, s.size());
    s[axis] = 0;
    for (Value v : op->getOperands())
      s[axis] += shapeOf(v)[axis];
    out.push_back(s);
    return out;
  }
  if (auto attn = llvm::dyn_cast<AttentionOp>(op)) {
    ArrayRef<int64_t> x = shapeOf(attn.getX());
    out.push_back({x[0], x[1], x[2]});
    out.push_back({x[0], attn.getNumHeads(), x[1], x[1]});
    return out;
  }
  return std::nullopt;
}

} // namespace

LogicalResult retypeAfter(Operation *from, ArrayRef<Value> changed) {
  llvm::DenseSet<Value> dirty(changed.begin(), changed.end());
  for (Operation *op = from->getNextNode(); op; op = op->getNextNode()) {
    if (!llvm::any_of(op->getOperands(),
                      [&](Value v) { return dirty.contains(v); }))
      continue;
    if (auto ret = llvm::dyn_cast<func::ReturnOp>(op)) {
      auto func = llvm::cast<func::FuncOp>(op->getParentOp());
      func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                     ret.getOperandTypes()));
      continue;
    }
    auto shapes = inferShapes(op);
    if (!shapes || shapes->size() != op->getNumResults())
      return op->emitError()
             << "cannot prune tokens: " << op->getName()
             << " after a pruned block has no shape rule for a changed "
                "token count (only elementwise, MatMul, reductions, "
                "Gather, Slice, Reshape with 0/-1, Transpose, Concat, "
                "Softmax, LayerNormalization and sparse_vit.attention "
                "follow the pruned token count)";
    for (auto [result, s] : llvm::zip(op->getResults(), *shapes)) {
      // Absent optional results (NoneType) have no shape to follow.
      auto type = llvm::dyn_cast<RankedTensorType>(result.getType());
      if (!type)
        continue;
      if (type.getShape() == ArrayRef<int64_t>(s))
        continue;
      result.setType(RankedTensorType::get(s, type.getElementType()));
      dirty.insert(result);
    }
  }
  return success();
}

} // namespace kiln::sparse_vit
