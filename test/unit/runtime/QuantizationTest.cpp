//===- QuantizationTest.cpp - (de)quantization kernels --------------------===//

#include "KernelTestUtil.h"

#include <cmath>

using namespace kiln::rt;
using namespace kiln::rt::test;

namespace {

/// numpy's ((i * 37 + seed * 11) % 101 - 50) / 50.0 * scale, as float32.
std::vector<double> pattern(int64_t n, int64_t seed, double scale = 1.0) {
  std::vector<double> v(n);
  for (int64_t i = 0; i < n; ++i)
    v[i] = static_cast<float>(((i * 37 + seed * 11) % 101 - 50) / 50.0 * scale);
  return v;
}

Attrs axisAttrs(int64_t axis) {
  Attrs attrs;
  attrs.set("axis", intAttr(axis));
  return attrs;
}

} // namespace

TEST(QuantizationQuantize, RoundsHalfToEven) {
  Tensor x =
      makeTensor(DType::F32, {8}, {0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, -3.5});
  Tensor scale = makeTensor(DType::F32, {}, {1.0});
  Tensor zero = makeTensor(DType::I8, {}, {0});
  auto out = runKernel("QuantizeLinear", {&x, &scale, &zero},
                       {OutputSpec{DType::I8, {8}}});
  EXPECT_EQ(values(out[0]), (std::vector<double>{0, 2, 2, 4, -0, -2, -2, -4}));
  // Ties after the division: 1.25 / 0.5 = 2.5 -> 2, 1.75 / 0.5 = 3.5 -> 4;
  // the zero point is added after rounding.
  Tensor x2 = makeTensor(DType::F32, {2}, {1.25, 1.75});
  Tensor half = makeTensor(DType::F32, {}, {0.5});
  Tensor zero10 = makeTensor(DType::U8, {}, {10});
  out = runKernel("QuantizeLinear", {&x2, &half, &zero10},
                  {OutputSpec{DType::U8, {2}}});
  EXPECT_EQ(values(out[0]), (std::vector<double>{12, 14}));
}

TEST(QuantizationQuantize, SaturatesAndDefaultsToUnsigned) {
  Tensor x = makeTensor(DType::F32, {5}, {100, -100, 12.7, -12.8, NAN});
  Tensor scale = makeTensor(DType::F32, {}, {0.1});
  Tensor zu = makeTensor(DType::U8, {}, {128});
  auto out = runKernel("QuantizeLinear", {&x, &scale, &zu},
                       {OutputSpec{DType::U8, {5}}});
  // NaN quantizes to the zero point.
  EXPECT_EQ(values(out[0]), (std::vector<double>{255, 0, 255, 0, 128}));
  Tensor zi = makeTensor(DType::I8, {}, {-10});
  out = runKernel("QuantizeLinear", {&x, &scale, &zi},
                  {OutputSpec{DType::I8, {5}}});
  EXPECT_EQ(values(out[0]), (std::vector<double>{127, -128, 117, -128, -10}));
  // No zero point: u8 with zero point 0, negatives clamp to 0.
  Tensor y = makeTensor(DType::F32, {3}, {-1, 0.26, 300});
  out = runKernel("QuantizeLinear", {&y, &scale}, {OutputSpec{DType::U8, {3}}});
  EXPECT_EQ(values(out[0]), (std::vector<double>{0, 3, 255}));
  // f16 input.
  Tensor h = makeTensor(DType::F16, {2}, {2.5, -7});
  Tensor one = makeTensor(DType::F32, {1}, {1});
  out = runKernel("QuantizeLinear", {&h, &one, &zi},
                  {OutputSpec{DType::I8, {2}}});
  EXPECT_EQ(values(out[0]), (std::vector<double>{-8, -17}));
}

TEST(QuantizationQuantize, PerAxisMatchesNumpy) {
  Tensor x = makeTensor(DType::F32, {2, 3, 2}, pattern(12, 7, 3.0));
  Tensor scale = makeTensor(DType::F32, {3}, {0.1, 0.25, 0.04});
  Tensor zero = makeTensor(DType::I8, {3}, {-5, 0, 7});
  uint64_t flops = 0;
  // numpy: clip(rint(x / s[None, :, None]) + z[None, :, None], -128, 127).
  const std::vector<double> want = {11, -27, 0, 9,   -33, 22,
                                    23, -15, 5, -11, -3,  52};
  auto out =
      runKernel("QuantizeLinear", {&x, &scale, &zero},
                {OutputSpec{DType::I8, {2, 3, 2}}}, axisAttrs(1), &flops);
  EXPECT_EQ(values(out[0]), want);
  EXPECT_EQ(flops, 24u);
  out = runKernel("QuantizeLinear", {&x, &scale, &zero},
                  {OutputSpec{DType::I8, {2, 3, 2}}}, axisAttrs(-2));
  EXPECT_EQ(values(out[0]), want);
}

TEST(QuantizationDequantize, PerTensorAndPerAxis) {
  Tensor x = makeTensor(DType::U8, {4}, {0, 3, 128, 255});
  Tensor scale = makeTensor(DType::F32, {}, {2});
  Tensor zero = makeTensor(DType::U8, {}, {128});
  uint64_t flops = 0;
  auto out = runKernel("DequantizeLinear", {&x, &scale, &zero},
                       {OutputSpec{DType::F32, {4}}}, Attrs(), &flops);
  EXPECT_EQ(values(out[0]), (std::vector<double>{-256, -250, 0, 254}));
  EXPECT_EQ(flops, 8u);
  Tensor xi = makeTensor(DType::I8, {2, 3}, {-128, 0, 127, 1, 2, 3});
  Tensor scales = makeTensor(DType::F32, {2}, {0.5, 0.25});
  Tensor zeros = makeTensor(DType::I8, {2}, {-1, 3});
  out = runKernel("DequantizeLinear", {&xi, &scales, &zeros},
                  {OutputSpec{DType::F32, {2, 3}}}, axisAttrs(0));
  EXPECT_EQ(values(out[0]),
            (std::vector<double>{-63.5, 0.5, 64, -0.5, -0.25, 0}));
  // i32 (bias) tensors: the difference is exact before scaling.
  Tensor x32 = makeTensor(DType::I32, {2}, {2147483647, -2147483647});
  Tensor s1 = makeTensor(DType::F32, {}, {1});
  out =
      runKernel("DequantizeLinear", {&x32, &s1}, {OutputSpec{DType::F32, {2}}});
  EXPECT_EQ(values(out[0]), (std::vector<double>{2147483648.0, -2147483648.0}));
}

TEST(QuantizationDynamic, MatchesOnnxReference) {
  // ONNX's own example: range [-3, 2], scale 5/255, zero point 153.
  Tensor x = makeTensor(DType::F32, {6}, {0, 2, -3, -2.5, 1.34, 0.5});
  uint64_t flops = 0;
  auto out = runKernel("DynamicQuantizeLinear", {&x},
                       {OutputSpec{DType::U8, {6}}, OutputSpec{DType::F32, {}},
                        OutputSpec{DType::U8, {}}},
                       Attrs(), &flops);
  EXPECT_EQ(values(out[0]), (std::vector<double>{153, 255, 0, 26, 221, 179}));
  EXPECT_FLOAT_EQ(values(out[1])[0], 5.0f / 255.0f);
  EXPECT_EQ(values(out[2])[0], 153);
  EXPECT_EQ(flops, 24u);
  // The reference implementation in onnx's backend tests, run with numpy on
  // pattern inputs (a mixed-sign one and a mostly positive one).
  Tensor a = makeTensor(DType::F32, {3, 4}, pattern(12, 3, 2.7));
  out = runKernel("DynamicQuantizeLinear", {&a},
                  {OutputSpec{DType::U8, {3, 4}}, OutputSpec{DType::F32, {}},
                   OutputSpec{DType::U8, {}}});
  EXPECT_EQ(values(out[0]), (std::vector<double>{73, 173, 0, 100, 200, 27, 127,
                                                 228, 54, 154, 255, 81}));
  EXPECT_FLOAT_EQ(values(out[1])[0], 0.019905881956219673f);
  EXPECT_EQ(values(out[2])[0], 119);
  auto bv = pattern(12, 5, 3.1);
  for (double &v : bv)
    v = static_cast<float>(v + 1.5);
  Tensor b = makeTensor(DType::F32, {12}, bv);
  out = runKernel("DynamicQuantizeLinear", {&b},
                  {OutputSpec{DType::U8, {12}}, OutputSpec{DType::F32, {}},
                   OutputSpec{DType::U8, {}}});
  EXPECT_EQ(values(out[0]), (std::vector<double>{152, 255, 76, 180, 0, 104, 208,
                                                 29, 132, 236, 57, 160}));
  EXPECT_FLOAT_EQ(values(out[1])[0], 0.022125491872429848f);
  EXPECT_EQ(values(out[2])[0], 70);
  // All-positive input: the range still starts at 0, so zero point 0.
  Tensor p = makeTensor(DType::F32, {2}, {1, 2});
  out = runKernel("DynamicQuantizeLinear", {&p},
                  {OutputSpec{DType::U8, {2}}, OutputSpec{DType::F32, {}},
                   OutputSpec{DType::U8, {}}});
  EXPECT_EQ(values(out[0]),
            (std::vector<double>{127, 255})); // 1 / (2 / 255) = 127.49999f
  EXPECT_EQ(values(out[2])[0], 0);
  // All zeros: no range; scale 1 keeps everything finite.
  Tensor z(DType::F32, {3});
  out = runKernel("DynamicQuantizeLinear", {&z},
                  {OutputSpec{DType::U8, {3}}, OutputSpec{DType::F32, {}},
                   OutputSpec{DType::U8, {}}});
  EXPECT_EQ(values(out[0]), (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(values(out[1])[0], 1);
}

TEST(QuantizationErrors, BadInputThrows) {
  Tensor x(DType::F32, {2, 3});
  Tensor s2 = makeTensor(DType::F32, {2}, {1, 1}),
         s3 = makeTensor(DType::F32, {3}, {1, 1, 1});
  Tensor z2 = makeTensor(DType::U8, {2}, {0, 0}),
         z1 = makeTensor(DType::U8, {}, {0});
  const OutputSpec yU8{DType::U8, {2, 3}};
  // Per-axis scale with the wrong length for the axis.
  EXPECT_THROW(runKernel("QuantizeLinear", {&x, &s2}, {yU8}), Error);
  EXPECT_NO_THROW(runKernel("QuantizeLinear", {&x, &s3}, {yU8}));
  EXPECT_THROW(runKernel("QuantizeLinear", {&x, &s3}, {yU8}, axisAttrs(2)),
               Error);
  // Zero point shaped unlike the scale, or of a type other than the output.
  EXPECT_THROW(runKernel("QuantizeLinear", {&x, &s3, &z1}, {yU8}), Error);
  EXPECT_THROW(runKernel("QuantizeLinear", {&x, &s2, &z2},
                         {OutputSpec{DType::I8, {2, 3}}}, axisAttrs(0)),
               Error);
  Tensor z32 = makeTensor(DType::I32, {}, {0});
  Tensor s1 = makeTensor(DType::F32, {}, {1});
  EXPECT_THROW(runKernel("QuantizeLinear", {&x, &s1, &z32},
                         {OutputSpec{DType::I32, {2, 3}}}),
               Error);
  EXPECT_THROW(
      runKernel("QuantizeLinear", {&x, &s1}, {OutputSpec{DType::U8, {3, 2}}}),
      Error);
  // Dequantize: zero point type must match x, output must be float.
  Tensor q = makeTensor(DType::I8, {2, 3}, {1, 2, 3, 4, 5, 6});
  EXPECT_THROW(runKernel("DequantizeLinear", {&q, &s1, &z1},
                         {OutputSpec{DType::F32, {2, 3}}}),
               Error);
  EXPECT_THROW(runKernel("DequantizeLinear", {&q, &s1},
                         {OutputSpec{DType::I32, {2, 3}}}),
               Error);
  EXPECT_THROW(runKernel("DequantizeLinear", {&x, &s1},
                         {OutputSpec{DType::F32, {2, 3}}}),
               Error);
  // Dynamic: outputs of the wrong kind.
  EXPECT_THROW(
      runKernel("DynamicQuantizeLinear", {&x},
                {OutputSpec{DType::U8, {2, 3}}, OutputSpec{DType::F32, {2}},
                 OutputSpec{DType::U8, {}}}),
      Error);
  EXPECT_THROW(
      runKernel("DynamicQuantizeLinear", {&x},
                {OutputSpec{DType::I8, {2, 3}}, OutputSpec{DType::F32, {}},
                 OutputSpec{DType::U8, {}}}),
      Error);
}
