//===- KernelPlanner.cpp - LUT-TC kernels: cost model and programs ---------===//
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
#include <sstream>

using namespace kiln::rt::lut;

namespace kiln::lut {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

uint32_t smem(uint64_t offset) { return packAddr(0, static_cast<uint32_t>(offset)); }
uint32_t reg(unsigned r, uint64_t offset = 0) {
  return packAddr(r, static_cast<uint32_t>(offset));
}

/// Shared-memory and table-buffer layout of one mpgemm work item.
struct GemmLayout {
  uint64_t entryBytes = 0;   // one table: 2^(K-1) entries
  uint64_t planeRowBytes = 0; // one plane of a column block
  uint64_t chunkTableBytes = 0, chunkWeightBytes = 0;
  unsigned halves = 1;        // double-buffered table/weight chunks
  uint64_t weightsBase = 0, constsBase = 0, rowInfoBase = 0, outBase = 0;
  uint64_t smemBytes = 0, tbufBytes = 0;
  int64_t chunks = 1;         // table-buffer loads per weight group
  int64_t accTiles = 0;
};

GemmLayout layoutOf(const GemmShape &s, const GemmBlocking &b,
                    const PlanTarget &t) {
  GemmLayout l;
  l.entryBytes = tableEntries(s.k) * tableTypeBytes(s.table);
  l.planeRowBytes = packedPlaneRowBytes(b.nBlock, s.k);
  l.chunks = s.group / s.k / b.kBlock;
  l.halves = l.chunks > 1 ? 2 : 1;
  l.chunkTableBytes = b.kBlock * b.mBlock * l.entryBytes;
  l.chunkWeightBytes = b.kBlock * s.bits * l.planeRowBytes;
  l.tbufBytes = l.halves * l.chunkTableBytes;
  uint64_t a = t.arrays;
  l.weightsBase = 0;
  l.constsBase = a * l.halves * l.chunkWeightBytes;
  l.rowInfoBase = l.constsBase + a * b.nBlock * 8;
  l.outBase = l.rowInfoBase + a * b.mBlock * 8;
  l.smemBytes = l.outBase + b.mBlock * b.nBlock * 4;
  l.accTiles = ceilDiv(b.mBlock, t.tile.m) * (b.nBlock / t.tile.n);
  return l;
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
                          const PlanTarget &t) {
  std::ostringstream os;
  if (b.mBlock <= 0 || b.nBlock <= 0 || b.kBlock <= 0 || b.cores == 0)
    os << "block sizes and core count must be positive";
  else if (b.nBlock % t.tile.n != 0)
    os << "column block " << b.nBlock << " is not a multiple of the tile's N "
       << t.tile.n;
  else if ((s.group / s.k) % b.kBlock != 0)
    os << "table block " << b.kBlock << " does not divide the "
       << s.group / s.k << " tables of a weight group";
  else if (b.cores > t.cores)
    os << b.cores << " cores requested, the machine has " << t.cores;
  if (!os.str().empty())
    return os.str();
  GemmLayout l = layoutOf(s, b, t);
  if (l.tbufBytes > t.tbufBytes)
    os << "tables of a block need " << l.tbufBytes
       << " bytes, the table buffer holds " << t.tbufBytes;
  else if (l.smemBytes > t.smemBytes)
    os << "a block needs " << l.smemBytes << " bytes of shared memory, a core has "
       << t.smemBytes;
  else if (l.accTiles > t.accTiles)
    os << "a block needs " << l.accTiles << " accumulator tiles, an array has "
       << t.accTiles;
  return os.str();
}

GemmEstimate estimateGemm(const GemmShape &s, const GemmBlocking &b,
                          const PlanTarget &t) {
  GemmEstimate e;
  const int64_t groups = s.kdim / s.group;
  const double entryBytes = tableEntries(s.k) * tableTypeBytes(s.table);
  const int64_t mItems = ceilDiv(s.m, b.mBlock);
  const int64_t nItems = ceilDiv(s.nPadded, b.nBlock);
  e.workItems = mItems * nItems;
  e.tableBytes = double(nItems) * s.m * (s.kdim / s.k) * entryBytes;
  double weightBytes = double(mItems) * (s.kdim / s.k) * s.bits *
                       double(packedPlaneRowBytes(s.nPadded, s.k));
  double constBytes = double(mItems) * groups * s.nPadded * 8.0;
  double rowInfoBytes = double(nItems) * groups * s.m * 8.0;
  double outBytes = double(s.m) * s.n * 4.0;
  e.dramBytes = e.tableBytes + weightBytes + constBytes + rowInfoBytes + outBytes;
  // The busiest core: its share of the items at its share of DRAM bandwidth.
  unsigned cores = static_cast<unsigned>(
      std::min<int64_t>(b.cores, e.workItems));
  double itemsPerCore = std::ceil(double(e.workItems) / cores);
  double mTiles = std::ceil(double(b.mBlock) / t.tile.m);
  double nTiles = double(b.nBlock) / t.tile.n;
  double groupsPerArray = std::ceil(double(groups) / t.arrays);
  double compute =
      groupsPerArray * (s.group / s.k) * mTiles * nTiles * s.bits;
  double memory = (e.dramBytes / e.workItems) / (t.dramBytesPerCycle / cores);
  e.cycles = itemsPerCore * std::max(compute, memory);
  return e;
}

bool chooseBlocking(const GemmShape &s, const PlanTarget &t, GemmBlocking &out,
                    std::string &why) {
  std::vector<int64_t> mBlocks, nBlocks, kBlocks;
  for (int64_t m = t.tile.m; m < s.m; m *= 2)
    mBlocks.push_back(m);
  mBlocks.push_back(s.m);
  for (int64_t n = t.tile.n; n < s.nPadded; n *= 2)
    nBlocks.push_back(n);
  nBlocks.push_back(s.nPadded);
  const int64_t tablesPerGroup = s.group / s.k;
  for (int64_t k = 1; k <= tablesPerGroup; ++k)
    if (tablesPerGroup % k == 0)
      kBlocks.push_back(k);
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

int64_t precomputeRowsPerBlock(const PrecomputeShape &s, const PlanTarget &t,
                               std::string &why) {
  uint64_t vec = s.prologue == Prologue::None ? 0 : s.kdim * 4;
  uint64_t perRow = s.kdim * 4 +
                    s.kdim / s.k * tableEntries(s.k) * tableTypeBytes(s.table) +
                    s.kdim / s.group * 8;
  // Two buffer sets so the next block loads while this one is converted.
  if (vec + 2 * perRow > t.smemBytes) {
    std::ostringstream os;
    os << "one activation row of " << s.kdim << " needs " << vec + 2 * perRow
       << " bytes of shared memory (double-buffered), a core has "
       << t.smemBytes;
    why = os.str();
    return 0;
  }
  return static_cast<int64_t>((t.smemBytes - vec) / (2 * perRow));
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
void EncodingSink::emit(const Instr &instr) { cores[current_].push_back(instr); }
void EncodingSink::beginLoop(uint32_t count) {
  cores[current_].push_back(encodeLoop(count));
}
void EncodingSink::endLoop() {
  cores[current_].push_back(encodeSimple(Opcode::EndL));
}

// ---------------------------------------------------------------------------
// Precompute
// ---------------------------------------------------------------------------

void planPrecompute(const PrecomputeShape &s, const PlanTarget &t,
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
  const uint64_t vecBytes = s.prologue == Prologue::None ? 0 : s.kdim * 4;
  const uint64_t xBytes = rowsPerBlock * s.kdim * 4;
  const uint64_t tBytes = rowsPerBlock * tablesPerRow * entryBytes;
  const uint64_t rBytes = rowsPerBlock * groups * 8;
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
  GemmEmitter(const GemmShape &s, const GemmBlocking &b, const PlanTarget &t,
              InstrSink &sink)
      : s(s), b(b), t(t), sink(sink), l(layoutOf(s, b, t)) {}

  void item(const WorkItem &w) {
    cols = w.cols;
    rows = w.rows;
    mTiles = ceilDiv(rows, t.tile.m);
    nTiles = cols / t.tile.n;
    planeRow = packedPlaneRowBytes(cols, s.k);
    const uint64_t entryBytes = l.entryBytes;
    sink.emit(encodeSetI(1, static_cast<int32_t>(w.m0 * entryBytes)));
    sink.emit(encodeSetI(2, static_cast<int32_t>(w.n0 * s.k / 8)));
    sink.emit(encodeSetI(3, static_cast<int32_t>(w.n0 * 8)));
    sink.emit(encodeSetI(4, static_cast<int32_t>(w.m0 * 8)));
    sink.emit(encodeSetI(7, static_cast<int32_t>((w.m0 * s.n + w.n0) * 4)));

    const int64_t groups = s.kdim / s.group;
    const int64_t first = std::min<int64_t>(groups, t.arrays);
    for (int64_t a = 0; a < first; ++a)
      group(static_cast<unsigned>(a), a == 0);
    int64_t rounds = (groups - first) / t.arrays;
    if (rounds > 0) {
      if (rounds > 1)
        sink.beginLoop(static_cast<uint32_t>(rounds));
      for (unsigned a = 0; a < t.arrays; ++a)
        group(a, false);
      if (rounds > 1)
        sink.endLoop();
    }
    for (int64_t a = 0; a < (groups - first) % t.arrays; ++a)
      group(static_cast<unsigned>(a), false);

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
  /// One weight group on array `a`: its constants, its table chunks and the
  /// lookups, then the epilogue into the output block.
  void group(unsigned a, bool initOut) {
    LoadFields c;
    c.dst = smem(l.constsBase + a * b.nBlock * 8);
    c.slot = kGemmConsts;
    c.src = reg(3);
    c.rows = 1;
    c.rowBytes = c.srcStride = c.dstStride = cols * 8;
    sink.emit(encodeLoad(c));
    LoadFields r;
    r.dst = smem(l.rowInfoBase + a * b.mBlock * 8);
    r.slot = kGemmRowInfo;
    r.src = reg(4);
    r.rows = 1;
    r.rowBytes = r.srcStride = r.dstStride = rows * 8;
    sink.emit(encodeLoad(r));

    chunk(a, 0, true);
    int64_t restChunks = l.chunks - 1;
    if (restChunks / 2 > 0) {
      if (restChunks / 2 > 1)
        sink.beginLoop(static_cast<uint32_t>(restChunks / 2));
      chunk(a, 1, false);
      chunk(a, 0, false);
      if (restChunks / 2 > 1)
        sink.endLoop();
    }
    if (restChunks % 2)
      chunk(a, 1, false);

    for (int64_t mt = 0; mt < mTiles; ++mt)
      for (int64_t nt = 0; nt < nTiles; ++nt) {
        EpiFields e;
        e.init = initOut;
        e.clearAcc = false;
        e.table = s.table;
        e.array = a;
        e.out = smem(l.outBase + (mt * t.tile.m * cols + nt * t.tile.n) * 4);
        e.acc = static_cast<uint32_t>(mt * nTiles + nt);
        e.consts = smem(l.constsBase + a * b.nBlock * 8 + nt * t.tile.n * 8);
        e.rowInfo = smem(l.rowInfoBase + a * b.mBlock * 8 + mt * t.tile.m * 8);
        e.shape = t.tile;
        e.outStride = cols * 4;
        e.rows = std::min<int64_t>(t.tile.m, rows - mt * t.tile.m);
        sink.emit(encodeEpi(e));
      }
    sink.emit(encodeAddI(3, 3, s.nPadded * 8));
    sink.emit(encodeAddI(4, 4, s.m * 8));
  }

  /// Loads one table chunk and its weight planes into half `h` and runs
  /// the lookups; the first chunk of a group clears the accumulators.
  void chunk(unsigned a, unsigned h, bool firstOfGroup) {
    const uint64_t tableRow = rows * l.entryBytes;
    LoadFields tl;
    tl.space = Space::Tbuf;
    tl.array = a;
    tl.dst = packAddr(0, static_cast<uint32_t>(h * l.chunkTableBytes));
    tl.slot = kGemmTables;
    tl.src = reg(1);
    tl.rows = b.kBlock;
    tl.rowBytes = tl.dstStride = tableRow;
    tl.srcStride = s.m * l.entryBytes;
    sink.emit(encodeLoad(tl));
    const uint64_t wBase =
        l.weightsBase + (a * l.halves + h) * l.chunkWeightBytes;
    LoadFields wl;
    wl.dst = smem(wBase);
    wl.slot = kGemmPacked;
    wl.src = reg(2);
    wl.rows = b.kBlock * s.bits;
    wl.rowBytes = wl.dstStride = planeRow;
    wl.srcStride = packedPlaneRowBytes(s.nPadded, s.k);
    sink.emit(encodeLoad(wl));
    sink.emit(encodeAddI(1, 1, b.kBlock * s.m * l.entryBytes));
    sink.emit(encodeAddI(2, 2, b.kBlock * s.bits * wl.srcStride));

    sink.emit(encodeSetI(5, static_cast<int32_t>(h * l.chunkTableBytes)));
    sink.emit(encodeSetI(6, static_cast<int32_t>(wBase)));
    int64_t loopCount = b.kBlock;
    if (firstOfGroup) {
      lookups(a, true, tableRow);
      --loopCount;
    }
    if (loopCount > 0) {
      if (loopCount > 1)
        sink.beginLoop(static_cast<uint32_t>(loopCount));
      lookups(a, false, tableRow);
      if (loopCount > 1)
        sink.endLoop();
    }
  }

  void lookups(unsigned a, bool clear, uint64_t tableRow) {
    for (int64_t mt = 0; mt < mTiles; ++mt)
      for (int64_t nt = 0; nt < nTiles; ++nt) {
        LmmaFields f;
        f.bits = s.bits;
        f.clear = clear;
        f.table = s.table;
        f.array = a;
        f.acc = static_cast<uint32_t>(mt * nTiles + nt);
        f.tables = reg(5, mt * t.tile.m * l.entryBytes);
        f.weights = reg(6, nt * t.tile.n * s.k / 8);
        f.rows = std::min<int64_t>(t.tile.m, rows - mt * t.tile.m);
        f.shape = t.tile;
        f.planeStride = planeRow;
        sink.emit(encodeLmma(f));
      }
    sink.emit(encodeAddI(5, 5, tableRow));
    sink.emit(encodeAddI(6, 6, s.bits * planeRow));
  }

  const GemmShape &s;
  const GemmBlocking &b;
  const PlanTarget &t;
  InstrSink &sink;
  GemmLayout l;
  int64_t cols = 0, rows = 0, mTiles = 0, nTiles = 0;
  uint64_t planeRow = 0;
};

} // namespace

void planGemm(const GemmShape &s, const GemmBlocking &b, const PlanTarget &t,
              InstrSink &sink) {
  std::vector<WorkItem> items = workItems(s, b);
  unsigned cores = static_cast<unsigned>(
      std::min<size_t>(b.cores, items.size()));
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
