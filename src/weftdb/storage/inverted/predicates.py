"""One filter clause on a property -> the bitmap of matching doc ids.

Semantics are Weaviate's (``inverted/searcher.go``, ``row_reader_roaring_set.go``):

- A text value is tokenized like the property (stopwords dropped for word
  tokenization); every token must match: the clause is the AND of the clause on
  each token. So ``NotEqual "a b"`` matches objects with neither ``a`` nor ``b``.
- ``Equal`` reads one bitmap; ``NotEqual`` is the live doc ids minus it.
- Ranges on int, number and date use the sorted numeric column; on text, uuid
  and booleans they walk the keys of the filterable bucket.
- ``Like`` walks the term dictionary (keys) with the pattern; on non-text values
  a key is its own pattern, so it behaves as ``Equal``.
- On arrays a clause matches when any element matches.
- ``ContainsAny/All/None`` are the OR / AND / NOT-OR of ``Equal`` on each value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyroaring import BitMap

from weftdb.entities.filters import Filter, GeoRange, Operator
from weftdb.errors import InvalidInput
from weftdb.storage.inverted import keys, messages
from weftdb.storage.inverted.index import InvertedIndex
from weftdb.storage.inverted.like import parse_like, successor
from weftdb.storage.inverted.plan import REFERENCE, PropPlan, filterable_bucket
from weftdb.storage.inverted.values import text_value, value_key, value_list

RANGES = frozenset({Operator.GREATER_THAN, Operator.GREATER_THAN_EQUAL, Operator.LESS_THAN, Operator.LESS_THAN_EQUAL})
CONTAINS = frozenset({Operator.CONTAINS_ANY, Operator.CONTAINS_ALL, Operator.CONTAINS_NONE})
Universe = Callable[[], BitMap]


class PropertyPredicates:
    """Clauses on the values of one shard's properties."""

    def __init__(self, index: InvertedIndex, universe: Universe) -> None:
        self._index = index
        self._universe = universe

    def evaluate(self, prop: PropPlan, clause: Filter) -> BitMap:
        op = clause.operator
        if op in CONTAINS:
            return self._contains(prop, op, value_list(clause.value))
        if prop.is_geo:
            return self._geo(prop, clause)
        if op is Operator.WITHIN_GEO_RANGE:
            return BitMap()  # as Weaviate: no geo index, no match
        return self.value(prop, op, clause.value)

    def value(self, prop: PropPlan, op: Operator, value: Any) -> BitMap:
        if not prop.has_value_index or prop.base == REFERENCE:
            raise messages.missing_filterable(prop.name)
        if prop.text is None:
            return self.term(prop, op, value_key(prop.base, value))
        text = text_value(value)
        tokens = prop.text.like(text) if op is Operator.LIKE else prop.text.query(text)
        if not tokens:
            raise messages.only_stopwords()
        parts = [self.term(prop, op, t.encode()) for t in tokens]
        return parts[0] if len(parts) == 1 else BitMap.intersection(*parts)

    def term(self, prop: PropPlan, op: Operator, key: bytes) -> BitMap:
        """One operator against one encoded key of a property."""
        if op is Operator.NOT_EQUAL:
            return self._universe() - self.term(prop, Operator.EQUAL, key)
        if op is Operator.LIKE and prop.text is not None:
            return like(self._index, filterable_bucket(prop.name), key.decode())
        if op in RANGES and prop.is_numeric:
            return column_range(self._index, prop.name, op, key)
        if op in RANGES:
            return key_range(self._index, filterable_bucket(prop.name), op, key)
        if op in (Operator.EQUAL, Operator.LIKE):
            if not prop.filterable:  # rangeable only
                return column_range(self._index, prop.name, None, key)
            return self._index.bitmap(filterable_bucket(prop.name), key)
        raise InvalidInput(f"operator {op.value} is not supported on property '{prop.name}'")

    def _contains(self, prop: PropPlan, op: Operator, values: list[Any]) -> BitMap:
        parts: list[BitMap] = []
        for value in values:
            try:
                parts.append(self.evaluate(prop, Filter(Operator.EQUAL, (prop.name,), value)))
            except messages.OnlyStopwords:  # ContainsAny skips values that are only stopwords
                if op is not Operator.CONTAINS_ANY:
                    raise
        if not parts and op is Operator.CONTAINS_ANY and values:
            raise messages.only_stopwords()
        return combine_contains(op, parts, self._universe)

    def _geo(self, prop: PropPlan, clause: Filter) -> BitMap:
        value = clause.value
        if clause.operator is not Operator.WITHIN_GEO_RANGE or not isinstance(value, GeoRange):
            raise InvalidInput(f'prop "{prop.name}" is of type geoCoordinates, it can only be used with geoRange filters')
        if not prop.filterable:
            return BitMap()  # Weaviate builds no geo index then, and finds nothing
        return self._index.geo(prop.name).points().within(value.latitude, value.longitude, value.distance)


def column_range(index: InvertedIndex, column: str, op: Operator | None, key: bytes) -> BitMap:
    """A range (or, with ``op`` None, equality) on a numeric column."""
    value = keys.key_u64(key)
    data = index.column(column).data()
    if op is Operator.GREATER_THAN:
        return data.between(value, None, False, True)
    if op is Operator.GREATER_THAN_EQUAL:
        return data.between(value, None, True, True)
    if op is Operator.LESS_THAN:
        return data.between(None, value, True, False)
    if op is Operator.LESS_THAN_EQUAL:
        return data.between(None, value, True, True)
    return data.between(value, value, True, True)


def key_range(index: InvertedIndex, bucket: str, op: Operator, key: bytes, prefix: bytes = b"") -> BitMap:
    """Union of the bitmaps whose key compares to ``key`` as ``op`` says, among
    the keys that start with ``prefix`` (``key`` includes the prefix)."""
    low: bytes | None = prefix or None
    high = successor(prefix)
    if op is Operator.GREATER_THAN:
        low = key + b"\x00"
    elif op is Operator.GREATER_THAN_EQUAL:
        low = key
    elif op is Operator.LESS_THAN:
        high = key
    elif op is Operator.LESS_THAN_EQUAL:
        high = key + b"\x00"
    return index.union(bucket, low, high)


def like(index: InvertedIndex, bucket: str, pattern_text: str, decode: Callable[[bytes], str] | None = None) -> BitMap:
    """Union of the bitmaps whose key (decoded) matches the Like pattern."""
    pattern = parse_like(pattern_text)
    match = pattern.regex.fullmatch
    if decode is None:
        low, high = pattern.prefix_bounds()
        raws = [raw for key, raw in index.rows(bucket, low, high) if match(key.decode("utf-8", "replace"))]
    else:
        raws = [raw for key, raw in index.rows(bucket) if match(decode(key))]
    return BitMap.union(*(BitMap.deserialize(r) for r in raws)) if raws else BitMap()


def combine_contains(op: Operator, parts: list[BitMap], universe: Universe) -> BitMap:
    """ContainsAll: every part; ContainsAny: any; ContainsNone: none of them."""
    if op is Operator.CONTAINS_ALL:
        return BitMap.intersection(*parts) if len(parts) > 1 else (parts[0] if parts else BitMap())
    found = BitMap.union(*parts) if parts else BitMap()
    return universe() - found if op is Operator.CONTAINS_NONE else found
