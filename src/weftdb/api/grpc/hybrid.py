"""Proto ``Hybrid`` -> ``entities.search.HybridQuery`` (Weaviate's parse_search_request.go).

The vector leg arrives in one of these forms (the client's ``vector=`` argument):
a plain vector (``vectors`` with one entry, ``vector_bytes`` or the legacy
``vector``), searched on every target; or a ``near_vector`` sub-search (the
client's ``HybridVector.near_vector(...)`` and the per-target dict form), parsed
as a top-level near_vector with the hybrid's targets. Weaviate ignores the
sub-search's certainty and keeps its distance. Without either the query text
would be vectorised (decided by the use case). ``alpha_param`` counts only when
``use_alpha_param`` is set (clients talking to Weaviate >= 1.36.6); its absence
then means 0.75. An unknown fusion type is the default (relative score), and
alpha is not range-checked, both as over Weaviate's gRPC API.
"""

from __future__ import annotations

from typing import Any

from weaviate.proto.v1 import base_search_pb2

from weftdb.api.grpc.filters import lowercase_first
from weftdb.api.grpc.keyword import parse_operator
from weftdb.api.grpc.near import Array, parse_near_vector, single_vector
from weftdb.api.grpc.targets import Targets, is_multi_vector, search_targets
from weftdb.entities.schema import LEGACY_VECTOR, CollectionDef
from weftdb.entities.search import DEFAULT_ALPHA, Combination, FusionType, HybridQuery, NearVector, TargetQuery
from weftdb.errors import InvalidInput, NotImplementedYet

_RANKED = base_search_pb2.Hybrid.FUSION_TYPE_RANKED


def parse_hybrid(hs: Any, collection: CollectionDef) -> tuple[HybridQuery, Targets]:
    """The hybrid query and the targets of its vector leg (resolved even for alpha 0, as Weaviate)."""
    targets = search_targets(hs, collection)
    vector = _plain_vector(hs)
    _check_selection(hs)
    _check_combination(hs, vector is not None)
    near_vector = _sub_search(hs, targets, collection)
    if vector is not None:
        near_vector = _on_targets(vector, targets, collection)
    operator, minimum_match = parse_operator(hs.bm25_search_operator) if hs.HasField("bm25_search_operator") else (
        "or", None)
    return HybridQuery(
        query=hs.query,
        alpha=_alpha(hs),
        fusion=FusionType.RANKED if hs.fusion_type == _RANKED else FusionType.RELATIVE_SCORE,
        properties=tuple(lowercase_first(p) for p in hs.properties),
        vector=near_vector,
        max_vector_distance=hs.vector_distance if hs.WhichOneof("threshold") == "vector_distance" else None,
        operator=operator,
        minimum_match=minimum_match or None,
        targets=targets.names,
        near_vector_sub_search=hs.HasField("near_vector"),
    ), targets


def _alpha(hs: Any) -> float:
    """Alpha as a float32 widened to float64, as Weaviate computes with it."""
    if not hs.use_alpha_param:
        return float(hs.alpha)
    return float(hs.alpha_param) if hs.HasField("alpha_param") else DEFAULT_ALPHA


def _plain_vector(hs: Any) -> Array | None:
    """The plain vector, if any (an empty one counts as none, as Weaviate's IsVectorEmpty)."""
    vector = single_vector(hs, "hybrid")
    return vector if vector is not None and vector.size else None




def _check_selection(hs: Any) -> None:
    for kind in ("near_text", "near_vector"):
        if hs.HasField(kind) and getattr(hs, kind).HasField("selection"):
            raise InvalidInput(f"hybrid: selection must be set on the top-level hybrid search, not on the {kind} sub-search")


def _sub_search(hs: Any, targets: Targets, collection: CollectionDef) -> NearVector | None:
    if hs.HasField("near_text"):
        raise NotImplementedYet("hybrid search with a near_text sub-search is not implemented yet")
    if not hs.HasField("near_vector"):
        return None
    nv = hs.near_vector
    parsed = parse_near_vector(nv, targets, collection)
    distance = nv.distance if nv.HasField("distance") else None
    return NearVector(parsed.queries, parsed.combination, distance=distance)


def _check_combination(hs: Any, plain_vector: bool) -> None:
    if hs.HasField("near_text") and hs.HasField("near_vector"):
        raise InvalidInput("cannot combine nearText and nearVector in hybrid search")
    if plain_vector and hs.HasField("near_text"):
        raise InvalidInput("cannot combine nearText and query in hybrid search")
    if plain_vector and hs.HasField("near_vector"):
        raise InvalidInput("cannot combine nearVector and vector in hybrid search")


def _on_targets(vector: Array, targets: Targets, collection: CollectionDef) -> NearVector:
    """The plain vector searched on each target, combined as the targets say."""
    names = targets.names or (LEGACY_VECTOR,)
    for name in names:
        _check_shape(vector, collection, name)
    if len(names) == 1:
        return NearVector((TargetQuery(names[0], vector),))
    combination = targets.combination or Combination.MINIMUM
    weights: tuple[float | None, ...] = (None,) * len(names)
    if combination is not Combination.MINIMUM:
        weights = targets.weights
    return NearVector(tuple(TargetQuery(n, vector, w) for n, w in zip(names, weights)), combination)


def _check_shape(vector: Array, collection: CollectionDef, target: str) -> None:
    if vector.ndim == 2 and not is_multi_vector(collection, target):
        raise InvalidInput("hybrid: provided vector is a multi vector but vector index supports regular vectors")
