//===- PimProgramTest.cpp - dimm-pim program blobs: round trip and bad input
//-===//

#include "kiln/rt/PimProgram.h"
#include "kiln/rt/Error.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstring>

using namespace kiln::rt;
using namespace kiln::rt::pim;

namespace {

DramConfig defaultDram() {
  return PimConfig::fromJson(
             nlohmann::json::parse(PimConfig::defaultJsonText()))
      .dram;
}

Program sample() {
  Program p;
  p.channels.resize(2);
  Command a;
  a.op = Opcode::Act;
  a.rank = 3;
  a.bankGroup = 2;
  a.bank = 1;
  a.row = 65535;
  p.channels[0].push_back(a);
  Command r = a;
  r.op = Opcode::Rd;
  r.row = 0;
  r.column = 1016;
  p.channels[0].push_back(r);
  Command f;
  f.op = Opcode::Ref;
  f.rank = 1;
  p.channels[1].push_back(f);
  return p;
}

std::string errorOf(const std::string &blob) {
  try {
    Program p = readProgram(blob.data(), blob.size(), "attn");
    validateProgram(p, defaultDram(), "attn");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(PimProgram, RoundTripsEveryField) {
  Program p = sample();
  std::string blob = buildProgram(p);
  EXPECT_EQ(blob.size(), 32u + 2 * 16 + 3 * 8);
  Program q = readProgram(blob.data(), blob.size(), "attn");
  ASSERT_EQ(q.channels.size(), 2u);
  ASSERT_EQ(q.channels[0].size(), 2u);
  EXPECT_EQ(formatCommand(q.channels[0][0]), "act r3 bg2 b1 row=65535");
  EXPECT_EQ(formatCommand(q.channels[0][1]), "rd r3 bg2 b1 col=1016");
  EXPECT_EQ(formatCommand(q.channels[1][0]), "ref r1");
  EXPECT_EQ(errorOf(blob), "");
  // Every field at its widest value survives encode/decode.
  Command w;
  w.op = Opcode::Wr;
  w.rank = 7;
  w.bankGroup = 7;
  w.bank = 3;
  w.row = kMaxRow;
  w.column = kMaxColumn;
  w.arg = kMaxArg;
  Command d = decode(encode(w));
  EXPECT_EQ(d.op, w.op);
  EXPECT_EQ(d.rank, 7);
  EXPECT_EQ(d.bankGroup, 7);
  EXPECT_EQ(d.bank, 3);
  EXPECT_EQ(d.row, kMaxRow);
  EXPECT_EQ(d.column, kMaxColumn);
  EXPECT_EQ(d.arg, kMaxArg);
}

TEST(PimProgram, MalformedBlobsAreClearErrors) {
  std::string blob = buildProgram(sample());
  EXPECT_NE(errorOf(blob.substr(0, 20)).find("truncated: 20 bytes"),
            std::string::npos);
  EXPECT_NE(errorOf(blob.substr(0, blob.size() - 8))
                .find("does not hold 2 channel streams of 3 commands"),
            std::string::npos);
  std::string b = blob;
  b[0] = 'X';
  EXPECT_NE(errorOf(b).find("bad magic"), std::string::npos);
  b = blob;
  b[8] = 9;
  EXPECT_NE(errorOf(b).find("version 9 is not supported"), std::string::npos);
  // A huge command count is refused before anything is allocated.
  b = blob;
  uint64_t huge = uint64_t(1) << 60;
  std::memcpy(&b[24], &huge, 8);
  EXPECT_NE(errorOf(b).find("does not hold"), std::string::npos);
  b = blob;
  uint32_t channels = 100000;
  std::memcpy(&b[12], &channels, 4);
  EXPECT_NE(errorOf(b).find("100000 channels"), std::string::npos);
  // Overlapping streams.
  b = blob;
  uint64_t first = 1;
  std::memcpy(&b[32 + 16], &first, 8);
  EXPECT_NE(errorOf(b).find("channel 1: stream [1, +1) does not follow"),
            std::string::npos);
}

TEST(PimProgram, OutOfRangeCommandsNameChannelAndCommand) {
  auto withCommand = [](Command c) {
    Program p = sample();
    p.channels[1].push_back(c);
    return errorOf(buildProgram(p));
  };
  Command c;
  c.op = Opcode::Act;
  c.rank = 4; // the default memory has 4 ranks per channel
  EXPECT_EQ(withCommand(c), "device program of step 'attn': channel 1, "
                            "command 1 (act r4 bg0 b0 row=0): rank out of "
                            "range (4 ranks per channel)");
  c.rank = 0;
  c.bankGroup = 4;
  EXPECT_NE(withCommand(c).find("bank out of range"), std::string::npos);
  c.bankGroup = 0;
  c.row = 70000;
  EXPECT_NE(withCommand(c).find("row out of range (65536 rows)"),
            std::string::npos);
  c.row = 0;
  c.op = Opcode::Rd;
  c.column = 12;
  EXPECT_NE(withCommand(c).find("column is not a burst start"),
            std::string::npos);
  c.column = 0;
  c.op = static_cast<Opcode>(0x1F);
  EXPECT_NE(withCommand(c).find("(opcode 0x1f r0 bg0 b0 row=0 col=0 arg=0): "
                                "unknown opcode"),
            std::string::npos);
  Program many;
  many.channels.resize(17);
  EXPECT_NE(errorOf(buildProgram(many))
                .find("17 channel streams, the memory "
                      "has 16 channels"),
            std::string::npos);
}

} // namespace
