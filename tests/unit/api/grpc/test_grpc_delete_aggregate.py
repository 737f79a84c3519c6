"""BatchDelete and Aggregate, driven by the client's own request builders and reply parsers."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from grpc_fakes import CLIENT_VERSION, Aborted, ClientConnection, Harness
from weaviate.classes.query import Filter
from weaviate.collections.aggregations.over_all.executor import _OverAllExecutor
from weaviate.collections.batch.grpc_batch_delete import _BatchDeleteGRPC
from weaviate.collections.grpc.aggregate import _AggregateGRPC
from weaviate.proto.v1 import aggregate_pb2, batch_delete_pb2

from weftdb.entities.filters import Operator
from weftdb.entities.objects import BatchDeleteOutcome, DeleteResult

U1 = uuid.UUID("df48b9f6-ba48-470c-bf6a-57657cb07390")
U2 = uuid.UUID("00000000-0000-0000-0000-0000000000ff")


def delete_many(harness: Harness, **kwargs: Any) -> Any:
    args: dict[str, Any] = {
        "name": "Article",
        "filters": Filter.by_id().contains_any([U1, U2]),
        "verbose": False,
        "dry_run": False,
        "tenant": None,
    } | kwargs
    return _BatchDeleteGRPC(CLIENT_VERSION, None).batch_delete(ClientConnection(harness), **args)


def test_delete_many_verbose() -> None:
    harness = Harness()
    harness.objects.outcome = BatchDeleteOutcome(
        matches=2,
        successful=1,
        failed=1,
        limit=10000,
        dry_run=False,
        objects=[DeleteResult(U2), DeleteResult(U1, "not found")],
    )
    result = delete_many(harness, verbose=True)
    assert (result.matches, result.successful, result.failed) == (2, 1, 1)
    assert [(o.uuid, o.successful, o.error) for o in result.objects] == [(U2, True, None), (U1, False, "not found")]
    collection, filters, dry_run, tenant = harness.objects.deletes[0]
    assert (collection, dry_run, tenant) == ("Article", False, "")
    assert filters is not None and filters.operator is Operator.CONTAINS_ANY


def test_delete_many_minimal_and_dry_run() -> None:
    harness = Harness()
    harness.objects.outcome = BatchDeleteOutcome(
        matches=3, successful=3, failed=0, limit=10000, dry_run=True, objects=[DeleteResult(U1)] * 3
    )
    result = delete_many(harness, dry_run=True)
    assert (result.matches, result.successful, result.objects) == (3, 3, None)
    assert harness.objects.deletes[0][2] is True


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (batch_delete_pb2.BatchDeleteRequest(collection="Article"), grpc.StatusCode.INVALID_ARGUMENT),
        (
            batch_delete_pb2.BatchDeleteRequest(
                collection="Nope", filters={"operator": 1, "target": {"property": "_id"}, "value_text": str(U1)}
            ),
            grpc.StatusCode.NOT_FOUND,
        ),
    ],
)
def test_delete_errors(request_: Any, code: Any) -> None:
    harness = Harness()
    with pytest.raises(Aborted) as info:
        harness.call("BatchDelete", request_)
    assert info.value.code == code
    assert not harness.objects.deletes


def over_all(harness: Harness, **kwargs: Any) -> Any:
    executor: Any = _OverAllExecutor(ClientConnection(harness), "Article", None, None, True)
    return executor.over_all(**kwargs)


def test_total_count_and_len() -> None:
    harness = Harness()
    harness.aggregator.total = 17
    assert over_all(harness, total_count=True).total_count == 17
    params = harness.aggregator.calls[0]
    assert (params.collection, params.total_count, params.filters, params.unsupported) == ("Article", True, None, ())
    assert over_all(harness, filters=Filter.by_id().equal(U1)).total_count == 17
    assert harness.aggregator.calls[1].filters is not None


def test_objects_count_request_as_the_client_sends_it() -> None:
    harness = Harness()
    harness.aggregator.total = 4
    request = _AggregateGRPC(CLIENT_VERSION, "Article", None, None, True)
    counted = request.objects_count(ClientConnection(harness))  # type: ignore[arg-type]
    assert counted == 4


def test_searches_not_built_yet_are_unsupported() -> None:
    harness = Harness()
    request = aggregate_pb2.AggregateRequest(collection="Article", objects_count=True, near_text={})
    harness.call("Aggregate", request)
    assert harness.aggregator.calls[-1].unsupported == ("near_text search",)


def test_hybrid_is_parsed_as_for_search() -> None:
    harness = Harness()
    request = aggregate_pb2.AggregateRequest(collection="Article", objects_count=True, object_limit=9,
                                             hybrid={"query": "x", "alpha": 0.25, "properties": ["Title"]})
    harness.call("Aggregate", request)
    params = harness.aggregator.calls[-1]
    assert params.unsupported == () and params.object_limit == 9 and params.hybrid is not None
    assert (params.hybrid.query, params.hybrid.alpha, params.hybrid.properties) == ("x", 0.25, ("title",))
