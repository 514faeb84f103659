//===- LutStats.cpp - LUT-TC statistics, GEMM descriptions, baselines
//------===//
//
// The analytic baselines follow docs/isa/lut-tc.md, "Baselines". Both are
// rooflines over the same machine configuration (same cores, clock, DRAM,
// SMEM, energies), so they are optimistic for the baselines: the simulated
// LUT-TC time includes latencies and dependencies the rooflines ignore.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/LutSimulator.h"

#include "kiln/rt/Error.h"
#include "kiln/rt/LutStep.h"

#include <algorithm>
#include <cmath>

namespace kiln::rt::lut {

using json = nlohmann::json;

double EnergyBreakdown::total() const {
  return tableRead + add + reg + tbuf + smem + dram + l2 + precompute +
         epilogue + mac + dequant;
}

EnergyBreakdown &EnergyBreakdown::operator+=(const EnergyBreakdown &o) {
  tableRead += o.tableRead;
  add += o.add;
  reg += o.reg;
  tbuf += o.tbuf;
  smem += o.smem;
  dram += o.dram;
  l2 += o.l2;
  precompute += o.precompute;
  epilogue += o.epilogue;
  mac += o.mac;
  dequant += o.dequant;
  return *this;
}

json EnergyBreakdown::toJson() const {
  json j = {{"table_read", tableRead},
            {"add", add},
            {"reg", reg},
            {"tbuf", tbuf},
            {"smem", smem},
            {"dram", dram},
            {"l2", l2},
            {"precompute", precompute},
            {"epilogue", epilogue}};
  if (mac)
    j["fp16_mac"] = mac;
  if (dequant)
    j["dequant"] = dequant;
  j["total"] = total();
  return j;
}

json LaunchStats::toJson() const {
  json instrs = json::object();
  uint64_t total = 0;
  for (size_t op = 0; op < instructions.size(); ++op)
    if (instructions[op]) {
      const char *name = opcodeName(static_cast<Opcode>(op));
      instrs[name ? name : "opcode " + std::to_string(op)] = instructions[op];
      total += instructions[op];
    }
  return {{"target", kTargetName},
          {"cycles", cycles},
          {"seconds", seconds},
          {"cores", cores},
          {"active_cores", activeCores},
          {"utilisation", utilisation},
          {"energy_pj", energy.toJson()},
          {"dram_bytes", dramBytes},
          {"l2_bytes", l2Bytes},
          {"smem_bytes", smemBytes},
          {"tbuf_bytes", tbufBytes},
          {"table_bytes", tableBytes},
          {"lookups", lookups},
          {"events",
           {{"lookups", lookups},
            {"adds_f32", addsF32},
            {"adds_int", addsInt},
            {"acc_writes", accWrites},
            {"precompute_ops", precomputeOps},
            {"epilogue_ops", epilogueOps}}},
          {"instructions", instrs},
          {"instructions_total", total},
          {"busy_cycles",
           {{"dma", dmaBusy},
            {"precompute", precomputeBusy},
            {"arrays", arrayBusy},
            {"epilogue", epilogueBusy}}}};
}

//===----------------------------------------------------------------------===//
// GEMM descriptions
//===----------------------------------------------------------------------===//

std::optional<GemmDesc> GemmDesc::fromAttrs(const Attrs &a,
                                            const std::string &step) {
  if (!a.has(attr::kKernel))
    return std::nullopt;
  auto bad = [&](const auto &...parts) {
    fail("lut-tc step '", step, "': ", parts...);
  };
  GemmDesc g;
  g.kernel = a.getString(attr::kKernel, "");
  if (g.kernel != kKernelPrecompute && g.kernel != kKernelMpGemm)
    bad("attribute '", attr::kKernel, "' is '", g.kernel, "', expected '",
        kKernelPrecompute, "' or '", kKernelMpGemm, "'");
  const bool gemm = g.kernel == kKernelMpGemm;
  auto integer = [&](const char *name, bool required, int64_t lo, int64_t hi,
                     int64_t dflt) -> int64_t {
    if (!a.has(name)) {
      if (required)
        bad("attribute '", name, "' is missing");
      return dflt;
    }
    int64_t v = a.getInt(name, dflt);
    if (v < lo || v > hi)
      bad("attribute '", name, "' = ", v, " is out of range [", lo, ", ", hi,
          "]");
    return v;
  };
  const int64_t big = int64_t(1) << 40;
  g.m = integer(attr::kM, true, 1, big, 0);
  g.n = integer(attr::kN, gemm, 1, big, 0);
  g.k = integer(attr::kK, true, 1, big, 0);
  g.bits = static_cast<unsigned>(integer(attr::kBits, gemm, 1, 8, 0));
  g.lutK = static_cast<unsigned>(integer(attr::kLutK, true, 1, 8, 4));
  g.groupSize = integer(attr::kGroupSize, true, 1, big, 0);
  g.sharedBy = integer(attr::kSharedBy, false, 1, big, 1);
  // A boolean: the emitter's i1 attributes arrive as 0 / -1 (sign-extended).
  g.ternary = a.getInt(attr::kTernary, 0) != 0;
  g.act = a.getString(attr::kAct, "f16");
  g.table = a.getString(attr::kTable, g.act == "i8" ? "i16" : "f16");
  if (g.act != "f16" && g.act != "i8")
    bad("attribute 'act' is '", g.act, "', expected 'f16' or 'i8'");
  if (g.table != "f16" && g.table != "i8" && g.table != "i16")
    bad("attribute 'table' is '", g.table, "', expected 'f16', 'i8' or 'i16'");
  if (g.k % g.lutK || g.k % g.groupSize || g.groupSize % g.lutK)
    bad("k = ", g.k, ", group_size = ", g.groupSize, " and lut_k = ", g.lutK,
        " do not divide (k must be a multiple of group_size, which must be a "
        "multiple of lut_k)");
  return g;
}

json GemmDesc::toJson() const {
  json j = {
      {"kernel", kernel},        {"m", m},     {"k", k},        {"lut_k", lutK},
      {"group_size", groupSize}, {"act", act}, {"table", table}};
  if (kernel == kKernelMpGemm) {
    j["n"] = n;
    j["bits"] = bits;
    j["ternary"] = ternary;
  } else {
    j["shared_by"] = sharedBy;
  }
  return j;
}

//===----------------------------------------------------------------------===//
// Baselines
//===----------------------------------------------------------------------===//

json BaselineCost::toJson() const {
  return {{"cycles", cycles},
          {"seconds", seconds},
          {"compute_cycles", computeCycles},
          {"memory_cycles", memoryCycles},
          {"latency_cycles", latencyCycles},
          {"dram_bytes", dramBytes},
          {"smem_bytes", smemBytes},
          {"table_bytes", tableBytes},
          {"energy_pj", energy.toJson()}};
}

static double ceilDiv(double a, double b) { return std::ceil(a / b); }

static double tableEntryBytes(const std::string &table) {
  return table == "i8" ? 1 : 2;
}

BaselineCost dequantFp16Baseline(const GemmDesc &g, const LutConfig &c) {
  BaselineCost b;
  b.name = "dequant_fp16";
  const double M = g.m, N = g.n, K = g.k, groups = K / g.groupSize;
  const double mPadded =
      ceilDiv(M, c.baseline.fp16TileM) * c.baseline.fp16TileM;
  const double macs = mPadded * N * K;
  const double arrays = double(c.cores) * c.arraysPerCore;
  const double macCycles =
      macs / (c.baseline.fp16MacsPerCyclePerArray * arrays);
  const double dequantCycles =
      N * K / (c.baseline.dequantPerCyclePerCore * c.cores);
  // Packed weights, an f16 scale and zero point per group and column,
  // activations in their storage type, f32 outputs.
  const double actBytes = g.act == "i8" ? 1 : 2;
  const double dram = std::ceil(N * K * g.bits / 8.0) + N * groups * 4 +
                      M * K * actBytes + M * N * 4;
  b.dramBytes = static_cast<uint64_t>(dram);
  b.smemBytes = b.dramBytes; // every operand is staged through SMEM once
  b.computeCycles = std::max(macCycles, dequantCycles);
  b.memoryCycles = dram / c.dramBytesPerCycle();
  // Like any kernel that reads and writes DRAM (the LUT-TC mpgemm too): one
  // latency before the first operands arrive, one after the last output.
  b.latencyCycles = 2.0 * c.dmaLatency;
  b.cycles = std::max(b.computeCycles, b.memoryCycles) + b.latencyCycles;
  b.seconds = b.cycles / (c.clockGhz * 1e9);
  b.energy.mac = c.energy.fp16Mac * macs;
  b.energy.dequant = c.energy.dequantOp * N * K;
  b.energy.dram = c.energy.dramByte * dram;
  b.energy.smem = c.energy.smemByte * double(b.smemBytes);
  return b;
}

BaselineCost conventionalLutBaseline(const GemmDesc &g, const LutConfig &c) {
  BaselineCost b;
  b.name = "conventional_lut";
  const TileShape t = c.baseline.conventionalTile;
  const double M = g.m, N = g.n, Kd = g.k, bits = g.bits;
  const double kc = t.k, fullEntries = std::ldexp(1.0, t.k);
  const double steps = ceilDiv(Kd, kc), groups = Kd / g.groupSize;
  const double tb = tableEntryBytes(g.table);
  const double arrays = double(c.cores) * c.arraysPerCore;
  // One instruction per (M tile, N tile, K step), bit-serial over the planes.
  const double instrs = ceilDiv(M, t.m) * ceilDiv(N, t.n) * steps;
  const double arrayCycles = instrs * bits / arrays;
  // Every instruction loads its rows' full tables: no elongation, so the
  // tables of a K step are reloaded for every N tile of t.n columns.
  const double tableBytes = ceilDiv(N, t.n) * steps * M * fullEntries * tb;
  const double weightBytes = std::ceil(N * Kd * bits / 8.0);
  const double constBytes = N * groups * 8; // f32 (scale, zc)
  const double actBytes = M * Kd * 4;       // f32 activations
  const double outBytes = M * N * 4;
  // Precompute inside the GEMM: full tables, not shared with other GEMMs.
  const double entries = M * steps * fullEntries;
  const double precomputeOps = M * steps * ((kc - 1) + (fullEntries - 1)) +
                               M * Kd + (g.act == "i8" ? M * Kd : 0) +
                               (g.table == "i8" ? entries : 0);
  const double precomputeCycles =
      std::max(entries / (c.precomputeEntriesPerCycle * c.cores),
               (actBytes + entries * tb) / (c.smemBytesPerCycle * c.cores));
  const double folds = M * N * groups;
  const double epilogueCycles = folds / (c.epilogueOutputsPerCycle * c.cores);
  const double dram = weightBytes + constBytes + actBytes + outBytes;
  const double smem = tableBytes + weightBytes + constBytes + outBytes +
                      entries * tb + actBytes;
  const double smemCycles = smem / (c.smemBytesPerCycle * c.cores);
  b.dramBytes = static_cast<uint64_t>(dram);
  b.smemBytes = static_cast<uint64_t>(smem);
  b.tableBytes = static_cast<uint64_t>(tableBytes);
  b.computeCycles = std::max({arrayCycles, epilogueCycles, smemCycles});
  b.memoryCycles = dram / c.dramBytesPerCycle();
  // Tables exist before lookups start: the precompute phase is serial, and
  // each phase exposes one DRAM latency.
  b.latencyCycles = 2.0 * c.dmaLatency;
  b.cycles = precomputeCycles + std::max(b.computeCycles, b.memoryCycles) +
             b.latencyCycles;
  b.seconds = b.cycles / (c.clockGhz * 1e9);
  const double lookups = M * N * steps * bits;
  b.energy.tableRead = c.energy.tableRead * lookups;
  b.energy.add = (g.table == "f16" ? c.energy.add : c.energy.addInt) * lookups;
  b.energy.reg = c.energy.reg * lookups;
  b.energy.tbuf = c.energy.tbufByte * 2 * tableBytes; // written, then read
  b.energy.smem = c.energy.smemByte * smem;
  b.energy.dram = c.energy.dramByte * dram;
  b.energy.precompute = c.energy.precomputeAdd * precomputeOps;
  b.energy.epilogue = c.energy.epilogueOp * folds;
  return b;
}

BaselineCost lutTcRooflineGemmOnly(const GemmDesc &g, const LutConfig &c) {
  // The mpgemm alone: no precompute work, one DRAM latency in and one out.
  GemmDesc only = g;
  only.sharedBy = 1 << 30;
  BaselineCost b = lutTcRoofline(only, c);
  b.name = "lut_tc_roofline_mpgemm";
  return b;
}

BaselineCost lutTcRoofline(const GemmDesc &g, const LutConfig &c) {
  // LUT-TC under the baselines' assumptions (perfect overlap and load
  // balance), so architectures compare like with like; the executed
  // program's cycles over this is the schedule's efficiency.
  BaselineCost b;
  b.name = "lut_tc_roofline";
  const TileShape t = c.tile;
  const double M = g.m, N = g.n, Kd = g.k, bits = g.bits;
  const double steps = ceilDiv(Kd, t.k), groups = Kd / g.groupSize;
  const double entries1 = std::ldexp(1.0, t.k - 1); // half tables
  const double tb = tableEntryBytes(g.table);
  const double arrays = double(c.cores) * c.arraysPerCore;
  const double instrs = ceilDiv(M, t.m) * ceilDiv(N, t.n) * steps;
  const double arrayCycles = instrs * bits / arrays;
  // Elongated tiles: a table read into the buffer serves t.n columns.
  const double tableBytes = ceilDiv(N, t.n) * steps * M * entries1 * tb;
  const double tablesDram =
      M * steps * entries1 * tb; // written once, read once
  const double weightBytes = std::ceil(N * Kd * bits / 8.0);
  const double constBytes = N * groups * 8;
  const double actBytes = M * Kd * 4;
  const double outBytes = M * N * 4;
  const double entries = M * steps * entries1;
  const double shared = std::max<int64_t>(1, g.sharedBy);
  const double precomputeCycles =
      std::max(entries / (c.precomputeEntriesPerCycle * c.cores),
               (actBytes + entries * tb) / (c.smemBytesPerCycle * c.cores)) /
      shared;
  const double folds = M * N * groups;
  const double epilogueCycles = folds / (c.epilogueOutputsPerCycle * c.cores);
  const double dram = weightBytes + constBytes + outBytes + M * groups * 8 +
                      tablesDram * (1 + 1 / shared) + actBytes / shared;
  const double smem = tableBytes + weightBytes + constBytes + outBytes;
  const double smemCycles = smem / (c.smemBytesPerCycle * c.cores);
  b.dramBytes = static_cast<uint64_t>(dram);
  b.smemBytes = static_cast<uint64_t>(smem);
  b.tableBytes = static_cast<uint64_t>(tableBytes);
  b.computeCycles = std::max({arrayCycles, epilogueCycles, smemCycles});
  b.memoryCycles = dram / c.dramBytesPerCycle();
  // The precompute kernel and the GEMM each read and write DRAM.
  b.latencyCycles = 2.0 * c.dmaLatency * (1 + 1 / shared);
  b.cycles = precomputeCycles + std::max(b.computeCycles, b.memoryCycles) +
             b.latencyCycles;
  b.seconds = b.cycles / (c.clockGhz * 1e9);
  const double lookups = M * N * steps * bits;
  b.energy.tableRead = c.energy.tableRead * lookups;
  b.energy.add = (g.table == "f16" ? c.energy.add : c.energy.addInt) * lookups;
  b.energy.reg = c.energy.reg * lookups;
  b.energy.tbuf = c.energy.tbufByte * 2 * tableBytes;
  b.energy.smem = c.energy.smemByte * smem;
  b.energy.dram = c.energy.dramByte * dram;
  b.energy.precompute = c.energy.precomputeAdd * (entries + M * Kd) / shared;
  b.energy.epilogue = c.energy.epilogueOp * folds;
  return b;
}

//===----------------------------------------------------------------------===//
// Step and run summaries
//===----------------------------------------------------------------------===//

static json ratios(double lutCycles, double lutEnergy, const BaselineCost &b) {
  return {
      {"speedup", lutCycles > 0 ? b.cycles / lutCycles : 0.0},
      {"energy_reduction", lutEnergy > 0 ? b.energy.total() / lutEnergy : 0.0}};
}

json stepStatsJson(const LaunchStats &st, const GemmDesc *g,
                   const LutConfig &c) {
  json j = st.toJson();
  if (!g)
    return j;
  j["gemm"] = g->toJson();
  if (g->kernel != kKernelMpGemm)
    return j;
  BaselineCost a = dequantFp16Baseline(*g, c),
               b = conventionalLutBaseline(*g, c);
  j["baselines"] = {{a.name, a.toJson()}, {b.name, b.toJson()}};
  const double e = st.energy.total();
  j["vs_baselines"] = {{a.name, ratios(st.cycles, e, a)},
                       {b.name, ratios(st.cycles, e, b)}};
  // LUT-TC under the baselines' roofline assumptions (precompute not
  // included: it is a step of its own): the like-for-like comparison.
  j["roofline"] = lutTcRooflineGemmOnly(*g, c).toJson();
  return j;
}

json summarizeSteps(const std::vector<json> &steps) {
  double cycles = 0, seconds = 0;
  json energy = json::object(), instrs = json::object(), bases = json::object();
  uint64_t dram = 0, l2 = 0, smem = 0, tbuf = 0, tables = 0, lookups = 0;
  int64_t gemms = 0, precomputes = 0;
  auto addTo = [](json &dst, const json &src) {
    for (auto it = src.begin(); it != src.end(); ++it)
      if (it->is_number())
        dst[it.key()] =
            (dst.contains(it.key()) ? dst[it.key()].get<double>() : 0.0) +
            it->get<double>();
  };
  for (const json &s : steps) {
    cycles += s.value("cycles", 0.0);
    seconds += s.value("seconds", 0.0);
    dram += s.value("dram_bytes", uint64_t(0));
    l2 += s.value("l2_bytes", uint64_t(0));
    smem += s.value("smem_bytes", uint64_t(0));
    tbuf += s.value("tbuf_bytes", uint64_t(0));
    tables += s.value("table_bytes", uint64_t(0));
    lookups += s.value("lookups", uint64_t(0));
    if (s.contains("energy_pj"))
      addTo(energy, s["energy_pj"]);
    if (s.contains("instructions"))
      for (auto it = s["instructions"].begin(); it != s["instructions"].end();
           ++it)
        instrs[it.key()] =
            instrs.value(it.key(), uint64_t(0)) + it->get<uint64_t>();
    if (s.contains("gemm")) {
      const std::string k = s["gemm"].value("kernel", "");
      gemms += k == kKernelMpGemm;
      precomputes += k == kKernelPrecompute;
    }
    if (s.contains("baselines"))
      for (auto it = s["baselines"].begin(); it != s["baselines"].end(); ++it) {
        json &t = bases[it.key()];
        if (t.is_null())
          t = {{"cycles", 0.0},
               {"seconds", 0.0},
               {"energy_pj", 0.0},
               {"dram_bytes", uint64_t(0)}};
        t["cycles"] = t["cycles"].get<double>() + it->value("cycles", 0.0);
        t["seconds"] = t["seconds"].get<double>() + it->value("seconds", 0.0);
        t["energy_pj"] = t["energy_pj"].get<double>() +
                         (*it)["energy_pj"].value("total", 0.0);
        t["dram_bytes"] = t["dram_bytes"].get<uint64_t>() +
                          it->value("dram_bytes", uint64_t(0));
      }
  }
  json j = {{"target", kTargetName}, {"steps", steps.size()},
            {"mpgemm_steps", gemms}, {"precompute_steps", precomputes},
            {"cycles", cycles},      {"seconds", seconds},
            {"energy_pj", energy},   {"dram_bytes", dram},
            {"l2_bytes", l2},        {"smem_bytes", smem},
            {"tbuf_bytes", tbuf},    {"table_bytes", tables},
            {"lookups", lookups},    {"instructions", instrs}};
  double roofCycles = 0, roofEnergy = 0;
  for (const json &s : steps)
    if (s.contains("roofline")) {
      roofCycles += s["roofline"].value("cycles", 0.0);
      roofEnergy += s["roofline"]["energy_pj"].value("total", 0.0);
    }
  if (roofCycles > 0)
    j["roofline_mpgemm"] = {{"cycles", roofCycles}, {"energy_pj", roofEnergy}};
  if (!bases.empty()) {
    j["baselines"] = bases;
    const double e = energy.value("total", 0.0);
    json r = json::object();
    for (auto it = bases.begin(); it != bases.end(); ++it)
      r[it.key()] = {{"speedup", cycles > 0
                                     ? (*it)["cycles"].get<double>() / cycles
                                     : 0.0},
                     {"energy_reduction",
                      e > 0 ? (*it)["energy_pj"].get<double>() / e : 0.0}};
    j["vs_baselines"] = r;
  }
  return j;
}

} // namespace kiln::rt::lut
