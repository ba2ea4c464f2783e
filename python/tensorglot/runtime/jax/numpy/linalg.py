"""jax.numpy.linalg (norm only)."""
from .._install import install

install(globals(), "jax.numpy.linalg")
