"""Tensorglot's pure-Python numeric engine (stdlib only).

Public API: NDArray, asarray, DTYPES, result_type, can_cast, promotion_policy,
get_policy, and the ``random`` submodule (Generator, manual_seed).
The ops themselves live in tensorglot.ops.impl.
"""
from .dtypes import (DTYPES, DEFAULT_FLOAT, DEFAULT_INT, POLICIES, can_cast, get_policy,
                     promotion_policy, result_type, result_type_nd, set_policy)
from .ndarray import NDArray, asarray
from . import random

__all__ = ["NDArray", "asarray", "DTYPES", "result_type", "result_type_nd", "can_cast", "promotion_policy",
           "get_policy", "set_policy", "random", "DEFAULT_FLOAT", "DEFAULT_INT", "POLICIES"]
