//===- KbinFuzz.cpp - libFuzzer target for the .kbin reader ----------------===//
//
// Any byte string must either load (and then every constant must be readable
// within the container) or fail with kiln::rt::Error: never crash, hang or
// read out of bounds (built with ASan + UBSan). scripts/fuzz-kbin.sh builds
// and runs it; make check runs it briefly.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/Error.h"
#include "kiln/rt/Kbin.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto bytes = std::make_shared<std::string>(reinterpret_cast<const char *>(data), size);
  try {
    kiln::rt::Kbin kbin = kiln::rt::Kbin::loadBytes(bytes, "fuzz");
    const auto &m = kbin.manifest();
    volatile uint8_t sink = 0;
    for (size_t id = 0; id < m.tensors.size(); ++id) {
      if (m.tensors[id].kind != kiln::rt::TensorKind::Constant)
        continue;
      kiln::rt::Tensor t = kbin.constant(static_cast<int64_t>(id));
      if (t.bytes())
        sink ^= static_cast<const uint8_t *>(t.raw())[t.bytes() - 1];
    }
    (void)sink;
    // Re-serializing what was read must succeed.
    (void)m.toJson().dump();
  } catch (const kiln::rt::Error &) {
  }
  return 0;
}
