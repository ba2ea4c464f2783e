"""Dtypes, storage typecodes and the four frameworks' type-promotion rules.

Promotion (``result_type(a, b, policy)``); ``a``/``b`` are dtype names or the
weak Python-scalar markers ``'pyint'``, ``'pyfloat'``, ``'pybool'``:

=========================  ========  ==========  ========  ==========
case                       torch     numpy 1.24  jax       tensorflow
=========================  ========  ==========  ========  ==========
int32 + float32            float32   float64     float32   TypeError
int64 + float32            float32   float64     float32*  TypeError
int16 + float32            float32   float32     float32   TypeError
int8 + float16             float16   float16     float16   TypeError
uint8 + int8               int16     int16       int16     TypeError
float16 + bfloat16         float32   (float32)   float32   TypeError
int32 tensor + 2.5         float32   float64     float32   TypeError
float16 tensor + 2.5       float16   float16     float16   float16
int8 tensor + 3            int8      int8        int8      int8
bool tensor + 3            int64     int64       int32     TypeError
pyint + pyint              int64     int64       int32     int32
pyfloat + pyint            float32   float64     float32   float32
=========================  ========  ==========  ========  ==========

``*`` JAX runs with x64 disabled: 64-bit results are canonicalised to 32-bit.
Sources: torch docs "Type promotion" (torch.result_type: a Python scalar only
changes the result when its category is higher, and then the result is the
default dtype of that category); numpy 1.24 legacy value-based casting
(NEP 50 not yet active: ``np.result_type``/``np.promote_types``; a Python int
scalar is assumed to fit the array's dtype); JAX "Type promotion semantics"
lattice (b1 -> i* -> u8/i8 ..., i* -> f* -> bf16/f16 -> f32 -> f64, integers
join floats at the float); TensorFlow "no implicit casting": two tensors of
different dtypes raise, a Python scalar is converted to the tensor's dtype
(and raises when it cannot be, e.g. 2.5 to int32).
"""
from __future__ import annotations

from contextlib import contextmanager

DTYPES = ("float16", "bfloat16", "float32", "float64",
          "int8", "int16", "int32", "int64", "uint8", "bool")

#: array.array typecode of each dtype's flat storage; float16/bfloat16 are kept
#: as float32 storage holding values already rounded to the narrower format.
TYPECODE = {"float16": "f", "bfloat16": "f", "float32": "f", "float64": "d",
            "int8": "b", "int16": "h", "int32": "i", "int64": "q",
            "uint8": "B", "bool": "B"}

FLOATS = frozenset({"float16", "bfloat16", "float32", "float64"})
INTS = frozenset({"int8", "int16", "int32", "int64", "uint8"})
SIGNED_BITS = {"int8": 8, "int16": 16, "int32": 32, "int64": 64}
ITEMSIZE = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8, "int8": 1,
            "int16": 2, "int32": 4, "int64": 8, "uint8": 1, "bool": 1}

POLICIES = ("torch", "numpy", "jax", "tensorflow")
WEAK = {"pybool": "bool", "pyint": "int", "pyfloat": "float"}
#: numpy's dtype for a Python scalar where value-based casting does not apply
STRONG = {"pybool": "bool", "pyint": "int64", "pyfloat": "float64"}
_CATEGORY = {"bool": 0, "int": 1, "float": 2}

DEFAULT_INT = {"torch": "int64", "numpy": "int64", "jax": "int32", "tensorflow": "int32"}
DEFAULT_FLOAT = {"torch": "float32", "numpy": "float64", "jax": "float32", "tensorflow": "float32"}

_policy = "torch"


def get_policy() -> str:
    return _policy


@contextmanager
def promotion_policy(policy: str):
    """Run a block under a framework's promotion rules (a swapped module global)."""
    global _policy
    if policy not in POLICIES:
        raise ValueError(f"unknown promotion policy {policy!r}; expected one of {POLICIES}")
    saved, _policy = _policy, policy
    try:
        yield policy
    finally:
        _policy = saved


def set_policy(policy: str) -> None:
    global _policy
    if policy not in POLICIES:
        raise ValueError(f"unknown promotion policy {policy!r}")
    _policy = policy


def category(dtype: str) -> str:
    if dtype in WEAK:
        return WEAK[dtype]
    if dtype == "bool":
        return "bool"
    return "float" if dtype in FLOATS else "int"


def is_float(dtype: str) -> bool:
    return dtype in FLOATS


def is_int(dtype: str) -> bool:
    return dtype in INTS


def check_dtype(dtype: str) -> str:
    if dtype not in TYPECODE:
        raise TypeError(f"unknown dtype {dtype!r}; expected one of {', '.join(DTYPES)}")
    return dtype


# --- the array-array lattice shared by torch and numpy for ints and bool ---------
def _int_join(a: str, b: str) -> str:
    if a == b:
        return a
    if a == "bool":
        return b
    if b == "bool":
        return a
    if "uint8" in (a, b):
        other = b if a == "uint8" else a
        return {"int8": "int16", "int16": "int16", "int32": "int32", "int64": "int64"}[other]
    return a if SIGNED_BITS[a] >= SIGNED_BITS[b] else b


def _float_join(a: str, b: str) -> str:
    if a == b:
        return a
    if {a, b} == {"float16", "bfloat16"}:
        return "float32"
    order = ("float16", "bfloat16", "float32", "float64")
    return a if order.index(a) >= order.index(b) else b


def _torch_arrays(a: str, b: str) -> str:
    fa, fb = a in FLOATS, b in FLOATS
    if fa and fb:
        return _float_join(a, b)
    if fa:
        return a
    if fb:
        return b
    return _int_join(a, b)


# numpy's promote_types for int + float: the smallest float that holds the int exactly
_NP_INT_FLOAT = {"bool": "float16", "int8": "float16", "uint8": "float16",
                 "int16": "float32", "int32": "float64", "int64": "float64"}


def _numpy_arrays(a: str, b: str) -> str:
    fa, fb = a in FLOATS, b in FLOATS
    if fa and fb:
        return _float_join(a, b)
    if fa or fb:
        f, i = (a, b) if fa else (b, a)
        if f == "bfloat16":
            f = "float32"
        return _float_join(f, _NP_INT_FLOAT[i])
    return _int_join(a, b)


def _jax_arrays(a: str, b: str) -> str:
    return _torch_arrays(a, b)  # same lattice for strong types: int + float -> that float


def _canon_jax(d: str) -> str:
    return {"int64": "int32", "float64": "float32"}.get(d, d)


def _weak_scalars(a: str, b: str, policy: str) -> str:
    cat = max(_CATEGORY[WEAK[a]], _CATEGORY[WEAK[b]])
    if cat == 0:
        return "bool"
    return (DEFAULT_INT if cat == 1 else DEFAULT_FLOAT)[policy]


def result_type(a: str, b: str, policy: str | None = None) -> str:
    """Dtype of a binary op on operands of dtypes ``a`` and ``b`` under ``policy``."""
    policy = policy or _policy
    wa, wb = a in WEAK, b in WEAK
    if wa and wb:
        return _weak_scalars(a, b, policy)
    if wa or wb:
        scalar, strong = (a, b) if wa else (b, a)
        scat, tcat = _CATEGORY[WEAK[scalar]], _CATEGORY[category(strong)]
        if policy == "tensorflow":
            # the scalar is converted to the tensor's dtype; only int -> float is allowed across kinds
            if scat != tcat and not (scat == 1 and tcat == 2):
                raise TypeError(f"Cannot convert a Python {WEAK[scalar]} to a tensor of dtype {strong}")
            return strong
        if scat <= tcat:
            return _canon_jax(strong) if policy == "jax" else strong
        if policy == "numpy":
            # legacy rule: a higher-category scalar keeps its own dtype (int64 / float64)
            return _numpy_arrays(strong, "int64" if scat == 1 else "float64")
        return (DEFAULT_INT if scat == 1 else DEFAULT_FLOAT)[policy]
    check_dtype(a)
    check_dtype(b)
    if policy == "tensorflow":
        if a != b:
            raise TypeError(f"tensorflow does no implicit type promotion: cannot combine "
                            f"a {a} tensor with a {b} tensor (cast one with tf.cast)")
        return a
    if policy == "numpy":
        return _numpy_arrays(a, b)
    if policy == "jax":
        return _canon_jax(_jax_arrays(a, b))
    if policy == "torch":
        return _torch_arrays(a, b)
    raise ValueError(f"unknown promotion policy {policy!r}")


def result_type_nd(a: str, a_ndim: int, b: str, b_ndim: int, policy: str | None = None) -> str:
    """result_type for two arrays, honouring torch's and numpy 1.24's rule that a 0-d
    array next to a dimensioned one acts like a scalar: it only matters when its category
    is higher (torch: the result is then the 0-d operand's dtype, so int32 tensor +
    0-d int64 -> int32 but int32 tensor + 0-d float64 -> float64; numpy: the ordinary
    promotion of the two). JAX and TensorFlow have no such rule."""
    policy = policy or _policy
    if policy in ("torch", "numpy") and (a_ndim == 0) != (b_ndim == 0):
        zero, dim = (a, b) if a_ndim == 0 else (b, a)
        if _CATEGORY[category(zero)] <= _CATEGORY[category(dim)]:
            return dim
        if policy == "torch":
            return zero
    return result_type(a, b, policy)


_SAFE = {
    "bool": set(DTYPES),
    "uint8": {"uint8", "int16", "int32", "int64", "float16", "float32", "float64", "bfloat16"},
    "int8": {"int8", "int16", "int32", "int64", "float16", "float32", "float64", "bfloat16"},
    "int16": {"int16", "int32", "int64", "float32", "float64"},
    "int32": {"int32", "int64", "float64"},
    "int64": {"int64", "float64"},
    "float16": {"float16", "float32", "float64"},
    "bfloat16": {"bfloat16", "float32", "float64"},
    "float32": {"float32", "float64"},
    "float64": {"float64"},
}


def can_cast(from_dtype: str, to_dtype: str, casting: str = "safe") -> bool:
    """numpy.can_cast for canonical dtypes ('no', 'equiv', 'safe', 'same_kind', 'unsafe')."""
    check_dtype(from_dtype)
    check_dtype(to_dtype)
    if casting in ("no", "equiv"):
        return from_dtype == to_dtype
    if casting == "unsafe":
        return True
    if to_dtype in _SAFE[from_dtype]:
        return True
    if casting == "same_kind":
        return _CATEGORY[category(from_dtype)] <= _CATEGORY[category(to_dtype)]
    return False


def scalar_kind(value) -> str:
    """The weak marker of a Python scalar ('pybool', 'pyint', 'pyfloat')."""
    if isinstance(value, bool):
        return "pybool"
    if isinstance(value, int):
        return "pyint"
    if isinstance(value, float):
        return "pyfloat"
    raise TypeError(f"not a Python scalar: {type(value).__name__}")
