//===- OnnxBase.td - onnx dialect definition and type constraints ---------===//
//
// The onnx dialect holds ONNX operators as Kiln imports them: opset 13-17
// semantics, every tensor statically shaped, absent optional inputs and
// outputs spelled as values of type `none`.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_ONNX_BASE_TD
#define KILN_ONNX_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def Onnx_Dialect : Dialect {
  let name = "onnx";
  let cppNamespace = "::kiln::onnx";
  let summary = "ONNX operators (opset 13-17 semantics) with static shapes";
  let description = [{
    The `onnx` dialect is the entry point of Kiln: the importer turns every
    node of an ONNX graph into the op of the same name (`MatMul` becomes
    `onnx.MatMul`). Operand and attribute names follow the ONNX operator
    specification. Models below opset 13 are upgraded to opset 13 on import,
    so every op here has the semantics of opsets 13 to 17.

    Conventions:
    * every tensor has a static shape; the importer pins dynamic dimensions
      (`--input-shape`) or refuses the model;
    * an absent optional input or output is a value of type `none`
      (produced by `onnx.NoValue` for inputs);
    * ONNX INT attributes are `i64`, FLOAT are `f32`, INTS are
      `array<i64: ...>`, FLOATS are `array<f32: ...>`, TENSOR attributes are
      elements attributes, data-type attributes (`Cast.to`) are types;
    * signed integers are signless (`i8`, `i64`), unsigned are `ui8`...,
      and bool is `i1`.
  }];
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

//===----------------------------------------------------------------------===//
// Element and tensor type constraints.
//===----------------------------------------------------------------------===//

def Onnx_FloatElem : AnyTypeOf<[F16, BF16, F32, F64], "floating-point">;
def Onnx_SignedIntElem : AnyTypeOf<[I8, I16, I32, I64], "signed integer">;
def Onnx_UnsignedIntElem : AnyTypeOf<[UI8, UI16, UI32, UI64], "unsigned integer">;
def Onnx_IntElem : AnyTypeOf<[I8, I16, I32, I64, UI8, UI16, UI32, UI64], "integer">;
def Onnx_NumericElem : AnyTypeOf<[F16, BF16, F32, F64, I8, I16, I32, I64,
                                  UI8, UI16, UI32, UI64], "numeric">;
def Onnx_SignedNumericElem : AnyTypeOf<[F16, BF16, F32, F64, I8, I16, I32, I64],
                                       "signed numeric">;
def Onnx_AnyElem : AnyTypeOf<[F16, BF16, F32, F64, I1, I8, I16, I32, I64,
                              UI8, UI16, UI32, UI64], "ONNX element">;

class Onnx_TensorOf<list<Type> elems> : StaticShapeTensorOf<elems>;

def Onnx_AnyTensor : Onnx_TensorOf<[Onnx_AnyElem]>;
def Onnx_FloatTensor : Onnx_TensorOf<[Onnx_FloatElem]>;
def Onnx_NumericTensor : Onnx_TensorOf<[Onnx_NumericElem]>;
def Onnx_SignedNumericTensor : Onnx_TensorOf<[Onnx_SignedNumericElem]>;
def Onnx_IntTensor : Onnx_TensorOf<[Onnx_IntElem]>;
def Onnx_BoolTensor : Onnx_TensorOf<[I1]>;
def Onnx_I64Tensor : Onnx_TensorOf<[I64]>;
def Onnx_I32Tensor : Onnx_TensorOf<[I32]>;
def Onnx_IndexTensor : Onnx_TensorOf<[I32, I64]>;
def Onnx_QuantTensor : Onnx_TensorOf<[I8, UI8]>;

// Optional inputs and outputs: a tensor, or `none` when absent.
class Onnx_Optional<Type t> : AnyTypeOf<[t, NoneType], t.summary # " or none">;
def Onnx_OptAnyTensor : Onnx_Optional<Onnx_AnyTensor>;
def Onnx_OptFloatTensor : Onnx_Optional<Onnx_FloatTensor>;
def Onnx_OptNumericTensor : Onnx_Optional<Onnx_NumericTensor>;
def Onnx_OptI64Tensor : Onnx_Optional<Onnx_I64Tensor>;
def Onnx_OptI32Tensor : Onnx_Optional<Onnx_I32Tensor>;
def Onnx_OptIndexTensor : Onnx_Optional<Onnx_IndexTensor>;
def Onnx_OptBoolTensor : Onnx_Optional<Onnx_BoolTensor>;
def Onnx_OptQuantTensor : Onnx_Optional<Onnx_QuantTensor>;

//===----------------------------------------------------------------------===//
// Op base classes.
//===----------------------------------------------------------------------===//

// Every onnx op prints as `onnx.Op %a, %b {attrs} : (types) -> types`, which
// reads the same for every op and survives absent (`none`) operands.
class Onnx_Op<string mnemonic, list<Trait> traits = []>
    : Op<Onnx_Dialect, mnemonic, traits> {
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

// A side-effect-free op.
class Onnx_PureOp<string mnemonic, list<Trait> traits = []>
    : Onnx_Op<mnemonic, !listconcat(traits, [Pure])>;

// A pure op whose verify() is the shared C++ helper `fn(Operation *)`
// (declared in OnnxOps.h), so op families need no per-op boilerplate.
class Onnx_SharedVerifiedOp<string mnemonic, string fn, list<Trait> traits = []>
    : Onnx_PureOp<mnemonic, traits> {
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return ::kiln::onnx::}] # fn # [{(getOperation());
    }
  }];
}

#endif // KILN_ONNX_BASE_TD
