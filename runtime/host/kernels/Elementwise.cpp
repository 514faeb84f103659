//===- Elementwise.cpp - host kernels ------------------------------------------------===//

#include "kernels/Registration.h"
#include "KernelUtils.h"

namespace kiln::rt {

void registerElementwiseKernels(KernelRegistry &registry) {}

} // namespace kiln::rt
