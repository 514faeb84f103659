//===- KernelUtils.h - helpers shared by host kernels -----------*- C++ -*-===//
//
// Type dispatch, element access for the 16-bit floats, numpy broadcasting and
// axis handling. Kernels compute 16-bit floats in float and round once when
// storing, which matches IEEE results for single operations.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_HOST_KERNELUTILS_H
#define KILN_RT_HOST_KERNELUTILS_H

#include "kiln/rt/Kernel.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace kiln::rt {

template <typename T> struct TypeTag {
  using type = T;
};

/// Element access: Half and BFloat16 compute as float, everything else as
/// itself (bool as bool).
template <typename T> struct Elem {
  using Compute = T;
  static Compute load(const T *p, int64_t i) { return p[i]; }
  static void store(T *p, int64_t i, Compute v) { p[i] = v; }
};
template <> struct Elem<Half> {
  using Compute = float;
  static float load(const Half *p, int64_t i) { return halfToFloat(p[i].bits); }
  static void store(Half *p, int64_t i, float v) { p[i].bits = floatToHalf(v); }
};
template <> struct Elem<BFloat16> {
  using Compute = float;
  static float load(const BFloat16 *p, int64_t i) {
    return bf16ToFloat(p[i].bits);
  }
  static void store(BFloat16 *p, int64_t i, float v) {
    p[i].bits = floatToBf16(v);
  }
};

template <typename T>
inline constexpr bool isFloatStorage =
    std::is_floating_point_v<T> || std::is_same_v<T, Half> ||
    std::is_same_v<T, BFloat16>;

/// Calls fn(TypeTag<T>{}) with the storage type of `type`.
template <typename Fn> decltype(auto) visitDType(DType type, Fn &&fn) {
  switch (type) {
  case DType::F32: return fn(TypeTag<float>{});
  case DType::F16: return fn(TypeTag<Half>{});
  case DType::BF16: return fn(TypeTag<BFloat16>{});
  case DType::F64: return fn(TypeTag<double>{});
  case DType::Bool: return fn(TypeTag<bool>{});
  case DType::I8: return fn(TypeTag<int8_t>{});
  case DType::I16: return fn(TypeTag<int16_t>{});
  case DType::I32: return fn(TypeTag<int32_t>{});
  case DType::I64: return fn(TypeTag<int64_t>{});
  case DType::U8: return fn(TypeTag<uint8_t>{});
  case DType::U16: return fn(TypeTag<uint16_t>{});
  case DType::U32: return fn(TypeTag<uint32_t>{});
  case DType::U64: return fn(TypeTag<uint64_t>{});
  }
  fail("unknown dtype");
}

/// Like visitDType, restricted to the float types (fails otherwise).
template <typename Fn>
decltype(auto) visitFloat(const KernelContext &ctx, DType type, Fn &&fn) {
  switch (type) {
  case DType::F32: return fn(TypeTag<float>{});
  case DType::F16: return fn(TypeTag<Half>{});
  case DType::BF16: return fn(TypeTag<BFloat16>{});
  case DType::F64: return fn(TypeTag<double>{});
  default: ctx.fail("element type ", dtypeName(type), " is not a float type");
  }
}

/// Index type values (i32 or i64) of a tensor as int64.
std::vector<int64_t> readIndices(const Tensor &t);

/// `axis` normalized into [0, rank); fails with a message otherwise.
int64_t normalizeAxis(const KernelContext &ctx, int64_t axis, int64_t rank);

/// Row-major strides of `shape`.
std::vector<int64_t> stridesOf(const Shape &shape);

/// Strides of `in` when broadcast to `out` (0 along broadcast dims), one per
/// dim of `out`.
std::vector<int64_t> broadcastStrides(const Shape &in, const Shape &out);

/// Calls fn(outIndex, offsets) for every element of `out`, where offsets[k]
/// is the flat index into input k (numpy broadcasting). Iterates the last
/// dim innermost without divisions.
template <size_t N, typename Fn>
void forEachBroadcast(const Shape &out, const std::array<Shape, N> &ins,
                      Fn &&fn) {
  const int64_t rank = out.size();
  std::array<std::vector<int64_t>, N> strides;
  for (size_t k = 0; k < N; ++k)
    strides[k] = broadcastStrides(ins[k], out);
  int64_t total = numElements(out);
  if (total == 0)
    return;
  std::vector<int64_t> coord(rank, 0);
  std::array<int64_t, N> offsets{};
  for (int64_t index = 0; index < total; ++index) {
    fn(index, offsets);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++coord[d] < out[d]) {
        for (size_t k = 0; k < N; ++k)
          offsets[k] += strides[k][d];
        break;
      }
      for (size_t k = 0; k < N; ++k)
        offsets[k] -= strides[k][d] * (out[d] - 1);
      coord[d] = 0;
    }
  }
}

} // namespace kiln::rt

#endif // KILN_RT_HOST_KERNELUTILS_H
