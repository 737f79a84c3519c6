"""Proto ``Filters`` -> ``entities.filters.Filter``.

As Weaviate's gRPC handler: the value type follows the proto oneof, then is
corrected by the data type of the filtered property (an int sent for a number
property becomes a float, a whole float for an int property an int, text on a
date property a date). Paths keep the REST shape: ``(prop,)`` or
``(refProp, TargetClass, prop, ...)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from weaviate.proto.v1 import base_pb2

from weftdb.entities.filters import (
    CREATION_TIME_PATH,
    ID_PATH,
    UPDATE_TIME_PATH,
    Filter,
    GeoRange,
    Operator,
    ValueType,
    length_of,
)
from weftdb.entities.schema import CollectionDef
from weftdb.errors import InvalidInput
from weftdb.usecases.objects.validation import ERROR_NO_SUCH_PROPERTY as NO_SUCH_PROPERTY

FindCollection = Callable[[str], "CollectionDef | None"]

_F = base_pb2.Filters
OPERATORS: dict[int, Operator] = {
    _F.OPERATOR_EQUAL: Operator.EQUAL,
    _F.OPERATOR_NOT_EQUAL: Operator.NOT_EQUAL,
    _F.OPERATOR_GREATER_THAN: Operator.GREATER_THAN,
    _F.OPERATOR_GREATER_THAN_EQUAL: Operator.GREATER_THAN_EQUAL,
    _F.OPERATOR_LESS_THAN: Operator.LESS_THAN,
    _F.OPERATOR_LESS_THAN_EQUAL: Operator.LESS_THAN_EQUAL,
    _F.OPERATOR_AND: Operator.AND,
    _F.OPERATOR_OR: Operator.OR,
    _F.OPERATOR_NOT: Operator.NOT,
    _F.OPERATOR_WITHIN_GEO_RANGE: Operator.WITHIN_GEO_RANGE,
    _F.OPERATOR_LIKE: Operator.LIKE,
    _F.OPERATOR_IS_NULL: Operator.IS_NULL,
    _F.OPERATOR_CONTAINS_ANY: Operator.CONTAINS_ANY,
    _F.OPERATOR_CONTAINS_ALL: Operator.CONTAINS_ALL,
    _F.OPERATOR_CONTAINS_NONE: Operator.CONTAINS_NONE,
}
_CONTAINS = frozenset({Operator.CONTAINS_ANY, Operator.CONTAINS_ALL, Operator.CONTAINS_NONE})
_META_TYPES = {ID_PATH: "text", "id": "text", CREATION_TIME_PATH: "date", UPDATE_TIME_PATH: "date"}


def lowercase_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def parse_filters(msg: Any, collection: CollectionDef, find: FindCollection) -> Filter:
    op = OPERATORS.get(msg.operator)
    if op is None:
        raise InvalidInput(f"unknown filter operator {msg.operator}")
    if op.is_logical:
        return Filter(op, operands=tuple(parse_filters(f, collection, find) for f in msg.filters))
    path, data_type, on_length, on_ref_count = _target(msg, collection, find)
    value_type, value = _value(msg, path)
    if data_type is not None and op is not Operator.IS_NULL:
        value_type, value = _coerce(op, data_type, value_type, value)
    return Filter(op, path=path, value=value, value_type=value_type, on_length=on_length, on_ref_count=on_ref_count)


Target = tuple[tuple[str, ...], "str | None", bool, bool]


def _target(msg: Any, collection: CollectionDef, find: FindCollection) -> Target:
    if msg.HasField("target"):
        return _new_target(msg.target, collection, find)
    on = tuple(msg.on)
    if len(on) % 2 != 1:
        raise InvalidInput(
            f"paths needs to have a uneven number of components: property, class, property, ...., got {list(on)}"
        )
    owner = collection if len(on) == 1 else _collection(find, on[-2])
    name, data_type, on_length = _leaf(owner, on[-1])
    return (*on[:-1], name), data_type, on_length, False


def _new_target(target: Any, collection: CollectionDef, find: FindCollection) -> Target:
    kind = target.WhichOneof("target")
    if kind == "property":
        name, data_type, on_length = _leaf(collection, target.property)
        return (name,), data_type, on_length, False
    if kind == "count":
        return (lowercase_first(target.count.on),), "int", False, True
    if kind == "single_target":
        ref = target.single_target
        on = lowercase_first(ref.on)
        prop = collection.prop(on)
        if prop is None:
            raise InvalidInput(NO_SUCH_PROPERTY.format(on, collection.name))
        if len(prop.data_type) != 1:
            raise InvalidInput(
                f"expected reference property with a single target, got [{' '.join(prop.data_type)}] for {on}"
            )
        linked = _collection(find, prop.data_type[0])
    elif kind == "multi_target":
        ref = target.multi_target
        on = lowercase_first(ref.on)
        linked = _collection(find, ref.target_collection)
    else:
        raise InvalidInput("invalid filter: the target must name a property, a reference or a count")
    child, data_type, on_length, on_ref_count = _new_target(ref.target, linked, find)
    return (on, linked.name, *child), data_type, on_length, on_ref_count


def _collection(find: FindCollection, name: str) -> CollectionDef:
    found = find(name)
    if found is None:
        raise InvalidInput(f"could not find class {name} in schema")
    return found


def _leaf(collection: CollectionDef, name: str) -> tuple[str, str | None, bool]:
    """(path element, data type used to correct the value, is a length filter)."""
    meta = _META_TYPES.get(name)
    if meta is not None:
        return name, meta, False
    length = length_of(name)
    if length is not None:
        return length, "int", True
    root = name.split(".", 1)[0].split("[", 1)[0]
    prop = collection.prop(root)
    if prop is None:
        raise InvalidInput(NO_SUCH_PROPERTY.format(name, collection.name))
    if root != name:
        return name, None, False  # nested path: no correction
    if prop.is_reference:
        return name, "int", False
    return name, prop.primitive.removesuffix("[]"), False


def _value(msg: Any, path: tuple[str, ...]) -> tuple[ValueType, Any]:
    kind = msg.WhichOneof("test_value")
    if kind == "value_text":
        return ValueType.TEXT, msg.value_text
    if kind == "value_int":
        return ValueType.INT, msg.value_int
    if kind == "value_boolean":
        return ValueType.BOOLEAN, msg.value_boolean
    if kind == "value_number":
        return ValueType.NUMBER, msg.value_number
    if kind == "value_text_array":
        return ValueType.TEXT_ARRAY, list(msg.value_text_array.values)
    if kind == "value_int_array":
        return ValueType.INT_ARRAY, list(msg.value_int_array.values)
    if kind == "value_boolean_array":
        return ValueType.BOOLEAN_ARRAY, list(msg.value_boolean_array.values)
    if kind == "value_number_array":
        return ValueType.NUMBER_ARRAY, list(msg.value_number_array.values)
    if kind == "value_geo":
        geo = msg.value_geo
        return ValueType.GEO_RANGE, GeoRange(geo.latitude, geo.longitude, geo.distance)
    raise InvalidInput(f"invalid filter on {'.'.join(path)}: no value given")


def _coerce(op: Operator, data_type: str, value_type: ValueType, value: Any) -> tuple[ValueType, Any]:
    if data_type == "date":
        if value_type is ValueType.TEXT:
            return ValueType.DATE, value
        if value_type is ValueType.TEXT_ARRAY:
            return ValueType.DATE_ARRAY, value
    elif data_type == "number":
        if value_type is ValueType.INT:
            return ValueType.NUMBER, float(value)
        if value_type is ValueType.TEXT:
            return ValueType.NUMBER, _parse_float(value, "a number")
        if value_type is ValueType.INT_ARRAY and op in _CONTAINS:
            return ValueType.NUMBER_ARRAY, [float(v) for v in value]
    elif data_type == "int":
        if value_type is ValueType.NUMBER:
            return ValueType.INT, float_to_int(value)
        if value_type is ValueType.TEXT:
            return ValueType.INT, float_to_int(_parse_float(value, "an integer"))
        if value_type is ValueType.NUMBER_ARRAY and op in _CONTAINS:
            return ValueType.INT_ARRAY, [float_to_int(v) for v in value]
    return value_type, value


def _parse_float(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InvalidInput(f"expected {what} value, but could not parse string '{text}'") from None


def float_to_int(value: float) -> int:
    if math.isnan(value) or math.isinf(value):
        raise InvalidInput(f"filtering for integer, but received a non-finite number {value}")
    if not -(2.0**63) <= value < 2.0**63:
        raise InvalidInput(f"filtering for integer, but received a value out of range {value}")
    if math.trunc(value) != value:
        raise InvalidInput(f"filtering for integer, but received a floating point number {value}")
    return int(value)
