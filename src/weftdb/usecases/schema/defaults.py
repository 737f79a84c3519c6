"""Weaviate's schema defaults: server settings and the values filled into a class.

Every constant cites the Go file it comes from (paths relative to the weaviate
repository). Functions here fill defaults into *models* (see ``json_model``);
the vector-index and sharding defaults are returned in their rendered form
(the typed Go configs that Weaviate stores and returns).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# adapters/repos/db/inverted/stopwords/presets.go (re-exported for the schema use cases)
from weftdb.entities.stopwords import STOPWORD_PRESET_EN
from weftdb.errors import InvalidInput
from weftdb.goformat import to_float32

# usecases/config/environment.go: VectorizerModuleNone
VECTORIZER_NONE = "none"
# entities/vectorindex/config.go
VECTOR_INDEX_HNSW = "hnsw"
VECTOR_INDEX_FLAT = "flat"
VECTOR_INDEX_DYNAMIC = "dynamic"
VECTOR_INDEX_HFRESH = "hfresh"
VECTOR_INDEX_DROPPED = "none"  # sentinel for a dropped named-vector index
# usecases/config/config_handler.go
DEFAULT_CLEANUP_INTERVAL_SECONDS = 60
DEFAULT_BM25_K1 = 1.2
DEFAULT_BM25_B = 0.75
DEFAULT_USING_BLOCK_MAX_WAND = True  # USE_INVERTED_SEARCHABLE unset
# entities/models/replication_config.go (enum) and usecases/schema/class.go
DELETION_TIME_BASED = "TimeBasedResolution"
# entities/vectorindex/common/config.go
DEFAULT_DISTANCE = "cosine"
DEFAULT_VECTOR_CACHE_MAX_OBJECTS = 10**12
# entities/vectorindex/dynamic/config.go
DEFAULT_DYNAMIC_THRESHOLD = 10_000
# usecases/sharding/config/config.go
DEFAULT_VIRTUAL_PER_PHYSICAL = 128

# entities/schema/data_types.go
PRIMITIVE_TYPES = (
    "text", "int", "number", "boolean", "date", "geoCoordinates", "phoneNumber", "blob",
    "blobHash", "text[]", "int[]", "number[]", "boolean[]", "date[]", "uuid", "uuid[]",
)
DEPRECATED_TYPES = ("string", "string[]")
NESTED_TYPES = ("object", "object[]")
TEXT_TYPES = ("text", "text[]")
STRING_TYPES = ("string", "string[]")


@dataclass(frozen=True)
class SchemaDefaults:
    """Server-wide settings that shape schema defaults and validation.

    default_vectorizer: DEFAULT_VECTORIZER_MODULE. default_vector_index_type:
    Weaviate reads it from DEFAULT_VECTOR_INDEX. enabled_modules: the names
    in ENABLE_MODULES ("none" is always allowed). default_replication_factor:
    REPLICATION_MINIMUM_FACTOR (the floor a class factor is raised to).
    """

    default_vectorizer: str = VECTORIZER_NONE
    default_vector_index_type: str = VECTOR_INDEX_HNSW
    enabled_modules: frozenset[str] = frozenset()
    default_replication_factor: int = 1


def as_primitive(data_type: Any) -> tuple[str, bool]:
    """entities/schema/data_types.go AsPrimitive: ("" , True) for ``[""]``."""
    if isinstance(data_type, list) and len(data_type) == 1:
        if data_type[0] in PRIMITIVE_TYPES or data_type[0] in DEPRECATED_TYPES:
            return data_type[0], True
        if data_type[0] == "":
            return "", True
    return "", False


def as_nested(data_type: Any) -> tuple[str, bool]:
    if isinstance(data_type, list) and len(data_type) == 1 and data_type[0] in NESTED_TYPES:
        return data_type[0], True
    return "", False


def hnsw_defaults() -> dict[str, Any]:
    """entities/vectorindex/hnsw/config.go UserConfig.SetDefaults (+ pq/bq/sq/rq/multivector)."""
    return {
        "skip": False, "cleanupIntervalSeconds": 300, "maxConnections": 32,
        "efConstruction": 128, "ef": -1, "dynamicEfMin": 100, "dynamicEfMax": 500,
        "dynamicEfFactor": 8, "vectorCacheMaxObjects": DEFAULT_VECTOR_CACHE_MAX_OBJECTS,
        "flatSearchCutoff": 40000, "distance": DEFAULT_DISTANCE,
        "pq": {
            "enabled": False, "bitCompression": False, "segments": 0, "centroids": 256,
            "trainingLimit": 100000, "encoder": {"type": "kmeans", "distribution": "log-normal"},
        },
        "bq": {"enabled": False},
        "sq": {"enabled": False, "trainingLimit": 100000, "rescoreLimit": 20},
        "rq": {"enabled": False, "bits": 8, "rescoreLimit": 20},
        "filterStrategy": "acorn",
        "multivector": {
            "enabled": False,
            "muvera": {"enabled": False, "ksim": 4, "dprojections": 16, "repetitions": 10},
            "aggregation": "maxSim",
        },
        "skipDefaultQuantization": False, "trackDefaultQuantization": False,
    }


def _flat_compression(bits: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"enabled": False, "rescoreLimit": -1, "cache": False}
    if bits is not None:
        out["bits"] = bits
    return out


def flat_defaults() -> dict[str, Any]:
    """entities/vectorindex/flat/config.go UserConfig.SetDefaults."""
    return {
        "distance": DEFAULT_DISTANCE, "vectorCacheMaxObjects": DEFAULT_VECTOR_CACHE_MAX_OBJECTS,
        "pq": _flat_compression(), "bq": _flat_compression(), "sq": _flat_compression(),
        "rq": _flat_compression(bits=8),
        "skipDefaultQuantization": False, "trackDefaultQuantization": False,
    }


def dynamic_defaults() -> dict[str, Any]:
    """entities/vectorindex/dynamic/config.go UserConfig.SetDefaults."""
    return {
        "distance": DEFAULT_DISTANCE, "threshold": DEFAULT_DYNAMIC_THRESHOLD,
        "hnsw": hnsw_defaults(), "flat": flat_defaults(),
    }


def sharding_defaults(node_count: int) -> dict[str, Any]:
    """usecases/sharding/config/config.go Config.setDefaults."""
    virtual = node_count * DEFAULT_VIRTUAL_PER_PHYSICAL
    return {
        "virtualPerPhysical": DEFAULT_VIRTUAL_PER_PHYSICAL, "desiredCount": node_count,
        "actualCount": node_count, "desiredVirtualCount": virtual,
        "actualVirtualCount": virtual, "key": "_id", "strategy": "hash", "function": "murmur3",
    }


def multi_tenant_sharding() -> dict[str, Any]:
    """A multi-tenant class keeps a zero sharding config (usecases/schema/parser.go)."""
    return {
        "virtualPerPhysical": 0, "desiredCount": 0, "actualCount": 0, "desiredVirtualCount": 0,
        "actualVirtualCount": 0, "key": "", "strategy": "", "function": "",
    }


def fill_inverted_defaults(model: dict[str, Any]) -> None:
    """usecases/schema/class.go setInvertedConfigDefaults."""
    inverted = model.setdefault("invertedIndexConfig", {})
    if inverted is None:
        inverted = model["invertedIndexConfig"] = {}
    inverted["usingBlockMaxWAND"] = inverted.get("usingBlockMaxWAND") or DEFAULT_USING_BLOCK_MAX_WAND
    if not inverted.get("cleanupIntervalSeconds"):
        inverted["cleanupIntervalSeconds"] = DEFAULT_CLEANUP_INTERVAL_SECONDS
    if inverted.get("bm25") is None:
        inverted["bm25"] = {"k1": to_float32(DEFAULT_BM25_K1), "b": to_float32(DEFAULT_BM25_B)}
    if inverted.get("stopwords") is None:
        inverted["stopwords"] = {"preset": STOPWORD_PRESET_EN}


def fill_property_defaults(prop: dict[str, Any]) -> None:
    """usecases/schema/class.go setPropertyDefaults (tokenization, index flags, nested)."""
    data_type, _ = as_primitive(prop.get("dataType"))
    if data_type in STRING_TYPES + TEXT_TYPES and not prop.get("tokenization"):
        prop["tokenization"] = "word"
    if not _uses_deprecated_index_inverted(prop):
        _fill_index_flags(prop, searchable=data_type in STRING_TYPES + TEXT_TYPES)
    for nested in prop.get("nestedProperties") or []:
        if nested is not None:
            fill_nested_defaults(nested)


def _uses_deprecated_index_inverted(prop: dict[str, Any]) -> bool:
    return prop.get("indexInverted") is not None and all(
        prop.get(flag) is None
        for flag in ("indexFilterable", "indexSearchable", "indexRangeFilters")
    )


def _fill_index_flags(prop: dict[str, Any], searchable: bool, filterable: bool = True) -> None:
    if prop.get("indexFilterable") is None:
        prop["indexFilterable"] = filterable
    if prop.get("indexSearchable") is None:
        prop["indexSearchable"] = searchable
    if prop.get("indexRangeFilters") is None:
        prop["indexRangeFilters"] = False


def fill_nested_defaults(nested: dict[str, Any]) -> None:
    """usecases/schema/class.go setNestedPropertiesDefaults (blob not filterable)."""
    data_type, is_primitive = as_primitive(nested.get("dataType"))
    text = is_primitive and data_type in TEXT_TYPES
    if text and not nested.get("tokenization"):
        nested["tokenization"] = "word"
    blob = is_primitive and data_type in ("blob", "blobHash")
    _fill_index_flags(nested, searchable=text, filterable=not blob)
    if as_nested(nested.get("dataType"))[1]:
        for child in nested.get("nestedProperties") or []:
            if child is not None:
                fill_nested_defaults(child)


def fill_replication_defaults(model: dict[str, Any], defaults: SchemaDefaults) -> None:
    """usecases/schema/class.go setClassDefaults replication part (and replica/config.go)."""
    minimum = defaults.default_replication_factor
    replication = model.get("replicationConfig")
    if replication is None:
        replication = model["replicationConfig"] = {"factor": minimum}
    factor = replication.get("factor", 0)
    if 0 < factor < minimum:
        raise InvalidInput(
            "invalid replication factor: setup requires a minimum replication factor of "
            f"{minimum}: got {factor}"
        )
    if factor < 1:
        replication["factor"] = minimum


def fill_legacy_vector_defaults(model: dict[str, Any], defaults: SchemaDefaults) -> None:
    """Class-level vectorizer / index type when the class has no named vectors only."""
    if has_named_vectors(model) and not has_legacy_vector_index(model):
        return
    if not model.get("vectorizer"):
        model["vectorizer"] = defaults.default_vectorizer
    if not model.get("vectorIndexType"):
        model["vectorIndexType"] = defaults.default_vector_index_type


def fill_named_vector_defaults(model: dict[str, Any], defaults: SchemaDefaults) -> None:
    for entry in (model.get("vectorConfig") or {}).values():
        if entry is not None and not entry.get("vectorIndexType"):
            entry["vectorIndexType"] = defaults.default_vector_index_type


def has_named_vectors(model: dict[str, Any]) -> bool:
    return bool(model.get("vectorConfig"))


def has_legacy_vector_index(model: dict[str, Any]) -> bool:
    """entities/modelsext/class.go ClassHasLegacyVectorIndex."""
    return bool(model.get("vectorizer")) or model.get("vectorIndexConfig") is not None \
        or bool(model.get("vectorIndexType"))


def fill_class_defaults(model: dict[str, Any], defaults: SchemaDefaults) -> None:
    """usecases/schema/class.go setClassDefaults (shared by create and update)."""
    fill_legacy_vector_defaults(model, defaults)
    fill_named_vector_defaults(model, defaults)
    fill_inverted_defaults(model)
    for prop in model.get("properties") or []:
        if prop is not None:
            fill_property_defaults(prop)
    fill_replication_defaults(model, defaults)


def fill_new_class_defaults(model: dict[str, Any], defaults: SchemaDefaults) -> None:
    """usecases/schema/class.go setNewClassDefaults (create only)."""
    tenancy = model.get("multiTenancyConfig")
    if model.get("shardingConfig") is not None and tenancy and tenancy.get("enabled"):
        raise InvalidInput("cannot have both shardingConfig and multiTenancyConfig")
    if tenancy is None:
        model["multiTenancyConfig"] = {}
    fill_class_defaults(model, defaults)
    replication = model["replicationConfig"]
    if not replication.get("deletionStrategy"):
        replication["deletionStrategy"] = DELETION_TIME_BASED
