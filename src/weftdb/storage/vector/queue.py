"""Vectors written but not yet in the index, searchable exactly meanwhile.

An in-memory mirror of the durable queue (the vector bucket above the index's
last doc id), kept as a list of chunks so pushes and pops never copy the whole
queue. Doc ids arrive in increasing order; the front is drained into the index;
deletes remove entries anywhere.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from weftdb.storage.bitmaps import doc_id_array
from weftdb.storage.vector import distances
from weftdb.storage.vector.base import EMPTY, Keys, Matrix, Result
from weftdb.storage.vector.slots import IntArray


@dataclass(frozen=True)
class _Chunk:
    ids: IntArray
    raw: Matrix
    prepared: Matrix
    keys: Keys

    def keep(self, mask: npt.NDArray[np.bool_]) -> _Chunk:
        return _Chunk(self.ids[mask], self.raw[mask], self.prepared[mask], self.keys[mask])


class VectorQueue:
    def __init__(self, metric: str) -> None:
        self.metric = distances.check_metric(metric)
        self._lock = threading.Lock()
        self._chunks: list[_Chunk] = []
        self._size = 0

    def __len__(self) -> int:
        return self._size

    @property
    def dims(self) -> int:
        """Dimensions of the queued vectors (0 when empty)."""
        chunks = self._chunks
        return int(chunks[0].raw.shape[1]) if chunks else 0

    def push(self, ids: IntArray, vectors: Matrix, keys: Keys) -> None:
        chunk = _Chunk(ids.copy(), np.ascontiguousarray(vectors, dtype=np.float32),
                       distances.prepare(self.metric, vectors), keys.copy())
        with self._lock:
            self._chunks = [*self._chunks, chunk]
            self._size += len(ids)

    def peek(self, count: int) -> tuple[IntArray, Matrix, Keys]:
        """The oldest entries (up to ``count``, from the first chunk), left queued."""
        with self._lock:
            if not self._chunks:
                return (np.empty(0, dtype=np.int64), np.empty((0, 0), dtype=np.float32),
                        np.empty((0, 16), dtype=np.uint8))
            first = self._chunks[0]
            return first.ids[:count], first.raw[:count], first.keys[:count]

    def keys_of(self, doc_ids: IntArray) -> dict[int, bytes]:
        out: dict[int, bytes] = {}
        for chunk in self._chunks:
            hit = np.isin(chunk.ids, doc_ids)
            if hit.any():
                out.update((int(d), k.tobytes()) for d, k in zip(chunk.ids[hit], chunk.keys[hit]))
        return out

    def pop(self, ids: IntArray) -> npt.NDArray[np.bool_]:
        """Remove ``ids``; for each, whether it was still queued."""
        with self._lock:
            present = np.zeros(len(ids), dtype=bool)
            for chunk in self._chunks:
                present |= np.isin(ids, chunk.ids)
            self._filter(ids)
        return present

    def remove(self, ids: IntArray) -> None:
        with self._lock:
            self._filter(ids)

    def _filter(self, ids: IntArray) -> None:
        chunks = []
        for chunk in self._chunks:
            mask = ~np.isin(chunk.ids, ids)
            if mask.all():
                chunks.append(chunk)
            elif mask.any():
                chunks.append(chunk.keep(mask))
        self._chunks = chunks
        self._size = sum(len(c.ids) for c in chunks)

    def search(self, query: Matrix, k: int, allow: BitMap | None) -> Result:
        chunks = self._chunks  # copy-on-write list: a consistent view without the lock
        if not chunks or k <= 0:
            return EMPTY
        q = distances.prepare(self.metric, query.reshape(1, -1))[0]
        allowed = None if allow is None else doc_id_array(allow)
        found_ids, found_dist = [], []
        for chunk in chunks:
            ids, prepared = chunk.ids, chunk.prepared
            if allowed is not None:
                keep = np.isin(ids, allowed)
                ids, prepared = ids[keep], prepared[keep]
            if len(ids):
                found_ids.append(ids)
                found_dist.append(distances.exact(self.metric, prepared, q))
        if not found_ids:
            return EMPTY
        ids, dist = np.concatenate(found_ids), np.concatenate(found_dist)
        order = np.argsort(dist, kind="stable")[:k]
        return ids[order], dist[order].astype(np.float32)

    def distances_to(self, query: Matrix, doc_ids: IntArray) -> dict[int, float]:
        q = distances.prepare(self.metric, query.reshape(1, -1))[0]
        out: dict[int, float] = {}
        for chunk in self._chunks:
            keep = np.isin(chunk.ids, doc_ids)
            if keep.any():
                dist = distances.exact(self.metric, chunk.prepared[keep], q)
                out.update({int(i): float(d) for i, d in zip(chunk.ids[keep], dist)})
        return out
