//===- LutStep.h - what a lut-tc device step says about itself --*- C++ -*-===//
//
// The names of the attributes a lut-tc device step carries in the .kbin
// manifest (Step::attrs), written by the compiler's emitter and read by the
// simulator for its statistics and baselines (docs/isa/lut-tc.md, "Step
// attributes"). One definition, included by both sides.
//
//   kernel     string  "precompute" or "mpgemm"
//   m, n, k    int     the GEMM Y[m,n] = X[m,k] W[k,n] the step belongs to
//                      (for a precompute step: the activation's m and k)
//   bits       int     weight bits (ternary weights: 2)
//   lut_k      int     activations per table (K)
//   group_size int     weight quantization group (G)
//   act        string  "f16" or "i8"
//   table      string  "f16", "i8" or "i16"
//   shared_by  int     precompute steps: how many GEMMs read its tables
//   ternary    int     mpgemm steps: non-zero for ternary weights (bits = 2,
//                      z = 1)
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_LUTSTEP_H
#define KILN_RT_LUTSTEP_H

namespace kiln::rt::lut {

/// The target name in manifests and the device registry.
inline constexpr const char *kTargetName = "lut-tc";

namespace attr {
inline constexpr const char *kKernel = "kernel";
inline constexpr const char *kM = "m";
inline constexpr const char *kN = "n";
inline constexpr const char *kK = "k";
inline constexpr const char *kBits = "bits";
inline constexpr const char *kLutK = "lut_k";
inline constexpr const char *kGroupSize = "group_size";
inline constexpr const char *kAct = "act";
inline constexpr const char *kTable = "table";
inline constexpr const char *kSharedBy = "shared_by";
inline constexpr const char *kTernary = "ternary";
} // namespace attr

/// Values of attr::kKernel.
inline constexpr const char *kKernelPrecompute = "precompute";
inline constexpr const char *kKernelMpGemm = "mpgemm";

} // namespace kiln::rt::lut

#endif // KILN_RT_LUTSTEP_H
