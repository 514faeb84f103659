//===- DimmPimTarget.cpp - the DIMM-PIM target (L3) -----------------------===//
//
// Pipeline: offload decode attention (convert-onnx-to-pim); everything else
// stays on the host, which stands in for the GPU. Serialization: every
// pim.decode_attention becomes a device step whose program blob is the
// decode-attention kernel (kiln/rt/PimKernel.h) generated for its shape and
// the configured memory; the manifest records the configuration.
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/TargetBackend.h"

#include "dialects/pim/IR/PimOps.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/Conversion/PimPlan.h"
#include "kiln/rt/Kbin.h"
#include "kiln/rt/PimConfig.h"
#include "kiln/rt/PimKernel.h"

#include "mlir/Transforms/Passes.h"

#include "llvm/Support/CommandLine.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace kiln {
namespace {

cl::OptionCategory pimCategory("DIMM-PIM target (--target=dimm-pim)");
cl::opt<std::string>
    pimConfig("pim-config",
              cl::desc("Machine configuration JSON (default: "
                       "configs/dimm-pim/ddr4-3200.json, built in)"),
              cl::init(""), cl::cat(pimCategory));
cl::opt<int64_t> pimChunk("pim-chunk",
                          cl::desc("Tokens per chunk of the online softmax"),
                          cl::init(64), cl::cat(pimCategory));
cl::opt<std::string> pimLayout("pim-layout",
                               cl::desc("KV layout in DRAM: hybrid|naive"),
                               cl::init("hybrid"), cl::cat(pimCategory));
cl::opt<int64_t> pimSpread(
    "pim-spread",
    cl::desc("Ranks a group's chunks are spread over (0: as many as the "
             "groups leave free)"),
    cl::init(0), cl::cat(pimCategory));

/// The plan of a pim.kernel, and a check that `cfg` places it as the
/// kernel says (it was lowered for this machine).
std::string planOf(pim::KernelOp op, const rt::pim::PimConfig &cfg,
                   rt::pim::AttentionPlan &p) {
  p = pimPlanOf(op);
  p.spread = static_cast<uint32_t>(op.getSpread());
  rt::pim::Geometry g;
  if (std::string err = rt::pim::Geometry::make(p, cfg, g); !err.empty())
    return err;
  std::string diff;
  auto check = [&](const char *name, int64_t have, int64_t want) {
    if (have != want && diff.empty())
      diff = std::string(name) + " = " + std::to_string(have) +
             " in the IR, the configured memory gives " + std::to_string(want);
  };
  check("ranks", op.getRanks(), g.totalRanks);
  check("lanes", op.getLanes(), g.chips);
  check("groups", op.getGroups(), g.groups);
  check("banks", op.getBanks(), g.banks);
  check("rounds", op.getRounds(), g.rounds);
  check("layers", op.getLayers(), g.layers);
  check("chunks", op.getChunks(), g.chunks);
  check("elems_per_burst", op.getElemsPerBurst(), g.elemsPerBurst);
  check("tokens_per_row", op.getTokensPerRow(), g.tokensPerRow);
  check("rows_per_chunk", op.getRowsPerChunk(), g.rowsPerChunk);
  check("rows_used", op.getRowsUsed(), int64_t(g.rowsUsed));
  return diff.empty() ? ""
                      : "pim.kernel was placed for another memory: " + diff;
}

void setInt(rt::Step &step, const char *name, int64_t v) {
  rt::AttrValue a;
  a.kind = rt::AttrValue::Kind::Int;
  a.i = v;
  step.attrs.set(name, std::move(a));
}

class PimStepEmitter final : public DeviceStepEmitter {
public:
  explicit PimStepEmitter(rt::pim::PimConfig cfg) : cfg(std::move(cfg)) {}

  bool handles(Operation *op) const override { return isa<pim::KernelOp>(op); }

  LogicalResult emit(Operation *op, rt::Step &step,
                     std::string &program) const override {
    rt::pim::AttentionPlan plan;
    if (std::string err = planOf(cast<pim::KernelOp>(op), cfg, plan);
        !err.empty())
      return op->emitError() << err;
    rt::pim::Kernel kernel;
    if (std::string err = rt::pim::tryGenerateKernel(plan, cfg, kernel);
        !err.empty())
      return op->emitError() << err;
    step.target = rt::pim::kTargetName;
    step.op = "decode_attention";
    setInt(step, "batch", plan.batch);
    setInt(step, "kv_heads", plan.kvHeads);
    setInt(step, "group", plan.group);
    setInt(step, "capacity", plan.capacity);
    setInt(step, "head_dim", plan.headDim);
    setInt(step, "chunk", plan.chunk);
    setInt(step, "spread", plan.spread);
    setInt(step, "commands", static_cast<int64_t>(kernel.numCommands()));
    program = rt::pim::buildKernel(kernel);
    return success();
  }

private:
  rt::pim::PimConfig cfg;
};

class DimmPimTarget final : public TargetBackend {
public:
  llvm::StringRef getName() const override { return "dimm-pim"; }
  llvm::StringRef getDescription() const override {
    return "DIMM-PIM (L3): decode attention inside the host's DDR DIMMs on "
           "the command-level simulator, the rest on the host (the GPU)";
  }

  std::string checkOptions() const override {
    rt::pim::PimConfig cfg;
    nlohmann::json j;
    if (std::string err = rt::pim::PimConfig::tryLoad(pimConfig, cfg, j);
        !err.empty())
      return "--pim-config: " + err;
    if (pimChunk < 1 || pimChunk > 2047)
      return "--pim-chunk must be 1..2047 tokens, got " +
             std::to_string(pimChunk);
    if (pimLayout != "hybrid" && pimLayout != "naive")
      return "--pim-layout must be hybrid or naive, got '" + pimLayout + "'";
    unsigned ranks = cfg.dram.org.channels * cfg.dram.org.ranksPerChannel();
    if (pimSpread < 0 || (pimSpread > 0 && ranks % pimSpread))
      return "--pim-spread " + std::to_string(pimSpread) +
             " must divide the memory's " + std::to_string(ranks) + " ranks";
    return "";
  }

  void buildPipeline(OpPassManager &pm) const override {
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
    ConvertOnnxToPimOptions offload;
    offload.chunk = pimChunk;
    offload.layout = pimLayout;
    offload.config = pimConfig.empty() ? "default" : pimConfig.getValue();
    pm.nest<func::FuncOp>().addPass(createConvertOnnxToPim(offload));
    LowerPimAttentionOptions lower;
    lower.config = pimConfig;
    lower.spread = pimSpread;
    pm.nest<func::FuncOp>().addPass(createLowerPimAttention(lower));
    pm.addPass(createCanonicalizerPass());
  }

  nlohmann::json getConfig() const override {
    rt::pim::PimConfig cfg;
    nlohmann::json j;
    if (!rt::pim::PimConfig::tryLoad(pimConfig, cfg, j).empty())
      j = nlohmann::json::object();
    j["compile"] = {{"chunk", pimChunk.getValue()},
                    {"layout", pimLayout.getValue()},
                    {"spread", pimSpread.getValue()}};
    return j;
  }

  std::unique_ptr<DeviceStepEmitter>
  createEmitter(std::string &err) const override {
    rt::pim::PimConfig cfg;
    nlohmann::json j;
    err = rt::pim::PimConfig::tryLoad(pimConfig, cfg, j);
    if (!err.empty())
      return nullptr;
    return std::make_unique<PimStepEmitter>(std::move(cfg));
  }

  LogicalResult serialize(ModuleOp module,
                          rt::KbinWriter &writer) const override {
    rt::pim::PimConfig cfg;
    nlohmann::json j;
    if (std::string err = rt::pim::PimConfig::tryLoad(pimConfig, cfg, j);
        !err.empty())
      return module.emitError() << err;
    writer.manifest().targetName = "dimm-pim";
    writer.manifest().targetConfig = getConfig();
    PimStepEmitter emitter(cfg);
    return serializeHostProgram(module, writer, "main", &emitter);
  }
};

} // namespace

void registerDimmPimTarget() {
  registerTargetBackend(std::make_unique<DimmPimTarget>());
}

} // namespace kiln
