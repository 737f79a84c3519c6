"""GraphQL nearVector / nearObject: the same objects and distances as the gRPC API."""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property, VectorDistances
from weaviate.classes.data import DataObject
from weaviate.classes.query import Filter, MetadataQuery, TargetVectors

from tests.acceptance.graphql_support import IGNORE_DEPRECATION, errors, get, vector_literal

pytestmark = [pytest.mark.acceptance, IGNORE_DEPRECATION]

RNG = np.random.default_rng(21)
N, DIMS = 400, 24
DATA = RNG.standard_normal((N, DIMS)).astype(np.float32)
OTHER = RNG.standard_normal((N, 6)).astype(np.float32)
QUERIES = RNG.standard_normal((5, DIMS)).astype(np.float32)
META = MetadataQuery(distance=True, certainty=True)


def u(i: int) -> uuid.UUID:
    return uuid.UUID(int=i + 1)


def fill(coll: Any, named: bool = False) -> None:
    objs = []
    for i in range(N):
        vector: Any = {"a": DATA[i].tolist(), "b": OTHER[i].tolist()} if named else DATA[i].tolist()
        objs.append(DataObject({"i": i, "group": i % 5}, uuid=u(i), vector=vector))
    for start in range(0, N, 200):
        assert not coll.data.insert_many(objs[start : start + 200]).errors


PROPS = [Property(name="i", data_type=DataType.INT), Property(name="group", data_type=DataType.INT)]


@pytest.fixture
def coll(client: weaviate.WeaviateClient, name: str) -> Any:
    c = client.collections.create(name, properties=PROPS, vector_config=Configure.Vectors.self_provided(
        vector_index_config=Configure.VectorIndex.flat()))
    fill(c)
    return c


def graphql_hits(client: weaviate.WeaviateClient, name: str, args: str,
                 fields: str = "id distance certainty") -> list[tuple[str, float, float | None]]:
    rows = get(client, f"{{ Get {{ {name}({args}) {{ i _additional {{ {fields} }} }} }} }}")[name]
    return [(r["_additional"]["id"], r["_additional"]["distance"], r["_additional"].get("certainty")) for r in rows]


def grpc_hits(result: Any) -> list[tuple[str, float, float | None]]:
    return [(str(o.uuid), o.metadata.distance, o.metadata.certainty) for o in result.objects]


def assert_same(graphql: list[tuple[str, float, float | None]], grpc: list[tuple[str, float, float | None]]) -> None:
    assert [g[0] for g in graphql] == [g[0] for g in grpc] and graphql
    np.testing.assert_allclose([g[1] for g in graphql], [g[1] for g in grpc], rtol=1e-6, atol=1e-6)
    if grpc[0][2] is not None:
        np.testing.assert_allclose([g[2] for g in graphql], [g[2] for g in grpc], rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("q", range(3))
def test_near_vector_matches_grpc(client: weaviate.WeaviateClient, name: str, coll: Any, q: int) -> None:
    vector = QUERIES[q]
    graphql = graphql_hits(client, name, f"nearVector: {{vector: {vector_literal(vector)}}}, limit: 12")
    assert_same(graphql, grpc_hits(coll.query.near_vector(vector.tolist(), limit=12, return_metadata=META)))
    filtered = graphql_hits(client, name, f"""nearVector: {{vector: {vector_literal(vector)}}}, limit: 5, offset: 2,
        where: {{path: ["group"], operator: Equal, valueInt: 3}}""")
    grpc = coll.query.near_vector(vector.tolist(), limit=5, offset=2, filters=Filter.by_property("group").equal(3),
                                  return_metadata=META)
    assert_same(filtered, grpc_hits(grpc))


def test_near_object_matches_grpc(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    graphql = graphql_hits(client, name, f'nearObject: {{id: "{u(7)}"}}, limit: 8')
    assert graphql[0][0] == str(u(7))
    assert_same(graphql, grpc_hits(coll.query.near_object(u(7), limit=8, return_metadata=META)))
    beacon = graphql_hits(client, name, f'nearObject: {{beacon: "weaviate://localhost/{name}/{u(7)}"}}, limit: 8')
    assert beacon == graphql


def test_distance_and_certainty_thresholds(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    literal = vector_literal(QUERIES[0])
    within = graphql_hits(client, name, f"nearVector: {{vector: {literal}, distance: 0.9}}")
    grpc = coll.query.near_vector(QUERIES[0].tolist(), distance=0.9, limit=N, return_metadata=META)
    assert_same(within, grpc_hits(grpc))  # no limit with a threshold: everything within it
    assert len(within) > 10 and all(d <= 0.9 + 1e-6 for _, d, _ in within)
    sure = graphql_hits(client, name, f"nearVector: {{vector: {literal}, certainty: 0.6}}, limit: 500")
    assert sure and all(c >= 0.6 - 1e-6 for _, _, c in sure)  # type: ignore[operator]
    assert len(sure) == len(grpc_hits(coll.query.near_vector(QUERIES[0].tolist(), certainty=0.6, limit=N)))


def test_autocut(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    literal = vector_literal(QUERIES[1])
    graphql = graphql_hits(client, name, f"nearVector: {{vector: {literal}}}, autocut: 1, limit: 50")
    grpc = coll.query.near_vector(QUERIES[1].tolist(), auto_limit=1, limit=50, return_metadata=META)
    assert_same(graphql, grpc_hits(grpc))


def test_named_vectors_targets_and_combinations(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=PROPS, vector_config=[
        Configure.Vectors.self_provided(name="a", vector_index_config=Configure.VectorIndex.flat()),
        Configure.Vectors.self_provided(name="b", vector_index_config=Configure.VectorIndex.flat(
            distance_metric=VectorDistances.L2_SQUARED))])
    fill(coll, named=True)
    a, b = QUERIES[2], RNG.standard_normal(6).astype(np.float32)
    graphql = graphql_hits(client, name, f'nearVector: {{vector: {vector_literal(a)}, targetVectors: ["a"]}}, limit: 6')
    grpc = coll.query.near_vector(a.tolist(), target_vector="a", limit=6, return_metadata=META)
    assert_same(graphql, grpc_hits(grpc))
    graphql = graphql_hits(client, name, f"""nearVector: {{vectorPerTarget: {{a: {vector_literal(a)}, b: {vector_literal(b)}}},
        targets: {{targetVectors: ["a", "b"], combinationMethod: manualWeights, weights: {{a: 0.7, b: 0.3}}}}}}, limit: 6""",
        fields="id distance")
    grpc = coll.query.near_vector({"a": a.tolist(), "b": b.tolist()}, limit=6, return_metadata=MetadataQuery(distance=True),
                                  target_vector=TargetVectors.manual_weights({"a": 0.7, "b": 0.3}))
    assert [g[0] for g in graphql] == [str(o.uuid) for o in grpc.objects]
    np.testing.assert_allclose([g[1] for g in graphql], [o.metadata.distance for o in grpc.objects], rtol=1e-5)
    (vectors,) = get(client, f'{{ Get {{ {name}(limit: 1) {{ _additional {{ vectors {{ a b }} }} }} }} }}')[name]
    assert vectors["_additional"]["vectors"]["a"] == pytest.approx(DATA[0].tolist())
    message = errors(client, f"{{ Get {{ {name}(nearVector: {{vector: {vector_literal(a)}}}) {{ i }} }} }}")[0]["message"]
    assert "has multiple vectors, but no target vectors were provided" in message


def test_certainty_needs_cosine(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=PROPS, vector_config=Configure.Vectors.self_provided(
        vector_index_config=Configure.VectorIndex.flat(distance_metric=VectorDistances.L2_SQUARED)))
    fill(coll)
    (error,) = errors(client, f"{{ Get {{ {name}(nearVector: {{vector: {vector_literal(QUERIES[0])}, certainty: 0.8}}) {{ i }} }} }}")
    assert error["message"] == "can't compute and return certainty when vector index is configured with l2-squared distance"
    assert error["path"] == ["Get", name]


def test_aggregate_over_a_vector_search(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    literal = vector_literal(QUERIES[0])
    (result,) = client.graphql_raw_query(f"""{{ Aggregate {{ {name}(nearVector: {{vector: {literal}, certainty: 0.55}})
        {{ meta {{ count }} i {{ count sum }} }} }} }}""").aggregate[name]
    grpc = coll.aggregate.near_vector(QUERIES[0].tolist(), certainty=0.55, total_count=True)
    assert result["meta"]["count"] == grpc.total_count
    (limited,) = client.graphql_raw_query(f"""{{ Aggregate {{ {name}(nearVector: {{vector: {literal}}}, objectLimit: 9)
        {{ meta {{ count }} }} }} }}""").aggregate[name]
    assert limited["meta"]["count"] == 9
    (error,) = errors(client, f"{{ Aggregate {{ {name}(nearVector: {{vector: {literal}}}) {{ meta {{ count }} }} }} }}")
    assert "must provide certainty or objectLimit with vector search" in error["message"]


def test_sort_orders_the_nearest_objects(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    """As Weaviate's shard: the nearest offset + limit objects, in sort order, then the page."""
    q = QUERIES[3]
    nearest = coll.query.near_vector(q.tolist(), limit=14, return_metadata=MetadataQuery(distance=True)).objects
    rows = [(str(o.uuid), o.properties["group"], o.properties["i"], o.metadata.distance) for o in nearest]
    rows.sort(key=lambda r: -r[2])  # the second key first: the sort is stable, as Weaviate's
    rows.sort(key=lambda r: r[1])
    got = get(client, f'{{ Get {{ {name}(nearVector: {{vector: {vector_literal(q)}}}, limit: 12, offset: 2, '
                      f'sort: [{{path: ["group"]}}, {{path: ["i"], order: desc}}]) '
                      '{ _additional { id distance } } } }')[name]
    assert [r["_additional"]["id"] for r in got] == [r[0] for r in rows[2:14]]
    np.testing.assert_allclose([r["_additional"]["distance"] for r in got], [r[3] for r in rows[2:14]], rtol=1e-6)
    message = errors(client, f'{{ Get {{ {name}(nearVector: {{vector: {vector_literal(q)}}}, sort: [{{path: ["nope"]}}]) '
                             '{ i } } }')[0]["message"]
    assert "no such prop with name 'nope'" in message
