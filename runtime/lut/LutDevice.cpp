//===- LutDevice.cpp - the lut-tc simulator in the device registry
//---------===//

#include "kiln/rt/Device.h"
#include "kiln/rt/Error.h"
#include "kiln/rt/LutSimulator.h"
#include "kiln/rt/LutStep.h"

namespace kiln::rt {

namespace {

using json = nlohmann::json;

/// The machine configuration: the manifest's target config, or its
/// "lut-tc" member when the config holds several targets'.
lut::LutConfig configOf(const Manifest &m) {
  const json &cfg = deviceConfigOf(m, lut::kTargetName);
  if (!cfg.is_object() || cfg.empty())
    fail("lut-tc: the manifest's target config is empty; it must hold the "
         "machine configuration (configs/lut-tc/default.json)");
  return lut::LutConfig::fromJson(cfg);
}

class LutProgram final : public DeviceProgram {
public:
  LutProgram(lut::LutConfig cfg, lut::Program program, std::string name,
             std::optional<lut::GemmDesc> gemm,
             std::vector<std::string> slotNames)
      : sim_(std::move(cfg)), program_(std::move(program)),
        name_(std::move(name)), gemm_(std::move(gemm)),
        slotNames_(std::move(slotNames)) {}

  json run(const std::vector<const Tensor *> &inputs,
           const std::vector<Tensor *> &outputs) const override {
    lut::LaunchStats st =
        sim_.run(program_, name_, lut::slotsOf(inputs, outputs, slotNames_));
    return lut::stepStatsJson(st, gemm_ ? &*gemm_ : nullptr, sim_.config());
  }

  uint64_t flops() const override {
    if (!gemm_ || gemm_->kernel != lut::kKernelMpGemm)
      return 0;
    return 2 * static_cast<uint64_t>(gemm_->m) * gemm_->n * gemm_->k;
  }

private:
  lut::Simulator sim_;
  lut::Program program_;
  std::string name_;
  std::optional<lut::GemmDesc> gemm_;
  std::vector<std::string> slotNames_;
};

class LutDevice final : public DeviceSimulator {
public:
  std::shared_ptr<const DeviceProgram> load(const Manifest &m, size_t i,
                                            const uint8_t *blob,
                                            size_t size) const override {
    const Step &s = m.program[i];
    std::string name = deviceStepLabel(m, i);
    lut::LutConfig cfg = configOf(m);
    lut::ProgramLimits limits;
    limits.config = &cfg;
    limits.numInputs = static_cast<int64_t>(s.inputs.size());
    limits.numOutputs = static_cast<int64_t>(s.outputs.size());
    lut::Program p = lut::parseProgram(blob, size, name, limits);
    std::optional<lut::GemmDesc> gemm = lut::GemmDesc::fromAttrs(s.attrs, name);
    std::vector<std::string> names;
    for (int64_t id : s.inputs)
      names.push_back(id >= 0 ? m.tensors[id].name : "(absent)");
    for (int64_t id : s.outputs)
      names.push_back(id >= 0 ? m.tensors[id].name : "(absent)");
    return std::make_shared<LutProgram>(std::move(cfg), std::move(p), name,
                                        std::move(gemm), std::move(names));
  }

  json disassemble(const Step &step, const uint8_t *blob,
                   size_t size) const override {
    lut::Program p = lut::readProgram(blob, size, step.name);
    json cores = json::array();
    for (const auto &stream : p.cores)
      cores.push_back(lut::disassembleStream(stream));
    return {{"num_slots", p.numSlots}, {"cores", cores}};
  }

  json summarize(const std::vector<json> &steps) const override {
    return lut::summarizeSteps(steps);
  }
};

} // namespace

void registerLutDevice() {
  registerDevice(lut::kTargetName, std::make_shared<LutDevice>());
}

} // namespace kiln::rt
