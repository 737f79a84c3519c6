"""Collections: shard status (get/update, READONLY refuses writes) and auto-schema,
with a second server for AUTOSCHEMA_ENABLED=false."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property, Tokenization
from weaviate.exceptions import UnexpectedStatusCodeError, WeaviateInsertManyAllFailedError

from tests.acceptance.conftest import connect
from tests.harness import ServerProcess

pytestmark = pytest.mark.acceptance


def test_get_shards(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, vector_config=Configure.Vectors.self_provided(),
                                      sharding_config=Configure.sharding(desired_count=2))
    shards = coll.config.get_shards()
    assert len(shards) == 2 and len({s.name for s in shards}) == 2
    for shard in shards:
        assert shard.status == "READY" and shard.vector_queue_size == 0
    # the same names as /v1/nodes reports
    nodes = client.cluster.nodes(name, output="verbose")[0]
    assert {s.name for s in nodes.shards} == {s.name for s in shards}


def test_readonly_shard_refuses_writes_until_ready(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=[Property(name="title", data_type=DataType.TEXT)],
                                      vector_config=Configure.Vectors.self_provided())
    coll.data.insert({"title": "before"})
    (shard,) = coll.config.get_shards()
    assert coll.config.update_shards(status="READONLY") == {shard.name: "READONLY"}
    assert [s.status for s in coll.config.get_shards()] == ["READONLY"]
    assert client.cluster.nodes(name, output="verbose")[0].shards[0].vector_indexing_status == "READONLY"

    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.data.insert({"title": "refused"})
    assert "read-only" in err.value.message
    # reads still work and nothing was written
    assert len(coll) == 1
    assert [o.properties["title"] for o in coll.query.fetch_objects().objects] == ["before"]

    assert coll.config.update_shards(status="READY", shard_names=shard.name) == {shard.name: "READY"}
    assert [s.status for s in coll.config.get_shards()] == ["READY"]
    coll.data.insert({"title": "after"})
    assert len(coll) == 2


def test_batch_into_readonly_shard_gives_per_object_errors(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=[Property(name="i", data_type=DataType.INT)],
                                      vector_config=Configure.Vectors.self_provided(),
                                      sharding_config=Configure.sharding(desired_count=2))
    readonly, ready = sorted(s.name for s in coll.config.get_shards())
    coll.config.update_shards(status="READONLY", shard_names=readonly)
    try:
        result = coll.data.insert_many([{"i": i} for i in range(20)])
        counts = {s.name: s.object_count for s in client.cluster.nodes(name, output="verbose")[0].shards}
        assert counts[readonly] == 0
        assert len(result.errors) == 20 - counts[ready] and 0 < counts[ready] < 20
        assert all("store is read-only" in e.message for e in result.errors.values())
    finally:
        coll.config.update_shards(status="READY")


def test_shard_status_errors(client: weaviate.WeaviateClient, server: ServerProcess, name: str) -> None:
    coll = client.collections.create(name, vector_config=Configure.Vectors.self_provided())
    (shard,) = coll.config.get_shards()
    base = f"{server.url}/v1/schema/{name}/shards"
    resp = httpx.put(f"{base}/{shard.name}", json={"status": "SLEEPING"})
    assert resp.status_code == 422 and resp.json()["error"][0]["message"]
    resp = httpx.put(f"{base}/noSuchShard", json={"status": "READONLY"})
    assert resp.status_code == 404
    # Weaviate upper-cases the status it is given
    resp = httpx.put(f"{base}/{shard.name}", json={"status": "readonly"})
    assert resp.status_code == 200
    assert [s.status for s in coll.config.get_shards()] == ["READONLY"]
    coll.config.update_shards(status="READY")
    with pytest.raises(UnexpectedStatusCodeError) as err:
        client.collections.use("NoSuchShardCollection").config.get_shards()
    assert err.value.status_code == 404


def test_autoschema_creates_collection_with_inferred_types(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.use(name)
    when = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    coll.data.insert({
        "title": "hello", "count": 3, "score": 2.5, "flag": True, "when": when, "ref_id": uuid.uuid4(),
        "tags": ["a", "b"], "nums": [1.5, 2.5], "place": {"latitude": 52.3, "longitude": 4.9},
        "meta": {"author": "x", "year": 2020},
    })
    assert client.collections.exists(name)
    config = coll.config.get()
    types = {p.name: p.data_type for p in config.properties}
    assert types["title"] == DataType.TEXT
    assert types["count"] == DataType.NUMBER  # a JSON number: AUTOSCHEMA_DEFAULT_NUMBER
    assert types["score"] == DataType.NUMBER
    assert types["flag"] == DataType.BOOL
    assert types["when"] == DataType.DATE
    assert types["ref_id"] == DataType.UUID
    assert types["tags"] == DataType.TEXT_ARRAY
    assert types["nums"] == DataType.NUMBER_ARRAY
    assert types["place"] == DataType.GEO_COORDINATES
    assert types["meta"] == DataType.OBJECT
    props = {p.name: p for p in config.properties}
    assert props["title"].tokenization == Tokenization.WORD and props["title"].index_searchable is True
    nested = {p.name: p.data_type for p in props["meta"].nested_properties or []}
    assert nested["author"] == DataType.TEXT
    # Weaviate's auto-schema: one self-provided named vector "default", no legacy index
    assert config.vector_index_config is None
    assert config.vector_config is not None and set(config.vector_config) == {"default"}
    assert config.vector_config["default"].vectorizer.vectorizer == "none"
    generated = "was generated by Weaviate's auto-schema feature on "
    assert config.description is not None and generated in config.description
    assert props["title"].description is not None and generated in props["title"].description
    assert all(p.description and "This nested property" in p.description for p in props["meta"].nested_properties or [])
    assert len(coll) == 1
    # a vector given without a name goes to that single named vector
    coll.data.insert({"title": "with vector"}, vector=[0.1, 0.2])
    got = coll.query.fetch_objects(include_vector=True, limit=5).objects
    assert any(o.vector.get("default") for o in got)


def test_autoschema_over_grpc_batch_and_new_properties(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.use(name)
    result = coll.data.insert_many([{"a": "x", "n": 1}, {"a": "y", "n": 2, "extra": False}])
    assert not result.has_errors
    types = {p.name: p.data_type for p in coll.config.get().properties}
    # the client sends scalar numbers in a protobuf Struct (float64): Weaviate infers number
    assert types == {"a": DataType.TEXT, "n": DataType.NUMBER, "extra": DataType.BOOL}
    coll.data.insert_many([{"ints": [1, 2]}])  # int lists travel as int64 arrays
    assert {p.name: p.data_type for p in coll.config.get().properties}["ints"] == DataType.INT_ARRAY
    coll.data.insert({"a": "z", "later": "added"})
    assert {p.name for p in coll.config.get().properties} == {"a", "n", "extra", "ints", "later"}
    assert len(coll) == 4


def test_autoschema_type_conflict_is_refused(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=[Property(name="n", data_type=DataType.INT)],
                                      vector_config=Configure.Vectors.self_provided())
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.data.insert({"n": "not a number"})
    assert err.value.status_code == 422
    assert [p.name for p in coll.config.get().properties] == ["n"]


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    base: Path = tmp_path_factory.mktemp("weftdb-strict")
    proc = ServerProcess(base / "data", env={"AUTOSCHEMA_ENABLED": "false"}).start()
    yield proc
    proc.stop()


def test_autoschema_disabled_rejects_unknown_collection_and_property(strict_server: ServerProcess) -> None:
    with connect(strict_server) as strict:
        missing = strict.collections.use("NeverCreated")
        with pytest.raises(UnexpectedStatusCodeError) as err:
            missing.data.insert({"title": "x"})
        assert err.value.status_code == 422
        assert not strict.collections.exists("NeverCreated")
        with pytest.raises(WeaviateInsertManyAllFailedError):
            missing.data.insert_many([{"title": "x"}])
        assert not strict.collections.exists("NeverCreated")

        coll = strict.collections.create("Strict", properties=[Property(name="title", data_type=DataType.TEXT)],
                                         vector_config=Configure.Vectors.self_provided())
        coll.data.insert({"title": "ok"})
        with pytest.raises(UnexpectedStatusCodeError) as err:
            coll.data.insert({"title": "ok", "unknown": 1})
        assert err.value.status_code == 422
        assert "unknown" in err.value.message
        assert [p.name for p in coll.config.get().properties] == ["title"]
        assert len(coll) == 1
        assert strict.is_ready()


def test_schema_and_shards_survive_a_restart(strict_server: ServerProcess) -> None:
    with connect(strict_server) as strict:
        coll = strict.collections.create(
            "Durable",
            description="kept",
            properties=[Property(name="title", data_type=DataType.TEXT, tokenization=Tokenization.FIELD),
                        Property(name="meta", data_type=DataType.OBJECT,
                                 nested_properties=[Property(name="k", data_type=DataType.INT)])],
            vector_config=[Configure.Vectors.self_provided(name="a"),
                           Configure.Vectors.self_provided(name="b", vector_index_config=Configure.VectorIndex.flat())],
            sharding_config=Configure.sharding(desired_count=2),
        )
        coll.config.update(description="updated")
        coll.config.add_property(Property(name="extra", data_type=DataType.DATE))
        coll.data.insert_many([{"title": str(i)} for i in range(4)])
        before = coll.config.get()
        shards_before = sorted(s.name for s in coll.config.get_shards())
    strict_server.restart()
    with connect(strict_server) as strict:
        coll = strict.collections.get("Durable")
        assert coll.config.get() == before
        assert sorted(s.name for s in coll.config.get_shards()) == shards_before
        assert len(coll) == 4
        strict.collections.delete("Durable")
