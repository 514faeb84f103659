//===- HostTarget.cpp - the host reference target
//--------------------------===//
//
// Everything runs on the host executor: the pipeline only canonicalizes
// (folding shape arithmetic, dropping Identity and inference Dropout) and
// removes common subexpressions; serialization writes every onnx op as a
// host step.
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/TargetBackend.h"

#include "kiln/rt/Kbin.h"

#include "mlir/Transforms/Passes.h"

namespace kiln {
namespace {

class HostTarget final : public TargetBackend {
public:
  llvm::StringRef getName() const override { return "host"; }
  llvm::StringRef getDescription() const override {
    return "reference CPU executor (BLAS-backed), runs every onnx op";
  }
  void buildPipeline(mlir::OpPassManager &pm) const override {
    pm.addPass(mlir::createCanonicalizerPass());
    pm.addPass(mlir::createCSEPass());
  }
  nlohmann::json getConfig() const override {
    return {{"executor", "kiln host reference executor"},
            {"blas", "OpenBLAS"},
            {"flop_counting", "2 per multiply-add, 1 per other float op"}};
  }
  mlir::LogicalResult serialize(mlir::ModuleOp module,
                                rt::KbinWriter &writer) const override {
    writer.manifest().targetName = "host";
    writer.manifest().targetConfig = getConfig();
    return serializeHostProgram(module, writer);
  }
};

} // namespace

void registerHostTarget() {
  registerTargetBackend(std::make_unique<HostTarget>());
}

void registerLutTcTarget();
void registerDimmPimTarget();

void registerAllTargets() {
  registerHostTarget();
  registerLutTcTarget();
  registerDimmPimTarget();
}

} // namespace kiln
