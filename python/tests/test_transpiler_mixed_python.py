"""Torch scripts that mix in real NumPy and plain Python values, as real scripts do: data prepared
in numpy and handed to torch, tensors taken back to numpy for post-processing, ``.item()`` /
``float()`` / ``len()`` / ``x.shape[0]`` in Python arithmetic and f-strings.

Each snippet runs on the emulated torch; its conversion to every target (tensorflow, jax, numpy)
must be clean (no warning, no torch left) and compute the same ``result``. NumPy receivers stay
numpy code on every target, Python values stay Python. The snippets are written here for these
tests (the torch run is the reference; the emulated torch is checked against real torch 1.13 by
test_runtime_golden).
"""
import unittest

from tests.transpiler_support import assert_close, convert, run_expr


def _kinds(v):
    if isinstance(v, list):
        return [_kinds(e) for e in v]
    return type(v).__name__

SNIPPETS = {
    # a numpy receiver with a torch-looking method name (reshape) stays numpy
    "numpy_receiver": """
import torch
import numpy as np

a = np.arange(6.0).reshape(2, 3)
col = a.sum(axis=0)
x = torch.from_numpy(a).float()
y = (x * 2).reshape(3, 2)
result = [col, y, a.T.copy(), a.squeeze().shape[0]]
""",
    # numpy imported after the first converted line
    "late_numpy_import": """
import torch
x = torch.linspace(0, 1, 5)
import numpy as np
result = np.exp(x.numpy()) + 1
""",
    # data prep in numpy (normalise columns), then torch.from_numpy / torch.tensor(ndarray)
    "numpy_data_prep": """
import numpy as np
import torch

data = np.array([[0.5, 1.5], [2.0, -1.0], [3.0, 0.0]], dtype=np.float32)
mean = data.mean(axis=0, keepdims=True)
std = data.std(axis=0, keepdims=True)
norm = (data - mean) / (std + 1e-6)
X = torch.from_numpy(norm)
labels = np.array([0, 1, 1])
y = torch.tensor(labels, dtype=torch.long)
result = [X.sum(dim=1), y + 1, norm.reshape(-1).max()]
""",
    # model output back to numpy: argmax / max over an axis in numpy
    "numpy_postprocess": """
import torch
import numpy as np

w = torch.tensor([[0.2, -0.5, 1.0], [0.3, 0.8, -1.2]])
x = torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.0, 3.0]])
with torch.no_grad():
    out = x @ w
probs = torch.softmax(out, dim=1)
p = probs.detach().cpu().numpy()
pred = np.argmax(p, axis=1)
conf = p.max(axis=1)
order = p.argsort(axis=1)[:, ::-1]
result = [pred, conf, order, p.shape[0]]
""",
    # classification accuracy in Python numbers
    "accuracy": """
import torch

logits = torch.tensor([[2.0, 1.0], [0.1, 0.3], [1.5, -1.0], [0.0, 2.0]])
y = torch.tensor([0, 1, 1, 1])
pred = logits.argmax(dim=1)
acc = (pred == y).float().mean().item()
correct = (pred == y).sum().item()
result = [acc, correct, correct / len(y), 100.0 * correct / y.size(0)]
""",
    # torch.tensor of a Python list, scaled by len(); float() of a 0-d tensor
    "list_of_floats": """
import torch

vals = [0.5, 1.25, -2.0]
vals.append(4.0)
t = torch.tensor(vals)
scaled = t * len(vals)
total = float(scaled.sum())
result = [scaled, total, vals.index(-2.0)]
""",
    # shapes in Python arithmetic
    "shape_arithmetic": """
import torch

x = torch.arange(12.0).reshape(3, 4)
n = x.shape[0]
d = x.size(1)
half = n // 2 + d
flat = x.view(n * d)
batch, feats = x.shape
result = [half, flat[:half], batch * feats, x.numel() / n]
""",
    # scaled dot-product attention with math.sqrt(d_k)
    "sqrt_dk_scaling": """
import math
import torch

q = torch.tensor([[1.0, 0.0, 2.0, 1.0], [0.5, -1.0, 0.0, 1.0]])
k = torch.tensor([[0.0, 1.0, 1.0, -1.0], [2.0, 0.5, -0.5, 0.0]])
d_k = q.size(-1)
scores = q @ k.transpose(-2, -1) / math.sqrt(d_k)
attn = torch.softmax(scores, dim=-1)
result = attn
""",
    # int() / float() of tensors used as Python indices
    "int_float_of_tensor": """
import torch

scores = torch.tensor([0.1, 2.5, -0.3, 2.0])
best = int(scores.argmax())
top = float(scores[best])
names = ["cat", "dog", "bird", "fish"]
result = [best, top, names[best], round(top * 2)]
""",
    # f-strings of .item() values
    "fstring_item": """
import torch

loss = torch.tensor([0.25, 0.75]).mean()
n = len(torch.ones(3))
msg = f"loss={loss.item():.4f} n={n} max={torch.tensor([1.5, 3.0]).max().item():.1f}"
print(msg)
result = msg
""",
    # a training-style loop collecting Python floats, summarised with numpy
    "loss_history": """
import numpy as np
import torch

losses = []
w = torch.tensor([1.0, -2.0])
for step in range(3):
    pred = w * step
    loss = (pred ** 2).mean()
    losses.append(loss.item())
avg = sum(losses) / len(losses)
result = [losses, avg, float(np.mean(losses)), np.array(losses).argmax()]
""",
    # numpy-annotated parameter: its methods stay numpy
    "ndarray_param": """
import numpy as np
import torch

def to_tensor(a: np.ndarray) -> torch.Tensor:
    a = a.reshape(-1, 2)
    return torch.as_tensor(a, dtype=torch.float32)

result = to_tensor(np.arange(4)) * 2
""",
    # a tensor made from a numpy array and back: numpy arithmetic and tolist
    "round_trip": """
import numpy as np
import torch

t = torch.tensor(np.linspace(0.0, 1.0, 5), dtype=torch.float32)
back = t.numpy() * 2
back = back.clip(0.5, 1.5)
result = [back.tolist(), back.sum(), t.tolist()]
""",
    # parsing text into a tensor: str methods on Python values
    "parse_text": """
import torch

line = "1.0,2.0,3.0,4.0"
vals = [float(v) for v in line.strip().split(",")]
t = torch.tensor(vals).view(2, 2)
result = [t.t(), line.count(",")]
""",
    # a parenthesised expression keeps its parentheses when .data / .cpu() around it are dropped
    "chain_to_list": """
import torch
import numpy as np

w = torch.tensor([[1.0, -1.0], [0.5, 2.0], [-0.3, 0.1]])
x = torch.tensor([[0.2, 0.4, 0.6], [1.0, -1.0, 0.5]])
preds = (x @ w).argmax(1).numpy().tolist()
out = (x @ w).data.cpu().numpy().astype(np.float64)
result = [preds, out.round(3), out.mean(axis=0)]
""",
    # mini-batches by Python slicing; per-batch numpy results concatenated
    "batches": """
import torch
import numpy as np

data = torch.arange(10.0).reshape(5, 2)
bs = 2
sums = []
for i in range(0, len(data), bs):
    batch = data[i:i + bs]
    sums.append(batch.sum(dim=0).numpy())
stacked = np.concatenate(sums)
result = [stacked, stacked.shape[0], len(sums)]
""",
    # a numpy mask turned into an index tensor; a numpy array filled from a tensor
    "np_mask_index": """
import torch
import numpy as np

x = torch.tensor([3.0, -1.0, 2.0, 0.5])
keep = np.array([True, False, True, True])
sel = x[torch.from_numpy(keep)]
arr = np.zeros((2, 4))
arr[0] = x.numpy()
arr += 1
result = [sel, arr, int(x.sum()), x.shape[-1] ** -0.5]
""",
    # uint8 image data scaled to floats
    "pixels": """
import numpy as np
import torch

img = np.array([[0, 128, 255], [64, 32, 16]], dtype=np.uint8)
t = torch.tensor(img).float() / 255.0
t = t.unsqueeze(0)
m = t.mean().item()
result = [t, round(m, 4), img.max()]
""",
    # dropped no-op methods on lower-precedence receivers: (x + 1).cpu() * 2 is not x + 1 * 2
    "precedence": """
import torch

x = torch.tensor([[1.0, -2.0], [3.0, 0.5]])
a = (x + 1).size(0)
e = (x + 1).cpu() * 2
g = -(x - 1).data
h = (x > 0).cpu().float().sum()
d = (x @ x.T).detach().cpu().numpy()
result = [a, e, g, h, d]
""",
    # a torch Dataset over numpy arrays: numpy attributes stay numpy, the base becomes a plain class
    "numpy_dataset": """
import numpy as np
import torch
from torch.utils.data import Dataset


class ArrayDataset(Dataset):
    def __init__(self, n):
        self.data = np.arange(n * 2, dtype=np.float32).reshape(n, 2)
        self.labels = (self.data.sum(axis=1) > 3).astype(np.int64)
        self.scale = float(self.data.max())

    def __len__(self):
        return len(self.data)

    def __getitem__(self, idx):
        row = self.data[idx].reshape(1, 2) / self.scale
        return torch.from_numpy(row), torch.tensor(self.labels[idx])


ds = ArrayDataset(4)
xs = [ds[i][0] for i in range(len(ds))]
ys = torch.stack([ds[i][1] for i in range(len(ds))])
result = [torch.cat(xs), ys, len(ds)]
""",
    # legacy typed constructors (data of a list or numpy array, or sizes)
    "legacy_ctors": """
import torch
import numpy as np

a = torch.Tensor([[1, 2], [3, 4]])
b = torch.FloatTensor(np.array([0.5, 1.5]))
c = torch.LongTensor([2, 0, 1])
d = torch.FloatTensor(2, 3)
result = [a, b, c, d]
""",
    # an evaluation loop over numpy data: device idioms, torch.max, Python counters, %-formatting
    "eval_loop": """
import numpy as np
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
w = torch.tensor([[0.5, -0.2, 0.1], [0.3, 0.4, -0.6]]).to(device)
X = np.array([[1.0, 2.0], [0.0, -1.0], [2.0, 2.0], [-1.0, 0.5]], dtype=np.float32)
y_np = np.array([2, 1, 0, 1])
correct = 0
total = 0
with torch.no_grad():
    for i in range(0, len(X), 2):
        xb = torch.from_numpy(X[i:i + 2]).to(device)
        yb = torch.from_numpy(y_np[i:i + 2])
        _, predicted = torch.max(xb @ w, 1)
        total += yb.size(0)
        correct += (predicted == yb).sum().item()
print("Accuracy: %.2f %%" % (100 * correct / total))
result = [correct, total, 100 * correct / total]
""",
    # numpy one-hot labels into a loss; .tolist() into sorted()
    "onehot_numpy": """
import numpy as np
import torch

labels = np.array([0, 2, 1])
onehot = np.eye(3)[labels]
t = torch.tensor(onehot, dtype=torch.float32)
logits = torch.tensor([[2.0, 0.0, 1.0], [0.0, 1.0, 3.0], [0.5, 0.5, 0.0]])
loss = -(t * torch.log_softmax(logits, dim=1)).sum(dim=1).mean()
result = [loss.item(), onehot.argmax(axis=1), sorted(logits.argmax(1).tolist())]
""",
    # sizes from np.prod / math.ceil / x.size()[1:]
    "flatten_by_prod": """
import math
import numpy as np
import torch

x = torch.arange(24.0).reshape(2, 3, 4)
flat = x.view(-1, int(np.prod(x.shape[1:])))
n_batches = math.ceil(len(x) / 4)
rest = x.size()[1:]
result = [flat.shape[1], n_batches, list(rest), flat[1, :3]]
""",
    # .item() statistics used in Python arithmetic, lists from .tolist()
    "stats_to_python": """
import torch

x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]])
mu, sd = x.mean().item(), x.std().item()
z = (x - mu) / sd
vals = z.flatten().tolist()
lo, hi = min(vals), max(vals)
result = [round(mu, 4), round(sd, 4), lo, hi, [round(v, 3) for v in vals]]
""",
    # helper functions: one takes a numpy array to torch, one a tensor to numpy; their results'
    # methods convert by what the functions return
    "helper_functions": """
import torch
import numpy as np

def prep(a):
    a = a.reshape(-1, 2)
    return torch.from_numpy(a).float()

def stats(t):
    return t.detach().numpy().mean(axis=0)

x = prep(np.arange(4.0))
result = [prep(np.arange(6.0)).sum(0), stats(x).max(), x.mean().item()]
""",
    # a whole small script: numpy standardisation, an MLP on the converted weights, numpy metrics
    "mlp_numpy_eval": """
import math
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class MLP(nn.Module):
    def __init__(self, d_in: int, d_hidden: int, n_classes: int):
        super().__init__()
        self.fc1 = nn.Linear(d_in, d_hidden)
        self.fc2 = nn.Linear(d_hidden, n_classes)
        self.scale = 1.0 / math.sqrt(d_hidden)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        return self.fc2(h) * self.scale


def standardize(a: np.ndarray) -> np.ndarray:
    mu = a.mean(axis=0)
    sigma = a.std(axis=0) + 1e-8
    return (a - mu) / sigma


X = np.array([[0.1, 1.0, 2.0], [1.5, -0.5, 0.3], [2.2, 0.7, -1.0], [0.0, 0.0, 1.0]], dtype=np.float32)
y = np.array([0, 1, 2, 1])
Xs = standardize(X)

model = MLP(X.shape[1], 4, 3)
model.load_state_dict({
    "fc1.weight": torch.linspace(-0.5, 0.5, 12).reshape(4, 3),
    "fc1.bias": torch.zeros(4),
    "fc2.weight": torch.linspace(1.0, -1.0, 12).reshape(3, 4),
    "fc2.bias": torch.tensor([0.1, 0.0, -0.1]),
})
model.eval()
with torch.no_grad():
    logits = model(torch.from_numpy(Xs))
    probs = F.softmax(logits, dim=-1).cpu().numpy()
preds = probs.argmax(axis=1)
acc = float((preds == y).mean())
conf = np.zeros((3, 3), dtype=np.int64)
for t_, p_ in zip(y, preds):
    conf[t_, p_] += 1
top = probs.max(axis=1).round(4)
print(f"accuracy {acc:.3f}")
result = [probs, preds, acc, conf, top]
""",
    # a model's weights read back as numpy and Python numbers (state_dict, parameters)
    "state_dict_stats": """
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return self.fc(x)


model = Net()
model.load_state_dict({"fc.weight": torch.linspace(-1.0, 1.0, 6).reshape(2, 3), "fc.bias": torch.ones(2)})
n_params = sum(p.numel() for p in model.parameters())
weights = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
norms = {}
for name, p in model.state_dict().items():
    norms[name] = round(float(p.abs().sum()), 4)
result = [n_params, sorted(norms.items()), weights["fc.bias"].sum()]
""",
    # topk / sort results by field name, indices to Python lists for lookups
    "topk_sort_lists": """
import torch

scores = torch.tensor([0.1, 2.5, -0.3, 2.0, 0.7])
classes = ["a", "b", "c", "d", "e"]
top = scores.topk(3)
best = [classes[i] for i in top.indices.tolist()]
values, order = torch.sort(scores, descending=True)
pos = torch.nonzero(scores > 0.5).flatten().numpy()
spread = scores.max().item() - scores.min().item()
result = [best, top.values, order[:2].tolist(), pos, spread]
""",
    # tensor checks to Python bools driving control flow; range(x.size(0))
    "checks_to_bool": """
import torch

a = torch.tensor([1.0, 2.0, 3.0])
b = a + 1e-7
same = bool((a - b).abs().max() < 1e-5)
eq = a.eq(a.clone()).all().item()
msg = "ok" if same and eq else "differ"
n = 0
for i in range(a.size(0)):
    if a[i] > 1.5:
        n += 1
result = [same, eq, msg, n]
""",
    # isinstance(x, np.ndarray) dispatch before torch.from_numpy
    "isinstance_numpy": """
import numpy as np
import torch

def to_tensor(x):
    if isinstance(x, np.ndarray):
        x = torch.from_numpy(x)
    return x.float() * 2

result = [to_tensor(np.array([1, 2, 3])), to_tensor(torch.tensor([0.5]))]
""",
    # ImageNet-style normalisation with float64 numpy statistics: torch promotes to float64
    # (TensorFlow does not promote: the converter casts)
    "float64_stats": """
import numpy as np
import torch

img = np.array([[[0.2, 0.4], [0.6, 0.8]]] * 3, dtype=np.float32)
mean = np.array([0.485, 0.456, 0.406])
std = np.array([0.229, 0.224, 0.225])
x = torch.from_numpy(img)
m = torch.tensor(mean).view(3, 1, 1)
s = torch.tensor(std).view(3, 1, 1)
y = (x - m) / s
z = x.double() + x
w = torch.arange(3) + torch.ones(3)
v = torch.maximum(torch.arange(3), torch.ones(3)) * torch.add(x.double(), x).sum()
result = [y, z, w, v]
""",
    # generated images to uint8 numpy grids (transpose / clip / astype in numpy)
    "image_postprocess": """
import numpy as np
import torch

fake = torch.linspace(-1.0, 1.0, 24).reshape(1, 3, 2, 4)
img = (fake.detach().cpu().numpy().transpose(0, 2, 3, 1) + 1) / 2 * 255
img = img.clip(0, 255).astype(np.uint8)
grid = np.concatenate([img[0], img[0][:, ::-1]], axis=1)
h, w, c = grid.shape
result = [grid, h * w * c, int(grid.mean())]
""",
    # character tokens through dict lookups, a tensor index, softmax and int() back to text
    "char_tokens": """
import torch
import torch.nn.functional as F

chars = sorted(set("hello world"))
stoi = {ch: i for i, ch in enumerate(chars)}
itos = {i: ch for ch, i in stoi.items()}
tokens = [stoi[c] for c in "hello"]
x = torch.tensor(tokens).unsqueeze(0)
table = torch.arange(len(chars) * len(chars), dtype=torch.float32).reshape(len(chars), len(chars)) % 5
logits = table[x]
probs = F.softmax(logits[0, -1] / 0.5, dim=-1)
next_id = int(torch.argmax(probs))
text = "".join(itos[i] for i in tokens + [next_id])
result = [text, round(probs.max().item(), 5), x.shape[1]]
""",
    # a Python 0 accumulating tensors (total += loss) is a tensor afterwards: its .item() converts
    "accumulator": """
import torch

total = 0
for step in range(3):
    loss = torch.tensor([1.0, 2.0]).mean() * step
    total += loss
avg = total.item() / 3
result = [avg, round(avg, 2)]
""",
}


class MixedPythonTest(unittest.TestCase):
    maxDiff = None

    def check(self, target: str):
        for name, src in SNIPPETS.items():
            with self.subTest(snippet=name, target=target):
                r = convert(src, target)
                problems = [d for d in r["diagnostics"] if d["severity"] != "info"]
                self.assertFalse(problems, r["code"])
                self.assertNotIn("import torch", r["code"])
                want = run_expr(src, "result")
                got = run_expr(r["code"], "result")
                assert_close(self, got, want)
                self.assertEqual(_kinds(got), _kinds(want), "result kinds (bool / int / float / str)")

    def test_tensorflow(self):
        self.check("tensorflow")

    def test_jax(self):
        self.check("jax")

    def test_numpy(self):
        self.check("numpy")


class NumpyKindTextTest(unittest.TestCase):
    """The conversion text itself (no runtime needed)."""

    def test_numpy_receivers_stay_numpy(self):
        src = ("import torch\nimport numpy as np\n"
               "a = np.arange(6.0).reshape(2, 3)\n"
               "b = a.argsort(axis=1).squeeze()\n"
               "def f(arr: np.ndarray):\n    return arr.reshape(-1), arr.view(np.int64)\n"
               "x = torch.ones(2).numpy().reshape(2, 1)\n")
        for target in ("tensorflow", "jax", "numpy"):
            with self.subTest(target=target):
                code = convert(src, target)["code"]
                for kept in ("np.arange(6.0).reshape(2, 3)", "a.argsort(axis=1).squeeze()",
                             "arr.reshape(-1), arr.view(np.int64)", ".reshape(2, 1)"):
                    self.assertIn(kept, code)

    def test_other_libraries_values_stay(self):
        # pandas / PIL / sklearn values: their methods are never Tensor methods
        src = ("import pandas as pd\nimport torch\nfrom PIL import Image\n"
               "from sklearn.model_selection import train_test_split\n"
               "df = pd.read_csv('data.csv')\nX = df[['a', 'b']].values.reshape(-1, 2)\n"
               "X_tr, X_te = train_test_split(X, test_size=0.2)\n"
               "img = Image.open('x.png').resize((4, 4))\n"
               "t = torch.tensor(X_tr.reshape(-1, 2), dtype=torch.float32).view(-1)\n")
        for target in ("tensorflow", "jax", "numpy"):
            with self.subTest(target=target):
                r = convert(src, target)
                for kept in ("df[['a', 'b']].values.reshape(-1, 2)", "X_tr.reshape(-1, 2)",
                             "Image.open('x.png').resize((4, 4))"):
                    self.assertIn(kept, r["code"])
                self.assertNotIn("import torch", r["code"])
                self.assertNotIn(".view(", r["code"])

    def test_late_user_import_moves_above_first_use(self):
        src = "import torch\nx = torch.ones(3)\nimport numpy as np\ny = np.exp(x.numpy())\n"
        for target in ("jax", "numpy"):
            with self.subTest(target=target):
                code = convert(src, target)["code"]
                self.assertEqual(code.count("import numpy as np"), 1, code)
                self.assertLess(code.index("import numpy as np"), code.index("x = "), code)

    def test_late_import_among_others_keeps_the_others(self):
        code = convert("import torch\nx = torch.ones(3)\nimport os, numpy as np\n", "numpy")["code"]
        self.assertEqual(code.count("numpy as np"), 1, code)
        self.assertIn("import os\n", code)

    def test_dropped_method_keeps_precedence(self):
        src = ("import torch\nx = torch.ones(2, 3)\na = (x + 1).size(0)\ne = (x + 1).cpu() * 2\n"
               "h = (x > 0).cpu().float()\n")
        for target in ("tensorflow", "jax", "numpy"):
            with self.subTest(target=target):
                code = convert(src, target)["code"]
                self.assertIn("a = (x + 1).shape[0]", code)
                self.assertIn("e = (x + 1) * 2", code)
                self.assertNotIn("((x > 0)", code)  # no parentheses doubled in an argument slot

    def test_tensorflow_promotion_casts(self):
        # torch promotes mixed dtypes (float32 + float64 -> float64, int64 + float32 -> float32);
        # TensorFlow raises: the operands go through _tg_promote, operators and functions alike
        src = ("import torch\nimport numpy as np\nx = torch.ones(3)\n"
               "a = x.double() + x\nb = torch.arange(3) + x\n"
               "c = torch.from_numpy(np.zeros(3)) * x\nd = x + x\n")
        code = convert(src, "tensorflow")["code"]
        self.assertIn("a = tf.math.add(*_tg_promote(tf.cast(x, tf.float64), x))", code)
        self.assertIn("b = tf.math.add(*_tg_promote(tf.range(3, dtype=tf.int64), x))", code)
        self.assertIn("c = tf.math.multiply(*_tg_promote(tf.constant(np.zeros(3)), x))", code)
        self.assertIn("d = x + x", code)
        code = convert("import torch\nx = torch.ones(3)\ne = torch.maximum(torch.arange(3), x)\n", "tensorflow")["code"]
        self.assertIn("tf.math.maximum(*_tg_promote(tf.range(3, dtype=tf.int64), x))", code)
        self.assertIn("* x\n", convert(src, "jax")["code"])  # JAX promotes by itself

    def test_device_attribute(self):
        for target in ("jax", "numpy"):
            code = convert("import torch\nx = torch.ones(2)\nd = (x + 1).device\n", target)["code"]
            self.assertIn("d = 'cpu'", code)

    def test_accumulated_tensor_item(self):
        src = "import torch\ntotal = 0\nfor i in range(2):\n    total += torch.ones(2).sum()\nv = total.item()\n"
        self.assertIn("v = total.numpy().item()", convert(src, "tensorflow")["code"])

    def test_long_sum_of_arrays(self):
        # kinds of a + a + ... are found without recursion
        src = "import torch\nimport numpy as np\na = np.ones(2)\ns = " + " + ".join(["a"] * 800) + \
            "\nt = s.reshape(2, 1)\n"
        r = convert(src, "tensorflow")
        self.assertEqual(r["diagnostics"], [])
        self.assertIn("t = s.reshape(2, 1)", r["code"])


class PromotionRuleTest(unittest.TestCase):
    """kinds.result_dtype against torch 1.13 (values printed by /usr/bin/python3's real torch:
    torch.promote_types, and ``dimensioned + 0-d`` results)."""

    def test_promote_types(self):
        from tensorglot.transpiler.kinds import promote_types
        for a, b, want in [("float32", "float64", "float64"), ("uint8", "int8", "int16"),
                           ("float16", "bfloat16", "float32"), ("int32", "float16", "float16"),
                           ("bool", "uint8", "uint8"), ("int64", "int32", "int64")]:
            self.assertEqual(promote_types(a, b), want, (a, b))
            self.assertEqual(promote_types(b, a), want, (b, a))

    def test_zero_dim_operands(self):
        from tensorglot.transpiler.kinds import result_dtype
        for dim, zero, want in [("int64", "float64", "float64"), ("float32", "float64", "float32"),
                                ("float16", "float64", "float16"), ("bool", "int64", "int64"),
                                ("int8", "int64", "int8")]:
            self.assertEqual(result_dtype(dim, False, zero, True), want, (dim, zero))
            self.assertEqual(result_dtype(zero, True, dim, False), want, (zero, dim))
        self.assertIsNone(result_dtype("float32", None, "float64", False))  # 0-d-ness decides: unknown


MODULE = '''
import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return self.fc(x)

model = Net().{cast}
model.load_state_dict({{"fc.weight": torch.linspace(-1.0, 1.0, 6).reshape(2, 3), "fc.bias": torch.ones(2)}})
result = model(torch.tensor([[0.5, -1.0, 2.0]]))
'''


class KerasModuleCastTest(unittest.TestCase):
    def test_float_is_keras_default(self):
        src = MODULE.format(cast="float()")
        r = convert(src, "tensorflow")
        self.assertFalse([d for d in r["diagnostics"] if d["severity"] != "info"], r["code"])
        self.assertIn("model = Net()\n", r["code"])
        assert_close(self, run_expr(r["code"], "result"), run_expr(src, "result"))

    def test_double_warning_says_what_to_do(self):
        r = convert(MODULE.format(cast="double()"), "tensorflow")
        warn = [d for d in r["diagnostics"] if d.get("api") == "Module.double"]
        self.assertEqual(len(warn), 1, r["diagnostics"])
        self.assertIn("tf.keras.backend.set_floatx('float64')", warn[0]["message"])
        self.assertIn("float64 inputs", warn[0]["message"])


class KerasStateDictTest(unittest.TestCase):
    """A converted Keras model's state_dict() gives torch's names, layouts and values back."""

    def test_models_round_trip(self):
        import os
        models = os.path.join(os.path.dirname(os.path.abspath(__file__)), "models")
        for name in ("mlp_classifier.py", "cnn_bn.py", "gpt.py"):
            with self.subTest(model=name):
                with open(os.path.join(models, name)) as f:
                    src = f.read()
                want = run_expr(src + "\nimport torch\ntorch.manual_seed(0)\n_m = build()\n", "_m.state_dict()")
                code = convert(src + "\n_m = build()\n_m.load_state_dict(_SD)\n_sd = _m.state_dict()\n",
                               "tensorflow")["code"]
                got = run_expr(f"import numpy\n_SD = {{k: numpy.array(v) for k, v in {want!r}.items()}}\n" + code,
                               "_sd")
                # Keras counts no batches: BatchNorm's num_batches_tracked has no Keras value
                self.assertEqual(sorted(got), sorted(k for k in want if not k.endswith("num_batches_tracked")))
                for k in got:
                    assert_close(self, got[k], want[k], path=k)


if __name__ == "__main__":
    unittest.main()
