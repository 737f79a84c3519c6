"""``POST /v1/graphql`` and ``POST /v1/graphql/batch`` (Weaviate's handlers_graphql.go).

A query's own errors (syntax, validation, use-case errors) come back with HTTP
200 in the GraphQL body. The request itself can be refused with 422 and the
REST error shape: an empty query, variables that are not an object, no
collection yet. The batch endpoint answers a list in request order; there a
bad item becomes that item's error (``422: ...``), and an empty list 422.
"""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from weftdb.api.graphql.errors import batch_item_error
from weftdb.api.rest.io import JSONResponse, read_json, read_object
from weftdb.api.rest.threads import run_sync
from weftdb.errors import InvalidInput
from weftdb.goformat import GoFmt

#: Weaviate's message for an unusable query in a batch
UNPROCESSABLE = "The request is well-formed but was unable to be followed due to semantic errors."
_GO = GoFmt(json_numbers=False)


class Executing(Protocol):
    def execute(self, query: str, operation_name: str | None = None,
                variables: dict[str, Any] | None = None) -> dict[str, Any]: ...


class GraphQLRoutes:
    def __init__(self, service: Executing, max_body_bytes: int) -> None:
        self._service = service
        self._max = max_body_bytes

    def routes(self) -> list[Route]:
        return [
            Route("/v1/graphql", self.query, methods=["POST"]),
            Route("/v1/graphql/batch", self.batch, methods=["POST"]),
        ]

    async def query(self, request: Request) -> Response:
        body = await read_object(request, self._max)
        query, operation, variables = _fields(body)
        if not query:
            raise InvalidInput("query cannot be empty")
        if variables is not None and not isinstance(variables, dict):
            raise InvalidInput(f"variables must be a JSON object, got {_GO.type_name(variables)}")
        return JSONResponse(await run_sync(self._service.execute, query, operation, variables))

    async def batch(self, request: Request) -> Response:
        body = await read_json(request, self._max)
        if not isinstance(body, list):
            raise InvalidInput(f"body must be a JSON array of queries, not {type(body).__name__}")
        if not body:
            return Response(b"{}", status_code=422, media_type="application/json")
        answers = await asyncio.gather(*(self._one(item) for item in body))
        return JSONResponse(list(answers))

    async def _one(self, item: Any) -> dict[str, Any]:
        if not isinstance(item, dict):
            return batch_item_error(UNPROCESSABLE)
        query, operation, variables = _fields(item)
        if not query:
            return batch_item_error(UNPROCESSABLE)
        if variables is not None and not isinstance(variables, dict):
            return batch_item_error(f"expected map[string]interface{{}}, received {_GO.v(variables)}")
        return await run_sync(self._service.execute, query, operation, variables)


def _fields(body: dict[str, Any]) -> tuple[str, str | None, Any]:
    query, operation = body.get("query"), body.get("operationName")
    if query is not None and not isinstance(query, str):
        raise InvalidInput(f"query must be a string, not {_GO.type_name(query)}")
    if operation is not None and not isinstance(operation, str):
        raise InvalidInput(f"operationName must be a string, not {_GO.type_name(operation)}")
    return query or "", operation or None, body.get("variables")
