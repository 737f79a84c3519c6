"""A torn or damaged write-ahead log is detected by checksum: cut cleanly or refused,
never read back as wrong data."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from weftdb.errors import StorageError
from weftdb.storage.kv.rocksdb import RocksEngine

BATCHES = 60

WRITER = textwrap.dedent(
    """
    import os, sys, hashlib
    from pathlib import Path
    from weftdb.storage.kv.rocksdb import RocksEngine
    store = RocksEngine().open(Path(sys.argv[1]))
    store.ensure_bucket("objects")
    for i in range({batches}):
        batch = store.new_batch()
        key = i.to_bytes(8, "big")
        batch.put("objects", key, hashlib.sha256(key).digest() * 8)
        store.write(batch)          # fsynced: acknowledged
    os._exit(0)                     # like kill -9: no close, no flush
    """
).format(batches=BATCHES)


def write_then_die(path: Path) -> Path:
    subprocess.run([sys.executable, "-c", WRITER, str(path)], check=True, timeout=60)
    logs = sorted(path.glob("*.log"), key=lambda p: p.stat().st_size)
    assert logs and logs[-1].stat().st_size > 0, "the data should still be in the WAL"
    return logs[-1]


def read_back(path: Path) -> list[int]:
    """Keys present after reopening; every value must be exactly what was written."""
    store = RocksEngine().open(path)
    try:
        present = []
        for key, value in store.scan("objects"):
            assert value == hashlib.sha256(key).digest() * 8, "damaged data served"
            present.append(int.from_bytes(key, "big"))
        return present
    finally:
        store.close()


def test_intact_wal_replays_everything(tmp_path: Path) -> None:
    write_then_die(tmp_path / "db")
    assert read_back(tmp_path / "db") == list(range(BATCHES))


def test_torn_tail_is_cut_cleanly(tmp_path: Path) -> None:
    wal = write_then_die(tmp_path / "db")
    size = wal.stat().st_size
    with open(wal, "r+b") as fh:
        fh.truncate(size - 150)  # the last record is half written
    present = read_back(tmp_path / "db")
    assert present == list(range(len(present)))  # a prefix: nothing after the tear, no holes
    assert BATCHES - 3 <= len(present) < BATCHES


def test_damaged_tail_record_is_cut_cleanly(tmp_path: Path) -> None:
    wal = write_then_die(tmp_path / "db")
    data = bytearray(wal.read_bytes())
    data[-40] ^= 0xFF  # flip bits inside the last record: its checksum no longer matches
    wal.write_bytes(bytes(data))
    present = read_back(tmp_path / "db")
    assert present == list(range(len(present)))
    assert len(present) >= BATCHES - 3


def test_damage_in_the_middle_is_cut_there_never_misread(tmp_path: Path) -> None:
    wal = write_then_die(tmp_path / "db")
    data = bytearray(wal.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = b"\x00garbage"
    wal.write_bytes(bytes(data))
    present = read_back(tmp_path / "db")
    # replay stops at the damaged record: a clean prefix, no holes, no wrong values
    assert present == list(range(len(present)))
    assert len(present) < BATCHES


def test_damaged_table_file_is_refused(tmp_path: Path) -> None:
    store = RocksEngine().open(tmp_path / "db")
    store.ensure_bucket("objects")
    batch = store.new_batch()
    for i in range(1000):
        batch.put("objects", i.to_bytes(8, "big"), b"v" * 100)
    store.write(batch)
    store.flush()
    store.close()
    (table,) = list((tmp_path / "db").glob("*.sst"))
    data = bytearray(table.read_bytes())
    data[len(data) // 3] ^= 0xFF
    table.write_bytes(bytes(data))
    with pytest.raises(StorageError):
        store = RocksEngine().open(tmp_path / "db")
        try:
            list(store.scan("objects"))
        finally:
            store.close()
