"""jax.numpy (emulated): numpy's API, 32-bit defaults, immutable arrays."""
import math as _math

from .._base import DTYPE_ATTRS, Array as ndarray, FW as _FW, JDType as dtype  # noqa: F401
from .._install import install
from ...core import UnsupportedAPI as _UnsupportedAPI, public as _public

globals().update(DTYPE_ATTRS)
pi, e, inf, nan, newaxis = _math.pi, _math.e, float("inf"), float("nan"), None

install(globals(), "jax.numpy", methods=True)

from . import linalg  # noqa: E402,F401


@_public("jax.numpy.meshgrid")
def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    """A list of N-D coordinate arrays, as numpy.meshgrid."""
    from ..._emulate import meshgrid_arrays
    if sparse:
        raise _UnsupportedAPI("jax.numpy.meshgrid(sparse=True) is not supported by Tensorglot's jax "
                              "emulation")
    return [_FW.wrap(g) for g in meshgrid_arrays([_FW.to_array(x) for x in xi], indexing)]


@_public("jax.numpy.allclose")
def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """A 0-d bool array (jnp.allclose does not return a Python bool)."""
    return all(isclose(a, b, rtol, atol, equal_nan))  # noqa: F821 (installed from the table)


def shape(a):
    return tuple(_FW.to_array(a).shape)


def ndim(a):
    return _FW.to_array(a).ndim


def size(a):
    return _FW.to_array(a).size


def issubdtype(arg1, arg2) -> bool:
    a, b = _FW.canon_dtype(arg1), _FW.canon_dtype(arg2)
    if b in ("floating", "inexact"):
        return a in ("float16", "bfloat16", "float32", "float64")
    if b in ("integer", "signedinteger"):
        return a in ("int8", "int16", "int32", "int64", "uint8")
    return a == b


floating, integer, inexact, signedinteger = "floating", "integer", "inexact", "signedinteger"
