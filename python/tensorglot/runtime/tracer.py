"""Minimal placeholder (the tracer helper replaces this): no tracing active."""
ACTIVE = None
