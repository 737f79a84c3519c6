"""Objects as the engine stores and returns them."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]


@dataclass(slots=True)
class StoredObject:
    """One object: properties already validated and normalised for storage.

    ``vectors`` maps the vector name to a float32 array; the legacy unnamed
    vector uses the name ``entities.schema.LEGACY_VECTOR`` (empty string).
    """

    id: uuidlib.UUID
    collection: str
    properties: dict[str, Any]
    vectors: dict[str, Vector] = field(default_factory=dict)
    tenant: str = ""
    creation_time_ms: int = 0
    update_time_ms: int = 0
    doc_id: int = 0


@dataclass(slots=True)
class ObjectInput:
    """An object as a client sent it, before validation (REST JSON or gRPC)."""

    collection: str
    id: str | None = None
    properties: Any = None
    vector: Any = None
    vectors: Any = None
    tenant: str = ""
    #: True when numbers arrived as JSON text (REST): an int property then
    #: rejects ``5.0`` as Weaviate does; gRPC sends float64/int64 values.
    json_numbers: bool = True


@dataclass(slots=True)
class BatchItemResult:
    """What happened to one object of a batch: the stored object or an error."""

    obj: StoredObject | None = None
    error: str | None = None


@dataclass(slots=True)
class DeleteResult:
    """One object of a batch delete."""

    id: uuidlib.UUID
    error: str | None = None


@dataclass(slots=True)
class BatchDeleteOutcome:
    matches: int
    successful: int
    failed: int
    limit: int
    dry_run: bool
    objects: list[DeleteResult] = field(default_factory=list)
