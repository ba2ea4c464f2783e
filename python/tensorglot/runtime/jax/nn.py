"""jax.nn (emulated): table rows (relu, gelu(approximate=True), softmax, one_hot...)."""
from ._install import install

install(globals(), "jax.nn")
