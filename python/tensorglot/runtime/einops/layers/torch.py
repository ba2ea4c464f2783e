"""einops.layers.torch: Rearrange and Reduce as torch.nn.Module layers (no parameters)."""
from __future__ import annotations

from ...torch import nn
from .. import _run, reduce as _reduce_check  # noqa: F401


class Rearrange(nn.Module):
    def __init__(self, pattern: str, **axes_lengths):
        super().__init__()
        self.pattern, self.axes_lengths = pattern, axes_lengths

    def forward(self, x):
        return _run(x, self.pattern, None, self.axes_lengths)

    def extra_repr(self) -> str:
        extra = "".join(f", {k}={v}" for k, v in self.axes_lengths.items())
        return f"{self.pattern!r}{extra}"


class Reduce(nn.Module):
    def __init__(self, pattern: str, reduction: str, **axes_lengths):
        super().__init__()
        self.pattern, self.reduction, self.axes_lengths = pattern, reduction, axes_lengths

    def forward(self, x):
        return _run(x, self.pattern, self.reduction, self.axes_lengths)

    def extra_repr(self) -> str:
        extra = "".join(f", {k}={v}" for k, v in self.axes_lengths.items())
        return f"{self.pattern!r}, {self.reduction!r}{extra}"
