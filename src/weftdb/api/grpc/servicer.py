"""The ``weaviate.v1.Weaviate`` gRPC service: parse -> use case -> render.

Each call runs its whole synchronous part (parsing, the use case, rendering)
in one hop through ``run_sync``, so the event loop only moves bytes. Errors go
through the one table in ``errors.py``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar

from weaviate.proto.v1 import weaviate_pb2_grpc

from weftdb.api.grpc.aggregate import parse_aggregate
from weftdb.api.grpc.aggregate_reply import aggregate_reply
from weftdb.api.grpc.batch import batch_delete_reply, batch_objects_reply, parse_batch_objects
from weftdb.api.grpc.errors import abort
from weftdb.api.grpc.filters import parse_filters
from weftdb.api.grpc.parse_search import parse_search
from weftdb.api.grpc.reply import SearchReplier
from weftdb.entities.aggregate import AggregateParams, AggregateResult
from weftdb.entities.filters import Filter
from weftdb.entities.objects import BatchDeleteOutcome, BatchItemResult, ObjectInput
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import SearchParams, SearchResult
from weftdb.errors import InvalidInput, NotFound, NotImplementedYet

T = TypeVar("T")
#: runs a synchronous callable off the event loop (``asyncio.to_thread`` or a pool-bound variant)
RunSync = Callable[..., Awaitable[Any]]


class SchemaReader(Protocol):
    def find(self, name: str) -> CollectionDef | None: ...


class Searcher(Protocol):
    def search(self, params: SearchParams) -> SearchResult: ...


class BatchWriter(Protocol):
    def batch_add(self, inputs: Sequence[ObjectInput]) -> list[BatchItemResult]: ...
    def batch_delete(
        self, collection: str, filters: Filter | None, *, dry_run: bool, tenant: str = ""
    ) -> BatchDeleteOutcome: ...


class Aggregating(Protocol):
    def aggregate(self, params: AggregateParams) -> AggregateResult: ...


_INLINE_MAX_RESULTS = 100
_INLINE_MAX_QUERY = 200  # characters of a BM25 query answered inline


def _answer_inline(request: Any, collection: CollectionDef | None) -> bool:
    """A plain HNSW search or a short BM25 query (no filter, a small page) takes less
    time than the two thread hand-offs of running it in the pool (measured: ~10-15%
    more queries per second for one client with HNSW, ~40% with BM25): answer it on
    the event loop. Anything that may take long (filters, big pages, long BM25 queries,
    flat indexes, other search kinds) goes to the pool so the loop stays responsive.
    (A deliberate exception to DESIGN.md §4.7.)"""
    if collection is not None and request.HasField("bm25_search"):  # BM25 on cached postings: ~0.1-1 ms
        return bool(not request.HasField("filters") and not request.HasField("group_by")
                    and len(request.bm25_search.query) <= _INLINE_MAX_QUERY
                    and request.limit + request.offset <= _INLINE_MAX_RESULTS)
    return (
        collection is not None
        and (request.HasField("near_vector") or request.HasField("near_object"))
        and not request.HasField("filters")
        and not request.HasField("group_by")
        and request.limit + request.offset <= _INLINE_MAX_RESULTS
        and all(v.index_type == "hnsw" for v in collection.vectors.values())
    )


class WeaviateServicer(weaviate_pb2_grpc.WeaviateServicer):  # type: ignore[misc]
    def __init__(
        self,
        *,
        schema: SchemaReader,
        traverser: Searcher,
        objects: BatchWriter,
        aggregator: Aggregating,
        run_sync: RunSync = asyncio.to_thread,
        replier: SearchReplier | None = None,
    ) -> None:
        self._schema = schema
        self._traverser = traverser
        self._objects = objects
        self._aggregator = aggregator
        self._run_sync = run_sync
        self._replier = replier or SearchReplier()

    async def _call(self, method: str, fn: Callable[[Any], T], request: Any, context: Any) -> T:
        try:
            result: T = await self._run_sync(fn, request)
            return result
        except Exception as exc:  # noqa: BLE001 - every failure becomes a gRPC status
            await abort(context, exc, method)

    # -- rpc methods ---------------------------------------------------------------
    async def Search(self, request: Any, context: Any) -> Any:
        if _answer_inline(request, self._schema.find(request.collection)):
            try:
                return self.search(request)
            except Exception as exc:  # noqa: BLE001 - every failure becomes a gRPC status
                await abort(context, exc, "Search")
        return await self._call("Search", self.search, request, context)

    async def BatchObjects(self, request: Any, context: Any) -> Any:
        return await self._call("BatchObjects", self.batch_objects, request, context)

    async def BatchDelete(self, request: Any, context: Any) -> Any:
        return await self._call("BatchDelete", self.batch_delete, request, context)

    async def Aggregate(self, request: Any, context: Any) -> Any:
        return await self._call("Aggregate", self.aggregate, request, context)

    async def TenantsGet(self, request: Any, context: Any) -> Any:
        await abort(context, NotImplementedYet("getting tenants over gRPC is not implemented yet"), "TenantsGet")

    async def BatchReferences(self, request: Any, context: Any) -> Any:
        await abort(context, NotImplementedYet("batch references over gRPC are not implemented yet"), "BatchReferences")

    async def BatchStream(self, request_iterator: Any, context: Any) -> Any:
        await abort(context, NotImplementedYet("batch streaming (BatchStream) is not implemented yet"), "BatchStream")

    # -- synchronous parts (run off the event loop) --------------------------------------
    def search(self, request: Any) -> Any:
        started = time.perf_counter()
        collection = self._collection(request.collection)
        params = parse_search(request, collection, self._schema.find)
        result = self._traverser.search(params)
        return self._replier.render(
            collection, params.properties, params.metadata, result, time.perf_counter() - started
        )

    def batch_objects(self, request: Any) -> Any:
        started = time.perf_counter()
        parsed = parse_batch_objects(request, self._schema.find)
        results = self._objects.batch_add(parsed.inputs) if parsed.inputs else []
        return batch_objects_reply(parsed, results, time.perf_counter() - started)

    def batch_delete(self, request: Any) -> Any:
        started = time.perf_counter()
        collection = self._collection(request.collection)
        if not request.HasField("filters"):
            raise InvalidInput("no filters in batch delete request")
        filters = parse_filters(request.filters, collection, self._schema.find)
        outcome = self._objects.batch_delete(collection.name, filters, dry_run=request.dry_run, tenant=request.tenant)
        return batch_delete_reply(outcome, request.verbose, time.perf_counter() - started)

    def aggregate(self, request: Any) -> Any:
        started = time.perf_counter()
        collection = self._collection(request.collection)
        result = self._aggregator.aggregate(parse_aggregate(request, collection, self._schema.find))
        return aggregate_reply(result, collection, time.perf_counter() - started)

    def _collection(self, name: str) -> CollectionDef:
        found = self._schema.find(name)
        if found is None:
            raise NotFound(f"could not find class {name} in schema")
        return found
