"""Fuzz the transpiler and the tracer with mutated and generated Python.

Counts *internal errors*: a transpile result whose diagnostics report an internal
failure (a traceback), any exception escaping ``transpile``/``trace``/``run``, or
a result that does not serialise to JSON. Errors in the user's (mutated) code
are expected and fine: they must come back as diagnostics or error objects.

    python3 scripts/fuzz.py --n 20000 [--seed 1] [--trace-every 10] [--record]

--record writes the count and rate into bench/results.json under "fuzz".
"""
from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import pathlib
import random
import sys
import time
import tokenize
import traceback

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))

from tensorglot.api import call  # noqa: E402

CORPUS_DIRS = [ROOT / "examples", ROOT / "python/tests/models"]
NAMES = ["torch", "nn", "F", "x", "self", "tf", "forward", "__init__", "Linear", "mean", "view", "ℓ", "变量", "_", "None"]


def corpus() -> list[str]:
    out = []
    for d in CORPUS_DIRS:
        if d.is_dir():
            out += [p.read_text() for p in sorted(d.glob("*.py"))]
    out.append("import torch\nx = torch.ones(2, 3)\ny = x.mean(dim=1)\n")
    return out


def tokens(src: str) -> list[tokenize.TokenInfo]:
    try:
        return list(tokenize.generate_tokens(io.StringIO(src).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []


def mutate(src: str, rng: random.Random) -> str:
    """One random mutation of a source text."""
    lines = src.splitlines(keepends=True) or ["\n"]
    kind = rng.randrange(11)
    if kind == 0:  # delete a token
        toks = [t for t in tokens(src) if t.string.strip()]
        if toks:
            t = rng.choice(toks)
            ln = t.start[0] - 1
            if ln < len(lines) and t.start[0] == t.end[0]:
                line = lines[ln]
                lines[ln] = line[: t.start[1]] + line[t.end[1]:]
    elif kind == 1:  # swap two names
        toks = [t for t in tokens(src) if t.type == tokenize.NAME]
        if toks:
            t = rng.choice(toks)
            ln = t.start[0] - 1
            line = lines[ln]
            lines[ln] = line[: t.start[1]] + rng.choice(NAMES) + line[t.end[1]:]
    elif kind == 2:  # delete / duplicate / move a line
        i = rng.randrange(len(lines))
        op = rng.randrange(3)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        else:
            lines.insert(rng.randrange(len(lines)), lines.pop(i))
    elif kind == 3:  # random nesting
        depth = rng.choice([5, 50, 200, 1000])
        lines.append("z = " + "(" * depth + "x" + ")" * depth + "\n")
    elif kind == 4:  # huge literal (mostly moderate: the rare giant ones are the expensive ones)
        n = rng.choice([100, 1000, 1000, 20000])
        lines.append("big = " + rng.choice(["9" * n, "1e" + "9" * (n // 10), '"' + "a" * (5 * n) + '"', "[" + "1," * n + "]"]) + "\n")
    elif kind == 5:  # unicode identifiers
        lines.append("ψ = torch.ones(2)\nλ = ψ.sum() + ψ.mean()\n")
    elif kind == 6:  # very long line
        lines.append("w = " + " + ".join(["torch.ones(1)"] * rng.choice([20, 200, 200, 2000])) + "\n")
    elif kind == 7:  # deep recursion in user code
        lines.append("def r(n):\n    return r(n + 1)\nr(0)\n")
    elif kind == 8:  # deep indentation
        d = rng.choice([10, 60, 120])
        lines.append("".join("    " * k + "if True:\n" for k in range(d)) + "    " * d + "pass\n")
    elif kind == 9:  # truncate
        cut = rng.randrange(len(src) + 1)
        return src[:cut]
    else:  # inject random characters
        i = rng.randrange(len(src) + 1)
        return src[:i] + "".join(rng.choice("()[]{}:.,=+-*/@'\"\\#\t\n ") for _ in range(rng.randrange(1, 6))) + src[i:]
    return "".join(lines)


def generated(rng: random.Random) -> str:
    """A small random torch program built from a grammar of common calls."""
    fns = ["torch.mean({})", "torch.sum({}, dim=0)", "{}.view(-1)", "F.relu({})", "torch.cat([{0}, {0}], -1)",
           "{}.transpose(0, 1)", "{} @ {}", "torch.var({})", "{}.softmax(-1)", "{}[0]", "{}.unsqueeze(0)"]
    body = ["x = torch.randn(3, 3)"]
    for i in range(rng.randrange(1, 8)):
        body.append(f"v{i} = " + rng.choice(fns).replace("{0}", "x").replace("{}", "x"))
    return "import torch\nimport torch.nn.functional as F\n\ndef f(x):\n" + "".join("    " + b + "\n" for b in body[1:]) + "    return x\n\n" + body[0] + "\nf(x)\n"


def internal_error(kind: str, out: dict) -> str | None:
    try:
        json.dumps(out)
    except (TypeError, ValueError) as e:
        return f"result is not JSON: {e}"
    if not out.get("ok"):
        return out["error"].get("traceback") or out["error"].get("message")
    if kind == "transpile":
        for d in out["result"]["diagnostics"]:
            if d["severity"] == "error" and ("Traceback" in d["message"] or "internal" in d["message"].lower()):
                return d["message"]
    return None


def fuzz_range(args: tuple[int, int, int, int]) -> tuple[dict, list]:
    """Inputs start..stop-1; input i depends only on (seed, i), so any split gives the same inputs."""
    seed, start, stop, trace_every = args
    base = corpus()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
    errors: list[tuple[str, str, str]] = []
    counts = {"transpile": 0, "trace": 0}
    for i in range(start, stop):
        rng = random.Random(seed * 1_000_003 + i)
        src = generated(rng) if rng.random() < 0.15 else mutate(rng.choice(base), rng)
        for _ in range(rng.randrange(3)):
            src = mutate(src, rng)
        jobs = [("transpile", {"source": src, "from": "torch", "to": rng.choice(["tensorflow", "jax", "numpy"])})]
        if i % trace_every == 0 and len(src) < 20000:
            jobs.append(("trace", {"source": src, "entry": None, "inputs": None, "backends": None}))
        for kind, req in jobs:
            counts[kind] += 1
            try:
                out = call(kind, req)
                err = internal_error(kind, out)
            except BaseException as e:  # noqa: BLE001 - that is exactly what we count
                err = "".join(traceback.format_exception(e))
            if err:
                errors.append((kind, src, err))
    return counts, errors


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--trace-every", type=int, default=25, help="also trace/run every Nth input")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--show", type=int, default=3)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    step = max(1, -(-a.n // (a.jobs * 4)))
    chunks = [(a.seed, s, min(a.n, s + step), a.trace_every) for s in range(0, a.n, step)]
    if a.jobs > 1:
        with multiprocessing.get_context("spawn").Pool(a.jobs) as pool:
            parts = pool.map(fuzz_range, chunks)
    else:
        parts = [fuzz_range(c) for c in chunks]
    counts = {"transpile": sum(p[0]["transpile"] for p in parts), "trace": sum(p[0]["trace"] for p in parts)}
    errors = [e for p in parts for e in p[1]]
    secs = time.perf_counter() - t0
    summary = {"inputs": a.n, "transpiled": counts["transpile"], "traced": counts["trace"], "internal_errors": len(errors),
               "seconds": round(secs, 1), "inputs_per_s": round(a.n / secs, 1), "seed": a.seed, "jobs": a.jobs}
    print(json.dumps(summary))
    for kind, src, err in errors[: a.show]:
        print(f"--- internal error in {kind} ---\n{err[-1500:]}\n--- input (first 400 chars) ---\n{src[:400]}\n")
    if a.record:
        sys.path.insert(0, str(ROOT / "bench"))
        import results as store
        store.merge("fuzz", {**summary, "target": "20,000 inputs, 0 internal errors",
                             "machine": "2 cores, 24 GiB, CPython " + sys.version.split()[0]})
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
