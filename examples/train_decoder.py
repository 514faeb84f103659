#!/usr/bin/python3
"""Trains a tiny LLaMA-style byte-level decoder on fortune cookies and exports
examples/models/decoder_prefill.onnx and examples/models/decoder_decode.onnx.

Usage: /usr/bin/python3 examples/train_decoder.py [--steps N] [--kv-heads H]
                                                  [--name decoder]

Data: every fortune file of Debian's `fortunes` and `fortunes-min` packages
(/usr/share/games/fortunes/*, about 2.5 MB of English text, 15k fortunes),
split into fortunes at the "%" lines; a seeded shuffle holds out 5% of the
fortunes for evaluation. Bytes are the tokens (vocabulary 256).

Model: 4 decoder layers, dim 128, 4 heads of 32, no biases. Each layer:
RMSNorm -> q/k/v projections -> rotary position embeddings (rotate-half form,
base 10000) on q and k -> causal softmax(q k^T / sqrt(32)) v -> output
projection -> residual; RMSNorm -> SiLU-gated MLP down(silu(gate(x)) * up(x)),
hidden 256 -> residual. Final RMSNorm and a head tied to the token embedding.

Exported graphs (opset 14, static shapes; P = T = 32, L = 0..3):
  decoder_prefill.onnx  "tokens" int64 [1,32]
                        -> "logits" [1,32,256], "present_key_L"/"present_value_L"
                           [1,4,32,32] (keys after the rotary embedding)
  decoder_decode.onnx   "token" int64 [1,1], "past_key_L"/"past_value_L" [1,4,32,32]
                        -> "logits" [1,1,256], "present_key_L"/"present_value_L"
                           [1,4,33,32]
  decoder_step.onnx     the same decode step over a fixed-capacity cache, for
                        generation loops: "token" int64 [1,1], "position"
                        int64 [1] (the number of cached tokens), "past_key_L"/
                        "past_value_L" [1,4,C,32] with C = 128 -> "logits",
                        "present_key_L"/"present_value_L" [1,4,C,32]: the new
                        key/value written at `position` (Where(Equal(arange,
                        position), new, past)), keys after it masked
                        (Where(Greater(arange, position), -inf, scores)), the
                        rotary cos/sin gathered at `position`.
With --kv-heads H < 4 the model uses grouped-query attention (H key/value heads,
4/H query heads per group, query head h on kv head h // (4/H) as HuggingFace's
repeat_kv; the caches have H heads, and the group's queries are stacked along
the query axis: q [1,H,4/H*seq,32] @ k^T); --name names
the three files <name>_prefill/_decode/_step.onnx.
The decode step's position is the constant T = 32 (its rotary cos/sin are
constants), so it continues exactly a 32-token prefill. Its one query attends to
all T+1 keys, so it has no mask; the prefill's causal mask is a constant
(Where(mask, -inf, scores)).

The script checks, with torch, that the modules it exports reproduce a
full-sequence forward pass (prefill logits vs. the first 32 positions, and the
decode step after the prefill vs. position 33: max abs diff < 1e-4), prints the
held-out loss in nats/byte and its perplexity, and checks both files with
onnx.checker and strict shape inference.
"""

import argparse
import math
import os
import sys
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fmnist  # noqa: E402  (torch set-up and the ONNX checks)
import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

SEED = 0
FORTUNE_DIR = "/usr/share/games/fortunes"
HELD_OUT = 0.05
VOCAB, DIM, LAYERS, HEADS, FFN = 256, 128, 4, 4, 256
HEAD_DIM = DIM // HEADS
KV_HEADS = HEADS    # --kv-heads: grouped-query attention when < HEADS
CAPACITY = 128      # cache capacity of the fixed-capacity decode step
TRAIN_SEQ, BATCH = 128, 16
P = T = 32          # prefill length; past length of the decode step
MAX_POS = max(TRAIN_SEQ, T + 1)
ROPE_BASE = 10000.0


# ------------------------------------------------------------------- data

def load_fortunes():
    """Returns (train bytes, held-out bytes) as uint8 arrays.

    Reads every fortune database (a text file with a .dat index beside it) in
    FORTUNE_DIR, splits it into fortunes at the "%" lines, shuffles all
    fortunes with SEED and holds out HELD_OUT of them. Each fortune is
    followed by "\\n%\\n" as in the files."""
    if not os.path.isfile(os.path.join(FORTUNE_DIR, "computers")):
        sys.exit(f"{FORTUNE_DIR}/computers: not found; install Debian's "
                 "fortunes package (apt-get install fortunes)")
    fortunes = []
    for name in sorted(os.listdir(FORTUNE_DIR)):
        path = os.path.join(FORTUNE_DIR, name)
        if "." in name or os.path.islink(path) or not os.path.isfile(path + ".dat"):
            continue
        with open(path, "rb") as f:
            text = f.read()
        for item in text.split(b"\n%\n"):
            item = item.strip(b"%\n")
            if item:
                fortunes.append(item + b"\n%\n")
    order = np.random.RandomState(SEED).permutation(len(fortunes))
    n_held = int(round(HELD_OUT * len(fortunes)))
    held = b"".join(fortunes[i] for i in order[:n_held])
    train = b"".join(fortunes[i] for i in order[n_held:])
    return (np.frombuffer(train, dtype=np.uint8), np.frombuffer(held, dtype=np.uint8),
            len(fortunes), n_held)


# ------------------------------------------------------------------ model

class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotate_half(x):
    # Constant slice bounds (x.chunk() would trace to computed bounds).
    half = HEAD_DIM // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn_norm = RMSNorm(DIM)
        self.q_proj = nn.Linear(DIM, DIM, bias=False)
        self.k_proj = nn.Linear(DIM, KV_HEADS * HEAD_DIM, bias=False)
        self.v_proj = nn.Linear(DIM, KV_HEADS * HEAD_DIM, bias=False)
        self.o_proj = nn.Linear(DIM, DIM, bias=False)
        self.mlp_norm = RMSNorm(DIM)
        self.gate_proj = nn.Linear(DIM, FFN, bias=False)
        self.up_proj = nn.Linear(DIM, FFN, bias=False)
        self.down_proj = nn.Linear(FFN, DIM, bias=False)

    def forward(self, h, seq, cos, sin, mask, past=None, update=None):
        """h [B, seq, DIM]; cos/sin [seq, HEAD_DIM] for the new positions
        (or [B, 1, 1, HEAD_DIM]); mask: bool [seq, keys] (True = masked,
        broadcastable) or None; past: (k, v) or None. `update`, a bool
        [B, 1, C, 1] one-hot of the write position, writes the new key/value
        into a fixed-capacity past instead of appending.
        Returns h and the (k, v) cache including the new positions."""
        x = self.attn_norm(h)

        def heads(t, n):  # [B, seq, n*HEAD_DIM] -> [B, n, seq, HEAD_DIM]
            return t.reshape(-1, seq, n, HEAD_DIM).transpose(1, 2)

        q = heads(self.q_proj(x), HEADS)
        k, v = heads(self.k_proj(x), KV_HEADS), heads(self.v_proj(x), KV_HEADS)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if update is not None:
            k = torch.where(update, k, past[0])
            v = torch.where(update, v, past[1])
        elif past is not None:
            k = torch.cat((past[0], k), dim=2)
            v = torch.cat((past[1], v), dim=2)
        cache = (k, v)
        group = HEADS // KV_HEADS
        if group > 1:
            # Grouped-query attention: the `group` query heads of each key/
            # value head (query head h uses kv head h // group, as repeat_kv
            # does) are stacked along the query axis, so the cache is read
            # once per kv head (and the export keeps static shapes).
            q = q.reshape(-1, KV_HEADS, group * seq, HEAD_DIM)
            if mask is not None and mask.dim() == 2:
                mask = mask.repeat(group, 1)
        scores = q @ k.transpose(2, 3) / math.sqrt(HEAD_DIM)
        if mask is not None:
            scores = scores.masked_fill(mask, float("-inf"))
        attn = torch.softmax(scores, dim=-1) @ v
        if group > 1:
            attn = attn.reshape(-1, HEADS, seq, HEAD_DIM)
        h = h + self.o_proj(attn.transpose(1, 2).reshape(-1, seq, DIM))
        x = self.mlp_norm(h)
        h = h + self.down_proj(nn.functional.silu(self.gate_proj(x)) * self.up_proj(x))
        return h, cache


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, DIM)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.norm = RMSNorm(DIM)
        self.head = nn.Linear(DIM, VOCAB, bias=False)
        self.head.weight = self.embed.weight  # tied
        inv_freq = 1.0 / ROPE_BASE ** (torch.arange(0, HEAD_DIM, 2).float() / HEAD_DIM)
        angles = torch.outer(torch.arange(MAX_POS).float(), inv_freq)
        angles = torch.cat((angles, angles), dim=-1)  # [MAX_POS, HEAD_DIM]
        self.register_buffer("cos", angles.cos(), persistent=False)
        self.register_buffer("sin", angles.sin(), persistent=False)
        self.register_buffer("causal", torch.triu(
            torch.ones(MAX_POS, MAX_POS, dtype=torch.bool), diagonal=1), persistent=False)
        for name, p in self.named_parameters():
            if p.dim() == 2:
                std = 0.02 / math.sqrt(2 * LAYERS) if name.endswith(
                    ("o_proj.weight", "down_proj.weight")) else 0.02
                nn.init.normal_(p, 0.0, std)

    def run(self, tokens, start, seq, past=None):
        """Positions start .. start+seq-1 given the caches of positions 0..start-1.
        `start` and `seq` are Python ints (constants in the exported graphs).
        Returns logits [B, seq, VOCAB] and the per-layer (k, v) caches."""
        cos, sin = self.cos[start:start + seq], self.sin[start:start + seq]
        # Query i (position start+i) sees keys 0 .. start+i; one query sees all.
        mask = self.causal[start:start + seq, :start + seq] if seq > 1 else None
        h = self.embed(tokens)
        caches = []
        for i, layer in enumerate(self.layers):
            h, cache = layer(h, seq, cos, sin, mask, None if past is None else past[i])
            caches.append(cache)
        return self.head(self.norm(h)), caches

    def forward(self, tokens):  # training / full-sequence reference
        return self.run(tokens, 0, tokens.shape[1])[0]

    def step(self, token, position, past):
        """One token at per-sequence `position` (int64 [B]) over
        fixed-capacity caches past[i] = (k, v) [B, KV_HEADS, CAPACITY,
        HEAD_DIM]; returns logits [B, 1, VOCAB] and the updated caches."""
        slots = torch.arange(CAPACITY)
        update = (slots[None, :] == position[:, None])[:, None, :, None]
        mask = (slots[None, :] > position[:, None])[:, None, None, :]
        cos = self.cos[position][:, None, None, :]
        sin = self.sin[position][:, None, None, :]
        h = self.embed(token)
        caches = []
        for i, layer in enumerate(self.layers):
            h, cache = layer(h, 1, cos, sin, mask, past[i], update)
            caches.append(cache)
        return self.head(self.norm(h)), caches


class Prefill(nn.Module):
    """tokens [1,P] -> logits [1,P,VOCAB], present_key_0, present_value_0, ..."""

    def __init__(self, decoder):
        super().__init__()
        self.decoder = decoder

    def forward(self, tokens):
        logits, caches = self.decoder.run(tokens, 0, P)
        return (logits, *[t for kv in caches for t in kv])


class DecodeStep(nn.Module):
    """token [1,1] at position T, past_key_0, past_value_0, ... [1,HEADS,T,HEAD_DIM]
    -> logits [1,1,VOCAB], present_key_0, present_value_0, ... [1,HEADS,T+1,HEAD_DIM]"""

    def __init__(self, decoder):
        super().__init__()
        self.decoder = decoder

    def forward(self, token, *past):
        pairs = [(past[2 * i], past[2 * i + 1]) for i in range(LAYERS)]
        logits, caches = self.decoder.run(token, T, 1, pairs)
        return (logits, *[t for kv in caches for t in kv])


class FixedStep(nn.Module):
    """token [1,1], position [1], past_key_0, past_value_0, ... [1,KV_HEADS,C,HEAD_DIM]
    -> logits [1,1,VOCAB], present_key_0, present_value_0, ... (same shapes)"""

    def __init__(self, decoder):
        super().__init__()
        self.decoder = decoder

    def forward(self, token, position, *past):
        pairs = [(past[2 * i], past[2 * i + 1]) for i in range(LAYERS)]
        logits, caches = self.decoder.step(token, position, pairs)
        return (logits, *[t for kv in caches for t in kv])


# --------------------------------------------------------------- training

def batches(data, rng):
    starts = rng.randint(0, len(data) - TRAIN_SEQ - 1, BATCH)
    chunk = np.stack([data[s:s + TRAIN_SEQ + 1] for s in starts]).astype(np.int64)
    chunk = torch.from_numpy(chunk)
    return chunk[:, :-1], chunk[:, 1:]


def held_out_loss(model, data, batch=16):
    """Mean next-byte cross-entropy (nats/byte) over non-overlapping windows
    covering the whole held-out text (each window predicts TRAIN_SEQ bytes)."""
    model.eval()
    n = (len(data) - 1) // TRAIN_SEQ
    x = torch.from_numpy(data[:n * TRAIN_SEQ].astype(np.int64)).view(n, TRAIN_SEQ)
    y = torch.from_numpy(data[1:n * TRAIN_SEQ + 1].astype(np.int64)).view(n, TRAIN_SEQ)
    total = 0.0
    with torch.no_grad():
        for i in range(0, n, batch):
            logits = model(x[i:i + batch])
            total += nn.functional.cross_entropy(
                logits.reshape(-1, VOCAB), y[i:i + batch].reshape(-1),
                reduction="sum").item()
    return total / (n * TRAIN_SEQ)


def train(model, data, steps, lr):
    rng = np.random.RandomState(SEED)
    decay = [p for n, p in model.named_parameters() if p.dim() == 2]
    other = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1},
                             {"params": other, "weight_decay": 0.0}],
                            lr=lr, betas=(0.9, 0.95))
    warmup = max(1, steps // 20)

    def schedule(step):  # linear warm-up, cosine decay to 10%
        if step < warmup:
            return (step + 1) / warmup
        progress = (step - warmup) / max(1, steps - warmup)
        return 0.1 + 0.45 * (1 + math.cos(math.pi * progress))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, schedule)
    start, running = time.time(), None
    model.train()
    for step in range(steps):
        x, y = batches(data, rng)
        loss = nn.functional.cross_entropy(model(x).reshape(-1, VOCAB), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        running = loss.item() if running is None else 0.98 * running + 0.02 * loss.item()
        if (step + 1) % max(1, steps // 5) == 0 or step + 1 == steps:
            print(f"  step {step + 1}/{steps}: train loss {running:.3f} "
                  f"({time.time() - start:.0f} s)", flush=True)
    return time.time() - start


def sample(model, prompt, n, rng):
    model.eval()
    tokens = list(prompt)
    with torch.no_grad():
        for _ in range(n):
            logits = model(torch.tensor([tokens[-TRAIN_SEQ:]]))[0, -1]
            probs = torch.softmax(logits / 0.8, dim=-1).numpy().astype(np.float64)
            tokens.append(int(rng.choice(VOCAB, p=probs / probs.sum())))
    return bytes(tokens[len(prompt):])


# ----------------------------------------------------------------- export

def verify_cache_modules(model, held):
    """Prefill + one decode step (the modules exported) vs. a full forward pass."""
    model.eval()
    tokens = torch.from_numpy(held[:P + 1].astype(np.int64))[None]
    with torch.no_grad():
        full = model(tokens)                                    # [1, P+1, VOCAB]
        pre = Prefill(model)(tokens[:, :P])
        step = DecodeStep(model)(tokens[:, P:], *pre[1:])
    diff_prefill = (pre[0] - full[:, :P]).abs().max().item()
    diff_decode = (step[0][:, 0] - full[:, P]).abs().max().item()
    print(f"decoder: torch check: prefill logits vs. full forward max |diff| "
          f"{diff_prefill:.2e}, decode step vs. full forward position {P} "
          f"{diff_decode:.2e}", flush=True)
    if not (diff_prefill < 1e-4 and diff_decode < 1e-4):
        sys.exit("decoder: the prefill/decode modules do not match the full forward pass")
    # The fixed-capacity step, fed the prefill's cache padded to CAPACITY,
    # must give the same logits, and again one position later.
    tokens2 = torch.from_numpy(held[:P + 2].astype(np.int64))[None]
    with torch.no_grad():
        full2 = model(tokens2)
        past = [torch.nn.functional.pad(t, (0, 0, 0, CAPACITY - P)) for t in pre[1:]]
        step = FixedStep(model)
        out = step(tokens2[:, P:P + 1], torch.tensor([P]), *past)
        out2 = step(tokens2[:, P + 1:P + 2], torch.tensor([P + 1]), *out[1:])
    diff_fixed = max((out[0][:, 0] - full2[:, P]).abs().max().item(),
                     (out2[0][:, 0] - full2[:, P + 1]).abs().max().item())
    print(f"decoder: torch check: fixed-capacity step vs. full forward positions "
          f"{P}, {P + 1}: max |diff| {diff_fixed:.2e}", flush=True)
    if not diff_fixed < 1e-4:
        sys.exit("decoder: the fixed-capacity step does not match the full forward pass")
    return tokens, max(diff_prefill, diff_decode, diff_fixed)


def export(module, args, name, inputs, outputs, metadata):
    path = os.path.join(fmnist.MODELS_DIR, name + ".onnx")
    module.eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        torch.onnx.export(module, args, path, opset_version=fmnist.OPSET,
                          do_constant_folding=True, input_names=list(inputs),
                          output_names=list(outputs))
    ops = fmnist.check_onnx(path, inputs, outputs, metadata)
    fmnist.print_ops(path, ops)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=1200)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--kv-heads", type=int, default=HEADS,
                        help="key/value heads (grouped-query attention when < 4)")
    parser.add_argument("--name", default="decoder",
                        help="file prefix: <name>_prefill/_decode/_step.onnx")
    args = parser.parse_args()
    global KV_HEADS
    if args.kv_heads < 1 or HEADS % args.kv_heads:
        sys.exit(f"--kv-heads must divide {HEADS}")
    KV_HEADS = args.kv_heads
    fmnist.setup_torch(SEED)
    train_data, held, n_fortunes, n_held = load_fortunes()
    model = Decoder()
    params = fmnist.count_params(model)
    print(f"decoder: {params} parameters; {len(train_data)} training bytes, "
          f"{len(held)} held-out bytes ({n_held} of {n_fortunes} fortunes); "
          f"{args.steps} steps of {BATCH}x{TRAIN_SEQ} bytes (1 thread)", flush=True)
    seconds = train(model, train_data, args.steps, args.lr)
    loss = held_out_loss(model, held)
    print(f"decoder: held-out loss {loss:.4f} nats/byte ({loss / math.log(2):.3f} "
          f"bits/byte), perplexity {math.exp(loss):.2f}; trained in {seconds:.0f} s",
          flush=True)
    text = sample(model, b"A ", 80, np.random.RandomState(SEED))
    print("decoder: sample: A " + text.decode("latin-1").replace("\n", " | "), flush=True)

    tokens, max_diff = verify_cache_modules(model, held)
    metadata = {"kiln.model": "decoder", "kiln.params": params,
                "kiln.held_out_loss": f"{loss:.4f}",
                "kiln.held_out_ppl": f"{math.exp(loss):.3f}",
                "kiln.train_seconds": f"{seconds:.0f}", "kiln.steps": args.steps,
                "kiln.seed": SEED, "kiln.prefill": P, "kiln.past": T,
                "kiln.heads": HEADS, "kiln.kv_heads": KV_HEADS,
                "kiln.capacity": CAPACITY,
                "kiln.script": "examples/train_decoder.py"}
    cache = [1, KV_HEADS, T, HEAD_DIM]
    names = [f"{kind}_{i}" for i in range(LAYERS) for kind in ("key", "value")]
    with torch.no_grad():
        pre = Prefill(model)(tokens[:, :P])
        export(Prefill(model), (tokens[:, :P],), args.name + "_prefill",
               {"tokens": [1, P]},
               {"logits": [1, P, VOCAB],
                **{f"present_{n}": [1, KV_HEADS, P, HEAD_DIM] for n in names}},
               dict(metadata, **{"kiln.graph": "prefill"}))
        export(DecodeStep(model), (tokens[:, P:], *pre[1:]), args.name + "_decode",
               {"token": [1, 1], **{f"past_{n}": cache for n in names}},
               {"logits": [1, 1, VOCAB],
                **{f"present_{n}": [1, KV_HEADS, T + 1, HEAD_DIM] for n in names}},
               dict(metadata, **{"kiln.graph": "decode"}))
        full = [1, KV_HEADS, CAPACITY, HEAD_DIM]
        past = [torch.nn.functional.pad(t, (0, 0, 0, CAPACITY - P)) for t in pre[1:]]
        export(FixedStep(model), (tokens[:, P:], torch.tensor([P]), *past),
               args.name + "_step",
               {"token": [1, 1], "position": [1], **{f"past_{n}": full for n in names}},
               {"logits": [1, 1, VOCAB], **{f"present_{n}": full for n in names}},
               dict(metadata, **{"kiln.graph": "step"}))


if __name__ == "__main__":
    main()
