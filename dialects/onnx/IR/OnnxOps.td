//===- OnnxOps.td - onnx dialect operations --------------------------------===//
//
// One op per supported ONNX operator. Operand, result and attribute names are
// the ONNX specification's; the importer relies on operand and result order
// matching the specification's input and output order.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_ONNX_OPS_TD
#define KILN_ONNX_OPS_TD

include "dialects/onnx/IR/OnnxBase.td"

//===----------------------------------------------------------------------===//
// Structural ops.
//===----------------------------------------------------------------------===//

def Onnx_NoValueOp : Onnx_PureOp<"NoValue", [ConstantLike]> {
  let summary = "the absent optional input";
  let description = [{
    Stands for an optional ONNX input that the node leaves empty, so that
    every op keeps the operand positions of the ONNX specification.
  }];
  let results = (outs NoneType:$none);
  let assemblyFormat = "attr-dict";
  let hasFolder = 1;
}

def Onnx_ConstantOp : Onnx_PureOp<"Constant",
    [ConstantLike, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "a constant tensor (ONNX Constant and graph initializers)";
  let description = [{
    Every ONNX Constant node and every graph initializer becomes this op.
    Large values live in `dense_resource` blobs; the scalar and list forms of
    ONNX Constant (`value_float`, `value_ints`, ...) are normalised to
    `value` on import.
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Onnx_AnyTensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Onnx_IdentityOp : Onnx_PureOp<"Identity", [SameOperandsAndResultType]> {
  let summary = "output = input";
  let arguments = (ins Onnx_AnyTensor:$input);
  let results = (outs Onnx_AnyTensor:$output);
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops.
//===----------------------------------------------------------------------===//

class Onnx_UnaryOp<string mnemonic, Type tensor, string sum,
                   list<Trait> traits = []>
    : Onnx_PureOp<mnemonic, !listconcat(traits, [SameOperandsAndResultType])> {
  let summary = sum;
  let arguments = (ins tensor:$X);
  let results = (outs tensor:$Y);
}

// Unary ops that fold on small constants (they appear in shape arithmetic).
class Onnx_FoldedUnaryOp<string mnemonic, Type tensor, string sum>
    : Onnx_UnaryOp<mnemonic, tensor, sum> {
  let hasFolder = 1;
}

def Onnx_ReluOp : Onnx_UnaryOp<"Relu", Onnx_SignedNumericTensor, "max(x, 0)">;
def Onnx_SigmoidOp : Onnx_UnaryOp<"Sigmoid", Onnx_FloatTensor, "1 / (1 + exp(-x))">;
def Onnx_TanhOp : Onnx_UnaryOp<"Tanh", Onnx_FloatTensor, "tanh(x)">;
def Onnx_ExpOp : Onnx_UnaryOp<"Exp", Onnx_FloatTensor, "exp(x)">;
def Onnx_LogOp : Onnx_UnaryOp<"Log", Onnx_FloatTensor, "natural logarithm">;
def Onnx_SqrtOp : Onnx_FoldedUnaryOp<"Sqrt", Onnx_FloatTensor, "square root">;
def Onnx_ErfOp : Onnx_UnaryOp<"Erf", Onnx_NumericTensor, "Gauss error function">;
def Onnx_ReciprocalOp : Onnx_FoldedUnaryOp<"Reciprocal", Onnx_FloatTensor, "1 / x">;
def Onnx_FloorOp : Onnx_FoldedUnaryOp<"Floor", Onnx_FloatTensor, "round toward -inf">;
def Onnx_CeilOp : Onnx_FoldedUnaryOp<"Ceil", Onnx_FloatTensor, "round toward +inf">;
def Onnx_RoundOp : Onnx_UnaryOp<"Round", Onnx_FloatTensor, "round half to even">;
def Onnx_SinOp : Onnx_UnaryOp<"Sin", Onnx_FloatTensor, "sine">;
def Onnx_CosOp : Onnx_UnaryOp<"Cos", Onnx_FloatTensor, "cosine">;
def Onnx_TanOp : Onnx_UnaryOp<"Tan", Onnx_FloatTensor, "tangent">;
def Onnx_AsinOp : Onnx_UnaryOp<"Asin", Onnx_FloatTensor, "arcsine">;
def Onnx_AcosOp : Onnx_UnaryOp<"Acos", Onnx_FloatTensor, "arccosine">;
def Onnx_AtanOp : Onnx_UnaryOp<"Atan", Onnx_FloatTensor, "arctangent">;
def Onnx_SinhOp : Onnx_UnaryOp<"Sinh", Onnx_FloatTensor, "hyperbolic sine">;
def Onnx_CoshOp : Onnx_UnaryOp<"Cosh", Onnx_FloatTensor, "hyperbolic cosine">;
def Onnx_SoftplusOp : Onnx_UnaryOp<"Softplus", Onnx_FloatTensor, "log(exp(x) + 1)">;
def Onnx_SoftsignOp : Onnx_UnaryOp<"Softsign", Onnx_FloatTensor, "x / (1 + |x|)">;
def Onnx_HardSwishOp : Onnx_UnaryOp<"HardSwish", Onnx_FloatTensor,
                                    "x * max(0, min(1, x / 6 + 1 / 2))">;
def Onnx_SignOp : Onnx_UnaryOp<"Sign", Onnx_NumericTensor, "sign of x (-1, 0 or 1)">;
def Onnx_AbsOp : Onnx_FoldedUnaryOp<"Abs", Onnx_NumericTensor, "absolute value">;
def Onnx_NegOp : Onnx_FoldedUnaryOp<"Neg", Onnx_SignedNumericTensor, "-x">;
def Onnx_NotOp : Onnx_UnaryOp<"Not", Onnx_BoolTensor, "logical not">;

class Onnx_UnaryAlphaOp<string mnemonic, string sum, string alphaDefault>
    : Onnx_UnaryOp<mnemonic, Onnx_FloatTensor, sum> {
  let arguments = (ins Onnx_FloatTensor:$X,
                       DefaultValuedAttr<F32Attr, alphaDefault>:$alpha);
}
def Onnx_LeakyReluOp : Onnx_UnaryAlphaOp<"LeakyRelu", "x >= 0 ? x : alpha * x", "0.01f">;
def Onnx_EluOp : Onnx_UnaryAlphaOp<"Elu", "x >= 0 ? x : alpha * (exp(x) - 1)", "1.0f">;
def Onnx_CeluOp : Onnx_UnaryAlphaOp<"Celu",
    "max(0, x) + min(0, alpha * (exp(x / alpha) - 1))", "1.0f">;
def Onnx_ThresholdedReluOp : Onnx_UnaryAlphaOp<"ThresholdedRelu",
    "x > alpha ? x : 0", "1.0f">;

def Onnx_SeluOp : Onnx_UnaryOp<"Selu", Onnx_FloatTensor,
    "gamma * (x > 0 ? x : alpha * (exp(x) - 1))"> {
  let arguments = (ins Onnx_FloatTensor:$X,
                       DefaultValuedAttr<F32Attr, "1.67326319217681884765625f">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.05070102214813232421875f">:$gamma);
}
def Onnx_HardSigmoidOp : Onnx_UnaryOp<"HardSigmoid", Onnx_FloatTensor,
    "max(0, min(1, alpha * x + beta))"> {
  let arguments = (ins Onnx_FloatTensor:$X,
                       DefaultValuedAttr<F32Attr, "0.2f">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.5f">:$beta);
}

class Onnx_FloatPredicateOp<string mnemonic, string sum>
    : Onnx_SharedVerifiedOp<mnemonic, "verifySameShapeOperandsAndResults"> {
  let summary = sum;
  let results = (outs Onnx_BoolTensor:$Y);
}
def Onnx_IsNaNOp : Onnx_FloatPredicateOp<"IsNaN", "x is NaN"> {
  let arguments = (ins Onnx_FloatTensor:$X);
}
def Onnx_IsInfOp : Onnx_FloatPredicateOp<"IsInf", "x is +inf or -inf"> {
  let arguments = (ins Onnx_FloatTensor:$X,
                       DefaultValuedAttr<I64Attr, "1">:$detect_negative,
                       DefaultValuedAttr<I64Attr, "1">:$detect_positive);
}

//===----------------------------------------------------------------------===//
// Elementwise binary and variadic ops with multidirectional broadcasting.
//===----------------------------------------------------------------------===//

class Onnx_BinaryOp<string mnemonic, Type tensor, string sum>
    : Onnx_SharedVerifiedOp<mnemonic, "verifyBroadcastSameElementType"> {
  let summary = sum;
  let arguments = (ins tensor:$A, tensor:$B);
  let results = (outs tensor:$C);
  let hasFolder = 1;
}
def Onnx_AddOp : Onnx_BinaryOp<"Add", Onnx_NumericTensor, "A + B (broadcasting)">;
def Onnx_SubOp : Onnx_BinaryOp<"Sub", Onnx_NumericTensor, "A - B (broadcasting)">;
def Onnx_MulOp : Onnx_BinaryOp<"Mul", Onnx_NumericTensor, "A * B (broadcasting)">;
def Onnx_DivOp : Onnx_BinaryOp<"Div", Onnx_NumericTensor,
    "A / B (broadcasting; integer division truncates)">;
def Onnx_AndOp : Onnx_BinaryOp<"And", Onnx_BoolTensor, "logical and (broadcasting)">;
def Onnx_OrOp : Onnx_BinaryOp<"Or", Onnx_BoolTensor, "logical or (broadcasting)">;
def Onnx_XorOp : Onnx_BinaryOp<"Xor", Onnx_BoolTensor, "logical xor (broadcasting)">;

def Onnx_ModOp : Onnx_SharedVerifiedOp<"Mod", "verifyMod"> {
  let summary = "remainder; sign of the divisor unless fmod = 1 (broadcasting)";
  let arguments = (ins Onnx_NumericTensor:$A, Onnx_NumericTensor:$B,
                       DefaultValuedAttr<I64Attr, "0">:$fmod);
  let results = (outs Onnx_NumericTensor:$C);
}

def Onnx_PowOp : Onnx_SharedVerifiedOp<"Pow", "verifyPow"> {
  let summary = "X ^ Y (broadcasting; result has the element type of X)";
  let arguments = (ins Onnx_NumericTensor:$X, Onnx_NumericTensor:$Y);
  let results = (outs Onnx_NumericTensor:$Z);
}

def Onnx_PReluOp : Onnx_SharedVerifiedOp<"PRelu", "verifyPRelu"> {
  let summary = "x >= 0 ? x : slope * x (slope broadcasts to X)";
  let arguments = (ins Onnx_SignedNumericTensor:$X, Onnx_SignedNumericTensor:$slope);
  let results = (outs Onnx_SignedNumericTensor:$Y);
}

class Onnx_CompareOp<string mnemonic, string sum>
    : Onnx_SharedVerifiedOp<mnemonic, "verifyBroadcastCompare"> {
  let summary = sum;
  let arguments = (ins Onnx_AnyTensor:$A, Onnx_AnyTensor:$B);
  let results = (outs Onnx_BoolTensor:$C);
  let hasFolder = 1;
}
def Onnx_EqualOp : Onnx_CompareOp<"Equal", "A == B (broadcasting)">;
def Onnx_LessOp : Onnx_CompareOp<"Less", "A < B (broadcasting)">;
def Onnx_LessOrEqualOp : Onnx_CompareOp<"LessOrEqual", "A <= B (broadcasting)">;
def Onnx_GreaterOp : Onnx_CompareOp<"Greater", "A > B (broadcasting)">;
def Onnx_GreaterOrEqualOp : Onnx_CompareOp<"GreaterOrEqual", "A >= B (broadcasting)">;

class Onnx_VariadicOp<string mnemonic, string sum>
    : Onnx_SharedVerifiedOp<mnemonic, "verifyBroadcastSameElementType"> {
  let summary = sum;
  let arguments = (ins Variadic<Onnx_NumericTensor>:$data_0);
  let results = (outs Onnx_NumericTensor:$result);
  let hasFolder = 1;
}
def Onnx_MaxOp : Onnx_VariadicOp<"Max", "elementwise maximum of the inputs (broadcasting)">;
def Onnx_MinOp : Onnx_VariadicOp<"Min", "elementwise minimum of the inputs (broadcasting)">;
def Onnx_SumOp : Onnx_VariadicOp<"Sum", "elementwise sum of the inputs (broadcasting)">;
def Onnx_MeanOp : Onnx_VariadicOp<"Mean", "elementwise mean of the inputs (broadcasting)">;

def Onnx_WhereOp : Onnx_SharedVerifiedOp<"Where", "verifyWhere"> {
  let summary = "condition ? X : Y (broadcasting)";
  let arguments = (ins Onnx_BoolTensor:$condition, Onnx_AnyTensor:$X, Onnx_AnyTensor:$Y);
  let results = (outs Onnx_AnyTensor:$output);
  let hasFolder = 1;
}

def Onnx_ClipOp : Onnx_SharedVerifiedOp<"Clip", "verifyClip"> {
  let summary = "min(max(input, min), max); absent bounds are unbounded";
  let arguments = (ins Onnx_NumericTensor:$input, Onnx_OptNumericTensor:$min,
                       Onnx_OptNumericTensor:$max);
  let results = (outs Onnx_NumericTensor:$output);
}

//===----------------------------------------------------------------------===//
// Matrix products.
//===----------------------------------------------------------------------===//

def Onnx_MatMulOp : Onnx_SharedVerifiedOp<"MatMul", "verifyMatMul"> {
  let summary = "matrix product with numpy.matmul semantics (batch broadcasting)";
  let arguments = (ins Onnx_NumericTensor:$A, Onnx_NumericTensor:$B);
  let results = (outs Onnx_NumericTensor:$Y);
}

def Onnx_MatMulIntegerOp : Onnx_SharedVerifiedOp<"MatMulInteger", "verifyMatMul"> {
  let summary = "(A - a_zero_point) x (B - b_zero_point) in int32";
  let arguments = (ins Onnx_QuantTensor:$A, Onnx_QuantTensor:$B,
                       Onnx_OptQuantTensor:$a_zero_point,
                       Onnx_OptQuantTensor:$b_zero_point);
  let results = (outs Onnx_I32Tensor:$Y);
}

def Onnx_GemmOp : Onnx_PureOp<"Gemm"> {
  let summary = "alpha * op(A) x op(B) + beta * C, op = optional transpose";
  let arguments = (ins Onnx_NumericTensor:$A, Onnx_NumericTensor:$B,
                       Onnx_OptNumericTensor:$C,
                       DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.0f">:$beta,
                       DefaultValuedAttr<I64Attr, "0">:$transA,
                       DefaultValuedAttr<I64Attr, "0">:$transB);
  let results = (outs Onnx_NumericTensor:$Y);
  let hasVerifier = 1;
}

def Onnx_EinsumOp : Onnx_PureOp<"Einsum"> {
  let summary = "Einstein summation over the inputs (explicit or implicit output)";
  let arguments = (ins Variadic<Onnx_NumericTensor>:$Inputs, StrAttr:$equation);
  let results = (outs Onnx_NumericTensor:$Output);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Convolution, pooling and normalization.
//===----------------------------------------------------------------------===//

def Onnx_ConvOp : Onnx_PureOp<"Conv", [AllElementTypesMatch<["X", "W", "Y"]>]> {
  let summary = "N-d convolution with groups, strides, dilations and padding";
  let arguments = (ins Onnx_FloatTensor:$X, Onnx_FloatTensor:$W,
                       Onnx_OptFloatTensor:$B,
                       DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                       OptionalAttr<DenseI64ArrayAttr>:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$group,
                       OptionalAttr<DenseI64ArrayAttr>:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$pads,
                       OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs Onnx_FloatTensor:$Y);
  let hasVerifier = 1;
}

def Onnx_ConvTransposeOp : Onnx_PureOp<"ConvTranspose", [AllElementTypesMatch<["X", "W", "Y"]>]> {
  let summary = "N-d transposed convolution";
  let arguments = (ins Onnx_FloatTensor:$X, Onnx_FloatTensor:$W,
                       Onnx_OptFloatTensor:$B,
                       DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                       OptionalAttr<DenseI64ArrayAttr>:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$group,
                       OptionalAttr<DenseI64ArrayAttr>:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$output_padding,
                       OptionalAttr<DenseI64ArrayAttr>:$output_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$pads,
                       OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs Onnx_FloatTensor:$Y);
  let hasVerifier = 1;
}

def Onnx_MaxPoolOp : Onnx_PureOp<"MaxPool", [AllElementTypesMatch<["X", "Y"]>]> {
  let summary = "N-d max pooling, optionally returning flat argmax indices";
  let arguments = (ins Onnx_NumericTensor:$X,
                       DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                       DefaultValuedAttr<I64Attr, "0">:$ceil_mode,
                       OptionalAttr<DenseI64ArrayAttr>:$dilations,
                       DenseI64ArrayAttr:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$pads,
                       DefaultValuedAttr<I64Attr, "0">:$storage_order,
                       OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs Onnx_NumericTensor:$Y, Onnx_OptI64Tensor:$Indices);
  let hasVerifier = 1;
}

def Onnx_AveragePoolOp : Onnx_PureOp<"AveragePool", [AllElementTypesMatch<["X", "Y"]>]> {
  let summary = "N-d average pooling";
  let arguments = (ins Onnx_FloatTensor:$X,
                       DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                       DefaultValuedAttr<I64Attr, "0">:$ceil_mode,
                       DefaultValuedAttr<I64Attr, "0">:$count_include_pad,
                       DenseI64ArrayAttr:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$pads,
                       OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs Onnx_FloatTensor:$Y);
  let hasVerifier = 1;
}

class Onnx_GlobalPoolOp<string mnemonic, string sum>
    : Onnx_SharedVerifiedOp<mnemonic, "verifyGlobalPool",
                            [AllElementTypesMatch<["X", "Y"]>]> {
  let summary = sum;
  let arguments = (ins Onnx_FloatTensor:$X);
  let results = (outs Onnx_FloatTensor:$Y);
}
def Onnx_GlobalAveragePoolOp : Onnx_GlobalPoolOp<"GlobalAveragePool",
    "mean over all spatial dimensions (N x C x 1 x 1 ...)">;
def Onnx_GlobalMaxPoolOp : Onnx_GlobalPoolOp<"GlobalMaxPool",
    "max over all spatial dimensions (N x C x 1 x 1 ...)">;

def Onnx_BatchNormalizationOp : Onnx_PureOp<"BatchNormalization", [AllElementTypesMatch<["X", "Y"]>]> {
  let summary = "batch normalization over channel axis 1 (inference or training)";
  let arguments = (ins Onnx_FloatTensor:$X, Onnx_FloatTensor:$scale,
                       Onnx_FloatTensor:$B, Onnx_FloatTensor:$input_mean,
                       Onnx_FloatTensor:$input_var,
                       DefaultValuedAttr<F32Attr, "1e-05f">:$epsilon,
                       DefaultValuedAttr<F32Attr, "0.9f">:$momentum,
                       DefaultValuedAttr<I64Attr, "0">:$training_mode);
  let results = (outs Onnx_FloatTensor:$Y, Onnx_OptFloatTensor:$running_mean,
                      Onnx_OptFloatTensor:$running_var);
  let hasVerifier = 1;
}

def Onnx_InstanceNormalizationOp : Onnx_PureOp<"InstanceNormalization", [AllElementTypesMatch<["input", "scale", "B", "output"]>]> {
  let summary = "per-instance, per-channel normalization";
  let arguments = (ins Onnx_FloatTensor:$input, Onnx_FloatTensor:$scale,
                       Onnx_FloatTensor:$B,
                       DefaultValuedAttr<F32Attr, "1e-05f">:$epsilon);
  let results = (outs Onnx_FloatTensor:$output);
  let hasVerifier = 1;
}

def Onnx_LayerNormalizationOp : Onnx_PureOp<"LayerNormalization", [AllElementTypesMatch<["X", "Scale", "Y"]>]> {
  let summary = "normalization over the trailing dimensions from `axis`";
  let arguments = (ins Onnx_FloatTensor:$X, Onnx_FloatTensor:$Scale,
                       Onnx_OptFloatTensor:$B,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F32Attr, "1e-05f">:$epsilon,
                       DefaultValuedAttr<I64Attr, "1">:$stash_type);
  let results = (outs Onnx_FloatTensor:$Y, Onnx_OptFloatTensor:$Mean,
                      Onnx_OptFloatTensor:$InvStdDev);
  let hasVerifier = 1;
}

class Onnx_SoftmaxLikeOp<string mnemonic, string sum>
    : Onnx_SharedVerifiedOp<mnemonic, "verifyAxisOp", [SameOperandsAndResultType]> {
  let summary = sum;
  let arguments = (ins Onnx_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Onnx_FloatTensor:$output);
}
def Onnx_SoftmaxOp : Onnx_SoftmaxLikeOp<"Softmax", "softmax along `axis`">;
def Onnx_LogSoftmaxOp : Onnx_SoftmaxLikeOp<"LogSoftmax", "log of softmax along `axis`">;

def Onnx_DropoutOp : Onnx_Op<"Dropout"> {
  let summary = "random dropout in training mode, identity in inference";
  let description = [{
    In inference (`training_mode` absent or false) the op is the identity
    and canonicalization removes it; its mask output is then all true.
    In training it zeroes elements with probability `ratio` and scales the
    rest by 1 / (1 - ratio), so it is not side-effect free.
  }];
  let arguments = (ins Onnx_FloatTensor:$data, Onnx_OptFloatTensor:$ratio,
                       Onnx_OptBoolTensor:$training_mode,
                       OptionalAttr<I64Attr>:$seed);
  let results = (outs Onnx_FloatTensor:$output, Onnx_OptBoolTensor:$mask);
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Shape manipulation and data movement.
//===----------------------------------------------------------------------===//

def Onnx_ReshapeOp : Onnx_PureOp<"Reshape", [AllElementTypesMatch<["data", "reshaped"]>]> {
  let summary = "same elements, new shape (0 copies a dim unless allowzero, -1 infers)";
  let arguments = (ins Onnx_AnyTensor:$data, Onnx_I64Tensor:$shape,
                       DefaultValuedAttr<I64Attr, "0">:$allowzero);
  let results = (outs Onnx_AnyTensor:$reshaped);
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Onnx_FlattenOp : Onnx_PureOp<"Flatten", [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "2-D view: dims before `axis` x dims from `axis`";
  let arguments = (ins Onnx_AnyTensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
}

def Onnx_TransposeOp : Onnx_PureOp<"Transpose", [AllElementTypesMatch<["data", "transposed"]>]> {
  let summary = "permute dimensions (reverse them when perm is absent)";
  let arguments = (ins Onnx_AnyTensor:$data, OptionalAttr<DenseI64ArrayAttr>:$perm);
  let results = (outs Onnx_AnyTensor:$transposed);
  let extraClassDeclaration = [{
    /// `perm`, or the reversal of the dims when it is absent.
    ::llvm::SmallVector<int64_t> getPermutation();
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Onnx_SqueezeOp : Onnx_PureOp<"Squeeze", [AllElementTypesMatch<["data", "squeezed"]>]> {
  let summary = "remove size-1 dimensions (all of them when axes is absent)";
  let arguments = (ins Onnx_AnyTensor:$data, Onnx_OptI64Tensor:$axes);
  let results = (outs Onnx_AnyTensor:$squeezed);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Onnx_UnsqueezeOp : Onnx_PureOp<"Unsqueeze", [AllElementTypesMatch<["data", "expanded"]>]> {
  let summary = "insert size-1 dimensions at `axes` of the output";
  let arguments = (ins Onnx_AnyTensor:$data, Onnx_I64Tensor:$axes);
  let results = (outs Onnx_AnyTensor:$expanded);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Onnx_ConcatOp : Onnx_PureOp<"Concat"> {
  let summary = "concatenate along `axis`";
  let arguments = (ins Variadic<Onnx_AnyTensor>:$inputs, I64Attr:$axis);
  let results = (outs Onnx_AnyTensor:$concat_result);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Onnx_SplitOp : Onnx_PureOp<"Split"> {
  let summary = "split along `axis` into parts given by `split` (equal when absent)";
  let arguments = (ins Onnx_AnyTensor:$input, Onnx_OptI64Tensor:$split,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Variadic<Onnx_AnyTensor>:$outputs);
  let hasVerifier = 1;
}

def Onnx_SliceOp : Onnx_PureOp<"Slice", [AllElementTypesMatch<["data", "output"]>]> {
  let summary = "strided slice; starts/ends clamp like Python slicing";
  let arguments = (ins Onnx_AnyTensor:$data, Onnx_IndexTensor:$starts,
                       Onnx_IndexTensor:$ends, Onnx_OptIndexTensor:$axes,
                       Onnx_OptIndexTensor:$steps);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Onnx_GatherOp : Onnx_PureOp<"Gather", [AllElementTypesMatch<["data", "output"]>]> {
  let summary = "take slices of `data` along `axis` at `indices` (negative wrap)";
  let arguments = (ins Onnx_AnyTensor:$data, Onnx_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Onnx_GatherElementsOp : Onnx_PureOp<"GatherElements", [AllElementTypesMatch<["data", "output"]>]> {
  let summary = "output[i][j] = data[indices[i][j]][j] (for axis 0), any rank";
  let arguments = (ins Onnx_AnyTensor:$data, Onnx_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
}

def Onnx_GatherNDOp : Onnx_PureOp<"GatherND", [AllElementTypesMatch<["data", "output"]>]> {
  let summary = "gather slices addressed by the last dimension of `indices`";
  let arguments = (ins Onnx_AnyTensor:$data, Onnx_I64Tensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$batch_dims);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
}

def Onnx_ScatterNDOp : Onnx_PureOp<"ScatterND", [AllElementTypesMatch<["data", "updates", "output"]>]> {
  let summary = "copy of data with slices at `indices` replaced or reduced with updates";
  let arguments = (ins Onnx_AnyTensor:$data, Onnx_I64Tensor:$indices,
                       Onnx_AnyTensor:$updates,
                       DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
}

def Onnx_ScatterElementsOp : Onnx_PureOp<"ScatterElements", [AllElementTypesMatch<["data", "updates", "output"]>]> {
  let summary = "copy of data with elements at `indices` along `axis` replaced or reduced";
  let arguments = (ins Onnx_AnyTensor:$data, Onnx_IndexTensor:$indices,
                       Onnx_AnyTensor:$updates,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
}

def Onnx_ExpandOp : Onnx_PureOp<"Expand", [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "broadcast `input` to `shape` (bidirectionally)";
  let arguments = (ins Onnx_AnyTensor:$input, Onnx_I64Tensor:$shape);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Onnx_TileOp : Onnx_PureOp<"Tile", [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "repeat the input `repeats[i]` times along each dimension";
  let arguments = (ins Onnx_AnyTensor:$input, Onnx_I64Tensor:$repeats);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
}

def Onnx_PadOp : Onnx_PureOp<"Pad", [AllElementTypesMatch<["data", "output"]>]> {
  let summary = "pad with a constant, reflection or edge values";
  let arguments = (ins Onnx_AnyTensor:$data, Onnx_I64Tensor:$pads,
                       Onnx_OptAnyTensor:$constant_value,
                       DefaultValuedStrAttr<StrAttr, "constant">:$mode);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
}

def Onnx_ShapeOp : Onnx_PureOp<"Shape"> {
  let summary = "the input's shape as int64 (dims start..end)";
  let arguments = (ins Onnx_AnyTensor:$data,
                       DefaultValuedAttr<I64Attr, "0">:$start,
                       OptionalAttr<I64Attr>:$end);
  let results = (outs Onnx_I64Tensor:$shape);
  let extraClassDeclaration = [{
    /// The [begin, end) range of input dims returned, after ONNX's clamping.
    std::pair<int64_t, int64_t> getDimRange();
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Onnx_SizeOp : Onnx_PureOp<"Size"> {
  let summary = "the input's element count as an int64 scalar";
  let arguments = (ins Onnx_AnyTensor:$data);
  let results = (outs Onnx_TensorOf<[I64]>:$size);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Onnx_CastOp : Onnx_PureOp<"Cast"> {
  let summary = "convert elements to the type `to`";
  let arguments = (ins Onnx_AnyTensor:$input, TypeAttr:$to);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Onnx_CastLikeOp : Onnx_SharedVerifiedOp<"CastLike", "verifyCastLike"> {
  let summary = "convert elements to the element type of `target_type`";
  let arguments = (ins Onnx_AnyTensor:$input, Onnx_AnyTensor:$target_type);
  let results = (outs Onnx_AnyTensor:$output);
}

def Onnx_ConstantOfShapeOp : Onnx_PureOp<"ConstantOfShape"> {
  let summary = "a tensor of shape `input` filled with `value` (default float 0)";
  let arguments = (ins Onnx_I64Tensor:$input, OptionalAttr<ElementsAttr>:$value);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Onnx_RangeOp : Onnx_PureOp<"Range", [AllElementTypesMatch<["start", "limit", "delta", "output"]>]> {
  let summary = "start, start + delta, ... up to but excluding limit";
  let arguments = (ins Onnx_NumericTensor:$start, Onnx_NumericTensor:$limit,
                       Onnx_NumericTensor:$delta);
  let results = (outs Onnx_NumericTensor:$output);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Onnx_TriluOp : Onnx_PureOp<"Trilu", [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "upper or lower triangle of the last two dims, offset by k";
  let arguments = (ins Onnx_AnyTensor:$input, Onnx_OptI64Tensor:$k,
                       DefaultValuedAttr<I64Attr, "1">:$upper);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
}

def Onnx_DepthToSpaceOp : Onnx_PureOp<"DepthToSpace", [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "move channel blocks into spatial blocks (DCR or CRD order)";
  let arguments = (ins Onnx_AnyTensor:$input, I64Attr:$blocksize,
                       DefaultValuedStrAttr<StrAttr, "DCR">:$mode);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
}

def Onnx_SpaceToDepthOp : Onnx_PureOp<"SpaceToDepth", [AllElementTypesMatch<["input", "output"]>]> {
  let summary = "move spatial blocks into channels";
  let arguments = (ins Onnx_AnyTensor:$input, I64Attr:$blocksize);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
}

def Onnx_ResizeOp : Onnx_PureOp<"Resize", [AllElementTypesMatch<["X", "Y"]>]> {
  let summary = "resize by `scales` or to `sizes` (nearest, linear or cubic)";
  let arguments = (ins Onnx_AnyTensor:$X, Onnx_OptFloatTensor:$roi,
                       Onnx_OptFloatTensor:$scales, Onnx_OptI64Tensor:$sizes,
                       DefaultValuedStrAttr<StrAttr, "half_pixel">:$coordinate_transformation_mode,
                       DefaultValuedAttr<F32Attr, "-0.75f">:$cubic_coeff_a,
                       DefaultValuedAttr<I64Attr, "0">:$exclude_outside,
                       DefaultValuedAttr<F32Attr, "0.0f">:$extrapolation_value,
                       DefaultValuedStrAttr<StrAttr, "nearest">:$mode,
                       DefaultValuedStrAttr<StrAttr, "round_prefer_floor">:$nearest_mode);
  let results = (outs Onnx_AnyTensor:$Y);
  let hasVerifier = 1;
}

def Onnx_OneHotOp : Onnx_PureOp<"OneHot"> {
  let summary = "one-hot encoding: values[1] at index, values[0] elsewhere";
  let arguments = (ins Onnx_NumericTensor:$indices, Onnx_NumericTensor:$depth,
                       Onnx_AnyTensor:$values,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Onnx_AnyTensor:$output);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions.
//===----------------------------------------------------------------------===//

class Onnx_ReduceOp<string mnemonic, string sum, Type tensor = Onnx_NumericTensor>
    : Onnx_SharedVerifiedOp<mnemonic, "verifyReduceAttrAxes"> {
  let summary = sum # " over `axes` (all when absent)";
  let arguments = (ins tensor:$data, OptionalAttr<DenseI64ArrayAttr>:$axes,
                       DefaultValuedAttr<I64Attr, "1">:$keepdims);
  let results = (outs tensor:$reduced);
}
def Onnx_ReduceMeanOp : Onnx_ReduceOp<"ReduceMean", "mean">;
def Onnx_ReduceMaxOp : Onnx_ReduceOp<"ReduceMax", "maximum">;
def Onnx_ReduceMinOp : Onnx_ReduceOp<"ReduceMin", "minimum">;
def Onnx_ReduceProdOp : Onnx_ReduceOp<"ReduceProd", "product">;
def Onnx_ReduceL1Op : Onnx_ReduceOp<"ReduceL1", "sum of absolute values">;
def Onnx_ReduceL2Op : Onnx_ReduceOp<"ReduceL2", "square root of the sum of squares">;
def Onnx_ReduceSumSquareOp : Onnx_ReduceOp<"ReduceSumSquare", "sum of squares">;
def Onnx_ReduceLogSumOp : Onnx_ReduceOp<"ReduceLogSum", "log of the sum", Onnx_FloatTensor>;
def Onnx_ReduceLogSumExpOp : Onnx_ReduceOp<"ReduceLogSumExp", "log of the sum of exp", Onnx_FloatTensor>;

def Onnx_ReduceSumOp : Onnx_PureOp<"ReduceSum"> {
  let summary = "sum over the `axes` input (all, or none with noop_with_empty_axes)";
  let arguments = (ins Onnx_NumericTensor:$data, Onnx_OptI64Tensor:$axes,
                       DefaultValuedAttr<I64Attr, "1">:$keepdims,
                       DefaultValuedAttr<I64Attr, "0">:$noop_with_empty_axes);
  let results = (outs Onnx_NumericTensor:$reduced);
  let hasVerifier = 1;
}

class Onnx_ArgReduceOp<string mnemonic, string sum>
    : Onnx_SharedVerifiedOp<mnemonic, "verifyArgReduce"> {
  let summary = sum;
  let arguments = (ins Onnx_NumericTensor:$data,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       DefaultValuedAttr<I64Attr, "1">:$keepdims,
                       DefaultValuedAttr<I64Attr, "0">:$select_last_index);
  let results = (outs Onnx_I64Tensor:$reduced);
}
def Onnx_ArgMaxOp : Onnx_ArgReduceOp<"ArgMax", "index of the maximum along `axis`">;
def Onnx_ArgMinOp : Onnx_ArgReduceOp<"ArgMin", "index of the minimum along `axis`">;

def Onnx_TopKOp : Onnx_PureOp<"TopK", [AllElementTypesMatch<["X", "Values"]>]> {
  let summary = "the K largest (or smallest) elements along `axis` and their indices";
  let arguments = (ins Onnx_NumericTensor:$X, Onnx_I64Tensor:$K,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<I64Attr, "1">:$largest,
                       DefaultValuedAttr<I64Attr, "1">:$sorted);
  let results = (outs Onnx_NumericTensor:$Values, Onnx_I64Tensor:$Indices);
  let hasVerifier = 1;
}

def Onnx_CumSumOp : Onnx_PureOp<"CumSum", [AllElementTypesMatch<["x", "y"]>]> {
  let summary = "cumulative sum along the `axis` input";
  let arguments = (ins Onnx_NumericTensor:$x, Onnx_IndexTensor:$axis,
                       DefaultValuedAttr<I64Attr, "0">:$exclusive,
                       DefaultValuedAttr<I64Attr, "0">:$reverse);
  let results = (outs Onnx_NumericTensor:$y);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Quantization.
//===----------------------------------------------------------------------===//

def Onnx_QuantizeLinearOp : Onnx_PureOp<"QuantizeLinear"> {
  let summary = "saturate(round(x / y_scale) + y_zero_point), per tensor or per axis";
  let arguments = (ins Onnx_FloatTensor:$x, Onnx_FloatTensor:$y_scale,
                       Onnx_OptQuantTensor:$y_zero_point,
                       DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Onnx_QuantTensor:$y);
  let hasVerifier = 1;
}

def Onnx_DequantizeLinearOp : Onnx_PureOp<"DequantizeLinear"> {
  let summary = "(x - x_zero_point) * x_scale, per tensor or per axis";
  let arguments = (ins Onnx_TensorOf<[I8, UI8, I32]>:$x, Onnx_FloatTensor:$x_scale,
                       Onnx_Optional<Onnx_TensorOf<[I8, UI8, I32]>>:$x_zero_point,
                       DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Onnx_FloatTensor:$y);
  let hasVerifier = 1;
}

def Onnx_DynamicQuantizeLinearOp : Onnx_PureOp<"DynamicQuantizeLinear"> {
  let summary = "uint8 quantization with scale and zero point computed from x";
  let arguments = (ins Onnx_TensorOf<[F32]>:$x);
  let results = (outs Onnx_TensorOf<[UI8]>:$y, Onnx_TensorOf<[F32]>:$y_scale,
                      Onnx_TensorOf<[UI8]>:$y_zero_point);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Recurrent layers.
//===----------------------------------------------------------------------===//

class Onnx_RecurrentOp<string mnemonic, string sum>
    : Onnx_SharedVerifiedOp<mnemonic, "verifyRecurrent"> {
  let summary = sum;
}

def Onnx_LSTMOp : Onnx_RecurrentOp<"LSTM", "long short-term memory layer"> {
  let arguments = (ins Onnx_FloatTensor:$X, Onnx_FloatTensor:$W, Onnx_FloatTensor:$R,
                       Onnx_OptFloatTensor:$B, Onnx_OptI32Tensor:$sequence_lens,
                       Onnx_OptFloatTensor:$initial_h, Onnx_OptFloatTensor:$initial_c,
                       Onnx_OptFloatTensor:$P,
                       OptionalAttr<DenseF32ArrayAttr>:$activation_alpha,
                       OptionalAttr<DenseF32ArrayAttr>:$activation_beta,
                       OptionalAttr<StrArrayAttr>:$activations,
                       OptionalAttr<F32Attr>:$clip,
                       DefaultValuedStrAttr<StrAttr, "forward">:$direction,
                       I64Attr:$hidden_size,
                       DefaultValuedAttr<I64Attr, "0">:$input_forget,
                       DefaultValuedAttr<I64Attr, "0">:$layout);
  let results = (outs Onnx_OptFloatTensor:$Y, Onnx_OptFloatTensor:$Y_h,
                      Onnx_OptFloatTensor:$Y_c);
}

def Onnx_GRUOp : Onnx_RecurrentOp<"GRU", "gated recurrent unit layer"> {
  let arguments = (ins Onnx_FloatTensor:$X, Onnx_FloatTensor:$W, Onnx_FloatTensor:$R,
                       Onnx_OptFloatTensor:$B, Onnx_OptI32Tensor:$sequence_lens,
                       Onnx_OptFloatTensor:$initial_h,
                       OptionalAttr<DenseF32ArrayAttr>:$activation_alpha,
                       OptionalAttr<DenseF32ArrayAttr>:$activation_beta,
                       OptionalAttr<StrArrayAttr>:$activations,
                       OptionalAttr<F32Attr>:$clip,
                       DefaultValuedStrAttr<StrAttr, "forward">:$direction,
                       I64Attr:$hidden_size,
                       DefaultValuedAttr<I64Attr, "0">:$layout,
                       DefaultValuedAttr<I64Attr, "0">:$linear_before_reset);
  let results = (outs Onnx_OptFloatTensor:$Y, Onnx_OptFloatTensor:$Y_h);
}

def Onnx_RNNOp : Onnx_RecurrentOp<"RNN", "simple recurrent layer"> {
  let arguments = (ins Onnx_FloatTensor:$X, Onnx_FloatTensor:$W, Onnx_FloatTensor:$R,
                       Onnx_OptFloatTensor:$B, Onnx_OptI32Tensor:$sequence_lens,
                       Onnx_OptFloatTensor:$initial_h,
                       OptionalAttr<DenseF32ArrayAttr>:$activation_alpha,
                       OptionalAttr<DenseF32ArrayAttr>:$activation_beta,
                       OptionalAttr<StrArrayAttr>:$activations,
                       OptionalAttr<F32Attr>:$clip,
                       DefaultValuedStrAttr<StrAttr, "forward">:$direction,
                       I64Attr:$hidden_size,
                       DefaultValuedAttr<I64Attr, "0">:$layout);
  let results = (outs Onnx_OptFloatTensor:$Y, Onnx_OptFloatTensor:$Y_h);
}

#endif // KILN_ONNX_OPS_TD
