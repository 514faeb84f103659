#!/usr/bin/python3
"""Checks tools/ort/ort-run.js, Kiln's onnxruntime reference harness, against numpy.

Run with Debian's interpreter (it sees python3-numpy and python3-onnx):

    scripts/install-ort.sh && /usr/bin/python3 test/ort/check_ort.py [-v]

1. A tiny model (MatMul + Add + Relu on f32, Cast to f16, int64 Gather, an output whose name needs
   sanitizing) on random inputs: f32 within rtol 1e-6 of numpy, f16 and int64 exact.
2. Identity on every supported dtype, inputs saved as .npy format 1.0, 2.0 and 3.0, a big-endian
   file, a 0-d and an empty array: outputs must come back bit for bit.
3. --threads 2 --repeat R --json: same results, and the timing JSON has its fields.
4. Errors (missing file, wrong input name/shape/dtype, missing input, Fortran order, not .npy,
   opset < 7, missing model) exit 1 with a clear message.
Prints "ort harness: OK" and exits 0 on success; exits 1 otherwise.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORT_RUN = os.path.join(ROOT, "tools", "ort", "ort-run.js")
NODE = os.environ.get("NODE", "node")
VERBOSE = "-v" in sys.argv[1:]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}")
    elif VERBOSE:
        print(f"ok: {what}")
    return cond


def run_ort(model, inputs, out_dir, *extra):
    cmd = [NODE, ORT_RUN, model]
    for name, file in inputs:
        cmd += ["--input", f"{name}={file}"]
    cmd += ["--output-dir", out_dir, *extra]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    if VERBOSE:
        print("$", " ".join(cmd))
        sys.stdout.write(p.stdout + p.stderr)
    return p


def save_model(graph, path, opset=17):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8  # onnxruntime 1.20 reads IR <= 10; Debian's onnx 1.12 writes 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def mlp_model(path):
    f32, i64 = TensorProto.FLOAT, TensorProto.INT64
    nodes = [
        helper.make_node("MatMul", ["X", "W"], ["XW"]),
        helper.make_node("Add", ["XW", "B"], ["Y"]),
        helper.make_node("Relu", ["Y"], ["out/relu:0"]),
        helper.make_node("Cast", ["out/relu:0"], ["relu_f16"], to=TensorProto.FLOAT16),
        helper.make_node("Gather", ["table", "idx"], ["gathered"], axis=0),
    ]
    graph = helper.make_graph(
        nodes, "kiln_ort_check",
        [helper.make_tensor_value_info("X", f32, [4, 8]),
         helper.make_tensor_value_info("W", f32, [8, 5]),
         helper.make_tensor_value_info("B", f32, [5]),
         helper.make_tensor_value_info("table", i64, [10, 3]),
         helper.make_tensor_value_info("idx", i64, ["n"])],
        [helper.make_tensor_value_info("out/relu:0", f32, [4, 5]),
         helper.make_tensor_value_info("relu_f16", TensorProto.FLOAT16, [4, 5]),
         helper.make_tensor_value_info("gathered", i64, ["n", 3])])
    save_model(graph, path)


def check_mlp_outputs(out_dir, X, W, B, table, idx, tag):
    files = sorted(os.listdir(out_dir))
    if not check(files == ["gathered.npy", "out_relu_0.npy", "relu_f16.npy"],
                 f"{tag}: output files named by sanitized output names (got {files})"):
        return
    relu = np.load(os.path.join(out_dir, "out_relu_0.npy"))
    half = np.load(os.path.join(out_dir, "relu_f16.npy"))
    gathered = np.load(os.path.join(out_dir, "gathered.npy"))

    ok = check(relu.dtype == np.float32 and relu.shape == (4, 5), f"{tag}: relu is float32 [4,5] ({relu.dtype} {relu.shape})")
    ok &= check(half.dtype == np.float16 and half.shape == (4, 5), f"{tag}: relu_f16 is float16 [4,5] ({half.dtype} {half.shape})")
    want = np.take(table, idx, axis=0)
    ok &= check(gathered.dtype == np.int64 and gathered.shape == want.shape,
                f"{tag}: gathered is int64 {list(want.shape)} ({gathered.dtype} {gathered.shape})")
    if not ok:
        return
    ref = np.maximum(X.astype(np.float64) @ W.astype(np.float64) + B, 0.0)
    # rtol 1e-6 relative to the magnitude of the summed terms (ORT's and numpy's summation
    # orders differ; near-cancelling sums have no meaningful relative error of their own).
    scale = np.abs(X.astype(np.float64)) @ np.abs(W.astype(np.float64)) + np.abs(B)
    err = np.abs(relu.astype(np.float64) - ref)
    check(bool(np.all(err <= 1e-6 * scale)),
          f"{tag}: f32 MatMul+Add+Relu within rtol 1e-6 of numpy (max err/scale {np.max(err / scale):.3g})")
    check(bool((relu == 0).sum() > 0 and (relu > 0).sum() > 0), f"{tag}: relu output has zeros and positives")
    check(np.array_equal(half.view(np.uint16), relu.astype(np.float16).view(np.uint16)),
          f"{tag}: Cast f32->f16 equals numpy's astype(float16) bit for bit")
    check(np.array_equal(gathered, want), f"{tag}: int64 Gather exact")


NP_TO_ONNX = {np.dtype(k): v for k, v in [
    ("float32", TensorProto.FLOAT), ("float64", TensorProto.DOUBLE), ("float16", TensorProto.FLOAT16),
    ("int64", TensorProto.INT64), ("int32", TensorProto.INT32), ("int16", TensorProto.INT16),
    ("int8", TensorProto.INT8), ("uint8", TensorProto.UINT8), ("uint16", TensorProto.UINT16),
    ("uint32", TensorProto.UINT32), ("uint64", TensorProto.UINT64), ("bool", TensorProto.BOOL)]}


def identity_model(path, specs):
    nodes, ins, outs = [], [], []
    for name, arr in specs:
        et = NP_TO_ONNX[arr.dtype.newbyteorder("=")]
        nodes.append(helper.make_node("Identity", [name], [name + "_out"]))
        ins.append(helper.make_tensor_value_info(name, et, list(arr.shape)))
        outs.append(helper.make_tensor_value_info(name + "_out", et, list(arr.shape)))
    save_model(helper.make_graph(nodes, "kiln_ort_identity", ins, outs), path)


def main():
    if not os.path.isdir(os.path.join(ROOT, "tools", "ort", "node_modules", "onnxruntime-node")):
        print("ort harness: onnxruntime-node is not installed; run scripts/install-ort.sh")
        return 1
    rng = np.random.default_rng(20240607)
    with tempfile.TemporaryDirectory(prefix="kiln-ort-") as tmp:
        T = lambda *p: os.path.join(tmp, *p)

        # ---- 1. MatMul + Add + Relu, Cast to f16, int64 Gather --------------------------------
        mlp = T("mlp.onnx")
        mlp_model(mlp)
        X = rng.standard_normal((4, 8), dtype=np.float32)
        W = rng.standard_normal((8, 5), dtype=np.float32)
        B = rng.standard_normal(5, dtype=np.float32)
        table = rng.integers(-(2**62), 2**62, size=(10, 3), dtype=np.int64)
        table[0, 0], table[1, 1] = np.iinfo(np.int64).min, np.iinfo(np.int64).max
        idx = np.array([3, 0, 9, -1, 1, 3, -10], dtype=np.int64)
        for n, a in [("X", X), ("W", W), ("B", B), ("table", table), ("idx", idx)]:
            np.save(T(n + ".npy"), a)
        mlp_inputs = [(n, T(n + ".npy")) for n in ["X", "W", "B", "table", "idx"]]
        p = run_ort(mlp, mlp_inputs, T("out1"))
        if check(p.returncode == 0, f"mlp run exits 0 (stderr: {p.stderr.strip()})"):
            check_mlp_outputs(T("out1"), X, W, B, table, idx, "mlp")

        # ---- 3. threads, repeat, json -------------------------------------------------------
        p = run_ort(mlp, mlp_inputs, T("out2"), "--threads", "2", "--repeat", "20", "--json", T("timing.json"))
        if check(p.returncode == 0, f"mlp --threads 2 --repeat 20 exits 0 (stderr: {p.stderr.strip()})"):
            check_mlp_outputs(T("out2"), X, W, B, table, idx, "mlp threads=2")
            with open(T("timing.json")) as f:
                timing = json.load(f)
            need = ["median_ms", "mean_ms", "min_ms", "max_ms", "times_ms", "load_ms", "threads", "repeat"]
            check(all(k in timing for k in need), f"timing JSON has {need} (got {sorted(timing)})")
            check(timing.get("repeat") == 20 and len(timing.get("times_ms", [])) == 20 and timing.get("threads") == 2,
                  "timing JSON: 20 timed runs, 2 threads")
            check(0 < timing.get("min_ms", 0) <= timing.get("median_ms", 0) <= timing.get("max_ms", 0),
                  "timing JSON: 0 < min <= median <= max")
            check("median" in p.stdout and "mean" in p.stdout, "--repeat prints median and mean")
            line = [l for l in p.stdout.splitlines() if "median" in l]
            print("ort harness: mlp timing:", line[0].split(": ", 1)[1] if line else "?")

        # ---- 2. every dtype through Identity; npy versions 1, 2, 3; big-endian; 0-d; empty ----
        specs = [
            ("f32", rng.standard_normal((2, 3), dtype=np.float32), (1, 0)),
            ("f64", rng.standard_normal((3, 1, 2)), (2, 0)),
            ("f16", np.array([0.0, -0.0, 1.0, 65504.0, 6e-8, -np.inf, np.nan, 0.333], dtype=np.float16), (3, 0)),
            ("i64", np.array([[np.iinfo(np.int64).min, -1], [0, np.iinfo(np.int64).max]], dtype=np.int64), (1, 0)),
            ("i32", rng.integers(-(2**31), 2**31, size=(5,), dtype=np.int32), (1, 0)),
            ("i16", rng.integers(-(2**15), 2**15, size=(2, 2), dtype=np.int16), (2, 0)),
            ("i8", np.array([-128, -1, 0, 127], dtype=np.int8), (1, 0)),
            ("u8", np.arange(256, dtype=np.uint8).reshape(16, 16), (1, 0)),
            ("u16", np.array([0, 1, 65535], dtype=np.uint16), (1, 0)),
            ("u32", np.array([0, 2**32 - 1, 12345], dtype=np.uint32), (3, 0)),
            ("u64", np.array([0, 2**64 - 1, 2**63, 7], dtype=np.uint64), (1, 0)),
            ("b1", np.array([[True, False, True], [False, False, True]]), (1, 0)),
            ("scalar", np.array(3.5, dtype=np.float32), (1, 0)),
            ("empty", np.zeros((0, 3), dtype=np.float32), (1, 0)),
            ("bigend", np.array([1, -2, 2**30, -(2**31)], dtype=">i4"), (1, 0)),
            ("bigend_f8", np.array([1.5, -2.25e300], dtype=">f8"), (1, 0)),
        ]
        ident = T("ident.onnx")
        identity_model(ident, [(n, a) for n, a, _ in specs])
        id_inputs = []
        for n, a, ver in specs:
            with open(T(f"id_{n}.npy"), "wb") as f:
                np.lib.format.write_array(f, a, version=ver)
            id_inputs.append((n, T(f"id_{n}.npy")))
        p = run_ort(ident, id_inputs, T("out3"))
        if check(p.returncode == 0, f"identity run exits 0 (stderr: {p.stderr.strip()})"):
            for n, a, ver in specs:
                got = np.load(T("out3", n + "_out.npy"))
                want = a.astype(a.dtype.newbyteorder("<")) if a.dtype.itemsize > 1 else a
                check(got.dtype == want.dtype and got.shape == want.shape and got.tobytes() == want.tobytes(),
                      f"identity {n} (npy v{ver[0]}): {want.dtype.str} {want.shape} round-trips bit for bit "
                      f"(got {got.dtype.str} {got.shape})")
                with open(T("out3", n + "_out.npy"), "rb") as f:
                    head = f.read(10)
                    hlen = int.from_bytes(head[8:10], "little")
                check(head[6] == 1 and (10 + hlen) % 64 == 0, f"identity {n}: written as npy 1.0, data 64-byte aligned")

        # ---- 4. errors ---------------------------------------------------------------------
        np.save(T("X_bad_shape.npy"), rng.standard_normal((4, 7), dtype=np.float32))
        np.save(T("X_f64.npy"), X.astype(np.float64))
        np.save(T("X_fortran.npy"), np.asfortranarray(X))
        with open(T("not_npy.npy"), "wb") as f:
            f.write(b"hello, not a numpy file")
        opset6 = T("opset6.onnx")
        g6 = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "old",
                               [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
                               [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
        m6 = helper.make_model(g6, opset_imports=[helper.make_opsetid("", 6)])
        m6.ir_version = 3
        onnx.save(m6, opset6)
        np.save(T("x2.npy"), np.ones(2, dtype=np.float32))

        def with_input(name, file):
            return [(n, file if n == name else f) for n, f in mlp_inputs]

        cases = [
            ("missing input file", mlp, with_input("X", T("nope.npy")), ["nope.npy", "no such file"]),
            ("wrong input name", mlp, mlp_inputs + [("Z", T("X.npy"))], ["no input 'Z'", "'X'"]),
            ("wrong input shape", mlp, with_input("X", T("X_bad_shape.npy")), ["input 'X'", "shape", "7 != 8"]),
            ("wrong input dtype", mlp, with_input("X", T("X_f64.npy")), ["input 'X'", "float32", "float64"]),
            ("missing input", mlp, mlp_inputs[:-1], ["missing --input", "'idx'"]),
            ("input given twice", mlp, mlp_inputs + [("X", T("X.npy"))], ["'X'", "twice"]),
            ("Fortran order", mlp, with_input("X", T("X_fortran.npy")), ["Fortran"]),
            ("not a .npy file", mlp, with_input("X", T("not_npy.npy")), ["not a .npy file"]),
            ("opset below 7", opset6, [("x", T("x2.npy"))], ["opset 6", "7"]),
            ("missing model", T("nope.onnx"), mlp_inputs, ["model not found"]),
        ]
        for what, model, inputs, needles in cases:
            p = run_ort(model, inputs, T("out_err"))
            msg = p.stderr.strip()
            check(p.returncode == 1 and all(s in msg for s in needles) and "internal error" not in msg,
                  f"error '{what}': exit 1 with a clear message (rc {p.returncode}, stderr: {msg!r})")
            if VERBOSE:
                print(f"   {what}: {msg}")

    if failures:
        print(f"ort harness: FAILED ({len(failures)} checks)")
        return 1
    print("ort harness: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
