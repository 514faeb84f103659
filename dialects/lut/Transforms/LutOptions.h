//===- LutOptions.h - parsing LUT-TC options and configurations -*- C++ -*-===//
//
// The option strings passes and kiln-compile share (--lut-bits=ternary,
// --lut-tile=2x64x4, ...) and the machine configuration JSON
// (configs/lut-tc/*.json, built into the compiler as the default). Parsing
// never throws: the compiler builds without exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_LUT_TRANSFORMS_LUTOPTIONS_H
#define KILN_DIALECTS_LUT_TRANSFORMS_LUTOPTIONS_H

#include "KernelPlanner.h"

#include "kiln/rt/LutConfig.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace kiln::lut {

/// "MxNxK" -> tile; "" when valid, else what is wrong.
std::string parseTile(const std::string &text, rt::lut::TileShape &tile);
/// "1".."4" -> bits; "ternary" -> 2 with ternary set.
std::string parseBits(const std::string &text, unsigned &bits, bool &ternary);
std::string parseActType(const std::string &text, rt::lut::ActType &act);
/// "" picks the default for the activation type (f16 -> f16, i8 -> i16).
std::string parseTableType(const std::string &text, rt::lut::ActType act,
                           rt::lut::TableType &table);
/// Whether the act/table pair is one the precompute unit produces.
std::string checkActTable(rt::lut::ActType act, rt::lut::TableType table);

/// The built-in default configuration (configs/lut-tc/default.json).
const char *defaultConfigText();

/// The machine configuration: the JSON recorded in the .kbin and the view
/// the planner needs. `path` empty = built-in default; `tile` non-empty
/// overrides the configured lmma tile (and is written back into `json`).
struct LutMachine {
  nlohmann::json json;
  rt::lut::LutConfig config; // validated by the runtime's parser
};
std::string loadMachine(const std::string &path, const std::string &tile,
                        LutMachine &out);

} // namespace kiln::lut

#endif // KILN_DIALECTS_LUT_TRANSFORMS_LUTOPTIONS_H
