"""kill -9 during a client batch import: nothing acknowledged is lost or changed."""

from __future__ import annotations

import random
import signal
import threading
import time
import uuid
from pathlib import Path

import httpx
import numpy as np
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.data import DataObject

from tests.harness import ServerProcess

pytestmark = pytest.mark.acceptance

DIMS = 16
BATCH = 200


def connect(server: ServerProcess) -> weaviate.WeaviateClient:
    return weaviate.connect_to_local(host="127.0.0.1", port=server.port, grpc_port=server.grpc_port)


def make_batch(rng: np.random.Generator, start: int) -> list[DataObject]:  # type: ignore[type-arg]
    vectors = rng.standard_normal((BATCH, DIMS)).astype(np.float32)
    return [
        DataObject(
            {"title": f"object {start + i}", "n": start + i, "tags": [str(start + i), "x"]},
            uuid=uuid.UUID(int=start + i + 1),
            vector=vectors[i].tolist(),
        )
        for i in range(BATCH)
    ]


class Importer(threading.Thread):
    """Imports batches while the server is killed and restarted under it.

    A batch counts as acknowledged only when ``insert_many`` returned without
    errors; the client retries UNAVAILABLE itself, so some batches land on the
    restarted server."""

    def __init__(self, server: ServerProcess) -> None:
        super().__init__(daemon=True)
        self.server, self.next, self.rng = server, 0, np.random.default_rng(1)
        self.acknowledged: dict[uuid.UUID, DataObject] = {}  # type: ignore[type-arg]
        self.attempted: set[uuid.UUID] = set()
        self.failures = 0
        self.stop = threading.Event()

    def run(self) -> None:
        with connect(self.server) as client:
            coll = client.collections.get("Crash")
            while not self.stop.is_set():
                batch = make_batch(self.rng, self.next)
                self.next += BATCH
                self.attempted.update(o.uuid for o in batch)  # type: ignore[misc]
                try:
                    result = coll.data.insert_many(batch)
                except Exception:
                    self.failures += 1
                    time.sleep(0.2)
                    continue
                if not result.errors:
                    self.acknowledged.update((o.uuid, o) for o in batch)  # type: ignore[misc]


def test_kill_9_during_batch_import_loses_nothing_acknowledged(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data").start()
    with connect(server) as client:
        client.collections.create(
            "Crash",
            properties=[Property(name="title", data_type=DataType.TEXT), Property(name="n", data_type=DataType.INT),
                        Property(name="tags", data_type=DataType.TEXT_ARRAY)],
            vector_config=Configure.Vectors.self_provided(),
        )
    importer = Importer(server)
    importer.start()
    rng = random.Random(7)
    kills = 0
    for _ in range(4):
        time.sleep(rng.uniform(0.5, 1.5))
        server.kill(signal.SIGKILL)
        kills += 1
        server.start()
    time.sleep(1.0)
    importer.stop.set()
    importer.join(timeout=60)
    assert not importer.is_alive()
    assert kills == 4 and len(importer.acknowledged) >= 4 * BATCH, "the importer should have got batches through"
    with connect(server) as client:
        coll = client.collections.get("Crash")
        present = {o.uuid: o for o in coll.iterator(include_vector=True)}
        assert len(coll) == len(present)
        assert set(importer.acknowledged) <= set(present)
        assert set(present) <= importer.attempted
        for oid, sent in importer.acknowledged.items():
            got = present[oid]
            assert got.properties == sent.properties
            assert got.vector["default"] == list(np.float32(sent.vector))  # type: ignore[arg-type]
        # BM25 (its postings are in the objects' write batches) agrees with the objects
        found = {o.uuid for o in coll.query.bm25("object", limit=10_000, return_properties=[]).objects}
        assert found == set(present)
        for oid in list(importer.acknowledged)[:: max(1, len(importer.acknowledged) // 20)]:
            number = str(importer.acknowledged[oid].properties["n"])
            assert [o.uuid for o in coll.query.bm25(number, query_properties=["title"]).objects] == [oid]
    server.stop()


@pytest.mark.parametrize("fault", ["schema.after_create_record", "schema.after_delete_record"])
def test_crash_inside_a_schema_change_recovers(tmp_path: Path, fault: str) -> None:
    data = tmp_path / "data"
    server = ServerProcess(data).start()
    with connect(server) as client:
        client.collections.create("Keep", properties=[Property(name="t", data_type=DataType.TEXT)])
        client.collections.get("Keep").data.insert({"t": "kept"})
        if fault == "schema.after_delete_record":
            client.collections.create("Victim")
    server.stop()
    armed = ServerProcess(data, env={"WEFTDB_FAULT": fault})
    armed.port, armed.grpc_port = server.port, server.grpc_port
    armed.start()
    with connect(armed) as client:
        with pytest.raises((weaviate.exceptions.WeaviateBaseError, httpx.HTTPError)):  # died mid-request
            if fault == "schema.after_create_record":
                client.collections.create("Victim", properties=[Property(name="t", data_type=DataType.TEXT)])
            else:
                client.collections.delete("Victim")
    assert armed.wait_exit() == 86
    server.start()
    with connect(server) as client:
        assert client.collections.get("Keep").query.fetch_objects().objects[0].properties == {"t": "kept"}
        if fault == "schema.after_create_record":
            # the record was durable: the collection exists and its storage was opened at start
            victim = client.collections.get("Victim")
            victim.data.insert({"t": "works"})
            assert len(victim) == 1
        else:
            assert not client.collections.exists("Victim")
            assert not (data / "collections" / "victim").exists()
    server.stop()
