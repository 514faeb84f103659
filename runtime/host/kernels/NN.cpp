//===- NN.cpp - host kernels ------------------------------------------------===//

#include "kernels/Registration.h"
#include "KernelUtils.h"

namespace kiln::rt {

void registerNNKernels(KernelRegistry &registry) {}

} // namespace kiln::rt
