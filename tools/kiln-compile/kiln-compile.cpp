//===- kiln-compile.cpp - ONNX model -> .kbin
//------------------------------===//
//
//   kiln-compile model.onnx --target=host -o model.kbin
//
// Imports the model (or parses onnx/sparse_vit-dialect MLIR, .mlir or
// .mlirbc), applies the model transformations asked for (CP-ViT token and
// head pruning: --cp-vit-*), runs the target's pipeline and writes the
// container. Model transformations run before any target, so every target
// compiles the transformed model unchanged.
// MLIR's pass-manager options (--mlir-print-ir-after-all, --mlir-timing, ...)
// are registered before parsing the command line.
//
//===----------------------------------------------------------------------===//

#include "dialects/sparse_vit/Transforms/CpVit.h"
#include "kiln/Frontend/OnnxImporter.h"
#include "kiln/InitAllDialects.h"
#include "kiln/InitAllPasses.h"
#include "kiln/Target/TargetBackend.h"
#include "kiln/rt/Kbin.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <sstream>

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<model.onnx|model.mlir>"),
                                      cl::Required);
static cl::opt<std::string> outputFile("o", cl::desc("Output .kbin file"),
                                       cl::value_desc("file"), cl::Required);
static cl::opt<std::string> targetName("target", cl::desc("Target (host)"),
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

// CP-ViT (docs/transforms/cp-vit.md): the cp-vit-prune options under the
// names users see; any of keep/flops-budget turns pruning on.
static cl::OptionCategory cpVitCategory("CP-ViT token and head pruning");
static cl::opt<double>
    cpVitKeep("cp-vit-keep",
              cl::desc("Final patch keep ratio in (0, 1]: prune tokens"),
              cl::init(0), cl::cat(cpVitCategory));
static cl::opt<double> cpVitFlopsBudget(
    "cp-vit-flops-budget",
    cl::desc("Prune to at most this fraction of the model's FLOPs, in (0, 1]"),
    cl::init(0), cl::cat(cpVitCategory));
static cl::opt<std::string>
    cpVitPolicy("cp-vit-policy", cl::desc("Token policy: cp-vit, evit, tome"),
                cl::init("cp-vit"), cl::cat(cpVitCategory));
static cl::opt<int64_t>
    cpVitFirstLayer("cp-vit-first-layer",
                    cl::desc("First block whose tokens and heads are pruned"),
                    cl::init(1), cl::cat(cpVitCategory));
static cl::opt<std::string> cpVitSchedule(
    "cp-vit-schedule",
    cl::desc("Per-layer ratios: geometric, linear, layer-aware, auto"),
    cl::init("auto"), cl::cat(cpVitCategory));
static cl::opt<double>
    cpVitAlpha("cp-vit-alpha",
               cl::desc("Layer-aware weight of the attention range in [0, 1]"),
               cl::init(1.0), cl::cat(cpVitCategory));
static cl::opt<double>
    cpVitHeadKeep("cp-vit-head-keep",
                  cl::desc("Fraction of heads kept in pruned blocks (0, 1]"),
                  cl::init(1.0), cl::cat(cpVitCategory));
static cl::opt<std::string> cpVitHeadScore(
    "cp-vit-head-score",
    cl::desc("Head importance: output (norm of the head's output share) or "
             "attention (peak attention on patches)"),
    cl::init("output"), cl::cat(cpVitCategory));
static cl::opt<std::string> cpVitScore(
    "cp-vit-score",
    cl::desc("cp-vit token score: cp-vit or evit (default: the policy's)"),
    cl::init(""), cl::cat(cpVitCategory));
static cl::opt<std::string> cpVitCalibration(
    "cp-vit-calibration",
    cl::desc("Calibration inputs (.npy, first axis = inputs) for the "
             "layer-aware schedule and head importance"),
    cl::value_desc("file"), cl::cat(cpVitCategory));
static cl::opt<int64_t> cpVitCalibrationLimit(
    "cp-vit-calibration-limit",
    cl::desc("Use at most this many calibration inputs (0 = all)"), cl::init(0),
    cl::cat(cpVitCategory));

static bool cpVitRequested() {
  return cpVitKeep.getNumOccurrences() || cpVitFlopsBudget.getNumOccurrences();
}

/// "" or what is wrong with the --cp-vit-* flags.
static std::string checkCpVitOptions() {
  if (!cpVitRequested()) {
    for (const cl::Option *o : std::initializer_list<const cl::Option *>{
             &cpVitPolicy, &cpVitFirstLayer, &cpVitSchedule, &cpVitAlpha,
             &cpVitHeadKeep, &cpVitHeadScore, &cpVitScore, &cpVitCalibration,
             &cpVitCalibrationLimit})
      if (o->getNumOccurrences())
        return "--" + o->ArgStr.str() +
               " has no effect without --cp-vit-keep or "
               "--cp-vit-flops-budget";
    return "";
  }
  if (cpVitKeep.getNumOccurrences() && cpVitFlopsBudget.getNumOccurrences())
    return "--cp-vit-keep and --cp-vit-flops-budget are alternatives; give "
           "one";
  if (cpVitFlopsBudget.getNumOccurrences() &&
      !(cpVitFlopsBudget > 0 && cpVitFlopsBudget <= 1)) {
    std::ostringstream os;
    os << "--cp-vit-flops-budget=" << cpVitFlopsBudget
       << " is out of range: the FLOPs fraction must be in (0, 1]";
    return os.str();
  }
  if (cpVitCalibrationLimit < 0)
    return "--cp-vit-calibration-limit must be >= 0";
  return kiln::sparse_vit::checkPruneOptions(
      cpVitPolicy,
      cpVitFlopsBudget.getNumOccurrences() ? 1.0 : double(cpVitKeep),
      cpVitFlopsBudget, cpVitFirstLayer, cpVitSchedule, cpVitAlpha,
      cpVitHeadKeep, cpVitHeadScore, cpVitScore, "--cp-vit-");
}

/// The CP-ViT passes before the target pipeline; sparse_vit ops (pruned
/// here or in the input MLIR) are always lowered to onnx ops.
static void buildModelTransforms(PassManager &pm) {
  if (cpVitRequested()) {
    pm.addPass(createCanonicalizerPass());
    pm.addNestedPass<func::FuncOp>(kiln::sparse_vit::createSparseVitRaise());
    if (!cpVitCalibration.empty()) {
      kiln::sparse_vit::CpVitCalibrateOptions calibrate;
      calibrate.inputs = cpVitCalibration;
      calibrate.limit = cpVitCalibrationLimit;
      pm.addPass(kiln::sparse_vit::createCpVitCalibrate(calibrate));
    }
    kiln::sparse_vit::CpVitPruneOptions prune;
    prune.policy = cpVitPolicy;
    prune.keep = cpVitFlopsBudget.getNumOccurrences() ? 1.0 : double(cpVitKeep);
    prune.flopsBudget = cpVitFlopsBudget;
    prune.firstLayer = cpVitFirstLayer;
    prune.schedule = cpVitSchedule;
    prune.alpha = cpVitAlpha;
    prune.headKeep = cpVitHeadKeep;
    prune.headScore = cpVitHeadScore;
    prune.score = cpVitScore;
    pm.addPass(kiln::sparse_vit::createCpVitPrune(prune));
  }
  pm.addNestedPass<func::FuncOp>(kiln::sparse_vit::createSparseVitLower());
}

/// Prints importer diagnostics (no source position) as "error: ...".
static LogicalResult printPlain(Diagnostic &diag) {
  const char *label =
      diag.getSeverity() == DiagnosticSeverity::Error     ? "error"
      : diag.getSeverity() == DiagnosticSeverity::Warning ? "warning"
      : diag.getSeverity() == DiagnosticSeverity::Note    ? "note"
                                                          : "remark";
  Location loc = diag.getLocation();
  // Ops carry their ONNX node name, the model its file (at 0:0).
  if (auto name = llvm::dyn_cast<NameLoc>(loc)) {
    if (auto file = llvm::dyn_cast<FileLineColLoc>(name.getChildLoc()))
      llvm::errs() << file.getFilename().getValue() << ": ";
    llvm::errs() << "node '" << name.getName().getValue() << "': ";
  } else if (auto file = llvm::dyn_cast<FileLineColLoc>(loc)) {
    llvm::errs() << file.getFilename().getValue();
    if (file.getLine() != 0)
      llvm::errs() << ":" << file.getLine() << ":" << file.getColumn();
    llvm::errs() << ": ";
  } else if (!llvm::isa<UnknownLoc>(loc)) {
    llvm::errs() << loc << ": ";
  }
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
    llvm::errs() << " (device targets compose as a+b, e.g. "
                    "lut-tc+dimm-pim)\n";
    return 1;
  }

  if (std::string err = checkCpVitOptions(); !err.empty()) {
    llvm::errs() << "error: " << err << "\n";
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
  OwningOpRef<ModuleOp> module;
  llvm::StringRef ext = llvm::sys::path::extension(inputFile);
  if (ext == ".mlir" || ext == ".mlirbc") {
    ParserConfig config(&context);
    module = parseSourceFile<ModuleOp>(inputFile, config);
  } else {
    module = kiln::importOnnxModel(inputFile, &context, options);
  }
  if (!module)
    return 1;

  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  DefaultTimingManager tm;
  applyDefaultTimingManagerCLOptions(tm);
  TimingScope timing = tm.getRootScope();
  pm.enableTiming(timing);
  buildModelTransforms(pm);
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
