"""Emulated ``torch.nn``."""
from ... import core as _core
from . import functional, init, parallel, utils
from .parallel import DataParallel  # noqa: F401
from .modules import *  # noqa: F401,F403
from .modules import Module, Parameter, _SIMPLE  # noqa: F401
from . import modules as _modules

for _n in _SIMPLE:
    globals()[_n] = getattr(_modules, _n)

__getattr__ = _core.unsupported_getattr("torch.nn", "torch")
