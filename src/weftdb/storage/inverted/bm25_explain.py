"""Weaviate's ``explainScore`` text for BM25 hits.

Weaviate collects ``BM25F_<term>_frequency`` and ``BM25F_<term>_propLength`` per
matched query term in a map and renders it as ``", key:value"`` pairs with Go's
``%v`` of a float32 (so a key seen in several properties appears once, with the
last property's values; Weaviate's map order is random, ours is the properties'
order, then the query terms'). For ``usingBlockMaxWAND: false`` the values are the
term's frequency and length summed over the searched properties.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from weftdb.goformat import go_float32
from weftdb.storage.inverted.postings import Ids, Postings


@dataclass(frozen=True)
class Contribution:
    """What one property (or, for BM25F, one merged term) added to the scores:
    the objects it scored (ascending) and the postings of its terms."""

    prop: str
    terms: list[str]
    lists: list[Postings]
    ids: Ids
    scores: npt.NDArray[np.floating[Any]]


def explain(hits: Sequence[int], parts: Sequence[Contribution]) -> list[str]:
    """The explainScore text of each hit (doc ids)."""
    wanted = np.asarray(hits, dtype=np.intp)
    entries: list[dict[str, str]] = [{} for _ in hits]
    for part in parts:
        present = _positions(part.ids, wanted) >= 0
        if not present.any():
            continue
        for term, postings in zip(part.terms, part.lists):
            where = _positions(postings.ids, wanted)
            for i in np.flatnonzero(present & (where >= 0)).tolist():
                pos = where[i]
                entries[i][f"BM25F_{term}_frequency"] = go_float32(float(postings.tf[pos]))
                entries[i][f"BM25F_{term}_propLength"] = go_float32(float(postings.lengths[pos]))
    return ["".join(f", {key}:{value}" for key, value in found.items()) for found in entries]


def _positions(ids: Ids, wanted: Ids) -> Ids:
    """Index of each wanted id in the sorted ``ids``, -1 where absent."""
    if not len(ids):
        return np.full(len(wanted), -1, np.intp)
    pos = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
    return np.where(ids[pos] == wanted, pos, -1)
