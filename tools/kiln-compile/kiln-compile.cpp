//===- kiln-compile.cpp - ONNX model -> .kbin ------------------------------===//
//
//   kiln-compile model.onnx --target=host -o model.kbin
//
// Imports the model, runs the target's pipeline and writes the container.
// MLIR's pass-manager options (--mlir-print-ir-after-all, --mlir-timing, ...)
// are registered before parsing the command line.
//
//===----------------------------------------------------------------------===//

#include "kiln/Frontend/OnnxImporter.h"
#include "kiln/InitAllDialects.h"
#include "kiln/InitAllPasses.h"
#include "kiln/Target/TargetBackend.h"
#include "kiln/rt/Kbin.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::Required);
static cl::opt<std::string> outputFile("o", cl::desc("Output .kbin file"),
                                       cl::value_desc("file"), cl::Required);
static cl::opt<std::string> targetName("target",
                                       cl::desc("Target (host)"),
                                       cl::init("host"));
static cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("Static shape of a graph input: name=1x3x224x224"));
static cl::opt<std::string>
    emitMlir("emit-mlir", cl::desc("Also write the final MLIR to this file"),
             cl::value_desc("file"));
static cl::opt<unsigned> optLevel(
    "O", cl::desc("Optimization level: 0 runs no pass before serialization"),
    cl::Prefix, cl::init(1));

/// Prints importer diagnostics (no source position) as "error: ...".
static LogicalResult printPlain(Diagnostic &diag) {
  const char *label = diag.getSeverity() == DiagnosticSeverity::Error ? "error"
                      : diag.getSeverity() == DiagnosticSeverity::Warning
                          ? "warning"
                      : diag.getSeverity() == DiagnosticSeverity::Note ? "note"
                                                                       : "remark";
  if (!llvm::isa<UnknownLoc>(diag.getLocation()))
    llvm::errs() << diag.getLocation() << ": ";
  llvm::errs() << label << ": " << diag.str() << "\n";
  for (Diagnostic &note : diag.getNotes())
    llvm::errs() << "note: " << note.str() << "\n";
  return success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  kiln::registerAllTargets();
  kiln::registerAllPasses();
  cl::ParseCommandLineOptions(argc, argv, "Kiln compiler: ONNX -> .kbin\n");

  const kiln::TargetBackend *target = kiln::lookupTargetBackend(targetName);
  if (!target) {
    llvm::errs() << "error: unknown target '" << targetName << "'; known:";
    for (const kiln::TargetBackend *t : kiln::getTargetBackends())
      llvm::errs() << " " << t->getName();
    llvm::errs() << "\n";
    return 1;
  }

  if (std::string err = target->checkOptions(); !err.empty()) {
    llvm::errs() << "error: " << err << "\n";
    return 1;
  }

  DialectRegistry registry;
  kiln::registerAllDialects(registry);
  MLIRContext context(registry);
  // Remarks and errors name the op by its ONNX node; the op dump is noise.
  context.printOpOnDiagnostic(false);
  context.loadAllAvailableDialects();
  ScopedDiagnosticHandler handler(&context, printPlain);

  kiln::OnnxImportOptions options;
  for (const std::string &spec : inputShapes) {
    std::string err = kiln::parseInputShape(spec, options);
    if (!err.empty()) {
      llvm::errs() << "error: " << err << "\n";
      return 1;
    }
  }
  OwningOpRef<ModuleOp> module =
      kiln::importOnnxModel(inputFile, &context, options);
  if (!module)
    return 1;

  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  DefaultTimingManager tm;
  applyDefaultTimingManagerCLOptions(tm);
  TimingScope timing = tm.getRootScope();
  pm.enableTiming(timing);
  if (optLevel > 0)
    target->buildPipeline(pm);
  if (failed(pm.run(*module)))
    return 1;

  if (!emitMlir.empty()) {
    std::string err;
    auto out = openOutputFile(emitMlir, &err);
    if (!out) {
      llvm::errs() << "error: " << err << "\n";
      return 1;
    }
    module->print(out->os());
    out->keep();
  }

  kiln::rt::KbinWriter writer;
  writer.manifest().producer = "kiln-compile (target " + targetName + ")";
  writer.manifest().model["source"] =
      llvm::sys::path::filename(inputFile).str();
  if (failed(target->serialize(*module, writer)))
    return 1;
  std::string err = writer.writeFile(outputFile);
  if (!err.empty()) {
    llvm::errs() << "error: " << err << "\n";
    return 1;
  }
  return 0;
}
