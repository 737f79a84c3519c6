"""The database's keyword_search: every shard with its own statistics, hits merged by
score then id, objects or ids only, filters; the doc id -> object id map."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bm25_oracle import Bm25Oracle, OracleProp
from tests.unit.storage.bm25_support import searchable_props
from tests.unit.storage.inverted_support import collection, obj, oid
from weftdb.entities.filters import Filter, Operator, ValueType
from weftdb.entities.search import KeywordQuery
from weftdb.storage.db.database import ShardedDatabase
from weftdb.storage.db.datadir import DataDir
from weftdb.storage.inverted.doc_uuids import DocUuids
from weftdb.storage.kv.port import KeyValueEngine

TEXTS = [f"cat {'dog ' * (i % 4)}{'fish' if i % 5 == 0 else ''}" for i in range(40)]


@pytest.fixture
def database(engine: KeyValueEngine, tmp_path: Path) -> Iterator[ShardedDatabase]:
    db = ShardedDatabase(DataDir(tmp_path / "data"), engine)
    db.create_collection(collection(searchable_props()), ["a", "b", "c"])
    db.put_objects("Thing", "", [obj(i, {"title": text, "count": i}) for i, text in enumerate(TEXTS)])
    yield db
    db.close()


def per_shard_expected(database: ShardedDatabase, query: str, k: int) -> list[tuple[uuid.UUID, float]]:
    """Each shard scored with its own statistics (as Weaviate), merged by score then id."""
    index = database._index("Thing")
    merged: list[tuple[uuid.UUID, float]] = []
    for shard in index.shards.values():
        ids = [o.id for o in shard.scan(None, 1000)]
        docs = [{"title": TEXTS[i.int - 1]} for i in ids]
        ranking = Bm25Oracle(docs, [OracleProp("title")]).ranking(query, [("title", 1.0)], 0)
        merged += [(ids[row], score) for row, score in ranking]
    merged.sort(key=lambda h: (-h[1], h[0].bytes))
    return merged[:k]


@pytest.mark.parametrize("with_objects", [True, False])
def test_shards_merge_by_score_then_id(database: ShardedDatabase, with_objects: bool) -> None:
    found = database.keyword_search("Thing", "", KeywordQuery("dog fish", ("title",)), 12, with_objects=with_objects)
    expected = per_shard_expected(database, "dog fish", 12)
    assert [o.id for o, _, _ in found] == [i for i, _ in expected]
    assert [s for _, s, _ in found] == pytest.approx([s for _, s in expected], rel=2e-6)
    assert all(bool(o.properties) is with_objects for o, _, _ in found)


def test_filters_explain_and_deletes(database: ShardedDatabase) -> None:
    small = Filter(Operator.LESS_THAN, ("count",), 10, ValueType.INT)
    found = database.keyword_search("Thing", "", KeywordQuery("cat"), 0, filters=small, explain=True)
    assert sorted(o.id.int - 1 for o, _, _ in found) == list(range(10))
    assert all(text.startswith(", BM25F_cat_frequency:1, BM25F_cat_propLength:") for _, _, text in found)
    database.delete_objects("Thing", "", [oid(i) for i in range(0, 40, 2)])
    found = database.keyword_search("Thing", "", KeywordQuery("cat"), 0, with_objects=False)
    assert sorted(o.id.int - 1 for o, _, _ in found) == list(range(1, 40, 2))


def test_doc_uuids_follow_writes_and_can_be_built_late() -> None:
    rows = [((5).to_bytes(8, "big"), uuid.UUID(int=50).bytes)]
    ids = DocUuids(lambda: iter(rows))
    ids.apply([(9, uuid.UUID(int=90))], [])  # before the first read: ignored, the store is the truth
    assert ids.ids_of([5, 9, 7, 10**6]) == [uuid.UUID(int=50), None, None, None]
    ids.apply([(9, uuid.UUID(int=90)), (5000, uuid.UUID(int=2**127 + 3))], [5])
    assert ids.ids_of([5, 9, 5000]) == [None, uuid.UUID(int=90), uuid.UUID(int=2**127 + 3)]
    # more than a page of doc ids takes the array path: the same answers
    many = [5, 9, 7, 10**6, 5000] * 10
    assert ids.ids_of(many) == [ids.ids_of([d])[0] for d in many]


def test_a_reader_during_the_first_load_waits_for_it() -> None:
    rows = [(i.to_bytes(8, "big"), uuid.UUID(int=i + 1).bytes) for i in range(5)]
    seen: list[list[uuid.UUID | None]] = []
    readers: list[threading.Thread] = []

    def scan() -> Iterator[tuple[bytes, bytes]]:
        # another search arrives while the first one is loading the map
        readers.append(threading.Thread(target=lambda: seen.append(ids.ids_of([0, 1, 2]))))
        readers[0].start()
        time.sleep(0.05)
        yield from rows

    ids = DocUuids(scan)
    assert ids.ids_of([0, 1, 2]) == [uuid.UUID(int=i) for i in (1, 2, 3)]
    readers[0].join()
    assert seen == [[uuid.UUID(int=i) for i in (1, 2, 3)]]
