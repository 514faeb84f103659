//===- Generate.cpp - greedy generation with a fed-back KV cache
//-----------===//

#include "kiln/rt/Generate.h"

#include "kiln/rt/Error.h"

#include <cstring>
#include <map>

namespace kiln::rt {

namespace {

const TensorInfo *findTensor(const Manifest &m, const std::vector<int64_t> &ids,
                             const std::string &name, int64_t *index) {
  for (size_t i = 0; i < ids.size(); ++i)
    if (m.tensors[ids[i]].name == name) {
      if (index)
        *index = static_cast<int64_t>(i);
      return &m.tensors[ids[i]];
    }
  return nullptr;
}

std::string describe(const TensorInfo &t) {
  return std::string(dtypeName(t.dtype)) + " " + formatShape(t.shape);
}

bool startsWith(const std::string &s, const char *prefix) {
  return s.rfind(prefix, 0) == 0;
}

} // namespace

Generator::Generator(const Kbin &step, const Kbin *prefill)
    : step_(step), prefill_(prefill) {
  const Manifest &m = step.manifest();
  auto bad = [](const std::string &what) {
    fail("--generate: the step program ", what);
  };
  const TensorInfo *token = findTensor(m, m.inputs, "token", nullptr);
  if (!token || token->dtype != DType::I64 || token->shape != Shape{1, 1})
    bad("needs an input \"token\" int64 [1, 1]" +
        (token ? ", got " + describe(*token) : std::string()));
  const TensorInfo *pos = findTensor(m, m.inputs, "position", nullptr);
  if (!pos || pos->dtype != DType::I64 || pos->shape != Shape{1})
    bad("needs an input \"position\" int64 [1]" +
        (pos ? ", got " + describe(*pos) : std::string()));
  const TensorInfo *logits = findTensor(m, m.outputs, "logits", &stepLogits_);
  if (!logits || logits->dtype != DType::F32 || logits->shape.size() != 3 ||
      logits->shape[0] != 1 || logits->shape[1] != 1)
    bad("needs an output \"logits\" float32 [1, 1, vocab]" +
        (logits ? ", got " + describe(*logits) : std::string()));
  vocab_ = logits->shape[2];
  for (int64_t id : m.inputs) {
    const TensorInfo &t = m.tensors[id];
    if (t.name == "token" || t.name == "position")
      continue;
    if (!startsWith(t.name, "past_"))
      bad("has an input '" + t.name +
          "' that is neither token, position "
          "nor a cache input past_<name>");
    CacheSlot slot;
    slot.past = t.name;
    slot.present = "present_" + t.name.substr(5);
    slot.dtype = t.dtype;
    slot.shape = t.shape;
    const TensorInfo *out =
        findTensor(m, m.outputs, slot.present, &slot.stepOutput);
    if (!out)
      bad("has the cache input '" + t.name + "' but no output '" +
          slot.present + "'");
    if (out->dtype != t.dtype || out->shape != t.shape)
      bad("output '" + slot.present + "' (" + describe(*out) +
          ") does not match its input '" + t.name + "' (" + describe(t) + ")");
    if (t.shape.size() != 4 || t.shape[0] != 1)
      bad("cache input '" + t.name + "' is " + describe(t) +
          "; caches are [1, heads, capacity, dim]");
    if (capacity_ && t.shape[2] != capacity_)
      bad("cache input '" + t.name + "' has capacity " +
          std::to_string(t.shape[2]) + ", others " + std::to_string(capacity_));
    capacity_ = t.shape[2];
    cache_.push_back(slot);
  }
  if (cache_.empty())
    bad("has no cache inputs past_<name>");
  stepExec_ = std::make_unique<Executor>(step);

  if (!prefill)
    return;
  const Manifest &p = prefill->manifest();
  auto badP = [](const std::string &what) {
    fail("--generate: the prefill program ", what);
  };
  const TensorInfo *tokens = findTensor(p, p.inputs, "tokens", nullptr);
  if (p.inputs.size() != 1 || !tokens || tokens->dtype != DType::I64 ||
      tokens->shape.size() != 2 || tokens->shape[0] != 1)
    badP("needs exactly one input \"tokens\" int64 [1, P]");
  prefillLength_ = tokens->shape[1];
  if (prefillLength_ > capacity_)
    badP("prefills " + std::to_string(prefillLength_) +
         " tokens, more than the step's cache capacity " +
         std::to_string(capacity_));
  const TensorInfo *pl = findTensor(p, p.outputs, "logits", &prefillLogits_);
  if (!pl || pl->dtype != DType::F32 ||
      pl->shape != Shape{1, prefillLength_, vocab_})
    badP("needs an output \"logits\" float32 [1, " +
         std::to_string(prefillLength_) + ", " + std::to_string(vocab_) + "]");
  for (CacheSlot &slot : cache_) {
    const TensorInfo *out =
        findTensor(p, p.outputs, slot.present, &slot.prefillOutput);
    Shape want = slot.shape;
    want[2] = prefillLength_;
    if (!out || out->dtype != slot.dtype || out->shape != want)
      badP("needs an output '" + slot.present + "' " + dtypeName(slot.dtype) +
           " " + formatShape(want) +
           (out ? ", got " + describe(*out) : std::string()));
  }
  prefillExec_ = std::make_unique<Executor>(*prefill);
}

int64_t Generator::argmaxLast(const Tensor &logits) const {
  const float *row = logits.data<float>() + (logits.numel() - vocab_);
  int64_t best = 0;
  for (int64_t i = 1; i < vocab_; ++i)
    if (row[i] > row[best])
      best = i;
  return best;
}

std::vector<int64_t> Generator::run(const std::vector<int64_t> &prompt,
                                    int64_t steps, GenerateStats *stats) const {
  if (prompt.empty())
    fail("--generate: the prompt is empty");
  if (steps < 1)
    fail("--generate: the number of tokens to generate must be positive");
  if (int64_t(prompt.size()) + steps - 1 > capacity_)
    fail("--generate: the prompt (", prompt.size(), " tokens) and ", steps,
         " generated tokens need ", prompt.size() + steps - 1,
         " cache positions; the step program's cache holds ", capacity_);
  for (int64_t t : prompt)
    if (t < 0 || t >= vocab_)
      fail("--generate: prompt token ", t, " is outside the vocabulary [0, ",
           vocab_, ")");
  if (prefillExec_ && int64_t(prompt.size()) != prefillLength_)
    fail("--generate: the prefill program takes ", prefillLength_,
         " prompt tokens, the prompt has ", prompt.size());
  GenerateStats local;
  GenerateStats &st = stats ? *stats : local;
  bool keep = st.keepTimeline;
  st = GenerateStats();
  st.keepTimeline = keep;
  auto record = [&](const RunStats &rs) {
    if (!st.keepTimeline)
      return;
    for (StepStats s : rs.steps) {
      s.startSeconds += st.timeline.seconds;
      st.timeline.steps.push_back(std::move(s));
    }
    st.timeline.seconds += rs.seconds;
    st.timeline.flops += rs.flops;
  };

  std::map<std::string, Tensor> inputs;
  for (const CacheSlot &slot : cache_)
    inputs[slot.past] = Tensor(slot.dtype, slot.shape); // zeroed
  Tensor token(DType::I64, {1, 1}), position(DType::I64, {1});
  inputs["token"] = token;
  inputs["position"] = position;

  std::vector<int64_t> out;
  int64_t next = -1, cached = 0;
  auto runStep = [&](int64_t tok) {
    inputs["token"].data<int64_t>()[0] = tok;
    inputs["position"].data<int64_t>()[0] = cached;
    RunStats rs;
    std::vector<Tensor> results = stepExec_->run(inputs, &rs);
    for (const CacheSlot &slot : cache_)
      inputs[slot.past] = std::move(results[slot.stepOutput]);
    ++cached;
    ++st.stepRuns;
    record(rs);
    st.seconds += rs.seconds;
    st.flops += rs.flops;
    st.lastStep = std::move(rs);
    return argmaxLast(results[stepLogits_]);
  };

  if (prefillExec_) {
    Tensor tokens(DType::I64, {1, prefillLength_});
    std::memcpy(tokens.raw(), prompt.data(), prompt.size() * sizeof(int64_t));
    RunStats rs;
    std::vector<Tensor> results = prefillExec_->run({{"tokens", tokens}}, &rs);
    for (const CacheSlot &slot : cache_) {
      // [1, H, P, D] into the first P positions of [1, H, C, D].
      const Tensor &src = results[slot.prefillOutput];
      Tensor &dst = inputs[slot.past];
      size_t elem = dtypeSize(slot.dtype);
      size_t rowBytes = size_t(slot.shape[3]) * elem;
      for (int64_t h = 0; h < slot.shape[1]; ++h)
        std::memcpy(static_cast<char *>(dst.raw()) +
                        size_t(h) * capacity_ * rowBytes,
                    static_cast<const char *>(src.raw()) +
                        size_t(h) * prefillLength_ * rowBytes,
                    size_t(prefillLength_) * rowBytes);
    }
    cached = prefillLength_;
    st.prefillRuns = 1;
    record(rs);
    st.seconds += rs.seconds;
    st.flops += rs.flops;
    next = argmaxLast(results[prefillLogits_]);
  } else {
    for (int64_t t : prompt)
      next = runStep(t);
  }
  out.push_back(next);
  while (int64_t(out.size()) < steps)
    out.push_back(runStep(out.back()));
  return out;
}

} // namespace kiln::rt
