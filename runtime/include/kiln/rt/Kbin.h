//===- Kbin.h - the .kbin container -----------------------------*- C++ -*-===//
//
// The single definition of Kiln's binary container (docs/format/kbin.md):
//
//   [0, 64)          header: magic "KILNBIN\0", version, section offsets,
//                    CRC-32 of the manifest and of the header itself
//   manifest         UTF-8 JSON: target + configuration, tensor table,
//                    program (ordered host steps and device launches), blobs
//   blobs            64-byte aligned payloads (constants, device programs),
//                    each with its own CRC-32
//
// The writer is used by the compiler's emitters (which build without
// exceptions: every writer entry point catches and returns a message); the
// reader validates every offset, size, dtype, shape, reference and checksum
// before anything runs, and throws kiln::rt::Error naming what is wrong.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_KBIN_H
#define KILN_RT_KBIN_H

#include "kiln/rt/Attrs.h"
#include "kiln/rt/Tensor.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiln::rt {

inline constexpr char kKbinMagic[8] = {'K', 'I', 'L', 'N', 'B', 'I', 'N', '\0'};
inline constexpr uint16_t kKbinMajor = 1;
inline constexpr uint16_t kKbinMinor = 0;
inline constexpr uint64_t kKbinAlign = 64;
inline constexpr size_t kKbinHeaderSize = 64;

/// CRC-32 (zlib's polynomial) of a byte range.
uint32_t crc32Of(const void *data, size_t size);

enum class TensorKind { Input, Constant, Value };
const char *tensorKindName(TensorKind kind);

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  Shape shape;
  TensorKind kind = TensorKind::Value;
  int64_t blob = -1; // constants: index into the blob table
};

struct Step {
  enum class Kind { Host, Device };
  Kind kind = Kind::Host;
  std::string op;     // host: ONNX op type
  std::string name;   // node name, for messages and traces
  std::string target; // device: target name
  std::vector<int64_t> inputs;  // tensor ids, -1 = absent optional
  std::vector<int64_t> outputs; // tensor ids, -1 = absent optional
  Attrs attrs;
  int64_t programBlob = -1; // device: index of its program blob
};

struct BlobInfo {
  uint64_t offset = 0; // relative to the blob section, multiple of 64
  uint64_t size = 0;
  uint32_t crc32 = 0;
  std::string kind; // "constant" or "device-program"
};

/// The decoded manifest.
struct Manifest {
  std::string producer;
  std::string targetName;
  nlohmann::json targetConfig = nlohmann::json::object();
  nlohmann::json model = nlohmann::json::object(); // source file, opset, ...
  std::vector<TensorInfo> tensors;
  std::vector<int64_t> inputs, outputs;
  std::vector<Step> program;
  std::vector<BlobInfo> blobs;

  nlohmann::json toJson() const;
  /// Decodes and validates the structure (types, ranges, references, the
  /// order of definitions and uses); throws Error naming the bad field.
  static Manifest fromJson(const nlohmann::json &json);
};

/// Builds a .kbin in memory and writes it atomically (temp file + rename).
class KbinWriter {
public:
  Manifest &manifest() { return manifest_; }
  /// Adds a blob and returns its index.
  int64_t addBlob(std::string kind, const void *data, size_t size);
  /// Adds a tensor (constant when `data` is given) and returns its id.
  int64_t addTensor(const std::string &name, DType dtype, const Shape &shape,
                    TensorKind kind, const void *data = nullptr);
  /// Serializes to bytes; returns an error message instead of throwing.
  std::string serialize(std::string &out) const;
  /// Writes `path` via a temporary file in the same folder; on any error the
  /// destination is untouched and the message is returned ("" on success).
  std::string writeFile(const std::string &path) const;

private:
  Manifest manifest_;
  std::vector<std::string> blobData_;
};

/// A loaded, fully validated container. Constants are views into the
/// file's memory map (kept alive by the Kbin).
class Kbin {
public:
  static Kbin loadFile(const std::string &path);
  static Kbin loadBytes(std::shared_ptr<const std::string> bytes,
                        const std::string &label);
  const Manifest &manifest() const { return manifest_; }
  /// The bytes of blob `index`.
  const uint8_t *blobData(int64_t index) const;
  /// Constant tensor `id` as a view into the container.
  Tensor constant(int64_t id) const;
  uint64_t fileSize() const { return size_; }
  uint16_t versionMajor() const { return major_; }
  uint16_t versionMinor() const { return minor_; }

private:
  void parse(const std::string &label);
  std::shared_ptr<const void> keepAlive_;
  const uint8_t *bytes_ = nullptr;
  uint64_t size_ = 0;
  uint64_t blobsOffset_ = 0;
  uint16_t major_ = 0, minor_ = 0;
  Manifest manifest_;
};

} // namespace kiln::rt

#endif // KILN_RT_KBIN_H
