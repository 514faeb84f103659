//===- PimArithmetic.cpp - the arithmetic of the DIMM-PIM units
//------------===//
//
// Compiled with -ffp-contract=off: the order and rounding of every
// operation is the specification.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/PimArithmetic.h"

#include "kiln/rt/DType.h"

#include <cmath>
#include <limits>

namespace kiln::rt::pim {

namespace {
// Every fp16 value as f32 (the same values halfToFloat gives): the units'
// inner loops convert each operand, a table lookup is much faster.
const float *halfTable() {
  static const std::vector<float> table = [] {
    std::vector<float> t(65536);
    for (uint32_t h = 0; h < 65536; ++h)
      t[h] = halfToFloat(static_cast<uint16_t>(h));
    return t;
  }();
  return table.data();
}
} // namespace

float bankDot(float acc, const uint16_t *q, const uint16_t *k, unsigned n) {
  const float *f = halfTable();
  for (unsigned i = 0; i < n; ++i)
    acc += f[q[i]] * f[k[i]];
  return acc;
}

void bankAxpy(float *acc, uint16_t p, const uint16_t *v, unsigned n) {
  const float *f = halfTable();
  float pf = f[p];
  for (unsigned i = 0; i < n; ++i)
    acc[i] += pf * f[v[i]];
}

float rankExp(float x) {
  return static_cast<float>(std::exp(static_cast<double>(x)));
}

float chunkSoftmax(const float *scores, unsigned count, float scale, float *p,
                   uint16_t *pHalf, float &sum) {
  float m = -std::numeric_limits<float>::infinity();
  for (unsigned t = 0; t < count; ++t)
    m = std::max(m, scores[t] * scale);
  sum = 0;
  for (unsigned t = 0; t < count; ++t) {
    p[t] = rankExp(scores[t] * scale - m);
    sum += p[t];
    pHalf[t] = floatToHalf(p[t]);
  }
  return m;
}

void mergePartial(ChunkPartial &a, const ChunkPartial &b) {
  if (b.empty)
    return;
  if (a.empty) {
    a = b;
    return;
  }
  float m = std::max(a.m, b.m);
  float alpha = rankExp(a.m - m), beta = rankExp(b.m - m);
  a.l = a.l * alpha + b.l * beta;
  for (size_t i = 0; i < a.o.size(); ++i)
    a.o[i] = a.o[i] * alpha + b.o[i] * beta;
  a.m = m;
}

void finishPartial(const ChunkPartial &a, float *out) {
  for (size_t i = 0; i < a.o.size(); ++i)
    out[i] = a.empty ? 0.0f : a.o[i] / a.l;
}

void decodeAttentionHead(const uint16_t *q, const uint16_t *keys,
                         const uint16_t *values, unsigned len, unsigned d,
                         unsigned stride, float scale, unsigned chunk,
                         float *out, unsigned spread) {
  ChunkPartial total;
  total.o.assign(d, 0.0f);
  std::vector<float> scores(chunk), p(chunk);
  std::vector<uint16_t> pHalf(chunk);
  const unsigned chunks = (len + chunk - 1) / chunk;
  for (unsigned rank = 0; rank < spread; ++rank) {
    ChunkPartial rankPartial;
    rankPartial.o.assign(d, 0.0f);
    for (unsigned j = rank; j < chunks; j += spread) {
      unsigned start = j * chunk;
      unsigned count = std::min(chunk, len - start);
      for (unsigned t = 0; t < count; ++t)
        scores[t] = bankDot(0.0f, q, keys + size_t(start + t) * stride, d);
      ChunkPartial part;
      part.empty = false;
      part.o.assign(d, 0.0f);
      part.m = chunkSoftmax(scores.data(), count, scale, p.data(), pHalf.data(),
                            part.l);
      for (unsigned t = 0; t < count; ++t)
        bankAxpy(part.o.data(), pHalf[t], values + size_t(start + t) * stride,
                 d);
      mergePartial(rankPartial, part);
    }
    mergePartial(total, rankPartial);
  }
  finishPartial(total, out);
}

} // namespace kiln::rt::pim
