"""Node and shard status as /v1/nodes reports them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class ShardStatus:
    name: str
    collection: str
    object_count: int
    status: str = "READY"
    vector_queue_length: int = 0
    vector_indexing_status: str = "READY"
    compressed: bool = False
    loaded: bool = True


@dataclass(slots=True)
class NodeStatus:
    name: str
    version: str
    git_hash: str
    status: str
    shards: list[ShardStatus] = field(default_factory=list)
    #: objects received by batch imports and not yet written; None when not reported
    batch_queue_length: int | None = 0
    batch_rate_per_second: int = 0

    @property
    def object_count(self) -> int:
        return sum(s.object_count for s in self.shards)
