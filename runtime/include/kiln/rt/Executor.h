//===- Executor.h - runs a .kbin program ------------------------*- C++ -*-===//
//
// Executes the program of a loaded .kbin step by step: host steps through the
// host kernels, device steps through the simulator registered for their
// target. Inputs are checked against the manifest (names, dtypes, shapes)
// before anything runs; intermediates are freed after their last use.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_EXECUTOR_H
#define KILN_RT_EXECUTOR_H

#include "kiln/rt/Kbin.h"
#include "kiln/rt/Tensor.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kiln::rt {

class DeviceProgram;

struct StepStats {
  std::string kind; // "host" or "device"
  std::string op;
  std::string name;
  double startSeconds = 0; // since the start of the run (host wall time)
  double seconds = 0;
  uint64_t flops = 0;
  std::string target;    // device steps: their target
  nlohmann::json device; // device steps: the simulator's statistics
};

struct RunStats {
  double seconds = 0;
  uint64_t flops = 0;
  std::vector<StepStats> steps;
  /// {"seconds", "flops", "steps": [...], "ops": {op: {count, seconds,
  /// flops}}}; with device steps also each step's "device" statistics and a
  /// run-level "device" summary made by the target's simulator.
  nlohmann::json toJson() const;
  /// Chrome trace-event JSON (chrome://tracing, Perfetto).
  nlohmann::json toChromeTrace() const;
};

class Executor {
public:
  /// Checks that every step can run here: a host kernel exists, or a device
  /// simulator that loads (parses and validates) the step's program.
  explicit Executor(const Kbin &kbin);

  /// Runs the program. `inputs` maps graph input names to tensors; every
  /// input must be given with the manifest's dtype and shape. Returns the
  /// graph outputs in manifest order.
  std::vector<Tensor> run(const std::map<std::string, Tensor> &inputs,
                          RunStats *stats = nullptr) const;

private:
  const Kbin &kbin_;
  std::vector<int64_t> lastUse_; // per tensor: last step reading it
  // Per step: the loaded program of a device step (null for host steps).
  std::vector<std::shared_ptr<const DeviceProgram>> devicePrograms_;
};

/// Runs a program over a stack of samples without throwing, for callers
/// built without exceptions (the compiler's calibration passes): loads the
/// .kbin from `kbinBytes`, reads `samplesPath` (.npy/.pb; its first axis
/// counts samples of the first input's shape without the batch axis), and
/// runs whole batches of that input's manifest batch size over at most
/// `limit` samples (0 = all), handing each batch's outputs to `consume`
/// (which returns "" or an error). Returns "" or a message naming the file
/// and what is wrong; `used`/`given` receive the sample counts.
std::string runSampleBatches(
    std::shared_ptr<const std::string> kbinBytes,
    const std::string &samplesPath, int64_t limit,
    const std::function<std::string(const std::vector<Tensor> &)> &consume,
    int64_t *used = nullptr, int64_t *given = nullptr);

} // namespace kiln::rt

#endif // KILN_RT_EXECUTOR_H
