"""Fakes for the gRPC transport tests: use cases, a gRPC context, and a client
connection that hands the official client's requests to our servicer."""

from __future__ import annotations

import asyncio
import uuid
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

with warnings.catch_warnings():
    # authlib (a client dependency) warns about httpx at import time after putting an
    # "always" filter first in line: ours has to come after that import.
    import authlib.deprecate  # noqa: F401

    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
    import weaviate  # noqa: F401
    from weaviate.util import _ServerVersion

from tests.unit.api.article_schema import typed_properties
from weftdb.api.grpc.servicer import WeaviateServicer
from weftdb.entities.aggregate import AggregateParams, AggregateResult
from weftdb.entities.filters import Filter
from weftdb.entities.objects import (
    BatchDeleteOutcome,
    BatchItemResult,
    ObjectInput,
    StoredObject,
)
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import SearchHit, SearchParams, SearchResult

CLIENT_VERSION = _ServerVersion(1, 33, 0)

ARTICLE: dict[str, Any] = {
    "class": "Article",
    "vectorIndexType": "hnsw",
    "vectorIndexConfig": {"distance": "cosine"},
    "properties": [
        *typed_properties("where"),
        {
            "name": "meta",
            "dataType": ["object"],
            "nestedProperties": [
                {"name": "source", "dataType": ["text"]},
                {"name": "rank", "dataType": ["int"]},
                {"name": "scores", "dataType": ["number[]"]},
                {"name": "raw", "dataType": ["blob"]},
                {
                    "name": "origin",
                    "dataType": ["object"],
                    "nestedProperties": [
                        {"name": "city", "dataType": ["text"]},
                        {"name": "zip", "dataType": ["int"]},
                    ],
                },
            ],
        },
        {
            "name": "chapters",
            "dataType": ["object[]"],
            "nestedProperties": [
                {"name": "heading", "dataType": ["text"]},
                {"name": "pages", "dataType": ["int[]"]},
            ],
        },
    ],
}
PERSON: dict[str, Any] = {
    "class": "Person",
    "properties": [{"name": "name", "dataType": ["text"]}, {"name": "age", "dataType": ["int"]}],
}
ORG: dict[str, Any] = {"class": "Org", "properties": [{"name": "name", "dataType": ["text"]}]}
NAMED: dict[str, Any] = {
    "class": "Named",
    "properties": [{"name": "title", "dataType": ["text"]}],
    "vectorConfig": {
        "first": {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw", "vectorIndexConfig": {}},
        "second": {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw", "vectorIndexConfig": {}},
    },
}


class FakeSchema:
    def __init__(self, *definitions: dict[str, Any]) -> None:
        self.collections = {d["class"]: CollectionDef.from_dict(d) for d in definitions or (ARTICLE, PERSON, ORG)}

    def find(self, name: str) -> CollectionDef | None:
        return self.collections.get(name[:1].upper() + name[1:]) if name else None


@dataclass
class FakeTraverser:
    hits: list[SearchHit] = field(default_factory=list)
    calls: list[SearchParams] = field(default_factory=list)
    error: Exception | None = None

    def search(self, params: SearchParams) -> SearchResult:
        self.calls.append(params)
        if self.error is not None:
            raise self.error
        return SearchResult(list(self.hits))


@dataclass
class FakeObjects:
    errors: dict[int, str] = field(default_factory=dict)
    added: list[ObjectInput] = field(default_factory=list)
    deletes: list[tuple[str, Filter | None, bool, str]] = field(default_factory=list)
    outcome: BatchDeleteOutcome | None = None

    def batch_add(self, inputs: Sequence[ObjectInput]) -> list[BatchItemResult]:
        self.added.extend(inputs)
        return [BatchItemResult(error=self.errors.get(i)) for i in range(len(inputs))]

    def batch_delete(
        self, collection: str, filters: Filter | None, *, dry_run: bool, tenant: str = ""
    ) -> BatchDeleteOutcome:
        self.deletes.append((collection, filters, dry_run, tenant))
        if self.outcome is not None:
            return self.outcome
        return BatchDeleteOutcome(matches=0, successful=0, failed=0, limit=10000, dry_run=dry_run)


@dataclass
class FakeAggregator:
    total: int = 0
    calls: list[AggregateParams] = field(default_factory=list)
    result: AggregateResult | None = None

    def aggregate(self, params: AggregateParams) -> AggregateResult:
        self.calls.append(params)
        return self.result if self.result is not None else AggregateResult(total_count=self.total)


class Aborted(Exception):
    def __init__(self, code: Any, details: str) -> None:
        super().__init__(f"{code}: {details}")
        self.code = code
        self.details = details


class FakeContext:
    async def abort(self, code: Any, details: str) -> None:
        raise Aborted(code, details)


async def run_inline(fn: Any, *args: Any) -> Any:
    return fn(*args)


@dataclass
class Harness:
    schema: FakeSchema = field(default_factory=FakeSchema)
    traverser: FakeTraverser = field(default_factory=FakeTraverser)
    objects: FakeObjects = field(default_factory=FakeObjects)
    aggregator: FakeAggregator = field(default_factory=FakeAggregator)

    @property
    def servicer(self) -> WeaviateServicer:
        return WeaviateServicer(
            schema=self.schema,
            traverser=self.traverser,
            objects=self.objects,
            aggregator=self.aggregator,
            run_sync=run_inline,
        )

    def call(self, method: str, request: Any) -> Any:
        return asyncio.run(getattr(self.servicer, method)(request, FakeContext()))

    def parsed(self, request: Any) -> SearchParams:
        """What a Search request reaches the traverser as."""
        self.call("Search", request)
        return self.traverser.calls[-1]

    def refused(self, request: Any) -> Aborted:
        """The status a Search request is refused with before it reaches the traverser."""
        with pytest.raises(Aborted) as info:
            self.call("Search", request)
        assert not self.traverser.calls
        return info.value


class ClientConnection:
    """What the client's executors need from a connection, answered by our servicer."""

    def __init__(self, harness: Harness) -> None:
        self._weaviate_version = CLIENT_VERSION
        self.harness = harness

    def grpc_search(self, request: Any) -> Any:
        return self.harness.call("Search", request)

    def grpc_aggregate(self, request: Any) -> Any:
        return self.harness.call("Aggregate", request)

    def grpc_batch_delete(self, request: Any) -> Any:
        return self.harness.call("BatchDelete", request)

    def grpc_batch_objects(self, request: Any, timeout: Any = None, max_retries: Any = None) -> dict[int, str]:
        reply = self.harness.call("BatchObjects", request)
        return {err.index: err.error for err in reply.errors}


def stored(
    obj_id: uuid.UUID,
    properties: dict[str, Any],
    collection: str = "Article",
    vectors: dict[str, list[float]] | None = None,
) -> StoredObject:
    return StoredObject(
        id=obj_id,
        collection=collection,
        properties=properties,
        vectors={k: np.asarray(v, dtype=np.float32) for k, v in (vectors or {}).items()},
        creation_time_ms=1_700_000_000_123,
        update_time_ms=1_700_000_100_456,
    )
