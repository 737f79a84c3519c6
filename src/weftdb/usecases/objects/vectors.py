"""Which vector spaces an incoming object's vectors go to (Weaviate's rules).

- a named vector called ``default`` feeds the legacy vector when the collection has one;
- a legacy ``vector`` on a collection with exactly one named vector goes to that one;
- unknown names, named vectors on a legacy-only collection, and values that are
  not finite numbers are rejected; empty vectors mean "no vector".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from weftdb.entities.objects import Vector
from weftdb.entities.schema import LEGACY_VECTOR, CollectionDef
from weftdb.errors import InvalidInput, NotImplementedYet

DEFAULT_NAMED_VECTOR = "default"


def resolve_vectors(collection: CollectionDef, vector: Any, vectors: Any) -> dict[str, Vector]:
    named = dict(_as_mapping(vectors))
    legacy = vector
    if DEFAULT_NAMED_VECTOR in named and collection.has_legacy_vector:
        legacy = named.pop(DEFAULT_NAMED_VECTOR)
    out: dict[str, Vector] = {}
    if _present(legacy):
        out[_legacy_target(collection)] = to_vector(legacy, "vector")
    unknown = [n for n in named if n not in collection.vectors or n == LEGACY_VECTOR]
    if unknown and not collection.named_vectors:
        raise InvalidInput(
            f"collection {collection.name} is configured without multiple named vectors, "
            f"but received named vectors: [{' '.join(unknown)}]"
        )
    for name in unknown:
        raise InvalidInput(f"collection {collection.name} does not have configuration for vector {name}")
    for name, values in named.items():
        if _present(values):
            out[name] = to_vector(values, name)
    return out


def _legacy_target(collection: CollectionDef) -> str:
    if collection.has_legacy_vector:
        return LEGACY_VECTOR
    if len(collection.named_vectors) == 1:
        return collection.named_vectors[0]
    raise InvalidInput(f"collection {collection.name} configuration does not have single vector index")


def _as_mapping(vectors: Any) -> Mapping[str, Any]:
    if vectors is None:
        return {}
    if not isinstance(vectors, Mapping):
        raise InvalidInput("vectors must be an object mapping vector names to vectors")
    return vectors


def _present(values: Any) -> bool:
    if values is None:
        return False
    if isinstance(values, np.ndarray):
        return values.size > 0
    return not (isinstance(values, (list, tuple)) and len(values) == 0)


def to_vector(values: Any, name: str) -> Vector:
    """A finite float32 vector, or InvalidInput naming what is wrong."""
    if isinstance(values, np.ndarray):
        arr = values.astype(np.float32, copy=False)
    else:
        if not isinstance(values, (list, tuple)):
            raise InvalidInput(f"vector {name} has to be an array of numbers")
        if values and isinstance(values[0], (list, tuple)):
            raise NotImplementedYet(f"multi-vector values for vector {name} are not implemented yet")
        for v in values:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise InvalidInput(f"vector {name} has to be an array of numbers, found {type(v).__name__}")
        arr = np.asarray(values, dtype=np.float32)
    if arr.ndim != 1:
        raise NotImplementedYet(f"multi-vector values for vector {name} are not implemented yet")
    if not np.isfinite(arr).all():
        bad = next(float(v) for v in arr if not math.isfinite(float(v)))
        raise InvalidInput(f"vector {name} contains a non-finite value ({bad}); NaN and infinity are not allowed")
    return arr
