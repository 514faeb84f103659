#!/usr/bin/python3
"""Exports torchvision models at old opsets (7, 9, 11) for the upgrade test.

Usage: /usr/bin/python3 export_old_opsets.py OUTDIR
Writes resnet18_op7.onnx, mobilenet_v2_op9.onnx and mobilenet_v2_op11.onnx
(random weights, seed 0, static 1x3x224x224 input named "input").
"""
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402
import torchvision  # noqa: E402

out = sys.argv[1]
torch.manual_seed(0)
torch.set_num_threads(1)
x = torch.randn(1, 3, 224, 224)
models = {"resnet18": torchvision.models.resnet18(weights=None).eval(),
          "mobilenet_v2": torchvision.models.mobilenet_v2(weights=None).eval()}
for name, opset in (("resnet18", 7), ("mobilenet_v2", 9), ("mobilenet_v2", 11)):
    torch.onnx.export(models[name], x, os.path.join(out, f"{name}_op{opset}.onnx"),
                      opset_version=opset, input_names=["input"],
                      output_names=["logits"])
