//===- DataMovement.cpp - host kernels ------------------------------------------------===//

#include "kernels/Registration.h"
#include "KernelUtils.h"

namespace kiln::rt {

void registerDataMovementKernels(KernelRegistry &registry) {}

} // namespace kiln::rt
