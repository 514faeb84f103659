//===- FlopRules.cpp - the one definition of Kiln's FLOP counting ---------===//
//
// The rules of docs/targets/host.md ("Floating-point operation counting").
// Each rule states what the host kernel executes for the op; the executor
// reports exactly this count for every op hasStaticFlopRule accepts.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/FlopRules.h"

#include <algorithm>
#include <array>

namespace kiln::rt {

uint64_t FlopOperand::numel() const {
  uint64_t n = 1;
  for (int64_t d : shape)
    n *= static_cast<uint64_t>(d < 0 ? 0 : d);
  return n;
}

namespace {

class NoAttrs final : public FlopAttrs {
public:
  std::optional<int64_t> getInt(std::string_view) const override {
    return std::nullopt;
  }
  std::optional<double> getFloat(std::string_view) const override {
    return std::nullopt;
  }
  std::optional<std::vector<int64_t>>
  getInts(std::string_view) const override {
    return std::nullopt;
  }
};

template <size_t N>
bool inList(std::string_view op, const std::array<std::string_view, N> &list) {
  return std::find(list.begin(), list.end(), op) != list.end();
}

// 1 FLOP per element for float types.
constexpr std::array<std::string_view, 37> kUnary = {
    "Sigmoid", "Tanh",     "Exp",        "Log",         "Sqrt",
    "Reciprocal", "Floor", "Ceil",       "Round",       "Sin",
    "Cos",     "Tan",      "Asin",       "Acos",        "Atan",
    "Sinh",    "Cosh",     "Softplus",   "Softsign",    "HardSwish",
    "Relu",    "Erf",      "Sign",       "Abs",         "Neg",
    "LeakyRelu", "Elu",    "Celu",       "ThresholdedRelu", "Selu",
    "HardSigmoid", "Clip", "Asinh",      "Acosh",       "Atanh",
    "Gelu",    "Mish"};
// 1 FLOP per output element for float types.
constexpr std::array<std::string_view, 7> kBinary = {
    "Add", "Sub", "Mul", "Div", "Pow", "Mod", "PRelu"};
// n-1 per output element over n inputs (Mean: n).
constexpr std::array<std::string_view, 4> kVariadic = {"Sum", "Max", "Min",
                                                       "Mean"};
// 1 per input element (+1 per output element when `finishes`).
constexpr std::array<std::string_view, 6> kReducePlain = {
    "ReduceSum", "ReduceSumSquare", "ReduceL1",
    "ReduceProd", "ReduceMax",      "ReduceMin"};
constexpr std::array<std::string_view, 4> kReduceFinishing = {
    "ReduceMean", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp"};
constexpr std::array<std::string_view, 4> kScan = {"ArgMax", "ArgMin", "TopK",
                                                   "CumSum"};
// No floating-point arithmetic: data movement, indexing, comparisons, logic,
// casts, integer-only ops, and the compiler's constants.
constexpr std::array<std::string_view, 49> kZero = {
    "Identity",  "Not",        "IsNaN",     "IsInf",          "And",
    "Or",        "Xor",        "Equal",     "Less",           "LessOrEqual",
    "Greater",   "GreaterOrEqual", "Where", "Cast",           "CastLike",
    "MatMulInteger", "Reshape", "Flatten",  "Squeeze",        "Unsqueeze",
    "Transpose", "Concat",     "Split",     "Slice",          "Gather",
    "GatherElements", "GatherND", "ScatterND", "ScatterElements", "Expand",
    "Tile",      "Pad",        "Shape",     "Size",           "ConstantOfShape",
    "Range",     "OneHot",     "Trilu",     "DepthToSpace",   "SpaceToDepth",
    "Constant",  "NoValue",    "Compress",  "NonZero",        "ReverseSequence",
    "BitShift",  "Det",        "EyeLike",   "SequenceEmpty"};
// Ops with a kernel-specific rule below.
constexpr std::array<std::string_view, 16> kSpecial = {
    "MatMul", "Gemm", "Conv", "ConvTranspose", "MaxPool", "AveragePool",
    "GlobalAveragePool", "GlobalMaxPool", "BatchNormalization",
    "InstanceNormalization", "LayerNormalization", "Softmax", "LogSoftmax",
    "QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear"};

FlopResult counted(uint64_t flops, uint64_t macs = 0) {
  FlopResult r;
  r.kind = FlopRuleKind::Counted;
  r.cost.flops = flops;
  r.cost.macs = macs;
  return r;
}

FlopResult noRule(std::string note) {
  FlopResult r;
  r.kind = FlopRuleKind::NoRule;
  r.note = std::move(note);
  return r;
}

uint64_t product(const std::vector<int64_t> &dims, size_t from = 0) {
  uint64_t n = 1;
  for (size_t i = from; i < dims.size(); ++i)
    n *= static_cast<uint64_t>(dims[i] < 0 ? 0 : dims[i]);
  return n;
}

const FlopOperand *input(const std::vector<FlopOperand> &v, size_t i) {
  return i < v.size() && v[i].present ? &v[i] : nullptr;
}

FlopResult matMul(const std::vector<FlopOperand> &ins) {
  const FlopOperand *a = input(ins, 0), *b = input(ins, 1);
  if (!a || !b || a->shape.empty() || b->shape.empty())
    return noRule("MatMul needs two operands of rank >= 1");
  if (!a->isFloat)
    return counted(0);
  std::vector<int64_t> as = a->shape, bs = b->shape;
  if (as.size() == 1)
    as.insert(as.begin(), 1);
  if (bs.size() == 1)
    bs.push_back(1);
  const uint64_t m = static_cast<uint64_t>(as[as.size() - 2]);
  const uint64_t k = static_cast<uint64_t>(as.back());
  const uint64_t n = static_cast<uint64_t>(bs.back());
  // Broadcast the batch dimensions.
  size_t ra = as.size() - 2, rb = bs.size() - 2, r = std::max(ra, rb);
  uint64_t batches = 1;
  for (size_t i = 0; i < r; ++i) {
    int64_t da = i < r - ra ? 1 : as[i - (r - ra)];
    int64_t db = i < r - rb ? 1 : bs[i - (r - rb)];
    batches *= static_cast<uint64_t>(da == 1 ? db : da);
  }
  const uint64_t macs = batches * m * n * k;
  return counted(2 * macs, macs);
}

FlopResult gemm(const std::vector<FlopOperand> &ins, const FlopAttrs &attrs) {
  const FlopOperand *a = input(ins, 0), *b = input(ins, 1), *c = input(ins, 2);
  if (!a || !b || a->shape.size() != 2 || b->shape.size() != 2)
    return noRule("Gemm needs matrices A and B");
  if (!a->isFloat)
    return counted(0);
  const float alpha = static_cast<float>(attrs.getFloat("alpha").value_or(1.0));
  const float beta = static_cast<float>(attrs.getFloat("beta").value_or(1.0));
  const bool transA = attrs.getInt("transA").value_or(0) != 0;
  const bool transB = attrs.getInt("transB").value_or(0) != 0;
  const uint64_t m = static_cast<uint64_t>(transA ? a->shape[1] : a->shape[0]);
  const uint64_t k = static_cast<uint64_t>(transA ? a->shape[0] : a->shape[1]);
  const uint64_t n = static_cast<uint64_t>(transB ? b->shape[0] : b->shape[1]);
  const bool useC = c != nullptr;
  const uint64_t mn = m * n;
  const uint64_t macs = mn * k;
  return counted(2 * macs + (useC ? mn : 0) + (alpha != 1.0f ? mn : 0) +
                     (useC && beta != 1.0f ? mn : 0),
                 macs);
}

FlopResult conv(const std::vector<FlopOperand> &ins,
                const std::vector<FlopOperand> &outs) {
  const FlopOperand *w = input(ins, 1);
  if (!input(ins, 0) || !w || w->shape.size() < 3 || outs.empty())
    return noRule("Conv needs X, a weight of rank >= 3 and an output");
  const uint64_t outputs = outs[0].numel();
  // W is [M, C/group, k1, ..., kn].
  const uint64_t macs = outputs * product(w->shape, 1);
  return counted(2 * macs + (input(ins, 2) ? outputs : 0), macs);
}

FlopResult convTranspose(const std::vector<FlopOperand> &ins,
                         const std::vector<FlopOperand> &outs) {
  const FlopOperand *x = input(ins, 0), *w = input(ins, 1);
  if (!x || !w || w->shape.size() < 3 || x->shape.size() != w->shape.size() ||
      outs.empty())
    return noRule("ConvTranspose needs X and a weight of the same rank >= 3");
  // X is [N, C, in...], W is [C, M/group, k...]: every input element meets
  // every kernel tap of its group's M/group output channels.
  const uint64_t macs = x->numel() * product(w->shape, 1);
  return counted(2 * macs + (input(ins, 2) ? outs[0].numel() : 0), macs);
}

FlopResult pool(std::string_view op, const std::vector<FlopOperand> &ins,
                const std::vector<FlopOperand> &outs, const FlopAttrs &attrs) {
  const FlopOperand *x = input(ins, 0);
  if (!x || outs.empty())
    return noRule(std::string(op) + " needs an input and an output");
  std::optional<std::vector<int64_t>> kernel = attrs.getInts("kernel_shape");
  if (!kernel)
    return noRule(std::string(op) + " without kernel_shape");
  if (op == "MaxPool" && !x->isFloat)
    return counted(0);
  return counted(outs[0].numel() * product(*kernel));
}

} // namespace

const FlopAttrs &noFlopAttrs() {
  static const NoAttrs none;
  return none;
}

bool hasStaticFlopRule(std::string_view op) {
  return inList(op, kUnary) || inList(op, kBinary) || inList(op, kVariadic) ||
         inList(op, kReducePlain) || inList(op, kReduceFinishing) ||
         inList(op, kScan) || inList(op, kZero) ||
         inList(op, kSpecial);
}

FlopResult countOpFlops(std::string_view op,
                        const std::vector<FlopOperand> &inputs,
                        const std::vector<FlopOperand> &outputs,
                        const FlopAttrs &attrs) {
  if (!hasStaticFlopRule(op))
    return noRule("no FLOP rule for " + std::string(op));
  if (inList(op, kZero))
    return counted(0);
  const FlopOperand *x = input(inputs, 0);
  const FlopOperand *y = outputs.empty() ? nullptr : &outputs[0];
  if (inList(op, kUnary)) {
    if (!x)
      return noRule(std::string(op) + " needs an input");
    return counted(x->isFloat ? x->numel() : 0);
  }
  if (inList(op, kBinary)) {
    if (!x || !y)
      return noRule(std::string(op) + " needs an input and an output");
    return counted(x->isFloat ? y->numel() : 0);
  }
  if (inList(op, kVariadic)) {
    if (!y)
      return noRule(std::string(op) + " needs an output");
    uint64_t n = 0;
    for (const FlopOperand &in : inputs)
      n += in.present ? 1 : 0;
    if (n == 0 || !y->isFloat)
      return counted(0);
    uint64_t perElement = n - 1 + (op == "Mean" && n > 1 ? 1 : 0);
    return counted(perElement * y->numel());
  }
  if (inList(op, kReducePlain) || inList(op, kReduceFinishing)) {
    if (!x || !y)
      return noRule(std::string(op) + " needs an input and an output");
    if (!x->isFloat)
      return counted(0);
    // noop_with_empty_axes with no axes (attribute absent or empty, axes
    // input absent or empty) copies the input.
    const FlopOperand *axesIn = input(inputs, 1);
    std::optional<std::vector<int64_t>> axesAttr = attrs.getInts("axes");
    const bool noAxes = axesIn ? axesIn->numel() == 0
                               : (!axesAttr || axesAttr->empty());
    if (noAxes && attrs.getInt("noop_with_empty_axes").value_or(0) != 0)
      return counted(0);
    return counted(x->numel() +
                   (inList(op, kReduceFinishing) ? y->numel() : 0));
  }
  if (inList(op, kScan)) {
    if (!x)
      return noRule(std::string(op) + " needs an input");
    return counted(x->isFloat ? x->numel() : 0);
  }
  if (op == "MatMul")
    return matMul(inputs);
  if (op == "Gemm")
    return gemm(inputs, attrs);
  if (op == "Conv")
    return conv(inputs, outputs);
  if (op == "ConvTranspose")
    return convTranspose(inputs, outputs);
  if (op == "MaxPool" || op == "AveragePool")
    return pool(op, inputs, outputs, attrs);
  if (!x)
    return noRule(std::string(op) + " needs an input");
  const uint64_t n = x->numel();
  if (op == "GlobalAveragePool" || op == "GlobalMaxPool")
    return counted(n);
  if (op == "BatchNormalization")
    return counted(n * (attrs.getInt("training_mode").value_or(0) != 0 ? 6 : 2));
  if (op == "InstanceNormalization" || op == "LayerNormalization")
    return counted(8 * n);
  if (op == "Softmax" || op == "LogSoftmax")
    return counted(4 * n);
  if (op == "QuantizeLinear")
    return counted(x->isFloat ? 2 * n : 0);
  if (op == "DequantizeLinear")
    return counted(2 * n);
  if (op == "DynamicQuantizeLinear")
    return counted(4 * n);
  return noRule("no FLOP rule for " + std::string(op));
}

} // namespace kiln::rt
