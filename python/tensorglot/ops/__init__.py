"""Canonical op catalogue: the framework-neutral vocabulary every binding maps onto."""
from .catalogue import OPS, Op

__all__ = ["OPS", "Op"]
