//===- LutDialectTest.cpp - the lut dialect's C++ builders and accessors --===//
//
// What a lowering pass relies on: builders that infer result types, the
// kernel/core/loop builders with their bodies, instructions built from and
// converted back to the ISA's field structs, and verifiers that also catch
// attributes built (unverified) from C++.
//
//===----------------------------------------------------------------------===//

#include "dialects/lut/IR/LutOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

#include <string>

using namespace mlir;
namespace lut = kiln::lut;
namespace isa = kiln::rt::lut;

namespace {

class LutDialectTest : public ::testing::Test {
protected:
  LutDialectTest() : builder(&context) {
    context.loadDialect<lut::LutDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  /// A function with arguments of `types` whose body (before its return)
  /// the test fills.
  func::FuncOp makeFunc(TypeRange types) {
    auto fn = builder.create<func::FuncOp>(loc(), "f",
                                           builder.getFunctionType(types, {}));
    builder.setInsertionPointToStart(fn.addEntryBlock());
    auto ret = builder.create<func::ReturnOp>(loc());
    builder.setInsertionPoint(ret);
    return fn;
  }

  /// Verifies the module and returns the diagnostics it produced.
  std::string verifyModule(bool &ok) {
    std::string messages;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      messages += diag.str() + "\n";
      return success();
    });
    ok = succeeded(verify(*module));
    return messages;
  }

  lut::KernelConfig machine() {
    lut::KernelConfig config;
    config.cores = 2;
    config.arraysPerCore = 2;
    config.smemBytes = 4096;
    config.tbufBytes = 1024;
    config.accTiles = 4;
    config.tile = lut::TileAttr::get(&context, 2, 16, 4);
    return config;
  }

  Location loc() { return builder.getUnknownLoc(); }
  RankedTensorType tensor(ArrayRef<int64_t> shape, Type elem) {
    return RankedTensorType::get(shape, elem);
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
};

TEST_F(LutDialectTest, TensorBuildersInferResultTypes) {
  Type f32 = builder.getF32Type();
  auto fn = makeFunc({tensor({2, 16}, f32), tensor({16, 12}, f32),
                      tensor({4, 2, 8}, builder.getIntegerType(8, false)),
                      tensor({2, 16, 2}, f32), tensor({16}, f32)});
  Value x = fn.getArgument(0), w = fn.getArgument(1),
        packed = fn.getArgument(2), consts = fn.getArgument(3),
        vec = fn.getArgument(4);

  auto mm = builder.create<lut::MatmulOp>(loc(), x, w);
  EXPECT_EQ(mm.getType(), tensor({2, 12}, f32));

  auto pre = builder.create<lut::PrecomputeOp>(
      loc(), x, Value(), 4, 8, lut::ActType::I8, lut::TableType::I16);
  EXPECT_EQ(pre.getTables().getType(),
            tensor({4, 2, 8}, builder.getIntegerType(16)));
  EXPECT_EQ(pre.getRowinfo().getType(), tensor({2, 2, 2}, f32));
  EXPECT_EQ(pre.getPrologue(), lut::Prologue::None);

  auto withVec = builder.create<lut::PrecomputeOp>(
      loc(), x, vec, 8, 16, lut::ActType::F16, lut::TableType::F16,
      lut::Prologue::Mul);
  EXPECT_EQ(withVec.getTables().getType(),
            tensor({2, 2, 128}, builder.getF16Type()));

  auto format = lut::WeightsAttr::get(&context, 2, 4, 8, 12, 16, false);
  EXPECT_EQ(format.getPlaneRowBytes(), 8);
  auto gemm = builder.create<lut::MpgemmOp>(
      loc(), pre.getTables(), pre.getRowinfo(), packed, consts, format,
      lut::ActType::I8, lut::TableType::I16,
      lut::TileAttr::get(&context, 2, 16, 4));
  EXPECT_EQ(gemm.getType(), tensor({2, 12}, f32));
  EXPECT_FALSE(gemm.getBlocking().has_value());

  bool ok = false;
  std::string messages = verifyModule(ok);
  EXPECT_TRUE(ok) << messages;
}

TEST_F(LutDialectTest, KernelFromFieldStructs) {
  Type f32 = builder.getF32Type();
  auto fn = makeFunc({tensor({4, 16}, f32)});
  lut::KernelConfig config = machine();
  auto kernel = builder.create<lut::KernelOp>(
      loc(), TypeRange{tensor({2, 16}, f32)}, lut::kKernelKindMpgemm,
      ValueRange{fn.getArgument(0)}, config);
  EXPECT_EQ(kernel.getNumSlots(), 2u);
  EXPECT_EQ(kernel.getSlotType(1), tensor({2, 16}, f32));
  EXPECT_FALSE(kernel.getSlotType(2));

  // The config round-trips through its dictionary.
  FailureOr<lut::KernelConfig> parsed = kernel.getConfigInfo();
  ASSERT_TRUE(succeeded(parsed));
  EXPECT_EQ(parsed->smemBytes, 4096);
  EXPECT_EQ(parsed->tile, config.tile);

  lut::CoreOp core = kernel.addCore(builder, 0);
  EXPECT_EQ(kernel.getCore(0), core);
  EXPECT_FALSE(kernel.getCore(1));
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(core.getBody());

  isa::LoadFields load;
  load.space = isa::Space::Tbuf;
  load.array = 1;
  load.dst = isa::packAddr(0, 64);
  load.src = isa::packAddr(3, 12);
  load.rows = 2;
  load.rowBytes = 32;
  load.srcStride = 64;
  load.dstStride = 32;
  load.slot = 0;
  auto loadOp = builder.create<lut::LoadOp>(loc(), load);
  EXPECT_EQ(loadOp.getSpace(), lut::Space::Tbuf);
  EXPECT_EQ(loadOp.getSrc(), lut::addr(builder, 3, 12));
  EXPECT_EQ(loadOp.getKernel(), kernel);
  isa::LoadFields loadBack = loadOp.getFields();
  EXPECT_EQ(loadBack.dst, load.dst);
  EXPECT_EQ(loadBack.src, load.src);
  EXPECT_EQ(loadBack.array, 1u);
  EXPECT_EQ(loadBack.srcStride, 64u);

  builder.create<lut::SetIOp>(loc(), 1, -64);
  auto addi = builder.create<lut::AddIOp>(loc(), 2, 1, 128);
  EXPECT_EQ(addi.getImm(), 128);

  auto loop = builder.create<lut::LoopOp>(loc(), 3);
  {
    OpBuilder::InsertionGuard inner(builder);
    builder.setInsertionPointToEnd(loop.getBody());
    auto nested = builder.create<lut::LoopOp>(loc(), 2);
    EXPECT_EQ(nested.getDepth(), 2u);

    isa::LmmaFields lmma;
    lmma.bits = 2;
    lmma.clear = true;
    lmma.table = isa::TableType::I16;
    lmma.array = 1;
    lmma.acc = 3;
    lmma.tables = isa::packAddr(2, 0);
    lmma.weights = isa::packAddr(0, 128);
    lmma.rows = 2;
    lmma.shape = {2, 16, 4};
    lmma.planeStride = 8;
    auto lmmaOp = builder.create<lut::LmmaOp>(loc(), lmma);
    isa::LmmaFields lmmaBack = lmmaOp.getFields();
    EXPECT_EQ(lmmaBack.bits, 2u);
    EXPECT_TRUE(lmmaBack.clear);
    EXPECT_EQ(lmmaBack.table, isa::TableType::I16);
    EXPECT_EQ(lmmaBack.acc, 3u);
    EXPECT_EQ(lmmaBack.weights, lmma.weights);
    EXPECT_TRUE(lmmaBack.shape == lmma.shape);
    EXPECT_EQ(lmmaBack.planeStride, 8u);

    isa::EpiFields epi;
    epi.init = true;
    epi.table = isa::TableType::I16;
    epi.out = isa::packAddr(0, 1024);
    epi.consts = isa::packAddr(4, 0);
    epi.rowInfo = isa::packAddr(5, 8);
    epi.shape = {2, 16, 4};
    epi.outStride = 64;
    epi.rows = 2;
    auto epiOp = builder.create<lut::EpiOp>(loc(), epi);
    isa::EpiFields epiBack = epiOp.getFields();
    EXPECT_TRUE(epiBack.init);
    EXPECT_FALSE(epiBack.clearAcc);
    EXPECT_EQ(epiBack.rowInfo, epi.rowInfo);
    EXPECT_EQ(epiBack.outStride, 64u);
  }

  isa::TGenFields tgen;
  tgen.act = isa::ActType::I8;
  tgen.table = isa::TableType::I16;
  tgen.prologue = isa::Prologue::Add;
  tgen.k = 4;
  tgen.groupUnits = 2;
  tgen.src = isa::packAddr(0, 0);
  tgen.dstTables = isa::packAddr(0, 1024);
  tgen.rows = 2;
  tgen.kdim = 16;
  tgen.srcStride = 64;
  tgen.prologueVec = isa::packAddr(0, 512);
  tgen.dstRowInfo = isa::packAddr(0, 2048);
  auto tgenOp = builder.create<lut::TGenOp>(loc(), tgen);
  EXPECT_EQ(tgenOp.getGroupSize(), 8);
  ASSERT_TRUE(tgenOp.getPrologueVec().has_value());
  isa::TGenFields tgenBack = tgenOp.getFields();
  EXPECT_EQ(tgenBack.groupUnits, 2u);
  EXPECT_EQ(tgenBack.prologue, isa::Prologue::Add);
  EXPECT_EQ(tgenBack.prologueVec, tgen.prologueVec);

  // Without a prologue the vector address is absent (and encodes as 0).
  tgen.prologue = isa::Prologue::None;
  auto plain = builder.create<lut::TGenOp>(loc(), tgen);
  EXPECT_FALSE(plain.getPrologueVec().has_value());
  EXPECT_EQ(plain.getFields().prologueVec, 0u);

  isa::StoreFields store;
  store.slot = 1;
  store.dst = isa::packAddr(0, 0);
  store.src = isa::packAddr(0, 1024);
  store.rows = 2;
  store.rowBytes = 64;
  store.dstStride = 64;
  store.srcStride = 64;
  auto storeOp = builder.create<lut::StoreOp>(loc(), store);
  EXPECT_EQ(storeOp.getFields().src, store.src);
  builder.create<lut::SyncOp>(loc());
  builder.create<lut::NopOp>(loc());

  bool ok = false;
  std::string messages = verifyModule(ok);
  EXPECT_TRUE(ok) << messages;
}

TEST_F(LutDialectTest, VerifierCatchesAttributesBuiltFromCpp) {
  Type f32 = builder.getF32Type();
  auto fn = makeFunc({tensor({4, 16}, f32)});
  auto kernel = builder.create<lut::KernelOp>(
      loc(), TypeRange{tensor({2, 16}, f32)}, lut::kKernelKindMpgemm,
      ValueRange{fn.getArgument(0)}, machine());
  lut::CoreOp core = kernel.addCore(builder, 1);
  builder.setInsertionPointToEnd(core.getBody());
  // AddrAttr::get does not verify in a release build; the op does.
  builder.create<lut::StoreOp>(loc(), 1, lut::addr(builder, 16, 0),
                               lut::addr(builder, 0, 0), 1, 64, 64, 64);
  bool ok = true;
  std::string messages = verifyModule(ok);
  EXPECT_FALSE(ok);
  EXPECT_NE(messages.find("register r16 out of range"), std::string::npos)
      << messages;
}

TEST_F(LutDialectTest, ConfigErrors) {
  Builder b(&context);
  auto missing =
      b.getDictionaryAttr({b.getNamedAttr("cores", b.getI64IntegerAttr(1))});
  EXPECT_TRUE(failed(lut::KernelConfig::fromAttr(missing)));
  lut::KernelConfig config = machine();
  EXPECT_TRUE(succeeded(lut::KernelConfig::fromAttr(config.toAttr(&context))));
  config.accTiles = 0;
  EXPECT_TRUE(failed(lut::KernelConfig::fromAttr(config.toAttr(&context))));
}

TEST(LutHelpers, TablesAndTensors) {
  MLIRContext context;
  EXPECT_EQ(lut::tableTypeBytes(lut::TableType::F16), 2);
  EXPECT_EQ(lut::tableTypeBytes(lut::TableType::I8), 1);
  EXPECT_EQ(lut::tableTypeBytes(lut::TableType::I16), 2);
  EXPECT_TRUE(lut::isLegalActTable(lut::ActType::I8, lut::TableType::I16));
  EXPECT_FALSE(lut::isLegalActTable(lut::ActType::F16, lut::TableType::I16));
  EXPECT_TRUE(lut::isLegalActTable(lut::ActType::F16, lut::TableType::I8));
  EXPECT_FALSE(lut::isLegalActTable(lut::ActType::I8, lut::TableType::F16));
  EXPECT_EQ(lut::maxExactI8GroupSize(), 132104);
  Type i16 = lut::tableElementType(&context, lut::TableType::I16);
  EXPECT_EQ(lut::tableTypeOf(i16), lut::TableType::I16);
  EXPECT_EQ(lut::tensorBytes(RankedTensorType::get({3, 5}, i16)), 30);
  EXPECT_EQ(lut::toIsa(lut::Space::Tbuf), isa::Space::Tbuf);
  EXPECT_EQ(lut::fromIsa(isa::Prologue::Mul), lut::Prologue::Mul);
}

} // namespace
