//===- LutAttrs.h - lut dialect enums and attributes ------------*- C++ -*-===//
#ifndef KILN_DIALECTS_LUT_IR_LUTATTRS_H
#define KILN_DIALECTS_LUT_IR_LUTATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "kiln/rt/LutIsa.h"

#include "dialects/lut/IR/LutDialect.h"
#include "dialects/lut/IR/LutEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/lut/IR/LutAttrs.h.inc"

namespace kiln::lut {

/// The ISA definitions (kiln/rt/LutIsa.h): field limits, layouts, encoders.
namespace isa = ::kiln::rt::lut;

/// Bytes of one table entry of type `t` (f16: 2, i8: 1, i16: 2).
int64_t tableTypeBytes(TableType t);
/// The MLIR element type of a table tensor of type `t`.
mlir::Type tableElementType(mlir::MLIRContext *context, TableType t);
/// The table type with element type `type`, or nullopt.
std::optional<TableType> tableTypeOf(mlir::Type type);
/// Whether the precompute unit can produce `table` entries from `act`
/// activations: f16 tables from f16 activations, i16 tables (exact sums)
/// from i8 activations, scaled i8 tables from either.
bool isLegalActTable(ActType act, TableType table);
/// The largest weight group whose i8 activation sums stay exact in the f32
/// row info (127 * G < 2^24): 132104.
int64_t maxExactI8GroupSize();

/// Conversions to and from the ISA's enums (same encodings).
inline isa::ActType toIsa(ActType t) { return static_cast<isa::ActType>(t); }
inline isa::TableType toIsa(TableType t) {
  return static_cast<isa::TableType>(t);
}
inline isa::Prologue toIsa(Prologue p) { return static_cast<isa::Prologue>(p); }
inline isa::Space toIsa(Space s) { return static_cast<isa::Space>(s); }
inline ActType fromIsa(isa::ActType t) { return static_cast<ActType>(t); }
inline TableType fromIsa(isa::TableType t) { return static_cast<TableType>(t); }
inline Prologue fromIsa(isa::Prologue p) { return static_cast<Prologue>(p); }
inline Space fromIsa(isa::Space s) { return static_cast<Space>(s); }

} // namespace kiln::lut

#endif // KILN_DIALECTS_LUT_IR_LUTATTRS_H
