"""Clauses on what Weaviate indexes beside property values: null state,
property length, reference count, creation / update time and the object id.

- ``IsNull true`` reads the "null" bitmap, ``IsNull false`` the "not null" one
  (see ``analyzer.py`` for what counts as null); needs ``indexNullState``.
- ``len(prop)`` compares the indexed length; needs ``indexPropertyLength``.
- A reference property filtered with an int compares its number of targets.
- ``_creationTimeUnix`` / ``_lastUpdateTimeUnix`` take Unix milliseconds as text
  or a date; need ``indexTimestamps``.
- ``_id`` (or ``id``) compares the id as its canonical string; Equal and
  Contains* go through the objects bucket, ranges and Like walk the doc id
  bucket's ids.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Iterable
from typing import Any

from pyroaring import BitMap

from weftdb.entities.filters import Filter, Operator, ValueType
from weftdb.errors import InvalidInput
from weftdb.storage.db.shard import DOCIDS
from weftdb.storage.inverted import keys, messages
from weftdb.storage.inverted.index import InvertedIndex
from weftdb.storage.inverted.like import parse_like
from weftdb.storage.inverted.plan import (
    CREATION_TIME,
    NULLSTATE,
    PROPLENGTH,
    TS_CREATED,
    TS_UPDATED,
    PropPlan,
    filterable_bucket,
    prefixed,
)
from weftdb.storage.inverted.predicates import CONTAINS, RANGES, column_range, combine_contains, key_range, like
from weftdb.storage.inverted.values import timestamp_millis, value_list

Universe = Callable[[], BitMap]
DOCIDS_BUCKET = DOCIDS  # the shard's doc id -> uuid bucket


def is_null(index: InvertedIndex, prop: PropPlan, clause: Filter) -> BitMap:
    if not index.plan.null_state:
        raise messages.null_state_off()
    if not prop.any_index:
        raise messages.missing_bucket(f"{prop.name}_nullState")
    if not isinstance(clause.value, bool):
        raise InvalidInput(f"expected value to be bool, got {messages.go_type(clause.value)}")
    return index.bitmap(NULLSTATE, prefixed(prop.name, keys.encode_bool(clause.value)))


def length(index: InvertedIndex, prop: PropPlan, clause: Filter, universe: Universe) -> BitMap:
    if not index.plan.property_length:
        raise messages.property_length_off(index.plan.collection)
    if not prop.any_index:
        raise messages.missing_bucket(f"{prop.name}_propertyLength")
    return _counted(index, PROPLENGTH, prop.name.encode() + b"\x00", clause, universe)


def ref_count(index: InvertedIndex, prop: PropPlan, clause: Filter, universe: Universe) -> BitMap:
    if not prop.filterable:
        raise messages.missing_ref_count(prop.name)
    return _counted(index, filterable_bucket(prop.name), b"", clause, universe)


def _counted(index: InvertedIndex, bucket: str, prefix: bytes, clause: Filter, universe: Universe) -> BitMap:
    """A comparison on an unsigned count stored as ``prefix + 8 bytes`` keys."""
    op = clause.operator
    if op in CONTAINS:
        parts = [_counted(index, bucket, prefix, Filter(Operator.EQUAL, clause.path, v), universe)
                 for v in value_list(clause.value)]
        return combine_contains(op, parts, universe)
    value = clause.value
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"expected value to be int, got {messages.go_type(value)}")
    key = prefix + keys.encode_count(value)
    if value < 0:  # below every count
        key = prefix
        op = {Operator.GREATER_THAN: Operator.GREATER_THAN_EQUAL, Operator.LESS_THAN_EQUAL: Operator.LESS_THAN}.get(op, op)
        if op in (Operator.EQUAL, Operator.LIKE):
            return BitMap()
    if op in (Operator.EQUAL, Operator.LIKE):
        return index.bitmap(bucket, key)
    if op is Operator.NOT_EQUAL:
        return universe() - (index.bitmap(bucket, key) if value >= 0 else BitMap())
    if op in RANGES:
        return key_range(index, bucket, op, key, prefix)
    raise InvalidInput(f"operator {op.value} is not supported on counts")


def timestamp(index: InvertedIndex, name: str, clause: Filter, universe: Universe) -> BitMap:
    plan = index.plan
    if not plan.timestamps:
        raise messages.timestamps_off(plan.collection)
    op = clause.operator
    bucket = TS_CREATED if name == CREATION_TIME else TS_UPDATED
    if op in CONTAINS:
        parts = [timestamp(index, name, Filter(Operator.EQUAL, clause.path, v, clause.value_type), universe)
                 for v in value_list(clause.value)]
        return combine_contains(op, parts, universe)
    is_date = clause.value_type in (ValueType.DATE, ValueType.DATE_ARRAY)
    if op is Operator.LIKE and not is_date:
        return like(index, bucket, str(clause.value), decode=lambda k: str(keys.decode_int(k)))
    key = keys.encode_int(timestamp_millis(clause.value, is_date))
    if op in (Operator.EQUAL, Operator.LIKE):
        return index.bitmap(bucket, key)
    if op is Operator.NOT_EQUAL:
        return universe() - index.bitmap(bucket, key)
    if op in RANGES:
        return column_range(index, name, op, key)
    raise InvalidInput(f"operator {op.value} is not supported on {name}")


# -- the object id ---------------------------------------------------------------------
class IdPredicates:
    """``_id`` clauses; ``lookup`` resolves ids to doc ids through the objects bucket."""

    def __init__(self, lookup: Callable[[Iterable[uuidlib.UUID]], list[int]], universe: Universe,
                 index: InvertedIndex | None) -> None:
        self._lookup = lookup
        self._universe = universe
        self._index = index

    def evaluate(self, clause: Filter) -> BitMap:
        op = clause.operator
        values = list(clause.value) if isinstance(clause.value, (list, tuple)) else [clause.value]
        if op in (Operator.EQUAL, Operator.CONTAINS_ANY):
            return BitMap(self._lookup(_parse_ids(values)))
        if op in (Operator.NOT_EQUAL, Operator.CONTAINS_NONE):
            return self._universe() - BitMap(self._lookup(_parse_ids(values)))
        if op is Operator.CONTAINS_ALL:
            distinct = {str(v) for v in values}
            return BitMap(self._lookup(_parse_ids(values))) if len(distinct) <= 1 else BitMap()
        if op in RANGES or op is Operator.LIKE:
            return self._scan(op, str(clause.value))
        raise InvalidInput(f"operator {op.value} is not supported on the object id")

    def _scan(self, op: Operator, value: str) -> BitMap:
        """Ranges and Like compare the canonical id strings (a walk of every id)."""
        if self._index is None:
            raise InvalidInput(f"operator {op.value} on the object id needs the inverted index")
        test = _id_test(op, value)
        found = BitMap()
        for key, raw in self._index.store.scan(DOCIDS_BUCKET):
            if test(str(uuidlib.UUID(bytes=bytes(raw)))):
                found.add(keys.key_u64(key))
        return found


def _id_test(op: Operator, value: str) -> Callable[[str], bool]:
    if op is Operator.LIKE:
        return parse_like(value).matches
    compare: dict[Operator, Callable[[str], bool]] = {
        Operator.GREATER_THAN: lambda s: s > value,
        Operator.GREATER_THAN_EQUAL: lambda s: s >= value,
        Operator.LESS_THAN: lambda s: s < value,
        Operator.LESS_THAN_EQUAL: lambda s: s <= value,
    }
    return compare[op]


def _parse_ids(values: list[Any]) -> list[uuidlib.UUID]:
    out = []
    for value in values:
        try:
            out.append(uuidlib.UUID(str(value)))
        except ValueError:
            continue  # a malformed id matches nothing
    return out
