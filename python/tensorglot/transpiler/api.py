"""The transpile entry point: result dict per DESIGN.md, never raises."""
from __future__ import annotations

import gc
from operator import itemgetter
import time
import traceback

from .targets import SOURCES, TARGETS


def _result(code, diagnostics, line_map, apis, converted, unsupported, t0):
    return {"code": code, "diagnostics": diagnostics, "line_map": line_map,
            "stats": {"apis": apis, "converted": converted, "unsupported": unsupported,
                      "ms": round((time.perf_counter() - t0) * 1000, 3)}}


def _identity_map(source: str):
    return [[i, i] for i in range(1, len(source.splitlines()) + 1)]


def _error(message, line=1, col=1, end_line=None, end_col=None):
    return {"severity": "error", "message": message, "line": line, "col": col,
            "end_line": end_line or line, "end_col": end_col or col, "api": None}


def _converter():
    """The Converter class, imported on first use (an import statement per call costs more
    than a small conversion's line map)."""
    global _CONVERTER
    if _CONVERTER is None:
        from .convert import Converter
        _CONVERTER = Converter
    return _CONVERTER


_CONVERTER = None
_DIAG_ORDER = itemgetter("line", "col")  # diagnostics by position


def transpile(source: str, source_fw: str = "torch", target: str = "tensorflow") -> dict:
    """Convert ``source`` (``source_fw`` code) to ``target`` code."""
    t0 = time.perf_counter()
    if not isinstance(source, str):
        return _result("", [_error(f"source must be a str, not {type(source).__name__}")], [], 0, 0, 0, t0)
    if source_fw not in SOURCES:
        return _result(source, [_error(f"unknown source framework {source_fw!r}; "
                                       f"supported: {', '.join(SOURCES)}")], _identity_map(source), 0, 0, 0, t0)
    if target not in TARGETS:
        return _result(source, [_error(f"unknown target framework {target!r}; "
                                       f"supported: {', '.join(TARGETS)}")], _identity_map(source), 0, 0, 0, t0)
    # the cyclic collector paused for the conversion: it would walk the young syntax tree and
    # the converter's many short-lived objects about every 700 allocations, ~10% of the time,
    # to find next to nothing (refcounting frees the converter's objects; its few cycles wait for the next
    # collection after it)
    paused = gc.isenabled()
    gc.disable()
    try:
        return _transpile(source, source_fw, target, t0)
    finally:
        if paused:
            gc.enable()


def _transpile(source: str, source_fw: str, target: str, t0: float) -> dict:
    try:
        tree = compile(source, "<source>", "exec", dont_inherit=True, flags=0x400)  # ast.PyCF_ONLY_AST
    except SyntaxError as e:
        line = e.lineno or 1
        # SyntaxError offsets are 1-based, end exclusive: as diagnostics' columns (Monaco's too)
        col = max(1, e.offset or 1)
        end_col = e.end_offset if e.end_offset and e.end_offset > col else col + 1
        return _result(source, [_error(f"SyntaxError: {e.msg}", line, col, e.end_lineno or line,
                                       end_col)], _identity_map(source), 0, 0, 0, t0)
    except (ValueError, RecursionError, MemoryError) as e:  # CPython: nesting too deep to parse
        return _result(source, [_error(f"the source nests too deeply for Python's parser ({type(e).__name__}"
                                       + (f": {e})" if str(e) else ")"))], _identity_map(source), 0, 0, 0, t0)
    try:
        conv = _converter()(source, source_fw, target)
        code, line_map = conv.run(tree)
        diags = sorted(conv.diags, key=_DIAG_ORDER) if conv.diags else []
        return _result(code, diags, line_map, conv.apis, conv.converted, conv.unsupported, t0)
    except RecursionError:
        return _result(source, [_error("the source nests expressions too deeply to convert")],
                       _identity_map(source), 0, 0, 0, t0)
    except Exception:
        return _result(source, [_error("internal transpiler error (a bug):\n" + traceback.format_exc())],
                       _identity_map(source), 0, 0, 0, t0)
