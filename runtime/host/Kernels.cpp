//===- Kernels.cpp - registers every host kernel ---------------------------===//

#include "kernels/Registration.h"

#include <mutex>

namespace kiln::rt {

void registerAllHostKernels() {
  static std::once_flag once;
  std::call_once(once, [] {
    KernelRegistry &r = KernelRegistry::instance();
    registerElementwiseKernels(r);
    registerReductionKernels(r);
    registerDataMovementKernels(r);
    registerNNKernels(r);
    registerRecurrentKernels(r);
    registerQuantizationKernels(r);
  });
}

} // namespace kiln::rt
