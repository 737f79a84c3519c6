"""Collections: vector index types (hnsw, flat, dynamic), named vectors, the legacy
(unnamed) vector, Weaviate's defaults, mutable and immutable vector index settings."""

from __future__ import annotations

import httpx
import pytest
import weaviate
from weaviate.classes.config import (
    Configure,
    DataType,
    Property,
    Reconfigure,
    VectorDistances,
    VectorFilterStrategy,
)
from weaviate.collections.classes.config import (
    VectorIndexType,
    _VectorIndexConfigDynamic,
    _VectorIndexConfigFlat,
    _VectorIndexConfigHNSW,
)
from weaviate.exceptions import UnexpectedStatusCodeError

from tests.harness import ServerProcess

pytestmark = pytest.mark.acceptance

# The legacy (unnamed) vector API is deprecated in the client, which warns on every use;
# that is the client's notice to its users, not a weftdb problem.
legacy_api = pytest.mark.filterwarnings(
    "ignore:Dep024:DeprecationWarning", "ignore:Dep025:DeprecationWarning", "ignore:Dep026:DeprecationWarning"
)


def _assert_hnsw_defaults(cfg: object) -> None:
    assert isinstance(cfg, _VectorIndexConfigHNSW)
    assert cfg.ef == -1
    assert cfg.ef_construction == 128
    assert cfg.max_connections == 32
    assert cfg.distance_metric == VectorDistances.COSINE
    assert (cfg.dynamic_ef_min, cfg.dynamic_ef_max, cfg.dynamic_ef_factor) == (100, 500, 8)
    assert cfg.flat_search_cutoff == 40000
    assert cfg.cleanup_interval_seconds == 300
    assert cfg.vector_cache_max_objects == 10**12
    assert cfg.skip is False
    assert cfg.quantizer is None and cfg.multi_vector is None
    assert cfg.filter_strategy in (VectorFilterStrategy.ACORN, VectorFilterStrategy.SWEEPING)


def _assert_flat_defaults(cfg: object) -> None:
    assert isinstance(cfg, _VectorIndexConfigFlat)
    assert cfg.distance_metric == VectorDistances.COSINE
    assert cfg.vector_cache_max_objects == 10**12
    assert cfg.quantizer is None


def test_default_vector_is_named_hnsw(client: weaviate.WeaviateClient, name: str) -> None:
    # without any vector config the client asks for a self-provided vector named "default"
    coll = client.collections.create(name, properties=[Property(name="title", data_type=DataType.TEXT)])
    config = coll.config.get()
    assert config.vectorizer is None and config.vector_index_config is None
    assert config.vector_config is not None and set(config.vector_config) == {"default"}
    named = config.vector_config["default"]
    assert named.vectorizer.vectorizer == "none"
    _assert_hnsw_defaults(named.vector_index_config)


def test_every_index_type_as_named_vectors(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(
        name,
        vector_config=[
            Configure.Vectors.self_provided(name="h", vector_index_config=Configure.VectorIndex.hnsw()),
            Configure.Vectors.self_provided(name="f", vector_index_config=Configure.VectorIndex.flat()),
            Configure.Vectors.self_provided(name="d", vector_index_config=Configure.VectorIndex.dynamic()),
        ],
    )
    vc = coll.config.get().vector_config
    assert vc is not None and set(vc) == {"h", "f", "d"}
    _assert_hnsw_defaults(vc["h"].vector_index_config)
    _assert_flat_defaults(vc["f"].vector_index_config)
    dyn = vc["d"].vector_index_config
    assert isinstance(dyn, _VectorIndexConfigDynamic)
    assert dyn.threshold == 10000 and dyn.distance_metric == VectorDistances.COSINE
    _assert_hnsw_defaults(dyn.hnsw)
    _assert_flat_defaults(dyn.flat)
    # objects with all three vectors are accepted
    coll.data.insert({}, vector={"h": [0.1, 0.2], "f": [0.3, 0.4, 0.5], "d": [1.0]})
    assert len(coll) == 1


def test_custom_hnsw_values_are_kept(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(
        name,
        vector_config=[
            Configure.Vectors.self_provided(
                name="main",
                vector_index_config=Configure.VectorIndex.hnsw(
                    distance_metric=VectorDistances.DOT, ef=77, ef_construction=64, max_connections=16,
                    dynamic_ef_min=50, dynamic_ef_max=300, dynamic_ef_factor=4, flat_search_cutoff=1234,
                    cleanup_interval_seconds=99, vector_cache_max_objects=5000,
                    filter_strategy=VectorFilterStrategy.SWEEPING,
                ),
            ),
            Configure.Vectors.self_provided(
                name="small", vector_index_config=Configure.VectorIndex.flat(distance_metric=VectorDistances.L2_SQUARED)),
            Configure.Vectors.self_provided(
                name="grow", vector_index_config=Configure.VectorIndex.dynamic(
                    threshold=500, distance_metric=VectorDistances.MANHATTAN,
                    hnsw=Configure.VectorIndex.hnsw(max_connections=8))),
        ],
    )
    vc = coll.config.get().vector_config
    assert vc is not None
    main = vc["main"].vector_index_config
    assert isinstance(main, _VectorIndexConfigHNSW)
    assert (main.distance_metric, main.ef, main.ef_construction, main.max_connections) == (
        VectorDistances.DOT, 77, 64, 16)
    assert (main.dynamic_ef_min, main.dynamic_ef_max, main.dynamic_ef_factor) == (50, 300, 4)
    assert (main.flat_search_cutoff, main.cleanup_interval_seconds, main.vector_cache_max_objects) == (1234, 99, 5000)
    assert main.filter_strategy == VectorFilterStrategy.SWEEPING
    small = vc["small"].vector_index_config
    assert isinstance(small, _VectorIndexConfigFlat) and small.distance_metric == VectorDistances.L2_SQUARED
    grow = vc["grow"].vector_index_config
    assert isinstance(grow, _VectorIndexConfigDynamic)
    assert grow.threshold == 500 and grow.distance_metric == VectorDistances.MANHATTAN
    assert grow.hnsw is not None and grow.hnsw.max_connections == 8


@legacy_api
def test_legacy_vectorizer_config(client: weaviate.WeaviateClient, name: str, server: ServerProcess) -> None:
    coll = client.collections.create(
        name,
        vectorizer_config=Configure.Vectorizer.none(),
        vector_index_config=Configure.VectorIndex.hnsw(ef=200, distance_metric=VectorDistances.L2_SQUARED),
    )
    config = coll.config.get()
    assert config.vector_config is None
    assert config.vectorizer == "none"
    assert config.vector_index_type == VectorIndexType.HNSW
    cfg = config.vector_index_config
    assert isinstance(cfg, _VectorIndexConfigHNSW)
    assert cfg.ef == 200 and cfg.distance_metric == VectorDistances.L2_SQUARED and cfg.ef_construction == 128
    raw = httpx.get(f"{server.url}/v1/schema/{name}").json()
    assert raw["vectorizer"] == "none" and raw["vectorIndexType"] == "hnsw"
    assert "vectorConfig" not in raw
    coll.data.insert({}, vector=[0.1, 0.2, 0.3])
    assert len(coll) == 1


@legacy_api
def test_legacy_flat_index(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(
        name, vectorizer_config=Configure.Vectorizer.none(), vector_index_config=Configure.VectorIndex.flat())
    config = coll.config.get()
    assert config.vector_index_type == VectorIndexType.FLAT
    _assert_flat_defaults(config.vector_index_config)


def test_update_named_hnsw_mutable_fields(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(
        name,
        vector_config=[
            Configure.Vectors.self_provided(name="a", vector_index_config=Configure.VectorIndex.hnsw()),
            Configure.Vectors.self_provided(name="b", vector_index_config=Configure.VectorIndex.flat()),
        ],
    )
    coll.config.update(vector_config=Reconfigure.Vectors.update(
        name="a",
        vector_index_config=Reconfigure.VectorIndex.hnsw(
            ef=300, dynamic_ef_min=20, dynamic_ef_max=900, dynamic_ef_factor=3, flat_search_cutoff=777,
            vector_cache_max_objects=123456, filter_strategy=VectorFilterStrategy.SWEEPING),
    ))
    coll.config.update(vector_config=Reconfigure.Vectors.update(
        name="b", vector_index_config=Reconfigure.VectorIndex.flat(vector_cache_max_objects=42)))
    vc = coll.config.get().vector_config
    assert vc is not None
    a = vc["a"].vector_index_config
    assert isinstance(a, _VectorIndexConfigHNSW)
    assert (a.ef, a.dynamic_ef_min, a.dynamic_ef_max, a.dynamic_ef_factor) == (300, 20, 900, 3)
    assert (a.flat_search_cutoff, a.vector_cache_max_objects) == (777, 123456)
    assert a.filter_strategy == VectorFilterStrategy.SWEEPING
    assert a.ef_construction == 128 and a.max_connections == 32  # untouched
    b = vc["b"].vector_index_config
    assert isinstance(b, _VectorIndexConfigFlat) and b.vector_cache_max_objects == 42


@legacy_api
def test_update_legacy_hnsw_and_dynamic(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(
        name, vectorizer_config=Configure.Vectorizer.none(), vector_index_config=Configure.VectorIndex.hnsw())
    coll.config.update(vectorizer_config=Reconfigure.VectorIndex.hnsw(ef=99, flat_search_cutoff=10))
    cfg = coll.config.get().vector_index_config
    assert isinstance(cfg, _VectorIndexConfigHNSW) and (cfg.ef, cfg.flat_search_cutoff) == (99, 10)

    client.collections.delete(name)
    coll = client.collections.create(name, vector_config=Configure.Vectors.self_provided(
        vector_index_config=Configure.VectorIndex.dynamic()))
    coll.config.update(vector_config=Reconfigure.Vectors.update(
        vector_index_config=Reconfigure.VectorIndex.dynamic(
            threshold=20000, hnsw=Reconfigure.VectorIndex.hnsw(ef=55),
            flat=Reconfigure.VectorIndex.flat(vector_cache_max_objects=9))))
    dyn = (coll.config.get().vector_config or {})["default"].vector_index_config
    assert isinstance(dyn, _VectorIndexConfigDynamic)
    assert dyn.threshold == 20000 and dyn.hnsw is not None and dyn.hnsw.ef == 55
    assert dyn.flat is not None and dyn.flat.vector_cache_max_objects == 9


def test_index_type_is_immutable(client: weaviate.WeaviateClient, name: str) -> None:
    coll = client.collections.create(name, vector_config=Configure.Vectors.self_provided(
        name="a", vector_index_config=Configure.VectorIndex.hnsw()))
    with pytest.raises(UnexpectedStatusCodeError) as err:
        coll.config.update(vector_config=Reconfigure.Vectors.update(
            name="a", vector_index_config=Reconfigure.VectorIndex.flat()))
    assert err.value.status_code == 422
    assert "vector index type" in err.value.message and "immutable" in err.value.message
    cfg = (coll.config.get().vector_config or {})["a"].vector_index_config
    assert isinstance(cfg, _VectorIndexConfigHNSW)


def _put_schema(server: ServerProcess, name: str, mutate: object) -> httpx.Response:
    body = httpx.get(f"{server.url}/v1/schema/{name}").json()
    mutate(body)  # type: ignore[operator]
    return httpx.put(f"{server.url}/v1/schema/{name}", json=body)


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("distance", "dot", "distance is immutable"),
    ("efConstruction", 256, "efConstruction is immutable"),
    ("maxConnections", 64, "maxConnections is immutable"),
])
def test_immutable_hnsw_fields_over_rest(client: weaviate.WeaviateClient, server: ServerProcess, name: str,
                                         field: str, value: object, expected: str) -> None:
    # the client has no API to change these; Weaviate refuses them with 422
    client.collections.create(name, vector_config=Configure.Vectors.self_provided(name="a"))
    resp = _put_schema(server, name, lambda b: b["vectorConfig"]["a"]["vectorIndexConfig"].update({field: value}))
    assert resp.status_code == 422
    assert expected in resp.json()["error"][0]["message"]
    cfg = (client.collections.get(name).config.get().vector_config or {})["a"].vector_index_config
    assert isinstance(cfg, _VectorIndexConfigHNSW) and cfg.distance_metric == VectorDistances.COSINE


@legacy_api
def test_vectorizer_is_immutable_over_rest(client: weaviate.WeaviateClient, server: ServerProcess, name: str) -> None:
    client.collections.create(name, vectorizer_config=Configure.Vectorizer.none())
    # Weaviate checks that the module exists before it checks immutability
    resp = _put_schema(server, name, lambda b: b.update(vectorizer="text2vec-contextionary"))
    assert resp.status_code == 422
    assert 'no module with name "text2vec-contextionary"' in resp.json()["error"][0]["message"]
    resp = _put_schema(server, name, lambda b: b.update(vectorIndexType="flat"))
    assert resp.status_code == 422
    assert "vector index type is immutable" in resp.json()["error"][0]["message"]
    assert client.collections.get(name).config.get().vector_index_type == VectorIndexType.HNSW


@pytest.mark.parametrize("kwargs", [
    {"ef_construction": -1}, {"max_connections": -5}, {"ef_construction": 2}, {"max_connections": 3000},
])
def test_invalid_hnsw_values(client: weaviate.WeaviateClient, name: str, kwargs: dict[str, int]) -> None:
    with pytest.raises(UnexpectedStatusCodeError) as err:
        client.collections.create(name, vector_config=Configure.Vectors.self_provided(
            vector_index_config=Configure.VectorIndex.hnsw(**kwargs)))  # type: ignore[arg-type]
    assert err.value.status_code == 422
    assert "invalid hnsw config" in err.value.message
    assert not client.collections.exists(name)


def test_negative_ef_other_than_minus_one_is_accepted_as_weaviate_does(client: weaviate.WeaviateClient,
                                                                       name: str) -> None:
    # Weaviate does not validate ef at create time: any negative ef means "dynamic ef"
    coll = client.collections.create(name, vector_config=Configure.Vectors.self_provided(
        vector_index_config=Configure.VectorIndex.hnsw(ef=-5)))
    cfg = (coll.config.get().vector_config or {})["default"].vector_index_config
    assert isinstance(cfg, _VectorIndexConfigHNSW) and cfg.ef == -5


def test_unknown_distance_is_422(client: weaviate.WeaviateClient, server: ServerProcess, name: str) -> None:
    # the client's enum cannot express it, so send the body raw
    body = {"class": name, "vectorConfig": {"v": {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw",
                                                  "vectorIndexConfig": {"distance": "euclid"}}}}
    resp = httpx.post(f"{server.url}/v1/schema", json=body)
    assert resp.status_code == 422
    assert "unrecognized distance metric" in resp.json()["error"][0]["message"]
    resp = httpx.post(f"{server.url}/v1/schema", json={**body, "vectorConfig": {"v": {
        "vectorizer": {"none": {}}, "vectorIndexType": "annoy"}}})
    assert resp.status_code == 422
    assert "annoy" in resp.json()["error"][0]["message"]
    assert not client.collections.exists(name)


def test_legacy_and_named_vectors_together_is_422(client: weaviate.WeaviateClient, server: ServerProcess,
                                                  name: str) -> None:
    body = {"class": name, "vectorizer": "none", "vectorIndexType": "hnsw",
            "vectorConfig": {"v": {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw"}}}
    resp = httpx.post(f"{server.url}/v1/schema", json=body)
    assert resp.status_code == 422
    assert "both a class level vector index and named vectors" in resp.json()["error"][0]["message"]
    assert not client.collections.exists(name)
