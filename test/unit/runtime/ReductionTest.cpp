//===- ReductionTest.cpp - reduction host kernels -------------------------===//
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

Tensor run1(const std::string &op, const std::vector<const Tensor *> &inputs,
            DType type, Shape shape, const Attrs &attrs = Attrs(),
            uint64_t *flops = nullptr) {
  return runKernel(op, inputs, {OutputSpec{type, std::move(shape)}}, attrs,
                   flops)[0];
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

/// numpy: c = (np.arange(24).reshape(2, 3, 4) - 10) / 4
Tensor cube(DType type = DType::F32) {
  std::vector<double> v(24);
  for (int i = 0; i < 24; ++i)
    v[i] = (i - 10) / 4.0;
  return makeTensor(type, {2, 3, 4}, v);
}

} // namespace

TEST(ReductionReduce, EveryKindMatchesNumpy) {
  Tensor c = cube();
  struct Case {
    const char *op;
    std::vector<double> axis1, axes02, all; // numpy float64 results
  } cases[] = {
      {"ReduceSum",
       {-4.5, -3.75, -3.0, -2.25, 4.5, 5.25, 6.0, 6.75},
       {-5.0, 3.0, 11.0},
       {9.0}},
      {"ReduceMean",
       {-1.5, -1.25, -1.0, -0.75, 1.5, 1.75, 2.0, 2.25},
       {-0.625, 0.375, 1.375},
       {0.375}},
      {"ReduceMax",
       {-0.5, -0.25, 0.0, 0.25, 2.5, 2.75, 3.0, 3.25},
       {1.25, 2.25, 3.25},
       {3.25}},
      {"ReduceMin",
       {-2.5, -2.25, -2.0, -1.75, 0.5, 0.75, 1.0, 1.25},
       {-2.5, -1.5, -0.5},
       {-2.5}},
      {"ReduceProd",
       {-1.875, -0.703125, 0.0, 0.328125, 1.875, 3.609375, 6.0, 9.140625},
       {9.228515625, 16.611328125, 0.0},
       {0.0}},
      {"ReduceL1",
       {4.5, 3.75, 3.0, 2.75, 4.5, 5.25, 6.0, 6.75},
       {12.0, 12.0, 12.5},
       {36.5}},
      {"ReduceL2",
       {2.958039891549808, 2.5860201081971503, 2.23606797749979,
        1.920286436967152, 2.958039891549808, 3.344772040064913,
        3.7416573867739413, 4.14578098794425},
       {4.663689526544408, 4.444097208657794, 5.809475019311125},
       {8.674675786448736}},
      {"ReduceSumSquare",
       {8.75, 6.6875, 5.0, 3.6875, 8.75, 11.1875, 14.0, 17.1875},
       {21.75, 19.75, 33.75},
       {75.25}},
      {"ReduceLogSumExp",
       {-0.09239403555561969, 0.15760596444438035, 0.40760596444438035,
        0.6576059644443802, 2.90760596444438, 3.1576059644443806,
        3.40760596444438, 3.65760596444438},
       {2.348603755632692, 3.348603755632692, 4.348603755632692},
       {4.756209720077073}},
  };
  for (const Case &k : cases) {
    SCOPED_TRACE(k.op);
    expectValues(run1(k.op, {&c}, DType::F32, {2, 1, 4},
                      makeAttrs({{"axes", intsAttr({1})}})),
                 k.axis1, 1e-6);
    // Non-adjacent axes, given negative, without keepdims.
    expectValues(run1(k.op, {&c}, DType::F32, {3},
                      makeAttrs({{"axes", intsAttr({-1, 0})},
                                 {"keepdims", intAttr(0)}})),
                 k.axes02, 1e-6);
    // No axes: everything, kept as 1x1x1.
    expectValues(run1(k.op, {&c}, DType::F32, {1, 1, 1}), k.all, 1e-6);
  }
  // numpy: np.log((np.abs(c) + 0.5).sum(axis=(0, 2)))
  std::vector<double> shifted(24);
  for (int i = 0; i < 24; ++i)
    shifted[i] = std::fabs((i - 10) / 4.0) + 0.5;
  Tensor d = makeTensor(DType::F32, {2, 3, 4}, shifted);
  expectValues(run1("ReduceLogSum", {&d}, DType::F32, {1, 3, 1},
                    makeAttrs({{"axes", intsAttr({0, 2})}})),
               {2.772588722239781, 2.772588722239781, 2.803360380906535}, 1e-6);
}

TEST(ReductionReduce, ReduceSumTakesAxesAsAnInput) {
  // ONNX test_reduce_sum_*_example data: 1..12 as 3x2x2.
  std::vector<double> v(12);
  for (int i = 0; i < 12; ++i)
    v[i] = i + 1;
  Tensor x = makeTensor(DType::F32, {3, 2, 2}, v);
  Tensor axis1 = makeTensor(DType::I64, {1}, {1});
  expectValues(run1("ReduceSum", {&x, &axis1}, DType::F32, {3, 1, 2}),
               {4, 6, 12, 14, 20, 22});
  Tensor minus2 = makeTensor(DType::I64, {1}, {-2});
  expectValues(run1("ReduceSum", {&x, &minus2}, DType::F32, {3, 2},
                    makeAttrs({{"keepdims", intAttr(0)}})),
               {4, 6, 12, 14, 20, 22});
  Tensor none = makeTensor(DType::I64, {0}, {});
  expectValues(run1("ReduceSum", {&x, &none}, DType::F32, {1, 1, 1}), {78});
  expectValues(run1("ReduceSum", {&x}, DType::F32, {},
                    makeAttrs({{"keepdims", intAttr(0)}})),
               {78});
  // noop_with_empty_axes: empty axes leave the data alone.
  uint64_t flops = 5;
  expectValues(run1("ReduceSum", {&x, &none}, DType::F32, {3, 2, 2},
                    makeAttrs({{"noop_with_empty_axes", intAttr(1)}}), &flops),
               v);
  EXPECT_EQ(flops, 0u);
  Tensor both = makeTensor(DType::I64, {2}, {0, 2});
  expectValues(run1("ReduceSum", {&x, &both}, DType::F32, {1, 2, 1},
                    makeAttrs({{"noop_with_empty_axes", intAttr(1)}})),
               {1 + 2 + 5 + 6 + 9 + 10, 3 + 4 + 7 + 8 + 11 + 12});
}

TEST(ReductionReduce, IntegerAndHalfTypes) {
  Tensor i = makeTensor(DType::I64, {2, 2}, {-3, -4, 3, 4});
  Attrs lastAxis =
      makeAttrs({{"axes", intsAttr({1})}, {"keepdims", intAttr(0)}});
  uint64_t flops = 9;
  // Integer means truncate toward zero: -3.5 -> -3.
  expectValues(run1("ReduceMean", {&i}, DType::I64, {2}, lastAxis, &flops),
               {-3, 3});
  EXPECT_EQ(flops, 0u);
  expectValues(run1("ReduceL1", {&i}, DType::I64, {2}, lastAxis), {7, 7});
  expectValues(run1("ReduceSumSquare", {&i}, DType::I64, {2}, lastAxis),
               {25, 25});
  expectValues(run1("ReduceL2", {&i}, DType::I64, {2}, lastAxis), {5, 5});
  expectValues(run1("ReduceMin", {&i}, DType::I64, {2}, lastAxis), {-4, 3});
  // The product wraps in int8 (16 * 16 = 256 = 0 mod 256).
  Tensor b = makeTensor(DType::I8, {3}, {16, 16, 3});
  expectValues(run1("ReduceProd", {&b}, DType::I8, {1}), {0});
  expectValues(run1("ReduceSum", {&b}, DType::I8, {1}), {35});
  Tensor u = makeTensor(DType::U8, {4}, {200, 100, 7, 255});
  expectValues(run1("ReduceMax", {&u}, DType::U8, {1}), {255});
  expectValues(run1("ReduceSum", {&u}, DType::U8, {1}),
               {(200 + 100 + 7 + 255) % 256});
  // 2048 ones: a half accumulator would stop at 2048 + 1 = 2048; the float
  // accumulator reaches 4096 exactly.
  Tensor h = makeTensor(DType::F16, {4096}, std::vector<double>(4096, 1.0));
  expectValues(run1("ReduceSum", {&h}, DType::F16, {1}), {4096});
  expectValues(run1("ReduceMean", {&h}, DType::F16, {1}), {1});
  Tensor d = cube(DType::F64);
  expectValues(run1("ReduceMean", {&d}, DType::F64, {1, 3, 1},
                    makeAttrs({{"axes", intsAttr({0, 2})}})),
               {-0.625, 0.375, 1.375});
  EXPECT_THROW(run1("ReduceLogSum", {&i}, DType::I64, {2}, lastAxis), Error);
  Tensor flag = makeTensor(DType::Bool, {2}, {1, 0});
  EXPECT_THROW(run1("ReduceMax", {&flag}, DType::Bool, {1}), Error);
}

TEST(ReductionReduce, NaNAndEmptyReductions) {
  Tensor x = makeTensor(DType::F32, {2, 2}, {1, kNaN, 3, 4});
  Attrs lastAxis =
      makeAttrs({{"axes", intsAttr({1})}, {"keepdims", intAttr(0)}});
  expectValues(run1("ReduceMax", {&x}, DType::F32, {2}, lastAxis), {kNaN, 4});
  expectValues(run1("ReduceMin", {&x}, DType::F32, {2}, lastAxis), {kNaN, 3});
  expectValues(run1("ReduceSum", {&x}, DType::F32, {2}, lastAxis), {kNaN, 7});
  // Reducing an empty axis gives the identity of each reduction.
  Tensor e = makeTensor(DType::F32, {2, 0}, {});
  expectValues(run1("ReduceSum", {&e}, DType::F32, {2}, lastAxis), {0, 0});
  expectValues(run1("ReduceProd", {&e}, DType::F32, {2}, lastAxis), {1, 1});
  expectValues(run1("ReduceMax", {&e}, DType::F32, {2}, lastAxis),
               {-kInf, -kInf});
  expectValues(run1("ReduceMin", {&e}, DType::F32, {2}, lastAxis),
               {kInf, kInf});
  expectValues(run1("ReduceMean", {&e}, DType::F32, {2}, lastAxis),
               {kNaN, kNaN});
  expectValues(run1("ReduceLogSumExp", {&e}, DType::F32, {2}, lastAxis),
               {-kInf, -kInf});
  Tensor ei = makeTensor(DType::I32, {2, 0}, {});
  expectValues(run1("ReduceMax", {&ei}, DType::I32, {2}, lastAxis),
               {-2147483648.0, -2147483648.0});
  expectValues(run1("ReduceMean", {&ei}, DType::I32, {2}, lastAxis), {0, 0});
  // LogSumExp stays finite where exp() alone would overflow.
  Tensor big = makeTensor(DType::F32, {2}, {1000, 1000});
  expectValues(run1("ReduceLogSumExp", {&big}, DType::F32, {1}),
               {1000 + std::log(2.0)}, 1e-6);
  Tensor inf = makeTensor(DType::F32, {2}, {kInf, 1});
  expectValues(run1("ReduceLogSumExp", {&inf}, DType::F32, {1}), {kInf});
}

TEST(ReductionReduce, LargeInputsMatchALoop) {
  // Leading kept dim (split over threads), leading reduced dim, and a
  // middle reduced dim.
  const int64_t rows = 64, cols = 1000;
  std::vector<double> v(rows * cols);
  for (int64_t i = 0; i < rows * cols; ++i)
    v[i] = static_cast<double>((i * 37) % 101) - 50;
  Tensor x = makeTensor(DType::F32, {rows, cols}, v);
  std::vector<double> rowSums(rows, 0), colSums(cols, 0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      rowSums[r] += v[r * cols + c];
      colSums[c] += v[r * cols + c];
    }
  uint64_t flops = 0;
  expectValues(
      run1("ReduceSum", {&x}, DType::F32, {rows},
           makeAttrs({{"axes", intsAttr({1})}, {"keepdims", intAttr(0)}}),
           &flops),
      rowSums);
  EXPECT_EQ(flops, static_cast<uint64_t>(rows * cols));
  expectValues(run1("ReduceSum", {&x}, DType::F32, {1, cols},
                    makeAttrs({{"axes", intsAttr({0})}})),
               colSums);
  Tensor y = x.reshaped({8, 8, cols});
  std::vector<double> mid(8 * cols, 0);
  for (int64_t a = 0; a < 8; ++a)
    for (int64_t b = 0; b < 8; ++b)
      for (int64_t c = 0; c < cols; ++c)
        mid[a * cols + c] = std::max(b == 0 ? -1e9 : mid[a * cols + c],
                                     v[(a * 8 + b) * cols + c]);
  expectValues(run1("ReduceMax", {&y}, DType::F32, {8, 1, cols},
                    makeAttrs({{"axes", intsAttr({1})}})),
               mid);
}

TEST(ReductionReduce, RejectsBadAxesAndShapes) {
  Tensor c = cube();
  EXPECT_THROW(run1("ReduceMean", {&c}, DType::F32, {2, 3, 1},
                    makeAttrs({{"axes", intsAttr({3})}})),
               Error);
  EXPECT_THROW(run1("ReduceMean", {&c}, DType::F32, {2, 1, 4},
                    makeAttrs({{"axes", intsAttr({1, -2})}})),
               Error);
  EXPECT_THROW(run1("ReduceMean", {&c}, DType::F32, {2, 3},
                    makeAttrs({{"axes", intsAttr({2})}})),
               Error); // keepdims defaults to 1
  EXPECT_THROW(run1("ReduceMean", {&c}, DType::F64, {2, 3, 1},
                    makeAttrs({{"axes", intsAttr({2})}})),
               Error);
  Tensor badAxes = makeTensor(DType::F32, {1}, {1});
  EXPECT_THROW(run1("ReduceSum", {&c, &badAxes}, DType::F32, {2, 1, 4}), Error);
  Tensor farAxis = makeTensor(DType::I64, {1}, {-4});
  EXPECT_THROW(run1("ReduceSum", {&c, &farAxis}, DType::F32, {2, 3, 4}), Error);
}

TEST(ReductionArg, TiesNaNAndSelectLastIndex) {
  Tensor x = makeTensor(DType::F32, {2, 3}, {2, 5, 5, 7, 1, 7});
  Attrs axis1 = makeAttrs({{"axis", intAttr(1)}});
  expectValues(run1("ArgMax", {&x}, DType::I64, {2, 1}, axis1), {1, 0});
  expectValues(run1("ArgMax", {&x}, DType::I64, {2, 1},
                    makeAttrs({{"axis", intAttr(-1)},
                               {"select_last_index", intAttr(1)}})),
               {2, 2});
  expectValues(run1("ArgMax", {&x}, DType::I64, {1, 3}), {1, 0, 1});
  expectValues(
      run1("ArgMin", {&x}, DType::I64, {2},
           makeAttrs({{"axis", intAttr(1)}, {"keepdims", intAttr(0)}})),
      {0, 1});
  Tensor t = makeTensor(DType::F32, {4}, {3, 1, 3, 1});
  expectValues(run1("ArgMin", {&t}, DType::I64, {1},
                    makeAttrs({{"select_last_index", intAttr(1)}})),
               {3});
  // numpy.argmax / argmin return the first NaN.
  Tensor n = makeTensor(DType::F32, {4}, {1, kNaN, 3, kNaN});
  expectValues(run1("ArgMax", {&n}, DType::I64, {1}), {1});
  expectValues(run1("ArgMin", {&n}, DType::I64, {1}), {1});
  expectValues(run1("ArgMax", {&n}, DType::I64, {1},
                    makeAttrs({{"select_last_index", intAttr(1)}})),
               {3});
  Tensor i = makeTensor(DType::I8, {3}, {-1, -5, -5});
  uint64_t flops = 9;
  expectValues(run1("ArgMin", {&i}, DType::I64, {1}, Attrs(), &flops), {1});
  EXPECT_EQ(flops, 0u);
  expectValues(run1("ArgMin", {&i}, DType::I64, {},
                    makeAttrs({{"keepdims", intAttr(0)},
                               {"select_last_index", intAttr(1)}})),
               {2});
  Tensor h = makeTensor(DType::F16, {2, 2}, {0.5, -1, 0.25, 3});
  expectValues(run1("ArgMax", {&h}, DType::I64, {1, 2}, Attrs(), &flops),
               {0, 1});
  EXPECT_EQ(flops, 4u);
  EXPECT_THROW(run1("ArgMax", {&x}, DType::I64, {2, 1},
                    makeAttrs({{"axis", intAttr(2)}})),
               Error);
  EXPECT_THROW(run1("ArgMax", {&x}, DType::I32, {2, 1}, axis1), Error);
  Tensor empty = makeTensor(DType::F32, {2, 0}, {});
  EXPECT_THROW(run1("ArgMax", {&empty}, DType::I64, {2, 1}, axis1), Error);
}

TEST(ReductionTopK, LargestSmallestAndTies) {
  Tensor x = makeTensor(DType::F32, {2, 4}, {1, 3, 3, 2, 4, 4, 0, -1});
  Tensor k2 = makeTensor(DType::I64, {1}, {2});
  auto out = runKernel(
      "TopK", {&x, &k2},
      {OutputSpec{DType::F32, {2, 2}}, OutputSpec{DType::I64, {2, 2}}});
  expectValues(out[0], {3, 3, 4, 4});
  expectValues(out[1], {1, 2, 0, 1}); // ties: lower index first
  Tensor k3 = makeTensor(DType::I64, {1}, {3});
  out = runKernel(
      "TopK", {&x, &k3},
      {OutputSpec{DType::F32, {2, 3}}, OutputSpec{DType::I64, {2, 3}}},
      makeAttrs({{"largest", intAttr(0)}}));
  expectValues(out[0], {1, 2, 3, -1, 0, 4});
  expectValues(out[1], {0, 3, 1, 3, 2, 0});
  // Along axis 0 (strided lines).
  Tensor y = makeTensor(DType::I32, {3, 2}, {5, 1, 7, 1, 6, 9});
  uint64_t flops = 9;
  out = runKernel(
      "TopK", {&y, &k2},
      {OutputSpec{DType::I32, {2, 2}}, OutputSpec{DType::I64, {2, 2}}},
      makeAttrs({{"axis", intAttr(0)}}), &flops);
  expectValues(out[0], {7, 9, 6, 1});
  expectValues(out[1], {1, 2, 2, 0});
  EXPECT_EQ(flops, 0u);
  // NaN ranks after every number, for largest and smallest alike.
  Tensor n = makeTensor(DType::F64, {3}, {kNaN, 1, 2});
  out = runKernel("TopK", {&n, &k2},
                  {OutputSpec{DType::F64, {2}}, OutputSpec{DType::I64, {2}}});
  expectValues(out[0], {2, 1});
  out = runKernel("TopK", {&n, &k3},
                  {OutputSpec{DType::F64, {3}}, OutputSpec{DType::I64, {3}}},
                  makeAttrs({{"largest", intAttr(0)}}));
  expectValues(out[0], {1, 2, kNaN});
  expectValues(out[1], {1, 2, 0});
  Tensor k0 = makeTensor(DType::I64, {1}, {0});
  out = runKernel(
      "TopK", {&x, &k0},
      {OutputSpec{DType::F32, {2, 0}}, OutputSpec{DType::I64, {2, 0}}});
  EXPECT_EQ(out[0].numel(), 0);
}

TEST(ReductionTopK, RejectsBadK) {
  Tensor x = makeTensor(DType::F32, {2, 4}, std::vector<double>(8, 1));
  Tensor k5 = makeTensor(DType::I64, {1}, {5});
  EXPECT_THROW(runKernel("TopK", {&x, &k5},
                         {OutputSpec{DType::F32, {2, 5}},
                          OutputSpec{DType::I64, {2, 5}}}),
               Error);
  Tensor kNeg = makeTensor(DType::I64, {1}, {-1});
  EXPECT_THROW(runKernel("TopK", {&x, &kNeg},
                         {OutputSpec{DType::F32, {2, 1}},
                          OutputSpec{DType::I64, {2, 1}}}),
               Error);
  // K disagrees with the shape the compiler allocated.
  Tensor k2 = makeTensor(DType::I64, {1}, {2});
  EXPECT_THROW(runKernel("TopK", {&x, &k2},
                         {OutputSpec{DType::F32, {2, 3}},
                          OutputSpec{DType::I64, {2, 3}}}),
               Error);
  Tensor kk = makeTensor(DType::I64, {2}, {1, 2});
  EXPECT_THROW(runKernel("TopK", {&x, &kk},
                         {OutputSpec{DType::F32, {2, 1}},
                          OutputSpec{DType::I64, {2, 1}}}),
               Error);
  EXPECT_THROW(runKernel("TopK", {&x, &k2},
                         {OutputSpec{DType::F32, {2, 2}},
                          OutputSpec{DType::I32, {2, 2}}}),
               Error);
}

TEST(ReductionCumSum, ExclusiveReverseAndAxes) {
  Tensor x = makeTensor(DType::F32, {5}, {1, 2, 3, 4, 5});
  Tensor axis0 = makeTensor(DType::I64, {}, {0});
  uint64_t flops = 0;
  expectValues(run1("CumSum", {&x, &axis0}, DType::F32, {5}, Attrs(), &flops),
               {1, 3, 6, 10, 15});
  EXPECT_EQ(flops, 5u);
  expectValues(run1("CumSum", {&x, &axis0}, DType::F32, {5},
                    makeAttrs({{"exclusive", intAttr(1)}})),
               {0, 1, 3, 6, 10});
  expectValues(run1("CumSum", {&x, &axis0}, DType::F32, {5},
                    makeAttrs({{"reverse", intAttr(1)}})),
               {15, 14, 12, 9, 5});
  expectValues(
      run1("CumSum", {&x, &axis0}, DType::F32, {5},
           makeAttrs({{"reverse", intAttr(1)}, {"exclusive", intAttr(1)}})),
      {14, 12, 9, 5, 0});
  Tensor m = makeTensor(DType::F64, {2, 3}, {1, 2, 3, 4, 5, 6});
  expectValues(run1("CumSum", {&m, &axis0}, DType::F64, {2, 3}),
               {1, 2, 3, 5, 7, 9});
  Tensor last = makeTensor(DType::I32, {1}, {-1});
  expectValues(run1("CumSum", {&m, &last}, DType::F64, {2, 3}),
               {1, 3, 6, 4, 9, 15});
  Tensor i = makeTensor(DType::I8, {3}, {100, 100, -56});
  expectValues(run1("CumSum", {&i, &axis0}, DType::I8, {3}, Attrs(), &flops),
               {100, -56, -112});
  EXPECT_EQ(flops, 0u);
  Tensor far = makeTensor(DType::I64, {}, {2});
  EXPECT_THROW(run1("CumSum", {&m, &far}, DType::F64, {2, 3}), Error);
  Tensor two = makeTensor(DType::I64, {2}, {0, 1});
  EXPECT_THROW(run1("CumSum", {&m, &two}, DType::F64, {2, 3}), Error);
  Tensor fl = makeTensor(DType::F32, {}, {0});
  EXPECT_THROW(run1("CumSum", {&m, &fl}, DType::F64, {2, 3}), Error);
}

TEST(ReductionCumSum, LargeMiddleAxis) {
  const int64_t outer = 3, n = 50, inner = 400;
  std::vector<double> v(outer * n * inner);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<double>(i % 11);
  Tensor x = makeTensor(DType::I64, {outer, n, inner}, v);
  Tensor axis = makeTensor(DType::I64, {}, {1});
  std::vector<double> expected(v.size());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < inner; ++c) {
      double sum = 0;
      for (int64_t k = n - 1; k >= 0; --k) {
        int64_t at = (o * n + k) * inner + c;
        expected[at] = sum; // reverse, exclusive
        sum += v[at];
      }
    }
  expectValues(
      run1("CumSum", {&x, &axis}, DType::I64, {outer, n, inner},
           makeAttrs({{"reverse", intAttr(1)}, {"exclusive", intAttr(1)}})),
      expected);
}

TEST(ReductionSoftmax, MatchesNumpyAlongAnyAxis) {
  // numpy: e = np.exp(a - a.max(-1, keepdims=True)); e / e.sum(-1,
  // keepdims=True)
  Tensor a = makeTensor(DType::F32, {3, 4},
                        {1, 2, 3, 4, 1000, 1000, 1000, 1001, -1, 0, -2, 0.5});
  uint64_t flops = 0;
  expectValues(run1("Softmax", {&a}, DType::F32, {3, 4}, Attrs(), &flops),
               {0.03205860328008498, 0.08714431874203256, 0.23688281808991016,
                0.6439142598879724, 0.17487770452710943, 0.17487770452710943,
                0.17487770452710943, 0.4753668864186716, 0.11671539071300706,
                0.3172653256766647, 0.04293719271160759, 0.5230820908987206},
               1e-6);
  EXPECT_EQ(flops, 4u * 12);
  expectValues(run1("LogSoftmax", {&a}, DType::F32, {3, 4}),
               {-3.4401896985611953, -2.4401896985611953, -1.4401896985611953,
                -0.44018969856119533, -1.7436683806286792, -1.7436683806286792,
                -1.7436683806286792, -0.7436683806286793, -2.14801686566896,
                -1.1480168656689602, -3.14801686566896, -0.6480168656689603},
               1e-6);
  // b = np.arange(24).reshape(2, 3, 4) * 0.25 - 2: along axis 1 and axis 0.
  std::vector<double> bv(24);
  for (int i = 0; i < 24; ++i)
    bv[i] = i * 0.25 - 2;
  Tensor b = makeTensor(DType::F64, {2, 3, 4}, bv);
  std::vector<double> expected;
  for (int o = 0; o < 2; ++o)
    for (double p :
         {0.09003057317038043, 0.24472847105479767, 0.6652409557748218})
      for (int i = 0; i < 4; ++i)
        expected.push_back(p);
  expectValues(run1("Softmax", {&b}, DType::F64, {2, 3, 4},
                    makeAttrs({{"axis", intAttr(1)}})),
               expected, 1e-12);
  expected.assign(12, -3.048587351573742);
  expected.resize(24, -0.04858735157374197);
  expectValues(run1("LogSoftmax", {&b}, DType::F64, {2, 3, 4},
                    makeAttrs({{"axis", intAttr(-3)}})),
               expected, 1e-12);
  Tensor h = makeTensor(DType::F16, {2}, {0, 0});
  expectValues(run1("Softmax", {&h}, DType::F16, {2}), {0.5, 0.5});
  EXPECT_THROW(run1("Softmax", {&a}, DType::F32, {3, 4},
                    makeAttrs({{"axis", intAttr(2)}})),
               Error);
  Tensor i = makeTensor(DType::I32, {2}, {0, 0});
  EXPECT_THROW(run1("Softmax", {&i}, DType::I32, {2}), Error);
}

TEST(ReductionSoftmax, LargeRowsMatchADoubleReference) {
  const int64_t rows = 40, cols = 2000;
  std::vector<double> v(rows * cols);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<float>(std::sin(static_cast<double>(i)) * 20);
  Tensor x = makeTensor(DType::F32, {rows, cols}, v);
  std::vector<double> expected(v.size());
  for (int64_t r = 0; r < rows; ++r) {
    double maxIn = -1e9, sum = 0;
    for (int64_t c = 0; c < cols; ++c)
      maxIn = std::max(maxIn, v[r * cols + c]);
    for (int64_t c = 0; c < cols; ++c)
      sum += std::exp(v[r * cols + c] - maxIn);
    for (int64_t c = 0; c < cols; ++c)
      expected[r * cols + c] = std::exp(v[r * cols + c] - maxIn) / sum;
  }
  std::vector<double> y =
      values(run1("Softmax", {&x}, DType::F32, {rows, cols}));
  for (size_t i = 0; i < y.size(); ++i)
    ASSERT_NEAR(y[i], expected[i], 1e-6 * expected[i] + 1e-12) << i;
}

TEST(ReductionFlops, CountsFollowTheRules) {
  Tensor c = cube();
  uint64_t flops = 0;
  run1("ReduceMean", {&c}, DType::F32, {2, 1, 4},
       makeAttrs({{"axes", intsAttr({1})}}), &flops);
  EXPECT_EQ(flops, 24u + 8u); // one per input, one division per output
  run1("ReduceSum", {&c}, DType::F32, {1, 1, 1}, Attrs(), &flops);
  EXPECT_EQ(flops, 24u);
  run1("ReduceL2", {&c}, DType::F32, {1, 1, 1}, Attrs(), &flops);
  EXPECT_EQ(flops, 25u);
  Tensor i = cube(DType::I32);
  run1("ReduceSum", {&i}, DType::I32, {1, 1, 1}, Attrs(), &flops);
  EXPECT_EQ(flops, 0u);
}
