"""Aggregations: the object count and property metrics, over all matching objects
or over the result of a vector or hybrid search, optionally grouped by a property.

Follows Weaviate's usecases/traverser/traverser_aggregate.go (vector search
parameters) and adapters/repos/db/aggregator/ (unfiltered, filtered and grouped
aggregators). The "unfiltered" path (no filter, no search, no group-by) reads
some values the way Weaviate's inverted index gives them (see
``properties.compute``).

Over a hybrid search (aggregator/filtered.go, grouper.go) each leg fetches the
object limit (default: QUERY_DEFAULTS_LIMIT), both with the filter, and every
fused object is aggregated (up to twice the limit). The keyword leg searches
every searchable ``text``/``string`` property (not the arrays), whatever the
hybrid names, as Weaviate. Without a plain vector the object limit is required
unless a certainty follows from ``maxVectorDistance`` or the near_vector
sub-search's distance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol

import numpy as np

from weftdb.entities.aggregate import AggregateGroup, AggregateParams, AggregateResult
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import HybridQuery, PropertySelection, SearchHit, SearchParams, SearchResult
from weftdb.errors import InvalidInput, NotImplementedYet
from weftdb.usecases.aggregate.grouping import group_rows
from weftdb.usecases.aggregate.properties import PropertyPlan, compute, plan_properties
from weftdb.usecases.limits import QueryLimits
from weftdb.usecases.objects.tenancy import check_tenant
from weftdb.usecases.ports import ObjectRepo, ObjectSearcher
from weftdb.usecases.schema.manager import SchemaManager
from weftdb.usecases.search.filter_validation import validate_filter
from weftdb.usecases.search.keyword import RankedRequest
from weftdb.usecases.search.vector_search import distance_to_certainty

Row = Mapping[str, Any]


class Searcher(Protocol):
    """The search use case (the traverser), for aggregations over a vector search."""

    def search(self, params: SearchParams) -> SearchResult: ...


class HybridFusion(Protocol):
    """The hybrid search use case, for aggregations over a hybrid search."""

    def fused(self, req: RankedRequest, query: HybridQuery) -> list[SearchHit]: ...


class Aggregator:
    def __init__(
        self,
        schema: SchemaManager,
        repo: ObjectRepo,
        searcher: ObjectSearcher,
        traverser: Searcher,
        hybrid: HybridFusion,
        limits: QueryLimits,
    ) -> None:
        self._schema = schema
        self._repo = repo
        self._searcher = searcher
        self._traverser = traverser
        self._hybrid = hybrid
        self._limits = limits

    def aggregate(self, params: AggregateParams) -> AggregateResult:
        collection = self._schema.collection(params.collection)
        check_tenant(collection, params.tenant)
        if params.unsupported:
            raise NotImplementedYet(f"aggregating {', '.join(params.unsupported)} is not implemented yet")
        if params.filters is not None:
            validate_filter(collection, params.filters, lambda name: self._schema.find(name))
        plans = plan_properties(collection, params.properties)
        vector_search = params.near_vector is not None or params.near_object is not None
        searched = vector_search or params.hybrid is not None
        if not searched and params.group_by is None and not plans:
            return AggregateResult(total_count=self._count(params) if params.total_count else 0)
        needed = tuple(dict.fromkeys([p.name for p in plans] + ([params.group_by] if params.group_by else [])))
        if params.hybrid is not None:
            objects: Iterable[StoredObject] = self._hybrid_objects(params, collection)
        else:
            objects = self._vector_objects(params, needed) if vector_search else self._matching(params)
        rows = [_row(obj, needed) for obj in objects]
        if params.group_by is not None:
            return AggregateResult(total_count=0, groups=_groups(rows, params, plans))
        unfiltered = params.filters is None and not searched
        count = len(rows) if params.total_count else 0
        return AggregateResult(total_count=count, properties=_metrics(plans, rows, unfiltered))

    def _count(self, params: AggregateParams) -> int:
        if params.filters is None:
            return self._repo.count(params.collection, params.tenant)
        _, matches = self._searcher.find_ids(params.collection, params.tenant, params.filters, 0)
        return matches

    def _matching(self, params: AggregateParams) -> Iterable[StoredObject]:
        return self._searcher.matching_objects(params.collection, params.tenant, params.filters)

    def _vector_objects(self, params: AggregateParams, needed: tuple[str, ...]) -> list[StoredObject]:
        """The objects of the vector search: the nearest ``object_limit`` (capped at
        QUERY_MAXIMUM_RESULTS), cut at the certainty or distance when one is given."""
        max_distance = _max_distance(params)
        limit = self._limits.maximum_results
        if params.object_limit is not None:
            limit = min(params.object_limit, limit)
        near_vector, near_object = params.near_vector, params.near_object
        search = SearchParams(
            collection=params.collection,
            tenant=params.tenant,
            limit=limit,
            filters=params.filters,
            properties=PropertySelection(names=needed),
            near_vector=replace(near_vector, distance=max_distance, certainty=None) if near_vector else None,
            near_object=replace(near_object, distance=max_distance, certainty=None) if near_object else None,
        )
        return [hit.obj for hit in self._traverser.search(search).hits]

    def _hybrid_objects(self, params: AggregateParams, collection: CollectionDef) -> list[StoredObject]:
        """The fused objects of the hybrid search (module docstring)."""
        query = params.hybrid
        assert query is not None
        plain_vector = query.vector is not None and not query.near_vector_sub_search
        if params.object_limit is None and not plain_vector and not _hybrid_certainty(query):
            raise InvalidInput("must provide certainty or objectLimit with vector search")
        k = min(self._limits.default_limit if params.object_limit is None else params.object_limit,
                self._limits.maximum_results)
        if k == 0:
            return []  # gRPC's object_limit 0: no candidates (GraphQL refuses it)
        searched = tuple(p.name for p in collection.properties
                         if p.is_searchable_text and p.primitive in ("text", "string"))
        # without a property to search, no keyword leg (an empty query runs none here)
        keyword = replace(query, properties=searched, query=query.query if searched else "")
        return [hit.obj for hit in self._hybrid.fused(RankedRequest(collection, params.tenant, 0, k,
                                                                    filters=params.filters), keyword)]


def _hybrid_certainty(query: HybridQuery) -> float:
    """Weaviate's certainty of a hybrid search without a plain vector: from
    ``maxVectorDistance``, else the sub-search's distance (1 - d/2); 0 without one."""
    if query.max_vector_distance is not None:
        return distance_to_certainty(query.max_vector_distance)
    if query.vector is not None and query.vector.distance is not None:
        return distance_to_certainty(query.vector.distance)
    return 0.0


def _max_distance(params: AggregateParams) -> float | None:
    """Weaviate turns distance into certainty (1 - d/2), then certainty into the
    distance bound float32((1 - c)) * 2; without a positive certainty an object
    limit is required (traverser_aggregate.go, aggregator/vector_search.go)."""
    search = params.near_vector or params.near_object
    assert search is not None
    certainty = search.certainty or 0.0
    if not certainty and search.distance is not None:
        certainty = distance_to_certainty(search.distance)
    if certainty <= 0:
        if params.object_limit is None:
            raise InvalidInput("must provide certainty or objectLimit with vector search")
        return None
    return float(np.float32(1.0 - certainty) * np.float32(2.0))


def _row(obj: StoredObject, needed: Sequence[str]) -> Row:
    props = obj.properties
    return {name: props[name] for name in needed if name in props}


def _metrics(plans: Sequence[PropertyPlan], rows: Sequence[Row], unfiltered: bool) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for plan in plans:
        found = compute(plan, rows, unfiltered)
        if found is not None:
            out[plan.name] = found
    return out


def _groups(rows: Sequence[Row], params: AggregateParams, plans: Sequence[PropertyPlan]) -> list[AggregateGroup]:
    """Each group counts its objects always (Weaviate ignores ``objects_count`` there)."""
    assert params.group_by is not None
    groups = []
    for value, positions in group_rows(rows, params.group_by, params.group_limit):
        members = [rows[p] for p in positions]
        properties = _metrics(plans, members, unfiltered=False)
        groups.append(AggregateGroup(len(members), properties, value, params.group_by))
    return groups
