//===- PimProgram.h - DIMM-PIM program blobs --------------------*- C++ -*-===//
//
// A dimm-pim device program (docs/isa/dimm-pim.md, "Program blob"):
//
//   ProgramHeader (32 bytes)  magic "KPIMPRG\0", version, channel count,
//                             total command count
//   ChannelStream[channels]   first command index and count of each channel
//   u64 commands[total]       the streams back to back (kiln/rt/PimIsa.h)
//
// The builder is what the compiler's emitter calls; the reader checks the
// structure before it allocates anything; the validator checks every
// command against the machine configuration. Errors read
//   device program of step '<name>': channel <c>, command <i> (<text>): ...
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_PIMPROGRAM_H
#define KILN_RT_PIMPROGRAM_H

#include "kiln/rt/PimConfig.h"
#include "kiln/rt/PimIsa.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::rt::pim {

inline constexpr char kProgramMagic[8] = {'K', 'P', 'I', 'M',
                                          'P', 'R', 'G', '\0'};
inline constexpr uint32_t kProgramVersion = 1;
inline constexpr uint32_t kMaxProgramChannels = 4096;

struct ProgramHeader {
  char magic[8];
  uint32_t version = kProgramVersion;
  uint32_t numChannels = 0;
  uint64_t reserved = 0;
  uint64_t numCommands = 0;
};
static_assert(sizeof(ProgramHeader) == 32, "ProgramHeader must be 32 bytes");
struct ChannelStream {
  uint64_t first = 0;
  uint64_t count = 0;
};
static_assert(sizeof(ChannelStream) == 16, "ChannelStream must be 16 bytes");

struct Program {
  std::vector<std::vector<Command>> channels;
  uint64_t numCommands() const;
};

/// Serializes the streams (does not validate).
std::string buildProgram(const Program &program);
/// Reads the blob's structure (magic, version, sizes, stream ranges); the
/// commands are decoded but not checked. Throws Error.
Program readProgram(const void *data, size_t size, const std::string &stepName);
/// Checks every command against `config`: known opcode, rank, bank group,
/// bank, row and column in range, a column that starts a burst, no more
/// channels than the memory has. Throws Error.
void validateProgram(const Program &program, const DramConfig &config,
                     const std::string &stepName);

} // namespace kiln::rt::pim

#endif // KILN_RT_PIMPROGRAM_H
