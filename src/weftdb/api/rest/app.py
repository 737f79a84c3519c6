"""The Starlette application for REST and GraphQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from weftdb.api.graphql.routes import Executing, GraphQLRoutes
from weftdb.api.rest.errors import error_response, handle_domain_error, handle_unexpected
from weftdb.api.rest.routes_batch import BatchRoutes
from weftdb.api.rest.routes_meta import MetaInfo, MetaRoutes
from weftdb.api.rest.routes_objects import ObjectRoutes
from weftdb.api.rest.routes_schema import SchemaRoutes
from weftdb.errors import WeftError
from weftdb.usecases.nodes.status import NodesService
from weftdb.usecases.objects.manager import ObjectsManager
from weftdb.usecases.schema.manager import SchemaManager


@dataclass(frozen=True)
class RestDeps:
    schema: SchemaManager
    objects: ObjectsManager
    nodes: NodesService
    meta: MetaInfo
    max_body_bytes: int
    is_ready: Callable[[], bool]
    graphql: Executing


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return error_response(404, f"path {request.url.path} was not found")
    if exc.status_code == 405:
        return error_response(405, f"method {request.method} is not allowed on {request.url.path}")
    return error_response(exc.status_code, str(exc.detail))


def build_rest_app(deps: RestDeps) -> Starlette:
    routes: list[Route] = [
        *MetaRoutes(deps.meta, deps.nodes, deps.is_ready).routes(),
        *SchemaRoutes(deps.schema, deps.max_body_bytes).routes(),
        *ObjectRoutes(deps.objects, deps.max_body_bytes).routes(),
        *BatchRoutes(deps.objects, deps.max_body_bytes).routes(),
        *GraphQLRoutes(deps.graphql, deps.max_body_bytes).routes(),
    ]
    return Starlette(
        routes=routes,
        exception_handlers={
            WeftError: handle_domain_error,
            HTTPException: _http_error,
            Exception: handle_unexpected,
        },
    )
