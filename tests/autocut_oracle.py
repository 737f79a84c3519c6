"""Autocut as Weaviate computes it (entities/autocut/autocut.go), written apart from
weftdb's own (usecases/search/autocut.py) so the acceptance tests do not take the
implementation as their reference.

The scores are normalised to [0, 1] from the first to the last, the line from 0 to 1
is subtracted, and the result is cut before the ``jumps``-th local maximum of that
difference (the last point counts as one when it beats the two before it). float32 as Go.
"""

from __future__ import annotations

import numpy as np


def autocut_keep(scores: list[float], jumps: int) -> int:
    """How many of ``scores`` (best first) autocut keeps."""
    n = len(scores)
    if n <= 1:
        return n
    y = np.asarray(scores, dtype=np.float32)
    x = np.arange(n, dtype=np.float32) * (np.float32(1) / np.float32(n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        diff = (y - y[0]) / (y[-1] - y[0]) - x
    found = 0
    for i in range(1, n):
        after = diff[i - 2] if i == n - 1 else diff[i + 1]
        if diff[i] > diff[i - 1] and diff[i] > after:
            found += 1
            if found >= jumps:
                return i
    return n
