"""Issue 4 item 5 "computes the same numbers" in training mode: a new torch module trains (BatchNorm
normalises with batch statistics and blends them into its running ones: torch momentum, unbiased
variance), and so does its conversion on every target. Expected values come from real torch 1.13
(fixtures/golden_scripts.json, written by scripts/gen_golden.py from golden_cases.SCRIPTS)."""
import json
import os
import textwrap
import unittest

from tests.golden_cases import SCRIPTS
from tests.transpiler_support import assert_close, convert, run_expr

TARGETS = ("tensorflow", "jax", "numpy")
#: scripts whose running statistics only some targets update (the others say so in an info diagnostic):
#: F.batch_norm's in-place update reaches TF's tf.Variable buffers; JAX and NumPy arrays are rebound
PARTIAL = {"functional_batch_norm_buffers": ("tensorflow",)}

with open(os.path.join(os.path.dirname(__file__), "fixtures", "golden_scripts.json")) as _f:
    GOLDEN = json.load(_f)["scripts"]


class GoldenScriptsTest(unittest.TestCase):
    def test_fixture_is_current(self):
        self.assertEqual({k: v["expr"] for k, v in GOLDEN.items()}, {k: e for k, (_, e) in SCRIPTS.items()},
                         "fixture is stale: rerun scripts/gen_golden.py")

    def test_emulated_torch_matches_real_torch(self):
        for name, (src, expr) in SCRIPTS.items():
            with self.subTest(script=name):
                assert_close(self, run_expr(src, expr), GOLDEN[name]["value"])

    def test_converted_scripts_match_real_torch(self):
        for name, (src, expr) in SCRIPTS.items():
            for target in TARGETS:
                with self.subTest(script=name, target=target):
                    r = convert(src, target)
                    self.assertFalse([d for d in r["diagnostics"] if d["severity"] == "error"], r["diagnostics"])
                    if target in PARTIAL.get(name, TARGETS):
                        assert_close(self, run_expr(r["code"], expr), GOLDEN[name]["value"])
                    else:
                        self.assertTrue([d for d in r["diagnostics"] if "updates running_mean" in d["message"]])


class TrainModeByDefaultTest(unittest.TestCase):
    SRC = textwrap.dedent('''\
        import torch
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.bn = nn.BatchNorm1d(2)

            def forward(self, x):
                return self.bn(x) * 2.0 if self.training else self.bn(x)


        net = Net()
        x = torch.tensor([[1.0, 2.0], [3.0, -2.0], [0.5, 0.0]])
        first = net(x)
        modes = [net.training, net.eval().training, net.train().training, net.train(False).training]
        ''')

    def test_new_module_trains_until_eval(self):
        expect = run_expr(self.SRC, "[first, modes]")
        self.assertEqual(expect[1], [True, False, True, False])  # torch: a new module trains
        for target in TARGETS:
            with self.subTest(target=target):
                assert_close(self, run_expr(convert(self.SRC, target)["code"], "[first, modes]"), expect)


class VerifyWithoutEvalTest(unittest.TestCase):
    def test_script_calling_the_model_without_eval_verifies_in_eval_mode(self):
        # the script's own call trains (batch statistics, running ones updated); verify compares both
        # sides in eval mode with the source's weights and running statistics
        from tensorglot.verify import verify
        src = SCRIPTS["train_mode_batchnorm"][0].split("net.eval()")[0]
        for target in TARGETS:
            with self.subTest(target=target):
                r = verify({"source": src, "to": target, "layers": "never"})
                self.assertEqual(r["verdict"], "PASS", (r.get("error"), r.get("outputs"), r.get("notes")))
                self.assertTrue(any("eval mode" in n for n in r["notes"]))


if __name__ == "__main__":
    unittest.main()


MODELS = os.path.join(os.path.dirname(__file__), "models")
_TORCH_TRAINS = '''
torch.manual_seed(0)
_m = build()
_x = {input}
_sd = {{k: v.tolist() for k, v in _m.state_dict().items()}}
for _k in range(3):
    _m(_x * (_k + 1))
_m.eval()
_result = {{"x": _x.tolist(), "sd": _sd, "y": _m(_x)}}
'''
_TARGET_TRAINS = '''
_m = build()
_m.load_state_dict({sd!r})
_x = {array}({x!r}, dtype={float32})
for _k in range(3):
    _m(_x * (_k + 1))
_m.eval()
_y = _m(_x)
'''
_ARRAYS = {"tensorflow": ("tf.constant", "tf.float32"), "jax": ("jnp.asarray", "jnp.float32"),
           "numpy": ("np.asarray", "np.float32")}


class WholeModelTrainingTest(unittest.TestCase):
    def test_model_files_trained_then_evaluated_compute_the_same(self):
        # three forward passes in training mode move BatchNorm's running statistics (dropout draws differ
        # between frameworks but come after the BatchNorms); eval then reads the statistics only
        for name in ("cnn_bn.py", "dcgan.py"):
            with open(os.path.join(MODELS, name)) as f:
                src = f.read()
            inp = [l.split("=", 1)[1].strip().strip('"') for l in src.splitlines() if l.startswith("INPUT")][0]
            ref = run_expr(src + _TORCH_TRAINS.format(input=inp), "_result")
            for target, (array, float32) in _ARRAYS.items():
                with self.subTest(model=name, target=target):
                    code = convert(src, target)["code"] + _TARGET_TRAINS.format(
                        sd=ref["sd"], array=array, x=ref["x"], float32=float32)
                    assert_close(self, run_expr(code, "_y"), ref["y"])
