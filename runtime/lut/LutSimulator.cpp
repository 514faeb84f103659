//===- LutSimulator.cpp - LUT-TC functional, timing and energy model
//-------===//
//
// One CoreSim executes one core's stream: the functional semantics of
// docs/isa/lut-tc.md on the core's SMEM, table buffers and accumulator
// tiles, and beside it the timing model (in-order issue, one DMA engine,
// one precompute unit, one epilogue unit and `arrays` LUT arrays per core,
// operand readiness per 64-byte line) and the event counts the energy model
// prices. Cores only share DRAM, and their DRAM bandwidth is a static equal
// share, so they are simulated independently (in parallel) and merged in
// core order, which keeps results independent of the thread count.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/LutSimulator.h"

#include "kiln/rt/DType.h"
#include "kiln/rt/Error.h"
#include "kiln/rt/Kernel.h"

#include <algorithm>
#include <cmath>
#include <deque>
#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>

namespace kiln::rt::lut {

using json = nlohmann::json;

std::vector<Slot> slotsOf(const std::vector<const Tensor *> &inputs,
                          const std::vector<Tensor *> &outputs,
                          const std::vector<std::string> &names) {
  std::vector<Slot> slots;
  for (size_t i = 0; i < inputs.size() + outputs.size(); ++i) {
    Slot s;
    bool isInput = i < inputs.size();
    const Tensor *t = isInput ? inputs[i] : outputs[i - inputs.size()];
    if (t) {
      s.data = static_cast<const uint8_t *>(t->raw());
      s.bytes = t->bytes();
      if (!isInput)
        s.writable = static_cast<uint8_t *>(outputs[i - inputs.size()]->raw());
    }
    s.name = i < names.size()
                 ? names[i]
                 : (isInput ? "input " + std::to_string(i)
                            : "output " + std::to_string(i - inputs.size()));
    slots.push_back(std::move(s));
  }
  return slots;
}

//===----------------------------------------------------------------------===//
// The epilogue's exact fold
//===----------------------------------------------------------------------===//

namespace {

/// f = m * 2^e with m odd (or m = 0), |m| < 2^24.
struct Dyadic {
  int64_t m = 0;
  int e = 0;
};
Dyadic split(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  int exp = static_cast<int>((b >> 23) & 0xFF);
  int64_t m = b & 0x7FFFFF;
  int e = -149;
  if (exp) {
    m |= 0x800000;
    e = exp - 150;
  }
  if (m == 0)
    return {};
  int tz = __builtin_ctzll(static_cast<uint64_t>(m));
  m >>= tz;
  e += tz;
  return {(b >> 31) ? -m : m, e};
}

using u128 = unsigned __int128;

/// An unsigned integer of 8 x 64 bits, for the exact fold's rare operands
/// whose exponents are too far apart for 128 bits.
struct Wide {
  static constexpr int kLimbs = 8;
  uint64_t l[kLimbs] = {};

  static Wide shifted(u128 v, unsigned s) {
    Wide w;
    w.l[0] = static_cast<uint64_t>(v);
    w.l[1] = static_cast<uint64_t>(v >> 64);
    w.shl(s);
    return w;
  }
  void shl(unsigned s) {
    unsigned limbs = s / 64, bits = s % 64;
    for (int i = kLimbs - 1; i >= 0; --i) {
      uint64_t v = 0;
      int src = i - static_cast<int>(limbs);
      if (src >= 0) {
        v = l[src] << bits;
        if (bits && src > 0)
          v |= l[src - 1] >> (64 - bits);
      }
      l[i] = v;
    }
  }
  int compare(const Wide &o) const {
    for (int i = kLimbs - 1; i >= 0; --i)
      if (l[i] != o.l[i])
        return l[i] < o.l[i] ? -1 : 1;
    return 0;
  }
  void add(const Wide &o) {
    u128 carry = 0;
    for (int i = 0; i < kLimbs; ++i) {
      u128 s = static_cast<u128>(l[i]) + o.l[i] + carry;
      l[i] = static_cast<uint64_t>(s);
      carry = s >> 64;
    }
  }
  void sub(const Wide &o) { // requires *this >= o
    uint64_t borrow = 0;
    for (int i = 0; i < kLimbs; ++i) {
      u128 d = static_cast<u128>(l[i]) - o.l[i] - borrow;
      l[i] = static_cast<uint64_t>(d);
      borrow = (d >> 64) ? 1 : 0;
    }
  }
  void mul(uint64_t f) {
    u128 carry = 0;
    for (int i = 0; i < kLimbs; ++i) {
      u128 p = static_cast<u128>(l[i]) * f + carry;
      l[i] = static_cast<uint64_t>(p);
      carry = p >> 64;
    }
  }
  int bitLength() const {
    for (int i = kLimbs - 1; i >= 0; --i)
      if (l[i])
        return i * 64 + 64 - __builtin_clzll(l[i]);
    return 0;
  }
  bool bit(int b) const {
    return b >= 0 && b < kLimbs * 64 && ((l[b / 64] >> (b % 64)) & 1);
  }
  /// Any bit below `b` set.
  bool anyBelow(int b) const {
    for (int i = 0; i < kLimbs && i * 64 < b; ++i) {
      int n = std::min(64, b - i * 64);
      uint64_t mask = n == 64 ? ~0ull : ((1ull << n) - 1);
      if (l[i] & mask)
        return true;
    }
    return false;
  }
  /// Bits [b, b + 25).
  uint64_t bitsFrom(int b) const {
    uint64_t v = 0;
    for (int k = 0; k < 25; ++k)
      if (bit(b + k))
        v |= 1ull << k;
    return v;
  }
};

/// q * 2^e for an integer q < 2^53, exactly (for q * 2^e in the double
/// range): a power-of-two multiply instead of a libm call on the hot path.
double scaledExact(uint64_t q, int e) {
  if (e < -1022 || e > 1023)
    return std::ldexp(static_cast<double>(q), e);
  uint64_t bits = static_cast<uint64_t>(e + 1023) << 52;
  double p2;
  std::memcpy(&p2, &bits, 8);
  return static_cast<double>(q) * p2;
}

/// Rounds magnitude * 2^exp to f32 (nearest, ties to even) given the
/// magnitude's bits from `shift` up as q, the bit below them (`half`) and
/// whether anything below that is set (`sticky`).
float roundParts(int exp, bool neg, uint64_t q, bool half, bool sticky,
                 int shift) {
  if (half && (sticky || (q & 1)))
    ++q;
  float r = static_cast<float>(scaledExact(q, exp + shift));
  return neg ? -r : r;
}

/// The shift that keeps 24 significant bits, or the bits at or above
/// 2^-149 (subnormal results).
int roundShift(int n, int exp) { return std::max(n - 24, -149 - exp); }

float roundU128(u128 mag, int exp, bool neg) {
  if (mag == 0)
    return 0.0f;
  uint64_t hi = static_cast<uint64_t>(mag >> 64);
  int n = hi ? 128 - __builtin_clzll(hi)
             : 64 - __builtin_clzll(static_cast<uint64_t>(mag));
  int shift = roundShift(n, exp);
  if (shift <= 0) {
    float r = static_cast<float>(scaledExact(static_cast<uint64_t>(mag), exp));
    return neg ? -r : r;
  }
  uint64_t q = shift >= 128 ? 0 : static_cast<uint64_t>(mag >> shift);
  bool half = shift - 1 < 128 && ((mag >> (shift - 1)) & 1);
  bool sticky = shift - 1 >= 128
                    ? false
                    : (mag & ((static_cast<u128>(1) << (shift - 1)) - 1)) != 0;
  return roundParts(exp, neg, q, half, sticky, shift);
}

float roundWide(const Wide &mag, int exp, bool neg) {
  int n = mag.bitLength();
  if (n == 0)
    return 0.0f;
  int shift = roundShift(n, exp);
  if (shift <= 0) {
    float r = static_cast<float>(scaledExact(mag.l[0], exp));
    return neg ? -r : r;
  }
  return roundParts(exp, neg, mag.bitsFrom(shift), mag.bit(shift - 1),
                    mag.anyBelow(shift - 1), shift);
}

} // namespace

float exactFold(int64_t acc, float ts, float s, float zc, float ga) {
  if (!std::isfinite(ts) || !std::isfinite(s) || !std::isfinite(zc) ||
      !std::isfinite(ga)) {
    double d = static_cast<double>(acc) + static_cast<double>(zc) * ga;
    return static_cast<float>(static_cast<double>(ts) * s * d * 0.5);
  }
  Dyadic dz = split(zc), dg = split(ga), dt = split(ts), ds = split(s);
  // S = acc + zc*ga = sumMag * 2^e0 (signed); Q = ts*s/2 = qMag * 2^eq.
  int64_t p = dz.m * dg.m; // |p| < 2^48
  int ep = dz.e + dg.e;
  int64_t q = dt.m * ds.m;
  int eq = dt.e + ds.e - 1;
  if (q == 0 || (acc == 0 && p == 0))
    return 0.0f;
  bool qNeg = q < 0;
  uint64_t qMag = static_cast<uint64_t>(qNeg ? -q : q);
  int e0 = (p == 0) ? 0 : (acc == 0 ? ep : std::min(0, ep));
  unsigned sa = static_cast<unsigned>(0 - e0);  // shift of acc
  unsigned sp = static_cast<unsigned>(ep - e0); // shift of p
  uint64_t aMag = static_cast<uint64_t>(acc < 0 ? -acc : acc);
  uint64_t pMag = static_cast<uint64_t>(p < 0 ? -p : p);
  bool aNeg = acc < 0, pNeg = p < 0;
  if ((acc == 0 || sa + 64 - __builtin_clzll(aMag | 1) <= 78) &&
      (p == 0 || sp + 48 <= 78)) {
    // Fast path: |S| < 2^79 and |S * Q| < 2^127.
    __int128 sum = 0;
    if (acc)
      sum += (aNeg ? -1 : 1) *
             static_cast<__int128>(static_cast<u128>(aMag) << sa);
    if (p)
      sum += (pNeg ? -1 : 1) *
             static_cast<__int128>(static_cast<u128>(pMag) << sp);
    if (sum == 0)
      return 0.0f;
    bool neg = (sum < 0) != qNeg;
    u128 mag = static_cast<u128>(sum < 0 ? -sum : sum) * qMag;
    return roundU128(mag, e0 + eq, neg);
  }
  Wide a = acc ? Wide::shifted(aMag, sa) : Wide();
  Wide b = p ? Wide::shifted(pMag, sp) : Wide();
  Wide sum;
  bool sNeg;
  if (aNeg == pNeg || acc == 0 || p == 0) {
    sum = a;
    sum.add(b);
    sNeg = acc ? aNeg : pNeg;
  } else {
    int c = a.compare(b);
    if (c == 0)
      return 0.0f;
    sum = c > 0 ? a : b;
    sum.sub(c > 0 ? b : a);
    sNeg = c > 0 ? aNeg : pNeg;
  }
  sum.mul(qMag);
  return roundWide(sum, e0 + eq, sNeg != qNeg);
}

//===----------------------------------------------------------------------===//
// One core
//===----------------------------------------------------------------------===//

namespace {

constexpr unsigned kLineShift = 6; // 64-byte lines for operand readiness

/// Per-line completion times of the last writer and the last reader.
struct Lines {
  std::vector<double> wr, rd;
  size_t high = 0; // lines [high, ...) are untouched (zero)
  void init(uint64_t bytes) {
    size_t n = static_cast<size_t>((bytes + 63) >> kLineShift) + 1;
    wr.assign(n, 0.0);
    rd.assign(n, 0.0);
    high = 0;
  }
  void reset() {
    std::fill(wr.begin(), wr.begin() + high, 0.0);
    std::fill(rd.begin(), rd.begin() + high, 0.0);
    high = 0;
  }
};

/// A checked 2-D byte region: rows of rowBytes, `stride` apart.
struct Region {
  uint64_t base = 0;
  uint64_t rows = 1, rowBytes = 0, stride = 0;
  uint64_t bytes() const { return rows * rowBytes; }
};

template <typename F> inline void forLines(const Region &r, F &&f) {
  if (r.rowBytes == 0)
    return;
  if (r.rows == 1 || r.stride == r.rowBytes) {
    uint64_t lo = r.base >> kLineShift;
    uint64_t hi = (r.base + r.rows * r.rowBytes - 1) >> kLineShift;
    for (uint64_t l = lo; l <= hi; ++l)
      f(static_cast<size_t>(l));
    return;
  }
  for (uint64_t row = 0; row < r.rows; ++row) {
    uint64_t b = r.base + row * r.stride;
    uint64_t lo = b >> kLineShift, hi = (b + r.rowBytes - 1) >> kLineShift;
    for (uint64_t l = lo; l <= hi; ++l)
      f(static_cast<size_t>(l));
  }
}

double readyToRead(const Lines &ls, const Region &r) {
  double t = 0;
  forLines(r, [&](size_t l) { t = std::max(t, ls.wr[l]); });
  return t;
}
double readyToWrite(const Lines &ls, const Region &r) {
  double t = 0;
  forLines(r, [&](size_t l) { t = std::max({t, ls.wr[l], ls.rd[l]}); });
  return t;
}
void markRead(Lines &ls, const Region &r, double done) {
  size_t top = 0;
  forLines(r, [&](size_t l) {
    ls.rd[l] = std::max(ls.rd[l], done);
    top = l;
  });
  ls.high = std::max(ls.high, top + 1);
}
void markWritten(Lines &ls, const Region &r, double done) {
  size_t top = 0;
  forLines(r, [&](size_t l) {
    ls.wr[l] = std::max(ls.wr[l], done);
    top = l;
  });
  ls.high = std::max(ls.high, top + 1);
}

/// A DRAM byte range a core touched, for the race check between cores.
struct Access {
  unsigned slot;
  uint64_t lo, hi;
  bool write;
};

struct CoreResult {
  LaunchStats stats; // counts and busy cycles of this core
  double finish = 0;
  std::vector<Access> accesses;
  std::string error;
};

struct LaunchContext {
  const LutConfig *cfg;
  const Program *program;
  const std::string *step;
  const std::vector<Slot> *slots;
  double dramBytesPerCycle; // this core's share
  bool simd;                // AVX2 lookups
  double l2BytesPerCycle;   // this core's share
  // Per core, per load from a launch input in program order: the bytes that
  // come from DRAM (the rest hit the L2). See planL2().
  const std::vector<std::vector<uint64_t>> *dramPlan;
};

/// Walks the loads of launch inputs in every core's stream (control flow
/// only), calling visit(core, slot, rows, start of each row, row bytes,
/// stride). Stops a core's walk at an out-of-range load (the run reports
/// it).
template <typename Visit>
void walkInputLoads(const Program &program, const std::vector<Slot> &slots,
                    Visit visit) {
  for (size_t c = 0; c < program.cores.size(); ++c) {
    const std::vector<Instr> &code = program.cores[c];
    int64_t regs[kNumRegs] = {};
    struct Frame {
      size_t start;
      uint32_t left;
    } stack[kMaxLoopDepth];
    int depth = 0;
    for (size_t pc = 0; pc < code.size(); ++pc) {
      const Instr &in = code[pc];
      Opcode op = static_cast<Opcode>(in.opcode);
      if (op == Opcode::Halt)
        break;
      if (op == Opcode::SetI) {
        regs[in.x] = static_cast<int32_t>(in.f[0]);
      } else if (op == Opcode::AddI) {
        regs[in.x] = static_cast<int32_t>(static_cast<uint32_t>(regs[in.f[1]]) +
                                          in.f[0]);
      } else if (op == Opcode::Loop) {
        stack[depth++] = {pc, in.f[0]};
      } else if (op == Opcode::EndL) {
        if (--stack[depth - 1].left > 0)
          pc = stack[depth - 1].start;
        else
          --depth;
      } else if (op == Opcode::Load) {
        LoadFields f = decodeLoad(in);
        if (f.slot >= slots.size() || slots[f.slot].writable)
          continue;
        const int64_t base =
            (addrReg(f.src) ? regs[addrReg(f.src)] : 0) + addrOffset(f.src);
        const uint64_t end =
            f.rows ? base + uint64_t(f.rows - 1) * f.srcStride + f.rowBytes
                   : base;
        if (base < 0 || end > slots[f.slot].bytes)
          break;
        visit(c, f.slot, uint64_t(base), f.rows, f.rowBytes, f.srcStride);
      }
    }
  }
}

/// Which bytes of the launch's inputs each load takes from DRAM. A 64-byte
/// line read by r cores costs one DRAM read, shared equally by those cores
/// (each pays 1/r of it at DRAM speed and the rest from the shared L2); a
/// core's repeated reads of a line hit the L2. When the distinct lines read
/// exceed the L2 every read goes to DRAM. Computed from the streams' control
/// flow before the cores run, so the parallel run stays deterministic.
std::vector<std::vector<uint64_t>> planL2(const Program &program,
                                          const std::vector<Slot> &slots,
                                          const LutConfig &cfg) {
  struct LineUse {
    uint32_t lastCore = UINT32_MAX;
    uint32_t readers = 0;
  };
  std::vector<std::vector<LineUse>> use(slots.size());
  for (size_t i = 0; i < slots.size(); ++i)
    if (!slots[i].writable)
      use[i].resize((slots[i].bytes + 63) / 64);
  uint64_t distinct = 0;
  auto forLines = [](uint64_t base, uint64_t rows, uint64_t rowBytes,
                     uint64_t stride, auto fn) {
    for (uint64_t r = 0; r < rows; ++r) {
      uint64_t start = base + r * stride, end = start + rowBytes;
      for (uint64_t line = start / 64; line * 64 < end; ++line)
        fn(line, std::min(end, (line + 1) * 64) - std::max(start, line * 64));
    }
  };
  walkInputLoads(program, slots,
                 [&](size_t c, unsigned slot, uint64_t base, uint64_t rows,
                     uint64_t rowBytes, uint64_t stride) {
                   forLines(base, rows, rowBytes, stride,
                            [&](uint64_t line, uint64_t) {
                              LineUse &u = use[slot][line];
                              distinct += u.readers == 0;
                              if (u.lastCore != c) {
                                u.lastCore = static_cast<uint32_t>(c);
                                ++u.readers;
                              }
                            });
                 });
  const bool fits = distinct * 64 <= cfg.l2Bytes;
  std::vector<std::vector<uint64_t>> plan(program.cores.size());
  // A core's first read of a line pays its share of the DRAM read; later
  // reads by the same core hit.
  std::vector<std::vector<uint32_t>> seenBy(slots.size());
  for (size_t i = 0; i < slots.size(); ++i)
    if (!slots[i].writable)
      seenBy[i].assign(use[i].size(), UINT32_MAX);
  walkInputLoads(program, slots,
                 [&](size_t c, unsigned slot, uint64_t base, uint64_t rows,
                     uint64_t rowBytes, uint64_t stride) {
                   double dram = 0;
                   forLines(base, rows, rowBytes, stride,
                            [&](uint64_t line, uint64_t bytes) {
                              if (!fits) {
                                dram += double(bytes);
                                return;
                              }
                              if (seenBy[slot][line] == c)
                                return;
                              seenBy[slot][line] = static_cast<uint32_t>(c);
                              dram += double(bytes) / use[slot][line].readers;
                            });
                   plan[c].push_back(static_cast<uint64_t>(std::llround(dram)));
                 });
  return plan;
}

enum AccKind : uint8_t { AccEmpty = 0, AccF32 = 1, AccInt = 2 };

class CoreSim {
public:
  explicit CoreSim(const LutConfig &cfg) : cfg_(cfg) {
    const TileShape &t = cfg.tile;
    tileElems_ = size_t(t.m) * t.n;
    smem_.assign(cfg.smemBytes, 0);
    tbuf_.assign(cfg.tbufBytes * cfg.arraysPerCore, 0);
    size_t tiles = size_t(cfg.accTiles) * cfg.arraysPerCore;
    accF_.assign(tiles * tileElems_, 0.0f);
    accI_.assign(tiles * tileElems_, 0);
    accKind_.assign(tiles, AccEmpty);
    accLmmaDone_.assign(tiles, 0.0);
    accEpiDone_.assign(tiles, 0.0);
    tileDirty_.assign(tiles, 0);
    smemLines_.init(cfg.smemBytes);
    tbufLines_.resize(cfg.arraysPerCore);
    for (Lines &l : tbufLines_)
      l.init(cfg.tbufBytes);
    arrayFree_.assign(cfg.arraysPerCore, 0.0);
    tbufHigh_.assign(cfg.arraysPerCore, 0);
  }

  bool fits(const LutConfig &cfg) const { return cfg == cfg_; }

  void run(const LaunchContext &ctx, size_t core, CoreResult &out);

private:
  void reset();
  [[noreturn]] void fault(const std::string &what) const {
    fail(instrContext(*ctx_->step, core_, pc_, *instr_), ": ", what);
  }
  int64_t address(uint32_t field) const {
    return static_cast<int64_t>(regs_[addrReg(field)]) + addrOffset(field);
  }
  /// The memory a region lies in, named only when a message needs it (the
  /// checks run on every instruction).
  enum class Mem { Smem, Tbuf, Slot };
  std::string memName(Mem mem, unsigned index) const;
  /// Checks that the 2-D region at `base` lies in [0, capacity).
  Region region(int64_t base, uint64_t rows, uint64_t rowBytes, uint64_t stride,
                uint64_t capacity, const char *what, Mem mem,
                unsigned index = 0) const;
  const Slot &slot(unsigned s) const { return (*ctx_->slots)[s]; }
  Lines &dramLines(unsigned s);
  void recordDram(unsigned s, const Region &r, bool write);

  /// Schedules an instruction on a unit; returns its completion.
  /// Units are decoupled (as DMA accelerators are): instructions dispatch
  /// in program order into per-unit command queues of queue_depth entries,
  /// and a unit starts its next command as soon as it is free and the
  /// command's operands are ready. Dispatch stalls only on a full queue.
  double schedule(unsigned unit, double &unitFree, double ready,
                  double occupancy, double latency) {
    std::deque<double> &queue = queues_[unit];
    if (queue.size() >= cfg_.queueDepth) {
      issue_ = std::max(issue_, queue.front());
      queue.pop_front();
    }
    double start = std::max({issue_, unitFree, ready});
    queue.push_back(start);
    if (std::getenv("KILN_LUT_TRACE") && core_ == 0)
      std::fprintf(stderr, "%zu %u %.0f %.0f %.0f %.0f %.1f\n", pc_, unit,
                   issue_, unitFree, ready, start, occupancy);
    unitFree = start + occupancy;
    double done = start + latency + occupancy;
    lastDone_ = std::max(lastDone_, done);
    return done;
  }

  void load(const Instr &in);
  void store(const Instr &in);
  void tgen(const Instr &in);
  void lmma(const Instr &in);
  void epi(const Instr &in);
  void clearTile(size_t t) {
    std::fill_n(accF_.begin() + t * tileElems_, tileElems_, 0.0f);
    std::fill_n(accI_.begin() + t * tileElems_, tileElems_, int64_t(0));
    accKind_[t] = AccEmpty;
  }

  const LutConfig cfg_;
  size_t tileElems_ = 0;
  // Functional state.
  int32_t regs_[kNumRegs] = {};
  std::vector<uint8_t> smem_, tbuf_;
  std::vector<float> accF_;
  std::vector<int64_t> accI_; // int32 in the model; checked at the epilogue
  std::vector<uint8_t> accKind_;
  uint64_t smemHigh_ = 0;
  std::vector<uint64_t> tbufHigh_;
  // Tiles an instruction touched this launch (values or timing), each once.
  std::vector<size_t> dirtyTiles_;
  std::vector<uint8_t> tileDirty_;
  void touchTile(size_t t) {
    if (!tileDirty_[t]) {
      tileDirty_[t] = 1;
      dirtyTiles_.push_back(t);
    }
  }
  // Timing state.
  // issue_: when the next instruction is dispatched (program order).
  double issue_ = 0, lastDone_ = 0, dmaFree_ = 0, preFree_ = 0, epiFree_ = 0;
  enum Unit : unsigned {
    kDma = 0,
    kPrecompute = 1,
    kEpilogue = 2,
    kArray0 = 3
  };
  std::vector<std::deque<double>> queues_; // start times of queued commands
  size_t loadIndex_ = 0; // loads from launch inputs so far (for dramPlan)
  struct WeightOperand {
    uint64_t base = UINT64_MAX, stride = 0, bytes = 0;
    double written = -1;
  };
  std::vector<WeightOperand> lastWeights_; // per array
  std::vector<double> arrayFree_;
  Lines smemLines_;
  std::vector<Lines> tbufLines_;
  std::vector<std::unique_ptr<Lines>> dramLines_; // per slot, outputs only
  std::vector<double> accLmmaDone_, accEpiDone_;
  // Scratch for TGen.
  std::vector<float> xs_, fT_;
  std::vector<int32_t> iT_, qx_;
  // The current launch.
  const LaunchContext *ctx_ = nullptr;
  size_t core_ = 0, pc_ = 0;
  const Instr *instr_ = nullptr;
  CoreResult *out_ = nullptr;
};

void CoreSim::reset() {
  std::memset(regs_, 0, sizeof regs_);
  std::fill(smem_.begin(), smem_.begin() + smemHigh_, 0);
  smemHigh_ = 0;
  for (size_t a = 0; a < tbufHigh_.size(); ++a) {
    std::fill_n(tbuf_.begin() + a * cfg_.tbufBytes, tbufHigh_[a], 0);
    tbufHigh_[a] = 0;
  }
  for (size_t t : dirtyTiles_) {
    clearTile(t);
    accLmmaDone_[t] = accEpiDone_[t] = 0;
    tileDirty_[t] = 0;
  }
  dirtyTiles_.clear();
  issue_ = lastDone_ = dmaFree_ = preFree_ = epiFree_ = 0;
  loadIndex_ = 0;
  std::fill(arrayFree_.begin(), arrayFree_.end(), 0.0);
  queues_.assign(kArray0 + cfg_.arraysPerCore, {});
  lastWeights_.assign(cfg_.arraysPerCore, {});
  smemLines_.reset();
  for (Lines &l : tbufLines_)
    l.reset();
  dramLines_.clear();
}

static std::string slotLabel(const Slot &s, unsigned index) {
  return "slot " + std::to_string(index) + " ('" + s.name + "')";
}

std::string CoreSim::memName(Mem mem, unsigned index) const {
  switch (mem) {
  case Mem::Smem:
    return "SMEM";
  case Mem::Tbuf:
    return "the table buffer of array " + std::to_string(index);
  case Mem::Slot:
    return slotLabel(slot(index), index);
  }
  return "";
}

Region CoreSim::region(int64_t base, uint64_t rows, uint64_t rowBytes,
                       uint64_t stride, uint64_t capacity, const char *what,
                       Mem mem, unsigned index) const {
  if (base < 0)
    fault(std::string(what) + " address " + std::to_string(base) +
          " is negative (" + memName(mem, index) + ")");
  // rows, strides and sizes are below 2^32: the extent fits in 128 bits.
  u128 end =
      static_cast<u128>(base) + static_cast<u128>(rows - 1) * stride + rowBytes;
  if (end > capacity) {
    std::ostringstream os;
    os << what << " bytes [" << base << ", "
       << static_cast<uint64_t>(
              std::min<u128>(end, std::numeric_limits<uint64_t>::max()))
       << ")";
    if (rows > 1)
      os << " (" << rows << " rows of " << rowBytes << " bytes, stride "
         << stride << ")";
    os << " exceed " << memName(mem, index) << " (" << capacity << " bytes)";
    fault(os.str());
  }
  Region r;
  r.base = static_cast<uint64_t>(base);
  r.rows = rows;
  r.rowBytes = rowBytes;
  r.stride = stride;
  return r;
}

Lines &CoreSim::dramLines(unsigned s) {
  if (dramLines_.size() <= s)
    dramLines_.resize(s + 1);
  if (!dramLines_[s]) {
    dramLines_[s] = std::make_unique<Lines>();
    dramLines_[s]->init(slot(s).bytes);
  }
  return *dramLines_[s];
}

void CoreSim::recordDram(unsigned s, const Region &r, bool write) {
  auto add = [&](uint64_t lo, uint64_t hi) {
    auto &acc = out_->accesses;
    // Merge with the previous range of the same kind when they touch.
    if (!acc.empty() && acc.back().slot == s && acc.back().write == write &&
        acc.back().hi == lo)
      acc.back().hi = hi;
    else
      acc.push_back({s, lo, hi, write});
  };
  if (r.rows == 1 || r.stride == r.rowBytes)
    add(r.base, r.base + r.bytes());
  else
    for (uint64_t row = 0; row < r.rows; ++row)
      add(r.base + row * r.stride, r.base + row * r.stride + r.rowBytes);
}

void CoreSim::load(const Instr &in) {
  LoadFields f = decodeLoad(in);
  const Slot &sl = slot(f.slot);
  Region src = region(address(f.src), f.rows, f.rowBytes, f.srcStride, sl.bytes,
                      "source", Mem::Slot, f.slot);
  const bool toTbuf = f.space == Space::Tbuf;
  uint8_t *base =
      toTbuf ? tbuf_.data() + f.array * cfg_.tbufBytes : smem_.data();
  uint64_t cap = toTbuf ? cfg_.tbufBytes : cfg_.smemBytes;
  Region dst = region(address(f.dst), f.rows, f.rowBytes, f.dstStride, cap,
                      "destination", toTbuf ? Mem::Tbuf : Mem::Smem, f.array);
  for (uint64_t r = 0; r < f.rows; ++r)
    std::memcpy(base + dst.base + r * dst.stride,
                sl.data + src.base + r * src.stride, f.rowBytes);
  uint64_t end = dst.base + (dst.rows - 1) * dst.stride + dst.rowBytes;
  if (toTbuf)
    tbufHigh_[f.array] = std::max(tbufHigh_[f.array], end);
  else
    smemHigh_ = std::max(smemHigh_, end);

  // Timing: the core's DMA engine, at its DRAM share and the on-chip rate.
  const uint64_t bytes = src.bytes();
  Lines &dl = toTbuf ? tbufLines_[f.array] : smemLines_;
  const bool outSlot = sl.writable != nullptr;
  double ready = readyToWrite(dl, dst);
  if (outSlot)
    ready = std::max(ready, readyToRead(dramLines(f.slot), src));
  // Inputs of the launch may hit the shared L2 (planL2); outputs of this
  // launch are read back from DRAM.
  uint64_t dram = bytes;
  if (!outSlot) {
    const std::vector<uint64_t> &plan = (*ctx_->dramPlan)[core_];
    dram = loadIndex_ < plan.size() ? std::min(bytes, plan[loadIndex_]) : bytes;
    ++loadIndex_;
  }
  const uint64_t l2 = bytes - dram;
  double occ =
      std::max(dram / ctx_->dramBytesPerCycle + l2 / ctx_->l2BytesPerCycle,
               bytes / cfg_.smemBytesPerCycle);
  double done = schedule(kDma, dmaFree_, ready, occ, cfg_.dmaLatency);
  markWritten(dl, dst, done);
  if (outSlot) {
    markRead(dramLines(f.slot), src, done);
    recordDram(f.slot, src, false);
  }
  LaunchStats &st = out_->stats;
  st.dmaBusy += occ;
  st.dramBytes += dram;
  st.l2Bytes += l2;
  if (toTbuf)
    st.tbufBytes += bytes;
  else
    st.smemBytes += bytes;
}

void CoreSim::store(const Instr &in) {
  StoreFields f = decodeStore(in);
  const Slot &sl = slot(f.slot);
  if (!sl.writable)
    fault(slotLabel(sl, f.slot) + " is an input of the step (read-only)");
  Region src = region(address(f.src), f.rows, f.rowBytes, f.srcStride,
                      cfg_.smemBytes, "source", Mem::Smem);
  Region dst = region(address(f.dst), f.rows, f.rowBytes, f.dstStride, sl.bytes,
                      "destination", Mem::Slot, f.slot);
  for (uint64_t r = 0; r < f.rows; ++r)
    std::memcpy(sl.writable + dst.base + r * dst.stride,
                smem_.data() + src.base + r * src.stride, f.rowBytes);
  const uint64_t bytes = src.bytes();
  Lines &dl = dramLines(f.slot);
  double ready = std::max(readyToRead(smemLines_, src), readyToWrite(dl, dst));
  double occ =
      std::max(bytes / ctx_->dramBytesPerCycle, bytes / cfg_.smemBytesPerCycle);
  double done = schedule(kDma, dmaFree_, ready, occ, cfg_.dmaLatency);
  markRead(smemLines_, src, done);
  markWritten(dl, dst, done);
  recordDram(f.slot, dst, true);
  LaunchStats &st = out_->stats;
  st.dmaBusy += occ;
  st.dramBytes += bytes;
  st.smemBytes += bytes;
}

void CoreSim::tgen(const Instr &in) {
  TGenFields f = decodeTGen(in);
  const unsigned K = f.k, E = tableEntries(K);
  const uint64_t G = uint64_t(f.groupUnits) * K, kdim = f.kdim, rows = f.rows;
  const uint64_t steps = kdim / K, groups = kdim / G,
                 tb = tableTypeBytes(f.table);
  const bool hasVec = f.prologue != Prologue::None;
  Region src = region(address(f.src), rows, kdim * 4, f.srcStride,
                      cfg_.smemBytes, "activation", Mem::Smem);
  Region vec;
  if (hasVec)
    vec = region(address(f.prologueVec), 1, kdim * 4, 0, cfg_.smemBytes,
                 "prologue vector", Mem::Smem);
  // Output sizes grow with rows * kdim: bound them before forming them.
  if (static_cast<u128>(steps) * rows * E * tb > cfg_.smemBytes ||
      static_cast<u128>(groups) * rows * 8 > cfg_.smemBytes)
    fault("the tables (" + std::to_string(rows) + " rows x " +
          std::to_string(steps) + " K-sets) or their rowinfo exceed SMEM (" +
          std::to_string(cfg_.smemBytes) + " bytes)");
  Region tables = region(address(f.dstTables), 1, steps * rows * E * tb, 0,
                         cfg_.smemBytes, "table", Mem::Smem);
  Region info = region(address(f.dstRowInfo), 1, groups * rows * 8, 0,
                       cfg_.smemBytes, "rowinfo", Mem::Smem);

  // Read every input before writing: destinations may overlap sources.
  xs_.resize(rows * kdim);
  for (uint64_t r = 0; r < rows; ++r)
    std::memcpy(xs_.data() + r * kdim, smem_.data() + src.base + r * src.stride,
                kdim * 4);
  if (hasVec) {
    std::vector<float> vv(kdim);
    std::memcpy(vv.data(), smem_.data() + vec.base, kdim * 4);
    for (uint64_t r = 0; r < rows; ++r)
      for (uint64_t k = 0; k < kdim; ++k) {
        float &x = xs_[r * kdim + k];
        x = f.prologue == Prologue::Mul ? x * vv[k] : x + vv[k];
      }
  }

  const uint64_t setsPerGroup = G / K;
  fT_.resize(setsPerGroup * E);
  iT_.resize(setsPerGroup * E);
  qx_.resize(kdim);
  uint8_t *tblOut = smem_.data() + tables.base;
  uint8_t *infoOut = smem_.data() + info.base;
  for (uint64_t r = 0; r < rows; ++r) {
    float *x = xs_.data() + r * kdim;
    float sa = 1.0f;
    if (f.act == ActType::F16) {
      for (uint64_t k = 0; k < kdim; ++k)
        x[k] = halfToFloat(floatToHalf(x[k]));
    } else {
      float mx = 0.0f;
      for (uint64_t k = 0; k < kdim; ++k) {
        if (!std::isfinite(x[k]))
          fault("activation row " + std::to_string(r) + ", element " +
                std::to_string(k) +
                " is not finite; i8 activations cannot "
                "represent it");
        mx = std::max(mx, std::fabs(x[k]));
      }
      sa = mx == 0.0f ? 1.0f : mx / 127.0f;
      for (uint64_t k = 0; k < kdim; ++k) {
        float v = std::nearbyint(x[k] / sa);
        qx_[k] = static_cast<int32_t>(std::min(127.0f, std::max(-127.0f, v)));
      }
    }
    for (uint64_t g = 0; g < groups; ++g) {
      const uint64_t k0 = g * G;
      float gaF = 0.0f;
      int64_t gaI = 0;
      float maxAbs = 0.0f;
      for (uint64_t j = 0; j < setsPerGroup; ++j) {
        const uint64_t kb = k0 + j * K;
        for (unsigned e = 0; e < E; ++e) {
          if (f.act == ActType::F16) {
            float v = x[kb + K - 1];
            for (unsigned t = 0; t + 1 < K; ++t)
              v = ((e >> t) & 1u) ? v + x[kb + t] : v - x[kb + t];
            fT_[j * E + e] = v;
            maxAbs = std::max(maxAbs, std::fabs(v));
            if (std::isnan(v))
              maxAbs = v;
          } else {
            int32_t v = qx_[kb + K - 1];
            for (unsigned t = 0; t + 1 < K; ++t)
              v += ((e >> t) & 1u) ? qx_[kb + t] : -qx_[kb + t];
            iT_[j * E + e] = v;
            maxAbs = std::max(maxAbs, static_cast<float>(std::abs(v)));
          }
        }
      }
      for (uint64_t k = k0; k < k0 + G; ++k) {
        if (f.act == ActType::F16)
          gaF += x[k];
        else
          gaI += qx_[k];
      }
      float st = 1.0f;
      if (f.table == TableType::I8) {
        if (!std::isfinite(maxAbs))
          fault("row " + std::to_string(r) + ", group " + std::to_string(g) +
                ": non-finite table entries cannot be quantized to i8");
        st = maxAbs == 0.0f ? 1.0f : maxAbs / 127.0f;
      }
      // Store the group's tables: [step][row][entry].
      for (uint64_t j = 0; j < setsPerGroup; ++j) {
        uint64_t step = k0 / K + j;
        uint8_t *dst = tblOut + ((step * rows + r) * E) * tb;
        for (unsigned e = 0; e < E; ++e) {
          switch (f.table) {
          case TableType::F16: {
            uint16_t h = floatToHalf(fT_[j * E + e]);
            std::memcpy(dst + e * 2, &h, 2);
            break;
          }
          case TableType::I16: {
            int16_t v = static_cast<int16_t>(iT_[j * E + e]);
            std::memcpy(dst + e * 2, &v, 2);
            break;
          }
          case TableType::I8: {
            float t = f.act == ActType::F16
                          ? fT_[j * E + e]
                          : static_cast<float>(iT_[j * E + e]);
            float v = std::nearbyint(t / st);
            dst[e] = static_cast<uint8_t>(
                static_cast<int8_t>(std::min(127.0f, std::max(-127.0f, v))));
            break;
          }
          }
        }
      }
      float ts = 1.0f, ga = 0.0f;
      if (f.act == ActType::F16) {
        ts = f.table == TableType::I8 ? st : 1.0f;
        ga = f.table == TableType::I8 ? gaF / st : gaF;
      } else {
        ts = f.table == TableType::I8 ? sa * st : sa;
        ga = f.table == TableType::I8 ? static_cast<float>(gaI) / st
                                      : static_cast<float>(gaI);
      }
      float pair[2] = {ts, ga};
      std::memcpy(infoOut + (g * rows + r) * 8, pair, 8);
    }
  }
  smemHigh_ = std::max(
      {smemHigh_, tables.base + tables.bytes(), info.base + info.bytes()});

  // Timing and events.
  const uint64_t entries = rows * steps * E;
  uint64_t smemBytes =
      src.bytes() + tables.bytes() + info.bytes() + (hasVec ? vec.bytes() : 0);
  double ready = std::max(readyToRead(smemLines_, src),
                          std::max(readyToWrite(smemLines_, tables),
                                   readyToWrite(smemLines_, info)));
  if (hasVec)
    ready = std::max(ready, readyToRead(smemLines_, vec));
  double occ = std::max(entries / cfg_.precomputeEntriesPerCycle,
                        smemBytes / cfg_.smemBytesPerCycle);
  double done = schedule(kPrecompute, preFree_, ready, occ, 0);
  markRead(smemLines_, src, done);
  if (hasVec)
    markRead(smemLines_, vec, done);
  markWritten(smemLines_, tables, done);
  markWritten(smemLines_, info, done);
  LaunchStats &st = out_->stats;
  st.precomputeBusy += occ;
  st.smemBytes += smemBytes;
  st.precomputeOps += rows * steps * ((K - 1) + (E - 1)) + rows * kdim +
                      (hasVec ? rows * kdim : 0) +
                      (f.act == ActType::I8 ? rows * kdim : 0) +
                      (f.table == TableType::I8 ? entries : 0);
}

/// binary16 -> f32 for table entries: normal numbers inline, the rest
/// through the runtime's converter.
inline float halfValue(uint16_t h) {
  const uint32_t exp = (h >> 10) & 0x1F;
  if (exp == 0 || exp == 31)
    return halfToFloat(h);
  uint32_t bits = (uint32_t(h & 0x8000) << 16) | ((exp + 112) << 23) |
                  (uint32_t(h & 0x3FF) << 13);
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

/// acc[c] += scaled[i][index c of plane i] for every plane i < B, for
/// c < n. Plane i starts at w + i * ps; scaled[i] is the full signed table
/// times 2^i. Each element receives its planes in order 0..B-1, the order
/// its f32 sum is defined in, while the element stays in a register.
template <unsigned K, unsigned B, typename Acc, typename Val>
void lookupTile(Acc *acc, const uint8_t *w, size_t ps, unsigned n,
                const Val *scaled) {
  constexpr unsigned full = 1u << K;
  if constexpr (K == 8) {
    for (unsigned c = 0; c < n; ++c) {
      Acc a = acc[c];
      for (unsigned i = 0; i < B; ++i)
        a += scaled[i * full + w[i * ps + c]];
      acc[c] = a;
    }
  } else {
    constexpr unsigned per = 8 / K, mask = full - 1;
    for (unsigned byte = 0; byte < n / per; ++byte) {
      unsigned v[B];
      for (unsigned i = 0; i < B; ++i)
        v[i] = w[i * ps + byte];
      for (unsigned t = 0; t < per; ++t) {
        Acc a = acc[byte * per + t];
        for (unsigned i = 0; i < B; ++i)
          a += scaled[i * full + ((v[i] >> (t * K)) & mask)];
        acc[byte * per + t] = a;
      }
    }
  }
}

template <unsigned K, typename Acc, typename Val>
void lookupBits(unsigned bits, Acc *acc, const uint8_t *w, size_t ps,
                unsigned n, const Val *scaled) {
  switch (bits) {
  case 1:
    return lookupTile<K, 1>(acc, w, ps, n, scaled);
  case 2:
    return lookupTile<K, 2>(acc, w, ps, n, scaled);
  case 3:
    return lookupTile<K, 3>(acc, w, ps, n, scaled);
  case 4:
    return lookupTile<K, 4>(acc, w, ps, n, scaled);
  case 5:
    return lookupTile<K, 5>(acc, w, ps, n, scaled);
  case 6:
    return lookupTile<K, 6>(acc, w, ps, n, scaled);
  case 7:
    return lookupTile<K, 7>(acc, w, ps, n, scaled);
  default:
    return lookupTile<K, 8>(acc, w, ps, n, scaled);
  }
}

#if defined(__x86_64__)
/// The AVX2 form of lookupTile for byte-aligned K and n a multiple of 8:
/// eight columns per step, the index decode by variable shifts and the
/// lookup by in-register permutes (K <= 4) or a gather (K = 8). Lane-wise
/// adds keep each element's plane order, so the f32 results are the scalar
/// loop's bit for bit. Integer tables: the planes' sum of one instruction
/// fits int32 (|sum| <= 255 * 32767), it is widened into the int64 tile.
template <unsigned K, bool Int>
__attribute__((target("avx2"))) void
lookupRowAvx2(unsigned bits, void *accOut, const uint8_t *w, size_t ps,
              unsigned n, const void *scaledIn) {
  constexpr unsigned full = 1u << K;
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i shifts = _mm256_mullo_epi32(lane, _mm256_set1_epi32(K));
  const __m256i mask = _mm256_set1_epi32(full - 1);
  const float *scaled = static_cast<const float *>(scaledIn);
  // Tables per plane in registers (K <= 4: at most 16 entries, two halves).
  __m256 lo[8], hi[8];
  if constexpr (K <= 4) {
    for (unsigned i = 0; i < bits; ++i) {
      float buf[16] = {};
      std::memcpy(buf, scaled + i * full, full * 4);
      lo[i] = _mm256_loadu_ps(buf);
      hi[i] = _mm256_loadu_ps(buf + 8);
    }
  }
  for (unsigned c = 0; c < n; c += 8) {
    __m256 sumF = _mm256_setzero_ps();
    __m256i sumI = _mm256_setzero_si256();
    if constexpr (!Int)
      sumF = _mm256_loadu_ps(static_cast<float *>(accOut) + c);
    for (unsigned i = 0; i < bits; ++i) {
      const uint8_t *plane = w + i * ps + c * K / 8;
      __m256i idx;
      if constexpr (K == 8) {
        idx = _mm256_cvtepu8_epi32(
            _mm_loadl_epi64(reinterpret_cast<const __m128i *>(plane)));
      } else {
        uint32_t word = 0;
        std::memcpy(&word, plane, K); // 8 indices of K bits
        idx = _mm256_and_si256(
            _mm256_srlv_epi32(_mm256_set1_epi32(static_cast<int>(word)),
                              shifts),
            mask);
      }
      __m256 v;
      if constexpr (K == 8) {
        v = _mm256_i32gather_ps(scaled + i * full, idx, 4);
      } else if constexpr (K == 4) {
        __m256 a = _mm256_permutevar8x32_ps(lo[i], idx);
        __m256 b = _mm256_permutevar8x32_ps(hi[i], idx);
        v = _mm256_blendv_ps(a, b,
                             _mm256_castsi256_ps(_mm256_slli_epi32(idx, 28)));
      } else {
        v = _mm256_permutevar8x32_ps(lo[i], idx);
      }
      if constexpr (Int)
        sumI = _mm256_add_epi32(sumI, _mm256_castps_si256(v));
      else
        sumF = _mm256_add_ps(sumF, v);
    }
    if constexpr (Int) {
      int64_t *acc = static_cast<int64_t *>(accOut) + c;
      __m256i a0 = _mm256_loadu_si256(reinterpret_cast<__m256i *>(acc));
      __m256i a1 = _mm256_loadu_si256(reinterpret_cast<__m256i *>(acc + 4));
      a0 = _mm256_add_epi64(
          a0, _mm256_cvtepi32_epi64(_mm256_castsi256_si128(sumI)));
      a1 = _mm256_add_epi64(
          a1, _mm256_cvtepi32_epi64(_mm256_extracti128_si256(sumI, 1)));
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(acc), a0);
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(acc + 4), a1);
    } else {
      _mm256_storeu_ps(static_cast<float *>(accOut) + c, sumF);
    }
  }
}

/// Whether the AVX2 lookups may run: the CPU has AVX2 and KILN_LUT_SCALAR
/// is unset (tests compare the two paths; they must agree bit for bit).
bool useAvx2() {
  static const bool cpu = __builtin_cpu_supports("avx2");
  return cpu && !std::getenv("KILN_LUT_SCALAR");
}

/// Runs the AVX2 lookup when it applies; false otherwise.
template <typename Acc, typename Val>
bool lookupRowFast(bool simd, unsigned k, unsigned bits, Acc *acc,
                   const uint8_t *w, size_t ps, unsigned n, const Val *scaled) {
  if (!simd || n % 8)
    return false;
  constexpr bool Int = std::is_same_v<Acc, int64_t>;
  switch (k) {
  case 1:
    lookupRowAvx2<1, Int>(bits, acc, w, ps, n, scaled);
    return true;
  case 2:
    lookupRowAvx2<2, Int>(bits, acc, w, ps, n, scaled);
    return true;
  case 4:
    lookupRowAvx2<4, Int>(bits, acc, w, ps, n, scaled);
    return true;
  case 8:
    lookupRowAvx2<8, Int>(bits, acc, w, ps, n, scaled);
    return true;
  default:
    return false;
  }
}
#else
bool useAvx2() { return false; }
template <typename Acc, typename Val>
bool lookupRowFast(bool, unsigned, unsigned, Acc *, const uint8_t *, size_t,
                   unsigned, const Val *) {
  return false;
}
#endif

/// One row of an LMMA: byte-aligned K (1, 2, 4, 8) with the index decode
/// unrolled, any other K through readIndex().
template <typename Acc, typename Val>
void lookupRow(bool simd, unsigned k, unsigned bits, Acc *acc, const uint8_t *w,
               size_t ps, unsigned n, const Val *scaled) {
  if (lookupRowFast(simd, k, bits, acc, w, ps, n, scaled))
    return;
  switch (k) {
  case 1:
    return lookupBits<1>(bits, acc, w, ps, n, scaled);
  case 2:
    return lookupBits<2>(bits, acc, w, ps, n, scaled);
  case 4:
    return lookupBits<4>(bits, acc, w, ps, n, scaled);
  case 8:
    return lookupBits<8>(bits, acc, w, ps, n, scaled);
  default: {
    const unsigned full = 1u << k;
    for (unsigned c = 0; c < n; ++c) {
      Acc a = acc[c];
      for (unsigned i = 0; i < bits; ++i)
        a += scaled[i * full + readIndex(w + i * ps, c, k)];
      acc[c] = a;
    }
  }
  }
}

void CoreSim::lmma(const Instr &in) {
  const unsigned bits = (in.flags & 7u) + 1;
  const bool clear = (in.flags & 8u) != 0;
  const TableType tt = static_cast<TableType>((in.flags >> 4) & 3u);
  const unsigned array = in.x, acc = in.f[0], rows = in.f[3];
  const unsigned N = cfg_.tile.n, K = cfg_.tile.k;
  const unsigned E = tableEntries(K), full = 1u << K;
  const uint64_t esz = tableTypeBytes(tt), planeBytes = uint64_t(N) * K / 8;
  Region tbl = region(address(in.f[1]), 1, uint64_t(rows) * E * esz, 0,
                      cfg_.tbufBytes, "table", Mem::Tbuf, array);
  Region w = region(address(in.f[2]), bits, planeBytes, in.f[5], cfg_.smemBytes,
                    "weight", Mem::Smem);
  const size_t t = size_t(array) * cfg_.accTiles + acc;
  const AccKind want = isIntegerTable(tt) ? AccInt : AccF32;
  if (clear) {
    clearTile(t);
  } else if (accKind_[t] != AccEmpty && accKind_[t] != want) {
    fault("accumulator tile " + std::to_string(acc) + " of array " +
          std::to_string(array) + " holds " +
          (accKind_[t] == AccInt ? "i32" : "f32") + " sums; " +
          tableTypeName(tt) + " tables accumulate " +
          (want == AccInt ? "i32" : "f32") + " (clear it first)");
  }
  touchTile(t);
  accKind_[t] = want;

  const uint8_t *tb = tbuf_.data() + size_t(array) * cfg_.tbufBytes + tbl.base;
  const uint8_t *wb = smem_.data() + w.base;
  const unsigned mask = E - 1;
  // Per row: the full signed table from the stored half (odd symmetry),
  // then one copy per plane scaled by 2^i (exact), so the lookup loop only
  // gathers and adds.
  if (tt == TableType::F16) {
    float half[128], scaled[8 * 256];
    for (unsigned m = 0; m < rows; ++m) {
      for (unsigned e = 0; e < E; ++e) {
        uint16_t h;
        std::memcpy(&h, tb + (size_t(m) * E + e) * 2, 2);
        half[e] = halfValue(h);
      }
      for (unsigned idx = 0; idx < full; ++idx)
        scaled[idx] =
            ((idx >> (K - 1)) & 1u) ? half[idx & mask] : -half[~idx & mask];
      for (unsigned i = 1; i < bits; ++i)
        for (unsigned idx = 0; idx < full; ++idx)
          scaled[i * full + idx] = scaled[idx] * static_cast<float>(1u << i);
      lookupRow(ctx_->simd, K, bits,
                accF_.data() + t * tileElems_ + size_t(m) * N, wb, w.stride, N,
                scaled);
    }
  } else {
    int32_t half[128], scaled[8 * 256];
    for (unsigned m = 0; m < rows; ++m) {
      for (unsigned e = 0; e < E; ++e) {
        if (tt == TableType::I8) {
          half[e] = static_cast<int8_t>(tb[size_t(m) * E + e]);
        } else {
          int16_t v;
          std::memcpy(&v, tb + (size_t(m) * E + e) * 2, 2);
          half[e] = v;
        }
      }
      for (unsigned idx = 0; idx < full; ++idx)
        scaled[idx] =
            ((idx >> (K - 1)) & 1u) ? half[idx & mask] : -half[~idx & mask];
      for (unsigned i = 1; i < bits; ++i)
        for (unsigned idx = 0; idx < full; ++idx)
          scaled[i * full + idx] = scaled[idx] * (1 << i);
      lookupRow(ctx_->simd, K, bits,
                accI_.data() + t * tileElems_ + size_t(m) * N, wb, w.stride, N,
                scaled);
    }
  }

  // Timing: `bits` issue cycles on the array (bit-serial, pipelined).
  double ready = std::max({readyToRead(tbufLines_[array], tbl),
                           readyToRead(smemLines_, w), accEpiDone_[t]});
  double done = schedule(kArray0 + array, arrayFree_[array], ready, bits,
                         cfg_.lmmaLatency);
  markRead(tbufLines_[array], tbl, done);
  markRead(smemLines_, w, done);
  accLmmaDone_[t] = done;
  // Operand reuse: an array that reads the same weight planes as its
  // previous lmma, unchanged since, keeps them in its operand registers
  // (as MMA units reuse a B fragment across M tiles): no shared-memory read.
  WeightOperand &last = lastWeights_[array];
  const double written = readyToRead(smemLines_, w);
  const bool reused = last.base == w.base && last.stride == w.stride &&
                      last.bytes == w.bytes() && last.written == written;
  last = {w.base, w.stride, w.bytes(), written};
  LaunchStats &st = out_->stats;
  const uint64_t lanes = uint64_t(rows) * N * bits;
  st.arrayBusy += bits;
  st.lookups += lanes;
  (isIntegerTable(tt) ? st.addsInt : st.addsF32) += lanes;
  st.accWrites += lanes;
  st.tableBytes += tbl.bytes();
  st.tbufBytes += tbl.bytes();
  if (!reused)
    st.smemBytes += w.bytes();
}

void CoreSim::epi(const Instr &in) {
  EpiFields f = decodeEpi(in);
  const unsigned N = cfg_.tile.n, rows = f.rows;
  Region out = region(address(f.out), rows, uint64_t(N) * 4, f.outStride,
                      cfg_.smemBytes, "output", Mem::Smem);
  Region consts = region(address(f.consts), 1, uint64_t(N) * 8, 0,
                         cfg_.smemBytes, "constant", Mem::Smem);
  Region info = region(address(f.rowInfo), 1, uint64_t(rows) * 8, 0,
                       cfg_.smemBytes, "rowinfo", Mem::Smem);
  const size_t t = size_t(f.array) * cfg_.accTiles + f.acc;
  touchTile(t);
  const bool integer = isIntegerTable(f.table);
  if (accKind_[t] != AccEmpty && (accKind_[t] == AccInt) != integer)
    fault("accumulator tile " + std::to_string(f.acc) + " of array " +
          std::to_string(f.array) + " holds " +
          (accKind_[t] == AccInt ? "i32" : "f32") +
          " sums, the epilogue reads " + tableTypeName(f.table) + " tables' " +
          (integer ? "i32" : "f32"));
  std::vector<float> c(2 * N);
  std::memcpy(c.data(), smem_.data() + consts.base, 8 * N);
  for (unsigned m = 0; m < rows; ++m) {
    float ri[2];
    std::memcpy(ri, smem_.data() + info.base + 8 * m, 8);
    uint8_t *o = smem_.data() + out.base + m * out.stride;
    for (unsigned n = 0; n < N; ++n) {
      float partial;
      size_t e = t * tileElems_ + size_t(m) * N + n;
      if (integer) {
        int64_t a = accI_[e];
        if (a < INT32_MIN || a > INT32_MAX)
          fault("int32 accumulator overflow in tile " + std::to_string(f.acc) +
                " of array " + std::to_string(f.array) + " (row " +
                std::to_string(m) + ", column " + std::to_string(n) +
                ": the sum is " + std::to_string(a) + ")");
        partial = exactFold(a, ri[0], c[2 * n], c[2 * n + 1], ri[1]);
      } else {
        double d = static_cast<double>(accF_[e]) +
                   static_cast<double>(c[2 * n + 1]) * ri[1];
        double p = static_cast<double>(ri[0]) * c[2 * n];
        partial = static_cast<float>(p * d * 0.5);
      }
      float prev;
      std::memcpy(&prev, o + 4 * n, 4);
      float v = f.init ? partial : prev + partial;
      std::memcpy(o + 4 * n, &v, 4);
    }
  }
  smemHigh_ = std::max(smemHigh_,
                       out.base + (out.rows - 1) * out.stride + out.rowBytes);
  if (f.clearAcc)
    clearTile(t);

  const uint64_t outputs = uint64_t(rows) * N;
  uint64_t smemBytes =
      consts.bytes() + info.bytes() + out.bytes() * (f.init ? 1 : 2);
  double ready = std::max(
      {accLmmaDone_[t], accEpiDone_[t], readyToRead(smemLines_, consts),
       readyToRead(smemLines_, info), readyToWrite(smemLines_, out)});
  if (!f.init)
    ready = std::max(ready, readyToRead(smemLines_, out));
  double occ = std::max(outputs / cfg_.epilogueOutputsPerCycle,
                        smemBytes / cfg_.smemBytesPerCycle);
  double done = schedule(kEpilogue, epiFree_, ready, occ, 0);
  markRead(smemLines_, consts, done);
  markRead(smemLines_, info, done);
  markWritten(smemLines_, out, done);
  accEpiDone_[t] = done;
  LaunchStats &st = out_->stats;
  st.epilogueBusy += occ;
  st.epilogueOps += outputs;
  st.smemBytes += smemBytes;
}

void CoreSim::run(const LaunchContext &ctx, size_t core, CoreResult &out) {
  reset();
  ctx_ = &ctx;
  core_ = core;
  out_ = &out;
  const std::vector<Instr> &s = ctx.program->cores[core];
  struct Frame {
    size_t start;
    uint32_t left;
  } stack[kMaxLoopDepth];
  int depth = 0;
  LaunchStats &st = out.stats;
  for (size_t pc = 0;; ++pc) {
    const Instr &in = s[pc];
    pc_ = pc;
    instr_ = &in;
    ++st.instructions[in.opcode];
    switch (static_cast<Opcode>(in.opcode)) {
    case Opcode::Nop:
      break;
    case Opcode::SetI:
      regs_[in.x] = static_cast<int32_t>(in.f[0]);
      break;
    case Opcode::AddI:
      regs_[in.x] =
          static_cast<int32_t>(static_cast<uint32_t>(regs_[in.f[1]]) + in.f[0]);
      break;
    case Opcode::Loop:
      stack[depth++] = {pc, in.f[0]};
      break;
    case Opcode::EndL:
      if (--stack[depth - 1].left > 0)
        pc = stack[depth - 1].start;
      else
        --depth;
      break;
    case Opcode::Sync:
      issue_ = std::max(issue_, lastDone_);
      break;
    case Opcode::Halt:
      out.finish = std::max(
          {lastDone_, issue_,
           static_cast<double>(st.smemBytes) / cfg_.smemBytesPerCycle});
      return;
    case Opcode::Load:
      load(in);
      break;
    case Opcode::Store:
      store(in);
      break;
    case Opcode::TGen:
      tgen(in);
      break;
    case Opcode::Lmma:
      lmma(in);
      break;
    case Opcode::Epi:
      epi(in);
      break;
    default:
      fault("unknown opcode"); // validation rejects these
    }
  }
}

/// Reports the first DRAM byte range two cores touch with at least one
/// write (their order would decide the result).
void checkRaces(const std::vector<CoreResult> &results,
                const std::vector<Slot> &slots, const std::string &step) {
  struct Span {
    uint64_t lo, hi;
    size_t core;
    bool write;
  };
  std::vector<std::vector<Span>> bySlot(slots.size());
  for (size_t c = 0; c < results.size(); ++c)
    for (const Access &a : results[c].accesses)
      bySlot[a.slot].push_back({a.lo, a.hi, c, a.write});
  for (size_t s = 0; s < bySlot.size(); ++s) {
    auto &v = bySlot[s];
    if (v.empty())
      continue;
    std::sort(v.begin(), v.end(), [](const Span &a, const Span &b) {
      return a.lo != b.lo ? a.lo < b.lo : a.core < b.core;
    });
    std::vector<Span> active;
    for (const Span &x : v) {
      active.erase(std::remove_if(active.begin(), active.end(),
                                  [&](const Span &a) { return a.hi <= x.lo; }),
                   active.end());
      for (const Span &a : active)
        if (a.core != x.core && (a.write || x.write))
          fail("device program of step '", step, "': cores ",
               std::min(a.core, x.core), " and ", std::max(a.core, x.core),
               " both access bytes [", std::max(a.lo, x.lo), ", ",
               std::min(a.hi, x.hi), ") of slot ", s, " ('", slots[s].name,
               "') and at least one writes them (a race between cores)");
      active.push_back(x);
    }
  }
}

/// One CoreSim per thread, reused across launches with the same sizes.
CoreSim &threadCore(const LutConfig &cfg) {
  thread_local std::unique_ptr<CoreSim> sim;
  if (!sim || !sim->fits(cfg))
    sim = std::make_unique<CoreSim>(cfg);
  return *sim;
}

} // namespace

//===----------------------------------------------------------------------===//
// Launches
//===----------------------------------------------------------------------===//

Simulator::Simulator(LutConfig config) : config_(std::move(config)) {}

LaunchStats Simulator::run(const Program &program, const std::string &stepName,
                           const std::vector<Slot> &slots) const {
  if (slots.size() != program.numSlots)
    fail("device program of step '", stepName, "': the program has ",
         program.numSlots, " DRAM slots, the launch binds ", slots.size());
  // The interpreter indexes registers, arrays, tiles and slots with
  // instruction fields: never run a program not validated against this
  // configuration (a pass over the static instructions, cheap next to
  // running them).
  ProgramLimits limits;
  limits.config = &config_;
  validateProgram(program, stepName, limits);
  const size_t numCores = program.cores.size();
  unsigned active = 0;
  for (const auto &s : program.cores)
    active += s.size() > 1 ? 1 : 0;
  const std::vector<std::vector<uint64_t>> dramPlan =
      planL2(program, slots, config_);
  LaunchContext ctx{&config_,
                    &program,
                    &stepName,
                    &slots,
                    config_.dramBytesPerCycle() / std::max(1u, active),
                    useAvx2(),
                    config_.l2BytesPerCycle / std::max(1u, active),
                    &dramPlan};
  std::vector<CoreResult> results(numCores);
  auto runCore = [&](size_t c) {
    try {
      threadCore(config_).run(ctx, c, results[c]);
    } catch (const std::exception &e) {
      results[c].error = e.what();
    }
  };
  // Cores are independent; a core with much work is worth a thread.
  if (numCores == 1)
    runCore(0);
  else
    parallelFor(static_cast<int64_t>(numCores), 1, [&](int64_t b, int64_t e) {
      for (int64_t c = b; c < e; ++c)
        runCore(static_cast<size_t>(c));
    });
  for (const CoreResult &r : results)
    if (!r.error.empty())
      throw Error(r.error);
  checkRaces(results, slots, stepName);

  LaunchStats st;
  st.cores = static_cast<unsigned>(numCores);
  st.activeCores = active;
  for (const CoreResult &r : results) {
    const LaunchStats &c = r.stats;
    st.cycles = std::max(st.cycles, r.finish);
    st.dramBytes += c.dramBytes;
    st.l2Bytes += c.l2Bytes;
    st.smemBytes += c.smemBytes;
    st.tbufBytes += c.tbufBytes;
    st.tableBytes += c.tableBytes;
    st.lookups += c.lookups;
    st.addsF32 += c.addsF32;
    st.addsInt += c.addsInt;
    st.accWrites += c.accWrites;
    st.precomputeOps += c.precomputeOps;
    st.epilogueOps += c.epilogueOps;
    for (size_t k = 0; k < st.instructions.size(); ++k)
      st.instructions[k] += c.instructions[k];
    st.dmaBusy += c.dmaBusy;
    st.precomputeBusy += c.precomputeBusy;
    st.arrayBusy += c.arrayBusy;
    st.epilogueBusy += c.epilogueBusy;
  }
  st.seconds = st.cycles / (config_.clockGhz * 1e9);
  st.utilisation =
      st.cycles > 0 && active > 0
          ? st.arrayBusy / (st.cycles * config_.arraysPerCore * active)
          : 0.0;
  const LutEnergy &e = config_.energy;
  st.energy.tableRead = e.tableRead * st.lookups;
  st.energy.add = e.add * st.addsF32 + e.addInt * st.addsInt;
  st.energy.reg = e.reg * st.accWrites;
  st.energy.tbuf = e.tbufByte * st.tbufBytes;
  st.energy.smem = e.smemByte * st.smemBytes;
  st.energy.dram = e.dramByte * st.dramBytes;
  st.energy.l2 = e.l2Byte * st.l2Bytes;
  st.energy.precompute = e.precomputeAdd * st.precomputeOps;
  st.energy.epilogue = e.epilogueOp * st.epilogueOps;
  return st;
}

} // namespace kiln::rt::lut
