"""service.run / service.trace: graphs a script traces itself, entry mode, input specs."""
import unittest

from tensorglot.runtime import service

MODEL = '''import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return torch.relu(self.fc(x))

def double(x, y):
    unused = x * 3
    return x + y
'''


class ServiceTest(unittest.TestCase):
    def test_run(self):
        r = service.run({"source": "print(1)\n2 * 3\n"})
        self.assertEqual((r["stdout"], r["result"], r["error"]), ("1\n", "6", None))

    def test_entries_and_default_entry_is_the_module(self):
        r = service.trace({"source": MODEL, "inputs": {"x": "float32[4,3]"}})
        self.assertIsNone(r["error"], r["error"])
        self.assertEqual([(e["name"], e["kind"], e["params"]) for e in r["entries"]],
                         [("Net", "class", ["x"]), ("double", "function", ["x", "y"])])
        (g,) = r["graphs"]
        ops = [n for n in g["nodes"] if n["kind"] == "op"]
        self.assertEqual(ops[-1]["label"], "torch.relu")
        self.assertEqual(ops[-1]["shape"], [4, 2])
        self.assertEqual(ops[-1]["line"], 10)
        params = sorted(n["label"] for n in g["nodes"] if n["kind"] == "param")
        self.assertEqual(params, ["fc.bias", "fc.weight"])
        self.assertTrue(all(n["module"] == "fc" for n in ops[:-1]))
        self.assertEqual(g["nodes"][0]["shape"], [4, 3])

    def test_function_entry_with_specs_and_pruning(self):
        r = service.trace({"source": MODEL, "entry": "double",
                           "inputs": {"x": "float32[2]", "y": "int64[2]"}})
        self.assertIsNone(r["error"], r["error"])
        (g,) = r["graphs"]
        self.assertEqual([n["label"] for n in g["nodes"] if n["kind"] == "op"], ["torch.add"])
        self.assertEqual(g["stats"]["pruned"], 1)
        self.assertEqual([n["dtype"] for n in g["nodes"] if n["kind"] == "input"],
                         ["float32", "int64"])

    def test_inputs_from_script_variables(self):
        src = MODEL + "x = torch.tensor([1., 2.])\ny = torch.tensor([3., 4.])\n"
        r = service.trace({"source": src, "entry": "double"})
        self.assertIsNone(r["error"], r["error"])
        out = next(n for n in r["graphs"][0]["nodes"] if n["kind"] == "output")
        self.assertEqual(out["shape"], [2])

    def test_missing_input_is_a_clear_error(self):
        r = service.trace({"source": MODEL, "entry": "double", "inputs": {"x": "float32[2]"}})
        self.assertEqual(r["graphs"], [])
        self.assertIn("y=float32[1,3]", r["error"]["message"])

    def test_unknown_entry(self):
        r = service.trace({"source": MODEL, "entry": "nope"})
        self.assertEqual(r["error"]["type"], "LookupError")

    def test_graphs_traced_by_the_script_last_per_call_site(self):
        src = ("import ivy\nf = lambda x: ivy.exp(x)\ng = lambda x: ivy.sin(x)\n"
               "for i in range(3):\n    ivy.trace_graph(f, ivy.array([float(i)]))\n"
               "ivy.trace_graph(g, ivy.array([1.]))\n")
        r = service.trace({"source": src})
        self.assertIsNone(r["error"], r["error"])
        self.assertEqual([[n["label"] for n in g["nodes"] if n["kind"] == "op"]
                          for g in r["graphs"]], [["torch.exp"], ["torch.sin"]])

    def test_one_call_site_looping_over_backends_gives_a_graph_per_backend(self):
        src = ("import ivy\nfor b in ('numpy', 'jax'):\n    ivy.set_backend(b)\n"
               "    ivy.trace_graph(lambda x: ivy.exp(x), ivy.array([1.]))\n")
        r = service.trace({"source": src})
        self.assertIsNone(r["error"], r["error"])
        self.assertEqual([g["backend"] for g in r["graphs"]], ["numpy", "jax"])

    def test_script_errors_are_reported(self):
        r = service.trace({"source": "import torch\ntorch.ones(2) @ torch.ones(3)\n"})
        self.assertEqual(r["error"]["line"], 2)
        self.assertEqual(r["graphs"], [])

    def test_native_code_ignores_other_backends(self):
        r = service.trace({"source": MODEL, "entry": "double", "backends": ["tensorflow", "jax"],
                           "inputs": {"x": "float32[2]", "y": "float32[2]"}})
        self.assertEqual([g["backend"] for g in r["graphs"]], ["torch"])

    def test_parse_spec(self):
        self.assertEqual(service.parse_spec("float32[1,3]"), ("float32", (1, 3)))
        self.assertEqual(service.parse_spec("[2]"), ("float32", (2,)))
        self.assertEqual(service.parse_spec("int64[]"), ("int64", ()))
        with self.assertRaises(ValueError):
            service.parse_spec("float32(1,3)")


if __name__ == "__main__":
    unittest.main()


class NodeDetailTest(unittest.TestCase):
    """What the Graph inspector shows of a node: non-tensor arguments and a value preview."""

    SRC = '''import torch

def f(x, big):
    y = torch.cat([x, x], dim=1)
    rows = big.sum(1, keepdim=True)
    return torch.sum(y, dim=0) * 2, rows

f(torch.tensor([[1., 2., 3.], [4., 5., 6.]]), torch.arange(90000.).reshape(300, 300))
'''

    def setUp(self):
        r = service.trace({"source": self.SRC})
        self.assertIsNone(r["error"], r["error"])
        (self.g,) = r["graphs"]
        self.ops = {n["label"]: n for n in self.g["nodes"] if n["kind"] == "op" and n["line"] != 5}
        (self.rows,) = [n for n in self.g["nodes"] if n["line"] == 5]

    def test_non_tensor_arguments_by_position_or_keyword(self):
        self.assertEqual(self.ops["torch.cat"]["attrs"], {"dim": "1"})
        self.assertEqual(self.ops["torch.mul"]["attrs"], {"1": "2"})  # the scalar operand of `* 2`
        self.assertEqual(self.rows["attrs"], {"1": "1", "keepdim": "True"})
        self.assertTrue(all(n["attrs"] is None for n in self.g["nodes"] if n["kind"] != "op"))

    def test_a_cut_preview_always_says_so(self):
        # 100 one-digit ints: a head of them fits 60 characters, brackets and all, yet is not the whole
        src = "import torch\n\ndef f(x):\n    return x + 1\n\nf(torch.zeros(100, dtype=torch.int64))\n"
        r = service.trace({"source": src})
        self.assertIsNone(r["error"], r["error"])
        (g,) = r["graphs"]
        for n in g["nodes"]:
            if n["kind"] != "output":
                self.assertLessEqual(len(n["value"]), 60)
                self.assertTrue(n["value"].endswith("..."), n)
                self.assertEqual(n["value"][:7], "[1, 1, " if n["kind"] == "op" else "[0, 0, ")

    def test_long_arguments_stay_short(self):
        src = "import torch\n\ndef f(x):\n    return torch.reshape(x, [6] + [1] * 20).sum()\n\nf(torch.ones(2, 3))\n"
        r = service.trace({"source": src})
        self.assertIsNone(r["error"], r["error"])
        (g,) = r["graphs"]
        reshape = next(n for n in g["nodes"] if n["label"] == "torch.reshape")
        self.assertEqual(reshape["attrs"], {"1": "[6, 1, 1, 1, 1, 1, ...]"})
        total = next(n for n in g["nodes"] if n["kind"] == "op" and n["shape"] == [])
        self.assertEqual(total["value"], "6.0")  # a 0-d result previews as its value

    def test_value_preview_of_inputs_ops_and_outputs(self):
        # values as real torch 1.13 gives them for this snippet
        self.assertEqual(self.ops["torch.sum"]["value"], "[5.0, 7.0, 9.0, 5.0, 7.0, 9.0]")
        self.assertEqual(self.ops["torch.mul"]["value"], "[10.0, 14.0, 18.0, 10.0, 14.0, 18.0]")
        x = next(n for n in self.g["nodes"] if n["label"] == "x")
        self.assertEqual(x["value"], "[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]")
        first_out = self.g["nodes"][[n["id"] for n in self.g["nodes"]].index(self.g["outputs"][0])]
        self.assertEqual(first_out["value"], "[10.0, 14.0, 18.0, 10.0, 14.0, 18.0]")

    def test_a_large_tensor_previews_its_leading_values_only(self):
        # big.sum(1, keepdim=True): row i sums 300*i*300 + 0..299 -> 44850, 134850, ...
        s = self.rows["value"]
        self.assertLessEqual(len(s), 60)
        self.assertTrue(s.startswith("[[44850.0], [134850.0], [224850.0], "), s)
        self.assertTrue(s.endswith("..."), s)
        big = next(n for n in self.g["nodes"] if n["label"] == "big")
        self.assertTrue(big["value"].startswith("[[0.0, 1.0, 2.0, 3.0, "), big["value"])
