"""One list of torch snippets, converted to every target (tensorflow, jax, numpy) and run on
the emulated frameworks: the converted result must equal the emulated torch result.

Every target must convert every case (no warning, no torch left) and compute torch's values
and dtype kinds. A case the transpiler has no conversion for on a target (UNSUPPORTED) must come
back with the unsupported warning and marker; KNOWN_BUGS are asserted to still fail. scripts/gen_coverage_transpiler.py parses these tables for the
"tested" column of docs/coverage.md.
Snippets may use ``np`` (numpy is imported). Inputs: ``x`` float32 (2, 3) with negatives, ``p`` float32 (2, 3) positive,
``i`` int64 (2, 3), ``img`` float32 (1, 2, 4, 4), ``seq`` float32 (2, 3, 4).
"""
import unittest

from tests.transpiler_support import assert_close, convert, run_expr

INPUTS = """
x = torch.tensor([[1.0, -2.0, 3.5], [4.0, 5.0, -6.0]])
p = torch.tensor([[0.5, 1.0, 2.0], [3.0, 0.25, 4.0]])
i = torch.tensor([[3, -7, 2], [8, 0, -1]])
img = torch.arange(32.0).reshape(1, 2, 4, 4) / 10 - 1
seq = torch.arange(24.0).reshape(2, 3, 4) / 7 - 1
"""

# torch expression over the inputs (or statements assigning ``result``)
CASES = [
    # elementwise
    "torch.abs(x)", "torch.exp(x)", "torch.log(p)", "torch.log2(p)", "torch.log10(p)", "torch.log1p(p)",
    "torch.expm1(x)", "torch.sqrt(p)", "torch.rsqrt(p)", "torch.square(x)", "torch.reciprocal(p)",
    "torch.sin(x)", "torch.cos(x)", "torch.tan(x)", "torch.asin(p / 5)", "torch.acos(p / 5)", "torch.atan(x)",
    "torch.sinh(x)", "torch.cosh(x)", "torch.tanh(x)", "torch.erf(x)", "torch.floor(x / 3)", "torch.ceil(x / 3)",
    "torch.round(x / 3)", "torch.trunc(x / 3)", "torch.sign(x)", "torch.isnan(x)", "torch.isfinite(x / 0)",
    "torch.isinf(x / 0)", "torch.sigmoid(x)", "torch.relu(x)", "torch.neg(x)", "-x", "abs(x)",
    "torch.clamp(x, min=0.0, max=4.0)", "torch.clamp(x, -1.0)", "x.clip(max=2.0)",
    "torch.logical_not(x > 0)", "torch.bitwise_not(i)", "~(x > 0)",
    # nn.functional activations
    "F.relu(x)", "F.sigmoid(x)", "F.tanh(x)", "F.silu(x)", "F.mish(x)", "F.selu(x)", "F.hardsigmoid(x)",
    "F.hardswish(x)", "F.relu6(x * 2)", "F.leaky_relu(x)", "F.leaky_relu(x, 0.2)", "F.elu(x)",
    "F.elu(x, alpha=0.5)", "F.hardtanh(x)", "F.gelu(x)", "F.gelu(x, approximate='tanh')", "F.softplus(x)",
    "F.softplus(x, beta=2.0)",
    # binary and comparisons
    "torch.add(x, p)", "x + p", "2 + x", "torch.sub(x, p)", "x - 1", "1 - x",
    "torch.add(x, p, alpha=2)", "x.add(1, alpha=-0.5)", "torch.sub(x, p, alpha=0.5)", "i.sub(i, alpha=3)",
    "torch.subtract(x, 2.0, alpha=2)", "(x * 1).add_(p, alpha=3)", "(x * 1).sub_(p, alpha=2)",
    "torch.mul(x, p)", "x * 3", "torch.true_divide(x, p)", "x / p", "1 / p", "torch.div(x, 2)",
    "torch.div(x, 4, rounding_mode='trunc')", "torch.div(x, 4, rounding_mode='floor')",
    "torch.floor_divide(x, 4)", "x // 4", "x % 3", "torch.remainder(x, -3)", "torch.fmod(x, 3)",
    "torch.pow(p, 2)", "p ** 0.5", "2 ** x", "torch.maximum(x, p)", "torch.minimum(x, p)",
    "torch.atan2(x, p)", "torch.eq(x, p)", "x == 1.0", "x != 1.0", "x < p", "x <= 1.0", "x > 0", "x >= 1.0",
    "torch.ne(x, p)", "torch.lt(x, p)", "torch.le(x, p)", "torch.gt(x, p)", "torch.ge(x, p)",
    "torch.logical_and(x > 0, p > 1)", "torch.logical_or(x > 0, p > 1)", "torch.logical_xor(x > 0, p > 1)",
    "torch.bitwise_and(i, 6)", "torch.bitwise_or(i, 6)", "torch.bitwise_xor(i, 6)", "i & 3", "i | 3",
    "i % 3", "i // 3", "i / 2",
    # reductions
    "torch.mean(x)", "x.mean(dim=1)", "torch.mean(x, 0, keepdim=True)", "torch.sum(x)", "x.sum(1)",
    "torch.sum(x, dim=(0, 1))", "torch.prod(p)", "torch.prod(p, 1)", "torch.amax(x, 1)", "torch.amin(x, 0)",
    "torch.max(x)", "torch.min(x)", "torch.max(x, p)", "torch.argmax(x)", "torch.argmax(x, dim=1)",
    "torch.argmin(x, 0)", "torch.argmax(torch.tensor([[1.0, 3.0, 3.0]]), dim=1)",
    "torch.all(x > -7)", "torch.any(x > 4.5)", "torch.var(x)", "torch.var(x, dim=1)",
    "torch.var(x, 0, unbiased=False)", "x.var(correction=0)", "torch.std(x)", "torch.std(x, dim=0)",
    "x.std(1, keepdim=True)", "torch.var(torch.mean(x))", "torch.logsumexp(x, 1)", "torch.cumsum(x, 1)",
    "torch.cumprod(p, dim=0)", "torch.norm(x)", "torch.linalg.norm(x)",
    # shapes
    "torch.reshape(x, (3, 2))", "x.view(3, 2)", "x.view(-1)", "x.reshape(6, 1)", "torch.transpose(x, 0, 1)",
    "x.t()", "x.T", "x.permute(1, 0)", "torch.permute(seq, (2, 0, 1))", "torch.unsqueeze(x, 0)",
    "x.unsqueeze(-1)", "torch.squeeze(x.unsqueeze(1), 1)", "x.unsqueeze(0).squeeze()", "torch.flatten(seq)",
    "torch.flatten(seq, 1)", "seq.flatten(0, 1)", "torch.broadcast_to(x[0], (2, 3))",
    "torch.cat([x, p])", "torch.cat((x, p), dim=1)", "torch.concat([x, p], -1)", "torch.stack([x, p])",
    "torch.stack([x, p], dim=2)", "torch.flip(x, [1])", "torch.roll(x, 1, 1)", "torch.tile(x, (2, 1))",
    "torch.repeat_interleave(x, 2, dim=0)", "torch.tril(x)", "torch.triu(x, 1)", "torch.diag(x[0])",
    "x.swapaxes(0, 1)", "x.view_as(p)", "x.reshape_as(p)", "x.expand_as(p)",
    # indexing
    "x[0]", "x[:, 1:]", "x[..., -1]", "x[x > 0]", "x[torch.tensor([1, 0])]", "x[:, None]",
    "torch.gather(x, 1, torch.tensor([[0, 0], [2, 1]]))", "torch.take(x, torch.tensor([0, 5]))",
    "torch.index_select(x, 1, torch.tensor([2, 0]))", "torch.where(x > 0, x, p)", "x.where(x > 0, p)",
    "torch.masked_fill(x, x < 0, 0.0)", "x.masked_fill(x > 3, -1.0)", "torch.argsort(x, dim=1)",
    "torch.topk(x, 2)[0]", "torch.topk(x, 2, dim=1)[1]",
    # creation (dtype and values as torch)
    "torch.tensor([1, 2, 3])", "torch.tensor([[1.5, 2.0]])", "torch.zeros(2, 3)", "torch.zeros((2,))",
    "torch.ones(3)", "torch.full((2, 2), 7.0)", "torch.zeros_like(x)", "torch.ones_like(x)",
    "torch.full_like(x, 2.5)", "torch.arange(5)", "torch.arange(1, 7, 2)", "torch.arange(0.0, 1.0, 0.25)",
    "torch.linspace(0, 1, 5)", "torch.eye(3)", "torch.eye(2, 3)", "torch.as_tensor([1.0, 2.0])",
    # linear algebra
    "torch.matmul(x, p.T)", "x @ p.t()", "torch.mm(x, p.t())", "torch.bmm(seq, seq.transpose(1, 2))",
    "torch.einsum('ij,kj->ik', x, p)", "torch.outer(x[0], p[1])",
    # nn.functional
    "F.softmax(x, dim=1)", "F.softmax(x, dim=0)", "F.softmax(x, -1)", "F.softmax(x)", "F.log_softmax(x, dim=1)",
    "torch.softmax(x, 1)", "x.softmax(-1)", "x.log_softmax(1)",
    "F.linear(x, p)", "F.linear(x, p, torch.tensor([1.0, -1.0]))",
    "F.layer_norm(x, (3,))", "F.layer_norm(seq, (3, 4))",
    "F.dropout(x, p=0.5, training=False)", "F.dropout(x, 0.0)",
    "F.embedding(torch.tensor([[0, 1], [1, 1]]), x)",
    "F.conv2d(img, torch.ones(3, 2, 3, 3) / 9)", "F.conv2d(img, torch.ones(3, 2, 3, 3) / 9, padding=1)",
    "F.conv2d(img, torch.ones(2, 1, 2, 2), stride=2, groups=2)",
    "F.conv1d(seq, torch.ones(2, 3, 2) / 6, torch.tensor([0.5, -0.5]))",
    "F.conv_transpose2d(img, torch.ones(2, 3, 3, 3) / 9, stride=2, padding=1)",
    "F.conv_transpose1d(seq, torch.ones(3, 2, 2) / 4, stride=2)",
    "F.max_pool2d(img, 2)", "F.max_pool2d(img, 3, stride=1, padding=1)", "F.avg_pool2d(img, 2)",
    "F.adaptive_avg_pool2d(img, 1)", "F.adaptive_avg_pool2d(img, (2, 2))", "F.adaptive_max_pool2d(img, 2)",
    "F.pixel_shuffle(torch.arange(16.0).reshape(1, 4, 2, 2), 2)",
    "F.group_norm(img, 2)", "F.instance_norm(img)",
    "F.mse_loss(x, p)", "F.cross_entropy(x, torch.tensor([2, 0]))",
    "torch.unbind(x)", "x.unbind(1)",
    # casts
    "x.float()", "x.long()", "x.int()", "x.double()", "x.bool()", "x.to(torch.int32)", "i.float() / 2",
    # operators with a number on the left, and the rest of the dunders
    "3 & i", "[[1.0, 2.0]] @ x", "9 // p", "2 % p", "2 * x", "5 | i", "6 ^ i", "i ^ 5",
    # Tensor methods
    "x.abs()", "x.absolute()", "(p / 5).acos()", "x.add(p)", "(x > -7).all()", "x.amax(1)", "x.amin(0)",
    "x.aminmax()[1]", "(x > 4.5).any()", "(p / 5).arccos()", "(p / 5).arcsin()", "x.arctan()",
    "x.arctan2(p)", "x.argmax(1)", "x.argmin(0)", "x.argsort(dim=1)", "(p / 5).asin()", "x.atan()",
    "x.atan2(p)", "x.bfloat16().float()", "(p * 1.0039).to(torch.bfloat16).float()", "i.bitwise_and(6)", "i.bitwise_not()", "i.bitwise_or(6)",
    "i.bitwise_xor(6)", "seq.bmm(seq.transpose(1, 2))", "x[0].broadcast_to((2, 3))", "p.byte()",
    "(x / 3).ceil()", "i.char()", "x.chunk(3, 1)", "x.clamp(-1.0, 2.0)", "x.cos()", "x.cosh()",
    "p.cumprod(1)", "x.cumsum(0)", "x[0].diag()", "x.div(2)", "x.divide(p)", "x.eq(p)", "x.erf()", "x.exp()",
    "x.expm1()", "(x / 3).fix()", "x.flip(0)", "(x / 3).floor()", "x.floor_divide(4)", "x.fmod(3)",
    "x.gather(1, torch.tensor([[0, 0], [2, 1]]))", "x.ge(p)", "x.greater(p)", "x.greater_equal(p)", "x.gt(p)",
    "x.half().float()", "x.index_select(1, torch.tensor([2, 0]))", "(x / 0).isfinite()", "(x / 0).isinf()",
    "x.isnan()", "x.kthvalue(2, 1)[0]", "x.le(p)", "x.less(p)", "x.less_equal(p)", "p.log()", "p.log10()",
    "p.log1p()", "p.log2()", "(x > 0).logical_and(p > 1)", "(x > 0).logical_not()", "(x > 0).logical_or(p > 1)",
    "(x > 0).logical_xor(p > 1)", "x.logsumexp(1)", "x.lt(p)", "x.matmul(p.T)", "x.max()", "x.max(1)[0]",
    "x.maximum(p)", "x.median()", "x.min()", "x.min(dim=0)[1]", "x.minimum(p)", "x.mm(p.t())", "x.mul(p)",
    "x.multiply(p)", "x.ne(p)", "x.neg()", "x.negative()", "(x > 0).nonzero()", "x.norm()", "x.not_equal(p)",
    "x[0].outer(p[1])", "p.pow(2)", "p.prod(1)", "p.reciprocal()", "x.relu()", "x.remainder(3)", "x.repeat(2, 1)",
    "x.repeat_interleave(2, dim=1)", "x.roll(1, 0)", "(x / 3).round()", "p.rsqrt()", "i.short()", "x.sigmoid()",
    "x.sign()", "x.sin()", "x.sinh()", "x.sort(1)[0]", "p.sqrt()", "x.square()", "x.sub(p)", "x.subtract(p)",
    "x.swapdims(0, 1)", "x.tan()", "x.tanh()", "x.tile((1, 2))", "x.topk(2)[0]", "x.tril()", "x.triu(1)",
    "x.true_divide(p)", "(x / 3).trunc()", "x.type(torch.int32)", "x.type(dtype=torch.float64)",
    "x.type('torch.IntTensor')", "[x.type(), (x > 0).type(), x.half().type()]",
    # torch aliases
    "torch.absolute(x)", "torch.aminmax(x, dim=1)[0]", "torch.arccos(p / 5)", "torch.arcsin(p / 5)",
    "torch.arctan(x)", "torch.arctan2(x, p)", "torch.asarray([1.0, 2.0])", "torch.clip(x, -1.0, 2.0)",
    "torch.conv1d(seq, torch.ones(2, 3, 2) / 6)", "torch.conv2d(img, torch.ones(3, 2, 3, 3) / 9)",
    "torch.divide(x, p)", "list(torch.empty(2, 3).shape)", "list(torch.empty_like(x).shape)", "torch.fix(x / 3)",
    "torch.ger(x[0], p[1])", "torch.greater(x, p)", "torch.greater_equal(x, p)", "torch.kthvalue(x, 2)[1]",
    "torch.less(x, p)", "torch.less_equal(x, p)", "torch.log_softmax(x, 1)", "torch.median(x)",
    "torch.multiply(x, p)", "torch.negative(x)", "torch.not_equal(x, p)",
    "torch.pixel_shuffle(torch.arange(16.0).reshape(1, 4, 2, 2), 2)", "torch.subtract(x, p)",
    "torch.swapaxes(x, 0, 1)", "torch.swapdims(seq, 1, 2)", "torch.t(x)", "torch.meshgrid(x[0], p[1])",
    "torch.from_numpy(np.array([[1.5, 2.0], [3.0, -1.0]], dtype=np.float32))",
    "torch.meshgrid(x[0], p[1], indexing='xy')", "torch.meshgrid([x[0], p[1]])", "torch.meshgrid((x[0], p[1]), indexing='xy')",
    "y = x.clone()\ny[0] = 7.0\nresult = y",
    "y = x.clone()\ny[:, 1] = p[:, 0]\nresult = y", "(x * 1).fill_(2.0)", "(x * 1).zero_()",
    "torch.scatter(x, 1, torch.tensor([[0, 1, 2], [2, 1, 0]]), p)", "x.scatter(0, torch.tensor([[1, 0, 1]]), p)",
    "seq.scatter(2, torch.tensor([[[3], [0], [1]]]), -1.0)", "i.scatter(1, torch.tensor([[2, 0]]), i * 10)",
    "torch.median(x, 1)", "x.median(dim=0, keepdim=True)[1]", "torch.median(torch.tensor([[1.0, float('nan'), 0.5]]), 1)",
    "torch.median(i)", "torch.kthvalue(seq, 3, dim=1, keepdim=True)", "torch.aminmax(seq, dim=-1).max",
    "x.aminmax().min",
    "torch.isclose(x, p)", "x.isclose(x + 1e-9)", "torch.isclose(x, x / 0, equal_nan=True)",
    "torch.allclose(x, x)", "x.allclose(p, atol=10.0)",
    "torch.dot(x[0], p[1])", "x[1].dot(p[0])", "torch.mv(x, p[0])", "x.mv(p[1])",
    # legacy typed constructors of data; the CUDA ones as GAN scripts pick them (converted to the CPU ones)
    "(torch.cuda.FloatTensor([1.5, 2.0]) if torch.cuda.is_available() else torch.FloatTensor([1.5, 2.0]))",
    "(torch.cuda.DoubleTensor([1.5, 2.0]) if torch.cuda.is_available() else torch.DoubleTensor([1.5, 2.0]))",
    "(torch.cuda.HalfTensor([0.5, 1.25]) if torch.cuda.is_available() else torch.HalfTensor([0.5, 1.25])).float()",
    "(torch.cuda.BFloat16Tensor([0.5, 2.0]) if torch.cuda.is_available() else torch.BFloat16Tensor([0.5, 2.0])).float()",
    "(torch.cuda.LongTensor([2, 0]) if torch.cuda.is_available() else torch.LongTensor([2, 0]))",
    "(torch.cuda.IntTensor([1, -2]) if torch.cuda.is_available() else torch.IntTensor([1, -2]))",
    "(torch.cuda.ShortTensor([3, 4]) if torch.cuda.is_available() else torch.ShortTensor([3, 4]))",
    "(torch.cuda.CharTensor([-1, 5]) if torch.cuda.is_available() else torch.CharTensor([-1, 5]))",
    "(torch.cuda.ByteTensor([0, 200]) if torch.cuda.is_available() else torch.ByteTensor([0, 200]))",
    "(torch.cuda.BoolTensor([True, False]) if torch.cuda.is_available() else torch.BoolTensor([True, False]))",
    "torch.FloatTensor([[1, 2], [3, 4]])", "torch.DoubleTensor([1.5, 2.0])", "torch.LongTensor([[2, 0], [1, 3]])",
    "torch.IntTensor([1, -2])", "torch.ShortTensor([3, 4])", "torch.CharTensor([-1, 5])", "torch.ByteTensor([0, 200])",
    "torch.BoolTensor([True, False])", "torch.HalfTensor([0.5, 1.25]).float()", "torch.BFloat16Tensor([0.5, 2.0]).float()",
    # random and uninitialised creation: shapes and ranges only
    "list(torch.rand(2, 3).shape)", "(torch.rand(2, 3) < 1).all()", "list(torch.rand_like(x).shape)", "list(torch.randn(4, 2).shape)",
    "list(torch.randn_like(x).shape)", "list(torch.randint(0, 5, (3, 2)).shape)", "(torch.randint(0, 5, (6,)) < 5).all()",
    "torch.randperm(5).sort()[0]", "list(torch.normal(0.0, 1.0, (2, 3)).shape)", "list(torch.normal(x, p).shape)",
    "list(torch.normal(torch.zeros(4), 2.0).shape)", "[torch.manual_seed(0), x][1]",
    "list(torch.multinomial(p, 2).shape)", "(torch.multinomial(p[0], 4, replacement=True) < 3).all()",
    "p.multinomial(1).shape[0]", "torch.multinomial(torch.tensor([[0.0, 1.0, 0.0]]), 1)",
    # nn.functional
    "F.adaptive_avg_pool1d(seq, 2)", "F.adaptive_max_pool1d(seq, 2)", "F.avg_pool1d(seq, 2)", "F.max_pool1d(seq, 2)",
    "F.batch_norm(seq, torch.zeros(3), torch.ones(3) * 2, torch.tensor([1.0, 2.0, 0.5]))",
    "F.batch_norm(seq, torch.zeros(3), torch.ones(3), None, torch.tensor([0.5, 0.0, -1.0]), True, 0.2, 1e-3)",
    "F.batch_norm(img, None, None, training=True)",
    "F.binary_cross_entropy(torch.sigmoid(x), torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]))",
    "F.binary_cross_entropy_with_logits(x, torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]))",
    "F.conv3d(img.unsqueeze(0), torch.ones(2, 1, 2, 2, 2) / 8)",
    "F.interpolate(img, scale_factor=2)", "F.interpolate(img, size=(8, 8), mode='bilinear')",
    "F.l1_loss(x, p)", "F.nll_loss(F.log_softmax(x, 1), torch.tensor([2, 0]))", "F.smooth_l1_loss(x, p)",
    "F.scaled_dot_product_attention(seq, seq, seq)",
    "F.multi_head_attention_forward(seq, seq, seq, 4, 2, torch.sin(torch.arange(48.0)).reshape(12, 4), "
    "torch.zeros(12), None, None, False, 0.0, torch.eye(4), None, training=False)[0]",
    # parameter-free layers
    "nn.AdaptiveAvgPool2d(1)(img)", "nn.AvgPool2d(2)(img)", "nn.MaxPool2d(2)(img)",
    "nn.BCELoss()(torch.sigmoid(x), torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]))",
    "nn.BCEWithLogitsLoss()(x, torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]))",
    "nn.CrossEntropyLoss()(x, torch.tensor([2, 0]))", "nn.CrossEntropyLoss(ignore_index=0)(x, torch.tensor([2, 0]))",
    "nn.CrossEntropyLoss(reduction='none', label_smoothing=0.1)(x, torch.tensor([-100, 1]))",
    "F.cross_entropy(x, torch.tensor([2, -100]))", "F.cross_entropy(x, torch.tensor([2, 1]), ignore_index=1)",
    "F.cross_entropy(x, torch.tensor([-100, 1]), reduction='sum', label_smoothing=0.2)",
    "F.cross_entropy(x, torch.tensor([2, -100]), label_smoothing=0.1)",
    "F.cross_entropy(seq, torch.tensor([[0, -100, 2, 1], [-100, 1, 1, 0]]), reduction='none')",
    "nn.NLLLoss()(F.log_softmax(x, 1), torch.tensor([2, 0]))",
    "F.cross_entropy(x, torch.tensor([2, 0]), weight=torch.tensor([0.5, 2.0, 1.5]))",
    "nn.CrossEntropyLoss(weight=torch.tensor([0.5, 2.0, 1.5]), label_smoothing=0.2)(x, torch.tensor([2, -100]))",
    "F.cross_entropy(x, F.softmax(p, 1), torch.tensor([0.5, 2.0, 1.5]), label_smoothing=0.1)",
    "F.nll_loss(F.log_softmax(x, 1), torch.tensor([2, 1]), weight=torch.tensor([0.5, 2.0, 1.5]), ignore_index=1)",
    "nn.NLLLoss(ignore_index=1)(F.log_softmax(x, 1), torch.tensor([2, 1]))",
    "nn.L1Loss()(x, p)", "nn.MSELoss()(x, p)", "nn.SmoothL1Loss()(x, p)",
    "nn.ConstantPad1d(1, 2.0)(seq)", "nn.ConstantPad2d((1, 0, 0, 1), 2.0)(img)", "nn.ZeroPad2d(1)(img)",
    "nn.ReflectionPad1d(1)(seq)", "nn.ReflectionPad2d(1)(img)", "nn.ReplicationPad2d(1)(img)",
    "nn.ReplicationPad1d((1, 2))(seq)", "nn.ConstantPad1d((0, 2), -1.0)(seq)",
    "nn.Hardtanh(-0.5, max_val=2.0)(x)", "nn.Softplus(2.0)(x)", "nn.LogSoftmax()(seq)",
    "nn.Dropout(0.5).eval()(x)", "nn.Dropout1d(0.5).eval()(seq)", "nn.Dropout2d(0.5).eval()(img)",
    "nn.ELU()(x)", "nn.GELU()(x)", "nn.Hardsigmoid()(x)", "nn.Hardswish()(x)", "nn.Hardtanh()(x)",
    "nn.Identity()(x)", "nn.LeakyReLU(0.2)(x)", "nn.LogSoftmax(dim=1)(x)", "nn.Mish()(x)", "nn.ReLU()(x)",
    "nn.ReLU6()(x * 2)", "nn.SELU()(x)", "nn.SiLU()(x)", "nn.Sigmoid()(x)", "nn.Softmax(dim=1)(x)",
    "nn.Softplus()(x)", "nn.Tanh()(x)", "nn.Flatten()(img)", "nn.PixelShuffle(2)(torch.arange(16.0).reshape(1, 4, 2, 2))",
    "nn.Upsample(scale_factor=2)(img)", "nn.Sequential(nn.ReLU(), nn.Tanh())(x)",
    "nn.ModuleList([nn.ReLU(), nn.Tanh()])[1](x)", "nn.ModuleDict({'a': nn.Sigmoid()})['a'](x)",
    "nn.InstanceNorm1d(3)(seq)", "nn.InstanceNorm2d(2)(img)",
    "F.prelu(img, torch.tensor([0.25]))", "F.prelu(img, torch.tensor([0.1, -0.5]))", "torch.prelu(x, torch.tensor([0.2]))",
    "x.prelu(torch.tensor([0.3]))", "nn.PReLU()(x)", "nn.PReLU(2, init=0.1)(img)",
    "torch.bernoulli((x > 0).float())", "(x > 0).double().bernoulli()", "torch.zeros(2, 3).bernoulli_(1.0)",
    "x.bernoulli_(torch.zeros(2, 3))", "torch.ones(2, 1, dtype=torch.float64).bernoulli_(p=0.0)",
    "nn.Transformer.generate_square_subsequent_mask(3)",
    # in-place initialisers, degenerate ranges so every framework draws the same numbers
    "torch.zeros(2, 3).uniform_(0.5, 0.5)", "torch.zeros(2, 3, dtype=torch.float64).normal_(2.0, 0.0)",
    "torch.zeros(2, 3).copy_(x.double())", "x[0].ger(p[1])", "torch.spmm(x, p.t())",
    "seq[:, torch.tensor([0, 2, 2]), torch.tensor([1, 3, 0])]", "seq[:, torch.tensor([[0], [2]]), torch.tensor([[1], [3]])]",
    "seq.narrow(1, 1, 2)", "torch.narrow(seq, -1, 1, 3)", "seq.narrow(-2, 0, 1) + seq.narrow(0, 1, 1)",
]


_ALL = ("tensorflow", "jax", "numpy")
#: (target, case) -> why the transpiler has no conversion: the case must come back unconverted with a
#: warning and the "# tensorglot: unsupported" marker, never as silently wrong code
UNSUPPORTED = {
}

#: (target, case) -> a conversion bug: the case converts without a warning but does not compute torch's
#: result. The test asserts it still fails, so a fix shows up as a failure telling to drop the entry.
KNOWN_BUGS = {
}


def _kinds(v):
    """The leaf kinds of a JSON-plain result: dtypes as far as JSON keeps them."""
    if isinstance(v, list):
        return [_kinds(e) for e in v]
    return type(v).__name__

# torch call shapes no canonical op says: converted by the source-side hooks (transpiler/hooks.py)
# into ``torch:<name>`` helpers of each target
HOOK_CASES = [
    "torch.split(x, 2, dim=1)", "x.split([1, 2], 1)", "torch.chunk(x, 3, 1)", "x[:, :1].expand(2, 3)",
    "F.pad(x, (1, 2))", "F.pad(x, (1, 1, 1, 0), value=-1.0)", "torch.max(x, 1)", "torch.min(x, dim=0)[0]",
    "torch.sort(x, 1)", "torch.sort(x, descending=True)[1]", "F.normalize(x)", "torch.nonzero(x > 0)",
    "F.one_hot(torch.tensor([0, 2, 1]))", "F.one_hot(torch.tensor([0, 2]), 4)",
]

# torch.nn layers with weights: (constructor, forward over self.layer and x, input). The torch run loads
# shifted weights (_SHIFT_WEIGHTS) so the target matches only if its load_state_dict takes them.
LAYER_CASES = [
    ("nn.Linear(3, 2)", "self.layer(x)", "x"),
    ("nn.Conv1d(3, 2, 2)", "self.layer(x)", "seq"),
    ("nn.Conv2d(2, 3, 3, padding=1)", "self.layer(x)", "img"),
    ("nn.ConvTranspose2d(2, 3, 3, stride=2)", "self.layer(x)", "img"),
    ("nn.BatchNorm1d(3)", "self.layer(x)", "seq"),
    ("nn.BatchNorm2d(2)", "self.layer(x)", "img"),
    ("nn.BatchNorm3d(2, momentum=0.3)", "self.layer(x)", "img.reshape(2, 2, 2, 2, 2)"),
    ("nn.Embedding(4, 3)", "self.layer(x)", "i.abs() % 4"),
    ("nn.EmbeddingBag(9, 3)", "self.layer(x)", "i.abs()"),
    ("nn.EmbeddingBag(9, 3, mode='sum', padding_idx=0)", "self.layer(x.reshape(-1), torch.tensor([0, 2, 2]))", "i.abs()"),
    ("nn.EmbeddingBag(9, 2, mode='max')", "self.layer(x.reshape(-1), torch.tensor([0, 4]))", "i.abs()"),
    ("nn.LayerNorm(4)", "self.layer(x)", "seq"),
    ("nn.GroupNorm(1, 2)", "self.layer(x)", "img"),
    ("nn.PReLU(num_parameters=2)", "self.layer(x)", "img"),
    ("nn.InstanceNorm2d(2, affine=True, track_running_stats=True)", "self.layer(x)", "img"),
    ("nn.InstanceNorm1d(3, track_running_stats=True)", "self.layer(x)", "seq"),
    ("nn.LSTM(4, 3)", "self.layer(x)[0]", "seq"),
    ("nn.GRU(4, 3, batch_first=True)", "self.layer(x)[0]", "seq"),
    ("nn.RNN(4, 3)", "self.layer(x)[1]", "seq"),
    ("nn.LSTMCell(3, 2)", "self.layer(x)[1]", "x"),
    ("nn.GRUCell(3, 2)", "self.layer(x)", "x"),
    ("nn.RNNCell(3, 2)", "self.layer(x)", "x"),
    ("nn.MultiheadAttention(4, 2)", "self.layer(x, x, x)[0]", "seq"),
    ("nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0)", "self.layer(x)", "seq"),
    ("nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0), 2)", "self.layer(x)", "seq"),
    ("nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0)", "self.layer(x, x)", "seq"),
    ("nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0), 1)", "self.layer(x, x)", "seq"),
    ("nn.Transformer(4, 2, 1, 1, 8, dropout=0.0)", "self.layer(x, x)", "seq"),
]

_LAYER_PROGRAM = """import torch
import torch.nn as nn
{inputs}

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = {ctor}

    def forward(self, x):
        return {call}


torch.manual_seed(0)
m = M().eval()
inp = {inp}
"""
_SHIFT_WEIGHTS = ("sd = {k: v * 1.5 + 0.1 if v.is_floating_point() else v for k, v in m.state_dict().items()}\n"
                  "m.load_state_dict(sd)\n")


def _program(case: str) -> str:
    """A case is an expression, or statements (several lines) that assign ``result``."""
    body = case if "\n" in case else f"result = {case}"
    return f"import numpy as np\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n{INPUTS}\n{body}\n"


class TargetCasesTest(unittest.TestCase):
    maxDiff = None

    def run_cases(self, target: str):
        for expr in CASES + HOOK_CASES:
            with self.subTest(expr=expr, target=target):
                src = _program(expr)
                if (target, expr) in KNOWN_BUGS:
                    with self.assertRaises(AssertionError, msg=f"fixed? drop it from KNOWN_BUGS: {expr}"):
                        r = convert(src, target)
                        self.assert_clean(r)
                        self.assert_torch_result(src, r)
                    continue
                r = convert(src, target)
                if (target, expr) in UNSUPPORTED:
                    self.assertTrue([d for d in r["diagnostics"] if d["severity"] == "warning"], r["code"])
                    self.assertIn("# tensorglot: unsupported", r["code"])
                    continue
                self.assert_clean(r)
                self.assert_torch_result(src, r)

    def assert_clean(self, r: dict):
        """Converted with no warning and no torch left."""
        problems = [d for d in r["diagnostics"] if d["severity"] != "info"]
        self.assertFalse(problems, r["code"])
        self.assertNotIn("import torch", r["code"])

    def assert_torch_result(self, src: str, r: dict):
        want = run_expr(src, "result")
        got = run_expr(r["code"], "result")
        assert_close(self, got, want)
        self.assertEqual(_kinds(got), _kinds(want), "result dtype kinds (bool / int / float)")

    def run_layer_cases(self, target: str):
        for ctor, call, inp in LAYER_CASES:
            with self.subTest(layer=ctor, target=target):
                src = _LAYER_PROGRAM.format(inputs=INPUTS, ctor=ctor, call=call, inp=inp)
                want = run_expr(src + _SHIFT_WEIGHTS, '{"sd": sd, "y": m(inp)}')
                r = convert(src, target)
                self.assert_clean(r)
                got = run_expr(r["code"] + f"\nm.load_state_dict({want['sd']!r})\n", "m(inp)")
                assert_close(self, got, want["y"])

    def test_layers_jax(self):
        self.run_layer_cases("jax")

    def test_layers_numpy(self):
        self.run_layer_cases("numpy")

    def test_layers_tensorflow(self):
        self.run_layer_cases("tensorflow")

    def test_jax(self):
        self.run_cases("jax")

    def test_numpy(self):
        self.run_cases("numpy")

    def test_tensorflow(self):
        self.run_cases("tensorflow")


if __name__ == "__main__":
    unittest.main()
