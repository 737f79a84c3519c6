"""GraphQL Get: every property type, _additional, pagination, sort, where, cursor,
cross-references and tenants, through the official client's graphql_raw_query,
compared with what the gRPC API returns for the same objects."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property, ReferenceProperty, ReferencePropertyMultiTarget
from weaviate.classes.data import DataObject, GeoCoordinate, PhoneNumber
from weaviate.classes.query import Filter, Sort

from tests.acceptance.graphql_support import IGNORE_DEPRECATION, get
from tests.harness import ServerProcess

pytestmark = [pytest.mark.acceptance, IGNORE_DEPRECATION]

N = 130


def u(i: int) -> uuid.UUID:
    return uuid.UUID(int=i + 1)


def row(i: int) -> dict[str, Any]:
    return {
        "title": f"title {i:03d}", "tags": [f"t{i % 3}", "all"], "count": i, "counts": [i, -i],
        "price": i / 4, "prices": [i / 2, 0.5], "done": i % 2 == 0, "flags": [True, i % 2 == 1],
        "when": dt.datetime(2020, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=i),
        "uid": uuid.UUID(int=1000 + i), "loc": GeoCoordinate(latitude=52.0 + i / 100, longitude=4.5),
        "phone": PhoneNumber(number="0201234567", default_country="NL"), "image": "aGVsbG8=",
        "info": {"k": f"k{i}", "inner": [{"n": i}]},
    }


PROPS = [
    Property(name="title", data_type=DataType.TEXT), Property(name="tags", data_type=DataType.TEXT_ARRAY),
    Property(name="count", data_type=DataType.INT), Property(name="counts", data_type=DataType.INT_ARRAY),
    Property(name="price", data_type=DataType.NUMBER), Property(name="prices", data_type=DataType.NUMBER_ARRAY),
    Property(name="done", data_type=DataType.BOOL), Property(name="flags", data_type=DataType.BOOL_ARRAY),
    Property(name="when", data_type=DataType.DATE), Property(name="uid", data_type=DataType.UUID),
    Property(name="loc", data_type=DataType.GEO_COORDINATES), Property(name="phone", data_type=DataType.PHONE_NUMBER),
    Property(name="image", data_type=DataType.BLOB),
    Property(name="info", data_type=DataType.OBJECT, nested_properties=[
        Property(name="k", data_type=DataType.TEXT),
        Property(name="inner", data_type=DataType.OBJECT_ARRAY, nested_properties=[
            Property(name="n", data_type=DataType.INT)])]),
]
ALL_FIELDS = """title tags count counts price prices done flags when uid image
    loc { latitude longitude } phone { input internationalFormatted countryCode national nationalFormatted valid
    defaultCountry } info { k inner { n } }"""


@pytest.fixture
def coll(client: weaviate.WeaviateClient, name: str) -> Any:
    c = client.collections.create(name, properties=PROPS, vector_config=Configure.Vectors.self_provided())
    objs = [DataObject(row(i), uuid=u(i), vector=[1.0, i / N, 0.5]) for i in range(N)]
    assert not c.data.insert_many(objs).errors
    return c


def test_every_property_type_matches_grpc(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    objects = get(client, f"{{ Get {{ {name}(limit: 3) {{ {ALL_FIELDS} _additional {{ id }} }} }} }}")[name]
    grpc = {o.uuid: o.properties for o in coll.query.fetch_objects(limit=3).objects}
    assert [uuid.UUID(o["_additional"]["id"]) for o in objects] == list(grpc)
    first = objects[0]
    assert first["title"] == "title 000" and first["tags"] == ["t0", "all"] and first["counts"] == [0, 0]
    assert first["when"] == "2020-01-01T00:00:00Z" and first["uid"] == str(uuid.UUID(int=1000))
    assert first["loc"] == {"latitude": 52.0, "longitude": 4.5} and first["image"] == "aGVsbG8="
    assert first["phone"] == {"input": "0201234567", "internationalFormatted": "+31 20 123 4567",
                              "countryCode": 31, "national": 201234567, "nationalFormatted": "020 123 4567",
                              "valid": True, "defaultCountry": "NL"}
    assert first["info"] == {"k": "k0", "inner": [{"n": 0}]}
    for got, expected in zip(objects, grpc.values()):
        assert got["count"] == expected["count"] and got["price"] == expected["price"]
        assert got["done"] == expected["done"] and got["flags"] == expected["flags"]
        assert dt.datetime.fromisoformat(got["when"]) == expected["when"]


def test_additional_fields(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    (obj,) = get(client, f"""{{ Get {{ {name}(limit: 1, offset: 4) {{ _additional {{ id vector vectors {{ default }}
        creationTimeUnix lastUpdateTimeUnix distance certainty score explainScore }} }} }} }}""")[name]
    grpc = coll.query.fetch_object_by_id(u(4), include_vector=True)
    extra = obj["_additional"]
    assert extra["id"] == str(u(4)) and extra["vector"] == []  # no legacy vector: Weaviate's empty list
    assert extra["vectors"]["default"] == pytest.approx(grpc.vector["default"])
    assert extra["creationTimeUnix"] == str(int(grpc.metadata.creation_time.timestamp() * 1000))
    assert extra["lastUpdateTimeUnix"] == str(int(grpc.metadata.last_update_time.timestamp() * 1000))
    assert (extra["distance"], extra["certainty"], extra["score"], extra["explainScore"]) == (None, None, None, None)


def test_default_limit_is_the_graphql_default(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    assert len(get(client, f"{{ Get {{ {name} {{ title }} }} }}")[name]) == 100  # QUERY_DEFAULTS_LIMIT_GRAPHQL
    assert len(get(client, f"{{ Get {{ {name}(offset: 5) {{ title }} }} }}")[name]) == 10  # QUERY_DEFAULTS_LIMIT
    assert len(get(client, f"{{ Get {{ {name}(limit: 120) {{ title }} }} }}")[name]) == 120


def test_pagination_sort_and_where_match_grpc(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    query = f"""{{ Get {{ {name}(limit: 7, offset: 3, sort: [{{path: ["done"]}}, {{path: ["count"], order: desc}}],
        where: {{operator: And, operands: [{{path: ["count"], operator: GreaterThanEqual, valueInt: 20}},
        {{path: ["tags"], operator: ContainsAny, valueText: ["t1", "t2"]}}]}}) {{ count _additional {{ id }} }} }} }}"""
    graphql = [o["_additional"]["id"] for o in get(client, query)[name]]
    grpc = coll.query.fetch_objects(
        limit=7, offset=3, sort=Sort.by_property("done").by_property("count", ascending=False),
        filters=Filter.by_property("count").greater_or_equal(20) & Filter.by_property("tags").contains_any(["t1", "t2"]))
    assert graphql == [str(o.uuid) for o in grpc.objects] and len(graphql) == 7


@pytest.mark.parametrize("where", [
    '{path: ["title"], operator: Like, valueText: "title 01*"}',
    '{path: ["price"], operator: LessThan, valueNumber: 3}',
    '{path: ["when"], operator: GreaterThan, valueDate: "2020-04-01T00:00:00Z"}',
    '{path: ["done"], operator: Equal, valueBoolean: true}',
    '{path: ["loc"], operator: WithinGeoRange, valueGeoRange: {geoCoordinates: {latitude: 52.0, longitude: 4.5}, distance: {max: 2000}}}',
    '{operator: Not, operands: [{path: ["counts"], operator: ContainsAll, valueInt: [3, -3]}]}',
    '{path: ["id"], operator: Equal, valueText: "00000000-0000-0000-0000-000000000005"}',
])
def test_where_operators_match_grpc(client: weaviate.WeaviateClient, name: str, coll: Any, where: str) -> None:
    graphql = {o["_additional"]["id"] for o in get(client, f"{{ Get {{ {name}(where: {where}, limit: 200) {{ _additional {{ id }} }} }} }}")[name]}
    expected = {str(u(i)) for i in range(N) if _matches(where, i)}
    assert graphql == expected and graphql


def _matches(where: str, i: int) -> bool:
    r = row(i)
    if "Like" in where:
        return r["title"].startswith("title 01")
    if "LessThan" in where:
        return r["price"] < 3
    if "valueDate" in where:
        return r["when"] > dt.datetime(2020, 4, 1, tzinfo=dt.UTC)
    if "valueBoolean" in where:
        return bool(r["done"])
    if "WithinGeoRange" in where:
        return i / 100 * 111_000 <= 2000
    if "ContainsAll" in where:
        return i != 3
    return i == 4


def test_cursor_pages_through_everything(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    seen: list[str] = []
    after = ""
    while True:
        page = get(client, f'{{ Get {{ {name}(after: "{after}", limit: 40) {{ _additional {{ id }} }} }} }}')[name]
        if not page:
            break
        seen.extend(o["_additional"]["id"] for o in page)
        after = seen[-1]
    assert seen == sorted(str(u(i)) for i in range(N))


def test_cross_references(client: weaviate.WeaviateClient, server: ServerProcess, name: str) -> None:
    person, org = f"{name}P", f"{name}O"
    for extra in (person, org):
        client.collections.delete(extra)
    try:
        people = client.collections.create(person, properties=[Property(name="name", data_type=DataType.TEXT)],
                                           references=[ReferenceProperty(name="friend", target_collection=person)])
        orgs = client.collections.create(org, properties=[Property(name="name", data_type=DataType.TEXT)])
        client.collections.create(name, properties=[Property(name="title", data_type=DataType.TEXT)],
                                         references=[ReferencePropertyMultiTarget(name="by", target_collections=[person, org])])
        people.data.insert({"name": "bob"}, uuid=u(2))
        people.data.insert({"name": "ann"}, uuid=u(1), references={"friend": u(2)})
        orgs.data.insert({"name": "acme"}, uuid=u(3))
        beacons = [{"beacon": f"weaviate://localhost/{person}/{u(1)}"}, {"beacon": f"weaviate://localhost/{org}/{u(3)}"}]
        created = httpx.post(f"{server.url}/v1/objects", json={
            "class": name, "id": str(u(9)), "properties": {"title": "doc", "by": beacons}})
        assert created.status_code == 200, created.text
        (doc,) = get(client, f"""{{ Get {{ {name} {{ title by {{ __typename
            ... on {person} {{ name friend {{ ... on {person} {{ name _additional {{ id }} }} }} }}
            ... on {org} {{ name _additional {{ id creationTimeUnix }} }} }} }} }} }}""")[name]
        assert doc["title"] == "doc"
        by = {entry["__typename"]: entry for entry in doc["by"]}
        assert by[person] == {"__typename": person, "name": "ann",
                              "friend": [{"name": "bob", "_additional": {"id": str(u(2))}}]}
        assert by[org]["name"] == "acme" and by[org]["_additional"]["id"] == str(u(3))
        (only_people,) = get(client, f"{{ Get {{ {name} {{ by {{ ... on {person} {{ name }} }} }} }} }}")[name]
        assert only_people["by"] == [{"name": "ann"}]
    finally:
        for extra in (person, org):
            client.collections.delete(extra)


def test_tenant_argument(client: weaviate.WeaviateClient, name: str) -> None:
    """Only multi-tenant collections take ``tenant`` (as Weaviate's schema); objects in
    them are not served yet, which the error says."""
    client.collections.create(name, properties=[Property(name="title", data_type=DataType.TEXT)],
                              multi_tenancy_config=Configure.multi_tenancy(enabled=True))
    result = client.graphql_raw_query(f"{{ Get {{ {name} {{ title }} }} }}")
    assert result.get == {name: None} and result.errors
    assert result.errors[0]["message"] == f"class {name} has multi-tenancy enabled, but request was without tenant"
    result = client.graphql_raw_query(f'{{ Get {{ {name}(tenant: "a") {{ title }} }} }}')
    assert result.errors and "not implemented yet" in result.errors[0]["message"]
