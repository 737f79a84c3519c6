"""The GraphQL schema of the current collections, rebuilt when they change.

Root ``WeaviateObj`` with ``Get`` (``GetObjectsObj``) and ``Aggregate``
(``AggregateObjectsObj``), one field per collection in each (Weaviate's
adapters/handlers/graphql/schema.go and local/local.go; ``Explore`` needs
vectorizer modules and is not offered). ``SchemaHolder`` compares the schema
use case's version number on every request and rebuilds only when it moved;
with no collection there is no schema (Weaviate answers 422 then).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Sequence
from typing import Any, Protocol

from graphql import (
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    assert_valid_schema,
    get_named_type,
)

from weftdb.api.graphql.aggregate_types import aggregate_class_field
from weftdb.api.graphql.argument_types import Shared
from weftdb.api.graphql.get_types import GetTypes
from weftdb.api.graphql.resolvers import Resolvers
from weftdb.entities.schema import CollectionDef
from weftdb.errors import InvalidInput

log = logging.getLogger(__name__)


class VersionedSchema(Protocol):
    """The schema use case as the GraphQL layer reads it."""

    @property
    def version(self) -> int: ...
    def names(self) -> list[str]: ...
    def find(self, name: str) -> CollectionDef | None: ...


def _pass_through(source: Any, info: Any) -> dict[str, Any]:
    return {}


def build_schema(collections: Sequence[CollectionDef], resolvers: Resolvers) -> GraphQLSchema:
    shared = Shared.create()
    get_types = GetTypes(collections, shared)
    get = GraphQLObjectType("GetObjectsObj", {
        c.name: get_types.class_field(c, resolvers.get(c.name)) for c in collections
    }, description="Type of Get function to get Objects on a local Weaviate")
    aggregate = GraphQLObjectType("AggregateObjectsObj", {
        c.name: aggregate_class_field(c, shared, resolvers.aggregate(c.name)) for c in collections
    }, description="An object allowing Aggregation of Objects on a local Weaviate")
    root = GraphQLObjectType("WeaviateObj", {
        "Get": GraphQLField(get, resolve=_pass_through, description="Get Objects on a local Weaviate"),
        "Aggregate": GraphQLField(aggregate, resolve=_pass_through,
                                  description="Aggregate Objects on a local Weaviate"),
    }, description="Location of the root query")
    _unique_type_names(root, [get_named_type(f.type) for t in (get, aggregate) for f in t.fields.values()])
    schema = GraphQLSchema(root)
    assert_valid_schema(schema)
    return schema


def _unique_type_names(root: GraphQLNamedType, collection_types: Sequence[GraphQLNamedType]) -> None:
    """Weaviate's generated type names can clash between collections (``Aggregate``'s
    hybrid types of ``A`` are ``AHybridSubSearch...``, ``Get``'s of ``AHybrid`` are
    ``AHybridSubSearch...`` too); Weaviate then fails to build its schema. Here the
    collections' own types (what ``__typename`` and fragments name) keep their names, and
    every other object or input type of a taken name gets a ``Weftdb<n>`` prefix (the
    name's ending, which ``hoist`` reads, is kept); only introspection sees a new name.
    Union members are not renamed: the reference unions' ``Beacon`` is found by its name
    when resolving, so a collection named ``Beacon`` still fails the build (as Weaviate)."""
    taken: dict[str, GraphQLNamedType] = {}
    for kind in collection_types:
        taken.setdefault(kind.name, kind)
    seen: set[int] = set()
    pending = deque([root])
    while pending:
        kind = pending.popleft()
        if id(kind) in seen:
            continue
        seen.add(id(kind))
        if taken.setdefault(kind.name, kind) is not kind:
            n = 2
            while f"Weftdb{n}{kind.name}" in taken:
                n += 1
            kind.name = f"Weftdb{n}{kind.name}"
            taken[kind.name] = kind
        if isinstance(kind, (GraphQLObjectType, GraphQLInputObjectType)):
            for field in kind.fields.values():
                pending.append(get_named_type(field.type))
                pending.extend(get_named_type(arg.type) for arg in getattr(field, "args", {}).values())


class SchemaHolder:
    """The GraphQL schema of the schema use case's current version (thread-safe).
    A set of collections the GraphQL schema cannot be built from is reported on every
    request until the collections change."""

    def __init__(self, source: VersionedSchema, resolvers: Resolvers) -> None:
        self._source = source
        self._resolvers = resolvers
        self._lock = threading.Lock()
        self._current: tuple[int, GraphQLSchema | str | None] | None = None

    def current(self) -> tuple[int, GraphQLSchema | None]:
        """(version, schema); the version is read first, so a change during a
        rebuild leaves an older version number and another rebuild follows."""
        version = self._source.version
        current = self._current
        if current is None or current[0] != version:
            with self._lock:
                current = self._current
                if current is None or current[0] != version:
                    current = (version, self._build())
                    self._current = current
        if isinstance(current[1], str):
            raise InvalidInput(current[1])
        return current[0], current[1]

    def _build(self) -> GraphQLSchema | str | None:
        started = time.perf_counter()
        collections = [c for c in map(self._source.find, self._source.names()) if c is not None]
        if not collections:
            return None
        try:
            schema = build_schema(collections, self._resolvers)
        except Exception as exc:  # noqa: BLE001 - reported to every request instead of a 500
            log.exception("graphql schema could not be built")
            return f"the GraphQL schema could not be built from the collections: {exc}"
        log.info("graphql schema built", extra={"collections": len(collections),
                                                "seconds": round(time.perf_counter() - started, 4)})
        return schema
