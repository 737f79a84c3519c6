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
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from weftdb.entities.search import FusionType, SearchHit
from weftdb.goformat import go_float32

F32 = np.float32
#: the ``k`` of reciprocal rank fusion (a constant in Weaviate)
RANK_CONSTANT = 60
#: result set names as Weaviate writes them in explainScore
KEYWORD_SET = "keyword,bm25"
VECTOR_SET = "vector,hybridVector"
NEAR_VECTOR_SET = "vector,nearVector"


@dataclass(slots=True)
class LegHit:
    hit: SearchHit
    secondary: np.float32


@dataclass
class Leg:
    name: str
    weight: float
    hits: list[LegHit] = field(default_factory=list)


@dataclass(slots=True)
class Fused:
    hit: SearchHit
    secondary: np.float32
    score: np.float32
    #: per leg that found the object, in leg order: the leg's name, the object's value in
    #: it and what it added (relative score: the normalised value; ranked: weight / rank)
    parts: list[tuple[str, np.float32, np.float32]]
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
    return Leg(KEYWORD_SET, weight, [LegHit(h, F32(h.score or 0.0)) for h in hits])


def vector_leg(name: str, weight: float, hits: list[SearchHit]) -> Leg:
    """The vector leg; each hit carries its distance."""
    return Leg(name, weight, [LegHit(h, F32(1) - F32(h.distance or 0.0)) for h in hits])


def fuse(fusion: FusionType, legs: list[Leg]) -> list[Fused]:
    if fusion is FusionType.RANKED:
        return fuse_ranked(legs)
    return fuse_relative_score(legs)


def fuse_ranked(legs: list[Leg]) -> list[Fused]:
    combined: dict[uuidlib.UUID, Fused] = {}
    for leg in legs:
        for rank, item in enumerate(leg.hits):
            key = item.hit.obj.id
            score = F32(leg.weight / (rank + RANK_CONSTANT))
            previous = combined.get(key)
            if previous is not None:
                parts = previous.parts + [(leg.name, item.secondary, score)]
                combined[key] = Fused(item.hit, item.secondary, F32(score + previous.score), parts, True)
            else:
                combined[key] = Fused(item.hit, item.secondary, score, [(leg.name, item.secondary, score)], True)
    return sort_fused(list(combined.values()))


def fuse_relative_score(legs: list[Leg]) -> list[Fused]:
    if not legs or not legs[0].hits and (len(legs) == 1 or not legs[1].hits):
        return []
    combined: dict[uuidlib.UUID, Fused] = {}
    for leg in legs:
        normalise = _normaliser(leg)
        for item in leg.hits:
            key = item.hit.obj.id
            score = normalise(item.secondary)
            parts = [(leg.name, item.secondary, score)]
            previous = combined.get(key)
            if previous is not None:
                parts = previous.parts + parts
                score = F32(score + previous.score)
            combined[key] = Fused(item.hit, item.secondary, score, parts, False)
    return sort_fused(list(combined.values()))


def _normaliser(leg: Leg) -> Callable[[np.float32], np.float32]:
    weight = F32(leg.weight)
    if not leg.hits:
        return lambda value: weight
    values = [item.secondary for item in leg.hits]
    low, high = min(values), max(values)
    if low == high:
        return lambda value: weight
    span = F32(high - low)
    return lambda value: F32(weight * F32(F32(value - low) / span))


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
