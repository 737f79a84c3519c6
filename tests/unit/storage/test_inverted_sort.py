"""Sorting: Weaviate's order per type, nulls, ties, several keys, both directions,
the fast paths against the generic one, and the merge of several shards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyroaring import BitMap

from tests.unit.storage.inverted_support import Setup, collection, obj, oid, open_setup
from weftdb.entities.filters import Filter, Operator, ValueType
from weftdb.entities.search import SortSpec
from weftdb.storage.db.database import ShardedDatabase
from weftdb.storage.db.datadir import DataDir
from weftdb.storage.inverted.sort import ShardSorter
from weftdb.storage.kv.memory import MemoryEngine
from weftdb.storage.kv.port import KeyValueEngine
from weftdb.storage.kv.rocksdb import RocksEngine

DATA: list[dict[str, Any]] = [
    {"text": "banana", "int": 3, "number": 2.5, "bool": True, "date": "2024-01-02T00:00:00Z", "ints": [1, 2]},
    {"text": "Apple", "int": 1, "number": -1.0, "bool": False, "date": "2024-01-01T23:00:00-02:00", "ints": [1]},
    {"text": "cherry", "int": 3, "number": 2.5, "bool": True, "date": "2023-12-31T00:00:00Z", "ints": []},
    {},
    {"text": "apple", "int": -7, "number": 10.0, "bool": False, "date": "2024-01-01T00:00:00Z", "ints": [0, 9]},
    {"text": "Banana", "int": 3, "ints": [1, 2, 0]},
]


def loaded(engine: KeyValueEngine, path: Path) -> Setup:
    s = open_setup(engine, path)
    s.put(obj(i, props, created=[5, 3, 9, 1, 7, 3][i]) for i, props in enumerate(DATA))
    return s


@pytest.fixture(scope="module", params=["memory", "rocksdb"])
def setup(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """Read-only tests share one loaded shard per engine."""
    engine = MemoryEngine() if request.param == "memory" else RocksEngine(block_cache_bytes=8 << 20)
    return loaded(engine, tmp_path_factory.mktemp("sort") / "s")


def order(setup: Setup, *specs: tuple[str, bool], top: int = 100, candidates: BitMap | None = None) -> list[int]:
    sorter = ShardSorter(setup.index, setup.shard.objects_by_doc_ids)
    found = sorter.top(candidates or setup.shard.all_doc_ids(), [SortSpec((p,), asc) for p, asc in specs], top, False)
    return [o.id.int - 1 for o in found]


@pytest.mark.parametrize(("specs", "expected"), [
    ((("text", True),), [3, 1, 4, 0, 5, 2]),  # null first, case-insensitive, ties by insertion
    ((("text", False),), [2, 0, 5, 1, 4, 3]),
    ((("int", True),), [3, 4, 1, 0, 2, 5]),
    ((("int", False),), [0, 2, 5, 1, 4, 3]),
    ((("number", True),), [3, 5, 1, 0, 2, 4]),
    ((("number", False),), [4, 0, 2, 1, 3, 5]),
    ((("bool", True),), [3, 5, 1, 4, 0, 2]),
    ((("bool", False),), [0, 2, 1, 4, 3, 5]),
    ((("date", True),), [3, 5, 2, 4, 0, 1]),
    ((("date", False),), [1, 0, 4, 2, 3, 5]),
    ((("ints", True),), [2, 3, 4, 1, 0, 5]),  # empty array is null; element-wise, shorter first
    ((("ints", False),), [5, 0, 1, 4, 2, 3]),
    ((("int", False), ("text", True)), [0, 5, 2, 1, 4, 3]),
    ((("bool", True), ("number", False)), [3, 5, 4, 1, 0, 2]),
    ((("_creationTimeUnix", True),), [3, 1, 5, 0, 4, 2]),
    ((("_lastUpdateTimeUnix", False), ("_id", False)), [2, 4, 0, 5, 1, 3]),
    ((("_id", False),), [5, 4, 3, 2, 1, 0]),
])
def test_sort_orders(setup: Setup, specs: tuple[tuple[str, bool], ...], expected: list[int]) -> None:
    assert order(setup, *specs) == expected


@pytest.mark.parametrize("spec", [("int", True), ("int", False), ("number", False), ("bool", True),
                                  ("date", False), ("_creationTimeUnix", False), ("_id", True), ("_id", False)])
@pytest.mark.parametrize("top", [1, 2, 4, 10])
def test_fast_paths_agree_with_the_generic_sort(setup: Setup, spec: tuple[str, bool], top: int) -> None:
    generic = ShardSorter(setup.index, setup.shard.objects_by_doc_ids, fast=False)
    candidates = BitMap(o.doc_id for o in setup.shard.multi_get([oid(i) for i in (0, 1, 3, 4, 5)]) if o)
    expected = generic.top(candidates, [SortSpec((spec[0],), spec[1])], top, False)
    assert order(setup, spec, top=top, candidates=candidates) == [o.id.int - 1 for o in expected]


def test_sort_follows_updates_and_deletes(engine: KeyValueEngine, store_path: Path) -> None:
    setup = loaded(engine, store_path)
    assert order(setup, ("number", True)) == [3, 5, 1, 0, 2, 4]  # builds the column
    setup.put([obj(4, {"number": -5.0})])
    setup.shard.delete_objects([oid(0)])
    assert order(setup, ("number", True)) == [3, 5, 4, 1, 2]


def test_nested_and_unordered_types_tie(engine: KeyValueEngine, store_path: Path) -> None:
    props = [{"name": "o", "dataType": ["object"], "nestedProperties": [{"name": "a", "dataType": ["int"]}]},
             {"name": "g", "dataType": ["geoCoordinates"]}]
    s = open_setup(engine, store_path, collection(props))
    s.put([obj(0, {"o": {"a": 2}, "g": {"latitude": 1.0, "longitude": 5.0}}), obj(1, {}),
           obj(2, {"o": {"a": 1}, "g": {"latitude": 9.0, "longitude": 2.0}})])
    assert order(s, ("o", True)) == [1, 0, 2]
    assert order(s, ("g", True)) == [1, 2, 0]  # by longitude first


@pytest.fixture
def database(tmp_path: Path) -> Iterator[ShardedDatabase]:
    db = ShardedDatabase(DataDir(tmp_path / "data"), MemoryEngine())
    db.create_collection(collection(), ["a", "b", "c"])
    yield db
    db.close()


def test_database_fetch_merges_sorted_shards(database: ShardedDatabase) -> None:
    database.put_objects("Thing", "", [obj(i, {"int": (i * 7) % 10, "text": f"t{i % 3}"}) for i in range(30)])
    fetched = database.fetch("Thing", "", filters=None, after=None, offset=3, limit=5, with_vectors=False,
                             sort=[SortSpec(("int",), False), SortSpec(("_id",), True)])
    everything = sorted(range(30), key=lambda i: (-((i * 7) % 10), i))
    assert [o.id.int - 1 for o in fetched] == everything[3:8]
    small = Filter(Operator.LESS_THAN, ("int",), 3, ValueType.INT)
    filtered = database.fetch("Thing", "", filters=small, after=None, offset=0, limit=100, with_vectors=False,
                              sort=[SortSpec(("text",), True), SortSpec(("int",), True)])
    expected = sorted((i for i in range(30) if (i * 7) % 10 < 3), key=lambda i: (f"t{i % 3}", (i * 7) % 10, i))
    assert [o.id.int - 1 for o in filtered] == expected
