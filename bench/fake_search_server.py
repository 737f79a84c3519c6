"""A gRPC server that answers every Search with one fixed reply, without searching.

It measures the transport ceiling: the official client's near_vector round trip
through a Python gRPC server (grpc.aio, as weftdb uses) with the same reply
bytes weftdb sends. The first Search is forwarded to the real server and its
reply recorded; every later one gets those bytes back. Runs in its own process
so it does not share the client's interpreter.

    python bench/fake_search_server.py --upstream 50051   # prints its port, serves until killed
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc

SERVING = b"\x08\x01"  # grpc.health.v1.HealthCheckResponse(status=SERVING)


class _Handler(grpc.GenericRpcHandler):
    def __init__(self, upstream: str) -> None:
        self._channel = grpc.aio.insecure_channel(upstream)
        self._forward = self._channel.unary_unary("/weaviate.v1.Weaviate/Search")
        self._reply: bytes | None = None

    def service(self, details: Any) -> Any:
        if details.method == "/grpc.health.v1.Health/Check":
            return grpc.unary_unary_rpc_method_handler(self._health)
        if details.method == "/weaviate.v1.Weaviate/Search":
            return grpc.unary_unary_rpc_method_handler(self._search)
        return None

    async def _health(self, request: bytes, context: Any) -> bytes:
        return SERVING

    async def _search(self, request: bytes, context: Any) -> bytes:
        if self._reply is None:
            self._reply = await self._forward(request)
        return self._reply


async def _serve(upstream_port: int) -> None:
    server = grpc.aio.server()
    server.add_generic_rpc_handlers([_Handler(f"127.0.0.1:{upstream_port}")])
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
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", type=int, required=True)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(_serve(parser.parse_args().upstream))
