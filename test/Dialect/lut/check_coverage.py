#!/usr/bin/python3
"""Fails unless every lut op appears in each given test file, and every lut
attribute appears in the round-trip test (and, when it has a verifier, in the
invalid test).

Usage: check_coverage.py dialects/lut/IR ops.mlir invalid.mlir
"""
import os
import re
import sys

ir, ops_test, invalid_test = sys.argv[1:4]
def read(path):
    return open(path, encoding="utf-8").read()

ops = sorted(set(re.findall(r'^def Lut_\w+Op\s*:\s*Lut_\w+<"(\w+)"',
                            read(os.path.join(ir, "LutOps.td")), re.M)))
attrs_td = read(os.path.join(ir, "LutAttrs.td"))
verified = sorted(set(re.findall(r'^def Lut_\w+Attr\s*:\s*Lut_Attr<"\w+",\s*"(\w+)"',
                                 attrs_td, re.M)))
enums = sorted(set(re.findall(r'^def Lut_\w+Attr\s*:\s*Lut_EnumAttr<\w+,\s*"(\w+)"',
                              read(os.path.join(ir, "LutBase.td")), re.M)))

missing = False
def check(path, names, pattern, what):
    global missing
    text = read(path)
    absent = [n for n in names if not re.search(pattern.format(re.escape(n)), text)]
    if absent:
        missing = True
        print(f"{path}: no test of {what} {', '.join(absent)}")

for path in (ops_test, invalid_test):
    check(path, ops, r"lut\.{}\b", "op")
check(ops_test, verified + enums, r"#lut\.{}<", "attribute")
check(invalid_test, verified, r"#lut\.{}<", "attribute")
print(f"coverage: {len(ops)} ops, {len(verified) + len(enums)} attributes "
      f"checked in 2 files")
sys.exit(1 if missing else 0)
