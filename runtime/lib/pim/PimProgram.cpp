//===- PimProgram.cpp - DIMM-PIM program blobs
//-----------------------------===//

#include "kiln/rt/PimProgram.h"

#include "kiln/rt/Error.h"

#include <cstring>

namespace kiln::rt::pim {

uint64_t Program::numCommands() const {
  uint64_t n = 0;
  for (const auto &c : channels)
    n += c.size();
  return n;
}

std::string buildProgram(const Program &program) {
  ProgramHeader h;
  std::memcpy(h.magic, kProgramMagic, sizeof h.magic);
  h.numChannels = static_cast<uint32_t>(program.channels.size());
  h.numCommands = program.numCommands();
  std::string out(reinterpret_cast<const char *>(&h), sizeof h);
  uint64_t first = 0;
  for (const auto &c : program.channels) {
    ChannelStream s{first, c.size()};
    out.append(reinterpret_cast<const char *>(&s), sizeof s);
    first += c.size();
  }
  for (const auto &c : program.channels)
    for (const Command &cmd : c) {
      uint64_t w = encode(cmd);
      out.append(reinterpret_cast<const char *>(&w), sizeof w);
    }
  return out;
}

Program readProgram(const void *data, size_t size,
                    const std::string &stepName) {
  auto bad = [&](const std::string &what) {
    fail("device program of step '", stepName, "': ", what);
  };
  ProgramHeader h;
  if (size < sizeof h)
    bad("truncated: " + std::to_string(size) + " bytes, the header needs 32");
  std::memcpy(&h, data, sizeof h);
  if (std::memcmp(h.magic, kProgramMagic, sizeof h.magic) != 0)
    bad("not a dimm-pim program (bad magic)");
  if (h.version != kProgramVersion)
    bad("version " + std::to_string(h.version) +
        " is not supported (this "
        "runtime reads version " +
        std::to_string(kProgramVersion) + ")");
  if (h.numChannels == 0 || h.numChannels > kMaxProgramChannels)
    bad(std::to_string(h.numChannels) + " channels (1.." +
        std::to_string(kMaxProgramChannels) + " allowed)");
  if (h.reserved != 0)
    bad("reserved header field is not zero");
  // Sizes are checked against the blob before anything is allocated.
  uint64_t tableBytes = uint64_t(h.numChannels) * sizeof(ChannelStream);
  uint64_t avail = size - sizeof h;
  if (tableBytes > avail || h.numCommands > (avail - tableBytes) / 8 ||
      sizeof h + tableBytes + h.numCommands * 8 != size)
    bad("size " + std::to_string(size) + " bytes does not hold " +
        std::to_string(h.numChannels) + " channel streams of " +
        std::to_string(h.numCommands) + " commands in all");
  const auto *bytes = static_cast<const uint8_t *>(data);
  Program p;
  p.channels.resize(h.numChannels);
  uint64_t expect = 0;
  for (uint32_t c = 0; c < h.numChannels; ++c) {
    ChannelStream s;
    std::memcpy(&s, bytes + sizeof h + c * sizeof s, sizeof s);
    if (s.first != expect || s.count > h.numCommands - s.first)
      bad("channel " + std::to_string(c) + ": stream [" +
          std::to_string(s.first) + ", +" + std::to_string(s.count) +
          ") does not follow the previous one inside " +
          std::to_string(h.numCommands) + " commands");
    expect += s.count;
    p.channels[c].resize(s.count);
    const uint8_t *at = bytes + sizeof h + tableBytes + s.first * 8;
    for (uint64_t i = 0; i < s.count; ++i) {
      uint64_t w;
      std::memcpy(&w, at + i * 8, 8);
      p.channels[c][i] = decode(w);
    }
  }
  if (expect != h.numCommands)
    bad("the channel streams hold " + std::to_string(expect) +
        " commands, the header says " + std::to_string(h.numCommands));
  return p;
}

void validateProgram(const Program &program, const DramConfig &cfg,
                     const std::string &stepName) {
  const DramOrg &o = cfg.org;
  if (program.channels.size() > o.channels)
    fail("device program of step '", stepName, "': ", program.channels.size(),
         " channel streams, the memory has ", o.channels, " channels");
  for (size_t ch = 0; ch < program.channels.size(); ++ch)
    for (size_t i = 0; i < program.channels[ch].size(); ++i) {
      const Command &c = program.channels[ch][i];
      auto bad = [&](const std::string &what) {
        fail("device program of step '", stepName, "': channel ", ch,
             ", command ", i, " (", formatCommand(c), "): ", what);
      };
      if (!isValidOpcode(static_cast<uint8_t>(c.op)))
        bad("unknown opcode");
      if (c.rank >= o.ranksPerChannel())
        bad("rank out of range (" + std::to_string(o.ranksPerChannel()) +
            " ranks per channel)");
      if (c.bankGroup >= o.bankGroups || c.bank >= o.banksPerGroup)
        bad("bank out of range (" + std::to_string(o.bankGroups) +
            " bank groups of " + std::to_string(o.banksPerGroup) + ")");
      if (c.row >= o.rows)
        bad("row out of range (" + std::to_string(o.rows) + " rows)");
      if (c.column >= o.columns || c.column % o.burstLength)
        bad("column is not a burst start below " + std::to_string(o.columns));
    }
}

} // namespace kiln::rt::pim
