"""Results -> Weaviate's GraphQL JSON: _additional types, references, groups, aggregations."""

from __future__ import annotations

import numpy as np
import pytest
from graphql_fakes import Harness, oid, stored

from weftdb.api.graphql.numbers import f32, f32_list, go_v
from weftdb.entities.aggregate import AggregateGroup, AggregateResult
from weftdb.entities.search import SearchGroup, SearchHit, SearchResult
from weftdb.goformat import go_float32


def test_numbers_as_weaviate_prints_them() -> None:
    assert f32(np.float32(0.1)) == 0.1 and repr(f32(0.123456789)) == "0.12345679"
    assert f32_list(np.array([0.1, 1e-7, 3], dtype=np.float32)) == [0.1, 1e-7, 3.0]
    assert (go_float32(0.5), go_float32(1234567.0), go_float32(0.00001234)) == ("0.5", "1.234567e+06", "1.234e-05")
    assert (go_v(True), go_v(3), go_v(2.5), go_v("x"), go_v(1e21)) == ("true", "3", "2.5", "x", "1e+21")


def test_additional_values_and_types() -> None:
    h = Harness()
    h.hits(SearchHit(stored(1, title="a"), distance=0.1, certainty=0.95, score=0.5, explain_score="BM25F"))
    data = h.data("""{ Get { Article { title _additional { id vector distance certainty score explainScore
        creationTimeUnix lastUpdateTimeUnix } } } }""")
    assert data["Get"]["Article"] == [{"title": "a", "_additional": {
        "id": str(oid(1)), "vector": [0.1, 0.2], "distance": 0.1, "certainty": 0.95, "score": "0.5",
        "explainScore": "BM25F", "creationTimeUnix": "1001", "lastUpdateTimeUnix": "2001"}}]


def test_missing_values_are_null() -> None:
    h = Harness()
    h.hits(SearchHit(stored(1)))
    data = h.data("{ Get { Article { title tags loc { latitude } _additional { distance score } } } }")
    assert data["Get"]["Article"] == [{"title": None, "tags": None, "loc": None,
                                      "_additional": {"distance": None, "score": None}}]


def test_named_vectors() -> None:
    h = Harness()
    obj = stored(1, "Person", name="p")
    obj.vectors = {"a": np.array([1, 2], dtype=np.float32), "b": np.array([0.5], dtype=np.float32)}
    h.hits(SearchHit(obj))
    data = h.data("{ Get { Person { _additional { vectors { a b } } } } }")
    assert data["Get"]["Person"] == [{"_additional": {"vectors": {"a": [1.0, 2.0], "b": [0.5]}}}]


def test_references_render_per_linked_class() -> None:
    h = Harness()
    person, org = SearchHit(stored(7, "Person", name="ann")), SearchHit(stored(8, "Org", name="acme"))
    hit = SearchHit(stored(1, title="a"), references={"mentions": [person, org], "author": []})
    h.hits(hit)
    data = h.data("""{ Get { Article { author { ... on Person { name } }
        mentions { __typename ... on Person { name _additional { id } } ... on Org { name } } } } }""")
    assert data["Get"]["Article"] == [{"author": None, "mentions": [
        {"__typename": "Person", "name": "ann", "_additional": {"id": str(oid(7))}},
        {"__typename": "Org", "name": "acme"}]}]


def test_groups() -> None:
    h = Harness()
    hits = [SearchHit(stored(i, title="t"), distance=0.1 * i) for i in (1, 2)]
    h.searcher.result = SearchResult([], groups=[SearchGroup("t", "t", hits, 0.1, 0.2, 2)])
    data = h.data("""{ Get { Article(nearVector: {vector: [1]}, groupBy: {path: ["title"], groups: 1,
        objectsPerGroup: 2}) { _additional { id group { id groupedBy { path value } count minDistance maxDistance
        hits { title _additional { id distance } } } } } } }""")
    (entry,) = data["Get"]["Article"]
    assert entry == {"_additional": {"id": str(oid(1)), "group": {
        "id": 0, "groupedBy": {"path": ["title"], "value": "t"}, "count": 2, "minDistance": 0.1,
        "maxDistance": 0.2, "hits": [
            {"title": "t", "_additional": {"id": str(oid(1)), "distance": 0.1}},
            {"title": "t", "_additional": {"id": str(oid(2)), "distance": pytest.approx(0.2)}}]}}}


def test_aggregate_rendering_and_parameters() -> None:
    h = Harness()
    h.aggregator.result = AggregateResult(total_count=4, properties={
        "count": {"count": 4.0, "mean": 2.5, "type": "int"},
        "title": {"count": 4, "top_occurrences": [("x", 3), ("y", 1)], "type": "text"},
        "done": {"count": 2, "total_true": 1, "percentage_true": 0.5, "total_false": 1, "percentage_false": 0.5},
    })
    data = h.data("""{ Aggregate { Article { meta { count } count { count mean type }
        title { count type topOccurrences(limit: 2) { value occurs } } done { totalTrue percentageFalse }
        price { mean } } } }""")
    assert data["Aggregate"]["Article"] == [{
        "meta": {"count": 4}, "count": {"count": 4, "mean": 2.5, "type": "int"},
        "title": {"count": 4, "type": "text", "topOccurrences": [{"value": "x", "occurs": 3}, {"value": "y", "occurs": 1}]},
        "done": {"totalTrue": 1, "percentageFalse": 0.5}, "price": None}]
    params = h.aggregator.calls[-1]
    assert params.total_count and [p.property for p in params.properties] == ["count", "title", "done", "price"]
    title = params.properties[1]
    assert (title.metrics, title.limit) == (("count", "type", "top_occurrences"), 2)


def test_aggregate_groups_and_arguments() -> None:
    h = Harness()
    h.aggregator.result = AggregateResult(total_count=0, groups=[
        AggregateGroup(2, {}, 5, "count"), AggregateGroup(1, {}, True, "done")])
    data = h.data("""{ Aggregate { Article(groupBy: ["count"], limit: 2, where: {path: ["title"], operator: Equal,
        valueText: "a"}) { meta { count } groupedBy { path value } } } }""")
    assert data["Aggregate"]["Article"] == [
        {"meta": {"count": 2}, "groupedBy": {"path": ["count"], "value": "5"}},
        {"meta": {"count": 1}, "groupedBy": {"path": ["done"], "value": "true"}}]
    params = h.aggregator.calls[-1]
    assert (params.group_by, params.group_limit, params.filters is not None) == ("count", 2, True)
    h.data(f'{{ Aggregate {{ Article(nearObject: {{id: "{oid(3)}", certainty: 0.7}}, objectLimit: 5) {{ meta {{ count }} }} }} }}')
    params = h.aggregator.calls[-1]
    assert params.near_object is not None and (params.near_object.certainty, params.object_limit) == (0.7, 5)
    assert h.error("{ Aggregate { Article(objectLimit: 5) { meta { count } } } }") == \
        "objectLimit can only be used with a near<Media> or hybrid filter"
    assert h.error("{ Aggregate { Article(objectLimit: 0, nearVector: {vector: [1]}) { meta { count } } } }") == \
        "objectLimit must be a positive integer"
    h.data('{ Aggregate { Article(hybrid: {query: "x", alpha: 0.25}, objectLimit: 7) { meta { count } } } }')
    params = h.aggregator.calls[-1]
    assert params.hybrid is not None and (params.hybrid.query, params.hybrid.alpha, params.object_limit) == (
        "x", 0.25, 7)
    h.data('{ Aggregate { Article(hybrid: {query: "x"}, nearVector: {vector: [1]}, objectLimit: 2) '
           '{ meta { count } } } }')  # both given: Weaviate's aggregator uses the hybrid search
    params = h.aggregator.calls[-1]
    assert params.hybrid is not None and params.near_vector is not None
    h.data('{ Aggregate { Org(tenant: "t") { meta { count } } } }')
    assert h.aggregator.calls[-1].tenant == "t" and h.aggregator.calls[-1].collection == "Org"


def test_reference_selected_without_a_linked_class_is_null() -> None:
    h = Harness()
    h.hits(SearchHit(stored(1, author=[{"beacon": f"weaviate://localhost/Person/{oid(7)}"}])))
    assert h.data("{ Get { Article { author { __typename } } } }") == {"Get": {"Article": [{"author": None}]}}
    (ref,) = h.searcher.calls[-1].properties.references
    assert (ref.name, ref.target_collection) == ("author", "")
