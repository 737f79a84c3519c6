"""What weaviate-client 4.24.1 sends is accepted, and what we return it can parse back.

The payloads are built with the client's own classes (``_CollectionConfigCreate._to_dict``,
``_CollectionConfigUpdate.merge_with_existing``) and sent through JSON, as over the wire; the
definitions are read back with ``_collection_config_from_json``, which is what
``collection.config.get()`` does.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from weaviate.classes.config import (
    Configure,
    DataType,
    Property,
    Reconfigure,
    ReferenceProperty,
    ReplicationDeletionStrategy,
    Tokenization,
    VectorDistances,
    VectorFilterStrategy,
)
from weaviate.collections.classes.config import (
    VectorIndexType,
    _CollectionConfig,
    _CollectionConfigCreate,
    _CollectionConfigUpdate,
    _VectorIndexConfigDynamic,
    _VectorIndexConfigFlat,
    _VectorIndexConfigHNSW,
)
from weaviate.collections.classes.config_methods import _collection_config_from_json

from weftdb.usecases.schema.definitions import (
    SchemaDefaults,
    prepare_class_update,
    prepare_new_class,
    prepare_new_property,
)

DEFAULTS = SchemaDefaults(enabled_modules=frozenset({"text2vec-openai", "generative-openai"}))


def wire(value: Any) -> Any:
    return json.loads(json.dumps(value))


def create(**kwargs: Any) -> dict[str, Any]:
    emit = kwargs.pop("emit_default_vector_index_type", True)
    body = wire(_CollectionConfigCreate(**kwargs)._to_dict(emit_default_vector_index_type=emit))
    return prepare_new_class(body, {"Author": {}}, DEFAULTS)


def parse(definition: dict[str, Any]) -> _CollectionConfig:
    return _collection_config_from_json(wire(definition))


def hnsw_of(config: _CollectionConfig, name: str = "default") -> _VectorIndexConfigHNSW:
    assert config.vector_config is not None
    index = config.vector_config[name].vector_index_config
    assert isinstance(index, _VectorIndexConfigHNSW)
    return index


def test_self_provided_collection_round_trips() -> None:
    definition = create(name="Article", properties=[Property(name="title", data_type=DataType.TEXT)],
                        vector_config=Configure.Vectors.self_provided())
    config = parse(definition)
    assert config.name == "Article"
    assert [(p.name, p.data_type, p.tokenization) for p in config.properties] == [
        ("title", DataType.TEXT, Tokenization.WORD)
    ]
    assert config.properties[0].index_searchable and config.properties[0].index_filterable
    assert config.vector_config is not None and list(config.vector_config) == ["default"]
    assert config.vector_config["default"].vectorizer.vectorizer == "none"
    index = hnsw_of(config)
    assert (index.ef, index.ef_construction, index.max_connections) == (-1, 128, 32)
    assert index.distance_metric == VectorDistances.COSINE
    assert index.filter_strategy == VectorFilterStrategy.ACORN
    assert index.quantizer is None and index.multi_vector is None
    assert config.vector_index_config is None and config.vectorizer is None
    assert config.inverted_index_config.bm25.k1 == 1.2 and config.inverted_index_config.bm25.b == 0.75
    assert config.inverted_index_config.cleanup_interval_seconds == 60
    assert config.replication_config.factor == 1
    assert config.replication_config.deletion_strategy == ReplicationDeletionStrategy.TIME_BASED_RESOLUTION
    assert config.sharding_config is not None and config.sharding_config.desired_count == 1
    assert config.sharding_config.virtual_per_physical == 128


def test_named_vectors_without_index_type_round_trip() -> None:
    definition = create(name="Article", vector_config=Configure.Vectors.self_provided(),
                        emit_default_vector_index_type=False)
    assert definition["vectorConfig"]["default"]["vectorIndexType"] == "hnsw"
    hnsw_of(parse(definition))


def test_collection_with_every_setting_round_trips() -> None:
    definition = create(
        name="article",
        description="news",
        properties=[
            Property(name="title", data_type=DataType.TEXT, tokenization=Tokenization.FIELD, description="t"),
            Property(name="year", data_type=DataType.INT, index_range_filters=True),
            Property(name="meta", data_type=DataType.OBJECT,
                     nested_properties=[Property(name="source", data_type=DataType.TEXT)]),
        ],
        references=[ReferenceProperty(name="writtenBy", target_collection="Author")],
        multi_tenancy_config=Configure.multi_tenancy(enabled=True, auto_tenant_creation=True),
        replication_config=Configure.replication(factor=1),
        inverted_index_config=Configure.inverted_index(bm25_b=0.7, bm25_k1=1.1, index_timestamps=True),
    )
    config = parse(definition)
    assert config.name == "Article" and config.description == "news"
    assert config.multi_tenancy_config.enabled and config.multi_tenancy_config.auto_tenant_creation
    assert config.sharding_config is None
    assert config.inverted_index_config.index_timestamps is True
    assert round(config.inverted_index_config.bm25.b, 6) == 0.7
    title, year, meta = config.properties
    assert (title.tokenization, title.description) == (Tokenization.FIELD, "t")
    assert year.index_range_filters is True and year.tokenization is None
    assert meta.nested_properties is not None and meta.nested_properties[0].name == "source"
    assert [(r.name, r.target_collections) for r in config.references] == [("writtenBy", ["Author"])]


def test_flat_dynamic_and_quantized_indexes_round_trip() -> None:
    definition = create(name="A", vector_config=[
        Configure.Vectors.self_provided(name="flat", vector_index_config=Configure.VectorIndex.flat(
            quantizer=Configure.VectorIndex.Quantizer.bq())),
        Configure.Vectors.self_provided(name="dyn", vector_index_config=Configure.VectorIndex.dynamic(
            threshold=5, distance_metric=VectorDistances.L2_SQUARED)),
        Configure.Vectors.self_provided(name="pq", vector_index_config=Configure.VectorIndex.hnsw(
            quantizer=Configure.VectorIndex.Quantizer.pq(segments=4), distance_metric=VectorDistances.DOT, ef=100)),
        Configure.Vectors.self_provided(name="rq", vector_index_config=Configure.VectorIndex.hnsw(
            quantizer=Configure.VectorIndex.Quantizer.rq())),
    ])
    config = parse(definition)
    assert config.vector_config is not None
    flat = config.vector_config["flat"].vector_index_config
    assert isinstance(flat, _VectorIndexConfigFlat) and flat.quantizer is not None
    dynamic = config.vector_config["dyn"].vector_index_config
    assert isinstance(dynamic, _VectorIndexConfigDynamic)
    assert dynamic.threshold == 5 and dynamic.distance_metric == VectorDistances.L2_SQUARED
    pq = hnsw_of(config, "pq")
    assert (pq.ef, pq.distance_metric) == (100, VectorDistances.DOT)
    assert pq.quantizer is not None and getattr(pq.quantizer, "segments", None) == 4
    rq = hnsw_of(config, "rq")
    assert rq.quantizer is not None and getattr(rq.quantizer, "bits", None) == 8


def test_module_vectorizer_and_generative_config_round_trip() -> None:
    definition = create(
        name="A",
        properties=[Property(name="title", data_type=DataType.TEXT)],
        vector_config=Configure.Vectors.text2vec_openai(name="text", source_properties=["title"]),
        generative_config=Configure.Generative.openai(),
    )
    config = parse(definition)
    assert config.vector_config is not None
    assert config.vector_config["text"].vectorizer.vectorizer == "text2vec-openai"
    assert config.vector_config["text"].vectorizer.source_properties == ["title"]
    assert config.generative_config is not None
    assert config.properties[0].vectorizer_configs == {}  # module defaults are the modules' business


def test_multi_vector_round_trips() -> None:
    config = parse(create(name="A", vector_config=Configure.MultiVectors.self_provided(name="mv")))
    index = hnsw_of(config, "mv")
    assert index.multi_vector is not None and index.multi_vector.aggregation == "maxSim"


def test_legacy_class_level_configuration_round_trips() -> None:
    body = {"class": "A", "vectorizer": "none", "vectorIndexType": "flat", "vectorIndexConfig": {}}
    config = parse(prepare_new_class(body, {}, DEFAULTS))
    assert config.vector_index_type == VectorIndexType.FLAT
    assert isinstance(config.vector_index_config, _VectorIndexConfigFlat)
    assert config.vector_config is None and config.vectorizer == "none"


def test_client_update_round_trips() -> None:
    current = create(name="A", properties=[Property(name="title", data_type=DataType.TEXT, description="t")],
                     vector_config=Configure.Vectors.self_provided())
    change = _CollectionConfigUpdate(
        description="new",
        property_descriptions={"title": "T2"},
        inverted_index_config=Reconfigure.inverted_index(bm25_k1=1.5, bm25_b=0.7, stopwords_additions=["foo", "the"]),
        replication_config=Reconfigure.replication(deletion_strategy=ReplicationDeletionStrategy.DELETE_ON_CONFLICT),
        vector_config=Reconfigure.Vectors.update(name="default", vector_index_config=Reconfigure.VectorIndex.hnsw(
            ef=77, filter_strategy=VectorFilterStrategy.SWEEPING,
            quantizer=Reconfigure.VectorIndex.Quantizer.pq(enabled=True))),
    )
    body = wire(change.merge_with_existing(copy.deepcopy(current)))
    config = parse(prepare_class_update(current, body, DEFAULTS))
    assert config.description == "new" and config.properties[0].description == "T2"
    assert config.inverted_index_config.bm25.k1 == 1.5
    assert config.inverted_index_config.stopwords.additions == ["foo"]
    assert config.replication_config.deletion_strategy == ReplicationDeletionStrategy.DELETE_ON_CONFLICT
    index = hnsw_of(config)
    assert index.ef == 77 and index.filter_strategy == VectorFilterStrategy.SWEEPING
    assert index.quantizer is not None


def test_client_add_vector_round_trips() -> None:
    current = create(name="A", vector_config=Configure.Vectors.self_provided())
    body = copy.deepcopy(current)
    body["vectorConfig"]["extra"] = Configure.Vectors.self_provided(
        name="extra", vector_index_config=Configure.VectorIndex.flat())._to_dict()
    config = parse(prepare_class_update(current, wire(body), DEFAULTS))
    assert config.vector_config is not None and set(config.vector_config) == {"default", "extra"}


def test_client_add_property_round_trips() -> None:
    current = create(name="A", properties=[Property(name="title", data_type=DataType.TEXT)],
                     vector_config=Configure.Vectors.self_provided())
    added = prepare_new_property(current, wire(Property(name="tags", data_type=DataType.TEXT_ARRAY)._to_dict()),
                                 DEFAULTS)
    definition = {**current, "properties": [*current["properties"], added]}
    config = parse(definition)
    assert [(p.name, p.data_type) for p in config.properties] == [
        ("title", DataType.TEXT), ("tags", DataType.TEXT_ARRAY)
    ]
