"""BM25 through the official client, against an independent oracle (bm25s per property,
Weaviate's combination across properties; ``tests/bm25_oracle.py``): every
tokenization, boosts, duplicate query terms, collection stopwords, k1/b, operators,
filters, paging, autocut, ties, explainScore and Weaviate's errors."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property, Tokenization
from weaviate.classes.query import BM25Operator, Filter, MetadataQuery
from weaviate.collections import Collection
from weaviate.exceptions import WeaviateQueryError

from tests.autocut_oracle import autocut_keep
from tests.bm25_oracle import STOPWORDS_EN, Bm25Oracle, OracleProp

pytestmark = pytest.mark.acceptance

WORDS = ["cat", "Cat", "dog", "fish", "bird", "the", "a", "of", "and", "fast", "red", "blue", "green",
         "slow", "x1", "über", "naïve", "cat-dog", "dog's", "art", "is", "to"]
TOKENIZATIONS = {"title": "word", "body": "word", "tags": "word", "code": "field", "kind": "lowercase",
                 "raw": "whitespace", "tri": "trigram"}
K1, B = 1.1, 0.6
STOPWORDS = (STOPWORDS_EN | {"fast"}) - {"a"}
N = 240


def _phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _corpus() -> list[dict[str, Any]]:
    rng = random.Random(5)
    docs = []
    for i in range(N):
        doc: dict[str, Any] = {"title": _phrase(rng, 1, 4), "body": _phrase(rng, 0, 14),
                               "tags": [_phrase(rng, 1, 2) for _ in range(rng.randint(0, 3))],
                               "code": rng.choice(["A-1", "B-2", "c 3"]), "kind": _phrase(rng, 1, 2),
                               "raw": _phrase(rng, 1, 3), "tri": _phrase(rng, 1, 2), "hidden": "cat", "count": i}
        for name in rng.sample(["title", "body", "tags", "kind", "raw", "tri"], rng.randint(0, 2)):
            del doc[name]
        docs.append(doc)
    return docs


DOCS = _corpus()
ORACLE = Bm25Oracle(DOCS, [OracleProp(n, t) for n, t in TOKENIZATIONS.items()], K1, B, frozenset(STOPWORDS))
QUERIES = [_phrase(random.Random(i), 1, 5) for i in range(14)] + [
    "cat cat dog", "The CAT fast", "the a", "A-1", "x1 x1", "dog's cat-dog"]
PROPERTY_SETS: list[list[str]] = [[], ["title"], ["title^2", "body"], ["body^0.5", "tags^3", "title"],
                                  ["code", "kind^2", "raw", "tri^1.5"]]


def _boosts(props: list[str]) -> list[tuple[str, float]]:
    if not props:
        return [(name, 1.0) for name in TOKENIZATIONS]
    return [(p.split("^")[0], float(p.split("^")[1]) if "^" in p else 1.0) for p in props]


@pytest.fixture(scope="module")
def docs_collection(server: Any) -> Iterator[Collection]:
    from tests.acceptance.conftest import connect

    client = connect(server)
    name = "Bm25Oracle"
    client.collections.delete(name)
    coll = client.collections.create(
        name,
        properties=[Property(name=n, data_type=DataType.TEXT_ARRAY if n == "tags" else DataType.TEXT,
                             tokenization=Tokenization(t)) for n, t in TOKENIZATIONS.items()]
        + [Property(name="hidden", data_type=DataType.TEXT, index_searchable=False),
           Property(name="count", data_type=DataType.INT)],
        inverted_index_config=Configure.inverted_index(bm25_k1=K1, bm25_b=B, stopwords_additions=["fast"],
                                                       stopwords_removals=["a"]),
    )
    with coll.batch.fixed_size(batch_size=1000, concurrent_requests=1) as batch:
        for i, doc in enumerate(DOCS):
            batch.add_object(doc, uuid=uuid.UUID(int=i + 1))
    assert not coll.batch.failed_objects
    yield coll
    client.collections.delete(name)
    client.close()


def _rows(coll: Collection, query: str, **kwargs: Any) -> list[tuple[int, float]]:
    res = coll.query.bm25(query, return_properties=[], return_metadata=MetadataQuery(score=True), **kwargs)
    return [(o.uuid.int - 1, float(o.metadata.score or 0.0)) for o in res.objects]


def assert_ranking(found: list[tuple[int, float]], everything: list[tuple[int, float]], k: int) -> None:
    """The oracle's first ``k`` (score descending, ties by insertion order = object id
    order here): scores equal to float32 precision; objects equal, except that two
    objects whose scores are equal to that precision may trade places."""
    expected = everything[:k] if k > 0 else everything
    oracle = dict(everything)
    assert len(found) == len(expected), (found, expected)
    assert [s for _, s in found] == pytest.approx([s for _, s in expected], rel=2e-6, abs=1e-7)
    assert len({r for r, _ in found}) == len(found)
    for (row, score), (want_row, want) in zip(found, expected):
        assert row in oracle and oracle[row] == pytest.approx(score, rel=2e-6, abs=1e-7)
        if row != want_row:
            assert oracle[row] == pytest.approx(want, rel=2e-6, abs=1e-7)


@pytest.mark.parametrize("props", PROPERTY_SETS, ids=lambda p: "+".join(p) or "all")
def test_rankings_and_scores_equal_the_oracle(docs_collection: Collection, props: list[str]) -> None:
    for query in QUERIES:
        _check(docs_collection, query, props, 15)


@pytest.mark.parametrize(("operator", "op", "minimum"), [
    (BM25Operator.and_(), "and", 0), (BM25Operator.or_(minimum_match=2), "or", 2)])
def test_operators_equal_the_oracle(docs_collection: Collection, operator: Any, op: str, minimum: int) -> None:
    for query in QUERIES[:10]:
        for props in PROPERTY_SETS[:4]:
            _check(docs_collection, query, props, 10, operator=operator, op=op, minimum=minimum)


def _check(coll: Collection, query: str, props: list[str], k: int, operator: Any = None, op: str = "or",
           minimum: int = 0, filters: Filter | None = None, allowed: np.ndarray | None = None) -> None:
    everything = ORACLE.ranking(query, _boosts(props), 0, op, minimum, allowed)
    found = _rows(coll, query, query_properties=props or None, limit=k, operator=operator, filters=filters)
    assert_ranking(found, everything, k)


def test_filters_keep_unfiltered_statistics(docs_collection: Collection) -> None:
    allowed = np.array([d["count"] < 120 for d in DOCS])
    for query in QUERIES[:8]:
        _check(docs_collection, query, [], 10, filters=Filter.by_property("count").less_than(120), allowed=allowed)


def test_offset_limit_and_autocut(docs_collection: Collection) -> None:
    everything = ORACLE.ranking("cat dog", _boosts([]), 0)
    assert_ranking(_rows(docs_collection, "cat dog", offset=3, limit=4), everything[3:], 4)
    cut = _rows(docs_collection, "cat dog", auto_limit=1)
    keep = autocut_keep([s for _, s in everything[:10]], 1)  # Weaviate autocuts the default page of 10
    assert 0 < keep < len(everything)
    assert_ranking(cut, everything, keep)


def test_ties_pick_the_earliest_objects_then_order_by_id(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=[Property(name="text", data_type=DataType.TEXT)])
    ids = [uuid.UUID(int=n) for n in (9, 3, 7, 1, 5)]  # inserted in this order, identical texts
    with coll.batch.fixed_size(batch_size=100, concurrent_requests=1) as batch:
        for obj_id in ids:
            batch.add_object({"text": "zebra crossing"}, uuid=obj_id)
        batch.add_object({"text": "zebra"}, uuid=uuid.UUID(int=100))
    res = coll.query.bm25("zebra", limit=4, return_metadata=MetadataQuery(score=True))
    assert res.objects[0].uuid == uuid.UUID(int=100)
    # Weaviate keeps the first-inserted of the tied objects, then orders ties by id
    assert [o.uuid for o in res.objects[1:]] == sorted(ids[:3])
    assert res.objects[1].metadata.score == res.objects[2].metadata.score == res.objects[3].metadata.score


def test_explain_score(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=[Property(name="text", data_type=DataType.TEXT)])
    coll.data.insert({"text": "cat cat dog"})
    res = coll.query.bm25("cat dog cat", return_metadata=MetadataQuery(score=True, explain_score=True))
    assert res.objects[0].metadata.explain_score == (
        ", BM25F_cat_frequency:2, BM25F_cat_propLength:3, BM25F_dog_frequency:1, BM25F_dog_propLength:3")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"query": ""}, "keyword search (bm25) must have query set"),
    ({"query": "x", "query_properties": ["nope"]}, "Searching by property 'nope' requires inverted index"),
    ({"query": "x", "query_properties": ["count"]}, "Searching by property 'count' requires inverted index"),
    ({"query": "x", "query_properties": ["hidden^2"]}, "Searching by property 'hidden^2' requires inverted index"),
    ({"query": "x", "query_properties": ["title^inf"]}, "a boost must be a finite number"),
])
def test_bad_input_gets_weaviates_errors(docs_collection: Collection, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(WeaviateQueryError) as info:
        docs_collection.query.bm25(**kwargs)
    assert message in str(info.value)
    assert "internal" not in str(info.value).lower()


def test_stopword_only_and_huge_queries_are_answered(docs_collection: Collection) -> None:
    assert docs_collection.query.bm25("the of and fast", query_properties=["title", "body"]).objects == []
    rng = random.Random(3)
    huge = " ".join(rng.choice(WORDS) + str(rng.randint(0, 50_000)) for _ in range(60_000)) + " cat"
    res = docs_collection.query.bm25(huge, limit=3, return_metadata=MetadataQuery(score=True))
    assert len(res.objects) == 3
