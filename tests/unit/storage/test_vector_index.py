from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pyroaring import BitMap

from weftdb.entities.schema import VectorDef
from weftdb.storage.vector import distances
from weftdb.storage.vector.base import SearchConfig
from weftdb.storage.vector.flat import FlatIndex
from weftdb.storage.vector.hnsw import HnswConfig, HnswIndex
from weftdb.storage.vector.snapshot import SnapshotFile

RNG = np.random.default_rng(42)
DATA = RNG.standard_normal((2000, 24)).astype(np.float32)
IDS = np.arange(len(DATA), dtype=np.int64) * 3 + 1  # doc ids with gaps
QUERIES = RNG.standard_normal((20, 24)).astype(np.float32)


def oracle(metric: str, data: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Weaviate's definitions written out independently of the implementation."""
    if metric == "cosine":
        a = data / np.linalg.norm(data, axis=1, keepdims=True)
        return np.maximum(1.0 - a @ (q / np.linalg.norm(q)), 0.0)
    if metric == "dot":
        return -(data @ q)
    if metric == "l2-squared":
        return ((data - q) ** 2).sum(axis=1)
    if metric == "manhattan":
        return np.abs(data - q).sum(axis=1)
    return (data != q).sum(axis=1).astype(np.float64)


def build(kind: str, metric: str, data: np.ndarray = DATA, ids: np.ndarray = IDS) -> FlatIndex | HnswIndex:
    index: FlatIndex | HnswIndex = FlatIndex(metric, SearchConfig()) if kind == "flat" else HnswIndex(metric, HnswConfig())
    for start in range(0, len(data), 500):
        index.add(ids[start : start + 500], data[start : start + 500], keys_for(ids[start : start + 500]))
    return index


def keys_for(ids: np.ndarray) -> np.ndarray:
    """Object ids (16 bytes) derived from doc ids, as the shard would pass them."""
    return np.frombuffer(b"".join(int(i).to_bytes(16, "big") for i in ids), dtype=np.uint8).reshape(-1, 16)


@pytest.mark.parametrize("metric", distances.METRICS)
def test_flat_is_exact_and_distances_match_weaviate(metric: str) -> None:
    data = np.round(DATA) if metric == "hamming" else DATA  # hamming compares values
    index = build("flat", metric, data)
    for q in (np.round(QUERIES) if metric == "hamming" else QUERIES)[:5]:
        ids, dist = index.search(q, 10)
        expected = oracle(metric, data, q)
        np.testing.assert_allclose(dist, np.sort(expected)[:10], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(expected[(ids - 1) // 3], dist, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("metric", ["cosine", "dot", "l2-squared", "manhattan"])
def test_hnsw_recall_and_exact_distances(metric: str) -> None:
    index = build("hnsw", metric)
    recall = []
    for q in QUERIES:
        ids, dist = index.search(q, 10)
        expected = oracle(metric, DATA, q)
        truth = set(IDS[np.argsort(expected)[:10]])
        recall.append(len(truth & set(ids.tolist())) / 10)
        np.testing.assert_allclose(expected[(ids - 1) // 3], dist, rtol=1e-4, atol=1e-4)
        assert list(dist) == sorted(dist)
    assert np.mean(recall) >= 0.95


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_deleted_vectors_are_never_returned(kind: str) -> None:
    index = build(kind, "l2-squared")
    q = QUERIES[0]
    first, _ = index.search(q, 50)
    assert index.delete(first[:25]) == 25
    again, _ = index.search(q, 50)
    assert not set(first[:25].tolist()) & set(again.tolist())
    assert len(again) == 50
    assert len(index) == len(DATA) - 25


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_filtered_search_below_cutoff_is_exact(kind: str) -> None:
    index = build(kind, "cosine")
    allowed_rows = np.arange(0, len(DATA), 37)
    allow = BitMap(int(i) for i in IDS[allowed_rows])
    for q in QUERIES[:5]:
        ids, dist = index.search(q, 10, allow)
        expected = oracle("cosine", DATA[allowed_rows], q)
        assert set(ids.tolist()) <= set(allow)
        np.testing.assert_allclose(dist, np.sort(expected)[:10], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("metric", ["cosine", "dot", "l2-squared", "manhattan"])
def test_hnsw_filtered_exact_search_every_metric_with_deletes(metric: str) -> None:
    """Below the cutoff hnsw searches its stored vectors exactly (inside faiss for the
    metrics faiss has): exact distances, dead objects skipped, fewer hits than k."""
    index = build("hnsw", metric)
    allowed_rows = np.arange(3, len(DATA), 41)
    index.delete(IDS[allowed_rows[:5]])
    live_rows = allowed_rows[5:]
    allow = BitMap(int(i) for i in IDS[allowed_rows])
    for q in QUERIES[:5]:
        ids, dist = index.search(q, 10, allow)
        expected = oracle(metric, DATA[live_rows], q)
        np.testing.assert_allclose(dist, np.sort(expected)[:10], rtol=1e-4, atol=1e-4)
        assert set(ids.tolist()) <= set(IDS[live_rows].tolist())
        assert list(dist) == sorted(dist)
    ids, dist = index.search(QUERIES[0], 500, allow)
    assert sorted(ids.tolist()) == sorted(IDS[live_rows].tolist())


def test_filtered_search_above_cutoff_stays_inside_the_allow_list() -> None:
    index = build("hnsw", "cosine")
    index.config.flat_search_cutoff = 10
    allow = BitMap(int(i) for i in IDS[::2])
    for q in QUERIES[:5]:
        ids, _ = index.search(q, 10, allow)
        assert len(ids) == 10 and set(ids.tolist()) <= set(allow)


def test_dynamic_ef() -> None:
    config = SearchConfig(ef=-1, dynamic_ef_min=100, dynamic_ef_max=500, dynamic_ef_factor=8)
    assert config.ef_for(10) == 100
    assert config.ef_for(30) == 240
    assert config.ef_for(100) == 500
    assert config.ef_for(600) == 600
    assert SearchConfig(ef=64).ef_for(10) == 64
    assert SearchConfig(ef=64).ef_for(100) == 100


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_snapshot_roundtrip(kind: str, tmp_path: Path) -> None:
    index = build(kind, "dot")
    index.delete(IDS[:10])
    snap = SnapshotFile(tmp_path / "v.snapshot")
    assert snap.write(index) == IDS[-1]
    vector_def = VectorDef("", kind, {"distance": "dot"}, "none")
    loaded = snap.load(vector_def)
    assert loaded is not None and loaded.kind == kind and len(loaded) == len(DATA) - 10
    assert loaded.keys_of(IDS[20:23]) == {int(i): int(i).to_bytes(16, "big") for i in IDS[20:23]}
    for q in QUERIES[:3]:
        a, da = index.search(q, 10)
        b, db = loaded.search(q, 10)
        assert a.tolist() == b.tolist()
        np.testing.assert_allclose(da, db)


def test_damaged_snapshot_is_ignored(tmp_path: Path) -> None:
    snap = SnapshotFile(tmp_path / "v.snapshot")
    snap.write(build("flat", "cosine"))
    raw = bytearray((tmp_path / "v.snapshot").read_bytes())
    raw[-100] ^= 0xFF
    (tmp_path / "v.snapshot").write_bytes(bytes(raw))
    assert snap.load(VectorDef("", "flat", {"distance": "cosine"}, "none")) is None
