#!/usr/bin/python3
"""Numerical conformance: compile and run the ONNX backend node tests.

For every node test whose ops and types Kiln supports (the selection of
node_tests.py), this script runs

    kiln-compile model.onnx --target=host -o model.kbin
    kiln-run model.kbin --input <name>=test_data_set_K/input_N.pb ... --output-format pb

and compares each output with test_data_set_K/output_N.pb at the ONNX
backend-test tolerances (rtol 1e-3, atol 1e-7; integers and bools exactly,
NaN matching NaN). It prints one line per failure, passed/total per op and
a final line

    node tests: passed N of M run (K skipped: unsupported ops or types)

Exit status 1 if any test failed, unless --allow-fail. Tests listed in
KNOWN_FAILURES (with their reason, kept in docs/targets/host.md) count as
expected failures and are reported separately.

Usage: /usr/bin/python3 run_node_tests.py --bin BUILD/bin --td OnnxOps.td
       [--data DIR] [--jobs N] [--filter REGEX] [--verbose] [--allow-fail]
"""

import argparse
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import node_tests  # noqa: E402

TIMEOUT_S = 120
RTOL, ATOL = 1e-3, 1e-7

# Tests that cannot pass with a reason (see docs/targets/host.md).
KNOWN_FAILURES = {
    "test_cast_FLOAT_to_BFLOAT16":
        "the 1.12 test data converts float to bfloat16 by truncating the low "
        "16 bits; Kiln rounds to nearest even, as onnxruntime does",
    **{name: "the test data feeds input 'like' as shape [1] while the model "
             "declares [3, 4]; Kiln compiles for the declared static shape"
       for name in ("test_castlike_BFLOAT16_to_FLOAT",
                    "test_castlike_BFLOAT16_to_FLOAT_expanded",
                    "test_castlike_FLOAT_to_BFLOAT16",
                    "test_castlike_FLOAT_to_BFLOAT16_expanded")},
}


def run(cmd, cwd=None):
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=TIMEOUT_S, check=False, cwd=cwd)
    except subprocess.TimeoutExpired:
        return 124, f"timeout after {TIMEOUT_S} s"
    out = proc.stdout.decode("utf-8", errors="replace")
    if proc.returncode < 0:
        return proc.returncode, f"killed by signal {-proc.returncode}: {out.strip()[:300]}"
    return proc.returncode, out


def compare(expected, actual):
    """None when equal within tolerance, else a short reason."""
    if expected.shape != actual.shape:
        return f"shape {actual.shape} != expected {expected.shape}"
    if expected.dtype != actual.dtype:
        return f"dtype {actual.dtype} != expected {expected.dtype}"
    if expected.dtype.kind in "biu":
        bad = np.flatnonzero(expected != actual)
        if bad.size:
            i = bad[0]
            return (f"{bad.size} of {expected.size} elements differ, first at flat "
                    f"{i}: {actual.flat[i]} != {expected.flat[i]}")
        return None
    e = expected.astype(np.float64)
    a = actual.astype(np.float64)
    both_nan = np.isnan(e) & np.isnan(a)
    ok = both_nan | (np.abs(a - e) <= ATOL + RTOL * np.abs(e))
    ok |= (e == a)  # infinities
    if not ok.all():
        bad = np.flatnonzero(~ok)
        i = bad[0]
        return (f"{bad.size} of {e.size} elements outside rtol {RTOL}, first at "
                f"flat {i}: {a.flat[i]} != expected {e.flat[i]}")
    return None


def run_test(bindir, name, model_path, tmp):
    """Returns None on success or a one-line reason."""
    work = os.path.join(tmp, name)
    os.makedirs(work, exist_ok=True)
    kbin = os.path.join(work, "model.kbin")
    code, out = run([os.path.join(bindir, "kiln-compile"), model_path,
                     "--target=host", "-o", kbin])
    if code != 0:
        return "compile: " + node_tests.first_error_line(out)
    model = onnx.load(model_path, load_external_data=False)
    initializers = {t.name for t in model.graph.initializer}
    inputs = [vi.name for vi in model.graph.input if vi.name not in initializers]
    outputs = [vi.name for vi in model.graph.output]
    test_dir = os.path.dirname(model_path)
    sets = sorted(d for d in os.listdir(test_dir) if d.startswith("test_data_set"))
    if not sets:
        return "no test_data_set"
    for data_set in sets:
        data = os.path.join(test_dir, data_set)
        args = [os.path.join(bindir, "kiln-run"), kbin, "--output-format", "pb",
                "--output-dir", work, "--quiet"]
        for i, input_name in enumerate(inputs):
            pb = os.path.join(data, f"input_{i}.pb")
            if os.path.isfile(pb):
                args += ["--input", f"{input_name}={pb}"]
        code, out = run(args)
        if code != 0:
            return f"run ({data_set}): " + node_tests.first_error_line(out)
        for i, output_name in enumerate(outputs):
            expected_pb = os.path.join(data, f"output_{i}.pb")
            if not os.path.isfile(expected_pb):
                continue
            expected = numpy_helper.to_array(onnx.load_tensor(expected_pb))
            got_path = os.path.join(
                work, re.sub(r"[^A-Za-z0-9_.-]", "_", output_name) + ".pb")
            if not os.path.isfile(got_path):
                return f"output '{output_name}' was not written"
            got = onnx.load_tensor(got_path)
            actual = numpy_helper.to_array(got)
            if (got.data_type == onnx.TensorProto.BFLOAT16
                    and expected.dtype == np.uint16):
                # The test data keeps bfloat16 as its uint16 bit pattern.
                actual = (actual.astype(np.float32).view(np.uint32) >> 16).astype(np.uint16)
            reason = compare(expected, actual)
            if reason:
                return f"output '{output_name}' ({data_set}): {reason}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="directory of kiln-compile and kiln-run")
    parser.add_argument("--td", required=True, help="dialects/onnx/IR/OnnxOps.td")
    parser.add_argument("--data", default=node_tests.DEFAULT_DATA)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--filter", default="")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--allow-fail", action="store_true")
    args = parser.parse_args()

    supported = node_tests.supported_ops(args.td)
    pattern = re.compile(args.filter)
    tests = [t for t in node_tests.collect_tests(args.data) if pattern.search(t[0])]
    runnable = [t for t in tests if all(op in supported for op in t[2])]
    skipped = len(tests) - len(runnable)

    results = {}
    # Tests run in parallel processes: one thread each.
    os.environ.setdefault("KILN_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    with tempfile.TemporaryDirectory(prefix="kiln-node-run-") as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(run_test, args.bin, name, path, tmp): name
                   for name, path, _ in runnable}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()

    failures = sorted((n, r) for n, r in results.items() if r and n not in KNOWN_FAILURES)
    expected_failures = sorted(n for n, r in results.items() if r and n in KNOWN_FAILURES)
    unexpected_passes = sorted(n for n, r in results.items() if not r and n in KNOWN_FAILURES)
    for name, reason in failures:
        print(f"FAIL {name}: {reason}")
    for name in expected_failures:
        print(f"XFAIL {name}: {KNOWN_FAILURES[name]}")
    for name in unexpected_passes:
        print(f"XPASS {name}: remove it from KNOWN_FAILURES")

    per_op = collections.defaultdict(lambda: [0, 0])
    for name, _, ops in runnable:
        for op in ops:
            per_op[op][1] += 1
            per_op[op][0] += results[name] is None
    if args.verbose or failures:
        print(f"\n{'op':24s} passed/run")
        for op in sorted(per_op):
            ok, total = per_op[op]
            print(f"{op:24s} {ok}/{total}{'' if ok == total else '  <--'}")
    passed = sum(1 for r in results.values() if r is None)
    print(f"\nnode tests: passed {passed} of {len(runnable)} run "
          f"({len(expected_failures)} known failures, {skipped} skipped: "
          f"unsupported ops or types)")
    return 1 if (failures or unexpected_passes) and not args.allow_fail else 0


if __name__ == "__main__":
    sys.exit(main())
