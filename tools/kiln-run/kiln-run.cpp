//===- kiln-run.cpp - run a .kbin on the host and its simulators
//-----------===//
//
//   kiln-run model.kbin --input name=file.npy ... [--output-dir d]
//            [--output-format npy|pb] [--stats stats.json] [--trace t.json]
//            [--repeat N]
//
// MLIR-free: links only the runtime. Every error names what and where and
// exits 1; outputs are written through temporary files.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/Error.h"
#include "kiln/rt/Executor.h"
#include "kiln/rt/Generate.h"
#include "kiln/rt/Kbin.h"
#include "kiln/rt/TensorIO.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace kiln::rt;

static const char *kUsage =
    "usage: kiln-run model.kbin [--input name=file.npy|.pb]... [--output-dir "
    "DIR]\n"
    "                [--output-format npy|pb] [--stats stats.json] [--trace "
    "trace.json]\n"
    "                [--repeat N] [--sweep name=stack.npy] [--quiet]\n"
    "       kiln-run step.kbin --generate N (--prompt TEXT | --prompt-tokens "
    "t.npy)\n"
    "                [--prefill prefill.kbin] [--tokens-out gen.npy] [--stats "
    "s.json]\n"
    "Runs a compiled model: host steps on the reference executor, device "
    "steps on\ntheir simulators. Writes each output as DIR/<name>.npy "
    "(characters outside\n[A-Za-z0-9_.-] replaced by '_').\n"
    "--sweep runs the model once per slice of stack.npy along its first axis "
    "(each\nslice has the input's shape) and stacks each output along a new "
    "first axis;\n--stats then totals seconds and flops over the slices and "
    "gives per-step and\ndevice statistics for the first slice.\n";

/// --generate: the decode loop of kiln/rt/Generate.h.
static int runGenerate(const std::string &model, const std::string &prefillPath,
                       bool havePrompt, const std::string &promptText,
                       const std::string &promptTokens, int64_t steps,
                       const std::string &tokensOut,
                       const std::string &statsPath,
                       const std::string &tracePath, bool quiet) {
  if (havePrompt == !promptTokens.empty())
    fail("--generate needs exactly one of --prompt and --prompt-tokens");
  std::vector<int64_t> prompt;
  if (havePrompt) {
    for (unsigned char c : promptText)
      prompt.push_back(c);
  } else {
    Tensor t = readTensorFile(promptTokens);
    if (t.dtype() != DType::I64 || t.rank() != 1)
      fail("--prompt-tokens: ", promptTokens,
           " must hold int64 [n] token "
           "ids, got ",
           dtypeName(t.dtype()), " ", formatShape(t.shape()));
    prompt.assign(t.data<int64_t>(), t.data<int64_t>() + t.numel());
  }
  Kbin step = Kbin::loadFile(model);
  std::optional<Kbin> prefill;
  if (!prefillPath.empty())
    prefill = Kbin::loadFile(prefillPath);
  Generator gen(step, prefill ? &*prefill : nullptr);
  GenerateStats st;
  st.keepTimeline = !statsPath.empty() || !tracePath.empty();
  std::vector<int64_t> out = gen.run(prompt, steps, &st);
  if (!tracePath.empty())
    writeFileAtomically(tracePath, st.timeline.toChromeTrace().dump() + "\n");
  if (!tokensOut.empty()) {
    Tensor t(DType::I64, {static_cast<int64_t>(out.size())});
    std::memcpy(t.raw(), out.data(), out.size() * sizeof(int64_t));
    writeNpy(tokensOut, t);
  }
  if (!statsPath.empty()) {
    nlohmann::json j;
    j["model"] = model;
    j["prefill"] = prefillPath;
    j["target"] = step.manifest().targetName;
    j["prompt_tokens"] = prompt.size();
    j["generated_tokens"] = out.size();
    j["step_runs"] = st.stepRuns;
    j["prefill_runs"] = st.prefillRuns;
    j["seconds"] = st.seconds;
    j["flops"] = st.flops;
    j["tokens"] = out;
    j["last_step"] = st.lastStep.toJson();
    // Device totals over the whole generation (every run of every step).
    nlohmann::json all = st.timeline.toJson();
    if (all.contains("device"))
      j["device"] = all["device"];
    writeFileAtomically(statsPath, j.dump(1) + "\n");
  }
  if (!quiet) {
    std::string text;
    for (int64_t t : out) {
      if (t == '\n')
        text += "\\n";
      else if (t >= 32 && t < 127)
        text += static_cast<char>(t);
      else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", unsigned(t & 0xFF));
        text += buf;
      }
    }
    std::cout << "generated " << out.size() << " tokens (" << st.stepRuns
              << " step runs" << (st.prefillRuns ? " + prefill" : "") << ", "
              << st.seconds * 1e3 << " ms): " << text << "\n";
  }
  return 0;
}

int main(int argc, char **argv) {
  std::string model, outputDir = ".", format = "npy", statsPath, tracePath;
  std::vector<std::string> inputSpecs;
  std::string sweepSpec, prefillPath, promptText, promptTokens, tokensOut;
  bool havePrompt = false;
  int64_t generate = 0;
  int repeat = 1;
  bool quiet = false;
  try {
    for (int i = 1; i < argc; ++i) {
      std::string arg = argv[i];
      auto value = [&](const char *flag) -> std::string {
        std::string prefix = std::string(flag) + "=";
        if (arg.rfind(prefix, 0) == 0)
          return arg.substr(prefix.size());
        if (i + 1 >= argc)
          fail(flag, " needs a value");
        return argv[++i];
      };
      auto is = [&](const char *flag) {
        return arg == flag || arg.rfind(std::string(flag) + "=", 0) == 0;
      };
      if (arg == "-h" || arg == "--help") {
        std::cout << kUsage;
        return 0;
      } else if (is("--input")) {
        inputSpecs.push_back(value("--input"));
      } else if (is("--sweep")) {
        if (!sweepSpec.empty())
          fail("--sweep may be given once");
        sweepSpec = value("--sweep");
      } else if (is("--output-dir")) {
        outputDir = value("--output-dir");
      } else if (is("--output-format")) {
        format = value("--output-format");
        if (format != "npy" && format != "pb")
          fail("--output-format must be npy or pb, got '", format, "'");
      } else if (is("--stats")) {
        statsPath = value("--stats");
      } else if (is("--trace")) {
        tracePath = value("--trace");
      } else if (is("--repeat")) {
        repeat = std::atoi(value("--repeat").c_str());
        if (repeat < 1)
          fail("--repeat must be a positive integer");
      } else if (is("--generate")) {
        std::string v = value("--generate");
        char *end = nullptr;
        generate = std::strtoll(v.c_str(), &end, 10);
        if (v.empty() || *end || generate < 1)
          fail("--generate must be a positive number of tokens, got '", v, "'");
      } else if (is("--prefill")) {
        prefillPath = value("--prefill");
      } else if (is("--prompt")) {
        promptText = value("--prompt");
        havePrompt = true;
      } else if (is("--prompt-tokens")) {
        promptTokens = value("--prompt-tokens");
      } else if (is("--tokens-out")) {
        tokensOut = value("--tokens-out");
      } else if (arg == "--quiet" || arg == "-q") {
        quiet = true;
      } else if (!arg.empty() && arg[0] == '-') {
        fail("unknown option '", arg, "'\n", kUsage);
      } else if (model.empty()) {
        model = arg;
      } else {
        fail("unexpected argument '", arg, "'");
      }
    }
    if (model.empty())
      fail("no model given\n", kUsage);

    if (generate)
      return runGenerate(model, prefillPath, havePrompt, promptText,
                         promptTokens, generate, tokensOut, statsPath,
                         tracePath, quiet);
    if (!prefillPath.empty() || havePrompt || !promptTokens.empty() ||
        !tokensOut.empty())
      fail("--prefill, --prompt, --prompt-tokens and --tokens-out need "
           "--generate");
    Kbin kbin = Kbin::loadFile(model);
    const Manifest &m = kbin.manifest();
    Executor executor(kbin);

    std::map<std::string, Tensor> inputs;
    for (const std::string &spec : inputSpecs) {
      size_t eq = spec.find('=');
      std::string name, path;
      if (eq == std::string::npos) {
        if (m.inputs.size() != 1)
          fail("--input '", spec,
               "' has no name; use --input name=file "
               "(the model has ",
               m.inputs.size(), " inputs)");
        name = m.tensors[m.inputs[0]].name;
        path = spec;
      } else {
        name = spec.substr(0, eq);
        path = spec.substr(eq + 1);
      }
      if (inputs.count(name))
        fail("input '", name, "' is given twice");
      inputs[name] = readTensorFile(path);
    }

    RunStats stats;
    std::vector<Tensor> outputs;
    std::vector<double> runSeconds;
    if (!sweepSpec.empty()) {
      // One run per slice of the stacked input; outputs are stacked likewise.
      size_t eq = sweepSpec.find('=');
      if (eq == std::string::npos)
        fail("--sweep expects name=stack.npy, got '", sweepSpec, "'");
      std::string name = sweepSpec.substr(0, eq);
      if (inputs.count(name))
        fail("input '", name, "' is given by both --input and --sweep");
      const TensorInfo *info = nullptr;
      for (int64_t id : m.inputs)
        if (m.tensors[id].name == name)
          info = &m.tensors[id];
      if (!info)
        fail("--sweep names '", name, "', which is not an input of the model");
      Tensor stack = readTensorFile(sweepSpec.substr(eq + 1));
      int64_t sliceElems = numElements(info->shape);
      if (stack.rank() < 1 || stack.dtype() != info->dtype ||
          stack.numel() != stack.dim(0) * sliceElems)
        fail("--sweep: ", sweepSpec.substr(eq + 1), " (",
             dtypeName(stack.dtype()), " ", formatShape(stack.shape()),
             ") is not a stack of '", name, "' inputs (",
             dtypeName(info->dtype), " ", formatShape(info->shape), ")");
      int64_t count = stack.dim(0);
      size_t sliceBytes =
          static_cast<size_t>(sliceElems) * dtypeSize(info->dtype);
      for (int64_t k = 0; k < count; ++k) {
        inputs[name] = Tensor::view(info->dtype, info->shape,
                                    static_cast<const char *>(stack.raw()) +
                                        k * sliceBytes);
        RunStats one;
        std::vector<Tensor> result = executor.run(inputs, &one);
        if (k == 0)
          for (const Tensor &t : result) {
            Shape shape = {count};
            shape.insert(shape.end(), t.shape().begin(), t.shape().end());
            outputs.emplace_back(t.dtype(), shape);
          }
        for (size_t i = 0; i < result.size(); ++i)
          std::memcpy(static_cast<char *>(outputs[i].raw()) +
                          k * result[i].bytes(),
                      result[i].raw(), result[i].bytes());
        stats.seconds += one.seconds;
        stats.flops += one.flops;
        // Per-step (and simulated device) statistics describe the first
        // slice; simulated time does not depend on the data.
        if (k == 0)
          stats.steps = one.steps;
        runSeconds.push_back(one.seconds);
      }
      if (count == 0)
        fail("--sweep: the stack is empty");
    } else {
      for (int r = 0; r < repeat; ++r) {
        stats = RunStats();
        outputs = executor.run(inputs, &stats);
        runSeconds.push_back(stats.seconds);
      }
    }

    struct stat st;
    if (::stat(outputDir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      fail("--output-dir '", outputDir, "' is not a directory");
    for (size_t i = 0; i < outputs.size(); ++i) {
      const std::string &name = m.tensors[m.outputs[i]].name;
      std::string path =
          outputDir + "/" + sanitizeFileName(name) + "." + format;
      if (format == "npy")
        writeNpy(path, outputs[i]);
      else
        writeOnnxPb(path, outputs[i], name);
      if (!quiet)
        std::cout << name << ": " << dtypeName(outputs[i].dtype()) << " "
                  << formatShape(outputs[i].shape()) << " -> " << path << "\n";
    }
    if (!statsPath.empty()) {
      nlohmann::json j = stats.toJson();
      j["model"] = model;
      j["target"] = m.targetName;
      j["repeat"] = repeat;
      j["program_steps"] = m.program.size();
      j["runs"] = runSeconds.size();
      j["run_seconds"] = runSeconds;
      std::vector<double> sorted = runSeconds;
      std::sort(sorted.begin(), sorted.end());
      j["median_seconds"] = sorted[sorted.size() / 2];
      writeFileAtomically(statsPath, j.dump(1) + "\n");
    }
    if (!tracePath.empty())
      writeFileAtomically(tracePath, stats.toChromeTrace().dump() + "\n");
    if (!quiet)
      std::cout << "ran " << m.program.size() << " steps"
                << (runSeconds.size() > 1 && !sweepSpec.empty()
                        ? " x " + std::to_string(runSeconds.size()) + " runs"
                        : "")
                << " in " << stats.seconds * 1e3 << " ms, " << stats.flops
                << " floating-point operations\n";
    return 0;
  } catch (const std::exception &e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
