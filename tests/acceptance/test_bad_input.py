"""Bad input gets a 4xx in Weaviate's error shape, never a 500, and the server keeps serving."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import weaviate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.data import DataObject
from weaviate.exceptions import UnexpectedStatusCodeError, WeaviateQueryError

from tests.harness import ServerProcess

pytestmark = pytest.mark.acceptance


@pytest.fixture
def http(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as c:
        yield c


def error_message(resp: httpx.Response) -> str:
    body = resp.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"], list) and body["error"], body
    message = body["error"][0]["message"]
    assert isinstance(message, str) and message
    return message


def assert_serving(http: httpx.Client) -> None:
    assert http.get("/v1/meta").status_code == 200


@pytest.fixture
def coll(client: weaviate.WeaviateClient, name: str) -> weaviate.collections.Collection:
    return client.collections.create(
        name,
        properties=[Property(name="title", data_type=DataType.TEXT), Property(name="n", data_type=DataType.INT)],
        vector_config=Configure.Vectors.self_provided(),
    )


@pytest.mark.parametrize(
    "method,path",
    [("POST", "/v1/objects"), ("POST", "/v1/schema"), ("POST", "/v1/batch/objects"),
     ("DELETE", "/v1/batch/objects"), ("POST", "/v1/objects/validate")],
)
def test_malformed_json_is_400(http: httpx.Client, method: str, path: str) -> None:
    resp = http.request(method, path, content=b'{"class": "X", "properties": {', headers={"content-type": "application/json"})
    assert resp.status_code == 400
    assert "JSON" in error_message(resp)
    assert_serving(http)


def test_wrong_body_types_are_422(http: httpx.Client, coll: weaviate.collections.Collection) -> None:
    name = coll.name
    for body in ([1, 2], {"class": name, "properties": "x"}, {"class": 5}, {"class": name, "id": 7},
                 {"class": name, "vector": "abc"}, {"class": name, "vector": [1, "a"]},
                 {"class": name, "vectors": [1.0]}, {"class": name, "properties": {"n": "five"}}):
        resp = http.post("/v1/objects", json=body)
        assert resp.status_code == 422, body
        error_message(resp)
    assert len(coll) == 0
    assert_serving(http)


def test_unknown_collection(client: weaviate.WeaviateClient, http: httpx.Client) -> None:
    assert http.get("/v1/schema/DoesNotExist").status_code == 404
    assert http.get(f"/v1/objects/DoesNotExist/{uuid.uuid4()}").status_code == 404
    assert http.get("/v1/objects", params={"class": "DoesNotExist"}).status_code == 404
    with pytest.raises(WeaviateQueryError):
        client.collections.get("DoesNotExist").query.fetch_objects()
    with pytest.raises(weaviate.exceptions.WeaviateDeleteManyError):
        client.collections.get("DoesNotExist").data.delete_many(where=weaviate.classes.query.Filter.by_id().equal(uuid.uuid4()))
    with pytest.raises(UnexpectedStatusCodeError) as err:
        client.collections.get("DoesNotExist").config.add_property(Property(name="x", data_type=DataType.TEXT))
    assert err.value.status_code in (404, 422)
    assert_serving(http)


def test_invalid_uuids(http: httpx.Client, coll: weaviate.collections.Collection) -> None:
    for path in (f"/v1/objects/{coll.name}/not-a-uuid", "/v1/objects/not-a-uuid"):
        resp = http.get(path)
        assert resp.status_code == 422
        assert "uuid" in error_message(resp)
    resp = http.post("/v1/objects", json={"class": coll.name, "id": "123-abc", "properties": {}})
    assert resp.status_code == 422
    batch = http.post("/v1/batch/objects", json={"objects": [{"class": coll.name, "id": "zzz"}, {"class": coll.name}]})
    assert [r["result"]["status"] for r in batch.json()] == ["FAILED", "SUCCESS"]
    assert len(coll) == 1
    assert_serving(http)


def test_non_finite_and_wrong_dimension_vectors(http: httpx.Client, coll: weaviate.collections.Collection) -> None:
    res = coll.data.insert_many([
        DataObject({"title": "ok"}, vector=[1.0, 2.0]),
        DataObject({"title": "nan"}, vector=[math.nan, 2.0]),
        DataObject({"title": "inf"}, vector=np.array([np.inf, 1.0], dtype=np.float32).tolist()),
        DataObject({"title": "dims"}, vector=[1.0, 2.0, 3.0]),
    ])
    assert set(res.errors) == {1, 2, 3}
    assert "non-finite" in res.errors[1].message
    assert "vector dimensions do not match" in res.errors[3].message
    overflow = http.post("/v1/objects", json={"class": coll.name, "vector": [1e39, 1.0]})
    assert overflow.status_code == 422 and "non-finite" in error_message(overflow)
    nan_json = http.post("/v1/objects", content=b'{"class": "%s", "vector": [NaN, 1]}' % coll.name.encode(),
                         headers={"content-type": "application/json"})
    assert nan_json.status_code == 400
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.data.insert({"title": "x"}, vector=[1.0, 2.0, 3.0])
    assert err.value.status_code == 422
    assert len(coll) == 1
    assert_serving(http)


def test_oversized_body_is_413(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data", env={"WEFTDB_MAX_REQUEST_BODY_BYTES": "2048"}).start()
    try:
        with httpx.Client(base_url=server.url) as http:
            big = {"class": "Big", "properties": {"title": "x" * 5000}}
            resp = http.post("/v1/objects", json=big)
            assert resp.status_code == 413
            assert "exceeds" in error_message(resp)

            def chunks() -> Iterator[bytes]:  # no content-length: the stream is cut at the limit
                yield b'{"class": "Big", "properties": {"title": "'
                for _ in range(10):
                    yield b"y" * 1000
                yield b'"}}'

            streamed = http.post("/v1/objects", content=chunks(), headers={"content-type": "application/json"})
            assert streamed.status_code == 413
            assert http.get("/v1/schema/Big").status_code == 404
            assert_serving(http)
    finally:
        server.stop()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
FIELDS = st.fixed_dictionaries(
    {},
    optional={"class": JSON, "id": JSON, "properties": JSON, "vector": JSON, "vectors": JSON, "tenant": JSON,
              "objects": JSON, "match": JSON, "dryRun": JSON, "output": JSON, "vectorIndexConfig": JSON,
              "vectorIndexType": JSON, "invertedIndexConfig": JSON, "vectorConfig": JSON},
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=FIELDS | JSON, target=st.sampled_from(
    [("POST", "/v1/objects"), ("POST", "/v1/schema"), ("POST", "/v1/batch/objects"), ("DELETE", "/v1/batch/objects"),
     ("POST", "/v1/objects/validate"), ("PUT", "/v1/schema/Fuzz"), ("POST", "/v1/schema/Fuzz/properties"),
     ("PATCH", f"/v1/objects/Fuzz/{uuid.UUID(int=1)}"), ("PUT", f"/v1/objects/Fuzz/{uuid.UUID(int=1)}")]))
def test_random_bodies_never_cause_a_500(server: ServerProcess, body: Any, target: tuple[str, str]) -> None:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        if isinstance(body, dict) and target[1] == "/v1/schema" and isinstance(body.get("class"), str):
            body["class"] = "Fuzz"  # keep created collections in one name we can drop
        resp = http.request(target[0], target[1], json=body)
        assert resp.status_code < 500, (target, body, resp.text)
        if resp.status_code >= 400 and resp.content:
            error_message(resp)
        http.delete("/v1/schema/Fuzz")
