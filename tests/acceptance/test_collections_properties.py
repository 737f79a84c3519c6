"""Collections: every property data type, tokenization, index flags, nested properties,
references; their defaults as `.config.get()` reads them; add_property / add_reference."""

from __future__ import annotations

import httpx
import pytest
import weaviate
from weaviate.classes.config import (
    Configure,
    DataType,
    Property,
    ReferenceProperty,
    Tokenization,
)
from weaviate.collections.classes.config import CollectionConfig, CollectionConfigSimple
from weaviate.exceptions import UnexpectedStatusCodeError

from tests.harness import ServerProcess

pytestmark = pytest.mark.acceptance

SCALARS = [
    ("text", DataType.TEXT), ("int", DataType.INT), ("number", DataType.NUMBER),
    ("bool", DataType.BOOL), ("date", DataType.DATE), ("uuid", DataType.UUID),
    ("geo", DataType.GEO_COORDINATES), ("phone", DataType.PHONE_NUMBER), ("blob", DataType.BLOB),
]
ARRAYS = [
    ("texts", DataType.TEXT_ARRAY), ("ints", DataType.INT_ARRAY), ("numbers", DataType.NUMBER_ARRAY),
    ("bools", DataType.BOOL_ARRAY), ("dates", DataType.DATE_ARRAY), ("uuids", DataType.UUID_ARRAY),
]


def _nested() -> list[Property]:
    return [
        Property(name="street", data_type=DataType.TEXT),
        Property(name="number", data_type=DataType.INT),
        Property(name="photo", data_type=DataType.BLOB),
        Property(name="inner", data_type=DataType.OBJECT,
                 nested_properties=[Property(name="deep", data_type=DataType.TEXT_ARRAY)]),
    ]


def _create_all_types(client: weaviate.WeaviateClient, name: str, target: str) -> None:
    client.collections.create(target, vector_config=Configure.Vectors.self_provided())
    client.collections.create(
        name,
        description="every data type",
        properties=[
            *(Property(name=n, data_type=t) for n, t in SCALARS + ARRAYS),
            Property(name="address", data_type=DataType.OBJECT, nested_properties=_nested(),
                     description="where"),
            Property(name="items", data_type=DataType.OBJECT_ARRAY,
                     nested_properties=[Property(name="label", data_type=DataType.TEXT)]),
        ],
        references=[ReferenceProperty(name="cites", target_collection=target, description="refs")],
        vector_config=Configure.Vectors.self_provided(),
    )


@pytest.fixture
def target(client: weaviate.WeaviateClient, name: str) -> object:
    tname = name[:50] + "Target"
    client.collections.delete(tname)
    yield tname
    client.collections.delete(tname)


def test_every_data_type_round_trips(client: weaviate.WeaviateClient, name: str, target: str) -> None:
    _create_all_types(client, name, target)
    config = client.collections.get(name).config.get()
    assert isinstance(config, CollectionConfig)
    assert config.name == name and config.description == "every data type"
    props = {p.name: p for p in config.properties}
    for prop_name, data_type in SCALARS + ARRAYS:
        assert props[prop_name].data_type == data_type, prop_name
    assert props["address"].data_type == DataType.OBJECT
    assert props["address"].description == "where"
    assert props["items"].data_type == DataType.OBJECT_ARRAY
    assert [r.name for r in config.references] == ["cites"]
    assert config.references[0].target_collections == [target]
    assert config.references[0].description == "refs"
    # properties come back in the order they were created
    assert [p.name for p in config.properties][:3] == ["text", "int", "number"]


def test_property_index_defaults_match_weaviate(client: weaviate.WeaviateClient, name: str, target: str) -> None:
    _create_all_types(client, name, target)
    props = {p.name: p for p in client.collections.get(name).config.get().properties}
    for prop_name, _ in SCALARS + ARRAYS:
        prop = props[prop_name]
        searchable = prop_name in ("text", "texts")
        assert prop.index_filterable is True, prop_name
        assert prop.index_searchable is searchable, prop_name
        assert prop.index_range_filters is False, prop_name
        assert prop.tokenization == (Tokenization.WORD if searchable else None), prop_name
        assert prop.vectorizer is None  # the client reads it only for legacy (unnamed) vectors
    nested = {p.name: p for p in props["address"].nested_properties or []}
    assert nested["street"].tokenization == Tokenization.WORD
    assert nested["street"].index_searchable is True and nested["street"].index_filterable is True
    assert nested["number"].index_searchable is False and nested["number"].tokenization is None
    # nested blobs are not filterable by default (setNestedPropertyDefaultIndexing)
    assert nested["photo"].index_filterable is False
    deep = (nested["inner"].nested_properties or [])[0]
    assert deep.name == "deep" and deep.data_type == DataType.TEXT_ARRAY
    assert deep.tokenization == Tokenization.WORD


def test_raw_schema_fields_of_properties(server: ServerProcess, client: weaviate.WeaviateClient,
                                         name: str, target: str) -> None:
    _create_all_types(client, name, target)
    raw = httpx.get(f"{server.url}/v1/schema/{name}").json()
    by_name = {p["name"]: p for p in raw["properties"]}
    assert by_name["bool"]["dataType"] == ["boolean"]
    assert by_name["geo"]["dataType"] == ["geoCoordinates"]
    assert by_name["cites"] == {"dataType": [target], "description": "refs", "indexFilterable": True,
                                "indexRangeFilters": False, "indexSearchable": False, "name": "cites"}
    assert "tokenization" not in by_name["int"]
    # every property endpoint answers the same list
    listed = httpx.get(f"{server.url}/v1/schema/{name}/properties").json()
    assert listed == raw["properties"]


@pytest.mark.parametrize("tokenization", [
    Tokenization.WORD, Tokenization.LOWERCASE, Tokenization.WHITESPACE, Tokenization.FIELD, Tokenization.TRIGRAM,
])
def test_tokenization_values(client: weaviate.WeaviateClient, name: str, tokenization: Tokenization) -> None:
    coll = client.collections.create(
        name,
        properties=[
            Property(name="title", data_type=DataType.TEXT, tokenization=tokenization),
            Property(name="tags", data_type=DataType.TEXT_ARRAY, tokenization=tokenization),
        ],
        vector_config=Configure.Vectors.self_provided(),
    )
    props = {p.name: p for p in coll.config.get().properties}
    assert props["title"].tokenization == tokenization
    assert props["tags"].tokenization == tokenization


def test_index_flags_are_kept(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(
        name,
        properties=[
            Property(name="title", data_type=DataType.TEXT, index_filterable=False, index_searchable=False),
            Property(name="count", data_type=DataType.INT, index_range_filters=True, index_filterable=False),
            Property(name="score", data_type=DataType.NUMBER, index_range_filters=True),
            Property(name="when", data_type=DataType.DATE, index_range_filters=True),
            Property(name="body", data_type=DataType.TEXT, index_searchable=True, index_filterable=True),
        ],
        vector_config=Configure.Vectors.self_provided(),
    )
    props = {p.name: p for p in coll.config.get().properties}
    assert (props["title"].index_filterable, props["title"].index_searchable) == (False, False)
    assert (props["count"].index_filterable, props["count"].index_range_filters) == (False, True)
    assert props["score"].index_range_filters is True and props["score"].index_filterable is True
    assert props["when"].index_range_filters is True
    assert (props["body"].index_filterable, props["body"].index_searchable) == (True, True)


def test_searchable_on_a_non_text_property_is_422(client: weaviate.WeaviateClient, name: str) -> None:
    with pytest.raises(UnexpectedStatusCodeError) as err:
        client.collections.create(name, properties=[
            Property(name="count", data_type=DataType.INT, index_searchable=True)])
    assert err.value.status_code == 422
    assert "indexSearchable" in err.value.message
    with pytest.raises(UnexpectedStatusCodeError) as err:
        client.collections.create(name, properties=[
            Property(name="title", data_type=DataType.TEXT, index_range_filters=True)])
    assert err.value.status_code == 422
    assert "indexRangeFilters" in err.value.message
    assert not client.collections.exists(name)


def test_simple_config(client: weaviate.WeaviateClient, name: str, target: str) -> None:
    _create_all_types(client, name, target)
    simple = client.collections.get(name).config.get(simple=True)
    assert isinstance(simple, CollectionConfigSimple)
    assert simple.name == name and simple.description == "every data type"
    assert len(simple.properties) == len(SCALARS) + len(ARRAYS) + 2
    assert [r.name for r in simple.references] == ["cites"]
    assert simple.vector_config is not None and set(simple.vector_config) == {"default"}


def test_add_property_and_reference(client: weaviate.WeaviateClient, name: str, target: str) -> None:
    client.collections.create(target, vector_config=Configure.Vectors.self_provided())
    coll = client.collections.create(
        name, properties=[Property(name="title", data_type=DataType.TEXT)],
        vector_config=Configure.Vectors.self_provided(),
    )
    coll.config.add_property(Property(name="count", data_type=DataType.INT, index_range_filters=True))
    coll.config.add_property(Property(name="meta", data_type=DataType.OBJECT,
                                      nested_properties=[Property(name="k", data_type=DataType.TEXT)]))
    coll.config.add_reference(ReferenceProperty(name="linksTo", target_collection=target))
    coll.config.add_reference(ReferenceProperty(name="self", target_collection=name))
    config = coll.config.get()
    props = {p.name: p for p in config.properties}
    assert list(props) == ["title", "count", "meta"]
    assert props["count"].index_range_filters is True and props["count"].index_filterable is True
    assert (props["meta"].nested_properties or [])[0].tokenization == Tokenization.WORD
    refs = {r.name: r.target_collections for r in config.references}
    assert refs == {"linksTo": [target], "self": [name]}
    # a write with the new property works
    coll.data.insert({"title": "t", "count": 3, "meta": {"k": "v"}})
    assert len(coll) == 1


def test_add_property_errors(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(
        name, properties=[Property(name="title", data_type=DataType.TEXT)],
        vector_config=Configure.Vectors.self_provided(),
    )
    # add_property refuses an existing name on the client side
    with pytest.raises(weaviate.exceptions.WeaviateInvalidInputError):
        coll.config.add_property(Property(name="title", data_type=DataType.INT))
    # a case variant reaches the server: names are unique case-insensitively
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.config.add_property(Property(name="Title", data_type=DataType.TEXT))
    assert err.value.status_code == 422 and "conflict for property" in err.value.message
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.config.add_reference(ReferenceProperty(name="toMissing", target_collection="NoSuchTargetClass"))
    assert err.value.status_code == 422
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.config.add_property(Property(name="_additional", data_type=DataType.TEXT))
    assert err.value.status_code == 422 and "reserved" in err.value.message
    assert [p.name for p in coll.config.get().properties] == ["title"]


def test_add_property_to_missing_collection(client: weaviate.WeaviateClient) -> None:
    coll = client.collections.use("NoSuchCollectionForProperty")
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.config.add_property(Property(name="x", data_type=DataType.TEXT))
    assert err.value.status_code == 404
