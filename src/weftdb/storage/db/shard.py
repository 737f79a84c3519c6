"""A shard: one RocksDB holding a collection's objects (or one tenant's).

Buckets (column families):
- ``objects``: uuid (16 bytes) -> object record (see codec.py)
- ``docids``: doc id (8 bytes BE) -> uuid; every live doc id, in order
- ``vectors`` / ``vectors_<name>``: doc id -> float32 vector bytes
- ``meta``: ``next_docid`` and ``count`` counters

Writes go through one writer lock and one ``WriteBatch`` (one fsync), so an
object, its doc id entry, its vectors and the counters become durable together.
Every update gets a new doc id, as in Weaviate; the old doc id's entries are
deleted in the same batch. Reads take no lock.
"""

from __future__ import annotations

import threading
import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

import numpy as np
from pyroaring import BitMap

from weftdb.entities.objects import StoredObject, Vector
from weftdb.entities.schema import CollectionDef
from weftdb.errors import AlreadyExists
from weftdb.storage.db.codec import (
    decode_header,
    decode_record,
    decode_vector,
    docid_key,
    encode_record,
    encode_vector,
    key_docid,
    vector_bucket,
)
from weftdb.storage.kv.port import Batch, KeyValueStore

_NO_VECTOR: Vector = np.zeros(0, dtype=np.float32)


class ShardIndexer(Protocol):
    """A secondary index maintained with the shard's writes.

    ``stage`` runs under the writer lock and adds the index's entries to the
    same write batch as the objects (one fsync, one WAL: they are durable
    together). ``committed`` runs after the batch is durable, still under the
    lock, for in-memory structures. ``removed`` are the previous versions of
    replaced or deleted objects (properties decoded, vector names only)."""

    def stage(self, batch: Batch, added: Sequence[StoredObject], removed: Sequence[StoredObject]) -> None: ...
    def committed(self, added: Sequence[StoredObject], removed: Sequence[StoredObject]) -> None: ...


OBJECTS = "objects"
DOCIDS = "docids"
META = "meta"
_NEXT_DOCID = b"next_docid"
_COUNT = b"count"
_DIMS = b"dims:"
_DIMS_END = b"dims;"


class Shard:
    def __init__(self, name: str, collection: CollectionDef, store: KeyValueStore, tenant: str = "") -> None:
        self.name = name
        self.tenant = tenant
        self.collection = collection
        self._store = store
        self._write_lock = threading.Lock()
        for bucket in (OBJECTS, DOCIDS, META):
            store.ensure_bucket(bucket)
        self.ensure_vector_buckets(collection)
        self._next_docid = self._read_counter(_NEXT_DOCID)
        self._count = self._read_counter(_COUNT)
        self._live = BitMap(key_docid(key) for key, _ in store.scan(DOCIDS))
        self._indexers: list[ShardIndexer] = []
        self._dims: dict[str, int] = {
            key[len(_DIMS) :].decode(): int.from_bytes(raw, "big")
            for key, raw in store.scan(META, start=_DIMS, end=_DIMS_END)
        }

    # -- lifecycle ---------------------------------------------------------
    def add_indexer(self, indexer: ShardIndexer) -> None:
        """Register a secondary index that writes in the shard's own batches."""
        with self._write_lock:
            self._indexers.append(indexer)

    def adopt(self, collection: CollectionDef, indexes: Callable[[CollectionDef], None]) -> None:
        """A changed definition, taken between two writes (under the writer lock): the
        shard's buckets, then ``indexes`` (its secondary indexes' own update)."""
        with self._write_lock:
            self.ensure_vector_buckets(collection)
            indexes(collection)

    def ensure_vector_buckets(self, collection: CollectionDef) -> None:
        self.collection = collection
        for name in collection.vectors:
            self._store.ensure_bucket(vector_bucket(name))

    def close(self) -> None:
        with self._write_lock:
            self._store.close()

    @property
    def store(self) -> KeyValueStore:
        return self._store

    def _read_counter(self, key: bytes) -> int:
        raw = self._store.get(META, key)
        return int.from_bytes(raw, "big") if raw else 0

    # -- writes ------------------------------------------------------------
    def put_objects(self, objects: Sequence[StoredObject], *, fail_if_exists: bool = False) -> list[str | None]:
        """Insert or replace objects durably; assigns their doc ids.

        Returns an error per object (a vector whose length differs from the
        vector space's) or None; those objects are not written. With
        ``fail_if_exists`` (REST create) an existing id raises AlreadyExists
        and nothing is written. When an id appears more than once, the last
        version is the one written (as if they were applied in order).
        """
        with self._write_lock:
            latest = {obj.id: obj for obj in objects}
            previous = self._current_records(latest)
            if fail_if_exists and any(previous[i] is not None for i in latest):
                raise AlreadyExists(f"id '{next(i for i in latest if previous[i] is not None)}' already exists")
            dims = dict(self._dims)
            errors = [self._check_dims(obj, dims) if latest[obj.id] is obj else None for obj in objects]
            accepted = [o for o, e in zip(objects, errors) if e is None and latest[o.id] is o]
            removed = [old for old in (previous[o.id] for o in accepted) if old is not None]
            batch = self._store.new_batch()
            for old in removed:
                self._stage_remove_docid(batch, old)
            next_docid = self._next_docid
            for obj in accepted:
                obj.doc_id = next_docid
                next_docid += 1
                self._stage_put(batch, obj)
            for name, size in dims.items():
                if self._dims.get(name) != size:
                    batch.put(META, _DIMS + name.encode(), size.to_bytes(4, "big"))
            if accepted:
                self._commit(batch, accepted, removed, next_docid)
                self._dims = dims
            return errors

    @staticmethod
    def _check_dims(obj: StoredObject, dims: dict[str, int]) -> str | None:
        for name, vector in obj.vectors.items():
            expected = dims.get(name)
            if expected is not None and expected != len(vector):
                return (
                    f"new node has a vector with length {len(vector)}. Existing nodes have vectors "
                    f"with length {expected}: vector dimensions do not match the index dimensions"
                )
        for name, vector in obj.vectors.items():
            dims.setdefault(name, len(vector))
        return None

    def delete_objects(self, ids: Iterable[uuidlib.UUID]) -> list[uuidlib.UUID]:
        """Delete durably; returns the ids that existed."""
        with self._write_lock:
            previous = self._current_records(ids)
            removed = [old for old in previous.values() if old is not None]
            if not removed:
                return []
            batch = self._store.new_batch()
            for old in removed:
                batch.delete(OBJECTS, old.id.bytes)
                self._stage_remove_docid(batch, old)
            self._commit(batch, [], removed, self._next_docid)
            return [old.id for old in removed]

    def _current_records(self, ids: Iterable[uuidlib.UUID]) -> dict[uuidlib.UUID, StoredObject | None]:
        """The stored version of each id (properties decoded, ``vectors`` maps the
        names of its vectors to empty arrays: enough to remove it everywhere)."""
        unique = list(dict.fromkeys(ids))
        raws = self._store.multi_get(OBJECTS, [i.bytes for i in unique])
        out: dict[uuidlib.UUID, StoredObject | None] = {}
        for obj_id, raw in zip(unique, raws):
            if raw is None:
                out[obj_id] = None
                continue
            obj, names = decode_record(raw, obj_id, self.collection.name, self.tenant)
            obj.vectors = {name: _NO_VECTOR for name in names}
            out[obj_id] = obj
        return out

    def _stage_put(self, batch: Batch, obj: StoredObject) -> None:
        key = docid_key(obj.doc_id)
        batch.put(OBJECTS, obj.id.bytes, encode_record(obj))
        batch.put(DOCIDS, key, obj.id.bytes)
        for name, vector in obj.vectors.items():
            batch.put(vector_bucket(name), key, encode_vector(vector))

    def _stage_remove_docid(self, batch: Batch, old: StoredObject) -> None:
        key = docid_key(old.doc_id)
        batch.delete(DOCIDS, key)
        for name in old.vectors:
            batch.delete(vector_bucket(name), key)

    def _commit(
        self, batch: Batch, added: Sequence[StoredObject], removed: Sequence[StoredObject], next_docid: int
    ) -> None:
        """Stage every index's entries in the same batch, write it durably, then let
        the in-memory structures follow. Runs under the writer lock."""
        for indexer in self._indexers:
            indexer.stage(batch, added, removed)
        count = self._count + len(added) - len(removed)
        batch.put(META, _NEXT_DOCID, next_docid.to_bytes(8, "big"))
        batch.put(META, _COUNT, count.to_bytes(8, "big"))
        self._store.write(batch)
        self._next_docid, self._count = next_docid, count
        self._live = (self._live - BitMap(o.doc_id for o in removed)) | BitMap(o.doc_id for o in added)
        for indexer in self._indexers:
            indexer.committed(added, removed)

    # -- reads -------------------------------------------------------------
    def count(self) -> int:
        return self._count

    def exists(self, obj_id: uuidlib.UUID) -> bool:
        return self._store.get(OBJECTS, obj_id.bytes) is not None

    def get(self, obj_id: uuidlib.UUID, with_vectors: bool = False) -> StoredObject | None:
        return self.multi_get([obj_id], with_vectors)[0]

    def multi_get(self, ids: Sequence[uuidlib.UUID], with_vectors: bool = False) -> list[StoredObject | None]:
        raws = self._store.multi_get(OBJECTS, [i.bytes for i in ids])
        out: list[StoredObject | None] = []
        for obj_id, raw in zip(ids, raws):
            out.append(None if raw is None else self._decode(obj_id, raw, with_vectors))
        return out

    def scan(self, after: uuidlib.UUID | None, limit: int, with_vectors: bool = False) -> list[StoredObject]:
        """Objects in id order, strictly after ``after``."""
        start = None if after is None else after.bytes + b"\x00"
        out: list[StoredObject] = []
        if limit <= 0:
            return out
        for key, raw in self._store.scan(OBJECTS, start=start):
            out.append(self._decode(uuidlib.UUID(bytes=key), raw, with_vectors))
            if len(out) >= limit:
                break
        return out

    # -- doc ids (for allow-lists) ------------------------------------------
    def doc_ids_of(self, ids: Iterable[uuidlib.UUID]) -> list[int]:
        raws = self._store.multi_get(OBJECTS, [i.bytes for i in ids])
        return [decode_header(raw).doc_id for raw in raws if raw is not None]

    def all_doc_ids(self) -> BitMap:
        """The doc ids of the live objects (copy-on-write: callers may keep it)."""
        return self._live

    def objects_by_doc_ids(self, doc_ids: Sequence[int], with_vectors: bool = False) -> list[StoredObject]:
        raw_ids = self._store.multi_get(DOCIDS, [docid_key(d) for d in doc_ids])
        ids = [uuidlib.UUID(bytes=raw) for raw in raw_ids if raw is not None]
        return [o for o in self.multi_get(ids, with_vectors) if o is not None]

    def iter_ids(self) -> Iterator[uuidlib.UUID]:
        for key, _ in self._store.scan(OBJECTS):
            yield uuidlib.UUID(bytes=key)

    def _decode(self, obj_id: uuidlib.UUID, raw: bytes, with_vectors: bool) -> StoredObject:
        obj, names = decode_record(raw, obj_id, self.collection.name, self.tenant)
        if with_vectors:
            key = docid_key(obj.doc_id)
            for name in names:
                vec = self._store.get(vector_bucket(name), key)
                if vec is not None:
                    obj.vectors[name] = decode_vector(vec)
        return obj
