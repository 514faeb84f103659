//===- PimArithmetic.h - the arithmetic of the DIMM-PIM units ---*- C++ -*-===//
//
// The one definition of what the bank and rank processing units compute
// (docs/targets/dimm-pim.md, "Arithmetic"); the simulator's units call these
// functions, and the tests check them against independent references.
//
//  * Bank PU: fp16 x fp16 products (exact in fp32) accumulated in fp32, one
//    element after the other, in element order.
//  * Rank PU: scores scaled in fp32; per chunk the maximum, p = exp(s - m)
//    (exp in double, rounded once to fp32), l = sum of p in token order;
//    the probabilities go to the bank PUs as fp16 for S.V; chunks are
//    merged in chunk order with the online-softmax rescaling.
//
// Each rank PU merges its chunks in chunk order and the host merges the
// ranks' partials in rank order, so the result depends on the chunk length
// and the number of ranks a sequence is spread over, never on the banks or
// channels that hold the chunks.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_PIMARITHMETIC_H
#define KILN_RT_PIMARITHMETIC_H

#include <cstdint>
#include <vector>

namespace kiln::rt::pim {

/// acc + sum_i q[i] * k[i] (fp16 operands, fp32 accumulation in order).
float bankDot(float acc, const uint16_t *q, const uint16_t *k, unsigned n);
/// acc[i] += p * v[i] for i < n (fp16 operands, fp32 accumulation).
void bankAxpy(float *acc, uint16_t p, const uint16_t *v, unsigned n);
/// The rank PU's exponential: exp in double, rounded to fp32.
float rankExp(float x);

/// One chunk's softmax partial: running max, sum of exponentials and the
/// un-normalised output (headDim values).
struct ChunkPartial {
  float m = 0, l = 0;
  std::vector<float> o;
  bool empty = true;
};

/// Rank PU, after the bank PUs produced `scores` (raw q.k accumulators) of
/// a chunk's `count` valid tokens: scales them, returns the chunk maximum
/// and writes p (fp32) and its fp16 form for the S.V pass.
float chunkSoftmax(const float *scores, unsigned count, float scale, float *p,
                   uint16_t *pHalf, float &sum);
/// Merges chunk partial `b` into `a` (a is the earlier chunks).
void mergePartial(ChunkPartial &a, const ChunkPartial &b);
/// The normalised output o / l.
void finishPartial(const ChunkPartial &a, float *out);

/// The whole decode attention of one query head against one key/value head
/// by the units' arithmetic: q [d], keys/values [len][d] (row stride
/// `stride` elements), chunks of `chunk` tokens. Writes out [d].
/// With the chunks spread over `spread` ranks (chunk j on rank j % spread),
/// each rank PU merges its own chunks in order and the host merges the
/// ranks' partials in rank order.
void decodeAttentionHead(const uint16_t *q, const uint16_t *keys,
                         const uint16_t *values, unsigned len, unsigned d,
                         unsigned stride, float scale, unsigned chunk,
                         float *out, unsigned spread = 1);

} // namespace kiln::rt::pim

#endif // KILN_RT_PIMARITHMETIC_H
