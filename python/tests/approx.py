"""Approximate equality of plain numbers and nested lists (``.tolist()`` results)."""


def close(a, b, tol=1e-5):
    """True when ``a`` and ``b`` (numbers or equally nested lists) agree within ``tol``,
    relative to ``b`` when ``|b| > 1``."""
    if isinstance(a, list):
        return len(a) == len(b) and all(close(x, y, tol) for x, y in zip(a, b))
    return abs(a - b) <= tol * max(1.0, abs(b))
