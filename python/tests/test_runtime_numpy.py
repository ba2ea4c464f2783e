"""Emulated numpy: numpy 1.24 defaults and promotion (hand-computed expectations)."""
from __future__ import annotations

import unittest

from tensorglot.runtime import numpy as np


class NumpySemantics(unittest.TestCase):
    def test_float64_default_and_biased_var(self):
        a = np.array([1.0, 2.0, 3.0, 4.0])
        self.assertEqual(a.dtype, np.float64)
        self.assertEqual(repr(a.dtype), "dtype('float64')")
        self.assertEqual(str(a.dtype), "float64")     # numpy: str(dtype) is its name
        self.assertEqual(float(np.var(a)), 1.25)
        self.assertEqual(float(np.var(a, ddof=1)), 5 / 3)
        self.assertEqual(np.zeros(2).dtype, "float64")

    def test_promotion(self):
        i = np.array([1, 2])
        self.assertEqual((i / i).dtype, np.float64)
        i32 = np.array([1, 2], dtype=np.int32)
        f32 = np.array([1.0, 2.0], dtype=np.float32)
        self.assertEqual((i32 + f32).dtype, np.float64)
        self.assertEqual((f32 + 1.5).dtype, np.float32)

    def test_reductions_return_scalars(self):
        m = np.mean(np.array([1.0, 2.0]))
        self.assertIsInstance(m, np.generic)
        self.assertEqual(repr(m), "1.5")
        self.assertEqual(repr(np.array(1.5)), "array(1.5)")
        self.assertEqual(repr(np.array([1.0, 2.5])), "array([1. , 2.5])")

    def test_copy_and_deepcopy(self):
        # numpy.ndarray.__copy__ / __deepcopy__ (numpy docs): a new array with the data copied
        import copy
        a = np.ones((2, 3), dtype=np.float32)
        for b in (copy.copy(a), copy.deepcopy(a), copy.deepcopy({"w": a})["w"]):
            self.assertIsNot(b, a)
            self.assertEqual((b.dtype, b.shape), (np.float32, (2, 3)))
            b[0, 0] = 5.0
            self.assertEqual(float(a[0, 0]), 1.0)
        self.assertEqual(type(copy.deepcopy(np.float64(2.5))), np.float64)

    def test_in_place(self):
        a = np.zeros((2, 2))
        b = a
        b += 1
        a[0, 1] = 5
        self.assertEqual(a.tolist(), [[1.0, 5.0], [1.0, 1.0]])
        a[a > 2] = 0
        self.assertEqual(b.tolist(), [[1.0, 0.0], [1.0, 1.0]])

    def test_split_by_indices_and_where(self):
        parts = np.split(np.arange(6), [2, 5])
        self.assertEqual([p.tolist() for p in parts], [[0, 1], [2, 3, 4], [5]])
        rows, cols = np.where(np.array([[0, 1], [1, 0]]) > 0)
        self.assertEqual((rows.tolist(), cols.tolist()), ([0, 1], [1, 0]))

    def test_accepts_torch_tensors_and_lists(self):
        from tensorglot.runtime import torch
        self.assertEqual(float(np.sum(torch.tensor([1.0, 2.0]))), 3.0)
        self.assertEqual(np.mean([1, 2, 3, 4]).tolist(), 2.5)
        self.assertEqual(torch.tensor([1.0, 2.0]).numpy().tolist(), [1.0, 2.0])

    def test_random_seeded(self):
        np.random.seed(3)
        a = np.random.rand(3)
        np.random.seed(3)
        self.assertEqual(a.tolist(), np.random.rand(3).tolist())
        self.assertEqual(a.dtype, np.float64)
        g = np.random.default_rng(0)
        self.assertEqual(g.normal(size=(2, 3)).shape, (2, 3))

    def test_unsupported_named(self):
        with self.assertRaises(AttributeError) as cm:
            np.fft
        self.assertIn("numpy.fft is not supported by Tensorglot's numpy emulation", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
