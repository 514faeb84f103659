//===- CpVit.cpp - CP-ViT schedules, calibration record, retyping ---------===//

#include "CpVit.h"

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

using Shape = SmallVector<int64_t>;

int64_t product(ArrayRef<int64_t> shape) {
  return std::accumulate(shape.begin(), shape.end(), int64_t{1},
                         std::multiplies<int64_t>());
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

/// Integer values of an optional constant operand: empty when absent,
/// nullopt when present but not a constant.
std::optional<Shape> optionalInts(Value v) {
  if (onnx::isNone(v))
    return Shape();
  return onnx::getConstantInts(v);
}

/// `in` with `axes` (all when empty, none with `noopWhenEmpty`) reduced.
std::optional<Shape> reduced(ArrayRef<int64_t> in, ArrayRef<int64_t> axes,
                             bool keepDims, bool noopWhenEmpty) {
  SmallVector<bool> reduce(in.size(), axes.empty() && !noopWhenEmpty);
  for (int64_t a : axes) {
    std::optional<int64_t> axis = onnx::normalizeAxis(a, in.size());
    if (!axis)
      return std::nullopt;
    reduce[*axis] = true;
  }
  Shape out;
  for (auto [d, r] : llvm::zip(in, reduce))
    if (!r)
      out.push_back(d);
    else if (keepDims)
      out.push_back(1);
  return out;
}

/// The new result shapes of `op` given its (possibly retyped) operands, or
/// nullopt when the op is not one this knows (or its operands do not fit).
/// The rules are ONNX's, as the onnx verifiers check them.
std::optional<SmallVector<Shape>> inferShapes(Operation *op) {
  StringRef name = op->getName().getStringRef();
  auto in = [&](unsigned i) { return shapeOf(op->getOperand(i)); };
  auto intAttr = [&](StringRef attr, int64_t dflt) {
    auto a = op->getAttrOfType<IntegerAttr>(attr);
    return a ? a.getInt() : dflt;
  };
  auto one = [&](std::optional<Shape> s) -> std::optional<SmallVector<Shape>> {
    if (!s)
      return std::nullopt;
    return SmallVector<Shape>{*s};
  };
  if (elementwiseOps().contains(name)) {
    SmallVector<ArrayRef<int64_t>> shapes;
    for (Value v : op->getOperands())
      shapes.push_back(shapeOf(v));
    return one(onnx::broadcastShapes(shapes));
  }
  if (sameShapeOps().contains(name))
    return SmallVector<Shape>(op->getNumResults(), Shape(in(0)));
  if (name == "onnx.LayerNormalization") {
    Shape x(in(0));
    std::optional<int64_t> axis =
        onnx::normalizeAxis(intAttr("axis", -1), x.size());
    if (!axis)
      return std::nullopt;
    Shape stat(x);
    std::fill(stat.begin() + *axis, stat.end(), 1);
    SmallVector<Shape> out(op->getNumResults(), stat);
    out[0] = x;
    return out;
  }
  if (name == "onnx.MatMul") {
    ArrayRef<int64_t> a = in(0), c = in(1);
    if (a.size() < 2 || c.size() < 2)
      return std::nullopt;
    std::optional<Shape> s =
        onnx::broadcastShapes({a.drop_back(2), c.drop_back(2)});
    if (s) {
      s->push_back(a[a.size() - 2]);
      s->push_back(c.back());
    }
    return one(s);
  }
  if (name.starts_with("onnx.Reduce")) {
    std::optional<Shape> axes;
    if (auto attr = op->getAttrOfType<DenseI64ArrayAttr>("axes"))
      axes = Shape(attr.asArrayRef());
    else
      axes =
          op->getNumOperands() > 1 ? optionalInts(op->getOperand(1)) : Shape();
    if (!axes)
      return std::nullopt;
    return one(reduced(in(0), *axes, intAttr("keepdims", 1) != 0,
                       intAttr("noop_with_empty_axes", 0) != 0));
  }
  if (name == "onnx.Transpose") {
    auto perm = op->getAttrOfType<DenseI64ArrayAttr>("perm");
    ArrayRef<int64_t> x = in(0);
    Shape s;
    for (size_t i = 0; i < x.size(); ++i)
      s.push_back(perm ? x[perm[i]] : x[x.size() - 1 - i]);
    return one(s);
  }
  if (name == "onnx.Gather") {
    ArrayRef<int64_t> x = in(0), idx = in(1);
    std::optional<int64_t> axis =
        onnx::normalizeAxis(intAttr("axis", 0), x.size());
    if (!axis)
      return std::nullopt;
    Shape s(x.begin(), x.begin() + *axis);
    s.append(idx.begin(), idx.end());
    s.append(x.begin() + *axis + 1, x.end());
    return one(s);
  }
  if (name == "onnx.Slice") {
    ArrayRef<int64_t> x = in(0);
    std::optional<Shape> starts = onnx::getConstantInts(op->getOperand(1)),
                         ends = onnx::getConstantInts(op->getOperand(2)),
                         axes = optionalInts(op->getOperand(3)),
                         steps = optionalInts(op->getOperand(4));
    if (!starts || !ends || !axes || !steps)
      return std::nullopt;
    Shape s(x);
    for (size_t i = 0; i < starts->size(); ++i) {
      std::optional<int64_t> ax =
          onnx::normalizeAxis(axes->empty() ? i : (*axes)[i], x.size());
      if (!ax || (!steps->empty() && (*steps)[i] != 1))
        return std::nullopt;
      int64_t dim = x[*ax], b = (*starts)[i], e = (*ends)[i];
      b = std::clamp<int64_t>(b < 0 ? b + dim : b, 0, dim);
      e = std::clamp<int64_t>(e < 0 ? e + dim : e, 0, dim);
      s[*ax] = std::max<int64_t>(0, e - b);
    }
    return one(s);
  }
  if (name == "onnx.Squeeze" || name == "onnx.Unsqueeze") {
    std::optional<Shape> axes = onnx::getConstantInts(op->getOperand(1));
    ArrayRef<int64_t> x = in(0);
    if (!axes)
      return std::nullopt;
    const bool squeeze = name == "onnx.Squeeze";
    const int64_t rank = squeeze ? x.size() : x.size() + axes->size();
    SmallVector<bool> marked(rank, false);
    for (int64_t a : *axes) {
      std::optional<int64_t> axis = onnx::normalizeAxis(a, rank);
      if (!axis)
        return std::nullopt;
      marked[*axis] = true;
    }
    Shape s;
    for (int64_t i = 0, k = 0; i < rank; ++i) {
      if (squeeze && !marked[i])
        s.push_back(x[i]);
      else if (!squeeze)
        s.push_back(marked[i] ? 1 : x[k++]);
    }
    return one(s);
  }
  if (name == "onnx.Reshape") {
    std::optional<Shape> target = onnx::getConstantInts(op->getOperand(1));
    ArrayRef<int64_t> x = in(0);
    if (!target)
      return std::nullopt;
    const int64_t numel = product(x);
    Shape s;
    int64_t known = 1, inferAt = -1;
    for (auto [i, d] : llvm::enumerate(*target)) {
      if (d == 0 && i < x.size())
        d = x[i];
      if (d == -1) {
        inferAt = i;
        s.push_back(1);
        continue;
      }
      known *= d;
      s.push_back(d);
    }
    if (inferAt >= 0 && known > 0)
      s[inferAt] = numel / known;
    if (product(s) != numel)
      return std::nullopt;
    return one(s);
  }
  if (name == "onnx.Concat") {
    Shape s(in(0));
    std::optional<int64_t> axis =
        onnx::normalizeAxis(intAttr("axis", 0), s.size());
    if (!axis)
      return std::nullopt;
    s[*axis] = 0;
    for (Value v : op->getOperands())
      s[*axis] += shapeOf(v)[*axis];
    return one(s);
  }
  if (auto attn = llvm::dyn_cast<AttentionOp>(op)) {
    ArrayRef<int64_t> x = shapeOf(attn.getX());
    return SmallVector<Shape>{{x[0], x[1], x[2]},
                              {x[0], attn.getNumHeads(), x[1], x[1]}};
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
