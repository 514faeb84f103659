#!/usr/bin/python3
"""NumPy reference of the quantization Kiln's `lut-tc` target applies.

Written from docs/targets/lut-tc.md ("Choices made"), independently of Kiln's
C++. Everything below is float32 arithmetic unless stated otherwise; `rint`
is round-half-to-even (np.rint). Run this file to execute its self-test.

Weights
-------
An offloaded GEMM is Y[M,N] = X[M,K] . W[K,N] with W a constant. W is cut into
groups of G consecutive rows (the reduction axis) per column n; group
g = k // G has one scale s[g,n] and one zero point z[g,n], and
W'[k,n] = s[g,n] * (q[k,n] - z[g,n]) with integer codes q in [0, 2^b).

* Group size (`effective_group_size`): the requested G (default 128) when it
  divides K and is a multiple of the LUT K (`k`, default 4); K itself when
  K <= G; otherwise the largest divisor of K that is <= G and a multiple of k
  (K = 784, G = 128 -> 112). K must be a multiple of k (else the GEMM is not
  offloaded).
* One bit (`quantize_sign`, what `quantize_rtn` does for b = 1): the sign
  code with levels +-mean|w| per (group, column): s = 2 mean|w|, z = 1/2,
  q = (w >= 0); an all-zero group is q = 0, s = 1, z = 0. (Asymmetric RTN at
  one bit makes one of the two levels zero.)
* RTN, b in {2, 3, 4} (`quantize_rtn`), per (group, column), asymmetric,
  no widening of [min, max] to include 0:
      mn = min(w), mx = max(w)
      s  = (mx - mn) / (2^b - 1)        f32 subtraction, then f32 division
                                        (a true division, not a multiply by
                                        the reciprocal)
      z  = clamp(rint(-mn / s), 0, 2^b - 1)
      q  = clamp(rint(w / s) + z, 0, 2^b - 1)
* Ternary, BitNet b1.58 absmean (`quantize_ternary`), per (group, column):
      s  = mean(|w|)                    see "mean" below
      q' = clamp(rint(w / s), -1, 1),   stored as q = q' + 1, z = 1
  so the b = 2 datapath sees codes {0, 1, 2} and dequantization is the same
  formula as RTN.
* Dequantization (`dequantize`): W' = float32(s) * float32(q - z), one f32
  multiply per weight.

Decisions the documentation leaves open (Kiln must make the same ones)
---------------------------------------------------------------------
1. Constant RTN group (mx == mn, so s would be 0): s = |mx|, or 1 when the
   group is all zeros; z and q then follow the ordinary formulas. This
   reconstructs every constant group exactly: c > 0 gives z = 0, q = 1;
   c < 0 gives z = 1, q = 0; c = 0 gives z = 0, q = 0 -- for every b >= 1.
2. Ternary scale `mean`: float32 throughout, like the rest: |w| summed in a
   float32 accumulator starting at +0, sequentially in increasing k, then one
   float32 division by G. (The summation order is part of the definition;
   a pairwise or float64 sum can differ in the last bit.) An all-zero group
   gets s = 1 (q' = 0 everywhere).
3. Non-finite weights, or a group whose (mx - mn) overflows float32, are an
   error (ValueError); such a GEMM cannot be quantized.
4. Tie cases are decided by half-to-even everywhere: rint(0.5) = 0,
   rint(1.5) = 2, rint(-0.5) = -0, and -0 + z = z.

Which GEMMs are quantized (examples/lut/export_dequantized.py, select_gemms)
--------------------------------------------------------------------------
MatMul with a constant (initializer or Constant node) rank-2 float32 second
input, weight [K,N] = B; Gemm with such a B and transA == 0, weight
float32(alpha * B) or float32(alpha * B^T) (transB) as [K,N] -- alpha is
folded into the weight before quantization, beta * C stays a host add; in
both cases K % LUT_K == 0. A MatMul whose B is a DequantizeLinear of constant
8-bit codes spanning at most 16 values (scale per tensor or per column) is
offloaded with its weights as given (only its activation is rounded). The
activation may have any rank; its rows are the vectors along its last axis.

Activations (`fake_quant_activation`)
------------------------------------
The activation entering an offloaded GEMM, viewed as [M, K] (rank > 2 is
flattened over the leading axes; a row is one vector along the last axis):
* f32: unchanged (weights-only quantization; not a Kiln mode, a baseline).
* f16: x' = float32(float16(x)), round-to-nearest-even; |x| >= 65520 becomes
  +-inf exactly as ONNX Cast does (no saturation).
* i8:  per row: s_a = max|x| / 127 (f32 division; 1 when the row is all
  zeros), x_q = clamp(rint(x / s_a), -127, 127) (a true f32 division by s_a),
  x' = s_a * x_q. The code -128 is never produced.

Reference GEMMs
---------------
`lut_gemm_i8` is the bit-exact result the documentation promises for i8
activations with integer tables: per weight group the exact value
s_a * s[g,n] * sum_k x_q[m,k] * (q[k,n] - z[g,n]) rounded once to float32,
added to the float32 output in increasing group order (starting from +0).
`lut_gemm_dequant` is the plain "dequantize, then float GEMM" reference
(float64 accumulation, one rounding to f32) that the ONNX export models.
"""

import numpy as np

LUT_K = 4             # activations per table (the `K` of the M2N64K4 tile)
DEFAULT_GROUP = 128
BITS = (1, 2, 3, 4)
ACT_MODES = ("f32", "f16", "i8")
I8_MAX = 127

__all__ = ["LUT_K", "DEFAULT_GROUP", "BITS", "ACT_MODES", "parse_bits",
           "effective_group_size", "quantize_rtn", "quantize_ternary",
           "quantize", "dequantize", "fake_quant_weight",
           "quantize_activation_i8", "fake_quant_activation",
           "lut_gemm_dequant", "lut_gemm_i8"]


# ------------------------------------------------------------------ groups

def parse_bits(bits):
    """'1'..'4' / 1..4 -> int, 'ternary' / 't' / '1.58' -> 'ternary'."""
    if isinstance(bits, str):
        b = bits.strip().lower()
        if b in ("ternary", "t", "1.58", "b1.58"):
            return "ternary"
        if b.isdigit():
            bits = int(b)
    if isinstance(bits, (int, np.integer)) and int(bits) in BITS:
        return int(bits)
    raise ValueError(f"bits must be one of 1, 2, 3, 4, ternary; got {bits!r}")


def effective_group_size(K, G=DEFAULT_GROUP, k=LUT_K):
    """The group size used for a reduction dimension K (see the docstring).

    Raises ValueError when K is not a multiple of k (not offloadable) or when
    no multiple of k <= G divides K (only possible for G < k)."""
    K, G, k = int(K), int(G), int(k)
    if K <= 0 or G <= 0 or k <= 0:
        raise ValueError(f"K={K}, G={G}, k={k} must be positive")
    if K % k:
        raise ValueError(f"K={K} is not a multiple of the LUT K={k}")
    if K <= G:
        return K
    for d in range(G - G % k, 0, -k):
        if K % d == 0:
            return d
    raise ValueError(f"no multiple of {k} that is <= G={G} divides K={K}")


def _grouped(w, group):
    """[K,N] float32 -> view [K/G, G, N]."""
    w = np.asarray(w)
    if w.ndim != 2:
        raise ValueError(f"weight must be 2-D [K,N], got shape {w.shape}")
    if w.dtype != np.float32:
        raise ValueError(f"weight must be float32, got {w.dtype}")
    K, N = w.shape
    if group <= 0 or K % group:
        raise ValueError(f"group size {group} does not divide K={K}")
    if not np.all(np.isfinite(w)):
        raise ValueError("weight has non-finite values")
    return w.reshape(K // group, group, N)


def _expand(a, group):
    """[K/G, N] per-group values -> [K, N]."""
    return np.repeat(a, group, axis=0)


# ----------------------------------------------------------------- weights

def quantize_rtn(w, bits, group):
    """Asymmetric round-to-nearest per group of `group` rows per column.

    w: float32 [K,N]; bits in 1..4; group must divide K (use
    effective_group_size). Returns (q uint8 [K,N], s float32 [K/G,N],
    z uint8 [K/G,N])."""
    bits = parse_bits(bits)
    if bits == "ternary":
        return quantize_ternary(w, group)
    if bits == 1:
        return quantize_sign(w, group)
    wg = _grouped(w, group)
    qmax = np.float32(2 ** bits - 1)
    mn = wg.min(axis=1)
    mx = wg.max(axis=1)
    with np.errstate(over="ignore", invalid="ignore"):
        s = (mx - mn) / qmax                                   # f32 / f32
    if not np.all(np.isfinite(s)):
        raise ValueError("weight group range overflows float32")
    const = s == 0
    s = np.where(const, np.where(mx != 0, np.abs(mx), np.float32(1)), s)
    s = s.astype(np.float32)
    with np.errstate(over="ignore"):
        z = np.clip(np.rint(-mn / s), 0, qmax).astype(np.float32)
        q = np.clip(np.rint(wg / s[:, None, :]) + z[:, None, :], 0, qmax)
    return (q.reshape(w.shape).astype(np.uint8), s, z.astype(np.uint8))


def _absmean(wg):
    """Sequential float32 sum of |w| over axis 1 in increasing k, then a
    float32 division by G."""
    acc = np.zeros((wg.shape[0], wg.shape[2]), dtype=np.float32)
    for k in range(wg.shape[1]):
        acc = (acc + np.abs(wg[:, k, :])).astype(np.float32)
    return (acc / np.float32(wg.shape[1])).astype(np.float32)


def quantize_sign(w, group):
    """One-bit sign code (XNOR-Net's optimal binary scale): the two levels
    are +-mean|w| per group and column, i.e. s = 2 * mean|w|, z = 1/2,
    q = (w >= 0). An all-zero group is q = 0 with s = 1, z = 0 (exactly 0).
    (Asymmetric RTN at one bit has levels {0, s} or {-s, 0}: one level is
    always zero, which ruins the model.)

    Returns (q uint8 [K,N] in {0,1}, s float32 [K/G,N], z float32 [K/G,N])."""
    wg = _grouped(w, group)
    mean = _absmean(wg)
    zero = mean == 0
    s = np.where(zero, np.float32(1), np.float32(2) * mean).astype(np.float32)
    z = np.where(zero, np.float32(0), np.float32(0.5)).astype(np.float32)
    q = np.where(zero[:, None, :], 0, wg >= 0).astype(np.uint8)
    return q.reshape(w.shape), s, z


def quantize_ternary(w, group):
    """BitNet b1.58 absmean ternary quantization per group per column.

    Returns (q uint8 [K,N] in {0,1,2}, s float32 [K/G,N], z uint8 [K/G,N] = 1)."""
    wg = _grouped(w, group)
    s = _absmean(wg)
    s = np.where(s == 0, np.float32(1), s).astype(np.float32)
    with np.errstate(over="ignore"):
        qp = np.clip(np.rint(wg / s[:, None, :]), -1, 1)
    q = (qp + 1).reshape(w.shape).astype(np.uint8)
    return q, s, np.ones_like(s, dtype=np.uint8)


def quantize(w, bits, group):
    """quantize_rtn or quantize_ternary by `bits` (1..4 or 'ternary')."""
    bits = parse_bits(bits)
    if bits == "ternary":
        return quantize_ternary(w, group)
    return quantize_rtn(w, bits, group)


def dequantize(q, s, z, group):
    """W' [K,N] float32 = s * (q - z), per group of `group` rows."""
    q = np.asarray(q)
    # z is a multiple of 1/2 (the 1-bit sign code has z = 1/2): the f32
    # difference is exact either way.
    diff = (q.astype(np.float32)
            - _expand(np.asarray(z), group).astype(np.float32))
    return (_expand(np.asarray(s, dtype=np.float32), group)
            * diff).astype(np.float32)


def fake_quant_weight(w, bits, group_size=DEFAULT_GROUP, k=LUT_K):
    """Quantize-dequantize a [K,N] weight with the effective group size.

    Returns (W' float32 [K,N], q, s, z, G)."""
    G = effective_group_size(w.shape[0], group_size, k)
    q, s, z = quantize(w, bits, G)
    return dequantize(q, s, z, G), q, s, z, G


# ------------------------------------------------------------- activations

def quantize_activation_i8(x):
    """Per-row (last axis) absmax INT8: returns (x_q int8, s_a float32 with
    the last axis kept as 1)."""
    x = np.asarray(x, dtype=np.float32)
    amax = np.max(np.abs(x), axis=-1, keepdims=True)
    s_a = amax / np.float32(I8_MAX)                            # f32 / f32
    s_a = np.where(s_a == 0, np.float32(1), s_a).astype(np.float32)
    xq = np.clip(np.rint(x / s_a), -I8_MAX, I8_MAX)
    return xq.astype(np.int8), s_a


def fake_quant_activation(x, mode):
    """The activation an offloaded GEMM actually multiplies, as float32."""
    x = np.asarray(x, dtype=np.float32)
    if mode == "f32":
        return x.copy()
    if mode == "f16":
        with np.errstate(over="ignore"):
            return x.astype(np.float16).astype(np.float32)
    if mode == "i8":
        xq, s_a = quantize_activation_i8(x)
        return (s_a * xq.astype(np.float32)).astype(np.float32)
    raise ValueError(f"activation mode must be one of {ACT_MODES}, got {mode!r}")


# ----------------------------------------------------------- GEMM references

def lut_gemm_dequant(x, q, s, z, group, act="f32"):
    """Y = fake_quant_activation(x) . dequantize(q, s, z), accumulated in
    float64 and rounded once to float32. x: [..., K]."""
    xa = fake_quant_activation(x, act).astype(np.float64)
    w = dequantize(q, s, z, group).astype(np.float64)
    return (xa @ w).astype(np.float32)


def _two_prod(a, b):
    """Exact a*b = p + e for float64 arrays (Dekker/Veltkamp, no FMA)."""
    split = 134217729.0  # 2^27 + 1
    p = a * b
    ca = split * a
    ahi = ca - (ca - a)
    alo = a - ahi
    cb = split * b
    bhi = cb - (cb - b)
    blo = b - bhi
    e = ((ahi * bhi - p) + ahi * blo + alo * bhi) + alo * blo
    return p, e


def _f32_of_exact(hi, lo):
    """float32 nearest (half-even) to the exact value hi + lo, where
    hi = fl64(hi + lo). Works for normal and subnormal float32 results."""
    r = hi.astype(np.float32)                      # RNE of hi
    r64 = r.astype(np.float64)
    # If hi is exactly a float32 midpoint, the tie was resolved by half-even
    # but the exact value hi + lo is on one side of it: lo decides.
    up = np.nextafter(r, np.float32(np.inf)).astype(np.float64)
    dn = np.nextafter(r, np.float32(-np.inf)).astype(np.float64)
    hi_mid_up = (hi == (r64 + up) / 2) & (hi != r64)   # r chosen below hi
    hi_mid_dn = (hi == (r64 + dn) / 2) & (hi != r64)   # r chosen above hi
    r = np.where(hi_mid_up & (lo > 0), np.nextafter(r, np.float32(np.inf)), r)
    r = np.where(hi_mid_dn & (lo < 0), np.nextafter(r, np.float32(-np.inf)), r)
    return r.astype(np.float32)


def lut_gemm_i8(x, q, s, z, group):
    """Bit-exact reference of the i8-activation, integer-table LUT GEMM.

    x: float32 [..., K]; q/s/z from quantize*(). For every row m, column n and
    weight group g the partial s_a[m] * s[g,n] * I[m,g,n] (I the exact integer
    dot product of x_q and q - z over the group) is rounded once to float32
    and added in increasing g to a float32 accumulator starting at +0."""
    x = np.asarray(x, dtype=np.float32)
    lead = x.shape[:-1]
    K = x.shape[-1]
    xq, s_a = quantize_activation_i8(x.reshape(-1, K))
    q = np.asarray(q)
    N = q.shape[1]
    ng = K // group
    # 2 (q - z) is an integer (z is a multiple of 1/2); halve the scale.
    wz = (2 * q.astype(np.int64)
          - np.rint(2 * _expand(np.asarray(z, dtype=np.float64), group))
          .astype(np.int64))
    xq64 = xq.astype(np.int64)
    s = np.asarray(s, dtype=np.float32)
    out = np.zeros((xq.shape[0], N), dtype=np.float32)
    for g in range(ng):
        rows = slice(g * group, (g + 1) * group)
        I = xq64[:, rows] @ wz[rows, :]                          # exact int
        # c = s_a * s is exact in float64 (two 24-bit significands).
        c = (s_a.astype(np.float64) * s[g][None, :].astype(np.float64)
             * 0.5)
        p, e = _two_prod(I.astype(np.float64), c)                # |I| < 2^53
        part = _f32_of_exact(p, e)
        out = (out + part).astype(np.float32)
    return out.reshape(*lead, N)


# ----------------------------------------------------------------- self-test

def _self_test():
    f = np.float32

    def col(*v):
        return np.array(v, dtype=np.float32)[:, None]

    # RTN, b = 2, one group of 4: mn=-1, mx=2 -> s=1, z=rint(1)=1,
    # w/s = [-1, 0, 0.5, 2] -> rint = [-1, 0, 0, 2] (0.5 ties to even 0)
    # -> q = [0, 1, 1, 3], W' = [-1, 0, 0, 2].
    q, s, z = quantize_rtn(col(-1, 0, 0.5, 2), 2, 4)
    assert s.tolist() == [[1.0]] and z.tolist() == [[1]], (s, z)
    assert q[:, 0].tolist() == [0, 1, 1, 3], q
    assert dequantize(q, s, z, 4)[:, 0].tolist() == [-1, 0, 0, 2]

    # Ties: w = [0, 0.5, 1.5, 3], b = 2: s = 1, z = 0, rint -> [0, 0, 2, 3].
    q, s, z = quantize_rtn(col(0, 0.5, 1.5, 3), 2, 4)
    assert (s.tolist(), z.tolist(), q[:, 0].tolist()) == ([[1.0]], [[0]], [0, 0, 2, 3])
    # Zero-point tie: mn = -0.5, mx = 2.5, s = 1, -mn/s = 0.5 -> z = 0;
    # rint(-0.5) = -0 -> q = 0; rint(2.5) = 2 -> q = 2. W' = [0, 1, 2, 2].
    q, s, z = quantize_rtn(col(-0.5, 1, 2, 2.5), 2, 4)
    assert (s.tolist(), z.tolist(), q[:, 0].tolist()) == ([[1.0]], [[0]], [0, 1, 2, 2])
    # Zero-point tie up: mn = -1.5, mx = 1.5, b = 2: s = 1, -mn/s = 1.5 -> z = 2.
    # w/s = [-1.5, -0.5, 0.5, 1.5] -> rint [-2, -0, 0, 2] -> q = [0, 2, 2, 3]
    # (4 clamps to 3). W' = [-2, 0, 0, 1].
    q, s, z = quantize_rtn(col(-1.5, -0.5, 0.5, 1.5), 2, 4)
    assert (s.tolist(), z.tolist(), q[:, 0].tolist()) == ([[1.0]], [[2]], [0, 2, 2, 3])
    assert dequantize(q, s, z, 4)[:, 0].tolist() == [-2, 0, 0, 1]

    # b = 1 is the sign code: w = [-3, -1, 0, 5]: mean|w| = 9/4 = 2.25 ->
    # s = 4.5, z = 1/2, q = (w >= 0) = [0, 0, 1, 1]; W' = [-2.25, -2.25, 2.25, 2.25].
    q, s, z = quantize_rtn(col(-3, -1, 0, 5), 1, 4)
    assert (s.tolist(), z.tolist(), q[:, 0].tolist()) == ([[4.5]], [[0.5]], [0, 0, 1, 1])
    assert dequantize(q, s, z, 4)[:, 0].tolist() == [-2.25, -2.25, 2.25, 2.25]
    # An all-zero 1-bit group stays exactly zero.
    q, s, z = quantize_rtn(col(0, 0, 0, 0), 1, 4)
    assert (s.tolist(), z.tolist(), q[:, 0].tolist()) == ([[1.0]], [[0.0]], [0, 0, 0, 0])
    # b = 4, w = 0..15 over a group of 16: s = 1, z = 0, q = w exactly.
    w = np.arange(16, dtype=np.float32)[:, None]
    q, s, z = quantize_rtn(w, 4, 16)
    assert s[0, 0] == 1 and z[0, 0] == 0 and (q[:, 0] == np.arange(16)).all()
    # b = 3, w = [-0.7, 0.0, 0.7, 1.4]: s = f32(f32(2.1) / 7) (f32 arithmetic),
    # z = rint(0.7 / s) = rint(2.333..) = 2.
    q, s, z = quantize_rtn(col(-0.7, 0.0, 0.7, 1.4), 3, 4)
    s_expect = (f(1.4) - f(-0.7)) / f(7)
    assert s[0, 0] == s_expect and z[0, 0] == 2, (s, z)
    assert q[:, 0].tolist() == [int(np.clip(np.rint(v / s_expect) + 2, 0, 7))
                               for v in col(-0.7, 0.0, 0.7, 1.4)[:, 0]]

    # Constant groups reconstruct exactly for every b (decision 1).
    for b in BITS:
        for c in (2.5, -0.75, 0.0):
            q, s, z = quantize_rtn(col(c, c, c, c), b, 4)
            assert (dequantize(q, s, z, 4) == c).all(), (b, c, q, s, z)

    # Two groups, two columns: groups are independent.
    w = np.array([[0, 10], [1, 20], [2, 30], [3, 40],
                  [-8, 1], [-8, 1], [8, 1], [8, 1]], dtype=np.float32)
    q, s, z = quantize_rtn(w, 2, 4)
    # column 0, group 1: s = f32(16) / f32(3) = 5.33333349..; 8 / s rounds
    # (in f32) to exactly 1.5 -> z = rint(1.5) = 2; -8/s -> -1.5 -> q = -2 + 2 = 0.
    s3 = f(16) / f(3)
    assert f(8) / s3 == f(1.5)
    assert s.tolist() == [[1.0, 10.0], [float(s3), 1.0]], s
    assert z.tolist() == [[0, 0], [2, 0]], z
    assert q[:, 0].tolist() == [0, 1, 2, 3, 0, 0, 3, 3]
    assert q[:, 1].tolist() == [1, 2, 3, 3, 1, 1, 1, 1]  # column 1 group 0: 10/10+0=1, ...

    # Ternary: w = [0.1, -0.4, 0.0, 0.3, ...]: mean|w| = 0.2;
    # w/s = [0.5, -2, 0, 1.5] -> rint [0, -2, 0, 2] -> clamp [0, -1, 0, 1].
    q, s, z = quantize_ternary(col(0.1, -0.4, 0.0, 0.3), 4)
    s_expect = (((f(0.1) + f(0.4)) + f(0)) + f(0.3)) / f(4)   # f32, in order of k
    assert s[0, 0] == s_expect and z[0, 0] == 1
    assert q[:, 0].tolist() == [1, 0, 1, 2], q   # q' = [0, -1, 0, 1]
    w_d = dequantize(q, s, z, 4)[:, 0]
    assert w_d.tolist() == [0, -s_expect, 0, s_expect]
    # Ternary, all zeros -> s = 1, q' = 0.
    q, s, z = quantize_ternary(col(0, 0, 0, 0), 4)
    assert s[0, 0] == 1 and (q == 1).all()

    # Group sizes.
    assert effective_group_size(784, 128) == 112
    assert effective_group_size(256, 128) == 128
    assert effective_group_size(64, 128) == 64
    assert effective_group_size(128, 128) == 128
    assert effective_group_size(100, 128) == 100
    assert effective_group_size(200, 128) == 100
    assert effective_group_size(4 * 97, 128) == 4       # 388 = 4 * 97
    assert effective_group_size(256, 30) == 16           # largest multiple of 4 <= 30 dividing 256
    for bad in (10, 130):
        try:
            effective_group_size(bad, 128)
            raise AssertionError(f"K={bad} should be rejected")
        except ValueError:
            pass

    # Activations. f16 (11-bit significand): 1 + 2^-11 is a tie -> 1 (even);
    # 1 + 3 * 2^-11 is a tie between 1 + 2^-10 and 1 + 2^-9 -> 1 + 2^-9 (even).
    x = np.array([1 + 2 ** -11, 1 + 3 * 2 ** -11, 70000.0, -1e-8], dtype=np.float32)
    y = fake_quant_activation(x, "f16")
    assert y[0] == 1.0 and y[1] == 1 + 2 ** -9 and np.isinf(y[2]) and y[3] == 0
    # i8: row [254, -127, 0.5, 1.5]: s_a = 2, x/s_a = [127, -63.5, 0.25, 0.75]
    # -> rint [127, -64, 0, 1] -> x' = [254, -128, 0, 2].
    x = np.array([[254, -127, 0.5, 1.5], [0, 0, 0, 0]], dtype=np.float32)
    xq, s_a = quantize_activation_i8(x)
    assert s_a[:, 0].tolist() == [2.0, 1.0] and xq[0].tolist() == [127, -64, 0, 1]
    assert fake_quant_activation(x, "i8").tolist() == [[254, -128, 0, 2], [0, 0, 0, 0]]
    # rank 3: per last-axis row
    x3 = np.random.default_rng(1).standard_normal((2, 3, 8)).astype(np.float32)
    assert (fake_quant_activation(x3, "i8").reshape(6, 8)
            == fake_quant_activation(x3.reshape(6, 8), "i8")).all()

    # Round-trip properties on random data: |W - W'| <= s/2 inside [mn, mx]
    # for RTN (z clamping can only push codes at the ends), codes in range.
    rng = np.random.default_rng(0)
    w = (rng.standard_normal((256, 48)) * rng.uniform(0.01, 2, 48)).astype(np.float32)
    for b in BITS:
        if b == 1:
            continue  # the sign code is no RTN grid; checked by hand above
        q, s, z = quantize_rtn(w, b, 128)
        assert q.max() <= 2 ** b - 1 and z.max() <= 2 ** b - 1
        wd = dequantize(q, s, z, 128)
        err = np.abs(wd.astype(np.float64) - w)
        bound = _expand(s, 128).astype(np.float64) * (0.5 + 1e-6)
        # With the zero point rounded, the grid is shifted by up to s/2, so
        # the end of the range can be off by up to s.
        assert (err <= 2 * bound).all(), b
        if b >= 2:
            assert np.mean(err <= bound) > 0.95, b
    q, s, z = quantize_ternary(w, 64)
    assert set(np.unique(q)) <= {0, 1, 2}

    # Exact i8 GEMM reference: agrees with a Fraction-based computation.
    from fractions import Fraction
    x = (rng.standard_normal((3, 16)) * 3).astype(np.float32)
    w = rng.standard_normal((16, 5)).astype(np.float32)
    q, s, z = quantize_rtn(w, 3, 8)
    y = lut_gemm_i8(x, q, s, z, 8)
    xq, s_a = quantize_activation_i8(x)
    for m in range(3):
        for n in range(5):
            acc = np.float32(0)
            for g in range(2):
                I = sum(int(xq[m, k]) * (int(q[k, n]) - int(z[g, n]))
                        for k in range(8 * g, 8 * g + 8))
                exact = Fraction(float(s_a[m, 0])) * Fraction(float(s[g, n])) * I
                part = _fraction_to_f32(exact)
                acc = np.float32(acc + part)
            assert y[m, n] == acc, (m, n, y[m, n], acc)
    # ... and is close to the dequantize-then-GEMM reference.
    y2 = lut_gemm_dequant(x, q, s, z, 8, "i8")
    assert np.allclose(y, y2, rtol=1e-5, atol=1e-5)
    # Midpoint handling of the exact rounding: 1 + 2^-24 (an f32 midpoint)
    # plus a tiny positive remainder must round up, minus one must round down.
    hi = np.array([1 + 2.0 ** -24, 1 + 2.0 ** -24, 1 + 2.0 ** -24])
    lo = np.array([2.0 ** -80, -2.0 ** -80, 0.0])
    r = _f32_of_exact(hi, lo)
    assert r.tolist() == [1 + 2.0 ** -23, 1.0, 1.0], r
    hi = np.array([1 + 3 * 2.0 ** -24, 1 + 3 * 2.0 ** -24])   # tie -> even = 1 + 2^-22
    lo = np.array([-2.0 ** -80, 2.0 ** -80])
    assert _f32_of_exact(hi, lo).tolist() == [1 + 2.0 ** -23, 1 + 2.0 ** -22]
    print("lutquant: self-test passed")


def _fraction_to_f32(fr):
    """Correctly rounded float32 of a Fraction (test helper; normal range)."""
    from fractions import Fraction
    if fr == 0:
        return np.float32(0)
    sign = -1 if fr < 0 else 1
    a = abs(fr)
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** e > a:
        e -= 1
    # a in [2^e, 2^(e+1)); 24-bit significand: units of 2^(e-23)
    unit = Fraction(2) ** (e - 23)
    m = a / unit
    n = m.numerator // m.denominator
    rem = m - n
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and n % 2 == 1):
        n += 1
    return np.float32(sign * float(n * unit))


if __name__ == "__main__":
    _self_test()
