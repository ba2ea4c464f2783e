"""tf.nn (emulated): table rows plus bias_add."""
from ..core import public
from ._base import FW
from ._install import install
from ...ops import impl as _I


@public("tf.nn.bias_add")
def bias_add(value, bias, data_format=None, name=None):
    """Adds a 1-D bias along the channel axis (last, or 1 for NC* formats)."""
    x, b = FW.to_array(value), FW.to_array(bias)
    if data_format is not None and str(data_format).upper().startswith("NC") and x.ndim > 2:
        b = _I.reshape(b, (-1,) + (1,) * (x.ndim - 2))
    return FW.wrap(_I.add(x, b))


install(globals(), "tf.nn")
