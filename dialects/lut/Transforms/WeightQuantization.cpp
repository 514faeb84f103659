//===- WeightQuantization.cpp - low-bit weight quantizers and packing
//------===//

#include "WeightQuantization.h"

#include "kiln/rt/LutIsa.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace kiln::lut {

float roundHalfEven(float x) { return std::nearbyint(x); }

namespace {

float clampf(float x, float lo, float hi) {
  return std::min(std::max(x, lo), hi);
}

QuantizedWeights emptyResult(int64_t kdim, int64_t n, unsigned bits,
                             int64_t group, bool ternary) {
  QuantizedWeights q;
  q.kdim = kdim;
  q.n = n;
  q.group = group;
  q.bits = bits;
  q.ternary = ternary;
  q.codes.assign(static_cast<size_t>(kdim * n), 0);
  q.scales.assign(static_cast<size_t>(kdim / group * n), 1.0f);
  q.zeros.assign(static_cast<size_t>(kdim / group * n), 0.0f);
  return q;
}

} // namespace

QuantizedWeights quantizeSign(const float *w, int64_t kdim, int64_t n,
                              int64_t group) {
  QuantizedWeights q = emptyResult(kdim, n, 1, group, false);
  for (int64_t g = 0; g < kdim / group; ++g) {
    for (int64_t c = 0; c < n; ++c) {
      float sum = 0.0f;
      for (int64_t k = g * group; k < (g + 1) * group; ++k)
        sum += std::fabs(w[k * n + c]);
      float mean = sum / static_cast<float>(group);
      if (!(mean > 0.0f)) { // an all-zero group: code 0 with zero point 0
        q.scales[g * n + c] = 1.0f;
        q.zeros[g * n + c] = 0.0f;
        continue;
      }
      q.scales[g * n + c] = 2.0f * mean;
      q.zeros[g * n + c] = 0.5f;
      for (int64_t k = g * group; k < (g + 1) * group; ++k)
        q.codes[k * n + c] = w[k * n + c] >= 0.0f ? 1 : 0;
    }
  }
  return q;
}

QuantizedWeights quantizeRoundToNearest(const float *w, int64_t kdim, int64_t n,
                                        unsigned bits, int64_t group) {
  if (bits == 1)
    return quantizeSign(w, kdim, n, group);
  QuantizedWeights q = emptyResult(kdim, n, bits, group, false);
  const float qmax = static_cast<float>((1u << bits) - 1);
  for (int64_t g = 0; g < kdim / group; ++g) {
    for (int64_t c = 0; c < n; ++c) {
      float lo = w[g * group * n + c], hi = lo;
      for (int64_t k = g * group; k < (g + 1) * group; ++k) {
        lo = std::min(lo, w[k * n + c]);
        hi = std::max(hi, w[k * n + c]);
      }
      float s = (hi - lo) / qmax;
      if (!(s > 0.0f)) // constant group: one step of |value| represents it
        s = hi != 0.0f ? std::fabs(hi) : 1.0f;
      float z = clampf(roundHalfEven(-lo / s), 0.0f, qmax);
      q.scales[g * n + c] = s;
      q.zeros[g * n + c] = z;
      for (int64_t k = g * group; k < (g + 1) * group; ++k)
        q.codes[k * n + c] = static_cast<uint8_t>(
            clampf(roundHalfEven(w[k * n + c] / s) + z, 0.0f, qmax));
    }
  }
  return q;
}

QuantizedWeights quantizeTernary(const float *w, int64_t kdim, int64_t n,
                                 int64_t group) {
  QuantizedWeights q = emptyResult(kdim, n, 2, group, true);
  for (int64_t g = 0; g < kdim / group; ++g) {
    for (int64_t c = 0; c < n; ++c) {
      float sum = 0.0f;
      for (int64_t k = g * group; k < (g + 1) * group; ++k)
        sum += std::fabs(w[k * n + c]);
      float s = sum / static_cast<float>(group);
      if (!(s > 0.0f))
        s = 1.0f;
      q.scales[g * n + c] = s;
      q.zeros[g * n + c] = 1.0f;
      for (int64_t k = g * group; k < (g + 1) * group; ++k)
        q.codes[k * n + c] = static_cast<uint8_t>(
            clampf(roundHalfEven(w[k * n + c] / s), -1.0f, 1.0f) + 1.0f);
    }
  }
  return q;
}

std::vector<float> dequantize(const QuantizedWeights &q) {
  std::vector<float> w(q.codes.size());
  for (int64_t k = 0; k < q.kdim; ++k)
    for (int64_t c = 0; c < q.n; ++c) {
      int64_t gi = k / q.group * q.n + c;
      w[k * q.n + c] = q.scales[gi] *
                       (static_cast<float>(q.codes[k * q.n + c]) - q.zeros[gi]);
    }
  return w;
}

int64_t effectiveGroupSize(int64_t kdim, int64_t requested, unsigned k) {
  if (kdim <= 0 || k == 0 || kdim % k != 0)
    return 0;
  if (kdim <= requested)
    return kdim;
  for (int64_t g = requested - requested % k; g >= k; g -= k)
    if (kdim % g == 0)
      return g;
  return 0;
}

std::vector<uint8_t> packBitPlanes(const QuantizedWeights &q, unsigned k,
                                   int64_t nPadded) {
  const uint64_t rowBytes = rt::lut::packedPlaneRowBytes(nPadded, k);
  const int64_t groups = q.kdim / k;
  std::vector<uint8_t> out(groups * q.bits * rowBytes, 0);
  for (int64_t j = 0; j < groups; ++j)
    for (unsigned plane = 0; plane < q.bits; ++plane) {
      uint8_t *row = out.data() + (j * q.bits + plane) * rowBytes;
      for (int64_t c = 0; c < nPadded; ++c) {
        unsigned idx = 0;
        if (c < q.n)
          for (unsigned t = 0; t < k; ++t)
            idx |= ((q.codes[(j * k + t) * q.n + c] >> plane) & 1u) << t;
        rt::lut::writeIndex(row, c, k, idx);
      }
    }
  return out;
}

std::vector<float> epilogueConstants(const QuantizedWeights &q,
                                     int64_t nPadded) {
  const int64_t groups = q.kdim / q.group;
  std::vector<float> out(groups * nPadded * 2, 0.0f);
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t c = 0; c < q.n; ++c) {
      out[(g * nPadded + c) * 2] = q.scales[g * q.n + c];
      out[(g * nPadded + c) * 2 + 1] =
          rt::lut::zeroCorrection(q.bits, q.zeros[g * q.n + c]);
    }
  return out;
}

std::string validate(const QuantizedWeights &q) {
  std::ostringstream os;
  if (q.bits < 1 || q.bits > 4)
    os << "bits must be 1..4, got " << q.bits;
  else if (q.group <= 0 || q.kdim % q.group != 0)
    os << "group size " << q.group << " does not divide " << q.kdim;
  else if (q.codes.size() != static_cast<size_t>(q.kdim * q.n) ||
           q.scales.size() != static_cast<size_t>(q.kdim / q.group * q.n) ||
           q.zeros.size() != q.scales.size())
    os << "codes/scales/zeros sizes do not match " << q.kdim << "x" << q.n;
  if (!os.str().empty())
    return os.str();
  const unsigned limit = 1u << q.bits;
  for (size_t i = 0; i < q.codes.size(); ++i)
    if (q.codes[i] >= limit) {
      os << "code " << unsigned(q.codes[i]) << " at [" << i / q.n << ", "
         << i % q.n << "] does not fit in " << q.bits << " bits";
      return os.str();
    }
  for (size_t i = 0; i < q.scales.size(); ++i) {
    float s = q.scales[i], z = q.zeros[i];
    if (!std::isfinite(s) || s <= 0.0f) {
      os << "scale " << s << " of group " << i / q.n << ", column " << i % q.n
         << " is not finite and positive";
      return os.str();
    }
    // zc = 2^b - 1 - 2z must be an integer: z is a multiple of 1/2.
    if (2.0f * z != std::floor(2.0f * z) || z < 0.0f ||
        z > static_cast<float>(limit - 1)) {
      os << "zero point " << z << " of group " << i / q.n << ", column "
         << i % q.n << " is not a multiple of 1/2 in [0, " << limit - 1 << "]";
      return os.str();
    }
  }
  return "";
}

} // namespace kiln::lut
