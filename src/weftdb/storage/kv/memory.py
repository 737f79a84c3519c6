"""An in-memory engine for fast tests of the layers above the store.

Same contract as RocksDB minus durability: ``open`` on the same path returns
the same data for the lifetime of the engine object (a restart in a test).
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from weftdb.errors import StorageError
from weftdb.storage.kv.port import Batch


class MemoryBatch:
    def __init__(self) -> None:
        self.ops: list[tuple[str, bytes, bytes | None]] = []

    def put(self, bucket: str, key: bytes, value: bytes) -> None:
        self.ops.append((bucket, bytes(key), bytes(value)))

    def delete(self, bucket: str, key: bytes) -> None:
        self.ops.append((bucket, bytes(key), None))

    def __len__(self) -> int:
        return len(self.ops)


class _Bucket:
    def __init__(self) -> None:
        self.data: dict[bytes, bytes] = {}
        self.keys: list[bytes] = []

    def put(self, key: bytes, value: bytes) -> None:
        if key not in self.data:
            bisect.insort(self.keys, key)
        self.data[key] = value

    def delete(self, key: bytes) -> None:
        if self.data.pop(key, None) is not None:
            self.keys.pop(bisect.bisect_left(self.keys, key))


class MemoryStore:
    def __init__(self) -> None:
        self._buckets: dict[str, _Bucket] = {"default": _Bucket()}
        self._lock = threading.RLock()
        self.closed = False

    def _bucket(self, name: str) -> _Bucket:
        if self.closed:
            raise StorageError("store is closed")
        try:
            return self._buckets[name]
        except KeyError:
            raise StorageError(f"unknown bucket {name!r}") from None

    def ensure_bucket(self, bucket: str) -> None:
        with self._lock:
            self._buckets.setdefault(bucket, _Bucket())

    def drop_bucket(self, bucket: str) -> None:
        with self._lock:
            self._buckets.pop(bucket, None)

    def buckets(self) -> list[str]:
        return list(self._buckets)

    def get(self, bucket: str, key: bytes) -> bytes | None:
        return self._bucket(bucket).data.get(bytes(key))

    def multi_get(self, bucket: str, keys: Sequence[bytes]) -> list[bytes | None]:
        data = self._bucket(bucket).data
        return [data.get(bytes(k)) for k in keys]

    def new_batch(self) -> MemoryBatch:
        return MemoryBatch()

    def write(self, batch: Batch) -> None:
        if not isinstance(batch, MemoryBatch):
            raise TypeError("MemoryStore.write takes batches from its own new_batch()")
        with self._lock:
            for bucket, _, _ in batch.ops:
                self._bucket(bucket)
            for bucket, key, value in batch.ops:
                if value is None:
                    self._buckets[bucket].delete(key)
                else:
                    self._buckets[bucket].put(key, value)

    def scan(
        self,
        bucket: str,
        start: bytes | None = None,
        end: bytes | None = None,
        reverse: bool = False,
    ) -> Iterator[tuple[bytes, bytes]]:
        with self._lock:
            b = self._bucket(bucket)
            lo = 0 if start is None else bisect.bisect_left(b.keys, start)
            hi = len(b.keys) if end is None else bisect.bisect_left(b.keys, end)
            keys = b.keys[lo:hi]
            items = [(k, b.data[k]) for k in (reversed(keys) if reverse else keys)]
        return iter(items)

    def checkpoint(self, target: Path) -> None:
        raise StorageError("the memory engine has no checkpoints")

    def close(self) -> None:
        self.closed = True


class MemoryEngine:
    name = "memory"

    def __init__(self) -> None:
        self._stores: dict[Path, MemoryStore] = {}

    def open(self, path: Path) -> MemoryStore:
        path = Path(path).resolve()
        store = self._stores.get(path)
        if store is None or store.closed:
            fresh = MemoryStore()
            if store is not None:
                fresh._buckets = store._buckets
            store = self._stores[path] = fresh
        return store

    def destroy(self, path: Path) -> None:
        self._stores.pop(Path(path).resolve(), None)
