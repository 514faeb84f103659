//===- TargetBackend.h - the small interface every target implements -*- C++
//-*-===//
//
// A target turns onnx-dialect IR into a .kbin: a pass pipeline that offloads
// and lowers what the target runs (the rest stays onnx ops for the host), a
// configuration written into the container so a binary describes itself, and
// a serializer. Modeled on IREE's TargetBackend: pipeline + serialize.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TARGET_TARGETBACKEND_H
#define KILN_TARGET_TARGETBACKEND_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace kiln::rt {
class KbinWriter;
struct Step;
} // namespace kiln::rt

namespace kiln {

class TargetBackend {
public:
  virtual ~TargetBackend() = default;
  virtual llvm::StringRef getName() const = 0;
  virtual llvm::StringRef getDescription() const = 0;
  /// Checks the target's command-line options before anything runs; returns
  /// "" or a message naming the option and what is wrong.
  virtual std::string checkOptions() const { return ""; }
  /// Passes from imported onnx IR to what serialize() accepts.
  virtual void buildPipeline(mlir::OpPassManager &pm) const = 0;
  /// The full target configuration recorded in the .kbin manifest.
  virtual nlohmann::json getConfig() const = 0;
  /// Writes the program of `module`'s entry function into `writer`.
  virtual mlir::LogicalResult serialize(mlir::ModuleOp module,
                                        rt::KbinWriter &writer) const = 0;
  /// The emitter of this target's launch ops, for a composed target (null
  /// for the host); `err` receives why it cannot be made.
  virtual std::unique_ptr<class DeviceStepEmitter>
  createEmitter(std::string &err) const {
    return nullptr;
  }
};

/// Registry of targets (filled by registerAllTargets()).
void registerTargetBackend(std::unique_ptr<TargetBackend> backend);
/// A registered target, or a composition "a+b" of registered device
/// targets (made on first use): each part offloads what it runs, in the
/// order given, into one .kbin whose config holds every part's under its
/// name.
const TargetBackend *lookupTargetBackend(llvm::StringRef name);
std::vector<const TargetBackend *> getTargetBackends();
void registerAllTargets();

/// Turns a target's launch ops into device steps of the program.
class DeviceStepEmitter {
public:
  virtual ~DeviceStepEmitter() = default;
  /// Whether `op` (a top-level op of the entry function) is a launch.
  virtual bool handles(mlir::Operation *op) const = 0;
  /// Sets the step's target, op and attributes and writes its program blob;
  /// the step's inputs and outputs are the op's operands and results.
  virtual mlir::LogicalResult emit(mlir::Operation *op, rt::Step &step,
                                   std::string &program) const = 0;
};

/// Serializes a program: the entry function's arguments, constants, onnx
/// ops as host steps, launches (through `device`) as device steps, and the
/// results. Any other op is an error naming it.
mlir::LogicalResult
serializeHostProgram(mlir::ModuleOp module, rt::KbinWriter &writer,
                     llvm::StringRef entry = "main",
                     const DeviceStepEmitter *device = nullptr);

} // namespace kiln

#endif // KILN_TARGET_TARGETBACKEND_H
