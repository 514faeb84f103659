//===- TargetRegistry.cpp - the registry of target backends ----------------===//

#include "kiln/Target/TargetBackend.h"

#include "llvm/ADT/STLExtras.h"

namespace kiln {

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
  return nullptr;
}

std::vector<const TargetBackend *> getTargetBackends() {
  std::vector<const TargetBackend *> out;
  for (const auto &b : backends())
    out.push_back(b.get());
  return out;
}

} // namespace kiln
