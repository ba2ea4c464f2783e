"""The ivy functional API as data: ivy's own signature, the canonical op, and the
backend function each ivy function dispatches to (the traced node's label).

How a backend function takes its arguments is not repeated here: it is read
from that backend's binding table (tensorglot.frameworks.<fw>), the single
source of truth for "how torch spells var".
"""
from __future__ import annotations

from ...frameworks.binding import Binding

BACKENDS = ("torch", "tensorflow", "numpy", "jax")

#: ivy name, canonical op, then the backend function per BACKENDS column
_DISPATCH = """
mean            mean            torch.mean          tf.math.reduce_mean     np.mean          jnp.mean
sum             sum             torch.sum           tf.math.reduce_sum      np.sum           jnp.sum
prod            prod            torch.prod          tf.math.reduce_prod     np.prod          jnp.prod
var             var             torch.var           tf.math.reduce_variance np.var           jnp.var
std             std             torch.std           tf.math.reduce_std      np.std           jnp.std
max             max             torch.amax          tf.math.reduce_max      np.max           jnp.max
min             min             torch.amin          tf.math.reduce_min      np.min           jnp.min
argmax          argmax          torch.argmax        tf.math.argmax          np.argmax        jnp.argmax
argmin          argmin          torch.argmin        tf.math.argmin          np.argmin        jnp.argmin
cumsum          cumsum          torch.cumsum        tf.math.cumsum          np.cumsum        jnp.cumsum
cos             cos             torch.cos           tf.math.cos             np.cos           jnp.cos
sin             sin             torch.sin           tf.math.sin             np.sin           jnp.sin
tan             tan             torch.tan           tf.math.tan             np.tan           jnp.tan
tanh            tanh            torch.tanh          tf.math.tanh            np.tanh          jnp.tanh
exp             exp             torch.exp           tf.math.exp             np.exp           jnp.exp
log             log             torch.log           tf.math.log             np.log           jnp.log
sqrt            sqrt            torch.sqrt          tf.math.sqrt            np.sqrt          jnp.sqrt
abs             abs             torch.abs           tf.math.abs             np.abs           jnp.abs
square          square          torch.square        tf.math.square          np.square        jnp.square
negative        neg             torch.neg           tf.math.negative        np.negative      jnp.negative
floor           floor           torch.floor         tf.math.floor           np.floor         jnp.floor
ceil            ceil            torch.ceil          tf.math.ceil            np.ceil          jnp.ceil
sign            sign            torch.sign          tf.math.sign            np.sign          jnp.sign
add             add             torch.add           tf.math.add             np.add           jnp.add
subtract        sub             torch.sub           tf.math.subtract        np.subtract      jnp.subtract
multiply        mul             torch.mul           tf.math.multiply        np.multiply      jnp.multiply
divide          truediv         torch.div           tf.math.truediv         np.divide        jnp.divide
pow             pow             torch.pow           tf.math.pow             np.power         jnp.power
maximum         maximum         torch.maximum       tf.math.maximum         np.maximum       jnp.maximum
minimum         minimum         torch.minimum       tf.math.minimum         np.minimum       jnp.minimum
equal           eq              torch.eq            tf.math.equal           np.equal         jnp.equal
less            lt              torch.lt            tf.math.less            np.less          jnp.less
greater         gt              torch.gt            tf.math.greater         np.greater       jnp.greater
matmul          matmul          torch.matmul        tf.linalg.matmul        np.matmul        jnp.matmul
linear          linear          torch.nn.functional.linear  -               -                -
diag            diag            torch.diag          tf.linalg.diag          np.diag          jnp.diag
concatenate     concat          torch.cat           tf.concat               np.concatenate   jnp.concatenate
stack           stack           torch.stack         tf.stack                np.stack         jnp.stack
reshape         reshape         torch.reshape       tf.reshape              np.reshape       jnp.reshape
permute_dims    transpose       torch.permute       tf.transpose            np.transpose     jnp.transpose
expand_dims     expand_dims     torch.unsqueeze     tf.expand_dims          np.expand_dims   jnp.expand_dims
squeeze         squeeze         torch.squeeze       tf.squeeze              np.squeeze       jnp.squeeze
where           where           torch.where         tf.where                np.where         jnp.where
relu            relu            torch.relu          tf.nn.relu              -                jax.nn.relu
sigmoid         sigmoid         torch.sigmoid       tf.math.sigmoid         -                jax.nn.sigmoid
gelu            gelu            torch.nn.functional.gelu  tf.nn.gelu        -                jax.nn.gelu
softmax         softmax         torch.softmax       tf.nn.softmax           -                jax.nn.softmax
log_softmax     log_softmax     torch.log_softmax   tf.nn.log_softmax       -                jax.nn.log_softmax
array           asarray         torch.tensor        tf.convert_to_tensor    np.array         jnp.array
asarray         asarray         torch.tensor        tf.convert_to_tensor    np.asarray       jnp.asarray
zeros           zeros           torch.zeros         tf.zeros                np.zeros         jnp.zeros
ones            ones            torch.ones          tf.ones                 np.ones          jnp.ones
zeros_like      zeros_like      torch.zeros_like    tf.zeros_like           np.zeros_like    jnp.zeros_like
ones_like       ones_like       torch.ones_like     tf.ones_like            np.ones_like     jnp.ones_like
arange          arange          torch.arange        tf.range                np.arange        jnp.arange
linspace        linspace        torch.linspace      tf.linspace             np.linspace      jnp.linspace
eye             eye             torch.eye           tf.eye                  np.eye           jnp.eye
astype          astype          -                   tf.cast                 -                -
random_uniform  random_uniform  torch.rand          tf.random.uniform       np.random.uniform  jax.random.uniform
random_normal   random_normal   torch.randn         tf.random.normal        np.random.normal   jax.random.normal
"""

#: ivy's own signatures where they differ from the canonical op's
#: (sig, ivy parameter -> canonical parameter)
_IVY_SIGS: dict[str, tuple[str, dict]] = {
    **{n: ("(x1, x2, /, *, out=None)", {"x1": "x", "x2": "y", "out": None})
       for n in ("add", "subtract", "multiply", "divide", "pow", "maximum", "minimum",
                 "equal", "less", "greater", "matmul")},
    "permute_dims": ("(x, /, axes, *, out=None)", {"axes": "perm", "out": None}),
    "array": ("(obj, /, *, dtype=None, device=None)", {"obj": "data", "device": None}),
    "asarray": ("(obj, /, *, dtype=None, device=None)", {"obj": "data", "device": None}),
    "zeros": ("(shape, *, dtype='float32', device=None, out=None)", {"device": None, "out": None}),
    "ones": ("(shape, *, dtype='float32', device=None, out=None)", {"device": None, "out": None}),
    # the seed calls ivy.random_uniform(-1, 1, (3, 3)) positionally
    "random_uniform": ("(low=0.0, high=1.0, shape=None, *, dtype='float32', seed=None, device=None)",
                       {"device": None}),
    "random_normal": ("(mean=0.0, std=1.0, shape=None, *, dtype='float32', seed=None, device=None)",
                      {"device": None}),
    "astype": ("(x, dtype, /, *, copy=True)", {"copy": None}),
}


def _build():
    from ...ops import OPS
    bindings: dict[str, Binding] = {}
    dispatch: dict[str, dict[str, str]] = {}
    for line in _DISPATCH.strip().splitlines():
        name, op, *targets = line.split()
        if name not in _IVY_SIGS:
            sig, args = OPS[op].sig, {}
            # every ivy function takes out=None; the canonical sig does not
            sig = sig[:-1] + (", " if sig != "()" else "") + "out=None)"
            args = {"out": None}
        else:
            sig, args = _IVY_SIGS[name]
        bindings[name] = Binding(names=(f"ivy.{name}",), op=op, sig=sig, args=args)
        dispatch[name] = {b: t for b, t in zip(BACKENDS, targets) if t != "-"}
    return bindings, dispatch


#: ivy function name -> Binding (ivy's signature -> canonical op)
IVY_BINDINGS, DISPATCH = _build()
