"""Emulated ``torch.autograd``: the pre-0.4 ``Variable`` wrapper that old model code still uses."""


def Variable(data, requires_grad=False, volatile=False):
    """Since torch 0.4 ``Variable(t)`` returns ``t`` itself (a Tensor is its own Variable)."""
    if requires_grad:
        data.requires_grad = True
    return data


class Function:
    """A custom autograd function. The emulation computes no gradients, so only ``forward``
    runs: ``F.apply(*args)`` (``forward(ctx, *args)`` a staticmethod) and the pre-1.3 style of
    calling an instance (``F(...)(x)``, ``forward(self, x)``). ``ctx`` is the function object."""

    saved_tensors: tuple = ()

    def save_for_backward(self, *tensors):
        self.saved_tensors = tensors

    def mark_dirty(self, *tensors):
        pass

    def mark_non_differentiable(self, *tensors):
        pass

    def set_materialize_grads(self, value):
        pass

    def __call__(self, *args):
        return self.forward(*args)

    @classmethod
    def apply(cls, *args, **kwargs):
        ctx = object.__new__(cls)
        return cls.forward(ctx, *args, **kwargs)
