"""einops (``rearrange``, ``repeat``, ``reduce``, ``einops.layers.torch.Rearrange/Reduce``):
one pattern planner for the emulated ``einops`` module, the transpiler and the target helper.

``CORE`` is source text: the sandbox's einops module executes it, and converted code gets it
verbatim as a helper when a pattern is not a literal. The planner turns a pattern and a shape
into at most five array steps: reshape to elementary axes, reduce, transpose, insert and
broadcast new axes, reshape to the output groups. Shapes are whatever supports ``*`` and
``//``: ints at run time, ``Sym`` (source text such as ``x.shape[0]``) when the transpiler
plans a literal pattern statically and writes the steps as the target's own calls.
"""
from __future__ import annotations

CORE = '''
def _tg_einops_parse(side):
    """one side of a pattern -> groups; each group (parenthesised, [axis, ...]); an axis is a
    name, an int (anonymous axis) or '...'."""
    groups, cur = [], None
    for tok in side.replace("(", " ( ").replace(")", " ) ").replace("\\u2026", "...").split():
        if tok == "(":
            if cur is not None:
                raise ValueError("einops: nested parentheses in %r" % side)
            cur = []
        elif tok == ")":
            if cur is None:
                raise ValueError("einops: unbalanced parentheses in %r" % side)
            groups.append((True, cur))
            cur = None
        else:
            axis = "..." if tok == "..." else (int(tok) if tok.isdigit() else tok)
            if cur is None:
                groups.append((False, [axis]))
            else:
                cur.append(axis)
    if cur is not None:
        raise ValueError("einops: unbalanced parentheses in %r" % side)
    return groups


def _tg_einops_prod(values):
    out = 1
    for v in values:
        out = v if (isinstance(out, int) and out == 1) else (out if (isinstance(v, int) and v == 1) else out * v)
    return out


def _tg_einops_plan(pattern, reduction, shape, lengths):
    """-> (shape1, reduce_axes, perm, (expand_shape, broadcast_shape), final_shape); None
    (or ()) for a step that is not needed."""
    left_text, arrow, right_text = pattern.partition("->")
    if not arrow:
        raise ValueError("einops: pattern %r has no '->'" % pattern)
    left, right = _tg_einops_parse(left_text), _tg_einops_parse(right_text)
    if any("..." in g for _, g in left):
        n_ell = len(shape) - len(left) + 1
        if n_ell < 0:
            raise ValueError("einops: %d-d input does not match %r" % (len(shape), pattern))
    elif len(left) != len(shape):
        raise ValueError("einops: %d-d input does not match %r" % (len(shape), pattern))
    else:
        n_ell = 0
    anon = [0]

    def expand(groups, side):
        out = []
        for paren, g in groups:
            if not paren and g == ["..."]:
                out.extend(["...%d" % i] for i in range(n_ell))
                continue
            axes = []
            for a in g:
                if a == "...":
                    axes.extend("...%d" % i for i in range(n_ell))
                elif isinstance(a, int):
                    anon[0] += 1
                    if a != 1 or side == "right":  # a left 1 is only dropped
                        axes.append(("#%d" % anon[0], a))
                else:
                    axes.append(a)
            out.append(axes)
        return out

    lgroups, rgroups = expand(left, "left"), expand(right, "right")
    known = {}
    for g in lgroups + rgroups:
        for a in g:
            if isinstance(a, tuple):
                known[a] = a[1]
    reshape1 = any(len(g) != 1 or isinstance(g[0], tuple) for g in lgroups)
    for g, dim in zip(lgroups, shape):
        if len(g) == 1 and not isinstance(g[0], tuple):
            known[g[0]] = dim
            continue
        unknown = [a for a in g if not isinstance(a, tuple) and a not in lengths]
        rest = _tg_einops_prod([a[1] if isinstance(a, tuple) else lengths[a] for a in g if a not in unknown])
        if len(unknown) > 1:
            raise ValueError("einops: cannot infer the sizes of %s in %r" % (unknown, pattern))
        for a in g:
            if not isinstance(a, tuple) and a not in unknown:
                known[a] = lengths[a]
        if unknown:
            known[unknown[0]] = dim if (isinstance(rest, int) and rest == 1) else dim // rest
            if isinstance(dim, int) and isinstance(rest, int) and dim % rest:
                raise ValueError("einops: dimension %d is not divisible by %d in %r" % (dim, rest, pattern))
        elif isinstance(dim, int) and isinstance(rest, int) and dim != rest:
            raise ValueError("einops: dimension %d does not match %d in %r" % (dim, rest, pattern))
    axes_left = [a for g in lgroups for a in g]
    axes_right = [a for g in rgroups for a in g]
    if len(set(axes_left)) != len(axes_left):
        raise ValueError("einops: an axis is repeated in %r" % pattern)
    right_set = set(axes_right)
    reduce_axes = tuple(i for i, a in enumerate(axes_left) if a not in right_set)
    if reduce_axes and reduction is None:
        raise ValueError("einops: axes %s of %r are not in the output" %
                         ([axes_left[i] for i in reduce_axes], pattern))
    kept = [a for a in axes_left if a in right_set]
    perm = [kept.index(a) for a in axes_right if a in kept]
    new = [a for a in axes_right if a not in kept]
    for a in new:
        if a not in known:
            if a not in lengths:
                raise ValueError("einops: the size of new axis %r is not given in %r" % (a, pattern))
            known[a] = lengths[a]
    broadcast = any(not (isinstance(known[a], int) and known[a] == 1) for a in new)
    expand_step = None
    if broadcast:
        expand_step = (tuple(known[a] if a in kept else 1 for a in axes_right),
                       tuple(known[a] for a in axes_right))
    final = tuple(_tg_einops_prod([known[a] for a in g]) for g in rgroups)
    need_final = any(len(g) != 1 for g in rgroups) or (new and not broadcast)
    return (tuple(known[a] for a in axes_left) if reshape1 else None, reduce_axes,
            tuple(perm) if perm != sorted(perm) else None, expand_step, final if need_final else None)
'''

_ns: dict = {}
exec(compile(CORE, "<tensorglot einops>", "exec"), _ns)
parse = _ns["_tg_einops_parse"]
plan = _ns["_tg_einops_plan"]

#: einops API -> (reduction argument position, or None; whether a module class)
FUNCTIONS = {"einops.rearrange": None, "einops.repeat": None, "einops.reduce": 2}
LAYERS = {"einops.layers.torch.Rearrange": None, "einops.layers.torch.Reduce": 1}
REDUCTIONS = ("sum", "mean", "max", "min", "prod")

#: target -> how it spells each step (``{x}`` the array, ``{shape}``/``{perm}``/``{axes}`` tuples,
#: ``{op}`` a reduction name, ``{dyn}`` the same as a runtime string in the helper)
TARGETS = {
    # the emulated einops on torch tensors (the sandbox), not a conversion target
    "torch": {"reshape": "torch.reshape({x}, {shape})", "transpose": "torch.permute({x}, {perm})",
              "reduce": "", "reduce_dyn": 'getattr(torch, {{"max": "amax", "min": "amin"}}.get({dyn}, {dyn}))({x}, {axes})',
              "broadcast": "{x}.expand({shape})", "shape": "tuple({x}.shape)"},
    "tensorflow": {"reshape": "tf.reshape({x}, {shape})", "transpose": "tf.transpose({x}, {perm})",
                   "reduce": "tf.reduce_{op}({x}, axis={axes})",
                   "reduce_dyn": 'getattr(tf, "reduce_" + {dyn})({x}, axis={axes})',
                   "broadcast": "tf.broadcast_to({x}, {shape})", "shape": "tuple({x}.shape)"},
    "jax": {"reshape": "jnp.reshape({x}, {shape})", "transpose": "jnp.transpose({x}, {perm})",
            "reduce": "jnp.{op}({x}, axis={axes})", "reduce_dyn": "getattr(jnp, {dyn})({x}, axis={axes})",
            "broadcast": "jnp.broadcast_to({x}, {shape})", "shape": "{x}.shape"},
    "numpy": {"reshape": "np.reshape({x}, {shape})", "transpose": "np.transpose({x}, {perm})",
              "reduce": "np.{op}({x}, axis={axes})", "reduce_dyn": "getattr(np, {dyn})({x}, axis={axes})",
              "broadcast": "np.broadcast_to({x}, {shape})", "shape": "{x}.shape"},
}


class Sym:
    """A size known only as source text (``x.shape[2]``, ``self.heads``) while planning statically."""
    __slots__ = ("text", "atomic")

    def __init__(self, text: str, atomic: bool = True):
        self.text, self.atomic = text, atomic

    def __mul__(self, other):
        return Sym(f"{self} * {_wrap(other)}", False)

    def __rmul__(self, other):
        return Sym(f"{other} * {_wrap(self)}", False)

    def __floordiv__(self, other):
        return Sym(f"{self} // {_wrap(other)}", False)

    def __rfloordiv__(self, other):
        return Sym(f"{other} // {_wrap(self)}", False)

    def __str__(self):
        return self.text


def _wrap(v) -> str:
    return f"({v})" if isinstance(v, Sym) and not v.atomic else str(v)


def _shape_text(shape) -> str:
    """A reshape target: the first composite size becomes -1 (readable, and numerically the same)."""
    items = [str(v) for v in shape]
    for i, v in enumerate(shape):
        if isinstance(v, Sym) and not v.atomic:
            items[i] = "-1"
            break
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _tuple_text(values) -> str:
    return "(" + ", ".join(str(v) for v in values) + ("," if len(values) == 1 else "") + ")"


def emit_static(target: str, x: str, pattern: str, reduction: str | None, lengths: dict[str, str]) -> str | None:
    """Target code for ``einops.<op>(x, pattern, reduction, **lengths)`` with a literal pattern, or
    None where the steps depend on the input's rank (an ellipsis) and a helper must plan at run time.
    ``x`` is the source text of a name (it is repeated for its shape); ``lengths`` are source texts.
    Raises ValueError for a pattern einops itself rejects."""
    left = parse(pattern.partition("->")[0])
    if any("..." in g for _, g in left) or "\u2026" in pattern:
        return None
    # an anonymous 1 on the left is a size-1 input axis
    shape = [1 if g == [1] else Sym(f"{x}.shape[{i}]") for i, (_, g) in enumerate(left)]
    lens = {k: (int(v) if v.isdigit() else Sym(v, v.isidentifier() or v.replace(".", "").isidentifier()))
            for k, v in lengths.items()}
    shape1, red, perm, expand, final = plan(pattern, reduction, shape, lens)
    t = TARGETS[target]
    # a pending reshape is written only before the next step that is not a reshape:
    # reshape(reshape(x, a), b) is reshape(x, b), and a reshape of x to its own shape is x
    out, pending = x, shape1
    if red:
        out, pending = _flush(t, x, out, pending, shape), None
        out = t["reduce"].format(x=out, op=reduction, axes=red[0] if len(red) == 1 else _tuple_text(red))
    if perm is not None:
        out, pending = _flush(t, x, out, pending, shape), None
        out = t["transpose"].format(x=out, perm=_tuple_text(perm))
    if expand is not None:
        out, pending = _flush(t, x, out, expand[0], shape, literal=True), None
        out = t["broadcast"].format(x=out, shape=_tuple_text(expand[1]))
    if final is not None:
        pending = final
    return _flush(t, x, out, pending, shape)


def _flush(t: dict, x: str, out: str, pending, shape, literal: bool = False) -> str:
    if pending is None or (out == x and [str(v) for v in pending] == [str(v) for v in shape]):
        return out
    return t["reshape"].format(x=out, shape=_tuple_text(pending) if literal else _shape_text(pending))


def helpers(target: str, make) -> dict:
    """Helper entries for a target's HELPERS table; ``make(name, code, needs)`` builds one."""
    fn, layer = helper_code(target).split("\n\nclass TorchEinops")
    return {"einops": make("_tg_einops", fn), "layer:einops": make("TorchEinops", "class TorchEinops" + layer, ("einops",))}


def helper_code(target: str) -> str:
    """The run-time planner and its application in the target's calls (non-literal patterns)."""
    t = TARGETS[target]

    def step(kind: str, arg: str = "") -> str:
        return t[kind].format(x="x", shape=arg, perm=arg, axes=arg, dyn="reduction")
    return CORE + f'''

def _tg_einops(x, pattern, reduction=None, **lengths):
    """einops.rearrange / repeat / reduce (the pattern planned at run time)."""
    if isinstance(x, (list, tuple)):
        x = {t["reshape"].split("(")[0].rsplit(".", 1)[0]}.stack(x)
    shape1, red, perm, expand, final = _tg_einops_plan(pattern, reduction, {step("shape")}, lengths)
    if shape1 is not None:
        x = {step("reshape", "shape1")}
    if red:
        x = {step("reduce_dyn", "red")}
    if perm is not None:
        x = {step("transpose", "perm")}
    if expand is not None:
        x = {step("reshape", "expand[0]")}
        x = {step("broadcast", "expand[1]")}
    if final is not None:
        x = {step("reshape", "final")}
    return x


class TorchEinops:
    """einops.layers.torch.Rearrange / Reduce: the pattern applied in the call."""

    def __init__(self, pattern, reduction=None, **lengths):
        self.pattern, self.reduction, self.lengths = pattern, reduction, lengths

    def __call__(self, x):
        return _tg_einops(x, self.pattern, self.reduction, **self.lengths)
'''
