//===- SharePrecompute.cpp - one table precompute per activation
//-----------===//
//
// Q/K/V (and gate/up) projections read the same activation: their tables
// are identical, so one lut.precompute serves them all. The survivor moves
// to right after the activation's definition. An elementwise producer
// (x * v or x + v with v a constant along the last axis, e.g. RMSNorm's
// weight) whose result only feeds the precompute moves into it as the
// prologue, so the scaled activation is never written out.
//
//===----------------------------------------------------------------------===//

#include "dialects/lut/Transforms/Passes.h"

#include "dialects/onnx/IR/OnnxConstants.h"

#include "llvm/ADT/MapVector.h"

namespace kiln::lut {
#define GEN_PASS_DEF_LUTSHAREPRECOMPUTE
#include "dialects/lut/Transforms/Passes.h.inc"
} // namespace kiln::lut

using namespace mlir;
using namespace kiln;

namespace {

class LutSharePrecomputePass
    : public lut::impl::LutSharePrecomputeBase<LutSharePrecomputePass> {
public:
  using LutSharePrecomputeBase::LutSharePrecomputeBase;

  void runOnOperation() override {
    if (share)
      mergeDuplicates();
    if (fuseProducer) {
      SmallVector<lut::PrecomputeOp> ops;
      getOperation().walk([&](lut::PrecomputeOp op) { ops.push_back(op); });
      for (lut::PrecomputeOp op : ops)
        fuse(op);
    }
  }

private:
  void mergeDuplicates() {
    // Same activation, same optional vector, same attributes -> same tables.
    llvm::MapVector<std::pair<std::pair<Value, Value>, Attribute>,
                    SmallVector<lut::PrecomputeOp>>
        groups;
    getOperation().walk([&](lut::PrecomputeOp op) {
      // Rank-2 views of one value (each offloaded GEMM made its own) are
      // the same activation.
      Value x = op.getX();
      if (auto view = x.getDefiningOp<onnx::ReshapeOp>())
        x = view.getData();
      groups[{{x, op.getVec()}, op->getAttrDictionary()}].push_back(op);
    });
    for (auto &[key, ops] : groups) {
      lut::PrecomputeOp keep = ops.front();
      // Right after the last operand's definition, so every user follows.
      Operation *after = nullptr;
      for (Value v : keep->getOperands())
        if (Operation *def = v.getDefiningOp())
          if (!after || after->isBeforeInBlock(def))
            after = def;
      if (after && after->getBlock() == keep->getBlock())
        keep->moveAfter(after);
      else if (!after)
        keep->moveBefore(&keep->getBlock()->front());
      for (lut::PrecomputeOp dup : llvm::drop_begin(ops)) {
        dup.getTables().replaceAllUsesWith(keep.getTables());
        dup.getRowinfo().replaceAllUsesWith(keep.getRowinfo());
        Value x = dup.getX();
        dup.erase();
        eraseIfDead(x);
      }
    }
  }

  /// Erases `v`'s defining view (and its shape constant) once unused.
  static void eraseIfDead(Value v) {
    auto view = v.getDefiningOp<onnx::ReshapeOp>();
    if (!view || !view->use_empty())
      return;
    Value shape = view.getShape();
    view.erase();
    if (Operation *def = shape.getDefiningOp())
      if (def->use_empty())
        def->erase();
  }

  /// The vector v of a producer x (*|+) v when v is a constant broadcast
  /// along the last axis only, with that axis of length kdim.
  static Value lastAxisVector(OpBuilder &b, Value v, int64_t kdim) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32() ||
        type.getNumElements() != kdim || type.getShape().empty() ||
        type.getShape().back() != kdim)
      return nullptr;
    std::vector<float> values;
    if (!onnx::readConstantFloats(v, values))
      return nullptr;
    if (type.getRank() == 1)
      return v;
    return onnx::createConstant(b, v.getLoc(),
                               RankedTensorType::get({kdim}, b.getF32Type()),
                               values, "lut.prologue");
  }

  void fuse(lut::PrecomputeOp op) {
    if (op.getVec())
      return;
    // The activation may be a rank-2 view of the producer's result.
    Value x = op.getX();
    Operation *view = nullptr;
    if (auto reshape = x.getDefiningOp<onnx::ReshapeOp>()) {
      view = reshape;
      x = reshape.getData();
    }
    Operation *producer = x.getDefiningOp();
    if (!producer || !isa<onnx::MulOp, onnx::AddOp>(producer))
      return;
    auto xType = cast<RankedTensorType>(x.getType());
    if (!xType.hasStaticShape() || !x.hasOneUse() ||
        (view && !view->getResult(0).hasOneUse()))
      return; // the producer's result is needed elsewhere
    const int64_t kdim =
        cast<RankedTensorType>(op.getX().getType()).getShape()[1];
    OpBuilder b(op);
    Value data, vec;
    for (unsigned i = 0; i < 2 && !vec; ++i) {
      Value other = producer->getOperand(1 - i);
      auto otherType = dyn_cast<RankedTensorType>(other.getType());
      if (!otherType || otherType.getShape() != xType.getShape())
        continue; // the data operand must have the producer's full shape
      if ((vec = lastAxisVector(b, producer->getOperand(i), kdim)))
        data = other;
    }
    if (!vec)
      return;
    if (view) {
      // Keep the rank-2 view, now of the producer's input.
      view->setOperand(0, data);
      data = view->getResult(0);
    } else if (cast<RankedTensorType>(data.getType()).getRank() != 2) {
      return;
    }
    op.getXMutable().assign(data);
    op.getVecMutable().assign(vec);
    op.setPrologue(isa<onnx::MulOp>(producer) ? lut::Prologue::Mul
                                              : lut::Prologue::Add);
    if (view && !view->isBeforeInBlock(op))
      view->moveBefore(op);
    Operation *vecDef = vec.getDefiningOp();
    if (vecDef->getBlock() == op->getBlock() && !vecDef->isBeforeInBlock(op))
      vecDef->moveBefore(op);
    SmallVector<Value> inputs(producer->getOperands());
    producer->erase();
    for (Value v : inputs)
      if (Operation *def = v.getDefiningOp())
        if (def->use_empty() && isa<onnx::ConstantOp>(def))
          def->erase();
  }
};

} // namespace
