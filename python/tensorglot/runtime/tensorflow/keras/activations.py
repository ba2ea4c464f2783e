"""tf.keras.activations: table rows plus get/serialize by name."""
from .._install import install
from .. import nn as _nn, math as _math

install(globals(), "tf.keras.activations")


def linear(x):
    return x


def relu6(x):
    return _nn.relu6(x)


def leaky_relu(x, alpha=0.3):
    return _nn.leaky_relu(x, alpha)


def gelu_tanh(x):
    return _nn.gelu(x, approximate=True)


def log_softmax(x, axis=-1):
    return _nn.log_softmax(x, axis)


_BY_NAME = {"linear": linear, None: linear, "relu": relu, "relu6": relu6, "sigmoid": sigmoid,  # noqa: F821
            "tanh": tanh, "gelu": gelu, "swish": swish, "silu": silu, "elu": elu,  # noqa: F821
            "selu": selu, "softplus": softplus, "softmax": softmax,  # noqa: F821
            "leaky_relu": leaky_relu, "log_softmax": log_softmax, "gelu_tanh": gelu_tanh}


def get(identifier):
    if callable(identifier):
        return identifier
    try:
        return _BY_NAME[identifier]
    except KeyError:
        raise ValueError(f"Unknown activation function: {identifier!r} (Tensorglot's keras emulation)") from None
