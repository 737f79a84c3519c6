"""BatchObjects: what the client's insert_many sends becomes ObjectInput; errors keep their index."""

from __future__ import annotations

import datetime as dt
import struct
import uuid
from typing import Any

import numpy as np
import pytest
from grpc_fakes import CLIENT_VERSION, NAMED, ClientConnection, FakeSchema, Harness
from weaviate.collections.batch.grpc_batch import _BatchGRPC
from weaviate.collections.classes.batch import _BatchObject
from weaviate.collections.classes.internal import ReferenceToMulti
from weaviate.collections.classes.types import GeoCoordinate, PhoneNumber
from weaviate.exceptions import WeaviateInsertManyAllFailedError
from weaviate.proto.v1 import base_pb2, batch_pb2

from weftdb.api.grpc.batch import parse_batch_objects

U1 = uuid.UUID("df48b9f6-ba48-470c-bf6a-57657cb07390")
U2 = uuid.UUID("00000000-0000-0000-0000-0000000000ff")
BATCH = _BatchGRPC(CLIENT_VERSION, None, None)


def batch_object(
    properties: dict[str, Any] | None = None,
    *,
    collection: str = "Article",
    vector: Any = None,
    references: Any = None,
    obj_id: uuid.UUID = U1,
    index: int = 0,
) -> _BatchObject:
    return _BatchObject(collection, vector, str(obj_id), properties, None, references, index)


def insert(harness: Harness, *objects: _BatchObject) -> Any:
    return BATCH.objects(ClientConnection(harness), objects=list(objects), timeout=10, max_retries=0)


def test_every_property_kind_joins_into_one_dict() -> None:
    harness = Harness()
    props = {
        "title": "Hello",
        "count": 3,
        "price": 2.5,
        "done": False,
        "tags": ["a"],
        "counts": [1, 2],
        "prices": [1.5, 2.0],
        "flags": [True],
        "whens": [dt.datetime(2024, 1, 1, tzinfo=dt.UTC)],
        "uids": [U1],
        "when": dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        "uid": U2,
        "where": GeoCoordinate(latitude=1.5, longitude=2.5),
        "phone": PhoneNumber(number="0301234567", default_country="DE"),
        "meta": {"source": "web", "rank": 1, "scores": [0.5], "origin": {"city": "B", "zip": 1}, "empty": []},
        "chapters": [{"heading": "One", "pages": [1]}, {"heading": "Two", "pages": []}],
        "nothing": None,
        "gone": [],
    }
    result = insert(harness, batch_object(props))
    assert not result.has_errors and result.uuids == {0: U1}
    (inp,) = harness.objects.added
    assert (inp.collection, inp.id, inp.tenant, inp.vector, inp.vectors) == ("Article", str(U1), "", None, None)
    assert inp.properties == {
        "title": "Hello",
        "count": 3.0,
        "price": 2.5,
        "done": False,
        "tags": ["a"],
        "counts": [1, 2],
        "prices": [1.5, 2.0],
        "flags": [True],
        "whens": ["2024-01-01T00:00:00.000000+00:00"],
        "uids": [str(U1)],
        "when": "2024-01-01T00:00:00.000000+00:00",
        "uid": str(U2),
        "where": {"latitude": 1.5, "longitude": 2.5},
        "phone": {"input": "0301234567", "defaultCountry": "DE"},
        "meta": {"source": "web", "rank": 1.0, "scores": [0.5], "origin": {"city": "B", "zip": 1.0}, "empty": []},
        "chapters": [{"heading": "One", "pages": [1]}, {"heading": "Two", "pages": []}],
        "nothing": None,
        "gone": [],
    }
    assert all(isinstance(v, int) for v in inp.properties["counts"])


def test_references_become_beacons() -> None:
    harness = Harness()
    refs = {"author": [U1, U2], "mentions": ReferenceToMulti(target_collection="org", uuids=[U2])}
    insert(harness, batch_object({"title": "x"}, references=refs))
    props = harness.objects.added[0].properties
    assert props["author"] == [
        {"beacon": f"weaviate://localhost/Person/{U1}"},
        {"beacon": f"weaviate://localhost/Person/{U2}"},
    ]
    assert props["mentions"] == [{"beacon": f"weaviate://localhost/Org/{U2}"}]


def test_vectors_legacy_and_named() -> None:
    harness = Harness(schema=FakeSchema(NAMED))
    insert(
        harness,
        batch_object({"title": "x"}, collection="Named", vector=[0.5, 1.5]),
        batch_object({"title": "y"}, collection="Named", vector={"first": [1.0], "second": [2.0, 3.0]}, index=1),
    )
    legacy, named = harness.objects.added
    assert legacy.vector.dtype == np.float32 and legacy.vector.tolist() == [0.5, 1.5] and legacy.vectors is None
    assert named.vector is None and {k: v.tolist() for k, v in named.vectors.items()} == {
        "first": [1.0],
        "second": [2.0, 3.0],
    }


def test_per_object_errors_keep_their_index() -> None:
    harness = Harness()
    harness.objects.errors = {1: "invalid text property 'title'"}  # the 2nd object handed to batch_add
    multi = batch_object({"title": "m"}, vector={"first": [[1.0, 2.0], [3.0, 4.0]]}, index=0)
    bad_ref = batch_object({"title": "r"}, references={"nope": U1}, index=2)
    result = insert(
        harness, multi, batch_object({"title": "ok"}, index=1), bad_ref, batch_object({"title": 5}, index=3)
    )
    assert sorted(result.errors) == [0, 2, 3]
    assert "not implemented yet" in result.errors[0].message
    assert "no such prop with name 'nope'" in result.errors[2].message
    assert result.errors[3].message == "invalid text property 'title'"
    assert result.uuids == {1: U1}
    assert [i.properties["title"] for i in harness.objects.added] == ["ok", 5.0]


def test_malformed_bytes_fail_only_that_object() -> None:
    harness = Harness()
    objs = [
        batch_pb2.BatchObject(uuid=str(U1), collection="Article", vector_bytes=b"\x00\x00\x80"),
        batch_pb2.BatchObject(
            uuid=str(U1),
            collection="Article",
            properties={
                "number_array_properties": [base_pb2.NumberArrayProperties(prop_name="prices", values_bytes=b"1234")]
            },
        ),
        batch_pb2.BatchObject(uuid="", collection="Article"),
        batch_pb2.BatchObject(
            uuid=str(U2),
            collection="Article",
            properties={
                "number_array_properties": [base_pb2.NumberArrayProperties(prop_name="prices", values=[1.0, 2.5])]
            },
        ),
    ]
    reply = harness.call("BatchObjects", batch_pb2.BatchObjectsRequest(objects=objs))
    assert [e.index for e in reply.errors] == [0, 1, 2]
    assert "multiple of 4" in reply.errors[0].error and "multiple of 8" in reply.errors[1].error
    assert reply.errors[2].error == "invalid UUID length: 0"
    assert harness.objects.added[0].properties == {"prices": [1.0, 2.5]}


def test_all_failed_is_an_error_in_the_client() -> None:
    harness = Harness()
    with pytest.raises(WeaviateInsertManyAllFailedError):
        insert(harness, batch_object({"title": "x"}, references={"nope": U1}))
    assert not harness.objects.added


def test_number_array_bytes_are_little_endian_float64() -> None:
    raw = struct.pack("<2d", 1.25, -2.0)
    msg = batch_pb2.BatchObjectsRequest(
        objects=[
            batch_pb2.BatchObject(
                uuid=str(U1),
                collection="Article",
                properties={
                    "number_array_properties": [base_pb2.NumberArrayProperties(prop_name="p", values_bytes=raw)]
                },
            )
        ]
    )
    parsed = parse_batch_objects(msg, FakeSchema().find)
    assert parsed.inputs[0].properties == {"p": [1.25, -2.0]} and parsed.positions == [0]
