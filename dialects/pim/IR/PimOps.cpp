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
