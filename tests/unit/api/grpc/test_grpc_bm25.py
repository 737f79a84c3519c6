"""gRPC ``bm25_search`` -> KeywordQuery, and BM25 scores in the reply."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from grpc_fakes import CLIENT_VERSION, Harness, stored
from weaviate.classes.query import BM25Operator, MetadataQuery
from weaviate.collections.classes.grpc import _MetadataQuery
from weaviate.collections.grpc.query import _QueryGRPC
from weaviate.proto.v1 import base_search_pb2, search_get_pb2

from weftdb.entities.search import KeywordQuery, SearchHit, SearchParams

QUERY = _QueryGRPC(CLIENT_VERSION, "Article", None, None, True, True, True)


def parsed(request: Any) -> SearchParams:
    return Harness().parsed(request)


@pytest.mark.parametrize(("request_", "expected"), [
    (QUERY.bm25(query="cats"), KeywordQuery("cats")),
    (QUERY.bm25(query="cats", properties=["Title^2", "tags"]), KeywordQuery("cats", ("title^2", "tags"))),
    (QUERY.bm25(query="a b", operator=BM25Operator.and_()), KeywordQuery("a b", (), "and")),
    (QUERY.bm25(query="a b", operator=BM25Operator.or_(minimum_match=2)), KeywordQuery("a b", (), "or", 2)),
    (QUERY.bm25(query=""), KeywordQuery("")),
])
def test_bm25_search_is_parsed(request_: Any, expected: KeywordQuery) -> None:
    params = parsed(request_)
    assert params.bm25 == expected
    assert params.unsupported == ()


def test_operators_sent_by_other_clients() -> None:
    cross = base_search_pb2.SearchOperatorOptions(operator=base_search_pb2.SearchOperatorOptions.OPERATOR_AND_CROSS)
    request = search_get_pb2.SearchRequest(collection="Article", bm25_search=base_search_pb2.BM25(
        query="q", search_operator=cross))
    assert parsed(request).bm25 == KeywordQuery("q", (), "and_cross")
    unspecified = base_search_pb2.SearchOperatorOptions(minimum_or_tokens_match=3)
    request = search_get_pb2.SearchRequest(collection="Article", bm25_search=base_search_pb2.BM25(
        query="q", search_operator=unspecified))
    assert parsed(request).bm25 == KeywordQuery("q", (), "or", 3)


def test_autocut_and_score_metadata_reach_the_use_case() -> None:
    md = _MetadataQuery.from_public(MetadataQuery(score=True, explain_score=True), False)
    params = parsed(QUERY.bm25(query="cats", autocut=2, return_metadata=md))
    assert params.autocut == 2 and params.metadata.score and params.metadata.explain_score


def test_scores_and_explanations_are_in_the_reply() -> None:
    harness = Harness()
    obj = stored(uuid.UUID(int=1), {"title": "x"})
    harness.traverser.hits = [SearchHit(obj, score=1.5, explain_score=", BM25F_x_frequency:1")]
    md = _MetadataQuery.from_public(MetadataQuery(score=True, explain_score=True), False)
    reply = harness.call("Search", QUERY.bm25(query="x", return_metadata=md))
    meta = reply.results[0].metadata
    assert (meta.score, meta.score_present) == (1.5, True)
    assert (meta.explain_score, meta.explain_score_present) == (", BM25F_x_frequency:1", True)
    assert not meta.distance_present
