"""jax.scipy.special (erf, expit, logsumexp)."""
from .._install import install

install(globals(), "jax.scipy.special")
