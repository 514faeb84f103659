#!/usr/bin/python3
"""Writes the float reference of a model as Kiln's lut-tc target quantizes it.

Usage:
  /usr/bin/python3 examples/lut/export_dequantized.py MODEL.onnx OUT.onnx
      [--bits 1|2|3|4|ternary|none] [--group-size 128] [--act f16|i8|f32]
      [--lut-k 4] [--npz CODES.npz] [--quiet]
  /usr/bin/python3 examples/lut/export_dequantized.py --self-test

OUT.onnx is MODEL.onnx with, for every GEMM the lut-tc target offloads,
  * the constant weight replaced by its dequantized float32 values
    s * (q - z) (examples/lut/lutquant.py; --bits none keeps it), and
  * the activation entering the GEMM passed through ONNX ops that reproduce
    the activation rounding: --act f16: Cast to FLOAT16 and back; --act i8:
    s_a = ReduceMax(Abs(x), last axis, keepdims) / 127, 1 where it is 0,
    x' = Clip(Round(x / s_a), -127, 127) * s_a (ONNX Round is half-to-even);
    --act f32: nothing.
Everything else is unchanged. The result is checked with onnx.checker, and a
summary (the offloaded GEMMs, their shapes and group sizes, the GEMMs left on
the host and why) is printed. --npz writes the codes q, scales s and zero
points z of every offloaded GEMM (keys g<i>_q / g<i>_s / g<i>_z, g<i>_info).

Which GEMMs are offloaded (the selection of convert-onnx-to-lut, top-level
graph only; float32 activations):
  * MatMul whose second input B is a constant (an initializer, also one that
    is listed as a graph input, or the output of a Constant node) of rank 2
    and type float32; the weight is B as [K,N]. The activation (first input)
    may have any rank >= 1; it is a stack of rows of length K.
  * Gemm with a constant rank-2 float32 B and transA == 0; the weight is
    float32(alpha * B) (transB = 0) or float32(alpha * B^T) (transB = 1) as
    [K,N]: alpha is folded into the weight before quantization (the node's
    alpha becomes 1), and beta * C stays a float add on the host.
  * MatMul whose B is DequantizeLinear(codes, scale[, zero point]) of
    constant 8-bit codes [K,N] spanning at most 16 values, the scale per
    tensor or per column (axis 1), the zero point within the codes' span:
    the weights are already low-bit and are kept as they are; only the
    activation is rounded.
  * and K a multiple of the LUT K (--lut-k, 4).
  * --keep NODE (repeatable) leaves a GEMM on the host anyway (to mirror a
    GEMM Kiln's cost model or machine limits keep on the host).
A weight constant that something else also reads is not modified in place:
the GEMM gets a new initializer "<name>__lutdq<i>". An activation read by
several offloaded GEMMs is rounded once (one chain of ops) and shared, as
Kiln shares one precompute per activation.
"""

import argparse
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lutquant  # noqa: E402

GEMM_OPS = ("MatMul", "Gemm")


class GemmInfo:
    """One MatMul/Gemm node of the graph and the offload decision."""

    def __init__(self, index, node):
        self.index = index          # position in graph.node
        self.node = node
        self.name = node.name or f"{node.op_type}_{index}"
        self.op = node.op_type
        self.activation = node.input[0]
        self.weight = node.input[1] if len(node.input) > 1 else ""
        self.reason = None          # why it stays on the host (None: offloaded)
        self.trans_b = False
        self.K = self.N = self.G = None
        self.qsz = None             # (q, s, z) when quantized
        self.alpha = 1.0            # Gemm alpha, folded into the weight
        self.prequantized = None    # bits of DequantizeLinear codes, if any
        self.weight_rel_rms = None  # ||W' - W|| / ||W||

    @property
    def offloaded(self):
        return self.reason is None


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _opset(model):
    for imp in model.opset_import:
        if imp.domain in ("", "ai.onnx"):
            return imp.version
    return 1


def find_constants(graph):
    """name -> ('init', TensorProto) | ('node', NodeProto) for the constant
    tensors of the top-level graph (Constant nodes with a `value` tensor)."""
    consts = {t.name: ("init", t) for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant" and node.domain in ("", "ai.onnx"):
            for a in node.attribute:
                if a.name == "value" and a.type == onnx.AttributeProto.TENSOR:
                    consts[node.output[0]] = ("node", node)
    return consts


def _const_array(entry):
    kind, obj = entry
    if kind == "init":
        return numpy_helper.to_array(obj)
    for a in obj.attribute:
        if a.name == "value":
            return numpy_helper.to_array(a.t)
    raise AssertionError("Constant without value")


def _const_proto(entry):
    kind, obj = entry
    if kind == "init":
        return obj
    return next(a.t for a in obj.attribute if a.name == "value")


def _dequantize_linear_bits(dq, consts, N):
    """(bits, None) when DequantizeLinear node `dq` yields a weight the device
    takes as given, else (None, reason)."""
    ins = list(dq.input) + [""] * (3 - len(dq.input))
    if ins[0] not in consts or ins[1] not in consts or (ins[2] and ins[2] not in consts):
        return None, "DequantizeLinear with non-constant inputs"
    codes = _const_array(consts[ins[0]])
    if codes.dtype not in (np.int8, np.uint8):
        return None, f"DequantizeLinear codes of type {codes.dtype}"
    scale = _const_array(consts[ins[1]]).astype(np.float32).reshape(-1)
    if scale.size != 1:
        axis = _attrs(dq).get("axis", 1)
        axis = axis + 2 if axis < 0 else axis
        if axis != 1 or scale.size != N:
            return None, "DequantizeLinear scales not per tensor or per column"
    if not np.all(np.isfinite(scale)) or np.any(scale <= 0):
        return None, "DequantizeLinear scale not finite and positive"
    lo, hi = int(codes.min()), int(codes.max())
    bits = next((b for b in lutquant.BITS if hi - lo < 2 ** b), None)
    if bits is None:
        return None, f"DequantizeLinear codes span {hi - lo + 1} values (> 16)"
    if ins[2]:
        zp = _const_array(consts[ins[2]]).astype(np.int64).reshape(-1)
        if zp.min() < lo or zp.max() > lo + 2 ** bits - 1:
            return None, "DequantizeLinear zero point outside the codes' span"
    return bits, None


def select_gemms(model, k=lutquant.LUT_K, group_size=lutquant.DEFAULT_GROUP, keep=()):
    """Every MatMul/Gemm of the top-level graph with the offload decision,
    the [K,N] shape and effective group size filled in. `keep`: node names
    to leave on the host regardless."""
    graph = model.graph
    consts = find_constants(graph)
    producer = {o: n for n in graph.node for o in n.output}
    infos = []
    for i, node in enumerate(graph.node):
        if node.op_type not in GEMM_OPS or node.domain not in ("", "ai.onnx"):
            continue
        info = GemmInfo(i, node)
        infos.append(info)
        if info.name in keep or node.name in keep:
            info.reason = "kept on the host (--keep)"
            continue
        dq = producer.get(info.weight)
        if (node.op_type == "MatMul" and info.weight not in consts and dq is not None
                and dq.op_type == "DequantizeLinear" and dq.domain in ("", "ai.onnx")):
            codes = consts.get(dq.input[0])
            dims = list(_const_proto(codes).dims) if codes else []
            if len(dims) != 2:
                info.reason = "DequantizeLinear weight is not a constant of rank 2"
                continue
            bits, why = _dequantize_linear_bits(dq, consts, dims[1])
            if why:
                info.reason = why
                continue
            info.K, info.N = int(dims[0]), int(dims[1])
            info.prequantized = bits
            if info.K % k:
                info.reason = f"K = {info.K} is not a multiple of the LUT K = {k}"
                continue
            info.G = info.K
            continue
        if info.weight not in consts:
            info.reason = "weight is not a constant"
            continue
        proto = _const_proto(consts[info.weight])
        if proto.data_type != TensorProto.FLOAT:
            info.reason = (f"weight type {TensorProto.DataType.Name(proto.data_type)}, "
                           "not FLOAT")
            continue
        if len(proto.dims) != 2:
            info.reason = f"weight has rank {len(proto.dims)}, not 2"
            continue
        K, N = proto.dims
        if node.op_type == "Gemm":
            at = _attrs(node)
            if at.get("transA", 0):
                info.reason = "Gemm with transA = 1"
                continue
            info.alpha = float(at.get("alpha", 1.0))
            if at.get("transB", 0):
                info.trans_b = True
                K, N = N, K
        info.K, info.N = int(K), int(N)
        if info.K % k:
            info.reason = f"K = {info.K} is not a multiple of the LUT K = {k}"
            continue
        info.G = lutquant.effective_group_size(info.K, group_size, k)
    return infos


class _Names:
    """Fresh value/node names that collide with nothing in the graph."""

    def __init__(self, graph):
        self.used = set()
        for n in graph.node:
            self.used.update(n.input)
            self.used.update(n.output)
            self.used.add(n.name)
        for v in list(graph.input) + list(graph.output) + list(graph.value_info):
            self.used.add(v.name)
        self.used.update(t.name for t in graph.initializer)

    def __call__(self, base):
        name, i = base, 1
        while name in self.used:
            name, i = f"{base}_{i}", i + 1
        self.used.add(name)
        return name


def _activation_nodes(act, x, out, names, opset):
    """ONNX nodes and initializers computing out = round_act(x)."""
    tag = x.replace("/", "_").strip("_") or "x"
    if act == "f16":
        mid = names(f"{tag}__lut_f16")
        return ([helper.make_node("Cast", [x], [mid], to=TensorProto.FLOAT16,
                                  name=names(f"lut_act_f16_cast_{tag}")),
                 helper.make_node("Cast", [mid], [out], to=TensorProto.FLOAT,
                                  name=names(f"lut_act_f16_uncast_{tag}"))], [])
    assert act == "i8"
    if opset < 11:
        raise ValueError(f"--act i8 needs opset >= 11 (Round); the model has {opset}")
    c = {v: names(f"lut_c_{nm}") for v, nm in
         ((127.0, "127"), (-127.0, "m127"), (0.0, "0"), (1.0, "1"))}
    inits = [numpy_helper.from_array(np.array(v, dtype=np.float32), name)
             for v, name in c.items()]
    v = {s: names(f"{tag}__lut_i8_{s}") for s in
         ("abs", "amax", "sa0", "zero", "sa", "div", "round", "clip")}
    nn = lambda s: names(f"lut_act_i8_{s}_{tag}")  # noqa: E731
    if opset >= 18:
        axes = names("lut_c_axes")
        inits.append(numpy_helper.from_array(np.array([-1], dtype=np.int64), axes))
        rmax = helper.make_node("ReduceMax", [v["abs"], axes], [v["amax"]],
                                keepdims=1, name=nn("amax"))
    else:
        rmax = helper.make_node("ReduceMax", [v["abs"]], [v["amax"]], axes=[-1],
                                keepdims=1, name=nn("amax"))
    nodes = [
        helper.make_node("Abs", [x], [v["abs"]], name=nn("abs")),
        rmax,
        helper.make_node("Div", [v["amax"], c[127.0]], [v["sa0"]], name=nn("scale")),
        helper.make_node("Equal", [v["sa0"], c[0.0]], [v["zero"]], name=nn("iszero")),
        helper.make_node("Where", [v["zero"], c[1.0], v["sa0"]], [v["sa"]], name=nn("where")),
        helper.make_node("Div", [x, v["sa"]], [v["div"]], name=nn("div")),
        helper.make_node("Round", [v["div"]], [v["round"]], name=nn("round")),
        helper.make_node("Clip", [v["round"], c[-127.0], c[127.0]], [v["clip"]],
                         name=nn("clip")),
        helper.make_node("Mul", [v["clip"], v["sa"]], [out], name=nn("mul")),
    ]
    return nodes, inits


def dequantize_model(model, bits, group_size=lutquant.DEFAULT_GROUP, act="f16",
                     k=lutquant.LUT_K, keep=()):
    """Returns (new ModelProto, [GemmInfo]) -- see the module docstring.

    bits: 1..4, 'ternary', or 'none' (weights kept, activations rounded).
    keep: names of GEMM nodes to leave on the host."""
    if act not in lutquant.ACT_MODES:
        raise ValueError(f"act must be one of {lutquant.ACT_MODES}, got {act!r}")
    keep_weights = isinstance(bits, str) and bits.lower() in ("none", "float", "f32")
    if not keep_weights:
        bits = lutquant.parse_bits(bits)
    model = onnx.ModelProto.FromString(model.SerializeToString())  # deep copy
    graph = model.graph
    opset = _opset(model)
    infos = select_gemms(model, k, group_size, keep)
    consts = find_constants(graph)
    names = _Names(graph)

    # How many node inputs (and graph outputs) read each value.
    uses = {}
    for n in graph.node:
        for name in n.input:
            uses[name] = uses.get(name, 0) + 1
    for o in graph.output:
        uses[o.name] = uses.get(o.name, 0) + 1

    # 1. Weights.
    for info in infos:
        if not info.offloaded or info.prequantized or keep_weights:
            continue
        entry = consts[info.weight]
        b = _const_array(entry).astype(np.float32)
        w = np.ascontiguousarray(b.T if info.trans_b else b)      # [K,N]
        if info.alpha != 1.0:
            w = (np.float32(info.alpha) * w).astype(np.float32)
            for a in info.node.attribute:
                if a.name == "alpha":
                    a.f = 1.0
        q, s, z = lutquant.quantize(w, bits, info.G)
        info.qsz = (q, s, z)
        wd = lutquant.dequantize(q, s, z, info.G)
        diff = wd.astype(np.float64) - w
        norm = np.sqrt(np.sum(w.astype(np.float64) ** 2)) or 1.0
        info.weight_rel_rms = float(np.sqrt(np.sum(diff ** 2)) / norm)
        new = np.ascontiguousarray(wd.T if info.trans_b else wd)
        if uses.get(info.weight, 0) == 1:
            proto = _const_proto(entry)
            proto.CopyFrom(numpy_helper.from_array(new, proto.name))
        else:
            name = names(f"{info.weight}__lutdq{info.index}")
            graph.initializer.append(numpy_helper.from_array(new, name))
            if model.ir_version < 4:
                graph.input.append(helper.make_tensor_value_info(
                    name, TensorProto.FLOAT, list(new.shape)))
            info.node.input[1] = name

    # 2. Activations: one rounding chain per distinct activation, inserted
    # before its first offloaded consumer.
    if act != "f32":
        first = {}
        for info in infos:
            if info.offloaded:
                first.setdefault(info.activation, info.index)
        inserts = {}   # node index -> [nodes]
        rounded = {}
        for x, idx in first.items():
            out = names(f"{x.replace('/', '_').strip('_') or 'x'}__lut_{act}_out")
            nodes, inits = _activation_nodes(act, x, out, names, opset)
            graph.initializer.extend(inits)
            if model.ir_version < 4:
                for t in inits:
                    graph.input.append(helper.make_tensor_value_info(
                        t.name, t.data_type, list(t.dims)))
            inserts.setdefault(idx, []).extend(nodes)
            rounded[x] = out
        for info in infos:
            if info.offloaded:
                info.node.input[0] = rounded[info.activation]
        old = list(graph.node)
        del graph.node[:]
        for i, n in enumerate(old):
            graph.node.extend(inserts.get(i, []))
            graph.node.append(n)
    return model, infos


def summary(infos, bits, group_size, act, k):
    off = [i for i in infos if i.offloaded]
    lines = [f"lut: {len(off)} of {len(infos)} MatMul/Gemm offloaded "
             f"(bits={bits}, group size {group_size}, LUT K={k}, act={act})"]
    for i in off:
        err = ("" if i.weight_rel_rms is None
               else f", weight rel. RMS error {i.weight_rel_rms:.4f}")
        if i.prequantized:
            err = (f", DequantizeLinear {i.prequantized}-bit codes kept as given")
        elif i.alpha != 1.0:
            err += f", alpha {i.alpha:g} folded into the weight"
        lines.append(f"  {i.op:6s} {i.name}: [K={i.K}, N={i.N}]"
                     f"{' (B^T)' if i.trans_b else ''}, G={i.G} "
                     f"({i.K // i.G} group{'s' if i.K // i.G > 1 else ''}){err}")
    for i in infos:
        if not i.offloaded:
            lines.append(f"  host   {i.name}: {i.reason}")
    return "\n".join(lines)


def save_npz(path, infos):
    arrays = {}
    for j, i in enumerate(x for x in infos if x.offloaded and x.qsz is not None):
        q, s, z = i.qsz
        arrays[f"g{j}_q"], arrays[f"g{j}_s"], arrays[f"g{j}_z"] = q, s, z
        arrays[f"g{j}_info"] = np.array(
            f"node={i.name} weight={i.weight} K={i.K} N={i.N} G={i.G} "
            f"transB={int(i.trans_b)}")
    np.savez(path, **arrays)


def check(model):
    onnx.checker.check_model(model, full_check=True)


# --------------------------------------------------------------- self-test

def _self_test():
    """Builds a small model (two MatMuls sharing a rank-3 activation and a
    weight that is also a graph output, a Gemm with transB, alpha and beta, a
    Constant-node weight, a DequantizeLinear weight that is offloaded and one
    that is not, a MatMul left on the host because K % 4 != 0), exports every
    mode and checks the ONNX graph against lutquant on onnxruntime."""
    import tempfile
    rng = np.random.default_rng(0)
    K, N = 24, 16   # K=24 with G=16 -> effective G = 12 (largest mult. of 4 dividing 24)
    w1 = rng.standard_normal((K, N)).astype(np.float32)
    w2 = rng.standard_normal((N, K)).astype(np.float32)       # Gemm B, transB=1
    w3 = rng.standard_normal((N, 6)).astype(np.float32)       # K=16 at the end
    bias = rng.standard_normal(N).astype(np.float32)
    odd = rng.standard_normal((6, 3)).astype(np.float32)      # K=6: host
    codes = rng.integers(3, 13, (N, 5)).astype(np.uint8)      # span 10: 4-bit
    zp = np.array([3, 8, 12, 18, 5], dtype=np.uint8)          # within [3, 18]
    dq_scale = rng.uniform(0.01, 0.1, 5).astype(np.float32)
    wide = rng.integers(-100, 100, (N, 4)).astype(np.int8)    # span > 16: host
    alpha, beta = 0.75, 2.0
    g = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w1"], ["a"], name="mm1"),
         helper.make_node("MatMul", ["x", "w1"], ["a2"], name="mm1b"),   # same act + weight
         helper.make_node("Add", ["a", "a2"], ["a3"]),
         helper.make_node("Reshape", ["x", "shape2"], ["x2"]),
         helper.make_node("Gemm", ["x2", "w2", "bias"], ["b"], transB=1, alpha=alpha,
                          beta=beta, name="gemm"),
         helper.make_node("Reshape", ["a3", "shape2n"], ["a4"]),
         helper.make_node("Add", ["b", "a4"], ["c"]),
         helper.make_node("Relu", ["c"], ["r"]),
         helper.make_node("Constant", [], ["w3"],   # a Constant-node weight
                          value=numpy_helper.from_array(w3, "w3")),
         helper.make_node("MatMul", ["r", "w3"], ["y"], name="mm3"),
         helper.make_node("MatMul", ["y", "odd"], ["y2"], name="mm_odd"),
         helper.make_node("DequantizeLinear", ["codes", "dq_scale", "zp"], ["wq"], axis=1),
         helper.make_node("MatMul", ["r", "wq"], ["y3"], name="mm_dq"),
         helper.make_node("DequantizeLinear", ["wide", "wide_scale"], ["wq2"]),
         helper.make_node("MatMul", ["r", "wq2"], ["y4"], name="mm_dq_wide")],
        "t",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, K])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [6, 6]),
         helper.make_tensor_value_info("y2", TensorProto.FLOAT, [6, 3]),
         helper.make_tensor_value_info("y3", TensorProto.FLOAT, [6, 5]),
         helper.make_tensor_value_info("y4", TensorProto.FLOAT, [6, 4]),
         helper.make_tensor_value_info("w1", TensorProto.FLOAT, [K, N])],  # w1 is also an output
        [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(w2, "w2"),
         numpy_helper.from_array(bias, "bias"),
         numpy_helper.from_array(odd, "odd"), numpy_helper.from_array(codes, "codes"),
         numpy_helper.from_array(zp, "zp"), numpy_helper.from_array(dq_scale, "dq_scale"),
         numpy_helper.from_array(wide, "wide"),
         numpy_helper.from_array(np.array(0.01, dtype=np.float32), "wide_scale"),
         numpy_helper.from_array(np.array([6, K], dtype=np.int64), "shape2"),
         numpy_helper.from_array(np.array([6, N], dtype=np.int64), "shape2n")])
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 7
    check(model)
    kept = {i.name for i in dequantize_model(model, 4, 16, "f16", keep={"mm3"})[1]
            if not i.offloaded}
    assert kept == {"mm3", "mm_odd", "mm_dq_wide"}, kept
    x = (rng.standard_normal((2, 3, K)) * 2).astype(np.float32)
    x[0, 1] = 0                                   # an all-zero row (i8: s_a = 1)
    x[1, 2, :3] = [1 + 2 ** -11, 1 + 3 * 2 ** -11, 0.1]   # f16 ties

    def expect(bits, G, act):
        def wq(w):
            if bits == "none":
                return w
            Ge = lutquant.effective_group_size(w.shape[0], G)
            return lutquant.dequantize(*lutquant.quantize(w, bits, Ge), Ge)
        fq = lambda v: lutquant.fake_quant_activation(v, act)  # noqa: E731
        w1d = wq(w1)
        with np.errstate(all="ignore"):
            a = fq(x) @ w1d
            a3 = a + a
            b = fq(x.reshape(6, K)) @ wq((np.float32(alpha) * w2.T).astype(np.float32))
            b = b + np.float32(beta) * bias
            r = np.maximum(b + a3.reshape(6, N), 0)
            y = fq(r) @ wq(w3)
            y2 = y @ odd
            wdq = (codes.astype(np.float32) - zp.astype(np.float32)) * dq_scale
            y3 = fq(r) @ wdq
            y4 = r @ (wide.astype(np.float32) * np.float32(0.01))
        return {"y": y, "y2": y2, "y3": y3, "y4": y4, "w1": w1}

    tmp = tempfile.mkdtemp(prefix="lut_export_selftest_")
    worst = 0.0
    cases = [(b, G, a) for b in (1, 2, 3, 4, "ternary", "none")
             for G, a in ((16, "f16"), (128, "i8"), (8, "f32"))]
    for bits, G, act in cases:
        out, infos = dequantize_model(model, bits, G, act)
        check(out)
        off = {i.name: i for i in infos if i.offloaded}
        assert set(off) == {"mm1", "mm1b", "gemm", "mm3", "mm_dq"}, \
            summary(infos, bits, G, act, 4)
        assert off["mm_dq"].prequantized == 4
        assert off["mm1"].G == lutquant.effective_group_size(K, G)
        assert off["gemm"].trans_b and off["gemm"].K == K
        got = _run(out, {"x": x}, tmp)
        want = expect(bits, G, act)
        assert np.array_equal(got["w1"], w1), "a weight that is also an output changed"
        for name in ("y", "y2", "y3", "y4"):
            fin = np.isfinite(want[name])
            assert np.array_equal(fin, np.isfinite(got[name])), (bits, G, act, name)
            scale = np.max(np.abs(want[name][fin])) or 1.0
            rel = np.max(np.abs(got[name][fin] - want[name][fin])) / scale
            worst = max(worst, rel)
            assert rel < 1e-5, (bits, G, act, name, rel)
    # The activation chains alone are bit-exact against lutquant.
    for act in ("f16", "i8"):
        ident = helper.make_graph(
            [helper.make_node("MatMul", ["x", "eye"], ["y"], name="mm")], "id",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, K])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3, K])],
            [numpy_helper.from_array(np.eye(K, dtype=np.float32), "eye")])
        m = helper.make_model(ident, opset_imports=[helper.make_opsetid("", 14)])
        m.ir_version = 7
        out, _ = dequantize_model(m, "none", 128, act)
        rounded = next(n for n in out.graph.node if n.name == "mm").input[0]
        out.graph.output.append(helper.make_tensor_value_info(
            rounded, TensorProto.FLOAT, [4, 3, K]))
        xx = np.concatenate([x, (rng.standard_normal((2, 3, K)) * 1e3).astype(np.float32)])
        xx[3, 2, :5] = [65504, 65519, 65520, -70000, 2.0 ** -25]  # f16 overflow, underflow
        out.graph.input[0].type.tensor_type.shape.dim[0].dim_value = 4
        out.graph.output[0].type.tensor_type.shape.dim[0].dim_value = 4
        got = _run(out, {"x": xx}, tmp)[rounded]
        with np.errstate(all="ignore"):
            want = lutquant.fake_quant_activation(xx, act)
        assert np.array_equal(got, want, equal_nan=True), act
    import shutil
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"export_dequantized: self-test passed ({len(cases)} exports checked on "
          f"onnxruntime; worst relative error vs. NumPy {worst:.2g}; "
          "activation rounding bit-exact)")


def _run(model, feeds, tmp):
    """Runs a model on onnxruntime (tools/ort/ort-run.js). Returns
    {output name: array}."""
    import re
    import subprocess
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ort_run = os.path.join(root, "tools", "ort", "ort-run.js")
    if not os.path.isdir(os.path.join(root, "tools", "ort", "node_modules",
                                      "onnxruntime-node")):
        sys.exit("export_dequantized: the self-test needs onnxruntime-node; "
                 "run scripts/install-ort.sh")
    path = os.path.join(tmp, "m.onnx")
    onnx.save(model, path)
    args = []
    for k, v in feeds.items():
        f = os.path.join(tmp, f"in_{k}.npy")
        np.save(f, v)
        args += ["--input", f"{k}={f}"]
    subprocess.run(["node", ort_run, path, "--output-dir", tmp] + args,
                   check=True, stdout=subprocess.DEVNULL)
    return {o.name: np.load(os.path.join(tmp, re.sub(r"[^A-Za-z0-9_.-]", "_", o.name)
                                         + ".npy"))
            for o in model.graph.output}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model", nargs="?")
    p.add_argument("out", nargs="?")
    p.add_argument("--bits", default="4", help="1, 2, 3, 4, ternary, or none")
    p.add_argument("--group-size", type=int, default=lutquant.DEFAULT_GROUP)
    p.add_argument("--act", choices=lutquant.ACT_MODES, default="f16")
    p.add_argument("--lut-k", type=int, default=lutquant.LUT_K)
    p.add_argument("--npz", help="also write q/s/z of every offloaded GEMM here")
    p.add_argument("--keep", action="append", default=[], metavar="NODE",
                   help="leave this MatMul/Gemm node on the host (repeatable)")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--self-test", action="store_true")
    args = p.parse_args()
    if args.self_test:
        _self_test()
        return 0
    if not args.model or not args.out:
        p.error("MODEL and OUT are required")
    model = onnx.load(args.model)
    try:
        out, infos = dequantize_model(model, args.bits, args.group_size, args.act,
                                      args.lut_k, set(args.keep))
    except ValueError as e:
        sys.exit(f"export_dequantized: {args.model}: {e}")
    check(out)
    onnx.save(out, args.out)
    if args.npz:
        save_npz(args.npz, infos)
    if not args.quiet:
        print(summary(infos, args.bits, args.group_size, args.act, args.lut_k))
        print(f"export_dequantized: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
