"""Search requests and results, shared by REST, GraphQL and gRPC."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from typing import Any

from weftdb.entities.filters import Filter
from weftdb.entities.objects import StoredObject


@dataclass(frozen=True)
class MetadataRequest:
    uuid: bool = True
    vector: bool = False
    vectors: tuple[str, ...] = ()
    creation_time: bool = False
    update_time: bool = False
    distance: bool = False
    certainty: bool = False
    score: bool = False
    explain_score: bool = False
    is_consistent: bool = False


@dataclass(frozen=True)
class PropertySelection:
    """Which properties to return: ``None`` names means every non-reference one."""

    names: tuple[str, ...] | None = None
    nested: tuple[NestedSelection, ...] = ()
    references: tuple[ReferenceSelection, ...] = ()


@dataclass(frozen=True)
class NestedSelection:
    name: str
    primitives: tuple[str, ...] = ()
    nested: tuple[NestedSelection, ...] = ()


@dataclass(frozen=True)
class ReferenceSelection:
    name: str
    target_collection: str = ""
    properties: PropertySelection = field(default_factory=PropertySelection)
    metadata: MetadataRequest = field(default_factory=MetadataRequest)


@dataclass(frozen=True)
class SortSpec:
    path: tuple[str, ...]
    ascending: bool = True


@dataclass(frozen=True)
class SearchParams:
    """One search. Only one of the search kinds (near_vector, bm25, ...) is set;
    none of them means "fetch objects" (filters, sort, cursor)."""

    collection: str
    tenant: str = ""
    limit: int | None = None
    offset: int = 0
    autocut: int = 0
    after: uuidlib.UUID | None = None
    filters: Filter | None = None
    sort: tuple[SortSpec, ...] = ()
    properties: PropertySelection = field(default_factory=PropertySelection)
    metadata: MetadataRequest = field(default_factory=MetadataRequest)
    #: search kinds not built yet arrive here by name so the traverser can refuse them clearly
    unsupported: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class SearchHit:
    obj: StoredObject
    distance: float | None = None
    certainty: float | None = None
    score: float | None = None
    explain_score: str | None = None


@dataclass(slots=True)
class SearchResult:
    hits: list[SearchHit]
    took_seconds: float = 0.0
