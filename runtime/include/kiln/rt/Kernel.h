//===- Kernel.h - host kernel interface -------------------------*- C++ -*-===//
//
// A host kernel executes one ONNX operator. The executor hands it the input
// tensors (nullptr for an absent optional input), output tensors already
// allocated with the static dtype and shape the compiler computed (nullptr
// for an absent optional output), and the step's attributes. The kernel
// writes the outputs and throws through ctx.fail() on input it cannot
// run (an index out of range, say), never reading out of bounds.
// The executor counts each step's floating-point operations with the shared
// rules of kiln/rt/FlopRules.h; only a kernel whose op has no static rule
// (hasStaticFlopRule: LSTM, GRU, RNN, Einsum, Resize, Dropout) adds what it
// executed to `flops` itself.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_KERNEL_H
#define KILN_RT_KERNEL_H

#include "kiln/rt/Attrs.h"
#include "kiln/rt/Error.h"
#include "kiln/rt/FlopRules.h"
#include "kiln/rt/Tensor.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::rt {

const Attrs &noAttrs();

/// An elementwise activation the executor asks a kernel to apply to its f32
/// output as it writes it, exactly as the Relu / Clip kernels would (same
/// comparisons, NaN kept, Relu(-0) = +0).
struct FusedActivation {
  enum class Kind { Relu, Clip } kind = Kind::Relu;
  float lo = 0, hi = 0; // Clip's bounds
};

struct KernelContext {
  std::string_view op;   // ONNX op type, e.g. "Conv"
  std::string_view name; // node name, for messages
  std::vector<const Tensor *> inputs;
  std::vector<Tensor *> outputs;
  const Attrs *attrs = &noAttrs(); // never null
  uint64_t flops = 0;
  /// Set by the executor when the next step is a Relu / Clip whose only input
  /// is this step's single f32 output and nothing else reads that output. A
  /// kernel that applies it sets activationApplied, and the executor then
  /// skips the activation step (its output aliases this one); a kernel may
  /// ignore it.
  const FusedActivation *activation = nullptr;
  bool activationApplied = false;

  size_t numInputs() const { return inputs.size(); }
  bool hasInput(size_t i) const { return i < inputs.size() && inputs[i]; }
  bool hasOutput(size_t i) const { return i < outputs.size() && outputs[i]; }
  /// Input `i`; fails with a clear message when it is absent.
  const Tensor &in(size_t i) const;
  Tensor &out(size_t i);

  /// Throws Error prefixed with "<op> '<name>': ".
  template <typename... Parts> [[noreturn]] void fail(const Parts &...parts) const {
    ::kiln::rt::fail(op, " '", name, "': ", parts...);
  }
};

using KernelFn = std::function<void(KernelContext &)>;

/// An empty attribute set (the default of KernelContext::attrs).
const Attrs &noAttrs();

/// Name -> kernel. Filled by registerAllHostKernels().
class KernelRegistry {
public:
  static KernelRegistry &instance();
  void add(const std::string &op, KernelFn fn);
  const KernelFn *find(std::string_view op) const;
  std::vector<std::string> names() const;

private:
  // Ordered, with heterogeneous lookup: the executor looks a kernel up by
  // string_view once per step.
  std::map<std::string, KernelFn, std::less<>> kernels_;
};

/// The FLOPs of one host step by the shared rules (kiln/rt/FlopRules.h):
/// from the input tensors (nullptr: absent), the outputs' shapes and types
/// and the step's attributes. Ops without a static rule return kernelFlops
/// (what their kernel added to KernelContext::flops). The executor reports
/// this for every host step.
uint64_t hostStepFlops(std::string_view op,
                       const std::vector<const Tensor *> &inputs,
                       const std::vector<FlopOperand> &outputs,
                       const Attrs &attrs, uint64_t kernelFlops);

/// Registers every host kernel (idempotent).
void registerAllHostKernels();

/// Splits [0, n) into chunks of at least `grain` and runs fn(begin, end) on
/// the runtime's worker threads (KILN_NUM_THREADS, default: all cores). A
/// parallelFor inside a chunk runs inline on the calling thread.
void parallelFor(int64_t n, int64_t grain,
                 const std::function<void(int64_t, int64_t)> &fn);
int numThreads();

/// Wakes workers that went to sleep, so that the parallel regions of a run
/// about to start find them spinning instead of paying a wake-up each
/// (the executor calls it as a run begins; idle workers sleep again after a
/// fraction of a millisecond).
void prepareWorkers();

} // namespace kiln::rt

#endif // KILN_RT_KERNEL_H
