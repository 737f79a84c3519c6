"""Vector search through the official client, against a numpy oracle computed here."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import numpy as np
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property, Reconfigure, VectorDistances
from weaviate.classes.data import DataObject
from weaviate.classes.query import Filter, MetadataQuery, TargetVectors
from weaviate.exceptions import WeaviateQueryError

from tests.harness import ServerProcess

pytestmark = pytest.mark.acceptance

RNG = np.random.default_rng(11)
N, DIMS = 1500, 16
DATA = RNG.standard_normal((N, DIMS)).astype(np.float32)
OTHER = RNG.standard_normal((N, 6)).astype(np.float32)
QUERIES = RNG.standard_normal((12, DIMS)).astype(np.float32)
GROUPS = np.arange(N) % 10


def oracle(metric: str, data: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Weaviate's distance definitions, computed independently in float32."""
    if metric == "cosine":
        a = data / np.linalg.norm(data, axis=1, keepdims=True)
        return np.maximum(np.float32(1) - a @ (q / np.linalg.norm(q)), 0)
    if metric == "dot":
        return -(data @ q)
    if metric == "l2-squared":
        return ((data - q) ** 2).sum(axis=1)
    if metric == "manhattan":
        return np.abs(data - q).sum(axis=1)
    return (data != q).sum(axis=1).astype(np.float32)


def ids_of(objects: list) -> list[int]:  # type: ignore[type-arg]
    return [o.uuid.int - 1 for o in objects]


def fill(coll: weaviate.collections.Collection, data: np.ndarray = DATA, named: bool = False) -> None:
    objs = []
    for i in range(len(data)):
        vector = {"a": data[i].tolist(), "b": OTHER[i].tolist()} if named else data[i].tolist()
        objs.append(DataObject({"i": i, "group": int(GROUPS[i])}, uuid=uuid.UUID(int=i + 1), vector=vector))
    for start in range(0, len(objs), 500):
        assert not coll.data.insert_many(objs[start : start + 500]).errors


PROPS = [Property(name="i", data_type=DataType.INT), Property(name="group", data_type=DataType.INT)]


@pytest.mark.parametrize("metric", ["cosine", "dot", "l2-squared", "manhattan", "hamming"])
def test_flat_search_is_exact_for_every_metric(client: weaviate.WeaviateClient, name: str, metric: str) -> None:
    data = np.round(DATA) if metric == "hamming" else DATA
    coll = client.collections.create(name, properties=PROPS, vector_config=Configure.Vectors.self_provided(
        vector_index_config=Configure.VectorIndex.flat(distance_metric=VectorDistances(metric))))
    fill(coll, data)
    for q in (np.round(QUERIES) if metric == "hamming" else QUERIES)[:4]:
        res = coll.query.near_vector(q.tolist(), limit=10, return_metadata=MetadataQuery(distance=True)).objects
        expected = oracle(metric, data, q)
        got = ids_of(res)
        np.testing.assert_allclose([o.metadata.distance for o in res], np.sort(expected)[:10], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(expected[got], [o.metadata.distance for o in res], rtol=1e-5, atol=1e-5)


def test_hnsw_recall_filters_and_certainty(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=PROPS, vector_config=Configure.Vectors.self_provided())
    fill(coll)
    recalls = []
    for q in QUERIES:
        res = coll.query.near_vector(q.tolist(), limit=10, return_metadata=MetadataQuery(distance=True, certainty=True))
        truth = set(np.argsort(oracle("cosine", DATA, q))[:10].tolist())
        recalls.append(len(truth & set(ids_of(res.objects))) / 10)
        for o in res.objects:
            assert o.metadata.certainty == pytest.approx(1 - o.metadata.distance / 2, abs=1e-6)
    assert np.mean(recalls) >= 0.95
    # filtered: 10% allowed, below flatSearchCutoff -> exact over the allowed vectors
    for q in QUERIES[:4]:
        res = coll.query.near_vector(q.tolist(), limit=10, filters=Filter.by_property("group").equal(3))
        rows = np.flatnonzero(GROUPS == 3)
        expected = rows[np.argsort(oracle("cosine", DATA[rows], q))[:10]]
        assert ids_of(res.objects) == expected.tolist()


def test_thresholds_paging_autocut_vectors_and_metadata(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=PROPS, vector_config=Configure.Vectors.self_provided(
        vector_index_config=Configure.VectorIndex.flat()))
    fill(coll)
    q = QUERIES[0]
    order = np.argsort(oracle("cosine", DATA, q))
    dists = np.sort(oracle("cosine", DATA, q))
    page = coll.query.near_vector(q.tolist(), limit=5, offset=5)
    assert ids_of(page.objects) == order[5:10].tolist()
    cut = float(dists[7] + dists[8]) / 2
    within = coll.query.near_vector(q.tolist(), distance=cut, limit=50)
    assert ids_of(within.objects) == order[:8].tolist()
    certain = coll.query.near_vector(q.tolist(), certainty=1 - cut / 2, limit=50)
    assert ids_of(certain.objects) == order[:8].tolist()
    full = coll.query.near_vector(q.tolist(), limit=3, include_vector=True,
                                  return_metadata=MetadataQuery(creation_time=True, distance=True))
    first = full.objects[0]
    assert first.vector["default"] == pytest.approx(DATA[order[0]].tolist(), rel=1e-6)
    assert first.metadata.creation_time is not None and first.properties["i"] == order[0]
    cutted = coll.query.near_vector(q.tolist(), limit=50, auto_limit=1)
    assert 1 <= len(cutted.objects) < 50
    with pytest.raises(WeaviateQueryError):
        coll.query.near_vector(q.tolist(), distance=0.5, certainty=0.5)


def combined(kind: str, qa: np.ndarray, qb: np.ndarray, weights: tuple[float, float] = (1.0, 1.0)) -> np.ndarray:
    da, db = oracle("cosine", DATA, qa), oracle("cosine", OTHER, qb)
    if kind == "sum":
        return da + db
    if kind == "average":
        return (da + db) / 2
    if kind == "minimum":
        return np.minimum(da, db)
    return weights[0] * da + weights[1] * db


@pytest.mark.parametrize("kind", ["sum", "average", "minimum", "manual"])
def test_multi_target_combinations(client: weaviate.WeaviateClient, name: str, kind: str) -> None:
    coll = client.collections.create(name, properties=PROPS, vector_config=[
        Configure.Vectors.self_provided(name="a", vector_index_config=Configure.VectorIndex.flat()),
        Configure.Vectors.self_provided(name="b", vector_index_config=Configure.VectorIndex.flat())])
    fill(coll, named=True)
    qa, qb = QUERIES[1], RNG.standard_normal(6).astype(np.float32)
    target = {"sum": TargetVectors.sum(["a", "b"]), "average": TargetVectors.average(["a", "b"]),
              "minimum": TargetVectors.minimum(["a", "b"]),
              "manual": TargetVectors.manual_weights({"a": 0.3, "b": 1.7})}[kind]
    res = coll.query.near_vector({"a": qa.tolist(), "b": qb.tolist()}, target_vector=target, limit=20,
                                 return_metadata=MetadataQuery(distance=True))
    expected = combined(kind, qa, qb, (0.3, 1.7))
    got = ids_of(res.objects)
    # with every object of both spaces in the candidate lists the combination is exact
    np.testing.assert_allclose(expected[got], [o.metadata.distance for o in res.objects], rtol=1e-4, atol=1e-5)
    assert set(got[:5]) <= set(np.argsort(expected)[:20].tolist())


def test_near_object_and_named_vector_errors(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=PROPS, vector_config=[
        Configure.Vectors.self_provided(name="a"), Configure.Vectors.self_provided(name="b")])
    fill(coll, named=True)
    res = coll.query.near_object(uuid.UUID(int=8), target_vector="a", limit=3, return_metadata=MetadataQuery(distance=True))
    assert ids_of(res.objects)[0] == 7 and res.objects[0].metadata.distance == pytest.approx(0, abs=1e-6)
    for bad in (lambda: coll.query.near_vector(QUERIES[0].tolist()),  # two vectors, no target
                lambda: coll.query.near_vector(QUERIES[0].tolist(), target_vector="nope"),
                lambda: coll.query.near_vector(QUERIES[0][:5].tolist(), target_vector="a"),  # wrong dimensions
                lambda: coll.query.near_vector([float("nan")] * DIMS, target_vector="a"),
                lambda: coll.query.near_object(uuid.uuid4(), target_vector="a")):
        with pytest.raises(WeaviateQueryError) as err:
            bad()
        assert "internal" not in str(err.value).lower()
    with pytest.raises(WeaviateQueryError, match="vector lengths don't match: 5 vs 16"):
        coll.query.near_vector(QUERIES[0][:5].tolist(), target_vector="a")
    assert len(coll) == N


def test_deletes_updates_and_ef_changes(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=PROPS, vector_config=Configure.Vectors.self_provided(
        vector_index_config=Configure.VectorIndex.hnsw(distance_metric=VectorDistances.L2_SQUARED)))
    fill(coll)
    q = DATA[42]
    assert ids_of(coll.query.near_vector(q.tolist(), limit=1).objects) == [42]
    coll.data.delete_by_id(uuid.UUID(int=43))
    assert 42 not in ids_of(coll.query.near_vector(q.tolist(), limit=20).objects)
    coll.data.update(uuid.UUID(int=44), vector=(DATA[42] + 100).tolist())
    assert 43 not in ids_of(coll.query.near_vector(DATA[43].tolist(), limit=20).objects)
    coll.config.update(vector_config=Reconfigure.Vectors.update(
        name="default", vector_index_config=Reconfigure.VectorIndex.hnsw(ef=300)))
    assert coll.config.get().vector_config["default"].vector_index_config.ef == 300  # type: ignore[union-attr]
    assert len(coll.query.near_vector(q.tolist(), limit=50).objects) == 50
    assert len(coll) == N - 1


def test_async_indexing_and_restart(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data", env={"ASYNC_INDEXING": "true"}).start()
    try:
        with weaviate.connect_to_local(host="127.0.0.1", port=server.port, grpc_port=server.grpc_port) as client:
            coll = client.collections.create("Async", properties=PROPS, vector_config=Configure.Vectors.self_provided())
            fill(coll)
            # acknowledged means searchable, queued or indexed
            for i in (0, 700, N - 1):
                assert ids_of(coll.query.near_vector(DATA[i].tolist(), limit=1).objects) == [i]
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                shards = client.cluster.nodes("Async", output="verbose")[0].shards
                if shards and shards[0].vector_queue_length == 0 and shards[0].vector_indexing_status == "READY":
                    break
                time.sleep(0.2)
            else:
                pytest.fail("the async queue did not drain")
        server.restart()
        with weaviate.connect_to_local(host="127.0.0.1", port=server.port, grpc_port=server.grpc_port) as client:
            coll = client.collections.get("Async")
            assert len(coll) == N
            assert ids_of(coll.query.near_vector(DATA[5].tolist(), limit=1).objects) == [5]
    finally:
        server.stop()


def test_relative_score_combination(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=PROPS, vector_config=[
        Configure.Vectors.self_provided(name="a", vector_index_config=Configure.VectorIndex.flat()),
        Configure.Vectors.self_provided(name="b", vector_index_config=Configure.VectorIndex.flat())])
    fill(coll, named=True)
    qa, qb = QUERIES[2], RNG.standard_normal(6).astype(np.float32)
    res = coll.query.near_vector({"a": qa.tolist(), "b": qb.tolist()}, limit=10,
                                 target_vector=TargetVectors.relative_score({"a": 0.6, "b": 0.4}),
                                 return_metadata=MetadataQuery(distance=True))
    # Weaviate: each target's top-`limit` list, missing distances filled in exactly,
    # min-max normalised per target over that candidate set, weighted and summed
    da, db = oracle("cosine", DATA, qa), oracle("cosine", OTHER, qb)
    candidates = np.union1d(np.argsort(da)[:10], np.argsort(db)[:10])
    score = np.zeros(len(candidates))
    for weight, d in ((0.6, da[candidates]), (0.4, db[candidates])):
        score += weight * (d - d.min()) / (d.max() - d.min())
    expected = candidates[np.argsort(score)][:10]
    assert ids_of(res.objects) == expected.tolist()
    np.testing.assert_allclose([o.metadata.distance for o in res.objects], np.sort(score)[:10], rtol=1e-4)
