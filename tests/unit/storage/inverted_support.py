"""Shared set-up for the inverted index tests: a collection with every
filterable type, a shard with its index, and helpers to read results."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyroaring import BitMap

from weftdb.entities.filters import Filter, Operator, ValueType
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.storage.db.shard import Shard
from weftdb.storage.inverted.filters import FilterEvaluator
from weftdb.storage.inverted.index import InvertedIndex
from weftdb.storage.kv.port import KeyValueEngine

PROPERTIES: list[dict[str, Any]] = [
    {"name": "text", "dataType": ["text"], "tokenization": "word"},
    {"name": "field", "dataType": ["text"], "tokenization": "field"},
    {"name": "lower", "dataType": ["text"], "tokenization": "lowercase"},
    {"name": "white", "dataType": ["text"], "tokenization": "whitespace"},
    {"name": "tri", "dataType": ["text"], "tokenization": "trigram"},
    {"name": "texts", "dataType": ["text[]"], "tokenization": "word"},
    {"name": "int", "dataType": ["int"]},
    {"name": "ints", "dataType": ["int[]"]},
    {"name": "number", "dataType": ["number"], "indexRangeFilters": True},
    {"name": "numbers", "dataType": ["number[]"]},
    {"name": "bool", "dataType": ["boolean"]},
    {"name": "bools", "dataType": ["boolean[]"]},
    {"name": "date", "dataType": ["date"]},
    {"name": "dates", "dataType": ["date[]"]},
    {"name": "uuid", "dataType": ["uuid"]},
    {"name": "uuids", "dataType": ["uuid[]"]},
    {"name": "geo", "dataType": ["geoCoordinates"]},
    {"name": "ref", "dataType": ["Other"]},
    {"name": "rangeOnly", "dataType": ["int"], "indexFilterable": False, "indexRangeFilters": True},
    {"name": "searchOnly", "dataType": ["text"], "indexFilterable": False, "indexSearchable": True},
    {"name": "unindexed", "dataType": ["int"], "indexFilterable": False},
]
INVERTED = {"indexNullState": True, "indexPropertyLength": True, "indexTimestamps": True}


def collection(properties: list[dict[str, Any]] | None = None, inverted: dict[str, Any] | None = None) -> CollectionDef:
    return CollectionDef.from_dict({
        "class": "Thing",
        "invertedIndexConfig": {**INVERTED, **(inverted or {})} if inverted != {} else {},
        "properties": PROPERTIES if properties is None else properties,
        "vectorIndexType": "hnsw",
        "vectorIndexConfig": {"distance": "cosine"},
    })


def oid(i: int) -> uuid.UUID:
    return uuid.UUID(int=i + 1)


def obj(i: int, props: dict[str, Any], created: int | None = None) -> StoredObject:
    when = 1_000 + i if created is None else created
    return StoredObject(id=oid(i), collection="Thing", properties=props, creation_time_ms=when, update_time_ms=when)


@dataclass
class Setup:
    shard: Shard
    index: InvertedIndex

    def put(self, objects: Iterable[StoredObject]) -> None:
        errors = self.shard.put_objects(list(objects))
        assert errors == [None] * len(errors)

    def ids(self, bitmap: BitMap) -> set[int]:
        """Test object numbers (``oid``) of the doc ids in ``bitmap``."""
        return {o.id.int - 1 for o in self.shard.objects_by_doc_ids(list(bitmap))}

    def where(self, op: Operator, path: str, value: Any, value_type: ValueType | None = None, **kw: Any) -> set[int]:
        clause = Filter(op, (path,), value, value_type, **kw)
        return self.ids(FilterEvaluator(self.shard, self.index).allow_list(clause))

    def run(self, clause: Filter) -> set[int]:
        return self.ids(FilterEvaluator(self.shard, self.index).allow_list(clause))


def open_setup(engine: KeyValueEngine, path: Path, coll: CollectionDef | None = None) -> Setup:
    coll = coll or collection()
    shard = Shard("s0", coll, engine.open(path))
    index = InvertedIndex(coll, shard.store)
    shard.add_indexer(index)
    return Setup(shard, index)
