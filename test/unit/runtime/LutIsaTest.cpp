//===- LutIsaTest.cpp - LUT-TC encoding, assembly, blobs, validation
//-------===//

#include "LutTestUtil.h"

using namespace luttest;

namespace {

/// One instruction of every opcode, with non-default fields.
std::vector<Instr> everyOpcode() {
  LoadFields ld;
  ld.space = Space::Tbuf;
  ld.array = 3;
  ld.dst = packAddr(2, 64);
  ld.src = packAddr(5, 1000);
  ld.rows = 7;
  ld.rowBytes = 48;
  ld.srcStride = 4096;
  ld.dstStride = 48;
  ld.slot = 2;
  LoadFields lds = ld;
  lds.space = Space::Smem;
  lds.array = 0;
  StoreFields st;
  st.dst = packAddr(1, 12);
  st.src = packAddr(15, kMaxOffset);
  st.rows = 2;
  st.rowBytes = 256;
  st.dstStride = 16384;
  st.srcStride = 256;
  st.slot = 4;
  TGenFields tg;
  tg.act = ActType::I8;
  tg.table = TableType::I16;
  tg.prologue = Prologue::Mul;
  tg.k = 3;
  tg.groupUnits = 11;
  tg.src = packAddr(1, 0);
  tg.dstTables = packAddr(2, 128);
  tg.rows = 2;
  tg.kdim = 66;
  tg.srcStride = 264;
  tg.prologueVec = packAddr(3, 4);
  tg.dstRowInfo = packAddr(4, 8);
  TGenFields tg2 = tg;
  tg2.act = ActType::F16;
  tg2.table = TableType::F16;
  tg2.prologue = Prologue::None;
  tg2.prologueVec = 0;
  tg2.k = 8;
  LmmaFields lm;
  lm.bits = 3;
  lm.clear = true;
  lm.table = TableType::I8;
  lm.array = 1;
  lm.acc = 9;
  lm.tables = packAddr(2, 32);
  lm.weights = packAddr(3, 640);
  lm.rows = 1;
  lm.shape = {2, 64, 4};
  lm.planeStride = 32;
  LmmaFields lm2 = lm;
  lm2.bits = 8;
  lm2.clear = false;
  lm2.table = TableType::F16;
  EpiFields ep;
  ep.init = true;
  ep.clearAcc = true;
  ep.table = TableType::I16;
  ep.array = 2;
  ep.out = packAddr(7, 4096);
  ep.acc = 15;
  ep.consts = packAddr(8, 0);
  ep.rowInfo = packAddr(9, 16);
  ep.shape = {4, 32, 8};
  ep.outStride = 128;
  ep.rows = 3;
  EpiFields ep2 = ep;
  ep2.init = false;
  ep2.clearAcc = false;
  ep2.table = TableType::F16;
  return {encodeSimple(Opcode::Nop),
          encodeSetI(3, -12345),
          encodeSetI(15, 2147483647),
          encodeAddI(4, 0, 64),
          encodeAddI(5, 5, -1),
          encodeLoop(17),
          encodeSimple(Opcode::EndL),
          encodeSimple(Opcode::Sync),
          encodeLoad(ld),
          encodeLoad(lds),
          encodeStore(st),
          encodeTGen(tg),
          encodeTGen(tg2),
          encodeLmma(lm),
          encodeLmma(lm2),
          encodeEpi(ep),
          encodeEpi(ep2),
          encodeSimple(Opcode::Halt)};
}

bool same(const Instr &a, const Instr &b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

/// Validation message of a single-core program.
std::string validationError(const std::string &text,
                            const ProgramLimits &limits = {},
                            uint32_t slots = 4) {
  return errorOf([&] {
    std::string blob = buildProgram(assembleProgram(text), slots);
    parseProgram(blob.data(), blob.size(), "s", limits);
  });
}

std::string validationError(const std::vector<Instr> &stream,
                            const ProgramLimits &limits = {},
                            uint32_t slots = 4) {
  return errorOf([&] {
    std::string blob = buildProgram({stream}, slots);
    parseProgram(blob.data(), blob.size(), "s", limits);
  });
}

} // namespace

TEST(LutIsa, EncodeDecodeRoundTrips) {
  LoadFields ld;
  ld.space = Space::Tbuf;
  ld.array = 3;
  ld.dst = packAddr(2, 64);
  ld.src = packAddr(5, 1000);
  ld.rows = 7;
  ld.rowBytes = 48;
  ld.srcStride = 4096;
  ld.dstStride = 40;
  ld.slot = 2;
  LoadFields l2 = decodeLoad(encodeLoad(ld));
  EXPECT_EQ(l2.space, Space::Tbuf);
  EXPECT_EQ(l2.array, 3u);
  EXPECT_EQ(addrReg(l2.src), 5u);
  EXPECT_EQ(addrOffset(l2.src), 1000u);
  EXPECT_EQ(l2.rows, 7u);
  EXPECT_EQ(l2.srcStride, 4096u);
  EXPECT_EQ(l2.dstStride, 40u);
  EXPECT_EQ(l2.slot, 2u);

  StoreFields st;
  st.dst = packAddr(1, 12);
  st.src = 99;
  st.rows = 2;
  st.rowBytes = 256;
  st.dstStride = 16384;
  st.srcStride = 300;
  st.slot = 4;
  StoreFields s2 = decodeStore(encodeStore(st));
  EXPECT_EQ(s2.dst, st.dst);
  EXPECT_EQ(s2.src, 99u);
  EXPECT_EQ(s2.dstStride, 16384u);
  EXPECT_EQ(s2.srcStride, 300u);
  EXPECT_EQ(s2.slot, 4u);

  for (unsigned k = 1; k <= 8; ++k) {
    TGenFields tg;
    tg.act = ActType::I8;
    tg.table = TableType::I8;
    tg.prologue = Prologue::Add;
    tg.k = k;
    tg.groupUnits = 65535;
    tg.src = 1;
    tg.dstTables = 2;
    tg.rows = 3;
    tg.kdim = 4;
    tg.srcStride = 5;
    tg.prologueVec = 6;
    tg.dstRowInfo = 7;
    TGenFields t2 = decodeTGen(encodeTGen(tg));
    EXPECT_EQ(t2.k, k);
    EXPECT_EQ(t2.act, ActType::I8);
    EXPECT_EQ(t2.table, TableType::I8);
    EXPECT_EQ(t2.prologue, Prologue::Add);
    EXPECT_EQ(t2.groupUnits, 65535u);
    EXPECT_EQ(t2.src, 1u);
    EXPECT_EQ(t2.dstTables, 2u);
    EXPECT_EQ(t2.rows, 3u);
    EXPECT_EQ(t2.kdim, 4u);
    EXPECT_EQ(t2.srcStride, 5u);
    EXPECT_EQ(t2.prologueVec, 6u);
    EXPECT_EQ(t2.dstRowInfo, 7u);
  }
  for (unsigned bits = 1; bits <= 8; ++bits)
    for (TableType t : {TableType::F16, TableType::I8, TableType::I16}) {
      LmmaFields lm;
      lm.bits = bits;
      lm.clear = bits % 2;
      lm.table = t;
      lm.array = 2;
      lm.acc = 5;
      lm.tables = 11;
      lm.weights = 12;
      lm.rows = 2;
      lm.shape = {8, 16, 4};
      lm.planeStride = 13;
      LmmaFields m2 = decodeLmma(encodeLmma(lm));
      EXPECT_EQ(m2.bits, bits);
      EXPECT_EQ(m2.clear, lm.clear);
      EXPECT_EQ(m2.table, t);
      EXPECT_EQ(m2.array, 2u);
      EXPECT_EQ(m2.acc, 5u);
      EXPECT_EQ(m2.tables, 11u);
      EXPECT_EQ(m2.weights, 12u);
      EXPECT_EQ(m2.rows, 2u);
      EXPECT_TRUE(m2.shape == lm.shape);
      EXPECT_EQ(m2.planeStride, 13u);
    }
  EpiFields ep;
  ep.init = true;
  ep.clearAcc = false;
  ep.table = TableType::I16;
  ep.array = 2;
  ep.out = 1;
  ep.acc = 15;
  ep.consts = 2;
  ep.rowInfo = 3;
  ep.shape = {2, 64, 4};
  ep.outStride = 256;
  ep.rows = 1;
  EpiFields e2 = decodeEpi(encodeEpi(ep));
  EXPECT_TRUE(e2.init);
  EXPECT_FALSE(e2.clearAcc);
  EXPECT_EQ(e2.table, TableType::I16);
  EXPECT_EQ(e2.array, 2u);
  EXPECT_EQ(e2.out, 1u);
  EXPECT_EQ(e2.acc, 15u);
  EXPECT_EQ(e2.consts, 2u);
  EXPECT_EQ(e2.rowInfo, 3u);
  EXPECT_EQ(e2.outStride, 256u);
  EXPECT_EQ(e2.rows, 1u);

  Instr si = encodeSetI(7, -5);
  EXPECT_EQ(si.x, 7);
  EXPECT_EQ(static_cast<int32_t>(si.f[0]), -5);
  Instr ai = encodeAddI(2, 3, 9);
  EXPECT_EQ(ai.f[1], 3u);
  EXPECT_EQ(encodeLoop(4).f[0], 4u);
}

TEST(LutIsa, DisassembleAssembleRoundTripsEveryOpcode) {
  for (const Instr &i : everyOpcode()) {
    std::string text = disassemble(i);
    Instr back = assemble(text);
    EXPECT_TRUE(same(i, back)) << text << " -> " << disassemble(back);
    EXPECT_EQ(disassemble(back), text);
  }
}

TEST(LutIsa, DisassemblySyntax) {
  LmmaFields lm;
  lm.bits = 2;
  lm.table = TableType::F16;
  lm.array = 0;
  lm.acc = 3;
  lm.tables = packAddr(2, 0);
  lm.weights = packAddr(3, 64);
  lm.rows = 1;
  lm.planeStride = 32;
  EXPECT_EQ(
      disassemble(encodeLmma(lm)),
      "lmma.m2n64k4.f16.w2.f32.f32 a0 acc=3 tbl=r2+0 w=r3+64 rows=1 ps=32");
  lm.table = TableType::I8;
  lm.clear = true;
  EXPECT_EQ(disassemble(encodeLmma(lm)), "lmma.m2n64k4.i8.w2.i32.f32 a0 acc=3 "
                                         "tbl=r2+0 w=r3+64 rows=1 ps=32 clear");
  EXPECT_EQ(disassemble(encodeSetI(1, -3)), "seti r1, -3");
  EXPECT_EQ(disassemble(encodeAddI(1, 2, 64)), "addi r1, r2, 64");
  EXPECT_EQ(disassemble(encodeLoop(4)), "loop 4");
  // The assembler also takes plain offsets, hex and commas.
  Instr i = assemble("load.smem dst=0x40 src=r3 rows=1 rb=8 ss=0 ds=0 slot=1");
  LoadFields f = decodeLoad(i);
  EXPECT_EQ(f.dst, packAddr(0, 64));
  EXPECT_EQ(f.src, packAddr(3, 0));
}

TEST(LutIsa, AssemblerErrors) {
  EXPECT_NE(
      errorOf([] { assemble("frob r1"); }).find("unknown mnemonic 'frob'"),
      std::string::npos);
  EXPECT_NE(
      errorOf([] {
        assemble("lmma.m2n64k4.f16.w2.i32.f32 a0 acc=0 tbl=0 w=0 rows=1 ps=32");
      }).find("accumulator type 'i32' does not match f16 tables"),
      std::string::npos);
  EXPECT_NE(
      errorOf([] {
        assemble("lmma.m2n64k4.f16.w9.f32.f32 a0 acc=0 tbl=0 w=0 rows=1 ps=32");
      }).find("bits 9 is out of range"),
      std::string::npos);
  EXPECT_NE(errorOf([] {
              assemble("lmma.m2n64k4.f16.w2.f32.f32 a0 acc=0 tbl=0 w=0 rows=1");
            }).find("missing operand 'ps='"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              assemble("store dst=0 src=0 rows=1 rb=4 ds=0 ss=0 slot=1 x=2");
            }).find("unknown operand 'x='"),
            std::string::npos);
  EXPECT_NE(errorOf([] { assemble("seti r1, 12q"); }).find("is not a number"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              assemble(
                  "tgen.k4.f16.f16 g=6 src=0 tbl=0 info=0 rows=1 kd=8 ss=0");
            }).find("not a multiple of K=4"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              assemble(
                  "load.smem dst=r16+0 src=0 rows=1 rb=8 ss=0 ds=0 slot=1");
            }).find("out of range"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              assembleProgram("core 1:\n  halt\n");
            }).find("line 1: expected 'core 0:'"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              assembleProgram("  halt\n");
            }).find("before the first 'core N:'"),
            std::string::npos);
}

TEST(LutIsa, ProgramTextAndBlobRoundTrip) {
  const std::string text = R"(
# two cores
core 0:
  seti r1, 0
  loop 3            // a comment
    loop 2
      addi r1, r1, 64
    endl
    sync
  endl
  halt
core 1:
  nop
  halt
)";
  auto cores = assembleProgram(text);
  ASSERT_EQ(cores.size(), 2u);
  EXPECT_EQ(cores[0].size(), 8u);
  std::string blob = buildProgram(cores, 3);
  EXPECT_EQ(blob.size(),
            sizeof(ProgramHeader) + 2 * sizeof(CoreStream) + 10 * 32);
  Program p = parseProgram(blob.data(), blob.size(), "s");
  EXPECT_EQ(p.numSlots, 3u);
  ASSERT_EQ(p.cores.size(), 2u);
  for (size_t c = 0; c < 2; ++c)
    for (size_t i = 0; i < cores[c].size(); ++i)
      EXPECT_TRUE(same(p.cores[c][i], cores[c][i]));
  // The listing indents loop bodies and assembles back to the same program.
  std::string listing = disassembleProgram(p);
  EXPECT_NE(listing.find("\n      addi r1, r1, 64\n"), std::string::npos)
      << listing;
  auto again = assembleProgram(listing);
  EXPECT_EQ(buildProgram(again, 3), blob);
  // Every opcode survives the whole-program path too.
  Program all;
  all.numSlots = 5;
  all.cores = {everyOpcode()};
  auto back = assembleProgram(disassembleProgram(all));
  ASSERT_EQ(back[0].size(), all.cores[0].size());
  for (size_t i = 0; i < back[0].size(); ++i)
    EXPECT_TRUE(same(back[0][i], all.cores[0][i]))
        << disassemble(all.cores[0][i]);
}

TEST(LutIsa, BlobStructureErrors) {
  std::string good = buildProgram({{encodeSimple(Opcode::Halt)}}, 1);
  auto err = [](std::string blob) {
    return errorOf([&] { parseProgram(blob.data(), blob.size(), "pre"); });
  };
  std::string b = good;
  b[0] = 'X';
  EXPECT_EQ(err(b),
            "device program of step 'pre': bad magic (not a LUT-TC program)");
  b = good;
  b[8] = 2;
  EXPECT_NE(err(b).find("version 2 is not supported"), std::string::npos);
  EXPECT_NE(err(good.substr(0, 20)).find("smaller than the 32-byte header"),
            std::string::npos);
  EXPECT_NE(err(good + std::string(32, '\0')).find("does not match"),
            std::string::npos);
  b = good;
  b[32] = 5; // core 0's first instruction: beyond the one instruction
  EXPECT_NE(err(b).find("core 0: stream [5, +1) is outside the 1 instructions"),
            std::string::npos);
  EXPECT_EQ(checkProgram(good.data(), good.size(), "pre"), "");
  EXPECT_EQ(checkProgram(good.data(), 20, "pre"), err(good.substr(0, 20)));
  b = good;
  b[12] = 0; // no cores
  EXPECT_NE(err(b).find("no cores"), std::string::npos);
}

TEST(LutIsa, ValidationErrors) {
  const Instr halt = encodeSimple(Opcode::Halt);
  Instr bad;
  bad.opcode = 0x7f;
  EXPECT_EQ(validationError({bad, halt}),
            "device program of step 's': core 0, instruction 0 (opcode 0x7f): "
            "unknown opcode");
  EXPECT_EQ(
      validationError("core 0:\n  nop\n"),
      "device program of step 's': core 0, instruction 0 (nop): the stream "
      "does not end with halt");
  EXPECT_EQ(
      validationError("core 0:\n  halt\n  halt\n"),
      "device program of step 's': core 0, instruction 0 (halt): halt before "
      "the end of the stream");
  EXPECT_EQ(validationError("core 0:\n  endl\n  halt\n"),
            "device program of step 's': core 0, instruction 0 (endl): endl "
            "without a matching loop");
  EXPECT_EQ(
      validationError("core 0:\n  loop 2\n  nop\n  halt\n"),
      "device program of step 's': core 0, instruction 2 (halt): 1 loop(s) "
      "not closed by endl");
  EXPECT_EQ(
      validationError("core 0:\n  loop 2\n loop 2\n loop 2\n loop 2\n "
                      "loop 2\n endl\n endl\n endl\n endl\n endl\n halt\n"),
      "device program of step 's': core 0, instruction 4 (loop): loop "
      "nesting depth 5 exceeds 4");
  EXPECT_EQ(
      validationError("core 0:\n  loop 0\n  endl\n  halt\n"),
      "device program of step 's': core 0, instruction 0 (loop): loop count "
      "0 (counts are >= 1)");
  EXPECT_EQ(
      validationError({encodeSetI(16, 1), halt}),
      "device program of step 's': core 0, instruction 0 (seti): destination "
      "register r16 does not exist (r0..r15)");
  EXPECT_EQ(validationError({encodeAddI(1, 16, 1), halt}),
            "device program of step 's': core 0, instruction 0 (addi): source "
            "register r16 does not exist (r0..r15)");
  EXPECT_EQ(
      validationError("core 0:\n  seti r0, 5\n  halt\n"),
      "device program of step 's': core 0, instruction 0 (seti): writes r0, "
      "which always reads as zero");
  Instr flags = halt;
  flags.flags = 1;
  EXPECT_NE(validationError({flags}).find("reserved flag bits 0x1 are set"),
            std::string::npos);
  Instr field = encodeLoop(2);
  field.f[3] = 1;
  EXPECT_NE(validationError({field, encodeSimple(Opcode::EndL), halt})
                .find("reserved field f3 is 1, must be 0"),
            std::string::npos);
  // Slots, tables, tiles.
  EXPECT_NE(
      validationError("core 0:\n  load.smem dst=0 src=0 rows=1 rb=8 ss=0 "
                      "ds=0 slot=4\n  halt\n")
          .find("(load): slot 4 is out of range (the launch has 4 slots)"),
      std::string::npos);
  ProgramLimits io;
  io.numInputs = 3;
  io.numOutputs = 1;
  EXPECT_NE(validationError("core 0:\n  store dst=0 src=0 rows=1 rb=8 ds=0 "
                            "ss=0 slot=1\n  halt\n",
                            io)
                .find("(store): slot 1 is an input of the step (read-only)"),
            std::string::npos);
  io.numOutputs = 2;
  EXPECT_NE(validationError("core 0:\n  halt\n", io)
                .find("4 DRAM slots, the step has 3 inputs and 2 outputs"),
            std::string::npos);
  EXPECT_NE(validationError("core 0:\n  tgen.k4.f16.i16 g=4 src=0 tbl=0 info=0 "
                            "rows=1 kd=8 ss=0\n  halt\n")
                .find("(tgen): i16 tables need i8 activations"),
            std::string::npos);
  EXPECT_NE(validationError("core 0:\n  tgen.k4.i8.f16 g=4 src=0 tbl=0 info=0 "
                            "rows=1 kd=8 ss=0\n  halt\n")
                .find("f16 tables need f16 activations"),
            std::string::npos);
  EXPECT_NE(validationError("core 0:\n  tgen.k4.f16.f16 g=8 src=0 tbl=0 info=0 "
                            "rows=1 kd=12 ss=0\n  halt\n")
                .find("kd=12 is not a multiple of the group size 8"),
            std::string::npos);
  Instr tg =
      assemble("tgen.k4.f16.f16 g=4 src=0 tbl=0 info=0 rows=1 kd=8 ss=0");
  tg.flags |= 3u << 1; // table type 3
  EXPECT_NE(validationError({tg, halt}).find("table type 3 does not exist"),
            std::string::npos);
  EXPECT_NE(validationError("core 0:\n  lmma.m2n63k4.f16.w2.f32.f32 a0 acc=0 "
                            "tbl=0 w=0 rows=1 ps=0\n  halt\n")
                .find("N*K = 252 is not a multiple of 8"),
            std::string::npos);

  LutConfig cfg = LutConfig::defaults();
  ProgramLimits lim;
  lim.config = &cfg;
  EXPECT_EQ(validationError("core 0:\n  lmma.m2n64k4.f16.w2.f32.f32 a0 acc=0 "
                            "tbl=0 w=0 rows=3 ps=32\n  halt\n",
                            lim),
            "device program of step 's': core 0, instruction 0 (lmma): rows=3 "
            "must be in 1..M (M=2)");
  EXPECT_EQ(validationError("core 0:\n  lmma.m4n64k4.f16.w2.f32.f32 a0 acc=0 "
                            "tbl=0 w=0 rows=1 ps=32\n  halt\n",
                            lim),
            "device program of step 's': core 0, instruction 0 (lmma): tile "
            "m4n64k4 is not the configured tile m2n64k4");
  EXPECT_EQ(
      validationError("core 0:\n  epi.m2n64k4.f16.f32.f32 a0 acc=16 out=0 "
                      "c=0 info=0 rows=1 os=256\n  halt\n",
                      lim),
      "device program of step 's': core 0, instruction 0 (epi): accumulator "
      "tile 16 overflows the array's 16 tiles (tile overflow)");
  EXPECT_NE(validationError("core 0:\n  lmma.m2n64k4.f16.w2.f32.f32 a4 acc=0 "
                            "tbl=0 w=0 rows=1 ps=32\n  halt\n",
                            lim)
                .find("array 4 is out of range (a core has 4 arrays)"),
            std::string::npos);
  EXPECT_NE(validationError("core 0:\n  load.tbuf a4 dst=0 src=0 rows=1 rb=8 "
                            "ss=0 ds=0 slot=0\n  halt\n",
                            lim)
                .find("array 4 is out of range"),
            std::string::npos);
  cfg.cores = 1;
  EXPECT_NE(validationError("core 0:\n  halt\ncore 1:\n  halt\n", lim)
                .find("2 cores, the device has 1"),
            std::string::npos);
}

TEST(LutConfig, DefaultFileMatchesDefaults) {
  nlohmann::json j = defaultConfigJson();
  LutConfig c = LutConfig::fromJson(j);
  EXPECT_TRUE(c == LutConfig::defaults());
  EXPECT_EQ(c.cores, 108u);
  EXPECT_TRUE(c.tile == (TileShape{2, 64, 4}));
  EXPECT_NEAR(c.dramBytesPerCycle(), 1555 / 1.41, 1e-9);
  // Every parameter carries a source note.
  std::function<void(const nlohmann::json &, const std::string &)> check =
      [&](const nlohmann::json &o, const std::string &path) {
        for (auto it = o.begin(); it != o.end(); ++it) {
          if (!it->is_object())
            continue;
          if (it->contains("value"))
            EXPECT_TRUE(it->contains("source")) << path + it.key();
          else
            check(*it, path + it.key() + ".");
        }
      };
  check(j, "");
}

TEST(LutConfig, FieldErrorsNameTheField) {
  nlohmann::json j = defaultConfigJson();
  auto errFor = [&](const std::function<void(nlohmann::json &)> &edit) {
    nlohmann::json k = j;
    edit(k);
    LutConfig out;
    return LutConfig::tryFromJson(k, out);
  };
  EXPECT_EQ(errFor([](nlohmann::json &) {}), "");
  EXPECT_EQ(errFor([](nlohmann::json &k) { k.erase("cores"); }),
            "lut-tc config: 'cores' is missing");
  EXPECT_NE(errFor([](nlohmann::json &k) {
              k["clock_ghz"]["value"] = -1;
            }).find("'clock_ghz'"),
            std::string::npos);
  EXPECT_NE(errFor([](nlohmann::json &k) {
              k["energy_pj"]["add"] = "x";
            }).find("'energy_pj.add' must be a number"),
            std::string::npos);
  EXPECT_NE(errFor([](nlohmann::json &k) {
              k["tile"]["value"]["k"] = 9;
            }).find("'tile.k'"),
            std::string::npos);
  EXPECT_NE(errFor([](nlohmann::json &k) {
              k["tile"]["value"]["n"] = 63;
            }).find("N*K = 252 must be a multiple of 8"),
            std::string::npos);
  EXPECT_NE(errFor([](nlohmann::json &k) {
              k["baseline"]["conventional_lut_tile"] = {{"value", 3}};
            }).find("'baseline.conventional_lut_tile' must be an object"),
            std::string::npos);
  EXPECT_NE(errFor([](nlohmann::json &k) {
              k["acc_tiles"] = 1.5;
            }).find("'acc_tiles' must be a non-negative integer"),
            std::string::npos);
  // Bare values are accepted too.
  EXPECT_EQ(errFor([](nlohmann::json &k) { k["cores"] = 4; }), "");
}
