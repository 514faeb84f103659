//===- OnnxVerifiers.cpp - onnx op verifiers
//-------------------------------===//
//
// Every verifier checks what ONNX shape inference would: ranks, element types,
// attribute ranges and the exact result shapes. When a shape depends on the
// value of an operand (Reshape's shape, Slice's starts), the check is exact
// if that operand is a constant and a consistency check otherwise.
//
//===----------------------------------------------------------------------===//

#include "dialects/onnx/IR/OnnxOps.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringSet.h"

#include <cctype>
#include <numeric>

using namespace mlir;

namespace kiln::onnx {
namespace {

using ::kiln::shapeOf;
int64_t rankOf(Value v) { return shapeOf(v).size(); }
Type elemOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType()).getElementType();
}
int64_t numElements(ArrayRef<int64_t> shape) {
  return std::accumulate(shape.begin(), shape.end(), int64_t{1},
                         std::multiplies<int64_t>());
}

/// Emits "result 'name' has shape A, expected B (why)" on mismatch.
LogicalResult checkShape(Operation *op, Value value, StringRef name,
                         ArrayRef<int64_t> expected, StringRef why) {
  if (shapeOf(value) == expected)
    return success();
  return op->emitOpError() << "'" << name << "' has shape "
                           << formatShape(shapeOf(value)) << ", expected "
                           << formatShape(expected) << " (" << why << ")";
}

LogicalResult checkResultShape(Operation *op, ArrayRef<int64_t> expected,
                               StringRef why, unsigned index = 0) {
  return checkShape(op, op->getResult(index), ("result #" + Twine(index)).str(),
                    expected, why);
}

LogicalResult checkSameElem(Operation *op, Value a, StringRef aName, Value b,
                            StringRef bName) {
  if (elemOf(a) == elemOf(b))
    return success();
  return op->emitOpError() << "'" << aName << "' and '" << bName
                           << "' must have the same element type, got "
                           << elemOf(a) << " and " << elemOf(b);
}

int64_t intAttr(Operation *op, StringRef name, int64_t defaultValue) {
  if (auto attr = llvm::dyn_cast_or_null<IntegerAttr>(op->getAttr(name)))
    return attr.getValue().getSExtValue();
  return defaultValue;
}

/// The axis attribute normalized against `rank`, or an error naming the range.
FailureOr<int64_t> checkAxis(Operation *op, int64_t axis, int64_t rank,
                             StringRef name = "axis") {
  if (std::optional<int64_t> a = normalizeAxis(axis, rank))
    return *a;
  return op->emitOpError() << name << " " << axis << " is out of range [-"
                           << rank << ", " << rank - 1 << "] for rank " << rank;
}

LogicalResult verifyBroadcastResult(Operation *op, ValueRange inputs,
                                    Value result) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value v : inputs)
    shapes.push_back(shapeOf(v));
  std::optional<SmallVector<int64_t>> shape = broadcastShapes(shapes);
  if (!shape) {
    InFlightDiagnostic diag = op->emitOpError()
                              << "operands are not broadcast-compatible: ";
    llvm::interleave(
        shapes, [&](ArrayRef<int64_t> s) { diag << formatShape(s); },
        [&] { diag << " vs "; });
    return diag;
  }
  return checkShape(op, result, "result", *shape, "broadcast of the operands");
}

/// Output length of one spatial dimension of a convolution or pooling window.
int64_t windowOutput(int64_t in, int64_t kernel, int64_t stride,
                     int64_t dilation, int64_t padBegin, int64_t padEnd,
                     StringRef autoPad, bool ceilMode) {
  int64_t effectiveKernel = (kernel - 1) * dilation + 1;
  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
    return (in + stride - 1) / stride;
  if (autoPad == "VALID")
    return (in - effectiveKernel + stride) / stride;
  int64_t span = in + padBegin + padEnd - effectiveKernel;
  if (span < 0)
    return 0;
  if (ceilMode)
    return (span + stride - 1) / stride + 1;
  return span / stride + 1;
}

/// Checks strides/dilations/pads/kernel_shape of a windowed op with
/// `spatial` spatial dimensions and returns the expected spatial output.
FailureOr<SmallVector<int64_t>>
verifyWindow(Operation *op, ArrayRef<int64_t> inSpatial,
             ArrayRef<int64_t> kernel, std::optional<ArrayRef<int64_t>> strides,
             std::optional<ArrayRef<int64_t>> dilations,
             std::optional<ArrayRef<int64_t>> pads, StringRef autoPad,
             bool ceilMode) {
  size_t n = inSpatial.size();
  auto checkLen = [&](std::optional<ArrayRef<int64_t>> a, StringRef name,
                      size_t len) -> LogicalResult {
    if (a && a->size() != len)
      return op->emitOpError()
             << name << " has " << a->size() << " values, expected " << len;
    if (a && llvm::any_of(
                 *a, [&](int64_t v) { return name == "pads" ? v < 0 : v < 1; }))
      return op->emitOpError()
             << name << " values must be "
             << (name == "pads" ? "non-negative" : "positive");
    return success();
  };
  if (kernel.size() != n)
    return op->emitOpError()
           << "kernel_shape has " << kernel.size() << " values, expected " << n
           << " (one per spatial dimension)";
  if (llvm::any_of(kernel, [](int64_t k) { return k < 1; }))
    return op->emitOpError("kernel_shape values must be positive");
  if (failed(checkLen(strides, "strides", n)) ||
      failed(checkLen(dilations, "dilations", n)) ||
      failed(checkLen(pads, "pads", 2 * n)))
    return failure();
  static const llvm::StringSet<> autoPads = {"NOTSET", "SAME_UPPER",
                                             "SAME_LOWER", "VALID"};
  if (!autoPads.contains(autoPad))
    return op->emitOpError() << "auto_pad '" << autoPad
                             << "' is not NOTSET, SAME_UPPER, SAME_LOWER "
                                "or VALID";
  SmallVector<int64_t> out;
  for (size_t i = 0; i < n; ++i) {
    int64_t s = strides ? (*strides)[i] : 1;
    int64_t d = dilations ? (*dilations)[i] : 1;
    int64_t pb = pads ? (*pads)[i] : 0, pe = pads ? (*pads)[i + n] : 0;
    int64_t o =
        windowOutput(inSpatial[i], kernel[i], s, d, pb, pe, autoPad, ceilMode);
    if (o < 1)
      return op->emitOpError()
             << "window of size " << kernel[i] << " (dilation " << d
             << ") does not fit spatial dimension " << i << " of size "
             << inSpatial[i] << " with padding " << pb << "+" << pe;
    out.push_back(o);
  }
  return out;
}

} // namespace

//===----------------------------------------------------------------------===//
// Shared family verifiers.
//===----------------------------------------------------------------------===//

LogicalResult verifySameShapeOperandsAndResults(Operation *op) {
  for (Value result : op->getResults())
    if (failed(checkShape(op, result, "result", shapeOf(op->getOperand(0)),
                          "elementwise")))
      return failure();
  return success();
}

LogicalResult verifyBroadcastSameElementType(Operation *op) {
  if (op->getNumOperands() == 0)
    return op->emitOpError("needs at least one input");
  for (Value v : op->getOperands())
    if (failed(checkSameElem(op, op->getOperand(0), "first input", v,
                             "other input")))
      return failure();
  if (elemOf(op->getResult(0)) != elemOf(op->getOperand(0)))
    return op->emitOpError()
           << "result element type " << elemOf(op->getResult(0))
           << " differs from the inputs' " << elemOf(op->getOperand(0));
  return verifyBroadcastResult(op, op->getOperands(), op->getResult(0));
}

LogicalResult verifyBroadcastCompare(Operation *op) {
  if (failed(checkSameElem(op, op->getOperand(0), "A", op->getOperand(1), "B")))
    return failure();
  return verifyBroadcastResult(op, op->getOperands(), op->getResult(0));
}

LogicalResult verifyMod(Operation *op) {
  if (llvm::isa<FloatType>(elemOf(op->getOperand(0))) &&
      intAttr(op, "fmod", 0) == 0)
    return op->emitOpError("floating-point operands need fmod = 1 (ONNX "
                           "defines integer-style Mod only for integers)");
  if (intAttr(op, "fmod", 0) > 1)
    return op->emitOpError("fmod must be 0 or 1");
  return verifyBroadcastSameElementType(op);
}

LogicalResult verifyPow(Operation *op) {
  if (elemOf(op->getResult(0)) != elemOf(op->getOperand(0)))
    return op->emitOpError("result must have the element type of X");
  return verifyBroadcastResult(op, op->getOperands(), op->getResult(0));
}

LogicalResult verifyPRelu(Operation *op) {
  Value x = op->getOperand(0), slope = op->getOperand(1);
  if (failed(checkSameElem(op, x, "X", slope, "slope")))
    return failure();
  auto shape = broadcastShapes({shapeOf(x), shapeOf(slope)});
  if (!shape || *shape != shapeOf(x))
    return op->emitOpError()
           << "slope of shape " << formatShape(shapeOf(slope))
           << " does not broadcast to X of shape " << formatShape(shapeOf(x));
  return checkResultShape(op, shapeOf(x), "shape of X");
}

LogicalResult verifyWhere(Operation *op) {
  Value x = op->getOperand(1), y = op->getOperand(2);
  if (failed(checkSameElem(op, x, "X", y, "Y")) ||
      failed(checkSameElem(op, x, "X", op->getResult(0), "output")))
    return failure();
  return verifyBroadcastResult(op, op->getOperands(), op->getResult(0));
}

LogicalResult verifyClip(Operation *op) {
  Value input = op->getOperand(0);
  static const StringRef boundNames[] = {"min", "max"};
  for (auto [i, name] : llvm::enumerate(boundNames)) {
    Value bound = op->getOperand(i + 1);
    if (isNone(bound))
      continue;
    if (rankOf(bound) != 0)
      return op->emitOpError()
             << "'" << name << "' must be a scalar, got shape "
             << formatShape(shapeOf(bound));
    if (failed(checkSameElem(op, input, "input", bound, name)))
      return failure();
  }
  if (failed(checkSameElem(op, input, "input", op->getResult(0), "output")))
    return failure();
  return checkResultShape(op, shapeOf(input), "shape of input");
}

LogicalResult verifyMatMul(Operation *op) {
  Value a = op->getOperand(0), b = op->getOperand(1);
  ArrayRef<int64_t> sa = shapeOf(a), sb = shapeOf(b);
  if (sa.empty() || sb.empty())
    return op->emitOpError("operands must have rank >= 1 (numpy.matmul)");
  bool isInteger = op->getName().getStringRef() == "onnx.MatMulInteger";
  static const StringRef zeroPointNames[] = {"a_zero_point", "b_zero_point"};
  if (!isInteger) {
    if (failed(checkSameElem(op, a, "A", b, "B")) ||
        failed(checkSameElem(op, a, "A", op->getResult(0), "Y")))
      return failure();
  } else {
    for (auto [i, name] :
         llvm::enumerate(ArrayRef<StringRef>(zeroPointNames))) {
      Value zp = op->getOperand(2 + i);
      if (isNone(zp))
        continue;
      if (failed(checkSameElem(op, op->getOperand(i), i ? "B" : "A", zp, name)))
        return failure();
      if (rankOf(zp) > 1)
        return op->emitOpError() << "'" << name
                                 << "' must be a scalar or 1-D (per row of A "
                                    "or per column of B)";
      ArrayRef<int64_t> operand = shapeOf(op->getOperand(i));
      int64_t perAxis = i == 0 ? (operand.size() >= 2 ? operand.end()[-2] : 1)
                               : operand.back();
      if (rankOf(zp) == 1 && shapeOf(zp)[0] != 1 && shapeOf(zp)[0] != perAxis)
        return op->emitOpError()
               << "'" << name << "' has " << shapeOf(zp)[0]
               << " values, expected 1 or " << perAxis
               << (i == 0 ? " (rows of A)" : " (columns of B)");
    }
  }
  int64_t k1 = sa.back();
  int64_t k2 = sb.size() == 1 ? sb[0] : sb[sb.size() - 2];
  if (k1 != k2)
    return op->emitOpError() << "inner dimensions do not match: A is "
                             << formatShape(sa) << " (K=" << k1 << "), B is "
                             << formatShape(sb) << " (K=" << k2 << ")";
  ArrayRef<int64_t> batchA = sa.drop_back(std::min<size_t>(sa.size(), 2));
  ArrayRef<int64_t> batchB = sb.drop_back(std::min<size_t>(sb.size(), 2));
  std::optional<SmallVector<int64_t>> batch = broadcastShapes({batchA, batchB});
  if (!batch)
    return op->emitOpError()
           << "batch dimensions of A (" << formatShape(sa) << ") and B ("
           << formatShape(sb) << ") are not broadcast-compatible";
  SmallVector<int64_t> out = *batch;
  if (sa.size() >= 2)
    out.push_back(sa[sa.size() - 2]);
  if (sb.size() >= 2)
    out.push_back(sb.back());
  return checkResultShape(op, out, "matmul of A and B");
}

LogicalResult verifyGlobalPool(Operation *op) {
  ArrayRef<int64_t> in = shapeOf(op->getOperand(0));
  if (in.size() < 3)
    return op->emitOpError()
           << "X must be N x C x D1 ... (rank >= 3), got " << formatShape(in);
  SmallVector<int64_t> out(in.begin(), in.begin() + 2);
  out.append(in.size() - 2, 1);
  return checkResultShape(op, out, "spatial dimensions reduced to 1");
}

LogicalResult verifyAxisOp(Operation *op) {
  int64_t rank = rankOf(op->getOperand(0));
  return checkAxis(op, intAttr(op, "axis", -1), std::max<int64_t>(rank, 1));
}

LogicalResult verifyCastLike(Operation *op) {
  if (failed(checkSameElem(op, op->getOperand(1), "target_type",
                           op->getResult(0), "output")))
    return failure();
  return checkResultShape(op, shapeOf(op->getOperand(0)), "shape of input");
}

/// Expected shape after reducing `axes` (all when empty) of `in`.
static FailureOr<SmallVector<int64_t>>
reducedShape(Operation *op, ArrayRef<int64_t> in, ArrayRef<int64_t> axes,
             bool keepDims, bool noopWhenEmpty = false) {
  int64_t rank = in.size();
  llvm::SmallSet<int64_t, 8> reduce;
  for (int64_t axis : axes) {
    FailureOr<int64_t> a = checkAxis(op, axis, rank, "reduction axis");
    if (failed(a))
      return failure();
    if (!reduce.insert(*a).second)
      return op->emitOpError() << "reduction axis " << axis << " repeats";
  }
  SmallVector<int64_t> out;
  for (int64_t i = 0; i < rank; ++i) {
    bool reduced = axes.empty() ? !noopWhenEmpty : reduce.contains(i);
    if (!reduced)
      out.push_back(in[i]);
    else if (keepDims)
      out.push_back(1);
  }
  return out;
}

LogicalResult verifyReduceAttrAxes(Operation *op) {
  SmallVector<int64_t> axes;
  if (auto attr =
          llvm::dyn_cast_or_null<DenseI64ArrayAttr>(op->getAttr("axes")))
    axes.assign(attr.asArrayRef().begin(), attr.asArrayRef().end());
  if (failed(checkSameElem(op, op->getOperand(0), "data", op->getResult(0),
                           "reduced")))
    return failure();
  FailureOr<SmallVector<int64_t>> out = reducedShape(
      op, shapeOf(op->getOperand(0)), axes, intAttr(op, "keepdims", 1) != 0);
  if (failed(out))
    return failure();
  return checkResultShape(op, *out, "reduction");
}

LogicalResult verifyArgReduce(Operation *op) {
  ArrayRef<int64_t> in = shapeOf(op->getOperand(0));
  FailureOr<int64_t> axis =
      checkAxis(op, intAttr(op, "axis", 0), std::max<int64_t>(in.size(), 1));
  if (failed(axis))
    return failure();
  FailureOr<SmallVector<int64_t>> out =
      reducedShape(op, in, {*axis}, intAttr(op, "keepdims", 1) != 0);
  if (failed(out))
    return failure();
  return checkResultShape(op, *out, "reduction along axis");
}

LogicalResult verifyRecurrent(Operation *op) {
  StringRef name = op->getName().stripDialect();
  int64_t gates = name == "LSTM" ? 4 : name == "GRU" ? 3 : 1;
  auto direction = llvm::cast<StringAttr>(op->getAttr("direction")).getValue();
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return op->emitOpError() << "direction '" << direction
                             << "' is not forward, reverse or bidirectional";
  int64_t numDirections = direction == "bidirectional" ? 2 : 1;
  int64_t hidden = intAttr(op, "hidden_size", 0);
  if (hidden < 1)
    return op->emitOpError("hidden_size must be positive");
  int64_t layout = intAttr(op, "layout", 0);
  if (layout != 0 && layout != 1)
    return op->emitOpError() << "layout must be 0 (sequence first) or 1 "
                                "(batch first), got "
                             << layout;
  bool batchFirst = layout == 1;
  if (auto acts =
          llvm::dyn_cast_or_null<ArrayAttr>(op->getAttr("activations"))) {
    // One activation per gate function: f, g, h for LSTM; f, g for GRU; f for
    // RNN.
    int64_t perDirection = gates == 4 ? 3 : gates == 3 ? 2 : 1;
    if (static_cast<int64_t>(acts.size()) != perDirection * numDirections)
      return op->emitOpError()
             << "activations has " << acts.size() << " names, expected "
             << perDirection * numDirections << " (" << perDirection
             << " per direction)";
    static const llvm::StringSet<> known = {
        "Relu",       "Tanh",        "Sigmoid",
        "Affine",     "LeakyRelu",   "ThresholdedRelu",
        "ScaledTanh", "HardSigmoid", "Elu",
        "Softsign",   "Softplus"};
    for (Attribute a : acts) {
      StringRef name = llvm::cast<StringAttr>(a).getValue();
      if (!known.contains(name))
        return op->emitOpError() << "unknown activation '" << name << "'";
    }
  }
  Value x = op->getOperand(0), w = op->getOperand(1), r = op->getOperand(2);
  if (rankOf(x) != 3)
    return op->emitOpError()
           << "X must have rank 3, got " << formatShape(shapeOf(x));
  int64_t seq = shapeOf(x)[batchFirst ? 1 : 0];
  int64_t batch = shapeOf(x)[batchFirst ? 0 : 1];
  int64_t input = shapeOf(x)[2];
  if (failed(checkShape(op, w, "W", {numDirections, gates * hidden, input},
                        "num_directions x gates*hidden_size x input_size")) ||
      failed(checkShape(op, r, "R", {numDirections, gates * hidden, hidden},
                        "num_directions x gates*hidden_size x hidden_size")))
    return failure();
  Value b = op->getOperand(3);
  if (!isNone(b) &&
      failed(checkShape(op, b, "B", {numDirections, 2 * gates * hidden},
                        "num_directions x 2*gates*hidden_size")))
    return failure();
  Value seqLens = op->getOperand(4);
  if (!isNone(seqLens) &&
      failed(checkShape(op, seqLens, "sequence_lens", {batch}, "batch_size")))
    return failure();
  SmallVector<int64_t> state =
      batchFirst ? SmallVector<int64_t>{batch, numDirections, hidden}
                 : SmallVector<int64_t>{numDirections, batch, hidden};
  for (unsigned i = 5; i < op->getNumOperands(); ++i) {
    Value v = op->getOperand(i);
    if (isNone(v))
      continue;
    if (gates == 4 && i == 7) { // LSTM peepholes
      if (failed(checkShape(op, v, "P", {numDirections, 3 * hidden},
                            "num_directions x 3*hidden_size")))
        return failure();
      continue;
    }
    if (failed(checkShape(op, v, "initial state", state,
                          "num_directions x batch_size x hidden_size")))
      return failure();
  }
  for (Value v : op->getOperands().drop_front(1))
    if (!isNone(v) && v != seqLens &&
        failed(checkSameElem(op, x, "X", v, "weights and states")))
      return failure();
  SmallVector<int64_t> yShape =
      batchFirst ? SmallVector<int64_t>{batch, seq, numDirections, hidden}
                 : SmallVector<int64_t>{seq, numDirections, batch, hidden};
  for (auto [i, result] : llvm::enumerate(op->getResults())) {
    if (isNone(result))
      continue;
    if (failed(checkSameElem(op, x, "X", result, "outputs")) ||
        failed(checkShape(op, result, i == 0 ? "Y" : "final state",
                          i == 0 ? ArrayRef<int64_t>(yShape) : state,
                          i == 0 ? "seq x num_directions x batch x hidden"
                                 : "num_directions x batch x hidden")))
      return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Per-op verifiers.
//===----------------------------------------------------------------------===//

LogicalResult GemmOp::verify() {
  ArrayRef<int64_t> a = shapeOf(getA()), b = shapeOf(getB());
  if (a.size() != 2 || b.size() != 2)
    return emitOpError() << "A and B must be matrices, got " << formatShape(a)
                         << " and " << formatShape(b);
  if (failed(checkSameElem(*this, getA(), "A", getB(), "B")) ||
      failed(checkSameElem(*this, getA(), "A", getY(), "Y")))
    return failure();
  bool ta = getTransA() != 0, tb = getTransB() != 0;
  int64_t m = ta ? a[1] : a[0], ka = ta ? a[0] : a[1];
  int64_t kb = tb ? b[1] : b[0], n = tb ? b[0] : b[1];
  if (ka != kb)
    return emitOpError() << "inner dimensions do not match: op(A) is " << m
                         << "x" << ka << ", op(B) is " << kb << "x" << n;
  if (!isNone(getC())) {
    if (failed(checkSameElem(*this, getA(), "A", getC(), "C")))
      return failure();
    auto bc = broadcastShapes({shapeOf(getC()), {m, n}});
    if (!bc || *bc != ArrayRef<int64_t>{m, n})
      return emitOpError() << "C of shape " << formatShape(shapeOf(getC()))
                           << " does not broadcast to " << m << "x" << n;
  }
  return checkResultShape(*this, {m, n}, "M x N");
}

std::optional<SmallVector<int64_t>>
inferEinsumShape(StringRef equation, ArrayRef<ArrayRef<int64_t>> inputs,
                 std::string &error) {
  llvm::raw_string_ostream err(error);
  std::string compact;
  for (char c : equation)
    if (c != ' ')
      compact.push_back(c);
  StringRef spec(compact);
  auto [lhs, rhs] = spec.split("->");
  bool explicitOutput = spec.contains("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != inputs.size()) {
    err << "equation '" << equation << "' has " << terms.size()
        << " input terms but the op has " << inputs.size() << " inputs";
    return std::nullopt;
  }
  // Labels get their sizes from the inputs; size-1 broadcasts like numpy.
  llvm::DenseMap<char, int64_t> dims;
  llvm::DenseMap<char, int> counts;
  SmallVector<ArrayRef<int64_t>> ellipsisShapes;
  bool sawEllipsis = false;
  for (auto [term, shape] : llvm::zip(terms, inputs)) {
    size_t dots = term.find("...");
    StringRef before = term, after;
    if (dots != StringRef::npos) {
      sawEllipsis = true;
      before = term.take_front(dots);
      after = term.drop_front(dots + 3);
    }
    size_t labels = before.size() + after.size();
    if (labels > shape.size() ||
        (dots == StringRef::npos && labels != shape.size())) {
      err << "term '" << term << "' has " << labels
          << " labels but its input has rank " << shape.size();
      return std::nullopt;
    }
    size_t ellipsisRank = shape.size() - labels;
    ellipsisShapes.push_back(shape.slice(before.size(), ellipsisRank));
    auto bind = [&](StringRef part, ArrayRef<int64_t> partDims) -> bool {
      for (auto [c, dim] : llvm::zip(part, partDims)) {
        if (!std::isalpha(static_cast<unsigned char>(c))) {
          err << "invalid label '" << c << "' in equation";
          return false;
        }
        auto [it, inserted] = dims.try_emplace(c, dim);
        if (!inserted && it->second != dim) {
          if (it->second == 1) {
            it->second = dim;
          } else if (dim != 1) {
            err << "label '" << c << "' has sizes " << it->second << " and "
                << dim;
            return false;
          }
        }
        counts[c]++;
      }
      return true;
    };
    if (!bind(before, shape.take_front(before.size())) ||
        !bind(after, shape.take_back(after.size())))
      return std::nullopt;
  }
  std::optional<SmallVector<int64_t>> ellipsis =
      broadcastShapes(ellipsisShapes);
  if (!ellipsis) {
    err << "the dimensions covered by '...' do not broadcast";
    return std::nullopt;
  }
  SmallVector<int64_t> out;
  if (explicitOutput) {
    llvm::SmallSet<char, 16> outputLabels;
    for (char c : rhs)
      if (c != '.' && !outputLabels.insert(c).second) {
        err << "output label '" << c << "' repeats";
        return std::nullopt;
      }
    for (size_t i = 0; i < rhs.size(); ++i) {
      if (rhs.substr(i).starts_with("...")) {
        out.append(ellipsis->begin(), ellipsis->end());
        i += 2;
        continue;
      }
      auto it = dims.find(rhs[i]);
      if (it == dims.end()) {
        err << "output label '" << rhs[i] << "' does not appear in the inputs";
        return std::nullopt;
      }
      out.push_back(it->second);
    }
  } else {
    // Implicit mode: broadcast '...' dims, then labels seen once, sorted.
    if (sawEllipsis)
      out.append(ellipsis->begin(), ellipsis->end());
    for (char c = 'A'; c <= 'z'; ++c)
      if (counts.lookup(c) == 1)
        out.push_back(dims[c]);
  }
  return out;
}

LogicalResult EinsumOp::verify() {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value input : getInputs()) {
    if (failed(checkSameElem(*this, getInputs()[0], "first input", input,
                             "other input")))
      return failure();
    shapes.push_back(shapeOf(input));
  }
  std::string error;
  std::optional<SmallVector<int64_t>> out =
      inferEinsumShape(getEquation(), shapes, error);
  if (!out)
    return emitOpError() << error;
  return checkResultShape(*this, *out, "einsum output labels");
}

LogicalResult ConvOp::verify() {
  ArrayRef<int64_t> x = shapeOf(getX()), w = shapeOf(getW());
  if (x.size() < 3)
    return emitOpError() << "X must be N x C x D1 ... (rank >= 3), got "
                         << formatShape(x);
  if (w.size() != x.size())
    return emitOpError() << "W must have the rank of X (" << x.size()
                         << "), got " << formatShape(w);
  if (failed(checkSameElem(*this, getX(), "X", getW(), "W")))
    return failure();
  int64_t group = getGroup();
  if (group < 1)
    return emitOpError("group must be positive");
  if (x[1] != w[1] * group)
    return emitOpError() << "input channels " << x[1]
                         << " != W's channels per group " << w[1] << " x group "
                         << group;
  if (w[0] % group != 0)
    return emitOpError() << "output channels " << w[0]
                         << " are not divisible by group " << group;
  ArrayRef<int64_t> kernel = w.drop_front(2);
  if (auto ks = getKernelShape(); ks && *ks != kernel)
    return emitOpError() << "kernel_shape " << formatShape(*ks)
                         << " differs from W's spatial shape "
                         << formatShape(kernel);
  if (!isNone(getB()) &&
      (failed(checkSameElem(*this, getX(), "X", getB(), "B")) ||
       failed(checkShape(*this, getB(), "B", {w[0]},
                         "one bias per output channel"))))
    return failure();
  FailureOr<SmallVector<int64_t>> spatial =
      verifyWindow(*this, x.drop_front(2), kernel, getStrides(), getDilations(),
                   getPads(), getAutoPad(), /*ceilMode=*/false);
  if (failed(spatial))
    return failure();
  SmallVector<int64_t> out = {x[0], w[0]};
  out.append(*spatial);
  return checkResultShape(*this, out, "convolution output size");
}

LogicalResult ConvTransposeOp::verify() {
  ArrayRef<int64_t> x = shapeOf(getX()), w = shapeOf(getW());
  if (x.size() < 3 || w.size() != x.size())
    return emitOpError()
           << "X must be N x C x D1 ... and W of the same rank, got "
           << formatShape(x) << " and " << formatShape(w);
  int64_t group = getGroup();
  if (group < 1)
    return emitOpError("group must be positive");
  if (x[1] != w[0])
    return emitOpError() << "input channels " << x[1]
                         << " must equal W's first dimension " << w[0];
  if (x[1] % group != 0)
    return emitOpError() << "input channels " << x[1]
                         << " are not divisible by group " << group;
  size_t n = x.size() - 2;
  ArrayRef<int64_t> kernel = w.drop_front(2);
  if (auto ks = getKernelShape(); ks && *ks != kernel)
    return emitOpError() << "kernel_shape " << formatShape(*ks)
                         << " differs from W's spatial shape "
                         << formatShape(kernel);
  StringRef autoPad = getAutoPad();
  if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER" && autoPad != "VALID")
    return emitOpError() << "auto_pad '" << autoPad
                         << "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID";
  auto get = [&](std::optional<ArrayRef<int64_t>> a, size_t i, int64_t d) {
    return a && i < a->size() ? (*a)[i] : d;
  };
  for (auto [name, a, len, min] :
       {std::make_tuple("strides", getStrides(), n, 1),
        std::make_tuple("dilations", getDilations(), n, 1),
        std::make_tuple("pads", getPads(), 2 * n, 0),
        std::make_tuple("output_padding", getOutputPadding(), n, 0)}) {
    if (a && a->size() != len)
      return emitOpError() << name << " has " << a->size()
                           << " values, expected " << len;
    if (a && llvm::any_of(*a, [&](int64_t v) { return v < min; }))
      return emitOpError() << name << " values must be "
                           << (min ? "positive" : "non-negative");
  }
  for (size_t i = 0; i < n; ++i) {
    int64_t s = get(getStrides(), i, 1), d = get(getDilations(), i, 1);
    if (get(getOutputPadding(), i, 0) >= std::max(s, d))
      return emitOpError() << "output_padding " << get(getOutputPadding(), i, 0)
                           << " must be smaller than the stride or dilation ("
                           << std::max(s, d) << ")";
  }
  SmallVector<int64_t> out = {x[0], w[1] * group};
  if (auto outputShape = getOutputShape()) {
    if (outputShape->size() != n)
      return emitOpError() << "output_shape has " << outputShape->size()
                           << " values, expected " << n;
    out.append(outputShape->begin(), outputShape->end());
  } else {
    for (size_t i = 0; i < n; ++i) {
      int64_t s = get(getStrides(), i, 1), d = get(getDilations(), i, 1);
      int64_t total = s * (x[i + 2] - 1) + get(getOutputPadding(), i, 0) +
                      (kernel[i] - 1) * d + 1;
      if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
        out.push_back(x[i + 2] * s);
      else if (autoPad == "VALID")
        out.push_back(total);
      else
        out.push_back(total - get(getPads(), i, 0) - get(getPads(), i + n, 0));
      if (out.back() < 1)
        return emitOpError() << "padding leaves no output along spatial "
                                "dimension "
                             << i;
    }
  }
  if (!isNone(getB())) {
    if (failed(checkSameElem(*this, getX(), "X", getB(), "B")) ||
        failed(checkShape(*this, getB(), "B", {out[1]},
                          "one bias per output channel")))
      return failure();
  }
  return checkResultShape(*this, out, "transposed convolution output size");
}

template <typename PoolOp>
static LogicalResult verifyPool(PoolOp op, bool ceilMode,
                                std::optional<ArrayRef<int64_t>> dilations) {
  ArrayRef<int64_t> x = shapeOf(op.getX());
  if (x.size() < 3)
    return op.emitOpError()
           << "X must be N x C x D1 ... (rank >= 3), got " << formatShape(x);
  if (op.getCeilMode() > 1)
    return op.emitOpError("ceil_mode must be 0 or 1");
  if (op.getPads() && op.getAutoPad() != "NOTSET")
    return op.emitOpError("pads cannot be given together with auto_pad = ")
           << op.getAutoPad();
  FailureOr<SmallVector<int64_t>> spatial =
      verifyWindow(op, x.drop_front(2), op.getKernelShape(), op.getStrides(),
                   dilations, op.getPads(), op.getAutoPad(), ceilMode);
  if (failed(spatial))
    return failure();
  SmallVector<int64_t> out = {x[0], x[1]};
  out.append(*spatial);
  if (failed(checkSameElem(op, op.getX(), "X", op.getY(), "Y")))
    return failure();
  return checkResultShape(op, out, "pooling output size");
}

LogicalResult MaxPoolOp::verify() {
  if (getStorageOrder() > 1)
    return emitOpError(
        "storage_order must be 0 (row major) or 1 (column major)");
  if (failed(verifyPool(*this, getCeilMode() != 0, getDilations())))
    return failure();
  if (!isNone(getIndices()) &&
      failed(checkShape(*this, getIndices(), "Indices", shapeOf(getY()),
                        "shape of Y")))
    return failure();
  return success();
}

LogicalResult AveragePoolOp::verify() {
  return verifyPool(*this, getCeilMode() != 0, std::nullopt);
}

LogicalResult BatchNormalizationOp::verify() {
  ArrayRef<int64_t> x = shapeOf(getX());
  if (x.size() < 2)
    return emitOpError() << "X must have rank >= 2 (N x C ...), got "
                         << formatShape(x);
  int64_t c = x[1];
  for (auto [name, v] :
       {std::make_pair("scale", getScale()), std::make_pair("B", getB()),
        std::make_pair("input_mean", getInputMean()),
        std::make_pair("input_var", getInputVar())})
    if (failed(checkShape(*this, v, name, {c}, "one value per channel")))
      return failure();
  if (getTrainingMode() == 0 &&
      (!isNone(getRunningMean()) || !isNone(getRunningVar())))
    return emitOpError("running_mean and running_var are outputs of training "
                       "mode only");
  for (Value v : {getRunningMean(), getRunningVar()})
    if (!isNone(v) &&
        failed(checkShape(*this, v, "running statistics", {c}, "per channel")))
      return failure();
  return checkResultShape(*this, x, "shape of X");
}

LogicalResult InstanceNormalizationOp::verify() {
  ArrayRef<int64_t> x = shapeOf(getInput());
  if (x.size() < 3)
    return emitOpError() << "input must have rank >= 3 (N x C x D1 ...), got "
                         << formatShape(x);
  for (Value v : {getScale(), getB()})
    if (failed(
            checkShape(*this, v, "scale/B", {x[1]}, "one value per channel")))
      return failure();
  return checkResultShape(*this, x, "shape of input");
}

LogicalResult LayerNormalizationOp::verify() {
  ArrayRef<int64_t> x = shapeOf(getX());
  FailureOr<int64_t> axis = checkAxis(*this, getAxis(), x.size());
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> normalized = x.drop_front(*axis);
  for (Value v : {Value(getScale()), Value(getB())}) {
    if (isNone(v))
      continue;
    auto shape = broadcastShapes({shapeOf(v), normalized});
    if (!shape || *shape != normalized)
      return emitOpError() << "Scale/B of shape " << formatShape(shapeOf(v))
                           << " does not broadcast to the normalized shape "
                           << formatShape(normalized);
  }
  if (failed(checkResultShape(*this, x, "shape of X")))
    return failure();
  SmallVector<int64_t> stats(x.begin(), x.begin() + *axis);
  stats.append(normalized.size(), 1);
  if (getStashType() != 1)
    return emitOpError("stash_type must be 1 (float32 statistics)");
  for (Value v : {getMean(), getInvStdDev()})
    if (!isNone(v) && !elemOf(v).isF32())
      return emitOpError("Mean and InvStdDev are float32 (stash_type = 1)");
  for (Value v : {getMean(), getInvStdDev()})
    if (!isNone(v) &&
        failed(checkShape(*this, v, "Mean/InvStdDev", stats,
                          "X's shape with normalized dims set to 1")))
      return failure();
  return success();
}

LogicalResult DropoutOp::verify() {
  if (failed(checkSameElem(*this, getData(), "data", getOutput(), "output")) ||
      failed(checkResultShape(*this, shapeOf(getData()), "shape of data")))
    return failure();
  if (!isNone(getRatio()) && rankOf(getRatio()) != 0)
    return emitOpError("ratio must be a scalar");
  if (!isNone(getTrainingMode()) && rankOf(getTrainingMode()) != 0)
    return emitOpError("training_mode must be a scalar");
  if (auto ratio = getConstantElements(getRatio())) {
    double r = (*ratio.getValues<APFloat>().begin()).convertToDouble();
    if (r < 0.0 || r >= 1.0)
      return emitOpError() << "ratio " << r << " is outside [0, 1)";
  }
  if (!isNone(getMask()) &&
      failed(checkShape(*this, getMask(), "mask", shapeOf(getData()),
                        "shape of data")))
    return failure();
  return success();
}

LogicalResult ReshapeOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getData()), out = shapeOf(getReshaped());
  if (failed(
          checkSameElem(*this, getData(), "data", getReshaped(), "reshaped")))
    return failure();
  if (rankOf(getShape()) != 1 ||
      shapeOf(getShape())[0] != static_cast<int64_t>(out.size()))
    return emitOpError() << "shape input of shape "
                         << formatShape(shapeOf(getShape()))
                         << " must be 1-D with one value per result dimension ("
                         << out.size() << ")";
  if (numElements(in) != numElements(out))
    return emitOpError() << "cannot reshape " << formatShape(in) << " ("
                         << numElements(in) << " elements) to "
                         << formatShape(out) << " (" << numElements(out)
                         << " elements)";
  std::optional<SmallVector<int64_t>> shape = getConstantInts(getShape());
  if (!shape)
    return success();
  SmallVector<int64_t> expected;
  int64_t inferAt = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(*shape)) {
    if (d == -1) {
      if (inferAt >= 0)
        return emitOpError("shape has more than one -1");
      inferAt = i;
      expected.push_back(1);
      continue;
    }
    if (d == 0 && getAllowzero() == 0) {
      if (i >= in.size())
        return emitOpError() << "shape value 0 at index " << i
                             << " copies a dimension the input lacks";
      d = in[i];
    } else if (d < 0) {
      return emitOpError() << "invalid shape value " << d;
    }
    known *= d;
    expected.push_back(d);
  }
  if (inferAt >= 0) {
    if (known == 0 || numElements(in) % known != 0)
      return emitOpError() << "cannot infer the -1 dimension: "
                           << numElements(in) << " elements do not divide by "
                           << known;
    expected[inferAt] = numElements(in) / known;
  }
  return checkResultShape(*this, expected, "value of the shape input");
}

LogicalResult FlattenOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  int64_t rank = in.size(), axis = getAxis();
  if (axis < -rank || axis > rank)
    return emitOpError() << "axis " << axis << " is out of range [-" << rank
                         << ", " << rank << "]";
  if (axis < 0)
    axis += rank;
  return checkResultShape(
      *this,
      {numElements(in.take_front(axis)), numElements(in.drop_front(axis))},
      "dims before axis x dims from axis");
}

LogicalResult TransposeOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getData());
  SmallVector<int64_t> perm = getPermutation();
  if (perm.size() != in.size())
    return emitOpError() << "perm has " << perm.size()
                         << " values but the input has rank " << in.size();
  SmallVector<bool> seen(in.size(), false);
  SmallVector<int64_t> out;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(in.size()) || seen[p])
      return emitOpError() << "perm " << formatShape(perm)
                           << " is not a permutation of 0.." << in.size() - 1;
    seen[p] = true;
    out.push_back(in[p]);
  }
  return checkResultShape(*this, out, "permuted input shape");
}

LogicalResult SqueezeOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getData());
  if (numElements(in) != numElements(shapeOf(getSqueezed())))
    return emitOpError("squeeze must not change the number of elements");
  SmallVector<int64_t> out;
  if (isNone(getAxes())) {
    for (int64_t d : in)
      if (d != 1)
        out.push_back(d);
    return checkResultShape(*this, out, "all size-1 dims removed");
  }
  std::optional<SmallVector<int64_t>> axes = getConstantInts(getAxes());
  if (!axes) {
    // Unknown axes: the result is the input with some size-1 dims removed.
    ArrayRef<int64_t> result = shapeOf(getSqueezed());
    size_t k = 0;
    for (int64_t d : in)
      if (k < result.size() && result[k] == d)
        ++k;
      else if (d != 1)
        break;
    if (k != result.size())
      return emitOpError() << "result " << formatShape(result)
                           << " is not the input " << formatShape(in)
                           << " with size-1 dims removed";
    return success();
  }
  llvm::SmallSet<int64_t, 8> drop;
  for (int64_t a : *axes) {
    FailureOr<int64_t> axis = checkAxis(*this, a, in.size(), "squeeze axis");
    if (failed(axis))
      return failure();
    if (in[*axis] != 1)
      return emitOpError() << "cannot squeeze axis " << a << " of size "
                           << in[*axis];
    drop.insert(*axis);
  }
  for (auto [i, d] : llvm::enumerate(in))
    if (!drop.contains(i))
      out.push_back(d);
  return checkResultShape(*this, out, "squeezed axes removed");
}

LogicalResult UnsqueezeOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getData());
  if (rankOf(getAxes()) != 1)
    return emitOpError("axes must be 1-D");
  if (rankOf(getExpanded()) !=
          static_cast<int64_t>(in.size()) + shapeOf(getAxes())[0] ||
      numElements(in) != numElements(shapeOf(getExpanded())))
    return emitOpError() << "result " << formatShape(shapeOf(getExpanded()))
                         << " must be the input " << formatShape(in) << " with "
                         << shapeOf(getAxes())[0] << " size-1 dims inserted";
  std::optional<SmallVector<int64_t>> axes = getConstantInts(getAxes());
  if (!axes)
    return success();
  int64_t outRank = in.size() + axes->size();
  SmallVector<int64_t> out(outRank, -1);
  for (int64_t a : *axes) {
    FailureOr<int64_t> axis = checkAxis(*this, a, outRank, "unsqueeze axis");
    if (failed(axis))
      return failure();
    if (out[*axis] == 1)
      return emitOpError() << "unsqueeze axis " << a << " repeats";
    out[*axis] = 1;
  }
  auto it = in.begin();
  for (int64_t &d : out)
    if (d == -1)
      d = *it++;
  return checkResultShape(*this, out, "size-1 dims inserted at axes");
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  Value first = getInputs()[0];
  int64_t rank = rankOf(first);
  FailureOr<int64_t> axis = checkAxis(*this, getAxis(), rank);
  if (failed(axis))
    return failure();
  if (failed(
          checkSameElem(*this, first, "input #0", getConcatResult(), "result")))
    return failure();
  SmallVector<int64_t> out(shapeOf(first));
  out[*axis] = 0;
  for (auto [i, v] : llvm::enumerate(getInputs())) {
    if (failed(checkSameElem(*this, first, "input #0", v, "other inputs")))
      return failure();
    ArrayRef<int64_t> s = shapeOf(v);
    if (static_cast<int64_t>(s.size()) != rank)
      return emitOpError() << "input #" << i << " has rank " << s.size()
                           << ", expected " << rank;
    for (int64_t d = 0; d < rank; ++d)
      if (d != *axis && s[d] != out[d])
        return emitOpError()
               << "input #" << i << " has shape " << formatShape(s)
               << ", which differs from " << formatShape(shapeOf(first))
               << " outside axis " << *axis;
    out[*axis] += s[*axis];
  }
  return checkResultShape(*this, out, "concatenation");
}

LogicalResult SplitOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  FailureOr<int64_t> axis = checkAxis(*this, getAxis(), in.size());
  if (failed(axis))
    return failure();
  int64_t n = getOutputs().size();
  if (n == 0)
    return emitOpError("needs at least one output");
  SmallVector<int64_t> sizes;
  if (!isNone(getSplit())) {
    if (rankOf(getSplit()) != 1 || shapeOf(getSplit())[0] != n)
      return emitOpError() << "split must be 1-D with one size per output ("
                           << n << ")";
    if (auto s = getConstantInts(getSplit()))
      sizes = *s;
  } else {
    if (in[*axis] % n != 0)
      return emitOpError() << "dimension " << in[*axis]
                           << " does not split evenly into " << n << " outputs";
    sizes.assign(n, in[*axis] / n);
  }
  int64_t total = 0;
  for (auto [i, v] : llvm::enumerate(getOutputs())) {
    ArrayRef<int64_t> s = shapeOf(v);
    if (s.size() != in.size())
      return emitOpError() << "output #" << i << " must have rank "
                           << in.size();
    SmallVector<int64_t> expected(in);
    expected[*axis] = sizes.empty() ? s[*axis] : sizes[i];
    if (failed(checkShape(*this, v, ("output #" + Twine(i)).str(), expected,
                          "split along axis")) ||
        failed(checkSameElem(*this, getInput(), "input", v, "outputs")))
      return failure();
    total += s[*axis];
  }
  if (total != in[*axis])
    return emitOpError() << "split sizes sum to " << total
                         << " but the dimension has " << in[*axis];
  return success();
}

LogicalResult SliceOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getData());
  int64_t rank = in.size();
  if (failed(checkSameElem(*this, getData(), "data", getOutput(), "output")))
    return failure();
  if (rankOf(getOutput()) != rank)
    return emitOpError("result must have the rank of data");
  int64_t n = rankOf(getStarts()) == 1 ? shapeOf(getStarts())[0] : -1;
  for (Value v : {Value(getStarts()), Value(getEnds()), Value(getAxes()),
                  Value(getSteps())})
    if (!isNone(v) && (rankOf(v) != 1 || shapeOf(v)[0] != n))
      return emitOpError("starts, ends, axes and steps must be 1-D of equal "
                         "length");
  auto starts = getConstantInts(getStarts()), ends = getConstantInts(getEnds());
  std::optional<SmallVector<int64_t>> axes, steps;
  for (auto [d, o] : llvm::zip(in, shapeOf(getOutput())))
    if (o > d)
      return emitOpError() << "result " << formatShape(shapeOf(getOutput()))
                           << " is larger than the input " << formatShape(in);
  if (!isNone(getAxes()) && !(axes = getConstantInts(getAxes())))
    return success();
  if (!isNone(getSteps()) && !(steps = getConstantInts(getSteps())))
    return success();
  if (!starts || !ends)
    return success();
  SmallVector<int64_t> out(in);
  llvm::SmallSet<int64_t, 8> seen;
  for (int64_t i = 0; i < n; ++i) {
    FailureOr<int64_t> axis =
        checkAxis(*this, axes ? (*axes)[i] : i, rank, "slice axis");
    if (failed(axis))
      return failure();
    if (!seen.insert(*axis).second)
      return emitOpError() << "slice axis " << *axis << " repeats";
    int64_t step = steps ? (*steps)[i] : 1;
    if (step == 0)
      return emitOpError("slice steps must be non-zero");
    int64_t dim = in[*axis], s = (*starts)[i], e = (*ends)[i];
    if (s < 0)
      s += dim;
    if (e < 0)
      e += dim;
    if (step > 0) {
      s = std::clamp<int64_t>(s, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
      out[*axis] = e > s ? (e - s + step - 1) / step : 0;
    } else {
      s = std::clamp<int64_t>(s, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
      out[*axis] = s > e ? (s - e - step - 1) / -step : 0;
    }
  }
  return checkResultShape(*this, out, "values of starts/ends/axes/steps");
}

LogicalResult GatherOp::verify() {
  ArrayRef<int64_t> data = shapeOf(getData()), indices = shapeOf(getIndices());
  if (data.empty())
    return emitOpError("data must have rank >= 1");
  FailureOr<int64_t> axis = checkAxis(*this, getAxis(), data.size());
  if (failed(axis))
    return failure();
  if (failed(checkSameElem(*this, getData(), "data", getOutput(), "output")))
    return failure();
  if (auto values = getConstantInts(getIndices()))
    for (int64_t v : *values)
      if (v < -data[*axis] || v >= data[*axis])
        return emitOpError() << "index " << v << " is out of range for axis "
                             << *axis << " of size " << data[*axis];
  SmallVector<int64_t> out(data.begin(), data.begin() + *axis);
  out.append(indices.begin(), indices.end());
  out.append(data.begin() + *axis + 1, data.end());
  return checkResultShape(*this, out, "data[:axis] + indices + data[axis+1:]");
}

LogicalResult GatherElementsOp::verify() {
  if (rankOf(getIndices()) != rankOf(getData()))
    return emitOpError("indices must have the rank of data");
  FailureOr<int64_t> axis = checkAxis(*this, getAxis(), rankOf(getData()));
  if (failed(axis))
    return failure();
  for (auto [d, pair] :
       llvm::enumerate(llvm::zip(shapeOf(getData()), shapeOf(getIndices()))))
    if (static_cast<int64_t>(d) != *axis &&
        std::get<1>(pair) > std::get<0>(pair))
      return emitOpError() << "indices dimension " << d << " ("
                           << std::get<1>(pair) << ") exceeds data's ("
                           << std::get<0>(pair) << ")";
  return checkResultShape(*this, shapeOf(getIndices()), "shape of indices");
}

LogicalResult GatherNDOp::verify() {
  ArrayRef<int64_t> data = shapeOf(getData()), idx = shapeOf(getIndices());
  int64_t b = getBatchDims();
  if (idx.empty() || data.empty())
    return emitOpError("data and indices must have rank >= 1");
  if (b < 0 || b >= static_cast<int64_t>(std::min(data.size(), idx.size())))
    return emitOpError() << "batch_dims " << b << " is out of range";
  for (int64_t i = 0; i < b; ++i)
    if (data[i] != idx[i])
      return emitOpError() << "batch dimension " << i << " differs: data has "
                           << data[i] << ", indices has " << idx[i];
  int64_t last = idx.back();
  if (last < 1 || last > static_cast<int64_t>(data.size()) - b)
    return emitOpError() << "indices' last dimension " << last
                         << " must be in [1, rank(data) - batch_dims]";
  SmallVector<int64_t> out(idx.begin(), idx.end() - 1);
  out.append(data.begin() + b + last, data.end());
  return checkResultShape(*this, out, "GatherND output shape");
}

static LogicalResult verifyReduction(Operation *op, StringRef reduction) {
  if (reduction != "none" && reduction != "add" && reduction != "mul" &&
      reduction != "max" && reduction != "min")
    return op->emitOpError() << "reduction '" << reduction
                             << "' is not none, add, mul, max or min";
  return success();
}

LogicalResult ScatterNDOp::verify() {
  ArrayRef<int64_t> data = shapeOf(getData()), idx = shapeOf(getIndices());
  if (idx.empty() || idx.back() > static_cast<int64_t>(data.size()))
    return emitOpError("indices' last dimension must be <= rank(data)");
  SmallVector<int64_t> upd(idx.begin(), idx.end() - 1);
  upd.append(data.begin() + idx.back(), data.end());
  if (failed(checkShape(*this, getUpdates(), "updates", upd,
                        "indices[:-1] + data[indices[-1]:]")) ||
      failed(verifyReduction(*this, getReduction())))
    return failure();
  return checkResultShape(*this, data, "shape of data");
}

LogicalResult ScatterElementsOp::verify() {
  if (rankOf(getIndices()) != rankOf(getData()))
    return emitOpError("indices must have the rank of data");
  if (failed(checkShape(*this, getUpdates(), "updates", shapeOf(getIndices()),
                        "shape of indices")) ||
      failed(checkAxis(*this, getAxis(), rankOf(getData()))) ||
      failed(verifyReduction(*this, getReduction())))
    return failure();
  return checkResultShape(*this, shapeOf(getData()), "shape of data");
}

LogicalResult ExpandOp::verify() {
  if (rankOf(getShape()) != 1)
    return emitOpError("shape must be 1-D");
  int64_t expectedRank =
      std::max<int64_t>(rankOf(getInput()), shapeOf(getShape())[0]);
  auto compatible =
      broadcastShapes({shapeOf(getInput()), shapeOf(getOutput())});
  if (rankOf(getOutput()) != expectedRank || !compatible ||
      *compatible != shapeOf(getOutput()))
    return emitOpError() << "result " << formatShape(shapeOf(getOutput()))
                         << " is not a broadcast of the input "
                         << formatShape(shapeOf(getInput())) << " to rank "
                         << expectedRank;
  std::optional<SmallVector<int64_t>> shape = getConstantInts(getShape());
  if (!shape)
    return success();
  auto out = broadcastShapes({shapeOf(getInput()), *shape});
  if (!out)
    return emitOpError() << "input of shape "
                         << formatShape(shapeOf(getInput()))
                         << " cannot expand to " << formatShape(*shape);
  return checkResultShape(*this, *out, "broadcast of input and shape");
}

LogicalResult TileOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  if (rankOf(getRepeats()) != 1 ||
      shapeOf(getRepeats())[0] != static_cast<int64_t>(in.size()))
    return emitOpError() << "repeats must be 1-D with " << in.size()
                         << " values";
  ArrayRef<int64_t> outShape = shapeOf(getOutput());
  if (outShape.size() != in.size())
    return emitOpError("result must have the rank of the input");
  for (auto [d, o] : llvm::zip(in, outShape))
    if ((d == 0 && o != 0) || (d != 0 && o % d != 0))
      return emitOpError() << "result " << formatShape(outShape)
                           << " is not a tiling of " << formatShape(in);
  std::optional<SmallVector<int64_t>> reps = getConstantInts(getRepeats());
  if (!reps)
    return success();
  SmallVector<int64_t> out;
  for (auto [d, r] : llvm::zip(in, *reps)) {
    if (r < 0)
      return emitOpError("repeats must be non-negative");
    out.push_back(d * r);
  }
  return checkResultShape(*this, out, "input dims x repeats");
}

LogicalResult PadOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getData());
  StringRef mode = getMode();
  if (mode != "constant" && mode != "reflect" && mode != "edge" &&
      mode != "wrap")
    return emitOpError() << "mode '" << mode
                         << "' is not constant, reflect, edge or wrap";
  if (rankOf(getPads()) != 1 ||
      shapeOf(getPads())[0] != 2 * static_cast<int64_t>(in.size()))
    return emitOpError() << "pads must be 1-D with " << 2 * in.size()
                         << " values (begin and end per axis)";
  if (!isNone(getConstantValue())) {
    if (failed(checkSameElem(*this, getData(), "data", getConstantValue(),
                             "constant_value")))
      return failure();
    if (numElements(shapeOf(getConstantValue())) != 1)
      return emitOpError("constant_value must be a scalar");
  }
  if (rankOf(getOutput()) != static_cast<int64_t>(in.size()))
    return emitOpError("result must have the rank of data");
  std::optional<SmallVector<int64_t>> pads = getConstantInts(getPads());
  if (!pads)
    return success();
  SmallVector<int64_t> out;
  for (auto [i, d] : llvm::enumerate(in)) {
    int64_t begin = (*pads)[i], end = (*pads)[i + in.size()];
    if (mode == "reflect" && (begin >= d || end >= d))
      return emitOpError() << "reflect padding of " << begin << "+" << end
                           << " needs more than the " << d
                           << " elements of axis " << i;
    out.push_back(d + begin + end);
  }
  if (llvm::any_of(out, [](int64_t d) { return d < 0; }))
    return emitOpError("negative pads remove more than the dimension holds");
  return checkResultShape(*this, out, "input dims plus pads");
}

LogicalResult ShapeOp::verify() {
  auto [start, end] = getDimRange();
  return checkResultShape(*this, {end - start}, "dims start..end of the input");
}

LogicalResult SizeOp::verify() {
  return checkResultShape(*this, {}, "a scalar");
}

LogicalResult CastOp::verify() {
  if (elemOf(getOutput()) != getTo())
    return emitOpError() << "result element type " << elemOf(getOutput())
                         << " differs from 'to' (" << getTo() << ")";
  return checkResultShape(*this, shapeOf(getInput()), "shape of input");
}

LogicalResult ConstantOfShapeOp::verify() {
  if (rankOf(getInput()) != 1)
    return emitOpError("input (the shape) must be 1-D");
  Type elem = Float32Type::get(getContext());
  if (auto value = getValue()) {
    if (value->getNumElements() != 1)
      return emitOpError("value must hold exactly one element");
    elem = value->getElementType();
  }
  if (elemOf(getOutput()) != elem)
    return emitOpError() << "result element type " << elemOf(getOutput())
                         << " differs from the value's " << elem;
  if (auto shape = getConstantInts(getInput())) {
    if (llvm::any_of(*shape, [](int64_t d) { return d < 0; }))
      return emitOpError("shape values must be non-negative");
    return checkResultShape(*this, *shape, "value of the shape input");
  }
  if (rankOf(getOutput()) != shapeOf(getInput())[0])
    return emitOpError("result rank must equal the length of the shape input");
  return success();
}

LogicalResult RangeOp::verify() {
  for (Value v : {getStart(), getLimit(), getDelta()}) {
    if (rankOf(v) != 0)
      return emitOpError("start, limit and delta must be scalars");
    if (failed(checkSameElem(*this, getStart(), "start", v, "limit/delta")))
      return failure();
  }
  if (rankOf(getOutput()) != 1)
    return emitOpError("result must be 1-D");
  DenseElementsAttr s = getConstantElements(getStart()),
                    l = getConstantElements(getLimit()),
                    d = getConstantElements(getDelta());
  if (!s || !l || !d)
    return success();
  auto toDouble = [](DenseElementsAttr a) {
    if (llvm::isa<FloatType>(a.getElementType()))
      return (*a.getValues<APFloat>().begin()).convertToDouble();
    return static_cast<double>((*a.getValues<APInt>().begin()).getSExtValue());
  };
  double delta = toDouble(d);
  if (delta == 0)
    return emitOpError("delta must be non-zero");
  int64_t n = std::max<int64_t>(
      0, static_cast<int64_t>(std::ceil((toDouble(l) - toDouble(s)) / delta)));
  return checkResultShape(*this, {n}, "ceil((limit - start) / delta)");
}

LogicalResult TriluOp::verify() {
  if (rankOf(getInput()) < 2)
    return emitOpError("input must have rank >= 2");
  if (!isNone(getK()) && rankOf(getK()) != 0)
    return emitOpError("k must be a scalar");
  if (failed(checkSameElem(*this, getInput(), "input", getOutput(), "output")))
    return failure();
  return checkResultShape(*this, shapeOf(getInput()), "shape of input");
}

LogicalResult DepthToSpaceOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  int64_t b = getBlocksize();
  if (in.size() != 4)
    return emitOpError("input must be N x C x H x W");
  if (b < 1 || in[1] % (b * b) != 0)
    return emitOpError() << "channels " << in[1]
                         << " are not divisible by blocksize^2 (" << b * b
                         << ")";
  if (getMode() != "DCR" && getMode() != "CRD")
    return emitOpError("mode must be DCR or CRD");
  return checkResultShape(*this, {in[0], in[1] / (b * b), in[2] * b, in[3] * b},
                          "N x C/b^2 x H*b x W*b");
}

LogicalResult SpaceToDepthOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  int64_t b = getBlocksize();
  if (in.size() != 4)
    return emitOpError("input must be N x C x H x W");
  if (b < 1 || in[2] % b != 0 || in[3] % b != 0)
    return emitOpError() << "spatial dims " << in[2] << "x" << in[3]
                         << " are not divisible by blocksize " << b;
  return checkResultShape(*this, {in[0], in[1] * b * b, in[2] / b, in[3] / b},
                          "N x C*b^2 x H/b x W/b");
}

LogicalResult ResizeOp::verify() {
  StringRef mode = getMode();
  if (mode != "nearest" && mode != "linear" && mode != "cubic")
    return emitOpError() << "mode '" << mode
                         << "' is not nearest, linear or cubic";
  static const llvm::StringSet<> transforms = {
      "half_pixel", "pytorch_half_pixel", "align_corners",
      "asymmetric", "tf_crop_and_resize", "tf_half_pixel_for_nn"};
  if (!transforms.contains(getCoordinateTransformationMode()))
    return emitOpError() << "coordinate_transformation_mode '"
                         << getCoordinateTransformationMode()
                         << "' is not one ONNX defines";
  static const llvm::StringSet<> nearestModes = {
      "round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
  if (!nearestModes.contains(getNearestMode()))
    return emitOpError() << "nearest_mode '" << getNearestMode()
                         << "' is not round_prefer_floor, round_prefer_ceil, "
                            "floor or ceil";
  ArrayRef<int64_t> in = shapeOf(getX());
  int64_t rank = in.size();
  if (rankOf(getY()) != rank)
    return emitOpError("result must have the rank of X");
  bool hasScales =
      !isNone(getScales()) && numElements(shapeOf(getScales())) != 0;
  bool hasSizes = !isNone(getSizes()) && numElements(shapeOf(getSizes())) != 0;
  if (hasScales == hasSizes)
    return emitOpError("exactly one of scales and sizes must be given");
  Value given = hasScales ? getScales() : getSizes();
  if (rankOf(given) != 1 || shapeOf(given)[0] != rank)
    return emitOpError() << (hasScales ? "scales" : "sizes")
                         << " must be 1-D with one value per dimension ("
                         << rank << ")";
  if (hasSizes) {
    if (auto sizes = getConstantInts(getSizes()))
      return checkResultShape(*this, *sizes, "value of sizes");
    return success();
  }
  DenseElementsAttr scales = getConstantElements(getScales());
  if (!scales)
    return success();
  SmallVector<int64_t> out;
  for (auto [d, scale] : llvm::zip(in, scales.getValues<APFloat>())) {
    double factor = scale.convertToDouble();
    if (!(factor > 0))
      return emitOpError() << "scales must be positive, got " << factor;
    out.push_back(static_cast<int64_t>(std::floor(d * factor)));
  }
  return checkResultShape(*this, out, "floor(input dims x scales)");
}

LogicalResult OneHotOp::verify() {
  if (numElements(shapeOf(getDepth())) != 1 || rankOf(getDepth()) > 1)
    return emitOpError("depth must be a scalar or a 1-element tensor");
  if (rankOf(getValues()) != 1 || shapeOf(getValues())[0] != 2)
    return emitOpError("values must be [off_value, on_value]");
  int64_t outRank = rankOf(getIndices()) + 1;
  FailureOr<int64_t> axis = checkAxis(*this, getAxis(), outRank);
  if (failed(axis))
    return failure();
  if (failed(
          checkSameElem(*this, getValues(), "values", getOutput(), "output")))
    return failure();
  if (rankOf(getOutput()) != outRank)
    return emitOpError("result rank must be rank(indices) + 1");
  DenseElementsAttr depth = getConstantElements(getDepth());
  if (!depth)
    return success();
  double d = llvm::isa<FloatType>(depth.getElementType())
                 ? (*depth.getValues<APFloat>().begin()).convertToDouble()
                 : static_cast<double>(
                       (*depth.getValues<APInt>().begin()).getSExtValue());
  if (d < 1)
    return emitOpError() << "depth must be positive, got " << d;
  SmallVector<int64_t> out(shapeOf(getIndices()));
  out.insert(out.begin() + *axis, static_cast<int64_t>(d));
  return checkResultShape(*this, out, "indices shape with depth at axis");
}

LogicalResult ReduceSumOp::verify() {
  if (failed(checkSameElem(*this, getData(), "data", getReduced(), "reduced")))
    return failure();
  SmallVector<int64_t> axes;
  if (!isNone(getAxes())) {
    auto values = getConstantInts(getAxes());
    if (!values) {
      // Unknown axes: each result dim is the input's or (kept) 1.
      ArrayRef<int64_t> in = shapeOf(getData()), out = shapeOf(getReduced());
      bool ok =
          getKeepdims() ? out.size() == in.size() : out.size() <= in.size();
      if (ok && getKeepdims())
        for (auto [i, o] : llvm::zip(in, out))
          ok &= o == i || o == 1;
      if (!ok)
        return emitOpError() << "result " << formatShape(out)
                             << " cannot be a reduction of " << formatShape(in);
      return success();
    }
    axes = *values;
  }
  FailureOr<SmallVector<int64_t>> out =
      reducedShape(*this, shapeOf(getData()), axes, getKeepdims() != 0,
                   getNoopWithEmptyAxes() != 0);
  if (failed(out))
    return failure();
  return checkResultShape(*this, *out, "reduction");
}

LogicalResult TopKOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getX());
  FailureOr<int64_t> axis = checkAxis(*this, getAxis(), in.size());
  if (failed(axis))
    return failure();
  if (numElements(shapeOf(getK())) != 1 || rankOf(getK()) != 1)
    return emitOpError("K must be a 1-D tensor with one value");
  SmallVector<int64_t> out(in);
  if (auto k = getConstantInts(getK())) {
    if ((*k)[0] < 0 || (*k)[0] > in[*axis])
      return emitOpError() << "K = " << (*k)[0] << " is out of range [0, "
                           << in[*axis] << "]";
    out[*axis] = (*k)[0];
  } else {
    out[*axis] = shapeOf(getValues())[*axis];
  }
  if (failed(checkShape(*this, getIndices(), "Indices", out, "K along axis")))
    return failure();
  return checkResultShape(*this, out, "K along axis");
}

LogicalResult CumSumOp::verify() {
  if (numElements(shapeOf(getAxis())) != 1 || rankOf(getAxis()) > 1)
    return emitOpError("axis must be a scalar");
  if (auto a = getConstantInts(getAxis()))
    if (failed(checkAxis(*this, (*a)[0], rankOf(getX()))))
      return failure();
  return checkResultShape(*this, shapeOf(getX()), "shape of x");
}

/// Scale (and zero point) must be a scalar (per tensor) or 1-D with one value
/// per element of the quantization axis.
static LogicalResult verifyQuantParams(Operation *op, Value x, Value scale,
                                       Value zeroPoint, int64_t axisAttr) {
  ArrayRef<int64_t> s = shapeOf(scale);
  if (s.size() > 1)
    return op->emitOpError("scale must be a scalar or 1-D (per axis)");
  if (s.size() == 1 && !(s[0] == 1 && rankOf(x) == 0)) {
    FailureOr<int64_t> axis = checkAxis(op, axisAttr, rankOf(x));
    if (failed(axis))
      return failure();
    if (s[0] != shapeOf(x)[*axis])
      return op->emitOpError()
             << "per-axis scale has " << s[0] << " values but axis " << *axis
             << " has size " << shapeOf(x)[*axis];
  }
  if (!isNone(zeroPoint) && shapeOf(zeroPoint) != s)
    return op->emitOpError("zero point must have the shape of the scale");
  return success();
}

LogicalResult QuantizeLinearOp::verify() {
  if (failed(verifyQuantParams(*this, getX(), getYScale(), getYZeroPoint(),
                               getAxis())))
    return failure();
  Type expected = isNone(getYZeroPoint())
                      ? IntegerType::get(getContext(), 8, IntegerType::Unsigned)
                      : elemOf(getYZeroPoint());
  if (elemOf(getY()) != expected)
    return emitOpError() << "result element type " << elemOf(getY())
                         << " differs from the zero point's " << expected;
  if (failed(checkSameElem(*this, getX(), "x", getYScale(), "y_scale")))
    return failure();
  return checkResultShape(*this, shapeOf(getX()), "shape of x");
}

LogicalResult DequantizeLinearOp::verify() {
  if (failed(verifyQuantParams(*this, getX(), getXScale(), getXZeroPoint(),
                               getAxis())))
    return failure();
  if (!isNone(getXZeroPoint()) &&
      failed(
          checkSameElem(*this, getX(), "x", getXZeroPoint(), "x_zero_point")))
    return failure();
  if (elemOf(getX()).isInteger(32) && !isNone(getXZeroPoint())) {
    auto zp = getConstantInts(getXZeroPoint());
    if (!zp || llvm::any_of(*zp, [](int64_t v) { return v != 0; }))
      return emitOpError("an int32 input's zero point must be 0 (ONNX)");
  }
  if (failed(checkSameElem(*this, getXScale(), "x_scale", getY(), "y")))
    return failure();
  return checkResultShape(*this, shapeOf(getX()), "shape of x");
}

LogicalResult DynamicQuantizeLinearOp::verify() {
  if (failed(checkShape(*this, getYScale(), "y_scale", {}, "a scalar")) ||
      failed(
          checkShape(*this, getYZeroPoint(), "y_zero_point", {}, "a scalar")))
    return failure();
  return checkResultShape(*this, shapeOf(getX()), "shape of x");
}

} // namespace kiln::onnx
