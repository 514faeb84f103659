#!/usr/bin/python3
"""Trains a small Vision Transformer on Fashion-MNIST and exports examples/models/vit.onnx.

Usage: /usr/bin/python3 examples/train_vit.py [--epochs N]

Model: 7x7 patches (a Conv with kernel = stride = 7: 4x4 = 16 patches of 49
pixels) embedded to dim 64, a learned CLS token and learned position
embeddings (17 tokens), 6 pre-norm encoder blocks (LayerNorm -> multi-head
self-attention with 4 heads of 16 written as explicit q/k/v Linear layers and
softmax(q k^T / sqrt(d)) v -> residual; LayerNorm -> MLP 64-128-64 with GELU ->
residual), a final LayerNorm and a linear head on the CLS token.

This is the model the CP-ViT pruning passes work on, so attention is the
standard PyTorch pattern, which exports at opset 14 (per block) as
  q, v: MatMul+Add -> Reshape [-1,17,4,16] -> Transpose perm [0,2,1,3]
  k:    MatMul+Add -> Reshape [-1,17,4,16] -> Transpose perm [0,2,3,1]
        (the exporter merges the head split and k^T into one Transpose)
  MatMul(q, k^T) -> Mul(1/sqrt(16)) -> Softmax(axis -1) -> MatMul(., v)
  -> Transpose [0,2,1,3] -> Reshape [-1,17,64] -> MatMul+Add (proj)
LayerNorm decomposes into ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add and
GELU into Div/Erf/Add/Mul/Mul; the CLS token is taken with a Gather.
All reshapes use constant shapes (the batch dimension is -1), so with the static
[1,1,28,28] input the graph has no Shape/Gather chains.

Trained from a fixed seed on the 60k training images with AdamW and a
one-cycle schedule, single-threaded; the script prints full 10k test-set
accuracy (torch), exports at opset 14 and checks the file with onnx.checker
and strict shape inference.
"""

import argparse
import math
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fmnist  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

SEED = 0
PATCH, DIM, HEADS, MLP, DEPTH = 7, 64, 4, 128, 6
TOKENS = (28 // PATCH) ** 2 + 1  # patches + CLS


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads, self.head_dim = heads, dim // heads
        self.scale = 1.0 / math.sqrt(self.head_dim)
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, dim)
        self.proj = nn.Linear(dim, dim)

    def split(self, x):  # [B, N, C] -> [B, heads, N, head_dim]
        return x.reshape(-1, TOKENS, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x):
        q, k, v = self.split(self.q(x)), self.split(self.k(x)), self.split(self.v(x))
        attn = (q @ k.transpose(-2, -1)) * self.scale
        attn = attn.softmax(dim=-1)
        out = (attn @ v).transpose(1, 2).reshape(-1, TOKENS, self.heads * self.head_dim)
        return self.proj(out)


class Block(nn.Module):
    def __init__(self, dim, heads, mlp):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp), nn.GELU(), nn.Linear(mlp, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class ViT(nn.Module):
    def __init__(self):
        super().__init__()
        self.normalize = fmnist.normalize_module()
        self.patch_embed = nn.Conv2d(1, DIM, kernel_size=PATCH, stride=PATCH)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, DIM))
        self.pos_embed = nn.Parameter(torch.zeros(1, TOKENS, DIM))
        self.blocks = nn.Sequential(*[Block(DIM, HEADS, MLP) for _ in range(DEPTH)])
        self.norm = nn.LayerNorm(DIM)
        self.head = nn.Linear(DIM, 10)
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.patch_embed(self.normalize(x))          # [B, DIM, 4, 4]
        x = x.reshape(-1, DIM, TOKENS - 1).transpose(1, 2)  # [B, 16, DIM]
        # At batch 1 (the export) the [1,1,DIM] parameter is concatenated as is:
        # torch 1.13 exports expand() as a ConstantOfShape/Where/Expand chain.
        batch = x.shape[0]
        cls = self.cls_token if batch == 1 else self.cls_token.expand(batch, 1, DIM)
        x = torch.cat((cls, x), dim=1) + self.pos_embed     # [B, 17, DIM]
        x = self.norm(self.blocks(x))
        return self.head(x[:, 0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=8)
    args = parser.parse_args()
    fmnist.classifier_main("vit", ViT, SEED, epochs=args.epochs, lr=1.5e-3,
                           batch=128, weight_decay=0.05)


if __name__ == "__main__":
    main()
