//===- Quantization.cpp - host kernels ------------------------------------------------===//

#include "kernels/Registration.h"
#include "KernelUtils.h"

namespace kiln::rt {

void registerQuantizationKernels(KernelRegistry &registry) {}

} // namespace kiln::rt
