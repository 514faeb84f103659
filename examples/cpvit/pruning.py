"""Reference (PyTorch, float32) token/head pruning for the bundled ViT: CP-ViT, EViT, ToMe.

This is the independent reference that Kiln's compiled pruning is checked
against. It works on vit_reference.ViTReference (examples/models/vit.onnx) and
on any object with the same methods (embed, attention_probs, attention_out,
mlp, final, depth, heads, head_dim, dim, grid).

Common semantics (all three policies)
-------------------------------------
* Tokens: position 0 is CLS and is never pruned or merged. "patches" P = 16.
  keep_schedule is a list of `depth` ints: keep[l] = number of non-CLS tokens
  left after the prune point of block l. Entries for l < first_layer are
  ignored (no pruning there). Shapes are static: the counts are the same for
  every input, only *which* tokens survive depends on the input.
* Prune point of block l: inside the block, after the attention residual
  (x = x + attn(norm1(x))) and before the MLP residual. So block l's
  attention runs on N_l = 1 + n_l tokens, and its MLP plus every later block
  on 1 + keep[l] tokens (EViT and ToMe place their reduction there in the
  papers; CP-ViT uses the same point so the score of block l includes block l).
  A block prunes only if l >= first_layer and keep[l] < n_l (the current
  non-CLS count), so removal cascades: a removed token never comes back.
* Top-k selection (select_topk): stable descending sort of the scores, the
  first k indices win (ties -> lower current position wins), then the kept
  indices are put back in ascending current position, i.e. survivors keep
  their relative order. Gathers are on the residual stream x [B, N, C].
* Static head pruning (kept_heads = per-layer lists of head ids, or None;
  Kiln's cp-vit-prune does this): the heads not listed are removed at that
  block for every input, as below. static_heads() picks them from the head
  importance averaged over calibration images (calibrated_head_importance).
* Per-input head pruning (head_keep = None, an int, or a per-layer list of ints): at
  blocks l >= first_layer with head_keep[l] < H, per input, the heads with
  the lowest importance are removed: their slice of concat_h(P_h V_h) is
  zeroed, which equals dropping those head_dim columns and the matching rows
  (input features) of the output projection weight (the proj bias stays).
  Head importance (head_importance): I_l[h] = mean over the current non-CLS
  key tokens j of max over all queries i (CLS included) of P_l[h, i, j] --
  the per-head term of the CP-ViT patch score, averaged: a head whose
  attention peaks sharply on patches is informative, a diffuse head is not.
  It is per layer (heads of different layers are different heads, so it is
  not accumulated). The head's probabilities are still computed (they are
  needed to score it) and still enter the token scores of that layer; only
  its P V product, its V columns and its proj rows are saved.

Policies
--------
* cp_vit: cumulative patch score. At every block l (from block 0, also
  before first_layer) s_l[j] = sum over heads h of max over queries i of
  P_l[h, i, j], for every current token j; S += s_l (S follows the tokens
  through gathers). At a prune point the top keep[l] non-CLS tokens by S
  survive.
* evit: a_j = mean over heads of P_l[h, 0, j] (CLS-query attention) for the
  non-CLS tokens. The top keep[l]-1 survive (so with the fused token the
  count is keep[l], the same as the other policies); the others (dropped set
  D) are fused into ONE token sum_{j in D} a_j x_j / sum_{j in D} a_j,
  appended after the survivors. An earlier fused token is an ordinary token
  at later layers (it can survive or be fused again).
* tome: bipartite soft matching with r_l = n_l - keep[l] (clamped to |A|).
  Metric = keys of block l averaged over heads (k.mean over H -> [B, N, d]),
  L2-normalised per token; the non-CLS tokens in current order are split
  alternately: A = ranks 0, 2, 4, ..., B = ranks 1, 3, 5, ...; similarity =
  A_norm @ B_norm^T (cosine); each A token's match is its most similar B
  token (ties -> lowest B rank); the r A tokens with the highest match
  similarity (stable descending sort) are merged into their matches: for a
  B token t with sources S_t, x_t <- (size_t x_t + sum_s size_s x_s) /
  (size_t + sum_s size_s) and size_t <- size_t + sum_s size_s; B tokens with
  no source are left bit-for-bit unchanged. Merged A tokens are deleted; all
  remaining tokens keep their current relative order (B tokens stay where
  they were). Sizes start at 1; proportional attention adds log(size_j) to
  the attention logits (after the 1/sqrt(d) scale) for every key j in every
  block (log 1 = 0, so it only matters after the first merge).

Schedules (see progressive_schedule, attention_range, layer_aware_schedule).
FLOPs rules: see count_flops.
"""

import math

import torch

LN_ELEM, LN_ROW = 7, 2          # LayerNorm FLOPs per element / per row
SOFTMAX_ELEM = 5                # max, subtract, exp, sum, divide
GELU_ELEM = 5                   # x/sqrt2, erf, +1, *x, *0.5 (the exported erf GELU)


# ------------------------------------------------------------------------------- helpers

def select_topk(scores, k):
    """Indices [B, k] of the k largest scores per row (ties -> lower index), ascending."""
    order = torch.sort(scores, dim=1, descending=True, stable=True).indices[:, :k]
    return torch.sort(order, dim=1).values


def _gather_tokens(t, idx):
    """t [B, N, ...] gathered along dim 1 by idx [B, k]."""
    if t.dim() == 2:
        return torch.gather(t, 1, idx)
    return torch.gather(t, 1, idx[..., None].expand(-1, -1, t.shape[-1]))


def _per_layer(value, depth):
    if value is None or isinstance(value, int):
        return [value] * depth
    value = list(value)
    if len(value) != depth:
        raise ValueError(f"need {depth} per-layer values, got {len(value)}")
    return value


def patch_score(probs):
    """CP-ViT score of block l: [B, N] = sum_h max_i probs[b, h, i, j]."""
    return probs.max(dim=2).values.sum(dim=1)


def head_importance(probs):
    """[B, H] = mean over non-CLS keys j of max over queries i of probs[b, h, i, j]."""
    return probs[:, :, :, 1:].max(dim=2).values.mean(dim=2)


# ------------------------------------------------------------------------------- the forward

def pruned_forward(model, x, policy, keep_schedule=None, head_keep=None, first_layer=1,
                   return_trace=False, kept_heads=None):
    """Runs the ViT with token policy 'cp_vit' | 'evit' | 'tome' | 'none' and head pruning.

    x float32 [B,1,28,28] (pixels / 255). Returns logits [B, 10], and with
    return_trace a dict: per-layer 'n_attn' (tokens in block l's attention),
    'n_mlp' (tokens after the prune point), 'heads' (heads whose P V is
    computed), 'pruned' (token reduction happened), 'ids' (original token id
    of every token after the prune point, [B, n_mlp]; -1 = an EViT fused token;
    ToMe: the id of the B token that absorbed the others), 'head_mask'
    (bool [B, H] or None), 'margin' (per image [B], the gap between the last
    kept and the first dropped selection score, or None; a tiny margin means
    a reimplementation may legitimately pick different tokens, so compare
    only inputs whose margins are well above the numerical noise), 'size_bias'
    (ToMe: whether a non-trivial log(size) was added), 'policy'.
    """
    depth, heads = model.depth, model.heads
    keep = _per_layer(keep_schedule, depth) if keep_schedule is not None else [None] * depth
    hkeep = _per_layer(head_keep, depth)
    x = model.embed(x)
    b, n_tok, _ = x.shape
    ids = torch.arange(n_tok).expand(b, n_tok).clone()
    cum = torch.zeros(b, n_tok, dtype=x.dtype)
    size = torch.ones(b, n_tok, dtype=x.dtype)
    merged_any = False
    trace = {k: [] for k in ("n_attn", "n_mlp", "heads", "pruned", "ids", "head_mask",
                             "margin", "size_bias")}
    trace["policy"] = policy
    for layer in range(depth):
        active = layer >= first_layer
        n_attn = x.shape[1]
        key_bias = torch.log(size) if (policy == "tome" and merged_any) else None
        trace["size_bias"].append(key_bias is not None)
        _, k, v, probs = model.attention_probs(layer, x, key_bias)
        head_mask = None
        if active and kept_heads is not None and kept_heads[layer] is not None \
                and len(kept_heads[layer]) < heads:
            head_mask = torch.zeros(b, heads, dtype=torch.bool)
            head_mask[:, list(kept_heads[layer])] = True
        elif active and hkeep[layer] is not None and hkeep[layer] < heads:
            imp = head_importance(probs)
            top_heads = select_topk(imp, hkeep[layer])
            head_mask = torch.zeros(b, heads, dtype=torch.bool)
            head_mask.scatter_(1, top_heads, True)
        x = x + model.attention_out(layer, probs, v, head_mask)
        if policy == "cp_vit":
            cum = cum + patch_score(probs)
        n = x.shape[1] - 1
        target = keep[layer]
        pruned, margin = False, None
        if active and policy != "none" and target is not None and target < n:
            pruned = True
            if policy == "cp_vit":
                s = cum[:, 1:]
                idx = select_topk(s, target)
                margin = _margin(s, target)
                idx = torch.cat((torch.zeros(b, 1, dtype=idx.dtype), idx + 1), dim=1)
                x, ids, cum = _gather_tokens(x, idx), _gather_tokens(ids, idx), \
                    _gather_tokens(cum, idx)
            elif policy == "evit":
                x, ids, margin = _evit_reduce(x, ids, probs, target)
            elif policy == "tome":
                x, ids, size, margin = _tome_merge(x, ids, size, k, n - target)
                merged_any = True
            else:
                raise ValueError(f"unknown policy {policy}")
        trace["n_attn"].append(n_attn)
        trace["n_mlp"].append(x.shape[1])
        trace["heads"].append(heads if head_mask is None else int(head_mask[0].sum()))
        trace["pruned"].append(pruned)
        trace["ids"].append(ids.clone())
        trace["head_mask"].append(head_mask)
        trace["margin"].append(margin)
        x = x + model.mlp(layer, x)
    logits = model.final(x)
    return (logits, trace) if return_trace else logits


def _margin(scores, k):
    s = torch.sort(scores, dim=1, descending=True).values
    return s[:, k - 1] - s[:, k] if k < scores.shape[1] else None


def _evit_reduce(x, ids, probs, target):
    b = x.shape[0]
    a = probs[:, :, 0, 1:].mean(dim=1)                     # [B, n] CLS attention
    n = a.shape[1]
    n_keep = target - 1
    order = torch.sort(a, dim=1, descending=True, stable=True).indices
    kept = torch.sort(order[:, :n_keep], dim=1).values
    dropped = order[:, n_keep:]                            # descending attention order
    margin = _margin(a, n_keep) if n_keep > 0 else None
    body = x[:, 1:]
    wd = torch.gather(a, 1, dropped)                       # [B, D]
    xd = _gather_tokens(body, dropped)                     # [B, D, C]
    fused = (xd * wd[..., None]).sum(dim=1, keepdim=True) / wd.sum(dim=1)[:, None, None]
    x = torch.cat((x[:, :1], _gather_tokens(body, kept), fused), dim=1)
    ids = torch.cat((ids[:, :1], torch.gather(ids[:, 1:], 1, kept),
                     torch.full((b, 1), -1, dtype=ids.dtype)), dim=1)
    assert x.shape[1] == 1 + target and n >= target
    return x, ids, margin


def _tome_merge(x, ids, size, k, r):
    b, n_all, c = x.shape
    n = n_all - 1
    metric = k.mean(dim=1)[:, 1:]                          # [B, n, d]
    metric = metric / metric.norm(dim=-1, keepdim=True)
    ma, mb = metric[:, 0::2], metric[:, 1::2]
    na = ma.shape[1]
    r = min(r, na)
    sim = ma @ mb.transpose(1, 2)                          # [B, nA, nB]
    best = torch.sort(sim, dim=2, descending=True, stable=True)
    node_max, node_idx = best.values[:, :, 0], best.indices[:, :, 0]
    edge = torch.sort(node_max, dim=1, descending=True, stable=True).indices
    src_a = edge[:, :r]                                    # A ranks merged away
    margin = _margin(node_max, r) if r < na else None
    dst_b = torch.gather(node_idx, 1, src_a)               # their B ranks
    src_pos = 1 + 2 * src_a                                # positions in x
    dst_pos = 2 + 2 * dst_b
    sx = _gather_tokens(x, src_pos) * _gather_tokens(size, src_pos)[..., None]
    ssz = _gather_tokens(size, src_pos)
    acc_x = x * size[..., None]
    acc_x = acc_x.scatter_add(1, dst_pos[..., None].expand(-1, -1, c), sx)
    new_size = size.scatter_add(1, dst_pos, ssz)
    touched = torch.zeros(b, n_all, dtype=torch.bool).scatter_(1, dst_pos, True)
    x = torch.where(touched[..., None], acc_x / new_size[..., None], x)
    size = torch.where(touched, new_size, size)
    alive = torch.ones(b, n_all, dtype=torch.bool).scatter_(1, src_pos, False)
    # stable sort of "dead" flags: survivors first, in their current order
    idx = torch.sort((~alive).to(torch.int8), dim=1, stable=True).indices[:, :n_all - r]
    return (_gather_tokens(x, idx), torch.gather(ids, 1, idx), torch.gather(size, 1, idx),
            margin)


def cp_vit(model, x, keep_schedule, head_keep=None, first_layer=1, return_trace=False):
    """CP-ViT cumulative-patch-score pruning (see the module docstring)."""
    return pruned_forward(model, x, "cp_vit", keep_schedule, head_keep, first_layer,
                          return_trace)


def evit(model, x, keep_schedule, head_keep=None, first_layer=1, return_trace=False):
    """EViT: keep the top keep[l]-1 tokens by CLS attention, fuse the rest into one token."""
    return pruned_forward(model, x, "evit", keep_schedule, head_keep, first_layer,
                          return_trace)


def tome(model, x, keep_schedule=None, head_keep=None, first_layer=1, r=None,
         return_trace=False):
    """ToMe bipartite soft matching; keep_schedule or a constant r per layer >= first_layer."""
    if keep_schedule is None:
        if r is None:
            raise ValueError("tome needs keep_schedule or r")
        keep_schedule = constant_r_schedule(model.depth, model.grid ** 2, r, first_layer)
    return pruned_forward(model, x, "tome", keep_schedule, head_keep, first_layer,
                          return_trace)


# ------------------------------------------------------------------------------- schedules

def _counts(ratios, patches):
    """keep ratio -> token count: max(1, floor(r * P + 0.5)), then forced non-increasing."""
    out, prev = [], patches
    for r in ratios:
        k = max(1, min(prev, int(math.floor(r * patches + 0.5))))
        out.append(k)
        prev = k
    return out


def progressive_schedule(final_ratio, first_layer=1, depth=6, patches=16, mode="geometric"):
    """Per-layer patch counts keep[l] from a target final keep ratio rho.

    Layers l < first_layer keep all P patches. For f = first_layer, the L - f
    pruned layers l = f .. L-1 get ratio
      geometric: r_l = rho ** ((l - f + 1) / (L - f))
      linear:    r_l = 1 - (1 - rho) * (l - f + 1) / (L - f)
    so the last block's prune point reaches rho; counts via _counts.
    """
    steps = depth - first_layer
    ratios = []
    for l in range(depth):
        if l < first_layer:
            ratios.append(1.0)
            continue
        t = (l - first_layer + 1) / steps
        ratios.append(final_ratio ** t if mode == "geometric" else 1 - (1 - final_ratio) * t)
    return _counts(ratios, patches)


def constant_r_schedule(depth, patches, r, first_layer=1):
    """ToMe's classic schedule: r tokens removed at every block >= first_layer."""
    out, n = [], patches
    for l in range(depth):
        if l >= first_layer:
            n = max(1, n - r)
        out.append(n)
    return out


def attention_range(model, x):
    """Per-layer attention range D_l of the unpruned model on calibration images x.

    D_l = mean over images b, heads h and query patches i of
          sum_j P[b,h,i,j] * ||g_i - g_j||_2 / sum_j P[b,h,i,j],
    where i, j run over the patch tokens only (CLS row and column excluded;
    the patch-key probabilities are renormalised) and g is the (row, col)
    position on the 4x4 patch grid in patch units.
    """
    g = model.grid
    rows = torch.arange(g * g) // g
    cols = torch.arange(g * g) % g
    pos = torch.stack((rows, cols), dim=1).to(torch.float32)
    dist = torch.cdist(pos, pos)                           # [P, P]
    with torch.no_grad():
        _, attns = model.forward(x, return_attn=True)
    out = []
    for p in attns:
        pp = p[:, :, 1:, 1:]
        pp = pp / pp.sum(dim=-1, keepdim=True)
        out.append(float((pp * dist).sum(dim=-1).mean()))
    return out


def calibrated_head_importance(model, x):
    """Per layer, per head: head_importance of the unpruned model averaged over images x."""
    with torch.no_grad():
        _, attns = model.forward(x, return_attn=True)
    return [head_importance(p).mean(dim=0).tolist() for p in attns]


def calibrated_head_output(model, x):
    """Per layer, per head: mean over images x and tokens i of the L2 norm of the head's
    share of the attention output, || sum_j P[h,i,j] v_h[j] Wproj[:, head h cols]^T ||,
    on the unpruned model (Kiln's default head score, head-score=output)."""
    out = []
    with torch.no_grad():
        t = model.embed(x)
        for layer in range(model.depth):
            _, _, v, p = model.attention_probs(layer, t)
            ctx = p @ v                                        # [B, H, N, d]
            w = model.w[f"blocks.{layer}.attn.proj.weight"]    # [C_out, C_in]
            d = model.head_dim
            out.append([float((ctx[:, h] @ w[:, h * d:(h + 1) * d].T).norm(dim=-1).mean())
                        for h in range(model.heads)])
            t = t + model.attention_out(layer, p, v)
            t = t + model.mlp(layer, t)
    return out


def static_heads(importance, count, first_layer=1):
    """Static head selection (what a compiler can bake into the weights): per layer
    l >= first_layer the `count` heads with the highest calibrated importance
    (stable: ties -> lower head id), ascending; None (all heads) before."""
    out = []
    for l, imp in enumerate(importance):
        if l < first_layer or count >= len(imp):
            out.append(None)
            continue
        order = sorted(range(len(imp)), key=lambda h: -imp[h])  # sorted() is stable
        out.append(sorted(order[:count]))
    return out


def layer_aware_schedule(final_ratio, ranges, first_layer=1, patches=16, alpha=1.0):
    """Progressive schedule whose per-layer reduction follows the attention range.

    The geometric schedule splits log(rho) evenly over the pruned layers
    f .. L-1. Here layer l gets the share w_l / sum_{m>=f} w_m with
      w_l = (1 - alpha) + alpha * D_l / mean_{m>=f} D_m
    (D = attention_range). So r_l = rho ** (sum_{m=f..l} w_m / sum_{m=f..L-1} w_m):
    the schedule still ends at rho and is non-increasing; a block whose
    attention reaches far across the grid (large D_l: it has mixed global
    information into every token, so individual patches are more redundant
    afterwards) prunes more, a local-attention block prunes less. alpha = 0
    gives the geometric schedule.
    """
    depth = len(ranges)
    sel = ranges[first_layer:]
    mean = sum(sel) / len(sel)
    w = [(1 - alpha) + alpha * d / mean for d in sel]
    total, acc, ratios = sum(w), 0.0, []
    for l in range(depth):
        if l < first_layer:
            ratios.append(1.0)
            continue
        acc += w[l - first_layer]
        ratios.append(final_ratio ** (acc / total))
    return _counts(ratios, patches)


# ------------------------------------------------------------------------------- FLOPs

def count_flops(model, trace):
    """FLOPs of one image's pruned forward, from a pruned_forward trace.

    Rules (per image; MAC = 2 FLOPs; a Linear with bias = 2*N*in*out + N*out):
      input normalise 2*784; patch conv 2*16*64*49 + 16*64 (bias); + pos 17*64.
      Block l, N = n_attn tokens, M = n_mlp tokens, H heads, h = heads whose
      P V is computed, d = head_dim, C = dim, F = mlp_dim:
        LayerNorm: 7 per element + 2 per row (eps add, sqrt) -> LN1 on N, LN2 on M
        q, k Linear on N (all heads: every head's P is needed to score it);
        v Linear only for the h kept heads: 2*N*C*h*d + N*h*d
        q k^T 2*H*N*N*d; scale H*N*N; ToMe log(size) bias H*N*N once merging
        has happened; softmax 5 per element (max, sub, exp, sum, div) * H*N*N
        P V 2*h*N*N*d; proj 2*N*h*d*C + N*C; residual add N*C
        fc1 2*M*C*F + M*F; GELU 5*M*F; fc2 2*M*F*C + M*C; residual M*C
      Policy overhead (reductions count 1 per element read; top-k/sort,
      gather and scatter moves count 0):
        cp_vit: every block up to the last one that prunes: H*N*N (max over
          queries) + H*N (sum over heads) + N (accumulate)
        head pruning (block with h < H): H*N*N (max) + H*N (mean)
        evit (pruning block): H*n (mean over heads) + D*C*2 + D + C (fusion
          of D dropped tokens: multiply-add, weight sum, divide)
        tome (pruning block): H*N*d (key mean) + 3*n*d (L2 normalise)
          + 2*nA*nB*d (cosine similarity matmul) + nA*nB (max) + merge
          4*r*C (size scale of src and dst, add, divide) + 2*r (sizes)
      Final LayerNorm on the remaining tokens, head 2*C*10 + 10.
    Returns the total as an int.
    """
    c, f, heads, d = model.dim, model.mlp_dim, model.heads, model.head_dim
    p = model.grid ** 2
    total = 2 * 784 + 2 * p * c * model.patch ** 2 + p * c + (p + 1) * c
    policy = trace["policy"]
    last_prune = max([i for i, x in enumerate(trace["pruned"]) if x], default=-1)
    for l in range(len(trace["n_attn"])):
        n, m, h = trace["n_attn"][l], trace["n_mlp"][l], trace["heads"][l]
        total += LN_ELEM * n * c + LN_ROW * n
        total += 2 * (2 * n * c * c + n * c)
        total += 2 * n * c * h * d + n * h * d
        total += 2 * heads * n * n * d + heads * n * n + SOFTMAX_ELEM * heads * n * n
        if trace["size_bias"][l]:
            total += heads * n * n
        total += 2 * h * n * n * d
        total += 2 * n * h * d * c + n * c + n * c
        total += LN_ELEM * m * c + LN_ROW * m
        total += 2 * m * c * f + m * f + GELU_ELEM * m * f + 2 * m * f * c + m * c + m * c
        if h < heads:
            total += heads * n * n + heads * n
        if policy == "cp_vit" and l <= last_prune:
            total += heads * n * n + heads * n + n
        if trace["pruned"][l]:
            nb = n - 1
            if policy == "evit":
                dropped = nb - (m - 2)
                total += heads * nb + 2 * dropped * c + dropped + c
            elif policy == "tome":
                r = n - m
                na, nbb = (nb + 1) // 2, nb // 2
                total += heads * n * d + 3 * nb * d + 2 * na * nbb * d + na * nbb
                total += 4 * r * c + 2 * r
    nf = trace["n_mlp"][-1]
    total += LN_ELEM * nf * c + LN_ROW * nf + 2 * c * 10 + 10
    return int(total)


def flops_of(model, policy, keep_schedule=None, head_keep=None, first_layer=1,
             kept_heads=None):
    """count_flops for a configuration (shapes are static: traced on one blank image)."""
    with torch.no_grad():
        _, trace = pruned_forward(model, torch.zeros(1, 1, 28, 28), policy, keep_schedule,
                                  head_keep, first_layer, return_trace=True,
                                  kept_heads=kept_heads)
    return count_flops(model, trace)
