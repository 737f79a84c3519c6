from __future__ import annotations

from pathlib import Path

from weftdb.storage.kv.port import KeyValueEngine


def k(i: int) -> bytes:
    return i.to_bytes(8, "big")


def test_batch_is_atomic_and_readable_across_buckets(engine: KeyValueEngine, store_path: Path) -> None:
    store = engine.open(store_path)
    store.ensure_bucket("a")
    store.ensure_bucket("b")
    batch = store.new_batch()
    batch.put("a", k(1), b"one")
    batch.put("b", k(1), b"uno")
    assert len(batch) == 2
    store.write(batch)
    assert store.get("a", k(1)) == b"one"
    assert store.multi_get("b", [k(1), k(2)]) == [b"uno", None]
    store.close()


def test_scan_ranges_and_reverse(engine: KeyValueEngine, store_path: Path) -> None:
    store = engine.open(store_path)
    store.ensure_bucket("x")
    batch = store.new_batch()
    for i in range(10):
        batch.put("x", k(i), str(i).encode())
    store.write(batch)
    assert [v for _, v in store.scan("x", k(3), k(6))] == [b"3", b"4", b"5"]
    assert [v for _, v in store.scan("x", k(3), k(6), reverse=True)] == [b"5", b"4", b"3"]
    assert [v for _, v in store.scan("x", reverse=True)][:2] == [b"9", b"8"]
    assert [v for _, v in store.scan("x", start=k(8))] == [b"8", b"9"]
    store.close()


def test_delete_and_reopen_keeps_data(engine: KeyValueEngine, store_path: Path) -> None:
    store = engine.open(store_path)
    store.ensure_bucket("x")
    batch = store.new_batch()
    batch.put("x", k(1), b"1")
    batch.put("x", k(2), b"2")
    store.write(batch)
    batch = store.new_batch()
    batch.delete("x", k(1))
    store.write(batch)
    store.close()
    store = engine.open(store_path)
    assert "x" in store.buckets()
    assert store.get("x", k(1)) is None
    assert store.get("x", k(2)) == b"2"
    store.close()


def test_drop_bucket(engine: KeyValueEngine, store_path: Path) -> None:
    store = engine.open(store_path)
    store.ensure_bucket("gone")
    store.drop_bucket("gone")
    assert "gone" not in store.buckets()
    store.close()
