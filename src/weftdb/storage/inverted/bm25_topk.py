"""Summing scores per object and choosing the top k with Weaviate's tie order.

(Exact MaxScore pruning, looking small terms up for the candidates of the others,
was measured on the WordNet glosses and lost at every posting-list size up to 20k:
merging a query's sorted posting lists is cheap enough.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from weftdb.storage.inverted.postings import Ids

F64 = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]
_NO_IDS: Ids = np.zeros(0, np.intp)


def sum_by_id(
    ids_parts: Sequence[Ids], value_parts: Sequence[npt.NDArray[np.floating]], counts: bool = False
) -> tuple[Ids, F64, Ids]:
    """Distinct ids (ascending), the sum of their values (float64) and, with ``counts``,
    how many parts had them. Each part's ids are ascending, so a stable sort of their
    concatenation only merges sorted runs."""
    if len(ids_parts) == 1:
        ones = np.ones(len(ids_parts[0]), np.intp) if counts else _NO_IDS
        return ids_parts[0], value_parts[0].astype(np.float64, copy=False), ones
    ids = np.concatenate(ids_parts) if ids_parts else _NO_IDS
    n = len(ids)
    if not n:
        return _NO_IDS, np.zeros(0, np.float64), _NO_IDS
    order = ids.argsort(kind="stable")
    ordered = ids[order]
    first = np.empty(n, dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = first.nonzero()[0]
    sums = np.add.reduceat(np.concatenate(value_parts).astype(np.float64, copy=False)[order], starts)
    if not counts:
        return ordered[starts], sums, _NO_IDS
    per_id = np.empty(len(starts), np.intp)
    np.subtract(starts[1:], starts[:-1], out=per_id[:-1])
    per_id[-1] = n - starts[-1]
    return ordered[starts], sums, per_id


def top_k(ids: Ids, scores: F32, k: int) -> tuple[Ids, F32]:
    """The best ``k`` by score, ties by lower doc id, in that order (all when k <= 0)."""
    n = len(ids)
    if 0 < k < n:
        kth = np.partition(scores, n - k)[n - k]
        chosen = (scores >= kth).nonzero()[0]
        if len(chosen) > k:  # ties at the k-th score: the lower doc ids (ids ascend) stay
            above = (scores > kth).nonzero()[0]
            ties = (scores == kth).nonzero()[0][: k - len(above)]
            chosen = np.concatenate([above, ties])
        ids, scores = ids[chosen], scores[chosen]
    order = np.lexsort((ids, -scores))
    return ids[order], scores[order]
