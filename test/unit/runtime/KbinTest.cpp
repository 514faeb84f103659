//===- KbinTest.cpp - .kbin writer/reader round trip and validation --------===//

#include "kiln/rt/Error.h"
#include "kiln/rt/Executor.h"
#include "kiln/rt/Kbin.h"
#include "kiln/rt/TensorIO.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>

using namespace kiln::rt;

namespace {

/// y = x + c with c = [1, 2, 3] (f32), written by the writer.
KbinWriter makeAddProgram() {
  KbinWriter w;
  Manifest &m = w.manifest();
  m.producer = "test";
  m.targetName = "host";
  float c[3] = {1, 2, 3};
  int64_t x = w.addTensor("x", DType::F32, {3}, TensorKind::Input);
  int64_t k = w.addTensor("c", DType::F32, {3}, TensorKind::Constant, c);
  int64_t y = w.addTensor("y", DType::F32, {3}, TensorKind::Value);
  m.inputs = {x};
  m.outputs = {y};
  Step s;
  s.op = "Add";
  s.name = "add";
  s.inputs = {x, k};
  s.outputs = {y};
  m.program.push_back(s);
  return w;
}

std::shared_ptr<std::string> bytesOf(const KbinWriter &w) {
  auto bytes = std::make_shared<std::string>();
  EXPECT_EQ(w.serialize(*bytes), "");
  return bytes;
}

std::string loadError(std::shared_ptr<const std::string> bytes) {
  try {
    Kbin::loadBytes(std::move(bytes), "t.kbin");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

void setU32(std::string &b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b[at + i] = static_cast<char>(v >> (8 * i));
}
void fixHeaderCrc(std::string &b) { setU32(b, 56, crc32Of(b.data(), 56)); }
uint64_t u64At(const std::string &b, size_t at) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= static_cast<uint64_t>(static_cast<uint8_t>(b[at + i])) << (8 * i);
  return v;
}

} // namespace

TEST(Kbin, RoundTripsManifestAndConstants) {
  KbinWriter w = makeAddProgram();
  auto bytes = bytesOf(w);
  ASSERT_EQ(bytes->size() % 64, 0u);
  Kbin k = Kbin::loadBytes(bytes, "t.kbin");
  const Manifest &m = k.manifest();
  EXPECT_EQ(m.targetName, "host");
  ASSERT_EQ(m.tensors.size(), 3u);
  EXPECT_EQ(m.tensors[1].kind, TensorKind::Constant);
  Tensor c = k.constant(1);
  EXPECT_EQ(c.data<float>()[2], 3.0f);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(c.raw()) % 16, 0u);
  EXPECT_EQ(m.program[0].op, "Add");
  EXPECT_EQ(m.toJson(), Manifest::fromJson(m.toJson()).toJson());
}

TEST(Kbin, RejectsCorruptionWithTheSection) {
  auto good = bytesOf(makeAddProgram());
  auto corrupt = [&](size_t at) {
    auto b = std::make_shared<std::string>(*good);
    (*b)[at] ^= 0x5a;
    return loadError(b);
  };
  EXPECT_NE(corrupt(0).find("bad magic"), std::string::npos);
  EXPECT_NE(corrupt(20).find("header: checksum mismatch"), std::string::npos);
  EXPECT_NE(corrupt(70).find("manifest: checksum mismatch"), std::string::npos);
  uint64_t blobs = u64At(*good, 32);
  EXPECT_NE(corrupt(blobs + 1).find("blobs[0] (constant): checksum mismatch"),
            std::string::npos);
}

TEST(Kbin, RejectsTruncationAndVersionMismatch) {
  auto good = bytesOf(makeAddProgram());
  for (size_t size : {size_t(0), size_t(10), size_t(63), size_t(100),
                      good->size() - 1}) {
    auto b = std::make_shared<std::string>(good->substr(0, size));
    EXPECT_NE(loadError(b), "") << "truncated to " << size;
  }
  auto v2 = std::make_shared<std::string>(*good);
  (*v2)[8] = 2;
  fixHeaderCrc(*v2);
  EXPECT_NE(loadError(v2).find("format version 2.0 is not supported"),
            std::string::npos);
  auto minor = std::make_shared<std::string>(*good);
  (*minor)[10] = 7; // a newer minor version is readable
  fixHeaderCrc(*minor);
  EXPECT_EQ(loadError(minor), "");
}

TEST(Kbin, RejectsBadReferencesInTheProgram) {
  auto expectError = [](KbinWriter w, const std::string &needle) {
    std::string err = loadError(bytesOf(w));
    EXPECT_NE(err.find(needle), std::string::npos) << err;
  };
  {
    KbinWriter w = makeAddProgram();
    w.manifest().program[0].inputs[1] = 7;
    expectError(w, "program[0].inputs[1] = 7 is not a tensor id");
  }
  {
    KbinWriter w = makeAddProgram();
    w.manifest().program[0].outputs[0] = 1; // writes the constant
    expectError(w, "writes tensor 1 ('c'), which is a constant");
  }
  {
    KbinWriter w = makeAddProgram();
    Step again = w.manifest().program[0];
    w.manifest().program.push_back(again);
    expectError(w, "redefines tensor 2 ('y')");
  }
  {
    KbinWriter w = makeAddProgram();
    w.manifest().program[0].inputs[0] = 2; // reads its own output
    expectError(w, "reads tensor 2 ('y') before any step defines it");
  }
  {
    KbinWriter w = makeAddProgram();
    w.manifest().program.clear();
    expectError(w, "output tensor 2 ('y') is never defined");
  }
  {
    KbinWriter w = makeAddProgram();
    w.manifest().tensors[1].shape = {4}; // blob holds 3 floats
    expectError(w, "needs 16 bytes but blob 0 has 12");
  }
}

TEST(Kbin, WriterIsAtomicAndReportsErrors) {
  KbinWriter w = makeAddProgram();
  EXPECT_NE(w.writeFile("/nonexistent-dir/x.kbin").find("cannot write"),
            std::string::npos);
  std::string path = ::testing::TempDir() + "kiln-kbin-test.kbin";
  EXPECT_EQ(w.writeFile(path), "");
  Kbin k = Kbin::loadFile(path);
  EXPECT_EQ(k.manifest().tensors.size(), 3u);
  std::remove(path.c_str());
  EXPECT_THROW(Kbin::loadFile(path), Error);
}

TEST(Executor, ChecksInputNamesDtypesAndShapes) {
  auto bytes = bytesOf(makeAddProgram());
  Kbin k = Kbin::loadBytes(bytes, "t.kbin");
  Executor exec(k);
  auto expectError = [&](std::map<std::string, Tensor> in,
                         const std::string &needle) {
    try {
      exec.run(in);
      ADD_FAILURE() << "no error, expected: " << needle;
    } catch (const Error &e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
          << e.what();
    }
  };
  expectError({}, "missing input 'x' (f32 3)");
  expectError({{"x", Tensor(DType::F64, {3})}}, "input 'x' has dtype f64");
  expectError({{"x", Tensor(DType::F32, {4})}}, "input 'x' has shape 4");
  expectError({{"x", Tensor(DType::F32, {3})}, {"z", Tensor(DType::F32, {3})}},
              "unknown input 'z'; the model's inputs are 'x'");
  Tensor x(DType::F32, {3});
  x.data<float>()[0] = 10;
  RunStats stats;
  std::vector<Tensor> out = exec.run({{"x", x}}, &stats);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].data<float>()[0], 11.0f);
  EXPECT_EQ(out[0].data<float>()[2], 3.0f);
  EXPECT_EQ(stats.flops, 3u); // one add per element
  EXPECT_EQ(stats.steps.size(), 1u);
}

TEST(TensorIO, NpyAndPbRoundTrip) {
  Tensor t(DType::I16, {2, 3});
  for (int i = 0; i < 6; ++i)
    t.data<int16_t>()[i] = static_cast<int16_t>(i * 1000 - 2500);
  std::string dir = ::testing::TempDir();
  writeNpy(dir + "t.npy", t);
  Tensor n = readNpy(dir + "t.npy");
  EXPECT_EQ(n.shape(), t.shape());
  EXPECT_EQ(std::memcmp(n.raw(), t.raw(), t.bytes()), 0);
  writeOnnxPb(dir + "t.pb", t, "name");
  std::string name;
  Tensor p = readOnnxPb(dir + "t.pb", &name);
  EXPECT_EQ(name, "name");
  EXPECT_EQ(std::memcmp(p.raw(), t.raw(), t.bytes()), 0);
  // A scalar and a bool tensor.
  Tensor s(DType::Bool, {});
  s.data<uint8_t>()[0] = 1;
  writeNpy(dir + "s.npy", s);
  EXPECT_EQ(readNpy(dir + "s.npy").shape(), Shape{});
  // Corrupt files fail with the path in the message.
  std::ofstream(dir + "bad.npy") << "not numpy";
  try {
    readNpy(dir + "bad.npy");
    ADD_FAILURE();
  } catch (const Error &e) {
    EXPECT_NE(std::string(e.what()).find("bad.npy: not a .npy file"),
              std::string::npos);
  }
  EXPECT_THROW(readTensorFile(dir + "t.txt"), Error);
  EXPECT_EQ(sanitizeFileName("out/relu:0"), "out_relu_0");
}
