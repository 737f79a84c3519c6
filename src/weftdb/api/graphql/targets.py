"""Target vectors of nearVector / nearObject / hybrid arguments.

Weaviate's ``ExtractTargets`` (common_filters/extract_targets.go): ``targets``
(names, combination method, weights) wins over the older ``targetVectors`` list
(minimum combination). A collection without a legacy vector and with one named
vector searches that one when no target is named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from weftdb.entities.schema import LEGACY_VECTOR, CollectionDef
from weftdb.entities.search import Combination
from weftdb.errors import InvalidInput

_GIVEN_WEIGHTS = (Combination.MANUAL_WEIGHTS, Combination.RELATIVE_SCORE)


@dataclass(frozen=True)
class Targets:
    """The named targets (one per query vector; empty: the default vector), how
    their distances combine, and a weight per name (for given-weight methods)."""

    names: tuple[str, ...] = ()
    combination: Combination | None = None
    weights: tuple[float | None, ...] = ()


def extract_targets(arg: dict[str, Any]) -> Targets:
    targets = arg.get("targets")
    if targets is None:
        names = tuple(arg.get("targetVectors") or ())
        return Targets(names, Combination.MINIMUM if names else None, (None,) * len(names))
    names = tuple(targets.get("targetVectors") or ())
    if not names:
        raise InvalidInput(f"targetVectors is required field, got {targets}")
    combination = targets.get("combinationMethod") or Combination.MINIMUM
    if combination in _GIVEN_WEIGHTS:
        return Targets(names, combination, _given_weights(names, targets.get("weights") or {}))
    return Targets(names, combination, (None,) * len(names))


def _given_weights(names: tuple[str, ...], given: dict[str, Any]) -> tuple[float | None, ...]:
    """One weight per name; a target named n times takes a list of n weights."""
    out: list[float | None] = [None] * len(names)
    for i, name in enumerate(names):
        if name in names[:i]:
            continue
        weight = given.get(name)
        if weight is None:
            raise InvalidInput(f"weight for target {name} is not provided")
        weights = weight if isinstance(weight, list) else [weight]
        for j, w in enumerate(weights):
            if i + j < len(names):
                out[i + j] = float(np.float32(w))
    return tuple(out)


def resolve_names(targets: Targets, collection: CollectionDef) -> tuple[str, ...]:
    """The vector spaces to search, checked against the collection."""
    names = targets.names
    if not names and not collection.has_legacy_vector:
        named = collection.named_vectors
        if len(named) > 1:
            raise InvalidInput(f"class {collection.name} has multiple vectors, but no target vectors were provided")
        names = tuple(named)
    for name in names:
        if name == LEGACY_VECTOR or name not in collection.vectors:
            available = "[" + " ".join(collection.named_vectors) + "]"
            raise InvalidInput(f"class {collection.name} does not have named vector {name} configured. "
                               f"Available named vectors {available}")
    return names or (LEGACY_VECTOR,)
