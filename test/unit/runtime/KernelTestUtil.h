//===- KernelTestUtil.h - run one host kernel in a unit test ----*- C++ -*-===//
#ifndef KILN_TEST_UNIT_RUNTIME_KERNELTESTUTIL_H
#define KILN_TEST_UNIT_RUNTIME_KERNELTESTUTIL_H

#include "kiln/rt/Attrs.h"
#include "kiln/rt/Kernel.h"
#include "kiln/rt/Tensor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kiln::rt::test {

/// A tensor holding `values` converted to `type`.
inline Tensor makeTensor(DType type, Shape shape,
                         const std::vector<double> &values) {
  Tensor t(type, std::move(shape));
  EXPECT_EQ(static_cast<int64_t>(values.size()), t.numel());
  for (int64_t i = 0; i < t.numel() && i < static_cast<int64_t>(values.size());
       ++i) {
    if (isFloat(type))
      storeFromDouble(t, i, values[i]);
    else
      storeFromInt(t, i, static_cast<int64_t>(values[i]));
  }
  return t;
}

inline std::vector<double> values(const Tensor &t) {
  std::vector<double> out(t.numel());
  for (int64_t i = 0; i < t.numel(); ++i)
    out[i] = loadAsDouble(t, i);
  return out;
}

struct OutputSpec {
  DType type;
  Shape shape;
};

/// Runs kernel `op` and returns its outputs (absent outputs: nullopt spec).
inline std::vector<Tensor>
runKernel(const std::string &op, const std::vector<const Tensor *> &inputs,
          const std::vector<std::optional<OutputSpec>> &outputs,
          const Attrs &attrs = Attrs(), uint64_t *flops = nullptr) {
  registerAllHostKernels();
  const KernelFn *fn = KernelRegistry::instance().find(op);
  if (!fn)
    fail("no kernel for ", op);
  std::vector<Tensor> results;
  results.reserve(outputs.size());
  KernelContext ctx;
  ctx.op = op;
  ctx.name = "test";
  ctx.inputs = inputs;
  ctx.attrs = &attrs;
  for (const auto &spec : outputs)
    results.push_back(spec ? Tensor(spec->type, spec->shape) : Tensor());
  for (size_t i = 0; i < outputs.size(); ++i)
    ctx.outputs.push_back(outputs[i] ? &results[i] : nullptr);
  (*fn)(ctx);
  if (flops) {
    // What kiln-run reports for this step: the shared rules, or the
    // kernel's own count for ops without one.
    std::vector<FlopOperand> outs;
    for (size_t i = 0; i < outputs.size(); ++i) {
      FlopOperand o;
      if (outputs[i]) {
        o.shape = outputs[i]->shape;
        o.isFloat = isFloat(outputs[i]->type);
      } else {
        o.present = false;
      }
      outs.push_back(std::move(o));
    }
    *flops = hostStepFlops(op, inputs, outs, attrs, ctx.flops);
  }
  return results;
}

/// Compares values with a relative tolerance (NaN must match NaN).
inline void expectValues(const Tensor &t, const std::vector<double> &expected,
                         double rtol = 0) {
  std::vector<double> got = values(t);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << "element " << i << " is " << got[i];
    } else if (std::isinf(expected[i])) {
      EXPECT_EQ(got[i], expected[i]) << "element " << i;
    } else {
      EXPECT_NEAR(got[i], expected[i],
                  rtol * std::max(1.0, std::fabs(expected[i])))
          << "element " << i;
    }
  }
}

inline Attrs
makeAttrs(const std::vector<std::pair<std::string, AttrValue>> &list) {
  Attrs attrs;
  for (const auto &[name, value] : list)
    attrs.set(name, value);
  return attrs;
}

inline AttrValue intAttr(int64_t v) {
  AttrValue a;
  a.kind = AttrValue::Kind::Int;
  a.i = v;
  return a;
}
inline AttrValue floatAttr(double v) {
  AttrValue a;
  a.kind = AttrValue::Kind::Float;
  a.f = v;
  return a;
}
inline AttrValue stringAttr(std::string v) {
  AttrValue a;
  a.kind = AttrValue::Kind::String;
  a.s = std::move(v);
  return a;
}
inline AttrValue intsAttr(std::vector<int64_t> v) {
  AttrValue a;
  a.kind = AttrValue::Kind::Ints;
  a.ints = std::move(v);
  return a;
}

} // namespace kiln::rt::test

#endif
