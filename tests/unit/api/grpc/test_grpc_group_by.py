"""group_by over gRPC: parsing (path, property, the property joining the returned ones)
and group_by_results as the official client reads them."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from grpc_fakes import CLIENT_VERSION, Aborted, ClientConnection, Harness, stored
from weaviate.classes.query import GroupBy, MetadataQuery
from weaviate.collections.classes.internal import _GroupBy
from weaviate.collections.grpc.query import _QueryGRPC
from weaviate.collections.queries.hybrid.query.executor import _HybridQueryExecutor
from weaviate.collections.queries.near_vector.query.executor import _NearVectorQueryExecutor
from weaviate.proto.v1 import search_get_pb2

from weftdb.entities.search import SearchGroup, SearchHit, SearchParams, SearchResult

QUERY = _QueryGRPC(CLIENT_VERSION, "Article", None, None, True, True, True)
U1, U2, U3 = (uuid.UUID(int=i) for i in (1, 2, 3))


def parsed(request: Any) -> SearchParams:
    return Harness().parsed(request)


def refused(request: Any) -> Aborted:
    return Harness().refused(request)


def test_group_by_reaches_the_params_for_every_search() -> None:
    group = _GroupBy("title", 3, 2)
    for request in (QUERY.near_vector(near_vector=[1.0], group_by=group),
                    QUERY.hybrid(query="x", group_by=group), QUERY.bm25(query="x", group_by=group)):
        params = parsed(request)
        assert params.group_by is not None
        assert (params.group_by.property, params.group_by.number_of_groups, params.group_by.objects_per_group) == (
            "title", 3, 2)
        assert "group_by" not in params.unsupported


def test_the_grouped_by_property_joins_the_returned_ones() -> None:
    params = parsed(QUERY.near_vector(near_vector=[1.0], group_by=_GroupBy("title", 1, 1), return_properties=["count"]))
    assert params.properties.names == ("count", "title")
    params = parsed(QUERY.near_vector(near_vector=[1.0], group_by=_GroupBy("title", 1, 1)))
    assert params.properties.names is None


def test_bad_group_by() -> None:
    request = QUERY.near_vector(near_vector=[1.0], group_by=_GroupBy("nope", 1, 1))
    error = refused(request)
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert error.details == ("no such prop with name 'nope' found in class 'Article' in the schema. "
                             "Check your schema files for which properties in this class are available")
    two = search_get_pb2.SearchRequest(collection="Article", group_by=search_get_pb2.GroupBy(path=["a", "b"]))
    assert refused(two).details == "groupby path can only have one entry, received [a b]"


class GroupingTraverser:
    def __init__(self, groups: list[SearchGroup]) -> None:
        self.groups = groups
        self.calls: list[SearchParams] = []

    def search(self, params: SearchParams) -> SearchResult:
        self.calls.append(params)
        return SearchResult([], groups=self.groups)


def groups() -> list[SearchGroup]:
    a1 = SearchHit(stored(U1, {"title": "a", "count": 1}, vectors={"": [1.0, 0.0]}), distance=0.1)
    a2 = SearchHit(stored(U2, {"title": "a", "count": 2}, vectors={"": [0.0, 1.0]}), distance=0.3, score=5.0)
    b1 = SearchHit(stored(U3, {"title": "b"}), distance=0.2)
    return [SearchGroup("a", "a", [a1, a2], 0.1, 0.3, 2), SearchGroup("b", "b", [b1], 0.2, 0.2, 1)]


def test_group_by_results_as_the_client_reads_them() -> None:
    harness = Harness()
    harness.traverser = GroupingTraverser(groups())  # type: ignore[assignment]
    executor: Any = _NearVectorQueryExecutor(ClientConnection(harness), "Article", None, None, None, None, True)
    result = executor.near_vector([1.0, 0.0], group_by=GroupBy(prop="title", number_of_groups=2, objects_per_group=2), include_vector=True,
                                  return_metadata=MetadataQuery(distance=True, score=True, creation_time=True),
                                  return_properties=["title"])
    assert list(result.groups) == ["a", "b"]
    a = result.groups["a"]
    assert (a.name, a.number_of_objects, a.min_distance, a.max_distance) == ("a", 2, pytest.approx(0.1),
                                                                             pytest.approx(0.3))
    assert [o.uuid for o in a.objects] == [U1, U2]
    first = a.objects[0]
    assert first.properties == {"title": "a"} and first.belongs_to_group == "a"
    assert first.metadata.distance == pytest.approx(0.1)
    assert first.vector == {"default": [1.0, 0.0]}
    assert [o.uuid for o in result.objects] == [U1, U2, U3]


def test_group_hits_carry_id_vectors_and_distance_only() -> None:
    harness = Harness()
    harness.traverser = GroupingTraverser(groups())  # type: ignore[assignment]
    md = search_get_pb2.MetadataRequest(uuid=True, distance=True, score=True, creation_time_unix=True)
    group_by = search_get_pb2.GroupBy(path=["title"], number_of_groups=2, objects_per_group=2)
    reply = harness.call("Search", search_get_pb2.SearchRequest(collection="Article", metadata=md, group_by=group_by))
    assert not reply.results and len(reply.group_by_results) == 2
    meta = reply.group_by_results[0].objects[1].metadata
    assert meta.id == str(U2) and meta.distance_present and meta.distance == pytest.approx(0.3)
    assert not meta.score_present and not meta.creation_time_unix_present


def test_hybrid_group_by_through_the_client() -> None:
    harness = Harness()
    harness.traverser = GroupingTraverser(groups())  # type: ignore[assignment]
    executor: Any = _HybridQueryExecutor(ClientConnection(harness), "Article", None, None, None, None, True)
    result = executor.hybrid("x", vector=[1.0, 0.0], group_by=GroupBy(prop="title", number_of_groups=2, objects_per_group=2))
    assert [g.name for g in result.groups.values()] == ["a", "b"]
