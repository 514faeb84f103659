//===- PimPlan.h - the kernel plan of a pim attention op --------*- C++ -*-===//
//
// The AttentionPlan (kiln/rt/PimKernel.h) of pim.decode_attention or
// pim.kernel: shapes from the caches, the rest from the attributes. Shared
// by lower-pim-attention and the dimm-pim emitter.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CONVERSION_PIMPLAN_H
#define KILN_CONVERSION_PIMPLAN_H

#include "kiln/rt/PimKernel.h"

#include "mlir/IR/BuiltinTypes.h"

namespace kiln {

/// `spread` is left for the caller (an option or the op's attribute).
template <typename AttentionOp>
rt::pim::AttentionPlan pimPlanOf(AttentionOp op) {
  auto k = mlir::cast<mlir::ShapedType>(op.getKeys().getType());
  rt::pim::AttentionPlan p;
  p.batch = static_cast<uint32_t>(k.getDimSize(0));
  p.kvHeads = static_cast<uint32_t>(k.getDimSize(1));
  p.capacity = static_cast<uint32_t>(k.getDimSize(2));
  p.headDim = static_cast<uint32_t>(k.getDimSize(3));
  p.group = static_cast<uint32_t>(op.getGroup());
  p.chunk = static_cast<uint32_t>(op.getChunk());
  p.layout = op.getLayout() == "naive" ? uint32_t(rt::pim::Layout::Naive)
                                       : uint32_t(rt::pim::Layout::Hybrid);
  p.scale = op.getScale().convertToFloat();
  return p;
}

} // namespace kiln

#endif // KILN_CONVERSION_PIMPLAN_H
