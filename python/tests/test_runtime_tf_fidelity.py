"""Emulated tensorflow: top_k's named result, gather(batch_dims=), meshgrid, tf.experimental.numpy.

No TensorFlow here: expected values come from the examples and formulas of the TF API docs
(tensorflow.org/api_docs/python/tf/...), cited per test.
"""
import unittest

from tensorglot.runtime import tensorflow as tf


class TopK(unittest.TestCase):
    def test_result_is_a_named_tuple(self):
        # tensorflow.org/api_docs/python/tf/math/top_k: "Returns: A tuple with two named fields:
        # values, indices"; example top_k([1, 2, 98, 1, 1, 99, 3, 1, 3, 96, 4, 1], k=3)
        result = tf.math.top_k([1, 2, 98, 1, 1, 99, 3, 1, 3, 96, 4, 1], k=3)
        self.assertEqual(result.values.numpy().tolist(), [99, 98, 96])
        self.assertEqual(result.indices.numpy().tolist(), [5, 2, 9])
        self.assertEqual(result.indices.dtype, tf.int32)
        values, indices = result                      # tuple unpacking
        self.assertIs(values, result.values)
        self.assertIs(result[1], result.indices)      # indexing
        self.assertEqual(len(result), 2)
        self.assertEqual(type(result).__name__, "TopKV2")
        self.assertTrue(repr(result).startswith("TopKV2(values="))

    def test_ties_lower_index_first_and_index_type(self):
        # same page: "If two elements are equal, the lower-index element appears first";
        # index_type changes the indices' dtype
        data = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0]
        self.assertEqual(tf.math.top_k(data, k=3).indices.numpy().tolist(), [0, 1, 3])
        r = tf.nn.top_k(data, k=3, index_type=tf.int64)
        self.assertEqual(r.indices.dtype, tf.int64)

    def test_rows_of_a_matrix(self):
        # "values.shape == indices.shape == input.shape[:-1] + [k]"
        v, i = tf.math.top_k(tf.constant([[1.0, 3.0, 2.0], [5.0, 4.0, 6.0]]), k=2)
        self.assertEqual(v.shape.as_list(), [2, 2])
        self.assertEqual(v.numpy().tolist(), [[3.0, 2.0], [6.0, 5.0]])
        self.assertEqual(i.numpy().tolist(), [[1, 2], [2, 0]])


class GatherBatchDims(unittest.TestCase):
    # tensorflow.org/api_docs/python/tf/gather (general case): output[p0..p(axis-1), i_B..i_(M-1),
    # p(axis+1)..] = params[p0..p(axis-1), indices[p0..p(B-1), i_B..i_(M-1)], p(axis+1)..],
    # B = batch_dims; axis defaults to batch_dims; a negative batch_dims counts from rank(indices)
    params = [[1, 2, 3], [4, 5, 6]]
    indices = [[2, 0], [1, 1]]

    def test_batch_dims_one(self):
        out = tf.gather(tf.constant(self.params), tf.constant(self.indices), batch_dims=1)
        # row 0 takes params[0][2], params[0][0]; row 1 takes params[1][1] twice
        self.assertEqual(out.numpy().tolist(), [[3, 1], [5, 5]])
        same = tf.gather(tf.constant(self.params), tf.constant(self.indices), axis=1, batch_dims=1)
        self.assertEqual(same.numpy().tolist(), [[3, 1], [5, 5]])
        neg = tf.gather(tf.constant(self.params), tf.constant(self.indices), batch_dims=-1)
        self.assertEqual(neg.numpy().tolist(), [[3, 1], [5, 5]])

    def test_top_k_indices_gather_back_their_values(self):
        # tf.math.top_k page: gathered_values = tf.gather(input, indices, batch_dims=-1) == values
        x = tf.constant([[[1.0, 9.0, 3.0], [4.0, 2.0, 8.0]], [[0.5, 0.25, 7.0], [6.0, 5.0, 1.0]]])
        values, indices = tf.math.top_k(x, k=2)
        gathered = tf.gather(x, indices, batch_dims=-1)
        self.assertEqual(gathered.numpy().tolist(), values.numpy().tolist())

    def test_batch_dims_with_trailing_axis(self):
        # params (2, 3, 2), indices (2, 1), batch_dims=1, axis=1: output (2, 1, 2)
        params = [[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]
        out = tf.gather(tf.constant(params), tf.constant([[2], [0]]), axis=1, batch_dims=1)
        self.assertEqual(out.numpy().tolist(), [[[5, 6]], [[7, 8]]])

    def test_plain_gather_unchanged(self):
        # tf.gather page: params[[3, 1]] rows, and columns with axis=1
        params = tf.constant([[0, 1.0, 2.0], [10.0, 11.0, 12.0], [20.0, 21.0, 22.0], [30.0, 31.0, 32.0]])
        self.assertEqual(tf.gather(params, indices=[3, 1]).numpy().tolist(),
                         [[30.0, 31.0, 32.0], [10.0, 11.0, 12.0]])
        self.assertEqual(tf.gather(params, indices=[2, 1], axis=1).numpy().tolist(),
                         [[2.0, 1.0], [12.0, 11.0], [22.0, 21.0], [32.0, 31.0]])

    def test_batch_dims_larger_than_axis_raises(self):
        with self.assertRaises(Exception):
            tf.gather(tf.constant(self.params), tf.constant(self.indices), axis=0, batch_dims=1)


class Meshgrid(unittest.TestCase):
    def test_xy_default(self):
        # tensorflow.org/api_docs/python/tf/meshgrid: x = [1, 2, 3], y = [4, 5, 6];
        # X, Y = tf.meshgrid(x, y) -> X rows [1, 2, 3], Y rows [4, 4, 4] / [5, 5, 5] / [6, 6, 6]
        X, Y = tf.meshgrid([1, 2, 3], [4, 5, 6])
        self.assertEqual(X.numpy().tolist(), [[1, 2, 3]] * 3)
        self.assertEqual(Y.numpy().tolist(), [[4, 4, 4], [5, 5, 5], [6, 6, 6]])

    def test_ij_and_shapes(self):
        # "When the indexing argument is set to 'xy' (the default), the broadcasting instructions
        # for the first two dimensions are swapped": lengths (2, 3, 4) -> (3, 2, 4) for 'xy'
        a, b, c = tf.range(2), tf.range(3), tf.range(4)
        self.assertEqual([g.shape.as_list() for g in tf.meshgrid(a, b, c)], [[3, 2, 4]] * 3)
        grids = tf.meshgrid(a, b, c, indexing="ij")
        self.assertEqual([g.shape.as_list() for g in grids], [[2, 3, 4]] * 3)
        self.assertEqual(grids[1].numpy()[1, 2, 3], 2)
        with self.assertRaises(ValueError):       # "indexing ... not one of xy or ij"
            tf.meshgrid(a, b, indexing="yx")


class ExperimentalNumpy(unittest.TestCase):
    def test_outer(self):
        # tf.experimental.numpy.outer: "TensorFlow variant of NumPy's outer" -> out[i, j] = a[i] * b[j]
        out = tf.experimental.numpy.outer(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0, 5.0]))
        self.assertEqual(out.numpy().tolist(), [[3.0, 4.0, 5.0], [6.0, 8.0, 10.0]])

    def test_importable_as_a_module(self):
        import importlib
        tnp = importlib.import_module("tensorglot.runtime.tensorflow.experimental.numpy")
        self.assertIs(tnp.outer, tf.experimental.numpy.outer)
        with self.assertRaises(AttributeError):   # names the missing API, as other modules do
            tf.experimental.numpy.not_a_function


if __name__ == "__main__":
    unittest.main()
