//===- dimm_pim_serving.cpp - GPU + DIMM-PIM serving model (L3) -----------===//
//
//   dimm-pim-serving [--gpu a100-80gb|h100-80gb] [--requests N] [--seed S]
//                    [--max-context T] [--json out.json]
//
// An iteration-level model of LLM serving on a GPU server whose host DIMMs
// compute decode attention (docs/results/dimm-pim.md explains every choice):
//
//  * GPU work (QKV/FFN projections, prefill) is a roofline of the configured
//    GPU (configs/dimm-pim/serving/gpus.json): labelled roofline.
//  * DIMM-PIM attention time comes from the command-level simulator: the
//    kernel the compiler emits for one rank's group of kv heads at a given
//    length (generateKernel, the emitter's code generator) is timed by
//    Machine::time (the full DRAM/PIM schedule, refresh included). A linear
//    model in the number of rounds is fitted to those runs and checked
//    against further simulator runs at held-out lengths; the largest error
//    is printed and must stay within 5%.
//  * Baselines in the same run: GPU-only (KV in HBM), CPU offload (KV in
//    host DRAM, moved over PCIe every step), HBM-PIM (AttAcc-style bank PUs
//    in HBM: 16x HBM bandwidth, HBM capacity), rank-level-only DIMM-PIM
//    (R-PIM: the naive layout's kernel, rank PUs reading whole bursts,
//    executed on the simulator like L3's). GPU-only, CPU offload and HBM-PIM
//    are rooflines.
//  * L3's three ideas, each switchable: the hybrid re-layout (off: the bank
//    PUs cannot compute, the naive layout's rank-PU kernel runs), the
//    overlap of PIM communication with computation (off: serialised), and
//    the adaptive scheduler (off: no sub-batches; GPU and PIM take turns).
//
// Requests: N per trace (configs/dimm-pim/serving/traces.json, log-normal
// lengths with the paper's means and deviations, seeded), all waiting at
// time 0; throughput = generated tokens / time to finish them all.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/ConfigReader.h"
#include "kiln/rt/Error.h"
#include "kiln/rt/PimKernel.h"
#include "kiln/rt/PimSimulator.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace kiln::rt;
using namespace kiln::rt::pim;
using json = nlohmann::json;

namespace {

json readJson(const std::string &rel) {
  std::string path = std::string(KILN_SOURCE_DIR) + "/configs/dimm-pim/" + rel;
  std::ifstream f(path);
  if (!f)
    fail(path, ": cannot open");
  std::stringstream ss;
  ss << f.rdbuf();
  return json::parse(ss.str());
}

double val(const json &j) {
  return j.is_object() ? j["value"].get<double>() : j.get<double>();
}

struct Gpu {
  std::string name;
  double peak = 0, bw = 0, capacity = 0, pcie = 0, effC = 0, effM = 0;
};

struct Model {
  std::string name;
  unsigned layers = 0, heads = 0, kvHeads = 0, dModel = 0, tp = 1, dp = 1;
  unsigned headDim = 128;
  double params = 0;
  unsigned group() const { return heads / kvHeads; }
  /// fp16 K and V of one token, all layers.
  double kvBytesPerToken() const {
    return 2.0 * layers * kvHeads * headDim * 2;
  }
  double weightBytes() const { return 2.0 * params; }
};

struct Trace {
  std::string name;
  double inMean = 0, inStd = 0, outMean = 0, outStd = 0;
};

struct Request {
  unsigned in = 0, out = 0;
};

/// Log-normal with the given mean and standard deviation.
std::vector<Request> synthesise(const Trace &t, unsigned n, uint64_t seed,
                                unsigned maxContext) {
  auto params = [](double mean, double sd) {
    double s2 = std::log(1 + sd * sd / (mean * mean));
    return std::make_pair(std::log(mean) - s2 / 2, std::sqrt(s2));
  };
  auto [mi, si] = params(t.inMean, t.inStd);
  auto [mo, so] = params(t.outMean, t.outStd);
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> in(mi, si), out(mo, so);
  std::vector<Request> r(n);
  for (Request &q : r) {
    q.in = std::max(1u, unsigned(std::lround(in(rng))));
    q.out = std::max(1u, unsigned(std::lround(out(rng))));
    // The context is capped (documented): a request longer than the cap is
    // truncated, its prompt first kept.
    q.in = std::min(q.in, maxContext / 2);
    q.out = std::min(q.out, maxContext - q.in);
  }
  return r;
}

/// Decode-attention time of one group of kv heads (one per chip of a rank)
/// over `len` tokens, from the simulator, fitted linearly in rounds.
class PimLatency {
public:
  PimLatency(const PimConfig &cfg, const Model &m, unsigned maxContext,
             unsigned chunk, Layout layout = Layout::Hybrid)
      : cfg_(cfg) {
    const DramOrg &o = cfg.dram.org;
    // Hybrid: a group is one kv head per chip; naive: one kv head, on the
    // rank PU.
    unsigned lanes = layout == Layout::Naive ? 1 : o.chipsPerRank;
    kvPerGroup_ = std::min(m.kvHeads, lanes);
    groupsPerLayer_ = (m.kvHeads + lanes - 1) / lanes;
    plan_.layout = uint32_t(layout);
    plan_.batch = 1;
    plan_.kvHeads = kvPerGroup_;
    plan_.group = m.group();
    plan_.headDim = m.headDim;
    plan_.chunk = chunk;
    plan_.spread = 1;
    plan_.scale = 1.0f / std::sqrt(float(m.headDim));
    roundTokens_ = plan_.chunk *
                   (layout == Layout::Naive ? o.bankGroups : o.banksPerRank());
    maxRounds_ = (maxContext + roundTokens_ - 1) / roundTokens_;
    std::vector<unsigned> fit;
    for (unsigned r = 1; r <= maxRounds_; r *= 2)
      fit.push_back(r);
    if (fit.back() != maxRounds_)
      fit.push_back(maxRounds_);
    // Least squares of cycles = a + b * rounds + c * chunks, on whole
    // rounds and on rounds half full (a naive round costs per active slot).
    double m3[3][4] = {};
    auto addPoint = [&](unsigned len) {
      double y = simulate(len);
      double x[3] = {1, double(roundsOf(len)), double(chunksOf(len))};
      for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j)
          m3[i][j] += x[i] * x[j];
        m3[i][3] += x[i] * y;
      }
      ++simRuns_;
    };
    for (unsigned r : fit) {
      addPoint(r * roundTokens_);
      addPoint(r * roundTokens_ - roundTokens_ / 2);
    }
    // The short end (up to two rounds of chunks), where fixed costs weigh
    // most, is a table of simulator runs.
    for (unsigned j = 1; j <= 2 * roundTokens_ / plan_.chunk; ++j) {
      short_.push_back(simulate(j * plan_.chunk));
      ++simRuns_;
    }
    for (int i = 0; i < 3; ++i) { // Gauss-Jordan, partial pivoting
      int piv = i;
      for (int r = i + 1; r < 3; ++r)
        if (std::abs(m3[r][i]) > std::abs(m3[piv][i]))
          piv = r;
      std::swap(m3[i], m3[piv]);
      if (std::abs(m3[i][i]) < 1e-12)
        continue; // degenerate (chunks proportional to rounds): c stays 0
      for (int r = 0; r < 3; ++r)
        if (r != i) {
          double f = m3[r][i] / m3[i][i];
          for (int c = i; c < 4; ++c)
            m3[r][c] -= f * m3[i][c];
        }
    }
    double coef[3];
    for (int i = 0; i < 3; ++i)
      coef[i] = std::abs(m3[i][i]) < 1e-12 ? 0 : m3[i][3] / m3[i][i];
    a_ = coef[0];
    b_ = coef[1];
    c_ = coef[2];
    // Held out: lengths between the fitted points, partial last rounds.
    for (unsigned r = 1; r <= maxRounds_; r = r * 3 / 2 + 1) {
      unsigned len = r * roundTokens_ - roundTokens_ / 3;
      double sim = simulate(len), model = cycles(len);
      maxError_ = std::max(maxError_, std::abs(model - sim) / sim);
      if (std::getenv("KILN_FIT_DEBUG"))
        std::fprintf(stderr, "len %u sim %.0f model %.0f\n", len, sim, model);
      ++simRuns_;
    }
  }
  /// Seconds of one group at `len` tokens (one decode step, one layer).
  double groupSeconds(unsigned len) const {
    return cycles(len) * cfg_.dram.timing.tckNs * 1e-9;
  }
  unsigned groupsPerLayer() const { return groupsPerLayer_; }
  unsigned chunk() const { return plan_.chunk; }
  unsigned roundTokens() const { return roundTokens_; }
  double maxError() const { return maxError_; }
  unsigned simRuns() const { return simRuns_; }
  double a() const { return a_; }
  double b() const { return b_; }
  double c() const { return c_; }

private:
  unsigned roundsOf(unsigned len) const {
    return std::max(1u, (len + roundTokens_ - 1) / roundTokens_);
  }
  unsigned chunksOf(unsigned len) const {
    return std::max(1u, (len + plan_.chunk - 1) / plan_.chunk);
  }
  double cycles(unsigned len) const {
    if (chunksOf(len) <= short_.size())
      return short_[chunksOf(len) - 1];
    return a_ + b_ * roundsOf(len) + c_ * chunksOf(len);
  }
  /// One decode step at `len` in a cache of whole rounds (a request's cache
  /// is reserved for its whole context, so rounds past the length exist and
  /// are skipped by their guards): the cache of len - 1 tokens is resident,
  /// the new token is written, attention runs over len.
  double simulate(unsigned len) {
    AttentionPlan p = plan_;
    p.capacity = (len + roundTokens_ - 1) / roundTokens_ * roundTokens_;
    Machine m(cfg_, generateKernel(p, cfg_));
    if (len > 1)
      m.time({int64_t(len - 1)});
    return double(m.time({int64_t(len)}).cycles);
  }
  PimConfig cfg_;
  AttentionPlan plan_;
  unsigned kvPerGroup_ = 0, groupsPerLayer_ = 0, roundTokens_ = 0,
           maxRounds_ = 0, simRuns_ = 0;
  double a_ = 0, b_ = 0, c_ = 0, maxError_ = 0;
  std::vector<double> short_; // cycles of 1, 2, ... chunks (simulated)
};

enum class Kind { L3, GpuOnly, CpuOffload, HbmPim, RPim };

struct System {
  std::string name;
  Kind kind = Kind::L3;
  bool relayout = true, overlap = true, adaptive = true;
  bool subbatch() const {
    return (kind == Kind::L3 && adaptive) || kind == Kind::HbmPim ||
           kind == Kind::RPim;
  }
  bool dimms() const {
    return kind == Kind::L3 || kind == Kind::CpuOffload || kind == Kind::RPim;
  }
};

struct Result {
  bool oom = false;
  double seconds = 0, tokens = 0, avgBatch = 0, maxBatch = 0;
  double throughput() const { return seconds > 0 ? tokens / seconds : 0; }
};

/// One data-parallel replica serving its share of the requests.
class Replica {
public:
  /// `hybrid` and `naive`: the simulator-fitted latencies of the two
  /// layouts (R-PIM and L3 without re-layout use the naive one).
  Replica(const System &sys, const Model &m, const Gpu &g, const PimConfig &pc,
          const PimLatency &hybrid, const PimLatency &naive)
      : sys(sys), m(m), g(g), pc(pc),
        lat(sys.kind == Kind::RPim || (sys.kind == Kind::L3 && !sys.relayout)
                ? naive
                : hybrid) {
    const DramOrg &o = pc.dram.org;
    ranks = std::max(1u, o.channels * o.ranksPerChannel() / m.dp);
    rankBytes = double(o.rankBytes());
    double hbm = m.tp * g.capacity - m.weightBytes();
    kvCapacity = sys.dimms() ? ranks * rankBytes : hbm;
    rankReserved.assign(ranks, 0);
    roundTokens = lat.roundTokens();
    chunk = lat.chunk();
  }

  Result run(std::vector<Request> reqs) {
    Result res;
    if (m.tp * g.capacity <= m.weightBytes() ||
        (!sys.dimms() && kvCapacity <= 0)) {
      res.oom = true;
      return res;
    }
    size_t next = 0;
    std::vector<Active> active;
    double time = 0, batchSum = 0;
    uint64_t iterations = 0;
    while (next < reqs.size() || !active.empty()) {
      // Admission: reserve the whole context (no preemption).
      while (next < reqs.size()) {
        const Request &r = reqs[next];
        double need = double(r.in + r.out) * m.kvBytesPerToken();
        std::vector<unsigned> placed;
        if (sys.dimms()) {
          // A request's chunks are spread over S ranks (chunk j on the
          // j mod S-th): as few as give every rank a full round of 16
          // chunks of 64 tokens (the bank PUs work in lockstep) and hold
          // its reservation, the least-loaded ranks first (L3 balances
          // requests over ranks).
          unsigned ctx = r.in + r.out;
          unsigned S =
              std::max<unsigned>((ctx + roundTokens - 1) / roundTokens,
                                 unsigned(std::ceil(need / rankBytes)));
          S = std::min(S, ranks);
          std::vector<unsigned> byLoad(ranks);
          for (unsigned k = 0; k < ranks; ++k)
            byLoad[k] = k;
          std::stable_sort(byLoad.begin(), byLoad.end(),
                           [&](unsigned x, unsigned y) {
                             return rankReserved[x] < rankReserved[y];
                           });
          for (unsigned k : byLoad)
            if (placed.size() < S && rankReserved[k] + need / S <= rankBytes)
              placed.push_back(k);
          if (placed.size() < S)
            break;
          for (unsigned k : placed)
            rankReserved[k] += need / S;
        } else if (reserved + need > kvCapacity) {
          break;
        }
        reserved += need;
        Active a;
        a.req = r;
        a.ranks = placed;
        a.prefillLeft = r.in;
        active.push_back(a);
        ++next;
      }
      if (active.empty()) {
        res.oom = true; // one request does not fit
        return res;
      }
      time += iteration(active);
      ++iterations;
      size_t decoding = 0;
      for (const Active &a : active)
        decoding += a.prefillLeft == 0 ? 1 : 0;
      batchSum += decoding;
      res.maxBatch = std::max(res.maxBatch, double(active.size()));
      // Retire finished requests.
      for (size_t i = 0; i < active.size();) {
        Active &a = active[i];
        if (a.generated >= a.req.out) {
          double need = double(a.req.in + a.req.out) * m.kvBytesPerToken();
          reserved -= need;
          for (unsigned k : a.ranks)
            rankReserved[k] -= need / a.ranks.size();
          res.tokens += a.req.out;
          active[i] = active.back();
          active.pop_back();
        } else {
          ++i;
        }
      }
    }
    res.seconds = time;
    res.avgBatch = iterations ? batchSum / iterations : 0;
    return res;
  }

private:
  struct Active {
    Request req;
    std::vector<unsigned> ranks; // DIMM-PIM: the ranks holding its chunks
    unsigned len = 0, generated = 0, prefillLeft = 0;
    int sub = 0; // sub-batch
  };

  /// GPU time of one layer's projections for `tokens` tokens (roofline).
  double gpuLayer(double tokens) const {
    if (tokens <= 0)
      return 0;
    double flops = 2.0 * m.params / m.layers * tokens;
    double bytes = m.weightBytes() / m.layers;
    return std::max(flops / (m.tp * g.peak * g.effC),
                    bytes / (m.tp * g.bw * g.effM));
  }
  /// Attention time of one layer for the decoding requests in `set`.
  double attnLayer(const std::vector<const Active *> &set) const {
    if (set.empty())
      return 0;
    double kvBytes = 0, commBytes = 0;
    const double perTokenLayer = m.kvBytesPerToken() / m.layers;
    for (const Active *a : set) {
      kvBytes += a->len * perTokenLayer;
      // q and the new K/V in, the output back (fp16).
      commBytes += (2.0 * m.heads + 2.0 * m.kvHeads) * m.headDim * 2;
    }
    switch (sys.kind) {
    case Kind::GpuOnly:
      return kvBytes / (m.tp * g.bw * g.effM);
    case Kind::HbmPim:
      return kvBytes / (m.tp * 16 * g.bw); // AttAcc: 16x, full use
    case Kind::CpuOffload:
      return kvBytes / (m.tp * g.pcie);
    case Kind::RPim:
    case Kind::L3: {
      double pim = 0;
      {
        // The ranks work in parallel; each does its share of each of its
        // requests, one after the other; the busiest rank decides.
        std::vector<double> perRank(ranks, 0);
        for (const Active *a : set) {
          double t = lat.groupsPerLayer() *
                     lat.groupSeconds(tokensPerRank(a->len, a->ranks.size()));
          for (unsigned k : a->ranks)
            perRank[k] += t;
        }
        pim = *std::max_element(perRank.begin(), perRank.end());
      }
      double comm = commBytes / (m.tp * g.pcie);
      return sys.overlap ? std::max(pim, comm) : pim + comm;
    }
    }
    return 0;
  }
  /// Tokens of a request on its busiest rank (chunks round-robin over S
  /// ranks).
  unsigned tokensPerRank(unsigned len, size_t S) const {
    unsigned chunks = (len + chunk - 1) / chunk;
    return std::min<unsigned>(len, unsigned((chunks + S - 1) / S * chunk));
  }

  /// One iteration: every decoding request makes a token, prefills advance.
  double iteration(std::vector<Active> &active) {
    // The adaptive scheduler's latency predictors (the fitted PIM model,
    // the GPU roofline) decide each iteration whether two sub-batches pay:
    // splitting overlaps GPU and PIM but reads the weights twice.
    bool split = sys.subbatch();
    if (sys.kind == Kind::L3 && sys.adaptive) {
      std::vector<unsigned> saved;
      for (const Active &a : active)
        saved.push_back(a.prefillLeft);
      double tSplit = work(active, true);
      for (size_t i = 0; i < active.size(); ++i)
        active[i].prefillLeft = saved[i];
      double tWhole = work(active, false);
      for (size_t i = 0; i < active.size(); ++i)
        active[i].prefillLeft = saved[i];
      split = tSplit < tWhole;
    }
    double t = work(active, split);
    advance(active);
    return t;
  }

  /// The time of one iteration with or without sub-batches; advances the
  /// prefills it schedules.
  double work(std::vector<Active> &active, bool split) {
    // Sub-batches: the adaptive scheduler balances the PIM work of the two
    // (longest first into the lighter), else alternate by arrival.
    std::vector<Active *> order;
    for (Active &a : active)
      order.push_back(&a);
    if (split) {
      if (sys.kind == Kind::L3 && sys.adaptive) {
        std::sort(
            order.begin(), order.end(),
            [](const Active *x, const Active *y) { return x->len > y->len; });
        double load[2] = {0, 0};
        for (Active *a : order) {
          a->sub = load[0] <= load[1] ? 0 : 1;
          load[a->sub] += a->len + 1;
        }
      } else {
        for (size_t i = 0; i < order.size(); ++i)
          order[i]->sub = int(i % 2);
      }
    } else {
      for (Active *a : order)
        a->sub = 0;
    }
    std::vector<const Active *> dec[2];
    double prefillTokens[2] = {0, 0};
    std::vector<Active *> pre[2];
    for (Active *a : order) {
      if (a->prefillLeft == 0)
        dec[a->sub].push_back(a);
      else
        pre[a->sub].push_back(a);
    }
    double t = 0;
    if (!split) {
      for (Active *a : pre[0]) {
        prefillTokens[0] += a->prefillLeft;
        a->prefillLeft = 0;
      }
      double gpu =
          m.layers * gpuLayer(double(dec[0].size()) + prefillTokens[0]);
      t = gpu + m.layers * attnLayer(dec[0]);
    } else {
      double attn[2] = {attnLayer(dec[0]), attnLayer(dec[1])};
      for (int s = 0; s < 2; ++s) {
        // Chunked prefill (adaptive): only as many prompt tokens as keep
        // this sub-batch's GPU time within the other's PIM time, at least
        // one chunk of 64 so prefills always progress.
        double budget = 1e300;
        if (sys.kind == Kind::L3 && sys.adaptive && !dec[1 - s].empty())
          budget = attn[1 - s];
        for (Active *a : pre[s]) {
          double take = a->prefillLeft;
          if (budget < 1e299) {
            double room = 0;
            double lo = 0, hi = a->prefillLeft;
            for (int it = 0; it < 30; ++it) { // largest chunk within budget
              double mid = (lo + hi) / 2;
              if (gpuLayer(dec[s].size() + prefillTokens[s] + mid) <= budget)
                lo = mid;
              else
                hi = mid;
            }
            room = std::floor(lo);
            take = std::min<double>(a->prefillLeft, std::max(room, 64.0));
          }
          prefillTokens[s] += take;
          a->prefillLeft -= unsigned(take);
        }
      }
      double gpu[2] = {gpuLayer(dec[0].size() + prefillTokens[0]),
                       gpuLayer(dec[1].size() + prefillTokens[1])};
      // Per layer: the GPU works on one sub-batch while the PIM attends
      // the other, then they swap.
      t = m.layers * (std::max(gpu[0], attn[1]) + std::max(gpu[1], attn[0]));
    }
    // Prefilled prompts' K/V go to the DIMMs over PCIe.
    if (sys.dimms()) {
      double kv = (prefillTokens[0] + prefillTokens[1]) * m.kvBytesPerToken();
      t += kv / (m.tp * g.pcie);
    }
    return t;
  }

  /// Every decoding request makes a token; finished prefills start decoding.
  void advance(std::vector<Active> &active) {
    for (Active &a : active) {
      if (a.prefillLeft == 0 && a.len == 0) {
        a.len = a.req.in; // prefill done: its first token comes next step
      } else if (a.prefillLeft == 0) {
        ++a.len;
        ++a.generated;
      }
    }
  }

  const System &sys;
  const Model &m;
  const Gpu &g;
  const PimConfig &pc;
  const PimLatency &lat;
  unsigned ranks = 1;
  double rankBytes = 0, kvCapacity = 0, reserved = 0;
  unsigned roundTokens = 64 * 16, chunk = 64;
  std::vector<double> rankReserved;
};

Result serve(const System &sys, const Model &m, const Gpu &g,
             const PimConfig &pc, const PimLatency &lat,
             const PimLatency &naive, const std::vector<Request> &reqs) {
  Result total;
  for (unsigned r = 0; r < m.dp; ++r) {
    std::vector<Request> share;
    for (size_t i = r; i < reqs.size(); i += m.dp)
      share.push_back(reqs[i]);
    Replica rep(sys, m, g, pc, lat, naive);
    Result one = rep.run(share);
    if (one.oom)
      return one;
    total.tokens += one.tokens;
    total.seconds = std::max(total.seconds, one.seconds);
    total.avgBatch += one.avgBatch;
    total.maxBatch += one.maxBatch;
  }
  return total;
}

} // namespace

int main(int argc, char **argv) {
  std::string gpuName = "a100-80gb", jsonPath, memory = "ddr4-3200.json";
  unsigned requests = 1000, maxContext = 32768;
  uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "error: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--gpu")
      gpuName = next();
    else if (a == "--requests")
      requests = unsigned(std::stoul(next()));
    else if (a == "--seed")
      seed = std::stoull(next());
    else if (a == "--max-context")
      maxContext = unsigned(std::stoul(next()));
    else if (a == "--memory")
      memory = next();
    else if (a == "--json")
      jsonPath = next();
    else {
      std::fprintf(stderr,
                   "usage: dimm-pim-serving [--gpu a100-80gb|h100-80gb] "
                   "[--memory ddr4-3200.json] [--requests N] [--seed S] "
                   "[--max-context T] [--json out.json]\n");
      return 2;
    }
  }
  try {
    json gj = readJson("serving/gpus.json"),
         mj = readJson("serving/models.json"),
         tj = readJson("serving/traces.json");
    if (!gj.contains(gpuName))
      fail("--gpu: no GPU '", gpuName,
           "' in configs/dimm-pim/serving/gpus.json");
    const json &gc = gj[gpuName];
    Gpu g{gc["name"]["value"].get<std::string>(),
          val(gc["peak_fp16"]),
          val(gc["hbm_bandwidth"]),
          val(gc["hbm_capacity"]),
          val(gc["pcie_bandwidth"]),
          val(gc["compute_efficiency"]),
          val(gc["memory_efficiency"])};
    PimConfig pc = PimConfig::fromFile(std::string(KILN_SOURCE_DIR) +
                                       "/configs/dimm-pim/" + memory);
    std::vector<Model> models;
    for (auto it = mj.begin(); it != mj.end(); ++it) {
      if (!it->is_object())
        continue;
      const json &x = *it;
      Model m;
      m.name = it.key();
      m.layers = x["layers"];
      m.heads = x["heads"];
      m.kvHeads = x["kv_heads"];
      m.dModel = x["d_model"];
      m.params = x["params"];
      m.tp = x["tp"];
      m.dp = x["dp"];
      models.push_back(m);
    }
    std::vector<Trace> traces;
    for (auto it = tj.begin(); it != tj.end(); ++it) {
      if (!it->is_object())
        continue;
      const json &x = *it;
      traces.push_back({it.key(), x["input_mean"], x["input_std"],
                        x["output_mean"], x["output_std"]});
    }
    std::vector<System> systems = {
        {"L3 (all three ideas)", Kind::L3},
        {"L3 without hybrid re-layout", Kind::L3, false, true, true},
        {"L3 without overlap", Kind::L3, true, false, true},
        {"L3 without adaptive scheduler", Kind::L3, true, true, false},
        {"GPU-only", Kind::GpuOnly},
        {"CPU offload", Kind::CpuOffload},
        {"HBM-PIM (AttAcc)", Kind::HbmPim},
        {"R-PIM (rank PUs only)", Kind::RPim},
    };
    json out = {{"gpu", g.name},
                {"memory", pc.dram.name},
                {"requests", requests},
                {"seed", seed},
                {"max_context", maxContext},
                {"models", json::object()}};
    std::printf("GPU %s, host memory %s (%.0f GiB), %u requests per trace "
                "(seed %llu), context capped at %u tokens\n\n",
                g.name.c_str(), pc.dram.name.c_str(),
                double(pc.dram.org.totalBytes()) / (1ull << 30), requests,
                (unsigned long long)seed, maxContext);
    std::printf("Decode-attention latency model per chunk (fitted to the "
                "simulator, checked at held-out lengths), and L3's throughput "
                "on held-out requests (seed + 1000):\n\n");
    // The chunk of the online softmax is chosen per model on held-out
    // requests (another seed), never on the ones reported.
    std::vector<unsigned> chunks = {16, 32, 64, 128};
    std::map<std::string, std::unique_ptr<PimLatency>> lats, naiveLats;
    std::printf(
        "| model | chunk | kv heads per rank group | groups per layer | "
        "cycles = a + b x rounds + c x chunks | simulator runs | largest error "
        "| "
        "held-out tokens/s |\n|---|---|---|---|---|---|---|---|\n");
    for (const Model &m : models) {
      double best = -1;
      for (unsigned chunk : chunks) {
        auto lat = std::make_unique<PimLatency>(pc, m, maxContext, chunk);
        if (lat->maxError() > 0.05)
          fail("the fitted latency of ", m.name, " (chunk ", chunk, ") is ",
               100 * lat->maxError(), "% off the simulator (allowed: 5%)");
        double held = 0;
        for (const Trace &t : traces) {
          std::vector<Request> reqs = synthesise(t, std::max(50u, requests / 5),
                                                 seed + 1000, maxContext);
          held += serve(systems[0], m, g, pc, *lat, *lat, reqs).throughput();
        }
        held /= traces.size();
        std::printf("| %s | %u | %u | %u | %.0f + %.0f r + %.0f j | %u | "
                    "%.2f%% | %.0f |\n",
                    m.name.c_str(), chunk,
                    std::min(m.kvHeads, pc.dram.org.chipsPerRank),
                    lat->groupsPerLayer(), lat->a(), lat->b(), lat->c(),
                    lat->simRuns(), 100 * lat->maxError(), held);
        out["models"][m.name]["latency_fit"][std::to_string(chunk)] = {
            {"a_cycles", lat->a()},
            {"b_cycles_per_round", lat->b()},
            {"c_cycles_per_chunk", lat->c()},
            {"max_error", lat->maxError()},
            {"held_out_tokens_per_s", held}};
        if (held > best) {
          best = held;
          lats[m.name] = std::move(lat);
        }
      }
      out["models"][m.name]["chunk"] = lats[m.name]->chunk();
      // The naive layout's kernel (rank PUs only) at the same chunk.
      naiveLats[m.name] = std::make_unique<PimLatency>(
          pc, m, maxContext, lats[m.name]->chunk(), Layout::Naive);
      const PimLatency &nl = *naiveLats[m.name];
      if (nl.maxError() > 0.05)
        fail("the fitted naive-layout latency of ", m.name, " is ",
             100 * nl.maxError(), "% off the simulator (allowed: 5%)");
      std::printf(
          "| %s | %u, naive layout | 1 | %u | %.0f + %.0f r + %.0f j | %u | "
          "%.2f%% | - |\n",
          m.name.c_str(), nl.chunk(), nl.groupsPerLayer(), nl.a(), nl.b(),
          nl.c(), nl.simRuns(), 100 * nl.maxError());
      out["models"][m.name]["latency_fit_naive"] = {
          {"a_cycles", nl.a()},
          {"b_cycles_per_round", nl.b()},
          {"c_cycles_per_chunk", nl.c()},
          {"max_error", nl.maxError()}};
    }
    std::printf("\nChosen chunks:");
    for (const Model &m : models)
      std::printf(" %s %u", m.name.c_str(), lats[m.name]->chunk());
    std::printf("\n");
    std::printf("\nThroughput (generated tokens/s) and average decode batch. "
                "Executed on the simulator: the DIMM-PIM attention of the L3 "
                "rows and R-PIM; roofline: the GPU's work, GPU-only, CPU "
                "offload, HBM-PIM:\n");
    for (const Model &m : models) {
      std::printf("\n%s (TP %u, DP %u):\n\n| system |", m.name.c_str(), m.tp,
                  m.dp);
      for (const Trace &t : traces)
        std::printf(" %s tokens/s | batch |", t.name.c_str());
      std::printf("\n|---|");
      for (size_t i = 0; i < traces.size(); ++i)
        std::printf("---|---|");
      std::printf("\n");
      std::vector<std::vector<Result>> rows(systems.size());
      for (const Trace &t : traces) {
        std::vector<Request> reqs = synthesise(t, requests, seed, maxContext);
        for (size_t s = 0; s < systems.size(); ++s)
          rows[s].push_back(serve(systems[s], m, g, pc, *lats[m.name],
                                  *naiveLats[m.name], reqs));
      }
      for (size_t s = 0; s < systems.size(); ++s) {
        std::printf("| %s |", systems[s].name.c_str());
        for (size_t t = 0; t < traces.size(); ++t) {
          const Result &r = rows[s][t];
          if (r.oom)
            std::printf(" OOM | - |");
          else
            std::printf(" %.0f | %.1f |", r.throughput(), r.avgBatch);
          out["models"][m.name]["throughput"][traces[t].name][systems[s].name] =
              {{"oom", r.oom},
               {"tokens_per_s", r.throughput()},
               {"avg_batch", r.avgBatch},
               {"seconds", r.seconds}};
        }
        std::printf("\n");
      }
    }
    // Largest batch that fits against context length (capacity / KV size).
    std::printf("\nLargest batch that fits (KV cache of the whole context "
                "reserved; weights take HBM first):\n\n| model | memory |");
    std::vector<unsigned> contexts = {2048, 8192, 32768};
    for (unsigned c : contexts)
      std::printf(" %u tokens |", c);
    std::printf("\n|---|---|");
    for (size_t i = 0; i < contexts.size(); ++i)
      std::printf("---|");
    std::printf("\n");
    for (const Model &m : models) {
      double hbm = m.dp * (m.tp * g.capacity - m.weightBytes());
      double host = double(pc.dram.org.totalBytes());
      for (auto [label, cap] :
           {std::pair<const char *, double>{"HBM (GPU-only, HBM-PIM)", hbm},
            {"host DIMMs (L3, R-PIM, CPU)", host}}) {
        std::printf("| %s | %s |", m.name.c_str(), label);
        for (unsigned c : contexts) {
          double b = std::max(0.0, std::floor(cap / (c * m.kvBytesPerToken())));
          std::printf(" %.0f |", b);
          out["models"][m.name]["largest_batch"][label][std::to_string(c)] = b;
        }
        std::printf("\n");
      }
    }
    if (!jsonPath.empty()) {
      std::ofstream f(jsonPath + ".tmp");
      f << out.dump(1) << "\n";
      f.close();
      if (std::rename((jsonPath + ".tmp").c_str(), jsonPath.c_str()) != 0)
        fail(jsonPath, ": cannot write");
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
