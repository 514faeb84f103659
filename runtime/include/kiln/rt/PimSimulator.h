//===- PimSimulator.h - the DIMM-PIM machine --------------------*- C++ -*-===//
//
// Runs decode-attention kernels (kiln/rt/PimKernel.h) on simulated DIMMs:
//
//  * The DIMMs hold data: every row of every bank of every chip that was
//    written (sparse). They persist between launches, so a KV cache written
//    once stays resident; a launch writes only tokens the DIMMs do not
//    already hold (normally the one new token per sequence).
//  * The driver (the host side) turns a launch into commands: the writes of
//    new tokens, addressed by the kernel's Geometry, then the kernel's
//    blocks whose guards the sequence lengths pass, then it merges the rank
//    PUs' partials (in rank order) and normalises.
//  * Each channel's controller keeps one in-order queue per rank and issues,
//    at every step, the head command that can go first (DramTiming decides
//    when a command is legal, the PIM units when its operands are ready).
//  * Every command is executed functionally when it issues: ACT/PRE open and
//    close rows, WR writes bytes, MAC reads the open rows of all banks into
//    the bank PUs (kiln/rt/PimArithmetic.h), and so on.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_PIMSIMULATOR_H
#define KILN_RT_PIMSIMULATOR_H

#include "kiln/rt/DramTiming.h"
#include "kiln/rt/PimConfig.h"
#include "kiln/rt/PimKernel.h"
#include "kiln/rt/Tensor.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace kiln::rt::pim {

struct LaunchStats {
  uint64_t cycles = 0; // the slowest channel
  double seconds = 0;
  std::array<uint64_t, kNumOpcodes> commands{};
  uint64_t insertedRefreshes = 0;
  std::array<uint64_t, kNumConstraints> stallCycles{};
  uint64_t dataBusCycles = 0, channelsUsed = 0, ranksUsed = 0;
  uint64_t macs = 0, exps = 0, mergeOps = 0, internalBytes = 0;
  uint64_t bytesToPim = 0, bytesFromPim = 0; // over the channels
  uint64_t tokensAppended = 0, tokensResident = 0;
  uint64_t bankReads = 0; // bank-array bursts the MACs read
  // DRAM energy (IDD method) of the channels used, of which background
  // (standby of every rank of those channels); the units' energies.
  double dramEnergyPj = 0, dramBackgroundPj = 0, bankPuEnergyPj = 0,
         rankPuEnergyPj = 0, bufferEnergyPj = 0;
  /// What each rank did when (cycles), for traces.
  struct Phase {
    unsigned channel = 0, rank = 0;
    const char *name = ""; // a static string
    uint64_t start = 0, end = 0;
  };
  std::vector<Phase> phases;
  /// [[channel, rank, name, start, end], ...]
  nlohmann::json phasesJson() const;
  nlohmann::json toJson(const PimConfig &cfg) const;
};

/// One timed command, for traces (channel, rank, cycle, text).
struct TraceEvent {
  unsigned channel = 0;
  uint64_t cycle = 0, duration = 0;
  Command cmd;
  bool inserted = false;
};

class Machine {
public:
  Machine(PimConfig cfg, Kernel kernel);
  ~Machine();
  const PimConfig &config() const { return cfg_; }
  const Geometry &geometry() const { return geo_; }
  const Kernel &kernel() const { return kernel_; }

  /// One decode-attention launch: q [B, Hkv * G, 1, d], K and V caches
  /// [B, Hkv, C, d] (f32 or f16), lengths i64 [B]; writes out
  /// [B, Hkv * G, 1, d] f32. Throws Error on bad lengths or a fault.
  LaunchStats run(const Tensor &q, const Tensor &keys, const Tensor &values,
                  const Tensor &lengths, Tensor &out,
                  std::vector<std::vector<TimedCommand>> *traces = nullptr);
  /// Timing only, for the serving model: the same commands, schedule and
  /// statistics without computing (no data is read, written or computed).
  /// Tokens below the lengths of the previous timing-only launch count as
  /// resident (the caller keeps the past unchanged).
  LaunchStats time(const std::vector<int64_t> &lengths);

private:
  struct State;
  PimConfig cfg_;
  Kernel kernel_;
  Geometry geo_;
  std::unique_ptr<State> state_;
};

} // namespace kiln::rt::pim

#endif // KILN_RT_PIMSIMULATOR_H
