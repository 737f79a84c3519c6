"""The keyword (BM25) use case: Weaviate's checks and messages, what reaches storage,
autocut and the offset/limit window."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from weftdb.entities.filters import Filter, Operator
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import KeywordQuery, NearVector, SearchParams, SortSpec, TargetQuery
from weftdb.errors import InvalidInput
from weftdb.usecases.limits import QueryLimits
from weftdb.usecases.search.keyword import KeywordSearch, RankedRequest, check_combinations

DOC = CollectionDef.from_dict({
    "class": "Doc",
    "properties": [
        {"name": "title", "dataType": ["text"], "indexSearchable": True},
        {"name": "tags", "dataType": ["text[]"], "indexSearchable": True},
        {"name": "plain", "dataType": ["text"], "indexSearchable": False},
        {"name": "n", "dataType": ["int"]},
        {"name": "ref", "dataType": ["Doc"]},
    ],
})
NO_TEXT = CollectionDef.from_dict({"class": "Numbers", "properties": [{"name": "n", "dataType": ["int"]}]})


@dataclass
class FakeKeywords:
    scores: list[float] = field(default_factory=lambda: [3.0, 2.9, 2.8, 1.0, 0.9, 0.2])
    calls: list[dict[str, Any]] = field(default_factory=list)

    def keyword_search(self, collection: str, tenant: str, query: KeywordQuery, k: int, *,
                       filters: Filter | None = None, with_vectors: bool = False, with_objects: bool = True,
                       explain: bool = False) -> list[tuple[StoredObject, float, str]]:
        self.calls.append({"collection": collection, "tenant": tenant, "query": query, "k": k, "filters": filters,
                           "with_vectors": with_vectors, "with_objects": with_objects, "explain": explain})
        hits = [(StoredObject(uuid.UUID(int=i + 1), collection, {}), s, f", e{i}" if explain else "")
                for i, s in enumerate(self.scores)]
        return hits[:k]


def run(query: KeywordQuery | None, collection: CollectionDef = DOC, offset: int = 0, limit: int = 10,
        autocut: int = 0, **params: Any) -> tuple[list[Any], FakeKeywords]:
    """``check_combinations`` (the traverser's part), then the search."""
    fake = FakeKeywords()
    search = KeywordSearch(fake, QueryLimits(10, 100))
    check_combinations(SearchParams(collection.name, bm25=query, **params))
    assert query is not None
    request = RankedRequest(collection, "", offset, limit, autocut, params.get("filters"), explain=True)
    return search.search(request, query), fake


def test_hits_carry_scores_and_explanations_and_storage_gets_the_window() -> None:
    flt = Filter(Operator.EQUAL, ("n",), 1)
    hits, fake = run(KeywordQuery("cat", ("title^2",), "and"), offset=1, limit=3, filters=flt)
    assert [(h.obj.id.int, h.score, h.explain_score) for h in hits] == [(2, 2.9, ", e1"), (3, 2.8, ", e2"), (4, 1.0, ", e3")]
    (call,) = fake.calls
    assert call["k"] == 4 and call["filters"] is flt and call["explain"] is True
    assert call["query"] == KeywordQuery("cat", ("title^2",), "and")


def test_autocut_cuts_at_the_first_jump_before_the_offset_applies() -> None:
    hits, _ = run(KeywordQuery("cat"), autocut=1)
    assert [h.score for h in hits] == [3.0, 2.9, 2.8]
    hits, _ = run(KeywordQuery("cat"), autocut=1, offset=2)
    assert [h.score for h in hits] == [2.8]


@pytest.mark.parametrize(("query", "collection", "params", "message"), [
    (KeywordQuery(""), DOC, {}, "keyword search (bm25) must have query set"),
    (KeywordQuery("x", ("nope",)), DOC, {},
     "Searching by property 'nope' requires inverted index. Is `indexSearchable` option of property 'nope' "
     "enabled? Set it to `true` or leave empty"),
    (KeywordQuery("x", ("title", "plain^2")), DOC, {}, "Searching by property 'plain^2' requires inverted index"),
    (KeywordQuery("x", ("n",)), DOC, {}, "Searching by property 'n' requires inverted index"),
    (KeywordQuery("x", ("ref",)), DOC, {}, "Searching by property 'ref' requires inverted index"),
    (KeywordQuery("x", ("title^inf",)), DOC, {}, "invalid boost in property 'title^inf': a boost must be a finite"),
    (KeywordQuery("x", ("title^NaN",)), DOC, {}, "invalid boost in property 'title^NaN'"),
    (KeywordQuery("x", ("title^1e39",)), DOC, {}, "invalid boost in property 'title^1e39'"),
    (KeywordQuery("x"), NO_TEXT, {},
     "explorer: get class: vector search: object search at index numbers: No properties provided, and no "
     "indexed properties found in class"),
    (KeywordQuery("x", operator="xor"), DOC, {}, "unknown keyword search operator 'xor'"),
    (KeywordQuery("x"), DOC, {"after": uuid.UUID(int=1)},
     "cursor api: invalid 'after' parameter: other params cannot be set with after and limit parameters"),
    (KeywordQuery("x"), DOC, {"sort": (SortSpec(("n",)),)}, "sorting cannot be combined with search"),
    (KeywordQuery("x"), DOC, {"near_vector": NearVector((TargetQuery("", np.ones(2, np.float32)),))},
     "conflict: both near<Media> and keyword-based (bm25) arguments present, choose one"),
])
def test_refusals(query: KeywordQuery, collection: CollectionDef, params: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        run(query, collection, **params)


def test_the_window_is_limited_like_every_search() -> None:
    with pytest.raises(InvalidInput, match="query maximum results exceeded"):
        run(KeywordQuery("x"), offset=95, limit=10)


def test_a_query_of_stopwords_is_searched_not_refused() -> None:
    hits, fake = run(KeywordQuery("the a"))
    assert fake.calls and hits
