"""jax.lax (the common part): table rows plus stop_gradient."""
from ..core import public
from ._base import FW
from ._install import install


@public("jax.lax.stop_gradient")
def stop_gradient(x):
    """Identity on values (no autodiff in the emulation)."""
    return FW.wrap(FW.to_array(x))


install(globals(), "jax.lax")
