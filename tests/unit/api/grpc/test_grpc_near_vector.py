"""near_vector / near_object requests, built by the official client, parsed into SearchParams."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import numpy as np
import pytest
from grpc_fakes import ARTICLE, CLIENT_VERSION, NAMED, Aborted, FakeSchema, Harness
from weaviate.classes.query import NearVector as NV
from weaviate.classes.query import TargetVectors
from weaviate.collections.classes.grpc import MMR, _MetadataQuery
from weaviate.collections.grpc.query import _QueryGRPC
from weaviate.proto.v1 import base_pb2, base_search_pb2, search_get_pb2
from weaviate.util import _ServerVersion

from weftdb.entities.search import Combination, SearchParams

U1 = "df48b9f6-ba48-470c-bf6a-57657cb07390"
ONE_NAMED: dict[str, Any] = {
    "class": "Single",
    "properties": [{"name": "title", "dataType": ["text"]}],
    "vectorConfig": {"only": {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw", "vectorIndexConfig": {}}},
}
MULTI: dict[str, Any] = {
    "class": "Multi",
    "vectorConfig": {
        "colbert": {
            "vectorizer": {"none": {}},
            "vectorIndexType": "hnsw",
            "vectorIndexConfig": {"multivector": {"enabled": True}},
        },
        "plain": {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw", "vectorIndexConfig": {}},
    },
}
DOT: dict[str, Any] = {"class": "Dot", "vectorIndexType": "hnsw", "vectorIndexConfig": {"distance": "dot"}}
SCHEMA = (ARTICLE, NAMED, ONE_NAMED, MULTI, DOT)


def query(name: str, version: _ServerVersion = CLIENT_VERSION) -> Any:
    return _QueryGRPC(version, name, None, None, True, True, True)


def parsed(request: Any) -> SearchParams:
    return Harness(schema=FakeSchema(*SCHEMA)).parsed(request)


def refused(request: Any) -> Aborted:
    return Harness(schema=FakeSchema(*SCHEMA)).refused(request)


def queries(params: SearchParams) -> list[tuple[str, list[float], float | None]]:
    assert params.near_vector is not None
    return [(q.target, q.vector.tolist(), q.weight) for q in params.near_vector.queries]


@pytest.mark.parametrize(
    "vector", [[0.5, -1.0, 2.0], np.array([0.5, -1.0, 2.0]), np.array([0.5, -1.0, 2.0], dtype=np.float32)]
)
def test_a_plain_vector_searches_the_legacy_vector(vector: Any) -> None:
    params = parsed(query("Article").near_vector(near_vector=vector, distance=0.3, limit=5, offset=2, autocut=1))
    assert queries(params) == [("", [0.5, -1.0, 2.0], None)]
    nv = params.near_vector
    assert nv is not None and (nv.distance, nv.certainty, nv.combination) == (pytest.approx(0.3), None, None)
    assert nv.queries[0].vector.dtype == np.float32
    assert (params.limit, params.offset, params.autocut, params.unsupported) == (5, 2, 1, ())


def test_certainty_and_legacy_wire_forms() -> None:
    old = query("Article", _ServerVersion(1, 26, 0)).near_vector(near_vector=[1.0, 2.0], certainty=0.7)
    assert old.near_vector.vector_bytes and not len(old.near_vector.vectors)
    params = parsed(old)
    assert queries(params) == [("", [1.0, 2.0], None)]
    assert params.near_vector is not None and params.near_vector.certainty == pytest.approx(0.7)
    repeated = search_get_pb2.SearchRequest(collection="Article", near_vector={"vector": [3.0, 4.0]})
    assert queries(parsed(repeated)) == [("", [3.0, 4.0], None)]


def test_named_vectors_need_a_target_unless_there_is_only_one() -> None:
    params = parsed(query("Named").near_vector(near_vector=[1.0, 2.0], target_vector="second"))
    assert queries(params) == [("second", [1.0, 2.0], None)]
    assert queries(parsed(query("Single").near_vector(near_vector=[1.0]))) == [("only", [1.0], None)]
    error = refused(query("Named").near_vector(near_vector=[1.0, 2.0]))
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert error.details == "extract target vectors: class Named has multiple vectors, but no target vectors were provided"
    error = refused(query("Named").near_vector(near_vector=[1.0], target_vector="third"))
    assert error.details == (
        "extract target vectors: class Named does not have named vector third configured. "
        "Available named vectors [first second]"
    )
    assert "does not have named vector first" in refused(query("Article").near_vector(
        near_vector=[1.0], target_vector="first")).details


def test_one_vector_for_several_targets() -> None:
    params = parsed(query("Named").near_vector(near_vector=[1.0, 2.0], target_vector=["first", "second"]))
    assert queries(params) == [("first", [1.0, 2.0], None), ("second", [1.0, 2.0], None)]
    assert params.near_vector is not None and params.near_vector.combination is Combination.MINIMUM
    params = parsed(query("Named").near_vector(near_vector=[1.0], target_vector=TargetVectors.sum(["first", "second"])))
    assert queries(params) == [("first", [1.0], 1.0), ("second", [1.0], 1.0)]


TWO = {"first": [1.0, 2.0], "second": [3.0, 4.0]}
THIRD = float(np.float32(1) / np.float32(3))


@pytest.mark.parametrize(
    ("target", "combination", "weights"),
    [
        (["first", "second"], Combination.MINIMUM, [None, None]),
        (TargetVectors.minimum(["first", "second"]), Combination.MINIMUM, [None, None]),
        (TargetVectors.sum(["first", "second"]), Combination.SUM, [1.0, 1.0]),
        (TargetVectors.average(["first", "second"]), Combination.AVERAGE, [0.5, 0.5]),
        (TargetVectors.manual_weights({"first": 2.0, "second": 0.5}), Combination.MANUAL_WEIGHTS, [2.0, 0.5]),
        (TargetVectors.relative_score({"second": 0.25, "first": 0.75}), Combination.RELATIVE_SCORE, [0.75, 0.25]),
    ],
)
def test_a_vector_per_target_and_each_combination(target: Any, combination: Combination, weights: list[Any]) -> None:
    params = parsed(query("Named").near_vector(near_vector=TWO, target_vector=target))
    assert params.near_vector is not None and params.near_vector.combination is combination
    assert queries(params) == [("first", [1.0, 2.0], weights[0]), ("second", [3.0, 4.0], weights[1])]


@pytest.mark.parametrize("version", [_ServerVersion(1, 26, 0), _ServerVersion(1, 28, 0)])
def test_older_vector_per_target_forms(version: _ServerVersion) -> None:
    request = query("Named", version).near_vector(near_vector=TWO, target_vector=TargetVectors.sum(["first", "second"]))
    assert queries(parsed(request)) == [("first", [1.0, 2.0], 1.0), ("second", [3.0, 4.0], 1.0)]


def test_several_vectors_for_one_target() -> None:
    many = {"first": NV.list_of_vectors([1.0, 2.0], [5.0, 6.0]), "second": [3.0, 4.0]}
    params = parsed(query("Named").near_vector(near_vector=many, target_vector=TargetVectors.average(["first", "second"])))
    assert queries(params) == [("first", [1.0, 2.0], THIRD), ("first", [5.0, 6.0], THIRD), ("second", [3.0, 4.0], THIRD)]
    manual = TargetVectors.manual_weights({"first": [1.0, 2.0], "second": 3.0})
    params = parsed(query("Named").near_vector(near_vector=many, target_vector=manual))
    assert queries(params) == [("first", [1.0, 2.0], 1.0), ("first", [5.0, 6.0], 2.0), ("second", [3.0, 4.0], 3.0)]
    rows = {"first": [[1.0, 2.0], [5.0, 6.0]]}  # a 2-d value on a regular vector space: several vectors
    params = parsed(query("Named").near_vector(near_vector=rows, target_vector=["first"]))
    assert queries(params) == [("first", [1.0, 2.0], None), ("first", [5.0, 6.0], None)]
    assert params.near_vector is not None and params.near_vector.combination is Combination.MINIMUM


def test_multi_vectors() -> None:
    # the right shapes reach the use case, which refuses multi-vector search (test_vector_search.py)
    one = parsed(query("Multi").near_vector(near_vector=[[1.0, 2.0], [3.0, 4.0]], target_vector="colbert"))
    assert one.near_vector is not None and one.near_vector.queries[0].vector.shape == (2, 2)
    named = parsed(query("Multi").near_vector(near_vector={"colbert": [[1.0, 2.0]]}, target_vector=["colbert"]))
    assert named.near_vector is not None and named.near_vector.queries[0].vector.shape == (1, 2)
    error = refused(query("Article").near_vector(near_vector=[[1.0, 2.0], [3.0, 4.0]]))
    assert error.details == "near_vector: provided vector is a multi vector but vector index supports regular vectors"
    error = refused(query("Multi").near_vector(near_vector=[1.0, 2.0], target_vector="colbert"))
    assert error.details == "near_vector: provided vector is a regular vector but vector index supports multi vectors"
    zero_dim = base_pb2.Vectors(vector_bytes=b"\0\0", type=base_pb2.Vectors.VECTOR_TYPE_MULTI_FP32)
    bad = search_get_pb2.SearchRequest(collection="Article", near_vector={"vectors": [zero_dim]})
    assert refused(bad).details == "near_vector: extract vector: dimension cannot be 0"


@pytest.mark.parametrize(
    ("near_vector", "message"),
    [
        ({}, "near_vector: vector is required"),
        ({"vector_bytes": b"\0" * 8, "certainty": 0.5, "distance": 0.5}, "near_vector: cannot provide distance and certainty"),
        (
            {"vectors": [{"vector_bytes": b"\0" * 4}, {"vector_bytes": b"\0" * 4}]},
            "near_vector: only 1 vector supported, found 2 vectors",
        ),
        (
            {"vector_bytes": b"\0" * 4, "vector_per_target": {"first": b"\0" * 4}, "target_vectors": ["first"]},
            "near_vector: either vector or VectorPerTarget must be provided, not both",
        ),
        (
            {"target_vectors": ["first", "second"], "vector_for_targets": [{"name": "first", "vector_bytes": b"\0" * 4}]},
            "near_vector: vector for target must have the same lengths as target vectors",
        ),
        (
            {"target_vectors": ["first"], "vector_for_targets": [{"name": "second", "vector_bytes": b"\0" * 4}]},
            "near_vector: vector for target first is required. All target vectors: [first] all vectors for targets [second]",
        ),
        (
            {"target_vectors": ["first", "second"], "vector_per_target": {"first": b"\0" * 4}},
            "near_vector: vector per target must be provided for all targets",
        ),
        (
            {"targets": {"target_vectors": ["first", "second"], "combination": 5, "weights_for_targets": []},
             "vector_bytes": b"\0" * 4},
            "extract target vectors: number of weights (0) does not match number of targets (2)",
        ),
    ],
)
def test_invalid_near_vector_requests(near_vector: dict[str, Any], message: str) -> None:
    name = "Named" if "first" in str(near_vector) else "Article"
    error = refused(search_get_pb2.SearchRequest(collection=name, near_vector=near_vector))
    assert (error.code, error.details) == (grpc.StatusCode.INVALID_ARGUMENT, message)


def test_vector_bytes_are_read_as_little_endian_float32_views() -> None:
    raw = np.array([1.5, -2.25], dtype="<f4").tobytes() + b"\x01"  # a stray byte is ignored, as Go
    params = parsed(search_get_pb2.SearchRequest(collection="Article", near_vector={"vector_bytes": raw}))
    assert queries(params) == [("", [1.5, -2.25], None)]


def test_near_object() -> None:
    params = parsed(query("Article").near_object(near_object=U1, certainty=0.8))
    no = params.near_object
    assert no is not None and (no.id, no.targets, no.certainty, no.distance) == (uuid.UUID(U1), (), pytest.approx(0.8), None)
    params = parsed(query("Named").near_object(near_object=U1, distance=0.5, target_vector=TargetVectors.sum(["first", "second"])))
    no = params.near_object
    assert no is not None and no.targets == ("first", "second") and no.combination is Combination.SUM
    assert no.weights == (("first", 1.0), ("second", 1.0))
    assert parsed(query("Single").near_object(near_object=U1)).near_object.targets == ("only",)  # type: ignore[union-attr]
    for request, message in [
        (search_get_pb2.SearchRequest(collection="Article", near_object={"id": ""}), "near_object: id is required"),
        (
            search_get_pb2.SearchRequest(collection="Article", near_object={"id": U1, "distance": 1, "certainty": 1}),
            "near_object: cannot provide distance and certainty",
        ),
        (search_get_pb2.SearchRequest(collection="Article", near_object={"id": "nope"}), "near_object: id 'nope' is not a valid uuid"),
    ]:
        assert refused(request).details == message


def test_certainty_metadata_only_for_one_cosine_target() -> None:
    md = _MetadataQuery(vector=False, distance=True, certainty=True)
    params = parsed(query("Article").near_vector(near_vector=[1.0], return_metadata=md))
    assert params.metadata.distance and params.metadata.certainty
    assert not parsed(query("Dot").near_vector(near_vector=[1.0], return_metadata=md)).metadata.certainty
    both = parsed(query("Named").near_vector(near_vector=[1.0], target_vector=["first", "second"], return_metadata=md))
    assert both.metadata.distance and not both.metadata.certainty
    assert not parsed(query("Article").get(return_metadata=md)).metadata.certainty


def test_sort_diversity_and_autocut_without_search() -> None:
    request = query("Article").near_vector(near_vector=[1.0])
    request.sort_by.add(path=["title"], ascending=True)
    assert refused(request).details == "sorting cannot be combined with search"
    mmr = query("Article").near_vector(near_vector=[1.0], limit=5, diversity_selection=MMR(limit=2))
    assert parsed(mmr).unsupported == ("diversity selection (MMR)",)
    assert parsed(search_get_pb2.SearchRequest(collection="Article", autocut=1)).unsupported == ("autocut",)


def test_unknown_combination_method() -> None:
    targets = base_search_pb2.Targets(target_vectors=["first"], combination=99)  # type: ignore[arg-type]
    request = search_get_pb2.SearchRequest(
        collection="Named", near_vector={"targets": targets, "vector_bytes": b"\0" * 4}
    )
    assert refused(request).details == "extract target vectors: unknown combination method 99"


def test_distance_and_certainty_reach_the_client() -> None:
    from grpc_fakes import ClientConnection, stored
    from weaviate.classes.query import MetadataQuery
    from weaviate.collections.queries.near_object.query.executor import _NearObjectQueryExecutor
    from weaviate.collections.queries.near_vector.query.executor import _NearVectorQueryExecutor

    from weftdb.entities.search import SearchHit

    harness = Harness(schema=FakeSchema(*SCHEMA))
    harness.traverser.hits = [SearchHit(stored(uuid.UUID(U1), {}), distance=0.25, certainty=0.875)]
    executor: Any = _NearVectorQueryExecutor(ClientConnection(harness), "Article", None, None, None, None, True)
    (obj,) = executor.near_vector([1.0, 2.0], return_metadata=MetadataQuery(distance=True, certainty=True)).objects
    assert (obj.uuid, obj.metadata.distance, obj.metadata.certainty) == (uuid.UUID(U1), 0.25, 0.875)
    (obj,) = executor.near_vector([1.0, 2.0], return_metadata=MetadataQuery(distance=True)).objects
    assert (obj.metadata.distance, obj.metadata.certainty) == (0.25, None)
    near_object: Any = _NearObjectQueryExecutor(ClientConnection(harness), "Dot", None, None, None, None, True)
    (obj,) = near_object.near_object(U1, return_metadata=MetadataQuery(distance=True, certainty=True)).objects
    assert (obj.metadata.distance, obj.metadata.certainty) == (0.25, None)  # dot product: no certainty
    assert harness.traverser.calls[-1].near_object is not None
