//===- SparseVitBase.td - sparse_vit dialect definition, constraints ------===//
//
// The sparse_vit dialect models token and head pruning of Vision
// Transformers (CP-ViT, EViT, ToMe; docs/transforms/cp-vit.md): multi-head
// attention with explicit heads, token scores, and the token reductions
// that use them.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SPARSE_VIT_BASE_TD
#define KILN_SPARSE_VIT_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def SparseVit_Dialect : Dialect {
  let name = "sparse_vit";
  let cppNamespace = "::kiln::sparse_vit";
  let summary = "Vision Transformer token and head pruning (CP-ViT, EViT, ToMe)";
  let description = [{
    The `sparse_vit` dialect carries the encoder blocks of a Vision
    Transformer through token and head pruning (`docs/transforms/cp-vit.md`,
    `docs/dialects/sparse_vit.md`):

    * `sparse_vit.attention`: multi-head self-attention with explicit heads,
      whose attention probabilities are a result so they can be scored;
    * `sparse_vit.score`: per-token scores from the probabilities (CP-ViT
      cumulative patch score, EViT CLS attention);
    * `sparse_vit.select_tokens`, `sparse_vit.gather_tokens`,
      `sparse_vit.fuse_inattentive`, `sparse_vit.merge_tokens`: the token
      reductions (CP-ViT top-k, EViT fusion, ToMe bipartite merging).

    Conventions: tensors are f32 and statically shaped; `B` is the batch,
    `T` the number of tokens with CLS at index 0, `D` the model dimension,
    `H` the number of heads and `d = D / H` the head dimension. Shapes are
    static: the token counts are the same for every input, only which
    tokens survive depends on the input. Every op is pure.
  }];
}

//===----------------------------------------------------------------------===//
// Type constraints.
//===----------------------------------------------------------------------===//

// A statically shaped tensor of the given rank and element types.
class SparseVit_Tensor<list<Type> elems, int rank>
    : RankedTensorOf<elems, [HasStaticShapePred, HasAnyRankOfPred<[rank]>],
                     "statically shaped " # rank # "-D tensor">;

def SparseVit_F32Tensor1D : SparseVit_Tensor<[F32], 1>;
def SparseVit_F32Tensor2D : SparseVit_Tensor<[F32], 2>;
def SparseVit_F32Tensor3D : SparseVit_Tensor<[F32], 3>;
def SparseVit_F32Tensor4D : SparseVit_Tensor<[F32], 4>;
def SparseVit_I64Tensor2D : SparseVit_Tensor<[I64], 2>;
// Indices as written: any integer type, the verifier asks for i64 by name.
def SparseVit_IndexTensor : SparseVit_Tensor<[AnySignlessInteger], 2>;
// A per-token tensor [B, T, ...]: f32 values or i64 ids.
def SparseVit_TokenTensor
    : RankedTensorOf<[F32, I64], [HasStaticShapePred],
                     "statically shaped tensor">;

//===----------------------------------------------------------------------===//
// Attribute constraints.
//===----------------------------------------------------------------------===//

// A count. Stored as i64 and read back signed, so that a negative value in
// the input is reported as such by the range checks.
def SparseVit_IntAttr : TypedSignlessIntegerAttrBase<I64, "int64_t",
                                                     "64-bit integer"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}

#endif // KILN_SPARSE_VIT_BASE_TD
