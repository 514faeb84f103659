#!/usr/bin/python3
"""Writes a model with weights already quantized, as ONNX exporters of
quantized models write them: DequantizeLinear(int8 codes in [-8, 8), per
column scale and zero point) -> MatMul.

Usage: make_dq_model.py OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(3)
k, n = 256, 96
codes = rng.integers(-8, 8, (k, n)).astype(np.int8)
scale = (rng.random(n) * 0.05 + 0.01).astype(np.float32)
zero = rng.integers(-2, 3, n).astype(np.int8)
graph = helper.make_graph(
    [helper.make_node("DequantizeLinear", ["codes", "scale", "zero"], ["w"], axis=1),
     helper.make_node("MatMul", ["x", "w"], ["y"])],
    "dq_matmul",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, k])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, n])],
    [numpy_helper.from_array(codes, "codes"), numpy_helper.from_array(scale, "scale"),
     numpy_helper.from_array(zero, "zero")])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
