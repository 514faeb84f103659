//===- lut_tc_kernels.cpp - LUT Tensor Core kernels against the baselines
//---===//
//
//   lut-tc-kernels [--config configs/lut-tc/default.json] [--quick]
//
// For W1/W2/W4 x f16/i8 activations and the GEMM shapes M x K x N
// 1x4096x4096, 16x4096x4096 and 128x4096x11008 (LLaMA-7B's projections),
// compiles one precompute + mpgemm pair with the same planner the compiler
// uses, runs both on the simulator and prints:
//   1. simulated cycles and energy of LUT-TC (precompute included) beside
//      the dequantize + FP16 tensor core and conventional LUT baselines of
//      the same GEMM, and the ratios;
//   2. the table bytes saved by weight reinterpretation (half tables, 2x)
//      and by sharing one precompute between the Q/K/V projections;
//   3. the simulator's functional speed (simulated MACs per second) beside
//      dequantize + OpenBLAS on the same shape in the same run.
// Inputs are random (fixed seed); every number is computed, none assumed.
//
//===----------------------------------------------------------------------===//

#include "dialects/lut/Transforms/KernelPlanner.h"
#include "dialects/lut/Transforms/LutOptions.h"
#include "dialects/lut/Transforms/WeightQuantization.h"
#include "kiln/rt/Error.h"
#include "kiln/rt/LutConfig.h"
#include "kiln/rt/LutProgram.h"
#include "kiln/rt/LutSimulator.h"
#include "kiln/rt/Tensor.h"

#include <cblas.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace rt = kiln::rt;
using kiln::rt::DType;
using kiln::rt::Error;
using kiln::rt::fail;
using kiln::rt::Tensor;
using Clock = std::chrono::steady_clock;

namespace {

struct GemmDims {
  int64_t m, k, n;
};

struct Result {
  rt::lut::LaunchStats pre, gemm;
  rt::lut::BaselineCost dequant, conventional, roofline;
  double simSeconds = 0;
  std::vector<float> y;
};

double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

/// Packs, plans and runs one GEMM on the simulator.
Result runGemm(const GemmDims &s, unsigned bits, rt::lut::ActType act,
               const std::vector<float> &w, const std::vector<float> &x,
               const kiln::lut::LutMachine &machine,
               const rt::lut::LutConfig &config) {
  const unsigned k = machine.config.tile.k;
  const int64_t group = kiln::lut::effectiveGroupSize(s.k, 128, k);
  const rt::lut::TableType table = act == rt::lut::ActType::I8
                                       ? rt::lut::TableType::I16
                                       : rt::lut::TableType::F16;
  kiln::lut::QuantizedWeights q =
      kiln::lut::quantizeRoundToNearest(w.data(), s.k, s.n, bits, group);
  const int64_t tileN = machine.config.tile.n;
  const int64_t nPadded = (s.n + tileN - 1) / tileN * tileN;
  std::vector<uint8_t> planes = kiln::lut::packBitPlanes(q, k, nPadded);
  std::vector<float> consts = kiln::lut::epilogueConstants(q, nPadded);

  kiln::lut::PrecomputeShape ps;
  ps.m = s.m;
  ps.kdim = s.k;
  ps.k = k;
  ps.group = group;
  ps.act = act;
  ps.table = table;
  kiln::lut::EncodingSink preSink;
  kiln::lut::planPrecompute(ps, machine.config, preSink);

  kiln::lut::GemmShape gs;
  gs.m = s.m;
  gs.kdim = s.k;
  gs.n = s.n;
  gs.nPadded = nPadded;
  gs.bits = bits;
  gs.k = k;
  gs.group = group;
  gs.table = table;
  kiln::lut::GemmBlocking blocking;
  std::string why;
  if (!kiln::lut::chooseBlocking(gs, machine.config, blocking, why))
    fail("no blocking: ", why);
  if (std::getenv("KILN_BENCH_VERBOSE")) {
    kiln::lut::GemmEstimate est =
        kiln::lut::estimateGemm(gs, blocking, machine.config);
    std::fprintf(stderr,
                 "%lldx%lldx%lld W%u: m_block %lld n_block %lld k_block %lld "
                 "cores %u; estimate %.0f cycles, %.0f DRAM bytes\n",
                 (long long)s.m, (long long)s.k, (long long)s.n, bits,
                 (long long)blocking.mBlock, (long long)blocking.nBlock,
                 (long long)blocking.kBlock, blocking.cores, est.cycles,
                 est.dramBytes);
  }
  kiln::lut::EncodingSink gemmSink;
  kiln::lut::planGemm(gs, blocking, machine.config, gemmSink);

  const DType tableDType =
      table == rt::lut::TableType::F16 ? DType::F16 : DType::I16;
  const int64_t entries = rt::lut::tableEntries(k);
  Tensor xt(DType::F32, {s.m, s.k});
  std::memcpy(xt.raw(), x.data(), x.size() * 4);
  Tensor tables(tableDType, {s.k / k, s.m, entries});
  Tensor rowInfo(DType::F32, {s.k / group, s.m, 2});
  Tensor packed(DType::U8, {s.k / k, int64_t(bits),
                            int64_t(rt::lut::packedPlaneRowBytes(nPadded, k))});
  std::memcpy(packed.raw(), planes.data(), planes.size());
  Tensor constT(DType::F32, {s.k / group, nPadded, 2});
  std::memcpy(constT.raw(), consts.data(), consts.size() * 4);
  Tensor y(DType::F32, {s.m, s.n});

  rt::lut::Simulator sim(config);
  Result r;
  std::string preBlob = rt::lut::buildProgram(preSink.cores, 3);
  rt::lut::Program pre = rt::lut::parseProgram(preBlob.data(), preBlob.size(),
                                               "precompute", {&config, 1, 2});
  std::string gemmBlob = rt::lut::buildProgram(gemmSink.cores, 5);
  rt::lut::Program gemm = rt::lut::parseProgram(
      gemmBlob.data(), gemmBlob.size(), "mpgemm", {&config, 4, 1});
  auto t0 = Clock::now();
  r.pre =
      sim.run(pre, "precompute", rt::lut::slotsOf({&xt}, {&tables, &rowInfo}));
  r.gemm =
      sim.run(gemm, "mpgemm",
              rt::lut::slotsOf({&tables, &rowInfo, &packed, &constT}, {&y}));
  r.simSeconds = seconds(t0, Clock::now());

  rt::lut::GemmDesc desc;
  desc.kernel = "mpgemm";
  desc.m = s.m;
  desc.n = s.n;
  desc.k = s.k;
  desc.bits = bits;
  desc.lutK = k;
  desc.groupSize = group;
  desc.act = rt::lut::actTypeName(act);
  desc.table = rt::lut::tableTypeName(table);
  r.dequant = rt::lut::dequantFp16Baseline(desc, config);
  r.conventional = rt::lut::conventionalLutBaseline(desc, config);
  r.roofline = rt::lut::lutTcRoofline(desc, config);
  r.y.assign(y.data<float>(), y.data<float>() + s.m * s.n);
  return r;
}

/// Dequantize the packed codes to f32 and multiply with OpenBLAS: the
/// functional work the simulator replaces. Returns seconds.
double dequantBlas(const GemmDims &s, const kiln::lut::QuantizedWeights &q,
                   const std::vector<float> &x, std::vector<float> &y) {
  std::vector<float> w(q.codes.size());
  auto t0 = Clock::now();
  for (int64_t kk = 0; kk < q.kdim; ++kk) {
    const float *sc = &q.scales[kk / q.group * q.n];
    const float *zp = &q.zeros[kk / q.group * q.n];
    const uint8_t *c = &q.codes[kk * q.n];
    float *dst = &w[kk * q.n];
    for (int64_t nn = 0; nn < q.n; ++nn)
      dst[nn] = sc[nn] * (float(c[nn]) - zp[nn]);
  }
  y.assign(s.m * s.n, 0.0f);
  if (s.m == 1)
    cblas_sgemv(CblasRowMajor, CblasTrans, int(s.k), int(s.n), 1.0f, w.data(),
                int(s.n), x.data(), 1, 0.0f, y.data(), 1);
  else
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(s.m), int(s.n),
                int(s.k), 1.0f, x.data(), int(s.k), w.data(), int(s.n), 0.0f,
                y.data(), int(s.n));
  return seconds(t0, Clock::now());
}

} // namespace

int main(int argc, char **argv) {
  std::string configPath;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--config" && i + 1 < argc)
      configPath = argv[++i];
    else if (a == "--quick")
      quick = true;
    else {
      std::fprintf(stderr,
                   "usage: lut-tc-kernels [--config file.json] [--quick]\n");
      return 1;
    }
  }
  try {
    kiln::lut::LutMachine machine;
    if (std::string err = kiln::lut::loadMachine(configPath, "", machine);
        !err.empty())
      fail(err);
    rt::lut::LutConfig config = rt::lut::LutConfig::fromJson(machine.json);

    std::vector<GemmDims> shapes = {
        {1, 4096, 4096}, {16, 4096, 4096}, {128, 4096, 11008}};
    if (quick)
      shapes = {{1, 512, 512}, {16, 512, 512}, {32, 512, 1024}};
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.0f, 1.0f);

    std::printf("LUT Tensor Core kernels on '%s' (%u cores x %u arrays, tile "
                "M%uN%uK%u, %.2f GHz)\n\n",
                machine.json.value("name", "config").c_str(), config.cores,
                config.arraysPerCore, config.tile.m, config.tile.n,
                config.tile.k, config.clockGhz);
    std::printf(
        "1. Cycles and energy per GEMM. 'executed' is the compiled precompute "
        "+ mpgemm programs run on the simulator; the other columns are "
        "rooflines under the same assumptions (perfect overlap and balance, "
        "one DRAM latency in and one out per kernel): LUT-TC's own, "
        "dequantize + FP16 tensor core, conventional LUT. Ratios are "
        "baseline / LUT-TC roofline (> 1: LUT-TC better). Energy in uJ.\n\n");
    std::printf("| M x K x N | W | act | executed | LUT-TC roofline | "
                "schedule eff. | dequant+FP16 | conv. LUT | speedup vs FP16 "
                "| vs conv. LUT | energy executed | energy roofline | "
                "energy vs FP16 | vs conv. LUT |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    struct SpeedRow {
      GemmDims s;
      double simMacs, blasMacs;
    };
    std::vector<SpeedRow> speed;
    for (const GemmDims &s : shapes) {
      std::vector<float> w(s.k * s.n), x(s.m * s.k);
      for (float &v : w)
        v = 0.02f * normal(rng);
      for (float &v : x)
        v = normal(rng);
      for (unsigned bits : {1u, 2u, 4u})
        for (rt::lut::ActType act :
             {rt::lut::ActType::F16, rt::lut::ActType::I8}) {
          Result r = runGemm(s, bits, act, w, x, machine, config);
          double cycles = r.pre.cycles + r.gemm.cycles;
          double energy = r.pre.energy.total() + r.gemm.energy.total();
          double roof = r.roofline.cycles,
                 roofEnergy = r.roofline.energy.total();
          std::printf("| %lldx%lldx%lld | W%u | %s | %.0f | %.0f | %.0f%% | "
                      "%.0f | %.0f | %.2fx | %.2fx | %.1f | %.1f | %.2fx | "
                      "%.2fx |\n",
                      (long long)s.m, (long long)s.k, (long long)s.n, bits,
                      rt::lut::actTypeName(act), cycles, roof,
                      100.0 * roof / cycles, r.dequant.cycles,
                      r.conventional.cycles, r.dequant.cycles / roof,
                      r.conventional.cycles / roof, energy * 1e-6,
                      roofEnergy * 1e-6, r.dequant.energy.total() / roofEnergy,
                      r.conventional.energy.total() / roofEnergy);
          std::fflush(stdout);
          if (bits == 2 && act == rt::lut::ActType::F16) {
            kiln::lut::QuantizedWeights q = kiln::lut::quantizeRoundToNearest(
                w.data(), s.k, s.n, 2,
                kiln::lut::effectiveGroupSize(s.k, 128, config.tile.k));
            std::vector<float> ref;
            double blas = 1e9;
            for (int rep = 0; rep < 3; ++rep)
              blas = std::min(blas, dequantBlas(s, q, x, ref));
            double macs = double(s.m) * s.k * s.n;
            speed.push_back({s, macs / r.simSeconds, macs / blas});
          }
        }
    }

    const unsigned k = config.tile.k;
    std::printf("\n2. Table bytes per activation row and K = %u group\n\n", k);
    std::printf("| table entries | conventional (2^K) | reinterpreted "
                "(2^(K-1)) | saving |\n|---|---|---|---|\n");
    for (const char *t : {"f16", "i8", "i16"}) {
      size_t bytes = t[1] == '8' ? 1 : 2;
      size_t full = (size_t(1) << k) * bytes;
      size_t half = rt::lut::tableEntries(k) * bytes;
      std::printf("| %s | %zu B | %zu B | %.2fx |\n", t, full, half,
                  double(full) / double(half));
    }
    // Sharing: Q, K and V read one activation; one precompute instead of 3.
    {
      GemmDims s = quick ? GemmDims{16, 512, 512} : GemmDims{16, 4096, 4096};
      std::vector<float> w(s.k * s.n), x(s.m * s.k);
      for (float &v : w)
        v = 0.02f * normal(rng);
      for (float &v : x)
        v = normal(rng);
      Result r = runGemm(s, 4, rt::lut::ActType::F16, w, x, machine, config);
      double gemmCycles = r.gemm.cycles, preCycles = r.pre.cycles;
      std::printf("\nPrecompute sharing, Q/K/V projections of one %lldx%lld "
                  "activation (W4, f16; %lld columns each):\n\n",
                  (long long)s.m, (long long)s.k, (long long)s.n);
      std::printf("| | precomputes | table bytes written | precompute "
                  "cycles | total cycles |\n|---|---|---|---|---|\n");
      uint64_t tableBytes =
          uint64_t(s.m) * (s.k / k) * rt::lut::tableEntries(k) * 2;
      std::printf("| not shared | 3 | %llu | %.0f | %.0f |\n",
                  (unsigned long long)(3 * tableBytes), 3 * preCycles,
                  3 * (preCycles + gemmCycles));
      std::printf("| shared | 1 | %llu | %.0f | %.0f |\n",
                  (unsigned long long)tableBytes, preCycles,
                  preCycles + 3 * gemmCycles);
      std::printf("| saving | 3.00x | 3.00x | 3.00x | %.2fx |\n",
                  3 * (preCycles + gemmCycles) / (preCycles + 3 * gemmCycles));
    }

    std::printf("\n3. Simulator speed: functional execution (precompute + "
                "mpgemm, W2, f16) against dequantize + OpenBLAS (1 thread "
                "unless OPENBLAS_NUM_THREADS says otherwise), same run\n\n");
    std::printf("| M x K x N | simulator MAC/s | dequant + BLAS MAC/s | "
                "simulator / BLAS |\n|---|---|---|---|\n");
    for (const SpeedRow &row : speed)
      std::printf("| %lldx%lldx%lld | %.3g | %.3g | %.2f |\n",
                  (long long)row.s.m, (long long)row.s.k, (long long)row.s.n,
                  row.simMacs, row.blasMacs, row.simMacs / row.blasMacs);
    return 0;
  } catch (const Error &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
