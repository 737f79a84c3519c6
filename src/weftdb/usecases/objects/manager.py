"""The objects use case: create, read, replace, merge, delete and batch import.

Every transport (REST single-object routes, REST batch, gRPC batch) comes
through here, so ids, timestamps, auto-schema, validation and vectors follow
one set of rules (Weaviate's ``usecases/objects``).
"""

from __future__ import annotations

import time
import uuid as uuidlib
from collections.abc import Callable, Sequence

from weftdb.entities.filters import Filter
from weftdb.entities.objects import (
    BatchDeleteOutcome,
    BatchItemResult,
    DeleteResult,
    ObjectInput,
    StoredObject,
)
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import SortSpec
from weftdb.errors import InvalidInput, NotFound, WeftError
from weftdb.usecases.limits import QueryLimits
from weftdb.usecases.objects.batch_stats import BatchStats
from weftdb.usecases.objects.tenancy import check_tenant
from weftdb.usecases.objects.validation import validate_properties, validate_uuid
from weftdb.usecases.objects.vectors import resolve_vectors
from weftdb.usecases.ports import ObjectRepo, ObjectSearcher
from weftdb.usecases.schema.manager import SchemaManager
from weftdb.usecases.search.filter_validation import validate_filter
from weftdb.usecases.search.sort_validation import sort_errors


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class ObjectsManager:
    def __init__(
        self,
        schema: SchemaManager,
        repo: ObjectRepo,
        searcher: ObjectSearcher,
        limits: QueryLimits,
        clock: Callable[[], int] = now_ms,
        batch_stats: BatchStats | None = None,
    ) -> None:
        self._schema = schema
        self._repo = repo
        self._searcher = searcher
        self._limits = limits
        self._clock = clock
        self.batch_stats = batch_stats or BatchStats()

    # -- single objects ------------------------------------------------------------
    def add(self, inp: ObjectInput) -> StoredObject:
        """POST /v1/objects: a new object; an existing id is an error."""
        if not inp.collection:
            raise InvalidInput("invalid object: the given class is empty")
        obj_id = validate_uuid(inp.id) if inp.id else str(uuidlib.uuid4())
        self._autoschema_one(inp)
        collection = self._collection_for_write(inp.collection)
        check_tenant(collection, inp.tenant)
        obj = self._build(collection, inp, obj_id, prefix="invalid object: ")
        error = self._repo.put_objects(collection.name, inp.tenant, [obj], fail_if_exists=True)[0]
        if error is not None:
            raise InvalidInput(f"put object: {error}")
        return obj

    def validate(self, inp: ObjectInput) -> None:
        """POST /v1/objects/validate: the checks of ``add`` without writing."""
        collection = self._schema.find(inp.collection)
        if collection is None:
            raise InvalidInput(f"invalid object: class {inp.collection!r} not found in schema")
        obj_id = validate_uuid(inp.id) if inp.id else str(uuidlib.uuid4())
        self._build(collection, inp, obj_id, prefix="invalid object: ")

    def get(
        self, collection: str | None, obj_id: str, *, include_vector: bool = False, tenant: str = ""
    ) -> StoredObject:
        found = self.find(collection, obj_id, include_vector=include_vector, tenant=tenant)
        if found is None:
            raise NotFound(f"no object with id '{obj_id}'")
        return found

    def find(
        self, collection: str | None, obj_id: str, *, include_vector: bool = False, tenant: str = ""
    ) -> StoredObject | None:
        parsed = _parse_id(obj_id)
        for coll in self._collections(collection):
            check_tenant(coll, tenant)
            obj = self._repo.get_objects(coll.name, tenant, [parsed], include_vector)[0]
            if obj is not None:
                return obj
        return None

    def exists(self, collection: str | None, obj_id: str, tenant: str = "") -> bool:
        parsed = _parse_id(obj_id)
        for coll in self._collections(collection):
            check_tenant(coll, tenant)
            if self._repo.exists(coll.name, tenant, parsed):
                return True
        return False

    def replace(self, collection: str | None, obj_id: str, inp: ObjectInput) -> StoredObject:
        """PUT: replace properties and vectors, keep the creation time."""
        current = self.get(collection, obj_id, tenant=inp.tenant)
        self._autoschema_one(inp)
        coll = self._collection_for_write(current.collection)
        obj = self._build(coll, inp, str(current.id), prefix="invalid object: ")
        obj.creation_time_ms = current.creation_time_ms
        self._put_one(coll, inp.tenant, obj)
        return obj

    def merge(self, collection: str | None, obj_id: str, inp: ObjectInput) -> StoredObject:
        """PATCH: merge properties into the stored object; vectors replace when given."""
        current = self.get(collection, obj_id, include_vector=True, tenant=inp.tenant)
        self._autoschema_one(inp)
        coll = self._collection_for_write(current.collection)
        if inp.properties is not None and not isinstance(inp.properties, dict):
            raise InvalidInput("invalid merge: properties must be an object")
        merged_props = {**current.properties, **(inp.properties or {})}
        merged = ObjectInput(coll.name, str(current.id), merged_props, inp.vector, inp.vectors, inp.tenant)
        obj = self._build(coll, merged, str(current.id), prefix="invalid merge: ")
        if inp.vector is None and inp.vectors is None:
            obj.vectors = current.vectors
        else:
            obj.vectors = {**current.vectors, **obj.vectors}
        obj.creation_time_ms = current.creation_time_ms
        self._put_one(coll, inp.tenant, obj)
        return obj

    def delete(self, collection: str | None, obj_id: str, tenant: str = "") -> None:
        parsed = _parse_id(obj_id)
        for coll in self._collections(collection):
            check_tenant(coll, tenant)
            if self._repo.delete_objects(coll.name, tenant, [parsed]):
                return
        raise NotFound(f"no object with id '{obj_id}'")

    def _put_one(self, coll: CollectionDef, tenant: str, obj: StoredObject) -> None:
        error = self._repo.put_objects(coll.name, tenant, [obj])[0]
        if error is not None:
            raise InvalidInput(f"put object: {error}")

    # -- batches ---------------------------------------------------------------------
    def batch_add(self, inputs: Sequence[ObjectInput]) -> list[BatchItemResult]:
        """Validate every object, store the valid ones in one write per shard."""
        self.batch_stats.received(len(inputs))
        try:
            return self._batch_add(inputs)
        finally:
            self.batch_stats.done(len(inputs))

    def _batch_add(self, inputs: Sequence[ObjectInput]) -> list[BatchItemResult]:
        results = [BatchItemResult() for _ in inputs]
        schema_errors = self._autoschema(inputs)
        groups: dict[tuple[str, str], list[int]] = {}
        for pos, inp in enumerate(inputs):
            try:
                if pos in schema_errors:
                    raise InvalidInput(schema_errors[pos])
                obj = self._prepare_batch_object(inp)
            except WeftError as exc:
                results[pos].error = exc.message
                continue
            results[pos].obj = obj
            groups.setdefault((obj.collection, inp.tenant), []).append(pos)
        for (name, tenant), positions in groups.items():
            objs = [results[p].obj for p in positions]
            errors = self._repo.put_objects(name, tenant, objs)  # type: ignore[arg-type]
            for pos, error in zip(positions, errors):
                if error is not None:
                    results[pos] = BatchItemResult(error=error)
        return results

    def _prepare_batch_object(self, inp: ObjectInput) -> StoredObject:
        collection = self._schema.find(inp.collection)
        if collection is None:
            raise InvalidInput(f"class '{inp.collection}' not present in schema")
        check_tenant(collection, inp.tenant)
        obj_id = validate_uuid(inp.id) if inp.id else str(uuidlib.uuid4())
        return self._build(collection, inp, obj_id, prefix="")

    def batch_delete(
        self, collection: str, filters: Filter | None, *, dry_run: bool, tenant: str = ""
    ) -> BatchDeleteOutcome:
        if filters is None:
            raise InvalidInput("empty match.where clause")
        coll = self._schema.find(collection)
        if coll is None:
            raise InvalidInput(f"failed to get class: {collection}")
        check_tenant(coll, tenant)
        validate_filter(coll, filters, lambda name: self._schema.find(name))
        limit = self._limits.maximum_results
        ids, matches = self._searcher.find_ids(coll.name, tenant, filters, limit)
        if dry_run:
            results = [DeleteResult(i) for i in ids]
        else:
            deleted = set(self._repo.delete_objects(coll.name, tenant, ids))
            results = [DeleteResult(i, None if i in deleted else "not found") for i in ids]
        failed = sum(1 for r in results if r.error)
        return BatchDeleteOutcome(
            matches=matches,
            successful=len(results) - failed,
            failed=failed,
            limit=limit,
            dry_run=dry_run,
            objects=results,
        )

    # -- listing ---------------------------------------------------------------------
    def list_objects(
        self,
        collection: str | None,
        *,
        limit: int | None,
        offset: int,
        after: str | None,
        include_vector: bool,
        tenant: str = "",
        sort: Sequence[SortSpec] = (),
    ) -> list[StoredObject]:
        """GET /v1/objects: id order per collection, or ``sort`` order (each
        collection sorted, then concatenated, as Weaviate's object listing)."""
        limit = self._limits.default_limit if limit is None else limit
        if after is not None and collection is None:
            raise InvalidInput("class parameter must be specified when using the after parameter")
        if sort:
            self._check_list_sort(collection, sort)
        if after is not None and (offset or sort):
            params = ",".join(p for p, on in (("offset", offset), ("sort", sort)) if on)
            raise InvalidInput(f"{params} cannot be set with after and limit parameters")
        self._limits.check(offset, limit)
        after_id = _parse_id(after) if after else None
        out: list[StoredObject] = []
        for coll in self._collections(collection):
            check_tenant(coll, tenant)
            want = offset + limit - len(out)
            if want <= 0:
                break
            if sort:
                out.extend(self._searcher.fetch(coll.name, tenant, filters=None, after=None, offset=0, limit=want,
                                                with_vectors=include_vector, sort=sort))
            else:
                out.extend(self._repo.scan(coll.name, tenant, after_id, want, include_vector))
        return out[offset : offset + limit]

    def _check_list_sort(self, collection: str | None, sort: Sequence[SortSpec]) -> None:
        """Weaviate's wording: with a class the objects use case's error, without one
        the errors of every collection that cannot be sorted so."""
        if collection:
            error = sort_errors(self._schema.collection(collection), sort)
            if error is not None:
                raise InvalidInput(f"msg:sorting code:400 err:{error}")
            return
        errors = []
        for coll in self._collections(None):
            error = sort_errors(coll, sort)
            if error is not None:
                errors.append(f"search index {coll.name.lower()}: {error}")
        if errors:
            raise InvalidInput(f"list objects: search: {', '.join(errors)}")

    # -- helpers -----------------------------------------------------------------------
    def _collections(self, name: str | None) -> list[CollectionDef]:
        if name:
            return [self._schema.collection(name)]
        return [self._schema.collection(n) for n in self._schema.names()]

    def _collection_for_write(self, name: str) -> CollectionDef:
        found = self._schema.find(name)
        if found is None:
            raise InvalidInput(f"invalid object: class {name!r} not found in schema")
        return found

    def _autoschema_one(self, inp: ObjectInput) -> None:
        error = self._autoschema([inp]).get(0)
        if error is not None:
            raise InvalidInput(f"invalid object: {error}")

    def _autoschema(self, inputs: Sequence[ObjectInput]) -> dict[int, str]:
        """Per-position errors of objects whose properties auto-schema could not type."""
        if not self._schema.autoschema_enabled:
            return {}
        return self._schema.ensure_for_objects(inputs, self._find_object_class)

    def _build(self, coll: CollectionDef, inp: ObjectInput, obj_id: str, prefix: str) -> StoredObject:
        try:
            props = validate_properties(
                dict(coll.definition),
                inp.properties or {},
                class_exists=self._class_exists,
                object_exists=self._object_exists,
                json_numbers=inp.json_numbers,
            )
            vectors = resolve_vectors(coll, inp.vector, inp.vectors)
        except InvalidInput as exc:
            raise InvalidInput(prefix + exc.message) from None
        now = self._clock()
        return StoredObject(
            id=uuidlib.UUID(obj_id),
            collection=coll.name,
            properties=props,
            vectors=vectors,
            tenant=inp.tenant,
            creation_time_ms=now,
            update_time_ms=now,
        )

    def _class_exists(self, name: str) -> bool:
        return self._schema.find(name) is not None

    def _object_exists(self, collection: str, obj_id: str) -> bool:
        """Reference targets must exist (any collection when the beacon names none)."""
        return self._find_object_class(obj_id, collection) is not None

    def _find_object_class(self, obj_id: str, collection: str = "") -> str | None:
        parsed = _parse_id(obj_id)
        names = [collection] if collection else self._schema.names()
        for name in names:
            coll = self._schema.find(name)
            if coll is not None and not coll.multi_tenancy and self._repo.exists(coll.name, "", parsed):
                return coll.name
        return None


def _parse_id(value: str) -> uuidlib.UUID:
    try:
        return uuidlib.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise InvalidInput(f"invalid UUID: {value!r}") from None
