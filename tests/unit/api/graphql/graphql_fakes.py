"""Fakes for the GraphQL transport tests: a versioned schema, use cases that
record their parameters, and a service wired to them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tests.unit.api.article_schema import typed_properties
from weftdb.api.graphql.get_params import GraphQLLimits
from weftdb.api.graphql.resolvers import QueryDeps
from weftdb.api.graphql.service import GraphQLService
from weftdb.entities.aggregate import AggregateParams, AggregateResult
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import SearchHit, SearchParams, SearchResult

ARTICLE: dict[str, Any] = {
    "class": "Article",
    "description": "Articles",
    "vectorIndexType": "hnsw",
    "vectorIndexConfig": {"distance": "cosine"},
    "properties": [
        *typed_properties("loc"),
        {"name": "gone", "dataType": ["Deleted"]},
        {"name": "info", "dataType": ["object"], "nestedProperties": [
            {"name": "k", "dataType": ["text"]},
            {"name": "inner", "dataType": ["object[]"], "nestedProperties": [{"name": "n", "dataType": ["int"]}]},
        ]},
    ],
}
PERSON: dict[str, Any] = {
    "class": "Person",
    "vectorConfig": {"a": {"vectorIndexType": "hnsw", "vectorIndexConfig": {"distance": "cosine"}},
                     "b": {"vectorIndexType": "flat", "vectorIndexConfig": {"distance": "dot"}}},
    "properties": [{"name": "name", "dataType": ["text"]}, {"name": "friend", "dataType": ["Person"]}],
}
ORG: dict[str, Any] = {
    "class": "Org",
    "multiTenancyConfig": {"enabled": True},
    "replicationConfig": {"factor": 3},
    "properties": [{"name": "name", "dataType": ["text"]}],
}
STRING: dict[str, Any] = {"class": "String", "properties": [{"name": "value", "dataType": ["text"]}]}


def oid(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


def stored(n: int, collection: str = "Article", **props: Any) -> StoredObject:
    return StoredObject(oid(n), collection, props, {"": np.array([0.1, 0.2], dtype=np.float32)},
                        creation_time_ms=1000 + n, update_time_ms=2000 + n)


@dataclass
class FakeSchema:
    classes: dict[str, CollectionDef] = field(default_factory=dict)
    version: int = 0

    def add(self, *definitions: dict[str, Any]) -> FakeSchema:
        for definition in definitions:
            collection = CollectionDef.from_dict(definition)
            self.classes[collection.name] = collection
        self.version += 1
        return self

    def names(self) -> list[str]:
        return sorted(self.classes)

    def find(self, name: str) -> CollectionDef | None:
        return self.classes.get(name)


@dataclass
class FakeSearcher:
    result: SearchResult = field(default_factory=lambda: SearchResult([]))
    calls: list[SearchParams] = field(default_factory=list)
    error: Exception | None = None

    def search(self, params: SearchParams) -> SearchResult:
        self.calls.append(params)
        if self.error is not None:
            raise self.error
        return self.result


@dataclass
class FakeAggregator:
    result: AggregateResult = field(default_factory=lambda: AggregateResult(total_count=3))
    calls: list[AggregateParams] = field(default_factory=list)

    def aggregate(self, params: AggregateParams) -> AggregateResult:
        self.calls.append(params)
        return self.result


@dataclass
class Harness:
    schema: FakeSchema = field(default_factory=lambda: FakeSchema().add(ARTICLE, PERSON, ORG, STRING))
    searcher: FakeSearcher = field(default_factory=FakeSearcher)
    aggregator: FakeAggregator = field(default_factory=FakeAggregator)
    limits: GraphQLLimits = field(default_factory=GraphQLLimits)
    service: GraphQLService = field(init=False)

    def __post_init__(self) -> None:
        self.service = GraphQLService(self.schema, QueryDeps(self.schema, self.searcher, self.aggregator, self.limits))

    def run(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.service.execute(query, None, variables)

    def data(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        body = self.run(query, variables)
        assert "errors" not in body, body
        return body["data"]

    def params(self, query: str, variables: dict[str, Any] | None = None) -> SearchParams:
        self.data(query, variables)
        return self.searcher.calls[-1]

    def error(self, query: str, variables: dict[str, Any] | None = None) -> str:
        body = self.run(query, variables)
        assert body.get("errors"), body
        return str(body["errors"][0]["message"])

    def hits(self, *hits: SearchHit) -> None:
        self.searcher.result = SearchResult(list(hits))
