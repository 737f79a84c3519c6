"""A gRPC servicer that answers every Search with one fixed reply, without searching.

It measures the transport ceiling T: the official client's near_vector round trip
through a Python gRPC servicer (grpc.aio and the generated
``weaviate_pb2_grpc.WeaviateServicer``, as weftdb uses, so requests are
deserialised and replies serialised as in weftdb) returning the reply weftdb
returns. The first Search is forwarded to the real server and its reply kept;
every later one gets that reply back. Runs in its own process so it does not
share the client's interpreter.

    python bench/fake_search_server.py --upstream 50051   # prints its port, serves until killed
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc

SERVING = b"\x08\x01"  # grpc.health.v1.HealthCheckResponse(status=SERVING)


class _Health(grpc.GenericRpcHandler):
    def service(self, details: Any) -> Any:
        if details.method == "/grpc.health.v1.Health/Check":
            return grpc.unary_unary_rpc_method_handler(self._check)
        return None

    async def _check(self, request: bytes, context: Any) -> bytes:
        return SERVING


def _servicer(upstream: str) -> Any:
    from weaviate.proto.v1 import weaviate_pb2_grpc

    class FixedReply(weaviate_pb2_grpc.WeaviateServicer):  # type: ignore[misc]
        def __init__(self) -> None:
            self._channel = grpc.aio.insecure_channel(upstream)
            self._stub = weaviate_pb2_grpc.WeaviateStub(self._channel)
            self._reply: Any = None

        async def Search(self, request: Any, context: Any) -> Any:
            if self._reply is None:
                self._reply = await self._stub.Search(request)
            return self._reply  # serialised again for every call, as a real reply is

    return FixedReply()


async def _serve(upstream_port: int) -> None:
    from weaviate.proto.v1 import weaviate_pb2_grpc

    server = grpc.aio.server()
    server.add_generic_rpc_handlers([_Health()])
    weaviate_pb2_grpc.add_WeaviateServicer_to_server(_servicer(f"127.0.0.1:{upstream_port}"), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    print(port, flush=True)
    await server.wait_for_termination()


class FakeSearchServer:
    def __init__(self, proc: subprocess.Popen[str], port: int) -> None:
        self.proc, self.port = proc, port

    @classmethod
    @contextlib.contextmanager
    def capture(cls, upstream_port: int, _query: object = None) -> Iterator[FakeSearchServer]:
        proc = subprocess.Popen([sys.executable, str(Path(__file__)), "--upstream", str(upstream_port)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        try:
            yield cls(proc, port)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    warnings.simplefilter("ignore")  # weaviate-client's imports warn about authlib
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", type=int, required=True)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(_serve(parser.parse_args().upstream))
