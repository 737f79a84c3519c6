"""Weaviate's two hybrid fusions (usecases/traverser/hybrid/hybrid_fusion.go).

Each leg ("result set") is a ranked list of hits with a *secondary sort value*:
the BM25 score for the keyword leg, ``1 - distance`` for the vector leg. The legs
come vector first, keyword second (explorer_hybrid.go), and an object found by
both ends up as the hit of the later leg (its distance and secondary value).

- ranked (reciprocal rank fusion): an object at rank ``i`` (from 0) of a leg with
  weight ``w`` earns ``float32(w / (i + 60))``; contributions add up in float32.
- relative score: per leg the secondary values are min-max normalised to [0, 1]
  and multiplied by ``float32(w)`` (all equal: each gets ``w``); contributions add up.

All arithmetic is float32 as in Go. Both sort by score descending; scores closer
than 1e-7 tie and fall back to the secondary value (descending), then the uuid
string (ascending). ``explain`` reproduces Weaviate's explainScore texts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from weftdb.entities.search import FusionType, SearchHit
from weftdb.goformat import go_float32

F32 = np.float32
#: the ``k`` of reciprocal rank fusion (a constant in Weaviate)
RANK_CONSTANT = 60
#: result set names as Weaviate writes them in explainScore
KEYWORD_SET = "keyword,bm25"
VECTOR_SET = "vector,hybridVector"
NEAR_VECTOR_SET = "vector,nearVector"


@dataclass
class Leg:
    """One result set: its hits, best first, and each hit's secondary value (float32)."""

    name: str
    weight: float
    hits: list[SearchHit] = field(default_factory=list)
    secondary: npt.NDArray[np.float32] = field(default_factory=lambda: np.zeros(0, np.float32))


@dataclass(slots=True)
class Fused:
    """A fused object. ``secondary``, ``score`` and the parts' values are float32 values
    (held as Python floats: per-object numpy scalars cost more than the fusion)."""

    hit: SearchHit
    secondary: float
    score: float
    #: per leg that found the object, in leg order: the leg's name, the object's value in
    #: it and what it added (relative score: the normalised value; ranked: weight / rank)
    parts: list[tuple[str, float, float]]
    ranked: bool

    @property
    def explain(self) -> str:
        """Weaviate's explainScore (built when read: formatting costs more than fusing)."""
        key = str(self.hit.obj.id)
        if self.ranked:
            return "".join(f"\nHybrid (Result Set {name}) Document {key} contributed {go_float32(float(added))} "
                           "to the score" for name, _, added in self.parts)
        return " - ".join(f"\nHybrid (Result Set {name}) Document {key}: original score {go_float32(float(value))}, "
                          f"normalized score: {go_float32(float(added))}" for name, value, added in reversed(self.parts))


def keyword_leg(weight: float, hits: list[SearchHit]) -> Leg:
    """The keyword leg; each hit carries its BM25 score."""
    return Leg(KEYWORD_SET, weight, hits, np.array([h.score or 0.0 for h in hits], np.float32))


def vector_leg(name: str, weight: float, hits: list[SearchHit]) -> Leg:
    """The vector leg; each hit carries its distance."""
    return Leg(name, weight, hits, F32(1) - np.array([h.distance or 0.0 for h in hits], np.float32))


def fuse(fusion: FusionType, legs: list[Leg]) -> list[Fused]:
    if fusion is FusionType.RANKED:
        return fuse_ranked(legs)
    return fuse_relative_score(legs)


def fuse_ranked(legs: list[Leg]) -> list[Fused]:
    added = [(np.float64(leg.weight) / (np.arange(len(leg.hits)) + RANK_CONSTANT)).astype(np.float32)
             for leg in legs]
    return sort_fused(_combine(legs, added, ranked=True))


def fuse_relative_score(legs: list[Leg]) -> list[Fused]:
    if not legs or not legs[0].hits and (len(legs) == 1 or not legs[1].hits):
        return []
    return sort_fused(_combine(legs, [_normalised(leg) for leg in legs], ranked=False))


def _combine(legs: list[Leg], added: list[npt.NDArray[np.float32]], ranked: bool) -> list[Fused]:
    """One entry per object; an object in several legs sums what each added (float32)
    and keeps the later leg's hit and secondary value."""
    combined: dict[int, Fused] = {}  # by the id's int: hashing a UUID runs Python code
    for leg, scores in zip(legs, added):
        for hit, value, score in zip(leg.hits, leg.secondary.tolist(), scores.tolist()):
            key = hit.obj.id.int
            previous = combined.get(key)
            if previous is None:
                combined[key] = Fused(hit, value, score, [(leg.name, value, score)], ranked)
            else:
                total = float(F32(score) + F32(previous.score))
                combined[key] = Fused(hit, value, total, [*previous.parts, (leg.name, value, score)], ranked)
    return list(combined.values())


def _normalised(leg: Leg) -> npt.NDArray[np.float32]:
    """``weight * (value - low) / (high - low)`` per hit, each step in float32 (all ``weight``
    when the values are equal)."""
    weight = F32(leg.weight)
    values = leg.secondary
    if not len(values):
        return values
    low, high = values.min(), values.max()
    if low == high:
        return np.full(len(values), weight, np.float32)
    span = F32(high - low)
    normalised: npt.NDArray[np.float32] = weight * ((values - low) / span)
    return normalised


def _compare(a: Fused, b: Fused) -> int:
    """Weaviate's descending order (negative: ``a`` first)."""
    delta = float(F32(b.score - a.score))
    if delta * delta < 1e-14:
        delta2 = float(F32(b.secondary - a.secondary))
        if delta2 * delta2 < 1e-14:
            ida, idb = str(a.hit.obj.id), str(b.hit.obj.id)
            return -1 if ida < idb else (1 if ida > idb else 0)
        return -1 if a.secondary > b.secondary else 1
    return -1 if a.score > b.score else 1


def sort_fused(items: list[Fused]) -> list[Fused]:
    """Sorted by ``_compare``. Sorting by exact keys (score, secondary value descending,
    id ascending: the id's int orders as its string) gives the same order unless two
    neighbours differ by less than the comparator's tolerance; only then is the
    comparator run (over the nearly sorted list)."""
    items.sort(key=lambda f: (-f.score, -f.secondary, f.hit.obj.id.int))
    if len(items) > 1:
        scores = np.array([f.score for f in items], np.float32)
        secondaries = np.array([f.secondary for f in items], np.float32)
        score_gap = (scores[1:] - scores[:-1]).astype(np.float64)
        secondary_gap = (secondaries[1:] - secondaries[:-1]).astype(np.float64)
        near = score_gap * score_gap < 1e-14
        fuzzy = near & ((score_gap != 0) | ((secondary_gap * secondary_gap < 1e-14) & (secondary_gap != 0)))
        if fuzzy.any():
            items.sort(key=functools.cmp_to_key(_compare))
    return items


def to_hits(fused: list[Fused], explain: bool = True) -> list[SearchHit]:
    """The fused results as hits: score (and explainScore when ``explain``) set, the
    distance of the kept leg hit (0 for a keyword hit) kept for grouping."""
    out = []
    for item in fused:
        hit = item.hit
        out.append(SearchHit(hit.obj, distance=hit.distance if hit.distance is not None else 0.0,
                             score=float(item.score), explain_score=item.explain if explain else None))
    return out
