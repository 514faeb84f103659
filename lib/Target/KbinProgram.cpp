//===- KbinProgram.cpp - onnx-dialect function -> .kbin program
//------------===//
//
// Arguments become input tensors, onnx.Constant results constant tensors with
// their bytes in blobs, every other onnx op a host step with its attributes
// in the typed JSON form of kiln/rt/Attrs.h, and the returned values the
// graph outputs (under their ONNX names).
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/TargetBackend.h"

#include "dialects/onnx/IR/OnnxOps.h"
#include "kiln/rt/Kbin.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <cstring>
#include <set>

using namespace mlir;

namespace kiln {

namespace {

/// The runtime dtype of an MLIR element type.
std::optional<rt::DType> dtypeOf(Type type) {
  if (type.isF32())
    return rt::DType::F32;
  if (type.isF16())
    return rt::DType::F16;
  if (type.isBF16())
    return rt::DType::BF16;
  if (type.isF64())
    return rt::DType::F64;
  if (type.isInteger(1))
    return rt::DType::Bool;
  if (auto it = llvm::dyn_cast<IntegerType>(type)) {
    bool u = it.isUnsigned();
    switch (it.getWidth()) {
    case 8:
      return u ? rt::DType::U8 : rt::DType::I8;
    case 16:
      return u ? rt::DType::U16 : rt::DType::I16;
    case 32:
      return u ? rt::DType::U32 : rt::DType::I32;
    case 64:
      return u ? rt::DType::U64 : rt::DType::I64;
    }
  }
  return std::nullopt;
}

/// Little-endian bytes of a constant in the runtime layout (bool: 1 byte).
FailureOr<std::string> bytesOf(Operation *op, ElementsAttr attr) {
  auto type = llvm::cast<ShapedType>(attr.getType());
  int64_t n = type.getNumElements();
  std::string out;
  if (auto dense = llvm::dyn_cast<DenseElementsAttr>(attr)) {
    if (type.getElementType().isInteger(1)) {
      for (bool b : dense.getValues<bool>())
        out.push_back(b ? 1 : 0);
      return out;
    }
    ArrayRef<char> raw = dense.getRawData();
    if (dense.isSplat()) {
      out.reserve(raw.size() * n);
      for (int64_t i = 0; i < n; ++i)
        out.append(raw.data(), raw.size());
    } else {
      out.assign(raw.data(), raw.size());
    }
    return out;
  }
  if (auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return op->emitError("constant refers to a missing resource blob");
    ArrayRef<char> data = blob->getData();
    return std::string(data.data(), data.size());
  }
  return op->emitError("unsupported constant attribute kind");
}

FailureOr<rt::AttrValue> convertAttr(Operation *op, StringRef name,
                                     Attribute attr) {
  rt::AttrValue v;
  if (auto i = llvm::dyn_cast<IntegerAttr>(attr)) {
    v.kind = rt::AttrValue::Kind::Int;
    v.i = i.getValue().getSExtValue();
  } else if (auto f = llvm::dyn_cast<FloatAttr>(attr)) {
    v.kind = rt::AttrValue::Kind::Float;
    v.f = f.getValueAsDouble();
  } else if (auto s = llvm::dyn_cast<StringAttr>(attr)) {
    v.kind = rt::AttrValue::Kind::String;
    v.s = s.getValue().str();
  } else if (auto ints = llvm::dyn_cast<DenseI64ArrayAttr>(attr)) {
    v.kind = rt::AttrValue::Kind::Ints;
    v.ints.assign(ints.asArrayRef().begin(), ints.asArrayRef().end());
  } else if (auto floats = llvm::dyn_cast<DenseF32ArrayAttr>(attr)) {
    v.kind = rt::AttrValue::Kind::Floats;
    v.floats.assign(floats.asArrayRef().begin(), floats.asArrayRef().end());
  } else if (auto array = llvm::dyn_cast<ArrayAttr>(attr)) {
    v.kind = rt::AttrValue::Kind::Strings;
    for (Attribute e : array) {
      auto str = llvm::dyn_cast<StringAttr>(e);
      if (!str)
        return op->emitError() << "attribute '" << name
                               << "': only arrays of strings are supported";
      v.strings.push_back(str.getValue().str());
    }
  } else if (auto type = llvm::dyn_cast<TypeAttr>(attr)) {
    std::optional<rt::DType> dt = dtypeOf(type.getValue());
    if (!dt)
      return op->emitError() << "attribute '" << name << "': type "
                             << type.getValue() << " has no runtime dtype";
    v.kind = rt::AttrValue::Kind::Type;
    v.type = *dt;
  } else if (auto elements = llvm::dyn_cast<ElementsAttr>(attr)) {
    auto shaped = llvm::cast<ShapedType>(elements.getType());
    std::optional<rt::DType> dt = dtypeOf(shaped.getElementType());
    if (!dt)
      return op->emitError() << "attribute '" << name << "': unsupported "
                             << "element type";
    FailureOr<std::string> bytes = bytesOf(op, elements);
    if (failed(bytes))
      return failure();
    v.kind = rt::AttrValue::Kind::Tensor;
    v.tensor = std::make_shared<rt::Tensor>(
        *dt, rt::Shape(shaped.getShape().begin(), shaped.getShape().end()));
    std::memcpy(v.tensor->raw(), bytes->data(),
                std::min(bytes->size(), v.tensor->bytes()));
  } else {
    return op->emitError() << "attribute '" << name
                           << "' has a kind the .kbin cannot hold: " << attr;
  }
  return v;
}

std::string nodeName(Operation *op) {
  if (auto name = llvm::dyn_cast<NameLoc>(op->getLoc()))
    return name.getName().str();
  return "";
}

class ProgramBuilder {
public:
  ProgramBuilder(rt::KbinWriter &writer, const DeviceStepEmitter *device)
      : writer(writer), device(device) {}

  LogicalResult build(func::FuncOp func) {
    rt::Manifest &m = writer.manifest();
    for (BlockArgument arg : func.getArguments()) {
      auto name =
          func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "onnx.name");
      std::string argName = name ? name.getValue().str()
                                 : "arg" + std::to_string(arg.getArgNumber());
      FailureOr<int64_t> id =
          addTensor(func, arg, argName, rt::TensorKind::Input, nullptr);
      if (failed(id))
        return failure();
      m.inputs.push_back(*id);
    }
    // Top-level ops only: device launches hold their programs in regions.
    for (Operation &op : func.getBody().front().without_terminator())
      if (failed(emitOp(&op)))
        return failure();
    auto ret =
        llvm::cast<func::ReturnOp>(func.getBody().front().getTerminator());
    llvm::StringSet<> outputNames;
    for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
      auto nameAttr = func.getResultAttrOfType<StringAttr>(i, "onnx.name");
      std::string name =
          nameAttr ? nameAttr.getValue().str() : "output" + std::to_string(i);
      if (!outputNames.insert(name).second)
        return func.emitError() << "two results are named '" << name << "'";
      FailureOr<int64_t> id = tensorId(value);
      if (failed(id))
        return failure();
      // A graph output needs a tensor of its own under its ONNX name: a step
      // result is renamed; an input, a constant or a value returned twice is
      // copied by an Identity step.
      if (m.tensors[*id].kind == rt::TensorKind::Value &&
          !usedAsOutput.count(*id)) {
        m.tensors[*id].name = name;
      } else {
        rt::Step copy;
        copy.op = "Identity";
        copy.name = name;
        copy.inputs = {*id};
        const rt::TensorInfo info = m.tensors[*id];
        int64_t outId = writer.addTensor(name, info.dtype, info.shape,
                                         rt::TensorKind::Value);
        copy.outputs = {outId};
        m.program.push_back(std::move(copy));
        id = outId;
      }
      usedAsOutput.insert(*id);
      m.outputs.push_back(*id);
    }
    return success();
  }

private:
  FailureOr<int64_t> addTensor(Operation *where, Value value,
                               const std::string &name, rt::TensorKind kind,
                               const void *data) {
    auto type = llvm::dyn_cast<RankedTensorType>(value.getType());
    if (!type || !type.hasStaticShape())
      return where->emitError() << "value of type " << value.getType()
                                << " is not a statically shaped tensor";
    std::optional<rt::DType> dt = dtypeOf(type.getElementType());
    if (!dt)
      return where->emitError() << "element type " << type.getElementType()
                                << " has no runtime dtype";
    int64_t id = writer.addTensor(
        name, *dt, rt::Shape(type.getShape().begin(), type.getShape().end()),
        kind, data);
    ids[value] = id;
    return id;
  }

  FailureOr<int64_t> tensorId(Value value) {
    if (!value || llvm::isa<NoneType>(value.getType()))
      return int64_t(-1);
    auto it = ids.find(value);
    if (it == ids.end())
      return emitError(value.getLoc()) << "value used before it is defined";
    return it->second;
  }

  LogicalResult emitOp(Operation *op) {
    if (llvm::isa<onnx::NoValueOp>(op))
      return success();
    if (auto constant = llvm::dyn_cast<onnx::ConstantOp>(op)) {
      FailureOr<std::string> bytes = bytesOf(op, constant.getValue());
      if (failed(bytes))
        return failure();
      std::string name = nodeName(op);
      return addTensor(op, constant.getResult(),
                       name.empty() ? "const" + std::to_string(ids.size())
                                    : name,
                       rt::TensorKind::Constant, bytes->data());
    }
    rt::Step step;
    step.name = nodeName(op);
    std::string programBytes;
    bool isDevice = device && device->handles(op);
    if (isDevice) {
      step.kind = rt::Step::Kind::Device;
      if (failed(device->emit(op, step, programBytes)))
        return failure();
    } else if (!llvm::isa<onnx::OnnxDialect>(op->getDialect())) {
      return op->emitError() << "'" << op->getName()
                             << "' cannot run on the host: no target took it";
    } else {
      step.op = op->getName().stripDialect().str();
    }
    for (Value operand : op->getOperands()) {
      FailureOr<int64_t> id = tensorId(operand);
      if (failed(id))
        return failure();
      step.inputs.push_back(*id);
    }
    for (NamedAttribute attr : op->getAttrDictionary()) {
      if (isDevice)
        break; // the device emitter chose the step's attributes
      FailureOr<rt::AttrValue> value =
          convertAttr(op, attr.getName().getValue(), attr.getValue());
      if (failed(value))
        return failure();
      step.attrs.set(attr.getName().str(), std::move(*value));
    }
    for (auto [i, result] : llvm::enumerate(op->getResults())) {
      if (llvm::isa<NoneType>(result.getType())) {
        step.outputs.push_back(-1);
        continue;
      }
      std::string name =
          (step.name.empty() ? step.op : step.name) + ":" + std::to_string(i);
      FailureOr<int64_t> id =
          addTensor(op, result, name, rt::TensorKind::Value, nullptr);
      if (failed(id))
        return failure();
      step.outputs.push_back(*id);
    }
    if (isDevice)
      step.programBlob = writer.addBlob("device-program", programBytes.data(),
                                        programBytes.size());
    writer.manifest().program.push_back(std::move(step));
    return success();
  }

  rt::KbinWriter &writer;
  const DeviceStepEmitter *device;
  llvm::DenseMap<Value, int64_t> ids;
  std::set<int64_t> usedAsOutput;
};

} // namespace

LogicalResult serializeHostProgram(ModuleOp module, rt::KbinWriter &writer,
                                   StringRef entry,
                                   const DeviceStepEmitter *device) {
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func)
    return module.emitError() << "no entry function @" << entry;
  if (func.getBody().getBlocks().size() != 1)
    return func.emitError("the entry function must have a single block");
  if (auto opset = module->getAttrOfType<IntegerAttr>("onnx.opset"))
    writer.manifest().model["opset"] = opset.getInt();
  if (auto producer = module->getAttrOfType<StringAttr>("onnx.producer"))
    writer.manifest().model["producer"] = producer.getValue().str();
  ProgramBuilder builder(writer, device);
  return builder.build(func);
}

} // namespace kiln
