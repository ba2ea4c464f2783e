"""tf.keras (Keras 2 semantics as in TF 2.15): Layer, Model, Sequential, layers,
activations, initializers. Layers compute with the emulated tf functions, so a
traced Keras model shows tf ops grouped by layer name (tracer.module_scope)."""
from . import activations, initializers, layers  # noqa: F401
from .layers import Layer, Model, Sequential  # noqa: F401

Input = layers.Input
models = layers._models
backend = layers._backend
