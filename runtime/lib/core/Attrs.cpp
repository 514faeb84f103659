//===- Attrs.cpp - typed step attributes <-> JSON --------------------------===//

#include "kiln/rt/Attrs.h"

#include "kiln/rt/Error.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace kiln::rt {

using json = nlohmann::json;

static const char *kindName(AttrValue::Kind kind) {
  switch (kind) {
  case AttrValue::Kind::Int: return "i";
  case AttrValue::Kind::Float: return "f";
  case AttrValue::Kind::String: return "s";
  case AttrValue::Kind::Ints: return "ints";
  case AttrValue::Kind::Floats: return "floats";
  case AttrValue::Kind::Strings: return "strings";
  case AttrValue::Kind::Type: return "type";
  case AttrValue::Kind::Tensor: return "tensor";
  }
  return "?";
}

/// Non-finite floats are written as the strings "nan", "inf", "-inf".
static double floatFromJson(const json &x) {
  return x == "nan" ? std::nan("") : x == "inf" ? HUGE_VAL : -HUGE_VAL;
}

static std::shared_ptr<Tensor> tensorFromJson(const std::string &name,
                                              const json &j) {
  if (!j.is_object() || !j.contains("dtype") || !j.contains("shape") ||
      !j.contains("data") || !j["dtype"].is_string() ||
      !j["shape"].is_array() || !j["data"].is_array())
    fail("attribute '", name,
         "': a tensor needs string 'dtype', array 'shape' and array 'data'");
  std::optional<DType> type = parseDType(j["dtype"].get<std::string>());
  if (!type)
    fail("attribute '", name, "': unknown dtype ", j["dtype"].dump());
  Shape shape;
  for (const json &d : j["shape"]) {
    if (!d.is_number_integer() || d.get<int64_t>() < 0)
      fail("attribute '", name, "': shape entries must be non-negative ints");
    shape.push_back(d.get<int64_t>());
  }
  int64_t n = numElements(shape);
  if (n > (1 << 20) || static_cast<int64_t>(j["data"].size()) != n)
    fail("attribute '", name, "': tensor of shape ", formatShape(shape),
         " needs ", n, " data values, got ", j["data"].size());
  auto t = std::make_shared<Tensor>(*type, shape);
  for (int64_t i = 0; i < n; ++i) {
    const json &v = j["data"][i];
    if (v.is_number_integer())
      storeFromInt(*t, i, v.get<int64_t>());
    else if (v.is_number())
      storeFromDouble(*t, i, v.get<double>());
    else if (v.is_boolean())
      storeFromInt(*t, i, v.get<bool>());
    else if (v.is_string() && (v == "nan" || v == "inf" || v == "-inf"))
      storeFromDouble(*t, i, v == "nan"   ? std::nan("")
                             : v == "inf" ? HUGE_VAL
                                          : -HUGE_VAL);
    else
      fail("attribute '", name, "': tensor data must be numbers");
  }
  return t;
}

Attrs Attrs::fromJson(const json &j) {
  Attrs attrs;
  if (j.is_null())
    return attrs;
  if (!j.is_object())
    fail("attributes must be a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string &name = it.key();
    const json &v = it.value();
    if (!v.is_object() || v.size() != 1)
      fail("attribute '", name, "' must be an object with one typed key");
    const std::string &kind = v.begin().key();
    const json &x = v.begin().value();
    AttrValue a;
    auto expect = [&](bool ok) {
      if (!ok)
        fail("attribute '", name, "': malformed '", kind, "' value ", x.dump());
    };
    if (kind == "i") {
      expect(x.is_number_integer());
      a.kind = AttrValue::Kind::Int;
      a.i = x.get<int64_t>();
    } else if (kind == "f") {
      expect(x.is_number() || x == "nan" || x == "inf" || x == "-inf");
      a.kind = AttrValue::Kind::Float;
      a.f = x.is_number() ? x.get<double>() : floatFromJson(x);
    } else if (kind == "s") {
      expect(x.is_string());
      a.kind = AttrValue::Kind::String;
      a.s = x.get<std::string>();
    } else if (kind == "ints") {
      expect(x.is_array());
      a.kind = AttrValue::Kind::Ints;
      for (const json &e : x) {
        expect(e.is_number_integer());
        a.ints.push_back(e.get<int64_t>());
      }
    } else if (kind == "floats") {
      expect(x.is_array());
      a.kind = AttrValue::Kind::Floats;
      for (const json &e : x) {
        expect(e.is_number() || e == "nan" || e == "inf" || e == "-inf");
        a.floats.push_back(e.is_number() ? e.get<double>() : floatFromJson(e));
      }
    } else if (kind == "strings") {
      expect(x.is_array());
      a.kind = AttrValue::Kind::Strings;
      for (const json &e : x) {
        expect(e.is_string());
        a.strings.push_back(e.get<std::string>());
      }
    } else if (kind == "type") {
      expect(x.is_string());
      a.kind = AttrValue::Kind::Type;
      std::optional<DType> t = parseDType(x.get<std::string>());
      if (!t)
        fail("attribute '", name, "': unknown type ", x.dump());
      a.type = *t;
    } else if (kind == "tensor") {
      a.kind = AttrValue::Kind::Tensor;
      a.tensor = tensorFromJson(name, x);
    } else {
      fail("attribute '", name, "': unknown kind '", kind, "'");
    }
    attrs.values_[name] = std::move(a);
  }
  return attrs;
}

static json floatJson(double v) {
  if (std::isnan(v))
    return "nan";
  if (std::isinf(v))
    return v > 0 ? "inf" : "-inf";
  return v;
}

json Attrs::toJson() const {
  json out = json::object();
  for (const auto &[name, a] : values_) {
    json v;
    switch (a.kind) {
    case AttrValue::Kind::Int: v = a.i; break;
    case AttrValue::Kind::Float: v = floatJson(a.f); break;
    case AttrValue::Kind::String: v = a.s; break;
    case AttrValue::Kind::Ints: v = a.ints; break;
    case AttrValue::Kind::Floats:
      v = json::array();
      for (double f : a.floats)
        v.push_back(floatJson(f));
      break;
    case AttrValue::Kind::Strings: v = a.strings; break;
    case AttrValue::Kind::Type: v = dtypeName(a.type); break;
    case AttrValue::Kind::Tensor: {
      json data = json::array();
      for (int64_t i = 0; i < a.tensor->numel(); ++i)
        data.push_back(isFloat(a.tensor->dtype())
                           ? floatJson(loadAsDouble(*a.tensor, i))
                           : json(loadAsInt(*a.tensor, i)));
      v = {{"dtype", dtypeName(a.tensor->dtype())},
           {"shape", a.tensor->shape()},
           {"data", data}};
      break;
    }
    }
    out[name] = {{kindName(a.kind), v}};
  }
  return out;
}

const AttrValue *Attrs::find(const std::string &name,
                             AttrValue::Kind kind) const {
  auto it = values_.find(name);
  if (it == values_.end())
    return nullptr;
  if (it->second.kind != kind)
    fail("attribute '", name, "' is '", kindName(it->second.kind),
         "', expected '", kindName(kind), "'");
  return &it->second;
}

int64_t Attrs::getInt(const std::string &name, int64_t defaultValue) const {
  const AttrValue *a = find(name, AttrValue::Kind::Int);
  return a ? a->i : defaultValue;
}

int64_t Attrs::requireInt(const std::string &name) const {
  const AttrValue *a = find(name, AttrValue::Kind::Int);
  if (!a)
    fail("missing required attribute '", name, "'");
  return a->i;
}

float Attrs::getFloat(const std::string &name, float defaultValue) const {
  const AttrValue *a = find(name, AttrValue::Kind::Float);
  return a ? static_cast<float>(a->f) : defaultValue;
}

std::string Attrs::getString(const std::string &name,
                             const std::string &defaultValue) const {
  const AttrValue *a = find(name, AttrValue::Kind::String);
  return a ? a->s : defaultValue;
}

std::optional<std::vector<int64_t>>
Attrs::getInts(const std::string &name) const {
  const AttrValue *a = find(name, AttrValue::Kind::Ints);
  if (!a)
    return std::nullopt;
  return a->ints;
}

std::vector<float> Attrs::getFloats(const std::string &name) const {
  const AttrValue *a = find(name, AttrValue::Kind::Floats);
  if (!a)
    return {};
  return std::vector<float>(a->floats.begin(), a->floats.end());
}

std::vector<std::string> Attrs::getStrings(const std::string &name) const {
  const AttrValue *a = find(name, AttrValue::Kind::Strings);
  return a ? a->strings : std::vector<std::string>{};
}

std::optional<DType> Attrs::getType(const std::string &name) const {
  const AttrValue *a = find(name, AttrValue::Kind::Type);
  if (!a)
    return std::nullopt;
  return a->type;
}

const Tensor *Attrs::getTensor(const std::string &name) const {
  const AttrValue *a = find(name, AttrValue::Kind::Tensor);
  return a ? a->tensor.get() : nullptr;
}

} // namespace kiln::rt
