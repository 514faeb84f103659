#!/usr/bin/python3
"""Exports torchvision models with random weights to ONNX for Kiln.

Usage: /usr/bin/python3 export_torchvision.py OUTDIR [--models vit_b_16,resnet50,mobilenet_v2]

Each model is built with weights=None after torch.manual_seed(0), put in eval
mode and exported with a static 1x3x224x224 input named "input", an output
named "logits", opset 14 (PyTorch 1.13's default) and constant folding, to
OUTDIR/<name>.onnx. An existing file is kept (delete it to re-export).

Fresh torchvision models give near-zero logits (zero-initialised ViT head,
BatchNorm with mean 0 / variance 1), which would make output comparisons
meaningless, so the BatchNorm statistics and affine parameters and the ViT
head are randomised with the same seed. The script prints the export time
and the logits' standard deviation of each model.
"""

import argparse
import fcntl
import os
import time

# One BLAS/OpenMP thread: the machine is shared and two busy threads on two
# cores are far slower than one (see docs ARCHITECTURE.md, "Pitfalls").
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402
import torchvision  # noqa: E402

OPSET = 14
DEFAULT_MODELS = "vit_b_16,resnet50,mobilenet_v2"


def randomise(model):
    """Gives BatchNorm layers and the ViT head non-trivial random values."""
    for module in model.modules():
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            module.running_mean.normal_(0.0, 0.1)
            module.running_var.uniform_(0.5, 1.5)
            torch.nn.init.uniform_(module.weight, 0.5, 1.5)
            torch.nn.init.normal_(module.bias, 0.0, 0.1)
    heads = getattr(model, "heads", None)  # torchvision VisionTransformer
    if heads is not None:
        for layer in heads.modules():
            if isinstance(layer, torch.nn.Linear):
                torch.nn.init.normal_(layer.weight, 0.0, 0.05)
                torch.nn.init.normal_(layer.bias, 0.0, 0.05)


def export(name, path):
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None)
    randomise(model)
    model.eval()
    x = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        logits = model(x)
    # Export with autograd on: under no_grad, PyTorch 1.13's MultiheadAttention
    # takes a fused fast path (aten::_native_multi_head_attention) that has no
    # ONNX export.
    # A partial file must never look like a model: write beside it, rename.
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        torch.onnx.export(model, x, tmp, opset_version=OPSET,
                          do_constant_folding=True, input_names=["input"],
                          output_names=["logits"])
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return float(logits.std())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--models", default=DEFAULT_MODELS,
                        help=f"comma-separated torchvision names "
                             f"(default {DEFAULT_MODELS})")
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.outdir, exist_ok=True)

    # Tests that need the same model may start together (lit -j): the lock
    # makes the second wait for the first export instead of repeating it.
    lock = open(os.path.join(args.outdir, ".export.lock"), "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    for name in filter(None, args.models.split(",")):
        path = os.path.join(args.outdir, name + ".onnx")
        if os.path.exists(path):
            print(f"{name}: {path} exists, skipped")
            continue
        start = time.perf_counter()
        std = export(name, path)
        seconds = time.perf_counter() - start
        size_mb = os.path.getsize(path) / 1e6
        print(f"{name}: {path} ({size_mb:.1f} MB) in {seconds:.1f} s, "
              f"logits std {std:.3g}")


if __name__ == "__main__":
    main()
