"""jax.image.resize ('nearest', 'linear'/'bilinear'; antialias=True by default)."""
from ._install import install

install(globals(), "jax.image")
