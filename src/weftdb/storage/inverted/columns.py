"""In-memory sorted columns for range filters and sorting on numeric values.

A column is every (value, doc id) pair of one numeric property (int, number,
date, their arrays, the timestamps), sorted by value then doc id, as two numpy
arrays. The value is the 8-byte sortable key read as ``uint64``, so one column
type serves ints, floats and dates. A range filter is two binary searches and a
slice; a sort is a walk of the order.

Columns are built lazily from the store (the rangeable bucket when there is one,
else the filterable bucket) and then follow every committed write. Building and
applying a write both hold the column's lock, so a write that committed before
the build is in the store the build reads, and one that commits after waits and
is applied to the built column. Applying is idempotent (a doc id's pairs are
replaced), so a write both read by the build and applied after is counted once.
Readers take the current arrays without locking (they are never mutated).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from weftdb.storage.inverted import keys

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
Loader = Callable[[], tuple[U64, U32]]


@dataclass(frozen=True)
class ColumnData:
    values: U64
    doc_ids: U32

    def __len__(self) -> int:
        return len(self.values)

    def between(self, low: int | None, high: int | None, low_inclusive: bool, high_inclusive: bool) -> BitMap:
        """Doc ids with a value in the range (None: unbounded), as a bitmap."""
        start = 0 if low is None else int(np.searchsorted(self.values, np.uint64(low), "left" if low_inclusive else "right"))
        end = len(self.values)
        if high is not None:
            end = int(np.searchsorted(self.values, np.uint64(high), "right" if high_inclusive else "left"))
        if end <= start:
            return BitMap()
        return keys.bitmap_of(self.doc_ids[start:end])


class SortedColumn:
    def __init__(self, loader: Loader) -> None:
        self._loader = loader
        self._lock = threading.Lock()
        self._data: ColumnData | None = None

    def data(self) -> ColumnData:
        current = self._data
        if current is not None:
            return current
        with self._lock:
            if self._data is None:
                values, doc_ids = self._loader()
                self._data = ColumnData(values, doc_ids)
            return self._data

    def apply(self, removed: Iterable[int], added: Callable[[], Iterable[tuple[int, int]]]) -> None:
        """Remove every pair of the ``removed`` doc ids, insert the ``added()``
        (value, doc id) pairs. Does nothing until the column is built (checked
        under the lock: see the module docstring)."""
        with self._lock:
            current = self._data
            if current is None:
                return
            self._data = _apply(current, list(removed), list(added()))

def _apply(data: ColumnData, removed: list[int], added: list[tuple[int, int]]) -> ColumnData:
    values, doc_ids = data.values, data.doc_ids
    gone = np.asarray(removed + [d for _, d in added], dtype=np.uint32)
    if len(gone) and len(doc_ids):
        keep = ~np.isin(doc_ids, gone)
        values, doc_ids = values[keep], doc_ids[keep]
    if not added:
        return ColumnData(values, doc_ids)
    new_values = np.fromiter((v for v, _ in added), dtype=np.uint64, count=len(added))
    new_ids = np.fromiter((d for _, d in added), dtype=np.uint32, count=len(added))
    order = np.lexsort((new_ids, new_values))
    new_values, new_ids = new_values[order], new_ids[order]
    if len(values) == 0 or new_ids.min() > doc_ids.max():
        # new doc ids are the largest: among equal values they go last
        pos = np.searchsorted(values, new_values, "right")
        return ColumnData(np.insert(values, pos, new_values), np.insert(doc_ids, pos, new_ids))
    merged_values = np.concatenate([values, new_values])
    merged_ids = np.concatenate([doc_ids, new_ids])
    order = np.lexsort((merged_ids, merged_values))
    return ColumnData(merged_values[order], merged_ids[order])


def from_pairs(pairs: Iterable[tuple[bytes, bytes]]) -> tuple[U64, U32]:
    """A column from a rangeable bucket's keys (value 8 bytes + doc id 8 bytes)."""
    raw = b"".join(k[:16] for k, _ in pairs)
    both = np.frombuffer(raw, dtype=">u8").reshape(-1, 2)
    return both[:, 0].astype(np.uint64), both[:, 1].astype(np.uint32)


def from_bitmaps(rows: Iterable[tuple[bytes, bytes]]) -> tuple[U64, U32]:
    """A column from a filterable bucket (value key -> bitmap)."""
    values: list[int] = []
    ids: list[int] = []
    for key, raw in rows:
        bitmap = keys.load_bitmap(raw)
        value = keys.key_u64(key)
        if len(bitmap) == 1:
            values.append(value)
            ids.append(bitmap.min())
        else:
            values.extend([value] * len(bitmap))
            ids.extend(bitmap.to_array())
    return np.array(values, dtype=np.uint64), np.array(ids, dtype=np.uint32)
