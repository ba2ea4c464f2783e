"""tf.random: seeded from the engine RNG (streams do not match real TF)."""
from ...engine import random as _rng
from ._install import install


def set_seed(seed):
    """Global seed: reseeds the engine's default generator."""
    _rng.manual_seed(int(seed))


install(globals(), "tf.random")
