//===- PimSimulator.cpp - DIMM-PIM machine: DIMMs, units, controller ------===//

#include "kiln/rt/PimSimulator.h"

#include "kiln/rt/DType.h"
#include "kiln/rt/Error.h"
#include "kiln/rt/PimArithmetic.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace kiln::rt::pim {

using json = nlohmann::json;

namespace {

/// The data of the DIMMs: the rows that were ever written, per chip.
class DimmData {
public:
  DimmData(const DramOrg &o) : o_(o), rowBytes_(o.chipRowBytes()) {}
  /// Row of (channel, rank, chip, bank); null if never written and !create.
  uint8_t *row(unsigned ch, unsigned rank, unsigned chip, unsigned bank,
               uint32_t row, bool create) {
    uint64_t key =
        (((uint64_t(ch) * o_.ranksPerChannel() + rank) * o_.chipsPerRank +
          chip) *
             o_.banksPerRank() +
         bank) *
            o_.rows +
        row;
    auto it = rows_.find(key);
    if (it != rows_.end())
      return it->second.get();
    if (!create)
      return nullptr;
    auto mem = std::make_unique<uint8_t[]>(rowBytes_);
    std::memset(mem.get(), 0, rowBytes_);
    uint8_t *p = mem.get();
    rows_.emplace(key, std::move(mem));
    return p;
  }

private:
  DramOrg o_;
  uint64_t rowBytes_;
  std::unordered_map<uint64_t, std::unique_ptr<uint8_t[]>> rows_;
};

/// What the driver attaches to a command: the group it serves and, for a
/// token write, which token and burst it carries.
struct Tag {
  uint32_t group = 0;
  int32_t token = -1; // WR of a token: its position
  uint8_t value = 0;  // WR: 0 key, 1 value
  uint8_t burst = 0;
};

/// One rank's in-order queue: the driver's writes, then the kernel's
/// blocks that pass their guards, read in place (nothing is copied).
struct Queue {
  struct Piece {
    const Command *cmds = nullptr;
    const Tag *tags = nullptr; // per command, or null: `tag` for all
    size_t count = 0;
    Tag tag;
  };
  std::vector<Command> writes; // the driver's commands and their tags
  std::vector<Tag> writeTags;
  std::vector<Piece> pieces;
  size_t piece = 0, offset = 0;

  bool empty() const { return pieces.empty(); }
  bool done() const { return piece >= pieces.size(); }
  const Command &head() const { return pieces[piece].cmds[offset]; }
  const Tag &headTag() const {
    const Piece &p = pieces[piece];
    return p.tags ? p.tags[offset] : p.tag;
  }
  void advance() {
    if (++offset == pieces[piece].count) {
      offset = 0;
      ++piece;
    }
  }
};

} // namespace

/// The units of one rank (functional registers and timing).
struct RankUnits {
  // Bank PUs: [chip][bank] registers; q is broadcast to every bank of a
  // chip, so one copy per chip stands for all.
  std::vector<uint16_t> q;               // [chip][G*d]
  std::vector<float> scores;             // [chip][bank][G*T]
  std::vector<uint16_t> prob;            // [chip][bank][G*T]
  std::vector<uint8_t> valid;            // [chip][bank][G*T]
  std::vector<float> out;                // [chip][bank][G*d]
  std::vector<int64_t> openRow;          // [bank] (the functional view)
  std::vector<const uint8_t *> openData; // [chip][bank] its bytes, or null
  // Rank PU.
  std::vector<uint32_t> length;      // [chip] valid tokens of its sequence
  uint32_t roundChunk = 0;           // first chunk of the current round
  std::vector<float> stageScores;    // [chip][bank][G*T]
  std::vector<float> stageOut;       // [chip][bank][G*d]
  std::vector<uint16_t> stageProb;   // [chip][bank][G*T]
  std::vector<uint32_t> count;       // [chip][bank] valid tokens of the chunk
  std::vector<float> chunkM, chunkL; // [chip][bank][G]
  std::vector<ChunkPartial> running; // [chip][G]
  // Timing: cycles at which operands are ready / units free.
  uint64_t qReady = 0, pReady = 0, macFree = 0, accReady = 0;
  uint64_t stagedReady = 0, rankPuFree = 0, internalBusFree = 0;
};

struct Machine::State {
  explicit State(const DramOrg &o) : dimms(o) {}
  DimmData dimms;
  std::vector<uint32_t> timedLengths; // per sequence, timing-only launches
};

Machine::Machine(PimConfig cfg, Kernel kernel)
    : cfg_(std::move(cfg)), kernel_(std::move(kernel)) {
  if (std::string err = Geometry::make(kernel_.plan, cfg_, geo_); !err.empty())
    fail("dimm-pim: ", err);
  state_ = std::make_unique<State>(cfg_.dram.org);
}

Machine::~Machine() = default;

namespace {

/// One launch: the driver, the controllers and the units.
class Launch {
public:
  Launch(const PimConfig &cfg, const Geometry &g, const Kernel &k,
         DimmData &dimms)
      : cfg(cfg), o(cfg.dram.org), t(cfg.dram.timing), u(cfg.units), g(g), k(k),
        dimms(dimms) {}

  LaunchStats run(const Tensor &q, const Tensor &keys, const Tensor &values,
                  const Tensor &lengths, Tensor &out,
                  std::vector<std::vector<TimedCommand>> *traces);
  /// Timing only: per sequence, the tokens already written.
  std::vector<uint32_t> *timingOnly = nullptr;

private:
  uint16_t half(const Tensor &x, size_t i) const {
    return x.dtype() == DType::F16 ? x.data<uint16_t>()[i]
                                   : floatToHalf(x.data<float>()[i]);
  }
  /// fp16 of element e of token t of pair p in a [B, Hkv, C, d] cache.
  uint16_t cacheHalf(const Tensor &x, unsigned p, unsigned tok,
                     unsigned e) const {
    return half(x, (size_t(p) * capacity + tok) * g.headDim + e);
  }
  uint8_t *bytesAt(unsigned ch, unsigned rank, unsigned chip, unsigned bank,
                   uint32_t row, uint32_t column, bool create) {
    uint8_t *r = dimms.row(ch, rank, chip, bank, row, create);
    return r ? r + size_t(column) * o.chipWidth / 8 : nullptr;
  }
  /// One burst of lane `lane` at (bank, row, column), as the unit that
  /// computes on it sees it: a chip's bytes (hybrid) or a whole rank burst
  /// reassembled from the standard interleave (naive: each chip holds its
  /// DQ bits of every beat). Unwritten rows read as zeros.
  void readBurst(unsigned ch, unsigned rank, unsigned lane, unsigned bank,
                 uint32_t row, uint32_t column, uint8_t *out);
  void writeBurst(unsigned ch, unsigned rank, unsigned lane, unsigned bank,
                  uint32_t row, uint32_t column, const uint8_t *in);
  void planWrites(LaunchStats &st);
  /// One MAC step of one unit (a bank PU, or the naive layout's rank PU) on
  /// the E elements of a burst: the q.k partial of a token or its s.v term.
  /// `lane` indexes the unit's registers, `chip` its q registers.
  void unitStep(RankUnits &ru, size_t lane, unsigned chip, const MacArg &a,
                const uint16_t *elems) const;
  /// The statistics execute() would count, without the work.
  void countOnly(const Command &c, LaunchStats &st) const;
  void execute(unsigned ch, RankUnits &ru, const Command &c, const Tag &tag,
               uint64_t at, LaunchStats &st);
  uint64_t ready(const RankUnits &ru, const Command &c) const;
  void notePhase(LaunchStats &st, unsigned ch, unsigned rank, const Command &c,
                 const Tag &tag, uint64_t at);
  std::vector<int> openPhase; // per (channel, rank): index in st.phases
  void retire(RankUnits &ru, const Command &c, uint64_t at);
  RankUnits &units(unsigned ch, unsigned rank) {
    return rankUnits[size_t(ch) * o.ranksPerChannel() + rank];
  }

  const PimConfig &cfg;
  const DramOrg &o;
  const DramTimings &t;
  const PimUnits &u;
  const Geometry &g;
  const Kernel &k;
  DimmData &dimms;
  const Tensor *qIn = nullptr, *kIn = nullptr, *vIn = nullptr;
  std::vector<uint32_t> lens;
  unsigned capacity = 0;
  std::vector<RankUnits> rankUnits;
  // Per (channel, rank) queue; the stream of the kernel for that rank.
  std::vector<Queue> queues;
};

void Launch::readBurst(unsigned ch, unsigned rank, unsigned lane, unsigned bank,
                       uint32_t row, uint32_t column, uint8_t *out) {
  if (!g.naive) {
    const uint8_t *src = bytesAt(ch, rank, lane, bank, row, column, false);
    if (src)
      std::memcpy(out, src, g.chipBurstBytes);
    else
      std::memset(out, 0, g.chipBurstBytes);
    return;
  }
  const unsigned chips = g.physicalChips, w = g.physicalChipWidth;
  const unsigned beatBits = chips * w;
  std::memset(out, 0, g.chipBurstBytes);
  for (unsigned c = 0; c < chips; ++c) {
    const uint8_t *src = bytesAt(ch, rank, c, bank, row, column, false);
    if (!src)
      continue;
    for (unsigned beat = 0; beat < o.burstLength; ++beat)
      for (unsigned bit = 0; bit < w; ++bit) {
        unsigned from = beat * w + bit, to = beat * beatBits + c * w + bit;
        if ((src[from / 8] >> (from % 8)) & 1)
          out[to / 8] |= uint8_t(1u << (to % 8));
      }
  }
}

void Launch::writeBurst(unsigned ch, unsigned rank, unsigned lane,
                        unsigned bank, uint32_t row, uint32_t column,
                        const uint8_t *in) {
  if (!g.naive) {
    std::memcpy(bytesAt(ch, rank, lane, bank, row, column, true), in,
                g.chipBurstBytes);
    return;
  }
  const unsigned chips = g.physicalChips, w = g.physicalChipWidth;
  const unsigned beatBits = chips * w;
  for (unsigned c = 0; c < chips; ++c) {
    uint8_t *dst = bytesAt(ch, rank, c, bank, row, column, true);
    std::memset(dst, 0, o.chipBurstBytes());
    for (unsigned beat = 0; beat < o.burstLength; ++beat)
      for (unsigned bit = 0; bit < w; ++bit) {
        unsigned to = beat * w + bit, from = beat * beatBits + c * w + bit;
        if ((in[from / 8] >> (from % 8)) & 1)
          dst[to / 8] |= uint8_t(1u << (to % 8));
      }
  }
}

void Launch::planWrites(LaunchStats &st) {
  // A token is written when any sequence of its group lacks it in the
  // DIMMs (the usual case: the one new token); the others are resident.
  const unsigned E = g.elemsPerBurst;
  for (unsigned grp = 0; grp < g.groups; ++grp) {
    unsigned maxLen = 0;
    for (unsigned c = 0; c < g.chips; ++c) {
      unsigned p = grp * g.chips + c;
      if (p < g.pairs)
        maxLen = std::max(maxLen, lens[p / g.kvHeads]);
    }
    // Timing only: tokens below every sequence's resident length are
    // resident, so the scan starts at the shortest of them.
    unsigned firstTok = 0;
    if (timingOnly) {
      firstTok = maxLen;
      for (unsigned c = 0; c < g.chips; ++c) {
        unsigned p = grp * g.chips + c;
        if (p < g.pairs)
          firstTok = std::min(firstTok, (*timingOnly)[p / g.kvHeads]);
      }
      st.tokensResident += firstTok;
    }
    for (unsigned tok = firstTok; tok < maxLen; ++tok) {
      bool missing = false;
      if (timingOnly) {
        for (unsigned c = 0; c < g.chips; ++c) {
          unsigned p = grp * g.chips + c, seq = p / g.kvHeads;
          missing |=
              p < g.pairs && tok < lens[seq] && tok >= (*timingOnly)[seq];
        }
      } else
        for (unsigned c = 0; c < g.chips && !missing; ++c) {
          unsigned p = grp * g.chips + c;
          if (p >= g.pairs || tok >= lens[p / g.kvHeads])
            continue;
          Geometry::TokenAddr a = g.token(p, tok, o.banksPerGroup);
          unsigned bank = a.bankGroup * o.banksPerGroup + a.bank;
          uint8_t burst[128];
          for (unsigned kv = 0; kv < 2 && !missing; ++kv) {
            const Tensor &src = kv ? *vIn : *kIn;
            uint32_t row = kv ? a.valueRow : a.keyRow;
            if (!dimms.row(a.channel, a.rank, g.naive ? 0 : c, bank, row,
                           false)) {
              missing = true; // never written
              break;
            }
            for (unsigned b = 0; b < g.burstsPerVector && !missing; ++b) {
              readBurst(a.channel, a.rank, c, bank, row,
                        a.column + b * g.burstLength, burst);
              for (unsigned e = 0; e < E && !missing; ++e) {
                uint16_t have;
                std::memcpy(&have, burst + e * 2, 2);
                missing = have != cacheHalf(src, p, tok, b * E + e);
              }
            }
          }
        }
      if (!missing) {
        ++st.tokensResident;
        continue;
      }
      ++st.tokensAppended;
      std::vector<Command> cmds;
      appendTokenCommands(g, grp, tok, o.banksPerGroup, cmds);
      Geometry::TokenAddr a = g.token(grp * g.chips, tok, o.banksPerGroup);
      Queue &qu = queues[size_t(a.channel) * o.ranksPerChannel() + a.rank];
      unsigned wr = 0;
      for (const Command &c : cmds) {
        Tag tag;
        tag.group = grp;
        if (c.op == Opcode::Wr) {
          tag.token = static_cast<int32_t>(tok);
          tag.value = wr >= g.burstsPerVector ? 1 : 0;
          tag.burst = static_cast<uint8_t>(wr % g.burstsPerVector);
          ++wr;
        }
        qu.writes.push_back(c);
        qu.writeTags.push_back(tag);
      }
    }
  }
}

void Launch::countOnly(const Command &c, LaunchStats &st) const {
  switch (c.op) {
  case Opcode::Wr:
  case Opcode::Cfg:
  case Opcode::WrQ:
    st.bytesToPim += o.burstBytes();
    break;
  case Opcode::RdOut:
    st.bytesFromPim += o.burstBytes();
    break;
  case Opcode::Mac:
    st.bankReads += g.banks;
    st.macs += uint64_t(g.chips) * g.banks * g.elemsPerBurst * g.group;
    break;
  case Opcode::RdPu:
    st.bankReads += 1;
    st.macs += uint64_t(g.elemsPerBurst) * g.group;
    st.internalBytes += g.chipBurstBytes;
    break;
  case Opcode::RdRes:
  case Opcode::WrP:
    st.internalBytes += uint64_t(g.chips) * g.chipBurstBytes;
    break;
  case Opcode::Rpu:
    if (c.arg == uint32_t(RpuOp::Softmax))
      st.exps += uint64_t(g.chips) * g.group * g.chunkTokens;
    else if (c.arg == uint32_t(RpuOp::Merge))
      st.mergeOps += uint64_t(g.chips) * g.group * (g.headDim + 2);
    break;
  default:
    break;
  }
}

void Launch::unitStep(RankUnits &ru, size_t lane, unsigned chip,
                      const MacArg &a, const uint16_t *elems) const {
  const unsigned E = g.elemsPerBurst, G = g.group, T = g.chunkTokens,
                 D = g.headDim;
  for (unsigned qi = 0; qi < G; ++qi) {
    if (!a.sv) {
      float &acc = ru.scores[(lane * G + qi) * T + a.token];
      // Burst 0 of a token starts its dot product.
      acc = bankDot(a.burst == 0 ? 0.0f : acc,
                    &ru.q[(size_t(chip) * G + qi) * D + a.burst * E], elems, E);
    } else {
      float *acc = &ru.out[(lane * G + qi) * D + a.burst * E];
      // Token 0 of a chunk starts its sums.
      if (a.token == 0)
        std::fill(acc, acc + E, 0.0f);
      size_t pi = (lane * G + qi) * T + a.token;
      if (ru.valid[pi])
        bankAxpy(acc, ru.prob[pi], elems, E);
    }
  }
}

/// The phase a command belongs to, for traces: ACT/PRE continue the phase
/// they serve.
static const char *phaseOf(const Command &c, const Tag &tag) {
  switch (c.op) {
  case Opcode::Wr:
    return "write KV";
  case Opcode::Cfg:
  case Opcode::WrQ:
    return (c.op == Opcode::Cfg && decodeCfgArg(c.arg).round) ? nullptr
                                                              : "setup";
  case Opcode::Mac:
  case Opcode::RdPu:
    return decodeMacArg(c.arg).sv ? "s.v" : "q.k";
  case Opcode::WrP:
    return "softmax";
  case Opcode::RdRes:
    return decodeRdResArg(c.arg).outputs ? "merge" : "softmax";
  case Opcode::Rpu:
    return c.arg == uint32_t(RpuOp::Softmax) ? "softmax"
           : c.arg == uint32_t(RpuOp::Merge) ? "merge"
                                             : "setup";
  case Opcode::RdOut:
    return "read out";
  default:
    return tag.token >= 0 ? "write KV" : nullptr;
  }
}

void Launch::notePhase(LaunchStats &st, unsigned ch, unsigned rank,
                       const Command &c, const Tag &tag, uint64_t at) {
  int &open = openPhase[size_t(ch) * o.ranksPerChannel() + rank];
  const char *name = phaseOf(c, tag);
  if (name && (open < 0 || st.phases[open].name != name)) {
    st.phases.push_back({ch, rank, name, at, at + 1});
    open = static_cast<int>(st.phases.size() - 1);
  } else if (open >= 0) {
    st.phases[open].end = at + 1;
  }
}

uint64_t Launch::ready(const RankUnits &ru, const Command &c) const {
  switch (c.op) {
  case Opcode::Mac:
  case Opcode::RdPu:
    return std::max(decodeMacArg(c.arg).sv ? ru.pReady : ru.qReady, ru.macFree);
  case Opcode::RdRes:
    return std::max(ru.accReady, ru.internalBusFree);
  case Opcode::Rpu:
    return std::max(ru.stagedReady, ru.rankPuFree);
  case Opcode::WrP:
    return std::max(ru.rankPuFree, ru.internalBusFree);
  case Opcode::RdOut:
    return ru.rankPuFree;
  default:
    return 0;
  }
}

void Launch::retire(RankUnits &ru, const Command &c, uint64_t at) {
  const uint64_t burst = t.burst;
  switch (c.op) {
  case Opcode::WrQ:
    ru.qReady = std::max(ru.qReady, at + t.cwl + burst);
    break;
  case Opcode::Mac:
  case Opcode::RdPu: {
    // The MACs on the burst (bank PUs, or the naive layout's rank PU); the
    // read-back (hybrid) or the rank PU's softmax and merge (naive) wait
    // for the data of the last one.
    uint64_t work = uint64_t(g.elemsPerBurst) * g.group;
    uint64_t perCycle =
        c.op == Opcode::Mac ? u.bankMacsPerCycle : u.rankMacsPerCycle;
    ru.macFree = at + (work + perCycle - 1) / perCycle;
    uint64_t &ready = c.op == Opcode::Mac ? ru.accReady : ru.stagedReady;
    ready = std::max(ready, at + t.cl + burst + u.bankPipelineCycles);
    break;
  }
  case Opcode::RdRes:
  case Opcode::WrP:
    ru.internalBusFree = at + burst;
    if (c.op == Opcode::RdRes)
      ru.stagedReady = std::max(ru.stagedReady, at + burst);
    else
      ru.pReady = std::max(ru.pReady, at + burst);
    break;
  case Opcode::Rpu: {
    uint64_t elems = c.arg == uint32_t(RpuOp::Softmax)
                         ? uint64_t(g.chips) * g.group * g.chunkTokens
                     : c.arg == uint32_t(RpuOp::Merge)
                         ? uint64_t(g.chips) * g.group * (g.headDim + 2)
                         : 0;
    uint64_t per = c.arg == uint32_t(RpuOp::Softmax) ? u.rankExpPerCycle
                                                     : u.rankOpsPerCycle;
    ru.rankPuFree = at + 1 + (elems + per - 1) / per;
    if (g.naive && c.arg == uint32_t(RpuOp::Softmax))
      ru.pReady = std::max(ru.pReady, ru.rankPuFree); // p stays in the PU
    break;
  }
  default:
    break;
  }
}

void Launch::execute(unsigned ch, RankUnits &ru, const Command &c,
                     const Tag &tag, uint64_t at, LaunchStats &st) {
  (void)at;
  countOnly(c, st); // the hardware's work, whatever the data
  const unsigned E = g.elemsPerBurst, G = g.group, T = g.chunkTokens,
                 D = g.headDim, B = g.banks, cb = g.chipBurstBytes,
                 PB = o.banksPerRank();
  auto pairOf = [&](unsigned chip) { return tag.group * g.chips + chip; };
  auto bankIndex = [&](const Command &x) {
    return unsigned(x.bankGroup) * o.banksPerGroup + x.bank;
  };
  switch (c.op) {
  case Opcode::Act: {
    unsigned bank = bankIndex(c);
    ru.openRow[bank] = c.row;
    // The open row of every chip, looked up once (MACs read it often).
    if (!g.naive)
      for (unsigned chip = 0; chip < g.chips; ++chip)
        ru.openData[size_t(chip) * PB + bank] =
            dimms.row(ch, c.rank, chip, bank, c.row, false);
    break;
  }
  case Opcode::Pre:
    ru.openRow[bankIndex(c)] = -1;
    break;
  case Opcode::PreA:
    std::fill(ru.openRow.begin(), ru.openRow.end(), -1);
    break;
  case Opcode::Wr: {
    // A token's burst: each chip's lane carries E elements of its pair's
    // vector (the rank PU's hybrid re-layout); lanes without new data are
    // masked (DM).
    if (tag.token < 0)
      break;
    const Tensor &src = tag.value ? *vIn : *kIn;
    const uint32_t row = static_cast<uint32_t>(ru.openRow[bankIndex(c)]);
    for (unsigned chip = 0; chip < g.chips; ++chip) {
      unsigned p = pairOf(chip);
      if (p >= g.pairs || unsigned(tag.token) >= lens[p / g.kvHeads])
        continue;
      uint8_t payload[128];
      for (unsigned e = 0; e < E; ++e) {
        uint16_t h = cacheHalf(src, p, tag.token, tag.burst * E + e);
        std::memcpy(payload + e * 2, &h, 2);
      }
      writeBurst(ch, c.rank, chip, bankIndex(c), row, c.column, payload);
      if (!g.naive)
        ru.openData[size_t(chip) * PB + bankIndex(c)] =
            dimms.row(ch, c.rank, chip, bankIndex(c), row, false);
    }
    break;
  }
  case Opcode::Cfg:
    if (decodeCfgArg(c.arg).round) {
      ru.roundChunk = decodeCfgArg(c.arg).firstChunk;
    } else {
      for (unsigned chip = 0; chip < g.chips; ++chip) {
        unsigned p = pairOf(chip);
        ru.length[chip] = p < g.pairs ? lens[p / g.kvHeads] : 0;
      }
    }
    break;
  case Opcode::WrQ: {
    const WrQArg a = decodeWrQArg(c.arg);
    unsigned qi = a.query, b = a.burst;
    for (unsigned chip = 0; chip < g.chips; ++chip) {
      unsigned p = pairOf(chip);
      if (p >= g.pairs)
        continue;
      unsigned seq = p / g.kvHeads, head = (p % g.kvHeads) * G + qi;
      size_t src = (size_t(seq) * g.kvHeads * G + head) * D + b * E;
      for (unsigned e = 0; e < E; ++e)
        ru.q[(size_t(chip) * G + qi) * D + b * E + e] = half(*qIn, src + e);
    }
    break;
  }
  case Opcode::Mac: {
    const MacArg a = decodeMacArg(c.arg);
    uint16_t elems[64];
    for (unsigned chip = 0; chip < g.chips; ++chip) {
      if (pairOf(chip) >= g.pairs)
        continue; // an idle lane: nothing it computes is read
      for (unsigned bank = 0; bank < B; ++bank) {
        // A bank whose chunk starts past the chip's sequence computes on
        // stale data that nothing reads: skipping it changes no result.
        uint64_t chunk = ru.roundChunk + uint64_t(g.spread) * bank;
        if (chunk * T >= ru.length[chip])
          continue;
        const uint8_t *row = ru.openData[size_t(chip) * PB + bank];
        const uint8_t *src =
            row ? row + size_t(c.column) * o.chipWidth / 8 : nullptr;
        if (src)
          std::memcpy(elems, src, cb);
        else
          std::memset(elems, 0, cb);
        unitStep(ru, size_t(chip) * B + bank, chip, a, elems);
      }
    }
    break;
  }
  case Opcode::RdPu: {
    // Naive layout: the rank PU computes on the whole burst of slot
    // (bank group) k, with the bank PUs' arithmetic.
    const MacArg a = decodeMacArg(c.arg);
    unsigned slot = c.bankGroup;
    uint64_t chunk = ru.roundChunk + uint64_t(g.spread) * slot;
    if (pairOf(0) >= g.pairs || chunk * T >= ru.length[0])
      break;
    uint16_t elems[64];
    readBurst(ch, c.rank, 0, bankIndex(c),
              static_cast<uint32_t>(ru.openRow[bankIndex(c)]), c.column,
              reinterpret_cast<uint8_t *>(elems));
    unitStep(ru, slot, 0, a, elems);
    break;
  }
  case Opcode::RdRes: {
    const RdResArg a = decodeRdResArg(c.arg);
    unsigned bank = bankIndex(c), b = a.burst;
    bool outs = a.outputs;
    size_t per = outs ? size_t(G) * D : size_t(G) * T;
    size_t first = size_t(b) * cb / 4,
           n = std::min<size_t>(cb / 4, per - first);
    for (unsigned chip = 0; chip < g.chips; ++chip) {
      size_t lane = (size_t(chip) * B + bank) * per;
      const float *src = outs ? &ru.out[lane] : &ru.scores[lane];
      float *dst = outs ? &ru.stageOut[lane] : &ru.stageScores[lane];
      std::copy(src + first, src + first + n, dst + first);
    }
    break;
  }
  case Opcode::WrP: {
    unsigned bank = bankIndex(c);
    size_t per = size_t(G) * T;
    size_t first = size_t(c.arg) * cb / 2,
           n = std::min<size_t>(cb / 2, per - first);
    for (unsigned chip = 0; chip < g.chips; ++chip) {
      size_t lane = (size_t(chip) * B + bank) * per;
      unsigned cnt = ru.count[size_t(chip) * B + bank];
      for (size_t i = first; i < first + n; ++i) {
        ru.prob[lane + i] = ru.stageProb[lane + i];
        ru.valid[lane + i] = (i % T) < cnt;
      }
    }
    break;
  }
  case Opcode::Rpu: {
    if (c.arg == uint32_t(RpuOp::Reset)) {
      for (ChunkPartial &p : ru.running) {
        p = ChunkPartial();
        p.o.assign(D, 0.0f);
      }
      break;
    }
    // The chunk's slot: its bank (hybrid) or bank group (naive).
    unsigned bank = g.naive ? c.bankGroup : bankIndex(c);
    uint64_t chunk = ru.roundChunk + uint64_t(g.spread) * bank;
    std::vector<float> pf(T);
    for (unsigned chip = 0; chip < g.chips; ++chip) {
      size_t lane = size_t(chip) * B + bank;
      if (g.naive) {
        // The rank PU's own registers: nothing travels.
        if (c.arg == uint32_t(RpuOp::Softmax))
          std::copy(&ru.scores[lane * G * T], &ru.scores[(lane + 1) * G * T],
                    &ru.stageScores[lane * G * T]);
        else
          std::copy(&ru.out[lane * G * D], &ru.out[(lane + 1) * G * D],
                    &ru.stageOut[lane * G * D]);
      }
      if (c.arg == uint32_t(RpuOp::Softmax)) {
        uint64_t start = chunk * T, len = ru.length[chip];
        unsigned cnt =
            len > start
                ? static_cast<unsigned>(std::min<uint64_t>(T, len - start))
                : 0;
        ru.count[lane] = cnt;
        if (!cnt)
          continue;
        for (unsigned qi = 0; qi < G; ++qi) {
          size_t at = (lane * G + qi) * T;
          float l = 0;
          ru.chunkM[lane * G + qi] =
              chunkSoftmax(&ru.stageScores[at], cnt, k.plan.scale, pf.data(),
                           &ru.stageProb[at], l);
          ru.chunkL[lane * G + qi] = l;
          std::fill(&ru.stageProb[at] + cnt, &ru.stageProb[at] + T, 0);
          if (g.naive)
            for (unsigned t = 0; t < T; ++t) {
              ru.prob[at + t] = ru.stageProb[at + t];
              ru.valid[at + t] = t < cnt;
            }
        }
      } else {
        unsigned cnt = ru.count[lane];
        if (!cnt)
          continue;
        for (unsigned qi = 0; qi < G; ++qi) {
          ChunkPartial part;
          part.empty = false;
          part.m = ru.chunkM[lane * G + qi];
          part.l = ru.chunkL[lane * G + qi];
          const float *o0 = &ru.stageOut[(lane * G + qi) * D];
          part.o.assign(o0, o0 + D);
          mergePartial(ru.running[size_t(chip) * G + qi], part);
        }
      }
    }
    break;
  }
  case Opcode::RdOut:
    break;
  default:
    break;
  }
}

LaunchStats Launch::run(const Tensor &q, const Tensor &keys,
                        const Tensor &values, const Tensor &lengths,
                        Tensor &out,
                        std::vector<std::vector<TimedCommand>> *traces) {
  LaunchStats st;
  qIn = &q;
  kIn = &keys;
  vIn = &values;
  capacity = k.plan.capacity;
  const unsigned B = g.banks, G = g.group, T = g.chunkTokens, D = g.headDim;
  lens.resize(g.batch);
  for (unsigned b = 0; b < g.batch; ++b) {
    int64_t n = lengths.data<int64_t>()[b];
    if (n < 1 || n > int64_t(capacity))
      fail("dimm-pim: sequence ", b, " has length ", n, "; it must be 1..",
           capacity, " (the cache capacity)");
    lens[b] = static_cast<uint32_t>(n);
  }
  const unsigned R = o.ranksPerChannel();
  rankUnits.resize(size_t(o.channels) * R);
  queues.resize(size_t(o.channels) * R);
  openPhase.assign(queues.size(), -1);
  planWrites(st);
  // The kernel's blocks whose guards pass.
  std::vector<uint32_t> groupLen(g.groups, 0);
  for (unsigned p = 0; p < g.pairs; ++p)
    groupLen[p / g.chips] =
        std::max(groupLen[p / g.chips], lens[p / g.kvHeads]);
  for (Queue &qu : queues)
    if (!qu.writes.empty())
      qu.pieces.push_back(
          {qu.writes.data(), qu.writeTags.data(), qu.writes.size(), Tag()});
  for (const KernelStream &s : k.streams) {
    Queue &qu = queues[size_t(s.channel) * R + s.rank];
    for (const KernelBlock &blk : s.blocks) {
      if (!blk.count ||
          (blk.kind == uint32_t(BlockKind::Round) &&
           uint64_t(groupLen[blk.group]) <= uint64_t(blk.chunk) * T))
        continue;
      Tag tag;
      tag.group = blk.group;
      qu.pieces.push_back({&s.commands[blk.first], nullptr, blk.count, tag});
    }
  }
  // Units of the ranks that work.
  for (unsigned idx = 0; idx < queues.size(); ++idx) {
    if (queues[idx].empty())
      continue;
    RankUnits &ru = rankUnits[idx];
    ++st.ranksUsed;
    if (timingOnly)
      continue; // no registers needed
    size_t lanes = size_t(g.chips) * B;
    ru.q.assign(size_t(g.chips) * G * D, 0);
    ru.scores.assign(lanes * G * T, 0.0f);
    ru.prob.assign(lanes * G * T, 0);
    ru.valid.assign(lanes * G * T, 0);
    ru.out.assign(lanes * G * D, 0.0f);
    ru.openRow.assign(o.banksPerRank(), -1);
    ru.openData.assign(size_t(g.chips) * o.banksPerRank(), nullptr);
    ru.length.assign(g.chips, 0);
    ru.stageScores.assign(lanes * G * T, 0.0f);
    ru.stageOut.assign(lanes * G * D, 0.0f);
    ru.stageProb.assign(lanes * G * T, 0);
    ru.count.assign(lanes, 0);
    ru.chunkM.assign(lanes * G, 0.0f);
    ru.chunkL.assign(lanes * G, 0.0f);
    ru.running.assign(size_t(g.chips) * G, ChunkPartial());
    for (ChunkPartial &p : ru.running)
      p.o.assign(D, 0.0f);
  }
  // Each channel's controller: per-rank in-order queues, the head that can
  // issue first goes first (ties: the lower rank).
  if (traces)
    traces->assign(o.channels, {});
  for (unsigned ch = 0; ch < o.channels; ++ch) {
    bool any = false;
    for (unsigned r = 0; r < R; ++r)
      any |= !queues[size_t(ch) * R + r].empty();
    if (!any)
      continue;
    ++st.channelsUsed;
    ChannelTiming timing(cfg.dram, ch, true, traces ? &(*traces)[ch] : nullptr);
    uint64_t index = 0;
    // Each queue's head has a lower bound of the cycle it can issue at
    // (constraints and unit readiness only ever move later); the head with
    // the smallest bound is recomputed, and issued once its exact cycle is
    // still the smallest: the same choice as recomputing every head, with
    // far fewer recomputations.
    std::vector<uint64_t> bound(R, 0), readyAt(R, 0);
    std::vector<char> exact(R, 0);
    for (;;) {
      int best = -1;
      for (unsigned r = 0; r < R; ++r) {
        const Queue &qu = queues[size_t(ch) * R + r];
        if (!qu.done() && (best < 0 || bound[r] < bound[best]))
          best = static_cast<int>(r);
      }
      if (best < 0)
        break;
      Queue &qu = queues[size_t(ch) * R + best];
      const Command &c = qu.head();
      RankUnits &ru = units(ch, best);
      if (!exact[best]) {
        readyAt[best] = ready(ru, c);
        bound[best] = std::max(timing.earliestCycle(c), readyAt[best]);
        exact[best] = 1;
        continue;
      }
      uint64_t at = timing.issue(c, index++, readyAt[best]);
      const Tag &tag = qu.headTag();
      notePhase(st, ch, best, c, tag, at);
      if (!timingOnly)
        execute(ch, ru, c, tag, at, st);
      else
        countOnly(c, st);
      retire(ru, c, at);
      qu.advance();
      std::fill(exact.begin(), exact.end(), 0);
      bound[best] = at;
    }
    const ChannelStats &cs = timing.finish();
    st.cycles = std::max(st.cycles, cs.cycles);
    for (unsigned i = 0; i < kNumOpcodes; ++i)
      st.commands[i] += cs.commands[i];
    for (unsigned i = 0; i < kNumConstraints; ++i)
      st.stallCycles[i] += cs.stallCycles[i];
    st.insertedRefreshes += cs.insertedRefreshes;
    st.dataBusCycles += cs.dataBusCycles;
    st.dramEnergyPj += cs.energyPj();
    for (const RankActivity &a : cs.ranks)
      st.dramBackgroundPj += a.backgroundEnergyPj;
  }
  st.seconds = st.cycles * t.tckNs * 1e-9;
  st.bankPuEnergyPj = st.macs * u.bankMacPj + double(st.bankReads) *
                                                  o.burstBytes() * 8 *
                                                  u.bankReadPjPerBit;
  st.rankPuEnergyPj = st.exps * u.rankExpPj + st.mergeOps * u.rankOpPj;
  st.bufferEnergyPj = st.internalBytes * u.bufferBytePj;

  if (timingOnly) {
    for (unsigned b = 0; b < g.batch; ++b)
      (*timingOnly)[b] = std::max((*timingOnly)[b], lens[b]);
    return st;
  }
  // The host merges the ranks' partials in rank order and normalises.
  float *dst = out.data<float>();
  for (unsigned p = 0; p < g.pairs; ++p) {
    unsigned grp = p / g.chips, chip = p % g.chips;
    unsigned seq = p / g.kvHeads, kvh = p % g.kvHeads;
    for (unsigned qi = 0; qi < G; ++qi) {
      ChunkPartial total;
      total.o.assign(D, 0.0f);
      for (unsigned i = 0; i < g.spread; ++i) {
        Geometry::RankRef r = g.rankOf(grp, i);
        const RankUnits &ru = units(r.channel, r.rank);
        if (ru.running.empty())
          continue;
        mergePartial(total, ru.running[size_t(chip) * G + qi]);
      }
      size_t head = size_t(seq) * g.kvHeads * G + kvh * G + qi;
      finishPartial(total, dst + head * D);
    }
  }
  return st;
}

} // namespace

LaunchStats Machine::time(const std::vector<int64_t> &lengths) {
  if (lengths.size() != geo_.batch)
    fail("dimm-pim: ", lengths.size(), " lengths for a batch of ", geo_.batch);
  Tensor len(DType::I64, {int64_t(lengths.size())});
  std::copy(lengths.begin(), lengths.end(), len.data<int64_t>());
  state_->timedLengths.resize(geo_.batch, 0);
  Tensor none;
  Launch launch(cfg_, geo_, kernel_, state_->dimms);
  launch.timingOnly = &state_->timedLengths;
  return launch.run(none, none, none, len, none, nullptr);
}

LaunchStats Machine::run(const Tensor &q, const Tensor &keys,
                         const Tensor &values, const Tensor &lengths,
                         Tensor &out,
                         std::vector<std::vector<TimedCommand>> *traces) {
  Launch launch(cfg_, geo_, kernel_, state_->dimms);
  return launch.run(q, keys, values, lengths, out, traces);
}

json LaunchStats::phasesJson() const {
  json out = json::array();
  for (const Phase &p : phases)
    out.push_back({p.channel, p.rank, p.name, p.start, p.end});
  return out;
}

json LaunchStats::toJson(const PimConfig &cfg) const {
  json commandsJson = json::object();
  for (unsigned i = 0; i < kNumOpcodes; ++i)
    if (commands[i])
      if (const char *n = opcodeName(static_cast<Opcode>(i)))
        commandsJson[n] = commands[i];
  json stalls = json::object();
  for (unsigned i = 1; i < kNumConstraints; ++i)
    if (stallCycles[i])
      stalls[constraintName(static_cast<Constraint>(i))] = stallCycles[i];
  uint64_t total = 0;
  for (uint64_t c : commands)
    total += c;
  // Bank-array bytes the MACs read against the peak of the ranks used
  // (every bank a burst per tCCD_L).
  const DramOrg &o = cfg.dram.org;
  double readBytes = double(bankReads) * o.burstBytes();
  double peak = cycles && ranksUsed
                    ? double(ranksUsed) * o.banksPerRank() * o.burstBytes() *
                          cycles / cfg.dram.timing.ccdL
                    : 0;
  return {{"cycles", cycles},
          {"seconds", seconds},
          {"commands", total},
          {"commands_by_opcode", commandsJson},
          {"stall_cycles", stalls},
          {"refreshes_inserted", insertedRefreshes},
          {"channels_used", channelsUsed},
          {"ranks_used", ranksUsed},
          {"data_bus_cycles", dataBusCycles},
          {"tck_ns", cfg.dram.timing.tckNs},
          {"phases", phasesJson()},
          {"bytes_to_pim", bytesToPim},
          {"bytes_from_pim", bytesFromPim},
          {"tokens_appended", tokensAppended},
          {"tokens_resident", tokensResident},
          {"macs", macs},
          {"exps", exps},
          {"internal_read_bytes", readBytes},
          {"internal_bandwidth_utilisation", peak > 0 ? readBytes / peak : 0.0},
          {"energy_pj",
           {{"dram", dramEnergyPj},
            {"dram_background", dramBackgroundPj},
            {"bank_pu", bankPuEnergyPj},
            {"rank_pu", rankPuEnergyPj},
            {"buffers", bufferEnergyPj},
            {"total", dramEnergyPj + bankPuEnergyPj + rankPuEnergyPj +
                          bufferEnergyPj}}}};
}

} // namespace kiln::rt::pim
