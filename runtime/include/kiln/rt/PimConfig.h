//===- PimConfig.h - DIMM-PIM machine parameters ----------------*- C++ -*-===//
//
// The parameters of the simulated host memory and its PIM units
// (configs/dimm-pim/*.json documents each one with its source). Timings are
// in memory-clock cycles (nCK, rounded up from the JEDEC nanosecond minimums
// as the standard prescribes); currents in mA per device, voltages in V.
//
// JSON form as in every Kiln configuration (kiln/rt/ConfigReader.h): a bare
// value or {"value": v, "unit": ..., "source": ...}.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_PIMCONFIG_H
#define KILN_RT_PIMCONFIG_H

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace kiln::rt::pim {

inline constexpr const char *kTargetName = "dimm-pim";

enum class DramStandard : uint8_t { DDR4, DDR5 };
const char *standardName(DramStandard s);

/// Organisation of the memory system. A "channel" is one command/address bus
/// with its data bus: a DDR4 channel (64 data bits), or one DDR5
/// sub-channel (32 data bits; a DDR5 DIMM has two).
struct DramOrg {
  unsigned channels = 0;
  unsigned dimmsPerChannel = 0;
  unsigned ranksPerDimm = 0;
  unsigned chipsPerRank = 0; // data devices (ECC devices excluded)
  unsigned chipWidth = 0;    // DQ bits per device (x4, x8, x16)
  unsigned bankGroups = 0;
  unsigned banksPerGroup = 0;
  unsigned rows = 0;        // rows per bank
  unsigned columns = 0;     // column addresses per row (chipWidth bits each)
  unsigned burstLength = 0; // beats per burst (8 for DDR4, 16 for DDR5)
  double deviceGbit = 0;    // device density (for tRFC; must match the above)

  unsigned ranksPerChannel() const { return dimmsPerChannel * ranksPerDimm; }
  unsigned banksPerRank() const { return bankGroups * banksPerGroup; }
  /// Bytes one RD/WR burst moves on the channel (all chips of the rank).
  unsigned burstBytes() const {
    return chipsPerRank * chipWidth * burstLength / 8;
  }
  /// Bytes one burst moves in one chip.
  unsigned chipBurstBytes() const { return chipWidth * burstLength / 8; }
  /// Column bursts per row (a burst consumes burstLength column addresses).
  unsigned burstsPerRow() const { return columns / burstLength; }
  /// Bytes of one row of one bank in one chip (the chip's page).
  uint64_t chipRowBytes() const { return uint64_t(columns) * chipWidth / 8; }
  uint64_t rankBytes() const {
    return chipRowBytes() * rows * banksPerRank() * chipsPerRank;
  }
  uint64_t totalBytes() const {
    return rankBytes() * ranksPerChannel() * channels;
  }
};

/// JEDEC timing parameters in cycles of the memory clock (tCK).
struct DramTimings {
  double tckNs = 0;
  unsigned cl = 0, cwl = 0;
  unsigned rcd = 0, rp = 0, ras = 0, rc = 0;
  unsigned ccdS = 0, ccdL = 0;     // RD->RD and WR->WR (DDR4)
  unsigned ccdSWr = 0, ccdLWr = 0; // WR->WR (DDR5 tCCD_S_WR, tCCD_L_WR)
  unsigned rrdS = 0, rrdL = 0, faw = 0;
  unsigned wr = 0, wtrS = 0, wtrL = 0, rtp = 0;
  unsigned rtrs = 0; // rank-to-rank switching: extra bus cycles
  unsigned ppd = 0;  // PRE->PRE in one rank (DDR5 tPPD; 0 for DDR4)
  unsigned refi = 0, rfc = 0;
  unsigned cmdCycles = 1; // command-bus cycles of ACT/RD/WR (DDR5: 2)
  /// Cycles a burst occupies the data bus (BL/2).
  unsigned burst = 0;
};

/// IDD/IPP currents (mA per device) and voltages (V): the inputs of the
/// Micron power calculator / DRAMPower method (docs/targets/dimm-pim.md).
struct DramPower {
  /// The background an ACT/PRE pair's IDD0 is measured over: IDD3N (the
  /// Micron DDR4 calculator) or one open bank, IDD2N + (IDD3N - IDD2N) /
  /// banks (DRAMPower 5, needed where IDD3N is measured with every bank
  /// open and exceeds IDD0, as for DDR5).
  bool actOneBankBackground = false;
  double vdd = 0, vpp = 0;
  double idd0 = 0, idd2n = 0, idd3n = 0, idd4r = 0, idd4w = 0, idd5b = 0;
  double ipp0 = 0, ipp2n = 0, ipp3n = 0, ipp4r = 0, ipp4w = 0, ipp5b = 0;
};

struct DramConfig {
  std::string name;
  DramStandard standard = DramStandard::DDR4;
  DramOrg org;
  DramTimings timing;
  DramPower power;

  /// Reads the "dram" object of a configuration and checks that the
  /// timings are possible (tRC >= tRAS + tRP, tRAS >= tRCD, ...); throws
  /// Error naming the field.
  static DramConfig fromJson(const nlohmann::json &dram);
  double clockGhz() const { return 1.0 / timing.tckNs; }
};

/// The processing units (docs/targets/dimm-pim.md, "PIM units"): a bank
/// PU beside every bank of every chip, a rank PU on every rank's buffer
/// chip. Throughputs are per memory-clock cycle; energies in pJ.
struct PimUnits {
  unsigned bankMacsPerCycle = 0;   // fp16 MACs per bank PU per cycle
  unsigned bankPipelineCycles = 0; // last MAC to its accumulator readable
  unsigned bankAccumulators = 0;   // fp32 registers per bank PU
  unsigned bankOperands = 0;       // fp16 registers per bank PU
  unsigned rankExpPerCycle = 0;    // softmax elements per rank-PU cycle
  unsigned rankOpsPerCycle = 0;    // merge elements per rank-PU cycle
  unsigned rankMacsPerCycle = 0;   // fp16 MACs of the rank PU (naive layout)
  double bankMacPj = 0, rankExpPj = 0, rankOpPj = 0, bufferBytePj = 0;
  double bankReadPjPerBit = 0; // open row to the bank PU (no I/O)
};

/// The whole machine: memory plus PIM units, read from a
/// configs/dimm-pim/*.json file's JSON.
struct PimConfig {
  std::string name;
  DramConfig dram;
  PimUnits units;
  static PimConfig fromJson(const nlohmann::json &j);
  /// Reads a configuration file; throws Error naming the file and field.
  static PimConfig fromFile(const std::string &path);
  /// The built-in default (configs/dimm-pim/ddr4-3200.json).
  static const char *defaultJsonText();
  /// For callers without exceptions (the compiler): reads `path` (the
  /// default when empty) into `out` and its JSON into `json`; returns "" or
  /// a message naming the file and the field.
  static std::string tryLoad(const std::string &path, PimConfig &out,
                             nlohmann::json &json);
};

} // namespace kiln::rt::pim

#endif // KILN_RT_PIMCONFIG_H
