"""Tracing a plain model script: the script's own calls say what to trace."""
import unittest

from tensorglot.runtime import service

CNN = '''
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1)

    def forward(self, x):
        return F.max_pool2d(F.relu(self.conv(x)), 2)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block(1, 2)
        self.fc = nn.Linear(2 * 2 * 2, 3)

    def forward(self, x, training=None):
        return self.fc(torch.flatten(self.block(x), 1))


def score(logits):
    return logits.softmax(-1).max()


model = Net().eval()
images = torch.randn(2, 1, 4, 4)
out = model(images)
print(score(out))
'''


class TraceScriptTest(unittest.TestCase):
    def setUp(self):
        self.r = service.trace({"source": CNN})
        self.assertIsNone(self.r["error"])

    def test_the_model_the_script_calls_is_traced_on_the_scripts_input(self):
        g = self.r["graphs"][0]
        self.assertEqual(g["title"], "Net")
        [inp] = [n for n in g["nodes"] if n["kind"] == "input"]
        self.assertEqual(inp["shape"], [2, 1, 4, 4])
        labels = {n["label"] for n in g["nodes"] if n["kind"] == "op"}
        # each function name is its own label (conv1d/conv2d share a binding row)
        self.assertIn("torch.nn.functional.conv2d", labels)
        self.assertIn("torch.nn.functional.max_pool2d", labels)
        self.assertNotIn("torch.nn.functional.conv1d", labels)
        modules = {n["module"] for n in g["nodes"] if n["kind"] == "op"}
        self.assertIn("block/conv", modules)

    def test_functions_the_script_calls_get_their_own_graph_after_models(self):
        self.assertEqual([g.get("title") for g in self.r["graphs"]], ["Net", "score"])

    def test_entries_list_the_likeliest_first_and_only_required_inputs(self):
        self.assertEqual(self.r["entries"][0], {"name": "model", "kind": "module", "params": ["x"]})
        self.assertIn({"name": "score", "kind": "function", "params": ["logits"]}, self.r["entries"])

    def test_an_explicit_entry_with_inputs_still_wins(self):
        r = service.trace({"source": CNN, "entry": "Block", "inputs": {"x": "float32[1,1,4,4]"}})
        self.assertIsNone(r["error"])
        self.assertEqual(r["graphs"][0]["nodes"][0]["shape"], [1, 1, 4, 4])


if __name__ == "__main__":
    unittest.main()
