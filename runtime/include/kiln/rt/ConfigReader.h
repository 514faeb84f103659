//===- ConfigReader.h - reading documented JSON parameters ------*- C++ -*-===//
//
// Machine configurations (configs/<target>/*.json) give every parameter
// either as a bare value or as {"value": v, "unit": ..., "source": ...}. The
// reader returns the value, checks its type and range, and names the
// parameter by its path in every error: "<what> config: 'a.b' must be > 0".
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_CONFIGREADER_H
#define KILN_RT_CONFIGREADER_H

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace kiln::rt {

class ConfigReader {
public:
  /// `what` names the configuration in messages ("lut-tc", "dimm-pim").
  ConfigReader(const nlohmann::json &obj, std::string what,
               std::string prefix = "");

  bool has(const char *key) const { return obj_.contains(key); }
  /// The parameter's value: the bare JSON value or its "value" member.
  const nlohmann::json &value(const char *key) const;
  double number(const char *key, double lo, double hi) const;
  /// Strictly positive number.
  double positive(const char *key, double hi = 1e12) const;
  uint64_t integer(const char *key, uint64_t lo, uint64_t hi) const;
  bool boolean(const char *key) const;
  std::string string(const char *key) const;
  /// A nested object, read with the same rules.
  ConfigReader group(const char *key) const;

  [[noreturn]] void bad(const char *key, const std::string &what) const;
  /// The dotted path of `key` ("timing.tRCD").
  std::string name(const char *key) const;

private:
  const nlohmann::json &obj_;
  std::string what_;
  std::string prefix_;
};

} // namespace kiln::rt

#endif // KILN_RT_CONFIGREADER_H
