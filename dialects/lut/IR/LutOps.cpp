//===- LutOps.cpp - lut dialect builders, syntax and generated code -------===//
//
// Builders, accessors and custom assembly directives. The verifiers are in
// LutVerifiers.cpp.
//
//===----------------------------------------------------------------------===//

#include "dialects/lut/IR/LutOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace kiln::lut {

//===----------------------------------------------------------------------===//
// Helpers.
//===----------------------------------------------------------------------===//

int64_t tensorBytes(Type type) {
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return -1;
  unsigned bits = tensor.getElementType().getIntOrFloatBitWidth();
  if (bits == 0 || bits % 8 != 0)
    return -1;
  return tensor.getNumElements() * (bits / 8);
}

static constexpr StringLiteral kConfigKeys[] = {"cores",      "arrays_per_core",
                                                "smem_bytes", "tbuf_bytes",
                                                "acc_tiles",  "tile"};

DictionaryAttr KernelConfig::toAttr(MLIRContext *context) const {
  Builder b(context);
  SmallVector<NamedAttribute> entries = {
      b.getNamedAttr("cores", b.getI64IntegerAttr(cores)),
      b.getNamedAttr("arrays_per_core", b.getI64IntegerAttr(arraysPerCore)),
      b.getNamedAttr("smem_bytes", b.getI64IntegerAttr(smemBytes)),
      b.getNamedAttr("tbuf_bytes", b.getI64IntegerAttr(tbufBytes)),
      b.getNamedAttr("acc_tiles", b.getI64IntegerAttr(accTiles)),
  };
  if (tile)
    entries.push_back(b.getNamedAttr("tile", tile));
  return b.getDictionaryAttr(entries);
}

FailureOr<KernelConfig>
KernelConfig::fromAttr(DictionaryAttr config,
                       function_ref<InFlightDiagnostic()> emitError) {
  auto fail = [&]() -> InFlightDiagnostic {
    if (emitError)
      return emitError();
    return InFlightDiagnostic();
  };
  if (!config) {
    fail() << "has no config";
    return failure();
  }
  for (NamedAttribute entry : config) {
    if (!llvm::is_contained(kConfigKeys, entry.getName().getValue())) {
      fail() << "config has an unknown key '" << entry.getName().getValue()
             << "' (expected cores, arrays_per_core, smem_bytes, tbuf_bytes, "
                "acc_tiles, tile)";
      return failure();
    }
  }
  KernelConfig result;
  struct IntKey {
    StringLiteral name;
    int64_t *field;
    int64_t max;
  };
  IntKey keys[] = {
      {"cores", &result.cores, UINT32_MAX},
      // Load's array is the 16-bit x field.
      {"arrays_per_core", &result.arraysPerCore, 65536},
      {"smem_bytes", &result.smemBytes, INT64_MAX},
      {"tbuf_bytes", &result.tbufBytes, INT64_MAX},
      {"acc_tiles", &result.accTiles, UINT32_MAX},
  };
  for (IntKey &key : keys) {
    Attribute value = config.get(key.name);
    if (!value) {
      fail() << "config is missing '" << key.name << "'";
      return failure();
    }
    auto integer = llvm::dyn_cast<IntegerAttr>(value);
    if (!integer || !integer.getType().isSignlessInteger(64)) {
      fail() << "config '" << key.name << "' must be an i64 integer, got "
             << value;
      return failure();
    }
    int64_t v = integer.getInt();
    if (v < 1 || v > key.max) {
      fail() << "config '" << key.name << "' = " << v << " out of range 1.."
             << key.max;
      return failure();
    }
    *key.field = v;
  }
  Attribute tile = config.get("tile");
  if (!tile) {
    fail() << "config is missing 'tile'";
    return failure();
  }
  result.tile = llvm::dyn_cast<TileAttr>(tile);
  if (!result.tile) {
    fail() << "config 'tile' must be a #lut.tile, got " << tile;
    return failure();
  }
  if (failed(TileAttr::verify(fail, result.tile.getM(), result.tile.getN(),
                              result.tile.getK())))
    return failure();
  return result;
}

//===----------------------------------------------------------------------===//
// Custom assembly directives of the instruction ops.
//===----------------------------------------------------------------------===//

/// `rN`: a register number.
static ParseResult parseReg(OpAsmParser &parser, IntegerAttr &reg) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  int64_t number = 0;
  if (parser.parseOptionalKeyword(&keyword) || !keyword.consume_front("r") ||
      keyword.empty() || keyword.getAsInteger(10, number))
    return parser.emitError(loc)
           << "expected a register r0..r" << isa::kNumRegs - 1;
  reg = parser.getBuilder().getI64IntegerAttr(number);
  return success();
}

static void printReg(OpAsmPrinter &printer, Operation *, IntegerAttr reg) {
  printer << "r" << reg.getInt();
}

/// `rN+offset`: an address operand.
static ParseResult parseAddr(OpAsmParser &parser, AddrAttr &addr) {
  addr = AddrAttr::parseBare(parser);
  return success(static_cast<bool>(addr));
}

static void printAddr(OpAsmPrinter &printer, Operation *, AddrAttr addr) {
  addr.printBare(printer);
}

/// `MxNxK`: a tile shape.
static ParseResult parseShape(OpAsmParser &parser, TileAttr &tile) {
  tile = TileAttr::parseBare(parser);
  return success(static_cast<bool>(tile));
}

static void printShape(OpAsmPrinter &printer, Operation *, TileAttr tile) {
  tile.printBare(printer);
}

/// A bare enum keyword (`f16`, `tbuf`, `mul`) for a lut enum attribute.
template <typename EnumAttrT>
static ParseResult parseEnumKeyword(OpAsmParser &parser, EnumAttrT &attr) {
  using EnumT = decltype(std::declval<EnumAttrT>().getValue());
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (succeeded(parser.parseOptionalKeyword(&keyword))) {
    if (std::optional<EnumT> value = symbolizeEnum<EnumT>(keyword)) {
      attr = EnumAttrT::get(parser.getContext(), *value);
      return success();
    }
  }
  SmallVector<StringRef> names;
  for (unsigned i = 0; i < 8; ++i) {
    StringRef name = stringifyEnum(static_cast<EnumT>(i));
    if (!name.empty())
      names.push_back(name);
  }
  return parser.emitError(loc) << "expected one of " << llvm::join(names, ", ");
}

template <typename EnumAttrT>
static void printEnumKeyword(OpAsmPrinter &printer, Operation *,
                             EnumAttrT attr) {
  printer << stringifyEnum(attr.getValue());
}

//===----------------------------------------------------------------------===//
// Tensor-level builders.
//===----------------------------------------------------------------------===//

static RankedTensorType f32Tensor(Builder &b, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, b.getF32Type());
}

static int64_t dimOr(Value value, unsigned dim) {
  auto type = llvm::dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() <= dim)
    return ShapedType::kDynamic;
  return type.getDimSize(dim);
}

void MatmulOp::build(OpBuilder &b, OperationState &state, Value x, Value w) {
  build(b, state, f32Tensor(b, {dimOr(x, 0), dimOr(w, 1)}), x, w);
}

void QMatmulOp::build(OpBuilder &b, OperationState &state, Value x, Value codes,
                      Value scales, Value zeros, int64_t bits,
                      int64_t groupSize, bool ternary) {
  build(b, state, f32Tensor(b, {dimOr(x, 0), dimOr(codes, 1)}), x, codes,
        scales, zeros, bits, groupSize, ternary);
}

void PrecomputeOp::build(OpBuilder &b, OperationState &state, Value x,
                         Value vec, int64_t k, int64_t groupSize, ActType act,
                         TableType table, Prologue prologue) {
  int64_t m = dimOr(x, 0), kd = dimOr(x, 1);
  bool known = kd != ShapedType::kDynamic && k >= 1 && k <= 8 && groupSize > 0;
  int64_t runs = known ? kd / k : ShapedType::kDynamic;
  int64_t groups = known ? kd / groupSize : ShapedType::kDynamic;
  int64_t entries =
      k >= 1 && k <= 8 ? int64_t(1) << (k - 1) : ShapedType::kDynamic;
  auto tables = RankedTensorType::get({runs, m, entries},
                                      tableElementType(b.getContext(), table));
  auto rowinfo = f32Tensor(b, {groups, m, 2});
  build(b, state, tables, rowinfo, x, vec, k, groupSize, act, table, prologue);
}

void MpgemmOp::build(OpBuilder &b, OperationState &state, Value tables,
                     Value rowinfo, Value packed, Value consts,
                     WeightsAttr format, ActType act, TableType table,
                     TileAttr tile, BlockingAttr blocking) {
  build(b, state, f32Tensor(b, {dimOr(tables, 1), format.getN()}), tables,
        rowinfo, packed, consts, format, act, table, tile, blocking);
}

//===----------------------------------------------------------------------===//
// Kernel structure.
//===----------------------------------------------------------------------===//

static void addBodyRegion(OperationState &state) {
  Region *region = state.addRegion();
  region->push_back(new Block);
}

void KernelOp::build(OpBuilder &b, OperationState &state, TypeRange resultTypes,
                     StringRef kind, ValueRange inputs, DictionaryAttr config) {
  state.addOperands(inputs);
  state.addTypes(resultTypes);
  state.addAttribute(getKindAttrName(state.name), b.getStringAttr(kind));
  state.addAttribute(getConfigAttrName(state.name), config);
  addBodyRegion(state);
}

void KernelOp::build(OpBuilder &b, OperationState &state, TypeRange resultTypes,
                     StringRef kind, ValueRange inputs,
                     const KernelConfig &config) {
  build(b, state, resultTypes, kind, inputs, config.toAttr(b.getContext()));
}

FailureOr<KernelConfig> KernelOp::getConfigInfo() {
  return KernelConfig::fromAttr(getConfig());
}

RankedTensorType KernelOp::getSlotType(int64_t slot) {
  if (slot < 0 || slot >= static_cast<int64_t>(getNumSlots()))
    return {};
  Type type = slot < getNumOperands()
                  ? getOperand(slot).getType()
                  : getResult(slot - getNumOperands()).getType();
  return llvm::dyn_cast<RankedTensorType>(type);
}

CoreOp KernelOp::getCore(int64_t id) {
  for (auto core : getBody()->getOps<CoreOp>())
    if (static_cast<int64_t>(core.getId()) == id)
      return core;
  return {};
}

CoreOp KernelOp::addCore(OpBuilder &builder, int64_t id) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(getBody());
  return builder.create<CoreOp>(getLoc(), id);
}

void CoreOp::build(OpBuilder &b, OperationState &state, int64_t id) {
  state.addAttribute(getIdAttrName(state.name), b.getI64IntegerAttr(id));
  addBodyRegion(state);
}

void LoopOp::build(OpBuilder &b, OperationState &state, int64_t count) {
  state.addAttribute(getCountAttrName(state.name), b.getI64IntegerAttr(count));
  addBodyRegion(state);
}

unsigned LoopOp::getDepth() {
  unsigned depth = 1;
  for (Operation *parent = (*this)->getParentOp();
       parent && !llvm::isa<CoreOp>(parent); parent = parent->getParentOp())
    if (llvm::isa<LoopOp>(parent))
      ++depth;
  return depth;
}

//===----------------------------------------------------------------------===//
// Instructions <-> the ISA's field structs.
//===----------------------------------------------------------------------===//

static AddrAttr unpack(OpBuilder &b, uint32_t field) {
  return AddrAttr::unpack(b.getContext(), field);
}

void LoadOp::build(OpBuilder &b, OperationState &state,
                   const isa::LoadFields &f) {
  build(b, state, fromIsa(f.space), f.array, unpack(b, f.dst), f.slot,
        unpack(b, f.src), f.rows, f.rowBytes, f.srcStride, f.dstStride);
}

isa::LoadFields LoadOp::getFields() {
  isa::LoadFields f;
  f.space = toIsa(getSpace());
  f.array = static_cast<unsigned>(getArray());
  f.dst = getDst().pack();
  f.src = getSrc().pack();
  f.rows = static_cast<uint32_t>(getRows());
  f.rowBytes = static_cast<uint32_t>(getRowBytes());
  f.srcStride = static_cast<uint32_t>(getSrcStride());
  f.dstStride = static_cast<uint32_t>(getDstStride());
  f.slot = static_cast<unsigned>(getSlot());
  return f;
}

void StoreOp::build(OpBuilder &b, OperationState &state,
                    const isa::StoreFields &f) {
  build(b, state, f.slot, unpack(b, f.dst), unpack(b, f.src), f.rows,
        f.rowBytes, f.dstStride, f.srcStride);
}

isa::StoreFields StoreOp::getFields() {
  isa::StoreFields f;
  f.dst = getDst().pack();
  f.src = getSrc().pack();
  f.rows = static_cast<uint32_t>(getRows());
  f.rowBytes = static_cast<uint32_t>(getRowBytes());
  f.dstStride = static_cast<uint32_t>(getDstStride());
  f.srcStride = static_cast<uint32_t>(getSrcStride());
  f.slot = static_cast<unsigned>(getSlot());
  return f;
}

void TGenOp::build(OpBuilder &b, OperationState &state,
                   const isa::TGenFields &f) {
  AddrAttr vec =
      f.prologue == isa::Prologue::None ? AddrAttr() : unpack(b, f.prologueVec);
  build(b, state, ActTypeAttr::get(b.getContext(), fromIsa(f.act)),
        TableTypeAttr::get(b.getContext(), fromIsa(f.table)),
        PrologueAttr::get(b.getContext(), fromIsa(f.prologue)),
        b.getI64IntegerAttr(f.k),
        b.getI64IntegerAttr(int64_t(f.groupUnits) * f.k), unpack(b, f.src),
        unpack(b, f.dstTables), b.getI64IntegerAttr(f.rows),
        b.getI64IntegerAttr(f.kdim), b.getI64IntegerAttr(f.srcStride), vec,
        unpack(b, f.dstRowInfo));
}

isa::TGenFields TGenOp::getFields() {
  isa::TGenFields f;
  f.act = toIsa(getAct());
  f.table = toIsa(getTable());
  f.prologue = toIsa(getPrologue());
  f.k = static_cast<unsigned>(getK());
  f.groupUnits =
      getK() > 0 ? static_cast<unsigned>(getGroupSize() / getK()) : 0;
  f.src = getSrc().pack();
  f.dstTables = getDstTables().pack();
  f.rows = static_cast<uint32_t>(getRows());
  f.kdim = static_cast<uint32_t>(getKdim());
  f.srcStride = static_cast<uint32_t>(getSrcStride());
  f.prologueVec = getPrologueVec() ? getPrologueVec()->pack() : 0;
  f.dstRowInfo = getDstRowinfo().pack();
  return f;
}

void LmmaOp::build(OpBuilder &b, OperationState &state,
                   const isa::LmmaFields &f) {
  build(b, state, f.bits, f.clear, fromIsa(f.table), f.array, f.acc,
        unpack(b, f.tables), unpack(b, f.weights), f.rows,
        TileAttr::get(b.getContext(), f.shape), f.planeStride);
}

isa::LmmaFields LmmaOp::getFields() {
  isa::LmmaFields f;
  f.bits = static_cast<unsigned>(getBits());
  f.clear = getClear();
  f.table = toIsa(getTable());
  f.array = static_cast<unsigned>(getArray());
  f.acc = static_cast<uint32_t>(getAcc());
  f.tables = getTables().pack();
  f.weights = getWeights().pack();
  f.rows = static_cast<uint32_t>(getRows());
  f.shape = getShape().toShape();
  f.planeStride = static_cast<uint32_t>(getPlaneStride());
  return f;
}

void EpiOp::build(OpBuilder &b, OperationState &state,
                  const isa::EpiFields &f) {
  build(b, state, f.init, f.clearAcc, fromIsa(f.table), f.array,
        unpack(b, f.out), f.acc, unpack(b, f.consts), unpack(b, f.rowInfo),
        TileAttr::get(b.getContext(), f.shape), f.outStride, f.rows);
}

isa::EpiFields EpiOp::getFields() {
  isa::EpiFields f;
  f.init = getInit();
  f.clearAcc = getClearAcc();
  f.table = toIsa(getTable());
  f.array = static_cast<unsigned>(getArray());
  f.out = getOut().pack();
  f.acc = static_cast<uint32_t>(getAcc());
  f.consts = getConsts().pack();
  f.rowInfo = getRowinfo().pack();
  f.shape = getShape().toShape();
  f.outStride = static_cast<uint32_t>(getOutStride());
  f.rows = static_cast<uint32_t>(getRows());
  return f;
}

} // namespace kiln::lut

#define GET_OP_CLASSES
#include "dialects/lut/IR/LutOps.cpp.inc"
