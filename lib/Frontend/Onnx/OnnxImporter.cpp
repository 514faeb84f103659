//===- OnnxImporter.cpp - ONNX protobuf to onnx dialect -------------------===//
//
// This translation unit is compiled with exceptions: libonnx's checker,
// shape inference and version converter report errors by throwing, and they
// are caught here and turned into diagnostics. No exception leaves the file.
//
// Memory: the model is parsed from a file stream (never fully buffered), and
// the raw bytes of large initializers move from the protobuf into MLIR
// resource blobs without a copy, so peak memory stays near the model size.
//
//===----------------------------------------------------------------------===//

#include "kiln/Frontend/OnnxImporter.h"

#include "dialects/onnx/IR/OnnxOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>
#include <onnx/version_converter/convert.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <map>

using namespace mlir;

namespace kiln {
namespace {

constexpr int64_t kUpgradeOpset = 13;
constexpr int64_t kMaxOpset = 17;

bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

/// ONNX TensorProto.DataType -> MLIR element type (null if unsupported).
Type elementTypeFor(int dataType, MLIRContext *ctx) {
  Builder b(ctx);
  switch (dataType) {
  case ::onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case ::onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case ::onnx::TensorProto::FLOAT16:
    return b.getF16Type();
  case ::onnx::TensorProto::BFLOAT16:
    return b.getBF16Type();
  case ::onnx::TensorProto::BOOL:
    return b.getI1Type();
  case ::onnx::TensorProto::INT8:
    return b.getI8Type();
  case ::onnx::TensorProto::INT16:
    return b.getI16Type();
  case ::onnx::TensorProto::INT32:
    return b.getI32Type();
  case ::onnx::TensorProto::INT64:
    return b.getI64Type();
  case ::onnx::TensorProto::UINT8:
    return b.getIntegerType(8, false);
  case ::onnx::TensorProto::UINT16:
    return b.getIntegerType(16, false);
  case ::onnx::TensorProto::UINT32:
    return b.getIntegerType(32, false);
  case ::onnx::TensorProto::UINT64:
    return b.getIntegerType(64, false);
  default:
    return nullptr;
  }
}

/// MLIR element type -> ONNX TensorProto.DataType (UNDEFINED if none): the
/// inverse of elementTypeFor, so the mapping is written once.
int dataTypeFor(Type type) {
  for (int dataType = ::onnx::TensorProto::FLOAT;
       dataType <= ::onnx::TensorProto::BFLOAT16; ++dataType)
    if (elementTypeFor(dataType, type.getContext()) == type)
      return dataType;
  return ::onnx::TensorProto::UNDEFINED;
}

const char *dataTypeName(int dataType) {
  return ::onnx::TensorProto_DataType_Name(
             static_cast<::onnx::TensorProto_DataType>(dataType))
      .c_str();
}

/// Bytes per element as stored in raw_data (bools take one byte).
int64_t storageBytes(Type type) {
  if (type.isInteger(1))
    return 1;
  return type.getIntOrFloatBitWidth() / 8;
}

std::string sanitizeKey(llvm::StringRef name) {
  std::string key;
  for (char c : name)
    key.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
  if (key.empty() || llvm::isDigit(key[0]))
    key.insert(key.begin(), 't');
  return key;
}

/// Signature of a registered onnx op: how many ONNX inputs/outputs it takes.
struct OpSignature {
  unsigned numOperands = 0;
  bool variadicOperands = false;
  unsigned numResults = 0;
  bool variadicResults = false;
};

template <unsigned N> bool hasNOperands(RegisteredOperationName name) {
  return name.hasTrait<OpTrait::NOperands<N>::template Impl>();
}
template <unsigned N> bool hasNResults(RegisteredOperationName name) {
  return name.hasTrait<OpTrait::NResults<N>::template Impl>();
}

OpSignature signatureOf(RegisteredOperationName name) {
  OpSignature sig;
  sig.variadicOperands = name.hasTrait<OpTrait::VariadicOperands>();
  if (name.hasTrait<OpTrait::OneOperand>())
    sig.numOperands = 1;
  else if (hasNOperands<2>(name))
    sig.numOperands = 2;
  else if (hasNOperands<3>(name))
    sig.numOperands = 3;
  else if (hasNOperands<4>(name))
    sig.numOperands = 4;
  else if (hasNOperands<5>(name))
    sig.numOperands = 5;
  else if (hasNOperands<6>(name))
    sig.numOperands = 6;
  else if (hasNOperands<7>(name))
    sig.numOperands = 7;
  else if (hasNOperands<8>(name))
    sig.numOperands = 8;
  sig.variadicResults = name.hasTrait<OpTrait::VariadicResults>();
  if (name.hasTrait<OpTrait::OneResult>())
    sig.numResults = 1;
  else if (hasNResults<2>(name))
    sig.numResults = 2;
  else if (hasNResults<3>(name))
    sig.numResults = 3;
  return sig;
}

/// Owns the model and turns it into MLIR.
class Importer {
public:
  Importer(StringRef path, MLIRContext *ctx, const OnnxImportOptions &options)
      : path(path.str()), ctx(ctx), options(options), builder(ctx) {}

  OwningOpRef<ModuleOp> run(std::optional<StringRef> contents);

private:
  // Each step returns failure after emitting its diagnostic.
  LogicalResult parse(std::optional<StringRef> contents);
  LogicalResult loadExternalData();
  LogicalResult checkSupportedNodes();
  LogicalResult upgradeOpset();
  LogicalResult checkModel();
  LogicalResult pinInputShapes();
  LogicalResult inferShapes();

  InFlightDiagnostic error() {
    return emitError(UnknownLoc::get(ctx)) << path << ": ";
  }
  InFlightDiagnostic nodeError(const ::onnx::NodeProto &node) {
    return error() << "node '" << node.name() << "' (" << node.op_type()
                   << ", opset " << opset << "): ";
  }

  /// A static tensor type from an ONNX type, or null with `why` set.
  RankedTensorType tensorTypeFor(const ::onnx::TypeProto &type,
                                 std::string &why);
  FailureOr<ElementsAttr> tensorToAttr(::onnx::TensorProto &tensor,
                                       bool mayMoveData);
  FailureOr<Attribute> convertAttribute(const ::onnx::NodeProto &node,
                                        const ::onnx::AttributeProto &attr);
  FailureOr<Operation *> importNode(const ::onnx::NodeProto &node);
  FailureOr<Operation *> importConstantNode(const ::onnx::NodeProto &node);
  LogicalResult resultTypes(const ::onnx::NodeProto &node,
                            ArrayRef<Value> operands,
                            SmallVectorImpl<Type> &types);
  DenseElementsAttr constantValueOf(Value value);
  Location locFor(const ::onnx::NodeProto &node) {
    return NameLoc::get(StringAttr::get(
        ctx, node.name().empty() ? node.op_type() : node.name()));
  }

  std::string path;
  MLIRContext *ctx;
  const OnnxImportOptions &options;
  OpBuilder builder;
  ::onnx::ModelProto model;
  int64_t opset = 0;
  int64_t originalOpset = 0;
  llvm::StringMap<Value> values;
  llvm::StringMap<::onnx::TypeProto> valueTypes;
  llvm::DenseMap<Value, DenseElementsAttr> foldedConstants;
};

LogicalResult Importer::parse(std::optional<StringRef> contents) {
  bool ok;
  if (contents) {
    ok = model.ParseFromArray(contents->data(), contents->size());
  } else {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0)
      return error() << "cannot open file: " << std::strerror(errno);
    google::protobuf::io::FileInputStream stream(fd);
    stream.SetCloseOnDelete(true);
    ok = model.ParseFromZeroCopyStream(&stream);
  }
  if (!ok)
    return error() << "not a valid ONNX model: the protobuf is truncated or "
                      "corrupt";
  if (!model.has_graph())
    return error() << "not a valid ONNX model: it has no graph";
  for (const auto &imp : model.opset_import())
    if (isDefaultDomain(imp.domain()))
      opset = imp.version();
  if (opset == 0)
    return error() << "the model imports no version of the default ONNX "
                      "opset";
  originalOpset = opset;
  return success();
}

LogicalResult Importer::loadExternalData() {
  llvm::SmallString<256> dir(path);
  llvm::sys::path::remove_filename(dir);
  for (::onnx::TensorProto &tensor :
       *model.mutable_graph()->mutable_initializer()) {
    if (tensor.data_location() != ::onnx::TensorProto::EXTERNAL)
      continue;
    std::string location;
    int64_t offset = 0, length = -1;
    for (const auto &entry : tensor.external_data()) {
      if (entry.key() == "location")
        location = entry.value();
      else if (entry.key() == "offset")
        offset = std::atoll(entry.value().c_str());
      else if (entry.key() == "length")
        length = std::atoll(entry.value().c_str());
    }
    if (location.empty() || llvm::sys::path::is_absolute(location) ||
        llvm::StringRef(location).contains(".."))
      return error() << "initializer '" << tensor.name()
                     << "': external data location '" << location
                     << "' must be a relative path inside the model's folder";
    llvm::SmallString<256> file(dir);
    llvm::sys::path::append(file, location);
    auto buffer = llvm::MemoryBuffer::getFileSlice(
        file, length >= 0 ? length : 0, offset, /*IsVolatile=*/false);
    if (length < 0) {
      uint64_t size = 0;
      if (!llvm::sys::fs::file_size(file, size) && size >= uint64_t(offset))
        buffer = llvm::MemoryBuffer::getFileSlice(file, size - offset, offset,
                                                  false);
    }
    if (!buffer)
      return error() << "initializer '" << tensor.name()
                     << "': cannot read external data '" << file
                     << "': " << buffer.getError().message();
    uint64_t fileSize = 0;
    llvm::sys::fs::file_size(file, fileSize);
    if (offset < 0 || uint64_t(offset) + (*buffer)->getBufferSize() > fileSize)
      return error() << "initializer '" << tensor.name()
                     << "': external data range [" << offset << ", +" << length
                     << ") lies outside '" << file << "' (" << fileSize
                     << " bytes)";
    tensor.set_raw_data((*buffer)->getBufferStart(),
                        (*buffer)->getBufferSize());
    tensor.clear_external_data();
    tensor.set_data_location(::onnx::TensorProto::DEFAULT);
  }
  return success();
}

LogicalResult Importer::checkSupportedNodes() {
  // Report every unsupported node at once, before anything that could choke
  // on them (the version converter crashes on some subgraph ops).
  SmallVector<std::string> problems;
  for (const ::onnx::NodeProto &node : model.graph().node()) {
    std::string name = "onnx." + node.op_type();
    bool known = isDefaultDomain(node.domain()) &&
                 RegisteredOperationName::lookup(name, ctx).has_value() &&
                 node.op_type() != "NoValue";
    if (known)
      continue;
    std::string msg;
    llvm::raw_string_ostream os(msg);
    os << path << ": node '" << node.name() << "' (";
    if (!isDefaultDomain(node.domain()))
      os << node.domain() << ".";
    os << node.op_type() << ", opset " << opset << "): not supported";
    if (!isDefaultDomain(node.domain()))
      os << " (only the default ONNX domain is)";
    else if (node.op_type() == "If" || node.op_type() == "Loop" ||
             node.op_type() == "Scan")
      os << " (control flow)";
    problems.push_back(os.str());
  }
  for (const std::string &p : problems)
    emitError(UnknownLoc::get(ctx)) << p;
  return failure(!problems.empty());
}

LogicalResult Importer::upgradeOpset() {
  if (opset > kMaxOpset)
    return error() << "opset " << opset << " is newer than the newest Kiln "
                   << "supports (" << kMaxOpset << ")";
  if (opset >= kUpgradeOpset)
    return success();
  try {
    model = ::onnx::version_conversion::ConvertVersion(model, kUpgradeOpset);
  } catch (const std::exception &e) {
    return error() << "cannot upgrade the model from opset " << opset << " to "
                   << kUpgradeOpset << ": " << e.what();
  }
  opset = kUpgradeOpset;
  return success();
}

LogicalResult Importer::checkModel() {
  // check_model(ModelProto) in libonnx 1.12 has no model folder; do its work
  // with a context of our own.
  try {
    if (model.ir_version() == 0)
      return error() << "invalid model: it has no ir_version";
    if (model.ir_version() > ::onnx::IR_VERSION)
      return error() << "invalid model: ir_version " << model.ir_version()
                     << " is newer than libonnx supports ("
                     << int64_t(::onnx::IR_VERSION) << ")";
    ::onnx::checker::CheckerContext checkerCtx;
    checkerCtx.set_ir_version(static_cast<int>(model.ir_version()));
    std::unordered_map<std::string, int> imports;
    for (const auto &imp : model.opset_import())
      imports[imp.domain()] = static_cast<int>(imp.version());
    checkerCtx.set_opset_imports(imports);
    llvm::SmallString<256> dir(path);
    llvm::sys::path::remove_filename(dir);
    checkerCtx.set_model_dir(std::string(dir));
    ::onnx::checker::LexicalScopeContext lex;
    ::onnx::checker::check_graph(model.graph(), checkerCtx, lex);
  } catch (const std::exception &e) {
    return error() << "invalid model: " << e.what();
  }
  return success();
}

LogicalResult Importer::pinInputShapes() {
  llvm::StringSet<> initializers;
  for (const auto &init : model.graph().initializer())
    initializers.insert(init.name());
  llvm::StringSet<> seen;
  for (::onnx::ValueInfoProto &input :
       *model.mutable_graph()->mutable_input()) {
    auto it = options.inputShapes.find(input.name());
    if (it == options.inputShapes.end())
      continue;
    seen.insert(input.name());
    auto *shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
    shape->clear_dim();
    for (int64_t d : it->second)
      shape->add_dim()->set_dim_value(d);
  }
  for (const auto &entry : options.inputShapes) {
    if (seen.contains(entry.first()))
      continue;
    InFlightDiagnostic diag = error()
                              << "--input-shape names '" << entry.first()
                              << "', which is not an input of the "
                                 "graph; inputs are:";
    for (const auto &input : model.graph().input())
      if (!initializers.contains(input.name()))
        diag << " '" << input.name() << "'";
    return diag;
  }
  return success();
}

LogicalResult Importer::inferShapes() {
  try {
    ::onnx::ShapeInferenceOptions opts(/*check_type=*/true, /*error_mode=*/1,
                                       /*data_prop=*/true);
    ::onnx::shape_inference::InferShapes(
        model, ::onnx::OpSchemaRegistry::Instance(), opts);
  } catch (const std::exception &e) {
    return error() << "shape inference failed: " << e.what();
  }
  const ::onnx::GraphProto &graph = model.graph();
  for (const auto &vi : graph.value_info())
    valueTypes[vi.name()] = vi.type();
  for (const auto &vi : graph.output())
    valueTypes[vi.name()] = vi.type();
  for (const auto &vi : graph.input())
    valueTypes[vi.name()] = vi.type();
  return success();
}

RankedTensorType Importer::tensorTypeFor(const ::onnx::TypeProto &type,
                                         std::string &why) {
  if (!type.has_tensor_type()) {
    why = "it is not a tensor (sequences, maps and optionals are not "
          "supported)";
    return nullptr;
  }
  const auto &tensor = type.tensor_type();
  Type elem = elementTypeFor(tensor.elem_type(), ctx);
  if (!elem) {
    why = std::string("its element type ") + dataTypeName(tensor.elem_type()) +
          " is not supported";
    return nullptr;
  }
  if (!tensor.has_shape()) {
    why = "its rank is unknown";
    return nullptr;
  }
  SmallVector<int64_t> dims;
  for (auto [i, dim] : llvm::enumerate(tensor.shape().dim())) {
    if (!dim.has_dim_value() || dim.dim_value() < 0) {
      why = "dimension " + std::to_string(i) + " is dynamic" +
            (dim.has_dim_param() ? " ('" + dim.dim_param() + "')" : "");
      return nullptr;
    }
    dims.push_back(dim.dim_value());
  }
  return RankedTensorType::get(dims, elem);
}

FailureOr<ElementsAttr> Importer::tensorToAttr(::onnx::TensorProto &tensor,
                                               bool mayMoveData) {
  Type elem = elementTypeFor(tensor.data_type(), ctx);
  if (!elem)
    return error() << "tensor '" << tensor.name() << "' has unsupported "
                   << "element type " << dataTypeName(tensor.data_type());
  if (tensor.data_location() == ::onnx::TensorProto::EXTERNAL)
    return error() << "tensor '" << tensor.name()
                   << "' has external data outside the graph initializers";
  SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  if (llvm::any_of(dims, [](int64_t d) { return d < 0; }))
    return error() << "tensor '" << tensor.name() << "' has negative dims";
  auto type = RankedTensorType::get(dims, elem);
  int64_t count = type.getNumElements();
  int64_t bytes = storageBytes(elem);

  // Gather the little-endian bytes of the tensor, stealing raw_data if we may.
  std::unique_ptr<std::string> owned;
  const std::string *raw = nullptr;
  std::string converted;
  if (tensor.has_raw_data()) {
    if (mayMoveData && count > options.inlineElementLimit) {
      owned.reset(tensor.release_raw_data());
      raw = owned.get();
    } else {
      raw = &tensor.raw_data();
    }
  } else {
    converted.resize(count * bytes);
    auto mismatch = [&](int64_t have) -> LogicalResult {
      return error() << "tensor '" << tensor.name() << "' holds " << have
                     << " values but its shape " << onnx::formatShape(dims)
                     << " needs " << count;
    };
    char *out = converted.data();
    switch (tensor.data_type()) {
    case ::onnx::TensorProto::FLOAT:
      if (tensor.float_data_size() != count)
        return mismatch(tensor.float_data_size());
      std::memcpy(out, tensor.float_data().data(), count * 4);
      break;
    case ::onnx::TensorProto::DOUBLE:
      if (tensor.double_data_size() != count)
        return mismatch(tensor.double_data_size());
      std::memcpy(out, tensor.double_data().data(), count * 8);
      break;
    case ::onnx::TensorProto::INT64:
      if (tensor.int64_data_size() != count)
        return mismatch(tensor.int64_data_size());
      std::memcpy(out, tensor.int64_data().data(), count * 8);
      break;
    case ::onnx::TensorProto::UINT32:
    case ::onnx::TensorProto::UINT64:
      if (tensor.uint64_data_size() != count)
        return mismatch(tensor.uint64_data_size());
      for (int64_t i = 0; i < count; ++i) {
        uint64_t v = tensor.uint64_data(i);
        std::memcpy(out + i * bytes, &v, bytes);
      }
      break;
    default: // int32_data holds every narrower type (and f16/bf16 bits).
      if (tensor.int32_data_size() != count)
        return mismatch(tensor.int32_data_size());
      for (int64_t i = 0; i < count; ++i) {
        int32_t v = tensor.int32_data(i);
        std::memcpy(out + i * bytes, &v, bytes);
      }
    }
    raw = &converted;
  }
  if (static_cast<int64_t>(raw->size()) != count * bytes)
    return error() << "tensor '" << tensor.name() << "' has " << raw->size()
                   << " bytes of data but " << onnx::formatShape(dims) << " x "
                   << elem << " needs " << count * bytes;

  if (count <= options.inlineElementLimit) {
    ArrayRef<char> data(raw->data(), raw->size());
    if (elem.isInteger(1)) {
      SmallVector<bool> bits(data.begin(), data.end());
      return ElementsAttr(DenseElementsAttr::get(type, ArrayRef<bool>(bits)));
    }
    return ElementsAttr(DenseElementsAttr::getFromRawBuffer(type, data));
  }
  std::string key = sanitizeKey(tensor.name());
  if (owned) {
    std::string *str = owned.release();
    AsmResourceBlob blob(
        ArrayRef<char>(str->data(), str->size()), bytes,
        [str](void *, size_t, size_t) { delete str; },
        /*dataIsMutable=*/false);
    return ElementsAttr(
        DenseResourceElementsAttr::get(type, key, std::move(blob)));
  }
  return ElementsAttr(DenseResourceElementsAttr::get(
      type, key,
      HeapAsmResourceBlob::allocateAndCopyWithAlign(
          ArrayRef<char>(raw->data(), raw->size()), bytes)));
}

FailureOr<Attribute>
Importer::convertAttribute(const ::onnx::NodeProto &node,
                           const ::onnx::AttributeProto &attr) {
  using A = ::onnx::AttributeProto;
  if (!attr.ref_attr_name().empty())
    return nodeError(node) << "attribute '" << attr.name()
                           << "' refers to a function attribute";
  switch (attr.type()) {
  case A::INT:
    if (attr.name() == "to" && node.op_type() == "Cast") {
      Type t = elementTypeFor(attr.i(), ctx);
      if (!t)
        return nodeError(node)
               << "cast to unsupported type " << dataTypeName(attr.i());
      return Attribute(TypeAttr::get(t));
    }
    return Attribute(builder.getI64IntegerAttr(attr.i()));
  case A::FLOAT:
    return Attribute(builder.getF32FloatAttr(attr.f()));
  case A::STRING:
    return Attribute(builder.getStringAttr(attr.s()));
  case A::INTS:
    return Attribute(builder.getDenseI64ArrayAttr(
        SmallVector<int64_t>(attr.ints().begin(), attr.ints().end())));
  case A::FLOATS:
    return Attribute(builder.getDenseF32ArrayAttr(
        SmallVector<float>(attr.floats().begin(), attr.floats().end())));
  case A::STRINGS: {
    SmallVector<StringRef> strings(attr.strings().begin(),
                                   attr.strings().end());
    return Attribute(builder.getStrArrayAttr(strings));
  }
  case A::TENSOR: {
    ::onnx::TensorProto copy = attr.t();
    FailureOr<ElementsAttr> value = tensorToAttr(copy, /*mayMoveData=*/true);
    if (failed(value))
      return failure();
    return Attribute(*value);
  }
  default:
    return nodeError(node) << "attribute '" << attr.name() << "' has type "
                           << A::AttributeType_Name(attr.type())
                           << ", which Kiln does not support";
  }
}

/// Folds `value` to a constant if its defining ops fold on constant inputs
/// (Shape -> Gather -> Concat chains), without changing the IR.
DenseElementsAttr Importer::constantValueOf(Value value) {
  if (DenseElementsAttr dense = onnx::getConstantElements(value))
    return dense;
  auto it = foldedConstants.find(value);
  if (it != foldedConstants.end())
    return it->second;
  Operation *op = value.getDefiningOp();
  DenseElementsAttr result;
  if (op && llvm::isa<onnx::OnnxDialect>(op->getDialect()) &&
      op->getNumResults() == 1) {
    SmallVector<Attribute> operands;
    for (Value operand : op->getOperands())
      operands.push_back(onnx::isNone(operand) ? Attribute()
                                               : constantValueOf(operand));
    SmallVector<OpFoldResult> folded;
    if (succeeded(op->fold(operands, folded)) && folded.size() == 1) {
      if (auto attr = llvm::dyn_cast_if_present<Attribute>(folded[0]))
        result = llvm::dyn_cast<DenseElementsAttr>(attr);
      else if (auto v = llvm::dyn_cast_if_present<Value>(folded[0]))
        result = v != value ? constantValueOf(v) : nullptr;
    }
  }
  foldedConstants[value] = result;
  return result;
}

LogicalResult Importer::resultTypes(const ::onnx::NodeProto &node,
                                    ArrayRef<Value> operands,
                                    SmallVectorImpl<Type> &types) {
  // First choice: the types ONNX shape inference recorded for the graph.
  SmallVector<int> unknown;
  std::string why;
  for (auto [i, name] : llvm::enumerate(node.output())) {
    if (name.empty()) {
      types.push_back(builder.getNoneType());
      continue;
    }
    RankedTensorType type;
    auto it = valueTypes.find(name);
    if (it != valueTypes.end())
      type = tensorTypeFor(it->second, why);
    types.push_back(type);
    if (!type)
      unknown.push_back(i);
  }
  if (unknown.empty())
    return success();

  // Fallback: infer this node alone, with the values of constant inputs
  // (folded from earlier nodes) given to ONNX as initializers. This covers
  // Reshape/Expand/ConstantOfShape fed by shape arithmetic ONNX's
  // graph-level data propagation does not follow.
  ::onnx::ModelProto single;
  single.set_ir_version(model.ir_version());
  *single.mutable_opset_import() = model.opset_import();
  ::onnx::GraphProto *graph = single.mutable_graph();
  graph->set_name("node");
  *graph->add_node() = node;
  llvm::StringSet<> declared;
  for (auto [name, value] : llvm::zip(node.input(), operands)) {
    if (name.empty() || !declared.insert(name).second)
      continue;
    auto type = llvm::cast<RankedTensorType>(value.getType());
    ::onnx::ValueInfoProto *vi = graph->add_input();
    vi->set_name(name);
    auto *tt = vi->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(dataTypeFor(type.getElementType()));
    // Set even for rank 0: a missing shape means "rank unknown" to ONNX.
    ::onnx::TensorShapeProto *shape = tt->mutable_shape();
    for (int64_t d : type.getShape())
      shape->add_dim()->set_dim_value(d);
    DenseElementsAttr constant = constantValueOf(value);
    if (!constant || constant.getNumElements() == 0 ||
        constant.getNumElements() > 4096 ||
        !llvm::isa<IntegerType, FloatType>(type.getElementType()))
      continue;
    ::onnx::TensorProto *init = graph->add_initializer();
    init->set_name(name);
    init->set_data_type(dataTypeFor(type.getElementType()));
    for (int64_t d : type.getShape())
      init->add_dims(d);
    if (type.getElementType().isInteger(1)) {
      std::string bytes;
      for (bool b : constant.getValues<bool>())
        bytes.push_back(b ? 1 : 0);
      init->set_raw_data(bytes);
    } else if (constant.isSplat()) {
      ArrayRef<char> one = constant.getRawData();
      std::string bytes;
      for (int64_t k = 0; k < constant.getNumElements(); ++k)
        bytes.append(one.data(), one.size());
      init->set_raw_data(bytes);
    } else {
      ArrayRef<char> data = constant.getRawData();
      init->set_raw_data(data.data(), data.size());
    }
  }
  for (const std::string &name : node.output())
    if (!name.empty())
      graph->add_output()->set_name(name);
  try {
    ::onnx::ShapeInferenceOptions opts(true, 1, true);
    ::onnx::shape_inference::InferShapes(
        single, ::onnx::OpSchemaRegistry::Instance(), opts);
  } catch (const std::exception &e) {
    return nodeError(node) << "shape inference failed: " << e.what();
  }
  llvm::StringMap<const ::onnx::TypeProto *> inferred;
  for (const auto &vi : single.graph().value_info())
    inferred[vi.name()] = &vi.type();
  for (const auto &vi : single.graph().output())
    if (vi.has_type())
      inferred[vi.name()] = &vi.type();
  // libonnx infers only the rank of Einsum; Kiln knows the dims.
  if (node.op_type() == "Einsum" && !node.attribute().empty()) {
    SmallVector<ArrayRef<int64_t>> shapes;
    for (Value v : operands)
      shapes.push_back(llvm::cast<RankedTensorType>(v.getType()).getShape());
    std::string err;
    std::string equation;
    for (const auto &attr : node.attribute())
      if (attr.name() == "equation")
        equation = attr.s();
    auto shape = onnx::inferEinsumShape(equation, shapes, err);
    if (!shape)
      return nodeError(node) << err;
    types[0] = RankedTensorType::get(
        *shape,
        llvm::cast<RankedTensorType>(operands[0].getType()).getElementType());
    return success();
  }
  for (int i : unknown) {
    const std::string &name = node.output(i);
    auto it = inferred.find(name);
    RankedTensorType type =
        it == inferred.end() ? nullptr : tensorTypeFor(*it->second, why);
    if (!type)
      return nodeError(node) << "cannot infer a static shape for output '"
                             << name << "'" << (why.empty() ? "" : ": " + why)
                             << "; pin the graph inputs with --input-shape";
    types[i] = type;
    valueTypes[name] = *it->second;
  }
  return success();
}

FailureOr<Operation *>
Importer::importConstantNode(const ::onnx::NodeProto &node) {
  if (node.attribute_size() != 1)
    return nodeError(node) << "Constant needs exactly one value attribute";
  const ::onnx::AttributeProto &attr = node.attribute(0);
  ElementsAttr value;
  if (attr.name() == "value") {
    FailureOr<Attribute> converted = convertAttribute(node, attr);
    if (failed(converted))
      return failure();
    value = llvm::cast<ElementsAttr>(*converted);
  } else if (attr.name() == "value_float") {
    value = DenseElementsAttr::get(
        RankedTensorType::get({}, builder.getF32Type()), attr.f());
  } else if (attr.name() == "value_int") {
    value = DenseElementsAttr::get(
        RankedTensorType::get({}, builder.getI64Type()), attr.i());
  } else if (attr.name() == "value_floats") {
    SmallVector<float> v(attr.floats().begin(), attr.floats().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({int64_t(v.size())}, builder.getF32Type()),
        ArrayRef<float>(v));
  } else if (attr.name() == "value_ints") {
    SmallVector<int64_t> v(attr.ints().begin(), attr.ints().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({int64_t(v.size())}, builder.getI64Type()),
        ArrayRef<int64_t>(v));
  } else {
    return nodeError(node) << "Constant attribute '" << attr.name()
                           << "' (strings or sparse tensors) is not supported";
  }
  return builder.create<onnx::ConstantOp>(locFor(node), value).getOperation();
}

FailureOr<Operation *> Importer::importNode(const ::onnx::NodeProto &node) {
  if (node.op_type() == "Constant")
    return importConstantNode(node);
  std::string opName = "onnx." + node.op_type();
  RegisteredOperationName name = *RegisteredOperationName::lookup(opName, ctx);
  OpSignature sig = signatureOf(name);

  SmallVector<Value> operands;
  for (const std::string &input : node.input()) {
    if (input.empty()) {
      operands.push_back(builder.create<onnx::NoValueOp>(locFor(node)));
      continue;
    }
    auto it = values.find(input);
    if (it == values.end())
      return nodeError(node) << "input '" << input << "' is not defined";
    operands.push_back(it->second);
  }
  if (!sig.variadicOperands) {
    if (operands.size() > sig.numOperands)
      return nodeError(node)
             << "has " << operands.size()
             << " inputs, but the operator takes at most " << sig.numOperands;
    while (operands.size() < sig.numOperands)
      operands.push_back(builder.create<onnx::NoValueOp>(locFor(node)));
  }

  SmallVector<Type> types;
  if (failed(resultTypes(node, operands, types)))
    return failure();
  if (!sig.variadicResults) {
    if (types.size() > sig.numResults)
      return nodeError(node)
             << "has " << types.size()
             << " outputs, but the operator has at most " << sig.numResults;
    while (types.size() < sig.numResults)
      types.push_back(builder.getNoneType());
  }

  NamedAttrList attrs;
  ArrayRef<StringAttr> known = name.getAttributeNames();
  for (const ::onnx::AttributeProto &attr : node.attribute()) {
    if (!llvm::is_contained(known, StringAttr::get(ctx, attr.name())))
      return nodeError(node) << "unknown attribute '" << attr.name() << "'";
    FailureOr<Attribute> value = convertAttribute(node, attr);
    if (failed(value))
      return failure();
    attrs.set(attr.name(), *value);
  }

  OperationState state(locFor(node), name);
  state.addOperands(operands);
  state.addTypes(types);
  state.addAttributes(attrs);
  Operation *op = builder.create(state);

  // Verify now, so a mistake is reported against its node.
  std::string message;
  {
    ScopedDiagnosticHandler capture(ctx, [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    if (succeeded(mlir::verify(op)))
      return op;
  }
  return nodeError(node) << message;
}

OwningOpRef<ModuleOp> Importer::run(std::optional<StringRef> contents) {
  if (failed(parse(contents)) || failed(loadExternalData()) ||
      failed(checkSupportedNodes()) || failed(upgradeOpset()) ||
      failed(checkModel()) || failed(pinInputShapes()) || failed(inferShapes()))
    return nullptr;

  ::onnx::GraphProto &graph = *model.mutable_graph();
  Location fileLoc = FileLineColLoc::get(ctx, path, 0, 0);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());

  llvm::StringSet<> initializerNames;
  for (const auto &init : graph.initializer())
    initializerNames.insert(init.name());

  SmallVector<Type> argTypes;
  SmallVector<StringRef> argNames;
  for (const auto &input : graph.input()) {
    if (initializerNames.contains(input.name()))
      continue;
    std::string why;
    RankedTensorType type = tensorTypeFor(input.type(), why);
    if (!type) {
      InFlightDiagnostic diag = error() << "graph input '" << input.name()
                                        << "': " << why;
      if (why.find("dynamic") != std::string::npos)
        diag << "; pin it with --input-shape " << input.name() << "=<dims>";
      return nullptr;
    }
    argTypes.push_back(type);
    argNames.push_back(input.name());
  }

  auto func = builder.create<func::FuncOp>(
      fileLoc, options.functionName, builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToStart(body);
  for (auto [i, name] : llvm::enumerate(argNames)) {
    values[name] = body->getArgument(i);
    func.setArgAttr(i, "onnx.name", builder.getStringAttr(name));
  }

  for (::onnx::TensorProto &init : *graph.mutable_initializer()) {
    FailureOr<ElementsAttr> value = tensorToAttr(init, /*mayMoveData=*/true);
    if (failed(value))
      return nullptr;
    values[init.name()] =
        builder
            .create<onnx::ConstantOp>(
                NameLoc::get(builder.getStringAttr(init.name())), *value)
            .getResult();
  }

  for (const ::onnx::NodeProto &node : graph.node()) {
    FailureOr<Operation *> op = importNode(node);
    if (failed(op))
      return nullptr;
    unsigned resultIndex = 0;
    for (const std::string &name : node.output()) {
      if (!name.empty())
        values[name] = (*op)->getResult(resultIndex);
      ++resultIndex;
    }
  }

  SmallVector<Value> results;
  SmallVector<Type> resultTypeList;
  for (const auto &output : graph.output()) {
    auto it = values.find(output.name());
    if (it == values.end()) {
      error() << "graph output '" << output.name() << "' is never produced";
      return nullptr;
    }
    results.push_back(it->second);
    resultTypeList.push_back(it->second.getType());
  }
  builder.create<func::ReturnOp>(fileLoc, results);
  func.setFunctionType(builder.getFunctionType(argTypes, resultTypeList));
  for (auto [i, output] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, "onnx.name", builder.getStringAttr(output.name()));

  if (originalOpset != opset)
    (*module)->setAttr("onnx.original_opset",
                       builder.getI64IntegerAttr(originalOpset));
  (*module)->setAttr("onnx.opset", builder.getI64IntegerAttr(opset));
  if (!model.producer_name().empty())
    (*module)->setAttr(
        "onnx.producer",
        builder.getStringAttr(model.producer_version().empty()
                                  ? model.producer_name()
                                  : model.producer_name() + " " +
                                        model.producer_version()));
  if (failed(mlir::verify(*module)))
    return nullptr;
  return module;
}

} // namespace

std::string parseInputShape(llvm::StringRef spec, OnnxImportOptions &options) {
  auto [name, dims] = spec.rsplit('=');
  if (name.empty() || !spec.contains('='))
    return "--input-shape expects name=DIMxDIMx..., got '" + spec.str() + "'";
  SmallVector<int64_t> shape;
  if (!dims.empty()) {
    SmallVector<StringRef> parts;
    dims.split(parts, 'x');
    for (StringRef part : parts) {
      int64_t d;
      if (part.getAsInteger(10, d) || d < 0)
        return "--input-shape '" + spec.str() + "': '" + part.str() +
               "' is not a non-negative dimension";
      shape.push_back(d);
    }
  }
  options.inputShapes[name] = shape;
  return "";
}

OwningOpRef<ModuleOp> importOnnxModel(StringRef path, MLIRContext *context,
                                      const OnnxImportOptions &options,
                                      std::optional<StringRef> contents) {
  context->loadDialect<onnx::OnnxDialect, func::FuncDialect>();
  Importer importer(path, context, options);
  return importer.run(contents);
}

} // namespace kiln
