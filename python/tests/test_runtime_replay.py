"""Graph replay through prepared calls (engine ops called directly with the canonical
arguments recorded at trace time) must give exactly what re-running the code gives."""
import inspect
import unittest

from tensorglot.engine import get_policy
from tensorglot.frameworks import jax as jax_table
from tensorglot.frameworks import numpy as numpy_table
from tensorglot.frameworks import tensorflow as tf_table
from tensorglot.frameworks import torch as torch_table
from tensorglot.runtime import core, sandbox, tracer


def run(source):
    res, ns = sandbox.execute(source)
    if res["error"]:
        raise AssertionError(res["error"]["traceback"])
    return ns


def values(obj):
    """Plain Python values of a (nested) result, for exact comparison."""
    if isinstance(obj, (list, tuple)):
        return [values(v) for v in obj]
    inner = getattr(obj, "_a", None)
    if inner is not None:
        return (inner.dtype, inner.shape, inner.tolist())
    return obj


def step_kinds(graph):
    """Per replay step: "generic", "prepared", or "guarded" (prepared while the arrays
    its derived arguments were computed from keep their shapes and dtypes)."""
    graph(*graph._test_args)  # compiles the steps
    return ["guarded" if s[0] == "prepared" and s[-1] is not None else s[0]
            for s in graph._steps]


class PreparedReplay(unittest.TestCase):
    def check(self, source, traced_args="a", new_args="b", prepared_at_least=1):
        ns = run(source)
        f = ns["f"]
        with sandbox.active():
            g = tracer.trace(f, *ns[traced_args])
            g._test_args = ns[new_args]
            kinds = step_kinds(g)
            self.assertGreaterEqual(len(kinds) - kinds.count("generic"), prepared_at_least,
                                    kinds)
            self.assertEqual(values(g(*ns[new_args])), values(f(*ns[new_args])))
            # and on the traced inputs, what the trace itself returned
            self.assertEqual(values(g(*ns[traced_args])), values(f(*ns[traced_args])))
        return kinds

    def test_torch_functions_methods_and_operators(self):
        self.check('''
import torch
import torch.nn.functional as F
def f(x, w):
    h = F.linear(x, w, bias=None)
    h = torch.softmax(h, dim=-1) * 2.0 - x.mean()
    return torch.var(h, dim=0, unbiased=False), h.transpose(0, 1)
torch.manual_seed(0)
a = (torch.randn(3, 4), torch.randn(5, 4))
b = (torch.randn(3, 4), torch.randn(5, 4))
''', prepared_at_least=4)

    def test_tensorflow_list_argument_of_tensors(self):
        kinds = self.check('''
import tensorflow as tf
def f(x, y):
    return tf.reduce_sum(tf.concat([x, y, x], axis=0), axis=1)
a = (tf.constant([[1., 2.]]), tf.constant([[3., 4.]]))
b = (tf.constant([[-1., 5.]]), tf.constant([[0.5, 0.25]]))
''')
        self.assertEqual(kinds, ["prepared", "prepared"])

    def test_numpy_python_list_becomes_a_constant(self):
        self.check('''
import numpy as np
def f(x):
    return np.multiply(np.add(x, [1.0, 2.0, 3.0]), 0.5)
a = (np.array([1.0, 2.0, 3.0]),)
b = (np.array([4.0, -5.0, 6.0]),)
''', prepared_at_least=2)

    def test_jax_numpy(self):
        self.check('''
import jax.numpy as jnp
def f(x):
    return jnp.tanh(jnp.matmul(x, x.T)).sum(axis=0)
a = (jnp.array([[1., 2.], [3., 4.]]),)
b = (jnp.array([[0.5, -2.], [1., 0.]]),)
''')

    def test_derived_arguments_that_read_a_tensor_are_rederived(self):
        # expand_as takes its shape from ``other``: a new shape must give a new shape
        # (the guarded step reruns the public call; check() compares with eager)
        kinds = self.check('''
import torch
def f(x, y):
    return torch.cos(x).expand_as(y) + y
a = (torch.ones(1, 3), torch.ones(2, 3))
b = (torch.arange(5.0).reshape(1, 5), torch.ones(4, 5))
''')
        self.assertEqual(kinds, ["prepared", "guarded", "prepared"])

    def test_derived_dtype_follows_the_replayed_dtype(self):
        # torch.sum of an integer tensor is int64 (its dtype argument is derived from the
        # input's), of a float one float: a replay on floats after an integer trace
        kinds = self.check('''
import torch
def f(x):
    return torch.sum(x * 2)
a = (torch.tensor([3, 4], dtype=torch.int32),)
b = (torch.tensor([1.5, 2.25]),)
''')
        self.assertEqual(kinds, ["prepared", "guarded"])

    def test_in_place_update_after_a_use(self):
        # y's array is replaced after cos read it: the replay must read it at cos's turn
        self.check('''
import torch
def f(x):
    y = x * 2
    z = torch.cos(y)
    y.add_(1)
    y.unsqueeze_(0)
    return z + y
a = (torch.tensor([0.5, 1.0]),)
b = (torch.tensor([2.0, -3.0]),)
''')

    def test_module_forward(self):
        self.check('''
import torch
import torch.nn as nn
torch.manual_seed(1)
net = nn.Sequential(nn.Linear(4, 8), nn.GELU(), nn.LayerNorm(8), nn.Linear(8, 2))
def f(x):
    return net(x)
a = (torch.randn(2, 4),)
b = (torch.randn(2, 4),)
''', prepared_at_least=4)

    def test_replay_restores_the_promotion_policy(self):
        ns = run('''
import numpy as np
import torch
def f(x, y):
    return np.add(x, 1.0), torch.matmul(y, y)
a = (np.array([1.0]), torch.ones(2, 2))
bad = (np.array([1.0]), torch.ones(2, 3))
''')
        with sandbox.active():
            g = tracer.trace(ns["f"], *ns["a"])
            before = get_policy()
            g(*ns["a"])
            self.assertEqual(get_policy(), before)
            with self.assertRaises(Exception):
                g(*ns["bad"])
            self.assertEqual(get_policy(), before)


class CompiledBinder(unittest.TestCase):
    """The generated binder must bind exactly as inspect.Signature.bind + apply_defaults."""

    def test_every_binding_signature(self):
        tables = [torch_table.BINDINGS, numpy_table.BINDINGS, tf_table.BINDINGS, jax_table.BINDINGS]
        seen = set()
        for table in tables:
            for b in table.values():
                if b.sig in seen:
                    continue
                seen.add(b.sig)
                sig = b.signature
                args, kwargs = [], {}
                for p in sig.parameters.values():
                    if p.default is not inspect.Parameter.empty:
                        continue
                    if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                        args.append(object())
                    elif p.kind == p.VAR_POSITIONAL:
                        args += [1, 2]
                    elif p.kind == p.KEYWORD_ONLY:
                        kwargs[p.name] = object()
                ba = sig.bind(*args, **kwargs)
                ba.apply_defaults()
                with self.subTest(sig=b.sig):
                    got = core._compile_binder(b.sig)(*args, **kwargs)
                    self.assertEqual(list(got.items()), list(ba.arguments.items()))
        self.assertGreater(len(seen), 100)

    def test_binding_errors_name_the_api(self):
        ns = run("import torch\nx = torch.ones(2)\n")
        torch = ns["torch"]
        with self.assertRaisesRegex(TypeError, r"^torch\.mean\(\): .*'nope'"):
            torch.mean(ns["x"], nope=1)
        with self.assertRaisesRegex(TypeError, r"^torch\.cos\(\): .*'input'"):
            torch.cos()


if __name__ == "__main__":
    unittest.main()
