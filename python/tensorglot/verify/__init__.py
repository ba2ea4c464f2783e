"""Verify: does the converted code compute the same numbers as the source?

``verify(req)`` converts ``req["source"]`` (unless ``req["converted"]`` gives the
converted code), runs both scripts in the sandbox -- the source on the emulated
source framework, the conversion on the emulated target -- and compares what
their entries return on the same inputs with the same weights.

Entries, in order of preference:

1. ``req["entry"]``: a top-level function, an ``nn.Module`` subclass or a model
   instance's variable name. Inputs come from ``req["inputs"]`` (specs such as
   ``{"x": "float32[1,3]"}``, seeded by ``req["seed"]``), else from the call the
   script made, else (a model) are guessed from its first layer. A class is
   constructed with the arguments the script passed, else ``req["init"]``.
2. Otherwise every top-level function and model class whose call the script
   makes (the outermost call taking tensors, first call each), on the inputs
   the script passed.
3. Otherwise the first model class the script builds or that builds with no
   arguments, on the form's inputs or a guessed input.

Weights: each source model's ``state_dict()`` goes through the converted
model's ``load_state_dict`` (torch names and layouts; the conversion transposes).
Models run in eval mode (dropout off, BatchNorm on running statistics).

Verdicts: FAIL (an exception, a structure/shape/dtype mismatch), INACCURATE
(beyond ``atol + rtol * |source|``; defaults 1e-5/1e-5 for float32), PASS.
Layers (``req["layers"]``: "always", the default, so the graph view can colour
every group; "auto": only for entries that do not pass; "never"): every
submodule (by attribute path) and top-level function called inside an entry is
re-run on the converted side on the inputs it received in the source run, and
the first one (in completion order) that diverges is ``first_divergence``.
"""
from __future__ import annotations

import importlib
import io
import inspect
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

from ..runtime import sandbox
from ..runtime import capture
from ..runtime.capture import Call, LayerLog, Recorder, copy_value, hooked_layers, run_script, user_error
from .compare import FAIL, INACCURATE, PASS, as_array, compare, worst
from .inputs import SpecError, bind_inputs, default_arguments, guess_input, make_value, spec_of

__all__ = ["verify", "PASS", "INACCURATE", "FAIL"]

CONVERTED_FILENAME = "<converted>"

#: framework -> (module, class) of its model base class (for the "driver function" rule)
from ..runtime.capture import MODULE_BASES  # noqa: E402
#: framework -> (module, function) that makes a tensor from a list: its type wraps engine arrays
TENSOR_MAKERS = {"torch": ("torch", "tensor"), "tensorflow": ("tensorflow", "constant"),
                 "jax": ("jax.numpy", "asarray"), "numpy": ("numpy", "asarray")}
#: cap on the entries the script exercises that are verified (a loop can call many)
MAX_ENTRIES = 8


class VerifyError(Exception):
    """A problem with the request or the source itself (not with the conversion)."""


def verify(req: dict) -> dict:
    t0 = time.perf_counter()
    report = _Report(req)
    out = io.StringIO()
    try:
        with redirect_stdout(out), redirect_stderr(out):
            _Session(req, report).run()
    except VerifyError as e:
        report.fail(str(e))
    except SpecError as e:
        report.fail(str(e))
    except KeyboardInterrupt:
        raise
    except Exception as e:  # noqa: BLE001 - an internal bug: report, do not crash the worker
        report.fail(f"internal error in verify: {type(e).__name__}: {e}", tb=traceback.format_exc())
    report.stdout += out.getvalue()
    out = report.result()
    if out["verdict"] == INACCURATE:
        draws = _random_draws(req.get("source") or "")
        if draws:
            out["notes"].append(f"the compared code draws random numbers ({', '.join(draws)}): the two runs "
                                "draw different ones, so outputs that depend on them cannot match")
    out["ms"] = round((time.perf_counter() - t0) * 1000.0, 3)
    return out


def _random_draws(source: str) -> list[str]:
    """``torch.randn_like (line 21)`` for each torch call inside a def whose canonical op draws
    random numbers (the catalogue's "random" kind, through the torch binding table); calls at the
    top level make the script's inputs, which both runs share."""
    import ast
    from ..ops.catalogue import OPS
    from ..transpiler.targets import table_for
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    table = table_for("torch")
    aliases: dict[str, str] = {}  # local name -> torch dotted path
    for n in ast.walk(tree):
        if isinstance(n, ast.Import):
            for a in n.names:
                if a.name.split(".")[0] == "torch":
                    aliases[a.asname or "torch"] = a.name if a.asname else "torch"
        elif isinstance(n, ast.ImportFrom) and n.module and n.module.split(".")[0] == "torch":
            for a in n.names:
                aliases[a.asname or a.name] = f"{n.module}.{a.name}"

    def api_of(func: ast.expr) -> str | None:
        parts = []
        while isinstance(func, ast.Attribute):
            parts.append(func.attr)
            func = func.value
        if isinstance(func, ast.Name) and func.id in aliases:
            return ".".join([aliases[func.id]] + parts[::-1])
        return f"Tensor.{parts[0]}" if parts else None  # x.normal_(), x.bernoulli()

    found: list[str] = []
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for n in ast.walk(fn):
            api = api_of(n.func) if isinstance(n, ast.Call) else None
            b = table.get(api) if api else None
            op = OPS.get(b.op) if b is not None else None
            if op is not None and op.kind == "random" and f"{api} (line {n.lineno})" not in found:
                found.append(f"{api} (line {n.lineno})")
    return found


class _Report:
    def __init__(self, req: dict) -> None:
        self.outputs: list[dict] = []
        self.layers: list[dict] = []
        self.unmatched: list[dict] = []
        self.entries: list[dict] = []
        self.notes: list[str] = []
        self.error: dict | None = None
        self.first_divergence: str | None = None
        self.atol, self.rtol = req.get("atol"), req.get("rtol")
        self.converted: str | None = None
        self.stdout = ""

    def fail(self, message: str, tb: str = "", line: int | None = None, type_: str = "VerifyError") -> None:
        self.error = {"type": type_, "message": message, "traceback": tb or message, "line": line}

    def result(self) -> dict:
        verdicts = [o["verdict"] for o in self.outputs]
        verdict = worst(verdicts) if verdicts else FAIL
        if self.error is not None:
            verdict = FAIL
        if verdict != PASS and self.first_divergence is None:
            bad = [x["name"] for x in self.layers if x["verdict"] != PASS]
            self.first_divergence = bad[0] if bad else None
        return {"verdict": verdict, "outputs": self.outputs, "layers": self.layers,
                "first_divergence": self.first_divergence, "error": self.error,
                "entries": self.entries, "unmatched": self.unmatched, "notes": self.notes,
                "atol": self.atol, "rtol": self.rtol, "converted": self.converted,
                "stdout": self.stdout}


class _Session:
    def __init__(self, req: dict, report: _Report) -> None:
        self.req = req
        self.report = report
        self.source = req["source"]
        self.src_fw = req.get("from") or "torch"
        self.tgt_fw = req.get("to") or "tensorflow"
        self.atol = req.get("atol")
        self.rtol = req.get("rtol")
        self.line_map: dict[int, int] = {}
        self.pairs: dict[int, Any] = {}     # id(source model) -> converted model
        self.pair_errors: dict[int, str] = {}  # id(source model) -> why its weights could not be copied
        from ..engine.random import Generator
        self.gen = Generator(int(req.get("seed") or 0))

    # --- the whole run ----------------------------------------------------------------------
    def run(self) -> None:
        converted = self._convert()
        self.report.converted = converted
        with sandbox.active():
            self.src_rec = Recorder(_import_attr(*MODULE_BASES.get(self.src_fw, ("", ""))))
            self.tgt_rec = Recorder(_import_attr(*MODULE_BASES.get(self.tgt_fw, ("", ""))))
            src = run_script(self.source, self.src_rec)
            self.report.stdout = src["stdout"]
            if src["error"] is not None:
                e = src["error"]
                self.report.error = dict(e, message=f"the source script raises: {e['type']}: {e['message']}")
                return
            self.src_ns = src["namespace"]
            self.ivy_src = _ivy_backends()  # each side calls ivy with the backend its script set
            self.script_built = {id(m) for ms in self.src_rec.instances.values() for m in ms}
            sandbox.register_source(converted, CONVERTED_FILENAME)
            tgt = run_script(converted, self.tgt_rec, CONVERTED_FILENAME)
            self.tgt_ns = tgt["namespace"]
            self.ivy_tgt = _ivy_backends()
            self.tgt_error = tgt["error"]
            if tgt["error"] is not None:
                self.report.notes.append(
                    "the converted script raises at its top level (" + self._where(tgt["error"]) +
                    f"): {tgt['error']['type']}: {tgt['error']['message']}; its definitions are "
                    "verified anyway")
            self.src_make = _tensor_maker(self.src_fw)
            self.tgt_make = _tensor_maker(self.tgt_fw)
            self.report.notes.append("models run in eval mode (dropout off, BatchNorm uses running "
                                     "statistics)")
            entries = self._entries()
            self._sync_weights()
            for call, origin in entries:
                self._verify_entry(call, origin, len(entries) > 1)

    def _convert(self) -> str:
        if self.req.get("converted") is not None:
            return self.req["converted"]
        if self.src_fw == self.tgt_fw:
            return self.source
        from ..transpiler import transpile
        tr = transpile(self.source, source_fw=self.src_fw, target=self.tgt_fw)
        errors = [d for d in tr["diagnostics"] if d["severity"] == "error"]
        self.line_map = {o: s for s, o in tr.get("line_map", [])}
        if errors:
            d = errors[0]
            raise VerifyError(f"conversion failed at line {d['line']}: {d['message']}")
        unsupported = [d["api"] or d["message"] for d in tr["diagnostics"] if d["severity"] == "warning"]
        if unsupported:
            self.report.notes.append("left unconverted: " + ", ".join(sorted(set(unsupported))))
        return tr["code"]

    def _where(self, err: dict) -> str:
        line = err.get("line")
        if line is None:
            return "converted code"
        src = self.line_map.get(line)
        return f"converted line {line}" + (f", source line {src}" if src else "")

    # --- which calls to compare ---------------------------------------------------------------
    def _entries(self) -> list[tuple[Call, str]]:
        entry = self.req.get("entry")
        if entry:
            return [self._named_entry(entry)]
        calls = self.src_rec.calls[:MAX_ENTRIES]
        if len(self.src_rec.calls) > MAX_ENTRIES:
            self.report.notes.append(f"the script calls {len(self.src_rec.calls)} entries; the first "
                                     f"{MAX_ENTRIES} are verified")
        if calls:
            return [(c, "script") for c in calls]
        return [self._fallback_entry()]

    def _named_entry(self, entry: str) -> tuple[Call, str]:
        ns, rec = self.src_ns, self.src_rec
        obj = ns.get(entry)
        if obj is None:
            raise VerifyError(f"entry {entry!r} is not defined at the top level of the source")
        specs = self.req.get("inputs")
        if entry in rec.functions:
            if not specs:
                for c in rec.calls:
                    if c.name == entry and c.kind == "function":
                        return c, "script"
            args, kwargs = bind_inputs(rec.functions[entry], specs, self.gen, namespace=ns)
            return Call(entry, "function", obj, self._src(args), self._src(kwargs)), "form"
        if isinstance(obj, type):
            instances = rec.instances.get(entry) or []
            model = instances[0] if instances else self._construct(obj)
            if id(model) not in self.script_built:
                self._note_built(model)
        elif type(obj).__name__ in rec.classes:
            model = obj
        elif hasattr(obj, "state_dict") and self.tgt_ns.get(entry) is not None:
            # a built-in container the script built (features = nn.Sequential(...)): its twin is the
            # converted script's variable of the same name
            model = obj
            self._twin(model, self.tgt_ns[entry])
        else:
            raise VerifyError(f"entry {entry!r} is not a function or model defined in the source")
        return self._model_call(model, specs)

    def _construct(self, cls: type):
        init = self.req.get("init")
        ns = self.src_ns
        try:
            if isinstance(init, dict):
                kwargs = {k: make_value(v, self.gen, namespace=ns) for k, v in init.items()}
                m = cls(**self._src(kwargs))
            elif isinstance(init, list):
                m = cls(*self._src([make_value(v, self.gen, namespace=ns) for v in init]))
            else:
                m = cls(**(default_arguments(cls, ns) or {}))
        except TypeError as e:
            raise VerifyError(f"cannot build {cls.__name__} for verification ({e}); give its "
                              "constructor arguments (init) or let the script build it") from None
        return m

    def _note_built(self, m) -> None:
        name = type(m).__name__
        self.report.notes.append(f"{name} built for verification as {name}"
                                 f"({_fmt_args(*self.src_rec.inits.get(id(m), ((), {})))})")

    def _model_call(self, model, specs) -> tuple[Call, str]:
        rec = self.src_rec
        name = type(model).__name__
        if not specs:
            for c in rec.calls:
                if c.obj is model:
                    return c, "script"
            spec = guess_input(model)
            if spec is None:
                raise VerifyError(f"no input for {name}: the script does not call it and its input "
                                  "cannot be guessed; give inputs such as x=float32[1,3]")
            self.report.notes.append(f"{name} is not called by the script: input guessed as {spec}")
            specs, origin = [spec], "guessed"
        else:
            origin = "form"
        args, kwargs = bind_inputs(model.forward, specs, self.gen, namespace=self.src_ns)
        return Call(name, "module", model, self._src(args), self._src(kwargs),
                    rec.instance_index(model)), origin

    def _fallback_entry(self) -> tuple[Call, str]:
        rec = self.src_rec
        base = rec.module_base
        candidates = []  # (class name, model): the script's first instance, else one built here
        unbuilt = []  # models whose constructors need arguments nobody gave
        for name in rec.order:
            cls = rec.classes.get(name)
            if cls is None or base is None or not issubclass(cls, base):
                continue
            instances = rec.instances.get(name)
            if instances:
                candidates.append((name, instances[0]))
                continue
            try:
                candidates.append((name, self._construct(cls)))
            except Exception:  # noqa: BLE001 - needs arguments: not a candidate
                unbuilt.append(name)
                continue
        # the outermost model: a class no other candidate holds as a layer
        held = {type(sub).__name__ for _, m in candidates for path, sub in m.named_modules() if path}
        for name, model in [c for c in candidates if c[0] not in held] + candidates:
            self.report.notes.append(f"the script calls no function or model with tensors: "
                                     f"verifying {name}")
            if id(model) not in self.script_built:
                self._note_built(model)
            return self._model_call(model, self.req.get("inputs"))
        funcs = [n for n in rec.order if n in rec.functions]
        if funcs and self.req.get("inputs"):
            fn = funcs[0]
            self.report.notes.append(f"the script calls nothing with tensors: verifying {fn}")
            args, kwargs = bind_inputs(rec.functions[fn], self.req.get("inputs"), self.gen,
                                       namespace=self.src_ns)
            return Call(fn, "function", rec.functions[fn], self._src(args), self._src(kwargs)), "form"
        hint = (f"; {', '.join(unbuilt)} cannot be built without constructor arguments: give them "
                "(init, e.g. width=6)" if unbuilt else "")
        raise VerifyError("nothing to verify: the script calls no function or model with tensors; "
                          "choose an entry and its inputs" + hint)

    # --- weights ------------------------------------------------------------------------------
    def _sync_weights(self) -> None:
        """Every source model instance gives its weights to its converted twin."""
        everything = [m for ms in self.src_rec.instances.values() for m in ms]
        nested = {id(sub) for m in everything if hasattr(m, "named_modules")
                  for path, sub in m.named_modules() if path}
        for m in everything:
            if id(m) not in nested and hasattr(m, "state_dict"):
                try:
                    self._twin(m)
                except VerifyError as e:
                    self.report.notes.append(str(e))

    def _twin(self, model, twin=None):
        """The converted counterpart of a source model (``twin`` when known): the converted script's
        i-th instance of the same class (else one built with the same constructor arguments), with
        its weights."""
        key = id(model)
        if key in self.pairs:
            return self.pairs[key]
        if key in self.pair_errors:  # a twin without the source's weights computes other numbers
            raise VerifyError(self.pair_errors[key])
        name = type(model).__name__
        idx = self.src_rec.instance_index(model)
        made = self.tgt_rec.instances.get(name) or []
        if twin is not None:
            pass
        elif 0 <= idx < len(made):
            twin = made[idx]
        else:
            cls = self.tgt_ns.get(name)
            if not isinstance(cls, type):
                raise VerifyError(f"the converted code defines no class {name}")
            args, kwargs = self.src_rec.inits.get(key, ((), {}))
            try:
                twin = cls(*self._tgt(args), **self._tgt(kwargs))
            except Exception as e:  # noqa: BLE001
                raise VerifyError(f"building the converted {name}({_fmt_args(args, kwargs)}) raises "
                                  f"{type(e).__name__}: {e}") from None
        model.eval()
        sd = model.state_dict()
        if sd:
            load = getattr(twin, "load_state_dict", None)
            if load is None:
                self.pair_errors[key] = f"the converted {name} has no load_state_dict: weights cannot be copied"
                raise VerifyError(self.pair_errors[key])
            try:
                load({k: self._tgt(v) for k, v in sd.items()})
            except Exception as e:  # noqa: BLE001
                self.pair_errors[key] = (f"loading {name}'s weights into the converted model raises "
                                         f"{type(e).__name__}: {e}")
                raise VerifyError(self.pair_errors[key]) from None
        self.pairs[key] = twin
        ev = getattr(twin, "eval", None)
        tr = getattr(twin, "train", None)
        if callable(ev):
            ev()
        elif callable(tr):  # a converted file that only calls train() has no eval()
            tr(False)
        return twin

    # --- value conversion ---------------------------------------------------------------------
    def _src(self, v):
        """Engine arrays (form inputs) -> source tensors."""
        from ..engine import NDArray
        if isinstance(v, NDArray):
            return self.src_make(v)
        if isinstance(v, (list, tuple)):
            return type(v)(self._src(x) for x in v)
        if isinstance(v, dict):
            return {k: self._src(x) for k, x in v.items()}
        return v

    def _tgt(self, v, like=None):
        """Source values -> the converted side's: tensors re-made in the target framework (or
        as the type ``like`` has: what the converted script itself passed there), source
        models replaced by their converted twins, containers converted element-wise."""
        a = as_array(v)
        if a is not None:
            if like is not None and as_array(like) is not None:
                wrap = getattr(type(like), "_tg_wrap", None)
                if wrap is not None:
                    return wrap(self._tgt(v, like._tg_inner))
                new = getattr(type(like), "_new", None)
                if new is not None:
                    return new(a.copy())
            return self.tgt_make(a.copy())
        if isinstance(v, list):
            return [self._tgt(x, _item(like, i)) for i, x in enumerate(v)]
        if isinstance(v, tuple):
            if type(v).__name__ == "Size":
                return tuple(v)
            items = [self._tgt(x, _item(like, i)) for i, x in enumerate(v)]
            return type(v)(*items) if hasattr(v, "_fields") else tuple(items)
        if isinstance(v, dict):
            return {k: self._tgt(x, like.get(k) if isinstance(like, dict) else None) for k, x in v.items()}
        if type(v).__name__ in self.src_rec.classes and hasattr(v, "state_dict"):
            return self._twin(v)
        if isinstance(v, type) and self.src_rec.classes.get(v.__name__) is v:
            # a class argument (ResNet(BasicBlock, ...)): the converted script's class of that name
            return self.tgt_ns.get(v.__name__, v)
        return v

    # --- one entry ------------------------------------------------------------------------------
    def _verify_entry(self, call: Call, origin: str, many: bool) -> None:
        rep = self.report
        info = {"name": call.name, "kind": call.kind, "origin": origin,
                "inputs": _describe_args(call), "init": None}
        rep.entries.append(info)
        label = call.name if call.kind == "function" else call.name
        if call.kind == "module":
            args, kwargs = self.src_rec.inits.get(id(call.obj), ((), {}))
            info["init"] = f"{call.name}({_fmt_args(args, kwargs)})"
            if call.index > 0:
                label = f"{call.name}#{call.index}"
        # source, again, in eval mode, logging every layer
        log = LayerLog()
        model = call.obj if call.kind == "module" else None
        try:
            if model is not None:
                model.eval()
            with hooked_layers(model, self.src_rec, log):
                src_out = self._call_source(call)
        except Exception as e:  # noqa: BLE001
            err = user_error(e)
            rep.outputs.append(_fail_row(label, f"the source raises in eval mode: {err['type']}: {err['message']}"))
            rep.error = rep.error or err
            return
        # the converted twin on the same inputs
        try:
            tgt_fn = self._target_callable(call)
            twin_call = self._twin_call(call)
            t_args = self._tgt(call.args, twin_call.args if twin_call else None)
            t_kwargs = self._tgt(call.kwargs, twin_call.kwargs if twin_call else None)
            _ivy_backends(self.ivy_tgt)
            tgt_out = tgt_fn(*t_args, **t_kwargs)
        except VerifyError as e:
            rep.outputs.append(_fail_row(label, str(e)))
            self._localise(call, log, label, model, force=True)
            return
        except Exception as e:  # noqa: BLE001
            err = user_error(e, CONVERTED_FILENAME)
            rep.outputs.append(_fail_row(label, f"the converted code raises ({self._where(err)}): "
                                                f"{err['type']}: {err['message']}"))
            self._localise(call, log, label, model, force=True)
            return
        rows = compare(src_out, tgt_out, label, self.atol, self.rtol, self.tgt_fw)
        rep.outputs += rows
        entry_verdict = worst(r["verdict"] for r in rows)
        self._localise(call, log, label, model, force=entry_verdict != PASS, entry_verdict=entry_verdict,
                       entry_rows=rows)

    def _twin_call(self, call: Call) -> Call | None:
        """The converted script's own call of the same entry, if it made one."""
        for c in self.tgt_rec.calls:
            if c.name == call.name and c.kind == call.kind and c.index == call.index:
                return c
        return None

    def _call_source(self, call: Call):
        args, kwargs = copy_value(call.args), copy_value(call.kwargs)
        _ivy_backends(self.ivy_src)
        if call.kind == "module":
            return call.obj(*args, **kwargs)
        fn = self.src_ns.get(call.name, call.obj)
        return fn(*args, **kwargs)

    def _target_callable(self, call: Call):
        if call.kind == "module":
            return self._twin(call.obj)
        fn = self.tgt_ns.get(call.name)
        if not callable(fn):
            raise VerifyError(f"the converted code defines no function {call.name}")
        return fn

    # --- localisation -------------------------------------------------------------------------
    def _localise(self, call: Call, log: LayerLog, label: str, model, force: bool,
                  entry_verdict: str | None = None, entry_rows: list | None = None) -> None:
        mode = self.req.get("layers") or "always"
        rep = self.report
        if mode == "never" or (mode != "always" and not force):
            return
        twin = None
        if model is not None:
            try:
                twin = self._twin(model)
            except VerifyError:
                twin = None
        prefix = f"{label}." if len(rep.entries) > 1 or call.kind == "function" else ""
        first = None
        compared = unmatched = 0
        for name, (args, kwargs, src_out) in log.records.items():
            if name == call.name and call.kind == "function":
                continue
            shown = prefix + name
            try:
                fn = self._layer_callable(name, twin)
            except LookupError as e:
                rep.unmatched.append({"name": shown, "message": str(e)})
                unmatched += 1
                continue
            compared += 1
            try:
                tgt_out = fn(*self._tgt(args), **self._tgt(kwargs))
            except Exception as e:  # noqa: BLE001
                err = user_error(e, CONVERTED_FILENAME)
                row = {"name": shown, "verdict": FAIL, "max_abs": None,
                       "message": f"raises ({self._where(err)}): {err['type']}: {err['message']}"}
            else:
                rows = compare(src_out, tgt_out, name, self.atol, self.rtol, self.tgt_fw)
                row = _merge(shown, rows)
            row["module"] = name.replace(".", "/") if name not in self.src_rec.functions else None
            row["entry"] = label
            rep.layers.append(row)
            if first is None and row["verdict"] != PASS:
                first = shown
        if entry_verdict is not None:
            row = _merge(label, entry_rows or [])
            row.update(module="", entry=label)
            rep.layers.append(row)
        if rep.first_divergence is None:
            if first is not None:
                rep.first_divergence = first
            elif entry_verdict not in (None, PASS) or force:
                rep.first_divergence = label
                if compared and not unmatched:
                    rep.notes.append(f"every layer of {label} matches on its own: the difference is "
                                     f"in {label}'s own code between the layers")

    def _layer_callable(self, name: str, twin):
        if name in self.src_rec.functions:
            fn = self.tgt_ns.get(name)
            if not callable(fn):
                raise LookupError(f"the converted code defines no function {name}")
            return fn
        if twin is None:
            raise LookupError("no converted model to look in")
        return _resolve(twin, name)


def _ivy_backends(restore: list | None = None) -> list | None:
    """The emulated ivy's backend stack (a copy), after putting ``restore`` back when given."""
    import sys
    ivy = sys.modules.get("tensorglot.runtime.ivy")
    if ivy is None:
        return None
    if restore is not None:
        ivy._backend_stack[:] = restore
    return list(ivy._backend_stack)


def _resolve(root, path: str):
    """The converted sublayer at a torch attribute path (``encoder.layers.0.attn``)."""
    obj = root
    for part in path.split("."):
        nxt = _child(obj, part)
        if nxt is None:
            raise LookupError(f"no converted counterpart for {path} (nothing at {part!r})")
        obj = nxt
    if not callable(obj):
        raise LookupError(f"the converted {path} is not callable")
    return obj


def _child(obj, part: str):
    if part.isdigit():
        i = int(part)
        for seq in (obj, getattr(obj, "_tg_children", None), getattr(obj, "layers", None)):
            if isinstance(seq, (list, tuple)) and i < len(seq):
                return seq[i]
        try:
            return obj[i]
        except Exception:  # noqa: BLE001
            pass
    if isinstance(obj, dict):
        return obj.get(part)
    try:
        return getattr(obj, part)
    except Exception:  # noqa: BLE001
        return None


def _merge(name: str, rows: list[dict]) -> dict:
    verdict = worst(r["verdict"] for r in rows) if rows else PASS
    figures = [r["max_abs"] for r in rows if r["max_abs"] is not None]
    msgs = [f"{r['name']}: {r['message']}" if len(rows) > 1 else r["message"]
            for r in rows if r["verdict"] != PASS and r["message"]]
    return {"name": name, "verdict": verdict, "max_abs": max(figures) if figures else None,
            "max_rel": max((r["max_rel"] for r in rows if r["max_rel"] is not None), default=None),
            "message": "; ".join(msgs) or None}


def _item(like, i):
    return like[i] if isinstance(like, (list, tuple)) and i < len(like) else None


def _fail_row(name: str, message: str) -> dict:
    return {"name": name, "verdict": FAIL, "shape": None, "dtype": None, "max_abs": None,
            "max_rel": None, "message": message}


def _describe_args(call: Call) -> dict:
    out = {}
    try:
        fn = call.obj.forward if call.kind == "module" else call.obj
        names = [p for p in inspect.signature(fn).parameters
                 if p != "self"]
    except (TypeError, ValueError, AttributeError):
        names = []
    for i, a in enumerate(call.args):
        out[names[i] if i < len(names) else f"arg{i}"] = spec_of(a)
    for k, v in call.kwargs.items():
        out[k] = spec_of(v)
    return out


def _fmt_args(args, kwargs) -> str:
    parts = [spec_of(a) for a in args] + [f"{k}={spec_of(v)}" for k, v in kwargs.items()]
    return ", ".join(parts)


def _import_attr(module: str, attr: str):
    if not module:
        return None
    try:
        return getattr(importlib.import_module(module), attr)
    except Exception:  # noqa: BLE001 - a target without a model base class
        return None


def _tensor_maker(fw: str):
    """engine NDArray -> a tensor of framework ``fw`` (the type its public constructor returns)."""
    mod_name, fn_name = TENSOR_MAKERS[fw]
    make = getattr(importlib.import_module(mod_name), fn_name)
    sample = make([0.0])
    new = getattr(type(sample), "_new", None)
    if new is not None and as_array(sample) is getattr(sample, "_a", None):
        return new
    return lambda a: make(a.tolist(), dtype=a.dtype)
