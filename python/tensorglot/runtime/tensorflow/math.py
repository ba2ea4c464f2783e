"""tf.math (emulated; generated from the tensorflow binding table)."""
from ._install import install

install(globals(), "tf.math")
