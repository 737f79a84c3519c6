"""``AggregateResult`` -> the list an ``Aggregate { Class }`` field resolves to.

One entry without groupBy (``groupedBy`` null), one per group with it; each has
``meta { count }``, the metrics per property under Weaviate's field names, and
``groupedBy { path value }`` with the value as Go's ``%v`` text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from weftdb.api.graphql.aggregate_params import METRICS
from weftdb.api.graphql.numbers import go_v
from weftdb.entities.aggregate import AggregateResult

Json = dict[str, Any]
_GRAPHQL_NAMES = {metric: name for name, metric in METRICS.items()}
_INTS = frozenset({"count", "totalTrue", "totalFalse"})


def render_aggregate(result: AggregateResult, requested: tuple[str, ...]) -> list[Json]:
    """``requested`` are the aggregated property names (null when not computed)."""
    if result.groups is None:
        return [_entry(result.total_count, result.properties, requested, None)]
    return [
        _entry(g.total_count, g.properties, requested, {"path": [g.path], "value": go_v(g.value)})
        for g in result.groups
    ]


def _entry(count: int, properties: Mapping[str, Mapping[str, Any]], requested: tuple[str, ...],
           grouped_by: Json | None) -> Json:
    out: Json = {"meta": {"count": count}, "groupedBy": grouped_by}
    for name in requested:
        metrics = properties.get(name)
        out[name] = _metrics(metrics) if metrics is not None else None
    return out


def _metrics(metrics: Mapping[str, Any]) -> Json:
    out: Json = {}
    for metric, value in metrics.items():
        name = _GRAPHQL_NAMES.get(metric)
        if name is None:
            continue
        if name == "topOccurrences":
            out[name] = [{"value": v, "occurs": n} for v, n in value or ()]
        elif name in _INTS and isinstance(value, (int, float)):
            out[name] = int(value)
        else:
            out[name] = value
    return out
