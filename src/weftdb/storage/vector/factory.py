"""Build vector indexes from a collection's vector config (Weaviate's field names)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from weftdb.entities.schema import VectorDef
from weftdb.storage.vector.base import BaseIndex, SearchConfig
from weftdb.storage.vector.flat import FlatIndex
from weftdb.storage.vector.hnsw import HnswConfig, HnswIndex


def _int(cfg: Mapping[str, Any], key: str, default: int) -> int:
    value = cfg.get(key, default)
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def hnsw_config(cfg: Mapping[str, Any]) -> HnswConfig:
    return HnswConfig(
        ef=_int(cfg, "ef", -1),
        dynamic_ef_min=_int(cfg, "dynamicEfMin", 100),
        dynamic_ef_max=_int(cfg, "dynamicEfMax", 500),
        dynamic_ef_factor=_int(cfg, "dynamicEfFactor", 8),
        flat_search_cutoff=_int(cfg, "flatSearchCutoff", 40000),
        max_connections=_int(cfg, "maxConnections", 32),
        ef_construction=_int(cfg, "efConstruction", 128),
    )


def _hnsw_part(vector_def: VectorDef) -> Mapping[str, Any]:
    cfg = vector_def.index_config
    if vector_def.index_type == "dynamic":
        return cfg.get("hnsw") or {}
    return cfg


def dynamic_threshold(vector_def: VectorDef) -> int:
    return _int(vector_def.index_config, "threshold", 10000)


def make_index(vector_def: VectorDef, kind: str | None = None) -> BaseIndex:
    """A new empty index: ``kind`` overrides the configured type (a dynamic space
    starts flat and is rebuilt as hnsw past its threshold)."""
    kind = kind or ("flat" if vector_def.index_type in ("flat", "dynamic") else "hnsw")
    if kind == "flat":
        return FlatIndex(vector_def.distance, SearchConfig())
    return HnswIndex(vector_def.distance, hnsw_config(_hnsw_part(vector_def)))


def update_config(index: BaseIndex, vector_def: VectorDef) -> None:
    """Apply mutable settings (ef, dynamic ef, flatSearchCutoff) to a live index."""
    if isinstance(index, HnswIndex):
        fresh = hnsw_config(_hnsw_part(vector_def))
        fresh.max_connections = index.hnsw_config.max_connections
        fresh.ef_construction = index.hnsw_config.ef_construction
        index.config = index.hnsw_config = fresh
