//===- Generate.h - greedy generation with a fed-back KV cache --*- C++ -*-===//
//
// Runs a compiled decoder step in a loop (kiln-run --generate). The step's
// interface, checked before anything runs:
//
//   inputs   "token" int64 [1,1], "position" int64 [1] (tokens already
//            cached), and cache inputs "past_<name>" [1, heads, C, dim]
//   outputs  "logits" float32 [1,1,vocab] and "present_<name>" with the
//            shape and dtype of "past_<name>": the cache after this token
//
// Each step's present_<name> is the next step's past_<name>; the cache
// starts zeroed. The prompt is fed one token at a time, or, with a prefill
// program (input "tokens" int64 [1,P], outputs "logits" [1,P,vocab] and
// present_<name> [1, heads, P, dim]), in one run whose caches are
// zero-padded to C. Sampling is greedy (argmax, ties to the lowest id).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_GENERATE_H
#define KILN_RT_GENERATE_H

#include "kiln/rt/Executor.h"
#include "kiln/rt/Kbin.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kiln::rt {

struct GenerateStats {
  int64_t stepRuns = 0;    // runs of the step program
  int64_t prefillRuns = 0; // 0 or 1
  double seconds = 0;      // host wall time of all runs
  uint64_t flops = 0;
  RunStats lastStep; // statistics of the last step run
  /// Set before run(): keep every run's steps in `timeline`, one after the
  /// other (for traces and whole-generation device totals).
  bool keepTimeline = false;
  RunStats timeline;
};

class Generator {
public:
  /// Checks the interfaces (see the file comment); throws Error naming the
  /// program, tensor and what is wrong.
  Generator(const Kbin &step, const Kbin *prefill = nullptr);
  /// The cache capacity C.
  int64_t capacity() const { return capacity_; }
  int64_t vocabulary() const { return vocab_; }
  /// Feeds `prompt` and generates `steps` tokens; returns them.
  std::vector<int64_t> run(const std::vector<int64_t> &prompt, int64_t steps,
                           GenerateStats *stats = nullptr) const;

private:
  struct CacheSlot {
    std::string past, present; // input and output names
    DType dtype;
    Shape shape;
    int64_t stepOutput = -1;    // index among the step's outputs
    int64_t prefillOutput = -1; // index among the prefill's outputs
  };
  int64_t argmaxLast(const Tensor &logits) const;

  const Kbin &step_;
  const Kbin *prefill_;
  std::unique_ptr<Executor> stepExec_, prefillExec_;
  std::vector<CacheSlot> cache_;
  int64_t capacity_ = 0, vocab_ = 0, prefillLength_ = 0;
  int64_t stepLogits_ = -1, prefillLogits_ = -1;
};

} // namespace kiln::rt

#endif // KILN_RT_GENERATE_H
