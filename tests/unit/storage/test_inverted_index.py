"""Index maintenance: the buckets after inserts, updates and deletes are exactly
what indexing the live objects from scratch gives, and removed docs are gone."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyroaring import BitMap

from tests.unit.storage.inverted_support import Setup, collection, obj, oid, open_setup
from weftdb.entities.filters import Operator, ValueType
from weftdb.storage.inverted import keys
from weftdb.storage.inverted.plan import NULLSTATE, PROPLENGTH, filterable_bucket, prefixed
from weftdb.storage.kv.memory import MemoryEngine
from weftdb.storage.kv.port import KeyValueEngine, KeyValueStore

BEACON = "weaviate://localhost/Other/00000000-0000-0000-0000-000000000001"


def sample(i: int) -> dict[str, object]:
    return {
        "text": f"The quick fox {i % 3}",
        "texts": ["red fox", f"n{i % 2}"],
        "int": i % 4,
        "ints": [i, i + 1],
        "number": i / 2,
        "bool": i % 2 == 0,
        "date": f"2024-01-0{1 + i % 5}T00:00:00Z",
        "uuid": str(oid(i % 2)),
        "geo": {"latitude": 50.0 + i, "longitude": 10.0},
        "ref": [{"beacon": BEACON}] * (i % 3),
        "rangeOnly": i,
    }


def dump(store: KeyValueStore, buckets: list[str]) -> dict[tuple[str, bytes], object]:
    """Every entry of the index buckets; bitmaps as sets, others raw."""
    out: dict[tuple[str, bytes], object] = {}
    for bucket in buckets:
        for key, raw in store.scan(bucket):
            out[(bucket, bytes(key))] = set(BitMap.deserialize(raw)) if _is_bitmap(bucket) else bytes(raw)
    return out


def _is_bitmap(bucket: str) -> bool:
    return not bucket.startswith(("rangeable_", "geo_"))


def rebuilt(setup: Setup, tmp_path: Path) -> dict[tuple[str, bytes], object]:
    """The buckets of a fresh shard holding the same live objects with the same doc ids."""
    fresh = open_setup(MemoryEngine(), tmp_path / "fresh")
    live = setup.shard.objects_by_doc_ids(list(setup.shard.all_doc_ids()))
    batch = fresh.shard.store.new_batch()
    fresh.index.stage(batch, live, [])
    fresh.shard.store.write(batch)
    return dump(fresh.shard.store, setup.index.plan.buckets())


def test_insert_update_delete_match_a_rebuild(engine: KeyValueEngine, store_path: Path, tmp_path: Path) -> None:
    setup = open_setup(engine, store_path)
    setup.put(obj(i, sample(i)) for i in range(12))
    setup.put(obj(i, {**sample(i + 7), "text": "changed"}) for i in range(0, 12, 3))  # updates
    setup.put([obj(1, {})])  # update to an object without properties
    assert setup.shard.delete_objects([oid(2), oid(5), oid(99)]) == [oid(2), oid(5)]
    assert dump(setup.shard.store, setup.index.plan.buckets()) == rebuilt(setup, tmp_path)


def test_bitmaps_hold_exactly_the_live_doc_ids(engine: KeyValueEngine, store_path: Path) -> None:
    setup = open_setup(engine, store_path)
    setup.put([obj(0, {"int": 1, "text": "a b"}), obj(1, {"int": 1, "text": "b"}), obj(2, {"int": 2})])
    doc = {o.id.int - 1: o.doc_id for o in setup.shard.multi_get([oid(0), oid(1), oid(2)]) if o}
    assert setup.index.bitmap(filterable_bucket("int"), keys.encode_int(1)) == BitMap([doc[0], doc[1]])
    setup.put([obj(0, {"int": 2, "text": "c"})])
    new0 = setup.shard.get(oid(0))
    assert new0 is not None
    assert setup.index.bitmap(filterable_bucket("int"), keys.encode_int(1)) == BitMap([doc[1]])
    assert setup.index.bitmap(filterable_bucket("int"), keys.encode_int(2)) == BitMap([doc[2], new0.doc_id])
    assert setup.shard.store.get(filterable_bucket("text"), b"a") is None  # emptied keys are deleted
    assert setup.index.bitmap(NULLSTATE, prefixed("text", keys.TRUE)) == BitMap([doc[2]])
    assert setup.index.bitmap(PROPLENGTH, prefixed("text", keys.encode_count(1))) == BitMap([doc[1], new0.doc_id])
    setup.shard.delete_objects([oid(1), oid(2)])
    assert setup.index.bitmap(filterable_bucket("int"), keys.encode_int(2)) == BitMap([new0.doc_id])
    assert setup.index.bitmap(NULLSTATE, prefixed("text", keys.TRUE)) == BitMap()


def test_duplicates_in_one_batch_index_the_last_version(engine: KeyValueEngine, store_path: Path) -> None:
    setup = open_setup(engine, store_path)
    setup.put([obj(0, {"int": 1}), obj(0, {"int": 2})])
    assert setup.where(Operator.EQUAL, "int", 1, ValueType.INT) == set()
    assert setup.where(Operator.EQUAL, "int", 2, ValueType.INT) == {0}


def test_columns_follow_writes_after_they_are_built(engine: KeyValueEngine, store_path: Path) -> None:
    setup = open_setup(engine, store_path)
    setup.put(obj(i, {"number": float(i), "rangeOnly": i}) for i in range(10))
    assert setup.where(Operator.GREATER_THAN, "number", 6.0, ValueType.NUMBER) == {7, 8, 9}  # builds the column
    assert setup.where(Operator.LESS_THAN, "rangeOnly", 2, ValueType.INT) == {0, 1}
    setup.put([obj(3, {"number": 100.0, "rangeOnly": -5}), obj(20, {"number": 6.5, "rangeOnly": 0})])
    setup.shard.delete_objects([oid(8)])
    assert setup.where(Operator.GREATER_THAN, "number", 6.0, ValueType.NUMBER) == {3, 7, 9, 20}
    assert setup.where(Operator.LESS_THAN, "rangeOnly", 2, ValueType.INT) == {0, 1, 3, 20}
    assert setup.where(Operator.EQUAL, "rangeOnly", 0, ValueType.INT) == {0, 20}


def test_geo_points_follow_writes(engine: KeyValueEngine, store_path: Path) -> None:
    from weftdb.entities.filters import GeoRange

    setup = open_setup(engine, store_path)
    setup.put(obj(i, {"geo": {"latitude": 52.0 + i * 0.01, "longitude": 13.0}}) for i in range(5))
    near = GeoRange(52.0, 13.0, 1500.0)  # 0.01 degree latitude is ~1.1 km
    assert setup.where(Operator.WITHIN_GEO_RANGE, "geo", near, ValueType.GEO_RANGE) == {0, 1}
    setup.put([obj(4, {"geo": {"latitude": 52.0, "longitude": 13.001}})])
    setup.shard.delete_objects([oid(0)])
    assert setup.where(Operator.WITHIN_GEO_RANGE, "geo", near, ValueType.GEO_RANGE) == {1, 4}


def test_index_survives_a_reopen(tmp_path: Path) -> None:
    from weftdb.storage.kv.rocksdb import RocksEngine

    engine = RocksEngine(block_cache_bytes=1 << 20)
    setup = open_setup(engine, tmp_path / "s")
    setup.put(obj(i, {"int": i % 2, "text": f"w{i}"}) for i in range(6))
    setup.shard.close()
    again = open_setup(engine, tmp_path / "s")
    assert again.where(Operator.EQUAL, "int", 1, ValueType.INT) == {1, 3, 5}
    assert again.where(Operator.LIKE, "text", "w?", ValueType.TEXT) == set(range(6))
    again.shard.close()


def test_new_properties_get_buckets(engine: KeyValueEngine, store_path: Path) -> None:
    setup = open_setup(engine, store_path, collection([{"name": "a", "dataType": ["int"]}]))
    setup.put([obj(0, {"a": 1})])
    wider = collection([{"name": "a", "dataType": ["int"]}, {"name": "b", "dataType": ["text"]}])
    setup.index.update_collection(wider)
    setup.shard.ensure_vector_buckets(wider)
    assert filterable_bucket("b") in setup.shard.store.buckets()
    setup.put([obj(1, {"a": 2, "b": "hello"})])
    assert setup.where(Operator.EQUAL, "b", "hello", ValueType.TEXT) == {1}
    assert setup.where(Operator.IS_NULL, "b", False, ValueType.BOOLEAN) == {1}


@pytest.mark.parametrize("bucket", ["ts_created", "ts_updated", "nullstate", "proplength"])
def test_switched_off_features_have_no_buckets(engine: KeyValueEngine, store_path: Path, bucket: str) -> None:
    setup = open_setup(engine, store_path, collection(inverted={}))
    assert bucket not in setup.shard.store.buckets()


def test_backfill_indexes_a_shard_written_before_the_index(engine: KeyValueEngine, store_path: Path) -> None:
    from weftdb.storage.db.shard import Shard
    from weftdb.storage.inverted.index import InvertedIndex

    coll = collection()
    shard = Shard("s0", coll, engine.open(store_path))
    shard.put_objects([obj(i, sample(i)) for i in range(2500)])  # no indexer yet
    index = InvertedIndex(coll, shard.store)
    assert not index.is_current
    assert index.backfill(shard.scan) == 2500
    assert index.is_current and InvertedIndex(coll, shard.store).is_current
    shard.add_indexer(index)
    setup = Setup(shard, index)
    assert setup.where(Operator.EQUAL, "int", 2, ValueType.INT) == {i for i in range(2500) if i % 4 == 2}
    assert setup.where(Operator.GREATER_THAN, "number", 1240.0, ValueType.NUMBER) == set(range(2481, 2500))
