"""Hybrid search through the official client, against a reference fused here.

Each leg's raw results come from the same server (``query.near_vector`` and
``query.bm25`` with Weaviate's candidate count: max(100, limit)); the test fuses
them with Weaviate's formulas (hybrid_fusion.go) and compares ids, order, scores
and explainScore texts with ``query.hybrid``.
"""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.data import DataObject
from weaviate.classes.query import BM25Operator, Filter, HybridFusion, HybridVector, MetadataQuery, TargetVectors
from weaviate.exceptions import WeaviateInvalidInputError, WeaviateQueryError

from tests.autocut_oracle import autocut_keep

pytestmark = pytest.mark.acceptance

RNG = np.random.default_rng(7)
N, DIMS = 400, 8
WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma".split()
TEXTS = [" ".join(RNG.choice(WORDS, size=int(RNG.integers(3, 12)), p=None)) for _ in range(N)]
VECTORS = RNG.standard_normal((N, DIMS)).astype(np.float32)
OTHER = RNG.standard_normal((N, 4)).astype(np.float32)
QUERIES = RNG.standard_normal((4, DIMS)).astype(np.float32)
CANDIDATES = 100  # QUERY_HYBRID_MAXIMUM_RESULTS
F32 = np.float32
PROPS = [Property(name="text", data_type=DataType.TEXT), Property(name="n", data_type=DataType.INT)]


def fill(coll: Any, named: bool = False) -> None:
    objs = []
    for i in range(N):
        vector: Any = {"a": VECTORS[i].tolist(), "b": OTHER[i].tolist()} if named else VECTORS[i].tolist()
        objs.append(DataObject({"text": TEXTS[i], "n": i % 7}, uuid=uuid.UUID(int=i + 1), vector=vector))
    for start in range(0, N, 200):
        assert not coll.data.insert_many(objs[start : start + 200]).errors


def hybrid_collection(client: weaviate.WeaviateClient, name: str) -> Any:
    """The test collection (texts and one flat vector space), filled."""
    c = client.collections.create(name, properties=PROPS, vector_config=Configure.Vectors.self_provided(
        vector_index_config=Configure.VectorIndex.flat()))
    fill(c)
    return c


@pytest.fixture
def coll(client: weaviate.WeaviateClient, name: str) -> Any:
    return hybrid_collection(client, name)


# -- the reference ----------------------------------------------------------------------------
def go_v(x: float) -> str:
    """Go's %v of a float32 for the magnitudes seen here (numpy's shortest float32 digits)."""
    text = str(F32(x))
    return text[:-2] if text.endswith(".0") else text


Leg = tuple[str, float, list[tuple[str, Any, float]]]  # name, weight, [(uuid, secondary, distance)]


def vector_leg(objects: list[Any], weight: float, name: str = "vector,hybridVector") -> Leg:
    return name, weight, [(str(o.uuid), F32(1) - F32(o.metadata.distance), o.metadata.distance) for o in objects]


def keyword_leg(objects: list[Any], weight: float) -> Leg:
    return "keyword,bm25", weight, [(str(o.uuid), F32(o.metadata.score), 0.0) for o in objects]


def fuse(ranked: bool, legs: list[Leg]) -> list[tuple[str, Any, str]]:
    combined: dict[str, list[Any]] = {}
    for name, weight, items in legs:
        secs = [s for _, s, _ in items]
        lo, hi = (min(secs), max(secs)) if secs else (F32(0), F32(0))
        for rank, (key, sec, _) in enumerate(items):
            if ranked:
                score = F32(weight / (rank + 60))
                line = f"\nHybrid (Result Set {name}) Document {key} contributed {go_v(score)} to the score"
            else:
                score = F32(weight) if hi == lo else F32(F32(weight) * F32(F32(sec - lo) / F32(hi - lo)))
                line = f"\nHybrid (Result Set {name}) Document {key}: original score {go_v(sec)}, normalized score: {go_v(score)}"
            prev = combined.get(key)
            if prev is not None:
                score = F32(score + prev[0])
                line = prev[2] + line if ranked else line + " - " + prev[2]
            combined[key] = [score, sec, line]
    order = sorted(combined.items(), key=lambda kv: (-float(kv[1][0]), -float(kv[1][1]), kv[0]))
    return [(key, val[0], val[2]) for key, val in order]


def legs_of(coll: Any, query: str, vector: np.ndarray, alpha: float, limit: int = 10, **kw: Any) -> list[Leg]:
    k = max(CANDIDATES, limit)
    legs: list[Leg] = []
    if alpha > 0:
        vec = coll.query.near_vector(vector.tolist(), limit=k, return_metadata=MetadataQuery(distance=True), **kw)
        legs.append(vector_leg(vec.objects, alpha))
    if alpha < 1:
        kwd = coll.query.bm25(query, limit=k, return_metadata=MetadataQuery(score=True), **kw)
        legs.append(keyword_leg(kwd.objects, 1 - alpha))
    return legs


def check(result: Any, expected: list[tuple[str, Any, str]]) -> None:
    got = [(str(o.uuid), o.metadata.score, o.metadata.explain_score) for o in result.objects]
    assert [g[0] for g in got] == [e[0] for e in expected]
    assert [F32(g[1]) for g in got] == [e[1] for e in expected]
    assert [g[2] for g in got] == [e[2] for e in expected]
    assert all(o.metadata.distance is None for o in result.objects)


SCORES = MetadataQuery(score=True, explain_score=True, distance=True)
ALPHA_07 = float(F32(0.7))  # what the client sends (float32) when no alpha is given


# -- fusion -----------------------------------------------------------------------------------
@pytest.mark.parametrize("q", range(3))
def test_relative_score_fusion_with_the_default_alpha(coll: Any, q: int) -> None:
    res = coll.query.hybrid("alpha beta", vector=QUERIES[q].tolist(), limit=20, return_metadata=SCORES)
    expected = fuse(False, legs_of(coll, "alpha beta", QUERIES[q], ALPHA_07))[:20]
    check(res, expected)


@pytest.mark.parametrize("alpha", [0.5, 0.25])
def test_ranked_fusion(coll: Any, alpha: float) -> None:
    res = coll.query.hybrid("gamma", vector=QUERIES[0].tolist(), alpha=alpha, fusion_type=HybridFusion.RANKED,
                            limit=15, return_metadata=SCORES)
    check(res, fuse(True, legs_of(coll, "gamma", QUERIES[0], float(F32(alpha))))[:15])


@pytest.mark.parametrize("alpha", [0.0, 1.0, 1.5, -0.5])
def test_alpha_decides_which_legs_run(coll: Any, alpha: float) -> None:
    res = coll.query.hybrid("delta", vector=QUERIES[1].tolist(), alpha=alpha, limit=10, return_metadata=SCORES)
    legs = []
    if alpha > 0:
        vec = coll.query.near_vector(QUERIES[1].tolist(), limit=CANDIDATES, return_metadata=MetadataQuery(distance=True))
        legs.append(vector_leg(vec.objects, alpha))
    if alpha < 1:
        kwd = coll.query.bm25("delta", limit=CANDIDATES, return_metadata=MetadataQuery(score=True))
        legs.append(keyword_leg(kwd.objects, 1 - alpha))
    check(res, fuse(False, legs)[:10])


def test_candidates_grow_with_the_limit_and_paging(coll: Any) -> None:
    res = coll.query.hybrid("alpha", vector=QUERIES[2].tolist(), alpha=0.5, limit=150, return_metadata=SCORES)
    full = fuse(False, legs_of(coll, "alpha", QUERIES[2], 0.5, limit=150))
    check(res, full[:150])
    page = coll.query.hybrid("alpha", vector=QUERIES[2].tolist(), alpha=0.5, limit=7, offset=5, return_metadata=SCORES)
    check(page, fuse(False, legs_of(coll, "alpha", QUERIES[2], 0.5))[5:12])


def test_filters_apply_to_both_legs(coll: Any) -> None:
    where = Filter.by_property("n").less_than(3)
    res = coll.query.hybrid("beta", vector=QUERIES[0].tolist(), alpha=0.6, filters=where, return_metadata=SCORES)
    check(res, fuse(False, legs_of(coll, "beta", QUERIES[0], float(F32(0.6)), filters=where))[:10])
    assert all(o.properties["n"] < 3 for o in res.objects)


def test_max_vector_distance_cuts_both_legs(coll: Any) -> None:
    vec = coll.query.near_vector(QUERIES[3].tolist(), limit=CANDIDATES, return_metadata=MetadataQuery(distance=True))
    cut = float(vec.objects[30].metadata.distance)
    res = coll.query.hybrid("alpha", vector=QUERIES[3].tolist(), alpha=0.5, max_vector_distance=cut, limit=50, return_metadata=SCORES)
    kept_vec = [o for o in vec.objects if F32(o.metadata.distance) <= F32(cut)]
    kept = {o.uuid for o in kept_vec}
    kwd = coll.query.bm25("alpha", limit=CANDIDATES, return_metadata=MetadataQuery(score=True))
    legs = [vector_leg(kept_vec, 0.5), keyword_leg([o for o in kwd.objects if o.uuid in kept], 0.5)]
    check(res, fuse(False, legs)[:50])
    assert {o.uuid for o in res.objects} <= kept


def test_query_properties_and_operator(coll: Any) -> None:
    res = coll.query.hybrid("alpha beta", vector=QUERIES[0].tolist(), alpha=0.3, query_properties=["text"],
                            bm25_operator=BM25Operator.and_(), return_metadata=SCORES)
    vec = coll.query.near_vector(QUERIES[0].tolist(), limit=CANDIDATES, return_metadata=MetadataQuery(distance=True))
    kwd = coll.query.bm25("alpha beta", limit=CANDIDATES, operator=BM25Operator.and_(), query_properties=["text"],
                          return_metadata=MetadataQuery(score=True))
    check(res, fuse(False, [vector_leg(vec.objects, float(F32(0.3))), keyword_leg(kwd.objects, 1 - float(F32(0.3)))])[:10])


def test_autocut_on_the_fused_scores(coll: Any) -> None:
    res = coll.query.hybrid("alpha", vector=QUERIES[1].tolist(), alpha=0.5, auto_limit=1, return_metadata=SCORES)
    full = fuse(False, legs_of(coll, "alpha", QUERIES[1], 0.5))[:10]
    keep = autocut_keep([float(score) for _, score, _ in full], 1)  # autocut itself: tests/unit/.../test_autocut.py
    assert 0 < keep < 10
    check(res, full[:keep])


def test_empty_query_is_vector_only_scoring(coll: Any) -> None:
    res = coll.query.hybrid("", vector=QUERIES[0].tolist(), alpha=0.5, return_metadata=SCORES)
    vec = coll.query.near_vector(QUERIES[0].tolist(), limit=CANDIDATES, return_metadata=MetadataQuery(distance=True))
    check(res, fuse(False, [vector_leg(vec.objects, 0.5)])[:10])


def test_named_vectors_and_sub_searches(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=PROPS, vector_config=[
        Configure.Vectors.self_provided(name="a", vector_index_config=Configure.VectorIndex.flat()),
        Configure.Vectors.self_provided(name="b", vector_index_config=Configure.VectorIndex.flat())])
    fill(coll, named=True)
    qa, qb = QUERIES[0], RNG.standard_normal(4).astype(np.float32)
    kwd = coll.query.bm25("eta", limit=CANDIDATES, return_metadata=MetadataQuery(score=True))
    res = coll.query.hybrid("eta", vector=qa.tolist(), target_vector="a", alpha=0.5, return_metadata=SCORES)
    vec = coll.query.near_vector(qa.tolist(), target_vector="a", limit=CANDIDATES, return_metadata=MetadataQuery(distance=True))
    check(res, fuse(False, [vector_leg(vec.objects, 0.5), keyword_leg(kwd.objects, 0.5)])[:10])

    cut = float(coll.query.near_vector(qb.tolist(), target_vector="b", limit=40,
                                       return_metadata=MetadataQuery(distance=True)).objects[-1].metadata.distance)
    res = coll.query.hybrid("eta", vector=HybridVector.near_vector(qb.tolist(), distance=cut), target_vector="b",
                            alpha=0.5, fusion_type=HybridFusion.RANKED, return_metadata=SCORES)
    vec = coll.query.near_vector(qb.tolist(), target_vector="b", distance=cut, limit=CANDIDATES,
                                 return_metadata=MetadataQuery(distance=True))
    check(res, fuse(True, [vector_leg(vec.objects, 0.5, "vector,nearVector"), keyword_leg(kwd.objects, 0.5)])[:10])

    target = TargetVectors.sum(["a", "b"])
    res = coll.query.hybrid("eta", vector={"a": qa.tolist(), "b": qb.tolist()}, target_vector=target, alpha=0.5,
                            return_metadata=SCORES)
    vec = coll.query.near_vector({"a": qa.tolist(), "b": qb.tolist()}, target_vector=target, limit=CANDIDATES,
                                 return_metadata=MetadataQuery(distance=True))
    check(res, fuse(False, [vector_leg(vec.objects, 0.5, "vector,nearVector"), keyword_leg(kwd.objects, 0.5)])[:10])


# -- errors -------------------------------------------------------------------------------------
def test_without_a_vector_or_vectorizer(coll: Any) -> None:
    with pytest.raises(WeaviateQueryError) as info:
        coll.query.hybrid("alpha")
    assert f"VectorFromInput was called without vectorizer on class {coll.name} for input alpha" in str(info.value)
    res = coll.query.hybrid("alpha", alpha=0, return_metadata=SCORES)  # keyword only needs no vector
    kwd = coll.query.bm25("alpha", limit=CANDIDATES, return_metadata=MetadataQuery(score=True))
    check(res, fuse(False, [keyword_leg(kwd.objects, 1.0)])[:10])


def test_bad_input_is_weaviates_error(coll: Any) -> None:
    with pytest.raises(WeaviateQueryError) as info:
        coll.query.hybrid("alpha", vector=QUERIES[0].tolist(), query_properties=["nope"])
    assert "Searching by property 'nope' requires inverted index" in str(info.value)
    with pytest.raises(WeaviateQueryError) as info:
        coll.query.hybrid("alpha", vector=QUERIES[0].tolist(), query_properties=["n"])
    assert "Searching by property 'n' requires inverted index" in str(info.value)
    with pytest.raises(WeaviateInvalidInputError):  # the client checks the fusion type itself
        coll.query.hybrid("alpha", vector=QUERIES[0].tolist(), fusion_type="bogus")  # type: ignore[arg-type]
