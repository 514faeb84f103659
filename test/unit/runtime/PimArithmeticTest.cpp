//===- PimArithmeticTest.cpp - the PIM units' attention arithmetic
//---------===//
//
// Against a double-precision softmax attention over the same fp16 inputs
// (within the documented tolerance), hand-computed cases (exact), and the
// independence of the masked tail.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/PimArithmetic.h"
#include "kiln/rt/DType.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace kiln::rt;
using namespace kiln::rt::pim;

namespace {

std::vector<uint16_t> randomHalf(size_t n, std::mt19937 &rng, float lo = -1,
                                 float hi = 1) {
  std::uniform_real_distribution<float> u(lo, hi);
  std::vector<uint16_t> v(n);
  for (auto &x : v)
    x = floatToHalf(u(rng));
  return v;
}

/// softmax(q.K^T * scale) V in double over the fp16 values.
std::vector<double> reference(const uint16_t *q, const uint16_t *k,
                              const uint16_t *v, unsigned len, unsigned d,
                              double scale) {
  std::vector<double> s(len), out(d, 0.0);
  double m = -INFINITY, l = 0;
  for (unsigned t = 0; t < len; ++t) {
    double acc = 0;
    for (unsigned i = 0; i < d; ++i)
      acc += double(halfToFloat(q[i])) * halfToFloat(k[size_t(t) * d + i]);
    s[t] = acc * scale;
    m = std::max(m, s[t]);
  }
  for (unsigned t = 0; t < len; ++t) {
    double p = std::exp(s[t] - m);
    l += p;
    for (unsigned i = 0; i < d; ++i)
      out[i] += p * halfToFloat(v[size_t(t) * d + i]);
  }
  for (double &o : out)
    o /= l;
  return out;
}

TEST(PimArithmetic, MatchesDoubleAttentionWithinTolerance) {
  std::mt19937 rng(3);
  for (unsigned d : {32u, 64u, 128u})
    for (unsigned len : {1u, 5u, 63u, 64u, 65u, 1000u})
      for (unsigned chunk : {7u, 64u, 256u}) {
        SCOPED_TRACE("d=" + std::to_string(d) + " len=" + std::to_string(len) +
                     " chunk=" + std::to_string(chunk));
        auto q = randomHalf(d, rng, -2, 2);
        auto k = randomHalf(size_t(len) * d, rng, -2, 2);
        auto v = randomHalf(size_t(len) * d, rng);
        float scale = 1.0f / std::sqrt(float(d));
        std::vector<float> out(d);
        decodeAttentionHead(q.data(), k.data(), v.data(), len, d, d, scale,
                            chunk, out.data());
        std::vector<double> ref =
            reference(q.data(), k.data(), v.data(), len, d, scale);
        // The probabilities reach the bank units as fp16 (relative rounding
        // 2^-11): the documented tolerance is 2e-3 of the largest |V|.
        for (unsigned i = 0; i < d; ++i)
          EXPECT_NEAR(out[i], ref[i], 2e-3) << "element " << i;
      }
}

TEST(PimArithmetic, LongCacheOf32kTokens) {
  std::mt19937 rng(4);
  const unsigned d = 128, len = 32768;
  auto q = randomHalf(d, rng, -2, 2);
  auto k = randomHalf(size_t(len) * d, rng, -2, 2);
  auto v = randomHalf(size_t(len) * d, rng);
  std::vector<float> out(d);
  decodeAttentionHead(q.data(), k.data(), v.data(), len, d, d,
                      1.0f / std::sqrt(float(d)), 256, out.data());
  std::vector<double> ref = reference(q.data(), k.data(), v.data(), len, d,
                                      1.0 / std::sqrt(double(d)));
  for (unsigned i = 0; i < d; ++i)
    EXPECT_NEAR(out[i], ref[i], 2e-3);
}

TEST(PimArithmetic, EqualKeysAverageTheValuesExactly) {
  // Every score equal: p = exp(0) = 1 exactly, l = len, o = sum of the
  // (small-integer) values exactly, so the output is the correctly rounded
  // mean, whatever the chunking.
  const unsigned d = 8, len = 37;
  std::vector<uint16_t> q(d, floatToHalf(0.5f)), k(len * d, floatToHalf(1.0f)),
      v(len * d);
  for (unsigned t = 0; t < len; ++t)
    for (unsigned i = 0; i < d; ++i)
      v[t * d + i] = floatToHalf(float(int(t * 3 + i) % 11 - 5));
  for (unsigned chunk : {1u, 4u, 37u, 64u}) {
    std::vector<float> out(d);
    decodeAttentionHead(q.data(), k.data(), v.data(), len, d, d, 0.25f, chunk,
                        out.data());
    for (unsigned i = 0; i < d; ++i) {
      int sum = 0;
      for (unsigned t = 0; t < len; ++t)
        sum += int(t * 3 + i) % 11 - 5;
      EXPECT_EQ(out[i], float(sum) / float(len)) << "chunk " << chunk;
    }
  }
}

TEST(PimArithmetic, TokensPastTheLengthAreNeverRead) {
  std::mt19937 rng(5);
  const unsigned d = 16, len = 21, capacity = 40;
  auto q = randomHalf(d, rng);
  auto k = randomHalf(capacity * d, rng), v = randomHalf(capacity * d, rng);
  std::vector<float> a(d), b(d);
  decodeAttentionHead(q.data(), k.data(), v.data(), len, d, d, 0.3f, 8,
                      a.data());
  for (unsigned t = len; t < capacity; ++t)
    for (unsigned i = 0; i < d; ++i)
      k[t * d + i] = v[t * d + i] = 0x7E00; // NaN
  decodeAttentionHead(q.data(), k.data(), v.data(), len, d, d, 0.3f, 8,
                      b.data());
  EXPECT_EQ(a, b);
}

TEST(PimArithmetic, MergeRescalesByTheRunningMaximum) {
  // Two one-token chunks with scores 0 and log(3): weights 1/4 and 3/4.
  ChunkPartial a, b;
  a.empty = b.empty = false;
  a.m = 0;
  a.l = 1;
  a.o = {2.0f};
  b.m = std::log(3.0f);
  b.l = 1;
  b.o = {6.0f};
  mergePartial(a, b);
  float out;
  finishPartial(a, &out);
  EXPECT_NEAR(out, 0.25 * 2 + 0.75 * 6, 1e-6);
  EXPECT_FLOAT_EQ(a.m, std::log(3.0f));
}

} // namespace
