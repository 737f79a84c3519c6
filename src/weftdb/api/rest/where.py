"""REST/GraphQL WhereFilter JSON -> entities.filters.Filter."""

from __future__ import annotations

from typing import Any

from weftdb.entities.filters import Filter, GeoRange, Operator, ValueType, length_of
from weftdb.errors import InvalidInput

_VALUE_KEYS: dict[str, ValueType] = {
    "valueText": ValueType.TEXT,
    "valueString": ValueType.TEXT,
    "valueInt": ValueType.INT,
    "valueNumber": ValueType.NUMBER,
    "valueBoolean": ValueType.BOOLEAN,
    "valueDate": ValueType.DATE,
    "valueGeoRange": ValueType.GEO_RANGE,
    "valueTextArray": ValueType.TEXT_ARRAY,
    "valueStringArray": ValueType.TEXT_ARRAY,
    "valueIntArray": ValueType.INT_ARRAY,
    "valueNumberArray": ValueType.NUMBER_ARRAY,
    "valueBooleanArray": ValueType.BOOLEAN_ARRAY,
    "valueDateArray": ValueType.DATE_ARRAY,
}

_OPERATORS = {op.value: op for op in Operator}


def parse_where(raw: Any) -> Filter:
    if not isinstance(raw, dict):
        raise InvalidInput("invalid where filter: must be an object")
    op_name = raw.get("operator")
    op = _OPERATORS.get(op_name) if isinstance(op_name, str) else None
    if op is None:
        raise InvalidInput(f"invalid where filter: unrecognized operator: {op_name!r}")
    if op.is_logical:
        operands = raw.get("operands")
        if not isinstance(operands, list) or not operands:
            raise InvalidInput(f"invalid where filter: operator {op.value} requires operands")
        return Filter(op, operands=tuple(parse_where(o) for o in operands))
    path = raw.get("path")
    if not isinstance(path, list) or not path or not all(isinstance(p, str) for p in path):
        raise InvalidInput("invalid where filter: path must be a non-empty list of strings")
    value_type, value = _value(raw)
    length = length_of(path[-1])
    if length is not None:
        return Filter(op, path=(*path[:-1], length), value=value, value_type=value_type, on_length=True)
    return Filter(op, path=tuple(path), value=value, value_type=value_type)


def _value(raw: dict[str, Any]) -> tuple[ValueType, Any]:
    # as Weaviate's parser, an empty array counts as no value
    found = [(k, v) for k, v in raw.items() if k in _VALUE_KEYS and v is not None and v != []]
    if len(found) != 1:
        raise InvalidInput(
            "invalid where filter: exactly one value field (valueText, valueInt, ...) must be set"
        )
    key, value = found[0]
    value_type = _VALUE_KEYS[key]
    if value_type is ValueType.GEO_RANGE:
        return value_type, _geo(value)
    return value_type, value


def _geo(value: Any) -> GeoRange:
    try:
        coords = value["geoCoordinates"]
        return GeoRange(float(coords["latitude"]), float(coords["longitude"]), float(value["distance"]["max"]))
    except (KeyError, TypeError, ValueError):
        raise InvalidInput(
            "invalid where filter: valueGeoRange needs geoCoordinates {latitude, longitude} and distance {max}"
        ) from None
