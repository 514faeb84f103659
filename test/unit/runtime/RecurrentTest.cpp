//===- RecurrentTest.cpp - LSTM, GRU and RNN kernels ----------------------===//
//
// Checked against torch 1.13's nn.LSTM / nn.GRU with copied weights (numbers
// pasted where noted, inputs from pattern() on both sides) and against a
// direct per-unit implementation of the ONNX equations in double, written
// here, for the options torch does not have (peepholes, input_forget, clip,
// other activations, linear_before_reset = 0, layout 1).
//
//===----------------------------------------------------------------------===//

#include "KernelTestUtil.h"

#include <cmath>
#include <random>
#include <string>

using namespace kiln::rt;
using namespace kiln::rt::test;

namespace {

/// numpy's ((i * 37 + seed * 11) % 101 - 50) / 50.0 * scale, as float32.
std::vector<double> pattern(int64_t n, int64_t seed, double scale = 1.0) {
  std::vector<double> v(n);
  for (int64_t i = 0; i < n; ++i)
    v[i] = static_cast<float>(((i * 37 + seed * 11) % 101 - 50) / 50.0 * scale);
  return v;
}

std::vector<double> randomValues(int64_t n, std::mt19937 &rng,
                                 double scale = 1.0) {
  std::uniform_real_distribution<double> dist(-scale, scale);
  std::vector<double> v(n);
  for (double &x : v)
    x = static_cast<float>(dist(rng));
  return v;
}

AttrValue stringsAttr(std::vector<std::string> v) {
  AttrValue a;
  a.kind = AttrValue::Kind::Strings;
  a.strings = std::move(v);
  return a;
}

AttrValue floatsAttr(std::vector<double> v) {
  AttrValue a;
  a.kind = AttrValue::Kind::Floats;
  a.floats = std::move(v);
  return a;
}

void expectClose(const std::vector<double> &got,
                 const std::vector<double> &want, double tol) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_NEAR(got[i], want[i], tol) << "at " << i;
}

//===----------------------------------------------------------------------===//
// Direct reference.
//===----------------------------------------------------------------------===//

struct Act {
  std::string name;
  double alpha = 0, beta = 0;
  double operator()(double x) const {
    if (name == "Sigmoid")
      return 1 / (1 + std::exp(-x));
    if (name == "Tanh")
      return std::tanh(x);
    if (name == "Relu")
      return std::max(0.0, x);
    if (name == "Affine")
      return alpha * x + beta;
    if (name == "LeakyRelu")
      return x >= 0 ? x : alpha * x;
    if (name == "ThresholdedRelu")
      return x > alpha ? x : 0;
    if (name == "ScaledTanh")
      return alpha * std::tanh(beta * x);
    if (name == "HardSigmoid")
      return std::clamp(alpha * x + beta, 0.0, 1.0);
    if (name == "Elu")
      return x >= 0 ? x : alpha * (std::exp(x) - 1);
    if (name == "Softsign")
      return x / (1 + std::fabs(x));
    if (name == "Softplus")
      return std::log(1 + std::exp(x));
    ADD_FAILURE() << "unknown activation " << name;
    return 0;
  }
  bool takesAlpha() const {
    return name == "Affine" || name == "LeakyRelu" ||
           name == "ThresholdedRelu" || name == "ScaledTanh" ||
           name == "HardSigmoid" || name == "Elu";
  }
  bool takesBeta() const {
    return name == "Affine" || name == "ScaledTanh" || name == "HardSigmoid";
  }
};

enum class Cell { LSTM, GRU, RNN };

/// One recurrent layer in ONNX layout 0, every operand given (zeros stand in
/// for absent ones).
struct Problem {
  Cell cell = Cell::LSTM;
  int64_t seq = 0, batch = 0, input = 0, hidden = 0, dirs = 1;
  bool reverseOnly = false, inputForget = false, linearBeforeReset = false;
  double clip = 0; // 0: none
  std::vector<Act> acts;
  std::vector<double> x, w, r, b, h0, c0, p;
  std::vector<int64_t> lens;

  int64_t gates() const {
    return cell == Cell::LSTM ? 4 : cell == Cell::GRU ? 3 : 1;
  }
};

struct Result {
  std::vector<double> y, yh, yc;
};

Result directReference(const Problem &q) {
  const int64_t S = q.seq, N = q.batch, I = q.input, H = q.hidden,
                G = q.gates(), D = q.dirs;
  const size_t perDir = q.acts.size() / D;
  Result res;
  res.y.assign(S * D * N * H, 0.0);
  res.yh.assign(D * N * H, 0.0);
  res.yc.assign(D * N * H, 0.0);
  auto clip = [&](double v) {
    return q.clip > 0 ? std::clamp(v, -q.clip, q.clip) : v;
  };
  for (int64_t d = 0; d < D; ++d) {
    const Act *a = &q.acts[d * perDir];
    for (int64_t n = 0; n < N; ++n) {
      std::vector<double> h(q.h0.begin() + (d * N + n) * H,
                            q.h0.begin() + (d * N + n + 1) * H);
      std::vector<double> c(q.c0.begin() + (d * N + n) * H,
                            q.c0.begin() + (d * N + n + 1) * H);
      for (int64_t step = 0; step < q.lens[n]; ++step) {
        const int64_t t =
            (q.reverseOnly || d == 1) ? q.lens[n] - 1 - step : step;
        // x . W[g, j] + Wb[g, j] and h . R[g, j] + Rb[g, j] for gate g, unit j.
        auto xw = [&](int64_t g, int64_t j) {
          double s = q.b[d * 2 * G * H + g * H + j];
          for (int64_t i = 0; i < I; ++i)
            s += q.x[(t * N + n) * I + i] * q.w[((d * G + g) * H + j) * I + i];
          return s;
        };
        auto hr = [&](const std::vector<double> &hv, int64_t g, int64_t j) {
          double s = q.b[d * 2 * G * H + G * H + g * H + j];
          for (int64_t k = 0; k < H; ++k)
            s += hv[k] * q.r[((d * G + g) * H + j) * H + k];
          return s;
        };
        std::vector<double> hn(H), cn(H);
        for (int64_t j = 0; j < H; ++j) {
          if (q.cell == Cell::LSTM) {
            const double *pi = &q.p[d * 3 * H], *po = pi + H, *pf = po + H;
            double it = a[0](clip(xw(0, j) + hr(h, 0, j) + pi[j] * c[j]));
            double ft = q.inputForget
                            ? 1 - it
                            : a[0](clip(xw(2, j) + hr(h, 2, j) + pf[j] * c[j]));
            double ct = a[1](clip(xw(3, j) + hr(h, 3, j)));
            cn[j] = ft * c[j] + it * ct;
            double ot = a[0](clip(xw(1, j) + hr(h, 1, j) + po[j] * cn[j]));
            hn[j] = ot * a[2](cn[j]);
          } else if (q.cell == Cell::GRU) {
            double zt = a[0](clip(xw(0, j) + hr(h, 0, j)));
            double rt = a[0](clip(xw(1, j) + hr(h, 1, j)));
            double pre;
            if (q.linearBeforeReset) {
              pre = xw(2, j) + rt * hr(h, 2, j);
            } else {
              std::vector<double> rh(H);
              for (int64_t k = 0; k < H; ++k)
                rh[k] = a[0](clip(xw(1, k) + hr(h, 1, k))) * h[k];
              pre = xw(2, j) + hr(rh, 2, j);
            }
            double ht = a[1](clip(pre));
            hn[j] = (1 - zt) * ht + zt * h[j];
          } else {
            hn[j] = a[0](clip(xw(0, j) + hr(h, 0, j)));
          }
        }
        h = hn;
        if (q.cell == Cell::LSTM)
          c = cn;
        std::copy(h.begin(), h.end(),
                  res.y.begin() + ((t * D + d) * N + n) * H);
      }
      std::copy(h.begin(), h.end(), res.yh.begin() + (d * N + n) * H);
      std::copy(c.begin(), c.end(), res.yc.begin() + (d * N + n) * H);
    }
  }
  return res;
}

/// Random operands for every input.
Problem randomProblem(Cell cell, int64_t S, int64_t N, int64_t I, int64_t H,
                      int64_t D, std::mt19937 &rng) {
  Problem q;
  q.cell = cell;
  q.seq = S;
  q.batch = N;
  q.input = I;
  q.hidden = H;
  q.dirs = D;
  const int64_t G = q.gates();
  q.x = randomValues(S * N * I, rng);
  q.w = randomValues(D * G * H * I, rng, 0.7);
  q.r = randomValues(D * G * H * H, rng, 0.7);
  q.b = randomValues(D * 2 * G * H, rng, 0.5);
  q.h0 = randomValues(D * N * H, rng, 0.5);
  q.c0 = randomValues(D * N * H, rng, 0.5);
  q.p = randomValues(D * 3 * H, rng, 0.5);
  q.lens.assign(N, S);
  return q;
}

/// Swaps the first two dims of a [A, B, rest] row-major tensor.
std::vector<double> swap01(const std::vector<double> &v, int64_t a, int64_t b,
                           int64_t rest) {
  std::vector<double> out(v.size());
  for (int64_t i = 0; i < a; ++i)
    for (int64_t j = 0; j < b; ++j)
      for (int64_t k = 0; k < rest; ++k)
        out[(j * a + i) * rest + k] = v[(i * b + j) * rest + k];
  return out;
}

/// Runs the kernel on problem `q` (layout 0 or 1, each optional operand
/// present or not as `with` says) and compares with the direct reference.
struct Present {
  bool b = true, lens = false, h0 = true, c0 = true, p = true;
};

void checkAgainstReference(Problem q, const Present &with, int64_t layout,
                           uint64_t *flops = nullptr) {
  const int64_t S = q.seq, N = q.batch, I = q.input, H = q.hidden, D = q.dirs,
                G = q.gates();
  if (!with.b)
    q.b.assign(q.b.size(), 0.0);
  if (!with.h0)
    q.h0.assign(q.h0.size(), 0.0);
  if (!with.c0)
    q.c0.assign(q.c0.size(), 0.0);
  if (!with.p)
    q.p.assign(q.p.size(), 0.0);
  const Result want = directReference(q);

  const bool l1 = layout == 1;
  Tensor x = makeTensor(DType::F32, l1 ? Shape{N, S, I} : Shape{S, N, I},
                        l1 ? swap01(q.x, S, N, I) : q.x);
  Tensor w = makeTensor(DType::F32, {D, G * H, I}, q.w);
  Tensor r = makeTensor(DType::F32, {D, G * H, H}, q.r);
  Tensor b = makeTensor(DType::F32, {D, 2 * G * H}, q.b);
  std::vector<double> lensD(q.lens.begin(), q.lens.end());
  Tensor lens = makeTensor(DType::I32, {N}, lensD);
  const Shape stateShape = l1 ? Shape{N, D, H} : Shape{D, N, H};
  Tensor h0 =
      makeTensor(DType::F32, stateShape, l1 ? swap01(q.h0, D, N, H) : q.h0);
  Tensor c0 =
      makeTensor(DType::F32, stateShape, l1 ? swap01(q.c0, D, N, H) : q.c0);
  Tensor p = makeTensor(DType::F32, {D, 3 * H}, q.p);
  std::vector<const Tensor *> inputs = {&x,
                                        &w,
                                        &r,
                                        with.b ? &b : nullptr,
                                        with.lens ? &lens : nullptr,
                                        with.h0 ? &h0 : nullptr};
  if (q.cell == Cell::LSTM) {
    inputs.push_back(with.c0 ? &c0 : nullptr);
    inputs.push_back(with.p ? &p : nullptr);
  }

  Attrs attrs;
  attrs.set("hidden_size", intAttr(H));
  attrs.set("layout", intAttr(layout));
  attrs.set("direction", stringAttr(D == 2          ? "bidirectional"
                                    : q.reverseOnly ? "reverse"
                                                    : "forward"));
  std::vector<std::string> names;
  std::vector<double> alphas, betas;
  for (const Act &a : q.acts) {
    names.push_back(a.name);
    if (a.takesAlpha())
      alphas.push_back(a.alpha);
    if (a.takesBeta())
      betas.push_back(a.beta);
  }
  attrs.set("activations", stringsAttr(names));
  if (!alphas.empty())
    attrs.set("activation_alpha", floatsAttr(alphas));
  if (!betas.empty())
    attrs.set("activation_beta", floatsAttr(betas));
  if (q.clip > 0)
    attrs.set("clip", floatAttr(q.clip));
  if (q.inputForget)
    attrs.set("input_forget", intAttr(1));
  if (q.linearBeforeReset)
    attrs.set("linear_before_reset", intAttr(1));

  std::vector<std::optional<OutputSpec>> outs = {
      OutputSpec{DType::F32, l1 ? Shape{N, S, D, H} : Shape{S, D, N, H}},
      OutputSpec{DType::F32, stateShape}};
  if (q.cell == Cell::LSTM)
    outs.push_back(OutputSpec{DType::F32, stateShape});
  const char *op = q.cell == Cell::LSTM  ? "LSTM"
                   : q.cell == Cell::GRU ? "GRU"
                                         : "RNN";
  auto got = runKernel(op, inputs, outs, attrs, flops);
  // Layout 1's Y is [N, S, D, H]: bring the reference's [S, D, N, H] there.
  std::vector<double> wantY = want.y;
  if (l1) {
    wantY.assign(want.y.size(), 0.0);
    for (int64_t t = 0; t < S; ++t)
      for (int64_t d = 0; d < D; ++d)
        for (int64_t n = 0; n < N; ++n)
          for (int64_t j = 0; j < H; ++j)
            wantY[((n * S + t) * D + d) * H + j] =
                want.y[((t * D + d) * N + n) * H + j];
  }
  expectClose(values(got[0]), wantY, 2e-5);
  expectClose(values(got[1]), l1 ? swap01(want.yh, D, N, H) : want.yh, 2e-5);
  if (q.cell == Cell::LSTM)
    expectClose(values(got[2]), l1 ? swap01(want.yc, D, N, H) : want.yc, 2e-5);
}

} // namespace

//===----------------------------------------------------------------------===//
// Against torch.
//===----------------------------------------------------------------------===//

TEST(RecurrentLSTM, BidirectionalWithSequenceLensMatchesTorch) {
  const int64_t S = 4, N = 3, I = 2, H = 3;
  Tensor x = makeTensor(DType::F32, {S, N, I}, pattern(S * N * I, 6));
  Tensor w =
      makeTensor(DType::F32, {2, 4 * H, I}, pattern(2 * 4 * H * I, 1, 0.5));
  Tensor r =
      makeTensor(DType::F32, {2, 4 * H, H}, pattern(2 * 4 * H * H, 2, 0.5));
  Tensor b = makeTensor(DType::F32, {2, 8 * H}, pattern(2 * 8 * H, 3, 0.5));
  Tensor lens = makeTensor(DType::I32, {N}, {4, 2, 3});
  Tensor h0 = makeTensor(DType::F32, {2, N, H}, pattern(2 * N * H, 4, 0.5));
  Tensor c0 = makeTensor(DType::F32, {2, N, H}, pattern(2 * N * H, 5, 0.5));
  Attrs attrs;
  attrs.set("hidden_size", intAttr(H));
  attrs.set("direction", stringAttr("bidirectional"));
  auto out = runKernel("LSTM", {&x, &w, &r, &b, &lens, &h0, &c0, nullptr},
                       {OutputSpec{DType::F32, {S, 2, N, H}},
                        OutputSpec{DType::F32, {2, N, H}},
                        OutputSpec{DType::F32, {2, N, H}}},
                       attrs);
  // torch.nn.LSTM(2, 3, bidirectional=True) with these weights (gate blocks
  // reordered iofc -> ifgo, B split into bias_ih / bias_hh) on
  // pack_padded_sequence(x, [4, 2, 3]); Y from pad_packed_sequence, so steps
  // past a sequence's length are 0, and h_n / c_n are each sequence's last
  // valid step (step 0 for the reverse direction).
  const std::vector<double> torchY = {0.02180889,  0.09213437,
                                      -0.02664858, -0.1429509,
                                      -0.04236895, 0.04318707,
                                      -0.07217377, -0.07489233,
                                      0.04204523,  0.003570706,
                                      -0.1491892,  -0.02082186,
                                      0.165271,    -0.003275333,
                                      -0.195499,   0.08190036,
                                      0.09045674,  -0.2126912,
                                      0.01640345,  0.07591458,
                                      -0.03662419, -0.2431144,
                                      0.0899445,   0.03926017,
                                      -0.2029406,  0.05918931,
                                      0.05090545,  0.05981343,
                                      -0.08537953, -0.04475308,
                                      0.1713525,   -0.0819533,
                                      -0.1428515,  0.04152984,
                                      0.01926929,  -0.1898607,
                                      -0.1510739,  0.1472822,
                                      0.04528488,  0,
                                      0,           0,
                                      -0.2836949,  0.1423356,
                                      0.04927613,  0.117254,
                                      0.03687659,  -0.218054,
                                      0,           0,
                                      0,           -0.06129812,
                                      -0.05928502, -0.1313848,
                                      -0.2401207,  0.1850078,
                                      0.06332983,  0,
                                      0,           0,
                                      0,           0,
                                      0,           0.1413603,
                                      -0.08342256, -0.1823358,
                                      0,           0,
                                      0,           0,
                                      0,           0};
  const std::vector<double> torchH = {
      -0.2401207, 0.1850078,   0.06332983, -0.2431144,   0.0899445,
      0.03926017, -0.2836949,  0.1423356,  0.04927613,   0.003570706,
      -0.1491892, -0.02082186, 0.165271,   -0.003275333, -0.195499,
      0.08190036, 0.09045674,  -0.2126912};
  const std::vector<double> torchC = {
      -0.4171973, 0.3425148,    0.1811136,  -0.4386475, 0.2048391,  0.1095798,
      -0.5152591, 0.3093991,    0.1419746,  0.00796384, -0.2057481, -0.04278349,
      0.344891,   -0.005419593, -0.3134785, 0.1531268,  0.156992,   -0.4012342};
  expectClose(values(out[0]), torchY, 1e-6);
  expectClose(values(out[1]), torchH, 1e-6);
  expectClose(values(out[2]), torchC, 1e-6);

  // The same in layout 1 (batch first) gives the same numbers, transposed.
  Tensor x1 =
      makeTensor(DType::F32, {N, S, I}, swap01(pattern(S * N * I, 6), S, N, I));
  Tensor h1 = makeTensor(DType::F32, {N, 2, H}, swap01(values(h0), 2, N, H));
  Tensor c1 = makeTensor(DType::F32, {N, 2, H}, swap01(values(c0), 2, N, H));
  attrs.set("layout", intAttr(1));
  out = runKernel(
      "LSTM", {&x1, &w, &r, &b, &lens, &h1, &c1, nullptr},
      {std::nullopt, OutputSpec{DType::F32, {N, 2, H}}, std::nullopt}, attrs);
  expectClose(values(out[1]), swap01(torchH, 2, N, H), 1e-6);
}

TEST(RecurrentGRU, LinearBeforeResetMatchesTorch) {
  const int64_t S = 3, N = 2, I = 3, H = 4;
  Tensor x = makeTensor(DType::F32, {S, N, I}, pattern(S * N * I, 11));
  Tensor w = makeTensor(DType::F32, {1, 3 * H, I}, pattern(3 * H * I, 7, 0.5));
  Tensor r = makeTensor(DType::F32, {1, 3 * H, H}, pattern(3 * H * H, 8, 0.5));
  Tensor b = makeTensor(DType::F32, {1, 6 * H}, pattern(6 * H, 9, 0.5));
  Tensor h0 = makeTensor(DType::F32, {1, N, H}, pattern(N * H, 10, 0.5));
  Attrs attrs;
  attrs.set("hidden_size", intAttr(H));
  attrs.set("linear_before_reset", intAttr(1));
  auto out = runKernel(
      "GRU", {&x, &w, &r, &b, nullptr, &h0},
      {OutputSpec{DType::F32, {S, 1, N, H}}, OutputSpec{DType::F32, {1, N, H}}},
      attrs);
  // torch.nn.GRU(3, 4) (whose candidate gate is ONNX's linear_before_reset=1)
  // with these weights, gate blocks reordered zrh -> rzn.
  expectClose(values(out[0]),
              {-0.1858367, -0.0557597,  -0.046948,  -0.4610831, 0.3419395,
               0.03692371, -0.1949279,  -0.3936574, 0.221875,   -0.1491847,
               -0.2604114, -0.5791568,  0.4903092,  -0.2121451, -0.2861417,
               -0.4910999, 0.439321,    -0.3096892, -0.344908,  -0.5321534,
               0.3173449,  -0.02033874, 0.01183644, -0.147385},
              1e-6);
  expectClose(values(out[1]),
              {0.439321, -0.3096892, -0.344908, -0.5321534, 0.3173449,
               -0.02033874, 0.01183644, -0.147385},
              1e-6);
}

//===----------------------------------------------------------------------===//
// Against the direct reference.
//===----------------------------------------------------------------------===//

TEST(RecurrentLSTM, PeepholesInputForgetClipActivations) {
  std::mt19937 rng(1);
  Problem q = randomProblem(Cell::LSTM, 5, 3, 4, 6, 2, rng);
  q.acts = {{"Sigmoid"}, {"Tanh"}, {"Tanh"}, {"Sigmoid"}, {"Tanh"}, {"Tanh"}};
  checkAgainstReference(q, Present{}, 0);
  q.lens = {5, 0, 3};
  checkAgainstReference(q, Present{true, true, true, true, true}, 1);
  q.clip = 0.4;
  q.inputForget = true;
  q.acts = {{"HardSigmoid", 0.3, 0.45},
            {"ScaledTanh", 0.9, 1.2},
            {"LeakyRelu", 0.2},
            {"Sigmoid"},
            {"Elu", 0.7},
            {"Softsign"}};
  checkAgainstReference(q, Present{true, true, false, true, true}, 0);
  Problem rev = randomProblem(Cell::LSTM, 4, 2, 3, 5, 1, rng);
  rev.reverseOnly = true;
  rev.lens = {2, 4};
  rev.acts = {{"Sigmoid"}, {"Softplus"}, {"Affine", 0.5, 0.1}};
  checkAgainstReference(rev, Present{false, true, false, false, false}, 1);
}

TEST(RecurrentGRU, BothResetFormsAndSequenceLens) {
  std::mt19937 rng(2);
  Problem q = randomProblem(Cell::GRU, 6, 3, 5, 4, 2, rng);
  q.acts = {{"Sigmoid"}, {"Tanh"}, {"Sigmoid"}, {"Tanh"}};
  q.lens = {6, 1, 4};
  checkAgainstReference(q, Present{true, true, true, false, false}, 0);
  q.linearBeforeReset = true;
  checkAgainstReference(q, Present{true, true, true, false, false}, 1);
  q.clip = 0.3;
  q.acts = {{"HardSigmoid", 0.25, 0.5},
            {"ThresholdedRelu", 0.1},
            {"Sigmoid"},
            {"Relu"}};
  checkAgainstReference(q, Present{false, true, false, false, false}, 0);
}

TEST(RecurrentRNN, ActivationsDirectionsAndFlops) {
  std::mt19937 rng(3);
  Problem q = randomProblem(Cell::RNN, 5, 2, 3, 4, 2, rng);
  q.acts = {{"LeakyRelu", 0.1}, {"ScaledTanh", 0.8, 1.5}};
  q.lens = {3, 5};
  uint64_t flops = 0;
  checkAgainstReference(q, Present{true, true, true, false, false}, 0, &flops);
  // Gemms: 2 per MAC over every step and direction; elementwise: 3 per
  // processed unit (add, activation, bias).
  EXPECT_EQ(flops, 2u * 2 * 5 * 2 * 4 * (3 + 4) + 3u * 2 * (3 + 5) * 4);
  Problem rev = randomProblem(Cell::RNN, 3, 1, 2, 3, 1, rng);
  rev.reverseOnly = true;
  rev.acts = {{"Tanh"}};
  checkAgainstReference(rev, Present{false, false, false, false, false}, 1);
}

TEST(RecurrentDefaults, DefaultActivationsAndDuplicatedBidirectionalList) {
  // Without activations the defaults apply; a bidirectional layer given one
  // direction's list uses it for both.
  std::mt19937 rng(4);
  Problem q = randomProblem(Cell::GRU, 3, 2, 2, 3, 2, rng);
  q.acts = {{"Sigmoid"}, {"Tanh"}, {"Sigmoid"}, {"Tanh"}};
  const Result want = directReference(q);
  Tensor x = makeTensor(DType::F32, {3, 2, 2}, q.x);
  Tensor w = makeTensor(DType::F32, {2, 9, 2}, q.w);
  Tensor r = makeTensor(DType::F32, {2, 9, 3}, q.r);
  Tensor b = makeTensor(DType::F32, {2, 18}, q.b);
  Tensor h0 = makeTensor(DType::F32, {2, 2, 3}, q.h0);
  Attrs attrs;
  attrs.set("hidden_size", intAttr(3));
  attrs.set("direction", stringAttr("bidirectional"));
  auto out =
      runKernel("GRU", {&x, &w, &r, &b, nullptr, &h0},
                {OutputSpec{DType::F32, {3, 2, 2, 3}}, std::nullopt}, attrs);
  expectClose(values(out[0]), want.y, 2e-5);
  attrs.set("activations", stringsAttr({"sigmoid", "TANH"}));
  out = runKernel("GRU", {&x, &w, &r, &b, nullptr, &h0},
                  {std::nullopt, OutputSpec{DType::F32, {2, 2, 3}}}, attrs);
  expectClose(values(out[1]), want.yh, 2e-5);
  // f64 runs in double.
  Tensor xd = makeTensor(DType::F64, {3, 2, 2}, q.x);
  Tensor wd = makeTensor(DType::F64, {2, 9, 2}, q.w);
  Tensor rd = makeTensor(DType::F64, {2, 9, 3}, q.r);
  Tensor bd = makeTensor(DType::F64, {2, 18}, q.b);
  Tensor hd = makeTensor(DType::F64, {2, 2, 3}, q.h0);
  out = runKernel("GRU", {&xd, &wd, &rd, &bd, nullptr, &hd},
                  {OutputSpec{DType::F64, {3, 2, 2, 3}}, std::nullopt}, attrs);
  expectClose(values(out[0]), want.y, 1e-12);
}

TEST(RecurrentErrors, BadInputThrows) {
  Tensor x(DType::F32, {4, 2, 3}), w(DType::F32, {1, 8, 3}),
      r(DType::F32, {1, 8, 2});
  Attrs attrs;
  attrs.set("hidden_size", intAttr(2));
  const OutputSpec y{DType::F32, {4, 1, 2, 2}};
  EXPECT_NO_THROW(runKernel("LSTM", {&x, &w, &r}, {y}, attrs));
  // sequence_lens outside [0, seq_length], or of the wrong size.
  Tensor tooLong = makeTensor(DType::I32, {2}, {4, 5});
  Tensor negative = makeTensor(DType::I32, {2}, {-1, 2});
  Tensor wrongSize = makeTensor(DType::I32, {3}, {1, 2, 3});
  for (Tensor *lens : {&tooLong, &negative, &wrongSize})
    EXPECT_THROW(runKernel("LSTM", {&x, &w, &r, nullptr, lens}, {y}, attrs),
                 Error);
  // Operand shapes: W for another hidden size, B too short, P wrong.
  Tensor w3(DType::F32, {1, 12, 3}), b(DType::F32, {1, 8}),
      p(DType::F32, {1, 4});
  EXPECT_THROW(runKernel("LSTM", {&x, &w3, &r}, {y}, attrs), Error);
  EXPECT_THROW(runKernel("LSTM", {&x, &w, &r, &b}, {y}, attrs), Error);
  EXPECT_THROW(runKernel("LSTM",
                         {&x, &w, &r, nullptr, nullptr, nullptr, nullptr, &p},
                         {y}, attrs),
               Error);
  // Outputs allocated for another layout / direction count.
  EXPECT_THROW(runKernel("LSTM", {&x, &w, &r},
                         {OutputSpec{DType::F32, {2, 4, 1, 2}}}, attrs),
               Error);
  EXPECT_THROW(runKernel("LSTM", {&x, &w, &r},
                         {std::nullopt, OutputSpec{DType::F32, {2, 2, 2}}},
                         attrs),
               Error);
  // Attributes.
  Attrs bad = attrs;
  bad.set("activations", stringsAttr({"Sigmoid", "Gelu", "Tanh"}));
  EXPECT_THROW(runKernel("LSTM", {&x, &w, &r}, {y}, bad), Error);
  bad = attrs;
  bad.set("activations", stringsAttr({"Sigmoid", "Tanh"}));
  EXPECT_THROW(runKernel("LSTM", {&x, &w, &r}, {y}, bad), Error);
  bad = attrs;
  bad.set("direction", stringAttr("backward"));
  EXPECT_THROW(runKernel("LSTM", {&x, &w, &r}, {y}, bad), Error);
  bad = attrs;
  bad.set("layout", intAttr(2));
  EXPECT_THROW(runKernel("LSTM", {&x, &w, &r}, {y}, bad), Error);
  // Integer X, mixed element types.
  Tensor xi(DType::I32, {4, 2, 3}), wd(DType::F64, {1, 8, 3});
  EXPECT_THROW(runKernel("LSTM", {&xi, &w, &r}, {y}, attrs), Error);
  EXPECT_THROW(runKernel("LSTM", {&x, &wd, &r}, {y}, attrs), Error);
  // GRU / RNN check their own gate counts.
  EXPECT_THROW(runKernel("GRU", {&x, &w, &r}, {y}, attrs), Error);
  EXPECT_THROW(runKernel("RNN", {&x, &w, &r}, {y}, attrs), Error);
}
