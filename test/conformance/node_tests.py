#!/usr/bin/python3
"""Importer conformance on the ONNX backend node tests (Debian's libonnx-testdata).

Every directory under the node test data holds a model.onnx with a few nodes.
A test is "supported" when every node of its main graph is in the default ONNX
domain and its op type is an op of Kiln's onnx dialect (the mnemonics of the
`def Onnx_...Op : ...<"Name"` records in OnnxOps.td, except the internal
NoValue). Supported tests are imported with `kiln-translate --import-onnx`;
the others are skipped and counted.

Output: one line per failed import (test name and the first error line), a
per-op table (imported / total supported tests that contain the op) and
  conformance: imported N of M supported node tests (K skipped: unsupported ops)
Exit status 1 if any supported test failed to import (unless --allow-fail),
2 on a usage problem (missing kiln-translate, .td or data).

  /usr/bin/python3 node_tests.py --kiln-translate build/bin/kiln-translate \
      --td dialects/onnx/IR/OnnxOps.td [--data DIR] [--jobs N] [--verbose]
  /usr/bin/python3 node_tests.py --td dialects/onnx/IR/OnnxOps.td --list-unsupported
"""

import argparse
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

import onnx

DEFAULT_DATA = "/usr/share/libonnx-testdata/data/node"
TIMEOUT_S = 60
DEFAULT_DOMAINS = ("", "ai.onnx")
INTERNAL_OPS = {"NoValue"}
OP_DEF = re.compile(r'^def\s+Onnx_\w+\s*:\s*\w+\s*<\s*"(\w+)"', re.MULTILINE)


def supported_ops(td_path):
    with open(td_path, encoding="utf-8") as f:
        ops = set(OP_DEF.findall(f.read())) - INTERNAL_OPS
    if not ops:
        sys.exit(f"node_tests: no op definitions found in {td_path}")
    return ops


def op_name(node):
    if node.domain in DEFAULT_DOMAINS:
        return node.op_type
    return f"{node.domain}::{node.op_type}"


# Tests whose output shape is the *value* of a graph input (the window
# functions take their length as an input): Kiln compiles static shapes only,
# so these cannot be imported without fixing that value. See docs/dialects/onnx.md.
DATA_DEPENDENT_SHAPES = {
    "test_blackmanwindow_expanded", "test_blackmanwindow_symmetric_expanded",
    "test_hammingwindow_expanded", "test_hammingwindow_symmetric_expanded",
    "test_hannwindow_expanded", "test_hannwindow_symmetric_expanded",
}


def unsupported_types(model):
    """Pseudo-op names for graph values Kiln has no type for (strings,
    sequences, optionals, maps)."""
    found = set()
    for vi in list(model.graph.input) + list(model.graph.output):
        kind = vi.type.WhichOneof("value")
        if kind != "tensor_type":
            found.add(f"<{kind}>")
        elif vi.type.tensor_type.elem_type == onnx.TensorProto.STRING:
            found.add("<string tensor>")
    for node in model.graph.node:
        for attr in node.attribute:
            if attr.name == "to" and attr.i == onnx.TensorProto.STRING:
                found.add("<string tensor>")
    return found


def collect_tests(data_dir):
    """Returns [(test name, model path, sorted op names)] for every test.
    Unsupported value types and data-dependent output shapes appear as
    pseudo-ops in angle brackets so they are skipped and counted."""
    tests = []
    for name in sorted(os.listdir(data_dir)):
        model_path = os.path.join(data_dir, name, "model.onnx")
        if not os.path.isfile(model_path):
            continue
        model = onnx.load(model_path, load_external_data=False)
        ops = {op_name(n) for n in model.graph.node} | unsupported_types(model)
        if name in DATA_DEPENDENT_SHAPES:
            ops.add("<data-dependent output shape>")
        tests.append((name, model_path, sorted(ops)))
    return tests


def first_error_line(text):
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    errors = [l for l in lines if "error" in l.lower()]
    return (errors or lines or ["(no output)"])[0]


def import_model(tool, model_path, out_path):
    """Runs the importer; returns None on success or a one-line reason."""
    try:
        proc = subprocess.run(
            [tool, "--import-onnx", model_path, "-o", out_path],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return f"timeout after {TIMEOUT_S} s"
    except OSError as e:
        return f"cannot run {tool}: {e.strerror}"
    output = proc.stdout.decode("utf-8", errors="replace")
    if proc.returncode < 0:
        return f"killed by signal {-proc.returncode}: {first_error_line(output)}"
    if proc.returncode != 0:
        return first_error_line(output)
    if not os.path.isfile(out_path) or os.path.getsize(out_path) == 0:
        return "exit status 0 but no output written"
    return None


def run_imports(tool, tests, jobs, verbose):
    """Imports every test in parallel; returns {test name: reason or None}."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="kiln-node-tests-") as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {
            pool.submit(import_model, tool, path,
                        os.path.join(tmp, name + ".mlir")): name
            for name, path, _ in tests}
        for future in concurrent.futures.as_completed(futures):
            name = futures[future]
            results[name] = future.result()
            if verbose:
                print(f"{'FAIL' if results[name] else 'ok  '} {name}",
                      flush=True)
    return results


def print_unsupported(unsupported_tests, supported):
    counts = collections.Counter(
        op for _, _, ops in unsupported_tests for op in ops
        if op not in supported)
    print(f"{len(counts)} unsupported op types in "
          f"{len(unsupported_tests)} tests (tests containing each):")
    for op, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {op:40s} {n}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiln-translate", help="path to kiln-translate")
    parser.add_argument("--td", required=True, help="path to OnnxOps.td")
    parser.add_argument("--data", default=DEFAULT_DATA,
                        help=f"node test directory (default {DEFAULT_DATA})")
    parser.add_argument("--jobs", type=int, default=2,
                        help="parallel imports (default 2)")
    parser.add_argument("--filter", default="",
                        help="only tests whose name matches this regex")
    parser.add_argument("--verbose", action="store_true",
                        help="print every test's result as it finishes")
    parser.add_argument("--allow-fail", action="store_true",
                        help="exit 0 even if supported tests fail to import")
    parser.add_argument("--list-unsupported", action="store_true",
                        help="only list unsupported op types with counts")
    args = parser.parse_args()

    if not os.path.isdir(args.data):
        print(f"node_tests: no test data at {args.data} "
              "(install libonnx-testdata)", file=sys.stderr)
        return 2
    supported = supported_ops(args.td)
    pattern = re.compile(args.filter)
    tests = [t for t in collect_tests(args.data) if pattern.search(t[0])]
    runnable = [t for t in tests if all(op in supported for op in t[2])]
    skipped = [t for t in tests if t not in runnable]

    if args.list_unsupported:
        print(f"{len(supported)} ops in {args.td}; {len(runnable)} of "
              f"{len(tests)} node tests use only supported ops")
        print_unsupported(skipped, supported)
        return 0

    tool = args.kiln_translate
    if not tool or not (os.path.isfile(tool) and os.access(tool, os.X_OK)):
        print(f"node_tests: kiln-translate not found or not executable: "
              f"{tool!r} (use --kiln-translate PATH)", file=sys.stderr)
        return 2

    results = run_imports(tool, runnable, max(1, args.jobs), args.verbose)

    failures = sorted((n, r) for n, r in results.items() if r)
    for name, reason in failures:
        print(f"FAIL {name}: {reason}")

    per_op = collections.defaultdict(lambda: [0, 0])
    for name, _, ops in runnable:
        for op in ops:
            per_op[op][1] += 1
            per_op[op][0] += results[name] is None
    print(f"\n{'op':24s} imported/total")
    for op in sorted(per_op):
        ok, total = per_op[op]
        print(f"{op:24s} {ok}/{total}{'' if ok == total else '  <--'}")

    imported = len(runnable) - len(failures)
    print(f"\nconformance: imported {imported} of {len(runnable)} supported "
          f"node tests ({len(skipped)} skipped: unsupported ops or types)")
    return 1 if failures and not args.allow_fail else 0


if __name__ == "__main__":
    sys.exit(main())
