"""The one-walk scan (transpiler/scan.py) and the support placement walk meet every node
kind: match patterns carry strings and constants in fields other nodes use for nodes."""
import unittest

from tensorglot.transpiler import transpile

MATCH_SOURCE = '''import torch


def pick(x, cmd):
    match cmd:
        case {"scale": 2, **rest}:
            return torch.relu(x)
        case Point(x=0, y=yy) | [1, *others]:
            return torch.sin(x)
        case True | None:
            return x
        case _:
            return torch.cos(x)


y = pick(torch.ones(2), {"scale": 2})
'''


class MatchPatternsTest(unittest.TestCase):
    def test_match_statement_converts_without_internal_error(self):
        for target, cos in (("tensorflow", "tf.math.cos(x)"), ("jax", "jnp.cos(x)"), ("numpy", "np.cos(x)")):
            with self.subTest(target=target):
                r = transpile(MATCH_SOURCE, "torch", target)
                self.assertEqual([d for d in r["diagnostics"] if d["severity"] == "error"], [])
                self.assertIn(cos, r["code"])
                self.assertIn('case {"scale": 2, **rest}:', r["code"])
                self.assertNotIn("torch.", r["code"])


if __name__ == "__main__":
    unittest.main()
