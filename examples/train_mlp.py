#!/usr/bin/python3
"""Trains an MLP on Fashion-MNIST and exports examples/models/mlp.onnx.

Usage: /usr/bin/python3 examples/train_mlp.py [--epochs N]

Model: Flatten [1,1,28,28] -> 784, Linear 784->256, ReLU, Linear 256->128,
ReLU, Linear 128->10. Exported at opset 14 with constant folding: the graph is
Sub, Div (input normalisation), Flatten, Gemm, Relu, Gemm, Relu, Gemm.

Trained from a fixed seed on the 60k training images (AdamW, one-cycle,
single-threaded); prints full 10k test-set accuracy (torch), exports, checks
the file with onnx.checker and strict shape inference.
"""

import argparse
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fmnist  # noqa: E402
from torch import nn  # noqa: E402

SEED = 0


def build():
    return nn.Sequential(
        fmnist.normalize_module(), nn.Flatten(),
        nn.Linear(784, 256), nn.ReLU(),
        nn.Linear(256, 128), nn.ReLU(),
        nn.Linear(128, 10))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=12)
    args = parser.parse_args()
    fmnist.classifier_main("mlp", build, SEED, epochs=args.epochs, lr=2e-3,
                           batch=128, weight_decay=1e-4, log_every=4)


if __name__ == "__main__":
    main()
