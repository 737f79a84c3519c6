from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import pytest

from weftdb.entities.filters import Filter, Operator, ValueType
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.errors import AlreadyExists, NotImplementedYet
from weftdb.storage.db.shard import Shard
from weftdb.storage.inverted.filters import FilterEvaluator
from weftdb.storage.kv.port import KeyValueEngine

COLLECTION = CollectionDef.from_dict(
    {
        "class": "Thing",
        "properties": [{"name": "title", "dataType": ["text"]}],
        "vectorIndexType": "hnsw",
        "vectorIndexConfig": {"distance": "cosine"},
        "vectorConfig": {"extra": {"vectorIndexType": "flat", "vectorizer": {"none": {}}}},
    }
)


def obj(i: int, title: str = "t", dims: int = 3) -> StoredObject:
    return StoredObject(
        id=uuid.UUID(int=i + 1),
        collection="Thing",
        properties={"title": f"{title}{i}"},
        vectors={"": np.full(dims, i, dtype=np.float32)},
        creation_time_ms=1000 + i,
        update_time_ms=1000 + i,
    )


@pytest.fixture
def shard(engine: KeyValueEngine, store_path: Path) -> Shard:
    return Shard("s1", COLLECTION, engine.open(store_path))


def test_put_get_and_count(shard: Shard) -> None:
    assert shard.put_objects([obj(i) for i in range(5)]) == [None] * 5
    assert shard.count() == 5
    got = shard.get(uuid.UUID(int=3), with_vectors=True)
    assert got is not None
    assert got.properties == {"title": "t2"}
    assert got.vectors[""].tolist() == [2.0, 2.0, 2.0]
    assert got.creation_time_ms == 1002
    assert shard.get(uuid.UUID(int=99)) is None


def test_replace_gets_new_docid_and_keeps_count(shard: Shard) -> None:
    shard.put_objects([obj(0)])
    first = shard.get(uuid.UUID(int=1))
    shard.put_objects([obj(0, title="new")])
    second = shard.get(uuid.UUID(int=1))
    assert first is not None and second is not None
    assert second.doc_id > first.doc_id
    assert second.properties == {"title": "new0"}
    assert shard.count() == 1
    assert list(shard.all_doc_ids()) == [second.doc_id]


def test_duplicate_ids_in_one_batch_keep_the_last(shard: Shard) -> None:
    shard.put_objects([obj(0, title="a"), obj(0, title="b")])
    assert shard.count() == 1
    got = shard.get(uuid.UUID(int=1))
    assert got is not None and got.properties == {"title": "b0"}
    assert len(shard.all_doc_ids()) == 1


def test_fail_if_exists(shard: Shard) -> None:
    shard.put_objects([obj(0)])
    with pytest.raises(AlreadyExists):
        shard.put_objects([obj(0)], fail_if_exists=True)


def test_wrong_dimensions_are_rejected_per_object(shard: Shard) -> None:
    errors = shard.put_objects([obj(0), obj(1, dims=4), obj(2)])
    assert errors[0] is None and errors[2] is None
    assert errors[1] is not None and "length 4" in errors[1] and "length 3" in errors[1]
    assert shard.count() == 2


def test_dimensions_survive_reopen(engine: KeyValueEngine, store_path: Path) -> None:
    shard = Shard("s1", COLLECTION, engine.open(store_path))
    shard.put_objects([obj(0)])
    shard.close()
    shard = Shard("s1", COLLECTION, engine.open(store_path))
    assert shard.put_objects([obj(1, dims=5)])[0] is not None
    assert shard.count() == 1
    shard.close()


def test_delete(shard: Shard) -> None:
    shard.put_objects([obj(i) for i in range(3)])
    assert shard.delete_objects([uuid.UUID(int=2), uuid.UUID(int=42)]) == [uuid.UUID(int=2)]
    assert shard.count() == 2
    assert shard.get(uuid.UUID(int=2)) is None
    assert len(shard.all_doc_ids()) == 2


def test_scan_is_in_id_order_with_cursor(shard: Shard) -> None:
    shard.put_objects([obj(i) for i in reversed(range(6))])
    ids = [o.id.int for o in shard.scan(None, 100)]
    assert ids == [1, 2, 3, 4, 5, 6]
    assert [o.id.int for o in shard.scan(uuid.UUID(int=3), 2)] == [4, 5]


def test_id_filters(shard: Shard) -> None:
    shard.put_objects([obj(i) for i in range(4)])
    ev = FilterEvaluator(shard)
    eq = Filter(Operator.EQUAL, ("_id",), str(uuid.UUID(int=2)), ValueType.TEXT)
    any_ = Filter(Operator.CONTAINS_ANY, ("_id",), [str(uuid.UUID(int=1)), str(uuid.UUID(int=3))], ValueType.TEXT_ARRAY)
    assert _ids(shard, ev.allow_list(eq)) == {2}
    assert _ids(shard, ev.allow_list(any_)) == {1, 3}
    assert _ids(shard, ev.allow_list(Filter(Operator.NOT, operands=(any_,)))) == {2, 4}
    assert _ids(shard, ev.allow_list(Filter(Operator.OR, operands=(eq, any_)))) == {1, 2, 3}
    assert _ids(shard, ev.allow_list(Filter(Operator.AND, operands=(eq, any_)))) == set()
    with pytest.raises(NotImplementedYet):
        ev.allow_list(Filter(Operator.EQUAL, ("title",), "x", ValueType.TEXT))


def _ids(shard: Shard, allowed: object) -> set[int]:
    return {o.id.int for o in shard.objects_by_doc_ids(list(allowed))}  # type: ignore[call-overload]
