//===- Tensor.cpp - runtime tensors ----------------------------------------===//

#include "kiln/rt/Tensor.h"

#include "kiln/rt/Error.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace kiln::rt {

int64_t numElements(const Shape &shape) {
  for (int64_t d : shape)
    if (d < 0)
      fail("negative dimension ", d, " in shape ", formatShape(shape));
  // Any zero dim makes the tensor empty, whatever the other dims are.
  for (int64_t d : shape)
    if (d == 0)
      return 0;
  int64_t n = 1;
  for (int64_t d : shape) {
    if (n > std::numeric_limits<int64_t>::max() / d)
      fail("shape ", formatShape(shape), " has too many elements");
    n *= d;
  }
  return n;
}

std::string formatShape(const Shape &shape) {
  if (shape.empty())
    return "scalar";
  std::ostringstream os;
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? "x" : "") << shape[i];
  return os.str();
}

namespace {

/// Freed tensor storage, kept for the next tensor of the same size class.
///
/// A model run allocates one buffer per step output and frees it a few steps
/// later; with malloc, large buffers are mmap'ed and unmapped every time (and
/// their pages faulted in again and zeroed by the kernel), and the small
/// models of the benchmarks spent a third of their time doing that. Sizes are
/// rounded up to classes 1/8 of a power of two apart (at most 12.5% slack),
/// buffers are reused last-freed first (still warm in the cache), and at most
/// kMaxCachedBytes are kept; beyond that, freed buffers go back to the
/// system. The pool is never destroyed: tensors may outlive static
/// destructors.
class BufferPool {
public:
  static BufferPool &instance() {
    static BufferPool *pool = new BufferPool;
    return *pool;
  }

  static size_t sizeClass(size_t bytes) {
    bytes = std::max<size_t>(bytes, 1);
    if (bytes <= 4096)
      return (bytes + 63) / 64 * 64;
    size_t top = size_t{1} << (63 - __builtin_clzll(bytes));
    size_t step = top / 8;
    return (bytes + step - 1) / step * step;
  }

  void *take(size_t capacity) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = free_.find(capacity);
      if (it != free_.end() && !it->second.empty()) {
        void *p = it->second.back();
        it->second.pop_back();
        cachedBytes_ -= capacity;
        return p;
      }
    }
    return std::aligned_alloc(64, capacity);
  }

  void give(void *p, size_t capacity) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (cachedBytes_ + capacity <= kMaxCachedBytes) {
        free_[capacity].push_back(p);
        cachedBytes_ += capacity;
        return;
      }
    }
    std::free(p);
  }

private:
  static constexpr size_t kMaxCachedBytes = size_t{256} << 20;
  std::mutex mutex_;
  std::unordered_map<size_t, std::vector<void *>> free_;
  size_t cachedBytes_ = 0;
};

} // namespace

Tensor::Tensor(DType type, Shape shape, Uninitialized)
    : dtype_(type), shape_(std::move(shape)), numel_(numElements(shape_)) {
  size_t size = bytes();
  if (size > (size_t{1} << 40))
    fail("tensor of shape ", formatShape(shape_), " x ", dtypeName(type),
         " is too large to allocate");
  // A multiple of 64 bytes, as aligned_alloc requires.
  const size_t capacity = BufferPool::sizeClass(size);
  void *memory = BufferPool::instance().take(capacity);
  if (!memory)
    fail("out of memory allocating ", size, " bytes");
  owner_ = std::shared_ptr<const void>(memory, [capacity](const void *p) {
    BufferPool::instance().give(const_cast<void *>(p), capacity);
  });
  data_ = memory;
}

Tensor::Tensor(DType type, Shape shape)
    : Tensor(type, std::move(shape), Uninitialized{}) {
  std::memset(data_, 0, std::max<size_t>(bytes(), 1));
}

Tensor Tensor::uninitialized(DType type, Shape shape) {
  return Tensor(type, std::move(shape), Uninitialized{});
}

Tensor Tensor::view(DType type, Shape shape, const void *data,
                    std::shared_ptr<const void> keepAlive) {
  Tensor t;
  t.dtype_ = type;
  t.shape_ = std::move(shape);
  t.numel_ = numElements(t.shape_);
  t.owner_ = std::move(keepAlive);
  t.data_ = const_cast<void *>(data);
  return t;
}

Tensor Tensor::clone() const {
  Tensor copy = uninitialized(dtype_, shape_);
  if (bytes())
    std::memcpy(copy.data_, data_, bytes());
  return copy;
}

Tensor Tensor::reshaped(Shape shape) const {
  Tensor t = *this;
  int64_t n = numElements(shape);
  if (n != numel_)
    fail("cannot view ", formatShape(shape_), " as ", formatShape(shape));
  t.shape_ = std::move(shape);
  return t;
}

Tensor Tensor::bitcast(DType type) const {
  if (dtypeSize(type) != dtypeSize(dtype_))
    fail("cannot reinterpret ", dtypeName(dtype_), " as ", dtypeName(type));
  Tensor t = *this;
  t.dtype_ = type;
  return t;
}

double loadAsDouble(const Tensor &t, int64_t i) {
  const void *p = t.raw();
  switch (t.dtype()) {
  case DType::F32: return static_cast<const float *>(p)[i];
  case DType::F64: return static_cast<const double *>(p)[i];
  case DType::F16: return halfToFloat(static_cast<const uint16_t *>(p)[i]);
  case DType::BF16: return bf16ToFloat(static_cast<const uint16_t *>(p)[i]);
  case DType::Bool: return static_cast<const uint8_t *>(p)[i] ? 1.0 : 0.0;
  case DType::I8: return static_cast<const int8_t *>(p)[i];
  case DType::I16: return static_cast<const int16_t *>(p)[i];
  case DType::I32: return static_cast<const int32_t *>(p)[i];
  case DType::I64: return static_cast<double>(static_cast<const int64_t *>(p)[i]);
  case DType::U8: return static_cast<const uint8_t *>(p)[i];
  case DType::U16: return static_cast<const uint16_t *>(p)[i];
  case DType::U32: return static_cast<const uint32_t *>(p)[i];
  case DType::U64: return static_cast<double>(static_cast<const uint64_t *>(p)[i]);
  }
  return 0;
}

int64_t loadAsInt(const Tensor &t, int64_t i) {
  const void *p = t.raw();
  switch (t.dtype()) {
  case DType::I8: return static_cast<const int8_t *>(p)[i];
  case DType::I16: return static_cast<const int16_t *>(p)[i];
  case DType::I32: return static_cast<const int32_t *>(p)[i];
  case DType::I64: return static_cast<const int64_t *>(p)[i];
  case DType::U8: return static_cast<const uint8_t *>(p)[i];
  case DType::U16: return static_cast<const uint16_t *>(p)[i];
  case DType::U32: return static_cast<const uint32_t *>(p)[i];
  case DType::U64: return static_cast<int64_t>(static_cast<const uint64_t *>(p)[i]);
  case DType::Bool: return static_cast<const uint8_t *>(p)[i] != 0;
  default: {
    double v = std::trunc(loadAsDouble(t, i));
    // NaN and out-of-range floats have no int64 value: 0 / saturate, no UB.
    if (std::isnan(v))
      return 0;
    if (v >= 9.2233720368547758e18)
      return std::numeric_limits<int64_t>::max();
    if (v < -9.2233720368547758e18)
      return std::numeric_limits<int64_t>::min();
    return static_cast<int64_t>(v);
  }
  }
}

template <typename T> static T saturatingCast(double v) {
  if (!std::isfinite(v))
    return 0; // NaN and +-inf: undefined in ONNX, 0 here, never C++ UB
  v = std::trunc(v);
  // Out-of-range float -> int is undefined in ONNX; wrap modulo 2^64 (like
  // numpy on most platforms) without invoking C++ UB.
  if (v >= 9.2233720368547758e18 || v < -9.2233720368547758e18) {
    double wrapped = std::fmod(v, 18446744073709551616.0);
    if (wrapped < 0)
      wrapped += 18446744073709551616.0;
    return static_cast<T>(static_cast<uint64_t>(wrapped));
  }
  return static_cast<T>(static_cast<int64_t>(v));
}

void storeFromDouble(Tensor &t, int64_t i, double v) {
  void *p = t.raw();
  switch (t.dtype()) {
  case DType::F32: static_cast<float *>(p)[i] = static_cast<float>(v); return;
  case DType::F64: static_cast<double *>(p)[i] = v; return;
  case DType::F16:
    static_cast<uint16_t *>(p)[i] = floatToHalf(static_cast<float>(v));
    return;
  case DType::BF16:
    static_cast<uint16_t *>(p)[i] = floatToBf16(static_cast<float>(v));
    return;
  case DType::Bool: static_cast<uint8_t *>(p)[i] = v != 0 || std::isnan(v); return;
  case DType::I8: static_cast<int8_t *>(p)[i] = saturatingCast<int8_t>(v); return;
  case DType::I16: static_cast<int16_t *>(p)[i] = saturatingCast<int16_t>(v); return;
  case DType::I32: static_cast<int32_t *>(p)[i] = saturatingCast<int32_t>(v); return;
  case DType::I64: static_cast<int64_t *>(p)[i] = saturatingCast<int64_t>(v); return;
  case DType::U8: static_cast<uint8_t *>(p)[i] = saturatingCast<uint8_t>(v); return;
  case DType::U16: static_cast<uint16_t *>(p)[i] = saturatingCast<uint16_t>(v); return;
  case DType::U32: static_cast<uint32_t *>(p)[i] = saturatingCast<uint32_t>(v); return;
  case DType::U64: static_cast<uint64_t *>(p)[i] = saturatingCast<uint64_t>(v); return;
  }
}

void storeFromInt(Tensor &t, int64_t i, int64_t v) {
  void *p = t.raw();
  switch (t.dtype()) {
  case DType::I8: static_cast<int8_t *>(p)[i] = static_cast<int8_t>(v); return;
  case DType::I16: static_cast<int16_t *>(p)[i] = static_cast<int16_t>(v); return;
  case DType::I32: static_cast<int32_t *>(p)[i] = static_cast<int32_t>(v); return;
  case DType::I64: static_cast<int64_t *>(p)[i] = v; return;
  case DType::U8: static_cast<uint8_t *>(p)[i] = static_cast<uint8_t>(v); return;
  case DType::U16: static_cast<uint16_t *>(p)[i] = static_cast<uint16_t>(v); return;
  case DType::U32: static_cast<uint32_t *>(p)[i] = static_cast<uint32_t>(v); return;
  case DType::U64: static_cast<uint64_t *>(p)[i] = static_cast<uint64_t>(v); return;
  case DType::Bool: static_cast<uint8_t *>(p)[i] = v != 0; return;
  default: storeFromDouble(t, i, static_cast<double>(v));
  }
}

} // namespace kiln::rt
