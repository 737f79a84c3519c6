"""Posting blocks of the searchable (BM25) buckets, and a cache of decoded postings.

A term's postings in one property are stored in blocks of 4096 doc ids:
key = term (UTF-8) + ``\\0`` + block number (doc id >> 12, 4 bytes big-endian);
value = packed records ``(doc id uint32, term frequency float32, property length
float32)``, little-endian, in doc id order. New doc ids are always the largest
of a shard, so a write appends records to the last block of a term (a bytes
concatenation) and never rewrites a whole posting list; backfill, which indexes the
stored objects in uuid order, sorts a block when it must (``appended``). A term's blocks are the
keys of ``[term\\0, term\\1)`` whose length is ``len(term) + 5`` (a longer term
that starts with ``term\\0`` has longer keys).

Reads decode a term's blocks into three contiguous numpy arrays
(``Postings``), which ``PostingCache`` keeps (bounded by bytes, least recently
used out; invalidated per term when a write commits).
"""

from __future__ import annotations

import struct
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator

import numpy as np
import numpy.typing as npt

BLOCK_BITS = 12
RECORD = np.dtype([("id", "<u4"), ("tf", "<f4"), ("len", "<f4")])
#: one record's bytes: (doc id, term frequency, property length), as ``RECORD`` reads them
pack_record = struct.Struct("<Iff").pack
_SEP = b"\x00"
_END = b"\x01"

Ids = npt.NDArray[np.intp]
F32 = npt.NDArray[np.float32]


def block_key(term: bytes, block: int) -> bytes:
    """The key of a term's block (``doc_id >> BLOCK_BITS``)."""
    return term + _SEP + block.to_bytes(4, "big")


def term_range(term: bytes) -> tuple[bytes, bytes]:
    return term + _SEP, term + _END


def unpack(raw: bytes) -> npt.NDArray[np.void]:
    return np.frombuffer(raw, dtype=RECORD)


def appended(raw: bytes, records: list[bytes]) -> bytes:
    """A block with ``records`` (in doc id order) added, kept in doc id order. A write's
    new doc ids are the shard's largest, so this is a concatenation; when they are not
    (backfill indexes the stored objects in uuid order) the block is sorted."""
    value = raw + b"".join(records)
    if raw and records and _first_id(records[0]) < _first_id(raw[-RECORD.itemsize:]):
        rows = unpack(value)
        value = rows[np.argsort(rows["id"], kind="stable")].tobytes()
    return value


def _first_id(raw: bytes) -> int:
    return int.from_bytes(raw[:4], "little")


def without(raw: bytes, doc_ids: Iterable[int]) -> bytes:
    """A block with the records of ``doc_ids`` removed."""
    records = unpack(raw)
    keep = ~np.isin(records["id"], np.fromiter(doc_ids, dtype=np.uint32))
    return records[keep].tobytes()


class Postings:
    """One term's postings in one property: doc ids ascending, term frequencies and
    property lengths (``n`` of each). ``derived`` holds one derived value and its key
    (the length-normalised term frequencies of one (k1, b, average length)) that lives
    as long as the postings. The arrays are never modified once built (readers share them)."""

    __slots__ = ("ids", "tf", "lengths", "n", "derived")

    def __init__(self, ids: Ids, tf: F32, lengths: F32) -> None:
        self.ids, self.tf, self.lengths = ids, tf, lengths
        self.n = len(ids)
        self.derived: tuple[object, object] | None = None

    def __len__(self) -> int:
        return self.n

    @property
    def nbytes(self) -> int:
        """Memory held, with room for one derived float64 array (the normalised frequencies)."""
        return int(self.ids.nbytes + self.tf.nbytes + self.lengths.nbytes) + 8 * self.n + 200

    @classmethod
    def from_blocks(cls, blocks: list[bytes]) -> Postings:
        if not blocks:
            return EMPTY
        records = unpack(blocks[0] if len(blocks) == 1 else b"".join(blocks))
        return cls(records["id"].astype(np.intp), np.ascontiguousarray(records["tf"]),
                   np.ascontiguousarray(records["len"]))


EMPTY = Postings(np.zeros(0, np.intp), np.zeros(0, np.float32), np.zeros(0, np.float32))


def read_blocks(scan: Callable[[bytes, bytes], Iterator[tuple[bytes, bytes]]], term: bytes) -> list[bytes]:
    """The raw blocks of one term, in block order."""
    start, end = term_range(term)
    size = len(term) + 5
    return [bytes(raw) for key, raw in scan(start, end) if len(key) == size]


class PostingCache:
    """Decoded postings per (property, term), bounded by ``max_bytes``.

    A reader takes ``generation()`` before reading the store and offers what it
    read with ``put(..., generation)``; a write that committed in between has
    moved the generation on, so postings read before a write can never be cached
    after it."""

    def __init__(self, max_bytes: int = 64 << 20) -> None:
        self._max = max_bytes
        self._entries: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._bytes = 0
        self._generation = 0
        self._lock = threading.Lock()

    def generation(self) -> int:
        return self._generation

    def get(self, prop: str, term: str) -> Postings | None:
        key = (prop, term)
        found = self._entries.get(key)
        if found is not None:
            try:
                self._entries.move_to_end(key)
            except KeyError:  # evicted meanwhile
                pass
        return found

    def put(self, prop: str, term: str, postings: Postings, generation: int) -> None:
        size = postings.nbytes
        if size > self._max // 4:
            return
        with self._lock:
            if generation != self._generation:
                return
            old = self._entries.pop((prop, term), None)
            if old is not None:
                self._bytes -= old.nbytes
            self._entries[(prop, term)] = postings
            self._bytes += size
            while self._bytes > self._max:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= evicted.nbytes

    def invalidate(self, keys: Iterable[tuple[str, str]]) -> None:
        with self._lock:
            self._generation += 1
            for key in keys:
                old = self._entries.pop(key, None)
                if old is not None:
                    self._bytes -= old.nbytes

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._entries.clear()
            self._bytes = 0
