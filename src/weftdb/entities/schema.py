"""Typed, read-only views of collection (class) definitions.

The canonical form of a collection is the JSON dict Weaviate returns from
``GET /v1/schema/{class}`` (kept in ``CollectionDef.definition``, with every
default filled by the schema use case). The dataclasses here expose what the
engine needs from it without re-parsing JSON on every request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: the name the legacy (unnamed) vector has in storage and in ``StoredObject.vectors``
LEGACY_VECTOR = ""

PRIMITIVE_TYPES = frozenset(
    {
        "text", "text[]", "string", "string[]", "int", "int[]", "number", "number[]",
        "boolean", "boolean[]", "date", "date[]", "uuid", "uuid[]", "geoCoordinates",
        "phoneNumber", "blob", "object", "object[]",
    }
)


#: the data types a searchable (BM25) index covers
SEARCHABLE_TEXT_TYPES = frozenset({"text", "text[]", "string", "string[]"})


def is_reference_type(data_type: list[str] | tuple[str, ...]) -> bool:
    """A cross-reference property names one or more classes (capitalised)."""
    return bool(data_type) and data_type[0] not in PRIMITIVE_TYPES


@dataclass(frozen=True)
class PropertyDef:
    name: str
    data_type: tuple[str, ...]
    tokenization: str | None = None
    index_filterable: bool = True
    index_searchable: bool = False
    index_range_filters: bool = False
    nested: tuple[PropertyDef, ...] = ()

    @property
    def is_reference(self) -> bool:
        return is_reference_type(self.data_type)

    @property
    def primitive(self) -> str:
        """The data type name for non-references ('text', 'int[]', ...)."""
        return self.data_type[0]

    @property
    def is_searchable_text(self) -> bool:
        """Has a searchable (BM25) index: a text or string property (or array of them)
        with ``indexSearchable``."""
        return bool(self.data_type) and not self.is_reference and self.index_searchable and \
            self.primitive in SEARCHABLE_TEXT_TYPES

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> PropertyDef:
        return cls(
            name=str(raw["name"]),
            data_type=tuple(raw.get("dataType") or ()),
            tokenization=raw.get("tokenization"),
            index_filterable=bool(raw.get("indexFilterable", True)),
            index_searchable=bool(raw.get("indexSearchable", False)),
            index_range_filters=bool(raw.get("indexRangeFilters", False)),
            nested=tuple(cls.from_dict(p) for p in raw.get("nestedProperties") or ()),
        )


@dataclass(frozen=True)
class VectorDef:
    """One vector space of a collection: the legacy vector or a named one."""

    name: str
    index_type: str
    index_config: Mapping[str, Any]
    vectorizer: str

    @property
    def distance(self) -> str:
        return str(self.index_config.get("distance", "cosine"))


@dataclass(frozen=True)
class CollectionDef:
    name: str
    definition: Mapping[str, Any]
    properties: tuple[PropertyDef, ...]
    vectors: Mapping[str, VectorDef]
    multi_tenancy: bool = False
    _by_name: Mapping[str, PropertyDef] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> CollectionDef:
        props = tuple(PropertyDef.from_dict(p) for p in raw.get("properties") or ())
        return cls(
            name=str(raw["class"]),
            definition=raw,
            properties=props,
            vectors=_vector_defs(raw),
            multi_tenancy=bool((raw.get("multiTenancyConfig") or {}).get("enabled", False)),
            _by_name={p.name: p for p in props},
        )

    def prop(self, name: str) -> PropertyDef | None:
        return self._by_name.get(name)

    @property
    def has_legacy_vector(self) -> bool:
        return LEGACY_VECTOR in self.vectors

    @property
    def named_vectors(self) -> list[str]:
        return [n for n in self.vectors if n != LEGACY_VECTOR]


def _vector_defs(raw: Mapping[str, Any]) -> dict[str, VectorDef]:
    out: dict[str, VectorDef] = {}
    if raw.get("vectorIndexType") or raw.get("vectorIndexConfig"):
        vectorizer = raw.get("vectorizer") or "none"
        out[LEGACY_VECTOR] = VectorDef(
            name=LEGACY_VECTOR,
            index_type=str(raw.get("vectorIndexType") or "hnsw"),
            index_config=raw.get("vectorIndexConfig") or {},
            vectorizer=str(vectorizer),
        )
    for name, cfg in (raw.get("vectorConfig") or {}).items():
        vectorizer = next(iter((cfg.get("vectorizer") or {"none": {}}).keys()), "none")
        out[name] = VectorDef(
            name=name,
            index_type=str(cfg.get("vectorIndexType") or "hnsw"),
            index_config=cfg.get("vectorIndexConfig") or {},
            vectorizer=str(vectorizer),
        )
    return out


@dataclass(frozen=True)
class ClassRecord:
    """What the schema store keeps per collection: its definition and shard names."""

    definition: Mapping[str, Any]
    shards: tuple[str, ...]
