"""Emulated ``torch.distributions``: Categorical and Normal, as policy-gradient code uses them
(``Categorical(probs).sample()``, ``.log_prob(a)``, ``.entropy()``; a Gaussian policy's
``Normal(mu, sigma)``), written with the emulated torch's own ops and torch 1.13's formulas."""
from __future__ import annotations

import math

from .. import core as _core


def _torch():
    from .. import torch
    return torch


class Distribution:
    def sample_n(self, n):
        return self.sample((n,))

    @property
    def stddev(self):
        return self.variance.sqrt()


class Categorical(Distribution):
    """Over the last axis of ``probs`` (normalised to sum 1) or ``logits`` (normalised by logsumexp)."""

    def __init__(self, probs=None, logits=None, validate_args=None):
        torch = _torch()
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            self.probs = probs / probs.sum(-1, keepdim=True)
            self.logits = torch.log(self.probs.clamp(min=torch.finfo(self.probs.dtype).eps,
                                                     max=1 - torch.finfo(self.probs.dtype).eps))
        else:
            self.logits = logits - logits.logsumexp(-1, keepdim=True)
            self.probs = torch.softmax(self.logits, -1)
        self._num_events = self.probs.shape[-1]
        self.batch_shape = self.probs.shape[:-1]

    def sample(self, sample_shape=()):
        torch = _torch()
        n = math.prod(sample_shape)
        flat = self.probs.reshape(-1, self._num_events)
        draws = torch.multinomial(flat, max(n, 1), True).T  # (n, batch)
        return draws.reshape(tuple(sample_shape) + tuple(self.batch_shape))

    def log_prob(self, value):
        torch = _torch()
        value = value.long()
        logits = self.logits.expand(tuple(value.shape) + (self._num_events,)) if value.ndim >= len(self.batch_shape) \
            else self.logits
        return logits.gather(-1, value.unsqueeze(-1)).squeeze(-1)

    def entropy(self):
        torch = _torch()
        logits = self.logits.clamp(min=torch.finfo(self.logits.dtype).min)
        return -(logits * self.probs).sum(-1)

    @property
    def mean(self):
        return _torch().full(tuple(self.batch_shape), math.nan)


class Normal(Distribution):
    def __init__(self, loc, scale, validate_args=None):
        torch = _torch()
        self.loc = loc if isinstance(loc, torch.Tensor) else torch.tensor(float(loc))
        self.scale = scale if isinstance(scale, torch.Tensor) else torch.tensor(float(scale))
        self.loc, self.scale = self.loc + 0 * self.scale, self.scale + 0 * self.loc  # broadcast both
        self.batch_shape = self.loc.shape

    @property
    def mean(self):
        return self.loc

    @property
    def variance(self):
        return self.scale ** 2

    @property
    def stddev(self):
        return self.scale

    def rsample(self, sample_shape=()):
        torch = _torch()
        eps = torch.randn(tuple(sample_shape) + tuple(self.batch_shape), dtype=self.loc.dtype)
        return self.loc + eps * self.scale

    def sample(self, sample_shape=()):
        return self.rsample(sample_shape).detach()

    def log_prob(self, value):
        torch = _torch()
        var = self.scale ** 2
        return -((value - self.loc) ** 2) / (2 * var) - torch.log(self.scale) - math.log(math.sqrt(2 * math.pi))

    def entropy(self):
        torch = _torch()
        return 0.5 + 0.5 * math.log(2 * math.pi) + torch.log(self.scale)


__getattr__ = _core.unsupported_getattr("torch.distributions", "torch")
