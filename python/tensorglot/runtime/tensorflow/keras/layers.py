"""tf.keras.layers (Keras 2 / TF 2.15 semantics), computed with emulated tf ops.

Layer: weights created in ``build(input_shape)`` on the first call, attribute
tracking of sub-layers and variables (weights / trainable_weights in creation
order, get_weights / set_weights), ``training`` passed down from the outer
call when a ``call`` accepts it, and a tracer module scope per layer.
"""
from __future__ import annotations

import inspect
import re

from ... import tracer as _tracer
from ... import core as _core
from .. import _base
from .._base import FW, Tensor, TensorShape, Variable
from . import activations as _act, initializers as _init

_NAMES: dict[str, int] = {}
_TRAINING: list = [None]   # the ``training`` flag of the enclosing layer call


def _tf():
    from ... import tensorflow as tf
    return tf


def _snake(name: str) -> str:
    s = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    return re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", s).lower()


def _unique(base: str) -> str:
    n = _NAMES.get(base, 0)
    _NAMES[base] = n + 1
    return base if n == 0 else f"{base}_{n}"


def _shape_of(x):
    if isinstance(x, (list, tuple)):
        return [_shape_of(v) for v in x]
    if isinstance(x, Tensor):
        return x.shape
    return TensorShape(FW.to_array(x).shape)


class Layer:
    """tf.keras.layers.Layer."""

    def __init__(self, trainable=True, name=None, dtype=None, dynamic=False, **kwargs):
        d = self.__dict__
        d["_tg_layers"] = []
        d["_tg_weights"] = []
        d["built"] = False
        d["trainable"] = trainable
        d["name"] = name or _unique(_snake(type(self).__name__))
        d["_dtype"] = FW.canon_dtype(dtype) or "float32"
        d["_call_has_training"] = "training" in _params(type(self).call)
        d["_call_has_mask"] = "mask" in _params(type(self).call)

    # attribute tracking -------------------------------------------------
    def __setattr__(self, name, value):
        if "_tg_layers" not in self.__dict__:
            Layer.__init__(self)
        self._track(value)
        object.__setattr__(self, name, value)

    def _track(self, value):
        if isinstance(value, Layer):
            if value is not self and all(value is not l for l in self._tg_layers):
                self._tg_layers.append(value)
        elif isinstance(value, Variable):
            if all(value is not w for w in self._tg_weights):
                self._tg_weights.append(value)
        elif isinstance(value, (list, tuple)):
            for v in value:
                self._track(v)
        elif isinstance(value, dict):
            for v in value.values():
                self._track(v)

    @property
    def dtype(self):
        return self._dtype

    @property
    def compute_dtype(self):
        return self._dtype

    @property
    def variable_dtype(self):
        return self._dtype

    def add_weight(self, name=None, shape=None, dtype=None, initializer=None, regularizer=None,
                   trainable=True, constraint=None, use_resource=None, synchronization=None,
                   aggregation=None, **kwargs):
        dt = FW.canon_dtype(dtype) or self._dtype
        init = _init.get(initializer) or (_init.GlorotUniform() if dt.startswith("float") else _init.Zeros())
        value = init(tuple(shape or ()), dt)
        v = Variable(value, trainable=trainable, name=f"{self.name}/{name or 'Variable'}", dtype=dt)
        self._tg_weights.append(v)
        return v

    add_variable = add_weight

    def build(self, input_shape):
        self.__dict__["built"] = True

    def call(self, inputs, *args, **kwargs):
        return inputs

    def __call__(self, *args, **kwargs):
        if not args:
            # Keras takes the first input by the name of call()'s first parameter too
            # (attn(query=q, key=k, value=v)); it must be given one way or the other
            first = next(iter(list(_params(type(self).call))[1:2]), None)
            if first not in kwargs:
                raise ValueError("The first argument to `Layer.call` must always be passed.")
            args = (kwargs.pop(first),)
        inputs = args[0]
        if not self.built:
            with _core.quiet():
                self.build(_shape_of(inputs))
            self.__dict__["built"] = True
        training = kwargs.get("training")
        if self._call_has_training:
            if training is None:
                kwargs["training"] = _TRAINING[-1]
            training = kwargs["training"]
        else:
            kwargs.pop("training", None)
        if not self._call_has_mask:
            kwargs.pop("mask", None)
        _TRAINING.append(training if training is not None else _TRAINING[-1])
        try:
            with _tracer.module_scope(self.name if _tracer.ACTIVE is not None and not _is_root(self) else self):
                return self.call(*args, **kwargs)
        finally:
            _TRAINING.pop()

    # weights ---------------------------------------------------------------
    def _all_layers(self):
        for l in self._tg_layers:
            yield l
            yield from l._all_layers()

    @property
    def submodules(self):
        return list(self._all_layers())

    @property
    def weights(self):
        out, seen = [], set()
        for w in self._tg_weights + [w for l in self._tg_layers for w in l.weights]:
            if id(w) not in seen:
                seen.add(id(w))
                out.append(w)
        return out

    variables = weights

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return [w for w in self.weights if w.trainable and self._owner_trainable(w)]

    trainable_variables = trainable_weights

    @property
    def non_trainable_weights(self):
        t = {id(w) for w in self.trainable_weights}
        return [w for w in self.weights if id(w) not in t]

    non_trainable_variables = non_trainable_weights

    def _owner_trainable(self, w):
        for l in self._all_layers():
            if any(w is x for x in l._tg_weights) and not l.trainable:
                return False
        return True

    def get_weights(self):
        return [w.numpy() for w in self.weights]

    def set_weights(self, weights):
        ws = self.weights
        if len(weights) != len(ws):
            raise ValueError(f"Layer {self.name} expects {len(ws)} weights, but the given weights "
                             f"list has {len(weights)}")
        for v, w in zip(ws, weights):
            v.assign(w.tolist() if hasattr(w, "tolist") and not isinstance(w, Tensor) else w)

    def count_params(self):
        return sum(w._a.size for w in self.weights)

    # tracer naming: module paths and parameter names ----------------------------
    def named_modules(self, prefix=""):
        yield prefix, self
        for attr, l in self._named_children():
            yield from l.named_modules(f"{prefix}.{attr}" if prefix else attr)

    def _named_children(self):
        out = []
        for k, v in self.__dict__.items():
            if k.startswith("_tg"):
                continue
            if isinstance(v, Layer):
                out.append((k, v))
            elif isinstance(v, (list, tuple)):
                out += [(f"{k}.{i}", x) for i, x in enumerate(v) if isinstance(x, Layer)]
        named = {id(v) for _, v in out}
        out += [(l.name, l) for l in self._tg_layers if id(l) not in named]
        return out

    def named_parameters(self, prefix=""):
        for k, v in self.__dict__.items():
            if isinstance(v, Variable):
                yield (f"{prefix}.{k}" if prefix else k), v
        attrs = {id(v) for v in self.__dict__.values() if isinstance(v, Variable)}
        for w in self._tg_weights:
            if id(w) not in attrs:
                yield (f"{prefix}.{w.name.split('/')[-1].split(':')[0]}" if prefix else w.name.split(":")[0]), w
        for attr, l in self._named_children():
            yield from l.named_parameters(f"{prefix}.{attr}" if prefix else attr)

    def get_config(self):
        return {"name": self.name, "trainable": self.trainable}

    def __repr__(self):
        return f"<{type(self).__module__.replace('tensorglot.runtime.', '')}.{type(self).__name__} name={self.name}>"


def _is_root(layer) -> bool:
    return len(_TRAINING) <= 1


def _params(fn):
    try:
        return inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}


class Model(Layer):
    """tf.keras.Model (subclassing API; functional models are not emulated)."""

    # Keras: a Model lists its layers; a plain Layer has no ``layers`` (subclasses may use the name)
    @property
    def layers(self):
        return list(self._tg_layers)

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None, **kw):
        return self(x, training=False)

    def compile(self, *args, **kwargs):
        pass

    def summary(self, *args, **kwargs):
        print(f'Model: "{self.name}"')
        for l in self.layers:
            print(f"  {l.name} ({type(l).__name__}): {l.count_params()} params")
        print(f"Total params: {self.count_params()}")

    def fit(self, *args, **kwargs):
        raise _core.UnsupportedAPI("tf.keras.Model.fit is not supported by Tensorglot's tensorflow "
                                   "emulation (no autodiff)")


class Sequential(Model):
    def __init__(self, layers=None, name=None, trainable=True):
        super().__init__(name=name, trainable=trainable)
        self._seq = []
        for l in layers or ():
            self.add(l)

    def add(self, layer):
        self._seq.append(layer)
        self._track(layer)

    def pop(self):
        l = self._seq.pop()
        self._tg_layers.remove(l)
        return l

    def _named_children(self):
        return [(str(i), l) for i, l in enumerate(self._seq)]

    @property
    def layers(self):
        return list(self._seq)

    def call(self, inputs, training=None):
        x = inputs
        for l in self._seq:
            x = l(x, training=training)
        return x


def Input(shape=None, batch_size=None, name=None, dtype=None, **kw):
    raise _core.UnsupportedAPI("tf.keras.Input (the functional API) is not supported by Tensorglot's "
                               "tensorflow emulation; subclass tf.keras.Model or use Sequential")


# --- core layers -------------------------------------------------------------------
def _tuple(v, n):
    return (v,) * n if isinstance(v, int) else tuple(v)


class InputLayer(Layer):
    def __init__(self, input_shape=None, batch_size=None, dtype=None, name=None, **kw):
        super().__init__(name=name, dtype=dtype)


class Dense(Layer):
    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = _act.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer

    def build(self, input_shape):
        last = input_shape[-1]
        self.kernel = self.add_weight("kernel", (last, self.units), initializer=self.kernel_initializer)
        self.bias = self.add_weight("bias", (self.units,), initializer=self.bias_initializer) if self.use_bias else None
        self.built = True

    def call(self, inputs):
        tf = _tf()
        x = tf.convert_to_tensor(inputs)
        y = tf.matmul(x, self.kernel) if x.ndim == 2 else tf.einsum("...i,ij->...j", x, self.kernel)
        if self.bias is not None:
            y = tf.nn.bias_add(y, self.bias)
        return self.activation(y)


class _Conv(Layer):
    rank = 2

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        n = self.rank
        self.filters, self.kernel_size = filters, _tuple(kernel_size, n)
        self.strides, self.dilation_rate = _tuple(strides, n), _tuple(dilation_rate, n)
        self.padding, self.groups = padding.lower(), groups
        self.data_format = data_format or "channels_last"
        self.activation, self.use_bias = _act.get(activation), use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer

    def _channels(self, input_shape):
        return input_shape[-1] if self.data_format == "channels_last" else input_shape[1]

    def build(self, input_shape):
        cin = self._channels(input_shape)
        self.kernel = self.add_weight("kernel", self.kernel_size + (cin // self.groups, self.filters),
                                      initializer=self.kernel_initializer)
        self.bias = self.add_weight("bias", (self.filters,), initializer=self.bias_initializer) if self.use_bias else None
        self.built = True

    def _fmt(self):
        cl = self.data_format == "channels_last"
        return {1: "NWC" if cl else "NCW", 2: "NHWC" if cl else "NCHW"}[self.rank]

    def call(self, inputs):
        tf = _tf()
        conv = tf.nn.conv1d if self.rank == 1 else tf.nn.conv2d
        y = conv(inputs, self.kernel, self.strides, self.padding.upper(), data_format=self._fmt(),
                 dilations=self.dilation_rate)
        if self.bias is not None:
            y = tf.nn.bias_add(y, self.bias, data_format=self._fmt())
        return self.activation(y)


class Conv2D(_Conv):
    rank = 2


class Conv1D(_Conv):
    rank = 1


def _deconv_length(n, k, padding, output_padding, stride, dilation):
    k = k + (k - 1) * (dilation - 1)
    if output_padding is None:
        return n * stride + max(k - stride, 0) if padding == "valid" else n * stride
    pad = k // 2 if padding == "same" else 0
    return (n - 1) * stride + k - 2 * pad + output_padding


class Conv2DTranspose(_Conv):
    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", output_padding=None,
                 data_format=None, dilation_rate=(1, 1), **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, **kwargs)
        self.output_padding = None if output_padding is None else _tuple(output_padding, 2)

    def build(self, input_shape):
        cin = self._channels(input_shape)
        self.kernel = self.add_weight("kernel", self.kernel_size + (self.filters, cin),
                                      initializer=self.kernel_initializer)
        self.bias = self.add_weight("bias", (self.filters,), initializer=self.bias_initializer) if self.use_bias else None
        self.built = True

    def call(self, inputs):
        tf = _tf()
        shp = inputs.shape.as_list()
        cl = self.data_format == "channels_last"
        sp = shp[1:3] if cl else shp[2:4]
        op = self.output_padding or (None, None)
        out_sp = [_deconv_length(sp[d], self.kernel_size[d], self.padding, op[d], self.strides[d],
                                 self.dilation_rate[d]) for d in range(2)]
        out_shape = [shp[0]] + out_sp + [self.filters] if cl else [shp[0], self.filters] + out_sp
        y = tf.nn.conv2d_transpose(inputs, self.kernel, out_shape, self.strides, self.padding.upper(),
                                   data_format=self._fmt(), dilations=self.dilation_rate)
        if self.bias is not None:
            y = tf.nn.bias_add(y, self.bias, data_format=self._fmt())
        return self.activation(y)


class DepthwiseConv2D(_Conv):
    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1, data_format=None,
                 dilation_rate=(1, 1), activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 bias_initializer="zeros", **kwargs):
        super().__init__(0, kernel_size, strides, padding, data_format, dilation_rate, 1, activation,
                         use_bias, depthwise_initializer, bias_initializer, **kwargs)
        self.depth_multiplier = depth_multiplier

    def build(self, input_shape):
        cin = self._channels(input_shape)
        self.depthwise_kernel = self.add_weight("depthwise_kernel", self.kernel_size + (cin, self.depth_multiplier),
                                                initializer=self.kernel_initializer)
        self.bias = (self.add_weight("bias", (cin * self.depth_multiplier,), initializer=self.bias_initializer)
                     if self.use_bias else None)
        self.built = True

    def call(self, inputs):
        tf = _tf()
        y = tf.nn.depthwise_conv2d(inputs, self.depthwise_kernel, (1,) + self.strides + (1,),
                                   self.padding.upper(), data_format=self._fmt(), dilations=self.dilation_rate)
        if self.bias is not None:
            y = tf.nn.bias_add(y, self.bias, data_format=self._fmt())
        return self.activation(y)


# --- normalisation -------------------------------------------------------------------
def _axes(axis, ndim):
    axes = [axis] if isinstance(axis, int) else list(axis)
    return sorted(a % ndim for a in axes)


def _param_shape(axes, ndim, shape):
    return [shape[a] if a in axes else 1 for a in range(ndim)]


class BatchNormalization(Layer):
    """Keras defaults: momentum 0.99, epsilon 1e-3; moving stats use the biased batch
    variance: moving = moving * momentum + batch * (1 - momentum)."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros",
                 moving_variance_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                 beta_constraint=None, gamma_constraint=None, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        self.axis, self.momentum, self.epsilon = axis, momentum, epsilon
        self.center, self.scale = center, scale
        self._inits = (gamma_initializer, beta_initializer, moving_mean_initializer, moving_variance_initializer)

    def build(self, input_shape):
        nd = len(input_shape)
        axes = _axes(self.axis, nd)
        shape = tuple(input_shape[a] for a in axes)
        g, b, mm, mv = self._inits
        self.gamma = self.add_weight("gamma", shape, initializer=g) if self.scale else None
        self.beta = self.add_weight("beta", shape, initializer=b) if self.center else None
        self.moving_mean = self.add_weight("moving_mean", shape, initializer=mm, trainable=False)
        self.moving_variance = self.add_weight("moving_variance", shape, initializer=mv, trainable=False)
        self.built = True

    def call(self, inputs, training=None):
        tf = _tf()
        x = tf.convert_to_tensor(inputs)
        nd = x.ndim
        axes = _axes(self.axis, nd)
        red = [a for a in range(nd) if a not in axes]
        bshape = _param_shape(axes, nd, x.shape.as_list())

        def b(v):
            return None if v is None else (v if axes == [nd - 1] else tf.reshape(v, bshape))
        if training:
            mean, var = tf.nn.moments(x, red, keepdims=False)
            self.moving_mean.assign(self.moving_mean * self.momentum + mean * (1 - self.momentum))
            self.moving_variance.assign(self.moving_variance * self.momentum + var * (1 - self.momentum))
        else:
            mean, var = self.moving_mean, self.moving_variance
        return tf.nn.batch_normalization(x, b(mean), b(var), b(self.beta), b(self.gamma), self.epsilon)


class LayerNormalization(Layer):
    def __init__(self, axis=-1, epsilon=0.001, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", **kwargs):
        super().__init__(**kwargs)
        self.axis, self.epsilon, self.center, self.scale = axis, epsilon, center, scale
        self._inits = (gamma_initializer, beta_initializer)

    def build(self, input_shape):
        axes = _axes(self.axis, len(input_shape))
        shape = tuple(input_shape[a] for a in axes)
        self.gamma = self.add_weight("gamma", shape, initializer=self._inits[0]) if self.scale else None
        self.beta = self.add_weight("beta", shape, initializer=self._inits[1]) if self.center else None
        self.built = True

    def call(self, inputs):
        tf = _tf()
        x = tf.convert_to_tensor(inputs)
        nd = x.ndim
        axes = _axes(self.axis, nd)
        mean, var = tf.nn.moments(x, axes, keepdims=True)
        bshape = _param_shape(axes, nd, x.shape.as_list())
        g = None if self.gamma is None else tf.reshape(self.gamma, bshape)
        b = None if self.beta is None else tf.reshape(self.beta, bshape)
        return tf.nn.batch_normalization(x, mean, var, b, g, self.epsilon)


class GroupNormalization(Layer):
    def __init__(self, groups=32, axis=-1, epsilon=0.001, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", **kwargs):
        super().__init__(**kwargs)
        self.groups, self.axis, self.epsilon, self.center, self.scale = groups, axis, epsilon, center, scale
        self._inits = (gamma_initializer, beta_initializer)

    def build(self, input_shape):
        c = input_shape[self.axis]
        self.gamma = self.add_weight("gamma", (c,), initializer=self._inits[0]) if self.scale else None
        self.beta = self.add_weight("beta", (c,), initializer=self._inits[1]) if self.center else None
        self.built = True

    def call(self, inputs):
        tf = _tf()
        x = tf.convert_to_tensor(inputs)
        shp = x.shape.as_list()
        nd = len(shp)
        ax = self.axis % nd
        c = shp[ax]
        gshape = shp[:ax] + [self.groups, c // self.groups] + shp[ax + 1:]
        xg = tf.reshape(x, gshape)
        red = [a for a in range(1, nd + 1) if a != ax]
        mean, var = tf.nn.moments(xg, red, keepdims=True)
        y = tf.reshape(tf.nn.batch_normalization(xg, mean, var, None, None, self.epsilon), shp)
        bshape = [c if a == ax else 1 for a in range(nd)]
        if self.gamma is not None:
            y = y * tf.reshape(self.gamma, bshape)
        if self.beta is not None:
            y = y + tf.reshape(self.beta, bshape)
        return y


# --- embedding, dropout, activations ------------------------------------------------------
class Embedding(Layer):
    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform", embeddings_regularizer=None,
                 activity_regularizer=None, embeddings_constraint=None, mask_zero=False, input_length=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.input_dim, self.output_dim = input_dim, output_dim
        self.embeddings_initializer = embeddings_initializer

    def build(self, input_shape=None):
        self.embeddings = self.add_weight("embeddings", (self.input_dim, self.output_dim),
                                          initializer=self.embeddings_initializer)
        self.built = True

    def call(self, inputs):
        tf = _tf()
        ids = tf.convert_to_tensor(inputs)
        if ids.dtype not in ("int32", "int64"):
            ids = tf.cast(ids, "int32")
        return tf.nn.embedding_lookup(self.embeddings, ids)


class Dropout(Layer):
    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def call(self, inputs, training=None):
        if not training or self.rate <= 0:
            return inputs
        tf = _tf()
        if self.noise_shape is None:
            return tf.nn.dropout(inputs, self.rate, seed=self.seed)
        # None entries of noise_shape take the input's size (Keras Dropout docs)
        shape = [d if n is None else n for n, d in zip(self.noise_shape, inputs.shape.as_list())]
        return inputs * tf.nn.dropout(tf.ones(shape, inputs.dtype), self.rate, seed=self.seed)


class SpatialDropout2D(Dropout):
    def call(self, inputs, training=None):
        if not training or self.rate <= 0:
            return inputs
        tf = _tf()
        shp = inputs.shape.as_list()
        keep = tf.nn.dropout(tf.ones([shp[0], 1, 1, shp[3]], inputs.dtype), self.rate, seed=self.seed)
        return inputs * keep


SpatialDropout = SpatialDropout2D


class Activation(Layer):
    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = _act.get(activation)

    def call(self, inputs):
        return self.activation(inputs)


class ReLU(Layer):
    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.max_value, self.negative_slope, self.threshold = max_value, negative_slope, threshold

    def call(self, inputs):
        tf = _tf()
        if self.negative_slope == 0 and self.threshold == 0:
            if self.max_value == 6:
                return tf.nn.relu6(inputs)
            y = tf.nn.relu(inputs)
            return y if self.max_value is None else tf.minimum(y, tf.cast(self.max_value, y.dtype))
        x = tf.convert_to_tensor(inputs)
        y = tf.where(x >= self.threshold, x, (x - self.threshold) * self.negative_slope)
        return y if self.max_value is None else tf.minimum(y, tf.cast(self.max_value, y.dtype))


class LeakyReLU(Layer):
    def __init__(self, alpha=0.3, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha

    def call(self, inputs):
        return _tf().nn.leaky_relu(inputs, self.alpha)


class ELU(Layer):
    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha

    def call(self, inputs):
        tf = _tf()
        y = tf.nn.elu(inputs)
        return y if self.alpha == 1.0 else tf.where(inputs > 0, y, y * self.alpha)


class Softmax(Layer):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs, mask=None):
        return _tf().nn.softmax(inputs, axis=self.axis)


class Identity(Layer):
    def call(self, inputs):
        return inputs


# --- reshaping ------------------------------------------------------------------------------
class Flatten(Layer):
    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or "channels_last"

    def call(self, inputs):
        tf = _tf()
        x = tf.convert_to_tensor(inputs)
        if self.data_format == "channels_first" and x.ndim > 2:
            x = tf.transpose(x, [0] + list(range(2, x.ndim)) + [1])
        return tf.reshape(x, (x.shape[0], -1))


class Reshape(Layer):
    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def call(self, inputs):
        return _tf().reshape(inputs, (inputs.shape[0],) + self.target_shape)


class Permute(Layer):
    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)

    def call(self, inputs):
        return _tf().transpose(inputs, (0,) + self.dims)


class ZeroPadding2D(Layer):
    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(padding, int):
            padding = ((padding, padding), (padding, padding))
        elif isinstance(padding[0], int):
            padding = ((padding[0], padding[0]), (padding[1], padding[1]))
        self.padding = tuple(tuple(p) for p in padding)
        self.data_format = data_format or "channels_last"

    def call(self, inputs):
        p = [(0, 0)] + list(self.padding) + [(0, 0)] if self.data_format == "channels_last" else \
            [(0, 0), (0, 0)] + list(self.padding)
        return _tf().pad(inputs, p)


class UpSampling2D(Layer):
    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.size, self.interpolation = _tuple(size, 2), interpolation
        self.data_format = data_format or "channels_last"

    def call(self, inputs):
        tf = _tf()
        cl = self.data_format == "channels_last"
        h_ax = 1 if cl else 2
        if self.interpolation == "nearest":
            y = tf.repeat(inputs, self.size[0], axis=h_ax)
            return tf.repeat(y, self.size[1], axis=h_ax + 1)
        x = inputs if cl else tf.transpose(inputs, (0, 2, 3, 1))
        h, w = x.shape[1], x.shape[2]
        y = tf.image.resize(x, (h * self.size[0], w * self.size[1]), method=self.interpolation)
        return y if cl else tf.transpose(y, (0, 3, 1, 2))


# --- pooling ------------------------------------------------------------------------------
class _Pool2D(Layer):
    _max = True

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.pool_size = _tuple(pool_size, 2)
        self.strides = self.pool_size if strides is None else _tuple(strides, 2)
        self.padding = padding.upper()
        self.data_format = data_format or "channels_last"

    def call(self, inputs):
        tf = _tf()
        fmt = "NHWC" if self.data_format == "channels_last" else "NCHW"
        fn = tf.nn.max_pool2d if self._max else tf.nn.avg_pool2d
        return fn(inputs, self.pool_size, self.strides, self.padding, data_format=fmt)


class MaxPooling2D(_Pool2D):
    _max = True


class AveragePooling2D(_Pool2D):
    _max = False


MaxPool2D, AvgPool2D = MaxPooling2D, AveragePooling2D


class _GlobalPool(Layer):
    _reduce = "reduce_mean"
    _rank = 2

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format, self.keepdims = data_format or "channels_last", keepdims

    def call(self, inputs):
        axes = list(range(1, 1 + self._rank)) if self.data_format == "channels_last" else \
            list(range(2, 2 + self._rank))
        return getattr(_tf().math, self._reduce)(inputs, axis=axes, keepdims=self.keepdims)


class GlobalAveragePooling2D(_GlobalPool):
    pass


class GlobalMaxPooling2D(_GlobalPool):
    _reduce = "reduce_max"


class GlobalAveragePooling1D(_GlobalPool):
    _rank = 1


class GlobalMaxPooling1D(_GlobalPool):
    _reduce, _rank = "reduce_max", 1


GlobalAvgPool2D, GlobalMaxPool2D = GlobalAveragePooling2D, GlobalMaxPooling2D


class Add(Layer):
    def call(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = out + x
        return out


class Concatenate(Layer):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs):
        return _tf().concat(list(inputs), self.axis)


# --- attention ------------------------------------------------------------------------------
class MultiHeadAttention(Layer):
    """Keras MHA: per-projection kernels (d, heads, key_dim), output kernel
    (heads, value_dim, d_out); softmax over the key axis; scaled by 1/sqrt(key_dim)."""

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True, output_shape=None,
                 attention_axes=None, kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        self.num_heads, self.key_dim = num_heads, key_dim
        self.value_dim = value_dim or key_dim
        self.dropout, self.use_bias, self._out = dropout, use_bias, output_shape
        self._ki, self._bi = kernel_initializer, bias_initializer

    def _proj(self, name, d_in, dim):
        k = self.add_weight(f"{name}/kernel", (d_in, self.num_heads, dim), initializer=self._ki)
        b = self.add_weight(f"{name}/bias", (self.num_heads, dim), initializer=self._bi) if self.use_bias else None
        return k, b

    def build(self, input_shape):
        d = input_shape[-1] if not isinstance(input_shape, list) else input_shape[0][-1]
        self._d = d
        self.query_kernel, self.query_bias = self._proj("query", d, self.key_dim)
        self.key_kernel, self.key_bias = self._proj("key", d, self.key_dim)
        self.value_kernel, self.value_bias = self._proj("value", d, self.value_dim)
        out = self._out or d
        self.output_kernel = self.add_weight("attention_output/kernel", (self.num_heads, self.value_dim, out),
                                             initializer=self._ki)
        self.output_bias = (self.add_weight("attention_output/bias", (out,), initializer=self._bi)
                            if self.use_bias else None)
        self.built = True

    def call(self, query, value, key=None, attention_mask=None, return_attention_scores=False,
             training=None, use_causal_mask=False):
        tf = _tf()
        key = value if key is None else key

        def proj(x, k, b):
            y = tf.einsum("abc,cde->abde", x, k)
            return y if b is None else y + b
        q = proj(query, self.query_kernel, self.query_bias) * (1.0 / float(self.key_dim) ** 0.5)
        k = proj(key, self.key_kernel, self.key_bias)
        v = proj(value, self.value_kernel, self.value_bias)
        scores = tf.einsum("aecd,abcd->acbe", k, q)   # (batch, heads, Tq, Tk)
        mask = attention_mask
        if use_causal_mask:
            tq, tk = query.shape[1], key.shape[1]
            causal = tf.linalg.band_part(tf.ones((tq, tk), "bool"), -1, 0)
            mask = causal if mask is None else tf.logical_and(tf.cast(mask, "bool"), causal)
        if mask is not None:
            m = tf.expand_dims(tf.cast(mask, "bool"), -3) if len(mask.shape) == 3 else tf.cast(mask, "bool")
            scores = tf.where(m, scores, tf.fill(scores.shape.as_list(), -1e9))
        attn = tf.nn.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            attn = tf.nn.dropout(attn, self.dropout)
        ctx = tf.einsum("acbe,aecd->abcd", attn, v)
        out = tf.einsum("abcd,cde->abe", ctx, self.output_kernel)
        if self.output_bias is not None:
            out = out + self.output_bias
        return (out, attn) if return_attention_scores else out


# --- recurrent --------------------------------------------------------------------------------
class _Cell(Layer):
    gates = 1

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, dropout=0.0, recurrent_dropout=0.0,
                 reset_after=True, **kwargs):
        super().__init__(**kwargs)
        self.units, self.use_bias = units, use_bias
        self.activation, self.recurrent_activation = _act.get(activation), _act.get(recurrent_activation)
        self._inits = (kernel_initializer, recurrent_initializer, bias_initializer)
        self.unit_forget_bias, self.reset_after = unit_forget_bias, reset_after

    @property
    def state_size(self):
        return self.units

    def build(self, input_shape):
        ki, ri, bi = self._inits
        n = self.gates * self.units
        self.kernel = self.add_weight("kernel", (input_shape[-1], n), initializer=ki)
        self.recurrent_kernel = self.add_weight("recurrent_kernel", (self.units, n), initializer=ri)
        self.bias = self._make_bias(n, bi) if self.use_bias else None
        self.built = True

    def _make_bias(self, n, bi):
        return self.add_weight("bias", (n,), initializer=bi)


class SimpleRNNCell(_Cell):
    def call(self, inputs, states, training=None):
        tf = _tf()
        h = states[0] if isinstance(states, (list, tuple)) else states
        y = tf.matmul(inputs, self.kernel) + tf.matmul(h, self.recurrent_kernel)
        if self.bias is not None:
            y = y + self.bias
        y = self.activation(y)
        return y, [y]


class LSTMCell(_Cell):
    """Gate order i, f, c, o; kernel (in, 4u), recurrent_kernel (u, 4u), bias (4u)
    with the forget slice initialised to 1 (unit_forget_bias)."""
    gates = 4

    @property
    def state_size(self):
        return [self.units, self.units]

    def _make_bias(self, n, bi):
        b = self.add_weight("bias", (n,), initializer=bi)
        if self.unit_forget_bias:
            u = self.units
            vals = b.numpy().tolist() if hasattr(b.numpy(), "tolist") else list(b.numpy())
            b.assign([1.0 if u <= i < 2 * u else v for i, v in enumerate(vals)])
        return b

    def call(self, inputs, states, training=None):
        tf = _tf()
        h, c = states
        z = tf.matmul(inputs, self.kernel) + tf.matmul(h, self.recurrent_kernel)
        if self.bias is not None:
            z = z + self.bias
        i, f, g, o = tf.split(z, 4, axis=-1)
        i, f, o = self.recurrent_activation(i), self.recurrent_activation(f), self.recurrent_activation(o)
        c = f * c + i * self.activation(g)
        h = o * self.activation(c)
        return h, [h, c]


class GRUCell(_Cell):
    """Gate order z, r, h; reset_after=True (default): bias (2, 3u) = input and
    recurrent biases, reset applied after the recurrent matmul; h = z*h_prev + (1-z)*hh."""
    gates = 3

    def _make_bias(self, n, bi):
        return self.add_weight("bias", (2, n) if self.reset_after else (n,), initializer=bi)

    def call(self, inputs, states, training=None):
        tf = _tf()
        h = states[0] if isinstance(states, (list, tuple)) else states
        xw = tf.matmul(inputs, self.kernel)
        hu = tf.matmul(h, self.recurrent_kernel)
        if self.bias is not None:
            if self.reset_after:
                xw, hu = xw + self.bias[0], hu + self.bias[1]
            else:
                xw = xw + self.bias
        xz, xr, xh = tf.split(xw, 3, axis=-1)
        hz, hr, hh = tf.split(hu, 3, axis=-1)
        z = self.recurrent_activation(xz + hz)
        r = self.recurrent_activation(xr + hr)
        if self.reset_after:
            cand = self.activation(xh + r * hh)
        else:
            u = self.recurrent_kernel[:, 2 * self.units:]
            cand = self.activation(xh + tf.matmul(r * h, u))
        h = z * h + (1 - z) * cand
        return h, [h]


class RNN(Layer):
    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, time_major=False, **kwargs):
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences, self.return_state, self.go_backwards = return_sequences, return_state, go_backwards

    def build(self, input_shape):
        self.cell.build(TensorShape([input_shape[0], input_shape[-1]]))
        self.cell.built = True
        self.built = True

    def call(self, inputs, mask=None, training=None, initial_state=None):
        tf = _tf()
        x = tf.convert_to_tensor(inputs)
        n, t = x.shape[0], x.shape[1]
        sizes = self.cell.state_size
        sizes = sizes if isinstance(sizes, list) else [sizes]
        states = list(initial_state) if initial_state is not None else \
            [tf.zeros((n, s), x.dtype) for s in sizes]
        steps = range(t - 1, -1, -1) if self.go_backwards else range(t)
        outs = []
        for i in steps:
            y, states = self.cell.call(x[:, i], states)
            outs.append(y)
        out = tf.stack(outs, axis=1) if self.return_sequences else outs[-1]
        return [out] + list(states) if self.return_state else out


class SimpleRNN(RNN):
    def __init__(self, units, activation="tanh", use_bias=True, return_sequences=False, return_state=False,
                 go_backwards=False, **kwargs):
        cell_kw = {k: kwargs.pop(k) for k in list(kwargs) if k.endswith(("initializer", "dropout"))}
        super().__init__(SimpleRNNCell(units, activation, use_bias=use_bias, **cell_kw),
                         return_sequences, return_state, go_backwards, **kwargs)
        self.units = units


class LSTM(RNN):
    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 return_sequences=False, return_state=False, go_backwards=False, unit_forget_bias=True,
                 **kwargs):
        cell_kw = {k: kwargs.pop(k) for k in list(kwargs) if k.endswith(("initializer", "dropout"))}
        super().__init__(LSTMCell(units, activation, recurrent_activation, use_bias,
                                  unit_forget_bias=unit_forget_bias, **cell_kw),
                         return_sequences, return_state, go_backwards, **kwargs)
        self.units = units


class GRU(RNN):
    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 return_sequences=False, return_state=False, go_backwards=False, reset_after=True, **kwargs):
        cell_kw = {k: kwargs.pop(k) for k in list(kwargs) if k.endswith(("initializer", "dropout"))}
        super().__init__(GRUCell(units, activation, recurrent_activation, use_bias, reset_after=reset_after,
                                 **cell_kw), return_sequences, return_state, go_backwards, **kwargs)
        self.units = units


class _Namespace:
    pass


_models = _Namespace()
_models.Model, _models.Sequential = Model, Sequential
_backend = _Namespace()
_backend.epsilon = lambda: 1e-7
_backend.clear_session = lambda: _NAMES.clear()
_backend.floatx = lambda: "float32"

__getattr__ = _core.unsupported_getattr("tf.keras.layers", "tensorflow")
