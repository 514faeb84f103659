//===- Reduction.cpp - host kernels ------------------------------------------------===//

#include "kernels/Registration.h"
#include "KernelUtils.h"

namespace kiln::rt {

void registerReductionKernels(KernelRegistry &registry) {}

} // namespace kiln::rt
