"""Which Search requests are answered on the event loop (``_answer_inline``) and which go
to the worker pool, and that an inline failure becomes a gRPC status like a pooled one."""

from __future__ import annotations

import asyncio
from typing import Any

import grpc
import pytest
from grpc_fakes import (
    ARTICLE,
    CLIENT_VERSION,
    Aborted,
    FakeAggregator,
    FakeContext,
    FakeObjects,
    FakeSchema,
    FakeTraverser,
)
from weaviate.classes.query import Filter
from weaviate.collections.classes.internal import _GroupBy
from weaviate.collections.grpc.query import _QueryGRPC

from weftdb.api.grpc.servicer import WeaviateServicer
from weftdb.errors import InvalidInput

FLAT = {**ARTICLE, "class": "Flat", "vectorIndexType": "flat"}
QUERY = _QueryGRPC(CLIENT_VERSION, "Article", None, None, True, True, True)
FLAT_QUERY = _QueryGRPC(CLIENT_VERSION, "Flat", None, None, True, True, True)
VECTOR = [0.1, 0.2, 0.3]
GROUP = _GroupBy(prop="title", number_of_groups=2, objects_per_group=2)


class Recorder:
    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, fn: Any, *args: Any) -> Any:
        self.calls += 1
        return fn(*args)


def search(request: Any, traverser: FakeTraverser | None = None) -> int:
    """How many times the request went through the pool (0: answered inline)."""
    pool = Recorder()
    servicer = WeaviateServicer(schema=FakeSchema(ARTICLE, FLAT), traverser=traverser or FakeTraverser(),
                                objects=FakeObjects(), aggregator=FakeAggregator(), run_sync=pool)
    asyncio.run(servicer.Search(request, FakeContext()))
    return pool.calls


@pytest.mark.parametrize("request_", [
    QUERY.bm25(query="cats", limit=10),
    QUERY.bm25(query="c" * 200, limit=60, offset=40),
    QUERY.near_vector(near_vector=VECTOR, limit=10),
])
def test_short_searches_on_cached_indexes_are_answered_inline(request_: Any) -> None:
    assert search(request_) == 0


@pytest.mark.parametrize("request_", [
    QUERY.bm25(query="cats", filters=Filter.by_property("count").equal(3)),
    QUERY.bm25(query="cats", group_by=GROUP),
    QUERY.bm25(query="c" * 201),
    QUERY.bm25(query="cats", limit=61, offset=40),
    QUERY.near_vector(near_vector=VECTOR, filters=Filter.by_property("count").equal(3)),
    QUERY.near_vector(near_vector=VECTOR, group_by=GROUP),
    QUERY.near_vector(near_vector=VECTOR, limit=101),
    FLAT_QUERY.near_vector(near_vector=VECTOR),
    QUERY.hybrid(query="cats", vector=VECTOR),
    QUERY.get(limit=10),
], ids=["bm25-filter", "bm25-group", "bm25-long", "bm25-page", "vector-filter", "vector-group", "vector-page",
        "flat", "hybrid", "fetch"])
def test_anything_that_may_take_long_goes_to_the_pool(request_: Any) -> None:
    assert search(request_) == 1


def test_an_unknown_collection_goes_to_the_pool_and_is_not_found() -> None:
    with pytest.raises(Aborted) as raised:
        search(_QueryGRPC(CLIENT_VERSION, "Nope", None, None, True, True, True).bm25(query="cats"))
    assert raised.value.code == grpc.StatusCode.NOT_FOUND


def test_an_inline_failure_becomes_a_status() -> None:
    traverser = FakeTraverser(error=InvalidInput("bad query"))
    with pytest.raises(Aborted) as raised:
        search(QUERY.bm25(query="cats", limit=10), traverser)
    assert raised.value.code == grpc.StatusCode.INVALID_ARGUMENT and "bad query" in raised.value.details
    assert traverser.calls  # it ran (inline)
