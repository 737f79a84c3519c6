"""Collection (class) definitions: Weaviate's defaults and validation rules.

The public entry points turn a request body into the complete definition that
Weaviate's ``GET /v1/schema/{class}`` returns, or raise ``InvalidInput`` /
``AlreadyExists`` / ``BadRequest`` with Weaviate's message. Everything is pure:
no storage, no environment; server settings come in as ``SchemaDefaults``.

Where each default comes from (paths in the weaviate repository)::

    field                              value                       source
    ---------------------------------  --------------------------  -------------------------------------------
    class                              first letter upper-cased    entities/schema/schema.go UppercaseClassName
    properties[].name                  first letter lower-cased    entities/schema/schema.go LowercaseFirstLetter
    vectorizer                         DEFAULT_VECTORIZER_MODULE   usecases/schema/class.go setClassDefaults
    vectorIndexType (class, named)     DEFAULT_VECTOR_INDEX/hnsw   usecases/schema/class.go, vectorindex/config.go
    vectorIndexConfig (hnsw)           ef -1, efC 128, M 32, ...   entities/vectorindex/hnsw/config.go SetDefaults
      pq / bq / sq / rq / multivector  off, 256 centroids, ...     entities/vectorindex/hnsw/{pq,bq,sq,rq,multivector}_config.go
    vectorIndexConfig (flat)           cosine, rescoreLimit -1     entities/vectorindex/flat/config.go SetDefaults
    vectorIndexConfig (dynamic)        threshold 10000 + both      entities/vectorindex/dynamic/config.go
    distance, vectorCacheMaxObjects    cosine, 1e12                entities/vectorindex/common/config.go
    invertedIndexConfig.bm25           k1 1.2, b 0.75 (float32)    usecases/config/config_handler.go
    invertedIndexConfig.cleanup...     60 seconds                  usecases/config/config_handler.go
    invertedIndexConfig.stopwords      preset "en"                 usecases/schema/class.go setInvertedConfigDefaults
    invertedIndexConfig.usingBlockMax  true                        usecases/config/config_handler.go
    invertedIndexConfig.index*         false (omitted: omitempty)  entities/models/inverted_index_config.go
    multiTenancyConfig                 all false                   usecases/schema/class.go setNewClassDefaults
    replicationConfig.factor           REPLICATION_MINIMUM_FACTOR  usecases/schema/class.go setClassDefaults
    replicationConfig.deletionStrategy TimeBasedResolution         usecases/schema/class.go setNewClassDefaults
    replicationConfig.asyncEnabled     factor > 1 (REST only)      adapters/handlers/rest/restcompat/wrappers.go
    shardingConfig                     128 virtual, nodes, murmur3 usecases/sharding/config/config.go setDefaults
    shardingConfig (multi-tenant)      all zero / empty            usecases/schema/parser.go parseShardingConfig
    property tokenization (text)       word                        usecases/schema/class.go setPropertyDefaultTokenization
    property indexFilterable           true (nested blob: false)   usecases/schema/class.go setPropertyDefaultIndexing
    property indexSearchable           true for text/text[] only   usecases/schema/class.go setPropertyDefaultIndexing
    property indexRangeFilters         false                       usecases/schema/class.go setPropertyDefaultIndexing
    dataType string / string[]         text / text[] + whitespace  usecases/schema/class.go migratePropertySettings
    indexInverted (deprecated)         -> indexFilterable/...      usecases/schema/class.go migratePropertyIndexInverted

Not filled here: module-provided defaults (a vectorizer's class and property
``moduleConfig``; usecases/modules/module_config_init_and_validate.go), which
belong to the modules layer.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from typing import Any

from weftdb.errors import InvalidInput

from .class_update import prepare_update
from .defaults import (
    SchemaDefaults,
    fill_new_class_defaults,
    fill_property_defaults,
)
from .json_model import body_enum_error, decode_model, render
from .property_rules import (
    lowercase_first,
    migrate_property,
    validate_property,
    validate_reserved_suffix,
)
from .validation import (
    canonical_class_name,
    finish_new_class,
    parse_new_class,
    property_context,
    validate_new_class,
    validate_property_suffixes,
)

__all__ = [
    "SchemaDefaults",
    "canonical_class_name",
    "default_property",
    "prepare_class_update",
    "prepare_new_class",
    "prepare_new_property",
]


def _decode_class(body: Any, param: str = "objectClass") -> dict[str, Any]:
    model = decode_model(body, "Class", param)
    error = body_enum_error(model, "Class")
    if error:
        raise InvalidInput(error)
    for prop in model.get("properties") or []:
        if prop is None:
            raise InvalidInput("property must not be null")
    return model


def render_definition(model: Mapping[str, Any]) -> dict[str, Any]:
    """The definition as Weaviate's REST API writes it (asyncEnabled is derived)."""
    out = render(model, "Class") or {}
    replication = out.get("replicationConfig")
    if replication is not None:
        replication["asyncEnabled"] = replication.get("factor", 0) > 1
    return out


def prepare_new_class(body: Any, existing: Mapping[str, Any], defaults: SchemaDefaults, *,
                      node_count: int = 1) -> dict[str, Any]:
    """Validate ``POST /v1/schema`` and return the complete class definition.

    ``existing`` maps the canonical names of the classes already present (values
    are not read). ``node_count`` is the number of storage nodes: the default
    shard count and the ceiling of the replication factor.
    """
    model = _decode_class(body)
    model["class"] = canonical_class_name(model.get("class", ""))
    for prop in model.get("properties") or []:
        prop["name"] = lowercase_first(prop.get("name", ""))
    validate_property_suffixes(model)
    fill_new_class_defaults(model, defaults)
    validate_new_class(model, defaults)
    parse_new_class(model, defaults, node_count)
    finish_new_class(model, list(existing))
    return render_definition(model)


def prepare_new_property(class_def: Mapping[str, Any], body: Any, defaults: SchemaDefaults, *,
                         existing: Collection[str] | None = None) -> dict[str, Any]:
    """Validate ``POST /v1/schema/{class}/properties``; return the property with defaults.

    ``class_def`` is the class's current definition. ``existing`` names the
    classes present, so cross-references to missing classes are refused as
    Weaviate does; without it only the self-reference can be checked.
    """
    class_model = _decode_class(dict(class_def))
    prop = decode_model(body, "Property", "body")
    error = body_enum_error(prop, "Property")
    if error:
        raise InvalidInput(error)
    if not prop.get("name"):
        raise InvalidInput("property must contain name")
    prop["name"] = lowercase_first(prop["name"])
    if prop.get("dataType") is None:
        raise InvalidInput("property must contain dataType")
    validate_reserved_suffix(prop["name"])
    fill_property_defaults(prop)
    known = None if existing is None else set(existing) | {class_model.get("class", "")}
    ctx = property_context(class_model, defaults, None if known is None else known.__contains__)
    ctx.taken.update(p.get("name", "").lower() for p in class_model.get("properties") or [])
    validate_property(prop, ctx)
    migrate_property(prop)
    return render(prop, "Property") or {}


def prepare_class_update(current: Mapping[str, Any], body: Any, defaults: SchemaDefaults, *,
                         node_count: int = 1,
                         shard_replicas: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Validate ``PUT /v1/schema/{class}`` against ``current``; return the new definition.

    The class name in ``body`` must equal the stored one exactly (Weaviate does
    not capitalise it on update). ``shard_replicas`` (shard name -> number of
    nodes holding it) lets a raised replication factor be checked as Weaviate
    does; without it that check is the caller's.
    """
    initial = _decode_class(dict(current))
    updated = _decode_class(body)
    return render_definition(prepare_update(initial, updated, defaults, node_count, shard_replicas))


def default_property(
    name: str,
    data_type: list[str],
    defaults: SchemaDefaults,
    nested: list[dict[str, Any]] | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """A property with Weaviate's defaults filled, as auto-schema creates it
    (nested properties, when given, get their defaults too)."""
    del defaults  # no server setting changes property defaults yet (DEFAULT_TOKENIZATION: todo)
    prop: dict[str, Any] = {"dataType": list(data_type), "name": name}
    if description:
        prop["description"] = description
    if nested is not None:
        prop["nestedProperties"] = copy.deepcopy(nested)
    fill_property_defaults(prop)
    migrate_property(prop)
    return render(prop, "Property") or {}
