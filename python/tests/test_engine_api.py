"""The engine's public API contract and the catalogue <-> impl signature match."""
import inspect
import struct
import unittest
from array import array

from tensorglot.engine import DTYPES, NDArray, asarray, can_cast, promotion_policy, result_type
from tensorglot.engine import random as erandom
from tensorglot.ops import impl
from tensorglot.ops.catalogue import OPS


def f32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


class CatalogueSignatures(unittest.TestCase):
    def test_every_op_has_the_catalogue_signature(self):
        for name, op in OPS.items():
            with self.subTest(op=name):
                ns = {}
                exec(f"def _f{op.sig}: pass", {}, ns)
                want = [(p.name, p.default, p.kind) for p in inspect.signature(ns["_f"]).parameters.values()]
                fn = getattr(impl, name)
                got = [(p.name, p.default, p.kind) for p in inspect.signature(fn).parameters.values()]
                self.assertEqual(got, want)

    def test_no_op_is_a_stub(self):
        stub_code = impl._stub("x").__code__
        stubs = [n for n in OPS if getattr(impl, n).__code__ is stub_code]
        self.assertEqual(impl._check_complete(), [])
        self.assertEqual(stubs, [])


class NDArrayBasics(unittest.TestCase):
    def test_attributes(self):
        a = asarray([[1, 2, 3], [4, 5, 6]])
        self.assertEqual(a.shape, (2, 3))
        self.assertEqual(a.dtype, "int64")
        self.assertEqual(a.size, 6)
        self.assertEqual(a.ndim, 2)
        self.assertIsInstance(a.data, array)
        self.assertEqual(a.data.typecode, "q")
        self.assertEqual(a.tolist(), [[1, 2, 3], [4, 5, 6]])

    def test_inference(self):
        self.assertEqual(asarray(True).dtype, "bool")
        self.assertEqual(asarray(3).dtype, "int64")
        self.assertEqual(asarray(3.0).dtype, "float32")
        self.assertEqual(asarray([1, 2.5]).dtype, "float32")
        self.assertEqual(asarray([True, 2]).dtype, "int64")
        self.assertEqual(asarray([1, 2], dtype="float64").dtype, "float64")

    def test_zero_d_and_item(self):
        a = asarray(2.5)
        self.assertEqual(a.shape, ())
        self.assertEqual(a.ndim, 0)
        self.assertEqual(a.size, 1)
        self.assertEqual(a.item(), 2.5)
        self.assertEqual(a.tolist(), 2.5)
        with self.assertRaises(ValueError):
            asarray([1, 2]).item()

    def test_bool_tolist_gives_bools(self):
        self.assertEqual(asarray([True, False]).tolist(), [True, False])
        self.assertIs(asarray(True).item(), True)

    def test_empty_shapes(self):
        a = NDArray([], (2, 0, 3), "float32")
        self.assertEqual(a.size, 0)
        self.assertEqual(a.tolist(), [[], []])
        self.assertEqual(asarray([]).shape, (0,))

    def test_float32_storage_rounds(self):
        a = asarray([0.1], "float32")
        self.assertEqual(a.item(), f32(0.1))
        s = impl.add(asarray([0.1], "float32"), asarray([0.2], "float32"))
        self.assertEqual(s.item(), f32(f32(0.1) + f32(0.2)))
        self.assertNotEqual(s.item(), 0.1 + 0.2)
        d = impl.add(asarray([0.1], "float64"), asarray([0.2], "float64"))
        self.assertEqual(d.item(), 0.1 + 0.2)

    def test_float16_bfloat16_rounding(self):
        # float16: 0.1 -> 0.0999755859375 (10-bit mantissa); 70000 overflows to inf
        self.assertEqual(asarray([0.1], "float16").item(), 0.0999755859375)
        self.assertEqual(asarray([70000.0], "float16").item(), float("inf"))
        # bfloat16 keeps 8 significant bits: 1 + 2**-8 ties to even -> 1.0, 1 + 3*2**-8 -> 1 + 2**-6
        self.assertEqual(asarray([1 + 2 ** -8], "bfloat16").item(), 1.0)
        self.assertEqual(asarray([1 + 3 * 2 ** -8], "bfloat16").item(), 1 + 2 ** -6)

    def test_int_storage_wraps(self):
        self.assertEqual(asarray([300, -129], "int8").tolist(), [44, 127])
        self.assertEqual(impl.add(asarray([2 ** 31 - 1], "int32"), 1).tolist(), [-2 ** 31])

    def test_astype(self):
        a = asarray([1.7, -1.7, 0.0])
        self.assertEqual(a.astype("int32").tolist(), [1, -1, 0])
        self.assertEqual(a.astype("bool").tolist(), [True, True, False])
        self.assertEqual(asarray([True, False]).astype("float32").tolist(), [1.0, 0.0])

    def test_reshape_and_copy(self):
        a = asarray([1, 2, 3, 4, 5, 6])
        self.assertEqual(a.reshape((2, -1)).shape, (2, 3))
        with self.assertRaises(ValueError):
            a.reshape((4, -1))
        c = a.copy()
        c.data[0] = 99
        self.assertEqual(a.tolist()[0], 1)

    def test_repr(self):
        self.assertIn("float32", repr(asarray([1.0])))
        self.assertIn("(1,)", repr(asarray([1.0])))

    def test_dtypes_list(self):
        self.assertEqual(set(DTYPES), {"float16", "bfloat16", "float32", "float64", "int8",
                                       "int16", "int32", "int64", "uint8", "bool"})


class RandomGenerator(unittest.TestCase):
    def test_seeded_is_reproducible(self):
        a = impl.random_uniform((3, 4), seed=5).tolist()
        b = impl.random_uniform((3, 4), seed=5).tolist()
        c = impl.random_uniform((3, 4), seed=6).tolist()
        self.assertEqual(a, b)
        self.assertNotEqual(a, c)

    def test_manual_seed_drives_default(self):
        erandom.manual_seed(123)
        a = impl.random_normal((5,)).tolist()
        erandom.manual_seed(123)
        self.assertEqual(impl.random_normal((5,)).tolist(), a)

    def test_ranges(self):
        u = impl.random_uniform((1000,), -2.0, 3.0, seed=1).tolist()
        self.assertTrue(all(-2.0 <= v < 3.0 for v in u))
        r = impl.randint(3, 7, (1000,), seed=1)
        self.assertEqual(r.dtype, "int64")
        self.assertEqual(set(r.tolist()), {3, 4, 5, 6})
        p = impl.permutation(10, seed=2).tolist()
        self.assertEqual(sorted(p), list(range(10)))

    def test_normal_moments(self):
        n = impl.random_normal((4000,), 1.0, 2.0, seed=3).tolist()
        m = sum(n) / len(n)
        sd = (sum((v - m) ** 2 for v in n) / len(n)) ** 0.5
        self.assertAlmostEqual(m, 1.0, delta=0.15)
        self.assertAlmostEqual(sd, 2.0, delta=0.15)

    def test_generator_object(self):
        g = erandom.Generator(7)
        a = g.uniform((3,)).tolist()
        self.assertEqual(erandom.Generator(7).uniform((3,)).tolist(), a)


if __name__ == "__main__":
    unittest.main()
