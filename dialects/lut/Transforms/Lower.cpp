//===- Lower.cpp - tensor-level lut ops -> lut.kernel instruction streams
//--===//
//
// The planner (KernelPlanner.h) writes each kernel's program into a sink;
// here the sink builds one lut op per instruction, so the instruction-level
// IR is exactly what the emitter encodes and what the lit tests check.
//
//===----------------------------------------------------------------------===//

#include "dialects/lut/Transforms/Passes.h"

#include "dialects/lut/Transforms/LutLowering.h"

namespace kiln::lut {
#define GEN_PASS_DEF_LUTLOWER
#include "dialects/lut/Transforms/Passes.h.inc"
} // namespace kiln::lut

using namespace mlir;
using namespace kiln;
using rt::lut::Opcode;

namespace kiln::lut {

LogicalResult gemmShapeOf(MpgemmOp op, const rt::lut::LutConfig &target,
                          GemmShape &shape) {
  auto tables = cast<RankedTensorType>(op.getTables().getType());
  WeightsAttr format = op.getFormat();
  shape.m = tables.getShape()[1];
  shape.kdim = tables.getShape()[0] * format.getK();
  shape.n = format.getN();
  shape.nPadded = format.getNPadded();
  shape.bits = static_cast<unsigned>(format.getBits());
  shape.k = static_cast<unsigned>(format.getK());
  shape.group = format.getGroup();
  shape.table = toIsa(op.getTable());
  if (shape.k != target.tile.k)
    return op.emitError() << "the weights are packed for tables of " << shape.k
                          << " activations, the tile has K = " << target.tile.k
                          << " (use the same tile for "
                          << "lut-pack and lut-tile)";
  if (shape.nPadded % target.tile.n != 0)
    return op.emitError() << "the packed columns (" << shape.nPadded
                          << ") are not a multiple of the tile's N = "
                          << target.tile.n;
  return success();
}

PrecomputeShape precomputeShapeOf(PrecomputeOp op) {
  auto x = cast<RankedTensorType>(op.getX().getType());
  PrecomputeShape s;
  s.m = x.getShape()[0];
  s.kdim = x.getShape()[1];
  s.k = static_cast<unsigned>(op.getK());
  s.group = op.getGroupSize();
  s.act = toIsa(op.getAct());
  s.table = toIsa(op.getTable());
  s.prologue = toIsa(op.getPrologue());
  return s;
}

KernelConfig kernelConfigOf(MLIRContext *context,
                            const rt::lut::LutConfig &target) {
  KernelConfig c;
  c.cores = target.cores;
  c.arraysPerCore = target.arraysPerCore;
  c.smemBytes = static_cast<int64_t>(target.smemBytes);
  c.tbufBytes = static_cast<int64_t>(target.tbufBytes);
  c.accTiles = target.accTiles;
  c.tile = TileAttr::get(context, target.tile);
  return c;
}

} // namespace kiln::lut

namespace {

/// Builds one lut op per instruction inside a lut.kernel.
class OpSink final : public lut::InstrSink {
public:
  OpSink(OpBuilder &builder, Location loc, lut::KernelOp kernel)
      : b(builder), loc(loc), kernel(kernel) {}

  void beginCore(unsigned core) override {
    b.setInsertionPointToEnd(&kernel.getRegion().front());
    lut::CoreOp op = kernel.addCore(b, core);
    b.setInsertionPointToEnd(&op.getRegion().front());
  }
  void endCore() override {}
  void beginLoop(uint32_t count) override {
    auto loop = b.create<lut::LoopOp>(loc, static_cast<int64_t>(count));
    b.setInsertionPointToEnd(&loop.getRegion().front());
  }
  void endLoop() override {
    b.setInsertionPointAfter(b.getInsertionBlock()->getParentOp());
  }
  void emit(const rt::lut::Instr &i) override {
    switch (static_cast<Opcode>(i.opcode)) {
    case Opcode::SetI:
      b.create<lut::SetIOp>(loc, static_cast<int64_t>(i.x),
                            static_cast<int32_t>(i.f[0]));
      return;
    case Opcode::AddI:
      b.create<lut::AddIOp>(loc, static_cast<int64_t>(i.x),
                            static_cast<int64_t>(i.f[1]),
                            static_cast<int32_t>(i.f[0]));
      return;
    case Opcode::Sync:
      b.create<lut::SyncOp>(loc);
      return;
    case Opcode::Load:
      b.create<lut::LoadOp>(loc, rt::lut::decodeLoad(i));
      return;
    case Opcode::Store:
      b.create<lut::StoreOp>(loc, rt::lut::decodeStore(i));
      return;
    case Opcode::TGen:
      b.create<lut::TGenOp>(loc, rt::lut::decodeTGen(i));
      return;
    case Opcode::Lmma:
      b.create<lut::LmmaOp>(loc, rt::lut::decodeLmma(i));
      return;
    case Opcode::Epi:
      b.create<lut::EpiOp>(loc, rt::lut::decodeEpi(i));
      return;
    default:
      b.create<lut::NopOp>(loc);
      return;
    }
  }

private:
  OpBuilder &b;
  Location loc;
  lut::KernelOp kernel;
};

class LutLowerPass : public lut::impl::LutLowerBase<LutLowerPass> {
public:
  using LutLowerBase::LutLowerBase;

  void runOnOperation() override {
    if (std::string err = lut::loadMachine(config, tile, machine);
        !err.empty()) {
      getOperation().emitError() << "lut-lower: " << err;
      return signalPassFailure();
    }
    // How many GEMMs read each precompute: recorded for the statistics.
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<lut::PrecomputeOp, lut::MpgemmOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      LogicalResult result = isa<lut::PrecomputeOp>(op)
                                 ? lowerPrecompute(cast<lut::PrecomputeOp>(op))
                                 : lowerGemm(cast<lut::MpgemmOp>(op));
      if (failed(result))
        return signalPassFailure();
    }
  }

private:
  LogicalResult lowerPrecompute(lut::PrecomputeOp op) {
    lut::PrecomputeShape shape = lut::precomputeShapeOf(op);
    std::string why;
    if (lut::precomputeRowsPerBlock(shape, machine.config, why) == 0)
      return op.emitError() << "cannot run on this machine: " << why;
    int64_t readers = 0;
    for (Operation *user : op.getTables().getUsers())
      readers += isa<lut::MpgemmOp>(user);
    OpBuilder b(op);
    auto kernel = b.create<lut::KernelOp>(
        op.getLoc(), op->getResultTypes(), "precompute", op->getOperands(),
        lut::kernelConfigOf(op.getContext(), machine.config));
    NamedAttrList info;
    info.set("m", b.getI64IntegerAttr(shape.m));
    info.set("k", b.getI64IntegerAttr(shape.kdim));
    info.set("lut_k", b.getI64IntegerAttr(shape.k));
    info.set("group_size", b.getI64IntegerAttr(shape.group));
    info.set("act", b.getStringAttr(rt::lut::actTypeName(shape.act)));
    info.set("table", b.getStringAttr(rt::lut::tableTypeName(shape.table)));
    info.set("shared_by", b.getI64IntegerAttr(readers));
    kernel->setAttr("info", info.getDictionary(op.getContext()));
    OpSink sink(b, op.getLoc(), kernel);
    lut::planPrecompute(shape, machine.config, sink);
    op->replaceAllUsesWith(kernel->getResults());
    op.erase();
    return success();
  }

  LogicalResult lowerGemm(lut::MpgemmOp op) {
    lut::GemmShape shape;
    if (failed(lut::gemmShapeOf(op, machine.config, shape)))
      return failure();
    lut::BlockingAttr attr = op.getBlockingAttr();
    if (!attr)
      return op.emitError("has no blocking: run lut-tile before lut-lower");
    lut::GemmBlocking blocking{attr.getMBlock(), attr.getNBlock(),
                               attr.getKBlock() / shape.k,
                               static_cast<unsigned>(attr.getCores())};
    if (attr.getKBlock() % shape.k != 0)
      return op.emitError()
             << "k_block " << attr.getKBlock()
             << " is not a multiple of the table size " << shape.k;
    if (std::string why = lut::checkBlocking(shape, blocking, machine.config);
        !why.empty())
      return op.emitError() << "blocking does not fit this machine: " << why;
    OpBuilder b(op);
    auto kernel = b.create<lut::KernelOp>(
        op.getLoc(), op->getResultTypes(), "mpgemm", op->getOperands(),
        lut::kernelConfigOf(op.getContext(), machine.config));
    NamedAttrList info;
    info.set("m", b.getI64IntegerAttr(shape.m));
    info.set("n", b.getI64IntegerAttr(shape.n));
    info.set("k", b.getI64IntegerAttr(shape.kdim));
    info.set("bits", b.getI64IntegerAttr(shape.bits));
    info.set("ternary", b.getBoolAttr(op.getFormat().getTernary()));
    info.set("lut_k", b.getI64IntegerAttr(shape.k));
    info.set("group_size", b.getI64IntegerAttr(shape.group));
    info.set("act", b.getStringAttr(rt::lut::actTypeName(toIsa(op.getAct()))));
    info.set("table", b.getStringAttr(rt::lut::tableTypeName(shape.table)));
    kernel->setAttr("info", info.getDictionary(op.getContext()));
    OpSink sink(b, op.getLoc(), kernel);
    lut::planGemm(shape, blocking, machine.config, sink);
    op->replaceAllUsesWith(kernel->getResults());
    op.erase();
    return success();
  }

  lut::LutMachine machine;
};

} // namespace
