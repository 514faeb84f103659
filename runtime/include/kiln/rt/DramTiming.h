//===- DramTiming.h - cycle-level DRAM channel timing -----------*- C++ -*-===//
//
// The timing core of the DIMM-PIM simulator (docs/targets/dimm-pim.md):
//
//  * ChannelTiming issues one channel's commands in program order, each at
//    the earliest cycle every JEDEC constraint allows (tRCD, tRP, tRAS, tRC,
//    tCCD_S/L, tRRD_S/L, tFAW, tWR, tWTR_S/L, tRTP, rank-to-rank switching,
//    CL/CWL/BL, tRFC, the command bus). Like a memory controller it refreshes
//    every rank each tREFI (precharging it first) and re-activates the rows
//    the program expects open afterwards. It records why each command
//    waited, the energy of the commands (IDD/VDD method) and, if asked, the
//    timed trace.
//  * checkTrace() is an independent legality checker: it validates any timed
//    trace, written with its own pairwise rules, and names channel, rank,
//    bank, command index and the violated constraint.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_DRAMTIMING_H
#define KILN_RT_DRAMTIMING_H

#include "kiln/rt/PimConfig.h"
#include "kiln/rt/PimIsa.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace kiln::rt::pim {

/// What a command waited for (the binding constraint).
enum class Constraint : uint8_t {
  None,
  CmdBus, // the command bus (program order, multi-cycle commands)
  RCD,
  RP,
  RAS,
  RC,
  CCD_S,
  CCD_L,
  CCD_S_WR,
  CCD_L_WR,
  RRD_S,
  RRD_L,
  FAW,
  WR,    // write recovery: WR -> PRE
  WTR_S, // WR -> RD, other bank group
  WTR_L, // WR -> RD, same bank group
  RTP,
  RTW,  // RD -> WR bus turnaround
  RTRS, // rank-to-rank switching
  PPD,
  RFC,
  kCount
};
const char *constraintName(Constraint c);
inline constexpr unsigned kNumConstraints =
    static_cast<unsigned>(Constraint::kCount);

struct TimedCommand {
  uint64_t cycle = 0;
  Command cmd;
  bool inserted = false; // issued by the controller (refresh, re-activation)
};

/// Per-rank energy inputs and the energy they give (picojoules).
struct RankActivity {
  uint64_t acts = 0, reads = 0, writes = 0, refreshes = 0;
  uint64_t activeCycles = 0;     // cycles with at least one bank open
  uint64_t prechargedCycles = 0; // cycles with every bank closed
  // A MAC's bank reads are charged by the PIM units' bank-read energy
  // (PimUnits), not by IDD4R, which includes the path to the I/O.
  double actEnergyPj = 0, readEnergyPj = 0, writeEnergyPj = 0,
         refreshEnergyPj = 0, backgroundEnergyPj = 0;
  double totalEnergyPj() const {
    return actEnergyPj + readEnergyPj + writeEnergyPj + refreshEnergyPj +
           backgroundEnergyPj;
  }
};

struct ChannelStats {
  uint64_t cycles = 0; // last data beat (or last command) + 1
  std::array<uint64_t, kNumOpcodes> commands{}; // issued, by opcode
  uint64_t insertedRefreshes = 0, insertedPrecharges = 0, insertedActivates = 0,
           elidedPrecharges = 0;
  /// Cycles commands waited beyond the command bus, by binding constraint.
  std::array<uint64_t, kNumConstraints> stallCycles{};
  uint64_t dataBusCycles = 0; // cycles the channel's data bus carried bursts
  std::vector<RankActivity> ranks;
  double energyPj() const;
};

class ChannelTiming {
public:
  /// `trace`, when given, receives every issued command.
  ChannelTiming(const DramConfig &config, unsigned channel,
                bool autoRefresh = true,
                std::vector<TimedCommand> *trace = nullptr);

  /// Issues `c` (the program's command number `index`, for messages) at the
  /// earliest legal cycle not before `notBefore` and returns that cycle. Throws
  /// Error when the command is impossible in the current state (a read of a
  /// closed bank, an activate of an open one, an address out of range).
  uint64_t issue(const Command &c, uint64_t index, uint64_t notBefore = 0);
  /// Ends the run: refreshes still due before the last transfer are issued,
  /// background energy is closed off. Returns the statistics.
  const ChannelStats &finish();
  const ChannelStats &stats() const { return stats_; }
  /// The earliest cycle `c` could issue now (refresh not considered): for
  /// a controller choosing among several queues.
  uint64_t earliestCycle(const Command &c) const;
  /// The cycle the last issued command was issued at.
  uint64_t lastIssue() const { return lastIssue_; }

private:
  struct Next {
    uint64_t cycle = 0;
    Constraint why = Constraint::None;
    void raise(uint64_t c, Constraint w) {
      if (c > cycle) {
        cycle = c;
        why = w;
      }
    }
  };
  enum Cls : unsigned { kAct, kPre, kRd, kWr, kRef, kNumCls };
  struct Bank {
    std::array<Next, kNumCls> next;
    int64_t openRow = -1;
    int64_t reopenRow = -1; // closed by a refresh; the program expects it open
  };
  struct Rank {
    std::array<Next, kNumCls> next;      // from commands to this rank
    std::array<Next, kNumCls> nextOther; // from commands to other ranks
    // Constraints on every bank (group) of the rank from all-bank commands
    // (PREA, REF, MAC), and the maximum over its banks (groups): all-bank
    // commands are then O(1) instead of a loop over the banks.
    std::array<Next, kNumCls> allBanks, allGroups, bankMax, groupMax;
    std::array<uint64_t, 4> actWindow{}; // last four ACT cycles (tFAW)
    unsigned actCount = 0;
    unsigned openBanks = 0;
    uint64_t openSince = 0, closedSince = 0;
    uint64_t refreshDue = 0;
  };

  uint64_t earliest(unsigned cls, const Command &c, Constraint &why) const;
  uint64_t place(const Command &c, unsigned cls, bool inserted);
  void refreshDueBefore(uint64_t cycle);
  void refreshRank(unsigned rank);
  void applyGaps(unsigned cls, const Command &c, uint64_t t);
  void openBank(unsigned rank, uint64_t t);
  void closeBank(unsigned rank, uint64_t t);
  Bank &bank(const Command &c) {
    return banks_[(c.rank * org_.bankGroups + c.bankGroup) *
                      org_.banksPerGroup +
                  c.bank];
  }
  Next &group(unsigned rank, unsigned bg, unsigned cls) {
    return groups_[(rank * org_.bankGroups + bg) * kNumCls + cls];
  }
  const Next &group(unsigned rank, unsigned bg, unsigned cls) const {
    return groups_[(rank * org_.bankGroups + bg) * kNumCls + cls];
  }

  // Gaps in cycles, [previous class][next class], per scope.
  struct Gap {
    uint64_t cycles = 0;
    Constraint why = Constraint::None;
  };
  Gap sameBank_[kNumCls][kNumCls], sameGroup_[kNumCls][kNumCls],
      sameRank_[kNumCls][kNumCls], otherRank_[kNumCls][kNumCls];
  uint64_t maxGap_ = 0; // the longest gap of any table, or tFAW

  DramConfig config_;
  DramOrg org_;
  DramTimings t_;
  unsigned channel_;
  bool autoRefresh_;
  std::vector<TimedCommand> *trace_;
  std::vector<Bank> banks_;
  std::vector<Next> groups_;
  std::vector<Rank> ranks_;
  uint64_t lastIssue_ = 0, busFree_ = 0, lastData_ = 0;
  uint64_t nextRefreshDue_ = 0; // minimum over ranks
  bool finished_ = false;
  ChannelStats stats_;
};

/// Validates a timed trace of one channel against every constraint, with
/// rules written independently of ChannelTiming. Returns "" or the first
/// violation: "channel 0, rank 1, bank group 2, bank 3, command 17 (rd ...)
/// at cycle 120: tCCD_L: 4 cycles after command 16 (rd ...) at cycle 116,
/// needs 8". Also checks that rows are open where needed, that refresh
/// keeps up with tREFI (at most `maxPostponedRefreshes` behind), and
/// addresses.
std::string checkTrace(const DramConfig &config, unsigned channel,
                       const std::vector<TimedCommand> &trace,
                       unsigned maxPostponedRefreshes = 8);

/// Energy per event of one rank (all its chips), in picojoules, by the
/// Micron DDR power-calculator / DRAMPower method.
struct CommandEnergy {
  double actPre = 0, read = 0, write = 0, refresh = 0;
  double activeStandbyPerCycle = 0, prechargeStandbyPerCycle = 0;
};
CommandEnergy commandEnergy(const DramConfig &config);

} // namespace kiln::rt::pim

#endif // KILN_RT_DRAMTIMING_H
