"""Shape ops and indexing (basic, advanced, masks), functional updates, gather/scatter, sort."""
import math
import unittest

from tensorglot.engine import asarray
from tensorglot.ops import impl

NAN = float("nan")


def arange(*shape):
    n = 1
    for s in shape:
        n *= s
    return impl.reshape(impl.arange(n), shape)


def nested(shape, f, prefix=()):
    """Nested list with element f(*index), built independently of the engine."""
    if not shape:
        return f(*prefix)
    return [nested(shape[1:], f, prefix + (i,)) for i in range(shape[0])]


class Shape(unittest.TestCase):
    def test_reshape_transpose(self):
        x = arange(2, 3)
        self.assertEqual(impl.reshape(x, (3, -1)).tolist(), [[0, 1], [2, 3], [4, 5]])
        self.assertEqual(impl.transpose(x).tolist(), [[0, 3], [1, 4], [2, 5]])
        y = arange(2, 3, 4)
        t = impl.transpose(y, (2, 0, 1))
        self.assertEqual(t.shape, (4, 2, 3))
        self.assertEqual(t.tolist(), nested((4, 2, 3), lambda i, j, k: j * 12 + k * 4 + i))
        self.assertEqual(impl.swapaxes(y, 0, 2).tolist(), nested((4, 3, 2), lambda i, j, k: k * 12 + j * 4 + i))
        with self.assertRaises(ValueError):
            impl.transpose(y, (0, 0, 1))

    def test_expand_squeeze_flatten(self):
        x = arange(2, 3)
        self.assertEqual(impl.expand_dims(x, 0).shape, (1, 2, 3))
        self.assertEqual(impl.expand_dims(x, -1).shape, (2, 3, 1))
        self.assertEqual(impl.expand_dims(x, (0, 3)).shape, (1, 2, 3, 1))
        s = impl.reshape(x, (1, 2, 1, 3))
        self.assertEqual(impl.squeeze(s).shape, (2, 3))
        self.assertEqual(impl.squeeze(s, 2).shape, (1, 2, 3))
        self.assertEqual(impl.squeeze(s, 1).shape, (1, 2, 1, 3))  # size != 1: left alone (torch)
        y = arange(2, 3, 4)
        self.assertEqual(impl.flatten(y).shape, (24,))
        self.assertEqual(impl.flatten(y, 1).shape, (2, 12))
        self.assertEqual(impl.flatten(y, 0, 1).shape, (6, 4))
        self.assertEqual(impl.flatten(asarray(3.0)).shape, (1,))

    def test_broadcast_to(self):
        out = impl.broadcast_to(asarray([1, 2]), (3, 2))
        self.assertEqual(out.tolist(), [[1, 2]] * 3)
        out = impl.broadcast_to(asarray([[1], [2]]), (2, 3))
        self.assertEqual(out.tolist(), [[1, 1, 1], [2, 2, 2]])

    def test_concat_stack_split(self):
        a, b = arange(2, 2), impl.add(arange(2, 1), 10)
        self.assertEqual(impl.concat([a, b], 1).tolist(), [[0, 1, 10], [2, 3, 11]])
        self.assertEqual(impl.concat([a, a], 0).shape, (4, 2))
        self.assertEqual(impl.concat([a, asarray([[0.5, 0.5]])], 0).dtype, "float32")
        with self.assertRaises(ValueError):
            impl.concat([a, b], 0)
        self.assertEqual(impl.stack([a, a], 1).shape, (2, 2, 2))
        self.assertEqual(impl.stack([asarray([1, 2]), asarray([3, 4])], -1).tolist(), [[1, 3], [2, 4]])
        parts = impl.split(arange(6), 3)
        self.assertEqual([p.tolist() for p in parts], [[0, 1], [2, 3], [4, 5]])
        parts = impl.split(arange(2, 5), [2, 3], axis=1)
        self.assertEqual([p.shape for p in parts], [(2, 2), (2, 3)])
        self.assertEqual(parts[1].tolist(), [[2, 3, 4], [7, 8, 9]])
        with self.assertRaises(ValueError):
            impl.split(arange(5), 2)
        un = impl.unbind(arange(2, 3), 1)
        self.assertEqual([u.tolist() for u in un], [[0, 3], [1, 4], [2, 5]])

    def test_flip_roll_tile_repeat(self):
        x = arange(2, 3)
        self.assertEqual(impl.flip(x, 1).tolist(), [[2, 1, 0], [5, 4, 3]])
        self.assertEqual(impl.flip(x, (0, 1)).tolist(), [[5, 4, 3], [2, 1, 0]])
        self.assertEqual(impl.roll(arange(5), 2).tolist(), [3, 4, 0, 1, 2])
        self.assertEqual(impl.roll(x, -1, 1).tolist(), [[1, 2, 0], [4, 5, 3]])
        self.assertEqual(impl.roll(x, 1).tolist(), [[5, 0, 1], [2, 3, 4]])
        self.assertEqual(impl.tile(asarray([1, 2]), 2).tolist(), [1, 2, 1, 2])
        self.assertEqual(impl.tile(asarray([[1, 2]]), (2, 2)).tolist(), [[1, 2, 1, 2], [1, 2, 1, 2]])
        self.assertEqual(impl.repeat(asarray([1, 2]), 2).tolist(), [1, 1, 2, 2])
        self.assertEqual(impl.repeat(asarray([[1, 2], [3, 4]]), [1, 2], 0).tolist(),
                         [[1, 2], [3, 4], [3, 4]])

    def test_pad_modes(self):
        x = asarray([1, 2, 3])
        self.assertEqual(impl.pad(x, ((1, 2),)).tolist(), [0, 1, 2, 3, 0, 0])
        self.assertEqual(impl.pad(x, ((1, 1),), value=9).tolist(), [9, 1, 2, 3, 9])
        self.assertEqual(impl.pad(x, ((2, 2),), "reflect").tolist(), [3, 2, 1, 2, 3, 2, 1])
        self.assertEqual(impl.pad(x, ((2, 1),), "replicate").tolist(), [1, 1, 1, 2, 3, 3])
        self.assertEqual(impl.pad(x, ((2, 1),), "circular").tolist(), [2, 3, 1, 2, 3, 1])
        m = impl.pad(asarray([[1.0]]), ((1, 0), (0, 1)))
        self.assertEqual(m.tolist(), [[0.0, 0.0], [1.0, 0.0]])

    def test_tril_triu_diag(self):
        x = impl.add(arange(3, 3), 1)
        self.assertEqual(impl.tril(x).tolist(), [[1, 0, 0], [4, 5, 0], [7, 8, 9]])
        self.assertEqual(impl.triu(x, 1).tolist(), [[0, 2, 3], [0, 0, 6], [0, 0, 0]])
        self.assertEqual(impl.tril(x, -1).tolist(), [[0, 0, 0], [4, 0, 0], [7, 8, 0]])
        self.assertEqual(impl.diag(x).tolist(), [1, 5, 9])
        self.assertEqual(impl.diag(x, 1).tolist(), [2, 6])
        self.assertEqual(impl.diag(x, -2).tolist(), [7])
        self.assertEqual(impl.diag(asarray([1, 2])).tolist(), [[1, 0], [0, 2]])
        self.assertEqual(impl.diag(asarray([1, 2]), 1).tolist(), [[0, 1, 0], [0, 0, 2], [0, 0, 0]])


class Indexing(unittest.TestCase):
    def test_basic(self):
        x = arange(3, 4)
        self.assertEqual(impl.getitem(x, 1).tolist(), [4, 5, 6, 7])
        self.assertEqual(impl.getitem(x, -1).tolist(), [8, 9, 10, 11])
        self.assertEqual(impl.getitem(x, (1, 2)).shape, ())
        self.assertEqual(impl.getitem(x, (1, 2)).item(), 6)
        self.assertEqual(impl.getitem(x, (slice(None), slice(1, 3))).tolist(), [[1, 2], [5, 6], [9, 10]])
        self.assertEqual(impl.getitem(x, (slice(None, None, -1), slice(None, None, 2))).tolist(),
                         [[8, 10], [4, 6], [0, 2]])
        self.assertEqual(impl.getitem(x, (slice(None), slice(None, 0, -2))).tolist(), [[3, 1], [7, 5], [11, 9]])
        self.assertEqual(impl.getitem(x, (None, 0)).shape, (1, 4))
        self.assertEqual(impl.getitem(x, (Ellipsis, 0)).tolist(), [0, 4, 8])
        self.assertEqual(impl.getitem(x, (Ellipsis, None)).shape, (3, 4, 1))
        self.assertEqual(impl.getitem(x, slice(5, 10)).shape, (0, 4))
        with self.assertRaises(IndexError):
            impl.getitem(x, 3)
        with self.assertRaises(IndexError):
            impl.getitem(x, (0, 0, 0))

    def test_advanced(self):
        x = arange(3, 4)
        self.assertEqual(impl.getitem(x, [2, 0]).tolist(), [[8, 9, 10, 11], [0, 1, 2, 3]])
        self.assertEqual(impl.getitem(x, ([0, 2], [1, 3])).tolist(), [1, 11])
        self.assertEqual(impl.getitem(x, (slice(None), [0, -1])).tolist(), [[0, 3], [4, 7], [8, 11]])
        idx = asarray([[0, 1], [2, 2]])
        self.assertEqual(impl.getitem(x, idx).shape, (2, 2, 4))
        self.assertEqual(impl.getitem(x, (idx, 0)).tolist(), [[0, 4], [8, 8]])
        with self.assertRaises(IndexError):
            impl.getitem(x, [3])
        with self.assertRaises(IndexError):
            impl.getitem(x, asarray([0.0]))

    def test_advanced_separated_by_slice_go_first(self):
        y = arange(2, 3, 4)
        # numpy: y[0, :, [1, 2]] -> shape (2, 3): advanced dims (int+array) separated by a slice
        out = impl.getitem(y, (0, slice(None), [1, 2]))
        self.assertEqual(out.shape, (2, 3))
        self.assertEqual(out.tolist(), [[1, 5, 9], [2, 6, 10]])
        # adjacent advanced indices stay in place: y[:, [0, 2], [1, 3]] -> (2, 2)
        out = impl.getitem(y, (slice(None), [0, 2], [1, 3]))
        self.assertEqual(out.tolist(), [[1, 11], [13, 23]])
        # y[[0, 1], :, [0, 0]] -> (2, 3)
        out = impl.getitem(y, ([0, 1], slice(None), [0, 0]))
        self.assertEqual(out.tolist(), [[0, 4, 8], [12, 16, 20]])

    def test_boolean_mask(self):
        x = arange(2, 3)
        m = impl.gt(x, 2)
        self.assertEqual(impl.getitem(x, m).tolist(), [3, 4, 5])
        rows = asarray([True, False])
        self.assertEqual(impl.getitem(x, rows).tolist(), [[0, 1, 2]])
        self.assertEqual(impl.getitem(x, (slice(None), asarray([True, False, True]))).tolist(),
                         [[0, 2], [3, 5]])
        self.assertEqual(impl.getitem(x, impl.gt(x, 100)).shape, (0,))

    def test_setitem_is_functional(self):
        x = impl.zeros((2, 3))
        y = impl.setitem(x, (0, slice(None)), 1.5)
        self.assertEqual(x.tolist(), [[0.0] * 3] * 2)
        self.assertEqual(y.tolist(), [[1.5] * 3, [0.0] * 3])
        z = impl.setitem(x, (slice(None), 1), asarray([7.0, 8.0]))
        self.assertEqual(z.tolist(), [[0, 7, 0], [0, 8, 0]])
        w = impl.setitem(x, impl.ge(arange(2, 3), 4), -1.0)
        self.assertEqual(w.tolist(), [[0, 0, 0], [0, -1, -1]])
        v = impl.setitem(arange(4), [0, 0], asarray([5, 6]))
        self.assertEqual(v.tolist(), [6, 1, 2, 3])  # last write wins
        c = impl.setitem(arange(3), 1, 2.7)  # cast to the array's int dtype
        self.assertEqual((c.dtype, c.tolist()), ("int64", [0, 2, 2]))
        with self.assertRaises(ValueError):
            impl.setitem(x, 0, asarray([1.0, 2.0]))

    def test_take_gather_scatter(self):
        x = arange(3, 4)
        self.assertEqual(impl.take(x, asarray([0, 5, -1])).tolist(), [0, 5, 11])
        self.assertEqual(impl.take(x, asarray([2, 0]), 0).tolist(), [[8, 9, 10, 11], [0, 1, 2, 3]])
        self.assertEqual(impl.index_select(x, 1, asarray([3, 0])).tolist(), [[3, 0], [7, 4], [11, 8]])
        ind = asarray([[0, 3], [1, 1], [2, 0]])
        self.assertEqual(impl.take_along_axis(x, ind, 1).tolist(), [[0, 3], [5, 5], [10, 8]])
        self.assertEqual(impl.take_along_axis(x, asarray([[2, 0, 1, 0]]), 0).tolist(), [[8, 1, 6, 3]])
        z = impl.zeros((2, 4))
        s = impl.scatter(z, 1, asarray([[1, 3], [0, 0]]), asarray([[1.0, 2.0], [3.0, 4.0]]))
        self.assertEqual(s.tolist(), [[0, 1, 0, 2], [4, 0, 0, 0]])
        s = impl.scatter(z, 1, asarray([[1, 3], [0, 0]]), asarray([[1.0, 2.0], [3.0, 4.0]]), "add")
        self.assertEqual(s.tolist(), [[0, 1, 0, 2], [7, 0, 0, 0]])
        s = impl.scatter(z, 0, asarray([[1, 0, 1, 0]]), 5.0)
        self.assertEqual(s.tolist(), [[0, 5, 0, 5], [5, 0, 5, 0]])

    def test_where_masked_fill_nonzero(self):
        c = asarray([True, False, True])
        self.assertEqual(impl.where(c, asarray([1, 2, 3]), 0).tolist(), [1, 0, 3])
        self.assertEqual(impl.where(c, 1.0, asarray([[5, 6, 7]])).tolist(), [[1.0, 6.0, 1.0]])
        self.assertEqual(impl.where(c, 1.0, asarray([[5, 6, 7]])).dtype, "float32")
        x = arange(2, 2)
        self.assertEqual(impl.masked_fill(x, asarray([True, False]), -1).tolist(), [[-1, 1], [-1, 3]])
        self.assertEqual(impl.masked_fill(impl.zeros((2,)), asarray([False, True]), float("-inf")).tolist(),
                         [0.0, float("-inf")])
        nz = impl.nonzero(asarray([[0, 1], [2, 0]]))
        self.assertEqual((nz.shape, nz.tolist()), ((2, 2), [[0, 1], [1, 0]]))

    def test_sort_argsort_topk(self):
        x = asarray([[3.0, 1.0, 2.0, 1.0], [NAN, 0.0, 5.0, -1.0]])
        self.assertEqual(impl.argsort(x).tolist()[0], [1, 3, 2, 0])  # stable
        self.assertEqual(impl.argsort(x, descending=True).tolist()[0], [0, 2, 1, 3])
        s = impl.sort(x).tolist()
        self.assertEqual(s[0], [1.0, 1.0, 2.0, 3.0])
        self.assertEqual(s[1][:3], [-1.0, 0.0, 5.0])
        self.assertTrue(math.isnan(s[1][3]))  # nan sorts last
        self.assertEqual(impl.sort(asarray([[3, 1], [0, 2]]), 0).tolist(), [[0, 1], [3, 2]])
        v, i = impl.topk(asarray([1.0, 5.0, 3.0, 5.0]), 2)
        self.assertEqual((v.tolist(), i.tolist()), ([5.0, 5.0], [1, 3]))
        v, i = impl.topk(asarray([[1, 5, 3], [9, 0, 4]]), 2, largest=False)
        self.assertEqual((v.tolist(), i.tolist()), ([[1, 3], [0, 4]], [[0, 2], [1, 2]]))
        self.assertEqual(i.dtype, "int64")

    def test_one_hot(self):
        out = impl.one_hot(asarray([0, 2]), 3)
        self.assertEqual((out.dtype, out.tolist()), ("int64", [[1, 0, 0], [0, 0, 1]]))


class Creation(unittest.TestCase):
    def test_creators(self):
        self.assertEqual(impl.zeros((2,)).tolist(), [0.0, 0.0])
        self.assertEqual(impl.ones(3, "int32").tolist(), [1, 1, 1])
        self.assertEqual(impl.full((2,), 7).dtype, "int64")
        self.assertEqual(impl.full((2,), 7.0).dtype, "float32")
        self.assertEqual(impl.full((1,), True).dtype, "bool")
        self.assertEqual(impl.zeros_like(asarray([1, 2])).tolist(), [0, 0])
        self.assertEqual(impl.full_like(asarray([1.0]), 3).tolist(), [3.0])
        self.assertEqual(impl.arange(5).tolist(), [0, 1, 2, 3, 4])
        self.assertEqual(impl.arange(1, 2, 0.25).tolist(), [1.0, 1.25, 1.5, 1.75])
        self.assertEqual(impl.arange(5, 0, -2).tolist(), [5, 3, 1])
        self.assertEqual(impl.linspace(0, 1, 5).tolist(), [0.0, 0.25, 0.5, 0.75, 1.0])
        self.assertEqual(impl.eye(2, 3).tolist(), [[1, 0, 0], [0, 1, 0]])
        self.assertEqual(impl.astype(asarray([1.9]), "int64").tolist(), [1])


if __name__ == "__main__":
    unittest.main()
