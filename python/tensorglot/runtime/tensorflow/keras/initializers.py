"""tf.keras.initializers, drawing from the engine RNG (seeded by tf.random.set_seed)."""
from __future__ import annotations

import math

from ...core import engine
from ....ops import impl as I
from .._base import FW


def _fans(shape):
    shape = tuple(shape)
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    rf = 1
    for s in shape[:-2]:
        rf *= s
    return shape[-2] * rf, shape[-1] * rf


class Initializer:
    def __call__(self, shape, dtype=None, **kw):
        return FW.wrap(self.make(tuple(int(s) for s in shape), FW.canon_dtype(dtype) or "float32"))

    def get_config(self):
        return {}


class Zeros(Initializer):
    def make(self, shape, dt):
        return I.zeros(shape, dt)


class Ones(Initializer):
    def make(self, shape, dt):
        return I.ones(shape, dt)


class Constant(Initializer):
    def __init__(self, value=0):
        self.value = value

    def make(self, shape, dt):
        return I.full(shape, self.value, dt)


class RandomUniform(Initializer):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def make(self, shape, dt):
        return I.random_uniform(shape, self.minval, self.maxval, dt, self.seed)


class RandomNormal(Initializer):
    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def make(self, shape, dt):
        return I.random_normal(shape, self.mean, self.stddev, dt, self.seed)


class VarianceScaling(Initializer):
    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None):
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed

    def make(self, shape, dt):
        fan_in, fan_out = _fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[self.mode]
        s = self.scale / max(1.0, n)
        if self.distribution == "uniform":
            lim = math.sqrt(3.0 * s)
            return I.random_uniform(shape, -lim, lim, dt, self.seed)
        # truncated normal approximated by a clipped normal (stddev corrected as Keras does)
        std = math.sqrt(s) / (0.87962566103423978 if self.distribution == "truncated_normal" else 1.0)
        x = I.random_normal(shape, 0.0, std, dt, self.seed)
        return I.clip(x, -2 * std, 2 * std) if self.distribution == "truncated_normal" else x


class GlorotUniform(VarianceScaling):
    def __init__(self, seed=None):
        super().__init__(1.0, "fan_avg", "uniform", seed)


class GlorotNormal(VarianceScaling):
    def __init__(self, seed=None):
        super().__init__(1.0, "fan_avg", "truncated_normal", seed)


class HeNormal(VarianceScaling):
    def __init__(self, seed=None):
        super().__init__(2.0, "fan_in", "truncated_normal", seed)


class HeUniform(VarianceScaling):
    def __init__(self, seed=None):
        super().__init__(2.0, "fan_in", "uniform", seed)


class Orthogonal(Initializer):
    def __init__(self, gain=1.0, seed=None):
        self.gain, self.seed = gain, seed

    def make(self, shape, dt):
        rows = 1
        for s in shape[:-1]:
            rows *= s
        cols = shape[-1]
        n, m = max(rows, cols), min(rows, cols)
        g = I.random_normal((n, m), 0.0, 1.0, "float64", self.seed).tolist()
        # Gram-Schmidt on the columns of an n x m normal matrix
        cols_v = [[g[i][j] for i in range(n)] for j in range(m)]
        q = []
        for v in cols_v:
            for u in q:
                d = sum(a * b for a, b in zip(v, u))
                v = [a - d * b for a, b in zip(v, u)]
            nrm = math.sqrt(sum(a * a for a in v)) or 1.0
            q.append([a / nrm for a in v])
        mat = [[q[j][i] * self.gain for j in range(m)] for i in range(n)]
        if rows < cols:
            mat = [list(r) for r in zip(*mat)]
        return I.reshape(I.asarray(mat, dt), shape)


zeros, ones, glorot_uniform, glorot_normal = Zeros, Ones, GlorotUniform, GlorotNormal
he_normal, he_uniform, orthogonal, constant = HeNormal, HeUniform, Orthogonal, Constant
random_uniform, random_normal = RandomUniform, RandomNormal

_BY_NAME = {"zeros": Zeros, "ones": Ones, "glorot_uniform": GlorotUniform, "glorot_normal": GlorotNormal,
            "he_normal": HeNormal, "he_uniform": HeUniform, "orthogonal": Orthogonal,
            "uniform": RandomUniform, "random_uniform": RandomUniform, "normal": RandomNormal,
            "random_normal": RandomNormal}


def get(identifier):
    if identifier is None:
        return None
    if isinstance(identifier, str):
        try:
            return _BY_NAME[identifier]()
        except KeyError:
            raise ValueError(f"Unknown initializer: {identifier!r}") from None
    if isinstance(identifier, type):
        return identifier()
    return identifier
