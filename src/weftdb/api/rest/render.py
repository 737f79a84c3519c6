"""Entities -> Weaviate's REST JSON shapes."""

from __future__ import annotations

from typing import Any

from weftdb.entities.nodes import NodeStatus, ShardStatus
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import LEGACY_VECTOR


def object_json(obj: StoredObject, *, include_vector: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "class": obj.collection,
        "creationTimeUnix": obj.creation_time_ms,
        "id": str(obj.id),
        "lastUpdateTimeUnix": obj.update_time_ms,
        "properties": obj.properties,
    }
    if obj.tenant:
        out["tenant"] = obj.tenant
    if include_vector:
        legacy = obj.vectors.get(LEGACY_VECTOR)
        if legacy is not None:
            out["vector"] = legacy.tolist()
        named = {k: v.tolist() for k, v in obj.vectors.items() if k != LEGACY_VECTOR}
        if named:
            out["vectors"] = named
    return out


def shard_json(shard: ShardStatus) -> dict[str, Any]:
    return {
        "name": shard.name,
        "class": shard.collection,
        "objectCount": shard.object_count,
        # Weaviate reports the shard's status here (READONLY wins over indexing)
        "vectorIndexingStatus": shard.status if shard.status != "READY" else shard.vector_indexing_status,
        "vectorQueueLength": shard.vector_queue_length,
        "compressed": shard.compressed,
        "loaded": shard.loaded,
    }


def node_json(node: NodeStatus, *, verbose: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": node.name,
        "status": node.status,
        "version": node.version,
        "gitHash": node.git_hash,
        "batchStats": _batch_stats(node),
        "operationalMode": "ReadWrite",
    }
    if verbose:
        out["stats"] = {"shardCount": len(node.shards), "objectCount": node.object_count}
        out["shards"] = [shard_json(s) for s in node.shards]
    else:
        out["shards"] = None
    return out


def _batch_stats(node: NodeStatus) -> dict[str, int]:
    stats = {"ratePerSecond": node.batch_rate_per_second}
    if node.batch_queue_length is not None:
        stats["queueLength"] = node.batch_queue_length
    return stats
