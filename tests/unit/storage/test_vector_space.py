from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import pytest

from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.errors import InvalidInput
from weftdb.storage.db.shard import Shard
from weftdb.storage.kv.port import KeyValueEngine
from weftdb.storage.vector.snapshot import SnapshotFile
from weftdb.storage.vector.space import VectorSpace

RNG = np.random.default_rng(7)
VECTORS = RNG.standard_normal((300, 8)).astype(np.float32)


def collection(index_type: str = "hnsw", **cfg: object) -> CollectionDef:
    return CollectionDef.from_dict({
        "class": "V", "properties": [],
        "vectorConfig": {"v": {"vectorIndexType": index_type, "vectorizer": {"none": {}},
                               "vectorIndexConfig": {"distance": "l2-squared", **cfg}}},
    })


def obj(i: int, vector: np.ndarray | None = None) -> StoredObject:
    return StoredObject(uuid.UUID(int=i + 1), "V", {}, {"v": VECTORS[i] if vector is None else vector})


def open_space(shard: Shard, coll: CollectionDef, tmp: Path, async_indexing: bool = False) -> VectorSpace:
    space = VectorSpace(coll.vectors["v"], shard.store, SnapshotFile(tmp / "v.snapshot"), shard.all_doc_ids,
                        async_indexing=async_indexing)
    space.open()
    shard.add_indexer(space)
    return space


def nearest(space: VectorSpace, shard: Shard, q: np.ndarray, k: int = 5) -> list[int]:
    ids, _ = space.search(q, k, None)
    return [o.id.int - 1 for o in shard.objects_by_doc_ids(list(map(int, ids)))]


def brute(rows: list[int], q: np.ndarray, k: int = 5) -> list[int]:
    d = ((VECTORS[rows] - q) ** 2).sum(axis=1)
    return [rows[i] for i in np.argsort(d)[:k]]


@pytest.fixture
def shard(engine: KeyValueEngine, store_path: Path) -> Shard:
    return Shard("s", collection(), engine.open(store_path))


def test_writes_updates_and_deletes_reach_the_index(shard: Shard, tmp_path: Path) -> None:
    space = open_space(shard, collection(), tmp_path)
    shard.put_objects([obj(i) for i in range(100)])
    q = VECTORS[5]
    assert nearest(space, shard, q) == brute(list(range(100)), q)
    shard.put_objects([obj(5, VECTORS[200])])  # replaced: its old vector must not match anymore
    assert 5 not in nearest(space, shard, q, 1)
    shard.delete_objects([uuid.UUID(int=i + 1) for i in range(10, 20)])
    assert not set(nearest(space, shard, VECTORS[12], 20)) & set(range(10, 20))
    assert len(space.index) == 90


def test_async_indexing_queue_is_searchable_and_drains(shard: Shard, tmp_path: Path) -> None:
    space = open_space(shard, collection(), tmp_path, async_indexing=True)
    shard.put_objects([obj(i) for i in range(120)])
    assert len(space.queue) == 120 and len(space.index) == 0
    q = VECTORS[3]
    assert nearest(space, shard, q) == brute(list(range(120)), q)
    shard.delete_objects([uuid.UUID(int=4)])  # doc of row 3 deleted while queued
    assert 3 not in nearest(space, shard, q)
    space.drain(limit=50)
    assert len(space.index) == 50 and len(space.queue) == 69
    assert nearest(space, shard, q) == brute([i for i in range(120) if i != 3], q)
    space.drain(limit=None)
    assert len(space.queue) == 0 and len(space.index) == 119


def test_restart_replays_vectors_written_after_the_snapshot(engine: KeyValueEngine, store_path: Path,
                                                            tmp_path: Path) -> None:
    shard = Shard("s", collection(), engine.open(store_path))
    space = open_space(shard, collection(), tmp_path)
    shard.put_objects([obj(i) for i in range(100)])
    space.snapshot_if_needed(1)
    shard.put_objects([obj(i) for i in range(100, 150)])
    shard.delete_objects([uuid.UUID(int=i + 1) for i in range(0, 10)])
    shard.close()
    shard = Shard("s", collection(), engine.open(store_path))
    space = open_space(shard, collection(), tmp_path)
    assert space.snapshot_watermark >= 0  # loaded from the snapshot, not rebuilt
    assert len(space.index) == 140
    rows = list(range(10, 150))
    for i in (3, 50, 120):
        assert nearest(space, shard, VECTORS[i]) == brute(rows, VECTORS[i])


def test_rebuild_drops_tombstones_and_keeps_results(shard: Shard, tmp_path: Path) -> None:
    space = open_space(shard, collection(), tmp_path)
    shard.put_objects([obj(i) for i in range(200)])
    shard.delete_objects([uuid.UUID(int=i + 1) for i in range(0, 200, 2)])
    assert space.index.slots.tombstones == 100
    space.rebuild("hnsw")
    assert space.index.slots.tombstones == 0 and len(space.index) == 100
    rows = list(range(1, 200, 2))
    assert nearest(space, shard, VECTORS[7]) == brute(rows, VECTORS[7])


def test_dynamic_index_upgrades_to_hnsw_past_its_threshold(engine: KeyValueEngine, store_path: Path,
                                                           tmp_path: Path) -> None:
    coll = collection("dynamic", threshold=50)
    shard = Shard("s", coll, engine.open(store_path))
    space = open_space(shard, coll, tmp_path)
    shard.put_objects([obj(i) for i in range(40)])
    space.maintain(snapshot_after=3600, snapshot_min_new=10**9)
    assert space.index.kind == "flat"
    shard.put_objects([obj(i) for i in range(40, 80)])
    space.maintain(snapshot_after=3600, snapshot_min_new=10**9)
    assert space.index.kind == "hnsw" and len(space.index) == 80
    assert nearest(space, shard, VECTORS[60]) == brute(list(range(80)), VECTORS[60])


def test_skipped_index_stores_vectors_but_refuses_search(engine: KeyValueEngine, store_path: Path,
                                                          tmp_path: Path) -> None:
    coll = collection(skip=True)
    shard = Shard("s", coll, engine.open(store_path))
    space = open_space(shard, coll, tmp_path)
    shard.put_objects([obj(i) for i in range(10)])
    assert len(space.index) == 0 and len(space.queue) == 0
    got = shard.get(uuid.UUID(int=3), with_vectors=True)
    assert got is not None and got.vectors["v"].tolist() == VECTORS[2].tolist()
    with pytest.raises(InvalidInput, match="not vector-indexed"):
        space.search(VECTORS[0], 5, None)


def test_concurrent_writers_return_only_once_their_vectors_are_indexed(shard: Shard, tmp_path: Path) -> None:
    """Without async indexing each write returns once its own vectors are in the
    index; concurrent writers neither lose nor double-add vectors."""
    import threading

    space = open_space(shard, collection(), tmp_path)
    seen: list[str] = []

    def writer(rows: range) -> None:
        for start in range(rows.start, rows.stop, 10):
            shard.put_objects([obj(i) for i in range(start, start + 10)])
            indexed = set(space.index.keys_of(np.arange(0, 1000, dtype=np.int64)).values())
            if not all(uuid.UUID(int=i + 1).bytes in indexed for i in range(start, start + 10)):
                seen.append(f"batch {start} returned before it was indexed")

    threads = [threading.Thread(target=writer, args=(range(k * 100, k * 100 + 100),)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not seen
    assert len(space.queue) == 0 and len(space.index) == 300
    q = VECTORS[42]
    assert nearest(space, shard, q) == brute(list(range(300)), q)


def test_concurrent_drains_index_every_vector_once(shard: Shard, tmp_path: Path) -> None:
    """Two drains at once (the maintenance thread and a writer) must not pop each
    other's vectors: a vector popped by the other drain looked deleted meanwhile."""
    import threading

    space = open_space(shard, collection(), tmp_path, async_indexing=True)
    shard.put_objects([obj(i) for i in range(300)])
    threads = [threading.Thread(target=space.drain, kwargs={"limit": None}) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(space.queue) == 0 and len(space.index) == 300
    q = VECTORS[7]
    assert nearest(space, shard, q) == brute(list(range(300)), q)
