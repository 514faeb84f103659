//===- PimIsa.cpp - DIMM-PIM command names and text
//------------------------===//

#include "kiln/rt/PimIsa.h"

#include <sstream>

namespace kiln::rt::pim {

bool isValidOpcode(uint8_t op) { return op < kNumOpcodes; }

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
  default:
    break;
  }
  return nullptr;
}

std::string formatCommand(const Command &c) {
  std::ostringstream os;
  const char *name = opcodeName(c.op);
  if (name)
    os << name;
  else
    os << "opcode 0x" << std::hex << unsigned(c.op) << std::dec;
  os << " r" << unsigned(c.rank);
  switch (c.op) {
  case Opcode::PreA:
  case Opcode::Ref:
    break;
  case Opcode::Act:
    os << " bg" << unsigned(c.bankGroup) << " b" << unsigned(c.bank)
       << " row=" << c.row;
    break;
  case Opcode::Pre:
    os << " bg" << unsigned(c.bankGroup) << " b" << unsigned(c.bank);
    break;
  case Opcode::Rd:
  case Opcode::Wr:
    os << " bg" << unsigned(c.bankGroup) << " b" << unsigned(c.bank)
       << " col=" << c.column;
    break;
  default:
    os << " bg" << unsigned(c.bankGroup) << " b" << unsigned(c.bank)
       << " row=" << c.row << " col=" << c.column << " arg=" << c.arg;
  }
  return os.str();
}

} // namespace kiln::rt::pim
