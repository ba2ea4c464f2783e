"""tf.experimental.numpy (emulated; the rows of the tensorflow binding table under that name)."""
from .._install import install

install(globals(), "tf.experimental.numpy")
