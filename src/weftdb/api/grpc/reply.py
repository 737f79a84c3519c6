"""``SearchResult`` -> ``SearchReply`` (Weaviate's prepare_reply).

Per hit, as Weaviate sends it: ``properties.target_collection`` is the
collection name, ``properties.non_ref_props`` holds every requested property
(explicit null for the ones the object lacks), ``properties.metadata`` stays
unset at the top level, and ``metadata`` carries the id (string and 16 bytes),
the vectors and the ``*_present`` flags of the metadata that exists. The
render plan is computed once per (collection definition, property selection).
"""

from __future__ import annotations

import struct
import threading
from typing import Any

import numpy as np
from weaviate.proto.v1 import base_pb2, search_get_pb2

from weftdb.api.grpc.groupby import group_hit_metadata
from weftdb.api.grpc.values import BLOB_TYPES, Plan, fill_fields, setter_for
from weftdb.entities.objects import Vector
from weftdb.entities.schema import LEGACY_VECTOR, CollectionDef
from weftdb.entities.search import MetadataRequest, PropertySelection, SearchGroup, SearchHit, SearchResult

_SINGLE = base_pb2.Vectors.VECTOR_TYPE_SINGLE_FP32
_MULTI = base_pb2.Vectors.VECTOR_TYPE_MULTI_FP32


def build_plan(collection: CollectionDef, selection: PropertySelection) -> Plan:
    """Which top-level properties to render, and how (selection already validated)."""
    if selection.names is None:
        props = [p for p in collection.properties if not p.is_reference and p.primitive not in BLOB_TYPES]
    else:
        props = [p for p in map(collection.prop, selection.names) if p is not None]
    plan = {p.name: setter_for(p) for p in props if p.data_type}
    for nested in selection.nested:
        prop = collection.prop(nested.name)
        if prop is not None:
            plan[prop.name] = setter_for(prop, nested)
    return tuple(plan.items())


class SearchReplier:
    """Renders search results; keeps the render plans (bounded, thread-safe)."""

    def __init__(self, max_plans: int = 1024) -> None:
        self._max_plans = max_plans
        self._plans: dict[tuple[int, PropertySelection], tuple[CollectionDef, Plan]] = {}
        self._lock = threading.Lock()

    def plan(self, collection: CollectionDef, selection: PropertySelection) -> Plan:
        key = (id(collection), selection)
        entry = self._plans.get(key)
        if entry is not None and entry[0] is collection:
            return entry[1]
        plan = build_plan(collection, selection)
        with self._lock:
            if len(self._plans) >= self._max_plans:
                self._plans.clear()
            self._plans[key] = (collection, plan)
        return plan

    def render(
        self,
        collection: CollectionDef,
        selection: PropertySelection,
        metadata: MetadataRequest,
        result: SearchResult,
        took: float,
    ) -> Any:
        reply = search_get_pb2.SearchReply(took=took, generative_grouped_result="")
        plan = self.plan(collection, selection)
        refs_requested = bool(selection.references)
        if result.groups is not None:
            _fill_groups(reply, result.groups, collection.name, plan, group_hit_metadata(metadata), refs_requested)
            return reply
        add = reply.results.add
        for hit in result.hits:
            _fill_result(add(), hit, collection.name, plan, metadata, refs_requested)
        return reply


def _fill_result(out: Any, hit: SearchHit, collection: str, plan: Plan, md: MetadataRequest, refs: bool) -> None:
    props = out.properties
    props.target_collection = hit.obj.collection or collection
    if refs:
        props.ref_props_requested = True
    if plan:
        fill_fields(props.non_ref_props.fields, hit.obj.properties, plan, nulls=True)
    fill_metadata(out.metadata, hit, md)


def _fill_groups(reply: Any, groups: list[SearchGroup], collection: str, plan: Plan, md: MetadataRequest,
                 refs: bool) -> None:
    """``group_by_results``: per group its name, distance range, size and hits."""
    for group in groups:
        out = reply.group_by_results.add(
            name=group.name,
            min_distance=group.min_distance,
            max_distance=group.max_distance,
            number_of_objects=group.number_of_objects,
        )
        for hit in group.hits:
            _fill_result(out.objects.add(), hit, collection, plan, md, refs)


def fill_metadata(out: Any, hit: SearchHit, md: MetadataRequest) -> None:
    obj = hit.obj
    if md.uuid:
        out.id = str(obj.id)
        out.id_as_bytes = obj.id.bytes
    if md.vector:
        legacy = obj.vectors.get(LEGACY_VECTOR)
        if legacy is not None and legacy.size:
            out.vector_bytes = vector_bytes(legacy)
    for name in md.vectors:
        vec = obj.vectors.get(name)
        if vec is not None and vec.size:
            out.vectors.add(name=name, vector_bytes=vector_bytes(vec), type=_MULTI if vec.ndim == 2 else _SINGLE)
    if md.creation_time:
        out.creation_time_unix = obj.creation_time_ms
        out.creation_time_unix_present = True
    if md.update_time:
        out.last_update_time_unix = obj.update_time_ms
        out.last_update_time_unix_present = True
    if md.distance or md.certainty or md.score or md.explain_score:
        _scores(out, hit, md)


def _scores(out: Any, hit: SearchHit, md: MetadataRequest) -> None:
    if md.distance and hit.distance is not None:
        out.distance = hit.distance
        out.distance_present = True
    if md.certainty and hit.certainty is not None:
        out.certainty = hit.certainty
        out.certainty_present = True
    if md.score and hit.score is not None:
        out.score = hit.score
        out.score_present = True
    if md.explain_score and hit.explain_score is not None:
        out.explain_score = hit.explain_score
        out.explain_score_present = True


def vector_bytes(vec: Vector) -> bytes:
    """Little-endian float32; a multi-vector is prefixed by its dimension (uint16)."""
    raw = np.ascontiguousarray(vec, dtype="<f4").tobytes()
    if vec.ndim == 2:
        return struct.pack("<H", vec.shape[1]) + raw
    return raw
