//===- LutConfig.cpp - LUT-TC machine configuration
//------------------------===//

#include "kiln/rt/LutConfig.h"

#include "LutDefaultConfig.inc" // kLutDefaultConfig (configs/lut-tc/default.json)

#include "kiln/rt/ConfigReader.h"
#include "kiln/rt/Error.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace kiln::rt::lut {

using json = nlohmann::json;

bool LutEnergy::operator==(const LutEnergy &o) const {
  return tableRead == o.tableRead && add == o.add && addInt == o.addInt &&
         reg == o.reg && tbufByte == o.tbufByte && smemByte == o.smemByte &&
         dramByte == o.dramByte && l2Byte == o.l2Byte &&
         precomputeAdd == o.precomputeAdd && epilogueOp == o.epilogueOp &&
         fp16Mac == o.fp16Mac && dequantOp == o.dequantOp;
}

bool LutBaseline::operator==(const LutBaseline &o) const {
  return fp16MacsPerCyclePerArray == o.fp16MacsPerCyclePerArray &&
         dequantPerCyclePerCore == o.dequantPerCyclePerCore &&
         fp16TileM == o.fp16TileM && conventionalTile == o.conventionalTile;
}

bool LutConfig::operator==(const LutConfig &o) const {
  return cores == o.cores && arraysPerCore == o.arraysPerCore &&
         clockGhz == o.clockGhz && tile == o.tile && smemBytes == o.smemBytes &&
         tbufBytes == o.tbufBytes && accTiles == o.accTiles &&
         dramGbps == o.dramGbps && smemBytesPerCycle == o.smemBytesPerCycle &&
         precomputeEntriesPerCycle == o.precomputeEntriesPerCycle &&
         epilogueOutputsPerCycle == o.epilogueOutputsPerCycle &&
         lmmaLatency == o.lmmaLatency && dmaLatency == o.dmaLatency &&
         queueDepth == o.queueDepth && l2Bytes == o.l2Bytes &&
         l2BytesPerCycle == o.l2BytesPerCycle && energy == o.energy &&
         baseline == o.baseline;
}

namespace {

TileShape readTile(const ConfigReader &r, const char *key) {
  const json &v = r.value(key);
  if (!v.is_object())
    r.bad(key, "must be an object {\"m\", \"n\", \"k\"}");
  ConfigReader t(v, "lut-tc", r.name(key));
  TileShape s;
  s.m = static_cast<unsigned>(t.integer("m", 1, 255));
  s.n = static_cast<unsigned>(t.integer("n", 1, 65535));
  s.k = static_cast<unsigned>(t.integer("k", 1, 8));
  if ((s.n * s.k) % 8)
    r.bad(key, "N*K = " + std::to_string(s.n * s.k) +
                   " must be a multiple of 8 (weight planes are whole bytes)");
  return s;
}

} // namespace

LutConfig LutConfig::fromJson(const json &j) {
  ConfigReader r(j, "lut-tc");
  LutConfig c;
  c.cores = static_cast<unsigned>(r.integer("cores", 1, 65536));
  c.arraysPerCore = static_cast<unsigned>(r.integer("arrays_per_core", 1, 64));
  c.clockGhz = r.positive("clock_ghz", 100);
  c.tile = readTile(r, "tile");
  c.smemBytes = r.integer("smem_bytes", 1024, kMaxOffset);
  c.tbufBytes = r.integer("tbuf_bytes", 64, kMaxOffset);
  c.accTiles = static_cast<unsigned>(r.integer("acc_tiles", 1, 65536));
  c.dramGbps = r.positive("dram_gbps");
  c.smemBytesPerCycle = r.positive("smem_bytes_per_cycle");
  c.precomputeEntriesPerCycle = r.positive("precompute_entries_per_cycle");
  c.epilogueOutputsPerCycle = r.positive("epilogue_outputs_per_cycle");
  c.lmmaLatency =
      static_cast<unsigned>(r.integer("lmma_latency_cycles", 0, 1u << 20));
  c.dmaLatency =
      static_cast<unsigned>(r.integer("dma_latency_cycles", 0, 1u << 20));
  c.queueDepth = static_cast<unsigned>(r.integer("queue_depth", 1, 4096));
  c.l2Bytes = r.integer("l2_bytes", 0, uint64_t(1) << 40);
  c.l2BytesPerCycle = r.positive("l2_bytes_per_cycle");
  if (c.smemBytes < uint64_t(c.tile.m) * c.tile.n * 4)
    r.bad("smem_bytes", "cannot hold one f32 output tile");

  ConfigReader e = r.group("energy_pj");
  const double maxPj = 1e6;
  c.energy.tableRead = e.number("table_read", 0, maxPj);
  c.energy.add = e.number("add", 0, maxPj);
  c.energy.addInt = e.number("add_int", 0, maxPj);
  c.energy.reg = e.number("reg", 0, maxPj);
  c.energy.tbufByte = e.number("tbuf_byte", 0, maxPj);
  c.energy.smemByte = e.number("smem_byte", 0, maxPj);
  c.energy.dramByte = e.number("dram_byte", 0, maxPj);
  c.energy.l2Byte = e.number("l2_byte", 0, maxPj);
  c.energy.precomputeAdd = e.number("precompute_add", 0, maxPj);
  c.energy.epilogueOp = e.number("epilogue_op", 0, maxPj);
  c.energy.fp16Mac = e.number("fp16_mac", 0, maxPj);
  c.energy.dequantOp = e.number("dequant_op", 0, maxPj);

  ConfigReader b = r.group("baseline");
  c.baseline.fp16MacsPerCyclePerArray =
      b.positive("fp16_macs_per_cycle_per_array");
  c.baseline.dequantPerCyclePerCore = b.positive("dequant_elems_per_cycle");
  c.baseline.fp16TileM =
      static_cast<unsigned>(b.integer("fp16_tile_m", 1, 4096));
  c.baseline.conventionalTile = readTile(b, "conventional_lut_tile");
  return c;
}

std::string LutConfig::tryFromJson(const json &j, LutConfig &out) {
  try {
    out = fromJson(j);
    return "";
  } catch (const std::exception &e) {
    return e.what();
  }
}

const char *LutConfig::defaultJsonText() { return kLutDefaultConfig; }

LutConfig LutConfig::defaults() {
  // Parsed once: the text is configs/lut-tc/default.json, built in.
  static const LutConfig parsed = fromJson(json::parse(kLutDefaultConfig));
  return parsed;
}

} // namespace kiln::rt::lut
