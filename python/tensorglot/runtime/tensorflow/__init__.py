"""Emulated ``tensorflow`` (TF 2.x eager) for the Tensorglot sandbox.

Functions come from the tensorflow binding table (tensorglot/frameworks/
tensorflow.py) through core.make_function, or from hooks (_hooks.py) where TF
semantics need code. What is here beyond the table: tensor and shape helpers
(tf.shape, tf.size, tf.rank, tf.identity, tf.stop_gradient), tf.Variable,
tf.function (runs the Python function eagerly) and an inert tf.GradientTape.
"""
from __future__ import annotations

import builtins as _builtins

from ..core import UnsupportedAPI, public
from ...ops import impl as _I
from ._base import (DTYPE_ATTRS, FW, EagerTensor, InvalidArgumentError, ResourceVariable,
                    Tensor, TensorShape, TFDType as DType, Variable, as_dtype)
from ._install import install

__version__ = "2.15.0"

globals().update(DTYPE_ATTRS)
newaxis = None

install(globals(), "tf", methods=True)

from . import (bitwise, dtypes, errors, experimental, image, linalg, math, nn, random)  # noqa: E402


def is_tensor(x) -> bool:
    return isinstance(x, Tensor)


@public("tf.shape")
def shape(input, out_type="int32", name=None):
    a = FW.to_array(input)
    return FW.wrap(_I.asarray(list(a.shape), FW.canon_dtype(out_type)))


@public("tf.size")
def size(input, out_type="int32", name=None):
    a = FW.to_array(input)
    return FW.wrap(_I.asarray(a.size, FW.canon_dtype(out_type)))


@public("tf.rank")
def rank(input, name=None):
    return FW.wrap(_I.asarray(FW.to_array(input).ndim, "int32"))


@public("tf.meshgrid")
def meshgrid(*args, **kwargs):
    """tf.meshgrid(*tensors, indexing='xy', name=None): a list of N-D grids."""
    indexing = kwargs.pop("indexing", "xy")
    kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"tf.meshgrid: unexpected keyword arguments {sorted(kwargs)}")
    from .._emulate import meshgrid_arrays
    return [FW.wrap(g) for g in meshgrid_arrays([FW.to_array(a) for a in args], indexing)]


@public("tf.identity")
def identity(input, name=None):
    return FW.wrap(FW.to_array(input).copy())


@public("tf.stop_gradient")
def stop_gradient(input, name=None):
    return FW.wrap(FW.to_array(input))


def executing_eagerly() -> bool:
    return True


def print(*inputs, output_stream=None, summarize=3, sep=" ", end="\n", name=None):  # noqa: A001
    """tf.print: prints tensors by value (not their repr)."""
    parts = [str(t.numpy()) if isinstance(t, Tensor) else str(t) for t in inputs]
    _builtins.print(*parts, sep=sep, end=end)


def function(func=None, input_signature=None, autograph=True, jit_compile=None,
             reduce_retracing=False, experimental_implements=None,
             experimental_autograph_options=None, experimental_attributes=None,
             experimental_relax_shapes=None, experimental_compile=None,
             experimental_follow_type_hints=None):
    """tf.function: the emulation runs eagerly, so the function itself is returned
    (``jit_compile`` and signatures are accepted and ignored)."""
    if func is None:
        return lambda f: f
    return func


class GradientTape:
    """Inert: records nothing (the emulation has no autodiff)."""

    def __init__(self, persistent=False, watch_accessed_variables=True) -> None:
        self.persistent = persistent

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def watch(self, tensor) -> None:
        pass

    def gradient(self, *args, **kwargs):
        raise UnsupportedAPI("tf.GradientTape.gradient is not supported by Tensorglot's "
                             "tensorflow emulation (no autodiff)")


from . import keras  # noqa: E402  (keras uses the functions above)
