#!/usr/bin/python3
"""make demo: compile the bundled models and run them (host and lut-tc targets).

Usage: /usr/bin/python3 examples/demo.py BUILD_DIR

1. Fashion-MNIST: each classifier is compiled with kiln-compile and run by
   kiln-run over the whole 10k test set (--sweep); prints accuracy, work per
   image and time, beside the accuracy PyTorch measured when training.
2. The top-5 classes ResNet gives test image 0.
3. The byte-level decoder: a prompt goes through the prefill graph; the next
   byte comes from its logits, the one after from the decode-step graph with
   the KV cache prefill returned; then generation continues greedily.
4. The MLP on the LUT Tensor Core target at 4, 3, 2, 1 bits and ternary:
   accuracy on the test set and the simulated cycles and energy of one image
   beside the dequantize + FP16 tensor-core baseline.
"""
import json
import os
import subprocess
import sys

import numpy as np
import onnx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.path.join(ROOT, "examples", "models")
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
           "Shirt", "Sneaker", "Bag", "Ankle boot"]


def tool(build, name, *args, quiet=True):
    proc = subprocess.run([os.path.join(build, "bin", name), *args],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    if proc.returncode != 0:
        sys.exit(f"demo: {name} failed:\n{proc.stdout.decode(errors='replace')}")
    return proc.stdout.decode()


def metadata(path):
    return {p.key: p.value for p in onnx.load(path, load_external_data=False).metadata_props}


def classifiers(build, work):
    images = os.path.join(work, "fmnist_test_images.npy")
    if not os.path.isfile(images):
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "examples", "export_test_set.py"),
                        work], check=True, stdout=subprocess.DEVNULL)
    pixels = np.load(images)
    labels = np.load(os.path.join(work, "fmnist_test_labels.npy"))
    stack = os.path.join(work, "test_inputs.npy")
    np.save(stack, (pixels.astype(np.float32) / 255.0).reshape(-1, 1, 1, 28, 28))
    print(f"== Fashion-MNIST test set ({len(labels)} images): kiln-compile --target=host, "
          f"kiln-run --sweep")
    print(f"  {'model':10s} {'steps':>5s} {'MFLOP/img':>9s} {'ms/img':>7s} "
          f"{'accuracy':>8s} {'(PyTorch)':>9s}")
    for name in ("mlp", "resnet", "mobilenet", "vit"):
        onnx_path = os.path.join(MODELS, name + ".onnx")
        kbin = os.path.join(work, name + ".kbin")
        out = os.path.join(work, name)
        os.makedirs(out, exist_ok=True)
        tool(build, "kiln-compile", onnx_path, "--target=host", "-o", kbin)
        tool(build, "kiln-run", kbin, "--sweep", f"input={stack}", "--output-dir", out,
             "--quiet", "--stats", os.path.join(out, "stats.json"))
        stats = json.load(open(os.path.join(out, "stats.json")))
        logits = np.load(os.path.join(out, "logits.npy")).reshape(len(labels), -1)
        accuracy = float((logits.argmax(1) == labels).mean())
        steps = stats["program_steps"]
        torch_acc = float(metadata(onnx_path).get("kiln.test_accuracy", "nan"))
        print(f"  {name:10s} {steps:5d} {stats['flops'] / len(labels) / 1e6:9.2f} "
              f"{stats['seconds'] / len(labels) * 1e3:7.3f} {accuracy:8.2%} {torch_acc:9.2%}")
    logits = np.load(os.path.join(work, "resnet", "logits.npy")).reshape(len(labels), -1)[0]
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    top = np.argsort(-probs)[:5]
    print(f"\n== ResNet on test image 0 (true class: {CLASSES[labels[0]]}): top 5")
    for k in top:
        print(f"  {probs[k]:6.2%}  {CLASSES[k]}")


def decoder(build, work):
    prefill_onnx = os.path.join(MODELS, "decoder_prefill.onnx")
    decode_onnx = os.path.join(MODELS, "decoder_decode.onnx")
    meta = metadata(prefill_onnx)
    window = int(meta.get("kiln.prefill", "32"))
    prefill = os.path.join(work, "decoder_prefill.kbin")
    decode = os.path.join(work, "decoder_decode.kbin")
    tool(build, "kiln-compile", prefill_onnx, "--target=host", "-o", prefill)
    tool(build, "kiln-compile", decode_onnx, "--target=host", "-o", decode)
    layers = sum(1 for o in onnx.load(prefill_onnx, load_external_data=False).graph.output
                 if o.name.startswith("present_key_"))
    out = os.path.join(work, "decoder")
    os.makedirs(out, exist_ok=True)
    prompt = b"Q: What is the meaning of life?\n"[-window:].rjust(window)

    def run_prefill(context):
        tokens = os.path.join(out, "tokens.npy")
        np.save(tokens, np.frombuffer(context, np.uint8).astype(np.int64).reshape(1, -1))
        tool(build, "kiln-run", prefill, "--input", f"tokens={tokens}", "--output-dir", out,
             "--quiet")
        return np.load(os.path.join(out, "logits.npy"))[0, -1]

    # Prefill, then one decode step on the returned KV cache.
    text = bytearray(prompt)
    text.append(int(run_prefill(bytes(text[-window:])).argmax()))
    token = os.path.join(out, "token.npy")
    np.save(token, np.array([[text[-1]]], np.int64))
    args = ["--input", f"token={token}"]
    for l in range(layers):
        args += ["--input", f"past_key_{l}={out}/present_key_{l}.npy",
                 "--input", f"past_value_{l}={out}/present_value_{l}.npy"]
    step_dir = os.path.join(out, "step")
    os.makedirs(step_dir, exist_ok=True)
    tool(build, "kiln-run", decode, *args, "--output-dir", step_dir, "--quiet")
    text.append(int(np.load(os.path.join(step_dir, "logits.npy"))[0, -1].argmax()))
    # Continue greedily with a sliding prefill window.
    while len(text) < len(prompt) + 64:
        text.append(int(run_prefill(bytes(text[-window:])).argmax()))
        if text[-1] == 0:
            break
    print(f"\n== byte-level decoder ({meta.get('kiln.params')} params, held-out loss "
          f"{meta.get('kiln.held_out_loss')} nats/byte): greedy continuation")
    print("  prompt:    " + prompt.decode("latin-1").strip().replace("\n", "\\n"))
    print("  generated: " + text[len(prompt):].decode("latin-1", errors="replace")
          .replace("\n", "\\n"))


def lut_tc(build, work):
    """The MLP on the LUT Tensor Core target at each weight width: accuracy
    on the whole test set and the simulated cost of one image against the
    dequantize + FP16 tensor-core baseline."""
    labels = np.load(os.path.join(work, "fmnist_test_labels.npy"))
    stack = os.path.join(work, "test_inputs.npy")
    onnx_path = os.path.join(MODELS, "mlp.onnx")
    print(f"\n== MLP on the LUT Tensor Core simulator (kiln-compile --target=lut-tc "
          f"--lut-act=i8): {len(labels)} images")
    print(f"  {'weights':8s} {'accuracy':>8s} {'cycles/img':>10s} {'FP16 TC':>8s} "
          f"{'energy/img':>10s} {'vs FP16':>7s}")
    for bits in ("4", "3", "2", "1", "ternary"):
        kbin = os.path.join(work, f"mlp_lut_{bits}.kbin")
        out = os.path.join(work, f"mlp_lut_{bits}")
        os.makedirs(out, exist_ok=True)
        tool(build, "kiln-compile", onnx_path, "--target=lut-tc", f"--lut-bits={bits}",
             "--lut-act=i8", "-o", kbin)
        tool(build, "kiln-run", kbin, "--sweep", f"input={stack}", "--output-dir", out,
             "--quiet", "--stats", os.path.join(out, "stats.json"))
        device = json.load(open(os.path.join(out, "stats.json")))["device"]
        logits = np.load(os.path.join(out, "logits.npy")).reshape(len(labels), -1)
        accuracy = float((logits.argmax(1) == labels).mean())
        fp16 = device["baselines"]["dequant_fp16"]
        energy = device["energy_pj"]["total"]
        name = "W" + bits if bits != "ternary" else bits
        print(f"  {name:8s} {accuracy:8.2%} {device['cycles']:10.0f} {fp16['cycles']:8.0f} "
              f"{energy * 1e-6:8.1f}uJ {fp16['energy_pj'] / energy:6.2f}x")


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    work = os.path.join(build, "demo")
    os.makedirs(work, exist_ok=True)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    classifiers(build, work)
    decoder(build, work)
    lut_tc(build, work)


if __name__ == "__main__":
    main()
