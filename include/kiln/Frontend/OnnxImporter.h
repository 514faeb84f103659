//===- OnnxImporter.h - ONNX model to onnx dialect --------------*- C++ -*-===//
//
// Imports an ONNX model file into a module holding `func.func @main` in the
// onnx dialect. The importer runs libonnx's checker and shape inference first,
// upgrades models below opset 13, pins dynamic input dimensions, and refuses
// (with every offending node named) anything it cannot represent statically.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_FRONTEND_ONNXIMPORTER_H
#define KILN_FRONTEND_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <string>

namespace kiln {

struct OnnxImportOptions {
  /// Static shapes for graph inputs (`--input-shape name=1x3x224x224`);
  /// they replace the model's declared dims, dynamic or not.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Initializers and Constant values with at most this many elements stay
  /// inline dense attributes (shapes, axes, scalars fold and read well);
  /// larger ones become dense_resource blobs.
  int64_t inlineElementLimit = 16;
  /// Name of the function the graph becomes.
  std::string functionName = "main";
};

/// Parses `--input-shape` values of the form `name=2x3x4` (a scalar is
/// `name=`) into `options`; returns an error message or "".
std::string parseInputShape(llvm::StringRef spec, OnnxImportOptions &options);

/// Imports the ONNX model at `path`. Errors are emitted as MLIR diagnostics
/// (`<path>: node '<name>' (<OpType>, opset <n>): ...`) and null is returned.
/// `path` may be "-" together with `contents` for models read from stdin.
mlir::OwningOpRef<mlir::ModuleOp>
importOnnxModel(llvm::StringRef path, mlir::MLIRContext *context,
                const OnnxImportOptions &options,
                std::optional<llvm::StringRef> contents = std::nullopt);

/// Registers the `--import-onnx` translation (kiln-translate) and its options.
void registerOnnxImportTranslation();

} // namespace kiln

#endif // KILN_FRONTEND_ONNXIMPORTER_H
