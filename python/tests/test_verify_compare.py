"""verify.compare: verdicts and figures on hand-made arrays (expected values worked out by hand)."""
import math
import unittest

from tensorglot.engine import NDArray
from tensorglot.verify.compare import FAIL, INACCURATE, PASS, compare, compare_leaf, leaves, worst


def arr(values, shape=None, dtype="float32"):
    return NDArray(values, shape if shape is not None else (len(values),), dtype)


class CompareLeafTest(unittest.TestCase):
    def test_identical_is_pass_with_zero_error(self):
        r = compare_leaf(arr([1.0, 2.0]), arr([1.0, 2.0]), "y")
        self.assertEqual((r["verdict"], r["max_abs"], r["max_rel"]), (PASS, 0.0, 0.0))
        self.assertEqual((r["shape"], r["dtype"]), ([2], "float32"))

    def test_beyond_tolerance_is_inaccurate_with_figures(self):
        r = compare_leaf(arr([1.0, 2.0]), arr([1.0, 2.5]), "y")
        self.assertEqual(r["verdict"], INACCURATE)
        self.assertEqual(r["max_abs"], 0.5)
        self.assertEqual(r["max_rel"], 0.25)  # relative to the source value 2.0
        self.assertIn("1 of 2", r["message"])
        self.assertIn("flat index 1", r["message"])

    def test_default_tolerance_is_1e5_abs_plus_1e5_rel(self):
        # |diff| <= 1e-5 + 1e-5 * |source|: 0.25 + 2**-18 differs by 3.8e-6 -> within
        self.assertEqual(compare_leaf(arr([0.25]), arr([0.25 + 2 ** -18]), "y")["verdict"], PASS)
        # 0.25 vs 0.25 + 2**-15 differs by 3.05e-5 > 1e-5 + 2.5e-6
        self.assertEqual(compare_leaf(arr([0.25]), arr([0.25 + 2 ** -15]), "y")["verdict"], INACCURATE)

    def test_tolerances_are_adjustable(self):
        self.assertEqual(compare_leaf(arr([100.0]), arr([100.5]), "y")["verdict"], INACCURATE)
        self.assertEqual(compare_leaf(arr([100.0]), arr([100.5]), "y", rtol=1e-2)["verdict"], PASS)
        self.assertEqual(compare_leaf(arr([100.0]), arr([100.5]), "y", atol=1.0, rtol=0.0)["verdict"], PASS)

    def test_shape_mismatch_fails(self):
        r = compare_leaf(arr([1.0, 2.0]), arr([1.0, 2.0], (1, 2)), "y")
        self.assertEqual(r["verdict"], FAIL)
        self.assertIn("shape", r["message"])
        self.assertIn("[1, 2]", r["message"])

    def test_dtype_mismatch_fails(self):
        r = compare_leaf(arr([1.0, 2.0]), arr([1.0, 2.0], dtype="float64"), "y")
        self.assertEqual(r["verdict"], FAIL)
        self.assertIn("float64", r["message"])

    def test_nan_in_same_place_passes_and_elsewhere_does_not(self):
        nan = math.nan
        self.assertEqual(compare_leaf(arr([nan, 1.0]), arr([nan, 1.0]), "y")["verdict"], PASS)
        r = compare_leaf(arr([nan, 1.0]), arr([0.0, 1.0]), "y")
        self.assertEqual(r["verdict"], INACCURATE)
        self.assertIn("NaN", r["message"])

    def test_inf_sign_matters(self):
        inf = math.inf
        self.assertEqual(compare_leaf(arr([inf]), arr([inf]), "y")["verdict"], PASS)
        r = compare_leaf(arr([inf]), arr([-inf]), "y")
        self.assertEqual(r["verdict"], INACCURATE)
        self.assertIn("Inf", r["message"])

    def test_integers_are_exact(self):
        r = compare_leaf(arr([1, 2], dtype="int64"), arr([1, 3], dtype="int64"), "y", atol=5.0)
        self.assertEqual((r["verdict"], r["max_abs"]), (INACCURATE, 1.0))

    def test_python_numbers_and_0d_tensors(self):
        self.assertEqual(compare_leaf(2.0, 2.0, "y")["verdict"], PASS)
        self.assertEqual(compare_leaf(2.0, 2.5, "y")["verdict"], INACCURATE)
        self.assertEqual(compare_leaf(arr([3.0], ()), 3.0, "y")["verdict"], PASS)
        self.assertEqual(compare_leaf(arr([3.0], ()), "3", "y")["verdict"], FAIL)


class StructureTest(unittest.TestCase):
    def test_leaves_are_named_by_position_and_key(self):
        names = [n for n, _ in leaves((arr([1.0]), {"a": arr([2.0])}), "out")]
        self.assertEqual(names, ["out[0]", "out[1]['a']"])

    def test_structure_mismatch_fails(self):
        rows = compare((arr([1.0]), arr([2.0])), arr([1.0]), "out")
        self.assertEqual([r["verdict"] for r in rows], [FAIL])
        self.assertIn("structure", rows[0]["message"])

    def test_each_leaf_gets_a_row(self):
        rows = compare((arr([1.0]), arr([2.0])), (arr([1.0]), arr([3.0])), "out")
        self.assertEqual([(r["name"], r["verdict"]) for r in rows],
                         [("out[0]", PASS), ("out[1]", INACCURATE)])

    def test_worst(self):
        self.assertEqual(worst([PASS, INACCURATE, PASS]), INACCURATE)
        self.assertEqual(worst([INACCURATE, FAIL]), FAIL)
        self.assertEqual(worst([]), PASS)


if __name__ == "__main__":
    unittest.main()
