//===- CoreTest.cpp - dtypes, half conversion, tensors, attributes ---------===//

#include "KernelTestUtil.h"

#include <nlohmann/json.hpp>

#include <cmath>

using namespace kiln::rt;

TEST(DType, NamesRoundTrip) {
  for (DType t : kAllDTypes)
    EXPECT_EQ(parseDType(dtypeName(t)), t);
  EXPECT_FALSE(parseDType("f128"));
  EXPECT_EQ(dtypeSize(DType::Bool), 1u);
  EXPECT_EQ(dtypeSize(DType::BF16), 2u);
}

TEST(DType, HalfConversionIsExactOnRepresentableValues) {
  // Every finite half round-trips through float exactly.
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    if ((bits & 0x7c00) == 0x7c00)
      continue; // inf / NaN
    float f = halfToFloat(static_cast<uint16_t>(bits));
    EXPECT_EQ(floatToHalf(f), bits) << std::hex << bits;
  }
  EXPECT_EQ(halfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24)); // smallest subnormal
  EXPECT_EQ(floatToHalf(65520.0f), 0x7c00);              // rounds to inf
  EXPECT_EQ(floatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3c00); // tie -> even
  EXPECT_TRUE(std::isnan(halfToFloat(floatToHalf(NAN))));
  EXPECT_EQ(floatToBf16(1.0f), 0x3f80);
  EXPECT_EQ(bf16ToFloat(0x4049), 3.140625f);
}

TEST(Tensor, ViewsShareAndClonesCopy) {
  Tensor a = test::makeTensor(DType::F32, {2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = a.reshaped({3, 2});
  b.data<float>()[0] = 9;
  EXPECT_EQ(a.data<float>()[0], 9);
  Tensor c = a.clone();
  c.data<float>()[0] = 7;
  EXPECT_EQ(a.data<float>()[0], 9);
  EXPECT_THROW(a.reshaped({4}), Error);
  EXPECT_THROW(numElements({-1, 2}), Error);
  EXPECT_THROW(numElements({1LL << 40, 1LL << 40}), Error);
}

TEST(Tensor, CastSemantics) {
  Tensor t(DType::I8, {3});
  storeFromDouble(t, 0, -2.7); // truncates toward zero
  storeFromDouble(t, 1, NAN);  // defined as 0 here, never UB
  storeFromDouble(t, 2, 1e30); // out of range: wraps, never UB
  EXPECT_EQ(loadAsInt(t, 0), -2);
  EXPECT_EQ(loadAsInt(t, 1), 0);
  Tensor b(DType::Bool, {2});
  storeFromDouble(b, 0, 0.25);
  storeFromDouble(b, 1, 0.0);
  EXPECT_EQ(loadAsInt(b, 0), 1);
  EXPECT_EQ(loadAsInt(b, 1), 0);
}

TEST(Attrs, TypedJsonRoundTrip) {
  auto json = nlohmann::json::parse(R"({
    "axis": {"i": -1}, "alpha": {"f": 0.5}, "mode": {"s": "constant"},
    "perm": {"ints": [0, 2, 1]}, "scales": {"floats": [1.0, "inf"]},
    "acts": {"strings": ["Tanh"]}, "to": {"type": "f16"},
    "value": {"tensor": {"dtype": "i64", "shape": [2], "data": [3, -4]}}})",
                                    nullptr, false);
  Attrs attrs = Attrs::fromJson(json);
  EXPECT_TRUE(std::isinf(attrs.getFloats("scales")[1]));
  json["scales"] = {{"floats", {1.0, 2.5}}};
  attrs = Attrs::fromJson(json);
  EXPECT_EQ(attrs.getInt("axis", 0), -1);
  EXPECT_EQ(attrs.getFloat("alpha", 0), 0.5f);
  EXPECT_EQ(attrs.getString("mode", ""), "constant");
  EXPECT_EQ(*attrs.getInts("perm"), (std::vector<int64_t>{0, 2, 1}));
  EXPECT_EQ(attrs.getFloats("scales"), (std::vector<float>{1.0f, 2.5f}));
  EXPECT_EQ(*attrs.getType("to"), DType::F16);
  EXPECT_EQ(loadAsInt(*attrs.getTensor("value"), 1), -4);
  EXPECT_EQ(attrs.getInt("missing", 7), 7);
  EXPECT_THROW(attrs.getInt("alpha", 0), Error); // wrong kind
  EXPECT_EQ(Attrs::fromJson(attrs.toJson()).toJson(), attrs.toJson());
  EXPECT_THROW(Attrs::fromJson(nlohmann::json::parse(R"({"a": {"i": 1.5}})")),
               Error);
  EXPECT_THROW(Attrs::fromJson(nlohmann::json::parse(R"({"a": 3})")), Error);
}

TEST(Parallel, CoversTheRangeOnce) {
  std::vector<int> hits(100000, 0);
  parallelFor(static_cast<int64_t>(hits.size()), 1000, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i)
      hits[i]++;
  });
  for (int h : hits)
    ASSERT_EQ(h, 1);
  EXPECT_THROW(parallelFor(10, 1, [](int64_t, int64_t) { fail("boom"); }),
               Error);
}
