//===- ElementwiseTest.cpp - elementwise host kernels ---------------------===//
//
// Expected values are hand-computed, or (where a comment says so) computed
// with /usr/bin/python3 + numpy and pasted as constants.
//
//===----------------------------------------------------------------------===//

#include "KernelTestUtil.h"

#include <cmath>
#include <limits>

using namespace kiln::rt;
using namespace kiln::rt::test;

namespace {

AttrValue typeAttr(DType type) {
  AttrValue a;
  a.kind = AttrValue::Kind::Type;
  a.type = type;
  return a;
}

/// Runs a one-output kernel.
Tensor run1(const std::string &op, const std::vector<const Tensor *> &inputs,
            DType type, Shape shape, const Attrs &attrs = Attrs(),
            uint64_t *flops = nullptr) {
  return runKernel(op, inputs, {OutputSpec{type, std::move(shape)}}, attrs,
                   flops)[0];
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// numpy: x = np.array([-2.0, -0.5, 0.0, 0.3, 1.0, 2.5], np.float32)
const std::vector<double> kX = {-2.0, -0.5, 0.0, 0.30000001192092896, 1.0, 2.5};

} // namespace

TEST(ElementwiseUnary, FloatFunctionsMatchNumpy) {
  Tensor x = makeTensor(DType::F32, {2, 3}, kX);
  struct Case {
    const char *op;
    std::vector<double> expected; // numpy, in float64
  } cases[] = {
      {"Sigmoid",
       {0.11920292202211755, 0.3775406687981454, 0.5, 0.574442519725829,
        0.7310585786300049, 0.9241418199787566}},
      {"Tanh",
       {-0.9640275800758169, -0.46211715726000974, 0.0, 0.2913126233608736,
        0.7615941559557649, 0.9866142981514303}},
      {"Erf",
       {-0.9953222650189527, -0.5204998778130465, 0.0, 0.32862677175271543,
        0.8427007929497149, 0.999593047982555}},
      {"Softplus",
       {0.1269280110429724, 0.4740769841801067, 0.6931471805599453,
        0.8543552513164157, 1.3132616875182228, 2.5788897342925496}},
      {"Softsign",
       {-0.6666666865348816, -0.3333333432674408, 0.0, 0.23076924681663513, 0.5,
        0.7142857313156128}},
      {"HardSwish",
       {-0.3333333134651184, -0.2083333283662796, 0.0, 0.16500000655651093,
        0.6666666865348816, 2.2916665077209473}},
      {"Elu",
       {-0.8646647167633873, -0.3934693402873666, 0.0, 0.30000001192092896, 1.0,
        2.5}},
      {"Selu",
       {-1.5201664685956948, -0.6917581878028713, 0.0, 0.3152103126049042,
        1.0507010221481323, 2.6267526149749756}},
      {"HardSigmoid",
       {0.09999999403953552, 0.4000000059604645, 0.5, 0.5600000023841858,
        0.699999988079071, 1.0}},
      {"Relu", {0, 0, 0, 0.30000001192092896, 1.0, 2.5}},
      {"LeakyRelu", {-0.02, -0.005, 0, 0.30000001192092896, 1.0, 2.5}},
      {"ThresholdedRelu", {0, 0, 0, 0, 0, 2.5}}, // x > 1 only
      {"Abs", {2.0, 0.5, 0.0, 0.30000001192092896, 1.0, 2.5}},
      {"Neg", {2.0, 0.5, 0.0, -0.30000001192092896, -1.0, -2.5}},
      {"Sign", {-1, -1, 0, 1, 1, 1}},
      {"Floor", {-2, -1, 0, 0, 1, 2}},
      {"Ceil", {-2, 0, 0, 1, 1, 3}},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.op);
    expectValues(run1(c.op, {&x}, DType::F32, {2, 3}), c.expected, 1e-6);
  }
  Tensor pos = makeTensor(DType::F32, {3}, {0.25, 1.0, 4.0});
  expectValues(run1("Sqrt", {&pos}, DType::F32, {3}), {0.5, 1, 2}, 1e-7);
  expectValues(run1("Reciprocal", {&pos}, DType::F32, {3}), {4, 1, 0.25}, 1e-7);
  expectValues(run1("Log", {&pos}, DType::F32, {3}),
               {std::log(0.25), 0, std::log(4.0)}, 1e-6);
  expectValues(run1("Exp", {&pos}, DType::F32, {3}),
               {std::exp(0.25), std::exp(1.0), std::exp(4.0)}, 1e-6);
  Tensor unit = makeTensor(DType::F64, {3}, {-1.0, 0.0, 0.5});
  expectValues(run1("Asin", {&unit}, DType::F64, {3}), {-M_PI / 2, 0, M_PI / 6},
               1e-12);
  expectValues(run1("Acos", {&unit}, DType::F64, {3}),
               {M_PI, M_PI / 2, M_PI / 3}, 1e-12);
  expectValues(run1("Atan", {&unit}, DType::F64, {3}),
               {-M_PI / 4, 0, std::atan(0.5)}, 1e-12);
  expectValues(run1("Sin", {&unit}, DType::F64, {3}),
               {std::sin(-1.0), 0, std::sin(0.5)}, 1e-12);
  expectValues(run1("Cos", {&unit}, DType::F64, {3}),
               {std::cos(-1.0), 1, std::cos(0.5)}, 1e-12);
  expectValues(run1("Tan", {&unit}, DType::F64, {3}),
               {std::tan(-1.0), 0, std::tan(0.5)}, 1e-12);
  expectValues(run1("Sinh", {&unit}, DType::F64, {3}),
               {std::sinh(-1.0), 0, std::sinh(0.5)}, 1e-12);
  expectValues(run1("Cosh", {&unit}, DType::F64, {3}),
               {std::cosh(-1.0), 1, std::cosh(0.5)}, 1e-12);
}

TEST(ElementwiseUnary, AttributesOverrideDefaults) {
  Tensor x = makeTensor(DType::F32, {6}, kX);
  // numpy: np.maximum(0, x) + np.minimum(0, 2 * (np.exp(x / 2) - 1))
  expectValues(run1("Celu", {&x}, DType::F32, {6},
                    makeAttrs({{"alpha", floatAttr(2.0)}})),
               {-1.2642411176571153, -0.44239843385719024, 0.0,
                0.30000001192092896, 1.0, 2.5},
               1e-6);
  expectValues(run1("LeakyRelu", {&x}, DType::F32, {6},
                    makeAttrs({{"alpha", floatAttr(0.5)}})),
               {-1, -0.25, 0, 0.30000001192092896, 1, 2.5}, 1e-7);
  expectValues(run1("ThresholdedRelu", {&x}, DType::F32, {6},
                    makeAttrs({{"alpha", floatAttr(0.25)}})),
               {0, 0, 0, 0.30000001192092896, 1, 2.5}, 1e-7);
  expectValues(
      run1("HardSigmoid", {&x}, DType::F32, {6},
           makeAttrs({{"alpha", floatAttr(0.5)}, {"beta", floatAttr(0.25)}})),
      {0, 0, 0.25, 0.40000000596, 0.75, 1}, 1e-6);
  expectValues(
      run1("Selu", {&x}, DType::F32, {6},
           makeAttrs({{"alpha", floatAttr(2.0)}, {"gamma", floatAttr(3.0)}})),
      {6 * std::expm1(-2.0), 6 * std::expm1(-0.5), 0, 0.90000003576, 3, 7.5},
      1e-6);
  expectValues(run1("Elu", {&x}, DType::F32, {6},
                    makeAttrs({{"alpha", floatAttr(0.5)}})),
               {0.5 * std::expm1(-2.0), 0.5 * std::expm1(-0.5), 0,
                0.30000001192092896, 1, 2.5},
               1e-6);
}

TEST(ElementwiseUnary, RoundIsHalfToEven) {
  Tensor x =
      makeTensor(DType::F32, {8}, {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.3, -2.7});
  expectValues(run1("Round", {&x}, DType::F32, {8}),
               {0, 2, 2, -0.0, -2, -2, 2, -3});
}

TEST(ElementwiseUnary, NaNAndInfinities) {
  Tensor x = makeTensor(DType::F32, {4}, {kNaN, kInf, -kInf, 1.0});
  expectValues(run1("IsNaN", {&x}, DType::Bool, {4}), {1, 0, 0, 0});
  expectValues(run1("IsInf", {&x}, DType::Bool, {4}), {0, 1, 1, 0});
  expectValues(run1("IsInf", {&x}, DType::Bool, {4},
                    makeAttrs({{"detect_negative", intAttr(0)}})),
               {0, 1, 0, 0});
  expectValues(run1("IsInf", {&x}, DType::Bool, {4},
                    makeAttrs({{"detect_positive", intAttr(0)}})),
               {0, 0, 1, 0});
  expectValues(run1("Relu", {&x}, DType::F32, {4}), {kNaN, kInf, 0, 1});
  expectValues(run1("Sign", {&x}, DType::F32, {4}), {kNaN, 1, -1, 1});
  expectValues(run1("Sigmoid", {&x}, DType::F32, {4}),
               {kNaN, 1, 0, 0.7310585786300049}, 1e-6);
  expectValues(run1("Softplus", {&x}, DType::F32, {4}),
               {kNaN, kInf, 0, 1.3132616875182228}, 1e-6);
}

TEST(ElementwiseUnary, HalfPrecisionRoundsOnStore) {
  // numpy: np.exp(np.array([0.1, 1, 2, -3.5, 10, 11], np.float16)); 11 ->
  // 59872 exercises rounding at the top of the half range.
  Tensor x = makeTensor(DType::F16, {6}, {0.1, 1.0, 2.0, -3.5, 10.0, 11.0});
  expectValues(
      run1("Exp", {&x}, DType::F16, {6}),
      {1.10546875, 2.71875, 7.390625, 0.0301971435546875, 22032.0, 59872.0});
  Tensor b = makeTensor(DType::BF16, {3}, {-1.0, 0.0, 4.0});
  expectValues(run1("Neg", {&b}, DType::BF16, {3}), {1, 0, -4});
  expectValues(run1("Sqrt", {&b}, DType::BF16, {3}), {kNaN, 0, 2});
}

TEST(ElementwiseUnary, IntegerAndBoolTypes) {
  Tensor i8 = makeTensor(DType::I8, {5}, {-128, -3, 0, 5, 127});
  // numpy wraps: abs(-128) and -(-128) are -128 in int8.
  expectValues(run1("Abs", {&i8}, DType::I8, {5}), {-128, 3, 0, 5, 127});
  expectValues(run1("Neg", {&i8}, DType::I8, {5}), {-128, 3, 0, -5, -127});
  expectValues(run1("Sign", {&i8}, DType::I8, {5}), {-1, -1, 0, 1, 1});
  expectValues(run1("Relu", {&i8}, DType::I8, {5}), {0, 0, 0, 5, 127});
  Tensor u16 = makeTensor(DType::U16, {3}, {0, 7, 65535});
  expectValues(run1("Abs", {&u16}, DType::U16, {3}), {0, 7, 65535});
  expectValues(run1("Sign", {&u16}, DType::U16, {3}), {0, 1, 1});
  Tensor i32 = makeTensor(DType::I32, {4}, {-7, 0, 2, 7});
  // erf(2) = 0.995 truncates to 0; erf(7) is 1.0 in double.
  expectValues(run1("Erf", {&i32}, DType::I32, {4}), {-1, 0, 0, 1});
  Tensor b = makeTensor(DType::Bool, {2}, {1, 0});
  expectValues(run1("Not", {&b}, DType::Bool, {2}), {0, 1});
  Tensor id = run1("Identity", {&i32}, DType::I32, {4});
  expectValues(id, {-7, 0, 2, 7});
}

TEST(ElementwiseUnary, RejectsBadTypesAndShapes) {
  Tensor i32 = makeTensor(DType::I32, {2}, {1, 2});
  EXPECT_THROW(run1("Exp", {&i32}, DType::I32, {2}), Error);
  Tensor u8 = makeTensor(DType::U8, {2}, {1, 2});
  EXPECT_THROW(run1("Neg", {&u8}, DType::U8, {2}), Error);
  Tensor f = makeTensor(DType::F32, {2}, {1, 2});
  EXPECT_THROW(run1("Exp", {&f}, DType::F32, {3}), Error);
  EXPECT_THROW(run1("Exp", {&f}, DType::F64, {2}), Error);
  EXPECT_THROW(run1("Not", {&f}, DType::F32, {2}), Error);
  EXPECT_THROW(run1("Celu", {&f}, DType::F32, {2},
                    makeAttrs({{"alpha", floatAttr(0.0)}})),
               Error);
  EXPECT_THROW(runKernel("Exp", {nullptr}, {OutputSpec{DType::F32, {2}}}),
               Error);
}

TEST(ElementwiseBinary, BroadcastsLikeNumpy) {
  Tensor a = makeTensor(DType::F32, {2, 1, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = makeTensor(DType::F32, {4, 1}, {10, 20, 30, 40});
  Tensor c = run1("Add", {&a, &b}, DType::F32, {2, 4, 3});
  std::vector<double> expected;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 4; ++j)
      for (int k = 0; k < 3; ++k)
        expected.push_back((i * 3 + k + 1) + 10 * (j + 1));
  expectValues(c, expected);

  Tensor row = makeTensor(DType::F32, {3}, {1, 2, 4});
  Tensor m = makeTensor(DType::F32, {2, 3}, {1, 2, 3, 4, 5, 6});
  expectValues(run1("Sub", {&m, &row}, DType::F32, {2, 3}),
               {0, 0, -1, 3, 3, 2});
  expectValues(run1("Div", {&row, &m}, DType::F32, {2, 3}),
               {1, 1, 4.0 / 3, 0.25, 0.4, 4.0 / 6}, 1e-7);
  Tensor scalar = makeTensor(DType::F32, {}, {2});
  expectValues(run1("Mul", {&scalar, &m}, DType::F32, {2, 3}),
               {2, 4, 6, 8, 10, 12});
  expectValues(run1("Mul", {&m, &scalar}, DType::F32, {2, 3}),
               {2, 4, 6, 8, 10, 12});
  // A size-0 dim broadcasts with 1 to an empty result.
  Tensor empty = makeTensor(DType::F32, {0, 3}, {});
  EXPECT_EQ(run1("Add", {&empty, &row}, DType::F32, {0, 3}).numel(), 0);

  Tensor d = makeTensor(DType::F64, {2, 2}, {1, -2, 3, -4});
  Tensor e = makeTensor(DType::F64, {2, 1}, {0.5, 2});
  expectValues(run1("Mul", {&d, &e}, DType::F64, {2, 2}), {0.5, -1, 6, -8});
  Tensor h = makeTensor(DType::F16, {2}, {1.5, 2.0});
  Tensor h2 = makeTensor(DType::F16, {2}, {0.25, 1.0 / 3});
  // 2 + 0.333252 (the half of 1/3) = 2.33325, which rounds to 2.33398 in half.
  expectValues(run1("Add", {&h, &h2}, DType::F16, {2}), {1.75, 2.333984375});
}

TEST(ElementwiseBinary, LargeTensorsTakeTheParallelPaths) {
  // Same shapes (one long row split over threads), a bias row, and a
  // column broadcast with short rows.
  const int64_t n = 100000;
  std::vector<double> av(n), bv(n);
  for (int64_t i = 0; i < n; ++i) {
    av[i] = static_cast<double>(i % 1000);
    bv[i] = static_cast<double>((i * 7) % 13);
  }
  Tensor a = makeTensor(DType::F32, {n}, av),
         b = makeTensor(DType::F32, {n}, bv);
  uint64_t flops = 0;
  std::vector<double> got =
      values(run1("Add", {&a, &b}, DType::F32, {n}, Attrs(), &flops));
  for (int64_t i = 0; i < n; ++i)
    ASSERT_EQ(got[i], av[i] + bv[i]) << i;
  EXPECT_EQ(flops, static_cast<uint64_t>(n));

  Tensor m = makeTensor(DType::F32, {500, 200},
                        std::vector<double>(av.begin(), av.begin() + 100000));
  std::vector<double> biasv(200);
  for (int j = 0; j < 200; ++j)
    biasv[j] = j * 0.5;
  Tensor bias = makeTensor(DType::F32, {200}, biasv);
  got = values(run1("Sub", {&m, &bias}, DType::F32, {500, 200}));
  for (int64_t i = 0; i < 500; ++i)
    for (int64_t j = 0; j < 200; ++j)
      ASSERT_EQ(got[i * 200 + j], av[i * 200 + j] - biasv[j]);

  Tensor col = makeTensor(DType::I32, {50000, 1},
                          std::vector<double>(av.begin(), av.begin() + 50000));
  Tensor three = makeTensor(DType::I32, {1, 3}, {1, -1, 3});
  got = values(run1("Mul", {&col, &three}, DType::I32, {50000, 3}));
  for (int64_t i = 0; i < 50000; ++i)
    for (int64_t j = 0; j < 3; ++j)
      ASSERT_EQ(got[i * 3 + j], av[i] * (j == 0 ? 1 : j == 1 ? -1 : 3));
}

TEST(ElementwiseBinary, IntegerArithmeticWrapsAndTruncates) {
  Tensor a = makeTensor(DType::I32, {4}, {2147483647, -2147483648.0, -7, 7});
  Tensor b = makeTensor(DType::I32, {4}, {1, -1, 2, -2});
  expectValues(run1("Add", {&a, &b}, DType::I32, {4}),
               {-2147483648.0, 2147483647, -5, 5});
  expectValues(run1("Sub", {&a, &b}, DType::I32, {4}),
               {2147483646, 2147483647 * -1.0, -9, 9});
  // Division truncates toward zero; INT_MIN / -1 wraps instead of trapping.
  expectValues(run1("Div", {&a, &b}, DType::I32, {4}),
               {2147483647, -2147483648.0, -3, -3});
  Tensor u = makeTensor(DType::U16, {2}, {65535, 300});
  Tensor v = makeTensor(DType::U16, {2}, {65535, 300});
  // 65535 * 65535 would overflow int after promotion; it wraps to 1.
  expectValues(run1("Mul", {&u, &v}, DType::U16, {2}), {1, 90000 % 65536});
  Tensor zero = makeTensor(DType::I32, {4}, {1, 2, 0, 3});
  EXPECT_THROW(run1("Div", {&a, &zero}, DType::I32, {4}), Error);
  // Float division by zero is IEEE, not an error.
  Tensor fa = makeTensor(DType::F32, {2}, {1, 0}),
         fz = makeTensor(DType::F32, {2}, {0, 0});
  expectValues(run1("Div", {&fa, &fz}, DType::F32, {2}), {kInf, kNaN});
}

TEST(ElementwiseBinary, ModFollowsTheDivisorOrTheDividend) {
  // The ONNX test_mod_mixed_sign_int8 case: Python-style mod.
  Tensor a = makeTensor(DType::I8, {6}, {-4, 7, 5, 4, -7, 8});
  Tensor b = makeTensor(DType::I8, {6}, {2, -3, 8, -2, 3, 5});
  expectValues(run1("Mod", {&a, &b}, DType::I8, {6}), {0, -2, 5, 0, 2, 3});
  Attrs fmod = makeAttrs({{"fmod", intAttr(1)}});
  expectValues(run1("Mod", {&a, &b}, DType::I8, {6}, fmod),
               {0, 1, 5, 0, -1, 3});
  Tensor m = makeTensor(DType::I8, {2}, {-128, 5});
  Tensor minus1 = makeTensor(DType::I8, {}, {-1});
  expectValues(run1("Mod", {&m, &minus1}, DType::I8, {2}), {0, 0});
  Tensor u = makeTensor(DType::U32, {2}, {7, 4000000000.0});
  Tensor w = makeTensor(DType::U32, {2}, {3, 3});
  expectValues(run1("Mod", {&u, &w}, DType::U32, {2}), {1, 1});
  // numpy: np.fmod(np.float32([-4.3, 7.2, 5, 4.3]), np.float32([2.1, -3.4, 8,
  // -2.1]))
  Tensor fx = makeTensor(DType::F32, {4}, {-4.3, 7.2, 5, 4.3});
  Tensor fy = makeTensor(DType::F32, {4}, {2.1, -3.4, 8, -2.1});
  expectValues(
      run1("Mod", {&fx, &fy}, DType::F32, {4}, fmod),
      {-0.10000038146972656, 0.39999961853027344, 5.0, 0.10000038146972656},
      1e-6);
  EXPECT_THROW(run1("Mod", {&fx, &fy}, DType::F32, {4}), Error); // fmod = 0
  Tensor zero = makeTensor(DType::I8, {}, {0});
  EXPECT_THROW(run1("Mod", {&a, &zero}, DType::I8, {6}), Error);
  EXPECT_THROW(
      run1("Mod", {&a, &b}, DType::I8, {6}, makeAttrs({{"fmod", intAttr(2)}})),
      Error);
}

TEST(ElementwiseBinary, PowMixesTypes) {
  // ONNX test_pow_types_int32_float32.
  Tensor xi = makeTensor(DType::I32, {3}, {1, 2, 3});
  Tensor yf = makeTensor(DType::F32, {3}, {4, 5, 6});
  expectValues(run1("Pow", {&xi, &yf}, DType::I32, {3}), {1, 32, 729});
  Tensor yh = makeTensor(DType::F32, {3}, {0.5, 0.5, 0.5});
  Tensor xs = makeTensor(DType::I64, {3}, {4, 8, 2});
  expectValues(run1("Pow", {&xs, &yh}, DType::I64, {3}), {2, 2, 1});
  Tensor xf = makeTensor(DType::F32, {3}, {2, 3, 0.5});
  Tensor yi = makeTensor(DType::I64, {3}, {3, 2, -1});
  expectValues(run1("Pow", {&xf, &yi}, DType::F32, {3}), {8, 9, 2});
  // numpy: np.power(np.float32([2, 3, 0.5]), np.float32([3, 0.5, -1]))
  Tensor yf2 = makeTensor(DType::F32, {3}, {3, 0.5, -1});
  uint64_t flops = 0;
  expectValues(run1("Pow", {&xf, &yf2}, DType::F32, {3}, Attrs(), &flops),
               {8.0, 1.732050895690918, 2.0}, 1e-7);
  EXPECT_EQ(flops, 3u);
  // Integer powers are exact and wrap; negative exponents truncate 1/x^n.
  Tensor base = makeTensor(DType::I64, {5}, {3, -1, 1, 2, -2});
  Tensor exps = makeTensor(DType::I64, {5}, {39, -3, -5, -1, 3});
  std::vector<Tensor> out = runKernel(
      "Pow", {&base, &exps}, {OutputSpec{DType::I64, {5}}}, Attrs(), &flops);
  const int64_t *p = out[0].data<int64_t>();
  EXPECT_EQ(p[0], 4052555153018976267LL); // 3^39, exact
  EXPECT_EQ(p[1], -1);
  EXPECT_EQ(p[2], 1);
  EXPECT_EQ(p[3], 0);
  EXPECT_EQ(p[4], -8);
  EXPECT_EQ(flops, 0u);
  // 3^21 = 10460353203 wraps modulo 2^32 in int32.
  Tensor b32 = makeTensor(DType::I32, {1}, {3});
  Tensor e32 = makeTensor(DType::I32, {1}, {21});
  expectValues(run1("Pow", {&b32, &e32}, DType::I32, {1}), {1870418611});
  Tensor i8 = makeTensor(DType::I8, {2}, {2, 3});
  Tensor u8e = makeTensor(DType::U8, {2}, {7, 5});
  expectValues(run1("Pow", {&i8, &u8e}, DType::I8, {2}),
               {-128, -13}); // 243 wraps
  Tensor zero = makeTensor(DType::I32, {1}, {0});
  Tensor neg = makeTensor(DType::I32, {1}, {-2});
  EXPECT_THROW(run1("Pow", {&zero, &neg}, DType::I32, {1}), Error);
}

TEST(ElementwiseBinary, PReluBroadcastsSlope) {
  Tensor x = makeTensor(DType::F32, {2, 3}, {-1, 2, -3, 4, -5, 0});
  Tensor slope = makeTensor(DType::F32, {3}, {0.1, 0.2, 0.3});
  expectValues(run1("PRelu", {&x, &slope}, DType::F32, {2, 3}),
               {-0.1, 2, -0.9, 4, -1, 0}, 1e-6);
  Tensor xi = makeTensor(DType::I32, {3}, {-4, 4, -1});
  Tensor si = makeTensor(DType::I32, {1}, {3});
  expectValues(run1("PRelu", {&xi, &si}, DType::I32, {3}), {-12, 4, -3});
  // The slope must broadcast to X, not the other way round.
  Tensor big = makeTensor(DType::F32, {2, 2, 3}, std::vector<double>(12, 1));
  EXPECT_THROW(run1("PRelu", {&x, &big}, DType::F32, {2, 2, 3}), Error);
}

TEST(ElementwiseBinary, LogicAndComparisons) {
  Tensor a = makeTensor(DType::Bool, {2, 2}, {1, 1, 0, 0});
  Tensor b = makeTensor(DType::Bool, {2}, {1, 0});
  expectValues(run1("And", {&a, &b}, DType::Bool, {2, 2}), {1, 0, 0, 0});
  expectValues(run1("Or", {&a, &b}, DType::Bool, {2, 2}), {1, 1, 1, 0});
  expectValues(run1("Xor", {&a, &b}, DType::Bool, {2, 2}), {0, 1, 1, 0});
  expectValues(run1("Equal", {&a, &b}, DType::Bool, {2, 2}), {1, 0, 0, 1});

  Tensor x = makeTensor(DType::F32, {4}, {1, 2, kNaN, 4});
  Tensor y = makeTensor(DType::F32, {}, {2});
  uint64_t flops = 1;
  expectValues(run1("Less", {&x, &y}, DType::Bool, {4}, Attrs(), &flops),
               {1, 0, 0, 0});
  EXPECT_EQ(flops, 0u);
  expectValues(run1("LessOrEqual", {&x, &y}, DType::Bool, {4}), {1, 1, 0, 0});
  expectValues(run1("Greater", {&x, &y}, DType::Bool, {4}), {0, 0, 0, 1});
  expectValues(run1("GreaterOrEqual", {&x, &y}, DType::Bool, {4}),
               {0, 1, 0, 1});
  expectValues(run1("Equal", {&x, &x}, DType::Bool, {4}), {1, 1, 0, 1});
  Tensor i = makeTensor(DType::I64, {3}, {-1, 5, 9});
  Tensor j = makeTensor(DType::I64, {3, 1}, {5, -1, 10});
  expectValues(run1("Equal", {&i, &j}, DType::Bool, {3, 3}),
               {0, 1, 0, 1, 0, 0, 0, 0, 0});
  Tensor u = makeTensor(DType::U64, {1}, {9e18});
  Tensor v = makeTensor(DType::U64, {1}, {1});
  expectValues(run1("Greater", {&u, &v}, DType::Bool, {1}), {1});
  Tensor h = makeTensor(DType::F16, {2}, {0.5, 1.5});
  Tensor g = makeTensor(DType::F16, {2}, {1, 1});
  expectValues(run1("Less", {&h, &g}, DType::Bool, {2}), {1, 0});
}

TEST(ElementwiseBinary, RejectsMismatchedOperands) {
  Tensor a = makeTensor(DType::F32, {2, 3}, std::vector<double>(6, 1));
  Tensor b = makeTensor(DType::F32, {4}, std::vector<double>(4, 1));
  Tensor c = makeTensor(DType::F64, {3}, std::vector<double>(3, 1));
  Tensor d = makeTensor(DType::F32, {3}, std::vector<double>(3, 1));
  EXPECT_THROW(run1("Add", {&a, &b}, DType::F32, {2, 3}),
               Error); // no broadcast
  EXPECT_THROW(run1("Add", {&a, &c}, DType::F32, {2, 3}), Error);  // types
  EXPECT_THROW(run1("Add", {&a, &d}, DType::F32, {3, 3}), Error);  // out shape
  EXPECT_THROW(run1("Add", {&a, &d}, DType::F16, {2, 3}), Error);  // out type
  EXPECT_THROW(run1("Less", {&a, &d}, DType::F32, {2, 3}), Error); // not bool
  EXPECT_THROW(run1("And", {&a, &d}, DType::Bool, {2, 3}),
               Error); // not bool in
  Tensor flag = makeTensor(DType::Bool, {3}, {1, 0, 1});
  EXPECT_THROW(run1("Add", {&flag, &flag}, DType::Bool, {3}), Error);
}

TEST(ElementwiseVariadic, MaxMinSumMean) {
  Tensor a = makeTensor(DType::F32, {3}, {3, kNaN, 1});
  Tensor b = makeTensor(DType::F32, {2, 1}, {2, 5});
  Tensor c = makeTensor(DType::F32, {}, {4});
  uint64_t flops = 0;
  // NaN propagates through Max / Min like numpy.maximum.
  expectValues(run1("Max", {&a, &b, &c}, DType::F32, {2, 3}, Attrs(), &flops),
               {4, kNaN, 4, 5, kNaN, 5});
  EXPECT_EQ(flops, 2u * 6);
  expectValues(run1("Min", {&a, &b, &c}, DType::F32, {2, 3}),
               {2, kNaN, 1, 3, kNaN, 1});
  expectValues(run1("Sum", {&a, &b, &c}, DType::F32, {2, 3}),
               {9, kNaN, 7, 12, kNaN, 10});
  expectValues(run1("Mean", {&a, &b, &c}, DType::F32, {2, 3}, Attrs(), &flops),
               {3, kNaN, 7.0 / 3, 4, kNaN, 10.0 / 3}, 1e-6);
  EXPECT_EQ(flops, 3u * 6); // two additions and a division per element
  // One input: a (broadcast) copy, no arithmetic.
  expectValues(run1("Sum", {&a}, DType::F32, {3}, Attrs(), &flops),
               {3, kNaN, 1});
  EXPECT_EQ(flops, 0u);
  Tensor i = makeTensor(DType::I32, {2}, {-3, 4});
  Tensor j = makeTensor(DType::I32, {2}, {-4, 7});
  expectValues(run1("Mean", {&i, &j}, DType::I32, {2}, Attrs(), &flops),
               {-3, 5});
  EXPECT_EQ(flops, 0u);
  expectValues(run1("Max", {&i, &j}, DType::I32, {2}), {-3, 7});
  Tensor h = makeTensor(DType::F16, {2}, {1, 2});
  expectValues(run1("Sum", {&h, &h, &h}, DType::F16, {2}), {3, 6});
  Tensor k = makeTensor(DType::I64, {2}, {1, 2});
  EXPECT_THROW(run1("Sum", {&i, &k}, DType::I32, {2}), Error);
  EXPECT_THROW(run1("Sum", {}, DType::I32, {2}), Error);
}

TEST(ElementwiseOther, WhereBroadcasts) {
  Tensor cond = makeTensor(DType::Bool, {2, 1}, {1, 0});
  Tensor x = makeTensor(DType::I64, {1, 3}, {1, 2, 3});
  Tensor y = makeTensor(DType::I64, {}, {-9});
  uint64_t flops = 7;
  expectValues(
      run1("Where", {&cond, &x, &y}, DType::I64, {2, 3}, Attrs(), &flops),
      {1, 2, 3, -9, -9, -9});
  EXPECT_EQ(flops, 0u);
  Tensor hx = makeTensor(DType::F16, {2}, {0.5, 1.5});
  Tensor hy = makeTensor(DType::F16, {2}, {-1, -2});
  Tensor c2 = makeTensor(DType::Bool, {2}, {0, 1});
  expectValues(run1("Where", {&c2, &hx, &hy}, DType::F16, {2}), {-1, 1.5});
  Tensor bx = makeTensor(DType::Bool, {2}, {1, 1});
  Tensor by = makeTensor(DType::Bool, {2}, {0, 0});
  expectValues(run1("Where", {&c2, &bx, &by}, DType::Bool, {2}), {0, 1});
  EXPECT_THROW(run1("Where", {&x, &x, &y}, DType::I64, {1, 3}), Error);
  EXPECT_THROW(run1("Where", {&c2, &hx, &y}, DType::F16, {2}), Error);
}

TEST(ElementwiseOther, ClipWithOptionalBounds) {
  Tensor x = makeTensor(DType::F32, {5}, {-3, -1, 0, 2, kNaN});
  Tensor lo = makeTensor(DType::F32, {}, {-1.5});
  Tensor hi = makeTensor(DType::F32, {}, {1});
  expectValues(run1("Clip", {&x, &lo, &hi}, DType::F32, {5}),
               {-1.5, -1, 0, 1, kNaN});
  expectValues(run1("Clip", {&x, nullptr, &hi}, DType::F32, {5}),
               {-3, -1, 0, 1, kNaN});
  expectValues(run1("Clip", {&x}, DType::F32, {5}), {-3, -1, 0, 2, kNaN});
  // min > max: every element becomes max, as numpy.clip.
  expectValues(run1("Clip", {&x, &hi, &lo}, DType::F32, {5}),
               {-1.5, -1.5, -1.5, -1.5, kNaN});
  // ONNX test_clip_default_int8_min: only a lower bound.
  Tensor i8 = makeTensor(DType::I8, {4}, {-128, -1, 0, 127});
  Tensor zero = makeTensor(DType::I8, {}, {0});
  expectValues(run1("Clip", {&i8, &zero}, DType::I8, {4}), {0, 0, 0, 127});
  Tensor vec = makeTensor(DType::F32, {2}, {0, 1});
  EXPECT_THROW(run1("Clip", {&x, &vec}, DType::F32, {5}), Error);
  EXPECT_THROW(run1("Clip", {&i8, &lo}, DType::I8, {4}), Error); // types differ
}

TEST(ElementwiseOther, CastFollowsOnnxSemantics) {
  Tensor x = makeTensor(DType::F32, {6}, {-2.7, 2.7, kNaN, 300.0, -1.0, 0.0});
  Attrs toI32 = makeAttrs({{"to", typeAttr(DType::I32)}});
  uint64_t flops = 9;
  expectValues(run1("Cast", {&x}, DType::I32, {6}, toI32, &flops),
               {-2, 2, 0, 300, -1, 0});
  EXPECT_EQ(flops, 0u);
  // Out of range wraps like numpy on x86 (through int64).
  expectValues(run1("Cast", {&x}, DType::U8, {6},
                    makeAttrs({{"to", typeAttr(DType::U8)}})),
               {254, 2, 0, 44, 255, 0});
  expectValues(run1("Cast", {&x}, DType::Bool, {6},
                    makeAttrs({{"to", typeAttr(DType::Bool)}})),
               {1, 1, 1, 1, 1, 0});
  Tensor b = makeTensor(DType::Bool, {2}, {1, 0});
  expectValues(run1("Cast", {&b}, DType::F64, {2},
                    makeAttrs({{"to", typeAttr(DType::F64)}})),
               {1, 0});
  // 65520 rounds to inf in half; 1 + 2^-11 is a tie that rounds to even.
  Tensor f =
      makeTensor(DType::F32, {3}, {65520.0, 1.0 + std::ldexp(1.0, -11), 0.1});
  expectValues(run1("Cast", {&f}, DType::F16, {3},
                    makeAttrs({{"to", typeAttr(DType::F16)}})),
               {kInf, 1.0, 0.0999755859375});
  Tensor d = makeTensor(DType::F64, {1}, {3.14159});
  expectValues(run1("Cast", {&d}, DType::BF16, {1},
                    makeAttrs({{"to", typeAttr(DType::BF16)}})),
               {3.140625});
  Tensor h = makeTensor(DType::F16, {2}, {-0.5, 1e4});
  expectValues(run1("Cast", {&h}, DType::I16, {2},
                    makeAttrs({{"to", typeAttr(DType::I16)}})),
               {0, 10000});
  Tensor i = makeTensor(DType::I64, {3}, {257, -1, 1LL << 40});
  expectValues(run1("Cast", {&i}, DType::U8, {3},
                    makeAttrs({{"to", typeAttr(DType::U8)}})),
               {1, 255, 0});
  expectValues(run1("Cast", {&i}, DType::F32, {3},
                    makeAttrs({{"to", typeAttr(DType::F32)}})),
               {257, -1, 1099511627776.0});
  Tensor target = makeTensor(DType::I8, {1}, {0});
  expectValues(run1("CastLike", {&x, &target}, DType::I8, {6}),
               {-2, 2, 0, 44, -1, 0});
  EXPECT_THROW(run1("Cast", {&x}, DType::I32, {6}), Error); // no 'to'
  EXPECT_THROW(run1("Cast", {&x}, DType::I64, {6}, toI32), Error);
  EXPECT_THROW(run1("Cast", {&x}, DType::I32, {3}, toI32), Error);
}

TEST(ElementwiseOther, DropoutInferenceIsACopy) {
  Tensor x = makeTensor(DType::F32, {2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor ratio = makeTensor(DType::F32, {}, {0.5});
  uint64_t flops = 9;
  auto outs = runKernel(
      "Dropout", {&x, &ratio},
      {OutputSpec{DType::F32, {2, 3}}, OutputSpec{DType::Bool, {2, 3}}},
      Attrs(), &flops);
  expectValues(outs[0], {1, 2, 3, 4, 5, 6});
  expectValues(outs[1], {1, 1, 1, 1, 1, 1});
  EXPECT_EQ(flops, 0u);
  Tensor off = makeTensor(DType::Bool, {}, {0});
  outs = runKernel("Dropout", {&x, nullptr, &off},
                   {OutputSpec{DType::F32, {2, 3}}, std::nullopt});
  expectValues(outs[0], {1, 2, 3, 4, 5, 6});
  // Training with ratio 0 keeps everything (ONNX
  // test_training_dropout_zero_ratio).
  Tensor on = makeTensor(DType::Bool, {}, {1});
  Tensor zero = makeTensor(DType::F32, {}, {0});
  outs = runKernel(
      "Dropout", {&x, &zero, &on},
      {OutputSpec{DType::F32, {2, 3}}, OutputSpec{DType::Bool, {2, 3}}});
  expectValues(outs[0], {1, 2, 3, 4, 5, 6});
  expectValues(outs[1], {1, 1, 1, 1, 1, 1});
}

TEST(ElementwiseOther, DropoutTrainingIsSeededAndScaled) {
  const int64_t n = 40000;
  std::vector<double> xv(n);
  for (int64_t i = 0; i < n; ++i)
    xv[i] = 1 + i % 5;
  Tensor x = makeTensor(DType::F32, {n}, xv);
  Tensor ratio = makeTensor(DType::F64, {}, {0.25});
  Tensor on = makeTensor(DType::Bool, {}, {1});
  auto run = [&](int64_t seed, uint64_t *flops = nullptr) {
    return runKernel(
        "Dropout", {&x, &ratio, &on},
        {OutputSpec{DType::F32, {n}}, OutputSpec{DType::Bool, {n}}},
        makeAttrs({{"seed", intAttr(seed)}}), flops);
  };
  uint64_t flops = 0;
  auto first = run(7, &flops);
  EXPECT_EQ(flops, static_cast<uint64_t>(n));
  auto again = run(7);
  auto other = run(8);
  std::vector<double> y = values(first[0]), mask = values(first[1]);
  EXPECT_EQ(y, values(again[0]));
  EXPECT_NE(mask, values(other[1]));
  int64_t kept = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (mask[i]) {
      ++kept;
      ASSERT_FLOAT_EQ(y[i], xv[i] / 0.75);
    } else {
      ASSERT_EQ(y[i], 0);
    }
  }
  // 30000 expected; the binomial standard deviation is about 87.
  EXPECT_NEAR(kept, 30000, 600);
  Tensor one = makeTensor(DType::F32, {}, {1.0});
  EXPECT_THROW(
      runKernel("Dropout", {&x, &one, &on}, {OutputSpec{DType::F32, {n}}}),
      Error);
  Tensor bad = makeTensor(DType::F32, {2}, {0.1, 0.2});
  EXPECT_THROW(runKernel("Dropout", {&x, &bad}, {OutputSpec{DType::F32, {n}}}),
               Error);
  EXPECT_THROW(
      runKernel("Dropout", {&x},
                {OutputSpec{DType::F32, {n}}, OutputSpec{DType::F32, {n}}}),
      Error); // mask must be bool
}

TEST(ElementwiseFlops, FloatOpsCountIntegersDoNot) {
  Tensor a = makeTensor(DType::F32, {2, 3}, std::vector<double>(6, 1));
  Tensor b = makeTensor(DType::F32, {3}, std::vector<double>(3, 2));
  uint64_t flops = 0;
  run1("Add", {&a, &b}, DType::F32, {2, 3}, Attrs(), &flops);
  EXPECT_EQ(flops, 6u);
  run1("Tanh", {&a}, DType::F32, {2, 3}, Attrs(), &flops);
  EXPECT_EQ(flops, 6u);
  Tensor h = makeTensor(DType::F16, {4}, {1, 2, 3, 4});
  run1("Relu", {&h}, DType::F16, {4}, Attrs(), &flops);
  EXPECT_EQ(flops, 4u);
  Tensor i = makeTensor(DType::I32, {3}, {1, 2, 3});
  run1("Add", {&i, &i}, DType::I32, {3}, Attrs(), &flops);
  EXPECT_EQ(flops, 0u);
  run1("Abs", {&i}, DType::I32, {3}, Attrs(), &flops);
  EXPECT_EQ(flops, 0u);
  run1("Identity", {&a}, DType::F32, {2, 3}, Attrs(), &flops);
  EXPECT_EQ(flops, 0u);
  run1("Clip", {&a}, DType::F32, {2, 3}, Attrs(), &flops);
  EXPECT_EQ(flops, 6u);
}
