//===- LutOptions.cpp - parsing LUT-TC options and configurations
//----------===//

#include "LutOptions.h"

#include "kiln/rt/LutConfig.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace kiln::rt::lut;
using nlohmann::json;

namespace kiln::lut {

namespace {

bool parseUnsigned(const std::string &text, unsigned long &out) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  out = std::strtoul(text.c_str(), nullptr, 10);
  return true;
}

} // namespace

std::string parseTile(const std::string &text, TileShape &tile) {
  std::string parts[3];
  size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    size_t x = text.find('x', start);
    if ((i < 2) != (x != std::string::npos))
      return "tile '" + text + "' is not MxNxK";
    parts[i] = text.substr(start, i < 2 ? x - start : std::string::npos);
    start = x + 1;
  }
  unsigned long m, n, k;
  if (!parseUnsigned(parts[0], m) || !parseUnsigned(parts[1], n) ||
      !parseUnsigned(parts[2], k))
    return "tile '" + text + "' is not MxNxK with positive integers";
  if (m < 1 || m > 255)
    return "tile M must be 1..255, got " + parts[0];
  if (n < 1 || n > 65535)
    return "tile N must be 1..65535, got " + parts[1];
  if (k < 1 || k > 8)
    return "tile K must be 1..8 (tables of 2^(K-1) entries), got " + parts[2];
  if ((n * k) % 8 != 0)
    return "tile N*K must be a multiple of 8 (whole bytes per weight plane), "
           "got " +
           std::to_string(n * k);
  tile = {unsigned(m), unsigned(n), unsigned(k)};
  return "";
}

std::string parseBits(const std::string &text, unsigned &bits, bool &ternary) {
  ternary = text == "ternary";
  if (ternary) {
    bits = 2;
    return "";
  }
  unsigned long b;
  if (!parseUnsigned(text, b) || b < 1 || b > 4)
    return "weight bits must be 1, 2, 3, 4 or ternary, got '" + text + "'";
  bits = unsigned(b);
  return "";
}

std::string parseActType(const std::string &text, ActType &act) {
  if (text == "f16")
    act = ActType::F16;
  else if (text == "i8")
    act = ActType::I8;
  else
    return "activation type must be f16 or i8, got '" + text + "'";
  return "";
}

std::string parseTableType(const std::string &text, ActType act,
                           TableType &table) {
  if (text.empty())
    table = act == ActType::I8 ? TableType::I16 : TableType::F16;
  else if (text == "f16")
    table = TableType::F16;
  else if (text == "i8")
    table = TableType::I8;
  else if (text == "i16")
    table = TableType::I16;
  else
    return "table type must be f16, i8 or i16, got '" + text + "'";
  return checkActTable(act, table);
}

std::string checkActTable(ActType act, TableType table) {
  const char *why = actTableError(act, table);
  return why ? why : "";
}

const char *defaultConfigText() {
  return rt::lut::LutConfig::defaultJsonText();
}

std::string loadMachine(const std::string &path, const std::string &tile,
                        LutMachine &out) {
  std::string text;
  if (path.empty()) {
    text = defaultConfigText();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return "cannot read the LUT-TC configuration '" + path + "'";
    std::ostringstream os;
    os << in.rdbuf();
    text = os.str();
  }
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return "LUT-TC configuration '" + (path.empty() ? "default" : path) +
           "' is not a JSON object";
  if (!tile.empty()) {
    TileShape shape;
    if (std::string err = parseTile(tile, shape); !err.empty())
      return err;
    json value = {{"m", shape.m}, {"n", shape.n}, {"k", shape.k}};
    if (j.contains("tile") && j["tile"].is_object() &&
        j["tile"].contains("value"))
      j["tile"]["value"] = value;
    else
      j["tile"] = value;
  }
  rt::lut::LutConfig config;
  if (std::string err = rt::lut::LutConfig::tryFromJson(j, config);
      !err.empty())
    return err;
  out.json = std::move(j);
  out.config = config;
  return "";
}

} // namespace kiln::lut
