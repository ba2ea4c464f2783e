"""Source text with (line, col) <-> offset mapping, span edits and the line map.

``ast`` reports columns in UTF-8 bytes; edits work on str offsets, so every
position goes through :meth:`Source.offset`.
"""
from __future__ import annotations

import ast
from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import NamedTuple


class Edit(NamedTuple):
    """Replace source offsets [start, end) with text (a NamedTuple: edits are made by the
    hundred per conversion, and a frozen dataclass's __init__ costs several times more)."""
    start: int
    end: int
    text: str


class Edits(list):
    """The converter's edits, in the order made (appended only), with an index of them by
    start offset: "which edits lie within this span" (render, once per argument) is a bisect
    rather than a pass over every edit of the file."""

    def __init__(self):
        super().__init__()
        # the edits' starts, sorted (ties in the order made), and their positions in the list
        self._starts: list[int] = []
        self._order: list[int] = []

    def starting_in(self, a: int, b: int) -> list[Edit]:
        """The edits with a <= start <= b, by start, then in the order made."""
        starts, order = self._starts, self._order
        if len(order) < len(self):
            for i in range(len(order), len(self)):  # index the edits made since the last call
                start = self[i][0]
                if not starts or starts[-1] <= start:
                    starts.append(start)   # edits come mostly in source order
                    order.append(i)
                else:  # after the equal starts: those were made earlier
                    at = bisect_right(starts, start)
                    starts.insert(at, start)
                    order.insert(at, i)
        lo = bisect_left(starts, a)
        hi = bisect_right(starts, b, lo)
        if lo == hi:  # most arguments: nothing converted inside
            return []
        return [self[i] for i in order[lo:hi]]


class Source:
    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.line_starts = [0, *accumulate(map(len, self.lines))]
        self._ascii = text.isascii()
        self._nlines = len(self.lines)
        if self._ascii:  # spans are asked for every converted node: a closure, no attribute loads
            self.span = _ascii_span(self.line_starts, self._nlines, len(text))

    def offset(self, line: int, col_bytes: int) -> int:
        """str offset of an ast (1-based line, byte column) position."""
        if line - 1 >= len(self.lines):
            return len(self.text)
        start = self.line_starts[line - 1]
        if self._ascii:
            return start + col_bytes
        raw = self.lines[line - 1].encode("utf-8")[:col_bytes]
        return start + len(raw.decode("utf-8", errors="ignore"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        if self._ascii:  # offset() inlined: spans are asked for every converted node
            end_line = node.end_lineno
            if end_line <= self._nlines:  # (and so is lineno)
                starts = self.line_starts
                return starts[node.lineno - 1] + node.col_offset, starts[end_line - 1] + node.end_col_offset
            starts, n = self.line_starts, len(self.lines)
            line = node.lineno
            return (starts[line - 1] + node.col_offset if line <= n else len(self.text),
                    starts[end_line - 1] + node.end_col_offset if end_line <= n else len(self.text))
        return (self.offset(node.lineno, node.col_offset),
                self.offset(node.end_lineno, node.end_col_offset))

    def seg(self, node: ast.AST) -> str:
        a, b = self.span(node)
        return self.text[a:b]

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    def col_of(self, offset: int) -> int:
        return offset - self.line_starts[self.line_of(offset) - 1]


def _ascii_span(starts: list[int], n: int, size: int):
    """Source.span of an ASCII text (byte columns are str offsets) with these line starts, line
    count and length; it holds no reference to the Source (no reference cycle)."""
    def span(node: ast.AST) -> tuple[int, int]:
        end_line = node.end_lineno
        if end_line <= n:  # (and so is lineno)
            return starts[node.lineno - 1] + node.col_offset, starts[end_line - 1] + node.end_col_offset
        line = node.lineno
        return starts[line - 1] + node.col_offset if line <= n else size, size
    return span


def apply_edits(src: Source, edits: list[Edit]) -> tuple[str, list[list[int]]]:
    """Apply edits back to front; return (new text, line map [[src_line, out_line]]).

    Of overlapping edits the outermost (earliest-starting, longest) wins: an
    enclosing rewrite already contains its inner conversions. Insertions
    (start == end) at one offset keep their order.
    """
    keys = [(s, e > s, s - e, -i if e > s else i) for i, (s, e, _) in enumerate(edits)]
    text = src.text
    out: list[str] = []
    # (edit start, edit end, output offset of its replacement, output - source offset after it)
    anchors: list[tuple[int, int, int, int]] = []
    pos = out_len = 0
    reach = -1
    for i in sorted(range(len(edits)), key=keys.__getitem__):
        start, end, new = edits[i]
        if start < reach:  # inside an edit kept already
            continue
        if end > reach:
            reach = end
        out.append(text[pos:start])
        out.append(new)
        out_len += start - pos
        anchors.append((start, end, out_len, out_len + len(new) - end))
        out_len += len(new)
        pos = end
    out.append(text[pos:])
    text = "".join(out)
    line_map: list[list[int]] = []
    k = 0
    delta = 0
    # output line of offset o: 1 + the newlines before o, counted on from the previous
    # (smaller) offset: no list of the output's line starts (the support code's many lines)
    out_line, counted = 1, 0
    count = text.count
    n = len(anchors)
    beyond = len(src.text) + 1  # after every line start
    next_start, next_end = anchors[0][:2] if n else (beyond, beyond)
    for li, s in enumerate(src.line_starts[:len(src.lines)], 1):
        if next_end <= s:
            # edits ending at or before this line start (start <= end, so this is every edit that
            # ends before it, ends at it, or is an insertion at it) shift what follows
            while k < n and anchors[k][1] <= s:
                delta = anchors[k][3]
                k += 1
            next_start, next_end = anchors[k][:2] if k < n else (beyond, beyond)
        # inside a replaced span: its replacement's start
        o = anchors[k][2] if next_start <= s else s + delta
        if o < counted:  # not expected (source line starts map in order); count afresh
            out_line, counted = 1, 0
        out_line += count("\n", counted, o)
        counted = o
        line_map.append([li, out_line])
    return text, line_map
