"""Grouping as Weaviate does it: the two value rules, membership, order, distances,
and the traverser's candidate counts, paging and autocut for grouped searches."""

from __future__ import annotations

import uuid

import numpy as np
import pytest
from search_fakes import FakeKeywords, FakeRepo, FakeVectors, collection, doc

from weftdb.entities.search import GroupBy, HybridQuery, NearVector, SearchHit, SearchParams, TargetQuery
from weftdb.errors import InvalidInput
from weftdb.goformat import go_json_float, go_json_string
from weftdb.usecases.limits import QueryLimits
from weftdb.usecases.search.groupby import group_text_hits, group_vector_hits, stored_values, text_values
from weftdb.usecases.search.hybrid import HybridSearch
from weftdb.usecases.search.keyword import KeywordSearch
from weftdb.usecases.search.traverser import Traverser
from weftdb.usecases.search.vector_search import VectorSearch

COLL = collection()


def prop(name: str):  # type: ignore[no-untyped-def]
    return COLL.prop(name)


def hits(*rows: tuple[float, dict]) -> list[SearchHit]:  # type: ignore[type-arg]
    return [SearchHit(doc(i + 1, **props), distance=d) for i, (d, props) in enumerate(rows)]


def summary(groups: list) -> list[tuple[str, list[int], float, float, int]]:  # type: ignore[type-arg]
    return [(g.name, [h.obj.id.int for h in g.hits], g.min_distance, g.max_distance, g.number_of_objects)
            for g in groups]


def test_vector_groups_in_first_seen_order_with_caps() -> None:
    found = hits((0.1, {"title": "a"}), (0.2, {"title": "b"}), (0.3, {"title": "a"}), (0.4, {"title": "a"}),
                 (0.5, {"title": "c"}), (0.6, {"title": "b"}))
    groups = group_vector_hits(found, GroupBy("title", 2, 2), prop("title"))
    assert summary(groups) == [("a", [1, 3], 0.1, 0.3, 2), ("b", [2, 6], 0.2, 0.6, 2)]


def test_vector_groups_of_arrays_missing_values_and_numbers() -> None:
    found = hits((0.1, {"tags": ["x", "y"]}), (0.2, {}), (0.3, {"tags": []}), (0.4, {"tags": ["y", "y"]}))
    groups = group_vector_hits(found, GroupBy("tags", 5, 5), prop("tags"))
    # a missing value and an empty array both group under ""; duplicates join twice
    assert summary(groups) == [("x", [1], 0.1, 0.1, 1), ("y", [1, 4, 4], 0.1, 0.4, 3), ("", [2, 3], 0.2, 0.3, 2)]
    numbers = hits((0.1, {"n": 3}), (0.2, {"n": 10**21}), (0.3, {"x": 2.5}), (0.4, {"x": 1e-7}))
    assert [g.name for g in group_vector_hits(numbers, GroupBy("n", 9, 9), prop("n"))] == ["3", "1e+21", ""]
    assert [g.name for g in group_vector_hits(numbers, GroupBy("x", 9, 9), prop("x"))] == ["", "2.5", "1e-7"]


def test_a_hit_stops_at_the_group_limit() -> None:
    """A value that would open a group past number_of_groups ends that hit's walk,
    even if a later value of the same hit names an existing group (shard_group_by.go)."""
    found = hits((0.1, {"tags": ["a"]}), (0.2, {"tags": ["b", "a"]}))
    groups = group_vector_hits(found, GroupBy("tags", 1, 5), prop("tags"))
    assert summary(groups) == [("a", [1], 0.1, 0.1, 1)]


def test_stored_values_are_weaviates_json() -> None:
    assert stored_values(True, prop("ok")) == ["true"]
    assert stored_values("a<b\"c\n", prop("title")) == ["a\\u003cb\\\"c\\n"]
    assert stored_values({"latitude": 52.366667, "longitude": 4.9}, prop("where")) == [
        '{"latitude":52.36667,"longitude":4.9}']  # float32, as Weaviate stores them
    ref = [{"beacon": "weaviate://localhost/Doc/00000000-0000-0000-0000-000000000001"}]
    assert stored_values(ref, prop("ref")) == [ref[0]["beacon"]]
    assert go_json_float(100.0) == "100" and go_json_float(-0.5) == "-0.5" and go_json_float(1e20) == "100000000000000000000"
    assert go_json_string("\u2028\x01") == "\\u2028\\u0001"


def test_text_groups_only_string_values() -> None:
    found = hits((0.0, {"title": "a", "n": 1}), (0.0, {"n": 2}), (0.0, {"title": "a"}))
    assert summary(group_text_hits(found, GroupBy("title", 3, 3), prop("title"))) == [("a", [1, 3], 0.0, 0.0, 2)]
    assert group_text_hits(found, GroupBy("n", 3, 3), prop("n")) == []
    assert text_values(["p", "q"], prop("tags")) == ["p", "q"]
    assert text_values(None, prop("title")) is None
    with pytest.raises(InvalidInput, match="array element at index 0 is not a string"):
        text_values([{"a": "x"}], prop("parts"))


def test_text_group_distances_are_the_first_hits() -> None:
    found = hits((0.3, {"title": "a"}), (0.1, {"title": "a"}))
    groups = group_text_hits(found, GroupBy("title", 1, 2), prop("title"))
    assert (groups[0].min_distance, groups[0].max_distance) == (0.3, 0.3)


# -- through the traverser ---------------------------------------------------------------
class Schema:
    def collection(self, name: str):  # type: ignore[no-untyped-def]
        return COLL

    def find(self, name: str):  # type: ignore[no-untyped-def]
        return COLL


OBJECTS = [doc(n, [float(n)], title="odd" if n % 2 else "even", n=n) for n in range(1, 21)]
NV = NearVector((TargetQuery("", np.array([0.0], dtype=np.float32)),))


def traverser(vectors: FakeVectors, keywords: FakeKeywords | None = None) -> Traverser:
    limits = QueryLimits(10, 10000)
    vector_search = VectorSearch(vectors, FakeRepo())
    hybrid = HybridSearch(keywords or FakeKeywords(), vector_search, limits)
    keyword_search = KeywordSearch(keywords or FakeKeywords(), limits)
    return Traverser(Schema(), None, limits, vector_search, keyword_search, hybrid)  # type: ignore[arg-type]


def test_grouped_near_vector_groups_the_first_offset_plus_limit_hits() -> None:
    vectors = FakeVectors(list(OBJECTS))
    params = SearchParams("Doc", limit=3, near_vector=NV, group_by=GroupBy("n", 2, 5))
    result = traverser(vectors).search(params)
    assert vectors.ks == [3] and result.hits == []
    assert summary(result.groups) == [("1", [1], 1.0, 1.0, 1), ("2", [2], 4.0, 4.0, 1)]
    paged = traverser(FakeVectors(list(OBJECTS))).search(
        SearchParams("Doc", limit=1, offset=1, near_vector=NV, group_by=GroupBy("title", 2, 5)))
    # hits 1 and 2 are fetched, grouped (odd, even), and the page is the second group
    assert summary(paged.groups) == [("even", [2], 4.0, 4.0, 1)]


def test_grouped_hybrid_groups_the_page() -> None:
    keywords = FakeKeywords([(OBJECTS[3], 2.0), (OBJECTS[5], 1.0)])
    params = SearchParams("Doc", limit=4, hybrid=HybridQuery("q", alpha=0.5, vector=NV),
                          group_by=GroupBy("title", 5, 5))
    result = traverser(FakeVectors(list(OBJECTS)), keywords).search(params)
    assert result.groups is not None
    members = {g.name: [h.obj.id.int for h in g.hits] for g in result.groups}
    assert sum(len(m) for m in members.values()) == 4
    # a keyword hit has distance 0, a vector-only hit its distance
    keyword_ids = {OBJECTS[3].id.int, OBJECTS[5].id.int}
    distances = {h.obj.id.int: h.distance for g in result.groups for h in g.hits}
    assert distances == {i: 0.0 if i in keyword_ids else float(i) ** 2 for i in distances}  # vector of n is [n]
    assert keyword_ids & set(distances) and set(distances) - keyword_ids


def test_ungrouped_hybrid_hits_carry_no_distance() -> None:
    params = SearchParams("Doc", limit=3, hybrid=HybridQuery("q", alpha=0.5, vector=NV))
    result = traverser(FakeVectors(list(OBJECTS))).search(params)
    assert len(result.hits) == 3 and all(h.distance is None for h in result.hits)


def test_group_by_needs_a_search_and_a_known_property() -> None:
    t = traverser(FakeVectors(list(OBJECTS)))
    with pytest.raises(InvalidInput, match="groupBy needs a search"):
        t.search(SearchParams("Doc", group_by=GroupBy("title", 1, 1)))
    with pytest.raises(InvalidInput, match="no such prop with name 'nope' found in class 'Doc'"):
        t.search(SearchParams("Doc", near_vector=NV, group_by=GroupBy("nope", 1, 1)))


@pytest.mark.parametrize("params", [
    SearchParams("Doc", near_vector=NV, after=uuid.UUID(int=1)),
    SearchParams("Doc", near_vector=NV, group_by=GroupBy("title", 1, 1), after=uuid.UUID(int=1)),
    SearchParams("Doc", hybrid=HybridQuery("q", alpha=0.5, vector=NV), after=uuid.UUID(int=1)),
], ids=["near_vector", "grouped", "hybrid"])
def test_no_search_takes_a_cursor_with_weaviates_message(params: SearchParams) -> None:
    with pytest.raises(InvalidInput, match="^cursor api: invalid 'after' parameter: other params cannot be set with "
                                           "after and limit parameters$"):
        traverser(FakeVectors(list(OBJECTS))).search(params)
