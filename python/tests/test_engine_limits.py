import unittest

from tensorglot.engine.limits import MAX_ELEMENTS, TensorTooLargeError
from tensorglot.ops import impl


class SizeLimitTest(unittest.TestCase):
    def test_creating_1e8_elements_is_refused_with_a_message(self):
        with self.assertRaises(TensorTooLargeError) as cm:
            impl.zeros((10_000, 10_000))
        self.assertIn("100,000,000 elements", str(cm.exception))
        self.assertIsInstance(cm.exception, MemoryError)

    def test_broadcast_blowup_is_refused(self):
        a = impl.zeros((1 << 13, 1))
        b = impl.zeros((1, 1 << 13))
        with self.assertRaises(TensorTooLargeError):
            impl.add(a, b)

    def test_limit_itself_is_allowed(self):
        self.assertEqual(impl.zeros((MAX_ELEMENTS // 4, 4)).size, MAX_ELEMENTS)

    def test_negative_dimension(self):
        with self.assertRaises(ValueError):
            impl.zeros((-1, 3))


if __name__ == "__main__":
    unittest.main()
