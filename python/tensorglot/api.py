"""JSON-in / JSON-out entry points shared by the web worker and the CLI.

Every request returns ``{"ok": true, "result": ...}`` or ``{"ok": false, "error":
{"type", "message", "traceback", "line"}}``; nothing raises across this boundary,
so the worker and the CLI never have to guess what a Python failure looks like.
"""
from __future__ import annotations

import json
import time
import traceback
from typing import Any, Callable


#: Larger sources are refused up front: the pure-Python pipeline would keep the worker
#: busy for tens of seconds on them, and no hand-written model file is this big.
MAX_SOURCE_CHARS = 512 * 1024


def _too_large(source: str) -> str | None:
    if len(source) <= MAX_SOURCE_CHARS:
        return None
    return (f"Source is {len(source) / 1024:.0f} KB; Tensorglot handles files up to "
            f"{MAX_SOURCE_CHARS // 1024} KB in the browser. Split the file or paste the part to convert.")


class SourceTooLarge(ValueError):
    pass


def _source(req: dict) -> str:
    source = req.get("source")
    if not isinstance(source, str):
        raise ValueError("request has no 'source' string")
    msg = _too_large(source)
    if msg:
        raise SourceTooLarge(msg)
    return source


def transpile(req: dict) -> dict:
    from .transpiler import transpile as _transpile
    source = req.get("source") if isinstance(req.get("source"), str) else ""
    msg = _too_large(source)
    if msg:
        return {"code": "", "diagnostics": [{"severity": "error", "message": msg, "line": 1, "col": 0, "end_line": 1,
                                             "end_col": 0, "api": None}],
                "line_map": [], "stats": {"apis": 0, "converted": 0, "unsupported": 0, "ms": 0.0}}
    return _transpile(source, source_fw=req.get("from", "torch"), target=req.get("to", "tensorflow"))


def run(req: dict) -> dict:
    from .runtime import service
    _source(req)
    return service.run(req)


def trace(req: dict) -> dict:
    from .runtime import service
    _source(req)
    return service.trace(req)


def verify(req: dict) -> dict:
    from .verify import verify as _verify
    _source(req)
    return _verify(req)


HANDLERS: dict[str, Callable[[dict], dict]] = {"transpile": transpile, "run": run, "trace": trace, "verify": verify}


def call(kind: str, req: dict) -> dict:
    """Dispatch one request; internal failures come back as an error object, never raise."""
    t0 = time.perf_counter()
    try:
        handler = HANDLERS[kind]
    except KeyError:
        return {"ok": False, "error": {"type": "ValueError", "message": f"unknown request kind {kind!r}", "traceback": "", "line": None}}
    try:
        result = handler(req)
    except SourceTooLarge as e:
        return {"ok": False, "error": {"type": "SourceTooLarge", "message": str(e), "traceback": "", "line": None}}
    except KeyboardInterrupt:
        return {"ok": False, "error": {"type": "KeyboardInterrupt", "message": "Interrupted by Stop", "traceback": "", "line": None}}
    except BaseException as e:  # an internal bug: report it with its traceback
        return {"ok": False, "error": {"type": type(e).__name__, "message": str(e), "traceback": traceback.format_exc(), "line": None}}
    if isinstance(result, dict) and "ms" not in result and kind != "transpile":
        result["ms"] = (time.perf_counter() - t0) * 1000
    return {"ok": True, "result": result}


def handle(kind: str, payload: str) -> str:
    """The worker's single entry point: a JSON string in, a JSON string out."""
    try:
        req = json.loads(payload)
    except ValueError as e:
        return json.dumps({"ok": False, "error": {"type": "ValueError", "message": f"bad request: {e}", "traceback": "", "line": None}})
    return json.dumps(_finite(call(kind, req)), default=repr, allow_nan=False)


def _finite(o: Any) -> Any:
    """JSON has no NaN/Infinity (JSON.parse rejects them): send them as strings."""
    if isinstance(o, float):
        return o if o == o and o not in (float("inf"), float("-inf")) else repr(o)
    if isinstance(o, dict):
        return {k: _finite(v) for k, v in o.items()}
    if isinstance(o, (list, tuple, set)):
        return [_finite(v) for v in o]
    return o
