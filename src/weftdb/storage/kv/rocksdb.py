"""RocksDB (through rocksdict) as the shard key-value store.

One RocksDB per shard, one column family per bucket, so a shard has one
write-ahead log and a ``WriteBatch`` spanning buckets is atomic. Every batch is
written with ``sync=True``: when ``write`` returns, the data survives kill -9.
A torn WAL tail is cut on open (``TolerateCorruptedTailRecords``); paranoid
checks refuse damaged files with an error instead of serving them.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from rocksdict import (
    BlockBasedOptions,
    Cache,
    Checkpoint,
    DBRecoveryMode,
    Options,
    Rdict,
    WriteBatch,
    WriteOptions,
)

from weftdb.errors import StorageError
from weftdb.storage.kv.port import Batch

log = logging.getLogger(__name__)

_BLOCK_CACHE_BYTES = 64 * 1024 * 1024


def _options(cache: Cache | None = None, recovery: DBRecoveryMode | None = None) -> Options:
    opts = Options(raw_mode=True)
    opts.create_if_missing(True)
    opts.create_missing_column_families(True)
    opts.set_paranoid_checks(True)
    opts.set_wal_recovery_mode(recovery or DBRecoveryMode.tolerate_corrupted_tail_records())
    opts.set_keep_log_file_num(2)
    opts.set_max_background_jobs(2)
    if cache is not None:
        table = BlockBasedOptions()
        table.set_block_cache(cache)
        table.set_bloom_filter(10, False)
        opts.set_block_based_table_factory(table)
    return opts


class RocksBatch:
    def __init__(self, store: RocksStore) -> None:
        self._store = store
        self._wb = WriteBatch(raw_mode=True)
        self._n = 0

    def put(self, bucket: str, key: bytes, value: bytes) -> None:
        self._wb.put(key, value, self._store.handle(bucket))
        self._n += 1

    def delete(self, bucket: str, key: bytes) -> None:
        self._wb.delete(key, self._store.handle(bucket))
        self._n += 1

    def __len__(self) -> int:
        return self._n

    @property
    def raw(self) -> WriteBatch:
        return self._wb


class RocksStore:
    def __init__(self, path: Path, cache: Cache) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self._cache = cache
        self._db: Rdict | None = self._open()
        self._lock = threading.Lock()
        self._handles: dict[str, Any] = {}
        self._families: dict[str, Rdict] = {}
        self._sync = WriteOptions()
        self._sync.sync = True

    def _open(self) -> Rdict:
        """Open, replaying the WAL. A torn tail is cut by RocksDB itself; a tail
        record whose checksum fails makes the strict open refuse, and then the
        log is replayed up to the damage (point in time) and the rest is cut,
        loudly. Damaged table files are never served: both modes refuse them."""
        try:
            return self._open_with(DBRecoveryMode.tolerate_corrupted_tail_records())
        except StorageError as exc:
            if "Corruption" not in exc.message:
                raise
            log.error("write-ahead log damaged; replaying up to the damage and cutting the rest",
                      extra={"path": str(self.path), "error": exc.message})
            return self._open_with(DBRecoveryMode.point_in_time())

    def _open_with(self, recovery: DBRecoveryMode) -> Rdict:
        families = {name: _options(self._cache, recovery) for name in self._existing_families() if name != "default"}
        try:
            return Rdict(str(self.path), _options(self._cache, recovery), column_families=families or None)
        except Exception as exc:  # rocksdict raises a bare Exception
            raise StorageError(f"cannot open store at {self.path}: {exc}") from exc

    def _existing_families(self) -> list[str]:
        if not (self.path / "CURRENT").exists():
            return []
        try:
            return list(Rdict.list_cf(str(self.path), Options(raw_mode=True)))
        except Exception as exc:
            raise StorageError(f"cannot read store at {self.path}: {exc}") from exc

    @property
    def db(self) -> Rdict:
        if self._db is None:
            raise StorageError(f"store {self.path} is closed")
        return self._db

    def family(self, bucket: str) -> Rdict:
        fam = self._families.get(bucket)
        if fam is None:
            try:
                fam = self.db.get_column_family(bucket)
            except Exception:
                raise StorageError(f"unknown bucket {bucket!r} in {self.path}") from None
            self._families[bucket] = fam
        return fam

    def handle(self, bucket: str) -> Any:
        h = self._handles.get(bucket)
        if h is None:
            self.family(bucket)
            h = self._handles[bucket] = self.db.get_column_family_handle(bucket)
        return h

    def ensure_bucket(self, bucket: str) -> None:
        with self._lock:
            if bucket in self.buckets():
                return
            self._families[bucket] = self.db.create_column_family(bucket, _options(self._cache))

    def drop_bucket(self, bucket: str) -> None:
        with self._lock:
            self._families.pop(bucket, None)
            self._handles.pop(bucket, None)
            if bucket in self.buckets():
                self.db.drop_column_family(bucket)

    def buckets(self) -> list[str]:
        return list(Rdict.list_cf(str(self.path), Options(raw_mode=True)))

    def get(self, bucket: str, key: bytes) -> bytes | None:
        family = self.family(bucket)
        try:
            value = family.get(key)
        except Exception as exc:  # a damaged block fails its checksum
            raise StorageError(f"read from {self.path} failed: {exc}") from exc
        return value  # type: ignore[no-any-return]

    def multi_get(self, bucket: str, keys: Sequence[bytes]) -> list[bytes | None]:
        if not keys:
            return []
        family = self.family(bucket)
        try:
            found = family.get(list(keys))
        except Exception as exc:
            raise StorageError(f"read from {self.path} failed: {exc}") from exc
        return list(found or [])

    def new_batch(self) -> RocksBatch:
        return RocksBatch(self)

    def write(self, batch: Batch) -> None:
        if not isinstance(batch, RocksBatch):
            raise TypeError("RocksStore.write takes batches from its own new_batch()")
        try:
            self.db.write(batch.raw, self._sync)
        except Exception as exc:
            raise StorageError(f"write to {self.path} failed: {exc}") from exc

    def scan(
        self,
        bucket: str,
        start: bytes | None = None,
        end: bytes | None = None,
        reverse: bool = False,
    ) -> Iterator[tuple[bytes, bytes]]:
        it = self.family(bucket).iter()
        if reverse:
            if end is None:
                it.seek_to_last()
            else:
                it.seek_for_prev(end)
                if it.valid() and it.key() >= end:
                    it.prev()
            while it.valid():
                key = it.key()
                if start is not None and key < start:
                    return
                yield key, it.value()
                it.prev()
            self._check(it)
            return
        if start is None:
            it.seek_to_first()
        else:
            it.seek(start)
        while it.valid():
            key = it.key()
            if end is not None and key >= end:
                return
            yield key, it.value()
            it.next()
        self._check(it)

    def _check(self, it: Any) -> None:
        """An iterator also stops at a damaged block: tell that apart from the end."""
        try:
            it.status()
        except Exception as exc:
            raise StorageError(f"read from {self.path} failed: {exc}") from exc

    def checkpoint(self, target: Path) -> None:
        Checkpoint(self.db).create_checkpoint(str(target))

    def flush(self) -> None:
        self.db.flush()

    def close(self) -> None:
        with self._lock:
            if self._db is None:
                return
            self._families.clear()
            self._handles.clear()
            db, self._db = self._db, None
            db.close()
            del db


class RocksEngine:
    """Opens one RocksDB per path; all stores share one block cache."""

    name = "rocksdb"

    def __init__(self, block_cache_bytes: int = _BLOCK_CACHE_BYTES) -> None:
        self._cache = Cache(block_cache_bytes)

    def open(self, path: Path) -> RocksStore:
        return RocksStore(path, self._cache)

    def destroy(self, path: Path) -> None:
        shutil.rmtree(path, ignore_errors=True)
