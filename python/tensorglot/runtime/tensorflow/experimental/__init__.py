"""tf.experimental (emulated): only tf.experimental.numpy, from the binding table."""
from ...core import unsupported_getattr
from . import numpy  # noqa: F401

__getattr__ = unsupported_getattr("tf.experimental", "tensorflow")
