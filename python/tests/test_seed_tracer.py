"""The seed document's graph-tracer claims, on its own code.

The examples live in examples/seed_*.py, copied verbatim from the seed
except where the seed is not valid Python: ``class Network(ivy.module)`` lacks
its colon (and ivy's class is ``ivy.Module``), so the example spells it
``class Network(ivy.Module):``.
"""
import io
import unittest
from contextlib import redirect_stdout

from tensorglot.runtime import sandbox, service, tracer
from tests.seed_examples import example_source

def run_example(name, backend=None):
    """Execute an example in the sandbox; returns (namespace, graphs it traced)."""
    collected = []
    tracer.COLLECTED = collected
    try:
        with redirect_stdout(io.StringIO()):
            res, ns = sandbox.execute(example_source(name), ivy_backend=backend)
    finally:
        tracer.COLLECTED = None
    if res["error"]:
        raise AssertionError(res["error"]["traceback"])
    return ns, [g for _, g in collected]


def values(t):
    return tracer.inner(t)._a.tolist()


def same_values(test, a, b):
    va, vb = values(a), values(b)
    test.assertEqual(len(va), len(vb))
    for x, y in zip(va, vb):
        if x != x:          # nan (torch.var of one element)
            test.assertNotEqual(y, y)
        else:
            test.assertAlmostEqual(x, y, places=6)


class PureIvyTorchMixTest(unittest.TestCase):
    """'they all trace to the same graph' (torch backend)."""

    @classmethod
    def setUpClass(cls):
        cls.ns, cls.graphs = run_example("seed_tracer_torch")

    def test_three_identical_graphs_of_torch_functions(self):
        self.assertEqual(len(self.graphs), 3)
        # the seed's code calls these, in this order, in every variant
        expected = ["torch.mean", "torch.sum", "torch.var", "torch.cos", "torch.sin",
                    "torch.tan", "torch.cat"]
        for g in self.graphs:
            self.assertEqual(g.op_labels(), expected)
            self.assertEqual(g.backend, "torch")
        first = self.graphs[0].structure()
        for g in self.graphs[1:]:
            self.assertEqual(g.structure(), first)
        j = self.graphs[0].to_json()
        self.assertEqual([n["kind"] for n in j["nodes"]].count("input"), 1)
        self.assertEqual(j["stats"]["pruned"], 0)

    def test_dataflow_is_the_seeds(self):
        j = self.graphs[1].to_json()
        label = {n["id"]: n["label"] for n in j["nodes"]}
        edges = {(label[e["source"]], label[e["target"]]) for e in j["edges"]}
        self.assertEqual(edges, {("x", "torch.mean"), ("x", "torch.sum"),
                                 ("torch.mean", "torch.var"), ("torch.sum", "torch.cos"),
                                 ("torch.var", "torch.sin"), ("torch.mean", "torch.tan"),
                                 ("torch.cos", "torch.cat"), ("torch.sin", "torch.cat"),
                                 ("torch.tan", "torch.cat"), ("torch.cat", "output")})

    def test_node_lines_point_at_the_user_calls(self):
        src = example_source("seed_tracer_torch").splitlines()
        for n in self.graphs[0].to_json()["nodes"]:
            if n["kind"] == "op":
                short = n["label"].split(".")[1].replace("cat", "concatenate")
                self.assertIn(f"ivy.{short}(", src[n["line"] - 1])

    def test_graph_call_returns_what_the_eager_call_returns(self):
        ns = self.ns
        torch, ivy = ns["torch"], ns["ivy"]
        with sandbox.active():
            for fn, g, make in ((ns["pure_ivy"], self.graphs[0], ivy.array),
                                (ns["pure_torch"], self.graphs[1], torch.tensor),
                                (ns["mix"], self.graphs[2], ivy.array)):
                x = make([[4., -1., 0.5]])
                eager, replay = fn(x), g(x)
                self.assertIs(type(replay), type(eager))
                same_values(self, replay, eager)
        # torch.var of a single element is nan (unbiased), ivy.var is biased: 0
        self.assertNotEqual(values(ns["pure_torch"](torch.tensor([[1., 2., 3.]])))[1],
                            values(ns["pure_torch"](torch.tensor([[1., 2., 3.]])))[1])
        self.assertEqual(values(ns["ret"])[1], 0.0)


class HigherLevelCodeExcludedTest(unittest.TestCase):
    """Network (ivy.Module), clean and unclean trace to the same graph."""

    @classmethod
    def setUpClass(cls):
        cls.ns, graphs = run_example("seed_tracer_clean")
        cls.net_graph, cls.clean, cls.unclean = graphs

    def test_clean_and_unclean_are_identical(self):
        self.assertEqual(self.clean.op_labels(), ["torch.mul", "torch.add"])
        self.assertEqual(self.unclean.structure(), self.clean.structure())
        self.assertEqual(self.unclean.to_json()["edges"], self.clean.to_json()["edges"])

    def test_print_and_unused_temporaries_are_pruned(self):
        # unclean also computes b + w + x (two adds) and y * wx (one mul): all dead
        self.assertEqual(self.unclean.stats, dict(self.unclean.stats, ops=2, pruned=3))
        self.assertEqual(self.clean.stats["pruned"], 0)
        labels = {n["label"] for n in self.unclean.to_json()["nodes"]}
        self.assertNotIn("print", labels)

    def test_network_has_the_same_dataflow(self):
        # one binary op on the input and a weight, then an add of a bias: the Linear's
        # weight and bias are param nodes where clean() takes them as inputs, and a linear
        # layer multiplies with matmul where clean() writes an elementwise w*x
        def shape_of(g):
            j = g.to_json()
            kind = {n["id"]: n["kind"] for n in j["nodes"]}
            leaf = {"input": "leaf", "param": "leaf", "const": "leaf"}
            return sorted((leaf.get(kind[e["source"]], kind[e["source"]]),
                           kind[e["target"]]) for e in j["edges"])
        self.assertEqual(shape_of(self.net_graph), shape_of(self.clean))
        self.assertEqual(self.net_graph.op_labels(), ["torch.matmul", "torch.add"])
        j = self.net_graph.to_json()
        params = sorted(n["label"] for n in j["nodes"] if n["kind"] == "param")
        self.assertEqual(params, ["_layer.b", "_layer.w"])
        ops = [n for n in j["nodes"] if n["kind"] == "op"]
        self.assertEqual({n["module"] for n in ops}, {"_layer"})

    def test_graph_calls_return_the_eager_results(self):
        ns = self.ns
        ivy = ns["ivy"]
        with sandbox.active():
            x = ivy.array([0.5, -2., 3.])
            w, b = ns["w"], ivy.array([1., 2., 3.])
            same_values(self, self.clean(x, w, b), ns["clean"](x, w, b))
            with redirect_stdout(io.StringIO()) as out:
                same_values(self, self.unclean(x, w, b), ns["unclean"](x, w, b))
            self.assertEqual(out.getvalue(), "message\n")   # only the eager call prints
            net = ns["net"]
            same_values(self, net(x), net._forward(x))
            self.assertIs(net._tg_graph, self.net_graph)


IVY_FUNC_SOURCE = '''import ivy

def ivy_func(x, y):
    w = ivy.diag(x)
    z = ivy.matmul(w, y)
    return z

# input
x = ivy.array([[1., 2., 3.]])
y = ivy.array([[2., 3., 4.]])
# create graph
graph = ivy.trace_graph(
    ivy_func, x, y)
# call graph
ret = graph(x, y)
'''

PREFIXES = {"tensorflow": ("tf.",), "numpy": ("np.", "numpy."), "jax": ("jnp.", "jax.numpy.")}


class OtherBackendsTest(unittest.TestCase):
    """The same ivy code traces to a graph of each backend's own functions."""

    def check_backend(self, backend):
        res = service.trace({"source": IVY_FUNC_SOURCE, "backends": [backend]})
        self.assertIsNone(res["error"], res["error"])
        (g,) = res["graphs"]
        self.assertEqual(g["backend"], backend)
        labels = [n["label"] for n in g["nodes"] if n["kind"] == "op"]
        self.assertEqual(len(labels), 2)
        self.assertTrue(all(lab.startswith(PREFIXES[backend]) for lab in labels), labels)
        self.assertIn(labels[0].rsplit(".", 1)[1], ("diag", "diag_part"))
        self.assertEqual(labels[1].rsplit(".", 1)[1], "matmul")
        # np.diag of [[1, 2, 3]] is [1.]; [1.] @ [[2, 3, 4]] = [2, 3, 4]
        out = next(n for n in g["nodes"] if n["kind"] == "output")
        self.assertEqual(out["shape"], [3])
        _, ns = sandbox.execute(IVY_FUNC_SOURCE, ivy_backend=backend)
        self.assertEqual(values(ns["ret"]), [2.0, 3.0, 4.0])

    def test_tensorflow(self):
        self.check_backend("tensorflow")

    def test_numpy(self):
        self.check_backend("numpy")

    def test_jax(self):
        self.check_backend("jax")

    def test_one_request_gives_one_graph_per_backend(self):
        res = service.trace({"source": IVY_FUNC_SOURCE,
                             "backends": ["tensorflow", "numpy", "jax"]})
        self.assertIsNone(res["error"], res["error"])
        self.assertEqual([g["backend"] for g in res["graphs"]], ["tensorflow", "numpy", "jax"])

    def test_the_multi_backend_example_runs(self):
        ns, graphs = run_example("seed_tracer_backends")
        self.assertEqual(len(graphs), 3)


if __name__ == "__main__":
    unittest.main()
