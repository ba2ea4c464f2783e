"""Emulated ``torch.nn`` modules with torch's parameter names, shapes and default inits."""
from __future__ import annotations

import math
from collections import OrderedDict, namedtuple

from ... import core as _core
from ... import tracer as _tracer
from .. import _tensor as _t
from . import functional as F
from . import init

Tensor = _t.Tensor


def _torch():
    from ... import torch
    return torch


class Parameter(Tensor):
    """A Tensor registered by Module.__setattr__ as a parameter (shares ``data``'s storage)."""

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = _torch().empty(0)
        p = cls._new(data._a)
        _t._view(data, p, lambda a: a, lambda parent, new: new)
        p.requires_grad = requires_grad
        return p

    def __init__(self, data=None, requires_grad=True) -> None:
        pass

    def __repr__(self) -> str:
        return "Parameter containing:\n" + _t.format_tensor(self, extra=", requires_grad=True"
                                                             if self.requires_grad else "")


class UninitializedParameter(Parameter):
    pass


_IncompatibleKeys = namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])


class Module:
    """torch.nn.Module: registration, traversal, state_dict and train/eval."""

    _version = 1
    training: bool

    def __init__(self, *args, **kwargs) -> None:
        d = self.__dict__
        d["training"] = True
        d["_parameters"] = OrderedDict()
        d["_buffers"] = OrderedDict()
        d["_non_persistent_buffers_set"] = set()
        d["_modules"] = OrderedDict()

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args, **kwargs):
        scope = getattr(_tracer, "module_scope", None)
        if scope is None:
            return self.forward(*args, **kwargs)
        with scope(self):
            return self.forward(*args, **kwargs)

    # --- attribute registration ------------------------------------------------------
    def __setattr__(self, name, value) -> None:
        d = self.__dict__
        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._remove_from(name)
            params[name] = value
        elif isinstance(value, Module):
            if params is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._remove_from(name)
            d["_modules"][name] = value
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                                "(torch.nn.Parameter or None expected)")
            params[name] = None
        elif params is not None and name in d["_modules"]:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as child module '{name}' "
                                "(torch.nn.Module or None expected)")
            d["_modules"][name] = None
        elif params is not None and name in d["_buffers"]:
            d["_buffers"][name] = value
        else:
            object.__setattr__(self, name, value)

    def _remove_from(self, name):
        d = self.__dict__
        for k in ("_parameters", "_buffers", "_modules"):
            d[k].pop(name, None)
        d.pop(name, None)
        d["_non_persistent_buffers_set"].discard(name)

    def __getattr__(self, name):
        d = self.__dict__
        for k in ("_parameters", "_buffers", "_modules"):
            store = d.get(k)
            if store is not None and name in store:
                return store[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name) -> None:
        d = self.__dict__
        for k in ("_parameters", "_buffers", "_modules"):
            if name in d.get(k, ()):
                del d[k][name]
                return
        object.__delattr__(self, name)

    def __dir__(self):
        return list(super().__dir__()) + list(self._parameters) + list(self._buffers) + list(self._modules)

    def register_parameter(self, name, param) -> None:
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter '{name}' "
                            "(torch.nn.Parameter or None required)")
        self._remove_from(name)
        self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True) -> None:
        self._remove_from(name)
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent_buffers_set.add(name)

    def register_module(self, name, module) -> None:
        self._remove_from(name)
        self._modules[name] = module

    add_module = register_module

    def get_submodule(self, target: str):
        m = self
        for part in target.split(".") if target else ():
            m = m._modules[part]
        return m

    def get_parameter(self, target: str):
        mod, _, name = target.rpartition(".")
        return self.get_submodule(mod)._parameters[name]

    # --- traversal ----------------------------------------------------------------------
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        if memo is None:
            memo = set()
        if remove_duplicate:
            if id(self) in memo:
                return
            memo.add(id(self))
        yield prefix, self
        for name, m in self._modules.items():
            if m is None:
                continue
            yield from m.named_modules(memo, prefix + ("." if prefix else "") + name, remove_duplicate)

    def modules(self):
        for _, m in self.named_modules():
            yield m

    def named_children(self):
        seen = set()
        for name, m in self._modules.items():
            if m is not None and id(m) not in seen:
                seen.add(id(m))
                yield name, m

    def children(self):
        for _, m in self.named_children():
            yield m

    def _named_members(self, store, prefix, recurse):
        seen = set()
        mods = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for mp, m in mods:
            for name, v in getattr(m, store).items():
                if v is None or id(v) in seen:
                    continue
                seen.add(id(v))
                yield mp + ("." if mp else "") + name, v

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        return self._named_members("_parameters", prefix, recurse)

    def parameters(self, recurse=True):
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        return self._named_members("_buffers", prefix, recurse)

    def buffers(self, recurse=True):
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def apply(self, fn):
        for m in self.children():
            m.apply(fn)
        fn(self)
        return self

    # --- modes, devices -------------------------------------------------------------------
    def train(self, mode: bool = True):
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.__dict__["training"] = mode
        for m in self.children():
            m.train(mode)
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True):
        for p in self.parameters():
            p.requires_grad = requires_grad
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        for p in self.parameters():
            p.grad = None

    def to(self, *args, **kwargs):
        dtype = kwargs.get("dtype")
        for a in args:
            if isinstance(a, _core.DType):
                dtype = a
        if dtype is not None:
            for store in ("_parameters", "_buffers"):
                for m in self.modules():
                    for k, v in getattr(m, store).items():
                        if v is not None and v.is_floating_point():
                            v._a = v._a.astype(_t.FW.canon_dtype(dtype))
        return self

    def cpu(self, *a, **k):
        return self

    cuda = cpu

    def float(self):
        return self.to(_t.DTYPE_ATTRS["float32"])

    def double(self):
        return self.to(_t.DTYPE_ATTRS["float64"])

    def half(self):
        return self.to(_t.DTYPE_ATTRS["float16"])

    def share_memory(self):
        return self

    # --- state ------------------------------------------------------------------------------
    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        out = OrderedDict() if destination is None else destination
        for name, p in self._parameters.items():
            if p is not None:
                out[prefix + name] = p if keep_vars else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent_buffers_set:
                out[prefix + name] = b if keep_vars else b.detach()
        for name, m in self._modules.items():
            if m is not None:
                m.state_dict(destination=out, prefix=prefix + name + ".", keep_vars=keep_vars)
        return out

    def load_state_dict(self, state_dict, strict: bool = True):
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        for k, target in own.items():
            if k not in state_dict:
                continue
            src = state_dict[k]
            if not isinstance(src, Tensor):
                src = _torch().as_tensor(src)
            if tuple(src.shape) != tuple(target.shape):
                errors.append(f"size mismatch for {k}: copying a param with shape {src.shape} from "
                              f"checkpoint, the shape in current model is {target.shape}.")
                continue
            with _core.quiet():
                target._assign(src._a)
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected) + ". ")
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ". ")
        if errors:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                               + "\n\t".join(errors))
        return _IncompatibleKeys(missing, unexpected)

    # --- printing -----------------------------------------------------------------------------
    def extra_repr(self) -> str:
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        lines = []
        extra = self.extra_repr()
        if extra:
            lines = extra.split("\n")
        for name, m in self._modules.items():
            r = repr(m).replace("\n", "\n  ")
            lines.append(f"({name}): {r}")
        main = self._get_name() + "("
        if lines:
            if len(lines) == 1 and not self._modules:
                main += lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"


# --- containers ---------------------------------------------------------------------------------
class Sequential(Module):
    def __init__(self, *args) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], (OrderedDict, dict)):
            for k, m in args[0].items():
                self.add_module(k, m)
        else:
            for i, m in enumerate(args):
                self.add_module(str(i), m)

    def forward(self, input):
        for m in self._modules.values():
            input = m(input)
        return input

    def __getitem__(self, idx):
        mods = list(self._modules.items())
        if isinstance(idx, slice):
            return type(self)(OrderedDict(mods[idx]))
        return mods[_index(idx, len(mods))][1]

    def __setitem__(self, idx, module) -> None:
        key = list(self._modules)[_index(idx, len(self._modules))]
        self._modules[key] = module

    def __delitem__(self, idx) -> None:
        keys = list(self._modules)
        for k in (keys[idx] if isinstance(idx, slice) else [keys[_index(idx, len(keys))]]):
            del self._modules[k]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self


def _index(idx, n):
    idx = int(idx)
    if not -n <= idx < n:
        raise IndexError(f"index {idx} is out of range")
    return idx % n


class ModuleList(Module):
    def __init__(self, modules=None) -> None:
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def __getitem__(self, idx):
        mods = list(self._modules.values())
        if isinstance(idx, slice):
            return type(self)(mods[idx])
        return mods[_index(idx, len(mods))]

    def __setitem__(self, idx, module) -> None:
        self.add_module(str(_index(idx, len(self))), module)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __iadd__(self, modules):
        return self.extend(modules)

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules):
        for m in modules:
            self.append(m)
        return self

    def insert(self, index, module) -> None:
        mods = list(self._modules.values())
        mods.insert(index, module)
        self._modules.clear()
        for i, m in enumerate(mods):
            self._modules[str(i)] = m


class ModuleDict(Module):
    def __init__(self, modules=None) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key):
        return self._modules[key]

    def __setitem__(self, key, module) -> None:
        self.add_module(key, module)

    def __delitem__(self, key) -> None:
        del self._modules[key]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key) -> bool:
        return key in self._modules

    def keys(self):
        return self._modules.keys()

    def values(self):
        return self._modules.values()

    def items(self):
        return self._modules.items()

    def update(self, modules) -> None:
        items = modules.items() if hasattr(modules, "items") else modules
        for k, m in items:
            self[k] = m

    def pop(self, key):
        return self._modules.pop(key)


class ParameterList(Module):
    def __init__(self, values=None) -> None:
        super().__init__()
        for v in values or ():
            self.append(v)

    def append(self, value):
        self.register_parameter(str(len(self._parameters)), value if isinstance(value, Parameter)
                                else Parameter(value))
        return self

    def __getitem__(self, idx):
        return list(self._parameters.values())[idx]

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self):
        return iter(self._parameters.values())


class ParameterDict(Module):
    def __init__(self, parameters=None) -> None:
        super().__init__()
        for k, v in (parameters or {}).items():
            self[k] = v

    def __setitem__(self, key, value) -> None:
        self.register_parameter(key, value if isinstance(value, Parameter) else Parameter(value))

    def __getitem__(self, key):
        return self._parameters[key]

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self):
        return iter(self._parameters)

    def keys(self):
        return self._parameters.keys()

    def items(self):
        return self._parameters.items()

    def values(self):
        return self._parameters.values()


# --- helpers ---------------------------------------------------------------------------------------
def _empty(*shape):
    return _torch().empty(*shape)


def _uniform_param(shape, bound):
    return Parameter(_empty(*shape).uniform_(-bound, bound))


def _pair(v, n=2):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


class Identity(Module):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None) -> None:
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        self.weight = Parameter(_empty(out_features, in_features))
        self.bias = Parameter(_empty(out_features)) if bias else None
        if not bias:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        # kaiming_uniform_(a=sqrt(5)) == U(-1/sqrt(fan_in), 1/sqrt(fan_in))
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1 / math.sqrt(self.in_features) if self.in_features > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class _ConvNd(Module):
    _n = 2
    _transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
                 groups=1, bias=True, padding_mode="zeros", device=None, dtype=None,
                 output_padding=0) -> None:
        super().__init__()
        n = self._n
        if in_channels % groups or out_channels % groups:
            raise ValueError("in_channels and out_channels must be divisible by groups")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _pair(kernel_size, n)
        self.stride = _pair(stride, n)
        self.padding = padding if isinstance(padding, str) else _pair(padding, n)
        self.dilation = _pair(dilation, n)
        self.output_padding = _pair(output_padding, n)
        self.groups = groups
        self.padding_mode = padding_mode
        if self._transposed:
            shape = (in_channels, out_channels // groups) + self.kernel_size
        else:
            shape = (out_channels, in_channels // groups) + self.kernel_size
        self.weight = Parameter(_empty(*shape))
        if bias:
            self.bias = Parameter(_empty(out_channels))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in:
                init.uniform_(self.bias, -1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in))

    def _conv_forward(self, input, weight, bias):
        if self.padding_mode != "zeros":
            mode = {"reflect": "reflect", "replicate": "replicate", "circular": "circular"}[self.padding_mode]
            pad = []
            for p in reversed(self.padding):
                pad += [p, p]
            input = F.pad(input, pad, mode=mode)
            return _conv(self._n)(input, weight, bias, self.stride, 0, self.dilation, self.groups)
        return _conv(self._n)(input, weight, bias, self.stride, self.padding, self.dilation, self.groups)

    def forward(self, input):
        return self._conv_forward(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * self._n:
            s += f", padding={self.padding if isinstance(self.padding, str) else self.padding}"
        if self.dilation != (1,) * self._n:
            s += f", dilation={self.dilation}"
        if self._transposed and self.output_padding != (0,) * self._n:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


def _conv(n):
    return {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[n]


class Conv1d(_ConvNd):
    _n = 1


class Conv2d(_ConvNd):
    _n = 2


class _ConvTransposeNd(_ConvNd):
    _transposed = True

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0,
                 groups=1, bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups,
                         bias, padding_mode, output_padding=output_padding)

    def forward(self, input, output_size=None):
        fn = F.conv_transpose1d if self._n == 1 else F.conv_transpose2d
        return fn(input, self.weight, self.bias, self.stride, self.padding, self.output_padding,
                  self.groups, self.dilation)


class ConvTranspose1d(_ConvTransposeNd):
    _n = 1


class ConvTranspose2d(_ConvTransposeNd):
    _n = 2


class _NormBase(Module):
    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True,
                 device=None, dtype=None) -> None:
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        torch = _torch()
        if affine:
            self.weight = Parameter(torch.ones(num_features))
            self.bias = Parameter(torch.zeros(num_features))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", torch.zeros(num_features))
            self.register_buffer("running_var", torch.ones(num_features))
            self.register_buffer("num_batches_tracked", torch.tensor(0))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"track_running_stats={self.track_running_stats}")


class _BatchNorm(_NormBase):
    _dims = (2, 3)

    def forward(self, input):
        if input.ndim not in self._dims:
            raise ValueError(f"expected {' or '.join(f'{d}D' for d in self._dims)} input (got {input.ndim}D input)")
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            with _core.quiet():
                self.num_batches_tracked.add_(1)
            if self.momentum is None:  # cumulative moving average
                momentum = 1.0 / float(self.num_batches_tracked)
        use_batch = self.training or self.running_mean is None
        return F.batch_norm(input, self.running_mean if not self.training or self.track_running_stats else None,
                            self.running_var if not self.training or self.track_running_stats else None,
                            self.weight, self.bias, use_batch, momentum, self.eps)


class BatchNorm1d(_BatchNorm):
    _dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    _dims = (4,)


class BatchNorm3d(_BatchNorm):
    _dims = (5,)


class InstanceNorm1d(_NormBase):
    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False,
                 device=None, dtype=None) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats)

    def forward(self, input):
        if self.track_running_stats and not self.training:
            return F.batch_norm(input, self.running_mean, self.running_var, self.weight, self.bias, False,
                                0.0, self.eps)
        if self.track_running_stats:
            self._track(input)
        return F.instance_norm(input, None, None, self.weight, self.bias, True, self.momentum, self.eps)

    def _track(self, input):
        """torch blends the batch mean of the per-instance means and unbiased variances in
        (num_batches_tracked stays 0, as in torch)."""
        torch, m = _torch(), self.momentum
        with _core.quiet(), torch.no_grad():
            flat = input.reshape(input.shape[0], input.shape[1], -1)
            mean, var = flat.mean(2).mean(0), flat.var(2, unbiased=flat.shape[2] > 1).mean(0)
            self.running_mean.copy_(self.running_mean * (1 - m) + mean * m)
            self.running_var.copy_(self.running_var * (1 - m) + var * m)


InstanceNorm2d = type("InstanceNorm2d", (InstanceNorm1d,), {})


class PReLU(Module):
    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None) -> None:
        super().__init__()
        self.num_parameters = num_parameters
        self.weight = Parameter(_torch().full((num_parameters,), float(init)))

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class LayerNorm(Module):
    def __init__(self, normalized_shape, eps=1e-05, elementwise_affine=True, device=None, dtype=None) -> None:
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        torch = _torch()
        if elementwise_affine:
            self.weight = Parameter(torch.ones(*self.normalized_shape))
            self.bias = Parameter(torch.zeros(*self.normalized_shape))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class GroupNorm(Module):
    def __init__(self, num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None) -> None:
        super().__init__()
        if num_channels % num_groups:
            raise ValueError("num_channels must be divisible by num_groups")
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        torch = _torch()
        if affine:
            self.weight = Parameter(torch.ones(num_channels))
            self.bias = Parameter(torch.zeros(num_channels))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}"


def _embedding_table(num_embeddings, embedding_dim, padding_idx, weight):
    """(padding_idx made non-negative, the weight Parameter): N(0, 1) rows, the padding row zeros."""
    if padding_idx is not None and padding_idx < 0:
        padding_idx += num_embeddings
    if weight is not None:
        return padding_idx, Parameter(weight)
    table = Parameter(_empty(num_embeddings, embedding_dim).normal_())
    if padding_idx is not None:
        table[padding_idx] = 0.0
    return padding_idx, table


class Embedding(Module):
    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
                 scale_grad_by_freq=False, sparse=False, _weight=None, device=None, dtype=None) -> None:
        super().__init__()
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.padding_idx, self.weight = _embedding_table(num_embeddings, embedding_dim, padding_idx, _weight)

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, padding_idx=None, **kw):
        rows, cols = embeddings.shape
        return cls(rows, cols, padding_idx=padding_idx, _weight=embeddings)

    def forward(self, input):
        return F.embedding(input, self.weight, self.padding_idx)

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        return s + (f", padding_idx={self.padding_idx}" if self.padding_idx is not None else "")


class EmbeddingBag(Module):
    """Bags of embedding rows reduced by ``mode``: a row of 2-D ``input`` is a bag, else
    ``input[offsets[i]:offsets[i + 1]]`` (the last to the end, unless ``include_last_offset``);
    ``padding_idx`` entries are left out (also of a mean's count); an empty bag is zeros."""

    def __init__(self, num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
                 mode="mean", sparse=False, _weight=None, include_last_offset=False, padding_idx=None,
                 device=None, dtype=None) -> None:
        super().__init__()
        if mode not in ("sum", "mean", "max"):
            raise ValueError(f"mode has to be one of sum, mean or max, but got {mode}")
        self.num_embeddings, self.embedding_dim, self.mode = num_embeddings, embedding_dim, mode
        self.include_last_offset = include_last_offset
        self.padding_idx, self.weight = _embedding_table(num_embeddings, embedding_dim, padding_idx, _weight)

    def forward(self, input, offsets=None, per_sample_weights=None):
        torch = _torch()
        flat = input.reshape(-1)
        if input.ndim == 2:
            if offsets is not None:
                raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch "
                                 "of fixed length sequences.")
            n = input.shape[1]
            bounds = [(i * n, i * n + n) for i in range(input.shape[0])]
        else:
            if offsets is None:
                raise ValueError("offsets has to be a 1D Tensor but got None")
            cuts = [int(v) for v in offsets.tolist()]
            ends = cuts[1:] if self.include_last_offset else cuts[1:] + [flat.shape[0]]
            bounds = list(zip(cuts, ends))
        if per_sample_weights is not None and self.mode != "sum":
            raise NotImplementedError("embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                      f"supported for mode='sum' (got mode='{self.mode}').")
        ids = [int(v) for v in flat.tolist()]
        bags = []
        for start, end in bounds:
            keep = [j for j in range(start, end) if ids[j] != self.padding_idx]
            if not keep:
                bags.append(torch.zeros(self.embedding_dim, dtype=self.weight.dtype))
                continue
            rows = F.embedding(flat[torch.tensor(keep)], self.weight)
            if per_sample_weights is not None:
                rows = rows * per_sample_weights.reshape(-1)[torch.tensor(keep)].unsqueeze(1)
            bags.append(rows.max(0).values if self.mode == "max" else getattr(rows, self.mode)(0))
        return torch.stack(bags)

    def extra_repr(self) -> str:
        return f"{self.num_embeddings}, {self.embedding_dim}, mode={self.mode!r}"


class _DropoutNd(Module):
    _fn = "dropout"

    def __init__(self, p=0.5, inplace=False) -> None:
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input):
        return getattr(F, self._fn)(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    pass


class Dropout1d(_DropoutNd):
    _fn = "dropout1d"


class Dropout2d(_DropoutNd):
    _fn = "dropout2d"


class Dropout3d(_DropoutNd):
    _fn = "dropout3d"


# --- stateless layers from a table: class -> (functional, constructor signature, repr keys) ------------
_SIMPLE = {
    "ReLU": ("relu", "inplace=False", ""),
    "ReLU6": ("relu6", "inplace=False", ""),
    "GELU": ("gelu", "approximate='none'", "approximate"),
    "SiLU": ("silu", "inplace=False", ""),
    "Mish": ("mish", "inplace=False", ""),
    "Sigmoid": ("sigmoid", "", ""),
    "Tanh": ("tanh", "", ""),
    "SELU": ("selu", "inplace=False", ""),
    "Hardsigmoid": ("hardsigmoid", "inplace=False", ""),
    "Hardswish": ("hardswish", "inplace=False", ""),
    "LeakyReLU": ("leaky_relu", "negative_slope=0.01, inplace=False", "negative_slope"),
    "ELU": ("elu", "alpha=1.0, inplace=False", "alpha"),
    "Hardtanh": ("hardtanh", "min_val=-1.0, max_val=1.0, inplace=False", "min_val max_val"),
    "Softplus": ("softplus", "beta=1, threshold=20", "beta threshold"),
    "Softmax": ("softmax", "dim=None", "dim"),
    "LogSoftmax": ("log_softmax", "dim=None", "dim"),
    "PixelShuffle": ("pixel_shuffle", "upscale_factor", "upscale_factor"),
    "MaxPool1d": ("max_pool1d", "kernel_size, stride=None, padding=0, dilation=1, return_indices=False, "
                  "ceil_mode=False", "kernel_size stride padding dilation ceil_mode"),
    "MaxPool2d": ("max_pool2d", "kernel_size, stride=None, padding=0, dilation=1, return_indices=False, "
                  "ceil_mode=False", "kernel_size stride padding dilation ceil_mode"),
    "AvgPool1d": ("avg_pool1d", "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True",
                  "kernel_size stride padding"),
    "AvgPool2d": ("avg_pool2d", "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, "
                  "divisor_override=None", "kernel_size stride padding"),
    "AdaptiveAvgPool1d": ("adaptive_avg_pool1d", "output_size", "output_size"),
    "AdaptiveAvgPool2d": ("adaptive_avg_pool2d", "output_size", "output_size"),
    "AdaptiveMaxPool2d": ("adaptive_max_pool2d", "output_size, return_indices=False", "output_size"),
    "Upsample": ("interpolate", "size=None, scale_factor=None, mode='nearest', align_corners=None",
                 "size scale_factor mode"),
    "MSELoss": ("mse_loss", "size_average=None, reduce=None, reduction='mean'", ""),
    "CrossEntropyLoss": ("cross_entropy", "weight=None, size_average=None, ignore_index=-100, reduce=None, "
                         "reduction='mean', label_smoothing=0.0", ""),
    "NLLLoss": ("nll_loss", "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'",
                ""),
    "BCELoss": ("binary_cross_entropy", "weight=None, size_average=None, reduce=None, reduction='mean'", ""),
    "BCEWithLogitsLoss": ("binary_cross_entropy_with_logits", "weight=None, size_average=None, reduce=None, "
                          "reduction='mean', pos_weight=None", ""),
    "L1Loss": ("l1_loss", "size_average=None, reduce=None, reduction='mean'", ""),
    "SmoothL1Loss": ("smooth_l1_loss", "size_average=None, reduce=None, reduction='mean', beta=1.0", ""),
}
#: constructor arguments that are not arguments of the functional form
_CTOR_ONLY = {"inplace", "return_indices", "size_average", "reduce"}


def _simple_layer(cls_name, fn_name, sig, repr_keys):
    import inspect
    ns = {}
    exec(f"def _f(self, {sig}): pass" if sig else "def _f(self): pass", {}, ns)
    params = list(inspect.signature(ns["_f"]).parameters.values())[1:]
    keys = repr_keys.split()

    def __init__(self, *args, **kwargs):
        Module.__init__(self)
        ba = inspect.Signature(params).bind(*args, **kwargs)
        ba.apply_defaults()
        for k, v in ba.arguments.items():
            self.__dict__[k] = v

    def forward(self, *inputs):
        fn = getattr(F, fn_name)
        kw = {p.name: self.__dict__[p.name] for p in params if p.name not in _CTOR_ONLY
              and (p.name != "weight" or self.__dict__[p.name] is not None)}
        return fn(*inputs, **kw)

    def extra_repr(self):
        return ", ".join(f"{k}={self.__dict__[k]!r}" if isinstance(self.__dict__[k], str) else
                         f"{k}={self.__dict__[k]}" for k in keys)

    return type(cls_name, (Module,), {"__init__": __init__, "forward": forward, "extra_repr": extra_repr,
                                      "__module__": __name__})


for _name, (_fn, _sig, _keys) in _SIMPLE.items():
    globals()[_name] = _simple_layer(_name, _fn, _sig, _keys)


class Flatten(Module):
    def __init__(self, start_dim=1, end_dim=-1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    def __init__(self, dim, unflattened_size) -> None:
        super().__init__()
        self.dim, self.unflattened_size = dim, tuple(unflattened_size)

    def forward(self, input):
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class _PadNd(Module):
    _mode = "constant"
    _n = 2

    def __init__(self, padding, value=0.0) -> None:
        super().__init__()
        self.padding = _pair(padding, 2 * self._n)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, self._mode, self.value if self._mode == "constant" else None)

    def extra_repr(self) -> str:
        return f"{self.padding}" + (f", value={self.value}" if self._mode == "constant" else "")


class ZeroPad2d(_PadNd):
    def __init__(self, padding) -> None:
        super().__init__(padding, 0.0)


class ConstantPad2d(_PadNd):
    pass


class ConstantPad1d(_PadNd):
    _n = 1


class ReflectionPad2d(_PadNd):
    _mode = "reflect"

    def __init__(self, padding) -> None:
        super().__init__(padding)


class ReflectionPad1d(ReflectionPad2d):
    _n = 1


class ReplicationPad2d(ReflectionPad2d):
    _mode = "replicate"


class ReplicationPad1d(ReplicationPad2d):
    _n = 1


# --- attention and recurrent layers -----------------------------------------------------------------------
class MultiheadAttention(Module):
    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False,
                 kdim=None, vdim=None, batch_first=False, device=None, dtype=None) -> None:
        super().__init__()
        if embed_dim % num_heads:
            raise AssertionError("embed_dim must be divisible by num_heads")
        if add_bias_kv or add_zero_attn or (kdim not in (None, embed_dim)) or (vdim not in (None, embed_dim)):
            raise _core.UnsupportedAPI("torch.nn.MultiheadAttention with add_bias_kv, add_zero_attn or "
                                       "kdim/vdim is not supported by Tensorglot's torch emulation")
        self.embed_dim, self.num_heads, self.dropout = embed_dim, num_heads, dropout
        self.batch_first, self.head_dim = batch_first, embed_dim // num_heads
        self.kdim = self.vdim = embed_dim
        self._qkv_same_embed_dim = True
        self.in_proj_weight = Parameter(_empty(3 * embed_dim, embed_dim))
        self.register_parameter("q_proj_weight", None)
        self.register_parameter("k_proj_weight", None)
        self.register_parameter("v_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(_empty(3 * embed_dim))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias)
        self.bias_k = self.bias_v = None
        self.add_zero_attn = False
        init.xavier_uniform_(self.in_proj_weight)
        if bias:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
                average_attn_weights=True, is_causal=False):
        if self.batch_first and query.ndim == 3:
            query, key, value = (t.transpose(0, 1) for t in (query, key, value))
        b_qkv = (None,) * 3 if self.in_proj_bias is None else self.in_proj_bias.chunk(3)
        out, weights = _t.mha_core(query, key, value, self.num_heads, self.in_proj_weight.chunk(3), b_qkv,
                                   self.dropout, self.training, key_padding_mask, need_weights, attn_mask,
                                   average_attn_weights, self.out_proj)
        return (out.transpose(0, 1) if self.batch_first and out.ndim == 3 else out), weights


class NonDynamicallyQuantizableLinear(Linear):
    pass


def _transformer_activation(activation):
    """torch's ``activation`` argument: "relu" / "gelu" or a callable (a function or a module)."""
    if activation == "relu":
        return F.relu
    if activation == "gelu":
        return F.gelu
    if callable(activation):
        return activation
    raise RuntimeError(f"activation should be relu/gelu, not {activation}")


def _clones(module, n):
    import copy
    return ModuleList([copy.deepcopy(module) for _ in range(n)])


def _causal_hint(mask, is_causal):
    # torch 2.x: is_causal is a hint about ``mask``, which must still be given
    if is_causal and mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint.")


class _TransformerLayerBase(Module):
    """Shared construction of the encoder/decoder layers (torch 1.13 attribute names)."""

    def _build_ff(self, d_model, dim_feedforward, dropout, activation, layer_norm_eps, norm_first, n_norms):
        self.linear1 = Linear(d_model, dim_feedforward)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model)
        self.norm_first = norm_first
        for i in range(1, n_norms + 1):
            setattr(self, f"norm{i}", LayerNorm(d_model, eps=layer_norm_eps))
        for i in range(1, n_norms + 1):
            setattr(self, f"dropout{i}", Dropout(dropout))
        self.activation_relu_or_gelu = activation in ("relu", "gelu") or activation in (F.relu, F.gelu)
        self.activation = _transformer_activation(activation)

    def _ff_block(self, x, dropout):
        return dropout(self.linear2(self.dropout(self.activation(self.linear1(x)))))


class TransformerEncoderLayer(_TransformerLayerBase):
    """torch.nn.TransformerEncoderLayer (post-norm unless norm_first), torch 1.13's math; eval-mode
    results of torch's fused fast path are the same numbers for the non-padded positions."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu", layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, device=None, dtype=None) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first)
        self._build_ff(d_model, dim_feedforward, dropout, activation, layer_norm_eps, norm_first, 2)

    def _sa_block(self, x, attn_mask, key_padding_mask):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False)[0]
        return self.dropout1(x)

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        _causal_hint(src_mask, is_causal)
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask)
            return x + self._ff_block(self.norm2(x), self.dropout2)
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask))
        return self.norm2(x + self._ff_block(x, self.dropout2))


class TransformerDecoderLayer(_TransformerLayerBase):
    """torch.nn.TransformerDecoderLayer: self-attention, cross-attention over ``memory``, feed-forward."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu", layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, device=None, dtype=None) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first)
        self._build_ff(d_model, dim_feedforward, dropout, activation, layer_norm_eps, norm_first, 3)

    def _sa_block(self, x, attn_mask, key_padding_mask):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False)[0]
        return self.dropout1(x)

    def _mha_block(self, x, mem, attn_mask, key_padding_mask):
        x = self.multihead_attn(x, mem, mem, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                                need_weights=False)[0]
        return self.dropout2(x)

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False):
        _causal_hint(tgt_mask, tgt_is_causal)
        _causal_hint(memory_mask, memory_is_causal)
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask)
            return x + self._ff_block(self.norm3(x), self.dropout3)
        x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask))
        x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask))
        return self.norm3(x + self._ff_block(x, self.dropout3))


class TransformerEncoder(Module):
    """torch.nn.TransformerEncoder: ``num_layers`` deep copies of ``encoder_layer``, then ``norm``.
    Not emulated: torch 1.13's nested-tensor fast path (eval, batch_first, a padding mask, no grad),
    which returns zeros at the padded positions -- the non-padded positions are the same numbers."""

    def __init__(self, encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True) -> None:
        super().__init__()
        self.layers = _clones(encoder_layer, num_layers)
        self.num_layers, self.norm = num_layers, norm
        self.enable_nested_tensor, self.mask_check = enable_nested_tensor, mask_check

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        if src_key_padding_mask is not None and not (src_key_padding_mask.dtype == _torch().bool
                                                     or src_key_padding_mask.is_floating_point()):
            raise AssertionError("only bool and floating types of key_padding_mask are supported")
        output = src
        for mod in self.layers:
            output = mod(output, src_mask=mask, src_key_padding_mask=src_key_padding_mask)
        return self.norm(output) if self.norm is not None else output


class TransformerDecoder(Module):
    """torch.nn.TransformerDecoder: ``num_layers`` deep copies of ``decoder_layer``, then ``norm``."""

    def __init__(self, decoder_layer, num_layers, norm=None) -> None:
        super().__init__()
        self.layers = _clones(decoder_layer, num_layers)
        self.num_layers, self.norm = num_layers, norm

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False):
        output = tgt
        for mod in self.layers:
            output = mod(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                         tgt_key_padding_mask=tgt_key_padding_mask, memory_key_padding_mask=memory_key_padding_mask)
        return self.norm(output) if self.norm is not None else output


class Transformer(Module):
    """torch.nn.Transformer: encoder and decoder stacks with final LayerNorms; xavier_uniform_ on
    every matrix parameter, as torch's _reset_parameters."""

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
                 dropout=0.1, activation="relu", custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, device=None, dtype=None) -> None:
        super().__init__()
        layer_args = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first)
        self.encoder = custom_encoder if custom_encoder is not None else TransformerEncoder(
            TransformerEncoderLayer(*layer_args), num_encoder_layers, LayerNorm(d_model, eps=layer_norm_eps))
        self.decoder = custom_decoder if custom_decoder is not None else TransformerDecoder(
            TransformerDecoderLayer(*layer_args), num_decoder_layers, LayerNorm(d_model, eps=layer_norm_eps))
        self.d_model, self.nhead, self.batch_first = d_model, nhead, batch_first
        for p in self.parameters():
            if p.dim() > 1:
                init.xavier_uniform_(p)

    def forward(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
                tgt_key_padding_mask=None, memory_key_padding_mask=None):
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask)

    @staticmethod
    def generate_square_subsequent_mask(sz, device=None, dtype=None):
        torch = _torch()
        return torch.triu(torch.full((sz, sz), float("-inf")), diagonal=1)


class _RNNBase(Module):
    _gates = 1
    _mode = "RNN_TANH"

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None, nonlinearity=None) -> None:
        super().__init__()
        if proj_size:
            raise _core.UnsupportedAPI("proj_size is not supported by Tensorglot's torch emulation")
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout = bias, batch_first, float(dropout)
        self.bidirectional, self.proj_size = bidirectional, 0
        if nonlinearity is not None:
            self.nonlinearity = nonlinearity
        dirs = 2 if bidirectional else 1
        g = self._gates * hidden_size
        bound = 1.0 / math.sqrt(hidden_size) if hidden_size > 0 else 0
        for layer in range(num_layers):
            for d in range(dirs):
                sfx = f"_l{layer}" + ("_reverse" if d else "")
                in_sz = input_size if layer == 0 else hidden_size * dirs
                setattr(self, "weight_ih" + sfx, _uniform_param((g, in_sz), bound))
                setattr(self, "weight_hh" + sfx, _uniform_param((g, hidden_size), bound))
                if bias:
                    setattr(self, "bias_ih" + sfx, _uniform_param((g,), bound))
                    setattr(self, "bias_hh" + sfx, _uniform_param((g,), bound))

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if not self.bias:
            s += ", bias=False"
        if self.batch_first:
            s += ", batch_first=True"
        if self.dropout:
            s += f", dropout={self.dropout}"
        if self.bidirectional:
            s += ", bidirectional=True"
        return s

    def _cell(self, xw, h, c, w_hh, b_hh):
        raise NotImplementedError

    def forward(self, input, hx=None):
        torch = _torch()
        batched = input.ndim == 3
        if not batched:
            input = input.unsqueeze(1)
        elif self.batch_first:
            input = input.transpose(0, 1)
        T, N, _ = input.shape
        dirs = 2 if self.bidirectional else 1
        H = self.hidden_size
        lstm = self._gates == 4
        if hx is None:
            h0 = torch.zeros(self.num_layers * dirs, N, H)
            c0 = torch.zeros(self.num_layers * dirs, N, H) if lstm else None
        else:
            h0, c0 = hx if lstm else (hx, None)
            if not batched:
                h0 = h0.unsqueeze(1)
                c0 = c0.unsqueeze(1) if c0 is not None else None
        layer_in = input
        h_n, c_n = [], []
        for layer in range(self.num_layers):
            outs = []
            for d in range(dirs):
                sfx = f"_l{layer}" + ("_reverse" if d else "")
                w_ih, w_hh = getattr(self, "weight_ih" + sfx), getattr(self, "weight_hh" + sfx)
                b_ih = getattr(self, "bias_ih" + sfx) if self.bias else None
                b_hh = getattr(self, "bias_hh" + sfx) if self.bias else None
                xw = F.linear(layer_in, w_ih, b_ih)  # all time steps at once
                i = layer * dirs + d
                h = h0[i]
                c = c0[i] if lstm else None
                steps = range(T - 1, -1, -1) if d else range(T)
                seq = [None] * T
                for t in steps:
                    h, c = self._cell(xw[t], h, c, w_hh, b_hh)
                    seq[t] = h
                outs.append(torch.stack(seq, 0) if T else torch.zeros(0, N, H))
                h_n.append(h)
                if lstm:
                    c_n.append(c)
            layer_in = outs[0] if dirs == 1 else torch.cat(outs, 2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_in = F.dropout(layer_in, self.dropout, True)
        out = layer_in
        h_n = torch.stack(h_n, 0)
        c_n = torch.stack(c_n, 0) if lstm else None
        if not batched:
            out, h_n = out.squeeze(1), h_n.squeeze(1)
            c_n = c_n.squeeze(1) if lstm else None
        elif self.batch_first:
            out = out.transpose(0, 1)
        return (out, (h_n, c_n)) if lstm else (out, h_n)


def _lstm_cell(xw, h, c, w_hh, b_hh):
    gates = xw + F.linear(h, w_hh, b_hh)
    i, f, g, o = gates.chunk(4, -1)  # torch gate order: input, forget, cell, output
    torch = _torch()
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c), c


def _gru_cell(xw, h, w_hh, b_hh):
    torch = _torch()
    hw = F.linear(h, w_hh, b_hh)
    x_r, x_z, x_n = xw.chunk(3, -1)  # torch gate order: reset, update, new
    h_r, h_z, h_n = hw.chunk(3, -1)
    r = torch.sigmoid(x_r + h_r)
    z = torch.sigmoid(x_z + h_z)
    n = torch.tanh(x_n + r * h_n)
    return (1 - z) * n + z * h


class RNN(_RNNBase):
    def __init__(self, *args, nonlinearity="tanh", **kwargs) -> None:
        super().__init__(*args, nonlinearity=nonlinearity, **kwargs)

    def _cell(self, xw, h, c, w_hh, b_hh):
        pre = xw + F.linear(h, w_hh, b_hh)
        return (_torch().tanh(pre) if self.nonlinearity == "tanh" else _torch().relu(pre)), None


class LSTM(_RNNBase):
    _gates = 4

    def _cell(self, xw, h, c, w_hh, b_hh):
        return _lstm_cell(xw, h, c, w_hh, b_hh)


class GRU(_RNNBase):
    _gates = 3

    def _cell(self, xw, h, c, w_hh, b_hh):
        return _gru_cell(xw, h, w_hh, b_hh), None


class _CellBase(Module):
    _gates = 1

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None, nonlinearity="tanh") -> None:
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        self.nonlinearity = nonlinearity
        g = self._gates * hidden_size
        bound = 1.0 / math.sqrt(hidden_size) if hidden_size > 0 else 0
        self.weight_ih = _uniform_param((g, input_size), bound)
        self.weight_hh = _uniform_param((g, hidden_size), bound)
        if bias:
            self.bias_ih = _uniform_param((g,), bound)
            self.bias_hh = _uniform_param((g,), bound)
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}" + ("" if self.bias else ", bias=False")

    def _zeros(self, input):
        shape = (input.shape[0], self.hidden_size) if input.ndim == 2 else (self.hidden_size,)
        return _torch().zeros(*shape)


class LSTMCell(_CellBase):
    _gates = 4

    def forward(self, input, hx=None):
        h, c = hx if hx is not None else (self._zeros(input), self._zeros(input))
        return _lstm_cell(F.linear(input, self.weight_ih, self.bias_ih), h, c, self.weight_hh, self.bias_hh)


class GRUCell(_CellBase):
    _gates = 3

    def forward(self, input, hx=None):
        h = hx if hx is not None else self._zeros(input)
        return _gru_cell(F.linear(input, self.weight_ih, self.bias_ih), h, self.weight_hh, self.bias_hh)


class RNNCell(_CellBase):
    def forward(self, input, hx=None):
        h = hx if hx is not None else self._zeros(input)
        pre = F.linear(input, self.weight_ih, self.bias_ih) + F.linear(h, self.weight_hh, self.bias_hh)
        return _torch().tanh(pre) if self.nonlinearity == "tanh" else _torch().relu(pre)
