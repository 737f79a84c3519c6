"""The traverser: the one search path every transport calls.

It serves object fetches (filters, sort, cursor, offset/limit), vector
searches (near_vector, near_object), keyword (bm25) and hybrid searches, each optionally grouped
by a property (``group_by``); the search kinds that are not built yet are
refused with NotImplementedYet.
"""

from __future__ import annotations

import time

from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import SearchGroup, SearchHit, SearchParams, SearchResult
from weftdb.errors import InvalidInput, NotImplementedYet
from weftdb.usecases.limits import QueryLimits
from weftdb.usecases.objects.tenancy import check_tenant
from weftdb.usecases.ports import ObjectSearcher
from weftdb.usecases.schema.manager import SchemaManager
from weftdb.usecases.search.autocut import autocut
from weftdb.usecases.search.filter_validation import validate_filter
from weftdb.usecases.search.groupby import group_property, group_text_hits, group_vector_hits
from weftdb.usecases.search.hybrid import HybridSearch
from weftdb.usecases.search.keyword import (
    KeywordSearch,
    RankedRequest,
    check_combinations,
    check_cursor_and_sort,
    check_no_cursor,
)
from weftdb.usecases.search.sort_validation import validate_sort
from weftdb.usecases.search.vector_search import (
    VectorQuery,
    VectorSearch,
    check_certainty_metric,
    default_target,
    distance_to_certainty,
)


class Traverser:
    def __init__(self, schema: SchemaManager, searcher: ObjectSearcher, limits: QueryLimits,
                 vectors: VectorSearch, keywords: KeywordSearch, hybrid: HybridSearch) -> None:
        self._schema = schema
        self._searcher = searcher
        self._limits = limits
        self._vectors = vectors
        self._keywords = keywords
        self._hybrid = hybrid

    def search(self, params: SearchParams) -> SearchResult:
        started = time.perf_counter()
        collection = self._schema.collection(params.collection)
        check_tenant(collection, params.tenant)
        if params.unsupported:
            raise NotImplementedYet(f"{', '.join(params.unsupported)} is not implemented yet")
        if params.filters is not None:
            validate_filter(collection, params.filters, lambda name: self._schema.find(name))
        limit = self._limits.default_limit if params.limit is None else params.limit
        _check_group_by(params)
        if params.bm25 is not None:
            return self._keyword_result(collection, params, self._keyword_search(collection, params, limit), started)
        if params.hybrid is not None:
            hits = self._hybrid_search(collection, params, limit)
            return self._keyword_result(collection, params, hits, started)
        if params.near_vector is not None or params.near_object is not None:
            if params.group_by is not None:
                groups = self._grouped_vector_search(collection, params, limit)
                return SearchResult([], time.perf_counter() - started, groups=groups)
            hits = self._vector_search(collection, params, limit)
            return SearchResult(hits, time.perf_counter() - started)
        if params.sort:
            validate_sort(collection, params.sort)
        self._check_window(params, limit)
        objects = self._searcher.fetch(
            collection.name,
            params.tenant,
            filters=params.filters,
            after=params.after,
            offset=params.offset,
            limit=limit,
            with_vectors=params.metadata.vector or bool(params.metadata.vectors),
            sort=params.sort,
        )
        hits = [SearchHit(obj) for obj in objects]
        return SearchResult(hits, time.perf_counter() - started)

    def _vector_search(self, collection: CollectionDef, params: SearchParams, limit: int) -> list[SearchHit]:
        if params.sort:
            validate_sort(collection, params.sort)
        hits = self._vector_hits(collection, params, limit, _needs_objects(params) or bool(params.sort))
        if params.sort:  # the nearest offset + limit, in sort order (Weaviate's shard: sortDocIDsAndDists)
            order = self._searcher.sort_objects(collection.name, [h.obj for h in hits], params.sort)
            by_id = {h.obj.id: h for h in hits}
            hits = [by_id[o.id] for o in order]
        hits = hits[params.offset : params.offset + limit]  # Weaviate pages first, then autocuts
        if params.autocut > 0:
            hits = hits[: autocut([h.distance or 0.0 for h in hits], params.autocut)]
        if params.metadata.certainty:
            self._add_certainty(collection, params, hits)
        return hits

    def _vector_hits(self, collection: CollectionDef, params: SearchParams, limit: int,
                     with_objects: bool) -> list[SearchHit]:
        """The first ``offset + limit`` hits of the near_vector / near_object search."""
        check_no_cursor(params)
        self._limits.check(params.offset, limit)
        query = VectorQuery(
            collection=collection,
            tenant=params.tenant,
            k=params.offset + limit,
            filters=params.filters,
            with_vectors=params.metadata.vector or bool(params.metadata.vectors),
            with_objects=with_objects,
        )
        if params.near_vector is not None:
            return self._vectors.near_vector(query, params.near_vector)
        assert params.near_object is not None
        return self._vectors.near_object(query, params.near_object)

    def _grouped_vector_search(self, collection: CollectionDef, params: SearchParams,
                               limit: int) -> list[SearchGroup]:
        """Weaviate groups the first ``offset + limit`` hits, pages the groups, then autocuts them."""
        assert params.group_by is not None
        if params.sort:  # checked, then not used: Weaviate's shard groups before it would sort
            validate_sort(collection, params.sort)
        prop = group_property(collection, params.group_by)
        hits = self._vector_hits(collection, params, limit, with_objects=True)
        groups = group_vector_hits(hits, params.group_by, prop)[params.offset : params.offset + limit]
        if params.autocut > 0:
            groups = groups[: autocut([g.min_distance for g in groups], params.autocut)]
        return groups

    def _hybrid_search(self, collection: CollectionDef, params: SearchParams, limit: int) -> list[SearchHit]:
        assert params.hybrid is not None
        check_cursor_and_sort(params)
        request = RankedRequest(
            collection, params.tenant, params.offset, limit, params.autocut, params.filters,
            with_vectors=params.metadata.vector or bool(params.metadata.vectors),
            with_objects=_needs_objects(params) or params.group_by is not None,
            explain=params.metadata.explain_score,
        )
        return self._hybrid.search(request, params.hybrid)

    def _keyword_search(self, collection: CollectionDef, params: SearchParams, limit: int) -> list[SearchHit]:
        """BM25 (``keyword.py``)."""
        assert params.bm25 is not None
        check_combinations(params)
        request = RankedRequest(
            collection, params.tenant, params.offset, limit, params.autocut, params.filters,
            with_vectors=params.metadata.vector or bool(params.metadata.vectors),
            with_objects=_needs_objects(params) or params.group_by is not None,
            explain=params.metadata.explain_score,
        )
        return self._keywords.search(request, params.bm25)

    @staticmethod
    def _keyword_result(collection: CollectionDef, params: SearchParams, hits: list[SearchHit],
                        started: float) -> SearchResult:
        """A keyword or hybrid result. Grouped, the hits' distance (0 without one) shows in
        the groups; ungrouped, these searches return no distance."""
        if params.group_by is None:
            for hit in hits:
                hit.distance = None
            return SearchResult(hits, time.perf_counter() - started)
        groups = group_text_hits(hits, params.group_by, group_property(collection, params.group_by))
        return SearchResult([], time.perf_counter() - started, groups=groups)

    @staticmethod
    def _add_certainty(collection: CollectionDef, params: SearchParams, hits: list[SearchHit]) -> None:
        """Certainty is defined for cosine only (Weaviate refuses it otherwise)."""
        targets = {q.target for q in params.near_vector.queries} if params.near_vector else set(
            params.near_object.targets if params.near_object else ())
        metrics = {collection.vectors[t].distance for t in targets if t in collection.vectors} or {
            collection.vectors[default_target(collection)].distance}
        check_certainty_metric(metrics)
        for hit in hits:
            if hit.distance is not None:
                hit.certainty = distance_to_certainty(hit.distance)

    def _check_window(self, params: SearchParams, limit: int) -> None:
        if params.after is not None and (params.offset or params.filters is not None or params.sort):
            raise InvalidInput("cursor api: invalid 'after' parameter: offset, filters and sort cannot be combined with after")
        self._limits.check(params.offset, limit)


def _check_group_by(params: SearchParams) -> None:
    searches = (params.near_vector, params.near_object, params.bm25, params.hybrid)
    if params.group_by is not None and all(search is None for search in searches):
        raise InvalidInput("groupBy needs a search: near_vector, near_object, bm25 or hybrid")


def _needs_objects(params: SearchParams) -> bool:
    """Whether anything but ids and distances is returned (then objects are read)."""
    props, meta = params.properties, params.metadata
    return bool(
        props.names is None or props.names or props.nested or props.references
        or meta.vector or meta.vectors or meta.creation_time or meta.update_time
    )
