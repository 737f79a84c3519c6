"""Aggregate: the client's requests parsed into AggregateParams, our replies parsed back by the client."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from grpc_fakes import ARTICLE, NAMED, Aborted, ClientConnection, FakeSchema, Harness
from weaviate.classes.aggregate import GroupByAggregate, Metrics
from weaviate.classes.query import Filter, TargetVectors
from weaviate.classes.query import NearVector as NV
from weaviate.collections.aggregations.near_object.executor import _NearObjectExecutor
from weaviate.collections.aggregations.near_vector.executor import _NearVectorExecutor
from weaviate.collections.aggregations.over_all.executor import _OverAllExecutor
from weaviate.collections.classes.aggregate import (
    AggregateBoolean,
    AggregateDate,
    AggregateInteger,
    AggregateNumber,
    AggregateReference,
    AggregateText,
    TopOccurrence,
)
from weaviate.proto.v1 import aggregate_pb2

from weftdb.entities.aggregate import AggregateGroup, AggregateResult, PropertyAggregation

U1 = "df48b9f6-ba48-470c-bf6a-57657cb07390"


def executor(kind: type, harness: Harness, name: str = "Article") -> Any:
    return kind(ClientConnection(harness), name, None, None, True)


def over_all(harness: Harness, **kwargs: Any) -> Any:
    return executor(_OverAllExecutor, harness).over_all(**kwargs)


def test_every_metric_family_is_parsed() -> None:
    harness = Harness()
    metrics = [
        Metrics("count").integer(),
        Metrics("price").number(mean=True, median=True),
        Metrics("title").text(limit=3),
        Metrics("tags").text(count=True),
        Metrics("done").boolean(percentage_true=True),
        Metrics("when").date_(),
        Metrics("author").reference(),
    ]
    over_all(harness, return_metrics=metrics, total_count=False)
    params = harness.aggregator.calls[0]
    assert params.total_count is False and params.group_by is None and params.unsupported == ()
    assert params.properties == (
        PropertyAggregation("count", ("count", "mean", "median", "mode", "maximum", "minimum", "sum")),
        PropertyAggregation("price", ("mean", "median")),
        PropertyAggregation("title", ("count", "top_occurrences"), 3),
        PropertyAggregation("tags", ("count",)),
        PropertyAggregation("done", ("percentage_true",)),
        PropertyAggregation("when", ("count", "median", "mode", "maximum", "minimum")),
        PropertyAggregation("author", ("pointing_to",)),
    )


def test_group_by_filters_and_limits() -> None:
    harness = Harness()
    over_all(harness, group_by=GroupByAggregate(prop="title", limit=4), filters=Filter.by_id().equal(U1))
    params = harness.aggregator.calls[0]
    assert (params.group_by, params.group_limit, params.total_count) == ("title", 4, True)
    assert params.filters is not None
    over_all(harness, group_by="title")
    assert harness.aggregator.calls[1].group_limit is None


def test_near_vector_and_near_object() -> None:
    harness = Harness()
    near_vector = executor(_NearVectorExecutor, harness)
    near_vector.near_vector([1.0, 2.0], object_limit=5)
    params = harness.aggregator.calls[-1]
    assert params.object_limit == 5 and params.near_vector is not None and params.near_object is None
    ((target, vector, weight),) = [(q.target, q.vector.tolist(), q.weight) for q in params.near_vector.queries]
    assert (target, vector, weight, params.near_vector.distance) == ("", [1.0, 2.0], None, None)
    near_vector.near_vector([1.0, 2.0], distance=0.5)
    assert harness.aggregator.calls[-1].near_vector.distance == 0.5  # type: ignore[union-attr]
    executor(_NearObjectExecutor, harness).near_object(U1, certainty=0.75, object_limit=3)
    params = harness.aggregator.calls[-1]
    assert params.near_object is not None and params.near_object.id == uuid.UUID(U1)
    assert (params.near_object.certainty, params.object_limit) == (0.75, 3)


def test_aggregation_searches_with_one_target_and_its_first_vector() -> None:
    harness = Harness(schema=FakeSchema(NAMED))
    near_vector = executor(_NearVectorExecutor, harness, "Named")
    near_vector.near_vector({"first": NV.list_of_vectors([1.0], [2.0])}, target_vector="first", object_limit=2)
    nv = harness.aggregator.calls[-1].near_vector
    assert nv is not None and [(q.target, q.vector.tolist()) for q in nv.queries] == [("first", [1.0])]
    with pytest.raises(Exception) as info:
        near_vector.near_vector([1.0], target_vector=TargetVectors.sum(["first", "second"]), object_limit=2)
    assert "parse params: found more than one target vector for aggregation" in str(info.value)
    with pytest.raises(Exception) as info:
        near_vector.near_vector([1.0], object_limit=2)
    assert "class Named has multiple vectors, but no target vectors were provided" in str(info.value)


def test_hybrid_aggregation_takes_one_target_too() -> None:
    harness = Harness(schema=FakeSchema(NAMED))
    hybrid = {"query": "x", "alpha": 0.5, "target_vectors": ["first", "second"]}
    request = aggregate_pb2.AggregateRequest(collection="Named", object_limit=3, hybrid=hybrid)
    with pytest.raises(Aborted) as info:
        harness.call("Aggregate", request)
    assert info.value.details == "parse params: found more than one target vector for aggregation"
    request = aggregate_pb2.AggregateRequest(collection="Named", object_limit=3,
                                             hybrid={"query": "x", "target_vectors": ["nope"]})
    with pytest.raises(Aborted) as info:
        harness.call("Aggregate", request)
    assert info.value.details.startswith("parse params: extract target vectors: ")


def test_near_vector_errors_keep_weaviates_prefixes() -> None:
    harness = Harness()
    for near_vector, message in [
        ({"vector_bytes": b"\0" * 4, "distance": 1, "certainty": 1}, "parse params: near_vector: cannot provide distance and certainty"),
        ({}, "parse params: parse near vector: near_vector: vector is required"),
    ]:
        request = aggregate_pb2.AggregateRequest(collection="Article", near_vector=near_vector)
        with pytest.raises(Aborted) as info:
            harness.call("Aggregate", request)
        assert (info.value.code, info.value.details) == (grpc.StatusCode.INVALID_ARGUMENT, message)


PROPERTIES: dict[str, dict[str, Any]] = {
    "count": {"count": 3.0, "mean": 2.5, "median": 2.5, "mode": 1.0, "maximum": 4.0, "minimum": 1.0, "sum": 7.0, "type": ""},
    "prices": {"count": 2.0, "mean": 1.25, "type": ""},
    "counts": {"type": ""},
    "title": {"count": 3, "top_occurrences": [("b", 2), ("a", 1)], "type": ""},
    "tags": {"count": 0, "top_occurrences": [], "type": ""},
    "done": {"count": 4, "total_true": 1, "total_false": 3, "percentage_true": 0.25, "percentage_false": 0.75, "type": ""},
    "when": {"count": 2, "median": "2024-01-01T00:00:00Z", "minimum": "2023-01-01T00:00:00Z", "type": ""},
    "author": {"pointing_to": ["weaviate://localhost/Person/" + U1], "type": ""},
}


def test_single_result_reply_is_parsed_by_the_client() -> None:
    harness = Harness()
    harness.aggregator.result = AggregateResult(total_count=9, properties=PROPERTIES)
    result = over_all(harness, return_metrics=[Metrics("count").integer()])
    assert result.total_count == 9
    props = result.properties
    assert props["count"] == AggregateInteger(count=3, maximum=4, mean=2.5, median=2.5, minimum=1, mode=1, sum_=7)
    assert props["prices"] == AggregateNumber(count=2, maximum=None, mean=1.25, median=None, minimum=None, mode=None, sum_=None)
    assert props["counts"] == AggregateInteger(0, None, None, None, None, None, None)  # an empty message, as Go's nil
    assert props["title"] == AggregateText(count=3, top_occurrences=[TopOccurrence(2, "b"), TopOccurrence(1, "a")])
    assert props["tags"] == AggregateText(count=0, top_occurrences=[])
    assert props["done"] == AggregateBoolean(count=4, percentage_false=0.75, percentage_true=0.25, total_false=3, total_true=1)
    assert props["when"] == AggregateDate(
        count=2, maximum=None, median="2024-01-01T00:00:00Z", minimum="2023-01-01T00:00:00Z", mode=None
    )
    assert props["author"] == AggregateReference(pointing_to=["weaviate://localhost/Person/" + U1])


def test_grouped_reply_is_parsed_by_the_client() -> None:
    harness = Harness(schema=FakeSchema(ARTICLE))
    harness.aggregator.result = AggregateResult(
        total_count=0,
        groups=[
            AggregateGroup(2, {"count": {"sum": 5.0, "type": ""}}, "x", "title"),
            AggregateGroup(1, {}, 3.0, "price"),
            AggregateGroup(1, {}, True, "done"),
        ],
    )
    result = over_all(harness, group_by="title", return_metrics=[Metrics("count").integer(sum_=True)])
    assert [(g.grouped_by.prop, g.grouped_by.value, g.total_count) for g in result.groups] == [
        ("title", "x", 2), ("price", 3.0, 1), ("done", True, 1)
    ]
    assert result.groups[0].properties["count"].sum_ == 5
    assert result.groups[1].properties == {}
    harness.aggregator.result = AggregateResult(total_count=0, groups=[])
    assert over_all(harness, group_by="title").groups == []
