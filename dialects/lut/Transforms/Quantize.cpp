//===- Quantize.cpp - lut.matmul -> lut.qmatmul (RTN or absmean)
//-----------===//

#include "dialects/lut/Transforms/Passes.h"

#include "dialects/onnx/IR/OnnxConstants.h"
#include "dialects/lut/Transforms/LutOptions.h"
#include "dialects/lut/Transforms/WeightQuantization.h"

namespace kiln::lut {
#define GEN_PASS_DEF_LUTQUANTIZE
#include "dialects/lut/Transforms/Passes.h.inc"
} // namespace kiln::lut

using namespace mlir;
using namespace kiln;

namespace {

class LutQuantizePass : public lut::impl::LutQuantizeBase<LutQuantizePass> {
public:
  using LutQuantizeBase::LutQuantizeBase;

  void runOnOperation() override {
    unsigned numBits = 0;
    bool ternary = false;
    std::string err = lut::parseBits(bits, numBits, ternary);
    if (err.empty() && groupSize <= 0)
      err = "group-size must be positive, got " + std::to_string(groupSize);
    if (err.empty() && (lutK < 1 || lutK > 8))
      err = "lut-k must be 1..8, got " + std::to_string(lutK);
    if (!err.empty()) {
      getOperation().emitError() << "lut-quantize: " << err;
      return signalPassFailure();
    }
    SmallVector<lut::MatmulOp> ops;
    getOperation().walk([&](lut::MatmulOp op) { ops.push_back(op); });
    for (lut::MatmulOp op : ops)
      if (failed(quantize(op, numBits, ternary)))
        return signalPassFailure();
  }

private:
  LogicalResult quantize(lut::MatmulOp op, unsigned numBits, bool ternary) {
    auto wType = cast<RankedTensorType>(op.getW().getType());
    const int64_t kdim = wType.getShape()[0], n = wType.getShape()[1];
    std::vector<float> w;
    if (!onnx::readConstantFloats(op.getW(), w))
      return op.emitError("the weight of lut.matmul must be a constant to be "
                          "quantized at compile time");
    for (float v : w)
      if (!std::isfinite(v))
        return op.emitError("the weight holds a non-finite value");
    int64_t group = lut::effectiveGroupSize(kdim, groupSize, lutK);
    if (group <= 0)
      return op.emitError() << "no group size that is a multiple of " << lutK
                            << " divides the reduction dimension " << kdim;
    if (group != groupSize && kdim > groupSize)
      op.emitRemark() << "weight groups of " << group
                      << " rows: " << groupSize.getValue()
                      << " does not divide " << kdim;
    lut::QuantizedWeights q =
        ternary
            ? lut::quantizeTernary(w.data(), kdim, n, group)
            : lut::quantizeRoundToNearest(w.data(), kdim, n, numBits, group);
    OpBuilder b(op);
    Location loc = op.getLoc();
    std::string name = "lut.weights";
    if (auto def = op.getW().getDefiningOp())
      if (auto named = dyn_cast<NameLoc>(def->getLoc()))
        name = named.getName().str();
    Value codes = onnx::createConstant(
        b, loc,
        RankedTensorType::get({kdim, n},
                              b.getIntegerType(8, /*isSigned=*/false)),
        q.codes, name + ".codes");
    auto sType = RankedTensorType::get({kdim / group, n}, b.getF32Type());
    Value scales =
        onnx::createConstant(b, loc, sType, q.scales, name + ".scales");
    Value zeros = onnx::createConstant(b, loc, sType, q.zeros, name + ".zeros");
    Value y = b.create<lut::QMatmulOp>(loc, op.getX(), codes, scales, zeros,
                                       q.bits, group, ternary);
    Value weight = op.getW();
    op.getY().replaceAllUsesWith(y);
    op.erase();
    if (Operation *def = weight.getDefiningOp())
      if (def->use_empty())
        def->erase();
    return success();
  }
};

} // namespace
