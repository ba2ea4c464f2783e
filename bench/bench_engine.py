"""Engine micro-benchmarks: prints one JSON line per case (best of N runs, milliseconds).

Run: python3 bench/bench_engine.py [--record | --record-baseline [--label TEXT]] [--package DIR]
                                   [--rounds N] [--baseline DIR [--label TEXT]]
(from the repo root; --record merges the figures into bench/results.json as
"engine.cpython", or "engine.pyodide" under bench/pyodide-run.mjs).

Before/after: ``--package DIR`` benchmarks the ``tensorglot`` package under DIR instead of
python/ (an older one, e.g. ``git archive REV python/tensorglot | tar -x -C DIR
--strip-components=1``; DIR relative to the repo root, inside it so Pyodide sees it), and
``--record-baseline`` stores those figures as the entry's ``baseline_ms``; a later
``--record`` keeps them and adds the speed-up per case. On a loaded machine use
``--baseline DIR`` instead: the older package is imported under another name and each
case runs interleaved on both (one run each, 7 times), so load bursts hit both alike;
``--record`` then stores both figures and the speed-ups.
"""
import importlib
import importlib.util
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = sys.argv[sys.argv.index("--package") + 1] if "--package" in sys.argv else "python"
# relative to the repository root: Pyodide's working directory is not the repo
sys.path.insert(0, os.path.join(HERE, "..", PACKAGE_ROOT))
sys.path.insert(0, HERE)

from tensorglot.ops import impl  # noqa: E402

E, T, H, LAYERS = 32, 16, 4, 2


WHAT = ("engine kernels on tensorglot.ops.impl directly ({how}, ms); the GPT case is the "
        "issue 3 model composed from impl ops, without the torch layer; cifar_cnn: conv "
        "3->16->32 (3x3, relu, max pool 2) + linear, 32x32, batch 1; vgg_block: two 3x3 convs "
        "32->32 + relu on 16x16, max pool 2")


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


def cifar_cnn_params(seed=10):
    r = lambda *s: impl.random_normal(s, 0.0, 0.1, seed=seed + _prod(s))
    return {"c1_w": r(16, 3, 3, 3), "c1_b": impl.zeros((16,)),
            "c2_w": r(32, 16, 3, 3), "c2_b": impl.zeros((32,)),
            "fc_w": r(10, 32 * 8 * 8), "fc_b": impl.zeros((10,))}


def cifar_cnn_forward(p, img):
    """A small CIFAR-style CNN: conv 3->16, relu, pool, conv 16->32, relu, pool, linear."""
    x = impl.max_pool(impl.relu(impl.conv(img, p["c1_w"], p["c1_b"], padding=1)), 2)
    x = impl.max_pool(impl.relu(impl.conv(x, p["c2_w"], p["c2_b"], padding=1)), 2)
    return impl.linear(impl.reshape(x, (1, -1)), p["fc_w"], p["fc_b"])


def vgg_block_forward(p, x):
    """A VGG-style block: two 3x3 convs 32->32 (padding 1, relu, batch norm folded away), pool."""
    x = impl.relu(impl.conv(x, p["w1"], p["b1"], padding=1))
    x = impl.relu(impl.conv(x, p["w2"], p["b2"], padding=1))
    return impl.max_pool(x, 2)


def _prod(s):
    return math.prod(s)


def build_cases():
    """name -> zero-argument callable."""
    a = impl.random_normal((64, 64), seed=1)
    b = impl.random_normal((64, 64), seed=2)
    img = impl.random_normal((1, 3, 32, 32), seed=3)
    w = impl.random_normal((8, 3, 3, 3), seed=4)
    s = impl.random_normal((16, 64), seed=5)
    p = gpt_params()
    tokens = impl.randint(0, 64, (T,), seed=6)
    xl = impl.random_normal((16, 256), seed=11)
    wl = impl.random_normal((256, 256), seed=12)
    bl = impl.random_normal((256,), seed=13)
    qa = impl.random_normal((4, 16, 32), seed=14)
    kb = impl.random_normal((4, 32, 16), seed=15)
    dw_x = impl.random_normal((1, 32, 16, 16), seed=16)
    dw_w = impl.random_normal((32, 1, 3, 3), seed=17)
    seq = impl.random_normal((1, 16, 128), seed=18)
    seq_w = impl.random_normal((16, 16, 5), seed=19)
    t = impl.random_normal((64, 64), seed=20)
    cnn = cifar_cnn_params()
    cifar = impl.random_normal((1, 3, 32, 32), seed=21)
    vgg = {"w1": impl.random_normal((32, 32, 3, 3), 0.0, 0.1, seed=22), "b1": impl.zeros((32,)),
           "w2": impl.random_normal((32, 32, 3, 3), 0.0, 0.1, seed=23), "b2": impl.zeros((32,))}
    vgg_x = impl.random_normal((1, 32, 16, 16), seed=24)
    fmap = impl.random_normal((1, 32, 32, 32), seed=25)
    chan = impl.random_normal((32,), seed=26)
    var = impl.abs(chan)
    return {
        "matmul_64x64": lambda: impl.matmul(a, b),
        "linear_16x256_256x256_bias": lambda: impl.linear(xl, wl, bl),
        "bmm_4x16x32_4x32x16": lambda: impl.matmul(qa, kb),
        "conv2d_1x3x32x32_8x3x3x3": lambda: impl.conv(img, w, padding=1),
        "conv2d_depthwise_1x32x16x16_k3": lambda: impl.conv(dw_x, dw_w, padding=1, groups=32),
        "conv1d_1x16x128_16x16x5": lambda: impl.conv(seq, seq_w, padding=2),
        "max_pool2d_1x32x32x32_k2": lambda: impl.max_pool(fmap, 2),
        "batch_norm_eval_1x32x32x32": lambda: impl.batch_norm(fmap, chan, var, chan, chan),
        "transpose_nchw_nhwc_1x32x32x32": lambda: impl.transpose(fmap, (0, 2, 3, 1)),
        "softmax_16x64": lambda: impl.softmax(s, -1),
        "add_broadcast_16x64": lambda: impl.add(s, impl.getitem(s, 0)),
        "add_same_64x64": lambda: impl.add(a, b),
        "mul_scalar_64x64": lambda: impl.mul(a, 0.5),
        "sum_last_axis_64x64": lambda: impl.sum(t, -1),
        "sum_first_axis_64x64": lambda: impl.sum(t, 0),
        "max_last_axis_64x64": lambda: impl.max(t, -1),
        "layer_norm_16x64": lambda: impl.layer_norm(s, (64,)),
        "gelu_64x64": lambda: impl.gelu(a),
        "gpt_2l_4h_e32_t16_forward": lambda: gpt_forward(p, tokens),
        "cifar_cnn_3_16_32_b1_forward": lambda: cifar_cnn_forward(cnn, cifar),
        "vgg_block_32ch_16x16_forward": lambda: vgg_block_forward(vgg, vgg_x),
    }


def load_baseline(root):
    """An older tensorglot package at ``root/tensorglot``, imported as ``tg_baseline``."""
    pkg = os.path.join(HERE, "..", root, "tensorglot")
    spec = importlib.util.spec_from_file_location(
        "tg_baseline", os.path.join(pkg, "__init__.py"), submodule_search_locations=[pkg])
    sys.modules["tg_baseline"] = mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return importlib.import_module("tg_baseline.ops.impl")


def with_impl(module, fn):
    """Run ``fn`` with the module-level ``impl`` (used by the model builders) bound to module."""
    global impl
    saved, impl = impl, module
    try:
        return fn()
    finally:
        impl = saved


def interleaved(baseline):
    """(figures, baseline figures): every case alternately on both packages, best of 7 each."""
    cases, base_cases = build_cases(), with_impl(baseline, build_cases)
    figures, base_figures = {}, {}
    for name, fn in cases.items():
        bfn = base_cases[name]
        fn()
        with_impl(baseline, bfn)
        best = bbest = float("inf")
        for _ in range(7):
            bbest = min(bbest, with_impl(baseline, lambda: best_ms(bfn, 1)))
            best = min(best, best_ms(fn, 1))
        figures[name], base_figures[name] = round(best, 3), round(bbest, 3)
    return figures, base_figures


def main():
    argv = sys.argv[1:]
    if "--baseline" in argv:
        root = argv[argv.index("--baseline") + 1]
        figures, base = interleaved(load_baseline(root))
        for name, ms in figures.items():
            print(json.dumps({"bench": name, "ms": ms, "baseline_ms": base[name],
                              "speedup": round(base[name] / ms, 2), "python": sys.version.split()[0]}))
        if "--record" in argv:
            import results as store
            store.merge(f"engine.{store.runtime()}", {
                "what": WHAT.format(how="best of 7, each run interleaved with the baseline's"),
                "target": None, "pass": None, "ms": figures, "baseline_ms": base,
                "baseline": argv[argv.index("--label") + 1] if "--label" in argv else root,
                "speedup": {k: round(base[k] / v, 2) for k, v in figures.items() if v}})
        return
    # --rounds N: the whole list N times, best per case (a shared machine's load comes in
    # bursts longer than one case's runs)
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 1
    cases = build_cases()
    figures = {}
    for _ in range(rounds):
        for name, fn in cases.items():
            fn()  # warm the caches
            figures[name] = min(figures.get(name, float("inf")), round(best_ms(fn), 3))
    for name, ms in figures.items():
        print(json.dumps({"bench": name, "ms": ms, "python": sys.version.split()[0]}))
    if "--record" in argv or "--record-baseline" in argv:
        import results as store
        key = f"engine.{store.runtime()}"
        try:
            with open(store.PATH) as f:
                old = json.load(f).get(key, {})
        except (OSError, ValueError):
            old = {}
        entry = {
            "what": WHAT.format(how=f"best of 7 x {rounds} rounds"),
            "target": None, "pass": None}
        if "--record-baseline" in argv:
            label = argv[argv.index("--label") + 1] if "--label" in argv else PACKAGE_ROOT
            entry.update(ms=old.get("ms", {}), baseline_ms=figures, baseline=label)
        else:
            entry["ms"] = figures
            if "baseline_ms" in old:
                base = old["baseline_ms"]
                entry.update(baseline_ms=base, baseline=old.get("baseline"),
                             speedup={k: round(base[k] / v, 2) for k, v in figures.items()
                                      if k in base and v})
        store.merge(key, entry)


if __name__ == "__main__":
    main()
