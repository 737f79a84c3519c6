"""``Aggregate { Class(...) { ... } }`` -> ``AggregateParams``.

Weaviate's local/aggregate/resolver.go: the selection names the properties and
their metrics (``topOccurrences(limit: n)``), ``meta { count }`` asks for the
object count; ``objectLimit`` must be positive and needs a vector (or hybrid)
search; a vector search aggregates over its first target only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import FieldNode, IntValueNode, VariableNode

from weftdb.api.graphql.filters import parse_graphql_where
from weftdb.api.graphql.searches import hybrid, near_object, near_vector
from weftdb.api.graphql.selection import TYPENAME, Fragments, fields
from weftdb.entities.aggregate import AggregateParams, PropertyAggregation
from weftdb.entities.schema import CollectionDef, PropertyDef
from weftdb.entities.search import NearObject, NearVector
from weftdb.errors import InvalidInput

#: GraphQL metric field -> the use case's metric name
METRICS = {
    "count": "count", "sum": "sum", "mean": "mean", "median": "median", "mode": "mode", "minimum": "minimum",
    "maximum": "maximum", "type": "type", "topOccurrences": "top_occurrences", "totalTrue": "total_true",
    "totalFalse": "total_false", "percentageTrue": "percentage_true", "percentageFalse": "percentage_false",
    "pointingTo": "pointing_to",
}


def aggregate_params(collection: CollectionDef, args: dict[str, Any], node: FieldNode, fragments: Fragments,
                     variables: Mapping[str, Any]) -> AggregateParams:
    properties, with_meta = _selection(collection, node, fragments, variables)
    nv, no = _vector_search(args, collection)
    object_limit = args.get("objectLimit")
    if object_limit is not None and object_limit <= 0:
        raise InvalidInput("objectLimit must be a positive integer")
    if object_limit is not None and nv is None and no is None and args.get("hybrid") is None:
        raise InvalidInput("objectLimit can only be used with a near<Media> or hybrid filter")
    return AggregateParams(
        collection=collection.name,
        tenant=args.get("tenant") or "",
        total_count=with_meta,
        filters=parse_graphql_where(args["where"]) if args.get("where") is not None else None,
        properties=properties,
        group_by=_group_by(args.get("groupBy")),
        group_limit=args.get("limit"),
        near_vector=nv,
        near_object=no,
        hybrid=hybrid(args["hybrid"], collection) if args.get("hybrid") is not None else None,
        object_limit=object_limit,
    )


def _vector_search(args: dict[str, Any], collection: CollectionDef) -> tuple[NearVector | None, NearObject | None]:
    if args.get("nearVector") is not None and args.get("nearObject") is not None:
        raise InvalidInput("found both 'nearVector' and 'nearObject' parameters which are conflicting, "
                           "choose one instead")
    if args.get("nearVector") is not None:
        parsed = near_vector(args["nearVector"], collection)
        return NearVector(parsed.queries[:1], None, parsed.distance, parsed.certainty), None
    if args.get("nearObject") is not None:
        parsed_object = near_object(args["nearObject"])
        return None, NearObject(parsed_object.id, parsed_object.targets[:1], None, (),
                                parsed_object.distance, parsed_object.certainty)
    return None, None


def _group_by(path: list[str] | None) -> str | None:
    if path is None:
        return None
    if len(path) != 1:
        raise InvalidInput("could not extract groupBy path: the path must name exactly one property")
    return path[0]


def _selection(collection: CollectionDef, node: FieldNode, fragments: Fragments,
               variables: Mapping[str, Any]) -> tuple[tuple[PropertyAggregation, ...], bool]:
    out: dict[str, PropertyAggregation] = {}
    with_meta = False
    for sub in fields(node.selection_set, fragments):
        name = sub.name.value
        if name == "meta":
            with_meta = True
        elif name not in ("groupedBy", TYPENAME):
            prop = collection.prop(name)
            if prop is not None:
                out[name] = _aggregation(prop, sub, fragments, variables, out.get(name))
    return tuple(out.values()), with_meta


def _aggregation(prop: PropertyDef, node: FieldNode, fragments: Fragments, variables: Mapping[str, Any],
                 earlier: PropertyAggregation | None) -> PropertyAggregation:
    metrics: dict[str, None] = dict.fromkeys(earlier.metrics if earlier else ())
    limit = earlier.limit if earlier else None
    for sub in fields(node.selection_set, fragments):
        metric = METRICS.get(sub.name.value)
        if metric is None:
            continue
        metrics[metric] = None
        if metric == "top_occurrences":
            limit = _limit_argument(sub, variables) or limit
    return PropertyAggregation(prop.name, tuple(metrics), limit)


def _limit_argument(node: FieldNode, variables: Mapping[str, Any]) -> int | None:
    for arg in node.arguments or ():
        if arg.name.value != "limit":
            continue
        if isinstance(arg.value, IntValueNode):
            return int(arg.value.value)
        if isinstance(arg.value, VariableNode):
            value = variables.get(arg.value.name.value)
            return int(value) if isinstance(value, int) else None
    return None
