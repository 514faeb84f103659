//===- LutErrorBound.cpp - error bound of the f16 table path
//---------------===//
//
// docs/isa/lut-tc.md, "Error bound", term by term. u_h = 2^-11 and
// u_s = 2^-24 are the unit roundoffs of binary16 and binary32, e_h = 2^-25
// and e_s = 2^-150 the absolute rounding errors in their subnormal ranges,
// u_d = 2^-53, gamma_s(n) = n u_s / (1 - n u_s) (recursive summation of
// n + 1 terms in f32).
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/LutSimulator.h"

#include "kiln/rt/Error.h"

#include <cmath>
#include <limits>
#include <vector>

namespace kiln::rt::lut {

double f16ErrorBound(const F16BoundInput &in) {
  const double uh = std::ldexp(1.0, -11), eh = std::ldexp(1.0, -25);
  const double us = std::ldexp(1.0, -24), es = std::ldexp(1.0, -150);
  const double ud = std::ldexp(1.0, -53);
  const double inf = std::numeric_limits<double>::infinity();
  auto gamma = [&](double n) { return n <= 0 ? 0.0 : n * us / (1.0 - n * us); };
  const unsigned K = in.lutK, G = in.groupSize, b = in.bits;
  if (K == 0 || G == 0 || G % K || in.kdim % G || b == 0 || b > 8)
    fail("f16ErrorBound: inconsistent kdim ", in.kdim, ", G ", G, ", K ", K,
         ", bits ", b);
  const double planes = std::ldexp(1.0, b) - 1; // sum_i 2^i
  const double rho = (1 + ud) * (1 + ud) * (1 + us) - 1;
  const double gK = gamma(K - 1), gG = gamma(G - 1);
  const unsigned J = G / K, groups = in.kdim / G;
  const double gAcc = gamma(double(J) * b - 1), gOut = gamma(groups - 1.0);

  double total = 0, sumPartials = 0;
  for (unsigned g = 0; g < groups; ++g) {
    double sumAlpha = 0, sumTau = 0, sumDelta = 0, activationErr = 0;
    for (unsigned j = 0; j < J; ++j) {
      double A = 0; // bounds sum |a_t| over the K-set
      for (unsigned t = 0; t < K; ++t) {
        size_t k = size_t(g) * G + size_t(j) * K + t;
        double x = std::fabs(static_cast<double>(in.x[k]));
        if (!(x < 65520.0)) // rounds to f16 infinity (or is NaN)
          return inf;
        double alpha = x * (1 + uh) + eh; // >= |fl16(x)|
        A += alpha;
        activationErr += (uh * x + eh) * std::fabs(in.w[k]);
      }
      // Entries: K-1 f32 additions, then one rounding to f16.
      double tHat = (1 + gK) * A;
      if (tHat >= 65504.0)
        return inf;
      sumDelta += uh * tHat + gK * A + eh;
      sumTau += tHat * (1 + uh) + eh;
      sumAlpha += A;
    }
    const double s = std::fabs(static_cast<double>(in.scale[g]));
    const double zc = std::fabs(static_cast<double>(in.zc[g]));
    const double accMax = (1 + gAcc) * planes * sumTau;
    const double gaMax = (1 + gG) * sumAlpha;
    const double vMax = s / 2 * (accMax + zc * gaMax);
    // f32 accumulation of the planes, entry rounding, f32 group sum.
    const double foldErr =
        s / 2 *
        (gAcc * planes * sumTau + planes * sumDelta + zc * gG * sumAlpha);
    total += foldErr + rho * vMax + es + activationErr;
    sumPartials += vMax * (1 + rho) + es;
  }
  total += gOut * sumPartials;
  // The bound is itself evaluated in double: a relative margin covers that.
  return total * (1 + 1e-12);
}

} // namespace kiln::rt::lut
