"""GraphQL bm25, hybrid and groupBy: the same objects, scores and groups as gRPC."""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.data import DataObject
from weaviate.classes.query import BM25Operator, Filter, GroupBy, HybridFusion, MetadataQuery

from tests.acceptance.graphql_support import IGNORE_DEPRECATION, errors, get, vector_literal

pytestmark = [pytest.mark.acceptance, IGNORE_DEPRECATION]

RNG = np.random.default_rng(17)
N, DIMS = 300, 8
WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu".split()
TEXTS = [" ".join(RNG.choice(WORDS, size=int(RNG.integers(2, 9)))) for _ in range(N)]
VECTORS = RNG.standard_normal((N, DIMS)).astype(np.float32)
QUERY = RNG.standard_normal(DIMS).astype(np.float32)
SCORES = MetadataQuery(score=True, explain_score=True)


@pytest.fixture
def coll(client: weaviate.WeaviateClient, name: str) -> Any:
    c = client.collections.create(name, properties=[
        Property(name="text", data_type=DataType.TEXT), Property(name="n", data_type=DataType.INT),
        Property(name="cat", data_type=DataType.TEXT)],
        vector_config=Configure.Vectors.self_provided(vector_index_config=Configure.VectorIndex.flat()))
    objs = [DataObject({"text": TEXTS[i], "n": i % 7, "cat": f"c{i % 4}"}, uuid=uuid.UUID(int=i + 1),
                       vector=VECTORS[i].tolist()) for i in range(N)]
    assert not c.data.insert_many(objs).errors
    return c


def scored(client: weaviate.WeaviateClient, name: str, args: str) -> list[tuple[str, float, str]]:
    rows = get(client, f"{{ Get {{ {name}({args}) {{ _additional {{ id score explainScore }} }} }} }}")[name]
    return [(r["_additional"]["id"], float(r["_additional"]["score"]), r["_additional"]["explainScore"]) for r in rows]


def assert_same(graphql: list[tuple[str, float, str]], grpc: Any) -> None:
    objects = grpc.objects
    assert [g[0] for g in graphql] == [str(o.uuid) for o in objects] and graphql
    np.testing.assert_allclose([g[1] for g in graphql], [o.metadata.score for o in objects], rtol=1e-6)
    assert [g[2] for g in graphql] == [o.metadata.explain_score for o in objects]


def test_bm25_matches_grpc(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    assert_same(scored(client, name, 'bm25: {query: "alpha beta"}, limit: 15'),
                coll.query.bm25("alpha beta", limit=15, return_metadata=SCORES))
    assert_same(scored(client, name, 'bm25: {query: "gamma", properties: ["text"]}, limit: 5, offset: 3, '
                                     'where: {path: ["n"], operator: LessThan, valueInt: 4}'),
                coll.query.bm25("gamma", query_properties=["text"], limit=5, offset=3,
                                filters=Filter.by_property("n").less_than(4), return_metadata=SCORES))
    assert_same(scored(client, name, 'bm25: {query: "alpha beta delta", searchOperator: {operator: Or, '
                                     'minimumOrTokensMatch: 2}}, limit: 10'),
                coll.query.bm25("alpha beta delta", operator=BM25Operator.or_(minimum_match=2), limit=10,
                                return_metadata=SCORES))
    assert_same(scored(client, name, 'bm25: {query: "alpha beta", searchOperator: {operator: And}}, limit: 10'),
                coll.query.bm25("alpha beta", operator=BM25Operator.and_(), limit=10, return_metadata=SCORES))


@pytest.mark.parametrize(("fusion", "grpc_fusion"), [("rankedFusion", HybridFusion.RANKED),
                                                      ("relativeScoreFusion", HybridFusion.RELATIVE_SCORE)])
def test_hybrid_matches_grpc(client: weaviate.WeaviateClient, name: str, coll: Any, fusion: str,
                             grpc_fusion: HybridFusion) -> None:
    graphql = scored(client, name, f'hybrid: {{query: "beta zeta", alpha: 0.25, fusionType: {fusion}, '
                                   f'vector: {vector_literal(QUERY)}}}, limit: 12')
    assert_same(graphql, coll.query.hybrid("beta zeta", alpha=0.25, vector=QUERY.tolist(), fusion_type=grpc_fusion,
                                           limit=12, return_metadata=SCORES))


def test_hybrid_options_match_grpc(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    graphql = scored(client, name, f'hybrid: {{query: "eta", vector: {vector_literal(QUERY)}, maxVectorDistance: 0.8, '
                                   f'properties: ["text"]}}, limit: 20')
    # GraphQL's default alpha is Weaviate's 0.75; the client's default is 0.7
    assert_same(graphql, coll.query.hybrid("eta", alpha=0.75, vector=QUERY.tolist(), max_vector_distance=0.8,
                                           query_properties=["text"], limit=20, return_metadata=SCORES))
    graphql = scored(client, name, f'hybrid: {{query: "eta", searches: [{{nearVector: {{vector: {vector_literal(QUERY)}}}}}]}}, '
                                   'limit: 7, autocut: 1')
    assert_same(graphql, coll.query.hybrid(
        "eta", alpha=0.75, vector=weaviate.classes.query.HybridVector.near_vector(QUERY.tolist()), limit=7, auto_limit=1,
        return_metadata=SCORES))


def test_hybrid_bad_input(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    (error,) = errors(client, f'{{ Get {{ {name}(hybrid: {{query: "x", alpha: 1.5}}) {{ text }} }} }}')
    assert error["message"] == "failed to extract hybrid params: alpha should be between 0.0 and 1.0"
    (error,) = errors(client, f'{{ Get {{ {name}(hybrid: {{query: "x", fusionType: bestFusion}}) {{ text }} }} }}')
    assert "bestFusion" in error["message"] and "FusionEnum" in error["message"]


def groups_of(client: weaviate.WeaviateClient, name: str, args: str) -> list[dict[str, Any]]:
    rows = get(client, f"""{{ Get {{ {name}({args}) {{ _additional {{ group {{ id groupedBy {{ path value }} count
        minDistance maxDistance hits {{ n _additional {{ id distance }} }} }} }} }} }} }}""")[name]
    return [r["_additional"]["group"] for r in rows]


def test_group_by_matches_grpc(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    graphql = groups_of(client, name, f'nearVector: {{vector: {vector_literal(QUERY)}}}, limit: 40, '
                                      'groupBy: {path: ["cat"], groups: 3, objectsPerGroup: 4}')
    grpc = coll.query.near_vector(QUERY.tolist(), limit=40, group_by=GroupBy(prop="cat", number_of_groups=3,
                                  objects_per_group=4), return_metadata=MetadataQuery(distance=True))
    assert len(grpc.groups) == 3
    assert [g["groupedBy"]["value"] for g in graphql] == list(grpc.groups)
    for index, (group, expected) in enumerate(zip(graphql, grpc.groups.values())):
        assert group["id"] == index and group["groupedBy"]["path"] == ["cat"] and group["count"] == len(expected.objects)
        assert [h["_additional"]["id"] for h in group["hits"]] == [str(o.uuid) for o in expected.objects]
        assert all(h["n"] == int(uuid.UUID(h["_additional"]["id"]).int - 1) % 7 for h in group["hits"])
        np.testing.assert_allclose([group["minDistance"], group["maxDistance"]],
                                   [expected.min_distance, expected.max_distance], rtol=1e-5)


def test_group_by_keyword_search(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    graphql = groups_of(client, name, 'bm25: {query: "alpha"}, groupBy: {path: ["cat"], groups: 2, objectsPerGroup: 3}')
    grpc = coll.query.bm25("alpha", group_by=GroupBy(prop="cat", number_of_groups=2, objects_per_group=3))
    assert len(grpc.groups) == 2 and all(len(g.objects) == 3 for g in grpc.groups.values())
    assert [g["groupedBy"]["value"] for g in graphql] == list(grpc.groups)
    assert [[h["_additional"]["id"] for h in g["hits"]] for g in graphql] == [
        [str(o.uuid) for o in group.objects] for group in grpc.groups.values()]
    # keyword and hybrid searches group text values only (as Weaviate): an int property makes no groups
    assert groups_of(client, name, 'bm25: {query: "alpha"}, groupBy: {path: ["n"], groups: 2, objectsPerGroup: 3}') == []
