"""tf.dtypes."""
from ._base import DTYPE_ATTRS, TFDType as DType, as_dtype
from ._install import install

globals().update(DTYPE_ATTRS)
install(globals(), "tf.dtypes")
