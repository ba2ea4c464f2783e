"""``ivy.Module``, ``ivy.Linear``, ``ivy.Sequential``.

Parameters are plain attributes holding arrays, found by walking ``__dict__``,
so a subclass may create its layers before or after ``super().__init__()``
(the seed's Network does it after).
"""
from __future__ import annotations

import math
from typing import Any, Iterator

from .. import core
from .. import tracer as _tracer


class Module:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.__dict__.setdefault("_tg_graph", None)
        self.__dict__.setdefault("training", True)

    def _forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define _forward")

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self._forward(*args, **kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        graph = self.__dict__.get("_tg_graph")
        if graph is not None and graph.accepts(args, kwargs):
            return graph(*args, **kwargs)
        with _tracer.module_scope(self):
            return self._forward(*args, **kwargs)

    # --- structure -------------------------------------------------------------
    def _children(self) -> Iterator[tuple[str, "Module"]]:
        for name, v in self.__dict__.items():
            if isinstance(v, Module):
                yield name, v
            elif isinstance(v, (list, tuple)):
                for i, e in enumerate(v):
                    if isinstance(e, Module):
                        yield f"{name}.{i}", e

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, "Module"]]:
        yield prefix, self
        for name, m in self._children():
            yield from m.named_modules(f"{prefix}.{name}" if prefix else name)

    def named_parameters(self) -> Iterator[tuple[str, Any]]:
        for path, m in self.named_modules():
            for name, v in m.__dict__.items():
                if isinstance(v, core.TensorBase):
                    yield (f"{path}.{name}" if path else name), v

    def parameters(self) -> list:
        return [p for _, p in self.named_parameters()]

    @property
    def v(self) -> dict:
        """The variables, by dotted path (ivy keeps them in a Container)."""
        return dict(self.named_parameters())

    def train(self, mode: bool = True) -> "Module":
        for _, m in self.named_modules():
            m.training = mode
        return self

    def eval(self) -> "Module":
        return self.train(False)

    # --- tracing -----------------------------------------------------------------
    def trace_graph(self, *args: Any, **kwargs: Any):
        """Trace ``_forward`` on ``args``; later calls with matching inputs replay it."""
        from . import _backend_for, _unwrap
        tensors: list = []
        for a in list(args) + list(kwargs.values()):
            _unwrap(a, tensors)
        self.__dict__["_tg_graph"] = None
        graph = _tracer.trace(self._forward, *args, backend=_backend_for(tensors), **kwargs)
        self.__dict__["_tg_graph"] = graph
        return graph


class Linear(Module):
    """y = x @ w + b. ``w`` is stored (in, out), so the forward pass is one matmul
    and one add (ivy keeps (out, in) and calls its ``linear``)."""

    def __init__(self, input_channels: int, output_channels: int, with_bias: bool = True,
                 device: Any = None, dtype: Any = None, **kwargs: Any) -> None:
        from . import random_uniform, zeros
        bound = math.sqrt(6.0 / (input_channels + output_channels))   # Glorot uniform, as ivy
        self.w = random_uniform(-bound, bound, (input_channels, output_channels))
        self.b = zeros((output_channels,)) if with_bias else None
        self.input_channels = input_channels
        self.output_channels = output_channels
        super().__init__()

    def _forward(self, x: Any) -> Any:
        from . import add, matmul
        y = matmul(x, self.w)
        return add(y, self.b) if self.b is not None else y


class Sequential(Module):
    def __init__(self, *modules: Module, **kwargs: Any) -> None:
        self.layers = list(modules)
        super().__init__()

    def _forward(self, x: Any) -> Any:
        for m in self.layers:
            x = m(x)
        return x
