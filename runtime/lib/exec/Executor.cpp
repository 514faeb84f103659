//===- Executor.cpp - runs a .kbin program
//---------------------------------===//

#include "kiln/rt/Executor.h"

#include "kiln/rt/Device.h"
#include "kiln/rt/Error.h"
#include "kiln/rt/FlopRules.h"
#include "kiln/rt/Kernel.h"
#include "kiln/rt/TensorIO.h"

#include <chrono>
#include <limits>
#include <set>
#include <string_view>
#include <unordered_set>

namespace kiln::rt {

using json = nlohmann::json;

json RunStats::toJson() const {
  json steps_ = json::array();
  json ops = json::object();
  std::map<std::string, std::vector<json>> deviceSteps; // by target
  for (const StepStats &s : steps) {
    json e = {{"kind", s.kind},
              {"op", s.op},
              {"name", s.name},
              {"seconds", s.seconds},
              {"flops", s.flops}};
    if (s.kind == "device") {
      e["target"] = s.target;
      if (!s.device.is_null()) {
        e["device"] = s.device;
        deviceSteps[s.target].push_back(s.device);
      }
    }
    steps_.push_back(std::move(e));
    json &entry = ops[s.op];
    if (entry.is_null())
      entry = {{"count", 0}, {"seconds", 0.0}, {"flops", 0}};
    entry["count"] = entry["count"].get<int64_t>() + 1;
    entry["seconds"] = entry["seconds"].get<double>() + s.seconds;
    entry["flops"] = entry["flops"].get<uint64_t>() + s.flops;
  }
  json j = {
      {"seconds", seconds}, {"flops", flops}, {"steps", steps_}, {"ops", ops}};
  // A .kbin has one device target; should there be several, the summaries
  // go under their target names.
  json device = json::object();
  for (const auto &[target, list] : deviceSteps) {
    const DeviceSimulator *sim = findDevice(target);
    json summary = sim ? sim->summarize(list) : json::object();
    if (deviceSteps.size() == 1)
      device = summary;
    else
      device[target] = summary;
  }
  if (!deviceSteps.empty())
    j["device"] = device;
  return j;
}

json RunStats::toChromeTrace() const {
  json events = json::array();
  // Device steps that report phases ([channel, rank, name, start, end] in
  // cycles of tck_ns) get one track per channel/rank in a process of their
  // own, in simulated time from the step's start.
  std::set<std::pair<int64_t, int64_t>> tracks;
  for (const StepStats &s : steps) {
    if (!s.device.is_object() || !s.device.contains("phases") ||
        !s.device["phases"].is_array())
      continue;
    double tck = s.device.value("tck_ns", 0.0);
    for (const json &p : s.device["phases"]) {
      if (!p.is_array() || p.size() != 5)
        continue;
      int64_t ch = p[0].get<int64_t>(), rank = p[1].get<int64_t>();
      int64_t tid = ch * 8 + rank;
      tracks.insert({tid, ch});
      double start = p[3].get<double>(), end = p[4].get<double>();
      events.push_back({{"name", p[2]},
                        {"cat", s.target},
                        {"ph", "X"},
                        {"ts", s.startSeconds * 1e6 + start * tck * 1e-3},
                        {"dur", (end - start) * tck * 1e-3},
                        {"pid", 2},
                        {"tid", tid},
                        {"args", {{"step", s.name}, {"cycles", end - start}}}});
    }
  }
  if (!tracks.empty()) {
    events.push_back({{"name", "process_name"},
                      {"ph", "M"},
                      {"pid", 2},
                      {"args", {{"name", "dimm-pim (simulated time)"}}}});
    for (const auto &[tid, ch] : tracks)
      events.push_back({{"name", "thread_name"},
                        {"ph", "M"},
                        {"pid", 2},
                        {"tid", tid},
                        {"args",
                         {{"name", "channel " + std::to_string(ch) + " rank " +
                                       std::to_string(tid - ch * 8)}}}});
  }
  for (const StepStats &s : steps)
    events.push_back(
        {{"name", s.op},
         {"cat", s.kind},
         {"ph", "X"},
         {"ts", s.startSeconds * 1e6},
         {"dur", s.seconds * 1e6},
         {"pid", 1},
         {"tid", s.kind == "host" ? 1 : 2},
         {"args", s.device.is_object() && s.device.contains("cycles")
                      ? json{{"name", s.name},
                             {"flops", s.flops},
                             {"device_cycles", s.device["cycles"]}}
                      : json{{"name", s.name}, {"flops", s.flops}}}});
  return {{"traceEvents", events}, {"displayTimeUnit", "ms"}};
}

/// Ops whose output is the input's bytes under a new shape: the executor
/// aliases instead of copying.
/// The FLOPs of a host step by the shared rules (kiln/rt/FlopRules.h), from
/// the shapes and types of what it read and wrote; ops without a static rule
/// keep what their kernel counted.
static uint64_t stepFlops(const Manifest &m, const Step &step,
                          const std::vector<Tensor> &values,
                          uint64_t kernelFlops) {
  if (!hasStaticFlopRule(step.op))
    return kernelFlops;
  std::vector<const Tensor *> ins;
  for (int64_t id : step.inputs)
    ins.push_back(id >= 0 ? &values[id] : nullptr);
  std::vector<FlopOperand> outs;
  for (int64_t id : step.outputs) {
    FlopOperand o;
    if (id >= 0) {
      o.shape = m.tensors[id].shape;
      o.isFloat = isFloat(m.tensors[id].dtype);
    } else {
      o.present = false;
    }
    outs.push_back(std::move(o));
  }
  return hostStepFlops(step.op, ins, outs, step.attrs, kernelFlops);
}

static bool isViewOp(const Step &step) {
  return step.kind == Step::Kind::Host &&
         (step.op == "Reshape" || step.op == "Flatten" ||
          step.op == "Squeeze" || step.op == "Unsqueeze" ||
          step.op == "Identity");
}

/// Host ops whose kernels write every element of every output they produce
/// (checked kernel by kernel: elementwise maps, broadcasting binaries, copies,
/// reductions into separate accumulators, gemm with beta = 0 or a C copied in
/// first, pooling and normalization). Their outputs are allocated without
/// zero-filling. Every other op keeps zeroed outputs, in case its kernel
/// writes only part of them (padding of LSTM's Y, Pad, scatter-style ops).
static bool writesWholeOutput(const Step &step) {
  static const std::unordered_set<std::string_view> ops = {
      // Elementwise.cpp
      "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Reciprocal", "Floor", "Ceil",
      "Round", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh",
      "Softplus", "Softsign", "HardSwish", "Relu", "Erf", "Sign", "Abs", "Neg",
      "Not", "LeakyRelu", "Elu", "Celu", "ThresholdedRelu", "Selu",
      "HardSigmoid", "IsNaN", "IsInf", "Add", "Sub", "Mul", "Div", "Pow", "Mod",
      "PRelu", "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual",
      "And", "Or", "Xor", "Max", "Min", "Sum", "Mean", "Where", "Clip", "Cast",
      "CastLike",
      // DataMovement.cpp
      "Transpose", "Concat", "Split", "Slice", "Gather", "Expand",
      // Reduction.cpp
      "ReduceSum", "ReduceSumSquare", "ReduceL1", "ReduceProd", "ReduceMax",
      "ReduceMin", "ReduceMean", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp",
      "Softmax", "LogSoftmax",
      // NN.cpp
      "MatMul", "Gemm", "Conv", "ConvTranspose", "MaxPool", "AveragePool",
      "GlobalAveragePool", "GlobalMaxPool", "BatchNormalization",
      "InstanceNormalization", "LayerNormalization"};
  return step.kind == Step::Kind::Host && ops.count(step.op) != 0;
}

/// Whether step i + 1 is a Relu / Clip that may run fused into step i (a
/// Conv): it reads step i's single f32 output, which no other step reads and
/// which is not a graph output, and Clip's bounds are f32 scalars already
/// known. Fills `act` with what the Relu / Clip kernel would compute.
static bool fusableActivation(const Manifest &m,
                              const std::vector<int64_t> &lastUse,
                              const std::vector<Tensor> &values, size_t i,
                              FusedActivation &act) {
  if (i + 1 >= m.program.size())
    return false;
  const Step &step = m.program[i], &next = m.program[i + 1];
  if (step.kind != Step::Kind::Host || next.kind != Step::Kind::Host ||
      step.op != "Conv" || (next.op != "Relu" && next.op != "Clip"))
    return false;
  if (step.outputs.size() != 1 || next.outputs.size() != 1 ||
      next.inputs.empty() || step.outputs[0] < 0 || next.outputs[0] < 0 ||
      next.inputs[0] != step.outputs[0])
    return false;
  const int64_t id = step.outputs[0];
  if (lastUse[id] != static_cast<int64_t>(i + 1) ||
      m.tensors[id].kind != TensorKind::Value ||
      m.tensors[id].dtype != DType::F32 ||
      m.tensors[next.outputs[0]].dtype != DType::F32 ||
      m.tensors[next.outputs[0]].shape != m.tensors[id].shape)
    return false;
  for (size_t k = 1; k < next.inputs.size(); ++k)
    if (next.inputs[k] == id)
      return false;
  if (next.op == "Relu") {
    if (next.inputs.size() != 1)
      return false;
    act.kind = FusedActivation::Kind::Relu;
    return true;
  }
  if (next.inputs.size() > 3)
    return false;
  act.kind = FusedActivation::Kind::Clip;
  act.lo = -std::numeric_limits<float>::infinity();
  act.hi = std::numeric_limits<float>::infinity();
  for (size_t k = 1; k < next.inputs.size(); ++k) {
    if (next.inputs[k] < 0)
      continue;
    const Tensor &t = values[next.inputs[k]];
    if (!t.valid() || t.dtype() != DType::F32 || t.numel() != 1)
      return false; // the Clip kernel reports what is wrong
    (k == 1 ? act.lo : act.hi) = t.data<float>()[0];
  }
  return true;
}

Executor::Executor(const Kbin &kbin) : kbin_(kbin) {
  registerAllHostKernels();
  registerAllDevices();
  const Manifest &m = kbin.manifest();
  std::set<std::string> missing;
  devicePrograms_.resize(m.program.size());
  for (size_t i = 0; i < m.program.size(); ++i) {
    const Step &s = m.program[i];
    if (s.kind == Step::Kind::Device) {
      const DeviceSimulator *sim = findDevice(s.target);
      if (!sim)
        fail("program[", i, "]: no simulator for device target '", s.target,
             "' in this runtime");
      // Parse and validate every program once, before anything runs.
      try {
        devicePrograms_[i] =
            sim->load(m, i, kbin.blobData(s.programBlob),
                      static_cast<size_t>(m.blobs[s.programBlob].size));
      } catch (const Error &e) {
        fail("program[", i, "]: ", e.what());
      }
      continue;
    }
    if (!KernelRegistry::instance().find(s.op))
      missing.insert(s.op);
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string &op : missing)
      list += (list.empty() ? "" : ", ") + op;
    fail("the host executor has no kernel for: ", list);
  }
  lastUse_.assign(m.tensors.size(), -1);
  for (size_t i = 0; i < m.program.size(); ++i)
    for (int64_t id : m.program[i].inputs)
      if (id >= 0)
        lastUse_[id] = static_cast<int64_t>(i);
  for (int64_t id : m.outputs)
    lastUse_[id] = static_cast<int64_t>(m.program.size());
}

std::vector<Tensor> Executor::run(const std::map<std::string, Tensor> &inputs,
                                  RunStats *stats) const {
  const Manifest &m = kbin_.manifest();
  prepareWorkers();
  std::vector<Tensor> values(m.tensors.size());

  // Bind and check inputs.
  std::set<std::string> expected;
  for (int64_t id : m.inputs) {
    const TensorInfo &info = m.tensors[id];
    expected.insert(info.name);
    auto it = inputs.find(info.name);
    if (it == inputs.end())
      fail("missing input '", info.name, "' (", dtypeName(info.dtype), " ",
           formatShape(info.shape), ")");
    Tensor t = it->second;
    // NumPy has no bfloat16: bf16 inputs may come as their u16 bit patterns
    // (the ONNX test data stores them so).
    if (info.dtype == DType::BF16 && t.dtype() == DType::U16)
      t = t.bitcast(DType::BF16);
    if (t.dtype() != info.dtype)
      fail("input '", info.name, "' has dtype ", dtypeName(t.dtype()),
           ", the model expects ", dtypeName(info.dtype));
    if (t.shape() != info.shape)
      fail("input '", info.name, "' has shape ", formatShape(t.shape()),
           ", the model expects ", formatShape(info.shape));
    values[id] = t;
  }
  for (const auto &[name, t] : inputs)
    if (!expected.count(name)) {
      std::string list;
      for (const std::string &e : expected)
        list += (list.empty() ? "'" : ", '") + e + "'";
      fail("unknown input '", name, "'; the model's inputs are ", list);
    }
  for (size_t id = 0; id < m.tensors.size(); ++id)
    if (m.tensors[id].kind == TensorKind::Constant)
      values[id] = kbin_.constant(static_cast<int64_t>(id));

  using Clock = std::chrono::steady_clock;
  if (stats)
    stats->steps.reserve(stats->steps.size() + m.program.size());
  auto start = Clock::now();
  uint64_t totalFlops = 0;
  // A Relu / Clip already applied by the step before it (a Conv): its output
  // is that step's output.
  bool activationDone = false;
  FusedActivation activation;
  for (size_t i = 0; i < m.program.size(); ++i) {
    const Step &step = m.program[i];
    auto stepStart = Clock::now();
    if (step.kind == Step::Kind::Device) {
      std::vector<const Tensor *> ins;
      std::vector<Tensor *> outs;
      for (int64_t id : step.inputs)
        ins.push_back(id >= 0 ? &values[id] : nullptr);
      for (int64_t id : step.outputs) {
        if (id >= 0)
          values[id] = Tensor(m.tensors[id].dtype, m.tensors[id].shape);
        outs.push_back(id >= 0 ? &values[id] : nullptr);
      }
      const DeviceProgram &prog = *devicePrograms_[i];
      json device;
      try {
        device = prog.run(ins, outs);
      } catch (const Error &e) {
        fail("program[", i, "]: ", e.what());
      }
      auto stepEnd = Clock::now();
      totalFlops += prog.flops();
      if (stats) {
        StepStats st{"device",
                     step.op.empty() ? step.target : step.op,
                     step.name,
                     std::chrono::duration<double>(stepStart - start).count(),
                     std::chrono::duration<double>(stepEnd - stepStart).count(),
                     prog.flops(),
                     step.target,
                     std::move(device)};
        stats->steps.push_back(std::move(st));
      }
      for (int64_t id : step.inputs)
        if (id >= 0 && lastUse_[id] == static_cast<int64_t>(i) &&
            m.tensors[id].kind == TensorKind::Value)
          values[id] = Tensor();
      continue;
    }
    KernelContext ctx;
    ctx.op = step.op;
    ctx.name = step.name;
    ctx.attrs = &step.attrs;
    for (int64_t id : step.inputs)
      ctx.inputs.push_back(id >= 0 ? &values[id] : nullptr);
    if (activationDone) {
      activationDone = false;
      values[step.outputs[0]] = values[step.inputs[0]];
      // The activation's FLOPs are counted below by its rule (its time went
      // into the step before).
    } else if (isViewOp(step) && !step.inputs.empty() && step.inputs[0] >= 0 &&
               step.outputs.size() == 1 && step.outputs[0] >= 0) {
      const TensorInfo &out = m.tensors[step.outputs[0]];
      const Tensor &in = values[step.inputs[0]];
      if (in.dtype() != out.dtype)
        ctx.fail("output dtype ", dtypeName(out.dtype), " differs from input ",
                 dtypeName(in.dtype()));
      values[step.outputs[0]] = in.reshaped(out.shape);
    } else {
      const bool uninitialized = writesWholeOutput(step);
      for (int64_t id : step.outputs) {
        if (id >= 0)
          values[id] = uninitialized
                           ? Tensor::uninitialized(m.tensors[id].dtype,
                                                   m.tensors[id].shape)
                           : Tensor(m.tensors[id].dtype, m.tensors[id].shape);
        ctx.outputs.push_back(id >= 0 ? &values[id] : nullptr);
      }
      if (fusableActivation(m, lastUse_, values, i, activation))
        ctx.activation = &activation;
      const KernelFn *kernel = KernelRegistry::instance().find(step.op);
      try {
        (*kernel)(ctx);
      } catch (const Error &e) {
        fail("program[", i, "]: ", e.what());
      }
      activationDone = ctx.activation && ctx.activationApplied;
    }
    auto stepEnd = Clock::now();
    ctx.flops = stepFlops(m, step, values, ctx.flops);
    totalFlops += ctx.flops;
    if (stats)
      stats->steps.push_back(
          {"host", step.op, step.name,
           std::chrono::duration<double>(stepStart - start).count(),
           std::chrono::duration<double>(stepEnd - stepStart).count(),
           ctx.flops, "", nullptr});
    // Free what no later step reads.
    for (int64_t id : step.inputs)
      if (id >= 0 && lastUse_[id] == static_cast<int64_t>(i) &&
          m.tensors[id].kind == TensorKind::Value)
        values[id] = Tensor();
  }
  if (stats) {
    stats->seconds =
        std::chrono::duration<double>(Clock::now() - start).count();
    stats->flops = totalFlops;
  }
  std::vector<Tensor> outputs;
  for (int64_t id : m.outputs)
    outputs.push_back(values[id]);
  return outputs;
}

std::string runSampleBatches(
    std::shared_ptr<const std::string> kbinBytes,
    const std::string &samplesPath, int64_t limit,
    const std::function<std::string(const std::vector<Tensor> &)> &consume,
    int64_t *used, int64_t *given) {
  try {
    Kbin kbin = Kbin::loadBytes(std::move(kbinBytes), "in-memory program");
    Executor executor(kbin);
    const Manifest &m = kbin.manifest();
    if (m.inputs.size() != 1)
      fail("the program has ", m.inputs.size(),
           " inputs; sample batches feed exactly one");
    const TensorInfo &input = m.tensors[m.inputs[0]];
    if (input.shape.empty())
      fail("input '", input.name, "' is a scalar; it has no batch axis");
    Tensor samples = readTensorFile(samplesPath);
    const Shape &s = samples.shape();
    Shape sample(input.shape.begin() + 1, input.shape.end());
    if (samples.dtype() != input.dtype || s.empty() ||
        Shape(s.begin() + 1, s.end()) != sample)
      fail(samplesPath, ": expected ", dtypeName(input.dtype),
           " samples of shape N x ", formatShape(sample), " for input '",
           input.name, "' (", formatShape(input.shape), "), got ",
           dtypeName(samples.dtype()), " ", formatShape(s));
    const int64_t batch = input.shape[0];
    int64_t count = s[0];
    if (limit > 0)
      count = std::min(count, limit);
    if (given)
      *given = count;
    if (count < batch || batch <= 0)
      fail(samplesPath, ": ", count, " sample(s), but the model's batch is ",
           batch, "; give at least one full batch");
    const int64_t runs = count / batch;
    const size_t batchBytes = samples.bytes() / s[0] * batch;
    for (int64_t r = 0; r < runs; ++r) {
      Tensor slice = Tensor::view(input.dtype, input.shape,
                                  static_cast<const char *>(samples.raw()) +
                                      r * batchBytes);
      std::string err = consume(executor.run({{input.name, slice}}));
      if (!err.empty())
        return err;
    }
    if (used)
      *used = runs * batch;
    return "";
  } catch (const std::exception &e) {
    return e.what();
  }
}

} // namespace kiln::rt
