//===- OnnxToPim.cpp - offload decode attention to DIMM-PIM ---------------===//
//
// Finds decode attention however the exporter wrote it and replaces it by
// pim.decode_attention:
//
//   K' = Transpose(K, [0, 1, 3, 2])         K: [B, Hkv, C, d] (any producer:
//   s  = MatMul(q, K')                       a Concat of past and new, an
//   s  = Div(s, c) | Mul(s, c)   optional    in-place Where update, an input)
//   s  = Where(mask, -inf, s)    optional    mask: positions > p (Greater /
//      | Add(s, bias)            optional      Less of an arange), or none
//   p  = Softmax(s, axis = -1)
//   o  = MatMul(p, V)                        V: [B, Hkv, C, d]
//
// q is [B, H, 1, d] (multi-head) or [B, Hkv, G, d] (grouped-query, a
// reshaped q); the lengths are p + 1 from the mask, or C without one.
// Everything else stays on the host; each Softmax that is not decode
// attention gets a remark saying why.
//
//===----------------------------------------------------------------------===//

#include "kiln/Conversion/Passes.h"

#include "dialects/onnx/IR/OnnxConstants.h"
#include "dialects/pim/IR/PimOps.h"
#include "kiln/rt/PimConfig.h"

#include <nlohmann/json.hpp>

#include "mlir/IR/Builders.h"

#include <cmath>
#include <cstring>

namespace kiln {
#define GEN_PASS_DEF_CONVERTONNXTOPIM
#include "kiln/Conversion/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

struct AttentionMatch {
  onnx::SoftmaxOp softmax;
  onnx::MatMulOp scores, output;
  Value q, keys, values;
  float scale = 1.0f;
  Value positions; // i64 whose +1 are the lengths; null: the whole cache
  int64_t B = 0, Hkv = 0, G = 1, C = 0, d = 0;
  SmallVector<Operation *> chain; // to erase once replaced (output first)
};

/// A constant scalar (any shape, one value) as float.
bool scalarConstant(Value v, float &out) {
  std::vector<float> vals;
  if (!onnx::readConstantFloats(v, vals) || vals.size() != 1)
    return false;
  out = vals[0];
  return true;
}

/// Looks through ops that only change the shape or the type of a value.
Value skipViews(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (isa<onnx::UnsqueezeOp, onnx::ReshapeOp, onnx::CastOp, onnx::IdentityOp>(
            def))
      v = def->getOperand(0);
    else
      break;
  }
  return v;
}

/// Whether `v` is the constant 0, 1, ..., n-1 (any shape of n elements).
bool isArange(Value v, int64_t n) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  std::vector<char> bytes;
  if (!type || !type.getElementType().isInteger(64) ||
      type.getNumElements() != n || !onnx::readConstantBytes(v, bytes))
    return false;
  for (int64_t i = 0; i < n; ++i) {
    int64_t x;
    std::memcpy(&x, bytes.data() + i * 8, 8);
    if (x != i)
      return false;
  }
  return true;
}

class ConvertOnnxToPimPass
    : public kiln::impl::ConvertOnnxToPimBase<ConvertOnnxToPimPass> {
public:
  using ConvertOnnxToPimBase::ConvertOnnxToPimBase;

  void runOnOperation() override {
    if (layout != "hybrid" && layout != "naive") {
      getOperation().emitError()
          << "convert-onnx-to-pim: layout must be hybrid or naive, got '"
          << layout << "'";
      return signalPassFailure();
    }
    if (chunk < 1) {
      getOperation().emitError()
          << "convert-onnx-to-pim: chunk must be positive, got " << chunk;
      return signalPassFailure();
    }
    if (!config.empty()) {
      rt::pim::PimConfig cfg;
      nlohmann::json j;
      if (std::string err = kiln::rt::pim::PimConfig::tryLoad(
              config == "default" ? std::string() : config.getValue(), cfg, j);
          !err.empty()) {
        getOperation().emitError() << "convert-onnx-to-pim: " << err;
        return signalPassFailure();
      }
      chipBurstElems = cfg.dram.org.chipBurstBytes() / 2;
      capacityBytes = static_cast<int64_t>(cfg.dram.org.totalBytes());
    }
    SmallVector<onnx::SoftmaxOp> softmaxes;
    getOperation().walk([&](onnx::SoftmaxOp op) { softmaxes.push_back(op); });
    for (onnx::SoftmaxOp sm : softmaxes) {
      AttentionMatch m;
      m.softmax = sm;
      std::string why = match(m);
      if (!why.empty()) {
        sm->emitRemark() << "stays on the host: " << why;
        continue;
      }
      rewrite(m);
    }
  }

private:
  int64_t chipBurstElems = 0, capacityBytes = 0; // machine facts, 0: none

  std::string match(AttentionMatch &m) {
    onnx::SoftmaxOp sm = m.softmax;
    auto sType = dyn_cast<RankedTensorType>(sm.getType());
    if (!sType || !sType.hasStaticShape() || sType.getRank() != 4)
      return "not a 4-D statically shaped softmax (decode attention scores "
             "are [B, heads, queries, tokens])";
    int64_t axis = sm.getAxis();
    if (axis != -1 && axis != 3)
      return "the softmax is not over the last (token) axis";
    if (!sm->hasOneUse())
      return "the probabilities have other users than S.V";
    m.output = dyn_cast<onnx::MatMulOp>(*sm->getUsers().begin());
    if (!m.output || m.output.getA() != sm.getResult())
      return "the probabilities do not feed a MatMul with the values";
    m.values = m.output.getB();
    // Back from the softmax: mask, scale, q.K^T.
    Value s = sm.getInput();
    m.chain.push_back(m.output);
    m.chain.push_back(sm);
    if (auto where = s.getDefiningOp<onnx::WhereOp>()) {
      float fill;
      if (!scalarConstant(where.getX(), fill) || !(fill < -1e30f))
        return "a Where before the softmax does not fill with -inf";
      if (!where->hasOneUse())
        return "the masked scores have other users";
      std::string why = maskPositions(where.getCondition(), sType, m);
      if (!why.empty())
        return why;
      m.chain.push_back(where);
      s = where.getY();
    } else if (s.getDefiningOp<onnx::AddOp>()) {
      return "an additive mask (Add before the softmax) is not a prefix "
             "mask the offload can turn into lengths";
    }
    if (auto div = s.getDefiningOp<onnx::DivOp>()) {
      float c;
      if (!scalarConstant(div.getB(), c) || c == 0)
        return "the scores are divided by something that is not a constant "
               "scalar";
      if (!div->hasOneUse())
        return "the scaled scores have other users";
      m.scale = 1.0f / c;
      m.chain.push_back(div);
      s = div.getA();
    } else if (auto mul = s.getDefiningOp<onnx::MulOp>()) {
      float c;
      if (!scalarConstant(mul.getB(), c))
        return "the scores are multiplied by something that is not a "
               "constant scalar";
      if (!mul->hasOneUse())
        return "the scaled scores have other users";
      m.scale = c;
      m.chain.push_back(mul);
      s = mul.getA();
    }
    m.scores = s.getDefiningOp<onnx::MatMulOp>();
    if (!m.scores)
      return "the scores are not a MatMul of q and the transposed keys";
    if (!m.scores->hasOneUse())
      return "the raw scores have other users";
    m.chain.push_back(m.scores);
    auto tr = m.scores.getB().getDefiningOp<onnx::TransposeOp>();
    if (!tr || !tr.getPerm() || *tr.getPerm() != ArrayRef<int64_t>{0, 1, 3, 2})
      return "the keys are not transposed with perm [0, 1, 3, 2]";
    m.keys = tr.getData();
    if (tr->hasOneUse())
      m.chain.push_back(tr);
    m.q = m.scores.getA();
    return checkShapes(m);
  }

  /// The condition of the mask: true at positions t > p (t an arange of the
  /// cache), i.e. Greater(arange, p) or Less(p, arange).
  std::string maskPositions(Value cond, RankedTensorType scores,
                            AttentionMatch &m) {
    int64_t C = scores.getDimSize(3);
    Value c = skipViews(cond);
    Value pos;
    if (auto gt = c.getDefiningOp<onnx::GreaterOp>()) {
      if (isArange(skipViews(gt.getA()), C))
        pos = gt.getB();
    } else if (auto lt = c.getDefiningOp<onnx::LessOp>()) {
      if (isArange(skipViews(lt.getB()), C))
        pos = lt.getA();
    }
    if (!pos)
      return "the mask is not 'position > p' over the cache (a Greater or "
             "Less of an arange): only prefix masks become lengths";
    pos = skipViews(pos);
    auto pType = dyn_cast<RankedTensorType>(pos.getType());
    int64_t B = scores.getDimSize(0);
    if (!pType || !pType.hasStaticShape() ||
        !pType.getElementType().isInteger(64) || pType.getNumElements() != B)
      return "the mask's position is not one i64 per sequence";
    m.positions = pos;
    return "";
  }

  std::string checkShapes(AttentionMatch &m) {
    auto qT = dyn_cast<RankedTensorType>(m.q.getType());
    auto kT = dyn_cast<RankedTensorType>(m.keys.getType());
    auto vT = dyn_cast<RankedTensorType>(m.values.getType());
    auto oT = dyn_cast<RankedTensorType>(m.output.getType());
    for (RankedTensorType t : {qT, kT, vT, oT})
      if (!t || !t.hasStaticShape() || t.getRank() != 4)
        return "q, K, V and the output must be statically shaped 4-D tensors";
    for (RankedTensorType t : {kT, vT})
      if (!t.getElementType().isF32() && !t.getElementType().isF16())
        return "the caches must be f32 or f16";
    if (!qT.getElementType().isF32() || !oT.getElementType().isF32())
      return "q and the output must be f32";
    if (kT.getShape() != vT.getShape())
      return "K and V have different shapes";
    m.B = kT.getDimSize(0);
    m.Hkv = kT.getDimSize(1);
    m.C = kT.getDimSize(2);
    m.d = kT.getDimSize(3);
    if (qT.getDimSize(0) != m.B || qT.getDimSize(3) != m.d)
      return "q does not match the caches' batch and head dim";
    if (qT.getDimSize(2) == 1 && qT.getDimSize(1) == m.Hkv) {
      m.G = 1; // multi-head: one query per head
    } else if (qT.getDimSize(1) == m.Hkv) {
      // [B, Hkv, G, d] is a group of G query heads per kv head only when it
      // is one token's q reshaped ([B, Hkv * G, 1, d] or [B, 1, Hkv * G,
      // d]); otherwise the rows are query tokens: prefill.
      auto reshape = m.q.getDefiningOp<onnx::ReshapeOp>();
      auto src = reshape
                     ? dyn_cast<RankedTensorType>(reshape.getData().getType())
                     : RankedTensorType();
      int64_t H = m.Hkv * qT.getDimSize(2);
      bool oneToken = src && src.hasStaticShape() && src.getRank() == 4 &&
                      (src.getShape() == ArrayRef<int64_t>{m.B, H, 1, m.d} ||
                       src.getShape() == ArrayRef<int64_t>{m.B, 1, H, m.d});
      if (!oneToken)
        return "q has " + std::to_string(qT.getDimSize(2)) +
               " rows per kv head but is not one token's q reshaped into "
               "groups: more than one query token per step is prefill, not "
               "decode";
      m.G = qT.getDimSize(2);
    } else {
      return "q " + std::to_string(qT.getDimSize(1)) + " x " +
             std::to_string(qT.getDimSize(2)) +
             " is not one query per head nor a group per kv head (more "
             "than one query token per step is prefill, not decode)";
    }
    return "";
  }

  void rewrite(AttentionMatch &m) {
    OpBuilder b(m.output);
    Location loc = m.output.getLoc();
    auto f32 = b.getF32Type();
    int64_t H = m.Hkv * m.G;
    auto qType = RankedTensorType::get({m.B, H, 1, m.d}, f32);
    Value q = m.q;
    if (m.G > 1)
      q = b.create<onnx::ReshapeOp>(
          loc, qType, q, onnx::createShapeConstant(b, loc, qType.getShape()));
    auto lenType = RankedTensorType::get({m.B}, b.getI64Type());
    Value lengths;
    if (m.positions) {
      Value pos = m.positions;
      if (cast<RankedTensorType>(pos.getType()).getRank() != 1)
        pos = b.create<onnx::ReshapeOp>(
            loc, lenType, pos, onnx::createShapeConstant(b, loc, {m.B}));
      Value one = onnx::createConstant<int64_t>(
          b, loc, RankedTensorType::get({}, b.getI64Type()), {1}, "pim.one");
      lengths = b.create<onnx::AddOp>(loc, lenType, pos, one);
    } else {
      lengths = onnx::createConstant<int64_t>(
          b, loc, lenType, std::vector<int64_t>(m.B, m.C), "pim.lengths");
    }
    Value out = b.create<pim::DecodeAttentionOp>(
        loc, qType, q, m.keys, m.values, lengths, b.getF32FloatAttr(m.scale),
        b.getI64IntegerAttr(m.G), b.getI64IntegerAttr(chunk),
        b.getStringAttr(layout),
        chipBurstElems ? b.getI64IntegerAttr(chipBurstElems) : IntegerAttr(),
        capacityBytes ? b.getI64IntegerAttr(capacityBytes) : IntegerAttr());
    auto oType = cast<RankedTensorType>(m.output.getType());
    if (oType != qType)
      out = b.create<onnx::ReshapeOp>(
          loc, oType, out, onnx::createShapeConstant(b, loc, oType.getShape()));
    m.output.getResult().replaceAllUsesWith(out);
    for (Operation *op : m.chain)
      if (op->use_empty())
        op->erase();
  }
};

} // namespace
