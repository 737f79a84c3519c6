"""Aggregations. Today: total count, with or without an id filter."""

from __future__ import annotations

from weftdb.entities.aggregate import AggregateParams, AggregateResult
from weftdb.errors import NotImplementedYet
from weftdb.usecases.objects.tenancy import check_tenant
from weftdb.usecases.ports import ObjectRepo, ObjectSearcher
from weftdb.usecases.schema.manager import SchemaManager


class Aggregator:
    def __init__(self, schema: SchemaManager, repo: ObjectRepo, searcher: ObjectSearcher) -> None:
        self._schema = schema
        self._repo = repo
        self._searcher = searcher

    def aggregate(self, params: AggregateParams) -> AggregateResult:
        collection = self._schema.collection(params.collection)
        check_tenant(collection, params.tenant)
        if params.unsupported:
            raise NotImplementedYet(f"aggregating {', '.join(params.unsupported)} is not implemented yet")
        if params.filters is None:
            return AggregateResult(total_count=self._repo.count(collection.name, params.tenant))
        _, matches = self._searcher.find_ids(collection.name, params.tenant, params.filters, 0)
        return AggregateResult(total_count=matches)
