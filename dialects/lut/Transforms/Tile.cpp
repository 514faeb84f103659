//===- Tile.cpp - choose each mpgemm's blocking with the cost model
//--------===//

#include "dialects/lut/Transforms/Passes.h"

#include "dialects/lut/Transforms/LutLowering.h"

namespace kiln::lut {
#define GEN_PASS_DEF_LUTTILE
#include "dialects/lut/Transforms/Passes.h.inc"
} // namespace kiln::lut

using namespace mlir;
using namespace kiln;

namespace {

class LutTilePass : public lut::impl::LutTileBase<LutTilePass> {
public:
  using LutTileBase::LutTileBase;

  void runOnOperation() override {
    lut::LutMachine machine;
    if (std::string err = lut::loadMachine(config, tile, machine);
        !err.empty()) {
      getOperation().emitError() << "lut-tile: " << err;
      return signalPassFailure();
    }
    WalkResult result = getOperation().walk([&](lut::MpgemmOp op) {
      lut::GemmShape shape;
      if (failed(lut::gemmShapeOf(op, machine.config, shape)))
        return WalkResult::interrupt();
      lut::GemmBlocking blocking;
      std::string why;
      if (!lut::chooseBlocking(shape, machine.config, blocking, why)) {
        op.emitError() << "cannot tile for this machine: " << why;
        return WalkResult::interrupt();
      }
      MLIRContext *ctx = op.getContext();
      op.setTileAttr(lut::TileAttr::get(ctx, machine.config.tile));
      op.setBlockingAttr(
          lut::BlockingAttr::get(ctx, blocking.mBlock, blocking.nBlock,
                                 blocking.kBlock * shape.k, blocking.cores));
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
