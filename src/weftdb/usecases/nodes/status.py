"""Node status for /v1/nodes: this node and its shards."""

from __future__ import annotations

from weftdb.entities.nodes import NodeStatus
from weftdb.usecases.objects.batch_stats import BatchStats
from weftdb.usecases.ports import ShardAdmin
from weftdb.usecases.schema.manager import SchemaManager


class NodesService:
    def __init__(
        self, schema: SchemaManager, shards: ShardAdmin, batch_stats: BatchStats, node_name: str, version: str,
        git_hash: str,
    ) -> None:
        self._schema = schema
        self._shards = shards
        self._batch_stats = batch_stats
        self._node_name = node_name
        self._version = version
        self._git_hash = git_hash

    def status(self, collection: str | None = None) -> list[NodeStatus]:
        name = self._schema.collection(collection).name if collection else None
        shards = self._shards.shard_statuses(name)
        stats = self._batch_stats.snapshot()
        return [
            NodeStatus(
                self._node_name, self._version, self._git_hash, "HEALTHY", shards,
                batch_queue_length=stats.queue_length, batch_rate_per_second=stats.rate_per_second,
            )
        ]
