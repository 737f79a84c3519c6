"""Every hybrid request form the official client sends, parsed into SearchParams.hybrid."""

from __future__ import annotations

from typing import Any

import grpc
import numpy as np
import pytest
from grpc_fakes import ARTICLE, CLIENT_VERSION, NAMED, Aborted, FakeSchema, Harness
from weaviate.classes.query import BM25Operator, HybridFusion, HybridVector, TargetVectors
from weaviate.collections.classes.grpc import MMR, _MetadataQuery
from weaviate.collections.grpc.query import _QueryGRPC
from weaviate.proto.v1 import base_pb2, base_search_pb2, search_get_pb2
from weaviate.util import _ServerVersion

from weftdb.entities.search import Combination, FusionType, HybridQuery, SearchParams

MULTI: dict[str, Any] = {
    "class": "Multi",
    "vectorConfig": {
        "colbert": {"vectorizer": {"none": {}}, "vectorIndexType": "hnsw",
                    "vectorIndexConfig": {"multivector": {"enabled": True}}},
    },
}
SCHEMA = (ARTICLE, NAMED, MULTI)
F32 = np.float32


def query(name: str = "Article", version: _ServerVersion = CLIENT_VERSION) -> Any:
    return _QueryGRPC(version, name, None, None, True, True, True)


def parsed(request: Any) -> SearchParams:
    return Harness(schema=FakeSchema(*SCHEMA)).parsed(request)


def hybrid(request: Any) -> HybridQuery:
    params = parsed(request)
    assert params.hybrid is not None and params.unsupported == ()
    return params.hybrid


def refused(request: Any) -> Aborted:
    return Harness(schema=FakeSchema(*SCHEMA)).refused(request)


def queries(h: HybridQuery) -> list[tuple[str, list[float], float | None]]:
    assert h.vector is not None
    return [(q.target, q.vector.tolist(), q.weight) for q in h.vector.queries]


def test_query_only_uses_the_clients_default_alpha_and_relative_score() -> None:
    h = hybrid(query().hybrid(query="cats"))
    assert h.query == "cats" and h.vector is None and h.targets == ()
    assert h.alpha == float(F32(0.7))  # the client sends 0.7 as float32 to servers before 1.36.6
    assert h.fusion is FusionType.RELATIVE_SCORE
    assert (h.properties, h.operator, h.minimum_match, h.max_vector_distance) == ((), "or", None, None)


@pytest.mark.parametrize(("fusion", "expected"), [
    (HybridFusion.RANKED, FusionType.RANKED), (HybridFusion.RELATIVE_SCORE, FusionType.RELATIVE_SCORE),
])
def test_fusion_types(fusion: HybridFusion, expected: FusionType) -> None:
    assert hybrid(query().hybrid(query="x", fusion_type=fusion, alpha=0.25)).fusion is expected


def test_an_unknown_fusion_type_is_the_default_and_alpha_is_not_range_checked() -> None:
    request = query().hybrid(query="x", alpha=3.5)
    request.hybrid_search.fusion_type = 7  # type: ignore[assignment]
    h = hybrid(request)
    assert (h.fusion, h.alpha) == (FusionType.RELATIVE_SCORE, 3.5)


def test_alpha_param_from_newer_clients() -> None:
    new = _ServerVersion(1, 36, 6)
    request = query(version=new).hybrid(query="x", alpha=0.25)
    assert request.hybrid_search.use_alpha_param and request.hybrid_search.HasField("alpha_param")
    assert hybrid(request).alpha == 0.25
    assert hybrid(query(version=new).hybrid(query="x")).alpha == 0.75  # absent: Weaviate's default
    assert hybrid(query(version=new).hybrid(query="x", alpha=0)).alpha == 0.0


@pytest.mark.parametrize("vector", [[0.5, -1.0, 2.0], np.array([0.5, -1.0, 2.0]), np.array([0.5, -1.0, 2.0], "f4")])
def test_a_plain_vector_searches_the_legacy_vector(vector: Any) -> None:
    h = hybrid(query().hybrid(query="x", vector=vector))
    assert queries(h) == [("", [0.5, -1.0, 2.0], None)]
    assert not h.near_vector_sub_search and h.vector is not None and h.vector.combination is None


def test_no_query_means_vector_only() -> None:
    h = hybrid(query().hybrid(query=None, vector=[1.0, 2.0]))
    assert (h.query, h.alpha) == ("", 1.0)


def test_near_vector_sub_search_keeps_distance_and_drops_certainty() -> None:
    h = hybrid(query().hybrid(query="x", vector=HybridVector.near_vector([1.0, 2.0], distance=0.25)))
    assert h.near_vector_sub_search and queries(h) == [("", [1.0, 2.0], None)]
    assert h.vector is not None and h.vector.distance == 0.25
    h = hybrid(query().hybrid(query="x", vector=HybridVector.near_vector([1.0, 2.0], certainty=0.9)))
    assert h.vector is not None and (h.vector.distance, h.vector.certainty) == (None, None)


def test_named_vectors_with_a_plain_vector_and_a_combination() -> None:
    one = hybrid(query("Named").hybrid(query="x", vector=[1.0], target_vector="second"))
    assert queries(one) == [("second", [1.0], None)] and one.targets == ("second",)
    both = hybrid(query("Named").hybrid(query="x", vector=[1.0], target_vector=TargetVectors.sum(["first", "second"])))
    assert queries(both) == [("first", [1.0], 1.0), ("second", [1.0], 1.0)]
    assert both.vector is not None and both.vector.combination is Combination.SUM
    weighted = hybrid(query("Named").hybrid(
        query="x", vector=[1.0], target_vector=TargetVectors.manual_weights({"first": 0.25, "second": 2})))
    assert [w for _, _, w in queries(weighted)] == [0.25, 2.0]


def test_a_vector_per_target_is_a_near_vector_sub_search() -> None:
    h = hybrid(query("Named").hybrid(query="x", vector={"first": [1.0, 0.0], "second": [0.0, 1.0, 2.0]},
                                     target_vector=["first", "second"]))
    assert h.near_vector_sub_search
    assert queries(h) == [("first", [1.0, 0.0], None), ("second", [0.0, 1.0, 2.0], None)]
    assert h.vector is not None and h.vector.combination is Combination.MINIMUM


def test_several_named_vectors_need_a_target_even_for_keyword_only() -> None:
    error = refused(query("Named").hybrid(query="x", alpha=0))
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert error.details == "extract target vectors: class Named has multiple vectors, but no target vectors were provided"


def test_query_properties_operator_and_distance() -> None:
    h = hybrid(query().hybrid(query="x", properties=["Title^2", "tags"], bm25_operator=BM25Operator.or_(minimum_match=2),
                              distance=0.4))
    assert h.properties == ("title^2", "tags")
    assert (h.operator, h.minimum_match) == ("or", 2)
    assert h.max_vector_distance == pytest.approx(0.4)
    assert hybrid(query().hybrid(query="x", bm25_operator=BM25Operator.and_())).operator == "and"
    options = base_search_pb2.SearchOperatorOptions
    cross = base_search_pb2.Hybrid(query="x", alpha=0, bm25_search_operator=options(operator=options.OPERATOR_AND_CROSS))
    zero = base_search_pb2.Hybrid(query="x", alpha=0, bm25_search_operator=options(minimum_or_tokens_match=0))
    assert parsed(request(cross)).hybrid.operator == "and_cross"  # type: ignore[union-attr]
    assert parsed(request(zero)).hybrid.minimum_match is None  # type: ignore[union-attr]  # Weaviate: 0 is unset


def test_filters_autocut_and_paging_reach_the_params() -> None:
    from weaviate.classes.query import Filter

    params = parsed(query().hybrid(query="x", limit=3, offset=2, autocut=1, filters=Filter.by_property("count").equal(1)))
    assert (params.limit, params.offset, params.autocut, params.unsupported) == (3, 2, 1, ())
    assert params.filters is not None


def test_metadata_score_and_explain_score() -> None:
    params = parsed(query().hybrid(query="x", return_metadata=_MetadataQuery(vector=False, score=True, explain_score=True)))
    assert params.metadata.score and params.metadata.explain_score


def request(hs: Any, **fields: Any) -> Any:
    return search_get_pb2.SearchRequest(collection="Article", hybrid_search=hs, **fields)


ZERO = b"\0\0\0\0"


def test_refusals() -> None:
    error = refused(query().hybrid(query="x", vector=HybridVector.near_text("cats")))
    assert error.code == grpc.StatusCode.UNIMPLEMENTED
    both = base_search_pb2.Hybrid(query="x", vector_bytes=ZERO, near_vector=base_search_pb2.NearVector(vector_bytes=ZERO))
    assert refused(request(both)).details == "cannot combine nearVector and vector in hybrid search"
    two = base_search_pb2.Hybrid(query="x", vectors=[base_pb2.Vectors(vector_bytes=ZERO)] * 2)
    assert refused(request(two)).details == "hybrid: only 1 vector supported, found 2 vectors"
    sort = [search_get_pb2.SortBy(path=["title"], ascending=True)]
    assert refused(request(base_search_pb2.Hybrid(query="x"), sort_by=sort)).details == (
        "sorting cannot be combined with search")
    selection = base_search_pb2.Hybrid(query="x", near_vector=base_search_pb2.NearVector(
        vector_bytes=ZERO, selection=base_search_pb2.Selection()))
    assert refused(request(selection)).details == (
        "hybrid: selection must be set on the top-level hybrid search, not on the near_vector sub-search")


def test_multi_vectors_reach_the_use_case_which_refuses_them() -> None:
    """(usecases/search/test_vector_search.py: multi-vector search is not implemented yet)"""
    h = hybrid(query("Multi").hybrid(query="x", vector=[[1.0, 2.0], [3.0, 4.0]]))
    assert h.vector is not None and h.vector.queries[0].vector.shape == (2, 2)


def test_mmr_selection_is_named_unsupported() -> None:
    params = parsed(query().hybrid(query="x", vector=[1.0], diversity_selection=MMR(limit=2)))
    assert "diversity selection (MMR)" in params.unsupported
