//===- DType.h - element types of runtime tensors ---------------*- C++ -*-===//
//
// The one definition of element types shared by the compiler's emitters and
// the runtime: names as written in .kbin manifests, sizes, and float16 /
// bfloat16 conversions.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_DTYPE_H
#define KILN_RT_DTYPE_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace kiln::rt {

enum class DType : uint8_t {
  F32,
  F16,
  BF16,
  F64,
  Bool,
  I8,
  I16,
  I32,
  I64,
  U8,
  U16,
  U32,
  U64,
};

inline constexpr DType kAllDTypes[] = {
    DType::F32, DType::F16, DType::BF16, DType::F64, DType::Bool,
    DType::I8,  DType::I16, DType::I32,  DType::I64, DType::U8,
    DType::U16, DType::U32, DType::U64};

/// Manifest name: f32 f16 bf16 f64 bool i8 i16 i32 i64 u8 u16 u32 u64.
const char *dtypeName(DType type);
std::optional<DType> parseDType(std::string_view name);
/// Bytes per element (bool takes one byte).
size_t dtypeSize(DType type);
bool isFloat(DType type);
bool isSignedInt(DType type);
bool isUnsignedInt(DType type);

/// IEEE binary16 and bfloat16 conversions (round to nearest even).
float halfToFloat(uint16_t bits);
uint16_t floatToHalf(float value);
inline float bf16ToFloat(uint16_t bits) {
  uint32_t wide = static_cast<uint32_t>(bits) << 16;
  float out;
  std::memcpy(&out, &wide, 4);
  return out;
}
uint16_t floatToBf16(float value);

/// Storage types for the 16-bit floats, so kernels can template on them.
struct Half {
  uint16_t bits;
};
struct BFloat16 {
  uint16_t bits;
};

} // namespace kiln::rt

#endif // KILN_RT_DTYPE_H
