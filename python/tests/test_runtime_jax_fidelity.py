"""Emulated jax: reproducible PRNG keys, Array.copy, numpy-style nonzero, .at[] accumulation.

No JAX here: expectations come from the JAX documentation (docs.jax.dev), cited per test.
Random streams are not JAX's bit for bit; what the docs promise about keys is checked.
"""
import os
import subprocess
import sys
import unittest

from tensorglot.runtime import jax

jnp = jax.numpy

_DRAWS = """
from tensorglot.runtime import jax
k = jax.random.PRNGKey(7)
a, b = jax.random.split(k)
print(jax.random.uniform(k, (3,)).tolist(), jax.random.normal(a, (2,)).tolist(),
      jax.random.randint(b, (4,), 0, 100).tolist(), jax.random.fold_in(k, 3).tolist(),
      jax.random.permutation(a, 6).tolist())
"""


class RandomKeys(unittest.TestCase):
    def test_same_key_same_numbers_in_every_process(self):
        # docs.jax.dev/en/latest/jax.random.html: "using a key does not modify it, so reusing the
        # same key will lead to the same result" -- across runs too: a script seeded with
        # PRNGKey(7) prints the same numbers whatever Python's per-process hash salt is
        if sys.platform == "emscripten":
            self.skipTest("no subprocesses in Pyodide")
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        outs = []
        for salt in ("1", "2", "12345"):
            env = dict(os.environ, PYTHONHASHSEED=salt, PYTHONPATH=root)
            r = subprocess.run([sys.executable, "-c", _DRAWS], env=env, capture_output=True, text=True,
                               check=True)
            outs.append(r.stdout)
        self.assertEqual(len(set(outs)), 1, outs)
        self.assertTrue(outs[0].strip())

    def test_reuse_gives_the_same_values(self):
        k = jax.random.PRNGKey(0)
        self.assertEqual(jax.random.uniform(k, (4,)).tolist(), jax.random.uniform(k, (4,)).tolist())
        self.assertEqual(jax.random.normal(k, (2, 2)).tolist(), jax.random.normal(k, (2, 2)).tolist())

    def test_split_keys_differ(self):
        # docs.jax.dev/en/latest/_autosummary/jax.random.split.html: "Splits a PRNG key into num
        # new keys by adding a leading axis"; num may be a tuple (a shape of keys)
        k = jax.random.PRNGKey(0)
        keys = jax.random.split(k, 4)
        self.assertEqual(keys.shape, (4, 2))
        rows = [tuple(r.tolist()) for r in keys]
        self.assertEqual(len(set(rows + [tuple(k.tolist())])), 5)   # all new, none the parent
        draws = [tuple(jax.random.uniform(r, (3,)).tolist()) for r in keys]
        self.assertEqual(len(set(draws)), 4)
        self.assertEqual(jax.random.split(k, (2, 3)).shape, (2, 3, 2))
        # deterministic: the same split twice gives the same keys
        self.assertEqual(jax.random.split(k, 4).tolist(), keys.tolist())
        k1, k2 = jax.random.split(k)
        self.assertNotEqual(k1.tolist(), k2.tolist())

    def test_prngkey_data(self):
        # jax.random page: key(0) "overlaying [0 0]" -- a key is the seed's two 32-bit words
        self.assertEqual(jax.random.PRNGKey(0).tolist(), [0, 0])
        self.assertEqual(jax.random.PRNGKey(42).tolist(), [0, 42])
        self.assertEqual(jax.random.key_data(jax.random.PRNGKey(3)).tolist(), [0, 3])

    def test_fold_in_is_a_function_of_key_and_data(self):
        k = jax.random.PRNGKey(1)
        self.assertEqual(jax.random.fold_in(k, 5).tolist(), jax.random.fold_in(k, 5).tolist())
        self.assertNotEqual(jax.random.fold_in(k, 5).tolist(), jax.random.fold_in(k, 6).tolist())


class ArrayMethods(unittest.TestCase):
    def test_copy(self):
        # docs.jax.dev jax.Array.copy / jax.numpy.copy: a copy of the array with the same values
        x = jnp.array([1.5, 2.0], dtype=jnp.float32)
        y = x.copy()
        self.assertIsNot(y, x)
        self.assertEqual((y.tolist(), y.dtype), ([1.5, 2.0], jnp.float32))
        self.assertEqual(jnp.copy(jnp.array([1, 2])).dtype, jnp.int32)


class Nonzero(unittest.TestCase):
    def test_tuple_of_index_arrays(self):
        # docs.jax.dev/en/latest/_autosummary/jax.numpy.nonzero.html examples:
        # jnp.nonzero(jnp.array([0, 5, 0, 6, 0, 7])) -> (Array([1, 3, 5], dtype=int32),)
        r = jnp.nonzero(jnp.array([0, 5, 0, 6, 0, 7]))
        self.assertIsInstance(r, tuple)
        self.assertEqual(len(r), 1)
        self.assertEqual((r[0].tolist(), r[0].dtype), ([1, 3, 5], jnp.int32))
        # 2-D: (Array([0, 1, 1]), Array([1, 0, 2]))
        rows, cols = jnp.nonzero(jnp.array([[0, 5, 0], [6, 0, 7]]))
        self.assertEqual((rows.tolist(), cols.tolist()), ([0, 1, 1], [1, 0, 2]))
        self.assertEqual([t.tolist() for t in jnp.array([[0, 5, 0], [6, 0, 7]]).nonzero()],
                         [[0, 1, 1], [1, 0, 2]])

    def test_size_and_fill_value(self):
        # same page: "If there are fewer nonzero elements than the specified size, then indices
        # will be padded with fill_value, which defaults to zero"; more are truncated at the end
        x = jnp.array([0, 5, 0, 6, 0, 7])
        self.assertEqual(jnp.nonzero(x, size=5)[0].tolist(), [1, 3, 5, 0, 0])
        self.assertEqual(jnp.nonzero(x, size=4, fill_value=-1)[0].tolist(), [1, 3, 5, -1])
        self.assertEqual(jnp.nonzero(x, size=2)[0].tolist(), [1, 3])

    def test_argwhere(self):
        # jax.numpy.argwhere: one row per nonzero element (numpy.argwhere)
        out = jnp.argwhere(jnp.array([[0, 5, 0], [6, 0, 7]]))
        self.assertEqual(out.tolist(), [[0, 1], [1, 0], [1, 2]])
        self.assertEqual(out.dtype, jnp.int32)


class AtRepeatedIndices(unittest.TestCase):
    def test_add_accumulates(self):
        # docs.jax.dev/en/latest/_autosummary/jax.numpy.ndarray.at.html: "Unlike NumPy in-place
        # operations such as x[idx] += y, if multiple indices refer to the same location, all
        # updates will be applied"
        x = jnp.zeros(3)
        self.assertEqual(x.at[jnp.array([0, 0, 2])].add(1.0).tolist(), [2.0, 0.0, 1.0])
        self.assertEqual(jnp.ones(3).at[jnp.array([1, 1])].multiply(jnp.array([2.0, 3.0])).tolist(),
                         [1.0, 6.0, 1.0])
        self.assertEqual(jnp.array([5, 5, 5]).at[jnp.array([0, 0])].min(jnp.array([4, 2])).tolist(),
                         [2, 5, 5])
        self.assertEqual(x.tolist(), [0.0, 0.0, 0.0])   # x itself is unchanged

    def test_unique_indices_unchanged(self):
        x = jnp.array([1, 2, 3])
        self.assertEqual(x.at[jnp.array([0, 2])].add(10).tolist(), [11, 2, 13])
        self.assertEqual(x.at[1:].max(2).tolist(), [1, 2, 3])


if __name__ == "__main__":
    unittest.main()
