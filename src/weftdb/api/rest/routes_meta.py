"""Root links, liveness/readiness, OIDC discovery, /v1/meta and /v1/nodes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from weftdb.api.rest.io import JSONResponse
from weftdb.api.rest.render import node_json
from weftdb.api.rest.threads import run_sync
from weftdb.errors import InvalidInput
from weftdb.usecases.nodes.status import NodesService

_LINKS = [
    ("Meta information about this instance/cluster", "/v1/meta", None),
    ("view complete schema", "/v1/schema", "https://docs.weaviate.io/weaviate/api/rest#tag/schema"),
    ("CRUD schema", "/v1/schema{/:className}", "https://docs.weaviate.io/weaviate/api/rest#tag/schema"),
    ("CRUD objects", "/v1/objects{/:id}", "https://docs.weaviate.io/weaviate/api/rest#tag/objects"),
    (
        "check if Weaviate is live (returns 200 on GET when live)",
        "/v1/.well-known/live",
        "https://docs.weaviate.io/weaviate/api/rest#tag/well-known",
    ),
    (
        "check if Weaviate is ready (returns 200 on GET when ready)",
        "/v1/.well-known/ready",
        "https://docs.weaviate.io/weaviate/api/rest#tag/well-known",
    ),
    (
        "view link to openid configuration (returns 404 on GET if no openid is configured)",
        "/v1/.well-known/openid-configuration",
        "https://docs.weaviate.io/weaviate/api/rest#tag/well-known",
    ),
]

_ROOT_REDIRECT = {"links": {"href": "/v1", "name": "api v1", "documentationHref": "https://docs.weaviate.io/weaviate"}}


@dataclass(frozen=True)
class MetaInfo:
    hostname: str
    version: str
    weftdb_version: str
    grpc_max_message_size: int
    modules: dict[str, Any]


class MetaRoutes:
    def __init__(self, meta: MetaInfo, nodes: NodesService, is_ready: Callable[[], bool]) -> None:
        self._meta = meta
        self._nodes = nodes
        self._is_ready = is_ready

    def routes(self) -> list[Route]:
        return [
            Route("/", self.redirect_root, methods=["GET"]),
            Route("/v1", self.root, methods=["GET"]),
            Route("/v1/", self.root, methods=["GET"]),
            Route("/v1/.well-known/live", self.live, methods=["GET"]),
            Route("/v1/.well-known/ready", self.ready, methods=["GET"]),
            Route("/v1/.well-known/openid-configuration", self.openid, methods=["GET"]),
            Route("/v1/meta", self.meta, methods=["GET"]),
            Route("/v1/nodes", self.nodes, methods=["GET"]),
            Route("/v1/nodes/{class_name}", self.nodes, methods=["GET"]),
        ]

    async def redirect_root(self, request: Request) -> Response:
        """Weaviate answers ``GET /`` with a permanent redirect to ``/v1``."""
        return JSONResponse(_ROOT_REDIRECT, status_code=301, headers={"Location": "/v1"})

    async def root(self, request: Request) -> Response:
        links = []
        for name, href, doc in _LINKS:
            link: dict[str, str] = {"name": name, "href": href}
            if doc:
                link["documentationHref"] = doc
            links.append(link)
        return JSONResponse({"links": links})

    async def live(self, request: Request) -> Response:
        return Response(status_code=200)

    async def ready(self, request: Request) -> Response:
        return Response(status_code=200 if self._is_ready() else 503)

    async def openid(self, request: Request) -> Response:
        return Response(status_code=404)

    async def meta(self, request: Request) -> Response:
        m = self._meta
        return JSONResponse(
            {
                "hostname": m.hostname,
                "version": m.version,
                "modules": m.modules,
                "grpcMaxMessageSize": m.grpc_max_message_size,
                "weftdbVersion": m.weftdb_version,
            }
        )

    async def nodes(self, request: Request) -> Response:
        output = request.query_params.get("output", "minimal")
        if output not in ("minimal", "verbose"):
            raise InvalidInput(f"invalid output: {output!r}, must be 'minimal' or 'verbose'")
        class_name = request.path_params.get("class_name")
        nodes = await run_sync(self._nodes.status, class_name)
        shard_name = request.query_params.get("shardName")
        if shard_name:
            for node in nodes:
                node.shards = [s for s in node.shards if s.name == shard_name]
        return JSONResponse({"nodes": [node_json(n, verbose=output == "verbose") for n in nodes]})
