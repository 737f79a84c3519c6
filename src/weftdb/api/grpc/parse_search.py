"""``SearchRequest`` -> ``entities.search.SearchParams`` (Weaviate's parse_search_request).

Search kinds and options weftdb does not serve yet are listed by name in
``SearchParams.unsupported`` so the traverser refuses them (UNIMPLEMENTED)
instead of silently answering a plain fetch. ``near_vector`` and ``near_object``
are parsed here (their targets and vectors in ``targets.py`` / ``near.py``),
``hybrid_search`` in ``hybrid.py``, ``bm25_search`` in ``keyword.py`` and ``group_by``
in ``groupby.py``.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import replace
from typing import Any

from weftdb.api.grpc.filters import FindCollection, lowercase_first, parse_filters
from weftdb.api.grpc.groupby import parse_group_by
from weftdb.api.grpc.hybrid import parse_hybrid
from weftdb.api.grpc.keyword import parse_bm25
from weftdb.api.grpc.near import check_near_options, parse_near_object, parse_near_vector
from weftdb.api.grpc.targets import Targets, certainty_compatible, search_targets
from weftdb.entities.schema import CollectionDef, PropertyDef
from weftdb.entities.search import (
    MetadataRequest,
    NearObject,
    NearVector,
    NestedSelection,
    PropertySelection,
    ReferenceSelection,
    SearchParams,
    SortSpec,
)
from weftdb.errors import InvalidInput
from weftdb.usecases.objects.validation import ERROR_NO_SUCH_PROPERTY as NO_SUCH_PROPERTY

#: request fields that select a feature weftdb does not serve yet, and its name in errors
UNSUPPORTED_FIELDS: tuple[tuple[str, str], ...] = (
    ("near_text", "near_text search"),
    ("near_image", "near_image search"),
    ("near_audio", "near_audio search"),
    ("near_video", "near_video search"),
    ("near_depth", "near_depth search"),
    ("near_thermal", "near_thermal search"),
    ("near_imu", "near_imu search"),
    ("generative", "generative search"),
    ("rerank", "rerank"),
    ("boost", "boost"),
)
#: Weaviate's list for "sorting cannot be combined with search" (parse_search_request.go)
_SORTLESS_SEARCHES = (
    "near_text", "near_video", "near_audio", "near_image", "near_object", "near_vector",
    "hybrid_search", "bm25_search", "generative",
)
_WITH_SELECTION = ("near_vector", "near_object", "hybrid_search")
_NO_METADATA = MetadataRequest(uuid=False)
_ALL_PROPERTIES = PropertySelection()


def parse_search(req: Any, collection: CollectionDef, find: FindCollection) -> SearchParams:
    near_vector, near_object, targets = _vector_search(req, collection)
    hybrid, hybrid_targets = parse_hybrid(req.hybrid_search, collection) if req.HasField("hybrid_search") else (
        None, None)
    targets = targets or hybrid_targets
    if len(req.sort_by) and any(req.HasField(f) for f in _SORTLESS_SEARCHES):
        raise InvalidInput("sorting cannot be combined with search")
    metadata = parse_metadata(req.metadata, collection) if req.HasField("metadata") else _NO_METADATA
    if metadata.certainty and (targets is None or not certainty_compatible(collection, targets)):
        metadata = replace(metadata, certainty=False)  # Weaviate: one cosine vector space only
    properties = parse_properties(req.properties, collection, find) if req.HasField("properties") else _ALL_PROPERTIES
    group_by = None
    if req.HasField("group_by"):
        group_by, properties = parse_group_by(req.group_by, collection, properties)
    return SearchParams(
        collection=collection.name,
        tenant=req.tenant,
        limit=req.limit or None,
        offset=req.offset,
        autocut=req.autocut,
        after=_after(req.after) if req.after else None,
        filters=parse_filters(req.filters, collection, find) if req.HasField("filters") else None,
        sort=tuple(SortSpec(tuple(s.path), s.ascending) for s in req.sort_by),
        properties=properties,
        metadata=metadata,
        near_vector=near_vector,
        near_object=near_object,
        bm25=parse_bm25(req),
        hybrid=hybrid,
        group_by=group_by,
        unsupported=_unsupported(req, targets is not None or req.HasField("bm25_search"), properties),
    )


def _unsupported(req: Any, vector_search: bool, properties: PropertySelection) -> tuple[str, ...]:
    unsupported = [label for field, label in UNSUPPORTED_FIELDS if req.HasField(field)]
    if vector_search and any(req.HasField(k) and getattr(req, k).HasField("selection") for k in _WITH_SELECTION):
        unsupported.append("diversity selection (MMR)")
    if req.autocut and not vector_search:
        unsupported.append("autocut")
    if req.HasField("metadata") and req.metadata.query_profile:
        unsupported.append("query_profile")
    if properties.references:
        unsupported.append("returning cross-references")
    return tuple(unsupported)


def _vector_search(req: Any, collection: CollectionDef) -> tuple[NearVector | None, NearObject | None, Targets | None]:
    """The near_vector / near_object search, and its targets (None without one)."""
    if req.HasField("near_vector"):
        targets = search_targets(req.near_vector, collection)
        near_vector = parse_near_vector(req.near_vector, targets, collection)
        check_near_options(req.near_vector, "near_vector")
        return near_vector, None, targets
    if req.HasField("near_object"):
        targets = search_targets(req.near_object, collection)
        return None, parse_near_object(req.near_object, targets), targets
    return None, None, None


def _after(value: str) -> uuidlib.UUID:
    try:
        return uuidlib.UUID(value)
    except ValueError:
        raise InvalidInput(f"cursor api: invalid 'after' parameter: {value!r} is not a valid uuid") from None


def parse_metadata(md: Any, collection: CollectionDef) -> MetadataRequest:
    """As Weaviate: ``vector`` on a collection with named vectors returns all of them."""
    named = collection.named_vectors
    vectors = tuple(named) if md.vector and named else tuple(md.vectors)
    return MetadataRequest(
        uuid=md.uuid,
        vector=md.vector,
        vectors=vectors,
        creation_time=md.creation_time_unix,
        update_time=md.last_update_time_unix,
        distance=md.distance,
        certainty=md.certainty,
        score=md.score,
        explain_score=md.explain_score,
        is_consistent=md.is_consistent,
    )


def parse_properties(req: Any, collection: CollectionDef, find: FindCollection) -> PropertySelection:
    names: tuple[str, ...] | None = None
    if not req.return_all_nonref_properties:
        names = tuple(_non_ref(collection, lowercase_first(n)).name for n in req.non_ref_properties)
    nested = tuple(_nested(_checked(collection, lowercase_first(o.prop_name)), o) for o in req.object_properties)
    refs = tuple(_reference(collection, r, find) for r in req.ref_properties)
    return PropertySelection(names=names, nested=nested, references=refs)


def _checked(collection: CollectionDef, name: str) -> PropertyDef:
    prop = collection.prop(name)
    if prop is None:
        raise InvalidInput(NO_SUCH_PROPERTY.format(name, collection.name))
    return prop


def _non_ref(collection: CollectionDef, name: str) -> PropertyDef:
    prop = _checked(collection, name)
    if prop.is_reference:
        raise InvalidInput(f"property {name} is a cross-reference: request it as a reference property")
    return prop


def _nested(prop: PropertyDef, req: Any) -> NestedSelection:
    if not prop.data_type or prop.primitive not in ("object", "object[]"):
        raise InvalidInput(f"property {prop.name} is not an object property: it has no nested properties")
    by_name = {p.name: p for p in prop.nested}
    primitives = tuple(lowercase_first(n) for n in req.primitive_properties)
    for name in primitives:
        if name not in by_name:
            raise InvalidInput(f"nested property {name} not found in property {prop.name}")
    children = []
    for sub in req.object_properties:
        child = by_name.get(lowercase_first(sub.prop_name))
        if child is None:
            raise InvalidInput(f"nested property {sub.prop_name} not found in property {prop.name}")
        children.append(_nested(child, sub))
    return NestedSelection(prop.name, primitives, tuple(children))


def _reference(collection: CollectionDef, req: Any, find: FindCollection) -> ReferenceSelection:
    prop = _checked(collection, lowercase_first(req.reference_property))
    if not prop.is_reference:
        raise InvalidInput(f"property {prop.name} is not a reference property")
    target = req.target_collection or (prop.data_type[0] if len(prop.data_type) == 1 else "")
    if not target:
        raise InvalidInput(
            f"multi target references from collection {collection.name} and property {prop.name} "
            f"need an explicit linked collection. Available linked collections are {list(prop.data_type)}"
        )
    linked = find(target)
    if linked is None:
        raise InvalidInput(f"could not find class {target} in schema")
    properties = parse_properties(req.properties, linked, find) if req.HasField("properties") else _ALL_PROPERTIES
    metadata = parse_metadata(req.metadata, linked) if req.HasField("metadata") else _NO_METADATA
    return ReferenceSelection(prop.name, linked.name, properties, metadata)
