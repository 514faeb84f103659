//===- Device.h - device simulators the executor can run --------*- C++ -*-===//
//
// A device step of a .kbin runs on the simulator registered for its target
// ("lut-tc", ...). The executor asks the simulator to load every device
// step's program once, before anything runs (parse and validate against the
// manifest: target config, the step's operands), and runs the loaded
// program per launch; the simulator returns its statistics as JSON.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_DEVICE_H
#define KILN_RT_DEVICE_H

#include "kiln/rt/Kbin.h"
#include "kiln/rt/Tensor.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::rt {

/// One device step's program, validated and ready to run.
class DeviceProgram {
public:
  virtual ~DeviceProgram() = default;
  /// Runs one launch. `inputs` are the step's inputs, `outputs` its outputs,
  /// allocated (zero-filled) by the executor with the manifest's dtypes and
  /// shapes. Returns the step's statistics; throws Error on a fault.
  virtual nlohmann::json run(const std::vector<const Tensor *> &inputs,
                             const std::vector<Tensor *> &outputs) const = 0;
  /// Floating-point operations the step stands for (2 per multiply-add of
  /// its GEMM), 0 when unknown.
  virtual uint64_t flops() const { return 0; }
};

class DeviceSimulator {
public:
  virtual ~DeviceSimulator() = default;
  /// Parses and validates the program blob of step `stepIndex`; throws
  /// Error naming the step, instruction and constraint.
  virtual std::shared_ptr<const DeviceProgram> load(const Manifest &manifest,
                                                    size_t stepIndex,
                                                    const uint8_t *blob,
                                                    size_t size) const = 0;
  /// Validation only (load, then drop the result).
  void validate(const Manifest &manifest, size_t stepIndex, const uint8_t *blob,
                size_t size) const {
    load(manifest, stepIndex, blob, size);
  }
  /// A listing for tools, without validating beyond the blob's structure:
  /// {"cores": [[line, ...], ...], ...}; null when not supported.
  virtual nlohmann::json disassemble(const Step &step, const uint8_t *blob,
                                     size_t size) const {
    return nullptr;
  }
  /// The run's "device" summary over the JSONs its programs returned.
  virtual nlohmann::json
  summarize(const std::vector<nlohmann::json> &steps) const {
    return nlohmann::json::object();
  }
};

/// A step's name for messages ("program[3]" when it has none).
std::string deviceStepLabel(const Manifest &manifest, size_t stepIndex);
/// The configuration of `target` in a manifest: the target config itself, or
/// its `target` member when the .kbin holds several targets' (a composed
/// target such as lut-tc+dimm-pim).
const nlohmann::json &deviceConfigOf(const Manifest &manifest,
                                     const char *target);

/// Registers (or replaces) the simulator of `target`.
void registerDevice(const std::string &target,
                    std::shared_ptr<const DeviceSimulator> simulator);
/// The simulator of `target`, or null.
const DeviceSimulator *findDevice(std::string_view target);
/// Registers every simulator built into the runtime (idempotent).
void registerAllDevices();

} // namespace kiln::rt

#endif // KILN_RT_DEVICE_H
