//===- LutIsa.h - the LUT Tensor Core ISA and data layouts ------*- C++ -*-===//
//
// The one definition of the LUT-TC instruction encoding and of the data
// layouts its instructions read and write (docs/isa/lut-tc.md). The
// compiler's emitter encodes with these structs, the simulator and
// kiln-objdump decode with them.
//
// Every instruction is 32 bytes, little-endian:
//   byte 0      opcode
//   byte 1      flags (meaning per opcode)
//   bytes 2-3   x: u16 (meaning per opcode)
//   bytes 4-31  f[0..6]: seven u32 fields (meaning per opcode)
//
// Address operands ("reg+off") pack a scalar register and an unsigned
// offset into one field: bits [31:28] = register r0..r15, [27:0] = byte
// offset. The effective address is r[reg] + offset; r0 reads as zero.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_LUTISA_H
#define KILN_RT_LUTISA_H

#include <cstdint>
#include <cstring>
#include <string>

namespace kiln::rt::lut {

inline constexpr size_t kInstrBytes = 32;
inline constexpr unsigned kNumRegs = 16;
inline constexpr unsigned kMaxLoopDepth = 4;
inline constexpr uint32_t kMaxOffset = (1u << 28) - 1;
/// Device programs start with this magic and a header (see ProgramHeader).
inline constexpr char kProgramMagic[8] = {'K', 'L', 'U', 'T',
                                          'P', 'R', 'G', '\0'};
inline constexpr uint32_t kProgramVersion = 1;

enum class Opcode : uint8_t {
  Nop = 0x00,
  SetI = 0x01, // r[x] = sext(f0)
  AddI = 0x02, // r[x] = r[f1] + sext(f0)
  Loop = 0x03, // repeat the body up to the matching EndL f0 times
  EndL = 0x04,
  Sync = 0x05,  // wait until every unit of this core is idle
  Halt = 0x06,  // end of this core's stream (must be the last instruction)
  Load = 0x10,  // 2-D copy DRAM slot -> SMEM or TBUF
  Store = 0x11, // 2-D copy SMEM -> DRAM slot
  TGen = 0x20,  // table precompute: activations (SMEM) -> tables + rowinfo
  Lmma = 0x30,  // table-lookup multiply-accumulate on one array
  Epi = 0x31,   // fold an accumulator tile into an f32 output tile (SMEM)
};

/// Memory spaces addressed by Load's destination.
enum class Space : uint8_t { Smem = 0, Tbuf = 1 };

/// Activation types the precompute unit produces.
enum class ActType : uint8_t { F16 = 0, I8 = 1 };
/// Table entry types. I16 is exact for I8 activations; I8 tables are
/// quantized with one scale per (row, weight group).
enum class TableType : uint8_t { F16 = 0, I8 = 1, I16 = 2 };
/// An elementwise producer fused into TGen: x = src (op) vec[k].
enum class Prologue : uint8_t { None = 0, Mul = 1, Add = 2 };

const char *opcodeName(Opcode op);
const char *actTypeName(ActType t);
const char *tableTypeName(TableType t);
const char *prologueName(Prologue p);
inline size_t tableTypeBytes(TableType t) {
  return t == TableType::I8 ? 1 : 2;
}
inline bool isIntegerTable(TableType t) { return t != TableType::F16; }
/// Whether the precompute unit makes `table` entries from `act`
/// activations: nullptr when it does, else why not. i16 entries are exact
/// sums of i8 activations; f16 entries come from f16 activations; i8
/// (quantized) entries from either.
inline const char *actTableError(ActType act, TableType table) {
  if (table == TableType::I16 && act != ActType::I8)
    return "i16 tables need i8 activations (they hold exact sums of them)";
  if (table == TableType::F16 && act != ActType::F16)
    return "f16 tables need f16 activations (use i16 or i8 tables with i8 "
           "activations)";
  return nullptr;
}

/// The raw 32-byte instruction.
struct Instr {
  uint8_t opcode = 0;
  uint8_t flags = 0;
  uint16_t x = 0;
  uint32_t f[7] = {0, 0, 0, 0, 0, 0, 0};
};
static_assert(sizeof(Instr) == kInstrBytes, "Instr must be 32 bytes");

/// reg+off address operands.
inline uint32_t packAddr(unsigned reg, uint32_t offset) {
  return (static_cast<uint32_t>(reg & 0xF) << 28) | (offset & kMaxOffset);
}
inline unsigned addrReg(uint32_t field) { return field >> 28; }
inline uint32_t addrOffset(uint32_t field) { return field & kMaxOffset; }

/// Tile shape fields (Lmma f4, Epi f4): [31:24] M, [23:8] N, [7:0] K.
struct TileShape {
  unsigned m = 2, n = 64, k = 4;
  bool operator==(const TileShape &o) const {
    return m == o.m && n == o.n && k == o.k;
  }
};
inline uint32_t packTile(TileShape t) {
  return (static_cast<uint32_t>(t.m & 0xFF) << 24) |
         (static_cast<uint32_t>(t.n & 0xFFFF) << 8) | (t.k & 0xFF);
}
inline TileShape unpackTile(uint32_t field) {
  return {field >> 24, (field >> 8) & 0xFFFF, field & 0xFF};
}

// Flag layouts.
//   Load:  flags[0]   = Space (0 SMEM, 1 TBUF); x = array (TBUF only)
//          bits: a = DRAM slot in f6
//   Lmma:  flags[2:0] = bits - 1 (weight bit planes, 1..8)
//          flags[3]   = clear the accumulator tile first
//          flags[5:4] = TableType
//   Epi:   flags[0]   = init (write the output instead of adding to it)
//          flags[1]   = clear the accumulator tile afterwards
//          flags[3:2] = TableType (integer tables take the exact path)
//   TGen:  flags[0]   = ActType, flags[2:1] = TableType,
//          flags[4:3] = Prologue, flags[7:5] = K - 1 (K = 1..8)
//          x = weight group size G in units of K (G = x * K)

/// The fields of each instruction, named. encode()/decode() convert between
/// these and Instr; decode() does not validate ranges (validate() does).
struct LoadFields {
  Space space = Space::Smem;
  unsigned array = 0; // TBUF destination's array
  uint32_t dst = 0;   // reg+off in SMEM/TBUF
  uint32_t src = 0;   // reg+off in the DRAM slot
  uint32_t rows = 1, rowBytes = 0, srcStride = 0, dstStride = 0;
  unsigned slot = 0;
};
struct StoreFields {
  uint32_t dst = 0; // reg+off in the DRAM slot
  uint32_t src = 0; // reg+off in SMEM
  uint32_t rows = 1, rowBytes = 0, dstStride = 0, srcStride = 0;
  unsigned slot = 0;
};
struct TGenFields {
  ActType act = ActType::F16;
  TableType table = TableType::F16;
  Prologue prologue = Prologue::None;
  unsigned k = 4;          // activations per table
  unsigned groupUnits = 0; // G / K
  uint32_t src = 0;        // SMEM f32 activations [rows][kdim], reg+off
  uint32_t dstTables = 0;  // SMEM tables [kdim/K][rows][2^(K-1)], reg+off
  uint32_t rows = 1;
  uint32_t kdim = 0;
  uint32_t srcStride = 0;   // bytes between activation rows
  uint32_t prologueVec = 0; // SMEM f32 [kdim], reg+off
  uint32_t dstRowInfo = 0;  // SMEM f32 [kdim/G][rows][2] = (ts, ga), reg+off
};
struct LmmaFields {
  unsigned bits = 1;
  bool clear = false;
  TableType table = TableType::F16;
  unsigned array = 0;
  uint32_t acc = 0;     // accumulator tile index in the array
  uint32_t tables = 0;  // TBUF reg+off: [M][2^(K-1)] entries
  uint32_t weights = 0; // SMEM reg+off: bits planes of N K-bit indices
  uint32_t rows = 1;    // active rows (<= M)
  TileShape shape;
  uint32_t planeStride = 0; // bytes between weight planes in SMEM
};
struct EpiFields {
  bool init = false;
  bool clearAcc = false;
  TableType table = TableType::F16;
  unsigned array = 0;
  uint32_t out = 0;     // SMEM f32 [rows][N] output tile, reg+off
  uint32_t acc = 0;     // accumulator tile index in the array
  uint32_t consts = 0;  // SMEM f32 [N][2] = (scale, zc), reg+off
  uint32_t rowInfo = 0; // SMEM f32 [rows][2] = (ts, ga), reg+off
  TileShape shape;
  uint32_t outStride = 0; // bytes between output rows
  uint32_t rows = 1;
};

Instr encodeLoad(const LoadFields &f);
Instr encodeStore(const StoreFields &f);
Instr encodeTGen(const TGenFields &f);
Instr encodeLmma(const LmmaFields &f);
Instr encodeEpi(const EpiFields &f);
Instr encodeSetI(unsigned rd, int32_t imm);
Instr encodeAddI(unsigned rd, unsigned rs, int32_t imm);
Instr encodeLoop(uint32_t count);
Instr encodeSimple(Opcode op); // Nop, EndL, Sync, Halt

LoadFields decodeLoad(const Instr &i);
StoreFields decodeStore(const Instr &i);
TGenFields decodeTGen(const Instr &i);
LmmaFields decodeLmma(const Instr &i);
EpiFields decodeEpi(const Instr &i);

/// One-line assembly text, e.g.
///   "lmma.m2n64k4.i8.w2.i32.f32 a0 acc=3 tbl=r2+0 w=r3+64 rows=1 ps=32".
std::string disassemble(const Instr &i);

// ---------------------------------------------------------------------------
// Data layouts shared by the packing pass, the emitter and the simulator.
// ---------------------------------------------------------------------------

/// Entries stored per table after weight reinterpretation: 2^(K-1).
inline unsigned tableEntries(unsigned k) { return 1u << (k - 1); }

/// Stored half-table entry `e` (0 <= e < 2^(K-1)) for activations a[0..K):
///   T[e] = a[K-1] + sum_{t<K-1} (bit t of e ? +a[t] : -a[t]).
/// A weight-plane index idx (bit t = +1 for activation t) reads
///   idx bit K-1 set:  T[idx & (E-1)];  clear: -T[~idx & (E-1)].
/// Entry E-1 is the plain sum of the K activations.
inline unsigned tableIndex(unsigned idx, unsigned k, bool &negate) {
  unsigned mask = tableEntries(k) - 1;
  negate = ((idx >> (k - 1)) & 1u) == 0;
  return negate ? (~idx & mask) : (idx & mask);
}

/// Packed weights: codes q in [0, 2^b) per (k, n), reinterpreted as
/// q' = 2q - (2^b - 1) = sum_i 2^i (2 bit_i(q) - 1), so plane i holds bit i.
/// Layout: [kdim/K][b][rowBytes] where one plane row holds nPadded K-bit
/// indices as a little-endian bit stream (index n at bits [nK, nK+K)) and
/// rowBytes = nPadded*K/8. nPadded is a multiple of the tile N (and of 8).
inline uint64_t packedPlaneRowBytes(uint64_t nPadded, unsigned k) {
  return (nPadded * k + 7) / 8;
}
inline unsigned readIndex(const uint8_t *row, uint64_t n, unsigned k) {
  uint64_t bit = n * k;
  unsigned v = 0;
  for (unsigned t = 0; t < k; ++t, ++bit)
    v |= ((row[bit >> 3] >> (bit & 7)) & 1u) << t;
  return v;
}
inline void writeIndex(uint8_t *row, uint64_t n, unsigned k, unsigned idx) {
  uint64_t bit = n * k;
  for (unsigned t = 0; t < k; ++t, ++bit) {
    uint8_t m = static_cast<uint8_t>(1u << (bit & 7));
    row[bit >> 3] =
        (idx >> t) & 1u ? (row[bit >> 3] | m) : (row[bit >> 3] & ~m);
  }
}

/// Epilogue constants per weight group and column: (scale s, zc) with
/// zc = 2^b - 1 - 2z, so the group's contribution is
///   ts * s * (ACC + zc * ga) / 2
/// where ACC = sum_i 2^i (plane i lookups) and (ts, ga) come from rowinfo.
/// Layout: f32 [kdim/G][nPadded][2]. Ternary (BitNet b1.58) weights are
/// b = 2, z = 1, q in {0, 1, 2}.
inline float zeroCorrection(unsigned bits, float zeroPoint) {
  return static_cast<float>((1u << bits) - 1) - 2.0f * zeroPoint;
}

/// Tables in DRAM: [kdim/K][mTotal][2^(K-1)] of the table type; rowinfo:
/// f32 [kdim/G][mTotal][2] = (ts, ga): the real value of one table unit and
/// the group sum of the activations in table units.

// ---------------------------------------------------------------------------
// Device program blob (one per device step).
// ---------------------------------------------------------------------------
//   ProgramHeader
//   CoreStream[numCores]      where each core's instructions start, how many
//   Instr[...]                all streams back to back
// DRAM slot s of a launch is operand s of the step: its inputs in order,
// then its outputs. Each core runs its own stream with its own registers,
// SMEM, table buffers and accumulators; cores share DRAM.
struct ProgramHeader {
  char magic[8];
  uint32_t version = kProgramVersion;
  uint32_t numCores = 0;
  uint32_t numSlots = 0;
  uint32_t reserved = 0;
  uint64_t numInstrs = 0; // total over all cores
};
static_assert(sizeof(ProgramHeader) == 32, "ProgramHeader must be 32 bytes");
struct CoreStream {
  uint64_t first = 0; // index of the first instruction of this core
  uint64_t count = 0;
};
static_assert(sizeof(CoreStream) == 16, "CoreStream must be 16 bytes");

} // namespace kiln::rt::lut

#endif // KILN_RT_LUTISA_H
