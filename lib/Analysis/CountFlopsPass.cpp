//===- CountFlopsPass.cpp - kiln-count-flops: a MACs/FLOPs report ---------===//
//
// Prints, per function, the MACs and FLOPs of its onnx ops by op type (and
// optionally per op) as a table, or as JSON when `output` ends in .json.
// Purely a report: the IR is not modified.
//
//===----------------------------------------------------------------------===//

#include "kiln/Analysis/Passes.h"
#include "lib/Analysis/FlopCount.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln {
#define GEN_PASS_DEF_COUNTFLOPS
#include "kiln/Analysis/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

double share(uint64_t part, uint64_t total) {
  return total ? 100.0 * static_cast<double>(part) / static_cast<double>(total)
               : 0.0;
}

std::string opLabel(const FlopSummary::OpEntry &e) {
  return e.name.empty() ? "<unnamed " + e.type + ">" : e.name;
}

void printTable(llvm::raw_ostream &os, StringRef fn, const FlopSummary &s,
                bool perOp) {
  os << "kiln-count-flops: @" << fn << "\n";
  os << llvm::formatv("  {0,-24} {1,8} {2,16} {3,16} {4,7}\n", "op type",
                      "count", "MACs", "FLOPs", "share");
  uint64_t count = 0;
  for (const FlopSummary::TypeRow &r : s.byType) {
    count += r.count;
    os << llvm::formatv("  {0,-24} {1,8} {2,16} {3,16} {4,6:f1}%\n", r.type,
                        r.count, r.cost.macs, r.cost.flops,
                        share(r.cost.flops, s.total.flops));
  }
  os << llvm::formatv("  {0,-24} {1,8} {2,16} {3,16} {4,6:f1}%\n", "total",
                      count, s.total.macs, s.total.flops,
                      s.total.flops ? 100.0 : 0.0);
  for (const FlopSummary::Skipped &sk : s.notCounted)
    os << "  not counted: " << sk.type << " x" << sk.count << " (" << sk.reason
       << ")\n";
  for (const FlopSummary::OpEntry &e : s.dynamic)
    os << "  skipped (dynamic shape): " << e.type << " '" << opLabel(e)
       << "'\n";
  if (perOp) {
    os << llvm::formatv("  {0,-40} {1,-20} {2,16} {3,16}\n", "op", "type",
                        "MACs", "FLOPs");
    for (const FlopSummary::OpEntry &e : s.ops)
      os << llvm::formatv("  {0,-40} {1,-20} {2,16} {3,16}\n", opLabel(e),
                          e.type, e.cost.macs, e.cost.flops);
  }
}

llvm::json::Object toJson(StringRef fn, const FlopSummary &s, bool perOp) {
  llvm::json::Array types, notCounted, dynamic, ops;
  for (const FlopSummary::TypeRow &r : s.byType)
    types.push_back(llvm::json::Object{
        {"type", r.type},
        {"count", static_cast<int64_t>(r.count)},
        {"macs", static_cast<int64_t>(r.cost.macs)},
        {"flops", static_cast<int64_t>(r.cost.flops)},
        {"share", share(r.cost.flops, s.total.flops) / 100.0}});
  for (const FlopSummary::Skipped &sk : s.notCounted)
    notCounted.push_back(llvm::json::Object{
        {"type", sk.type},
        {"count", static_cast<int64_t>(sk.count)},
        {"reason", sk.reason}});
  for (const FlopSummary::OpEntry &e : s.dynamic)
    dynamic.push_back(
        llvm::json::Object{{"type", e.type}, {"name", opLabel(e)}});
  llvm::json::Object fnObj{
      {"name", fn},
      {"macs", static_cast<int64_t>(s.total.macs)},
      {"flops", static_cast<int64_t>(s.total.flops)},
      {"by_type", std::move(types)},
      {"not_counted", std::move(notCounted)},
      {"dynamic", std::move(dynamic)}};
  if (perOp) {
    for (const FlopSummary::OpEntry &e : s.ops)
      ops.push_back(llvm::json::Object{
          {"name", opLabel(e)},
          {"type", e.type},
          {"macs", static_cast<int64_t>(e.cost.macs)},
          {"flops", static_cast<int64_t>(e.cost.flops)}});
    fnObj["ops"] = std::move(ops);
  }
  return fnObj;
}

class CountFlopsPass : public kiln::impl::CountFlopsBase<CountFlopsPass> {
public:
  using CountFlopsBase::CountFlopsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    markAllAnalysesPreserved();
    if (output.empty()) {
      module.emitError() << "kiln-count-flops: option 'output' is empty; "
                            "give '-' for stdout or a file path";
      return signalPassFailure();
    }
    std::vector<std::pair<std::string, FlopSummary>> summaries;
    module.walk([&](func::FuncOp fn) {
      if (fn.isExternal())
        return;
      summaries.emplace_back(fn.getSymName().str(),
                             summarizeFlops(fn, /*emitRemarks=*/true));
    });
    const bool json = StringRef(output).ends_with(".json");
    auto write = [&](llvm::raw_ostream &os) -> llvm::Error {
      if (json) {
        llvm::json::Array fns;
        uint64_t macs = 0, flops = 0;
        for (auto &[name, s] : summaries) {
          fns.push_back(toJson(name, s, perOp));
          macs += s.total.macs;
          flops += s.total.flops;
        }
        llvm::json::Object root{{"macs", static_cast<int64_t>(macs)},
                                {"flops", static_cast<int64_t>(flops)},
                                {"functions", std::move(fns)}};
        os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root)))
           << "\n";
      } else {
        for (auto &[name, s] : summaries)
          printTable(os, name, s, perOp);
      }
      return llvm::Error::success();
    };
    if (output == "-") {
      (void)write(llvm::outs());
      llvm::outs().flush();
      return;
    }
    // Written to a temporary file next to `output`, then renamed over it.
    if (llvm::Error err = llvm::writeToOutput(output, write)) {
      module.emitError() << "kiln-count-flops: cannot write '" << output
                         << "': " << llvm::toString(std::move(err));
      return signalPassFailure();
    }
  }
};

} // namespace
