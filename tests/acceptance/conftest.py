from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import weaviate

from tests.harness import ServerProcess


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    base = tmp_path_factory.mktemp("weftdb")
    proc = ServerProcess(base / "data").start()
    yield proc
    proc.stop()


def connect(server: ServerProcess) -> weaviate.WeaviateClient:
    return weaviate.connect_to_local(host="127.0.0.1", port=server.port, grpc_port=server.grpc_port)


@pytest.fixture
def client(server: ServerProcess) -> Iterator[weaviate.WeaviateClient]:
    c = connect(server)
    yield c
    c.close()


@pytest.fixture
def name(request: pytest.FixtureRequest, client: weaviate.WeaviateClient) -> Iterator[str]:
    """A collection name unique to the test; the collection is deleted afterwards."""
    cleaned = re.sub(r"[^0-9A-Za-z]", "", request.node.name.title())[:60]
    coll = f"T{cleaned}"
    client.collections.delete(coll)
    yield coll
    client.collections.delete(coll)
