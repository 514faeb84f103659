//===- DramChecker.cpp - independent legality check of timed traces
//--------===//
//
// Written apart from ChannelTiming on purpose: rules are stated pairwise, as
// the JEDEC tables state them ("RD after WR to the same bank group: CWL +
// BL/2 + tWTR_L"), and checked against every earlier command still inside
// the longest gap; bank state, tFAW and refresh are tracked separately.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/DramTiming.h"

#include <algorithm>
#include <deque>
#include <sstream>

namespace kiln::rt::pim {

namespace {

struct Rule {
  int64_t gap = 0;
  const char *name = nullptr;
};

bool isColumn(Opcode op) { return op == Opcode::Rd || op == Opcode::Wr; }
// Bursts on the channel's data bus: DDR reads/writes and the PIM requests
// the host exchanges with the rank PU.
bool busRead(Opcode op) { return op == Opcode::Rd || op == Opcode::RdOut; }
bool busWrite(Opcode op) {
  return op == Opcode::Wr || op == Opcode::Cfg || op == Opcode::WrQ;
}
// Reads of the bank arrays (a MAC reads every bank of the rank, a rank-PU
// read one bank without the channel bus).
bool arrayRead(Opcode op) {
  return op == Opcode::Rd || op == Opcode::Mac || op == Opcode::RdPu;
}
bool isPrecharge(Opcode op) { return op == Opcode::Pre || op == Opcode::PreA; }
bool isInternal(Opcode op) {
  return op == Opcode::RdRes || op == Opcode::WrP || op == Opcode::Rpu;
}

/// The minimum distance from `a` to a later `b` on the same channel.
Rule ruleFor(const DramConfig &cfg, const Command &a, const Command &b) {
  const DramTimings &t = cfg.timing;
  const int64_t CL = t.cl, CWL = t.cwl, BL = t.burst;
  const bool sameRank = a.rank == b.rank;
  // A MAC or PREA/REF touches every bank; bus-only requests none.
  const bool aAll =
      a.op == Opcode::Mac || a.op == Opcode::PreA || a.op == Opcode::Ref;
  const bool bAll =
      b.op == Opcode::Mac || b.op == Opcode::PreA || b.op == Opcode::Ref;
  const bool sameGroup =
      sameRank && (aAll || bAll || a.bankGroup == b.bankGroup);
  const bool sameBank = sameGroup && (aAll || bAll || a.bank == b.bank);
  Rule r;
  auto need = [&](int64_t gap, const char *name) {
    if (gap > r.gap) {
      r.gap = gap;
      r.name = name;
    }
  };
  // The command bus carries one command at a time.
  int64_t busA = (a.op == Opcode::Act || isColumn(a.op) || arrayRead(a.op) ||
                  busRead(a.op) || busWrite(a.op))
                     ? t.cmdCycles
                     : 1;
  need(busA, "command bus");
  if (isInternal(a.op) || isInternal(b.op))
    return r;
  if (!sameRank) {
    // Only the shared data bus couples ranks.
    if (busRead(a.op) && busRead(b.op))
      need(BL + t.rtrs, "rank-to-rank switch (tRTRS)");
    if (busWrite(a.op) && busWrite(b.op))
      need(BL + t.rtrs, "rank-to-rank switch (tRTRS)");
    if (busRead(a.op) && busWrite(b.op))
      need(CL + BL + t.rtrs - CWL, "rank-to-rank switch (tRTRS)");
    if (busWrite(a.op) && busRead(b.op))
      need(CWL + BL + t.rtrs - CL, "rank-to-rank switch (tRTRS)");
    return r;
  }
  const bool aBankless =
      a.op == Opcode::RdOut || a.op == Opcode::Cfg || a.op == Opcode::WrQ;
  const bool bBankless =
      b.op == Opcode::RdOut || b.op == Opcode::Cfg || b.op == Opcode::WrQ;
  switch (a.op) {
  case Opcode::Act:
    if (b.op == Opcode::Act) {
      if (a.bankGroup == b.bankGroup && a.bank == b.bank)
        need(t.rc, "tRC");
      need(a.bankGroup == b.bankGroup ? t.rrdL : t.rrdS,
           a.bankGroup == b.bankGroup ? "tRRD_L" : "tRRD_S");
    }
    if ((isColumn(b.op) || arrayRead(b.op)) && sameBank)
      need(t.rcd, "tRCD");
    if (isPrecharge(b.op) && sameBank)
      need(t.ras, "tRAS");
    if (b.op == Opcode::Ref)
      need(t.rc, "tRC");
    break;
  case Opcode::Pre:
  case Opcode::PreA:
    if ((b.op == Opcode::Act && sameBank) || b.op == Opcode::Ref)
      need(t.rp, "tRP");
    if (isPrecharge(b.op) && t.ppd)
      need(t.ppd, "tPPD");
    break;
  case Opcode::Rd:
  case Opcode::Mac:
  case Opcode::RdOut:
  case Opcode::RdPu:
    if (arrayRead(b.op) || b.op == Opcode::RdOut) {
      if (a.op == Opcode::Mac && b.op == Opcode::RdOut)
        break; // a MAC's data never reaches the bus
      bool group = sameGroup && !aBankless && !bBankless;
      need(group ? t.ccdL : t.ccdS, group ? "tCCD_L" : "tCCD_S");
    }
    if (busWrite(b.op) && a.op != Opcode::Mac)
      need(CL + BL + 2 - CWL, "RD-to-WR turnaround");
    if (isPrecharge(b.op) && sameBank && !aBankless)
      need(t.rtp, "tRTP");
    break;
  case Opcode::Wr:
  case Opcode::Cfg:
  case Opcode::WrQ: {
    bool group = sameGroup && !aBankless && !bBankless;
    if (busWrite(b.op))
      need(group ? t.ccdLWr : t.ccdSWr, group ? "tCCD_L_WR" : "tCCD_S_WR");
    if (arrayRead(b.op) || b.op == Opcode::RdOut)
      need(CWL + BL + (group ? t.wtrL : t.wtrS), group ? "tWTR_L" : "tWTR_S");
    if (isPrecharge(b.op) && sameBank && !aBankless)
      need(CWL + BL + t.wr, "tWR");
    break;
  }
  case Opcode::Ref:
    if (b.op == Opcode::Act || b.op == Opcode::Ref)
      need(t.rfc, "tRFC");
    break;
  default:
    break;
  }
  return r;
}

} // namespace

std::string checkTrace(const DramConfig &cfg, unsigned channel,
                       const std::vector<TimedCommand> &trace,
                       unsigned maxPostponedRefreshes) {
  const DramOrg &o = cfg.org;
  const DramTimings &t = cfg.timing;
  const unsigned R = o.ranksPerChannel(), B = o.banksPerRank();
  std::vector<int64_t> openRow(size_t(R) * B, -1);
  std::vector<std::deque<uint64_t>> acts(R); // ACT cycles inside tFAW
  std::vector<uint64_t> refreshes(R, 0);
  // The longest pairwise gap bounds how far back a rule can reach.
  int64_t window =
      std::max<int64_t>({t.rc, t.rfc, t.faw, int64_t(t.cwl) + t.burst + t.wr,
                         int64_t(t.cwl) + t.burst + t.wtrL,
                         int64_t(t.cl) + t.burst + 2 + t.rtrs, t.ccdLWr}) +
      1;
  std::deque<size_t> recent;

  auto where = [&](size_t i) {
    const Command &c = trace[i].cmd;
    std::ostringstream os;
    os << "channel " << channel << ", rank " << unsigned(c.rank);
    if (c.op != Opcode::PreA && c.op != Opcode::Ref)
      os << ", bank group " << unsigned(c.bankGroup) << ", bank "
         << unsigned(c.bank);
    os << ", command " << i << " (" << formatCommand(c) << ") at cycle "
       << trace[i].cycle;
    return os.str();
  };

  for (size_t i = 0; i < trace.size(); ++i) {
    const TimedCommand &tc = trace[i];
    const Command &c = tc.cmd;
    if (i && tc.cycle < trace[i - 1].cycle)
      return where(i) + ": earlier than the command before it (cycle " +
             std::to_string(trace[i - 1].cycle) + ")";
    if (c.rank >= R || c.bankGroup >= o.bankGroups || c.bank >= o.banksPerGroup)
      return where(i) + ": address out of range";
    if (!isValidOpcode(static_cast<uint8_t>(c.op)))
      return where(i) + ": not a command";
    // Pairwise timing.
    while (!recent.empty() &&
           int64_t(tc.cycle - trace[recent.front()].cycle) >= window)
      recent.pop_front();
    for (size_t j : recent) {
      Rule rule = ruleFor(cfg, trace[j].cmd, c);
      int64_t gap = int64_t(tc.cycle - trace[j].cycle);
      if (rule.name && gap < rule.gap)
        return where(i) + ": " + rule.name + ": " + std::to_string(gap) +
               " cycles after command " + std::to_string(j) + " (" +
               formatCommand(trace[j].cmd) + ") at cycle " +
               std::to_string(trace[j].cycle) + ", needs " +
               std::to_string(rule.gap);
    }
    recent.push_back(i);
    // Bank state.
    int64_t &row =
        openRow[size_t(c.rank) * B + c.bankGroup * o.banksPerGroup + c.bank];
    switch (c.op) {
    case Opcode::Act: {
      if (row >= 0)
        return where(i) + ": activate of a bank with row " +
               std::to_string(row) + " open";
      if (c.row >= o.rows)
        return where(i) + ": row out of range";
      std::deque<uint64_t> &w = acts[c.rank];
      while (!w.empty() && tc.cycle - w.front() >= t.faw)
        w.pop_front();
      if (w.size() >= 4)
        return where(i) + ": tFAW: fifth activate within " +
               std::to_string(t.faw) +
               " cycles (the fourth before it at cycle " +
               std::to_string(w.front()) + ")";
      w.push_back(tc.cycle);
      row = c.row;
      break;
    }
    case Opcode::Pre:
      row = -1;
      break;
    case Opcode::PreA:
      for (unsigned b = 0; b < B; ++b)
        openRow[size_t(c.rank) * B + b] = -1;
      break;
    case Opcode::Mac:
      for (unsigned b = 0; b < B; ++b)
        if (openRow[size_t(c.rank) * B + b] < 0)
          return where(i) + ": all-bank MAC while bank " + std::to_string(b) +
                 " of the rank has no open row";
      if (c.column >= o.columns || c.column % o.burstLength)
        return where(i) + ": column is not a burst start in range";
      break;
    case Opcode::Rd:
    case Opcode::Wr:
    case Opcode::RdPu:
      if (row < 0)
        return where(i) + ": column access to a bank with no open row";
      if (c.column >= o.columns || c.column % o.burstLength)
        return where(i) + ": column is not a burst start in range";
      break;
    case Opcode::Ref:
      for (unsigned b = 0; b < B; ++b)
        if (openRow[size_t(c.rank) * B + b] >= 0)
          return where(i) + ": refresh while bank " + std::to_string(b) +
                 " is open";
      ++refreshes[c.rank];
      break;
    default:
      break;
    }
    // Refresh: by cycle T each rank has had floor(T / tREFI) refreshes,
    // less the postponement JEDEC allows.
    uint64_t owed = tc.cycle / t.refi;
    for (unsigned r = 0; r < R; ++r)
      if (owed > refreshes[r] + maxPostponedRefreshes)
        return "channel " + std::to_string(channel) + ", rank " +
               std::to_string(r) +
               ": refresh: " + std::to_string(refreshes[r]) +
               " refreshes by cycle " + std::to_string(tc.cycle) + " (" +
               std::to_string(owed) + " tREFI intervals, at most " +
               std::to_string(maxPostponedRefreshes) + " may be postponed)";
  }
  return "";
}

} // namespace kiln::rt::pim
