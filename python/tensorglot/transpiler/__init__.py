"""Static source-to-source transpiler: PyTorch -> TensorFlow (JAX, NumPy via their tables).

``transpile(source, source_fw, target)`` returns the DESIGN.md transpile
result and never raises.
"""
from .api import transpile

__all__ = ["transpile"]
