#!/usr/bin/python3
"""Fails unless every op defined in OnnxOps.td appears in each given test file.

Usage: check_coverage.py OnnxOps.td ops.mlir invalid.mlir ...
"""
import re
import sys

td, tests = sys.argv[1], sys.argv[2:]
ops = sorted(set(re.findall(r'^def Onnx_\w+Op\s*:\s*Onnx_\w+<"(\w+)"',
                            open(td, encoding="utf-8").read(), re.M)))
missing = False
for path in tests:
    text = open(path, encoding="utf-8").read()
    absent = [op for op in ops if not re.search(rf"onnx\.{op}\b", text)]
    if absent:
        missing = True
        print(f"{path}: no test of {', '.join(absent)}")
print(f"coverage: {len(ops)} ops checked in {len(tests)} files")
sys.exit(1 if missing else 0)
