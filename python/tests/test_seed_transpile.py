"""The seed's transpiler example: ivy.transpile(Network, source="torch",
target="tensorflow") gives a runnable TensorFlow class whose output matches the
torch Network's with the same weights, and its source is saved under
Translated_Outputs/."""
import os
import tempfile
import unittest

from tensorglot.runtime import sandbox
from tests.seed_examples import example_source


CHECK = '''
torch_net = Network()
net.load_state_dict(torch_net.state_dict())
expected = torch_net(torch.tensor([1., 2., 3.])).tolist()
got = net(x).numpy().tolist()
'''


class SeedTranspileTest(unittest.TestCase):
    def setUp(self):
        self.cwd = os.getcwd()
        self.tmp = tempfile.TemporaryDirectory()
        os.chdir(self.tmp.name)

    def tearDown(self):
        os.chdir(self.cwd)
        self.tmp.cleanup()

    def test_transpiled_network_matches_torch(self):
        res, ns = sandbox.execute(example_source("seed_transpile") + CHECK)
        self.assertIsNone(res["error"], res["error"] and res["error"]["traceback"])
        self.assertEqual(len(ns["got"]), 3)
        for a, b in zip(ns["got"], ns["expected"]):
            self.assertAlmostEqual(a, b, places=5)
        self.assertEqual(type(ns["net"]).__name__, "Network")
        # a Keras layer of the emulated tensorflow, not a torch module
        mods = [c.__module__ for c in type(ns["net"]).__mro__]
        self.assertTrue(any(m.startswith("tensorglot.runtime.tensorflow") for m in mods), mods)
        self.assertFalse(any(m.startswith("tensorglot.runtime.torch") for m in mods), mods)
        with open(os.path.join("Translated_Outputs", "Network.py")) as f:
            saved = f.read()
        self.assertIn("class Network(", saved)
        self.assertIn("tf.keras.layers.Dense(3)", saved)
        self.assertNotIn("torch.nn.Linear", saved)

    def test_transpile_a_function(self):
        src = ("import ivy\nimport torch\n\ndef f(x):\n    return torch.mean(x, dim=0)\n\n"
               "g = ivy.transpile(f, source='torch', target='tensorflow')\n"
               "import tensorflow as tf\nout = g(tf.constant([[1., 2.], [3., 4.]])).numpy().tolist()\n")
        res, ns = sandbox.execute(src)
        self.assertIsNone(res["error"], res["error"] and res["error"]["traceback"])
        self.assertEqual(ns["out"], [2.0, 3.0])
        self.assertTrue(os.path.exists(os.path.join("Translated_Outputs", "f.py")))


if __name__ == "__main__":
    unittest.main()
