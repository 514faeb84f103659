//===- dimm_pim_dram.cpp - the DIMM-PIM DRAM timing core: speed and limits
//--===//
//
//   dimm-pim-dram [--commands N] [--repeat R]
//
// For DDR4-3200 and DDR5-4800 (configs/dimm-pim/) and three access patterns
// of one channel (two ranks busy):
//   stream    every bank of both ranks opened, whole rows read burst by
//             burst, banks interleaved, one rank after the other (row-buffer
//             hits: the best case)
//   conflict  one burst per activation, random banks and rows (row misses)
//   mixed     stream, with every fourth burst a write
// schedules N commands with the controller's refresh on, R times, and
// prints (1) the simulator's speed, simulated DRAM commands and cycles per
// second of host time on one core (median of R runs, with min-max), and
// (2) the executed schedule: data-bus utilisation against the channel's
// peak, and the share of cycles commands waited on refresh (tRFC) and on
// each other timing constraint. Every number is measured on the schedule.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/DramTiming.h"
#include "kiln/rt/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace kiln::rt;
using namespace kiln::rt::pim;

namespace {

DramConfig load(const std::string &name) {
  return PimConfig::fromFile(std::string(KILN_SOURCE_DIR) +
                             "/configs/dimm-pim/" + name)
      .dram;
}

/// The command stream of a pattern, generated up front so that only the
/// scheduler is timed.
std::vector<Command> pattern(const DramConfig &cfg, const std::string &kind,
                             size_t n) {
  const DramOrg &o = cfg.org;
  const unsigned banks = o.banksPerRank(), ranks = 2;
  std::vector<Command> out;
  out.reserve(n + 64);
  std::mt19937 rng(1);
  auto at = [&](Opcode op, unsigned r, unsigned b) {
    Command c;
    c.op = op;
    c.rank = static_cast<uint8_t>(r);
    c.bankGroup = static_cast<uint8_t>(b % o.bankGroups);
    c.bank = static_cast<uint8_t>(b / o.bankGroups);
    return c;
  };
  if (kind == "conflict") {
    std::vector<int> open(ranks * banks, 0);
    while (out.size() < n) {
      unsigned r = rng() % ranks, b = rng() % banks;
      if (open[r * banks + b])
        out.push_back(at(Opcode::Pre, r, b));
      Command a = at(Opcode::Act, r, b);
      a.row = rng() % o.rows;
      out.push_back(a);
      Command rd = at(Opcode::Rd, r, b);
      rd.column = (rng() % o.burstsPerRow()) * o.burstLength;
      out.push_back(rd);
      open[r * banks + b] = 1;
    }
    return out;
  }
  bool mixed = kind == "mixed";
  for (uint32_t row = 0; out.size() < n; ++row) {
    for (unsigned r = 0; r < ranks; ++r)
      for (unsigned b = 0; b < banks; ++b) {
        Command a = at(Opcode::Act, r, b);
        a.row = row % o.rows;
        out.push_back(a);
      }
    // One rank's whole rows, then the other's: switching ranks every burst
    // would make the bus turnaround (tRTRS) the limit.
    uint64_t k = 0;
    for (unsigned r = 0; r < ranks; ++r)
      for (unsigned col = 0; col < o.columns; col += o.burstLength)
        for (unsigned b = 0; b < banks; ++b) {
          Command c = at(mixed && k++ % 4 == 3 ? Opcode::Wr : Opcode::Rd, r, b);
          c.column = col;
          out.push_back(c);
        }
    for (unsigned r = 0; r < ranks; ++r)
      out.push_back(at(Opcode::PreA, r, 0));
  }
  return out;
}

} // namespace

int main(int argc, char **argv) {
  size_t commands = 4000000;
  int repeat = 5;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--commands" && i + 1 < argc)
      commands = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--repeat" && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else {
      std::fprintf(stderr,
                   "usage: dimm-pim-dram [--commands N] [--repeat R]\n");
      return 1;
    }
  }
  try {
    std::printf("## DRAM timing core, one channel, %zu commands per run, "
                "median of %d runs (min-max)\n\n",
                commands, repeat);
    std::printf("| memory | pattern | Mcommands/s | Mcycles/s | data bus "
                "busy | refresh (tRFC) wait | largest other waits |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    for (const char *file : {"ddr4-3200.json", "ddr5-4800.json"}) {
      DramConfig cfg = load(file);
      for (const char *kind : {"stream", "conflict", "mixed"}) {
        std::vector<Command> prog = pattern(cfg, kind, commands);
        std::vector<double> cps, yps;
        ChannelStats last;
        for (int r = 0; r < repeat; ++r) {
          ChannelTiming ch(cfg, 0, true);
          auto t0 = std::chrono::steady_clock::now();
          for (size_t i = 0; i < prog.size(); ++i)
            ch.issue(prog[i], i);
          last = ch.finish();
          double s = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - t0)
                         .count();
          uint64_t issued = 0;
          for (uint64_t c : last.commands)
            issued += c;
          cps.push_back(issued / s / 1e6);
          yps.push_back(last.cycles / s / 1e6);
        }
        auto med = [](std::vector<double> v) {
          std::sort(v.begin(), v.end());
          char buf[64];
          std::snprintf(buf, sizeof buf, "%.1f (%.1f-%.1f)", v[v.size() / 2],
                        v.front(), v.back());
          return std::string(buf);
        };
        double cycles = double(last.cycles);
        std::vector<std::pair<uint64_t, unsigned>> waits;
        for (unsigned c = 2; c < kNumConstraints; ++c)
          if (c != unsigned(Constraint::RFC) && last.stallCycles[c])
            waits.push_back({last.stallCycles[c], c});
        std::sort(waits.rbegin(), waits.rend());
        std::string top;
        for (size_t k = 0; k < waits.size() && k < 3; ++k) {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%s%s %.1f%%", k ? ", " : "",
                        constraintName(Constraint(waits[k].second)),
                        100.0 * waits[k].first / cycles);
          top += buf;
        }
        std::printf("| %s | %s | %s | %s | %.1f%% | %.2f%% | %s |\n",
                    cfg.name.c_str(), kind, med(cps).c_str(), med(yps).c_str(),
                    100.0 * last.dataBusCycles / cycles,
                    100.0 * last.stallCycles[unsigned(Constraint::RFC)] /
                        cycles,
                    top.c_str());
      }
    }
    std::printf("\nData bus busy: cycles carrying bursts / all cycles (peak "
                "= 100%%). Waits: cycles commands were held past the command "
                "bus by each constraint, as a share of all cycles (executed "
                "schedule, not a formula).\n");
  } catch (const std::exception &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
