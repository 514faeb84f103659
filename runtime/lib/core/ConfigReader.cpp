//===- ConfigReader.cpp - reading documented JSON parameters
//---------------===//

#include "kiln/rt/ConfigReader.h"

#include "kiln/rt/Error.h"

#include <cmath>
#include <sstream>

namespace kiln::rt {

using json = nlohmann::json;

namespace {
std::string fmt(double d) {
  std::ostringstream os;
  os << d;
  return os.str();
}
} // namespace

ConfigReader::ConfigReader(const json &obj, std::string what,
                           std::string prefix)
    : obj_(obj), what_(std::move(what)), prefix_(std::move(prefix)) {
  if (!obj_.is_object())
    fail(what_, " config: ",
         prefix_.empty() ? "the configuration" : "'" + prefix_ + "'",
         " must be a JSON object");
}

const json &ConfigReader::value(const char *key) const {
  auto it = obj_.find(key);
  if (it == obj_.end())
    bad(key, "is missing");
  if (it->is_object()) {
    auto v = it->find("value");
    if (v == it->end())
      bad(key, "is an object without \"value\"");
    return *v;
  }
  return *it;
}

double ConfigReader::number(const char *key, double lo, double hi) const {
  const json &v = value(key);
  if (!v.is_number())
    bad(key, "must be a number, got " + v.dump());
  double d = v.get<double>();
  if (!std::isfinite(d) || d < lo || d > hi)
    bad(key, "= " + v.dump() + " is out of range [" + fmt(lo) + ", " + fmt(hi) +
                 "]");
  return d;
}

double ConfigReader::positive(const char *key, double hi) const {
  double d = number(key, 0, hi);
  if (d <= 0)
    bad(key, "must be > 0");
  return d;
}

uint64_t ConfigReader::integer(const char *key, uint64_t lo,
                               uint64_t hi) const {
  const json &v = value(key);
  if (!v.is_number_integer() ||
      (!v.is_number_unsigned() && v.get<int64_t>() < 0))
    bad(key, "must be a non-negative integer, got " + v.dump());
  uint64_t u = v.get<uint64_t>();
  if (u < lo || u > hi)
    bad(key, "= " + v.dump() + " is out of range [" + std::to_string(lo) +
                 ", " + std::to_string(hi) + "]");
  return u;
}

bool ConfigReader::boolean(const char *key) const {
  const json &v = value(key);
  if (!v.is_boolean())
    bad(key, "must be true or false, got " + v.dump());
  return v.get<bool>();
}

std::string ConfigReader::string(const char *key) const {
  const json &v = value(key);
  if (!v.is_string())
    bad(key, "must be a string, got " + v.dump());
  return v.get<std::string>();
}

ConfigReader ConfigReader::group(const char *key) const {
  auto it = obj_.find(key);
  if (it == obj_.end())
    bad(key, "is missing");
  return ConfigReader(*it, what_, name(key));
}

void ConfigReader::bad(const char *key, const std::string &what) const {
  fail(what_, " config: '", name(key), "' ", what);
}

std::string ConfigReader::name(const char *key) const {
  return prefix_.empty() ? key : prefix_ + "." + key;
}

} // namespace kiln::rt
