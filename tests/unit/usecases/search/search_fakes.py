"""Fake storage ports for the search use cases: exact vector search and canned BM25."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from weftdb.entities.filters import Filter
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import KeywordQuery

Array = npt.NDArray[np.float32]


def collection(**extra: Any) -> CollectionDef:
    raw: dict[str, Any] = {
        "class": "Doc",
        "vectorIndexType": "hnsw",
        "vectorIndexConfig": {"distance": "l2-squared"},
        "properties": [
            {"name": "title", "dataType": ["text"], "indexSearchable": True},
            {"name": "tags", "dataType": ["text[]"], "indexSearchable": True},
            {"name": "n", "dataType": ["int"]},
            {"name": "ns", "dataType": ["int[]"]},
            {"name": "x", "dataType": ["number"]},
            {"name": "ok", "dataType": ["boolean"]},
            {"name": "when", "dataType": ["date"]},
            {"name": "where", "dataType": ["geoCoordinates"]},
            {"name": "parts", "dataType": ["object[]"], "nestedProperties": [{"name": "a", "dataType": ["text"]}]},
            {"name": "ref", "dataType": ["Doc"]},
        ],
    }
    raw.update(extra)
    return CollectionDef.from_dict(raw)


def doc(number: int, vector: Sequence[float] = (), **props: Any) -> StoredObject:
    vectors = {"": np.asarray(vector, dtype=np.float32)} if len(vector) else {}
    return StoredObject(uuid.UUID(int=number), "Doc", dict(props), vectors)


@dataclass
class FakeVectors:
    """Exact l2-squared search over the objects' legacy vectors; records each k."""

    objects: list[StoredObject] = field(default_factory=list)
    ks: list[int] = field(default_factory=list)
    filters: list[Filter | None] = field(default_factory=list)

    def vector_search(self, collection: str, tenant: str, target: str, vector: Array, k: int, *,
                      filters: Filter | None = None, max_distance: float | None = None,
                      with_vectors: bool = False, with_objects: bool = True) -> list[tuple[StoredObject, float]]:
        self.ks.append(k)
        self.filters.append(filters)
        found = [(o, float(((o.vectors[target] - vector) ** 2).sum())) for o in self.objects if target in o.vectors]
        found.sort(key=lambda item: (item[1], item[0].doc_id))
        if max_distance is not None:
            found = [f for f in found if f[1] <= max_distance]
        return found[:k]

    def vector_distances(self, collection: str, tenant: str, target: str, vector: Array,
                         ids: Sequence[uuid.UUID]) -> list[float | None]:
        by_id = {o.id: o for o in self.objects}
        return [float(((by_id[i].vectors[target] - vector) ** 2).sum()) if i in by_id else None for i in ids]


@dataclass
class FakeKeywords:
    """Canned BM25 results (score per object), best first; records each call."""

    scored: list[tuple[StoredObject, float]] = field(default_factory=list)
    calls: list[tuple[KeywordQuery, int, Filter | None]] = field(default_factory=list)

    def keyword_search(self, collection: str, tenant: str, query: KeywordQuery, k: int, *,
                       filters: Filter | None = None, with_vectors: bool = False,
                       with_objects: bool = True) -> list[tuple[StoredObject, float, str]]:
        self.calls.append((query, k, filters))
        return [(o, s, "") for o, s in self.scored[:k]]


class FakeRepo:
    def get_objects(self, collection: str, tenant: str, ids: Sequence[uuid.UUID],
                    with_vectors: bool) -> list[StoredObject | None]:
        return [None for _ in ids]
