"""A shard's inverted index: maintained in the shard's own write batches.

``InvertedIndex`` implements the shard's ``ShardIndexer`` protocol. ``stage``
runs under the shard's writer lock: it analyzes the added objects and the
previous versions of replaced or deleted ones, groups the changes of the whole
batch per (bucket, key), reads each touched bitmap once (``multi_get``),
applies removals then additions and puts the result (or deletes an emptied
key) into the same write batch as the objects. ``committed`` then brings the
in-memory numeric columns and geo points up to date. The bucket layout is in
``plan.py``; the searchable (BM25) buckets are kept by ``searchable.py``, in the
same batches.
"""

from __future__ import annotations

import functools
import threading
import uuid as uuidlib
from collections.abc import Callable, Iterator, Sequence

from pyroaring import BitMap

from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.storage.db.shard import DOCIDS
from weftdb.storage.inverted import columns, keys
from weftdb.storage.inverted.analyzer import Entries, analyze
from weftdb.storage.inverted.columns import SortedColumn
from weftdb.storage.inverted.doc_uuids import DocUuids
from weftdb.storage.inverted.geo import GeoIndex, encode_point
from weftdb.storage.inverted.plan import (
    CREATION_TIME,
    TS_CREATED,
    TS_UPDATED,
    UPDATE_TIME,
    IndexPlan,
    build_plan,
    filterable_bucket,
    geo_bucket,
    rangeable_bucket,
)
from weftdb.storage.inverted.searchable import META_BUCKET, SearchableIndex
from weftdb.storage.kv.port import Batch, KeyValueStore

VERSION_BUCKET = META_BUCKET
_VERSION_KEY = b"version"
_VERSION = b"1"


class InvertedIndex:
    def __init__(self, collection: CollectionDef, store: KeyValueStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._columns: dict[str, SortedColumn] = {}
        self._geo: dict[str, GeoIndex] = {}
        self._staged: tuple[Entries, list[int]] | None = None
        self.plan = build_plan(collection)
        self.searchable = SearchableIndex(collection, store, plan=self.plan)
        self.uuids = DocUuids(lambda: store.scan(DOCIDS))
        self._ensure_buckets(self.plan)

    @property
    def store(self) -> KeyValueStore:
        return self._store

    def update_collection(self, collection: CollectionDef) -> None:
        """Adopt a changed definition (new properties): create their buckets."""
        plan = build_plan(collection)
        self._ensure_buckets(plan)
        self.plan = plan
        self.searchable.update_collection(collection, plan)

    def _ensure_buckets(self, plan: IndexPlan) -> None:
        existing = set(self._store.buckets())
        for bucket in [*plan.buckets(), VERSION_BUCKET]:
            if bucket not in existing:
                self._store.ensure_bucket(bucket)

    # -- building from the objects (a shard written before the index existed) ---------------
    @property
    def is_current(self) -> bool:
        return self._store.get(VERSION_BUCKET, _VERSION_KEY) == _VERSION and self.searchable.is_current

    def backfill(self, scan: Callable[[uuidlib.UUID | None, int], list[StoredObject]]) -> int:
        """Index every stored object (``scan(after, limit)`` in id order), then mark
        the index current. Re-running after a crash is harmless: entries are sets."""
        indexed, after = 0, None
        self.searchable.reset()  # postings and counters are not idempotent: start empty
        while objects := scan(after, 1000):
            batch = self._store.new_batch()
            self.stage(batch, objects, [])
            self._staged = None
            self._store.write(batch)
            self.searchable.committed()
            indexed, after = indexed + len(objects), objects[-1].id
        batch = self._store.new_batch()
        batch.put(VERSION_BUCKET, _VERSION_KEY, _VERSION)
        self.searchable.mark_current(batch)
        self._store.write(batch)
        return indexed

    # -- writes (under the shard's writer lock) ----------------------------------------
    def stage(self, batch: Batch, added: Sequence[StoredObject], removed: Sequence[StoredObject]) -> None:
        plan = self.plan
        new, old = analyze(plan, added), analyze(plan, removed)
        self._stage_bitmaps(batch, new, old)
        for bucket, key in old.ranges:
            batch.delete(bucket, key)
        for bucket, key in new.ranges:
            batch.put(bucket, key, b"")
        for bucket, doc_id, _, _ in old.geo:
            batch.delete(bucket, keys.encode_count(doc_id))
        for bucket, doc_id, lat, lon in new.geo:
            batch.put(bucket, keys.encode_count(doc_id), encode_point(lat, lon))
        self.searchable.stage(batch, added, removed)
        self._staged = (new, [o.doc_id for o in removed])

    def _stage_bitmaps(self, batch: Batch, new: Entries, old: Entries) -> None:
        """Read each touched bitmap once, remove then add, write it back (or delete it)."""
        for bucket in new.bitmaps.keys() | old.bitmaps.keys():
            adds, removes = new.bitmaps.get(bucket, {}), old.bitmaps.get(bucket, {})
            touched = list(adds.keys() | removes.keys())
            for key, raw in zip(touched, self._store.multi_get(bucket, touched)):
                bitmap = keys.load_bitmap(raw)
                gone = removes.get(key)
                if gone:
                    bitmap.difference_update(BitMap(gone))
                bitmap.update(adds.get(key, ()))
                if bitmap:
                    batch.put(bucket, key, keys.store_bitmap(bitmap))
                elif raw is not None:
                    batch.delete(bucket, key)

    def committed(self, added: Sequence[StoredObject], removed: Sequence[StoredObject]) -> None:
        self.searchable.committed()
        self.uuids.apply(((o.doc_id, o.id) for o in added), (o.doc_id for o in removed))
        staged, self._staged = self._staged, None
        new, gone = staged if staged is not None else (analyze(self.plan, added), [o.doc_id for o in removed])
        for name, column in list(self._columns.items()):
            column.apply(gone, functools.partial(_pairs, new, self._column_source(name)))
        for prop, geo in list(self._geo.items()):
            bucket = geo_bucket(prop)
            geo.apply(gone, [(d, lat, lon) for b, d, lat, lon in new.geo if b == bucket])

    # -- reads -------------------------------------------------------------------------
    def bitmap(self, bucket: str, key: bytes) -> BitMap:
        return keys.load_bitmap(self._store.get(bucket, key))

    def bitmaps(self, bucket: str, wanted: Sequence[bytes]) -> list[BitMap]:
        return [keys.load_bitmap(raw) for raw in self._store.multi_get(bucket, wanted)]

    def rows(self, bucket: str, start: bytes | None = None, end: bytes | None = None) -> Iterator[tuple[bytes, bytes]]:
        """Raw (key, serialized bitmap) rows of ``[start, end)`` in key order."""
        return self._store.scan(bucket, start=start, end=end)

    def union(self, bucket: str, start: bytes | None = None, end: bytes | None = None) -> BitMap:
        parts = [BitMap.deserialize(raw) for _, raw in self._store.scan(bucket, start=start, end=end)]
        return BitMap.union(*parts) if parts else BitMap()

    def column(self, name: str) -> SortedColumn:
        """The sorted numeric column of a property (or of a timestamp)."""
        with self._lock:
            column = self._columns.get(name)
            if column is None:
                column = self._columns[name] = SortedColumn(lambda: self._load_column(name))
            return column

    def _column_source(self, name: str) -> str:
        if name == CREATION_TIME:
            return TS_CREATED
        if name == UPDATE_TIME:
            return TS_UPDATED
        prop = self.plan.props.get(name)
        return rangeable_bucket(name) if prop is not None and prop.rangeable else filterable_bucket(name)

    def _load_column(self, name: str) -> tuple[columns.U64, columns.U32]:
        source = self._column_source(name)
        rows = self._store.scan(source)
        if source.startswith("rangeable_"):
            return columns.from_pairs(rows)
        return columns.from_bitmaps(rows)

    def geo(self, prop: str) -> GeoIndex:
        with self._lock:
            found = self._geo.get(prop)
            if found is None:
                found = self._geo[prop] = GeoIndex(self._store, geo_bucket(prop))
            return found


def _pairs(entries: Entries, bucket: str) -> list[tuple[int, int]]:
    """(column value, doc id) pairs of one source bucket of a batch."""
    if bucket.startswith("rangeable_"):
        return [(keys.key_u64(k), keys.key_u64(k[8:])) for b, k in entries.ranges if b == bucket]
    return [(keys.key_u64(k), d) for k, docs in entries.bitmaps.get(bucket, {}).items() for d in docs]
