"""Emulated ``torch.optim``. There is no autograd, so every parameter's ``grad`` is None and
``step()`` leaves it unchanged -- exactly what torch does for parameters without gradients."""
from ... import core as _core


class Optimizer:
    def __init__(self, params, defaults=None, **kwargs) -> None:
        params = list(params)
        if params and isinstance(params[0], dict):
            groups = [dict(g) for g in params]
        else:
            groups = [{"params": params}]
        for g in groups:
            for k, v in dict(defaults or {}, **kwargs).items():
                g.setdefault(k, v)
        self.param_groups = groups
        self.defaults = dict(defaults or {}, **kwargs)
        self.state = {}

    def zero_grad(self, set_to_none: bool = True) -> None:
        for g in self.param_groups:
            for p in g["params"]:
                p.grad = None

    def step(self, closure=None):
        return closure() if closure is not None else None

    def state_dict(self):
        return {"state": {}, "param_groups": [{k: v for k, v in g.items() if k != "params"}
                                              for g in self.param_groups]}

    def load_state_dict(self, state_dict) -> None:
        return None


def _opt(name, **defaults):
    def __init__(self, params, *args, **kwargs):
        Optimizer.__init__(self, params, defaults, **kwargs)
    return type(name, (Optimizer,), {"__init__": __init__})


SGD = _opt("SGD", lr=0.001, momentum=0, weight_decay=0)
Adadelta = _opt("Adadelta", lr=1.0, rho=0.9, eps=1e-06, weight_decay=0)
Adagrad = _opt("Adagrad", lr=0.01, lr_decay=0, weight_decay=0)
Adam = _opt("Adam", lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)
AdamW = _opt("AdamW", lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)
RMSprop = _opt("RMSprop", lr=0.01, alpha=0.99, eps=1e-08)
LBFGS = _opt("LBFGS", lr=1, max_iter=20)

__getattr__ = _core.unsupported_getattr("torch.optim", "torch")
from . import lr_scheduler  # noqa: E402,F401
