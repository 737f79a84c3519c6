"""Hybrid search: a keyword (BM25) leg and a vector leg, fused (explorer_hybrid.go).

- Which legs run: the vector leg when ``alpha > 0`` (weight ``alpha``), the
  keyword leg when ``alpha < 1`` (weight ``1 - alpha``), even for an empty query
  (explorer_hybrid.go: its properties are checked, it finds nothing); alpha is not clamped,
  as over Weaviate's gRPC API (alpha 1.5 runs the vector leg alone, weighted 1.5).
- Candidates: each leg fetches ``max(QUERY_HYBRID_MAXIMUM_RESULTS, limit)``
  (default 100) from offset 0, with the query's filter.
- ``max_vector_distance``: the vector leg is cut after its last hit within the
  distance, and keyword hits the vector leg did not keep are dropped.
- After fusion the list is cut to ``offset + limit`` (at most
  QUERY_MAXIMUM_RESULTS), autocut runs on the fused scores, and the page
  ``[offset, offset + limit)`` is returned.
- Without a query vector the query text would be vectorised by the collection's
  vectorizer; with ``none`` that is Weaviate's error.
- An aggregation over a hybrid search (``fused``: Weaviate's aggregator/filtered.go
  calling hybrid.Search) fetches its object limit from each leg, runs no keyword leg
  for an empty query, and keeps every fused hit.
"""

from __future__ import annotations

import uuid as uuidlib

import numpy as np

from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import HybridQuery, KeywordQuery, SearchHit
from weftdb.errors import InvalidInput, NotImplementedYet
from weftdb.usecases.limits import QueryLimits
from weftdb.usecases.ports import KeywordSearcher
from weftdb.usecases.search.autocut import autocut
from weftdb.usecases.search.fusion import NEAR_VECTOR_SET, VECTOR_SET, Leg, fuse, keyword_leg, to_hits, vector_leg
from weftdb.usecases.search.keyword import RankedRequest, check_properties
from weftdb.usecases.search.vector_search import VectorQuery, VectorSearch, default_target

NO_VECTORIZER = "VectorFromInput was called without vectorizer on class {} for input {}"


class HybridSearch:
    def __init__(self, keywords: KeywordSearcher, vectors: VectorSearch, limits: QueryLimits) -> None:
        self._keywords = keywords
        self._vectors = vectors
        self._limits = limits

    def search(self, req: RankedRequest, query: HybridQuery) -> list[SearchHit]:
        legs = self.legs(req, query)
        fused = fuse(query.fusion, legs)[: min(req.offset + req.limit, self._limits.maximum_results)]
        if req.autocut > 0:
            fused = fused[: autocut([float(f.score) for f in fused], req.autocut)]
        return to_hits(fused[req.offset : req.offset + req.limit], req.explain)

    def fused(self, req: RankedRequest, query: HybridQuery) -> list[SearchHit]:
        """Every fused hit of legs of ``req.limit`` candidates each (what an aggregation over
        a hybrid search reads; an empty query runs no keyword leg there)."""
        return to_hits(fuse(query.fusion, self.legs(req, query, aggregation=True)), req.explain)

    def legs(self, req: RankedRequest, query: HybridQuery, *, aggregation: bool = False) -> list[Leg]:
        """The result sets in Weaviate's order: vector first, keyword second; each leg
        fetches a search's candidates, or for an aggregation ``req.limit`` (module docstring)."""
        legs: list[Leg] = []
        kept: set[uuidlib.UUID] | None = None
        k = req.limit if aggregation else None
        if query.alpha > 0:
            vector_k = k if k is not None else max(self._limits.hybrid_maximum_results, req.limit)
            vector_hits = self._vector_leg(req, query, vector_k)
            if query.max_vector_distance is not None:
                vector_hits = _within(vector_hits, query.max_vector_distance)
                kept = {h.obj.id for h in vector_hits}
            name = NEAR_VECTOR_SET if query.near_vector_sub_search else VECTOR_SET
            legs.append(vector_leg(name, query.alpha, vector_hits))
        if 1 - query.alpha > 0 and (query.query or not aggregation):
            keyword_k = k if k is not None else max(
                self._limits.hybrid_maximum_results, min(req.limit, self._limits.maximum_results))
            keyword_hits = self._keyword_leg(req, query, keyword_k)
            if kept is not None:
                keyword_hits = [h for h in keyword_hits if h.obj.id in kept]
            legs.append(keyword_leg(1 - query.alpha, keyword_hits))
        return legs

    def _vector_leg(self, req: RankedRequest, query: HybridQuery, k: int) -> list[SearchHit]:
        if query.vector is None:
            _refuse_vectorizing(req.collection, query)
        assert query.vector is not None
        try:
            self._limits.check(0, k)
        except InvalidInput as exc:
            raise InvalidInput(f"explorer: get class: vector search: invalid pagination params: {exc.message}") from None
        vq = VectorQuery(req.collection, req.tenant, k, req.filters, req.with_vectors, req.with_objects)
        return self._vectors.near_vector(vq, query.vector)

    def _keyword_leg(self, req: RankedRequest, query: HybridQuery, k: int) -> list[SearchHit]:
        try:
            self._limits.check(0, k)
        except InvalidInput as exc:
            raise InvalidInput(f"invalid pagination params: {exc.message}") from None
        kq = KeywordQuery(query.query, query.properties, query.operator, query.minimum_match)
        check_properties(req.collection, kq)
        found = self._keywords.keyword_search(
            req.collection.name, req.tenant, kq, k, filters=req.filters,
            with_vectors=req.with_vectors, with_objects=req.with_objects,
        )
        return [SearchHit(obj, score=score) for obj, score, _explain in found]


def _within(hits: list[SearchHit], max_distance: float) -> list[SearchHit]:
    """The leading hits whose distance is at most ``max_distance`` (float32, as Go)."""
    limit = np.float32(max_distance)
    for i, hit in enumerate(hits):
        if not np.float32(hit.distance or 0.0) <= limit:
            return hits[:i]
    return hits


def _refuse_vectorizing(collection: CollectionDef, query: HybridQuery) -> None:
    """No vector given: Weaviate would vectorise the query text with the vectorizer."""
    targets = query.targets or (default_target(collection),)
    modules = sorted({collection.vectors[t].vectorizer for t in targets if t in collection.vectors} - {"none", ""})
    if modules:
        raise NotImplementedYet(
            f"hybrid search without a vector: vectorizing the query with {modules[0]} is not implemented yet"
        )
    raise InvalidInput(NO_VECTORIZER.format(collection.name, query.query))
