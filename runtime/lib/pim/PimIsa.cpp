//===- PimIsa.cpp - DIMM-PIM command names and text
//------------------------===//

#include "kiln/rt/PimIsa.h"

#include <sstream>

namespace kiln::rt::pim {

bool isValidOpcode(uint8_t op) {
  return op <= static_cast<uint8_t>(Opcode::Ref) ||
         (op >= static_cast<uint8_t>(Opcode::Cfg) && op < kNumOpcodes);
}

TimingClass timingClassOf(Opcode op) {
  switch (op) {
  case Opcode::Act:
    return TimingClass::Act;
  case Opcode::Pre:
  case Opcode::PreA:
    return TimingClass::Pre;
  case Opcode::Rd:
    return TimingClass::Rd;
  case Opcode::Wr:
    return TimingClass::Wr;
  case Opcode::Ref:
    return TimingClass::Ref;
  case Opcode::Mac:
    return TimingClass::AllBankRead;
  case Opcode::RdOut:
    return TimingClass::ChannelRead;
  case Opcode::RdPu:
    return TimingClass::RankRead;
  case Opcode::Cfg:
  case Opcode::WrQ:
    return TimingClass::ChannelWrite;
  default:
    break;
  }
  return TimingClass::Internal;
}

const char *opcodeName(Opcode op) {
  switch (op) {
  case Opcode::Act:
    return "act";
  case Opcode::Pre:
    return "pre";
  case Opcode::PreA:
    return "prea";
  case Opcode::Rd:
    return "rd";
  case Opcode::Wr:
    return "wr";
  case Opcode::Ref:
    return "ref";
  case Opcode::Cfg:
    return "cfg";
  case Opcode::WrQ:
    return "wrq";
  case Opcode::Mac:
    return "mac";
  case Opcode::RdRes:
    return "rdres";
  case Opcode::WrP:
    return "wrp";
  case Opcode::Rpu:
    return "rpu";
  case Opcode::RdOut:
    return "rdout";
  case Opcode::RdPu:
    return "rdpu";
  default:
    break;
  }
  return nullptr;
}

std::string formatCommand(const Command &c) {
  std::ostringstream os;
  const char *name = opcodeName(c.op);
  auto bank = [&] {
    os << " bg" << unsigned(c.bankGroup) << " b" << unsigned(c.bank);
  };
  if (!name) {
    os << "opcode 0x" << std::hex << unsigned(c.op) << std::dec << " r"
       << unsigned(c.rank);
    bank();
    os << " row=" << c.row << " col=" << c.column << " arg=" << c.arg;
    return os.str();
  }
  switch (c.op) {
  case Opcode::Mac: {
    MacArg a = decodeMacArg(c.arg);
    os << (a.sv ? "mac.sv" : "mac.qk") << " r" << unsigned(c.rank)
       << " col=" << c.column << " tok=" << a.token << " burst=" << a.burst;
    return os.str();
  }
  case Opcode::RdPu: {
    MacArg a = decodeMacArg(c.arg);
    os << (a.sv ? "rdpu.sv" : "rdpu.qk") << " r" << unsigned(c.rank);
    bank();
    os << " col=" << c.column << " tok=" << a.token << " burst=" << a.burst;
    return os.str();
  }
  case Opcode::RdRes:
    os << (decodeRdResArg(c.arg).outputs ? "rdres.o" : "rdres.s") << " r"
       << unsigned(c.rank);
    bank();
    os << " burst=" << decodeRdResArg(c.arg).burst;
    return os.str();
  case Opcode::Rpu: {
    static const char *const ops[] = {"softmax", "merge", "reset"};
    os << "rpu." << (c.arg < 3 ? ops[c.arg] : "?") << " r" << unsigned(c.rank);
    if (c.arg != uint32_t(RpuOp::Reset))
      bank();
    return os.str();
  }
  default:
    break;
  }
  os << name << " r" << unsigned(c.rank);
  switch (c.op) {
  case Opcode::PreA:
  case Opcode::Ref:
    break;
  case Opcode::Cfg:
    if (decodeCfgArg(c.arg).round)
      os << " round chunk=" << decodeCfgArg(c.arg).firstChunk;
    else
      os << " lengths";
    break;
  case Opcode::Act:
    bank();
    os << " row=" << c.row;
    break;
  case Opcode::Pre:
    bank();
    break;
  case Opcode::Rd:
  case Opcode::Wr:
    bank();
    os << " col=" << c.column;
    break;
  case Opcode::WrQ:
    os << " q=" << decodeWrQArg(c.arg).query
       << " burst=" << decodeWrQArg(c.arg).burst;
    break;
  case Opcode::WrP:
    bank();
    os << " burst=" << c.arg;
    break;
  case Opcode::RdOut:
    os << " burst=" << c.arg;
    break;
  default:
    break;
  }
  return os.str();
}

} // namespace kiln::rt::pim
