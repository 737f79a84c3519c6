"""/v1/objects: single-object CRUD, validation and listing."""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from weftdb.api.rest.io import JSONResponse, query_int, read_object
from weftdb.api.rest.render import object_json
from weftdb.api.rest.threads import run_sync
from weftdb.entities.objects import ObjectInput
from weftdb.entities.search import SortSpec
from weftdb.errors import InvalidInput, NotFound
from weftdb.usecases.objects.manager import ObjectsManager


def object_input(body: dict[str, Any], *, collection: str | None = None, obj_id: str | None = None) -> ObjectInput:
    """A REST object body -> ObjectInput, with go-swagger's type checks."""
    cls = body.get("class")
    if cls is not None and not isinstance(cls, str):
        raise InvalidInput("class in body must be of type string")
    body_id = body.get("id")
    if body_id is not None and not isinstance(body_id, str):
        raise InvalidInput("id in body must be of type uuid")
    if body_id:
        check_uuid(body_id, "id in body")
    tenant = body.get("tenant") or ""
    if not isinstance(tenant, str):
        raise InvalidInput("tenant in body must be of type string")
    props = body.get("properties")
    if props is not None and not isinstance(props, dict):
        raise InvalidInput("properties in body must be of type object")
    return ObjectInput(
        collection=collection or cls or "",
        id=obj_id or body_id or None,
        properties=props,
        vector=body.get("vector"),
        vectors=body.get("vectors"),
        tenant=tenant,
    )


def check_uuid(value: str, where: str) -> str:
    try:
        uuidlib.UUID(value)
    except ValueError:
        raise InvalidInput(f'{where} must be of type uuid: "{value}"') from None
    return value


def include_vector(request: Request) -> bool:
    include = request.query_params.get("include") or ""
    parts = [p.strip() for p in include.split(",") if p.strip()]
    for part in parts:
        if part not in ("vector", "classification", "featureProjection"):
            raise InvalidInput(f"unrecognized property '{part}' in ?include list")
    return "vector" in parts


def sort_specs(sort: str | None, order: str | None) -> tuple[SortSpec, ...]:
    """``?sort=a,b&order=asc,desc`` as Weaviate reads it: a missing or unknown
    order is ascending."""
    if sort is None:
        return ()
    orders = order.split(",") if order is not None else []
    return tuple(
        SortSpec((name,), ascending=(orders[i] if i < len(orders) else "asc") != "desc")
        for i, name in enumerate(sort.split(","))
    )


class ObjectRoutes:
    def __init__(self, objects: ObjectsManager, max_body: int) -> None:
        self._objects = objects
        self._max_body = max_body

    def routes(self) -> list[Route]:
        return [
            Route("/v1/objects", self.create, methods=["POST"]),
            Route("/v1/objects", self.list_objects, methods=["GET"]),
            Route("/v1/objects/validate", self.validate, methods=["POST"]),
            # HEAD first: Starlette also answers HEAD on GET routes
            Route("/v1/objects/{cls}/{id}", self.head, methods=["HEAD"]),
            Route("/v1/objects/{cls}/{id}", self.get, methods=["GET"]),
            Route("/v1/objects/{cls}/{id}", self.put, methods=["PUT"]),
            Route("/v1/objects/{cls}/{id}", self.patch, methods=["PATCH"]),
            Route("/v1/objects/{cls}/{id}", self.delete, methods=["DELETE"]),
            Route("/v1/objects/{id}", self.head, methods=["HEAD"]),
            Route("/v1/objects/{id}", self.get, methods=["GET"]),
            Route("/v1/objects/{id}", self.put, methods=["PUT"]),
            Route("/v1/objects/{id}", self.patch, methods=["PATCH"]),
            Route("/v1/objects/{id}", self.delete, methods=["DELETE"]),
        ]

    @staticmethod
    def _target(request: Request) -> tuple[str | None, str]:
        obj_id = check_uuid(request.path_params["id"], "id in path")
        return request.path_params.get("cls"), obj_id

    async def create(self, request: Request) -> Response:
        inp = object_input(await read_object(request, self._max_body))
        obj = await run_sync(self._objects.add, inp)
        return JSONResponse(object_json(obj, include_vector=True))

    async def validate(self, request: Request) -> Response:
        inp = object_input(await read_object(request, self._max_body))
        await run_sync(self._objects.validate, inp)
        return Response(status_code=200)

    async def get(self, request: Request) -> Response:
        cls, obj_id = self._target(request)
        with_vector = include_vector(request)
        tenant = request.query_params.get("tenant", "")
        obj = await run_sync(self._objects.find, cls, obj_id, include_vector=with_vector, tenant=tenant)
        if obj is None:
            return Response(status_code=404)
        return JSONResponse(object_json(obj, include_vector=with_vector))

    async def head(self, request: Request) -> Response:
        cls, obj_id = self._target(request)
        tenant = request.query_params.get("tenant", "")
        found = await run_sync(self._objects.exists, cls, obj_id, tenant)
        return Response(status_code=204 if found else 404)

    async def put(self, request: Request) -> Response:
        cls, obj_id = self._target(request)
        body = await read_object(request, self._max_body)
        inp = object_input(body, collection=cls or body.get("class"), obj_id=obj_id)
        try:
            obj = await run_sync(self._objects.replace, inp.collection or None, obj_id, inp)
        except NotFound:
            return Response(status_code=404)
        return JSONResponse(object_json(obj, include_vector=True))

    async def patch(self, request: Request) -> Response:
        cls, obj_id = self._target(request)
        body = await read_object(request, self._max_body)
        inp = object_input(body, collection=cls or body.get("class"), obj_id=obj_id)
        try:
            await run_sync(self._objects.merge, inp.collection or None, obj_id, inp)
        except NotFound:
            return Response(status_code=404)
        return Response(status_code=204)

    async def delete(self, request: Request) -> Response:
        cls, obj_id = self._target(request)
        tenant = request.query_params.get("tenant", "")
        try:
            await run_sync(self._objects.delete, cls, obj_id, tenant)
        except NotFound:
            return Response(status_code=404)
        return Response(status_code=204)

    async def list_objects(self, request: Request) -> Response:
        cls = request.query_params.get("class") or None
        with_vector = include_vector(request)
        objs = await run_sync(
            self._objects.list_objects,
            cls,
            limit=query_int(request, "limit"),
            offset=query_int(request, "offset") or 0,
            after=request.query_params.get("after") or None,
            include_vector=with_vector,
            tenant=request.query_params.get("tenant", ""),
            sort=sort_specs(request.query_params.get("sort"), request.query_params.get("order")),
        )
        return JSONResponse(
            {
                "objects": [object_json(o, include_vector=with_vector) for o in objs],
                "totalResults": len(objs),
                "deprecations": [],
            }
        )
