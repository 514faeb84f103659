//===- DataMovement.cpp - shape, copy, index, resize and einsum kernels ---===//
//
// Host kernels for the ONNX ops that mostly move elements. Where an op only
// moves bytes it is type agnostic: every dtype shares one code path keyed on
// the element size. The ops that compute (Range, Pad's constant, Resize,
// Einsum, the Scatter* reductions) dispatch on the element type.
//
// Most copies are planned as one strided n-D copy (StridedCopy): unit dims are
// dropped and dims contiguous in both tensors are merged, so Concat, Split,
// Slice with step 1 and Transpose of outer dims become one memcpy per
// contiguous run; a copy whose innermost dim is strided on one side goes
// through small square tiles so both sides stay in cache; and large copies are
// split over the worker threads.
//
// Every index read from a tensor is range-checked before it is used, and every
// output shape is recomputed from the actual inputs and compared with the one
// the compiler allocated, so a bad model fails with a message instead of
// reading or writing out of bounds.
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"
#include "kernels/Registration.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace kiln::rt {
namespace {

using Index = std::vector<int64_t>;

// Below this many bytes a copy stays on the calling thread: waking the pool
// costs more than it saves.
constexpr int64_t kParallelBytes = 1 << 20;
// Bytes handed to a worker at a time in a parallel copy.
constexpr int64_t kChunkBytes = 256 << 10;
// Side of the square tiles used when the innermost dim is strided on one side.
constexpr int64_t kTile = 32;
// Two-input Einsums with fewer multiply-adds than this run the generic loop:
// below it the permute copies cost as much as the products.
constexpr double kEinsumGemmMinMacs = 1 << 15;

//===----------------------------------------------------------------------===//
// Checks shared by the kernels.
//===----------------------------------------------------------------------===//

void expectShape(const KernelContext &ctx, const Tensor &out,
                 const Shape &expected, size_t index = 0) {
  if (out.shape() != expected)
    ctx.fail("output #", index, " is allocated as ", formatShape(out.shape()),
             " but the inputs give ", formatShape(expected));
}

void expectType(const KernelContext &ctx, const Tensor &t, DType type,
                const char *what) {
  if (t.dtype() != type)
    ctx.fail(what, " has element type ", dtypeName(t.dtype()), ", expected ",
             dtypeName(type));
}

bool isIntegerType(DType t) { return isSignedInt(t) || isUnsignedInt(t); }

/// The values of an index-like input (shape, axes, pads, indices...). Floats
/// are rejected: truncating them would hide a compiler bug.
Index intValues(const KernelContext &ctx, const Tensor &t, const char *what) {
  if (!isIntegerType(t.dtype()))
    ctx.fail(what, " must have an integer element type, got ",
             dtypeName(t.dtype()));
  return readIndices(t);
}

/// A one-element input read as an integer (floats truncate, as ONNX casts
/// OneHot's depth).
int64_t scalarInt(const KernelContext &ctx, const Tensor &t, const char *what) {
  if (t.numel() != 1)
    ctx.fail(what, " must hold one value, got shape ", formatShape(t.shape()));
  if (isFloat(t.dtype())) {
    double v = loadAsDouble(t, 0);
    if (!std::isfinite(v) || std::fabs(v) >= 9.2e18)
      ctx.fail(what, " is ", v, ", not a usable integer");
  }
  return loadAsInt(t, 0);
}

[[noreturn]] void failIndex(const KernelContext &ctx, int64_t v, int64_t dim,
                            int64_t axis) {
  ctx.fail("index ", v, " is out of range [", -dim, ", ", dim, ") along axis ",
           axis);
}

/// An index in [-dim, dim) mapped into [0, dim) (negative counts from the
/// end, as in every ONNX indexing op).
int64_t wrapIndex(const KernelContext &ctx, int64_t v, int64_t dim,
                  int64_t axis) {
  if (v < -dim || v >= dim)
    failIndex(ctx, v, dim, axis);
  return v < 0 ? v + dim : v;
}

int64_t product(const Shape &s, size_t begin, size_t end) {
  int64_t p = 1;
  for (size_t i = begin; i < end && i < s.size(); ++i)
    p *= s[i];
  return p;
}

int64_t checkedMul(const KernelContext &ctx, int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r))
    ctx.fail("size ", a, " x ", b, " overflows int64");
  return r;
}

int64_t checkedAdd(const KernelContext &ctx, int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r))
    ctx.fail("size ", a, " + ", b, " overflows int64");
  return r;
}

/// Axes from input `index` (opset >= 13) or, for older exports, from the
/// attribute of the same name.
std::optional<Index> axesOf(const KernelContext &ctx, size_t index,
                            const char *name) {
  if (ctx.hasInput(index))
    return intValues(ctx, ctx.in(index), name);
  return (*ctx.attrs).getInts(name);
}

/// Normalized axes, each in [-rank, rank), without repeats.
Index uniqueAxes(const KernelContext &ctx, const Index &axes, int64_t rank) {
  Index out;
  std::vector<bool> seen(rank, false);
  for (int64_t a : axes) {
    if (a < -rank || a >= rank)
      ctx.fail("axis ", a, " is out of range for rank ", rank);
    int64_t n = a < 0 ? a + rank : a;
    if (seen[n])
      ctx.fail("axis ", a, " is repeated");
    seen[n] = true;
    out.push_back(n);
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Copy engine.
//===----------------------------------------------------------------------===//

/// Runs fn over items [0, n) of `itemBytes` each, on the worker threads when
/// the total is large enough to pay for them.
void forChunks(int64_t n, int64_t itemBytes,
               const std::function<void(int64_t, int64_t)> &fn) {
  if (n <= 0)
    return;
  itemBytes = std::max<int64_t>(itemBytes, 1);
  if (n < 2 || static_cast<double>(n) * itemBytes < kParallelBytes ||
      numThreads() == 1) {
    fn(0, n);
    return;
  }
  parallelFor(n, std::max<int64_t>(1, kChunkBytes / itemBytes), fn);
}

void copyBytes(void *dst, const void *src, int64_t bytes) {
  if (bytes <= 0 || dst == src)
    return;
  char *d = static_cast<char *>(dst);
  const char *s = static_cast<const char *>(src);
  int64_t chunks = (bytes + kChunkBytes - 1) / kChunkBytes;
  forChunks(chunks, kChunkBytes, [&](int64_t b, int64_t e) {
    int64_t lo = b * kChunkBytes, hi = std::min(bytes, e * kChunkBytes);
    std::memcpy(d + lo, s + lo, hi - lo);
  });
}

/// Fills n elements with copies of one element, doubling the filled prefix
/// so a large fill is a few big memcpys.
void fillElements(void *dst, int64_t n, const void *elem, size_t size) {
  if (n <= 0)
    return;
  char *d = static_cast<char *>(dst);
  const char *e = static_cast<const char *>(elem);
  if (std::all_of(e, e + size, [](char c) { return c == 0; })) {
    std::memset(d, 0, n * size);
    return;
  }
  std::memcpy(d, e, size);
  int64_t done = 1;
  while (done < n) {
    int64_t step = std::min(done, n - done);
    std::memcpy(d + done * size, d, step * size);
    done += step;
  }
}

/// Calls fn(std::integral_constant<size_t, N>) for element sizes 1/2/4/8 so
/// element loops copy a compile-time number of bytes.
template <typename Fn> void visitSize(size_t size, Fn &&fn) {
  switch (size) {
  case 1:
    return fn(std::integral_constant<size_t, 1>{});
  case 2:
    return fn(std::integral_constant<size_t, 2>{});
  case 4:
    return fn(std::integral_constant<size_t, 4>{});
  case 8:
    return fn(std::integral_constant<size_t, 8>{});
  }
  fail("unsupported element size ", size);
}

template <size_t E>
void copyRun(char *dst, const char *src, int64_t n, int64_t dstStride,
             int64_t srcStride) {
  for (int64_t i = 0; i < n; ++i)
    std::memcpy(dst + i * dstStride * int64_t(E),
                src + i * srcStride * int64_t(E), E);
}

/// Offsets of flat position `flat` of `dims` in two strided layouts.
void offsetsOf(const Index &dims, const Index &dstStrides,
               const Index &srcStrides, int64_t flat, int64_t &dst,
               int64_t &src) {
  dst = src = 0;
  for (size_t k = dims.size(); k-- > 0;) {
    int64_t c = flat % dims[k];
    flat /= dims[k];
    dst += c * dstStrides[k];
    src += c * srcStrides[k];
  }
}

/// Calls fn(dstOffset, srcOffset) for flat positions [begin, end) of `dims`,
/// stepping like an odometer instead of dividing per position.
template <typename Fn>
void walk(const Index &dims, const Index &dstStrides, const Index &srcStrides,
          int64_t begin, int64_t end, Fn &&fn) {
  if (begin >= end) // also keeps a zero-sized dim out of the divisions
    return;
  const size_t rank = dims.size();
  Index coord(rank, 0);
  int64_t dst = 0, src = 0, rest = begin;
  for (size_t k = rank; k-- > 0;) {
    coord[k] = rest % dims[k];
    rest /= dims[k];
    dst += coord[k] * dstStrides[k];
    src += coord[k] * srcStrides[k];
  }
  for (int64_t i = begin; i < end; ++i) {
    fn(dst, src);
    for (size_t k = rank; k-- > 0;) {
      if (++coord[k] < dims[k]) {
        dst += dstStrides[k];
        src += srcStrides[k];
        break;
      }
      dst -= dstStrides[k] * (dims[k] - 1);
      src -= srcStrides[k] * (dims[k] - 1);
      coord[k] = 0;
    }
  }
}

/// An n-D copy: dst[sum c_d * dst_d] = src[sum c_d * src_d] over the index
/// space `dims`. Strides are in elements; source strides may be negative
/// (Slice with a negative step) or 0 (Expand, Tile).
struct StridedCopy {
  Index dims, dst, src;
  void add(int64_t dim, int64_t dstStride, int64_t srcStride) {
    dims.push_back(dim);
    dst.push_back(dstStride);
    src.push_back(srcStride);
  }
};

/// Drops unit dims and merges each dim into its outer neighbour when the two
/// are contiguous with each other in both tensors.
StridedCopy simplified(const StridedCopy &c) {
  StridedCopy out;
  for (size_t d = 0; d < c.dims.size(); ++d) {
    if (c.dims[d] == 1)
      continue;
    if (!out.dims.empty() && out.dst.back() == c.dst[d] * c.dims[d] &&
        out.src.back() == c.src[d] * c.dims[d]) {
      out.dims.back() *= c.dims[d];
      out.dst.back() = c.dst[d];
      out.src.back() = c.src[d];
    } else {
      out.add(c.dims[d], c.dst[d], c.src[d]);
    }
  }
  return out;
}

void runCopy(const StridedCopy &plan, void *dstBase, const void *srcBase,
             size_t elemSize) {
  for (int64_t d : plan.dims)
    if (d == 0)
      return;
  StridedCopy p = simplified(plan);
  char *dst = static_cast<char *>(dstBase);
  const char *src = static_cast<const char *>(srcBase);
  const int64_t es = static_cast<int64_t>(elemSize);
  if (p.dims.empty()) {
    std::memcpy(dst, src, elemSize);
    return;
  }
  const size_t inner = p.dims.size() - 1;
  const int64_t n = p.dims[inner], ds = p.dst[inner], ss = p.src[inner];
  Index od(p.dims.begin(), p.dims.begin() + inner);
  Index odst(p.dst.begin(), p.dst.begin() + inner);
  Index osrc(p.src.begin(), p.src.begin() + inner);
  const int64_t outer = product(od, 0, od.size());

  if (ds == 1 && ss == 1) {
    const int64_t run = n * es;
    forChunks(outer, run, [&](int64_t b, int64_t e) {
      walk(od, odst, osrc, b, e, [&](int64_t d, int64_t s) {
        std::memcpy(dst + d * es, src + s * es, run);
      });
    });
    return;
  }

  // The innermost dim is contiguous on one side only. If another dim is
  // contiguous on the other side, copy (that dim x innermost) tiles so each
  // cache line fetched on either side is used whole.
  int64_t j = -1;
  if (ds == 1 || ss == 1)
    for (size_t k = 0; k < inner; ++k)
      if ((ds == 1 ? p.src[k] : p.dst[k]) == 1)
        j = static_cast<int64_t>(k);

  visitSize(elemSize, [&](auto size) {
    constexpr size_t E = decltype(size)::value;
    if (j < 0) {
      forChunks(outer, n * es, [&](int64_t b, int64_t e) {
        walk(od, odst, osrc, b, e, [&](int64_t d, int64_t s) {
          copyRun<E>(dst + d * es, src + s * es, n, ds, ss);
        });
      });
      return;
    }
    Index rd, rdst, rsrc;
    for (size_t k = 0; k < inner; ++k)
      if (static_cast<int64_t>(k) != j) {
        rd.push_back(p.dims[k]);
        rdst.push_back(p.dst[k]);
        rsrc.push_back(p.src[k]);
      }
    const int64_t rows = p.dims[j], rowDst = p.dst[j], rowSrc = p.src[j];
    const int64_t blocks = (rows + kTile - 1) / kTile;
    const int64_t rest = product(rd, 0, rd.size());
    forChunks(rest * blocks, kTile * n * es, [&](int64_t b, int64_t e) {
      for (int64_t item = b; item < e; ++item) {
        int64_t dOff, sOff;
        offsetsOf(rd, rdst, rsrc, item / blocks, dOff, sOff);
        int64_t r0 = (item % blocks) * kTile, r1 = std::min(rows, r0 + kTile);
        for (int64_t c0 = 0; c0 < n; c0 += kTile) {
          int64_t c1 = std::min(n, c0 + kTile);
          for (int64_t r = r0; r < r1; ++r)
            copyRun<E>(dst + (dOff + r * rowDst + c0 * ds) * es,
                       src + (sOff + r * rowSrc + c0 * ss) * es, c1 - c0, ds,
                       ss);
        }
      }
    });
  });
}

/// A copy of the whole of `in` into the same-sized `out` (Reshape & co.).
void copyAll(const KernelContext &ctx, const Tensor &in, Tensor &out) {
  expectType(ctx, out, in.dtype(), "output");
  if (in.numel() != out.numel())
    ctx.fail("input has ", in.numel(), " elements (", formatShape(in.shape()),
             ") but the output has ", out.numel(), " (",
             formatShape(out.shape()), ")");
  copyBytes(out.raw(), in.raw(), static_cast<int64_t>(in.bytes()));
}

//===----------------------------------------------------------------------===//
// Views: Reshape, Flatten, Squeeze, Unsqueeze.
//===----------------------------------------------------------------------===//

void reshapeKernel(KernelContext &ctx) {
  const Tensor &in = ctx.in(0);
  Tensor &out = ctx.out(0);
  Index spec = intValues(ctx, ctx.in(1), "shape");
  bool allowZero = (*ctx.attrs).getInt("allowzero", 0) != 0;
  Shape shape;
  int64_t inferred = -1;
  for (size_t i = 0; i < spec.size(); ++i) {
    int64_t v = spec[i];
    if (v == 0 && !allowZero) {
      if (static_cast<int64_t>(i) >= in.rank())
        ctx.fail("shape[", i, "] = 0 copies a dim the rank-", in.rank(),
                 " input does not have");
      v = in.dim(i);
    } else if (v == -1) {
      if (inferred >= 0)
        ctx.fail("shape has more than one -1");
      inferred = static_cast<int64_t>(i);
      v = 1;
    } else if (v < -1) {
      ctx.fail("shape[", i, "] = ", v, " is negative");
    }
    shape.push_back(v);
  }
  if (inferred >= 0) {
    int64_t known = numElements(shape);
    if (known == 0 || in.numel() % known != 0)
      ctx.fail("cannot infer the -1 dim of a reshape of ",
               formatShape(in.shape()), " into ", known, "-element blocks");
    shape[inferred] = in.numel() / known;
  }
  expectShape(ctx, out, shape);
  copyAll(ctx, in, out);
}

void flattenKernel(KernelContext &ctx) {
  const Tensor &in = ctx.in(0);
  int64_t r = in.rank();
  int64_t axis = (*ctx.attrs).getInt("axis", 1);
  if (axis < -r || axis > r)
    ctx.fail("axis ", axis, " is out of range [", -r, ", ", r, "]");
  if (axis < 0)
    axis += r;
  expectShape(ctx, ctx.out(0),
              {product(in.shape(), 0, axis), product(in.shape(), axis, r)});
  copyAll(ctx, in, ctx.out(0));
}

void squeezeKernel(KernelContext &ctx) {
  const Tensor &in = ctx.in(0);
  const int64_t r = in.rank();
  std::optional<Index> axes = axesOf(ctx, 1, "axes");
  std::vector<bool> drop(r, false);
  if (axes && !axes->empty()) { // empty axes mean "all", as absent ones
    for (int64_t a : uniqueAxes(ctx, *axes, r)) {
      if (in.dim(a) != 1)
        ctx.fail("cannot squeeze axis ", a, " of size ", in.dim(a));
      drop[a] = true;
    }
  } else {
    for (int64_t d = 0; d < r; ++d)
      drop[d] = in.dim(d) == 1;
  }
  Shape shape;
  for (int64_t d = 0; d < r; ++d)
    if (!drop[d])
      shape.push_back(in.dim(d));
  expectShape(ctx, ctx.out(0), shape);
  copyAll(ctx, in, ctx.out(0));
}

void unsqueezeKernel(KernelContext &ctx) {
  const Tensor &in = ctx.in(0);
  std::optional<Index> axes = axesOf(ctx, 1, "axes");
  if (!axes)
    ctx.fail("needs axes");
  const int64_t outRank = in.rank() + static_cast<int64_t>(axes->size());
  std::vector<bool> inserted(outRank, false);
  for (int64_t a : uniqueAxes(ctx, *axes, outRank))
    inserted[a] = true;
  Shape shape;
  int64_t next = 0;
  for (int64_t d = 0; d < outRank; ++d)
    shape.push_back(inserted[d] ? 1 : in.dim(next++));
  expectShape(ctx, ctx.out(0), shape);
  copyAll(ctx, in, ctx.out(0));
}

//===----------------------------------------------------------------------===//
// Transpose, Concat, Split, Slice.
//===----------------------------------------------------------------------===//

/// Copies `in` permuted by `perm` (output dim i = input dim perm[i]).
void permuteInto(const Tensor &in, const Index &perm, void *out) {
  Shape outShape;
  for (int64_t p : perm)
    outShape.push_back(in.dim(p));
  Index inStrides = stridesOf(in.shape()), outStrides = stridesOf(outShape);
  StridedCopy c;
  for (size_t i = 0; i < perm.size(); ++i)
    c.add(outShape[i], outStrides[i], inStrides[perm[i]]);
  runCopy(c, out, in.raw(), dtypeSize(in.dtype()));
}

void transposeKernel(KernelContext &ctx) {
  const Tensor &in = ctx.in(0);
  Tensor &out = ctx.out(0);
  const int64_t r = in.rank();
  Index perm;
  if (auto p = (*ctx.attrs).getInts("perm"); p && !(p->empty() && r > 0))
    perm = *p;
  else
    for (int64_t d = r - 1; d >= 0; --d)
      perm.push_back(d);
  if (static_cast<int64_t>(perm.size()) != r)
    ctx.fail("perm has ", perm.size(), " entries for a rank-", r, " input");
  std::vector<bool> seen(r, false);
  Shape shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= r || seen[p])
      ctx.fail("perm is not a permutation of 0..", r - 1);
    seen[p] = true;
    shape.push_back(in.dim(p));
  }
  expectType(ctx, out, in.dtype(), "output");
  expectShape(ctx, out, shape);
  if (out.numel() == 0) // also keeps huge dims beside a 0 out of strides
    return;
  permuteInto(in, perm, out.raw());
}

void concatKernel(KernelContext &ctx) {
  Tensor &out = ctx.out(0);
  if (ctx.numInputs() == 0)
    ctx.fail("needs at least one input");
  const Tensor &first = ctx.in(0);
  const int64_t r = first.rank();
  if (r == 0)
    ctx.fail("cannot concatenate scalars");
  if (!(*ctx.attrs).has("axis"))
    ctx.fail("missing required attribute 'axis'");
  const int64_t axis = normalizeAxis(ctx, (*ctx.attrs).getInt("axis", 0), r);
  Shape shape = first.shape();
  shape[axis] = 0;
  for (size_t i = 0; i < ctx.numInputs(); ++i) {
    const Tensor &in = ctx.in(i);
    expectType(ctx, in, out.dtype(), "input");
    bool same = in.rank() == r;
    for (int64_t d = 0; same && d < r; ++d)
      same = d == axis || in.dim(d) == first.dim(d);
    if (!same)
      ctx.fail("input #", i, " has shape ", formatShape(in.shape()),
               ", which does not match ", formatShape(first.shape()),
               " outside axis ", axis);
    shape[axis] += in.dim(axis);
  }
  expectShape(ctx, out, shape);
  if (out.numel() == 0)
    return;
  const int64_t outer = product(shape, 0, axis);
  const int64_t inner = product(shape, axis + 1, r);
  const size_t es = dtypeSize(out.dtype());
  int64_t offset = 0;
  for (size_t i = 0; i < ctx.numInputs(); ++i) {
    const Tensor &in = ctx.in(i);
    const int64_t len = in.dim(axis);
    StridedCopy c;
    c.add(outer, shape[axis] * inner, len * inner);
    c.add(len * inner, 1, 1);
    runCopy(c, out.data<char>() + offset * inner * es, in.raw(), es);
    offset += len;
  }
}

void splitKernel(KernelContext &ctx) {
  const Tensor &in = ctx.in(0);
  const int64_t r = in.rank();
  if (r == 0)
    ctx.fail("cannot split a scalar");
  const int64_t axis = normalizeAxis(ctx, (*ctx.attrs).getInt("axis", 0), r);
  const size_t n = ctx.outputs.size();
  if (n == 0)
    ctx.fail("needs at least one output");
  // Part sizes: the `split` input (or the pre-13 attribute), else the
  // allocated outputs, else equal parts.
  Index sizes;
  if (ctx.hasInput(1) && ctx.in(1).numel() > 0)
    sizes = intValues(ctx, ctx.in(1), "split");
  else if (auto attr = (*ctx.attrs).getInts("split"); attr && !attr->empty())
    sizes = *attr;
  bool allPresent = true;
  for (size_t i = 0; i < n; ++i)
    allPresent &= ctx.hasOutput(i);
  if (sizes.empty()) {
    for (size_t i = 0; allPresent && i < n; ++i) {
      const Tensor &o = ctx.out(i);
      if (o.rank() != r)
        ctx.fail("output #", i, " has rank ", o.rank(), ", expected ", r);
      sizes.push_back(o.dim(axis));
    }
    if (!allPresent) {
      if (in.dim(axis) % static_cast<int64_t>(n) != 0)
        ctx.fail("dim ", in.dim(axis), " does not split into ", n,
                 " equal parts");
      sizes.assign(n, in.dim(axis) / static_cast<int64_t>(n));
    }
  }
  if (sizes.size() != n)
    ctx.fail("split has ", sizes.size(), " sizes for ", n, " outputs");
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 0)
      ctx.fail("split size ", s, " is negative");
    total = checkedAdd(ctx, total, s);
  }
  if (total != in.dim(axis))
    ctx.fail("split sizes add up to ", total, " but axis ", axis, " has ",
             in.dim(axis));
  for (size_t i = 0; i < n; ++i)
    if (ctx.hasOutput(i)) {
      Shape shape = in.shape();
      shape[axis] = sizes[i];
      expectType(ctx, ctx.out(i), in.dtype(), "output");
      expectShape(ctx, ctx.out(i), shape, i);
    }
  if (in.numel() == 0)
    return;
  const int64_t outer = product(in.shape(), 0, axis);
  const int64_t inner = product(in.shape(), axis + 1, r);
  const size_t es = dtypeSize(in.dtype());
  int64_t offset = 0;
  for (size_t i = 0; i < n; ++i) {
    if (ctx.hasOutput(i)) {
      Tensor &o = ctx.out(i);
      StridedCopy c;
      c.add(outer, sizes[i] * inner, in.dim(axis) * inner);
      c.add(sizes[i] * inner, 1, 1);
      runCopy(c, o.raw(), in.data<char>() + offset * inner * es, es);
    }
    offset += sizes[i];
  }
}

void sliceKernel(KernelContext &ctx) {
  const Tensor &data = ctx.in(0);
  Tensor &out = ctx.out(0);
  const int64_t r = data.rank();
  Index starts = intValues(ctx, ctx.in(1), "starts");
  Index ends = intValues(ctx, ctx.in(2), "ends");
  const size_t n = starts.size();
  if (ends.size() != n)
    ctx.fail("starts has ", n, " values but ends has ", ends.size());
  Index axes;
  if (ctx.hasInput(3)) {
    axes = uniqueAxes(ctx, intValues(ctx, ctx.in(3), "axes"), r);
  } else {
    if (static_cast<int64_t>(n) > r)
      ctx.fail("starts has ", n, " values for a rank-", r, " input");
    for (size_t i = 0; i < n; ++i)
      axes.push_back(static_cast<int64_t>(i));
  }
  Index steps(n, 1);
  if (ctx.hasInput(4))
    steps = intValues(ctx, ctx.in(4), "steps");
  if (axes.size() != n || steps.size() != n)
    ctx.fail("starts, ends, axes and steps must have the same length");

  Index first(r, 0), step(r, 1);
  Shape shape = data.shape();
  for (size_t i = 0; i < n; ++i) {
    const int64_t a = axes[i], dim = data.dim(a), st = steps[i];
    if (st == 0)
      ctx.fail("step along axis ", a, " is 0");
    int64_t s = starts[i], e = ends[i];
    if (s < 0)
      s += dim;
    if (e < 0)
      e += dim;
    int64_t count;
    if (st > 0) {
      // Python slicing: clamp into [0, dim].
      s = std::min(std::max<int64_t>(s, 0), dim);
      e = std::min(std::max<int64_t>(e, 0), dim);
      count = e > s ? (e - s - 1) / st + 1 : 0;
    } else {
      // Walking down, the first element is at most dim - 1 and the end may
      // be -1 (one before the first element).
      s = std::min(std::max<int64_t>(s, 0), dim - 1);
      e = std::min(std::max<int64_t>(e, -1), dim - 1);
      int64_t down = st == INT64_MIN ? INT64_MAX : -st;
      count = s > e ? (s - e - 1) / down + 1 : 0;
    }
    first[a] = count > 0 ? s : 0;
    step[a] = st;
    shape[a] = count;
  }
  expectType(ctx, out, data.dtype(), "output");
  expectShape(ctx, out, shape);
  if (out.numel() == 0)
    return;
  Index inStrides = stridesOf(data.shape()), outStrides = stridesOf(shape);
  int64_t base = 0;
  StridedCopy c;
  for (int64_t d = 0; d < r; ++d) {
    base += first[d] * inStrides[d];
    c.add(shape[d], outStrides[d], inStrides[d] * step[d]);
  }
  const size_t es = dtypeSize(data.dtype());
  runCopy(c, out.raw(), data.data<char>() + base * es, es);
}

//===----------------------------------------------------------------------===//
// Gather / Scatter family.
//===----------------------------------------------------------------------===//

void gatherKernel(KernelContext &ctx) {
  const Tensor &data = ctx.in(0);
  const Tensor &indices = ctx.in(1);
  Tensor &out = ctx.out(0);
  const int64_t r = data.rank();
  if (r == 0)
    ctx.fail("cannot gather from a scalar");
  const int64_t axis = normalizeAxis(ctx, (*ctx.attrs).getInt("axis", 0), r);
  const int64_t dim = data.dim(axis);
  Index idx = intValues(ctx, indices, "indices");
  for (int64_t &v : idx)
    v = wrapIndex(ctx, v, dim, axis);
  Shape shape(data.shape().begin(), data.shape().begin() + axis);
  shape.insert(shape.end(), indices.shape().begin(), indices.shape().end());
  shape.insert(shape.end(), data.shape().begin() + axis + 1,
               data.shape().end());
  expectType(ctx, out, data.dtype(), "output");
  expectShape(ctx, out, shape);
  if (out.numel() == 0)
    return;
  const int64_t outer = product(data.shape(), 0, axis);
  const int64_t rowBytes =
      product(data.shape(), axis + 1, r) * dtypeSize(data.dtype());
  const int64_t count = static_cast<int64_t>(idx.size());
  if (rowBytes == 0 || count == 0)
    return;
  char *dst = out.data<char>();
  const char *src = data.data<char>();
  forChunks(outer * count, rowBytes, [&](int64_t b, int64_t e) {
    for (int64_t item = b; item < e; ++item) {
      int64_t o = item / count, i = item % count;
      std::memcpy(dst + item * rowBytes, src + (o * dim + idx[i]) * rowBytes,
                  rowBytes);
    }
  });
}

/// Shared checks of GatherElements / ScatterElements: `indices` has the rank
/// of `data` and fits inside it off `axis`; returns the wrapped indices.
Index elementIndices(const KernelContext &ctx, const Tensor &data,
                     const Tensor &indices, int64_t axis) {
  if (indices.rank() != data.rank())
    ctx.fail("indices have rank ", indices.rank(), " but data has rank ",
             data.rank());
  for (int64_t d = 0; d < data.rank(); ++d)
    if (d != axis && indices.dim(d) > data.dim(d))
      ctx.fail("indices shape ", formatShape(indices.shape()),
               " exceeds data shape ", formatShape(data.shape()), " on axis ",
               d);
  Index idx = intValues(ctx, indices, "indices");
  for (int64_t &v : idx)
    v = wrapIndex(ctx, v, data.dim(axis), axis);
  return idx;
}

void gatherElementsKernel(KernelContext &ctx) {
  const Tensor &data = ctx.in(0);
  const Tensor &indices = ctx.in(1);
  Tensor &out = ctx.out(0);
  const int64_t r = data.rank();
  if (r == 0)
    ctx.fail("cannot gather from a scalar");
  const int64_t axis = normalizeAxis(ctx, (*ctx.attrs).getInt("axis", 0), r);
  Index idx = elementIndices(ctx, data, indices, axis);
  expectType(ctx, out, data.dtype(), "output");
  expectShape(ctx, out, indices.shape());
  if (out.numel() == 0)
    return;
  Index dataStrides = stridesOf(data.shape());
  Index srcStrides = dataStrides;
  srcStrides[axis] = 0; // the axis coordinate comes from the index
  const int64_t axisStride = dataStrides[axis];
  Index dstStrides = stridesOf(indices.shape());
  char *dst = out.data<char>();
  const char *src = data.data<char>();
  visitSize(dtypeSize(data.dtype()), [&](auto size) {
    constexpr int64_t E = decltype(size)::value;
    forChunks(out.numel(), E, [&](int64_t b, int64_t e) {
      walk(indices.shape(), dstStrides, srcStrides, b, e,
           [&](int64_t d, int64_t s) {
             std::memcpy(dst + d * E, src + (s + idx[d] * axisStride) * E, E);
           });
    });
  });
}

/// Flat element offsets into `data` of the index tuples in the last dim of
/// `indices` (after `batchDims` leading batch dims), each checked.
Index tupleOffsets(const KernelContext &ctx, const Tensor &data,
                   const Tensor &indices, int64_t batchDims) {
  const int64_t r = data.rank(), q = indices.rank();
  if (q < 1)
    ctx.fail("indices must have rank >= 1");
  if (batchDims < 0 || batchDims >= q || batchDims > r)
    ctx.fail("batch_dims ", batchDims, " is out of range for ranks ", r,
             " and ", q);
  const int64_t k = indices.dim(q - 1);
  if (batchDims + k > r)
    ctx.fail("index tuples of length ", k, " address more than the ",
             r - batchDims, " non-batch dims of data");
  for (int64_t d = 0; d < batchDims; ++d)
    if (indices.dim(d) != data.dim(d))
      ctx.fail("batch dim ", d, " is ", indices.dim(d), " in indices but ",
               data.dim(d), " in data");
  Index idx = intValues(ctx, indices, "indices");
  if (data.numel() == 0) {
    // Nothing to address, but every index must still be valid; strides of
    // an empty shape may overflow, so none are formed.
    for (size_t i = 0; i < idx.size(); ++i) {
      int64_t a = batchDims + static_cast<int64_t>(i) % std::max<int64_t>(k, 1);
      wrapIndex(ctx, idx[i], data.dim(a), a);
    }
    return Index(indices.numel() / std::max<int64_t>(k, 1), 0);
  }
  Index strides = stridesOf(data.shape());
  const int64_t batches = product(data.shape(), 0, batchDims);
  const int64_t perBatch = product(indices.shape(), batchDims, q - 1);
  const int64_t batchStride = product(data.shape(), batchDims, r);
  Index offsets(batches * perBatch);
  for (int64_t b = 0; b < batches; ++b)
    for (int64_t t = 0; t < perBatch; ++t) {
      int64_t tuple = b * perBatch + t, offset = b * batchStride;
      for (int64_t j = 0; j < k; ++j) {
        int64_t a = batchDims + j;
        offset +=
            wrapIndex(ctx, idx[tuple * k + j], data.dim(a), a) * strides[a];
      }
      offsets[tuple] = offset;
    }
  return offsets;
}

void gatherNDKernel(KernelContext &ctx) {
  const Tensor &data = ctx.in(0);
  const Tensor &indices = ctx.in(1);
  Tensor &out = ctx.out(0);
  const int64_t b = (*ctx.attrs).getInt("batch_dims", 0);
  Index offsets = tupleOffsets(ctx, data, indices, b);
  const int64_t q = indices.rank(), k = indices.dim(q - 1);
  Shape shape(indices.shape().begin(), indices.shape().end() - 1);
  shape.insert(shape.end(), data.shape().begin() + b + k, data.shape().end());
  expectType(ctx, out, data.dtype(), "output");
  expectShape(ctx, out, shape);
  if (out.numel() == 0)
    return;
  const int64_t sliceBytes =
      product(data.shape(), b + k, data.rank()) * dtypeSize(data.dtype());
  const int64_t es = dtypeSize(data.dtype());
  char *dst = out.data<char>();
  const char *src = data.data<char>();
  if (sliceBytes == 0)
    return;
  forChunks(static_cast<int64_t>(offsets.size()), sliceBytes,
            [&](int64_t lo, int64_t hi) {
              for (int64_t t = lo; t < hi; ++t)
                std::memcpy(dst + t * sliceBytes, src + offsets[t] * es,
                            sliceBytes);
            });
}

enum class Reduction { None, Add, Mul, Max, Min };

Reduction reductionOf(const KernelContext &ctx) {
  std::string s = (*ctx.attrs).getString("reduction", "none");
  if (s == "none")
    return Reduction::None;
  if (s == "add")
    return Reduction::Add;
  if (s == "mul")
    return Reduction::Mul;
  if (s == "max")
    return Reduction::Max;
  if (s == "min")
    return Reduction::Min;
  ctx.fail("unknown reduction '", s, "'");
}

/// out[i] = reduce(out[i], upd[j]) in the element type's compute type (bool
/// add is "or" and mul is "and").
template <typename T>
void reduceInto(Reduction red, T *out, int64_t i, const T *upd, int64_t j) {
  using E = Elem<T>;
  using C = typename E::Compute;
  C a = E::load(out, i), b = E::load(upd, j);
  switch (red) {
  case Reduction::None:
    E::store(out, i, b);
    break;
  case Reduction::Add:
    E::store(out, i, static_cast<C>(a + b));
    break;
  case Reduction::Mul:
    E::store(out, i, static_cast<C>(a * b));
    break;
  case Reduction::Max:
    E::store(out, i, std::max(a, b));
    break;
  case Reduction::Min:
    E::store(out, i, std::min(a, b));
    break;
  }
}

/// Applies updates[j * n + e] to out[offsets[j] + e] for every j, in order
/// (so a later duplicate index wins under reduction "none").
void scatterRuns(const KernelContext &ctx, Reduction red, Tensor &out,
                 const Tensor &updates, const Index &offsets, int64_t n) {
  const size_t es = dtypeSize(out.dtype());
  if (red == Reduction::None) {
    for (size_t j = 0; j < offsets.size(); ++j)
      std::memcpy(out.data<char>() + offsets[j] * es,
                  updates.data<char>() + j * n * es, n * es);
    return;
  }
  visitDType(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (size_t j = 0; j < offsets.size(); ++j)
      for (int64_t e = 0; e < n; ++e)
        reduceInto<T>(red, out.data<T>(), offsets[j] + e, updates.data<T>(),
                      static_cast<int64_t>(j) * n + e);
  });
}

void scatterNDKernel(KernelContext &ctx) {
  const Tensor &data = ctx.in(0);
  const Tensor &indices = ctx.in(1);
  const Tensor &updates = ctx.in(2);
  Tensor &out = ctx.out(0);
  Reduction red = reductionOf(ctx);
  Index offsets = tupleOffsets(ctx, data, indices, 0);
  const int64_t q = indices.rank(), k = indices.dim(q - 1);
  Shape updShape(indices.shape().begin(), indices.shape().end() - 1);
  updShape.insert(updShape.end(), data.shape().begin() + k, data.shape().end());
  if (updates.shape() != updShape)
    ctx.fail("updates have shape ", formatShape(updates.shape()), ", expected ",
             formatShape(updShape));
  expectType(ctx, updates, data.dtype(), "updates");
  expectType(ctx, out, data.dtype(), "output");
  expectShape(ctx, out, data.shape());
  if (out.numel() == 0)
    return;
  copyBytes(out.raw(), data.raw(), static_cast<int64_t>(data.bytes()));
  scatterRuns(ctx, red, out, updates, offsets,
              product(data.shape(), k, data.rank()));
}

void scatterElementsKernel(KernelContext &ctx) {
  const Tensor &data = ctx.in(0);
  const Tensor &indices = ctx.in(1);
  const Tensor &updates = ctx.in(2);
  Tensor &out = ctx.out(0);
  Reduction red = reductionOf(ctx);
  const int64_t r = data.rank();
  if (r == 0)
    ctx.fail("cannot scatter into a scalar");
  const int64_t axis = normalizeAxis(ctx, (*ctx.attrs).getInt("axis", 0), r);
  Index idx = elementIndices(ctx, data, indices, axis);
  if (updates.shape() != indices.shape())
    ctx.fail("updates have shape ", formatShape(updates.shape()),
             " but indices have shape ", formatShape(indices.shape()));
  expectType(ctx, updates, data.dtype(), "updates");
  expectType(ctx, out, data.dtype(), "output");
  expectShape(ctx, out, data.shape());
  if (out.numel() == 0)
    return;
  copyBytes(out.raw(), data.raw(), static_cast<int64_t>(data.bytes()));
  Index dataStrides = stridesOf(data.shape());
  Index dstStrides = dataStrides;
  dstStrides[axis] = 0;
  Index offsets(idx.size());
  walk(indices.shape(), dstStrides, stridesOf(indices.shape()), 0,
       static_cast<int64_t>(idx.size()), [&](int64_t d, int64_t s) {
         offsets[s] = d + idx[s] * dataStrides[axis];
       });
  scatterRuns(ctx, red, out, updates, offsets, 1);
}

//===----------------------------------------------------------------------===//
// Expand, Tile, Pad.
//===----------------------------------------------------------------------===//

void expandKernel(KernelContext &ctx) {
  const Tensor &in = ctx.in(0);
  Tensor &out = ctx.out(0);
  Index target = intValues(ctx, ctx.in(1), "shape");
  const size_t rank = std::max(in.shape().size(), target.size());
  Shape shape(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Right-aligned, bidirectional numpy broadcasting.
    int64_t a = i < rank - in.shape().size()
                    ? 1
                    : in.dim(i - (rank - in.shape().size()));
    int64_t b =
        i < rank - target.size() ? 1 : target[i - (rank - target.size())];
    if (b < 0)
      ctx.fail("shape value ", b, " is negative");
    if (a != b && a != 1 && b != 1)
      ctx.fail("cannot broadcast ", formatShape(in.shape()), " to shape ",
               formatShape(target));
    shape[i] = a == 1 ? b : a;
  }
  expectType(ctx, out, in.dtype(), "output");
  expectShape(ctx, out, shape);
  if (out.numel() == 0)
    return;
  Index srcStrides = broadcastStrides(in.shape(), shape);
  Index dstStrides = stridesOf(shape);
  StridedCopy c;
  for (size_t i = 0; i < rank; ++i)
    c.add(shape[i], dstStrides[i], srcStrides[i]);
  runCopy(c, out.raw(), in.raw(), dtypeSize(in.dtype()));
}

void tileKernel(KernelContext &ctx) {
  const Tensor &in = ctx.in(0);
  Tensor &out = ctx.out(0);
  Index repeats = intValues(ctx, ctx.in(1), "repeats");
  const int64_t r = in.rank();
  if (static_cast<int64_t>(repeats.size()) != r)
    ctx.fail("repeats has ", repeats.size(), " values for a rank-", r,
             " input");
  Shape shape(r);
  for (int64_t d = 0; d < r; ++d) {
    if (repeats[d] < 0)
      ctx.fail("repeats[", d, "] = ", repeats[d], " is negative");
    shape[d] = checkedMul(ctx, in.dim(d), repeats[d]);
  }
  expectType(ctx, out, in.dtype(), "output");
  expectShape(ctx, out, shape);
  if (out.numel() == 0)
    return;
  // Output dim d viewed as (repeat, in.dim(d)): the repeat index does not
  // move in the input.
  Index inStrides = stridesOf(in.shape()), outStrides = stridesOf(shape);
  StridedCopy c;
  for (int64_t d = 0; d < r; ++d) {
    c.add(repeats[d], in.dim(d) * outStrides[d], 0);
    c.add(in.dim(d), outStrides[d], inStrides[d]);
  }
  runCopy(c, out.raw(), in.raw(), dtypeSize(in.dtype()));
}

/// Calls fn(coord, flat) for flat positions [begin, end) of `dims`.
template <typename Fn>
void forCoords(const Index &dims, int64_t begin, int64_t end, Fn &&fn) {
  if (begin >= end) // also keeps a zero-sized dim out of the divisions
    return;
  Index coord(dims.size(), 0);
  int64_t rest = begin;
  for (size_t k = dims.size(); k-- > 0;) {
    coord[k] = rest % dims[k];
    rest /= dims[k];
  }
  for (int64_t i = begin; i < end; ++i) {
    fn(static_cast<const Index &>(coord), i);
    for (size_t k = dims.size(); k-- > 0;) {
      if (++coord[k] < dims[k])
        break;
      coord[k] = 0;
    }
  }
}

enum class PadMode { Constant, Reflect, Edge, Wrap };

/// The input coordinate an output coordinate reads in the non-constant modes;
/// `v` is the output coordinate minus the begin pad.
int64_t padSource(PadMode mode, int64_t v, int64_t dim) {
  switch (mode) {
  case PadMode::Edge:
    return std::min(std::max<int64_t>(v, 0), dim - 1);
  case PadMode::Wrap:
    return ((v % dim) + dim) % dim;
  case PadMode::Reflect: {
    // Reflection without repeating the border has period 2 * (dim - 1);
    // pads wider than the input keep reflecting, as numpy does.
    if (dim == 1)
      return 0;
    int64_t period = 2 * (dim - 1), m = ((v % period) + period) % period;
    return m < dim ? m : period - m;
  }
  case PadMode::Constant:
    break;
  }
  return v;
}

void padKernel(KernelContext &ctx) {
  const Tensor &data = ctx.in(0);
  Tensor &out = ctx.out(0);
  const int64_t r = data.rank();
  std::string modeName = (*ctx.attrs).getString("mode", "constant");
  PadMode mode;
  if (modeName == "constant")
    mode = PadMode::Constant;
  else if (modeName == "reflect")
    mode = PadMode::Reflect;
  else if (modeName == "edge")
    mode = PadMode::Edge;
  else if (modeName == "wrap")
    mode = PadMode::Wrap;
  else
    ctx.fail("unknown mode '", modeName, "'");
  Index pads = intValues(ctx, ctx.in(1), "pads");
  Index axes;
  if (ctx.hasInput(3)) // opset 18's axes input
    axes = uniqueAxes(ctx, intValues(ctx, ctx.in(3), "axes"), r);
  else
    for (int64_t d = 0; d < r; ++d)
      axes.push_back(d);
  const size_t n = axes.size();
  if (pads.size() != 2 * n)
    ctx.fail("pads has ", pads.size(), " values, expected ", 2 * n);
  Index begin(r, 0), end(r, 0);
  Shape shape = data.shape();
  for (size_t i = 0; i < n; ++i) {
    int64_t a = axes[i];
    begin[a] = pads[i];
    end[a] = pads[i + n];
    shape[a] = checkedAdd(ctx, checkedAdd(ctx, data.dim(a), begin[a]), end[a]);
    if (shape[a] < 0)
      ctx.fail("pads ", begin[a], " and ", end[a], " crop more than the ",
               data.dim(a), " elements of axis ", a);
  }
  expectType(ctx, out, data.dtype(), "output");
  expectShape(ctx, out, shape);
  const size_t es = dtypeSize(data.dtype());
  if (out.numel() == 0)
    return;
  if (r == 0) {
    std::memcpy(out.raw(), data.raw(), es);
    return;
  }

  if (mode == PadMode::Constant) {
    std::vector<char> value(es, 0);
    if (ctx.hasInput(2) && ctx.in(2).numel() > 0) {
      expectType(ctx, ctx.in(2), data.dtype(), "constant_value");
      std::memcpy(value.data(), ctx.in(2).raw(), es);
    }
    fillElements(out.raw(), out.numel(), value.data(), es);
    if (data.numel() == 0)
      return;
    // The kept interior: input [max(0, -begin), dim - max(0, -end)) lands at
    // output max(0, begin).
    Index inStrides = stridesOf(data.shape()), outStrides = stridesOf(shape);
    int64_t srcBase = 0, dstBase = 0;
    StridedCopy c;
    for (int64_t d = 0; d < r; ++d) {
      int64_t cropBegin = std::max<int64_t>(0, -begin[d]);
      int64_t kept = data.dim(d) - cropBegin - std::max<int64_t>(0, -end[d]);
      if (kept <= 0)
        return;
      srcBase += cropBegin * inStrides[d];
      dstBase += std::max<int64_t>(0, begin[d]) * outStrides[d];
      c.add(kept, outStrides[d], inStrides[d]);
    }
    runCopy(c, out.data<char>() + dstBase * es,
            data.data<char>() + srcBase * es, es);
    return;
  }

  // Non-constant modes read an input element for every output element: map
  // each output coordinate to its source once per dim. Negative pads crop
  // first and the rest pads the cropped tensor (as onnxruntime does), so
  // reflect and wrap turn at the cropped borders.
  std::vector<Index> source(r);
  for (int64_t d = 0; d < r; ++d) {
    int64_t cropBegin = std::max<int64_t>(0, -begin[d]);
    int64_t kept = data.dim(d) - cropBegin - std::max<int64_t>(0, -end[d]);
    if (kept <= 0)
      ctx.fail("cannot pad the empty axis ", d, " in mode '", modeName, "'");
    int64_t padBegin = std::max<int64_t>(0, begin[d]);
    source[d].resize(shape[d]);
    for (int64_t o = 0; o < shape[d]; ++o)
      source[d][o] = cropBegin + padSource(mode, o - padBegin, kept);
  }
  Index inStrides = stridesOf(data.shape());
  const int64_t last = shape[r - 1];
  // Along the last dim the output positions [lo, hi) read the kept input in
  // order: copy them with one memcpy per row.
  const int64_t lo = std::max<int64_t>(0, begin[r - 1]);
  const int64_t hi =
      lo + (data.dim(r - 1) - std::max<int64_t>(0, -begin[r - 1]) -
            std::max<int64_t>(0, -end[r - 1]));
  Index rows(shape.begin(), shape.end() - 1);
  const int64_t rowCount = product(rows, 0, rows.size());
  char *dst = out.data<char>();
  const char *src = data.data<char>();
  visitSize(es, [&](auto size) {
    constexpr int64_t E = decltype(size)::value;
    forChunks(rowCount, last * E, [&](int64_t b, int64_t e) {
      forCoords(rows, b, e, [&](const Index &coord, int64_t row) {
        int64_t base = 0;
        for (int64_t d = 0; d + 1 < r; ++d)
          base += source[d][coord[d]] * inStrides[d];
        char *o = dst + row * last * E;
        const char *s = src + base * E;
        for (int64_t x = 0; x < last; ++x) {
          if (x == lo && hi > lo) {
            std::memcpy(o + x * E, s + source[r - 1][x] * E, (hi - lo) * E);
            x = hi - 1;
            continue;
          }
          std::memcpy(o + x * E, s + source[r - 1][x] * E, E);
        }
      });
    });
  });
}

//===----------------------------------------------------------------------===//
// Shape-derived outputs: Shape, Size, ConstantOfShape, Range, OneHot.
//===----------------------------------------------------------------------===//

void shapeKernel(KernelContext &ctx) {
  const Tensor &data = ctx.in(0);
  Tensor &out = ctx.out(0);
  const int64_t r = data.rank();
  // ONNX clamps start/end (after adding r to negative ones) into [0, r].
  auto clampDim = [r](int64_t v) {
    if (v < 0)
      v += r;
    return std::min(std::max<int64_t>(v, 0), r);
  };
  int64_t start = clampDim((*ctx.attrs).getInt("start", 0));
  int64_t end = clampDim((*ctx.attrs).getInt("end", r));
  int64_t len = std::max<int64_t>(0, end - start);
  if (!isIntegerType(out.dtype()))
    ctx.fail("output must be an integer tensor");
  expectShape(ctx, out, {len});
  for (int64_t i = 0; i < len; ++i)
    storeFromInt(out, i, data.dim(start + i));
}

void sizeKernel(KernelContext &ctx) {
  Tensor &out = ctx.out(0);
  if (!isIntegerType(out.dtype()))
    ctx.fail("output must be an integer tensor");
  expectShape(ctx, out, {});
  storeFromInt(out, 0, ctx.in(0).numel());
}

void constantOfShapeKernel(KernelContext &ctx) {
  Tensor &out = ctx.out(0);
  Index dims = intValues(ctx, ctx.in(0), "input");
  for (int64_t d : dims)
    if (d < 0)
      ctx.fail("shape value ", d, " is negative");
  const Tensor *value = (*ctx.attrs).getTensor("value");
  if (value && value->numel() != 1)
    ctx.fail("value must hold one element, got shape ",
             formatShape(value->shape()));
  expectType(ctx, out, value ? value->dtype() : DType::F32, "output");
  expectShape(ctx, out, Shape(dims.begin(), dims.end()));
  std::vector<char> zero(dtypeSize(out.dtype()), 0);
  fillElements(out.raw(), out.numel(), value ? value->raw() : zero.data(),
               dtypeSize(out.dtype()));
}

void rangeKernel(KernelContext &ctx) {
  const Tensor &start = ctx.in(0), &limit = ctx.in(1), &delta = ctx.in(2);
  Tensor &out = ctx.out(0);
  for (const Tensor *t : {&start, &limit, &delta}) {
    if (t->numel() != 1)
      ctx.fail("start, limit and delta must be scalars, got shape ",
               formatShape(t->shape()));
    expectType(ctx, *t, out.dtype(), "start/limit/delta");
  }
  visitDType(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using E = Elem<T>;
    using C = typename E::Compute;
    T *dst = out.data<T>();
    if constexpr (std::is_same_v<T, bool>) {
      ctx.fail("needs a numeric element type");
    } else if constexpr (isFloatStorage<T>) {
      C s = E::load(start.data<T>(), 0), l = E::load(limit.data<T>(), 0),
        d = E::load(delta.data<T>(), 0);
      if (d == 0)
        ctx.fail("delta is 0");
      // As ONNX shape inference: the difference in the element type, the
      // division in double.
      double n = std::ceil(static_cast<double>(static_cast<C>(l - s)) /
                           static_cast<double>(d));
      if (std::isnan(n) || n > 9.0e18)
        ctx.fail("range [", s, ", ", l, ") step ", d, " has no finite size");
      int64_t count = n > 0 ? static_cast<int64_t>(n) : 0;
      expectShape(ctx, out, {count});
      for (int64_t i = 0; i < count; ++i)
        E::store(
            dst, i,
            static_cast<C>(static_cast<double>(s) +
                           static_cast<double>(i) * static_cast<double>(d)));
    } else {
      int64_t s = static_cast<int64_t>(start.data<T>()[0]);
      int64_t l = static_cast<int64_t>(limit.data<T>()[0]);
      int64_t d = static_cast<int64_t>(delta.data<T>()[0]);
      if (d == 0)
        ctx.fail("delta is 0");
      int64_t diff;
      if (__builtin_sub_overflow(l, s, &diff))
        ctx.fail("range [", s, ", ", l, ") overflows int64");
      // Exact ceil((l - s) / d) in integers.
      int64_t count = diff / d;
      if (diff % d != 0 && ((diff < 0) == (d < 0)))
        ++count;
      count = std::max<int64_t>(count, 0);
      expectShape(ctx, out, {count});
      for (int64_t i = 0; i < count; ++i)
        dst[i] = static_cast<T>(s + i * d);
    }
  });
}

void oneHotKernel(KernelContext &ctx) {
  const Tensor &indices = ctx.in(0);
  const Tensor &values = ctx.in(2);
  Tensor &out = ctx.out(0);
  const int64_t depth = scalarInt(ctx, ctx.in(1), "depth");
  if (depth < 1)
    ctx.fail("depth ", depth, " must be positive");
  if (values.numel() != 2)
    ctx.fail("values must hold [off, on], got shape ",
             formatShape(values.shape()));
  expectType(ctx, out, values.dtype(), "output");
  const int64_t r = indices.rank();
  int64_t axis = (*ctx.attrs).getInt("axis", -1);
  if (axis < -(r + 1) || axis > r)
    ctx.fail("axis ", axis, " is out of range [", -(r + 1), ", ", r, "]");
  if (axis < 0)
    axis += r + 1;
  Shape shape = indices.shape();
  shape.insert(shape.begin() + axis, depth);
  expectShape(ctx, out, shape);
  const size_t es = dtypeSize(out.dtype());
  const char *off = values.data<char>(), *on = off + es;
  fillElements(out.raw(), out.numel(), off, es);
  if (out.numel() == 0)
    return;
  const int64_t inner = product(indices.shape(), axis, r);
  const bool floatIndices = isFloat(indices.dtype());
  for (int64_t i = 0; i < indices.numel(); ++i) {
    // ONNX defines an index outside [-depth, depth) as an all-off row, so
    // such an index is skipped, not an error.
    int64_t v;
    if (floatIndices) {
      double f = loadAsDouble(indices, i);
      if (!(std::fabs(f) < static_cast<double>(depth) + 1))
        continue;
      v = static_cast<int64_t>(f);
    } else {
      v = loadAsInt(indices, i);
    }
    if (v < -depth || v >= depth)
      continue;
    if (v < 0)
      v += depth;
    int64_t o = i / inner, p = i % inner;
    std::memcpy(out.data<char>() + ((o * depth + v) * inner + p) * es, on, es);
  }
}

//===----------------------------------------------------------------------===//
// Trilu, DepthToSpace, SpaceToDepth.
//===----------------------------------------------------------------------===//

void triluKernel(KernelContext &ctx) {
  const Tensor &in = ctx.in(0);
  Tensor &out = ctx.out(0);
  const int64_t r = in.rank();
  if (r < 2)
    ctx.fail("input must have rank >= 2, got ", r);
  int64_t k = ctx.hasInput(1) ? scalarInt(ctx, ctx.in(1), "k") : 0;
  const bool upper = (*ctx.attrs).getInt("upper", 1) != 0;
  expectType(ctx, out, in.dtype(), "output");
  expectShape(ctx, out, in.shape());
  if (in.numel() == 0)
    return;
  const int64_t rows = in.dim(r - 2), cols = in.dim(r - 1);
  // Beyond these bounds k selects all or nothing; clamping keeps i + k from
  // overflowing.
  k = std::min(std::max<int64_t>(k, -rows - 1), cols + 1);
  const int64_t es = dtypeSize(in.dtype());
  const int64_t rowBytes = cols * es;
  const int64_t total = in.numel() / cols;
  forChunks(total, rowBytes, [&](int64_t b, int64_t e) {
    for (int64_t row = b; row < e; ++row) {
      int64_t i = row % rows;
      // Kept columns: j - i >= k (upper) or j - i <= k (lower).
      int64_t lo = upper ? std::min(std::max<int64_t>(i + k, 0), cols) : 0;
      int64_t hi =
          upper ? cols : std::min(std::max<int64_t>(i + k + 1, 0), cols);
      char *o = out.data<char>() + row * rowBytes;
      const char *s = in.data<char>() + row * rowBytes;
      std::memset(o, 0, rowBytes);
      if (hi > lo)
        std::memcpy(o + lo * es, s + lo * es, (hi - lo) * es);
    }
  });
}

void depthToSpaceKernel(KernelContext &ctx) {
  const Tensor &in = ctx.in(0);
  Tensor &out = ctx.out(0);
  if (in.rank() != 4)
    ctx.fail("input must be 4-D (NCHW), got ", formatShape(in.shape()));
  const int64_t b = (*ctx.attrs).getInt("blocksize", 0);
  std::string mode = (*ctx.attrs).getString("mode", "DCR");
  if (b < 1)
    ctx.fail("blocksize ", b, " must be positive");
  if (mode != "DCR" && mode != "CRD")
    ctx.fail("unknown mode '", mode, "'");
  const int64_t n = in.dim(0), c = in.dim(1), h = in.dim(2), w = in.dim(3);
  if (c % (b * b) != 0)
    ctx.fail("channels ", c, " are not a multiple of blocksize^2 = ", b * b);
  const int64_t co = c / (b * b);
  expectType(ctx, out, in.dtype(), "output");
  expectShape(ctx, out, {n, co, h * b, w * b});
  if (out.numel() == 0)
    return;
  // Output viewed as [N, C', H, b, W, b]; the channel of block (bi, bj) is
  // (bi * b + bj) * C' + c' in DCR and c' * b * b + bi * b + bj in CRD.
  const int64_t hw = h * w;
  const int64_t sC = mode == "DCR" ? hw : b * b * hw;
  const int64_t sBi = mode == "DCR" ? b * co * hw : b * hw;
  const int64_t sBj = mode == "DCR" ? co * hw : hw;
  Index outStrides = stridesOf({n, co, h, b, w, b});
  Index inStrides = {c * hw, sC, w, sBi, 1, sBj};
  Index dims = {n, co, h, b, w, b};
  StridedCopy copy;
  for (size_t d = 0; d < 6; ++d)
    copy.add(dims[d], outStrides[d], inStrides[d]);
  runCopy(copy, out.raw(), in.raw(), dtypeSize(in.dtype()));
}

void spaceToDepthKernel(KernelContext &ctx) {
  const Tensor &in = ctx.in(0);
  Tensor &out = ctx.out(0);
  if (in.rank() != 4)
    ctx.fail("input must be 4-D (NCHW), got ", formatShape(in.shape()));
  const int64_t b = (*ctx.attrs).getInt("blocksize", 0);
  if (b < 1)
    ctx.fail("blocksize ", b, " must be positive");
  const int64_t n = in.dim(0), c = in.dim(1), h = in.dim(2), w = in.dim(3);
  if (h % b != 0 || w % b != 0)
    ctx.fail("spatial dims ", h, "x", w, " are not multiples of blocksize ", b);
  const int64_t ho = h / b, wo = w / b;
  expectType(ctx, out, in.dtype(), "output");
  expectShape(ctx, out, {n, c * b * b, ho, wo});
  if (out.numel() == 0)
    return;
  // Output viewed as [N, b, b, C, H', W'] (channel (bi * b + bj) * C + c);
  // input element (c, h' * b + bi, w' * b + bj).
  Index dims = {n, b, b, c, ho, wo};
  Index outStrides = stridesOf(dims);
  Index inStrides = {c * h * w, w, 1, h * w, b * w, b};
  StridedCopy copy;
  for (size_t d = 0; d < 6; ++d)
    copy.add(dims[d], outStrides[d], inStrides[d]);
  runCopy(copy, out.raw(), in.raw(), dtypeSize(in.dtype()));
}

//===----------------------------------------------------------------------===//
// Resize.
//===----------------------------------------------------------------------===//

enum class CoordMode {
  HalfPixel,
  PytorchHalfPixel,
  AlignCorners,
  Asymmetric,
  TfHalfPixelForNN,
  TfCropAndResize
};
enum class InterpMode { Nearest, Linear, Cubic };
enum class NearestMode { RoundPreferFloor, RoundPreferCeil, Floor, Ceil };

/// The input positions and weights one output coordinate reads along one dim.
struct Taps {
  int64_t index[4];
  double weight[4];
  int count = 0;
  bool outside = false; // tf_crop_and_resize: use extrapolation_value
};

struct ResizeDim {
  int64_t inLen, outLen;
  double scale, outLenF; // outLenF = scale * inLen, as the ONNX reference
  double roiStart, roiEnd;
};

/// The cubic convolution weights of the 4 inputs around a point at fraction
/// `t` past the second one (Keys, with parameter a).
void cubicWeights(double t, double a, double w[4]) {
  auto near = [a](double x) { return ((a + 2) * x - (a + 3)) * x * x + 1; };
  auto far = [a](double x) {
    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  };
  w[0] = far(t + 1);
  w[1] = near(t);
  w[2] = near(1 - t);
  w[3] = far(2 - t);
}

std::vector<Taps> resizeTaps(const ResizeDim &dim, CoordMode coord,
                             InterpMode interp, NearestMode nearest,
                             double cubicA, bool excludeOutside) {
  std::vector<Taps> taps(dim.outLen);
  const int64_t in = dim.inLen;
  auto clampIndex = [in](int64_t i) {
    return std::min(std::max<int64_t>(i, 0), in - 1);
  };
  for (int64_t x = 0; x < dim.outLen; ++x) {
    Taps &t = taps[x];
    const double xr = static_cast<double>(x);
    double xo = 0;
    switch (coord) {
    case CoordMode::HalfPixel:
      xo = (xr + 0.5) / dim.scale - 0.5;
      break;
    case CoordMode::PytorchHalfPixel:
      xo = dim.outLenF > 1 ? (xr + 0.5) / dim.scale - 0.5 : 0;
      break;
    case CoordMode::AlignCorners:
      xo = dim.outLenF == 1 ? 0 : xr * (in - 1) / (dim.outLenF - 1);
      break;
    case CoordMode::Asymmetric:
      xo = xr / dim.scale;
      break;
    case CoordMode::TfHalfPixelForNN:
      xo = (xr + 0.5) / dim.scale;
      break;
    case CoordMode::TfCropAndResize:
      xo = dim.outLenF == 1
               ? 0.5 * (dim.roiStart + dim.roiEnd) * (in - 1)
               : dim.roiStart * (in - 1) + xr * (dim.roiEnd - dim.roiStart) *
                                               (in - 1) / (dim.outLenF - 1);
      t.outside = xo < 0 || xo > in - 1;
      break;
    }
    if (!std::isfinite(xo) || std::fabs(xo) > 9.0e18) {
      t.outside = true;
      continue;
    }
    const double floorX = std::floor(xo), ratio = xo - floorX;
    const int64_t base = static_cast<int64_t>(floorX);
    // An exact input position reads that input alone in every mode (the
    // reference's weights are 0 elsewhere).
    if (ratio == 0) {
      t.count = 1;
      t.index[0] = clampIndex(base);
      t.weight[0] = 1;
      continue;
    }
    switch (interp) {
    case InterpMode::Nearest: {
      bool up = nearest == NearestMode::Ceil ||
                (nearest == NearestMode::RoundPreferFloor && ratio > 0.5) ||
                (nearest == NearestMode::RoundPreferCeil && ratio >= 0.5);
      t.count = 1;
      t.index[0] = clampIndex(base + (up ? 1 : 0));
      t.weight[0] = 1;
      break;
    }
    case InterpMode::Linear:
      t.count = 2;
      t.index[0] = clampIndex(base);
      t.index[1] = clampIndex(base + 1);
      t.weight[0] = 1 - ratio;
      t.weight[1] = ratio;
      break;
    case InterpMode::Cubic: {
      t.count = 4;
      cubicWeights(ratio, cubicA, t.weight);
      double sum = 0;
      for (int i = 0; i < 4; ++i) {
        int64_t raw = base - 1 + i;
        if (excludeOutside && (raw < 0 || raw >= in))
          t.weight[i] = 0;
        sum += t.weight[i];
        t.index[i] = clampIndex(raw);
      }
      if (excludeOutside && sum != 0)
        for (double &w : t.weight)
          w /= sum;
      break;
    }
    }
  }
  return taps;
}

/// A double converted to an element type's compute type; integers truncate
/// as the ONNX reference's astype does, saturating instead of overflowing.
template <typename T> typename Elem<T>::Compute fromDouble(double v) {
  using C = typename Elem<T>::Compute;
  if constexpr (std::is_floating_point_v<C>) {
    return static_cast<C>(v);
  } else if constexpr (std::is_same_v<C, bool>) {
    return v != 0;
  } else {
    if (std::isnan(v))
      return 0;
    v = std::trunc(v);
    if (v <= static_cast<double>(std::numeric_limits<C>::lowest()))
      return std::numeric_limits<C>::lowest();
    if (v >= static_cast<double>(std::numeric_limits<C>::max()))
      return std::numeric_limits<C>::max();
    return static_cast<C>(v);
  }
}

void resizeKernel(KernelContext &ctx) {
  const Tensor &x = ctx.in(0);
  Tensor &y = ctx.out(0);
  const Attrs &attrs = (*ctx.attrs);
  const int64_t r = x.rank();

  std::string coordName =
      attrs.getString("coordinate_transformation_mode", "half_pixel");
  CoordMode coord;
  if (coordName == "half_pixel")
    coord = CoordMode::HalfPixel;
  else if (coordName == "pytorch_half_pixel")
    coord = CoordMode::PytorchHalfPixel;
  else if (coordName == "align_corners")
    coord = CoordMode::AlignCorners;
  else if (coordName == "asymmetric")
    coord = CoordMode::Asymmetric;
  else if (coordName == "tf_half_pixel_for_nn")
    coord = CoordMode::TfHalfPixelForNN;
  else if (coordName == "tf_crop_and_resize")
    coord = CoordMode::TfCropAndResize;
  else
    ctx.fail("unknown coordinate_transformation_mode '", coordName, "'");
  std::string modeName = attrs.getString("mode", "nearest");
  InterpMode interp;
  if (modeName == "nearest")
    interp = InterpMode::Nearest;
  else if (modeName == "linear")
    interp = InterpMode::Linear;
  else if (modeName == "cubic")
    interp = InterpMode::Cubic;
  else
    ctx.fail("unknown mode '", modeName, "'");
  std::string nearestName =
      attrs.getString("nearest_mode", "round_prefer_floor");
  NearestMode nearest;
  if (nearestName == "round_prefer_floor")
    nearest = NearestMode::RoundPreferFloor;
  else if (nearestName == "round_prefer_ceil")
    nearest = NearestMode::RoundPreferCeil;
  else if (nearestName == "floor")
    nearest = NearestMode::Floor;
  else if (nearestName == "ceil")
    nearest = NearestMode::Ceil;
  else
    ctx.fail("unknown nearest_mode '", nearestName, "'");
  const double cubicA = attrs.getFloat("cubic_coeff_a", -0.75f);
  const bool excludeOutside = attrs.getInt("exclude_outside", 0) != 0;
  const double extrapolation = attrs.getFloat("extrapolation_value", 0.0f);

  // Opset 13: exactly one of scales and sizes is given (an empty tensor
  // counts as absent).
  const bool hasScales = ctx.hasInput(2) && ctx.in(2).numel() > 0;
  const bool hasSizes = ctx.hasInput(3) && ctx.in(3).numel() > 0;
  if (hasScales == hasSizes)
    ctx.fail("needs exactly one of scales and sizes");
  std::vector<ResizeDim> dims(r);
  Shape shape(r);
  if (hasScales) {
    const Tensor &scales = ctx.in(2);
    if (!isFloat(scales.dtype()) || scales.numel() != r)
      ctx.fail("scales must be ", r, " floats, got ", dtypeName(scales.dtype()),
               " ", formatShape(scales.shape()));
    for (int64_t d = 0; d < r; ++d) {
      float s = static_cast<float>(loadAsDouble(scales, d));
      if (!(s > 0) || !std::isfinite(s))
        ctx.fail("scale ", s, " of axis ", d, " must be positive");
      // ONNX shape inference multiplies in float.
      double len = std::floor(static_cast<float>(x.dim(d)) * s);
      if (len > 9.0e18)
        ctx.fail("scale ", s, " of axis ", d, " is too large");
      shape[d] = static_cast<int64_t>(len);
      dims[d].scale = s;
      dims[d].outLenF = static_cast<double>(s) * static_cast<double>(x.dim(d));
    }
  } else {
    Index sizes = intValues(ctx, ctx.in(3), "sizes");
    if (static_cast<int64_t>(sizes.size()) != r)
      ctx.fail("sizes has ", sizes.size(), " values for a rank-", r, " input");
    for (int64_t d = 0; d < r; ++d) {
      if (sizes[d] < 0)
        ctx.fail("size ", sizes[d], " of axis ", d, " is negative");
      shape[d] = sizes[d];
      dims[d].scale = static_cast<double>(sizes[d]) / x.dim(d);
      dims[d].outLenF = static_cast<double>(sizes[d]);
    }
  }
  expectType(ctx, y, x.dtype(), "output");
  expectShape(ctx, y, shape);
  if (y.numel() == 0)
    return;
  if (x.numel() == 0)
    ctx.fail("cannot resize the empty input ", formatShape(x.shape()), " to ",
             formatShape(shape));
  std::vector<double> roi;
  if (coord == CoordMode::TfCropAndResize) {
    if (!ctx.hasInput(1) || ctx.in(1).numel() != 2 * r)
      ctx.fail("tf_crop_and_resize needs a roi of ", 2 * r, " values");
    for (int64_t i = 0; i < 2 * r; ++i)
      roi.push_back(loadAsDouble(ctx.in(1), i));
  }

  std::vector<std::vector<Taps>> taps(r);
  int interpolatedDims = 0;
  for (int64_t d = 0; d < r; ++d) {
    dims[d].inLen = x.dim(d);
    dims[d].outLen = shape[d];
    dims[d].roiStart = roi.empty() ? 0 : roi[d];
    dims[d].roiEnd = roi.empty() ? 1 : roi[d + r];
    taps[d] =
        resizeTaps(dims[d], coord, interp, nearest, cubicA, excludeOutside);
    bool interpolated = false;
    for (const Taps &t : taps[d])
      interpolated |= t.count > 1;
    interpolatedDims += interpolated;
  }
  const double flopsPerDim = interp == InterpMode::Linear  ? 3
                             : interp == InterpMode::Cubic ? 8
                                                           : 0;
  ctx.flops += static_cast<uint64_t>(flopsPerDim * interpolatedDims *
                                     static_cast<double>(y.numel()));

  if (r == 0) {
    std::memcpy(y.raw(), x.raw(), dtypeSize(x.dtype()));
    return;
  }
  // From here on a tap's index is its element offset in X.
  Index inStrides = stridesOf(x.shape());
  for (int64_t d = 0; d < r; ++d)
    for (Taps &t : taps[d])
      for (int i = 0; i < t.count; ++i)
        t.index[i] *= inStrides[d];

  // Walk the output row by row (all dims but the last): the weighted source
  // offsets of the outer dims are combined once per row, and the inner loop
  // only adds the last dim's taps.
  const int64_t width = shape[r - 1];
  const std::vector<Taps> &lastTaps = taps[r - 1];
  Index rowDims(shape.begin(), shape.end() - 1);
  const int64_t rows = product(rowDims, 0, rowDims.size());
  visitDType(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    using E = Elem<T>;
    const T *src = x.data<T>();
    T *dst = y.data<T>();
    const auto fill = fromDouble<T>(extrapolation);
    forChunks(rows, width * 64, [&](int64_t b, int64_t e) {
      std::vector<std::pair<int64_t, double>> combos, next;
      forCoords(rowDims, b, e, [&](const Index &c, int64_t row) {
        T *out = dst + row * width;
        combos.assign(1, {0, 1.0});
        bool outside = false;
        for (int64_t d = 0; d + 1 < r; ++d) {
          const Taps &t = taps[d][c[d]];
          outside |= t.outside;
          next.clear();
          for (const auto &[offset, weight] : combos)
            for (int i = 0; i < t.count; ++i)
              next.emplace_back(offset + t.index[i], weight * t.weight[i]);
          combos.swap(next);
        }
        for (int64_t xo = 0; xo < width; ++xo) {
          const Taps &t = lastTaps[xo];
          if (outside || t.outside) {
            E::store(out, xo, fill);
          } else if (interp == InterpMode::Nearest) {
            out[xo] = src[combos[0].first + t.index[0]];
          } else {
            double acc = 0;
            for (const auto &[offset, weight] : combos) {
              double sum = 0;
              for (int i = 0; i < t.count; ++i)
                sum += t.weight[i] *
                       static_cast<double>(E::load(src, offset + t.index[i]));
              acc += weight * sum;
            }
            E::store(out, xo, fromDouble<T>(acc));
          }
        }
      });
    });
  });
}

//===----------------------------------------------------------------------===//
// Einsum.
//===----------------------------------------------------------------------===//

/// An Einsum equation resolved against the input shapes: every dim of every
/// operand carries a label id (letters, and one id per broadcast ellipsis
/// dim), and each label has one size.
struct EinsumPlan {
  Index sizes;                          // per label
  std::vector<std::vector<int>> inputs; // label of each input dim
  std::vector<int> output;              // label of each output dim
};

struct EinsumTerm {
  std::vector<char> letters;
  int ellipsisAt = -1; // position among letters where "..." stands
};

EinsumTerm parseTerm(const KernelContext &ctx, const std::string &s) {
  EinsumTerm term;
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 3, "...") == 0) {
      if (term.ellipsisAt >= 0)
        ctx.fail("equation term '", s, "' has more than one ellipsis");
      term.ellipsisAt = static_cast<int>(term.letters.size());
      i += 3;
    } else if (std::isalpha(static_cast<unsigned char>(s[i]))) {
      term.letters.push_back(s[i++]);
    } else {
      ctx.fail("equation term '", s, "' has the invalid character '", s[i],
               "'");
    }
  }
  return term;
}

EinsumPlan planEinsum(const KernelContext &ctx, const std::string &equation,
                      const std::vector<const Tensor *> &ins) {
  std::string eq;
  for (char c : equation)
    if (!std::isspace(static_cast<unsigned char>(c)))
      eq += c;
  const size_t arrow = eq.find("->");
  const bool explicitOutput = arrow != std::string::npos;
  std::string lhs = eq.substr(0, arrow);
  std::vector<EinsumTerm> terms;
  for (size_t pos = 0;;) {
    size_t comma = lhs.find(',', pos);
    terms.push_back(parseTerm(ctx, lhs.substr(pos, comma - pos)));
    if (comma == std::string::npos)
      break;
    pos = comma + 1;
  }
  if (terms.size() != ins.size())
    ctx.fail("equation '", equation, "' has ", terms.size(), " inputs, got ",
             ins.size());

  // Ellipsis dims broadcast right-aligned across the inputs, numpy style.
  int ellipsisRank = 0;
  std::vector<int> termEllipsis(ins.size());
  for (size_t k = 0; k < ins.size(); ++k) {
    int extra = static_cast<int>(ins[k]->rank()) -
                static_cast<int>(terms[k].letters.size());
    if (extra < 0 || (terms[k].ellipsisAt < 0 && extra != 0))
      ctx.fail("equation term #", k, " has ", terms[k].letters.size(),
               " labels for a rank-", ins[k]->rank(), " input");
    termEllipsis[k] = extra;
    ellipsisRank = std::max(ellipsisRank, extra);
  }
  EinsumPlan plan;
  plan.sizes.assign(ellipsisRank, -1);
  int letterId[128];
  std::fill(std::begin(letterId), std::end(letterId), -1);
  int letterCount[128] = {};
  auto idOf = [&](char c) {
    if (letterId[static_cast<int>(c)] < 0) {
      letterId[static_cast<int>(c)] = static_cast<int>(plan.sizes.size());
      plan.sizes.push_back(-1);
    }
    return letterId[static_cast<int>(c)];
  };
  for (size_t k = 0; k < ins.size(); ++k) {
    const EinsumTerm &t = terms[k];
    std::vector<int> labels;
    for (size_t i = 0; i <= t.letters.size(); ++i) {
      if (static_cast<int>(i) == t.ellipsisAt)
        for (int e = ellipsisRank - termEllipsis[k]; e < ellipsisRank; ++e)
          labels.push_back(e);
      if (i < t.letters.size()) {
        labels.push_back(idOf(t.letters[i]));
        ++letterCount[static_cast<int>(t.letters[i])];
      }
    }
    for (size_t d = 0; d < labels.size(); ++d) {
      int64_t &size = plan.sizes[labels[d]];
      int64_t dim = ins[k]->dim(d);
      if (size == -1 || size == 1)
        size = dim;
      else if (dim != 1 && dim != size)
        ctx.fail("input #", k, " dim ", d, " has size ", dim,
                 " but its label has size ", size, " elsewhere");
    }
    plan.inputs.push_back(std::move(labels));
  }

  if (explicitOutput) {
    EinsumTerm out = parseTerm(ctx, eq.substr(arrow + 2));
    std::vector<bool> used(plan.sizes.size(), false);
    for (size_t i = 0; i <= out.letters.size(); ++i) {
      if (static_cast<int>(i) == out.ellipsisAt)
        for (int e = 0; e < ellipsisRank; ++e)
          plan.output.push_back(e);
      if (i < out.letters.size()) {
        char c = out.letters[i];
        if (letterId[static_cast<int>(c)] < 0)
          ctx.fail("output label '", c, "' is not in any input");
        int id = letterId[static_cast<int>(c)];
        if (used[id])
          ctx.fail("output label '", c, "' is repeated");
        used[id] = true;
        plan.output.push_back(id);
      }
    }
  } else {
    // Implicit output: the ellipsis dims, then the labels used exactly once
    // in character order.
    for (int e = 0; e < ellipsisRank; ++e)
      plan.output.push_back(e);
    for (int c = 0; c < 128; ++c)
      if (letterCount[c] == 1)
        plan.output.push_back(letterId[c]);
  }
  for (int64_t &s : plan.sizes)
    if (s < 0)
      s = 1; // an ellipsis dim no input has at full rank
  return plan;
}

/// Element strides of each label in input k (summed over repeated labels,
/// which walk the diagonal; 0 where the input broadcasts a size-1 dim).
std::vector<Index> labelStrides(const EinsumPlan &plan,
                                const std::vector<const Tensor *> &ins) {
  std::vector<Index> out;
  for (size_t k = 0; k < ins.size(); ++k) {
    Index strides(plan.sizes.size(), 0);
    Index dimStrides = stridesOf(ins[k]->shape());
    for (size_t d = 0; d < plan.inputs[k].size(); ++d)
      if (ins[k]->dim(d) != 1 || plan.sizes[plan.inputs[k][d]] == 1)
        strides[plan.inputs[k][d]] += dimStrides[d];
    out.push_back(std::move(strides));
  }
  return out;
}

/// An odometer over an index space keeping one running offset per operand.
class MultiIndex {
public:
  MultiIndex(Index dims, std::vector<Index> strides)
      : dims_(std::move(dims)), strides_(std::move(strides)),
        coord_(dims_.size(), 0), offsets_(strides_.size(), 0) {}
  void seek(int64_t flat) {
    std::fill(offsets_.begin(), offsets_.end(), 0);
    for (size_t d = dims_.size(); d-- > 0;) {
      coord_[d] = flat % dims_[d];
      flat /= dims_[d];
      for (size_t k = 0; k < strides_.size(); ++k)
        offsets_[k] += coord_[d] * strides_[k][d];
    }
  }
  void next() {
    for (size_t d = dims_.size(); d-- > 0;) {
      if (++coord_[d] < dims_[d]) {
        for (size_t k = 0; k < strides_.size(); ++k)
          offsets_[k] += strides_[k][d];
        return;
      }
      for (size_t k = 0; k < strides_.size(); ++k)
        offsets_[k] -= strides_[k][d] * (dims_[d] - 1);
      coord_[d] = 0;
    }
  }
  int64_t offset(size_t k) const { return offsets_[k]; }

private:
  Index dims_;
  std::vector<Index> strides_; // [operand][dim]
  Index coord_, offsets_;
};

/// The generic Einsum: for each output element, sum over the contracted
/// labels of the product of the inputs. Accumulates in double (floats) or
/// int64 (integers).
template <typename T>
void einsumLoop(const EinsumPlan &plan, const std::vector<const Tensor *> &ins,
                Tensor &out) {
  using E = Elem<T>;
  using Acc = std::conditional_t<isFloatStorage<T>, double, int64_t>;
  const size_t n = ins.size();
  std::vector<Index> strides = labelStrides(plan, ins);
  std::vector<bool> isOut(plan.sizes.size(), false);
  for (int l : plan.output)
    isOut[l] = true;
  Index outDims, redDims;
  std::vector<Index> outStrides(n), redStrides(n);
  for (int l : plan.output) {
    outDims.push_back(plan.sizes[l]);
    for (size_t k = 0; k < n; ++k)
      outStrides[k].push_back(strides[k][l]);
  }
  for (size_t l = 0; l < plan.sizes.size(); ++l)
    if (!isOut[l]) {
      redDims.push_back(plan.sizes[l]);
      for (size_t k = 0; k < n; ++k)
        redStrides[k].push_back(strides[k][l]);
    }
  const int64_t redCount = product(redDims, 0, redDims.size());
  if (redCount == 0) { // an empty sum: all zeros, and nothing to walk
    std::vector<char> zero(dtypeSize(out.dtype()), 0);
    fillElements(out.raw(), out.numel(), zero.data(), zero.size());
    return;
  }
  std::vector<const T *> src;
  for (const Tensor *t : ins)
    src.push_back(t->data<T>());
  T *dst = out.data<T>();
  forChunks(out.numel(), std::max<int64_t>(1, redCount * n * 8),
            [&](int64_t b, int64_t e) {
              MultiIndex o(outDims, outStrides), red(redDims, redStrides);
              o.seek(b);
              for (int64_t i = b; i < e; ++i, o.next()) {
                Acc acc = 0;
                red.seek(0);
                for (int64_t j = 0; j < redCount; ++j, red.next()) {
                  Acc term = 1;
                  for (size_t k = 0; k < n; ++k)
                    term *= static_cast<Acc>(
                        E::load(src[k], o.offset(k) + red.offset(k)));
                  acc += term;
                }
                E::store(dst, i, static_cast<typename E::Compute>(acc));
              }
            });
}

std::vector<int> concat(std::initializer_list<const std::vector<int> *> parts) {
  std::vector<int> out;
  for (const auto *p : parts)
    out.insert(out.end(), p->begin(), p->end());
  return out;
}

/// Operand k of a batched matmul in label order `order`: the input itself
/// when its dims already are in that order, else a permuted copy in `buf`.
template <typename T>
const T *operandIn(const Tensor &in, const std::vector<int> &labels,
                   const std::vector<int> &order, std::vector<T> &buf) {
  if (labels == order)
    return in.data<T>();
  Index perm;
  for (int l : order)
    perm.push_back(std::find(labels.begin(), labels.end(), l) - labels.begin());
  buf.resize(in.numel());
  permuteInto(in, perm, buf.data());
  return buf.data();
}

/// A two-input Einsum without diagonals or single-input sums is a batched
/// matmul: labels in both inputs and the output are batch (B), in one input
/// and the output are rows (M) or columns (N), in both inputs only are
/// contracted (K). Permute A to [B, M, K] and B to [B, K, N] (or read them
/// transposed when they already are [B, K, M] / [B, N, K]), multiply with
/// BLAS, permute C to the output order. Returns false when the equation does
/// not have that form or is too small to pay for it.
template <typename T>
bool einsumGemm(const EinsumPlan &plan, const std::vector<const Tensor *> &ins,
                Tensor &out) {
  if (ins.size() != 2)
    return false;
  const std::vector<int> &la = plan.inputs[0], &lb = plan.inputs[1];
  const size_t labels = plan.sizes.size();
  std::vector<int> inA(labels, 0), inB(labels, 0), inOut(labels, 0);
  for (size_t d = 0; d < la.size(); ++d)
    if (inA[la[d]]++ || ins[0]->dim(d) != plan.sizes[la[d]])
      return false; // a diagonal or a broadcast dim
  for (size_t d = 0; d < lb.size(); ++d)
    if (inB[lb[d]]++ || ins[1]->dim(d) != plan.sizes[lb[d]])
      return false;
  for (int l : plan.output)
    inOut[l] = 1;
  std::vector<int> batch, rows, cols, inner;
  for (int l : plan.output) {
    if (inA[l] && inB[l])
      batch.push_back(l);
    else if (inA[l])
      rows.push_back(l);
    else
      cols.push_back(l);
  }
  for (int l : la)
    if (!inOut[l]) {
      if (!inB[l])
        return false; // summed over in A alone
      inner.push_back(l);
    }
  for (int l : lb)
    if (!inOut[l] && !inA[l])
      return false;
  auto size = [&](const std::vector<int> &group) {
    int64_t p = 1;
    for (int l : group)
      p *= plan.sizes[l];
    return p;
  };
  const int64_t nb = size(batch), m = size(rows), n = size(cols),
                k = size(inner);
  if (static_cast<double>(nb) * m * n * k < kEinsumGemmMinMacs)
    return false;

  std::vector<T> bufA, bufB, bufC;
  const bool ta = la == concat({&batch, &inner, &rows});
  const T *a =
      ta ? ins[0]->data<T>()
         : operandIn<T>(*ins[0], la, concat({&batch, &rows, &inner}), bufA);
  const bool tb = lb == concat({&batch, &cols, &inner});
  const T *b =
      tb ? ins[1]->data<T>()
         : operandIn<T>(*ins[1], lb, concat({&batch, &inner, &cols}), bufB);
  const std::vector<int> cOrder = concat({&batch, &rows, &cols});
  const bool direct = plan.output == cOrder;
  if (!direct)
    bufC.resize(nb * m * n);
  T *c = direct ? out.data<T>() : bufC.data();
  for (int64_t i = 0; i < nb; ++i)
    gemm(ta, tb, m, n, k, T(1), a + i * m * k, ta ? m : k, b + i * k * n,
         tb ? k : n, T(0), c + i * m * n, n);
  if (!direct) {
    Shape cShape;
    for (int l : cOrder)
      cShape.push_back(plan.sizes[l]);
    Tensor cView = Tensor::view(out.dtype(), cShape, bufC.data());
    Index perm;
    for (int l : plan.output)
      perm.push_back(std::find(cOrder.begin(), cOrder.end(), l) -
                     cOrder.begin());
    permuteInto(cView, perm, out.raw());
  }
  return true;
}

void einsumKernel(KernelContext &ctx) {
  Tensor &out = ctx.out(0);
  if (ctx.numInputs() == 0)
    ctx.fail("needs at least one input");
  std::vector<const Tensor *> ins;
  for (size_t i = 0; i < ctx.numInputs(); ++i) {
    ins.push_back(&ctx.in(i));
    expectType(ctx, *ins.back(), out.dtype(), "input");
  }
  std::string equation = (*ctx.attrs).getString("equation", "");
  if (equation.empty())
    ctx.fail("missing required attribute 'equation'");
  EinsumPlan plan = planEinsum(ctx, equation, ins);
  Shape shape;
  for (int l : plan.output)
    shape.push_back(plan.sizes[l]);
  expectShape(ctx, out, shape);
  if (out.numel() == 0)
    return;

  std::vector<bool> isOut(plan.sizes.size(), false);
  for (int l : plan.output)
    isOut[l] = true;
  double reduced = 1;
  for (size_t l = 0; l < plan.sizes.size(); ++l)
    if (!isOut[l])
      reduced *= static_cast<double>(plan.sizes[l]);
  const double terms = reduced * static_cast<double>(out.numel());
  // One flop per input factor per term: 2 per multiply-add with two inputs;
  // a one-input permutation or diagonal copy does no arithmetic.
  if (ins.size() > 1 || reduced > 1)
    ctx.flops += static_cast<uint64_t>(terms * static_cast<double>(ins.size()));

  for (const Tensor *in : ins)
    if (in->numel() == 0) { // an empty factor: every sum is empty
      std::vector<char> zero(dtypeSize(out.dtype()), 0);
      fillElements(out.raw(), out.numel(), zero.data(), zero.size());
      return;
    }
  bool done = false;
  if (out.dtype() == DType::F32)
    done = einsumGemm<float>(plan, ins, out);
  else if (out.dtype() == DType::F64)
    done = einsumGemm<double>(plan, ins, out);
  if (done)
    return;
  visitDType(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    einsumLoop<T>(plan, ins, out);
  });
}

} // namespace

void registerDataMovementKernels(KernelRegistry &registry) {
  // FLOPs: moving, filling and indexing count 0; only Resize and Einsum
  // count arithmetic, with the rule at their registrations.
  registry.add("Reshape", reshapeKernel);               // flops: 0 (copy)
  registry.add("Flatten", flattenKernel);               // flops: 0 (copy)
  registry.add("Squeeze", squeezeKernel);               // flops: 0 (copy)
  registry.add("Unsqueeze", unsqueezeKernel);           // flops: 0 (copy)
  registry.add("Transpose", transposeKernel);           // flops: 0 (copy)
  registry.add("Concat", concatKernel);                 // flops: 0 (copy)
  registry.add("Split", splitKernel);                   // flops: 0 (copy)
  registry.add("Slice", sliceKernel);                   // flops: 0 (copy)
  registry.add("Gather", gatherKernel);                 // flops: 0 (copy)
  registry.add("GatherElements", gatherElementsKernel); // flops: 0 (copy)
  registry.add("GatherND", gatherNDKernel);             // flops: 0 (copy)
  // flops: 0; a reduction's add/mul/max/min is bookkeeping of a copy here.
  registry.add("ScatterND", scatterNDKernel);
  registry.add("ScatterElements", scatterElementsKernel); // flops: 0, as above
  registry.add("Expand", expandKernel);                   // flops: 0 (copy)
  registry.add("Tile", tileKernel);                       // flops: 0 (copy)
  registry.add("Pad", padKernel);                         // flops: 0 (copy)
  registry.add("Shape", shapeKernel);                     // flops: 0
  registry.add("Size", sizeKernel);                       // flops: 0
  registry.add("ConstantOfShape", constantOfShapeKernel); // flops: 0 (fill)
  // flops: 0; index arithmetic producing a sequence, not data arithmetic.
  registry.add("Range", rangeKernel);
  registry.add("OneHot", oneHotKernel);             // flops: 0 (fill)
  registry.add("Trilu", triluKernel);               // flops: 0 (masked copy)
  registry.add("DepthToSpace", depthToSpaceKernel); // flops: 0 (copy)
  registry.add("SpaceToDepth", spaceToDepthKernel); // flops: 0 (copy)
  // flops: nearest 0; linear 3 and cubic 8 per output element per dim that
  // interpolates (some output reads two or more inputs along it).
  registry.add("Resize", resizeKernel);
  // flops: (#inputs) per term of the sum, i.e. 2 per multiply-add with two
  // inputs; a one-input copy without summation (transpose, diagonal) is 0.
  registry.add("Einsum", einsumKernel);
}

} // namespace kiln::rt
