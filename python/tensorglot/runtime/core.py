"""Generic machinery that turns binding tables into emulated framework modules.

Every emulated framework (torch, numpy, tensorflow, jax) is a ``Framework``
object plus a tensor class derived from ``TensorBase``. Public functions are
built from ``Binding`` rows by ``make_function``: bind the framework's own
signature, unwrap tensors to engine ``NDArray``s, map to canonical arguments,
run ``tensorglot.ops.impl.<op>`` under the framework's promotion policy, wrap
the result and report the call to the tracer.

Tracer contract: ``tracer.ACTIVE.record(label, func, args, kwargs, result)``
is called once per *outermost* public call (``func(*args, **kwargs)`` replays
it). Calls made from inside another public function (custom hooks, in-place
wrappers) are not reported: ``STATE.depth`` counts the nesting.
"""
from __future__ import annotations

import functools
import importlib
import inspect
import math
from sys import _getframe
from typing import Any, Callable, Iterable

from . import tracer as _tracer

#: canonical parameters that hold arrays (or sequences of arrays for ``xs``);
#: frameworks that accept Python lists there (numpy, tf) convert them.
ARRAY_PARAMS = frozenset({"x", "y", "cond", "indices", "weight", "bias", "logits",
                          "target", "mask", "src", "running_mean", "running_var"})
#: ops whose ``x``/``y`` may stay Python scalars (the engine treats them as weak)
SCALAR_FRIENDLY_KINDS = frozenset({"binary"})


class UnsupportedAPI(AttributeError):
    """An API the emulation lacks. An AttributeError so ``hasattr`` and
    ``from m import name`` behave as for a missing attribute."""


class _State:
    __slots__ = ("depth",)

    def __init__(self) -> None:
        self.depth = 0


STATE = _State()


@functools.cache
def engine():
    """The engine package, imported lazily so the runtime imports without it."""
    return importlib.import_module("tensorglot.engine")


@functools.cache
def impl():
    return importlib.import_module("tensorglot.ops.impl")


class DType:
    """A framework dtype object (``torch.float32``, ``np.float64``...).

    ``name`` is the canonical dtype name; ``text`` is what ``repr`` shows.
    Equal to other DTypes and strings with the same canonical name.
    """
    __slots__ = ("name", "text", "framework")

    def __init__(self, name: str, text: str, framework: str) -> None:
        self.name = name
        self.text = text
        self.framework = framework

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DType):
            return other.name == self.name
        if isinstance(other, str):
            return other == self.name
        if isinstance(other, type) and other in _NUMPY_PY_TYPES and self.framework in ("numpy", "jax"):
            # numpy dtypes (and so jax's) equal the Python type np.dtype() maps: x.dtype == bool
            return _NUMPY_PY_TYPES[other] == self.name
        n = getattr(other, "_tg_dtype", None)
        return n is not None and n == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    @property
    def is_floating_point(self) -> bool:
        return self.name in ("float16", "bfloat16", "float32", "float64")

    @property
    def itemsize(self) -> int:
        return _ITEMSIZE[self.name]


#: np.dtype(bool / int / float / complex) (64-bit Linux: int is int64)
_NUMPY_PY_TYPES = {bool: "bool", int: "int64", float: "float64", complex: "complex128"}

_ITEMSIZE = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8, "int8": 1, "int16": 2,
             "int32": 4, "int64": 8, "uint8": 1, "bool": 1}

_CANON_ALIASES = {"float": "float32", "double": "float64", "half": "float16", "long": "int64",
                  "int": "int32", "short": "int16", "bool_": "bool", "float_": "float64",
                  "int_": "int64"}


class Framework:
    """One emulated framework: its name, tensor class, dtypes and promotion policy."""

    def __init__(self, name: str, *, policy: str | None = None, default_float: str = "float32",
                 default_int: str = "int64", coerce_lists: bool = False,
                 accepts: Iterable[str] = (), module_prefix: str | None = None) -> None:
        self.name = name
        self.policy = policy or name
        self.default_float = default_float
        self.default_int = default_int
        #: convert Python lists/scalars given for array parameters (numpy, tf style)
        self.coerce_lists = coerce_lists
        #: names of other frameworks whose tensors this one takes as arrays
        self.accepts = frozenset(accepts) | {name}
        self.prefix = module_prefix or name
        self.tensor_cls: type | None = None
        self.dtypes: dict[str, DType] = {}
        #: Python types used as dtypes (``dtype=float``) -> canonical name
        self.py_types: dict[type, str] = {float: "float64", int: "int64", bool: "bool",
                                          complex: "complex128"}

    # --- dtypes ----------------------------------------------------------
    def dtype(self, name: str, text: str | None = None) -> DType:
        d = self.dtypes.get(name)
        if d is None:
            d = self.dtypes[name] = DType(name, text or f"{self.prefix}.{name}", self.name)
        return d

    def canon_dtype(self, obj: Any) -> str | None:
        """Canonical dtype name for a user-supplied dtype (object, string, Python type)."""
        if obj is None:
            return None
        if isinstance(obj, DType):
            return obj.name
        if isinstance(obj, str):
            s = obj.rsplit(".", 1)[-1]
            return _CANON_ALIASES.get(s, s)
        if isinstance(obj, type):
            n = getattr(obj, "_tg_dtype", None)
            if n is not None:
                return n
            if obj in self.py_types:
                return self.py_types[obj]
        n = getattr(obj, "_tg_dtype", None)
        if n is not None:
            return n
        name = getattr(obj, "name", None)
        if isinstance(name, str):
            return _CANON_ALIASES.get(name, name)
        raise TypeError(f"{self.prefix}: cannot interpret {obj!r} as a data type")

    def dtype_obj(self, name: str) -> DType:
        return self.dtypes.get(name) or self.dtype(name)

    # --- tensors ----------------------------------------------------------
    def wrap(self, r: Any) -> Any:
        """Engine results -> framework objects (recursively through tuples/lists)."""
        E = engine()
        if isinstance(r, E.NDArray):
            return self.tensor_cls._new(r)
        if isinstance(r, tuple):
            t = tuple(self.wrap(v) for v in r)
            # namedtuple results (tf.math.top_k's TopKV2) keep their type
            return type(r)._make(t) if hasattr(r, "_fields") else t
        if isinstance(r, list):
            return [self.wrap(v) for v in r]
        return r

    def unwrap(self, obj: Any, accepts: frozenset | None = None) -> Any:
        """Framework objects -> NDArray; Python scalars, None and strings pass through;
        lists/tuples are unwrapped element-wise (they stay lists/tuples)."""
        if isinstance(obj, TensorBase):
            if obj._fw.name in (accepts or self.accepts):
                return obj._a
            if getattr(obj, "_python_number", False):
                # np.float64 subclasses float: numpy scalars mix with tensors as Python numbers
                return obj._a.item()
            raise TypeError(f"{self.prefix}: expected a {self.name} tensor, got a "
                            f"{obj._fw.name} tensor ({type(obj).__name__})")
        if isinstance(obj, (tuple, list)):
            if any(isinstance(v, (TensorBase, tuple, list)) for v in obj):
                return type(obj)(self.unwrap(v, accepts) for v in obj)
            return obj
        return obj

    @property
    def creation_accepts(self) -> frozenset:
        """Creation functions (torch.tensor, tf.constant, jnp.asarray) take NumPy arrays in
        every framework, also where other ops refuse them (torch.add(t, ndarray))."""
        return self.accepts | {"numpy"}

    def to_array(self, obj: Any, dtype: str | None = None) -> Any:
        """Anything array-like -> NDArray (for frameworks that coerce lists)."""
        E = engine()
        if isinstance(obj, TensorBase):
            a = self.unwrap(obj)
            return a if dtype is None or a.dtype == dtype else a.astype(dtype)
        if isinstance(obj, E.NDArray):
            return obj if dtype is None or obj.dtype == dtype else obj.astype(dtype)
        return self.data_to_array(self.unwrap(obj), dtype)

    def data_to_array(self, data: Any, dtype: str | None = None) -> Any:
        """``to_array`` of Python data (tensors inside already unwrapped)."""
        return self.asarray(data, dtype)

    def asarray(self, data: Any, dtype: str | None = None) -> Any:
        """Python data -> NDArray with this framework's default dtypes for Python
        floats/ints (the engine infers float32/int64)."""
        E = engine()
        a = E.asarray(data, dtype=dtype)
        if dtype is None and not isinstance(data, E.NDArray):
            if a.dtype == "float32" and self.default_float != "float32" and not _has_array(data):
                a = a.astype(self.default_float)
            elif a.dtype == "int64" and self.default_int != "int64" and not _has_array(data):
                a = a.astype(self.default_int)
        return a


def _has_array(data) -> bool:
    """Whether nested data holds engine arrays (their dtype wins over the defaults)."""
    if isinstance(data, (list, tuple)):
        return any(_has_array(v) for v in data[:1]) if data else False
    return not isinstance(data, (int, float, bool, complex))


class TensorBase:
    """Shared plumbing of emulated tensor classes: holds an engine NDArray ``_a``.

    Framework subclasses add properties (shape, dtype...) and get their
    methods and operator dunders from their binding table (``build_namespace``).
    """
    __slots__ = ("_a", "__weakref__")
    _fw: Framework

    def __init__(self, a) -> None:
        self._a = a

    @classmethod
    def _new(cls, a):
        t = cls.__new__(cls)
        t._a = a
        return t

    # Python protocol helpers shared by all frameworks
    def __len__(self) -> int:
        s = self._a.shape
        if not s:
            raise TypeError("len() of a 0-d tensor")
        return s[0]

    def __iter__(self):
        if not self._a.shape:
            raise TypeError("iteration over a 0-d tensor")
        for i in range(self._a.shape[0]):
            yield self[i]

    def _scalar(self, what: str):
        a = self._a
        if math.prod(a.shape) != 1:
            raise ValueError(f"only one element tensors can be converted to Python {what}s")
        return a.data[0]

    def __bool__(self) -> bool:
        a = self._a
        if math.prod(a.shape) != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(a.data[0])

    def __float__(self) -> float:
        return float(self._scalar("scalar"))

    def __int__(self) -> int:
        return int(self._scalar("scalar"))

    def __index__(self) -> int:
        if self._a.dtype in ("float16", "bfloat16", "float32", "float64"):
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._scalar("scalar"))

    def __complex__(self) -> complex:
        return complex(self._scalar("scalar"))

    def tolist(self):
        return self._a.tolist()

    def item(self):
        a = self._a
        if math.prod(a.shape) != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return a.item()


# --- compiled bindings ------------------------------------------------------
def _compile_binder(sig_text: str):
    """A function with the framework's signature that returns its bound arguments
    as a dict in parameter order, defaults applied: what ``Signature.bind`` +
    ``apply_defaults`` give, at the cost of one Python call."""
    ns: dict[str, Any] = {}
    exec(f"def _bind{sig_text}: pass", {"inf": float("inf")}, ns)
    params = list(inspect.signature(ns["_bind"]).parameters)
    body = ", ".join(f"{p!r}: {p}" for p in params)
    exec(f"def _bind{sig_text}:\n    return {{{body}}}", {"inf": float("inf")}, ns)
    bind = ns["_bind"]
    sig = inspect.signature(bind)
    if not any(p.kind is p.VAR_POSITIONAL for p in sig.parameters.values()):
        return bind
    from ..frameworks.binding import fold_varargs_keyword

    def bind_folded(*args, **kwargs):
        if kwargs:
            args, kwargs = fold_varargs_keyword(sig, args, kwargs)
        return bind(*args, **kwargs)
    return bind_folded


def _bind_message(e: TypeError) -> str:
    msg = str(e)
    return msg[len("_bind() "):] if msg.startswith("_bind() ") else msg


class _Plan:
    """Per-binding data precomputed once so each call is cheap."""
    __slots__ = ("binding", "bind", "mapping", "impl_fn", "derive", "derive_reads",
                 "derive_meta", "fixed",
                 "coerce", "has_dtype", "kind", "is_asarray", "policy", "fw", "preparable")

    def __init__(self, binding, framework: Framework, post: Callable | None = None) -> None:
        from ..ops import OPS
        self.binding = binding
        self.fw = framework
        self.policy = framework.policy
        self.bind = _compile_binder(binding.sig)
        params = binding.canonical_params()
        sig = binding.signature
        # framework parameter -> canonical parameter, in signature order (what
        # Binding.to_canonical keeps)
        self.mapping = tuple((p, c) for p in sig.parameters
                             for c in (binding.args.get(p, p),) if c is not None and c in params)
        op = OPS[binding.op]
        self.kind = op.kind
        self.impl_fn = getattr(impl(), binding.op)
        # derive expressions compiled once (Binding.to_canonical re-evals the string)
        self.derive = tuple((c, compile(e, f"<{binding.names[0]}:{c}>", "eval"))
                            for c, e in binding.derive.items() if c in params)
        #: framework parameters the derive expressions read: when one holds an
        #: array, the derived value depends on the input and a replay must rederive
        self.derive_reads = tuple(sorted({n for _c, code in self.derive for n in code.co_names
                                          if n in sig.parameters}))
        #: those the derive expressions read only the shape and dtype of: a replay on
        #: arrays of the recorded shapes and dtypes derives the recorded values
        self.derive_meta = frozenset(
            p for p in self.derive_reads
            if all(_reads_only_meta(e, p) for c, e in binding.derive.items() if c in params))
        self.fixed = tuple((c, v) for c, v in binding.fixed.items() if c in params)
        self.has_dtype = "dtype" in params
        self.is_asarray = op.name == "asarray"
        #: a traced call can be replayed straight on the engine (see Graph)
        self.preparable = post is None and not self.is_asarray
        # framework parameters holding arrays (by their canonical name), coerced
        # before ``derive`` runs so expressions can read ``.shape``/``.dtype``
        self.coerce = []
        if framework.coerce_lists:
            scalar_ok = op.kind in SCALAR_FRIENDLY_KINDS
            for p in sig.parameters:
                c = binding.args.get(p, p)
                if c in ARRAY_PARAMS:
                    self.coerce.append((p, scalar_ok, False))
                elif c == "xs":
                    self.coerce.append((p, False, True))

    def canonical(self, bound: dict) -> dict:
        """Same mapping as Binding.to_canonical, with precompiled derive expressions."""
        out = {c: bound[p] for p, c in self.mapping}
        if self.derive:
            from ..frameworks.binding import _SAFE_BUILTINS
            g = {"__builtins__": _SAFE_BUILTINS}
            for c, code in self.derive:
                out[c] = eval(code, g, bound)
        for c, v in self.fixed:
            out[c] = v
        return out

    def replay_template(self, args: tuple, kwargs: dict, canon: dict, ref_of: Callable,
                        guards: list | None = None):
        """Canonical arguments of a recorded call with each array that came from a
        tensor argument replaced by ``ref_of(tensor)`` (a replay slot), or None when
        an array argument was transformed on its way in (lists coerced into one
        array, a derive expression reading a tensor's values) and the call must be
        replayed through the public function.

        When a derive expression reads only shapes and dtypes of tensor arguments and
        ``guards`` is a list, (slot, shape, dtype) per such tensor is appended to it:
        the template holds while the replayed arrays have those shapes and dtypes."""
        if not self.preparable:
            return None
        try:
            orig = self.bind(*args, **kwargs)
        except TypeError:
            return None
        for p in self.derive_reads:
            v = orig[p]
            if _holds_tensor(v):
                if guards is None or p not in self.derive_meta or not isinstance(v, TensorBase):
                    return None
                ref = ref_of(v)
                if ref is None:
                    return None
                guards.append((ref, v._a.shape, v._a.dtype))
        computed = {c for c, _ in self.derive} | {c for c, _ in self.fixed}
        out = dict(canon)
        for p, c in self.mapping:
            if c in computed:
                continue
            t = _template(orig[p], canon[c], ref_of)
            if t is _NO_TEMPLATE:
                return None
            out[c] = t
        return out

    def run(self, canon: dict):
        """Run the op on canonical arguments under the framework's promotion policy."""
        saved = _get_policy()
        if saved != self.policy:
            _set_policy(self.policy)
        try:
            return self.impl_fn(**canon)
        finally:
            if saved != self.policy:
                _set_policy(saved)


#: array attributes a derive expression may read and still be replayed with guards
_META_ATTRS = frozenset({"shape", "dtype", "ndim"})


def _reads_only_meta(expr: str, name: str) -> bool:
    """Whether ``expr`` uses ``name`` only as ``name.shape``/``.dtype``/``.ndim``."""
    import ast
    tree = ast.parse(expr, mode="eval")
    meta = {id(n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and n.attr in _META_ATTRS}
    return all(id(n) in meta for n in ast.walk(tree)
               if isinstance(n, ast.Name) and n.id == name)


def _holds_tensor(v: Any) -> bool:
    if isinstance(v, TensorBase):
        return True
    if isinstance(v, (list, tuple)):
        return any(_holds_tensor(x) for x in v)
    return False


_NO_TEMPLATE = object()


def _template(orig: Any, value: Any, ref_of: Callable) -> Any:
    """``value`` (a canonical argument) with the arrays of the tensors in ``orig``
    (the argument as the user passed it) replaced by their replay slots."""
    if isinstance(orig, TensorBase):
        if not isinstance(value, engine().NDArray):
            return _NO_TEMPLATE
        ref = ref_of(orig)
        return _NO_TEMPLATE if ref is None else ref
    if isinstance(orig, (list, tuple)) and _holds_tensor(orig):
        if type(value) not in (list, tuple) or len(value) != len(orig):
            return _NO_TEMPLATE
        vals = [_template(o, v, ref_of) for o, v in zip(orig, value)]
        if any(v is _NO_TEMPLATE for v in vals):
            return _NO_TEMPLATE
        return type(value)(vals)
    return value


def _get_policy() -> str:
    return engine().get_policy()


def _set_policy(p: str) -> None:
    engine().set_policy(p)


def _coerce(fw: Framework, bound: dict, coerce) -> None:
    E = engine()
    for p, scalar_ok, seq in coerce:
        v = bound.get(p)
        if v is None or isinstance(v, E.NDArray):
            continue
        if seq:
            bound[p] = [x if isinstance(x, E.NDArray) else fw.to_array(x) for x in v]
        elif isinstance(v, (list, tuple)) or not (scalar_ok and isinstance(v, (int, float, bool))):
            bound[p] = fw.to_array(v)


def call_impl(fw: Framework, op: str, **canon):
    """Run one canonical op under ``fw``'s promotion policy (for custom hooks)."""
    saved = _get_policy()
    if saved == fw.policy:
        return getattr(impl(), op)(**canon)
    _set_policy(fw.policy)
    try:
        return getattr(impl(), op)(**canon)
    finally:
        _set_policy(saved)


def record(label: str, func: Callable, args: tuple, kwargs: dict, result: Any) -> None:
    """Report one public call to the active tracer (outermost calls only)."""
    tr = _tracer.ACTIVE
    if tr is not None and STATE.depth == 0:
        tr.record(label, func, args, kwargs, result)


def make_function(binding, framework: Framework, label: str | None = None,
                  post: Callable | None = None) -> Callable:
    """The public callable for one binding row.

    ``post(result_wrapped, bound_arguments)`` optionally adjusts the wrapped
    result (e.g. torch returning a tuple for split).

    When traced, the call is recorded with its *prepared* form (plan, canonical
    arguments): a graph replay then runs the engine op directly, without binding,
    unwrapping or canonicalising again.
    """
    label = label or binding.names[0]
    plan: _Plan | None = None
    fw = framework
    state = STATE

    def fn(*args, **kwargs):
        nonlocal plan
        if plan is None:
            plan = _Plan(binding, fw, post)
        try:
            bound = plan.bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"{label}(): {_bind_message(e)}") from None
        for k, v in bound.items():
            if isinstance(v, (TensorBase, list, tuple)):
                bound[k] = fw.unwrap(v, fw.creation_accepts if plan.is_asarray else None)
        if plan.coerce:
            _coerce(fw, bound, plan.coerce)
        canon = plan.canonical(bound)
        if plan.has_dtype:
            canon["dtype"] = fw.canon_dtype(canon.get("dtype"))
        state.depth += 1
        try:
            if plan.is_asarray:
                saved = _get_policy()
                _set_policy(fw.policy)
                try:
                    r = fw.asarray(**canon)
                finally:
                    _set_policy(saved)
            else:
                r = plan.run(canon)
        finally:
            state.depth -= 1
        out = fw.wrap(r)
        if post is not None:
            out = post(out, bound)
        tr = _tracer.ACTIVE
        if tr is not None and state.depth == 0:
            if type(tr) is _tracer.Tracer:
                # Tracer.record inlined (a Python call per op is a tenth of the
                # tracing overhead on the seed's small examples in Pyodide)
                f = _getframe(1)   # the caller
                if f is not tr.frame:
                    tr.frame = f
                    tr.user_frame = _tracer.user_frame(f)
                uf = tr.user_frame
                tr.calls.append((label, fn, args, kwargs, out,
                                 (plan, canon) if plan.preparable else None, tr.module,
                                 None if uf is None else uf.f_lineno))
            else:   # any other recorder keeps the five-argument protocol
                tr.record(label, fn, args, kwargs, out)
        return out

    return name_public(fn, label, binding,
                       f"{label}{binding.sig} -> canonical {binding.op} (Tensorglot emulation)")


def name_public(fn: Callable, label: str, binding, doc: str) -> Callable:
    """Give a callable made for a binding row its public identity: named after the API
    ``label``, documented by ``doc``, and carrying the row and label the tracer and the
    tables read (``_tg_binding``, ``_tg_label``)."""
    fn.__name__ = label.rsplit(".", 1)[-1]
    fn.__qualname__ = label
    fn.__doc__ = doc
    fn._tg_binding = binding
    fn._tg_label = label
    return fn


def public(label: str, func: Callable | None = None):
    """Make a hand-written function a public, traced API: the outermost call is
    recorded under ``label``; public calls made inside it are not.

    Usable as ``public("torch.cat")(f)`` or as a decorator ``@public("torch.cat")``.
    """
    def deco(f: Callable) -> Callable:
        def fn(*args, **kwargs):
            STATE.depth += 1
            try:
                out = f(*args, **kwargs)
            finally:
                STATE.depth -= 1
            tr = _tracer.ACTIVE
            if tr is not None and STATE.depth == 0:
                tr.record(label, fn, args, kwargs, out)
            return out
        fn.__name__ = getattr(f, "__name__", label.rsplit(".", 1)[-1])
        fn.__qualname__ = label
        fn.__doc__ = f.__doc__
        fn.__wrapped__ = f
        fn._tg_label = label
        return fn
    return deco if func is None else deco(func)


def quiet():
    """Context manager: public calls inside are not recorded (internals of a hook)."""
    return _Quiet()


class _Quiet:
    __slots__ = ()

    def __enter__(self):
        STATE.depth += 1

    def __exit__(self, *exc):
        STATE.depth -= 1
        return False


def build_namespace(bindings: dict, framework: Framework, prefix: str, namespace: dict,
                    *, method_prefix: str = "Tensor.", tensor_cls: type | None = None,
                    customs: dict | None = None, post: dict | None = None) -> dict[str, Callable]:
    """Populate ``namespace`` (a module's globals) and the tensor class from a table.

    * a name ``<prefix>.<attr>`` (attr without further dots) becomes ``namespace[attr]``;
    * a name ``<method_prefix><attr>`` becomes a method of ``tensor_cls``;
    * a binding with ``custom="name"`` uses ``customs[name]`` (already public) instead.
    One callable per public function name, labelled with that name (F.conv1d and
    F.conv2d share a binding but are different nodes in a graph); methods share
    the callable of the binding's first name, so ``x.mean()`` records ``torch.mean``.
    Returns {public name: callable} for what was installed.
    """
    tensor_cls = tensor_cls or framework.tensor_cls
    customs = customs or {}
    post = post or {}
    made: dict[tuple[int, str], Callable] = {}
    installed: dict[str, Callable] = {}
    pre = prefix + "."
    for name, b in bindings.items():
        in_module = name.startswith(pre) and "." not in name[len(pre):]
        is_method = name.startswith(method_prefix)
        if not (in_module or is_method):
            continue
        label = (b.label or b.names[0]) if is_method or name == b.names[0] else name
        fn = made.get((id(b), label))
        if fn is None:
            if b.custom:
                fn = customs.get(b.custom)
                if fn is None:
                    continue  # hook not defined in this package: skip, coverage shows it
            else:
                fn = make_function(b, framework, label=label, post=post.get(b.names[0]))
            made[(id(b), label)] = fn
        if in_module:
            namespace[name[len(pre):]] = fn
        else:
            setattr(tensor_cls, name[len(method_prefix):], fn)
        installed[name] = fn
    return installed


def unsupported_getattr(module_name: str, framework_name: str):
    """A module-level ``__getattr__`` naming the missing API."""
    def __getattr__(attr: str):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        raise UnsupportedAPI(f"{module_name}.{attr} is not supported by Tensorglot's "
                             f"{framework_name} emulation")
    return __getattr__
