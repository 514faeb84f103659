//===- LutIsa.cpp - LUT-TC encoding, disassembly, assembly, program blobs
//--===//
//
// Field positions (docs/isa/lut-tc.md, "Encoding"). Every named field of an
// instruction's *Fields struct goes to f[0..6] in declaration order; enums
// and small counts go to flags and x:
//
//   seti   x = rd                f0 = imm
//   addi   x = rd                f0 = imm, f1 = rs
//   loop                         f0 = count
//   load   flags[0] = space, x = array
//          f0 dst, f1 src, f2 rows, f3 rowBytes, f4 srcStride, f5 dstStride,
//          f6 slot
//   store  f0 dst, f1 src, f2 rows, f3 rowBytes, f4 dstStride, f5 srcStride,
//          f6 slot
//   tgen   flags as in LutIsa.h, x = G / K
//          f0 src, f1 dstTables, f2 rows, f3 kdim, f4 srcStride,
//          f5 prologueVec, f6 dstRowInfo
//   lmma   flags as in LutIsa.h, x = array
//          f0 acc, f1 tables, f2 weights, f3 rows, f4 shape, f5 planeStride
//   epi    flags as in LutIsa.h, x = array
//          f0 out, f1 acc, f2 consts, f3 rowInfo, f4 shape, f5 outStride,
//          f6 rows
//
// Everything not listed is reserved and must be zero (validateProgram
// checks it), which is also what makes disassemble/assemble a bijection on
// valid instructions.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/LutIsa.h"

#include "kiln/rt/Error.h"
#include "kiln/rt/LutConfig.h"
#include "kiln/rt/LutProgram.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

namespace kiln::rt::lut {

const char *opcodeName(Opcode op) {
  switch (op) {
  case Opcode::Nop:
    return "nop";
  case Opcode::SetI:
    return "seti";
  case Opcode::AddI:
    return "addi";
  case Opcode::Loop:
    return "loop";
  case Opcode::EndL:
    return "endl";
  case Opcode::Sync:
    return "sync";
  case Opcode::Halt:
    return "halt";
  case Opcode::Load:
    return "load";
  case Opcode::Store:
    return "store";
  case Opcode::TGen:
    return "tgen";
  case Opcode::Lmma:
    return "lmma";
  case Opcode::Epi:
    return "epi";
  }
  return nullptr;
}

const char *actTypeName(ActType t) {
  switch (t) {
  case ActType::F16:
    return "f16";
  case ActType::I8:
    return "i8";
  }
  return "?";
}

const char *tableTypeName(TableType t) {
  switch (t) {
  case TableType::F16:
    return "f16";
  case TableType::I8:
    return "i8";
  case TableType::I16:
    return "i16";
  }
  return "?";
}

const char *prologueName(Prologue p) {
  switch (p) {
  case Prologue::None:
    return "none";
  case Prologue::Mul:
    return "mul";
  case Prologue::Add:
    return "add";
  }
  return "?";
}

//===----------------------------------------------------------------------===//
// Encoding
//===----------------------------------------------------------------------===//

static Instr make(Opcode op) {
  Instr i;
  i.opcode = static_cast<uint8_t>(op);
  return i;
}

Instr encodeLoad(const LoadFields &f) {
  Instr i = make(Opcode::Load);
  i.flags = static_cast<uint8_t>(f.space) & 1u;
  i.x = static_cast<uint16_t>(f.array);
  i.f[0] = f.dst;
  i.f[1] = f.src;
  i.f[2] = f.rows;
  i.f[3] = f.rowBytes;
  i.f[4] = f.srcStride;
  i.f[5] = f.dstStride;
  i.f[6] = f.slot;
  return i;
}

Instr encodeStore(const StoreFields &f) {
  Instr i = make(Opcode::Store);
  i.f[0] = f.dst;
  i.f[1] = f.src;
  i.f[2] = f.rows;
  i.f[3] = f.rowBytes;
  i.f[4] = f.dstStride;
  i.f[5] = f.srcStride;
  i.f[6] = f.slot;
  return i;
}

Instr encodeTGen(const TGenFields &f) {
  Instr i = make(Opcode::TGen);
  i.flags =
      static_cast<uint8_t>((static_cast<unsigned>(f.act) & 1u) |
                           ((static_cast<unsigned>(f.table) & 3u) << 1) |
                           ((static_cast<unsigned>(f.prologue) & 3u) << 3) |
                           (((f.k - 1) & 7u) << 5));
  i.x = static_cast<uint16_t>(f.groupUnits);
  i.f[0] = f.src;
  i.f[1] = f.dstTables;
  i.f[2] = f.rows;
  i.f[3] = f.kdim;
  i.f[4] = f.srcStride;
  i.f[5] = f.prologueVec;
  i.f[6] = f.dstRowInfo;
  return i;
}

Instr encodeLmma(const LmmaFields &f) {
  Instr i = make(Opcode::Lmma);
  i.flags = static_cast<uint8_t>(((f.bits - 1) & 7u) | (f.clear ? 8u : 0u) |
                                 ((static_cast<unsigned>(f.table) & 3u) << 4));
  i.x = static_cast<uint16_t>(f.array);
  i.f[0] = f.acc;
  i.f[1] = f.tables;
  i.f[2] = f.weights;
  i.f[3] = f.rows;
  i.f[4] = packTile(f.shape);
  i.f[5] = f.planeStride;
  return i;
}

Instr encodeEpi(const EpiFields &f) {
  Instr i = make(Opcode::Epi);
  i.flags = static_cast<uint8_t>((f.init ? 1u : 0u) | (f.clearAcc ? 2u : 0u) |
                                 ((static_cast<unsigned>(f.table) & 3u) << 2));
  i.x = static_cast<uint16_t>(f.array);
  i.f[0] = f.out;
  i.f[1] = f.acc;
  i.f[2] = f.consts;
  i.f[3] = f.rowInfo;
  i.f[4] = packTile(f.shape);
  i.f[5] = f.outStride;
  i.f[6] = f.rows;
  return i;
}

Instr encodeSetI(unsigned rd, int32_t imm) {
  Instr i = make(Opcode::SetI);
  i.x = static_cast<uint16_t>(rd);
  i.f[0] = static_cast<uint32_t>(imm);
  return i;
}

Instr encodeAddI(unsigned rd, unsigned rs, int32_t imm) {
  Instr i = make(Opcode::AddI);
  i.x = static_cast<uint16_t>(rd);
  i.f[0] = static_cast<uint32_t>(imm);
  i.f[1] = rs;
  return i;
}

Instr encodeLoop(uint32_t count) {
  Instr i = make(Opcode::Loop);
  i.f[0] = count;
  return i;
}

Instr encodeSimple(Opcode op) { return make(op); }

LoadFields decodeLoad(const Instr &i) {
  LoadFields f;
  f.space = static_cast<Space>(i.flags & 1u);
  f.array = i.x;
  f.dst = i.f[0];
  f.src = i.f[1];
  f.rows = i.f[2];
  f.rowBytes = i.f[3];
  f.srcStride = i.f[4];
  f.dstStride = i.f[5];
  f.slot = i.f[6];
  return f;
}

StoreFields decodeStore(const Instr &i) {
  StoreFields f;
  f.dst = i.f[0];
  f.src = i.f[1];
  f.rows = i.f[2];
  f.rowBytes = i.f[3];
  f.dstStride = i.f[4];
  f.srcStride = i.f[5];
  f.slot = i.f[6];
  return f;
}

TGenFields decodeTGen(const Instr &i) {
  TGenFields f;
  f.act = static_cast<ActType>(i.flags & 1u);
  f.table = static_cast<TableType>((i.flags >> 1) & 3u);
  f.prologue = static_cast<Prologue>((i.flags >> 3) & 3u);
  f.k = ((i.flags >> 5) & 7u) + 1;
  f.groupUnits = i.x;
  f.src = i.f[0];
  f.dstTables = i.f[1];
  f.rows = i.f[2];
  f.kdim = i.f[3];
  f.srcStride = i.f[4];
  f.prologueVec = i.f[5];
  f.dstRowInfo = i.f[6];
  return f;
}

LmmaFields decodeLmma(const Instr &i) {
  LmmaFields f;
  f.bits = (i.flags & 7u) + 1;
  f.clear = (i.flags & 8u) != 0;
  f.table = static_cast<TableType>((i.flags >> 4) & 3u);
  f.array = i.x;
  f.acc = i.f[0];
  f.tables = i.f[1];
  f.weights = i.f[2];
  f.rows = i.f[3];
  f.shape = unpackTile(i.f[4]);
  f.planeStride = i.f[5];
  return f;
}

EpiFields decodeEpi(const Instr &i) {
  EpiFields f;
  f.init = (i.flags & 1u) != 0;
  f.clearAcc = (i.flags & 2u) != 0;
  f.table = static_cast<TableType>((i.flags >> 2) & 3u);
  f.array = i.x;
  f.out = i.f[0];
  f.acc = i.f[1];
  f.consts = i.f[2];
  f.rowInfo = i.f[3];
  f.shape = unpackTile(i.f[4]);
  f.outStride = i.f[5];
  f.rows = i.f[6];
  return f;
}

//===----------------------------------------------------------------------===//
// Disassembly
//===----------------------------------------------------------------------===//

static std::string addr(uint32_t field) {
  return "r" + std::to_string(addrReg(field)) + "+" +
         std::to_string(addrOffset(field));
}

static std::string tileName(TileShape t) {
  return "m" + std::to_string(t.m) + "n" + std::to_string(t.n) + "k" +
         std::to_string(t.k);
}

// Names of enum values that are out of range print as their number, so an
// invalid instruction still disassembles (and fails to assemble back).
static std::string tableName(TableType t) {
  unsigned v = static_cast<unsigned>(t);
  return v <= 2 ? tableTypeName(t) : "t" + std::to_string(v);
}

static const char *accumName(TableType t) {
  return isIntegerTable(t) ? "i32" : "f32";
}

std::string disassemble(const Instr &i) {
  std::ostringstream os;
  const Opcode op = static_cast<Opcode>(i.opcode);
  switch (op) {
  case Opcode::Nop:
  case Opcode::EndL:
  case Opcode::Sync:
  case Opcode::Halt:
    os << opcodeName(op);
    break;
  case Opcode::SetI:
    os << "seti r" << i.x << ", " << static_cast<int32_t>(i.f[0]);
    break;
  case Opcode::AddI:
    os << "addi r" << i.x << ", r" << i.f[1] << ", "
       << static_cast<int32_t>(i.f[0]);
    break;
  case Opcode::Loop:
    os << "loop " << i.f[0];
    break;
  case Opcode::Load: {
    LoadFields f = decodeLoad(i);
    os << (f.space == Space::Tbuf
               ? "load.tbuf a" + std::to_string(f.array) + " "
               : std::string("load.smem "))
       << "dst=" << addr(f.dst) << " src=" << addr(f.src) << " rows=" << f.rows
       << " rb=" << f.rowBytes << " ss=" << f.srcStride << " ds=" << f.dstStride
       << " slot=" << f.slot;
    break;
  }
  case Opcode::Store: {
    StoreFields f = decodeStore(i);
    os << "store dst=" << addr(f.dst) << " src=" << addr(f.src)
       << " rows=" << f.rows << " rb=" << f.rowBytes << " ds=" << f.dstStride
       << " ss=" << f.srcStride << " slot=" << f.slot;
    break;
  }
  case Opcode::TGen: {
    TGenFields f = decodeTGen(i);
    unsigned p = static_cast<unsigned>(f.prologue);
    os << "tgen.k" << f.k << "." << actTypeName(f.act) << "."
       << tableName(f.table);
    if (f.prologue != Prologue::None)
      os << "." << (p <= 2 ? prologueName(f.prologue) : "p3");
    os << " g=" << static_cast<uint64_t>(f.groupUnits) * f.k
       << " src=" << addr(f.src) << " tbl=" << addr(f.dstTables)
       << " info=" << addr(f.dstRowInfo) << " rows=" << f.rows
       << " kd=" << f.kdim << " ss=" << f.srcStride;
    if (f.prologue != Prologue::None || f.prologueVec != 0)
      os << " vec=" << addr(f.prologueVec);
    break;
  }
  case Opcode::Lmma: {
    LmmaFields f = decodeLmma(i);
    os << "lmma." << tileName(f.shape) << "." << tableName(f.table) << ".w"
       << f.bits << "." << accumName(f.table) << ".f32 a" << f.array
       << " acc=" << f.acc << " tbl=" << addr(f.tables)
       << " w=" << addr(f.weights) << " rows=" << f.rows
       << " ps=" << f.planeStride;
    if (f.clear)
      os << " clear";
    break;
  }
  case Opcode::Epi: {
    EpiFields f = decodeEpi(i);
    os << "epi." << tileName(f.shape) << "." << tableName(f.table) << "."
       << accumName(f.table) << ".f32 a" << f.array << " acc=" << f.acc
       << " out=" << addr(f.out) << " c=" << addr(f.consts)
       << " info=" << addr(f.rowInfo) << " rows=" << f.rows
       << " os=" << f.outStride;
    if (f.init)
      os << " init";
    if (f.clearAcc)
      os << " clear";
    break;
  }
  default: {
    // Unknown opcode: show the raw words so a dump of a bad blob is useful.
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%02x", i.opcode);
    os << ".word opcode=" << buf << " flags=" << unsigned(i.flags)
       << " x=" << i.x;
    for (int k = 0; k < 7; ++k)
      os << " f" << k << "=" << i.f[k];
    break;
  }
  }
  return os.str();
}

//===----------------------------------------------------------------------===//
// Assembly
//===----------------------------------------------------------------------===//

namespace {

/// One line being parsed; every error names it.
class LineParser {
public:
  explicit LineParser(const std::string &line) : line_(line) {
    std::string cur;
    for (char c : line) {
      if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
        if (!cur.empty())
          tokens_.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (!cur.empty())
      tokens_.push_back(cur);
  }

  template <typename... Parts>
  [[noreturn]] void error(const Parts &...p) const {
    fail("lut-tc assembly '", line_, "': ", p...);
  }

  const std::vector<std::string> &tokens() const { return tokens_; }

  /// A number: decimal or 0x hex, optional sign, within [lo, hi].
  int64_t number(const std::string &text, int64_t lo, int64_t hi,
                 const char *what) const {
    if (text.empty())
      error(what, " is empty");
    errno = 0;
    char *end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 0);
    if (errno || *end != '\0')
      error(what, " '", text, "' is not a number");
    if (v < lo || v > hi)
      error(what, " ", v, " is out of range [", lo, ", ", hi, "]");
    return v;
  }

  /// `rN+off`, `rN` or `off`.
  uint32_t address(const std::string &text, const char *what) const {
    unsigned reg = 0;
    std::string off = text;
    if (!text.empty() && text[0] == 'r') {
      size_t plus = text.find('+');
      std::string r = text.substr(
          1, plus == std::string::npos ? std::string::npos : plus - 1);
      reg = static_cast<unsigned>(number(r, 0, kNumRegs - 1, what));
      off = plus == std::string::npos ? "0" : text.substr(plus + 1);
    }
    uint32_t o = static_cast<uint32_t>(number(off, 0, kMaxOffset, what));
    return packAddr(reg, o);
  }

  unsigned reg(const std::string &text, const char *what) const {
    if (text.size() < 2 || text[0] != 'r')
      error(what, " '", text, "' is not a register rN");
    return static_cast<unsigned>(number(text.substr(1), 0, 0xFFFF, what));
  }

  /// Operands after the mnemonic: `key=value` pairs and bare words (flags,
  /// the array `aN`). Each must be consumed exactly once.
  void parseOperands(size_t from) {
    for (size_t t = from; t < tokens_.size(); ++t) {
      const std::string &tok = tokens_[t];
      size_t eq = tok.find('=');
      if (eq == std::string::npos) {
        if (!words_.insert(tok).second)
          error("'", tok, "' is given twice");
      } else {
        std::string key = tok.substr(0, eq);
        if (!keys_.emplace(key, tok.substr(eq + 1)).second)
          error("'", key, "' is given twice");
      }
    }
  }
  std::string take(const char *key) {
    auto it = keys_.find(key);
    if (it == keys_.end())
      error("missing operand '", key, "='");
    std::string v = it->second;
    keys_.erase(it);
    return v;
  }
  bool has(const char *key) const { return keys_.count(key) != 0; }
  bool takeWord(const std::string &word) { return words_.erase(word) != 0; }
  /// The array operand `aN`.
  unsigned takeArray() {
    for (const std::string &w : words_)
      if (w.size() >= 2 && w[0] == 'a' &&
          std::isdigit(static_cast<unsigned char>(w[1]))) {
        unsigned a =
            static_cast<unsigned>(number(w.substr(1), 0, 0xFFFF, "array"));
        words_.erase(w);
        return a;
      }
    error("missing array operand 'aN'");
  }
  void finish() const {
    if (!keys_.empty())
      error("unknown operand '", keys_.begin()->first, "='");
    if (!words_.empty())
      error("unexpected '", *words_.begin(), "'");
  }

private:
  std::string line_;
  std::vector<std::string> tokens_;
  std::map<std::string, std::string> keys_;
  std::set<std::string> words_;
};

std::vector<std::string> splitDots(const std::string &s) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == '.') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

TableType parseTable(const LineParser &p, const std::string &s) {
  if (s == "f16")
    return TableType::F16;
  if (s == "i8")
    return TableType::I8;
  if (s == "i16")
    return TableType::I16;
  p.error("unknown table type '", s, "' (f16, i8 or i16)");
}

/// "m2n64k4"
TileShape parseTile(const LineParser &p, const std::string &s) {
  size_t n = s.find('n'), k = s.find('k');
  if (s.empty() || s[0] != 'm' || n == std::string::npos ||
      k == std::string::npos || n > k)
    p.error("tile '", s, "' is not mMnNkK");
  TileShape t;
  t.m = static_cast<unsigned>(p.number(s.substr(1, n - 1), 0, 255, "tile M"));
  t.n = static_cast<unsigned>(
      p.number(s.substr(n + 1, k - n - 1), 0, 65535, "tile N"));
  t.k = static_cast<unsigned>(p.number(s.substr(k + 1), 0, 255, "tile K"));
  return t;
}

uint32_t u32(LineParser &p, const char *key) {
  return static_cast<uint32_t>(p.number(p.take(key), 0, UINT32_MAX, key));
}

} // namespace

Instr assemble(const std::string &line) {
  LineParser p(line);
  const auto &tok = p.tokens();
  if (tok.empty())
    p.error("empty line");
  std::vector<std::string> mn = splitDots(tok[0]);
  const std::string &op = mn[0];
  auto expectParts = [&](size_t n) {
    if (mn.size() != n)
      p.error("mnemonic '", tok[0], "' has ", mn.size() - 1,
              " suffixes, expected ", n - 1);
  };
  auto expectTokens = [&](size_t n) {
    if (tok.size() != n)
      p.error("'", op, "' takes ", n - 1, " operands");
  };

  if (op == "nop" || op == "endl" || op == "sync" || op == "halt") {
    expectParts(1);
    expectTokens(1);
    return encodeSimple(op == "nop"    ? Opcode::Nop
                        : op == "endl" ? Opcode::EndL
                        : op == "sync" ? Opcode::Sync
                                       : Opcode::Halt);
  }
  if (op == "seti") {
    expectParts(1);
    expectTokens(3);
    unsigned rd = p.reg(tok[1], "destination");
    int64_t imm = p.number(tok[2], INT32_MIN, UINT32_MAX, "immediate");
    return encodeSetI(rd, static_cast<int32_t>(static_cast<uint32_t>(imm)));
  }
  if (op == "addi") {
    expectParts(1);
    expectTokens(4);
    unsigned rd = p.reg(tok[1], "destination");
    unsigned rs = p.reg(tok[2], "source");
    int64_t imm = p.number(tok[3], INT32_MIN, UINT32_MAX, "immediate");
    return encodeAddI(rd, rs, static_cast<int32_t>(static_cast<uint32_t>(imm)));
  }
  if (op == "loop") {
    expectParts(1);
    expectTokens(2);
    return encodeLoop(
        static_cast<uint32_t>(p.number(tok[1], 0, UINT32_MAX, "count")));
  }

  p.parseOperands(1);
  if (op == "load") {
    expectParts(2);
    LoadFields f;
    if (mn[1] == "smem")
      f.space = Space::Smem;
    else if (mn[1] == "tbuf") {
      f.space = Space::Tbuf;
      f.array = p.takeArray();
    } else
      p.error("load destination '", mn[1], "' is not smem or tbuf");
    f.dst = p.address(p.take("dst"), "dst");
    f.src = p.address(p.take("src"), "src");
    f.rows = u32(p, "rows");
    f.rowBytes = u32(p, "rb");
    f.srcStride = u32(p, "ss");
    f.dstStride = u32(p, "ds");
    f.slot = u32(p, "slot");
    p.finish();
    return encodeLoad(f);
  }
  if (op == "store") {
    expectParts(1);
    StoreFields f;
    f.dst = p.address(p.take("dst"), "dst");
    f.src = p.address(p.take("src"), "src");
    f.rows = u32(p, "rows");
    f.rowBytes = u32(p, "rb");
    f.dstStride = u32(p, "ds");
    f.srcStride = u32(p, "ss");
    f.slot = u32(p, "slot");
    p.finish();
    return encodeStore(f);
  }
  if (op == "tgen") {
    // tgen.k<K>.<act>.<table>[.<prologue>]
    if (mn.size() != 4 && mn.size() != 5)
      p.error("mnemonic '", tok[0], "' is not tgen.kK.act.table[.mul|.add]");
    TGenFields f;
    if (mn[1].size() < 2 || mn[1][0] != 'k')
      p.error("'", mn[1], "' is not kK");
    f.k = static_cast<unsigned>(p.number(mn[1].substr(1), 1, 8, "K"));
    if (mn[2] == "f16")
      f.act = ActType::F16;
    else if (mn[2] == "i8")
      f.act = ActType::I8;
    else
      p.error("unknown activation type '", mn[2], "' (f16 or i8)");
    f.table = parseTable(p, mn[3]);
    if (mn.size() == 5) {
      if (mn[4] == "mul")
        f.prologue = Prologue::Mul;
      else if (mn[4] == "add")
        f.prologue = Prologue::Add;
      else
        p.error("unknown prologue '", mn[4], "' (mul or add)");
    }
    int64_t g = p.number(p.take("g"), 1, int64_t(0xFFFF) * f.k, "g");
    if (g % f.k)
      p.error("group size g=", g, " is not a multiple of K=", f.k);
    f.groupUnits = static_cast<unsigned>(g / f.k);
    f.src = p.address(p.take("src"), "src");
    f.dstTables = p.address(p.take("tbl"), "tbl");
    f.dstRowInfo = p.address(p.take("info"), "info");
    f.rows = u32(p, "rows");
    f.kdim = u32(p, "kd");
    f.srcStride = u32(p, "ss");
    if (p.has("vec"))
      f.prologueVec = p.address(p.take("vec"), "vec");
    else if (f.prologue != Prologue::None)
      p.error("a '", prologueName(f.prologue), "' prologue needs vec=");
    p.finish();
    return encodeTGen(f);
  }
  if (op == "lmma") {
    // lmma.<tile>.<table>.w<bits>.<accum>.<out>
    expectParts(6);
    LmmaFields f;
    f.shape = parseTile(p, mn[1]);
    f.table = parseTable(p, mn[2]);
    if (mn[3].size() < 2 || mn[3][0] != 'w')
      p.error("'", mn[3], "' is not w<bits>");
    f.bits = static_cast<unsigned>(p.number(mn[3].substr(1), 1, 8, "bits"));
    if (mn[4] != accumName(f.table))
      p.error("accumulator type '", mn[4], "' does not match ",
              tableTypeName(f.table), " tables (", accumName(f.table), ")");
    if (mn[5] != "f32")
      p.error("output type '", mn[5], "' is not f32");
    f.array = p.takeArray();
    f.acc = u32(p, "acc");
    f.tables = p.address(p.take("tbl"), "tbl");
    f.weights = p.address(p.take("w"), "w");
    f.rows = u32(p, "rows");
    f.planeStride = u32(p, "ps");
    f.clear = p.takeWord("clear");
    p.finish();
    return encodeLmma(f);
  }
  if (op == "epi") {
    // epi.<tile>.<table>.<accum>.<out>
    expectParts(5);
    EpiFields f;
    f.shape = parseTile(p, mn[1]);
    f.table = parseTable(p, mn[2]);
    if (mn[3] != accumName(f.table))
      p.error("accumulator type '", mn[3], "' does not match ",
              tableTypeName(f.table), " tables (", accumName(f.table), ")");
    if (mn[4] != "f32")
      p.error("output type '", mn[4], "' is not f32");
    f.array = p.takeArray();
    f.acc = u32(p, "acc");
    f.out = p.address(p.take("out"), "out");
    f.consts = p.address(p.take("c"), "c");
    f.rowInfo = p.address(p.take("info"), "info");
    f.rows = u32(p, "rows");
    f.outStride = u32(p, "os");
    f.init = p.takeWord("init");
    f.clearAcc = p.takeWord("clear");
    p.finish();
    return encodeEpi(f);
  }
  p.error("unknown mnemonic '", tok[0], "'");
}

std::vector<std::vector<Instr>> assembleProgram(const std::string &text) {
  std::vector<std::vector<Instr>> cores;
  std::istringstream in(text);
  std::string raw;
  size_t lineNo = 0;
  while (std::getline(in, raw)) {
    ++lineNo;
    std::string line = raw;
    size_t hash = line.find('#');
    size_t slashes = line.find("//");
    line = line.substr(0, std::min(hash, slashes));
    size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos)
      continue;
    size_t e = line.find_last_not_of(" \t\r");
    line = line.substr(b, e - b + 1);
    try {
      if (line.rfind("core", 0) == 0 && line.back() == ':') {
        std::string n = line.substr(4, line.size() - 5);
        size_t nb = n.find_first_not_of(' ');
        char *end = nullptr;
        unsigned long c = nb == std::string::npos
                              ? ~0ul
                              : std::strtoul(n.c_str() + nb, &end, 10);
        if (nb == std::string::npos || *end != '\0' || c != cores.size())
          fail("expected 'core ", cores.size(), ":'");
        cores.emplace_back();
        continue;
      }
      if (cores.empty())
        fail("an instruction before the first 'core N:' section");
      cores.back().push_back(assemble(line));
    } catch (const Error &err) {
      fail("line ", lineNo, ": ", err.what());
    }
  }
  if (cores.empty())
    fail("lut-tc assembly: no 'core 0:' section");
  return cores;
}

std::vector<std::string> disassembleStream(const std::vector<Instr> &stream) {
  std::vector<std::string> lines;
  int depth = 0;
  for (const Instr &i : stream) {
    Opcode op = static_cast<Opcode>(i.opcode);
    if (op == Opcode::EndL && depth > 0)
      --depth;
    lines.push_back(std::string(2 * depth, ' ') + disassemble(i));
    if (op == Opcode::Loop)
      ++depth;
  }
  return lines;
}

std::string disassembleProgram(const Program &program) {
  std::string out;
  for (size_t c = 0; c < program.cores.size(); ++c) {
    out += "core " + std::to_string(c) + ":\n";
    for (const std::string &l : disassembleStream(program.cores[c]))
      out += "  " + l + "\n";
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Program blobs
//===----------------------------------------------------------------------===//

std::string buildProgram(const std::vector<std::vector<Instr>> &cores,
                         uint32_t numSlots) {
  ProgramHeader h;
  std::memcpy(h.magic, kProgramMagic, sizeof h.magic);
  h.numCores = static_cast<uint32_t>(cores.size());
  h.numSlots = numSlots;
  for (const auto &c : cores)
    h.numInstrs += c.size();
  std::string out(sizeof h + cores.size() * sizeof(CoreStream) +
                      h.numInstrs * kInstrBytes,
                  '\0');
  char *p = out.data();
  std::memcpy(p, &h, sizeof h);
  p += sizeof h;
  uint64_t first = 0;
  for (const auto &c : cores) {
    CoreStream s{first, c.size()};
    std::memcpy(p, &s, sizeof s);
    p += sizeof s;
    first += c.size();
  }
  for (const auto &c : cores)
    if (!c.empty()) {
      std::memcpy(p, c.data(), c.size() * kInstrBytes);
      p += c.size() * kInstrBytes;
    }
  return out;
}

Program readProgram(const void *data, size_t size,
                    const std::string &stepName) {
  auto bad = [&](const auto &...parts) {
    fail("device program of step '", stepName, "': ", parts...);
  };
  const uint8_t *bytes = static_cast<const uint8_t *>(data);
  ProgramHeader h;
  if (size < sizeof h)
    bad("blob of ", size, " bytes is smaller than the ", sizeof h,
        "-byte header");
  std::memcpy(&h, bytes, sizeof h);
  if (std::memcmp(h.magic, kProgramMagic, sizeof h.magic) != 0)
    bad("bad magic (not a LUT-TC program)");
  if (h.version != kProgramVersion)
    bad("version ", h.version, " is not supported (this runtime reads version ",
        kProgramVersion, ")");
  if (h.reserved != 0)
    bad("reserved header field is ", h.reserved, ", must be 0");
  if (h.numCores == 0)
    bad("no cores");
  // Sizes in 64 bits: numCores < 2^32 and numInstrs is bounded by the blob.
  const uint64_t tableEnd =
      sizeof h + uint64_t(h.numCores) * sizeof(CoreStream);
  if (tableEnd > size)
    bad(h.numCores, " core streams do not fit in ", size, " bytes");
  if (h.numInstrs > (size - tableEnd) / kInstrBytes ||
      tableEnd + h.numInstrs * kInstrBytes != size)
    bad("size ", size, " bytes does not match ", h.numCores, " cores and ",
        h.numInstrs, " instructions (expected ",
        h.numInstrs <= (size - tableEnd) / kInstrBytes
            ? tableEnd + h.numInstrs * kInstrBytes
            : 0,
        ")");
  Program p;
  p.numSlots = h.numSlots;
  p.cores.resize(h.numCores);
  const uint8_t *instrs = bytes + tableEnd;
  for (uint32_t c = 0; c < h.numCores; ++c) {
    CoreStream s;
    std::memcpy(&s, bytes + sizeof h + c * sizeof s, sizeof s);
    if (s.first > h.numInstrs || s.count > h.numInstrs - s.first)
      bad("core ", c, ": stream [", s.first, ", +", s.count,
          ") is outside the ", h.numInstrs, " instructions");
    if (s.count == 0)
      bad("core ", c, ": empty stream (every stream ends with halt)");
    p.cores[c].resize(s.count);
    std::memcpy(p.cores[c].data(), instrs + s.first * kInstrBytes,
                s.count * kInstrBytes);
  }
  return p;
}

std::string instrContext(const std::string &stepName, size_t core, size_t index,
                         const Instr &instr) {
  std::ostringstream os;
  os << "device program of step '" << stepName << "': core " << core
     << ", instruction " << index << " (";
  if (const char *n = opcodeName(static_cast<Opcode>(instr.opcode)))
    os << n;
  else {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", instr.opcode);
    os << "opcode " << buf;
  }
  os << ")";
  return os.str();
}

namespace {

/// Static checks of one instruction; returns "" or what is wrong.
std::string checkInstr(const Instr &i, const Program &prog,
                       const ProgramLimits &lim) {
  std::ostringstream os;
  auto reserved = [&](uint8_t flagMask, bool xUsed, unsigned fieldsUsed) {
    if (i.flags & ~flagMask)
      os << "reserved flag bits 0x" << std::hex << unsigned(i.flags & ~flagMask)
         << " are set";
    else if (!xUsed && i.x)
      os << "reserved field x is " << i.x << ", must be 0";
    else
      for (unsigned k = fieldsUsed; k < 7; ++k)
        if (i.f[k]) {
          os << "reserved field f" << k << " is " << i.f[k] << ", must be 0";
          break;
        }
    return os.str();
  };
  auto slotCheck = [&](unsigned slot, bool write) -> std::string {
    std::ostringstream e;
    if (slot >= prog.numSlots)
      e << "slot " << slot << " is out of range (the launch has "
        << prog.numSlots << " slots)";
    else if (write && lim.numInputs >= 0 && slot < lim.numInputs)
      e << "slot " << slot << " is an input of the step (read-only); stores go "
        << "to output slots " << lim.numInputs << ".." << prog.numSlots - 1;
    return e.str();
  };
  auto shapeCheck = [&](TileShape t, uint32_t rows) -> std::string {
    std::ostringstream e;
    if (t.m == 0 || t.n == 0 || t.k == 0 || t.k > 8)
      e << "tile " << tileName(t) << " needs M, N >= 1 and K in 1..8";
    else if ((uint64_t(t.n) * t.k) % 8)
      e << "tile " << tileName(t) << ": N*K = " << t.n * t.k
        << " is not a multiple of 8";
    else if (lim.config && !(t == lim.config->tile))
      e << "tile " << tileName(t) << " is not the configured tile "
        << tileName(lim.config->tile);
    else if (rows == 0 || rows > t.m)
      e << "rows=" << rows << " must be in 1..M (M=" << t.m << ")";
    return e.str();
  };
  auto arrayCheck = [&](unsigned array, uint32_t acc) -> std::string {
    std::ostringstream e;
    if (lim.config && array >= lim.config->arraysPerCore)
      e << "array " << array << " is out of range (a core has "
        << lim.config->arraysPerCore << " arrays)";
    else if (lim.config && acc >= lim.config->accTiles)
      e << "accumulator tile " << acc << " overflows the array's "
        << lim.config->accTiles << " tiles (tile overflow)";
    return e.str();
  };

  switch (static_cast<Opcode>(i.opcode)) {
  case Opcode::Nop:
  case Opcode::EndL:
  case Opcode::Sync:
  case Opcode::Halt:
    return reserved(0, false, 0);
  case Opcode::SetI:
  case Opcode::AddI: {
    bool add = i.opcode == uint8_t(Opcode::AddI);
    std::string r = reserved(0, true, add ? 2 : 1);
    if (!r.empty())
      return r;
    if (i.x >= kNumRegs)
      return "destination register r" + std::to_string(i.x) +
             " does not exist (r0..r15)";
    if (i.x == 0)
      return "writes r0, which always reads as zero";
    if (add && i.f[1] >= kNumRegs)
      return "source register r" + std::to_string(i.f[1]) +
             " does not exist (r0..r15)";
    return "";
  }
  case Opcode::Loop: {
    std::string r = reserved(0, false, 1);
    if (!r.empty())
      return r;
    if (i.f[0] == 0)
      return "loop count 0 (counts are >= 1)";
    return "";
  }
  case Opcode::Load: {
    std::string r = reserved(1, true, 7);
    if (!r.empty())
      return r;
    LoadFields f = decodeLoad(i);
    if (f.space == Space::Smem && f.array)
      return "array a" + std::to_string(f.array) +
             " given for an SMEM destination";
    if (f.space == Space::Tbuf && lim.config &&
        f.array >= lim.config->arraysPerCore)
      return "array " + std::to_string(f.array) +
             " is out of range (a core has " +
             std::to_string(lim.config->arraysPerCore) + " arrays)";
    if (f.rows == 0 || f.rowBytes == 0)
      return "empty copy (rows and rb must be >= 1)";
    return slotCheck(f.slot, false);
  }
  case Opcode::Store: {
    std::string r = reserved(0, false, 7);
    if (!r.empty())
      return r;
    StoreFields f = decodeStore(i);
    if (f.rows == 0 || f.rowBytes == 0)
      return "empty copy (rows and rb must be >= 1)";
    return slotCheck(f.slot, true);
  }
  case Opcode::TGen: {
    std::string r = reserved(0xFF, true, 7);
    if (!r.empty())
      return r;
    TGenFields f = decodeTGen(i);
    if (static_cast<unsigned>(f.table) > 2)
      return "table type 3 does not exist (f16, i8, i16)";
    if (static_cast<unsigned>(f.prologue) > 2)
      return "prologue 3 does not exist (none, mul, add)";
    if (const char *why = actTableError(f.act, f.table))
      return why;
    if (f.prologue == Prologue::None && f.prologueVec)
      return "vec= given without a prologue";
    if (f.groupUnits == 0)
      return "group size 0";
    uint64_t g = uint64_t(f.groupUnits) * f.k;
    if (f.rows == 0 || f.kdim == 0)
      return "rows and kd must be >= 1";
    if (f.kdim % g)
      return "kd=" + std::to_string(f.kdim) +
             " is not a multiple of the group size " + std::to_string(g);
    // Integer group sums travel as f32 in rowinfo: keep them exact.
    if (f.act == ActType::I8 && g * 127 >= (1u << 24))
      return "group size " + std::to_string(g) +
             " is too large for exact i8 group sums (max 132104)";
    return "";
  }
  case Opcode::Lmma: {
    std::string r = reserved(0x3F, true, 6);
    if (!r.empty())
      return r;
    LmmaFields f = decodeLmma(i);
    if (static_cast<unsigned>(f.table) > 2)
      return "table type 3 does not exist (f16, i8, i16)";
    std::string e = shapeCheck(f.shape, f.rows);
    return e.empty() ? arrayCheck(f.array, f.acc) : e;
  }
  case Opcode::Epi: {
    std::string r = reserved(0x0F, true, 7);
    if (!r.empty())
      return r;
    EpiFields f = decodeEpi(i);
    if (static_cast<unsigned>(f.table) > 2)
      return "table type 3 does not exist (f16, i8, i16)";
    std::string e = shapeCheck(f.shape, f.rows);
    return e.empty() ? arrayCheck(f.array, f.acc) : e;
  }
  }
  return "unknown opcode";
}

} // namespace

void validateProgram(const Program &prog, const std::string &stepName,
                     const ProgramLimits &lim) {
  auto bad = [&](const auto &...parts) {
    fail("device program of step '", stepName, "': ", parts...);
  };
  if (lim.config && prog.cores.size() > lim.config->cores)
    bad(prog.cores.size(), " cores, the device has ", lim.config->cores);
  if (lim.numInputs >= 0 && lim.numOutputs >= 0 &&
      prog.numSlots != uint64_t(lim.numInputs + lim.numOutputs))
    bad(prog.numSlots, " DRAM slots, the step has ", lim.numInputs,
        " inputs and ", lim.numOutputs, " outputs");
  for (size_t c = 0; c < prog.cores.size(); ++c) {
    const auto &s = prog.cores[c];
    if (s.empty())
      bad("core ", c, ": empty stream (every stream ends with halt)");
    int depth = 0;
    for (size_t k = 0; k < s.size(); ++k) {
      const Instr &i = s[k];
      std::string what = checkInstr(i, prog, lim);
      Opcode op = static_cast<Opcode>(i.opcode);
      if (what.empty()) {
        if (op == Opcode::Loop && ++depth > int(kMaxLoopDepth))
          what = "loop nesting depth " + std::to_string(depth) + " exceeds " +
                 std::to_string(kMaxLoopDepth);
        else if (op == Opcode::EndL && --depth < 0)
          what = "endl without a matching loop";
        else if (op == Opcode::Halt && k + 1 != s.size())
          what = "halt before the end of the stream";
      }
      if (what.empty() && k + 1 == s.size()) {
        if (op != Opcode::Halt)
          what = "the stream does not end with halt";
        else if (depth > 0)
          what = std::to_string(depth) + " loop(s) not closed by endl";
      }
      if (!what.empty())
        fail(instrContext(stepName, c, k, i), ": ", what);
    }
  }
}

Program parseProgram(const void *data, size_t size, const std::string &stepName,
                     const ProgramLimits &limits) {
  Program p = readProgram(data, size, stepName);
  validateProgram(p, stepName, limits);
  return p;
}

std::string checkProgram(const void *data, size_t size,
                         const std::string &stepName,
                         const ProgramLimits &limits) {
  try {
    parseProgram(data, size, stepName, limits);
    return "";
  } catch (const std::exception &e) {
    return e.what();
  }
}

} // namespace kiln::rt::lut
