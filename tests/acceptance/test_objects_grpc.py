"""Batch import, fetch, delete-many and counts through the client's gRPC paths."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.data import DataObject, GeoCoordinate, PhoneNumber
from weaviate.classes.query import Filter, MetadataQuery
from weaviate.exceptions import WeaviateQueryError

pytestmark = pytest.mark.acceptance

ALL_TYPES = [
    Property(name="text", data_type=DataType.TEXT),
    Property(name="texts", data_type=DataType.TEXT_ARRAY),
    Property(name="int", data_type=DataType.INT),
    Property(name="ints", data_type=DataType.INT_ARRAY),
    Property(name="number", data_type=DataType.NUMBER),
    Property(name="numbers", data_type=DataType.NUMBER_ARRAY),
    Property(name="bool", data_type=DataType.BOOL),
    Property(name="bools", data_type=DataType.BOOL_ARRAY),
    Property(name="date", data_type=DataType.DATE),
    Property(name="dates", data_type=DataType.DATE_ARRAY),
    Property(name="uuid", data_type=DataType.UUID),
    Property(name="uuids", data_type=DataType.UUID_ARRAY),
    Property(name="geo", data_type=DataType.GEO_COORDINATES),
    Property(name="phone", data_type=DataType.PHONE_NUMBER),
    Property(name="blob", data_type=DataType.BLOB),
    Property(
        name="obj",
        data_type=DataType.OBJECT,
        nested_properties=[
            Property(name="a", data_type=DataType.TEXT),
            Property(name="b", data_type=DataType.INT),
            Property(name="inner", data_type=DataType.OBJECT_ARRAY,
                     nested_properties=[Property(name="c", data_type=DataType.NUMBER)]),
        ],
    ),
]

WHEN = dt.datetime(2023, 4, 5, 6, 7, 8, 123000, tzinfo=dt.UTC)
U1, U2 = uuid.UUID(int=11), uuid.UUID(int=12)
SAMPLE = {
    "text": "hello", "texts": ["a", "b"], "int": 42, "ints": [1, -2, 3], "number": 1.25,
    "numbers": [0.5, -1.5], "bool": True, "bools": [True, False], "date": WHEN, "dates": [WHEN, WHEN],
    "uuid": U1, "uuids": [U1, U2], "geo": GeoCoordinate(latitude=52.5, longitude=13.25),
    "blob": "aGVsbG8=",
    "obj": {"a": "x", "b": 7, "inner": [{"c": 1.5}, {"c": 2.5}]},
}


def test_insert_many_every_type_roundtrips(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=ALL_TYPES, vector_config=Configure.Vectors.self_provided())
    props = {**SAMPLE, "phone": PhoneNumber(number="030 1234567", default_country="DE")}
    res = coll.data.insert_many([DataObject(props, uuid=U1, vector=[0.5, 0.25])])
    assert res.errors == {}
    got = coll.query.fetch_object_by_id(U1, include_vector=True, return_properties=[p.name for p in ALL_TYPES])
    assert got is not None
    for key, value in SAMPLE.items():
        if key == "geo":
            assert got.properties["geo"].latitude == pytest.approx(52.5)
            assert got.properties["geo"].longitude == pytest.approx(13.25)
        elif key == "blob":
            assert got.properties["blob"] == "aGVsbG8="
        else:
            assert got.properties[key] == value, key
    phone = got.properties["phone"]
    assert phone.number == "030 1234567" and phone.default_country == "DE"
    assert phone.international_formatted == "+49 30 1234567" and phone.country_code == 49
    assert got.vector["default"] == [0.5, 0.25]
    same = coll.query.fetch_objects(return_properties=["text", "int"]).objects[0]
    assert same.properties == {"text": "hello", "int": 42}


def test_insert_many_reports_errors_by_index(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=ALL_TYPES[:4], vector_config=Configure.Vectors.self_provided())
    objs = [
        DataObject({"text": "ok"}, vector=[1.0, 0.0]),
        DataObject({"int": "not an int"}, vector=[1.0, 0.0]),
        DataObject({"text": "ok2"}, vector=[1.0, 0.0, 0.0]),
        DataObject({"text": "ok3"}, vector=[0.0, 1.0]),
    ]
    res = coll.data.insert_many(objs)
    assert set(res.errors) == {1, 2}
    assert "vector dimensions do not match" in res.errors[2].message
    assert len(res.uuids) == 2 and len(coll) == 2


def test_batch_context_managers(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=[Property(name="i", data_type=DataType.INT)],
                                     vector_config=Configure.Vectors.self_provided())
    with coll.batch.fixed_size(batch_size=50) as batch:
        for i in range(120):
            batch.add_object({"i": i}, uuid=uuid.UUID(int=i + 1), vector=[float(i), 1.0])
    with coll.batch.dynamic() as batch:
        for i in range(120, 300):
            batch.add_object({"i": i}, uuid=uuid.UUID(int=i + 1), vector=[float(i), 1.0])
    with client.batch.dynamic() as batch:
        batch.add_object(name, {"i": 1000}, uuid=uuid.UUID(int=1001), vector=[0.0, 1.0])
        batch.add_object(name, {"i": "wrong"}, vector=[0.0, 1.0])
    assert len(coll.batch.failed_objects) == 0
    assert len(client.batch.failed_objects) == 1
    assert "i" in client.batch.failed_objects[0].message
    assert len(coll) == 301
    got = coll.query.fetch_object_by_id(uuid.UUID(int=200), include_vector=True)
    assert got is not None and got.properties == {"i": 199} and got.vector["default"] == [199.0, 1.0]


def test_fetch_objects_paging_cursor_and_iterator(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=[Property(name="i", data_type=DataType.INT)])
    ids = [uuid.UUID(int=i + 1) for i in range(25)]
    coll.data.insert_many([DataObject({"i": i}, uuid=u) for i, u in enumerate(ids)])
    assert [o.uuid for o in coll.query.fetch_objects(limit=5).objects] == ids[:5]
    assert [o.uuid for o in coll.query.fetch_objects(limit=5, offset=20).objects] == ids[20:]
    assert [o.uuid for o in coll.query.fetch_objects(limit=3, after=ids[9]).objects] == ids[10:13]
    assert len(coll.query.fetch_objects().objects) == 10  # QUERY_DEFAULTS_LIMIT
    assert [o.uuid for o in coll.iterator()] == ids
    found = coll.query.fetch_objects_by_ids([ids[3], ids[7], uuid.uuid4()]).objects
    assert {o.uuid for o in found} == {ids[3], ids[7]}


def test_metadata_and_property_selection(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=ALL_TYPES[:3])
    oid = coll.data.insert({"text": "t", "int": 5})
    res = coll.query.fetch_objects(
        return_properties=["int"], return_metadata=MetadataQuery(creation_time=True, last_update_time=True)
    ).objects[0]
    assert res.uuid == oid and res.properties == {"int": 5}
    assert res.metadata.creation_time is not None and res.metadata.last_update_time is not None
    everything = coll.query.fetch_objects().objects[0]
    assert everything.properties == {"text": "t", "texts": None, "int": 5}


def test_delete_many_and_counts(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=[Property(name="i", data_type=DataType.INT)])
    ids = [uuid.UUID(int=i + 1) for i in range(10)]
    coll.data.insert_many([DataObject({"i": i}, uuid=u) for i, u in enumerate(ids)])
    assert len(coll) == 10
    assert coll.aggregate.over_all(total_count=True).total_count == 10
    some = Filter.by_id().contains_any(ids[:4])
    assert coll.aggregate.over_all(total_count=True, filters=some).total_count == 4
    dry = coll.data.delete_many(where=some, dry_run=True, verbose=True)
    assert dry.matches == 4 and len(coll) == 10
    res = coll.data.delete_many(where=some, verbose=True)
    assert res.matches == 4 and res.successful == 4 and res.failed == 0
    assert {o.uuid for o in res.objects} == set(ids[:4])
    assert coll.data.delete_many(where=Filter.by_id().equal(ids[5])).successful == 1
    assert coll.data.delete_many(where=Filter.by_id().not_equal(ids[9])).successful == 4
    assert [o.uuid for o in coll.query.fetch_objects().objects] == [ids[9]]
    assert len(coll) == 1


def test_search_kinds_not_built_yet_are_refused_clearly(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=[Property(name="t", data_type=DataType.TEXT)],
                                     vector_config=Configure.Vectors.self_provided())
    coll.data.insert({"t": "x"}, vector=[1.0, 0.0])
    for call in (lambda: coll.query.near_text("x"), lambda: coll.query.near_image("aGk=")):
        with pytest.raises(WeaviateQueryError) as err:
            call()
        assert "not implemented yet" in str(err.value)
    assert len(coll) == 1
