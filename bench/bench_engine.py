"""Engine micro-benchmarks: prints one JSON line per case (best of N runs, milliseconds).

Run: python3 bench/bench_engine.py [--record]   (from the repo root; --record merges the
figures into bench/results.json as "engine.cpython", or "engine.pyodide" under
bench/pyodide-run.mjs)
"""
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
sys.path.insert(0, HERE)

from tensorglot.ops import impl  # noqa: E402

E, T, H, LAYERS = 32, 16, 4, 2


def best_ms(fn, repeat=7):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times)


def gpt_params(seed=0):
    r = lambda *s: impl.random_normal(s, 0.0, 0.02, seed=seed + len(s) * 7 + s[0])
    layers = []
    for i in range(LAYERS):
        layers.append({
            "ln1_w": impl.ones((E,)), "ln1_b": impl.zeros((E,)),
            "qkv_w": r(3 * E, E), "qkv_b": impl.zeros((3 * E,)),
            "proj_w": r(E, E), "proj_b": impl.zeros((E,)),
            "ln2_w": impl.ones((E,)), "ln2_b": impl.zeros((E,)),
            "fc_w": r(4 * E, E), "fc_b": impl.zeros((4 * E,)),
            "out_w": r(E, 4 * E), "out_b": impl.zeros((E,)),
        })
    return {"wte": r(64, E), "wpe": r(T, E), "layers": layers,
            "lnf_w": impl.ones((E,)), "lnf_b": impl.zeros((E,)), "head": r(64, E)}


def gpt_forward(p, tokens):
    """A 2-layer GPT block stack composed from impl ops only (causal attention)."""
    x = impl.add(impl.embedding(tokens, p["wte"]), p["wpe"])           # (T, E)
    mask = impl.triu(impl.ones((T, T), "bool"), 1)
    hd = E // H
    for L in p["layers"]:
        h = impl.layer_norm(x, (E,), L["ln1_w"], L["ln1_b"])
        qkv = impl.linear(h, L["qkv_w"], L["qkv_b"])                     # (T, 3E)
        q, k, v = impl.split(qkv, 3, axis=1)
        q = impl.transpose(impl.reshape(q, (T, H, hd)), (1, 0, 2))       # (H, T, hd)
        k = impl.transpose(impl.reshape(k, (T, H, hd)), (1, 2, 0))       # (H, hd, T)
        v = impl.transpose(impl.reshape(v, (T, H, hd)), (1, 0, 2))
        att = impl.mul(impl.matmul(q, k), 1.0 / math.sqrt(hd))           # (H, T, T)
        att = impl.softmax(impl.masked_fill(att, mask, float("-inf")), -1)
        y = impl.matmul(att, v)                                          # (H, T, hd)
        y = impl.reshape(impl.transpose(y, (1, 0, 2)), (T, E))
        x = impl.add(x, impl.linear(y, L["proj_w"], L["proj_b"]))
        h = impl.layer_norm(x, (E,), L["ln2_w"], L["ln2_b"])
        h = impl.gelu(impl.linear(h, L["fc_w"], L["fc_b"]))
        x = impl.add(x, impl.linear(h, L["out_w"], L["out_b"]))
    x = impl.layer_norm(x, (E,), p["lnf_w"], p["lnf_b"])
    return impl.linear(x, p["head"])


def main():
    a = impl.random_normal((64, 64), seed=1)
    b = impl.random_normal((64, 64), seed=2)
    img = impl.random_normal((1, 3, 32, 32), seed=3)
    w = impl.random_normal((8, 3, 3, 3), seed=4)
    s = impl.random_normal((16, 64), seed=5)
    p = gpt_params()
    tokens = impl.randint(0, 64, (T,), seed=6)
    cases = {
        "matmul_64x64": lambda: impl.matmul(a, b),
        "conv2d_1x3x32x32_8x3x3x3": lambda: impl.conv(img, w, padding=1),
        "softmax_16x64": lambda: impl.softmax(s, -1),
        "add_broadcast_16x64": lambda: impl.add(s, impl.getitem(s, 0)),
        "layer_norm_16x64": lambda: impl.layer_norm(s, (64,)),
        "gpt_2l_4h_e32_t16_forward": lambda: gpt_forward(p, tokens),
    }
    figures = {}
    for name, fn in cases.items():
        fn()  # warm the caches
        figures[name] = round(best_ms(fn), 3)
        print(json.dumps({"bench": name, "ms": figures[name],
                          "python": sys.version.split()[0]}))
    if "--record" in sys.argv:
        import results as store
        store.merge(f"engine.{store.runtime()}", {
            "what": "engine kernels on tensorglot.ops.impl directly (best of 7, ms); the GPT "
                    "case is the issue 3 model composed from impl ops, without the torch layer",
            "target": None, "pass": None, "ms": figures})


if __name__ == "__main__":
    main()
