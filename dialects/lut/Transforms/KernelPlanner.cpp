//===- KernelPlanner.cpp - LUT-TC kernels: cost model and programs
//---------===//
//
// Register use in both kernels (r0 reads as zero):
//   precompute  r1 activation row, r2 table row, r3 rowinfo row (DRAM)
//   mpgemm      r1 tables, r2 packed planes, r3 epilogue constants,
//               r4 rowinfo (DRAM); r5 table-buffer and r6 shared-memory
//               pointers inside the table-group loop; r7 output (DRAM)
//
//===----------------------------------------------------------------------===//

#include "KernelPlanner.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

using namespace kiln::rt::lut;

namespace kiln::lut {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// Buffers start on their own 64-byte line: the simulator tracks operand
/// readiness per line, and so does hardware that scoreboards its memories,
/// so two arrays' buffers sharing a line would serialize them.
uint64_t lineAlign(uint64_t bytes) { return (bytes + 63) / 64 * 64; }

uint32_t smem(uint64_t offset) {
  return packAddr(0, static_cast<uint32_t>(offset));
}
uint32_t reg(unsigned r, uint64_t offset = 0) {
  return packAddr(r, static_cast<uint32_t>(offset));
}

/// Shared-memory and table-buffer layout of one mpgemm work item.
///
/// Weight groups run in rounds of one group per array (group g on array
/// g % A). Each array keeps m buffer slots (tables in its TBUF; planes,
/// epilogue constants and row info in SMEM, slot-major so a round's groups
/// are adjacent), so the loads of round r + m - 1 go out before the
/// lookups of round r without overwriting anything still read.
struct GemmLayout {
  uint64_t entryBytes = 0;    // one table: 2^(K-1) entries
  uint64_t planeRowBytes = 0; // one plane of a column block
  uint64_t groupTableBytes = 0, groupWeightBytes = 0; // one weight group
  unsigned arrays = 1;
  int64_t slots = 1; // m: groups in flight per array
  // Buffer strides, whole 64-byte lines.
  uint64_t tableStride = 0, weightStride = 0, constsStride = 0,
           rowInfoStride = 0;
  uint64_t weightsBase = 0, constsBase = 0, rowInfoBase = 0, outBase = 0;
  uint64_t smemBytes = 0, tbufBytes = 0;
  int64_t accTiles = 0; // per set
  int64_t accSets = 1;

  uint64_t tableSlot(int64_t slot) const { return slot * tableStride; }
  // Slot-major: the arrays' buffers of one slot are adjacent, so a round's
  // groups (consecutive in DRAM) load with one 2-D copy each.
  uint64_t weightSlot(unsigned a, int64_t slot) const {
    return weightsBase + (slot * arrays + a) * weightStride;
  }
  uint64_t constsSlot(unsigned a, int64_t slot) const {
    return constsBase + (slot * arrays + a) * constsStride;
  }
  uint64_t rowInfoSlot(unsigned a, int64_t slot) const {
    return rowInfoBase + (slot * arrays + a) * rowInfoStride;
  }
};

/// Most groups in flight per array worth having: enough to hide latency.
constexpr int64_t kMaxGroupSlots = 4;

GemmLayout layoutWith(const GemmShape &s, const GemmBlocking &b,
                      const rt::lut::LutConfig &t, int64_t slots) {
  GemmLayout l;
  l.entryBytes = tableEntries(s.k) * tableTypeBytes(s.table);
  l.planeRowBytes = packedPlaneRowBytes(b.nBlock, s.k);
  l.arrays = t.arraysPerCore;
  l.slots = slots;
  l.groupTableBytes = b.kBlock * b.mBlock * l.entryBytes;
  l.groupWeightBytes = b.kBlock * s.bits * l.planeRowBytes;
  const uint64_t buffers = uint64_t(l.arrays) * slots;
  l.tableStride = lineAlign(l.groupTableBytes);
  l.weightStride = lineAlign(l.groupWeightBytes);
  l.constsStride = lineAlign(b.nBlock * 8);
  l.rowInfoStride = lineAlign(b.mBlock * 8);
  l.weightsBase = 0;
  l.constsBase = buffers * l.weightStride;
  l.rowInfoBase = l.constsBase + buffers * l.constsStride;
  l.outBase = l.rowInfoBase + buffers * l.rowInfoStride;
  l.smemBytes = l.outBase + b.mBlock * b.nBlock * 4;
  l.tbufBytes = (slots - 1) * l.tableStride + l.groupTableBytes;
  l.accTiles = ceilDiv(b.mBlock, t.tile.m) * (b.nBlock / t.tile.n);
  // Two sets of accumulator tiles when they fit: the next round's lookups
  // need not wait for this round's epilogue to read the tiles.
  l.accSets = 2 * l.accTiles <= t.accTiles ? 2 : 1;
  return l;
}

bool fits(const GemmLayout &l, const rt::lut::LutConfig &t) {
  return l.tbufBytes <= t.tbufBytes && l.smemBytes <= t.smemBytes &&
         l.accTiles <= t.accTiles;
}

/// The deepest buffering that fits (at least one group per array).
GemmLayout layoutOf(const GemmShape &s, const GemmBlocking &b,
                    const rt::lut::LutConfig &t) {
  for (int64_t m = kMaxGroupSlots; m > 1; --m) {
    GemmLayout l = layoutWith(s, b, t, m);
    if (fits(l, t))
      return l;
  }
  return layoutWith(s, b, t, 1);
}

struct WorkItem {
  int64_t m0, rows, n0, cols;
};

std::vector<WorkItem> workItems(const GemmShape &s, const GemmBlocking &b) {
  std::vector<WorkItem> items;
  for (int64_t m0 = 0; m0 < s.m; m0 += b.mBlock)
    for (int64_t n0 = 0; n0 < s.nPadded; n0 += b.nBlock)
      items.push_back({m0, std::min(b.mBlock, s.m - m0), n0,
                       std::min(b.nBlock, s.nPadded - n0)});
  return items;
}

/// Items of core `c` when `items` are split into contiguous runs.
std::pair<size_t, size_t> coreRange(size_t items, unsigned cores, unsigned c) {
  size_t per = (items + cores - 1) / cores;
  size_t lo = std::min(items, c * per);
  return {lo, std::min(items, lo + per)};
}

} // namespace

std::string checkBlocking(const GemmShape &s, const GemmBlocking &b,
                          const rt::lut::LutConfig &t) {
  std::ostringstream os;
  if (b.mBlock <= 0 || b.nBlock <= 0 || b.kBlock <= 0 || b.cores == 0)
    os << "block sizes and core count must be positive";
  else if (b.nBlock % t.tile.n != 0)
    os << "column block " << b.nBlock << " is not a multiple of the tile's N "
       << t.tile.n;
  else if (b.kBlock != s.group / s.k)
    os << "table block " << b.kBlock << " is not the " << s.group / s.k
       << " tables of a weight group (a group's tables load at once)";
  else if (b.cores > t.cores)
    os << b.cores << " cores requested, the machine has " << t.cores;
  if (!os.str().empty())
    return os.str();
  GemmLayout l = layoutOf(s, b, t);
  if (l.tbufBytes > t.tbufBytes)
    os << "tables of a block need " << l.tbufBytes
       << " bytes, the table buffer holds " << t.tbufBytes;
  else if (l.smemBytes > t.smemBytes)
    os << "a block needs " << l.smemBytes
       << " bytes of shared memory, a core has " << t.smemBytes;
  else if (l.accTiles > t.accTiles)
    os << "a block needs " << l.accTiles << " accumulator tiles, an array has "
       << t.accTiles;
  return os.str();
}

GemmEstimate estimateGemm(const GemmShape &s, const GemmBlocking &b,
                          const rt::lut::LutConfig &t) {
  GemmEstimate e;
  const GemmLayout l = layoutOf(s, b, t);
  const int64_t groups = s.kdim / s.group;
  const double entryBytes = tableEntries(s.k) * tableTypeBytes(s.table);
  const int64_t mItems = ceilDiv(s.m, b.mBlock);
  const int64_t nItems = ceilDiv(s.nPadded, b.nBlock);
  e.workItems = mItems * nItems;
  // Bytes loaded: every column block reads the tables of its rows, every
  // row block the planes and constants of its columns.
  const double tables = double(s.m) * (s.kdim / s.k) * entryBytes;
  const double weights = double(s.kdim / s.k) * s.bits *
                         double(packedPlaneRowBytes(s.nPadded, s.k));
  const double consts = double(groups) * s.nPadded * 8.0;
  const double rowInfo = double(groups) * s.m * 8.0;
  const double outBytes = double(s.m) * s.n * 4.0;
  e.tableBytes = nItems * tables;
  const double loaded =
      nItems * (tables + rowInfo) + mItems * (weights + consts);
  // The first read of a byte comes from DRAM, repeats from the shared L2
  // when everything fits in it.
  const double distinct = tables + rowInfo + weights + consts;
  const double fromDram = distinct <= double(t.l2Bytes) ? distinct : loaded;
  e.dramBytes = fromDram + outBytes;
  const unsigned cores =
      static_cast<unsigned>(std::min<int64_t>(b.cores, e.workItems));
  const double itemsPerCore = std::ceil(double(e.workItems) / cores);
  const double mTiles = std::ceil(double(b.mBlock) / t.tile.m);
  const double nTiles = double(b.nBlock) / t.tile.n;
  const double stages = double(groups); // one table load per group
  const double stageCompute = double(b.kBlock) * mTiles * nTiles * s.bits;
  const double arrays = std::min<double>(t.arraysPerCore, groups);
  const double compute = stages * stageCompute / arrays;
  // Per item, at the core's share of DRAM and L2 bandwidth.
  const double memory =
      (fromDram / e.workItems) / (t.dramBytesPerCycle() / cores) +
      ((loaded - fromDram) / e.workItems) / (t.l2BytesPerCycle / cores);
  // Shared memory: planes and constants written then read, the output
  // block read and written by every group's epilogue.
  const double itemWeights = weights * (double(b.nBlock) / s.nPadded);
  const double itemConsts = consts * (double(b.nBlock) / s.nPadded);
  const double itemOut = double(b.mBlock) * b.nBlock * 4.0;
  const double smem =
      (2 * itemWeights + 2 * itemConsts + 2 * groups * itemOut) /
      t.smemBytesPerCycle;
  // Loads run ahead by a round of stages; what those lookups cannot cover
  // of the DRAM latency stalls once per round.
  const double ahead = double(t.arraysPerCore * l.slots - 1);
  const double window = std::max(1.0, ahead) * stageCompute / arrays;
  const double stalls =
      std::max(0.0, t.dmaLatency - window) * stages / std::max(1.0, ahead);
  e.cycles = itemsPerCore * std::max({compute + stalls, memory, smem}) +
             2.0 * t.dmaLatency;
  return e;
}

bool chooseBlocking(const GemmShape &s, const rt::lut::LutConfig &t,
                    GemmBlocking &out, std::string &why) {
  std::vector<int64_t> mBlocks, nBlocks, kBlocks;
  for (int64_t m = t.tile.m; m < s.m; m *= 2)
    mBlocks.push_back(m);
  mBlocks.push_back(s.m);
  for (int64_t n = t.tile.n; n < s.nPadded; n *= 2)
    nBlocks.push_back(n);
  nBlocks.push_back(s.nPadded);
  // A weight group's tables load into the table buffer at once: the
  // epilogue folds whole groups, and splitting a group would need its
  // buffers for every part anyway.
  kBlocks.push_back(s.group / s.k);
  bool found = false;
  GemmEstimate best;
  std::string firstProblem;
  for (int64_t mb : mBlocks)
    for (int64_t nb : nBlocks)
      for (int64_t kb : kBlocks) {
        GemmBlocking b{mb, nb, kb, 0};
        int64_t items = ceilDiv(s.m, mb) * ceilDiv(s.nPadded, nb);
        b.cores = static_cast<unsigned>(std::min<int64_t>(t.cores, items));
        std::string problem = checkBlocking(s, b, t);
        if (!problem.empty()) {
          if (firstProblem.empty())
            firstProblem = problem;
          continue;
        }
        GemmEstimate e = estimateGemm(s, b, t);
        // Fewer cycles first; then less DRAM traffic; then larger table
        // loads (fewer instructions).
        bool better = !found || e.cycles < best.cycles * (1 - 1e-9) ||
                      (e.cycles <= best.cycles * (1 + 1e-9) &&
                       (e.dramBytes < best.dramBytes ||
                        (e.dramBytes == best.dramBytes && kb > out.kBlock)));
        if (better) {
          found = true;
          best = e;
          out = b;
        }
      }
  if (!found)
    why = "no blocking fits the machine (smallest block: " + firstProblem + ")";
  return found;
}

int64_t precomputeRowsPerBlock(const PrecomputeShape &s,
                               const rt::lut::LutConfig &t, std::string &why) {
  uint64_t vec = s.prologue == Prologue::None ? 0 : lineAlign(s.kdim * 4);
  uint64_t perRow = s.kdim * 4 +
                    s.kdim / s.k * tableEntries(s.k) * tableTypeBytes(s.table) +
                    s.kdim / s.group * 8;
  // Two buffer sets so the next block loads while this one is converted;
  // each of the three buffers of a set may round up to a whole line.
  if (vec + 2 * (perRow + 3 * 64) > t.smemBytes) {
    std::ostringstream os;
    os << "one activation row of " << s.kdim << " needs " << vec + 2 * perRow
       << " bytes of shared memory (double-buffered), a core has "
       << t.smemBytes;
    why = os.str();
    return 0;
  }
  return static_cast<int64_t>((t.smemBytes - vec - 2 * 3 * 64) / (2 * perRow));
}

// ---------------------------------------------------------------------------
// Sinks
// ---------------------------------------------------------------------------

void EncodingSink::beginCore(unsigned core) {
  if (cores.size() <= core)
    cores.resize(core + 1);
  current_ = core;
}
void EncodingSink::endCore() {
  cores[current_].push_back(encodeSimple(Opcode::Halt));
}
void EncodingSink::emit(const Instr &instr) {
  cores[current_].push_back(instr);
}
void EncodingSink::beginLoop(uint32_t count) {
  cores[current_].push_back(encodeLoop(count));
}
void EncodingSink::endLoop() {
  cores[current_].push_back(encodeSimple(Opcode::EndL));
}

// ---------------------------------------------------------------------------
// Precompute
// ---------------------------------------------------------------------------

void planPrecompute(const PrecomputeShape &s, const rt::lut::LutConfig &t,
                    InstrSink &sink) {
  std::string why;
  const int64_t fit = precomputeRowsPerBlock(s, t, why);
  const unsigned slotTables = s.numSlots() - 2, slotRowInfo = s.numSlots() - 1;
  const uint64_t tb = tableTypeBytes(s.table);
  const uint64_t entryBytes = tableEntries(s.k) * tb;
  const int64_t tablesPerRow = s.kdim / s.k, groups = s.kdim / s.group;
  const unsigned coresUsed =
      static_cast<unsigned>(std::min<int64_t>(t.cores, s.m));
  const int64_t rowsPerCore = ceilDiv(s.m, coresUsed);
  const int64_t rowsPerBlock = std::max<int64_t>(1, std::min(fit, rowsPerCore));

  // Shared memory: [vec] then two sets of (x, tables, rowinfo).
  const uint64_t vecBytes =
      s.prologue == Prologue::None ? 0 : lineAlign(s.kdim * 4);
  const uint64_t xBytes = lineAlign(rowsPerBlock * s.kdim * 4);
  const uint64_t tBytes = lineAlign(rowsPerBlock * tablesPerRow * entryBytes);
  const uint64_t rBytes = lineAlign(rowsPerBlock * groups * 8);
  const uint64_t setBytes = xBytes + tBytes + rBytes;

  auto block = [&](unsigned set, int64_t rows) {
    uint64_t base = vecBytes + set * setBytes;
    uint64_t x = base, tables = base + xBytes, rowInfo = base + xBytes + tBytes;
    LoadFields load;
    load.dst = smem(x);
    load.slot = kPreX;
    load.src = reg(1);
    load.rows = rows;
    load.rowBytes = load.srcStride = load.dstStride = s.kdim * 4;
    sink.emit(encodeLoad(load));
    TGenFields gen;
    gen.act = s.act;
    gen.table = s.table;
    gen.prologue = s.prologue;
    gen.k = s.k;
    gen.groupUnits = s.group / s.k;
    gen.src = smem(x);
    gen.dstTables = smem(tables);
    gen.rows = rows;
    gen.kdim = s.kdim;
    gen.srcStride = s.kdim * 4;
    gen.prologueVec = smem(0);
    gen.dstRowInfo = smem(rowInfo);
    sink.emit(encodeTGen(gen));
    StoreFields st;
    st.slot = slotTables;
    st.dst = reg(2);
    st.src = smem(tables);
    st.rows = tablesPerRow;
    st.rowBytes = st.srcStride = rows * entryBytes;
    st.dstStride = s.m * entryBytes;
    sink.emit(encodeStore(st));
    StoreFields ri;
    ri.slot = slotRowInfo;
    ri.dst = reg(3);
    ri.src = smem(rowInfo);
    ri.rows = groups;
    ri.rowBytes = ri.srcStride = rows * 8;
    ri.dstStride = s.m * 8;
    sink.emit(encodeStore(ri));
    sink.emit(encodeAddI(1, 1, rows * s.kdim * 4));
    sink.emit(encodeAddI(2, 2, rows * entryBytes));
    sink.emit(encodeAddI(3, 3, rows * 8));
  };

  for (unsigned c = 0; c < coresUsed; ++c) {
    int64_t row0 = c * rowsPerCore;
    int64_t rows = std::min(rowsPerCore, s.m - row0);
    if (rows <= 0)
      break;
    sink.beginCore(c);
    sink.emit(encodeSetI(1, static_cast<int32_t>(row0 * s.kdim * 4)));
    sink.emit(encodeSetI(2, static_cast<int32_t>(row0 * entryBytes)));
    sink.emit(encodeSetI(3, static_cast<int32_t>(row0 * 8)));
    if (vecBytes) {
      LoadFields load;
      load.dst = smem(0);
      load.slot = kPreVec;
      load.src = reg(0);
      load.rows = 1;
      load.rowBytes = load.srcStride = load.dstStride = vecBytes;
      sink.emit(encodeLoad(load));
    }
    int64_t full = rows / rowsPerBlock, rest = rows % rowsPerBlock;
    if (full / 2 > 0) {
      if (full / 2 > 1)
        sink.beginLoop(static_cast<uint32_t>(full / 2));
      block(0, rowsPerBlock);
      block(1, rowsPerBlock);
      if (full / 2 > 1)
        sink.endLoop();
    }
    if (full % 2)
      block(0, rowsPerBlock);
    if (rest)
      block(full % 2, rest);
    sink.endCore();
  }
}

// ---------------------------------------------------------------------------
// mpGEMM
// ---------------------------------------------------------------------------

namespace {

class GemmEmitter {
public:
  GemmEmitter(const GemmShape &s, const GemmBlocking &b,
              const rt::lut::LutConfig &t, InstrSink &sink)
      : s(s), b(b), t(t), sink(sink), l(layoutOf(s, b, t)) {}

  void item(const WorkItem &w) {
    cols = w.cols;
    rows = w.rows;
    mTiles = ceilDiv(rows, t.tile.m);
    nTiles = cols / t.tile.n;
    planeRow = packedPlaneRowBytes(cols, s.k);
    sink.emit(encodeSetI(1, static_cast<int32_t>(w.m0 * l.entryBytes)));
    sink.emit(encodeSetI(2, static_cast<int32_t>(w.n0 * s.k / 8)));
    sink.emit(encodeSetI(3, static_cast<int32_t>(w.n0 * 8)));
    sink.emit(encodeSetI(4, static_cast<int32_t>(w.m0 * 8)));
    sink.emit(encodeSetI(7, static_cast<int32_t>((w.m0 * s.n + w.n0) * 4)));

    rounds();

    StoreFields st;
    st.slot = kGemmOut;
    st.dst = reg(7);
    st.src = smem(l.outBase);
    st.rows = rows;
    st.rowBytes = std::min<int64_t>(cols, s.n - w.n0) * 4;
    st.dstStride = s.n * 4;
    st.srcStride = cols * 4;
    sink.emit(encodeStore(st));
  }

private:
  /// One weight group per table load: rounds of one group per array, the
  /// arrays' lookups interleaved so in-order dispatch keeps every array
  /// busy. The loads of round r + m - 1 go out before the lookups of round
  /// r (m rounds of buffers); the steady state is a loop of m rounds.
  void rounds() {
    const int64_t groups = s.kdim / s.group;
    const int64_t numRounds = ceilDiv(groups, t.arraysPerCore);
    const int64_t ahead = l.slots - 1;
    auto roundLoads = [&](int64_t r) { loadRound(r, groups); };
    for (int64_t r = 0; r < std::min(ahead, numRounds); ++r)
      roundLoads(r);
    auto round = [&](int64_t r) {
      if (r + ahead < numRounds)
        roundLoads(r + ahead);
      computeRound(r, groups);
    };
    // The first round initialises the output; full rounds that prefetch a
    // full round repeat with period m.
    int64_t r = 0;
    round(r++);
    const int64_t period = std::lcm(l.slots, l.accSets);
    // Loop only over full rounds whose prefetched round is full too.
    const int64_t fullEnd = groups / t.arraysPerCore;
    const int64_t loopEnd = fullEnd - ahead;
    const int64_t loops = loopEnd > r ? (loopEnd - r) / period : 0;
    if (loops > 0) {
      if (loops > 1)
        sink.beginLoop(static_cast<uint32_t>(loops));
      for (int64_t j = 0; j < period; ++j)
        round(r + j);
      if (loops > 1)
        sink.endLoop();
      r += loops * period;
    }
    for (; r < numRounds; ++r)
      round(r);
  }

  /// The loads of round r: the groups' constants, row info and planes with
  /// one 2-D copy each (their buffers are adjacent), the tables one per
  /// array's table buffer. DRAM pointers r1..r4 advance past the round.
  void loadRound(int64_t r, int64_t groups) {
    const int64_t g0 = r * t.arraysPerCore;
    const unsigned n =
        static_cast<unsigned>(std::min<int64_t>(t.arraysPerCore, groups - g0));
    const int64_t slot = r % l.slots;
    LoadFields c;
    c.dst = smem(l.constsSlot(0, slot));
    c.slot = kGemmConsts;
    c.src = reg(3);
    c.rows = n;
    c.rowBytes = cols * 8;
    c.srcStride = s.nPadded * 8;
    c.dstStride = l.constsStride;
    sink.emit(encodeLoad(c));
    LoadFields ri;
    ri.dst = smem(l.rowInfoSlot(0, slot));
    ri.slot = kGemmRowInfo;
    ri.src = reg(4);
    ri.rows = n;
    ri.rowBytes = rows * 8;
    ri.srcStride = s.m * 8;
    ri.dstStride = l.rowInfoStride;
    sink.emit(encodeLoad(ri));
    sink.emit(encodeAddI(3, 3, n * s.nPadded * 8));
    sink.emit(encodeAddI(4, 4, n * s.m * 8));
    const uint64_t groupTables = b.kBlock * s.m * l.entryBytes;
    for (unsigned a = 0; a < n; ++a) {
      LoadFields tl;
      tl.space = Space::Tbuf;
      tl.array = a;
      tl.dst = packAddr(0, static_cast<uint32_t>(l.tableSlot(slot)));
      tl.slot = kGemmTables;
      tl.src = reg(1, a * groupTables);
      tl.rows = b.kBlock;
      tl.rowBytes = tl.dstStride = rows * l.entryBytes;
      tl.srcStride = s.m * l.entryBytes;
      sink.emit(encodeLoad(tl));
    }
    sink.emit(encodeAddI(1, 1, n * groupTables));
    const uint64_t planeRowAll = packedPlaneRowBytes(s.nPadded, s.k);
    const bool contiguous = l.weightStride == l.groupWeightBytes;
    for (unsigned a = 0; a < (contiguous ? 1u : n); ++a) {
      LoadFields wl;
      wl.dst = smem(l.weightSlot(a, slot));
      wl.slot = kGemmPacked;
      wl.src = reg(2, a * b.kBlock * s.bits * planeRowAll);
      wl.rows = (contiguous ? n : 1) * b.kBlock * s.bits;
      wl.rowBytes = wl.dstStride = planeRow;
      wl.srcStride = planeRowAll;
      sink.emit(encodeLoad(wl));
    }
    sink.emit(encodeAddI(2, 2, n * b.kBlock * s.bits * planeRowAll));
  }

  void computeRound(int64_t r, int64_t groups) {
    const int64_t g0 = r * t.arraysPerCore;
    const unsigned arrays =
        static_cast<unsigned>(std::min<int64_t>(t.arraysPerCore, groups - g0));
    const int64_t slot = r % l.slots;
    const uint64_t tableRow = rows * l.entryBytes;
    sink.emit(encodeSetI(5, static_cast<int32_t>(l.tableSlot(slot))));
    sink.emit(encodeSetI(6, static_cast<int32_t>(l.weightSlot(0, slot))));
    const uint32_t accBase =
        static_cast<uint32_t>((r % l.accSets) * l.accTiles);
    auto step = [&](bool clear) {
      for (unsigned a = 0; a < arrays; ++a)
        tileLookups(a, clear, l.weightSlot(a, slot) - l.weightSlot(0, slot),
                    accBase);
      sink.emit(encodeAddI(5, 5, tableRow));
      sink.emit(encodeAddI(6, 6, s.bits * planeRow));
    };
    step(true);
    if (b.kBlock > 1) {
      if (b.kBlock > 2)
        sink.beginLoop(static_cast<uint32_t>(b.kBlock - 1));
      step(false);
      if (b.kBlock > 2)
        sink.endLoop();
    }
    for (unsigned a = 0; a < arrays; ++a)
      epilogue(a, slot, g0 + a == 0, accBase);
  }

  /// Folds array a's accumulator tiles into the output block.
  void epilogue(unsigned a, int64_t slot, bool init, uint32_t accBase = 0) {
    for (int64_t mt = 0; mt < mTiles; ++mt)
      for (int64_t nt = 0; nt < nTiles; ++nt) {
        EpiFields e;
        e.init = init;
        e.clearAcc = false;
        e.table = s.table;
        e.array = a;
        e.out = smem(l.outBase + (mt * t.tile.m * cols + nt * t.tile.n) * 4);
        e.acc = accBase + static_cast<uint32_t>(mt * nTiles + nt);
        e.consts = smem(l.constsSlot(a, slot) + nt * t.tile.n * 8);
        e.rowInfo = smem(l.rowInfoSlot(a, slot) + mt * t.tile.m * 8);
        e.shape = t.tile;
        e.outStride = cols * 4;
        e.rows = std::min<int64_t>(t.tile.m, rows - mt * t.tile.m);
        sink.emit(encodeEpi(e));
      }
  }

  /// One table's lookups on array a for every tile of the block; the
  /// planes are at r6 + weightOffset.
  void tileLookups(unsigned a, bool clear, uint64_t weightOffset,
                   uint32_t accBase = 0) {
    // M tiles innermost: consecutive lmmas read the same planes, which the
    // array keeps in its operand registers.
    for (int64_t nt = 0; nt < nTiles; ++nt)
      for (int64_t mt = 0; mt < mTiles; ++mt) {
        LmmaFields f;
        f.bits = s.bits;
        f.clear = clear;
        f.table = s.table;
        f.array = a;
        f.acc = accBase + static_cast<uint32_t>(mt * nTiles + nt);
        f.tables = reg(5, mt * t.tile.m * l.entryBytes);
        f.weights = reg(6, weightOffset + nt * t.tile.n * s.k / 8);
        f.rows = std::min<int64_t>(t.tile.m, rows - mt * t.tile.m);
        f.shape = t.tile;
        f.planeStride = planeRow;
        sink.emit(encodeLmma(f));
      }
  }

  const GemmShape &s;
  const GemmBlocking &b;
  const rt::lut::LutConfig &t;
  InstrSink &sink;
  GemmLayout l;
  int64_t cols = 0, rows = 0, mTiles = 0, nTiles = 0;
  uint64_t planeRow = 0;
};

} // namespace

void planGemm(const GemmShape &s, const GemmBlocking &b,
              const rt::lut::LutConfig &t, InstrSink &sink) {
  std::vector<WorkItem> items = workItems(s, b);
  unsigned cores =
      static_cast<unsigned>(std::min<size_t>(b.cores, items.size()));
  GemmEmitter emitter(s, b, t, sink);
  for (unsigned c = 0; c < cores; ++c) {
    auto [lo, hi] = coreRange(items.size(), cores, c);
    if (lo == hi)
      continue;
    sink.beginCore(c);
    for (size_t i = lo; i < hi; ++i)
      emitter.item(items[i]);
    sink.endCore();
  }
}

} // namespace kiln::lut
