"""Weaviate's autocut (entities/autocut): cut a ranked list after the N-th jump.

The scores are normalised to [0, 1] along the list and compared with the
straight line from first to last; a local maximum of (normalised score - line)
marks a jump, and the list is cut before the ``cut_off``-th one.
"""

from __future__ import annotations

from collections.abc import Sequence


def autocut(values: Sequence[float], cut_off: int) -> int:
    """How many of ``values`` (distances ascending, or scores descending) to keep."""
    n = len(values)
    if n <= 1:
        return n
    first, last = values[0], values[-1]
    step = 1.0 / (n - 1)
    span = last - first
    diff = [((v - first) / span if span else float("nan")) - i * step for i, v in enumerate(values)]
    extrema = 0
    for i in range(1, n):
        if i == n - 1:
            is_peak = diff[i] > diff[i - 1] and diff[i] > diff[i - 2]
        else:
            is_peak = diff[i] > diff[i - 1] and diff[i] > diff[i + 1]
        if is_peak:
            extrema += 1
            if extrema >= cut_off:
                return i
    return n
