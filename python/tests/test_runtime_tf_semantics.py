"""Emulated tensorflow against the TF 2.x API documentation (no real TF here).

Each test cites the tensorflow.org page whose documented behaviour it checks;
expected numbers are computed by hand or quoted from the page's example.
"""
import math
import unittest

from tensorglot.runtime import tensorflow as tf
from tests.approx import close


class TestTFSemantics(unittest.TestCase):
    def test_reduce_variance_is_biased(self):
        # tensorflow.org/api_docs/python/tf/math/reduce_variance: x = [[1., 2.], [3., 4.]]
        # reduce_variance(x) -> 1.25, axis 0 -> [1., 1.], axis 1 -> [0.25, 0.25]
        x = tf.constant([[1., 2.], [3., 4.]])
        self.assertAlmostEqual(tf.math.reduce_variance(x).numpy(), 1.25, places=6)
        self.assertEqual(tf.math.reduce_variance(x, 0).numpy().tolist(), [1.0, 1.0])
        self.assertEqual(tf.math.reduce_variance(x, 1).numpy().tolist(), [0.25, 0.25])

    def test_no_implicit_promotion_between_tensors(self):
        # tensorflow.org/guide/tensor ("TF does not do implicit casting between dtypes";
        # adding an int32 and a float32 tensor is an InvalidArgumentError in eager mode)
        with self.assertRaises(tf.errors.InvalidArgumentError):
            tf.constant([1, 2]) + tf.constant([1.0, 2.0])
        with self.assertRaises(tf.errors.InvalidArgumentError):
            tf.math.add(tf.constant([1.0]), tf.constant([1.0], dtype=tf.float64))

    def test_python_scalars_take_tensor_dtype(self):
        # tf.convert_to_tensor docs: Python scalars convert to the other operand's dtype;
        # a float that cannot become int32 raises TypeError
        self.assertEqual((tf.constant([1, 2]) + 3).dtype, tf.int32)
        self.assertEqual((tf.constant([1.0], dtype=tf.float16) * 2.5).dtype, tf.float16)
        with self.assertRaises(TypeError):
            tf.constant([1, 2]) + 2.5

    def test_default_dtypes(self):
        # tensorflow.org/api_docs/python/tf/constant: Python ints -> int32, floats -> float32
        self.assertEqual(tf.constant([1, 2]).dtype, tf.int32)
        self.assertEqual(tf.constant(1.5).dtype, tf.float32)
        self.assertEqual(tf.range(3).dtype, tf.int32)

    def test_truediv_int32_gives_float64(self):
        # tensorflow.org/api_docs/python/tf/math/truediv: "int32 and int64 to float64"
        r = tf.constant([1, 2, 3]) / tf.constant([2, 2, 2])
        self.assertEqual(r.dtype, tf.float64)
        self.assertEqual(r.numpy().tolist(), [0.5, 1.0, 1.5])

    def test_mod_is_floormod(self):
        # tensorflow.org/api_docs/python/tf/math/floormod: result has the sign of the divisor
        self.assertEqual((tf.constant([-7, 7]) % tf.constant([3, -3])).numpy().tolist(), [2, -2])
        self.assertEqual(tf.math.truncatemod(tf.constant([-7]), tf.constant([3])).numpy().tolist(), [-1])

    def test_gelu_default_exact(self):
        # tensorflow.org/api_docs/python/tf/nn/gelu: approximate=False by default; example values
        x = tf.constant([-3.0, -1.0, 0.0, 1.0, 3.0])
        self.assertTrue(close(tf.nn.gelu(x).numpy().tolist(),
                              [-0.00404951, -0.15865529, 0.0, 0.8413447, 2.9959507]))
        self.assertTrue(close(tf.nn.gelu(x, approximate=True).numpy().tolist(),
                              [-0.00363752, -0.15880796, 0.0, 0.841192, 2.9963627]))

    def test_leaky_relu_default_alpha(self):
        # tensorflow.org/api_docs/python/tf/nn/leaky_relu: alpha=0.2
        self.assertTrue(close(tf.nn.leaky_relu(tf.constant([-1.0, 2.0])).numpy().tolist(), [-0.2, 2.0]))

    def test_argmax_axis_none_is_axis0(self):
        # tensorflow.org/api_docs/python/tf/math/argmax: axis defaults to 0; output int64
        r = tf.math.argmax(tf.constant([[1, 5], [3, 2]]))
        self.assertEqual(r.numpy().tolist(), [1, 0])
        self.assertEqual(r.dtype, tf.int64)

    def test_linalg_diag_is_batchwise(self):
        # tensorflow.org/api_docs/python/tf/linalg/diag: diagonal [[1,2],[3,4]] (shape (2, 2))
        # -> output shape (2, 2, 2) = [[[1,0],[0,2]], [[3,0],[0,4]]]
        r = tf.linalg.diag(tf.constant([[1, 2], [3, 4]]))
        self.assertEqual(r.shape.as_list(), [2, 2, 2])
        self.assertEqual(r.numpy().tolist(), [[[1, 0], [0, 2]], [[3, 0], [0, 4]]])

    def test_softmax_default_last_axis(self):
        # tensorflow.org/api_docs/python/tf/nn/softmax: axis=None means the last dimension
        r = tf.nn.softmax(tf.constant([[0.0, math.log(3.0)]])).numpy().tolist()
        self.assertTrue(close(r, [[0.25, 0.75]]))

    def test_conv2d_nhwc_hwio(self):
        # tensorflow.org/api_docs/python/tf/nn/conv2d: input [batch, in_height, in_width,
        # in_channels], filters [filter_height, filter_width, in_channels, out_channels]
        x = tf.reshape(tf.range(1, 10, dtype=tf.float32), (1, 3, 3, 1))
        w = tf.ones((2, 2, 1, 2))
        y = tf.nn.conv2d(x, w, 1, "VALID")
        self.assertEqual(y.shape.as_list(), [1, 2, 2, 2])
        # window sums of [[1,2,3],[4,5,6],[7,8,9]]: 12, 16, 24, 28 (both output channels)
        self.assertEqual(y.numpy().tolist(), [[[[12, 12], [16, 16]], [[24, 24], [28, 28]]]])

    def test_same_padding_extra_at_end(self):
        # tensorflow.org/api_docs/python/tf/nn#notes_on_padding_2: for 'SAME',
        # pad_top = pad_along_height // 2 and the bottom gets the remainder
        x = tf.reshape(tf.range(1, 5, dtype=tf.float32), (1, 4, 1, 1))  # column [1,2,3,4]
        w = tf.ones((2, 1, 1, 1))
        y = tf.nn.conv2d(x, w, 1, "SAME")
        # total pad 1 -> 0 before, 1 after: [1+2, 2+3, 3+4, 4+0]
        self.assertEqual(tf.reshape(y, (-1,)).numpy().tolist(), [3, 5, 7, 4])
        p = tf.nn.max_pool2d(tf.reshape(tf.constant([1., 5., 2.]), (1, 3, 1, 1)), (2, 1), (2, 1), "SAME")
        self.assertEqual(tf.reshape(p, (-1,)).numpy().tolist(), [5, 2])  # pad after: [1,5],[2,-inf]

    def test_avg_pool_same_excludes_padding(self):
        # tf.nn.avg_pool2d 'SAME': each output averages only the in-bounds elements
        x = tf.reshape(tf.constant([1., 2., 3.]), (1, 3, 1, 1))
        y = tf.nn.avg_pool2d(x, (2, 1), (2, 1), "SAME")
        self.assertEqual(tf.reshape(y, (-1,)).numpy().tolist(), [1.5, 3.0])

    def test_depthwise_and_transpose_conv_shapes(self):
        # tf.nn.depthwise_conv2d: filter [h, w, in, multiplier] -> in * multiplier channels
        y = tf.nn.depthwise_conv2d(tf.ones((1, 4, 4, 3)), tf.ones((3, 3, 3, 2)), (1, 1, 1, 1), "SAME")
        self.assertEqual(y.shape.as_list(), [1, 4, 4, 6])
        self.assertEqual(y.numpy().tolist()[0][1][1], [9.0] * 6)
        # tf.nn.conv2d_transpose: filters [h, w, out, in]; output_shape decides the size
        z = tf.nn.conv2d_transpose(tf.ones((1, 2, 2, 1)), tf.ones((3, 3, 1, 1)), [1, 4, 4, 1], 2, "SAME")
        self.assertEqual(z.shape.as_list(), [1, 4, 4, 1])

    def test_gather_nd_boolean_mask_scatter(self):
        # tf.gather_nd / tf.boolean_mask / tf.tensor_scatter_nd_update docs examples
        p = tf.constant([[1, 2], [3, 4]])
        self.assertEqual(tf.gather_nd(p, [[0, 0], [1, 1]]).numpy().tolist(), [1, 4])
        self.assertEqual(tf.gather(p, [1, 0]).numpy().tolist(), [[3, 4], [1, 2]])
        self.assertEqual(tf.boolean_mask(tf.constant([0, 1, 2, 3]), [True, False, True, False]).numpy().tolist(),
                         [0, 2])
        t = tf.tensor_scatter_nd_update(tf.constant([1, 2, 3, 4]), [[1], [3]], [9, 10])
        self.assertEqual(t.numpy().tolist(), [1, 9, 3, 10])
        self.assertEqual(tf.where(tf.constant([True, False, True])).numpy().tolist(), [[0], [2]])

    def test_tensor_indexing_rejects_tensor_indices(self):
        # tf.Tensor.__getitem__ docs: only ints, slices, ellipsis, tf.newaxis, scalar int tensors
        x = tf.constant([[1, 2], [3, 4]])
        self.assertEqual(x[1, ::-1].numpy().tolist(), [4, 3])
        self.assertEqual(x[tf.newaxis].shape.as_list(), [1, 2, 2])
        with self.assertRaises(TypeError):
            x[tf.constant([True, False])]

    def test_variable_assign(self):
        # tensorflow.org/api_docs/python/tf/Variable: assign / assign_add / assign_sub
        v = tf.Variable([1.0, 2.0])
        v.assign_add([1.0, 1.0])
        self.assertEqual(v.numpy().tolist(), [2.0, 3.0])
        v.assign([0.0, 5.0])
        self.assertEqual((v * 2).numpy().tolist(), [0.0, 10.0])
        with self.assertRaises(ValueError):
            v.assign([1.0, 2.0, 3.0])

    def test_shape_object(self):
        # tf.TensorShape: as_list, indexing, len
        s = tf.zeros((2, 3)).shape
        self.assertEqual((s.as_list(), s[1], len(s), s.rank), ([2, 3], 3, 2, 2))
        self.assertEqual(tf.shape(tf.zeros((2, 3))).numpy().tolist(), [2, 3])

    def test_cumsum_exclusive_reverse(self):
        # tensorflow.org/api_docs/python/tf/math/cumsum examples
        x = tf.constant([2, 4, 6, 8])
        self.assertEqual(tf.math.cumsum(x, exclusive=True).numpy().tolist(), [0, 2, 6, 12])
        self.assertEqual(tf.math.cumsum(x, reverse=True).numpy().tolist(), [20, 18, 14, 8])

    def test_pad_split_one_hot_topk(self):
        self.assertEqual(tf.pad(tf.constant([[1]]), [[1, 0], [0, 1]]).numpy().tolist(), [[0, 0], [1, 0]])
        a, b = tf.split(tf.range(5), [2, 3])
        self.assertEqual((a.numpy().tolist(), b.numpy().tolist()), ([0, 1], [2, 3, 4]))
        oh = tf.one_hot([0, 2], 3)          # tf.one_hot: float32 by default
        self.assertEqual(oh.dtype, tf.float32)
        self.assertEqual(oh.numpy().tolist(), [[1, 0, 0], [0, 0, 1]])
        v, i = tf.math.top_k(tf.constant([1., 9., 4.]), k=2)
        self.assertEqual((v.numpy().tolist(), i.numpy().tolist(), i.dtype), ([9.0, 4.0], [1, 2], tf.int32))

    def test_function_and_random(self):
        f = tf.function(lambda x: x * 2, jit_compile=True)
        self.assertEqual(f(tf.constant([1])).numpy().tolist(), [2])
        tf.random.set_seed(3)
        a = tf.random.uniform((4,))
        tf.random.set_seed(3)
        self.assertEqual(a.numpy().tolist(), tf.random.uniform((4,)).numpy().tolist())
        self.assertTrue(all(0 <= v < 1 for v in a.numpy().tolist()))


if __name__ == "__main__":
    unittest.main()
