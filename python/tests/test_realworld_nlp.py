"""Idioms of public PyTorch sequence / transformer code (tutorial scripts, GPT-style models,
char-level language models), written here as small snippets: legacy typed constructors
fed with NumPy data, NumPy scalars in tensor arithmetic, sampling with torch.multinomial,
``torch.utils.data.dataloader`` imports. Expected values come from real torch 1.13 (noted
where used) or from torch's documented semantics.
"""
import unittest

from tensorglot.transpiler import transpile
from tests.transpiler_support import assert_converts

from tensorglot.verify import verify

TARGETS = ("tensorflow", "jax", "numpy")


def run_script(test, src):
    from tensorglot.runtime.sandbox import run_source
    r = run_source(src)
    test.assertIsNone(r["error"], r["error"])
    return r["stdout"].split("\n")


class LegacyConstructorsTest(unittest.TestCase):
    def test_typed_constructors_on_the_emulated_torch(self):
        # real torch 1.13 prints: torch.int64 [2, 3] torch.int64 / torch.float32 torch.uint8 torch.bool
        # torch.int32 torch.float64 / True False / [[1, 2], [3, 4]] / [1, 1] / torch.float32
        out = run_script(self, (
            "import torch\nimport numpy as np\n"
            "print(torch.LongTensor([[1, 2]]).dtype, list(torch.FloatTensor(2, 3).shape), torch.LongTensor(3).dtype)\n"
            "print(torch.FloatTensor([1]).dtype, torch.ByteTensor([1, 2]).dtype, torch.BoolTensor([1, 0]).dtype,"
            " torch.IntTensor([1]).dtype, torch.DoubleTensor([1]).dtype)\n"
            "print(isinstance(torch.ones(2), torch.FloatTensor), isinstance(torch.ones(2, dtype=torch.long), torch.FloatTensor))\n"
            "print(torch.LongTensor([np.asarray([1, 2]), np.asarray([3, 4])]).tolist())\n"
            "print(torch.LongTensor(np.ones(2)).tolist())\n"
            "print(torch.FloatTensor(np.eye(3)[[0, 2]]).dtype)\n"))
        self.assertEqual(out[:6], ["torch.int64 [2, 3] torch.int64",
                                   "torch.float32 torch.uint8 torch.bool torch.int32 torch.float64",
                                   "True False", "[[1, 2], [3, 4]]", "[1, 1]", "torch.float32"])

    def test_numpy_data_and_scalars_mix_with_torch(self):
        # real torch 1.13: torch.tensor/from_numpy keep float64; numpy scalars act as Python
        # numbers (float32 results); torch.add(t, ndarray) raises TypeError
        out = run_script(self, (
            "import torch\nimport numpy as np\n"
            "a = torch.ones(2)\n"
            "print(torch.tensor(np.ones(3)).dtype, torch.from_numpy(np.ones(2)).dtype, torch.Tensor(np.ones(2)).dtype)\n"
            "print((a / np.sqrt(8)).dtype, (a * np.int64(2)).dtype, (torch.arange(3) * np.float64(2.5)).dtype)\n"
            "print(round(float((a / np.sqrt(4))[0]), 6))\n"
            "try:\n    torch.add(a, np.ones(2))\nexcept TypeError:\n    print('TypeError')\n"))
        self.assertEqual(out[:4], ["torch.float64 torch.float64 torch.float32",
                                   "torch.float32 torch.float32 torch.float32", "0.5", "TypeError"])

    def test_typed_constructors_convert(self):
        src = ("import torch\nimport numpy as np\n\ndef lookup(table: torch.Tensor, rows=[[0, 2], [1, 1]]):\n"
               "    return table[torch.LongTensor(rows)] * torch.FloatTensor(np.eye(3)[rows[0]])\n\n"
               "y = lookup(torch.randn(4, 3))\n")
        for target in TARGETS:
            with self.subTest(target=target):
                r = assert_converts(self, src, target)
                self.assertNotIn("torch", r["code"].split("# --- tensorglot support")[0])
                if target != "jax":  # JAX has no int64 without x64
                    v = verify({"source": src, "to": target, "layers": "never"})
                    self.assertEqual(v["verdict"], "PASS", v)

    def test_size_form_is_zeros_of_its_dtype(self):
        # torch leaves the memory uninitialised; the runtime and the converter both give zeros
        r = transpile("import torch\nbuf = torch.LongTensor(2, 3)\n", "torch", "tensorflow")
        self.assertEqual([d for d in r["diagnostics"] if d["severity"] == "warning"], [])
        self.assertIn("buf = tf.zeros((2, 3), dtype=tf.int64)", r["code"])


class MultinomialTest(unittest.TestCase):
    def test_emulated_torch(self):
        out = run_script(self, (
            "import torch\ntorch.manual_seed(0)\n"
            "p = torch.tensor([[0.1, 0.0, 0.9], [0.5, 0.5, 0.0]])\n"
            "a = torch.multinomial(p, 2)\n"
            "print(a.dtype, list(a.shape), sorted(a[1].tolist()), 1 not in a[0].tolist())\n"
            "b = p[0].multinomial(50, replacement=True)\n"
            "print(list(b.shape), 1 not in b.tolist())\n"
            "c = torch.multinomial(torch.tensor([1.0, 3.0]), 4000, replacement=True).float().mean()\n"
            "print(bool(abs(c - 0.75) < 0.03))\n"
            "try:\n    torch.multinomial(p, 3)\nexcept RuntimeError:\n    print('RuntimeError')\n"))
        # torch: without replacement each row's drawn indices are distinct and a weight 0 is
        # never drawn while positive weights remain; index 1 has weight 3/4 in the last draw
        self.assertEqual(out[:4], ["torch.int64 [2, 2] [0, 1] True", "[50] True", "True", "RuntimeError"])

    def test_converted_sampling(self):
        """The conversion draws from the same distribution (its own random stream): a
        distribution with one nonzero weight per row (top-k=1 sampling) gives the same indices."""
        src = ("import torch\nimport torch.nn.functional as F\n\n"
               "def sample(logits, k):\n"
               "    v, _ = torch.topk(logits, k)\n"
               "    logits[logits < v[:, [-1]]] = -float('Inf')\n"
               "    probs = F.softmax(logits, dim=-1)\n"
               "    return torch.multinomial(probs, num_samples=1), torch.multinomial(probs, 2, replacement=True)\n\n"
               "out = sample(torch.tensor([[0.5, 2.0, -1.0], [3.0, 1.0, 0.0]]), 1)\n")
        for target in TARGETS:
            with self.subTest(target=target):
                r = assert_converts(self, src, target)
                self.assertIn("_tg_multinomial(probs, 1), _tg_multinomial(probs, 2, replacement=True)", r["code"])
                if target != "jax":
                    v = verify({"source": src, "to": target, "layers": "never"})
                    self.assertEqual(v["verdict"], "PASS", v)
                    self.assertEqual([o["shape"] for o in v["outputs"]], [[2, 1], [2, 2]])


class ListIndexTest(unittest.TestCase):
    def test_list_positions_in_a_subscript(self):
        """top-k sampling code writes ``logits < v[:, [-1]]``: TF tensors take no list index,
        the conversion gathers (negative positions counted from the end, as torch)."""
        src = ("import torch\n\ndef f(v: torch.Tensor):\n"
               "    return v[:, [-1]], v[[0, -1]], v[..., [0, -2]], v[0, [1, 2]], v[None, :, [1]], v[1:, [0]]\n\n"
               "y = f(torch.randn(3, 4))\n")
        code = transpile(src, "torch", "tensorflow")["code"]
        self.assertIn("_tg_getitem(v, (slice(None, None), [-1]))", code)
        for target in TARGETS:
            with self.subTest(target=target):
                v = verify({"source": src, "to": target, "layers": "never"})
                self.assertEqual(v["verdict"], "PASS", v)
                # torch: one advanced index keeps its place among the sliced axes
                self.assertEqual([o["shape"] for o in v["outputs"]], [[3, 1], [2, 4], [3, 2], [2], [1, 3, 1], [2, 1]])


class ModelIdiomsTest(unittest.TestCase):
    def verify_all(self, src):
        for target in TARGETS:
            with self.subTest(target=target):
                assert_converts(self, src, target, worst="warning")
                v = verify({"source": src, "to": target, "layers": "never"})
                self.assertEqual(v["verdict"], "PASS", v)
        return v

    def test_dot_and_mv(self):
        """attention scores as ``torch.dot(hidden.view(-1), enc.view(-1))``; torch.dot of 1-D
        tensors is a 0-d tensor, torch.mv of (2, 3) and (3,) has shape (2,)."""
        src = ("import torch\n\ndef score(a: torch.Tensor, b: torch.Tensor, m: torch.Tensor):\n"
               "    return torch.dot(a, b), a.dot(b), torch.mv(m, b), m.mv(a)\n\n"
               "y = score(torch.randn(3), torch.randn(3), torch.randn(2, 3))\n")
        v = self.verify_all(src)
        self.assertEqual([o["shape"] for o in v["outputs"]], [[], [], [2], [2]])
        self.assertIn("RuntimeError", run_script(self, "import torch\ntry:\n    torch.dot(torch.ones(3), torch.ones(2))\n"
                                                       "except RuntimeError:\n    print('RuntimeError')\n")[0])

    def test_mask_helper_parameters(self):
        """``def get_attn_pad_mask(seq_q, seq_k)``: ``seq_q.size()`` (a call: numpy's size is an
        attribute) and ``seq_k.data.eq(0)`` show the parameters are tensors."""
        src = ("import torch\n\ndef pad_mask(seq_q, seq_k):\n    batch_size, len_q = seq_q.size()\n"
               "    batch_size, len_k = seq_k.size()\n    mask = seq_k.data.eq(0).unsqueeze(1)\n"
               "    return mask.expand(batch_size, len_q, len_k)\n\n"
               "m = pad_mask(torch.tensor([[3, 1, 0]]), torch.tensor([[2, 0, 0, 4]]))\n")
        code = transpile(src, "torch", "numpy")["code"]
        self.assertIn("batch_size, len_q = seq_q.shape", code)
        self.assertIn("np.expand_dims(np.equal(seq_k, 0), 1)", code)
        v = self.verify_all(src)
        self.assertEqual(v["outputs"][0]["shape"], [1, 3, 4])

    def test_subclass_of_a_torch_layer(self):
        """``class LM(nn.Transformer)`` using only its encoder, with a causal mask made by a method
        (``log(tril(ones))``: 0 and -inf) and moved with ``.to(device)``."""
        src = ("import math\nimport torch\nimport torch.nn as nn\n\nclass LM(nn.Transformer):\n"
               "    def __init__(self, vocab, width):\n"
               "        super().__init__(d_model=width, nhead=2, dim_feedforward=8, num_encoder_layers=1)\n"
               "        self.emb = nn.Embedding(vocab, width)\n        self.head = nn.Linear(width, vocab)\n\n"
               "    def causal(self, n):\n        return torch.log(torch.tril(torch.ones(n, n)))\n\n"
               "    def forward(self, src):\n        device = src.device\n"
               "        mask = self.causal(len(src)).to(device)\n"
               "        h = self.encoder(self.emb(src) * math.sqrt(4), mask=mask)\n"
               "        return torch.log_softmax(self.head(h), dim=-1)\n\n"
               "lm = LM(7, 4)\nlm.eval()\ny = lm(torch.randint(0, 7, (5, 2)))\n")
        for target in TARGETS:
            code = transpile(src, "torch", target)["code"]
            self.assertNotIn(".to(device)", code)
            self.assertIn("def call(" if target == "tensorflow" else "def __call__(", code)
        v = self.verify_all(src)
        self.assertEqual(v["outputs"][0]["shape"], [5, 2, 7])

    def test_bidirectional_recurrent_layers(self):
        """Bi-LSTM / Bi-GRU taggers: torch concatenates the forward and the reverse direction
        (output (B, T, 2H) batch first) and stacks h_n as (layers * 2, B, H)."""
        src = ("import torch\nimport torch.nn as nn\n\nclass Tagger(nn.Module):\n    def __init__(self):\n"
               "        super().__init__()\n        self.lstm = nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)\n"
               "        self.gru = nn.GRU(8, 2, bidirectional=True)\n\n    def forward(self, x):\n"
               "        out, (h, c) = self.lstm(x)\n        out2, h2 = self.gru(out.transpose(0, 1))\n"
               "        return out, h, c, out2, h2\n\n"
               "tagger = Tagger()\ny = tagger(torch.randn(2, 5, 3))\n")
        v = self.verify_all(src)
        self.assertEqual([o["shape"] for o in v["outputs"]], [[2, 5, 8], [4, 2, 4], [4, 2, 4], [5, 2, 4], [2, 2, 2]])

    def test_type_cast_to_a_dtype_variable(self):
        """``pe.type(dtype)`` (sin-cos position embeddings take the dtype as a parameter) casts; it
        was dropped as if it were a device move."""
        src = ("import torch\n\ndef positions(x, dtype=torch.float32):\n    pe = torch.arange(x.shape[0]) * 2\n"
               "    return pe.type(dtype)\n\ny = positions(torch.ones(4))\n")
        self.assertIn("return tf.cast(pe, dtype)", transpile(src, "torch", "tensorflow")["code"])
        self.assertIn("return pe.astype(dtype)", transpile(src, "torch", "numpy")["code"])
        v = self.verify_all(src)
        self.assertEqual((v["outputs"][0]["shape"], v["outputs"][0]["dtype"]), ([4], "float32"))

    def test_layer_weight_through_a_submodule(self):
        """BERT-style tying: ``self.embedding.tok_embed.weight`` where ``self.embedding`` is a
        module class of the same file holding an nn.Embedding."""
        src = ("import torch\nimport torch.nn as nn\n\nclass Embed(nn.Module):\n    def __init__(self):\n"
               "        super().__init__()\n        self.tok = nn.Embedding(5, 4)\n\n    def forward(self, x):\n"
               "        return self.tok(x)\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
               "        self.embedding = Embed()\n        w = self.embedding.tok.weight\n        n_vocab, n_dim = w.size()\n"
               "        self.dec = nn.Linear(n_dim, n_vocab, bias=False)\n        self.dec.weight = w\n\n"
               "    def forward(self, x):\n        return self.dec(self.embedding(x))\n\n"
               "net = Net()\ny = net(torch.tensor([[1, 2, 4]]))\n")
        self.assertIn("w = self.embedding.tok.embeddings", transpile(src, "torch", "tensorflow")["code"])
        self.assertIn("n_vocab, n_dim = w.shape", transpile(src, "torch", "jax")["code"])
        v = self.verify_all(src)
        self.assertEqual(v["outputs"][0]["shape"], [1, 3, 5])


class ScriptImportsTest(unittest.TestCase):
    def test_dataloader_submodule(self):
        out = run_script(self, ("from torch.utils.data.dataloader import DataLoader\n"
                                "from torch.utils.data.dataset import Dataset\nimport torch.utils.data as d\n"
                                "print(DataLoader is d.DataLoader, Dataset is d.Dataset)\n"))
        self.assertEqual(out[0], "True True")

    def test_numpy_choice_without_replacement_and_weighted(self):
        # numpy: replace=False gives distinct draws; a weight 0 is never drawn; a sample larger
        # than the population without replacement is a ValueError
        out = run_script(self, (
            "import numpy as np\nnp.random.seed(0)\n"
            "a = np.random.choice(range(6), 4, replace=False)\n"
            "print(len(set(a.tolist())), a.shape, a.dtype)\n"
            "b = np.random.choice(3, (2, 2), p=[0.0, 0.5, 0.5])\n"
            "print(b.shape, 0 in b.reshape(-1).tolist())\n"
            "try:\n    np.random.choice(3, 4, replace=False)\nexcept ValueError:\n    print('ValueError')\n"))
        self.assertEqual(out[:3], ["4 (4,) int64", "(2, 2) False", "ValueError"])


if __name__ == "__main__":
    unittest.main()
