"""The ivy emulation: backend selection, dispatch through binding tables, Array, Module."""
import unittest

from tensorglot.frameworks.torch import BINDINGS as TORCH
from tensorglot.runtime import core, sandbox, tracer
from tensorglot.runtime import ivy
from tensorglot.runtime.ivy import dispatch
from tensorglot.runtime.ivy.table import DISPATCH, IVY_BINDINGS

import tensorglot.runtime.torch as torch


def vals(t):
    return tracer.inner(t)._a.tolist()


class IvyTest(unittest.TestCase):
    def setUp(self):
        sandbox.reset_state()

    def tearDown(self):
        sandbox.reset_state()

    def test_backend_stack(self):
        self.assertEqual(ivy.current_backend_str(), "")
        ivy.set_backend("tensorflow")
        ivy.set_backend("jax")
        self.assertEqual(ivy.current_backend_str(), "jax")
        ivy.unset_backend()
        self.assertEqual(ivy.current_backend_str(), "tensorflow")
        with self.assertRaises(ValueError):
            ivy.set_backend("mxnet")

    def test_default_backend_follows_the_inputs_then_torch(self):
        a = ivy.array([1., 2.])
        self.assertEqual(a.backend, "torch")
        self.assertIsInstance(a.data, torch.Tensor)
        t = torch.tensor([1., 4.])
        out = ivy.sqrt(t)
        self.assertIsInstance(out, torch.Tensor)     # native in, native out
        self.assertEqual(vals(out), [1.0, 2.0])
        self.assertIsInstance(ivy.sqrt(a), ivy.Array)

    def test_var_is_biased_like_ivy_not_like_torch(self):
        # ivy.var defaults to correction=0: var([1, 2, 3, 4]) = 1.25 (torch.var gives 5/3)
        x = ivy.array([1., 2., 3., 4.])
        self.assertAlmostEqual(ivy.var(x).item(), 1.25, places=6)
        self.assertAlmostEqual(torch.var(torch.tensor([1., 2., 3., 4.])).item(), 5 / 3, places=6)

    def test_translation_reads_the_torch_binding(self):
        x = torch.tensor([1.])
        args, kwargs = dispatch.translate("torch.var", TORCH["torch.var"],
                                          {"x": x, "axis": None, "correction": 0, "keepdims": False})
        self.assertEqual((len(args), kwargs), (1, {"correction": 0}))
        self.assertIs(args[0], x)
        args, kwargs = dispatch.translate("torch.cat", TORCH["torch.cat"], {"xs": [x, x], "axis": -1})
        self.assertEqual(args, [[x, x], -1])
        with self.assertRaises(dispatch.Unexpressible):
            dispatch.translate("torch.rand", TORCH["torch.rand"],
                               {"shape": (2,), "low": -1, "high": 1, "dtype": "float32", "seed": None})

    def test_every_dispatch_target_exists_in_its_binding_table_or_is_direct(self):
        import importlib
        for name, targets in DISPATCH.items():
            op = IVY_BINDINGS[name].op
            for backend, label in targets.items():
                b = dispatch.backend_binding(label)
                if b is not None:
                    self.assertEqual(b.op, op, f"ivy.{name} -> {label}")

    def test_array_operators_trace_as_backend_functions(self):
        def f(x, w, b):
            return w * x + b - 1

        g = ivy.trace_graph(f, ivy.array([1., 2.]), ivy.array([3., 4.]), ivy.array([.5, .5]))
        self.assertEqual(g.op_labels(), ["torch.mul", "torch.add", "torch.sub"])
        out = g(ivy.array([1., 1.]), ivy.array([2., 2.]), ivy.array([0., 1.]))
        self.assertIsInstance(out, ivy.Array)
        self.assertEqual(vals(out), [1.0, 2.0])

    def test_random_uniform_is_positional_and_bounded(self):
        w = ivy.random_uniform(-1, 1, (3, 3))
        self.assertEqual(w.shape, (3, 3))
        self.assertTrue(all(-1 <= v < 1 for row in vals(w) for v in row))
        self.assertEqual(ivy.zeros((3,)).shape, (3,))

    def test_module_layers_before_super_init(self):
        class Net(ivy.Module):
            def __init__(self):
                self.l1 = ivy.Linear(3, 4)
                self.l2 = ivy.Linear(4, 2)
                super().__init__()

            def _forward(self, x):
                return self.l2(ivy.relu(self.l1(x)))

        net = Net()
        self.assertEqual(sorted(dict(net.named_parameters())), ["l1.b", "l1.w", "l2.b", "l2.w"])
        x = ivy.array([[1., -2., 3.]])
        eager = net(x)
        g = net.trace_graph(x)
        j = g.to_json()
        mods = [n["module"] for n in j["nodes"] if n["kind"] == "op"]
        self.assertEqual(mods, ["l1", "l1", None, "l2", "l2"])
        self.assertEqual(g.op_labels(), ["torch.matmul", "torch.add", "torch.relu",
                                         "torch.matmul", "torch.add"])
        self.assertEqual(vals(net(x)), vals(eager))
        self.assertEqual(eager.shape, (1, 2))

    def test_linear_is_x_times_w_plus_b(self):
        lin = ivy.Linear(2, 1)
        lin.w = ivy.array([[2.], [3.]])
        lin.b = ivy.array([1.])
        self.assertEqual(vals(lin(ivy.array([[1., 1.]]))), [[6.0]])

    def test_compile_returns_an_equivalent_callable(self):
        f = ivy.compile(lambda x: ivy.exp(x) * 2)
        self.assertAlmostEqual(vals(f(ivy.array([0.])))[0], 2.0)

    def test_unsupported_names_the_api(self):
        with self.assertRaises(core.UnsupportedAPI) as cm:
            ivy.fft_magic
        self.assertIn("ivy.fft_magic", str(cm.exception))

    def test_bad_call_names_the_function(self):
        with self.assertRaisesRegex(TypeError, r"ivy\.mean\(\)"):
            ivy.mean()


if __name__ == "__main__":
    unittest.main()
