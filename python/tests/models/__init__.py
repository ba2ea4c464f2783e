"""Realistic torch model files the transpiler tests convert (read as text, not imported)."""
