//===- Pack.cpp - reinterpretation, bit-plane packing, precompute split
//----===//

#include "dialects/lut/Transforms/Passes.h"

#include "dialects/onnx/IR/OnnxConstants.h"
#include "dialects/lut/Transforms/LutOptions.h"
#include "dialects/lut/Transforms/WeightQuantization.h"

#include <cstring>

namespace kiln::lut {
#define GEN_PASS_DEF_LUTPACK
#include "dialects/lut/Transforms/Passes.h.inc"
} // namespace kiln::lut

using namespace mlir;
using namespace kiln;

namespace {

class LutPackPass : public lut::impl::LutPackBase<LutPackPass> {
public:
  using LutPackBase::LutPackBase;

  void runOnOperation() override {
    std::string err = lut::parseActType(act, actType);
    if (err.empty())
      err = lut::parseTableType(table, actType, tableType);
    if (err.empty())
      err = lut::parseTile(tile, tileShape);
    if (!err.empty()) {
      getOperation().emitError() << "lut-pack: " << err;
      return signalPassFailure();
    }
    SmallVector<lut::QMatmulOp> ops;
    getOperation().walk([&](lut::QMatmulOp op) { ops.push_back(op); });
    for (lut::QMatmulOp op : ops)
      if (failed(pack(op)))
        return signalPassFailure();
  }

private:
  LogicalResult pack(lut::QMatmulOp op) {
    auto codesType = cast<RankedTensorType>(op.getCodes().getType());
    lut::QuantizedWeights q;
    q.kdim = codesType.getShape()[0];
    q.n = codesType.getShape()[1];
    q.group = op.getGroupSize();
    q.bits = static_cast<unsigned>(op.getBits());
    q.ternary = op.getTernary();
    std::vector<char> codes;
    if (!onnx::readConstantBytes(op.getCodes(), codes) ||
        !onnx::readConstantFloats(op.getScales(), q.scales) ||
        !onnx::readConstantFloats(op.getZeros(), q.zeros))
      return op.emitError("codes, scales and zero points must be constants "
                          "to be packed at compile time");
    q.codes.assign(codes.begin(), codes.end());
    if (std::string why = lut::validate(q); !why.empty())
      return op.emitError() << "cannot pack the weights: " << why;
    const unsigned k = tileShape.k;
    if (q.group % k != 0)
      return op.emitError()
             << "the weight group of " << q.group
             << " rows is not a multiple of the tile's K = " << k;
    const int64_t nPadded = (q.n + tileShape.n - 1) / tileShape.n * tileShape.n;
    std::vector<uint8_t> planes = lut::packBitPlanes(q, k, nPadded);
    std::vector<float> consts = lut::epilogueConstants(q, nPadded);

    OpBuilder b(op);
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    auto pre = b.create<lut::PrecomputeOp>(loc, op.getX(), Value(), k, q.group,
                                           lut::fromIsa(actType),
                                           lut::fromIsa(tableType));
    std::string name = "lut.packed";
    if (Operation *def = op.getCodes().getDefiningOp())
      if (auto named = dyn_cast<NameLoc>(def->getLoc()))
        name = named.getName().str();
    Value packed = onnx::createConstant(
        b, loc,
        RankedTensorType::get(
            {q.kdim / k, int64_t(q.bits),
             int64_t(rt::lut::packedPlaneRowBytes(nPadded, k))},
            b.getIntegerType(8, /*isSigned=*/false)),
        planes, name + ".planes");
    Value constsValue = onnx::createConstant(
        b, loc,
        RankedTensorType::get({q.kdim / q.group, nPadded, 2}, b.getF32Type()),
        consts, name + ".epilogue");
    auto format =
        lut::WeightsAttr::get(ctx, q.bits, k, q.group, q.n, nPadded, q.ternary);
    Value y = b.create<lut::MpgemmOp>(
        loc, pre.getTables(), pre.getRowinfo(), packed, constsValue, format,
        lut::fromIsa(actType), lut::fromIsa(tableType));
    SmallVector<Value> inputs{op.getCodes(), op.getScales(), op.getZeros()};
    op.getY().replaceAllUsesWith(y);
    op.erase();
    for (Value v : inputs)
      if (Operation *def = v.getDefiningOp())
        if (def->use_empty())
          def->erase();
    return success();
  }

  rt::lut::ActType actType = rt::lut::ActType::F16;
  rt::lut::TableType tableType = rt::lut::TableType::F16;
  rt::lut::TileShape tileShape;
};

} // namespace
