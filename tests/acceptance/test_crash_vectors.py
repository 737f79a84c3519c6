"""kill -9 around the vector index: during imports with searches running, during a
delete storm, and inside the snapshot. After a restart every acknowledged object
is found by id, by filter, by vector search and in the count; deleted objects
never come back."""

from __future__ import annotations

import signal
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.data import DataObject
from weaviate.classes.query import Filter

from tests.harness import ServerProcess

pytestmark = pytest.mark.acceptance

DIMS = 16
RNG = np.random.default_rng(3)
VECTORS = RNG.standard_normal((6000, DIMS)).astype(np.float32)


def connect(server: ServerProcess) -> weaviate.WeaviateClient:
    return weaviate.connect_to_local(host="127.0.0.1", port=server.port, grpc_port=server.grpc_port)


def obj(i: int) -> DataObject:  # type: ignore[type-arg]
    return DataObject({"n": i, "group": i % 7}, uuid=uuid.UUID(int=i + 1), vector=VECTORS[i].tolist())


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path / "data").start()
    with connect(proc) as client:
        client.collections.create(
            "Vec",
            properties=[Property(name="n", data_type=DataType.INT), Property(name="group", data_type=DataType.INT)],
            vector_config=Configure.Vectors.self_provided(
                vector_index_config=Configure.VectorIndex.hnsw(distance_metric=weaviate.classes.config.VectorDistances.L2_SQUARED)
            ),
        )
    yield proc
    proc.stop()


def verify(server: ServerProcess, acknowledged: set[int], deleted: set[int]) -> None:
    """Every acknowledged object is found by id, filter, vector search and count; deleted ones never."""
    with connect(server) as client:
        coll = client.collections.get("Vec")
        present = {o.uuid.int - 1 for o in coll.iterator()}
        assert len(coll) == len(present)
        assert acknowledged - deleted <= present
        assert not present & deleted
        for i in sorted(acknowledged - deleted)[:: max(1, len(acknowledged) // 40)]:
            hit = coll.query.near_vector(VECTORS[i].tolist(), limit=1, return_metadata=["distance"]).objects
            assert hit and hit[0].uuid.int - 1 == i and hit[0].metadata.distance == pytest.approx(0.0, abs=1e-5)
            by_filter = coll.query.fetch_objects(filters=Filter.by_property("n").equal(i)).objects
            assert [o.uuid.int - 1 for o in by_filter] == [i]
        for i in sorted(deleted)[:20]:
            hit = coll.query.near_vector(VECTORS[i].tolist(), limit=1, return_metadata=["distance"]).objects
            assert not hit or hit[0].uuid.int - 1 != i


def import_until_killed(server: ServerProcess, start: int, acknowledged: set[int], stop: threading.Event) -> None:
    with connect(server) as client:
        coll = client.collections.get("Vec")
        i = start
        while not stop.is_set() and i < len(VECTORS):
            batch = [obj(j) for j in range(i, min(i + 100, len(VECTORS)))]
            try:
                if coll.data.insert_many(batch).errors:
                    break
            except Exception:
                break
            acknowledged.update(range(i, i + len(batch)))
            i += len(batch)


def search_until_killed(server: ServerProcess, stop: threading.Event) -> None:
    with connect(server) as client:
        coll = client.collections.get("Vec")
        while not stop.is_set():
            try:
                coll.query.near_vector(VECTORS[int(RNG.integers(0, 100))].tolist(), limit=5,
                                       filters=Filter.by_property("group").equal(3))
            except Exception:
                return


def test_kill_during_import_with_searches(server: ServerProcess) -> None:
    acknowledged: set[int] = set()
    for round_ in range(3):
        stop = threading.Event()
        writer = threading.Thread(target=import_until_killed, args=(server, len(acknowledged), acknowledged, stop))
        readers = [threading.Thread(target=search_until_killed, args=(server, stop)) for _ in range(2)]
        for t in (writer, *readers):
            t.start()
        time.sleep(1.0 + 0.5 * round_)
        server.kill(signal.SIGKILL)
        stop.set()
        server.start()  # calls in flight retry against the restarted server, then see `stop`
        for t in (writer, *readers):
            t.join(timeout=60)
    assert len(acknowledged) >= 300
    verify(server, acknowledged, set())


def test_kill_during_delete_storm(server: ServerProcess) -> None:
    with connect(server) as client:
        coll = client.collections.get("Vec")
        for start in range(0, 2000, 500):
            assert not coll.data.insert_many([obj(i) for i in range(start, start + 500)]).errors
    deleted: set[int] = set()
    attempted: set[int] = set()

    def storm() -> None:
        with connect(server) as client:
            coll = client.collections.get("Vec")
            for i in range(0, 2000, 3):
                attempted.add(i)
                try:
                    if coll.data.delete_by_id(uuid.UUID(int=i + 1)):
                        deleted.add(i)
                except Exception:
                    return

    t = threading.Thread(target=storm)
    t.start()
    time.sleep(1.5)
    server.kill(signal.SIGKILL)
    t.join(timeout=60)
    server.start()
    assert deleted
    in_flight = attempted - deleted  # the delete in flight when the server died may or may not be done
    assert len(in_flight) <= 1
    with connect(server) as client:
        present = {o.uuid.int - 1 for o in client.collections.get("Vec").iterator()}
    assert not present & deleted
    assert set(range(2000)) - attempted <= present  # never touched: all there
    verify(server, set(range(2000)) - in_flight, deleted)


@pytest.mark.parametrize("fault", ["vector.snapshot_before_rename", "vector.after_snapshot_write"])
def test_kill_inside_the_snapshot(tmp_path: Path, fault: str) -> None:
    data = tmp_path / "data"
    first = ServerProcess(data).start()
    with connect(first) as client:
        client.collections.create("Vec", properties=[Property(name="n", data_type=DataType.INT),
                                                     Property(name="group", data_type=DataType.INT)],
                                  vector_config=Configure.Vectors.self_provided())
        client.collections.get("Vec").data.insert_many([obj(i) for i in range(300)])
    first.stop()  # clean shutdown writes a snapshot
    armed = ServerProcess(data, env={"WEFTDB_FAULT": fault})
    armed.start()
    with connect(armed) as client:
        client.collections.get("Vec").data.insert_many([obj(i) for i in range(300, 600)])
    armed.kill(signal.SIGTERM)  # the shutdown snapshot reaches the fault point and the process dies there
    armed_code = armed.proc.returncode if armed.proc else None
    assert armed_code == 86
    server = ServerProcess(data).start()
    verify(server, set(range(600)), set())
    server.stop()
