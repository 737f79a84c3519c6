"""Resolvers of the class fields: arguments + selection -> use case -> JSON.

As in Weaviate, the whole answer of ``Get { Class }`` and ``Aggregate { Class }``
is computed by the class field's resolver from its arguments and selection set;
the fields below it read the prepared dictionaries. Errors of the use cases
propagate to graphql-core, which reports them at the class field's path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from graphql import GraphQLFieldResolver, GraphQLResolveInfo

from weftdb.api.graphql.aggregate_params import aggregate_params
from weftdb.api.graphql.get_params import GraphQLLimits, search_params
from weftdb.api.graphql.render_aggregate import render_aggregate
from weftdb.api.graphql.render_get import Json, render_result
from weftdb.api.graphql.selection import get_selection
from weftdb.entities.aggregate import AggregateParams, AggregateResult
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import SearchParams, SearchResult
from weftdb.errors import NotFound

Info = GraphQLResolveInfo[Any]


class SchemaReader(Protocol):
    def find(self, name: str) -> CollectionDef | None: ...


class Searcher(Protocol):
    def search(self, params: SearchParams) -> SearchResult: ...


class Aggregating(Protocol):
    def aggregate(self, params: AggregateParams) -> AggregateResult: ...


@dataclass(frozen=True)
class QueryDeps:
    schema: SchemaReader
    searcher: Searcher
    aggregator: Aggregating
    limits: GraphQLLimits


class Resolvers:
    def __init__(self, deps: QueryDeps) -> None:
        self._deps = deps

    def get(self, class_name: str) -> GraphQLFieldResolver:
        def resolve(source: Any, info: Info, **args: Any) -> list[Json]:
            return self.resolve_get(class_name, info, args)

        return resolve

    def aggregate(self, class_name: str) -> GraphQLFieldResolver:
        def resolve(source: Any, info: Info, **args: Any) -> list[Json]:
            return self.resolve_aggregate(class_name, info, args)

        return resolve

    def resolve_get(self, class_name: str, info: Info, args: dict[str, Any]) -> list[Json]:
        collection = self._collection(class_name)
        selection = get_selection(collection, info.field_nodes, info.fragments, self._deps.schema.find)
        params = search_params(collection, args, selection, self._deps.limits)
        result = self._deps.searcher.search(params)
        group_by = params.group_by.property if params.group_by is not None else ""
        return render_result(result, params.properties, params.metadata, group_by)

    def resolve_aggregate(self, class_name: str, info: Info, args: dict[str, Any]) -> list[Json]:
        collection = self._collection(class_name)
        params = aggregate_params(collection, args, info.field_nodes[0], info.fragments,
                                  info.variable_values.coerced)
        result = self._deps.aggregator.aggregate(params)
        return render_aggregate(result, tuple(p.property for p in params.properties))

    def _collection(self, name: str) -> CollectionDef:
        found = self._deps.schema.find(name)
        if found is None:
            raise NotFound(f"could not find class {name} in schema")
        return found
