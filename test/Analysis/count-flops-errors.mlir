// Option errors of kiln-count-flops. (Dynamic shapes cannot reach the pass:
// the onnx dialect's verifiers require static shapes; the analysis would
// skip such an op with a remark.)
// RUN: not kiln-opt %s --kiln-count-flops="per-op=maybe" 2>&1 | FileCheck %s --check-prefix=BADBOOL
// RUN: not kiln-opt %s --kiln-count-flops="output=" 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: rm -rf %t.nodir && not kiln-opt %s --kiln-count-flops="output=%t.nodir/x.json" 2>&1 | FileCheck %s --check-prefix=NODIR
// RUN: not kiln-opt %s --kiln-count-flops="bogus=1" 2>&1 | FileCheck %s --check-prefix=BOGUS
// A failed write leaves no file behind.
// RUN: not ls %t.nodir/x.json

// BADBOOL: per-op
// EMPTY: kiln-count-flops: option 'output' is empty
// NODIR: kiln-count-flops: cannot write '{{.*}}x.json'
// BOGUS: no such option bogus
func.func @f(%c: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.Relu %c : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
