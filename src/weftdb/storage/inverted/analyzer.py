"""Objects -> the inverted-index entries they own (Weaviate's ``inverted.Analyzer``
plus the null-state / length rules of ``shard_write_inverted.go``).

Rules, per property with any inverted index:
- values: every element of an array is indexed; text is indexed as its tokens
  (all of them: stopwords only matter for filter values); dates as Unix
  nanoseconds; references as their count (0 when absent).
- null state: absent -> null; present -> null when its length is 0 (empty text,
  empty array); numbers, booleans, dates and uuids are never null when present.
  Absent properties are only recorded with ``indexNullState`` (as Weaviate).
- length: text in characters, arrays in elements, references in targets;
  absent properties of the "lengthy" types get length 0 (with ``indexNullState``).
- geoCoordinates, phoneNumber, blob and object properties get no value, null or
  length entries; geoCoordinates go to the geo bucket.

A whole batch is analyzed property by property (one tight loop per property),
and the entries come out grouped per bucket and key, ready for one read and one
write of each touched bitmap.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from weftdb.entities.objects import StoredObject
from weftdb.storage.inverted import keys
from weftdb.storage.inverted.plan import (
    NULLSTATE,
    PROPLENGTH,
    REFERENCE,
    TS_CREATED,
    TS_UPDATED,
    UNINDEXED_TYPES,
    IndexPlan,
    PropPlan,
    filterable_bucket,
    geo_bucket,
    prefixed,
    rangeable_bucket,
)

Postings = dict[bytes, list[int]]
Encoder = Callable[[Any], "bytes | None"]
_MISSING = object()


@dataclass(slots=True)
class Entries:
    """The entries of a batch of objects. ``bitmaps``: bucket -> key -> doc ids
    whose bitmap holds them; ``ranges``: (rangeable bucket, value key + doc id);
    ``geo``: (bucket, doc id, latitude, longitude)."""

    bitmaps: dict[str, Postings] = field(default_factory=dict)
    ranges: list[tuple[str, bytes]] = field(default_factory=list)
    geo: list[tuple[str, int, float, float]] = field(default_factory=list)

    def postings(self, bucket: str) -> Postings:
        found = self.bitmaps.get(bucket)
        if found is None:
            found = self.bitmaps[bucket] = {}
        return found


def analyze(plan: IndexPlan, objects: Sequence[StoredObject]) -> Entries:
    out = Entries()
    if not objects:
        return out
    for prop in plan.props.values():
        if not prop.any_index:
            continue
        if prop.is_geo:
            _geo(prop, objects, out)
        elif prop.data_type in UNINDEXED_TYPES:
            continue
        elif prop.base == REFERENCE:
            _references(plan, prop, objects, out)
        else:
            _values(plan, prop, objects, out)
    if plan.timestamps:
        created, updated = out.postings(TS_CREATED), out.postings(TS_UPDATED)
        for obj in objects:
            created.setdefault(keys.encode_int(obj.creation_time_ms), []).append(obj.doc_id)
            updated.setdefault(keys.encode_int(obj.update_time_ms), []).append(obj.doc_id)
    return out


class _Meta:
    """Null-state and length postings of one property (keys built once per batch)."""

    def __init__(self, plan: IndexPlan, prop: PropPlan, out: Entries) -> None:
        self.nulls = out.postings(NULLSTATE) if plan.null_state else None
        self.lengths = out.postings(PROPLENGTH) if plan.property_length else None
        self.null_key = prefixed(prop.name, keys.TRUE)
        self.present_key = prefixed(prop.name, keys.FALSE)
        self.name = prop.name
        self.absent_length = plan.property_length and plan.null_state and prop.has_length
        self._length_keys: dict[int, bytes] = {}

    def present(self, doc_id: int, length: int) -> None:
        if self.lengths is not None and length >= 0:
            self.lengths.setdefault(self._length_key(length), []).append(doc_id)
        if self.nulls is not None:
            self.nulls.setdefault(self.null_key if length == 0 else self.present_key, []).append(doc_id)

    def absent(self, doc_id: int) -> None:
        if self.nulls is None:
            return
        if self.absent_length and self.lengths is not None:
            self.lengths.setdefault(self._length_key(0), []).append(doc_id)
        self.nulls.setdefault(self.null_key, []).append(doc_id)

    def _length_key(self, length: int) -> bytes:
        key = self._length_keys.get(length)
        if key is None:
            key = self._length_keys[length] = prefixed(self.name, keys.encode_count(length))
        return key


def _values(plan: IndexPlan, prop: PropPlan, objects: Sequence[StoredObject], out: Entries) -> None:
    meta = _Meta(plan, prop, out)
    values = out.postings(filterable_bucket(prop.name)) if prop.filterable else None
    ranged = rangeable_bucket(prop.name) if prop.rangeable else None
    encode = _ENCODERS.get(prop.base)
    text = prop.text
    name = prop.name
    for obj in objects:
        value = obj.properties.get(name, _MISSING)
        doc_id = obj.doc_id
        if value is _MISSING or value is None:
            meta.absent(doc_id)
            continue
        if text is not None:
            encoded = _tokens(text.indexed, value)
        elif encode is not None:
            encoded = _encoded(encode, value)
        else:
            encoded = []
        if values is not None:
            for key in encoded:
                values.setdefault(key, []).append(doc_id)
        if ranged is not None:
            suffix = keys.encode_count(doc_id)
            out.ranges.extend((ranged, key + suffix) for key in encoded)
        meta.present(doc_id, _length(value, text is not None))


def _tokens(indexed: Callable[[Sequence[str]], set[str]], value: Any) -> list[bytes]:
    texts = value if isinstance(value, list) else [value]
    return [t.encode() for t in indexed([v for v in texts if isinstance(v, str)])]


def _encoded(encode: Encoder, value: Any) -> list[bytes]:
    if not isinstance(value, list):
        key = encode(value)
        return [] if key is None else [key]
    found = {encode(v) for v in value}
    found.discard(None)
    return list(found)  # type: ignore[arg-type]


def _length(value: Any, is_text: bool) -> int:
    if isinstance(value, list) or (is_text and isinstance(value, str)):
        return len(value)
    return -1


def _references(plan: IndexPlan, prop: PropPlan, objects: Sequence[StoredObject], out: Entries) -> None:
    meta = _Meta(plan, prop, out)
    counts = out.postings(filterable_bucket(prop.name)) if prop.filterable else None
    for obj in objects:
        value = obj.properties.get(prop.name, _MISSING)
        refs = value if isinstance(value, list) else []
        if counts is not None:
            counts.setdefault(keys.encode_count(len(refs)), []).append(obj.doc_id)
        if refs:
            meta.present(obj.doc_id, len(refs))
        elif value is _MISSING or value is None:
            meta.absent(obj.doc_id)


def _geo(prop: PropPlan, objects: Sequence[StoredObject], out: Entries) -> None:
    if not prop.filterable:
        return
    bucket = geo_bucket(prop.name)
    for obj in objects:
        value = obj.properties.get(prop.name)
        if not isinstance(value, dict):
            continue
        try:
            out.geo.append((bucket, obj.doc_id, float(value["latitude"]), float(value["longitude"])))
        except (KeyError, TypeError, ValueError):
            continue


def _int(value: Any) -> bytes | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return keys.encode_int(int(value))


def _number(value: Any) -> bytes | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return keys.encode_float(float(value))


def _boolean(value: Any) -> bytes | None:
    return keys.encode_bool(value) if isinstance(value, bool) else None


def _date(value: Any) -> bytes | None:
    nanos = keys.rfc3339_nanos(value) if isinstance(value, str) else None
    return None if nanos is None else keys.encode_int(nanos)


def _uuid(value: Any) -> bytes | None:
    try:
        return uuidlib.UUID(value).bytes if isinstance(value, str) else None
    except ValueError:
        return None


_ENCODERS: dict[str, Encoder] = {"int": _int, "number": _number, "boolean": _boolean, "date": _date, "uuid": _uuid}
