//===- PimTimingTest.cpp - DRAM timing: every constraint at t-1 and t
//------===//
//
// For DDR4-3200 and DDR5-4800 (configs/dimm-pim/), every JEDEC constraint is
// tested on the command pair it governs: the legality checker rejects the
// pair at gap t-1 naming the constraint and accepts it at t, and the
// scheduler, given the first command late enough that nothing earlier
// binds, places the second exactly t cycles later and blames the
// constraint. Expected gaps are written here from the raw parameters.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/DramTiming.h"
#include "kiln/rt/Error.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <sstream>

using namespace kiln::rt;
using namespace kiln::rt::pim;
using json = nlohmann::json;

namespace {

json loadJson(const std::string &name) {
  std::ifstream f(std::string(KILN_SOURCE_DIR) + "/configs/dimm-pim/" + name);
  EXPECT_TRUE(f.good()) << name;
  std::stringstream ss;
  ss << f.rdbuf();
  return json::parse(ss.str());
}

DramConfig loadDram(const std::string &name) {
  return PimConfig::fromJson(loadJson(name)).dram;
}

Command cmd(Opcode op, unsigned rank = 0, unsigned bg = 0, unsigned bank = 0,
            uint32_t row = 0, uint32_t col = 0) {
  Command c;
  c.op = op;
  c.rank = static_cast<uint8_t>(rank);
  c.bankGroup = static_cast<uint8_t>(bg);
  c.bank = static_cast<uint8_t>(bank);
  c.row = row;
  c.column = col;
  return c;
}

/// A constraint case: `setup` commands open what the pair needs, long before
/// it; then `a`, then `b` exactly `gap` cycles after `a`.
struct Case {
  std::string name; // the constraint the checker must name
  std::vector<Command> setup;
  Command a, b;
  int64_t gap;
};

std::vector<TimedCommand> traceOf(const DramConfig &cfg, const Case &k,
                                  int64_t gap) {
  std::vector<TimedCommand> trace;
  uint64_t t = 0;
  for (const Command &c : k.setup) {
    trace.push_back({t, c, false});
    t += 200; // far apart: no setup constraint reaches the pair
  }
  uint64_t at = t + 1000;
  trace.push_back({at, k.a, false});
  trace.push_back({at + gap, k.b, false});
  return trace;
}

std::vector<Case> cases(const DramConfig &cfg) {
  const DramTimings &t = cfg.timing;
  const int64_t CL = t.cl, CWL = t.cwl, BL = cfg.org.burstLength / 2;
  using O = Opcode;
  Command act00 = cmd(O::Act, 0, 0, 0, 5), act01 = cmd(O::Act, 0, 0, 1, 6),
          act10 = cmd(O::Act, 0, 1, 0, 7), actR1 = cmd(O::Act, 1, 0, 0, 8);
  const uint32_t c1 = cfg.org.burstLength, c2 = 2 * c1; // burst starts
  Command rd00 = cmd(O::Rd, 0, 0, 0, 0, c1), rd01 = cmd(O::Rd, 0, 0, 1, 0, c2),
          rd10 = cmd(O::Rd, 0, 1, 0, 0, 0), rdR1 = cmd(O::Rd, 1, 0, 0, 0, 0);
  Command wr00 = cmd(O::Wr, 0, 0, 0, 0, c1), wr01 = cmd(O::Wr, 0, 0, 1, 0, c2),
          wr10 = cmd(O::Wr, 0, 1, 0, 0, 0), wrR1 = cmd(O::Wr, 1, 0, 0, 0, 0);
  Command pre00 = cmd(O::Pre, 0, 0, 0), pre01 = cmd(O::Pre, 0, 0, 1);
  std::vector<Case> v = {
      {"tRCD", {}, act00, rd00, int64_t(t.rcd)},
      {"tRCD", {}, act00, wr00, int64_t(t.rcd)},
      {"tRAS", {}, act00, pre00, int64_t(t.ras)},
      {"tRP", {act00}, pre00, act00, int64_t(t.rp)},
      {"tRRD_S", {}, act00, act10, int64_t(t.rrdS)},
      {"tRRD_L", {}, act00, act01, int64_t(t.rrdL)},
      {"tCCD_S", {act00, act10}, rd00, rd10, int64_t(t.ccdS)},
      {"tCCD_L", {act00, act01}, rd00, rd01, int64_t(t.ccdL)},
      {"tCCD_S_WR", {act00, act10}, wr00, wr10, int64_t(t.ccdSWr)},
      {"tCCD_L_WR", {act00, act01}, wr00, wr01, int64_t(t.ccdLWr)},
      {"tWTR_S", {act00, act10}, wr00, rd10, CWL + BL + t.wtrS},
      {"tWTR_L", {act00, act01}, wr00, rd01, CWL + BL + t.wtrL},
      {"tWTR_L", {act00}, wr00, rd00, CWL + BL + t.wtrL},
      {"RD-to-WR turnaround", {act00, act10}, rd00, wr10, CL + BL + 2 - CWL},
      {"tRTP", {act00}, rd00, pre00, int64_t(t.rtp)},
      {"tWR", {act00}, wr00, pre00, CWL + BL + t.wr},
      {"tRTP", {act00, act01}, rd00, cmd(O::PreA, 0), int64_t(t.rtp)},
      {"tWR", {act00, act01}, wr00, cmd(O::PreA, 0), CWL + BL + t.wr},
      {"tRP", {act00, act01}, cmd(O::PreA, 0), act01, int64_t(t.rp)},
      {"tRP", {act00}, pre00, cmd(O::Ref, 0), int64_t(t.rp)},
      {"tRFC", {}, cmd(O::Ref, 0), act00, int64_t(t.rfc)},
      {"tRFC", {}, cmd(O::Ref, 0), cmd(O::Ref, 0), int64_t(t.rfc)},
      {"rank-to-rank switch (tRTRS)", {act00, actR1}, rd00, rdR1, BL + t.rtrs},
      {"rank-to-rank switch (tRTRS)", {act00, actR1}, wr00, wrR1, BL + t.rtrs},
      {"rank-to-rank switch (tRTRS)",
       {act00, actR1},
       rd00,
       wrR1,
       CL + BL + t.rtrs - CWL},
      {"command bus", {}, act00, actR1, int64_t(t.cmdCycles)},
  };
  // WR -> RD on another rank binds only where CWL + BL/2 + tRTRS > CL.
  if (CWL + BL + t.rtrs - CL > int64_t(t.cmdCycles))
    v.push_back({"rank-to-rank switch (tRTRS)",
                 {act00, actR1},
                 wr00,
                 rdR1,
                 CWL + BL + t.rtrs - CL});
  if (t.ppd > 1)
    v.push_back({"tPPD", {act00, act01}, pre00, pre01, int64_t(t.ppd)});
  return v;
}

class Timing : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override { cfg = loadDram(GetParam()); }
  DramConfig cfg;
};

TEST_P(Timing, CheckerRejectsEachConstraintAtTMinusOneAcceptsAtT) {
  for (const Case &k : cases(cfg)) {
    SCOPED_TRACE(k.name + ": " + formatCommand(k.a) + " -> " +
                 formatCommand(k.b));
    ASSERT_GE(k.gap, 1);
    EXPECT_EQ(checkTrace(cfg, 0, traceOf(cfg, k, k.gap)), "");
    std::string err = checkTrace(cfg, 0, traceOf(cfg, k, k.gap - 1));
    EXPECT_NE(err.find(k.name + ":"), std::string::npos) << err;
    EXPECT_NE(err.find("needs " + std::to_string(k.gap)), std::string::npos)
        << err;
  }
}

TEST_P(Timing, SchedulerPlacesEachPairExactlyTApartAndBlamesTheConstraint) {
  for (const Case &k : cases(cfg)) {
    SCOPED_TRACE(k.name + ": " + formatCommand(k.a) + " -> " +
                 formatCommand(k.b));
    std::vector<TimedCommand> trace;
    ChannelTiming ch(cfg, 0, /*autoRefresh=*/false, &trace);
    uint64_t i = 0;
    for (const Command &c : k.setup)
      ch.issue(c, i++);
    uint64_t ta = ch.issue(k.a, i++, 5000);
    ChannelStats before = ch.stats();
    uint64_t tb = ch.issue(k.b, i++);
    EXPECT_EQ(int64_t(tb - ta), k.gap);
    // The wait beyond the command bus is blamed on the constraint.
    if (k.name != "command bus") {
      unsigned blamed = kNumConstraints;
      for (unsigned c = 0; c < kNumConstraints; ++c)
        if (ch.stats().stallCycles[c] != before.stallCycles[c])
          blamed = c;
      ASSERT_LT(blamed, kNumConstraints);
      EXPECT_EQ(std::string(constraintName(Constraint(blamed))), k.name);
    }
    EXPECT_EQ(checkTrace(cfg, 0, trace), "");
  }
}

TEST_P(Timing, FifthActivateWaitsForTheFourActivateWindow) {
  // A window longer than four tRRD_S so that tFAW, not tRRD_S, binds.
  cfg.timing.faw = std::max(cfg.timing.faw, 4 * cfg.timing.rrdS + 6);
  const unsigned bgs = cfg.org.bankGroups;
  std::vector<TimedCommand> trace;
  ChannelTiming ch(cfg, 0, false, &trace);
  std::vector<uint64_t> at;
  for (unsigned i = 0; i < 5; ++i)
    at.push_back(ch.issue(cmd(Opcode::Act, 0, i % bgs, i / bgs, 1), i));
  EXPECT_EQ(at[4] - at[0], cfg.timing.faw);
  EXPECT_EQ(checkTrace(cfg, 0, trace), "");
  trace[4].cycle -= 1;
  EXPECT_NE(checkTrace(cfg, 0, trace).find("tFAW"), std::string::npos);
}

TEST_P(Timing, RowCycleBindsWhenLongerThanRasPlusRp) {
  cfg.timing.rc = cfg.timing.ras + cfg.timing.rp + 7;
  Case k{"tRC",
         {},
         cmd(Opcode::Act, 0, 0, 0, 1),
         cmd(Opcode::Act, 0, 0, 0, 2),
         int64_t(cfg.timing.rc)};
  // ACT, PRE at tRAS, ACT again: tRC after the first ACT.
  std::vector<TimedCommand> tr = {{0, k.a, false},
                                  {cfg.timing.ras, cmd(Opcode::Pre), false},
                                  {cfg.timing.rc, k.b, false}};
  EXPECT_EQ(checkTrace(cfg, 0, tr), "");
  tr[2].cycle -= 1;
  EXPECT_NE(checkTrace(cfg, 0, tr).find("tRC:"), std::string::npos);
  ChannelTiming ch(cfg, 0, false);
  uint64_t a = ch.issue(k.a, 0);
  ch.issue(cmd(Opcode::Pre), 1);
  EXPECT_EQ(ch.issue(k.b, 2) - a, cfg.timing.rc);
}

TEST_P(Timing, RefreshIsIssuedEveryIntervalAndBlocksForRfc) {
  // Reads to one open row for ~5 refresh intervals.
  std::vector<TimedCommand> trace;
  ChannelTiming ch(cfg, 0, true, &trace);
  ch.issue(cmd(Opcode::Act, 0, 0, 0, 3), 0);
  ch.issue(cmd(Opcode::Act, 1, 0, 0, 3), 1);
  uint64_t i = 2, col = 0;
  const uint64_t end = 5 * cfg.timing.refi + 100;
  while (ch.lastIssue() < end) {
    ch.issue(cmd(Opcode::Rd, i % 2, 0, 0, 0, col), i);
    col = (col + cfg.org.burstLength) % cfg.org.columns;
    ++i;
  }
  const ChannelStats &st = ch.finish();
  EXPECT_EQ(checkTrace(cfg, 0, trace, 1), "");
  // Each rank (also the idle ones) was refreshed once per elapsed interval.
  for (const RankActivity &r : st.ranks)
    EXPECT_EQ(r.refreshes, st.cycles / cfg.timing.refi);
  EXPECT_GT(st.stallCycles[unsigned(Constraint::RFC)], 0u);
  // After each REF of a rank the program reads, the controller re-opens the
  // row (tRFC later) before reading on.
  uint64_t refs = 0;
  for (size_t k = 0; k < trace.size(); ++k) {
    if (trace[k].cmd.op != Opcode::Ref)
      continue;
    EXPECT_TRUE(trace[k].inserted);
    EXPECT_GE(trace[k].cycle, cfg.timing.refi);
    if (trace[k].cmd.rank > 1)
      continue;
    ++refs;
    for (size_t n = k + 1; n < trace.size(); ++n)
      if (trace[n].cmd.rank == trace[k].cmd.rank) {
        EXPECT_EQ(trace[n].cmd.op, Opcode::Act);
        EXPECT_TRUE(trace[n].inserted);
        EXPECT_GE(trace[n].cycle - trace[k].cycle, cfg.timing.rfc);
        break;
      }
  }
  EXPECT_EQ(st.insertedRefreshes,
            st.cycles / cfg.timing.refi * cfg.org.ranksPerChannel());
  EXPECT_GE(st.insertedActivates + 2, refs);
  EXPECT_LE(st.insertedActivates, refs);
}

TEST_P(Timing, CheckerDemandsRefresh) {
  std::vector<TimedCommand> tr;
  Command act = cmd(Opcode::Act, 0, 0, 0, 1), pre = cmd(Opcode::Pre);
  for (uint64_t k = 0; k < 12; ++k) {
    tr.push_back({k * cfg.timing.refi, act, false});
    tr.push_back({k * cfg.timing.refi + cfg.timing.ras, pre, false});
  }
  std::string err = checkTrace(cfg, 0, tr);
  EXPECT_NE(err.find("rank 0: refresh: 0 refreshes"), std::string::npos) << err;
}

TEST_P(Timing, CheckerRejectsStateErrors) {
  Command act = cmd(Opcode::Act, 0, 1, 2, 9);
  std::vector<TimedCommand> tr = {{0, cmd(Opcode::Rd, 0, 1, 2, 0, 0), false}};
  EXPECT_NE(
      checkTrace(cfg, 3, tr)
          .find("channel 3, rank 0, bank group 1, bank 2, command 0 (rd r0 "
                "bg1 b2 col=0) at cycle 0: column access to a bank with no "
                "open row"),
      std::string::npos);
  tr = {{0, act, false}, {500, act, false}};
  EXPECT_NE(checkTrace(cfg, 0, tr).find("activate of a bank with row 9 open"),
            std::string::npos);
  tr = {{0, act, false}, {500, cmd(Opcode::Ref, 0), false}};
  EXPECT_NE(checkTrace(cfg, 0, tr).find("refresh while bank"),
            std::string::npos);
  tr = {{0, cmd(Opcode::Act, 7, 0, 0, 1), false}};
  EXPECT_NE(checkTrace(cfg, 0, tr).find("address out of range"),
            std::string::npos);
}

TEST_P(Timing, SchedulerRejectsImpossibleCommands) {
  ChannelTiming ch(cfg, 2, false);
  try {
    ch.issue(cmd(Opcode::Rd, 1, 0, 3, 0, 0), 41);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "dimm-pim: channel 2, command 41 (rd r1 bg0 b3 "
                           "col=0): bank has no open row");
  }
  EXPECT_THROW(ch.issue(cmd(Opcode::Act, 0, 0, 0, cfg.org.rows), 0), Error);
  EXPECT_THROW(ch.issue(cmd(Opcode::Act, 5), 0), Error);
  ch.issue(cmd(Opcode::Act, 0, 0, 0, 1), 1);
  EXPECT_THROW(ch.issue(cmd(Opcode::Act, 0, 0, 0, 2), 2), Error);
  EXPECT_THROW(ch.issue(cmd(Opcode::Rd, 0, 0, 0, 0, 3), 3), Error); // column
  EXPECT_THROW(ch.issue(cmd(Opcode::Ref, 0), 4), Error);            // bank open
}

/// Random legal programs: the schedule passes the independent checker, and
/// every command that waited is tight (one cycle earlier is illegal).
TEST_P(Timing, RandomProgramsScheduleLegallyAndTightly) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::vector<TimedCommand> trace;
    ChannelTiming ch(cfg, 0, /*autoRefresh=*/round % 2 == 0, &trace);
    const unsigned R = cfg.org.ranksPerChannel(), G = cfg.org.bankGroups,
                   B = cfg.org.banksPerGroup;
    std::vector<int> open(R * G * B, 0);
    for (uint64_t i = 0; i < 3000; ++i) {
      unsigned r = rng() % R, g = rng() % G, b = rng() % B;
      int &o = open[(r * G + g) * B + b];
      Command c;
      unsigned pick = rng() % 10;
      if (!o) {
        c = pick == 0 ? cmd(Opcode::Ref, r)
                      : cmd(Opcode::Act, r, g, b, rng() % cfg.org.rows);
        if (c.op == Opcode::Ref) {
          bool any = false;
          for (unsigned k = 0; k < G * B; ++k)
            any |= open[r * G * B + k] != 0;
          if (any)
            c = cmd(Opcode::PreA, r);
        }
      } else if (pick < 4) {
        c = cmd(Opcode::Rd, r, g, b, 0,
                (rng() % cfg.org.burstsPerRow()) * cfg.org.burstLength);
      } else if (pick < 7) {
        c = cmd(Opcode::Wr, r, g, b, 0,
                (rng() % cfg.org.burstsPerRow()) * cfg.org.burstLength);
      } else if (pick < 9) {
        c = cmd(Opcode::Pre, r, g, b);
      } else {
        c = cmd(Opcode::PreA, r);
      }
      ch.issue(c, i, rng() % 8 == 0 ? ch.lastIssue() + rng() % 400 : 0);
      if (c.op == Opcode::Act)
        o = 1;
      else if (c.op == Opcode::Pre)
        o = 0;
      else if (c.op == Opcode::PreA)
        for (unsigned k = 0; k < G * B; ++k)
          open[r * G * B + k] = 0;
    }
    ch.finish();
    // Without the controller's refresh only the program's own REFs happen.
    const unsigned postpone = round % 2 == 0 ? 8 : 1u << 30;
    ASSERT_EQ(checkTrace(cfg, 0, trace, postpone), "") << "round " << round;
    // Tightness: a command placed later than the one before it plus its
    // command-bus time was held by a constraint.
    size_t tight = 0;
    for (size_t k = 1; k < trace.size(); ++k) {
      const TimedCommand &p = trace[k - 1];
      unsigned bus = (p.cmd.op == Opcode::Act || p.cmd.op == Opcode::Rd ||
                      p.cmd.op == Opcode::Wr)
                         ? cfg.timing.cmdCycles
                         : 1;
      if (trace[k].cycle <= p.cycle + bus)
        continue;
      std::vector<TimedCommand> moved(trace.begin(), trace.begin() + k + 1);
      moved[k].cycle -= 1;
      // Commands held only by notBefore (idle time) may move freely.
      if (checkTrace(cfg, 0, moved, postpone) != "")
        ++tight;
    }
    EXPECT_GT(tight, 100u);
  }
}

INSTANTIATE_TEST_SUITE_P(Dimm, Timing,
                         ::testing::Values("ddr4-3200.json", "ddr5-4800.json"),
                         [](const auto &info) {
                           return info.param.substr(0, 4);
                         });

TEST(PimConfig, BothConfigurationsLoad) {
  DramConfig d4 = loadDram("ddr4-3200.json"), d5 = loadDram("ddr5-4800.json");
  EXPECT_EQ(d4.org.burstBytes(), 64u);
  EXPECT_EQ(d5.org.burstBytes(), 64u);
  // L3's host memory: 16 x 2 x 2 ranks of 8 GiB.
  EXPECT_EQ(d4.org.totalBytes(), uint64_t(512) << 30);
  EXPECT_EQ(d4.timing.burst, 4u);
  EXPECT_EQ(d5.timing.burst, 8u);
  // The built-in default is the DDR4 file.
  DramConfig def =
      PimConfig::fromJson(json::parse(PimConfig::defaultJsonText())).dram;
  EXPECT_EQ(def.timing.rcd, d4.timing.rcd);
  EXPECT_EQ(def.org.channels, 16u);
}

TEST(PimConfig, ImpossibleConfigurationsAreRejectedByField) {
  auto expectError = [](json j, const std::string &path, json value,
                        const std::string &want) {
    json *at = &j;
    std::stringstream ss(path);
    std::string part;
    std::vector<std::string> parts;
    while (std::getline(ss, part, '/'))
      parts.push_back(part);
    for (size_t i = 0; i + 1 < parts.size(); ++i)
      at = &(*at)[parts[i]];
    (*at)[parts.back()]["value"] = value;
    try {
      PimConfig::fromJson(j);
      ADD_FAILURE() << path << ": no error";
    } catch (const Error &e) {
      EXPECT_NE(std::string(e.what()).find(want), std::string::npos)
          << e.what();
    }
  };
  json j = loadJson("ddr4-3200.json");
  expectError(j, "dram/timing/tRC", 60,
              "'dram.timing.tRC' = 60 < tRAS + tRP = 74");
  expectError(j, "dram/timing/tREFI", 500, "'dram.timing.tREFI' <= tRFC");
  expectError(j, "dram/timing/tRAS", 10, "'dram.timing.tRAS' < tRCD");
  expectError(j, "dram/timing/tCCD_S", 2, "shorter than a burst");
  expectError(j, "dram/timing/tRRD_L", 2, "'dram.timing.tRRD_L' < tRRD_S");
  expectError(j, "dram/timing/CWL", 30, "'dram.timing.CWL' > CL");
  expectError(j, "dram/timing/tRCD", 0, "out of range");
  expectError(j, "dram/org/rows", 32768, "'dram.org.device_gbit' = 8");
  expectError(j, "dram/org/burst_length", 16, "must be 8 for DDR4");
  expectError(j, "dram/org/ranks_per_dimm", 5, "at most 8");
  expectError(j, "dram/standard", "DDR3", "must be \"DDR4\" or \"DDR5\"");
  expectError(j, "dram/power/IDD3N", 10, "'dram.power.IDD3N' < IDD2N");
  expectError(j, "dram/power/IDD0", 40,
              "'dram.power.IDD0' is below the standby current");
  expectError(j, "dram/power/act_background", "all",
              "must be \"idd3n\" or \"one_bank\"");
  // DDR5's IDD0 is below its IDD3N: only the one-bank background admits it.
  json j5 = loadJson("ddr5-4800.json");
  expectError(j5, "dram/power/act_background", "idd3n",
              "'dram.power.IDD0' is below the standby current");
}

TEST(PimEnergy, MicronMethodPerCommand) {
  DramConfig c = loadDram("ddr4-3200.json");
  CommandEnergy e = commandEnergy(c);
  // Hand-computed for 8 chips, tCK 0.625 ns, VDD 1.2 V (IPP terms cancel or
  // are background only): ACT+PRE = (IDD0 tRC - IDD3N tRAS - IDD2N (tRC -
  // tRAS)) VDD = (57*74 - 52*52 - 37*22) * 0.625 * 1.2 * 8 pJ.
  EXPECT_NEAR(e.actPre, (57.0 * 74 - 52.0 * 52 - 37.0 * 22) * 0.625 * 1.2 * 8,
              1e-9);
  EXPECT_NEAR(e.read, (168.0 - 52) * 1.2 * 4 * 0.625 * 8, 1e-9);
  EXPECT_NEAR(e.write, (150.0 - 52) * 1.2 * 4 * 0.625 * 8, 1e-9);
  EXPECT_NEAR(e.refresh, (250.0 - 52) * 1.2 * 560 * 0.625 * 8, 1e-9);
  EXPECT_NEAR(e.activeStandbyPerCycle, (52.0 * 1.2 + 3.0 * 2.5) * 0.625 * 8,
              1e-9);
  // DDR5 (DRAMPower 5's one-bank background, IDD3N > IDD0): 4 chips,
  // tCK 0.416 ns, VDD 1.1 V, VPP 1.8 V, 32 banks.
  DramConfig c5 = loadDram("ddr5-4800.json");
  CommandEnergy e5 = commandEnergy(c5);
  double i1 = 92 + (142.0 - 92) / 32, p1 = 7.0;
  EXPECT_NEAR(e5.actPre,
              4 * 0.416 *
                  ((122.0 * 116 - (i1 * 77 + 92.0 * 39)) * 1.1 +
                   (8.0 * 116 - (p1 * 77 + 7.0 * 39)) * 1.8),
              1e-6);
  EXPECT_GT(e5.actPre, 0);
  EXPECT_NEAR(e5.read, 4 * ((530.0 - 142) * 1.1 + (9.0 - 7) * 1.8) * 8 * 0.416,
              1e-6);
  // A run: one ACT, two RDs, one PRE; energy adds up from the counts.
  ChannelTiming ch(c, 0, false);
  ch.issue(cmd(Opcode::Act, 0, 0, 0, 1), 0);
  ch.issue(cmd(Opcode::Rd, 0, 0, 0, 0, 0), 1);
  ch.issue(cmd(Opcode::Rd, 0, 0, 0, 0, c.org.burstLength), 2);
  ch.issue(cmd(Opcode::Pre, 0, 0, 0), 3);
  const ChannelStats &st = ch.finish();
  const RankActivity &r = st.ranks[0];
  EXPECT_EQ(r.acts, 1u);
  EXPECT_EQ(r.reads, 2u);
  EXPECT_EQ(r.activeCycles + r.prechargedCycles, st.cycles);
  EXPECT_EQ(r.activeCycles, c.timing.ras); // PRE at tRAS closes the bank
  EXPECT_NEAR(r.totalEnergyPj(),
              e.actPre + 2 * e.read + r.activeCycles * e.activeStandbyPerCycle +
                  r.prechargedCycles * e.prechargeStandbyPerCycle,
              1e-6);
}

} // namespace
