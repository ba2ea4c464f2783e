"""Tracer benchmark: tracing overhead vs an untraced run, replay vs eager.

Targets (issue 3): trace <= 1.3x the untraced run; replay faster than eager.
Run: PYTHONPATH=python python3 bench/bench_tracer.py  (prints JSON)
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))

from tensorglot.runtime import sandbox, tracer  # noqa: E402

WORKLOADS = {
    # the seed's pure_torch: many tiny ops, the worst case for per-op overhead
    "seed_pure_torch": '''
import torch
def fn(x):
    y = torch.mean(x)
    z = torch.sum(x)
    f = torch.var(y)
    k = torch.cos(z)
    m = torch.sin(f)
    o = torch.tan(y)
    return torch.cat([k, m, o], -1)
x = torch.tensor([[1., 2., 3.]])
''',
    "ivy_clean": '''
import ivy
def fn(x, w, b):
    return w * x + b
x = ivy.array([1., 2., 3.])
w = ivy.random_uniform(-1, 1, (3, 3))
b = ivy.zeros((3,))
args = (x, w, b)
''',
    "mlp_32": '''
import torch
import torch.nn as nn
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
def fn(x):
    return torch.softmax(net(x), dim=-1)
x = torch.randn(8, 32)
''',
}


def best(f, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times) * 1000.0


def bench(name, src, reps=30):
    res, ns = sandbox.execute(src)
    if res["error"]:
        raise RuntimeError(res["error"]["traceback"])
    fn = ns["fn"]
    args = ns.get("args", (ns["x"],))
    with sandbox.active():
        eager = best(lambda: fn(*args), reps)
        traced = best(lambda: tracer.trace(fn, *args), reps)
        graph = tracer.trace(fn, *args)
        replay = best(lambda: graph(*args), reps)
    return {"workload": name, "ops": graph.stats["ops"], "eager_ms": round(eager, 4),
            "trace_ms": round(traced, 4), "replay_ms": round(replay, 4),
            "trace_overhead": round(traced / eager, 3), "replay_speedup": round(eager / replay, 3)}


def main():
    results = [bench(n, s) for n, s in WORKLOADS.items()]
    out = {"python": sys.version.split()[0], "results": results,
           "targets": {"trace_overhead_max": 1.3, "replay_speedup_min": 1.0}}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
