"""The fast paths of the engine's kernels (list dot products, C-level gathers, per-channel
broadcasting, nan-free pooling planes) against values computed with real torch 1.13 /
numpy 1.24 on the same inputs (small integers: every result is exact in float32, so the
comparison is exact in both CPython 3.11 and Pyodide 3.14)."""
import math
import unittest

from tensorglot.engine.ndarray import NDArray
from tensorglot.ops import impl

NAN = float("nan")


def arr(values, shape):
    return NDArray([float(v) for v in values], shape, "float32")


# x = torch.arange(96.).reshape(2, 3, 4, 4) % 7 - 3
X = arr([(i % 7) - 3 for i in range(96)], (2, 3, 4, 4))
# y = np.arange(24, dtype=np.float32).reshape(2, 3, 2, 2)
Y = arr(range(24), (2, 3, 2, 2))


class ConvKernels(unittest.TestCase):
    def test_depthwise_conv_with_bias(self):
        # F.conv2d(x, w, b, padding=1, groups=3)
        w = arr([1, 0, -1, 2, 1, 0, 0, -1, 1, 0, 1, 0, 1, -2, 1, 0, 1, 0,
                 1, 1, 1, 0, 0, 0, -1, -1, -1], (3, 1, 3, 3))
        out = impl.conv(X, w, arr([0.5, -1, 2], (3,)), padding=1, groups=3)
        self.assertEqual(out.shape, (2, 3, 4, 4))
        self.assertEqual(out.data.tolist(), [
            -1.5, -6.5, -10.5, 1.5, 4.5, 3.5, 6.5, 1.5, -2.5, -12.5, 4.5, 6.5, 3.5, 5.5, 1.5, -7.5,
            4.0, -4.0, -3.0, -5.0, -11.0, 7.0, 2.0, 4.0, 0.0, -6.0, -4.0, -6.0, 3.0, 0.0, 1.0, 1.0,
            5.0, 5.0, 2.0, 1.0, 0.0, 6.0, 6.0, 7.0, 0.0, -1.0, -1.0, 0.0, 7.0, 4.0, 0.0, -3.0,
            4.5, 4.5, -6.5, -7.5, 4.5, 7.5, 3.5, 5.5, -2.5, -8.5, -12.5, 3.5, 3.5, 2.5, 5.5, 2.5,
            4.0, 2.0, -4.0, -5.0, -5.0, -9.0, 7.0, 3.0, 6.0, -1.0, -6.0, -7.0, -11.0, 6.0, 0.0, 1.0,
            7.0, 8.0, 5.0, 3.0, 0.0, -1.0, 6.0, 7.0, 0.0, -1.0, -1.0, 0.0, 5.0, 8.0, 4.0, 2.0])

    def test_pointwise_conv_one_tap_per_channel(self):
        # F.conv2d(x, w1, stride=2) with a 1x1 kernel: one-offset gathers per channel
        w1 = arr([2, -1, 0.5, 0, 1, 1], (2, 3, 1, 1))
        out = impl.conv(X, w1, stride=2)
        self.assertEqual(out.shape, (2, 2, 2, 2))
        self.assertEqual(out.data.tolist(), [-4.5, -1.5, -3.0, -3.5, 0.0, 4.0, 2.0, -1.0,
                                             8.0, -3.0, -4.5, -1.5, -2.0, 2.0, 0.0, 4.0])


class PoolKernels(unittest.TestCase):
    def test_max_pool_nan_only_in_the_windows_holding_one(self):
        xn = arr(X.data.tolist()[:48], (1, 3, 4, 4))
        xn.data[1] = NAN          # channel 0, row 0, col 1
        xn.data[16 + 15] = NAN    # channel 1, row 3, col 3
        out = impl.max_pool(xn, 2).data.tolist()  # F.max_pool2d(xn, 2)
        expected = [NAN, 3.0, 3.0, 1.0, 3.0, 2.0, 1.0, NAN, 2.0, 3.0, 3.0, 2.0]
        self.assertEqual([math.isnan(v) for v in out], [math.isnan(v) for v in expected])
        self.assertEqual([v for v in out if v == v], [v for v in expected if v == v])

    def test_max_pool_single_element_windows(self):
        out = impl.max_pool(arr(X.data.tolist()[:48], (1, 3, 4, 4)), 1, 2)  # F.max_pool2d(x[:1], 1, stride=2)
        self.assertEqual(out.data.tolist(), [-3.0, -1.0, -2.0, 0.0, -1.0, 1.0, 0.0, 2.0,
                                             1.0, 3.0, 2.0, -3.0])


class MatmulKernels(unittest.TestCase):
    def test_batched_matmul_with_one_shared_matrix(self):
        a = arr([(i % 5) - 2 for i in range(24)], (4, 2, 3))
        m = arr([1, -1, 2, 0, 0, 3], (3, 2))
        out = impl.matmul(a, m)  # numpy: a @ m
        self.assertEqual(out.shape, (4, 2, 2))
        self.assertEqual(out.data.tolist(), [-4.0, 2.0, 5.0, -7.0, -1.0, 4.0, -2.0, -5.0,
                                             2.0, 6.0, -4.0, 2.0, 5.0, -7.0, -1.0, 4.0])

    def test_matmul_with_no_output_columns(self):
        out = impl.matmul(impl.ones((2, 3)), impl.ones((3, 0)))  # numpy: shape (2, 0)
        self.assertEqual(out.shape, (2, 0))
        self.assertEqual(len(out.data), 0)


class BroadcastKernels(unittest.TestCase):
    def test_per_channel_operand(self):
        c = arr([1.5, -2, 4], (3, 1, 1))
        self.assertEqual(impl.add(Y, c).data.tolist(), [  # numpy: y + c
            1.5, 2.5, 3.5, 4.5, 2.0, 3.0, 4.0, 5.0, 12.0, 13.0, 14.0, 15.0,
            13.5, 14.5, 15.5, 16.5, 14.0, 15.0, 16.0, 17.0, 24.0, 25.0, 26.0, 27.0])
        self.assertEqual(impl.mul(c, Y).data.tolist(), [  # numpy: y * c
            0.0, 1.5, 3.0, 4.5, -8.0, -10.0, -12.0, -14.0, 32.0, 36.0, 40.0, 44.0,
            18.0, 19.5, 21.0, 22.5, -32.0, -34.0, -36.0, -38.0, 80.0, 84.0, 88.0, 92.0])

    def test_nchw_to_nhwc_and_first_axis_sum(self):
        self.assertEqual(impl.transpose(Y, (0, 2, 3, 1)).data.tolist(), [  # np.transpose
            0.0, 4.0, 8.0, 1.0, 5.0, 9.0, 2.0, 6.0, 10.0, 3.0, 7.0, 11.0,
            12.0, 16.0, 20.0, 13.0, 17.0, 21.0, 14.0, 18.0, 22.0, 15.0, 19.0, 23.0])
        self.assertEqual(impl.sum(impl.reshape(Y, (6, 4)), 0).data.tolist(),
                         [60.0, 66.0, 72.0, 78.0])  # y.reshape(6, 4).sum(0)


if __name__ == "__main__":
    unittest.main()
