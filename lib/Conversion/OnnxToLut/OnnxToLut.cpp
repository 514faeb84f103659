//===- OnnxToLut.cpp - offload constant-weight GEMMs to the LUT-TC
//---------===//
//
// onnx.MatMul / onnx.Gemm with a constant f32 weight -> lut.matmul, and
// onnx.DequantizeLinear -> onnx.MatMul with constant integer codes ->
// lut.qmatmul. Everything the device cannot run stays an onnx op and gets a
// remark that says why; nothing is rewritten half way.
//
//===----------------------------------------------------------------------===//

#include "kiln/Conversion/Passes.h"

#include "dialects/onnx/IR/OnnxConstants.h"
#include "dialects/lut/Transforms/KernelPlanner.h"
#include "dialects/lut/Transforms/LutOptions.h"
#include "dialects/lut/Transforms/WeightQuantization.h"

#include "mlir/IR/Builders.h"

#include <cmath>
#include <cstring>

namespace kiln {
#define GEN_PASS_DEF_CONVERTONNXTOLUT
#include "kiln/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

/// What the offload needs to know about one GEMM.
struct GemmPlan {
  Value x; // activation [..., K]
  int64_t m = 0, k = 0, n = 0;
  std::vector<float> weights;      // [K, N] for lut.matmul
  lut::QuantizedWeights quantized; // for lut.qmatmul (DequantizeLinear)
  bool isQuantized = false;
  Value bias; // Gemm's C (already scaled by beta), or null
  float biasScale = 1.0f;
};

class ConvertOnnxToLutPass
    : public kiln::impl::ConvertOnnxToLutBase<ConvertOnnxToLutPass> {
public:
  using ConvertOnnxToLutBase::ConvertOnnxToLutBase;

  void runOnOperation() override {
    std::string err = lut::loadMachine(config, tile, machine);
    if (err.empty())
      err = lut::parseActType(act, actType);
    if (err.empty())
      err = lut::parseTableType(table, actType, tableType);
    if (err.empty() && machine.config.tile.k != lutK)
      err = "lut-k " + std::to_string(lutK) + " differs from the tile's K " +
            std::to_string(machine.config.tile.k);
    if (!err.empty()) {
      getOperation().emitError() << "convert-onnx-to-lut: " << err;
      return signalPassFailure();
    }
    SmallVector<Operation *> candidates;
    getOperation().walk([&](Operation *op) {
      if (isa<onnx::MatMulOp, onnx::GemmOp>(op))
        candidates.push_back(op);
    });
    for (Operation *op : candidates) {
      // Only GEMMs with a constant weight are candidates; a product of two
      // activations (attention) is not what this device accelerates.
      if (!hasConstantWeight(op))
        continue;
      GemmPlan plan;
      std::string why = analyze(op, plan);
      if (!why.empty()) {
        op->emitRemark() << "stays on the host: " << why;
        continue;
      }
      rewrite(op, plan);
    }
  }

private:
  /// Fills `plan` or says why the op cannot be offloaded.
  std::string analyze(Operation *op, GemmPlan &plan) {
    Value a = op->getOperand(0), b = op->getOperand(1);
    auto aType = dyn_cast<RankedTensorType>(a.getType());
    auto bType = dyn_cast<RankedTensorType>(b.getType());
    auto yType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!aType || !bType || !yType || !aType.hasStaticShape() ||
        !bType.hasStaticShape())
      return "shapes are not static";
    if (!aType.getElementType().isF32() || !yType.getElementType().isF32())
      return "the activation is " + typeName(aType.getElementType()) +
             "; the LUT Tensor Core takes f32 activations (as f16 or i8)";
    if (bType.getRank() != 2)
      return "the weight has rank " + std::to_string(bType.getRank()) +
             "; only a 2-D weight is a GEMM the device runs";
    plan.x = a;
    plan.k = aType.getShape().back();
    plan.m = aType.getNumElements() / std::max<int64_t>(plan.k, 1);

    if (auto gemm = dyn_cast<onnx::GemmOp>(op)) {
      if (gemm.getTransA() != 0)
        return "Gemm with transA = 1 (the activation would need a transpose)";
      if (!onnx::readConstantFloats(b, plan.weights))
        return "the weight is not a constant f32 tensor";
      int64_t rows = bType.getShape()[0], cols = bType.getShape()[1];
      if (gemm.getTransB() != 0) {
        std::vector<float> t(plan.weights.size());
        for (int64_t r = 0; r < rows; ++r)
          for (int64_t c = 0; c < cols; ++c)
            t[c * rows + r] = plan.weights[r * cols + c];
        plan.weights.swap(t);
        std::swap(rows, cols);
      }
      plan.n = cols;
      float alpha = gemm.getAlpha().convertToFloat();
      if (alpha != 1.0f)
        for (float &w : plan.weights)
          w *= alpha;
      if (!onnx::isNone(gemm.getC())) {
        plan.bias = gemm.getC();
        plan.biasScale = gemm.getBeta().convertToFloat();
      }
    } else {
      plan.n = bType.getShape()[1];
      if (auto dq = b.getDefiningOp<onnx::DequantizeLinearOp>()) {
        std::string why = analyzeDequantize(dq, plan);
        if (!why.empty())
          return why;
      } else if (!onnx::readConstantFloats(b, plan.weights)) {
        return "the weight is not a constant (only constant weights are "
               "quantized and packed at compile time)";
      }
    }
    return checkFeasible(plan);
  }

  static bool hasConstantWeight(Operation *op) {
    Value b = op->getOperand(1);
    if (b.getDefiningOp<onnx::ConstantOp>())
      return true;
    auto dq = b.getDefiningOp<onnx::DequantizeLinearOp>();
    return dq && dq.getX().getDefiningOp<onnx::ConstantOp>();
  }

  static std::string typeName(Type type) {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << type;
    return s;
  }

  /// DequantizeLinear(codes, scale, zero point) with constants, per tensor
  /// or per output column, codes fitting in at most 4 bits.
  std::string analyzeDequantize(onnx::DequantizeLinearOp dq, GemmPlan &plan) {
    auto codesType = cast<RankedTensorType>(dq.getX().getType());
    auto elem = codesType.getElementType();
    if (!elem.isInteger(8))
      return "DequantizeLinear codes of type " + typeName(elem) +
             " (the device takes 8-bit codes that fit in 4 bits)";
    std::vector<char> raw, zpRaw;
    std::vector<float> scales;
    if (!onnx::readConstantBytes(dq.getX(), raw) ||
        !onnx::readConstantFloats(dq.getXScale(), scales))
      return "DequantizeLinear with non-constant codes or scale";
    bool isSigned = !elem.isUnsignedInteger();
    bool hasZp = !onnx::isNone(dq.getXZeroPoint());
    if (hasZp && !onnx::readConstantBytes(dq.getXZeroPoint(), zpRaw))
      return "DequantizeLinear with a non-constant zero point";
    const int64_t k = plan.k, n = plan.n;
    bool perColumn = scales.size() != 1;
    if (perColumn) {
      int64_t axis = static_cast<int64_t>(dq.getAxis());
      if (axis < 0)
        axis += 2;
      if (axis != 1 || static_cast<int64_t>(scales.size()) != n)
        return "DequantizeLinear per row of the weight (axis 0); the device "
               "scales per output column";
    }
    auto code = [&](size_t i) -> int64_t {
      return isSigned ? int64_t(int8_t(raw[i])) : int64_t(uint8_t(raw[i]));
    };
    auto zero = [&](int64_t c) -> int64_t {
      if (!hasZp)
        return 0;
      size_t i = zpRaw.size() == 1 ? 0 : size_t(c);
      return isSigned ? int64_t(int8_t(zpRaw[i])) : int64_t(uint8_t(zpRaw[i]));
    };
    int64_t lo = code(0), hi = code(0);
    for (size_t i = 0; i < raw.size(); ++i) {
      lo = std::min(lo, code(i));
      hi = std::max(hi, code(i));
    }
    unsigned bits = 1;
    while (bits <= 4 && hi - lo >= (int64_t(1) << bits))
      ++bits;
    if (bits > 4)
      return "DequantizeLinear codes span " + std::to_string(hi - lo + 1) +
             " values; the device takes at most 4-bit weights";
    // Shift the codes to [0, 2^bits) and the zero points with them.
    lut::QuantizedWeights &q = plan.quantized;
    q.kdim = k;
    q.n = n;
    q.group = k;
    q.bits = bits;
    q.codes.resize(raw.size());
    for (size_t i = 0; i < raw.size(); ++i)
      q.codes[i] = static_cast<uint8_t>(code(i) - lo);
    q.scales.resize(n);
    q.zeros.resize(n);
    for (int64_t c = 0; c < n; ++c) {
      q.scales[c] = scales[perColumn ? c : 0];
      q.zeros[c] = static_cast<float>(zero(c) - lo);
    }
    plan.isQuantized = true;
    std::string why = lut::validate(q);
    return why.empty() ? "" : "DequantizeLinear weights: " + why;
  }

  /// The reduction dimension, group size and blocks must fit the machine.
  std::string checkFeasible(const GemmPlan &plan) {
    const unsigned k = machine.config.tile.k;
    if (plan.k % k != 0)
      return "the reduction dimension " + std::to_string(plan.k) +
             " is not a multiple of the table size K = " + std::to_string(k);
    int64_t group = plan.isQuantized
                        ? plan.quantized.group
                        : lut::effectiveGroupSize(plan.k, groupSize, k);
    if (group <= 0 || group % k != 0)
      return "no weight group size divides " + std::to_string(plan.k);
    if (plan.k > INT32_MAX / 64 || plan.n > INT32_MAX / 64 ||
        plan.m * plan.k > INT32_MAX / 16 || plan.m * plan.n > INT32_MAX / 16)
      return "the GEMM is too large for the device's 32-bit addressing";
    lut::PrecomputeShape pre;
    pre.m = plan.m;
    pre.kdim = plan.k;
    pre.k = k;
    pre.group = group;
    pre.act = actType;
    pre.table = tableType;
    pre.prologue = rt::lut::Prologue::Mul; // the worst case: with a vector
    std::string why;
    if (lut::precomputeRowsPerBlock(pre, machine.config, why) == 0)
      return why;
    lut::GemmShape g;
    g.m = plan.m;
    g.kdim = plan.k;
    g.n = plan.n;
    int64_t tileN = machine.config.tile.n;
    g.nPadded = (plan.n + tileN - 1) / tileN * tileN;
    g.bits = 4; // the most shared memory any bit width needs
    g.k = k;
    g.group = group;
    g.table = tableType;
    lut::GemmBlocking blocking;
    if (!lut::chooseBlocking(g, machine.config, blocking, why))
      return why;
    return "";
  }

  void rewrite(Operation *op, const GemmPlan &plan) {
    OpBuilder b(op);
    Location loc = op->getLoc();
    auto f32 = b.getF32Type();
    Value x = plan.x;
    auto xType = cast<RankedTensorType>(x.getType());
    if (xType.getRank() != 2)
      x = b.create<onnx::ReshapeOp>(
          loc, RankedTensorType::get({plan.m, plan.k}, f32), x,
          onnx::createShapeConstant(b, loc, {plan.m, plan.k}), 0);
    std::string name = nameOf(op);
    Value y;
    if (plan.isQuantized) {
      const lut::QuantizedWeights &q = plan.quantized;
      int64_t groups = q.kdim / q.group;
      Value codes = onnx::createConstant(
          b, loc,
          RankedTensorType::get({q.kdim, q.n},
                                b.getIntegerType(8, /*isSigned=*/false)),
          q.codes, name + ".codes");
      auto sType = RankedTensorType::get({groups, q.n}, f32);
      Value scales =
          onnx::createConstant(b, loc, sType, q.scales, name + ".scales");
      Value zeros =
          onnx::createConstant(b, loc, sType, q.zeros, name + ".zeros");
      y = b.create<lut::QMatmulOp>(loc, x, codes, scales, zeros, q.bits,
                                   q.group, false);
    } else {
      Value w = onnx::createConstant(
          b, loc, RankedTensorType::get({plan.k, plan.n}, f32), plan.weights,
          name + ".weight");
      y = b.create<lut::MatmulOp>(loc, x, w);
    }
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    if (plan.bias) {
      Value bias = plan.bias;
      if (plan.biasScale != 1.0f) {
        auto scalar = RankedTensorType::get({}, f32);
        Value beta = b.create<onnx::ConstantOp>(
            loc, DenseElementsAttr::get(scalar, plan.biasScale));
        bias = b.create<onnx::MulOp>(loc, bias.getType(), bias, beta);
      }
      y = b.create<onnx::AddOp>(
          loc, RankedTensorType::get({plan.m, plan.n}, f32), y, bias);
    }
    if (resultType.getShape() != cast<RankedTensorType>(y.getType()).getShape())
      y = b.create<onnx::ReshapeOp>(
          loc, resultType, y,
          onnx::createShapeConstant(b, loc, resultType.getShape()), 0);
    op->getResult(0).replaceAllUsesWith(y);
    Value weight = op->getOperand(1);
    op->erase();
    // The float weight (or dequantize chain) is dead now unless shared.
    if (Operation *def = weight.getDefiningOp())
      if (def->use_empty()) {
        SmallVector<Value> inputs(def->getOperands());
        def->erase();
        for (Value v : inputs)
          if (Operation *d = v.getDefiningOp())
            if (d->use_empty() && isa<onnx::ConstantOp, onnx::NoValueOp>(d))
              d->erase();
      }
  }

  static std::string nameOf(Operation *op) {
    if (auto name = dyn_cast<NameLoc>(op->getLoc()))
      return name.getName().str();
    return "gemm";
  }

  lut::LutMachine machine;
  rt::lut::ActType actType = rt::lut::ActType::F16;
  rt::lut::TableType tableType = rt::lut::TableType::F16;
};

} // namespace
