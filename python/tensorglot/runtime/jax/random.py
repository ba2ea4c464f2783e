"""jax.random: explicit keys. Keys are (2,) int32 arrays; every draw seeds the
engine RNG from a process-independent digest of the key's words, so the same key
gives the same numbers in every run (the streams do not match real JAX bit for bit)."""
from ..core import public
from ._base import FW
from ._hooks import fold_in_key, key_data as _seed_key, split_keys
from ._install import install


@public("jax.random.PRNGKey")
def PRNGKey(seed, *, impl=None):
    return FW.wrap(_seed_key(int(seed)))


@public("jax.random.key")
def key(seed, *, impl=None):
    return FW.wrap(_seed_key(int(seed)))


@public("jax.random.split")
def split(key, num=2):
    return FW.wrap(split_keys(FW.to_array(key), num))


@public("jax.random.fold_in")
def fold_in(key, data):
    return FW.wrap(fold_in_key(FW.to_array(key), int(data)))


def key_data(keys):
    """The raw words of keys (here keys already are their data)."""
    return keys


def wrap_key_data(key_bits_array, *, impl=None):
    return key_bits_array


install(globals(), "jax.random")
