"""Size limits of the pure-Python engine.

The engine stores every element in a Python ``array.array`` inside a browser tab,
so a tensor of 10^8 elements would take seconds to fill and hundreds of MB: it is
refused up front with a message that says why, instead of freezing the worker.
"""
from __future__ import annotations

#: 2^24 elements: 64 MB of float32, filled in about a second in Pyodide.
MAX_ELEMENTS = 1 << 24


class TensorTooLargeError(MemoryError):
    """A tensor bigger than the in-browser engine can hold."""


def check_size(shape: tuple) -> tuple:
    n = 1
    for d in shape:
        if d < 0:
            raise ValueError(f"negative dimension {d} in shape {shape}")
        n *= d
    if n > MAX_ELEMENTS:
        raise TensorTooLargeError(
            f"a tensor of shape {shape} has {n:,} elements; Tensorglot's in-browser engine holds at most "
            f"{MAX_ELEMENTS:,} elements per tensor (pure Python): use smaller shapes to try the code here")
    return shape
