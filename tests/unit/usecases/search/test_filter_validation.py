"""Schema-only checks of where filters and sorts, with Weaviate's messages."""

from __future__ import annotations

from typing import Any

import pytest

from weftdb.entities.filters import Filter, GeoRange, Operator, ValueType
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import SortSpec
from weftdb.errors import InvalidInput
from weftdb.usecases.search.filter_validation import clause_error, validate_filter
from weftdb.usecases.search.sort_validation import sort_errors, validate_sort

Op, V = Operator, ValueType
COLLECTION = CollectionDef.from_dict({
    "class": "Thing",
    "properties": [
        {"name": "title", "dataType": ["text"]},
        {"name": "tags", "dataType": ["text[]"]},
        {"name": "count", "dataType": ["int"]},
        {"name": "price", "dataType": ["number"]},
        {"name": "when", "dataType": ["date"]},
        {"name": "flag", "dataType": ["boolean"]},
        {"name": "ref", "dataType": ["uuid"]},
        {"name": "refs", "dataType": ["uuid[]"]},
        {"name": "geo", "dataType": ["geoCoordinates"]},
        {"name": "phone", "dataType": ["phoneNumber"]},
        {"name": "blob", "dataType": ["blob"]},
        {"name": "obj", "dataType": ["object"], "nestedProperties": [{"name": "a", "dataType": ["int"]}]},
        {"name": "friend", "dataType": ["Person"]},
    ],
})


def leaf(op: Operator, path: str, value: Any, value_type: ValueType, **kw: Any) -> Filter:
    return Filter(op, (path,), value, value_type, **kw)


VALID = [
    leaf(Op.EQUAL, "title", "x", V.TEXT),
    leaf(Op.CONTAINS_ANY, "tags", ["a"], V.TEXT_ARRAY),
    leaf(Op.EQUAL, "tags", "a", V.TEXT),
    leaf(Op.GREATER_THAN, "count", 1, V.INT),
    leaf(Op.CONTAINS_ALL, "count", [1, 2], V.INT_ARRAY),
    leaf(Op.LESS_THAN, "when", "2024-01-01T00:00:00Z", V.DATE),
    leaf(Op.EQUAL, "ref", "00000000-0000-0000-0000-000000000001", V.TEXT),
    leaf(Op.IS_NULL, "geo", True, V.BOOLEAN),
    leaf(Op.WITHIN_GEO_RANGE, "geo", GeoRange(1, 2, 3), V.GEO_RANGE),
    leaf(Op.EQUAL, "title", 3, V.INT, on_length=True),
    leaf(Op.GREATER_THAN, "friend", 1, V.INT),
    leaf(Op.EQUAL, "_id", "x", V.TEXT),
    leaf(Op.GREATER_THAN, "_creationTimeUnix", "1", V.TEXT),
    leaf(Op.LESS_THAN, "_lastUpdateTimeUnix", "2024-01-01T00:00:00Z", V.DATE),
    leaf(Op.EQUAL, "count", 1, None),  # type: ignore[arg-type]  # built in-process
]


@pytest.mark.parametrize("clause", VALID)
def test_valid_filters(clause: Filter) -> None:
    validate_filter(COLLECTION, clause)


@pytest.mark.parametrize(("clause", "message"), [
    (leaf(Op.EQUAL, "nope", 1, V.INT),
     "no such prop with name 'nope' found in class 'Thing' in the schema. Check your schema files for which "
     "properties in this class are available"),
    (leaf(Op.EQUAL, "count", "1", V.TEXT), 'data type filter cannot use "valueText" on type "int", use "valueInt" instead'),
    (leaf(Op.EQUAL, "tags", 1, V.INT), 'data type filter cannot use "valueInt" on type "text[]", use "valueText" instead'),
    (leaf(Op.LIKE, "price", "1*", V.TEXT), 'data type filter cannot use "valueText" on type "number", use "valueNumber"'),
    (leaf(Op.EQUAL, "geo", "x", V.TEXT), 'cannot use "valueText" on type "geoCoordinates", use "valueGeoCoordinates"'),
    (leaf(Op.WITHIN_GEO_RANGE, "count", GeoRange(1, 2, 3), V.GEO_RANGE), 'cannot use "valueGeoCoordinates" on type "int"'),
    (leaf(Op.EQUAL, "phone", "x", V.TEXT), 'use "valuePhoneNumber" instead'),
    (leaf(Op.EQUAL, "blob", "x", V.TEXT), 'use "valueBlob" instead'),
    (leaf(Op.IS_NULL, "title", "x", V.TEXT), "operator IsNull requires a booleanValue, got valueText instead"),
    (leaf(Op.EQUAL, "title", "3", V.TEXT, on_length=True),
     'Filtering for property length requires IntValue, got "valueText" instead'),
    (leaf(Op.LIKE, "title", 3, V.INT, on_length=True),
     "Filtering for property length supports operators (not) equal and greater/less than (equal), got 10 instead"),
    (leaf(Op.EQUAL, "title", -1, V.INT, on_length=True), "Can only filter for positive property length got -1 instead"),
    (leaf(Op.LIKE, "ref", "a*", V.TEXT), 'operator "Like" cannot be used on uuid/uuid[] props'),
    (leaf(Op.EQUAL, "refs", 1, V.INT), 'property "refs" is of type "uuid" or "uuid[]": specify uuid as string using'),
    (leaf(Op.EQUAL, "friend", "x", V.TEXT), 'Property "friend" is a ref prop to the class "Person". Only "valueInt"'),
    (leaf(Op.EQUAL, "obj", 1, V.INT), "filtering on nested properties is a preview feature, disabled by default; "
                                     "set WEAVIATE_PREVIEW_NESTED_FILTERING=true to enable"),
    (leaf(Op.EQUAL, "obj.a", 1, V.INT), "filtering on nested properties is a preview feature"),
    (leaf(Op.EQUAL, "tags[0]", "a", V.TEXT), 'property "tags[0]": [N] indexing is only supported on nested object[]'),
    (leaf(Op.EQUAL, "_id", 1, V.INT), 'using ["_id"] to filter by uuid: must use "valueText" to specify the id'),
    (leaf(Op.EQUAL, "_creationTimeUnix", 1, V.INT),
     'using ["_creationTimeUnix"] to filter by timestamp: must use "valueText" or "valueDate"'),
])
def test_refused_filters(clause: Filter, message: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_filter(COLLECTION, clause)
    assert message in err.value.message


def test_operand_errors_are_collected_with_positions() -> None:
    bad = Filter(Op.AND, operands=(
        leaf(Op.EQUAL, "title", "x", V.TEXT),
        leaf(Op.EQUAL, "nope", 1, V.INT),
        Filter(Op.NOT, operands=(leaf(Op.EQUAL, "count", "1", V.TEXT),)),
    ))
    error = clause_error(COLLECTION, bad)
    assert error is not None
    assert error.startswith("child operand at position 1: no such prop with name 'nope'")
    assert ', child operand at position 2: child operand at position 0: data type filter cannot use' in error


def test_reference_paths_look_up_the_linked_collection() -> None:
    person = CollectionDef.from_dict({"class": "Person", "properties": [{"name": "name", "dataType": ["text"]}]})
    clause = Filter(Op.EQUAL, ("friend", "Person", "name"), "x", V.TEXT)
    assert clause_error(COLLECTION, clause, {"Person": person}.get) is None
    assert clause_error(COLLECTION, Filter(Op.EQUAL, ("friend", "Person", "age"), 1, V.INT), {"Person": person}.get)
    assert clause_error(COLLECTION, clause, lambda _: None) == 'class "Person" does not exist in schema'


@pytest.mark.parametrize("sort", [
    [SortSpec(("title",))], [SortSpec(("_id",), False), SortSpec(("_creationTimeUnix",))],
    [SortSpec(("geo",)), SortSpec(("phone",)), SortSpec(("blob",)), SortSpec(("obj",)), SortSpec(("tags",))],
])
def test_valid_sorts(sort: list[SortSpec]) -> None:
    validate_sort(COLLECTION, sort)


@pytest.mark.parametrize(("sort", "message"), [
    ([SortSpec(("nope",))], "invalid 'sort' parameter: sort parameter at position 0: no such prop with name 'nope'"),
    ([SortSpec(("title",)), SortSpec(("ref",))],
     'sort parameter at position 1: prop "ref" is of type uuid/uuid[]: sorting by uuid is currently not supported'),
    ([SortSpec(("friend",))], 'sorting by reference not supported, property "friend" is a ref prop to the class "Person"'),
    ([SortSpec(("friend", "Person", "name"))], "sorting by reference not supported, path must have exactly one argument"),
    ([SortSpec(())], "path parameter cannot be empty"),
])
def test_refused_sorts(sort: list[SortSpec], message: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_sort(COLLECTION, sort)
    assert message in err.value.message


def test_empty_sort_is_an_error() -> None:
    assert sort_errors(COLLECTION, []) == "empty sort"
