//===- LutLowering.h - shared pieces of lut-tile and lut-lower --*- C++ -*-===//
#ifndef KILN_DIALECTS_LUT_TRANSFORMS_LUTLOWERING_H
#define KILN_DIALECTS_LUT_TRANSFORMS_LUTLOWERING_H

#include "dialects/lut/IR/LutOps.h"
#include "dialects/lut/Transforms/KernelPlanner.h"
#include "dialects/lut/Transforms/LutOptions.h"

namespace kiln::lut {

/// The planner's view of an mpgemm; fails (with an error on `op`) when the
/// op does not match the machine (its packed K differs from the tile's, or
/// its columns are not padded to the tile's N).
mlir::LogicalResult gemmShapeOf(MpgemmOp op, const rt::lut::LutConfig &target,
                                GemmShape &shape);

/// The planner's view of a precompute.
PrecomputeShape precomputeShapeOf(PrecomputeOp op);

/// The `config` of lut.kernel ops for this machine.
KernelConfig kernelConfigOf(mlir::MLIRContext *context,
                            const rt::lut::LutConfig &target);

} // namespace kiln::lut

#endif // KILN_DIALECTS_LUT_TRANSFORMS_LUTLOWERING_H
