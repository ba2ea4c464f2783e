"""Emulated ``torch.nn.parallel``: one CPU device, so the wrappers run the module itself."""
from ... import core as _core
from .modules import Module


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0, module_kwargs=None):
    if not isinstance(inputs, tuple):
        inputs = (inputs,)
    return module(*inputs, **(module_kwargs or {}))


class DataParallel(Module):
    """Holds the wrapped model as ``module`` (torch's state_dict names: ``module.<name>``)."""

    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        self.module = module

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)


DistributedDataParallel = DataParallel

__getattr__ = _core.unsupported_getattr("torch.nn.parallel", "torch")
