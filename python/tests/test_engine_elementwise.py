"""Elementwise unary/binary ops: values, broadcasting, dtypes, IEEE edge cases."""
import math
import struct
import unittest

from tensorglot.engine import asarray, promotion_policy
from tensorglot.ops import impl

INF, NAN = float("inf"), float("nan")


def f32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


def same(a, b):
    """Equal lists, nan == nan."""
    if len(a) != len(b):
        return False
    return all((x != x and y != y) or x == y for x, y in zip(a, b))


class Unary(unittest.TestCase):
    def test_math_values_rounded_to_float32(self):
        xs = [0.5, 1.0, 2.0]
        table = {"exp": math.exp, "log": math.log, "sqrt": math.sqrt, "sin": math.sin,
                 "cos": math.cos, "tanh": math.tanh, "erf": math.erf, "log1p": math.log1p,
                 "expm1": math.expm1, "atan": math.atan, "sinh": math.sinh, "cosh": math.cosh,
                 "log2": math.log2, "log10": math.log10, "tan": math.tan}
        for name, fn in table.items():
            with self.subTest(op=name):
                out = getattr(impl, name)(asarray(xs))
                self.assertEqual(out.dtype, "float32")
                self.assertEqual(out.tolist(), [f32(fn(f32(v))) for v in xs])

    def test_float64_not_rounded(self):
        self.assertEqual(impl.exp(asarray([0.1], "float64")).item(), math.exp(0.1))

    def test_int_input_gives_default_float(self):
        self.assertEqual(impl.exp(asarray([0, 1])).dtype, "float32")
        with promotion_policy("numpy"):
            self.assertEqual(impl.sqrt(asarray([4])).dtype, "float64")

    def test_ieee_edges(self):
        self.assertEqual(impl.log(asarray([0.0, -1.0, INF])).tolist()[0], -INF)
        self.assertTrue(math.isnan(impl.log(asarray([-1.0])).item()))
        self.assertEqual(impl.exp(asarray([1000.0, -1000.0])).tolist(), [INF, 0.0])
        self.assertTrue(math.isnan(impl.sqrt(asarray([-1.0])).item()))
        self.assertEqual(impl.reciprocal(asarray([0.0, -0.0, 2.0])).tolist(), [INF, -INF, 0.5])
        self.assertEqual(impl.rsqrt(asarray([0.0, 4.0])).tolist(), [INF, 0.5])
        self.assertTrue(math.isnan(impl.asin(asarray([2.0])).item()))
        self.assertEqual(impl.cosh(asarray([-1000.0])).item(), INF)
        self.assertEqual(impl.sinh(asarray([-1000.0])).item(), -INF)

    def test_round_half_to_even(self):
        out = impl.round(asarray([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6]))
        self.assertEqual(out.tolist(), [0.0, 2.0, 2.0, -0.0, -2.0, 2.0, 3.0])
        self.assertEqual(impl.round(asarray([3, -4])).tolist(), [3, -4])

    def test_floor_ceil_trunc_sign(self):
        x = asarray([-1.5, -0.5, 0.5, 1.5])
        self.assertEqual(impl.floor(x).tolist(), [-2.0, -1.0, 0.0, 1.0])
        self.assertEqual(impl.ceil(x).tolist(), [-1.0, -0.0, 1.0, 2.0])
        self.assertEqual(impl.trunc(x).tolist(), [-1.0, -0.0, 0.0, 1.0])
        self.assertEqual(impl.sign(asarray([-3.0, 0.0, 2.0])).tolist(), [-1.0, 0.0, 1.0])
        self.assertEqual(impl.sign(asarray([-3, 0, 2])).tolist(), [-1, 0, 1])
        self.assertTrue(same(impl.floor(asarray([INF, NAN])).tolist(), [INF, NAN]))

    def test_abs_neg_square_keep_int(self):
        x = asarray([-2, 3], "int32")
        for name, want in (("abs", [2, 3]), ("neg", [2, -3]), ("square", [4, 9])):
            out = getattr(impl, name)(x)
            self.assertEqual((out.dtype, out.tolist()), ("int32", want))

    def test_predicates(self):
        x = asarray([1.0, NAN, INF, -INF])
        self.assertEqual(impl.isnan(x).tolist(), [False, True, False, False])
        self.assertEqual(impl.isinf(x).tolist(), [False, False, True, True])
        self.assertEqual(impl.isfinite(x).tolist(), [True, False, False, False])
        self.assertEqual(impl.isfinite(asarray([1, 2])).tolist(), [True, True])
        self.assertEqual(impl.logical_not(asarray([0, 2])).tolist(), [True, False])
        self.assertEqual(impl.bitwise_not(asarray([0, 5], "int32")).tolist(), [-1, -6])
        self.assertEqual(impl.bitwise_not(asarray([True, False])).tolist(), [False, True])

    def test_activations(self):
        x = asarray([-2.0, 0.0, 1.0])
        self.assertEqual(impl.relu(x).tolist(), [0.0, 0.0, 1.0])
        self.assertTrue(math.isnan(impl.relu(asarray([NAN])).item()))
        self.assertEqual(impl.relu(asarray([-3, 4])).tolist(), [0, 4])
        self.assertEqual(impl.relu6(asarray([-1.0, 3.0, 7.0])).tolist(), [0.0, 3.0, 6.0])
        sig = [1 / (1 + math.exp(2.0)), 0.5, 1 / (1 + math.exp(-1.0))]
        self.assertEqual(impl.sigmoid(x).tolist(), [f32(v) for v in sig])
        self.assertEqual(impl.sigmoid(asarray([-1000.0, 1000.0])).tolist(), [0.0, 1.0])
        self.assertEqual(impl.silu(x).tolist(), [f32(f32(v) * s) for v, s in zip([-2.0, 0.0, 1.0], sig)])
        exact = [0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in (-2.0, 0.0, 1.0)]
        self.assertEqual(impl.gelu(x).tolist(), [f32(v) for v in exact])
        tanh_form = [0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi) * (v + 0.044715 * v ** 3)))
                     for v in (-2.0, 0.0, 1.0)]
        self.assertEqual(impl.gelu(x, approximate=True).tolist(), [f32(v) for v in tanh_form])
        self.assertNotEqual(impl.gelu(x).tolist(), impl.gelu(x, True).tolist())
        self.assertEqual(impl.leaky_relu(x, 0.1).tolist(), [f32(-0.2), 0.0, 1.0])
        self.assertEqual(impl.elu(x).tolist(), [f32(math.expm1(-2.0)), 0.0, 1.0])
        self.assertEqual(impl.hardtanh(asarray([-2.0, 0.5, 2.0])).tolist(), [-1.0, 0.5, 1.0])
        self.assertEqual(impl.hardsigmoid(asarray([-4.0, 0.0, 4.0])).tolist(), [0.0, 0.5, 1.0])
        self.assertEqual(impl.hardswish(asarray([-4.0, 1.0, 4.0])).tolist(), [0.0, f32(4 / 6), 4.0])
        self.assertEqual(impl.softplus(asarray([0.0, 30.0])).tolist(), [f32(math.log(2)), 30.0])
        self.assertEqual(impl.softplus(asarray([1.0]), beta=2.0).item(),
                         f32(math.log1p(math.exp(2.0)) / 2))
        a, s = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
        self.assertEqual(impl.selu(asarray([-1.0, 1.0])).tolist(),
                         [f32(s * a * math.expm1(-1.0)), f32(s)])
        self.assertEqual(impl.mish(asarray([1.0])).item(), f32(math.tanh(math.log1p(math.e))))

    def test_clip(self):
        x = asarray([-2.0, 0.5, NAN, 3.0])
        self.assertTrue(same(impl.clip(x, -1.0, 1.0).tolist(), [-1.0, 0.5, NAN, 1.0]))
        self.assertEqual(impl.clip(asarray([-5, 5]), min=0).tolist(), [0, 5])
        # torch.clamp with min > max gives max everywhere
        self.assertEqual(impl.clip(asarray([0.0, 5.0]), 3.0, 1.0).tolist(), [1.0, 1.0])
        lo = asarray([0.0, 1.0])
        self.assertEqual(impl.clip(asarray([-1.0, -1.0]), lo, None).tolist(), [0.0, 1.0])


class Binary(unittest.TestCase):
    def test_broadcasting(self):
        a = asarray([[1.0], [2.0]])           # (2, 1)
        b = asarray([10.0, 20.0, 30.0])       # (3,)
        self.assertEqual(impl.add(a, b).tolist(), [[11, 21, 31], [12, 22, 32]])
        c = asarray([[[1.0, 2.0]]])           # (1, 1, 2)
        d = asarray([[1.0], [2.0], [3.0]])    # (3, 1)
        out = impl.mul(c, d)
        self.assertEqual(out.shape, (1, 3, 2))
        self.assertEqual(out.tolist(), [[[1, 2], [2, 4], [3, 6]]])
        m = asarray([[1, 2, 3], [4, 5, 6]])
        self.assertEqual(impl.sub(m, asarray([[1], [2]])).tolist(), [[0, 1, 2], [2, 3, 4]])
        self.assertEqual(impl.add(asarray(1.0), asarray([1.0, 2.0])).tolist(), [2.0, 3.0])

    def test_broadcast_middle_dim(self):
        a = asarray([[[1, 2]], [[3, 4]]])   # (2,1,2)
        b = asarray([[10, 20], [30, 40], [50, 60]])  # (3,2)
        out = impl.add(a, b)
        self.assertEqual(out.shape, (2, 3, 2))
        want = [[[a0 + b0 for a0, b0 in zip(ar, br)] for br in [[10, 20], [30, 40], [50, 60]]]
                for ar in ([1, 2], [3, 4])]
        self.assertEqual(out.tolist(), want)

    def test_broadcast_error(self):
        with self.assertRaises(ValueError):
            impl.add(asarray([1, 2, 3]), asarray([1, 2]))
        with self.assertRaises(ValueError):
            impl.broadcast_to(asarray([1, 2]), (3,))

    def test_empty_broadcast(self):
        out = impl.add(impl.zeros((0, 3)), asarray([1.0, 2.0, 3.0]))
        self.assertEqual(out.shape, (0, 3))

    def test_scalar_operands_both_sides(self):
        x = asarray([1.0, 2.0])
        self.assertEqual(impl.sub(10, x).tolist(), [9.0, 8.0])
        self.assertEqual(impl.sub(x, 10).tolist(), [-9.0, -8.0])
        self.assertEqual(impl.truediv(1, x).tolist(), [1.0, 0.5])

    def test_floor_and_trunc_division_signs(self):
        a = asarray([7, -7, 7, -7])
        b = asarray([2, 2, -2, -2])
        self.assertEqual(impl.floordiv(a, b).tolist(), [3, -4, -4, 3])
        self.assertEqual(impl.truncdiv(a, b).tolist(), [3, -3, -3, 3])
        self.assertEqual(impl.remainder(a, b).tolist(), [1, 1, -1, -1])  # sign of divisor
        self.assertEqual(impl.fmod(a, b).tolist(), [1, -1, 1, -1])       # sign of dividend
        af, bf = asarray([7.5, -7.5]), asarray([2.0, 2.0])
        self.assertEqual(impl.floordiv(af, bf).tolist(), [3.0, -4.0])
        self.assertEqual(impl.remainder(af, bf).tolist(), [1.5, 0.5])
        self.assertEqual(impl.fmod(af, bf).tolist(), [1.5, -1.5])
        self.assertEqual(impl.truncdiv(af, bf).tolist(), [3.0, -3.0])

    def test_division_by_zero(self):
        out = impl.truediv(asarray([1.0, -1.0, 0.0]), 0.0).tolist()
        self.assertTrue(same(out, [INF, -INF, NAN]))
        self.assertEqual(impl.truediv(asarray([1]), asarray([0])).tolist(), [INF])
        self.assertTrue(math.isnan(impl.remainder(asarray([1.0]), 0.0).item()))
        self.assertTrue(math.isnan(impl.fmod(asarray([1.0]), 0.0).item()))
        self.assertEqual(impl.floordiv(asarray([1.0]), 0.0).item(), INF)
        with self.assertRaises(ZeroDivisionError):  # torch: integer division by zero raises
            impl.floordiv(asarray([1]), 0)
        with promotion_policy("numpy"):  # numpy gives 0 (with a warning)
            self.assertEqual(impl.floordiv(asarray([1]), 0).tolist(), [0])

    def test_pow(self):
        self.assertEqual(impl.pow(asarray([2, 3]), 2).tolist(), [4, 9])
        self.assertEqual(impl.pow(asarray([2, 3]), 2).dtype, "int64")
        self.assertEqual(impl.pow(asarray([4.0]), 0.5).tolist(), [2.0])
        self.assertTrue(math.isnan(impl.pow(asarray([-8.0]), 1 / 3).item()))
        self.assertEqual(impl.pow(asarray([0.0]), -1.0).item(), INF)
        self.assertEqual(impl.pow(2.0, asarray([1.0, 3.0])).tolist(), [2.0, 8.0])

    def test_maximum_minimum_nan(self):
        a = asarray([1.0, NAN, 3.0])
        b = asarray([2.0, 0.0, NAN])
        self.assertTrue(same(impl.maximum(a, b).tolist(), [2.0, NAN, NAN]))
        self.assertTrue(same(impl.minimum(a, b).tolist(), [1.0, NAN, NAN]))

    def test_comparisons(self):
        a = asarray([1, 2, 3])
        self.assertEqual(impl.lt(a, 2).tolist(), [True, False, False])
        self.assertEqual(impl.le(a, 2).tolist(), [True, True, False])
        self.assertEqual(impl.gt(a, 2).dtype, "bool")
        self.assertEqual(impl.eq(a, asarray([1.0, 0.0, 3.0])).tolist(), [True, False, True])
        self.assertEqual(impl.ne(asarray([NAN]), asarray([NAN])).tolist(), [True])
        self.assertEqual(impl.ge(a, asarray([[3], [1]])).shape, (2, 3))

    def test_logical_and_bitwise(self):
        a, b = asarray([True, True, False]), asarray([True, False, False])
        self.assertEqual(impl.logical_and(a, b).tolist(), [True, False, False])
        self.assertEqual(impl.logical_or(a, b).tolist(), [True, True, False])
        self.assertEqual(impl.logical_xor(a, b).tolist(), [False, True, False])
        self.assertEqual(impl.logical_and(asarray([2, 0]), 1).tolist(), [True, False])
        self.assertEqual(impl.bitwise_and(asarray([12]), asarray([10])).tolist(), [8])
        self.assertEqual(impl.bitwise_or(asarray([12]), 3).tolist(), [15])
        self.assertEqual(impl.bitwise_xor(a, b).tolist(), [False, True, False])
        with self.assertRaises(TypeError):
            impl.bitwise_and(asarray([1.0]), asarray([1.0]))

    def test_atan2(self):
        out = impl.atan2(asarray([1.0, -1.0]), asarray([-1.0, -1.0])).tolist()
        self.assertEqual(out, [f32(math.atan2(1, -1)), f32(math.atan2(-1, -1))])

    def test_bool_arithmetic(self):
        self.assertEqual(impl.add(asarray([True, False]), asarray([True, True])).dtype, "bool")
        self.assertEqual(impl.add(asarray([True]), 1).tolist(), [2])
        with self.assertRaises(TypeError):
            impl.sub(asarray([True]), asarray([False]))

    def test_float16_results_rounded(self):
        a = asarray([0.1], "float16")
        out = impl.add(a, 0.2)
        self.assertEqual(out.dtype, "float16")
        h = lambda v: struct.unpack("e", struct.pack("e", v))[0]
        self.assertEqual(out.item(), h(h(0.1) + h(0.2)))


if __name__ == "__main__":
    unittest.main()
