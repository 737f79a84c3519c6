"""collection.aggregate.hybrid and GraphQL ``Aggregate(hybrid:)`` through the official
client, against a reference built from the two legs' raw results: Weaviate aggregates
every object either leg found, each leg fetching the object limit (QUERY_DEFAULTS_LIMIT,
10, without one) with the filter, the keyword leg over the scalar text properties."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pytest
import weaviate
from weaviate.classes.aggregate import GroupByAggregate, Metrics
from weaviate.classes.query import Filter
from weaviate.exceptions import WeaviateQueryError

from tests.acceptance.graphql_support import IGNORE_DEPRECATION, aggregate, vector_literal
from tests.acceptance.test_hybrid import QUERIES, hybrid_collection

pytestmark = pytest.mark.acceptance
QUERY = "alpha beta"
N_METRICS = Metrics("n").integer(count=True, sum_=True)


@pytest.fixture
def coll(client: weaviate.WeaviateClient, name: str) -> Any:
    return hybrid_collection(client, name)


def found(coll: Any, alpha: float, limit: int, filters: Any = None) -> list[int]:
    """The ``n`` of every object of the legs that run (vector when alpha > 0, keyword when < 1)."""
    objects: dict[Any, int] = {}
    if alpha > 0:
        for o in coll.query.near_vector(QUERIES[0].tolist(), limit=limit, filters=filters).objects:
            objects[o.uuid] = o.properties["n"]
    if alpha < 1:
        for o in coll.query.bm25(QUERY, limit=limit, filters=filters).objects:
            objects[o.uuid] = o.properties["n"]
    return list(objects.values())


@pytest.mark.parametrize("alpha", [0.0, 0.5, 1.0])
def test_aggregates_the_union_of_both_legs(coll: Any, alpha: float) -> None:
    res = coll.aggregate.hybrid(QUERY, vector=QUERIES[0].tolist(), alpha=alpha, object_limit=30,
                                return_metrics=N_METRICS)
    expected = found(coll, alpha, 30)
    assert len(expected) > 30 or alpha in (0.0, 1.0)  # the legs differ: more than one leg's worth
    assert res.total_count == len(expected)
    assert (res.properties["n"].count, res.properties["n"].sum_) == (len(expected), sum(expected))


def test_default_object_limit_filter_and_group_by(coll: Any) -> None:
    res = coll.aggregate.hybrid(QUERY, vector=QUERIES[0].tolist(), alpha=0.5, return_metrics=N_METRICS)
    assert res.total_count == len(found(coll, 0.5, 10))  # QUERY_DEFAULTS_LIMIT per leg
    where = Filter.by_property("n").greater_than(2)
    filtered = coll.aggregate.hybrid(QUERY, vector=QUERIES[0].tolist(), alpha=0.5, object_limit=25, filters=where,
                                     return_metrics=N_METRICS)
    expected = found(coll, 0.5, 25, where)
    assert expected and min(expected) > 2
    assert (filtered.total_count, filtered.properties["n"].sum_) == (len(expected), sum(expected))
    grouped = coll.aggregate.hybrid(QUERY, vector=QUERIES[0].tolist(), alpha=0.5, object_limit=25,
                                    group_by=GroupByAggregate(prop="n"), total_count=True)
    counts = Counter(found(coll, 0.5, 25))
    assert {g.grouped_by.value: g.total_count for g in grouped.groups} == counts


def test_without_a_vector_an_object_limit_is_needed(coll: Any) -> None:
    with pytest.raises(WeaviateQueryError, match="must provide certainty or objectLimit with vector search"):
        coll.aggregate.hybrid(QUERY, alpha=0.0, return_metrics=N_METRICS)
    res = coll.aggregate.hybrid(QUERY, alpha=0.0, object_limit=15, return_metrics=N_METRICS)
    assert res.total_count == len(found(coll, 0.0, 15)) == 15


@IGNORE_DEPRECATION
def test_graphql_aggregate_hybrid_equals_grpc(client: weaviate.WeaviateClient, coll: Any) -> None:
    vector = vector_literal(np.asarray(QUERIES[0], dtype=np.float64))
    data = aggregate(client, f'{{ Aggregate {{ {coll.name}(hybrid: {{query: "{QUERY}", alpha: 0.5, '
                             f'vector: {vector}}}, objectLimit: 30) {{ meta {{ count }} n {{ sum count }} }} }} }}')
    (row,) = data[coll.name]
    res = coll.aggregate.hybrid(QUERY, vector=QUERIES[0].tolist(), alpha=0.5, object_limit=30,
                                return_metrics=N_METRICS)
    assert row["meta"]["count"] == res.total_count == row["n"]["count"]
    assert row["n"]["sum"] == res.properties["n"].sum_
