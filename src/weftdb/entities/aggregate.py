"""Aggregation requests and results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from weftdb.entities.filters import Filter
from weftdb.entities.search import HybridQuery, NearObject, NearVector


@dataclass(frozen=True)
class PropertyAggregation:
    """The metrics asked for one property (the use case derives their family from the
    property's type). ``metrics`` names the wanted metrics (count, sum, mean, median, mode, minimum, maximum,
    top_occurrences, total_true, ...); ``limit`` bounds top occurrences."""

    property: str
    metrics: tuple[str, ...]
    limit: int | None = None


@dataclass(frozen=True)
class AggregateParams:
    collection: str
    tenant: str = ""
    total_count: bool = True
    filters: Filter | None = None
    properties: tuple[PropertyAggregation, ...] = ()
    group_by: str | None = None
    group_limit: int | None = None
    near_vector: NearVector | None = None
    near_object: NearObject | None = None
    #: aggregate over the objects of a hybrid search (``object_limit`` candidates per leg)
    hybrid: HybridQuery | None = None
    #: with a vector or hybrid search: aggregate over the nearest ``object_limit`` objects
    object_limit: int | None = None
    #: metric requests not built yet, by kind, so the use case can refuse them clearly
    unsupported: tuple[str, ...] = ()


@dataclass(slots=True)
class AggregateGroup:
    """One group (or the single result without group_by): count and metrics per property;
    ``value`` is the grouped-by value and ``path`` the property it came from."""

    total_count: int
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)
    value: Any = None
    path: str = ""


@dataclass(slots=True)
class AggregateResult:
    total_count: int
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)
    groups: list[AggregateGroup] | None = None
