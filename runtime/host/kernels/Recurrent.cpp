//===- Recurrent.cpp - host kernels ------------------------------------------------===//

#include "kernels/Registration.h"
#include "KernelUtils.h"

namespace kiln::rt {

void registerRecurrentKernels(KernelRegistry &registry) {}

} // namespace kiln::rt
