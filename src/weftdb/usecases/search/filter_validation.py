"""Where-filter checks that need only the schema (Weaviate's
``entities/filters/filters_validator.go``), as pure functions.

Checked per clause: the property exists; nested-object paths are refused (a
preview feature Weaviate keeps off by default); ``IsNull`` takes a boolean;
``len(prop)`` takes a non-negative int and comparison operators; uuid
properties take text and no ``Like``/``IsNull``-style operators; a reference
property directly takes only an int (its count); otherwise the value kind must
be the property's (element) type. Errors of And/Or/Not operands are collected
and joined like Weaviate's (``child operand at position N: ...``).
"""

from __future__ import annotations

from collections.abc import Callable

from weftdb.entities.filters import (
    CREATION_TIME_PATH,
    ID_PATH,
    UPDATE_TIME_PATH,
    Filter,
    Operator,
    ValueType,
)
from weftdb.entities.schema import CollectionDef, PropertyDef
from weftdb.errors import InvalidInput
from weftdb.usecases.objects.validation import ERROR_NO_SUCH_PROPERTY as NO_SUCH_PROPERTY

FindCollection = Callable[[str], "CollectionDef | None"]

NESTED_DISABLED = (
    "filtering on nested properties is a preview feature, disabled by default; "
    "set WEAVIATE_PREVIEW_NESTED_FILTERING=true to enable"
)
#: Weaviate prints its operator enum as a number in some messages
GO_OPERATOR_NUMBER = {op: i for i, op in enumerate((
    Operator.EQUAL, Operator.NOT_EQUAL, Operator.GREATER_THAN, Operator.GREATER_THAN_EQUAL,
    Operator.LESS_THAN, Operator.LESS_THAN_EQUAL, Operator.AND, Operator.OR, Operator.WITHIN_GEO_RANGE,
    Operator.LIKE, Operator.IS_NULL, Operator.CONTAINS_ANY, Operator.CONTAINS_ALL, Operator.CONTAINS_NONE,
    Operator.NOT), start=1)}
_LENGTH_OPERATORS = frozenset({
    Operator.EQUAL, Operator.NOT_EQUAL, Operator.GREATER_THAN, Operator.GREATER_THAN_EQUAL,
    Operator.LESS_THAN, Operator.LESS_THAN_EQUAL,
})
_UUID_OPERATORS = _LENGTH_OPERATORS | {Operator.CONTAINS_ANY, Operator.CONTAINS_ALL, Operator.CONTAINS_NONE}
_VALUE_BASE = {
    ValueType.TEXT: "text", ValueType.TEXT_ARRAY: "text", ValueType.INT: "int", ValueType.INT_ARRAY: "int",
    ValueType.NUMBER: "number", ValueType.NUMBER_ARRAY: "number", ValueType.BOOLEAN: "boolean",
    ValueType.BOOLEAN_ARRAY: "boolean", ValueType.DATE: "date", ValueType.DATE_ARRAY: "date",
    ValueType.GEO_RANGE: "geoCoordinates",
}


def validate_filter(collection: CollectionDef, clause: Filter, find: FindCollection | None = None) -> None:
    """Raise InvalidInput with Weaviate's message when the filter does not fit the schema."""
    error = clause_error(collection, clause, find)
    if error is not None:
        raise InvalidInput(error)


def clause_error(collection: CollectionDef, clause: Filter, find: FindCollection | None = None) -> str | None:
    if clause.operator.is_logical:
        errors = []
        for pos, operand in enumerate(clause.operands):
            error = clause_error(collection, operand, find)
            if error is not None:
                errors.append(f"child operand at position {pos}: {error}")
        return ", ".join(errors) or None
    if not clause.path:
        return "field 'path': must have at least one element"
    name = clause.path[-1]
    if name in (ID_PATH, "id", CREATION_TIME_PATH, UPDATE_TIME_PATH):
        return None if clause.value_type is None else _internal_error(name, clause)
    owner = collection if len(clause.path) == 1 else _linked(find, clause.path[-2])
    if owner is None:
        return f'class "{clause.path[-2]}" does not exist in schema'
    return _property_error(owner, name, clause)


def _linked(find: FindCollection | None, name: str) -> CollectionDef | None:
    return find(name) if find is not None else None


def _internal_error(name: str, clause: Filter) -> str | None:
    base = value_base(clause.value_type)
    if name in (ID_PATH, "id"):
        return None if base == "text" else 'using ["_id"] to filter by uuid: must use "valueText" to specify the id'
    if base in ("text", "date"):
        return None
    return f'using ["{name}"] to filter by timestamp: must use "valueText" or "valueDate"'


def _property_error(collection: CollectionDef, name: str, clause: Filter) -> str | None:
    root = name.split(".", 1)[0].split("[", 1)[0]
    prop = collection.prop(root)
    if prop is None:
        return NO_SUCH_PROPERTY.format(root, collection.name)
    nested = not prop.is_reference and prop.primitive in ("object", "object[]")
    if "[" in name.split(".", 1)[0] and not nested:
        return f'property "{name}": [N] indexing is only supported on nested object[] properties'
    if nested or root != name:
        return NESTED_DISABLED
    if clause.value_type is None:  # built in-process without a value kind: nothing more to check
        return None
    if clause.operator is Operator.IS_NULL:
        if clause.value_type is ValueType.BOOLEAN:
            return None
        return f"operator IsNull requires a booleanValue, got {value_name(clause.value_type)} instead"
    if clause.on_length:
        return _length_error(clause)
    return _type_error(prop, clause)


def _length_error(clause: Filter) -> str | None:
    if clause.value_type is not ValueType.INT:
        return f'Filtering for property length requires IntValue, got "{value_name(clause.value_type)}" instead'
    if clause.operator not in _LENGTH_OPERATORS:
        return (
            "Filtering for property length supports operators (not) equal and greater/less than (equal), "
            f"got {GO_OPERATOR_NUMBER[clause.operator]} instead"
        )
    if isinstance(clause.value, int) and clause.value < 0:
        return f"Can only filter for positive property length got {clause.value} instead"
    return None


def _type_error(prop: PropertyDef, clause: Filter) -> str | None:
    base = value_base(clause.value_type)
    if prop.is_reference:
        if clause.on_ref_count or base == "int":
            return None
        return (
            f'Property "{prop.name}" is a ref prop to the class "{prop.data_type[0]}". Only "valueInt" can be used '
            "on a ref prop directly to count the number of refs. Or did you mean to filter on a primitive prop "
            "of the referenced class? In this case make sure your path contains 3 elements in the form of "
            "[<propName>, <ClassNameOfReferencedClass>, <primitvePropOnClass>]"
        )
    data_type = prop.primitive
    element = data_type.removesuffix("[]")
    if element == "uuid":
        return _uuid_error(prop, clause, base)
    if element == "string":
        element = "text"
    if base != element:
        return (
            f'data type filter cannot use "{value_name(clause.value_type)}" on type "{data_type}", '
            f'use "{_value_name_of(element)}" instead'
        )
    return None


def _uuid_error(prop: PropertyDef, clause: Filter, base: str | None) -> str | None:
    if base != "text":
        return (
            f'property "{prop.name}" is of type "uuid" or "uuid[]": specify uuid as string using "valueText"'
        )
    if clause.operator not in _UUID_OPERATORS:
        return f'operator "{clause.operator.value}" cannot be used on uuid/uuid[] props'
    return None


def value_base(value_type: ValueType | None) -> str | None:
    """The element data type a value kind stands for (arrays: their element)."""
    return None if value_type is None else _VALUE_BASE.get(value_type)


def value_name(value_type: ValueType | None) -> str:
    """Weaviate's name of a value kind in messages (``valueText``, ``valueGeoCoordinates``)."""
    return _value_name_of(value_base(value_type) or "")


def _value_name_of(data_type: str) -> str:
    return "value" + data_type[:1].upper() + data_type[1:]
