from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from weftdb.storage.kv.memory import MemoryEngine
from weftdb.storage.kv.port import KeyValueEngine
from weftdb.storage.kv.rocksdb import RocksEngine


@pytest.fixture(params=["memory", "rocksdb"])
def engine(request: pytest.FixtureRequest) -> KeyValueEngine:
    """Storage tests run against every engine (DESIGN.md §4.2)."""
    return MemoryEngine() if request.param == "memory" else RocksEngine(block_cache_bytes=8 << 20)


@pytest.fixture
def store_path(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "store"
