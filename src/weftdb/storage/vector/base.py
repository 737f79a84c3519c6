"""What every vector index shares: positions, locking, exact search, filters.

An index answers ``search(query, k, allow)`` with doc ids and Weaviate
distances, nearest first. A filter's allow-list smaller than
``flat_search_cutoff`` is searched exactly over the allowed vectors (as
Weaviate's flatSearchCutoff), so small filters keep recall at 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from weftdb.storage.vector import distances
from weftdb.storage.vector.rwlock import ReadWriteLock
from weftdb.storage.vector.slots import IntArray, Slots

Matrix = npt.NDArray[np.float32]
Result = tuple[IntArray, Matrix]
Keys = npt.NDArray[np.uint8]
EMPTY: Result = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32))


@dataclass
class SearchConfig:
    """The index settings a search reads (vectorIndexConfig; ``ef`` -1 is dynamic)."""

    ef: int = -1
    dynamic_ef_min: int = 100
    dynamic_ef_max: int = 500
    dynamic_ef_factor: int = 8
    flat_search_cutoff: int = 40000

    def ef_for(self, k: int) -> int:
        """Weaviate's searchTimeEF: a fixed ef (at least k), or k * factor within [min, max]."""
        if self.ef >= 1:
            return max(self.ef, k)
        return max(k, min(max(k * self.dynamic_ef_factor, self.dynamic_ef_min), self.dynamic_ef_max))


class BaseIndex:
    kind = "base"

    def __init__(self, metric: str, config: SearchConfig) -> None:
        self.metric = distances.check_metric(metric)
        self.config = config
        self.dims = 0
        self.slots = Slots()
        self.lock = ReadWriteLock()

    def __len__(self) -> int:
        return self.slots.live

    # -- writes ------------------------------------------------------------------
    def add(self, doc_ids: IntArray, vectors: Matrix, keys: Keys, *, prepared: bool = False) -> None:
        """Add vectors for increasing doc ids, raw (prepared for the metric here) or, with
        ``prepared``, as an index stores them (a rebuild or restore); ``keys`` are the
        objects' ids (16 bytes each)."""
        if not len(doc_ids):
            return
        rows = vectors if prepared else distances.prepare(self.metric, vectors)
        with self.lock.write():
            fresh = doc_ids > self.slots.last_doc_id()
            doc_ids, rows, keys = doc_ids[fresh], rows[fresh], keys[fresh]
            if not len(doc_ids):
                return
            self.dims = self.dims or rows.shape[1]
            self._add_rows(rows)
            self.slots.append(doc_ids, keys)

    def delete(self, doc_ids: IntArray) -> int:
        with self.lock.write():
            return self.slots.kill(doc_ids)

    def _add_rows(self, prepared: Matrix) -> None:
        raise NotImplementedError

    # -- reads -------------------------------------------------------------------
    def search(self, query: Matrix, k: int, allow: BitMap | None = None) -> Result:
        if k <= 0 or not self.dims:
            return EMPTY
        prepared = distances.prepare(self.metric, query.reshape(1, -1))[0]
        with self.lock.read():
            if allow is not None:
                positions = self.slots.allowed_positions(allow)
                if len(positions) < self.config.flat_search_cutoff or not self._approximate_ok():
                    return self._exact(prepared, positions, k)
                return self._approximate(prepared, k, self.slots.packed(positions))
            if not self._approximate_ok():
                return self._exact_all(prepared, k)
            bitmap = self.slots.packed_alive() if self.slots.tombstones else None
            return self._approximate(prepared, k, bitmap)

    def keys_of(self, doc_ids: IntArray) -> dict[int, bytes]:
        with self.lock.read():
            return self.slots.keys_of(doc_ids)

    def distances_to(self, query: Matrix, doc_ids: IntArray) -> dict[int, float]:
        """Exact distances to the given doc ids that are in the index."""
        prepared = distances.prepare(self.metric, query.reshape(1, -1))[0]
        with self.lock.read():
            positions = self.slots.positions(doc_ids)
            if not len(positions):
                return {}
            dist = distances.exact(self.metric, self._rows(positions), prepared)
            return {int(d): float(x) for d, x in zip(self.slots.doc_ids[positions], dist)}

    def _exact(self, prepared: Matrix, positions: IntArray, k: int) -> Result:
        if not len(positions):
            return EMPTY
        dist = distances.exact(self.metric, self._rows(positions), prepared)
        if len(dist) > k:
            top = np.argpartition(dist, k - 1)[:k]
            positions, dist = positions[top], dist[top]
        order = np.argsort(dist, kind="stable")
        return self.slots.doc_ids[positions[order]], dist[order].astype(np.float32)

    def _exact_all(self, prepared: Matrix, k: int) -> Result:
        """Exact search over every live vector, reading the rows in place."""
        n = self.slots.n
        if not self.slots.live:
            return EMPTY
        dist = distances.exact(self.metric, self._rows_view(n), prepared)
        if self.slots.tombstones:
            dist[~self.slots.alive[:n]] = np.inf
        k = min(k, self.slots.live)
        top = np.argpartition(dist, k - 1)[:k] if n > k else np.arange(n)
        top = top[np.argsort(dist[top], kind="stable")]
        return self.slots.doc_ids[top], dist[top].astype(np.float32)

    def _approximate_ok(self) -> bool:
        return False

    def _approximate(self, prepared: Matrix, k: int, bitmap: npt.NDArray[np.uint8] | None) -> Result:
        raise NotImplementedError

    def _rows(self, positions: IntArray) -> Matrix:
        return self._rows_view(self.slots.n)[positions]

    def payload_bytes(self, n: int) -> bytes:
        """What a snapshot stores of the index itself (the caller holds the read lock):
        the first ``n`` stored vectors; hnsw stores its faiss graph instead."""
        return np.ascontiguousarray(self._rows_view(n)).tobytes()

    def _rows_view(self, n: int) -> Matrix:
        """The first ``n`` stored (prepared) vectors, without copying."""
        raise NotImplementedError

    def all_rows(self) -> tuple[IntArray, Matrix, Keys]:
        """Doc ids, prepared vectors and keys of every live position (for rebuilds)."""
        with self.lock.read():
            positions = self.slots.alive_positions()
            return (self.slots.doc_ids[positions].copy(), self._rows(positions).copy(),
                    self.slots.keys[positions].copy())
