"""Snapshots of a vector index: written atomically, verified on load.

Layout: magic, header length, JSON header (kind, metric, dims, n, crc32 of the
payload), then the payload: doc ids, alive flags, and the index's own bytes
(faiss graph for hnsw, the matrix for flat). Written to a temporary file,
fsynced, renamed over the previous snapshot, directory fsynced. A kill at any
point leaves either the previous snapshot or the new one; a damaged file fails
its checksum and is ignored (the bucket replays everything).
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from weftdb.entities.schema import VectorDef
from weftdb.storage.vector.base import BaseIndex
from weftdb.storage.vector.factory import make_index
from weftdb.storage.vector.hnsw import HnswIndex

log = logging.getLogger(__name__)

_MAGIC = b"WEFTVEC2"


def _payload(index: BaseIndex) -> tuple[dict[str, object], list[bytes]]:
    """Consistent parts of the index, taken under its read lock."""
    with index.lock.read():
        n = index.slots.n
        parts = [index.slots.doc_ids[:n].tobytes(), index.slots.alive[:n].tobytes(),
                 index.slots.keys[:n].tobytes()]
        parts.append(index.payload_bytes(n))
        header = {"kind": index.kind, "metric": index.metric, "dims": index.dims, "n": n,
                  "sizes": [len(p) for p in parts]}
    return header, parts


class SnapshotFile:
    def __init__(self, path: Path, fault: Callable[[str], None] = lambda name: None) -> None:
        self.path = Path(path)
        self._fault = fault

    def write(self, index: BaseIndex) -> int:
        """Write a snapshot; returns the last doc id it contains."""
        header, parts = _payload(index)
        crc = 0
        for part in parts:
            crc = zlib.crc32(part, crc)
        header["crc32"] = crc
        raw_header = json.dumps(header).encode()
        tmp = self.path.with_suffix(".tmp")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(_MAGIC + len(raw_header).to_bytes(4, "big") + raw_header)
            for part in parts:
                fh.write(part)
            fh.flush()
            os.fsync(fh.fileno())
        self._fault("vector.snapshot_before_rename")
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)
        self._fault("vector.after_snapshot_write")
        n = int(header["n"])  # type: ignore[call-overload]
        return int(np.frombuffer(parts[0], dtype=np.int64)[n - 1]) if n else -1

    def load(self, vector_def: VectorDef) -> BaseIndex | None:
        self.path.with_suffix(".tmp").unlink(missing_ok=True)
        if not self.path.exists():
            return None
        try:
            return self._read(vector_def)
        except (ValueError, KeyError, OSError) as exc:
            log.error("vector index snapshot unusable; rebuilding from stored vectors",
                      extra={"path": str(self.path), "error": str(exc)})
            return None

    def _read(self, vector_def: VectorDef) -> BaseIndex:
        data = self.path.read_bytes()
        if data[: len(_MAGIC)] != _MAGIC:
            raise ValueError("not a weftdb vector snapshot")
        size = int.from_bytes(data[8:12], "big")
        header = json.loads(data[12 : 12 + size])
        body = memoryview(data)[12 + size :]
        if zlib.crc32(body) != header["crc32"] or len(body) != sum(header["sizes"]):
            raise ValueError("snapshot checksum mismatch")
        if header["metric"] != vector_def.distance:
            raise ValueError("snapshot metric differs from the collection's")
        sizes = header["sizes"]
        offsets = np.cumsum([0, *sizes])
        parts = [body[offsets[i] : offsets[i + 1]] for i in range(len(sizes))]
        index = make_index(vector_def, kind=header["kind"])
        _restore(index, header, *parts)
        return index


def _restore(index: BaseIndex, header: dict[str, int], ids: memoryview, alive: memoryview, keys: memoryview,
             rest: memoryview) -> None:
    n, dims = header["n"], header["dims"]
    index.dims = dims
    doc_ids = np.frombuffer(ids, dtype=np.int64).copy()
    object_ids = np.frombuffer(keys, dtype=np.uint8).reshape(n, 16).copy()
    if isinstance(index, HnswIndex):
        index.load_bytes(bytes(rest))  # the graph holds the vectors
        index.slots.append(doc_ids, object_ids)
    elif n:
        index.add(doc_ids, np.frombuffer(rest, dtype=np.float32).reshape(n, dims), object_ids, prepared=True)
    dead = ~np.frombuffer(alive, dtype=bool)
    index.slots.kill(index.slots.doc_ids[:n][dead])


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
