"""Edge shapes and dtype corners across the op families (0-d, empty, size-1, ints, bools)."""
import math
import unittest

from tensorglot.engine import NDArray, asarray, promotion_policy, result_type_nd
from tensorglot.ops import impl


class EdgeShapes(unittest.TestCase):
    def test_zero_d(self):
        s = asarray(3.0)
        self.assertEqual(impl.add(s, s).shape, ())
        self.assertEqual(impl.exp(s).shape, ())
        self.assertEqual(impl.reshape(s, (1, 1)).shape, (1, 1))
        self.assertEqual(impl.expand_dims(s, 0).shape, (1,))
        self.assertEqual(impl.squeeze(s).shape, ())
        self.assertEqual(impl.softmax(s).item(), 1.0)
        self.assertEqual(impl.getitem(s, None).shape, (1,))
        self.assertEqual(impl.getitem(s, Ellipsis).item(), 3.0)
        self.assertEqual(impl.stack([s, s]).tolist(), [3.0, 3.0])
        with self.assertRaises(ValueError):
            impl.concat([s, s])

    def test_size_one_broadcast_both_ways(self):
        a = impl.ones((1, 3))
        b = impl.ones((4, 1))
        self.assertEqual(impl.add(a, b).shape, (4, 3))
        self.assertEqual(impl.add(asarray([5.0]), impl.zeros((2, 2))).tolist(), [[5.0, 5.0]] * 2)

    def test_empty(self):
        e = impl.zeros((0, 3))
        self.assertEqual(impl.exp(e).shape, (0, 3))
        self.assertEqual(impl.matmul(e, impl.zeros((3, 2))).shape, (0, 2))
        self.assertEqual(impl.transpose(e).shape, (3, 0))
        self.assertEqual(impl.concat([e, impl.ones((2, 3))]).shape, (2, 3))
        self.assertEqual(impl.getitem(impl.ones((3,)), impl.lt(impl.ones((3,)), 0)).shape, (0,))
        self.assertEqual(impl.nonzero(impl.zeros((2, 2))).shape, (0, 2))
        self.assertEqual(impl.arange(0).shape, (0,))

    def test_constructor_coerces(self):
        a = NDArray([1.7, -2.2], (2,), "int32")
        self.assertEqual(a.tolist(), [1, -2])
        b = NDArray([0, 2, 0], (3,), "bool")
        self.assertEqual(b.tolist(), [False, True, False])
        with self.assertRaises(ValueError):
            NDArray([1, 2, 3], (2, 2), "float32")
        with self.assertRaises(TypeError):
            NDArray([1], (1,), "complex64")


class DtypeCorners(unittest.TestCase):
    def test_policy_defaults_for_creation(self):
        self.assertEqual(impl.full((1,), 2).dtype, "int64")
        self.assertEqual(impl.arange(3).dtype, "int64")
        with promotion_policy("jax"):
            self.assertEqual(impl.full((1,), 2).dtype, "int32")
            self.assertEqual(impl.arange(3).dtype, "int32")
            self.assertEqual(impl.one_hot(asarray([1]), 2).dtype, "float32")
        with promotion_policy("numpy"):
            self.assertEqual(impl.arange(0.0, 1.0, 0.5).dtype, "float64")
        self.assertEqual(impl.arange(0, 3, dtype="float32").tolist(), [0.0, 1.0, 2.0])

    def test_result_type_nd(self):
        self.assertEqual(result_type_nd("int32", 1, "int64", 0, "torch"), "int32")
        self.assertEqual(result_type_nd("int32", 1, "float64", 0, "torch"), "float64")
        self.assertEqual(result_type_nd("int32", 1, "float32", 0, "numpy"), "float64")
        self.assertEqual(result_type_nd("int32", 1, "int64", 1, "torch"), "int64")
        self.assertEqual(result_type_nd("int32", 0, "int64", 0, "torch"), "int64")

    def test_integer_ops_stay_integer(self):
        x = asarray([5, -3], "int32")
        self.assertEqual(impl.maximum(x, 0).tolist(), [5, 0])
        self.assertEqual(impl.clip(x, -1, 1).dtype, "int32")
        self.assertEqual(impl.where(impl.gt(x, 0), x, 0).dtype, "int32")
        self.assertEqual(impl.sort(x).tolist(), [-3, 5])
        self.assertEqual(impl.cumsum(x, 0).dtype, "int64")
        self.assertEqual(impl.max(x).dtype, "int32")
        self.assertEqual(impl.mean(x).dtype, "float32")

    def test_bool_inputs(self):
        b = asarray([True, False, True])
        self.assertEqual(impl.sum(b).item(), 2)
        self.assertEqual(impl.logical_not(b).tolist(), [False, True, False])
        self.assertEqual(impl.mul(b, 2.5).tolist(), [2.5, 0.0, 2.5])
        self.assertEqual(impl.argmax(b).item(), 0)
        self.assertEqual(impl.astype(b, "int8").tolist(), [1, 0, 1])
        self.assertEqual(impl.concat([b, asarray([1])]).dtype, "int64")

    def test_nan_inf_propagation(self):
        x = asarray([float("nan"), float("inf"), -1.0])
        self.assertTrue(math.isnan(impl.sum(x).item()))
        self.assertTrue(math.isnan(impl.exp(x).tolist()[0]))
        self.assertEqual(impl.exp(x).tolist()[1], float("inf"))
        self.assertTrue(math.isnan(impl.softmax(x).tolist()[0]))
        self.assertEqual(impl.sort(asarray([float("nan"), 1.0]), descending=True).tolist()[1], 1.0)


class IeeeSums(unittest.TestCase):
    def test_inf_minus_inf_and_overflow(self):
        self.assertTrue(math.isnan(impl.sum(asarray([float("inf"), float("-inf")])).item()))
        self.assertEqual(impl.sum(asarray([1e308, 1e308], "float64")).item(), float("inf"))
        self.assertTrue(math.isnan(impl.mean(asarray([float("inf"), float("-inf")])).item()))
        self.assertEqual(impl.sum(asarray([3e38, 3e38])).item(), float("inf"))  # float32 overflow


if __name__ == "__main__":
    unittest.main()
