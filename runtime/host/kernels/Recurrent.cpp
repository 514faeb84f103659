//===- Recurrent.cpp - LSTM, GRU and RNN layers ---------------------------===//
//
// The three ONNX recurrent layers share one driver: the input projection
// X * W^T of every timestep is a single gemm up front (it does not depend on
// the state), then each step is one gemm of the previous state with R^T plus
// the op's gate arithmetic. Layout 1 inputs are transposed to layout 0 once
// and the outputs written back in the requested layout. f16 / bf16 compute in
// float, f64 in double.
//
// sequence_lens: a batch entry stops at its length. Steps past it leave its
// state alone (so Y_h / Y_c hold the last valid step, or the initial state
// for length 0) and write zeros to Y; the reverse direction starts at the
// entry's last valid step.
//
//===----------------------------------------------------------------------===//

#include "KernelUtils.h"
#include "kernels/Registration.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string>

namespace kiln::rt {
namespace {

//===----------------------------------------------------------------------===//
// Activations.
//===----------------------------------------------------------------------===//

struct Activation {
  enum class Kind {
    Sigmoid,
    Tanh,
    Relu,
    Affine,
    LeakyRelu,
    ThresholdedRelu,
    ScaledTanh,
    HardSigmoid,
    Elu,
    Softsign,
    Softplus
  };
  Kind kind = Kind::Sigmoid;
  double alpha = 0, beta = 0;

  template <typename C> C operator()(C x) const {
    const C a = static_cast<C>(alpha), b = static_cast<C>(beta);
    switch (kind) {
    case Kind::Sigmoid:
      return C(1) / (C(1) + std::exp(-x));
    case Kind::Tanh:
      return std::tanh(x);
    case Kind::Relu:
      return x > C(0) ? x : C(0);
    case Kind::Affine:
      return a * x + b;
    case Kind::LeakyRelu:
      return x >= C(0) ? x : a * x;
    case Kind::ThresholdedRelu:
      return x > a ? x : C(0);
    case Kind::ScaledTanh:
      return a * std::tanh(b * x);
    case Kind::HardSigmoid:
      return std::max(C(0), std::min(C(1), a * x + b));
    case Kind::Elu:
      return x >= C(0) ? x : a * (std::exp(x) - C(1));
    case Kind::Softsign:
      return x / (C(1) + std::fabs(x));
    case Kind::Softplus:
      // log(1 + e^x) without overflowing e^x for large x.
      return x > C(0) ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
    }
    return x;
  }
};

/// How many of activation_alpha / activation_beta an activation consumes and
/// their defaults (the standalone ONNX ops' defaults where there is one).
struct ActivationInfo {
  const char *name;
  Activation::Kind kind;
  int alphas, betas;
  double alpha, beta;
};
constexpr ActivationInfo kActivations[] = {
    {"sigmoid", Activation::Kind::Sigmoid, 0, 0, 0, 0},
    {"tanh", Activation::Kind::Tanh, 0, 0, 0, 0},
    {"relu", Activation::Kind::Relu, 0, 0, 0, 0},
    {"affine", Activation::Kind::Affine, 1, 1, 1.0, 0.0},
    {"leakyrelu", Activation::Kind::LeakyRelu, 1, 0, 0.01, 0},
    {"thresholdedrelu", Activation::Kind::ThresholdedRelu, 1, 0, 1.0, 0},
    {"scaledtanh", Activation::Kind::ScaledTanh, 1, 1, 1.0, 1.0},
    {"hardsigmoid", Activation::Kind::HardSigmoid, 1, 1, 0.2, 0.5},
    {"elu", Activation::Kind::Elu, 1, 0, 1.0, 0},
    {"softsign", Activation::Kind::Softsign, 0, 0, 0, 0},
    {"softplus", Activation::Kind::Softplus, 0, 0, 0, 0},
};

/// The activations of every direction (perDir per direction, in ONNX order).
/// activation_alpha / _beta are consumed in list order by the activations
/// that take them, as onnxruntime does; missing ones take the defaults. A
/// bidirectional layer given only one direction's list uses it for both.
std::vector<Activation> readActivations(const KernelContext &ctx, size_t perDir,
                                        int64_t dirs,
                                        const std::vector<std::string> &dflt) {
  std::vector<std::string> names = (*ctx.attrs).getStrings("activations");
  if (names.empty())
    for (int64_t d = 0; d < dirs; ++d)
      names.insert(names.end(), dflt.begin(), dflt.end());
  else if (names.size() == perDir && dirs == 2) {
    const std::vector<std::string> forward = names;
    names.insert(names.end(), forward.begin(), forward.end());
  }
  if (names.size() != perDir * dirs)
    ctx.fail("activations has ", names.size(), " entries, expected ",
             perDir * dirs, " (", perDir, " per direction)");
  const std::vector<float> alphas = (*ctx.attrs).getFloats("activation_alpha");
  const std::vector<float> betas = (*ctx.attrs).getFloats("activation_beta");
  size_t nextAlpha = 0, nextBeta = 0;
  std::vector<Activation> out;
  for (const std::string &name : names) {
    std::string lower;
    for (char ch : name)
      lower.push_back(static_cast<char>(std::tolower(ch)));
    const ActivationInfo *info = nullptr;
    for (const ActivationInfo &candidate : kActivations)
      if (lower == candidate.name)
        info = &candidate;
    if (!info)
      ctx.fail("unknown activation '", name, "'");
    Activation act;
    act.kind = info->kind;
    act.alpha = info->alpha;
    act.beta = info->beta;
    if (info->alphas && nextAlpha < alphas.size())
      act.alpha = alphas[nextAlpha++];
    if (info->betas && nextBeta < betas.size())
      act.beta = betas[nextBeta++];
    out.push_back(act);
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Operands and outputs shared by the three layers.
//===----------------------------------------------------------------------===//

// Input positions common to LSTM, GRU and RNN.
enum : size_t { kX = 0, kW, kR, kB, kSeqLens, kInitialH, kInitialC, kP };

struct Layer {
  int64_t seq = 0, batch = 0, input = 0, hidden = 0, dirs = 1, gates = 1;
  bool layout1 = false, reverseOnly = false;
  std::vector<int64_t> lens;
  std::optional<double> clip;
  std::vector<Activation> acts;

  bool reverse(int64_t dir) const { return reverseOnly || dir == 1; }
  /// Shape of Y_h / Y_c / initial_h / initial_c in this layout.
  Shape stateShape() const {
    return layout1 ? Shape{batch, dirs, hidden} : Shape{dirs, batch, hidden};
  }
};

void expectShape(const KernelContext &ctx, const Tensor &t, const Shape &shape,
                 DType type, const char *what) {
  if (t.dtype() != type)
    ctx.fail(what, " has element type ", dtypeName(t.dtype()), ", expected ",
             dtypeName(type));
  if (t.shape() != shape)
    ctx.fail(what, " has shape ", formatShape(t.shape()), ", expected ",
             formatShape(shape));
}

/// Validates every operand and output against X, W and R. `stateOutputs` is
/// 2 for LSTM (Y_h, Y_c), 1 otherwise.
Layer readLayer(const KernelContext &ctx, int64_t gates, size_t actsPerDir,
                const std::vector<std::string> &defaultActs, int stateOutputs) {
  const Tensor &x = ctx.in(kX), &w = ctx.in(kW), &r = ctx.in(kR);
  const Attrs &attrs = (*ctx.attrs);
  Layer L;
  L.gates = gates;
  if (!isFloat(x.dtype()))
    ctx.fail("X has element type ", dtypeName(x.dtype()),
             ", expected a float type");
  const DType type = x.dtype();
  if (x.rank() != 3)
    ctx.fail("X must have rank 3, got ", formatShape(x.shape()));
  const int64_t layout = attrs.getInt("layout", 0);
  if (layout != 0 && layout != 1)
    ctx.fail("layout must be 0 or 1, got ", layout);
  L.layout1 = layout == 1;
  L.seq = x.dim(L.layout1 ? 1 : 0);
  L.batch = x.dim(L.layout1 ? 0 : 1);
  L.input = x.dim(2);
  const std::string direction = attrs.getString("direction", "forward");
  if (direction == "bidirectional")
    L.dirs = 2;
  else if (direction == "reverse")
    L.reverseOnly = true;
  else if (direction != "forward")
    ctx.fail("unknown direction '", direction, "'");
  if (r.rank() != 3)
    ctx.fail("R must have rank 3, got ", formatShape(r.shape()));
  L.hidden = attrs.getInt("hidden_size", r.dim(2));
  if (L.hidden < 1)
    ctx.fail("hidden_size must be positive, got ", L.hidden);
  const int64_t gh = gates * L.hidden;
  expectShape(ctx, w, {L.dirs, gh, L.input}, type, "W");
  expectShape(ctx, r, {L.dirs, gh, L.hidden}, type, "R");
  if (ctx.hasInput(kB))
    expectShape(ctx, ctx.in(kB), {L.dirs, 2 * gh}, type, "B");
  L.lens.assign(L.batch, L.seq);
  if (ctx.hasInput(kSeqLens)) {
    const Tensor &lens = ctx.in(kSeqLens);
    if (lens.dtype() != DType::I32 && lens.dtype() != DType::I64)
      ctx.fail("sequence_lens must be i32, got ", dtypeName(lens.dtype()));
    if (lens.rank() != 1 || lens.dim(0) != L.batch)
      ctx.fail("sequence_lens has shape ", formatShape(lens.shape()),
               ", expected ", L.batch);
    for (int64_t b = 0; b < L.batch; ++b) {
      L.lens[b] = loadAsInt(lens, b);
      if (L.lens[b] < 0 || L.lens[b] > L.seq)
        ctx.fail("sequence_lens[", b, "] = ", L.lens[b], " is outside [0, ",
                 L.seq, "]");
    }
  }
  if (ctx.hasInput(kInitialH))
    expectShape(ctx, ctx.in(kInitialH), L.stateShape(), type, "initial_h");
  if (attrs.has("clip")) {
    L.clip = attrs.getFloat("clip", 0);
    if (!(*L.clip > 0))
      ctx.fail("clip must be positive, got ", *L.clip);
  }
  L.acts = readActivations(ctx, actsPerDir, L.dirs, defaultActs);
  if (ctx.hasOutput(0))
    expectShape(ctx, *ctx.outputs[0],
                L.layout1 ? Shape{L.batch, L.seq, L.dirs, L.hidden}
                          : Shape{L.seq, L.dirs, L.batch, L.hidden},
                type, "output Y");
  for (int i = 1; i <= stateOutputs; ++i)
    if (ctx.hasOutput(i))
      expectShape(ctx, *ctx.outputs[i], L.stateShape(), type,
                  i == 1 ? "output Y_h" : "output Y_c");
  return L;
}

/// X as [seq * batch, input] rows in time-major order (layout 0).
template <typename C>
std::vector<C> timeMajorInput(const Tensor &x, const Layer &L) {
  ComputeInput<C> in(x);
  std::vector<C> rows(L.seq * L.batch * L.input);
  for (int64_t t = 0; t < L.seq; ++t)
    for (int64_t b = 0; b < L.batch; ++b) {
      int64_t src = L.layout1 ? (b * L.seq + t) : (t * L.batch + b);
      std::copy_n(in.data() + src * L.input, L.input,
                  rows.data() + (t * L.batch + b) * L.input);
    }
  return rows;
}

/// initial_h / initial_c as [dirs, batch, hidden] (zeros when absent).
template <typename C>
std::vector<C> initialState(const KernelContext &ctx, size_t input,
                            const Layer &L) {
  std::vector<C> state(L.dirs * L.batch * L.hidden, C(0));
  if (!ctx.hasInput(input))
    return state;
  ComputeInput<C> in(ctx.in(input));
  for (int64_t d = 0; d < L.dirs; ++d)
    for (int64_t b = 0; b < L.batch; ++b) {
      int64_t src = L.layout1 ? (b * L.dirs + d) : (d * L.batch + b);
      std::copy_n(in.data() + src * L.hidden, L.hidden,
                  state.data() + (d * L.batch + b) * L.hidden);
    }
  return state;
}

/// Writes a [dirs, batch, hidden] state to Y_h / Y_c in the layer's layout.
template <typename C>
void storeState(Tensor *out, const std::vector<C> &state, const Layer &L) {
  if (!out)
    return;
  ComputeOutput<C> o(*out);
  for (int64_t d = 0; d < L.dirs; ++d)
    for (int64_t b = 0; b < L.batch; ++b) {
      int64_t dst = L.layout1 ? (b * L.dirs + d) : (d * L.batch + b);
      std::copy_n(state.data() + (d * L.batch + b) * L.hidden, L.hidden,
                  o.data() + dst * L.hidden);
    }
  o.commit();
}

/// Writes Y, computed as [seq, dirs, batch, hidden], in the layer's layout.
template <typename C>
void storeSequence(Tensor *out, const std::vector<C> &y, const Layer &L) {
  if (!out)
    return;
  ComputeOutput<C> o(*out);
  for (int64_t t = 0; t < L.seq; ++t)
    for (int64_t d = 0; d < L.dirs; ++d)
      for (int64_t b = 0; b < L.batch; ++b) {
        int64_t src = (t * L.dirs + d) * L.batch + b;
        int64_t dst = L.layout1 ? (b * L.seq + t) * L.dirs + d : src;
        std::copy_n(y.data() + src * L.hidden, L.hidden,
                    o.data() + dst * L.hidden);
      }
  o.commit();
}

/// The input projection of direction `dir` for every timestep:
/// gx[t * batch + b] = X[t, b] * W^T + Wb + Rb, where `rbMask` says per
/// gate whether its recurrence bias Rb belongs here (GRU's
/// linear_before_reset keeps the hidden gate's Rb inside the reset product).
template <typename C>
void inputProjection(const KernelContext &ctx, const Layer &L,
                     const std::vector<C> &x, const C *w, int64_t dir,
                     const std::vector<bool> &rbMask, std::vector<C> &gx) {
  const int64_t gh = L.gates * L.hidden, rows = L.seq * L.batch;
  gx.assign(rows * gh, C(0));
  gemm(false, true, rows, gh, L.input, C(1), x.data(), L.input,
       w + dir * gh * L.input, L.input, C(0), gx.data(), gh);
  if (!ctx.hasInput(kB))
    return;
  ComputeInput<C> bias(ctx.in(kB));
  std::vector<C> b(gh);
  const C *wb = bias.data() + dir * 2 * gh, *rb = wb + gh;
  for (int64_t j = 0; j < gh; ++j)
    b[j] = wb[j] + (rbMask[j / L.hidden] ? rb[j] : C(0));
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < gh; ++j)
      gx[r * gh + j] += b[j];
}

template <typename C> C clipTo(const Layer &L, C v) {
  if (!L.clip)
    return v;
  const C c = static_cast<C>(*L.clip);
  return std::max(-c, std::min(c, v));
}

/// Processed (batch entry, step) pairs: elementwise FLOPs only count these.
int64_t validSteps(const Layer &L) {
  int64_t n = 0;
  for (int64_t len : L.lens)
    n += len;
  return n;
}

/// 2 per multiply-add of the input and recurrence gemms, all directions.
uint64_t gemmFlops(const Layer &L) {
  return 2 * static_cast<uint64_t>(L.dirs * L.seq * L.batch * L.gates *
                                   L.hidden * (L.input + L.hidden));
}

//===----------------------------------------------------------------------===//
// LSTM: gates i, o, f, c (in W / R / B order).
//===----------------------------------------------------------------------===//

template <typename C> void lstm(KernelContext &ctx, const Layer &L) {
  const int64_t H = L.hidden, batch = L.batch, gh = 4 * H;
  const std::vector<C> x = timeMajorInput<C>(ctx.in(kX), L);
  ComputeInput<C> w(ctx.in(kW)), r(ctx.in(kR));
  std::vector<C> h = initialState<C>(ctx, kInitialH, L);
  std::vector<C> c = initialState<C>(ctx, kInitialC, L);
  std::vector<C> peep(L.dirs * 3 * H, C(0));
  const bool hasPeep = ctx.hasInput(kP);
  if (hasPeep) {
    ComputeInput<C> p(ctx.in(kP));
    std::copy_n(p.data(), peep.size(), peep.data());
  }
  const bool inputForget = (*ctx.attrs).getInt("input_forget", 0) != 0;
  std::vector<C> y(L.seq * L.dirs * batch * H, C(0));
  std::vector<C> gx, gr(batch * gh);
  for (int64_t d = 0; d < L.dirs; ++d) {
    const Activation &f = L.acts[d * 3], &g = L.acts[d * 3 + 1],
                     &act = L.acts[d * 3 + 2];
    inputProjection(ctx, L, x, w.data(), d, {true, true, true, true}, gx);
    C *hs = h.data() + d * batch * H, *cs = c.data() + d * batch * H;
    const C *pi = peep.data() + d * 3 * H, *po = pi + H, *pf = po + H;
    for (int64_t step = 0; step < L.seq; ++step) {
      const int64_t t = L.reverse(d) ? L.seq - 1 - step : step;
      gemm(false, true, batch, gh, H, C(1), hs, H, r.data() + d * gh * H, H,
           C(0), gr.data(), gh);
      for (int64_t b = 0; b < batch; ++b) {
        if (t >= L.lens[b])
          continue;
        const C *gxr = gx.data() + (t * batch + b) * gh;
        const C *grr = gr.data() + b * gh;
        C *hb = hs + b * H, *cb = cs + b * H;
        C *yb = y.data() + ((t * L.dirs + d) * batch + b) * H;
        for (int64_t j = 0; j < H; ++j) {
          const C cPrev = cb[j];
          const C it = f(clipTo(L, gxr[j] + grr[j] + pi[j] * cPrev));
          // input_forget couples the gates: what is let in is forgotten.
          const C ft = inputForget
                           ? C(1) - it
                           : f(clipTo(L, gxr[2 * H + j] + grr[2 * H + j] +
                                             pf[j] * cPrev));
          const C ct = g(clipTo(L, gxr[3 * H + j] + grr[3 * H + j]));
          const C cNew = ft * cPrev + it * ct;
          const C ot = f(clipTo(L, gxr[H + j] + grr[H + j] + po[j] * cNew));
          cb[j] = cNew;
          hb[j] = ot * act(cNew);
          yb[j] = hb[j];
        }
      }
    }
  }
  storeSequence(ctx.hasOutput(0) ? ctx.outputs[0] : nullptr, y, L);
  storeState(ctx.hasOutput(1) ? ctx.outputs[1] : nullptr, h, L);
  storeState(ctx.hasOutput(2) ? ctx.outputs[2] : nullptr, c, L);
  // Per processed unit: 4 gemm-result adds, 5 activations, 3 for the cell
  // update, 1 for the hidden state, 4 bias adds, 6 for the peepholes.
  const uint64_t perUnit =
      4 + 5 + 3 + 1 + (ctx.hasInput(kB) ? 4 : 0) + (hasPeep ? 6 : 0);
  ctx.flops += gemmFlops(L) +
               perUnit * static_cast<uint64_t>(L.dirs * validSteps(L) * H);
}

void lstmKernel(KernelContext &ctx) {
  const Layer L =
      readLayer(ctx, 4, 3, {"Sigmoid", "Tanh", "Tanh"}, /*stateOutputs=*/2);
  const DType type = ctx.in(kX).dtype();
  if (ctx.hasInput(kInitialC))
    expectShape(ctx, ctx.in(kInitialC), L.stateShape(), type, "initial_c");
  if (ctx.hasInput(kP))
    expectShape(ctx, ctx.in(kP), {L.dirs, 3 * L.hidden}, type, "P");
  if (type == DType::F64)
    lstm<double>(ctx, L);
  else
    lstm<float>(ctx, L);
}

//===----------------------------------------------------------------------===//
// GRU: gates z, r, h.
//===----------------------------------------------------------------------===//

template <typename C> void gru(KernelContext &ctx, const Layer &L) {
  const int64_t H = L.hidden, batch = L.batch, gh = 3 * H;
  const bool linearBeforeReset =
      (*ctx.attrs).getInt("linear_before_reset", 0) != 0;
  const std::vector<C> x = timeMajorInput<C>(ctx.in(kX), L);
  ComputeInput<C> w(ctx.in(kW)), r(ctx.in(kR));
  std::optional<ComputeInput<C>> bias;
  if (ctx.hasInput(kB))
    bias.emplace(ctx.in(kB));
  std::vector<C> h = initialState<C>(ctx, kInitialH, L);
  std::vector<C> y(L.seq * L.dirs * batch * H, C(0));
  // gr holds H_{t-1} * R^T: all three gates with linear_before_reset, else
  // z and r only, the hidden gate multiplying (r . H_{t-1}) separately.
  std::vector<C> gx, gr(batch * gh), z(batch * H), reset(batch * H),
      ghid(batch * H);
  const C *hidden = linearBeforeReset ? reset.data() : ghid.data();
  for (int64_t d = 0; d < L.dirs; ++d) {
    const Activation &f = L.acts[d * 2], &g = L.acts[d * 2 + 1];
    inputProjection(ctx, L, x, w.data(), d, {true, true, !linearBeforeReset},
                    gx);
    const C *rd = r.data() + d * gh * H;
    std::vector<C> rbh(H, C(0));
    if (bias && linearBeforeReset)
      std::copy_n(bias->data() + d * 2 * gh + gh + 2 * H, H, rbh.data());
    C *hs = h.data() + d * batch * H;
    for (int64_t step = 0; step < L.seq; ++step) {
      const int64_t t = L.reverse(d) ? L.seq - 1 - step : step;
      gemm(false, true, batch, linearBeforeReset ? gh : 2 * H, H, C(1), hs, H,
           rd, H, C(0), gr.data(), gh);
      for (int64_t b = 0; b < batch; ++b) {
        const C *gxr = gx.data() + (t * batch + b) * gh;
        const C *grr = gr.data() + b * gh;
        for (int64_t j = 0; j < H; ++j) {
          z[b * H + j] = f(clipTo(L, gxr[j] + grr[j]));
          const C rt = f(clipTo(L, gxr[H + j] + grr[H + j]));
          reset[b * H + j] = linearBeforeReset ? rt * (grr[2 * H + j] + rbh[j])
                                               : rt * hs[b * H + j];
        }
      }
      if (!linearBeforeReset)
        gemm(false, true, batch, H, H, C(1), reset.data(), H, rd + 2 * H * H, H,
             C(0), ghid.data(), H);
      for (int64_t b = 0; b < batch; ++b) {
        if (t >= L.lens[b])
          continue;
        const C *gxr = gx.data() + (t * batch + b) * gh;
        C *hb = hs + b * H;
        C *yb = y.data() + ((t * L.dirs + d) * batch + b) * H;
        for (int64_t j = 0; j < H; ++j) {
          const C zt = z[b * H + j];
          const C ht = g(clipTo(L, gxr[2 * H + j] + hidden[b * H + j]));
          hb[j] = (C(1) - zt) * ht + zt * hb[j];
          yb[j] = hb[j];
        }
      }
    }
  }
  storeSequence(ctx.hasOutput(0) ? ctx.outputs[0] : nullptr, y, L);
  storeState(ctx.hasOutput(1) ? ctx.outputs[1] : nullptr, h, L);
  // Per processed unit: 3 gemm-result adds, 3 activations, 1 reset product
  // (2 with linear_before_reset's bias), 4 for the state update, 3 bias adds.
  const uint64_t perUnit =
      3 + 3 + (linearBeforeReset ? 2 : 1) + 4 + (ctx.hasInput(kB) ? 3 : 0);
  ctx.flops += gemmFlops(L) +
               perUnit * static_cast<uint64_t>(L.dirs * validSteps(L) * H);
}

void gruKernel(KernelContext &ctx) {
  const Layer L = readLayer(ctx, 3, 2, {"Sigmoid", "Tanh"}, 1);
  if (ctx.in(kX).dtype() == DType::F64)
    gru<double>(ctx, L);
  else
    gru<float>(ctx, L);
}

//===----------------------------------------------------------------------===//
// RNN: one gate.
//===----------------------------------------------------------------------===//

template <typename C> void rnn(KernelContext &ctx, const Layer &L) {
  const int64_t H = L.hidden, batch = L.batch;
  const std::vector<C> x = timeMajorInput<C>(ctx.in(kX), L);
  ComputeInput<C> w(ctx.in(kW)), r(ctx.in(kR));
  std::vector<C> h = initialState<C>(ctx, kInitialH, L);
  std::vector<C> y(L.seq * L.dirs * batch * H, C(0));
  std::vector<C> gx, gr(batch * H);
  for (int64_t d = 0; d < L.dirs; ++d) {
    const Activation &f = L.acts[d];
    inputProjection(ctx, L, x, w.data(), d, {true}, gx);
    C *hs = h.data() + d * batch * H;
    for (int64_t step = 0; step < L.seq; ++step) {
      const int64_t t = L.reverse(d) ? L.seq - 1 - step : step;
      gemm(false, true, batch, H, H, C(1), hs, H, r.data() + d * H * H, H, C(0),
           gr.data(), H);
      for (int64_t b = 0; b < batch; ++b) {
        if (t >= L.lens[b])
          continue;
        const C *gxr = gx.data() + (t * batch + b) * H;
        C *hb = hs + b * H;
        C *yb = y.data() + ((t * L.dirs + d) * batch + b) * H;
        for (int64_t j = 0; j < H; ++j) {
          hb[j] = f(clipTo(L, gxr[j] + gr[b * H + j]));
          yb[j] = hb[j];
        }
      }
    }
  }
  storeSequence(ctx.hasOutput(0) ? ctx.outputs[0] : nullptr, y, L);
  storeState(ctx.hasOutput(1) ? ctx.outputs[1] : nullptr, h, L);
  // Per processed unit: 1 gemm-result add, 1 activation, 1 bias add.
  const uint64_t perUnit = 2 + (ctx.hasInput(kB) ? 1 : 0);
  ctx.flops += gemmFlops(L) +
               perUnit * static_cast<uint64_t>(L.dirs * validSteps(L) * H);
}

void rnnKernel(KernelContext &ctx) {
  const Layer L = readLayer(ctx, 1, 1, {"Tanh"}, 1);
  if (ctx.in(kX).dtype() == DType::F64)
    rnn<double>(ctx, L);
  else
    rnn<float>(ctx, L);
}

} // namespace

void registerRecurrentKernels(KernelRegistry &registry) {
  // FLOPs: 2 per MAC of X*W^T and H*R^T (4 gates), + per processed unit 13
  // elementwise ops (+4 with B, +6 with peepholes).
  registry.add("LSTM", lstmKernel);
  // FLOPs: 2 per MAC of X*W^T and H*R^T (3 gates), + per processed unit 11
  // elementwise ops (+1 with linear_before_reset, +3 with B).
  registry.add("GRU", gruKernel);
  // FLOPs: 2 per MAC of X*W^T and H*R^T, + per processed unit 2 elementwise
  // ops (+1 with B).
  registry.add("RNN", rnnKernel);
}

} // namespace kiln::rt
