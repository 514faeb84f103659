//===- LutSimulator.h - the LUT Tensor Core simulator -----------*- C++ -*-===//
//
// Runs one lut-tc device launch (docs/isa/lut-tc.md): a validated Program
// with its DRAM slots bound to tensors, functionally exact to the ISA's
// semantics, with the timing and energy model, and the analytic baselines
// a GEMM is compared with. The executor reaches it through the device
// registry (kiln/rt/Device.h); benchmarks and tests may call it directly:
//
//   lut::Simulator sim(lut::LutConfig::defaults());
//   lut::Program p = lut::parseProgram(blob.data(), blob.size(), "gemv",
//                                      {&sim.config(), 4, 1});
//   lut::LaunchStats st = sim.run(p, "gemv", lut::slotsOf(inputs, outputs));
//   nlohmann::json j = lut::stepStatsJson(st, &gemm, sim.config());
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_LUTSIMULATOR_H
#define KILN_RT_LUTSIMULATOR_H

#include "kiln/rt/Attrs.h"
#include "kiln/rt/LutConfig.h"
#include "kiln/rt/LutProgram.h"
#include "kiln/rt/Tensor.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiln::rt::lut {

/// One DRAM slot of a launch. Inputs are read-only (`writable` null).
struct Slot {
  const uint8_t *data = nullptr;
  uint8_t *writable = nullptr;
  uint64_t bytes = 0;
  std::string name; // for messages
};
/// Slots for a step: its inputs (read-only) then its outputs. A null
/// pointer (an absent optional operand) gives an empty slot.
std::vector<Slot> slotsOf(const std::vector<const Tensor *> &inputs,
                          const std::vector<Tensor *> &outputs,
                          const std::vector<std::string> &names = {});

/// Picojoules by component.
struct EnergyBreakdown {
  double tableRead = 0, add = 0, reg = 0, tbuf = 0, smem = 0, dram = 0, l2 = 0,
         precompute = 0, epilogue = 0, mac = 0, dequant = 0;
  double total() const;
  EnergyBreakdown &operator+=(const EnergyBreakdown &o);
  /// Components with their totals; `mac`/`dequant` only when non-zero.
  nlohmann::json toJson() const;
};

/// What one launch did and cost.
struct LaunchStats {
  double cycles = 0; // max over cores of their last completion
  double seconds = 0;
  unsigned cores = 0;       // streams in the program
  unsigned activeCores = 0; // cores doing more than halt
  uint64_t dramBytes = 0, smemBytes = 0, tbufBytes = 0, tableBytes = 0;
  uint64_t l2Bytes = 0;   // load bytes served by the L2 instead of DRAM
  uint64_t lookups = 0;   // table reads, per lane per bit plane
  uint64_t addsF32 = 0;   // lane-plane accumulates, f16 tables
  uint64_t addsInt = 0;   // lane-plane accumulates, integer tables
  uint64_t accWrites = 0; // accumulator writes
  uint64_t precomputeOps = 0, epilogueOps = 0;
  std::array<uint64_t, 256> instructions{}; // executed, by opcode
  // Busy cycles summed over cores (arrays: summed over arrays too).
  double dmaBusy = 0, precomputeBusy = 0, arrayBusy = 0, epilogueBusy = 0;
  double utilisation = 0; // arrayBusy / (cycles * arrays * activeCores)
  EnergyBreakdown energy;
  nlohmann::json toJson() const;
};

/// The GEMM a step belongs to, from its attributes (kiln/rt/LutStep.h).
struct GemmDesc {
  std::string kernel; // "precompute" or "mpgemm"
  int64_t m = 0, n = 0, k = 0;
  unsigned bits = 0, lutK = 4;
  int64_t groupSize = 0;
  std::string act = "f16", table = "f16";
  int64_t sharedBy = 1;
  bool ternary = false;
  /// nullopt when the step carries no "kernel" attribute; throws Error on a
  /// present but invalid description.
  static std::optional<GemmDesc> fromAttrs(const Attrs &attrs,
                                           const std::string &stepName);
  nlohmann::json toJson() const;
};

/// An analytic baseline's cost for one GEMM (docs/isa/lut-tc.md,
/// "Baselines").
struct BaselineCost {
  std::string name;
  double cycles = 0, seconds = 0;
  double computeCycles = 0, memoryCycles = 0, latencyCycles = 0;
  uint64_t dramBytes = 0, smemBytes = 0, tableBytes = 0;
  EnergyBreakdown energy;
  nlohmann::json toJson() const;
};
/// (a) dequantize to FP16, FP16 tensor-core MACs, roofline overlap.
BaselineCost dequantFp16Baseline(const GemmDesc &gemm, const LutConfig &config);
/// (b) conventional LUT: full 2^K tables, precompute per GEMM, the
/// configured conventional tile.
BaselineCost conventionalLutBaseline(const GemmDesc &gemm,
                                     const LutConfig &config);
/// LUT-TC itself under the same roofline assumptions (its precompute
/// amortized over `sharedBy` GEMMs), for like-for-like comparisons.
BaselineCost lutTcRoofline(const GemmDesc &gemm, const LutConfig &config);
/// The same for the mpgemm kernel alone (precompute counted elsewhere).
BaselineCost lutTcRooflineGemmOnly(const GemmDesc &gemm,
                                   const LutConfig &config);

class Simulator {
public:
  explicit Simulator(LutConfig config);
  const LutConfig &config() const { return config_; }

  /// Executes `program` (validated against this config) with `slots` =
  /// the step's inputs then outputs. Throws Error on a run-time fault (an
  /// address out of bounds, an accumulator type mismatch, a race between
  /// cores on DRAM) naming core, instruction and constraint. Cores run on
  /// the runtime's worker threads; results do not depend on their number.
  LaunchStats run(const Program &program, const std::string &stepName,
                  const std::vector<Slot> &slots) const;

private:
  LutConfig config_;
};

/// A device step's statistics: the launch, its GEMM and, for mpgemm steps,
/// the baselines and the ratios baseline / LUT-TC ("speedup",
/// "energy_reduction"; > 1 means LUT-TC is better).
nlohmann::json stepStatsJson(const LaunchStats &stats, const GemmDesc *gemm,
                             const LutConfig &config);
/// The run's "device" summary over step JSONs made by stepStatsJson: totals,
/// per-instruction counts, baseline totals and ratios (LUT-TC including its
/// precompute steps versus the baselines of every mpgemm step).
nlohmann::json summarizeSteps(const std::vector<nlohmann::json> &steps);

/// The epilogue's exact path: ts * s * (acc + zc * ga) / 2 formed exactly and
/// rounded once to f32 (nearest, ties to even); non-finite inputs follow
/// double arithmetic.
float exactFold(int64_t acc, float ts, float s, float zc, float ga);

/// One output element of the f16-activation, f16-table path: the inputs of
/// docs/isa/lut-tc.md, "Error bound".
struct F16BoundInput {
  const float *x = nullptr;  // [kdim] activations after the prologue (f32)
  const double *w = nullptr; // [kdim] dequantized weights s*(q-z) of the column
  const float *scale = nullptr; // [kdim/G] s per group
  const float *zc = nullptr;    // [kdim/G] zc per group
  unsigned kdim = 0, groupSize = 0, lutK = 4, bits = 0;
};
/// A rigorous bound on |y - y_ref| where y is the simulator's output and
/// y_ref = sum_k x_k w_k in exact arithmetic (a float64 reference is within
/// a few ulps of double of it). Infinite when an f16 conversion overflows.
double f16ErrorBound(const F16BoundInput &in);

} // namespace kiln::rt::lut

#endif // KILN_RT_LUTSIMULATOR_H
