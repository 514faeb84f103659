//===- PimKernel.cpp - decode-attention kernels: placement, code, blob ----===//

#include "kiln/rt/PimKernel.h"

#include "kiln/rt/Error.h"

#include <algorithm>
#include <cstring>

namespace kiln::rt::pim {

const char *layoutName(Layout l) {
  return l == Layout::Hybrid ? "hybrid" : "naive";
}

/// "512 GiB", "64 KiB", "100 B".
static std::string bytesText(uint64_t b) {
  const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  unsigned u = 0;
  while (u < 4 && b >= 1024 && b % 1024 == 0) {
    b /= 1024;
    ++u;
  }
  return std::to_string(b) + " " + units[u];
}

static unsigned ceilDiv(uint64_t a, uint64_t b) {
  return static_cast<unsigned>((a + b - 1) / b);
}

std::string Geometry::make(const AttentionPlan &p, const PimConfig &cfg,
                           Geometry &g) {
  const DramOrg &o = cfg.dram.org;
  const PimUnits &u = cfg.units;
  g = Geometry();
  g.naive = p.layout == uint32_t(Layout::Naive);
  g.physicalChips = o.chipsPerRank;
  g.physicalChipWidth = o.chipWidth;
  g.chips = g.naive ? 1 : o.chipsPerRank;
  g.banks = g.naive ? o.bankGroups : o.banksPerRank();
  g.channels = o.channels;
  g.ranksPerChannel = o.ranksPerChannel();
  g.chipBurstBytes = g.naive ? o.burstBytes() : o.chipBurstBytes();
  g.elemsPerBurst = g.chipBurstBytes / 2;
  g.burstLength = o.burstLength;
  g.chipRowBytes =
      g.naive ? o.chipRowBytes() * o.chipsPerRank : o.chipRowBytes();
  g.batch = p.batch;
  g.kvHeads = p.kvHeads;
  g.group = p.group;
  g.headDim = p.headDim;
  g.chunkTokens = p.chunk;
  auto num = [](uint64_t v) { return std::to_string(v); };
  if (!p.batch || !p.kvHeads || !p.group || !p.capacity || !p.headDim ||
      !p.chunk)
    return "batch, kv heads, group, capacity, head dim and chunk must all be "
           "positive";
  if (p.layout > uint32_t(Layout::Naive))
    return "unknown layout " + num(p.layout);
  if (g.elemsPerBurst == 0 || p.headDim % g.elemsPerBurst)
    return "head dim " + num(p.headDim) + " is not a multiple of the " +
           num(g.elemsPerBurst) + " fp16 elements " +
           (g.naive ? "of a rank burst" : "a chip holds per burst") + " (" +
           num(g.chipBurstBytes) + " bytes)";
  uint64_t vectorBytes = uint64_t(p.headDim) * 2;
  if (vectorBytes > g.chipRowBytes || g.chipRowBytes % vectorBytes)
    return "a head vector of " + num(vectorBytes) +
           " bytes does not tile a chip row of " + num(g.chipRowBytes) +
           " bytes";
  if (p.chunk > kMaxMacToken)
    return "chunk " + num(p.chunk) +
           " exceeds 2047 tokens (the MAC's token "
           "field)";
  g.burstsPerVector = p.headDim / g.elemsPerBurst;
  if (g.burstsPerVector > kMaxVectorBurst || p.group > 255)
    return "head dim / burst elements and the group must be at most 255";
  // The naive layout's rank PU keeps a round's registers itself; the bank
  // PUs' register files bound the hybrid layout's chunk.
  uint64_t acc = g.naive ? 0 : uint64_t(p.group) * (p.chunk + p.headDim);
  if (acc > u.bankAccumulators)
    return "a bank PU needs " + num(acc) + " fp32 accumulators (group " +
           num(p.group) + " x (chunk " + num(p.chunk) + " + head dim " +
           num(p.headDim) + ")), it has " + num(u.bankAccumulators) +
           ": use a smaller chunk";
  if (acc > u.bankOperands)
    return "a bank PU needs " + num(acc) + " fp16 operand registers, it has " +
           num(u.bankOperands) + ": use a smaller chunk";
  g.pairs = p.batch * p.kvHeads;
  g.groups = ceilDiv(g.pairs, g.chips);
  g.chunks = ceilDiv(p.capacity, p.chunk);
  g.totalRanks = o.channels * o.ranksPerChannel();
  if (!p.spread || g.totalRanks % p.spread)
    return "spread " + num(p.spread) + " must divide the " + num(g.totalRanks) +
           " ranks of the memory";
  g.spread = p.spread;
  g.rounds = ceilDiv(g.chunks, uint64_t(g.spread) * g.banks);
  g.layers = ceilDiv(uint64_t(g.groups) * g.spread, g.totalRanks);
  g.tokensPerRow = static_cast<unsigned>(g.chipRowBytes / vectorBytes);
  g.rowsPerChunk = ceilDiv(p.chunk, g.tokensPerRow);
  g.rowsUsed = uint64_t(g.layers) * g.rounds * 2 * g.rowsPerChunk;
  if (g.rowsUsed > o.rows) {
    uint64_t bytes = uint64_t(g.pairs) * p.capacity * vectorBytes * 2;
    return "the KV cache (" + num(p.batch) + " sequences x " + num(p.kvHeads) +
           " kv heads x " + num(p.capacity) + " tokens, " + bytesText(bytes) +
           " of fp16 K and V) needs " + num(g.rowsUsed) +
           " rows of every bank, the memory has " + num(o.rows) +
           " (capacity " + bytesText(o.totalBytes()) + ")";
  }
  g.scoreBursts = ceilDiv(uint64_t(p.group) * p.chunk * 4, g.chipBurstBytes);
  g.probBursts = ceilDiv(uint64_t(p.group) * p.chunk * 2, g.chipBurstBytes);
  g.outBursts = ceilDiv(uint64_t(p.group) * p.headDim * 4, g.chipBurstBytes);
  g.resultBursts =
      ceilDiv(uint64_t(p.group) * (p.headDim + 2) * 4, g.chipBurstBytes);
  return "";
}

Geometry::RankRef Geometry::rankOf(unsigned grp, unsigned i) const {
  unsigned idx = (grp * spread + i) % totalRanks;
  // Consecutive ranks of a set sit on different channels, which work in
  // parallel.
  return {idx % channels, idx / channels};
}

uint64_t Geometry::roundRow(unsigned grp, unsigned s) const {
  unsigned layer = (grp * spread) / totalRanks;
  return (uint64_t(layer) * rounds + s) * 2 * rowsPerChunk;
}

Geometry::TokenAddr Geometry::token(unsigned p, unsigned t,
                                    unsigned banksPerGroup) const {
  TokenAddr a;
  a.group = p / chips;
  a.chip = p % chips;
  a.chunk = t / chunkTokens;
  a.tokenInChunk = t % chunkTokens;
  unsigned i = a.chunk % spread, m = a.chunk / spread;
  unsigned bank = m % banks, s = m / banks;
  RankRef r = rankOf(a.group, i);
  a.channel = r.channel;
  a.rank = r.rank;
  // Naive: slot k of a round is bank 0 of bank group k.
  a.bankGroup = naive ? bank : bank / banksPerGroup;
  a.bank = naive ? 0 : bank % banksPerGroup;
  uint64_t row = roundRow(a.group, s) + a.tokenInChunk / tokensPerRow;
  a.keyRow = static_cast<uint32_t>(row);
  a.valueRow = static_cast<uint32_t>(row + rowsPerChunk);
  a.column = (a.tokenInChunk % tokensPerRow) * burstsPerVector * burstLength;
  return a;
}

unsigned defaultSpread(const AttentionPlan &plan, const PimConfig &cfg) {
  const DramOrg &o = cfg.dram.org;
  unsigned total = o.channels * o.ranksPerChannel();
  unsigned pairs = plan.batch * plan.kvHeads;
  unsigned groups = std::max(1u, ceilDiv(pairs, o.chipsPerRank));
  unsigned chunks = std::max(1u, ceilDiv(plan.capacity, plan.chunk));
  unsigned want = std::max(1u, std::min(total / groups, chunks));
  while (total % want)
    --want;
  return want;
}

uint64_t Kernel::numCommands() const {
  uint64_t n = 0;
  for (const KernelStream &s : streams)
    n += s.commands.size();
  return n;
}

namespace {

Command cmd(Opcode op, unsigned rank, unsigned bg = 0, unsigned bank = 0,
            uint32_t row = 0, uint32_t col = 0, uint32_t arg = 0) {
  Command c;
  c.op = op;
  c.rank = static_cast<uint8_t>(rank);
  c.bankGroup = static_cast<uint8_t>(bg);
  c.bank = static_cast<uint8_t>(bank);
  c.row = row;
  c.column = col;
  c.arg = arg;
  return c;
}

/// Emits the commands of one rank's part of one group.
class RankCodegen {
public:
  RankCodegen(const Geometry &g, const DramOrg &o, KernelStream &s)
      : g(g), o(o), s(s) {}

  void begin(BlockKind kind, unsigned group, unsigned chunk) {
    KernelBlock b;
    b.kind = uint32_t(kind);
    b.group = group;
    b.chunk = chunk;
    b.first = s.commands.size();
    s.blocks.push_back(b);
  }
  void end() {
    s.blocks.back().count = s.commands.size() - s.blocks.back().first;
  }
  void push(const Command &c) { s.commands.push_back(c); }

  void setup(unsigned grp) {
    begin(BlockKind::Always, grp, 0);
    push(cmd(Opcode::Cfg, s.rank));
    push(cmd(Opcode::Rpu, s.rank, 0, 0, 0, 0, uint32_t(RpuOp::Reset)));
    for (unsigned q = 0; q < g.group; ++q)
      for (unsigned b = 0; b < g.burstsPerVector; ++b)
        push(cmd(Opcode::WrQ, s.rank, 0, 0, 0, 0, encodeWrQArg({q, b})));
    end();
  }

  /// One round: the chunks of every bank of the rank at round `r`.
  void round(unsigned grp, unsigned i, unsigned r) {
    // Chunk of bank k: i + spread * (k + banks * r).
    unsigned first = i + g.spread * g.banks * r;
    unsigned active = 0; // banks holding a chunk inside the capacity
    for (unsigned k = 0; k < g.banks; ++k)
      if (i + g.spread * (k + g.banks * r) < g.chunks)
        active = k + 1;
    begin(BlockKind::Round, grp, first);
    push(cmd(Opcode::Cfg, s.rank, 0, 0, 0, 0, encodeCfgArg({true, first})));
    uint64_t base = g.roundRow(grp, r);
    pass(base, /*values=*/false, active);
    if (g.naive) {
      // The scores are the rank PU's own: no read-back, no write-back.
      for (unsigned k = 0; k < active; ++k)
        push(bankCmd(Opcode::Rpu, k, uint32_t(RpuOp::Softmax)));
      pass(base + g.rowsPerChunk, /*values=*/true, active);
      for (unsigned k = 0; k < active; ++k)
        push(bankCmd(Opcode::Rpu, k, uint32_t(RpuOp::Merge)));
      end();
      return;
    }
    for (unsigned k = 0; k < active; ++k)
      for (unsigned b = 0; b < g.scoreBursts; ++b)
        push(bankCmd(Opcode::RdRes, k, encodeRdResArg({false, b})));
    for (unsigned k = 0; k < active; ++k) {
      push(bankCmd(Opcode::Rpu, k, uint32_t(RpuOp::Softmax)));
      for (unsigned b = 0; b < g.probBursts; ++b)
        push(bankCmd(Opcode::WrP, k, b));
    }
    pass(base + g.rowsPerChunk, /*values=*/true, active);
    for (unsigned k = 0; k < active; ++k) {
      for (unsigned b = 0; b < g.outBursts; ++b)
        push(bankCmd(Opcode::RdRes, k, encodeRdResArg({true, b})));
      push(bankCmd(Opcode::Rpu, k, uint32_t(RpuOp::Merge)));
    }
    end();
  }

  void finish(unsigned grp) {
    begin(BlockKind::Always, grp, 0);
    for (unsigned b = 0; b < g.resultBursts; ++b)
      push(cmd(Opcode::RdOut, s.rank, 0, 0, 0, 0, b));
    end();
  }

private:
  unsigned bgOf(unsigned k) const { return g.naive ? k : k / o.banksPerGroup; }
  unsigned bankOf(unsigned k) const {
    return g.naive ? 0 : k % o.banksPerGroup;
  }
  Command bankCmd(Opcode op, unsigned k, uint32_t arg) {
    return cmd(op, s.rank, bgOf(k), bankOf(k), 0, 0, arg);
  }

  /// The all-bank MACs over the K (or V) rows of a chunk; naive: the rank
  /// PU reads every slot's burst in turn (different bank groups, so reads
  /// go tCCD_S apart).
  void pass(uint64_t firstRow, bool values, unsigned active) {
    for (unsigned row = 0; row < g.rowsPerChunk; ++row) {
      for (unsigned k = 0; k < (g.naive ? active : g.banks); ++k)
        push(cmd(Opcode::Act, s.rank, bgOf(k), bankOf(k),
                 static_cast<uint32_t>(firstRow + row)));
      unsigned t0 = row * g.tokensPerRow;
      unsigned t1 = std::min(g.chunkTokens, t0 + g.tokensPerRow);
      for (unsigned t = t0; t < t1; ++t)
        for (unsigned b = 0; b < g.burstsPerVector; ++b) {
          uint32_t col = ((t - t0) * g.burstsPerVector + b) * g.burstLength;
          uint32_t arg = encodeMacArg({values, t, b});
          if (!g.naive)
            push(cmd(Opcode::Mac, s.rank, 0, 0, 0, col, arg));
          else
            for (unsigned k = 0; k < active; ++k)
              push(cmd(Opcode::RdPu, s.rank, bgOf(k), 0, 0, col, arg));
        }
      push(cmd(Opcode::PreA, s.rank));
    }
  }

  const Geometry &g;
  const DramOrg &o;
  KernelStream &s;
};

} // namespace

Kernel generateKernel(const AttentionPlan &plan, const PimConfig &cfg) {
  Geometry g;
  if (std::string err = Geometry::make(plan, cfg, g); !err.empty())
    fail("dimm-pim: ", err);
  const DramOrg &o = cfg.dram.org;
  Kernel k;
  k.plan = plan;
  // One stream per rank that holds work, in (channel, rank) order.
  std::vector<int> streamOf(size_t(g.totalRanks), -1);
  for (unsigned grp = 0; grp < g.groups; ++grp)
    for (unsigned i = 0; i < g.spread; ++i) {
      Geometry::RankRef r = g.rankOf(grp, i);
      streamOf[r.channel * g.ranksPerChannel + r.rank] = 0;
    }
  for (unsigned idx = 0; idx < g.totalRanks; ++idx)
    if (streamOf[idx] >= 0) {
      streamOf[idx] = static_cast<int>(k.streams.size());
      KernelStream s;
      s.channel = idx / g.ranksPerChannel;
      s.rank = idx % g.ranksPerChannel;
      k.streams.push_back(std::move(s));
    }
  for (unsigned grp = 0; grp < g.groups; ++grp)
    for (unsigned i = 0; i < g.spread; ++i) {
      Geometry::RankRef r = g.rankOf(grp, i);
      KernelStream &s =
          k.streams[streamOf[r.channel * g.ranksPerChannel + r.rank]];
      RankCodegen gen(g, o, s);
      gen.setup(grp);
      for (unsigned rd = 0; rd < g.rounds; ++rd)
        if (i + g.spread * g.banks * rd < g.chunks)
          gen.round(grp, i, rd);
      gen.finish(grp);
    }
  return k;
}

std::string tryGenerateKernel(const AttentionPlan &plan, const PimConfig &cfg,
                              Kernel &out) {
  try {
    out = generateKernel(plan, cfg);
  } catch (const std::exception &e) {
    return e.what();
  }
  return "";
}

void appendTokenCommands(const Geometry &g, unsigned group, unsigned t,
                         unsigned banksPerGroup, std::vector<Command> &out) {
  Geometry::TokenAddr a = g.token(group * g.chips, t, banksPerGroup);
  for (uint32_t row : {a.keyRow, a.valueRow}) {
    out.push_back(cmd(Opcode::Act, a.rank, a.bankGroup, a.bank, row));
    for (unsigned b = 0; b < g.burstsPerVector; ++b)
      out.push_back(cmd(Opcode::Wr, a.rank, a.bankGroup, a.bank, row,
                        a.column + b * g.burstLength));
    out.push_back(cmd(Opcode::Pre, a.rank, a.bankGroup, a.bank));
  }
}

namespace {

struct KernelHeader {
  char magic[8];
  uint32_t version = kKernelVersion;
  uint32_t numStreams = 0;
  uint64_t numBlocks = 0;
  uint64_t numCommands = 0;
};
static_assert(sizeof(KernelHeader) == 32, "KernelHeader must be 32 bytes");
struct StreamEntry {
  uint32_t channel = 0, rank = 0;
  uint64_t firstBlock = 0, blockCount = 0, commandCount = 0;
};
static_assert(sizeof(StreamEntry) == 32, "StreamEntry must be 32 bytes");

template <typename T> void put(std::string &out, const T &v) {
  out.append(reinterpret_cast<const char *>(&v), sizeof v);
}

} // namespace

std::string buildKernel(const Kernel &k) {
  KernelHeader h;
  std::memcpy(h.magic, kKernelMagic, sizeof h.magic);
  h.numStreams = static_cast<uint32_t>(k.streams.size());
  for (const KernelStream &s : k.streams)
    h.numBlocks += s.blocks.size();
  h.numCommands = k.numCommands();
  std::string out;
  put(out, h);
  put(out, k.plan);
  uint64_t firstBlock = 0;
  for (const KernelStream &s : k.streams) {
    StreamEntry e{s.channel, s.rank, firstBlock, s.blocks.size(),
                  s.commands.size()};
    put(out, e);
    firstBlock += s.blocks.size();
  }
  for (const KernelStream &s : k.streams)
    for (const KernelBlock &b : s.blocks)
      put(out, b);
  for (const KernelStream &s : k.streams)
    for (const Command &c : s.commands)
      put(out, encode(c));
  return out;
}

Kernel readKernel(const void *data, size_t size, const std::string &stepName) {
  auto bad = [&](const std::string &what) {
    fail("device program of step '", stepName, "': ", what);
  };
  const auto *bytes = static_cast<const uint8_t *>(data);
  KernelHeader h;
  if (size < sizeof h + sizeof(AttentionPlan))
    bad("truncated: " + std::to_string(size) +
        " bytes, the header and plan need 96");
  std::memcpy(&h, bytes, sizeof h);
  if (std::memcmp(h.magic, kKernelMagic, sizeof h.magic) != 0)
    bad("not a dimm-pim kernel (bad magic)");
  if (h.version != kKernelVersion)
    bad("kernel version " + std::to_string(h.version) +
        " is not supported (this runtime reads version " +
        std::to_string(kKernelVersion) + ")");
  if (h.numStreams == 0 || h.numStreams > 4096)
    bad(std::to_string(h.numStreams) + " streams (1..4096 allowed)");
  uint64_t avail = size - sizeof h - sizeof(AttentionPlan);
  uint64_t streamBytes = uint64_t(h.numStreams) * sizeof(StreamEntry);
  if (streamBytes > avail || h.numBlocks > (avail - streamBytes) / 32 ||
      h.numCommands > (avail - streamBytes - h.numBlocks * 32) / 8 ||
      streamBytes + h.numBlocks * 32 + h.numCommands * 8 != avail)
    bad("size " + std::to_string(size) + " bytes does not hold " +
        std::to_string(h.numStreams) + " streams, " +
        std::to_string(h.numBlocks) + " blocks and " +
        std::to_string(h.numCommands) + " commands");
  Kernel k;
  std::memcpy(&k.plan, bytes + sizeof h, sizeof k.plan);
  const uint8_t *at = bytes + sizeof h + sizeof k.plan;
  const uint8_t *blockAt = at + streamBytes;
  const uint8_t *cmdAt = blockAt + h.numBlocks * 32;
  uint64_t nextBlock = 0, nextCmd = 0;
  k.streams.resize(h.numStreams);
  for (uint32_t i = 0; i < h.numStreams; ++i) {
    StreamEntry e;
    std::memcpy(&e, at + i * sizeof e, sizeof e);
    std::string which = "stream " + std::to_string(i);
    if (e.firstBlock != nextBlock || e.blockCount > h.numBlocks - nextBlock ||
        e.commandCount > h.numCommands - nextCmd)
      bad(which + ": its blocks or commands run past the tables");
    KernelStream &s = k.streams[i];
    s.channel = e.channel;
    s.rank = e.rank;
    s.blocks.resize(e.blockCount);
    uint64_t expect = 0;
    for (uint64_t b = 0; b < e.blockCount; ++b) {
      KernelBlock &blk = s.blocks[b];
      std::memcpy(&blk, blockAt + (nextBlock + b) * 32, 32);
      if (blk.first != expect || blk.count > e.commandCount - blk.first)
        bad(which + ", block " + std::to_string(b) + ": commands [" +
            std::to_string(blk.first) + ", +" + std::to_string(blk.count) +
            ") do not follow the previous block inside the stream's " +
            std::to_string(e.commandCount));
      if (blk.kind > uint32_t(BlockKind::Round))
        bad(which + ", block " + std::to_string(b) + ": unknown kind " +
            std::to_string(blk.kind));
      expect += blk.count;
    }
    if (expect != e.commandCount)
      bad(which + ": its blocks hold " + std::to_string(expect) +
          " commands, the stream has " + std::to_string(e.commandCount));
    s.commands.resize(e.commandCount);
    for (uint64_t c = 0; c < e.commandCount; ++c) {
      uint64_t w;
      std::memcpy(&w, cmdAt + (nextCmd + c) * 8, 8);
      s.commands[c] = decode(w);
    }
    nextBlock += e.blockCount;
    nextCmd += e.commandCount;
  }
  if (nextCmd != h.numCommands)
    bad("the streams hold " + std::to_string(nextCmd) +
        " commands, the header says " + std::to_string(h.numCommands));
  return k;
}

void validateKernel(const Kernel &k, const PimConfig &cfg,
                    const std::string &stepName) {
  Geometry g;
  if (std::string err = Geometry::make(k.plan, cfg, g); !err.empty())
    fail("device program of step '", stepName, "': ", err);
  const DramOrg &o = cfg.dram.org;
  for (size_t si = 0; si < k.streams.size(); ++si) {
    const KernelStream &s = k.streams[si];
    if (s.channel >= o.channels || s.rank >= o.ranksPerChannel())
      fail("device program of step '", stepName, "': stream ", si,
           " is for channel ", s.channel, " rank ", s.rank,
           ", outside the memory (", o.channels, " channels of ",
           o.ranksPerChannel(), " ranks)");
    for (const KernelBlock &b : s.blocks)
      if (b.group >= g.groups || b.chunk >= std::max(1u, g.chunks))
        fail("device program of step '", stepName, "': stream ", si,
             ": a block names group ", b.group, " chunk ", b.chunk,
             " outside the plan (", g.groups, " groups, ", g.chunks,
             " chunks)");
    for (size_t i = 0; i < s.commands.size(); ++i) {
      const Command &c = s.commands[i];
      auto bad = [&](const std::string &what) {
        fail("device program of step '", stepName, "': stream ", si,
             " (channel ", s.channel, " rank ", s.rank, "), command ", i, " (",
             formatCommand(c), "): ", what);
      };
      if (!isValidOpcode(static_cast<uint8_t>(c.op)))
        bad("unknown opcode");
      if (c.rank != s.rank)
        bad("names rank " + std::to_string(c.rank) + " in the stream of rank " +
            std::to_string(s.rank));
      if (c.bankGroup >= o.bankGroups || c.bank >= o.banksPerGroup)
        bad("bank out of range");
      if (c.row >= o.rows)
        bad("row out of range (" + std::to_string(o.rows) + " rows)");
      if (c.column >= o.columns || c.column % o.burstLength)
        bad("column is not a burst start below " + std::to_string(o.columns));
      switch (c.op) {
      case Opcode::Mac:
      case Opcode::RdPu:
        if ((c.op == Opcode::Mac) == g.naive)
          bad(std::string(g.naive ? "an all-bank MAC" : "a rank-PU read") +
              " in a kernel of the " + (g.naive ? "naive" : "hybrid") +
              " layout");
        if (decodeMacArg(c.arg).token >= g.chunkTokens ||
            decodeMacArg(c.arg).burst >= g.burstsPerVector)
          bad("token or burst outside the chunk");
        break;
      case Opcode::WrQ:
        if (decodeWrQArg(c.arg).query >= g.group ||
            decodeWrQArg(c.arg).burst >= g.burstsPerVector)
          bad("query or burst outside the plan");
        break;
      case Opcode::RdRes:
        if (decodeRdResArg(c.arg).burst >=
            (decodeRdResArg(c.arg).outputs ? g.outBursts : g.scoreBursts))
          bad("burst outside the accumulators");
        break;
      case Opcode::WrP:
        if (c.arg >= g.probBursts)
          bad("burst outside the probability registers");
        break;
      case Opcode::Rpu:
        if (c.arg > uint32_t(RpuOp::Reset))
          bad("unknown rank-PU operation");
        break;
      case Opcode::RdOut:
        if (c.arg >= g.resultBursts)
          bad("burst outside the result buffer");
        break;
      default:
        break;
      }
    }
  }
}

} // namespace kiln::rt::pim
