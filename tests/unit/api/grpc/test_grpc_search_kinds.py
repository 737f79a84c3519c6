"""Search kinds and options not built yet are named in SearchParams.unsupported, never dropped."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from grpc_fakes import CLIENT_VERSION, Aborted, Harness
from weaviate.classes.query import MetadataQuery, Rerank, Sort
from weaviate.collections.classes.grpc import _MetadataQuery
from weaviate.collections.classes.internal import _Generative
from weaviate.collections.grpc.query import _QueryGRPC
from weaviate.proto.v1 import search_get_pb2

from weftdb.entities.search import SortSpec
from weftdb.errors import NotImplementedYet

QUERY = _QueryGRPC(CLIENT_VERSION, "Article", None, None, True, True, True)


def parsed(request: Any) -> Any:
    harness = Harness()
    harness.call("Search", request)
    return harness.traverser.calls[0]


@pytest.mark.parametrize(
    ("request_", "label"),
    [
        (QUERY.near_text(near_text="cats"), "near_text search"),
        (QUERY.near_media(media="aGk=", type_="image"), "near_image search"),
        (QUERY.near_media(media="aGk=", type_="audio"), "near_audio search"),
        (QUERY.near_media(media="aGk=", type_="video"), "near_video search"),
        (QUERY.near_media(media="aGk=", type_="depth"), "near_depth search"),
        (QUERY.near_media(media="aGk=", type_="thermal"), "near_thermal search"),
        (QUERY.near_media(media="aGk=", type_="imu"), "near_imu search"),
        (search_get_pb2.SearchRequest(collection="Article", autocut=1), "autocut"),
        (QUERY.bm25(query="c", rerank=Rerank(prop="title", query="x")), "rerank"),
        (
            QUERY.get(generative=_Generative(single="hi {title}", grouped=None, grouped_properties=None)),
            "generative search",
        ),
        (QUERY.get(return_metadata=_MetadataQuery(vector=False, query_profile=True)), "query_profile"),
    ],
)
def test_unsupported_kinds_are_named(request_: Any, label: str) -> None:
    assert label in parsed(request_).unsupported


def test_plain_fetch_has_nothing_unsupported_and_sort_is_passed_on() -> None:
    params = parsed(QUERY.get(limit=3, sort=Sort.by_property("title", ascending=False).by_property("count")))
    assert params.unsupported == ()
    assert params.sort == (SortSpec(("title",), False), SortSpec(("count",), True))


def test_returning_references_is_unsupported() -> None:
    from weaviate.classes.query import QueryReference

    params = parsed(QUERY.get(return_references=QueryReference(link_on="author", return_properties=["name"])))
    assert params.unsupported == ("returning cross-references",)
    (ref,) = params.properties.references
    assert (ref.name, ref.target_collection, ref.properties.names) == ("author", "Person", ("name",))


def test_the_traverser_refusal_becomes_unimplemented() -> None:
    harness = Harness()
    harness.traverser.error = NotImplementedYet("near_vector search is not implemented yet")
    with pytest.raises(Aborted) as info:
        harness.call("Search", QUERY.near_vector(near_vector=[0.1]))
    assert info.value.code == grpc.StatusCode.UNIMPLEMENTED
    assert info.value.details == "near_vector search is not implemented yet"


def test_metadata_flags_reach_the_params() -> None:
    request = QUERY.get(return_metadata=_MetadataQuery.from_public(MetadataQuery.full(), True))
    md = parsed(request).metadata
    assert md.uuid and md.vector and md.creation_time and md.update_time and md.distance
    assert not md.certainty  # only a vector search on one cosine vector space returns certainty
    assert md.score and md.explain_score and md.is_consistent and md.vectors == ()


def test_a_bare_request_is_a_plain_fetch() -> None:
    request = search_get_pb2.SearchRequest(collection="Article", limit=7, offset=1, tenant="")
    params = parsed(request)
    assert (params.limit, params.offset, params.unsupported) == (7, 1, ())
