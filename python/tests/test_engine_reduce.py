"""Reductions: axes, keepdims, dtypes, var/std correction, nan, ties, scans, norms."""
import math
import struct
import unittest

from tensorglot.engine import asarray, promotion_policy
from tensorglot.ops import impl

NAN, INF = float("nan"), float("inf")


def f32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


M = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


class Reduce(unittest.TestCase):
    def test_sum_axes_keepdims(self):
        x = asarray(M)
        self.assertEqual(impl.sum(x).item(), 21.0)
        self.assertEqual(impl.sum(x).shape, ())
        self.assertEqual(impl.sum(x, 0).tolist(), [5.0, 7.0, 9.0])
        self.assertEqual(impl.sum(x, -1).tolist(), [6.0, 15.0])
        self.assertEqual(impl.sum(x, 1, keepdims=True).shape, (2, 1))
        self.assertEqual(impl.sum(x, (0, 1), keepdims=True).tolist(), [[21.0]])
        self.assertEqual(impl.sum(x, axis=()).tolist(), M)

    def test_sum_3d_middle_axis(self):
        x = asarray([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]])
        self.assertEqual(impl.sum(x, 1).tolist(), [[9, 12], [27, 30]])
        self.assertEqual(impl.sum(x, (0, 2)).tolist(), [1 + 2 + 7 + 8, 3 + 4 + 9 + 10, 5 + 6 + 11 + 12])

    def test_sum_dtypes(self):
        self.assertEqual(impl.sum(asarray([1, 2], "int32")).dtype, "int64")
        self.assertEqual(impl.sum(asarray([True, True, False])).tolist(), 2)
        self.assertEqual(impl.sum(asarray([True, True])).dtype, "int64")
        with promotion_policy("jax"):
            self.assertEqual(impl.sum(asarray([1, 2], "int32")).dtype, "int32")
        self.assertEqual(impl.sum(asarray([1, 2]), dtype="float64").dtype, "float64")

    def test_empty_reductions(self):
        e = impl.zeros((0,))
        self.assertEqual(impl.sum(e).item(), 0.0)
        self.assertEqual(impl.prod(e).item(), 1.0)
        self.assertTrue(math.isnan(impl.mean(e).item()))
        with self.assertRaises(ValueError):
            impl.max(e)
        self.assertEqual(impl.sum(impl.zeros((2, 0)), 1).tolist(), [0.0, 0.0])

    def test_mean_prod_max_min(self):
        x = asarray(M)
        self.assertEqual(impl.mean(x, 1).tolist(), [2.0, 5.0])
        self.assertEqual(impl.mean(asarray([1, 2])).dtype, "float32")
        self.assertEqual(impl.prod(x, 0).tolist(), [4.0, 10.0, 18.0])
        self.assertEqual(impl.max(x, 1).tolist(), [3.0, 6.0])
        self.assertEqual(impl.min(x, 0).tolist(), [1.0, 2.0, 3.0])
        self.assertTrue(math.isnan(impl.max(asarray([1.0, NAN, 3.0])).item()))
        self.assertTrue(math.isnan(impl.min(asarray([NAN, 1.0])).item()))

    def test_var_std_correction(self):
        x = asarray([1.0, 2.0, 3.0, 4.0])
        self.assertEqual(impl.var(x).item(), 1.25)
        self.assertEqual(impl.var(x, correction=1).item(), f32(5 / 3))
        self.assertEqual(impl.std(x).item(), f32(math.sqrt(1.25)))
        self.assertEqual(impl.std(x, correction=1).item(), f32(math.sqrt(5 / 3)))
        self.assertEqual(impl.var(asarray(M), 1, keepdims=True).tolist(), [[f32(2 / 3)], [f32(2 / 3)]])

    def test_var_of_one_element_is_nan(self):
        # torch.var(torch.tensor([3.])) is nan (unbiased, one element)
        self.assertTrue(math.isnan(impl.var(asarray([3.0]), correction=1).item()))
        self.assertTrue(math.isnan(impl.std(asarray([3.0]), correction=1).item()))
        self.assertEqual(impl.var(asarray([3.0]), correction=0).item(), 0.0)
        self.assertTrue(math.isnan(impl.var(asarray([1.0, 2.0]), correction=2).item()))

    def test_argmax_ties_first(self):
        x = asarray([1, 3, 3, 2])
        self.assertEqual(impl.argmax(x).item(), 1)
        self.assertEqual(impl.argmin(asarray([2, 0, 0])).item(), 1)
        self.assertEqual(impl.argmax(x).dtype, "int64")
        m = asarray([[1, 5, 5], [7, 7, 0]])
        self.assertEqual(impl.argmax(m, 1).tolist(), [1, 0])
        self.assertEqual(impl.argmax(m, 0).tolist(), [1, 1, 0])
        self.assertEqual(impl.argmax(asarray([[2, 2], [2, 2]]), 0).tolist(), [0, 0])
        self.assertEqual(impl.argmax(m).item(), 3)  # flattened
        self.assertEqual(impl.argmax(m, 1, keepdims=True).shape, (2, 1))
        self.assertEqual(impl.argmax(m, None, keepdims=True).shape, (1, 1))
        self.assertEqual(impl.argmax(asarray([1.0, NAN, 5.0])).item(), 1)

    def test_all_any(self):
        x = asarray([[True, False], [True, True]])
        self.assertEqual(impl.all(x, 1).tolist(), [False, True])
        self.assertEqual(impl.any(x, 0).tolist(), [True, True])
        self.assertIs(impl.all(x).item(), False)
        self.assertIs(impl.any(asarray([0.0, 0.5])).item(), True)
        self.assertIs(impl.all(impl.zeros((0,))).item(), True)

    def test_logsumexp(self):
        x = asarray([1.0, 2.0, 3.0])
        self.assertEqual(impl.logsumexp(x).item(), f32(math.log(math.exp(1) + math.exp(2) + math.exp(3))))
        big = impl.logsumexp(asarray([1000.0, 1000.0])).item()
        self.assertEqual(big, f32(1000 + math.log(2)))
        self.assertEqual(impl.logsumexp(asarray([-INF, -INF])).item(), -INF)

    def test_cumsum_cumprod(self):
        x = asarray([[1, 2, 3], [4, 5, 6]])
        self.assertEqual(impl.cumsum(x, 1).tolist(), [[1, 3, 6], [4, 9, 15]])
        self.assertEqual(impl.cumsum(x, 0).tolist(), [[1, 2, 3], [5, 7, 9]])
        self.assertEqual(impl.cumprod(x, 1).tolist(), [[1, 2, 6], [4, 20, 120]])
        self.assertEqual(impl.cumsum(x, None).tolist(), [1, 3, 6, 10, 15, 21])
        self.assertEqual(impl.cumsum(asarray([True, True]), 0).dtype, "int64")

    def test_norm(self):
        x = asarray([[3.0, -4.0], [0.0, 0.0]])
        self.assertEqual(impl.norm(x).item(), 5.0)
        self.assertEqual(impl.norm(x, axis=1).tolist(), [5.0, 0.0])
        self.assertEqual(impl.norm(x, ord=1, axis=1).tolist(), [7.0, 0.0])
        self.assertEqual(impl.norm(x, ord=INF).item(), 4.0)
        self.assertEqual(impl.norm(x, ord=0).item(), 2.0)
        self.assertEqual(impl.norm(x, ord=3, axis=1).tolist()[0], f32((27 + 64) ** (1 / 3)))

    def test_matrix_norms(self):
        a = asarray([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
        # column abs sums 5, 7, 9; row abs sums 6, 15
        self.assertEqual(impl.norm(a, 1, (0, 1)).item(), 9.0)
        self.assertEqual(impl.norm(a, -1, (0, 1)).item(), 5.0)
        self.assertEqual(impl.norm(a, INF, (0, 1)).item(), 15.0)
        self.assertEqual(impl.norm(a, -INF, (0, 1)).item(), 6.0)
        self.assertEqual(impl.norm(a, 1, (0, 1), keepdims=True).shape, (1, 1))
        with self.assertRaises(NotImplementedError):
            impl.norm(a, "nuc", (0, 1))

    def test_axis_errors(self):
        with self.assertRaises(IndexError):
            impl.sum(asarray([1, 2]), 1)
        with self.assertRaises(ValueError):
            impl.sum(asarray([[1, 2]]), (0, 0))

    def test_0d_reductions(self):
        s = asarray(4.0)
        self.assertEqual(impl.sum(s).item(), 4.0)
        self.assertEqual(impl.sum(s, 0).item(), 4.0)
        self.assertEqual(impl.max(s).item(), 4.0)


if __name__ == "__main__":
    unittest.main()
