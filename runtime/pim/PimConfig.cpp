//===- PimConfig.cpp - DIMM-PIM machine configuration
//----------------------===//

#include "kiln/rt/PimConfig.h"

#include "PimDefaultConfig.inc" // kPimDefaultConfig (configs/dimm-pim/ddr4-3200.json)

#include "kiln/rt/ConfigReader.h"
#include "kiln/rt/Error.h"
#include "kiln/rt/PimIsa.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace kiln::rt::pim {

using json = nlohmann::json;

const char *standardName(DramStandard s) {
  return s == DramStandard::DDR4 ? "DDR4" : "DDR5";
}

DramConfig DramConfig::fromJson(const json &j) {
  ConfigReader r(j, kTargetName, "dram");
  DramConfig c;
  std::string std = r.string("standard");
  if (std == "DDR4")
    c.standard = DramStandard::DDR4;
  else if (std == "DDR5")
    c.standard = DramStandard::DDR5;
  else
    r.bad("standard", "must be \"DDR4\" or \"DDR5\", got \"" + std + "\"");
  c.name = r.has("speed_grade") ? r.string("speed_grade") : std;

  ConfigReader o = r.group("org");
  DramOrg &g = c.org;
  auto u = [](uint64_t v) { return static_cast<unsigned>(v); };
  g.channels = u(o.integer("channels", 1, 1024));
  g.dimmsPerChannel = u(o.integer("dimms_per_channel", 1, kMaxRanks));
  g.ranksPerDimm = u(o.integer("ranks_per_dimm", 1, kMaxRanks));
  if (g.ranksPerChannel() > kMaxRanks)
    o.bad("ranks_per_dimm",
          "x dimms_per_channel = " + std::to_string(g.ranksPerChannel()) +
              " ranks per channel; the command encoding "
              "addresses at most 8");
  g.chipsPerRank = u(o.integer("chips_per_rank", 1, 32));
  g.chipWidth = u(o.integer("chip_width", 4, 16));
  if (g.chipWidth != 4 && g.chipWidth != 8 && g.chipWidth != 16)
    o.bad("chip_width", "must be 4, 8 or 16 (x4/x8/x16 devices)");
  g.bankGroups = u(o.integer("bank_groups", 1, kMaxBankGroups));
  g.banksPerGroup = u(o.integer("banks_per_group", 1, kMaxBanksPerGroup));
  g.rows = u(o.integer("rows", 1, uint64_t(kMaxRow) + 1));
  g.columns = u(o.integer("columns", 8, uint64_t(kMaxColumn) + 1));
  g.burstLength = u(o.integer("burst_length", 8, 16));
  unsigned wantBl = c.standard == DramStandard::DDR4 ? 8 : 16;
  if (g.burstLength != wantBl)
    o.bad("burst_length", "must be " + std::to_string(wantBl) + " for " + std);
  if (g.columns % g.burstLength)
    o.bad("columns", "must be a multiple of the burst length");
  g.deviceGbit = o.positive("device_gbit", 1024);
  double bits = double(g.rows) * g.columns * g.banksPerRank() * g.chipWidth;
  if (bits != g.deviceGbit * double(uint64_t(1) << 30))
    o.bad("device_gbit",
          "= " + std::to_string(g.deviceGbit) +
              " does not match rows x columns x banks x width (" +
              std::to_string(bits / double(uint64_t(1) << 30)) + " Gb)");

  ConfigReader t = r.group("timing");
  DramTimings &d = c.timing;
  d.tckNs = t.positive("tCK_ns", 100);
  auto cyc = [&](const char *k, uint64_t lo = 1) {
    return u(t.integer(k, lo, 1u << 20));
  };
  d.cl = cyc("CL");
  d.cwl = cyc("CWL");
  d.rcd = cyc("tRCD");
  d.rp = cyc("tRP");
  d.ras = cyc("tRAS");
  d.rc = cyc("tRC");
  d.ccdS = cyc("tCCD_S");
  d.ccdL = cyc("tCCD_L");
  d.ccdSWr = t.has("tCCD_S_WR") ? cyc("tCCD_S_WR") : d.ccdS;
  d.ccdLWr = t.has("tCCD_L_WR") ? cyc("tCCD_L_WR") : d.ccdL;
  d.rrdS = cyc("tRRD_S");
  d.rrdL = cyc("tRRD_L");
  d.faw = cyc("tFAW");
  d.wr = cyc("tWR");
  d.wtrS = cyc("tWTR_S");
  d.wtrL = cyc("tWTR_L");
  d.rtp = cyc("tRTP");
  d.rtrs = cyc("tRTRS", 0);
  d.ppd = t.has("tPPD") ? cyc("tPPD", 0) : 0;
  d.refi = cyc("tREFI");
  d.rfc = cyc("tRFC");
  d.cmdCycles = cyc("cmd_cycles");
  if (d.cmdCycles > 2)
    t.bad("cmd_cycles", "must be 1 or 2");
  d.burst = g.burstLength / 2;
  // Combinations no device can have.
  auto impossible = [&](const char *k, const std::string &why) {
    t.bad(k, why + " (the timings are impossible)");
  };
  if (d.rc < d.ras + d.rp)
    impossible("tRC", "= " + std::to_string(d.rc) +
                          " < tRAS + tRP = " + std::to_string(d.ras + d.rp));
  if (d.ras < d.rcd)
    impossible("tRAS", "< tRCD");
  if (d.cwl > d.cl)
    impossible("CWL", "> CL");
  if (d.ccdL < d.ccdS)
    impossible("tCCD_L", "< tCCD_S");
  if (d.ccdLWr < d.ccdSWr)
    impossible("tCCD_L_WR", "< tCCD_S_WR");
  if (d.ccdS < d.burst)
    impossible("tCCD_S", "is shorter than a burst (BL/2 = " +
                             std::to_string(d.burst) + " cycles)");
  if (d.rrdL < d.rrdS)
    impossible("tRRD_L", "< tRRD_S");
  if (d.wtrL < d.wtrS)
    impossible("tWTR_L", "< tWTR_S");
  if (d.faw < d.rrdS)
    impossible("tFAW", "< tRRD_S");
  if (d.refi <= d.rfc)
    impossible("tREFI", "<= tRFC: the rank would never be available");

  ConfigReader p = r.group("power");
  DramPower &w = c.power;
  w.vdd = p.positive("VDD", 5);
  w.vpp = p.number("VPP", 0, 5);
  auto ma = [&](const char *k) { return p.number(k, 0, 1e5); };
  w.idd0 = ma("IDD0");
  w.idd2n = ma("IDD2N");
  w.idd3n = ma("IDD3N");
  w.idd4r = ma("IDD4R");
  w.idd4w = ma("IDD4W");
  w.idd5b = ma("IDD5B");
  w.ipp0 = ma("IPP0");
  w.ipp2n = ma("IPP2N");
  w.ipp3n = ma("IPP3N");
  w.ipp4r = ma("IPP4R");
  w.ipp4w = ma("IPP4W");
  w.ipp5b = ma("IPP5B");
  if (w.idd3n < w.idd2n)
    p.bad("IDD3N", "< IDD2N (active standby draws at least precharge standby)");
  std::string bg = p.string("act_background");
  if (bg != "idd3n" && bg != "one_bank")
    p.bad("act_background",
          "must be \"idd3n\" or \"one_bank\", got \"" + bg + "\"");
  w.actOneBankBackground = bg == "one_bank";
  double actBackground = w.actOneBankBackground
                             ? w.idd2n + (w.idd3n - w.idd2n) / g.banksPerRank()
                             : w.idd3n;
  if (w.idd0 * d.rc < actBackground * d.ras + w.idd2n * (d.rc - d.ras))
    p.bad("IDD0", "is below the standby current it includes (with "
                  "act_background \"" +
                      bg + "\")");
  if (w.idd4r < w.idd3n || w.idd4w < w.idd3n || w.idd5b < w.idd3n)
    p.bad("IDD4R", "IDD4R, IDD4W and IDD5B must be >= IDD3N");
  return c;
}

PimConfig PimConfig::fromJson(const json &j) {
  ConfigReader r(j, kTargetName);
  PimConfig c;
  c.name = r.has("name") ? r.string("name") : "dimm-pim";
  auto it = j.find("dram");
  if (it == j.end())
    r.bad("dram", "is missing");
  c.dram = DramConfig::fromJson(*it);
  ConfigReader u = r.group("units");
  PimUnits &pu = c.units;
  auto n = [](uint64_t v) { return static_cast<unsigned>(v); };
  pu.bankMacsPerCycle = n(u.integer("bank_pu_macs_per_cycle", 1, 1024));
  pu.bankPipelineCycles = n(u.integer("bank_pu_pipeline_cycles", 0, 1024));
  pu.bankAccumulators = n(u.integer("bank_pu_accumulators", 1, 1 << 20));
  pu.bankOperands = n(u.integer("bank_pu_operands", 1, 1 << 20));
  pu.rankExpPerCycle = n(u.integer("rank_pu_exp_per_cycle", 1, 1024));
  pu.rankOpsPerCycle = n(u.integer("rank_pu_ops_per_cycle", 1, 1024));
  pu.rankMacsPerCycle = n(u.integer("rank_pu_macs_per_cycle", 1, 4096));
  pu.bankMacPj = u.number("bank_pu_mac_energy", 0, 1e4);
  pu.rankExpPj = u.number("rank_pu_exp_energy", 0, 1e4);
  pu.rankOpPj = u.number("rank_pu_op_energy", 0, 1e4);
  pu.bufferBytePj = u.number("buffer_byte_energy", 0, 1e4);
  pu.bankReadPjPerBit = u.number("bank_read_energy", 0, 1e3);
  return c;
}

const char *PimConfig::defaultJsonText() { return kPimDefaultConfig; }

PimConfig PimConfig::fromFile(const std::string &path) {
  PimConfig c;
  json j;
  if (std::string err = tryLoad(path, c, j); !err.empty())
    fail(err);
  return c;
}

std::string PimConfig::tryLoad(const std::string &path, PimConfig &out,
                               json &j) {
  std::string text;
  if (path.empty()) {
    text = kPimDefaultConfig;
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return "cannot read the dimm-pim configuration '" + path + "'";
    std::ostringstream os;
    os << in.rdbuf();
    text = os.str();
  }
  j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return "dimm-pim configuration '" + (path.empty() ? "default" : path) +
           "' is not a JSON object";
  try {
    out = fromJson(j);
  } catch (const std::exception &e) {
    return (path.empty() ? std::string("default configuration")
                         : "'" + path + "'") +
           ": " + e.what();
  }
  return "";
}

} // namespace kiln::rt::pim
