"""The vector spaces of one shard: opened with the shard, searched per target."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from weftdb.entities.schema import CollectionDef
from weftdb.storage.db.background import Maintenance
from weftdb.storage.db.shard import Shard
from weftdb.storage.vector.snapshot import SnapshotFile
from weftdb.storage.vector.space import VectorSpace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VectorSettings:
    async_indexing: bool = False
    snapshot_after_seconds: float = 60.0
    snapshot_min_new: int = 20000


class ShardVectors:
    def __init__(self, shard: Shard, directory: Path, settings: VectorSettings, maintenance: Maintenance,
                 fault: Callable[[str], None]) -> None:
        self._shard = shard
        self._dir = directory
        self._settings = settings
        self._maintenance = maintenance
        self._fault = fault
        self.spaces: dict[str, VectorSpace] = {}

    def open(self, collection: CollectionDef) -> None:
        """Open a space for every vector of the collection not open yet; update the others."""
        for name, vector_def in collection.vectors.items():
            space = self.spaces.get(name)
            if space is not None:
                space.update_config(vector_def)
                continue
            path = self._dir / f"{name or '_legacy'}.snapshot"
            space = VectorSpace(vector_def, self._shard.store, SnapshotFile(path, self._fault),
                                self._shard.all_doc_ids, async_indexing=self._settings.async_indexing)
            space.wake = self._maintenance.wake
            seconds = space.open()
            log.info("vector index loaded", extra={"shard": self._shard.name, "vector": name or "(default)",
                                                   "vectors": len(space.index), "queued": len(space.queue),
                                                   "seconds": round(seconds, 3)})
            self._shard.add_indexer(space)
            self.spaces[name] = space
            self._maintenance.register(space, self._maintain(space))

    def _maintain(self, space: VectorSpace) -> Callable[[], None]:
        settings = self._settings
        return lambda: space.maintain(settings.snapshot_after_seconds, settings.snapshot_min_new,
                                      self._maintenance.stopping)

    def close(self, snapshot: bool = True) -> None:
        """Snapshot what was indexed since the last snapshot, so a clean shutdown
        restarts fast; vectors still queued stay queued (the bucket is the queue)."""
        for space in self.spaces.values():
            self._maintenance.unregister(space)
            if snapshot:
                space.snapshot_if_needed(1)

    @property
    def queue_length(self) -> int:
        return sum(len(s.queue) for s in self.spaces.values())

    @property
    def indexing_status(self) -> str:
        statuses = {s.indexing_status for s in self.spaces.values()}
        return "INDEXING" if "INDEXING" in statuses else "READY"
