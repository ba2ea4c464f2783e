"""The tensorflow and jax binding tables are well-formed and fully installed."""
import unittest

from tensorglot.frameworks import jax as jax_table, tensorflow as tf_table
from tensorglot.ops import OPS
from tensorglot.runtime import jax, tensorflow as tf
from tensorglot.runtime import tracer
from tensorglot.runtime.jax._hooks import HOOKS as JAX_HOOKS
from tensorglot.runtime.tensorflow._hooks import HOOKS as TF_HOOKS


class TestBindingTables(unittest.TestCase):
    def check(self, bindings, hooks):
        for name, b in bindings.items():
            self.assertIn(b.op, OPS, name)
            params = set(b.signature.parameters)
            canon = b.canonical_params()
            for p, c in b.args.items():
                self.assertIn(p, params, f"{name}: {p}")
                self.assertTrue(c is None or c in canon, f"{name}: {c}")
            for c in list(b.derive) + list(b.fixed):
                self.assertIn(c, canon, f"{name}: {c}")
            if b.custom:
                self.assertIn(b.custom, hooks, name)

    def test_tables(self):
        self.check(tf_table.BINDINGS, TF_HOOKS)
        self.check(jax_table.BINDINGS, JAX_HOOKS)

    def test_every_public_name_is_installed(self):
        roots = {"tf": tf, "jax": jax}
        for table in (tf_table.BINDINGS, jax_table.BINDINGS):
            for name in table:
                if name.startswith(("Tensor.", "Array.", "tf.experimental")):
                    continue
                obj = roots[name.split(".")[0]]
                for part in name.split(".")[1:]:
                    obj = getattr(obj, part)
                self.assertTrue(callable(obj), name)

    def test_unsupported_api_is_named(self):
        with self.assertRaisesRegex(AttributeError, "tf.math.not_a_function is not supported"):
            tf.math.not_a_function

    def test_trace_records_outermost_tf_calls(self):
        def f(x):
            return tf.math.reduce_sum(tf.nn.relu(x) * 2.0)
        g = tracer.trace(f, tf.constant([-1.0, 2.0]))
        labels = [n["label"] for n in g.to_json()["nodes"] if n["kind"] == "op"]
        self.assertEqual(labels, ["tf.nn.relu", "tf.math.multiply", "tf.math.reduce_sum"])


if __name__ == "__main__":
    unittest.main()
