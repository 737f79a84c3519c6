"""Collections: invalid definitions raise what the client raises against Weaviate
(UnexpectedStatusCodeError 422 with Weaviate's message, or the client's own
WeaviateInvalidInputError), nothing is created, and the server keeps serving."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property, ReferenceProperty
from weaviate.exceptions import (
    UnexpectedStatusCodeError,
    WeaviateInsertInvalidPropertyError,
    WeaviateInvalidInputError,
)

from tests.harness import ServerProcess

pytestmark = pytest.mark.acceptance


@pytest.fixture
def still_serving(client: weaviate.WeaviateClient, server: ServerProcess) -> Iterator[None]:
    """After each error case the server still answers, and its schema is readable."""
    yield
    assert client.is_ready()
    assert httpx.get(server.url + "/v1/schema").status_code == 200


def _raises_422(call: object, *fragments: str) -> str:
    with pytest.raises(UnexpectedStatusCodeError) as err:
        call()  # type: ignore[operator]
    assert err.value.status_code == 422, err.value.message
    for fragment in fragments:
        assert fragment in err.value.message
    return err.value.message


@pytest.mark.usefixtures("still_serving")
@pytest.mark.parametrize(("bad", "fragment"), [
    ("1Article", "'1Article' is not a valid class name"),
    ("Arti-cle", "'Arti-cle' is not a valid class name"),
    ("Arti cle", "'Arti cle' is not a valid class name"),
    ("A" * 256, "Name should not be longer than 255 characters"),
])
def test_invalid_collection_names(client: weaviate.WeaviateClient, bad: str, fragment: str) -> None:
    _raises_422(lambda: client.collections.create(bad, vector_config=Configure.Vectors.self_provided()), fragment)
    assert bad not in client.collections.list_all()


@pytest.mark.usefixtures("still_serving")
def test_reserved_class_name_raft(client: weaviate.WeaviateClient) -> None:
    _raises_422(lambda: client.collections.create("Raft"), "class name `raft` is reserved")


@pytest.mark.usefixtures("still_serving")
@pytest.mark.parametrize("prop_name", ["_additional", "_id"])
def test_reserved_property_names(client: weaviate.WeaviateClient, name: str, prop_name: str) -> None:
    _raises_422(lambda: client.collections.create(name, properties=[Property(name=prop_name, data_type=DataType.TEXT)]),
                f"'{prop_name}' is a reserved property name")
    assert not client.collections.exists(name)


@pytest.mark.usefixtures("still_serving")
def test_reserved_property_names_the_client_refuses(client: weaviate.WeaviateClient, name: str) -> None:
    with pytest.raises(WeaviateInsertInvalidPropertyError):
        client.collections.create(name, properties=[Property(name="id", data_type=DataType.TEXT)])
    with pytest.raises(ValueError, match="reserved"):
        Property(name="vector", data_type=DataType.TEXT)
    assert not client.collections.exists(name)


@pytest.mark.usefixtures("still_serving")
@pytest.mark.parametrize("prop_name", ["1abc", "a-b", "with space"])
def test_invalid_property_names(client: weaviate.WeaviateClient, name: str, prop_name: str) -> None:
    _raises_422(lambda: client.collections.create(name, properties=[Property(name=prop_name, data_type=DataType.TEXT)]),
                "is not a valid property name")
    assert not client.collections.exists(name)


@pytest.mark.usefixtures("still_serving")
@pytest.mark.parametrize("second", ["title", "Title", "tiTLE"])
def test_duplicate_properties(client: weaviate.WeaviateClient, name: str, second: str) -> None:
    _raises_422(lambda: client.collections.create(name, properties=[
        Property(name="title", data_type=DataType.TEXT), Property(name=second, data_type=DataType.INT)]),
        "conflict for property")
    assert not client.collections.exists(name)


@pytest.mark.usefixtures("still_serving")
def test_duplicate_collection(client: weaviate.WeaviateClient, name: str) -> None:
    client.collections.create(name, vector_config=Configure.Vectors.self_provided())
    _raises_422(lambda: client.collections.create(name), f"class name {name} already exists")
    lower_tail = name[0] + name[1:].lower()
    _raises_422(lambda: client.collections.create(lower_tail), f'found similar class "{name}"')
    assert lower_tail not in client.collections.list_all()


@pytest.mark.usefixtures("still_serving")
def test_unknown_data_type_and_reference_target(client: weaviate.WeaviateClient, server: ServerProcess,
                                                name: str) -> None:
    resp = httpx.post(f"{server.url}/v1/schema",
                      json={"class": name, "properties": [{"name": "x", "dataType": ["strin"]}]})
    assert resp.status_code == 422
    assert resp.json()["error"][0]["message"]
    _raises_422(lambda: client.collections.create(
        name, references=[ReferenceProperty(name="r", target_collection="NoSuchRefTarget")]),
        "reference property to nonexistent class")
    assert not client.collections.exists(name)


@pytest.mark.usefixtures("still_serving")
def test_object_without_nested_properties(client: weaviate.WeaviateClient, name: str) -> None:
    _raises_422(lambda: client.collections.create(name, properties=[Property(name="o", data_type=DataType.OBJECT)]),
                "At least one nested property is required for data type object/object[]")


@pytest.mark.usefixtures("still_serving")
@pytest.mark.parametrize("factor", [0, -3])
def test_replication_factor_below_one_becomes_the_minimum(client: weaviate.WeaviateClient, name: str,
                                                          factor: int) -> None:
    # Weaviate raises a factor < 1 to REPLICATION_MINIMUM_FACTOR (1) instead of refusing it
    coll = client.collections.create(name, replication_config=Configure.replication(factor=factor))
    assert coll.config.get().replication_config.factor == 1


@pytest.mark.usefixtures("still_serving")
def test_replication_factor_above_node_count(client: weaviate.WeaviateClient, name: str) -> None:
    _raises_422(lambda: client.collections.create(name, replication_config=Configure.replication(factor=3)),
                "could not find enough weaviate nodes for replication: 1 available, 3 requested")
    assert not client.collections.exists(name)


@pytest.mark.usefixtures("still_serving")
def test_replication_factor_update_above_node_count(client: weaviate.WeaviateClient, name: str) -> None:
    from weaviate.classes.config import Reconfigure

    coll = client.collections.create(name, vector_config=Configure.Vectors.self_provided())
    _raises_422(lambda: coll.config.update(replication_config=Reconfigure.replication(factor=2)),
                "not enough replicas in shard", "to increase replication factor to 2")
    assert coll.config.get().replication_config.factor == 1


@pytest.mark.usefixtures("still_serving")
def test_client_side_validation(client: weaviate.WeaviateClient, name: str) -> None:
    with pytest.raises(WeaviateInvalidInputError):
        client.collections.create(name, vector_config="none")  # type: ignore[arg-type]
    with pytest.raises(WeaviateInvalidInputError):
        client.collections.delete(42)  # type: ignore[arg-type]
    with pytest.raises(WeaviateInvalidInputError):
        client.collections.create(name, vector_config=[Configure.Vectors.self_provided(name="a"),
                                                       Configure.Vectors.self_provided(name="a")])
    assert not client.collections.exists(name)


@pytest.mark.usefixtures("still_serving")
def test_unknown_json_keys_are_ignored(client: weaviate.WeaviateClient, server: ServerProcess, name: str) -> None:
    body = {
        "class": name, "someFutureField": {"x": 1}, "vectorizer": "none",
        "properties": [{"name": "title", "dataType": ["text"], "notAField": True}],
        "invertedIndexConfig": {"bm25": {"b": 0.7, "k1": 1.3, "k3": 9}, "extra": []},
        "vectorIndexConfig": {"ef": 50, "notAnHnswKey": 3},
    }
    resp = httpx.post(f"{server.url}/v1/schema", json=body)
    assert resp.status_code == 200, resp.text
    created = resp.json()
    assert "someFutureField" not in created and "notAField" not in created["properties"][0]
    config = client.collections.get(name).config.get()
    assert config.inverted_index_config.bm25.k1 == 1.3
    assert config.vector_index_config is not None and config.vector_index_config.ef == 50  # type: ignore[union-attr]
    update = {**httpx.get(f"{server.url}/v1/schema/{name}").json(), "description": "u", "alsoUnknown": 1}
    assert httpx.put(f"{server.url}/v1/schema/{name}", json=update).status_code == 200
    assert client.collections.get(name).config.get().description == "u"


@pytest.mark.usefixtures("still_serving")
@pytest.mark.parametrize(("body", "status"), [
    (b"{not json", 400),
    (b'{"class": 5}', 400),
    (b"[]", 400),
    (b'{"class": "X", "properties": "nope"}', 400),
])
def test_malformed_bodies(server: ServerProcess, body: bytes, status: int) -> None:
    resp = httpx.post(f"{server.url}/v1/schema", content=body, headers={"content-type": "application/json"})
    assert resp.status_code == status, resp.text
    assert resp.json()["error"][0]["message"]
