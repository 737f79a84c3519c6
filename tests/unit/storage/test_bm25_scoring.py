"""BM25 scores of every object against the oracle (bm25s per property, Weaviate's
combination): all tokenizations, several properties, boosts, duplicate query terms,
stopwords, operators, filters; top-k order and ties."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from pyroaring import BitMap

from tests.unit.storage.bm25_support import SEARCHABLE, corpus, indexed, oracle, queries
from tests.unit.storage.inverted_support import Setup, obj
from weftdb.errors import InvalidInput
from weftdb.storage.inverted import bm25
from weftdb.storage.kv.port import KeyValueEngine

DOCS = corpus(160)
ORACLE = oracle(DOCS)
ALL = tuple((p.name, 1.0) for p in SEARCHABLE)
PROPERTY_SETS = [
    ALL,
    (("title", 1.0),),
    (("title", 2.0), ("body", 1.0)),
    (("body", 0.5), ("tags", 3.0), ("title", 1.0)),
    (("code", 1.0), ("kind", 2.0), ("raw", 1.0), ("tri", 1.5)),
]


@pytest.fixture
def setup(engine: KeyValueEngine, store_path: Path) -> Setup:
    return indexed(engine, store_path, DOCS)


def search(setup: Setup, query: str, props: tuple[tuple[str, float], ...], k: int = 0, operator: str = "or",
           minimum: int = 0, allow: BitMap | None = None) -> list[bm25.Bm25Hit]:
    req = bm25.Bm25Request(query, props, operator, minimum)
    return bm25.search(setup.index.searchable, req, allow, setup.shard.count(), k)


def assert_same(found: list[bm25.Bm25Hit], expected: list[tuple[int, float]]) -> None:
    """Same objects, scores equal to float32 precision, same order where scores differ."""
    assert sorted(h.doc_id for h in found) == sorted(r for r, _ in expected)
    want = dict(expected)
    for hit in found:
        assert hit.score == pytest.approx(want[hit.doc_id], rel=2e-6, abs=1e-7)
    scores = [h.score for h in found]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("props", PROPERTY_SETS, ids=lambda p: "+".join(f"{n}^{b}" for n, b in p))
def test_every_score_matches_the_oracle(setup: Setup, props: tuple[tuple[str, float], ...]) -> None:
    for query in queries(25):
        assert_same(search(setup, query, props), ORACLE.ranking(query, props, 0))


@pytest.mark.parametrize(("operator", "minimum"), [("and", 0), ("or", 2), ("or", 3), ("or", 9)])
def test_operators_count_terms_per_property(setup: Setup, operator: str, minimum: int) -> None:
    for query, props in itertools.product(queries(12), PROPERTY_SETS[:4]):
        expected = ORACLE.ranking(query, props, 0, operator, minimum)
        assert_same(search(setup, query, props, operator=operator, minimum=minimum), expected)


def test_top_k_keeps_weaviates_order_with_ties(engine: KeyValueEngine, store_path: Path) -> None:
    docs = [{"title": "cat dog"}, {"title": "cat"}, {"title": "dog cat"}, {"title": "cat"}, {"title": "cat fish"},
            {"title": "bird"}, {"title": "cat"}]
    setup = indexed(engine, store_path, docs)
    hits = search(setup, "cat", (("title", 1.0),), k=4)
    # the single-word titles tie (same length, same frequency): lower doc ids first
    assert [h.doc_id for h in hits] == [1, 3, 6, 0]
    assert hits[0].score == hits[1].score == hits[2].score > hits[3].score
    assert [h.doc_id for h in search(setup, "cat", (("title", 1.0),), k=2)] == [1, 3]


def test_filter_restricts_objects_but_not_the_statistics(setup: Setup) -> None:
    allow = BitMap(range(0, 160, 3))
    mask = np.zeros(160, bool)
    mask[list(allow)] = True
    for query in queries(10):
        expected = ORACLE.ranking(query, ALL, 0, allowed=mask)
        assert_same(search(setup, query, ALL, allow=allow), expected)
    assert search(setup, "cat", ALL, allow=BitMap()) == []


def test_queries_without_terms_find_nothing(setup: Setup) -> None:
    assert search(setup, "the a of", (("title", 1.0), ("body", 1.0))) == []
    assert search(setup, "  ,;  ", (("title", 1.0),), operator="and") == []
    # a stopword is a term for a property that is not word-tokenized
    assert search(setup, "the", (("raw", 1.0),))


def test_and_cross_needs_every_term_somewhere(setup: Setup) -> None:
    props = (("title", 1.0), ("body", 1.0))
    for query in queries(10):
        scores, _ = ORACLE.scores(query, props)
        terms = ORACLE.query_terms("title", query)
        has = [set(ORACLE.tokens["title"][i]) | set(ORACLE.tokens["body"][i]) for i in range(len(DOCS))]
        rows = [i for i in range(len(DOCS)) if terms and all(t in has[i] for t in terms)]
        assert_same(search(setup, query, props, operator="and_cross"), [(r, float(scores[r])) for r in rows])
    with pytest.raises(InvalidInput, match="OPERATOR_AND_CROSS requires all searched properties"):
        search(setup, "cat", (("title", 1.0), ("code", 1.0)), operator="and_cross")


def test_k1_and_b_come_from_the_request(setup: Setup) -> None:
    other = oracle(DOCS, k1=2.0, b=0.3)
    req = bm25.Bm25Request("cat dog red", ALL, k1=2.0, b=0.3)
    found = bm25.search(setup.index.searchable, req, None, setup.shard.count(), 0)
    assert_same(found, other.ranking("cat dog red", ALL, 0))


def test_explain_lists_frequency_and_length_per_matched_term(engine: KeyValueEngine, store_path: Path) -> None:
    setup = indexed(engine, store_path, [{"title": "cat cat dog", "body": "fish"}, {"title": "bird", "body": "cat"}])
    req = bm25.Bm25Request("cat dog cat", (("title", 1.0), ("body", 1.0)), explain=True)
    hits = bm25.search(setup.index.searchable, req, None, setup.shard.count(), 10)
    assert [h.explain for h in hits] == [
        ", BM25F_cat_frequency:2, BM25F_cat_propLength:3, BM25F_dog_frequency:1, BM25F_dog_propLength:3",
        ", BM25F_cat_frequency:1, BM25F_cat_propLength:1",
    ]
    setup.put([obj(2, {"title": "cat"})])
    assert all(h.explain == "" for h in search(setup, "cat", (("title", 1.0),)))
