#!/usr/bin/python3
"""Trains a small ViT built on torch.nn.MultiheadAttention and exports examples/models/vit_mha.onnx.

Usage: /usr/bin/python3 examples/cpvit/mha_vit.py [--epochs N] [--out PATH]

Kiln's third test model for the CP-ViT passes, written independently of
examples/train_vit.py so that the attention comes out of the exporter's
nn.MultiheadAttention lowering (packed in_proj weight, Slice/Split-free
MatMul + Add per q/k/v, head reshapes, out_proj) instead of hand-written
q/k/v Linear layers.

Model: 7x7 patches (Conv kernel = stride = 7 -> 4x4 = 16 patches), dim 64, a
learned CLS token and learned position embedding (17 tokens), DEPTH pre-norm
blocks (LayerNorm -> nn.MultiheadAttention(64, 4 heads, batch_first) ->
residual; LayerNorm -> MLP 64-128-64 GELU -> residual), final LayerNorm,
linear head on CLS. Input "input" float32 [1,1,28,28] = pixels / 255,
normalised in-graph; output "logits" [1,10].

Training: fixed seed 0, AdamW + one-cycle (examples/fmnist.py), single thread,
60k training images. Export: opset 14, static batch 1, constant folding; the
export runs with autograd enabled because under no_grad PyTorch 1.13's
MultiheadAttention takes its fused fast path, which has no ONNX export.
The script then checks the file (onnx.checker, strict shape inference,
static shapes) and compares it with PyTorch on onnxruntime
(node tools/ort/ort-run.js) for 32 test images.
"""

import argparse
import os
import sys
import tempfile
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import fmnist  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

SEED = 0
PATCH, DIM, HEADS, MLP, DEPTH = 7, 64, 4, 128, 4
TOKENS = (28 // PATCH) ** 2 + 1
OUT = os.path.join(os.path.dirname(HERE), "models", "vit_mha.onnx")


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_a = nn.LayerNorm(DIM)
        self.mha = nn.MultiheadAttention(DIM, HEADS, batch_first=True)
        self.ln_m = nn.LayerNorm(DIM)
        self.fc1 = nn.Linear(DIM, MLP)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(MLP, DIM)

    def forward(self, x):
        h = self.ln_a(x)
        x = x + self.mha(h, h, h, need_weights=False)[0]
        return x + self.fc2(self.act(self.fc1(self.ln_m(x))))


class MhaViT(nn.Module):
    def __init__(self):
        super().__init__()
        self.normalize = fmnist.normalize_module()
        self.embed = nn.Conv2d(1, DIM, PATCH, stride=PATCH)
        self.cls = nn.Parameter(torch.randn(1, 1, DIM) * 0.02)
        self.pos = nn.Parameter(torch.randn(1, TOKENS, DIM) * 0.02)
        self.blocks = nn.ModuleList([Block() for _ in range(DEPTH)])
        self.ln = nn.LayerNorm(DIM)
        self.out = nn.Linear(DIM, 10)

    def forward(self, x):
        x = self.embed(self.normalize(x)).reshape(-1, DIM, TOKENS - 1).transpose(1, 2)  # [B,16,DIM]
        b = x.shape[0]
        cls = self.cls if b == 1 else self.cls.expand(b, -1, -1)      # no Expand at export
        x = torch.cat((cls, x), dim=1) + self.pos
        for blk in self.blocks:
            x = blk(x)
        return self.out(self.ln(x)[:, 0])


def fold_shape_chains(path):
    """Folds the exporter's integer shape arithmetic into initializers, in place.

    nn.MultiheadAttention's packed in_proj is split with Slice whose bounds come
    from Shape -> Gather -> Add -> Div -> Mul of the (static) projection output,
    which strict ONNX shape inference cannot see through. Every node of the
    types below whose inputs are all known and whose result is an integer
    tensor is evaluated with numpy (Shape from the inferred static shapes);
    its outputs become initializers; nodes and Constants left without users
    are removed. Float computation is never touched.
    """
    import onnx
    from onnx import numpy_helper
    model = onnx.load(path)
    graph = model.graph
    inferred = onnx.shape_inference.infer_shapes(model)
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(inferred.graph.value_info) + list(graph.input)}
    known = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            known[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    binary = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply,
              "Div": lambda a, b: np.floor_divide(a, b)}
    folded = {}
    for node in graph.node:
        ins = list(node.input)
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        val = None
        if node.op_type == "Shape" and ins[0] in shapes and all(shapes[ins[0]]):
            val = np.array(shapes[ins[0]], dtype=np.int64)
        elif not all(i in known for i in ins):
            continue
        elif node.op_type == "Gather":
            val = np.take(known[ins[0]], known[ins[1]], axis=attrs.get("axis", 0))
        elif node.op_type in binary:
            val = binary[node.op_type](known[ins[0]], known[ins[1]])
        elif node.op_type == "Unsqueeze":
            val = known[ins[0]]
            for ax in sorted(int(a) for a in known[ins[1]]):
                val = np.expand_dims(val, ax)
        elif node.op_type == "Concat":
            val = np.concatenate([known[i] for i in ins], axis=attrs["axis"])
        if val is None or val.dtype.kind not in "iu":
            continue
        known[node.output[0]] = folded[node.output[0]] = np.asarray(val)
    keep_nodes = [n for n in graph.node if n.output[0] not in folded]
    used = {i for n in keep_nodes for i in n.input} | {o.name for o in graph.output}
    keep_nodes = [n for n in keep_nodes
                  if n.op_type != "Constant" or n.output[0] in used]
    del graph.node[:]
    graph.node.extend(keep_nodes)
    for name, val in folded.items():
        if name in used:
            graph.initializer.append(numpy_helper.from_array(val, name))
    onnx.save_model(model, path)
    return len(folded)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--out", default=OUT)
    args = parser.parse_args()
    fmnist.setup_torch(SEED)
    train_x, train_y = fmnist.load("train")
    test_x, test_y = fmnist.load("test")
    model = MhaViT()
    params = fmnist.count_params(model)
    print(f"vit_mha: {params} parameters, {args.epochs} epochs (1 thread)", flush=True)
    seconds = fmnist.train_classifier(model, train_x, train_y, args.epochs, lr=2e-3,
                                      batch=128, weight_decay=0.05)
    acc = fmnist.evaluate(model, test_x, test_y)
    print(f"vit_mha: test accuracy {acc * 100:.2f}% on {len(test_y)} images, "
          f"trained in {seconds:.0f} s", flush=True)

    model.eval()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        # autograd on: see the module docstring (MHA fast path)
        torch.onnx.export(model, (torch.zeros(1, 1, 28, 28),), args.out,
                          opset_version=fmnist.OPSET, do_constant_folding=True,
                          input_names=["input"], output_names=["logits"])
    print(f"folded {fold_shape_chains(args.out)} integer shape values", flush=True)
    ops = fmnist.check_onnx(args.out, {"input": [1, 1, 28, 28]}, {"logits": [1, 10]}, {
        "kiln.model": "vit_mha", "kiln.params": params, "kiln.test_accuracy": f"{acc:.4f}",
        "kiln.train_seconds": f"{seconds:.0f}", "kiln.epochs": args.epochs,
        "kiln.train_images": len(train_y), "kiln.seed": SEED,
        "kiln.input": "pixels/255 float32 [1,1,28,28]; normalised in-graph",
        "kiln.script": "examples/cpvit/mha_vit.py"})
    fmnist.print_ops(args.out, ops)

    from vit_reference import ort_logits
    x = fmnist.to_input(test_x[:32])
    with torch.no_grad():
        ref = model(torch.from_numpy(x)).numpy()
    with tempfile.TemporaryDirectory() as work:
        ort = ort_logits(args.out, x, work)
    diff = float(np.max(np.abs(ref - ort)))
    print(f"vit_mha.onnx vs PyTorch on onnxruntime, 32 test images: max |logit diff| "
          f"{diff:.3e}; size {os.path.getsize(args.out) / 1e6:.2f} MB", flush=True)
    if diff >= 1e-4:
        sys.exit("FAIL: ONNX export differs from PyTorch by >= 1e-4")


if __name__ == "__main__":
    main()
