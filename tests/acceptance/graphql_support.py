"""Helpers for the GraphQL acceptance tests: queries through the official client's
``graphql_raw_query`` (which warns that GraphQL is deprecated) and plain HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import weaviate

from tests.harness import ServerProcess

#: graphql_raw_query's deprecation warning (Dep031) is expected in these tests
IGNORE_DEPRECATION = pytest.mark.filterwarnings("ignore:Dep031")


def get(client: weaviate.WeaviateClient, query: str) -> dict[str, Any]:
    """``Get`` data of a query that must succeed."""
    result = client.graphql_raw_query(query)
    assert result.errors is None, result.errors
    return result.get


def aggregate(client: weaviate.WeaviateClient, query: str) -> dict[str, Any]:
    result = client.graphql_raw_query(query)
    assert result.errors is None, result.errors
    return result.aggregate


def errors(client: weaviate.WeaviateClient, query: str) -> list[dict[str, Any]]:
    result = client.graphql_raw_query(query)
    assert result.errors, "expected errors"
    return list(result.errors)  # type: ignore[arg-type]


def post(server: ServerProcess, body: Any, path: str = "/v1/graphql") -> httpx.Response:
    return httpx.post(server.url + path, json=body, timeout=30)


def vector_literal(vector: Any) -> str:
    return "[" + ", ".join(repr(float(x)) for x in vector) + "]"
