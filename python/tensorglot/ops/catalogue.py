"""The canonical ops: one name and one signature per computation.

Conventions (numpy-like, so bindings rename rather than reinterpret):
  * tensors are ``x``, ``y`` (or ``xs`` for sequences); reductions take ``axis``
    (int, tuple or None for all) and ``keepdims``;
  * variance/std take ``correction`` (0 = biased, 1 = Bessel);
  * spatial ops are channels-first (NCHW, weights OIHW), the torch layout;
    bindings of channels-last APIs say ``layout="NHWC"`` and the converter
    inserts the transposes;
  * ``dtype`` is a canonical dtype name: float16, bfloat16, float32, float64,
    int8, int16, int32, int64, uint8, bool.

The engine implements each op as ``tensorglot.ops.impl.<name>`` with exactly
this signature; framework bindings (tensorglot.frameworks) say how each
framework spells it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Op:
    name: str
    sig: str          # canonical Python signature, parameters in canonical names
    kind: str         # unary | binary | reduce | shape | index | create | random | linalg | nn | cast
    doc: str = ""


def _ops(kind: str, spec: str) -> dict[str, Op]:
    out = {}
    for line in spec.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, rest = line.partition("(")
        sig, _, doc = ("(" + rest).partition("  #")
        out[name.strip()] = Op(name.strip(), sig.strip(), kind, doc.strip())
    return out


OPS: dict[str, Op] = {}
OPS |= _ops("unary", """
neg(x)
abs(x)
exp(x)
log(x)
log2(x)
log10(x)
log1p(x)
expm1(x)
sqrt(x)
rsqrt(x)
square(x)
reciprocal(x)
sin(x)
cos(x)
tan(x)
asin(x)
acos(x)
atan(x)
sinh(x)
cosh(x)
tanh(x)
erf(x)
floor(x)
ceil(x)
round(x)  # half to even, as torch/numpy/tf
trunc(x)
sign(x)
logical_not(x)
bitwise_not(x)
isnan(x)
isinf(x)
isfinite(x)
sigmoid(x)
relu(x)
relu6(x)
silu(x)
mish(x)
gelu(x, approximate=False)  # approximate=True is the tanh form
softplus(x, beta=1.0, threshold=20.0)
leaky_relu(x, negative_slope=0.01)
elu(x, alpha=1.0)
selu(x)
hardtanh(x, min_val=-1.0, max_val=1.0)
hardsigmoid(x)
hardswish(x)
clip(x, min=None, max=None)
""")
OPS |= _ops("binary", """
add(x, y)
sub(x, y)
mul(x, y)
truediv(x, y)  # always true division
floordiv(x, y)  # rounds toward -inf
truncdiv(x, y)  # rounds toward zero
remainder(x, y)  # sign of the divisor (python %, torch.remainder, tf.math.floormod)
fmod(x, y)  # sign of the dividend (C fmod)
pow(x, y)
maximum(x, y)
minimum(x, y)
atan2(x, y)
eq(x, y)
ne(x, y)
lt(x, y)
le(x, y)
gt(x, y)
ge(x, y)
logical_and(x, y)
logical_or(x, y)
logical_xor(x, y)
bitwise_and(x, y)
bitwise_or(x, y)
bitwise_xor(x, y)
isclose(x, y, rtol=1e-05, atol=1e-08, equal_nan=False)  # |x - y| <= atol + rtol * |y|; equal infinities are close
""")
OPS |= _ops("reduce", """
sum(x, axis=None, keepdims=False, dtype=None)
mean(x, axis=None, keepdims=False)
prod(x, axis=None, keepdims=False)
max(x, axis=None, keepdims=False)
min(x, axis=None, keepdims=False)
argmax(x, axis=None, keepdims=False)  # first index on ties
argmin(x, axis=None, keepdims=False)
var(x, axis=None, correction=0, keepdims=False)  # correction=1 is Bessel (torch default)
std(x, axis=None, correction=0, keepdims=False)
all(x, axis=None, keepdims=False)
any(x, axis=None, keepdims=False)
logsumexp(x, axis=None, keepdims=False)
cumsum(x, axis)
cumprod(x, axis)
norm(x, ord=None, axis=None, keepdims=False)
""")
OPS |= _ops("shape", """
reshape(x, shape)
transpose(x, perm=None)  # None reverses the axes
swapaxes(x, axis1, axis2)
expand_dims(x, axis)
squeeze(x, axis=None)
broadcast_to(x, shape)
flatten(x, start_axis=0, end_axis=-1)
concat(xs, axis=0)
stack(xs, axis=0)
meshgrid(xs, indexing="xy")  # list of N-D grids from 1-D xs; 'ij': grid k varies along axis k, 'xy' swaps the first two axes
split(x, sections, axis=0)  # sections: int (equal parts) or list of sizes
unbind(x, axis=0)
flip(x, axis)
roll(x, shift, axis=None)
tile(x, reps)
repeat(x, repeats, axis=None)
pad(x, pad_width, mode="constant", value=0.0)  # pad_width: ((before, after),) per axis, numpy order
tril(x, k=0)
triu(x, k=0)
diag(x, k=0)
""")
OPS |= _ops("index", """
getitem(x, index)  # basic, integer-array and boolean-mask indexing
setitem(x, index, value)  # functional: returns the updated copy
take(x, indices, axis=None)
take_along_axis(x, indices, axis)
scatter(x, axis, indices, src, reduce=None)
index_select(x, axis, indices)
where(cond, x, y)
masked_fill(x, mask, value)
nonzero(x)
sort(x, axis=-1, descending=False)
argsort(x, axis=-1, descending=False)
topk(x, k, axis=-1, largest=True, sorted=True)  # returns (values, indices)
one_hot(indices, depth)
""")
OPS |= _ops("create", """
asarray(data, dtype=None)
zeros(shape, dtype="float32")
ones(shape, dtype="float32")
full(shape, fill_value, dtype=None)
zeros_like(x, dtype=None)
ones_like(x, dtype=None)
full_like(x, fill_value, dtype=None)
arange(start, stop=None, step=1, dtype=None)
linspace(start, stop, num, dtype="float32")
eye(n, m=None, dtype="float32")
""")
OPS |= _ops("random", """
random_uniform(shape, low=0.0, high=1.0, dtype="float32", seed=None)
random_normal(shape, mean=0.0, std=1.0, dtype="float32", seed=None)
randint(low, high, shape, dtype="int64", seed=None)
permutation(n, seed=None)
bernoulli(probs, shape=None, dtype=None, seed=None)  # 1 where a uniform draw < probs (broadcast to shape), else 0; probs' dtype unless given
multinomial(probs, num_samples, replacement=False, seed=None)  # int64 indices drawn in proportion to each row of probs (unnormalised weights), sample axis last
""")
OPS |= _ops("linalg", """
matmul(x, y)  # batched, broadcasting batch dims; 1-D operands as numpy
dot(x, y)  # torch.dot (1-D . 1-D -> scalar) and torch.mv (2-D . 1-D): x * y summed over the last axis
einsum(equation, xs)
outer(x, y)
linear(x, weight, bias=None)  # x @ weight.T + bias, weight (out, in)
""")
OPS |= _ops("nn", """
softmax(x, axis=-1)
log_softmax(x, axis=-1)
conv(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)  # N-d, NC*, weight OI*; padding int|tuple|'same'|'valid'
conv_transpose(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)  # weight (in, out/groups, *k)
max_pool(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)
avg_pool(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)
adaptive_avg_pool(x, output_size)
adaptive_max_pool(x, output_size)
interpolate(x, size=None, scale_factor=None, mode="nearest", align_corners=None)  # nearest = torch legacy floor
embedding(indices, weight, padding_idx=None)
layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5)
batch_norm(x, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5)  # torch momentum convention
group_norm(x, num_groups, weight=None, bias=None, eps=1e-5)
instance_norm(x, weight=None, bias=None, eps=1e-5)
prelu(x, weight)  # x where x > 0 else weight * x; weight per channel (axis 1) or one value
dropout(x, p=0.5, training=True, seed=None)
pixel_shuffle(x, upscale_factor)
cross_entropy(logits, target, axis=1, reduction="mean", label_smoothing=0.0, ignore_index=-100, weight=None)  # ignored targets: 0, not counted by mean; weight: per class, index-target means divide by the summed target weights
mse_loss(x, y, reduction="mean")
nll_loss(logp, target, axis=1, reduction="mean", ignore_index=-100, weight=None)  # target: class indices; logp: log-probabilities; weight, ignore_index as cross_entropy
binary_cross_entropy(x, y, reduction="mean")  # x: probabilities; logs clamped at -100 (torch)
bce_with_logits(x, y, reduction="mean", pos_weight=None)  # max(x, 0) - x y + log(1 + exp(-|x|))
l1_loss(x, y, reduction="mean")
smooth_l1_loss(x, y, reduction="mean", beta=1.0)  # 0.5 d^2 / beta where |d| < beta, else |d| - beta / 2
""")
OPS |= _ops("cast", """
astype(x, dtype)
""")
