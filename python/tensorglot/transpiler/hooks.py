"""Source-side hooks for torch binding rows with ``custom=``: call shapes a canonical op
cannot say (torch.split's chunk *size*, torch.max(x, dim)'s (values, indices), F.pad's
reversed pair order...). Each is emitted as a call of a target helper keyed ``torch:<name>``
(helpers_<target>.py); a target without that helper leaves the call unsupported.
"""
from __future__ import annotations

import ast
import re

from .values import Val, lit_eq, val_text


class CustomHooks:
    """Mixed into the Converter: ``custom_<name>(node, binding, bound, api)``."""

    def helper_call(self, node: ast.Call, api: str, key: str, args: list, kwargs: dict | None = None,
                    defaults: dict | None = None, tensor: bool = True) -> bool:
        """Replace ``node`` with ``<helper>(args..., kw=...)``; kwargs equal to ``defaults`` are omitted."""
        name = self.use_helper(key)
        if name is None:
            return self.unsupported_api(node, api)
        parts = [val_text(v, self.dtype_fmt) for v in args]
        for k, v in (kwargs or {}).items():
            d = (defaults or {}).get(k, _NO_DEFAULT)
            if d is not _NO_DEFAULT and v.is_lit and lit_eq(v.value, d):
                continue
            parts.append(f"{k}={val_text(v, self.dtype_fmt)}")
        self.converted += 1
        self.edit(node, f"{name}({', '.join(parts)})")
        return tensor

    def custom_split(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:split", [bound["tensor"], bound["split_size_or_sections"]],
                                {"axis": bound["dim"]}, {"axis": 0})

    def custom_chunk(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:chunk", [bound["input"], bound["chunks"]],
                                {"axis": bound["dim"]}, {"axis": 0})

    def custom_expand(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:expand", [bound["input"], *bound["sizes"]])

    def custom_pad(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:pad", [bound["input"], bound["pad"]],
                                {"mode": bound["mode"], "value": bound["value"]},
                                {"mode": "constant", "value": None})

    def custom_one_hot(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:one_hot", [bound["tensor"]],
                                {"num_classes": bound["num_classes"]}, {"num_classes": -1})

    def custom_sort(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:sort", [bound["input"]],
                                {"axis": bound["dim"], "descending": bound["descending"]},
                                {"axis": -1, "descending": False})

    def custom_sdpa(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:sdpa", [bound["query"], bound["key"], bound["value"]],
                                {k: bound[k] for k in ("attn_mask", "dropout_p", "is_causal")},
                                {"attn_mask": None, "dropout_p": 0.0, "is_causal": False})

    def custom_mha_forward(self, node, b, bound, api):
        # torch's parameters without a default go positionally; the rest by keyword, omitted at their default
        params = b.signature.parameters.values()
        defaults = {p.name: p.default for p in params if p.default is not p.empty}
        return self.helper_call(node, api, "torch:mha_forward", [bound[p.name] for p in params if p.default is p.empty],
                                {k: bound[k] for k in defaults}, defaults)

    def custom_square_subsequent_mask(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:square_subsequent_mask", [bound["sz"]])

    def custom_normalize(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:normalize", [bound["input"]],
                                {"p": bound["p"], "axis": bound["dim"], "eps": bound["eps"]},
                                {"p": 2.0, "axis": 1, "eps": 1e-12})

    def custom_nonzero(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:nonzero", [bound["input"]],
                                {"as_tuple": bound["as_tuple"]}, {"as_tuple": False})

    def custom_where(self, node, b, bound, api):
        """torch.where(condition) is nonzero(condition, as_tuple=True); three arguments: the table's where."""
        if bound["input"].is_lit and bound["input"].value is None and bound["other"].is_lit \
                and bound["other"].value is None:
            return self.helper_call(node, api, "torch:nonzero", [bound["condition"]], {"as_tuple": Val(True)})
        return None

    def custom_allclose(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:allclose", [bound["input"], bound["other"]],
                                {k: bound[k] for k in ("rtol", "atol", "equal_nan")},
                                {"rtol": 1e-05, "atol": 1e-08, "equal_nan": False}, tensor=False)

    def custom_manual_seed(self, node, b, bound, api):
        tmpl = self.expr_template("manual_seed")  # TensorFlow: tf.random.set_seed
        if tmpl is not None:
            self.converted += 1
            self.edit(node, tmpl.format(val_text(bound["seed"], self.dtype_fmt)))
            self.diag("info", f"{api}: the converted code seeds {self.tname}'s generator (its random numbers "
                              "differ from torch's)", node, api)
            return False
        return self.helper_call(node, api, "torch:manual_seed", [bound["seed"]], tensor=False)

    def custom_cat(self, node, b, bound, api):
        """torch.cat: the target's concat, unless an operand is known to be 0-d.

        PyTorch rejects 0-d operands, so in code that runs on PyTorch every operand of an unknown
        rank is >= 1-D and the plain concat is exact. The emulated torch accepts 0-d operands as
        1-element vectors (the seed's pure_torch example concatenates full reductions); target
        concats reject them, so a call with an operand known to be 0-d uses ``_tg_cat``."""
        seq = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "tensors"), None)
        if not isinstance(seq, (ast.List, ast.Tuple)):
            return None
        for e in seq.elts:  # (a loop: a generator left early is closed by raising in it)
            f = self.fact(e)
            if f is not None and f.scalar:
                break
        else:
            return None
        return self.helper_call(node, api, "torch:cat", [bound["tensors"]], {"axis": bound["dim"]}, {"axis": 0})

    def custom_randint(self, node, b, bound, api):
        """torch.randint(high, size) or (low, high, size): the helper sorts the forms out."""
        return self.helper_call(node, api, "torch:randint", [bound["low"], bound["high"], bound["size"]],
                                {"dtype": bound["dtype"]}, {"dtype": None})

    def custom_median(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:median", [bound["input"]],
                                {"axis": bound["dim"], "keepdims": bound["keepdim"]}, {"axis": None, "keepdims": False})

    def custom_kthvalue(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:kthvalue", [bound["input"], bound["k"]],
                                {"axis": bound["dim"], "keepdims": bound["keepdim"]}, {"axis": -1, "keepdims": False})

    def custom_aminmax(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:aminmax", [bound["input"]],
                                {"axis": bound["dim"], "keepdims": bound["keepdim"]}, {"axis": None, "keepdims": False})

    def custom_normal(self, node, b, bound, api):
        return self.helper_call(node, api, "torch:normal", [bound["mean"], bound["std"]],
                                {"size": bound["size"]}, {"size": None})

    def custom_batch_norm(self, node, b, bound, api):
        """F.batch_norm is the canonical op; torch's in-place running-stat update in training is the
        target helper's (TF: running stats in tf.Variables, as register_buffer makes them), else noted."""
        training, stats = bound["training"], bound["running_mean"]
        if getattr(self.helpers, "BATCH_NORM_UPDATES_RUNNING_STATS", False):
            return None
        if not (training.is_lit and not training.value) and not (stats.is_lit and stats.value is None):
            self.diag("info", f"{api}: with training=True torch also updates running_mean / running_var in "
                              "place; the converted call only normalises with the batch statistics", node, api)
        return None

    def minmax_dim(self, node, bound, api, op):
        """torch.max(x, dim) / torch.min(x, dim): a (values, indices) named tuple."""
        return self.helper_call(node, api, f"torch:{op}_dim", [bound["input"], bound["dim"]],
                                {"keepdims": bound["keepdim"]}, {"keepdims": False})


_NO_DEFAULT = object()
#: identifier-like string literals ('LSTM', "GRU"): candidates for getattr(nn, name)
_IDENT_STRING = re.compile(r"""['"]([A-Za-z_][A-Za-z0-9_]*)['"]""")


class ReflectHooks:
    """``hasattr(torch.nn.functional, 'x')`` feature checks and ``getattr(nn, name)`` lookups."""
    _strings: list[str] | None = None   # the file's string constants, collected on first need

    def can_convert(self, api: str) -> bool:
        """Whether a call of torch ``api`` has a conversion to the target (statically known)."""
        from ..frameworks.layers import LAYERS
        if api in LAYERS:
            lm = LAYERS[api].targets.get(self.tname)
            return lm is not None and (not lm.helper or lm.helper in getattr(self.helpers, "HELPERS", {}))
        b = self.src_table.get(api)
        if b is None:
            return False
        helpers = getattr(self.helpers, "HELPERS", {})
        from .convert import _SKIP_TARGET_CUSTOM, _SOURCE_CUSTOM_OK
        if b.custom and b.custom not in _SOURCE_CUSTOM_OK:  # those hooks fall back to the canonical op
            if hasattr(self, "custom_" + b.custom):
                return f"torch:{b.custom}" in helpers or b.custom in ("div", "max", "min", "to", "tensor_type") \
                    or self.expr_template(b.custom) is not None
            if self.expr_template(b.custom) is not None:  # JAX's x[i] = v -> x.at[i].set(v)
                return True
        # target rows with a _SKIP_TARGET_CUSTOM hook are never spelled directly
        return any(t.custom not in _SKIP_TARGET_CUSTOM for t in self.tgt_ops.get(b.op, ())) or b.op in helpers

    def reflect(self, node: ast.Call) -> bool:
        if self.is_local(node.func.id) or len(node.args) < 2 or node.keywords:
            return False
        mod = self.qualname(node.args[0])
        if mod is None or not mod.startswith("torch"):
            return False
        name = node.args[1]
        self.apis += 1
        if node.func.id == "hasattr":
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                return False
            api = f"{mod}.{name.value}"
            ok = self.can_convert(api)
            self.converted += 1
            self.edit(node, repr(ok))
            self.diag("info", f"hasattr({mod}, {name.value!r}) is {ok}: {api} "
                              f"{'has' if ok else 'has no'} {self.tname} conversion", node, api)
            return True
        if len(node.args) != 2:
            return False
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            if f"{mod}.{name.value}" in self.src_table:  # getattr(F, "relu"): a function reference
                self.apis -= 1  # function_ref counts it
                self.function_ref(node, f"{mod}.{name.value}")
                return True
            return False  # getattr(nn, "Linear"): left to the caller (rarely written)
        # getattr(nn, rnn_type): the candidates are the layer names the file spells as strings
        from ..frameworks.layers import LAYERS
        if self._strings is None:
            self._strings = list(dict.fromkeys(_IDENT_STRING.findall(self.src.text)))
        cands = [v for v in self._strings if f"{mod}.{v}" in LAYERS and self.can_convert(f"{mod}.{v}")]
        funcs = {v: self.function_ref_text(f"{mod}.{v}", node) for v in self._strings
                 if f"{mod}.{v}" in self.src_table and not cands}
        funcs = {v: t for v, t in funcs.items() if t is not None}
        if funcs:  # getattr(F, act_name): among the function names this file spells as strings
            self.converted += 1
            self.edit(node, "{" + ", ".join(f"{v!r}: {t}" for v, t in funcs.items()) + "}["
                      + self.render(name) + "]")
            self.diag("info", f"getattr({mod}, ...) resolved among the function names this file mentions: "
                              + ", ".join(funcs), node)
            return True
        if not cands:
            self.unsupported_api(node, f"getattr({mod}, ...)")
            return True
        parts = []
        for c in cands:
            lm = LAYERS[f"{mod}.{c}"].targets[self.tname]
            if lm.helper:
                self.use_helper(lm.helper)
            if lm.weights:
                self.weight_classes[lm.cls.rsplit(".", 1)[-1]] = lm
            parts.append(f"{c!r}: {lm.cls}")
        self.converted += 1
        self.edit(node, "{" + ", ".join(parts) + "}[" + self.render(name) + "]")
        self.diag("info", f"getattr({mod}, ...) resolved among the layer names this file mentions: "
                          f"{', '.join(cands)}", node, mod)
        return True


#: wrappers whose forward value at inference is what they wrap: the wrapped module (weight_norm's
#: g * v / ||v|| is the module's own weight until training moves g and v apart), or the
#: checkpointed function's value (checkpointing only recomputes activations in backward);
#: qualified name -> the parameter holding the wrapped object
INFERENCE_IDENTITY = {
    "torch.nn.utils.weight_norm": "module",
    "torch.nn.utils.parametrizations.weight_norm": "module",
    "torch.nn.utils.remove_weight_norm": "module",
    "torch.utils.checkpoint.checkpoint": "function",
}
#: torch.utils.checkpoint's own keywords, not passed on to the function
_CHECKPOINT_KW = {"use_reentrant", "preserve_rng_state", "context_fn", "determinism_check", "debug"}


def identity_wrapped(node: ast.expr, qualname) -> ast.expr:
    """``weight_norm(nn.Conv1d(...))`` -> the ``nn.Conv1d(...)`` call; any other node as it is."""
    while isinstance(node, ast.Call) and INFERENCE_IDENTITY.get(qualname(node.func)) == "module":
        inner = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "module"), None)
        if inner is None:
            break
        node = inner
    return node


class DeviceHooks:
    def identity_call(self, node: ast.Call, q: str) -> bool:
        """An INFERENCE_IDENTITY wrapper: ``weight_norm(m)`` -> ``m``; ``checkpoint(f, x)`` -> ``f(x)``."""
        param = INFERENCE_IDENTITY[q]
        inner = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == param), None)
        if inner is None:
            return self.unsupported_api(node, q)
        if param == "module":
            text = self.render(inner)
            why = "weight normalisation computes the wrapped weight until trained"
        else:
            rest = [self.render(a) for a in node.args[1:]]
            rest += [f"{k.arg}={self.render(k.value)}" if k.arg else f"**{self.render(k.value)}"
                     for k in node.keywords if k.arg not in _CHECKPOINT_KW and k.arg != param]
            text = f"{self.render(inner)}({', '.join(rest)})"
            why = "checkpointing only recomputes activations in backward"
        self.converted += 1
        self.edit(node, text)
        self.diag("info", f"{q}: the forward value is the wrapped one ({why})", node, q)
        return param == "function"

    def parallel_call(self, node: ast.Call, q: str) -> bool:
        """``data_parallel(module, inputs, ...)`` -> ``module(inputs)``; ``DataParallel(m)`` -> ``m``."""
        module = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "module"), None)
        if module is None:
            return self.unsupported_api(node, q)
        if q.endswith("data_parallel"):
            inputs = node.args[1] if len(node.args) > 1 else next(
                (k.value for k in node.keywords if k.arg == "inputs"), None)
            if inputs is None:
                return self.unsupported_api(node, q)
            text = f"{self.render(module)}({self.render(inputs)})"
        else:
            text = self.render(module)
        self.converted += 1
        self.edit(node, text)
        self.diag("info", f"{q}: converted code runs on {self.tname}'s default device (one replica)", node, q)
        return q.endswith("data_parallel")
