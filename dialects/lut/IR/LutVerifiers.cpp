//===- LutVerifiers.cpp - verifiers of the lut dialect ops ----------------===//
//
// Every check here is a constraint of the LUT Tensor Core (docs/isa/lut-tc.md)
// or of the data layouts its instructions read (kiln/rt/LutIsa.h); the
// messages name the field, its value and the limit.
//
//===----------------------------------------------------------------------===//

#include "dialects/lut/IR/LutOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include "kiln/Support/ShapeDiagnostics.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

#include <string>

using namespace mlir;
using kiln::expectShape;
using kiln::formatShape;
using kiln::shapeOf;

namespace kiln::lut {
namespace {

//===----------------------------------------------------------------------===//
// Shared helpers.
//===----------------------------------------------------------------------===//


/// An attribute built from C++ is not verified by MLIR in a release build:
/// the ops re-run the attribute verifiers.
auto opError(Operation *op) {
  return [op]() { return op->emitOpError(); };
}

LogicalResult verifyAttr(Operation *op, WeightsAttr w) {
  return WeightsAttr::verify(opError(op), w.getBits(), w.getK(), w.getGroup(),
                             w.getN(), w.getNPadded(), w.getTernary());
}
LogicalResult verifyAttr(Operation *op, TileAttr t) {
  return TileAttr::verify(opError(op), t.getM(), t.getN(), t.getK());
}
LogicalResult verifyAttr(Operation *op, BlockingAttr b) {
  return BlockingAttr::verify(opError(op), b.getMBlock(), b.getNBlock(),
                              b.getKBlock(), b.getCores());
}
LogicalResult verifyAttr(Operation *op, AddrAttr a) {
  return AddrAttr::verify(opError(op), a.getReg(), a.getOffset());
}

LogicalResult checkActTable(Operation *op, ActType act, TableType table) {
  if (isLegalActTable(act, table))
    return success();
  if (table == TableType::I16)
    return op->emitOpError() << "table = i16 needs act = i8 (exact i16 tables "
                                "hold sums of int8 activations), got act = "
                             << stringifyEnum(act);
  return op->emitOpError() << "table = " << stringifyEnum(table)
                           << " needs act = f16, got act = "
                           << stringifyEnum(act);
}

/// With i8 activations the group sums travel as f32 in the row info.
LogicalResult checkI8Group(Operation *op, ActType act, int64_t group,
                           StringRef name) {
  if (act != ActType::I8 || group <= maxExactI8GroupSize())
    return success();
  return op->emitOpError() << name << " = " << group
                           << " is too large for exact i8 group sums (at most "
                           << maxExactI8GroupSize() << ")";
}

LogicalResult checkK(Operation *op, int64_t k) {
  if (k >= 1 && k <= 8)
    return success();
  return op->emitOpError() << "k = " << k
                           << " out of range 1..8 (activations per table)";
}

LogicalResult checkGroup(Operation *op, int64_t group, int64_t k) {
  if (group >= 1 && group % k == 0)
    return success();
  return op->emitOpError() << "group_size = " << group
                           << " is not a positive multiple of k = " << k;
}

//===----------------------------------------------------------------------===//
// Constant weight codes.
//===----------------------------------------------------------------------===//

/// Calls `fn(index, byte)` for every element of a constant ui8 tensor and
/// returns false when `value` is not a constant whose bytes are available.
bool forEachConstantByte(Value value, function_ref<bool(int64_t, uint8_t)> fn) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return false;
  int64_t count = llvm::cast<ShapedType>(value.getType()).getNumElements();
  ArrayRef<char> bytes;
  if (auto dense = llvm::dyn_cast<DenseIntElementsAttr>(attr)) {
    if (!dense.getElementType().isInteger(8))
      return false;
    bytes = dense.getRawData();
    if (dense.isSplat()) {
      if (!bytes.empty())
        fn(0, static_cast<uint8_t>(bytes[0]));
      return true;
    }
  } else if (auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return false;
    bytes = blob->getData();
  } else {
    return false;
  }
  if (static_cast<int64_t>(bytes.size()) != count)
    return false;
  for (int64_t i = 0; i < count; ++i)
    if (!fn(i, static_cast<uint8_t>(bytes[i])))
      break;
  return true;
}

//===----------------------------------------------------------------------===//
// Instruction checks against the enclosing kernel.
//===----------------------------------------------------------------------===//

/// The context of one instruction: its kernel and the kernel's limits.
class InstrChecker {
public:
  explicit InstrChecker(Operation *op) : op(op) {}

  LogicalResult init() {
    kernel = op->getParentOfType<KernelOp>();
    if (!kernel)
      return op->emitOpError() << "must be inside a lut.kernel";
    FailureOr<KernelConfig> parsed =
        KernelConfig::fromAttr(kernel.getConfig(), [&] {
          return op->emitOpError() << "the enclosing lut.kernel ";
        });
    if (failed(parsed))
      return failure();
    config = *parsed;
    return success();
  }

  const KernelConfig &cfg() const { return config; }

  /// `value` fits the 32-bit instruction field `name`.
  LogicalResult u32(StringRef name, int64_t value) {
    if (value >= 0 && value <= int64_t(UINT32_MAX))
      return success();
    return op->emitOpError() << name << " = " << value
                             << " does not fit the 32-bit instruction field";
  }

  LogicalResult positive(StringRef name, int64_t value) {
    if (value <= 0)
      return op->emitOpError() << name << " must be positive, got " << value;
    return u32(name, value);
  }

  /// With more than one row, rows `stride` bytes apart must not overlap.
  LogicalResult stride(StringRef name, int64_t value, int64_t rows,
                       int64_t rowBytes, StringRef rowBytesName) {
    if (failed(u32(name, value)))
      return failure();
    if (rows > 1 && value < rowBytes)
      return op->emitOpError()
             << name << " = " << value << " is smaller than " << rowBytesName
             << " = " << rowBytes << ": the " << rows << " rows would overlap";
    return success();
  }

  LogicalResult array(int64_t value) {
    if (value >= 0 && value < config.arraysPerCore)
      return success();
    return op->emitOpError()
           << "array " << value << " out of range: a core has "
           << config.arraysPerCore << " arrays";
  }

  LogicalResult acc(int64_t value) {
    if (value >= 0 && value < config.accTiles)
      return success();
    return op->emitOpError()
           << "accumulator tile " << value << " out of range: the array has "
           << config.accTiles << " tiles";
  }

  LogicalResult shape(TileAttr tile) {
    if (failed(verifyAttr(op, tile)))
      return failure();
    if (tile == config.tile)
      return success();
    TileAttr expected = config.tile;
    return op->emitOpError()
           << "shape " << tile.getM() << "x" << tile.getN() << "x"
           << tile.getK() << " differs from the kernel's tile "
           << expected.getM() << "x" << expected.getN() << "x"
           << expected.getK();
  }

  LogicalResult tileRows(int64_t rows) {
    if (rows >= 1 && rows <= config.tile.getM())
      return success();
    return op->emitOpError() << "rows = " << rows << " out of range 1.."
                             << config.tile.getM() << " (the tile's M)";
  }

  /// The type of DRAM slot `slot`, or failure.
  FailureOr<RankedTensorType> slot(int64_t slot) {
    unsigned n = kernel.getNumSlots();
    if (slot < 0 || slot >= static_cast<int64_t>(n)) {
      op->emitOpError() << "slot " << slot << " out of range: the kernel has "
                        << n << " DRAM slots (" << kernel.getNumOperands()
                        << " operands, " << kernel.getNumResults()
                        << " results)";
      return failure();
    }
    return kernel.getSlotType(slot);
  }

  /// Stores write result slots only: the operands are the step's inputs.
  LogicalResult writableSlot(int64_t slot) {
    int64_t inputs = kernel.getNumOperands();
    if (slot >= inputs)
      return success();
    InFlightDiagnostic diag = op->emitOpError()
                              << "slot " << slot
                              << " is an operand of the kernel (read-only); ";
    if (kernel.getNumResults() == 0)
      diag << "the kernel has no result slots to store to";
    else
      diag << "stores go to the result slots " << inputs << ".."
           << kernel.getNumSlots() - 1;
    return diag;
  }

  /// A static (r0) address's accessed bytes [offset, offset + extent) lie
  /// inside a buffer of `capacity` bytes described by `what`.
  LogicalResult extent(StringRef name, AddrAttr addr, unsigned __int128 bytes,
                       int64_t capacity, const Twine &what,
                       const Twine &layout) {
    if (failed(verifyAttr(op, addr)))
      return failure();
    if (!addr.isStatic())
      return success();
    unsigned __int128 end = bytes + static_cast<uint64_t>(addr.getOffset());
    if (end <= static_cast<unsigned __int128>(capacity))
      return success();
    std::string endText = end > UINT64_MAX
                              ? std::string("beyond 2^64")
                              : std::to_string(static_cast<uint64_t>(end));
    return op->emitOpError()
           << name << " r0+" << addr.getOffset() << " with " << layout
           << " ends at byte " << endText << ", past the end of " << what
           << " (" << capacity << " bytes)";
  }

  /// Extent of a 2-D copy: (rows - 1) * stride + rowBytes.
  static unsigned __int128 copyExtent(int64_t rows, int64_t stride,
                                      int64_t rowBytes) {
    return static_cast<unsigned __int128>(rows - 1) *
               static_cast<uint64_t>(stride) +
           static_cast<uint64_t>(rowBytes);
  }

  static std::string copyLayout(int64_t rows, int64_t rowBytes,
                                int64_t stride) {
    return std::to_string(rows) + " rows of " + std::to_string(rowBytes) +
           " bytes, stride " + std::to_string(stride);
  }

  LogicalResult smem(StringRef name, AddrAttr addr, unsigned __int128 bytes,
                     const Twine &layout) {
    return extent(name, addr, bytes, config.smemBytes, "shared memory", layout);
  }

  LogicalResult tbuf(StringRef name, AddrAttr addr, unsigned __int128 bytes,
                     int64_t array, const Twine &layout) {
    return extent(name, addr, bytes, config.tbufBytes,
                  "the table buffer of array " + Twine(array), layout);
  }

  LogicalResult dram(StringRef name, AddrAttr addr, unsigned __int128 bytes,
                     int64_t slotIndex, RankedTensorType type,
                     const Twine &layout) {
    int64_t capacity = tensorBytes(type);
    if (capacity < 0)
      return op->emitOpError() << "slot " << slotIndex << " has type " << type
                               << ", which has no byte size";
    std::string typeText;
    llvm::raw_string_ostream os(typeText);
    os << type;
    return extent(name, addr, bytes, capacity,
                  "slot " + Twine(slotIndex) + " (" + typeText + ")", layout);
  }

private:
  Operation *op;
  KernelOp kernel;
  KernelConfig config;
};

LogicalResult checkRegister(Operation *op, StringRef name, int64_t reg,
                            bool written) {
  if (reg < 0 || reg >= static_cast<int64_t>(isa::kNumRegs))
    return op->emitOpError()
           << name << " register r" << reg << " out of range: there are "
           << isa::kNumRegs << " registers r0..r" << isa::kNumRegs - 1;
  if (written && reg == 0)
    return op->emitOpError()
           << "cannot write r0 (it always reads as zero); use r1..r"
           << isa::kNumRegs - 1;
  return success();
}

LogicalResult checkNoBlockArguments(Operation *op, Region &region) {
  if (region.empty() || region.front().getNumArguments() == 0)
    return success();
  return op->emitOpError() << "body must not have block arguments";
}

/// A core's or loop's body holds instructions and loops only: everything in
/// it becomes part of the core's instruction stream.
LogicalResult checkInstructionsOnly(Operation *op, Region &region) {
  if (failed(checkNoBlockArguments(op, region)))
    return failure();
  for (Operation &inner : region.front()) {
    if (!llvm::isa<SetIOp, AddIOp, SyncOp, NopOp, LoadOp, StoreOp, TGenOp,
                   LmmaOp, EpiOp, LoopOp>(inner))
      return op->emitOpError()
             << "body may contain only lut instructions and lut.loop, found '"
             << inner.getName() << "'";
  }
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Tensor-level ops.
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  ArrayRef<int64_t> x = shapeOf(getX()), w = shapeOf(getW());
  if (x[1] != w[0])
    return emitOpError() << "inner dimensions differ: x is " << formatShape(x)
                         << " (K = " << x[1] << ") but w is " << formatShape(w)
                         << " (K = " << w[0] << ")";
  return expectShape(*this, "result", getY(), {x[0], w[1]},
                     "M from x, N from w");
}

LogicalResult QMatmulOp::verify() {
  int64_t bits = getBits(), group = getGroupSize();
  if (bits < 1 || bits > 4)
    return emitOpError() << "bits = " << bits << " out of range 1..4";
  if (getTernary() && bits != 2)
    return emitOpError() << "ternary weights are stored as 2-bit codes, but "
                            "bits = "
                         << bits;
  ArrayRef<int64_t> x = shapeOf(getX()), codes = shapeOf(getCodes());
  int64_t m = x[0], k = x[1], n = codes[1];
  if (codes[0] != k)
    return emitOpError() << "codes is " << formatShape(codes) << " but x is "
                         << formatShape(x) << ": codes must have K = " << k
                         << " rows";
  if (group < 1 || k % group != 0)
    return emitOpError() << "group_size = " << group
                         << " does not divide K = " << k;
  if (failed(expectShape(*this, "scales", getScales(), {k / group, n},
                         "(K / group_size) x N")) ||
      failed(expectShape(*this, "zeros", getZeros(), {k / group, n},
                         "(K / group_size) x N")) ||
      failed(expectShape(*this, "result", getY(), {m, n},
                         "M from x, N from codes")))
    return failure();
  unsigned limit = getTernary() ? 3 : 1u << bits;
  int64_t badIndex = -1;
  unsigned badValue = 0;
  forEachConstantByte(getCodes(), [&](int64_t index, uint8_t value) {
    if (value < limit)
      return true;
    badIndex = index;
    badValue = value;
    return false;
  });
  if (badIndex >= 0) {
    if (getTernary())
      return emitOpError() << "ternary code " << badValue << " at ["
                           << badIndex / n << ", " << badIndex % n
                           << "] is not 0, 1 or 2";
    return emitOpError() << "code " << badValue << " at [" << badIndex / n
                         << ", " << badIndex % n << "] does not fit " << bits
                         << " bits (codes must be below " << limit << ")";
  }
  return success();
}

LogicalResult PrecomputeOp::verify() {
  int64_t k = getK(), group = getGroupSize();
  if (failed(checkK(*this, k)) || failed(checkGroup(*this, group, k)) ||
      failed(checkActTable(*this, getAct(), getTable())) ||
      failed(checkI8Group(*this, getAct(), group, "group_size")))
    return failure();
  ArrayRef<int64_t> x = shapeOf(getX());
  int64_t m = x[0], kd = x[1];
  if (kd % group != 0)
    return emitOpError() << "group_size = " << group
                         << " does not divide Kd = " << kd
                         << " (the columns of x)";
  bool hasPrologue = getPrologue() != Prologue::None;
  if (hasPrologue && !getVec())
    return emitOpError() << "prologue = " << stringifyEnum(getPrologue())
                         << " needs the vec operand";
  if (!hasPrologue && getVec())
    return emitOpError() << "has a vec operand but prologue = none";
  if (getVec() &&
      failed(expectShape(*this, "vec", getVec(), {kd}, "Kd from x")))
    return failure();
  Type elem = getTables().getType().getElementType();
  if (tableTypeOf(elem) != getTable())
    return emitOpError() << "tables has element type " << elem
                         << " but table = " << stringifyEnum(getTable())
                         << " needs "
                         << tableElementType(getContext(), getTable());
  int64_t entries = int64_t(1) << (k - 1);
  return success(
      succeeded(expectShape(*this, "tables", getTables(), {kd / k, m, entries},
                            "(Kd / k) x M x 2^(k-1) with Kd = " + Twine(kd) +
                                ", M = " + Twine(m) + ", k = " + Twine(k))) &&
      succeeded(expectShape(*this, "rowinfo", getRowinfo(), {kd / group, m, 2},
                            "(Kd / group_size) x M x 2 with Kd = " + Twine(kd) +
                                ", M = " + Twine(m) +
                                ", group_size = " + Twine(group))));
}

LogicalResult MpgemmOp::verify() {
  WeightsAttr format = getFormat();
  if (failed(verifyAttr(*this, format)) ||
      (getTile() && failed(verifyAttr(*this, *getTile()))) ||
      (getBlocking() && failed(verifyAttr(*this, *getBlocking()))) ||
      failed(checkActTable(*this, getAct(), getTable())) ||
      failed(checkI8Group(*this, getAct(), format.getGroup(), "format group")))
    return failure();
  int64_t k = format.getK(), group = format.getGroup(), bits = format.getBits(),
          nPadded = format.getNPadded();
  Type elem = getTables().getType().getElementType();
  if (tableTypeOf(elem) != getTable())
    return emitOpError() << "tables has element type " << elem
                         << " but table = " << stringifyEnum(getTable())
                         << " needs "
                         << tableElementType(getContext(), getTable());
  ArrayRef<int64_t> tables = shapeOf(getTables());
  int64_t runs = tables[0], m = tables[1], entries = int64_t(1) << (k - 1);
  if (tables[2] != entries)
    return emitOpError() << "tables has " << tables[2]
                         << " entries per table, expected 2^(k-1) = " << entries
                         << " for format k = " << k;
  int64_t kd = runs * k;
  if (kd % group != 0)
    return emitOpError() << "the reduction length Kd = " << kd
                         << " (tables dim 0 = " << runs << " times k = " << k
                         << ") is not a multiple of format group = " << group;
  std::string dims =
      "Kd = " + std::to_string(kd) + ", group = " + std::to_string(group);
  if (failed(expectShape(*this, "rowinfo", getRowinfo(), {kd / group, m, 2},
                         "(Kd / group) x M x 2 with " + dims +
                             ", M = " + Twine(m))) ||
      failed(expectShape(
          *this, "packed", getPacked(), {runs, bits, format.getPlaneRowBytes()},
          "(Kd / k) x bits x (n_padded * k / 8) with Kd = " + Twine(kd) +
              ", k = " + Twine(k) + ", bits = " + Twine(bits) +
              ", n_padded = " + Twine(nPadded))) ||
      failed(expectShape(*this, "consts", getConsts(), {kd / group, nPadded, 2},
                         "(Kd / group) x n_padded x 2 with " + dims +
                             ", n_padded = " + Twine(nPadded))) ||
      failed(expectShape(*this, "result", getY(), {m, format.getN()},
                         "M from tables, N = format n")))
    return failure();
  if (TileAttr tile = getTileAttr()) {
    if (tile.getK() != k)
      return emitOpError() << "tile K = " << tile.getK()
                           << " differs from format k = " << k;
    if (nPadded % tile.getN() != 0)
      return emitOpError() << "tile N = " << tile.getN()
                           << " does not divide format n_padded = " << nPadded;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Kernel structure.
//===----------------------------------------------------------------------===//

LogicalResult KernelOp::verify() {
  StringRef kind = getKind();
  if (kind != kKernelKindPrecompute && kind != kKernelKindMpgemm)
    return emitOpError() << "kind \"" << kind
                         << "\" is not one of \"precompute\", \"mpgemm\"";
  FailureOr<KernelConfig> config =
      KernelConfig::fromAttr(getConfig(), [&] { return emitOpError(); });
  if (failed(config) || failed(checkNoBlockArguments(*this, getRegion())))
    return failure();
  llvm::DenseSet<int64_t> ids;
  bool any = false;
  for (Operation &op : getBody()->getOperations()) {
    auto core = llvm::dyn_cast<CoreOp>(op);
    if (!core)
      return emitOpError() << "body may contain only lut.core ops, found '"
                           << op.getName() << "'";
    any = true;
    int64_t id = core.getId();
    if (id < 0 || id >= config->cores)
      return core.emitOpError()
             << "id " << id << " out of range: the kernel has " << config->cores
             << " cores";
    if (!ids.insert(id).second)
      return core.emitOpError()
             << "id " << id << " appears twice in the kernel";
  }
  if (!any)
    return emitOpError() << "has no lut.core";
  return success();
}

LogicalResult CoreOp::verify() {
  return checkInstructionsOnly(*this, getRegion());
}

LogicalResult LoopOp::verify() {
  int64_t count = getCount();
  if (count < 1 || count > int64_t(UINT32_MAX))
    return emitOpError() << "count = " << count << " out of range 1.."
                         << UINT32_MAX;
  unsigned depth = getDepth();
  if (depth > isa::kMaxLoopDepth)
    return emitOpError() << "nesting depth " << depth
                         << " exceeds the hardware limit of "
                         << isa::kMaxLoopDepth << " nested loops per core";
  return checkInstructionsOnly(*this, getRegion());
}

//===----------------------------------------------------------------------===//
// Instructions.
//===----------------------------------------------------------------------===//

LogicalResult SetIOp::verify() {
  return checkRegister(*this, "destination", getRd(), /*written=*/true);
}

LogicalResult AddIOp::verify() {
  return success(
      succeeded(checkRegister(*this, "destination", getRd(), true)) &&
      succeeded(checkRegister(*this, "source", getRs(), false)));
}

LogicalResult SyncOp::verify() { return success(); }
LogicalResult NopOp::verify() { return success(); }

LogicalResult LoadOp::verify() {
  InstrChecker c(*this);
  if (failed(c.init()))
    return failure();
  int64_t rows = getRows(), rowBytes = getRowBytes();
  FailureOr<RankedTensorType> slotType = c.slot(getSlot());
  if (failed(slotType) || failed(c.positive("rows", rows)) ||
      failed(c.positive("row_bytes", rowBytes)) ||
      failed(c.stride("src_stride", getSrcStride(), rows, rowBytes,
                      "row_bytes")) ||
      failed(
          c.stride("dst_stride", getDstStride(), rows, rowBytes, "row_bytes")))
    return failure();
  if (getSpace() == Space::Tbuf) {
    if (failed(c.array(getArray())))
      return failure();
  } else if (getArray() != 0) {
    return emitOpError() << "array = " << getArray()
                         << " applies only to loads into tbuf; use 0 for smem";
  }
  auto dstBytes = InstrChecker::copyExtent(rows, getDstStride(), rowBytes);
  auto srcBytes = InstrChecker::copyExtent(rows, getSrcStride(), rowBytes);
  std::string dstLayout =
      InstrChecker::copyLayout(rows, rowBytes, getDstStride());
  std::string srcLayout =
      InstrChecker::copyLayout(rows, rowBytes, getSrcStride());
  if (failed(
          c.dram("src", getSrc(), srcBytes, getSlot(), *slotType, srcLayout)))
    return failure();
  if (getSpace() == Space::Tbuf)
    return c.tbuf("dst", getDst(), dstBytes, getArray(), dstLayout);
  return c.smem("dst", getDst(), dstBytes, dstLayout);
}

LogicalResult StoreOp::verify() {
  InstrChecker c(*this);
  if (failed(c.init()))
    return failure();
  int64_t rows = getRows(), rowBytes = getRowBytes();
  FailureOr<RankedTensorType> slotType = c.slot(getSlot());
  if (failed(slotType) || failed(c.writableSlot(getSlot())) ||
      failed(c.positive("rows", rows)) ||
      failed(c.positive("row_bytes", rowBytes)) ||
      failed(c.stride("dst_stride", getDstStride(), rows, rowBytes,
                      "row_bytes")) ||
      failed(
          c.stride("src_stride", getSrcStride(), rows, rowBytes, "row_bytes")))
    return failure();
  return success(
      succeeded(
          c.dram("dst", getDst(),
                 InstrChecker::copyExtent(rows, getDstStride(), rowBytes),
                 getSlot(), *slotType,
                 InstrChecker::copyLayout(rows, rowBytes, getDstStride()))) &&
      succeeded(
          c.smem("src", getSrc(),
                 InstrChecker::copyExtent(rows, getSrcStride(), rowBytes),
                 InstrChecker::copyLayout(rows, rowBytes, getSrcStride()))));
}

LogicalResult TGenOp::verify() {
  InstrChecker c(*this);
  if (failed(c.init()))
    return failure();
  int64_t k = getK(), group = getGroupSize(), rows = getRows(),
          kdim = getKdim();
  if (failed(checkActTable(*this, getAct(), getTable())) ||
      failed(checkK(*this, k)) || failed(checkGroup(*this, group, k)) ||
      failed(checkI8Group(*this, getAct(), group, "group_size")))
    return failure();
  if (group / k > 65535)
    return emitOpError() << "group_size / k = " << group / k
                         << " does not fit the 16-bit instruction field";
  if (failed(c.positive("rows", rows)) || failed(c.positive("kdim", kdim)))
    return failure();
  if (kdim % group != 0)
    return emitOpError() << "kdim = " << kdim
                         << " is not a multiple of group_size = " << group;
  if (failed(c.stride("src_stride", getSrcStride(), rows, 4 * kdim,
                      "the row size 4 * kdim")))
    return failure();
  bool hasPrologue = getPrologue() != Prologue::None;
  if (hasPrologue && !getPrologueVec())
    return emitOpError() << "prologue = " << stringifyEnum(getPrologue())
                         << " needs a prologue_vec address";
  if (!hasPrologue && getPrologueVec())
    return emitOpError() << "has a prologue_vec address but prologue = none";
  using U = unsigned __int128;
  int64_t entries = int64_t(1) << (k - 1);
  U tableBytes =
      U(kdim / k) * U(rows) * U(entries) * U(tableTypeBytes(getTable()));
  U rowinfoBytes = U(kdim / group) * U(rows) * 8;
  if (failed(
          c.smem("src", getSrc(),
                 InstrChecker::copyExtent(rows, getSrcStride(), 4 * kdim),
                 InstrChecker::copyLayout(rows, 4 * kdim, getSrcStride()))) ||
      failed(c.smem("dst_tables", getDstTables(), tableBytes,
                    Twine(kdim / k) + " x " + Twine(rows) + " tables of " +
                        Twine(entries) + " " + stringifyEnum(getTable()) +
                        " entries")) ||
      failed(c.smem("dst_rowinfo", getDstRowinfo(), rowinfoBytes,
                    Twine(kdim / group) + " x " + Twine(rows) + " f32 pairs")))
    return failure();
  if (AddrAttr vec = getPrologueVecAttr())
    return c.smem("prologue_vec", vec, U(kdim) * 4,
                  Twine(kdim) + " f32 values");
  return success();
}

LogicalResult LmmaOp::verify() {
  InstrChecker c(*this);
  if (failed(c.init()))
    return failure();
  int64_t bits = getBits(), rows = getRows();
  if (bits < 1 || bits > 8)
    return emitOpError() << "bits = " << bits
                         << " out of range 1..8 (weight bit planes)";
  if (failed(c.array(getArray())) || failed(c.acc(getAcc())) ||
      failed(c.shape(getShape())) || failed(c.tileRows(rows)))
    return failure();
  TileAttr tile = getShape();
  int64_t planeBytes = static_cast<int64_t>(isa::packedPlaneRowBytes(
      tile.getN(), static_cast<unsigned>(tile.getK())));
  if (failed(c.stride("plane_stride", getPlaneStride(), bits, planeBytes,
                      "the plane size N * K / 8")))
    return failure();
  using U = unsigned __int128;
  int64_t entries = int64_t(1) << (tile.getK() - 1);
  return success(
      succeeded(c.tbuf("tables", getTables(),
                       U(rows) * U(entries) * U(tableTypeBytes(getTable())),
                       getArray(),
                       Twine(rows) + " tables of " + Twine(entries) + " " +
                           stringifyEnum(getTable()) + " entries")) &&
      succeeded(
          c.smem("weights", getWeights(),
                 InstrChecker::copyExtent(bits, getPlaneStride(), planeBytes),
                 Twine(bits) + " planes of " + Twine(planeBytes) +
                     " bytes, stride " + Twine(getPlaneStride()))));
}

LogicalResult EpiOp::verify() {
  InstrChecker c(*this);
  if (failed(c.init()))
    return failure();
  int64_t rows = getRows();
  if (failed(c.array(getArray())) || failed(c.acc(getAcc())) ||
      failed(c.shape(getShape())) || failed(c.tileRows(rows)))
    return failure();
  int64_t n = getShape().getN();
  if (failed(c.stride("out_stride", getOutStride(), rows, 4 * n,
                      "the row size 4 * N")))
    return failure();
  using U = unsigned __int128;
  return success(succeeded(c.smem(
                     "out", getOut(),
                     InstrChecker::copyExtent(rows, getOutStride(), 4 * n),
                     InstrChecker::copyLayout(rows, 4 * n, getOutStride()))) &&
                 succeeded(c.smem("consts", getConsts(), U(n) * 8,
                                  Twine(n) + " f32 pairs")) &&
                 succeeded(c.smem("rowinfo", getRowinfo(), U(rows) * 8,
                                  Twine(rows) + " f32 pairs")));
}

} // namespace kiln::lut
