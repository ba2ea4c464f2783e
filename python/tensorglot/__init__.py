"""Tensorglot: convert, trace and verify deep-learning code across frameworks.

Stdlib only: runs unchanged in Pyodide and in CPython >= 3.11.
"""
__version__ = "0.1.0"
