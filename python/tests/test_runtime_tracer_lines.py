"""Each traced node's source line and module path, on the emulated torch: the line of
the user code that made the call, wherever the public function was reached from."""
import unittest

from tensorglot.runtime import sandbox, tracer

# every op is tagged with a comment naming it, so the expected lines are read from the
# source text rather than counted by hand
SOURCE = '''
import torch
import torch.nn as nn

torch.manual_seed(0)


def helper(t):
    return torch.exp(t)  # op:exp


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(3, 3)

    def forward(self, x):
        h = self.proj(x)  # op:linear
        return torch.tanh(h)  # op:tanh


block = Block()


def fn(x):
    a = torch.sin(x)  # op:sin
    b = torch.cos(a)  # op:cos
    c = helper(a) + helper(b)  # op:add
    d = block(c)  # op:block
    e = x.sum(); f = d * e  # op:sum_mul
    return f
'''


def tagged_lines():
    return {line.rsplit("# op:", 1)[1]: i + 1
            for i, line in enumerate(SOURCE.splitlines()) if "# op:" in line}


class NodeLinesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        res, ns = sandbox.execute(SOURCE)
        assert res["error"] is None, res["error"]
        with sandbox.active():
            x = ns["torch"].tensor([[0.5, -1.0, 2.0]])
            cls.graph = tracer.trace(ns["fn"], x)
            # a second trace reuses every cache (internal files, code info, frames)
            cls.graph = tracer.trace(ns["fn"], x)
        cls.ops = [n for n in cls.graph.to_json()["nodes"] if n["kind"] == "op"]

    def test_labels_in_call_order(self):
        self.assertEqual([n["label"] for n in self.ops], [
            "torch.sin", "torch.cos", "torch.exp", "torch.exp", "torch.add",
            "torch.nn.functional.linear", "torch.tanh", "torch.sum", "torch.mul"])

    def test_each_node_has_the_line_of_its_user_call(self):
        line = tagged_lines()
        self.assertEqual([n["line"] for n in self.ops], [
            line["sin"], line["cos"], line["exp"], line["exp"], line["add"],
            # reached through nn.Module.__call__ and nn.Linear.forward (package frames):
            # the line in the user's forward
            line["linear"], line["tanh"], line["sum_mul"], line["sum_mul"]])

    def test_module_paths(self):
        # paths are named from the module fn reaches (its global ``block``): the root
        # itself is "" (no path), its Linear "proj"
        self.assertEqual([n["module"] for n in self.ops], [
            None, None, None, None, None, "proj", None, None, None])


if __name__ == "__main__":
    unittest.main()
