//===- PimIsa.h - DIMM-PIM command encoding ---------------------*- C++ -*-===//
//
// The one definition of the DIMM-PIM command encoding (docs/isa/dimm-pim.md):
// the compiler's emitter writes it, the simulator and kiln-objdump read it.
//
// A program is one command stream per channel; every command names its
// rank. A command is 8 bytes, one little-endian u64:
//
//   bits [ 0, 5)  opcode
//   bits [ 5, 8)  rank        (0..7 within the channel)
//   bits [ 8,11)  bank group  (0..7)
//   bits [11,13)  bank        (0..3 within the group)
//   bits [13,31)  row         (18 bits)
//   bits [31,42)  column      (11 bits, in column addresses: a burst starts
//                              at a multiple of the burst length)
//   bits [42,64)  argument    (22 bits, meaning per opcode)
//
// DDR commands are the JEDEC ones. PIM requests (opcodes >= 0x10) travel as
// DRAM commands to addresses the rank's processing unit decodes; each one's
// timing class (which DDR command it counts as) is part of its definition.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_PIMISA_H
#define KILN_RT_PIMISA_H

#include <cstdint>
#include <string>

namespace kiln::rt::pim {

inline constexpr size_t kCommandBytes = 8;
inline constexpr unsigned kMaxRanks = 8, kMaxBankGroups = 8,
                          kMaxBanksPerGroup = 4;
inline constexpr uint32_t kMaxRow = (1u << 18) - 1;
inline constexpr uint32_t kMaxColumn = (1u << 11) - 1;
inline constexpr uint32_t kMaxArg = (1u << 22) - 1;

enum class Opcode : uint8_t {
  // JEDEC DDR4/DDR5 commands.
  Act = 0x00,  // activate row of (bank group, bank)
  Pre = 0x01,  // precharge (bank group, bank)
  PreA = 0x02, // precharge every bank of the rank
  Rd = 0x03,   // read one burst at (bank group, bank, column)
  Wr = 0x04,   // write one burst
  Ref = 0x05,  // all-bank refresh of the rank
  // PIM requests (docs/isa/dimm-pim.md, "PIM requests"). The rank PU
  // decodes them from the command it receives; the argument's fields are
  // given per request below.
  Cfg = 0x10,   // host -> rank PU registers, one channel burst: arg bit 0
                // = 0: each chip's lane gets the valid length of its
                // sequence; = 1: a round starts, its first chunk is arg >> 1
  WrQ = 0x11,   // host -> the q registers of every bank PU of the rank, one
                // channel burst: arg = query g (bits 0-7), burst of the
                // vector (bits 8-15)
  Mac = 0x12,   // all-bank MAC: every bank PU reads the burst at `column`
                // of its open row: arg = mode (bit 0: 0 q.k, 1 s.v), token
                // in the chunk (bits 1-11), burst of the vector (bits 12-19)
  RdRes = 0x13, // bank (bg, bank) PU accumulators -> rank PU, one internal
                // burst: arg = what (bit 0: 0 scores, 1 outputs), burst
                // index (bits 1-15)
  WrP = 0x14,   // rank PU -> bank (bg, bank) PU probability registers, one
                // internal burst: arg = burst index
  Rpu = 0x15,   // rank PU operation on the chunk of bank (bg, bank):
                // arg = 0 softmax, 1 merge into the running partial,
                // 2 reset the running partials
  RdOut = 0x16, // rank PU output buffer -> host, one channel burst:
                // arg = burst index
  RdPu = 0x17,  // naive layout: one burst of (bg, bank) at `column` read
                // into the rank PU, which computes on it; arg as Mac
};

/// Opcode slots (arrays indexed by opcode have this many entries).
inline constexpr unsigned kNumOpcodes = 0x18;
/// Whether `op` is an assigned opcode.
bool isValidOpcode(uint8_t op);
const char *opcodeName(Opcode op);
inline bool isPimRequest(Opcode op) { return static_cast<uint8_t>(op) >= 0x10; }

/// How a command is timed (the DDR command a PIM request counts as).
enum class TimingClass : uint8_t {
  Act,
  Pre,
  Rd,
  Wr,
  Ref,
  AllBankRead,  // Mac: a read in every bank of the rank, no channel data bus
  ChannelRead,  // RdOut: a burst on the channel's data bus, no bank access
  ChannelWrite, // Cfg, WrQ
  Internal,     // RdRes, WrP, Rpu: command bus only, the units time the rest
  RankRead,     // RdPu: a read of one bank into the rank PU, no channel bus
};
TimingClass timingClassOf(Opcode op);

struct Command {
  Opcode op = Opcode::Act;
  uint8_t rank = 0, bankGroup = 0, bank = 0;
  uint32_t row = 0;
  uint32_t column = 0;
  uint32_t arg = 0;
};

inline uint64_t encode(const Command &c) {
  return uint64_t(static_cast<uint8_t>(c.op) & 0x1F) |
         uint64_t(c.rank & 0x7) << 5 | uint64_t(c.bankGroup & 0x7) << 8 |
         uint64_t(c.bank & 0x3) << 11 | uint64_t(c.row & kMaxRow) << 13 |
         uint64_t(c.column & kMaxColumn) << 31 |
         uint64_t(c.arg & kMaxArg) << 42;
}

inline Command decode(uint64_t w) {
  Command c;
  c.op = static_cast<Opcode>(w & 0x1F);
  c.rank = static_cast<uint8_t>((w >> 5) & 0x7);
  c.bankGroup = static_cast<uint8_t>((w >> 8) & 0x7);
  c.bank = static_cast<uint8_t>((w >> 11) & 0x3);
  c.row = static_cast<uint32_t>((w >> 13) & kMaxRow);
  c.column = static_cast<uint32_t>((w >> 31) & kMaxColumn);
  c.arg = static_cast<uint32_t>(w >> 42);
  return c;
}

// The argument fields of the PIM requests: the one definition the code
// generator, the simulator, the validator and the listing use.

/// Mac and RdPu: mode (bit 0: q.k or s.v), token in the chunk (bits 1-11),
/// burst of the head vector (bits 12-19).
struct MacArg {
  bool sv = false;
  unsigned token = 0, burst = 0;
};
inline constexpr unsigned kMaxMacToken = 0x7FF, kMaxVectorBurst = 0xFF;
inline uint32_t encodeMacArg(const MacArg &a) {
  return (a.sv ? 1u : 0u) | (a.token & kMaxMacToken) << 1 |
         (a.burst & kMaxVectorBurst) << 12;
}
inline MacArg decodeMacArg(uint32_t arg) {
  return {(arg & 1) != 0, (arg >> 1) & kMaxMacToken,
          (arg >> 12) & kMaxVectorBurst};
}

/// WrQ: query of the group (bits 0-7), burst of its vector (bits 8-15).
struct WrQArg {
  unsigned query = 0, burst = 0;
};
inline uint32_t encodeWrQArg(const WrQArg &a) {
  return (a.query & 0xFF) | (a.burst & 0xFF) << 8;
}
inline WrQArg decodeWrQArg(uint32_t arg) {
  return {arg & 0xFF, (arg >> 8) & 0xFF};
}

/// Cfg: bit 0 = 0 lengths, = 1 a round whose first chunk is arg >> 1.
struct CfgArg {
  bool round = false;
  uint32_t firstChunk = 0;
};
inline uint32_t encodeCfgArg(const CfgArg &a) {
  return a.round ? 1u | a.firstChunk << 1 : 0u;
}
inline CfgArg decodeCfgArg(uint32_t arg) { return {(arg & 1) != 0, arg >> 1}; }

/// RdRes: bit 0 = 0 scores, 1 outputs; the burst in bits 1-15.
struct RdResArg {
  bool outputs = false;
  unsigned burst = 0;
};
inline uint32_t encodeRdResArg(const RdResArg &a) {
  return (a.outputs ? 1u : 0u) | (a.burst & 0x7FFF) << 1;
}
inline RdResArg decodeRdResArg(uint32_t arg) {
  return {(arg & 1) != 0, (arg >> 1) & 0x7FFF};
}

/// Rpu: the rank-PU operation.
enum class RpuOp : uint32_t { Softmax = 0, Merge = 1, Reset = 2 };

/// One line of text, as kiln-objdump prints it:
///   "act r1 bg2 b3 row=1234", "rd r0 bg0 b1 col=64", "prea r1", "ref r0",
///   "mac.qk r0 col=8 tok=3 burst=1", "rdres.s r0 bg1 b2 burst=4", ...
std::string formatCommand(const Command &c);

} // namespace kiln::rt::pim

#endif // KILN_RT_PIMISA_H
