"""Cross-references in search results: the linked objects a query asks for.

``SearchWithReferences`` wraps the search use case (the traverser): after the
search it reads, for every hit (and every group hit), the objects its selected
reference properties link to, collection by collection in one read each, and
attaches them to the hit (``SearchHit.references``) in beacon order, then does
the same for the references selected on those objects. Links to objects that no
longer exist, or to collections the query did not select, are left out (as
Weaviate's ``ResolveReferences``). Multi-tenant linked collections are read in
the query's tenant.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Sequence
from typing import Any, Protocol

from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import PropertySelection, ReferenceSelection, SearchHit, SearchParams, SearchResult
from weftdb.errors import InvalidInput
from weftdb.usecases.objects.beacons import parse_beacon
from weftdb.usecases.ports import ObjectRepo


class Searcher(Protocol):
    def search(self, params: SearchParams) -> SearchResult: ...


class SchemaReader(Protocol):
    def find(self, name: str) -> CollectionDef | None: ...


Link = tuple[str, uuidlib.UUID]  # (collection, id); collection "" when the beacon names none


class SearchWithReferences:
    def __init__(self, searcher: Searcher, schema: SchemaReader, objects: ObjectRepo) -> None:
        self._searcher = searcher
        self._schema = schema
        self._objects = objects

    def search(self, params: SearchParams) -> SearchResult:
        result = self._searcher.search(params)
        if params.properties.references:
            hits = list(result.hits)
            for group in result.groups or ():
                hits.extend(group.hits)
            self.resolve(hits, params.properties, params.tenant)
        return result

    def resolve(self, hits: Sequence[SearchHit], selection: PropertySelection, tenant: str) -> None:
        by_property: dict[str, list[ReferenceSelection]] = {}
        for ref in selection.references:
            by_property.setdefault(ref.name, []).append(ref)
        for name, targets in by_property.items():
            self._resolve_property(hits, name, targets, tenant)

    def _resolve_property(self, hits: Sequence[SearchHit], name: str, targets: Sequence[ReferenceSelection],
                          tenant: str) -> None:
        links = {id(hit): _links(hit.obj.properties.get(name)) for hit in hits}
        found: dict[Link, SearchHit] = {}
        for target in targets:
            ids = list(dict.fromkeys(i for per_hit in links.values() for c, i in per_hit
                                     if c in ("", target.target_collection)))
            loaded = self._load(target, ids, tenant)
            for obj_id, hit in loaded.items():
                found.setdefault((target.target_collection, obj_id), hit)
                found.setdefault(("", obj_id), hit)
            if target.properties.references and loaded:
                self.resolve(list(loaded.values()), target.properties, tenant)
        for hit in hits:
            resolved = [found[link] for link in links[id(hit)] if link in found]
            if hit.references is None:
                hit.references = {}
            hit.references[name] = resolved

    def _load(self, target: ReferenceSelection, ids: list[uuidlib.UUID], tenant: str) -> dict[uuidlib.UUID, SearchHit]:
        collection = self._schema.find(target.target_collection)
        if collection is None or not ids:
            return {}
        with_vectors = target.metadata.vector or bool(target.metadata.vectors)
        objects = self._objects.get_objects(collection.name, tenant if collection.multi_tenancy else "", ids,
                                            with_vectors)
        return {obj.id: SearchHit(obj) for obj in objects if obj is not None}


def _links(value: Any) -> list[Link]:
    """The (collection, id) of each parseable local beacon of a reference value."""
    out: list[Link] = []
    for item in value if isinstance(value, list) else ():
        beacon = item.get("beacon") if isinstance(item, dict) else None
        if not isinstance(beacon, str):
            continue
        try:
            parsed = parse_beacon(beacon)
        except InvalidInput:
            continue
        if parsed.local:
            out.append((parsed.class_name, uuidlib.UUID(parsed.target_id)))
    return out

