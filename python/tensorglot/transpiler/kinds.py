"""What kind of value a non-tensor expression holds: a NumPy value or a plain Python one.

Real torch scripts mix in NumPy (data prepared with ``np.*``, ``x.numpy()`` results) and Python
values (``.item()``, ``len(x)``, ``x.shape[0]``, lists of floats). Their methods share names with
Tensor's (``a.reshape``, ``a.argsort(axis=1)``, ``a.sum(axis=0)``) and must stay as they are: NumPy
code is NumPy code on every target. Values of other libraries (pandas, PIL...) are OBJECT: never
tensors either. Kinds are static and conservative: ``None`` means a tensor or not known.

Also here: the dtype a NumPy array expression visibly has (``np.array(..., dtype=np.float32)``,
float64 by numpy's defaults), which ``torch.from_numpy`` / ``torch.tensor`` pass on, and torch's
promotion rule for the dtype evidence of a result (the casts themselves are ``_tg_promote``'s, at run time).
"""
from __future__ import annotations

import ast

NDARRAY = "ndarray"
PYTHON = "python"
OBJECT = "object"   # a value of another library (a pandas DataFrame, a PIL image): never a tensor
TENSOR = "tensor"   # only as a function's result (function_results)

#: imported modules whose functions give values of a kind (``np.arange``, ``math.sqrt``); libraries
#: that make torch objects (torchvision, transformers, timm...) are not listed: their values are unknown
MODULE_KINDS = {"numpy": NDARRAY, "scipy": NDARRAY, "cv2": NDARRAY, "sklearn": NDARRAY,
                "math": PYTHON, "random": PYTHON, "statistics": PYTHON,
                "pandas": OBJECT, "PIL": OBJECT, "matplotlib": OBJECT, "seaborn": OBJECT, "json": OBJECT,
                "csv": OBJECT, "os": OBJECT, "re": OBJECT, "pathlib": OBJECT, "collections": OBJECT,
                "itertools": OBJECT, "time": OBJECT, "datetime": OBJECT, "string": OBJECT, "pickle": OBJECT,
                "glob": OBJECT}
#: kinds whose attributes, items and method results keep the kind (an array's rows, a DataFrame's columns)
_CLOSED = (NDARRAY, OBJECT)
#: builtins whose result is a Python value whatever they are given (not sum/abs/max/min/round:
#: those give a tensor for a tensor)
_PY_BUILTINS = frozenset({"len", "int", "float", "str", "bool", "range", "list", "dict", "tuple", "set",
                          "sorted", "enumerate", "zip", "repr", "format", "ord", "chr", "isinstance",
                          "hasattr", "divmod", "hash", "id", "type"})
#: annotation names of Python values
_PY_TYPES = frozenset({"int", "float", "str", "bool", "list", "dict", "tuple", "set", "List", "Dict",
                       "Tuple", "Set", "Sequence", "Iterable", "Mapping"})
#: ndarray methods giving Python values
_NDARRAY_TO_PY = frozenset({"tolist", "item"})
#: attributes that are Python values on any array (a shape tuple, a rank)
_PY_ATTRS = frozenset({"shape", "ndim"})
_DISPLAYS = (ast.Constant, ast.List, ast.Tuple, ast.Dict, ast.Set, ast.JoinedStr, ast.ListComp,
             ast.DictComp, ast.SetComp)


_FLOATS = ("float16", "bfloat16", "float32", "float64")
_INTS = ("uint8", "int8", "int16", "int32", "int64")
#: numpy functions whose result is float64 unless given a dtype
_NP_FLOAT64 = frozenset({"zeros", "ones", "empty", "linspace", "eye", "identity", "rand", "randn",
                         "random", "uniform", "normal"})
#: ndarray methods and numpy functions that keep their (first) argument's dtype
_NP_KEEPS = frozenset({"reshape", "transpose", "squeeze", "copy", "flatten", "ravel", "swapaxes", "clip",
                       "expand_dims", "concatenate", "stack", "vstack", "hstack", "abs", "round", "max", "min",
                       "zeros_like", "ones_like", "empty_like",
                       "sort", "flip", "tile", "repeat", "asarray", "ascontiguousarray"})


def category(d: str | None) -> int | None:
    """2 float, 1 integer, 0 bool; None for anything else (\"floating\", Python kinds, unknown)."""
    return 2 if d in _FLOATS else 1 if d in _INTS else 0 if d == "bool" else None


def promote_types(a: str, b: str) -> str | None:
    """torch.promote_types of two canonical dtypes (None when not both known)."""
    ca, cb = category(a), category(b)
    if ca is None or cb is None:
        return None
    if a == b:
        return a
    if ca != cb:
        return a if ca > cb else b
    if ca == 2:
        return "float32" if {a, b} == {"float16", "bfloat16"} else max(a, b, key=_FLOATS.index)
    if {a, b} == {"uint8", "int8"}:
        return "int16"
    return max(a, b, key=_INTS.index)


def result_dtype(a: str, a_0d: bool | None, b: str, b_0d: bool | None) -> str | None:
    """The dtype of an elementwise op on two tensors, as torch computes it: a 0-d operand decides only
    when it is of a higher category (float over int over bool). ``None`` for 0-d-ness: not known,
    then only a difference in category decides."""
    ca, cb = category(a), category(b)
    if ca is None or cb is None:
        return None
    if a_0d is None or b_0d is None:
        return None if ca == cb else (a if ca > cb else b)
    if a_0d != b_0d:
        (d, cd), (z, cz) = ((a, ca), (b, cb)) if b_0d else ((b, cb), (a, ca))
        return d if cz <= cd else z
    return promote_types(a, b)


#: statements that hold no ``return`` of the function being walked (their own scope, or simple)
_NO_RETURN_OF_FN = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Expr, ast.Assign,
                              ast.AugAssign, ast.AnnAssign, ast.Pass, ast.Import, ast.ImportFrom,
                              ast.Global, ast.Nonlocal, ast.Raise, ast.Assert, ast.Delete, ast.Break,
                              ast.Continue})
#: the fields of compound statements (and handlers, match cases) that hold statements
_STMT_LISTS = ("body", "orelse", "finalbody", "handlers", "cases")


class ValueKinds:
    """Mixin of the Converter: ``value_kind`` of expressions and the kinds names are bound to."""

    def module_kind(self, name: str, module: str):
        """Record an import binding ``name`` to ``module`` (or to a function of it)."""
        kind = MODULE_KINDS.get(module.split(".")[0])
        if kind is not None:
            self.kind_modules[name] = kind

    def _root_kind(self, node: ast.expr) -> str | None:
        """The kind of ``np.random.rand`` / ``math.pi``: of the imported module at the chain's root."""
        while isinstance(node, ast.Attribute):
            node = node.value
        if isinstance(node, ast.Name) and not self.is_local(node.id):
            return self.kind_modules.get(node.id)
        return None

    def annotation_kind(self, ann: ast.expr | None) -> str | None:
        if isinstance(ann, ast.Subscript):  # NDArray[np.float32], List[float]
            ann = ann.value
        if isinstance(ann, ast.Attribute):
            return NDARRAY if self._root_kind(ann) == NDARRAY else None
        if isinstance(ann, ast.Name) and ann.id in _PY_TYPES and self.resolve(ann.id) is None:
            return PYTHON
        return None

    def owner_class(self):
        """The ClassInfo of the class whose method is being converted (``self``'s class)."""
        for sc in reversed(self.scopes):  # (a loop: a generator left early is closed by raising in it)
            if sc.owner is not None:
                return sc.owner
        return None

    def note_function_result(self, fn: ast.AST):
        """Remember what a module-level function returns when every ``return`` agrees: a tensor,
        a NumPy value or a Python one (call it, and the result's methods convert accordingly).
        Called with the function's scope still open."""
        if len(self.scopes) != 2 or self.scopes[0].kind != "module":
            return
        # a return is a statement: only statement lists are walked (not nested defs, not expressions)
        rets, stack = [], list(fn.body)
        while stack:
            n = stack.pop()
            t = type(n)
            if t is ast.Return:
                rets.append(n.value)
            elif t not in _NO_RETURN_OF_FN:
                for f in _STMT_LISTS:
                    v = getattr(n, f, None)
                    if v:
                        stack.extend(v)
        kinds = {TENSOR if v is not None and id(v) in self._tensor_nodes else self.value_kind(v) for v in rets}
        self.function_results.pop(fn.name, None)
        if len(kinds) == 1 and None not in kinds:  # the dtype evidence of tensors: func_facts
            self.function_results[fn.name] = kinds.pop()

    def ndarray_dtype(self, node: ast.expr | None, depth: int = 0) -> str | None:
        """The canonical dtype of a NumPy array expression where the source shows it."""
        if node is None or depth > 20 or self.value_kind(node) != NDARRAY:
            return None
        if isinstance(node, ast.Name):
            for sc in reversed(self.scopes):
                if node.id in sc.kinds:
                    return sc.np_dtypes.get(node.id)
            return None
        if isinstance(node, (ast.Subscript, ast.Attribute)):
            return self.ndarray_dtype(node.value, depth + 1) if not isinstance(node, ast.Attribute) \
                or node.attr == "T" else None
        if isinstance(node, ast.BinOp):
            a = self.ndarray_dtype(node.left, depth + 1) if self.value_kind(node.left) == NDARRAY else "py"
            b = self.ndarray_dtype(node.right, depth + 1) if self.value_kind(node.right) == NDARRAY else "py"
            if "py" in (a, b):  # numpy 1.x: a Python number does not widen the array (but / of ints)
                d = b if a == "py" else a
                return "float64" if d in _INTS and isinstance(node.op, ast.Div) else d
            return promote_types(a, b) if a and b else None
        if not isinstance(node, ast.Call):
            return None
        for k in node.keywords:
            if k.arg == "dtype":
                return self.dtype_literal(k.value)
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
        if name == "astype" and node.args:
            return self.dtype_literal(node.args[0])
        if isinstance(f, ast.Attribute) and self._root_kind(f) == NDARRAY:  # np.zeros(...)
            if name in _NP_FLOAT64:
                return "float64"
            if name in ("array", "arange") and node.args:
                v = literal_of_node(node.args[0])
                if v is not None:
                    return v
            if name in _NP_KEEPS and node.args:
                return self.ndarray_dtype(node.args[0], depth + 1)
            return None
        if isinstance(f, ast.Attribute) and name in _NP_KEEPS:  # a.reshape(...)
            return self.ndarray_dtype(f.value, depth + 1)
        return None

    def dtype_literal(self, node: ast.expr) -> str | None:
        """``np.float32`` / ``"float32"`` / ``torch.float64`` -> canonical name."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            d = node.value
        elif isinstance(node, ast.Attribute):
            d = node.attr
        else:
            return None
        d = {"float": "float64", "double": "float64", "int": "int64", "long": "int64", "bool_": "bool"}.get(d, d)
        return d if category(d) is not None else None

    def numpy_params(self, fn: ast.AST, names: set[str]) -> set[str]:
        """Parameters the body hands to ``torch.from_numpy``: NumPy arrays."""
        found = set()
        if "from_numpy" not in self.src.text:  # the common case: no call to look for
            return found
        for node in self.scan.calls_in(fn) if self.scan.has(fn) else ast.walk(fn):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name) \
                    and node.args[0].id in names and self.qualname(node.func) == "torch.from_numpy":
                found.add(node.args[0].id)
        return found

    def name_kind(self, name: str) -> str | None:
        for sc in reversed(self.scopes):
            if name in sc.tensors:
                return None
            if name in sc.kinds:
                return sc.kinds[name]
            if name in sc.locals and sc.kind in ("function", "comprehension"):
                return None
        return None

    def value_kind(self, node: ast.expr | None) -> str | None:
        """NDARRAY, PYTHON, or None (a tensor, or not known) for an expression already converted."""
        if node is None or id(node) in self._tensor_nodes:
            return None
        k = self._kinds.get(id(node))
        if k is not None:
            return k
        if isinstance(node, _DISPLAYS):
            return PYTHON
        if isinstance(node, ast.Name):
            return self.name_kind(node.id)
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name):
                if f.id in _PY_BUILTINS and self.resolve(f.id) is None and not self.is_local(f.id):
                    return PYTHON
                if self.is_local(f.id):
                    return None
                k = self.kind_modules.get(f.id) or self.function_results.get(f.id)
                return k if k != TENSOR else None
            if isinstance(f, ast.Attribute):
                root = self._root_kind(f)
                if root is not None:
                    return root
                recv = self.value_kind(f.value)
                if recv == NDARRAY:
                    return PYTHON if f.attr in _NDARRAY_TO_PY else NDARRAY
                return recv
            return None
        if isinstance(node, ast.Attribute):
            if node.attr in _PY_ATTRS:
                return PYTHON
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                cls = self.owner_class()
                return cls.attr_kinds.get(node.attr) if cls is not None else None
            root = self._root_kind(node)
            if root is not None:
                return PYTHON  # np.pi, math.e: module constants
            k = self.value_kind(node.value)
            return k if k in _CLOSED else None
        if isinstance(node, ast.Subscript):
            v = node.value
            if isinstance(v, ast.Attribute) and v.attr in _PY_ATTRS:
                return PYTHON  # x.shape[0]
            if isinstance(v, ast.Constant):
                return PYTHON
            k = self.value_kind(v)
            return k if k in _CLOSED else None  # a list may hold tensors
        if isinstance(node, ast.BinOp):
            kinds = set()
            while isinstance(node, ast.BinOp):  # a + b + c + ... nests to the left: no recursion
                kinds.add(self.value_kind(node.right))
                if None in kinds or id(node) in self._tensor_nodes:
                    return None
                node = node.left
            kinds.add(self.value_kind(node))
            if None in kinds or OBJECT in kinds:
                return None  # pandas Series + tensor...: not known
            return NDARRAY if NDARRAY in kinds else PYTHON
        if isinstance(node, ast.UnaryOp):
            return self.value_kind(node.operand)
        if isinstance(node, ast.IfExp):
            a, b = self.value_kind(node.body), self.value_kind(node.orelse)
            return a if a == b else None
        return None

    def bind_kind(self, tgt: ast.expr, value: ast.expr | None, kind: str | None = None):
        """Record the kind a (non-tensor) assignment binds its target names to."""
        if value is not None:
            kind = self.value_kind(value)
        if isinstance(tgt, ast.Name):
            sc = self.scopes[-1]  # self.scope, without a property call per use
            sc.np_dtypes.pop(tgt.id, None)
            if kind is None or tgt.id in sc.tensors:
                sc.kinds.pop(tgt.id, None)
            else:
                sc.kinds[tgt.id] = kind
                d = self.ndarray_dtype(value) if kind == NDARRAY and value is not None else None
                if d is not None:
                    sc.np_dtypes[tgt.id] = d
        elif isinstance(tgt, (ast.Tuple, ast.List)):
            pairs = isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(tgt.elts) \
                and not any(isinstance(e, ast.Starred) for e in tgt.elts + value.elts)
            for i, e in enumerate(tgt.elts):
                if pairs:
                    self.bind_kind(e, value.elts[i])
                else:
                    # a, b = x.shape: Python ints; a, b = arr: rows of an array; unpacking a list: unknown
                    shape = isinstance(value, ast.Attribute) and value.attr in _PY_ATTRS
                    self.bind_kind(e, None, PYTHON if shape else (kind if kind == NDARRAY else None))
        elif isinstance(tgt, ast.Starred):
            self.bind_kind(tgt.value, None, None)
        elif isinstance(tgt, ast.Attribute) and isinstance(tgt.value, ast.Name) and tgt.value.id == "self":
            cls = self.owner_class()
            if cls is None:
                return
            if kind is None or tgt.attr in cls.tensor_attrs or tgt.attr in cls.layers \
                    or cls.attr_kinds.get(tgt.attr, kind) != kind:
                cls.attr_kinds[tgt.attr] = None  # assigned values of different kinds: not known
            else:
                cls.attr_kinds[tgt.attr] = kind


def literal_of_node(node: ast.expr) -> str | None:
    """numpy's dtype for a literal list / number: float64 for floats, int64 for ints, bool."""
    try:
        v = ast.literal_eval(node)
    except Exception:
        return None
    flat, stack = [], [v]
    while stack:
        e = stack.pop()
        if isinstance(e, (list, tuple)):
            stack.extend(e)
        else:
            flat.append(e)
    if not flat or any(type(e) not in (int, float, bool) for e in flat):
        return None
    if any(type(e) is float for e in flat):
        return "float64"
    return "int64" if any(type(e) is int for e in flat) else "bool"
