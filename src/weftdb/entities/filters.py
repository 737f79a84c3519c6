"""Where-filters as one tree, whatever transport they came from.

Mirrors Weaviate's ``entities/filters`` model: a clause has an operator, and
either operands (And/Or/Not) or a path plus a typed value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Operator(str, Enum):
    EQUAL = "Equal"
    NOT_EQUAL = "NotEqual"
    GREATER_THAN = "GreaterThan"
    GREATER_THAN_EQUAL = "GreaterThanEqual"
    LESS_THAN = "LessThan"
    LESS_THAN_EQUAL = "LessThanEqual"
    AND = "And"
    OR = "Or"
    NOT = "Not"
    LIKE = "Like"
    IS_NULL = "IsNull"
    CONTAINS_ANY = "ContainsAny"
    CONTAINS_ALL = "ContainsAll"
    CONTAINS_NONE = "ContainsNone"
    WITHIN_GEO_RANGE = "WithinGeoRange"

    @property
    def is_logical(self) -> bool:
        return self in (Operator.AND, Operator.OR, Operator.NOT)


class ValueType(str, Enum):
    """Weaviate's value kinds (the REST ``value*`` keys without the prefix)."""

    TEXT = "text"
    INT = "int"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    GEO_RANGE = "geoRange"
    TEXT_ARRAY = "text[]"
    INT_ARRAY = "int[]"
    NUMBER_ARRAY = "number[]"
    BOOLEAN_ARRAY = "boolean[]"
    DATE_ARRAY = "date[]"


#: special paths that address object metadata instead of properties
ID_PATH = "_id"
CREATION_TIME_PATH = "_creationTimeUnix"
UPDATE_TIME_PATH = "_lastUpdateTimeUnix"


@dataclass(frozen=True)
class GeoRange:
    latitude: float
    longitude: float
    distance: float


@dataclass(frozen=True)
class Filter:
    operator: Operator
    path: tuple[str, ...] = ()
    value: Any = None
    value_type: ValueType | None = None
    operands: tuple[Filter, ...] = ()
    #: ``len(prop)`` filters address the property length
    on_length: bool = False
    #: a reference-count filter (``FilterReferenceCount``)
    on_ref_count: bool = False

    @property
    def property_name(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def is_id_filter(self) -> bool:
        return len(self.path) == 1 and self.path[0] in (ID_PATH, "id")


def length_of(path_element: str) -> str | None:
    """The property of a ``len(property)`` path element (a filter on the property's
    length, Weaviate's IsPropertyLength), else None."""
    if len(path_element) > 4 and path_element.startswith("len(") and path_element.endswith(")"):
        return path_element[4:-1]
    return None
