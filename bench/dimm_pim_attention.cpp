//===- dimm_pim_attention.cpp - decode-attention streams on the DIMM-PIM --===//
//
//   dimm-pim-attention [--tokens N] [--repeat R] [--mode
//   functional|timing|both]
//
// Runs the decode-attention kernel the compiler emits (kiln/rt/PimKernel.h)
// for one sequence of N cached tokens (default 32768), head dim 128, on the
// simulated DIMM-PIM (kiln/rt/PimSimulator.h), for DDR4-3200 and DDR5-4800
// and for a kv-head count that fills one rank (one chip per kv head) with
// the chunks on one rank (spread 1) and spread over every rank. The cache is
// written up to the last token by a first launch (not timed); the first
// timed launch writes the last token, the later ones find every token
// resident. The schedule columns are those of the last launch (no write);
// the speed is the median over the launches.
//
// Each case runs twice: functional (every MAC computed on the simulated
// rows) and timing only (the same commands and schedule, no data), which is
// what the serving model uses.
//
// Prints (1) the simulator's speed: simulated commands and cycles per second
// of host time on one core (median of R launches, min-max); (2) the
// executed schedule: internal (bank-array) bandwidth of the MACs against the
// peak of the ranks used (every bank one burst per tCCD_L), the channel's
// data bus, and the share of cycles commands waited on refresh (tRFC) and
// on each other timing constraint. Every number is measured.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/Error.h"
#include "kiln/rt/PimKernel.h"
#include "kiln/rt/PimSimulator.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
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

PimConfig load(const std::string &name) {
  return PimConfig::fromFile(std::string(KILN_SOURCE_DIR) +
                             "/configs/dimm-pim/" + name);
}

struct Row {
  std::string memory, mapping;
  uint64_t commands = 0, cycles = 0;
  double mcmdMedian = 0, mcmdMin = 0, mcmdMax = 0, mcycMedian = 0;
  double internalUtil = 0, refreshShare = 0, seconds = 0;
  std::string topStalls;
};

Row measure(const std::string &file, unsigned spread, unsigned tokens,
            int repeat, bool functional) {
  PimConfig cfg = load(file);
  AttentionPlan plan;
  plan.batch = 1;
  plan.kvHeads = cfg.dram.org.chipsPerRank;
  plan.group = 1;
  plan.capacity = tokens;
  plan.headDim = 128;
  plan.chunk = 64;
  plan.scale = 1.0f / std::sqrt(128.0f);
  plan.spread = spread ? spread : defaultSpread(plan, cfg);
  Machine m(cfg, generateKernel(plan, cfg));
  int64_t H = plan.kvHeads, C = tokens, D = plan.headDim;
  Tensor q, k, v, len(DType::I64, {1}), out;
  if (functional) {
    q = Tensor(DType::F32, {1, H, 1, D});
    k = Tensor(DType::F32, {1, H, C, D});
    v = Tensor(DType::F32, {1, H, C, D});
    out = Tensor(DType::F32, {1, H, 1, D});
    std::mt19937 rng(3);
    std::normal_distribution<float> n(0, 1);
    for (Tensor *t : {&q, &k, &v})
      for (int64_t i = 0; i < t->numel(); ++i)
        t->data<float>()[i] = n(rng);
  }
  len.data<int64_t>()[0] = C - 1;
  if (functional)
    m.run(q, k, v, len, out); // writes the cache: not timed
  else
    m.time({C - 1});
  len.data<int64_t>()[0] = C;
  std::vector<double> rates, cycRates;
  LaunchStats last;
  for (int r = 0; r < repeat; ++r) {
    // The same step again: the new token is written once, then resident.
    auto t0 = std::chrono::steady_clock::now();
    last = functional ? m.run(q, k, v, len, out) : m.time({C});
    double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
    uint64_t cmds = 0;
    for (uint64_t c : last.commands)
      cmds += c;
    rates.push_back(cmds / s / 1e6);
    cycRates.push_back(last.cycles / s / 1e6);
  }
  std::sort(rates.begin(), rates.end());
  std::sort(cycRates.begin(), cycRates.end());
  Row row;
  row.memory = cfg.dram.name;
  row.mapping = "spread " + std::to_string(plan.spread) +
                (functional ? ", functional" : ", timing only");
  for (uint64_t c : last.commands)
    row.commands += c;
  row.cycles = last.cycles;
  row.seconds = last.seconds;
  row.mcmdMedian = rates[rates.size() / 2];
  row.mcmdMin = rates.front();
  row.mcmdMax = rates.back();
  row.mcycMedian = cycRates[cycRates.size() / 2];
  nlohmann::json j = last.toJson(cfg);
  row.internalUtil = j["internal_bandwidth_utilisation"].get<double>();
  // Shares of the issuing ranks' cycles spent waiting, per constraint.
  double rankCycles = double(last.cycles) * last.ranksUsed;
  row.refreshShare =
      last.stallCycles[unsigned(Constraint::RFC)] / std::max(rankCycles, 1.0);
  std::vector<std::pair<double, std::string>> stalls;
  for (unsigned i = 1; i < kNumConstraints; ++i)
    if (i != unsigned(Constraint::RFC) && last.stallCycles[i])
      stalls.push_back({last.stallCycles[i] / std::max(rankCycles, 1.0),
                        constraintName(Constraint(i))});
  std::sort(stalls.rbegin(), stalls.rend());
  for (size_t i = 0; i < std::min<size_t>(3, stalls.size()); ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%s %.1f%%", i ? ", " : "",
                  stalls[i].second.c_str(), 100 * stalls[i].first);
    row.topStalls += buf;
  }
  return row;
}

} // namespace

int main(int argc, char **argv) {
  unsigned tokens = 32768;
  int repeat = 5;
  std::string mode = "both";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mode" && i + 1 < argc) {
      mode = argv[++i];
      continue;
    }
    if (a == "--tokens" && i + 1 < argc)
      tokens = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (a == "--repeat" && i + 1 < argc)
      repeat = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr, "usage: dimm-pim-attention [--tokens N] "
                           "[--repeat R] [--mode functional|timing|both]\n");
      return 2;
    }
  }
  try {
    std::printf("decode attention, 1 sequence x %u tokens, head dim 128, one "
                "kv head per chip of a rank, chunk 64; %d timed launches "
                "(executed)\n\n",
                tokens, repeat);
    std::printf("| memory | mapping | commands | simulated cycles | simulated "
                "time | M commands/s (median, min-max) | M cycles/s | internal "
                "bandwidth used | refresh wait | largest other waits |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
    for (const char *file : {"ddr4-3200.json", "ddr5-4800.json"})
      for (unsigned spread : {1u, 0u})
        for (bool functional : {true, false}) {
          if ((functional && mode == "timing") ||
              (!functional && mode == "functional"))
            continue;
          Row r = measure(file, spread, tokens, repeat, functional);
          std::printf(
              "| %s | %s | %llu | %llu | %.1f us | %.1f (%.1f-%.1f) | "
              "%.1f | %.1f%% | %.1f%% | %s |\n",
              r.memory.c_str(), r.mapping.c_str(),
              (unsigned long long)r.commands, (unsigned long long)r.cycles,
              r.seconds * 1e6, r.mcmdMedian, r.mcmdMin, r.mcmdMax, r.mcycMedian,
              100 * r.internalUtil, 100 * r.refreshShare, r.topStalls.c_str());
        }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
