//===- Passes.td - offload and lowering between dialects ---*- tablegen -*-===//

#ifndef KILN_CONVERSION_PASSES
#define KILN_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

def ConvertOnnxToLut : Pass<"convert-onnx-to-lut", "mlir::func::FuncOp"> {
  let summary = "Offload GEMMs with constant weights to the LUT Tensor Core";
  let description = [{
    `onnx.MatMul` and `onnx.Gemm` whose weight is a constant become
    `lut.matmul`; `onnx.DequantizeLinear -> onnx.MatMul` with constant
    integer codes that fit in 4 bits becomes `lut.qmatmul`. Activations of
    rank > 2 are viewed as [M, K] (onnx.Reshape, free on the host). What the
    device cannot run (non-f32 types, dynamic shapes, a reduction dimension
    that is not a multiple of the table size, blocks that do not fit the
    machine) stays on the host with a remark saying why.
  }];
  let options = [
    Option<"lutK", "lut-k", "unsigned", "4", "Activations per table">,
    Option<"groupSize", "group-size", "int64_t", "128",
           "Requested weight group size (checked for feasibility)">,
    Option<"config", "config", "std::string", "\"\"",
           "LUT-TC configuration JSON used for feasibility (default: built in)">,
    Option<"tile", "tile", "std::string", "\"\"",
           "Override the configuration's lmma tile, MxNxK">,
    Option<"act", "act", "std::string", "\"f16\"", "Activation type: f16 or i8">,
    Option<"table", "table", "std::string", "\"\"", "Table entry type">,
  ];
  let dependentDialects = ["kiln::lut::LutDialect", "kiln::onnx::OnnxDialect"];
}

def ConvertOnnxToPim : Pass<"convert-onnx-to-pim", "mlir::func::FuncOp"> {
  let summary = "Offload decode attention to DIMM-PIM";
  let description = [{
    Finds decode-phase attention (`Transpose(K)`, `MatMul(q, K^T)`, an
    optional constant scale, an optional prefix mask `Where(t > p, -inf,
    s)`, `Softmax`, `MatMul(p, V)`) however the caches were produced (a
    Concat of past and new K/V, an in-place update, graph inputs) and
    replaces it by `pim.decode_attention`. Multi-head q is `[B, H, 1, d]`;
    grouped-query q is `[B, Hkv, G, d]` (reshaped on the host). The
    valid lengths are `p + 1` from the mask, or the whole cache without
    one. Every softmax left on the host gets a remark saying why.
  }];
  let options = [
    Option<"chunk", "chunk", "int64_t", "64",
           "Tokens per chunk of the online softmax">,
    Option<"layout", "layout", "std::string", "\"hybrid\"",
           "KV layout in DRAM: hybrid (L3) or naive">,
    Option<"config", "config", "std::string", "\"\"",
           "dimm-pim configuration JSON whose facts (chip burst, capacity) "
           "the ops carry for their verifier (none: no facts)">,
  ];
  let dependentDialects = ["kiln::pim::PimDialect", "kiln::onnx::OnnxDialect"];
}

def LowerPimAttention : Pass<"lower-pim-attention", "mlir::func::FuncOp"> {
  let summary = "Place decode attention on the configured DIMMs (pim.kernel)";
  let description = [{
    Replaces every `pim.decode_attention` by a `pim.kernel` whose attributes
    spell out the rank/bank mapping, the KV layout and the chunking for the
    memory of `config` (the placement of `kiln/rt/PimKernel.h`). What the
    memory cannot hold or the units cannot run (a head dimension that is not
    a whole number of bursts, a cache over the rows of the banks, a chunk
    too large for the bank PUs' registers) is an error naming the op.
  }];
  let options = [
    Option<"config", "config", "std::string", "\"\"",
           "dimm-pim configuration JSON (empty: the built-in default)">,
    Option<"spread", "spread", "int64_t", "0",
           "Ranks a group's chunks are spread over (0: as many as the "
           "groups leave free)">,
  ];
  let dependentDialects = ["kiln::pim::PimDialect"];
}

#endif // KILN_CONVERSION_PASSES
