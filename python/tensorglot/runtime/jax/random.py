"""jax.random: explicit keys. Keys are (2,) int32 arrays; every draw seeds the
engine RNG from the key's values, so the same key gives the same numbers (the
streams do not match real JAX bit for bit)."""
from ..core import public
from ._base import FW
from ._hooks import key_data, split_keys
from ._install import install


@public("jax.random.PRNGKey")
def PRNGKey(seed, *, impl=None):
    return FW.wrap(key_data(int(seed)))


@public("jax.random.key")
def key(seed, *, impl=None):
    return FW.wrap(key_data(int(seed)))


@public("jax.random.split")
def split(key, num=2):
    return FW.wrap(split_keys(FW.unwrap(key), num))


@public("jax.random.fold_in")
def fold_in(key, data):
    ks = FW.unwrap(key)
    return FW.wrap(key_data(hash(("fold_in", tuple(int(v) for v in ks.data), int(data))) & 0x7FFFFFFFFFFFFFFF))


def key_data_of(keys):
    return keys


install(globals(), "jax.random")
