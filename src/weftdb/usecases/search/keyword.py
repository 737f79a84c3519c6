"""Keyword (BM25) search: validation in Weaviate's order and messages, then storage's
BM25 (``KeywordSearcher``), autocut on the scores, and the offset/limit window.

Checks, as Weaviate's explorer and index make them: a cursor (``after``) cannot be
combined; neither can a vector search or a sort; the query must not be empty;
offset + limit within QUERY_MAXIMUM_RESULTS; without named properties every
searchable text property is searched (none: an error); a named property must
exist and have a searchable index (``title^2`` boosts it; Weaviate's message
names the property as given, boost included). A query of only stopwords or
separators finds nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from weftdb.entities.filters import Filter
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import KeywordQuery, SearchHit, SearchParams, property_boost
from weftdb.errors import InvalidInput
from weftdb.usecases.limits import QueryLimits
from weftdb.usecases.ports import KeywordSearcher
from weftdb.usecases.search.autocut import autocut

OPERATORS = ("or", "and", "and_cross")


@dataclass(frozen=True)
class RankedRequest:
    """What a search ranked by score (BM25 here, hybrid in ``hybrid.py``) searches and
    returns, besides its query: the page, autocut, the filter and what of the objects."""

    collection: CollectionDef
    tenant: str
    offset: int
    limit: int
    autocut: int = 0
    filters: Filter | None = None
    with_vectors: bool = False
    with_objects: bool = True
    #: build explainScore texts (only when asked)
    explain: bool = False


class KeywordSearch:
    def __init__(self, searcher: KeywordSearcher, limits: QueryLimits) -> None:
        self._searcher = searcher
        self._limits = limits

    def search(self, request: RankedRequest, query: KeywordQuery) -> list[SearchHit]:
        """The page of hits of ``query``, best first (what else the search asks for is
        checked by the caller: ``check_combinations``)."""
        query = checked_query(request.collection, query)
        self._limits.check(request.offset, request.limit)
        found = self._searcher.keyword_search(
            request.collection.name, request.tenant, query, request.offset + request.limit,
            filters=request.filters, with_vectors=request.with_vectors, with_objects=request.with_objects,
            explain=request.explain,
        )
        hits = [SearchHit(obj, score=score, explain_score=explain) for obj, score, explain in found]
        if request.autocut > 0:
            hits = hits[: autocut([h.score or 0.0 for h in hits], request.autocut)]
        return hits[request.offset : request.offset + request.limit]


def check_combinations(params: SearchParams) -> None:
    """A keyword search takes no vector search, cursor or sort (Weaviate's messages)."""
    if params.near_vector is not None or params.near_object is not None:
        raise InvalidInput("conflict: both near<Media> and keyword-based (bm25) arguments present, choose one")
    check_cursor_and_sort(params)


def check_no_cursor(params: SearchParams) -> None:
    """A search (vector, keyword, hybrid, grouped) takes no cursor: Weaviate's validateCursor."""
    if params.after is not None:
        raise InvalidInput(
            "cursor api: invalid 'after' parameter: other params cannot be set with after and limit parameters"
        )


def check_cursor_and_sort(params: SearchParams) -> None:
    """A keyword or hybrid search takes neither a cursor nor a sort (Weaviate's messages)."""
    check_no_cursor(params)
    if params.sort:
        raise InvalidInput("sorting cannot be combined with search")


def checked_query(collection: CollectionDef, query: KeywordQuery) -> KeywordQuery:
    """``query`` validated against the collection (properties, operator, query text)."""
    if not query.query:
        raise InvalidInput("keyword search (bm25) must have query set")
    if query.operator not in OPERATORS:
        raise InvalidInput(f"unknown keyword search operator {query.operator!r}: use one of {', '.join(OPERATORS)}")
    check_properties(collection, query, "explorer: get class: vector search: ")
    return query


def check_properties(collection: CollectionDef, query: KeywordQuery, context: str = "") -> None:
    """Every named property is searchable, or (none named) the collection has one;
    ``context`` prefixes the second message as the caller's Weaviate path does."""
    for raw in query.properties:
        if not is_searchable(collection, property_boost(raw)[0]):
            raise InvalidInput(
                f"Searching by property '{raw}' requires inverted index. Is `indexSearchable` option of "
                f"property '{raw}' enabled? Set it to `true` or leave empty"
            )
    for raw in query.properties:
        if not math.isfinite(property_boost(raw)[1]):  # Weaviate would score NaN or infinity
            raise InvalidInput(f"invalid boost in property '{raw}': a boost must be a finite number")
    if not query.properties and not any(p.is_searchable_text for p in collection.properties):
        raise InvalidInput(
            f"{context}object search at index {collection.name.lower()}: "
            "No properties provided, and no indexed properties found in class"
        )


def is_searchable(collection: CollectionDef, name: str) -> bool:
    prop = collection.prop(name)
    return prop is not None and prop.is_searchable_text
