"""The data directory: layout and the lock that keeps a second server out."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from weftdb.errors import StorageError


class DataDirLocked(StorageError):
    """Another running weftdb holds the data directory."""


class DataDir:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self._lock_file: IO[str] | None = None

    @property
    def schema_path(self) -> Path:
        return self.root / "schema"

    @property
    def collections_path(self) -> Path:
        return self.root / "collections"

    def collection_path(self, name: str) -> Path:
        return self.collections_path / name.lower()

    def lock(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        fh = open(self.root / "weftdb.lock", "a+")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise DataDirLocked(
                f"data directory {self.root} is in use by {holder}; "
                "stop that server or set PERSISTENCE_DATA_PATH to another directory"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"weftdb pid {os.getpid()}\n")
        fh.flush()
        self._lock_file = fh

    def unlock(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None
