#!/usr/bin/python3
"""Exports small models that exercise the importer's and host executor's op coverage.

Usage: /usr/bin/python3 export_op_coverage.py OUTDIR

Writes, with fixed seeds and static shapes (opset 14, PyTorch 1.13's default):
  llama_layer.onnx  one LLaMA-style decoder layer: RMSNorm, rotary embeddings
                    (cos/sin of position ids computed in the graph from the
                    past length), causal mask from torch.triu + masked_fill,
                    SiLU-gated MLP and a KV cache.
                    inputs  hidden [1,4,64], past_key/past_value [1,4,8,16]
                    outputs hidden [1,4,64], present_key/present_value [1,4,12,16]
  mlp.onnx          784-128-64-10 MLP with ReLU and Dropout, exported in eval mode
                    (the exporter drops eval-mode Dropout: no Dropout node;
                    quant.onnx and the importer tests cover that op)
  lstm.onnx         nn.LSTM(16, 32) on [5,1,16] followed by a Linear
  quant.onnx        (onnx.helper) QuantizeLinear -> DequantizeLinear -> MatMul,
                    a MatMulInteger and a Dropout in training mode
and prints the op types each model contains.
"""

import collections
import math
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402
from torch import nn  # noqa: E402

OPSET = 14
DIM, HEADS, HEAD_DIM, FFN = 64, 4, 16, 128
SEQ, PAST = 4, 8


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(1.0 + 0.1 * torch.randn(dim))

    def forward(self, x):
        scale = torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return x * scale * self.weight


def rotate_half(x):
    # Constant slice bounds: x.chunk() would trace to Shape/Gather-computed
    # bounds and leave the present_key output with a symbolic length.
    half = HEAD_DIM // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class LlamaLayer(nn.Module):
    """A pre-norm decoder layer; the new tokens follow `past_len` cached ones."""

    def __init__(self):
        super().__init__()
        self.attn_norm = RMSNorm(DIM)
        self.q_proj = nn.Linear(DIM, HEADS * HEAD_DIM, bias=False)
        self.k_proj = nn.Linear(DIM, HEADS * HEAD_DIM, bias=False)
        self.v_proj = nn.Linear(DIM, HEADS * HEAD_DIM, bias=False)
        self.o_proj = nn.Linear(HEADS * HEAD_DIM, DIM, bias=False)
        self.mlp_norm = RMSNorm(DIM)
        self.gate_proj = nn.Linear(DIM, FFN, bias=False)
        self.up_proj = nn.Linear(DIM, FFN, bias=False)
        self.down_proj = nn.Linear(FFN, DIM, bias=False)
        inv_freq = 1.0 / (10000 ** (torch.arange(0, HEAD_DIM, 2).float() / HEAD_DIM))
        self.register_buffer("inv_freq", inv_freq)

    def heads(self, x):
        batch, seq, _ = x.shape
        return x.view(batch, seq, HEADS, HEAD_DIM).transpose(1, 2)

    def forward(self, hidden, past_key, past_value):
        batch, seq, _ = hidden.shape
        past_len = past_key.shape[2]
        total = past_len + seq

        # Rotary embedding of positions past_len .. total-1.
        positions = torch.arange(past_len, total, dtype=torch.float32)
        freqs = torch.outer(positions, self.inv_freq)
        angles = torch.cat((freqs, freqs), dim=-1)
        cos, sin = angles.cos(), angles.sin()

        x = self.attn_norm(hidden)
        q, k, v = (self.heads(p(x)) for p in (self.q_proj, self.k_proj, self.v_proj))
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        present_key = torch.cat((past_key, k), dim=2)
        present_value = torch.cat((past_value, v), dim=2)

        # Query i (absolute position past_len + i) sees keys 0 .. past_len + i.
        mask = torch.triu(torch.ones(seq, total, dtype=torch.bool),
                          diagonal=past_len + 1)
        scores = q @ present_key.transpose(2, 3) / math.sqrt(HEAD_DIM)
        scores = scores.masked_fill(mask, float("-inf"))
        attn = torch.softmax(scores, dim=-1) @ present_value
        attn = attn.transpose(1, 2).reshape(batch, seq, HEADS * HEAD_DIM)
        hidden = hidden + self.o_proj(attn)

        x = self.mlp_norm(hidden)
        mlp = self.down_proj(nn.functional.silu(self.gate_proj(x)) * self.up_proj(x))
        return hidden + mlp, present_key, present_value


def is_static(value_info):
    dims = value_info.type.tensor_type.shape.dim
    return all(d.HasField("dim_value") for d in dims)


def export(model, args, path, input_names, output_names):
    model.eval()
    torch.onnx.export(model, args, path, opset_version=OPSET,
                      do_constant_folding=True, input_names=input_names,
                      output_names=output_names)
    # PyTorch's own shape inference gives up on some ops (Einsum), leaving an
    # output with a symbolic dim although all inputs are static: take ONNX's.
    onnx_model = onnx.load(path)
    if not all(is_static(v) for v in onnx_model.graph.output):
        inferred = onnx.shape_inference.infer_shapes(onnx_model, strict_mode=True)
        for declared, known in zip(onnx_model.graph.output, inferred.graph.output):
            if not is_static(known):
                sys.exit(f"{path}: output {known.name} has no static shape")
            declared.type.CopyFrom(known.type)
        onnx.save_model(onnx_model, path)


def export_llama(path):
    cache = (1, HEADS, PAST, HEAD_DIM)
    args = (torch.randn(1, SEQ, DIM), torch.randn(cache), torch.randn(cache))
    export(LlamaLayer(), args, path, ["hidden", "past_key", "past_value"],
           ["hidden_out", "present_key", "present_value"])


def export_mlp(path):
    model = nn.Sequential(
        nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2),
        nn.Linear(128, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 10))
    export(model, (torch.randn(1, 1, 28, 28),), path, ["input"], ["logits"])


class LstmModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(16, 32, num_layers=1, batch_first=False)
        self.proj = nn.Linear(32, 8)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.proj(out)


def export_lstm(path):
    export(LstmModel(), (torch.randn(5, 1, 16),), path, ["input"], ["output"])


def build_quant(path):
    """QDQ MatMul, MatMulInteger and a training-mode Dropout, with onnx.helper."""
    rng = np.random.default_rng(0)
    f32 = TensorProto.FLOAT
    inits = [
        numpy_helper.from_array(np.array(0.05, np.float32), "x_scale"),
        numpy_helper.from_array(np.array(128, np.uint8), "x_zero"),
        numpy_helper.from_array(
            rng.standard_normal((16, 8)).astype(np.float32), "w"),
        numpy_helper.from_array(
            rng.integers(-127, 128, (16, 8)).astype(np.int8), "w_int"),
        numpy_helper.from_array(np.array(0, np.int8), "w_int_zero"),
        numpy_helper.from_array(np.array(0.1, np.float32), "ratio"),
        numpy_helper.from_array(np.array(True), "training"),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_scale", "x_zero"], ["xq"]),
        helper.make_node("DequantizeLinear", ["xq", "x_scale", "x_zero"], ["xdq"]),
        helper.make_node("MatMul", ["xdq", "w"], ["y"]),
        helper.make_node("MatMulInteger", ["xq", "w_int", "x_zero", "w_int_zero"],
                         ["y_int"]),
        helper.make_node("Dropout", ["y", "ratio", "training"], ["y_drop"], seed=0),
    ]
    graph = helper.make_graph(
        nodes, "quant", [helper.make_tensor_value_info("x", f32, [4, 16])],
        [helper.make_tensor_value_info("y_drop", f32, [4, 8]),
         helper.make_tensor_value_info("y_int", TensorProto.INT32, [4, 8])],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="kiln-export_op_coverage")
    onnx.checker.check_model(model, full_check=True)
    onnx.save_model(model, path)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    torch.set_num_threads(1)
    for name, build in (("llama_layer", export_llama), ("mlp", export_mlp),
                        ("lstm", export_lstm), ("quant", build_quant)):
        torch.manual_seed(0)
        path = os.path.join(outdir, name + ".onnx")
        build(path)
        graph = onnx.load(path).graph
        ops = collections.Counter(n.op_type for n in graph.node)
        listing = ", ".join(f"{op} x{n}" for op, n in sorted(ops.items()))
        print(f"{name}.onnx ({len(graph.node)} nodes): {listing}")


if __name__ == "__main__":
    main()
