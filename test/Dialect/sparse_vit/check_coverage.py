#!/usr/bin/python3
"""Fails unless every sparse_vit op appears in each given test file.

Usage: check_coverage.py dialects/sparse_vit/IR ops.mlir invalid.mlir
"""
import os
import re
import sys

ir, ops_test, invalid_test = sys.argv[1:4]
def read(path):
    return open(path, encoding="utf-8").read()

ops = sorted(set(re.findall(r'^def SparseVit_\w+Op\s*:\s*SparseVit_Op<"(\w+)"',
                            read(os.path.join(ir, "SparseVitOps.td")), re.M)))

missing = not ops
if not ops:
    print(f"{ir}: no ops found")
for path in (ops_test, invalid_test):
    text = read(path)
    absent = [n for n in ops if not re.search(rf"sparse_vit\.{re.escape(n)}\b", text)]
    if absent:
        missing = True
        print(f"{path}: no test of op {', '.join(absent)}")
print(f"coverage: {len(ops)} ops checked in 2 files")
sys.exit(1 if missing else 0)
