//===- LutTestUtil.h - LUT-TC test problems, programs and references
//-------===//
//
// Test-only: random low-bit GEMM problems in the packed layouts of
// kiln/rt/LutIsa.h, precompute and mpgemm programs written as assembly text,
// and the independent references the functional tests compare against
// (none of them calls the simulator's arithmetic).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TEST_LUTTESTUTIL_H
#define KILN_TEST_LUTTESTUTIL_H

#include "kiln/rt/DType.h"
#include "kiln/rt/Error.h"
#include "kiln/rt/LutConfig.h"
#include "kiln/rt/LutIsa.h"
#include "kiln/rt/LutProgram.h"
#include "kiln/rt/LutSimulator.h"
#include "kiln/rt/Tensor.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace luttest {

using namespace kiln::rt;
using namespace kiln::rt::lut;

inline std::string sourcePath(const std::string &rel) {
  return std::string(KILN_SOURCE_DIR) + "/" + rel;
}

inline nlohmann::json defaultConfigJson() {
  std::ifstream in(sourcePath("configs/lut-tc/default.json"));
  EXPECT_TRUE(in.good()) << "cannot open configs/lut-tc/default.json";
  return nlohmann::json::parse(in);
}

/// The message of the Error `fn` throws ("" when it does not throw).
template <typename F> std::string errorOf(F &&fn) {
  try {
    fn();
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

struct GemmCase {
  unsigned m = 1, n = 64, kd = 128, g = 128, bits = 2, k = 4;
  bool ternary = false;
  ActType act = ActType::F16;
  TableType table = TableType::F16;
  Prologue prologue = Prologue::None;
  unsigned cores = 1;
  uint32_t seed = 1;
  bool zeroRow = false; // make row 1 all zeros (i8: the s_a = 1 rule)

  std::string label() const {
    std::ostringstream os;
    os << "m" << m << " n" << n << " kd" << kd << " g" << g << " "
       << (ternary ? std::string("ternary") : "w" + std::to_string(bits))
       << " K" << k << " " << actTypeName(act) << "/" << tableTypeName(table)
       << " prologue " << prologueName(prologue) << " cores " << cores;
    return os.str();
  }
};

/// A problem: f32 activations, codes q with per-(group, column) scale and
/// integer zero point, and their packed device forms.
struct GemmData {
  GemmCase c;
  unsigned nPad = 0;
  std::vector<float> x;     // [m][kd] before the prologue
  std::vector<float> vec;   // [kd] the prologue's operand
  std::vector<uint8_t> q;   // [kd][n]
  std::vector<float> s, z;  // [kd/g][n]
  Tensor X, Vec, W, Consts; // device inputs

  unsigned groups() const { return c.kd / c.g; }
  /// Activation after the prologue, in f32 as the ISA defines it.
  float xin(unsigned m, unsigned k) const {
    float v = x[size_t(m) * c.kd + k];
    if (c.prologue == Prologue::Mul)
      v = v * vec[k];
    else if (c.prologue == Prologue::Add)
      v = v + vec[k];
    return v;
  }
  double w(unsigned k, unsigned n) const {
    size_t gi = size_t(k / c.g) * c.n + n;
    return double(s[gi]) * (double(q[size_t(k) * c.n + n]) - double(z[gi]));
  }
};

inline GemmData makeGemm(const GemmCase &c) {
  GemmData d;
  d.c = c;
  const unsigned tileN = 64;
  d.nPad = (c.n + tileN - 1) / tileN * tileN;
  std::mt19937 rng(c.seed);
  std::uniform_real_distribution<float> ux(-2.0f, 2.0f), us(0.01f, 0.1f),
      uv(0.5f, 1.5f), ua(-0.5f, 0.5f);
  d.x.resize(size_t(c.m) * c.kd);
  for (float &v : d.x)
    v = ux(rng);
  // A few larger values, so row scales and table ranges vary.
  for (unsigned m = 0; m < c.m; ++m)
    d.x[size_t(m) * c.kd + (m * 37) % c.kd] *= 8.0f;
  if (c.zeroRow && c.m > 1)
    std::fill_n(d.x.begin() + c.kd, c.kd, 0.0f);
  d.vec.resize(c.kd);
  for (float &v : d.vec)
    v = c.prologue == Prologue::Add ? ua(rng) : uv(rng);
  const unsigned levels = c.ternary ? 3 : (1u << c.bits);
  std::uniform_int_distribution<unsigned> uq(0, levels - 1);
  d.q.resize(size_t(c.kd) * c.n);
  for (uint8_t &v : d.q)
    v = static_cast<uint8_t>(uq(rng));
  d.s.resize(size_t(d.groups()) * c.n);
  d.z.resize(d.s.size());
  std::uniform_int_distribution<unsigned> uz(0, (1u << c.bits) - 1);
  for (size_t i = 0; i < d.s.size(); ++i) {
    d.s[i] = us(rng);
    d.z[i] = c.ternary ? 1.0f : static_cast<float>(uz(rng));
  }

  d.X = Tensor(DType::F32, {int64_t(c.m), int64_t(c.kd)});
  std::memcpy(d.X.raw(), d.x.data(), d.x.size() * 4);
  d.Vec = Tensor(DType::F32, {int64_t(c.kd)});
  std::memcpy(d.Vec.raw(), d.vec.data(), d.vec.size() * 4);
  // Planes: [kd/K][bits][nPad*K/8]; index bit t = bit i of q[k0 + t][n].
  const uint64_t rowBytes = packedPlaneRowBytes(d.nPad, c.k);
  d.W = Tensor(DType::U8, {int64_t(c.kd / c.k * c.bits * rowBytes)});
  uint8_t *wp = d.W.data<uint8_t>();
  for (unsigned j = 0; j < c.kd / c.k; ++j)
    for (unsigned i = 0; i < c.bits; ++i) {
      uint8_t *row = wp + (size_t(j) * c.bits + i) * rowBytes;
      for (unsigned n = 0; n < c.n; ++n) {
        unsigned idx = 0;
        for (unsigned t = 0; t < c.k; ++t)
          idx |= ((d.q[size_t(j * c.k + t) * c.n + n] >> i) & 1u) << t;
        writeIndex(row, n, c.k, idx);
      }
    }
  // Constants: [kd/g][nPad][2] = (s, zc); padding columns are zero.
  d.Consts = Tensor(DType::F32, {int64_t(d.groups()), int64_t(d.nPad), 2});
  float *cp = d.Consts.data<float>();
  for (unsigned g = 0; g < d.groups(); ++g)
    for (unsigned n = 0; n < c.n; ++n) {
      cp[(size_t(g) * d.nPad + n) * 2] = d.s[size_t(g) * c.n + n];
      cp[(size_t(g) * d.nPad + n) * 2 + 1] =
          zeroCorrection(c.bits, d.z[size_t(g) * c.n + n]);
    }
  return d;
}

inline DType tableDType(TableType t) {
  return t == TableType::F16  ? DType::F16
         : t == TableType::I8 ? DType::I8
                              : DType::I16;
}

inline LutConfig configFor(const GemmCase &c) {
  LutConfig cfg = LutConfig::defaults();
  cfg.tile.k = c.k;
  return cfg;
}

/// Precompute: slots X [, vec] -> tables, rowinfo; rows split over cores.
inline std::string precomputeAsm(const GemmCase &c) {
  const unsigned K = c.k, E = tableEntries(K), tb = tableTypeBytes(c.table);
  const unsigned steps = c.kd / K, groups = c.kd / c.g;
  const bool vec = c.prologue != Prologue::None;
  const unsigned slotTables = vec ? 2 : 1, slotInfo = slotTables + 1;
  const unsigned cores = std::min(c.cores, c.m);
  const unsigned per = (c.m + cores - 1) / cores;
  std::ostringstream os;
  auto align = [](uint64_t v) { return (v + 63) / 64 * 64; };
  unsigned core = 0;
  for (unsigned r0 = 0; r0 < c.m; r0 += per, ++core) {
    const unsigned R = std::min(per, c.m - r0);
    const uint64_t xBytes = uint64_t(R) * c.kd * 4;
    const uint64_t vAt = align(xBytes), tAt = align(vAt + c.kd * 4);
    const uint64_t iAt = align(tAt + uint64_t(steps) * R * E * tb);
    os << "core " << core << ":\n";
    os << "  load.smem dst=r0+0 src=r0+" << uint64_t(r0) * c.kd * 4
       << " rows=" << R << " rb=" << c.kd * 4 << " ss=" << c.kd * 4
       << " ds=" << c.kd * 4 << " slot=0\n";
    if (vec)
      os << "  load.smem dst=r0+" << vAt << " src=r0+0 rows=1 rb=" << c.kd * 4
         << " ss=0 ds=0 slot=1\n";
    os << "  tgen.k" << K << "." << actTypeName(c.act) << "."
       << tableTypeName(c.table)
       << (vec ? std::string(".") + prologueName(c.prologue) : "")
       << " g=" << c.g << " src=r0+0 tbl=r0+" << tAt << " info=r0+" << iAt
       << " rows=" << R << " kd=" << c.kd << " ss=" << c.kd * 4;
    if (vec)
      os << " vec=r0+" << vAt;
    os << "\n";
    os << "  store dst=r0+" << uint64_t(r0) * E * tb << " src=r0+" << tAt
       << " rows=" << steps << " rb=" << R * E * tb << " ds=" << c.m * E * tb
       << " ss=" << R * E * tb << " slot=" << slotTables << "\n";
    os << "  store dst=r0+" << uint64_t(r0) * 8 << " src=r0+" << iAt
       << " rows=" << groups << " rb=" << R * 8 << " ds=" << c.m * 8
       << " ss=" << R * 8 << " slot=" << slotInfo << "\n";
    os << "  halt\n";
  }
  return os.str();
}

/// mpgemm: slots tables, rowinfo, weights, consts -> Y [m][n]. One job per
/// (row tile, column tile), jobs round-robin over cores and, within a core,
/// over its arrays (each array slot with its own SMEM and TBUF buffers).
inline std::string mpgemmAsm(const GemmCase &c, const LutConfig &cfg) {
  const unsigned K = c.k, E = tableEntries(K), tb = tableTypeBytes(c.table);
  const unsigned Mt = cfg.tile.m, Nt = cfg.tile.n, b = c.bits;
  const unsigned nPad = (c.n + Nt - 1) / Nt * Nt, groups = c.kd / c.g;
  const unsigned setsPerGroup = c.g / K, planeBytes = Nt * K / 8;
  const uint64_t rowBytes = packedPlaneRowBytes(nPad, K);
  const uint64_t wsBytes = uint64_t(setsPerGroup) * b * planeBytes;
  const uint64_t jobBytes =
      (wsBytes + Nt * 8 + Mt * 8 + uint64_t(Mt) * Nt * 4 + 255) / 256 * 256;
  const char *acc = isIntegerTable(c.table) ? "i32" : "f32";
  std::ostringstream tileName;
  tileName << "m" << Mt << "n" << Nt << "k" << K;
  struct Job {
    unsigned m0, n0;
  };
  std::vector<std::vector<Job>> perCore(c.cores);
  unsigned j = 0;
  for (unsigned m0 = 0; m0 < c.m; m0 += Mt)
    for (unsigned n0 = 0; n0 < c.n; n0 += Nt, ++j)
      perCore[j % c.cores].push_back({m0, n0});
  std::ostringstream os;
  for (unsigned core = 0; core < c.cores; ++core) {
    os << "core " << core << ":\n";
    unsigned local = 0;
    for (const Job &job : perCore[core]) {
      const unsigned a = local++ % cfg.arraysPerCore;
      const unsigned R = std::min(Mt, c.m - job.m0);
      const uint64_t ws = a * jobBytes, cs = ws + wsBytes, is = cs + Nt * 8,
                     osm = is + Mt * 8;
      os << "  # job rows " << job.m0 << "+" << R << ", columns " << job.n0
         << " on a" << a << "\n";
      os << "  seti r1, " << uint64_t(job.m0) * E * tb << "\n";
      os << "  seti r2, " << uint64_t(job.n0) * K / 8 << "\n";
      os << "  seti r3, " << uint64_t(job.n0) * 8 << "\n";
      os << "  seti r4, " << uint64_t(job.m0) * 8 << "\n";
      auto groupBody = [&](bool init, const std::string &ind) {
        os << ind << "load.tbuf a" << a
           << " dst=r0+0 src=r1+0 rows=" << setsPerGroup << " rb=" << R * E * tb
           << " ss=" << c.m * E * tb << " ds=" << Mt * E * tb << " slot=0\n";
        os << ind << "load.smem dst=r0+" << ws
           << " src=r2+0 rows=" << setsPerGroup * b << " rb=" << planeBytes
           << " ss=" << rowBytes << " ds=" << planeBytes << " slot=2\n";
        os << ind << "load.smem dst=r0+" << cs
           << " src=r3+0 rows=1 rb=" << Nt * 8 << " ss=0 ds=0 slot=3\n";
        os << ind << "load.smem dst=r0+" << is
           << " src=r4+0 rows=1 rb=" << R * 8 << " ss=0 ds=0 slot=1\n";
        os << ind << "seti r5, 0\n" << ind << "seti r6, " << ws << "\n";
        std::ostringstream l;
        l << "lmma." << tileName.str() << "." << tableTypeName(c.table) << ".w"
          << b << "." << acc << ".f32 a" << a
          << " acc=0 tbl=r5+0 w=r6+0 rows=" << R << " ps=" << planeBytes;
        os << ind << l.str() << " clear\n";
        if (setsPerGroup > 1) {
          os << ind << "loop " << setsPerGroup - 1 << "\n";
          os << ind << "  addi r5, r5, " << Mt * E * tb << "\n";
          os << ind << "  addi r6, r6, " << b * planeBytes << "\n";
          os << ind << "  " << l.str() << "\n";
          os << ind << "endl\n";
        }
        os << ind << "epi." << tileName.str() << "." << tableTypeName(c.table)
           << "." << acc << ".f32 a" << a << " acc=0 out=r0+" << osm << " c=r0+"
           << cs << " info=r0+" << is << " rows=" << R << " os=" << Nt * 4
           << (init ? " init" : "") << " clear\n";
        os << ind << "addi r1, r1, " << uint64_t(setsPerGroup) * c.m * E * tb
           << "\n";
        os << ind << "addi r2, r2, " << uint64_t(setsPerGroup) * b * rowBytes
           << "\n";
        os << ind << "addi r3, r3, " << uint64_t(nPad) * 8 << "\n";
        os << ind << "addi r4, r4, " << uint64_t(c.m) * 8 << "\n";
      };
      groupBody(true, "  ");
      if (groups > 1) {
        os << "  loop " << groups - 1 << "\n";
        groupBody(false, "    ");
        os << "  endl\n";
      }
      os << "  store dst=r0+" << (uint64_t(job.m0) * c.n + job.n0) * 4
         << " src=r0+" << osm << " rows=" << R
         << " rb=" << std::min(Nt, c.n - job.n0) * 4 << " ds=" << c.n * 4
         << " ss=" << Nt * 4 << " slot=4\n";
    }
    os << "  halt\n";
  }
  return os.str();
}

struct GemmRun {
  Tensor tables, info, y;
  LaunchStats pre, gemm;
};

/// Assembles, validates and runs both programs.
inline GemmRun runGemm(const GemmData &d, const LutConfig &cfg) {
  const GemmCase &c = d.c;
  GemmRun r;
  const unsigned E = tableEntries(c.k);
  r.tables = Tensor(tableDType(c.table),
                    {int64_t(c.kd / c.k), int64_t(c.m), int64_t(E)});
  r.info = Tensor(DType::F32, {int64_t(d.groups()), int64_t(c.m), 2});
  r.y = Tensor(DType::F32, {int64_t(c.m), int64_t(c.n)});
  Simulator sim(cfg);
  const bool vec = c.prologue != Prologue::None;
  std::vector<const Tensor *> preIn = {&d.X};
  if (vec)
    preIn.push_back(&d.Vec);
  std::string preBlob = buildProgram(assembleProgram(precomputeAsm(c)),
                                     static_cast<uint32_t>(preIn.size() + 2));
  Program pre = parseProgram(preBlob.data(), preBlob.size(), "precompute",
                             {&cfg, int64_t(preIn.size()), 2});
  r.pre = sim.run(pre, "precompute", slotsOf(preIn, {&r.tables, &r.info}));
  std::string gemmBlob = buildProgram(assembleProgram(mpgemmAsm(c, cfg)), 5);
  Program gemm =
      parseProgram(gemmBlob.data(), gemmBlob.size(), "mpgemm", {&cfg, 4, 1});
  r.gemm = sim.run(gemm, "mpgemm",
                   slotsOf({&r.tables, &r.info, &d.W, &d.Consts}, {&r.y}));
  return r;
}

//===----------------------------------------------------------------------===//
// Exact rounding for the references
//===----------------------------------------------------------------------===//

using i128 = __int128;

inline int bitLength(unsigned __int128 v) {
  int n = 0;
  while (v) {
    v >>= 1;
    ++n;
  }
  return n;
}

/// The f32 nearest to N * 2^E (ties to even), found by comparing the exact
/// distances of the neighbours of a long double estimate. (Independent of
/// the simulator, which rounds by truncating bits.)
inline float nearestFloat(i128 N, int E) {
  if (N == 0)
    return 0.0f;
  long double est = std::ldexp(static_cast<long double>(N), E);
  float c = static_cast<float>(est);
  const float inf = std::numeric_limits<float>::infinity();
  float cands[3] = {std::nextafter(c, -inf), c, std::nextafter(c, inf)};
  // Each candidate as F * 2^e with integer F.
  i128 F[3];
  int e[3], emin = E;
  for (int i = 0; i < 3; ++i) {
    int ex;
    float fr = std::frexp(cands[i], &ex); // cands = fr * 2^ex, |fr| in [0.5, 1)
    F[i] = static_cast<i128>(std::ldexp(fr, 24));
    e[i] = ex - 24;
    emin = std::min(emin, e[i]);
  }
  unsigned __int128 absN = N < 0 ? -N : N;
  EXPECT_LT(bitLength(absN) + (E - emin), 126) << "reference overflow";
  i128 target = N * (static_cast<i128>(1) << (E - emin));
  int best = -1;
  unsigned __int128 bestDist = 0;
  for (int i = 0; i < 3; ++i) {
    EXPECT_LT(25 + (e[i] - emin), 126) << "reference overflow";
    i128 v = F[i] * (static_cast<i128>(1) << (e[i] - emin));
    unsigned __int128 dist = target > v ? target - v : v - target;
    uint32_t bits;
    std::memcpy(&bits, &cands[i], 4);
    uint32_t bestBits = 0;
    if (best >= 0)
      std::memcpy(&bestBits, &cands[best], 4);
    if (best < 0 || dist < bestDist ||
        (dist == bestDist && (bits & 1) == 0 && (bestBits & 1) != 0)) {
      best = i;
      bestDist = dist;
    }
  }
  return cands[best];
}

/// A finite double as M * 2^e with integer M.
inline void splitDouble(double v, int64_t &m, int &e) {
  int ex;
  double fr = std::frexp(v, &ex);
  m = static_cast<int64_t>(std::ldexp(fr, 53));
  e = ex - 53;
}

inline uint32_t bitsOf(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

} // namespace luttest

#endif // KILN_TEST_LUTTESTUTIL_H
