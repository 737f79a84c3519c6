"""Runs one GraphQL request: schema of the moment, cached parse and validation,
execution, errors in Weaviate's shape. Synchronous (the routes run it off the
event loop, as one hop)."""

from __future__ import annotations

from typing import Any

from graphql import DocumentNode, GraphQLSchema, execute

from weftdb.api.graphql.cache import QueryCache
from weftdb.api.graphql.errors import NO_SCHEMA, format_error, response
from weftdb.api.graphql.executor import ProjectingExecutor
from weftdb.api.graphql.hoist import PREFIX, TEXT_PREFIX, Hoisted, hoist, original_location, variable_values
from weftdb.api.graphql.resolvers import QueryDeps, Resolvers
from weftdb.api.graphql.schema import SchemaHolder, VersionedSchema
from weftdb.errors import InvalidInput

Body = dict[str, Any]


class GraphQLService:
    def __init__(self, schema: VersionedSchema, deps: QueryDeps, cache_entries: int = 512) -> None:
        self._schemas = SchemaHolder(schema, Resolvers(deps))
        self.cache = QueryCache(cache_entries)

    def execute(self, query: str, operation_name: str | None = None, variables: dict[str, Any] | None = None) -> Body:
        """The response body of one query. InvalidInput when there is no schema
        (no collection), which the routes answer with 422 as Weaviate."""
        version, schema = self._schemas.current()
        if schema is None:
            raise InvalidInput(NO_SCHEMA)
        hoisted = hoist(query)
        if hoisted is not None:
            prepared = self.cache.prepare(version, schema, hoisted.text, hoisted=True)
            if prepared.kept:  # strings where no String goes stay in the text; the rest is lifted
                hoisted = hoist(query, keep=hoisted.sources_of(prepared.kept))
                if hoisted is not None:
                    prepared = self.cache.prepare(version, schema, hoisted.text, hoisted=True)
            if hoisted is not None and prepared.document is not None and prepared.variables is not None:
                values = {**(variables or {}), **variable_values(hoisted, prepared.variables)}
                body = _run(schema, prepared.document, operation_name, values)
                if not _names_lifted_variables(body):
                    return _map_locations(body, hoisted, query)
        prepared = self.cache.prepare(version, schema, query)
        if prepared.document is None:
            return response(None, [format_error(e) for e in prepared.errors])
        return _run(schema, prepared.document, operation_name, variables)


def _run(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
         variables: dict[str, Any] | None) -> Body:
    result = execute(schema, document, variable_values=variables, operation_name=operation_name,
                     executor_class=ProjectingExecutor)
    assert not hasattr(result, "__await__"), "resolvers are synchronous"
    errors = list(result.errors or ())  # type: ignore[union-attr]
    return response(result.data, [format_error(e) for e in errors])  # type: ignore[union-attr]


def _names_lifted_variables(body: Body) -> bool:
    """A lifted literal its position's type refuses: run the original text, whose
    error names what the client wrote."""
    return any(PREFIX in message or TEXT_PREFIX in message
               for message in (str(e.get("message")) for e in body.get("errors") or ()))


def _map_locations(body: Body, hoisted: Hoisted, query: str) -> Body:
    for error in body.get("errors") or ():
        for location in error.get("locations") or ():
            location["line"], location["column"] = original_location(
                hoisted, query, location["line"], location["column"])
    return body
