"""Every gallery model and seed example (examples/*.py, new files included
automatically) verifies PASS from torch to TensorFlow: the converted code computes the
source's numbers on the same inputs and weights."""
import os
import unittest

from tensorglot.verify import verify
from tests.seed_examples import EXAMPLES



def example_files():
    return sorted(f for f in os.listdir(EXAMPLES) if f.endswith(".py") and not f.startswith("_"))


def explain(r: dict) -> str:
    lines = [f"verdict {r['verdict']}"]
    if r["error"]:
        lines.append(f"error: {r['error']['message']}")
    lines += [f"output {o['name']}: {o['verdict']} {o['message'] or ''}" for o in r["outputs"]]
    if r["first_divergence"]:
        lines.append(f"first divergence: {r['first_divergence']}")
    lines += [f"note: {n}" for n in r["notes"]]
    return "\n".join(lines)


class ExamplesVerifyTest(unittest.TestCase):
    def test_folder_has_examples(self):
        self.assertTrue(any(f.startswith("seed_") for f in example_files()))
        self.assertTrue(any(not f.startswith("seed_") for f in example_files()))

    def test_every_example_passes_torch_to_tensorflow(self):
        for name in example_files():
            with self.subTest(example=name):
                with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
                    source = f.read()
                r = verify({"source": source, "from": "torch", "to": "tensorflow"})
                self.assertEqual(r["verdict"], "PASS", f"{name}:\n{explain(r)}")
                self.assertTrue(r["outputs"], name)


if __name__ == "__main__":
    unittest.main()
