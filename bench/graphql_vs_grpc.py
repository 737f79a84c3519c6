"""GraphQL ``Get`` QPS against the same searches over gRPC (the official client).

Imports N objects of the WordNet MiniLM set (384-d, cosine; random vectors when the
set is absent) with two properties, then, single client, for each kind of query:
- gRPC: ``collection.query.near_vector(...)`` / ``fetch_objects(...)`` (weaviate-client 4.24.1);
- GraphQL: the equivalent ``Get`` POSTed to ``/v1/graphql`` over one keep-alive
  ``httpx.Client`` (what ``client.graphql_raw_query`` does, without its warning);
- GraphQL with a fresh query text each time (no parse/validation cache hit).
Prints queries per second and the GraphQL/gRPC ratio.

    python bench/graphql_vs_grpc.py [--objects 20000] [--queries 500] [--limit 10]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

with warnings.catch_warnings():
    import authlib.deprecate  # noqa: F401

    warnings.simplefilter("ignore")
    import httpx
    import weaviate
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.query import MetadataQuery

from tests.harness import ServerProcess  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "wordnet-minilm" / "base.npy"


def vectors(n: int) -> np.ndarray:
    if DATA.exists():
        return np.load(DATA)[:n].astype(np.float32)
    return np.random.default_rng(7).standard_normal((n, 384)).astype(np.float32)


def qps(run: Callable[[int], object], count: int) -> float:
    for i in range(min(20, count)):  # warm up
        run(i)
    started = time.perf_counter()
    for i in range(count):
        run(i)
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--objects", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--limit", type=int, default=10)
    args = parser.parse_args()
    base = vectors(args.objects)
    queries = base[np.random.default_rng(3).choice(len(base), args.queries)] + 0.01
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(Path(tmp) / "data").start()
        try:
            run(server, base, queries, args.limit)
        finally:
            server.stop()


def run(server: ServerProcess, base: np.ndarray, queries: np.ndarray, limit: int) -> None:
    client = weaviate.connect_to_local(host="127.0.0.1", port=server.port, grpc_port=server.grpc_port)
    http = httpx.Client(base_url=server.url, timeout=30)
    try:
        coll = client.collections.create("Bench", properties=[
            Property(name="title", data_type=DataType.TEXT), Property(name="pos", data_type=DataType.INT)],
            vector_config=Configure.Vectors.self_provided())
        started = time.perf_counter()
        with coll.batch.fixed_size(1000) as batch:
            for i, vec in enumerate(base):
                batch.add_object({"title": f"object {i}", "pos": i}, vector=vec.tolist())
        print(f"imported {len(base)} objects in {time.perf_counter() - started:.1f} s")
        lists = [q.tolist() for q in queries]
        n = len(lists)

        def grpc_near(i: int) -> object:
            return coll.query.near_vector(lists[i % n], limit=limit, return_properties=["title", "pos"],
                                          return_metadata=MetadataQuery(distance=True))

        def gql(text: str) -> object:
            body = http.post("/v1/graphql", json={"query": text}).json()
            assert "errors" not in body, body
            return body

        near_texts = [f"{{ Get {{ Bench(nearVector: {{vector: {lst}}}, limit: {limit}) "
                      "{ title pos _additional { id distance } } } }" for lst in lists]
        fixed_vector = near_texts[0]

        def grpc_fetch(i: int) -> object:
            return coll.query.fetch_objects(limit=limit, offset=i % 100, return_properties=["title", "pos"])

        fetch_texts = [f"{{ Get {{ Bench(limit: {limit}, offset: {i % 100}) {{ title pos _additional {{ id }} }} }} }}"
                       for i in range(100)]
        figures = {
            "nearVector gRPC": qps(grpc_near, n),
            "nearVector GraphQL (new query text each time)": qps(lambda i: gql(near_texts[i % n]), n),
            "nearVector GraphQL (same query text, cache hit)": qps(lambda i: gql(fixed_vector), n),
            "fetch gRPC": qps(grpc_fetch, n),
            "fetch GraphQL (100 query texts, cache hits)": qps(lambda i: gql(fetch_texts[i % 100]), n),
        }
        for name, value in figures.items():
            print(f"{name:50s} {value:8.0f} QPS")
        print(f"ratio nearVector GraphQL/gRPC: {figures['nearVector GraphQL (new query text each time)'] / figures['nearVector gRPC']:.2f} (new text), "
              f"{figures['nearVector GraphQL (same query text, cache hit)'] / figures['nearVector gRPC']:.2f} (cached)")
        print(f"ratio fetch GraphQL/gRPC: {figures['fetch GraphQL (100 query texts, cache hits)'] / figures['fetch gRPC']:.2f}")
    finally:
        http.close()
        client.close()


if __name__ == "__main__":
    main()
