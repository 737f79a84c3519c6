"""The schema store: collection definitions and shard names in their own RocksDB."""

from __future__ import annotations

from pathlib import Path

import orjson

from weftdb.entities.schema import ClassRecord
from weftdb.storage.kv.port import KeyValueEngine, KeyValueStore

_CLASSES = "classes"


class KVSchemaStore:
    def __init__(self, engine: KeyValueEngine, path: Path) -> None:
        self._store: KeyValueStore = engine.open(path)
        self._store.ensure_bucket(_CLASSES)

    def load(self) -> list[ClassRecord]:
        out = []
        for _, raw in self._store.scan(_CLASSES):
            doc = orjson.loads(raw)
            out.append(ClassRecord(definition=doc["definition"], shards=tuple(doc["shards"])))
        return out

    def save(self, record: ClassRecord) -> None:
        batch = self._store.new_batch()
        name = str(record.definition["class"])
        doc = {"definition": record.definition, "shards": list(record.shards)}
        batch.put(_CLASSES, name.encode(), orjson.dumps(doc))
        self._store.write(batch)

    def delete(self, name: str) -> None:
        batch = self._store.new_batch()
        batch.delete(_CLASSES, name.encode())
        self._store.write(batch)

    def close(self) -> None:
        self._store.close()
