//===- TensorIO.cpp - .npy and ONNX TensorProto .pb ------------------------===//

#include "kiln/rt/TensorIO.h"

#include "kiln/rt/Error.h"

#include <onnx/onnx_pb.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace kiln::rt {

namespace {

std::string readWholeFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(path, ": cannot open: ", std::strerror(errno));
  std::ostringstream os;
  os << in.rdbuf();
  if (in.bad())
    fail(path, ": read error");
  return os.str();
}

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// NumPy dtype descriptors (little-endian; one-byte types use '|').
const char *npyDescr(DType t) {
  switch (t) {
  case DType::F32: return "<f4";
  case DType::F64: return "<f8";
  case DType::F16: return "<f2";
  case DType::Bool: return "|b1";
  case DType::I8: return "|i1";
  case DType::I16: return "<i2";
  case DType::I32: return "<i4";
  case DType::I64: return "<i8";
  case DType::U8: return "|u1";
  case DType::U16: return "<u2";
  case DType::U32: return "<u4";
  case DType::U64: return "<u8";
  case DType::BF16: return nullptr; // NumPy has no bfloat16
  }
  return nullptr;
}

std::optional<DType> dtypeFromDescr(std::string d) {
  if (d.size() == 3 && d[0] == '=')
    d[0] = '<';
  if (d == "<i1" || d == "<u1" || d == "<b1")
    d[0] = '|';
  for (DType t : kAllDTypes)
    if (const char *descr = npyDescr(t); descr && d == descr)
      return t;
  return std::nullopt;
}

/// Value of `key` in a NumPy header dict: {'descr': '<f4', 'fortran_order':
/// False, 'shape': (2, 3), }.
std::string headerValue(const std::string &header, const std::string &key,
                        const std::string &path) {
  size_t k = header.find("'" + key + "'");
  if (k == std::string::npos)
    fail(path, ": .npy header lacks '", key, "'");
  size_t colon = header.find(':', k);
  if (colon == std::string::npos)
    fail(path, ": malformed .npy header");
  size_t start = header.find_first_not_of(' ', colon + 1);
  if (start == std::string::npos)
    fail(path, ": malformed .npy header");
  size_t end;
  if (header[start] == '\'') {
    end = header.find('\'', start + 1);
    if (end == std::string::npos)
      fail(path, ": malformed .npy header");
    return header.substr(start + 1, end - start - 1);
  }
  if (header[start] == '(') {
    end = header.find(')', start);
    if (end == std::string::npos)
      fail(path, ": malformed .npy header");
    return header.substr(start, end - start + 1);
  }
  end = header.find_first_of(",}", start);
  return header.substr(start, end - start);
}

} // namespace

std::string sanitizeFileName(const std::string &name) {
  std::string out = name;
  for (char &c : out)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
          c == '-'))
      c = '_';
  if (out.empty() || out == "." || out == "..")
    out = "_" + out;
  return out;
}

void writeFileAtomically(const std::string &path, const std::string &contents) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  FILE *f = std::fopen(tmp.c_str(), "wb");
  if (!f)
    fail(path, ": cannot write: ", std::strerror(errno));
  bool ok = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size();
  ok &= std::fflush(f) == 0;
  ok &= std::fclose(f) == 0;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    fail(path, ": cannot write: ", why);
  }
}

Tensor readNpy(const std::string &path) {
  std::string bytes = readWholeFile(path);
  if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0)
    fail(path, ": not a .npy file (bad magic)");
  uint8_t major = bytes[6];
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = static_cast<uint8_t>(bytes[8]) |
                static_cast<size_t>(static_cast<uint8_t>(bytes[9])) << 8;
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      fail(path, ": truncated .npy header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= static_cast<size_t>(static_cast<uint8_t>(bytes[8 + i])) << (8 * i);
    headerStart = 12;
  } else {
    fail(path, ": unsupported .npy version ", int(major));
  }
  if (headerStart + headerLen > bytes.size())
    fail(path, ": truncated .npy header");
  std::string header = bytes.substr(headerStart, headerLen);
  std::string descr = headerValue(header, "descr", path);
  std::optional<DType> dtype = dtypeFromDescr(descr);
  if (!dtype)
    fail(path, ": unsupported .npy dtype '", descr,
         "' (supported: little-endian f2 f4 f8 i1-i8 u1-u8 b1)");
  if (headerValue(header, "fortran_order", path).find("True") != std::string::npos)
    fail(path, ": Fortran-order .npy files are not supported");
  std::string shapeText = headerValue(header, "shape", path);
  Shape shape;
  for (size_t i = 1; i + 1 < shapeText.size();) {
    size_t end = shapeText.find_first_of(",)", i);
    std::string part = shapeText.substr(i, end - i);
    part.erase(0, part.find_first_not_of(' '));
    if (!part.empty()) {
      char *endp = nullptr;
      long long v = std::strtoll(part.c_str(), &endp, 10);
      if (*endp != '\0' && *endp != ' ' && *endp != 'L')
        fail(path, ": malformed .npy shape ", shapeText);
      if (v < 0)
        fail(path, ": negative dimension in .npy shape ", shapeText);
      shape.push_back(v);
    }
    if (end == std::string::npos)
      break;
    i = end + 1;
  }
  Tensor t(*dtype, shape);
  size_t dataStart = headerStart + headerLen;
  if (bytes.size() - dataStart != t.bytes())
    fail(path, ": .npy data has ", bytes.size() - dataStart, " bytes, shape ",
         formatShape(shape), " x ", dtypeName(*dtype), " needs ", t.bytes());
  if (t.bytes())
    std::memcpy(t.raw(), bytes.data() + dataStart, t.bytes());
  if (*dtype == DType::Bool)
    for (int64_t i = 0; i < t.numel(); ++i)
      t.data<uint8_t>()[i] = t.data<uint8_t>()[i] != 0;
  return t;
}

void writeNpy(const std::string &path, const Tensor &tensor) {
  const char *descr = npyDescr(tensor.dtype());
  Tensor source = tensor;
  if (!descr) { // bf16: widen to f32, NumPy cannot hold it
    source = Tensor(DType::F32, tensor.shape());
    for (int64_t i = 0; i < tensor.numel(); ++i)
      storeFromDouble(source, i, loadAsDouble(tensor, i));
    descr = "<f4";
  }
  std::ostringstream dict;
  dict << "{'descr': '" << descr << "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < source.shape().size(); ++i)
    dict << source.shape()[i] << (source.shape().size() == 1 ? "," : i + 1 < source.shape().size() ? ", " : "");
  dict << "), }";
  std::string header = dict.str();
  // Pad with spaces so the data starts at a multiple of 64, end with '\n'.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::string out = std::string("\x93NUMPY\x01\x00", 8);
  out.push_back(static_cast<char>(header.size() & 0xff));
  out.push_back(static_cast<char>(header.size() >> 8));
  out += header;
  out.append(static_cast<const char *>(source.raw()), source.bytes());
  writeFileAtomically(path, out);
}

static std::optional<DType> dtypeFromOnnx(int t) {
  switch (t) {
  case onnx::TensorProto::FLOAT: return DType::F32;
  case onnx::TensorProto::DOUBLE: return DType::F64;
  case onnx::TensorProto::FLOAT16: return DType::F16;
  case onnx::TensorProto::BFLOAT16: return DType::BF16;
  case onnx::TensorProto::BOOL: return DType::Bool;
  case onnx::TensorProto::INT8: return DType::I8;
  case onnx::TensorProto::INT16: return DType::I16;
  case onnx::TensorProto::INT32: return DType::I32;
  case onnx::TensorProto::INT64: return DType::I64;
  case onnx::TensorProto::UINT8: return DType::U8;
  case onnx::TensorProto::UINT16: return DType::U16;
  case onnx::TensorProto::UINT32: return DType::U32;
  case onnx::TensorProto::UINT64: return DType::U64;
  default: return std::nullopt;
  }
}

static int onnxFromDType(DType t) {
  for (int candidate = onnx::TensorProto::FLOAT;
       candidate <= onnx::TensorProto::BFLOAT16; ++candidate)
    if (dtypeFromOnnx(candidate) == t)
      return candidate;
  return onnx::TensorProto::UNDEFINED;
}

Tensor readOnnxPb(const std::string &path, std::string *name) {
  std::string bytes = readWholeFile(path);
  onnx::TensorProto proto;
  if (!proto.ParseFromString(bytes))
    fail(path, ": not a valid ONNX TensorProto (truncated or corrupt)");
  std::optional<DType> dtype = dtypeFromOnnx(proto.data_type());
  if (!dtype)
    fail(path, ": unsupported TensorProto data_type ", proto.data_type());
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    fail(path, ": TensorProto with external data is not supported");
  Shape shape(proto.dims().begin(), proto.dims().end());
  Tensor t(*dtype, shape);
  int64_t n = t.numel();
  auto mismatch = [&](int64_t have) {
    fail(path, ": TensorProto holds ", have, " values, shape ",
         formatShape(shape), " needs ", n);
  };
  if (proto.has_raw_data()) {
    if (proto.raw_data().size() != t.bytes())
      fail(path, ": raw_data has ", proto.raw_data().size(), " bytes, shape ",
           formatShape(shape), " x ", dtypeName(*dtype), " needs ", t.bytes());
    if (t.bytes())
      std::memcpy(t.raw(), proto.raw_data().data(), t.bytes());
  } else {
    switch (*dtype) {
    case DType::F32:
      if (proto.float_data_size() != n) mismatch(proto.float_data_size());
      std::memcpy(t.raw(), proto.float_data().data(), n * 4);
      break;
    case DType::F64:
      if (proto.double_data_size() != n) mismatch(proto.double_data_size());
      std::memcpy(t.raw(), proto.double_data().data(), n * 8);
      break;
    case DType::I64:
      if (proto.int64_data_size() != n) mismatch(proto.int64_data_size());
      std::memcpy(t.raw(), proto.int64_data().data(), n * 8);
      break;
    case DType::U32:
    case DType::U64:
      if (proto.uint64_data_size() != n) mismatch(proto.uint64_data_size());
      for (int64_t i = 0; i < n; ++i)
        storeFromInt(t, i, static_cast<int64_t>(proto.uint64_data(i)));
      break;
    default: { // int32_data holds narrower ints, bools and 16-bit float bits
      if (proto.int32_data_size() != n) mismatch(proto.int32_data_size());
      size_t size = dtypeSize(*dtype);
      for (int64_t i = 0; i < n; ++i) {
        int32_t v = proto.int32_data(i);
        std::memcpy(static_cast<char *>(t.raw()) + i * size, &v, size);
      }
    }
    }
  }
  if (*dtype == DType::Bool)
    for (int64_t i = 0; i < n; ++i)
      t.data<uint8_t>()[i] = t.data<uint8_t>()[i] != 0;
  if (name)
    *name = proto.name();
  return t;
}

void writeOnnxPb(const std::string &path, const Tensor &tensor,
                 const std::string &name) {
  onnx::TensorProto proto;
  proto.set_name(name);
  proto.set_data_type(onnxFromDType(tensor.dtype()));
  for (int64_t d : tensor.shape())
    proto.add_dims(d);
  proto.set_raw_data(tensor.raw(), tensor.bytes());
  writeFileAtomically(path, proto.SerializeAsString());
}

Tensor readTensorFile(const std::string &path) {
  if (endsWith(path, ".npy"))
    return readNpy(path);
  if (endsWith(path, ".pb"))
    return readOnnxPb(path);
  fail(path, ": unknown tensor file type (use .npy or .pb)");
}

} // namespace kiln::rt
