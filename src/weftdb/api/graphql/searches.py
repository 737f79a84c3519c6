"""Search arguments -> entities: nearVector, nearObject, bm25 and hybrid.

Follows Weaviate's extractors in local/common_filters (near_vector.go,
near_object.go, bm25.go, hybrid.go), with the messages its resolvers wrap them
in (``failed to extract nearVector params: ...``).
"""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

import numpy as np

from weftdb.api.graphql.argument_types import OPERATOR_AND, OPERATOR_AND_CROSS
from weftdb.api.graphql.targets import Targets, extract_targets, resolve_names
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import (
    DEFAULT_ALPHA,
    Combination,
    FusionType,
    HybridQuery,
    KeywordQuery,
    NearObject,
    NearVector,
    TargetQuery,
)
from weftdb.errors import InvalidInput, NotImplementedYet
from weftdb.usecases.search.vector_search import MULTI_VECTOR_UNSUPPORTED


def _vector(values: Any) -> np.ndarray[Any, np.dtype[np.float32]]:
    if isinstance(values, np.ndarray):
        return values.astype(np.float32, copy=False)
    if values and isinstance(values[0], list):
        raise NotImplementedYet(MULTI_VECTOR_UNSUPPORTED)
    return np.asarray(values, dtype=np.float32)


def _threshold(arg: dict[str, Any]) -> tuple[float | None, float | None]:
    certainty, distance = arg.get("certainty"), arg.get("distance")
    if certainty is not None and distance is not None:
        raise InvalidInput("cannot provide distance and certainty")
    return certainty, distance


def near_vector(arg: dict[str, Any], collection: CollectionDef, targets: Targets | None = None) -> NearVector:
    """``targets`` come from the enclosing hybrid search when it names them."""
    try:
        return _near_vector(arg, collection, targets)
    except InvalidInput as exc:
        raise InvalidInput(f"failed to extract nearVector params: {exc.message}") from None


def _near_vector(arg: dict[str, Any], collection: CollectionDef, outer: Targets | None) -> NearVector:
    vector, per_target = arg.get("vector"), arg.get("vectorPerTarget")
    if (vector is None) == (per_target is None):
        raise InvalidInput("vector or vectorPerTarget is required field")
    certainty, distance = _threshold(arg)
    targets = outer if outer is not None else extract_targets(arg)
    if vector is not None:
        names = resolve_names(targets, collection)
        weights = targets.weights or (None,) * len(names)
        queries = tuple(TargetQuery(n, _vector(vector), w) for n, w in zip(names, weights))
    else:
        assert per_target is not None
        queries = _per_target(per_target, targets, collection)
    combination = (targets.combination or Combination.MINIMUM) if len(queries) > 1 else None
    return NearVector(queries, combination, distance, certainty)


def _per_target(given: dict[str, Any], targets: Targets, collection: CollectionDef) -> tuple[TargetQuery, ...]:
    """Without target names, every entry of the map (a vector, or several vectors
    for one target); with them, one vector per named target in that order."""
    if not targets.names:
        pairs = [(name, v) for name, value in given.items() for v in _several(value)]
        resolve_names(Targets(tuple(n for n, _ in pairs)), collection)
        return tuple(TargetQuery(n, _vector(v)) for n, v in pairs)
    resolve_names(targets, collection)
    queries: list[TargetQuery] = []
    seen: dict[str, int] = {}
    for name, weight in zip(targets.names, targets.weights or (None,) * len(targets.names)):
        if name not in given:
            raise InvalidInput(f"vectorPerTarget for target {name} is not provided")
        vectors = _several(given[name])
        index = seen.get(name, 0)
        if index >= len(vectors):
            raise InvalidInput(f"target {name} is not in the correct order")
        seen[name] = index + 1
        queries.append(TargetQuery(name, _vector(vectors[index]), weight))
    return tuple(queries)


def _several(value: Any) -> list[Any]:
    """A per-target value: one vector, or a list of vectors."""
    return list(value) if value and isinstance(value[0], list) else [value]


def near_object(arg: dict[str, Any]) -> NearObject:
    try:
        certainty, distance = _threshold(arg)
        targets = extract_targets(arg)
    except InvalidInput as exc:
        raise InvalidInput(f"failed to extract nearObject params: {exc.message}") from None
    weights = tuple((n, w) for n, w in zip(targets.names, targets.weights) if w is not None)
    return NearObject(_object_id(arg), targets.names, targets.combination if len(targets.names) > 1 else None,
                      weights, distance, certainty)


def _object_id(arg: dict[str, Any]) -> uuidlib.UUID:
    raw = arg.get("id")
    if raw is None and arg.get("beacon"):
        raw = str(arg["beacon"]).rstrip("/").rsplit("/", 1)[-1]
    if not raw:
        raise InvalidInput("nearObject: neither id nor beacon given")
    try:
        return uuidlib.UUID(str(raw))
    except ValueError:
        raise InvalidInput(f"nearObject: invalid id: {raw}") from None


def _operator(arg: dict[str, Any] | None) -> tuple[str, int | None]:
    if not arg:
        return "or", None
    operator = {OPERATOR_AND: "and", OPERATOR_AND_CROSS: "and_cross"}.get(arg.get("operator") or "", "or")
    return operator, arg.get("minimumOrTokensMatch")


def bm25(arg: dict[str, Any]) -> KeywordQuery:
    operator, minimum = _operator(arg.get("searchOperator"))
    return KeywordQuery(str(arg.get("query") or ""), tuple(arg.get("properties") or ()), operator, minimum)


def hybrid(arg: dict[str, Any], collection: CollectionDef) -> HybridQuery:
    try:
        return _hybrid(arg, collection)
    except InvalidInput as exc:
        raise InvalidInput(f"failed to extract hybrid params: {exc.message}") from None


def _hybrid(arg: dict[str, Any], collection: CollectionDef) -> HybridQuery:
    alpha = DEFAULT_ALPHA if arg.get("alpha") is None else float(arg["alpha"])
    if alpha < 0 or alpha > 1:
        raise InvalidInput("alpha should be between 0.0 and 1.0")
    operator, minimum = _operator(arg.get("bm25SearchOperator"))
    targets = extract_targets(arg)
    sub = next((s["nearVector"] for s in arg.get("searches") or () if s and s.get("nearVector")), None)
    return HybridQuery(
        query=str(arg.get("query") or ""),
        alpha=alpha,
        fusion=arg.get("fusionType") or FusionType.RELATIVE_SCORE,
        properties=tuple(arg.get("properties") or ()),
        vector=_hybrid_vector(arg.get("vector"), sub, targets, collection),
        max_vector_distance=arg.get("maxVectorDistance"),
        operator=operator,
        minimum_match=minimum,
        targets=targets.names,
        near_vector_sub_search=sub is not None,
    )


def _hybrid_vector(vector: Any, sub: dict[str, Any] | None, targets: Targets,
                   collection: CollectionDef) -> NearVector | None:
    """The vector leg: ``vector``, or a ``searches: [{nearVector: ...}]`` sub-search
    (which takes the hybrid search's targets; its certainty is not used)."""
    if vector is not None and sub is not None:
        raise InvalidInput("cannot have both vector and nearVectorParams")
    if sub is not None:
        if not targets.names and (sub.get("targetVectors") or sub.get("targets")):
            raise InvalidInput("targetVectors need to be set in the hybrid search to be handled correctly")
        parsed = _near_vector(sub, collection, targets)
        return NearVector(parsed.queries, parsed.combination, distance=parsed.distance)
    if vector is None or len(vector) == 0:
        return None
    return _near_vector({"vector": vector}, collection, targets)
