"""Emulated torch: named (values, indices) results in traced code, the 0-d torch.cat
difference (a warning, listed in the coverage doc), torch.mean on integer tensors.

Values are checked against real torch 1.13 by the golden cases (test_runtime_golden.py);
this file checks how the results behave in user code, the tracer and the sandbox.
"""
import os
import unittest
import warnings

from tensorglot.runtime import sandbox, tracer
from tensorglot.runtime import torch


def run(source):
    res, ns = sandbox.execute(source)
    if res["error"]:
        raise AssertionError(res["error"]["traceback"])
    return res, ns


class ReturnTypes(unittest.TestCase):
    def test_fields_unpacking_indexing(self):
        x = torch.tensor([[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]])
        for r, name in ((torch.max(x, 1), "max"), (x.min(dim=0), "min"), (torch.sort(x), "sort"),
                        (torch.topk(x, 2), "topk"), (x.median(1), "median"), (torch.kthvalue(x, 2), "kthvalue")):
            with self.subTest(name):
                self.assertIsInstance(r, tuple)
                self.assertEqual(type(r).__name__, name)
                self.assertIs(type(r), getattr(torch.return_types, name))
                values, indices = r
                self.assertIs(values, r.values)
                self.assertIs(r[1], r.indices)
                self.assertEqual(r.indices.dtype, torch.int64)
                self.assertTrue(repr(r).startswith(f"torch.return_types.{name}(\nvalues=tensor("))
        mm = torch.aminmax(x)
        self.assertEqual((mm.min.item(), mm.max.item()), (-2.0, 4.0))

    def test_traced_graph_replays_named_results(self):
        _, ns = run("import torch\n"
                    "def f(x):\n"
                    "    top = torch.topk(x, 2)\n"
                    "    best = torch.max(x, dim=1)\n"
                    "    return top.values.sum(1) + best.values, torch.sort(x, descending=True).indices\n"
                    "a = torch.tensor([[1.0, 3.0, 2.0], [4.0, 0.5, 6.0]])\n"
                    "b = torch.tensor([[0.0, -1.0, 5.0], [2.0, 2.5, 1.0]])\n")
        f, a, b = ns["f"], ns["a"], ns["b"]
        with sandbox.active():
            g = tracer.trace(f, a)
            got, want = g(b), f(b)
        self.assertEqual([t.tolist() for t in got], [t.tolist() for t in want])
        self.assertEqual(want[0].tolist(), [10.0, 7.0])          # (5 + 0) + 5, (2.5 + 2) + 2.5
        self.assertEqual(want[1].tolist(), [[2, 0, 1], [1, 0, 2]])


class ZeroDimCat(unittest.TestCase):
    """Real torch 1.13 raises "zero-dimensional tensor (at position 0) cannot be concatenated";
    the seed's pure_torch example does exactly that and must trace, so the emulation accepts
    0-d inputs as 1-element vectors and warns (docs/runtime-coverage.md, known differences)."""

    def test_warns_and_concatenates(self):
        k, m = torch.tensor(1.5), torch.tensor(-2.0)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = torch.cat([k, m], -1)
        self.assertEqual(out.tolist(), [1.5, -2.0])
        messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
        self.assertEqual(len(messages), 1, messages)
        self.assertIn("zero-dimensional tensor (at position 0) cannot be concatenated", messages[0])
        self.assertIn("torch.cat", torch._KNOWN_DIFFERENCES)

    def test_warning_points_at_the_user_line_and_reaches_the_console(self):
        res, _ = run("import torch\n"
                     "a = torch.tensor(1.0)\n"
                     "b = torch.cat([a, a, a], -1)\n"
                     "print(b.shape)\n")
        out = res.get("stdout", "") + res.get("stderr", "")
        self.assertIn("torch.Size([3])", out)
        self.assertIn("UserWarning", out)
        self.assertIn(":3:", out)                 # reported at the user's line 3, not inside the runtime

    def test_no_warning_from_the_runtime_itself(self):
        # ivy dispatching to its torch backend (the seed's pure_ivy) and a traced graph
        # replaying the user's torch.cat are not user calls: only the user's own call warns
        _, ns = run("import ivy, torch\n"
                    "ivy.set_backend('torch')\n"
                    "def pure_ivy(x):\n"
                    "    y = ivy.mean(x)\n"
                    "    return ivy.concatenate([ivy.cos(y), ivy.sin(y)], -1)\n"
                    "def pure_torch(x):\n"
                    "    y = torch.mean(x)\n"
                    "    return torch.cat([torch.cos(y), torch.sin(y)], -1)\n"
                    "x = torch.tensor([[1.0, 2.0, 3.0]])\n")
        x = ns["x"]
        with sandbox.active(), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            self.assertEqual(ns["pure_ivy"](x).shape, (2,))
            g = tracer.trace(ns["pure_torch"], x)       # the user's call: one warning
            user_warnings = len(caught)
            self.assertEqual(g(x).tolist(), ns["pure_ivy"](x).tolist())
        self.assertEqual(user_warnings, 1, [str(w.message) for w in caught])
        self.assertEqual(len(caught), 1, [str(w.message) for w in caught])

    def test_dimensioned_inputs_do_not_warn(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            self.assertEqual(torch.cat([torch.ones(2), torch.zeros(1)]).tolist(), [1.0, 1.0, 0.0])

    def test_documented_in_coverage_report(self):
        path = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "runtime-coverage.md")
        if not os.path.exists(path):    # the Pyodide test run mounts python/ only
            self.skipTest("docs/ is not in this file system")
        with open(path) as f:
            text = f.read()
        section = text.partition("## Known differences")[2]
        self.assertTrue(section, "docs/runtime-coverage.md has no known-differences section: "
                                 "rerun scripts/gen_coverage.py")
        self.assertIn("zero-dimensional tensor (at position 0) cannot be concatenated",
                      section.partition("\n## ")[0])


class IntegerMean(unittest.TestCase):
    def test_mean_of_integers_raises_like_torch(self):
        with self.assertRaises(RuntimeError) as cm:
            torch.tensor([1, 2]).mean()
        self.assertIn("Got: Long", str(cm.exception))
        self.assertEqual(torch.tensor([1, 2]).float().mean().item(), 1.5)


if __name__ == "__main__":
    unittest.main()
