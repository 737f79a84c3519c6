"""Doc id -> object id of a shard, in memory (two uint64 columns indexed by doc id).

Search results are doc ids; when nothing of an object but its id is returned
(ids and scores), reading the doc id bucket for every hit costs more than the
search. The map is built on first use from the shard's doc id bucket and then
follows every committed write (under the same lock, so a write that commits
while it is being built is never lost).
"""

from __future__ import annotations

import threading
import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
_MASK = (1 << 64) - 1
_PER_ITEM = 32  # up to this many doc ids are looked up one by one


def uuid_of(value: int) -> uuidlib.UUID:
    """``uuid.UUID(int=value)`` for a value known to fit 128 bits, without the checks of
    ``UUID.__init__`` (a third of its cost; search results build one per hit). Sets what
    ``__init__`` sets: the slots ``int`` and ``is_safe``."""
    out = _new_uuid(uuidlib.UUID)
    _set(out, "int", value)
    _set(out, "is_safe", _UNKNOWN)
    return out


_new_uuid = uuidlib.UUID.__new__
_set = object.__setattr__
_UNKNOWN = uuidlib.SafeUUID.unknown


class DocUuids:
    def __init__(self, scan: Callable[[], Iterator[tuple[bytes, bytes]]]) -> None:
        self._scan = scan
        self._lock = threading.Lock()
        self._hi: U64 | None = None
        self._lo: U64 | None = None
        self._live: npt.NDArray[np.bool_] = np.zeros(0, bool)
        self._loaded = False  # set last, under the lock: readers before it wait for the load

    def ids_of(self, doc_ids: Sequence[int]) -> list[uuidlib.UUID | None]:
        """The object id of each doc id (None: deleted or unknown)."""
        if not self._loaded:
            self._load()
        live = self._live
        hi, lo = self._hi, self._lo
        assert hi is not None and lo is not None
        if len(doc_ids) > _PER_ITEM:
            wanted = np.asarray(doc_ids, dtype=np.intp)
            inside = wanted < min(len(live), len(hi), len(lo))
            at = np.where(inside, wanted, 0)
            found = (inside & live[at]).tolist()
            pairs = zip(found, hi[at].tolist(), lo[at].tolist())
            return [uuid_of((h << 64) | low) if ok else None for ok, h, low in pairs]
        end = min(len(live), len(hi), len(lo))  # a search's page: no array calls (each costs more)
        return [uuid_of((int(hi[d]) << 64) | int(lo[d])) if d < end and live[d] else None for d in doc_ids]

    def apply(self, added: Iterable[tuple[int, uuidlib.UUID]], removed: Iterable[int]) -> None:
        """A committed write: its new doc ids and the ones it removed."""
        with self._lock:
            if not self._loaded:
                return  # not built yet: it will read the store, which has the write
            for doc_id in removed:
                if doc_id < len(self._live):
                    self._live[doc_id] = False
            self._set(list(added))

    def _load(self) -> None:
        with self._lock:
            if self._loaded:
                return
            self._hi, self._lo = np.zeros(0, np.uint64), np.zeros(0, np.uint64)
            pairs = [(int.from_bytes(key, "big"), uuidlib.UUID(bytes=bytes(raw))) for key, raw in self._scan()]
            self._set(pairs)
            self._loaded = True

    def _set(self, pairs: list[tuple[int, uuidlib.UUID]]) -> None:
        if not pairs:
            return
        top = max(doc_id for doc_id, _ in pairs) + 1
        if top > len(self._live):
            size = max(top, len(self._live) * 2, 1024)
            self._hi = _grown(self._hi, size)
            self._lo = _grown(self._lo, size)
            self._live = np.concatenate([self._live, np.zeros(size - len(self._live), bool)])
        assert self._hi is not None and self._lo is not None
        doc_ids = np.fromiter((d for d, _ in pairs), dtype=np.intp, count=len(pairs))
        self._hi[doc_ids] = np.fromiter((u.int >> 64 for _, u in pairs), dtype=np.uint64, count=len(pairs))
        self._lo[doc_ids] = np.fromiter((u.int & _MASK for _, u in pairs), dtype=np.uint64, count=len(pairs))
        self._live[doc_ids] = True


def _grown(column: U64 | None, size: int) -> U64:
    out = np.zeros(size, np.uint64)
    if column is not None:
        out[: len(column)] = column
    return out
