"""A real grpc.aio server on a free port: health, the Weaviate service, status codes, sizes."""

from __future__ import annotations

import asyncio
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import pytest
from grpc_fakes import FakeAggregator, FakeObjects, FakeSchema, FakeTraverser, stored
from grpc_health.v1 import health_pb2, health_pb2_grpc
from weaviate.proto.v1 import batch_pb2, health_weaviate_pb2, search_get_pb2, tenants_pb2, weaviate_pb2_grpc

from weftdb import errors
from weftdb.api.grpc.errors import status_for
from weftdb.api.grpc.server import WEAVIATE_SERVICE, GrpcDeps, build_grpc_server
from weftdb.entities.search import SearchHit

U1 = uuid.UUID("df48b9f6-ba48-470c-bf6a-57657cb07390")


async def with_server(traverser: FakeTraverser, scenario: Any, max_message_size: int = 1 << 20) -> Any:
    executor = ThreadPoolExecutor(max_workers=2)
    deps = GrpcDeps(FakeSchema(), FakeObjects(), traverser, FakeAggregator(total=3), executor)
    server = build_grpc_server(deps, host="127.0.0.1", port=0, max_message_size=max_message_size)
    await server.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            return await scenario(channel)
    finally:
        await server.stop(grace=None)
        executor.shutdown(wait=True)


def test_health_search_and_unimplemented_methods() -> None:
    traverser = FakeTraverser(hits=[SearchHit(stored(U1, {"title": "x"}))])

    async def scenario(channel: Any) -> Any:
        # exactly what the client's startup ping sends
        ping = channel.unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=health_weaviate_pb2.WeaviateHealthCheckRequest.SerializeToString,
            response_deserializer=health_weaviate_pb2.WeaviateHealthCheckResponse.FromString,
        )
        pong = await ping(health_weaviate_pb2.WeaviateHealthCheckRequest())
        health = health_pb2_grpc.HealthStub(channel)
        named = await health.Check(health_pb2.HealthCheckRequest(service=WEAVIATE_SERVICE))
        stub = weaviate_pb2_grpc.WeaviateStub(channel)
        reply = await stub.Search(search_get_pb2.SearchRequest(collection="Article", metadata={"uuid": True}))
        codes = []
        for call in (
            stub.TenantsGet(tenants_pb2.TenantsGetRequest(collection="Article")),
            stub.BatchReferences(batch_pb2.BatchReferencesRequest()),
        ):
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await call
            codes.append((info.value.code(), info.value.details()))
        stream = stub.BatchStream()
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await stream.read()
        codes.append((info.value.code(), info.value.details()))
        return pong, named, reply, codes

    pong, named, reply, codes = asyncio.run(with_server(traverser, scenario))
    assert pong.status == health_weaviate_pb2.WeaviateHealthCheckResponse.SERVING
    assert named.status == health_pb2.HealthCheckResponse.SERVING
    assert reply.results[0].metadata.id == str(U1)
    assert {code for code, _ in codes} == {grpc.StatusCode.UNIMPLEMENTED}
    assert all("not implemented yet" in details for _, details in codes)


def test_internal_errors_are_generic_and_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    traverser = FakeTraverser(error=RuntimeError("secret detail"))

    async def scenario(channel: Any) -> Any:
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await weaviate_pb2_grpc.WeaviateStub(channel).Search(search_get_pb2.SearchRequest(collection="Article"))
        return info.value

    with caplog.at_level(logging.ERROR, logger="weftdb.api.grpc.errors"):
        error = asyncio.run(with_server(traverser, scenario))
    assert error.code() == grpc.StatusCode.INTERNAL
    assert "secret" not in error.details() and error.details() == "internal server error: RuntimeError"
    records = [r for r in caplog.records if r.name == "weftdb.api.grpc.errors"]
    assert len(records) == 1 and records[0].exc_info is not None


def test_validation_errors_are_not_retried_codes_and_sizes_are_enforced() -> None:
    traverser = FakeTraverser(error=errors.InvalidInput("bad filter"))

    async def scenario(channel: Any) -> Any:
        stub = weaviate_pb2_grpc.WeaviateStub(channel)
        with pytest.raises(grpc.aio.AioRpcError) as invalid:
            await stub.Search(search_get_pb2.SearchRequest(collection="Article"))
        with pytest.raises(grpc.aio.AioRpcError) as too_big:
            await stub.Search(search_get_pb2.SearchRequest(collection="A" * 2048))
        return invalid.value, too_big.value

    invalid, too_big = asyncio.run(with_server(traverser, scenario, max_message_size=1024))
    assert (invalid.code(), invalid.details()) == (grpc.StatusCode.INVALID_ARGUMENT, "bad filter")
    assert too_big.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (errors.InvalidInput("x"), grpc.StatusCode.INVALID_ARGUMENT),
        (errors.AlreadyExists("x"), grpc.StatusCode.INVALID_ARGUMENT),
        (errors.BadRequest("x"), grpc.StatusCode.INVALID_ARGUMENT),
        (errors.NotFound("x"), grpc.StatusCode.NOT_FOUND),
        (errors.Unauthenticated("x"), grpc.StatusCode.UNAUTHENTICATED),
        (errors.Forbidden("x"), grpc.StatusCode.PERMISSION_DENIED),
        (errors.NotImplementedYet("x"), grpc.StatusCode.UNIMPLEMENTED),
        (errors.Unavailable("x"), grpc.StatusCode.UNAVAILABLE),
        (errors.Conflict("x"), grpc.StatusCode.ABORTED),
        (errors.PayloadTooLarge("x"), grpc.StatusCode.RESOURCE_EXHAUSTED),
        (errors.StorageError("x"), grpc.StatusCode.INTERNAL),
        (errors.WeftError("x"), grpc.StatusCode.INTERNAL),
    ],
)
def test_error_table(exc: Exception, code: Any) -> None:
    assert status_for(exc) == (code, "x")
    assert status_for(ValueError("boom"))[0] == grpc.StatusCode.INTERNAL
