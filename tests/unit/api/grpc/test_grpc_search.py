"""Search: the official client's requests in, our replies parsed back by the client."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import grpc
import pytest
from grpc_fakes import NAMED, Aborted, ClientConnection, FakeSchema, Harness, stored
from weaviate.classes.query import Filter, MetadataQuery, QueryNested
from weaviate.collections.classes.types import GeoCoordinate, _PhoneNumber
from weaviate.collections.queries.fetch_object_by_id.executor import _FetchObjectByIDQueryExecutor
from weaviate.collections.queries.fetch_objects.query.executor import _FetchObjectsQueryExecutor
from weaviate.collections.queries.fetch_objects_by_ids.query.executor import _FetchObjectsByIDsQueryExecutor
from weaviate.proto.v1 import search_get_pb2

from weftdb.entities.filters import ID_PATH, Operator, ValueType
from weftdb.entities.search import SearchHit

U1 = uuid.UUID("df48b9f6-ba48-470c-bf6a-57657cb07390")
U2 = uuid.UUID("00000000-0000-0000-0000-0000000000ff")  # leading zero bytes must survive

FULL = {
    "title": "Hello",
    "tags": ["a", "b"],
    "count": 42,
    "counts": [1, -2, 2**40],
    "price": 9.5,
    "prices": [1.25, -3.0],
    "done": True,
    "flags": [True, False],
    "when": "2024-03-01T12:30:00Z",
    "whens": ["2024-03-01T12:30:00.5+02:00"],
    "uid": str(U2),
    "uids": [str(U1), str(U2)],
    "where": {"latitude": 52.5, "longitude": 13.25},
    "phone": {
        "input": "030 1234567",
        "defaultCountry": "DE",
        "countryCode": 49,
        "national": 301234567,
        "internationalFormatted": "+49 30 1234567",
        "nationalFormatted": "030 1234567",
        "valid": True,
    },
    "image": "aGVsbG8=",
    "meta": {"source": "web", "rank": 3, "scores": [0.5], "raw": "eA==", "origin": {"city": "Berlin", "zip": 10115}},
    "chapters": [{"heading": "One", "pages": [1, 2]}, {"heading": "Two"}],
}


def fetch(harness: Harness, name: str = "Article", **kwargs: Any) -> Any:
    executor: Any = _FetchObjectsQueryExecutor(ClientConnection(harness), name, None, None, None, None, True)
    return executor.fetch_objects(**kwargs)


def test_every_data_type_round_trips_through_the_client() -> None:
    harness = Harness()
    harness.traverser.hits = [SearchHit(stored(U1, FULL))]
    (obj,) = fetch(harness).objects
    props = obj.properties
    assert obj.uuid == U1 and obj.collection == "Article"
    assert props["title"] == "Hello" and props["tags"] == ["a", "b"]
    assert props["count"] == 42 and isinstance(props["count"], int)
    assert props["counts"] == [1, -2, 2**40]
    assert props["price"] == 9.5 and props["prices"] == [1.25, -3.0]
    assert props["done"] is True and props["flags"] == [True, False]
    assert props["when"] == dt.datetime(2024, 3, 1, 12, 30, tzinfo=dt.UTC)
    assert props["whens"][0].utcoffset() == dt.timedelta(hours=2)
    assert props["uid"] == U2 and props["uids"] == [U1, U2]
    assert props["where"] == GeoCoordinate(latitude=52.5, longitude=13.25)
    assert props["phone"] == _PhoneNumber(
        number="030 1234567",
        default_country="DE",
        country_code=49,
        national=301234567,
        international_formatted="+49 30 1234567",
        national_formatted="030 1234567",
        valid=True,
    )
    assert props["meta"] == {"source": "web", "rank": 3, "scores": [0.5], "origin": {"city": "Berlin", "zip": 10115}}
    assert props["chapters"] == [{"heading": "One", "pages": [1, 2]}, {"heading": "Two"}]
    assert "image" not in props  # blobs only when asked for by name
    assert "author" not in props and "mentions" not in props  # references are not properties


def test_missing_properties_are_explicit_nulls_and_empty_arrays_stay_arrays() -> None:
    harness = Harness()
    harness.traverser.hits = [SearchHit(stored(U2, {"title": "x", "tags": [], "counts": [], "chapters": []}))]
    (obj,) = fetch(harness).objects
    assert obj.uuid == U2
    assert obj.properties["tags"] == [] and obj.properties["counts"] == [] and obj.properties["chapters"] == []
    assert obj.properties["count"] is None and obj.properties["meta"] is None and obj.properties["where"] is None


def test_reply_shape_matches_weaviate() -> None:
    harness = Harness()
    harness.traverser.hits = [SearchHit(stored(U2, {"title": "x"}))]
    reply = harness.call("Search", search_get_pb2.SearchRequest(collection="Article", metadata={"uuid": True}))
    (result,) = reply.results
    assert result.metadata.id == str(U2) and result.metadata.id_as_bytes == U2.bytes
    assert result.properties.target_collection == "Article"
    assert not result.properties.HasField("metadata")
    assert result.properties.non_ref_props.fields["count"].WhichOneof("kind") == "null_value"
    assert not result.metadata.creation_time_unix_present and not result.metadata.is_consistent_present
    assert reply.HasField("generative_grouped_result") and reply.took >= 0


def test_requested_properties_only_including_blobs_and_nested_selection() -> None:
    harness = Harness()
    harness.traverser.hits = [SearchHit(stored(U1, FULL))]
    nested = QueryNested(name="meta", properties=["source", QueryNested(name="origin", properties=["city"])])
    (obj,) = fetch(harness, return_properties=["title", "image", nested]).objects
    assert obj.properties == {
        "title": "Hello",
        "image": "aGVsbG8=",
        "meta": {"source": "web", "origin": {"city": "Berlin"}},
    }
    (obj,) = fetch(harness, return_properties=["meta"]).objects
    meta = {"source": "web", "rank": 3, "scores": [0.5], "origin": {"city": "Berlin", "zip": 10115}}
    assert obj.properties == {"meta": meta}  # nested blobs are left out too
    (obj,) = fetch(harness, return_properties=[]).objects
    assert obj.properties == {}


def test_metadata_times_and_absent_scores() -> None:
    harness = Harness()
    harness.traverser.hits = [SearchHit(stored(U1, {}))]
    (obj,) = fetch(
        harness,
        return_metadata=MetadataQuery(
            creation_time=True, last_update_time=True, distance=True, score=True, is_consistent=True
        ),
    ).objects
    md = obj.metadata
    assert md.creation_time == dt.datetime.fromtimestamp(1_700_000_000.123, tz=dt.UTC)
    assert md.last_update_time == dt.datetime.fromtimestamp(1_700_000_100.456, tz=dt.UTC)
    assert md.distance is None and md.score is None and md.is_consistent is None
    params = harness.traverser.calls[0]
    assert params.metadata.creation_time and params.metadata.distance and not params.metadata.vector


def test_scores_are_sent_when_the_hit_has_them() -> None:
    harness = Harness()
    harness.traverser.hits = [
        SearchHit(stored(U1, {}), distance=0.25, certainty=0.875, score=1.5, explain_score="bm25")
    ]
    (obj,) = fetch(harness, return_metadata=MetadataQuery.full()).objects
    assert (obj.metadata.distance, obj.metadata.score, obj.metadata.explain_score) == (0.25, 1.5, "bm25")
    assert obj.metadata.certainty is None  # Weaviate returns certainty only for vector searches


def test_legacy_vector() -> None:
    harness = Harness()
    harness.traverser.hits = [SearchHit(stored(U1, {}, vectors={"": [0.5, -1.0, 2.0]}))]
    (obj,) = fetch(harness, include_vector=True).objects
    assert obj.vector == {"default": [0.5, -1.0, 2.0]}
    assert harness.traverser.calls[0].metadata.vector
    (obj,) = fetch(harness).objects
    assert obj.vector == {}


def test_named_vectors_all_or_some() -> None:
    harness = Harness(schema=FakeSchema(NAMED))
    vectors = {"first": [1.0, 2.0], "second": [3.0]}
    harness.traverser.hits = [SearchHit(stored(U1, {"title": "t"}, collection="Named", vectors=vectors))]
    (obj,) = fetch(harness, "Named", include_vector=True).objects
    assert obj.vector == {"first": [1.0, 2.0], "second": [3.0]}
    assert harness.traverser.calls[-1].metadata.vectors == ("first", "second")
    (obj,) = fetch(harness, "Named", include_vector=["second"]).objects
    assert obj.vector == {"second": [3.0]}
    assert harness.traverser.calls[-1].metadata.vectors == ("second",)


def test_fetch_object_by_id_sends_an_id_filter_with_limit_one() -> None:
    harness = Harness()
    harness.traverser.hits = [SearchHit(stored(U1, {"title": "x"}))]
    executor: Any = _FetchObjectByIDQueryExecutor(ClientConnection(harness), "Article", None, None, None, None, True)
    obj = executor.fetch_object_by_id(U1)
    assert obj.uuid == U1 and obj.properties["title"] == "x"
    assert obj.metadata.creation_time is not None and obj.metadata.is_consistent is None
    params = harness.traverser.calls[0]
    assert params.limit == 1 and params.filters is not None
    assert (params.filters.operator, params.filters.path) == (Operator.EQUAL, (ID_PATH,))
    assert (params.filters.value, params.filters.value_type) == (str(U1), ValueType.TEXT)
    harness.traverser.hits = []
    assert executor.fetch_object_by_id(U1) is None


def test_fetch_objects_by_ids_and_paging() -> None:
    harness = Harness()
    executor: Any = _FetchObjectsByIDsQueryExecutor(ClientConnection(harness), "Article", None, None, None, None, True)
    executor.fetch_objects_by_ids([U1, U2], limit=5, offset=2)
    params = harness.traverser.calls[0]
    assert params.filters is not None and params.filters.operator is Operator.OR  # the client ORs equal filters
    assert [f.value for f in params.filters.operands] == [str(U1), str(U2)]
    assert (params.limit, params.offset, params.after) == (5, 2, None)
    fetch(harness, filters=Filter.by_id().contains_any([U1, U2]))
    flt = harness.traverser.calls[-1].filters
    assert flt is not None and (flt.operator, flt.path) == (Operator.CONTAINS_ANY, (ID_PATH,))
    assert flt.value == [str(U1), str(U2)] and flt.value_type is ValueType.TEXT_ARRAY
    fetch(harness, after=U2)
    params = harness.traverser.calls[-1]
    assert (params.limit, params.after, params.filters, params.unsupported) == (None, U2, None, ())


def test_lowercase_collection_name_resolves_to_the_schema_name() -> None:
    harness = Harness()
    fetch(harness, "article", filters=Filter.by_id().equal(U1))
    assert harness.traverser.calls[0].collection == "Article"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"return_properties": ["nope"]}, grpc.StatusCode.INVALID_ARGUMENT),
        ({"return_properties": ["author"]}, grpc.StatusCode.INVALID_ARGUMENT),
        ({"return_properties": [QueryNested(name="title", properties=["x"])]}, grpc.StatusCode.INVALID_ARGUMENT),
        ({"return_properties": [QueryNested(name="meta", properties=["nope"])]}, grpc.StatusCode.INVALID_ARGUMENT),
        ({"filters": Filter.by_property("nope").equal(1)}, grpc.StatusCode.INVALID_ARGUMENT),
    ],
)
def test_invalid_requests_are_invalid_argument(kwargs: dict[str, Any], code: Any) -> None:
    harness = Harness()
    with pytest.raises(Aborted) as info:
        fetch(harness, **kwargs)
    assert info.value.code == code
    assert not harness.traverser.calls


def test_bad_after_and_unknown_collection() -> None:
    harness = Harness()
    with pytest.raises(Aborted) as info:
        harness.call("Search", search_get_pb2.SearchRequest(collection="Article", after="not-a-uuid"))
    assert info.value.code == grpc.StatusCode.INVALID_ARGUMENT and "after" in info.value.details
    with pytest.raises(Aborted) as info:
        harness.call("Search", search_get_pb2.SearchRequest(collection="Nope"))
    assert info.value.code == grpc.StatusCode.NOT_FOUND
    assert info.value.details == "could not find class Nope in schema"


def test_without_metadata_request_no_id_is_sent() -> None:
    harness = Harness()
    harness.traverser.hits = [SearchHit(stored(U1, {"title": "x"}))]
    reply = harness.call("Search", search_get_pb2.SearchRequest(collection="Article"))
    assert reply.results[0].metadata.id == "" and reply.results[0].metadata.id_as_bytes == b""
    assert reply.results[0].properties.non_ref_props.fields["title"].text_value == "x"
    params = harness.traverser.calls[0]
    assert not params.metadata.uuid and params.properties.names is None
