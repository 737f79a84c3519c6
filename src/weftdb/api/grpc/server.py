"""The gRPC server: ``weaviate.v1.Weaviate`` plus the standard ``grpc.health.v1.Health``.

The client's startup ping calls ``Health/Check`` with an empty service name
and needs SERVING. Build and start the server inside the running event loop
(the app's lifespan); ``stop`` flips health to NOT_SERVING first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, TypeVar

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1.health import aio as health_aio
from weaviate.proto.v1 import weaviate_pb2_grpc

from weftdb.api.grpc.servicer import (
    Aggregating,
    BatchWriter,
    RunSync,
    SchemaReader,
    Searcher,
    WeaviateServicer,
)

T = TypeVar("T")

WEAVIATE_SERVICE = "weaviate.v1.Weaviate"
#: Weaviate's default GRPC_MAX_MESSAGE_SIZE (about 100 MB)
DEFAULT_MAX_MESSAGE_BYTES = 104_858_000


@dataclass
class GrpcServer:
    server: Any
    health: Any
    port: int

    async def start(self) -> None:
        await self.server.start()
        await self.health.set("", health_pb2.HealthCheckResponse.SERVING)
        await self.health.set(WEAVIATE_SERVICE, health_pb2.HealthCheckResponse.SERVING)

    async def stop(self, grace: float | None = 5.0) -> None:
        await self.health.enter_graceful_shutdown()
        await self.server.stop(grace)


@dataclass(frozen=True)
class GrpcDeps:
    """The use cases the gRPC service calls, and the pool their synchronous calls run in."""

    schema: SchemaReader
    objects: BatchWriter
    traverser: Searcher
    aggregator: Aggregating
    executor: Executor


def executor_runner(executor: Executor) -> RunSync:
    """A ``run_sync`` that runs calls in ``executor``."""

    async def run(fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)

    return run


def build_grpc_server(
    deps: GrpcDeps, *, host: str = "0.0.0.0", port: int = 50051, max_message_size: int = DEFAULT_MAX_MESSAGE_BYTES
) -> GrpcServer:
    """The Weaviate service wired to ``deps``, bound to ``host:port`` (port 0: a free one)."""
    servicer = WeaviateServicer(
        schema=deps.schema,
        traverser=deps.traverser,
        objects=deps.objects,
        aggregator=deps.aggregator,
        run_sync=executor_runner(deps.executor),
    )
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return build_server(servicer, address=address, max_message_bytes=max_message_size)


def build_server(
    servicer: WeaviateServicer,
    *,
    address: str = "0.0.0.0:50051",
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
) -> GrpcServer:
    """A bound, not yet started server; ``address`` may end in ``:0`` for a free port."""
    options = [
        ("grpc.max_receive_message_length", max_message_bytes),
        ("grpc.max_send_message_length", max_message_bytes),
        ("grpc.so_reuseport", 0),
    ]
    server = grpc.aio.server(options=options)
    weaviate_pb2_grpc.add_WeaviateServicer_to_server(servicer, server)  # type: ignore[no-untyped-call]
    health = health_aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health, server)
    port = server.add_insecure_port(address)
    return GrpcServer(server=server, health=health, port=port)
