"""Shared helpers for Kiln's example models: Fashion-MNIST from Debian's package,
single-thread torch set-up, a short training loop, test-set accuracy, and the
ONNX export + check that every example model goes through.

The data set comes from Debian's `dataset-fashion-mnist` package
(/usr/share/datasets/fashion-mnist/*-idx?-ubyte.gz, read with numpy; nothing is
downloaded). Set KILN_FMNIST_DIR to read the same four files from elsewhere.

Model input convention (every classifier in examples/models/): a float32 tensor
"input" [1,1,28,28] holding the raw pixels divided by 255 (0..1). Each model
normalises with the training set's mean/std itself (its first ops are a Sub and
a Div by constants), and ends in "logits" [1,10] (no softmax). to_input()
converts uint8 images to that form.
"""

import collections
import gzip
import os
import sys
import time
import warnings

# One BLAS/OpenMP thread: the machine is shared and two busy threads on two
# cores are far slower than one (docs: ARCHITECTURE.md, "Pitfalls").
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402

DATA_DIR = os.environ.get("KILN_FMNIST_DIR", "/usr/share/datasets/fashion-mnist")
MODELS_DIR = os.environ.get(
    "KILN_MODELS_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "models"))
OPSET = 14
MEAN, STD = 0.2860, 0.3530  # of the 60k training images, pixels scaled to 0..1
CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")


def _read_idx(path):
    """Reads an IDX file (big-endian header: magic, dims) into a numpy array."""
    try:
        with gzip.open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        sys.exit(f"{path}: not found; install Debian's dataset-fashion-mnist "
                 "(or set KILN_FMNIST_DIR)")
    magic = int.from_bytes(data[0:4], "big")
    if magic >> 8 != 0x08:  # 0x08 = unsigned byte
        sys.exit(f"{path}: not an unsigned-byte IDX file (magic {magic:#x})")
    ndim = magic & 0xFF
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(dims)):
        sys.exit(f"{path}: {body.size} bytes of data, header says {dims}")
    return body.reshape(dims)


def load(split):
    """Returns (images uint8 [N,28,28], labels uint8 [N]) for 'train' or 'test'."""
    prefix = {"train": "train", "test": "t10k"}[split]
    images = _read_idx(os.path.join(DATA_DIR, f"{prefix}-images-idx3-ubyte.gz"))
    labels = _read_idx(os.path.join(DATA_DIR, f"{prefix}-labels-idx1-ubyte.gz"))
    if images.shape[0] != labels.shape[0] or images.shape[1:] != (28, 28):
        sys.exit(f"{DATA_DIR}: {split} images {images.shape} / labels {labels.shape}")
    return images, labels


def to_input(images):
    """uint8 [N,28,28] -> float32 [N,1,28,28] in 0..1 (the models' input form)."""
    return (np.asarray(images, dtype=np.float32) / 255.0)[:, None, :, :]


# ---------------------------------------------------------------- torch side

def setup_torch(seed):
    """Imports torch with one thread and seeds every generator used."""
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    np.random.seed(seed)
    return torch


def normalize_module():
    """(x - MEAN) / STD as a module, so it is part of the exported graph."""
    import torch

    class Normalize(torch.nn.Module):
        def forward(self, x):
            return (x - MEAN) / STD

    return Normalize()


def count_params(model):
    return sum(p.numel() for p in model.parameters())


def evaluate(model, images, labels, batch=500):
    """Top-1 accuracy (0..1) of `model` on uint8 images, computed with torch."""
    import torch
    model.eval()
    x = torch.from_numpy(to_input(images))
    y = torch.from_numpy(labels.astype(np.int64))
    correct = 0
    with torch.no_grad():
        for i in range(0, len(y), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(y)


def train_classifier(model, images, labels, epochs, lr, batch=128,
                     weight_decay=0.0, label_smoothing=0.0, log_every=1):
    """AdamW with a one-cycle schedule, cross-entropy. Returns seconds spent."""
    import torch
    from torch import nn
    x_all = torch.from_numpy(to_input(images))
    y_all = torch.from_numpy(labels.astype(np.int64))
    n = len(y_all)
    steps_per_epoch = n // batch
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=lr, total_steps=epochs * steps_per_epoch, pct_start=0.15)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=label_smoothing)
    start = time.time()
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(n)
        total = 0.0
        for step in range(steps_per_epoch):
            idx = perm[step * batch:(step + 1) * batch]
            loss = loss_fn(model(x_all[idx]), y_all[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        if log_every and ((epoch + 1) % log_every == 0 or epoch + 1 == epochs):
            print(f"  epoch {epoch + 1}/{epochs}: train loss "
                  f"{total / steps_per_epoch:.4f} ({time.time() - start:.0f} s)",
                  flush=True)
    return time.time() - start


# ----------------------------------------------------------------- ONNX side

def _is_static(value_info):
    t = value_info.type.tensor_type
    return t.HasField("shape") and all(d.HasField("dim_value") for d in t.shape.dim)


def check_onnx(path, expect_inputs, expect_outputs, metadata=None):
    """Checks an exported model; adds `metadata` (str -> str) to its metadata_props.

    expect_inputs/expect_outputs: {name: shape}. Runs onnx.checker (full check)
    and strict shape inference, requires every graph input, output and
    intermediate value to have a static shape, and exits on any failure.
    Returns a Counter of the model's op types.
    """
    import onnx
    model = onnx.load(path)
    if metadata:
        del model.metadata_props[:]
        for key, value in sorted(metadata.items()):
            entry = model.metadata_props.add()
            entry.key, entry.value = key, str(value)
        onnx.save_model(model, path)
    onnx.checker.check_model(model, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(model, check_type=True,
                                                 strict_mode=True)
    graph = inferred.graph
    init_names = {i.name for i in graph.initializer}

    def shapes(values):
        return {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
                for v in values if v.name not in init_names}

    for kind, got, want in (("input", shapes(graph.input), expect_inputs),
                            ("output", shapes(graph.output), expect_outputs)):
        if got != {k: list(v) for k, v in want.items()}:
            sys.exit(f"{path}: graph {kind}s {got}, expected {want}")
    dynamic = [v.name for v in list(graph.value_info) + list(graph.output)
               if not _is_static(v)]
    if dynamic:
        sys.exit(f"{path}: values without a static shape: {dynamic[:10]}")
    typed = {v.name for v in list(graph.value_info) + list(graph.output)}
    untyped = [o for n in graph.node for o in n.output if o and o not in typed]
    if untyped:
        sys.exit(f"{path}: shape inference left node outputs untyped: {untyped[:10]}")
    return collections.Counter(n.op_type for n in graph.node)


def export_classifier(model, name, metadata):
    """Exports to MODELS_DIR/<name>.onnx ([1,1,28,28] "input" -> [1,10] "logits")
    at opset 14 with constant folding, checks it, prints and returns op counts."""
    import torch
    os.makedirs(MODELS_DIR, exist_ok=True)
    path = os.path.join(MODELS_DIR, name + ".onnx")
    model.eval()
    with warnings.catch_warnings():
        # Models test `batch == 1` to export a simpler graph; that is intended.
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        torch.onnx.export(model, (torch.zeros(1, 1, 28, 28),), path,
                          opset_version=OPSET, do_constant_folding=True,
                          input_names=["input"], output_names=["logits"])
    ops = check_onnx(path, {"input": [1, 1, 28, 28]}, {"logits": [1, 10]}, metadata)
    print_ops(path, ops)
    return path, ops


def print_ops(path, ops):
    listing = ", ".join(f"{op} x{n}" for op, n in sorted(ops.items()))
    print(f"{os.path.basename(path)}: {sum(ops.values())} nodes, "
          f"{os.path.getsize(path) / 1e6:.2f} MB: {listing}", flush=True)


def classifier_main(name, build, seed, epochs, lr, train_subset=None, **train_kw):
    """Builds, trains, evaluates on the full 10k test set, exports, checks."""
    torch = setup_torch(seed)
    train_x, train_y = load("train")
    test_x, test_y = load("test")
    if train_subset:
        pick = np.random.RandomState(seed).permutation(len(train_y))[:train_subset]
        train_x, train_y = train_x[pick], train_y[pick]
    model = build()
    params = count_params(model)
    print(f"{name}: {params} parameters, {epochs} epochs on {len(train_y)} "
          f"training images (1 thread)", flush=True)
    seconds = train_classifier(model, train_x, train_y, epochs, lr, **train_kw)
    acc = evaluate(model, test_x, test_y)
    print(f"{name}: test accuracy {acc * 100:.2f}% on {len(test_y)} images, "
          f"trained in {seconds:.0f} s", flush=True)
    with torch.no_grad():
        export_classifier(model, name, {
            "kiln.model": name, "kiln.params": params,
            "kiln.test_accuracy": f"{acc:.4f}",
            "kiln.train_seconds": f"{seconds:.0f}", "kiln.epochs": epochs,
            "kiln.train_images": len(train_y), "kiln.seed": seed,
            "kiln.input": "pixels/255 float32 [1,1,28,28]; normalised in-graph",
            "kiln.script": f"examples/train_{name}.py"})
    return model, acc
