"""Where-filters and sort through the official client (gRPC) and REST, against
a real server: every operator on every type, ids, timestamps, lengths, nulls,
geo ranges, logic, sort keys, delete-many, aggregate counts and the errors."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.data import DataObject, GeoCoordinate
from weaviate.classes.query import Filter, MetadataQuery, Sort
from weaviate.classes.query import GeoCoordinate as GeoQuery
from weaviate.collections import Collection
from weaviate.exceptions import WeaviateDeleteManyError, WeaviateQueryError

from tests.acceptance.conftest import connect
from tests.harness import ServerProcess

pytestmark = pytest.mark.acceptance

NAME = "FiltersSortAcceptance"
D = [dt.datetime(2024, 1, d, tzinfo=dt.UTC) for d in range(1, 6)]
U = [uuid.UUID(int=1000 + i) for i in range(4)]
BERLIN, PARIS = GeoCoordinate(latitude=52.52, longitude=13.405), GeoCoordinate(latitude=48.8566, longitude=2.3522)
PROPS = [
    Property(name="title", data_type=DataType.TEXT),
    Property(name="kind", data_type=DataType.TEXT, tokenization=weaviate.classes.config.Tokenization.FIELD),
    Property(name="tags", data_type=DataType.TEXT_ARRAY),
    Property(name="count", data_type=DataType.INT),
    Property(name="counts", data_type=DataType.INT_ARRAY),
    Property(name="price", data_type=DataType.NUMBER, index_range_filters=True),
    Property(name="prices", data_type=DataType.NUMBER_ARRAY),
    Property(name="flag", data_type=DataType.BOOL),
    Property(name="flags", data_type=DataType.BOOL_ARRAY),
    Property(name="when", data_type=DataType.DATE),
    Property(name="whens", data_type=DataType.DATE_ARRAY),
    Property(name="ident", data_type=DataType.UUID),
    Property(name="idents", data_type=DataType.UUID_ARRAY),
    Property(name="loc", data_type=DataType.GEO_COORDINATES),
    Property(name="hidden", data_type=DataType.INT, index_filterable=False),
]
ROWS: list[dict[str, Any]] = [
    {"title": "The quick brown fox", "kind": "Big Cat", "tags": ["red", "fast"], "count": 3, "counts": [1, 2],
     "price": 9.5, "prices": [1.0], "flag": True, "flags": [True], "when": D[0], "whens": [D[0], D[1]],
     "ident": U[0], "idents": [U[0], U[1]], "loc": BERLIN, "hidden": 1},
    {"title": "lazy dog", "kind": "dog", "tags": ["brown"], "count": 1, "counts": [3], "price": -2.0,
     "prices": [2.0, 3.5], "flag": False, "flags": [False, True], "when": D[2], "whens": [], "ident": U[1],
     "idents": [U[2]], "loc": PARIS, "hidden": 2},
    {"title": "Quick quick", "kind": "Big Cat", "tags": [], "count": 3, "counts": [], "price": 0.5, "prices": [],
     "flag": True, "flags": [], "when": D[4], "whens": [D[3]], "ident": U[2], "idents": []},
    {},
    {"title": "fox", "count": -7, "price": 100.0, "counts": [9, 9, 2], "tags": ["FOX"]},
    {"title": "Apple", "count": 1, "flag": False},
]
IDS = [uuid.UUID(int=i + 1) for i in range(len(ROWS))]


@pytest.fixture(scope="module")
def coll(server: ServerProcess) -> Iterator[Collection[Any, Any]]:
    with connect(server) as client:
        client.collections.delete(NAME)
        created = client.collections.create(
            NAME, properties=PROPS, vector_config=Configure.Vectors.self_provided(),
            inverted_index_config=Configure.inverted_index(index_null_state=True, index_property_length=True,
                                                           index_timestamps=True),
        )
        for i, row in enumerate(ROWS):  # one by one: distinct creation times
            created.data.insert(row, uuid=IDS[i], vector=[float(i), 1.0])
            time.sleep(0.003)
        yield created
        client.collections.delete(NAME)


def found(coll: Collection[Any, Any], where: Any) -> set[int]:
    return {IDS.index(o.uuid) for o in coll.query.fetch_objects(filters=where, limit=100).objects}


P = Filter.by_property
CASES: list[tuple[str, Callable[[], Any], set[int]]] = [
    ("text equal", lambda: P("title").equal("quick"), {0, 2}),
    ("text equal, every token", lambda: P("title").equal("the FOX"), {0, 4}),
    ("text not equal", lambda: P("title").not_equal("quick"), {1, 3, 4, 5}),
    ("text like", lambda: P("title").like("qu*"), {0, 2}),
    ("text like ?", lambda: P("title").like("?o?"), {0, 1, 4}),
    ("text greater", lambda: P("title").greater_than("lazy"), {0, 2}),
    ("text contains any", lambda: P("title").contains_any(["dog", "apple"]), {1, 5}),
    ("text contains all", lambda: P("title").contains_all(["quick", "brown"]), {0}),
    ("text contains none", lambda: P("title").contains_none(["quick", "fox"]), {1, 3, 5}),
    ("field equal", lambda: P("kind").equal("Big Cat"), {0, 2}),
    ("field equal is exact", lambda: P("kind").equal("big cat"), set()),
    ("field like", lambda: P("kind").like("*Cat"), {0, 2}),
    ("text[] equal", lambda: P("tags").equal("fox"), {4}),
    ("text[] contains any", lambda: P("tags").contains_any(["red", "brown"]), {0, 1}),
    ("text[] contains all", lambda: P("tags").contains_all(["red", "fast"]), {0}),
    ("int equal", lambda: P("count").equal(3), {0, 2}),
    ("int not equal", lambda: P("count").not_equal(3), {1, 3, 4, 5}),
    ("int greater", lambda: P("count").greater_than(1), {0, 2}),
    ("int greater equal", lambda: P("count").greater_or_equal(1), {0, 1, 2, 5}),
    ("int less", lambda: P("count").less_than(1), {4}),
    ("int less equal", lambda: P("count").less_or_equal(1), {1, 4, 5}),
    ("int contains any", lambda: P("count").contains_any([1, -7]), {1, 4, 5}),
    ("int[] equal", lambda: P("counts").equal(2), {0, 4}),
    ("int[] contains all", lambda: P("counts").contains_all([9, 2]), {4}),
    ("int[] contains none", lambda: P("counts").contains_none([9, 1]), {1, 2, 3, 5}),
    ("number equal (int sent)", lambda: P("price").equal(100), {4}),
    ("number range", lambda: P("price").greater_than(0.0) & P("price").less_or_equal(9.5), {0, 2}),
    ("number[] greater", lambda: P("prices").greater_than(3.0), {1}),
    ("bool equal", lambda: P("flag").equal(True), {0, 2}),
    ("bool not equal", lambda: P("flag").not_equal(True), {1, 3, 4, 5}),
    ("bool[] contains all", lambda: P("flags").contains_all([True, False]), {1}),
    ("date equal", lambda: P("when").equal(D[2]), {1}),
    ("date greater", lambda: P("when").greater_than(D[1]), {1, 2}),
    ("date less equal", lambda: P("when").less_or_equal(D[2]), {0, 1}),
    ("date[] contains any", lambda: P("whens").contains_any([D[1], D[3]]), {0, 2}),
    ("uuid equal", lambda: P("ident").equal(U[1]), {1}),
    ("uuid not equal", lambda: P("ident").not_equal(U[1]), {0, 2, 3, 4, 5}),
    ("uuid contains any", lambda: P("idents").contains_any([U[1], U[2]]), {0, 1}),
    ("uuid[] contains all", lambda: P("idents").contains_all([U[0], U[1]]), {0}),
    ("geo range", lambda: P("loc").within_geo_range(GeoQuery(latitude=52.5, longitude=13.4), 5000.0), {0}),
    ("geo range wide", lambda: P("loc").within_geo_range(GeoQuery(latitude=52.5, longitude=13.4), 9e5), {0, 1}),
    ("is none", lambda: P("title").is_none(True), {3}),
    ("is not none", lambda: P("tags").is_none(False), {0, 1, 4}),
    ("empty array is none", lambda: P("counts").is_none(True), {2, 3, 5}),
    ("length", lambda: P("title", length=True).greater_than(7), {0, 1, 2}),
    ("length of array", lambda: P("counts", length=True).equal(0), {2, 3, 5}),
    ("length of missing text", lambda: P("title", length=True).equal(0), {3}),
    ("by id", lambda: Filter.by_id().equal(IDS[2]), {2}),
    ("by id contains any", lambda: Filter.by_id().contains_any([IDS[0], IDS[5]]), {0, 5}),
    ("by id not equal", lambda: Filter.by_id().not_equal(IDS[0]), {1, 2, 3, 4, 5}),
    ("and", lambda: P("flag").equal(True) & P("count").equal(3), {0, 2}),
    ("or", lambda: P("title").equal("dog") | P("count").less_than(0), {1, 4}),
    ("not", lambda: Filter.not_(P("count").equal(3)), {1, 3, 4, 5}),
    ("nested logic", lambda: Filter.not_(P("flag").equal(True) | P("price").greater_than(50.0)) & P("count").equal(1),
     {1, 5}),
]


@pytest.mark.parametrize(("label", "where", "expected"), CASES, ids=[c[0] for c in CASES])
def test_filter(coll: Collection[Any, Any], label: str, where: Callable[[], Any], expected: set[int]) -> None:
    assert found(coll, where()) == expected


def test_creation_and_update_time_filters(coll: Collection[Any, Any]) -> None:
    meta = coll.query.fetch_objects(limit=100, return_metadata=MetadataQuery(creation_time=True, last_update_time=True))
    created = {IDS.index(o.uuid): o.metadata.creation_time for o in meta.objects}
    assert created[2] is not None and created[4] is not None
    assert found(coll, Filter.by_creation_time().greater_than(created[2])) == {3, 4, 5}
    assert found(coll, Filter.by_creation_time().equal(created[4])) == {4}
    assert found(coll, Filter.by_update_time().less_or_equal(created[1])) == {0, 1}


SORTS: list[tuple[str, Callable[[], Any], list[int]]] = [
    ("count asc then title", lambda: Sort.by_property("count").by_property("title"), [3, 4, 5, 1, 2, 0]),
    ("count desc then title desc", lambda: Sort.by_property("count", ascending=False).by_property("title", False),
     [0, 2, 1, 5, 4, 3]),
    ("title: nulls first, case-insensitive", lambda: Sort.by_property("title"), [3, 5, 4, 1, 2, 0]),
    ("price desc: nulls last", lambda: Sort.by_property("price", ascending=False), [4, 0, 2, 1, 3, 5]),
    ("flag then when desc", lambda: Sort.by_property("flag").by_property("when", ascending=False), [3, 4, 1, 5, 2, 0]),
    ("counts (arrays)", lambda: Sort.by_property("counts"), [2, 3, 5, 0, 1, 4]),
    ("geo", lambda: Sort.by_property("loc", ascending=False), [0, 1, 2, 3, 4, 5]),
    ("by id desc", lambda: Sort.by_id(ascending=False), [5, 4, 3, 2, 1, 0]),
    ("by creation time desc", lambda: Sort.by_creation_time(ascending=False), [5, 4, 3, 2, 1, 0]),
]


@pytest.mark.parametrize(("label", "sort", "expected"), SORTS, ids=[s[0] for s in SORTS])
def test_sort(coll: Collection[Any, Any], label: str, sort: Callable[[], Any], expected: list[int]) -> None:
    objs = coll.query.fetch_objects(sort=sort(), limit=100).objects
    assert [IDS.index(o.uuid) for o in objs] == expected


def test_sort_with_filter_offset_and_limit(coll: Collection[Any, Any]) -> None:
    objs = coll.query.fetch_objects(filters=P("count").greater_or_equal(1), sort=Sort.by_property("price"),
                                    offset=1, limit=2).objects
    assert [IDS.index(o.uuid) for o in objs] == [1, 2]  # null price first


def test_aggregate_counts_with_filters(coll: Collection[Any, Any]) -> None:
    assert coll.aggregate.over_all(total_count=True, filters=P("count").equal(3)).total_count == 2
    assert coll.aggregate.over_all(total_count=True, filters=Filter.not_(P("title").is_none(True))).total_count == 5


@pytest.mark.parametrize(("where", "message"), [
    (lambda: P("nope").equal(1), "no such prop with name 'nope'"),
    (lambda: P("count").equal("three"), "could not parse string 'three'"),
    (lambda: P("price").like("1*"), "could not parse string '1*'"),
    (lambda: P("title").equal(5), 'data type filter cannot use "valueInt" on type "text", use "valueText" instead'),
    (lambda: P("hidden").equal(1), "Filtering by property 'hidden' requires inverted index. Is `indexFilterable` "
                                   "option of property 'hidden' enabled? Set it to `true` or leave empty"),
    (lambda: P("ident").like("a*"), 'operator "Like" cannot be used on uuid/uuid[] props'),
    (lambda: P("title").equal("the"), "invalid search term, only stopwords provided"),
    (lambda: P("title", length=True).like("3"), "Filtering for property length supports operators (not) equal and "
                                                "greater/less than (equal), got 10 instead"),
])
def test_filter_errors(coll: Collection[Any, Any], where: Callable[[], Any], message: str) -> None:
    with pytest.raises(WeaviateQueryError) as err:
        coll.query.fetch_objects(filters=where())
    assert message in str(err.value)
    assert len(coll.query.fetch_objects(filters=P("count").equal(3)).objects) == 2  # still serving


@pytest.mark.parametrize(("call", "message"), [
    (lambda c: c.query.fetch_objects(sort=Sort.by_property("ident")), "sorting by uuid is currently not supported"),
    (lambda c: c.query.fetch_objects(sort=Sort.by_property("nope")), "invalid 'sort' parameter: sort parameter at "
                                                                     "position 0: no such prop with name 'nope'"),
    (lambda c: c.query.fetch_objects(sort=Sort.by_property("count"), after=IDS[0]), "cannot be combined with after"),
    (lambda c: c.aggregate.over_all(total_count=True, filters=P("nope").equal(1)), "no such prop with name 'nope'"),
])
def test_sort_and_other_errors(coll: Collection[Any, Any], call: Callable[[Any], Any], message: str) -> None:
    with pytest.raises(WeaviateQueryError) as err:
        call(coll)
    assert message in str(err.value)


def test_switched_off_indexes(client: weaviate.WeaviateClient, name: str) -> None:
    bare = client.collections.create(name, properties=[Property(name="t", data_type=DataType.TEXT)],
                                     vector_config=Configure.Vectors.self_provided())
    bare.data.insert({"t": "x"}, vector=[1.0, 0.0])
    for where, message in [
        (P("t").is_none(True), "Nullstate must be indexed to be filterable! Add `indexNullState: true`"),
        (P("t", length=True).equal(1), "Property length must be indexed to be filterable!"),
        (Filter.by_creation_time().greater_than(D[0]), "Timestamps must be indexed to be filterable!"),
    ]:
        with pytest.raises(WeaviateQueryError) as err:
            bare.query.fetch_objects(filters=where)
        assert message in str(err.value)
    assert len(bare.query.fetch_objects(filters=P("t").equal("x")).objects) == 1


def test_delete_many_with_property_filters(client: weaviate.WeaviateClient, name: str) -> None:
    target = client.collections.create(name, properties=PROPS[:8], vector_config=Configure.Vectors.self_provided())
    target.data.insert_many([DataObject({"count": i % 3, "title": f"t{i}"}, uuid=uuid.UUID(int=i + 1))
                             for i in range(30)])
    where = P("count").equal(1) & P("title").not_equal("t4")
    dry = target.data.delete_many(where=where, dry_run=True, verbose=True)
    assert dry.matches == 9 and len(target) == 30 and len(dry.objects) == 9
    done = target.data.delete_many(where=where, verbose=True)
    assert done.successful == 9 and done.failed == 0
    assert {o.uuid.int - 1 for o in done.objects} == {i for i in range(30) if i % 3 == 1 and i != 4}
    assert len(target) == 21
    assert found_count(target, P("count").equal(1)) == 1
    with pytest.raises(WeaviateDeleteManyError) as err:
        target.data.delete_many(where=P("nope").equal(1))
    assert "no such prop with name 'nope'" in str(err.value)


def found_count(coll: Collection[Any, Any], where: Any) -> int:
    return len(coll.query.fetch_objects(filters=where, limit=1000).objects)


@pytest.fixture
def http(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as c:
        yield c


def test_rest_batch_delete_with_where_on_properties(client: weaviate.WeaviateClient, name: str,
                                                     http: httpx.Client) -> None:
    target = client.collections.create(name, properties=PROPS[:8], vector_config=Configure.Vectors.self_provided(),
                                       inverted_index_config=Configure.inverted_index(index_property_length=True))
    target.data.insert_many([DataObject({"count": i, "title": "long title" if i % 2 else "t"}) for i in range(10)])
    where = {"operator": "And", "operands": [
        {"operator": "GreaterThanEqual", "path": ["count"], "valueInt": 4},
        {"operator": "GreaterThan", "path": ["len(title)"], "valueInt": 3},
    ]}
    res = http.request("DELETE", "/v1/batch/objects", json={"match": {"class": name, "where": where},
                                                             "output": "verbose", "dryRun": False})
    assert res.status_code == 200, res.text
    assert res.json()["results"]["matches"] == 3 and res.json()["results"]["successful"] == 3
    assert len(target) == 7
    bad = {"operator": "Equal", "path": ["count"], "valueText": "x"}
    res = http.request("DELETE", "/v1/batch/objects", json={"match": {"class": name, "where": bad}})
    assert res.status_code == 422
    assert 'data type filter cannot use \\"valueText\\" on type \\"int\\"' in res.text


def test_rest_list_objects_sorted(coll: Collection[Any, Any], http: httpx.Client) -> None:
    res = http.get("/v1/objects", params={"class": NAME, "sort": "count,title", "order": "desc,asc", "limit": 4})
    assert res.status_code == 200, res.text
    assert [IDS.index(uuid.UUID(o["id"])) for o in res.json()["objects"]] == [2, 0, 5, 1]
    res = http.get("/v1/objects", params={"class": NAME, "sort": "ident"})
    assert res.status_code == 422
    assert "msg:sorting code:400 err:sort parameter at position 0: prop \\\"ident\\\" is of type uuid" in res.text
    res = http.get("/v1/objects", params={"class": NAME, "sort": "count", "after": str(IDS[0])})
    assert res.status_code == 422 and "sort cannot be set with after and limit parameters" in res.text


def test_reference_count_filter_and_classless_sort_errors(coll: Collection[Any, Any], client: weaviate.WeaviateClient,
                                                           name: str, http: httpx.Client) -> None:
    linked = client.collections.create(
        name, properties=[Property(name="n", data_type=DataType.INT)],
        references=[weaviate.classes.config.ReferenceProperty(name="ref", target_collection=NAME)],
        vector_config=Configure.Vectors.self_provided(),
    )
    for i in range(4):
        linked.data.insert({"n": i}, uuid=uuid.UUID(int=100 + i), references={"ref": IDS[:i]})
    many = linked.query.fetch_objects(filters=Filter.by_ref_count("ref").greater_than(1), limit=10).objects
    assert {o.uuid.int - 100 for o in many} == {2, 3}
    assert len(linked.query.fetch_objects(filters=Filter.by_ref_count("ref").equal(0)).objects) == 1
    res = http.get("/v1/objects", params={"sort": "count"})  # the linked collection has no "count"
    assert res.status_code == 422
    assert f"search index {name.lower()}: sort parameter at position 0: no such prop with name 'count'" in res.text
