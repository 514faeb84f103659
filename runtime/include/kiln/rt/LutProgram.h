//===- LutProgram.h - LUT-TC program blobs and assembly text ----*- C++ -*-===//
//
// Whole device programs for the LUT Tensor Core (docs/isa/lut-tc.md): the
// blob builder the compiler's emitter uses, the reader and validator the
// simulator and kiln-objdump use, and a text assembler that parses exactly
// what disassemble() prints, so tests and benchmarks can write programs as
// text. The instruction encoding itself is kiln/rt/LutIsa.h.
//
// Assembly text of a program:
//
//   core 0:
//     seti r1, 0
//     loop 4
//       load.smem dst=r1+0 src=r0+0 rows=1 rb=64 ss=64 ds=64 slot=0
//       addi r1, r1, 64
//     endl
//     halt
//   core 1:
//     halt
//
// Sections `core N:` come in order from 0; indentation is free; `#` and `//`
// start comments. Nothing is added implicitly (write the `halt`).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_LUTPROGRAM_H
#define KILN_RT_LUTPROGRAM_H

#include "kiln/rt/LutIsa.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::rt::lut {

struct LutConfig;

/// Parses one line of assembly (as disassemble() prints it); throws Error
/// naming the line and what is wrong.
Instr assemble(const std::string &line);
/// Parses a whole program (see the file comment) into one instruction
/// stream per core.
std::vector<std::vector<Instr>> assembleProgram(const std::string &text);

/// A program blob's contents.
struct Program {
  uint32_t numSlots = 0;
  std::vector<std::vector<Instr>> cores;
};

/// Serializes streams into a blob (ProgramHeader, CoreStream table, the
/// instructions). Does not validate: parseProgram() does.
std::string buildProgram(const std::vector<std::vector<Instr>> &cores,
                         uint32_t numSlots);

/// What a program is checked against beyond its own consistency; parts left
/// unknown (null config, negative counts) are not checked.
struct ProgramLimits {
  const LutConfig *config = nullptr; // cores, arrays, tiles, tile shape
  int64_t numInputs = -1;            // slots [0, numInputs) are read-only
  int64_t numOutputs = -1;           // numSlots must be numInputs + numOutputs
};

/// Reads the blob's structure only (magic, version, sizes, core stream
/// ranges); instructions are not checked. For disassemblers, which should
/// show an invalid program too. Throws Error.
Program readProgram(const void *data, size_t size, const std::string &stepName);

/// Checks every static rule of docs/isa/lut-tc.md ("Validation"): every
/// stream ends with its only HALT, loops balance with depth <= 4 and counts
/// >= 1, registers < 16 and r0 never written, known opcodes, zero reserved
/// bits, flag and field ranges, legal act/table combinations, tile shapes
/// (and equality with the configured tile), slots, arrays and accumulator
/// tiles in range. Throws Error:
///   device program of step '<name>': core <c>, instruction <i> (<mnemonic
///   or opcode 0x..>): <what is wrong>
void validateProgram(const Program &program, const std::string &stepName,
                     const ProgramLimits &limits = {});

/// readProgram + validateProgram.
Program parseProgram(const void *data, size_t size, const std::string &stepName,
                     const ProgramLimits &limits = {});

/// parseProgram without exceptions, for code built with -fno-exceptions
/// (the compiler's emitter checking what it wrote): "" when the blob is
/// valid, else the message parseProgram would throw.
std::string checkProgram(const void *data, size_t size,
                         const std::string &stepName,
                         const ProgramLimits &limits = {});

/// The message prefix for instruction `index` of `core` (also used by the
/// simulator's run-time errors).
std::string instrContext(const std::string &stepName, size_t core, size_t index,
                         const Instr &instr);

/// One core's disassembly, one line per instruction, loop bodies indented by
/// two spaces per level (the assembler accepts it back).
std::vector<std::string> disassembleStream(const std::vector<Instr> &stream);
/// The whole program as assembly text with `core N:` sections.
std::string disassembleProgram(const Program &program);

} // namespace kiln::rt::lut

#endif // KILN_RT_LUTPROGRAM_H
