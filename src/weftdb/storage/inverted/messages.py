"""Weaviate's messages for filters the index cannot serve
(adapters/repos/db/inverted/{searcher,prop_value_pairs}.go, entities/inverted/errors.go)."""

from __future__ import annotations

from weftdb.errors import InvalidInput


def missing_filterable(prop: str) -> InvalidInput:
    return InvalidInput(
        f"Filtering by property '{prop}' requires inverted index. Is `indexFilterable` option of "
        f"property '{prop}' enabled? Set it to `true` or leave empty"
    )


def missing_ref_count(prop: str) -> InvalidInput:
    return InvalidInput(
        f"Searching by property '{prop}' count requires inverted index. Is `indexFilterable` option of "
        f"property '{prop}' enabled? Set it to `true` or leave empty"
    )


def missing_bucket(name: str) -> InvalidInput:
    return InvalidInput(f"bucket for prop {name} not found - is it indexed?")


def null_state_off() -> InvalidInput:
    return InvalidInput(
        "Nullstate must be indexed to be filterable! Add `indexNullState: true` to the invertedIndexConfig"
    )


def property_length_off(collection: str) -> InvalidInput:
    return InvalidInput(
        "Property length must be indexed to be filterable! add `IndexPropertyLength: true` to the "
        f"invertedIndexConfig in {collection}.  Geo-coordinates, phone numbers and data blobs are not "
        "supported by property length."
    )


def timestamps_off(collection: str) -> InvalidInput:
    return InvalidInput(
        "Timestamps must be indexed to be filterable! Add `IndexTimestamps: true` to the "
        f"InvertedIndexConfig in {collection}"
    )


class OnlyStopwords(InvalidInput):
    """A text filter value that is nothing but stopwords (ContainsAny skips such values)."""


def only_stopwords() -> OnlyStopwords:
    return OnlyStopwords(
        "invalid search term, only stopwords provided. Stopwords can be configured in "
        "class.invertedIndexConfig.stopwords"
    )


def nested_disabled() -> InvalidInput:
    return InvalidInput(
        "filtering on nested properties is a preview feature, disabled by default; "
        "set WEAVIATE_PREVIEW_NESTED_FILTERING=true to enable"
    )


def no_such_property(prop: str, collection: str) -> InvalidInput:
    return InvalidInput(
        f"no such prop with name '{prop}' found in class '{collection}' in the schema. "
        "Check your schema files for which properties in this class are available"
    )


def go_type(value: object) -> str:
    """The Go type name Weaviate prints for a decoded filter value."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        inner = {go_type(v) for v in value}
        return f"[]{inner.pop() if len(inner) == 1 else 'interface {}'}"
    return type(value).__name__
