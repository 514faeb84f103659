//===- Passes.td - analyses reported as passes -------------*- tablegen -*-===//

#ifndef KILN_ANALYSIS_PASSES
#define KILN_ANALYSIS_PASSES

include "mlir/Pass/PassBase.td"

def CountFlops : Pass<"kiln-count-flops", "mlir::ModuleOp"> {
  let summary = "Report the MACs and FLOPs of each onnx function";
  let description = [{
    Counts, for every function with a body, the multiply-accumulates and
    floating-point operations of its `onnx` ops by the rules the host
    executor reports in `kiln-run --stats` (runtime/include/kiln/rt/FlopRules.h,
    one definition for both), and prints a table per op type (count, MACs,
    FLOPs, share of the total) and the total. Ops without a rule count 0 and
    are listed as not counted; ops with a dynamic shape get a remark and are
    skipped. The IR is not modified.
  }];
  let options = [
    Option<"output", "output", "std::string", "\"-\"",
           "Where to write the report: '-' (stdout) or a file; a file "
           "ending in .json gets JSON. Files are written atomically.">,
    Option<"perOp", "per-op", "bool", "false",
           "Also list every op instance, named by its ONNX node name">,
  ];
}

#endif // KILN_ANALYSIS_PASSES
