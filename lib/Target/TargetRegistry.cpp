//===- TargetRegistry.cpp - the registry of target backends
//----------------===//

#include "kiln/Target/TargetBackend.h"

#include "kiln/rt/Kbin.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace kiln {

namespace {

/// Device steps go to the first part that takes them.
class CompositeEmitter final : public DeviceStepEmitter {
public:
  explicit CompositeEmitter(std::vector<std::unique_ptr<DeviceStepEmitter>> p)
      : parts(std::move(p)) {}
  bool handles(mlir::Operation *op) const override {
    return find(op) != nullptr;
  }
  mlir::LogicalResult emit(mlir::Operation *op, rt::Step &step,
                           std::string &program) const override {
    return find(op)->emit(op, step, program);
  }

private:
  const DeviceStepEmitter *find(mlir::Operation *op) const {
    for (const auto &p : parts)
      if (p->handles(op))
        return p.get();
    return nullptr;
  }
  std::vector<std::unique_ptr<DeviceStepEmitter>> parts;
};

class CompositeTarget final : public TargetBackend {
public:
  CompositeTarget(std::string name, std::vector<const TargetBackend *> parts)
      : name(std::move(name)), parts(std::move(parts)) {
    description = "composition:";
    for (const TargetBackend *p : this->parts)
      description += " " + p->getName().str();
  }
  llvm::StringRef getName() const override { return name; }
  llvm::StringRef getDescription() const override { return description; }
  std::string checkOptions() const override {
    for (const TargetBackend *p : parts)
      if (std::string err = p->checkOptions(); !err.empty())
        return err;
    return "";
  }
  void buildPipeline(mlir::OpPassManager &pm) const override {
    for (const TargetBackend *p : parts)
      p->buildPipeline(pm);
  }
  nlohmann::json getConfig() const override {
    nlohmann::json j = nlohmann::json::object();
    for (const TargetBackend *p : parts)
      j[p->getName().str()] = p->getConfig();
    return j;
  }
  mlir::LogicalResult serialize(mlir::ModuleOp module,
                                rt::KbinWriter &writer) const override {
    std::vector<std::unique_ptr<DeviceStepEmitter>> emitters;
    for (const TargetBackend *p : parts) {
      std::string err;
      std::unique_ptr<DeviceStepEmitter> e = p->createEmitter(err);
      if (!e)
        return module.emitError() << p->getName() << ": "
                                  << (err.empty() ? "cannot be composed" : err);
      emitters.push_back(std::move(e));
    }
    writer.manifest().targetName = name;
    writer.manifest().targetConfig = getConfig();
    CompositeEmitter emitter(std::move(emitters));
    return serializeHostProgram(module, writer, "main", &emitter);
  }

private:
  std::string name, description;
  std::vector<const TargetBackend *> parts;
};

std::vector<std::unique_ptr<TargetBackend>> &composites() {
  static std::vector<std::unique_ptr<TargetBackend>> list;
  return list;
}

} // namespace

static std::vector<std::unique_ptr<TargetBackend>> &backends() {
  static std::vector<std::unique_ptr<TargetBackend>> list;
  return list;
}

void registerTargetBackend(std::unique_ptr<TargetBackend> backend) {
  if (!lookupTargetBackend(backend->getName()))
    backends().push_back(std::move(backend));
}

const TargetBackend *lookupTargetBackend(llvm::StringRef name) {
  for (const auto &b : backends())
    if (b->getName() == name)
      return b.get();
  if (!name.contains('+'))
    return nullptr;
  for (const auto &b : composites())
    if (b->getName() == name)
      return b.get();
  llvm::SmallVector<llvm::StringRef> names;
  name.split(names, '+');
  std::vector<const TargetBackend *> parts;
  for (llvm::StringRef n : names) {
    const TargetBackend *p = nullptr;
    for (const auto &b : backends())
      if (b->getName() == n)
        p = b.get();
    // Only device targets compose (the host is implied).
    std::string err;
    if (!p || (!p->createEmitter(err) && err.empty()))
      return nullptr;
    for (const TargetBackend *q : parts)
      if (q == p)
        return nullptr;
    parts.push_back(p);
  }
  composites().push_back(
      std::make_unique<CompositeTarget>(name.str(), std::move(parts)));
  return composites().back().get();
}

std::vector<const TargetBackend *> getTargetBackends() {
  std::vector<const TargetBackend *> out;
  for (const auto &b : backends())
    out.push_back(b.get());
  return out;
}

} // namespace kiln
