"""The Aggregator use case with fake storage and traverser: data paths, grouping, vector search bounds."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pytest

from weftdb.entities.aggregate import AggregateParams, PropertyAggregation
from weftdb.entities.filters import Filter, Operator
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import (
    HybridQuery,
    NearObject,
    NearVector,
    SearchHit,
    SearchParams,
    SearchResult,
    TargetQuery,
)
from weftdb.errors import InvalidInput, NotImplementedYet
from weftdb.usecases.aggregate.aggregator import Aggregator
from weftdb.usecases.limits import QueryLimits
from weftdb.usecases.search.keyword import RankedRequest

CLASS = CollectionDef.from_dict({
    "class": "Thing",
    "vectorIndexType": "hnsw",
    "vectorIndexConfig": {"distance": "cosine"},
    "properties": [
        {"name": "n", "dataType": ["int"]},
        {"name": "ns", "dataType": ["int[]"]},
        {"name": "x", "dataType": ["number"]},
        {"name": "t", "dataType": ["text"], "indexSearchable": True},
        {"name": "ts", "dataType": ["text[]"], "indexSearchable": True},
        {"name": "b", "dataType": ["boolean"]},
        {"name": "d", "dataType": ["date"]},
        {"name": "ds", "dataType": ["date[]"]},
        {"name": "geo", "dataType": ["geoCoordinates"]},
        {"name": "u", "dataType": ["uuid"]},
        {"name": "ref", "dataType": ["Other"]},
    ],
})
ROWS: list[dict[str, Any]] = [
    {"n": 1, "ns": [1, 2], "x": 0.5, "t": "a", "ts": ["p", "q"], "b": True, "d": "2024-01-01T02:00:00+02:00",
     "ref": [{"beacon": "weaviate://localhost/Other/1"}]},
    {"n": 3, "ns": [2], "x": 1.5, "t": "b", "ts": ["p"], "b": False, "d": "2024-01-03T00:00:00Z"},
    {"n": 3, "t": "a", "b": True, "ds": ["2024-01-02T00:00:00Z"]},
    {},
]
OBJECTS = [StoredObject(uuid.UUID(int=i + 1), "Thing", props) for i, props in enumerate(ROWS)]


class Schema:
    def collection(self, name: str) -> CollectionDef:
        assert name == "Thing"
        return CLASS


@dataclass
class Storage:
    objects: list[StoredObject] = field(default_factory=lambda: list(OBJECTS))
    filters_seen: list[Filter | None] = field(default_factory=list)

    def count(self, collection: str, tenant: str) -> int:
        return len(self.objects)

    def find_ids(self, collection: str, tenant: str, filters: Filter, limit: int) -> tuple[list[uuid.UUID], int]:
        return [], 2

    def matching_objects(self, collection: str, tenant: str, filters: Filter | None) -> Iterator[StoredObject]:
        self.filters_seen.append(filters)
        yield from self.objects


@dataclass
class Traverser:
    hits: list[SearchHit] = field(default_factory=list)
    calls: list[SearchParams] = field(default_factory=list)

    def search(self, params: SearchParams) -> SearchResult:
        self.calls.append(params)
        return SearchResult(list(self.hits))


@dataclass
class Hybrid:
    hits: list[SearchHit] = field(default_factory=list)
    calls: list[tuple[RankedRequest, HybridQuery, int]] = field(default_factory=list)

    def fused(self, req: RankedRequest, query: HybridQuery) -> list[SearchHit]:
        self.calls.append((req, query, req.limit))
        return list(self.hits)


def aggregator(storage: Storage | None = None, traverser: Traverser | None = None,
               hybrid: Hybrid | None = None) -> Aggregator:
    store = storage or Storage()
    return Aggregator(Schema(), store, store, traverser or Traverser(),  # type: ignore[arg-type]
                      hybrid or Hybrid(), QueryLimits(10, 100))


def metric(prop: str, *names: str, limit: int | None = None) -> PropertyAggregation:
    return PropertyAggregation(prop, names, limit)


FILTER = Filter(Operator.EQUAL, ("_id",), str(uuid.UUID(int=1)))


def test_count_only_uses_the_counters() -> None:
    storage = Storage()
    assert aggregator(storage).aggregate(AggregateParams("Thing")).total_count == 4
    assert aggregator(storage).aggregate(AggregateParams("Thing", filters=FILTER)).total_count == 2
    assert aggregator(storage).aggregate(AggregateParams("Thing", total_count=False)).total_count == 0
    assert storage.filters_seen == []


def test_metrics_of_every_kind_over_all_objects() -> None:
    params = AggregateParams("Thing", properties=(
        metric("n", "count", "sum", "mean", "median", "mode", "maximum", "minimum", "type"),
        metric("ns", "sum", "count"),
        metric("x", "mean"),
        metric("t", "count", "top_occurrences"),
        metric("ts", "count", limit=1),
        metric("b", "count"),
        metric("d", "minimum", "maximum", "median"),
        metric("ds", "count", "minimum"),
    ))
    result = aggregator().aggregate(params)
    assert result.total_count == 4 and result.groups is None
    props = result.properties
    assert props["n"] == {"count": 3.0, "sum": 7.0, "mean": 7 / 3, "median": 3.0, "mode": 3.0, "maximum": 3.0,
                          "minimum": 1.0, "type": "int"}
    assert props["ns"] == {"sum": 5.0, "count": 3.0, "type": ""}
    assert props["x"] == {"mean": 1.0, "type": ""}
    assert props["t"] == {"count": 3, "top_occurrences": [("a", 2), ("b", 1)], "type": ""}
    assert props["ts"] == {"count": 3, "top_occurrences": [("p", 2)], "type": ""}
    assert props["b"] == {"count": 3, "total_true": 2, "total_false": 1, "percentage_true": 2 / 3,
                          "percentage_false": 1 / 3, "type": ""}
    # unfiltered: scalar dates come out of the inverted index in UTC; date[] as stored
    assert props["d"] == {"minimum": "2024-01-01T00:00:00Z", "maximum": "2024-01-03T00:00:00Z",
                          "median": "2024-01-02T00:00:00Z", "type": ""}
    assert props["ds"] == {"count": 1, "minimum": "2024-01-02T00:00:00Z", "type": ""}


def test_filtered_dates_keep_the_stored_strings_and_references_are_reported() -> None:
    storage = Storage()
    params = AggregateParams("Thing", filters=FILTER, properties=(
        metric("d", "minimum"), metric("ref", "pointing_to")))
    props = aggregator(storage).aggregate(params).properties
    assert props["d"] == {"minimum": "2024-01-01T02:00:00+02:00", "type": ""}
    assert props["ref"] == {"pointing_to": ["weaviate://localhost/Other/1"], "type": ""}
    assert storage.filters_seen == [FILTER]
    unfiltered = aggregator().aggregate(AggregateParams("Thing", properties=(metric("ref", "pointing_to"),)))
    assert unfiltered.properties == {}  # Weaviate's unfiltered path skips references
    typed = aggregator().aggregate(AggregateParams("Thing", properties=(metric("ref", "type", "pointing_to"),)))
    assert typed.properties["ref"] == {"pointing_to": ["Other"], "type": "cref"}


def test_no_values_and_missing_properties() -> None:
    storage = Storage(objects=[OBJECTS[3]])
    params = AggregateParams("Thing", properties=(metric("n", "count", "mean"), metric("x", "mean")))
    assert aggregator(storage).aggregate(params).properties == {"n": {"count": 0.0, "type": ""}, "x": {"type": ""}}


@pytest.mark.parametrize(
    ("prop", "message"),
    [
        ("nope", "property nope: no such prop with name 'nope' found in class 'Thing' in the schema. "
                 "Check your schema files for which properties in this class are available"),
        ("geo", "property geo: dataType geoCoordinates can't be aggregated"),
        ("u", "property u: unrecoginzed dataType uuid"),
    ],
)
def test_properties_that_cannot_be_aggregated(prop: str, message: str) -> None:
    with pytest.raises(InvalidInput) as info:
        aggregator().aggregate(AggregateParams("Thing", properties=(metric(prop, "count"),)))
    assert info.value.message == message


def test_group_by() -> None:
    params = AggregateParams("Thing", group_by="ts", properties=(metric("n", "sum"),), total_count=False)
    result = aggregator().aggregate(params)
    assert result.groups is not None
    assert [(g.value, g.path, g.total_count, g.properties) for g in result.groups] == [
        ("p", "ts", 2, {"n": {"sum": 4.0, "type": ""}}),
        ("q", "ts", 1, {"n": {"sum": 1.0, "type": ""}}),
    ]
    by_int = aggregator().aggregate(AggregateParams("Thing", group_by="n", group_limit=1))
    assert [(g.value, g.total_count) for g in by_int.groups or []] == [(3.0, 2)]  # numbers group as floats
    by_bool = aggregator().aggregate(AggregateParams("Thing", group_by="b", group_limit=0))
    assert [(g.value, g.total_count) for g in by_bool.groups or []] == [(True, 2)]  # limit 0 keeps one, as Go
    assert aggregator().aggregate(AggregateParams("Thing", group_by="nope")).groups == []
    with pytest.raises(InvalidInput):
        aggregator(Storage(objects=[StoredObject(uuid.UUID(int=9), "Thing", {"geo": {"latitude": 1.0}})])).aggregate(
            AggregateParams("Thing", group_by="geo"))


NV = NearVector((TargetQuery("", np.array([1.0, 0.0], dtype=np.float32)),))


@pytest.mark.parametrize(
    ("search", "object_limit", "limit", "max_distance"),
    [
        ({}, 5, 5, None),
        ({"certainty": 0.75}, None, 100, 0.5),
        ({"distance": 0.3}, 1000, 100, float(np.float32(0.15) * np.float32(2))),
        ({"distance": 2.5}, 7, 7, None),  # certainty < 0: no cut, the object limit rules
    ],
)
def test_near_vector_bounds(search: dict[str, Any], object_limit: int | None, limit: int, max_distance: float | None) -> None:
    traverser = Traverser(hits=[SearchHit(OBJECTS[0], 0.1), SearchHit(OBJECTS[1], 0.2)])
    near = NearVector(NV.queries, **search)
    params = AggregateParams("Thing", near_vector=near, object_limit=object_limit, filters=FILTER,
                             properties=(metric("n", "sum"),), group_by="t")
    result = aggregator(traverser=traverser).aggregate(params)
    (call,) = traverser.calls
    assert call.near_vector is not None and call.near_vector.certainty is None
    assert (call.limit, call.near_vector.distance, call.filters) == (limit, max_distance, FILTER)
    assert call.properties.names == ("n", "t")
    assert [(g.value, g.total_count) for g in result.groups or []] == [("a", 1), ("b", 1)]


def test_near_object_and_vector_search_errors() -> None:
    traverser = Traverser(hits=[SearchHit(OBJECTS[0], 0.1)])
    no = NearObject(uuid.UUID(int=1), certainty=0.9)
    result = aggregator(traverser=traverser).aggregate(AggregateParams("Thing", near_object=no))
    assert result.total_count == 1
    assert traverser.calls[0].near_object == NearObject(uuid.UUID(int=1), distance=float(np.float32(0.1) * 2))
    for near in (NearVector(NV.queries), NearVector(NV.queries, distance=2.0)):
        with pytest.raises(InvalidInput) as info:
            aggregator().aggregate(AggregateParams("Thing", near_vector=near))
        assert info.value.message == "must provide certainty or objectLimit with vector search"
    with pytest.raises(NotImplementedYet) as refused:
        aggregator().aggregate(AggregateParams("Thing", unsupported=("near_text search",)))
    assert refused.value.message == "aggregating near_text search is not implemented yet"


def test_hybrid_aggregates_every_fused_object_of_legs_of_the_object_limit() -> None:
    hybrid = Hybrid(hits=[SearchHit(OBJECTS[0], score=0.9), SearchHit(OBJECTS[1], score=0.5)])
    query = HybridQuery("a b", alpha=0.5, properties=("ts",), vector=NV)
    params = AggregateParams("Thing", filters=FILTER, properties=(metric("n", "sum"),), hybrid=query)
    result = aggregator(hybrid=hybrid).aggregate(params)
    assert result.total_count == 2 and result.properties["n"]["sum"] == 4
    (req, sent, k), = hybrid.calls
    assert (k, req.filters, req.offset) == (10, FILTER, 0)  # QUERY_DEFAULTS_LIMIT without objectLimit
    assert sent.properties == ("t",) and sent.query == "a b"  # scalar searchable text only, as Weaviate
    aggregator(hybrid=hybrid).aggregate(replace(params, object_limit=500))
    assert hybrid.calls[-1][2] == 100  # capped at QUERY_MAXIMUM_RESULTS
    calls = len(hybrid.calls)
    assert aggregator(hybrid=hybrid).aggregate(replace(params, object_limit=0)).total_count == 0
    assert len(hybrid.calls) == calls  # a limit of 0 searches nothing (not "no limit")
    grouped = aggregator(hybrid=hybrid).aggregate(replace(params, group_by="t"))
    assert [(g.value, g.total_count) for g in grouped.groups or []] == [("a", 1), ("b", 1)]


def test_hybrid_without_a_plain_vector_needs_an_object_limit_or_a_certainty() -> None:
    sub_search = HybridQuery("a", vector=NearVector(NV.queries), near_vector_sub_search=True)
    for query in (HybridQuery("a", alpha=0.0), sub_search):
        with pytest.raises(InvalidInput) as info:
            aggregator().aggregate(AggregateParams("Thing", hybrid=query))
        assert info.value.message == "must provide certainty or objectLimit with vector search"
        hybrid = Hybrid()
        assert aggregator(hybrid=hybrid).aggregate(AggregateParams("Thing", hybrid=query, object_limit=3)).total_count == 0
        assert hybrid.calls[0][2] == 3
    for query in (replace(sub_search, vector=NearVector(NV.queries, distance=0.5)),
                  replace(sub_search, max_vector_distance=0.5)):
        hybrid = Hybrid()
        aggregator(hybrid=hybrid).aggregate(AggregateParams("Thing", hybrid=query))
        assert hybrid.calls[0][2] == 10
