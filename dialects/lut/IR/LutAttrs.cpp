//===- LutAttrs.cpp - lut dialect enums and attributes --------------------===//

#include "dialects/lut/IR/LutAttrs.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

#include "dialects/lut/IR/LutEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/lut/IR/LutAttrs.cpp.inc"

namespace kiln::lut {

void LutDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/lut/IR/LutAttrs.cpp.inc"
      >();
}

int64_t tableTypeBytes(TableType t) {
  return static_cast<int64_t>(isa::tableTypeBytes(toIsa(t)));
}

Type tableElementType(MLIRContext *context, TableType t) {
  switch (t) {
  case TableType::F16:
    return Float16Type::get(context);
  case TableType::I8:
    return IntegerType::get(context, 8);
  case TableType::I16:
    return IntegerType::get(context, 16);
  }
  return {};
}

std::optional<TableType> tableTypeOf(Type type) {
  if (type.isF16())
    return TableType::F16;
  if (type.isSignlessInteger(8))
    return TableType::I8;
  if (type.isSignlessInteger(16))
    return TableType::I16;
  return std::nullopt;
}

bool isLegalActTable(ActType act, TableType table) {
  return isa::actTableError(toIsa(act), toIsa(table)) == nullptr;
}

int64_t maxExactI8GroupSize() {
  // The group sum of i8 activations travels as f32: |sum| <= 127 * G must
  // stay below 2^24.
  return ((int64_t(1) << 24) - 1) / 127;
}

//===----------------------------------------------------------------------===//
// #lut.weights
//===----------------------------------------------------------------------===//

LogicalResult WeightsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  int64_t bits, int64_t k, int64_t group,
                                  int64_t n, int64_t nPadded, bool ternary) {
  if (bits < 1 || bits > 4)
    return emitError() << "#lut.weights bits = " << bits
                       << " out of range 1..4";
  if (ternary && bits != 2)
    return emitError() << "#lut.weights ternary weights are stored as 2-bit "
                          "codes, but bits = "
                       << bits;
  if (k < 1 || k > 8)
    return emitError() << "#lut.weights k = " << k << " out of range 1..8";
  if (group < 1 || group % k != 0)
    return emitError() << "#lut.weights group = " << group
                       << " is not a positive multiple of k = " << k;
  if (n < 1)
    return emitError() << "#lut.weights n = " << n << " must be positive";
  if (nPadded < n)
    return emitError() << "#lut.weights n_padded = " << nPadded
                       << " is smaller than n = " << n;
  if ((nPadded * k) % 8 != 0)
    return emitError() << "#lut.weights n_padded * k = " << nPadded << " * "
                       << k
                       << " is not a multiple of 8 (plane rows are whole "
                          "bytes)";
  return success();
}

int64_t WeightsAttr::getPlaneRowBytes() const {
  return static_cast<int64_t>(
      isa::packedPlaneRowBytes(getNPadded(), static_cast<unsigned>(getK())));
}

Attribute WeightsAttr::parse(AsmParser &parser, Type) {
  static constexpr StringLiteral kKeys[] = {"bits", "k",        "group",
                                            "n",    "n_padded", "ternary"};
  int64_t values[5] = {0, 0, 0, 0, 0};
  bool ternary = false;
  llvm::StringSet<> seen;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess())
    return {};
  auto parseEntry = [&]() -> ParseResult {
    SMLoc keyLoc = parser.getCurrentLocation();
    StringRef key;
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return failure();
    const StringLiteral *it = llvm::find(kKeys, key);
    if (it == std::end(kKeys))
      return parser.emitError(keyLoc)
             << "unknown #lut.weights parameter '" << key
             << "' (expected bits, k, group, n, n_padded, ternary)";
    if (!seen.insert(key).second)
      return parser.emitError(keyLoc)
             << "#lut.weights parameter '" << key << "' given twice";
    if (key == "ternary") {
      if (succeeded(parser.parseOptionalKeyword("true")))
        ternary = true;
      else if (succeeded(parser.parseOptionalKeyword("false")))
        ternary = false;
      else
        return parser.emitError(parser.getCurrentLocation())
               << "expected 'true' or 'false' for ternary";
      return success();
    }
    return parser.parseInteger(values[it - std::begin(kKeys)]);
  };
  if (parser.parseCommaSeparatedList(parseEntry) || parser.parseGreater())
    return {};
  for (StringRef key : ArrayRef<StringLiteral>(kKeys).drop_back())
    if (!seen.contains(key)) {
      parser.emitError(loc) << "#lut.weights is missing '" << key << "'";
      return {};
    }
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    values[0], values[1], values[2], values[3], values[4],
                    ternary);
}

void WeightsAttr::print(AsmPrinter &printer) const {
  printer << "<bits = " << getBits() << ", k = " << getK()
          << ", group = " << getGroup() << ", n = " << getN()
          << ", n_padded = " << getNPadded()
          << ", ternary = " << (getTernary() ? "true" : "false") << ">";
}

//===----------------------------------------------------------------------===//
// #lut.tile
//===----------------------------------------------------------------------===//

LogicalResult TileAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               int64_t m, int64_t n, int64_t k) {
  if (m < 1 || m > 255)
    return emitError() << "#lut.tile M = " << m << " out of range 1..255";
  if (n < 1 || n > 65535)
    return emitError() << "#lut.tile N = " << n << " out of range 1..65535";
  if (k < 1 || k > 8)
    return emitError() << "#lut.tile K = " << k << " out of range 1..8";
  if ((n * k) % 8 != 0)
    return emitError() << "#lut.tile N * K = " << n << " * " << k
                       << " is not a multiple of 8 (weight plane rows are "
                          "whole bytes)";
  return success();
}

isa::TileShape TileAttr::toShape() const {
  return {static_cast<unsigned>(getM()), static_cast<unsigned>(getN()),
          static_cast<unsigned>(getK())};
}

TileAttr TileAttr::get(MLIRContext *context, isa::TileShape shape) {
  return get(context, shape.m, shape.n, shape.k);
}

TileAttr TileAttr::parseBare(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  SmallVector<int64_t> dims;
  if (parser.parseDimensionList(dims, /*allowDynamic=*/false,
                                /*withTrailingX=*/false))
    return {};
  if (dims.size() != 3) {
    parser.emitError(loc) << "expected a tile MxNxK, got " << dims.size()
                          << " dimension(s)";
    return {};
  }
  return TileAttr::getChecked([&] { return parser.emitError(loc); },
                              parser.getContext(), dims[0], dims[1], dims[2]);
}

void TileAttr::printBare(AsmPrinter &printer) const {
  printer << getM() << "x" << getN() << "x" << getK();
}

Attribute TileAttr::parse(AsmParser &parser, Type) {
  if (parser.parseLess())
    return {};
  TileAttr tile = parseBare(parser);
  if (!tile || parser.parseGreater())
    return {};
  return tile;
}

void TileAttr::print(AsmPrinter &printer) const {
  printer << "<";
  printBare(printer);
  printer << ">";
}

//===----------------------------------------------------------------------===//
// #lut.blocking
//===----------------------------------------------------------------------===//

LogicalResult BlockingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   int64_t mBlock, int64_t nBlock,
                                   int64_t kBlock, int64_t cores) {
  auto check = [&](StringRef name, int64_t value) -> LogicalResult {
    if (value >= 1)
      return success();
    return emitError() << "#lut.blocking " << name << " = " << value
                       << " must be positive";
  };
  return success(succeeded(check("m_block", mBlock)) &&
                 succeeded(check("n_block", nBlock)) &&
                 succeeded(check("k_block", kBlock)) &&
                 succeeded(check("cores", cores)));
}

//===----------------------------------------------------------------------===//
// #lut.addr
//===----------------------------------------------------------------------===//

LogicalResult AddrAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               int64_t reg, int64_t offset) {
  if (reg < 0 || reg >= static_cast<int64_t>(isa::kNumRegs))
    return emitError() << "register r" << reg << " out of range: there are "
                       << isa::kNumRegs << " registers r0..r"
                       << isa::kNumRegs - 1;
  if (offset < 0 || offset > static_cast<int64_t>(isa::kMaxOffset))
    return emitError() << "address offset " << offset << " out of range 0.."
                       << isa::kMaxOffset << " (28 bits)";
  return success();
}

uint32_t AddrAttr::pack() const {
  return isa::packAddr(static_cast<unsigned>(getReg()),
                       static_cast<uint32_t>(getOffset()));
}

AddrAttr AddrAttr::unpack(MLIRContext *context, uint32_t field) {
  return get(context, isa::addrReg(field), isa::addrOffset(field));
}

void AddrAttr::printBare(AsmPrinter &printer) const {
  printer << "r" << getReg() << "+" << getOffset();
}

AddrAttr AddrAttr::parseBare(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef reg;
  if (parser.parseOptionalKeyword(&reg)) {
    parser.emitError(loc) << "expected an address rN+offset";
    return {};
  }
  int64_t regNum = 0;
  if (!reg.consume_front("r") || reg.empty() || reg.getAsInteger(10, regNum)) {
    parser.emitError(loc) << "expected a register r0..r" << isa::kNumRegs - 1
                          << " in an address rN+offset";
    return {};
  }
  int64_t offset = 0;
  if (succeeded(parser.parseOptionalPlus()) && parser.parseInteger(offset))
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    regNum, offset);
}

Attribute AddrAttr::parse(AsmParser &parser, Type) {
  if (parser.parseLess())
    return {};
  AddrAttr addr = parseBare(parser);
  if (!addr || parser.parseGreater())
    return {};
  return addr;
}

void AddrAttr::print(AsmPrinter &printer) const {
  printer << "<";
  printBare(printer);
  printer << ">";
}

} // namespace kiln::lut
