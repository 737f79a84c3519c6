"""Proto ``NearVector`` / ``NearObject`` -> ``entities.search.NearVector`` / ``NearObject``.

Weaviate's ``parseNearVec`` (adapters/handlers/grpc/v1/parse_search_request.go).
The query vector arrives in one of these forms (newest first, the first present
wins): ``vectors`` (one ``Vectors``), ``vector_bytes``, the legacy repeated
``vector``, ``vector_for_targets`` (one entry per target, in target order) or the
deprecated ``vector_per_target`` map. A multi-vector (``MULTI_FP32``) sent for a
regular vector space is several query vectors for that space (the client's
``NearVector.list_of_vectors``); for a multi-vector space it is a multi-vector
query, which weftdb does not serve yet. Vectors are float32 views of the request
bytes (``numpy.frombuffer``: read-only, no copy).
"""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

import numpy as np
import numpy.typing as npt
from weaviate.proto.v1 import base_pb2

from weftdb.api.grpc.targets import GIVEN_WEIGHTS, Targets, derived_weights, go_list, is_multi_vector
from weftdb.entities.schema import LEGACY_VECTOR, CollectionDef
from weftdb.entities.search import Combination, NearObject, NearVector, TargetQuery
from weftdb.errors import InvalidInput

Array = npt.NDArray[np.float32]
_F32 = np.dtype("<f4")
_MULTI = base_pb2.Vectors.VECTOR_TYPE_MULTI_FP32
_SINGLE_TYPES = (base_pb2.Vectors.VECTOR_TYPE_UNSPECIFIED, base_pb2.Vectors.VECTOR_TYPE_SINGLE_FP32)


def floats(raw: bytes) -> Array:
    """Little-endian float32s; trailing bytes that do not make a float are ignored (as Go)."""
    usable = len(raw) - len(raw) % 4
    return np.frombuffer(raw, dtype=_F32, count=usable // 4)


def multi_floats(raw: bytes) -> Array:
    """A multi-vector: uint16 dimension, then the rows (an incomplete last row is dropped)."""
    if not raw:
        return np.zeros((0, 0), dtype=np.float32)
    dim = int.from_bytes(raw[:2], "little")
    if dim == 0:
        raise InvalidInput("extract vector: dimension cannot be 0")
    rows = (len(raw) - 2) // (dim * 4)
    return np.frombuffer(raw, dtype=_F32, count=rows * dim, offset=2).reshape(rows, dim)


def extract_vector(msg: Any) -> Array:
    if msg.type in _SINGLE_TYPES:
        return floats(msg.vector_bytes)
    if msg.type == _MULTI:
        return multi_floats(msg.vector_bytes)
    raise InvalidInput(f"cannot extract vector: unknown vector type: {msg.type}")


def check_near_options(msg: Any, kind: str) -> None:
    """Weaviate checks this after parsing the vectors (its callers word the prefix)."""
    if msg.HasField("distance") and msg.HasField("certainty"):
        raise InvalidInput(f"{kind}: cannot provide distance and certainty")


def parse_near_vector(nv: Any, targets: Targets, collection: CollectionDef) -> NearVector:
    """The query vectors, one TargetQuery each (weights only when they combine).
    Distance and certainty are copied; ``check_near_options`` refuses both at once."""
    vector = single_vector(nv, "near_vector")
    if vector is not None and len(nv.vector_per_target):
        raise InvalidInput("near_vector: either vector or VectorPerTarget must be provided, not both")
    names = targets.names or (LEGACY_VECTOR,)
    derive = False
    per_target: list[tuple[str, list[Array]]]
    if vector is not None:
        per_target = [(name, [_checked_single(vector, collection, name)]) for name in names]
    elif len(nv.vector_for_targets):
        if len(nv.vector_for_targets[0].vectors):
            names = tuple(dict.fromkeys(names))
            derive = targets.combination not in GIVEN_WEIGHTS
        per_target = _for_targets(nv.vector_for_targets, names)
    elif len(nv.vector_per_target):
        per_target = _per_target(nv.vector_per_target, names)
    else:
        raise InvalidInput("near_vector: vector is required")
    queries = _flatten(per_target, collection)
    if not queries:  # e.g. a multi-vector of zero rows
        raise InvalidInput("near_vector: vector is required")
    combination = (targets.combination or Combination.MINIMUM) if len(queries) > 1 else None
    return NearVector(
        queries=_weighted(queries, combination, targets.weights, derive),
        combination=combination,
        distance=nv.distance if nv.HasField("distance") else None,
        certainty=nv.certainty if nv.HasField("certainty") else None,
    )


def single_vector(msg: Any, search: str) -> Array | None:
    """The one vector of a near_vector / hybrid message (``vectors``, ``vector_bytes`` or
    the deprecated float list); ``search`` names it in errors."""
    if len(msg.vectors):
        if len(msg.vectors) > 1:
            raise InvalidInput(f"{search}: only 1 vector supported, found {len(msg.vectors)} vectors")
        try:
            return extract_vector(msg.vectors[0])
        except InvalidInput as exc:
            raise InvalidInput(f"{search}: {exc.message}") from None
    if msg.vector_bytes:
        return floats(msg.vector_bytes)
    if len(msg.vector):
        return np.asarray(msg.vector, dtype=np.float32)
    return None


def _checked_single(vector: Array, collection: CollectionDef, target: str) -> Array:
    multi_index = is_multi_vector(collection, target)
    if vector.ndim == 2 and not multi_index:
        raise InvalidInput("near_vector: provided vector is a multi vector but vector index supports regular vectors")
    if vector.ndim == 1 and multi_index:
        raise InvalidInput("near_vector: provided vector is a regular vector but vector index supports multi vectors")
    return vector  # (a multi-vector search is refused by the use case)


def _for_targets(entries: Any, names: tuple[str, ...]) -> list[tuple[str, list[Array]]]:
    if len(entries) != len(names):
        raise InvalidInput("near_vector: vector for target must have the same lengths as target vectors")
    out: list[tuple[str, list[Array]]] = []
    for i, (entry, name) in enumerate(zip(entries, names)):
        if entry.name != name:
            raise InvalidInput(
                f"near_vector: vector for target {name} is required. All target vectors: {go_list(names)} "
                f"all vectors for targets {go_list(e.name for e in entries)}"
            )
        if not len(entry.vectors):
            out.append((name, [floats(entry.vector_bytes)]))
            continue
        try:
            out.append((name, [extract_vector(v) for v in entry.vectors]))
        except InvalidInput as exc:
            raise InvalidInput(f"near_vector: vector for targets: extract vectors[{i}]: {exc.message}") from None
    return out


def _per_target(mapping: Any, names: tuple[str, ...]) -> list[tuple[str, list[Array]]]:
    if len(mapping) != len(names):
        raise InvalidInput("near_vector: vector per target must be provided for all targets")
    out: list[tuple[str, list[Array]]] = []
    for name in names:
        if name not in mapping:
            raise InvalidInput(
                f"near_vector: vector for target {name} is required. All target vectors: {go_list(names)} "
                f"all vectors for targets {go_list(mapping.keys())}"
            )
        out.append((name, [floats(mapping[name])]))
    return out


def _flatten(per_target: list[tuple[str, list[Array]]], collection: CollectionDef) -> list[tuple[str, Array]]:
    """One (target, 1-d vector) per query vector; multi-vectors on a regular space split into rows."""
    out: list[tuple[str, Array]] = []
    for name, vectors in per_target:
        for vector in vectors:
            if vector.ndim == 1 or is_multi_vector(collection, name):
                out.append((name, vector))
            else:
                out.extend((name, row) for row in vector)
    return out


def _weighted(
    queries: list[tuple[str, Array]], combination: Combination | None, given: tuple[float, ...], derive: bool
) -> tuple[TargetQuery, ...]:
    """Weights as Weaviate sets them: derived from the number of query vectors when
    a target sent several (sum, average), else the ones resolved with the targets."""
    if combination is None or combination is Combination.MINIMUM:
        return tuple(TargetQuery(name, vec) for name, vec in queries)
    weights = derived_weights(combination, len(queries)) if derive else given
    if len(weights) != len(queries):
        raise InvalidInput("number of weights in join does not match number of results")
    return tuple(TargetQuery(name, vec, weight) for (name, vec), weight in zip(queries, weights))


def parse_near_object(no: Any, targets: Targets) -> NearObject:
    if not no.id:
        raise InvalidInput("near_object: id is required")
    check_near_options(no, "near_object")
    try:
        obj_id = uuidlib.UUID(no.id)
    except ValueError:
        raise InvalidInput(f"near_object: id '{no.id}' is not a valid uuid") from None
    several = len(targets.names) > 1
    weights: tuple[tuple[str, float], ...] = ()
    if several and targets.combination is not Combination.MINIMUM:
        weights = tuple(zip(targets.names, targets.weights))
    return NearObject(
        id=obj_id,
        targets=targets.names,
        combination=targets.combination if several else None,
        weights=weights,
        distance=no.distance if no.HasField("distance") else None,
        certainty=no.certainty if no.HasField("certainty") else None,
    )
