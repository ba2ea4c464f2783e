"""The conversion pass: resolve torch names, rewrite spans, collect diagnostics.

One walk over the AST in source order. Expressions are handled post-order:
a node's replacement text is built from the already-rewritten text of its
children (``render``), and the outermost edit wins when edits nest.
"""
from __future__ import annotations

import ast
import builtins
import inspect
from bisect import bisect_right
import re
from functools import lru_cache, partial
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from ..frameworks.binding import forwarding_args
from ..frameworks.layers import LAYERS, LayerMap
from ..frameworks.torch import PLAIN_BASES, PUBLIC_HOMES, TENSOR_TYPES
from ..ops import OPS
from . import calls
from .calls import BindError
from .einops_calls import EinopsHooks
from .hooks import INFERENCE_IDENTITY, CustomHooks, DeviceHooks, ReflectHooks, identity_wrapped
from .kinds import NDARRAY, PYTHON, TENSOR, ValueKinds, category as _category, result_dtype
from . import modules_plain, support
from .source import Edit, Edits, Source, apply_edits
from .scan import Scan, child_fields
from .targets import TARGETS, Target, by_op, helpers_for, table_for
from .values import NOLIT, SIZE_HELPER, SUBSTITUTED, TEXT_READS, DTypeName, SeqVal, SizeVal, Val, eval_derive, literal_of, lit_eq, val_text

DTYPES = {"float32", "float", "float64", "double", "float16", "half", "bfloat16", "int8", "int16",
          "short", "int32", "int", "int64", "long", "uint8", "bool"}
_DTYPE_ALIAS = {"float": "float32", "double": "float64", "half": "float16", "short": "int16",
                "int": "int32", "long": "int64"}

#: method names that also exist on lists, dicts, strings, numpy arrays...: on a
#: receiver whose type is unknown they are converted only with evidence
AMBIGUOUS = ({n for t in (list, dict, str, set, tuple, bytes) for n in dir(t) if not n.startswith("_")}
             | {"sum", "mean", "max", "min", "std", "var", "prod", "all", "any", "round", "abs",
                "add", "sub", "mul", "div", "pow", "sort", "argmax", "argmin", "cumsum", "clip",
                "astype", "fill", "item", "transpose", "flatten", "repeat", "tile", "numpy", "to",
                "size", "float", "int", "long", "bool", "type", "where", "norm", "exp", "log"})

#: target-side binding hooks whose semantics differ from the canonical op in a
#: way the emitter cannot see from the signature: never emitted directly
_SKIP_TARGET_CUSTOM = {"tf_getitem", "tf_gather_nd", "tf_boolean_mask", "tf_scatter_nd_update",
                       "tf_linalg_diag", "tf_linalg_diag_part", "tf_band_part", "tf_moments",
                       "tf_batch_normalization", "tf_random_shuffle",
                       # jax / numpy rows whose argument forms differ from the canonical op's
                       # (split indices vs sizes, lax padding pairs, float one-hot, moveaxis...)
                       "lax_conv_general_dilated", "lax_reduce_window", "jax_image_resize", "jax_random",
                       "jnp_split", "jax_one_hot", "split", "array_split", "moveaxis", "vstack", "hstack",
                       "seed", "nonzero", "randint", "permutation",
                       # jax.lax.top_k returns a plain pair: torch's result has .values / .indices
                       "jax_top_k"}
#: binding names of methods (receiver first): Tensor (torch), Array (jax), ndarray (numpy)
_METHOD_PREFIXES = ("Tensor.", "Array.", "ndarray.")
#: source-side hooks whose meaning the table's derive already captures statically
#: (id(binding or layer spec), target, api, ..., argument key) -> (that binding or spec,
#: Converter.call_template): most calls
#: differ only in the text of their non-literal arguments, which the template pastes
_CALL_TEMPLATES: dict[tuple, tuple] = {}


def _inverse_perm(perm: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """The permutation undoing ``perm`` (a layout table's torch -> target one: target back to torch)."""
    return None if perm is None else tuple(sorted(range(len(perm)), key=perm.__getitem__))


def _call_key(args: list[Val], kwargs: dict[str, Val]) -> tuple | None:
    """Literal arguments by type, value and spelling; the others by dtype evidence; None when an
    argument is a display or starred (their items matter)."""
    parts = []
    for v in (*args, *kwargs.values()):
        if type(v) is SeqVal:
            items = tuple(map(_plain_arg_key, v.items))
            if None in items:
                return None
            parts.append((v.seq, items))
            continue
        # (_plain_arg_key, inlined: asked of every argument of every templated call)
        if type(v) is not Val:
            return None
        if v.is_lit:
            parts.append((type(v.value), repr(v.value), v.text))
        elif v.text[0] == "*":
            return None
        else:
            parts.append(("", v.kind))
    return tuple(kwargs), tuple(parts)


def _plain_arg_key(v: Val):
    if type(v) is not Val:
        return None
    if v.is_lit:
        return type(v.value), repr(v.value), v.text
    return None if v.text[0] == "*" else ("", v.kind)


def _slot_texts(vals) -> list[str]:
    """The texts a call template takes, in slot order: a display's own text, then its items'."""
    out = []
    for v in vals:
        if type(v) is SeqVal:
            out.append(v.text)
            out += [e.text for e in v.items if not e.is_lit]
        elif not v.is_lit:
            out.append(v.text)
    return out


_SOURCE_CUSTOM_OK = {"softmax_implicit", "log_softmax_implicit", "cat", "from_numpy", "batch_norm", "where",
                     "add_alpha", "sub_alpha"}

_READS_WEIGHTS = re.compile(r"\.(?:parameters|named_parameters|apply|weight|bias)\b")

#: torch functions converted by a method of their own (the rest: the binding tables) -> that method
_TORCH_SPECIAL_CALLS: dict[str, Any] = {}  # filled after the Converter class


#: multi-device wrappers: on one device they are the module itself
_PARALLEL = {"torch.nn.parallel.data_parallel", "torch.nn.DataParallel", "torch.nn.parallel.DataParallel",
             "torch.nn.parallel.DistributedDataParallel"}

# the word boundary before "self" is checked by hand (_self_training): a pattern opening with \b
# loses re's literal-prefix scan and costs ~0.6 ms on a 400-line file
_SELF_TRAINING = re.compile(r"self\s*\.\s*training\b")
_WORD_CHAR = re.compile(r"\w").match


def _self_training(text: str, start: int = 0, end: int | None = None) -> bool:
    r"""Whether ``text[start:end]`` spells ``self.training`` (as ``\bself\s*\.\s*training\b``)."""
    end = len(text) if end is None else end
    m = _SELF_TRAINING.search(text, start, end)
    while m is not None:
        i = m.start()
        if i == 0 or not _WORD_CHAR(text[i - 1]):
            return True
        m = _SELF_TRAINING.search(text, i + 1, end)
    return False
#: torch.nn.Module methods a file calls (the compact Keras base gets those)
_NAME, _ATTRIBUTE, _CALL = ast.Name, ast.Attribute, ast.Call
_SIZE_CALL = SIZE_HELPER + "("
#: builtins whose calls e_Call looks at first: class arguments, reflection
_CLASS_OR_REFLECT = frozenset({"isinstance", "issubclass", "hasattr", "getattr"})
#: Edit((start, end, text)) without the Python-level __new__ of a NamedTuple (its defaults, unused here)
_new_edit = partial(tuple.__new__, Edit)
#: methods returning the module they are called on (``nn.Linear(2, 3).eval().to(device)``)
_MODULE_CHAIN = frozenset({"eval", "train", "to", "cuda", "cpu", "float", "double", "half"})
_UNSEEN = object()
_METHOD_CALL = re.compile(r"\.\s*(eval|train|parameters|named_parameters|modules|apply|state_dict)\s*\(")

_NO_DEVICE = {"cpu", "cuda", "pin_memory", "share_memory_"}
#: argument-less methods only torch tensors have (numpy arrays do not): evidence a parameter is one
_TENSOR_IDIOMS = {"detach", "clone", "numpy", "cpu", "cuda", "contiguous", "requires_grad_"}
#: Tensor attributes asking for an accelerator: False on the target's default device
_DEVICE_PROBES = ("is_cuda", "is_xpu", "is_mps", "is_meta")

#: ambiguous method names whose call with this many int literals is torch's meaning on any receiver
#: that accepts it: x.size(-1) (numpy's and PIL's size are not callable), x.transpose(-2, -1)
#: (numpy accepts two axes only for 2-d arrays, where swapping them is the same permutation)
#: (``x.size()`` is a call only on torch tensors: numpy's and PIL's ``size`` are attributes)
_TORCH_CALL_FORMS = {"size": (0, 1), "transpose": (2,)}


#: keywords only torch spells this way (numpy / Python say axis=, keepdims=)
_TORCH_KEYWORDS = {"dim", "keepdim"}


_ARITH = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
#: expressions that need parentheses to stand where a primary (``x.attr``, ``f(x)``) stood
_LOW_PRECEDENCE = (ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Lambda, ast.NamedExpr,
                   ast.Await)


def _may_reach(e: ast.expr, names: set[str]) -> bool:
    """Whether one of ``names`` is an operand of ``e`` through what tensor_params follows (Names,
    arithmetic, the receivers of method calls): a superset of what it finds, without the table
    lookups."""
    while True:
        if isinstance(e, ast.Name):
            return e.id in names
        if isinstance(e, ast.BinOp):
            if _may_reach(e.left, names):
                return True
            e = e.right
        elif isinstance(e, ast.UnaryOp):
            e = e.operand
        elif isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute):
            e = e.func.value
        else:
            return False


def _is_float(kind: str | None) -> bool:
    """Fact kinds of float tensors: "floating" (width unknown) or a float dtype."""
    return kind is not None and (kind == "floating" or kind.startswith(("float", "bfloat")))


def _float_literal(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is float


def _starred_in_varargs(b, node: ast.Call, recv) -> bool:
    """No ``*seq`` argument, or all of them fall into the binding's varargs (``x.view(n, *shape)``): the
    varargs tuple is then rendered as ``(n, *shape)``, which Python unpacks as torch would."""
    for first, a in enumerate(node.args):  # a loop, not next(generator): asked of every call
        if type(a) is ast.Starred:
            break
    else:
        return True
    params = list(b.signature.parameters.values())
    var = next((i for i, p in enumerate(params) if p.kind is inspect.Parameter.VAR_POSITIONAL), None)
    return var is not None and first + (recv is not None) >= var


def _torch_call_form(node: ast.Call) -> bool:
    if any(k.arg in _TORCH_KEYWORDS for k in node.keywords):
        return True
    n = _TORCH_CALL_FORMS.get(node.func.attr) if isinstance(node.func, ast.Attribute) else None
    return n is not None and not node.keywords and len(node.args) in n \
        and all(isinstance(literal_of(a), int) for a in node.args)

#: unary ops whose result keeps an integer input's dtype (the others give floats in torch)
_INT_KEEPING = {"neg", "abs", "square", "sign", "floor", "ceil", "round", "trunc", "relu", "relu6", "clip",
                "bitwise_not", "hardtanh", "logical_not", "isnan", "isinf", "isfinite"}
#: ops whose canonical ``x`` is an index or integer-valued tensor and whose result is float anyway
_FLOAT_RESULT_KINDS = ("random", "nn", "linalg")
#: index ops whose result holds elements of their first operand
_KIND_KEEPING = {"getitem", "take", "take_along_axis", "index_select", "masked_fill", "scatter", "setitem"}
_BOOL_RESULT = {"eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor"}
#: ops returning a sequence of tensors of one dtype: unpacking them gives each target that fact
_SEQ_SAME_DTYPE = {"meshgrid", "split", "unbind"}
#: ops whose result has at least the first operand's axes
_RANK_KEEPING = {"flip", "roll", "tril", "triu", "masked_fill", "scatter", "setitem", "broadcast_to", "tile", "pad",
                 "repeat", "astype"}
#: layers whose output has their input's shape
_RANK_KEEPING_LAYERS = {"Dropout", "Dropout1d", "Dropout2d", "Identity", "LayerNorm", "Softmax", "ReLU", "GELU",
                        "Tanh", "Sigmoid", "SiLU"}
_RANK_KEEPING_NN = {"softmax", "log_softmax", "dropout", "layer_norm", "batch_norm", "group_norm", "instance_norm"}


#: nn.Module methods that cast the module's parameters (Tensor methods of the same name cast a tensor)
_MODULE_CASTS = ("float", "double", "half")


class Fact(NamedTuple):
    """What the converter knows statically of a tensor expression (a NamedTuple: made for
    most converted calls, and a frozen dataclass costs several times more to make)."""
    scalar: bool | None = False   # known 0-d (None: not known either way)
    kind: str | None = None       # dtype evidence: "floating", or a canonical dtype name
    maybe_int: bool = False       # made by an integer-creating call with no dtype proof (torch.arange(n))
    numpy: bool = False           # a NumPy value (np.sqrt(d) is a float64 scalar)
    min_rank: int = 0             # known to have at least this many axes (x.view(B, T, h, d): 4)


#: Fact((scalar, kind, maybe_int, numpy, min_rank)), every field given (as _new_edit)
_new_fact = partial(tuple.__new__, Fact)


class Scope:
    """One scope's bindings (a plain class: a dataclass's __init__, with a default factory per
    container, cost about twice as much, and every def, class and comprehension makes one)."""

    def __init__(self, locals: set[str] | None = None, kind: str = "module", forward: bool = False,
                 module_class: "ClassInfo | None" = None, owner: "ClassInfo | None" = None,
                 defs: set[str] | None = None):
        self.locals: set[str] = set() if locals is None else locals
        self.tensors: set[str] = set()
        self.kind = kind              # module | function | class
        self.facts: dict[str, Fact] = {}   # local name -> what its value is known to be
        self.kinds: dict[str, str] = {}    # local name -> NDARRAY / PYTHON (kinds.py)
        self.np_dtypes: dict[str, str] = {}  # of the NDARRAY names: dtype, where shown
        self.returns: list = []             # Fact | None of each ``return`` (functions)
        self.modules: set[str] = set()   # names bound to modules (``for layer in self.blocks``)
        self.defs: set[str] = set() if defs is None else defs  # names the scope binds with ``def``
        self.sizes: set[str] = set()     # names bound to tuples / lists / shapes
        self.layers: dict[str, str] = {}  # local name -> torch layer class it is bound to
        self.forward = forward
        self.module_class = module_class
        self.owner = owner   # a class body's class, module or not


class ClassInfo:
    """What is known of one class of the file (a plain class, as Scope)."""

    def __init__(self, name: str, is_module: bool):
        self.name = name
        self.is_module = is_module
        self.layers: dict[str, str] = {}   # self attr -> torch layer name
        self.tensor_attrs: set[str] = set()
        self.attr_kinds: dict[str, str] = {}  # self attr -> NDARRAY / PYTHON (kinds.py)
        self.submodules: dict[str, str] = {}  # self attr -> user module class name
        self.module_lists: set[str] = set()  # self attrs holding a plain list/tuple/dict of modules
        self.module_attrs: set[str] = set()  # self attrs built by module factories (``block(c)``)
        self.renamed: dict[str, str] = {}  # torch attr -> target attr (Target.reserved_attrs)


class Converter(CustomHooks, ReflectHooks, DeviceHooks, EinopsHooks, ValueKinds):
    def __init__(self, text: str, source_fw: str = "torch", target: str = "tensorflow"):
        # what depends only on the class, source and target (handlers, tables, helpers...): made once
        static = _STATIC.get((type(self), source_fw, target))
        if static is None:
            static = _STATIC[(type(self), source_fw, target)] = _static_attrs(type(self), source_fw, target)
        self.__dict__.update(static)
        self.src = Source(text)
        self._call_qualnames: dict[int, str | None] = {}  # id(call) -> call_qualname
        self.edits: list[Edit] = Edits()
        self.diags: list[dict] = []
        self.used_helpers: list[str] = []
        self.dyn_helpers: dict[str, Any] = {}  # helpers generated for this file (layer factories)
        self._class_ctx: set[int] = set()       # id(node) of isinstance/issubclass class arguments
        self.extra_imports: list[str] = []
        self.weight_classes: dict[str, LayerMap] = {}
        self.apis = self.converted = self.unsupported = 0
        self.aliases: dict[str, str] = {}     # local name -> torch qualified name
        self.module_vars: set[str] = set()    # names bound to nn.Module instances: calling them gives tensors
        self.module_layers: dict[str, str] = {}  # of those, names bound to a torch layer: name -> torch.nn.X
        self._written: set[int] | None = None  # written_weights(), computed on first use
        self.shadowed: set[int] = set()  # ids of Name nodes spelling a torch alias that a local hides
        self.module_instances: dict[str, str] = {}  # ... and those bound to the file's own module class: name -> class
        self.foreign: set[str] = set()        # names bound by other imports (math, np...): never tensors
        self.ivy_names: set[str] = set()      # names bound to the ivy module
        self.kind_modules: dict[str, str] = {}  # names bound to numpy / math ... -> the kind they give
        self.function_results: dict[str, str] = {}  # module-level function -> TENSOR / NDARRAY / PYTHON
        self._kinds: dict[int, str] = {}        # id(expression node) -> NDARRAY / PYTHON where known
        self._tensor_nodes: set[int] = set()    # id(expression node) known to be a tensor
        self._seq_calls: set[int] = set()      # id(call) of calls returning same-dtype tensor sequences
        self.func_facts: dict[str, Fact] = {}  # module-level function -> the dtype evidence of what it returns
        self.import_nodes: list[ast.stmt] = []
        self.scopes: list[Scope] = [Scope()]
        self.classes: dict[str, ClassInfo] = {}
        self._stmt_rewritten: set[int] = set()
        self._stmt_stack: list[ast.stmt] = []
        self._inplace: dict[int, str] = {}     # id(call) -> receiver text to rebind
        self._facts: dict[int, Fact] = {}       # id(expression node) -> Fact
        self.user_module_subclasses: set[str] = set()  # classes whose base is one of the file's module classes
        self._returns_of: dict[str, list] = {}  # def name -> the values its defs return (is_module_factory)
        self._binop_facts: dict[int, Fact | None] = {}
        self._reads_weights: bool | None = None

    # ------------------------------------------------------------ diagnostics
    def diag(self, severity: str, message: str, node: ast.AST | None, api: str | None = None):
        if node is not None and hasattr(node, "lineno"):
            a, b = self.src.span(node)
            d = dict(line=node.lineno, col=self.src.col_of(a) + 1, end_line=node.end_lineno,
                     end_col=self.src.col_of(b) + 1)
        else:
            d = dict(line=1, col=1, end_line=1, end_col=1)
        self.diags.append(dict(severity=severity, message=message, api=api, **d))

    # ------------------------------------------------------------ edits
    def edit(self, node: ast.AST, text: str):
        if _SIZE_CALL in text:
            self.use_helper("size")
        self.edits.append(_new_edit(self.src.span(node) + (text,)))

    def render(self, node: ast.AST) -> str:
        a, b = self.src.span(node)
        inner = self.edits.starting_in(a, b)
        if inner:  # (most rendered nodes hold no edit: no comprehension for them)
            inner = [e for e in inner if e.end <= b and not (e.start == e.end and (e.start in (a, b)))]
        if not inner:
            return self.src.text[a:b]
        inner = [e for _, e in sorted(enumerate(inner), key=lambda p: (p[1].start, -(p[1].end - p[1].start), -p[0]))]
        out, pos = [], a
        for e in inner:
            if e.start < pos:
                continue
            out.append(self.src.text[pos:e.start])
            out.append(e.text)
            pos = e.end
        out.append(self.src.text[pos:b])
        return "".join(out)

    def recv_text(self, recv: ast.expr, tmpl: str, slot: ast.AST | None = None) -> str:
        """``recv``'s text for ``{x}`` in ``tmpl``, parenthesised where a lower-precedence expression
        would bind wrongly: ``(x + 1).size(0)`` -> ``(x + 1).shape[0]``; for a bare ``{x}`` (a dropped
        ``.cpu()``), the source around ``slot``, the node the text replaces, decides."""
        text = self.render(recv)
        if tmpl == "{x}" and slot is not None and self.loose_slot(slot):
            return self.render_arg(recv)
        if not isinstance(recv, _LOW_PRECEDENCE):
            return text
        i = tmpl.find("{x}")
        after = tmpl[i + 3:i + 4]
        tight = after in (".", "[", "(") if tmpl.strip() != "{x}" else not (slot and self.loose_slot(slot))
        return f"({text})" if tight else text

    def loose_slot(self, node: ast.AST) -> bool:
        """Whether any expression can stand where ``node`` stands unparenthesised (an assigned value,
        an argument, an element of a display), judged from the source characters around it."""
        text = self.src.text
        a, b = self.src.span(node)
        j = a - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        k = b
        while k < len(text) and text[k] in " \t":
            k += 1
        prev = text[j] if j >= 0 else "\n"
        nxt = text[k] if k < len(text) else "\n"
        loose_prev = prev in "\n([{,;" or (prev == "=" and text[j - 1:j] not in ("=", "<", ">", "!")) \
            or text[max(0, j - 6):j + 1] == " return"
        return loose_prev and nxt in "\n\r)]},;#"

    @property
    def reads_weights(self) -> bool:
        """Whether the file reads module weights outside forward (parameters(), apply(), .weight):
        then Keras layers are built at construction, as torch modules own weights from __init__."""
        if self._reads_weights is None:  # not a cached_property: 3.11's takes a lock on every read
            self._reads_weights = _READS_WEIGHTS.search(self.src.text) is not None
        return self._reads_weights

    def helper_obj(self, key: str):
        h = self.dyn_helpers.get(key)
        if h is None:
            h = self.helper_table.get(key)
        return h

    def use_helper(self, key: str) -> str | None:
        h = self.dyn_helpers.get(key)  # (helper_obj, inlined)
        if h is None:
            h = self.helper_table.get(key)
            if h is None:
                return None
        for dep in h.needs:
            self.use_helper(dep)
        if key not in self.used_helpers:
            self.used_helpers.append(key)
        for imp in h.imports:
            if imp not in self.extra_imports:
                self.extra_imports.append(imp)
        return h.name

    def expr_template(self, key: str) -> str | None:
        return getattr(self.helpers, "EXPRS", {}).get(key) if self.helpers else None

    # ------------------------------------------------------------ names
    def resolve(self, name: str) -> str | None:
        q = self.aliases.get(name)
        if q is None:  # most names: no scope walk
            return None
        for sc in reversed(self.scopes):
            if name in sc.locals:
                return None
        return q

    def qualname(self, node: ast.AST) -> str | None:
        # iterative, on exact types (compile() makes them): asked several times per call converted
        t = type(node)
        if t is _NAME:
            q = self.resolve(node.id)
            if q is None and node.id in self.aliases:
                self.shadowed.add(id(node))  # a local F or nn: no use of the import
            return q
        if t is not _ATTRIBUTE:
            return None
        root = node.value
        while type(root) is _ATTRIBUTE:
            root = root.value
        # most chains (self.fc, x.view) start at no torch alias: no string built for them
        if type(root) is not _NAME or root.id not in self.aliases:
            return None
        base = self.resolve(root.id)
        if base is None:
            self.shadowed.add(id(root))
            return None
        attrs = [node.attr]
        node = node.value
        while node is not root:
            attrs.append(node.attr)
            node = node.value
        attrs.append(base)
        attrs.reverse()
        return ".".join(attrs)

    def call_qualname(self, call: ast.Call) -> str | None:
        """The qualified name of ``call``'s function, as resolved where e_Call converted it (asked
        again by the assignment's bookkeeping for every call statement)."""
        q = self._call_qualnames.get(id(call), _UNSEEN)
        return self.qualname(call.func) if q is _UNSEEN else q

    def is_local(self, name: str) -> bool:
        for sc in self.scopes[1:]:  # a loop, not any(generator): asked several times per statement
            if name in sc.locals:
                return True
        return False

    def is_module_name(self, name: str) -> bool:
        for sc in reversed(self.scopes):
            if name in sc.modules:
                return True
            if name in sc.locals and sc.kind in ("function", "comprehension"):
                return False
        return name in self.module_vars and not self.is_local(name)

    def is_module_value(self, node: ast.expr) -> bool:
        """A module, called for a tensor: ``model``, ``self.fc``, a child module of the file's classes, an
        item of a module container (``self.blocks[i]``, ``layer`` in ``for layer in self.blocks``)."""
        if isinstance(node, ast.Name):
            return self.is_module_name(node.id)
        if isinstance(node, ast.Subscript):
            return self.is_module_container(node.value)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            cls = self.class_info()
            return bool(cls and (node.attr in cls.layers or node.attr in cls.submodules
                                 or node.attr in cls.module_attrs))
        return self.is_module_expr(node)

    def is_module_container(self, node: ast.expr) -> bool:
        """ModuleList / Sequential / ModuleDict (or their ``.values()``, slices), a plain list of modules."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.args \
                and node.func.attr in ("values", "children", "modules"):
            return self.is_module_container(node.func.value) or self.is_module_value(node.func.value)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "reversed" \
                and len(node.args) == 1:
            return self.is_module_container(node.args[0])
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            return self.is_module_container(node.value)
        if isinstance(node, (ast.List, ast.Tuple)):
            return bool(node.elts) and all(self.is_module_value(e) for e in node.elts)
        if isinstance(node, ast.Dict):
            return bool(node.values) and None not in node.keys and all(self.is_module_value(v) for v in node.values)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            cls = self.class_info()
            return bool(cls and (node.attr in cls.module_lists or cls.layers.get(node.attr, "").endswith(
                ("ModuleList", "Sequential", "ModuleDict"))))
        if isinstance(node, ast.Name):
            return self.module_layers.get(node.id, "").endswith(("ModuleList", "Sequential"))
        return False

    def is_size_expr(self, node: ast.expr) -> bool:
        """A tuple / list at run time: a display, ``x.shape``, ``x.size()``, ``list(...)``, a name bound to one."""
        t = type(node)  # exact types (compile() makes them)
        if t is _NAME:
            for sc in reversed(self.scopes):
                if node.id in sc.sizes:
                    return True
                if node.id in sc.locals and sc.kind in ("function", "comprehension"):
                    return False
            return False
        if t is _CALL:
            f = node.func
            if (type(f) is _ATTRIBUTE and f.attr == "size" and not node.args) or \
                    (type(f) is _NAME and f.id in ("list", "tuple") and not self.is_local(f.id)):
                return True
            q = self._call_qualnames.get(id(node), _UNSEEN)  # (call_qualname, inlined)
            return (self.qualname(f) if q is _UNSEEN else q) == "torch.Size"
        if t is _ATTRIBUTE:
            return node.attr == "shape"
        return t is ast.Tuple or t is ast.List or t is ast.ListComp

    def is_float_expr(self, node: ast.expr) -> bool:
        """A Python float at run time: ``0.5``, ``float(n)``, ``n * 0.5``, ``a / b`` of numbers."""
        if isinstance(node, ast.Constant):
            return type(node.value) is float
        if isinstance(node, ast.Call):
            return isinstance(node.func, ast.Name) and node.func.id == "float" and not self.is_local("float")
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            left_f, right_f = self.is_float_expr(node.left), self.is_float_expr(node.right)
            if left_f or right_f:  # n * 0.5 of numbers that are no tensors
                return self.plain_number(node.left) and self.plain_number(node.right)
            return isinstance(node.op, ast.Div) and self.is_int_expr(node.left) and self.is_int_expr(node.right)
        return False

    def plain_number(self, node: ast.expr) -> bool:
        """No tensor (nor array) as far as the file shows: a Python number, or a name with no tensor evidence."""
        f = self.fact(node)
        if f is not None:
            return f.kind in ("pyint", "pyfloat", "pybool")
        if isinstance(node, ast.Name):
            return not self.is_tensor_name(node.id)
        return self.is_int_expr(node) or self.is_float_expr(node)

    def is_int_expr(self, node: ast.expr) -> bool:
        """A Python int at run time: ``x.size(0)``, ``x.shape[1] * 2``, ``len(xs)``, ``int(...)``."""
        if isinstance(node, ast.Constant):
            return type(node.value) is int
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return self.is_int_expr(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)):
            return self.is_int_expr(node.left) and self.is_int_expr(node.right)
        if isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice):
            return self.is_size_expr(node.value)
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in ("int", "len") and not self.is_local(f.id):
                return True
            return isinstance(f, ast.Attribute) and ((f.attr == "size" and len(node.args) == 1)
                                                     or (f.attr in ("numel", "dim") and not node.args))
        return False

    def is_tensor_name(self, name: str) -> bool:
        for sc in reversed(self.scopes):
            if name in sc.tensors:
                return True
            if name in sc.locals and sc.kind in ("function", "comprehension"):
                return False
        return False

    @property
    def scope(self) -> Scope:
        return self.scopes[-1]

    def class_info(self) -> ClassInfo | None:
        for sc in reversed(self.scopes):
            if sc.module_class is not None:
                return sc.module_class
        return None

    # ------------------------------------------------------------ static facts (0-d, dtype)
    def fact(self, node: ast.expr | None) -> Fact | None:
        """What is known of ``node``'s value: 0-d-ness and dtype evidence (Python numbers included)."""
        if node is None:
            return None
        t = type(node)  # exact types (compile() makes them), most frequent first
        if t is _NAME:
            name = node.id
            for sc in reversed(self.scopes):
                if name in sc.facts:
                    return sc.facts[name]
                if name in sc.locals and sc.kind in ("function", "comprehension"):
                    return None
            return None
        if t is _CALL:
            # (value_kind is None for a known tensor: not asked then)
            if id(node) not in self._tensor_nodes and self.value_kind(node) == NDARRAY:
                return Fact(False, None, numpy=True)
            f = node.func
            if type(f) is _NAME and f.id in self.func_facts and not self.is_local(f.id):
                return self.func_facts[f.id]
        elif t is ast.Constant:
            if type(node.value) in (int, float, bool):
                return Fact(True, {int: "pyint", float: "pyfloat", bool: "pybool"}[type(node.value)])
        elif t is ast.UnaryOp:
            if isinstance(node.op, (ast.USub, ast.UAdd)):
                return self.fact(node.operand)
        elif t is ast.BinOp:
            # memoised: e_BinOp asks for each prefix of a long a + b + c + ... chain
            if id(node) not in self._binop_facts:
                self._binop_facts[id(node)] = self.combine(self.fact(node.left), self.fact(node.right),
                                                           isinstance(node.op, ast.Div))
            return self._binop_facts[id(node)]
        elif t is ast.Compare:
            return Fact(False, "bool")
        elif t is ast.Subscript:
            f = self.fact(node.value)
            # same dtype; 0-d or not depends on the rank
            return Fact(None, f.kind, f.maybe_int) if f is not None and not f.numpy else None
        return self._facts.get(id(node))

    @staticmethod
    def combine(a: Fact | None, b: Fact | None, to_float: bool = False) -> Fact | None:
        """The fact of an elementwise result from its operands' (torch's broadcasting and promotion)."""
        if a is None or b is None:
            known = a or b
            rank = known.min_rank if known is not None else 0  # broadcasting keeps at least its axes
            if known is not None and _is_float(known.kind):
                return Fact(False, "floating", min_rank=rank)
            if to_float:
                return Fact(False, "floating", min_rank=rank)
            if known is not None and (known.maybe_int or rank):
                return Fact(False, None, maybe_int=known.maybe_int, min_rank=rank)
            return None
        py = lambda f: f.kind is not None and f.kind.startswith("py")
        if py(a) and py(b):
            return None
        scalar = a.scalar and b.scalar
        kinds = {a.kind, b.kind}
        exact = result_dtype(a.kind, a.scalar, b.kind, b.scalar) if None not in kinds else None
        if exact is not None and (exact.startswith(("float", "bfloat")) or not to_float):
            return Fact(scalar, exact)
        if to_float or any(_is_float(k) for k in kinds) or ("pyfloat" in kinds and not {"floating"} >= kinds):
            kind = "floating"
        else:
            tensor_kinds = [k for k in kinds if k is not None and not k.startswith("py")]
            kind = tensor_kinds[0] if len(tensor_kinds) == 1 and None not in kinds else None
        return Fact(scalar, kind, kind != "floating" and (a.maybe_int or b.maybe_int), min_rank=max(a.min_rank, b.min_rank))

    def matrices(self, operands: list[ast.expr]) -> bool:
        """Both matmul operands known to have >= 2 axes (then the target's own matmul is exact)."""
        facts = [self.fact(e) for e in operands[:2]]
        return len(facts) == 2 and all(f is not None and f.min_rank >= 2 for f in facts)

    def note_fact(self, node: ast.AST, fact: Fact | None):
        if fact is not None and (fact.scalar or fact.kind is not None or fact.maybe_int or fact.min_rank):
            self._facts[id(node)] = fact

    def call_fact(self, op: str, canon: dict[str, Val], operands: list[ast.expr]) -> Fact | None:
        """The fact of a converted torch call's result, from its canonical op and arguments."""
        kind = OPS[op].kind
        dt = canon.get("dtype")
        lit_dtype = str(dt.value) if dt is not None and dt.is_lit and dt.value is not None else None
        if kind == "reduce":
            x = self.fact(operands[0]) if operands else None
            axis, keep = canon.get("axis"), canon.get("keepdims")
            scalar = axis is not None and axis.is_lit and axis.value is None and \
                not (keep is not None and keep.is_lit and keep.value)
            # (_new_fact: the most frequent facts, made without the NamedTuple's Python __new__)
            if op in ("argmax", "argmin"):
                return _new_fact((scalar, "int64", False, False, 0))
            if op in ("mean", "var", "std", "logsumexp", "norm"):
                return _new_fact((scalar, "floating", False, False, 0))
            return _new_fact((scalar, lit_dtype or (x.kind if x and _is_float(x.kind) else None), False, False, 0))
        if kind in ("unary", "binary"):
            facts = list(map(self.fact, operands[:1 if kind == "unary" else 2]))
            if kind == "unary":
                f = facts[0] if facts else None
                floating = op not in _INT_KEEPING and op not in ("isnan", "isinf", "isfinite", "logical_not")
                keep = f is not None and _is_float(f.kind)  # exp of a float64 tensor is float64
                return _new_fact((bool(f and f.scalar), (f.kind if keep else "floating") if floating
                                  else (f.kind if f else None), False, False, f.min_rank if f else 0))
            if op in _BOOL_RESULT:
                return Fact(False, "bool")
            if len(facts) == 2:
                return self.combine(facts[0], facts[1], op == "truediv")
            return None
        if kind in ("create", "random"):
            if lit_dtype:
                return Fact(False, lit_dtype)
            data = canon.get("data")
            if data is not None and data.is_lit and type(data.value) in (int, float, bool):
                return Fact(True, {float: "floating", int: "int64", bool: "bool"}[type(data.value)])
            if op == "randint":
                return Fact(False, "int64")
            if op in ("arange", "asarray", "full") and not any(
                    isinstance(literal_of(a), float) for a in operands):
                return Fact(False, None, maybe_int=True)
            return Fact(False, "floating") if kind == "random" or op in ("zeros", "ones", "linspace", "eye") \
                else None
        if op in _KIND_KEEPING or kind == "shape":
            # the result holds the first operand's elements (x[i], x.flatten(), torch.meshgrid(a, b))
            f = self.fact(operands[0]) if operands else None
            rank = _result_rank(op, canon, f.min_rank if f is not None else 0)
            if f is None or f.numpy:
                return Fact(False, None, min_rank=rank) if rank else None
            return Fact(False, f.kind, f.maybe_int, min_rank=rank)
        if op == "matmul" and len(operands) >= 2:
            ranks = [f.min_rank if f is not None else 0 for f in map(self.fact, operands[:2])]
            return Fact(False, "floating", min_rank=max(ranks) if min(ranks) >= 2 else 0)
        if op in _RANK_KEEPING_NN and operands:
            f = self.fact(operands[0])
            return Fact(False, "floating", min_rank=f.min_rank if f is not None else 0)
        if kind in _FLOAT_RESULT_KINDS and op not in ("embedding",):
            return Fact(False, "floating")
        if op == "astype" and lit_dtype:
            return Fact(False, lit_dtype)
        return None

    # ------------------------------------------------------------ driver
    def run(self, tree: ast.Module | None = None) -> tuple[str, list[list[int]]]:
        """Convert; ``tree`` is the already parsed source, if the caller has it."""
        tree = tree if tree is not None else ast.parse(self.src.text)
        self.tree = tree
        self.scopes[-1].locals = set()
        self.scan = Scan(tree)
        # classes in tuple literals are isinstance material ((nn.Linear, nn.Conv2d)), not factories
        self._class_ctx.update(self.scan.tuple_elts)
        self.stmts(tree.body)
        self.finish_imports(tree)
        if self.tname in modules_plain.PLAIN_TARGETS:
            modules_plain.finish(self)
        return apply_edits(self.src, self.edits)

    # ------------------------------------------------------------ statements
    def stmts(self, body: list[ast.stmt]):
        handlers, stack = self._s_handlers, self._stmt_stack
        for st in body:  # (stmt, inlined: a call fewer per statement)
            m = handlers[type(st)]
            stack.append(st)
            if m is not None:
                m(self, st)
            else:
                self.generic_stmt(st)
            stack.pop()

    def stmt(self, st: ast.stmt):
        m = self._s_handlers[type(st)]
        self._stmt_stack.append(st)
        if m is not None:
            m(self, st)
        else:
            self.generic_stmt(st)
        self._stmt_stack.pop()

    def generic_stmt(self, st: ast.stmt):
        for field_name, value in ast.iter_fields(st):
            if isinstance(value, list):
                if value and isinstance(value[0], ast.stmt):
                    self.stmts(value)
                else:
                    for v in value:
                        if isinstance(v, ast.expr):
                            self.expr(v)
                        elif isinstance(v, ast.AST):
                            self.generic_node(v)
            elif isinstance(value, ast.expr):
                self.expr(value)
            elif isinstance(value, ast.AST):
                self.generic_node(value)

    def s_If(self, st: ast.If):
        """``if isinstance(m, nn.Conv2d):`` in a loop over ``self.modules()``: in the body ``m`` is that
        layer (its weights read and written in the target's names and layouts, as ``self.conv``'s)."""
        self.expr(st.test)
        narrowed = self.isinstance_layer(st.test)
        if narrowed is None:
            self.stmts(st.body)
        else:
            name, q = narrowed
            layers = self.scope.layers if self.is_local(name) else self.module_layers
            before = layers.get(name)
            layers[name] = q
            self.stmts(st.body)
            if before is None:
                layers.pop(name, None)
            else:
                layers[name] = before
        self.stmts(st.orelse)

    def isinstance_layer(self, test: ast.expr) -> tuple[str, str] | None:
        """(name, torch layer class) of ``isinstance(name, nn.X)`` with one torch layer class."""
        if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "isinstance"
                and len(test.args) == 2 and isinstance(test.args[0], ast.Name) and not self.is_local("isinstance")):
            return None
        cls = test.args[1]
        q = self.qualname(cls.elts[0] if isinstance(cls, ast.Tuple) and len(cls.elts) == 1 else cls)
        return (test.args[0].id, q) if q in LAYERS else None

    def generic_node(self, node: ast.AST):
        if isinstance(node, ast.excepthandler):
            if node.type:
                self.expr(node.type)
            self.stmts(node.body)
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expr(child)
            elif isinstance(child, ast.stmt):
                self.stmt(child)
            else:
                self.generic_node(child)

    def s_Import(self, st: ast.Import):
        is_torch = False
        for a in st.names:
            if self.einops_import(a.name, [(a.asname or a.name.split(".")[0],
                                             a.name if a.asname else a.name.split(".")[0])]):
                is_torch = True
                self.scopes[-1].locals.discard(a.asname or a.name.split(".")[0])
            elif a.name == "torch" or a.name.startswith("torch."):
                is_torch = True
                if a.asname:
                    self.aliases[a.asname] = a.name
                else:
                    self.aliases["torch"] = "torch"
                self.scopes[-1].locals.discard(a.asname or "torch")
            else:
                self.foreign.add(a.asname or a.name.split(".")[0])
                self.module_kind(a.asname or a.name.split(".")[0], a.name)
                if a.name == "ivy":
                    self.ivy_names.add(a.asname or a.name)
        if is_torch:
            self.import_nodes.append(st)

    def s_ImportFrom(self, st: ast.ImportFrom):
        mod = st.module or ""
        if st.level == 0 and self.einops_import(mod, [(a.asname or a.name, f"{mod}.{a.name}")
                                                      for a in st.names if a.name != "*"]):
            self.import_nodes.append(st)
        elif st.level == 0 and (mod == "torch" or mod.startswith("torch.")):
            mod = PUBLIC_HOMES.get(mod, mod)
            for a in st.names:
                if a.name != "*":
                    self.aliases[a.asname or a.name] = f"{mod}.{a.name}"
            self.import_nodes.append(st)
        else:
            self.foreign.update(a.asname or a.name for a in st.names)
            if st.level == 0:
                for a in st.names:
                    self.module_kind(a.asname or a.name, mod)

    def function_locals(self, fn) -> set[str]:
        a = fn.args
        names: set[str] = set(map(_ARG_NAME, a.posonlyargs + a.args + a.kwonlyargs))
        if a.vararg:
            names.add(a.vararg.arg)
        if a.kwarg:
            names.add(a.kwarg.arg)
        if isinstance(fn, ast.Lambda):
            return names
        found = self.scan.locals_of(fn)
        if found is not None:
            body, glob = found
            names |= body
            return names - glob if glob else names
        glob: set[str] = set()
        stack = list(fn.body)
        while stack:
            n = stack.pop()
            if isinstance(n, (ast.Global, ast.Nonlocal)):
                glob.update(n.names)
            elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(n.name)
                continue
            elif isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
                names.add(n.id)
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                for al in n.names:
                    nm = (al.asname or al.name).split(".")[0]
                    if not (al.name.startswith("torch") or (isinstance(n, ast.ImportFrom) and (n.module or "").startswith("torch"))):
                        names.add(nm)
            elif isinstance(n, ast.Lambda):
                continue
            for f in n._fields:  # ast.iter_child_nodes, without its generator overhead
                v = getattr(n, f, None)
                if type(v) is list:
                    stack.extend(e for e in v if isinstance(e, ast.AST))
                elif isinstance(v, ast.AST):
                    stack.append(v)
        return names - glob

    def s_FunctionDef(self, fn: ast.FunctionDef):
        for d in fn.decorator_list:
            q = self.qualname(d.func if isinstance(d, ast.Call) else d)
            if q in ("torch.no_grad", "torch.inference_mode", "torch.enable_grad"):
                a, b = self.src.span(d)
                line_start = self.src.text.rfind("\n", 0, a) + 1
                end = self.src.text.find("\n", b)
                self.edits.append(Edit(line_start, len(self.src.text) if end < 0 else end + 1, ""))
                self.diag("info", f"@{q} dropped: {self.tname} records no gradients outside a tape",
                          d, q)
                self.apis += 1
                self.converted += 1
            else:
                self.expr(d)
        args = fn.args
        params = args.posonlyargs + args.args + args.kwonlyargs
        # most defs have no annotation and no default: then there is nothing to convert there
        annotated = fn.returns is not None or args.vararg or args.kwarg
        for a in params:  # (a loop: a generator's every step is a call of its own)
            if annotated or a.annotation is not None:
                annotated = True
                break
        if annotated:
            self.annotations(args, fn.returns)
        if args.defaults or args.kw_defaults:
            for dflt in args.defaults + [d for d in args.kw_defaults if d is not None]:
                self.expr(dflt)
        parent_is_class = self.scopes[-1].kind == "class"
        cls = self.class_info() if parent_is_class else None  # asked only of methods
        a, b = self.src.span(fn)
        # nested defs are rare: walk the function for them only when its text has a second "def "
        nested = self.src.text.count("def ", a, b) > 1
        sc = Scope(locals=self.function_locals(fn), kind="function",
                   forward=parent_is_class and fn.name == "forward",
                   defs={n.name for n in ast.walk(fn) if isinstance(n, ast.FunctionDef) and n is not fn}
                   if nested else set())
        for a in params:
            if a.annotation is None:  # annotation_kind(None) is None
                continue
            if self.qualname(a.annotation) == "torch.Tensor":
                sc.tensors.add(a.arg)
            elif self.annotation_kind(a.annotation) is not None:
                sc.kinds[a.arg] = self.annotation_kind(a.annotation)
        if sc.forward:
            for a in params[1:]:
                sc.tensors.add(a.arg)
        param_names = set(map(_ARG_NAME, params))
        if "from_numpy" in self.src.text:  # numpy_params finds nothing else (its own first test)
            for name in self.numpy_params(fn, param_names - set(sc.tensors) - set(sc.kinds)):
                sc.kinds[name] = NDARRAY
        param_names.discard("self")
        param_names.discard("cls")
        # (the parameters known to be tensors already need no evidence: forward's)
        param_names -= sc.tensors
        if param_names:
            sc.tensors |= self.tensor_params(fn, param_names - sc.kinds.keys() if sc.kinds else param_names)
        self.scopes.append(sc)
        if parent_is_class and cls and cls.is_module:
            self.module_method(fn)
        self.stmts(fn.body)
        self.note_function_result(fn)
        self.scopes.pop()
        if self.scopes[-1].kind == "module":
            # a mask-making helper (``return seq.eq(0).unsqueeze(1)``): its calls carry that evidence
            facts = set(sc.returns)
            f = facts.pop() if len(facts) == 1 else None
            if f is not None and not f.numpy and not (f.kind or "").startswith("py"):
                self.func_facts[fn.name] = Fact(False, f.kind, f.maybe_int)
            else:
                self.func_facts.pop(fn.name, None)

    s_AsyncFunctionDef = s_FunctionDef

    def s_Return(self, st: ast.Return):
        if st.value is not None:
            self.expr(st.value)
        sc = self.scopes[-1]
        if sc.kind == "function":
            sc.returns.append(self.fact(st.value))

    def tensor_params(self, fn: ast.FunctionDef, names: set[str]) -> set[str]:
        """Parameters the body itself shows to be tensors: the input of a torch function (an
        operand of it: ``torch.sum(1 + logvar - mu.pow(2))``) or the receiver of a torch-only
        Tensor method (``x.view(-1, 784)``). Creation functions take sizes, not tensors."""
        if not names:
            return set()
        found: set[str] = set()

        def operands(e: ast.expr):
            if isinstance(e, ast.Name):
                if e.id in names:
                    found.add(e.id)
            elif isinstance(e, ast.BinOp):
                operands(e.left)
                operands(e.right)
            elif isinstance(e, ast.UnaryOp):
                operands(e.operand)
            elif isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) \
                    and f"Tensor.{e.func.attr}" in self.src_table:
                operands(e.func.value)

        for node in self.scan.calls_in(fn) if self.scan.has(fn) else ast.walk(fn):
            if not isinstance(node, ast.Call):
                continue
            if len(found) == len(names):  # (found is a subset of names) every one is shown already
                break
            # most calls reach no parameter at all: skip them before resolving their name
            recv = node.func.value if isinstance(node.func, ast.Attribute) else None
            while isinstance(recv, ast.Attribute) and recv.attr == "data":  # seq.data.eq(0)
                recv = recv.value
            # (_may_reach of a Name, the most frequent operand, answered inline)
            arg0 = node.args[0] if node.args else None
            if not ((arg0 is not None and (arg0.id in names if type(arg0) is _NAME else _may_reach(arg0, names)))
                    or (recv is not None and (recv.id in names if type(recv) is _NAME
                                              else _may_reach(recv, names)))):
                continue
            q = self.qualname(node.func)
            if q is not None:
                b = self.src_table.get(q)
                op = OPS.get(b.op) if b is not None else None
                if op is not None and op.kind not in ("create", "random") and node.args \
                        and not isinstance(node.args[0], ast.Starred):
                    operands(node.args[0])
            elif isinstance(node.func, ast.Attribute):
                meth = node.func.attr
                # through a chain of Tensor methods: ``x.exp().sum(-1).log().unsqueeze(-1)``
                if f"Tensor.{meth}" in self.src_table and (meth not in AMBIGUOUS or _torch_call_form(node)) \
                        and isinstance(recv, (ast.Name, ast.Call)) \
                        and self.fits_signature(node, self.src_table[f"Tensor.{meth}"]):
                    operands(recv)
                elif meth in _TENSOR_IDIOMS and not node.args and not node.keywords \
                        and isinstance(recv, ast.Name) and recv.id in names:
                    found.add(recv.id)  # x.detach() / x.numpy(): only tensors have these
                elif meth in _TORCH_CALL_FORMS and _torch_call_form(node) and isinstance(recv, ast.Name):
                    operands(recv)  # x.size() (a size()/size(d) call, not numpy's size attribute)
        del operands  # a recursive closure is a reference cycle (holding self and so the tree)
        return found

    def annotations(self, args: ast.arguments, returns):
        for a in args.posonlyargs + args.args + args.kwonlyargs + [x for x in (args.vararg, args.kwarg) if x]:
            if a.annotation is not None:
                self.expr(a.annotation)
        if returns is not None:
            self.expr(returns)

    def s_ClassDef(self, cd: ast.ClassDef):
        is_module = False
        subclass_weights = False  # a torch layer's subclass whose base holds weight and bias
        for b in cd.bases:  # (a loop, not any(generator))
            if isinstance(b, ast.Name) and b.id in self.classes and self.classes[b.id].is_module:
                self.user_module_subclasses.add(cd.name)
                break
        for base in cd.bases:
            q = self.qualname(base)
            container = LAYERS[q].targets.get(self.tname) if q in LAYERS else None
            # class TransformerModel(nn.Transformer): a module whose base is the layer's helper class
            layer_base = container is not None and container.passthrough and container.helper is not None
            if container is not None and not (container.passthrough and container.helper
                                              and container.container in ("sequential", "dict")):
                container = None
            subclass = LAYERS[q].targets[self.tname].subclass if q in LAYERS and self.tname in LAYERS[q].targets \
                else None
            if subclass is not None and self.use_helper(subclass):
                # class MaskedLinear(nn.Linear): a base class keeping torch's weight names and layouts
                is_module = True
                self.use_helper("module")
                self.edit(base, self.use_helper(subclass))
                self.apis += 1
                self.converted += 1
                self.user_module_subclasses.add(cd.name)
                subclass_weights = True
            elif q in LAYERS and not layer_base and container is None and self.target.module_base \
                    and self.tname not in modules_plain.PLAIN_TARGETS and self.tname in LAYERS[q].targets \
                    and (generated := self.layer_base_class(q, LAYERS[q].targets[self.tname])):
                # class LayerNorm(nn.LayerNorm) where the target layer is no torch-shaped class: a
                # generated base holding it (super().forward reaches it, self.weight reads it)
                is_module = True
                self.use_helper("module")
                self.edit(base, generated)
                self.apis += 1
                self.converted += 1
                self.user_module_subclasses.add(cd.name)
                subclass_weights = True
            elif layer_base and container is None:
                is_module = True
                self.expr(base)
                self.user_module_subclasses.add(cd.name)  # its forward overrides the layer's
            elif q == "torch.nn.Module" or container is not None or (
                    isinstance(base, ast.Name) and base.id in self.classes and self.classes[base.id].is_module):
                is_module = True
                if container is not None:
                    # class Block(nn.Sequential): the target's Sequential / ModuleDict helper class
                    self.use_helper("module")
                    name = self.use_helper(container.helper)
                    if name:
                        self.edit(base, name)
                        self.apis += 1
                        self.converted += 1
                elif q == "torch.nn.Module":
                    name = self.use_helper("module")
                    if name:
                        self.edit(base, name)
                        self.apis += 1
                        self.converted += 1
            else:
                self.expr(base)
        for kw in cd.keywords:
            self.expr(kw.value)
        for d in cd.decorator_list:
            self.expr(d)
        info = ClassInfo(cd.name, is_module)
        if subclass_weights:
            info.tensor_attrs |= {"weight", "bias"}
        parent = self.class_info()
        if is_module and isinstance(cd.bases[0], ast.Name) and cd.bases[0].id in self.classes:
            base_info = self.classes[cd.bases[0].id]
            info.layers.update(base_info.layers)
            info.tensor_attrs |= base_info.tensor_attrs
            info.renamed.update(base_info.renamed)
        if is_module and self.target.reserved_attrs:
            self.rename_reserved(cd, info)
        self.classes[cd.name] = info
        sc = self.scopes[-1]
        sc.locals.add(cd.name) if sc.kind != "module" else None
        self.scopes.append(Scope(kind="class", module_class=info if is_module else None, owner=info))
        if not is_module and parent is not None:
            self.scopes[-1].module_class = None
        self.stmts(cd.body)
        self.scopes.pop()

    def rename_reserved(self, cd: ast.ClassDef, info: ClassInfo):
        """``self.weights = nn.Parameter(...)``: a name the target's module base reserves becomes
        ``weights_`` in the class; the weights table maps the torch state-dict name to it."""
        stores: dict[str, ast.AST] = {}
        used, state = set(), set()  # state: the attrs torch's state dict holds (parameters, buffers)
        a, b = self.src.span(cd)
        text = self.src.text  # searched in [a, b): as the class's text (no pattern looks behind or at ^)
        # most classes name no reserved attribute at all: then there is nothing to walk for
        attr_mention, quoted_mention = _reserved_mention(self.tname)
        mentioned = attr_mention.search(text, a, b) is not None or \
            (text.find("register_", a, b) >= 0 and quoted_mention.search(text, a, b) is not None)
        if not mentioned and not (cd.bases and isinstance(cd.bases[0], ast.Name)
                                  and cd.bases[0].id in self.classes and cd.bases[0].id in self.weight_classes):
            return  # nothing renamed, no base weights map: no weights map of its own (as below)
        for n in ast.walk(cd) if mentioned else ():
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self":
                used.add(n.attr)
                if isinstance(n.ctx, ast.Store):
                    stores.setdefault(n.attr, n)
            elif isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) \
                    and self.qualname(n.value.func) == "torch.nn.Parameter":
                state.update(t.attr for t in n.targets if isinstance(t, ast.Attribute))
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                    n.func.attr in ("register_buffer", "register_parameter") and n.args:
                name = literal_of(n.args[0])
                if isinstance(name, str):
                    used.add(name)
                    state.add(name)
                    stores.setdefault(name, n)
        for attr, node in stores.items():
            if attr not in self.target.reserved_attrs or attr in info.renamed:
                continue
            new = attr + "_"
            while new in used:
                new += "_"
            info.renamed[attr] = new
            self.diag("info", f"self.{attr}: renamed self.{new} in the converted {cd.name} ({attr} is a "
                              f"{self.target.module_base} property); load_state_dict still takes '{attr}'",
                      node, None)
        base = self.weight_classes.get(cd.bases[0].id) if cd.bases and isinstance(cd.bases[0], ast.Name) \
            and cd.bases[0].id in self.classes else None
        mapped = dict(base.weights if base is not None else {})
        mapped.update((a, (n, None)) for a, n in info.renamed.items() if a in state)
        if mapped:
            self.weight_classes[cd.name] = LayerMap(cls=cd.name, weights=mapped)

    def is_submodule_attr(self, node: ast.expr) -> bool:
        """``self.flow`` holding one of the file's own modules (or another module object)."""
        cls = self.class_info() if _self_attr(node) else None
        return bool(cls and (node.attr in cls.submodules or node.attr in cls.module_attrs))

    def rename_base_forward(self, func: ast.Attribute):
        """``super().forward(x)`` / ``Base.forward(self, x)`` in a subclass of the file's own module
        class: the base's forward was renamed (Keras ``call``, plain ``__call__``), so is this."""
        cls = self.class_info()
        v = func.value
        if cls is None or not cls.is_module:
            return
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "super" \
                and not self.is_local("super"):
            if cls.name not in self.user_module_subclasses:
                return
        elif not (isinstance(v, ast.Name) and v.id in self.classes and self.classes[v.id].is_module):
            return
        new = "__call__" if self.tname in modules_plain.PLAIN_TARGETS else "call" if self.target.module_base else None
        if new is not None:
            end = self.src.span(func)[1]
            self.edits.append(Edit(end - len("forward"), end, new))

    def module_method(self, fn: ast.FunctionDef):
        """forward -> call, self.training -> the Keras training argument."""
        if self.tname in modules_plain.PLAIN_TARGETS:
            return modules_plain.module_method(self, fn)
        if fn.name != "forward" or not self.target.module_base:
            return
        a, b = self.src.span(fn)
        name_at = self.src.text.find("forward", a)
        self.edits.append(_new_edit((name_at, name_at + len("forward"), "call")))
        uses_training = _self_training(self.src.text, a, b)
        sc = self.scopes[-1]
        sc.locals.add("training")
        for x in fn.args.args + fn.args.kwonlyargs:  # (a loop, not any(generator))
            if x.arg == "training":
                break
        else:
            args = fn.args
            if args.vararg or args.kwonlyargs or args.kwarg:
                last = None
            else:
                last = args.args[-1] if args.args else None
            if last is not None:
                end = self.src.span(last.annotation if last.annotation is not None else last)[1]
                if args.defaults and args.defaults[-1] is not None:
                    end = max(end, self.src.span(args.defaults[-1])[1])
                self.edits.append(_new_edit((end, end, ", training=None")))
        sc.training_param = uses_training

    def s_Assign(self, st: ast.Assign):
        t = self.expr(st.value)
        targets = st.targets
        if len(targets) == 1 and type(targets[0]) is _NAME:
            # the common ``name = value``: no weight store, subscript, attribute or unpacking to look for
            self.bind_assigned_name(targets[0], t, st.value)
            return
        if len(targets) == 1 and self.layer_weight_store(st, targets[0]):
            return
        for tgt in targets:
            if isinstance(tgt, ast.Subscript) and self.setitem(st, tgt):
                continue
            self.target_expr(tgt)
            if _parallel_unpack(tgt, st.value):
                # a, b = torch.randn(n), torch.randn(m): each name is bound as its own value
                for te, ve in zip(tgt.elts, st.value.elts):
                    self.bind_targets(te, id(ve) in self._tensor_nodes and not self.is_module_ctor(ve), ve)
                    self.bind_kind(te, ve)
                continue
            if isinstance(tgt, ast.Name):
                self.bind_assigned_name(tgt, t, st.value)
                continue
            module = self.is_module_ctor(st.value)
            self.bind_targets(tgt, t and not module, st.value)
            self.bind_kind(tgt, st.value)

    def bind_assigned_name(self, tgt: ast.Name, t: bool, value: ast.expr):
        """The bookkeeping of ``name = value`` (``value`` converted, ``t``: known a tensor)."""
        module = self.is_module_ctor(value)
        self.bind_targets(tgt, t and not module, value)
        name = tgt.id
        if id(value) in self._tensor_nodes:  # bind_kind of a known tensor (value_kind None), inlined
            sc = self.scopes[-1]
            sc.np_dtypes.pop(name, None)
            sc.kinds.pop(name, None)
        else:
            self.bind_kind(tgt, value)
        sizes = self.scopes[-1].sizes
        (sizes.add if self.is_size_expr(value) else sizes.discard)(name)
        if not module:  # most values: only forget what the name was bound to (often nothing)
            self.module_vars.discard(name)
            if self.module_layers or self.scopes[-1].layers:
                (self.scopes[-1].layers if self.is_local(name) else self.module_layers).pop(name, None)
            if self.module_instances:
                self.module_instances.pop(name, None)
            return
        self.module_vars.add(name)
        layer = self.ctor_layer(value)
        # a function's local (LL = nn.Linear(n, m) in a layer-building loop) lives in its scope
        layers = self.scopes[-1].layers if self.is_local(name) else self.module_layers
        if layer is None:
            layers.pop(name, None)
        else:
            layers[name] = layer
        ctor = self._strip_module_chain(value)
        if isinstance(ctor, ast.Call) and isinstance(ctor.func, ast.Name) \
                and ctor.func.id in self.classes and not self.is_local(ctor.func.id):
            self.module_instances[name] = ctor.func.id
        else:
            self.module_instances.pop(name, None)

    def layer_weight_store(self, st: ast.Assign, tgt: ast.expr) -> bool:
        """``fc.weight.data = w`` on a target whose layer keeps its own weight name and layout
        (Keras Dense's kernel is torch's weight transposed): ``fc.kernel.assign(<w in that layout>)``."""
        if not (isinstance(tgt, ast.Attribute) and tgt.attr == "data" and isinstance(tgt.value, ast.Attribute)) \
                or not getattr(self.helpers, "WEIGHTS_TABLE", True):
            return False
        layer = self.layer_of(tgt.value.value)
        lm = LAYERS[layer].targets.get(self.tname) if layer else None
        if lm is None:
            return False
        attr, perm = lm.weights.get(tgt.value.attr, (tgt.value.attr, None))
        value = self.render(st.value)
        if perm is not None:
            value = self.emit_op("transpose", {"x": Val(NOLIT, value), "perm": Val(perm)}, st)
        if not attr or value is None:
            return False
        self.expr(tgt.value.value)
        self.edit(st, f"{self.render(tgt.value.value)}.{attr}.assign({value})")
        self.diag("info", f"{layer}.{tgt.value.attr} written through .data: assigned to the {self.tname} "
                          f"layer's {attr}" + (" in its layout" if perm else ""), tgt, f"{layer}.{tgt.value.attr}")
        return True

    @staticmethod
    def _strip_module_chain(value: ast.expr) -> ast.expr:
        """``nn.Linear(2, 3).eval().to(device)`` -> ``nn.Linear(2, 3)``: methods returning the module."""
        while type(value) is _CALL and type(value.func) is _ATTRIBUTE and value.func.attr in _MODULE_CHAIN:
            value = value.func.value
        return value

    def ctor_layer(self, value: ast.expr) -> str | None:
        """The torch layer class (``torch.nn.Linear``) of ``nn.Linear(2, 3)``, of a name bound to one,
        or of ``self.fc``."""
        value = self._strip_module_chain(value)
        if isinstance(value, ast.Name):
            if self.is_local(value.id):
                # loops, not next(generator): a generator left early is closed by raising in it
                for sc in reversed(self.scopes):
                    if value.id in sc.locals:
                        return sc.layers.get(value.id)
                return None
            return self.module_layers.get(value.id)
        if isinstance(value, ast.Call):
            q = _layer_class(self.call_qualname(value))
            return q if q in LAYERS else None
        return self.layer_of(value)

    def is_module_ctor(self, value: ast.expr) -> bool:
        """``Net()``, ``Net(...).eval()``, ``nn.Linear(2, 3)``: an nn.Module instance."""
        # (_strip_module_chain, call_qualname and _layer_class inlined: asked of every assigned value)
        while type(value) is _CALL and type(value.func) is _ATTRIBUTE and value.func.attr in _MODULE_CHAIN:
            value = value.func.value
        t = type(value)  # exact types (compile() makes them)
        if t is _NAME:  # model = model.double()
            return value.id in self.module_vars and not self.is_local(value.id)
        if t is not _CALL:
            return False
        f = value.func
        if type(f) is _NAME:
            if f.id in self.classes:
                return self.classes[f.id].is_module
            if self.is_module_factory(f.id):
                return True
        q = self._call_qualnames.get(id(value), _UNSEEN)
        if q is _UNSEEN:
            q = self.qualname(f)
        return q in LAYERS or (q is not None and q.endswith(".from_pretrained") and q.rsplit(".", 1)[0] in LAYERS)

    def is_module_factory(self, name: str) -> bool:
        """A function of the file (nested ones too) whose every return builds a module: ``def block(c):
        ... return nn.Sequential(*layers)``; a call of one is a module."""
        for sc in reversed(self.scopes):  # the innermost binding of the name must be a def
            if name in sc.locals and sc.kind in ("function", "comprehension"):
                if name not in sc.defs:
                    return False
                break
        rets = self._returns_of.get(name)
        if rets is None:
            rets = self._returns_of[name] = [r.value for fn in self.scan.function_defs.get(name, ())
                                             for r in ast.walk(fn) if isinstance(r, ast.Return)]
        return bool(rets) and all(isinstance(v, ast.Call) and not (isinstance(v.func, ast.Name) and v.func.id == name)
                                  and self.is_module_ctor(v) for v in rets)

    def s_AnnAssign(self, st: ast.AnnAssign):
        self.expr(st.annotation)
        t = self.expr(st.value) if st.value is not None else False
        if isinstance(st.annotation, ast.AST) and self.qualname(st.annotation) == "torch.Tensor":
            t = True
        self.target_expr(st.target)
        self.bind_targets(st.target, t, st.value)
        kind = self.annotation_kind(st.annotation)
        self.bind_kind(st.target, st.value if kind is None and st.value is not None else None, kind)

    def s_AugAssign(self, st: ast.AugAssign):
        # tf/jax tensors have no __iadd__: Python rebinds the name, the functional update
        value_t = self.expr(st.value)
        if isinstance(st.target, ast.Subscript) and type(st.op).__name__ in _AUG_OPS and self.setitem(st, st.target):
            return
        self.target_expr(st.target)
        func = getattr(self.helpers, "PROMOTE_OPS", {}).get(type(st.op).__name__)
        if func and isinstance(st.target, ast.Name) and (value_t or self.is_tensor_name(st.target.id)) \
                and _needs_promotion(self.fact(st.target), self.fact(st.value), isinstance(st.op, ast.Div)):
            extra = ", true_div=True" if isinstance(st.op, ast.Div) else ""
            self.edit(st, f"{st.target.id} = {func}(*{self.use_helper('promote')}({st.target.id}, "
                          f"{self.render(st.value)}{extra}))")
        if value_t and isinstance(st.target, ast.Name) and not self.is_tensor_name(st.target.id):
            # total = 0; total += loss: a tensor from here on (its .item() converts)
            self.bind_targets(st.target, True, None)

    def target_expr(self, tgt: ast.expr):
        if isinstance(tgt, (ast.Tuple, ast.List)):
            for e in tgt.elts:
                self.target_expr(e)
        elif isinstance(tgt, ast.Starred):
            self.target_expr(tgt.value)
        elif isinstance(tgt, ast.Attribute):
            recv_t = self.expr(tgt.value)
            if tgt.attr == "data" and recv_t and (isinstance(tgt.value, ast.Name) or (
                    isinstance(tgt.value, ast.Attribute) and (self.layer_of(tgt.value.value) is None
                                                              or not getattr(self.helpers, "WEIGHTS_TABLE", True)))):
                # t.data = v (a tensor's, a parameter's, or a layer weight the target keeps in torch's
                # name and layout): rebinds t
                self.edit(tgt, self.render(tgt.value))
                return
            cls = self.class_info() if isinstance(tgt.value, ast.Name) and tgt.value.id == "self" else None
            if cls and tgt.attr in cls.renamed:
                self.edit(tgt, f"self.{cls.renamed[tgt.attr]}")
            layer = self.layer_of(tgt.value)
            lm = LAYERS[layer].targets.get(self.tname) if layer else None
            if lm is not None and tgt.attr in lm.weights:
                self.apis += 1
                self.diag("warning", f"assigning {layer}.{tgt.attr} (weight tying): {self.tname} layers cannot "
                                     "share one variable in different layouts, so the layers keep separate "
                                     "weights; load_state_dict gives both the tied torch weight (inference "
                                     "matches), training would update them apart", tgt, f"{layer}.{tgt.attr}")
                self.unsupported_api(tgt, f"{layer}.{tgt.attr} assignment", diag=False)
        elif isinstance(tgt, ast.Subscript):
            self.expr(tgt.value)
            self.expr(tgt.slice)

    def bind_targets(self, tgt: ast.expr, is_tensor: bool, value: ast.expr | None):
        if isinstance(tgt, ast.Name):
            sc = self.scopes[-1]  # self.scope, without a property call per use
            (sc.tensors.add if is_tensor else sc.tensors.discard)(tgt.id)
            sc.kinds.pop(tgt.id, None)
            f = self.fact(value) if is_tensor else None
            if f is not None:
                sc.facts[tgt.id] = f
            else:
                sc.facts.pop(tgt.id, None)
        elif isinstance(tgt, (ast.Tuple, ast.List)):
            for e in tgt.elts:
                self.bind_targets(e, is_tensor, None)
            f = self.fact(value) if is_tensor and id(value) in self._seq_calls else None
            for e in tgt.elts if f is not None else ():
                if isinstance(e, ast.Name):
                    self.scope.facts[e.id] = f
        elif isinstance(tgt, ast.Attribute) and isinstance(tgt.value, ast.Name) and tgt.value.id == "self":
            cls = self.class_info()
            if cls is None or value is None:
                return
            if isinstance(value, ast.IfExp) and _is_none(value.orelse) != _is_none(value.body):
                # an optional layer (self.downsample = nn.Conv1d(...) if c_in != c_out else None)
                value = value.orelse if _is_none(value.body) else value.body
            q = self.call_qualname(value) if type(value) is _CALL else None  # (the value was just converted)
            if q in INFERENCE_IDENTITY:  # (identity_wrapped changes nothing else)
                value = identity_wrapped(value, self.qualname)
                q = self.call_qualname(value) if isinstance(value, ast.Call) else None
            q = _layer_class(q)
            if q in LAYERS:
                cls.layers[tgt.attr] = q
                self.record_children(cls, tgt.attr, value)
            elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                    and value.func.id in self.classes and self.classes[value.func.id].is_module:
                cls.submodules[tgt.attr] = value.func.id
            elif isinstance(value, (ast.List, ast.Tuple, ast.Dict)) and self.is_module_container(value):
                cls.module_lists.add(tgt.attr)
            elif self.is_module_ctor(value):
                cls.module_attrs.add(tgt.attr)
            elif is_tensor or q in ("torch.nn.Parameter", "torch.nn.parameter.Parameter"):
                cls.tensor_attrs.add(tgt.attr)  # (a Parameter also when optional: ... if c else None)

    def s_Expr(self, st: ast.Expr):
        v = st.value
        if isinstance(v, ast.Call):
            q = self.qualname(v.func)
            if q and q.startswith("torch.nn.init."):
                self.apis += 1
                self.converted += 1
                self.edit(st, f"pass  # tensorglot: dropped {q} (weights come from load_state_dict "
                              f"or the {self.tname} initialisers)")
                self.diag("info", f"{q} dropped: initialisation differs per framework; "
                                  "load torch weights with load_state_dict", v, q)
                return
        self.expr(v)
        if isinstance(v, ast.Call) and id(v) in self._inplace:
            recv = self._inplace[id(v)]
            self.edit(st, f"{recv} = {self.render(v)}")

    def bind_loop_target(self, tgt: ast.expr, it: ast.expr, iter_is_tensor: bool):
        """Loop targets over a tensor, ``m.parameters()`` or ``m.named_parameters()`` are tensors."""
        meth = it.func.attr if isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) else None
        if meth == "items" and isinstance(it.func.value, ast.Call) and isinstance(it.func.value.func, ast.Attribute) \
                and it.func.value.func.attr == "state_dict":
            meth = "named_buffers"  # model.state_dict().items(): (name, tensor) pairs
        if meth in ("named_parameters", "named_buffers") and isinstance(tgt, ast.Tuple) and len(tgt.elts) == 2:
            self.bind_targets(tgt.elts[0], False, None)
            self.bind_targets(tgt.elts[1], True, None)
            return
        self.bind_targets(tgt, iter_is_tensor or meth in ("parameters", "buffers"), None)
        # items of a module container are modules: calling them gives tensors
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "enumerate" \
                and it.args and isinstance(tgt, ast.Tuple) and len(tgt.elts) == 2:
            it, tgt = it.args[0], tgt.elts[1]
        elif meth == "items" and isinstance(tgt, ast.Tuple) and len(tgt.elts) == 2:
            it, tgt = it.func.value, tgt.elts[1]
        if isinstance(tgt, ast.Name):
            (self.scope.modules.add if self.is_module_container(it) else self.scope.modules.discard)(tgt.id)

    def e_comprehension(self, node) -> bool:
        """Generators first (binding their targets in a scope of their own), then the element."""
        names = {n.id for g in node.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)}
        first = True
        for g in node.generators:
            t = self.expr(g.iter)
            if first:
                self.scopes.append(Scope(locals=names, kind="comprehension"))
                first = False
            self.bind_loop_target(g.target, g.iter, t)
            for c in g.ifs:
                self.expr(c)
        for part in ((node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,)):
            self.expr(part)
        self.scopes.pop()
        return False

    e_GeneratorExp = e_ListComp = e_SetComp = e_DictComp = e_comprehension

    def s_With(self, st: ast.With):
        for item in st.items:
            q = self.qualname(item.context_expr.func) if isinstance(item.context_expr, ast.Call) else None
            if q in ("torch.no_grad", "torch.inference_mode", "torch.enable_grad", "torch.set_grad_enabled"):
                tmpl = self.expr_template("no_grad")
                self.apis += 1
                if tmpl:
                    self.converted += 1
                    self.edit(item.context_expr, tmpl)
                    if "contextlib." in tmpl and "import contextlib" not in self.extra_imports:
                        self.extra_imports.append("import contextlib")
                    self.diag("info", f"{q}(): {self.tname} records no gradients outside a tape", item.context_expr, q)
                continue
            self.expr(item.context_expr)
            if item.optional_vars is not None:
                self.target_expr(item.optional_vars)
                self.bind_targets(item.optional_vars, False, None)
        self.stmts(st.body)

    def s_For(self, st: ast.For):
        t = self.expr(st.iter)
        self.target_expr(st.target)
        self.bind_loop_target(st.target, st.iter, t)
        self.stmts(st.body)
        self.stmts(st.orelse)

    # ------------------------------------------------------------ expressions
    def expr(self, node: ast.expr | None) -> bool:
        """Convert ``node`` (recording edits); return whether it is known to be a tensor."""
        if node is None:
            return False
        t = type(node)
        if t is ast.Constant:  # (e_Constant, without its call: constants are many)
            return False
        m = self._e_handlers[t]
        if m is not None:
            t = m(self, node)
            if t:
                self._tensor_nodes.add(id(node))
            return t
        t = False
        for f in child_fields(type(node)):  # ast.iter_child_nodes without its generators
            v = getattr(node, f, None)
            for child in (v if type(v) is list else (v,)):
                if isinstance(child, ast.expr):
                    t = self.expr(child) or t
                elif isinstance(child, ast.comprehension):
                    self.expr(child.iter)
                    for c in child.ifs:
                        self.expr(c)
        t = t if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.IfExp)) else False
        if t:
            self._tensor_nodes.add(id(node))
        return t

    def e_Constant(self, node):
        return False

    def e_Name(self, node: ast.Name) -> bool:
        name = node.id
        if name in self.aliases:  # (resolve() is None for every other name)
            q = self.resolve(name)
            if q is None:
                self.shadowed.add(id(node))
            elif q != "torch" and isinstance(node.ctx, ast.Load) \
                    and (not q.startswith("torch.nn") or q in self.src_table):
                self.attr_ref(node, q)
        for sc in reversed(self.scopes):  # (is_tensor_name, inlined: asked of every name)
            if name in sc.tensors:
                return True
            if name in sc.locals and sc.kind in ("function", "comprehension"):
                return False
        return False

    def e_Lambda(self, node: ast.Lambda):
        self.scopes.append(Scope(locals=self.function_locals(node), kind="function"))
        self.expr(node.body)
        self.scopes.pop()
        return False

    def e_Attribute(self, node: ast.Attribute) -> bool:
        q = self.qualname(node)
        if q is not None:
            self.attr_ref(node, q)
            return False
        recv_t = self.expr(node.value)
        if isinstance(node.value, ast.Name) and node.value.id == "self":
            cls = self.class_info()
            if cls and node.attr == "training" and self.in_forward() and self.target.module_base:
                self.edit(node, "training")
                return False
            if cls and node.attr in cls.renamed:
                self.edit(node, f"self.{cls.renamed[node.attr]}")
            return bool(cls and node.attr in cls.tensor_attrs)
        if recv_t or (node.attr in _DEVICE_PROBES and isinstance(node.ctx, ast.Load)):
            # x.is_cuda is torch's alone: evidence enough when x's type is not known
            return self.tensor_attr(node)
        layer = self.layer_of(node.value)
        if layer is not None:
            return self.layer_weight(node, layer)
        return False

    def record_children(self, cls: ClassInfo, attr: str, value: ast.Call):
        """Layers inside ``nn.ModuleDict(dict(k=...))``/``{...}`` and ``nn.Sequential(...)``, by path."""
        items: list[tuple[str, ast.expr]] = \
            [(str(i), a) for i, a in enumerate(value.args)] \
            if value.args and self.call_qualname(value) == "torch.nn.Sequential" else []
        arg = value.args[0] if value.args else None
        if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "dict":
            items += [(k.arg, k.value) for k in arg.keywords if k.arg]
        elif isinstance(arg, ast.Dict):
            items += [(k.value, v) for k, v in zip(arg.keys, arg.values)
                      if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        for key, v in items:
            q = self.call_qualname(v) if isinstance(v, ast.Call) else None
            if q in LAYERS:
                cls.layers[f"{attr}.{key}"] = q
                self.record_children(cls, f"{attr}.{key}", v)

    def layer_of(self, node: ast.expr) -> str | None:
        """The torch layer class of ``self.a``, ``self.a.b``, ``self.a['b']``, ``self.a[0]``."""
        parts: list[str] = []
        while True:
            if isinstance(node, ast.Attribute):
                parts.append(node.attr)
                node = node.value
            elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                parts.append(str(node.slice.value))
                node = node.value
            else:
                break
        if not isinstance(node, ast.Name):
            return None
        if not parts:  # ``bn`` bound to ``nn.BatchNorm1d(3)``
            return self.ctor_layer(node)
        if node.id == "self":
            cls = self.class_info()
        elif node.id in self.module_instances and not self.is_local(node.id):  # ``model.bn`` outside the class
            cls = self.classes.get(self.module_instances[node.id])
        else:
            return None
        parts.reverse()
        # ``self.embedding.tok_embed``: through submodules of the file's own module classes
        while cls is not None and len(parts) > 1 and parts[0] in cls.submodules:
            cls = self.classes.get(cls.submodules[parts.pop(0)])
        return cls.layers.get(".".join(parts)) if cls else None

    def written_weights(self) -> set[int]:
        """Ids of attribute nodes written to or updated in place (``w.data.normal_()``, ``w = ...``,
        ``w.requires_grad = False``): a transposed view of a weight cannot be, so these keep the
        target's own name and layout."""
        if self._written is None:
            self._written = set()
            for n in ast.walk(self.tree):
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) \
                        and n.func.attr.endswith("_") and not n.func.attr.endswith("__"):
                    recv = n.func.value
                    if isinstance(recv, ast.Attribute) and recv.attr == "data":
                        recv = recv.value
                    self._written.add(id(recv))
                elif isinstance(n, ast.Attribute) and isinstance(n.ctx, (ast.Store, ast.Del)):
                    self._written.update((id(n), id(n.value)))
                elif isinstance(n, ast.AugAssign):
                    self._written.add(id(n.target))
        return self._written

    def layer_weight(self, node: ast.Attribute, layer: str) -> bool:
        """``self.fc.weight`` -> the target layer's weight, in torch layout (Linear: kernel.T)."""
        lm = LAYERS[layer].targets.get(self.tname)
        if lm is not None and not getattr(self.helpers, "WEIGHTS_TABLE", True):
            # jax / numpy layers keep torch's weight names and layouts: the reference is the tensor
            return node.attr in ("weight", "bias", "running_mean", "running_var") \
                or node.attr.startswith(("weight_", "bias_"))
        spec = lm.weights.get(node.attr) if lm is not None else None
        if spec is None and lm is not None and not lm.passthrough:
            # a constructor argument torch keeps as an attribute (emb.embedding_dim, fc.out_features,
            # drop.p): the target layer's argument that the table fills with it unchanged
            kw = next((k for k, v in lm.args.items() if v == node.attr), None)
            if kw is not None:
                self.apis += 1
                self.converted += 1
                self.edit(node, f"{self.render(node.value)}.{kw}")
            return False
        if spec is None or not spec[0]:
            return False
        attr, perm = spec
        text = f"{self.render(node.value)}.{attr}"
        if perm is not None and id(node) not in self.written_weights():
            # the table's perm takes torch's layout to the target's: reading back takes its inverse
            back = _inverse_perm(perm)
            text = self.emit_op("transpose", {"x": Val(NOLIT, text), "perm": Val(back)}, node) or text
        self.apis += 1
        self.converted += 1
        self.edit(node, text)
        return True

    def in_forward(self) -> bool:
        for sc in reversed(self.scopes):
            if sc.kind == "function":
                return sc.forward
        return False

    def attr_ref(self, node: ast.expr, q: str):
        """A torch name used as a value (not called): dtypes, torch.Tensor."""
        last = q.rsplit(".", 1)[-1]
        if q == "torch.Tensor":
            self.apis += 1
            self.converted += 1
            tensor_type = {"tensorflow": "tf.Tensor", "jax": "jax.Array", "numpy": "np.ndarray"}[self.tname]
            self.edit(node, tensor_type)
            return
        if q == "torch.nn.Module" and self.use_helper("module"):
            # annotations such as Optional[Callable[..., nn.Module]]: the converted module base
            self.apis += 1
            self.converted += 1
            self.edit(node, self.use_helper("module"))
            return
        if q in LAYERS:
            lm = LAYERS[q].targets.get(self.tname)
            self.apis += 1
            if lm is not None and (not lm.container or lm.passthrough or lm.cls == "list"):
                if lm.helper:
                    self.use_helper(lm.helper)
                name = lm.cls
                if not lm.passthrough and id(node) not in self._class_ctx:
                    # a layer class used as a factory (norm_layer = nn.BatchNorm2d; norm_layer(c)):
                    # a function with torch's constructor signature that builds the target layer
                    name = self.layer_factory(q, lm) or name
                self.converted += 1
                self.edit(node, name)
            else:
                self.unsupported_api(node, q)
            return
        if q == f"torch.{last}" and last in DTYPES:
            self.apis += 1
            self.converted += 1
            self.edit(node, self.dtype_fmt(_DTYPE_ALIAS.get(last, last)))
            return
        if q in self.src_table:
            self.function_ref(node, q)
        elif q in PLAIN_BASES:
            self.apis += 1
            self.converted += 1
            self.edit(node, PLAIN_BASES[q])
            self.diag("info", f"{q} -> {PLAIN_BASES[q]}: the torch base class adds nothing a Python class "
                              "lacks", node, q)
        elif q.startswith("torch.utils."):
            self.apis += 1
            self.unsupported_api(node, q)

    def function_ref(self, node: ast.expr, q: str):
        """A torch function used as a value (``activation=F.gelu``, ``act = torch.tanh``)."""
        self.apis += 1
        text = self.function_ref_text(q, node)
        if text is None:
            self.unsupported_api(node, q, diag=False)
            self.diag("warning", f"{q} used as a value (not called) has no {self.tname} conversion; "
                                 "left unchanged", node, q)
            return
        self.converted += 1
        self.edit(node, text)

    def function_ref_text(self, q: str, node: ast.AST) -> str | None:
        """The target function when a call of ``q`` with only its required arguments converts to
        exactly ``name(params)``, otherwise a lambda applying torch's defaults (jax.nn.gelu's
        default is the tanh approximation, torch's the exact form); None when it cannot convert."""
        b = self.src_table[q]
        params = b.signature.parameters.values()
        required = [p.name for p in params if p.default is inspect.Parameter.empty
                    and p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        if not required or b.custom or any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params):
            return None
        try:
            bound = calls.bind_source(b, [Val(NOLIT, r) for r in required], {})
        except BindError:
            return None
        canon, _ = calls.to_canonical(b, bound, self.dtype_fmt)
        self.promote_ints(b.op, canon)
        text = self.emit_op(b.op, canon, node)
        if text is None:
            return None
        args = ", ".join(required)
        m = re.fullmatch(r"([A-Za-z_][\w.]*)\((.*)\)", text)
        return m.group(1) if m and m.group(2) == args else f"(lambda {args}: {text})"

    def layer_factory(self, q: str, lm: LayerMap) -> str | None:
        """A generated helper ``Torch<Name>(<torch constructor signature>)`` returning the target
        layer the table maps ``q`` to (what a call site would have emitted), weights registered."""
        if lm.cls == "list" or not self.target.module_base:
            return None
        short = q.rsplit(".", 1)[-1]
        name = f"Torch{short}" if f"Torch{short}" != lm.cls else f"Torch{short}Layer"
        key = f"factory:{q}"
        if key not in self.dyn_helpers:
            from ..frameworks.helpers_tensorflow import Helper
            parts = []
            for i, (tp, expr) in enumerate(lm.args.items()):
                parts.append(expr if i < lm.positional or not tp else f"{tp}={expr}")
            ctor = f"{lm.cls}({', '.join(parts)})"
            needs = (lm.helper,) if lm.helper else ()
            if lm.ctor_build and self.helper_obj("built") is not None:
                ctor = f"_tg_built({ctor}, {', '.join(lm.ctor_build)})"
                needs += ("built",)
            if lm.instead is not None and lm.instead[1].passthrough:  # decided at run time here
                cond, alt = lm.instead
                ctor = f"{alt.cls}({', '.join(forwarding_args(LAYERS[q].sig))}) if {cond} else {ctor}"
                needs += (alt.helper,) if alt.helper else ()
            code = (f"def {name}{LAYERS[q].sig}:\n"
                    f"    \"\"\"{q}'s constructor arguments -> the {self.tname} layer.\"\"\"\n"
                    f"    return {ctor}\n")
            self.dyn_helpers[key] = Helper(name, code, needs)
        for m in (lm, lm.instead[1] if lm.instead else None):
            if m is not None and m.weights:
                self.weight_classes[m.cls.rsplit(".", 1)[-1]] = m
                self.use_helper("module")
        return self.use_helper(key)

    def layer_base_class(self, q: str, lm: LayerMap) -> str | None:
        """The base for a user class subclassing the torch layer ``q`` when the target's layer has
        another shape (``class LayerNorm(nn.LayerNorm)`` over Keras' LayerNormalization): a
        generated class with torch's constructor holding the target layer the factory makes
        (``self._tg_layer``), called through (what ``super().forward`` reaches), loading torch
        weights into it and reading them back by torch's names in torch's layouts (``self.weight``);
        the constructor's other arguments are attributes, as torch keeps them."""
        factory = self.layer_factory(q, lm)
        if factory is None:
            return None
        key = f"base:{q}"
        name = f"_Tg{q.rsplit('.', 1)[-1]}Base"
        if key not in self.dyn_helpers:
            from ..frameworks.helpers_tensorflow import Helper
            sig = LAYERS[q].sig[1:-1]
            params = forwarding_args(LAYERS[q].sig)
            skip = set(lm.weights) | {"device", "dtype"} | set(self.target.reserved_attrs or ())
            kept = [p for p in params if p not in skip and p.isidentifier() and not p.startswith("_")]
            reads = {w: (attr, _inverse_perm(perm)) for w, (attr, perm) in lm.weights.items() if attr}
            code = (f"class {name}(TorchCompatLayer):\n"
                    f"    \"\"\"{q} as a base class: torch's constructor and names, the {self.tname} layer "
                    f"inside.\"\"\"\n"
                    f"    _tg_torch_weights = {reads!r}  # torch name -> (target attribute, permutation back)\n\n"
                    f"    def __init__(self, {sig}):\n"
                    f"        super().__init__()\n"
                    + "".join(f"        self.{p} = {p}\n" for p in kept)
                    + f"        self._tg_layer = {factory}({', '.join(params)})\n\n"
                    f"    def call(self, *args, **kwargs):\n"
                    f"        return self._tg_layer(*args, **kwargs)\n\n"
                    f"    def _tg_load_torch(self, weights):\n"
                    f"        return _tg_assign(self._tg_layer, weights)\n\n"
                    f"    def __getattr__(self, name):  # only what normal lookup misses: torch's weight names\n"
                    f"        read = type(self)._tg_torch_weights.get(name)\n"
                    f"        if read is None or \"_tg_layer\" not in self.__dict__:\n"
                    f"            raise AttributeError(name)\n"
                    f"        value = getattr(self._tg_layer, read[0])\n"
                    f"        return value if read[1] is None else tf.transpose(value, read[1])\n")
            self.dyn_helpers[key] = Helper(name, code, (f"factory:{q}", "module"))
        return self.use_helper(key)

    def tensor_attr(self, node: ast.Attribute) -> bool:
        a = node.attr
        if a in _DEVICE_PROBES:
            self.edit(node, "False")
            self.diag("info", f".{a}: converted code runs on {self.tname}'s default device", node)
            return False
        if a == "device" and self.expr_template("device") is not None:  # numpy arrays have no .device
            tmpl = self.expr_template("device")
            self.edit(node, tmpl.format(x=self.recv_text(node.value, tmpl, node)))
            self.diag("info", f".{a}: converted code runs on {self.tname}'s default device", node)
            return False
        if a == "data":
            self.edit(node, self.recv_text(node.value, "{x}", node))
            return True
        if a in ("T", "mT"):
            self.apis += 1
            x = Val(NOLIT, self.render(node.value))
            # mT: the batched matrix transpose, last two dims exchanged
            text = self.emit_op("transpose", {"x": x}, node) if a == "T" else \
                self.emit_op("swapaxes", {"x": x, "axis1": Val(-2, "-2"), "axis2": Val(-1, "-1")}, node)
            if text:
                self.converted += 1
                self.edit(node, text)
                return True
            self.unsupported_api(node, f"Tensor.{a}")
        return a not in ("shape", "dtype", "device", "ndim", "requires_grad") and a not in _DEVICE_PROBES

    def argval(self, node: ast.expr) -> Val:
        if type(node) is ast.Constant:  # (literal_of's first case, without the call)
            return Val(node.value, self.src.seg(node) if node.lineno == node.end_lineno else None)
        if type(node) is ast.Name:  # most arguments: what the general path below does for a Name
            q = self.resolve(node.id) if node.id in self.aliases else None
            if q and q.startswith("torch.") and q[6:] in DTYPES:
                return Val(DTypeName(_DTYPE_ALIAS.get(q[6:], q[6:])))
            f = self.fact(node)
            # (is_int_expr is False for every Name: not asked here)
            if f is None and self.is_size_expr(node):
                return SizeVal(NOLIT, self.render(node))
            return Val(NOLIT, self.render(node), f.kind if f is not None else None)
        v = literal_of(node)
        if v is not NOLIT:
            return Val(v, self.src.seg(node) if node.lineno == node.end_lineno else None)
        q = self.qualname(node)
        if q and q.startswith("torch.") and q[6:] in DTYPES:
            return Val(DTypeName(_DTYPE_ALIAS.get(q[6:], q[6:])))
        if type(node) in _DISPLAYS and _no_starred(node.elts):
            return SeqVal(list if isinstance(node, ast.List) else tuple, [self.argval(e) for e in node.elts],
                          self.render(node))
        f = self.fact(node)
        if f is None and self.is_size_expr(node):
            return SizeVal(NOLIT, self.render_arg(node))
        if f is None and self.is_int_expr(node):
            return Val(NOLIT, self.render_arg(node), "pyint")
        if (f is None or f.kind is None and not f.min_rank) and self.is_float_expr(node):
            return Val(NOLIT, self.render_arg(node), "pyfloat")
        return Val(NOLIT, self.render_arg(node), f.kind if f is not None else None)

    def render_arg(self, node: ast.expr) -> str:
        """``render`` without the parentheses a dropped method added around a receiver
        (``(x > 0).cpu()`` -> ``(x > 0)``): an argument needs none."""
        text = self.render(node)
        if not _wrapped(text) or _wrapped(self.src.seg(node)):
            return text
        try:
            ast.parse(text[1:-1].strip(), mode="eval")
        except SyntaxError:
            return text
        return text[1:-1]

    def e_Subscript(self, node: ast.Subscript) -> bool:
        t = self.expr(node.value)
        it = self.expr(node.slice)
        if isinstance(node.slice, ast.Tuple):  # z[:, rows, cols]: a tensor among the indices
            it = it or any(id(e) in self._tensor_nodes for e in node.slice.elts)
            if it and not t and self.value_kind(node.value) is None:
                t = True  # only tensors (and tracked numpy arrays) take a tuple holding a tensor
                self.diag("info", "indexing with a tuple holding a tensor converted as tensor indexing (receiver "
                                  "type not known)", node, "Tensor.__getitem__")
        if not t and _int_list_index(node.slice) and self.value_kind(node.value) is None:
            # x[:, [-1], :]: positions in a list are advanced indexing, which lists, dicts and
            # tuples do not take (numpy arrays, whose kind is tracked, are left alone)
            t = True
            self.diag("info", "indexing with a list of positions converted as tensor indexing (receiver type "
                              "not known)", node, "Tensor.__getitem__")
        if t and (it or self.is_mask_expr(node.slice) or _list_index(node.slice)) and isinstance(node.ctx, ast.Load) \
                and not getattr(self.helpers, "NATIVE_INDEXING", False):
            self.apis += 1
            if self.is_mask_expr(node.slice) and self.tname == "tensorflow":
                self.edit(node, f"tf.boolean_mask({self.render(node.value)}, {self.render(node.slice)})")
                self.converted += 1
                return True
            name = self.use_helper("getitem")
            if name:
                self.converted += 1
                self.edit(node, f"{name}({self.render(node.value)}, {self.index_value(node.slice)})")
            else:
                self.unsupported_api(node, "Tensor.__getitem__")
        return t

    def is_mask_expr(self, node: ast.expr) -> bool:
        return isinstance(node, ast.Compare) or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert))

    def setitem(self, st: ast.Assign | ast.AugAssign, tgt: ast.Subscript) -> bool:
        """``x[i] = v`` on a tensor -> ``x = <functional update>``; ``x[i][j] = v`` writes through
        torch's view like ``x[i, j] = v``; ``x[i] += v`` is ``x[i] = x[i] + v``."""
        parts = _setitem_chain(tgt)
        if parts is None or (isinstance(st, ast.Assign) and len(st.targets) != 1):
            return False
        if isinstance(parts[0], ast.Attribute):
            # self.mask[...] = 0 on a tensor attribute (a buffer or parameter) rebinds the attribute
            cls = self.class_info()
            if not (cls and parts[0].attr in cls.tensor_attrs):
                return False
        elif not self.is_tensor_name(parts[0].id):
            # ``logits[logits < v[:, [-1]]] = ...``: an index computed from a known tensor is a mask
            # or gather index, which only a tensor takes
            if self.value_kind(parts[0]) is not None or not any(
                    isinstance(n, ast.Name) and n.id != parts[0].id and self.is_tensor_name(n.id)
                    for i in parts[1:] for n in ast.walk(i)):
                return False  # a list, dict or numpy array the code indexes with a tensor
            self.diag("info", f"{parts[0].id}[...] = ... converted as a tensor update: the index is computed "
                              "from a tensor", tgt, "Tensor.__setitem__")
        native = getattr(self.helpers, "NATIVE_SETITEM", False)
        if native and len(parts) == 2:
            return False
        for index in parts[1:]:
            self.expr(index)
        recv = self.render(parts[0]) if isinstance(parts[0], ast.Attribute) else parts[0].id
        index_src = ", ".join(self.render(e) for i in parts[1:] for e in (i.elts if isinstance(i, ast.Tuple) else [i]))
        if native:  # numpy writes through views too, but one subscript is plainer (and needs no view)
            self.edit(tgt, f"{recv}[{index_src}]")
            return True
        self.apis += 1
        index_val = self.index_value(parts[1]) if len(parts) == 2 else \
            "(" + ", ".join(self.index_value(e) for i in parts[1:] for e in (i.elts if isinstance(i, ast.Tuple) else [i])) + ")"
        value = self.render(st.value)
        if isinstance(st, ast.AugAssign):
            native = self.expr_template("setitem") is not None or all(
                isinstance(e, ast.Constant) for i in parts[1:] for e in (i.elts if isinstance(i, ast.Tuple) else [i]))
            old = f"{recv}[{index_src}]" if native else f"{self.use_helper('getitem')}({recv}, {index_val})"
            atom = isinstance(st.value, (ast.Name, ast.Constant, ast.Attribute, ast.Subscript, ast.Call))
            value = f"{old} {_AUG_OPS[type(st.op).__name__]} {value if atom else f'({value})'}"
        tmpl = self.expr_template("setitem")  # JAX: x.at[i].set(v)
        if tmpl:
            self.converted += 1
            self.edit(st, f"{recv} = " + tmpl.format(x=recv, index=index_src, value=value))
            return True
        name = self.use_helper("setitem")
        if name is None:
            self.unsupported_api(tgt, "Tensor.__setitem__")
            return True
        self.converted += 1
        self.edit(st, f"{recv} = {name}({recv}, {index_val}, {value})")
        return True

    def index_value(self, node: ast.expr) -> str:
        """A subscript's index as a value a function can take: ``:, 1`` -> ``(slice(None, None), 1)``."""
        if isinstance(node, ast.Slice):
            parts = [self.render(p) if p is not None else "None" for p in (node.lower, node.upper, node.step)]
            return f"slice({', '.join(parts if node.step is not None else parts[:2])})"
        if isinstance(node, ast.Tuple):
            return "(" + ", ".join(self.index_value(e) for e in node.elts) + ("," if len(node.elts) == 1 else "") + ")"
        return self.render(node)

    def e_Compare(self, node: ast.Compare) -> bool:
        """``(x > 0)`` of a tensor is a bool tensor: ``(x > 0).float()`` converts as a Tensor method."""
        t = False
        for operand in [node.left, *node.comparators]:
            t = self.expr(operand) or t
        return t and all(isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)) for op in node.ops)

    def e_BinOp(self, node: ast.BinOp) -> bool:
        # a + b + c + ... nests to the left: walk that spine iteratively (long sums must not
        # exhaust the recursion limit), innermost first as the post-order walk would
        spine = []
        while isinstance(node, ast.BinOp):
            spine.append(node)
            node = node.left
        t = self.expr(node)
        scalar = getattr(self.helpers, "SCALAR_FLOAT", None)
        promote_ops = getattr(self.helpers, "PROMOTE_OPS", {})
        for op in reversed(spine):
            left_t, right_t = t, self.expr(op.right)
            if scalar and isinstance(op.op, _ARITH):
                # NumPy 1.x: float32 scalar (a reduction's result) op Python float is float64; torch float32
                for side, other_t in ((op.left, right_t), (op.right, left_t)):
                    if other_t and _float_literal(side):
                        self.edit(side, scalar.format(self.render(side)))
            # ``@`` in torch code multiplies tensors even where the operands' origin is not seen
            if isinstance(op.op, ast.MatMult) and self.helper_obj("torch:matmul") and not self.matrices([op.left, op.right]) \
                    and not any(f is not None and f.numpy for f in (self.fact(op.left), self.fact(op.right))):
                self.edit(op, f"{self.use_helper('torch:matmul')}({self.render(op.left)}, {self.render(op.right)})")
            func = promote_ops.get(type(op.op).__name__)
            if func and (left_t or right_t) and _needs_promotion(self.fact(op.left), self.fact(op.right),
                                                                 isinstance(op.op, ast.Div)):
                extra = ", true_div=True" if isinstance(op.op, ast.Div) else ""
                self.edit(op, f"{func}(*{self.use_helper('promote')}({self.render(op.left)}, "
                              f"{self.render(op.right)}{extra}))")
            t = right_t or left_t
        return t

    def e_Call(self, node: ast.Call) -> bool:
        func = node.func
        func_t = type(func)  # exact types (compile() makes them)
        if func_t is _ATTRIBUTE and func.attr == "forward":
            v = func.value
            if not (isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "super") and (
                    self.is_module_expr(v) or (isinstance(v, ast.Name) and self.is_module_name(v.id))
                    or self.is_submodule_attr(v)):
                # flow.forward(x) on a module (an item of a ModuleList): calling it is the same in torch
                # and the only spelling a Keras layer (call) or a plain class (__call__) answers
                self.edits.append(Edit(self.src.span(v)[1], self.src.span(func)[1], ""))
            else:
                self.rename_base_forward(func)
        if func_t is _NAME and func.id in _CLASS_OR_REFLECT:
            if func.id in ("isinstance", "issubclass") and len(node.args) == 2:
                cls_arg = node.args[1]
                for c in (cls_arg.elts if isinstance(cls_arg, ast.Tuple) else [cls_arg]):
                    self._class_ctx.add(id(c))
            if func.id in ("hasattr", "getattr") and self.reflect(node):
                return False
        q = self._call_qualnames[id(node)] = self.qualname(func)
        if q is None:
            if func_t is _ATTRIBUTE:
                recv_t = self.expr(func.value)
            else:
                recv_t = False
                self.expr(func)
        expr = self.expr
        for a in node.args:
            expr(a.value if type(a) is ast.Starred else a)
        for kw in node.keywords:
            expr(kw.value)
        if q is not None:
            if q.startswith("torch"):
                return self.torch_call(node, q)
            if q.startswith("einops."):
                return self.einops_call(node, q)
            return False
        if node.args and (func_t is _ATTRIBUTE or func_t is ast.Subscript):
            layer = self.layer_of(func)
            f = self.fact(node.args[0]) if layer and layer.rsplit(".", 1)[-1] in _RANK_KEEPING_LAYERS else None
            if f is not None and f.min_rank:  # self.dropout(att) has att's shape
                self._facts[id(node)] = Fact(False, f.kind, f.maybe_int, min_rank=f.min_rank)
        if func_t is _ATTRIBUTE:
            return self.method_call(node, func, recv_t)
        if func_t is _NAME:
            if self.function_results.get(func.id) == TENSOR and not self.is_local(func.id):
                return True
            if func.id == "next" and node.args and not self.is_local("next"):
                it = node.args[0]  # next(model.parameters()): a weight tensor
                return isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) \
                    and it.func.attr in ("parameters", "buffers") and self.is_module_expr(it.func.value)
            return self.is_module_name(func.id) or (func.id in self.func_facts and not self.is_local(func.id))
        # self.layer(x), self.blocks[i](x) ...: calls of module attributes give tensors
        if self.is_layer_expr(func):
            layer = self.layer_of(func)
            if layer is not None and LAYERS[layer].targets.get("tensorflow") is not None \
                    and LAYERS[layer].targets["tensorflow"].weights and "RNN" not in layer and "LSTM" not in layer \
                    and "GRU" not in layer and "Embedding" not in layer:
                self._facts[id(node)] = Fact(False, "floating")
            return True
        return self.is_module_value(func)

    def is_layer_expr(self, func: ast.expr) -> bool:
        while isinstance(func, ast.Subscript):
            func = func.value
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
            cls = self.class_info()
            return bool(cls and func.attr in cls.layers)
        return False

    # ------------------------------------------------------------ torch calls
    def torch_call(self, node: ast.Call, q: str) -> bool:
        self.apis += 1
        plain = self.plain_bindings.get(q, _UNSEEN)
        if plain is _UNSEEN:
            plain = self.plain_bindings[q] = self.plain_binding(q)
        if plain is not None:
            # the path below for a plain table entry, without its checks (they are fixed per name)
            ok = self.convert_binding(node, plain, q, None)
            if ok and plain.op == "asarray" and node.args and not any(k.arg == "dtype" for k in node.keywords):
                d = self.ndarray_dtype(node.args[0])
                if d is not None:
                    self._facts[id(node)] = Fact(False, d)
            return ok
        if q in _PARALLEL:
            return self.parallel_call(node, q)
        if q in INFERENCE_IDENTITY:
            return self.identity_call(node, q)
        if q in LAYERS:
            return self.layer_ctor(node, q)
        if q.endswith(".from_pretrained") and q.rsplit(".", 1)[0] in LAYERS:
            return self.from_pretrained(node, q)
        special = _TORCH_SPECIAL_CALLS.get(q)
        if special is not None:  # one lookup for the few names a table entry cannot say
            res = special(self, node, q)
            if res is not None:
                return res
        # torch.Tensor(data) is the default-dtype legacy constructor, torch.FloatTensor(data)
        b = self.src_table.get("torch.FloatTensor" if q == "torch.Tensor" else q)
        if b is None:
            return self.unsupported_api(node, q)
        fixed = (b.fixed or {}).get("dtype")
        if fixed is not None and b.op == "asarray" and node.args and not node.keywords \
                and (len(node.args) > 1 or isinstance(literal_of(node.args[0]), int)) \
                and not any(isinstance(a, ast.Starred) for a in node.args):
            return self.legacy_sizes(node, q, fixed)
        # torch.FloatTensor(n): a size when n is an int, data when a sequence; a bare name of unknown
        # kind (a constructor argument: Parameter(torch.FloatTensor(out_features))) is decided at run time
        size_or_data = fixed is not None and b.op == "asarray" and len(node.args) == 1 and not node.keywords \
            and isinstance(node.args[0], (ast.Name, ast.Attribute)) and self.value_kind(node.args[0]) is None \
            and id(node.args[0]) not in self._tensor_nodes \
            and not (isinstance(node.args[0], ast.Name) and self.is_tensor_name(node.args[0].id))
        sized = self.emit_op("zeros", {"shape": calls._as_val((self.argval(node.args[0]),), self.dtype_fmt), "dtype": Val(DTypeName(fixed))},
                             node) if size_or_data else None
        ok = self.convert_binding(node, b, q, None)
        if ok and sized is not None:
            n = self.render(node.args[0])
            self.edit(node, f"({sized} if isinstance({n}, int) else {self.render(node)})")
        if ok and b.op == "asarray" and node.args and fixed is None and not any(k.arg == "dtype" for k in node.keywords):
            d = self.ndarray_dtype(node.args[0])  # torch.from_numpy(a) / torch.tensor(a): the array's dtype
            if d is not None:
                self._facts[id(node)] = Fact(False, d)
        return ok

    def plain_binding(self, q: str):
        """The binding of ``q`` when torch_call converts it by the table alone (no special method,
        layer, wrapper or legacy dtype constructor), else None; fixed per name and table."""
        if len(self.plain_bindings) > 4096:  # torch names vary without end in a long-lived worker
            self.plain_bindings.clear()
        if q in _PARALLEL or q in INFERENCE_IDENTITY or q in LAYERS or q in _TORCH_SPECIAL_CALLS \
                or q == "torch.Tensor" or (q.endswith(".from_pretrained") and q.rsplit(".", 1)[0] in LAYERS):
            return None
        b = self.src_table.get(q)
        return b if b is not None and (b.fixed or {}).get("dtype") is None else None

    def parameter_call(self, node: ast.Call, q: str) -> bool:
        data = node.args[0] if node.args else None
        if data is None:
            return self.unsupported_api(node, q)
        rg = next((k.value for k in node.keywords if k.arg == "requires_grad"), None)
        extra = f", trainable={self.render(rg)}" if rg is not None else ""
        var = {"tensorflow": "tf.Variable({}{})"}.get(self.tname)
        if var is None:
            self.edit(node, self.render(data))
        else:
            self.edit(node, var.format(self.render(data), extra))
        self.converted += 1
        return True

    def variable_call(self, node: ast.Call, q: str) -> bool | None:
        if len(node.args) != 1:
            return None  # the binding table's turn
        # pre-0.4 torch wrapped tensors for autograd; since 0.4 Variable(t) is t itself
        self.converted += 1
        self.edit(node, self.render(node.args[0]))
        self.diag("info", f"{q}(t) is t itself since torch 0.4: unwrapped", node, q)
        return True

    def accelerator_probe(self, node: ast.Call, q: str) -> bool:
        self.converted += 1
        self.edit(node, "False")
        self.diag("info", f"{q}() is False: converted code runs on {self.tname}'s default device", node, q)
        return False

    def device_call(self, node: ast.Call, q: str) -> bool:
        self.converted += 1
        self.edit(node, "'cpu'")
        self.diag("info", f"{q}: converted code places tensors on the default device", node, q)
        return False

    def is_tensor_call(self, node: ast.Call, q: str) -> bool:
        tmpl = {"tensorflow": "tf.is_tensor({0})", "jax": "isinstance({0}, jax.Array)",
                "numpy": "isinstance({0}, np.ndarray)"}[self.tname]
        self.converted += 1
        self.edit(node, tmpl.format(*[self.render(a) for a in node.args]))
        return False

    def legacy_sizes(self, node: ast.Call, q: str, dtype: str) -> bool:
        """The size form of a legacy typed constructor, ``torch.FloatTensor(2, 3)``: uninitialised
        memory of that dtype in torch, zeros here."""
        shape = calls._as_val(tuple(self.argval(a) for a in node.args), self.dtype_fmt)
        text = self.emit_op("zeros", {"shape": shape, "dtype": Val(DTypeName(dtype))}, node)
        if text is None:
            return self.unsupported_api(node, q)
        self.converted += 1
        self.edit(node, text)
        self.diag("info", f"{q}(sizes): uninitialised memory in torch, zeros here", node, q)
        self._facts[id(node)] = Fact(False, dtype, min_rank=len(node.args))
        return True

    def method_call(self, node: ast.Call, func: ast.Attribute, recv_t: bool) -> bool:
        meth = func.attr
        recv = func.value
        if meth in _MODULE_CASTS and not node.args and not node.keywords and self.is_module_expr(recv):
            return self.module_cast(node, meth)
        if recv_t and self.is_module_expr(recv):
            recv_t = False  # enc.eval(), nn.Linear(2, 3).train(): nn.Module's methods, never Tensor's
        if meth == "__getattr__" and len(node.args) == 1 and not node.keywords and self.is_module_expr(recv):
            # torch.nn.Module defines __getattr__ (for its children); Keras layers and plain classes do not
            self.edit(node, f"getattr({self.render(recv)}, {self.render(node.args[0])})")
            return False
        if meth in ("add_module", "register_module") and self.tname != "tensorflow" and len(node.args) == 2 \
                and not node.keywords and self.is_module_expr(recv):
            # plain classes register children by attribute (TorchSequential runs them in order)
            self.edit(node, f"setattr({self.render(recv)}, {self.render(node.args[0])}, {self.render(node.args[1])})")
            return False
        if meth in ("eval", "train") and self.tname == "tensorflow":
            layer = self.ctor_layer(recv)
            lm = LAYERS[layer].targets.get("tensorflow") if layer else None
            if lm is not None and lm.cls.startswith("tf.keras"):
                return self.keras_mode(node, meth, recv, layer)
        if isinstance(recv, ast.Name) and recv.id == "self":
            cls = self.class_info()
            if cls and meth == "register_buffer" and node.args:
                return self.register_buffer(node, cls)
            return bool(cls and (meth in cls.layers or meth in cls.module_attrs or meth in cls.submodules))
        if isinstance(recv, ast.Constant) or isinstance(recv, (ast.List, ast.Dict, ast.Tuple, ast.JoinedStr)):
            return False
        if isinstance(recv, ast.Name) and recv.id in self.foreign and not self.is_local(recv.id):
            if recv.id in self.ivy_names and meth == "set_backend":
                self.ivy_backend(node)
            return False  # math.sqrt(...), np.exp(...): a module's function, not a Tensor method
        if not recv_t and self.value_kind(recv) is not None:
            return False  # a.reshape(2, 3) on a numpy array, s.split(",") on a str: not Tensor methods
        special = self.special_method(node, func, recv_t)
        if special is not None:
            return special
        key = "Tensor." + meth
        b = self.src_table.get(key)
        inplace = b is not None and meth.endswith("_") and not meth.endswith("__")  # Tensor.fill_
        if b is None and meth.endswith("_") and not meth.endswith("__") and ("Tensor." + meth[:-1]) in self.src_table:
            b = self.src_table["Tensor." + meth[:-1]]
            inplace = True
        if b is None:
            if recv_t and not meth.startswith("_"):
                self.apis += 1
                return self.unsupported_api(node, key)
            return False
        if not recv_t:
            if (meth in AMBIGUOUS or (inplace and meth[:-1] in AMBIGUOUS)) and not _torch_call_form(node):
                self.diag("info", f".{meth}() left unchanged: the receiver is not known to be a tensor",
                          node, key)
                return False
            if not self.fits_signature(node, b):  # ops.relu(x): a method of the user's own object
                self.diag("info", f".{meth}() left unchanged: its arguments do not fit Tensor.{meth}, so the "
                                  "receiver is not taken for a tensor", node, key)
                return False
            why = "the call form is torch's" if _torch_call_form(node) else "the method name is torch-specific"
            self.diag("info", f".{meth}() converted as Tensor.{meth}: {why} (receiver type not known)", node, key)
        self.apis += 1
        ok = self.convert_binding(node, b, key, recv)
        if ok and inplace:
            rt = self.render(recv)
            if isinstance(recv, (ast.Name, ast.Attribute, ast.Subscript)):
                self._inplace[id(node)] = rt
                self.diag("info", f".{meth}() is in place in torch: converted to a functional update "
                                  f"rebinding {rt}", node, key)
        return ok

    def is_module_expr(self, node: ast.expr) -> bool:
        """``model`` (bound to a module), ``self`` in a module class, ``self.fc``, ``Net()``."""
        if isinstance(node, ast.Name):
            if node.id == "self":
                cls = self.class_info()
                return bool(cls and cls.is_module)
            return node.id in self.module_vars and not self.is_local(node.id)
        return self.layer_of(node) is not None or self.is_module_ctor(node)

    def keras_mode(self, node: ast.Call, meth: str, recv: ast.expr, layer: str) -> bool:
        """``lin.eval()`` on a Keras built-in layer: Keras layers have no mode, a call outside ``fit``
        runs in inference unless given ``training=True``; so eval() / train(False) return the layer."""
        api = f"Module.{meth}"
        self.apis += 1
        mode = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "mode"), None)
        inference = meth == "eval" or (isinstance(mode, ast.Constant) and mode.value is False)
        if not inference:
            self.unsupported_api(node, api, diag=False)
            self.diag("warning", f"{api}(): Keras layers have no training mode to switch on; call the layer "
                                 "with training=True instead", node, api)
            return False
        self.converted += 1
        self.edit(node, self.recv_text(recv, "{x}", node))
        self.diag("info", f".{meth}() dropped: a {layer.rsplit('.', 1)[-1]} Keras layer runs in inference "
                          "mode unless called with training=True", node, api)
        return False

    def module_cast(self, node: ast.Call, meth: str) -> bool:
        """``model.double()``: casts the module's weights (not a tensor cast). The jax / numpy
        module base classes have the method; Keras layers fix their variables' dtypes when built."""
        self.apis += 1
        api = f"Module.{meth}"
        if self.tname == "tensorflow" and meth == "float":
            # Keras layers are float32 by default: the cast is the model itself
            self.converted += 1
            self.edit(node, self.recv_text(node.func.value, "{x}", node))
            self.diag("info", f"{api}() dropped: Keras layers hold float32 weights by default", node, api)
            return False
        if self.tname == "tensorflow" or self.use_helper("module") is None:
            dtype = {"double": "float64", "half": "float16"}.get(meth, "float32")
            self.unsupported_api(node, api, diag=False)
            self.diag("warning", f"{api}() casts a module's weights to {dtype}; Keras cannot change the dtype of "
                                 f"a built layer's weights, so the call is left in place (Keras layers have no "
                                 f".{meth}()). To run the model in {dtype}: call "
                                 f"tf.keras.backend.set_floatx('{dtype}') before constructing it, or pass "
                                 f"dtype='{dtype}' to its layers; then delete this call and feed {dtype} inputs",
                      node, api)
            return False
        self.converted += 1
        return False

    def ivy_backend(self, node: ast.Call):
        """``ivy.set_backend("torch")``: the converted code's tensors are the target's, so Ivy's too."""
        arg = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "backend"), None)
        if isinstance(arg, ast.Constant) and arg.value == "torch" and self.aliases:  # the file uses torch
            self.apis += 1
            self.converted += 1
            self.edit(arg, repr(self.tname))
            self.diag("info", f"ivy.set_backend: the converted code's tensors are {self.tname}'s, so Ivy's "
                              f"backend is {self.tname} too", node, "ivy.set_backend")

    def special_method(self, node: ast.Call, func: ast.Attribute, recv_t: bool) -> bool | None:
        """torch idioms that are not ops (size, item, device moves, casts via .to)."""
        meth = func.attr
        recv = func.value
        rt = lambda: self.render(recv)
        nargs = len(node.args) + len(node.keywords)
        strong = recv_t
        if not strong and nargs == 0 and meth in _TENSOR_IDIOMS:
            # numpy arrays, lists and Python numbers have none of these: a tensor (or a module's .cpu())
            strong = True
            self.diag("info", f".{meth}() converted as Tensor.{meth}: the method name is torch-specific "
                              "(receiver type not known)", node, f"Tensor.{meth}")
        if meth in _NO_DEVICE and nargs == 0 and (strong or meth in ("cuda",)):
            self.apis += 1
            self.converted += 1
            self.edit(node, self.recv_text(recv, "{x}", node))
            self.diag("info", f".{meth}() dropped: converted code runs on {self.tname}'s default device", node,
                      f"Tensor.{meth}")
            return recv_t
        if meth == "contiguous" and nargs == 0:
            self.apis += 1
            self.converted += 1
            self.edit(node, self.recv_text(recv, "{x}", node))
            return True
        if meth == "to" and (strong or any(k.arg in ("device", "dtype") for k in node.keywords)
                             or (nargs == 1 and node.args and _device_arg(node.args[0]))) \
                or meth == "type" and nargs == 1:  # x.type(torch.int64): a cast like .to
            return self.to_call(node, recv, recv_t)
        if meth == "type" and nargs == 0 and strong:  # the legacy type string 'torch.FloatTensor'
            name = self.use_helper("tensor_type")
            if name is None:
                return None
            self.apis += 1
            self.converted += 1
            self.edit(node, f"{name}({rt()})")
            return False
        size_d = meth == "size" and not strong and _torch_call_form(node)
        if size_d:
            self.diag("info", ".size(d) converted as Tensor.size: the call form is torch's (receiver type "
                              "not known)", node, "Tensor.size")
        if meth == "size" and (strong or size_d) or meth in ("dim", "ndimension", "numel", "item", "tolist",
                                                             "detach", "clone", "numpy") and strong:
            if meth == "size":
                key = "size()" if not node.args else "size(d)"
            else:
                key = f"{meth}()"
            tmpl = self.expr_template(key)
            if tmpl is None or nargs > (1 if meth == "size" else 0):
                return None
            self.apis += 1
            self.converted += 1
            args = [self.render(a) for a in node.args]
            self.edit(node, tmpl.format(*args, x=self.recv_text(recv, tmpl, node)))
            imp = getattr(self.helpers, "EXPR_IMPORTS", {}).get(key)
            if imp and imp not in self.extra_imports:
                self.extra_imports.append(imp)
            if meth in ("numpy", "item", "tolist", "size", "dim", "ndimension", "numel"):
                self._kinds[id(node)] = NDARRAY if meth == "numpy" else PYTHON
            return meth in ("detach", "clone")
        if meth == "new" and node.args and not node.keywords and (strong or not any(
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)):
            # the legacy constructor: sizes (uninitialised, made as zeros) or a list / tuple of data
            data = len(node.args) == 1 and isinstance(node.args[0], (ast.List, ast.Tuple))
            meth = "new_tensor" if data else "new_empty"
        if meth in ("new_zeros", "new_ones", "new_full", "new_empty", "new_tensor") and (strong or True):
            op = {"new_zeros": "zeros", "new_empty": "zeros", "new_ones": "ones", "new_full": "full",
                  "new_tensor": "asarray"}[meth]
            if not node.args:
                return None
            self.apis += 1
            canon: dict[str, Val] = {}
            if op == "asarray":
                canon["data"] = self.argval(node.args[0])
            else:
                shape_args = node.args[:1] if op == "full" or len(node.args) == 1 else node.args
                if op == "full":
                    canon["fill_value"] = self.argval(node.args[1]) if len(node.args) > 1 else \
                        self.argval(next(k.value for k in node.keywords if k.arg == "fill_value"))
                sv = [self.argval(a) for a in shape_args]
                canon["shape"] = sv[0] if len(sv) == 1 else calls._as_val(tuple(sv), self.dtype_fmt)
            dt = next((k.value for k in node.keywords if k.arg == "dtype"), None)
            canon["dtype"] = self.argval(dt) if dt is not None else Val(NOLIT, "{x}.dtype".format(x=self.recv_text(recv, "{x}.dtype")))
            text = self.emit_op(op, canon, node)
            if text is None:
                return self.unsupported_api(node, f"Tensor.{meth}")
            self.converted += 1
            self.edit(node, text)
            return True
        if meth == "type_as" and len(node.args) == 1 and strong:
            self.apis += 1
            text = self.emit_op("astype", {"x": Val(NOLIT, rt()),
                                           "dtype": Val(NOLIT, f"{self.render(node.args[0])}.dtype")}, node)
            if text:
                self.converted += 1
                self.edit(node, text)
                return True
            return self.unsupported_api(node, "Tensor.type_as")
        if meth in ("requires_grad_", "retain_grad") and strong:
            self.apis += 1
            self.converted += 1
            self.edit(node, self.recv_text(recv, "{x}", node))
            return True
        return None

    def to_call(self, node: ast.Call, recv: ast.expr, recv_t: bool) -> bool:
        self.apis += 1
        dtype = None
        device = False
        for a in node.args:
            v = self.argval(a)
            if v.is_lit and type(v.value) is str and v.value.rsplit(".", 1)[-1] in TENSOR_TYPES:
                v = Val(DTypeName(TENSOR_TYPES[v.value.rsplit(".", 1)[-1]]))  # x.type('torch.DoubleTensor')
            # x.type(d) always casts (a dtype variable too); .to(v) of a non-dtype moves devices
            if v.is_lit and type(v.value) is DTypeName or node.func.attr == "type":
                dtype = v
            else:
                device = True
        for k in node.keywords:
            if k.arg == "dtype":
                dtype = self.argval(k.value)
            else:
                device = True
        text = self.recv_text(recv, "{x}", node)
        if dtype is not None:
            t = self.emit_op("astype", {"x": Val(NOLIT, self.render(recv)), "dtype": dtype}, node)
            if t is None:
                return self.unsupported_api(node, "Tensor.to")
            text = t
        if device:
            self.diag("info", f".to(device) dropped: converted code runs on {self.tname}'s default device",
                      node, "Tensor.to")
        self.converted += 1
        self.edit(node, text)
        return True

    def register_buffer(self, node: ast.Call, cls: ClassInfo) -> bool:
        name = literal_of(node.args[0])
        if not isinstance(name, str) or len(node.args) < 2:
            return False
        self.apis += 1
        value = self.render(node.args[1])
        tmpl = {"tensorflow": "self.{n} = tf.Variable({v}, trainable=False)"}.get(self.tname, "self.{n} = {v}")
        self.edit(node, tmpl.format(n=cls.renamed.get(name, name), v=value))
        cls.tensor_attrs.add(name)
        self.converted += 1
        return False

    @staticmethod
    def fits_signature(node: ast.Call, b) -> bool:
        """Whether a method call's argument count and names bind to the binding's torch signature
        (the receiver is its first parameter); a call with */** unpacking is given the benefit."""
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            return True
        key = (id(b), len(node.args), tuple(k.arg for k in node.keywords))
        fits = _FITS.get(key)
        if fits is None:
            blank = Val(NOLIT, "")
            try:
                calls.bind_source(b, [blank] * (1 + len(node.args)), {k.arg: blank for k in node.keywords})
                fits = True
            except BindError:
                fits = False
            _FITS[key] = fits
        return fits

    def convert_binding(self, node: ast.Call, b, api: str, recv: ast.expr | None) -> bool:
        for a in node.args:  # (_starred_in_varargs is True without a starred argument: asked only with one)
            if type(a) is ast.Starred:
                starred_ok = _starred_in_varargs(b, node, recv)
                break
        else:
            starred_ok = True
        if not starred_ok or (node.keywords and any(k.arg is None for k in node.keywords)):
            self.diag("warning", f"{api}: *args/**kwargs cannot be mapped statically", node, api)
            return self.unsupported_api(node, api, diag=False)
        argval = self.argval
        # loops, not comprehensions: a comprehension is a function call of its own in 3.11
        args = [argval(recv)] if recv is not None else []
        for a in node.args:
            args.append(Val(NOLIT, "*" + self.render(a.value)) if type(a) is ast.Starred else argval(a))
        kwargs = {}
        for k in node.keywords:
            kwargs[k.arg] = argval(k.value)
        handler = getattr(self, "custom_" + (b.custom or ""), None) if b.custom else None
        if b.custom and handler is None and b.custom not in _SOURCE_CUSTOM_OK:
            return self.unsupported_api(node, api)
        # matmul's spelling depends on its operands' known ranks, which a template's key lacks
        if handler is None and b.op != "matmul":
            canon = self.apply_template((id(b), self.tname, api), b, node, args, kwargs,
                                        lambda a, k: self.emit_call(node, b, api, calls.bind_source(b, a, k), recv))
            if canon is not None:
                self.converted_binding(node, b, api, recv, canon)
                return True
        try:
            bound = calls.bind_source(b, args, kwargs)
        except BindError as e:
            self.diag("warning", f"{api}: arguments do not match torch's signature ({e})", node, api)
            return self.unsupported_api(node, api, diag=False)
        if handler is not None:
            res = handler(node, b, bound, api)
            if res is not None:
                if res and (b.op in _KIND_KEEPING or OPS[b.op].kind == "shape"):  # x.expand(...), x.split(n)
                    self.note_fact(node, self.call_fact(b.op, {}, ([recv] if recv is not None else []) + node.args))
                    if b.op in _SEQ_SAME_DTYPE:
                        self._seq_calls.add(id(node))
                return res
        text, canon = self.emit_call(node, b, api, bound, recv)
        if text is None:
            return self.unsupported_api(node, api)
        self.converted += 1
        self.edit(node, text)
        self.converted_binding(node, b, api, recv, canon)
        return True

    def converted_binding(self, node: ast.Call, b, api: str, recv: ast.expr | None, canon: dict):
        """What a converted torch call tells: a note on random draws, what its result is known to be."""
        if OPS[b.op].kind == "random":
            self.diag("info", f"{api}: draws from {self.tname}'s random generator (the same distribution, "
                              "other numbers than torch's)", node, api)
        self.note_fact(node, self.call_fact(b.op, canon, ([recv] if recv is not None else []) + node.args))
        if b.op in _SEQ_SAME_DTYPE:
            self._seq_calls.add(id(node))

    def apply_template(self, key: tuple, owner, node: ast.Call, args: list[Val], kwargs: dict[str, Val],
                       build) -> Any:
        """Edit ``node`` from the call template of ``key`` and these arguments (made by ``build``
        the first time); what ``build`` gave besides the text, or None (no template: convert
        it yourself)."""
        arg_key = _call_key(args, kwargs)
        if arg_key is None:
            return None
        key += arg_key
        tmpl = _CALL_TEMPLATES.get(key)
        if tmpl is None or tmpl[0] is not owner:
            if len(_CALL_TEMPLATES) > 8192:  # literal arguments vary without end in a long-lived worker
                _CALL_TEMPLATES.clear()
            tmpl = _CALL_TEMPLATES[key] = (owner, self.call_template(args, kwargs, build))
        if tmpl[1] is None:
            return None
        fmt, extra, diags, helpers = tmpl[1]
        for h in helpers:
            self.use_helper(h)
        for severity, message, d_api in diags:
            self.diag(severity, message, node, d_api)
        self.converted += 1
        self.edit(node, fmt.format(*_slot_texts(args), *_slot_texts(kwargs.values())) if kwargs
                  else fmt.format(*_slot_texts(args)))
        return extra

    def call_template(self, args: list[Val], kwargs: dict[str, Val], build):
        """What ``build(args, kwargs)`` -> (text or None, extra) gives whatever the non-literal
        arguments say: (format string taking their texts in order, extra, diagnostics, helpers
        used), or None when the output depends on more of their text than pasting it."""
        slots = iter(range(1 << 30))

        def stand(v: Val) -> Val:
            if type(v) is SeqVal:
                text = f"_tg_slot{next(slots)}_"
                return SeqVal(v.seq, [stand(e) for e in v.items], text)
            return v if v.is_lit else Val(NOLIT, f"_tg_slot{next(slots)}_", v.kind)
        s_args = [stand(v) for v in args]
        s_kwargs = {k: stand(v) for k, v in kwargs.items()}
        saved = self.diags, self.used_helpers, self.extra_imports
        self.diags, self.used_helpers, self.extra_imports = [], [], []
        reads = TEXT_READS[0]
        SUBSTITUTED[0] = respelled = []
        try:
            text, extra = build(s_args, s_kwargs)
        except BindError:
            return None
        finally:
            diags, helpers = self.diags, self.used_helpers
            self.diags, self.used_helpers, self.extra_imports = saved
            SUBSTITUTED[0] = None
        n = next(slots)
        # a derive that re-spelled an argument (parsed, folded) decides nothing by it: only its
        # text, when that reaches the output (torch.sum's dtype derive is dropped, not emitted)
        if text is None or TEXT_READS[0] != reads or any("_tg_slot" in d["message"] for d in diags) \
                or any("_tg_slot" in r and r in text for r in respelled):
            return None
        fmt = text.replace("{", "{{").replace("}", "}}")
        for i in reversed(range(n)):  # _tg_slot1_ is no part of _tg_slot11_: the trailing _
            fmt = fmt.replace(f"_tg_slot{i}_", "{%d}" % i)
        return fmt, extra, [(d["severity"], d["message"], d["api"]) for d in diags], helpers

    def emit_call(self, node: ast.Call, b, api: str, bound: dict, recv: ast.expr | None) -> tuple[str | None, dict]:
        """The target call of a bound torch call (None: no spelling), and its canonical values."""
        canon, dropped = calls.to_canonical(b, bound, self.dtype_fmt)
        for p in dropped:
            if p in ("device", "pin_memory"):
                self.diag("info", f"{api}: {p}= dropped (converted code runs on the default device)", node, api)
            elif p == "requires_grad":
                self.diag("info", f"{api}: requires_grad= dropped ({self.tname} differentiates on demand)", node, api)
            elif p not in ("inplace", "out", "layout", "memory_format", "_stacklevel"):
                self.diag("warning", f"{api}: argument {p}= has no {self.tname} equivalent and was dropped",
                          node, api)
        self.promote_ints(b.op, canon)
        dt = canon.get("dtype")
        text = None
        if b.op == "matmul" and api.rsplit(".", 1)[-1] not in ("mm", "bmm") and self.helper_obj("torch:matmul") \
                and not self.matrices(([recv] if recv is not None else []) + list(node.args)):
            # torch.matmul takes 1-D operands; a target matmul that needs matrices goes through a helper
            text = f"{self.use_helper('torch:matmul')}({val_text(canon['x'], self.dtype_fmt)}, " \
                   f"{val_text(canon['y'], self.dtype_fmt)})"
        if dt is not None and not dt.is_lit and b.op != "astype":  # a cast's runtime dtype is spelled as is
            # a dtype that depends on the input's runtime dtype (torch's int64 sums of integer
            # tensors whose dtype is not known here): numpy's sum widens as torch's does (its
            # binding says so); elsewhere the target's own rule decides
            if self.target.int_sums_widen:
                text = self.emit_op(b.op, canon, node)
            if text is None:
                canon = {k: v for k, v in canon.items() if k != "dtype"}
                self.diag("info", f"{api}: integer inputs keep their dtype in {self.tname} "
                                  "(torch would widen them to int64)", node, api)
        text = text or self.promoted_binary(b.op, canon, node) or self.emit_op(b.op, canon, node)
        if text is None and dt is not None and dt.is_lit and dt.value is not None and "x" in canon:
            # the target reduction takes no dtype: cast the input first (what torch's dtype= does)
            cast = self.emit_op("astype", {"x": canon["x"], "dtype": dt}, node)
            if cast is not None:
                text = self.emit_op(b.op, dict(canon, x=Val(NOLIT, cast), dtype=Val(None)), node)
        return text, (canon if dt is None or dt.is_lit else dict(canon, dtype=dt))

    def promoted_binary(self, op: str, canon: dict[str, Val], node: ast.AST) -> str | None:
        """``torch.maximum(a, b)`` of operands torch would promote, on a target that does not:
        ``f(*_tg_promote(a, b))`` as for operators (decided by the Vals' dtype evidence alone, which
        call templates key on). None: nothing to promote, or a spelling that is no ``f(x, y)``."""
        x, y = canon.get("x"), canon.get("y")
        if OPS[op].kind != "binary" or x is None or y is None or x.is_lit or y.is_lit \
                or not getattr(self.helpers, "PROMOTE_OPS", None) \
                or not _needs_promotion(Fact(False, x.kind), Fact(False, y.kind), op == "truediv"):
            return None
        text = self.emit_op(op, dict(canon, x=Val(NOLIT, "\0x", x.kind), y=Val(NOLIT, "\0y", y.kind)), node)
        m = re.fullmatch(r"([\w.]+)\(\0x, \0y\)", text or "")
        if m is None:
            return None
        extra = ", true_div=True" if op == "truediv" else ""
        return f"{m.group(1)}(*{self.use_helper('promote')}({val_text(x, self.dtype_fmt)}, " \
               f"{val_text(y, self.dtype_fmt)}{extra}))"

    def promote_ints(self, op: str, canon: dict[str, Val]):
        """torch's default integer dtype is int64; tf/jax would pick int32."""
        if op in ("asarray", "arange", "full") and (canon.get("dtype") is None or
                                                    (canon["dtype"].is_lit and canon["dtype"].value is None)):
            vals = [canon[k] for k in ("data", "start", "stop", "step", "fill_value") if k in canon]
            flat: list[Any] = []
            for v in vals:
                if not v.is_lit:
                    if op == "arange" and self.default_int != "int64" and \
                            all(e.is_lit and type(e.value) in (int, type(None)) or not e.is_lit and _dtype_category(
                                Fact(False, e.kind)) in (None, "int") for e in vals):
                        # torch.arange(n) of Python ints is int64; tf.range would give int32
                        canon["dtype"] = Val(DTypeName("int64"))
                    elif op == "arange" and any(e.is_lit and type(e.value) is float or e.kind == "pyfloat"
                                                for e in vals) \
                            and getattr(self.helpers, "DEFAULT_FLOAT", "float32") != "float32":
                        canon["dtype"] = Val(DTypeName("float32"))  # np.arange(0, n, 0.5) is float64
                    return
                _flatten(v.value, flat)
            if flat and all(type(x) is int for x in flat if x is not None):
                canon["dtype"] = Val(DTypeName("int64"))
            elif flat and all(type(x) in (int, float, bool) for x in flat) and float in map(type, flat) \
                    and getattr(self.helpers, "DEFAULT_FLOAT", "float32") != "float32":
                canon["dtype"] = Val(DTypeName("float32"))  # numpy would infer float64

    def emit_op(self, op: str, canon: dict[str, Val], node: ast.AST) -> str | None:
        dtype = canon.get("dtype")
        if op == "astype" and dtype is not None and dtype.is_lit and "x" in canon:
            # a dtype the target lacks (NumPy's bfloat16): a helper approximates the cast
            hname = self.use_helper(f"astype:{dtype.value}")
            if hname is not None:
                self.diag("info", f"{self.tname} has no {dtype.value}: {hname}() rounds the values to its "
                                  "precision and keeps float32", node, "Tensor.to")
                return f"{hname}({val_text(canon['x'], self.dtype_fmt)})"
        if dtype is not None and dtype.is_lit and type(dtype.value) is DTypeName and op != "astype" \
                and self.helper_obj(f"astype:{dtype.value}") is not None:
            # made in a dtype the target lacks (torch.zeros(2, dtype=torch.bfloat16) on NumPy):
            # made in float32, then rounded like the cast
            made = self.emit_op(op, dict(canon, dtype=Val(DTypeName("float32"))), node)
            return None if made is None else self.emit_op("astype", {"x": Val(NOLIT, made), "dtype": dtype}, node)
        text = self.emit_bindings(op, canon)
        if text is not None:
            return text
        axis, keep = canon.get("axis") or calls.canonical_default(op, "axis"), canon.get("keepdims")
        if "x" in canon and axis is not None and axis.is_lit and axis.value is None \
                and not (keep is not None and keep.is_lit and keep.value) and op != "reshape":
            # axis=None means "over the flattened input" (torch.argmax(x), torch.take): the op on
            # reshape(x, [-1]) along axis 0, when the target says it that way
            flat = self.emit_bindings("reshape", {"x": canon["x"], "shape": Val([-1])})
            if flat is not None:
                text = self.emit_bindings(op, dict(canon, x=Val(NOLIT, flat), axis=Val(0)))
                if text is not None:
                    return text
        hname = self.use_helper(op)
        if hname is not None:
            return calls.emit_helper_call(hname, op, canon, self.dtype_fmt)
        if op == "getitem" and "x" in canon and "index" in canon:
            # a computed index (torch.narrow's slices): the target's own subscript
            x = val_text(canon["x"], self.dtype_fmt)
            return f"{x if x.isidentifier() else f'({x})'}[{val_text(canon['index'], self.dtype_fmt)}]"
        return None

    def emit_bindings(self, op: str, canon: dict[str, Val]) -> str | None:
        """``op`` spelled with one of the target's own functions (no helper), or None."""
        functions, methods = _target_spellings(self.tname, op)
        for b, name in functions:
            text = calls.emit_binding(b, canon, self.dtype_fmt, name)
            if text is not None:
                return text
        # an op the target spells only as a method (numpy's ndarray.astype)
        for b, meth in methods:
            text = calls.emit_method(b, canon, self.dtype_fmt, meth)
            if text is not None:
                return text
        return None

    def unsupported_api(self, node: ast.AST, api: str, diag: bool = True) -> bool:
        self.unsupported += 1
        if diag:
            self.diag("warning", f"{api} has no {self.tname} conversion yet; left unchanged", node, api)
        end = self.src.span(node)[1]
        eol = self.src.text.find("\n", end)
        eol = len(self.src.text) if eol < 0 else eol
        # after the statement's last line, so a multi-line call stays valid Python
        line_end_stmt = self._statement_end(end)
        eol = line_end_stmt if line_end_stmt is not None else eol
        self.edits.append(Edit(eol, eol, f"  # tensorglot: unsupported {api}"))
        return False

    def _statement_end(self, offset: int) -> int | None:
        best = None
        # the innermost simple statement around ``offset`` is among the statements being visited
        for st in reversed(self._stmt_stack):
            if not isinstance(st, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef,
                                   ast.If, ast.For, ast.While, ast.With, ast.Try)):
                a, b = self.src.span(st)
                if a <= offset <= b:
                    best = (a, b)
                    break
        if best is None:
            return None
        eol = self.src.text.find("\n", best[1])
        line = self.src.text[best[1]:eol if eol >= 0 else None]
        if "#" in line:
            return None if eol < 0 else eol
        return len(self.src.text) if eol < 0 else eol

    # ------------------------------------------------------------ custom source hooks
    def custom_div(self, node, b, bound, api):
        rm = bound.get("rounding_mode")
        if rm is None or (rm.is_lit and rm.value is None):
            return None
        if not rm.is_lit or rm.value not in ("trunc", "floor"):
            return self.unsupported_api(node, api)
        op = {"trunc": "truncdiv", "floor": "floordiv"}[rm.value]
        text = self.emit_op(op, {"x": bound["input"], "y": bound["other"]}, node)
        if text is None:
            return self.unsupported_api(node, api)
        self.converted += 1
        self.edit(node, text)
        return True

    def _minmax(self, node, bound, api, op):
        dim = bound.get("dim")
        if dim is None or (dim.is_lit and dim.value is None):
            canon = {"x": bound["input"]}
        elif dim.is_lit and isinstance(dim.value, int):
            return self.minmax_dim(node, bound, api, op)
        else:
            canon = {"x": bound["input"], "y": dim}
            op = {"max": "maximum", "min": "minimum"}[op]
        text = self.emit_op(op, canon, node)
        if text is None:
            return self.unsupported_api(node, api)
        self.converted += 1
        self.edit(node, text)
        return True

    def custom_max(self, node, b, bound, api):
        return self._minmax(node, bound, api, "max")

    def custom_min(self, node, b, bound, api):
        return self._minmax(node, bound, api, "min")

    # ------------------------------------------------------------ layers
    def from_pretrained(self, node: ast.Call, q: str) -> bool:
        """``nn.Embedding.from_pretrained(weights, ...)``: a target helper taking torch's arguments."""
        layer = q.rsplit(".", 1)[0]
        name = self.use_helper(f"torch:{layer.rsplit('.', 1)[-1]}.from_pretrained")
        if name is None:
            return self.unsupported_api(node, q)
        lm = LAYERS[layer].targets.get(self.tname)
        if lm is not None and lm.weights:  # load_state_dict maps the layer's torch weights
            self.weight_classes[lm.cls.rsplit(".", 1)[-1]] = lm
            self.use_helper("module")
        self.converted += 1
        self.edit(node.func, name)
        return True

    def layer_ctor(self, node: ast.Call, q: str) -> bool:
        spec = LAYERS[q]
        lm = spec.targets.get(self.tname)
        if lm is None:
            return self.unsupported_api(node, q)
        lm = self.layer_variant(node, q, lm)
        if not lm.passthrough:
            for a in node.args:  # (a loop, not any(generator))
                if type(a) is ast.Starred:
                    return self.unsupported_api(node, q)
        if lm.helper and self.use_helper(lm.helper) is None:
            return self.unsupported_api(node, q)
        if lm.weights:
            self.weight_classes[lm.cls.rsplit(".", 1)[-1]] = lm
            self.use_helper("module")
        if lm.passthrough:
            self.converted += 1
            self.edit(node.func, lm.cls)
            return True
        argval = self.argval
        args = []  # (loops, not comprehensions: each a call of its own in 3.11)
        for a in node.args:
            args.append(argval(a))
        kwargs = {}
        for k in node.keywords:
            kwargs[k.arg] = argval(k.value)
        key = (id(spec), self.tname, q, bool(lm.ctor_build) and self.reads_weights)
        if self.apply_template(key, spec, node, args, kwargs,
                               lambda a, k: (self.layer_text(node, q, spec, lm, a, k), True)):
            return True
        try:
            text = self.layer_text(node, q, spec, lm, args, kwargs)
        except BindError as e:
            self.diag("warning", f"{q}: arguments do not match torch's signature ({e})", node, q)
            return self.unsupported_api(node, q, diag=False)
        self.converted += 1
        self.edit(node, text)
        return True

    def layer_text(self, node: ast.Call, q: str, spec, lm: LayerMap, args: list[Val], kwargs: dict[str, Val]) -> str:
        """The target layer of a torch layer constructor call (BindError: the arguments do not bind)."""
        bound = calls.bind_source(_ctor_binding(q, spec.sig), args, kwargs)
        env = {p: (calls._as_val(v, self.dtype_fmt) if not isinstance(v, dict) else Val(v))
               for p, v in bound.items()}
        for p in ("device",):
            if p in env and not (env[p].is_lit and env[p].value is None):
                self.diag("info", f"{q}: device= dropped", node, q)
        parts = []
        for i, (tp, expr) in enumerate(lm.args.items()):
            v = eval_derive(expr, env, self.dtype_fmt)
            if tp in lm.defaults and v.is_lit and lit_eq(v.value, lm.defaults[tp]):
                continue
            if v.is_lit and v.value is None and not tp:
                continue
            text = val_text(v, self.dtype_fmt)
            parts.append(text if i < lm.positional or not tp else f"{tp}={text}")
        if lm.container in ("list", "dict"):
            return parts[0] if parts else ("[]" if lm.container == "list" else "{}")
        text = f"{lm.cls}({', '.join(parts)})"
        built = self.use_helper("built") if lm.ctor_build and self.reads_weights else None
        if built:
            dims = [val_text(eval_derive(e, env, self.dtype_fmt), self.dtype_fmt) for e in lm.ctor_build]
            text = f"{built}({text}, {', '.join(dims)})"
        return text

    def layer_variant(self, node: ast.Call, q: str, lm: LayerMap) -> LayerMap:
        """The table's ``instead`` map when its condition over the constructor arguments holds or
        cannot be decided statically (InstanceNorm2d(c, track_running_stats=flag))."""
        while lm.instead is not None:
            cond, alt = lm.instead
            try:
                bound = calls.bind_source(_ctor_binding(q, LAYERS[q].sig), [self.argval(a) for a in node.args],
                                          {k.arg: self.argval(k.value) for k in node.keywords})
            except BindError:
                return lm
            env = {p: (calls._as_val(v, self.dtype_fmt) if not isinstance(v, dict) else Val(v))
                   for p, v in bound.items()}
            v = eval_derive(cond, env, self.dtype_fmt)
            if v.is_lit and not v.value:
                return lm
            lm = alt
        return lm

    def finish_imports(self, tree: ast.Module):
        """Drop torch imports nothing uses any more; add the target's imports and helpers."""
        # outermost replaced spans, sorted and disjoint: "is this name rewritten" is one bisect
        spans: list[tuple[int, int]] = []
        for s_, e_ in sorted(map(_EDIT_SPAN, self.edits)):
            if e_ <= s_:  # an insertion replaces nothing
                continue
            if spans and s_ < spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], e_))
            else:
                spans.append((s_, e_))
        starts = list(map(_SPAN_START, spans))
        import_ids = set(map(id, self.import_nodes))
        used: set[str] = set()
        names = self.scan.names if tree is self.tree else _names(tree)
        # most names of a file are no torch alias: those are filtered out in C
        span = self.src.span
        for n in compress(names, map(self.aliases.__contains__, map(_NAME_ID, names))):
            a, b = span(n)
            i = bisect_right(starts, a) - 1
            if not (i >= 0 and b <= spans[i][1]) and id(n) not in self.shadowed:  # not rewritten
                used.add(n.id)
        for st in self.import_nodes:
            plain = isinstance(st, ast.Import)
            keep, torch_used = [], False  # one pass, no comprehension frames: imports are many
            for al in st.names:
                bound = (al.asname or al.name.split(".")[0]) if plain else (al.asname or al.name)
                if bound not in self.aliases:
                    keep.append(al)
                elif bound in used:
                    keep.append(al)
                    torch_used = True
            if torch_used:
                # honest about it: the output still needs torch for what it could not convert
                eol = self.line_after(st) - 1
                if self.src.text[self.src.span(st)[1]:eol].strip() == "":
                    self.edits.append(Edit(eol, eol, "  # tensorglot: still used by unconverted code"))
            if len(keep) == len(st.names):
                continue
            if keep:
                text = ", ".join(al.name + (f" as {al.asname}" if al.asname else "") for al in keep)
                head = "import " if plain else f"from {st.module} import "
                self.edit(st, head + text)
            else:
                self.remove_stmt(st)
        # imports the output needs
        codes = self.support_codes()
        out_text = "".join(map(_EDIT_TEXT, self.edits))
        body = tree.body
        idx = 0
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            idx = 1
        while idx < len(body) and isinstance(body[idx], ast.ImportFrom) and body[idx].module == "__future__":
            idx += 1
        first_torch = None
        for st in body:  # (a loop: a generator left early is closed by raising in it)
            if id(st) in import_ids:
                first_torch = st
                break
        if first_torch is not None:
            at = self.line_start(first_torch)
        elif idx < len(body):
            at = self.line_start(body[idx])
        else:
            at = len(self.src.text)
        # the user's own imports count only above the insertion point: converted code may use
        # the name before a later ``import numpy as np``, which then moves up (not duplicated)
        have = self.existing_imports(tree, before=at)
        needed = []
        for prefix, line in self.target.imports.items():
            if line not in have and (prefix + "." in out_text or any(prefix + "." in c for c in codes.values())):
                needed.append(line)
        for line in self.extra_imports:
            if line not in have and line not in needed:
                needed.append(line)
        if needed:
            self.drop_later_imports(tree, at, set(needed))
            text = "\n".join(needed) + "\n"
            if at == len(self.src.text) and self.src.text and not self.src.text.endswith("\n"):
                text = "\n" + text
            self.edits.append(_new_edit((at, at, text)))
        if codes:
            self.place_support(body, idx, codes)

    def support_codes(self) -> dict[str, str]:
        """helper key -> code of the support this file uses, in emission order (dependencies first)."""
        codes: dict[str, str] = {}
        if not self.used_helpers:
            return codes
        methods = getattr(self.helpers, "MODULE_METHODS", None)
        base = None
        if "module" in self.used_helpers and methods:
            # the compact base: load_state_dict, and the torch.nn.Module methods the file calls
            called = set(_METHOD_CALL.findall(self.src.text))
            if _self_training(self.src.text):
                called.add("training")
            chosen, deps = _module_methods(self.helpers, frozenset(called))
            for dep in deps:
                self.use_helper(dep)
            base = _module_base(self.helpers, chosen)
        if "module" in self.used_helpers and getattr(self.helpers, "WEIGHTS_TABLE", True):
            codes["_weights"] = self.weights_table()
        dyn, table = self.dyn_helpers, self.helper_table
        for key in self.used_helpers:
            if key == "module" and base:
                codes[key] = base
            else:  # (helper_obj, inlined)
                h = dyn.get(key)
                codes[key] = (h if h is not None else table.get(key)).code
        return codes

    def place_support(self, body: list[ast.stmt], idx: int, codes: dict[str, str]):
        """Insert the support code: what definitions need early, the rest late (support.py)."""
        place = support.Placement(self, self.tree, codes)
        early, late, late_at = place.split(body, idx)
        last_import = None
        for st in body[idx:]:
            if isinstance(st, (ast.Import, ast.ImportFrom)):
                last_import = st
            else:
                break
        early_at = self.line_after(last_import) if last_import is not None else \
            (self.line_start(body[idx]) if idx < len(body) else len(self.src.text))
        late_pos = len(self.src.text)
        if late_at is not None:
            # after the last definition before it (the script part starts there), and above the
            # comment lines that introduce that statement
            k = body.index(late_at)
            while k > idx and not isinstance(body[k - 1], (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                k -= 1
            late_pos = self.line_start(body[k])
            while late_pos > early_at:
                prev = self.src.text.rfind("\n", 0, late_pos - 1) + 1
                if not self.src.text[prev:late_pos].lstrip().startswith("#"):
                    break
                late_pos = prev
        if late_pos <= early_at:  # nothing of the user's comes between: one block
            early, late = early + late, []
        for keys, at, is_late in ((early, early_at, False), (late, late_pos, True)):
            if not keys:
                continue
            text = support.block(list(map(codes.__getitem__, keys)))
            if at == len(self.src.text):
                text = ("\n" if self.src.text and not self.src.text.endswith("\n") else "") + "\n\n" + text
            elif is_late or last_import is None:
                text = text + "\n\n"
            else:
                text = "\n\n" + text
            self.edits.append(_new_edit((at, at, text)))

    def weights_table(self) -> str:
        """The torch -> target weight mapping of the layer classes this file uses (from layers.py)."""
        rows, fresh = [], False
        for cls, lm in self.weight_classes.items():
            row = _WEIGHT_ROWS.get((cls, id(lm)))
            if row is None or row[0] is not lm:  # the layers' maps recur from file to file
                fresh = True
                w = ", ".join(f"{k!r}: ({a!r}, {p!r})" for k, (a, p) in lm.weights.items())
                build = f"lambda shapes: {lm.build}" if lm.build else "None"
                if len(_WEIGHT_ROWS) > 1024:  # the file's own classes make new maps every time
                    _WEIGHT_ROWS.clear()
                row = _WEIGHT_ROWS[(cls, id(lm))] = (lm, f"    {cls!r}: ({{{w}}}, {build}),")
            rows.append(row[1])
        # one string object per set of the layers' (static) rows: the support placement's caches then
        # hash it once; a table with a row of the file's own classes (made anew) is not kept
        rows = tuple(rows)
        text = None if fresh else _WEIGHTS_TEXTS.get(rows)
        if text is None:
            text = ("# torch weight name -> (attribute, transpose perm) per layer class, and the input\n"
                    "# shape to build an unbuilt layer with (from the torch weight shapes)\n"
                    "_TG_WEIGHTS = {\n" + "\n".join(rows) + ("\n" if rows else "") + "}\n")
            if not fresh:
                if len(_WEIGHTS_TEXTS) > 256:
                    _WEIGHTS_TEXTS.clear()
                _WEIGHTS_TEXTS[rows] = text
        return text

    def existing_imports(self, tree, before: int | None = None) -> set[str]:
        have = set()
        for st in tree.body:
            if isinstance(st, ast.Import) and (before is None or self.src.span(st)[0] < before):
                for al in st.names:
                    have.add(_import_line(al))
        return have

    def drop_later_imports(self, tree, at: int, lines: set[str]):
        """Remove the user's top-level imports of ``lines`` after ``at`` (they are added at ``at``)."""
        for st in tree.body:
            if not isinstance(st, ast.Import) or self.src.span(st)[0] < at or st in self.import_nodes:
                continue  # torch imports are pruned by finish_imports
            keep = [al for al in st.names if _import_line(al) not in lines]
            if len(keep) == len(st.names):
                continue
            if keep:
                self.edit(st, "import " + ", ".join(_import_line(al)[7:] for al in keep))
            else:
                self.remove_stmt(st)

    def line_start(self, st: ast.stmt) -> int:
        return self.src.line_starts[st.lineno - 1]

    def line_after(self, st: ast.stmt) -> int:
        end = self.src.span(st)[1]
        eol = self.src.text.find("\n", end)
        return len(self.src.text) if eol < 0 else eol + 1

    def remove_stmt(self, st: ast.stmt):
        a, b = self.src.span(st)
        ls = self.src.text.rfind("\n", 0, a) + 1
        eol = self.src.text.find("\n", b)
        eol = len(self.src.text) if eol < 0 else eol + 1
        before = self.src.text[ls:a]
        after = self.src.text[b:eol]
        if before.strip() == "" and after.strip() in ("", ";") and not self.in_block_alone(st):
            self.edits.append(_new_edit((ls, eol, "")))
        else:
            self.edit(st, "pass")

    def in_block_alone(self, st: ast.stmt) -> bool:
        if st in self.tree.body:
            return False
        for n in ast.walk(self.tree):
            for fld in ("body", "orelse", "finalbody"):
                blk = getattr(n, fld, None)
                if isinstance(blk, list) and st in blk and not isinstance(n, ast.Module):
                    return len(blk) == 1
        return False


#: (class name, id(layer map)) -> (the map, its row of the weights table); the map is kept, so
#: its id is not reused while the row is cached
_WEIGHT_ROWS: dict[tuple[str, int], tuple[LayerMap, str]] = {}
#: the rows of a weights table -> its text (weights_table)
_WEIGHTS_TEXTS: dict[tuple[str, ...], str] = {}
_NAME_ID = attrgetter("id")
_ARG_NAME = attrgetter("arg")
#: an Edit's (start, end) and text; a span's start (map() of them runs in C, no comprehension frame)
_EDIT_SPAN, _EDIT_TEXT, _SPAN_START = itemgetter(0, 1), itemgetter(2), itemgetter(0)


_TORCH_SPECIAL_CALLS.update({
    "torch.nn.Parameter": Converter.parameter_call, "torch.nn.parameter.Parameter": Converter.parameter_call,
    "torch.autograd.Variable": Converter.variable_call, "torch.autograd.variable.Variable": Converter.variable_call,
    "torch.cuda.is_available": Converter.accelerator_probe,
    "torch.backends.mps.is_available": Converter.accelerator_probe,
    "torch.accelerator.is_available": Converter.accelerator_probe,
    "torch.device": Converter.device_call, "torch.accelerator.current_accelerator": Converter.device_call,
    "torch.is_tensor": Converter.is_tensor_call,
})


@lru_cache(maxsize=256)
def _module_methods(helpers, called: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the torch.nn.Module methods the compact base gets when a file calls ``called``, the helpers
    they need, in order): fixed per helper set and method names, so worked out once."""
    methods = helpers.MODULE_METHODS
    always = getattr(helpers, "MODULE_METHODS_ALWAYS", ("load_state_dict",))
    chosen = tuple(m for m in methods if m in always or m in called)
    return chosen, tuple(dep for m in chosen for dep in methods[m][1])


@lru_cache(maxsize=64)
def _module_base(helpers, chosen: tuple[str, ...]) -> str:
    """The compact module base with the methods ``chosen``: one string object per method set,
    so the support placement's caches hash it once."""
    return helpers.HELPERS["module"].code.rstrip("\n") + "\n" + \
        "".join(helpers.MODULE_METHODS[m][0] for m in chosen)


@lru_cache(maxsize=None)
def _target_spellings(tname: str, op: str) -> tuple[tuple, tuple]:
    """The target's bindings of ``op`` emit_bindings tries, in order: (binding, function name)
    pairs, then (binding, method name) pairs of the ops it spells only as a method. Fixed per
    target and op, so worked out once rather than per call."""
    target = TARGETS[tname]
    cands = by_op(tname).get(op, [])
    if target.avoid:
        cands = sorted(cands, key=lambda b: b.names[0].startswith(target.avoid))
    functions = []
    for b in cands:
        if b.layout or b.custom in _SKIP_TARGET_CUSTOM:
            continue
        name = next((n for n in b.names if not n.startswith(_METHOD_PREFIXES + target.never)), None)
        if name is None:
            continue
        for long, short in target.aliases.items():
            if name.startswith(long):
                name = short + name[len(long):]
        functions.append((b, name))
    methods = []
    for b in cands:
        meth = next((n.split(".", 1)[1] for n in b.names if n.startswith(_METHOD_PREFIXES)
                     and not n.endswith("__")), None)
        if meth is None or b.layout or b.custom in _SKIP_TARGET_CUSTOM \
                or any(not n.startswith(_METHOD_PREFIXES) for n in b.names):
            continue
        methods.append((b, meth))
    return tuple(functions), tuple(methods)


def _flatten(v: Any, out: list) -> None:
    """The leaves of nested lists/tuples ``v``, appended to ``out``."""
    if isinstance(v, (list, tuple)):
        for e in v:
            _flatten(e, out)
    else:
        out.append(v)


@lru_cache(maxsize=None)
def _reserved_mention(tname: str) -> tuple[re.Pattern, re.Pattern]:
    """``self.weights``, and ``'weights'`` (a register_buffer / register_parameter name) of the
    target's reserved attributes: two patterns, as one alternation loses the first one's
    literal-prefix scan and tries every position of the class (~20 us a class)."""
    names = "|".join(sorted(map(re.escape, TARGETS[tname].reserved_attrs))) or "(?!)"
    return re.compile(rf"self\s*\.\s*(?:{names})\b"), re.compile(rf"['\"](?:{names})['\"]")


@lru_cache(maxsize=None)
def _dtype_formatter(tname: str):
    """canonical dtype name -> the target's spelling (``tf.float32``). One function per target,
    not a closure over the converter: that closure made every converter a reference cycle, its
    tree freed only by the cyclic collector, in some later call."""
    target = TARGETS[tname]
    return lambda d: target.dtype_fmt.format(prefix=target.dtype_prefix, dtype=target.dtype_names.get(d, d))


def _static_attrs(cls: type, source_fw: str, target: str) -> dict[str, Any]:
    """The converter attributes fixed by its class, source and target (see Converter.__init__)."""
    helpers = helpers_for(target)
    helpers = None if helpers is None else _ModuleNames(helpers)
    return {"_s_handlers": _handlers(cls, "s_"), "_e_handlers": _handlers(cls, "e_"),
            "target": TARGETS[target], "tname": target, "src_table": table_for(source_fw),
            "tgt_ops": by_op(target), "helpers": helpers,
            "plain_bindings": {},  # torch name -> its binding when torch_call needs no more (plain_binding)
            "helper_table": getattr(helpers, "HELPERS", {}) if helpers else {},  # key -> helper
            "default_int": getattr(helpers, "DEFAULT_INT", "int64"),  # of ``range(n)`` of Python ints
            "dtype_fmt": _dtype_formatter(target)}


_STATIC: dict[tuple, dict[str, Any]] = {}


class _ModuleNames:
    """A module's names as the attributes of a plain object (its own dict, shared): the converter
    asks ``getattr(helpers, NAME, default)`` of names some targets' helpers lack, and a module's
    attribute lookup formats an AttributeError for each miss (~1 us), a plain object's does not."""

    def __init__(self, module):
        self.__dict__ = vars(module)


class _Handlers(dict):
    """node type -> the ``s_<Node>`` / ``e_<Node>`` method of a converter class (None if none),
    looked up once per type rather than by building its name for every node."""

    def __init__(self, cls: type, prefix: str):
        super().__init__()
        self.cls, self.prefix = cls, prefix

    def __missing__(self, node_type: type):
        m = self[node_type] = getattr(self.cls, self.prefix + node_type.__name__, None)
        return m


_HANDLERS: dict[tuple[type, str], _Handlers] = {}


def _handlers(cls: type, prefix: str) -> _Handlers:
    h = _HANDLERS.get((cls, prefix))
    if h is None:
        h = _HANDLERS[(cls, prefix)] = _Handlers(cls, prefix)
    return h


def _parallel_unpack(tgt: ast.expr, value: ast.expr) -> bool:
    """``a, b = x, y``: a display unpacked into names, item for item."""
    return isinstance(tgt, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)) \
        and len(tgt.elts) == len(value.elts) and all(isinstance(e, ast.Name) for e in tgt.elts) \
        and not any(isinstance(e, ast.Starred) for e in value.elts)


_DISPLAYS = frozenset({ast.List, ast.Tuple})


def _no_starred(elts: list) -> bool:
    for e in elts:  # (a loop, not any(generator))
        if type(e) is ast.Starred:
            return False
    return True


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _layer_class(q: str | None) -> str | None:
    """``torch.nn.Embedding`` of ``torch.nn.Embedding.from_pretrained`` (a constructor too)."""
    if q is not None and q.endswith(".from_pretrained") and q.rsplit(".", 1)[0] in LAYERS:
        return q.rsplit(".", 1)[0]
    return q


def _result_rank(op: str, canon: dict, base: int) -> int:
    """At least how many axes a shape op's result has (0: unknown), from its literal arguments."""
    def lit(k):
        v = canon.get(k)
        return v.value if v is not None and v.is_lit else None
    if op == "reshape":
        shape = canon.get("shape")
        if isinstance(shape, SeqVal):
            return len(shape.items)
        return len(lit("shape")) if isinstance(lit("shape"), (tuple, list)) else 0
    if op == "swapaxes" and isinstance(lit("axis1"), int) and isinstance(lit("axis2"), int):
        return max(base, *(a + 1 if a >= 0 else -a for a in (lit("axis1"), lit("axis2"))))
    if op == "transpose":
        return len(lit("perm")) if isinstance(lit("perm"), (tuple, list)) else base
    if op == "expand_dims":
        return base + 1 if base else 0
    return base if op in _RANK_KEEPING else 0


def _dtype_category(f: Fact | None) -> str | None:
    """float | int | bool | numpy from a fact's evidence, None when nothing is known."""
    if f is None:
        return None
    if f.numpy:
        return "numpy"
    k = f.kind or ""
    if k in ("floating", "pyfloat") or k.startswith(("float", "bfloat")):
        return "float"
    if k in ("bool", "pybool"):
        return "bool"
    if k == "pyint" or k.startswith(("int", "uint")) or f.maybe_int:
        return "int"
    return None


def _needs_promotion(left: Fact | None, right: Fact | None, true_div: bool) -> bool:
    """Whether torch's promotion of ``left op right`` can differ from operands of one dtype
    (targets like TF that do not promote need a cast); unknown next to float is taken as float."""
    py = [f is not None and (f.kind or "").startswith("py") for f in (left, right)]
    cats = [_dtype_category(left), _dtype_category(right)]
    if all(py):
        return False
    if py[0] != py[1] and "bool" in cats and cats[0] != cats[1]:
        return True  # TF converts no Python bool to a number, torch does (x * True)
    if "numpy" in cats:
        return not any(py)
    kinds = [f.kind if f is not None else None for f in (left, right)]
    if not any(py) and all(_category(k) is not None for k in kinds) and kinds[0] != kinds[1]:
        return True  # exact dtypes that differ (float32 + float64, int32 + int64): torch promotes
    for i in (0, 1):
        mine, other, other_py = cats[i], cats[1 - i], py[1 - i]
        if mine in ("int", "bool") and not py[i]:
            if true_div or other in (None, "float") or (other != mine and not other_py):
                return True
    return False


def _names(tree: ast.AST) -> list[ast.Name]:
    """Every Name node under ``tree`` (ast.walk without its per-node generator overhead)."""
    out, stack, name_t, ast_t = [], [tree], ast.Name, ast.AST
    while stack:
        n = stack.pop()
        if type(n) is name_t:
            out.append(n)
            continue
        for f in n._fields:
            v = getattr(n, f, None)
            if type(v) is list:
                stack.extend(e for e in v if isinstance(e, ast_t))
            elif isinstance(v, ast_t):
                stack.append(v)
    return out


_CTOR_CACHE: dict[str, Any] = {}


def _wrapped(text: str) -> bool:
    """Whether ``text`` is one parenthesised whole: ``(a + b)``, not ``(a) + (b)``."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for ch in text[:-1]:
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return False
    return True


def _import_line(al: ast.alias) -> str:
    return f"import {al.name}" + (f" as {al.asname}" if al.asname else "")


def _ctor_binding(q: str, sig: str):
    """A stand-in with a ``signature`` for binding layer constructor calls."""
    b = _CTOR_CACHE.get(q)
    if b is None:
        from ..frameworks.binding import Binding
        b = _CTOR_CACHE[q] = Binding(names=(q,), op="linear", sig=sig)
    return b


#: augmented assignments to a subscript, as the binary operator the functional update spells
_AUG_OPS = {"Add": "+", "Sub": "-", "Mult": "*", "Div": "/", "FloorDiv": "//", "Mod": "%", "Pow": "**"}


def _setitem_chain(tgt: ast.Subscript) -> list | None:
    """``x[i][j] = v``: [x, i, j] when every index but the last picks one element (an int
    drops its dim, so the chain writes where ``x[i, j]`` does); None otherwise (a slice first
    would re-index the view's leading dim)."""
    parts = [tgt.slice]
    node = tgt.value
    while isinstance(node, ast.Subscript):
        if isinstance(node.slice, (ast.Slice, ast.Tuple, ast.List, ast.Compare, ast.UnaryOp)) \
                or (isinstance(node.slice, ast.Constant) and node.slice.value in (None, Ellipsis)):
            return None
        parts.append(node.slice)
        node = node.value
    return [node, *reversed(parts)] if isinstance(node, ast.Name) or _self_attr(node) else None


def _self_attr(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


def _list_index(node: ast.expr) -> bool:
    """``v[:, [-1]]``, ``x[[0, 2]]``: a list of positions (advanced indexing) in the subscript."""
    items = node.elts if isinstance(node, ast.Tuple) else [node]
    return any(isinstance(i, ast.List) for i in items)


#: fits_signature answers by (binding id, positional count, keyword names): the tables are static
_FITS: dict[tuple, bool] = {}


def _int_list_index(node: ast.expr) -> bool:
    """``x[:, [-1]]``, ``x[[0, 2]]``: a list of int literals among the subscript's items."""
    def is_int(e):
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
            e = e.operand
        return isinstance(e, ast.Constant) and type(e.value) is int
    items = node.elts if isinstance(node, ast.Tuple) else [node]
    return any(isinstance(i, ast.List) and i.elts and all(is_int(e) for e in i.elts) for i in items)


def _device_arg(node: ast.expr) -> bool:
    """``x.to(device)``, ``.to('cuda')``, ``.to(src.device)``, ``.to(torch.device(...))``: a device
    move whatever the receiver (only tensors and modules have ``.to`` of a device)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value.split(":")[0] in ("cpu", "cuda", "mps", "xpu")
    if isinstance(node, ast.Attribute):
        return node.attr == "device"
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Attribute) and node.func.attr == "device"
    return isinstance(node, ast.Name) and node.id in ("device", "dev")
