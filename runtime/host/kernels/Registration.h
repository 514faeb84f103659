//===- Registration.h - one registration function per kernel family --------===//
#ifndef KILN_RT_HOST_KERNELS_REGISTRATION_H
#define KILN_RT_HOST_KERNELS_REGISTRATION_H

#include "kiln/rt/Kernel.h"

namespace kiln::rt {
void registerElementwiseKernels(KernelRegistry &registry); // Elementwise.cpp
void registerReductionKernels(KernelRegistry &registry);   // Reduction.cpp
void registerDataMovementKernels(KernelRegistry &registry); // DataMovement.cpp
void registerNNKernels(KernelRegistry &registry);          // NN.cpp
void registerRecurrentKernels(KernelRegistry &registry);   // Recurrent.cpp
void registerQuantizationKernels(KernelRegistry &registry); // Quantization.cpp
} // namespace kiln::rt

#endif
