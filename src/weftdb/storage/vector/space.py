"""One vector space of one shard: its index, the queue of vectors waiting to be
indexed, snapshots and background maintenance.

The vector bucket (``vectors_<name>``, doc id -> float32 bytes, written in the
objects' own WriteBatch) is the durable truth and the durable queue: vectors
whose doc id is above the index's last indexed doc id are queued. With
``ASYNC_INDEXING`` a background worker moves the queue into the index;
otherwise ``committed`` drains it before the write is acknowledged. Searches
see both: the index's results merged with an exact search over the queue.

On open, the newest snapshot (faiss graph + positions) is loaded, deletes made
since are applied from the shard's live doc ids, and the vectors written after
it are replayed from the bucket: restarts do not re-insert every vector.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

import numpy as np
from pyroaring import BitMap

from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import VectorDef
from weftdb.errors import InvalidInput
from weftdb.storage.bitmaps import doc_id_array
from weftdb.storage.db.codec import decode_vector, docid_key, key_docid, vector_bucket
from weftdb.storage.db.shard import DOCIDS
from weftdb.storage.kv.port import Batch, KeyValueStore
from weftdb.storage.vector.base import BaseIndex, Matrix, Result
from weftdb.storage.vector.factory import dynamic_threshold, make_index, update_config
from weftdb.storage.vector.queue import VectorQueue
from weftdb.storage.vector.slots import IntArray
from weftdb.storage.vector.snapshot import SnapshotFile

log = logging.getLogger(__name__)

_REPLAY_CHUNK = 4096
_DRAIN_CHUNK = 1024


class VectorSpace:
    def __init__(
        self,
        vector_def: VectorDef,
        store: KeyValueStore,
        snapshot: SnapshotFile,
        live: Callable[[], BitMap],
        *,
        async_indexing: bool = False,
    ) -> None:
        self.name = vector_def.name
        self.vector_def = vector_def
        self._store = store
        self._bucket = vector_bucket(vector_def.name)
        self._snapshot = snapshot
        self._live = live
        self.async_indexing = async_indexing
        self.index: BaseIndex = make_index(vector_def)
        self.queue = VectorQueue(vector_def.distance)
        self._swap_lock = threading.Lock()
        self._drain_lock = threading.Lock()
        self._rebuilding = False
        self._last_snapshot = time.monotonic()
        self._last_cleanup_check = time.monotonic()
        self.snapshot_watermark = -1
        self.wake: Callable[[], None] = lambda: None

    # -- open ------------------------------------------------------------------------
    def open(self) -> float:
        """Load the snapshot, apply deletes, replay newer vectors. Returns seconds taken."""
        started = time.perf_counter()
        if self.skipped:
            return 0.0
        loaded = self._snapshot.load(self.vector_def)
        if loaded is not None:
            self.index = loaded
            self.snapshot_watermark = loaded.slots.last_doc_id()
            dead = np.setdiff1d(loaded.slots.doc_ids[loaded.slots.alive_positions()], self._live_array())
            loaded.delete(dead)
        self._replay_after(self.index.slots.last_doc_id())
        if not self.async_indexing:
            self.drain(limit=None)
        return time.perf_counter() - started

    def _live_array(self) -> IntArray:
        return doc_id_array(self._live()).astype(np.int64)

    def _replay_after(self, watermark: int) -> None:
        keys: list[bytes] = []
        rows: list[Matrix] = []
        for key, raw in self._store.scan(self._bucket, start=docid_key(watermark + 1)):
            keys.append(key)
            rows.append(decode_vector(raw))
            if len(keys) >= _REPLAY_CHUNK:
                self._push_replayed(keys, rows)
                keys, rows = [], []
        if keys:
            self._push_replayed(keys, rows)

    def _push_replayed(self, doc_keys: list[bytes], rows: list[Matrix]) -> None:
        """Queue replayed vectors with their object ids (from the shard's doc id bucket)."""
        uuids = self._store.multi_get(DOCIDS, doc_keys)
        known = [i for i, u in enumerate(uuids) if u is not None]
        ids = np.asarray([key_docid(doc_keys[i]) for i in known], dtype=np.int64)
        keys = np.frombuffer(b"".join(uuids[i] for i in known), dtype=np.uint8).reshape(-1, 16)  # type: ignore[misc]
        if len(known):
            self.queue.push(ids, np.stack([rows[i] for i in known]), keys)

    # -- ShardIndexer ------------------------------------------------------------------
    def stage(self, batch: Batch, added: Sequence[StoredObject], removed: Sequence[StoredObject]) -> None:
        """Nothing to stage: the shard writes the vectors into this space's bucket."""

    def committed(self, added: Sequence[StoredObject], removed: Sequence[StoredObject]) -> None:
        gone = np.asarray([o.doc_id for o in removed if self.name in o.vectors], dtype=np.int64)
        if len(gone):
            with self._swap_lock:
                self.queue.remove(gone)
                self.index.delete(gone)
        fresh = [o for o in added if self.name in o.vectors]
        if fresh and not self.skipped:
            self.queue.push(
                np.asarray([o.doc_id for o in fresh], dtype=np.int64),
                np.stack([o.vectors[self.name] for o in fresh]).astype(np.float32),
                np.frombuffer(b"".join(o.id.bytes for o in fresh), dtype=np.uint8).reshape(-1, 16),
            )
            if self.async_indexing:
                self.wake()
            else:
                self.drain(limit=None)

    # -- indexing ------------------------------------------------------------------------
    def drain(self, limit: int | None = _DRAIN_CHUNK, stop: Callable[[], bool] = lambda: False) -> int:
        """Move queued vectors into the index (all of them, or up to ``limit``).

        The add runs without the swap lock (it can take a while); afterwards,
        under the lock, vectors deleted meanwhile are removed again and, if a
        rebuild swapped the index meanwhile, the vectors go to the new one."""
        with self._drain_lock:  # one drain at a time: each pops what it added
            return self._drain(limit, stop)

    def _drain(self, limit: int | None, stop: Callable[[], bool]) -> int:
        moved = 0
        while (limit is None or moved < limit) and not stop():
            ids, rows, keys = self.queue.peek(_DRAIN_CHUNK if limit is None else min(_DRAIN_CHUNK, limit - moved))
            if not len(ids):
                break
            target = self.index
            target.add(ids, rows, keys)
            with self._swap_lock:
                if self.index is not target:
                    self.index.add(ids, rows, keys)
                deleted_meanwhile = ids[~self.queue.pop(ids)]
                if len(deleted_meanwhile):
                    self.index.delete(deleted_meanwhile)
            moved += len(ids)
        return moved

    def rebuild(self, kind: str, stop: Callable[[], bool] = lambda: False) -> None:
        """Build a fresh index of ``kind`` from the live vectors (tombstone cleanup,
        or a dynamic index outgrowing flat) while searches and writes go on, then
        catch up with what changed meanwhile and swap it in."""
        old = self.index
        fresh = make_index(self.vector_def, kind=kind)
        self._rebuilding = True
        try:
            ids, rows, keys = old.all_rows()
            for start in range(0, len(ids), _REPLAY_CHUNK):
                if stop():
                    return  # shutting down: the old index stays, the rebuild is simply not done
                end = start + _REPLAY_CHUNK
                fresh.add(ids[start:end], rows[start:end], keys[start:end], prepared=True)
            with self._swap_lock, old.lock.write():
                alive = old.slots.alive_positions()
                newer = alive[old.slots.doc_ids[alive] > fresh.slots.last_doc_id()]
                if len(newer):
                    fresh.add(old.slots.doc_ids[newer], old._rows(newer), old.slots.keys[newer], prepared=True)
                fresh_alive = fresh.slots.doc_ids[fresh.slots.alive_positions()]
                fresh.delete(np.setdiff1d(fresh_alive, old.slots.doc_ids[alive]))
                self.index = fresh
            log.info("vector index rebuilt", extra={"vector": self.name, "kind": kind, "vectors": len(fresh)})
        finally:
            self._rebuilding = False

    def maintain(self, snapshot_after: float, snapshot_min_new: int,
                 stop: Callable[[], bool] = lambda: False) -> None:
        """Background work: drain the async queue, upgrade dynamic indexes, clean up
        tombstones, snapshot. Called periodically by the shard's maintenance thread;
        ``stop`` ends a long drain early at shutdown (the queue is durable)."""
        if self.async_indexing:
            self.drain(limit=None, stop=stop)
            if stop():
                return
        if self._needs_upgrade():
            self.rebuild("hnsw", stop)
        elif self._cleanup_due() and self._needs_cleanup():
            self.rebuild(self.index.kind, stop)
        due = time.monotonic() - self._last_snapshot >= snapshot_after
        if self.skipped:
            return
        if self.snapshot_if_needed(1 if due else snapshot_min_new):
            self._last_snapshot = time.monotonic()

    def _needs_upgrade(self) -> bool:
        return (self.vector_def.index_type == "dynamic" and self.index.kind == "flat"
                and len(self.index) > dynamic_threshold(self.vector_def))

    def _cleanup_due(self) -> bool:
        """Tombstone cleanup runs at most every ``cleanupIntervalSeconds`` (Weaviate's cycle)."""
        interval = self.vector_def.index_config.get("cleanupIntervalSeconds", 300)
        now = time.monotonic()
        if not isinstance(interval, (int, float)) or now - self._last_cleanup_check < interval:
            return False
        self._last_cleanup_check = now
        return True

    def _needs_cleanup(self) -> bool:
        tombstones = self.index.slots.tombstones
        return self.index.kind == "hnsw" and tombstones >= 1000 and tombstones > 0.1 * self.index.slots.n

    # -- search ------------------------------------------------------------------------------
    @property
    def skipped(self) -> bool:
        """``skip: true``: vectors are stored but not indexed (Weaviate's noop index)."""
        return bool(self.vector_def.index_config.get("skip", False))

    def search(self, query: Matrix, k: int, allow: BitMap | None) -> Result:
        self._check_query(query)
        index_ids, index_dist = self.index.search(query, k, allow)
        queue_ids, queue_dist = self.queue.search(query, k, allow)
        if not len(queue_ids):
            return index_ids, index_dist
        ids = np.concatenate([index_ids, queue_ids])
        dist = np.concatenate([index_dist, queue_dist])
        order = np.argsort(dist, kind="stable")[:k]
        return ids[order], dist[order]

    def keys_of(self, doc_ids: IntArray) -> dict[int, bytes]:
        """Object ids (uuid bytes) of result doc ids, from memory."""
        found = self.index.keys_of(doc_ids)
        if len(found) < len(doc_ids):
            found.update(self.queue.keys_of(doc_ids))
        return found

    def _check_query(self, query: Matrix) -> None:
        if self.skipped:
            raise InvalidInput("cannot vector-search on a class not vector-indexed")
        dims = self.index.dims or self.queue.dims
        if dims and query.size != dims:
            raise InvalidInput(
                "vector search: knn search: distance between entrypoint and query node: "
                f"vector lengths don't match: {query.size} vs {dims}"
            )

    def distances_to(self, query: Matrix, doc_ids: IntArray) -> dict[int, float]:
        self._check_query(query)
        found = self.index.distances_to(query, doc_ids)
        found.update(self.queue.distances_to(query, doc_ids))
        return found

    # -- maintenance ---------------------------------------------------------------------------
    def update_config(self, vector_def: VectorDef) -> None:
        self.vector_def = vector_def
        update_config(self.index, vector_def)

    def snapshot_if_needed(self, min_new: int = 1) -> bool:
        """Write a snapshot when at least ``min_new`` vectors were indexed since the last."""
        watermark = self.index.slots.last_doc_id()
        if self.index.slots.n == 0 or watermark - self.snapshot_watermark < min_new:
            return False
        self.snapshot_watermark = self._snapshot.write(self.index)
        return True

    @property
    def indexing_status(self) -> str:
        if self._rebuilding:
            return "INDEXING"
        return "INDEXING" if len(self.queue) else "READY"
