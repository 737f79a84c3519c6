"""The traverser: the one search path every transport calls.

Today it serves object fetches (filters on ids, cursor, offset/limit); the
search kinds that are not built yet are refused with NotImplementedYet.
"""

from __future__ import annotations

import time

from weftdb.entities.search import SearchHit, SearchParams, SearchResult
from weftdb.errors import InvalidInput, NotImplementedYet
from weftdb.usecases.limits import QueryLimits
from weftdb.usecases.objects.tenancy import check_tenant
from weftdb.usecases.ports import ObjectSearcher
from weftdb.usecases.schema.manager import SchemaManager


class Traverser:
    def __init__(self, schema: SchemaManager, searcher: ObjectSearcher, limits: QueryLimits) -> None:
        self._schema = schema
        self._searcher = searcher
        self._limits = limits

    def search(self, params: SearchParams) -> SearchResult:
        started = time.perf_counter()
        collection = self._schema.collection(params.collection)
        check_tenant(collection, params.tenant)
        if params.unsupported:
            raise NotImplementedYet(f"{', '.join(params.unsupported)} is not implemented yet")
        if params.sort:
            raise NotImplementedYet("sorting is not implemented yet")
        limit = self._limits.default_limit if params.limit is None else params.limit
        self._check_window(params, limit)
        objects = self._searcher.fetch(
            collection.name,
            params.tenant,
            filters=params.filters,
            after=params.after,
            offset=params.offset,
            limit=limit,
            with_vectors=params.metadata.vector or bool(params.metadata.vectors),
        )
        hits = [SearchHit(obj) for obj in objects]
        return SearchResult(hits, time.perf_counter() - started)

    def _check_window(self, params: SearchParams, limit: int) -> None:
        if params.after is not None and (params.offset or params.filters is not None or params.sort):
            raise InvalidInput("cursor api: invalid 'after' parameter: offset, filters and sort cannot be combined with after")
        self._limits.check(params.offset, limit)
