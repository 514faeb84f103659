//===- LowerPimAttention.cpp - place decode attention on the DIMMs --------===//
//
// pim.decode_attention -> pim.kernel: the placement (kiln/rt/PimKernel.h,
// Geometry) of the configured memory written into the IR, so the mapping,
// layout and chunking are explicit and checked by the op's verifier.
//
//===----------------------------------------------------------------------===//

#include "kiln/Conversion/Passes.h"

#include "kiln/Conversion/PimPlan.h"

#include "dialects/pim/IR/PimOps.h"
#include "kiln/rt/PimConfig.h"
#include "kiln/rt/PimKernel.h"

#include "mlir/IR/Builders.h"

#include <nlohmann/json.hpp>

namespace kiln {
#define GEN_PASS_DEF_LOWERPIMATTENTION
#include "kiln/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

class LowerPimAttentionPass
    : public kiln::impl::LowerPimAttentionBase<LowerPimAttentionPass> {
public:
  using LowerPimAttentionBase::LowerPimAttentionBase;

  void runOnOperation() override {
    rt::pim::PimConfig cfg;
    nlohmann::json j;
    if (std::string err = rt::pim::PimConfig::tryLoad(config, cfg, j);
        !err.empty()) {
      getOperation().emitError() << "lower-pim-attention: " << err;
      return signalPassFailure();
    }
    SmallVector<pim::DecodeAttentionOp> ops;
    getOperation().walk([&](pim::DecodeAttentionOp op) { ops.push_back(op); });
    for (pim::DecodeAttentionOp op : ops) {
      rt::pim::AttentionPlan p = pimPlanOf(op);
      p.spread = spread > 0 ? static_cast<uint32_t>(spread.getValue())
                            : rt::pim::defaultSpread(p, cfg);
      rt::pim::Geometry g;
      if (std::string err = rt::pim::Geometry::make(p, cfg, g); !err.empty()) {
        op.emitError() << "dimm-pim: " << err;
        return signalPassFailure();
      }
      OpBuilder b(op);
      auto i64 = [&](int64_t v) { return b.getI64IntegerAttr(v); };
      auto kernel = b.create<pim::KernelOp>(
          op.getLoc(), op.getType(), op.getQ(), op.getKeys(), op.getValues(),
          op.getLengths(), op.getScaleAttr(), op.getGroupAttr(),
          op.getChunkAttr(), op.getLayoutAttr(), i64(g.totalRanks),
          i64(g.spread), i64(g.chips), i64(g.groups), i64(g.banks),
          i64(g.rounds), i64(g.layers), i64(g.chunks), i64(g.elemsPerBurst),
          i64(g.tokensPerRow), i64(g.rowsPerChunk), i64(int64_t(g.rowsUsed)));
      op.getResult().replaceAllUsesWith(kernel.getResult());
      op.erase();
    }
  }
};

} // namespace
