#!/usr/bin/python3
"""PyTorch re-implementation of the bundled Fashion-MNIST ViT (examples/models/vit.onnx).

Usage: /usr/bin/python3 examples/cpvit/vit_reference.py [--model M.onnx] [--images 32]

The weights are read from the ONNX file's initializers (there is no
checkpoint: examples/train_vit.py trains and exports in one go). The named
initializers (cls_token, pos_embed, patch_embed.*, blocks.<l>.*.bias,
norm*, head.*) keep their PyTorch names; the Linear weights of q/k/v/proj/mlp
were constant-folded by the exporter into anonymous transposed MatMul
initializers ("onnx::MatMul_<n>", shape [in, out]). Each one is identified by
graph structure, not by its number: the MatMul that consumes it is followed by
an Add whose other operand is a named bias ("blocks.<l>.attn.q.bias", ...), and
that bias names the weight.

The forward is split into the pieces the pruning code (pruning.py) needs:
  embed(x)                -> tokens [B, 17, 64] (CLS first, + position embedding)
  attention_probs(l, h)   -> q, k, v [B, H, N, d] and softmax probabilities [B, H, N, N]
                             (optional additive key bias, e.g. ToMe's log(size))
  attention_out(l, p, v, head_mask) -> proj(concat_h(p_h v_h)) with masked heads
                             removed (their slice of the concatenation and the
                             matching rows of the proj weight)
  mlp(l, x), final(x)     -> MLP residual branch; final LayerNorm + head on CLS
forward(x, return_attn=True) is the unpruned model and returns the per-layer
attention probabilities [B, 4, 17, 17] as well.

Numerics are float32 throughout. LayerNorm is torch.nn.functional.layer_norm
(eps 1e-5, biased variance), GELU is the exact erf form, the attention scale
1/sqrt(16) multiplies q k^T before the softmax, exactly like the exported graph.

Run as a script, it checks this re-implementation against the ONNX file on
onnxruntime (node tools/ort/ort-run.js; the model has a static batch of 1, so
one run per image) for the first --images Fashion-MNIST test images and prints
the max abs difference of the logits (must be < 1e-4).
"""

import argparse
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))  # examples/ (fmnist.py)

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnx.numpy_helper  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import fmnist  # noqa: E402

DEFAULT_MODEL = os.path.join(ROOT, "examples", "models", "vit.onnx")
ORT_RUN = os.path.join(ROOT, "tools", "ort", "ort-run.js")
LN_EPS = 1e-5


def load_onnx_weights(path):
    """Returns {pytorch_name: float32 torch tensor} for every parameter of the ViT.

    Linear weights are returned in PyTorch layout [out, in] under
    "<layer>.weight" (e.g. "blocks.0.attn.q.weight", "head.weight").
    """
    model = onnx.load(path)
    graph = model.graph
    inits = {t.name: torch.from_numpy(onnx.numpy_helper.to_array(t).copy()).float()
             for t in graph.initializer}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    weights = {}
    for node in graph.node:
        if node.op_type != "MatMul":
            continue
        w_name = next((n for n in node.input if n in inits), None)
        if w_name is None:
            continue  # activation x activation (attention) MatMul
        adds = [c for c in consumers.get(node.output[0], []) if c.op_type == "Add"]
        if len(adds) != 1:
            raise ValueError(f"{path}: MatMul {node.name} is not followed by one Add")
        bias = next((n for n in adds[0].input if n in inits and n.endswith(".bias")), None)
        if bias is None:
            raise ValueError(f"{path}: Add after MatMul {node.name} has no named bias")
        weights[bias[:-len(".bias")] + ".weight"] = inits[w_name].t().contiguous()
    for name, value in inits.items():
        if not name.startswith("onnx::"):
            weights[name] = value
    return weights


class ViTReference:
    """The bundled ViT as plain tensor code; see the module docstring."""

    def __init__(self, path=DEFAULT_MODEL):
        self.w = load_onnx_weights(path)
        self.dim = self.w["pos_embed"].shape[-1]
        self.tokens = self.w["pos_embed"].shape[1]
        self.depth = 1 + max(int(k.split(".")[1]) for k in self.w if k.startswith("blocks."))
        self.patch = self.w["patch_embed.weight"].shape[-1]
        self.grid = 28 // self.patch
        # Heads are not stored in the weights; the exported Reshape says 4 x 16.
        self.heads = 4
        self.head_dim = self.dim // self.heads
        self.mlp_dim = self.w["blocks.0.mlp.0.weight"].shape[0]
        self.scale = 1.0 / float(np.sqrt(self.head_dim))
        assert self.tokens == self.grid * self.grid + 1

    # -- pieces -----------------------------------------------------------------------------
    def _lin(self, x, name):
        return F.linear(x, self.w[name + ".weight"], self.w[name + ".bias"])

    def _ln(self, x, name):
        return F.layer_norm(x, (self.dim,), self.w[name + ".weight"], self.w[name + ".bias"],
                            LN_EPS)

    def embed(self, x):
        """x float32 [B,1,28,28] (pixels/255) -> tokens [B, 17, 64]."""
        x = (x - fmnist.MEAN) / fmnist.STD
        x = F.conv2d(x, self.w["patch_embed.weight"], self.w["patch_embed.bias"],
                     stride=self.patch)                       # [B, 64, 4, 4]
        b = x.shape[0]
        x = x.reshape(b, self.dim, -1).transpose(1, 2)       # [B, 16, 64], row-major patches
        cls = self.w["cls_token"].expand(b, 1, self.dim)
        return torch.cat((cls, x), dim=1) + self.w["pos_embed"]

    def split_heads(self, t):  # [B, N, C] -> [B, H, N, d]
        b, n, _ = t.shape
        return t.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)

    def attention_probs(self, layer, x, key_bias=None):
        """Block `layer`'s attention on residual stream x [B, N, C].

        Returns (q, k, v, probs): q/k/v [B, H, N, d], probs [B, H, N, N]
        = softmax(q k^T * scale + key_bias[:, None, None, :]) (key_bias [B, N] or None).
        """
        p = f"blocks.{layer}."
        h = self._ln(x, p + "norm1")
        q = self.split_heads(self._lin(h, p + "attn.q"))
        k = self.split_heads(self._lin(h, p + "attn.k"))
        v = self.split_heads(self._lin(h, p + "attn.v"))
        logits = (q @ k.transpose(-2, -1)) * self.scale
        if key_bias is not None:
            logits = logits + key_bias[:, None, None, :]
        return q, k, v, logits.softmax(dim=-1)

    def attention_out(self, layer, probs, v, head_mask=None):
        """proj(concat over heads of probs_h @ v_h) -> [B, N, C].

        head_mask: None (all heads) or bool [B, H]; a masked head's slice of the
        concatenated attention output is zeroed, which is the same as removing
        that slice and the matching head_dim rows (input features) of the proj
        weight. The proj bias is always added.
        """
        out = probs @ v                                        # [B, H, N, d]
        if head_mask is not None:
            out = out * head_mask[:, :, None, None].to(out.dtype)
        b, _, n, _ = out.shape
        out = out.transpose(1, 2).reshape(b, n, self.dim)
        return self._lin(out, f"blocks.{layer}.attn.proj")

    def mlp(self, layer, x):
        """The MLP residual branch (LayerNorm -> fc 64-128 -> GELU(erf) -> fc 128-64)."""
        p = f"blocks.{layer}."
        h = self._ln(x, p + "norm2")
        return self._lin(F.gelu(self._lin(h, p + "mlp.0")), p + "mlp.2")

    def final(self, x):
        """Final LayerNorm and the linear head on the CLS token (position 0) -> [B, 10]."""
        return self._lin(self._ln(x, "norm")[:, 0], "head")

    # -- unpruned forward ---------------------------------------------------------------------
    def forward(self, x, return_attn=False):
        """Logits [B, 10]; with return_attn also the list of per-layer probs [B, H, 17, 17]."""
        x = self.embed(x)
        attns = []
        for layer in range(self.depth):
            _, _, v, probs = self.attention_probs(layer, x)
            attns.append(probs)
            x = x + self.attention_out(layer, probs, v)
            x = x + self.mlp(layer, x)
        logits = self.final(x)
        return (logits, attns) if return_attn else logits

    __call__ = forward


def ort_logits(model_path, inputs, work):
    """Runs a batch-1 ONNX classifier on onnxruntime (node tools/ort/ort-run.js) per image.

    inputs float32 [N,1,28,28]; returns float32 [N, 10].
    """
    out = []
    for i in range(len(inputs)):
        inp = os.path.join(work, f"in_{i}.npy")
        odir = os.path.join(work, f"out_{i}")
        os.makedirs(odir, exist_ok=True)
        np.save(inp, inputs[i:i + 1])
        proc = subprocess.run(["node", ORT_RUN, model_path, "--input", f"input={inp}",
                               "--output-dir", odir, "--threads", "1"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        if proc.returncode != 0:
            sys.exit(f"ort-run.js failed:\n{proc.stdout.decode(errors='replace')}")
        out.append(np.load(os.path.join(odir, "logits.npy")).reshape(-1))
    return np.stack(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--images", type=int, default=32)
    args = parser.parse_args()
    torch.set_num_threads(1)
    images, labels = fmnist.load("test")
    x = fmnist.to_input(images[:args.images])
    ref = ViTReference(args.model)
    with torch.no_grad():
        logits, attns = ref.forward(torch.from_numpy(x), return_attn=True)
    with tempfile.TemporaryDirectory() as work:
        ort = ort_logits(args.model, x, work)
    diff = float(np.max(np.abs(logits.numpy() - ort)))
    agree = int((logits.numpy().argmax(1) == ort.argmax(1)).sum())
    print(f"reference vs onnxruntime on {args.images} test images: max |logit diff| = "
          f"{diff:.3e} (max |logit| {np.abs(ort).max():.2f}), argmax agrees on "
          f"{agree}/{args.images}; attention probs: {len(attns)} x "
          f"{list(attns[0].shape)}")
    if diff >= 1e-4:
        sys.exit("FAIL: difference >= 1e-4")
    print("OK")


if __name__ == "__main__":
    main()
