"""Sorting fetched objects, with Weaviate's ordering (``adapters/repos/db/sorter``).

Ordering rules, per sort key:
- a missing or null value (and an empty array) is the smallest: first
  ascending, last descending;
- text and blobs compare case-insensitively (lower-cased); numbers and ints as
  numbers; dates as instants; booleans false < true; arrays element by element,
  then the shorter first; phone numbers as (country code, national number);
  geo coordinates as (longitude, latitude); objects all tie;
- ``_id`` compares the id string, ``_creationTimeUnix`` / ``_lastUpdateTimeUnix``
  the milliseconds;
- ties fall to the next key, and finally to doc id order (insertion order).

Single-key sorts on a scalar int / number / date / timestamp walk the sorted
numeric column, on a boolean its two bitmaps, on ``_id`` the ids alone; other
sorts read the sort values of the candidates in chunks and keep only keys.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from pyroaring import BitMap

from weftdb.entities.filters import CREATION_TIME_PATH, ID_PATH, UPDATE_TIME_PATH
from weftdb.entities.objects import StoredObject
from weftdb.entities.search import SortSpec
from weftdb.storage.bitmaps import doc_id_array
from weftdb.storage.inverted import keys
from weftdb.storage.inverted.index import InvertedIndex
from weftdb.storage.inverted.meta import DOCIDS_BUCKET
from weftdb.storage.inverted.plan import IndexPlan, filterable_bucket

LoadObjects = Callable[[Sequence[int], bool], list[StoredObject]]
Key = tuple[Any, ...]
_NULL: Key = (0,)
_CHUNK = 4096


def value_key(plan: IndexPlan | None, name: str) -> Callable[[StoredObject], Key]:
    """The comparable key of one sort path for an object: ``(0,)`` for null."""
    if name in (ID_PATH, "id"):
        return lambda o: (1, str(o.id))
    if name == CREATION_TIME_PATH:
        return lambda o: (1, o.creation_time_ms)
    if name == UPDATE_TIME_PATH:
        return lambda o: (1, o.update_time_ms)
    prop = plan.props.get(name) if plan is not None else None
    convert = _converter(prop.data_type if prop is not None else "")

    def key(obj: StoredObject) -> Key:
        value = obj.properties.get(name)
        if value is None or value == []:
            return _NULL
        try:
            return (1, convert(value))
        except (TypeError, ValueError, KeyError):
            return _NULL

    return key


def _converter(data_type: str) -> Callable[[Any], Any]:
    base = data_type.removesuffix("[]")
    scalar: Callable[[Any], Any] = _SCALARS.get(base, _tie)
    if data_type.endswith("[]") and base in _SCALARS:
        return functools.partial(_each, scalar)
    return scalar


def _each(scalar: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    return [scalar(v) for v in values]


def _tie(value: Any) -> int:
    """Values of types without an order (objects): all equal."""
    return 0


def _date(value: str) -> int:
    nanos = keys.rfc3339_nanos(value)
    if nanos is None:
        raise ValueError(value)
    return nanos


_SCALARS: dict[str, Callable[[Any], Any]] = {
    "text": lambda v: str(v).lower(),
    "string": lambda v: str(v).lower(),
    "blob": lambda v: str(v).lower(),
    "int": float,
    "number": float,
    "boolean": lambda v: int(bool(v)),
    "date": _date,
    "phoneNumber": lambda v: [float(v.get("countryCode", 0)), float(v.get("national", 0))],
    "geoCoordinates": lambda v: [float(v["longitude"]), float(v["latitude"])],
}


def sort_objects(objects: list[StoredObject], specs: Sequence[SortSpec], plan: IndexPlan | None) -> list[StoredObject]:
    """Objects in sort order (stable: equal keys keep their given order)."""
    out = list(objects)
    for spec in reversed(specs):
        key = value_key(plan, spec.path[0])
        out.sort(key=key, reverse=not spec.ascending)
    return out


class ShardSorter:
    """The first ``top`` candidates of one shard in sort order."""

    def __init__(self, index: InvertedIndex | None, load: LoadObjects, *, fast: bool = True) -> None:
        self._index = index
        self._load = load
        self._use_fast = fast

    def top(self, candidates: BitMap, specs: Sequence[SortSpec], top: int, with_vectors: bool) -> list[StoredObject]:
        if top <= 0 or not candidates:
            return []
        doc_ids = self._fast(candidates, specs, top)
        if doc_ids is None:
            doc_ids = self._by_values(candidates, specs, top)
        found = {o.doc_id: o for o in self._load(doc_ids, with_vectors)}
        return [found[d] for d in doc_ids if d in found]

    def _fast(self, candidates: BitMap, specs: Sequence[SortSpec], top: int) -> list[int] | None:
        if len(specs) != 1 or self._index is None or not self._use_fast:
            return None
        spec = specs[0]
        name = spec.path[0]
        plan = self._index.plan
        if name in (CREATION_TIME_PATH, UPDATE_TIME_PATH) and plan.timestamps:
            return _column_order(self._index, name, candidates, spec.ascending, top)
        if name in (ID_PATH, "id"):
            return _id_order(self._index, candidates, spec.ascending, top)
        prop = plan.props.get(name)
        if prop is None or prop.is_array:
            return None
        if prop.is_numeric and prop.has_value_index:
            return _column_order(self._index, name, candidates, spec.ascending, top)
        if prop.base == "boolean" and prop.filterable:
            return _boolean_order(self._index, name, candidates, spec.ascending, top)
        return None

    def _by_values(self, candidates: BitMap, specs: Sequence[SortSpec], top: int) -> list[int]:
        plan = self._index.plan if self._index is not None else None
        key_fns = [value_key(plan, s.path[0]) for s in specs]
        rows: list[tuple[int, list[Key]]] = []
        ids = list(candidates)
        for start in range(0, len(ids), _CHUNK):
            for obj in self._load(ids[start : start + _CHUNK], False):
                rows.append((obj.doc_id, [fn(obj) for fn in key_fns]))
        rows.sort(key=lambda r: r[0])
        for i in reversed(range(len(specs))):
            rows.sort(key=functools.partial(_nth_key, i), reverse=not specs[i].ascending)
        return [doc_id for doc_id, _ in rows[:top]]


def _nth_key(i: int, row: tuple[int, list[Key]]) -> Key:
    return row[1][i]


def _column_order(index: InvertedIndex, name: str, candidates: BitMap, ascending: bool, top: int) -> list[int]:
    """Walk the sorted column: nulls (no value) first ascending, last descending;
    equal values in doc id order either way."""
    data = index.column(name).data()
    mask = np.isin(data.doc_ids, doc_id_array(candidates))
    values, ids = data.values[mask], data.doc_ids[mask]
    nulls = list(candidates - keys.bitmap_of(ids)) if len(ids) < len(candidates) else []
    if ascending:
        head = nulls[:top]
        return head + [int(d) for d in ids[: top - len(head)]]
    if len(values) > top:  # only the values reaching into the top can be in it
        start = int(np.searchsorted(values, values[-top], "left"))
        values, ids = values[start:], ids[start:]
    order = np.lexsort((ids, ~values))[:top]
    found = [int(d) for d in ids[order]]
    return found + nulls[: top - len(found)]


def _id_order(index: InvertedIndex, candidates: BitMap, ascending: bool, top: int) -> list[int]:
    """By id: the canonical id strings order as the ids' 16 bytes (no object is read)."""
    doc_ids = list(candidates)
    raws = index.store.multi_get(DOCIDS_BUCKET, [keys.encode_count(d) for d in doc_ids])
    pairs = sorted(((bytes(raw), d) for raw, d in zip(raws, doc_ids) if raw is not None), reverse=not ascending)
    return [d for _, d in pairs[:top]]


def _boolean_order(index: InvertedIndex, name: str, candidates: BitMap, ascending: bool, top: int) -> list[int]:
    bucket = filterable_bucket(name)
    false, true = (b & candidates for b in index.bitmaps(bucket, [keys.FALSE, keys.TRUE]))
    nulls = candidates - false - true
    groups = [nulls, false, true] if ascending else [true, false, nulls]
    out: list[int] = []
    for group in groups:
        out.extend(group[: top - len(out)] if len(out) < top else [])
    return out
