//===- PimOps.cpp - pim op verifiers
//---------------------------------------===//
//
// Each check names the operand and the numbers, in terms a user of the
// DIMM-PIM target understands.
//
//===----------------------------------------------------------------------===//

#include "dialects/pim/IR/PimOps.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace kiln::pim;

#define GET_OP_CLASSES
#include "dialects/pim/IR/PimOps.cpp.inc"

namespace {

std::string shapeText(ShapedType t) {
  std::string s = "[";
  llvm::interleave(
      t.getShape(), [&](int64_t d) { s += std::to_string(d); },
      [&] { s += ", "; });
  return s + "]";
}

} // namespace

LogicalResult DecodeAttentionOp::verify() {
  auto q = cast<ShapedType>(getQ().getType());
  auto k = cast<ShapedType>(getKeys().getType());
  auto v = cast<ShapedType>(getValues().getType());
  auto len = cast<ShapedType>(getLengths().getType());
  auto out = cast<ShapedType>(getOut().getType());
  int64_t B = q.getDimSize(0), H = q.getDimSize(1), d = q.getDimSize(3);
  if (q.getDimSize(2) != 1)
    return emitOpError() << "q " << shapeText(q)
                         << " must hold one query per sequence and head "
                            "([B, H, 1, d]): decode attention takes one token";
  if (k.getShape() != v.getShape())
    return emitOpError() << "keys " << shapeText(k) << " and values "
                         << shapeText(v) << " must have the same shape";
  if (k.getDimSize(0) != B || k.getDimSize(3) != d)
    return emitOpError() << "keys " << shapeText(k)
                         << " must be [B, H / group, capacity, d] = [" << B
                         << ", _, _, " << d << "] for q " << shapeText(q);
  int64_t G = getGroup();
  if (G < 1)
    return emitOpError() << "group = " << G << " must be at least 1";
  if (k.getDimSize(1) * G != H)
    return emitOpError() << "group = " << G << " with " << k.getDimSize(1)
                         << " key/value heads serves " << k.getDimSize(1) * G
                         << " query heads, q has " << H;
  if (len.getDimSize(0) != B)
    return emitOpError() << "lengths " << shapeText(len)
                         << " must have one entry per sequence (" << B << ")";
  if (out.getShape() != q.getShape())
    return emitOpError() << "result " << shapeText(out)
                         << " must have the shape of q " << shapeText(q);
  if (getChunk() < 1)
    return emitOpError() << "chunk = " << getChunk()
                         << " tokens must be at least 1";
  if (getLayout() != "hybrid" && getLayout() != "naive")
    return emitOpError() << "layout \"" << getLayout()
                         << "\" is neither \"hybrid\" nor \"naive\"";
  if (!std::isfinite(getScale().convertToFloat()))
    return emitOpError() << "scale must be finite";
  if (auto burst = getChipBurstElems()) {
    if (*burst < 1)
      return emitOpError() << "chip_burst_elems = " << *burst
                           << " must be at least 1";
    if (getLayout() == "hybrid" && d % *burst)
      return emitOpError()
             << "head dimension d = " << d << " is not a multiple of the "
             << *burst
             << " fp16 elements of one chip's burst: under the hybrid layout "
                "each chip holds whole bursts of one head";
  }
  if (auto cap = getCapacityBytes()) {
    // Both caches, fp16 on the device.
    uint64_t need = 2 * 2 * uint64_t(k.getNumElements());
    if (need > uint64_t(*cap))
      return emitOpError() << "the KV cache needs " << need
                           << " bytes in fp16 (keys and values " << shapeText(k)
                           << "), more than the " << *cap
                           << " bytes of the configured DIMMs";
  }
  return success();
}

LogicalResult KvAppendOp::verify() {
  auto c = cast<ShapedType>(getCache().getType());
  auto n = cast<ShapedType>(getNewEntry().getType());
  auto p = cast<ShapedType>(getPositions().getType());
  if (n.getDimSize(0) != c.getDimSize(0) ||
      n.getDimSize(1) != c.getDimSize(1) || n.getDimSize(2) != 1 ||
      n.getDimSize(3) != c.getDimSize(3))
    return emitOpError() << "new entry " << shapeText(n)
                         << " must be [B, heads, 1, d] for the cache "
                         << shapeText(c);
  if (n.getElementType() != c.getElementType())
    return emitOpError() << "new entry and cache element types differ";
  if (p.getDimSize(0) != c.getDimSize(0))
    return emitOpError() << "positions " << shapeText(p)
                         << " must have one entry per sequence ("
                         << c.getDimSize(0) << ")";
  return success();
}

LogicalResult KernelOp::verify() {
  auto q = cast<ShapedType>(getQ().getType());
  auto k = cast<ShapedType>(getKeys().getType());
  int64_t B = q.getDimSize(0), d = q.getDimSize(3), C = k.getDimSize(2),
          Hkv = k.getDimSize(1);
  if (k.getShape() != cast<ShapedType>(getValues().getType()).getShape() ||
      k.getDimSize(0) != B || k.getDimSize(3) != d ||
      Hkv * getGroup() != q.getDimSize(1) || q.getDimSize(2) != 1 ||
      cast<ShapedType>(getLengths().getType()).getDimSize(0) != B ||
      cast<ShapedType>(getOut().getType()).getShape() != q.getShape())
    return emitOpError() << "operands do not form decode attention (q "
                         << shapeText(q) << ", keys " << shapeText(k)
                         << ", group " << getGroup() << ")";
  for (auto [name, v] : {std::pair<const char *, int64_t>{"chunk", getChunk()},
                         {"ranks", getRanks()},
                         {"spread", getSpread()},
                         {"lanes", getLanes()},
                         {"groups", getGroups()},
                         {"banks", getBanks()},
                         {"rounds", getRounds()},
                         {"layers", getLayers()},
                         {"chunks", getChunks()},
                         {"elems_per_burst", getElemsPerBurst()},
                         {"tokens_per_row", getTokensPerRow()},
                         {"rows_per_chunk", getRowsPerChunk()}})
    if (v < 1)
      return emitOpError() << name << " = " << v << " must be at least 1";
  auto ceilDiv = [](int64_t a, int64_t b) { return (a + b - 1) / b; };
  auto mismatch = [&](const char *what, int64_t have, int64_t want,
                      const char *why) {
    return emitOpError() << what << " = " << have << " but " << why << " give "
                         << want;
  };
  bool naive = getLayout() == "naive";
  if (!naive && getLayout() != "hybrid")
    return emitOpError() << "layout \"" << getLayout()
                         << "\" is neither \"hybrid\" nor \"naive\"";
  if (naive && getLanes() != 1)
    return emitOpError() << "lanes = " << getLanes()
                         << ": under the naive layout the rank PU is the only "
                            "lane";
  if (d % getElemsPerBurst())
    return emitOpError() << "head dimension d = " << d
                         << " is not a multiple of elems_per_burst = "
                         << getElemsPerBurst();
  if (getRanks() % getSpread())
    return emitOpError() << "spread = " << getSpread()
                         << " does not divide the " << getRanks() << " ranks";
  if (int64_t want = ceilDiv(B * Hkv, getLanes()); getGroups() != want)
    return mismatch("groups", getGroups(), want, "the pairs and lanes");
  if (int64_t want = ceilDiv(C, getChunk()); getChunks() != want)
    return mismatch("chunks", getChunks(), want, "the capacity and chunk");
  if (int64_t want = ceilDiv(getChunks(), getSpread() * getBanks());
      getRounds() != want)
    return mismatch("rounds", getRounds(), want, "chunks, spread and banks");
  if (int64_t want = ceilDiv(getGroups() * getSpread(), getRanks());
      getLayers() != want)
    return mismatch("layers", getLayers(), want, "groups, spread and ranks");
  if (int64_t want = ceilDiv(getChunk(), getTokensPerRow());
      getRowsPerChunk() != want)
    return mismatch("rows_per_chunk", getRowsPerChunk(), want,
                    "chunk and tokens_per_row");
  if (int64_t want = getLayers() * getRounds() * 2 * getRowsPerChunk();
      getRowsUsed() != want)
    return mismatch("rows_used", getRowsUsed(), want,
                    "layers x rounds x 2 x rows_per_chunk");
  if (!std::isfinite(getScale().convertToFloat()))
    return emitOpError() << "scale must be finite";
  return success();
}
