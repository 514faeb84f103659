#!/usr/bin/python3
"""Trains a small MobileNetV2 on Fashion-MNIST and exports examples/models/mobilenet.onnx.

Usage: /usr/bin/python3 examples/train_mobilenet.py [--epochs N]

Model (MobileNetV2 style, scaled down to 28x28 inputs):
  stem   Conv 3x3 1->16 + BatchNorm + ReLU6                          28x28
  inverted residual blocks (expansion t, output channels c, stride s):
         t=1 c=16 s=2 (no expand)                                    14x14
         t=4 c=24 s=1, t=4 c=24 s=1 (residual)                       14x14
         t=4 c=32 s=2, t=4 c=32 s=1 (residual)                        7x7
         t=4 c=64 s=1                                                 7x7
  head   Conv 1x1 64->128 + BN + ReLU6, global average pool, Linear 128->10
An inverted residual block is 1x1 expand Conv-BN-ReLU6 (when t > 1), 3x3
depthwise Conv (group = channels)-BN-ReLU6, 1x1 project Conv-BN (linear), and
adds its input when the stride is 1 and the channel counts match.
Exported in eval mode at opset 14 with constant folding (BatchNorm folds into
the Convs; ReLU6 exports as Clip(0, 6)).

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
# (expansion t, output channels c, repeats n, first stride s), as in MobileNetV2.
# The first block downsamples (not the stem): 28x28 is small, and depthwise
# convolutions at 28x28 would triple the training time on one thread.
SETTINGS = ((1, 16, 1, 2), (4, 24, 2, 1), (4, 32, 2, 2), (4, 64, 1, 1))
STEM, LAST = 16, 128


def conv_bn(cin, cout, kernel, stride=1, groups=1, act=True):
    layers = [nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups,
                        bias=False), nn.BatchNorm2d(cout)]
    if act:
        layers.append(nn.ReLU6(inplace=True))
    return layers


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expand):
        super().__init__()
        hidden = cin * expand
        self.use_residual = stride == 1 and cin == cout
        layers = conv_bn(cin, hidden, 1) if expand != 1 else []
        layers += conv_bn(hidden, hidden, 3, stride, groups=hidden)  # depthwise
        layers += conv_bn(hidden, cout, 1, act=False)                # project
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.conv(x) if self.use_residual else self.conv(x)


class MobileNetV2(nn.Module):
    def __init__(self):
        super().__init__()
        self.normalize = fmnist.normalize_module()
        layers = conv_bn(1, STEM, 3)
        cin = STEM
        for t, c, n, s in SETTINGS:
            for i in range(n):
                layers.append(InvertedResidual(cin, c, s if i == 0 else 1, t))
                cin = c
        layers += conv_bn(cin, LAST, 1)
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.classifier = nn.Linear(LAST, 10)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")

    def forward(self, x):
        x = self.features(self.normalize(x))
        return self.classifier(self.flatten(self.pool(x)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    fmnist.classifier_main("mobilenet", MobileNetV2, SEED, epochs=args.epochs,
                           lr=4e-3, batch=128, weight_decay=5e-4)


if __name__ == "__main__":
    main()
