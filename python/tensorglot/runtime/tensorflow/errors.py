"""tf.errors."""
from ._base import InvalidArgumentError, OpError, UnimplementedError

__all__ = ["OpError", "InvalidArgumentError", "UnimplementedError"]
