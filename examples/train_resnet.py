#!/usr/bin/python3
"""Trains a small ResNet on Fashion-MNIST and exports examples/models/resnet.onnx.

Usage: /usr/bin/python3 examples/train_resnet.py [--epochs N]

Model (ResNet-18 style, scaled down to 28x28 inputs):
  stem    Conv 3x3 1->16 + BatchNorm + ReLU                      28x28
  layer1  BasicBlock 16->16 (identity shortcut)                  28x28
  layer2  BasicBlock 16->32, stride 2, shortcut 1x1 conv s2 + BN  14x14
          BasicBlock 32->32                                       14x14
  layer3  BasicBlock 32->64, stride 2, shortcut 1x1 conv s2 + BN   7x7
  head    global average pool + Linear 64->10
A BasicBlock is Conv3x3-BN-ReLU-Conv3x3-BN, plus the shortcut, then ReLU.
Exported in eval mode at opset 14 with constant folding, which folds each
BatchNorm into its Conv: the graph holds Conv, Relu, Add, GlobalAveragePool,
Flatten and Gemm (plus the input normalisation's Sub/Div).

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


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.shortcut = nn.Identity()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.normalize = fmnist.normalize_module()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1, bias=False),
                                  nn.BatchNorm2d(16), nn.ReLU(inplace=True))
        self.layer1 = BasicBlock(16, 16)
        self.layer2 = nn.Sequential(BasicBlock(16, 32, 2), BasicBlock(32, 32))
        self.layer3 = BasicBlock(32, 64, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(64, 10)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        x = self.stem(self.normalize(x))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(self.flatten(self.pool(x)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=4)
    args = parser.parse_args()
    fmnist.classifier_main("resnet", ResNet, SEED, epochs=args.epochs, lr=4e-3,
                           batch=128, weight_decay=5e-4)


if __name__ == "__main__":
    main()
