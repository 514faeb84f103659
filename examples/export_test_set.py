#!/usr/bin/python3
"""Writes the Fashion-MNIST test set as NumPy files into a build directory.

Usage: /usr/bin/python3 examples/export_test_set.py OUTDIR [--samples N]

Writes (from Debian's dataset-fashion-mnist; nothing is downloaded):
  OUTDIR/fmnist_test_images.npy  uint8 [10000,28,28]
  OUTDIR/fmnist_test_labels.npy  uint8 [10000]
and, with --samples N, the first N test images in the example classifiers'
input form (float32 [1,1,28,28], pixels / 255) as
  OUTDIR/fmnist_test_input_<i>.npy   (i = 0 .. N-1; labels in the labels file)
These files are generated, never committed (the images alone are 7.8 MB).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fmnist  # noqa: E402
import numpy as np  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--samples", type=int, default=0,
                        help="also write the first N images as model inputs")
    args = parser.parse_args()
    images, labels = fmnist.load("test")
    os.makedirs(args.outdir, exist_ok=True)
    np.save(os.path.join(args.outdir, "fmnist_test_images.npy"), images)
    np.save(os.path.join(args.outdir, "fmnist_test_labels.npy"), labels)
    inputs = fmnist.to_input(images[:args.samples])
    for i in range(len(inputs)):
        np.save(os.path.join(args.outdir, f"fmnist_test_input_{i}.npy"), inputs[i:i + 1])
    print(f"{args.outdir}: fmnist_test_images.npy {images.dtype}{list(images.shape)}, "
          f"fmnist_test_labels.npy {labels.dtype}{list(labels.shape)}"
          + (f", {len(inputs)} x fmnist_test_input_<i>.npy float32[1,1,28,28]"
             if len(inputs) else ""))


if __name__ == "__main__":
    main()
