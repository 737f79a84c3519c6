"""Per property: which aggregation its data type gets, its values, its metrics.

As Weaviate, the data type in the schema decides the aggregation (numerical,
boolean, text, date, reference), whatever metric family the client asked for;
the requested metric names only select what is reported
(adapters/repos/db/aggregator/aggregator.go ``aggTypeOfProperty``, filtered.go).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from weftdb.entities.aggregate import PropertyAggregation
from weftdb.entities.schema import CollectionDef, PropertyDef
from weftdb.errors import InvalidInput
from weftdb.usecases.aggregate import metrics
from weftdb.usecases.objects.validation import ERROR_NO_SUCH_PROPERTY as NO_SUCH_PROPERTY

NUMERIC, BOOLEAN, TEXT, DATE, REFERENCE = "numeric", "boolean", "text", "date", "reference"
_KINDS = {
    "int": NUMERIC, "int[]": NUMERIC, "number": NUMERIC, "number[]": NUMERIC,
    "boolean": BOOLEAN, "boolean[]": BOOLEAN,
    "text": TEXT, "text[]": TEXT, "string": TEXT, "string[]": TEXT,
    "date": DATE, "date[]": DATE,
}
_NOT_AGGREGATABLE = frozenset({"geoCoordinates", "phoneNumber"})


@dataclass(frozen=True)
class PropertyPlan:
    """One property to aggregate: its request, schema type and aggregation kind."""

    request: PropertyAggregation
    schema_type: str
    kind: str
    #: the classes a reference property links to
    linked: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.request.property

    @property
    def is_scalar(self) -> bool:
        return not self.schema_type.endswith("[]") and self.kind != REFERENCE


def plan_properties(collection: CollectionDef, requests: Sequence[PropertyAggregation]) -> list[PropertyPlan]:
    """One plan per property name (a later request for the same name wins, as Go's map)."""
    by_name: dict[str, PropertyPlan] = {}
    for request in requests:
        prop = collection.prop(request.property)
        if prop is None:
            message = NO_SUCH_PROPERTY.format(request.property, collection.name)
            raise InvalidInput(f"property {request.property}: {message}")
        by_name[request.property] = _plan(request, prop)
    return list(by_name.values())


def _plan(request: PropertyAggregation, prop: PropertyDef) -> PropertyPlan:
    if prop.is_reference:
        return PropertyPlan(request, "cref", REFERENCE, prop.data_type)
    data_type = prop.primitive
    kind = _KINDS.get(data_type)
    if kind is None:
        if data_type in _NOT_AGGREGATABLE:
            raise InvalidInput(f"property {prop.name}: dataType {data_type} can't be aggregated")
        raise InvalidInput(f"property {prop.name}: unrecoginzed dataType {data_type}")
    return PropertyPlan(request, data_type, kind)


def values_of(rows: Iterable[Mapping[str, Any]], name: str) -> list[Any]:
    """Every value of the property in object order; array elements one by one."""
    out: list[Any] = []
    for row in rows:
        value = row.get(name)
        if value is None:
            continue
        if isinstance(value, list):
            out.extend(v for v in value if v is not None)
        else:
            out.append(value)
    return out


def beacons(values: Iterable[Any]) -> Iterator[str]:
    for value in values:
        beacon = value.get("beacon") if isinstance(value, Mapping) else None
        if isinstance(beacon, str):
            yield beacon


def compute(plan: PropertyPlan, rows: Sequence[Mapping[str, Any]], unfiltered: bool) -> dict[str, Any] | None:
    """The metrics of one property over ``rows`` (None: Weaviate reports nothing).

    ``unfiltered`` is Weaviate's whole-collection path, which reads scalar
    numbers, booleans and dates from the inverted index and skips references."""
    wanted = plan.request.metrics
    values = values_of(rows, plan.name)
    out: dict[str, Any]
    if plan.kind == NUMERIC:
        out = {}
        out |= metrics.numeric(values, wanted, rows_by_value=unfiltered and plan.is_scalar)
    elif plan.kind == BOOLEAN:
        out = metrics.boolean(values)
    elif plan.kind == TEXT:
        out = metrics.text(values, plan.request.limit)
    elif plan.kind == DATE:
        out = metrics.date(values, wanted, normalize=unfiltered and plan.is_scalar)
    elif "type" in wanted:  # usecases/traverser addTypeInformation: the linked classes
        out = {"pointing_to": list(plan.linked)}
    elif unfiltered:
        return None
    else:
        out = metrics.reference(list(beacons(values)))
    out["type"] = plan.schema_type if "type" in wanted else ""
    return out

