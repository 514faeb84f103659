//===- PimDevice.cpp - the dimm-pim simulator in the device registry ------===//
//
// A dimm-pim device step is one decode-attention kernel: inputs q, K cache,
// V cache, lengths; output the attention [B, H, 1, d]. The loaded program
// owns its Machine, whose DIMMs keep the cache between launches (a decode
// loop writes one token per step).
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/Device.h"
#include "kiln/rt/Error.h"
#include "kiln/rt/PimKernel.h"
#include "kiln/rt/PimSimulator.h"

#include <mutex>

namespace kiln::rt {

namespace {

using json = nlohmann::json;
using namespace pim;

/// The machine configuration: the manifest's target config, or its
/// "dimm-pim" member when the config holds several targets'.
PimConfig configOf(const Manifest &m) {
  const json &cfg = deviceConfigOf(m, kTargetName);
  if (!cfg.is_object() || !cfg.contains("dram"))
    fail("dimm-pim: the manifest's target config holds no machine "
         "configuration (configs/dimm-pim/*.json)");
  return PimConfig::fromJson(cfg);
}

class PimProgram final : public DeviceProgram {
public:
  PimProgram(PimConfig cfg, Kernel kernel, std::string name)
      : machine_(std::move(cfg), std::move(kernel)), name_(std::move(name)) {}

  json run(const std::vector<const Tensor *> &in,
           const std::vector<Tensor *> &out) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    LaunchStats st = machine_.run(*in[0], *in[1], *in[2], *in[3], *out[0]);
    return st.toJson(machine_.config());
  }

  uint64_t flops() const override {
    const AttentionPlan &p = machine_.kernel().plan;
    // q.K and S.V over the whole capacity: 2 x 2 flops per element.
    return 4ull * p.batch * p.kvHeads * p.group * p.capacity * p.headDim;
  }

private:
  mutable std::mutex mutex_;
  mutable Machine machine_;
  std::string name_;
};

void expectShape(const std::string &name, const char *what, const TensorInfo &t,
                 std::initializer_list<DType> dtypes, const Shape &want) {
  bool ok = false;
  for (DType d : dtypes)
    ok |= t.dtype == d;
  if (!ok || t.shape != want)
    fail("dimm-pim step '", name, "': ", what, " '", t.name, "' is ",
         dtypeName(t.dtype), formatShape(t.shape), ", the kernel's plan needs ",
         formatShape(want));
}

class PimDevice final : public DeviceSimulator {
public:
  std::shared_ptr<const DeviceProgram> load(const Manifest &m, size_t i,
                                            const uint8_t *blob,
                                            size_t size) const override {
    const Step &s = m.program[i];
    std::string name = deviceStepLabel(m, i);
    PimConfig cfg = configOf(m);
    Kernel k = readKernel(blob, size, name);
    validateKernel(k, cfg, name);
    if (s.inputs.size() != 4 || s.outputs.size() != 1)
      fail("dimm-pim step '", name,
           "': takes q, K, V and lengths and gives "
           "one output; it has ",
           s.inputs.size(), " inputs and ", s.outputs.size(), " outputs");
    for (int64_t id : s.inputs)
      if (id < 0)
        fail("dimm-pim step '", name, "': every input is required");
    const AttentionPlan &p = k.plan;
    const int64_t B = p.batch, H = int64_t(p.kvHeads) * p.group,
                  Hkv = p.kvHeads, C = p.capacity, d = p.headDim;
    expectShape(name, "q", m.tensors[s.inputs[0]], {DType::F32, DType::F16},
                {B, H, 1, d});
    expectShape(name, "K", m.tensors[s.inputs[1]], {DType::F32, DType::F16},
                {B, Hkv, C, d});
    expectShape(name, "V", m.tensors[s.inputs[2]], {DType::F32, DType::F16},
                {B, Hkv, C, d});
    expectShape(name, "lengths", m.tensors[s.inputs[3]], {DType::I64}, {B});
    if (s.outputs[0] < 0)
      fail("dimm-pim step '", name, "': its output is required");
    expectShape(name, "output", m.tensors[s.outputs[0]], {DType::F32},
                {B, H, 1, d});
    return std::make_shared<PimProgram>(std::move(cfg), std::move(k), name);
  }

  json disassemble(const Step &step, const uint8_t *blob,
                   size_t size) const override {
    Kernel k = readKernel(blob, size, step.name);
    json cores = json::array();
    for (const KernelStream &s : k.streams) {
      json lines = json::array();
      lines.push_back("; channel " + std::to_string(s.channel) + " rank " +
                      std::to_string(s.rank));
      for (const KernelBlock &b : s.blocks) {
        lines.push_back(b.kind == uint32_t(BlockKind::Round)
                            ? "; round: group " + std::to_string(b.group) +
                                  ", chunks from " + std::to_string(b.chunk) +
                                  " (issued when the group reaches it)"
                            : "; group " + std::to_string(b.group) +
                                  " (always)");
        for (uint64_t c = b.first; c < b.first + b.count; ++c)
          lines.push_back(formatCommand(s.commands[c]));
      }
      cores.push_back(lines);
    }
    const AttentionPlan &p = k.plan;
    return {{"plan",
             {{"batch", p.batch},
              {"kv_heads", p.kvHeads},
              {"group", p.group},
              {"capacity", p.capacity},
              {"head_dim", p.headDim},
              {"chunk", p.chunk},
              {"layout", layoutName(Layout(p.layout))},
              {"spread", p.spread},
              {"scale", p.scale}}},
            {"cores", cores}};
  }

  json summarize(const std::vector<json> &steps) const override {
    json sum = {{"launches", steps.size()}};
    uint64_t cycles = 0, commands = 0, toPim = 0, fromPim = 0, appended = 0,
             resident = 0;
    double seconds = 0, energy = 0;
    for (const json &s : steps) {
      cycles += s.value("cycles", uint64_t(0));
      commands += s.value("commands", uint64_t(0));
      toPim += s.value("bytes_to_pim", uint64_t(0));
      fromPim += s.value("bytes_from_pim", uint64_t(0));
      appended += s.value("tokens_appended", uint64_t(0));
      resident += s.value("tokens_resident", uint64_t(0));
      seconds += s.value("seconds", 0.0);
      if (s.contains("energy_pj"))
        energy += s["energy_pj"].value("total", 0.0);
    }
    sum["cycles"] = cycles;
    sum["seconds"] = seconds;
    sum["commands"] = commands;
    sum["bytes_to_pim"] = toPim;
    sum["bytes_from_pim"] = fromPim;
    sum["tokens_appended"] = appended;
    sum["tokens_resident"] = resident;
    sum["energy_pj"] = energy;
    return sum;
  }
};

} // namespace

void registerPimDevice() {
  registerDevice(kTargetName, std::make_shared<PimDevice>());
}

} // namespace kiln::rt
