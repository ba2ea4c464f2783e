"""``ivy.Array``: a backend tensor in an ivy wrapper.

It is a ``TensorBase`` whose ``_a``/``_fw`` are its backend tensor's, so
native framework functions accept it (the seed's ``mix`` passes ivy arrays to
``torch.sum``). The tracer sees through it via ``_tg_inner``/``_tg_wrap``.
"""
from __future__ import annotations

from typing import Any

from ..core import TensorBase


class Array(TensorBase):
    __slots__ = ("_data",)

    def __init__(self, data: Any) -> None:
        if isinstance(data, Array):
            data = data._data
        if not isinstance(data, TensorBase):
            from . import asarray
            data = asarray(data)._data
        self._data = data

    @classmethod
    def _tg_wrap(cls, t: Any) -> "Array":
        a = cls.__new__(cls)
        a._data = t
        return a

    @property
    def _tg_inner(self) -> Any:
        return self._data

    # the backend tensor's engine array and framework (read through: in-place
    # backend ops that rebind the tensor's storage stay visible)
    @property
    def _a(self):
        return self._data._a

    @property
    def _fw(self):
        return self._data._fw

    @property
    def data(self) -> Any:
        return self._data

    @property
    def shape(self) -> tuple:
        return tuple(self._data._a.shape)

    @property
    def ndim(self) -> int:
        return len(self._data._a.shape)

    @property
    def size(self) -> int:
        n = 1
        for s in self._data._a.shape:
            n *= s
        return n

    @property
    def dtype(self) -> str:
        return self._data._a.dtype

    @property
    def backend(self) -> str:
        return self._data._fw.name

    def to_native(self) -> Any:
        return self._data

    def to_list(self):
        return self._data._a.tolist()

    def __repr__(self) -> str:
        return f"ivy.array({self._data._a.tolist()})"

    def __getitem__(self, index: Any) -> "Array":
        return Array._tg_wrap(self._data[index])

    def __getattr__(self, name: str) -> Any:
        # anything ivy.Array does not define: the backend tensor's attribute
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._data, name)

    __hash__ = object.__hash__


def _install_operators(ns: dict) -> None:
    """Arithmetic dunders and methods dispatch to the ivy functions (so to the backend)."""
    binary = {"add": "add", "sub": "subtract", "mul": "multiply", "truediv": "divide",
              "pow": "pow", "matmul": "matmul"}
    for dunder, fname in binary.items():
        f = ns[fname]
        setattr(Array, f"__{dunder}__", (lambda f: lambda self, o: f(self, o))(f))
        setattr(Array, f"__r{dunder}__", (lambda f: lambda self, o: f(o, self))(f))
    for dunder, fname in {"lt": "less", "gt": "greater"}.items():
        f = ns[fname]
        setattr(Array, f"__{dunder}__", (lambda f: lambda self, o: f(self, o))(f))
    Array.__neg__ = lambda self: ns["negative"](self)
    Array.__abs__ = lambda self: ns["abs"](self)
    # methods: every ivy function whose first parameter is the array
    from .table import IVY_BINDINGS
    for name, b in IVY_BINDINGS.items():
        first = next(iter(b.signature.parameters), None)
        if first in ("x", "x1") and name not in Array.__dict__:
            setattr(Array, name, ns[name])
