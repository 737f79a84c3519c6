"""Get arguments and selections -> SearchParams (through the real schema)."""

from __future__ import annotations

import uuid

import numpy as np
import pytest
from graphql_fakes import Harness, oid

from weftdb.api.graphql.get_params import GraphQLLimits
from weftdb.entities.filters import Operator, ValueType
from weftdb.entities.search import Combination, FusionType, GroupBy, ReferenceSelection, SortSpec


@pytest.fixture
def h() -> Harness:
    return Harness(limits=GraphQLLimits(default_limit=100, maximum_results=1000))


@pytest.mark.parametrize(("args", "limit", "offset"), [
    ("", 100, 0),                      # QUERY_DEFAULTS_LIMIT_GRAPHQL
    ("(limit: 5)", 5, 0),
    ("(offset: 3)", None, 3),          # QUERY_DEFAULTS_LIMIT, decided by the use case
    ("(autocut: 2)", None, 0),
    ("(limit: -1)", None, 0),
    ("(limit: 7, offset: 2)", 7, 2),
])
def test_pagination(h: Harness, args: str, limit: int | None, offset: int) -> None:
    p = h.params(f"{{ Get {{ Article{args} {{ title }} }} }}")
    assert (p.limit, p.offset) == (limit, offset)


def test_vector_search_by_distance_returns_all_within(h: Harness) -> None:
    p = h.params("{ Get { Article(nearVector: {vector: [1, 0], distance: 0.3}, offset: 10) { title } } }")
    assert p.limit == 990 and p.near_vector is not None and p.near_vector.distance == 0.3
    assert h.params("{ Get { Article(nearVector: {vector: [1, 0], certainty: 0.7}, limit: 4) { title } } }").limit == 4
    assert h.params("{ Get { Article(nearVector: {vector: [1, 0]}) { title } } }").limit == 100


def test_selection(h: Harness) -> None:
    p = h.params("""{ Get { Article { title loc { latitude } info { k } ...F
        author { ... on Person { name _additional { id vector } } }
        mentions { ... on Person { name friend { ... on Person { name } } } ... on Org { name } }
        _additional { id vector distance certainty score explainScore creationTimeUnix lastUpdateTimeUnix } } } }
        fragment F on Article { count }""")
    assert p.properties.names == ("title", "loc", "info", "count")
    refs = {(r.name, r.target_collection): r for r in p.properties.references}
    assert set(refs) == {("author", "Person"), ("mentions", "Person"), ("mentions", "Org")}
    assert refs[("author", "Person")].metadata.vector and refs[("author", "Person")].properties.names == ("name",)
    friend = refs[("mentions", "Person")].properties.references[0]
    assert isinstance(friend, ReferenceSelection) and (friend.name, friend.target_collection) == ("friend", "Person")
    md = p.metadata
    assert (md.uuid, md.vector, md.distance, md.certainty, md.score, md.explain_score, md.creation_time,
            md.update_time) == (True,) * 8
    assert h.params("{ Get { Person { _additional { vectors { a } } } } }").metadata.vectors == ("a",)


def test_cursor(h: Harness) -> None:
    u = uuid.uuid4()
    assert h.params(f'{{ Get {{ Article(after: "{u}", limit: 2) {{ title }} }} }}').after == u
    assert h.params('{ Get { Article(after: "", limit: 2) { title } } }').after is None
    prefix = "cursor api: invalid 'after' parameter: "
    assert h.error('{ Get { Article(after: "x", limit: 2) { title } } }') == \
        prefix + "after parameter 'x' is not a valid uuid"
    assert h.error(f'{{ Get {{ Article(after: "{u}") {{ title }} }} }}') == prefix + "limit parameter must be set"
    assert h.error(f'{{ Get {{ Article(after: "{u}", limit: 1, offset: 2, sort: [{{path: ["title"]}}]) {{ title }} }} }}') \
        == prefix + "offset,sort cannot be set with after and limit parameters"
    assert h.error(f'{{ Get {{ Article(after: "{u}", limit: 1, nearVector: {{vector: [1]}}) {{ title }} }} }}') \
        == prefix + "other params cannot be set with after and limit parameters"


def test_sort_and_where(h: Harness) -> None:
    p = h.params("""{ Get { Article(sort: [{path: ["count"], order: desc}, {path: ["title"]}],
        where: {operator: And, operands: [
            {path: ["title"], operator: Equal, valueText: "a"},
            {path: ["tags"], operator: ContainsAny, valueText: ["x", "y"]},
            {path: ["count"], operator: GreaterThan, valueInt: 3},
            {path: ["counts"], operator: ContainsAll, valueInt: [1, 2]},
            {path: ["prices"], operator: ContainsAny, valueNumber: [1, 2.5]},
            {path: ["loc"], operator: WithinGeoRange, valueGeoRange: {geoCoordinates: {latitude: 1, longitude: 2}, distance: {max: 3}}}
        ]}) { title } } }""")
    assert p.sort == (SortSpec(("count",), False), SortSpec(("title",), True))
    assert p.filters is not None and p.filters.operator is Operator.AND
    kinds = [(f.value_type, f.value) for f in p.filters.operands]
    assert kinds[:5] == [(ValueType.TEXT, "a"), (ValueType.TEXT_ARRAY, ["x", "y"]), (ValueType.INT, 3),
                         (ValueType.INT_ARRAY, [1, 2]), (ValueType.NUMBER_ARRAY, [1.0, 2.5])]
    assert kinds[5][0] is ValueType.GEO_RANGE


def test_where_values_from_variables(h: Harness) -> None:
    p = h.params("query Q($w: GetObjectsArticleWhereInpObj) { Get { Article(where: $w) { title } } }",
                 {"w": {"path": ["count"], "operator": "LessThan", "valueInt": 4}})
    assert p.filters is not None and (p.filters.operator, p.filters.value) == (Operator.LESS_THAN, 4)


def test_near_vector_and_targets(h: Harness) -> None:
    p = h.params("{ Get { Article(nearVector: {vector: [1, 2.5], certainty: 0.8}) { title } } }")
    assert p.near_vector is not None and p.near_vector.certainty == 0.8
    (query,) = p.near_vector.queries
    assert query.target == "" and query.vector.dtype == np.float32 and query.vector.tolist() == [1.0, 2.5]
    p = h.params("""{ Get { Person(nearVector: {vector: [1, 0], targets: {targetVectors: ["a", "b"],
        combinationMethod: manualWeights, weights: {a: 0.3, b: 0.7}}}) { name } } }""")
    assert p.near_vector is not None and p.near_vector.combination is Combination.MANUAL_WEIGHTS
    assert [(q.target, q.weight) for q in p.near_vector.queries] == [("a", pytest.approx(0.3)), ("b", pytest.approx(0.7))]
    p = h.params('{ Get { Person(nearVector: {vectorPerTarget: {a: [1, 0], b: [0, 1]}}) { name } } }')
    assert p.near_vector is not None and [q.target for q in p.near_vector.queries] == ["a", "b"]
    assert p.near_vector.combination is Combination.MINIMUM
    assert h.error("{ Get { Person(nearVector: {vector: [1, 0]}) { name } } }") == \
        "failed to extract nearVector params: class Person has multiple vectors, but no target vectors were provided"
    assert "does not have named vector c" in h.error(
        '{ Get { Person(nearVector: {vector: [1], targetVectors: ["c"]}) { name } } }')
    assert h.error("{ Get { Article(nearVector: {vector: [1], distance: 1, certainty: 1}) { title } } }") == \
        "failed to extract nearVector params: cannot provide distance and certainty"


def test_near_object(h: Harness) -> None:
    p = h.params(f'{{ Get {{ Article(nearObject: {{id: "{oid(5)}", distance: 0.2}}) {{ title }} }} }}')
    assert p.near_object is not None and (p.near_object.id, p.near_object.distance) == (oid(5), 0.2)
    p = h.params(f'{{ Get {{ Article(nearObject: {{beacon: "weaviate://localhost/Article/{oid(6)}"}}) {{ title }} }} }}')
    assert p.near_object is not None and p.near_object.id == oid(6)
    assert "found both 'nearVector' and 'nearObject'" in h.error(
        f'{{ Get {{ Article(nearObject: {{id: "{oid(5)}"}}, nearVector: {{vector: [1]}}) {{ title }} }} }}')


def test_bm25_and_hybrid(h: Harness) -> None:
    p = h.params("""{ Get { Article(bm25: {query: "a b", properties: ["title^2"],
        searchOperator: {operator: Or, minimumOrTokensMatch: 2}}) { title } } }""")
    assert p.bm25 is not None and (p.bm25.query, p.bm25.properties, p.bm25.operator, p.bm25.minimum_match) == (
        "a b", ("title^2",), "or", 2)
    p = h.params("""{ Get { Article(bm25: {query: "a b", searchOperator: {operator: AndCross}}) { title } } }""")
    assert p.bm25 is not None and p.bm25.operator == "and_cross"
    p = h.params("""{ Get { Article(hybrid: {query: "q", alpha: 0.3, fusionType: rankedFusion, vector: [1, 0],
        maxVectorDistance: 0.5, bm25SearchOperator: {operator: And}}) { title } } }""")
    hy = p.hybrid
    assert hy is not None and (hy.query, hy.alpha, hy.fusion, hy.max_vector_distance, hy.operator) == (
        "q", 0.3, FusionType.RANKED, 0.5, "and")
    assert hy.vector is not None and hy.vector.queries[0].vector.tolist() == [1.0, 0.0]
    p = h.params("""{ Get { Person(hybrid: {query: "q", targetVectors: ["a"],
        searches: [{nearVector: {vector: [1, 0], distance: 0.4}}]}) { name } } }""")
    assert p.hybrid is not None and p.hybrid.near_vector_sub_search and p.hybrid.targets == ("a",)
    assert p.hybrid.vector is not None and p.hybrid.vector.distance == 0.4
    assert p.hybrid.fusion is FusionType.RELATIVE_SCORE and p.hybrid.alpha == 0.75
    assert h.error('{ Get { Article(hybrid: {query: "q", alpha: 2}) { title } } }') == \
        "failed to extract hybrid params: alpha should be between 0.0 and 1.0"
    assert h.error('{ Get { Article(bm25: {query: "q"}, sort: [{path: ["title"]}]) { title } } }') == \
        "bm25 search is not compatible with sort"


def test_group_by_and_tenant(h: Harness) -> None:
    p = h.params("""{ Get { Article(nearVector: {vector: [1]}, groupBy: {path: ["title"], groups: 2,
        objectsPerGroup: 3}) { _additional { group { id count hits { title _additional { id distance } } } } } } }""")
    assert p.group_by == GroupBy("title", 2, 3) and p.properties.names == ("title",) and p.metadata.distance
    assert h.params('{ Get { Org(tenant: "t1") { name } } }').tenant == "t1"


def test_lifted_vectors_give_the_same_parameters(h: Harness) -> None:
    numbers = [round(0.01 * i, 2) for i in range(40)]
    p = h.params(f"{{ Get {{ Article(nearVector: {{vector: {numbers}}}, limit: 3) {{ title }} }} }}")
    assert p.near_vector is not None and p.near_vector.queries[0].vector.tolist() == pytest.approx(numbers)
    p = h.params(f"{{ Get {{ Article(hybrid: {{query: \"x\", vector: {numbers}}}) {{ title }} }} }}")
    assert p.hybrid is not None and p.hybrid.vector is not None
    assert p.hybrid.vector.queries[0].vector.tolist() == pytest.approx(numbers)
    ints = list(range(20))
    p = h.params(f'{{ Get {{ Article(where: {{path: ["counts"], operator: ContainsAny, valueInt: {ints}}}) {{ title }} }} }}')
    assert p.filters is not None and p.filters.value == ints
    assert h.service.cache.hits == 0
    h.params(f"{{ Get {{ Article(nearVector: {{vector: {[n + 1 for n in numbers]}}}, limit: 3) {{ title }} }} }}")
    assert h.service.cache.hits == 1  # another vector, same query shape
