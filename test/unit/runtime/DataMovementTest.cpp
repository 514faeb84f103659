//===- DataMovementTest.cpp - shape, copy, index, resize, einsum kernels --===//
//
// Expected values are hand-computed or, where marked, computed with numpy
// (/usr/bin/python3, numpy 1.24) or the ONNX 1.12 reference Resize
// (onnx/backend/test/case/node/resize.py: interpolate_nd) and pasted here.
//
//===----------------------------------------------------------------------===//

#include "KernelTestUtil.h"

#include <cmath>
#include <numeric>

using namespace kiln::rt;
using namespace kiln::rt::test;

namespace {

std::vector<double> iota(int64_t n, double start = 0) {
  std::vector<double> v(n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

Tensor i64s(const std::vector<double> &v) {
  return makeTensor(DType::I64, {static_cast<int64_t>(v.size())}, v);
}

Attrs attrs(std::initializer_list<std::pair<const char *, AttrValue>> list) {
  Attrs a;
  for (const auto &[name, value] : list)
    a.set(name, value);
  return a;
}

/// Runs a one-output kernel.
Tensor run1(const std::string &op, const std::vector<const Tensor *> &inputs,
            DType type, Shape shape, const Attrs &a = Attrs(),
            uint64_t *flops = nullptr) {
  return runKernel(op, inputs, {OutputSpec{type, std::move(shape)}}, a,
                   flops)[0];
}

void expectNear(const std::vector<double> &got, const std::vector<double> &want,
                double tol = 1e-5) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], want[i], tol) << "element " << i;
}

} // namespace

TEST(DataMovementViews, ReshapeInfersAndCopies) {
  Tensor x = makeTensor(DType::F16, {2, 3, 2}, iota(12));
  Tensor shape = i64s({0, -1});
  Tensor y = run1("Reshape", {&x, &shape}, DType::F16, {2, 6});
  EXPECT_EQ(values(y), iota(12));
  // The allocated shape must be the one the shape input gives.
  EXPECT_THROW(run1("Reshape", {&x, &shape}, DType::F16, {3, 4}), Error);
  Tensor twoInferred = i64s({-1, -1});
  EXPECT_THROW(run1("Reshape", {&x, &twoInferred}, DType::F16, {2, 6}), Error);
  // allowzero: a 0 is a real zero-sized dim, not "copy the input dim".
  Tensor empty(DType::F32, {0, 3});
  Tensor zero = i64s({3, 0});
  Attrs allowZero = attrs({{"allowzero", intAttr(1)}});
  EXPECT_EQ(
      run1("Reshape", {&empty, &zero}, DType::F32, {3, 0}, allowZero).numel(),
      0);
}

TEST(DataMovementViews, FlattenSqueezeUnsqueeze) {
  Tensor x = makeTensor(DType::I8, {2, 1, 3, 1}, iota(6));
  EXPECT_EQ(values(run1("Flatten", {&x}, DType::I8, {2, 3},
                        attrs({{"axis", intAttr(-2)}}))),
            iota(6));
  EXPECT_EQ(
      run1("Flatten", {&x}, DType::I8, {1, 6}, attrs({{"axis", intAttr(0)}}))
          .numel(),
      6);
  Tensor axes = i64s({-1});
  EXPECT_EQ(run1("Squeeze", {&x, &axes}, DType::I8, {2, 1, 3}).shape(),
            (Shape{2, 1, 3}));
  EXPECT_EQ(run1("Squeeze", {&x}, DType::I8, {2, 3}).shape(), (Shape{2, 3}));
  Tensor notOne = i64s({0});
  EXPECT_THROW(run1("Squeeze", {&x, &notOne}, DType::I8, {1, 3, 1}), Error);
  Tensor y = makeTensor(DType::Bool, {2, 3}, {1, 0, 1, 0, 0, 1});
  Tensor unsq = i64s({3, 0});
  Tensor z = run1("Unsqueeze", {&y, &unsq}, DType::Bool, {1, 2, 3, 1});
  EXPECT_EQ(values(z), values(y));
  Tensor repeated = i64s({1, 1});
  EXPECT_THROW(run1("Unsqueeze", {&y, &repeated}, DType::Bool, {2, 1, 1, 3}),
               Error);
}

TEST(DataMovementTranspose, ThreeDimensional) {
  Tensor x = makeTensor(DType::I16, {2, 3, 4}, iota(24));
  Tensor y = run1("Transpose", {&x}, DType::I16, {4, 2, 3},
                  attrs({{"perm", intsAttr({2, 0, 1})}}));
  // numpy: np.transpose(np.arange(24).reshape(2, 3, 4), (2, 0, 1))
  EXPECT_EQ(values(y),
            (std::vector<double>{0, 4, 8,  12, 16, 20, 1, 5, 9,  13, 17, 21,
                                 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23}));
  // No perm: dims reversed; y[k][j][i] = x[i][j][k].
  Tensor r = run1("Transpose", {&x}, DType::I16, {4, 3, 2});
  EXPECT_EQ(values(r)[1], 12);
  EXPECT_EQ(values(r)[2], 4);
  EXPECT_THROW(run1("Transpose", {&x}, DType::I16, {4, 2, 3},
                    attrs({{"perm", intsAttr({2, 0, 0})}})),
               Error);
}

TEST(DataMovementTranspose, LargeTiledAndThreadedMatchesNaive) {
  // Big enough for the tiled path and the worker threads; odd sizes leave
  // partial tiles.
  const int64_t a = 3, b = 517, c = 389;
  Tensor x(DType::F32, {a, b, c});
  for (int64_t i = 0; i < x.numel(); ++i)
    x.data<float>()[i] = static_cast<float>(i);
  Tensor y = run1("Transpose", {&x}, DType::F32, {c, a, b},
                  attrs({{"perm", intsAttr({2, 0, 1})}}));
  bool same = true;
  for (int64_t i = 0; i < a && same; ++i)
    for (int64_t j = 0; j < b && same; ++j)
      for (int64_t k = 0; k < c && same; ++k)
        same = y.data<float>()[(k * a + i) * b + j] ==
               x.data<float>()[(i * b + j) * c + k];
  EXPECT_TRUE(same);
}

TEST(DataMovementSlice, NegativeStepsAndClamping) {
  Tensor x = makeTensor(DType::F32, {2, 3, 4}, iota(24));
  // numpy: x[1:-3:-1, ::-2, 3:0:-2] (INT64_MAX / INT64_MIN stand for the
  // open ends, as exporters write them).
  Tensor starts = makeTensor(DType::I64, {3}, {1, 0, 3});
  starts.data<int64_t>()[1] = INT64_MAX;
  Tensor ends = makeTensor(DType::I64, {3}, {-3, 0, 0});
  ends.data<int64_t>()[1] = INT64_MIN;
  Tensor steps = i64s({-1, -2, -2});
  Tensor axes = i64s({0, -2, 2});
  Tensor y =
      run1("Slice", {&x, &starts, &ends, &axes, &steps}, DType::F32, {2, 2, 2});
  EXPECT_EQ(values(y), (std::vector<double>{23, 21, 15, 13, 11, 9, 3, 1}));
  // i32 index tensors, default axes and steps, out-of-range ends clamp.
  Tensor s32 = makeTensor(DType::I32, {2}, {1, -2});
  Tensor e32 = makeTensor(DType::I32, {2}, {100, 1000});
  Tensor z = run1("Slice", {&x, &s32, &e32}, DType::F32, {1, 2, 4});
  EXPECT_EQ(values(z), (std::vector<double>{16, 17, 18, 19, 20, 21, 22, 23}));
  EXPECT_THROW(run1("Slice", {&x, &s32, &e32}, DType::F32, {1, 3, 4}), Error);
  Tensor zeroStep = i64s({0, 0});
  Tensor zeroAxes = i64s({0, 1});
  EXPECT_THROW(run1("Slice", {&x, &s32, &e32, &zeroAxes, &zeroStep}, DType::F32,
                    {1, 2, 4}),
               Error);
}

TEST(DataMovementGather, NegativeIndicesOnAxis1) {
  Tensor d = makeTensor(DType::U16, {3, 4}, iota(12));
  Tensor idx = makeTensor(DType::I32, {2, 2}, {-1, 0, 1, -4});
  Tensor y = run1("Gather", {&d, &idx}, DType::U16, {3, 2, 2},
                  attrs({{"axis", intAttr(1)}}));
  // numpy: np.take(np.arange(12).reshape(3, 4), [[-1, 0], [1, -4]], axis=1)
  EXPECT_EQ(values(y),
            (std::vector<double>{3, 0, 1, 0, 7, 4, 5, 4, 11, 8, 9, 8}));
}

TEST(DataMovementGather, OutOfRangeIndicesFail) {
  Tensor d = makeTensor(DType::F32, {3, 4}, iota(12));
  Tensor bad = makeTensor(DType::I64, {2}, {1, 4});
  Attrs axis1 = attrs({{"axis", intAttr(1)}});
  try {
    run1("Gather", {&d, &bad}, DType::F32, {3, 2}, axis1);
    ADD_FAILURE() << "no error";
  } catch (const Error &e) {
    EXPECT_NE(std::string(e.what()).find(
                  "index 4 is out of range [-4, 4) along axis 1"),
              std::string::npos)
        << e.what();
  }
  Tensor tooNegative = makeTensor(DType::I64, {1}, {-4});
  EXPECT_THROW(run1("Gather", {&d, &tooNegative}, DType::F32, {1, 4}), Error);
  Tensor idx2 = makeTensor(DType::I64, {3, 1}, {0, 5, 1});
  EXPECT_THROW(run1("GatherElements", {&d, &idx2}, DType::F32, {3, 1}, axis1),
               Error);
  Tensor tuples = makeTensor(DType::I64, {1, 2}, {2, -5});
  EXPECT_THROW(run1("GatherND", {&d, &tuples}, DType::F32, {1}), Error);
  Tensor upd = makeTensor(DType::F32, {1}, {1});
  EXPECT_THROW(run1("ScatterND", {&d, &tuples, &upd}, DType::F32, {3, 4}),
               Error);
  Tensor updE = makeTensor(DType::F32, {3, 1}, {1, 2, 3});
  EXPECT_THROW(
      run1("ScatterElements", {&d, &idx2, &updE}, DType::F32, {3, 4}, axis1),
      Error);
}

TEST(DataMovementGather, ElementsAndND) {
  Tensor d = makeTensor(DType::I64, {2, 3}, iota(6, 1));
  Tensor idx = makeTensor(DType::I64, {2, 2}, {-1, 0, 2, 1});
  // y[i][j] = d[i][idx[i][j]]: [[3, 1], [6, 5]]
  EXPECT_EQ(values(run1("GatherElements", {&d, &idx}, DType::I64, {2, 2},
                        attrs({{"axis", intAttr(1)}}))),
            (std::vector<double>{3, 1, 6, 5}));
  // batch_dims 1: y[b] = data[b][idx[b]]; data 2x2x2 = 0..7.
  Tensor data = makeTensor(DType::F32, {2, 2, 2}, iota(8));
  Tensor tuples = makeTensor(DType::I64, {2, 1, 1}, {1, 0});
  EXPECT_EQ(values(run1("GatherND", {&data, &tuples}, DType::F32, {2, 1, 2},
                        attrs({{"batch_dims", intAttr(1)}}))),
            (std::vector<double>{2, 3, 4, 5}));
}

TEST(DataMovementScatter, NDWithReductionAdd) {
  Tensor data = makeTensor(DType::F32, {8}, iota(8));
  Tensor idx = makeTensor(DType::I64, {4, 1}, {4, 3, 1, -1});
  Tensor upd = makeTensor(DType::F32, {4}, {9, 10, 11, 12});
  Tensor y = run1("ScatterND", {&data, &idx, &upd}, DType::F32, {8},
                  attrs({{"reduction", stringAttr("add")}}));
  EXPECT_EQ(values(y), (std::vector<double>{0, 12, 2, 13, 13, 5, 6, 19}));
  // Duplicates accumulate.
  Tensor dup = makeTensor(DType::I64, {2, 1}, {2, 2});
  Tensor two = makeTensor(DType::F32, {2}, {1, 5});
  EXPECT_EQ(values(run1("ScatterND", {&data, &dup, &two}, DType::F32, {8},
                        attrs({{"reduction", stringAttr("mul")}})))[2],
            10);
  EXPECT_THROW(run1("ScatterND", {&data, &dup, &two}, DType::F32, {8},
                    attrs({{"reduction", stringAttr("avg")}})),
               Error);
}

TEST(DataMovementScatter, ElementsAlongAxis1) {
  Tensor data = makeTensor(DType::I32, {2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor idx = makeTensor(DType::I64, {2, 2}, {2, -3, 0, 0});
  Tensor upd = makeTensor(DType::I32, {2, 2}, {7, 8, 9, 10});
  EXPECT_EQ(values(run1("ScatterElements", {&data, &idx, &upd}, DType::I32,
                        {2, 3}, attrs({{"axis", intAttr(1)}}))),
            (std::vector<double>{8, 2, 7, 10, 5, 6}));
  EXPECT_EQ(
      values(run1(
          "ScatterElements", {&data, &idx, &upd}, DType::I32, {2, 3},
          attrs({{"axis", intAttr(1)}, {"reduction", stringAttr("max")}}))),
      (std::vector<double>{8, 2, 7, 10, 5, 6}));
}

TEST(DataMovementConcatSplit, InnerAxes) {
  Tensor a = makeTensor(DType::F64, {2, 3, 2}, iota(12));
  Tensor b = makeTensor(DType::F64, {2, 1, 2}, iota(4, 100));
  Tensor c = makeTensor(DType::F64, {2, 2, 2}, iota(8, 200));
  Tensor none(DType::F64, {2, 0, 2});
  Tensor y = run1("Concat", {&a, &b, &none, &c}, DType::F64, {2, 6, 2},
                  attrs({{"axis", intAttr(-2)}}));
  // numpy: np.concatenate([a, b, c], 1)
  EXPECT_EQ(values(y), (std::vector<double>{
                           0, 1, 2, 3, 4,  5,  100, 101, 200, 201, 202, 203,
                           6, 7, 8, 9, 10, 11, 102, 103, 204, 205, 206, 207}));
  EXPECT_THROW(run1("Concat", {&a, &b}, DType::F64, {2, 5, 2},
                    attrs({{"axis", intAttr(1)}})),
               Error);
  EXPECT_THROW(run1("Concat", {&a, &b}, DType::F64, {2, 4, 2},
                    attrs({{"axis", intAttr(2)}})),
               Error);

  Tensor s = makeTensor(DType::I8, {2, 2, 5}, iota(20));
  Tensor sizes = i64s({1, 3, 1});
  auto parts = runKernel("Split", {&s, &sizes},
                         {OutputSpec{DType::I8, {2, 2, 1}},
                          OutputSpec{DType::I8, {2, 2, 3}},
                          OutputSpec{DType::I8, {2, 2, 1}}},
                         attrs({{"axis", intAttr(2)}}));
  // numpy: np.split(np.arange(20).reshape(2, 2, 5), [1, 4], 2)
  EXPECT_EQ(values(parts[0]), (std::vector<double>{0, 5, 10, 15}));
  EXPECT_EQ(values(parts[1]),
            (std::vector<double>{1, 2, 3, 6, 7, 8, 11, 12, 13, 16, 17, 18}));
  EXPECT_EQ(values(parts[2]), (std::vector<double>{4, 9, 14, 19}));
  // Without a split input the part sizes are the allocated outputs'.
  auto halves = runKernel(
      "Split", {&s},
      {OutputSpec{DType::I8, {2, 1, 5}}, OutputSpec{DType::I8, {2, 1, 5}}},
      attrs({{"axis", intAttr(1)}}));
  EXPECT_EQ(values(halves[1])[0], 5);
  EXPECT_THROW(runKernel("Split", {&s, &sizes},
                         {OutputSpec{DType::I8, {2, 2, 2}},
                          OutputSpec{DType::I8, {2, 2, 2}},
                          OutputSpec{DType::I8, {2, 2, 1}}},
                         attrs({{"axis", intAttr(2)}})),
               Error);
}

TEST(DataMovementPad, ReflectEdgeWrapConstant) {
  Tensor p = makeTensor(DType::F32, {2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor pads = i64s({1, 2, 0, 2});
  // numpy: np.pad(p, ((1, 0), (2, 2)), mode=...)
  EXPECT_EQ(values(run1("Pad", {&p, &pads}, DType::F32, {3, 7},
                        attrs({{"mode", stringAttr("reflect")}}))),
            (std::vector<double>{6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2,
                                 3, 2, 1, 6, 5, 4, 5, 6, 5, 4}));
  EXPECT_EQ(values(run1("Pad", {&p, &pads}, DType::F32, {3, 7},
                        attrs({{"mode", stringAttr("edge")}}))),
            (std::vector<double>{1, 1, 1, 2, 3, 3, 3, 1, 1, 1, 2,
                                 3, 3, 3, 4, 4, 4, 5, 6, 6, 6}));
  EXPECT_EQ(values(run1("Pad", {&p, &pads}, DType::F32, {3, 7},
                        attrs({{"mode", stringAttr("wrap")}}))),
            (std::vector<double>{5, 6, 4, 5, 6, 4, 5, 2, 3, 1, 2,
                                 3, 1, 2, 5, 6, 4, 5, 6, 4, 5}));
  // A negative pad crops: drop column 0, add a row of 9s at the bottom.
  Tensor crop = i64s({0, -1, 1, 0});
  Tensor nine = makeTensor(DType::F32, {}, {9});
  EXPECT_EQ(values(run1("Pad", {&p, &crop, &nine}, DType::F32, {3, 2})),
            (std::vector<double>{2, 3, 5, 6, 9, 9}));
  // Reflect turns at the cropped border: [2, 3] padded by 2 on the left.
  Tensor cropReflect = i64s({0, 2, 0, -1});
  EXPECT_EQ(values(run1("Pad", {&p, &cropReflect}, DType::F32, {2, 4},
                        attrs({{"mode", stringAttr("reflect")}}))),
            (std::vector<double>{1, 2, 1, 2, 4, 5, 4, 5}));
  EXPECT_THROW(run1("Pad", {&p, &pads}, DType::F32, {3, 6}), Error);
}

TEST(DataMovementShape, ExpandTileAndShapeOps) {
  Tensor x = makeTensor(DType::BF16, {2, 1}, {1, 2});
  Tensor shape = i64s({2, 1, 3});
  EXPECT_EQ(values(run1("Expand", {&x, &shape}, DType::BF16, {2, 2, 3})),
            (std::vector<double>{1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2}));
  Tensor clash = i64s({3, 3});
  EXPECT_THROW(run1("Expand", {&x, &clash}, DType::BF16, {3, 3}), Error);
  Tensor reps = i64s({2, 3});
  EXPECT_EQ(values(run1("Tile", {&x, &reps}, DType::BF16, {4, 3})),
            (std::vector<double>{1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2}));
  EXPECT_THROW(run1("Tile", {&x, &reps}, DType::BF16, {4, 2}), Error);

  Tensor t(DType::U8, {2, 3, 5, 7});
  EXPECT_EQ(values(run1("Shape", {&t}, DType::I64, {2},
                        attrs({{"start", intAttr(1)}, {"end", intAttr(-1)}}))),
            (std::vector<double>{3, 5}));
  EXPECT_EQ(values(run1("Shape", {&t}, DType::I64, {4})),
            (std::vector<double>{2, 3, 5, 7}));
  EXPECT_THROW(run1("Shape", {&t}, DType::I64, {3}), Error);
  EXPECT_EQ(values(run1("Size", {&t}, DType::I64, {})),
            (std::vector<double>{210}));

  Tensor dims = i64s({2, 2});
  Attrs value;
  AttrValue v;
  v.kind = AttrValue::Kind::Tensor;
  v.tensor = std::make_shared<Tensor>(makeTensor(DType::I32, {1}, {-7}));
  value.set("value", v);
  EXPECT_EQ(values(run1("ConstantOfShape", {&dims}, DType::I32, {2, 2}, value)),
            (std::vector<double>{-7, -7, -7, -7}));
  EXPECT_EQ(values(run1("ConstantOfShape", {&dims}, DType::F32, {2, 2})),
            (std::vector<double>{0, 0, 0, 0}));
  EXPECT_THROW(run1("ConstantOfShape", {&dims}, DType::I32, {4}, value), Error);

  Tensor start = makeTensor(DType::F32, {}, {1}),
         limit = makeTensor(DType::F32, {}, {2.2}),
         delta = makeTensor(DType::F32, {}, {0.5});
  expectNear(values(run1("Range", {&start, &limit, &delta}, DType::F32, {3})),
             {1, 1.5, 2});
  Tensor s = makeTensor(DType::I32, {}, {10}),
         l = makeTensor(DType::I32, {}, {3}),
         d = makeTensor(DType::I32, {}, {-3});
  EXPECT_EQ(values(run1("Range", {&s, &l, &d}, DType::I32, {3})),
            (std::vector<double>{10, 7, 4}));
  EXPECT_THROW(run1("Range", {&s, &l, &d}, DType::I32, {2}), Error);
}

TEST(DataMovementTrilu, UpperAndLowerWithK) {
  Tensor x = makeTensor(DType::I32, {3, 4}, iota(12, 1));
  Tensor k1 = makeTensor(DType::I64, {}, {1});
  Tensor km1 = makeTensor(DType::I64, {}, {-1});
  // numpy: np.triu(x, 1), np.tril(x, -1)
  EXPECT_EQ(values(run1("Trilu", {&x, &k1}, DType::I32, {3, 4})),
            (std::vector<double>{0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12}));
  EXPECT_EQ(values(run1("Trilu", {&x, &km1}, DType::I32, {3, 4},
                        attrs({{"upper", intAttr(0)}}))),
            (std::vector<double>{0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0}));
  // A k beyond the matrix keeps everything (lower) or nothing (upper).
  Tensor huge = makeTensor(DType::I64, {}, {0});
  huge.data<int64_t>()[0] = INT64_MAX;
  EXPECT_EQ(values(run1("Trilu", {&x, &huge}, DType::I32, {3, 4},
                        attrs({{"upper", intAttr(0)}}))),
            values(x));
  EXPECT_EQ(values(run1("Trilu", {&x, &huge}, DType::I32, {3, 4})),
            std::vector<double>(12, 0));
}

TEST(DataMovementDepthToSpace, BothModesAndInverse) {
  Tensor x = makeTensor(DType::F32, {1, 8, 1, 2}, iota(16));
  // numpy: DCR = x.reshape(1, 2, 2, 2, 1, 2).transpose(0, 3, 4, 1, 5, 2),
  //        CRD = x.reshape(1, 2, 2, 2, 1, 2).transpose(0, 1, 4, 2, 5, 3).
  Tensor dcr = run1("DepthToSpace", {&x}, DType::F32, {1, 2, 2, 4},
                    attrs({{"blocksize", intAttr(2)}}));
  EXPECT_EQ(values(dcr), (std::vector<double>{0, 4, 1, 5, 8, 12, 9, 13, 2, 6, 3,
                                              7, 10, 14, 11, 15}));
  Tensor crd =
      run1("DepthToSpace", {&x}, DType::F32, {1, 2, 2, 4},
           attrs({{"blocksize", intAttr(2)}, {"mode", stringAttr("CRD")}}));
  EXPECT_EQ(values(crd), (std::vector<double>{0, 2, 1, 3, 4, 6, 5, 7, 8, 10, 9,
                                              11, 12, 14, 13, 15}));
  // SpaceToDepth undoes DCR.
  EXPECT_EQ(values(run1("SpaceToDepth", {&dcr}, DType::F32, {1, 8, 1, 2},
                        attrs({{"blocksize", intAttr(2)}}))),
            iota(16));
  EXPECT_THROW(run1("DepthToSpace", {&x}, DType::F32, {1, 2, 2, 4},
                    attrs({{"blocksize", intAttr(3)}})),
               Error);
}

TEST(DataMovementResize, NearestAndLinear) {
  // ONNX reference (interpolate_nd) values.
  Tensor im = makeTensor(DType::F32, {1, 1, 2, 2}, {1, 2, 3, 4});
  Tensor scales = makeTensor(DType::F32, {4}, {1, 1, 2, 3});
  uint64_t flops = 1;
  Tensor up = run1("Resize", {&im, nullptr, &scales}, DType::F32, {1, 1, 4, 6},
                   Attrs(), &flops);
  EXPECT_EQ(values(up),
            (std::vector<double>{1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2,
                                 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4}));
  EXPECT_EQ(flops, 0u);

  Tensor im2 = makeTensor(DType::F32, {1, 1, 2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor sizes = i64s({1, 1, 3, 4});
  Tensor halfPixel =
      run1("Resize", {&im2, nullptr, nullptr, &sizes}, DType::F32, {1, 1, 3, 4},
           attrs({{"mode", stringAttr("linear")}}), &flops);
  expectNear(values(halfPixel),
             {1, 1.625, 2.375, 3, 2.5, 3.125, 3.875, 4.5, 4, 4.625, 5.375, 6});
  // 3 flops per output element for each of the 2 interpolated dims.
  EXPECT_EQ(flops, 3u * 12 * 2);
  Tensor corners = run1(
      "Resize", {&im2, nullptr, nullptr, &sizes}, DType::F32, {1, 1, 3, 4},
      attrs({{"mode", stringAttr("linear")},
             {"coordinate_transformation_mode", stringAttr("align_corners")}}));
  expectNear(values(corners), {1, 5.0 / 3, 7.0 / 3, 3, 2.5, 19.0 / 6, 23.0 / 6,
                               4.5, 4, 14.0 / 3, 16.0 / 3, 6});
  // The allocated shape must be floor(input * scale).
  EXPECT_THROW(
      run1("Resize", {&im, nullptr, &scales}, DType::F32, {1, 1, 4, 5}), Error);
  EXPECT_THROW(
      run1("Resize", {&im, nullptr, &scales, &sizes}, DType::F32, {1, 1, 4, 6}),
      Error);
}

TEST(DataMovementEinsum, MatmulTransposeTraceEllipsisOuter) {
  Tensor a = makeTensor(DType::F32, {2, 3}, iota(6));
  Tensor b = makeTensor(DType::F32, {3, 4},
                        {0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5});
  uint64_t flops = 0;
  // numpy: a @ b
  EXPECT_EQ(
      values(run1("Einsum", {&a, &b}, DType::F32, {2, 4},
                  attrs({{"equation", stringAttr("ij,jk->ik")}}), &flops)),
      (std::vector<double>{10, 11.5, 13, 14.5, 28, 34, 40, 46}));
  EXPECT_EQ(flops, 2u * 2 * 4 * 3);
  EXPECT_EQ(values(run1("Einsum", {&a}, DType::F32, {3, 2},
                        attrs({{"equation", stringAttr("ij->ji")}}), &flops)),
            (std::vector<double>{0, 3, 1, 4, 2, 5}));
  EXPECT_EQ(flops, 0u);
  // Implicit output: "ji" keeps the labels in alphabetical order: a^T.
  EXPECT_EQ(values(run1("Einsum", {&a}, DType::F32, {3, 2},
                        attrs({{"equation", stringAttr("ji")}}))),
            (std::vector<double>{0, 3, 1, 4, 2, 5}));
  Tensor m = makeTensor(DType::I64, {3, 3}, iota(9));
  EXPECT_EQ(values(run1("Einsum", {&m}, DType::I64, {},
                        attrs({{"equation", stringAttr("ii")}}))),
            (std::vector<double>{12}));
  EXPECT_EQ(values(run1("Einsum", {&m}, DType::I64, {3},
                        attrs({{"equation", stringAttr("ii->i")}}))),
            (std::vector<double>{0, 4, 8}));
  // numpy: np.einsum('...ij,...jk->...ik', e, f) with e 2x2x2x3, f 2x3x2.
  Tensor e = makeTensor(DType::F64, {2, 2, 2, 3}, iota(24));
  Tensor f = makeTensor(DType::F64, {2, 3, 2}, iota(12));
  EXPECT_EQ(
      values(run1("Einsum", {&e, &f}, DType::F64, {2, 2, 2, 2},
                  attrs({{"equation", stringAttr("...ij, ...jk -> ...ik")}}))),
      (std::vector<double>{10, 13, 28, 40, 172, 193, 244, 274, 82, 121, 100,
                           148, 460, 517, 532, 598}));
  Tensor u = makeTensor(DType::I32, {3}, {1, 2, 3});
  Tensor v = makeTensor(DType::I32, {2}, {4, 5});
  EXPECT_EQ(values(run1("Einsum", {&u, &v}, DType::I32, {3, 2},
                        attrs({{"equation", stringAttr("i,j")}}))),
            (std::vector<double>{4, 5, 8, 10, 12, 15}));
  EXPECT_THROW(run1("Einsum", {&u, &v}, DType::I32, {2, 3},
                    attrs({{"equation", stringAttr("i,j")}})),
               Error);
  EXPECT_THROW(run1("Einsum", {&a, &a}, DType::F32, {2, 2},
                    attrs({{"equation", stringAttr("ij,jk->ik")}})),
               Error);
}

TEST(DataMovementEinsum, LargeContractionsUseGemmAndMatchLoops) {
  // Big enough for the BLAS path. "bkm,bnk" reads both operands transposed
  // in place; "kbm,nbk" needs both permuted first; both write "bnm", which
  // is C permuted.
  const int64_t nb = 3, m = 37, n = 29, k = 41;
  for (bool permuted : {false, true}) {
    SCOPED_TRACE(permuted ? "permuted operands" : "transposed operands");
    Shape aShape = permuted ? Shape{k, nb, m} : Shape{nb, k, m};
    Shape bShape = permuted ? Shape{n, nb, k} : Shape{nb, n, k};
    auto aAt = [&](int64_t bi, int64_t ki, int64_t mi) {
      return permuted ? (ki * nb + bi) * m + mi : (bi * k + ki) * m + mi;
    };
    auto bAt = [&](int64_t bi, int64_t ni, int64_t ki) {
      return permuted ? (ni * nb + bi) * k + ki : (bi * n + ni) * k + ki;
    };
    Tensor a(DType::F32, aShape), b(DType::F32, bShape);
    for (int64_t i = 0; i < a.numel(); ++i)
      a.data<float>()[i] = static_cast<float>((i * 7) % 13) - 6;
    for (int64_t i = 0; i < b.numel(); ++i)
      b.data<float>()[i] = static_cast<float>((i * 5) % 11) - 5;
    uint64_t flops = 0;
    Tensor y =
        run1("Einsum", {&a, &b}, DType::F32, {nb, n, m},
             attrs({{"equation",
                     stringAttr(permuted ? "kbm,nbk->bnm" : "bkm,bnk->bnm")}}),
             &flops);
    EXPECT_EQ(flops, 2u * nb * m * n * k);
    double worst = 0;
    for (int64_t bi = 0; bi < nb; ++bi)
      for (int64_t ni = 0; ni < n; ++ni)
        for (int64_t mi = 0; mi < m; ++mi) {
          double want = 0;
          for (int64_t ki = 0; ki < k; ++ki)
            want += a.data<float>()[aAt(bi, ki, mi)] *
                    b.data<float>()[bAt(bi, ni, ki)];
          worst = std::max(
              worst, std::fabs(y.data<float>()[(bi * n + ni) * m + mi] - want));
        }
    EXPECT_EQ(worst, 0); // small integers: exact in float either way
  }
}

TEST(DataMovementOneHot, NegativeIndexAndAxis) {
  Tensor idx = makeTensor(DType::I64, {3}, {1, -1, 5});
  Tensor depth = makeTensor(DType::F32, {}, {3});
  Tensor vals = makeTensor(DType::F32, {2}, {2, 7});
  // -1 wraps to depth - 1; 5 is outside [-3, 3) and, as ONNX defines, gives
  // an all-off row.
  EXPECT_EQ(values(run1("OneHot", {&idx, &depth, &vals}, DType::F32, {3, 3})),
            (std::vector<double>{2, 7, 2, 2, 2, 7, 2, 2, 2}));
  EXPECT_EQ(values(run1("OneHot", {&idx, &depth, &vals}, DType::F32, {3, 3},
                        attrs({{"axis", intAttr(0)}}))),
            (std::vector<double>{2, 2, 2, 7, 2, 2, 2, 7, 2}));
  EXPECT_THROW(run1("OneHot", {&idx, &depth, &vals}, DType::F32, {3, 4}),
               Error);
}

TEST(DataMovementTypes, CopiesCheckElementTypes) {
  // Byte copies would overrun if the output type were wider than the input.
  Tensor x = makeTensor(DType::I8, {4}, iota(4));
  Tensor shape = i64s({2, 2});
  EXPECT_THROW(run1("Reshape", {&x, &shape}, DType::I32, {2, 2}), Error);
  EXPECT_THROW(run1("Transpose", {&x}, DType::F16, {4}), Error);
  Tensor floatIdx = makeTensor(DType::F32, {1}, {0});
  EXPECT_THROW(run1("Gather", {&x, &floatIdx}, DType::I8, {1}), Error);
}

TEST(DataMovementTypes, EmptyTensors) {
  // Zero-sized dims must not reach the index arithmetic (divisions by a dim,
  // strides of huge dims next to a 0).
  Tensor d = makeTensor(DType::F32, {2, 3}, iota(6));
  Tensor noIdx(DType::I64, {2, 0});
  Tensor noUpd(DType::F32, {2, 0});
  EXPECT_EQ(
      values(run1("ScatterElements", {&d, &noIdx, &noUpd}, DType::F32, {2, 3})),
      iota(6));
  EXPECT_EQ(run1("Gather", {&d, &noIdx}, DType::F32, {2, 0, 3}).numel(), 0);
  Tensor a(DType::F32, {2, 0}), b(DType::F32, {0, 3});
  EXPECT_EQ(values(run1("Einsum", {&a, &b}, DType::F32, {2, 3},
                        attrs({{"equation", stringAttr("ij,jk->ik")}}))),
            std::vector<double>(6, 0));
  Tensor huge(DType::I8, {0, 1LL << 40, 1LL << 40});
  EXPECT_EQ(run1("Transpose", {&huge}, DType::I8, {0, 1LL << 40, 1LL << 40},
                 attrs({{"perm", intsAttr({0, 2, 1})}}))
                .numel(),
            0);
  Tensor pads = i64s({0, 1, 0, 1});
  EXPECT_EQ(values(run1("Pad", {&a, &pads}, DType::F32, {2, 2})),
            std::vector<double>(4, 0));
  EXPECT_THROW(run1("Pad", {&a, &pads}, DType::F32, {2, 2},
                    attrs({{"mode", stringAttr("edge")}})),
               Error);
}
