"""Vector search end to end on the WordNet MiniLM data set (116,659 x 384, cosine).

Imports the data through the official client, then measures, in one run:
- import rate until every object is searchable, and raw faiss's build rate (same params);
- single-client QPS and recall@10 at ef 64/128/256, and 4-client QPS (4 processes);
- the transport ceiling T: the client's near_vector QPS against a gRPC server that answers
  every query with a fixed reply (captured from weftdb) without searching, and raw faiss
  single-thread QPS F, and the target 0.85 / (1/T + 1/F);
- filtered searches at ~10% (bucket == 3) and ~1% (bucket100 == 42) selectivity with recall;
- restart time and peak server RSS; with --async, the acknowledged import rate under
  ASYNC_INDEXING=true.

    python bench/vector_search.py [--limit-objects N] [--queries 300] [--async]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import tempfile
import time
import uuid
import warnings
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # not OMP_NUM_THREADS: the server inherits it (see cli.py)

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

with warnings.catch_warnings():
    import authlib.deprecate  # noqa: F401

    warnings.simplefilter("ignore")
    import weaviate
    from weaviate.classes.config import Configure, DataType, Property, Reconfigure
    from weaviate.classes.query import Filter

from bench.fake_search_server import FakeSearchServer  # noqa: E402
from tests.harness import ServerProcess  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "wordnet-minilm"


def load(limit: int | None) -> dict[str, object]:
    base = np.load(DATA / "base.npy").astype(np.float32)
    props = json.loads((DATA / "props.json").read_text())
    n = len(base) if limit is None else min(limit, len(base))
    out: dict[str, object] = {
        "base": base[:n], "queries": np.load(DATA / "queries.npy").astype(np.float32),
        "props": props, "n": n,
    }
    if n == len(base):
        out["gt"] = np.load(DATA / "gt_cosine.npy")
        out["gt3"] = np.load(DATA / "gt_cosine_bucket3.npy")
        out["gt42"] = np.load(DATA / "gt_cosine_bucket100_42.npy")
    return out


def exact_gt(base: np.ndarray, queries: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Ground truth for a truncated base (the shipped files cover the full set)."""
    b = base / np.linalg.norm(base, axis=1, keepdims=True)
    q = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    rows = np.arange(len(b)) if mask is None else np.flatnonzero(mask)
    sims = q @ b[rows].T
    return rows[np.argsort(-sims, axis=1)[:, :10]]


def recall(found: list[list[int]], gt: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(gt[i, :10].tolist())) / 10 for i, f in enumerate(found)]))


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def connect(server: ServerProcess, grpc_port: int | None = None) -> weaviate.WeaviateClient:
    return weaviate.connect_to_custom(http_host="127.0.0.1", http_port=server.port, http_secure=False,
                                      grpc_host="127.0.0.1", grpc_port=grpc_port or server.grpc_port,
                                      grpc_secure=False)


# -- import -----------------------------------------------------------------------------
def create(client: weaviate.WeaviateClient) -> weaviate.collections.Collection:
    return client.collections.create(
        "Wordnet",
        properties=[Property(name="text", data_type=DataType.TEXT), Property(name="pos", data_type=DataType.TEXT),
                    Property(name="bucket", data_type=DataType.INT),
                    Property(name="bucket100", data_type=DataType.INT)],
        vector_config=Configure.Vectors.self_provided(
            vector_index_config=Configure.VectorIndex.hnsw(max_connections=32, ef_construction=128)),
    )


def import_all(coll: weaviate.collections.Collection, data: dict[str, object]) -> float:
    base, props, n = data["base"], data["props"], int(data["n"])  # type: ignore[call-overload]
    started = time.perf_counter()
    with coll.batch.fixed_size(batch_size=1000, concurrent_requests=2) as batch:
        for i in range(n):
            batch.add_object(
                {"text": props["text"][i], "pos": props["pos"][i], "bucket": props["bucket"][i],  # type: ignore[index]
                 "bucket100": props["bucket100"][i]},  # type: ignore[index]
                uuid=uuid.UUID(int=i + 1), vector=base[i],  # type: ignore[index]
            )
    elapsed = time.perf_counter() - started
    assert not coll.batch.failed_objects, coll.batch.failed_objects[:3]
    return n / elapsed


# -- queries ------------------------------------------------------------------------------
def run_queries(coll: weaviate.collections.Collection, queries: np.ndarray,
                filters: Filter | None = None) -> tuple[float, list[list[int]]]:
    found: list[list[int]] = []
    started = time.perf_counter()
    for q in queries:
        res = coll.query.near_vector(q, limit=10, filters=filters, return_properties=[])
        found.append([o.uuid.int - 1 for o in res.objects])
    return len(queries) / (time.perf_counter() - started), found


def _client_worker(http_port: int, grpc_port: int, queries: list[list[float]], barrier: object,
                   out: object) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = weaviate.connect_to_custom(http_host="127.0.0.1", http_port=http_port, http_secure=False,
                                            grpc_host="127.0.0.1", grpc_port=grpc_port, grpc_secure=False)
    with client:
        coll = client.collections.get("Wordnet")
        coll.query.near_vector(queries[0], limit=10, return_properties=[])
        barrier.wait()  # type: ignore[attr-defined]
        started = time.perf_counter()
        for q in queries:
            coll.query.near_vector(q, limit=10, return_properties=[])
        out.put((started, time.perf_counter()))  # type: ignore[attr-defined]


def multi_client_qps(server: ServerProcess, queries: np.ndarray, clients: int) -> float:
    """Clients in separate processes (the client library is CPU-bound Python), timed from
    the common start to the last finish, after every client has connected."""
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(clients), ctx.Queue()
    procs = [ctx.Process(target=_client_worker, args=(server.port, server.grpc_port, queries.tolist(), barrier, out))
             for _ in range(clients)]
    for p in procs:
        p.start()
    spans = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    return clients * len(queries) / (max(e for _, e in spans) - min(s for s, _ in spans))


# -- references -------------------------------------------------------------------------
def raw_faiss(base: np.ndarray, queries: np.ndarray, gt: np.ndarray) -> dict[str, float]:
    import faiss

    faiss.omp_set_num_threads(1)
    b = base / np.linalg.norm(base, axis=1, keepdims=True)
    q = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    index = faiss.IndexHNSWFlat(b.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 128
    started = time.perf_counter()
    for start in range(0, len(b), 1000):
        index.add(b[start : start + 1000])
    build_rate = len(b) / (time.perf_counter() - started)
    out = {"build_rate": build_rate}
    for ef in (64, 128, 256):
        params = faiss.SearchParametersHNSW()
        params.efSearch = ef
        started = time.perf_counter()
        found = [index.search(q[i : i + 1], 10, params=params)[1][0].tolist() for i in range(len(q))]
        out[f"qps_ef{ef}"] = len(q) / (time.perf_counter() - started)
        out[f"recall_ef{ef}"] = recall(found, gt)
    return out


def transport_ceiling(server: ServerProcess, coll: weaviate.collections.Collection, queries: np.ndarray) -> float:
    reply = coll.query.near_vector(queries[0], limit=10, return_properties=[])  # warm the real path
    del reply
    with FakeSearchServer.capture(server.grpc_port, queries[0]) as fake:
        with connect(server, fake.port) as client:
            fake_coll = client.collections.get("Wordnet")
            started = time.perf_counter()
            for q in queries:
                fake_coll.query.near_vector(q, limit=10, return_properties=[])
            return len(queries) / (time.perf_counter() - started)


# -- main -----------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit-objects", type=int, default=None)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--async", dest="async_", action="store_true")
    args = parser.parse_args()
    data = load(args.limit_objects)
    base, queries = data["base"], data["queries"][: args.queries]  # type: ignore[index]
    props = data["props"]
    n = int(data["n"])  # type: ignore[call-overload]
    bucket = np.asarray(props["bucket"][:n])  # type: ignore[index]
    bucket100 = np.asarray(props["bucket100"][:n])  # type: ignore[index]
    gt = data.get("gt", None)
    gt = gt if gt is not None else exact_gt(base, queries)  # type: ignore[arg-type]
    gt3 = data.get("gt3") if "gt3" in data else exact_gt(base, queries, bucket == 3)  # type: ignore[arg-type]
    gt42 = data.get("gt42") if "gt42" in data else exact_gt(base, queries, bucket100 == 42)  # type: ignore[arg-type]
    print(f"objects {n} x {base.shape[1]}, queries {len(queries)}")  # type: ignore[union-attr]
    ref = raw_faiss(base, queries, gt)  # type: ignore[arg-type]
    print(f"raw faiss: build {ref['build_rate']:,.0f} vectors/s; " + ", ".join(
        f"ef {ef}: {ref[f'qps_ef{ef}']:,.0f} QPS recall {ref[f'recall_ef{ef}']:.3f}" for ef in (64, 128, 256)))
    with tempfile.TemporaryDirectory() as tmp:
        env = {"ASYNC_INDEXING": "true"} if args.async_ else {}
        server = ServerProcess(Path(tmp) / "data", env=env, log_path=Path(tmp) / "server.log").start()
        try:
            report(server, data, queries, gt, gt3, gt42, ref, args.async_)  # type: ignore[arg-type]
        finally:
            server.stop()


def report(server: ServerProcess, data: dict[str, object], queries: np.ndarray, gt: np.ndarray, gt3: np.ndarray,
           gt42: np.ndarray, ref: dict[str, float], async_: bool) -> None:
    with connect(server) as client:
        coll = create(client)
        rate = import_all(coll, data)
        label = "acknowledged (ASYNC_INDEXING)" if async_ else "searchable"
        print(f"import through the client: {rate:,.0f} objects/s {label}"
              f" = {rate / ref['build_rate']:.0%} of raw faiss build")
        if async_:
            started = time.perf_counter()
            while any(s.vector_queue_length for node in client.cluster.nodes(output="verbose") for s in node.shards):
                time.sleep(0.5)
            print(f"  async queue drained {time.perf_counter() - started:.0f} s after the import")
        T = transport_ceiling(server, coll, queries)
        for ef in (64, 128, 256):
            coll.config.update(vector_config=Reconfigure.Vectors.update(
                name="default", vector_index_config=Reconfigure.VectorIndex.hnsw(ef=ef)))
            qps, found = run_queries(coll, queries)
            F = ref[f"qps_ef{ef}"]
            ceiling = 1 / (1 / T + 1 / F)
            print(f"ef {ef}: single client {qps:,.0f} QPS, recall@10 {recall(found, gt):.3f}; "
                  f"T {T:,.0f}, F {F:,.0f}, 1/(1/T+1/F) {ceiling:,.0f}, ratio {qps / ceiling:.2f} (target 0.85)")
        coll.config.update(vector_config=Reconfigure.Vectors.update(
            name="default", vector_index_config=Reconfigure.VectorIndex.hnsw(ef=64)))
        print(f"4 clients (processes), ef 64: {multi_client_qps(server, queries, 4):,.0f} QPS")
        for label, flt, truth in (("~10% (bucket == 3)", Filter.by_property("bucket").equal(3), gt3),
                                  ("~1% (bucket100 == 42)", Filter.by_property("bucket100").equal(42), gt42)):
            qps, found = run_queries(coll, queries, flt)
            print(f"filtered {label}: {qps:,.0f} QPS, recall@10 {recall(found, truth):.3f}")
    assert server.proc is not None
    print(f"server peak RSS {peak_rss_mb(server.proc.pid):,.0f} MB")
    server.stop()
    started = time.perf_counter()
    server.start(timeout=600)
    print(f"restart until ready: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
