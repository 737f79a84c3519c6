"""The hybrid use case with fake ports: which legs run, candidate counts, cut-offs, paging."""

from __future__ import annotations

import uuid

import numpy as np
import pytest
from search_fakes import FakeKeywords, FakeRepo, FakeVectors, collection, doc

from weftdb.entities.filters import Filter, Operator
from weftdb.entities.search import FusionType, HybridQuery, KeywordQuery, NearVector, TargetQuery
from weftdb.errors import InvalidInput, NotImplementedYet
from weftdb.usecases.limits import QueryLimits
from weftdb.usecases.search.fusion import KEYWORD_SET, NEAR_VECTOR_SET, VECTOR_SET
from weftdb.usecases.search.hybrid import HybridSearch
from weftdb.usecases.search.keyword import RankedRequest
from weftdb.usecases.search.vector_search import VectorSearch

COLL = collection()
# objects 1..6 on a line: distance to the query [0] is n^2
OBJECTS = [doc(n, [float(n)]) for n in range(1, 7)]
QUERY_VECTOR = NearVector((TargetQuery("", np.array([0.0], dtype=np.float32)),))


def setup(
    scores: dict[int, float] | None = None, limits: QueryLimits | None = None
) -> tuple[HybridSearch, FakeKeywords, FakeVectors]:
    vectors = FakeVectors(list(OBJECTS))
    ranked = sorted((scores or {6: 3.0, 2: 2.0, 5: 1.0}).items(), key=lambda item: -item[1])
    keywords = FakeKeywords([(OBJECTS[n - 1], s) for n, s in ranked])
    search = HybridSearch(keywords, VectorSearch(vectors, FakeRepo()), limits or QueryLimits(10, 10000))
    return search, keywords, vectors


def request(limit: int = 10, offset: int = 0, autocut: int = 0, filters: Filter | None = None,
            explain: bool = True) -> RankedRequest:
    return RankedRequest(COLL, "", offset, limit, autocut, filters, explain=explain)


def query(alpha: float = 0.5, **kw: object) -> HybridQuery:
    kw.setdefault("vector", QUERY_VECTOR)
    return HybridQuery("q", alpha=alpha, **kw)  # type: ignore[arg-type]


def ids(hits: list) -> list[int]:  # type: ignore[type-arg]
    return [h.obj.id.int for h in hits]


def test_both_legs_fetch_the_hybrid_maximum_and_fuse() -> None:
    search, keywords, vectors = setup()
    hits = search.search(request(limit=3), query(0.5))
    assert vectors.ks == [100] and [k for _, k, _ in keywords.calls] == [100]
    # vector leg: 1 - d = 0, -3, -8, ... -35 normalised to 1, 32/35, ...; keyword 6: 1, 2: .5, 5: 0.
    # 2: .5 * 32/35 + .25; 6 and 1 tie at .5 and 6 (secondary: BM25 3) beats 1 (1 - d = 0)
    assert ids(hits) == [2, 6, 1]
    assert hits[0].score == pytest.approx(0.5 * 32 / 35 + 0.25)
    assert all(h.score is not None and h.explain_score for h in hits)
    # explainScore only when asked for; the same hits and scores
    plain = search.search(request(limit=3, explain=False), query(0.5))
    assert [(h.obj.id, h.score, h.explain_score) for h in plain] == [(h.obj.id, h.score, None) for h in hits]


def test_the_legs_fetch_the_limit_when_it_is_larger() -> None:
    search, keywords, vectors = setup()
    search.search(request(limit=150), query(0.5))
    assert vectors.ks == [150] and keywords.calls[0][1] == 150


def test_a_smaller_configured_maximum() -> None:
    search, keywords, vectors = setup(limits=QueryLimits(10, 10000, 4))
    search.search(request(limit=2), query(0.5))
    assert vectors.ks == [4] and keywords.calls[0][1] == 4


@pytest.mark.parametrize(("alpha", "vector_leg", "keyword_leg"), [
    (0.0, False, True), (1.0, True, False), (0.3, True, True), (1.5, True, False), (-0.5, False, True),
])
def test_alpha_decides_which_legs_run(alpha: float, vector_leg: bool, keyword_leg: bool) -> None:
    search, keywords, vectors = setup()
    hits = search.search(request(), query(alpha))
    assert bool(vectors.ks) is vector_leg and bool(keywords.calls) is keyword_leg
    top = max(h.score or 0 for h in hits)
    # relative score: the best hit of the only leg gets the leg's whole weight
    if not (vector_leg and keyword_leg):
        assert top == pytest.approx(alpha if vector_leg else 1 - alpha)


def test_alpha_zero_needs_no_vector() -> None:
    search, _, _ = setup()
    hits = search.search(request(), HybridQuery("q", alpha=0.0))
    assert ids(hits) == [6, 2, 5]
    assert hits[0].explain_score == f"\nHybrid (Result Set {KEYWORD_SET}) Document {uuid.UUID(int=6)}: " \
                                   "original score 3, normalized score: 1"


def test_without_a_vector_the_query_would_be_vectorised() -> None:
    search, _, _ = setup()
    with pytest.raises(InvalidInput) as info:
        search.search(request(), HybridQuery("find me", alpha=0.5))
    assert info.value.message == "VectorFromInput was called without vectorizer on class Doc for input find me"
    with_module = collection(vectorizer="text2vec-openai")
    with pytest.raises(NotImplementedYet):
        search.search(RankedRequest(with_module, "", 0, 10), HybridQuery("x", alpha=0.5))


def test_max_vector_distance_cuts_both_legs() -> None:
    search, _, _ = setup({6: 3.0, 2: 2.0, 1: 1.0})
    hits = search.search(request(), query(0.5, max_vector_distance=4.0))
    # the vector leg keeps 1 (d=1) and 2 (d=4); keyword hit 6 is dropped
    assert sorted(ids(hits)) == [1, 2]


def test_page_and_total_limit() -> None:
    search, _, _ = setup()
    all_hits = search.search(request(limit=10), query(0.5))
    page = search.search(request(limit=2, offset=1), query(0.5))
    assert ids(page) == ids(all_hits)[1:3]


def test_autocut_runs_on_the_fused_scores() -> None:
    search, _, _ = setup({1: 10.0, 2: 9.9, 3: 9.8, 4: 0.1, 5: 0.05})
    hits = search.search(request(autocut=1), query(0.0))
    assert ids(hits) == [1, 2, 3]


def test_keyword_leg_gets_the_query_properties_operator_and_filter() -> None:
    search, keywords, vectors = setup()
    where = Filter(Operator.EQUAL, ("n",), 1)
    search.search(request(filters=where), query(0.5, properties=("title^2",), operator="and", minimum_match=None))
    kq, _, filters = keywords.calls[0]
    assert kq == KeywordQuery("q", ("title^2",), "and", None)
    assert filters is where and vectors.filters == [where]


def test_result_set_names() -> None:
    search, _, _ = setup()
    plain = search.search(request(), query(0.5, fusion=FusionType.RANKED))
    sub = search.search(request(), query(0.5, fusion=FusionType.RANKED, near_vector_sub_search=True))
    assert f"(Result Set {VECTOR_SET})" in (plain[0].explain_score or "")
    assert f"(Result Set {NEAR_VECTOR_SET})" in (sub[0].explain_score or "")


def test_limits_beyond_query_maximum_results() -> None:
    search, _, _ = setup(limits=QueryLimits(10, 50, 100))
    with pytest.raises(InvalidInput, match="^explorer: get class: vector search: invalid pagination params: query maximum"):
        search.search(request(limit=5), query(0.5))


def test_keyword_leg_checks_the_query_properties() -> None:
    search, _, _ = setup()
    with pytest.raises(InvalidInput, match="^Searching by property 'n' requires inverted index"):
        search.search(request(), query(0.5, properties=("n",)))
    search.search(request(), query(1.0, properties=("n",)))  # the keyword leg does not run
    bare = collection(properties=[{"name": "n", "dataType": ["int"]}])
    with pytest.raises(InvalidInput) as info:
        search.search(RankedRequest(bare, "", 0, 10), query(0.5))
    assert info.value.message == "object search at index doc: No properties provided, and no indexed properties found in class"


def test_an_empty_query_still_runs_the_keyword_leg_of_a_search_but_not_of_an_aggregation() -> None:
    """explorer_hybrid.go runs BM25 whenever 1 - alpha > 0 (checking its properties);
    the aggregator's hybrid.Search skips it for an empty query."""
    search, keywords, vectors = setup()
    search.search(request(), HybridQuery("", alpha=0.5, vector=QUERY_VECTOR))
    assert len(keywords.calls) == 1
    with pytest.raises(InvalidInput, match="^Searching by property 'n' requires inverted index"):
        search.search(request(), HybridQuery("", alpha=0.5, vector=QUERY_VECTOR, properties=("n",)))
    hits = search.fused(request(limit=4), HybridQuery("", alpha=0.5, vector=QUERY_VECTOR))
    assert len(keywords.calls) == 1 and vectors.ks[-1] == 4 and ids(hits) == [1, 2, 3, 4]


def test_an_aggregation_fetches_its_limit_from_each_leg_and_keeps_every_fused_hit() -> None:
    search, keywords, vectors = setup()
    hits = search.fused(request(limit=2), query(0.5))
    assert vectors.ks == [2] and keywords.calls[0][1] == 2
    assert sorted(ids(hits)) == [1, 2, 6]  # vector 1, 2 and keyword 6, 2: the union
