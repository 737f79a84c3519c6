"""The database: collections (indexes) made of shards, each its own RocksDB.

Implements the use cases' ``Database`` port. Layout under the data root:
``collections/<collection lower-case>/<shard name>/`` (one RocksDB each).
"""

from __future__ import annotations

import heapq
import logging
import shutil
import threading
import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from weftdb.entities.filters import Filter
from weftdb.entities.nodes import ShardStatus
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import ClassRecord, CollectionDef
from weftdb.entities.search import KeywordQuery, SortSpec
from weftdb.errors import InvalidInput, NotFound
from weftdb.storage.db import keyword
from weftdb.storage.db.background import Maintenance
from weftdb.storage.db.datadir import DataDir
from weftdb.storage.db.shard import Shard
from weftdb.storage.db.vectors import ShardVectors, VectorSettings
from weftdb.storage.inverted.doc_uuids import uuid_of
from weftdb.storage.inverted.filters import FilterEvaluator
from weftdb.storage.inverted.index import InvertedIndex
from weftdb.storage.inverted.sort import ShardSorter, sort_objects
from weftdb.storage.kv.port import KeyValueEngine

log = logging.getLogger(__name__)

SHARD_STATUSES = ("READY", "READONLY")


class CollectionIndex:
    """The shards of one collection; objects are routed to a shard by id."""

    def __init__(self, collection: CollectionDef, shards: dict[str, Shard]) -> None:
        self.collection = collection
        self.shards = shards
        self._order = sorted(shards)
        self.status: dict[str, str] = {name: "READY" for name in shards}
        self.vectors: dict[str, ShardVectors] = {}
        self.inverted: dict[str, InvertedIndex] = {}

    def allow_list(self, shard_name: str, filters: Filter) -> BitMap:
        """The doc ids of one shard matching ``filters`` (from its inverted index)."""
        shard = self.shards[shard_name]
        return FilterEvaluator(shard, self.inverted.get(shard_name)).allow_list(filters)

    def shard_for(self, obj_id: uuidlib.UUID) -> Shard:
        return self.shards[self._order[obj_id.int % len(self._order)]]

    def read_only_error(self, shard_name: str) -> str | None:
        """Weaviate's message for writes to a shard an operator set to READONLY."""
        if self.status[shard_name] == "READY":
            return None
        return f'shard="{shard_name}": store is read-only due to: manually set by user'

    def group(self, ids: Iterable[uuidlib.UUID]) -> dict[str, list[int]]:
        """Positions of ``ids`` per shard name."""
        out: dict[str, list[int]] = {}
        for pos, obj_id in enumerate(ids):
            out.setdefault(self.shard_for(obj_id).name, []).append(pos)
        return out


def _open_inverted(collection: CollectionDef, shard: Shard) -> InvertedIndex:
    """The shard's inverted index, registered with its writes; built from the
    objects first when the shard predates it."""
    inverted = InvertedIndex(collection, shard.store)
    if not inverted.is_current:
        count = inverted.backfill(shard.scan)
        if count:
            log.warning("built the inverted index from the stored objects",
                        extra={"shard": shard.name, "objects": count})
    shard.add_indexer(inverted)
    return inverted


class ShardedDatabase:
    def __init__(
        self,
        datadir: DataDir,
        engine: KeyValueEngine,
        vector_settings: VectorSettings | None = None,
        fault: Callable[[str], None] = lambda name: None,
    ) -> None:
        self._dir = datadir
        self._engine = engine
        self._indexes: dict[str, CollectionIndex] = {}
        self._lock = threading.Lock()
        self._vector_settings = vector_settings or VectorSettings()
        self._maintenance = Maintenance()
        self._fault = fault

    # -- lifecycle -----------------------------------------------------------
    def open_all(self, records: Sequence[ClassRecord]) -> None:
        """Open every recorded collection and remove directories no record names
        (left by a crash between creating storage and recording the collection)."""
        known = set()
        for record in records:
            collection = CollectionDef.from_dict(record.definition)
            self.create_collection(collection, record.shards)
            known.add(collection.name.lower())
        root = self._dir.collections_path
        if root.exists():
            for child in root.iterdir():
                if child.name not in known:
                    log.warning("removing orphaned collection directory", extra={"path": str(child)})
                    shutil.rmtree(child, ignore_errors=True)

    def create_collection(self, collection: CollectionDef, shards: Sequence[str]) -> None:
        with self._lock:
            if collection.name in self._indexes:
                return
            base = self._dir.collection_path(collection.name)
            opened = {
                name: Shard(name, collection, self._engine.open(base / name)) for name in shards
            }
            index = CollectionIndex(collection, opened)
            for name, shard in opened.items():
                index.inverted[name] = _open_inverted(collection, shard)
                vectors = ShardVectors(shard, base / f"{name}.vectors", self._vector_settings,
                                       self._maintenance, self._fault)
                vectors.open(collection)
                index.vectors[name] = vectors
            self._indexes[collection.name] = index

    def update_collection(self, collection: CollectionDef) -> None:
        index = self._index(collection.name)
        index.collection = collection
        for name, shard in index.shards.items():
            shard.adopt(collection, index.inverted[name].update_collection)  # not during a write
            index.vectors[name].open(collection)

    def drop_collection(self, name: str) -> None:
        with self._lock:
            index = self._indexes.pop(name, None)
        if index is None:
            return
        for vectors in index.vectors.values():
            vectors.close(snapshot=False)
        for shard in index.shards.values():
            shard.close()
        shutil.rmtree(self._dir.collection_path(name), ignore_errors=True)

    def close(self) -> None:
        self._maintenance.stop()
        with self._lock:
            indexes, self._indexes = list(self._indexes.values()), {}
        for index in indexes:
            for vectors in index.vectors.values():
                vectors.close()
            for shard in index.shards.values():
                shard.close()

    def _index(self, collection: str) -> CollectionIndex:
        index = self._indexes.get(collection)
        if index is None:
            raise NotFound(f"collection {collection} not found")
        return index

    # -- writes --------------------------------------------------------------
    def put_objects(
        self, collection: str, tenant: str, objects: Sequence[StoredObject], *, fail_if_exists: bool = False
    ) -> list[str | None]:
        index = self._index(collection)
        errors: list[str | None] = [None] * len(objects)
        for shard_name, positions in index.group(o.id for o in objects).items():
            read_only = index.read_only_error(shard_name)
            if read_only is not None:
                for pos in positions:
                    errors[pos] = read_only
                continue
            found = index.shards[shard_name].put_objects([objects[p] for p in positions], fail_if_exists=fail_if_exists)
            for pos, error in zip(positions, found):
                errors[pos] = error
        return errors

    def delete_objects(self, collection: str, tenant: str, ids: Sequence[uuidlib.UUID]) -> list[uuidlib.UUID]:
        index = self._index(collection)
        deleted: list[uuidlib.UUID] = []
        groups = index.group(ids)
        for shard_name in groups:
            read_only = index.read_only_error(shard_name)
            if read_only is not None:  # refuse before anything is deleted
                raise InvalidInput(read_only)
        for shard_name, positions in groups.items():
            deleted.extend(index.shards[shard_name].delete_objects(ids[p] for p in positions))
        return deleted

    # -- reads ---------------------------------------------------------------
    def get_objects(
        self, collection: str, tenant: str, ids: Sequence[uuidlib.UUID], with_vectors: bool
    ) -> list[StoredObject | None]:
        index = self._index(collection)
        out: list[StoredObject | None] = [None] * len(ids)
        for shard_name, positions in index.group(ids).items():
            found = index.shards[shard_name].multi_get([ids[p] for p in positions], with_vectors)
            for pos, obj in zip(positions, found):
                out[pos] = obj
        return out

    def exists(self, collection: str, tenant: str, obj_id: uuidlib.UUID) -> bool:
        return self._index(collection).shard_for(obj_id).exists(obj_id)

    def scan(
        self, collection: str, tenant: str, after: uuidlib.UUID | None, limit: int, with_vectors: bool
    ) -> list[StoredObject]:
        shards = list(self._index(collection).shards.values())
        if len(shards) == 1:
            return shards[0].scan(after, limit, with_vectors)
        parts = [s.scan(after, limit, with_vectors) for s in shards]
        merged = heapq.merge(*parts, key=lambda o: o.id.bytes)
        return [obj for _, obj in zip(range(limit), merged)]

    def find_ids(
        self, collection: str, tenant: str, filters: Filter, limit: int
    ) -> tuple[list[uuidlib.UUID], int]:
        found: list[uuidlib.UUID] = []
        matches = 0
        index = self._index(collection)
        for name, shard in index.shards.items():
            allowed = index.allow_list(name, filters)
            matches += len(allowed)
            take = list(allowed[: max(limit - len(found), 0)]) if len(found) < limit else []
            found.extend(o.id for o in shard.objects_by_doc_ids(take))
        return found, matches

    def fetch(
        self,
        collection: str,
        tenant: str,
        *,
        filters: Filter | None,
        after: uuidlib.UUID | None,
        offset: int,
        limit: int,
        with_vectors: bool,
        sort: Sequence[SortSpec] = (),
    ) -> list[StoredObject]:
        if sort:
            return self._fetch_sorted(collection, filters, sort, offset, limit, with_vectors)
        if filters is None:
            return self.scan(collection, tenant, after, offset + limit, with_vectors)[offset:]
        out: list[StoredObject] = []
        index = self._index(collection)
        for name, shard in index.shards.items():
            allowed = index.allow_list(name, filters)
            out.extend(shard.objects_by_doc_ids(list(allowed[: offset + limit]), with_vectors))
        return out[offset : offset + limit]

    def _fetch_sorted(
        self, collection: str, filters: Filter | None, sort: Sequence[SortSpec], offset: int, limit: int,
        with_vectors: bool,
    ) -> list[StoredObject]:
        """Each shard sorts its candidates (``inverted/sort.py``); the shards' heads merge."""
        index = self._index(collection)
        out: list[StoredObject] = []
        for name, shard in index.shards.items():
            candidates = index.allow_list(name, filters) if filters is not None else shard.all_doc_ids()
            sorter = ShardSorter(index.inverted.get(name), shard.objects_by_doc_ids)
            out.extend(sorter.top(candidates, sort, offset + limit, with_vectors))
        if len(index.shards) > 1:
            out = self.sort_objects(collection, out, sort)
        return out[offset : offset + limit]

    def sort_objects(self, collection: str, objects: Sequence[StoredObject],
                     sort: Sequence[SortSpec]) -> list[StoredObject]:
        """``objects`` in ``sort`` order (stable), compared as ``fetch`` compares."""
        index = self._index(collection)
        return sort_objects(list(objects), sort, index.inverted[next(iter(index.shards))].plan)

    def count(self, collection: str, tenant: str) -> int:
        return sum(s.count() for s in self._index(collection).shards.values())

    # -- shard admin -----------------------------------------------------------
    def shard_statuses(self, collection: str | None = None) -> list[ShardStatus]:
        names = [collection] if collection is not None else sorted(self._indexes)
        out = []
        for name in names:
            index = self._index(name)
            for shard_name, shard in sorted(index.shards.items()):
                out.append(
                    ShardStatus(
                        name=shard_name,
                        collection=name,
                        object_count=shard.count(),
                        status=index.status[shard_name],
                        vector_queue_length=index.vectors[shard_name].queue_length,
                        vector_indexing_status=index.vectors[shard_name].indexing_status,
                    )
                )
        return out

    def set_shard_status(self, collection: str, shard: str, status: str) -> None:
        index = self._index(collection)
        if shard not in index.shards:
            raise NotFound(f"shard {shard} not found in collection {collection}")
        if status not in SHARD_STATUSES:
            raise InvalidInput(f"invalid status: {status}")
        index.status[shard] = status

    # -- keyword search (BM25) ---------------------------------------------------
    def keyword_search(
        self,
        collection: str,
        tenant: str,
        query: KeywordQuery,
        k: int,
        *,
        filters: Filter | None = None,
        with_vectors: bool = False,
        with_objects: bool = True,
        explain: bool = False,
    ) -> list[tuple[StoredObject, float, str]]:
        """Every shard's best ``k`` by BM25, merged (``storage/db/keyword.py``)."""
        index = self._index(collection)
        return keyword.search(index.collection, index.shards, index.inverted, index.allow_list, query, k,
                              filters=filters, with_vectors=with_vectors, with_objects=with_objects,
                              explain=explain)

    # -- vector search ----------------------------------------------------------
    def vector_search(
        self,
        collection: str,
        tenant: str,
        target: str,
        vector: npt.NDArray[np.float32],
        k: int,
        *,
        filters: Filter | None = None,
        max_distance: float | None = None,
        with_vectors: bool = False,
        with_objects: bool = True,
    ) -> list[tuple[StoredObject, float]]:
        index = self._index(collection)
        if target not in index.collection.vectors:
            raise InvalidInput(f"target vector {target!r} not found in collection {collection}")
        hits: list[tuple[float, str, int]] = []
        for shard_name in index.shards:
            allow = index.allow_list(shard_name, filters) if filters is not None else None
            ids, dist = index.vectors[shard_name].spaces[target].search(vector, k, allow)
            hits.extend((float(d), shard_name, int(i)) for i, d in zip(ids, dist))
        hits.sort(key=lambda h: h[0])
        if max_distance is not None:
            hits = [h for h in hits if h[0] <= max_distance]
        return self._resolve_hits(index, target, hits[:k], with_vectors, with_objects)

    @staticmethod
    def _resolve_hits(
        index: CollectionIndex, target: str, hits: list[tuple[float, str, int]], with_vectors: bool,
        with_objects: bool,
    ) -> list[tuple[StoredObject, float]]:
        """Objects of the hits: their ids come from the vector index (memory); the
        objects themselves are read only when something of them is returned."""
        by_shard: dict[str, list[int]] = {}
        for _, shard_name, doc_id in hits:
            by_shard.setdefault(shard_name, []).append(doc_id)
        found: dict[tuple[str, int], StoredObject] = {}
        for shard_name, doc_ids in by_shard.items():
            keys = index.vectors[shard_name].spaces[target].keys_of(np.asarray(doc_ids, dtype=np.int64))
            if not with_objects:
                name = index.collection.name
                found.update(((shard_name, d), StoredObject(uuid_of(int.from_bytes(key, "big")), name, {}, doc_id=d))
                             for d, key in keys.items())
                continue
            ids = [uuid_of(int.from_bytes(keys[d], "big")) for d in doc_ids if d in keys]
            for obj in index.shards[shard_name].multi_get(ids, with_vectors):
                if obj is not None:
                    found[(shard_name, obj.doc_id)] = obj
        return [(found[(s, d)], dist) for dist, s, d in hits if (s, d) in found]

    def vector_distances(
        self,
        collection: str,
        tenant: str,
        target: str,
        vector: npt.NDArray[np.float32],
        ids: Sequence[uuidlib.UUID],
    ) -> list[float | None]:
        index = self._index(collection)
        out: list[float | None] = [None] * len(ids)
        for shard_name, positions in index.group(ids).items():
            shard = index.shards[shard_name]
            space = index.vectors[shard_name].spaces.get(target)
            if space is None:
                continue
            doc_ids = {obj.id: obj.doc_id for obj in shard.multi_get([ids[p] for p in positions]) if obj}
            found = space.distances_to(vector, np.asarray(list(doc_ids.values()), dtype=np.int64))
            for pos in positions:
                doc_id = doc_ids.get(ids[pos])
                out[pos] = found.get(doc_id) if doc_id is not None else None
        return out

    # -- aggregation reads --------------------------------------------------------
    def matching_objects(self, collection: str, tenant: str, filters: Filter | None) -> Iterator[StoredObject]:
        """Every object matching ``filters`` (all when None), properties only, shard by
        shard in doc id order, read in chunks so a large collection is never all in memory."""
        index = self._index(collection)
        for name, shard in list(index.shards.items()):
            allowed = index.allow_list(name, filters) if filters is not None else shard.all_doc_ids()
            doc_ids, chunk = list(allowed), 1000
            for start in range(0, len(doc_ids), chunk):
                yield from shard.objects_by_doc_ids(doc_ids[start : start + chunk])
