"""Emulated framework modules, the sandbox import hook and the tracer."""
