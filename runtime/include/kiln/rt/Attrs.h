//===- Attrs.h - typed attributes of program steps --------------*- C++ -*-===//
//
// Host steps carry their ONNX attributes. In the .kbin manifest each one is a
// JSON object with exactly one typed key, so ints and floats never blur:
//   {"i": 1}  {"f": 0.5}  {"s": "NOTSET"}  {"ints": [0, 2, 1]}
//   {"floats": [1.0]}  {"strings": ["Tanh"]}  {"type": "f16"}
//   {"tensor": {"dtype": "f32", "shape": [1], "data": [0.0]}}
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_ATTRS_H
#define KILN_RT_ATTRS_H

#include "kiln/rt/Tensor.h"

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiln::rt {

struct AttrValue {
  enum class Kind { Int, Float, String, Ints, Floats, Strings, Type, Tensor };
  Kind kind = Kind::Int;
  int64_t i = 0;
  double f = 0;
  std::string s;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::vector<std::string> strings;
  DType type = DType::F32;
  std::shared_ptr<Tensor> tensor;
};

class Attrs {
public:
  /// Parses the typed JSON form; throws Error naming the bad attribute.
  static Attrs fromJson(const nlohmann::json &json);
  nlohmann::json toJson() const;

  void set(const std::string &name, AttrValue value) {
    values_[name] = std::move(value);
  }
  bool has(const std::string &name) const { return values_.count(name) != 0; }
  const std::map<std::string, AttrValue> &all() const { return values_; }

  // Accessors throw Error when the attribute has another kind; the getters
  // with a default return it when the attribute is absent.
  int64_t getInt(const std::string &name, int64_t defaultValue) const;
  int64_t requireInt(const std::string &name) const;
  float getFloat(const std::string &name, float defaultValue) const;
  std::string getString(const std::string &name,
                        const std::string &defaultValue) const;
  std::optional<std::vector<int64_t>> getInts(const std::string &name) const;
  std::vector<float> getFloats(const std::string &name) const;
  std::vector<std::string> getStrings(const std::string &name) const;
  std::optional<DType> getType(const std::string &name) const;
  const Tensor *getTensor(const std::string &name) const;

private:
  const AttrValue *find(const std::string &name, AttrValue::Kind kind) const;
  std::map<std::string, AttrValue> values_;
};

} // namespace kiln::rt

#endif // KILN_RT_ATTRS_H
