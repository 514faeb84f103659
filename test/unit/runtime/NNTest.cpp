//===- NNTest.cpp - MatMul, Gemm, Conv, pooling, normalization ------------===//
//
// Two kinds of expectations: direct loops in double written here (on random
// inputs, over many shapes), and numbers computed once with numpy / torch
// 1.13 (/usr/bin/python3) on inputs both sides build from pattern() below,
// pasted as constants where noted.
//
//===----------------------------------------------------------------------===//

#include "KernelTestUtil.h"

#include <cmath>
#include <random>

using namespace kiln::rt;
using namespace kiln::rt::test;

namespace {

/// The deterministic inputs the pasted torch / numpy numbers were made from:
/// numpy's ((i * 37 + seed * 11) % 101 - 50) / 50.0 * scale, as float32.
std::vector<double> pattern(int64_t n, int64_t seed, double scale = 1.0) {
  std::vector<double> v(n);
  for (int64_t i = 0; i < n; ++i)
    v[i] = static_cast<float>(((i * 37 + seed * 11) % 101 - 50) / 50.0 * scale);
  return v;
}

std::vector<double> randomValues(int64_t n, std::mt19937 &rng) {
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<double> v(n);
  for (double &x : v)
    x = static_cast<float>(dist(rng));
  return v;
}

void expectClose(const std::vector<double> &got,
                 const std::vector<double> &want, double tol) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_NEAR(got[i], want[i], tol * (1 + std::fabs(want[i]))) << "at " << i;
}

std::vector<int64_t> unravel(int64_t flat, const Shape &shape) {
  std::vector<int64_t> idx(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    idx[d] = flat % shape[d];
    flat /= shape[d];
  }
  return idx;
}

int64_t ravel(const std::vector<int64_t> &idx, const Shape &shape) {
  int64_t flat = 0;
  for (size_t d = 0; d < shape.size(); ++d)
    flat = flat * shape[d] + idx[d];
  return flat;
}

struct ConvCase {
  Shape x, w;
  int64_t group = 1;
  std::vector<int64_t> strides, dilations, pads; // empty: ONNX defaults
  bool bias = false;
};

std::vector<int64_t> orDefault(const std::vector<int64_t> &v, size_t n,
                               int64_t d) {
  return v.empty() ? std::vector<int64_t>(n, d) : v;
}

/// Direct N-d convolution in double, straight from the ONNX definition.
std::vector<double> directConv(const ConvCase &c, const std::vector<double> &x,
                               const std::vector<double> &w,
                               const std::vector<double> &b, Shape &yShape) {
  const size_t nsp = c.x.size() - 2;
  auto s = orDefault(c.strides, nsp, 1), dl = orDefault(c.dilations, nsp, 1),
       p = orDefault(c.pads, 2 * nsp, 0);
  const int64_t m = c.w[0], cg = c.w[1], mg = m / c.group;
  Shape kernel(c.w.begin() + 2, c.w.end());
  yShape = {c.x[0], m};
  for (size_t d = 0; d < nsp; ++d)
    yShape.push_back(
        (c.x[d + 2] + p[d] + p[nsp + d] - (kernel[d] - 1) * dl[d] - 1) / s[d] +
        1);
  std::vector<double> y(numElements(yShape));
  for (int64_t f = 0; f < static_cast<int64_t>(y.size()); ++f) {
    auto o = unravel(f, yShape);
    const int64_t g = o[1] / mg;
    double sum = b.empty() ? 0 : b[o[1]];
    for (int64_t ci = 0; ci < cg; ++ci)
      for (int64_t k = 0; k < numElements(kernel); ++k) {
        auto kk = unravel(k, kernel);
        std::vector<int64_t> xi{o[0], g * cg + ci};
        bool inside = true;
        for (size_t d = 0; d < nsp; ++d) {
          int64_t ic = o[d + 2] * s[d] - p[d] + kk[d] * dl[d];
          inside = inside && ic >= 0 && ic < c.x[d + 2];
          xi.push_back(ic);
        }
        if (inside)
          sum +=
              x[ravel(xi, c.x)] * w[(o[1] * cg + ci) * numElements(kernel) + k];
      }
    y[f] = sum;
  }
  return y;
}

Attrs convAttrs(const ConvCase &c) {
  Attrs attrs;
  attrs.set("group", intAttr(c.group));
  if (!c.strides.empty())
    attrs.set("strides", intsAttr(c.strides));
  if (!c.dilations.empty())
    attrs.set("dilations", intsAttr(c.dilations));
  if (!c.pads.empty())
    attrs.set("pads", intsAttr(c.pads));
  return attrs;
}

/// Runs Conv on `type` tensors of the given values and compares with the
/// direct reference computed from the values as stored.
void checkConv(const ConvCase &c, DType type, std::mt19937 &rng, double tol) {
  Tensor x = makeTensor(type, c.x, randomValues(numElements(c.x), rng));
  Tensor w = makeTensor(type, c.w, randomValues(numElements(c.w), rng));
  Tensor b = makeTensor(type, {c.w[0]}, randomValues(c.w[0], rng));
  Shape yShape;
  auto want = directConv(c, values(x), values(w),
                         c.bias ? values(b) : std::vector<double>{}, yShape);
  auto out = runKernel("Conv", {&x, &w, c.bias ? &b : nullptr},
                       {OutputSpec{type, yShape}}, convAttrs(c));
  expectClose(values(out[0]), want, tol);
}

} // namespace

//===----------------------------------------------------------------------===//
// Conv.
//===----------------------------------------------------------------------===//

TEST(NNConv, MatchesDirectReferenceOnRandomInputs) {
  std::mt19937 rng(7);
  const std::vector<ConvCase> cases = {
      // 1-D, grouped, strided, dilated, asymmetric pads.
      {{2, 4, 11}, {6, 2, 3}, 2, {2}, {2}, {1, 2}, true},
      // 2-D, grouped, strided, dilated, asymmetric pads.
      {{2, 6, 9, 8}, {4, 3, 3, 2}, 2, {2, 1}, {1, 2}, {1, 0, 2, 1}, true},
      // 3-D.
      {{1, 3, 5, 6, 4},
       {2, 3, 2, 3, 2},
       1,
       {1, 2, 1},
       {},
       {0, 1, 1, 1, 0, 0},
       false},
      // Depthwise with channel multiplier 2 (direct path).
      {{2, 4, 7, 7}, {8, 1, 3, 3}, 4, {2, 2}, {}, {1, 1, 1, 1}, true},
      // Depthwise, stride 3 and dilation 2 along the last dim (stride-phase
      // split with a negative first tap offset).
      {{1, 2, 5, 11}, {4, 1, 2, 3}, 2, {1, 3}, {1, 2}, {0, 2, 1, 1}, true},
      // Depthwise, dilated, 1-D and 3-D.
      {{1, 3, 10}, {3, 1, 3}, 3, {}, {3}, {2, 2}, false},
      {{1, 2, 4, 5, 6},
       {2, 1, 2, 2, 3},
       2,
       {1, 1, 2},
       {},
       {1, 0, 1, 0, 1, 1},
       true},
      // Pointwise (no im2col), and pointwise with a stride (im2col).
      {{2, 8, 5, 5}, {6, 8, 1, 1}, 1, {}, {}, {}, true},
      {{1, 4, 6, 6}, {3, 4, 1, 1}, 1, {2, 2}, {}, {}, false},
      // Large enough that the column matrix is tiled mid-row.
      {{1, 64, 64, 64}, {4, 64, 3, 3}, 1, {}, {}, {1, 1, 1, 1}, true},
  };
  for (const ConvCase &c : cases) {
    SCOPED_TRACE(formatShape(c.x) + " * " + formatShape(c.w));
    checkConv(c, DType::F32, rng, 1e-5);
  }
  checkConv(cases[1], DType::F64, rng, 1e-12);
  checkConv(cases[3], DType::F64, rng, 1e-12);
  // f16 computes in float and rounds once at the end.
  checkConv(cases[1], DType::F16, rng, 2e-3);
  checkConv(cases[3], DType::BF16, rng, 1e-2);
}

TEST(NNConv, GroupedDilatedStridedMatchesTorch) {
  Tensor x = makeTensor(DType::F32, {1, 4, 7, 8}, pattern(224, 1));
  Tensor w = makeTensor(DType::F32, {6, 2, 3, 3}, pattern(108, 2, 0.5));
  Tensor b = makeTensor(DType::F32, {6}, pattern(6, 3));
  Attrs attrs = makeAttrs({{"group", intAttr(2)},
                           {"strides", intsAttr({2, 1})},
                           {"dilations", intsAttr({1, 2})},
                           {"pads", intsAttr({1, 2, 0, 1})}});
  auto out = runKernel("Conv", {&x, &w, &b},
                       {OutputSpec{DType::F32, {1, 6, 3, 7}}}, attrs);
  // torch.nn.functional.conv2d(F.pad(x, (2, 1, 1, 0)), w, b, stride=(2, 1),
  // dilation=(1, 2), groups=2) on the same pattern inputs.
  const std::vector<double> torchY = {
      -1.126,       0.157,      0.3582,      -0.8851999,  -0.3712001,
      0.2842,       -0.798,     0.2962,      0.191,       -0.07160005,
      -0.2494,      -1.0332,    0.7685999,   -0.1564,     0.4108,
      -1.4922,      -1.159,     0.7034,      -0.9692001,  -0.5814,
      0.2317999,    1.0366,     0.458,       0.2074,      0.7166001,
      0.1754,       0.1594001,  1.17,        0.436,       0.4876,
      -0.7340001,   0.5758001,  1.2796,      -1.5516,     0.9136,
      -0.314,       1.192,      0.6893998,   -0.04099992, 1.8142,
      -0.007000029, 0.1746,     -2.073,      -1.1802,     -0.3474001,
      -1.4186,      -0.2273999, -0.1674,     -2.2554,     -0.8382,
      -1.3772,      0.5024,     -2.0734,     -1.1748,     0.2692,
      -1.6928,      -0.1298,    -2.0828,     0.07340002,  -0.4622,
      -2.4926,      0.3452001,  -0.6098,     0.6842,      -0.8299999,
      0.8362001,    0.9722,     -1.8814,     0.8402001,   0.2104,
      1.0564,       -0.6791999, -0.3738,     1.063,       -1.3786,
      1.351,        0.3404,     0.5568,      0.72,        -2.8976,
      1.3874,       0.09719998, -1.1122,     0.2962,      0.9532,
      0.9912,       -0.7006,    -0.02399999, 1.3596,      -0.6705999,
      0.8302,       -0.21,      0.716,       1.2278,      0.7384001,
      1.2792,       -0.3414001, 0.4082001,   -0.0794,     0.7052,
      1.8612,       -1.0724,    0.6198,      1.5646,      0.4286,
      -1.4846,      -1.1872,    0.04519993,  -1.5252,     -0.7322,
      -0.1008,      -1.075,     -0.3856,     -0.131,      -0.03900003,
      -0.6164,      -1.3756,    0.6124,      -0.4532,     0.09240001,
      -1.8346,      -1.5206,    0.3664001,   -1.2816,     -0.4247999,
      -0.08539999};
  expectClose(values(out[0]), torchY, 1e-5);
}

TEST(NNConv, DepthwiseMatchesTorch) {
  Tensor x = makeTensor(DType::F32, {2, 3, 5, 6}, pattern(180, 4));
  Tensor w = makeTensor(DType::F32, {6, 1, 3, 3}, pattern(54, 5, 0.5));
  Tensor b = makeTensor(DType::F32, {6}, pattern(6, 6));
  Attrs attrs = makeAttrs({{"group", intAttr(3)},
                           {"kernel_shape", intsAttr({3, 3})},
                           {"strides", intsAttr({2, 2})},
                           {"pads", intsAttr({1, 1, 1, 1})}});
  auto out = runKernel("Conv", {&x, &w, &b},
                       {OutputSpec{DType::F32, {2, 6, 3, 3}}}, attrs);
  // torch.nn.functional.conv2d(x, w, b, stride=2, padding=1, groups=3).
  const std::vector<double> torchY = {
      0.2152,      0.5686,      0.4186,       0.767,       -0.4548,
      0.1086,      0.2098,      0.3098,       -0.02120003, -1.1308,
      0.07660002,  -1.3282,     -1.3298,      -1.4982,     0.5160001,
      -0.5648,     -1.3956,     -1.5472,      -0.3228,     -0.8386,
      -0.5894,     -0.1694,     0.6503999,    -0.7326,     -0.2884,
      -0.5427999,  0.03040001,  0.06459999,   0.4716,      1.4456,
      1.1924,      -0.1440001,  -0.1368,      0.02399996,  1.4124,
      0.6701999,   -0.5528,     0.216,        -0.6708,     -0.967,
      -0.9449999,  -0.09299988, -0.1755999,   -1.2364,     -1.2538,
      0.6792001,   -0.3076001,  -0.4696,      -0.227,      -0.03599998,
      0.166,       0.0724,      -0.3676,      0.3398,      0.236,
      1.1108,      0.4558,      0.3718,       -0.3316,     0.1308,
      0.2344,      0.3224,      -0.008600026, -0.576,      -0.8628,
      -1.3384,     -1.1664,     -0.8098,      0.4974,      -0.5516,
      -1.4304,     -1.582,      -0.345,       -0.8356,     -0.5864,
      0.2092,      0.6516,      -0.7314,      -0.327,      -0.5644,
      0.008800015, 0.0916,      0.4878,       1.4618,      0.2106,
      -0.1230001,  -0.1158,     0.6406,       1.404,       0.6618,
      -0.5372,     0.1848,      -0.702,       -1.3296,     -0.9648,
      -0.1128001,  -0.944,      -1.2316,      -1.249,      0.6228001,
      -0.3256001,  -0.4876,     -0.09159999,  -0.03599998, 0.166,
      -0.162,      -0.3496,     0.3577999};
  expectClose(values(out[0]), torchY, 1e-5);
}

TEST(NNConv, AutoPadSameSplitsTheOddPad) {
  // in 5, kernel 4, stride 2: out 3, total pad 3 -> SAME_UPPER 1 + 2,
  // SAME_LOWER 2 + 1; VALID has no padding.
  std::mt19937 rng(3);
  ConvCase c{{1, 2, 5, 5}, {3, 2, 4, 4}, 1, {2, 2}, {}, {}, false};
  Tensor x = makeTensor(DType::F32, c.x, randomValues(50, rng));
  Tensor w = makeTensor(DType::F32, c.w, randomValues(96, rng));
  struct Mode {
    const char *name;
    std::vector<int64_t> pads;
  };
  for (const Mode &mode :
       {Mode{"SAME_UPPER", {1, 1, 2, 2}}, Mode{"SAME_LOWER", {2, 2, 1, 1}},
        Mode{"VALID", {0, 0, 0, 0}}}) {
    c.pads = mode.pads;
    Shape yShape;
    auto want = directConv(c, values(x), values(w), {}, yShape);
    Attrs attrs = makeAttrs(
        {{"auto_pad", stringAttr(mode.name)}, {"strides", intsAttr({2, 2})}});
    auto out =
        runKernel("Conv", {&x, &w}, {OutputSpec{DType::F32, yShape}}, attrs);
    expectClose(values(out[0]), want, 1e-5);
  }
}

//===----------------------------------------------------------------------===//
// ConvTranspose.
//===----------------------------------------------------------------------===//

namespace {

/// Direct transposed convolution: every input element scatters x * W into
/// the output at i * stride - pad + k * dilation.
std::vector<double> directConvTranspose(
    const Shape &xs, const Shape &ws, int64_t group,
    const std::vector<int64_t> &s, const std::vector<int64_t> &dl,
    const std::vector<int64_t> &p, const std::vector<int64_t> &outPad,
    const std::vector<double> &x, const std::vector<double> &w,
    const std::vector<double> &b, Shape &yShape) {
  const size_t nsp = xs.size() - 2;
  const int64_t cg = xs[1] / group, mg = ws[1];
  Shape kernel(ws.begin() + 2, ws.end());
  yShape = {xs[0], mg * group};
  for (size_t d = 0; d < nsp; ++d)
    yShape.push_back(s[d] * (xs[d + 2] - 1) + outPad[d] +
                     (kernel[d] - 1) * dl[d] + 1 - p[d] - p[nsp + d]);
  std::vector<double> y(numElements(yShape), 0.0);
  for (int64_t f = 0; f < numElements(yShape); ++f)
    y[f] = b.empty() ? 0 : b[unravel(f, yShape)[1]];
  for (int64_t f = 0; f < numElements(xs); ++f) {
    auto i = unravel(f, xs);
    const int64_t g = i[1] / cg;
    for (int64_t mm = 0; mm < mg; ++mm)
      for (int64_t k = 0; k < numElements(kernel); ++k) {
        auto kk = unravel(k, kernel);
        std::vector<int64_t> o{i[0], g * mg + mm};
        bool inside = true;
        for (size_t d = 0; d < nsp; ++d) {
          int64_t oc = i[d + 2] * s[d] - p[d] + kk[d] * dl[d];
          inside = inside && oc >= 0 && oc < yShape[d + 2];
          o.push_back(oc);
        }
        if (inside)
          y[ravel(o, yShape)] +=
              x[f] * w[(i[1] * mg + mm) * numElements(kernel) + k];
      }
  }
  return y;
}

} // namespace

TEST(NNConvTranspose, OutputPaddingGroupsDilationMatchesTorch) {
  Tensor x = makeTensor(DType::F32, {1, 4, 3, 4}, pattern(48, 7));
  Tensor w = makeTensor(DType::F32, {4, 3, 3, 2}, pattern(72, 8, 0.5));
  Tensor b = makeTensor(DType::F32, {6}, pattern(6, 9));
  Attrs attrs = makeAttrs({{"group", intAttr(2)},
                           {"strides", intsAttr({2, 2})},
                           {"dilations", intsAttr({2, 1})},
                           {"pads", intsAttr({1, 1, 1, 1})},
                           {"output_padding", intsAttr({1, 1})}});
  auto out = runKernel("ConvTranspose", {&x, &w, &b},
                       {OutputSpec{DType::F32, {1, 6, 8, 7}}}, attrs);
  // torch.nn.functional.conv_transpose2d(x, w, b, stride=2, padding=1,
  // output_padding=1, groups=2, dilation=(2, 1)).
  const std::vector<double> torchY = {
      0.98,        0.98,        0.98,        0.98,        0.98,
      0.98,        0.98,        1.4204,      0.9266,      0.9170001,
      1.1056,      0.6964,      1.0624,      1.5464,      0.98,
      0.98,        0.98,        0.98,        0.98,        0.98,
      0.98,        0.6056001,   0.5148,      1.1802,      1.4464,
      1.5124,      0.7216,      0.7336,      0.98,        0.98,
      0.98,        0.98,        0.98,        0.98,        0.98,
      0.9492,      1.3152,      0.394,       0.493,       1.2124,
      1.4888,      1.0612,      0.98,        0.98,        0.98,
      0.98,        0.98,        0.98,        0.98,        1.228,
      1.0856,      0.8112,      1.2928,      0.8186,      0.6112,
      1.23,        -0.3,        -0.3,        -0.3,        -0.3,
      -0.3,        -0.3,        -0.3,        -0.7516,     -0.4514,
      -0.5216,     -0.8318,     -0.0088,     0.2018,      -0.8696,
      -0.3,        -0.3,        -0.3,        -0.3,        -0.3,
      -0.3,        -0.3,        0.5312001,   -0.02500001, -0.309,
      -0.1042,     -0.9876,     -0.6076,     0.4952,      -0.3,
      -0.3,        -0.3,        -0.3,        -0.3,        -0.3,
      -0.3,        -0.8748,     -0.9268001,  0.05079997,  -0.2682,
      0.3098,      -0.2358,     -0.8048,     -0.3,        -0.3,
      -0.3,        -0.3,        -0.3,        -0.3,        -0.3,
      -0.136,      -0.3056,     -0.6608,     -0.5498,     -0.3574,
      -0.04660001, -0.05400001, 0.44,        0.44,        0.44,
      0.44,        0.44,        0.44,        0.44,        -0.09560001,
      1.14,        0.3224,      0.2002,      1.0232,      0.2704,
      -0.05360001, 0.44,        0.44,        0.44,        0.44,
      0.44,        0.44,        0.44,        0.5578,      0.425,
      1.0904,      0.08239999,  0.1484,      0.5478,      0.5598,
      0.44,        0.44,        0.44,        0.44,        0.44,
      0.44,        0.44,        0.2706,      0.75,        0.6368,
      0.8492,      0.3364,      -0.08180004, 0.2986,      0.44,
      0.44,        0.44,        0.44,        0.44,        0.44,
      0.44,        0.116,       0.2424,      0.776,       0.2942,
      0.628,       0.6894,      0.07599998,  -0.84,       -0.84,
      -0.84,       -0.84,       -0.84,       -0.84,       -0.84,
      -0.4976,     -0.3528,     -1.489,      -1.3486,     -0.2988,
      -0.3042,     -1.1488,     -0.84,       -0.84,       -0.84,
      -0.84,       -0.84,       -0.84,       -0.84,       -0.8893999,
      -1.204,      -0.0772,     -0.4792,     -1.4466,     -0.6432,
      -0.9172,     -0.84,       -0.84,       -0.84,       -0.84,
      -0.84,       -0.84,       -0.84,       -1.0128,     -0.7959999,
      -1.3086,     -0.7528,     -0.3722,     -0.9317999,  -0.9507999,
      -0.84,       -0.84,       -0.84,       -0.84,       -0.84,
      -0.84,       -0.84,       -0.8558,     -0.6284,     -0.5469999,
      -0.948,      -1.0664,     -1.207,      -0.7778,     -0.1,
      -0.1,        -0.1,        -0.1,        -0.1,        -0.1,
      -0.1,        0.2264,      0.5591999,   -0.577,      -0.6526,
      0.3972,      0.1758,      -0.6688,     -0.1,        -0.1,
      -0.1,        -0.1,        -0.1,        -0.1,        -0.1,
      -0.1346,     -0.248,      0.01019999,  0.1528,      -0.3904,
      0.06880004,  -0.5284,     -0.1,        -0.1,        -0.1,
      -0.1,        -0.1,        -0.1,        -0.1,        0.6248,
      0.05999999,  -0.2304,     -0.1128,     -0.2574,     -0.1038,
      0.6448,      -0.1,        -0.1,        -0.1,        -0.1,
      -0.1,        -0.1,        -0.1,        0.05639999,  0.1556,
      -0.4902,     -0.272,      0.1752,      -0.235,      0.01239999,
      0.64,        0.64,        0.64,        0.64,        0.64,
      0.64,        0.64,        0.0212,      0.01679999,  0.6986,
      1.1746,      0.7094,      0.2922,      0.7201999,   0.64,
      0.64,        0.64,        0.64,        0.64,        0.64,
      0.64,        0.903,       1.4352,      0.3804,      0.01719999,
      0.9485999,   0.5586,      0.1432,      0.64,        0.64,
      0.64,        0.64,        0.64,        0.64,        0.64,
      0.505,       0.1888,      1.1306,      1.0928,      0.1402,
      0.5424,      0.483,       0.64,        0.64,        0.64,
      0.64,        0.64,        0.64,        0.64,        0.9484,
      0.9396,      0.2938,      0.404,       0.8512,      0.737,
      0.9844};
  expectClose(values(out[0]), torchY, 1e-5);
}

TEST(NNConvTranspose, MatchesDirectReferenceOnRandomInputs) {
  std::mt19937 rng(11);
  struct Case {
    Shape x, w;
    int64_t group;
    std::vector<int64_t> s, dl, p, outPad;
  };
  const std::vector<Case> cases = {
      {{2, 3, 7}, {3, 2, 4}, 1, {3}, {1}, {1, 0}, {2}},
      {{1, 4, 5, 4}, {4, 1, 3, 3}, 4, {2, 1}, {1, 2}, {0, 1, 2, 0}, {1, 0}},
      {{1, 2, 3, 2, 3},
       {2, 2, 2, 2, 2},
       1,
       {2, 2, 1},
       {1, 1, 2},
       {0, 0, 0, 1, 0, 1},
       {0, 1, 0}},
      // Large enough that the input positions are tiled mid-row.
      {{1, 8, 64, 64}, {8, 64, 3, 3}, 1, {1, 1}, {1, 1}, {1, 1, 1, 1}, {0, 0}},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(formatShape(c.x) + " * " + formatShape(c.w));
    Tensor x = makeTensor(DType::F32, c.x, randomValues(numElements(c.x), rng));
    Tensor w = makeTensor(DType::F32, c.w, randomValues(numElements(c.w), rng));
    Tensor b = makeTensor(DType::F32, {c.w[1] * c.group},
                          randomValues(c.w[1] * c.group, rng));
    Shape yShape;
    auto want = directConvTranspose(c.x, c.w, c.group, c.s, c.dl, c.p, c.outPad,
                                    values(x), values(w), values(b), yShape);
    Attrs attrs = makeAttrs({{"group", intAttr(c.group)},
                             {"strides", intsAttr(c.s)},
                             {"dilations", intsAttr(c.dl)},
                             {"pads", intsAttr(c.p)},
                             {"output_padding", intsAttr(c.outPad)}});
    auto out = runKernel("ConvTranspose", {&x, &w, &b},
                         {OutputSpec{DType::F32, yShape}}, attrs);
    expectClose(values(out[0]), want, 1e-5);
  }
}

TEST(NNConvTranspose, OutputShapeAndSamePadding) {
  // From ONNX's test_convtranspose_output_shape / _autopad_same: x = 0..8 as
  // 3x3, W all ones with 2 output channels.
  std::vector<double> xv(9);
  for (int i = 0; i < 9; ++i)
    xv[i] = i;
  Tensor x = makeTensor(DType::F32, {1, 1, 3, 3}, xv);
  Tensor w = makeTensor(DType::F32, {1, 2, 3, 3}, std::vector<double>(18, 1.0));
  // output_shape 10x8 is one more than the full 9x7: zeros at the end.
  auto out = runKernel("ConvTranspose", {&x, &w},
                       {OutputSpec{DType::F32, {1, 2, 10, 8}}},
                       makeAttrs({{"strides", intsAttr({3, 2})},
                                  {"output_shape", intsAttr({10, 8})}}));
  auto y = values(out[0]);
  EXPECT_EQ(y[0 * 8 + 2], 1);
  EXPECT_EQ(y[3 * 8 + 4], 9);
  EXPECT_EQ(y[8 * 8 + 6], 8);
  for (int c = 0; c < 8; ++c)
    EXPECT_EQ(y[9 * 8 + c], 0);
  for (int r = 0; r < 10; ++r)
    EXPECT_EQ(y[r * 8 + 7], 0);
  // SAME_UPPER: out = in * stride = 6, the odd pad cropped at the end.
  out = runKernel("ConvTranspose", {&x, &w},
                  {OutputSpec{DType::F32, {1, 2, 6, 6}}},
                  makeAttrs({{"strides", intsAttr({2, 2})},
                             {"auto_pad", stringAttr("SAME_UPPER")}}));
  const std::vector<double> firstRows = {0, 0, 1, 1, 3, 2, 0, 0,  1,
                                         1, 3, 2, 3, 3, 8, 5, 12, 7};
  y = values(out[0]);
  expectClose(std::vector<double>(y.begin(), y.begin() + 18), firstRows, 0);
}

//===----------------------------------------------------------------------===//
// Pooling.
//===----------------------------------------------------------------------===//

TEST(NNPool, MaxPoolCeilModeWithIndicesMatchesTorch) {
  Tensor x = makeTensor(DType::F32, {1, 2, 5, 6}, pattern(60, 10));
  Attrs attrs = makeAttrs({{"kernel_shape", intsAttr({3, 3})},
                           {"strides", intsAttr({2, 2})},
                           {"pads", intsAttr({1, 1, 1, 1})},
                           {"ceil_mode", intAttr(1)}});
  auto out = runKernel("MaxPool", {&x},
                       {OutputSpec{DType::F32, {1, 2, 3, 4}},
                        OutputSpec{DType::I64, {1, 2, 3, 4}}},
                       attrs);
  // torch max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True,
  // return_indices=True); torch's indices are per plane, ONNX's are flat
  // over N x C x H x W (+30 for the second channel).
  const std::vector<double> torchY = {
      0.32, 0.66, 0.86, 0.86, 0.72, 0.72, 0.92, 0.04, 0.78, 0.98, 0.98, 0.44,
      0.3,  0.64, 0.84, 0.84, 0.7,  0.7,  0.9,  0.02, 0.76, 0.96, 0.96, 0.42};
  std::vector<double> torchIdx = {7, 2, 5, 5, 13, 13, 16, 23, 24, 27, 27, 29,
                                  7, 2, 5, 5, 13, 13, 16, 23, 24, 27, 27, 29};
  for (size_t i = 12; i < 24; ++i)
    torchIdx[i] += 30;
  expectClose(values(out[0]), torchY, 1e-6);
  EXPECT_EQ(values(out[1]), torchIdx);
  // Without Indices the values take another (vectorized) path.
  out =
      runKernel("MaxPool", {&x}, {OutputSpec{DType::F32, {1, 2, 3, 4}}}, attrs);
  expectClose(values(out[0]), torchY, 1e-6);
  // Column-major indices: h + w * H within the plane.
  attrs.set("storage_order", intAttr(1));
  out = runKernel("MaxPool", {&x},
                  {OutputSpec{DType::F32, {1, 2, 3, 4}},
                   OutputSpec{DType::I64, {1, 2, 3, 4}}},
                  attrs);
  auto idx = values(out[1]);
  for (size_t i = 0; i < 24; ++i) {
    int64_t plane = static_cast<int64_t>(torchIdx[i]) / 30 * 30;
    int64_t r = static_cast<int64_t>(torchIdx[i]) % 30;
    EXPECT_EQ(idx[i], plane + r / 6 + (r % 6) * 5) << i;
  }
}

TEST(NNPool, PaddingNeverWinsAndIntegersWork) {
  // All-negative input: a zero-padded max would be 0.
  Tensor x = makeTensor(DType::F32, {1, 1, 2, 2}, {-4, -3, -2, -1});
  auto out = runKernel("MaxPool", {&x}, {OutputSpec{DType::F32, {1, 1, 2, 2}}},
                       makeAttrs({{"kernel_shape", intsAttr({2, 2})},
                                  {"pads", intsAttr({1, 1, 0, 0})}}));
  EXPECT_EQ(values(out[0]), (std::vector<double>{-4, -3, -2, -1}));
  Tensor xi = makeTensor(DType::I8, {1, 1, 1, 4}, {-128, -7, 5, -100});
  out = runKernel("MaxPool", {&xi}, {OutputSpec{DType::I8, {1, 1, 1, 2}}},
                  makeAttrs({{"kernel_shape", intsAttr({1, 3})},
                             {"pads", intsAttr({0, 1, 0, 1})},
                             {"strides", intsAttr({1, 2})},
                             {"dilations", intsAttr({1, 1})}}));
  EXPECT_EQ(values(out[0]), (std::vector<double>{-7, 5}));
}

TEST(NNPool, AveragePoolCeilModeMatchesTorch) {
  Tensor x = makeTensor(DType::F32, {1, 2, 5, 6}, pattern(60, 10));
  Attrs attrs = makeAttrs({{"kernel_shape", intsAttr({3, 3})},
                           {"strides", intsAttr({2, 2})},
                           {"pads", intsAttr({1, 1, 1, 1})},
                           {"ceil_mode", intAttr(1)},
                           {"count_include_pad", intAttr(1)}});
  auto out = runKernel("AveragePool", {&x},
                       {OutputSpec{DType::F32, {1, 2, 3, 4}}}, attrs);
  // torch avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True,
  // count_include_pad=True): the last column's windows run past the end
  // padding and divide by the 6 positions inside the padded input.
  const std::vector<double> includePad = {
      -0.1111111,  -0.09999999,  -0.01111111, 0.01666667,  0.008888894,
      -0.1111111,  0.02222222,   -0.18,       -0.02666667, 0.02666667,
      0.1155556,   0.08,         -0.12,       -0.1133333,  -0.02444444,
      0.01,        -0.004444447, -0.1311111,  0.002222216, -0.19,
      -0.03555556, 0.01333334,   0.1022222,   0.07333333};
  expectClose(values(out[0]), includePad, 1e-6);
  attrs.set("count_include_pad", intAttr(0));
  out = runKernel("AveragePool", {&x}, {OutputSpec{DType::F32, {1, 2, 3, 4}}},
                  attrs);
  // Same with count_include_pad=False.
  const std::vector<double> excludePad = {
      -0.25,       -0.15, -0.01666667, 0.05000001, 0.01333334,  -0.1111111,
      0.02222222,  -0.36, -0.06,       0.04000001, 0.1733333,   0.24,
      -0.27,       -0.17, -0.03666666, 0.03,       -0.00666667, -0.1311111,
      0.002222216, -0.38, -0.08,       0.02000001, 0.1533333,   0.22};
  expectClose(values(out[0]), excludePad, 1e-6);
}

TEST(NNPool, CeilModeWindowStartingInThePaddingIsDropped) {
  // in 6, kernel 2, stride 2, end pad 1, ceil: windows start at 0 2 4 6, and
  // 6 starts in the padding. Newer ONNX / onnxruntime drop it (3 outputs);
  // onnx 1.12's shape inference keeps it (4): both shapes run, others fail.
  Tensor x = makeTensor(DType::F32, {1, 1, 6}, {1, 2, 3, 4, 5, 6});
  Attrs attrs = makeAttrs({{"kernel_shape", intsAttr({2})},
                           {"strides", intsAttr({2})},
                           {"pads", intsAttr({0, 1})},
                           {"ceil_mode", intAttr(1)},
                           {"count_include_pad", intAttr(1)}});
  auto out = runKernel("AveragePool", {&x}, {OutputSpec{DType::F32, {1, 1, 3}}},
                       attrs);
  EXPECT_EQ(values(out[0]), (std::vector<double>{1.5, 3.5, 5.5}));
  out = runKernel("AveragePool", {&x}, {OutputSpec{DType::F32, {1, 1, 4}}},
                  attrs);
  EXPECT_EQ(values(out[0])[3], 0); // one padded position, counted, sums 0
  EXPECT_THROW(runKernel("AveragePool", {&x},
                         {OutputSpec{DType::F32, {1, 1, 5}}}, attrs),
               Error);
  attrs.set("ceil_mode", intAttr(0));
  EXPECT_THROW(runKernel("AveragePool", {&x},
                         {OutputSpec{DType::F32, {1, 1, 4}}}, attrs),
               Error);
}

TEST(NNPool, GlobalPools) {
  Tensor x = makeTensor(DType::F32, {2, 2, 1, 3},
                        {1, 2, 3, -1, -5, 0, 4, 4, 4, 9, 0, 3});
  auto out = runKernel("GlobalAveragePool", {&x},
                       {OutputSpec{DType::F32, {2, 2, 1, 1}}});
  expectClose(values(out[0]), {2, -2, 4, 4}, 1e-7);
  out =
      runKernel("GlobalMaxPool", {&x}, {OutputSpec{DType::F32, {2, 2, 1, 1}}});
  EXPECT_EQ(values(out[0]), (std::vector<double>{3, 0, 4, 9}));
}

//===----------------------------------------------------------------------===//
// MatMul, Gemm, MatMulInteger.
//===----------------------------------------------------------------------===//

TEST(NNMatMul, BatchedWithBroadcastAnd1DOperandsMatchesNumpy) {
  // All expectations: numpy.matmul on the same pattern inputs.
  Tensor a = makeTensor(DType::F32, {2, 1, 3, 4}, pattern(24, 5));
  Tensor b = makeTensor(DType::F32, {3, 4, 2}, pattern(24, 6));
  auto out =
      runKernel("MatMul", {&a, &b}, {OutputSpec{DType::F32, {2, 3, 3, 2}}});
  expectClose(values(out[0]),
              {0.3976,     0.1815999, -1.2024,    1.2428,     0.3892,  0.3244,
               0.2856,     0.2716,    -0.9923999, -0.5268001, 0.3556,  0.21,
               -0.7151999, 0.1596,    0.2276,     -0.3168001, -0.8496, 0.1764,
               -0.5644001, -0.5536,   0.3808,     0.4672,     0.8816,  -1.542,
               -0.5588,    1.27,      0.4256,     0.1484,     0.6828,  -0.2056,
               0.174,      1.2756,    -0.9840001, 0.1932,     0.9284,  -0.4044},
              1e-6);
  Tensor v = makeTensor(DType::F32, {4}, pattern(4, 7));
  Tensor b2 = makeTensor(DType::F32, {2, 4, 3}, pattern(24, 8));
  out = runKernel("MatMul", {&v, &b2}, {OutputSpec{DType::F32, {2, 3}}});
  expectClose(values(out[0]),
              {-0.7884, 0.01519999, 0.4148, 0.04759998, 0.4472, -0.244}, 1e-6);
  Tensor a3 = makeTensor(DType::F32, {2, 3, 4}, pattern(24, 9));
  Tensor w = makeTensor(DType::F32, {4}, pattern(4, 10));
  out = runKernel("MatMul", {&a3, &w}, {OutputSpec{DType::F32, {2, 3}}});
  expectClose(values(out[0]),
              {0.0316, -0.4536, 0.1520001, -0.3332, -0.98, -0.2128}, 1e-6);
  out = runKernel("MatMul", {&v, &w}, {OutputSpec{DType::F32, {}}});
  expectClose(values(out[0]), {-0.8424}, 1e-6);
}

TEST(NNMatMul, OtherElementTypes) {
  std::mt19937 rng(5);
  auto av = randomValues(2 * 3 * 5, rng), bv = randomValues(5 * 4, rng);
  auto want = [&](const std::vector<double> &a, const std::vector<double> &b) {
    std::vector<double> y(2 * 3 * 4, 0.0);
    for (int bi = 0; bi < 2; ++bi)
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j)
          for (int k = 0; k < 5; ++k)
            y[(bi * 3 + i) * 4 + j] += a[(bi * 3 + i) * 5 + k] * b[k * 4 + j];
    return y;
  };
  for (DType type : {DType::F64, DType::F16, DType::BF16}) {
    Tensor a = makeTensor(type, {2, 3, 5}, av),
           b = makeTensor(type, {5, 4}, bv);
    auto out = runKernel("MatMul", {&a, &b}, {OutputSpec{type, {2, 3, 4}}});
    expectClose(values(out[0]), want(values(a), values(b)),
                type == DType::F64   ? 1e-12
                : type == DType::F16 ? 2e-3
                                     : 1e-2);
  }
  // Integers are exact and wrap like numpy.
  Tensor a = makeTensor(DType::I32, {1, 2}, {65536, 3});
  Tensor b = makeTensor(DType::I32, {2, 1}, {65536, -7});
  auto out = runKernel("MatMul", {&a, &b}, {OutputSpec{DType::I32, {1, 1}}});
  EXPECT_EQ(values(out[0])[0], -21); // 2^32 wraps to 0
  Tensor c = makeTensor(DType::I64, {2, 2}, {1, 2, 3, 4});
  out = runKernel("MatMul", {&c, &c}, {OutputSpec{DType::I64, {2, 2}}});
  EXPECT_EQ(values(out[0]), (std::vector<double>{7, 10, 15, 22}));
}

TEST(NNGemm, TransposesAndBroadcastCMatchNumpy) {
  Tensor a = makeTensor(DType::F32, {4, 3}, pattern(12, 1));
  Tensor b = makeTensor(DType::F32, {5, 4}, pattern(20, 2));
  Tensor cRow = makeTensor(DType::F32, {5}, pattern(5, 3));
  Tensor cCol = makeTensor(DType::F32, {3, 1}, pattern(3, 4));
  Attrs attrs = makeAttrs({{"transA", intAttr(1)},
                           {"transB", intAttr(1)},
                           {"alpha", floatAttr(0.5)},
                           {"beta", floatAttr(2.0)}});
  uint64_t flops = 0;
  // numpy: 0.5 * (A.T @ B.T) + 2 * C.
  auto out = runKernel("Gemm", {&a, &b, &cRow},
                       {OutputSpec{DType::F32, {3, 5}}}, attrs, &flops);
  expectClose(values(out[0]),
              {-0.6562001, 0.891, -1.6018, -0.6404, 1.4926, -0.5896, 0.854,
               -1.7424, -0.1372, 1.1448, -1.0886, 0.3928, -2.1658, 0.2246,
               0.7970001},
              1e-6);
  EXPECT_EQ(flops, 2u * 3 * 5 * 4 + 3 * 15); // bias add + alpha + beta
  out = runKernel("Gemm", {&a, &b, &cCol}, {OutputSpec{DType::F32, {3, 5}}},
                  attrs);
  expectClose(values(out[0]),
              {-0.2162, -0.149, -0.0818, -0.6004, 0.05259998, 1.3304, 1.294,
               1.2576, 1.3828, 1.1848, -1.7286, -1.7272, -1.7258, -0.8154001,
               -1.723},
              1e-6);
  // No C, no scaling: just the product.
  Tensor a2 = makeTensor(DType::F32, {2, 2}, {1, 2, 3, 4});
  out = runKernel("Gemm", {&a2, &a2, nullptr}, {OutputSpec{DType::F32, {2, 2}}},
                  Attrs(), &flops);
  EXPECT_EQ(values(out[0]), (std::vector<double>{7, 10, 15, 22}));
  EXPECT_EQ(flops, 16u);
  // Integer Gemm with a scalar C.
  Tensor ai = makeTensor(DType::I64, {2, 2}, {1, 2, 3, 4});
  Tensor ci = makeTensor(DType::I64, {}, {100});
  out = runKernel("Gemm", {&ai, &ai, &ci}, {OutputSpec{DType::I64, {2, 2}}});
  EXPECT_EQ(values(out[0]), (std::vector<double>{107, 110, 115, 122}));
}

TEST(NNGemm, LargeProductsSplitAcrossWorkersMatchReference) {
  // Products this large are split over the workers by rows (m > n) or by
  // columns, which must respect the transposes and C.
  std::mt19937 rng(13);
  struct Case {
    int64_t m, n, k;
    bool ta, tb;
  };
  for (const Case &c :
       {Case{300, 40, 100, true, true}, Case{300, 40, 100, false, false},
        Case{40, 300, 100, true, true}, Case{40, 300, 100, false, true}}) {
    Tensor a = makeTensor(DType::F32, c.ta ? Shape{c.k, c.m} : Shape{c.m, c.k},
                          randomValues(c.m * c.k, rng));
    Tensor b = makeTensor(DType::F32, c.tb ? Shape{c.n, c.k} : Shape{c.k, c.n},
                          randomValues(c.k * c.n, rng));
    Tensor bias = makeTensor(DType::F32, {c.n}, randomValues(c.n, rng));
    auto av = values(a), bv = values(b), cv = values(bias);
    std::vector<double> want(c.m * c.n);
    for (int64_t i = 0; i < c.m; ++i)
      for (int64_t j = 0; j < c.n; ++j) {
        double acc = 0;
        for (int64_t kk = 0; kk < c.k; ++kk)
          acc += av[c.ta ? kk * c.m + i : i * c.k + kk] *
                 bv[c.tb ? j * c.k + kk : kk * c.n + j];
        want[i * c.n + j] = 1.5 * acc + 0.5 * cv[j];
      }
    Attrs attrs = makeAttrs({{"transA", intAttr(c.ta)},
                             {"transB", intAttr(c.tb)},
                             {"alpha", floatAttr(1.5)},
                             {"beta", floatAttr(0.5)}});
    auto out = runKernel("Gemm", {&a, &b, &bias},
                         {OutputSpec{DType::F32, {c.m, c.n}}}, attrs);
    expectClose(values(out[0]), want, 1e-5);
  }
}

TEST(NNMatMulInteger, ZeroPointsPerTensorRowAndColumn) {
  std::mt19937 rng(9);
  std::uniform_int_distribution<int> u8(0, 255), i8(-128, 127);
  std::vector<double> av(2 * 3 * 70), bv(70 * 5);
  for (double &v : av)
    v = u8(rng);
  for (double &v : bv)
    v = i8(rng);
  Tensor a = makeTensor(DType::U8, {2, 3, 70}, av);
  Tensor b = makeTensor(DType::I8, {70, 5}, bv);
  struct Zp {
    std::optional<Tensor> a, b;
  };
  std::vector<Zp> variants(4);
  variants[1].a = makeTensor(DType::U8, {}, {128});
  variants[1].b = makeTensor(DType::I8, {}, {-3});
  variants[2].a = makeTensor(DType::U8, {3}, {1, 200, 255});
  variants[2].b = makeTensor(DType::I8, {5}, {-128, 0, 5, 127, -1});
  variants[3].a = makeTensor(DType::U8, {2, 3, 1}, {1, 2, 3, 4, 5, 6});
  for (const Zp &zp : variants) {
    std::vector<double> want(2 * 3 * 5, 0.0);
    for (int bi = 0; bi < 2; ++bi)
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 5; ++j)
          for (int k = 0; k < 70; ++k) {
            double za = !zp.a                ? 0
                        : zp.a->numel() == 1 ? values(*zp.a)[0]
                        : zp.a->rank() == 1  ? values(*zp.a)[i]
                                             : values(*zp.a)[bi * 3 + i];
            double zb = !zp.b                ? 0
                        : zp.b->numel() == 1 ? values(*zp.b)[0]
                                             : values(*zp.b)[j];
            want[(bi * 3 + i) * 5 + j] +=
                (av[(bi * 3 + i) * 70 + k] - za) * (bv[k * 5 + j] - zb);
          }
    auto out =
        runKernel("MatMulInteger",
                  {&a, &b, zp.a ? &*zp.a : nullptr, zp.b ? &*zp.b : nullptr},
                  {OutputSpec{DType::I32, {2, 3, 5}}});
    EXPECT_EQ(values(out[0]), want);
  }
  Tensor badZp = makeTensor(DType::U8, {4}, {1, 2, 3, 4});
  EXPECT_THROW(runKernel("MatMulInteger", {&a, &b, &badZp},
                         {OutputSpec{DType::I32, {2, 3, 5}}}),
               Error);
  Tensor wrongType = makeTensor(DType::I8, {}, {1});
  EXPECT_THROW(runKernel("MatMulInteger", {&a, &b, &wrongType},
                         {OutputSpec{DType::I32, {2, 3, 5}}}),
               Error);
}

//===----------------------------------------------------------------------===//
// Normalization.
//===----------------------------------------------------------------------===//

TEST(NNNorm, LayerNormalizationAxis1MatchesTorch) {
  Tensor x = makeTensor(DType::F32, {2, 3, 4}, pattern(24, 11));
  Tensor s = makeTensor(DType::F32, {3, 4}, pattern(12, 12));
  Tensor b = makeTensor(DType::F32, {3, 4}, pattern(12, 13));
  auto out = runKernel("LayerNormalization", {&x, &s, &b},
                       {OutputSpec{DType::F32, {2, 3, 4}},
                        OutputSpec{DType::F32, {2, 1, 1}},
                        OutputSpec{DType::F32, {2, 1, 1}}},
                       makeAttrs({{"axis", intAttr(1)}}));
  // torch layer_norm(x, (3, 4), s, b, eps=1e-5); mean / 1/sqrt(var + eps)
  // in double.
  expectClose(values(out[0]),
              {0.1929644,   0.7081297,  -2.20943,   0.1446913, 1.173764,
               0.5937902,   0.2353123,  1.778293,   0.3093973, 0.4648273,
               0.501716,    0.1638986,  -0.2545182, 1.148548,  -0.03555565,
               -0.06950206, -0.1681787, -0.2389212, 0.2593592, -0.03350837,
               -0.2984417,  0.7320654,  -1.774993,  -0.2141171},
              1e-5);
  expectClose(values(out[1]), {-0.065, 0.06166667}, 1e-6);
  expectClose(values(out[2]), {1.736175, 1.798063}, 1e-6);
  // Scale broadcast from [4] and no B.
  Tensor s4 = makeTensor(DType::F32, {4}, {1, 2, 3, 4});
  out = runKernel("LayerNormalization", {&x, &s4},
                  {OutputSpec{DType::F32, {2, 3, 4}}},
                  makeAttrs({{"axis", intAttr(-1)}}));
  auto y = values(out[0]);
  auto xv = values(x);
  double mu = (xv[0] + xv[1] + xv[2] + xv[3]) / 4, var = 0;
  for (int i = 0; i < 4; ++i)
    var += (xv[i] - mu) * (xv[i] - mu) / 4;
  EXPECT_NEAR(y[3], 4 * (xv[3] - mu) / std::sqrt(var + 1e-5), 1e-5);
}

TEST(NNNorm, BatchNormalizationMatchesTorch) {
  Tensor x = makeTensor(DType::F32, {2, 3, 2, 2}, pattern(24, 14));
  Tensor s = makeTensor(DType::F32, {3}, pattern(3, 15));
  Tensor b = makeTensor(DType::F32, {3}, pattern(3, 16));
  Tensor mean = makeTensor(DType::F32, {3}, pattern(3, 17));
  auto vv = pattern(3, 18);
  for (double &v : vv)
    v = static_cast<float>(std::fabs(v) + 0.5);
  Tensor var = makeTensor(DType::F32, {3}, vv);
  uint64_t flops = 0;
  auto out = runKernel("BatchNormalization", {&x, &s, &b, &mean, &var},
                       {OutputSpec{DType::F32, {2, 3, 2, 2}}}, Attrs(), &flops);
  // torch batch_norm(x, mean, var, s, b, training=False, eps=1e-5).
  expectClose(values(out[0]),
              {0.3460005,  0.5186666,   0.220001,   0.392667,   -2.48209,
               -1.085503,  -1.892905,   -0.4963185, 0.03125625, -0.17155,
               0.17925,    -0.02355625, 0.5326666,  0.2340009,  0.406667,
               0.1080014,  -1.150968,   -1.95837,   -0.5617834, -1.369185,
               -0.1879938, 0.1628063,   -0.04,      -0.2428063},
              1e-5);
  EXPECT_EQ(flops, 48u);
  out = runKernel("BatchNormalization", {&x, &s, &b, &mean, &var},
                  {OutputSpec{DType::F32, {2, 3, 2, 2}},
                   OutputSpec{DType::F32, {3}}, OutputSpec{DType::F32, {3}}},
                  makeAttrs({{"training_mode", intAttr(1)}}));
  // torch batch_norm(..., training=True); running statistics per ONNX 15:
  // 0.9 * input + 0.1 * batch statistic, with the population variance.
  expectClose(values(out[0]),
              {0.5023425,  0.849034,    0.2493514,   0.5960429,  -2.47832,
               -0.3365963, -1.57478,    0.5669432,   0.07930919, -0.2774132,
               0.3396201,  -0.01710227, 0.8771441,   0.2774616,  0.624153,
               0.02447048, -0.4369896,  -1.675173,   0.4665499,  -0.7716339,
               -0.3063367, 0.3106967,   -0.04602572, -0.4027481},
              1e-5);
  expectClose(values(out[1]), {0.6535, -0.5055, 0.17875}, 1e-6);
  expectClose(values(out[2]), {1.331718, 0.7917175, 0.8390894}, 1e-6);
}

TEST(NNNorm, InstanceNormalizationMatchesTorch) {
  Tensor x = makeTensor(DType::F32, {2, 3, 2, 3}, pattern(36, 19));
  Tensor s = makeTensor(DType::F32, {3}, pattern(3, 20));
  Tensor b = makeTensor(DType::F32, {3}, pattern(3, 21));
  auto out = runKernel("InstanceNormalization", {&x, &s, &b},
                       {OutputSpec{DType::F32, {2, 3, 2, 3}}});
  // torch instance_norm(x, weight=s, bias=b, eps=1e-5).
  expectClose(
      values(out[0]),
      {0.4578074, -0.3154991,  -1.088806,   0.2488056,  -0.5245009, -1.297807,
       0.2887968, 0.4273389,   0.1876986,   0.3262406,  0.4647827,  0.2251424,
       -1.222107, -0.05835324, -2.071332,   -0.9075787, 0.2561747,  -1.756804,
       -1.027089, 0.5066093,   -0.3800599,  -1.266729,  0.266969,   -0.6197003,
       0.4148576, 0.1752173,   0.3137594,   0.4523014,  0.2126611,  0.3512032,
       -2.112122, -1.097157,   -0.08219261, -1.837807,  -0.8228426, 0.1921221},
      1e-5);
}

//===----------------------------------------------------------------------===//
// FLOP accounting and bad input.
//===----------------------------------------------------------------------===//

TEST(NNFlops, MatMulAndConv) {
  Tensor a(DType::F32, {2, 3, 4}), b(DType::F32, {4, 5});
  uint64_t flops = 0;
  runKernel("MatMul", {&a, &b}, {OutputSpec{DType::F32, {2, 3, 5}}}, Attrs(),
            &flops);
  EXPECT_EQ(flops, 2u * 2 * 3 * 4 * 5);
  Tensor ai(DType::I32, {2, 3}), bi(DType::I32, {3, 2});
  runKernel("MatMul", {&ai, &bi}, {OutputSpec{DType::I32, {2, 2}}}, Attrs(),
            &flops);
  EXPECT_EQ(flops, 0u); // integer products are not FLOPs
  // 126 outputs, each 2 in-channels x 9 taps, + 1 bias add per output.
  Tensor x(DType::F32, {1, 4, 7, 8}), w(DType::F32, {6, 2, 3, 3}),
      bias(DType::F32, {6});
  Attrs attrs = makeAttrs({{"group", intAttr(2)},
                           {"strides", intsAttr({2, 1})},
                           {"dilations", intsAttr({1, 2})},
                           {"pads", intsAttr({1, 2, 0, 1})}});
  runKernel("Conv", {&x, &w, &bias}, {OutputSpec{DType::F32, {1, 6, 3, 7}}},
            attrs, &flops);
  EXPECT_EQ(flops, 2u * 126 * 2 * 9 + 126);
  runKernel("Conv", {&x, &w}, {OutputSpec{DType::F32, {1, 6, 3, 7}}}, attrs,
            &flops);
  EXPECT_EQ(flops, 2u * 126 * 2 * 9);
  Tensor xt(DType::F32, {1, 4, 3, 4}), wt(DType::F32, {4, 3, 3, 2});
  runKernel("ConvTranspose", {&xt, &wt}, {OutputSpec{DType::F32, {1, 6, 7, 8}}},
            makeAttrs({{"group", intAttr(2)}, {"strides", intsAttr({2, 2})}}),
            &flops);
  EXPECT_EQ(flops, 2u * 4 * 12 * 3 * 6);
  runKernel("MaxPool", {&x}, {OutputSpec{DType::F32, {1, 4, 3, 4}}},
            makeAttrs({{"kernel_shape", intsAttr({3, 2})},
                       {"strides", intsAttr({2, 2})}}),
            &flops);
  EXPECT_EQ(flops, 48u * 6);
}

TEST(NNErrors, BadInputThrows) {
  Tensor x(DType::F32, {1, 4, 7, 8}), w(DType::F32, {6, 2, 3, 3});
  Attrs g2 = makeAttrs({{"group", intAttr(2)}});
  // Wrong output shape, channel / group mismatch, kernel_shape mismatch.
  EXPECT_THROW(
      runKernel("Conv", {&x, &w}, {OutputSpec{DType::F32, {1, 6, 5, 5}}}, g2),
      Error);
  EXPECT_THROW(
      runKernel("Conv", {&x, &w}, {OutputSpec{DType::F32, {1, 6, 5, 6}}}),
      Error);
  EXPECT_THROW(
      runKernel("Conv", {&x, &w}, {OutputSpec{DType::F16, {1, 6, 5, 6}}}, g2),
      Error);
  Attrs ks =
      makeAttrs({{"group", intAttr(2)}, {"kernel_shape", intsAttr({3, 2})}});
  EXPECT_THROW(
      runKernel("Conv", {&x, &w}, {OutputSpec{DType::F32, {1, 6, 5, 6}}}, ks),
      Error);
  Tensor bias(DType::F32, {5});
  EXPECT_THROW(runKernel("Conv", {&x, &w, &bias},
                         {OutputSpec{DType::F32, {1, 6, 5, 6}}}, g2),
               Error);
  Attrs badPad =
      makeAttrs({{"group", intAttr(2)}, {"auto_pad", stringAttr("SAME")}});
  EXPECT_THROW(runKernel("Conv", {&x, &w},
                         {OutputSpec{DType::F32, {1, 6, 5, 6}}}, badPad),
               Error);
  Attrs negPad =
      makeAttrs({{"group", intAttr(2)}, {"pads", intsAttr({-1, 0, 0, 0})}});
  EXPECT_THROW(runKernel("Conv", {&x, &w},
                         {OutputSpec{DType::F32, {1, 6, 4, 6}}}, negPad),
               Error);
  Tensor bigW(DType::F32, {6, 2, 9, 3});
  EXPECT_THROW(runKernel("Conv", {&x, &bigW},
                         {OutputSpec{DType::F32, {1, 6, 1, 6}}}, g2),
               Error);
  // ConvTranspose: W's first dim must be X's channels.
  EXPECT_THROW(runKernel("ConvTranspose", {&x, &w},
                         {OutputSpec{DType::F32, {1, 4, 9, 10}}}),
               Error);
  // MatMul / Gemm shapes.
  Tensor a(DType::F32, {2, 3}), b(DType::F32, {4, 2});
  EXPECT_THROW(runKernel("MatMul", {&a, &b}, {OutputSpec{DType::F32, {2, 2}}}),
               Error);
  Tensor a3(DType::F32, {2, 2, 3}), b3(DType::F32, {3, 3, 4});
  EXPECT_THROW(
      runKernel("MatMul", {&a3, &b3}, {OutputSpec{DType::F32, {3, 2, 4}}}),
      Error);
  Tensor bi(DType::I32, {3, 2});
  EXPECT_THROW(runKernel("MatMul", {&a, &bi}, {OutputSpec{DType::F32, {2, 2}}}),
               Error);
  Tensor c(DType::F32, {3, 2});
  Tensor bt(DType::F32, {3, 2});
  EXPECT_THROW(
      runKernel("Gemm", {&a, &bt, &c}, {OutputSpec{DType::F32, {2, 2}}}),
      Error);
  // Pooling: missing kernel_shape, kernel larger than the input.
  EXPECT_THROW(
      runKernel("MaxPool", {&x}, {OutputSpec{DType::F32, {1, 4, 7, 8}}}),
      Error);
  EXPECT_THROW(runKernel("AveragePool", {&x},
                         {OutputSpec{DType::F32, {1, 4, 1, 1}}},
                         makeAttrs({{"kernel_shape", intsAttr({9, 9})}})),
               Error);
  EXPECT_THROW(runKernel("MaxPool", {&x},
                         {OutputSpec{DType::F32, {1, 4, 6, 7}},
                          OutputSpec{DType::I32, {1, 4, 6, 7}}},
                         makeAttrs({{"kernel_shape", intsAttr({2, 2})}})),
               Error);
  // Normalization parameters of the wrong size.
  Tensor p3(DType::F32, {3}), p4(DType::F32, {4});
  EXPECT_THROW(runKernel("BatchNormalization", {&x, &p4, &p4, &p3, &p4},
                         {OutputSpec{DType::F32, {1, 4, 7, 8}}}),
               Error);
  EXPECT_THROW(runKernel("InstanceNormalization", {&x, &p3, &p4},
                         {OutputSpec{DType::F32, {1, 4, 7, 8}}}),
               Error);
  EXPECT_THROW(runKernel("LayerNormalization", {&x, &p3},
                         {OutputSpec{DType::F32, {1, 4, 7, 8}}},
                         makeAttrs({{"axis", intAttr(-1)}})),
               Error);
  EXPECT_THROW(runKernel("LayerNormalization", {&x, &p4},
                         {OutputSpec{DType::F32, {1, 4, 7, 8}}},
                         makeAttrs({{"axis", intAttr(4)}})),
               Error);
  EXPECT_THROW(runKernel("LayerNormalization", {&x, &p4},
                         {OutputSpec{DType::F32, {1, 4, 7, 8}},
                          OutputSpec{DType::F32, {1, 4}}},
                         makeAttrs({{"axis", intAttr(1)}})),
               Error);
}
