"""Golden cases: API calls evaluated with real torch 1.13 / numpy 1.24 by
scripts/gen_golden.py and replayed against the emulation by test_runtime_golden.py.

Stdlib data only. A case is ``(api, args, kwargs)`` or ``(api, args, kwargs, opts)``:
  * api: "torch.mean", "torch.nn.functional.softmax", "Tensor.view" (method: the
    first arg is the receiver), "numpy.var", "ndarray.sum", "op:__add__" (operator
    on the first arg), "numpy.random.rand";
  * an argument ``T(data, dtype)`` is a tensor/array literal, ``D("float64")`` a
    dtype object; lists of T stay lists;
  * ``E("np.float32(2)")`` is a Python expression over ``np``/``numpy``/``torch``/``F``
    evaluated with the library under test; the api ``"eval"`` evaluates its one string
    argument the same way (scalar arithmetic, attributes, tuple unpacking, reprs);
  * opts: {"shape_only": True} for random outputs (compare shape and dtype);
    {"known_difference": "torch.cat"}: the real library raises where the emulation knowingly
    accepts with a warning (listed in the runtime's KNOWN_DIFFERENCES).
"""
from __future__ import annotations


def T(data, dtype="float32"):
    return {"__t__": data, "dtype": dtype}


def D(name):
    return {"__dtype__": name}


def E(expr):
    return {"__expr__": expr}


# --- inputs -----------------------------------------------------------------------------------
X = T([[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]])
X64 = T([[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]], "float64")
POS = T([[0.5, 1.0, 2.0], [3.0, 0.25, 4.0]])
UNIT = T([[0.1, -0.5, 0.9], [0.0, 0.3, -0.7]])
I64 = T([[3, -7, 2], [0, 5, -1]], "int64")
I32 = T([[3, -7, 2], [0, 5, -1]], "int32")
B = T([[True, False, True], [False, False, True]], "bool")
S0 = T(2.5)                   # 0-d
ONE = T([3.0])                # one element
EMPTY = T([[]] * 0, "float32")  # shape (0,)
E03 = T([[], [], []])          # shape (3, 0)
V = T([1.0, 2.0, 3.0, 4.0])
V4 = T([[1.0, 2.0], [3.0, 4.0]])
X3 = T([[[1.0, 2.0, 0.5], [3.0, -1.0, 2.0]], [[0.0, 1.0, 1.5], [2.5, -0.5, 1.0]]])
TIES = T([3.0, 1.0, 3.0, 2.0])
# isclose edge cases: equal infinities, opposite infinities, NaN, within / outside rtol and atol
CLOSE_A = T([1.0, float("inf"), float("inf"), float("nan"), 100.0, 0.0, 1e-9])
CLOSE_B = T([1.0, float("inf"), float("-inf"), float("nan"), 100.0009, 1e-7, 0.0])
IMG = T([[[[1.0, 2.0, 0.0, 1.0], [0.5, -1.0, 2.0, 3.0], [1.0, 1.0, -2.0, 0.0], [2.0, 0.0, 1.0, -1.0]],
          [[0.0, 1.0, 2.0, 3.0], [1.0, 0.0, -1.0, 2.0], [2.0, 2.0, 1.0, 0.0], [-1.0, 1.0, 0.0, 2.0]]]])
W3 = T([[[[0.5, -1.0, 0.0], [1.0, 0.5, 0.25], [0.0, -0.5, 1.0]],
         [[1.0, 0.0, -1.0], [0.5, 0.5, 0.5], [-0.25, 0.0, 0.75]]]] * 1)
SEQ = T([[[1.0, 0.0, 2.0, -1.0], [0.5, 1.5, -0.5, 0.0], [2.0, 1.0, 0.0, 1.0]]])
W_CONV1 = T([[[1.0, 0.0, -1.0]], [[0.5, 0.5, 0.5]]] * 1)

_UNARY_TORCH = ("abs exp sin cos tan tanh sigmoid relu neg floor ceil round trunc sign erf sinh cosh "
                "atan square").split()
_POS_TORCH = "log log2 log10 log1p sqrt rsqrt reciprocal expm1".split()
_UNIT_TORCH = "asin acos".split()

TORCH_CASES: list = []
for _n in _UNARY_TORCH:
    TORCH_CASES += [(f"torch.{_n}", [X], {}), (f"Tensor.{_n}", [X64], {})]
for _n in _POS_TORCH:
    TORCH_CASES += [(f"torch.{_n}", [POS], {})]
for _n in _UNIT_TORCH:
    TORCH_CASES += [(f"torch.{_n}", [UNIT], {})]
TORCH_CASES += [
    ("torch.abs", [I64], {}), ("torch.neg", [I32], {}), ("torch.sin", [S0], {}), ("torch.exp", [EMPTY], {}),
    ("torch.logical_not", [B], {}), ("torch.bitwise_not", [I64], {}), ("op:__invert__", [B], {}),
    ("torch.isnan", [T([1.0, float("nan"), float("inf")])], {}),
    ("torch.isinf", [T([1.0, float("nan"), float("-inf")])], {}),
    ("torch.isfinite", [T([1.0, float("nan"), float("inf")])], {}),
    ("torch.round", [T([0.5, 1.5, 2.5, -0.5, -1.5])], {}),
    ("torch.clamp", [X], {"min": -1.0, "max": 2.0}), ("torch.clamp", [X, 0.0], {}),
    ("torch.clip", [I64], {"max": 2}), ("Tensor.clamp", [X], {"min": 0.0}),
]
_BIN = ["add", "sub", "mul", "div", "true_divide", "floor_divide", "remainder", "fmod", "pow", "maximum",
        "minimum", "atan2", "eq", "ne", "lt", "le", "gt", "ge"]
for _n in _BIN:
    TORCH_CASES += [(f"torch.{_n}", [X, POS], {})]
TORCH_CASES += [
    ("torch.add", [X, 2], {}), ("torch.add", [I64, 2.5], {}), ("torch.add", [I32, I64], {}),
    ("torch.add", [I32, X], {}), ("torch.mul", [B, I32], {}), ("torch.add", [X, X64], {}),
    ("torch.add", [S0, I64], {}), ("torch.sub", [X, 1], {}),
    # alpha scales ``other`` first (keyword-only)
    ("torch.add", [X, POS], {"alpha": 2}), ("Tensor.add", [T([1.0, 1.0]), 1], {"alpha": 2}),
    ("torch.sub", [X, POS], {"alpha": 0.5}), ("Tensor.sub", [I64, I64], {"alpha": 3}),
    ("torch.subtract", [X, 2.0], {"alpha": -2}), ("Tensor.add", [I64, 2], {"alpha": 2.5}),
    ("Tensor.add_", [T([1.0, -2.0]), T([0.5, 0.5])], {"alpha": 4}),
    ("torch.div", [I64, T([2, 2, 2], "int64")], {}), ("torch.div", [I64, 2], {"rounding_mode": "trunc"}),
    ("torch.div", [I64, 2], {"rounding_mode": "floor"}), ("torch.div", [X, 2.0], {"rounding_mode": "floor"}),
    ("torch.remainder", [T([-3, 3, -4, 5], "int64"), 2], {}), ("torch.fmod", [T([-3, 3, -4, 5], "int64"), 2], {}),
    ("torch.remainder", [T([-3.5, 3.5]), T([2.0, -2.0])], {}), ("torch.fmod", [T([-3.5, 3.5]), T([2.0, -2.0])], {}),
    ("torch.floor_divide", [T([-7, 7], "int64"), 2], {}), ("torch.pow", [I64, 2], {}), ("torch.pow", [POS, 0.5], {}),
    ("op:__add__", [X, POS], {}), ("op:__radd__", [X, 1], {}), ("op:__sub__", [X, 1.5], {}),
    ("op:__rsub__", [X, 1], {}), ("op:__mul__", [I64, 3], {}), ("op:__rmul__", [X, 2], {}),
    ("op:__truediv__", [I64, 2], {}), ("op:__rtruediv__", [POS, 1], {}), ("op:__floordiv__", [I64, 2], {}),
    ("op:__mod__", [T([-3, 3, -4], "int64"), 2], {}), ("op:__mod__", [T([-3.0, 3.0]), -2.0], {}),
    ("op:__rmod__", [T([2, 3], "int64"), 7], {}), ("op:__pow__", [X, 2], {}), ("op:__rpow__", [X, 2], {}),
    ("op:__matmul__", [V4, V4], {}), ("op:__neg__", [X], {}), ("op:__abs__", [I64], {}),
    ("op:__eq__", [X, 0.5], {}), ("op:__lt__", [X, POS], {}), ("op:__ge__", [I64, 0], {}),
    ("op:__and__", [B, T([True, True, False], "bool")], {}), ("op:__or__", [B, False], {}),
    ("op:__xor__", [I64, 3], {}), ("torch.logical_and", [B, B], {}), ("torch.logical_or", [B, X], {}),
    ("torch.logical_xor", [B, I64], {}), ("torch.bitwise_and", [I64, 6], {}), ("torch.bitwise_or", [I64, 6], {}),
    ("torch.bitwise_xor", [I64, I64], {}),
]
# reductions
for _n in ("mean", "sum", "prod", "amax", "amin", "argmax", "argmin", "all", "any", "var", "std", "logsumexp"):
    _x = B if _n in ("all", "any") else X
    if _n == "logsumexp":
        TORCH_CASES += [("torch.logsumexp", [X, 1], {}), ("torch.logsumexp", [X], {"dim": 0, "keepdim": True})]
        continue
    TORCH_CASES += [(f"torch.{_n}", [_x], {}), (f"torch.{_n}", [_x, 1], {}),
                    (f"Tensor.{_n}", [_x], {"dim": 0, "keepdim": True})]
TORCH_CASES += [
    ("torch.sum", [I32], {}), ("torch.sum", [B], {}), ("torch.sum", [X], {"dim": (0, 1)}),
    ("torch.sum", [X, 1], {"dtype": D("float64")}), ("torch.sum", [EMPTY], {}), ("torch.mean", [X64, -1], {}),
    ("torch.mean", [S0], {}), ("torch.prod", [I64, 1], {}), ("torch.var", [ONE], {}), ("torch.var", [S0], {}),
    ("torch.var", [X, 1], {"unbiased": False}), ("torch.var", [X], {"dim": 0, "correction": 0}),
    ("torch.std", [X, 1, False, True], {}), ("torch.std", [X64], {}), ("torch.argmax", [TIES], {}),
    ("torch.argmin", [T([1.0, 0.0, 0.0])], {}), ("torch.argmax", [I64, 0], {}), ("torch.all", [X], {}),
    ("torch.any", [I64, 1], {}), ("torch.cumsum", [X, 1], {}), ("torch.cumsum", [I32, 0], {}),
    ("torch.cumprod", [X, 0], {}), ("torch.norm", [X], {}), ("torch.norm", [X], {"dim": 1}),
    ("torch.norm", [X, 1], {"dim": 1}), ("torch.linalg.norm", [V], {}),
    ("torch.max", [X], {}), ("torch.max", [X, 1], {}), ("torch.max", [X], {"dim": 0, "keepdim": True}),
    ("torch.max", [X, POS], {}), ("torch.min", [X, 1], {}), ("torch.min", [I64], {}),
    ("Tensor.max", [TIES, 0], {}),
]
# shape
TORCH_CASES += [
    ("torch.reshape", [X, (3, 2)], {}), ("torch.reshape", [X, (-1,)], {}), ("Tensor.reshape", [X, 3, 2], {}),
    ("Tensor.view", [X, -1], {}), ("Tensor.view", [X, (1, 6)], {}), ("Tensor.view_as", [X, T([[0.0] * 2] * 3)], {}),
    ("torch.transpose", [X, 0, 1], {}), ("Tensor.transpose", [X3, -1, 0], {}), ("torch.t", [X], {}),
    ("Tensor.t", [V], {}), ("torch.permute", [X3, (2, 0, 1)], {}), ("Tensor.permute", [X3, 1, 2, 0], {}),
    ("torch.unsqueeze", [X, 0], {}), ("Tensor.unsqueeze", [X, -1], {}), ("torch.squeeze", [T([[1.0], [2.0]])], {}),
    ("torch.squeeze", [T([[1.0], [2.0]]), 1], {}), ("torch.squeeze", [X, 0], {}), ("torch.squeeze", [ONE], {}),
    ("torch.flatten", [X3], {}), ("torch.flatten", [X3, 1], {}), ("Tensor.flatten", [X3], {"start_dim": 0, "end_dim": 1}),
    ("torch.broadcast_to", [V, (2, 4)], {}), ("Tensor.expand", [T([[1.0], [2.0]]), 2, 3], {}),
    ("Tensor.expand", [T([[1.0], [2.0]]), -1, 4], {}), ("Tensor.expand_as", [ONE, X], {}),
    ("torch.cat", [[X, POS]], {}), ("torch.cat", [[X, POS], 1], {}), ("torch.cat", [[X, I64]], {"dim": -1}),
    ("torch.cat", [[E03, X.copy() if False else T([[1.0], [2.0], [3.0]])], 1], {}),
    ("torch.concat", [[V, V]], {}), ("torch.stack", [[X, POS]], {}), ("torch.stack", [[X, POS], 2], {}),
    ("torch.stack", [[S0, S0]], {}), ("torch.split", [V, 2], {}), ("torch.split", [X, [1, 2], 1], {}),
    ("torch.split", [T([1.0, 2.0, 3.0, 4.0, 5.0]), 2], {}), ("Tensor.split", [X, 1], {}),
    ("torch.chunk", [T([1.0, 2.0, 3.0, 4.0, 5.0]), 3], {}), ("torch.chunk", [X, 2, 1], {}),
    ("torch.chunk", [T([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), 4], {}), ("torch.unbind", [X], {}),
    ("torch.unbind", [X, 1], {}), ("torch.flip", [X, (0,)], {}), ("torch.flip", [X3, [0, 2]], {}),
    ("torch.roll", [V, 1], {}), ("torch.roll", [X, -1, 1], {}), ("torch.roll", [X, (1, 1), (0, 1)], {}),
    ("torch.tile", [V4, (2,)], {}), ("Tensor.repeat", [V4, 2, 1], {}), ("Tensor.repeat", [V, 2, 2], {}),
    ("torch.repeat_interleave", [V, 2], {}), ("torch.repeat_interleave", [X, 2], {"dim": 0}),
    ("torch.tril", [T([[1.0, 2.0, 3.0]] * 3)], {}), ("torch.triu", [T([[1.0, 2.0, 3.0]] * 3), 1], {}),
    ("torch.tril", [X, -1], {}), ("torch.diag", [V], {}), ("torch.diag", [T([[1.0, 2.0, 3.0]] * 3)], {}),
    ("torch.diag", [V, 1], {}), ("Tensor.unflatten", [T([[1.0] * 6]), 1, (2, 3)], {}),
]
# indexing
TORCH_CASES += [
    ("op:__getitem__", [X, 0], {}), ("op:__getitem__", [X, (slice(None), 1)], {}),
    ("op:__getitem__", [X, (Ellipsis, None)], {}), ("op:__getitem__", [X, (1, slice(0, 3, 2))], {}),
    ("op:__getitem__", [X, T([1, 0], "int64")], {}), ("op:__getitem__", [X, T([[True, False, True],
                                                                               [False, True, False]], "bool")], {}),
    ("op:__getitem__", [V, slice(-2, None)], {}), ("op:__getitem__", [X, -1], {}),
    ("torch.gather", [X, 1, T([[0, 0], [2, 1]], "int64")], {}), ("torch.take", [X, T([0, 5], "int64")], {}),
    ("torch.index_select", [X, 1, T([2, 0], "int64")], {}), ("torch.where", [B, X, POS], {}),
    ("torch.where", [B, X, 0.0], {}), ("Tensor.where", [X, B, POS], {}),
    ("torch.masked_fill", [X, B, 0.0], {}), ("Tensor.masked_fill", [I64, B, -1], {}),
    ("torch.nonzero", [B], {}), ("torch.nonzero", [I64], {"as_tuple": True}),
    ("torch.where", [B], {}), ("torch.where", [I64], {}),
    ("torch.isclose", [CLOSE_A, CLOSE_B], {}), ("torch.isclose", [CLOSE_A, CLOSE_B], {"equal_nan": True}),
    ("Tensor.isclose", [CLOSE_A, CLOSE_B], {"rtol": 0.0, "atol": 0.01}), ("torch.isclose", [I64, I64], {}),
    ("torch.allclose", [X, X], {}), ("torch.allclose", [CLOSE_A, CLOSE_B], {}),
    ("Tensor.allclose", [CLOSE_A, CLOSE_B], {"atol": 1.0, "equal_nan": True}),
    ("torch.sort", [X], {}), ("torch.sort", [X, 0, True], {}), ("torch.argsort", [X, 1], {}),
    ("torch.argsort", [TIES], {"descending": True}), ("torch.topk", [V, 2], {}),
    ("torch.topk", [X, 1], {"dim": 0, "largest": False}), ("torch.scatter", [T([[0.0] * 3] * 2), 1,
                                                                          T([[2], [0]], "int64"), T([[5.0], [6.0]])], {}),
    ("torch.nn.functional.one_hot", [T([0, 2, 1], "int64")], {}),
    ("torch.nn.functional.one_hot", [T([0, 2], "int64"), 4], {}),
]
# creation
TORCH_CASES += [
    ("torch.tensor", [[1.0, 2.0]], {}), ("torch.tensor", [[1, 2]], {}), ("torch.tensor", [[True, False]], {}),
    ("torch.tensor", [3.5], {}), ("torch.tensor", [[1, 2]], {"dtype": D("float32")}),
    ("torch.tensor", [[[1, 2.5]]], {}), ("torch.as_tensor", [[1, 2]], {"dtype": D("float64")}),
    ("torch.zeros", [2, 3], {}), ("torch.zeros", [(2,)], {"dtype": D("int64")}), ("torch.zeros", [[0, 2]], {}),
    ("torch.ones", [3], {}), ("torch.ones", [(1, 2)], {"dtype": D("bool")}), ("torch.empty", [2], {"shape_only": 1}),
    ("torch.full", [(2, 2), 7], {}), ("torch.full", [(2,), 1.5], {}), ("torch.full", [(2,), True], {}),
    ("torch.zeros_like", [I64], {}), ("torch.ones_like", [X], {"dtype": D("float64")}),
    ("torch.full_like", [X, 3], {}), ("torch.arange", [5], {}), ("torch.arange", [1, 4], {}),
    ("torch.arange", [0, 1, 0.25], {}), ("torch.arange", [5.0], {}), ("torch.arange", [0, 5, 2], {"dtype": D("float32")}),
    ("torch.linspace", [0, 1, 5], {}), ("torch.linspace", [-1.0, 1.0], {"steps": 3}), ("torch.eye", [3], {}),
    ("torch.eye", [2, 3], {}), ("torch.eye", [2], {"dtype": D("int64")}),
]
# (values, indices) named tuples: torch.return_types.<name>, fields as attributes
NANS = T([[1.0, float("nan"), 3.0, 0.0], [2.0, 1.0, 4.0, 5.0]])
TORCH_CASES += [
    ("Tensor.max", [X], {"dim": 1, "keepdim": True}), ("torch.min", [X], {"dim": 0}),
    ("Tensor.min", [I64, -1], {}), ("torch.max", [NANS, 1], {}), ("torch.max", [B, 0], {}),
    ("torch.sort", [X, 1], {"descending": True}), ("Tensor.sort", [I64], {}), ("torch.sort", [NANS], {}),
    ("torch.sort", [X], {"dim": 0, "stable": True}), ("Tensor.topk", [X, 2], {}),
    ("torch.topk", [I64, 1], {"dim": 1, "largest": False}), ("torch.topk", [NANS, 2], {}),
    ("torch.median", [X], {}), ("torch.median", [X, 1], {}), ("Tensor.median", [X], {"dim": 0, "keepdim": True}),
    ("torch.median", [I64], {}), ("torch.median", [V], {}), ("torch.median", [NANS], {}),
    ("torch.median", [NANS, 1], {}), ("torch.median", [EMPTY], {}), ("torch.median", [S0, 0], {}),
    ("torch.kthvalue", [X, 2], {}), ("torch.kthvalue", [X, 1, 0], {}), ("Tensor.kthvalue", [X, 3, 1, True], {}),
    ("torch.kthvalue", [I64], {"k": 2, "dim": 1}), ("torch.kthvalue", [NANS, 4], {}), ("torch.kthvalue", [X, 4], {}),
    ("torch.aminmax", [X], {}), ("torch.aminmax", [X], {"dim": 1}), ("Tensor.aminmax", [I64], {"dim": 0, "keepdim": True}),
    ("eval", ["torch.max(torch.tensor([[1.0, 5.0], [3.0, 2.0]]), 1).indices"], {}),
    ("eval", ["torch.sort(torch.tensor([3, 1, 2]), descending=True)[1]"], {}),
    ("eval", ["[t.sum() for t in torch.topk(torch.tensor([1.0, 3.0, 2.0]), 2)]"], {}),
    ("eval", ["repr(torch.max(torch.tensor([[1.5, -2.0], [0.5, 4.0]]), 1))"], {}),
    ("eval", ["repr(torch.median(torch.tensor([[1.5, float('nan')]]), 1))"], {}),
    ("eval", ["torch.min(torch.tensor([[2, 1], [0, 3]]), dim=1, keepdim=True).values"], {}),
]
# torch widens integer and bool sums to int64; cumsum/prod too
TORCH_CASES += [
    ("Tensor.sum", [I32, 1], {}), ("torch.sum", [B, 0], {"keepdim": True}), ("torch.sum", [T([1, 2], "int8")], {}),
    ("torch.sum", [T([1, 200], "uint8")], {}), ("torch.sum", [I32], {"dtype": D("int32")}),
    ("torch.sum", [T([[1, 2]], "int16"), -1], {}), ("Tensor.sum", [B], {}), ("torch.prod", [I32], {}),
    ("torch.prod", [B, 1], {}), ("torch.cumsum", [B, 1], {}), ("torch.cumsum", [T([1, 2], "int8"), 0], {}),
    ("torch.mean", [I64], {}), ("op:__add__", [T([True]), T([True], "bool")], {}),
]
# torch.cat of 0-d tensors: real torch raises; the emulation accepts with a warning (seed's pure_torch)
TORCH_CASES += [
    ("torch.cat", [[S0, S0, S0], -1], {}, {"known_difference": "torch.cat"}),
    ("torch.cat", [[S0, S0]], {}, {"known_difference": "torch.cat"}),
    ("torch.cat", [[S0, ONE]], {}), ("torch.stack", [[S0, S0, S0], -1], {}),
]
TORCH_CASES = [c if len(c) == 4 or "shape_only" not in c[2] else (c[0], c[1], {}, {"shape_only": True})
               for c in TORCH_CASES]
TORCH_CASES += [
    ("torch.rand", [2, 3], {}, {"shape_only": True}), ("torch.randn", [(4,)], {}, {"shape_only": True}),
    ("torch.rand_like", [X], {}, {"shape_only": True}), ("torch.randn_like", [X64], {}, {"shape_only": True}),
    ("torch.randint", [0, 10, (3,)], {}, {"shape_only": True}), ("torch.randint", [5, (2, 2)], {}, {"shape_only": True}),
    ("torch.randperm", [5], {}, {"shape_only": True}), ("torch.normal", [0.0, 1.0, (3,)], {}, {"shape_only": True}),
    ("torch.nn.functional.dropout", [X], {"p": 0.0}), ("torch.nn.functional.dropout", [X, 0.5, False], {}),
    ("torch.nn.functional.dropout", [X], {}, {"shape_only": True}),
]
# linalg + nn functional
_F = "torch.nn.functional."
TORCH_CASES += [
    ("torch.matmul", [X, T([[1.0], [0.5], [-1.0]])], {}), ("torch.matmul", [V, V], {}), ("torch.matmul", [X3, T(
        [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])], {}), ("torch.mm", [V4, V4], {}), ("torch.bmm", [X3, T(
            [[[1.0], [0.0], [2.0]], [[0.5], [0.5], [0.5]]])], {}), ("torch.matmul", [I64, T([[1], [2], [3]], "int64")], {}),
    ("torch.einsum", ["ij,jk->ik", X, T([[1.0], [0.5], [-1.0]])], {}), ("torch.einsum", ["ii", V4], {}),
    ("torch.einsum", ["bij->bji", [X3]], {}), ("torch.outer", [V, T([1.0, -1.0])], {}),
    (_F + "linear", [X, T([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]])], {}),
    (_F + "linear", [X, T([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]]), T([0.1, -0.2])], {}),
    (_F + "relu", [X], {}), (_F + "gelu", [X], {}), (_F + "gelu", [X], {"approximate": "tanh"}),
    (_F + "silu", [X], {}), (_F + "mish", [X], {}), (_F + "sigmoid", [X], {}), (_F + "tanh", [X], {}),
    (_F + "leaky_relu", [X], {}), (_F + "leaky_relu", [X, 0.2], {}), (_F + "elu", [X], {}), (_F + "selu", [X], {}),
    (_F + "hardtanh", [X], {}), (_F + "hardtanh", [X, -0.5, 0.5], {}), (_F + "relu6", [T([-1.0, 3.0, 7.0])], {}),
    (_F + "hardsigmoid", [X], {}), (_F + "hardswish", [X], {}), (_F + "softplus", [X], {}),
    (_F + "softplus", [X], {"beta": 2, "threshold": 1}),
    (_F + "softmax", [X, 1], {}), (_F + "softmax", [X], {"dim": 0}), (_F + "softmax", [V], {}),
    (_F + "softmax", [X], {}), (_F + "softmax", [X3], {}), (_F + "log_softmax", [X, -1], {}),
    (_F + "log_softmax", [X3], {}), ("torch.softmax", [X, 0], {}), ("Tensor.softmax", [X, -1], {}),
    ("torch.log_softmax", [X, 1], {}),
    (_F + "conv2d", [IMG, W3], {}), (_F + "conv2d", [IMG, W3, T([0.5])], {"padding": 1}),
    (_F + "conv2d", [IMG, W3], {"stride": 2, "padding": 1}), (_F + "conv2d", [IMG, W3], {"dilation": 2, "padding": 2}),
    (_F + "conv2d", [IMG, T([[[[1.0, -1.0]]], [[[0.5, 0.5]]]])], {"groups": 2}),
    (_F + "conv1d", [SEQ, T([[[1.0, 0.0, -1.0]] * 3, [[0.5, 0.5, 0.5]] * 3])], {}),
    (_F + "conv1d", [SEQ, T([[[1.0, 0.0, -1.0]] * 3])], {"padding": 1, "stride": 2}),
    (_F + "conv_transpose2d", [IMG, T([[[[1.0, 0.5], [0.0, -1.0]]], [[[0.5, 0.5], [1.0, 0.0]]]])], {}),
    (_F + "conv_transpose2d", [IMG, T([[[[1.0, 0.5], [0.0, -1.0]]], [[[0.5, 0.5], [1.0, 0.0]]]])],
     {"stride": 2, "padding": 1, "output_padding": 1}),
    (_F + "max_pool2d", [IMG, 2], {}), (_F + "max_pool2d", [IMG, 3], {"stride": 1, "padding": 1}),
    (_F + "max_pool2d", [IMG, 3, 2], {"ceil_mode": True}), (_F + "avg_pool2d", [IMG, 2], {}),
    (_F + "avg_pool2d", [IMG, 3, 2, 1], {"ceil_mode": True, "count_include_pad": False}),
    (_F + "avg_pool2d", [IMG, 2, 3, 1], {"ceil_mode": True}), (_F + "max_pool2d", [IMG, 2, 3, 1], {"ceil_mode": True}),
    (_F + "avg_pool2d", [IMG, 3], {"stride": 1, "padding": 1}),
    (_F + "avg_pool2d", [IMG, 3], {"stride": 1, "padding": 1, "count_include_pad": False}),
    (_F + "max_pool1d", [SEQ, 2], {}), (_F + "avg_pool1d", [SEQ, 2], {}),
    (_F + "adaptive_avg_pool2d", [IMG, 1], {}), (_F + "adaptive_avg_pool2d", [IMG, (3, 2)], {}),
    (_F + "adaptive_max_pool2d", [IMG, 2], {}), (_F + "adaptive_avg_pool1d", [SEQ, 3], {}),
    (_F + "interpolate", [IMG], {"scale_factor": 2}), (_F + "interpolate", [IMG], {"size": (3, 5)}),
    (_F + "interpolate", [IMG], {"scale_factor": 2, "mode": "bilinear", "align_corners": False}),
    (_F + "interpolate", [IMG], {"size": (3, 3), "mode": "bilinear", "align_corners": True}),
    (_F + "embedding", [T([[0, 2], [1, 1]], "int64"), T([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])], {}),
    (_F + "layer_norm", [X, (3,)], {}), (_F + "layer_norm", [X3, (2, 3)], {}),
    (_F + "layer_norm", [X, [3], T([1.0, 2.0, 0.5]), T([0.0, 0.1, -0.1])], {"eps": 1e-3}),
    (_F + "batch_norm", [X, T([0.0, 1.0, -1.0]), T([1.0, 2.0, 0.5])], {}),
    (_F + "batch_norm", [IMG, T([0.0, 1.0]), T([1.0, 2.0]), T([1.0, 0.5]), T([0.0, 1.0])], {}),
    (_F + "batch_norm", [X, None, None], {"training": True}),
    (_F + "group_norm", [IMG, 2], {}), (_F + "group_norm", [IMG, 1, T([1.0, 2.0]), T([0.5, 0.0])], {}),
    (_F + "instance_norm", [IMG], {}), (_F + "pixel_shuffle", [T([[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]), 2], {}),
    (_F + "pad", [X, (1, 2)], {}), (_F + "pad", [X, (1, 1, 0, 1)], {"value": -1.0}),
    (_F + "pad", [IMG, (1, 1, 1, 1)], {"mode": "reflect"}), (_F + "pad", [IMG, (1, 0, 2, 1)], {"mode": "replicate"}),
    (_F + "pad", [X, (-1, 1)], {}),
    (_F + "cross_entropy", [X, T([2, 1], "int64")], {}),
    (_F + "cross_entropy", [X, T([2, 1], "int64")], {"reduction": "sum", "label_smoothing": 0.1}),
    (_F + "cross_entropy", [X, T([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])], {}),
    # ignore_index: ignored targets give 0; 'mean' divides by the others (label smoothing too)
    (_F + "cross_entropy", [X, T([2, -100], "int64")], {}),
    (_F + "cross_entropy", [X, T([2, -100], "int64")], {"reduction": "none", "label_smoothing": 0.1}),
    (_F + "cross_entropy", [X, T([0, 1], "int64")], {"ignore_index": 1, "reduction": "sum"}),
    (_F + "cross_entropy", [X, T([0, 1], "int64")], {"ignore_index": 0, "label_smoothing": 0.2}),
    (_F + "cross_entropy", [X3, T([[1, -100, 1], [0, 1, -100]], "int64")], {"reduction": "none"}),
    (_F + "cross_entropy", [X3, T([[1, -100, 1], [0, 1, -100]], "int64")], {"label_smoothing": 0.1}),
    ("eval", ["torch.from_numpy(np.array([[1.5, 2.0], [3.0, -1.0]]))"], {}),
    ("eval", ["[torch.tensor([1.0]).type(), torch.tensor([1]).type(), torch.tensor([True]).type()]"], {}),
    ("eval", ["torch.tensor([1.5, -2.0]).type('torch.IntTensor')"], {}),
    ("eval", ["torch.tensor([1.5, -2.0]).type(dtype=torch.float64)"], {}),
    ("eval", ["torch.from_numpy(np.array([1, 2], dtype=np.int32)).dtype"], {}),
    # class weights: 'mean' over index targets divides by the summed weights of the kept targets
    (_F + "cross_entropy", [X, T([2, 0], "int64")], {"weight": T([0.5, 2.0, 1.5])}),
    (_F + "cross_entropy", [X, T([2, -100], "int64")], {"weight": T([0.5, 2.0, 1.5]), "label_smoothing": 0.2}),
    (_F + "cross_entropy", [X3, T([[1, -100, 1], [0, 1, -100]], "int64")],
     {"weight": T([2.0, 0.5]), "reduction": "none"}),
    (_F + "cross_entropy", [X, T([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])], {"weight": T([0.5, 2.0, 1.5]),
                                                                         "label_smoothing": 0.1}),
    (_F + "nll_loss", [X, T([2, 1], "int64")], {"weight": T([0.5, 2.0, 1.5]), "ignore_index": 1}),
    (_F + "nll_loss", [X, T([2, 1], "int64")], {"ignore_index": 2, "reduction": "sum"}),
    (_F + "mse_loss", [X, POS], {}), (_F + "mse_loss", [X, POS], {"reduction": "none"}),
    (_F + "nll_loss", [X, T([2, 1], "int64")], {}), (_F + "nll_loss", [X, T([0, 2], "int64")], {"reduction": "sum"}),
    (_F + "nll_loss", [X3, T([[1, 0, 1], [0, 1, 1]], "int64")], {"reduction": "none"}),
    (_F + "binary_cross_entropy", [T([[0.2, 0.9, 0.5], [1.0, 0.0, 0.3]]), T([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])], {}),
    (_F + "binary_cross_entropy", [T([[0.2, 0.9, 0.5], [0.0, 1.0, 0.3]]), T([[0.0, 1.0, 0.5], [1.0, 0.0, 0.0]])],
     {"reduction": "none"}),
    (_F + "binary_cross_entropy_with_logits", [X, T([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])], {}),
    (_F + "binary_cross_entropy_with_logits", [X, T([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])],
     {"reduction": "sum", "pos_weight": T([2.0, 1.0, 0.5])}),
    (_F + "l1_loss", [X, POS], {}), (_F + "l1_loss", [X, POS], {"reduction": "none"}),
    (_F + "smooth_l1_loss", [X, POS], {}), (_F + "smooth_l1_loss", [X, UNIT], {"reduction": "sum", "beta": 0.5}),
    ("eval", ["torch.nn.NLLLoss(reduction='sum')(F.log_softmax(torch.tensor([[1.5, -2.0], [0.5, 4.0]]), 1), "
              "torch.tensor([1, 0]))"], {}),
    ("eval", ["torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(3.0))(torch.tensor([1.5, -2.0, 0.5]), "
              "torch.tensor([1.0, 0.0, 1.0]))"], {}),
    ("eval", ["torch.nn.SmoothL1Loss(beta=2.0)(torch.tensor([1.5, -2.0, 0.5]), torch.tensor([1.0, 0.0, 4.0]))"], {}),
    ("eval", ["torch.nn.BCELoss()(torch.tensor([0.25, 0.75]), torch.tensor([0.0, 1.0]))"], {}),
    ("eval", ["torch.nn.CrossEntropyLoss(ignore_index=2, label_smoothing=0.1)(torch.tensor([[1.5, -2.0, 0.5], "
              "[0.5, 4.0, 1.0], [2.0, 0.0, -1.0]]), torch.tensor([2, 1, 0]))"], {}),
    ("eval", ["torch.nn.CrossEntropyLoss(reduction='none')(torch.tensor([[1.5, -2.0], [0.5, 4.0]]), "
              "torch.tensor([-100, 0]))"], {}),
    ("eval", ["torch.nn.L1Loss(reduction='sum')(torch.tensor([1.5, -2.0]), torch.tensor([1.0, 0.0]))"], {}),
    (_F + "normalize", [X], {}), (_F + "normalize", [X], {"p": 1.0, "dim": 0}),
    ("Tensor.float", [I64], {}), ("Tensor.double", [X], {}), ("Tensor.long", [X], {}), ("Tensor.int", [X], {}),
    ("Tensor.bool", [X], {}), ("Tensor.half", [X], {}), ("Tensor.to", [I64, D("float32")], {}),
    ("Tensor.to", [X], {"dtype": D("int32")}), ("Tensor.type", [X, D("float64")], {}),
]

# methods that mirror a golden function: the first function case, with the receiver as input
_MIRROR = """acos add argsort asin atan2 bitwise_and bitwise_not bitwise_or bitwise_xor bmm broadcast_to chunk
clip cumprod cumsum diag div eq expm1 flip floor_divide fmod gather ge gt index_select isfinite isinf isnan le log
log10 log1p log2 log_softmax logical_and logical_not logical_or logical_xor logsumexp lt matmul maximum minimum mm
mul ne nonzero norm outer pow reciprocal remainder repeat_interleave roll rsqrt scatter sqrt squeeze sub tile tril
triu true_divide unbind""".split()
_FIRST = {}
for _c in TORCH_CASES:
    _FIRST.setdefault(_c[0], _c)
TORCH_CASES += [(f"Tensor.{_n}",) + _FIRST[f"torch.{_n}"][1:] for _n in _MIRROR]
# aliases: the same numbers under another name
_ALIASES = {"absolute": ("abs", X), "arccos": ("acos", UNIT), "arcsin": ("asin", UNIT), "arctan": ("atan", X),
            "fix": ("trunc", X), "negative": ("neg", X)}
for _n, (_same, _x) in _ALIASES.items():
    TORCH_CASES += [(f"torch.{_n}", [_x], {}), (f"Tensor.{_n}", [_x], {})]
for _n in "arctan2 divide multiply subtract greater greater_equal less less_equal not_equal".split():
    TORCH_CASES += [(f"torch.{_n}", [X, POS], {}), (f"Tensor.{_n}", [POS, X], {})]
TORCH_CASES += [
    ("op:__gt__", [X, 0.5], {}), ("op:__le__", [I64, 0], {}), ("op:__ne__", [X, POS], {}),
    ("op:__rand__", [B, True], {}), ("op:__ror__", [I64, 8], {}), ("op:__rxor__", [I64, 5], {}),
    ("op:__rfloordiv__", [POS, 7], {}), ("op:__rmatmul__", [V4, T([[1.0, 0.5], [2.0, -1.0]])], {}),
    ("Tensor.reshape_as", [X, T([[0.0, 0.0]] * 3)], {}),
    ("torch.swapaxes", [X3, 0, 2], {}), ("Tensor.swapdims", [X3, 1, -1], {}), ("Tensor.swapaxes", [X, 0, 1], {}),
    ("torch.swapdims", [X, 1, 0], {}), ("Tensor.short", [X], {}), ("Tensor.char", [I64], {}),
    ("Tensor.byte", [T([1.5, 200.0, 3.0])], {}), ("Tensor.bfloat16", [X], {}), ("torch.ger", [V, V], {}),
    ("torch.pixel_shuffle", [T([[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]), 2], {}),
    ("torch.nn.functional.adaptive_max_pool1d", [SEQ, 2], {}),
    ("torch.nn.functional.conv_transpose1d", [SEQ, T([[[1.0, 0.5]], [[0.0, -1.0]], [[0.5, 0.5]]])], {"stride": 2}),
    ("torch.conv1d", [SEQ, T([[[1.0, 0.0, -1.0]] * 3])], {}), ("torch.conv2d", [IMG, W3], {"padding": 1}),
    ("torch.empty_like", [X], {}, {"shape_only": True}), ("torch.asarray", [[1, 2]], {}),
]

# --- numpy ------------------------------------------------------------------------------------------
NX = T([[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]], "float64")
NPOS = T([[0.5, 1.0, 2.0], [3.0, 0.25, 4.0]], "float64")
NF32 = T([[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]], "float32")
NI = T([[3, -7, 2], [0, 5, -1]], "int64")
NI32 = T([[3, -7, 2], [0, 5, -1]], "int32")
NB = T([[True, False, True], [False, False, True]], "bool")
NV = T([1.0, 2.0, 3.0, 4.0], "float64")
NM = T([[1.0, 2.0], [3.0, 4.0]], "float64")
N3 = T([[[1.0, 2.0, 0.5], [3.0, -1.0, 2.0]], [[0.0, 1.0, 1.5], [2.5, -0.5, 1.0]]], "float64")

NUMPY_CASES: list = []
for _n in ("absolute abs exp sin cos tan tanh floor ceil trunc sign negative arctan sinh cosh "
           "square").split():
    NUMPY_CASES += [(f"numpy.{_n}", [NX], {})]
for _n in "log log2 log10 log1p sqrt reciprocal expm1".split():
    NUMPY_CASES += [(f"numpy.{_n}", [NPOS], {})]
NUMPY_CASES += [
    ("numpy.arcsin", [T([0.1, -0.5, 0.9], "float64")], {}), ("numpy.arccos", [T([0.1, -0.5], "float64")], {}),
    ("numpy.exp", [NF32], {}), ("numpy.exp", [NI], {}), ("numpy.sqrt", [[1.0, 4.0]], {}), ("numpy.exp", [0.5], {}),
    ("numpy.logical_not", [NB], {}), ("numpy.invert", [NI], {}), ("numpy.isnan", [[1.0, float("nan")]], {}),
    ("numpy.isinf", [[1.0, float("inf")]], {}), ("numpy.isfinite", [[1.0, float("inf")]], {}),
    ("numpy.round", [[0.5, 1.5, 2.5, -0.5]], {}), ("numpy.round", [NX, 1], {}), ("numpy.around", [NX], {}),
    ("numpy.clip", [NX, -1.0, 2.0], {}), ("numpy.clip", [NI, 0, None], {}), ("ndarray.clip", [NX, None, 1], {}),
]
for _n in ("add subtract multiply divide true_divide floor_divide remainder mod fmod power maximum minimum "
           "arctan2 equal not_equal less less_equal greater greater_equal").split():
    NUMPY_CASES += [(f"numpy.{_n}", [NX, NPOS], {})]
NUMPY_CASES += [
    ("numpy.add", [NI, 2.5], {}), ("numpy.add", [NI32, NF32], {}), ("numpy.add", [NF32, 2.5], {}),
    ("numpy.add", [NI32, NI], {}), ("numpy.divide", [NI, NI], {}), ("numpy.divide", [NI32, 2], {}),
    ("numpy.multiply", [NB, NB], {}), ("numpy.add", [[1, 2], [3, 4]], {}),
    ("numpy.remainder", [[-3, 3, -4], 2], {}), ("numpy.fmod", [[-3, 3, -4], 2], {}),
    ("numpy.floor_divide", [[-7, 7], 2], {}), ("numpy.power", [NI, 2], {}),
    ("numpy.logical_and", [NB, NB], {}), ("numpy.logical_or", [NB, NX], {}), ("numpy.logical_xor", [NB, NB], {}),
    ("numpy.bitwise_and", [NI, 6], {}), ("numpy.bitwise_or", [NI, 6], {}), ("numpy.bitwise_xor", [NI, NI], {}),
    ("op:__add__", [NX, 1], {}), ("op:__radd__", [NX, 1], {}), ("op:__sub__", [NI, 1.5], {}),
    ("op:__rsub__", [NX, 1], {}), ("op:__mul__", [NI, 3], {}), ("op:__truediv__", [NI, 2], {}),
    ("op:__rtruediv__", [NPOS, 1], {}), ("op:__floordiv__", [NI, 2], {}), ("op:__mod__", [NI, -2], {}),
    ("op:__pow__", [NX, 2], {}), ("op:__matmul__", [NM, NM], {}), ("op:__neg__", [NX], {}),
    ("op:__lt__", [NX, NPOS], {}), ("op:__eq__", [NI, 0], {}), ("op:__and__", [NB, True], {}),
    ("op:__invert__", [NB], {}), ("op:__abs__", [NI], {}), ("op:__rmul__", [NF32, 2.0], {}),
]
for _n in ("sum", "mean", "prod", "max", "min", "amax", "amin", "argmax", "argmin", "var", "std", "all", "any"):
    _x = NB if _n in ("all", "any") else NX
    NUMPY_CASES += [(f"numpy.{_n}", [_x], {}), (f"numpy.{_n}", [_x, 1], {})]
    if _n not in ("amax", "amin"):
        NUMPY_CASES += [(f"ndarray.{_n}", [_x], {"axis": 0, "keepdims": True})]
NUMPY_CASES += [
    ("numpy.sum", [NI32], {}), ("numpy.sum", [NB], {}), ("numpy.sum", [NF32, 0], {}), ("numpy.sum", [[1, 2, 3]], {}),
    ("numpy.sum", [NX], {"axis": (0, 1)}), ("numpy.mean", [NI], {}), ("numpy.mean", [NF32], {}),
    ("numpy.var", [NX], {"ddof": 1}), ("numpy.var", [[3.0]], {}), ("numpy.std", [NX, 0], {"ddof": 1}),
    ("numpy.argmax", [T([3.0, 1.0, 3.0], "float64")], {}), ("numpy.argmax", [NI, 0], {}),
    ("numpy.cumsum", [NX], {}), ("numpy.cumsum", [NI32, 1], {}), ("numpy.cumprod", [NX, 0], {}),
    ("numpy.linalg.norm", [NX], {}), ("numpy.linalg.norm", [NV], {"ord": 1}), ("numpy.linalg.norm", [NX], {"axis": 1}),
    ("numpy.reshape", [NX, (3, 2)], {}), ("ndarray.reshape", [NX, 3, 2], {}), ("ndarray.reshape", [NX, (-1,)], {}),
    ("numpy.transpose", [N3], {}), ("numpy.transpose", [N3, (1, 0, 2)], {}), ("ndarray.transpose", [N3, 2, 0, 1], {}),
    ("numpy.swapaxes", [N3, 0, 2], {}), ("numpy.moveaxis", [N3, 0, -1], {}), ("numpy.expand_dims", [NX, 1], {}),
    ("numpy.squeeze", [[[1.0], [2.0]]], {}), ("numpy.broadcast_to", [NV, (2, 4)], {}), ("numpy.ravel", [NX], {}),
    ("ndarray.flatten", [N3], {}), ("numpy.concatenate", [[NX, NPOS]], {}), ("numpy.concatenate", [[NX, NI], 1], {}),
    ("numpy.stack", [[NX, NPOS]], {}), ("numpy.stack", [[NX, NPOS]], {"axis": -1}), ("numpy.vstack", [[NV, NV]], {}),
    ("numpy.hstack", [[NV, NV]], {}), ("numpy.hstack", [[NX, NPOS]], {}), ("numpy.split", [NV, 2], {}),
    ("numpy.split", [NV, [1, 3]], {}), ("numpy.split", [NX, 3, 1], {}), ("numpy.array_split", [T([1, 2, 3, 4, 5], "int64"), 3], {}),
    ("numpy.flip", [NX], {}), ("numpy.flip", [NX, 1], {}), ("numpy.roll", [NV, 1], {}), ("numpy.roll", [NX, -1, 1], {}),
    ("numpy.tile", [NM, 2], {}), ("numpy.tile", [NV, (2, 1)], {}), ("numpy.repeat", [NV, 2], {}),
    ("numpy.repeat", [NM, 2], {"axis": 0}), ("numpy.pad", [NX, 1], {}), ("numpy.pad", [NX, ((1, 0), (0, 2))], {}),
    ("numpy.pad", [NV, (2, 1)], {"constant_values": -1.0}), ("numpy.pad", [NM, 1], {"mode": "reflect"}),
    ("numpy.pad", [NM, 1], {"mode": "edge"}), ("numpy.tril", [NX], {}), ("numpy.triu", [NX, 1], {}),
    ("numpy.diag", [NV], {}), ("numpy.diag", [NM], {}),
    ("op:__getitem__", [NX, 0], {}), ("op:__getitem__", [NX, (slice(None), 1)], {}),
    ("op:__getitem__", [NX, (Ellipsis, None)], {}), ("op:__getitem__", [NX, T([1, 0], "int64")], {}),
    ("op:__getitem__", [NX, NB], {}), ("op:__getitem__", [NX, (0, -1)], {}),
    ("numpy.take", [NX, [0, 5]], {}), ("numpy.take", [NX, [2, 0], 1], {}),
    ("numpy.take_along_axis", [NX, T([[0, 0], [2, 1]], "int64"), 1], {}), ("numpy.where", [NB, NX, NPOS], {}),
    ("numpy.where", [NB, NX, 0.0], {}), ("numpy.where", [NB], {}), ("numpy.nonzero", [NI], {}),
    ("numpy.isclose", [T([1.0, float("inf"), float("inf"), float("nan"), 100.0, 0.0], "float64"),
                       T([1.0, float("inf"), float("-inf"), float("nan"), 100.0009, 1e-7], "float64")], {}),
    ("numpy.isclose", [NX, NPOS], {"atol": 2.0}), ("numpy.allclose", [NX, NX], {}),
    ("numpy.allclose", [T([1.0, float("nan")], "float64"), T([1.0, float("nan")], "float64")], {"equal_nan": True}),
    ("numpy.sort", [NX], {}), ("numpy.sort", [NX, 0], {}), ("numpy.argsort", [NX], {}),
    ("numpy.argsort", [T([3.0, 1.0, 3.0, 2.0], "float64")], {}),
    ("numpy.array", [[1.0, 2.0]], {}), ("numpy.array", [[1, 2]], {}), ("numpy.array", [[True, False]], {}),
    ("numpy.array", [[1, 2]], {"dtype": D("float32")}), ("numpy.array", [3.5], {}), ("numpy.asarray", [[[1, 2.5]]], {}),
    ("numpy.zeros", [(2, 3)], {}), ("numpy.zeros", [3], {"dtype": D("int32")}), ("numpy.ones", [(2,)], {}),
    ("numpy.ones", [2], {"dtype": D("bool")}), ("numpy.full", [(2, 2), 7], {}), ("numpy.full", [(2,), 1.5], {}),
    ("numpy.zeros_like", [NI], {}), ("numpy.ones_like", [NX], {"dtype": D("float32")}), ("numpy.full_like", [NX, 3], {}),
    ("numpy.arange", [5], {}), ("numpy.arange", [1, 4], {}), ("numpy.arange", [0, 1, 0.25], {}),
    ("numpy.arange", [5.0], {}), ("numpy.linspace", [0, 1, 5], {}), ("numpy.linspace", [0, 1], {"num": 4, "endpoint": False}),
    ("numpy.eye", [3], {}), ("numpy.eye", [2, 3], {}), ("numpy.empty", [(2,)], {}, {"shape_only": True}),
    ("ndarray.astype", [NX, D("int64")], {}), ("ndarray.astype", [NI, D("float32")], {}),
    ("numpy.dot", [NM, NM], {}), ("numpy.dot", [NV, NV], {}), ("numpy.matmul", [NX, T([[1.0], [0.5], [-1.0]], "float64")], {}),
    ("numpy.matmul", [N3, NM[:0] if False else T([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], "float64")], {}),
    ("numpy.einsum", ["ij,jk->ik", NM, NM], {}), ("numpy.einsum", ["ii", NM], {}), ("numpy.outer", [NV, [1.0, -1.0]], {}),
    ("numpy.random.rand", [2, 3], {}, {"shape_only": True}), ("numpy.random.randn", [4], {}, {"shape_only": True}),
    ("numpy.random.random", [(2, 2)], {}, {"shape_only": True}),
    ("numpy.random.uniform", [0.0, 1.0, (3,)], {}, {"shape_only": True}),
    ("numpy.random.normal", [], {"size": (2, 2)}, {"shape_only": True}),
    ("numpy.random.randint", [0, 10, (3,)], {}, {"shape_only": True}),
    ("numpy.random.randint", [5], {"size": 4}, {"shape_only": True}),
    ("numpy.random.permutation", [5], {}, {"shape_only": True}),
]

# numpy 1.24 scalars and dtypes as converted code uses them
NUMPY_CASES += [
    ("numpy.result_type", [D("float32"), D("int64")], {}), ("numpy.result_type", ["float32", "float64"], {}),
    ("numpy.result_type", [NI32, 1.5], {}), ("numpy.result_type", [NF32, 2.0], {}),
    ("numpy.result_type", [NF32, NI], {}), ("numpy.result_type", [1, 2.0], {}),
    ("numpy.result_type", [D("bool"), D("int8")], {}), ("numpy.result_type", [E("np.dtype('int8')"), "uint8"], {}),
    ("numpy.result_type", [E("np.float32(1)"), 2], {}), ("numpy.result_type", [NF32, E("np.float64(1)")], {}),
    ("numpy.result_type", [NI32, D("float32")], {}), ("numpy.result_type", [NB, 1], {}),
    ("numpy.promote_types", [D("int32"), D("float32")], {}), ("numpy.promote_types", ["int8", "uint8"], {}),
    ("numpy.can_cast", [D("int32"), D("float64")], {}), ("numpy.can_cast", [D("float64"), D("float32")], {}),
    ("numpy.can_cast", [D("float64"), D("float32")], {"casting": "same_kind"}),
    ("numpy.issubdtype", [D("float32"), E("np.floating")], {}), ("numpy.issubdtype", [D("int32"), E("np.floating")], {}),
    ("numpy.issubdtype", [E("np.dtype('int8')"), E("np.integer")], {}), ("numpy.issubdtype", [D("uint8"), E("np.signedinteger")], {}),
    ("numpy.issubdtype", [D("float64"), E("np.number")], {}),
    ("numpy.dtype", ["float32"], {}), ("numpy.dtype", ["f4"], {}), ("numpy.dtype", [D("float64")], {}),
    ("numpy.dtype", ["int"], {}), ("numpy.dtype", ["i8"], {}), ("numpy.dtype", [float], {}), ("numpy.dtype", [bool], {}),
    ("numpy.float32", [3], {}), ("numpy.float32", [[1, 2]], {}), ("numpy.int64", [3.9], {}), ("numpy.float64", [2.5], {}),
    ("numpy.bool_", [1], {}), ("numpy.int32", [E("np.float32(7.5)")], {}),
    ("numpy.meshgrid", [[1, 2, 3], [4.0, 5.0]], {}), ("numpy.meshgrid", [NV, [1, 2]], {"indexing": "ij"}),
    ("numpy.meshgrid", [[1, 2], [3, 4, 5], [6.5]], {}), ("numpy.meshgrid", [[1, 2], [3, 4, 5], [6, 7]], {"indexing": "ij"}),
    ("numpy.meshgrid", [NM], {}),
] + [("eval", [e], {}) for e in (
    "np.float32(3.5) * 2", "np.float32(3.5) + 1.5", "np.int32(5) // 2", "np.int64(7) / 2", "np.float32(2) ** 2",
    "np.float32(2) * np.array([1.0, 2.0], dtype=np.float32)", "np.float32(2) * np.array([1.0, 2.0])",
    "np.array(2.0, dtype=np.float32) * 2", "np.array([2.0], dtype=np.float32) * 2", "np.float32(2) + True",
    "np.bool_(True) + 1", "np.float64(2) * np.array([1, 2], dtype=np.int32)", "np.float32(1.5) + np.float64(1)",
    "np.int32(2) + np.int64(3)", "np.int8(3) + 1", "round(np.float32(2.567), 2)", "round(np.float64(2.5))",
    "np.sqrt(np.float32(2))", "np.exp(2.0)", "np.float32(2.5).astype(np.int32)", "np.sum(np.array([1, 2], dtype=np.int32))",
    "np.mean(np.array([1, 2], dtype=np.int32))", "np.float32(1) == 1.0", "np.float32(2) < 3",
    "np.array(np.float32(2)).dtype", "np.array([1, 2], dtype='f4')", "np.zeros(2, dtype='i8')",
    "np.arange(3, dtype=np.float32)", "np.dtype('float32').itemsize", "np.dtype(np.int32).kind", "str(np.dtype('float32'))",
    "repr(np.dtype('float32'))", "repr(np.float32(2.57))", "repr(np.float32(0.1))", "np.dtype('float32') == np.float32",
    "np.dtype('float64').name", "repr(np.array([2.57, 0.1], dtype=np.float32))", "np.finfo(np.float32).eps",
    "np.finfo(np.float64).max", "np.finfo('float32').tiny", "np.iinfo(np.int32).max", "np.iinfo(np.int8).min",
    "np.iinfo('uint8').max", "isinstance(np.float32(1), np.floating)", "isinstance(np.int64(1), np.integer)",
    "isinstance(np.float64(1), np.integer)", "type(np.float32(1) * 2).__name__", "type(np.exp(1.0)).__name__",
    "np.float32(2).dtype", "np.float32(2).item()", "np.int64(3).item()",
)]
NUMPY_CASES += [
    ("op:__ge__", [NX, 0.5], {}), ("op:__gt__", [NI, NI32], {}), ("op:__le__", [NX, NPOS], {}),
    ("op:__ne__", [NI, 0], {}), ("op:__or__", [NB, NB], {}), ("op:__rand__", [NB, True], {}),
    ("op:__rfloordiv__", [NPOS, 7], {}), ("op:__rmatmul__", [NM, T([[1.0, 0.5], [2.0, -1.0]], "float64")], {}),
    ("op:__rmod__", [T([2, 3], "int64"), 7], {}), ("op:__ror__", [NI, 8], {}), ("op:__rpow__", [NX, 2], {}),
    ("op:__rxor__", [NI, 5], {}), ("op:__xor__", [NB, NB], {}),
    ("ndarray.argsort", [NX, 0], {}),
    ("ndarray.cumprod", [NX], {}), ("ndarray.cumsum", [NI32, 1], {}), ("ndarray.dot", [NM, NM], {}),
    ("ndarray.nonzero", [NI], {}), ("ndarray.ravel", [N3], {}), ("ndarray.repeat", [NV, 2], {}),
    ("ndarray.round", [NX, 1], {}), ("ndarray.squeeze", [T([[1.0], [2.0]], "float64")], {}),
    ("ndarray.swapaxes", [N3, 0, 2], {}), ("ndarray.take", [NX, [0, 5]], {}), ("numpy.bitwise_not", [NI], {}),
    ("numpy.fix", [T([-1.5, 2.7, -0.2], "float64")], {}), ("numpy.empty_like", [NX], {}, {"shape_only": True}),
    ("numpy.random.random_sample", [(2, 2)], {}, {"shape_only": True}),
]

# a dtype equals the Python type np.dtype() maps it from (code checks mask.dtype == bool)
NUMPY_CASES += [("eval", [e], {}) for e in (
    "np.array([1.0, 2.0]).dtype == float", "np.array([1, 2]).dtype == int", "(np.arange(3) < 2).dtype == bool",
    "np.ones(2, np.float32).dtype == float", "np.ones(2, np.int32).dtype == int", "np.ones(2).dtype == bool")]

# nn.Transformer* modules (weights from golden_calls.seeded); (L, N, E) = (3, 2, 4) unless batch_first
_SRC = "torch.sin(torch.arange(24.0).reshape(3, 2, 4))"
_TGT = "torch.cos(torch.arange(16.0).reshape(2, 2, 4))"
_CAUSAL = "torch.triu(torch.ones(3, 3, dtype=torch.bool), 1)"
_PAD = "torch.tensor([[False, False, True], [False, False, False]])"
_ENC = "torch.nn.TransformerEncoderLayer(4, 2, 8"
TORCH_CASES += [("eval", [e], {}) for e in (
    f"seeded({_ENC}))({_SRC})",
    f"seeded({_ENC}, activation='gelu', norm_first=True))({_SRC})",
    f"seeded({_ENC}, activation=torch.tanh, layer_norm_eps=1e-3))({_SRC})",
    f"seeded({_ENC}, batch_first=True))({_SRC}.transpose(0, 1), src_key_padding_mask={_PAD})",
    f"seeded({_ENC}))({_SRC}, src_mask={_CAUSAL}, src_key_padding_mask={_PAD})",
    f"seeded({_ENC}))({_SRC}, src_mask=torch.sin(torch.arange(9.0)).reshape(3, 3))",
    f"seeded(torch.nn.TransformerEncoder({_ENC}), 2, norm=torch.nn.LayerNorm(4)))({_SRC}, mask={_CAUSAL})",
    f"seeded(torch.nn.TransformerEncoder({_ENC}), 2))({_SRC}, src_key_padding_mask={_PAD})",
    f"list(torch.nn.TransformerEncoder({_ENC}), 2, norm=torch.nn.LayerNorm(4)).state_dict())",
    f"seeded(torch.nn.TransformerDecoderLayer(4, 2, 8))({_TGT}, {_SRC})",
    f"seeded(torch.nn.TransformerDecoderLayer(4, 2, 8, norm_first=True, activation='gelu'))({_TGT}, {_SRC}, "
    f"tgt_mask=torch.triu(torch.ones(2, 2, dtype=torch.bool), 1), memory_key_padding_mask={_PAD})",
    f"seeded(torch.nn.Transformer(4, 2, 1, 2, 8))({_SRC}, {_TGT})",
    f"list(torch.nn.Transformer(4, 2, 1, 1, 8).state_dict())",
    "torch.nn.Transformer.generate_square_subsequent_mask(3)",
)]
TORCH_CASES += [("eval", [e], {}) for e in (
    "torch.meshgrid(torch.arange(3), torch.tensor([1.5, 2.5]), indexing='xy')",
    "torch.meshgrid([torch.arange(3), torch.arange(2)], indexing='ij')",
    "torch.meshgrid(torch.arange(2), torch.arange(3), torch.arange(2))",
    "torch.zeros(2, 3).fill_(2.5)", "torch.tensor([1.7, -2.2]).type(torch.int64)",
)]

# PReLU (one or per-channel slopes) and InstanceNorm with running statistics (training blends them in,
# eval normalises with them)
_IN_IMG = "torch.sin(torch.arange(24.0).reshape(2, 2, 2, 3))"
TORCH_CASES += [(_F + "prelu", [IMG, T([0.25])], {}), (_F + "prelu", [IMG, T([0.1, -0.5])], {}),
                ("torch.prelu", [X, T([0.2])], {})]
TORCH_CASES += [("eval", [e], {}) for e in (
    f"torch.nn.PReLU()({_IN_IMG})", f"seeded(torch.nn.PReLU(2))({_IN_IMG})",
    f"torch.nn.PReLU(3, init=0.1)({_IN_IMG}.reshape(2, 3, 4))", "list(torch.nn.PReLU(4).state_dict())",
    f"(lambda m: (m({_IN_IMG}), m.running_mean, m.running_var, m.num_batches_tracked, m.eval()({_IN_IMG})))("
    f"seeded(torch.nn.InstanceNorm2d(2, affine=True, track_running_stats=True)).train())",
    f"(lambda m: (m({_IN_IMG}[0]), m.running_var, m.eval()({_IN_IMG}[1])))("
    f"torch.nn.InstanceNorm1d(2, momentum=0.5, track_running_stats=True))",
    f"torch.nn.InstanceNorm2d(2, track_running_stats=True).eval()({_IN_IMG})",
)]
# bernoulli draws with probabilities 0 and 1 are deterministic: dtype, shape and values compare
TORCH_CASES += [("eval", [e], {}) for e in (
    "torch.bernoulli(torch.tensor([[0.0, 1.0], [1.0, 0.0]]))", "torch.tensor([1.0, 0.0], dtype=torch.float64).bernoulli()",
    "torch.zeros(2, 3, dtype=torch.float64).bernoulli_(1.0)", "torch.ones(3).bernoulli_(torch.tensor([0.0, 1.0, 0.0]))",
    "torch.ones(2, 2).bernoulli_(0.0)",
)]
# narrow (a view along one axis, negative dims from the end), copy_ (src's values in the receiver's
# dtype), ger, and in-place initialisers with degenerate ranges (deterministic draws)
TORCH_CASES += [("eval", [e], {}) for e in (
    "torch.arange(24.0).reshape(2, 3, 4).narrow(1, 1, 2)", "torch.narrow(torch.arange(24.0).reshape(2, 3, 4), -1, 1, 3)",
    "torch.zeros(2, 2, dtype=torch.float64).copy_(torch.tensor([[1.5, -2.0], [3.0, 4.25]]))",
    "torch.zeros(2, 2, dtype=torch.int64).copy_(torch.tensor([[1.5, -2.7], [3.0, 4.25]]))",
    "torch.tensor([1.0, 2.0]).ger(torch.tensor([3.0, -1.0, 0.5]))",
    "torch.arange(24.0).reshape(2, 3, 4)[:, torch.tensor([0, 2, 2]), torch.tensor([1, -1, 0])]",
    "torch.arange(24.0).reshape(2, 3, 4)[:, torch.tensor([[0], [2]]), torch.tensor([[1], [3]])]",
    "torch.zeros(2, 3).uniform_(0.5, 0.5)", "torch.zeros(3, dtype=torch.float64).normal_(2.0, 0.0)",
)]
# torch.distributions as policy-gradient code uses them (one-hot probs make sample deterministic)
TORCH_CASES += [("eval", [e], {}) for e in (
    "torch.distributions.Categorical(torch.tensor([[0.2, 0.3, 0.5], [1.0, 1.0, 2.0]])).log_prob(torch.tensor([2, 0]))",
    "torch.distributions.Categorical(torch.tensor([[0.2, 0.3, 0.5], [1.0, 1.0, 2.0]])).entropy()",
    "torch.distributions.Categorical(logits=torch.tensor([0.5, -1.0, 2.0])).probs",
    "torch.distributions.Categorical(logits=torch.tensor([0.5, -1.0, 2.0])).log_prob(torch.tensor(1))",
    "torch.distributions.Categorical(torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])).sample()",
    "torch.distributions.Categorical(torch.tensor([0.0, 0.0, 1.0])).sample((2, 2))",
    "torch.distributions.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 0.5])).log_prob(torch.tensor([0.3, -1.0]))",
    "torch.distributions.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 0.5])).entropy()",
    "torch.distributions.Normal(torch.tensor([2.0, 1.0]), 0.5).mean",
)]
# EmbeddingBag: 1-D input with offsets (an empty bag, include_last_offset), 2-D input, padding_idx
# left out of a bag (and of its mean's count), per-sample weights in sum mode, max mode
_BAG_IDS = "torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])"
TORCH_CASES += [("eval", [e], {}) for e in (
    f"seeded(torch.nn.EmbeddingBag(10, 3))({_BAG_IDS}, torch.tensor([0, 4]))",
    f"seeded(torch.nn.EmbeddingBag(10, 3, mode='sum'))({_BAG_IDS}, torch.tensor([0, 3, 3]))",
    f"seeded(torch.nn.EmbeddingBag(10, 3, mode='max'))({_BAG_IDS}, torch.tensor([0, 2, 5]))",
    f"seeded(torch.nn.EmbeddingBag(10, 3, mode='sum', include_last_offset=True))({_BAG_IDS}, torch.tensor([0, 2, 5, 7]))",
    "seeded(torch.nn.EmbeddingBag(10, 2, mode='mean', padding_idx=2))(torch.tensor([[2, 2, 1], [3, 2, 4]]))",
    f"seeded(torch.nn.EmbeddingBag(10, 3, mode='sum'))({_BAG_IDS}, torch.tensor([0, 5]), "
    "torch.tensor([0.5, 1.0, -2.0, 1.5, 0.25, 1.0, 3.0, -1.0]))",
    "seeded(torch.nn.EmbeddingBag(10, 3))(torch.tensor([1, 2]), torch.tensor([0, 1])).shape",
)]
# a float size is refused where it is given (channels computed with ``/``), not later
TORCH_CASES += [("torch.zeros", [(2, 3.0)], {}), ("torch.empty", [2.0], {}), ("eval", ["torch.nn.Conv2d(4, 2.0, 1)"], {})]
NUMPY_CASES += [("numpy.zeros", [(2, 3.0)], {}), ("numpy.ones", [(2.0,)], {})]

CASES = {"torch": TORCH_CASES, "numpy": NUMPY_CASES}

# Whole scripts: name -> (source, expression). scripts/gen_golden.py runs each with real torch and
# stores the expression's value (nested lists) in fixtures/golden_scripts.json; the tests run the
# source on the emulated torch and its conversion on every target against those values.
_TRAIN_BN_SCRIPT = '''
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(3, momentum=0.2)
        self.drop = nn.Dropout(p=0.0)
        self.fc = nn.Linear(3, 4)
        self.bn1 = nn.BatchNorm1d(4)

    def forward(self, x):
        h = self.drop(torch.relu(self.bn(self.conv(x))))
        return self.bn1(self.fc(h.mean(dim=(2, 3))))


net = Net()
net.load_state_dict({
    "conv.weight": torch.sin(torch.arange(54.0)).reshape(3, 2, 3, 3),
    "fc.weight": torch.cos(torch.arange(12.0)).reshape(4, 3),
    "fc.bias": torch.tensor([0.1, -0.2, 0.3, 0.0]),
}, strict=False)
x = torch.sin(torch.arange(100.0) * 0.7).reshape(2, 2, 5, 5)
train_out = [net(x * (k + 1)) for k in range(3)]
net.eval()
eval_out = net(x)
stats = [t.clone() for t in (net.bn.running_mean, net.bn.running_var, net.bn1.running_mean, net.bn1.running_var)]
net.train()
again = [net(x), net.bn.running_var]
'''
_TRAIN_BN3D_SCRIPT = '''
import torch
from torch import nn

bn = nn.BatchNorm3d(2, eps=1e-3, momentum=0.5)
seq = nn.BatchNorm1d(3, affine=False)
cumulative = nn.BatchNorm2d(2, momentum=None)
v = torch.cos(torch.arange(48.0)).reshape(2, 2, 2, 3, 2)
s = torch.sin(torch.arange(24.0) * 1.3).reshape(2, 3, 4)
first = [bn(v), bn(v * 2.0 - 1.0), seq(s), seq(s + 1.0)]
first += [cumulative(v[0]), cumulative(v[1] * 3.0), cumulative(v[0] + 1.0)]
bn.eval()
seq.eval()
cumulative.eval()
after = [bn(v), seq(s), bn.running_mean, bn.running_var, seq.running_mean, seq.running_var]
after += [cumulative(v[1]), cumulative.running_mean, cumulative.running_var]
'''
_TRAIN_INSTANCE_NORM_SCRIPT = '''
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.InstanceNorm2d(2, affine=True, track_running_stats=True, momentum=0.3)

    def forward(self, x):
        return self.norm(x) * 2.0


net = Net()
x = torch.sin(torch.arange(24.0)).reshape(2, 2, 2, 3)
first = [net(x), net(x * 2.0 + 1.0)]
net.eval()
after = [net(x), net.norm.running_mean, net.norm.running_var]
'''
# F.batch_norm in a module's forward with register_buffer'd running stats: torch updates them in place
_FUNCTIONAL_BN_SCRIPT = '''
import torch
import torch.nn as nn
import torch.nn.functional as F


class StatsNorm(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.bias = nn.Parameter(torch.zeros(n))
        self.register_buffer("running_mean", torch.zeros(n))
        self.register_buffer("running_var", torch.ones(n))

    def forward(self, x):
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                            self.training, 0.2, 1e-5)


norm = StatsNorm(2)
x = torch.sin(torch.arange(12.0)).reshape(3, 2, 2)
first = [norm(x), norm(x * 2.0)]
norm.eval()
after = [norm(x), norm.running_mean, norm.running_var]
'''
# F.multi_head_attention_forward as CLIP's attention pooling calls it: packed or separate projection
# weights, key padding and float attention masks, per-head or averaged weights, an unbatched query
_MHA_FORWARD_SCRIPT = '''
import torch
import torch.nn.functional as F

E, H = 4, 2
w = torch.sin(torch.arange(48.0) * 0.37).reshape(12, 4) * 0.5
b = torch.cos(torch.arange(12.0)) * 0.1
ow = torch.cos(torch.arange(16.0) * 0.21).reshape(4, 4) * 0.5
ob = torch.sin(torch.arange(4.0)) * 0.1
q = torch.sin(torch.arange(24.0) * 0.3).reshape(3, 2, 4)
kv = torch.cos(torch.arange(40.0) * 0.17).reshape(5, 2, 4)
packed, avg = F.multi_head_attention_forward(q, kv, kv, E, H, w, b, None, None, False, 0.0, ow, ob, training=False)
pad = torch.tensor([[False, False, False, True, True], [False, False, False, False, False]])
mask = torch.triu(torch.full((3, 5), float("-inf")), diagonal=3)
masked, per_head = F.multi_head_attention_forward(
    q, kv, kv, E, H, w, b, None, None, False, 0.0, ow, ob, training=False, key_padding_mask=pad,
    attn_mask=mask, average_attn_weights=False)
separate, _ = F.multi_head_attention_forward(
    query=q, key=kv, value=kv, embed_dim_to_check=E, num_heads=H, in_proj_weight=None, in_proj_bias=b,
    bias_k=None, bias_v=None, add_zero_attn=False, dropout_p=0.0, out_proj_weight=ow, out_proj_bias=ob,
    use_separate_proj_weight=True, q_proj_weight=w[:4], k_proj_weight=w[4:8], v_proj_weight=w[8:],
    training=False, need_weights=False)
single, single_w = F.multi_head_attention_forward(q[:, 0], kv[:, 0], kv[:, 0], E, H, w, b, None, None, False, 0.0,
                                                  ow, None, training=False)
'''
SCRIPTS = {
    "train_mode_batchnorm": (_TRAIN_BN_SCRIPT, "[train_out, eval_out, stats, again]"),
    "multi_head_attention_forward": (_MHA_FORWARD_SCRIPT, "[packed, avg, masked, per_head, separate, single, single_w]"),
    "train_mode_batchnorm3d": (_TRAIN_BN3D_SCRIPT, "[first, after]"),
    "train_mode_instance_norm": (_TRAIN_INSTANCE_NORM_SCRIPT, "[first, after]"),
    "functional_batch_norm_buffers": (_FUNCTIONAL_BN_SCRIPT, "[first, after]"),
}
