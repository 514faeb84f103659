//===- PimMachineTest.cpp - decode attention on the simulated DIMM-PIM ----===//
//
// The machine executes the kernel's commands one by one (bank-PU MACs on
// the bytes in the simulated rows, rank-PU softmax and merges); its results
// must equal, bit for bit, the units' arithmetic applied directly to the
// inputs (decodeAttentionHead, with the same chunk and spread), and its
// timed command traces must pass the independent checker.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/DType.h"
#include "kiln/rt/Error.h"
#include "kiln/rt/PimArithmetic.h"
#include "kiln/rt/PimKernel.h"
#include "kiln/rt/PimSimulator.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>

using namespace kiln::rt;
using namespace kiln::rt::pim;

namespace {

PimConfig defaultConfig() {
  return PimConfig::fromJson(
      nlohmann::json::parse(PimConfig::defaultJsonText()));
}

PimConfig configFile(const char *name) {
  return PimConfig::fromFile(std::string(KILN_SOURCE_DIR) +
                             "/configs/dimm-pim/" + name);
}
PimConfig ddr5Config() { return configFile("ddr5-4800.json"); }

struct Case {
  AttentionPlan plan;
  Tensor q, k, v, lengths, out;
};

Case makeCase(unsigned batch, unsigned kvHeads, unsigned group,
              unsigned capacity, unsigned d, unsigned chunk,
              std::vector<int64_t> lens, const PimConfig &cfg,
              unsigned spread = 0, uint32_t seed = 1) {
  Case c;
  c.plan.batch = batch;
  c.plan.kvHeads = kvHeads;
  c.plan.group = group;
  c.plan.capacity = capacity;
  c.plan.headDim = d;
  c.plan.chunk = chunk;
  c.plan.scale = 1.0f / std::sqrt(float(d));
  c.plan.spread = spread ? spread : defaultSpread(c.plan, cfg);
  int64_t B = batch, H = kvHeads * group, Hkv = kvHeads, C = capacity, D = d;
  c.q = Tensor(DType::F32, {B, H, 1, D});
  c.k = Tensor(DType::F32, {B, Hkv, C, D});
  c.v = Tensor(DType::F32, {B, Hkv, C, D});
  c.lengths = Tensor(DType::I64, {B});
  c.out = Tensor(DType::F32, {B, H, 1, D});
  std::mt19937 rng(seed);
  std::normal_distribution<float> n(0.0f, 1.0f);
  for (Tensor *t : {&c.q, &c.k, &c.v})
    for (int64_t i = 0; i < t->numel(); ++i)
      t->data<float>()[i] = n(rng);
  for (unsigned b = 0; b < batch; ++b)
    c.lengths.data<int64_t>()[b] = lens[b];
  return c;
}

std::vector<uint16_t> halves(const Tensor &t) {
  std::vector<uint16_t> h(t.numel());
  for (int64_t i = 0; i < t.numel(); ++i)
    h[i] = floatToHalf(t.data<float>()[i]);
  return h;
}

/// The units' arithmetic applied directly (no commands, no DIMMs).
std::vector<float> expected(const Case &c) {
  const AttentionPlan &p = c.plan;
  std::vector<uint16_t> q = halves(c.q), k = halves(c.k), v = halves(c.v);
  unsigned H = p.kvHeads * p.group, d = p.headDim;
  std::vector<float> out(size_t(p.batch) * H * d);
  for (unsigned b = 0; b < p.batch; ++b)
    for (unsigned h = 0; h < H; ++h) {
      unsigned kvh = h / p.group;
      size_t kv = (size_t(b) * p.kvHeads + kvh) * p.capacity * d;
      decodeAttentionHead(&q[(size_t(b) * H + h) * d], &k[kv], &v[kv],
                          unsigned(c.lengths.data<int64_t>()[b]), d, d, p.scale,
                          p.chunk, &out[(size_t(b) * H + h) * d], p.spread);
    }
  return out;
}

void expectBitEqual(const Tensor &got, const std::vector<float> &want) {
  ASSERT_EQ(size_t(got.numel()), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    uint32_t a, b;
    std::memcpy(&a, &got.data<float>()[i], 4);
    std::memcpy(&b, &want[i], 4);
    ASSERT_EQ(a, b) << "element " << i << ": " << got.data<float>()[i] << " vs "
                    << want[i];
  }
}

void checkTraces(const PimConfig &cfg,
                 const std::vector<std::vector<TimedCommand>> &traces) {
  for (unsigned ch = 0; ch < traces.size(); ++ch)
    EXPECT_EQ(checkTrace(cfg.dram, ch, traces[ch]), "") << "channel " << ch;
}

TEST(PimMachine, GqaBatchWithRaggedLengthsIsBitExact) {
  PimConfig cfg = defaultConfig();
  // Lengths that are not multiples of the chunk; one sequence of 1 token.
  Case c = makeCase(3, 2, 2, 100, 32, 16, {100, 37, 1}, cfg);
  Machine m(cfg, generateKernel(c.plan, cfg));
  std::vector<std::vector<TimedCommand>> traces;
  LaunchStats st = m.run(c.q, c.k, c.v, c.lengths, c.out, &traces);
  expectBitEqual(c.out, expected(c));
  checkTraces(cfg, traces);
  EXPECT_EQ(st.tokensAppended, 100u); // the longest sequence of the group
  EXPECT_GT(st.cycles, 0u);
}

TEST(PimMachine, MhaOnDdr5WithSeveralGroupsPerRankIsBitExact) {
  PimConfig cfg = ddr5Config();
  // 4 chips per DDR5 rank: 3 x 4 pairs make 3 groups; spread 1 puts a whole
  // sequence's chunks on one rank.
  Case c = makeCase(3, 4, 1, 64, 64, 8, {64, 9, 33}, cfg, 1);
  Machine m(cfg, generateKernel(c.plan, cfg));
  std::vector<std::vector<TimedCommand>> traces;
  m.run(c.q, c.k, c.v, c.lengths, c.out, &traces);
  expectBitEqual(c.out, expected(c));
  checkTraces(cfg, traces);
}

PimConfig twoTbConfig() { return configFile("ddr4-3200-2tb.json"); }

// The naive layout: the rank PU computes on whole bursts read over the
// DIMM's internal bus (each fp16 element split over chips by the standard
// interleave); the same arithmetic, so the same bits as the hybrid layout.
TEST(PimMachine, NaiveLayoutIsBitExactAndMatchesHybrid) {
  for (const PimConfig &cfg : {defaultConfig(), twoTbConfig(), ddr5Config()}) {
    Case c = makeCase(3, 2, 2, 100, 64, 16, {100, 37, 1}, cfg, 4);
    Case n = c;
    n.plan.layout = uint32_t(Layout::Naive);
    n.out = Tensor(DType::F32, c.out.shape());
    Machine hybrid(cfg, generateKernel(c.plan, cfg));
    Machine naive(cfg, generateKernel(n.plan, cfg));
    std::vector<std::vector<TimedCommand>> traces;
    hybrid.run(c.q, c.k, c.v, c.lengths, c.out);
    LaunchStats st = naive.run(n.q, n.k, n.v, n.lengths, n.out, &traces);
    expectBitEqual(n.out, expected(n));
    expectBitEqual(n.out,
                   std::vector<float>(c.out.data<float>(),
                                      c.out.data<float>() + c.out.numel()));
    checkTraces(cfg, traces);
    EXPECT_EQ(st.commands[unsigned(Opcode::Mac)], 0u);
    EXPECT_GT(st.commands[unsigned(Opcode::RdPu)], 0u);
    // Resident on the next step: only the new tokens are written (one per
    // kv head of the two sequences that grew: a group is one pair here).
    for (unsigned b = 1; b < 3; ++b)
      ++n.lengths.data<int64_t>()[b];
    LaunchStats next = naive.run(n.q, n.k, n.v, n.lengths, n.out);
    EXPECT_EQ(next.tokensAppended, 4u) << cfg.name;
    expectBitEqual(n.out, expected(n));
  }
}

TEST(PimMachine, CacheStaysResidentBetweenLaunches) {
  PimConfig cfg = defaultConfig();
  Case c = makeCase(2, 2, 1, 64, 32, 16, {20, 30}, cfg);
  Machine m(cfg, generateKernel(c.plan, cfg));
  LaunchStats first = m.run(c.q, c.k, c.v, c.lengths, c.out);
  EXPECT_EQ(first.tokensAppended, 30u);
  // The next step: one more token per sequence, a new q.
  c.lengths.data<int64_t>()[0] = 21;
  c.lengths.data<int64_t>()[1] = 31;
  for (int64_t i = 0; i < c.q.numel(); ++i)
    c.q.data<float>()[i] *= -0.5f;
  LaunchStats next = m.run(c.q, c.k, c.v, c.lengths, c.out);
  // Each sequence's new token (positions 20 and 30) is written, the other
  // 29 positions of the group are resident.
  EXPECT_EQ(next.tokensAppended, 2u);
  EXPECT_EQ(next.tokensResident, 29u);
  expectBitEqual(c.out, expected(c));
  // A changed past token is found and rewritten.
  c.k.data<float>()[5 * 32 + 3] += 1.0f;
  LaunchStats changed = m.run(c.q, c.k, c.v, c.lengths, c.out);
  EXPECT_EQ(changed.tokensAppended, 1u);
  expectBitEqual(c.out, expected(c));
  // Only q, the configuration and the new tokens travel.
  EXPECT_LT(next.bytesToPim, first.bytesToPim / 5);
}

TEST(PimMachine, LongCacheOf32kTokens) {
  PimConfig cfg = defaultConfig();
  Case c = makeCase(1, 1, 1, 32768, 64, 64, {32768}, cfg);
  Machine m(cfg, generateKernel(c.plan, cfg));
  LaunchStats st = m.run(c.q, c.k, c.v, c.lengths, c.out);
  expectBitEqual(c.out, expected(c));
  EXPECT_EQ(st.tokensAppended, 32768u);
}

TEST(PimMachine, TimingOnlyGivesTheSameSchedule) {
  PimConfig cfg = defaultConfig();
  Case c = makeCase(2, 4, 2, 300, 64, 32, {250, 97}, cfg);
  Kernel k = generateKernel(c.plan, cfg);
  Machine full(cfg, k), timed(cfg, k);
  for (int step = 0; step < 3; ++step) {
    LaunchStats a = full.run(c.q, c.k, c.v, c.lengths, c.out);
    LaunchStats b = timed.time(
        {c.lengths.data<int64_t>()[0], c.lengths.data<int64_t>()[1]});
    EXPECT_EQ(a.cycles, b.cycles) << "step " << step;
    EXPECT_EQ(a.commands, b.commands);
    EXPECT_EQ(a.tokensAppended, b.tokensAppended);
    EXPECT_EQ(a.macs, b.macs);
    EXPECT_EQ(a.bytesToPim, b.bytesToPim);
    EXPECT_DOUBLE_EQ(a.dramEnergyPj, b.dramEnergyPj);
    ++c.lengths.data<int64_t>()[0];
    ++c.lengths.data<int64_t>()[1];
  }
}

TEST(PimMachine, RefusesWhatCannotRun) {
  PimConfig cfg = defaultConfig();
  auto message = [&](AttentionPlan p) {
    try {
      generateKernel(p, cfg);
    } catch (const Error &e) {
      return std::string(e.what());
    }
    return std::string();
  };
  Case c = makeCase(1, 1, 1, 64, 32, 16, {64}, cfg);
  AttentionPlan odd = c.plan;
  odd.headDim = 30;
  EXPECT_NE(message(odd).find("head dim 30 is not a multiple of the 4 fp16"),
            std::string::npos)
      << message(odd);
  AttentionPlan huge = c.plan;
  huge.batch = 4096;
  huge.kvHeads = 8;
  huge.capacity = 1 << 20;
  huge.spread = 1;
  EXPECT_NE(message(huge).find("needs"), std::string::npos) << message(huge);
  EXPECT_NE(message(huge).find("rows of every bank"), std::string::npos);
  AttentionPlan big = c.plan;
  big.chunk = 1024;
  big.group = 8;
  EXPECT_NE(message(big).find("accumulators"), std::string::npos);
  // Lengths outside 1..capacity at run time.
  Machine m(cfg, generateKernel(c.plan, cfg));
  c.lengths.data<int64_t>()[0] = 65;
  EXPECT_THROW(m.run(c.q, c.k, c.v, c.lengths, c.out), Error);
}

TEST(PimMachine, KernelBlobRoundTripsAndRejectsDamage) {
  PimConfig cfg = defaultConfig();
  Case c = makeCase(1, 2, 2, 64, 32, 16, {64}, cfg);
  Kernel k = generateKernel(c.plan, cfg);
  std::string blob = buildKernel(k);
  Kernel back = readKernel(blob.data(), blob.size(), "s");
  ASSERT_EQ(back.streams.size(), k.streams.size());
  EXPECT_EQ(back.numCommands(), k.numCommands());
  EXPECT_EQ(buildKernel(back), blob);
  validateKernel(back, cfg, "s");
  auto error = [&](const std::string &b) {
    try {
      Kernel x = readKernel(b.data(), b.size(), "s");
      validateKernel(x, cfg, "s");
    } catch (const Error &e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error(blob.substr(0, blob.size() - 3)).find("does not hold"),
            std::string::npos);
  EXPECT_NE(error(blob.substr(0, 40)).find("truncated"), std::string::npos);
  std::string bad = blob;
  bad[0] = 'X';
  EXPECT_NE(error(bad).find("bad magic"), std::string::npos);
  // A command naming another rank than its stream.
  bad = blob;
  uint64_t w;
  std::memcpy(&w, &bad[bad.size() - 8], 8);
  Command last = decode(w);
  last.rank = (last.rank + 1) % 4;
  w = encode(last);
  std::memcpy(&bad[bad.size() - 8], &w, 8);
  EXPECT_NE(error(bad).find("names rank"), std::string::npos) << error(bad);
}

} // namespace

namespace {

// The PIM requests' argument fields: each round-trips at its limits, and
// the listing prints what the simulator decodes.
TEST(PimIsa, RequestArgumentsRoundTrip) {
  MacArg mac = decodeMacArg(encodeMacArg({true, kMaxMacToken, 37}));
  EXPECT_TRUE(mac.sv);
  EXPECT_EQ(mac.token, kMaxMacToken);
  EXPECT_EQ(mac.burst, 37u);
  EXPECT_EQ(encodeMacArg({false, 3, 1}), 0u | 3u << 1 | 1u << 12);
  WrQArg q = decodeWrQArg(encodeWrQArg({7, 31}));
  EXPECT_EQ(q.query, 7u);
  EXPECT_EQ(q.burst, 31u);
  CfgArg cfg = decodeCfgArg(encodeCfgArg({true, 1u << 20}));
  EXPECT_TRUE(cfg.round);
  EXPECT_EQ(cfg.firstChunk, 1u << 20);
  EXPECT_FALSE(decodeCfgArg(encodeCfgArg({})).round);
  RdResArg r = decodeRdResArg(encodeRdResArg({true, 511}));
  EXPECT_TRUE(r.outputs);
  EXPECT_EQ(r.burst, 511u);
  Command c;
  c.op = Opcode::Mac;
  c.column = 16;
  c.arg = encodeMacArg({true, 5, 2});
  EXPECT_EQ(formatCommand(c), "mac.sv r0 col=16 tok=5 burst=2");
  c.op = Opcode::RdRes;
  c.bankGroup = 1;
  c.bank = 2;
  c.arg = encodeRdResArg({false, 4});
  EXPECT_EQ(formatCommand(c), "rdres.s r0 bg1 b2 burst=4");
}

} // namespace
