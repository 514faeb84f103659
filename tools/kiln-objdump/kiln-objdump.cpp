//===- kiln-objdump.cpp - print what a .kbin holds
//-------------------------===//
//
//   kiln-objdump model.kbin [--json] [--no-program] [--no-disasm]
//
// Prints the header, the target and its configuration, the tensor table, the
// program (one line per step with its attributes, and the disassembly of each
// device program whose target has a simulator) and the blob sections.
// The container is fully validated first, like kiln-run does. Device
// programs are listed even when invalid (that is when a listing helps most):
// the validation error is printed after the listing and the exit code is 1.
//
//===----------------------------------------------------------------------===//

#include "kiln/rt/Device.h"
#include "kiln/rt/Error.h"
#include "kiln/rt/Kbin.h"

#include <iomanip>
#include <iostream>
#include <map>

using namespace kiln::rt;

static std::string tensorRef(const Manifest &m, int64_t id) {
  if (id < 0)
    return "-";
  const TensorInfo &t = m.tensors[id];
  return "%" + std::to_string(id) + ":" + dtypeName(t.dtype) + "[" +
         formatShape(t.shape) + "]";
}

/// A configuration with its notes left out: {"value": v, "source": ...}
/// parameters become v, "description" goes (--json keeps everything).
static nlohmann::json compactConfig(const nlohmann::json &j) {
  if (!j.is_object())
    return j;
  if (j.contains("value"))
    return compactConfig(j["value"]);
  nlohmann::json out = nlohmann::json::object();
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "description")
      out[it.key()] = compactConfig(*it);
  return out;
}

/// The listing of device step `i` ({"cores": [[line...]...]} from its
/// simulator, or null) and the program's validation error ("" when valid).
static nlohmann::json deviceListing(const Kbin &kbin, size_t i,
                                    std::string &error) {
  const Manifest &m = kbin.manifest();
  const Step &s = m.program[i];
  error.clear();
  const DeviceSimulator *sim = findDevice(s.target);
  if (!sim)
    return nullptr;
  const uint8_t *blob = kbin.blobData(s.programBlob);
  size_t size = static_cast<size_t>(m.blobs[s.programBlob].size);
  nlohmann::json listing;
  try {
    listing = sim->disassemble(s, blob, size);
    sim->validate(m, i, blob, size);
  } catch (const std::exception &e) {
    error = e.what();
  }
  return listing;
}

int main(int argc, char **argv) {
  std::string path;
  bool asJson = false, program = true, disasm = true;
  const char *usage =
      "usage: kiln-objdump model.kbin [--json] [--no-program] [--no-disasm]\n";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--json")
      asJson = true;
    else if (arg == "--no-program")
      program = false;
    else if (arg == "--no-disasm")
      disasm = false;
    else if (arg == "-h" || arg == "--help") {
      std::cout << usage;
      return 0;
    } else if (!arg.empty() && arg[0] == '-') {
      std::cerr << "error: unknown option '" << arg << "'\n";
      return 1;
    } else
      path = arg;
  }
  if (path.empty()) {
    std::cerr << usage;
    return 1;
  }
  try {
    Kbin kbin = Kbin::loadFile(path);
    const Manifest &m = kbin.manifest();
    registerAllDevices();
    int status = 0;
    if (asJson) {
      nlohmann::json j = m.toJson();
      if (disasm) {
        nlohmann::json progs = nlohmann::json::array();
        for (size_t i = 0; i < m.program.size(); ++i) {
          const Step &s = m.program[i];
          if (s.kind != Step::Kind::Device)
            continue;
          std::string error;
          nlohmann::json listing = deviceListing(kbin, i, error);
          if (listing.is_null() && error.empty())
            continue;
          nlohmann::json e = {
              {"step", i}, {"name", s.name}, {"target", s.target}};
          if (listing.is_object())
            e.update(listing);
          if (!error.empty()) {
            e["error"] = error;
            status = 1;
          }
          progs.push_back(std::move(e));
        }
        j["device_programs"] = std::move(progs);
      }
      std::cout << j.dump(2) << "\n";
      return status;
    }
    std::cout << path << ": kbin " << kbin.versionMajor() << "."
              << kbin.versionMinor() << ", " << kbin.fileSize() << " bytes\n";
    std::cout << "producer: " << m.producer << "\n";
    std::cout << "target:   " << m.targetName << " "
              << compactConfig(m.targetConfig).dump() << "\n";
    if (!m.model.empty())
      std::cout << "model:    " << m.model.dump() << "\n";

    std::map<TensorKind, std::pair<int64_t, uint64_t>> kinds;
    for (const TensorInfo &t : m.tensors) {
      kinds[t.kind].first++;
      kinds[t.kind].second += numElements(t.shape) * dtypeSize(t.dtype);
    }
    std::cout << "\ntensors:  " << m.tensors.size() << " (";
    bool first = true;
    for (auto &[kind, c] : kinds) {
      std::cout << (first ? "" : ", ") << c.first << " " << tensorKindName(kind)
                << " " << c.second << " B";
      first = false;
    }
    std::cout << ")\n";
    std::cout << "inputs:\n";
    for (int64_t id : m.inputs)
      std::cout << "  " << m.tensors[id].name << " " << tensorRef(m, id) << "\n";
    std::cout << "outputs:\n";
    for (int64_t id : m.outputs)
      std::cout << "  " << m.tensors[id].name << " " << tensorRef(m, id) << "\n";

    if (program) {
      std::map<std::string, int> ops;
      for (const Step &s : m.program)
        ops[s.kind == Step::Kind::Host ? s.op : s.target + ":" + s.op]++;
      std::cout << "\nprogram: " << m.program.size() << " steps (";
      first = true;
      for (auto &[op, n] : ops) {
        std::cout << (first ? "" : ", ") << op << " x" << n;
        first = false;
      }
      std::cout << ")\n";
      for (size_t i = 0; i < m.program.size(); ++i) {
        const Step &s = m.program[i];
        std::cout << std::setw(5) << i << ": "
                  << (s.kind == Step::Kind::Host ? "host   " : "device ")
                  << (s.kind == Step::Kind::Host ? s.op : s.target + "." + s.op);
        if (!s.name.empty())
          std::cout << " '" << s.name << "'";
        std::cout << " (";
        for (size_t k = 0; k < s.inputs.size(); ++k)
          std::cout << (k ? ", " : "") << tensorRef(m, s.inputs[k]);
        std::cout << ") -> (";
        for (size_t k = 0; k < s.outputs.size(); ++k)
          std::cout << (k ? ", " : "") << tensorRef(m, s.outputs[k]);
        std::cout << ")";
        nlohmann::json attrs = s.attrs.toJson();
        if (!attrs.empty())
          std::cout << " " << attrs.dump();
        std::cout << "\n";
        if (s.kind != Step::Kind::Device || !disasm)
          continue;
        std::string error;
        nlohmann::json listing = deviceListing(kbin, i, error);
        if (listing.is_object() && listing.contains("cores")) {
          const nlohmann::json &cores = listing["cores"];
          for (size_t c = 0; c < cores.size(); ++c) {
            std::cout << "         core " << c << ":\n";
            for (const auto &line : cores[c])
              std::cout << "           " << line.get<std::string>() << "\n";
          }
        }
        if (!error.empty()) {
          std::cout << "         invalid: " << error << "\n";
          status = 1;
        }
      }
    }
    std::cout << "\nblobs: " << m.blobs.size() << "\n";
    uint64_t total = 0;
    std::map<std::string, std::pair<int64_t, uint64_t>> blobKinds;
    for (const BlobInfo &b : m.blobs) {
      blobKinds[b.kind].first++;
      blobKinds[b.kind].second += b.size;
      total += b.size;
    }
    for (auto &[kind, c] : blobKinds)
      std::cout << "  " << kind << ": " << c.first << " blobs, " << c.second
                << " bytes\n";
    std::cout << "  total: " << total << " bytes (64-byte aligned, CRC-32 "
              << "checked)\n";
    return status;
  } catch (const std::exception &e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
