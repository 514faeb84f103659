//===- Passes.td - passes of the lut dialect ---------------*- tablegen -*-===//
//
// The LUT Tensor Core flow after offload (docs/targets/lut-tc.md):
//   lut-quantize -> lut-pack -> lut-share-precompute -> lut-tile -> lut-lower
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LUT_PASSES
#define KILN_LUT_PASSES

include "mlir/Pass/PassBase.td"

def LutQuantize : Pass<"lut-quantize", "mlir::func::FuncOp"> {
  let summary = "Quantize the float weights of lut.matmul to low-bit codes";
  let description = [{
    Replaces `lut.matmul` (float weights) with `lut.qmatmul` holding codes,
    scales and zero points computed at compile time: round-to-nearest per
    group of `group-size` rows of each weight column (asymmetric), or BitNet
    b1.58 absmean ternary. When `group-size` does not divide the reduction
    dimension the largest divisor below it that is a multiple of `lut-k` is
    used, with a remark.
  }];
  let options = [
    Option<"bits", "bits", "std::string", "\"4\"",
           "Weight bits: 1, 2, 3, 4 or ternary">,
    Option<"groupSize", "group-size", "int64_t", "128",
           "Rows of a weight column that share a scale and zero point">,
    Option<"lutK", "lut-k", "unsigned", "4",
           "Activations per table (the group size must be a multiple)">,
  ];
  let dependentDialects = ["kiln::lut::LutDialect", "kiln::onnx::OnnxDialect"];
}

def LutPack : Pass<"lut-pack", "mlir::func::FuncOp"> {
  let summary = "Reinterpret codes as +-1 bit planes and split off the table precompute";
  let description = [{
    Rewrites `lut.qmatmul` into `lut.precompute` (tables of the activations)
    and `lut.mpgemm` (bit-serial lookups): the codes are reinterpreted as
    q' = 2q - (2^b - 1) and packed plane by plane in the layout of
    `kiln/rt/LutIsa.h`, columns padded to a multiple of the tile's N; scales
    and zero points become the epilogue constants (s, 2^b - 1 - 2z).
  }];
  let options = [
    Option<"act", "act", "std::string", "\"f16\"",
           "Activation type on the device: f16 or i8">,
    Option<"table", "table", "std::string", "\"\"",
           "Table entry type: f16, i8 or i16 (default: f16 for f16 "
           "activations, i16 for i8)">,
    Option<"tile", "tile", "std::string", "\"2x64x4\"",
           "The lmma tile MxNxK (N pads the columns, K is the table size)">,
  ];
  let dependentDialects = ["kiln::lut::LutDialect", "kiln::onnx::OnnxDialect"];
}

def LutSharePrecompute : Pass<"lut-share-precompute", "mlir::func::FuncOp"> {
  let summary = "One table precompute per activation, fused with its producer";
  let description = [{
    Merges `lut.precompute` ops that read the same activation with the same
    parameters (Q/K/V projections, gate/up projections), places the survivor
    right after the activation is defined, and fuses an elementwise producer
    `onnx.Mul` / `onnx.Add` whose other operand is a constant broadcast along
    the last axis into the precompute as its prologue when the producer's
    result feeds nothing else.
  }];
  let options = [
    Option<"share", "share", "bool", "true", "Merge precomputes of one activation">,
    Option<"fuseProducer", "fuse-producer", "bool", "true",
           "Fuse an elementwise Mul/Add producer into the precompute">,
  ];
  let dependentDialects = ["kiln::onnx::OnnxDialect"];
}

def LutTile : Pass<"lut-tile", "mlir::func::FuncOp"> {
  let summary = "Choose each mpgemm's blocking with the LUT-TC cost model";
  let description = [{
    For every `lut.mpgemm` picks rows and columns per block (a weight
    group's tables load at once, so `k_block` is the group size) that
    minimise the estimated cycles under the table buffer, shared memory and
    accumulator limits of the configuration (table reuse grows with the
    column block; buffers bound it; DRAM latency is hidden by loading rounds
    ahead, as deep as the buffers allow), and records them as `tile` and
    `blocking` attributes.
  }];
  let options = [
    Option<"config", "config", "std::string", "\"\"",
           "LUT-TC configuration JSON (default: configs/lut-tc/default.json, "
           "built in)">,
    Option<"tile", "tile", "std::string", "\"\"",
           "Override the configuration's lmma tile, MxNxK">,
  ];
}

def LutLower : Pass<"lut-lower", "mlir::func::FuncOp"> {
  let summary = "Lower tensor-level lut ops to lut.kernel instruction streams";
  let description = [{
    Turns every `lut.precompute` and tiled `lut.mpgemm` into a `lut.kernel`
    launch whose regions hold one instruction stream per core (loads,
    table generation, lmma, epilogue, stores), as the cost model planned.
    The mpgemm stream is software-pipelined: the loads of a stage go out a
    full round of stages (every array, every buffer) before its lookups,
    and the steady state is one hardware loop.
  }];
  let options = [
    Option<"config", "config", "std::string", "\"\"",
           "LUT-TC configuration JSON (default: built in)">,
    Option<"tile", "tile", "std::string", "\"\"",
           "Override the configuration's lmma tile, MxNxK">,
  ];
}

#endif // KILN_LUT_PASSES
