"""Ports the use cases own; storage (and later the cluster layer) implement them."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from weftdb.entities.filters import Filter
from weftdb.entities.nodes import ShardStatus
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import ClassRecord, CollectionDef
from weftdb.entities.search import KeywordQuery, SortSpec


class SchemaStore(Protocol):
    """Durable record of the collections (a change is durable before it returns)."""

    def load(self) -> list[ClassRecord]: ...
    def save(self, record: ClassRecord) -> None: ...
    def delete(self, name: str) -> None: ...


class CollectionLifecycle(Protocol):
    """Creates, reconfigures and drops the storage behind collections."""

    def create_collection(self, collection: CollectionDef, shards: Sequence[str]) -> None: ...
    def update_collection(self, collection: CollectionDef) -> None: ...
    def drop_collection(self, name: str) -> None: ...


class ObjectRepo(Protocol):
    """Object reads and writes on the shards of a collection."""

    def put_objects(
        self, collection: str, tenant: str, objects: Sequence[StoredObject], *, fail_if_exists: bool = False
    ) -> list[str | None]:
        """Write durably; per object an error message (e.g. wrong vector length) or None."""
        ...
    def delete_objects(self, collection: str, tenant: str, ids: Sequence[uuidlib.UUID]) -> list[uuidlib.UUID]: ...
    def get_objects(
        self, collection: str, tenant: str, ids: Sequence[uuidlib.UUID], with_vectors: bool
    ) -> list[StoredObject | None]: ...
    def exists(self, collection: str, tenant: str, obj_id: uuidlib.UUID) -> bool: ...
    def scan(
        self, collection: str, tenant: str, after: uuidlib.UUID | None, limit: int, with_vectors: bool
    ) -> list[StoredObject]: ...
    def count(self, collection: str, tenant: str) -> int: ...


class ObjectSearcher(Protocol):
    """Filtered object retrieval; filters are evaluated by storage (allow-lists)."""

    def find_ids(
        self, collection: str, tenant: str, filters: Filter, limit: int
    ) -> tuple[list[uuidlib.UUID], int]:
        """Up to ``limit`` matching ids and the total number of matches."""
        ...

    def fetch(
        self,
        collection: str,
        tenant: str,
        *,
        filters: Filter | None,
        after: uuidlib.UUID | None,
        offset: int,
        limit: int,
        with_vectors: bool,
        sort: Sequence[SortSpec] = (),
    ) -> list[StoredObject]:
        """Objects matching ``filters`` (all when None): id order without a
        filter, doc id order with one, as Weaviate; in ``sort`` order when given
        (validated by the caller)."""
        ...

    def matching_objects(self, collection: str, tenant: str, filters: Filter | None) -> Iterator[StoredObject]:
        """Every object matching ``filters`` (all when None), properties only, shard
        by shard in doc id order; read lazily in chunks (for aggregations)."""
        ...

    def sort_objects(self, collection: str, objects: Sequence[StoredObject],
                     sort: Sequence[SortSpec]) -> list[StoredObject]:
        """``objects`` (with their properties) in ``sort`` order, as ``fetch`` sorts;
        equal keys keep their given order (``sort`` validated by the caller)."""
        ...


class VectorSearcher(Protocol):
    """Nearest-neighbour search over one vector space of a collection."""

    def vector_search(
        self,
        collection: str,
        tenant: str,
        target: str,
        vector: npt.NDArray[np.float32],
        k: int,
        *,
        filters: Filter | None = None,
        max_distance: float | None = None,
        with_vectors: bool = False,
        with_objects: bool = True,
    ) -> list[tuple[StoredObject, float]]:
        """Up to ``k`` objects with their distance, nearest first, distances in
        Weaviate's definition for the vector space's metric; ``max_distance``
        drops hits farther than it. Shards are searched and merged. Without
        ``with_objects`` only ids are filled in (nothing else will be returned)."""
        ...

    def vector_distances(
        self,
        collection: str,
        tenant: str,
        target: str,
        vector: npt.NDArray[np.float32],
        ids: Sequence[uuidlib.UUID],
    ) -> list[float | None]:
        """Exact distances of the given objects (None where an object lacks that vector)."""
        ...


class KeywordSearcher(Protocol):
    """BM25 over the searchable (text) properties of a collection."""

    def keyword_search(
        self,
        collection: str,
        tenant: str,
        query: KeywordQuery,
        k: int,
        *,
        filters: Filter | None = None,
        with_vectors: bool = False,
        with_objects: bool = True,
        explain: bool = False,
    ) -> list[tuple[StoredObject, float, str]]:
        """Up to ``k`` objects with their BM25 score and Weaviate's explainScore text
        (empty unless ``explain``), best first (Weaviate's order, ties included).
        Shards are searched and merged."""
        ...


class ShardAdmin(Protocol):
    def shard_statuses(self, collection: str | None = None) -> list[ShardStatus]: ...
    def set_shard_status(self, collection: str, shard: str, status: str) -> None: ...


class Database(
    CollectionLifecycle, ObjectRepo, ObjectSearcher, VectorSearcher, KeywordSearcher, ShardAdmin, Protocol
):
    """Everything the use cases need from storage, in one object."""
