"""``AggregateRequest`` -> ``AggregateParams`` (Weaviate's parse_aggregate_request.go).

Served: the object count, property metrics, filters, group-by, near_vector /
near_object searches (one target vector, as Weaviate: an aggregation searches
with the first query vector only) and hybrid searches (parsed as for Search,
``hybrid.py``). near_text and the media searches are listed in
``AggregateParams.unsupported`` so the use case refuses them (UNIMPLEMENTED).
The reply is built in ``aggregate_reply.py``.
"""

from __future__ import annotations

from typing import Any

from weftdb.api.grpc.filters import FindCollection, parse_filters
from weftdb.api.grpc.hybrid import parse_hybrid
from weftdb.api.grpc.near import check_near_options, parse_near_object, parse_near_vector
from weftdb.api.grpc.targets import Targets, resolve_targets
from weftdb.entities.aggregate import AggregateParams, PropertyAggregation
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import NearObject, NearVector, TargetQuery
from weftdb.errors import InvalidInput

_SEARCH_LABELS = {
    "near_text": "near_text search",
    "near_image": "near_image search",
    "near_audio": "near_audio search",
    "near_video": "near_video search",
    "near_depth": "near_depth search",
    "near_thermal": "near_thermal search",
    "near_imu": "near_imu search",
}
#: the request flags of each metric family, by Weaviate's metric names
_METRIC_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "int": (("count", "count"), ("type", "type"), ("mean", "mean"), ("median", "median"), ("mode", "mode"),
            ("maximum", "maximum"), ("minimum", "minimum"), ("sum", "sum")),
    "text": (("count", "count"), ("type", "type"), ("top_occurences", "top_occurrences")),
    "boolean": (("count", "count"), ("type", "type"), ("total_true", "total_true"), ("total_false", "total_false"),
                ("percentage_true", "percentage_true"), ("percentage_false", "percentage_false")),
    "date": (("count", "count"), ("type", "type"), ("median", "median"), ("mode", "mode"),
             ("maximum", "maximum"), ("minimum", "minimum")),
    "reference": (("type", "type"), ("pointing_to", "pointing_to")),
}
_METRIC_FIELDS["number"] = _METRIC_FIELDS["int"]


def parse_aggregate(req: Any, collection: CollectionDef, find: FindCollection) -> AggregateParams:
    """Errors read ``parse params: ...``, as Weaviate's service wraps its parser's."""
    try:
        return _parse(req, collection, find)
    except InvalidInput as exc:
        raise InvalidInput(f"parse params: {exc.message}") from None


def _parse(req: Any, collection: CollectionDef, find: FindCollection) -> AggregateParams:
    near_vector, near_object = _vector_search(req, collection)
    hybrid = None
    if req.WhichOneof("search") == "hybrid":
        _single_target(req.hybrid, collection)
        hybrid = parse_hybrid(req.hybrid, collection)[0]
    return AggregateParams(
        collection=collection.name,
        tenant=req.tenant,
        total_count=req.objects_count,
        filters=parse_filters(req.filters, collection, find) if req.HasField("filters") else None,
        properties=tuple(parse_aggregation(a) for a in req.aggregations),
        group_by=req.group_by.property if req.HasField("group_by") else None,
        group_limit=req.limit if req.HasField("limit") else None,
        near_vector=near_vector,
        near_object=near_object,
        hybrid=hybrid,
        object_limit=req.object_limit if req.HasField("object_limit") else None,
        unsupported=tuple(_unsupported(req)),
    )


def parse_aggregation(msg: Any) -> PropertyAggregation:
    """One property's metrics. Top occurrences use the limit only when they are asked
    for (otherwise Weaviate's default of 5 applies)."""
    kind = msg.WhichOneof("aggregation") or ""
    if not kind:
        return PropertyAggregation(msg.property, ())
    flags = getattr(msg, kind)
    metrics = tuple(name for field, name in _METRIC_FIELDS[kind] if getattr(flags, field))
    limit = None
    if kind == "text" and flags.top_occurences and flags.HasField("top_occurences_limit"):
        limit = flags.top_occurences_limit
    return PropertyAggregation(msg.property, metrics, limit)


def _unsupported(req: Any) -> list[str]:
    search = req.WhichOneof("search")
    return [_SEARCH_LABELS[search]] if search in _SEARCH_LABELS else []


def _vector_search(req: Any, collection: CollectionDef) -> tuple[NearVector | None, NearObject | None]:
    search = req.WhichOneof("search")
    if search not in ("near_vector", "near_object"):
        return None, None
    msg = getattr(req, search)
    targets = _single_target(msg, collection)
    if search == "near_object":
        return None, parse_near_object(msg, targets)
    try:
        parsed = parse_near_vector(msg, targets, collection)
    except InvalidInput as exc:
        raise InvalidInput(f"parse near vector: {exc.message}") from None
    check_near_options(msg, "near_vector")
    first = parsed.queries[0]
    return NearVector((TargetQuery(first.target, first.vector),), None, parsed.distance, parsed.certainty), None


def _single_target(msg: Any, collection: CollectionDef) -> Targets:
    """The search's one target (Weaviate: no target combination in aggregations)."""
    try:
        targets = resolve_targets(msg, collection)
    except InvalidInput as exc:
        raise InvalidInput(f"extract target vectors: {exc.message}") from None
    if len(targets.names) > 1:
        raise InvalidInput("found more than one target vector for aggregation")
    return Targets(targets.names)
