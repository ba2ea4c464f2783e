"""Emulated ``torch.autograd``: the pre-0.4 ``Variable`` wrapper that old model code still uses."""


def Variable(data, requires_grad=False, volatile=False):
    """Since torch 0.4 ``Variable(t)`` returns ``t`` itself (a Tensor is its own Variable)."""
    if requires_grad:
        data.requires_grad = True
    return data
