"""Proto ``BM25`` -> ``entities.search.KeywordQuery`` (Weaviate's parse_search_request.go).

Property names get their first letter lower-cased (boosts such as ``title^2``
stay on the name); the operator is ``or`` unless ``OPERATOR_AND`` or
``OPERATOR_AND_CROSS`` is set, and ``minimum_or_tokens_match`` counts when
given (Weaviate applies it to ``or`` and to an unspecified operator).
"""

from __future__ import annotations

from typing import Any

from weaviate.proto.v1 import base_search_pb2

from weftdb.api.grpc.filters import lowercase_first
from weftdb.entities.search import KeywordQuery

_OPERATORS = {
    base_search_pb2.SearchOperatorOptions.OPERATOR_AND: "and",
    base_search_pb2.SearchOperatorOptions.OPERATOR_AND_CROSS: "and_cross",
}


def parse_bm25(req: Any) -> KeywordQuery | None:
    """The request's ``bm25_search`` (None without one)."""
    if not req.HasField("bm25_search"):
        return None
    bm25 = req.bm25_search
    operator, minimum = parse_operator(bm25.search_operator) if bm25.HasField("search_operator") else ("or", None)
    return KeywordQuery(bm25.query, tuple(lowercase_first(p) for p in bm25.properties), operator, minimum)


def parse_operator(msg: Any) -> tuple[str, int | None]:
    """A ``SearchOperatorOptions`` (bm25's or hybrid's): ``"or"`` with its minimum match,
    ``"and"`` or ``"and_cross"`` (an unknown operator is ``or``, as Weaviate compares the
    operator's name)."""
    operator = _OPERATORS.get(msg.operator, "or")
    minimum = msg.minimum_or_tokens_match if msg.HasField("minimum_or_tokens_match") else None
    return operator, minimum
