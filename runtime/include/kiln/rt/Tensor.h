//===- Tensor.h - runtime tensors -------------------------------*- C++ -*-===//
//
// A dense, row-major tensor with a static shape. Storage is 64-byte aligned
// and either owned (shared between copies of the handle) or a view into a
// buffer someone else keeps alive (the constants of a mapped .kbin).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_TENSOR_H
#define KILN_RT_TENSOR_H

#include "kiln/rt/DType.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kiln::rt {

using Shape = std::vector<int64_t>;

/// Product of the dims (1 for a scalar); throws on overflow or negative dims.
int64_t numElements(const Shape &shape);
/// `2x3x4`, or `scalar`.
std::string formatShape(const Shape &shape);

class Tensor {
public:
  Tensor() = default;
  /// Allocates zero-initialized storage.
  Tensor(DType type, Shape shape);
  /// Allocates storage whose contents are unspecified, for a producer that
  /// writes every element (the host executor's kernel outputs). Both
  /// constructors recycle the storage of freed tensors (see Tensor.cpp), so
  /// steady-state runs neither fault in fresh pages nor call the allocator.
  static Tensor uninitialized(DType type, Shape shape);
  /// A non-owning view of `data` (which must outlive the tensor and all its
  /// copies). `keepAlive` may own the memory instead.
  static Tensor view(DType type, Shape shape, const void *data,
                     std::shared_ptr<const void> keepAlive = nullptr);

  bool valid() const { return data_ != nullptr || numel_ == 0; }
  DType dtype() const { return dtype_; }
  const Shape &shape() const { return shape_; }
  int64_t rank() const { return static_cast<int64_t>(shape_.size()); }
  int64_t dim(int64_t i) const { return shape_[i]; }
  int64_t numel() const { return numel_; }
  size_t bytes() const { return static_cast<size_t>(numel_) * dtypeSize(dtype_); }

  void *raw() { return data_; }
  const void *raw() const { return data_; }
  template <typename T> T *data() { return static_cast<T *>(data_); }
  template <typename T> const T *data() const {
    return static_cast<const T *>(data_);
  }

  /// A deep copy with its own storage.
  Tensor clone() const;
  /// Same storage, new shape of equal element count.
  Tensor reshaped(Shape shape) const;
  /// Same storage and shape, reinterpreted as `type` of the same size.
  Tensor bitcast(DType type) const;

private:
  struct Uninitialized {};
  Tensor(DType type, Shape shape, Uninitialized);

  DType dtype_ = DType::F32;
  Shape shape_;
  int64_t numel_ = 0;
  std::shared_ptr<const void> owner_;
  void *data_ = nullptr;
};

/// Element `i` of any tensor as double / int64 (for generic, slow paths).
double loadAsDouble(const Tensor &t, int64_t i);
int64_t loadAsInt(const Tensor &t, int64_t i);
/// Stores `v` converted to the tensor's element type (ONNX Cast semantics:
/// float -> int truncates, -> bool is "non-zero").
void storeFromDouble(Tensor &t, int64_t i, double v);
void storeFromInt(Tensor &t, int64_t i, int64_t v);

} // namespace kiln::rt

#endif // KILN_RT_TENSOR_H
