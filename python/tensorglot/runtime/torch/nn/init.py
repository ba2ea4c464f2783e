"""Emulated ``torch.nn.init``: in-place initialisers with torch's formulas."""
from __future__ import annotations

import math

from ... import core as _core


def _calculate_fan_in_and_fan_out(tensor):
    if tensor.ndim < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive = 1
    for s in tensor.shape[2:]:
        receptive *= s
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def calculate_gain(nonlinearity, param=None):
    if nonlinearity in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
                        "conv_transpose2d", "conv_transpose3d", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _fan(tensor, mode):
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a=0.0, b=1.0):
    return tensor.uniform_(a, b)


def normal_(tensor, mean=0.0, std=1.0):
    return tensor.normal_(mean, std)


def constant_(tensor, val):
    return tensor.fill_(val)


def zeros_(tensor):
    return tensor.zero_()


def ones_(tensor):
    return tensor.fill_(1.0)


def eye_(tensor):
    from .. import eye
    return tensor.copy_(eye(tensor.shape[0], tensor.shape[1]))


def xavier_uniform_(tensor, gain=1.0):
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    a = gain * math.sqrt(6.0 / float(fan_in + fan_out))
    return tensor.uniform_(-a, a)


def xavier_normal_(tensor, gain=1.0):
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return tensor.normal_(0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)))


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    bound = math.sqrt(3.0) * calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return tensor.uniform_(-bound, bound)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    return tensor.normal_(0.0, calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode)))


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0):
    """Normal samples redrawn until they fall in [a, b] (same distribution as torch's)."""
    from .. import randn
    vals = []
    n = tensor.numel()
    while len(vals) < n:
        for v in randn(max(n - len(vals), 8)).tolist():
            v = mean + std * v
            if a <= v <= b:
                vals.append(v)
    from .. import tensor as _tensor
    return tensor.copy_(_tensor(vals[:n]).reshape(tensor.shape))


def orthogonal_(tensor, gain=1):
    """torch's recipe: a normal (rows, cols) matrix, its QR factor Q with R's diagonal made
    positive (Gram-Schmidt gives exactly that Q), transposed when rows < cols, times gain."""
    if tensor.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    from .. import randn, tensor as _tensor
    rows = tensor.shape[0]
    cols = tensor.numel() // rows if rows else 0
    if rows == 0 or cols == 0:
        return tensor
    tall = rows >= cols
    n, m = (rows, cols) if tall else (cols, rows)  # orthonormalise the m columns of an n x m matrix
    flat = randn(rows, cols).tolist()
    a = [[flat[i][j] for i in range(rows)] for j in range(cols)] if tall else flat
    q = []
    for v in a:  # v: one column, length n
        v = list(map(float, v))
        for _ in range(2):  # re-orthogonalise once: classical Gram-Schmidt loses orthogonality
            for u in q:
                d = sum(x * y for x, y in zip(u, v))
                v = [x - d * y for x, y in zip(v, u)]
        norm = math.sqrt(sum(x * x for x in v))
        q.append([x / norm for x in v] if norm > 0 else v)
    out = [[q[j][i] * gain for j in range(m)] for i in range(n)] if tall else \
        [[q[i][j] * gain for j in range(n)] for i in range(m)]
    return tensor.copy_(_tensor(out).reshape(tensor.shape))


__getattr__ = _core.unsupported_getattr("torch.nn.init", "torch")
