"""Positions of an append-only vector index and the doc ids they hold.

Vectors are appended in doc id order (doc ids only grow, and every writer adds
in commit order), so ``doc_ids[:n]`` is sorted and doc id -> position is a
binary search. Deleted positions are marked dead; searches exclude them through
a packed bitmap in faiss's IDSelectorBitmap layout (little-endian bits), cached
until the next change.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from weftdb.storage.bitmaps import doc_id_array

IntArray = npt.NDArray[np.int64]
Bits = npt.NDArray[np.uint8]


class Slots:
    def __init__(self) -> None:
        self.doc_ids: IntArray = np.empty(0, dtype=np.int64)
        #: the object id (uuid bytes) of each position, so results need no lookup
        self.keys: npt.NDArray[np.uint8] = np.empty((0, 16), dtype=np.uint8)
        self.alive: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
        self.n = 0
        self.live = 0
        self._packed: Bits | None = None

    @property
    def tombstones(self) -> int:
        return self.n - self.live

    def last_doc_id(self) -> int:
        return int(self.doc_ids[self.n - 1]) if self.n else -1

    def append(self, doc_ids: IntArray, keys: npt.NDArray[np.uint8]) -> None:
        """Reserve the next positions for ``doc_ids`` (ascending, above the last)."""
        count = len(doc_ids)
        self._grow(self.n + count)
        self.doc_ids[self.n : self.n + count] = doc_ids
        self.keys[self.n : self.n + count] = keys
        self.alive[self.n : self.n + count] = True
        self.n += count
        self.live += count
        self._packed = None

    def _grow(self, size: int) -> None:
        if size <= len(self.doc_ids):
            return
        capacity = max(size, 2 * len(self.doc_ids), 1024)
        doc_ids = np.empty(capacity, dtype=np.int64)
        doc_ids[: self.n] = self.doc_ids[: self.n]
        keys = np.empty((capacity, 16), dtype=np.uint8)
        keys[: self.n] = self.keys[: self.n]
        alive = np.zeros(capacity, dtype=bool)
        alive[: self.n] = self.alive[: self.n]
        self.doc_ids, self.keys, self.alive = doc_ids, keys, alive

    def positions(self, doc_ids: npt.ArrayLike) -> IntArray:
        """Positions of the given doc ids that are in the index and alive."""
        wanted = np.asarray(doc_ids, dtype=np.int64)
        if not self.n or not len(wanted):
            return np.empty(0, dtype=np.int64)
        stored = self.doc_ids[: self.n]
        pos = np.minimum(np.searchsorted(stored, wanted), self.n - 1)
        pos = pos[stored[pos] == wanted]
        return pos[self.alive[pos]].astype(np.int64)

    def keys_of(self, doc_ids: IntArray) -> dict[int, bytes]:
        """Object ids of the given doc ids that are in the index (alive or not)."""
        if not self.n or not len(doc_ids):
            return {}
        stored = self.doc_ids[: self.n]
        pos = np.minimum(np.searchsorted(stored, doc_ids), self.n - 1)
        hit = stored[pos] == doc_ids
        return {int(d): self.keys[p].tobytes() for d, p in zip(doc_ids[hit], pos[hit])}

    def kill(self, doc_ids: npt.ArrayLike) -> int:
        pos = self.positions(doc_ids)
        self.alive[pos] = False
        self.live -= len(pos)
        if len(pos):
            self._packed = None
        return len(pos)

    def alive_positions(self) -> IntArray:
        return np.flatnonzero(self.alive[: self.n]).astype(np.int64)

    def allowed_positions(self, allow: BitMap) -> IntArray:
        return self.positions(doc_id_array(allow).astype(np.int64))

    def packed_alive(self) -> Bits:
        """The alive positions as a packed bitmap (cached)."""
        if self._packed is None:
            self._packed = np.packbits(self.alive[: max(self.n, 1)], bitorder="little")
        return self._packed

    def packed(self, positions: IntArray) -> Bits:
        bools = np.zeros(max(self.n, 1), dtype=bool)
        bools[positions] = True
        return np.packbits(bools, bitorder="little")
