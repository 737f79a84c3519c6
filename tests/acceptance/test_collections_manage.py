"""Collections: get/exists/list_all/delete, name case, export/create_from_dict, and the
class-level configs (inverted index, multi-tenancy, replication, sharding) with their updates."""

from __future__ import annotations

import httpx
import pytest
import weaviate
from weaviate.classes.config import (
    Configure,
    DataType,
    Property,
    Reconfigure,
    ReplicationDeletionStrategy,
    StopwordsPreset,
)
from weaviate.collections.classes.config import CollectionConfig, CollectionConfigSimple
from weaviate.exceptions import UnexpectedStatusCodeError

from tests.harness import ServerProcess

pytestmark = pytest.mark.acceptance


def _simple(client: weaviate.WeaviateClient, name: str, **extra: object) -> weaviate.collections.Collection:
    return client.collections.create(
        name, properties=[Property(name="title", data_type=DataType.TEXT)],
        vector_config=Configure.Vectors.self_provided(), **extra,  # type: ignore[arg-type]
    )


def test_exists_get_list_delete(client: weaviate.WeaviateClient, name: str) -> None:
    assert client.collections.exists(name) is False
    _simple(client, name, description="d")
    assert client.collections.exists(name) is True
    assert client.collections.get(name).name == name
    full = client.collections.list_all(simple=False)
    assert isinstance(full[name], CollectionConfig) and full[name].description == "d"
    simple = client.collections.list_all()
    assert isinstance(simple[name], CollectionConfigSimple)
    assert list(simple) == sorted(simple)
    client.collections.delete(name)
    assert client.collections.exists(name) is False
    assert name not in client.collections.list_all()
    # deleting a missing collection is not an error, as in Weaviate
    client.collections.delete(name)
    client.collections.delete([name, name + "Other"])


def test_config_of_missing_collection(client: weaviate.WeaviateClient) -> None:
    with pytest.raises(weaviate.exceptions.WeaviateBaseError):
        client.collections.get("NoSuchCollectionHere").config.get()


def test_name_case(client: weaviate.WeaviateClient, server: ServerProcess, name: str) -> None:
    lower = name[0].lower() + name[1:]
    coll = client.collections.create(lower, vector_config=Configure.Vectors.self_provided())
    assert coll.name == name  # the client capitalises, and Weaviate stores it capitalised
    assert client.collections.exists(lower) and client.collections.exists(name)
    assert client.collections.get(lower).config.get().name == name
    assert httpx.get(f"{server.url}/v1/schema/{lower}").json()["class"] == name
    # a name differing in more than the first letter is another collection
    assert client.collections.exists(name.upper()) is False
    with pytest.raises(UnexpectedStatusCodeError) as err:
        client.collections.create(name.upper(), vector_config=Configure.Vectors.self_provided())
    assert err.value.status_code == 422
    assert f'found similar class "{name}"' in err.value.message
    client.collections.delete(lower)
    assert not client.collections.exists(name)


def test_defaults_of_class_level_configs(client: weaviate.WeaviateClient, name: str) -> None:
    config = _simple(client, name).config.get()
    inv = config.inverted_index_config
    assert (inv.bm25.b, inv.bm25.k1) == (0.75, 1.2)
    assert inv.cleanup_interval_seconds == 60
    assert (inv.index_timestamps, inv.index_null_state, inv.index_property_length) == (False, False, False)
    assert inv.stopwords.preset == StopwordsPreset.EN
    assert inv.stopwords.additions is None and inv.stopwords.removals is None
    mt = config.multi_tenancy_config
    assert (mt.enabled, mt.auto_tenant_creation, mt.auto_tenant_activation) == (False, False, False)
    rep = config.replication_config
    assert rep.factor == 1 and rep.async_enabled is False
    assert rep.deletion_strategy == ReplicationDeletionStrategy.TIME_BASED_RESOLUTION
    sh = config.sharding_config
    assert sh is not None
    assert (sh.virtual_per_physical, sh.desired_count, sh.actual_count) == (128, 1, 1)
    assert (sh.desired_virtual_count, sh.actual_virtual_count) == (128, 128)
    assert (sh.key, sh.strategy, sh.function) == ("_id", "hash", "murmur3")
    assert config.description is None
    assert config.generative_config is None and config.reranker_config is None


def test_custom_class_level_configs(client: weaviate.WeaviateClient, name: str) -> None:
    coll = _simple(
        client, name,
        inverted_index_config=Configure.inverted_index(
            bm25_b=0.5, bm25_k1=1.5, cleanup_interval_seconds=30, index_timestamps=True,
            index_null_state=True, index_property_length=True, stopwords_preset=StopwordsPreset.NONE,
            stopwords_additions=["foo"], stopwords_removals=["bar"]),
        replication_config=Configure.replication(
            factor=1, deletion_strategy=ReplicationDeletionStrategy.DELETE_ON_CONFLICT),
        sharding_config=Configure.sharding(virtual_per_physical=64, desired_count=3),
    )
    config = coll.config.get()
    inv = config.inverted_index_config
    assert (inv.bm25.b, inv.bm25.k1, inv.cleanup_interval_seconds) == (0.5, 1.5, 30)
    assert (inv.index_timestamps, inv.index_null_state, inv.index_property_length) == (True, True, True)
    assert inv.stopwords.preset == StopwordsPreset.NONE
    assert (inv.stopwords.additions, inv.stopwords.removals) == (["foo"], ["bar"])
    assert config.replication_config.deletion_strategy == ReplicationDeletionStrategy.DELETE_ON_CONFLICT
    sh = config.sharding_config
    assert sh is not None
    assert (sh.virtual_per_physical, sh.desired_count, sh.actual_count) == (64, 3, 3)
    assert (sh.desired_virtual_count, sh.actual_virtual_count) == (192, 192)
    assert len(coll.config.get_shards()) == 3


def test_multi_tenancy_config(client: weaviate.WeaviateClient, name: str, server: ServerProcess) -> None:
    coll = _simple(client, name, multi_tenancy_config=Configure.multi_tenancy(
        enabled=True, auto_tenant_creation=True, auto_tenant_activation=False))
    config = coll.config.get()
    mt = config.multi_tenancy_config
    assert (mt.enabled, mt.auto_tenant_creation, mt.auto_tenant_activation) == (True, True, False)
    assert config.sharding_config is None  # the client hides it for multi-tenant collections
    raw = httpx.get(f"{server.url}/v1/schema/{name}").json()["shardingConfig"]
    assert raw["desiredCount"] == 0 and raw["virtualPerPhysical"] == 0
    coll.config.update(multi_tenancy_config=Reconfigure.multi_tenancy(
        auto_tenant_creation=False, auto_tenant_activation=True))
    mt = coll.config.get().multi_tenancy_config
    assert (mt.enabled, mt.auto_tenant_creation, mt.auto_tenant_activation) == (True, False, True)


def test_auto_tenant_creation_needs_multi_tenancy(client: weaviate.WeaviateClient, name: str) -> None:
    with pytest.raises(UnexpectedStatusCodeError) as err:
        _simple(client, name, multi_tenancy_config=Configure.multi_tenancy(
            enabled=False, auto_tenant_creation=True))
    assert err.value.status_code == 422
    assert "autoTenantCreation on a non-multi-tenant class" in err.value.message


def test_update_description_inverted_and_replication(client: weaviate.WeaviateClient, name: str) -> None:
    coll = _simple(client, name)
    coll.config.update(
        description="new description",
        property_descriptions={"title": "the title"},
        inverted_index_config=Reconfigure.inverted_index(
            bm25_b=0.3, bm25_k1=2.0, cleanup_interval_seconds=120, stopwords_preset=StopwordsPreset.NONE,
            stopwords_additions=["x"], stopwords_removals=["y"]),
        replication_config=Reconfigure.replication(
            deletion_strategy=ReplicationDeletionStrategy.NO_AUTOMATED_RESOLUTION),
    )
    config = coll.config.get()
    assert config.description == "new description"
    assert config.properties[0].description == "the title"
    inv = config.inverted_index_config
    assert (inv.bm25.b, inv.bm25.k1, inv.cleanup_interval_seconds) == (0.3, 2.0, 120)
    assert inv.stopwords.preset == StopwordsPreset.NONE
    assert (inv.stopwords.additions, inv.stopwords.removals) == (["x"], ["y"])
    assert config.replication_config.deletion_strategy == ReplicationDeletionStrategy.NO_AUTOMATED_RESOLUTION
    # an update that changes nothing is accepted
    coll.config.update(description="new description")
    assert coll.config.get().description == "new description"


def test_immutable_inverted_flags(client: weaviate.WeaviateClient, server: ServerProcess, name: str) -> None:
    _simple(client, name)
    body = httpx.get(f"{server.url}/v1/schema/{name}").json()
    body["invertedIndexConfig"]["indexTimestamps"] = True
    resp = httpx.put(f"{server.url}/v1/schema/{name}", json=body)
    assert resp.status_code == 422
    assert "indexTimestamp" in resp.json()["error"][0]["message"]
    assert client.collections.get(name).config.get().inverted_index_config.index_timestamps is False


def test_update_invalid_bm25_and_shard_count(client: weaviate.WeaviateClient, server: ServerProcess,
                                             name: str) -> None:
    coll = _simple(client, name)
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.config.update(inverted_index_config=Reconfigure.inverted_index(bm25_b=1.5))
    assert err.value.status_code == 422 and "BM25.b" in err.value.message
    body = httpx.get(f"{server.url}/v1/schema/{name}").json()
    body["shardingConfig"]["desiredCount"] = 4
    resp = httpx.put(f"{server.url}/v1/schema/{name}", json=body)
    assert resp.status_code == 422
    assert "shard count is immutable" in resp.json()["error"][0]["message"]
    assert coll.config.get().inverted_index_config.bm25.b == 0.75


def test_update_missing_collection_is_404(client: weaviate.WeaviateClient, server: ServerProcess) -> None:
    resp = httpx.put(f"{server.url}/v1/schema/NoSuchClassToUpdate", json={"class": "NoSuchClassToUpdate"})
    assert resp.status_code == 404
    with pytest.raises(UnexpectedStatusCodeError) as err:
        client.collections.use("NoSuchClassToUpdate").config.update(description="x")
    assert err.value.status_code == 404


def test_export_and_create_from_dict(client: weaviate.WeaviateClient, name: str) -> None:
    original = client.collections.create(
        name,
        description="exported",
        properties=[
            Property(name="title", data_type=DataType.TEXT, index_filterable=False),
            Property(name="meta", data_type=DataType.OBJECT,
                     nested_properties=[Property(name="n", data_type=DataType.INT)]),
        ],
        vector_config=[
            Configure.Vectors.self_provided(name="a", vector_index_config=Configure.VectorIndex.hnsw(ef=42)),
            Configure.Vectors.self_provided(name="b", vector_index_config=Configure.VectorIndex.flat()),
        ],
        inverted_index_config=Configure.inverted_index(bm25_b=0.7, bm25_k1=1.1, index_timestamps=True),
    )
    exported = client.collections.export_config(name)
    assert exported == original.config.get()
    as_dict = exported.to_dict()
    copy_name = name[:50] + "Copy"
    client.collections.delete(copy_name)
    try:
        copy = client.collections.create_from_dict({**as_dict, "class": copy_name})
        copied = copy.config.get()
        assert copied.to_dict() == {**as_dict, "class": copy_name}
        client.collections.delete(copy_name)
        again = client.collections.create_from_config(exported.__class__(**{**exported.__dict__, "name": copy_name}))
        assert again.config.get().to_dict() == {**as_dict, "class": copy_name}
    finally:
        client.collections.delete(copy_name)


def test_create_from_dict_with_a_raw_weaviate_schema(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create_from_dict({
        "class": name,
        "properties": [{"name": "title", "dataType": ["text"], "tokenization": "lowercase"},
                       {"name": "n", "dataType": ["int"]}],
        "vectorizer": "none",
        "vectorIndexType": "flat",
    })
    config = coll.config.get()
    assert [p.name for p in config.properties] == ["title", "n"]
    assert config.vector_index_type is not None and config.vector_index_type.value == "flat"
    assert config.vectorizer == "none"


def test_update_sorts_properties_by_name_as_weaviate_does(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, properties=[
        Property(name="zeta", data_type=DataType.TEXT), Property(name="alpha", data_type=DataType.INT),
        Property(name="mid", data_type=DataType.BOOL)], vector_config=Configure.Vectors.self_provided())
    assert [p.name for p in coll.config.get().properties] == ["zeta", "alpha", "mid"]
    coll.config.update(description="sorted now")
    # Weaviate's class update sorts the stored properties by name (parser.go validatePropertiesForUpdate)
    assert [p.name for p in coll.config.get().properties] == ["alpha", "mid", "zeta"]


def test_delete_and_recreate_starts_empty(client: weaviate.WeaviateClient, name: str) -> None:
    coll = _simple(client, name)
    coll.data.insert_many([{"title": str(i)} for i in range(5)])
    assert len(coll) == 5
    client.collections.delete(name)
    coll = client.collections.create(name, properties=[Property(name="other", data_type=DataType.INT)],
                                      vector_config=Configure.Vectors.self_provided())
    assert len(coll) == 0
    assert coll.query.fetch_objects().objects == []
    assert [p.name for p in coll.config.get().properties] == ["other"]
