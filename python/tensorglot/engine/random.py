"""Seeded random numbers for the engine (Mersenne Twister via ``random.Random``).

Streams do not match torch/numpy/jax bit for bit; they are reproducible per seed.
"""
from __future__ import annotations

import random as _random
from array import array

from .dtypes import FLOATS
from .ndarray import NDArray, make_storage, prod


class Generator:
    def __init__(self, seed: int | None = 0):
        self._rng = _random.Random(seed)
        self.seed_value = seed

    def manual_seed(self, seed: int) -> "Generator":
        self._rng.seed(seed)
        self.seed_value = seed
        return self

    def random_floats(self, n: int) -> list:
        r = self._rng.random
        return [r() for _ in range(n)]

    def uniform(self, shape, low=0.0, high=1.0, dtype="float32") -> NDArray:
        shape = _shape(shape)
        r = self._rng.random
        span = high - low
        vals = [low + span * r() for _ in range(prod(shape))]
        return NDArray._wrap(make_storage(vals, dtype), shape, dtype)

    def normal(self, shape, mean=0.0, std=1.0, dtype="float32") -> NDArray:
        shape = _shape(shape)
        g = self._rng.gauss
        vals = [g(mean, std) for _ in range(prod(shape))]
        return NDArray._wrap(make_storage(vals, dtype), shape, dtype)

    def randint(self, low, high, shape, dtype="int64") -> NDArray:
        if high <= low:
            raise ValueError(f"randint: high ({high}) must be greater than low ({low})")
        shape = _shape(shape)
        rr = self._rng.randrange
        vals = [rr(low, high) for _ in range(prod(shape))]
        if dtype in FLOATS:
            vals = [float(v) for v in vals]
        return NDArray._wrap(make_storage(vals, dtype), shape, dtype)

    def permutation(self, n: int) -> NDArray:
        idx = list(range(n))
        self._rng.shuffle(idx)
        return NDArray._wrap(array("q", idx), (n,), "int64")

    def bernoulli_keep(self, n: int, p_drop: float) -> list:
        """n booleans, each True (kept) with probability 1 - p_drop."""
        r = self._rng.random
        return [r() >= p_drop for _ in range(n)]


def _shape(shape) -> tuple:
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(s) for s in shape)


_default = Generator(0)


def default_generator() -> Generator:
    return _default


def manual_seed(seed: int) -> Generator:
    """Reseed the module-level default generator (what ``seed=None`` ops use)."""
    return _default.manual_seed(seed)


def resolve(seed) -> Generator:
    """The generator for an op's ``seed`` argument: None -> default, int -> fresh, Generator -> itself."""
    if seed is None:
        return _default
    if isinstance(seed, Generator):
        return seed
    return Generator(int(seed))
