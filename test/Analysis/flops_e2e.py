"""kiln-count-flops on an imported model (canonicalized and CSE'd as the host
target's pipeline does) gives the total that kiln-run --stats reports for the
same model compiled with --target=host."""
import argparse, json, os, subprocess, sys
import numpy as np
import onnx

p = argparse.ArgumentParser()
p.add_argument("--bin", required=True)
p.add_argument("--model", required=True)
p.add_argument("--work", required=True)
a = p.parse_args()
os.makedirs(os.path.join(a.work, "out"), exist_ok=True)
tool = lambda n: os.path.join(a.bin, n)
name = os.path.splitext(os.path.basename(a.model))[0]
mlir = os.path.join(a.work, name + ".mlir")
report = os.path.join(a.work, name + ".flops.json")
kbin = os.path.join(a.work, name + ".kbin")
stats = os.path.join(a.work, name + ".stats.json")

subprocess.run([tool("kiln-translate"), "--import-onnx", a.model, "-o", mlir], check=True)
subprocess.run([tool("kiln-opt"), mlir, "--canonicalize", "--cse",
                "--kiln-count-flops=output=" + report, "-o", os.devnull], check=True)
subprocess.run([tool("kiln-compile"), a.model, "--target=host", "-o", kbin], check=True)

m = onnx.load(a.model)
inits = {i.name for i in m.graph.initializer}
rng = np.random.RandomState(0)
args = []
for inp in m.graph.input:
    if inp.name in inits:
        continue
    shape = [d.dim_value for d in inp.type.tensor_type.shape.dim]
    dtype = onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[inp.type.tensor_type.elem_type]
    path = os.path.join(a.work, "in_%s.npy" % len(args))
    np.save(path, rng.rand(*shape).astype(dtype))
    args += ["--input", "%s=%s" % (inp.name, path)]
subprocess.run([tool("kiln-run"), kbin, *args, "--stats", stats,
                "--output-dir", os.path.join(a.work, "out"), "--quiet"], check=True)

analysis = json.load(open(report))["flops"]
ran = json.load(open(stats))["flops"]
print("%s: analysis %d, kiln-run %d: %s" % (name, analysis, ran,
                                          "OK" if analysis == ran else "MISMATCH"))
sys.exit(0 if analysis == ran else 1)
