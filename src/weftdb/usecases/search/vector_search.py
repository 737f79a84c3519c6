"""near_vector / near_object: one or several target vectors, combined as Weaviate does.

Single query: storage's nearest neighbours, cut at the distance threshold.
Several queries (targets, or vectors per target): each is searched with the
same k; an object found by some queries gets its missing distances computed
exactly (an object lacking one of the vectors is dropped); then
- minimum: the smallest distance (no filling in),
- sum / average / manual weights: the weighted sum (weights 1, 1/n, given),
- relative score: per query, distances min-max normalised and weighted, summed
  (Weaviate's FusionRelativeScore; a query whose distances are all equal gives
  each object its full weight),
(adapters/repos/db/shard_combine_multi_target.go, usecases/traverser/hybrid).
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass

import numpy as np

from weftdb.entities.filters import Filter
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import LEGACY_VECTOR, CollectionDef
from weftdb.entities.search import Combination, NearObject, NearVector, SearchHit, TargetQuery
from weftdb.errors import InvalidInput, NotFound, NotImplementedYet
from weftdb.usecases.ports import ObjectRepo, VectorSearcher
from weftdb.usecases.schema.vector_index import is_multi_vector

MULTI_VECTOR_UNSUPPORTED = "multi-vector search is not implemented yet"


@dataclass(frozen=True)
class VectorQuery:
    collection: CollectionDef
    tenant: str
    k: int
    filters: Filter | None
    with_vectors: bool
    #: False when nothing of the objects but their ids is returned
    with_objects: bool = True


def certainty_to_distance(certainty: float) -> float:
    return (1.0 - certainty) * 2.0


def distance_to_certainty(distance: float) -> float:
    return 1.0 - distance / 2.0


class VectorSearch:
    def __init__(self, searcher: VectorSearcher, repo: ObjectRepo) -> None:
        self._searcher = searcher
        self._repo = repo

    # -- entry points -----------------------------------------------------------------
    def near_vector(self, q: VectorQuery, nv: NearVector) -> list[SearchHit]:
        if not nv.queries:
            raise InvalidInput("near_vector: no vector given")
        queries = tuple(_checked(q.collection, query) for query in nv.queries)
        max_distance = _threshold(q.collection, queries, nv.distance, nv.certainty)
        if len(queries) == 1:
            only = queries[0]
            found = self._searcher.vector_search(
                q.collection.name, q.tenant, only.target, only.vector, q.k,
                filters=q.filters, max_distance=max_distance, with_vectors=q.with_vectors,
                with_objects=q.with_objects,
            )
            return [SearchHit(obj, distance=dist) for obj, dist in found]
        return self._multi(q, queries, nv.combination or Combination.MINIMUM, max_distance)

    def near_object(self, q: VectorQuery, no: NearObject) -> list[SearchHit]:
        source = self._repo.get_objects(q.collection.name, q.tenant, [no.id], True)[0]
        if source is None:
            raise NotFound(f"vector not found: no object with id '{no.id}' in collection {q.collection.name}")
        targets = no.targets or (default_target(q.collection),)
        weights = dict(no.weights)
        queries = []
        for target in targets:
            vector = source.vectors.get(target)
            if vector is None:
                raise InvalidInput(f"vector not found for target: {target or 'default'}")
            queries.append(TargetQuery(target, vector, weights.get(target)))
        nv = NearVector(tuple(queries), no.combination, no.distance, no.certainty)
        return self.near_vector(q, nv)

    # -- several queries ------------------------------------------------------------------
    def _multi(
        self, q: VectorQuery, queries: tuple[TargetQuery, ...], combination: Combination, max_distance: float | None
    ) -> list[SearchHit]:
        weights = _weights(queries, combination)
        per_query: list[dict[uuidlib.UUID, float]] = []
        objects: dict[uuidlib.UUID, StoredObject] = {}
        for query in queries:
            found = self._searcher.vector_search(q.collection.name, q.tenant, query.target, query.vector, q.k,
                                                 filters=q.filters, with_vectors=q.with_vectors)
            per_query.append({obj.id: dist for obj, dist in found})
            objects.update((obj.id, obj) for obj, _ in found)
        if combination is not Combination.MINIMUM:
            self._fill_missing(q, queries, per_query, list(objects))
        combined = _combine(per_query, weights, combination, list(objects))
        ranked = sorted(combined.items(), key=lambda item: (item[1], str(item[0])))
        if max_distance is not None:
            ranked = [(i, d) for i, d in ranked if d <= max_distance]
        return [SearchHit(objects[i], distance=d) for i, d in ranked[: q.k]]

    def _fill_missing(self, q: VectorQuery, queries: tuple[TargetQuery, ...],
                      per_query: list[dict[uuidlib.UUID, float]], ids: list[uuidlib.UUID]) -> None:
        """Exact distances for objects a query did not return; objects without the
        vector are dropped from every list (as Weaviate removes them)."""
        drop: set[uuidlib.UUID] = set()
        for query, found in zip(queries, per_query):
            missing = [i for i in ids if i not in found]
            if not missing:
                continue
            dists = self._searcher.vector_distances(q.collection.name, q.tenant, query.target, query.vector, missing)
            for obj_id, dist in zip(missing, dists):
                if dist is None:
                    drop.add(obj_id)
                else:
                    found[obj_id] = dist
        for found in per_query:
            for obj_id in drop:
                found.pop(obj_id, None)


def default_target(collection: CollectionDef) -> str:
    """The vector a search names none of: the legacy one, or the only named one."""
    if collection.has_legacy_vector:
        return LEGACY_VECTOR
    named = collection.named_vectors
    if len(named) == 1:
        return named[0]
    if not named:
        raise InvalidInput(f"collection {collection.name} has no vectors to search")
    raise InvalidInput(
        f"multiple vectors configured for collection {collection.name}: {sorted(named)}; "
        "specify which to search with target vectors"
    )


def _checked(collection: CollectionDef, query: TargetQuery) -> TargetQuery:
    if query.target not in collection.vectors:
        raise InvalidInput(
            f"class {collection.name} does not have named vector {query.target} configured. "
            f"Available named vectors {sorted(collection.named_vectors)}"
        )
    if is_multi_vector(collection.vectors[query.target].index_config):
        raise NotImplementedYet(MULTI_VECTOR_UNSUPPORTED)
    vector = np.asarray(query.vector, dtype=np.float32).reshape(-1)
    if not np.isfinite(vector).all():
        raise InvalidInput("the query vector contains a non-finite value (NaN or infinity)")
    if not len(vector):
        raise InvalidInput("the query vector is empty")
    return TargetQuery(query.target, vector, query.weight)


def _threshold(collection: CollectionDef, queries: tuple[TargetQuery, ...],
               distance: float | None, certainty: float | None) -> float | None:
    if distance is not None and certainty is not None:
        raise InvalidInput("nearVector cannot provide both distance and certainty")
    if certainty is None:
        return distance
    if len({q.target for q in queries}) > 1:
        raise InvalidInput("multiple target vectors are not supported with certainty")
    check_certainty_metric({collection.vectors[queries[0].target].distance})
    return certainty_to_distance(certainty)


def check_certainty_metric(metrics: set[str]) -> None:
    """Certainty is defined for cosine only; Weaviate refuses it for any other metric."""
    if metrics != {"cosine"}:
        metric = sorted(metrics - {"cosine"})[0]
        raise InvalidInput(f"can't compute and return certainty when vector index is configured with {metric} distance")


def _weights(queries: tuple[TargetQuery, ...], combination: Combination) -> list[float]:
    if combination is Combination.SUM:
        return [1.0 if q.weight is None else q.weight for q in queries]
    if combination is Combination.AVERAGE:
        return [1.0 / len(queries)] * len(queries)
    if combination in (Combination.MANUAL_WEIGHTS, Combination.RELATIVE_SCORE):
        if any(q.weight is None for q in queries):
            raise InvalidInput(f"{combination.value} needs a weight for every target vector")
        return [float(q.weight) for q in queries]  # type: ignore[arg-type]
    return [1.0] * len(queries)


def _combine(per_query: list[dict[uuidlib.UUID, float]], weights: list[float], combination: Combination,
             ids: list[uuidlib.UUID]) -> dict[uuidlib.UUID, float]:
    present = [i for i in ids if any(i in found for found in per_query)]
    if combination is Combination.MINIMUM:
        return {i: min(found[i] for found in per_query if i in found) for i in present}
    if combination is Combination.RELATIVE_SCORE:
        return _relative(per_query, weights)
    return {i: float(sum(np.float32(w) * np.float32(found[i]) for w, found in zip(weights, per_query)
                         if i in found)) for i in present}


def _relative(per_query: list[dict[uuidlib.UUID, float]], weights: list[float]) -> dict[uuidlib.UUID, float]:
    out: dict[uuidlib.UUID, float] = {}
    for weight, found in zip(weights, per_query):
        if not found:
            continue
        low, high = min(found.values()), max(found.values())
        for obj_id, dist in found.items():
            score = weight if high == low else weight * (dist - low) / (high - low)
            out[obj_id] = out.get(obj_id, 0.0) + score
    return out
