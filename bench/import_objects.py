"""Import throughput: 100k objects (3 properties, 384-d float32 vectors) through the
official client's batching into a fresh weftdb server. Prints objects/s and peak RSS.

    python bench/import_objects.py [--objects 100000] [--mode dynamic|fixed|insert_many] [--repeat 1] [--async]

Vectors and texts come from ../shared/data/wordnet-minilm (real embeddings), cycled when
more objects are asked for than the data set has.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

with warnings.catch_warnings():
    import authlib.deprecate  # noqa: F401

    warnings.simplefilter("ignore")
    import weaviate
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.data import DataObject

from tests.harness import ServerProcess  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "wordnet-minilm"


def load(n: int) -> tuple[np.ndarray, list[dict[str, object]]]:
    base = np.load(DATA / "base.npy").astype(np.float32)
    props = json.loads((DATA / "props.json").read_text())
    rows = np.arange(n) % len(base)
    objects = [{"text": props["text"][r], "pos": props["pos"][r], "bucket": int(props["bucket"][r])} for r in rows]
    return base[rows], objects


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_once(vectors: np.ndarray, objects: list[dict[str, object]], mode: str,
             async_indexing: bool) -> tuple[float, float]:
    env = {"ASYNC_INDEXING": "true"} if async_indexing else {}
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(Path(tmp) / "data", env=env, log_path=Path(tmp) / "server.log").start()
        try:
            with weaviate.connect_to_local(host="127.0.0.1", port=server.port, grpc_port=server.grpc_port) as client:
                coll = client.collections.create(
                    "Bench",
                    properties=[Property(name="text", data_type=DataType.TEXT),
                                Property(name="pos", data_type=DataType.TEXT),
                                Property(name="bucket", data_type=DataType.INT)],
                    vector_config=Configure.Vectors.self_provided(),
                )
                started = time.perf_counter()
                _import(coll, vectors, objects, mode)
                elapsed = time.perf_counter() - started
                assert len(coll) == len(objects), (len(coll), len(objects))
            assert server.proc is not None
            return len(objects) / elapsed, peak_rss_mb(server.proc.pid)
        finally:
            server.stop()


def _import(coll: weaviate.collections.Collection, vectors: np.ndarray, objects: list[dict[str, object]],
            mode: str) -> None:
    ids = [uuid.UUID(int=i + 1) for i in range(len(objects))]
    if mode == "insert_many":
        for start in range(0, len(objects), 1000):
            chunk = range(start, min(start + 1000, len(objects)))
            res = coll.data.insert_many([DataObject(objects[i], uuid=ids[i], vector=vectors[i]) for i in chunk])
            assert not res.errors, res.errors
        return
    batching = coll.batch.dynamic() if mode == "dynamic" else coll.batch.fixed_size(batch_size=1000)
    with batching as batch:
        for i, props in enumerate(objects):
            batch.add_object(props, uuid=ids[i], vector=vectors[i])
    assert not coll.batch.failed_objects, coll.batch.failed_objects[:3]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--mode", choices=["dynamic", "fixed", "insert_many"], default="dynamic")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--async", dest="async_", action="store_true", help="ASYNC_INDEXING=true")
    args = parser.parse_args()
    vectors, objects = load(args.objects)
    mode = "ASYNC_INDEXING, acknowledged" if args.async_ else "indexed before acknowledged"
    print(f"import {args.objects} objects x 384-d, 3 properties, client batching '{args.mode}', {mode}")
    for run in range(args.repeat):
        rate, rss = run_once(vectors, objects, args.mode, args.async_)
        print(f"run {run + 1}: {rate:,.0f} objects/s, server peak RSS {rss:,.0f} MB")


if __name__ == "__main__":
    main()
