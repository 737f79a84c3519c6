"""Search requests and results, shared by REST, GraphQL and gRPC."""

from __future__ import annotations

import re
import uuid as uuidlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import numpy as np
import numpy.typing as npt

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


class Combination(str, Enum):
    """How the distances of several target vectors combine (Weaviate's join methods)."""

    SUM = "sum"
    AVERAGE = "average"
    MINIMUM = "minimum"
    MANUAL_WEIGHTS = "manual_weights"
    RELATIVE_SCORE = "relative_score"


@dataclass(frozen=True)
class TargetQuery:
    """One query vector against one vector space (``""`` is the legacy vector)."""

    target: str
    vector: npt.NDArray[np.float32]
    weight: float | None = None


@dataclass(frozen=True)
class NearVector:
    """A vector search. With several queries (several targets, or several vectors
    for one target) the per-target distances combine by ``combination``."""

    queries: tuple[TargetQuery, ...]
    combination: Combination | None = None
    distance: float | None = None
    certainty: float | None = None


@dataclass(frozen=True)
class NearObject:
    """Search with the vectors of a stored object; ``targets`` as for NearVector
    (empty: the collection's only vector)."""

    id: uuidlib.UUID
    targets: tuple[str, ...] = ()
    combination: Combination | None = None
    weights: tuple[tuple[str, float], ...] = ()
    distance: float | None = None
    certainty: float | None = None


class FusionType(str, Enum):
    """Hybrid fusion algorithms (Weaviate's names)."""

    RANKED = "rankedFusion"
    RELATIVE_SCORE = "relativeScoreFusion"


@dataclass(frozen=True)
class KeywordQuery:
    """A BM25 search. ``properties`` may carry boosts (``"title^2"``); empty means
    every searchable text property. ``operator`` is ``"or"`` (with an optional
    ``minimum_match``: how many query terms an object must contain) or ``"and"``."""

    query: str
    properties: tuple[str, ...] = ()
    operator: str = "or"
    minimum_match: int | None = None

    def boosted(self) -> tuple[tuple[str, float], ...]:
        """The named properties with their boosts (``property_boost``); a property named
        twice keeps its last boost."""
        return tuple(dict(map(property_boost, self.properties)).items())


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SPECIAL = re.compile(r"[+-]?(?:inf|infinity|nan)", re.IGNORECASE)


def property_boost(raw: str) -> tuple[str, float]:
    """``name`` (boost 1) or ``name^boost``, as Weaviate reads the boost
    (``strconv.ParseFloat(.., 32)``, its error ignored: text that is not a number is 0;
    ``a^2^3`` is 2). The boost may come out infinite or NaN: the use case refuses those."""
    name, caret, rest = raw.partition("^")
    if not caret:
        return name, 1.0
    text = rest.split("^")[0]
    if not (_DECIMAL.fullmatch(text) or _SPECIAL.fullmatch(text)):
        return name, 0.0
    with np.errstate(over="ignore"):
        return name, float(np.float32(float(text)))


#: Weaviate's hybrid alpha when none is given (1: vector only, 0: keyword only)
DEFAULT_ALPHA = 0.75


@dataclass(frozen=True)
class HybridQuery:
    """Keyword and vector search fused. ``vector`` is the vector leg (a given vector
    or a near_vector sub-search, with its targets/combination); None means the
    query text would be vectorised by a module (not available without modules)."""

    query: str
    alpha: float = DEFAULT_ALPHA
    fusion: FusionType = FusionType.RELATIVE_SCORE
    properties: tuple[str, ...] = ()
    vector: NearVector | None = None
    max_vector_distance: float | None = None
    operator: str = "or"
    minimum_match: int | None = None
    #: the vector spaces the vector leg searches (resolved target names; empty: the default)
    targets: tuple[str, ...] = ()
    #: True when ``vector`` came as a near_vector sub-search (Weaviate names its result set apart)
    near_vector_sub_search: bool = False


@dataclass(frozen=True)
class GroupBy:
    """Group results by a property's value (gRPC ``group_by``, GraphQL ``groupBy``)."""

    property: str
    number_of_groups: int
    objects_per_group: int


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
    near_vector: NearVector | None = None
    near_object: NearObject | None = None
    bm25: KeywordQuery | None = None
    hybrid: HybridQuery | None = None
    group_by: GroupBy | None = None
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
    #: resolved cross-references by property name, in beacon order (only the
    #: properties a query selects; see usecases/search/references.py)
    references: dict[str, list[SearchHit]] | None = None


@dataclass(slots=True)
class SearchGroup:
    """One group of a grouped search: its value, the distance range of its members
    (vector searches), and its best hits."""

    name: str
    value: Any
    hits: list[SearchHit]
    min_distance: float = 0.0
    max_distance: float = 0.0
    number_of_objects: int = 0


@dataclass(slots=True)
class SearchResult:
    hits: list[SearchHit]
    took_seconds: float = 0.0
    #: set for grouped searches (``group_by``): the groups, best first
    groups: list[SearchGroup] | None = None
