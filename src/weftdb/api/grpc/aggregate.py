"""``AggregateRequest`` -> ``AggregateParams`` and the reply (Weaviate's
parse_aggregate_request / prepare_aggregate_reply).

Today: the object count, with or without filters. Property metrics, group-by
and the search kinds are listed in ``AggregateParams.unsupported`` so the use
case refuses them (UNIMPLEMENTED).
"""

from __future__ import annotations

from typing import Any

from weaviate.proto.v1 import aggregate_pb2

from weftdb.api.grpc.filters import FindCollection, parse_filters
from weftdb.entities.aggregate import AggregateParams, AggregateResult
from weftdb.entities.schema import CollectionDef

_SEARCH_LABELS = {
    "hybrid": "hybrid search",
    "near_vector": "near_vector search",
    "near_object": "near_object search",
    "near_text": "near_text search",
    "near_image": "near_image search",
    "near_audio": "near_audio search",
    "near_video": "near_video search",
    "near_depth": "near_depth search",
    "near_thermal": "near_thermal search",
    "near_imu": "near_imu search",
}


def parse_aggregate(req: Any, collection: CollectionDef, find: FindCollection) -> AggregateParams:
    return AggregateParams(
        collection=collection.name,
        tenant=req.tenant,
        total_count=req.objects_count,
        filters=parse_filters(req.filters, collection, find) if req.HasField("filters") else None,
        unsupported=tuple(_unsupported(req)),
    )


def _unsupported(req: Any) -> list[str]:
    out = []
    if len(req.aggregations):
        props = ", ".join(sorted({a.property for a in req.aggregations}))
        out.append(f"metrics of properties ({props})")
    if req.HasField("group_by"):
        out.append("group_by")
    search = req.WhichOneof("search")
    if search is not None:
        out.append(_SEARCH_LABELS.get(search, search))
    return out


def aggregate_reply(result: AggregateResult, took: float) -> Any:
    """A single result; the count is always set, as Weaviate does."""
    single = aggregate_pb2.AggregateReply.Single(
        objects_count=result.total_count, aggregations=aggregate_pb2.AggregateReply.Aggregations()
    )
    return aggregate_pb2.AggregateReply(took=took, single_result=single)
