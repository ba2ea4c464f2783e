"""torch.nn layer -> target layer mappings (data read by the transpiler).

Per torch layer: its constructor signature, and per target the class to build,
how constructor arguments map (target keyword -> expression over the torch
parameters, evaluated statically when literal), and how each torch weight maps
onto the target's weights (attribute path + transpose perm) so that the
emitted ``load_state_dict`` takes torch-named, torch-layout state dicts.

Keras differs from torch in defaults that change numbers: BatchNormalization
``momentum`` is ``1 - torch momentum`` and ``epsilon`` defaults to 1e-3 (torch
1e-5), LayerNormalization ``epsilon`` 1e-3 -- those are always emitted.
Layers whose layout or padding Keras cannot express (NCHW convolutions and
pooling with torch's symmetric padding, PixelShuffle's channel order...) map
to helper classes (helpers_<target>.py) that take the torch arguments unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LayerMap:
    cls: str                                   # class expression emitted
    args: dict[str, str] = field(default_factory=dict)  # target kwarg -> expr over torch params
    positional: int = 0                        # leading ``args`` emitted positionally
    defaults: dict[str, Any] = field(default_factory=dict)  # target defaults (omitted when equal)
    helper: str | None = None                  # helpers_<target>.HELPERS key defining ``cls``
    passthrough: bool = False                  # torch arguments forwarded as written
    weights: dict[str, tuple[str, tuple[int, ...] | None]] = field(default_factory=dict)
    build: str | None = None                   # input shape to build with, over ``shapes`` (torch weight shapes)
    #: input shape dims (exprs over the torch constructor parameters) to build with at
    #: construction: torch modules own their weights from __init__, Keras layers from build()
    ctor_build: tuple[str, ...] = ()
    container: str | None = None               # "list" | "dict" | "sequential": how children are held
    #: (condition over the torch parameters, the map used when it holds or is not known statically)
    instead: tuple[str, "LayerMap"] | None = None
    #: helper key of a class holding torch's weight names and layouts, with torch's constructor: the
    #: base of a user class subclassing the layer (class MaskedLinear(nn.Linear) reads self.weight)
    subclass: str | None = None


@dataclass(frozen=True)
class LayerSpec:
    name: str                                  # torch.nn.X
    sig: str                                   # torch constructor signature
    targets: dict[str, LayerMap]


def _act(name: str, sig: str, tf: LayerMap) -> LayerSpec:
    return LayerSpec(f"torch.nn.{name}", sig, {"tensorflow": tf})


_HELPER = dict(passthrough=True)
#: Keras has no instance norm with running statistics
_INSTANCE_NORM_TRACKED = LayerMap("TorchInstanceNorm", helper="layer:InstanceNorm", **_HELPER,
                                  weights={"num_batches_tracked": ("", None)})
_TRANSFORMER_LAYER_SIG = ("(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', "
                          "layer_norm_eps=1e-05, batch_first=False, norm_first=False, device=None, dtype=None)")

LAYERS: dict[str, LayerSpec] = {s.name: s for s in [
    LayerSpec("torch.nn.Linear", "(in_features, out_features, bias=True, device=None, dtype=None)", {
        "tensorflow": LayerMap("tf.keras.layers.Dense", {"units": "out_features", "use_bias": "bias"},
                               positional=1, defaults={"use_bias": True},
                               weights={"weight": ("kernel", (1, 0)), "bias": ("bias", None)},
                               build="(None, shapes['weight'][1])", ctor_build=("None", "in_features"),
                               subclass="torch_linear")}),
    LayerSpec("torch.nn.Conv1d", "(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, "
              "groups=1, bias=True, padding_mode='zeros', device=None, dtype=None)", {
        "tensorflow": LayerMap("TorchConv1d", helper="layer:Conv1d", **_HELPER,
                               weights={"weight": ("kernel", (2, 1, 0)), "bias": ("bias", None)})}),
    LayerSpec("torch.nn.Conv2d", "(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, "
              "groups=1, bias=True, padding_mode='zeros', device=None, dtype=None)", {
        "tensorflow": LayerMap("TorchConv2d", helper="layer:Conv2d", **_HELPER,
                               weights={"weight": ("kernel", (2, 3, 1, 0)), "bias": ("bias", None)},
                               subclass="torch_conv2d")}),
    LayerSpec("torch.nn.ConvTranspose2d", "(in_channels, out_channels, kernel_size, stride=1, padding=0, "
              "output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None)", {
        # torch weight (in, out, kH, kW); tf.nn.conv2d_transpose filters (kH, kW, out, in)
        "tensorflow": LayerMap("TorchConvTranspose2d", helper="layer:ConvTranspose2d", **_HELPER,
                               weights={"weight": ("kernel", (2, 3, 1, 0)), "bias": ("bias", None)})}),
    # Keras' moving variance takes the biased batch variance: TorchBatchNorm updates it as torch does
    *[LayerSpec(f"torch.nn.BatchNorm{d}d", "(num_features, eps=1e-05, momentum=0.1, affine=True, "
                "track_running_stats=True, device=None, dtype=None)", {
        "tensorflow": LayerMap("TorchBatchNorm", {"axis": "1",
                                                  "momentum": "None if momentum is None else 1 - momentum",
                                                  "epsilon": "eps", "center": "affine", "scale": "affine"},
                               defaults={"axis": -1, "center": True, "scale": True}, helper="layer:BatchNorm",
                               weights={"weight": ("gamma", None), "bias": ("beta", None),
                                        "running_mean": ("moving_mean", None),
                                        "running_var": ("moving_variance", None),
                                        "num_batches_tracked": ("", None)},
                               build="(None, shapes['running_mean'][0]" + ", None" * (d > 1) * d + ")",
                               ctor_build=("None", "num_features") + ("None",) * (d > 1) * d)}) for d in (1, 2, 3)],
    LayerSpec("torch.nn.LayerNorm", "(normalized_shape, eps=1e-05, elementwise_affine=True, bias=True, "
              "device=None, dtype=None)", {
        "tensorflow": LayerMap("tf.keras.layers.LayerNormalization",
                               {"axis": "-1 if isinstance(normalized_shape, int) or len(normalized_shape) == 1 "
                                        "else tuple(range(-len(normalized_shape), 0))",
                                "epsilon": "eps", "center": "elementwise_affine and bias",
                                "scale": "elementwise_affine"},
                               defaults={"axis": -1, "center": True, "scale": True},
                               weights={"weight": ("gamma", None), "bias": ("beta", None)},
                               build="(None,) + tuple(shapes['weight'])", ctor_build=("None", "normalized_shape"))}),
    LayerSpec("torch.nn.Embedding", "(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, "
              "norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, device=None, dtype=None)", {
        "tensorflow": LayerMap("tf.keras.layers.Embedding",
                               {"input_dim": "num_embeddings", "output_dim": "embedding_dim"}, positional=2,
                               weights={"weight": ("embeddings", None)}, build="(None,)", ctor_build=("None",))}),
    LayerSpec("torch.nn.EmbeddingBag", "(num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, "
              "scale_grad_by_freq=False, mode='mean', sparse=False, _weight=None, include_last_offset=False, "
              "padding_idx=None, device=None, dtype=None)", {
        "tensorflow": LayerMap("TorchEmbeddingBag", helper="layer:EmbeddingBag", **_HELPER)}),
    LayerSpec("torch.nn.Dropout", "(p=0.5, inplace=False)", {
        "tensorflow": LayerMap("tf.keras.layers.Dropout", {"rate": "p"}, positional=1)}),
    # torch drops whole channels of (N, C, L): Keras' noise_shape fills None with the input's size
    LayerSpec("torch.nn.Dropout1d", "(p=0.5, inplace=False)", {
        "tensorflow": LayerMap("tf.keras.layers.Dropout", {"rate": "p", "noise_shape": "(None, None, 1)"},
                               positional=1)}),
    LayerSpec("torch.nn.Dropout2d", "(p=0.5, inplace=False)", {
        "tensorflow": LayerMap("tf.keras.layers.SpatialDropout2D",
                               {"rate": "p", "data_format": "'channels_first'"}, positional=1)}),
    LayerSpec("torch.nn.Flatten", "(start_dim=1, end_dim=-1)", {
        "tensorflow": LayerMap("TorchFlatten", helper="layer:Flatten", **_HELPER)}),
    LayerSpec("torch.nn.Identity", "(*args, **kwargs)", {
        "tensorflow": LayerMap("tf.keras.layers.Identity")}),
    LayerSpec("torch.nn.MaxPool2d", "(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, "
              "ceil_mode=False)", {
        "tensorflow": LayerMap("TorchMaxPool2d", helper="layer:MaxPool2d", **_HELPER)}),
    LayerSpec("torch.nn.AvgPool2d", "(kernel_size, stride=None, padding=0, ceil_mode=False, "
              "count_include_pad=True, divisor_override=None)", {
        "tensorflow": LayerMap("TorchAvgPool2d", helper="layer:AvgPool2d", **_HELPER)}),
    LayerSpec("torch.nn.AdaptiveAvgPool2d", "(output_size)", {
        "tensorflow": LayerMap("TorchAdaptiveAvgPool2d", helper="layer:AdaptiveAvgPool2d", **_HELPER)}),
    LayerSpec("torch.nn.Sequential", "(*args)", {
        "tensorflow": LayerMap("TorchSequential", helper="layer:Sequential", **_HELPER,
                               container="sequential")}),
    LayerSpec("torch.nn.ModuleList", "(modules=None)", {
        "tensorflow": LayerMap("list", {"": "modules"}, positional=1, container="list")}),
    LayerSpec("torch.nn.ModuleDict", "(modules=None)", {
        "tensorflow": LayerMap("TorchModuleDict", helper="layer:ModuleDict", **_HELPER, container="dict")}),
    # recurrent: helper classes on Keras cells with torch's interface and gate order
    LayerSpec("torch.nn.LSTM", "(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, "
              "dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None)", {
        "tensorflow": LayerMap("TorchLSTM", helper="layer:RNN", **_HELPER)}),
    LayerSpec("torch.nn.GRU", "(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, "
              "dropout=0.0, bidirectional=False, device=None, dtype=None)", {
        "tensorflow": LayerMap("TorchGRU", helper="layer:RNN", **_HELPER)}),
    LayerSpec("torch.nn.RNN", "(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, "
              "batch_first=False, dropout=0.0, bidirectional=False, device=None, dtype=None)", {
        "tensorflow": LayerMap("TorchRNN", helper="layer:RNN", **_HELPER)}),
    LayerSpec("torch.nn.LSTMCell", "(input_size, hidden_size, bias=True, device=None, dtype=None)", {
        "tensorflow": LayerMap("TorchLSTMCell", helper="layer:RNN", **_HELPER)}),
    LayerSpec("torch.nn.GRUCell", "(input_size, hidden_size, bias=True, device=None, dtype=None)", {
        "tensorflow": LayerMap("TorchGRUCell", helper="layer:RNN", **_HELPER)}),
    LayerSpec("torch.nn.RNNCell", "(input_size, hidden_size, bias=True, nonlinearity='tanh', device=None, "
              "dtype=None)", {
        "tensorflow": LayerMap("TorchRNNCell", helper="layer:RNN", **_HELPER)}),
    LayerSpec("torch.nn.MultiheadAttention", "(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, "
              "add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None, dtype=None)", {
        "tensorflow": LayerMap("TorchMultiheadAttention", helper="layer:MultiheadAttention", **_HELPER)}),
    *[LayerSpec(f"torch.nn.{name}", sig, {"tensorflow": LayerMap(f"Torch{name}", helper="layer:Transformer",
                                                                  **_HELPER)})
      for name, sig in (
          ("TransformerEncoderLayer", _TRANSFORMER_LAYER_SIG), ("TransformerDecoderLayer", _TRANSFORMER_LAYER_SIG),
          ("TransformerEncoder", "(encoder_layer, num_layers, norm=None, enable_nested_tensor=True, "
                                 "mask_check=True)"),
          ("TransformerDecoder", "(decoder_layer, num_layers, norm=None)"),
          ("Transformer", "(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, "
                          "dropout=0.1, activation='relu', custom_encoder=None, custom_decoder=None, "
                          "layer_norm_eps=1e-05, batch_first=False, norm_first=False, device=None, dtype=None)"))],
    # GroupNormalization(groups=C) is instance norm (Keras docs); torch's channel groups are contiguous too
    LayerSpec("torch.nn.GroupNorm", "(num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None)", {
        "tensorflow": LayerMap("tf.keras.layers.GroupNormalization",
                               {"groups": "num_groups", "axis": "1", "epsilon": "eps", "center": "affine",
                                "scale": "affine"}, defaults={"center": True, "scale": True},
                               weights={"weight": ("gamma", None), "bias": ("beta", None)},
                               build="(None, shapes['weight'][0], None, None)",
                               ctor_build=("None", "num_channels", "None", "None"))}),
    *[LayerSpec(f"torch.nn.InstanceNorm{d}d", "(num_features, eps=1e-05, momentum=0.1, affine=False, "
                "track_running_stats=False, device=None, dtype=None)", {
        "tensorflow": LayerMap("tf.keras.layers.GroupNormalization",
                               {"groups": "num_features", "axis": "1", "epsilon": "eps", "center": "affine",
                                "scale": "affine"},
                               weights={"weight": ("gamma", None), "bias": ("beta", None)},
                               build="(None, shapes['weight'][0]" + ", None" * d + ")",
                               ctor_build=("None", "num_features") + ("None",) * d,
                               instead=("track_running_stats", _INSTANCE_NORM_TRACKED))}) for d in (1, 2)],
    LayerSpec("torch.nn.PReLU", "(num_parameters=1, init=0.25, device=None, dtype=None)", {
        "tensorflow": LayerMap("TorchPReLU", helper="layer:PReLU", **_HELPER)}),
    LayerSpec("torch.nn.Upsample", "(size=None, scale_factor=None, mode='nearest', align_corners=None, "
              "recompute_scale_factor=None)", {
        "tensorflow": LayerMap("TorchUpsample", {"size": "size", "scale_factor": "scale_factor", "mode": "mode",
                                                 "align_corners": "align_corners"}, helper="layer:Upsample",
                               defaults={"size": None, "scale_factor": None, "mode": "nearest",
                                         "align_corners": None})}),
    LayerSpec("torch.nn.PixelShuffle", "(upscale_factor)", {
        "tensorflow": LayerMap("TorchPixelShuffle", helper="layer:PixelShuffle", **_HELPER)}),
    *[LayerSpec(f"torch.nn.{name}", sig, {
        "tensorflow": LayerMap(f"TorchPad{name[-2:]}", args, positional=1, helper="layer:Pad2d",
                               defaults={"mode": "constant", "value": 0.0})})
      for name, sig, args in [("ZeroPad2d", "(padding)", {"padding": "padding"})] + [
          row for d in (1, 2) for row in (
              (f"ConstantPad{d}d", "(padding, value)", {"padding": "padding", "value": "value"}),
              (f"ReflectionPad{d}d", "(padding)", {"padding": "padding", "mode": "'reflect'"}),
              (f"ReplicationPad{d}d", "(padding)", {"padding": "padding", "mode": "'replicate'"}))]],
    _act("ReLU", "(inplace=False)", LayerMap("tf.keras.layers.ReLU")),
    _act("ReLU6", "(inplace=False)", LayerMap("tf.keras.layers.ReLU", {"max_value": "6.0"})),
    _act("GELU", "(approximate='none')", LayerMap("tf.keras.layers.Activation", {
        "activation": "'gelu' if approximate == 'none' else 'gelu_tanh'"}, positional=1)),
    _act("Tanh", "()", LayerMap("tf.keras.layers.Activation", {"activation": "'tanh'"}, positional=1)),
    _act("Sigmoid", "()", LayerMap("tf.keras.layers.Activation", {"activation": "'sigmoid'"}, positional=1)),
    _act("SiLU", "(inplace=False)", LayerMap("tf.keras.layers.Activation", {"activation": "'swish'"},
                                             positional=1)),
    _act("ELU", "(alpha=1.0, inplace=False)", LayerMap("tf.keras.layers.ELU", {"alpha": "alpha"},
                                                       defaults={"alpha": 1.0})),
    _act("LeakyReLU", "(negative_slope=0.01, inplace=False)",
         LayerMap("tf.keras.layers.LeakyReLU", {"alpha": "negative_slope"})),  # keras default alpha 0.3
    _act("Softmax", "(dim=None)", LayerMap("tf.keras.layers.Softmax", {"axis": "dim"},
                                           defaults={"axis": -1})),
    # no Keras layer computes these as torch does: Torch<Name> classes (helpers_tensorflow.ACTIVATIONS)
    *[_act(name, sig, LayerMap(f"Torch{name}", helper=f"layer:{name}", **_HELPER)) for name, sig in (
        ("SELU", "(inplace=False)"), ("Mish", "(inplace=False)"), ("Hardswish", "(inplace=False)"),
        ("Hardsigmoid", "(inplace=False)"), ("Hardtanh", "(min_val=-1.0, max_val=1.0, inplace=False)"),
        ("Softplus", "(beta=1.0, threshold=20.0)"), ("LogSoftmax", "(dim=None)"))],
]}


# JAX and NumPy: torch layers become plain classes (helpers_plain.py, emitted into the
# output) that take torch's constructor arguments unchanged and keep torch's weight
# names and layouts, so load_state_dict needs no weight table.
# torch layer -> helpers_plain key (None: a Python list / dict container)
_PLAIN_LAYERS = {
    "Linear": "Linear", "Conv1d": "Conv1d", "Conv2d": "Conv2d", "BatchNorm1d": "BatchNorm",
    "BatchNorm2d": "BatchNorm", "BatchNorm3d": "BatchNorm",
    "LayerNorm": "LayerNorm", "GroupNorm": "GroupNorm", "Embedding": "Embedding", "EmbeddingBag": "EmbeddingBag",
    "Dropout": "Dropout", "Flatten": "Flatten", "Identity": "Identity", "MaxPool2d": "MaxPool2d",
    "AvgPool2d": "AvgPool2d", "AdaptiveAvgPool2d": "AdaptiveAvgPool2d", "Sequential": "Sequential",
    "LSTM": "LSTM", "GRU": "GRU", "RNN": "RNN", "ModuleList": None, "ModuleDict": "ModuleDict",
    "ConvTranspose2d": "ConvTranspose2d", "InstanceNorm1d": "InstanceNorm", "InstanceNorm2d": "InstanceNorm",
    "PReLU": "PReLU", "Upsample": "Upsample", "PixelShuffle": "PixelShuffle", "Dropout1d": "Dropout2d",
    "Dropout2d": "Dropout2d",
    "LSTMCell": "LSTMCell", "GRUCell": "GRUCell", "RNNCell": "RNNCell", "MultiheadAttention": "MultiheadAttention",
    **{t: "Transformer" for t in ("TransformerEncoderLayer", "TransformerDecoderLayer", "TransformerEncoder",
                                  "TransformerDecoder", "Transformer")},
    **{p: p for p in ("ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ReflectionPad1d", "ReflectionPad2d",
                      "ReplicationPad1d", "ReplicationPad2d")},
    **{a: a for a in ("ReLU", "ReLU6", "Tanh", "Sigmoid", "SiLU", "Mish", "SELU", "Hardswish", "Hardsigmoid",
                      "GELU", "ELU", "LeakyReLU", "Hardtanh", "Softplus", "Softmax", "LogSoftmax")},
}


def _plain_map(name: str, key: str | None) -> LayerMap:
    if key is None:
        return LayerMap("list", {"": "modules"}, positional=1, container="list")
    cls = "Torch" + (name if key in (name, "Transformer") else key)
    return LayerMap(cls, helper=f"layer:{key}", passthrough=True,
                    container="sequential" if name == "Sequential" else None)


for _name, _key in _PLAIN_LAYERS.items():
    _spec = LAYERS.setdefault(f"torch.nn.{_name}", LayerSpec(f"torch.nn.{_name}", "(*args, **kwargs)", {}))
    for _target in ("jax", "numpy"):
        _spec.targets.setdefault(_target, _plain_map(_name, _key))


# torch.nn loss modules: constructor signature, and the canonical op their call computes with the
# constructor arguments it passes (the rest -- size_average, reduce, BCELoss weight -- are
# accepted and not used). Every target gets a ``Torch<Name>`` helper class generated from this table.
LOSSES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "MSELoss": ("(size_average=None, reduce=None, reduction='mean')", "mse_loss", ("reduction",)),
    "L1Loss": ("(size_average=None, reduce=None, reduction='mean')", "l1_loss", ("reduction",)),
    "SmoothL1Loss": ("(size_average=None, reduce=None, reduction='mean', beta=1.0)", "smooth_l1_loss",
                     ("reduction", "beta")),
    "CrossEntropyLoss": ("(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', "
                         "label_smoothing=0.0)", "cross_entropy", ("reduction", "label_smoothing",
                                                                  "ignore_index", "weight")),
    "NLLLoss": ("(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean')", "nll_loss",
                ("reduction", "ignore_index", "weight")),
    "BCELoss": ("(weight=None, size_average=None, reduce=None, reduction='mean')", "binary_cross_entropy",
                ("reduction",)),
    "BCEWithLogitsLoss": ("(weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None)",
                          "bce_with_logits", ("reduction", "pos_weight")),
}

for _name, (_sig, _op, _kw) in LOSSES.items():
    _spec = LAYERS.setdefault(f"torch.nn.{_name}", LayerSpec(f"torch.nn.{_name}", _sig, {}))
    for _target in ("tensorflow", "jax", "numpy"):
        _spec.targets.setdefault(_target, LayerMap(f"Torch{_name}", helper=f"layer:{_name}", passthrough=True))


def loss_class(name: str, base: str) -> tuple[str, str, tuple[str, ...]]:
    """(class name, code, helper keys) of the ``Torch<name>`` loss class over ``base`` ("" for none)."""
    sig, op, kw = LOSSES[name]
    params = sig[1:-1]
    store = ", ".join(f"self.{k}" for k in kw)
    call_kw = ", ".join(f"{k}=self.{k}" for k in kw)
    code = (f"class Torch{name}{'(' + base + ')' if base else ''}:\n"
            f"    \"\"\"torch.nn.{name}: F.{op} with the constructor's {', '.join(kw)}.\"\"\"\n\n"
            f"    def __init__(self, {params}):\n"
            f"        {store} = {', '.join(kw)}\n\n"
            f"    def __call__(self, input, target):\n"
            f"        return _tg_{op}(input, target, {call_kw})\n")
    return f"Torch{name}", code, (op,)
