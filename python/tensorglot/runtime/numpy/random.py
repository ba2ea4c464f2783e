"""Emulated ``numpy.random`` (seeded by np.random.seed; streams differ from real numpy)."""
from .. import core as _core
from ._array import FW as _FW, RANDOM_NS as _NS, call_impl as _call

globals().update(_NS)


def shuffle(x) -> None:
    x._a = _call(_FW, "take", x=x._a, indices=_call(_FW, "permutation", n=x._a.shape[0]), axis=0)


def choice(a, size=None, replace=True, p=None):
    if isinstance(a, range):
        a = list(a)
    n = a if isinstance(a, int) else len(a)
    shape = () if size is None else (size if isinstance(size, (tuple, list)) else (size,))
    if p is not None or not replace:
        # weighted / distinct draws are torch.multinomial's
        k = 1
        for d in shape:
            k *= d
        if not replace and k > n:
            raise ValueError("Cannot take a larger sample than population when 'replace=False'")
        w = _FW.to_array(p if p is not None else [1.0] * n, "float64")
        if p is not None and (w.shape != (n,) or abs(sum(w.data) - 1.0) > 1e-8):
            raise ValueError("probabilities do not sum to 1" if w.shape == (n,) else "'a' and 'p' must have same size")
        idx = _call(_FW, "multinomial", probs=w, num_samples=k, replacement=replace).reshape(tuple(shape))
    else:
        idx = _call(_FW, "randint", low=0, high=n, shape=tuple(shape), dtype="int64")
    if isinstance(a, int):
        return _FW.wrap(idx)
    return _FW.wrap(_call(_FW, "take", x=_FW.to_array(a), indices=idx))


class Generator:
    """``np.random.default_rng(seed)``: its own engine generator."""

    def __init__(self, seed=None) -> None:
        self._g = _core.engine().random.Generator(0 if seed is None else int(seed))

    def _shape(self, size):
        return () if size is None else (tuple(size) if isinstance(size, (tuple, list)) else (size,))

    def random(self, size=None, dtype="float64"):
        return _FW.wrap(self._g.uniform(self._shape(size), 0.0, 1.0, _FW.canon_dtype(dtype)))

    def uniform(self, low=0.0, high=1.0, size=None):
        return _FW.wrap(self._g.uniform(self._shape(size), low, high, "float64"))

    def normal(self, loc=0.0, scale=1.0, size=None):
        return _FW.wrap(self._g.normal(self._shape(size), loc, scale, "float64"))

    def standard_normal(self, size=None, dtype="float64"):
        return _FW.wrap(self._g.normal(self._shape(size), 0.0, 1.0, _FW.canon_dtype(dtype)))

    def integers(self, low, high=None, size=None, dtype="int64", endpoint=False):
        if high is None:
            low, high = 0, low
        return _FW.wrap(self._g.randint(low, high + (1 if endpoint else 0), self._shape(size),
                                        _FW.canon_dtype(dtype)))

    def permutation(self, x):
        if isinstance(x, int):
            return _FW.wrap(self._g.permutation(x))
        a = _FW.to_array(x)
        return _FW.wrap(_call(_FW, "take", x=a, indices=self._g.permutation(a.shape[0]), axis=0))


def default_rng(seed=None):
    return Generator(seed)


class RandomState(Generator):
    """The legacy ``np.random.RandomState(seed)`` API over the same engine generator (its stream
    differs from real numpy's Mersenne Twister, as the module-level functions' does)."""

    def seed(self, seed=None) -> None:
        self.__init__(seed)

    def rand(self, *shape):
        return self.random(shape or None)

    def randn(self, *shape):
        return self.standard_normal(shape or None)

    def random_sample(self, size=None):
        return self.random(size)

    def randint(self, low, high=None, size=None, dtype="int64"):
        return self.integers(low, high, size, dtype)


__getattr__ = _core.unsupported_getattr("numpy.random", "numpy")
