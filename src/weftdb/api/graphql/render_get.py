"""``SearchResult`` -> the list a ``Get { Class }`` field resolves to.

Each object is its stored properties (already in Weaviate's JSON shapes: dates
as RFC 3339 text, geo and phone objects, nested objects) plus ``_additional``
with what was asked for, typed as Weaviate's schema has them: ``score``,
``explainScore``, ``creationTimeUnix`` and ``lastUpdateTimeUnix`` are strings,
distances and vectors float32. Selected cross-references are replaced by the
resolved objects (tagged with their collection for the union type); a grouped
search renders one entry per group holding only ``_additional { group }``
(Weaviate's explorer.go ``searchResultsToGetResponse``).
"""

from __future__ import annotations

from typing import Any

from weftdb.api.graphql.names import REF_CLASS_KEY
from weftdb.api.graphql.numbers import f32, f32_list
from weftdb.entities.schema import LEGACY_VECTOR
from weftdb.entities.search import MetadataRequest, PropertySelection, SearchGroup, SearchHit, SearchResult
from weftdb.goformat import go_float32

Json = dict[str, Any]


def render_result(result: SearchResult, properties: PropertySelection, metadata: MetadataRequest,
                  group_by: str = "") -> list[Json]:
    if result.groups is not None:
        return [_group_entry(i, g, group_by, properties, metadata) for i, g in enumerate(result.groups)]
    return [render_hit(hit, properties, metadata) for hit in result.hits]


def render_hit(hit: SearchHit, properties: PropertySelection, metadata: MetadataRequest) -> Json:
    out = dict(hit.obj.properties)
    for ref in properties.references:
        out[ref.name] = _references(hit, ref.name, properties)
    additional = _additional(hit, metadata)
    if additional:
        out["_additional"] = additional
    return out


def _references(hit: SearchHit, name: str, properties: PropertySelection) -> list[Json] | None:
    """The resolved objects of one reference property (None when none resolved)."""
    resolved = (hit.references or {}).get(name)
    if not resolved:
        return None
    selections = {r.target_collection: r for r in properties.references if r.name == name}
    out = []
    for ref in resolved:
        selection = selections.get(ref.obj.collection)
        if selection is None:
            continue
        entry = render_hit(ref, selection.properties, selection.metadata)
        entry[REF_CLASS_KEY] = ref.obj.collection
        out.append(entry)
    return out or None


def _additional(hit: SearchHit, md: MetadataRequest) -> Json:
    obj = hit.obj
    out: Json = {"id": str(obj.id)}
    if md.vector:
        legacy = obj.vectors.get(LEGACY_VECTOR)
        out["vector"] = f32_list(legacy) if legacy is not None else []
    if md.vectors:
        out["vectors"] = {n: f32_list(obj.vectors[n]) for n in md.vectors if n in obj.vectors}
    if md.creation_time:
        out["creationTimeUnix"] = str(obj.creation_time_ms)
    if md.update_time:
        out["lastUpdateTimeUnix"] = str(obj.update_time_ms)
    if md.distance and hit.distance is not None:
        out["distance"] = f32(hit.distance)
    if md.certainty and hit.certainty is not None:
        out["certainty"] = hit.certainty
    if md.score and hit.score is not None:
        out["score"] = go_float32(hit.score)
    if md.explain_score and hit.explain_score is not None:
        out["explainScore"] = hit.explain_score
    if md.is_consistent:
        out["isConsistent"] = True
    return out


def _group_entry(index: int, group: SearchGroup, path: str, properties: PropertySelection,
                 md: MetadataRequest) -> Json:
    """A group, as the top hit's ``_additional`` with the group attached; its value
    is the group's name (the value as text)."""
    hits = [_group_hit(h, properties) for h in group.hits]
    additional = _additional(group.hits[0], md) if group.hits else {}
    additional["group"] = {
        "id": index,
        "groupedBy": {"path": [path], "value": group.name},
        "minDistance": f32(group.min_distance),
        "maxDistance": f32(group.max_distance),
        "count": len(hits),
        "hits": hits,
    }
    return {"_additional": additional}


def _group_hit(hit: SearchHit, properties: PropertySelection) -> Json:
    out = render_hit(hit, properties, MetadataRequest())
    extra: Json = {"id": str(hit.obj.id), "distance": f32(hit.distance or 0.0)}
    legacy = hit.obj.vectors.get(LEGACY_VECTOR)
    if legacy is not None:
        extra["vector"] = f32_list(legacy)
    out["_additional"] = extra
    return out

