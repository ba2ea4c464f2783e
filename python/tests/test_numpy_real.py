"""Converted NumPy code runs on REAL NumPy, unchanged, and computes what torch computes.

Debian's python3-numpy is installed for /usr/bin/python3 (not for the default
interpreter, which has no numpy). The torch side runs on the emulated torch in
the sandbox; weights, inputs and results cross as JSON. Covered: the gallery
models (examples/), the test models (python/tests/models) and
every snippet of the table-driven target cases.
"""
import ast
import json
import os
import subprocess
import unittest

from tests.test_transpiler_jax_numpy_cases import (CASES, HOOK_CASES, KNOWN_BUGS, UNSUPPORTED, _kinds,
                                                   _program)
from tests.seed_examples import EXAMPLES
from tests.transpiler_support import assert_close, convert, run_expr

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "models")
REAL_PYTHON = "/usr/bin/python3"


def _real_numpy_version():
    if not os.path.exists(REAL_PYTHON):
        return None
    try:
        r = subprocess.run([REAL_PYTHON, "-c", "import numpy; print(numpy.__version__)"],
                           capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.strip() if r.returncode == 0 else None


REAL_NUMPY = _real_numpy_version()

# Runs jobs [{"name", "code", and "expr" or "model"/"sd"/"args"}] on real numpy; one JSON line out.
_DRIVER = r'''
import json, sys, traceback
import numpy as np

def plain(v):
    if isinstance(v, (np.ndarray, np.generic)):
        return v.tolist()
    if isinstance(v, dict):
        return {k: plain(e) for k, e in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(e) for e in v]
    return v

def decode(v):
    if isinstance(v, dict) and "dtype" in v:
        return np.asarray(v["data"], dtype=v["dtype"])
    if isinstance(v, list):
        return tuple(decode(e) for e in v)
    return v

out = []
for job in json.load(sys.stdin):
    ns = {"__name__": "__tensorglot_real__"}
    try:
        exec(compile(job["code"], job["name"], "exec"), ns)
        if "expr" in job:
            value = eval(job["expr"], ns)
        else:
            model = eval(job["model"], ns)
            model.load_state_dict(job["sd"])
            model.eval()
            value = model(*[decode(a) for a in job["args"]])
        out.append({"value": plain(value)})
    except Exception:
        out.append({"error": traceback.format_exc()})
print("@@" + json.dumps(out))
'''

# torch side: a model's state dict, its call arguments (with dtypes) and its output
_TORCH_DRIVER = '''
def _tg_enc(v):
    if hasattr(v, "dtype") and hasattr(v, "tolist"):
        return {{"data": v.tolist(), "dtype": str(v.dtype).replace("torch.", "")}}
    if isinstance(v, (list, tuple)):
        return [_tg_enc(e) for e in v]
    return v
{model}.eval()
_args = ({args},)
_result = {{"sd": {{k: v.tolist() for k, v in {model}.state_dict().items()}},
           "args": _tg_enc(list(_args)), "y": {model}(*_args)}}
'''

# gallery example -> (model variable, call arguments), as its own script calls it
GALLERY = {
    "mlp_classifier.py": ("model", "x"),
    "cnn_batchnorm.py": ("model", "images"),
    "lstm_lm.py": ("model", "tokens, hidden"),
    "transformer_block.py": ("block", "tokens"),
}
TEST_MODELS = ("mlp_classifier.py", "cnn_bn.py", "gpt.py", "lstm_lm.py")


def run_real(jobs):
    r = subprocess.run([REAL_PYTHON, "-c", _DRIVER], input=json.dumps(jobs), capture_output=True, text=True,
                       timeout=600)
    lines = [l for l in r.stdout.splitlines() if l.startswith("@@")]
    if r.returncode != 0 or not lines:
        raise AssertionError(f"real numpy driver failed:\n{r.stderr[-3000:]}")
    return json.loads(lines[-1][2:])


def _read(path):
    with open(path) as f:
        return f.read()


@unittest.skipUnless(REAL_NUMPY, f"no numpy for {REAL_PYTHON} (install Debian's python3-numpy)")
class RealNumpyTest(unittest.TestCase):
    def converted(self, src, name):
        r = convert(src, "numpy")
        bad = [d for d in r["diagnostics"] if d["severity"] != "info"]
        self.assertFalse(bad, f"{name}: {bad}")
        names = {n.id for n in ast.walk(ast.parse(r["code"])) if isinstance(n, ast.Name)}
        self.assertFalse(names & {"torch", "nn", "F"}, f"{name}: torch names left in the output")
        return r["code"]

    def check_models(self, items):
        """items: (name, source, model expression, call arguments, torch-only setup)."""
        jobs, wants = [], []
        for name, src, model, args, setup in items:
            ref = run_expr(src + setup + _TORCH_DRIVER.format(model=model, args=args), "_result")
            jobs.append({"name": name, "code": self.converted(src, name), "model": model, "sd": ref["sd"],
                         "args": ref["args"]})
            wants.append(ref["y"])
        for job, want, got in zip(jobs, wants, run_real(jobs)):
            with self.subTest(model=job["name"]):
                self.assertNotIn("error", got, got.get("error"))
                assert_close(self, got["value"], want, tol=1e-4)

    def test_gallery_models(self):
        self.check_models([(name, _read(os.path.join(EXAMPLES, name)), model, args, "")
                           for name, (model, args) in GALLERY.items()])

    def test_test_models(self):
        items = []
        for name in TEST_MODELS:
            if not os.path.exists(os.path.join(MODELS, name)):
                continue  # a fixture another suite adds
            src = _read(os.path.join(MODELS, name))
            inp = [l.split("=", 1)[1].strip().strip('"') for l in src.splitlines() if l.startswith("INPUT")][0]
            # the input is made on the torch side only: the converted model gets torch's values
            items.append((name, src + "\n_tg_model = build()\n", "_tg_model", "_tg_input",
                          f"torch.manual_seed(0)\n_tg_input = {inp}\n"))
        self.check_models(items)

    def test_cases(self):
        exprs = [e for e in CASES + HOOK_CASES
                 if ("numpy", e) not in UNSUPPORTED and ("numpy", e) not in KNOWN_BUGS]  # asserted there
        jobs, wants = [], []
        for expr in exprs:
            src = _program(expr)
            jobs.append({"name": expr, "code": self.converted(src, expr), "expr": "result"})
            wants.append(run_expr(src, "result"))
        for expr, want, got in zip(exprs, wants, run_real(jobs)):
            with self.subTest(expr=expr):
                self.assertNotIn("error", got, got.get("error"))
                assert_close(self, got["value"], want)
                self.assertEqual(_kinds(got["value"]), _kinds(want), "result dtype kinds (bool / int / float)")

    def test_mixed_python_snippets(self):
        """Torch scripts mixing numpy and Python values (test_transpiler_mixed_python), as NumPy code."""
        from tests.test_transpiler_mixed_python import SNIPPETS
        jobs, wants = [], []
        for name, src in SNIPPETS.items():
            jobs.append({"name": name, "code": self.converted(src, name), "expr": "result"})
            wants.append(run_expr(src, "result"))
        for job, want, got in zip(jobs, wants, run_real(jobs)):
            with self.subTest(snippet=job["name"]):
                self.assertNotIn("error", got, got.get("error"))
                assert_close(self, got["value"], want)
                self.assertEqual(_kinds(got["value"]), _kinds(want), "result kinds (bool / int / float / str)")


if __name__ == "__main__":
    unittest.main()
