//===- LutConfig.h - LUT Tensor Core machine parameters ---------*- C++ -*-===//
//
// The parameters of the simulated LUT-TC machine (configs/lut-tc/default.json
// documents each one with its source). The compiler embeds the JSON in the
// .kbin manifest's target config; the simulator reads it from there.
//
// JSON form: every parameter is either a bare value or an object whose
// "value" holds it (the other keys, "unit", "source", "why", are notes):
//
//   {"cores": {"value": 108, "unit": "SMs", "source": "..."},
//    "tile": {"value": {"m": 2, "n": 64, "k": 4}, "source": "..."},
//    "energy_pj": {"table_read": {"value": 0.03, ...}, ...},
//    "baseline": {"fp16_macs_per_cycle_per_array": {...}, ...}}
//
// Every parameter listed in LutConfig must be present; keys the runtime does
// not know are ignored (the compiler may keep its own settings there).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_LUTCONFIG_H
#define KILN_RT_LUTCONFIG_H

#include "kiln/rt/LutIsa.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace kiln::rt::lut {

/// Energy per event in picojoules.
struct LutEnergy {
  double tableRead = 0;     // one table lookup, per lane per plane
  double add = 0;           // one lane-plane f32 accumulate (f16 tables)
  double addInt = 0;        // one lane-plane int32 accumulate (integer tables)
  double reg = 0;           // one accumulator register write
  double tbufByte = 0;      // a byte written to or read from a table buffer
  double smemByte = 0;      // a byte read from or written to shared memory
  double dramByte = 0;      // a byte read from or written to DRAM
  double l2Byte = 0;        // a byte read from the shared L2
  double precomputeAdd = 0; // one precompute-unit operation
  double epilogueOp = 0;    // one output element folded by the epilogue
  double fp16Mac = 0;       // baseline: one FP16 multiply, f32 accumulate
  double dequantOp = 0;     // baseline: dequantizing one weight element
  bool operator==(const LutEnergy &o) const;
};

/// Parameters of the analytic baselines (docs/isa/lut-tc.md, "Baselines").
struct LutBaseline {
  double fp16MacsPerCyclePerArray = 0; // dense FP16 tensor-core MACs/cycle
  double dequantPerCyclePerCore = 0;   // weight elements dequantized/cycle
  unsigned fp16TileM = 0;              // the MMA's M: smaller M is padded
  TileShape conventionalTile{8, 16, 4};
  bool operator==(const LutBaseline &o) const;
};

struct LutConfig {
  unsigned cores = 0;
  unsigned arraysPerCore = 0;
  double clockGhz = 0;
  TileShape tile;
  uint64_t smemBytes = 0;       // per core
  uint64_t tbufBytes = 0;       // per array
  unsigned accTiles = 0;        // per array, each M x N
  double dramGbps = 0;          // shared by all cores (GB/s = 1e9 bytes/s)
  double smemBytesPerCycle = 0; // per core
  double precomputeEntriesPerCycle = 0; // table entries per cycle per core
  double epilogueOutputsPerCycle = 0;   // outputs per cycle per core
  unsigned lmmaLatency = 0;   // cycles from issue to accumulators written
  unsigned dmaLatency = 0;    // cycles from issue to the first byte landing
  unsigned queueDepth = 0;    // commands each unit's queue holds
  uint64_t l2Bytes = 0;       // shared L2 capacity (launch inputs)
  double l2BytesPerCycle = 0; // shared by all cores
  LutEnergy energy;
  LutBaseline baseline;

  /// DRAM bytes per cycle of the whole device.
  double dramBytesPerCycle() const { return dramGbps / clockGhz; }

  /// Decodes and validates; throws Error naming the field
  /// ("lut-tc config: 'energy_pj.add': ...").
  static LutConfig fromJson(const nlohmann::json &json);
  /// The same without exceptions (for the compiler, which builds with
  /// -fno-exceptions): returns "" on success or the message.
  static std::string tryFromJson(const nlohmann::json &json, LutConfig &out);
  /// configs/lut-tc/default.json, built into the runtime (the one copy the
  /// compiler embeds in every .kbin it writes by default).
  static const char *defaultJsonText();
  /// That configuration, for tools and benchmarks that run without a .kbin.
  static LutConfig defaults();
  bool operator==(const LutConfig &o) const;
};

} // namespace kiln::rt::lut

#endif // KILN_RT_LUTCONFIG_H
