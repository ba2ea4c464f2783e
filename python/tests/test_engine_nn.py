"""linalg and nn ops against naive loops written here and hand-computed values."""
import math
import struct
import unittest

from tensorglot.engine import asarray
from tensorglot.ops import impl


def f32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


def close(test, got, want, tol=1e-5):
    got, want = _flat(got), _flat(want)
    test.assertEqual(len(got), len(want))
    for g, w in zip(got, want):
        test.assertAlmostEqual(g, w, delta=tol * max(1.0, abs(w)))


def _flat(v):
    if isinstance(v, list):
        return [x for e in v for x in _flat(e)]
    return [v]


def vals(n, seed=1):
    """Deterministic small floats without the engine's RNG."""
    out, s = [], seed
    for _ in range(n):
        s = (s * 1103515245 + 12345) % 2 ** 31
        out.append(round((s / 2 ** 31) * 4 - 2, 3))
    return out


def tensor(shape, seed=1):
    n = 1
    for d in shape:
        n *= d
    return impl.reshape(asarray(vals(n, seed), "float64"), shape)


def naive_conv(x, w, stride, pad, dil, groups):
    """x, w nested lists (N,C,*S) 1-d or 2-d; zero padding; returns nested list."""
    N, C = len(x), len(x[0])
    O, Cg = len(w), len(w[0])
    two_d = isinstance(x[0][0][0], list)
    if not two_d:
        x = [[[row] for row in xn] for xn in x]
        w = [[[k] for k in wo] for wo in w]
        stride, pad, dil = (1, stride), (0, pad), (1, dil)
    H, W = len(x[0][0]), len(x[0][0][0])
    KH, KW = len(w[0][0]), len(w[0][0][0])
    OH = (H + 2 * pad[0] - dil[0] * (KH - 1) - 1) // stride[0] + 1
    OW = (W + 2 * pad[1] - dil[1] * (KW - 1) - 1) // stride[1] + 1
    Og = O // groups
    out = []
    for n in range(N):
        on = []
        for o in range(O):
            g = o // Og
            plane = []
            for oh in range(OH):
                row = []
                for ow in range(OW):
                    acc = 0.0
                    for c in range(Cg):
                        for kh in range(KH):
                            for kw in range(KW):
                                ih = oh * stride[0] - pad[0] + kh * dil[0]
                                iw = ow * stride[1] - pad[1] + kw * dil[1]
                                if 0 <= ih < H and 0 <= iw < W:
                                    acc += x[n][g * Cg + c][ih][iw] * w[o][c][kh][kw]
                    row.append(acc)
                plane.append(row)
            on.append(plane if two_d else plane[0])
        out.append(on)
    return out


class Linalg(unittest.TestCase):
    def test_matmul_vs_triple_loop(self):
        a, b = tensor((3, 4), 1), tensor((4, 5), 2)
        A, B = a.tolist(), b.tolist()
        want = [[sum(A[i][k] * B[k][j] for k in range(4)) for j in range(5)] for i in range(3)]
        close(self, impl.matmul(a, b).tolist(), want, 1e-12)

    def test_matmul_float32_rounds_result(self):
        a = asarray([[0.1, 0.2]], "float32")
        b = asarray([[1.0], [1.0]], "float32")
        self.assertEqual(impl.matmul(a, b).item(), f32(f32(0.1) + f32(0.2)))

    def test_matmul_shapes(self):
        self.assertEqual(impl.matmul(tensor((2, 3, 4)), tensor((4, 5))).shape, (2, 3, 5))
        self.assertEqual(impl.matmul(tensor((1, 3, 4)), tensor((2, 4, 5))).shape, (2, 3, 5))
        self.assertEqual(impl.matmul(tensor((4,)), tensor((4, 5))).shape, (5,))
        self.assertEqual(impl.matmul(tensor((3, 4)), tensor((4,))).shape, (3,))
        self.assertEqual(impl.matmul(tensor((4,)), tensor((4,))).shape, ())
        self.assertEqual(impl.matmul(tensor((2, 0)), tensor((0, 3))).tolist(), [[0.0] * 3] * 2)
        with self.assertRaises(ValueError):
            impl.matmul(tensor((2, 3)), tensor((4, 2)))
        self.assertEqual(impl.matmul(asarray([[1, 2]]), asarray([[3], [4]])).tolist(), [[11]])
        self.assertEqual(impl.matmul(asarray([[1, 2]]), asarray([[3], [4]])).dtype, "int64")

    def test_batched_matmul_values(self):
        a, b = tensor((2, 2, 3), 3), tensor((2, 3, 2), 4)
        out = impl.matmul(a, b).tolist()
        A, B = a.tolist(), b.tolist()
        for n in range(2):
            want = [[sum(A[n][i][k] * B[n][k][j] for k in range(3)) for j in range(2)] for i in range(2)]
            close(self, out[n], want, 1e-12)

    def test_linear_and_outer(self):
        x, w, b = tensor((2, 3), 5), tensor((4, 3), 6), tensor((4,), 7)
        X, Wt, B = x.tolist(), w.tolist(), b.tolist()
        want = [[sum(X[i][k] * Wt[o][k] for k in range(3)) + B[o] for o in range(4)] for i in range(2)]
        close(self, impl.linear(x, w, b).tolist(), want, 1e-12)
        self.assertEqual(impl.outer(asarray([1, 2]), asarray([3, 4, 5])).tolist(),
                         [[3, 4, 5], [6, 8, 10]])

    def test_einsum(self):
        a, b = tensor((2, 3), 8), tensor((3, 4), 9)
        close(self, impl.einsum("ij,jk->ik", [a, b]).tolist(), impl.matmul(a, b).tolist(), 1e-12)
        close(self, impl.einsum("ij,jk", [a, b]).tolist(), impl.matmul(a, b).tolist(), 1e-12)
        self.assertEqual(impl.einsum("ij->ji", [a]).tolist(), impl.transpose(a).tolist())
        sq = asarray([[1, 2], [3, 4]])
        self.assertEqual(impl.einsum("ii", [sq]).item(), 5)
        self.assertEqual(impl.einsum("ii->i", [sq]).tolist(), [1, 4])
        self.assertEqual(impl.einsum("i,j->ij", [asarray([1, 2]), asarray([3, 4])]).tolist(),
                         [[3, 4], [6, 8]])
        q, k = tensor((2, 3, 4), 10), tensor((2, 5, 4), 11)
        close(self, impl.einsum("bqd,bkd->bqk", [q, k]).tolist(),
              impl.matmul(q, impl.swapaxes(k, 1, 2)).tolist(), 1e-12)
        close(self, impl.einsum("...d,...d->...", [q, q]).tolist(),
              impl.sum(impl.mul(q, q), -1).tolist(), 1e-12)


class Conv(unittest.TestCase):
    CASES = [  # (x shape, w shape, stride, padding, dilation, groups)
        ((1, 1, 4, 4), (1, 1, 3, 3), 1, 0, 1, 1),
        ((2, 3, 5, 6), (4, 3, 3, 2), 1, 1, 1, 1),
        ((1, 2, 7, 7), (2, 2, 3, 3), 2, 1, 1, 1),
        ((1, 2, 7, 6), (3, 2, 2, 2), (2, 1), (0, 1), (2, 1), 1),
        ((1, 4, 5, 5), (4, 2, 3, 3), 1, 1, 1, 2),
        ((1, 4, 5, 5), (4, 1, 3, 3), 1, 0, 1, 4),  # depthwise
        ((2, 2, 9), (3, 2, 3), 2, 1, 1, 1),         # conv1d
        ((1, 2, 9), (2, 1, 3), 1, 2, 2, 2),
    ]

    def test_conv_vs_naive_loop(self):
        for i, (xs, ws, s, p, d, g) in enumerate(self.CASES):
            with self.subTest(case=i):
                x, w = tensor(xs, 20 + i), tensor(ws, 40 + i)
                n = len(xs) - 2
                tup = lambda v: (v,) * n if isinstance(v, int) else v
                want = naive_conv(x.tolist(), w.tolist(), tup(s) if n == 2 else s,
                                  tup(p) if n == 2 else p, tup(d) if n == 2 else d, g)
                close(self, impl.conv(x, w, None, s, p, d, g).tolist(), want, 1e-12)

    def test_conv_bias_and_same_padding(self):
        x, w, b = tensor((1, 1, 5, 5), 1), tensor((2, 1, 3, 3), 2), asarray([1.0, -1.0], "float64")
        out = impl.conv(x, w, b, padding="same")
        self.assertEqual(out.shape, (1, 2, 5, 5))
        ref = naive_conv(x.tolist(), w.tolist(), (1, 1), (1, 1), (1, 1), 1)
        close(self, out.tolist(), [[[[v + bb for v in r] for r in pl] for pl, bb in zip(ref[0], (1.0, -1.0))]], 1e-12)
        # even kernel: torch pads the extra row/column on the right
        w2 = tensor((1, 1, 2, 2), 3)
        out = impl.conv(x, w2, padding="same")
        self.assertEqual(out.shape, (1, 1, 5, 5))
        padded = impl.pad(x, ((0, 0), (0, 0), (0, 1), (0, 1)))
        close(self, out.tolist(), impl.conv(padded, w2).tolist(), 1e-12)
        self.assertEqual(impl.conv(x, w, padding="valid").shape, (1, 2, 3, 3))

    def test_conv3d_shape_and_value(self):
        x = impl.ones((1, 1, 3, 3, 3), "float64")
        w = impl.ones((1, 1, 2, 2, 2), "float64")
        out = impl.conv(x, w)
        self.assertEqual(out.shape, (1, 1, 2, 2, 2))
        self.assertEqual(set(impl.flatten(out).tolist()), {8.0})

    def test_conv_transpose_vs_scatter_loop(self):
        for (xs, ws, s, p, op, g, d) in [((1, 2, 3, 3), (2, 3, 3, 3), 2, 1, 1, 1, 1),
                                         ((1, 4, 4, 3), (4, 1, 2, 2), 1, 0, 0, 2, 1),
                                         ((2, 2, 3, 3), (2, 2, 3, 3), 1, 0, 0, 1, 2)]:
            with self.subTest(xs=xs, ws=ws):
                x, w = tensor(xs, 61), tensor(ws, 62)
                X, Wt = x.tolist(), w.tolist()
                N, C, H, Wd = xs
                Og, KH, KW = ws[1], ws[2], ws[3]
                Cg = C // g
                OH = (H - 1) * s - 2 * p + d * (KH - 1) + op + 1
                OW = (Wd - 1) * s - 2 * p + d * (KW - 1) + op + 1
                out = [[[[0.0] * OW for _ in range(OH)] for _ in range(Og * g)] for _ in range(N)]
                for n in range(N):
                    for c in range(C):
                        grp = c // Cg
                        for oc in range(Og):
                            for ih in range(H):
                                for iw in range(Wd):
                                    for kh in range(KH):
                                        for kw in range(KW):
                                            oh, ow = ih * s - p + kh * d, iw * s - p + kw * d
                                            if 0 <= oh < OH and 0 <= ow < OW:
                                                out[n][grp * Og + oc][oh][ow] += X[n][c][ih][iw] * Wt[c][oc][kh][kw]
                got = impl.conv_transpose(x, w, None, s, p, op, g, d)
                self.assertEqual(got.shape, (N, Og * g, OH, OW))
                close(self, got.tolist(), out, 1e-12)


class Pooling(unittest.TestCase):
    def test_max_pool(self):
        x = impl.reshape(impl.arange(16.0), (1, 1, 4, 4))
        self.assertEqual(impl.max_pool(x, 2).tolist(), [[[[5.0, 7.0], [13.0, 15.0]]]])
        self.assertEqual(impl.max_pool(x, 3, 1).tolist(), [[[[10.0, 11.0], [14.0, 15.0]]]])
        out = impl.max_pool(x, 2, 2, padding=1)
        self.assertEqual(out.tolist(), [[[[0.0, 2.0, 3.0], [8.0, 10.0, 11.0], [12.0, 14.0, 15.0]]]])
        # ceil_mode: 5 -> ceil((5-2)/2)+1 = 3 windows
        y = impl.reshape(impl.arange(5.0), (1, 1, 5))
        self.assertEqual(impl.max_pool(y, [2], ceil_mode=True).tolist(), [[[1.0, 3.0, 4.0]]])
        self.assertEqual(impl.max_pool(y, [2]).tolist(), [[[1.0, 3.0]]])
        self.assertEqual(impl.max_pool(y, [2], 1, dilation=2).tolist(), [[[2.0, 3.0, 4.0]]])

    def test_avg_pool_count_include_pad(self):
        x = impl.reshape(impl.arange(1.0, 5.0), (1, 1, 4))
        self.assertEqual(impl.avg_pool(x, [2]).tolist(), [[[1.5, 3.5]]])
        # padding 1: windows [pad,1], [2,3], [4,pad]
        self.assertEqual(impl.avg_pool(x, [2], 2, 1).tolist(), [[[0.5, 2.5, 2.0]]])
        self.assertEqual(impl.avg_pool(x, [2], 2, 1, count_include_pad=False).tolist(), [[[1.0, 2.5, 4.0]]])
        sq = impl.reshape(impl.arange(16.0), (1, 1, 4, 4))
        self.assertEqual(impl.avg_pool(sq, 2).tolist(), [[[[2.5, 4.5], [10.5, 12.5]]]])

    def test_adaptive(self):
        x = impl.reshape(asarray([1.0, 2.0, 3.0, 4.0, 5.0]), (1, 1, 5))
        # windows [0,2), [1,4), [3,5)
        self.assertEqual(impl.adaptive_avg_pool(x, [3]).tolist(), [[[1.5, 3.0, 4.5]]])
        self.assertEqual(impl.adaptive_max_pool(x, [3]).tolist(), [[[2.0, 4.0, 5.0]]])
        sq = impl.reshape(impl.arange(16.0), (1, 1, 4, 4))
        self.assertEqual(impl.adaptive_avg_pool(sq, 1).tolist(), [[[[7.5]]]])
        self.assertEqual(impl.adaptive_avg_pool(sq, (2, 2)).tolist(), impl.avg_pool(sq, 2).tolist())


class Interpolate(unittest.TestCase):
    def test_nearest_legacy_vs_exact(self):
        x = impl.reshape(asarray([0.0, 1.0, 2.0]), (1, 1, 3))
        self.assertEqual(impl.interpolate(x, size=5).tolist(), [[[0.0, 0.0, 1.0, 1.0, 2.0]]])
        self.assertEqual(impl.interpolate(x, size=5, mode="nearest-exact").tolist(),
                         [[[0.0, 0.0, 1.0, 2.0, 2.0]]])
        self.assertEqual(impl.interpolate(x, scale_factor=2).tolist(), [[[0.0, 0.0, 1.0, 1.0, 2.0, 2.0]]])

    def test_linear_align_corners(self):
        x = impl.reshape(asarray([0.0, 1.0]), (1, 1, 2))
        self.assertEqual(impl.interpolate(x, size=3, mode="linear", align_corners=True).tolist(),
                         [[[0.0, 0.5, 1.0]]])
        self.assertEqual(impl.interpolate(x, size=4, mode="linear", align_corners=False).tolist(),
                         [[[0.0, 0.25, 0.75, 1.0]]])

    def test_bilinear_2d(self):
        x = impl.reshape(asarray([0.0, 1.0, 2.0, 3.0]), (1, 1, 2, 2))
        out = impl.interpolate(x, size=(3, 3), mode="bilinear", align_corners=True)
        self.assertEqual(out.tolist(), [[[[0.0, 0.5, 1.0], [1.0, 1.5, 2.0], [2.0, 2.5, 3.0]]]])
        self.assertEqual(out.dtype, "float32")


class Normalisation(unittest.TestCase):
    def test_softmax(self):
        x = tensor((3, 5), 70)
        s = impl.softmax(x, 1)
        for row in s.tolist():
            self.assertAlmostEqual(sum(row), 1.0, places=12)
        e = [math.exp(v) for v in x.tolist()[0]]
        close(self, s.tolist()[0], [v / sum(e) for v in e], 1e-12)
        s0 = impl.softmax(x, 0)
        for col in zip(*s0.tolist()):
            self.assertAlmostEqual(sum(col), 1.0, places=12)
        close(self, impl.log_softmax(x, 1).tolist(), impl.log(s).tolist(), 1e-12)
        big = impl.softmax(asarray([1000.0, 1000.0]))
        self.assertEqual(big.tolist(), [0.5, 0.5])
        m = impl.softmax(asarray([0.0, float("-inf")]))
        self.assertEqual(m.tolist(), [1.0, 0.0])

    def test_layer_norm(self):
        x = asarray([[1.0, 2.0, 3.0, 4.0]], "float64")
        out = impl.layer_norm(x, (4,), eps=0.0)
        sd = math.sqrt(1.25)
        close(self, out.tolist(), [[-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd]], 1e-12)
        out = impl.layer_norm(x, 4, asarray([2.0] * 4, "float64"), asarray([1.0] * 4, "float64"), 0.0)
        close(self, out.tolist(), [[1 - 3 / sd, 1 - 1 / sd, 1 + 1 / sd, 1 + 3 / sd]], 1e-12)
        y = tensor((2, 2, 3), 71)
        ln = impl.layer_norm(y, (2, 3))
        for blk in ln.tolist():
            flat = blk[0] + blk[1]
            self.assertAlmostEqual(sum(flat) / 6, 0.0, places=6)

    def test_batch_norm(self):
        x = impl.reshape(asarray([1.0, 3.0, 10.0, 20.0], "float64"), (2, 2))  # N=2, C=2
        rm, rv = asarray([0.0, 10.0], "float64"), asarray([1.0, 4.0], "float64")
        ev = impl.batch_norm(x, rm, rv, eps=0.0)
        self.assertEqual(ev.tolist(), [[1.0, (3.0 - 10) / 2], [10.0, 5.0]])
        tr = impl.batch_norm(x, rm, rv, training=True, eps=0.0)
        # channel 0: mean 5.5, biased var 20.25; channel 1: mean 11.5, var 72.25
        close(self, tr.tolist(), [[-1.0, -1.0], [1.0, 1.0]], 1e-12)
        nm, nv = impl.batch_norm_update(x, rm, rv, 0.1)
        close(self, nm.tolist(), [0.55, 0.9 * 10 + 0.1 * 11.5], 1e-12)
        close(self, nv.tolist(), [0.9 + 0.1 * 40.5, 0.9 * 4 + 0.1 * 144.5], 1e-12)

    def test_group_and_instance_norm(self):
        x = tensor((2, 4, 3), 72)
        g = impl.group_norm(x, 2, eps=0.0)
        X = x.tolist()
        for n in range(2):
            for grp in range(2):
                vals_ = [v for c in range(grp * 2, grp * 2 + 2) for v in X[n][c]]
                m = sum(vals_) / 6
                sd = math.sqrt(sum((v - m) ** 2 for v in vals_) / 6)
                got = [v for c in range(grp * 2, grp * 2 + 2) for v in g.tolist()[n][c]]
                close(self, got, [(v - m) / sd for v in vals_], 1e-9)
        inst = impl.instance_norm(x, eps=0.0)
        close(self, inst.tolist(), impl.group_norm(x, 4, eps=0.0).tolist(), 1e-12)

    def test_embedding_pixel_shuffle_dropout(self):
        w = impl.reshape(impl.arange(6.0), (3, 2))
        self.assertEqual(impl.embedding(asarray([[2, 0]]), w).tolist(), [[[4.0, 5.0], [0.0, 1.0]]])
        ps = impl.pixel_shuffle(impl.reshape(impl.arange(8), (1, 4, 1, 2)), 2)
        self.assertEqual(ps.tolist(), [[[[0, 2, 1, 3], [4, 6, 5, 7]]]])
        x = impl.ones((1000,))
        self.assertIs(impl.dropout(x, 0.5, training=False), x)
        d = impl.dropout(x, 0.25, seed=1).tolist()
        self.assertEqual(set(d), {0.0, f32(1 / 0.75)})
        self.assertAlmostEqual(d.count(0.0) / 1000, 0.25, delta=0.05)
        self.assertEqual(impl.dropout(x, 0.25, seed=1).tolist(), d)
        self.assertEqual(set(impl.dropout(x, 1.0).tolist()), {0.0})


class Losses(unittest.TestCase):
    def test_cross_entropy(self):
        z = asarray([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], "float64")
        t = asarray([2, 0])
        lse0 = math.log(math.exp(1) + math.exp(2) + math.exp(3))
        l0, l1 = lse0 - 3.0, math.log(3)
        close(self, impl.cross_entropy(z, t, reduction="none").tolist(), [l0, l1], 1e-12)
        self.assertAlmostEqual(impl.cross_entropy(z, t).item(), (l0 + l1) / 2, places=12)
        self.assertAlmostEqual(impl.cross_entropy(z, t, reduction="sum").item(), l0 + l1, places=12)
        ls = impl.cross_entropy(z, t, reduction="none", label_smoothing=0.1).tolist()
        smooth0 = sum(lse0 - v for v in (1.0, 2.0, 3.0)) / 3
        self.assertAlmostEqual(ls[0], 0.9 * l0 + 0.1 * smooth0, places=12)
        probs = asarray([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]], "float64")
        close(self, impl.cross_entropy(z, probs, reduction="none").tolist(), [l0, l1], 1e-12)

    def test_mse(self):
        self.assertEqual(impl.mse_loss(asarray([1.0, 2.0]), asarray([3.0, 2.0])).item(), 2.0)
        self.assertEqual(impl.mse_loss(asarray([1.0, 2.0]), asarray([3.0, 2.0]), "sum").item(), 4.0)


if __name__ == "__main__":
    unittest.main()
