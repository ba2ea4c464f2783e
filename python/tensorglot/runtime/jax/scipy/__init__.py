"""jax.scipy (special only)."""
from . import special  # noqa: F401
