//===- LutTcTarget.cpp - the LUT Tensor Core target
//------------------------===//
//
// Pipeline: offload constant-weight GEMMs, quantize, pack, share the table
// precompute, tile with the cost model, lower to instruction streams.
// Serialization: every lut.kernel becomes a device step whose program blob
// is the kernel's per-core streams encoded with kiln/rt/LutIsa.h; the rest
// of the function is host steps.
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/TargetBackend.h"

#include "dialects/lut/IR/LutOps.h"
#include "dialects/lut/Transforms/LutOptions.h"
#include "dialects/lut/Transforms/Passes.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/rt/Kbin.h"
#include "kiln/rt/LutIsa.h"
#include "kiln/rt/LutProgram.h"

#include "mlir/Transforms/Passes.h"

#include "llvm/Support/CommandLine.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace kiln {
namespace {

cl::OptionCategory lutCategory("LUT Tensor Core target (--target=lut-tc)");
cl::opt<std::string> lutBits("lut-bits",
                             cl::desc("Weight bits: 1, 2, 3, 4 or ternary"),
                             cl::init("4"), cl::cat(lutCategory));
cl::opt<int64_t> lutGroupSize(
    "lut-group-size",
    cl::desc("Rows of a weight column sharing one scale and zero point"),
    cl::init(128), cl::cat(lutCategory));
cl::opt<std::string> lutAct("lut-act",
                            cl::desc("Activation type on the device: f16|i8"),
                            cl::init("f16"), cl::cat(lutCategory));
cl::opt<std::string> lutTable(
    "lut-table",
    cl::desc("Table entries: f16|i8|i16 (default f16 for f16 activations, "
             "i16 for i8)"),
    cl::init(""), cl::cat(lutCategory));
cl::opt<std::string>
    lutTile("lut-tile",
            cl::desc("lmma tile MxNxK (default: the configuration's, 2x64x4)"),
            cl::init(""), cl::cat(lutCategory));
cl::opt<std::string> lutConfig(
    "lut-config",
    cl::desc(
        "Machine configuration JSON (default: configs/lut-tc/default.json, "
        "built in)"),
    cl::init(""), cl::cat(lutCategory));
cl::opt<bool> lutShare("lut-share-precompute",
                       cl::desc("One table precompute per activation"),
                       cl::init(true), cl::cat(lutCategory));
cl::opt<bool> lutFuse("lut-fuse-producer",
                      cl::desc("Fuse an elementwise Mul/Add producer into the "
                               "precompute"),
                      cl::init(true), cl::cat(lutCategory));

/// lut.kernel -> device step with its encoded program.
class LutStepEmitter final : public DeviceStepEmitter {
public:
  bool handles(Operation *op) const override { return isa<lut::KernelOp>(op); }

  LogicalResult emit(Operation *op, rt::Step &step,
                     std::string &program) const override {
    auto kernel = cast<lut::KernelOp>(op);
    step.target = "lut-tc";
    step.op = kernel.getKind().str();
    if (auto info = kernel->getAttrOfType<DictionaryAttr>("info")) {
      for (NamedAttribute attr : info) {
        rt::AttrValue v;
        if (auto i = dyn_cast<IntegerAttr>(attr.getValue())) {
          v.kind = rt::AttrValue::Kind::Int;
          v.i = i.getValue().getSExtValue();
        } else if (auto b = dyn_cast<BoolAttr>(attr.getValue())) {
          v.kind = rt::AttrValue::Kind::Int;
          v.i = b.getValue();
        } else if (auto s = dyn_cast<StringAttr>(attr.getValue())) {
          v.kind = rt::AttrValue::Kind::String;
          v.s = s.getValue().str();
        } else {
          continue;
        }
        step.attrs.set(attr.getName().str(), std::move(v));
      }
    }
    rt::AttrValue kind;
    kind.kind = rt::AttrValue::Kind::String;
    kind.s = step.op;
    step.attrs.set("kernel", std::move(kind));
    std::vector<std::vector<rt::lut::Instr>> cores;
    for (Operation &child : kernel.getRegion().front()) {
      auto core = dyn_cast<lut::CoreOp>(child);
      if (!core)
        return child.emitError("only lut.core ops may appear in a lut.kernel");
      size_t id = static_cast<size_t>(core.getId());
      if (cores.size() <= id)
        cores.resize(id + 1);
      if (failed(encodeBlock(core.getRegion().front(), cores[id])))
        return failure();
      cores[id].push_back(rt::lut::encodeSimple(rt::lut::Opcode::Halt));
    }
    // Cores without work still need a (trivial) stream.
    for (auto &stream : cores)
      if (stream.empty())
        stream.push_back(rt::lut::encodeSimple(rt::lut::Opcode::Halt));
    program = rt::lut::buildProgram(cores, kernel.getNumSlots());
    return success();
  }

private:
  static LogicalResult encodeBlock(Block &block,
                                   std::vector<rt::lut::Instr> &out) {
    for (Operation &op : block) {
      if (auto loop = dyn_cast<lut::LoopOp>(op)) {
        out.push_back(
            rt::lut::encodeLoop(static_cast<uint32_t>(loop.getCount())));
        if (failed(encodeBlock(loop.getRegion().front(), out)))
          return failure();
        out.push_back(rt::lut::encodeSimple(rt::lut::Opcode::EndL));
      } else if (auto i = dyn_cast<lut::SetIOp>(op)) {
        out.push_back(
            rt::lut::encodeSetI(static_cast<unsigned>(i.getRd()), i.getImm()));
      } else if (auto i = dyn_cast<lut::AddIOp>(op)) {
        out.push_back(rt::lut::encodeAddI(static_cast<unsigned>(i.getRd()),
                                          static_cast<unsigned>(i.getRs()),
                                          i.getImm()));
      } else if (isa<lut::SyncOp>(op)) {
        out.push_back(rt::lut::encodeSimple(rt::lut::Opcode::Sync));
      } else if (isa<lut::NopOp>(op)) {
        out.push_back(rt::lut::encodeSimple(rt::lut::Opcode::Nop));
      } else if (auto i = dyn_cast<lut::LoadOp>(op)) {
        out.push_back(rt::lut::encodeLoad(i.getFields()));
      } else if (auto i = dyn_cast<lut::StoreOp>(op)) {
        out.push_back(rt::lut::encodeStore(i.getFields()));
      } else if (auto i = dyn_cast<lut::TGenOp>(op)) {
        out.push_back(rt::lut::encodeTGen(i.getFields()));
      } else if (auto i = dyn_cast<lut::LmmaOp>(op)) {
        out.push_back(rt::lut::encodeLmma(i.getFields()));
      } else if (auto i = dyn_cast<lut::EpiOp>(op)) {
        out.push_back(rt::lut::encodeEpi(i.getFields()));
      } else if (op.hasTrait<OpTrait::IsTerminator>()) {
        continue;
      } else {
        return op.emitError("is not a LUT-TC instruction");
      }
    }
    return success();
  }
};

class LutTcTarget final : public TargetBackend {
public:
  llvm::StringRef getName() const override { return "lut-tc"; }
  llvm::StringRef getDescription() const override {
    return "LUT Tensor Core: low-bit-weight GEMMs by table lookup on the "
           "simulator, the rest on the host";
  }

  std::string checkOptions() const override {
    unsigned bits;
    bool ternary;
    rt::lut::ActType act;
    rt::lut::TableType table;
    lut::LutMachine machine;
    if (std::string err = lut::parseBits(lutBits, bits, ternary); !err.empty())
      return "--lut-bits: " + err;
    if (lutGroupSize <= 0)
      return "--lut-group-size must be positive, got " +
             std::to_string(lutGroupSize);
    if (std::string err = lut::parseActType(lutAct, act); !err.empty())
      return "--lut-act: " + err;
    if (std::string err = lut::parseTableType(lutTable, act, table);
        !err.empty())
      return "--lut-table: " + err;
    if (std::string err = lut::loadMachine(lutConfig, lutTile, machine);
        !err.empty())
      return (lutTile.empty() ? "--lut-config: "
                              : "--lut-config/--lut-tile: ") +
             err;
    if (lutGroupSize % machine.config.tile.k != 0)
      return "--lut-group-size " + std::to_string(lutGroupSize) +
             " is not a multiple of the tile's K = " +
             std::to_string(machine.config.tile.k);
    return "";
  }

  void buildPipeline(OpPassManager &pm) const override {
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
    OpPassManager &fpm = pm.nest<func::FuncOp>();
    ConvertOnnxToLutOptions offload;
    offload.groupSize = lutGroupSize;
    offload.config = lutConfig;
    offload.tile = lutTile;
    offload.act = lutAct;
    offload.table = lutTable;
    offload.lutK = tileK();
    fpm.addPass(createConvertOnnxToLut(offload));
    lut::LutQuantizeOptions quantize;
    quantize.bits = lutBits;
    quantize.groupSize = lutGroupSize;
    quantize.lutK = tileK();
    fpm.addPass(lut::createLutQuantize(quantize));
    lut::LutPackOptions pack;
    pack.act = lutAct;
    pack.table = lutTable;
    pack.tile = tileText();
    fpm.addPass(lut::createLutPack(pack));
    fpm.addPass(createCSEPass());
    lut::LutSharePrecomputeOptions share;
    share.share = lutShare;
    share.fuseProducer = lutFuse;
    fpm.addPass(lut::createLutSharePrecompute(share));
    lut::LutTileOptions tiling;
    tiling.config = lutConfig;
    tiling.tile = lutTile;
    fpm.addPass(lut::createLutTile(tiling));
    lut::LutLowerOptions lower;
    lower.config = lutConfig;
    lower.tile = lutTile;
    fpm.addPass(lut::createLutLower(lower));
    pm.addPass(createCanonicalizerPass());
  }

  nlohmann::json getConfig() const override {
    lut::LutMachine machine;
    std::string err = lut::loadMachine(lutConfig, lutTile, machine);
    nlohmann::json j = err.empty() ? machine.json : nlohmann::json::object();
    j["compile"] = {{"bits", lutBits.getValue()},
                    {"group_size", lutGroupSize.getValue()},
                    {"act", lutAct.getValue()},
                    {"table", lutTable.getValue()},
                    {"share_precompute", lutShare.getValue()},
                    {"fuse_producer", lutFuse.getValue()}};
    return j;
  }

  std::unique_ptr<DeviceStepEmitter>
  createEmitter(std::string &err) const override {
    return std::make_unique<LutStepEmitter>();
  }

  LogicalResult serialize(ModuleOp module,
                          rt::KbinWriter &writer) const override {
    lut::LutMachine machine;
    if (std::string err = lut::loadMachine(lutConfig, lutTile, machine);
        !err.empty())
      return module.emitError() << err;
    writer.manifest().targetName = "lut-tc";
    writer.manifest().targetConfig = getConfig();
    LutStepEmitter emitter;
    return serializeHostProgram(module, writer, "main", &emitter);
  }

private:
  /// The tile the passes use: the option, else the configuration's.
  static std::string tileText() {
    lut::LutMachine machine;
    if (!lut::loadMachine(lutConfig, lutTile, machine).empty())
      return lutTile.empty() ? "2x64x4" : lutTile.getValue();
    const rt::lut::TileShape &t = machine.config.tile;
    return std::to_string(t.m) + "x" + std::to_string(t.n) + "x" +
           std::to_string(t.k);
  }
  static unsigned tileK() {
    lut::LutMachine machine;
    if (!lut::loadMachine(lutConfig, lutTile, machine).empty())
      return 4;
    return machine.config.tile.k;
  }
};

} // namespace

void registerLutTcTarget() {
  registerTargetBackend(std::make_unique<LutTcTarget>());
}

} // namespace kiln
