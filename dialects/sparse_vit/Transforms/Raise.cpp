//===- Raise.cpp - onnx multi-head self-attention -> sparse_vit.attention -===//
//
// Matches attention from each onnx.Softmax outward along use-def chains and
// checks it semantically rather than by op sequence: every tensor on the
// matched chains gets a layout, the list of logical axis pieces (batch,
// tokens, features) that make up each of its dimensions. Reshapes split and
// merge pieces, transposes permute dimensions, Slice/Split/Gather select a
// range of projection features, and a MatMul must pair equal batch pieces
// and contract equal pieces. So any arrangement of the head split and merge
// (Reshape/Transpose in any order, [T, B, D] or [T*B, D] views, K transposed
// by a perm or by the operand order) is accepted exactly when it computes
// attention, and the head count and the Q/K/V feature ranges of a fused
// in-projection fall out of the layouts. A softmax that does not match is
// left alone with a remark saying what did not match.
//
//===----------------------------------------------------------------------===//

#include "dialects/sparse_vit/Transforms/Passes.h"

#include "dialects/onnx/IR/OnnxConstants.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/SetVector.h"

#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace kiln::sparse_vit {
#define GEN_PASS_DEF_SPARSEVITRAISE
#include "dialects/sparse_vit/Transforms/Passes.h.inc"

using namespace mlir;

namespace {

//===----------------------------------------------------------------------===//
// Layouts.
//===----------------------------------------------------------------------===//

/// Logical axes. The two token axes are those of the two operands of the
/// Q.K product (which one is the key axis is decided by the softmax axis);
/// features are those of the block input, of the Q/K/V projections and of
/// the output projection.
enum Axis : int { kBatch, kTokA, kTokB, kFeatIn, kFeat, kFeatOut };

/// A piece of a logical axis: index i in [0, size) stands for axis index
/// i * stride (plus the layout's feature offset for kFeat).
struct Piece {
  int axis;
  int64_t stride, size;
  bool operator==(const Piece &o) const {
    return axis == o.axis && stride == o.stride && size == o.size;
  }
};
using Dim = SmallVector<Piece, 2>;

struct Layout {
  SmallVector<Dim> dims; // major to minor pieces of each dimension
  int64_t offset = 0;    // first kFeat index this value selects
};

static int64_t product(const Dim &dim) {
  int64_t n = 1;
  for (const Piece &p : dim)
    n *= p.size;
  return n;
}

/// Drops size-1 pieces and merges adjacent pieces that are contiguous, so
/// that equal index maps compare equal.
static void normalize(Dim &dim) {
  Dim out;
  for (const Piece &p : dim) {
    if (p.size == 1)
      continue;
    if (!out.empty() && out.back().axis == p.axis &&
        out.back().stride == p.stride * p.size) {
      out.back() = {p.axis, p.stride, out.back().size * p.size};
      continue;
    }
    out.push_back(p);
  }
  dim = std::move(out);
}

static Dim single(int axis, int64_t size) {
  Dim dim{{axis, 1, size}};
  normalize(dim);
  return dim;
}

/// Row-major reshape to `shape`: fails when a new dimension boundary falls
/// inside a piece that does not divide.
static bool reshape(Layout &l, ArrayRef<int64_t> shape) {
  SmallVector<Piece> flat;
  for (const Dim &dim : l.dims)
    flat.append(dim.begin(), dim.end());
  SmallVector<Dim> dims;
  size_t i = 0;
  for (int64_t n : shape) {
    Dim dim;
    int64_t need = n;
    while (need > 1) {
      if (i == flat.size())
        return false;
      Piece &p = flat[i];
      if (p.size <= need) {
        if (need % p.size)
          return false;
        dim.push_back(p);
        need /= p.size;
        ++i;
      } else {
        if (p.size % need)
          return false;
        int64_t rest = p.size / need;
        dim.push_back({p.axis, p.stride * rest, need});
        p.size = rest;
        need = 1;
      }
    }
    if (n < 1)
      return false;
    normalize(dim);
    dims.push_back(std::move(dim));
  }
  if (i != flat.size())
    return false;
  l.dims = std::move(dims);
  return true;
}

static bool transpose(Layout &l, ArrayRef<int64_t> perm) {
  if (perm.size() != l.dims.size())
    return false;
  SmallVector<Dim> dims;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(l.dims.size()))
      return false;
    dims.push_back(l.dims[p]);
  }
  l.dims = std::move(dims);
  return true;
}

/// Keeps indices [start, end) of dimension `d` (of size `n`): only a range
/// of projection features that whole inner pieces tile.
static bool select(Layout &l, size_t d, int64_t n, int64_t start, int64_t end) {
  if (d >= l.dims.size() || start < 0 || end > n || start >= end)
    return false;
  if (start == 0 && end == n)
    return true;
  Dim &dim = l.dims[d];
  Dim inner(std::next(dim.begin()), dim.end());
  int64_t step = product(inner);
  if (dim.empty() || dim.front().axis != kFeat || start % step || end % step)
    return false;
  l.offset += start / step * dim.front().stride;
  dim.front().size = (end - start) / step;
  normalize(dim);
  return true;
}

/// The batch dimensions of a MatMul operand right-aligned to `n` (missing
/// ones are size 1, i.e. empty).
static Dim batchDim(const Layout &l, size_t i, size_t n) {
  size_t batch = l.dims.size() - 2;
  return i < n - batch ? Dim() : l.dims[i - (n - batch)];
}

/// numpy.matmul of two layouts: equal batch pieces, equal contracted pieces.
static bool matmul(const Layout &a, const Layout &b, Layout &out,
                   Dim &contracted) {
  size_t ra = a.dims.size(), rb = b.dims.size();
  if (ra < 2 || rb < 2)
    return false;
  size_t n = std::max(ra, rb) - 2;
  out = Layout();
  for (size_t i = 0; i < n; ++i) {
    Dim da = batchDim(a, i, n), db = batchDim(b, i, n);
    if (da != db)
      return false;
    out.dims.push_back(da);
  }
  if (a.dims[ra - 1] != b.dims[rb - 2])
    return false;
  contracted = a.dims[ra - 1];
  out.dims.push_back(a.dims[ra - 2]);
  out.dims.push_back(b.dims[rb - 1]);
  return true;
}

/// True when the pieces of `axis` among `pieces` tile indices
/// 0, base, 2 base, ... (count - 1) base exactly once.
static bool tiles(ArrayRef<Piece> pieces, int axis, int64_t base,
                  int64_t count) {
  SmallVector<Piece> own;
  for (const Piece &p : pieces)
    if (p.axis == axis)
      own.push_back(p);
  llvm::sort(
      own, [](const Piece &x, const Piece &y) { return x.stride < y.stride; });
  int64_t next = base;
  for (const Piece &p : own) {
    if (p.stride != next)
      return false;
    next *= p.size;
  }
  return next == base * count;
}

//===----------------------------------------------------------------------===//
// Constants.
//===----------------------------------------------------------------------===//

/// The common value of a constant whose elements are all equal (a scale).
static std::optional<float> readScalar(Value value) {
  DenseElementsAttr attr = onnx::getConstantElements(value, 1 << 20);
  if (!attr || !attr.getElementType().isF32() || attr.empty())
    return std::nullopt;
  if (attr.isSplat())
    return attr.getSplatValue<float>();
  auto values = attr.getValues<float>();
  float first = *values.begin();
  for (float v : values)
    if (v != first)
      return std::nullopt;
  return first;
}

/// A weight operand as [K, N] in the y = x W convention: a 2-D constant,
/// optionally behind a Transpose or read transposed (`transposed`).
static bool readWeight(Value value, bool transposed, int64_t &k, int64_t &n,
                       std::vector<float> &w) {
  if (auto t = value.getDefiningOp<onnx::TransposeOp>()) {
    if (t.getPermutation() != SmallVector<int64_t>{1, 0})
      return false;
    value = t.getData();
    transposed = !transposed;
  }
  auto type = llvm::dyn_cast<RankedTensorType>(value.getType());
  std::vector<float> raw;
  if (!type || type.getRank() != 2 || !onnx::readConstantFloats(value, raw))
    return false;
  k = type.getDimSize(0);
  n = type.getDimSize(1);
  if (!transposed) {
    w = std::move(raw);
    return true;
  }
  std::swap(k, n);
  w.assign(raw.size(), 0.0f);
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < n; ++j)
      w[i * n + j] = raw[j * k + i];
  return true;
}

//===----------------------------------------------------------------------===//
// Chains.
//===----------------------------------------------------------------------===//

/// Ops that only rearrange elements (the result type gives the new shape).
static bool isLayoutOp(Operation *op) {
  return isa<onnx::ReshapeOp, onnx::TransposeOp, onnx::SqueezeOp,
             onnx::UnsqueezeOp, onnx::FlattenOp, onnx::IdentityOp>(op);
}

static bool applyLayoutOp(Operation *op, Layout &l) {
  if (auto t = dyn_cast<onnx::TransposeOp>(op))
    return transpose(l, t.getPermutation());
  return reshape(l, shapeOf(op->getResult(0)));
}

/// The non-constant operand of a binary op whose other operand is a
/// constant, with the constant.
static bool splitConstant(Operation *op, Value &data, Value &constant,
                          bool &constantFirst) {
  Value a = op->getOperand(0), b = op->getOperand(1);
  if (b.getDefiningOp<onnx::ConstantOp>()) {
    data = a, constant = b, constantFirst = false;
    return true;
  }
  if (a.getDefiningOp<onnx::ConstantOp>()) {
    data = b, constant = a, constantFirst = true;
    return true;
  }
  return false;
}

/// A scale by a uniform constant that keeps the other operand's type.
static std::optional<float> scaleOf(Operation *op, Value &data) {
  if (!isa<onnx::MulOp, onnx::DivOp>(op))
    return std::nullopt;
  Value constant;
  bool constantFirst;
  if (!splitConstant(op, data, constant, constantFirst) ||
      data.getType() != op->getResult(0).getType())
    return std::nullopt;
  std::optional<float> c = readScalar(constant);
  if (!c)
    return std::nullopt;
  if (isa<onnx::MulOp>(op))
    return *c;
  if (constantFirst || *c == 0.0f)
    return std::nullopt;
  return 1.0f / *c;
}

static std::string opName(Operation *op) {
  return op ? "'" + op->getName().getStringRef().str() + "'"
            : std::string("a block argument");
}

/// A Q/K/V (or output) projection x W + b with constant W [K, N].
struct Projection {
  Operation *op = nullptr;
  Value input;
  int64_t k = 0, n = 0;
  std::vector<float> w, b;
};

/// Reads a projection, or says why `op` is not one.
static std::string readProjection(Operation *op, StringRef role,
                                  Projection &p) {
  bool transposed = false;
  float alpha = 1.0f, beta = 1.0f;
  Value bias;
  if (auto mm = dyn_cast_or_null<onnx::MatMulOp>(op)) {
    p.input = mm.getA();
  } else if (auto gemm = dyn_cast_or_null<onnx::GemmOp>(op)) {
    if (gemm.getTransA())
      return ("the " + role + " projection Gemm transposes its input").str();
    p.input = gemm.getA();
    transposed = gemm.getTransB();
    alpha = gemm.getAlpha().convertToFloat();
    beta = gemm.getBeta().convertToFloat();
    bias = gemm.getC();
  } else {
    return ("the " + role + " input is not a projection MatMul/Gemm (found " +
            opName(op) + ")")
        .str();
  }
  if (!readWeight(op->getOperand(1), transposed, p.k, p.n, p.w))
    return ("the " + role + " projection weight is not a constant").str();
  p.op = op;
  for (float &v : p.w)
    v *= alpha;
  p.b.assign(p.n, 0.0f);
  if (!onnx::isNone(bias)) {
    std::vector<float> c;
    auto type = llvm::cast<RankedTensorType>(bias.getType());
    // Only a bias per output feature (or one for all) is a projection bias.
    if (!onnx::readConstantFloats(bias, c) ||
        (c.size() != 1 && (c.size() != static_cast<size_t>(p.n) ||
                           type.getShape().back() != p.n)))
      return ("the " + role + " projection bias is not a constant [N]").str();
    for (int64_t j = 0; j < p.n; ++j)
      p.b[j] = beta * c[c.size() == 1 ? 0 : j];
  }
  return "";
}

/// Q, K or V: projection, then the values from its result to the operand
/// of the attention product, and the values the projection input is a
/// Reshape/Transpose of (candidates for the block input x).
struct Path {
  Projection proj;
  SmallVector<Value> chain;  // proj result first, the product operand last
  SmallVector<Value> inputs; // proj input first, then further back
};

/// Walks back from `v` to a projection through layout ops, uniform scales,
/// constant (bias) Adds and Slice/Split/Gather feature selections.
static std::string walkToProjection(Value v, StringRef role, Path &path) {
  SmallVector<Value> chain{v};
  while (true) {
    Operation *op = v.getDefiningOp();
    Value data, constant;
    bool constantFirst;
    if (op && isLayoutOp(op)) {
      v = op->getOperand(0);
    } else if (op && scaleOf(op, data)) {
      v = data;
    } else if (op && isa<onnx::AddOp>(op) &&
               splitConstant(op, data, constant, constantFirst)) {
      v = data;
    } else if (op && isa<onnx::SliceOp, onnx::SplitOp, onnx::GatherOp>(op)) {
      v = op->getOperand(0);
    } else {
      std::string err = readProjection(op, role, path.proj);
      if (!err.empty())
        return err;
      break;
    }
    chain.push_back(v);
  }
  path.chain.assign(chain.rbegin(), chain.rend());
  Value in = path.proj.input;
  path.inputs.push_back(in);
  while (Operation *op = in.getDefiningOp()) {
    if (!isLayoutOp(op))
      break;
    in = op->getOperand(0);
    path.inputs.push_back(in);
  }
  return "";
}

/// Python-style clamping of a Slice bound.
static int64_t clampIndex(int64_t i, int64_t n) {
  if (i < 0)
    i += n;
  return std::clamp<int64_t>(i, 0, n);
}

/// Follows one op of a Q/K/V chain (`in` -> `out`), updating the layout,
/// the path scale and the bias (of the path's copy of the projection).
static bool applyPathOp(Value in, Value out, Layout &l, float &scale,
                        std::vector<float> &bias, int feat = kFeat) {
  Operation *op = out.getDefiningOp();
  Value data, constant;
  bool constantFirst;
  if (isLayoutOp(op))
    return applyLayoutOp(op, l);
  if (std::optional<float> s = scaleOf(op, data)) {
    scale *= *s;
    return true;
  }
  ArrayRef<int64_t> inShape = shapeOf(in);
  int64_t rank = inShape.size();
  if (isa<onnx::AddOp>(op)) {
    // A bias on the feature dimension: (y s + c) = s (y + c / s).
    std::vector<float> c;
    splitConstant(op, data, constant, constantFirst);
    auto ctype = llvm::cast<RankedTensorType>(constant.getType());
    if (out.getType() != in.getType() ||
        !onnx::readConstantFloats(constant, c) || ctype.getRank() > rank ||
        l.dims.empty() || l.dims.back().size() != 1)
      return false;
    for (int64_t d = 0; d + 1 < ctype.getRank(); ++d)
      if (ctype.getDimSize(d) != 1)
        return false;
    const Piece &p = l.dims.back().front();
    if (p.axis != feat ||
        (c.size() != 1 && static_cast<int64_t>(c.size()) != p.size))
      return false;
    for (int64_t i = 0; i < p.size; ++i)
      bias[l.offset + i * p.stride] += c[c.size() == 1 ? 0 : i] / scale;
    return true;
  }
  if (auto slice = dyn_cast<onnx::SliceOp>(op)) {
    auto starts = onnx::getConstantInts(slice.getStarts());
    auto ends = onnx::getConstantInts(slice.getEnds());
    std::optional<SmallVector<int64_t>> axes, steps;
    if (!onnx::isNone(slice.getAxes()))
      axes = onnx::getConstantInts(slice.getAxes());
    else
      axes =
          llvm::to_vector(llvm::seq<int64_t>(0, starts ? starts->size() : 0));
    if (!onnx::isNone(slice.getSteps()))
      steps = onnx::getConstantInts(slice.getSteps());
    if (!starts || !ends || !axes || starts->size() != ends->size() ||
        axes->size() != starts->size())
      return false;
    for (size_t i = 0; i < axes->size(); ++i) {
      std::optional<int64_t> axis = onnx::normalizeAxis((*axes)[i], rank);
      if (!axis || (steps && (*steps)[i] != 1))
        return false;
      int64_t n = inShape[*axis];
      if (!select(l, *axis, n, clampIndex((*starts)[i], n),
                  clampIndex((*ends)[i], n)))
        return false;
    }
    return true;
  }
  if (auto split = dyn_cast<onnx::SplitOp>(op)) {
    std::optional<int64_t> axis = onnx::normalizeAxis(split.getAxis(), rank);
    if (!axis)
      return false;
    unsigned index = llvm::cast<OpResult>(out).getResultNumber();
    int64_t start = 0;
    for (unsigned i = 0; i < index; ++i)
      start += shapeOf(split.getResult(i))[*axis];
    return select(l, *axis, inShape[*axis], start, start + shapeOf(out)[*axis]);
  }
  if (auto gather = dyn_cast<onnx::GatherOp>(op)) {
    std::optional<int64_t> axis = onnx::normalizeAxis(gather.getAxis(), rank);
    auto indices = onnx::getConstantInts(gather.getIndices());
    auto itype = llvm::cast<RankedTensorType>(gather.getIndices().getType());
    if (!axis || !indices || indices->size() != 1 || itype.getRank() > 1)
      return false;
    int64_t n = inShape[*axis],
            i = (*indices)[0] < 0 ? (*indices)[0] + n : (*indices)[0];
    if (!select(l, *axis, n, i, i + 1))
      return false;
    // A scalar index drops the (now size-1, empty) dimension.
    if (itype.getRank() == 0)
      l.dims.erase(l.dims.begin() + *axis);
    return true;
  }
  return false;
}

/// The projection's effect on the layout: the last dimension, which must be
/// all of `from`, becomes all of `to` (of size n).
static bool applyProjection(Layout &l, int from, int64_t k, int to, int64_t n) {
  if (l.dims.empty() || l.dims.back() != single(from, k))
    return false;
  l.dims.back() = single(to, n);
  l.offset = 0;
  return true;
}

/// Follows `v` through layout ops to the one user that `isEnd` accepts
/// (other branches, such as the head-averaged attention weights that
/// MultiheadAttention may return, are ignored). Fills `chain` with `v` and the
/// layout op results up to that user, or returns null when there is not
/// exactly one.
static Operation *findChain(Value v,
                            function_ref<bool(Operation *, Value)> isEnd,
                            SmallVector<Value> &chain) {
  Operation *found = nullptr;
  SmallVector<Value> foundChain;
  unsigned count = 0;
  std::function<void(Value, SmallVector<Value> &)> visit =
      [&](Value cur, SmallVector<Value> &path) {
        path.push_back(cur);
        for (Operation *user : cur.getUsers()) {
          if (isEnd(user, cur)) {
            if (user != found)
              ++count;
            found = user;
            foundChain = path;
          } else if (isLayoutOp(user)) {
            visit(user->getResult(0), path);
          }
        }
        path.pop_back();
      };
  SmallVector<Value> path;
  visit(v, path);
  if (count != 1)
    return nullptr;
  chain = std::move(foundChain);
  return found;
}

/// The one user of `v` that continues a chain (by `accept`), or null.
template <typename Pred> static Operation *nextOp(Value v, Pred accept) {
  Operation *found = nullptr;
  for (Operation *user : v.getUsers()) {
    if (!accept(user))
      continue;
    if (found && found != user)
      return nullptr;
    found = user;
  }
  return found;
}

//===----------------------------------------------------------------------===//
// The matcher.
//===----------------------------------------------------------------------===//

/// Everything needed to build one sparse_vit.attention.
struct Match {
  Value x, replaced;
  int64_t numHeads = 0;
  float scale = 1.0f;
  std::vector<float> w[4], b[4]; // q, k, v, o
  // The softmax result is a view of `probs` [B, H, T, T] (so its other
  // users, such as returned attention weights, can read `probs`).
  bool probsView = false;
  llvm::SetVector<Operation *> ops;
};

class Matcher {
public:
  explicit Matcher(onnx::SoftmaxOp softmax) : softmax(softmax) {}

  /// Fills `m`, or returns what did not match.
  std::string match(Match &m);

private:
  std::string tryRoot(size_t ra, size_t rb, Match &m);
  std::string buildPath(Path &p, size_t root, int tok, Layout &l, float &scale,
                        std::vector<float> &bias, StringRef role);

  onnx::SoftmaxOp softmax;
  SmallVector<Value> logitsChain; // product result first, softmax input last
  float logitsScale = 1.0f;
  Path pa, pb, pv; // the two product operands (Q and K in some order), V
  SmallVector<Value> probsChain; // softmax result first, PV operand last
  SmallVector<Value> mergeChain; // PV result first, out-projection input last
  Projection out;
  SmallVector<Value> outChain; // out-projection result first
};

std::string Matcher::match(Match &m) {
  // Softmax input <- scales/layout ops <- the Q.K product.
  Value v = softmax.getInput();
  logitsChain.push_back(v);
  Operation *op = v.getDefiningOp();
  Value data;
  while (op && !isa<onnx::MatMulOp>(op)) {
    if (isLayoutOp(op)) {
      v = op->getOperand(0);
    } else if (std::optional<float> s = scaleOf(op, data)) {
      logitsScale *= *s;
      v = data;
    } else {
      return "the softmax input is not a scaled product of two tensors "
             "(found " +
             opName(op) + ")";
    }
    logitsChain.push_back(v);
    op = v.getDefiningOp();
  }
  if (!op)
    return "the softmax input is not a scaled product of two tensors";
  std::reverse(logitsChain.begin(), logitsChain.end());
  auto qk = cast<onnx::MatMulOp>(op);
  // Which operand is Q is known only once the softmax axis is checked, so
  // remarks name them by position.
  std::string err = walkToProjection(qk.getA(), "left Q.K operand", pa);
  if (err.empty())
    err = walkToProjection(qk.getB(), "right Q.K operand", pb);
  if (!err.empty())
    return err;

  // Softmax result -> layout ops -> probs x V.
  auto isProduct = [](Operation *user, Value v) {
    return isa<onnx::MatMulOp>(user) && user->getOperand(0) == v;
  };
  Operation *end = findChain(softmax.getOutput(), isProduct, probsChain);
  if (!end)
    return "the probabilities are not multiplied by V";
  auto pvOp = cast<onnx::MatMulOp>(end);
  err = walkToProjection(pvOp.getB(), "V", pv);
  if (!err.empty())
    return err;

  // probs x V -> head merge -> output projection -> bias, layout ops.
  end = findChain(
      pvOp.getY(),
      [](Operation *user, Value v) {
        return isa<onnx::MatMulOp, onnx::GemmOp>(user) &&
               user->getOperand(0) == v;
      },
      mergeChain);
  if (!end)
    return "the head merge is not followed by an output projection "
           "MatMul/Gemm";
  err = readProjection(end, "output", out);
  if (!err.empty())
    return err;
  v = out.op->getResult(0);
  outChain.push_back(v);
  while (true) {
    Value cur = v;
    Operation *next = nextOp(cur, [&](Operation *user) {
      Value d, c;
      bool first;
      return isLayoutOp(user) ||
             (isa<onnx::AddOp>(user) && splitConstant(user, d, c, first) &&
              d == cur && user->getResult(0).getType() == cur.getType());
    });
    if (!next || !cur.hasOneUse())
      break;
    v = next->getResult(0);
    outChain.push_back(v);
  }

  // The block input x: a [B, T, D] value that the three projection inputs
  // are (views of); the farthest back is tried first, so that x is the
  // [B, T, D] value even when the model transposes it to [T, B, D].
  int64_t d = pa.proj.k;
  bool shared = false;
  std::string first;
  for (size_t ra = pa.inputs.size(); ra-- > 0;) {
    Value x = pa.inputs[ra];
    auto type = llvm::dyn_cast<RankedTensorType>(x.getType());
    auto *rb = llvm::find(pb.inputs, x);
    if (!type || type.getRank() != 3 || type.getDimSize(2) != d ||
        !type.getElementType().isF32() || rb == pb.inputs.end() ||
        !llvm::is_contained(pv.inputs, x))
      continue;
    shared = true;
    Match candidate;
    err = tryRoot(ra, rb - pb.inputs.begin(), candidate);
    if (err.empty()) {
      m = std::move(candidate);
      return "";
    }
    if (first.empty())
      first = err;
  }
  if (!shared)
    return "the Q, K and V projections do not share an input [B, T, D] "
           "(up to Reshape/Transpose)";
  return first;
}

/// Layout, scale and bias of one path from the block input `inputs[root]`
/// to its product operand.
std::string Matcher::buildPath(Path &p, size_t root, int tok, Layout &l,
                               float &scale, std::vector<float> &bias,
                               StringRef role) {
  ArrayRef<int64_t> shape = shapeOf(p.inputs[root]);
  l = Layout();
  l.dims = {single(kBatch, shape[0]), single(tok, shape[1]),
            single(kFeatIn, shape[2])};
  for (size_t i = root; i > 0; --i)
    if (!applyLayoutOp(p.inputs[i - 1].getDefiningOp(), l))
      return ("the " + role + " projection input is not a view of x").str();
  if (!applyProjection(l, kFeatIn, shape[2], kFeat, p.proj.n))
    return ("the " + role + " projection does not project the features of x")
        .str();
  scale = 1.0f;
  bias = p.proj.b;
  for (size_t i = 1; i < p.chain.size(); ++i)
    if (!applyPathOp(p.chain[i - 1], p.chain[i], l, scale, bias))
      return ("the " + role + " path has an unsupported " +
              opName(p.chain[i].getDefiningOp()))
          .str();
  return "";
}

std::string Matcher::tryRoot(size_t ra, size_t rb, Match &m) {
  Value x = pa.inputs[ra];
  ArrayRef<int64_t> xs = shapeOf(x);
  const int64_t batch = xs[0], tokens = xs[1], dim = xs[2];

  // Q.K: which operand is the query is decided by the softmax axis.
  Layout la, lb, logits;
  float sa, sb;
  std::vector<float> ba, bb;
  std::string err = buildPath(pa, ra, kTokA, la, sa, ba, "left Q.K operand");
  if (err.empty())
    err = buildPath(pb, rb, kTokB, lb, sb, bb, "right Q.K operand");
  if (!err.empty())
    return err;
  Dim contracted;
  if (!matmul(la, lb, logits, contracted))
    return "the Q.K product does not pair the heads of Q and K";
  for (size_t i = 1; i < logitsChain.size(); ++i)
    if (isLayoutOp(logitsChain[i].getDefiningOp()) &&
        !applyLayoutOp(logitsChain[i].getDefiningOp(), logits))
      return "the logits are rearranged across heads or tokens";
  if (contracted.size() != 1 || contracted[0].axis != kFeat ||
      contracted[0].stride != 1)
    return "the Q.K product does not contract the head dimension";
  const int64_t headDim = contracted[0].size;
  if (dim % headDim)
    return "the head dimension does not divide D";
  const int64_t heads = dim / headDim;

  std::optional<int64_t> axis = onnx::normalizeAxis(
      softmax.getAxis(), static_cast<int64_t>(logits.dims.size()));
  if (!axis || tokens < 2)
    return "the softmax axis is not the key axis";
  const Dim &softDim = logits.dims[*axis];
  int query, key;
  if (softDim == single(kTokB, tokens))
    query = kTokA, key = kTokB;
  else if (softDim == single(kTokA, tokens))
    query = kTokB, key = kTokA;
  else
    return "the softmax axis is not the key axis";
  SmallVector<Piece> pieces;
  for (const Dim &d : logits.dims)
    pieces.append(d.begin(), d.end());
  if (!tiles(pieces, kBatch, 1, batch) || !tiles(pieces, kTokA, 1, tokens) ||
      !tiles(pieces, kTokB, 1, tokens) ||
      !tiles(pieces, kFeat, headDim, heads) ||
      llvm::any_of(pieces, [](const Piece &p) {
        return p.axis != kBatch && p.axis != kTokA && p.axis != kTokB &&
               p.axis != kFeat;
      }))
    return "the logits are not [B, H, T, T] per head";
  const bool swapped = query == kTokB;
  Layout view = logits;
  SmallVector<Dim> canonical = {single(kBatch, batch),
                                {{kFeat, headDim, heads}},
                                single(query, tokens),
                                single(key, tokens)};
  normalize(canonical[1]);
  m.probsView =
      reshape(view, {batch, heads, tokens, tokens}) && view.dims == canonical;
  Path &pq = swapped ? pb : pa, &pk = swapped ? pa : pb;
  const Layout &lq = swapped ? lb : la, &lk = swapped ? la : lb;

  // probs x V.
  Layout probs = logits, lv, merged;
  for (size_t i = 1; i < probsChain.size(); ++i)
    if (!applyLayoutOp(probsChain[i].getDefiningOp(), probs))
      return "the probabilities are rearranged across heads or tokens";
  size_t rv = llvm::find(pv.inputs, x) - pv.inputs.begin();
  float sv;
  std::vector<float> bv;
  err = buildPath(pv, rv, key, lv, sv, bv, "V");
  if (!err.empty())
    return err;
  // The key axis is the one V is summed over; the softmax must normalize it.
  if (probs.dims.size() >= 2 && probs.dims.back() == single(query, tokens))
    return "the softmax axis is not the key axis";
  if (!matmul(probs, lv, merged, contracted) ||
      contracted != single(key, tokens))
    return "the probabilities x V product does not pair the heads and keys";
  for (size_t i = 1; i < mergeChain.size(); ++i)
    if (!applyLayoutOp(mergeChain[i].getDefiningOp(), merged))
      return "the head merge is not a view of the heads";

  // Output projection back to [B, T, D].
  if (out.k != dim || out.n != dim)
    return "the output projection weight is not [D, D]";
  if (!applyProjection(merged, kFeat, dim, kFeatOut, dim))
    return "the head merge does not concatenate the heads in order";
  // The replaced value is the last [B, T, D] one on the chain; feature
  // biases added up to it belong to the block, later ops stay and use `out`.
  std::vector<float> bo = out.b, boAt;
  float so = 1.0f, soAt = 1.0f;
  SmallVector<Dim> want = {single(kBatch, batch), single(query, tokens),
                           single(kFeatOut, dim)};
  auto wantType = RankedTensorType::get({batch, tokens, dim},
                                        Float32Type::get(x.getContext()));
  Value replaced;
  for (size_t i = 0; i < outChain.size(); ++i) {
    if (i > 0 &&
        !applyPathOp(outChain[i - 1], outChain[i], merged, so, bo, kFeatOut))
      break;
    if (merged.dims == want && outChain[i].getType() == wantType) {
      replaced = outChain[i];
      boAt = bo;
      soAt = so;
    }
  }
  if (!replaced)
    return "the output projection does not give [B, T, D] tokens in order";

  // Weights of the raised op: the features [offset, offset + D) of each
  // projection, and the scale of the logits.
  auto slicePath = [&](const Path &p, const Layout &l,
                       const std::vector<float> &bias, int slot) {
    int64_t n = p.proj.n;
    if (l.offset + dim > n)
      return false;
    m.w[slot].resize(dim * dim);
    m.b[slot].resize(dim);
    for (int64_t i = 0; i < dim; ++i)
      for (int64_t j = 0; j < dim; ++j)
        m.w[slot][i * dim + j] = p.proj.w[i * n + l.offset + j];
    for (int64_t j = 0; j < dim; ++j)
      m.b[slot][j] = bias[l.offset + j];
    return true;
  };
  const std::vector<float> &bq = swapped ? bb : ba, &bk = swapped ? ba : bb;
  if (!slicePath(pq, lq, bq, 0) || !slicePath(pk, lk, bk, 1) ||
      !slicePath(pv, lv, bv, 2))
    return "a projection selects features beyond its weight";
  // Scales of V and of the output fold into their weights and biases.
  for (float &w : m.w[2])
    w *= sv;
  for (float &b : m.b[2])
    b *= sv;
  m.w[3] = out.w;
  m.b[3] = boAt;
  for (float &w : m.w[3])
    w *= soAt;
  for (float &b : m.b[3])
    b *= soAt;
  m.scale = sa * sb * logitsScale;
  if (!(m.scale > 0.0f) || !std::isfinite(m.scale))
    return "the logit scale is not positive";
  m.numHeads = heads;
  m.x = x;
  m.replaced = replaced;

  // The matched ops (erased when dead after the replacement).
  for (Path *p : {&pa, &pb, &pv}) {
    m.ops.insert(p->proj.op);
    for (Value v : p->chain)
      if (Operation *op = v.getDefiningOp())
        m.ops.insert(op);
    size_t root = llvm::find(p->inputs, x) - p->inputs.begin();
    for (size_t i = 0; i < root; ++i)
      m.ops.insert(p->inputs[i].getDefiningOp());
  }
  for (ArrayRef<Value> chain :
       {ArrayRef<Value>(logitsChain), ArrayRef<Value>(probsChain),
        ArrayRef<Value>(mergeChain)})
    for (Value v : chain)
      m.ops.insert(v.getDefiningOp());
  m.ops.insert(out.op);
  for (Value v : outChain) {
    m.ops.insert(v.getDefiningOp());
    if (v == replaced)
      break;
  }
  // The rewrite inserts before the replaced value's op and erases users
  // before producers in one block.
  Block *block = softmax->getBlock();
  if (llvm::any_of(m.ops,
                   [&](Operation *op) { return op->getBlock() != block; }))
    return "the attention spans several blocks";
  return "";
}

//===----------------------------------------------------------------------===//
// The pass.
//===----------------------------------------------------------------------===//

struct SparseVitRaisePass : impl::SparseVitRaiseBase<SparseVitRaisePass> {
  using SparseVitRaiseBase::SparseVitRaiseBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<onnx::SoftmaxOp> softmaxes;
    func.walk([&](onnx::SoftmaxOp op) { softmaxes.push_back(op); });
    if (softmaxes.empty()) {
      func.emitRemark("no attention found");
      return;
    }
    for (onnx::SoftmaxOp softmax : softmaxes) {
      Match m;
      std::string err = Matcher(softmax).match(m);
      if (!err.empty()) {
        softmax.emitRemark() << "not raised: " << err;
        continue;
      }
      raise(m, softmax);
    }
  }

  void raise(Match &m, onnx::SoftmaxOp softmax) {
    // Before the softmax: x dominates it, every user of the replaced value
    // and of the softmax comes after it.
    Location loc = softmax.getLoc();
    OpBuilder b(softmax);
    int64_t d = llvm::cast<RankedTensorType>(m.x.getType()).getDimSize(2);
    static const char *names[4] = {"q", "k", "v", "o"};
    Value w[4], bias[4];
    for (int i = 0; i < 4; ++i) {
      w[i] = onnx::createConstant(
          b, loc, RankedTensorType::get({d, d}, b.getF32Type()), m.w[i],
          std::string("sparse_vit_w") + names[i]);
      bias[i] = onnx::createConstant(
          b, loc, RankedTensorType::get({d}, b.getF32Type()), m.b[i],
          std::string("sparse_vit_b") + names[i]);
    }
    auto attention =
        b.create<AttentionOp>(loc, m.x, w[0], bias[0], w[1], bias[1], w[2],
                              bias[2], w[3], bias[3], m.numHeads, m.scale);
    m.replaced.replaceAllUsesWith(attention.getOut());

    // Users of the probabilities outside the block read `probs`.
    Value probs = softmax.getOutput();
    if (m.probsView && llvm::any_of(probs.getUsers(), [&](Operation *user) {
          return !m.ops.contains(user);
        })) {
      Value view = attention.getProbs();
      if (view.getType() != probs.getType()) {
        ArrayRef<int64_t> shape = shapeOf(probs);
        auto shapeType = RankedTensorType::get(
            {static_cast<int64_t>(shape.size())}, b.getI64Type());
        Value shapeValue = b.create<onnx::ConstantOp>(
            loc, DenseElementsAttr::get(shapeType, shape));
        view =
            b.create<onnx::ReshapeOp>(loc, probs.getType(), view, shapeValue);
      }
      probs.replaceUsesWithIf(view, [&](OpOperand &use) {
        return !m.ops.contains(use.getOwner());
      });
    }

    // Erase the matched ops (and constants only they used) once dead, users
    // before producers.
    SmallVector<Operation *> ops(m.ops.begin(), m.ops.end());
    llvm::sort(
        ops, [](Operation *a, Operation *b) { return b->isBeforeInBlock(a); });
    llvm::SetVector<Operation *> constants;
    for (Operation *op : ops) {
      if (!op->use_empty())
        continue;
      for (Value operand : op->getOperands())
        if (auto c = operand.getDefiningOp<onnx::ConstantOp>())
          constants.insert(c);
      op->erase();
    }
    for (Operation *c : constants)
      if (c->use_empty())
        c->erase();
  }
};

} // namespace
} // namespace kiln::sparse_vit
