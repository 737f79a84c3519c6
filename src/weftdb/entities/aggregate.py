"""Aggregation requests and results."""

from __future__ import annotations

from dataclasses import dataclass

from weftdb.entities.filters import Filter


@dataclass(frozen=True)
class AggregateParams:
    collection: str
    tenant: str = ""
    total_count: bool = True
    filters: Filter | None = None
    #: metric requests not built yet, by kind, so the use case can refuse them clearly
    unsupported: tuple[str, ...] = ()


@dataclass(slots=True)
class AggregateResult:
    total_count: int
