//===- Kbin.cpp - .kbin writer and validating reader -----------------------===//

#include "kiln/rt/Kbin.h"

#include "kiln/rt/Error.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <set>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kiln::rt {

using json = nlohmann::json;

uint32_t crc32Of(const void *data, size_t size) {
  uLong crc = ::crc32(0L, Z_NULL, 0);
  const Bytef *p = static_cast<const Bytef *>(data);
  while (size > 0) { // zlib takes uInt lengths
    uInt chunk = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
    crc = ::crc32(crc, p, chunk);
    p += chunk;
    size -= chunk;
  }
  return static_cast<uint32_t>(crc);
}

const char *tensorKindName(TensorKind kind) {
  switch (kind) {
  case TensorKind::Input: return "input";
  case TensorKind::Constant: return "constant";
  case TensorKind::Value: return "value";
  }
  return "?";
}

namespace {

// Little-endian field access for the fixed header.
template <typename T> T readLE(const uint8_t *p) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T); ++i)
    v |= static_cast<T>(p[i]) << (8 * i);
  return v;
}
template <typename T> void writeLE(uint8_t *p, T v) {
  for (size_t i = 0; i < sizeof(T); ++i)
    p[i] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i));
}

uint64_t alignUp(uint64_t v) { return (v + kKbinAlign - 1) / kKbinAlign * kKbinAlign; }

// Accessors that turn a schema violation into an Error naming the field.
const json &field(const json &obj, const char *key, const std::string &where) {
  if (!obj.is_object() || !obj.contains(key))
    fail("manifest: ", where, " lacks '", key, "'");
  return obj[key];
}
int64_t asInt(const json &v, const std::string &where) {
  if (!v.is_number_integer())
    fail("manifest: ", where, " must be an integer, got ", v.dump());
  return v.get<int64_t>();
}
uint64_t asUInt(const json &v, const std::string &where) {
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<int64_t>() >= 0))
    fail("manifest: ", where, " must be a non-negative integer, got ", v.dump());
  return v.get<uint64_t>();
}
std::string asString(const json &v, const std::string &where) {
  if (!v.is_string())
    fail("manifest: ", where, " must be a string, got ", v.dump());
  return v.get<std::string>();
}
const json &asArray(const json &v, const std::string &where) {
  if (!v.is_array())
    fail("manifest: ", where, " must be an array");
  return v;
}

std::vector<int64_t> idList(const json &v, const std::string &where,
                            int64_t numTensors, bool allowAbsent) {
  std::vector<int64_t> ids;
  for (size_t i = 0; i < asArray(v, where).size(); ++i) {
    std::string at = where + "[" + std::to_string(i) + "]";
    int64_t id = asInt(v[i], at);
    if (id < (allowAbsent ? -1 : 0) || id >= numTensors)
      fail("manifest: ", at, " = ", id, " is not a tensor id (0..",
           numTensors - 1, allowAbsent ? ", or -1 for absent" : "", ")");
    ids.push_back(id);
  }
  return ids;
}

} // namespace

json Manifest::toJson() const {
  json j;
  j["kiln"] = {{"format_version", {kKbinMajor, kKbinMinor}},
               {"producer", producer}};
  j["target"] = {{"name", targetName}, {"config", targetConfig}};
  j["model"] = model;
  json tensorList = json::array();
  for (const TensorInfo &t : tensors) {
    json e = {{"name", t.name},
              {"dtype", dtypeName(t.dtype)},
              {"shape", t.shape},
              {"kind", tensorKindName(t.kind)}};
    if (t.kind == TensorKind::Constant)
      e["blob"] = t.blob;
    tensorList.push_back(std::move(e));
  }
  j["tensors"] = std::move(tensorList);
  j["inputs"] = inputs;
  j["outputs"] = outputs;
  json steps = json::array();
  for (const Step &s : program) {
    json e;
    if (s.kind == Step::Kind::Host) {
      e = {{"kind", "host"}, {"op", s.op}};
    } else {
      e = {{"kind", "device"}, {"target", s.target}, {"program", s.programBlob}};
      if (!s.op.empty())
        e["op"] = s.op;
    }
    e["name"] = s.name;
    e["inputs"] = s.inputs;
    e["outputs"] = s.outputs;
    e["attrs"] = s.attrs.toJson();
    steps.push_back(std::move(e));
  }
  j["program"] = std::move(steps);
  json blobList = json::array();
  for (const BlobInfo &b : blobs)
    blobList.push_back({{"offset", b.offset},
                        {"size", b.size},
                        {"crc32", b.crc32},
                        {"kind", b.kind}});
  j["blobs"] = std::move(blobList);
  return j;
}

Manifest Manifest::fromJson(const json &j) {
  Manifest m;
  if (!j.is_object())
    fail("manifest: not a JSON object");
  const json &kiln = field(j, "kiln", "the manifest");
  m.producer = asString(field(kiln, "producer", "'kiln'"), "kiln.producer");
  const json &target = field(j, "target", "the manifest");
  m.targetName = asString(field(target, "name", "'target'"), "target.name");
  m.targetConfig = field(target, "config", "'target'");
  if (!m.targetConfig.is_object())
    fail("manifest: target.config must be an object");
  if (j.contains("model"))
    m.model = j["model"];

  // Blobs first: constants refer to them.
  const json &blobs = asArray(field(j, "blobs", "the manifest"), "blobs");
  for (size_t i = 0; i < blobs.size(); ++i) {
    std::string at = "blobs[" + std::to_string(i) + "]";
    BlobInfo b;
    b.offset = asUInt(field(blobs[i], "offset", at), at + ".offset");
    b.size = asUInt(field(blobs[i], "size", at), at + ".size");
    b.crc32 = static_cast<uint32_t>(asUInt(field(blobs[i], "crc32", at), at + ".crc32"));
    b.kind = asString(field(blobs[i], "kind", at), at + ".kind");
    if (b.offset % kKbinAlign)
      fail("manifest: ", at, ".offset ", b.offset, " is not ", kKbinAlign,
           "-byte aligned");
    m.blobs.push_back(b);
  }

  const json &tensors = asArray(field(j, "tensors", "the manifest"), "tensors");
  std::set<int64_t> usedBlobs;
  for (size_t i = 0; i < tensors.size(); ++i) {
    std::string at = "tensors[" + std::to_string(i) + "]";
    const json &e = tensors[i];
    TensorInfo t;
    t.name = asString(field(e, "name", at), at + ".name");
    std::string dtype = asString(field(e, "dtype", at), at + ".dtype");
    std::optional<DType> parsed = parseDType(dtype);
    if (!parsed)
      fail("manifest: ", at, " ('", t.name, "') has unknown dtype '", dtype, "'");
    t.dtype = *parsed;
    const json &shape = asArray(field(e, "shape", at), at + ".shape");
    for (size_t d = 0; d < shape.size(); ++d) {
      int64_t dim = asInt(shape[d], at + ".shape[" + std::to_string(d) + "]");
      if (dim < 0)
        fail("manifest: ", at, " ('", t.name, "') has negative dim ", dim);
      t.shape.push_back(dim);
    }
    int64_t n = numElements(t.shape);
    if (static_cast<uint64_t>(n) > (uint64_t{1} << 40) / dtypeSize(t.dtype))
      fail("manifest: ", at, " ('", t.name, "') of shape ",
           formatShape(t.shape), " is too large");
    std::string kind = asString(field(e, "kind", at), at + ".kind");
    if (kind == "input")
      t.kind = TensorKind::Input;
    else if (kind == "constant")
      t.kind = TensorKind::Constant;
    else if (kind == "value")
      t.kind = TensorKind::Value;
    else
      fail("manifest: ", at, " has unknown kind '", kind, "'");
    if (t.kind == TensorKind::Constant) {
      t.blob = asInt(field(e, "blob", at), at + ".blob");
      if (t.blob < 0 || t.blob >= static_cast<int64_t>(m.blobs.size()))
        fail("manifest: ", at, " ('", t.name, "') refers to blob ", t.blob,
             " of ", m.blobs.size());
      uint64_t bytes = static_cast<uint64_t>(n) * dtypeSize(t.dtype);
      if (m.blobs[t.blob].size != bytes)
        fail("manifest: ", at, " ('", t.name, "') needs ", bytes,
             " bytes but blob ", t.blob, " has ", m.blobs[t.blob].size);
      usedBlobs.insert(t.blob);
    }
    m.tensors.push_back(std::move(t));
  }
  int64_t numTensors = m.tensors.size();

  m.inputs = idList(field(j, "inputs", "the manifest"), "inputs", numTensors, false);
  for (int64_t id : m.inputs)
    if (m.tensors[id].kind != TensorKind::Input)
      fail("manifest: inputs lists tensor ", id, " ('", m.tensors[id].name,
           "'), which is a ", tensorKindName(m.tensors[id].kind));
  m.outputs = idList(field(j, "outputs", "the manifest"), "outputs", numTensors, false);

  // Program: every value is defined exactly once, before any use.
  std::vector<bool> defined(numTensors, false);
  for (int64_t id = 0; id < numTensors; ++id)
    defined[id] = m.tensors[id].kind != TensorKind::Value;
  std::set<int64_t> declaredInputs(m.inputs.begin(), m.inputs.end());
  for (int64_t id = 0; id < numTensors; ++id)
    if (m.tensors[id].kind == TensorKind::Input && !declaredInputs.count(id))
      fail("manifest: input tensor ", id, " ('", m.tensors[id].name,
           "') is missing from 'inputs'");
  const json &program = asArray(field(j, "program", "the manifest"), "program");
  for (size_t i = 0; i < program.size(); ++i) {
    std::string at = "program[" + std::to_string(i) + "]";
    const json &e = program[i];
    Step s;
    std::string kind = asString(field(e, "kind", at), at + ".kind");
    if (kind == "host") {
      s.kind = Step::Kind::Host;
      s.op = asString(field(e, "op", at), at + ".op");
    } else if (kind == "device") {
      s.kind = Step::Kind::Device;
      s.target = asString(field(e, "target", at), at + ".target");
      s.programBlob = asInt(field(e, "program", at), at + ".program");
      if (s.programBlob < 0 || s.programBlob >= static_cast<int64_t>(m.blobs.size()))
        fail("manifest: ", at, ".program refers to blob ", s.programBlob,
             " of ", m.blobs.size());
      if (e.contains("op"))
        s.op = asString(e["op"], at + ".op");
    } else {
      fail("manifest: ", at, " has unknown kind '", kind, "'");
    }
    if (e.contains("name"))
      s.name = asString(e["name"], at + ".name");
    s.inputs = idList(field(e, "inputs", at), at + ".inputs", numTensors, true);
    s.outputs = idList(field(e, "outputs", at), at + ".outputs", numTensors, true);
    for (int64_t id : s.inputs)
      if (id >= 0 && !defined[id])
        fail("manifest: ", at, " (", s.op, " '", s.name, "') reads tensor ",
             id, " ('", m.tensors[id].name, "') before any step defines it");
    for (int64_t id : s.outputs) {
      if (id < 0)
        continue;
      if (m.tensors[id].kind != TensorKind::Value)
        fail("manifest: ", at, " (", s.op, " '", s.name, "') writes tensor ",
             id, " ('", m.tensors[id].name, "'), which is a ",
             tensorKindName(m.tensors[id].kind));
      if (defined[id])
        fail("manifest: ", at, " (", s.op, " '", s.name, "') redefines tensor ",
             id, " ('", m.tensors[id].name, "')");
      defined[id] = true;
    }
    try {
      s.attrs = Attrs::fromJson(e.contains("attrs") ? e["attrs"] : json());
    } catch (const Error &err) {
      fail("manifest: ", at, " (", s.op, " '", s.name, "'): ", err.what());
    }
    m.program.push_back(std::move(s));
  }
  for (int64_t id : m.outputs)
    if (!defined[id])
      fail("manifest: output tensor ", id, " ('", m.tensors[id].name,
           "') is never defined by the program");
  return m;
}

//===----------------------------------------------------------------------===//
// Writer
//===----------------------------------------------------------------------===//

int64_t KbinWriter::addBlob(std::string kind, const void *data, size_t size) {
  BlobInfo b;
  b.offset = 0; // assigned when serializing
  b.size = size;
  b.crc32 = crc32Of(data, size);
  b.kind = std::move(kind);
  manifest_.blobs.push_back(b);
  blobData_.emplace_back(static_cast<const char *>(data), size);
  return static_cast<int64_t>(manifest_.blobs.size()) - 1;
}

int64_t KbinWriter::addTensor(const std::string &name, DType dtype,
                              const Shape &shape, TensorKind kind,
                              const void *data) {
  TensorInfo t;
  t.name = name;
  t.dtype = dtype;
  t.shape = shape;
  t.kind = kind;
  if (kind == TensorKind::Constant)
    t.blob = addBlob("constant", data,
                     static_cast<size_t>(numElements(shape)) * dtypeSize(dtype));
  manifest_.tensors.push_back(std::move(t));
  return static_cast<int64_t>(manifest_.tensors.size()) - 1;
}

std::string KbinWriter::serialize(std::string &out) const {
  try {
    Manifest m = manifest_;
    uint64_t offset = 0;
    for (BlobInfo &b : m.blobs) {
      b.offset = offset;
      offset = alignUp(offset + b.size);
    }
    uint64_t blobsSize = offset;
    // Names come from ONNX files and may hold invalid UTF-8: replace, never throw.
    std::string manifestText =
        m.toJson().dump(1, ' ', false, json::error_handler_t::replace);
    uint64_t manifestOffset = kKbinHeaderSize;
    uint64_t blobsOffset = alignUp(manifestOffset + manifestText.size());
    out.assign(blobsOffset + blobsSize, '\0');
    uint8_t *p = reinterpret_cast<uint8_t *>(out.data());
    std::memcpy(p, kKbinMagic, 8);
    writeLE<uint16_t>(p + 8, kKbinMajor);
    writeLE<uint16_t>(p + 10, kKbinMinor);
    writeLE<uint32_t>(p + 12, 0);
    writeLE<uint64_t>(p + 16, manifestOffset);
    writeLE<uint64_t>(p + 24, manifestText.size());
    writeLE<uint64_t>(p + 32, blobsOffset);
    writeLE<uint64_t>(p + 40, blobsSize);
    writeLE<uint32_t>(p + 48, crc32Of(manifestText.data(), manifestText.size()));
    writeLE<uint32_t>(p + 56, crc32Of(p, 56));
    std::memcpy(p + manifestOffset, manifestText.data(), manifestText.size());
    for (size_t i = 0; i < m.blobs.size(); ++i)
      if (!blobData_[i].empty())
        std::memcpy(p + blobsOffset + m.blobs[i].offset, blobData_[i].data(),
                    blobData_[i].size());
    return "";
  } catch (const std::exception &e) {
    return std::string("cannot serialize the .kbin: ") + e.what();
  }
}

std::string KbinWriter::writeFile(const std::string &path) const {
  std::string bytes;
  std::string err = serialize(bytes);
  if (!err.empty())
    return err;
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  FILE *f = std::fopen(tmp.c_str(), "wb");
  if (!f)
    return "cannot write '" + tmp + "': " + std::strerror(errno);
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok &= std::fflush(f) == 0;
  ok &= std::fclose(f) == 0;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return "cannot write '" + path + "': " + why;
  }
  return "";
}

//===----------------------------------------------------------------------===//
// Reader
//===----------------------------------------------------------------------===//

Kbin Kbin::loadFile(const std::string &path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0)
    fail(path, ": cannot open: ", std::strerror(errno));
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    fail(path, ": not a regular file");
  }
  Kbin k;
  k.size_ = static_cast<uint64_t>(st.st_size);
  if (k.size_ == 0) {
    ::close(fd);
    fail(path, ": empty file (a .kbin has at least a ", kKbinHeaderSize,
         "-byte header)");
  }
  void *map = ::mmap(nullptr, k.size_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED)
    fail(path, ": cannot map: ", std::strerror(errno));
  uint64_t size = k.size_;
  k.keepAlive_ = std::shared_ptr<const void>(
      map, [size](const void *p) { ::munmap(const_cast<void *>(p), size); });
  k.bytes_ = static_cast<const uint8_t *>(map);
  k.parse(path);
  return k;
}

Kbin Kbin::loadBytes(std::shared_ptr<const std::string> bytes,
                     const std::string &label) {
  Kbin k;
  k.size_ = bytes->size();
  k.bytes_ = reinterpret_cast<const uint8_t *>(bytes->data());
  k.keepAlive_ = std::shared_ptr<const void>(bytes, bytes->data());
  k.parse(label);
  return k;
}

void Kbin::parse(const std::string &label) {
  try {
    if (size_ < kKbinHeaderSize)
      fail("header: file has ", size_, " bytes, fewer than the ",
           kKbinHeaderSize, "-byte header");
    if (std::memcmp(bytes_, kKbinMagic, 8) != 0)
      fail("header: bad magic (not a .kbin file)");
    major_ = readLE<uint16_t>(bytes_ + 8);
    minor_ = readLE<uint16_t>(bytes_ + 10);
    if (major_ != kKbinMajor)
      fail("header: format version ", major_, ".", minor_,
           " is not supported (this runtime reads ", kKbinMajor, ".x)");
    if (readLE<uint32_t>(bytes_ + 56) != crc32Of(bytes_, 56))
      fail("header: checksum mismatch (the header is corrupt)");
    uint64_t manifestOffset = readLE<uint64_t>(bytes_ + 16);
    uint64_t manifestSize = readLE<uint64_t>(bytes_ + 24);
    blobsOffset_ = readLE<uint64_t>(bytes_ + 32);
    uint64_t blobsSize = readLE<uint64_t>(bytes_ + 40);
    if (manifestOffset < kKbinHeaderSize || manifestOffset > size_ ||
        manifestSize > size_ - manifestOffset)
      fail("header: manifest [", manifestOffset, ", +", manifestSize,
           ") lies outside the file (", size_, " bytes)");
    if (blobsOffset_ % kKbinAlign || blobsOffset_ < manifestOffset + manifestSize ||
        blobsOffset_ > size_ || blobsSize > size_ - blobsOffset_)
      fail("header: blob section [", blobsOffset_, ", +", blobsSize,
           ") is misaligned, overlaps the manifest or lies outside the file (",
           size_, " bytes)");
    const char *text = reinterpret_cast<const char *>(bytes_ + manifestOffset);
    if (readLE<uint32_t>(bytes_ + 48) != crc32Of(text, manifestSize))
      fail("manifest: checksum mismatch (the manifest is corrupt)");
    json j = json::parse(text, text + manifestSize, nullptr, false);
    if (j.is_discarded())
      fail("manifest: not valid JSON");
    if (j.contains("kiln") && j["kiln"].is_object() &&
        j["kiln"].contains("format_version")) {
      const json &v = j["kiln"]["format_version"];
      if (!v.is_array() || v.size() != 2 || !v[0].is_number_integer() ||
          v[0].get<int64_t>() != major_)
        fail("manifest: format_version ", v.dump(),
             " disagrees with the header's ", major_, ".", minor_);
    }
    manifest_ = Manifest::fromJson(j);
    for (size_t i = 0; i < manifest_.blobs.size(); ++i) {
      const BlobInfo &b = manifest_.blobs[i];
      if (b.offset > blobsSize || b.size > blobsSize - b.offset)
        fail("blobs[", i, "]: [", b.offset, ", +", b.size,
             ") lies outside the blob section (", blobsSize, " bytes)");
      if (crc32Of(bytes_ + blobsOffset_ + b.offset, b.size) != b.crc32)
        fail("blobs[", i, "] (", b.kind, "): checksum mismatch (corrupt data)");
    }
  } catch (const Error &e) {
    fail(label, ": ", e.what());
  }
}

const uint8_t *Kbin::blobData(int64_t index) const {
  if (index < 0 || index >= static_cast<int64_t>(manifest_.blobs.size()))
    fail("blob ", index, " does not exist");
  return bytes_ + blobsOffset_ + manifest_.blobs[index].offset;
}

Tensor Kbin::constant(int64_t id) const {
  const TensorInfo &t = manifest_.tensors.at(id);
  if (t.kind != TensorKind::Constant)
    fail("tensor ", id, " ('", t.name, "') is not a constant");
  return Tensor::view(t.dtype, t.shape, blobData(t.blob), keepAlive_);
}

} // namespace kiln::rt
