//===- Device.cpp - the device simulator registry
//---------------------------===//

#include "kiln/rt/Device.h"

#include <map>
#include <mutex>

namespace kiln::rt {

void registerLutDevice(); // runtime/lut/LutDevice.cpp
void registerPimDevice(); // runtime/pim/PimDevice.cpp

namespace {
struct Registry {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const DeviceSimulator>, std::less<>>
      sims;
};
Registry &registry() {
  static Registry r;
  return r;
}
} // namespace

void registerDevice(const std::string &target,
                    std::shared_ptr<const DeviceSimulator> simulator) {
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.sims[target] = std::move(simulator);
}

const DeviceSimulator *findDevice(std::string_view target) {
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.sims.find(target);
  return it == r.sims.end() ? nullptr : it->second.get();
}

std::string deviceStepLabel(const Manifest &m, size_t i) {
  const Step &s = m.program[i];
  return s.name.empty() ? "program[" + std::to_string(i) + "]" : s.name;
}

const nlohmann::json &deviceConfigOf(const Manifest &m, const char *target) {
  const nlohmann::json &c = m.targetConfig;
  return c.is_object() && c.contains(target) ? c[target] : c;
}

void registerAllDevices() {
  // Explicit calls, not static initializers: the runtime is a static
  // library, whose unreferenced registration objects the linker would drop.
  static std::once_flag once;
  std::call_once(once, [] {
    registerLutDevice();
    registerPimDevice();
  });
}

} // namespace kiln::rt
