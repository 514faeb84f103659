//===- WeightQuantization.h - low-bit weight quantizers and packing -*- C++
//-*-===//
//
// The weight side of the LUT Tensor Core flow, MLIR-free so passes, tests and
// benchmarks share it: round-to-nearest per group (asymmetric), BitNet b1.58
// absmean ternary, reinterpretation into +-1 bit planes packed in the layout
// of kiln/rt/LutIsa.h, and the epilogue constants (scale, zc).
// docs/targets/lut-tc.md states each rule; examples/lut/lutquant.py is an
// independent NumPy implementation of the same rules.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_LUT_TRANSFORMS_WEIGHTQUANTIZATION_H
#define KILN_DIALECTS_LUT_TRANSFORMS_WEIGHTQUANTIZATION_H

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::lut {

/// A [kdim, n] weight quantized per group of `group` rows per column:
/// w[k][c] ~= scales[g][c] * (codes[k][c] - zeros[g][c]), g = k / group.
struct QuantizedWeights {
  int64_t kdim = 0, n = 0, group = 0;
  unsigned bits = 0;
  bool ternary = false;
  std::vector<uint8_t> codes; // [kdim][n]
  std::vector<float> scales;  // [kdim/group][n]
  std::vector<float> zeros;   // [kdim/group][n], multiples of 1/2
};

/// Round half to even in float arithmetic (std::nearbyint in the default
/// rounding mode), the rounding NumPy's rint and ONNX Round use.
float roundHalfEven(float x);

/// RTN, asymmetric, per group: s = (max - min) / (2^b - 1), z = rint(-min/s)
/// clamped to the code range, q = clamp(rint(w/s) + z). A constant group
/// (max == min) gets s = |max| (or 1 when zero) and the z that represents it.
/// One bit uses quantizeSign: asymmetric RTN would make one of its two
/// levels zero.
QuantizedWeights quantizeRoundToNearest(const float *w, int64_t kdim, int64_t n,
                                        unsigned bits, int64_t group);

/// One-bit sign code (XNOR-Net's optimal binary scale): levels
/// +-mean|w| per group, i.e. s = 2 mean|w|, z = 1/2, q = (w >= 0). An
/// all-zero group is code 0 with s = 1, z = 0.
QuantizedWeights quantizeSign(const float *w, int64_t kdim, int64_t n,
                              int64_t group);

/// BitNet b1.58 absmean: s = mean|w| (1 when zero), q' = clamp(rint(w/s),
/// -1, 1), stored as q = q' + 1 with z = 1 and bits = 2.
QuantizedWeights quantizeTernary(const float *w, int64_t kdim, int64_t n,
                                 int64_t group);

/// w = s * (q - z) in float32, the model the accelerator computes exactly.
std::vector<float> dequantize(const QuantizedWeights &q);

/// Largest divisor of kdim that is <= requested and a multiple of k (kdim
/// itself when kdim <= requested); 0 when none exists.
int64_t effectiveGroupSize(int64_t kdim, int64_t requested, unsigned k);

/// Bit planes of q' = 2q - (2^b - 1), layout [kdim/k][bits][nPadded*k/8]
/// (kiln/rt/LutIsa.h). Padding columns hold code 0.
std::vector<uint8_t> packBitPlanes(const QuantizedWeights &q, unsigned k,
                                   int64_t nPadded);

/// Epilogue constants f32 [kdim/group][nPadded][2] = (scale, zc) with
/// zc = 2^b - 1 - 2z. Padding columns get (0, 0).
std::vector<float> epilogueConstants(const QuantizedWeights &q,
                                     int64_t nPadded);

/// Checks codes/scales/zeros for consistency (sizes, code range, finite
/// positive scales, integer zero points in range); "" when valid.
std::string validate(const QuantizedWeights &q);

} // namespace kiln::lut

#endif // KILN_DIALECTS_LUT_TRANSFORMS_WEIGHTQUANTIZATION_H
