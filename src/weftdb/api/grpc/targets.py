"""Which vector spaces a vector search targets, and how their distances combine.

Weaviate's ``extractTargetVectors`` / ``extractTargets`` (adapters/handlers/grpc/v1/
parse_search_request.go; ``extractTargetVectorsForAggregate`` in
parse_aggregate_request.go): the names come from the ``targets`` message when it
is set, else from the deprecated ``target_vectors`` field; with no name, a
collection without a legacy vector and exactly one named vector searches that
one. The legacy vector is the target ``""``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from weaviate.proto.v1 import base_search_pb2

from weftdb.entities.schema import LEGACY_VECTOR, CollectionDef
from weftdb.entities.search import Combination
from weftdb.errors import InvalidInput
from weftdb.usecases.schema import vector_index

_COMBINATIONS: dict[int, Combination] = {
    base_search_pb2.COMBINATION_METHOD_UNSPECIFIED: Combination.MINIMUM,  # dto.DefaultTargetCombinationType
    base_search_pb2.COMBINATION_METHOD_TYPE_SUM: Combination.SUM,
    base_search_pb2.COMBINATION_METHOD_TYPE_MIN: Combination.MINIMUM,
    base_search_pb2.COMBINATION_METHOD_TYPE_AVERAGE: Combination.AVERAGE,
    base_search_pb2.COMBINATION_METHOD_TYPE_MANUAL: Combination.MANUAL_WEIGHTS,
    base_search_pb2.COMBINATION_METHOD_TYPE_RELATIVE_SCORE: Combination.RELATIVE_SCORE,
}
#: combinations whose weights the client gives (the others are derived from the vectors)
GIVEN_WEIGHTS = frozenset({Combination.MANUAL_WEIGHTS, Combination.RELATIVE_SCORE})


@dataclass(frozen=True)
class Targets:
    """The resolved targets. ``names`` is empty for the legacy vector; ``weights``
    (one per name, float32 as Weaviate keeps them) only with a combination."""

    names: tuple[str, ...]
    combination: Combination | None = None
    weights: tuple[float, ...] = ()


def go_list(items: Any) -> str:
    """Go's ``%v`` of a string slice: ``[a b]``."""
    return "[" + " ".join(str(i) for i in items) + "]"


def search_targets(search: Any, collection: CollectionDef) -> Targets:
    """The targets of a search's vector part, errors prefixed as Weaviate's search parser does."""
    try:
        return resolve_targets(search, collection)
    except InvalidInput as exc:
        raise InvalidInput(f"extract target vectors: {exc.message}") from None


def resolve_targets(search: Any, collection: CollectionDef) -> Targets:
    """The targets of a NearVector / NearObject message (errors as Weaviate words them)."""
    combination: Combination | None = None
    weights: tuple[float, ...] = ()
    if search.HasField("targets"):
        names = tuple(search.targets.target_vectors)
        combination, weights = _combination(search.targets)
    else:
        names = tuple(search.target_vectors)
        if len(names) > 1:
            combination, weights = Combination.MINIMUM, (0.0,) * len(names)
    if not names and not collection.has_legacy_vector:
        named = collection.named_vectors
        if len(named) > 1:
            raise InvalidInput(
                f"class {collection.name} has multiple vectors, but no target vectors were provided"
            )
        names = tuple(named)
    for name in names:
        if name == LEGACY_VECTOR or name not in collection.vectors:
            raise InvalidInput(
                f"class {collection.name} does not have named vector {name} configured. "
                f"Available named vectors {go_list(collection.named_vectors)}"
            )
    return Targets(names, combination, weights)


def _combination(targets: Any) -> tuple[Combination, tuple[float, ...]]:
    combination = _COMBINATIONS.get(targets.combination)
    if combination is None:
        raise InvalidInput(f"unknown combination method {targets.combination}")
    count = len(targets.target_vectors)
    if combination in GIVEN_WEIGHTS:
        return combination, _given_weights(targets)
    return combination, derived_weights(combination, count)


def derived_weights(combination: Combination, count: int) -> tuple[float, ...]:
    """Sum: 1 each; average: 1/n each (float32); minimum: unused zeros."""
    if combination is Combination.SUM:
        return (1.0,) * count
    if combination is Combination.AVERAGE and count:
        return (float(np.float32(1.0) / np.float32(count)),) * count
    return (0.0,) * count


def _given_weights(targets: Any) -> tuple[float, ...]:
    given = targets.weights_for_targets
    names = targets.target_vectors
    if len(given) != len(names):
        raise InvalidInput(f"number of weights ({len(given)}) does not match number of targets ({len(names)})")
    for weight, name in zip(given, names):
        if weight.target != name:
            raise InvalidInput(f"target vector {weight.target} not found in target vectors")
    return tuple(float(w.weight) for w in given)


def is_multi_vector(collection: CollectionDef, target: str) -> bool:
    """Whether the vector space holds multi-vectors (ColBERT style)."""
    vector = collection.vectors.get(target)
    return vector is not None and vector_index.is_multi_vector(vector.index_config)


def certainty_compatible(collection: CollectionDef, targets: Targets) -> bool:
    """Weaviate's ``CheckCertaintyCompatibility``: one target, cosine distance."""
    if len(targets.names) > 1:
        return False
    vector = collection.vectors.get(targets.names[0] if targets.names else LEGACY_VECTOR)
    return vector is not None and vector.distance == "cosine"
