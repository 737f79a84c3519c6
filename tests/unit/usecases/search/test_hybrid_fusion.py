"""The two hybrid fusions against hand-computed cases and Weaviate's own Go test
expectations (usecases/traverser/hybrid/fusion_test.go, searcher_test.go)."""

from __future__ import annotations

import functools
import random
import uuid

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weftdb.entities.objects import StoredObject
from weftdb.entities.search import FusionType, SearchHit
from weftdb.goformat import go_float32
from weftdb.usecases.search.fusion import (
    KEYWORD_SET,
    VECTOR_SET,
    Fused,
    Leg,
    _compare,
    fuse,
    fuse_ranked,
    fuse_relative_score,
    keyword_leg,
    sort_fused,
    to_hits,
    vector_leg,
)

F32 = np.float32


def obj(n: int) -> StoredObject:
    return StoredObject(uuid.UUID(int=n), "C", {})


def leg(weight: float, secondaries: list[float], name: str = "set", objects: list[int] | None = None) -> Leg:
    """A result set whose j-th hit is object j (as the Go tests build them), or ``objects[j]``."""
    ids = objects if objects is not None else list(range(len(secondaries)))
    return Leg(name, weight, [SearchHit(obj(j)) for j in ids], np.array(secondaries, np.float32))


def order(fused: list[Fused]) -> list[int]:
    return [f.hit.obj.id.int for f in fused]


# fusion_test.go TestFusionRelativeScore, case by case
RELATIVE_CASES = [
    ([0.5, 0.5], [[1, 2, 3], [0, 1, 2]], [1, 0.5, 0], [2, 1, 0]),
    ([0.5, 0.5], [[0, 2, 0.1], [0, 0.2, 2]], [0.55, 0.525, 0], [1, 2, 0]),
    ([0.75, 0.25], [[0.5, 0.5, 0], [0, 0.01, 0.001]], [1, 0.75, 0.025], [1, 0, 2]),
    ([0.75, 0.25], [[], []], [], []),
    ([0.75, 0.25], [[1], []], [0.75], [0]),
    ([0.75, 0.25], [[], [1]], [0.25], [0]),
    ([0.75, 0.25], [[1, 2], []], [0.75, 0], [1, 0]),
    ([0.75, 0.25], [[], [1, 2]], [0.25, 0], [1, 0]),
    ([0.75, 0.25], [[1, 1], [1, 2]], [1, 0.75], [1, 0]),
    ([1], [[1, 2, 3]], [1, 0.5, 0], [2, 1, 0]),
    ([0.75, 0.25], [[1, 2, 3, 4], [1, 2, 3]], [0.75, 0.75, 0.375, 0], [3, 2, 1, 0]),
    ([0.75, 0.25, 0.1], [[1, 2, 3, 4], [1, 2, 3], [4, 5]], [0.75, 0.75, 0.475, 0], [3, 2, 1, 0]),
]


@pytest.mark.parametrize(("weights", "inputs", "scores", "expected_order"), RELATIVE_CASES)
def test_relative_score_matches_weaviates_table(
    weights: list[float], inputs: list[list[float]], scores: list[float], expected_order: list[int]
) -> None:
    fused = fuse_relative_score([leg(w, s) for w, s in zip(weights, inputs)])
    assert [float(f.score) for f in fused] == pytest.approx(scores, abs=1e-4)
    assert order(fused) == expected_order


def test_relative_score_explain_text() -> None:
    keyword = leg(0.5, [0.5, 0.1], "keyword")
    vector = leg(0.5, [2, 1], "vector")
    first = fuse_relative_score([keyword, vector])[0]
    u0 = uuid.UUID(int=0)
    assert first.explain == (
        f"\nHybrid (Result Set vector) Document {u0}: original score 2, normalized score: 0.5"
        f" - \nHybrid (Result Set keyword) Document {u0}: original score 0.5, normalized score: 0.5"
    )


def test_ranked_reciprocal_ranks_and_explain() -> None:
    """searcher_test.go "combined hybrid search": both at rank 0 with weight 0.5 score
    0.5/60 = 0.008333334; the tie goes to the higher secondary value (the vector hit)."""
    vector = vector_leg(VECTOR_SET, 0.5, [SearchHit(obj(2), distance=0.008)])
    keyword = keyword_leg(0.5, [SearchHit(obj(1), score=0.008)])
    fused = fuse_ranked([vector, keyword])
    assert order(fused) == [2, 1]
    assert fused[0].score == F32(0.008333334)
    assert fused[0].explain == f"\nHybrid (Result Set {VECTOR_SET}) Document {uuid.UUID(int=2)} contributed 0.008333334 to the score"


def test_ranked_sums_contributions_in_float32() -> None:
    u = uuid.UUID(int=1)
    vector = vector_leg(VECTOR_SET, 0.7, [SearchHit(obj(9), distance=0.1), SearchHit(obj(1), distance=0.2)])
    keyword = keyword_leg(0.3, [SearchHit(obj(1), score=3.0)])
    fused = fuse_ranked([vector, keyword])
    first = F32(0.7 / 61)
    second = F32(0.3 / 60)
    assert order(fused) == [1, 9]
    assert fused[0].score == F32(first + second)
    assert fused[0].explain == (
        f"\nHybrid (Result Set {VECTOR_SET}) Document {u} contributed {go_float32(float(first))} to the score"
        f"\nHybrid (Result Set {KEYWORD_SET}) Document {u} contributed {go_float32(float(second))} to the score"
    )
    # the object ends up as the keyword hit: no distance, the BM25 score as secondary value
    assert fused[0].secondary == F32(3.0)


def test_relative_score_hand_computed_hybrid() -> None:
    """alpha 0.75: vector distances 0.1, 0.3, 0.5 -> secondary 0.9, 0.7, 0.5 -> normalised
    1, 0.5, 0; BM25 4, 2 -> 1, 0. Object 2 is in both legs."""
    vector = vector_leg(VECTOR_SET, 0.75, [SearchHit(obj(1), distance=0.1), SearchHit(obj(2), distance=0.3),
                                           SearchHit(obj(3), distance=0.5)])
    keyword = keyword_leg(0.25, [SearchHit(obj(2), score=4.0), SearchHit(obj(4), score=2.0)])
    hits = to_hits(fuse(FusionType.RELATIVE_SCORE, [vector, keyword]))
    # objects 3 and 4 tie at 0: the higher secondary value (BM25 2 against 1 - 0.5) wins
    assert [h.obj.id.int for h in hits] == [1, 2, 4, 3]
    assert [h.score for h in hits] == pytest.approx([0.75, 0.375 + 0.25, 0.0, 0.0])
    u2 = uuid.UUID(int=2)
    assert hits[1].explain_score == (
        f"\nHybrid (Result Set {KEYWORD_SET}) Document {u2}: original score 4, normalized score: 0.25"
        f" - \nHybrid (Result Set {VECTOR_SET}) Document {u2}: original score 0.7, normalized score: 0.375"
    )
    assert hits[0].distance == pytest.approx(0.1) and hits[1].distance == 0.0


def test_ties_fall_back_to_secondary_value_then_uuid() -> None:
    a = leg(1.0, [1, 1, 2], "k", objects=[5, 3, 4])
    fused = fuse_relative_score([a])
    # normalised: 0, 0, 1 -> object 4 first; 3 and 5 tie on score and secondary -> uuid order
    assert order(fused) == [4, 3, 5]


def test_order_is_stable_across_runs() -> None:
    """fusion_test.go TestFusionOrderRelative / TestFusionOrderRanked."""
    first = [leg(0.5, [0.5, 0.5]), leg(0.5, [0.5, 0.5])]
    runs = {tuple(order(fuse_relative_score(first))) for _ in range(10)}
    assert runs == {(0, 1)}
    swapped = [leg(0.5, [0.5, 0.5]), leg(0.5, [0.5, 0.5], "b", objects=[1, 0])]
    assert {tuple(order(fuse_ranked(swapped))) for _ in range(10)} == {(0, 1)}


def test_empty_legs() -> None:
    assert fuse_relative_score([]) == []
    assert fuse_relative_score([leg(1, [])]) == []
    assert fuse_ranked([leg(1, []), leg(1, [])]) == []


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.5, "0.5"),
        (1.0, "1"),
        (0.0, "0"),
        (0.008333334, "0.008333334"),
        (0.7, "0.7"),
        (1 / 3, "0.33333334"),
        (0.00012, "0.00012"),
        (0.000012, "1.2e-05"),
        (123456.0, "123456"),
        (1234567.0, "1.234567e+06"),
        (-0.25, "-0.25"),
        (float("nan"), "NaN"),
    ],
)
def test_go_float32_formatting(value: float, text: str) -> None:
    assert go_float32(value) == text


_SCORES = [F32(0.1), F32(0.5), np.nextafter(F32(0.5), F32(1)), F32(0.9)]
_SECONDARIES = [F32(0.2), np.nextafter(F32(0.2), F32(1)), F32(0.7)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SCORES), st.sampled_from(_SECONDARIES)), max_size=30),
       st.randoms(use_true_random=False))
def test_sorting_by_keys_agrees_with_weaviates_comparator(pairs: list[tuple[np.float32, np.float32]],
                                                          rng: random.Random) -> None:
    """Scores 1 ulp apart tie for Weaviate (so do secondary values): the key sort must
    notice and fall back to the comparator."""
    items = [Fused(SearchHit(obj(i)), float(secondary), float(score), [], False)
             for i, (score, secondary) in enumerate(pairs)]
    rng.shuffle(items)
    expected = sorted(items, key=functools.cmp_to_key(_compare))
    assert [f.hit.obj.id for f in sort_fused(list(items))] == [f.hit.obj.id for f in expected]
