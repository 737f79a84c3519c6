"""Single-object operations through the client's REST paths, and the REST-only endpoints."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property
from weaviate.exceptions import UnexpectedStatusCodeError
from weaviate.util import generate_uuid5

from tests.harness import ServerProcess

pytestmark = pytest.mark.acceptance


def make(client: weaviate.WeaviateClient, name: str, **extra: object) -> weaviate.collections.Collection:
    return client.collections.create(
        name,
        properties=[
            Property(name="title", data_type=DataType.TEXT),
            Property(name="count", data_type=DataType.INT),
            Property(name="score", data_type=DataType.NUMBER),
            Property(name="tags", data_type=DataType.TEXT_ARRAY),
        ],
        vector_config=Configure.Vectors.self_provided(),
        **extra,  # type: ignore[arg-type]
    )


def test_insert_get_exists_delete(client: weaviate.WeaviateClient, name: str) -> None:
    coll = make(client, name)
    oid = coll.data.insert({"title": "a", "count": 3, "score": 1.5, "tags": ["x", "y"]}, vector=[0.1, 0.2, 0.3])
    assert coll.data.exists(oid)
    got = coll.query.fetch_object_by_id(oid, include_vector=True)
    assert got is not None
    assert got.properties == {"title": "a", "count": 3, "score": 1.5, "tags": ["x", "y"]}
    assert got.vector["default"] == pytest.approx([0.1, 0.2, 0.3], rel=1e-6)
    assert got.metadata.creation_time == got.metadata.last_update_time
    assert coll.data.delete_by_id(oid) is True
    assert coll.data.exists(oid) is False
    assert coll.data.delete_by_id(oid) is False
    assert coll.query.fetch_object_by_id(oid) is None


def test_insert_with_given_uuid_and_duplicate_is_422(client: weaviate.WeaviateClient, name: str) -> None:
    coll = make(client, name)
    oid = generate_uuid5("one")
    assert str(coll.data.insert({"title": "a"}, uuid=oid)) == oid
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.data.insert({"title": "b"}, uuid=oid)
    assert err.value.status_code == 422
    assert "already exists" in err.value.message
    got = coll.query.fetch_object_by_id(oid)
    assert got is not None and got.properties["title"] == "a"


def test_update_merges_and_replace_replaces(client: weaviate.WeaviateClient, name: str) -> None:
    coll = make(client, name)
    oid = coll.data.insert({"title": "a", "count": 1}, vector=[1.0, 0.0, 0.0])
    before = coll.query.fetch_object_by_id(oid)
    assert before is not None
    coll.data.update(oid, {"score": 2.5})
    merged = coll.query.fetch_object_by_id(oid, include_vector=True)
    assert merged is not None
    assert merged.properties == {"title": "a", "count": 1, "score": 2.5, "tags": None}
    assert merged.vector["default"] == [1.0, 0.0, 0.0]
    assert merged.metadata.creation_time == before.metadata.creation_time
    assert merged.metadata.last_update_time >= before.metadata.last_update_time
    coll.data.replace(oid, {"title": "b"}, vector=[0.0, 1.0, 0.0])
    replaced = coll.query.fetch_object_by_id(oid, include_vector=True)
    assert replaced is not None
    assert replaced.properties == {"title": "b", "count": None, "score": None, "tags": None}
    assert replaced.vector["default"] == [0.0, 1.0, 0.0]
    assert replaced.metadata.creation_time == before.metadata.creation_time
    assert len(coll) == 1


def test_update_and_replace_of_missing_object(client: weaviate.WeaviateClient, name: str) -> None:
    coll = make(client, name)
    missing = uuid.uuid4()
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.data.update(missing, {"title": "x"})
    assert err.value.status_code == 404
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.data.replace(missing, {"title": "x"})
    assert err.value.status_code == 404


def test_named_vectors_roundtrip(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(
        name,
        properties=[Property(name="title", data_type=DataType.TEXT)],
        vector_config=[
            Configure.Vectors.self_provided(name="a"),
            Configure.Vectors.self_provided(name="b", vector_index_config=Configure.VectorIndex.flat()),
        ],
    )
    oid = coll.data.insert({"title": "x"}, vector={"a": [1.0, 2.0], "b": [3.0, 4.0, 5.0]})
    got = coll.query.fetch_object_by_id(oid, include_vector=True)
    assert got is not None
    assert got.vector == {"a": [1.0, 2.0], "b": [3.0, 4.0, 5.0]}
    only_b = coll.query.fetch_object_by_id(oid, include_vector=["b"])
    assert only_b is not None and set(only_b.vector) == {"b"}
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.data.insert({"title": "y"}, vector={"nope": [1.0]})
    assert err.value.status_code == 422
    assert "does not have configuration for vector nope" in err.value.message


def test_debug_rest_object(client: weaviate.WeaviateClient, name: str) -> None:
    coll = make(client, name)
    oid = coll.data.insert({"title": "a"}, vector=[1.0, 2.0, 3.0])
    obj = client.debug.get_object_over_rest(name, oid)
    assert obj is not None
    assert obj.properties == {"title": "a"}
    assert obj.collection == name
    assert obj.vector is None  # GET without ?include=vector, as in Weaviate
    assert client.debug.get_object_over_rest(name, uuid.uuid4()) is None


def test_auto_schema_creates_collection_and_properties(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.get(name)
    when = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    oid = coll.data.insert({"title": "a", "n": 2.5, "flag": True, "when": when, "names": ["x"]})
    props = {p.name: p.data_type.value for p in coll.config.get().properties}
    assert props == {"title": "text", "n": "number", "flag": "boolean", "when": "date", "names": "text[]"}
    got = coll.query.fetch_object_by_id(oid)
    assert got is not None
    assert got.properties["when"] == when
    coll.data.insert({"title": "b", "extra": 7})
    assert "extra" in {p.name for p in coll.config.get().properties}


def test_validation_errors_are_422(client: weaviate.WeaviateClient, name: str) -> None:
    coll = make(client, name)
    for props in ({"count": "three"}, {"count": 1.5}, {"title": 5}, {"tags": "not-a-list"}):
        with pytest.raises(UnexpectedStatusCodeError) as err:
            coll.data.insert(props)
        assert err.value.status_code == 422, props
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.data.insert({"title": "x"}, vector=[1.0, 2.0, 3.0])
        coll.data.insert({"title": "y"}, vector=[1.0, 2.0])
    assert err.value.status_code == 422
    assert "vector dimensions do not match" in err.value.message
    assert len(coll) == 1


# -- REST endpoints the v4 client does not wrap ------------------------------------------


@pytest.fixture
def http(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as c:
        yield c


def test_list_objects_with_cursor_offset_and_vectors(
    client: weaviate.WeaviateClient, name: str, http: httpx.Client
) -> None:
    coll = make(client, name)
    ids = sorted(str(uuid.UUID(int=i + 1)) for i in range(7))
    coll.data.insert_many([weaviate.classes.data.DataObject({"title": f"t{i}"}, uuid=u, vector=[i, 0.0, 1.0])
                           for i, u in enumerate(ids)])
    page = http.get("/v1/objects", params={"class": name, "limit": 3}).json()
    assert [o["id"] for o in page["objects"]] == ids[:3]
    assert page["totalResults"] == 3
    assert "vector" not in page["objects"][0]
    after = http.get("/v1/objects", params={"class": name, "limit": 10, "after": ids[2]}).json()
    assert [o["id"] for o in after["objects"]] == ids[3:]
    offset = http.get("/v1/objects", params={"class": name, "offset": 5, "include": "vector"}).json()
    assert [o["id"] for o in offset["objects"]] == ids[5:]
    assert offset["objects"][0]["vectors"] == {"default": [5.0, 0.0, 1.0]}
    default_limit = http.get("/v1/objects", params={"class": name}).json()
    assert len(default_limit["objects"]) == 7
    too_many = http.get("/v1/objects", params={"class": name, "limit": 20000})
    assert too_many.status_code == 422
    assert "QUERY_MAXIMUM_RESULTS" in too_many.json()["error"][0]["message"]


def test_rest_crud_and_deprecated_classless_paths(client: weaviate.WeaviateClient, name: str, http: httpx.Client) -> None:
    make(client, name)
    created = http.post("/v1/objects", json={"class": name, "properties": {"title": "a"}, "vector": [1, 2, 3]})
    assert created.status_code == 200
    body = created.json()
    oid = body["id"]
    assert body["class"] == name and body["properties"] == {"title": "a"} and body["vectors"] == {"default": [1.0, 2.0, 3.0]}
    assert body["creationTimeUnix"] == body["lastUpdateTimeUnix"] > 0
    assert http.head(f"/v1/objects/{name}/{oid}").status_code == 204
    assert http.head(f"/v1/objects/{oid}").status_code == 204
    assert http.get(f"/v1/objects/{oid}").json()["properties"] == {"title": "a"}
    assert http.patch(f"/v1/objects/{name}/{oid}", json={"class": name, "properties": {"count": 2}}).status_code == 204
    assert http.get(f"/v1/objects/{name}/{oid}").json()["properties"] == {"title": "a", "count": 2}
    put = http.put(f"/v1/objects/{oid}", json={"class": name, "properties": {"title": "b"}})
    assert put.status_code == 200 and put.json()["properties"] == {"title": "b"}
    assert http.delete(f"/v1/objects/{oid}").status_code == 204
    assert http.get(f"/v1/objects/{name}/{oid}").status_code == 404
    assert http.delete(f"/v1/objects/{name}/{oid}").status_code == 404
    assert http.head(f"/v1/objects/{oid}").status_code == 404


def test_validate_endpoint(client: weaviate.WeaviateClient, name: str, http: httpx.Client) -> None:
    make(client, name)
    ok = http.post("/v1/objects/validate", json={"class": name, "properties": {"title": "x"}})
    assert ok.status_code == 200
    bad = http.post("/v1/objects/validate", json={"class": name, "properties": {"count": "x"}})
    assert bad.status_code == 422
    assert bad.json()["error"][0]["message"].startswith("invalid object: ")
    assert len(client.collections.get(name)) == 0


def test_rest_batch_import_and_delete(client: weaviate.WeaviateClient, name: str, http: httpx.Client) -> None:
    make(client, name)
    ids = [str(uuid.UUID(int=i + 100)) for i in range(4)]
    objects = [{"class": name, "id": u, "properties": {"title": f"t{i}"}} for i, u in enumerate(ids)]
    objects.append({"class": name, "properties": {"count": "bad"}})
    res = http.post("/v1/batch/objects", json={"objects": objects})
    assert res.status_code == 200
    results = res.json()
    assert [r["result"]["status"] for r in results] == ["SUCCESS"] * 4 + ["FAILED"]
    assert "errors" in results[4]["result"]
    assert len(client.collections.get(name)) == 4
    where = {"operator": "ContainsAny", "path": ["id"], "valueTextArray": ids[:2]}
    dry = http.request("DELETE", "/v1/batch/objects", json={"match": {"class": name, "where": where},
                                                           "dryRun": True, "output": "verbose"}).json()
    assert dry["dryRun"] is True and dry["results"]["matches"] == 2
    assert {o["status"] for o in dry["results"]["objects"]} == {"DRYRUN"}
    assert len(client.collections.get(name)) == 4
    done = http.request("DELETE", "/v1/batch/objects", json={"match": {"class": name, "where": where}}).json()
    assert done["results"]["successful"] == 2 and done["results"]["objects"] is None
    assert len(client.collections.get(name)) == 2


def test_query_limits_from_environment(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data", env={"QUERY_DEFAULTS_LIMIT": "2", "QUERY_MAXIMUM_RESULTS": "5"})
    server.start()
    try:
        with weaviate.connect_to_local(host="127.0.0.1", port=server.port, grpc_port=server.grpc_port) as client:
            coll = make(client, "Limits")
            coll.data.insert_many([{"title": str(i)} for i in range(8)])
            with httpx.Client(base_url=server.url) as http:
                assert len(http.get("/v1/objects", params={"class": "Limits"}).json()["objects"]) == 2
                assert http.get("/v1/objects", params={"class": "Limits", "limit": 6}).status_code == 422
            assert len(coll.query.fetch_objects(limit=5).objects) == 5
            with pytest.raises(weaviate.exceptions.WeaviateQueryError):
                coll.query.fetch_objects(limit=4, offset=2)
    finally:
        server.stop()
