#!/usr/bin/python3
"""Builds the small ONNX models the importer's lit tests read.

Usage: /usr/bin/python3 make_models.py OUTDIR

Every model is written with onnx.helper, static shapes (except dynamic.onnx)
and fixed values or a fixed seed, so the files are the same on every run.
The malformed fixtures (truncated, garbage, type_error, opset1_bad,
external_missing) are checked here to fail the way the tests expect, so a
change in libonnx shows up as an error of this script, not as a confusing
test result.

  add_mul.onnx           (x + y) * w, w = [[1,2,3],[4,5,6]]; output "out:0"
  initializer_big.onnx   MatMul with a 64x64 f32 initializer (a resource blob)
  opset9.onnx            opset 9 Unsqueeze(axes attr)/Relu/Reshape: the
                         version converter must upgrade it to opset 13
  opset1_bad.onnx        opset 1 Pad: libonnx 1.12 has no Pad 1->2 adapter
  dynamic.onnx           Relu on ["batch", 4]
  unsupported.onnx       NonZero 'nz', com.microsoft FusedMatMul 'fm', Relu
  control_flow.onnx      an If node
  external_data.onnx     weights in external_data.onnx.data
  external_missing.onnx  weights in a file that does not exist
  truncated.onnx         first half of add_mul.onnx's bytes
  garbage.onnx           random bytes
  type_error.onnx        Add(f32, i64): rejected by type-checking inference
  constants.onnx         Constant value_float/value_ints/value and a
                         Shape->Gather->Concat->Reshape chain to fold
  dropout.onnx           inference Dropout -> Relu
  dropout_train.onnx     Dropout with training_mode = true -> Relu
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper, version_converter

F32 = TensorProto.FLOAT
I64 = TensorProto.INT64


def tensor_info(name, elem_type, shape):
    return helper.make_tensor_value_info(name, elem_type, shape)


def make_model(nodes, inputs, outputs, initializers=(), opset=17,
               extra_opsets=(), name="g"):
    graph = helper.make_graph(nodes, name, inputs, outputs,
                              initializer=list(initializers))
    opsets = [helper.make_opsetid("", opset)] + list(extra_opsets)
    return helper.make_model(graph, opset_imports=opsets,
                             producer_name="kiln-make_models")


def save_checked(model, path):
    """Saves a model that must be valid (checker + type-checking inference)."""
    onnx.checker.check_model(model, full_check=True)
    onnx.save_model(model, path)


def expect_failure(what, fn):
    try:
        fn()
    except Exception:  # libonnx raises several exception types
        return
    sys.exit(f"make_models: {what} unexpectedly succeeded")


def add_mul():
    w = numpy_helper.from_array(
        np.arange(1, 7, dtype=np.float32).reshape(2, 3), "w")
    nodes = [helper.make_node("Add", ["x", "y"], ["sum"], name="add"),
             helper.make_node("Mul", ["sum", "w"], ["out:0"], name="mul")]
    return make_model(nodes,
                      [tensor_info("x", F32, [2, 3]),
                       tensor_info("y", F32, [2, 3])],
                      [tensor_info("out:0", F32, [2, 3])], [w])


def initializer_big():
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(
        rng.standard_normal((64, 64)).astype(np.float32), "w")
    nodes = [helper.make_node("MatMul", ["x", "w"], ["y"], name="matmul")]
    return make_model(nodes, [tensor_info("x", F32, [1, 64])],
                      [tensor_info("y", F32, [1, 64])], [w])


def opset9():
    shape = numpy_helper.from_array(np.array([3, 2], dtype=np.int64), "shape")
    nodes = [helper.make_node("Relu", ["x"], ["r"], name="relu"),
             helper.make_node("Reshape", ["r", "shape"], ["s"], name="reshape"),
             helper.make_node("Unsqueeze", ["s"], ["y"], name="unsqueeze",
                              axes=[0])]
    model = make_model(nodes, [tensor_info("x", F32, [2, 3])],
                       [tensor_info("y", F32, [1, 3, 2])], [shape], opset=9)
    version_converter.convert_version(model, 13)  # must succeed
    return model


def opset1_bad():
    # Pad (which Kiln supports) at opset 1 takes `paddings`; libonnx 1.12 has
    # no adapter from Pad-1, so conversion to opset 13 fails.
    nodes = [helper.make_node("Pad", ["x"], ["y"], name="pad",
                              paddings=[0, 1, 0, 1])]
    model = make_model(nodes, [tensor_info("x", F32, [2, 3])],
                       [tensor_info("y", F32, [2, 5])], opset=1)
    model.ir_version = 3
    expect_failure("converting opset1_bad.onnx to opset 13",
                   lambda: version_converter.convert_version(model, 13))
    return model


def dynamic():
    nodes = [helper.make_node("Relu", ["x"], ["y"], name="relu")]
    return make_model(nodes, [tensor_info("x", F32, ["batch", 4])],
                      [tensor_info("y", F32, ["batch", 4])])


def unsupported():
    nodes = [helper.make_node("Relu", ["x"], ["r"], name="relu"),
             helper.make_node("NonZero", ["r"], ["idx"], name="nz"),
             helper.make_node("FusedMatMul", ["a", "b"], ["mm"], name="fm",
                              domain="com.microsoft", alpha=1.0)]
    return make_model(nodes,
                      [tensor_info("x", F32, [2, 3]),
                       tensor_info("a", F32, [2, 3]),
                       tensor_info("b", F32, [3, 4])],
                      [tensor_info("idx", I64, [2, None]),
                       tensor_info("mm", F32, [2, 4])],
                      extra_opsets=[helper.make_opsetid("com.microsoft", 1)])


def control_flow():
    then_graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["t"], name="then_relu")], "then",
        [], [tensor_info("t", F32, [2, 3])])
    else_graph = helper.make_graph(
        [helper.make_node("Neg", ["x"], ["e"], name="else_neg")], "else",
        [], [tensor_info("e", F32, [2, 3])])
    nodes = [helper.make_node("If", ["cond"], ["y"], name="if",
                              then_branch=then_graph, else_branch=else_graph)]
    return make_model(nodes,
                      [tensor_info("cond", TensorProto.BOOL, []),
                       tensor_info("x", F32, [2, 3])],
                      [tensor_info("y", F32, [2, 3])])


def external_missing():
    model = initializer_big()
    weight = model.graph.initializer[0]
    nbytes = len(weight.raw_data)
    weight.ClearField("raw_data")
    weight.data_location = TensorProto.EXTERNAL
    for key, value in (("location", "does_not_exist.data"), ("offset", "0"),
                       ("length", str(nbytes))):
        entry = weight.external_data.add()
        entry.key, entry.value = key, value
    return model


def type_error():
    nodes = [helper.make_node("Add", ["x", "y"], ["z"], name="add")]
    model = make_model(nodes,
                       [tensor_info("x", F32, [2, 3]),
                        tensor_info("y", I64, [2, 3])],
                       [tensor_info("z", F32, [2, 3])])
    # The plain checker accepts it; type-checking shape inference does not.
    expect_failure("type-checking type_error.onnx",
                   lambda: onnx.shape_inference.infer_shapes(
                       model, check_type=True, strict_mode=True))
    return model


def constants():
    # [1,2,3,4] -> Reshape to Concat(Shape(x)[0:1], [-1]) = [1,24], then * 2.
    nodes = [
        helper.make_node("Constant", [], ["idx"], name="c_idx",
                         value=numpy_helper.from_array(
                             np.array([0], dtype=np.int64))),
        helper.make_node("Constant", [], ["rest"], name="c_rest",
                         value_ints=[-1]),
        helper.make_node("Constant", [], ["two"], name="c_two",
                         value_float=2.0),
        helper.make_node("Shape", ["x"], ["shape"], name="shape"),
        helper.make_node("Gather", ["shape", "idx"], ["batch"], name="gather",
                         axis=0),
        helper.make_node("Concat", ["batch", "rest"], ["new_shape"],
                         name="concat", axis=0),
        helper.make_node("Reshape", ["x", "new_shape"], ["flat"],
                         name="reshape"),
        helper.make_node("Mul", ["flat", "two"], ["y"], name="scale"),
    ]
    return make_model(nodes, [tensor_info("x", F32, [1, 2, 3, 4])],
                      [tensor_info("y", F32, [1, 24])])


def dropout(training):
    ratio = numpy_helper.from_array(np.array(0.25, dtype=np.float32), "ratio")
    inits = [ratio]
    inputs = ["x", "ratio"]
    outputs = [tensor_info("y", F32, [2, 8])]
    drop_outs = ["d"]
    attrs = {}
    if training:
        inits.append(numpy_helper.from_array(np.array(True), "training_mode"))
        inputs.append("training_mode")
        drop_outs.append("mask")
        outputs.append(tensor_info("mask", TensorProto.BOOL, [2, 8]))
        attrs["seed"] = 0
    nodes = [helper.make_node("Dropout", inputs, drop_outs, name="dropout",
                              **attrs),
             helper.make_node("Relu", ["d"], ["y"], name="relu")]
    return make_model(nodes, [tensor_info("x", F32, [2, 8])], outputs, inits)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    def path(name):
        return os.path.join(out, name)

    for name, build in (("add_mul", add_mul),
                        ("initializer_big", initializer_big),
                        ("dynamic", dynamic),
                        ("control_flow", control_flow),
                        ("constants", constants),
                        ("dropout", lambda: dropout(False)),
                        ("dropout_train", lambda: dropout(True))):
        save_checked(build(), path(name + ".onnx"))

    # Valid protobuf, but rejected later (conversion, op support, checks);
    # they are not passed through the full checker on purpose.
    for name, build in (("opset9", opset9), ("opset1_bad", opset1_bad),
                        ("unsupported", unsupported),
                        ("external_missing", external_missing),
                        ("type_error", type_error)):
        onnx.save_model(build(), path(name + ".onnx"))

    data_name = "external_data.onnx.data"
    if os.path.exists(path(data_name)):
        os.remove(path(data_name))  # onnx appends to an existing data file
    onnx.save_model(initializer_big(), path("external_data.onnx"),
                    save_as_external_data=True, all_tensors_to_one_file=True,
                    location=data_name, size_threshold=0)
    onnx.checker.check_model(path("external_data.onnx"))

    with open(path("add_mul.onnx"), "rb") as f:
        whole = f.read()
    truncated = whole[:len(whole) // 2]
    expect_failure("parsing truncated.onnx",
                   lambda: onnx.load_model_from_string(truncated))
    garbage = np.random.default_rng(0).integers(
        0, 256, size=256, dtype=np.uint8).tobytes()
    expect_failure("parsing garbage.onnx",
                   lambda: onnx.load_model_from_string(garbage))
    for name, data in (("truncated.onnx", truncated),
                       ("garbage.onnx", garbage)):
        with open(path(name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
