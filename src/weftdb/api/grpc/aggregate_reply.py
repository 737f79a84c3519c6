"""``AggregateResult`` -> ``AggregateReply`` (Weaviate's prepare_aggregate_reply.go).

The message kind follows the property's data type in the schema (``int`` /
``int[]`` -> Integer, other numbers -> Number, ...). As Weaviate: a single result
always carries the object count; an integer, number or date aggregation carries
the metrics that were computed (an empty message when there is none); text
always carries its count and top occurrences, booleans every field; group-by
replies carry one group per value (no result at all when there is no group).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from weaviate.proto.v1 import aggregate_pb2

from weftdb.entities.aggregate import AggregateGroup, AggregateResult
from weftdb.entities.schema import CollectionDef

_Reply = aggregate_pb2.AggregateReply
_INT_FIELDS = ("count", "mode", "maximum", "minimum", "sum")


def aggregate_reply(result: AggregateResult, collection: CollectionDef, took: float) -> Any:
    if result.groups is None:
        single = _Reply.Single(objects_count=result.total_count)
        if result.properties:
            _fill_aggregations(single.aggregations, result.properties, collection)
        return _Reply(took=took, single_result=single)
    if not result.groups:
        return _Reply(took=took)
    reply = _Reply(took=took)
    groups = reply.grouped_results.groups
    for group in result.groups:
        out = groups.add(objects_count=group.total_count)
        if group.properties:
            _fill_aggregations(out.aggregations, group.properties, collection)
        _grouped_by(out.grouped_by, group)
    return reply


def _grouped_by(out: Any, group: AggregateGroup) -> None:
    out.path.append(group.path)
    value = group.value
    if isinstance(value, bool):
        out.boolean = value
    elif isinstance(value, int):
        out.int = value
    elif isinstance(value, float):
        out.number = value
    else:
        out.text = str(value)


def _fill_aggregations(out: Any, properties: Mapping[str, Mapping[str, Any]], collection: CollectionDef) -> None:
    for name, metrics in properties.items():
        aggregation = out.aggregations.add(property=name)
        prop = collection.prop(name)
        data_type = "cref" if prop is None or prop.is_reference else prop.primitive
        if data_type in ("int", "int[]"):
            _numeric(aggregation.int, metrics, ints=True)
        elif data_type in ("number", "number[]"):
            _numeric(aggregation.number, metrics, ints=False)
        elif data_type in ("date", "date[]"):
            _date(aggregation.date, metrics)
        elif data_type in ("boolean", "boolean[]"):
            _boolean(aggregation.boolean, metrics)
        elif data_type == "cref":
            aggregation.reference.type = metrics.get("type", "")
            aggregation.reference.pointing_to.extend(metrics.get("pointing_to", ()))
        else:
            _text(aggregation.text, metrics)


def _numeric(msg: Any, metrics: Mapping[str, Any], ints: bool) -> None:
    msg.SetInParent()
    values = {k: v for k, v in metrics.items() if k != "type"}
    if not values:
        return
    msg.type = metrics.get("type", "")
    for name, value in values.items():
        if name == "count" or (ints and name in _INT_FIELDS):
            setattr(msg, name, int(value))
        else:
            setattr(msg, name, float(value))


def _date(msg: Any, metrics: Mapping[str, Any]) -> None:
    msg.SetInParent()
    values = {k: v for k, v in metrics.items() if k != "type"}
    if not values:
        return
    msg.type = metrics.get("type", "")
    for name, value in values.items():
        setattr(msg, name, int(value) if name == "count" else str(value))


def _boolean(msg: Any, metrics: Mapping[str, Any]) -> None:
    msg.type = metrics.get("type", "")
    for name in ("count", "total_true", "total_false"):
        setattr(msg, name, int(metrics.get(name, 0)))
    for name in ("percentage_true", "percentage_false"):
        setattr(msg, name, float(metrics.get(name, 0.0)))


def _text(msg: Any, metrics: Mapping[str, Any]) -> None:
    msg.type = metrics.get("type", "")
    msg.count = int(metrics.get("count", 0))
    top = metrics.get("top_occurrences") or ()
    if top:
        items = msg.top_occurences.items
        for value, occurs in top:
            items.add(value=value, occurs=occurs)
