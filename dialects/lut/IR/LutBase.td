//===- LutBase.td - lut dialect definition, enums, type constraints -------===//
//
// The lut dialect models the LUT Tensor Core target (docs/targets/lut-tc.md):
// tensor-level ops that the offload and packing passes produce, and
// instruction-level ops that mirror the LUT-TC ISA (docs/isa/lut-tc.md,
// runtime/include/kiln/rt/LutIsa.h) one to one.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LUT_BASE_TD
#define KILN_LUT_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Lut_Dialect : Dialect {
  let name = "lut";
  let cppNamespace = "::kiln::lut";
  let summary = "the LUT Tensor Core: low-bit-weight GEMM by table lookup";
  let description = [{
    The `lut` dialect carries the GEMMs that Kiln offloads to the LUT Tensor
    Core from the offload pass down to the device program, in two layers:

    * tensor-level ops (`lut.matmul`, `lut.qmatmul`, `lut.precompute`,
      `lut.mpgemm`) on SSA tensors, produced by `convert-onnx-to-lut`,
      `lut-quantize`, `lut-pack` and annotated by `lut-tile`;
    * instruction-level ops inside `lut.kernel` / `lut.core`, one op per
      LUT-TC instruction (`lut.load`, `lut.tgen`, `lut.lmma`, ...), produced
      by `lut-lower` and encoded one to one by the emitter.

    The verifiers reject everything the simulator could not run: every field
    range, every static buffer extent and every layout relation between the
    tensors. The limits come from `kiln/rt/LutIsa.h` (the ISA) and from the
    `config` of the enclosing `lut.kernel` (the machine).
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

//===----------------------------------------------------------------------===//
// Enums (values equal the ISA's encodings in kiln/rt/LutIsa.h).
//===----------------------------------------------------------------------===//

def Lut_ActTypeEnum : I32EnumAttr<"ActType",
    "activation type the precompute unit produces", [
      I32EnumAttrCase<"F16", 0, "f16">,
      I32EnumAttrCase<"I8", 1, "i8">]> {
  let cppNamespace = "::kiln::lut";
  let genSpecializedAttr = 0;
}

def Lut_TableTypeEnum : I32EnumAttr<"TableType",
    "table entry type (f16, exact i16 for i8 activations, or scaled i8)", [
      I32EnumAttrCase<"F16", 0, "f16">,
      I32EnumAttrCase<"I8", 1, "i8">,
      I32EnumAttrCase<"I16", 2, "i16">]> {
  let cppNamespace = "::kiln::lut";
  let genSpecializedAttr = 0;
}

def Lut_PrologueEnum : I32EnumAttr<"Prologue",
    "elementwise producer fused into table generation: x = src (op) vec[k]", [
      I32EnumAttrCase<"None", 0, "none">,
      I32EnumAttrCase<"Mul", 1, "mul">,
      I32EnumAttrCase<"Add", 2, "add">]> {
  let cppNamespace = "::kiln::lut";
  let genSpecializedAttr = 0;
}

def Lut_SpaceEnum : I32EnumAttr<"Space",
    "on-core memory a load writes (shared memory or an array's table buffer)", [
      I32EnumAttrCase<"Smem", 0, "smem">,
      I32EnumAttrCase<"Tbuf", 1, "tbuf">]> {
  let cppNamespace = "::kiln::lut";
  let genSpecializedAttr = 0;
}

// Standalone they print as `#lut.act<f16>`; instruction ops print them bare
// (`table = i16`) through the `custom<Keyword>` directive.
class Lut_EnumAttr<EnumAttrInfo info, string mnemonic>
    : EnumAttr<Lut_Dialect, info, mnemonic> {
  let assemblyFormat = "`<` $value `>`";
}

def Lut_ActTypeAttr : Lut_EnumAttr<Lut_ActTypeEnum, "act">;
def Lut_TableTypeAttr : Lut_EnumAttr<Lut_TableTypeEnum, "table">;
def Lut_PrologueAttr : Lut_EnumAttr<Lut_PrologueEnum, "prologue">;
def Lut_SpaceAttr : Lut_EnumAttr<Lut_SpaceEnum, "space">;

//===----------------------------------------------------------------------===//
// Type constraints.
//===----------------------------------------------------------------------===//

// A statically shaped tensor of the given rank and element types.
class Lut_Tensor<list<Type> elems, int rank>
    : RankedTensorOf<elems, [HasStaticShapePred, HasAnyRankOfPred<[rank]>],
                     "statically shaped " # rank # "-D tensor">;

def Lut_F32Tensor1D : Lut_Tensor<[F32], 1>;
def Lut_F32Tensor2D : Lut_Tensor<[F32], 2>;
def Lut_F32Tensor3D : Lut_Tensor<[F32], 3>;
def Lut_UI8Tensor2D : Lut_Tensor<[UI8], 2>;
def Lut_UI8Tensor3D : Lut_Tensor<[UI8], 3>;
def Lut_TableTensor : Lut_Tensor<[F16, I8, I16], 3>;

// A DRAM slot of a kernel launch: any statically shaped tensor of a
// byte-sized element type.
def Lut_SlotTensor : RankedTensorOf<[F32, F16, BF16, I8, I16, I32, I64, UI8,
                                     UI16, UI32, UI64], [HasStaticShapePred],
                                    "statically shaped tensor">;

//===----------------------------------------------------------------------===//
// Integer attribute constraints for ISA fields.
//===----------------------------------------------------------------------===//

// An integer field. Stored as i64 and read back signed, so that a negative
// value in the input is reported as such by the range checks.
def Lut_IntAttr : TypedSignlessIntegerAttrBase<I64, "int64_t",
                                               "64-bit integer"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}

// A signed 32-bit immediate (SetI/AddI sign-extend f0).
def Lut_ImmAttr : TypedSignlessIntegerAttrBase<I32, "int32_t",
                                               "32-bit signed immediate"> {
  let convertFromStorage =
      "static_cast<int32_t>($_self.getValue().getSExtValue())";
}

#endif // KILN_LUT_BASE_TD
