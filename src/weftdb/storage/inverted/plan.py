"""What a collection's inverted index holds: per property, which buckets exist.

Derived from the collection definition (Weaviate's ``HasFilterableIndex`` /
``HasSearchableIndex`` / ``HasRangeableIndex`` and the class-level
``invertedIndexConfig`` switches). Bucket layout of a shard:

- ``filterable_<prop>``: encoded value -> roaring bitmap of doc ids (per property
  with ``indexFilterable``; also for text with only ``indexSearchable``, which
  Weaviate serves filters from). Reference properties keep their reference
  count here (8-byte count -> bitmap).
- ``rangeable_<prop>``: encoded value + doc id (16 bytes) -> empty, for
  int / number / date (and arrays) with ``indexRangeFilters``
- ``geo_<prop>``: doc id -> latitude, longitude (geoCoordinates with ``indexFilterable``)
- ``nullstate``: ``<prop>\\0<1 byte null?>`` -> bitmap (``indexNullState``)
- ``proplength``: ``<prop>\\0<8-byte length>`` -> bitmap (``indexPropertyLength``)
- ``ts_created`` / ``ts_updated``: encoded Unix milliseconds -> bitmap (``indexTimestamps``)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from weftdb.entities.schema import CollectionDef, PropertyDef
from weftdb.entities.stopwords import STOPWORD_PRESET_EN, STOPWORD_PRESETS
from weftdb.storage.inverted.tokenizer import WORD, AsciiFold, TextAnalysis

NULLSTATE = "nullstate"
PROPLENGTH = "proplength"
TS_CREATED = "ts_created"
TS_UPDATED = "ts_updated"
CREATION_TIME = "_creationTimeUnix"
UPDATE_TIME = "_lastUpdateTimeUnix"

TEXT_TYPES = frozenset({"text", "string"})
NUMERIC_TYPES = frozenset({"int", "number", "date"})
#: base types whose values go into a filterable bucket
VALUE_TYPES = TEXT_TYPES | NUMERIC_TYPES | {"boolean", "uuid"}
#: no flat length / null-state entries (Weaviate skips them too)
UNINDEXED_TYPES = frozenset({"geoCoordinates", "phoneNumber", "blob", "blobHash", "object", "object[]"})
_NO_LENGTH_TYPES = frozenset({"int", "number", "boolean", "date", "object", "object[]"})
REFERENCE = "cref"


def filterable_bucket(prop: str) -> str:
    return f"filterable_{prop}"


def rangeable_bucket(prop: str) -> str:
    return f"rangeable_{prop}"


def geo_bucket(prop: str) -> str:
    return f"geo_{prop}"


def prefixed(prop: str, key: bytes) -> bytes:
    """Key of a shared bucket (null state, lengths): property name, NUL, key."""
    return prop.encode() + b"\x00" + key


@dataclass(frozen=True)
class PropPlan:
    name: str
    data_type: str
    #: element type: ``int`` for int and int[], ``cref`` for references
    base: str
    is_array: bool
    filterable: bool
    rangeable: bool
    any_index: bool
    text: TextAnalysis | None = None

    @property
    def is_geo(self) -> bool:
        return self.base == "geoCoordinates"

    @property
    def is_numeric(self) -> bool:
        return self.base in NUMERIC_TYPES

    @property
    def has_length(self) -> bool:
        """Gets a length entry when absent (Weaviate's ``isPropertyForLength``)."""
        return self.data_type not in _NO_LENGTH_TYPES

    @property
    def has_value_index(self) -> bool:
        return self.filterable or self.rangeable

    def buckets(self) -> list[str]:
        out = []
        if self.filterable and not self.is_geo:
            out.append(filterable_bucket(self.name))
        if self.filterable and self.is_geo:
            out.append(geo_bucket(self.name))
        if self.rangeable:
            out.append(rangeable_bucket(self.name))
        return out


@dataclass(frozen=True)
class IndexPlan:
    collection: str
    props: Mapping[str, PropPlan]
    null_state: bool = False
    property_length: bool = False
    timestamps: bool = False
    stopwords: frozenset[str] = field(default_factory=frozenset)

    def buckets(self) -> list[str]:
        out = [b for p in self.props.values() for b in p.buckets()]
        if self.null_state:
            out.append(NULLSTATE)
        if self.property_length:
            out.append(PROPLENGTH)
        if self.timestamps:
            out += [TS_CREATED, TS_UPDATED]
        return out


def build_plan(collection: CollectionDef) -> IndexPlan:
    inverted = collection.definition.get("invertedIndexConfig") or {}
    stopwords = class_stopwords(inverted.get("stopwords") or {})
    presets = inverted.get("stopwordPresets") or {}
    raw = {str(p.get("name")): p for p in collection.definition.get("properties") or () if isinstance(p, Mapping)}
    props = {p.name: _prop_plan(p, raw.get(p.name) or {}, stopwords, presets) for p in collection.properties}
    return IndexPlan(
        collection=collection.name,
        props=props,
        null_state=bool(inverted.get("indexNullState")),
        property_length=bool(inverted.get("indexPropertyLength")),
        timestamps=bool(inverted.get("indexTimestamps")),
        stopwords=stopwords,
    )


def class_stopwords(config: Mapping[str, Any]) -> frozenset[str]:
    """invertedIndexConfig.stopwords: the preset plus additions minus removals."""
    words = set(STOPWORD_PRESETS.get(config.get("preset") or STOPWORD_PRESET_EN, ()))
    words.update(config.get("additions") or ())
    words.difference_update(config.get("removals") or ())
    return frozenset(words)


def _prop_plan(
    prop: PropertyDef, raw: Mapping[str, Any], stopwords: frozenset[str], presets: Mapping[str, Any]
) -> PropPlan:
    data_type = REFERENCE if prop.is_reference else prop.primitive
    base = data_type if data_type == "object[]" else data_type.removesuffix("[]")
    text = base in TEXT_TYPES
    searchable = text and prop.index_searchable
    numeric = base in NUMERIC_TYPES
    filterable = prop.index_filterable or searchable
    return PropPlan(
        name=prop.name,
        data_type=data_type,
        base=base,
        is_array=data_type.endswith("[]"),
        filterable=filterable and (base in VALUE_TYPES or base in (REFERENCE, "geoCoordinates")),
        rangeable=numeric and prop.index_range_filters,
        any_index=filterable or (numeric and prop.index_range_filters),
        text=_text_analysis(prop, raw, stopwords, presets) if text else None,
    )


def _text_analysis(
    prop: PropertyDef, raw: Mapping[str, Any], stopwords: frozenset[str], presets: Mapping[str, Any]
) -> TextAnalysis:
    analyzer = raw.get("textAnalyzer") or {}
    fold = AsciiFold.from_ignore(analyzer.get("asciiFoldIgnore") or ()) if analyzer.get("asciiFold") else None
    preset = analyzer.get("stopwordPreset")
    if preset:
        stopwords = frozenset(presets[preset]) if preset in presets else frozenset(STOPWORD_PRESETS.get(preset, ()))
    tokenization = prop.tokenization or WORD
    return TextAnalysis(tokenization=tokenization, fold=fold, stopwords=stopwords)
