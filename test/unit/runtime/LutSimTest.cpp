//===- LutSimTest.cpp - LUT-TC simulator: functions, faults, timing
//--------===//

#include "LutTestUtil.h"

#include "kiln/rt/Device.h"
#include "kiln/rt/Executor.h"
#include "kiln/rt/Kbin.h"
#include "kiln/rt/LutStep.h"

#include <cstdio>
#include <cstdlib>
#include <functional>

using namespace luttest;

namespace {

//===----------------------------------------------------------------------===//
// References
//===----------------------------------------------------------------------===//

/// Per-row i8 quantization as docs/targets/lut-tc.md defines it.
void quantizeRow(const GemmData &d, unsigned m, float &sa,
                 std::vector<int> &xq) {
  const unsigned kd = d.c.kd;
  float mx = 0;
  for (unsigned k = 0; k < kd; ++k)
    mx = std::max(mx, std::fabs(d.xin(m, k)));
  sa = mx == 0 ? 1.0f : mx / 127.0f;
  xq.resize(kd);
  for (unsigned k = 0; k < kd; ++k) {
    float v = std::nearbyint(d.xin(m, k) / sa);
    xq[k] = static_cast<int>(std::max(-127.0f, std::min(127.0f, v)));
  }
}

/// (i) i8 activations, i16 tables: dequantized weights, the exact partial
/// s_a * s * sum_k xq_k (q_k - z) of every group rounded once to f32, groups
/// added in order in f32.
std::vector<float> referenceI8I16(const GemmData &d) {
  const GemmCase &c = d.c;
  std::vector<float> y(size_t(c.m) * c.n);
  for (unsigned m = 0; m < c.m; ++m) {
    float sa;
    std::vector<int> xq;
    quantizeRow(d, m, sa, xq);
    for (unsigned n = 0; n < c.n; ++n) {
      float out = 0;
      for (unsigned g = 0; g < d.groups(); ++g) {
        const size_t gi = size_t(g) * c.n + n;
        int64_t sum = 0;
        for (unsigned k = g * c.g; k < (g + 1) * c.g; ++k)
          sum += int64_t(xq[k]) *
                 (int64_t(d.q[size_t(k) * c.n + n]) - int64_t(d.z[gi]));
        double scale = double(sa) * double(d.s[gi]); // exact: 24 x 24 bits
        int64_t mant;
        int e;
        splitDouble(scale, mant, e);
        float partial = nearestFloat(static_cast<i128>(sum) * mant, e);
        out = g == 0 ? partial : out + partial;
      }
      y[size_t(m) * c.n + n] = out;
    }
  }
  return y;
}

/// i8 tables (either activation type): the documented table quantization,
/// lookups by the weight bits, then ts * s * (ACC + zc * ga) / 2 formed
/// exactly and rounded once.
std::vector<float> referenceI8Tables(const GemmData &d) {
  const GemmCase &c = d.c;
  const unsigned K = c.k, full = 1u << K, sets = c.g / K;
  std::vector<float> y(size_t(c.m) * c.n);
  for (unsigned m = 0; m < c.m; ++m) {
    float sa = 1;
    std::vector<int> xq;
    std::vector<float> a(c.kd);
    if (c.act == ActType::I8)
      quantizeRow(d, m, sa, xq);
    else
      for (unsigned k = 0; k < c.kd; ++k)
        a[k] = halfToFloat(floatToHalf(d.xin(m, k)));
    for (unsigned g = 0; g < d.groups(); ++g) {
      // Full signed tables of the group, summed in the documented order:
      // the K-1'th activation first, then 0, 1, ..., K-2.
      std::vector<float> T(size_t(sets) * full);
      float mx = 0;
      for (unsigned j = 0; j < sets; ++j)
        for (unsigned idx = 0; idx < full; ++idx) {
          const unsigned kb = g * c.g + j * K;
          auto sgn = [&](unsigned t) { return ((idx >> t) & 1u) ? 1 : -1; };
          float v;
          if (c.act == ActType::I8) {
            int iv = sgn(K - 1) * xq[kb + K - 1];
            for (unsigned t = 0; t + 1 < K; ++t)
              iv += sgn(t) * xq[kb + t];
            v = static_cast<float>(iv);
          } else {
            v = sgn(K - 1) * a[kb + K - 1];
            for (unsigned t = 0; t + 1 < K; ++t)
              v = v + sgn(t) * a[kb + t];
          }
          T[size_t(j) * full + idx] = v;
          mx = std::max(mx, std::fabs(v));
        }
      const float st = mx == 0 ? 1.0f : mx / 127.0f;
      std::vector<int> Tq(T.size());
      for (size_t i = 0; i < T.size(); ++i)
        Tq[i] = static_cast<int>(
            std::max(-127.0f, std::min(127.0f, std::nearbyint(T[i] / st))));
      float ts, ga;
      if (c.act == ActType::I8) {
        int64_t s = 0;
        for (unsigned k = g * c.g; k < (g + 1) * c.g; ++k)
          s += xq[k];
        ts = sa * st;
        ga = static_cast<float>(s) / st;
      } else {
        float s = 0;
        for (unsigned k = g * c.g; k < (g + 1) * c.g; ++k)
          s += a[k];
        ts = st;
        ga = s / st;
      }
      for (unsigned n = 0; n < c.n; ++n) {
        const size_t gi = size_t(g) * c.n + n;
        int64_t acc = 0;
        for (unsigned j = 0; j < sets; ++j)
          for (unsigned i = 0; i < c.bits; ++i) {
            unsigned idx = 0;
            for (unsigned t = 0; t < K; ++t)
              idx |= ((d.q[size_t(g * c.g + j * K + t) * c.n + n] >> i) & 1u)
                     << t;
            acc += int64_t(Tq[size_t(j) * full + idx]) * (int64_t(1) << i);
          }
        const int64_t zc = (int64_t(1) << c.bits) - 1 - 2 * int64_t(d.z[gi]);
        int64_t gm;
        int ge;
        splitDouble(ga, gm, ge);
        // S = acc + zc * ga as an integer times 2^es.
        i128 S;
        int es;
        if (ge >= 0) {
          S = acc + static_cast<i128>(zc) * gm * (static_cast<i128>(1) << ge);
          es = 0;
        } else {
          EXPECT_LT(-ge, 70);
          S = static_cast<i128>(acc) * (static_cast<i128>(1) << -ge) +
              static_cast<i128>(zc) * gm;
          es = ge;
        }
        int64_t pm;
        int pe;
        splitDouble(double(ts) * double(d.s[gi]), pm, pe); // exact product
        // Reduce the 53-bit mantissas to their significant bits first.
        while (pm && !(pm & 1)) {
          pm >>= 1;
          ++pe;
        }
        float partial = nearestFloat(S * pm, es + pe - 1);
        float &out = y[size_t(m) * c.n + n];
        out = g == 0 ? partial : out + partial;
      }
    }
  }
  return y;
}

/// The f16-table arithmetic exactly as docs/isa/lut-tc.md specifies it:
/// f16 activations, entries summed in f32 (a_{K-1} first) and rounded to
/// f16, plane terms added to an f32 accumulator per K step and plane in
/// order, the group sum in f32 in k order, the fold in double rounded once,
/// groups added in f32.
std::vector<float> replicaF16(const GemmData &d) {
  const GemmCase &c = d.c;
  const unsigned K = c.k, E = 1u << (K - 1), mask = E - 1;
  std::vector<float> y(size_t(c.m) * c.n);
  for (unsigned m = 0; m < c.m; ++m) {
    std::vector<float> a(c.kd);
    for (unsigned k = 0; k < c.kd; ++k)
      a[k] = halfToFloat(floatToHalf(d.xin(m, k)));
    for (unsigned n = 0; n < c.n; ++n) {
      float out = 0;
      for (unsigned g = 0; g < d.groups(); ++g) {
        float acc = 0, ga = 0;
        for (unsigned k = g * c.g; k < (g + 1) * c.g; ++k)
          ga += a[k];
        for (unsigned kb = g * c.g; kb < (g + 1) * c.g; kb += K) {
          std::vector<float> half(E);
          for (unsigned e = 0; e < E; ++e) {
            float v = a[kb + K - 1];
            for (unsigned t = 0; t + 1 < K; ++t)
              v = ((e >> t) & 1u) ? v + a[kb + t] : v - a[kb + t];
            half[e] = halfToFloat(floatToHalf(v));
          }
          for (unsigned i = 0; i < c.bits; ++i) {
            unsigned idx = 0;
            for (unsigned t = 0; t < K; ++t)
              idx |= ((d.q[size_t(kb + t) * c.n + n] >> i) & 1u) << t;
            float val =
                (idx >> (K - 1)) ? half[idx & mask] : -half[~idx & mask];
            acc = acc + val * float(1u << i);
          }
        }
        const size_t gi = size_t(g) * c.n + n;
        const float zc = zeroCorrection(c.bits, d.z[gi]);
        double sum = double(acc) + double(zc) * double(ga);
        float partial = float(double(d.s[gi]) * sum * 0.5);
        out = g == 0 ? partial : out + partial;
      }
      y[size_t(m) * c.n + n] = out;
    }
  }
  return y;
}

void expectBitwise(const std::vector<float> &ref, const Tensor &y,
                   const std::string &label) {
  ASSERT_EQ(size_t(y.numel()), ref.size());
  int shown = 0;
  for (size_t i = 0; i < ref.size(); ++i)
    if (bitsOf(ref[i]) != bitsOf(y.data<float>()[i]) && shown++ < 5)
      ADD_FAILURE() << label << ": element " << i << ": simulator "
                    << y.data<float>()[i] << ", reference " << ref[i];
}

/// (ii) f16 paths: float64 dequantize-then-GEMM, within the documented bound.
void expectWithinBound(const GemmData &d, const Tensor &y,
                       const std::string &label) {
  const GemmCase &c = d.c;
  const double gammaD =
      c.kd * std::ldexp(1.0, -53) / (1 - c.kd * std::ldexp(1.0, -53));
  double worstRatio = 0;
  int shown = 0;
  for (unsigned m = 0; m < c.m; ++m) {
    std::vector<float> x(c.kd);
    for (unsigned k = 0; k < c.kd; ++k)
      x[k] = d.xin(m, k);
    for (unsigned n = 0; n < c.n; ++n) {
      std::vector<double> w(c.kd);
      std::vector<float> s(d.groups()), zc(d.groups());
      double ref = 0, mag = 0;
      for (unsigned k = 0; k < c.kd; ++k) {
        w[k] = d.w(k, n);
        ref += double(x[k]) * w[k];
        mag += std::fabs(double(x[k]) * w[k]);
      }
      for (unsigned g = 0; g < d.groups(); ++g) {
        s[g] = d.s[size_t(g) * c.n + n];
        zc[g] = zeroCorrection(c.bits, d.z[size_t(g) * c.n + n]);
      }
      F16BoundInput in;
      in.x = x.data();
      in.w = w.data();
      in.scale = s.data();
      in.zc = zc.data();
      in.kdim = c.kd;
      in.groupSize = c.g;
      in.lutK = c.k;
      in.bits = c.bits;
      double bound = f16ErrorBound(in);
      // Not vacuous: well below the magnitude of the sum.
      EXPECT_LT(bound, 1e-2 * mag + 1e-30) << label;
      double err =
          std::fabs(double(y.data<float>()[size_t(m) * c.n + n]) - ref);
      double allowed = bound + gammaD * mag; // the reference's own rounding
      if (err > allowed && shown++ < 5)
        ADD_FAILURE() << label << ": y[" << m << "][" << n << "] error " << err
                      << " > bound " << allowed;
      if (allowed > 0)
        worstRatio = std::max(worstRatio, err / allowed);
    }
  }
  // The bound is rigorous, not a tolerance picked to pass; KILN_LUT_VERBOSE
  // shows how tight it is.
  if (std::getenv("KILN_LUT_VERBOSE"))
    std::printf("[f16 bound] %s: worst error / bound = %.3g\n", label.c_str(),
                worstRatio);
}

void checkCase(const GemmCase &c) {
  SCOPED_TRACE(c.label());
  GemmData d = makeGemm(c);
  LutConfig cfg = configFor(c);
  GemmRun r = runGemm(d, cfg);
  if (c.act == ActType::I8 && c.table == TableType::I16)
    expectBitwise(referenceI8I16(d), r.y, c.label());
  else if (c.table == TableType::I8)
    expectBitwise(referenceI8Tables(d), r.y, c.label());
  else
    expectWithinBound(d, r.y, c.label());
  // Every LMMA looks up rows x N x bits.
  const uint64_t lmmas = r.gemm.instructions[uint8_t(Opcode::Lmma)];
  EXPECT_EQ(lmmas, uint64_t((c.m + 1) / 2) * ((c.n + 63) / 64) * (c.kd / c.k));
  EXPECT_EQ(r.gemm.lookups,
            uint64_t(c.m) * ((c.n + 63) / 64) * 64 * (c.kd / c.k) * c.bits);
}

} // namespace

//===----------------------------------------------------------------------===//
// Functional tests
//===----------------------------------------------------------------------===//

TEST(LutSim, I8ActivationsI16TablesAreBitExact) {
  for (unsigned bits : {1u, 2u, 3u, 4u}) {
    GemmCase c;
    c.m = 3;
    c.n = 100; // padded to 128: a partial column tile
    c.kd = 256;
    c.g = 64;
    c.bits = bits;
    c.act = ActType::I8;
    c.table = TableType::I16;
    c.cores = 2;
    c.zeroRow = true;
    c.seed = 10 + bits;
    checkCase(c);
  }
  GemmCase t; // ternary, M = 1, K = 2, prologue
  t.m = 1;
  t.n = 64;
  t.kd = 128;
  t.g = 32;
  t.bits = 2;
  t.ternary = true;
  t.k = 2;
  t.act = ActType::I8;
  t.table = TableType::I16;
  t.prologue = Prologue::Mul;
  checkCase(t);
  t.prologue = Prologue::Add;
  t.k = 4;
  t.m = 5;
  t.cores = 3;
  t.seed = 99;
  checkCase(t);
}

TEST(LutSim, F16PathIsWithinTheDocumentedBound) {
  struct P {
    unsigned m, n, kd, g, bits, k;
    bool ternary;
    Prologue pro;
    unsigned cores;
  };
  for (const P &p :
       std::vector<P>{{1, 64, 128, 128, 2, 4, false, Prologue::None, 1},
                      {3, 100, 256, 64, 4, 4, false, Prologue::Mul, 2},
                      {2, 130, 192, 32, 1, 2, false, Prologue::Add, 3},
                      {1, 64, 256, 128, 3, 4, false, Prologue::None, 1},
                      {4, 64, 128, 64, 2, 4, true, Prologue::None, 2},
                      {2, 64, 96, 48, 2, 8, false, Prologue::None, 1}}) {
    GemmCase c;
    c.m = p.m;
    c.n = p.n;
    c.kd = p.kd;
    c.g = p.g;
    c.bits = p.bits;
    c.k = p.k;
    c.ternary = p.ternary;
    c.prologue = p.pro;
    c.cores = p.cores;
    c.seed = p.m * 7 + p.n;
    checkCase(c);
  }
}

TEST(LutSim, F16PathFollowsTheDocumentedArithmetic) {
  for (unsigned k : {2u, 4u, 8u})
    for (unsigned bits : {1u, 2u, 3u, 4u}) {
      GemmCase c;
      c.m = 2;
      c.n = 80;
      c.kd = 64;
      c.g = 32;
      c.bits = bits;
      c.k = k;
      c.prologue = bits == 3 ? Prologue::Add : Prologue::None;
      c.seed = 200 + bits + k;
      GemmData d = makeGemm(c);
      GemmRun r = runGemm(d, configFor(c));
      expectBitwise(replicaF16(d), r.y, c.label());
    }
}

TEST(LutSim, I8TablesMatchTheDocumentedQuantization) {
  for (ActType act : {ActType::F16, ActType::I8})
    for (unsigned bits : {1u, 2u, 4u}) {
      GemmCase c;
      c.m = 3;
      c.n = 72;
      c.kd = 128;
      c.g = 32;
      c.bits = bits;
      c.k = bits == 2 ? 2 : 4;
      c.act = act;
      c.table = TableType::I8;
      c.prologue = bits == 4 ? Prologue::Mul : Prologue::None;
      c.cores = 2;
      c.seed = 50 + bits;
      checkCase(c);
    }
}

TEST(LutSim, PrecomputeWritesTheDocumentedTables) {
  // One row, K = 4: tables, rowinfo of every act/table combination.
  GemmCase c;
  c.m = 1;
  c.kd = 8;
  c.g = 8;
  c.n = 64;
  for (auto [act, table] : {std::pair{ActType::F16, TableType::F16},
                            std::pair{ActType::I8, TableType::I16},
                            std::pair{ActType::I8, TableType::I8},
                            std::pair{ActType::F16, TableType::I8}}) {
    c.act = act;
    c.table = table;
    GemmData d = makeGemm(c);
    float xs[8] = {1.5f, -0.25f, 2.0f, 0.125f, -3.0f, 0.5f, 0.0f, 1.0f};
    std::memcpy(d.X.raw(), xs, sizeof xs);
    LutConfig cfg = configFor(c);
    GemmRun r = runGemm(d, cfg);
    const float *info = r.info.data<float>();
    // Entry e of the first table: a3 + sum_t (bit t of e ? +a_t : -a_t).
    auto entry = [&](int e) {
      float v = xs[3];
      for (int t = 0; t < 3; ++t)
        v += ((e >> t) & 1) ? xs[t] : -xs[t];
      return v;
    };
    if (table == TableType::F16) {
      for (int e = 0; e < 8; ++e)
        EXPECT_EQ(halfToFloat(r.tables.data<uint16_t>()[e]), entry(e));
      EXPECT_EQ(info[0], 1.0f);
      EXPECT_EQ(info[1], 1.5f - 0.25f + 2 + 0.125f - 3 + 0.5f + 0 + 1);
    } else if (act == ActType::I8 && table == TableType::I16) {
      const float sa = 3.0f / 127.0f;
      EXPECT_EQ(info[0], sa);
      int q[8], sum = 0;
      for (int k = 0; k < 8; ++k)
        sum += q[k] = static_cast<int>(std::nearbyint(xs[k] / sa));
      EXPECT_EQ(info[1], float(sum));
      // Entry 7 is the plain sum of the first four codes.
      EXPECT_EQ(r.tables.data<int16_t>()[7], q[0] + q[1] + q[2] + q[3]);
      EXPECT_EQ(r.tables.data<int16_t>()[0], q[3] - q[0] - q[1] - q[2]);
    } else {
      // i8 tables: the largest |entry| of the group maps to +-127.
      int mx = 0;
      for (int e = 0; e < 16; ++e)
        mx = std::max(mx, std::abs(int(r.tables.data<int8_t>()[e])));
      EXPECT_EQ(mx, 127);
    }
  }
}

TEST(LutSim, ResultsDoNotDependOnThreadsOrCores) {
  GemmCase c;
  c.m = 3;
  c.n = 200;
  c.kd = 128;
  c.g = 64;
  c.bits = 3;
  c.act = ActType::I8;
  c.table = TableType::I16;
  GemmData d = makeGemm(c);
  Tensor first;
  double cycles1 = 0;
  for (unsigned cores : {1u, 2u, 4u}) {
    d.c.cores = cores;
    GemmRun r = runGemm(d, configFor(d.c));
    if (cores == 1) {
      first = r.y;
      cycles1 = r.gemm.cycles;
      continue;
    }
    for (int64_t i = 0; i < first.numel(); ++i)
      EXPECT_EQ(bitsOf(first.data<float>()[i]), bitsOf(r.y.data<float>()[i]));
    EXPECT_LT(r.gemm.cycles, cycles1) << cores << " cores";
  }
}

TEST(LutSim, VectorAndScalarLookupsAgree) {
  // The AVX2 lookups (when the CPU has them) against the scalar loops.
  for (TableType table : {TableType::F16, TableType::I16})
    for (unsigned k : {1u, 2u, 4u, 8u}) {
      GemmCase c;
      c.m = 3;
      c.n = 128;
      c.kd = 64;
      c.g = 32;
      c.bits = k == 8 ? 3 : 2;
      c.k = k;
      c.act = table == TableType::F16 ? ActType::F16 : ActType::I8;
      c.table = table;
      c.seed = k;
      GemmData d = makeGemm(c);
      GemmRun fast = runGemm(d, configFor(c));
      setenv("KILN_LUT_SCALAR", "1", 1);
      GemmRun scalar = runGemm(d, configFor(c));
      unsetenv("KILN_LUT_SCALAR");
      for (int64_t i = 0; i < fast.y.numel(); ++i)
        ASSERT_EQ(bitsOf(fast.y.data<float>()[i]),
                  bitsOf(scalar.y.data<float>()[i]))
            << c.label() << " element " << i;
    }
}

//===----------------------------------------------------------------------===//
// Run-time faults
//===----------------------------------------------------------------------===//

namespace {

/// Runs single-core `text` with slots of the given byte sizes (the first
/// `inputs` read-only); returns the error message or "".
std::string runError(const std::string &text, std::vector<size_t> slotBytes,
                     size_t inputs = 1,
                     const LutConfig &cfg = LutConfig::defaults()) {
  std::vector<std::vector<uint8_t>> mem;
  for (size_t b : slotBytes)
    mem.emplace_back(b, 0);
  return errorOf([&] {
    std::string blob = buildProgram(assembleProgram(text),
                                    static_cast<uint32_t>(slotBytes.size()));
    Program p = parseProgram(
        blob.data(), blob.size(), "t",
        {&cfg, int64_t(inputs), int64_t(slotBytes.size() - inputs)});
    std::vector<Slot> slots(mem.size());
    for (size_t i = 0; i < mem.size(); ++i) {
      slots[i].data = mem[i].data();
      slots[i].writable = i >= inputs ? mem[i].data() : nullptr;
      slots[i].bytes = mem[i].size();
      slots[i].name = "s" + std::to_string(i);
    }
    Simulator(cfg).run(p, "t", slots);
  });
}

} // namespace

TEST(LutSim, AddressFaults) {
  EXPECT_EQ(
      runError("core 0:\n  load.smem dst=0 src=r0+60 rows=1 rb=8 ss=0 ds=0 "
               "slot=0\n  halt\n",
               {64, 64}),
      "device program of step 't': core 0, instruction 0 (load): source "
      "bytes [60, 68) exceed slot 0 ('s0') (64 bytes)");
  EXPECT_EQ(runError("core 0:\n  seti r3, 167932\n  load.smem dst=r3+0 src=0 "
                     "rows=1 rb=8 ss=0 ds=0 slot=0\n  halt\n",
                     {64, 64}),
            "device program of step 't': core 0, instruction 1 (load): "
            "destination bytes [167932, 167940) exceed SMEM (167936 bytes)");
  EXPECT_NE(runError("core 0:\n  load.tbuf a1 dst=16380 src=0 rows=2 rb=8 ss=8 "
                     "ds=8 slot=0\n  halt\n",
                     {64, 64})
                .find("(load): destination bytes [16380, 16396) (2 rows of 8 "
                      "bytes, stride 8) exceed the table buffer of array 1 "
                      "(16384 bytes)"),
            std::string::npos);
  EXPECT_NE(runError("core 0:\n  seti r2, -64\n  store dst=r2+0 src=0 rows=1 "
                     "rb=4 ds=0 ss=0 slot=1\n  halt\n",
                     {64, 64})
                .find("instruction 1 (store): destination address -64 is "
                      "negative"),
            std::string::npos);
  EXPECT_NE(runError("core 0:\n  store dst=0 src=0 rows=2 rb=64 ds=64 ss=64 "
                     "slot=1\n  halt\n",
                     {64, 64})
                .find("destination bytes [0, 128)"),
            std::string::npos);
  // LMMA operands: weights in SMEM (plane 1 ends past the end), tables in TBUF.
  EXPECT_NE(runError("core 0:\n  lmma.m2n64k4.f16.w2.f32.f32 a0 acc=0 tbl=0 "
                     "w=167880 rows=1 ps=32 clear\n  halt\n",
                     {64, 64})
                .find("(lmma): weight bytes [167880, 167944) (2 rows of 32 "
                      "bytes, stride 32) exceed SMEM"),
            std::string::npos);
  EXPECT_NE(
      runError("core 0:\n  lmma.m2n64k4.f16.w2.f32.f32 a3 acc=0 tbl=16360 "
               "w=0 rows=2 ps=32\n  halt\n",
               {64, 64})
          .find("(lmma): table bytes [16360, 16392) exceed the table "
                "buffer of array 3"),
      std::string::npos);
  EXPECT_NE(runError("core 0:\n  epi.m2n64k4.f16.f32.f32 a0 acc=0 out=167800 "
                     "c=0 info=0 rows=1 os=256\n  halt\n",
                     {64, 64})
                .find("(epi): output bytes [167800, 168056) exceed SMEM"),
            std::string::npos);
  EXPECT_NE(runError("core 0:\n  tgen.k4.f16.f16 g=4 src=167920 tbl=0 info=0 "
                     "rows=1 kd=8 ss=32\n  halt\n",
                     {64, 64})
                .find("(tgen): activation bytes [167920, 167952) exceed SMEM"),
            std::string::npos);
  // Without the step's operand counts, a store to an input is caught at run
  // time.
  LutConfig cfg = LutConfig::defaults();
  std::string blob =
      buildProgram(assembleProgram("core 0:\n  store dst=0 src=0 rows=1 rb=4 "
                                   "ds=0 ss=0 slot=0\n  halt\n"),
                   1);
  Program p = parseProgram(blob.data(), blob.size(), "t", {&cfg});
  Tensor in(DType::F32, {4});
  EXPECT_NE(errorOf([&] {
              Simulator(cfg).run(p, "t", slotsOf({&in}, {}));
            }).find("slot 0 ('input 0') is an input of the step (read-only)"),
            std::string::npos);
}

TEST(LutSim, AccumulatorFaults) {
  EXPECT_NE(
      runError("core 0:\n  lmma.m2n64k4.i16.w2.i32.f32 a0 acc=1 tbl=0 w=0 "
               "rows=1 ps=32 clear\n  lmma.m2n64k4.f16.w2.f32.f32 a0 acc=1 "
               "tbl=0 w=0 rows=1 ps=32\n  halt\n",
               {64, 64})
          .find("instruction 1 (lmma): accumulator tile 1 of array 0 holds "
                "i32 sums; f16 tables accumulate f32 (clear it first)"),
      std::string::npos);
  EXPECT_NE(
      runError("core 0:\n  lmma.m2n64k4.f16.w2.f32.f32 a2 acc=5 tbl=0 w=0 "
               "rows=1 ps=32 clear\n  epi.m2n64k4.i16.i32.f32 a2 acc=5 "
               "out=0 c=0 info=0 rows=1 os=256\n  halt\n",
               {64, 64})
          .find("(epi): accumulator tile 5 of array 2 holds f32 sums"),
      std::string::npos);
  // int32 overflow: 32767 per entry, w8 planes (x255), 300 instructions.
  std::string prog =
      "core 0:\n  load.tbuf a0 dst=0 src=0 rows=1 rb=32 ss=0 ds=0 slot=0\n"
      "  load.smem dst=0 src=0 rows=1 rb=64 ss=0 ds=0 slot=0\n"
      "  loop 300\n  lmma.m2n64k4.i16.w8.i32.f32 a0 acc=0 tbl=0 w=0 "
      "rows=1 ps=0\n  endl\n  epi.m2n64k4.i16.i32.f32 a0 acc=0 "
      "out=1024 c=4096 info=4096 rows=1 os=256 init\n  halt\n";
  std::vector<std::vector<uint8_t>> mem = {std::vector<uint8_t>(64, 0xFF),
                                           std::vector<uint8_t>(8)};
  for (int e = 0; e < 16; ++e) { // i16 entries 0x7fff
    mem[0][2 * e] = 0xFF;
    mem[0][2 * e + 1] = 0x7F;
  }
  LutConfig cfg = LutConfig::defaults();
  std::string blob = buildProgram(assembleProgram(prog), 2);
  Program p = parseProgram(blob.data(), blob.size(), "t", {&cfg, 1, 1});
  std::vector<Slot> slots(2);
  slots[0] = {mem[0].data(), nullptr, 64, "w"};
  slots[1] = {mem[1].data(), mem[1].data(), 8, "y"};
  EXPECT_NE(errorOf([&] {
              Simulator(cfg).run(p, "t", slots);
            }).find("(epi): int32 accumulator overflow in tile 0 of array 0"),
            std::string::npos);
}

TEST(LutSim, RacesBetweenCoresAreReported) {
  std::string text =
      "core 0:\n  store dst=8 src=0 rows=1 rb=16 ds=0 ss=0 slot=1\n  halt\n"
      "core 1:\n  store dst=16 src=0 rows=1 rb=16 ds=0 ss=0 slot=1\n  halt\n";
  std::string e = errorOf([&] {
    LutConfig cfg = LutConfig::defaults();
    std::string blob = buildProgram(assembleProgram(text), 2);
    Program p = parseProgram(blob.data(), blob.size(), "t", {&cfg, 1, 1});
    Tensor in(DType::F32, {4}), out(DType::F32, {16});
    Simulator(cfg).run(p, "t", slotsOf({&in}, {&out}, {"x", "y"}));
  });
  EXPECT_EQ(e, "device program of step 't': cores 0 and 1 both access bytes "
               "[16, 24) of slot 1 ('y') and at least one writes them (a race "
               "between cores)");
  // Interleaved rows of different cores do not race.
  std::string ok =
      "core 0:\n  store dst=0 src=0 rows=4 rb=8 ds=16 ss=8 slot=1\n  halt\n"
      "core 1:\n  store dst=8 src=0 rows=4 rb=8 ds=16 ss=8 slot=1\n  halt\n";
  EXPECT_EQ(
      errorOf([&] {
        LutConfig cfg = LutConfig::defaults();
        std::string blob = buildProgram(assembleProgram(ok), 2);
        Program p = parseProgram(blob.data(), blob.size(), "t", {&cfg, 1, 1});
        Tensor in(DType::F32, {4}), out(DType::F32, {16});
        Simulator(cfg).run(p, "t", slotsOf({&in}, {&out}));
      }),
      "");
}

//===----------------------------------------------------------------------===//
// Timing and energy
//===----------------------------------------------------------------------===//

namespace {

LaunchStats runTiming(const std::string &text, const LutConfig &cfg,
                      size_t dramBytes = 1 << 20) {
  std::vector<uint8_t> dram(dramBytes, 0), out(64, 0);
  std::string blob = buildProgram(assembleProgram(text), 2);
  Program p = parseProgram(blob.data(), blob.size(), "t", {&cfg, 1, 1});
  std::vector<Slot> slots = {{dram.data(), nullptr, dram.size(), "d"},
                             {out.data(), out.data(), out.size(), "o"}};
  return Simulator(cfg).run(p, "t", slots);
}

std::string lmmaLoop(unsigned bits, unsigned count) {
  return "core 0:\n  loop " + std::to_string(count) +
         "\n    lmma.m2n64k4.f16.w" + std::to_string(bits) +
         ".f32.f32 a0 acc=0 tbl=0 w=0 rows=2 ps=32\n  endl\n  halt\n";
}

/// Four rounds of (load tables + weights, 64 lookups on them): with one
/// buffer, or with two where round r+1's loads are issued before round r's
/// lookups (prefetch).
std::string roundsProgram(bool doubleBuffered) {
  std::ostringstream os;
  os << "core 0:\n";
  auto loads = [&](int r) {
    const int buf = doubleBuffered ? r % 2 : 0;
    os << "  load.tbuf a0 dst=" << buf * 8192 << " src=" << r * 8192
       << " rows=1 rb=2048 ss=0 ds=0 slot=0\n";
    os << "  load.smem dst=" << buf * 65536 << " src=" << r * 65536
       << " rows=1 rb=32768 ss=0 ds=0 slot=0\n";
  };
  auto lookups = [&](int r) {
    const int buf = doubleBuffered ? r % 2 : 0;
    os << "  seti r1, " << buf * 8192 << "\n  seti r2, " << buf * 65536 << "\n";
    os << "  loop 64\n    lmma.m2n64k4.f16.w4.f32.f32 a0 acc=0 tbl=r1+0 w=r2+0 "
          "rows=2 ps=32\n    addi r1, r1, 32\n    addi r2, r2, 128\n  endl\n";
  };
  if (doubleBuffered)
    loads(0);
  for (int r = 0; r < 4; ++r) {
    if (!doubleBuffered)
      loads(r);
    else if (r + 1 < 4)
      loads(r + 1);
    lookups(r);
  }
  os << "  halt\n";
  return os.str();
}

} // namespace

TEST(LutTiming, LmmaCyclesScaleWithBits) {
  LutConfig cfg = LutConfig::defaults();
  LaunchStats b1 = runTiming(lmmaLoop(1, 100), cfg);
  LaunchStats b4 = runTiming(lmmaLoop(4, 100), cfg);
  // Back to back on one array: bits cycles each, plus one pipeline latency.
  EXPECT_DOUBLE_EQ(b1.cycles, 100 * 1 + cfg.lmmaLatency);
  EXPECT_DOUBLE_EQ(b4.cycles, 100 * 4 + cfg.lmmaLatency);
  EXPECT_DOUBLE_EQ(b4.arrayBusy, 400);
  EXPECT_EQ(b4.lookups, 100u * 2 * 64 * 4);
  EXPECT_EQ(b4.instructions[uint8_t(Opcode::Lmma)], 100u);
  EXPECT_EQ(b4.instructions[uint8_t(Opcode::Loop)], 1u);
  EXPECT_EQ(b4.instructions[uint8_t(Opcode::EndL)], 100u);
  // Energy is the sum of priced events.
  EXPECT_DOUBLE_EQ(b4.energy.tableRead, cfg.energy.tableRead * b4.lookups);
  EXPECT_DOUBLE_EQ(b4.energy.add, cfg.energy.add * b4.addsF32);
  EXPECT_DOUBLE_EQ(b4.energy.tbuf, cfg.energy.tbufByte * 100 * 2 * 8 * 2);
  // The same planes every time: read from shared memory once, then reused
  // from the array's operand registers.
  EXPECT_DOUBLE_EQ(b4.energy.smem, cfg.energy.smemByte * 4 * 32);
  EXPECT_NEAR(b4.utilisation, 400.0 / (b4.cycles * cfg.arraysPerCore), 1e-12);
  // Four arrays in parallel take the time of one.
  std::string four = "core 0:\n  loop 100\n";
  for (int a = 0; a < 4; ++a)
    four += "    lmma.m2n64k4.f16.w4.f32.f32 a" + std::to_string(a) +
            " acc=0 tbl=0 w=0 rows=2 ps=32\n";
  four += "  endl\n  halt\n";
  LaunchStats par = runTiming(four, cfg);
  EXPECT_LT(par.cycles, b4.cycles * 1.6);
  EXPECT_NEAR(par.utilisation, 1.0, 0.1);
}

TEST(LutTiming, DoubleBufferedLoadsOverlapLookups) {
  LutConfig cfg = LutConfig::defaults();
  LaunchStats single = runTiming(roundsProgram(false), cfg);
  LaunchStats twice = runTiming(roundsProgram(true), cfg);
  // Same work, same events.
  EXPECT_EQ(single.lookups, twice.lookups);
  EXPECT_DOUBLE_EQ(single.dmaBusy, twice.dmaBusy);
  // With one buffer a round's loads wait for the previous round's lookups
  // (write after read); with two they overlap them.
  EXPECT_LT(twice.cycles, single.cycles);
  EXPECT_GE(single.cycles,
            single.dmaBusy + single.arrayBusy + 4 * cfg.dmaLatency);
  // Only the first load's latency stays exposed.
  EXPECT_LT(twice.cycles, twice.dmaBusy + twice.arrayBusy + cfg.dmaLatency);
  // Without latency, the overlapped run is shorter than its parts in series.
  cfg.dmaLatency = 0;
  LaunchStats twice0 = runTiming(roundsProgram(true), cfg);
  EXPECT_LT(twice0.cycles, twice0.dmaBusy + twice0.arrayBusy);
}

TEST(LutTiming, DependenciesAndSync) {
  LutConfig cfg = LutConfig::defaults();
  // A load and an LMMA reading what it loaded: the LMMA waits for the data.
  LaunchStats dep = runTiming(
      "core 0:\n  load.smem dst=0 src=0 rows=1 rb=4096 ss=0 ds=0 slot=0\n"
      "  lmma.m2n64k4.f16.w1.f32.f32 a0 acc=0 tbl=0 w=0 rows=1 ps=32\n  halt\n",
      cfg);
  const double load = std::max(4096 / (cfg.dramBytesPerCycle() / 1),
                               4096 / cfg.smemBytesPerCycle);
  EXPECT_DOUBLE_EQ(dep.cycles, cfg.dmaLatency + load + 1 + cfg.lmmaLatency);
  // Independent of the load's lines: no wait.
  LaunchStats indep = runTiming(
      "core 0:\n  load.smem dst=0 src=0 rows=1 rb=4096 ss=0 ds=0 slot=0\n"
      "  lmma.m2n64k4.f16.w1.f32.f32 a0 acc=0 tbl=0 w=8192 rows=1 ps=32\n  "
      "halt\n",
      cfg);
  EXPECT_DOUBLE_EQ(indep.cycles, cfg.dmaLatency + load);
  // sync: the LMMA starts after the load completes.
  LaunchStats sync = runTiming("core 0:\n  load.smem dst=0 src=0 rows=1 "
                               "rb=4096 ss=0 ds=0 slot=0\n  sync\n"
                               "  lmma.m2n64k4.f16.w1.f32.f32 a0 acc=0 tbl=0 "
                               "w=8192 rows=1 ps=32\n  halt\n",
                               cfg);
  EXPECT_DOUBLE_EQ(sync.cycles, dep.cycles);
  EXPECT_EQ(sync.instructions[uint8_t(Opcode::Sync)], 1u);
}

TEST(LutTiming, DramBandwidthIsSharedByActiveCores) {
  LutConfig cfg = LutConfig::defaults();
  cfg.dmaLatency = 0;
  auto prog = [](int cores) {
    std::string t;
    for (int c = 0; c < cores; ++c)
      t += "core " + std::to_string(c) +
           ":\n  load.smem dst=0 src=" + std::to_string(c * 65536) +
           " rows=1 rb=65536 ss=0 ds=0 slot=0\n  halt\n";
    return t;
  };
  // One core is limited by its SMEM port, sixteen by their DRAM share.
  LaunchStats one = runTiming(prog(1), cfg);
  LaunchStats many = runTiming(prog(16), cfg);
  EXPECT_DOUBLE_EQ(one.cycles, 65536 / cfg.smemBytesPerCycle);
  EXPECT_DOUBLE_EQ(many.cycles, 65536 / (cfg.dramBytesPerCycle() / 16));
  EXPECT_EQ(many.activeCores, 16u);
  EXPECT_EQ(many.dramBytes, 16u * 65536);
  EXPECT_DOUBLE_EQ(many.energy.dram, cfg.energy.dramByte * 16 * 65536);
}

TEST(LutTiming, GemmStatsAndBaselines) {
  GemmCase c;
  c.m = 1;
  c.n = 256;
  c.kd = 512;
  c.g = 128;
  c.bits = 2;
  c.cores = 4;
  GemmData d = makeGemm(c);
  LutConfig cfg = configFor(c);
  GemmRun r = runGemm(d, cfg);
  // A second launch on the same threads sees none of the first one's state.
  GemmRun again = runGemm(d, cfg);
  EXPECT_EQ(again.gemm.cycles, r.gemm.cycles);
  EXPECT_EQ(again.pre.cycles, r.pre.cycles);
  EXPECT_EQ(std::memcmp(again.y.raw(), r.y.raw(), r.y.bytes()), 0);
  GemmDesc g;
  g.kernel = kKernelMpGemm;
  g.m = c.m;
  g.n = c.n;
  g.k = c.kd;
  g.bits = c.bits;
  g.lutK = c.k;
  g.groupSize = c.g;
  nlohmann::json j = stepStatsJson(r.gemm, &g, cfg);
  EXPECT_EQ(j["instructions"]["lmma"].get<uint64_t>(), 4u * 128);
  EXPECT_GT(j["cycles"].get<double>(), 0);
  EXPECT_NEAR(j["energy_pj"]["total"].get<double>(), r.gemm.energy.total(),
              1e-6);
  ASSERT_TRUE(j.contains("baselines"));
  BaselineCost a = dequantFp16Baseline(g, cfg),
               b = conventionalLutBaseline(g, cfg);
  // Dequant + FP16: M = 1 pads to 16 rows of MACs; packed 2-bit weights.
  EXPECT_DOUBLE_EQ(a.energy.mac, cfg.energy.fp16Mac * 16.0 * 256 * 512);
  EXPECT_EQ(a.dramBytes, 256u * 512 * 2 / 8 + 256 * 4 * 4 + 512 * 2 + 256 * 4);
  EXPECT_DOUBLE_EQ(a.cycles,
                   std::max(a.computeCycles, a.memoryCycles) + 2.0 * cfg.dmaLatency);
  // Conventional LUT: full tables, N16 tiles -> 2 x 4 = 8x the table bytes
  // of M2N64 half tables.
  EXPECT_EQ(b.tableBytes, uint64_t(256 / 16) * (512 / 4) * 1 * 16 * 2);
  EXPECT_NEAR(j["vs_baselines"]["dequant_fp16"]["speedup"].get<double>(),
              a.cycles / r.gemm.cycles, 1e-9);
  // The summary adds steps and relates totals.
  nlohmann::json pre = stepStatsJson(r.pre, nullptr, cfg);
  nlohmann::json s = summarizeSteps({pre, j});
  EXPECT_DOUBLE_EQ(s["cycles"].get<double>(), r.pre.cycles + r.gemm.cycles);
  EXPECT_NEAR(s["vs_baselines"]["conventional_lut"]["speedup"].get<double>(),
              b.cycles / (r.pre.cycles + r.gemm.cycles), 1e-9);
  EXPECT_EQ(s["instructions"]["tgen"].get<uint64_t>(), 1u);
}

TEST(LutBound, ExactFoldRoundsOnce) {
  // Exact values whose correct rounding differs from naive float evaluation.
  EXPECT_EQ(exactFold(3, 1.0f, 2.0f, 0.0f, 0.0f), 3.0f);
  EXPECT_EQ(exactFold(-7, 0.5f, 1.0f, 1.0f, 2.0f), -1.25f);
  // (2^24 + 1) * 2 / 2 is a tie between 2^24 and 2^24 + 2: even wins.
  EXPECT_EQ(exactFold((1 << 24) + 1, 1.0f, 2.0f, 0.0f, 0.0f), 16777216.0f);
  EXPECT_EQ(exactFold((1 << 24) + 3, 1.0f, 2.0f, 0.0f, 0.0f), 16777220.0f);
  // A sticky bit far below decides a near-tie.
  float tiny = std::ldexp(1.0f, -100);
  EXPECT_EQ(exactFold((1 << 24) + 1, 1.0f, 2.0f, 1.0f, tiny), 16777218.0f);
  EXPECT_EQ(exactFold((1 << 24) + 1, 1.0f, 2.0f, -1.0f, tiny), 16777216.0f);
  // Subnormal and overflowing results.
  EXPECT_EQ(exactFold(1, std::ldexp(1.0f, -140), std::ldexp(1.0f, -8), 0, 0),
            std::ldexp(1.0f, -149));
  EXPECT_EQ(exactFold(1, std::ldexp(1.0f, -140), std::ldexp(1.0f, -10), 0, 0),
            0.0f);
  EXPECT_TRUE(std::isinf(exactFold(INT32_MAX, 3e38f, 3e38f, 0, 0)));
  EXPECT_EQ(exactFold(0, 1.0f, 1.0f, 0.0f, 5.0f), 0.0f);
  // Far-apart exponents (the wide path): an odd 25-bit sum is a tie that a
  // term 2^-90 smaller breaks in its direction.
  std::mt19937 tieRng(3);
  std::uniform_int_distribution<int> odd(1 << 23, (1 << 24) - 1);
  for (int i = 0; i < 200; ++i) {
    int64_t a = 2 * int64_t(odd(tieRng)) + 1; // in [2^24, 2^25), odd
    float sign = i % 2 ? 1.0f : -1.0f;
    float ga = std::ldexp(1.0f + float(i) / 256, -90);
    EXPECT_EQ(exactFold(a, 1.0f, 2.0f, sign, ga), float(a + (i % 2 ? 1 : -1)));
    EXPECT_EQ(exactFold(-a, 0.5f, 4.0f, -sign, ga),
              -float(a + (i % 2 ? 1 : -1)));
  }
  // Against the test's independent rounding on random operands.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> acc(-(1 << 30), 1 << 30), ex(-40, 20);
  std::uniform_real_distribution<float> mant(1.0f, 2.0f);
  for (int i = 0; i < 2000; ++i) {
    int64_t a = acc(rng);
    float ts = std::ldexp(mant(rng), ex(rng)),
          s = std::ldexp(mant(rng), ex(rng));
    float zc = static_cast<float>(int(mant(rng) * 8) - 8);
    float ga = std::ldexp(mant(rng), ex(rng) / 2);
    int64_t gm, pm;
    int ge, pe;
    splitDouble(ga, gm, ge);
    splitDouble(double(ts) * double(s), pm, pe);
    while (pm && !(pm & 1)) {
      pm >>= 1;
      ++pe;
    }
    while (gm && !(gm & 1)) {
      gm >>= 1;
      ++ge;
    }
    int64_t zi = static_cast<int64_t>(zc);
    i128 S;
    int es = std::min(0, ge);
    S = static_cast<i128>(a) * (static_cast<i128>(1) << (0 - es)) +
        static_cast<i128>(zi) * gm * (static_cast<i128>(1) << (ge - es));
    ASSERT_LT(bitLength(S < 0 ? -S : S) + bitLength(pm), 126);
    float want = nearestFloat(S * pm, es + pe - 1);
    ASSERT_EQ(bitsOf(exactFold(a, ts, s, zc, ga)), bitsOf(want))
        << a << " " << ts << " " << s << " " << zc << " " << ga;
  }
}

//===----------------------------------------------------------------------===//
// The executor and the .kbin
//===----------------------------------------------------------------------===//

namespace {

/// x -> precompute step -> mpgemm step -> y, as the compiler would emit.
KbinWriter gemmKbin(const GemmData &d, const LutConfig &cfg,
                    bool breakProgram) {
  const GemmCase &c = d.c;
  KbinWriter w;
  Manifest &m = w.manifest();
  m.producer = "test";
  m.targetName = kTargetName;
  m.targetConfig = defaultConfigJson();
  m.targetConfig["tile"]["value"]["k"] = c.k;
  const unsigned E = tableEntries(c.k);
  int64_t x = w.addTensor("x", DType::F32, d.X.shape(), TensorKind::Input);
  int64_t tables = w.addTensor("tables", tableDType(c.table),
                               {int64_t(c.kd / c.k), int64_t(c.m), int64_t(E)},
                               TensorKind::Value);
  int64_t info =
      w.addTensor("rowinfo", DType::F32, {int64_t(d.groups()), int64_t(c.m), 2},
                  TensorKind::Value);
  int64_t wt =
      w.addTensor("w", DType::U8, d.W.shape(), TensorKind::Constant, d.W.raw());
  int64_t ct = w.addTensor("consts", DType::F32, d.Consts.shape(),
                           TensorKind::Constant, d.Consts.raw());
  int64_t y = w.addTensor("y", DType::F32, {int64_t(c.m), int64_t(c.n)},
                          TensorKind::Value);
  m.inputs = {x};
  m.outputs = {y};
  auto intAttr = [](int64_t v) {
    AttrValue a;
    a.kind = AttrValue::Kind::Int;
    a.i = v;
    return a;
  };
  auto strAttr = [](const std::string &v) {
    AttrValue a;
    a.kind = AttrValue::Kind::String;
    a.s = v;
    return a;
  };
  Step pre;
  pre.kind = Step::Kind::Device;
  pre.target = kTargetName;
  pre.op = "lut.precompute";
  pre.name = "pre";
  pre.inputs = {x};
  pre.outputs = {tables, info};
  std::string preText = precomputeAsm(c);
  if (breakProgram)
    preText.replace(preText.find("  halt"), 6, "  seti r0, 1\n  halt");
  std::string preBlob = buildProgram(assembleProgram(preText), 3);
  pre.programBlob = w.addBlob("device-program", preBlob.data(), preBlob.size());
  Step gemm = pre;
  gemm.op = "lut.mpgemm";
  gemm.name = "gemm";
  gemm.inputs = {tables, info, wt, ct};
  gemm.outputs = {y};
  std::string gemmBlob = buildProgram(assembleProgram(mpgemmAsm(c, cfg)), 5);
  gemm.programBlob =
      w.addBlob("device-program", gemmBlob.data(), gemmBlob.size());
  for (Step *s : {&pre, &gemm}) {
    s->attrs.set(attr::kM, intAttr(c.m));
    s->attrs.set(attr::kK, intAttr(c.kd));
    s->attrs.set(attr::kLutK, intAttr(c.k));
    s->attrs.set(attr::kGroupSize, intAttr(c.g));
    s->attrs.set(attr::kAct, strAttr(actTypeName(c.act)));
    s->attrs.set(attr::kTable, strAttr(tableTypeName(c.table)));
  }
  pre.attrs.set(attr::kKernel, strAttr(kKernelPrecompute));
  pre.attrs.set(attr::kSharedBy, intAttr(1));
  gemm.attrs.set(attr::kKernel, strAttr(kKernelMpGemm));
  gemm.attrs.set(attr::kN, intAttr(c.n));
  gemm.attrs.set(attr::kBits, intAttr(c.bits));
  m.program = {pre, gemm};
  return w;
}

} // namespace

TEST(LutExecutor, RunsDeviceStepsAndReportsStats) {
  GemmCase c;
  c.m = 2;
  c.n = 96;
  c.kd = 256;
  c.g = 128;
  c.bits = 2;
  c.act = ActType::I8;
  c.table = TableType::I16;
  c.cores = 2;
  GemmData d = makeGemm(c);
  LutConfig cfg = configFor(c);
  KbinWriter w = gemmKbin(d, cfg, false);
  auto bytes = std::make_shared<std::string>();
  ASSERT_EQ(w.serialize(*bytes), "");
  Kbin kbin = Kbin::loadBytes(bytes, "t.kbin");
  Executor ex(kbin);
  RunStats stats;
  std::vector<Tensor> out = ex.run({{"x", d.X}}, &stats);
  ASSERT_EQ(out.size(), 1u);
  expectBitwise(referenceI8I16(d), out[0], "executor");
  nlohmann::json j = stats.toJson();
  ASSERT_EQ(j["steps"].size(), 2u);
  EXPECT_EQ(j["steps"][0]["kind"], "device");
  EXPECT_EQ(j["steps"][0]["target"], "lut-tc");
  EXPECT_EQ(j["steps"][0]["device"]["gemm"]["kernel"], "precompute");
  EXPECT_GT(j["steps"][1]["device"]["cycles"].get<double>(), 0);
  EXPECT_TRUE(j["steps"][1]["device"].contains("vs_baselines"));
  EXPECT_EQ(j["steps"][1]["flops"].get<uint64_t>(), 2u * 2 * 96 * 256);
  ASSERT_TRUE(j.contains("device"));
  EXPECT_EQ(j["device"]["steps"].get<int>(), 2);
  EXPECT_EQ(j["device"]["mpgemm_steps"].get<int>(), 1);
  EXPECT_DOUBLE_EQ(j["device"]["cycles"].get<double>(),
                   j["steps"][0]["device"]["cycles"].get<double>() +
                       j["steps"][1]["device"]["cycles"].get<double>());
  EXPECT_TRUE(j["device"]["vs_baselines"].contains("dequant_fp16"));
  EXPECT_TRUE(j["device"]["vs_baselines"].contains("conventional_lut"));
  EXPECT_GT(j["device"]["energy_pj"]["total"].get<double>(), 0);
  EXPECT_TRUE(stats.toChromeTrace()["traceEvents"][0]["args"].contains(
      "device_cycles"));
}

TEST(LutExecutor, InvalidProgramsFailAtLoad) {
  GemmCase c;
  c.m = 1;
  c.n = 64;
  c.kd = 128;
  GemmData d = makeGemm(c);
  LutConfig cfg = configFor(c);
  auto bytes = std::make_shared<std::string>();
  ASSERT_EQ(gemmKbin(d, cfg, true).serialize(*bytes), "");
  Kbin kbin = Kbin::loadBytes(bytes, "t.kbin");
  std::string e = errorOf([&] { Executor ex(kbin); });
  EXPECT_NE(e.find("program[0]: device program of step 'pre': core 0, "
                   "instruction 4 (seti): writes r0"),
            std::string::npos)
      << e;
  // A configuration the simulator cannot use is named too.
  KbinWriter w = gemmKbin(d, cfg, false);
  w.manifest().targetConfig.erase("smem_bytes");
  auto bytes2 = std::make_shared<std::string>();
  ASSERT_EQ(w.serialize(*bytes2), "");
  Kbin k2 = Kbin::loadBytes(bytes2, "t.kbin");
  EXPECT_NE(errorOf([&] {
              Executor ex(k2);
            }).find("program[0]: lut-tc config: 'smem_bytes' is missing"),
            std::string::npos);
  // The registry exposes a listing even for the invalid program.
  registerAllDevices();
  const DeviceSimulator *sim = findDevice("lut-tc");
  ASSERT_NE(sim, nullptr);
  const Step &s = kbin.manifest().program[0];
  nlohmann::json listing =
      sim->disassemble(s, kbin.blobData(s.programBlob),
                       kbin.manifest().blobs[s.programBlob].size);
  EXPECT_EQ(listing["cores"][0][4], "seti r0, 1");
}

TEST(LutSim, RandomProgramsFailCleanly) {
  // Random instructions with small fields, most of them valid: every
  // program either runs or fails with an Error, never crashes or reads out
  // of bounds (run under a sanitizer to be sure).
  LutConfig cfg = LutConfig::defaults();
  cfg.smemBytes = 4096;
  cfg.tbufBytes = 512;
  cfg.accTiles = 2;
  std::mt19937 rng(1234);
  auto small = [&](uint32_t hi) {
    return std::uniform_int_distribution<uint32_t>(0, hi)(rng);
  };
  std::vector<uint8_t> in(512), out(256);
  for (uint8_t &b : in)
    b = static_cast<uint8_t>(small(255));
  auto addr = [&] { return packAddr(small(3), small(small(1) ? 300 : 5000)); };
  auto table = [&] { return static_cast<TableType>(small(2)); };
  int ran = 0, failed = 0;
  for (int p = 0; p < 3000; ++p) {
    std::vector<Instr> stream;
    const int n = 1 + small(6);
    for (int k = 0; k < n; ++k) {
      Instr i;
      switch (small(9)) {
      case 0:
        i = encodeSetI(1 + small(2), static_cast<int32_t>(small(600)) - 100);
        break;
      case 1:
        i = encodeAddI(1 + small(2), small(3),
                       static_cast<int32_t>(small(200)) - 100);
        break;
      case 2:
        i = encodeLoop(1 + small(2));
        break;
      case 3:
        i = encodeSimple(small(1) ? Opcode::EndL : Opcode::Sync);
        break;
      case 4: {
        LoadFields f;
        f.space = small(1) ? Space::Tbuf : Space::Smem;
        f.array = f.space == Space::Tbuf ? small(4) : 0;
        f.dst = addr();
        f.src = addr();
        f.rows = 1 + small(4);
        f.rowBytes = 1 + small(100);
        f.srcStride = small(128);
        f.dstStride = small(128);
        f.slot = small(1);
        i = encodeLoad(f);
        break;
      }
      case 5: {
        StoreFields f;
        f.dst = addr();
        f.src = addr();
        f.rows = 1 + small(3);
        f.rowBytes = 1 + small(64);
        f.dstStride = small(100);
        f.srcStride = small(100);
        f.slot = small(1);
        i = encodeStore(f);
        break;
      }
      case 6: {
        TGenFields f;
        f.act = small(1) ? ActType::I8 : ActType::F16;
        f.table = table();
        f.prologue = static_cast<Prologue>(small(2));
        f.k = 1 + small(7);
        f.groupUnits = 1 + small(2);
        f.src = addr();
        f.dstTables = addr();
        f.dstRowInfo = addr();
        f.rows = 1 + small(3);
        f.kdim = f.k * f.groupUnits * (1 + small(3));
        f.srcStride = small(200);
        f.prologueVec = f.prologue == Prologue::None ? 0 : addr();
        i = encodeTGen(f);
        break;
      }
      case 7: {
        LmmaFields f;
        f.bits = 1 + small(7);
        f.clear = small(1);
        f.table = table();
        f.array = small(4);
        f.acc = small(2);
        f.tables = addr();
        f.weights = addr();
        f.rows = 1 + small(2);
        f.shape = cfg.tile;
        f.planeStride = small(64);
        i = encodeLmma(f);
        break;
      }
      default: {
        EpiFields f;
        f.init = small(1);
        f.clearAcc = small(1);
        f.table = table();
        f.array = small(4);
        f.acc = small(2);
        f.out = addr();
        f.consts = addr();
        f.rowInfo = addr();
        f.shape = cfg.tile;
        f.outStride = small(512);
        f.rows = 1 + small(2);
        i = encodeEpi(f);
        break;
      }
      }
      if (small(20) == 0) // now and then a raw bit flip
        reinterpret_cast<uint8_t *>(&i)[small(31)] ^= uint8_t(1u << small(7));
      stream.push_back(i);
    }
    stream.push_back(encodeSimple(Opcode::Halt));
    std::string blob = buildProgram({stream}, 2);
    std::string e = errorOf([&] {
      Program prog = parseProgram(blob.data(), blob.size(), "r", {&cfg, 1, 1});
      std::vector<Slot> slots = {{in.data(), nullptr, in.size(), "in"},
                                 {out.data(), out.data(), out.size(), "out"}};
      Simulator(cfg).run(prog, "r", slots);
    });
    (e.empty() ? ran : failed)++;
    if (!e.empty()) {
      EXPECT_EQ(e.rfind("device program of step 'r': ", 0), 0u) << e;
    }
  }
  EXPECT_GT(ran, 100);
  EXPECT_GT(failed, 100);
}

TEST(LutTiming, SharedL2ServesRepeatedReads) {
  // Two cores read the same 4 KB of an input, and core 0 reads it twice:
  // one DRAM read of each line, shared by the two cores; everything else
  // hits the L2.
  LutConfig cfg = LutConfig::defaults();
  const std::string load =
      "  load.smem dst=0 src=0 rows=1 rb=4096 ss=4096 ds=4096 slot=0\n";
  std::string text = "core 0:\n" + load + load + "  halt\ncore 1:\n" + load +
                     "  halt\n";
  LaunchStats st = runTiming(text, cfg);
  EXPECT_EQ(st.dramBytes, 4096u);
  EXPECT_EQ(st.l2Bytes, 2u * 4096);
  EXPECT_DOUBLE_EQ(st.energy.dram, cfg.energy.dramByte * 4096);
  EXPECT_DOUBLE_EQ(st.energy.l2, cfg.energy.l2Byte * 2 * 4096);
  // With an L2 too small for the lines read, every read goes to DRAM.
  cfg.l2Bytes = 1024;
  st = runTiming(text, cfg);
  EXPECT_EQ(st.dramBytes, 3u * 4096);
  EXPECT_EQ(st.l2Bytes, 0u);
}
