//===- DramTiming.cpp - in-order command scheduling with JEDEC timing
//------===//
//
// Each constraint "B may follow A only g cycles later" is kept as a register
// at the narrowest scope that holds it: per bank, per bank group, per rank,
// and per rank for commands from the other ranks of the channel. A broader
// scope includes the narrower ones (a same-bank-group gap also binds the
// same bank), so the earliest cycle of a command is the maximum of its
// bank's, group's and rank's registers, tFAW and the command bus: O(1) per
// command.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/DramTiming.h"

#include "kiln/rt/Error.h"

#include <algorithm>

namespace kiln::rt::pim {

const char *constraintName(Constraint c) {
  switch (c) {
  case Constraint::None:
    return "none";
  case Constraint::CmdBus:
    return "command bus";
  case Constraint::RCD:
    return "tRCD";
  case Constraint::RP:
    return "tRP";
  case Constraint::RAS:
    return "tRAS";
  case Constraint::RC:
    return "tRC";
  case Constraint::CCD_S:
    return "tCCD_S";
  case Constraint::CCD_L:
    return "tCCD_L";
  case Constraint::CCD_S_WR:
    return "tCCD_S_WR";
  case Constraint::CCD_L_WR:
    return "tCCD_L_WR";
  case Constraint::RRD_S:
    return "tRRD_S";
  case Constraint::RRD_L:
    return "tRRD_L";
  case Constraint::FAW:
    return "tFAW";
  case Constraint::WR:
    return "tWR";
  case Constraint::WTR_S:
    return "tWTR_S";
  case Constraint::WTR_L:
    return "tWTR_L";
  case Constraint::RTP:
    return "tRTP";
  case Constraint::RTW:
    return "RD-to-WR turnaround";
  case Constraint::RTRS:
    return "rank-to-rank switch (tRTRS)";
  case Constraint::PPD:
    return "tPPD";
  case Constraint::RFC:
    return "tRFC";
  case Constraint::kCount:
    break;
  }
  return "?";
}

double ChannelStats::energyPj() const {
  double e = 0;
  for (const RankActivity &r : ranks)
    e += r.totalEnergyPj();
  return e;
}

CommandEnergy commandEnergy(const DramConfig &cfg) {
  // mA x V x ns = pJ, per device; a rank's chips all take part.
  const DramPower &p = cfg.power;
  const DramTimings &t = cfg.timing;
  double chips = cfg.org.chipsPerRank, tck = t.tckNs;
  CommandEnergy e;
  double tRC = t.rc * tck, tRAS = t.ras * tck;
  // The background an ACT/PRE pair's IDD0 includes (PimConfig.h).
  auto background = [&](double i2n, double i3n) {
    return p.actOneBankBackground ? i2n + (i3n - i2n) / cfg.org.banksPerRank()
                                  : i3n;
  };
  e.actPre = chips * ((p.idd0 * tRC - (background(p.idd2n, p.idd3n) * tRAS +
                                       p.idd2n * (tRC - tRAS))) *
                          p.vdd +
                      (p.ipp0 * tRC - (background(p.ipp2n, p.ipp3n) * tRAS +
                                       p.ipp2n * (tRC - tRAS))) *
                          p.vpp);
  double burst = t.burst * tck;
  e.read = chips * ((p.idd4r - p.idd3n) * p.vdd + (p.ipp4r - p.ipp3n) * p.vpp) *
           burst;
  e.write = chips *
            ((p.idd4w - p.idd3n) * p.vdd + (p.ipp4w - p.ipp3n) * p.vpp) * burst;
  e.refresh = chips *
              ((p.idd5b - p.idd3n) * p.vdd + (p.ipp5b - p.ipp3n) * p.vpp) *
              (t.rfc * tck);
  e.activeStandbyPerCycle = chips * (p.idd3n * p.vdd + p.ipp3n * p.vpp) * tck;
  e.prechargeStandbyPerCycle =
      chips * (p.idd2n * p.vdd + p.ipp2n * p.vpp) * tck;
  return e;
}

ChannelTiming::ChannelTiming(const DramConfig &config, unsigned channel,
                             bool autoRefresh, std::vector<TimedCommand> *trace)
    : config_(config), org_(config.org), t_(config.timing), channel_(channel),
      autoRefresh_(autoRefresh), trace_(trace) {
  const unsigned R = org_.ranksPerChannel();
  banks_.resize(size_t(R) * org_.banksPerRank());
  groups_.resize(size_t(R) * org_.bankGroups * kNumCls);
  ranks_.resize(R);
  stats_.ranks.resize(R);
  for (Rank &r : ranks_)
    r.refreshDue = t_.refi;
  nextRefreshDue_ = autoRefresh_ ? t_.refi : UINT64_MAX;

  auto set = [](Gap(&table)[kNumCls][kNumCls], unsigned a, unsigned b,
                int64_t cycles, Constraint why) {
    table[a][b] = {uint64_t(std::max<int64_t>(cycles, 0)), why};
  };
  const int64_t CL = t_.cl, CWL = t_.cwl, BL = t_.burst;
  using C = Constraint;
  // Same bank.
  set(sameBank_, kAct, kAct, t_.rc, C::RC);
  set(sameBank_, kAct, kRd, t_.rcd, C::RCD);
  set(sameBank_, kAct, kWr, t_.rcd, C::RCD);
  set(sameBank_, kAct, kPre, t_.ras, C::RAS);
  set(sameBank_, kPre, kAct, t_.rp, C::RP);
  set(sameBank_, kRd, kPre, t_.rtp, C::RTP);
  set(sameBank_, kWr, kPre, CWL + BL + t_.wr, C::WR);
  // Same bank group (any bank of it).
  set(sameGroup_, kAct, kAct, t_.rrdL, C::RRD_L);
  set(sameGroup_, kRd, kRd, t_.ccdL, C::CCD_L);
  set(sameGroup_, kWr, kWr, t_.ccdLWr, C::CCD_L_WR);
  set(sameGroup_, kWr, kRd, CWL + BL + t_.wtrL, C::WTR_L);
  // Same rank (any bank group).
  set(sameRank_, kAct, kAct, t_.rrdS, C::RRD_S);
  set(sameRank_, kRd, kRd, t_.ccdS, C::CCD_S);
  set(sameRank_, kWr, kWr, t_.ccdSWr, C::CCD_S_WR);
  set(sameRank_, kWr, kRd, CWL + BL + t_.wtrS, C::WTR_S);
  set(sameRank_, kRd, kWr, CL + BL + 2 - CWL, C::RTW);
  set(sameRank_, kPre, kPre, t_.ppd, C::PPD);
  set(sameRank_, kPre, kRef, t_.rp, C::RP);
  set(sameRank_, kRef, kAct, t_.rfc, C::RFC);
  set(sameRank_, kRef, kRef, t_.rfc, C::RFC);
  // Other ranks of the channel: the shared data bus.
  set(otherRank_, kRd, kRd, BL + t_.rtrs, C::RTRS);
  set(otherRank_, kWr, kWr, BL + t_.rtrs, C::RTRS);
  set(otherRank_, kRd, kWr, CL + BL + t_.rtrs - CWL, C::RTRS);
  set(otherRank_, kWr, kRd, CWL + BL + t_.rtrs - CL, C::RTRS);
  maxGap_ = t_.faw;
  for (auto *table : {&sameBank_, &sameGroup_, &sameRank_, &otherRank_})
    for (auto &row : *table)
      for (const Gap &g : row)
        maxGap_ = std::max(maxGap_, g.cycles);
}

static unsigned classOf(TimingClass tc) {
  switch (tc) {
  case TimingClass::Act:
    return 0;
  case TimingClass::Pre:
    return 1;
  case TimingClass::Rd:
  case TimingClass::AllBankRead:
  case TimingClass::ChannelRead:
  case TimingClass::RankRead:
    return 2;
  case TimingClass::Wr:
  case TimingClass::ChannelWrite:
    return 3;
  case TimingClass::Ref:
    return 4;
  default:
    break;
  }
  return 5;
}

uint64_t ChannelTiming::earliest(unsigned cls, const Command &c,
                                 Constraint &why) const {
  Next best{busFree_, Constraint::CmdBus};
  auto take = [&](const Next &n) {
    if (n.cycle > best.cycle)
      best = n;
  };
  const TimingClass tc = timingClassOf(c.op);
  if (tc == TimingClass::Internal) {
    why = best.why;
    return best.cycle;
  }
  const Rank &r = ranks_[c.rank];
  take(r.next[cls]);
  // A MAC or a rank-PU read moves no data on the channel, so other ranks'
  // bursts do not delay it.
  if (tc != TimingClass::AllBankRead && tc != TimingClass::RankRead)
    take(r.nextOther[cls]);
  if (cls == kPre && c.op == Opcode::PreA) {
    take(r.bankMax[kPre]);
  } else if (cls == kRef) {
    take(r.bankMax[kAct]);
  } else if (tc == TimingClass::AllBankRead) {
    take(r.bankMax[kRd]);
    take(r.groupMax[kRd]);
  } else if (tc != TimingClass::ChannelRead &&
             tc != TimingClass::ChannelWrite) {
    const Bank &bk =
        banks_[(c.rank * org_.bankGroups + c.bankGroup) * org_.banksPerGroup +
               c.bank];
    take(bk.next[cls]);
    take(r.allBanks[cls]);
    take(group(c.rank, c.bankGroup, cls));
    take(r.allGroups[cls]);
  }
  if (cls == kAct && r.actCount >= 4) {
    // The fifth activate waits tFAW after the one four back.
    uint64_t oldest = r.actWindow[r.actCount % 4];
    take(Next{oldest + t_.faw, Constraint::FAW});
  }
  why = best.why;
  return best.cycle;
}

void ChannelTiming::applyGaps(unsigned cls, const Command &c, uint64_t t) {
  const TimingClass tc = timingClassOf(c.op);
  if (tc == TimingClass::Internal)
    return;
  Rank &r = ranks_[c.rank];
  const bool allBanks = c.op == Opcode::PreA || c.op == Opcode::Ref ||
                        tc == TimingClass::AllBankRead;
  const bool bankless =
      tc == TimingClass::ChannelRead || tc == TimingClass::ChannelWrite;
  for (unsigned n = 0; n < kNumCls; ++n) {
    // The MAC's data stays in the banks: no rank-level bus gaps.
    if (tc != TimingClass::AllBankRead) {
      if (const Gap &g = sameRank_[cls][n]; g.why != Constraint::None)
        r.next[n].raise(t + g.cycles, g.why);
      if (const Gap &g = otherRank_[cls][n];
          g.why != Constraint::None && tc != TimingClass::RankRead)
        for (unsigned o = 0; o < ranks_.size(); ++o)
          if (o != c.rank)
            ranks_[o].nextOther[n].raise(t + g.cycles, g.why);
    }
    if (bankless)
      continue;
    if (allBanks) {
      if (const Gap &g = sameBank_[cls][n]; g.why != Constraint::None) {
        r.allBanks[n].raise(t + g.cycles, g.why);
        r.bankMax[n].raise(t + g.cycles, g.why);
      }
      if (tc == TimingClass::AllBankRead)
        if (const Gap &g = sameGroup_[cls][n]; g.why != Constraint::None) {
          r.allGroups[n].raise(t + g.cycles, g.why);
          r.groupMax[n].raise(t + g.cycles, g.why);
        }
      continue;
    }
    if (const Gap &g = sameGroup_[cls][n]; g.why != Constraint::None) {
      group(c.rank, c.bankGroup, n).raise(t + g.cycles, g.why);
      r.groupMax[n].raise(t + g.cycles, g.why);
    }
    if (const Gap &g = sameBank_[cls][n]; g.why != Constraint::None) {
      bank(c).next[n].raise(t + g.cycles, g.why);
      r.bankMax[n].raise(t + g.cycles, g.why);
    }
  }
  if (cls == kAct) {
    r.actWindow[r.actCount % 4] = t;
    ++r.actCount;
  }
}

void ChannelTiming::openBank(unsigned rank, uint64_t t) {
  Rank &r = ranks_[rank];
  if (r.openBanks++ == 0) {
    stats_.ranks[rank].prechargedCycles += t - r.closedSince;
    r.openSince = t;
  }
}

void ChannelTiming::closeBank(unsigned rank, uint64_t t) {
  Rank &r = ranks_[rank];
  if (r.openBanks && --r.openBanks == 0) {
    stats_.ranks[rank].activeCycles += t - r.openSince;
    r.closedSince = t;
  }
}

uint64_t ChannelTiming::place(const Command &c, unsigned cls, bool inserted) {
  Constraint why;
  uint64_t t = earliest(cls, c, why);
  uint64_t ready = busFree_;
  if (t > ready)
    stats_.stallCycles[static_cast<unsigned>(why)] += t - ready;
  applyGaps(cls, c, t);
  unsigned occupancy =
      (cls == kAct || cls == kRd || cls == kWr) ? t_.cmdCycles : 1;
  const TimingClass tclass = timingClassOf(c.op);
  busFree_ = t + occupancy;
  lastIssue_ = t;
  RankActivity &act = stats_.ranks[c.rank];
  switch (c.op) {
  case Opcode::Act:
    bank(c).openRow = c.row;
    openBank(c.rank, t);
    ++act.acts;
    break;
  case Opcode::Pre:
    if (bank(c).openRow >= 0) {
      bank(c).openRow = -1;
      closeBank(c.rank, t);
    }
    break;
  case Opcode::PreA:
    for (unsigned b = 0; b < org_.banksPerRank(); ++b) {
      Bank &bk = banks_[c.rank * org_.banksPerRank() + b];
      if (bk.openRow >= 0) {
        bk.openRow = -1;
        closeBank(c.rank, t);
      }
    }
    break;
  case Opcode::Rd:
    ++act.reads;
    stats_.dataBusCycles += t_.burst;
    lastData_ = std::max(lastData_, t + t_.cl + t_.burst);
    break;
  case Opcode::Wr:
    ++act.writes;
    stats_.dataBusCycles += t_.burst;
    lastData_ = std::max(lastData_, t + t_.cwl + t_.burst);
    break;
  case Opcode::Ref:
    ++act.refreshes;
    lastData_ = std::max(lastData_, t + t_.rfc);
    break;
  default:
    // PIM requests: bank reads inside the DIMM (their energy is the
    // units', PimUnits) or bursts between the host and the rank PU.
    if (tclass == TimingClass::ChannelRead ||
        tclass == TimingClass::ChannelWrite)
      stats_.dataBusCycles += t_.burst;
    if (tclass == TimingClass::ChannelWrite)
      lastData_ = std::max(lastData_, t + t_.cwl + t_.burst);
    else if (tclass != TimingClass::Internal)
      lastData_ = std::max(lastData_, t + t_.cl + t_.burst);
    break;
  }
  lastData_ = std::max(lastData_, t + occupancy);
  ++stats_.commands[static_cast<unsigned>(c.op)];
  if (trace_)
    trace_->push_back({t, c, inserted});
  return t;
}

void ChannelTiming::refreshRank(unsigned rank) {
  Rank &r = ranks_[rank];
  Command pre;
  pre.op = Opcode::PreA;
  pre.rank = static_cast<uint8_t>(rank);
  // Rows the program left open are re-activated when it next uses them.
  bool anyOpen = false;
  for (unsigned b = 0; b < org_.banksPerRank(); ++b) {
    Bank &bk = banks_[rank * org_.banksPerRank() + b];
    if (bk.openRow >= 0) {
      bk.reopenRow = bk.openRow;
      anyOpen = true;
    }
  }
  // The refresh is issued when due, not when the next command arrives.
  busFree_ = std::max(busFree_, r.refreshDue);
  if (anyOpen) {
    place(pre, kPre, true);
    ++stats_.insertedPrecharges;
  }
  Command ref;
  ref.op = Opcode::Ref;
  ref.rank = static_cast<uint8_t>(rank);
  place(ref, kRef, true);
  ++stats_.insertedRefreshes;
  r.refreshDue += t_.refi;
}

void ChannelTiming::refreshDueBefore(uint64_t cycle) {
  while (nextRefreshDue_ <= cycle) {
    unsigned due = 0;
    for (unsigned i = 1; i < ranks_.size(); ++i)
      if (ranks_[i].refreshDue < ranks_[due].refreshDue)
        due = i;
    refreshRank(due);
    nextRefreshDue_ = UINT64_MAX;
    for (const Rank &r : ranks_)
      nextRefreshDue_ = std::min(nextRefreshDue_, r.refreshDue);
  }
}

uint64_t ChannelTiming::issue(const Command &c, uint64_t index,
                              uint64_t notBefore) {
  auto bad = [&](const std::string &what) {
    fail("dimm-pim: channel ", channel_, ", command ", index, " (",
         formatCommand(c), "): ", what);
  };
  if (finished_)
    bad("issued after the end of the run");
  if (c.rank >= org_.ranksPerChannel())
    bad("rank " + std::to_string(c.rank) + " out of range (the channel has " +
        std::to_string(org_.ranksPerChannel()) + ")");
  if (c.bankGroup >= org_.bankGroups || c.bank >= org_.banksPerGroup)
    bad("bank out of range (" + std::to_string(org_.bankGroups) +
        " bank groups of " + std::to_string(org_.banksPerGroup) + ")");
  const TimingClass tclass = timingClassOf(c.op);
  unsigned cls = classOf(tclass);
  if (!isValidOpcode(static_cast<uint8_t>(c.op)))
    bad("not a command");
  if (c.op == Opcode::Act && c.row >= org_.rows)
    bad("row " + std::to_string(c.row) + " out of range (" +
        std::to_string(org_.rows) + " rows)");
  const bool column = c.op == Opcode::Rd || c.op == Opcode::Wr ||
                      c.op == Opcode::Mac || c.op == Opcode::RdPu;
  if (column && (c.column >= org_.columns || c.column % org_.burstLength))
    bad("column " + std::to_string(c.column) + " is not a burst start below " +
        std::to_string(org_.columns));
  if (cls >= kNumCls) {
    // Internal requests: the command bus only.
    busFree_ = std::max(busFree_, notBefore);
    return place(c, cls, false);
  }

  // Every register is at most maxGap_ past the last issue, so the exact
  // earliest cycle is needed only when a refresh may be due before it.
  if (autoRefresh_ &&
      nextRefreshDue_ <= std::max(busFree_, notBefore) + maxGap_) {
    Constraint why;
    refreshDueBefore(std::max(notBefore, earliest(cls, c, why)));
  }
  // Waiting for something outside the channel is idle time, not a stall.
  busFree_ = std::max(busFree_, notBefore);
  // A row closed by a refresh is re-opened, a precharge of it is dropped.
  const unsigned banks = org_.banksPerRank();
  if (tclass == TimingClass::AllBankRead) {
    for (unsigned b = 0; b < banks; ++b) {
      Bank &bk = banks_[c.rank * banks + b];
      if (bk.reopenRow >= 0) {
        Command act = c;
        act.op = Opcode::Act;
        act.bankGroup = static_cast<uint8_t>(b / org_.banksPerGroup);
        act.bank = static_cast<uint8_t>(b % org_.banksPerGroup);
        act.row = static_cast<uint32_t>(bk.reopenRow);
        bk.reopenRow = -1;
        place(act, kAct, true);
        ++stats_.insertedActivates;
      }
      if (bk.openRow < 0)
        bad("bank group " + std::to_string(b / org_.banksPerGroup) + ", bank " +
            std::to_string(b % org_.banksPerGroup) +
            " has no open row (an all-bank MAC needs every bank open)");
    }
    return place(c, cls, false);
  }
  if (tclass == TimingClass::ChannelRead || tclass == TimingClass::ChannelWrite)
    return place(c, cls, false);
  if (c.op != Opcode::Ref && c.op != Opcode::PreA) {
    Bank &bk = bank(c);
    if (bk.reopenRow >= 0) {
      if (c.op == Opcode::Pre) {
        bk.reopenRow = -1;
        ++stats_.elidedPrecharges;
        return lastIssue_;
      }
      if (c.op == Opcode::Rd || c.op == Opcode::Wr || c.op == Opcode::RdPu) {
        Command act = c;
        act.op = Opcode::Act;
        act.row = static_cast<uint32_t>(bk.reopenRow);
        bk.reopenRow = -1;
        place(act, kAct, true);
        ++stats_.insertedActivates;
      }
    }
  } else if (c.op == Opcode::PreA) {
    for (unsigned b = 0; b < org_.banksPerRank(); ++b)
      banks_[c.rank * org_.banksPerRank() + b].reopenRow = -1;
  }
  Bank &bk = bank(c);
  switch (c.op) {
  case Opcode::Act:
    if (bk.openRow >= 0 || bk.reopenRow >= 0)
      bad("bank already has row " +
          std::to_string(std::max(bk.openRow, bk.reopenRow)) +
          " open (precharge it first)");
    break;
  case Opcode::Pre:
    if (bk.openRow < 0)
      bad("bank has no open row to precharge");
    break;
  case Opcode::Rd:
  case Opcode::Wr:
  case Opcode::RdPu:
    if (bk.openRow < 0)
      bad("bank has no open row");
    break;
  case Opcode::Ref:
    for (unsigned b = 0; b < org_.banksPerRank(); ++b)
      if (banks_[c.rank * org_.banksPerRank() + b].openRow >= 0)
        bad("refresh with a bank still open (precharge all first)");
    ranks_[c.rank].refreshDue += t_.refi; // the program refreshed
    nextRefreshDue_ = UINT64_MAX;
    for (const Rank &r : ranks_)
      nextRefreshDue_ = std::min(nextRefreshDue_, r.refreshDue);
    break;
  default:
    break;
  }
  return place(c, cls, false);
}

uint64_t ChannelTiming::earliestCycle(const Command &c) const {
  Constraint why;
  return earliest(classOf(timingClassOf(c.op)), c, why);
}

const ChannelStats &ChannelTiming::finish() {
  if (finished_)
    return stats_;
  if (autoRefresh_)
    refreshDueBefore(lastData_);
  finished_ = true;
  stats_.cycles = lastData_;
  CommandEnergy e = commandEnergy(config_);
  for (unsigned i = 0; i < ranks_.size(); ++i) {
    Rank &r = ranks_[i];
    RankActivity &a = stats_.ranks[i];
    if (r.openBanks)
      a.activeCycles += lastData_ - r.openSince;
    else
      a.prechargedCycles += lastData_ - r.closedSince;
    a.actEnergyPj = a.acts * e.actPre;
    a.readEnergyPj = a.reads * e.read;
    a.writeEnergyPj = a.writes * e.write;
    a.refreshEnergyPj = a.refreshes * e.refresh;
    a.backgroundEnergyPj = a.activeCycles * e.activeStandbyPerCycle +
                           a.prechargedCycles * e.prechargeStandbyPerCycle;
  }
  return stats_;
}

} // namespace kiln::rt::pim
