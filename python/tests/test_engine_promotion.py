"""Type promotion per framework policy, checked against documented facts.

torch: docs "Type promotion" (torch.result_type, torch/docs/source/tensor_attributes.rst):
  default int int64, default float float32; a dimensioned tensor of lower category
  with a scalar of higher category takes the default dtype of that category;
  ``torch.tensor([1], dtype=torch.int32) + 2.5`` -> float32;
  float16 tensor + Python float stays float16; uint8 + int8 -> int16.
numpy 1.24 (legacy value-based casting; NEP 50 not yet active): ``np.promote_types``
  int32+float32 -> float64, int64+float32 -> float64, int16+float32 -> float32,
  int8+float16 -> float16; ``np.array([1], np.int32) + 2.5`` -> float64 (scalar of higher
  kind keeps float64); ``np.array([1.], np.float32) + 2.5`` -> float32.
jax: "Type promotion semantics" lattice (x64 disabled): i32+f32 -> f32, i8+f16 -> f16,
  u8+i8 -> i16, bf16+f16 -> f32, weak Python int + int8 -> int8, Python float + int32 -> f32.
tensorflow: "no implicit casting" (tf.add of int32 and float32 raises), Python scalars are
  converted to the tensor's dtype.
"""
import unittest

from tensorglot.engine import asarray, can_cast, get_policy, promotion_policy, result_type
from tensorglot.ops import impl

CASES = [
    # (a, b, torch, numpy, jax, tensorflow) ; None = TypeError
    ("int32", "float32", "float32", "float64", "float32", None),
    ("int64", "float32", "float32", "float64", "float32", None),
    ("int16", "float32", "float32", "float32", "float32", None),
    ("int8", "float16", "float16", "float16", "float16", None),
    ("uint8", "int8", "int16", "int16", "int16", None),
    ("float16", "bfloat16", "float32", "float32", "float32", None),
    ("bool", "int32", "int32", "int32", "int32", None),
    ("int32", "int64", "int64", "int64", "int32", None),
    ("float32", "float64", "float64", "float64", "float32", None),
    ("float32", "float32", "float32", "float32", "float32", "float32"),
    ("int32", "pyfloat", "float32", "float64", "float32", None),
    ("int64", "pyfloat", "float32", "float64", "float32", None),
    ("float16", "pyfloat", "float16", "float16", "float16", "float16"),
    ("float32", "pyint", "float32", "float32", "float32", "float32"),
    ("int8", "pyint", "int8", "int8", "int8", "int8"),
    ("bool", "pyint", "int64", "int64", "int32", None),
    ("bool", "pybool", "bool", "bool", "bool", "bool"),
    ("bool", "pyfloat", "float32", "float64", "float32", None),
    ("pyint", "pyint", "int64", "int64", "int32", "int32"),
    ("pyint", "pyfloat", "float32", "float64", "float32", "float32"),
]
POLICIES = ("torch", "numpy", "jax", "tensorflow")


class ResultType(unittest.TestCase):
    def test_table(self):
        for a, b, *expected in CASES:
            for pol, want in zip(POLICIES, expected):
                for x, y in ((a, b), (b, a)):
                    with self.subTest(a=x, b=y, policy=pol):
                        if want is None:
                            with self.assertRaises(TypeError):
                                result_type(x, y, pol)
                        else:
                            self.assertEqual(result_type(x, y, pol), want)

    def test_tensorflow_error_names_both_dtypes(self):
        with self.assertRaises(TypeError) as cm:
            result_type("int32", "float32", "tensorflow")
        self.assertIn("int32", str(cm.exception))
        self.assertIn("float32", str(cm.exception))

    def test_unknown_dtype(self):
        with self.assertRaises(TypeError):
            result_type("complex64", "float32", "torch")

    def test_can_cast(self):
        self.assertTrue(can_cast("int32", "float64"))
        self.assertFalse(can_cast("int32", "float32"))
        self.assertTrue(can_cast("int16", "float32"))
        self.assertFalse(can_cast("float32", "int64"))
        self.assertTrue(can_cast("float64", "float32", "same_kind"))
        self.assertFalse(can_cast("float32", "int8", "same_kind"))
        self.assertTrue(can_cast("float32", "int8", "unsafe"))
        self.assertTrue(can_cast("bool", "uint8"))


class PolicyContext(unittest.TestCase):
    def test_default_is_torch_and_restored(self):
        self.assertEqual(get_policy(), "torch")
        with promotion_policy("numpy"):
            self.assertEqual(get_policy(), "numpy")
            with promotion_policy("jax"):
                self.assertEqual(get_policy(), "jax")
            self.assertEqual(get_policy(), "numpy")
        self.assertEqual(get_policy(), "torch")

    def test_restored_after_error(self):
        with self.assertRaises(RuntimeError):
            with promotion_policy("tensorflow"):
                raise RuntimeError
        self.assertEqual(get_policy(), "torch")

    def test_bad_policy(self):
        with self.assertRaises(ValueError):
            with promotion_policy("mxnet"):
                pass

    def test_ops_follow_the_policy(self):
        i32 = asarray([1, 2], "int32")
        f32 = asarray([0.5, 0.5], "float32")
        self.assertEqual(impl.add(i32, f32).dtype, "float32")
        self.assertEqual(impl.add(i32, 2.5).dtype, "float32")
        with promotion_policy("numpy"):
            self.assertEqual(impl.add(i32, f32).dtype, "float64")
            self.assertEqual(impl.add(i32, 2.5).dtype, "float64")
            self.assertEqual(impl.truediv(i32, i32).dtype, "float64")
        with promotion_policy("jax"):
            self.assertEqual(impl.add(i32, f32).dtype, "float32")
            self.assertEqual(impl.add(i32, 2).dtype, "int32")
        with promotion_policy("tensorflow"):
            with self.assertRaises(TypeError):
                impl.add(i32, f32)
            self.assertEqual(impl.mul(f32, 2).dtype, "float32")
            # tf.math.truediv of int32 gives float64 (tf docs: truediv)
            self.assertEqual(impl.truediv(i32, i32).dtype, "float64")

    def test_torch_int_true_division_is_float32(self):
        out = impl.truediv(asarray([1, 3]), asarray([2, 2]))
        self.assertEqual(out.dtype, "float32")
        self.assertEqual(out.tolist(), [0.5, 1.5])

    def test_scalar_cast_to_float32_before_compare(self):
        # torch.tensor([0.1]) == 0.1 is True: the scalar is cast to the tensor's float32
        self.assertEqual(impl.eq(asarray([0.1], "float32"), 0.1).tolist(), [True])
        self.assertEqual(impl.eq(asarray([0.1], "float64"), 0.1).tolist(), [True])

    def test_two_scalars_give_0d(self):
        out = impl.add(2, 3)
        self.assertEqual(out.shape, ())
        self.assertEqual(out.dtype, "int64")
        self.assertEqual(out.item(), 5)


if __name__ == "__main__":
    unittest.main()


class ZeroDimOperands(unittest.TestCase):
    """torch docs "Type promotion" examples (torch/docs/source/tensor_attributes.rst)."""

    def test_torch_doc_examples(self):
        int_t, long_t = asarray([1], "int32"), asarray([1], "int64")
        bool_t, uint_t = asarray([True]), asarray([1], "uint8")
        float_t, double_t = asarray([1.0], "float32"), asarray([1.0], "float64")
        long_zerodim = asarray(1, "int64")
        self.assertEqual(impl.add(5, 5).dtype, "int64")
        self.assertEqual(impl.add(int_t, 5).dtype, "int32")
        self.assertEqual(impl.add(int_t, long_zerodim).dtype, "int32")
        self.assertEqual(impl.add(long_t, int_t).dtype, "int64")
        self.assertEqual(impl.add(bool_t, long_t).dtype, "int64")
        self.assertEqual(impl.add(bool_t, uint_t).dtype, "uint8")
        self.assertEqual(impl.add(float_t, double_t).dtype, "float64")
        self.assertEqual(impl.add(bool_t, int_t).dtype, "int32")
        self.assertEqual(impl.add(long_t, float_t).dtype, "float32")

    def test_zero_dim_of_higher_category(self):
        self.assertEqual(impl.add(asarray([1], "int32"), asarray(1.0, "float64")).dtype, "float64")
        self.assertEqual(impl.add(asarray([1.0], "float32"), asarray(1.0, "float64")).dtype, "float32")
        with promotion_policy("numpy"):
            # numpy 1.24: 0-d arrays take part like scalars (value-based), so float32 wins
            self.assertEqual(impl.add(asarray([1.0], "float32"), asarray(1.0, "float64")).dtype, "float32")
        with promotion_policy("jax"):
            self.assertEqual(impl.add(asarray([1], "int8"), asarray(1, "int32")).dtype, "int32")
