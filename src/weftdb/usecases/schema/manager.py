"""The schema use case: collections and their properties, durable before acknowledged.

Definitions are validated and completed with Weaviate's defaults by
``definitions.py``; this module owns the state, the ordering of durable steps
(record first, storage second, so a crash never leaves served orphans) and
auto-schema.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import string
import threading
from collections.abc import Callable, Sequence
from typing import Any

from weftdb.entities.nodes import ShardStatus
from weftdb.entities.objects import ObjectInput
from weftdb.entities.schema import ClassRecord, CollectionDef
from weftdb.errors import NotFound
from weftdb.usecases.ports import CollectionLifecycle, SchemaStore, ShardAdmin
from weftdb.usecases.schema.autoschema import (
    AutoSchemaSettings,
    FindObjectClass,
    InferredProperty,
    auto_schema_description,
    infer_batch,
)
from weftdb.usecases.schema.definitions import (
    SchemaDefaults,
    canonical_class_name,
    default_property,
    prepare_class_update,
    prepare_new_class,
    prepare_new_property,
)

log = logging.getLogger(__name__)

_SHARD_ALPHABET = string.ascii_letters + string.digits


#: auto-schema gives a new collection one self-provided vector of this name
#: (usecases/objects/auto_schema.go createClass; modelsext.DefaultNamedVectorName)
AUTOSCHEMA_VECTOR = "default"


def local_now() -> dt.datetime:
    """Go's time.Now(): local time, used in auto-schema descriptions."""
    return dt.datetime.now()


def random_shard_name() -> str:
    """Weaviate names single-tenant shards with 12 random letters and digits."""
    return "".join(secrets.choice(_SHARD_ALPHABET) for _ in range(12))


class SchemaManager:
    def __init__(
        self,
        store: SchemaStore,
        storage: CollectionLifecycle,
        shards: ShardAdmin,
        defaults: SchemaDefaults,
        autoschema: AutoSchemaSettings,
        new_shard_name: Callable[[], str] = random_shard_name,
        fault: Callable[[str], None] = lambda name: None,
        clock: Callable[[], dt.datetime] = local_now,
    ) -> None:
        self._store = store
        self._storage = storage
        self._shards = shards
        self._defaults = defaults
        self._autoschema = autoschema
        self._new_shard_name = new_shard_name
        self._clock = clock
        self._fault = fault
        self._lock = threading.RLock()
        self._records: dict[str, ClassRecord] = {}
        self._collections: dict[str, CollectionDef] = {}
        self._version = 0

    # -- state -----------------------------------------------------------------
    def load(self) -> list[ClassRecord]:
        """Read the durable records; the caller opens storage for them."""
        records = self._store.load()
        for record in records:
            self._remember(record)
        return records

    def _remember(self, record: ClassRecord) -> CollectionDef:
        collection = CollectionDef.from_dict(record.definition)
        self._records[collection.name] = record
        self._collections[collection.name] = collection
        self._version += 1
        return collection

    def _forget(self, name: str) -> None:
        self._records.pop(name, None)
        self._collections.pop(name, None)
        self._version += 1

    @property
    def version(self) -> int:
        """Grows with every change to the collections (create, update, delete, load):
        readers that derive something from the schema (the GraphQL schema) compare it
        to rebuild only when it moved."""
        return self._version

    # -- reads -------------------------------------------------------------------
    def find(self, name: str) -> CollectionDef | None:
        return self._collections.get(canonical_class_name(name)) if name else None

    def collection(self, name: str) -> CollectionDef:
        found = self.find(name)
        if found is None:
            raise NotFound(f"collection {name} not found")
        return found

    def get(self, name: str) -> dict[str, Any]:
        return dict(self.collection(name).definition)

    def list_classes(self) -> list[dict[str, Any]]:
        return [dict(c.definition) for _, c in sorted(self._collections.items())]

    def names(self) -> list[str]:
        return sorted(self._collections)

    def shard_names(self, name: str) -> tuple[str, ...]:
        return self._records[self.collection(name).name].shards

    # -- writes ------------------------------------------------------------------
    def create(self, body: Any) -> dict[str, Any]:
        with self._lock:
            existing = {n: dict(c.definition) for n, c in self._collections.items()}
            definition = prepare_new_class(body, existing, self._defaults)
            return self._create(definition)

    def _create(self, definition: dict[str, Any]) -> dict[str, Any]:
        count = int((definition.get("shardingConfig") or {}).get("desiredCount") or 1)
        record = ClassRecord(definition, tuple(self._new_shard_name() for _ in range(max(count, 1))))
        self._store.save(record)
        self._fault("schema.after_create_record")
        collection = self._remember(record)
        self._storage.create_collection(collection, record.shards)
        log.info("collection created", extra={"collection": collection.name})
        return definition

    def update(self, name: str, body: Any) -> dict[str, Any]:
        with self._lock:
            current = self.collection(name)
            # a single node holds every shard: one replica each
            replicas = {shard: 1 for shard in self._records[current.name].shards}
            definition = prepare_class_update(dict(current.definition), body, self._defaults, shard_replicas=replicas)
            self._save_definition(current.name, definition)
            return definition

    def add_property(self, name: str, body: Any) -> dict[str, Any]:
        with self._lock:
            current = self.collection(name)
            prop = prepare_new_property(dict(current.definition), body, self._defaults, existing=self.names())
            definition = dict(current.definition)
            definition["properties"] = [*(definition.get("properties") or []), prop]
            self._save_definition(current.name, definition)
            return prop

    def _save_definition(self, name: str, definition: dict[str, Any]) -> None:
        record = ClassRecord(definition, self._records[name].shards)
        self._store.save(record)
        collection = self._remember(record)
        self._storage.update_collection(collection)

    def delete(self, name: str) -> None:
        """Deleting a collection that does not exist succeeds, as in Weaviate."""
        with self._lock:
            found = self.find(name)
            if found is None:
                return
            self._store.delete(found.name)
            self._fault("schema.after_delete_record")
            self._forget(found.name)
            self._storage.drop_collection(found.name)
            log.info("collection deleted", extra={"collection": found.name})

    # -- shards ------------------------------------------------------------------
    def shard_statuses(self, name: str) -> list[ShardStatus]:
        return self._shards.shard_statuses(self.collection(name).name)

    def set_shard_status(self, name: str, shard: str, status: str) -> None:
        self._shards.set_shard_status(self.collection(name).name, shard, status)

    # -- auto-schema ---------------------------------------------------------------
    @property
    def autoschema_enabled(self) -> bool:
        return self._autoschema.enabled

    def ensure_for_objects(
        self, inputs: Sequence[ObjectInput], find_object_class: FindObjectClass | None = None
    ) -> dict[int, str]:
        """Create missing collections and properties for incoming objects, as
        Weaviate's auto-schema does, with one schema change per collection.

        Returns the error message of each object (by position) whose
        properties could not be typed; those objects must be rejected."""
        groups: dict[tuple[str, bool], list[int]] = {}
        for pos, inp in enumerate(inputs):
            if inp.collection and not self._fully_typed(inp):
                key = (canonical_class_name(inp.collection), inp.json_numbers)
                groups.setdefault(key, []).append(pos)
        errors: dict[int, str] = {}
        with self._lock:
            for (name, json_numbers), positions in groups.items():
                current = self._collections.get(name)
                definition = dict(current.definition) if current else None
                now = self._clock()
                inferred, failed = infer_batch(
                    definition,
                    [inputs[p].properties for p in positions],
                    self._autoschema,
                    class_name=name,
                    find_object_class=find_object_class,
                    json_numbers=json_numbers,
                    now=now,
                )
                errors.update({positions[i]: msg for i, msg in failed.items()})
                if len(failed) < len(positions):
                    self._apply_inferred(name, definition, inferred, now)
        return errors

    def _fully_typed(self, inp: ObjectInput) -> bool:
        """True when every property of ``inp`` exists and is not an object (whose
        nested keys could be new): the common case in a bulk import, no inference."""
        collection = self.find(inp.collection)
        if collection is None:
            return False
        if not isinstance(inp.properties, dict):
            return inp.properties is None
        for key in inp.properties:
            prop = collection.prop(key) if key[:1].islower() else None
            if prop is None or prop.primitive in ("object", "object[]"):
                return False
        return True

    def _apply_inferred(
        self, name: str, definition: dict[str, Any] | None, inferred: Sequence[InferredProperty], now: dt.datetime
    ) -> None:
        if definition is None:
            self._create_inferred(name, inferred, now)
            return
        if not inferred:
            return
        by_name = {p["name"]: dict(p) for p in definition.get("properties") or []}
        for prop_name, data_type, nested in inferred:
            old = by_name.get(prop_name)
            if old is None:
                by_name[prop_name] = self._inferred_property(prop_name, data_type, nested, now)
            else:  # an object property that gained nested keys: only its nested list changes
                filled = default_property(prop_name, list(old["dataType"]), self._defaults, nested)
                old["nestedProperties"] = filled.get("nestedProperties")
        self._save_definition(name, {**definition, "properties": list(by_name.values())})

    def _create_inferred(self, name: str, inferred: Sequence[InferredProperty], now: dt.datetime) -> None:
        """Weaviate's auto-schema class: a description, the inferred properties and one
        self-provided named vector (no legacy vector index)."""
        body = {
            "class": name,
            "description": auto_schema_description(now),
            "properties": [self._inferred_property(n, t, nested, now) for n, t, nested in inferred],
            "vectorConfig": {AUTOSCHEMA_VECTOR: {"vectorizer": {"none": {}}}},
        }
        existing = {n: dict(c.definition) for n, c in self._collections.items()}
        self._create(prepare_new_class(body, existing, self._defaults))

    def _inferred_property(
        self, name: str, data_type: list[str], nested: list[dict[str, Any]] | None, now: dt.datetime
    ) -> dict[str, Any]:
        return default_property(name, data_type, self._defaults, nested, auto_schema_description(now))
