"""Emulated jax against the JAX documentation (docs.jax.dev); no real JAX here."""
import math
import unittest

from tensorglot.runtime import jax
from tests.approx import close

jnp = jax.numpy


class TestJaxSemantics(unittest.TestCase):
    def test_at_set_returns_new_array(self):
        # docs.jax.dev/en/latest/_autosummary/jax.numpy.ndarray.at.html: x.at[idx].set(y)
        # is the out-of-place equivalent of x[idx] = y; x itself is unchanged
        x = jnp.array([1, 2, 3])
        y = x.at[0].set(5)
        self.assertEqual((x.tolist(), y.tolist()), ([1, 2, 3], [5, 2, 3]))
        self.assertEqual(x.at[1:].add(10).tolist(), [1, 12, 13])
        self.assertEqual(x.at[2].get().tolist(), 3)

    def test_arrays_are_immutable(self):
        # JAX sharp bits: "JAX arrays are immutable" -> item assignment raises TypeError
        with self.assertRaises(TypeError):
            jnp.zeros(3).__setitem__(0, 1.0)

    def test_32bit_defaults(self):
        # docs.jax.dev default dtypes: x64 disabled -> int32 / float32
        self.assertEqual(jnp.array([1, 2]).dtype, jnp.int32)
        self.assertEqual(jnp.array([1.0]).dtype, jnp.float32)
        self.assertEqual(jnp.zeros(2).dtype, jnp.float32)
        self.assertEqual(jnp.arange(3).dtype, jnp.int32)
        self.assertEqual(jnp.zeros(2, dtype=jnp.int64).dtype, jnp.int32)
        self.assertEqual(jnp.argmax(jnp.array([1, 3])).dtype, jnp.int32)

    def test_weak_type_promotion(self):
        # docs.jax.dev type promotion: python scalars are weak; int32 + int32 float? -> float32
        x = jnp.array([1, 2], dtype=jnp.int8)
        self.assertEqual((x + 1).dtype, jnp.int8)
        self.assertEqual((jnp.array([1, 2]) + 1.5).dtype, jnp.float32)
        self.assertEqual((jnp.array([1], dtype=jnp.int32) + jnp.array([1.0], dtype=jnp.float16)).dtype,
                         jnp.float16)

    def test_var_std_biased(self):
        # jax.numpy.var: ddof=0 by default (numpy semantics)
        x = jnp.array([1., 2., 3., 4.])
        self.assertAlmostEqual(float(jnp.var(x)), 1.25, places=6)
        self.assertAlmostEqual(float(jnp.var(x, ddof=1)), 5 / 3, places=5)
        self.assertAlmostEqual(float(x.std()), math.sqrt(1.25), places=6)

    def test_gelu_default_approximate(self):
        # docs.jax.dev/en/latest/_autosummary/jax.nn.gelu.html: gelu(x, approximate=True)
        x = jnp.array([-1.0, 0.0, 1.0])
        tanh_form = [0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi) * (v + 0.044715 * v ** 3)))
                     for v in (-1.0, 0.0, 1.0)]
        self.assertTrue(close(jax.nn.gelu(x).tolist(), tanh_form))
        self.assertTrue(close(jax.nn.gelu(x, approximate=False).tolist(), [-0.15865529, 0.0, 0.8413447]))

    def test_nn_functions(self):
        # jax.nn.softmax axis=-1; jax.nn.one_hot float32; leaky_relu slope 0.01
        self.assertTrue(close(jax.nn.softmax(jnp.array([[0.0, math.log(3.0)]])).tolist(), [[0.25, 0.75]]))
        oh = jax.nn.one_hot(jnp.array([0, 2]), 3)
        self.assertEqual((oh.dtype, oh.tolist()), (jnp.float32, [[1, 0, 0], [0, 0, 1]]))
        self.assertTrue(close(jax.nn.leaky_relu(jnp.array([-1.0])).tolist(), [-0.01]))

    def test_random_keys_deterministic(self):
        # jax.random: same key -> same numbers; split gives new independent keys
        k = jax.random.PRNGKey(0)
        k1, k2 = jax.random.split(k)
        a = jax.random.uniform(k1, (5,))
        self.assertEqual(a.tolist(), jax.random.uniform(k1, (5,)).tolist())
        self.assertNotEqual(a.tolist(), jax.random.uniform(k2, (5,)).tolist())
        self.assertTrue(all(0 <= v < 1 for v in a.tolist()))
        r = jax.random.randint(k, (20,), 0, 3)
        self.assertEqual(r.dtype, jnp.int32)
        self.assertTrue(set(r.tolist()) <= {0, 1, 2})
        self.assertEqual(sorted(jax.random.permutation(k, 5).tolist()), [0, 1, 2, 3, 4])

    def test_jit_and_vmap(self):
        # jax.jit(fun, static_argnums=...) returns a callable computing fun
        f = jax.jit(lambda x, n: x * n, static_argnums=(1,))
        self.assertEqual(f(jnp.array([1, 2]), 3).tolist(), [3, 6])
        self.assertEqual(jax.vmap(lambda r: r.sum())(jnp.ones((3, 2))).tolist(), [2.0, 2.0, 2.0])

    def test_conv_general_dilated(self):
        # jax.lax.conv_general_dilated: dimension_numbers None = NCHW / OIHW; 'SAME' pads at the end
        x = jnp.arange(1.0, 5.0).reshape(1, 1, 4, 1)
        w = jnp.ones((1, 1, 2, 1))
        self.assertEqual(jax.lax.conv_general_dilated(x, w, (1, 1), "SAME").reshape(-1).tolist(),
                         [3.0, 5.0, 7.0, 4.0])
        xh = jnp.ones((1, 3, 3, 2))
        wh = jnp.ones((2, 2, 2, 4))
        y = jax.lax.conv_general_dilated(xh, wh, (1, 1), "VALID", dimension_numbers=("NHWC", "HWIO", "NHWC"))
        self.assertEqual(y.shape, (1, 2, 2, 4))
        self.assertEqual(y.tolist()[0][0][0], [8.0] * 4)

    def test_split_indices_and_where(self):
        # jnp.split: a list gives split points (numpy)
        parts = jnp.split(jnp.arange(6), [2, 3])
        self.assertEqual([p.tolist() for p in parts], [[0, 1], [2], [3, 4, 5]])
        self.assertEqual(jnp.where(jnp.array([1, 0, 2]) > 0, 1, -1).tolist(), [1, -1, 1])

    def test_image_resize(self):
        # jax.image.resize: 'nearest' / 'linear' with half-pixel centres; antialias only on downsampling
        up = jax.image.resize(jnp.array([0.0, 1.0]), (4,), "linear")
        self.assertTrue(close(up.tolist(), [0.0, 0.25, 0.75, 1.0]))
        self.assertEqual(jax.image.resize(jnp.array([1.0, 2.0]), (4,), "nearest").tolist(), [1, 1, 2, 2])
        # downsampling 4 -> 2 with antialias=True: triangle kernel widened by 1/scale = 2,
        # centres 0.5 and 2.5, weights max(0, 1 - |j - c| / 2) normalised:
        # (0*.75 + 1*.75 + 2*.25) / 1.75 and (1*.25 + 2*.75 + 3*.75) / 1.75
        down = jax.image.resize(jnp.array([0.0, 1.0, 2.0, 3.0]), (2,), "linear")
        self.assertTrue(close(down.tolist(), [1.25 / 1.75, 4.0 / 1.75]))
        plain = jax.image.resize(jnp.array([0.0, 1.0, 2.0, 3.0]), (2,), "linear", antialias=False)
        self.assertTrue(close(plain.tolist(), [0.5, 2.5]))

    def test_tree_util(self):
        t = {"b": [1, 2], "a": (3, None)}
        leaves, d = jax.tree_util.tree_flatten(t)
        self.assertEqual(leaves, [3, 1, 2])
        self.assertEqual(jax.tree_util.tree_map(lambda v: v * 10, t), {"b": [10, 20], "a": (30, None)})


if __name__ == "__main__":
    unittest.main()
