//===- kiln-objdump.cpp - print what a .kbin holds -------------------------===//
//
//   kiln-objdump model.kbin [--json] [--no-program]
//
// Prints the header, the target and its configuration, the tensor table, the
// program (one line per step with its attributes) and the blob sections.
// The container is fully validated first, like kiln-run does.
//
//===----------------------------------------------------------------------===//

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

int main(int argc, char **argv) {
  std::string path;
  bool asJson = false, program = true;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--json")
      asJson = true;
    else if (arg == "--no-program")
      program = false;
    else if (arg == "-h" || arg == "--help") {
      std::cout << "usage: kiln-objdump model.kbin [--json] [--no-program]\n";
      return 0;
    } else if (!arg.empty() && arg[0] == '-') {
      std::cerr << "error: unknown option '" << arg << "'\n";
      return 1;
    } else
      path = arg;
  }
  if (path.empty()) {
    std::cerr << "usage: kiln-objdump model.kbin [--json] [--no-program]\n";
    return 1;
  }
  try {
    Kbin kbin = Kbin::loadFile(path);
    const Manifest &m = kbin.manifest();
    if (asJson) {
      std::cout << m.toJson().dump(2) << "\n";
      return 0;
    }
    std::cout << path << ": kbin " << kbin.versionMajor() << "."
              << kbin.versionMinor() << ", " << kbin.fileSize() << " bytes\n";
    std::cout << "producer: " << m.producer << "\n";
    std::cout << "target:   " << m.targetName << " " << m.targetConfig.dump()
              << "\n";
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
    return 0;
  } catch (const std::exception &e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
