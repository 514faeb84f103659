//===- ImportTranslation.cpp - kiln-translate --import-onnx ---------------===//

#include "kiln/Frontend/OnnxImporter.h"

#include "dialects/onnx/IR/OnnxDialect.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

namespace kiln {
namespace {

llvm::cl::OptionCategory importCategory("ONNX import options");

llvm::cl::list<std::string> inputShapes(
    "input-shape",
    llvm::cl::desc("Static shape of a graph input: name=1x3x224x224 "
                   "(repeatable; a scalar is name=)"),
    llvm::cl::cat(importCategory));

llvm::cl::opt<bool>
    emitBytecode("emit-bytecode",
                 llvm::cl::desc("Write MLIR bytecode instead of text"),
                 llvm::cl::init(false), llvm::cl::cat(importCategory));

llvm::cl::opt<int64_t> inlineElementLimit(
    "onnx-inline-limit",
    llvm::cl::desc("Constants with at most this many elements stay inline; "
                   "larger ones become dense_resource blobs"),
    llvm::cl::init(16), llvm::cl::cat(importCategory));

LogicalResult
importTranslation(const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
                  llvm::raw_ostream &output, MLIRContext *context) {
  // Importer diagnostics carry no source position: print them as
  // "error: <file>: ..." rather than with a meaningless "<unknown>:0:".
  ScopedDiagnosticHandler plainErrors(context, [](Diagnostic &diag) {
    if (!llvm::isa<UnknownLoc>(diag.getLocation()))
      return failure();
    auto print = [](DiagnosticSeverity severity, const Twine &message) {
      const char *label = severity == DiagnosticSeverity::Error     ? "error"
                          : severity == DiagnosticSeverity::Warning ? "warning"
                          : severity == DiagnosticSeverity::Note    ? "note"
                                                                    : "remark";
      llvm::errs() << label << ": " << message << "\n";
    };
    print(diag.getSeverity(), diag.str());
    for (Diagnostic &note : diag.getNotes())
      print(note.getSeverity(), note.str());
    return success();
  });
  OnnxImportOptions options;
  options.inlineElementLimit = inlineElementLimit;
  for (const std::string &spec : inputShapes) {
    std::string err = parseInputShape(spec, options);
    if (!err.empty())
      return emitError(UnknownLoc::get(context)) << err;
  }
  const llvm::MemoryBuffer *buffer =
      sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
  StringRef path = buffer->getBufferIdentifier();
  // Re-read named files as a stream: the translate driver's buffer is a
  // lazy mapping, and streaming keeps the whole file out of memory.
  std::optional<StringRef> contents;
  if (path == "<stdin>" || path == "-")
    contents = buffer->getBuffer();
  OwningOpRef<ModuleOp> module =
      importOnnxModel(path, context, options, contents);
  if (!module)
    return failure();
  if (emitBytecode)
    return writeBytecodeToFile(*module, output);
  module->print(output);
  return success();
}

} // namespace

void registerOnnxImportTranslation() {
  static TranslateRegistration registration(
      "import-onnx", "Import an ONNX model (.onnx) into the onnx dialect",
      importTranslation);
}

} // namespace kiln
