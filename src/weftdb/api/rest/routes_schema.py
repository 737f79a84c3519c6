"""/v1/schema: collections, properties and shards."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from weftdb.api.rest.io import JSONResponse, read_json, read_object
from weftdb.api.rest.threads import run_sync
from weftdb.errors import InvalidInput, NotFound
from weftdb.usecases.schema.manager import SchemaManager


class SchemaRoutes:
    def __init__(self, schema: SchemaManager, max_body: int) -> None:
        self._schema = schema
        self._max_body = max_body

    def routes(self) -> list[Route]:
        return [
            Route("/v1/schema", self.dump, methods=["GET"]),
            Route("/v1/schema", self.create, methods=["POST"]),
            Route("/v1/schema/{name}", self.get, methods=["GET"]),
            Route("/v1/schema/{name}", self.update, methods=["PUT"]),
            Route("/v1/schema/{name}", self.delete, methods=["DELETE"]),
            Route("/v1/schema/{name}/properties", self.get_properties, methods=["GET"]),
            Route("/v1/schema/{name}/properties", self.add_property, methods=["POST"]),
            Route("/v1/schema/{name}/shards", self.shards, methods=["GET"]),
            Route("/v1/schema/{name}/shards/{shard}", self.shard, methods=["GET"]),
            Route("/v1/schema/{name}/shards/{shard}", self.update_shard, methods=["PUT"]),
        ]

    async def dump(self, request: Request) -> Response:
        return JSONResponse({"classes": self._schema.list_classes()})

    async def create(self, request: Request) -> Response:
        body = await read_json(request, self._max_body)
        return JSONResponse(await run_sync(self._schema.create, body))

    async def get(self, request: Request) -> Response:
        found = self._schema.find(request.path_params["name"])
        if found is None:
            return Response(status_code=404)
        return JSONResponse(dict(found.definition))

    async def update(self, request: Request) -> Response:
        body = await read_json(request, self._max_body)
        if self._schema.find(request.path_params["name"]) is None:
            return Response(status_code=404)
        return JSONResponse(await run_sync(self._schema.update, request.path_params["name"], body))

    async def delete(self, request: Request) -> Response:
        await run_sync(self._schema.delete, request.path_params["name"])
        return Response(status_code=200)

    async def get_properties(self, request: Request) -> Response:
        found = self._schema.find(request.path_params["name"])
        if found is None:
            return Response(status_code=404)
        return JSONResponse(list(found.definition.get("properties") or []))

    async def add_property(self, request: Request) -> Response:
        body = await read_json(request, self._max_body)
        name = request.path_params["name"]
        if self._schema.find(name) is None:
            raise InvalidInput(f"collection {name} not found")
        return JSONResponse(await run_sync(self._schema.add_property, name, body))

    async def shards(self, request: Request) -> Response:
        statuses = await run_sync(self._schema.shard_statuses, request.path_params["name"])
        return JSONResponse(
            [{"name": s.name, "status": s.status, "vectorQueueSize": s.vector_queue_length} for s in statuses]
        )

    async def shard(self, request: Request) -> Response:
        statuses = await run_sync(self._schema.shard_statuses, request.path_params["name"])
        for s in statuses:
            if s.name == request.path_params["shard"]:
                return JSONResponse({"name": s.name, "status": s.status, "vectorQueueSize": s.vector_queue_length})
        raise NotFound(f"shard {request.path_params['shard']} not found")

    async def update_shard(self, request: Request) -> Response:
        body = await read_object(request, self._max_body)
        status = body.get("status")
        if not isinstance(status, str):
            raise InvalidInput("status must be a string: READY or READONLY")
        name, shard = request.path_params["name"], request.path_params["shard"]
        # Weaviate upper-cases the status and echoes the status it was given
        await run_sync(self._schema.set_shard_status, name, shard, status.upper())
        return JSONResponse({"status": status})
