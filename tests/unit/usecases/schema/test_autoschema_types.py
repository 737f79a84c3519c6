"""infer_property_types: the data type Weaviate's auto-schema picks for each JSON shape."""

from __future__ import annotations

from typing import Any

import pytest

from weftdb.errors import InvalidInput
from weftdb.usecases.schema.autoschema import AutoSchemaSettings, infer_property_types

DEFAULT = AutoSchemaSettings()
U1 = "df48b9f6-ba48-470c-bf6a-57657cb07390"
U2 = "8c156d37-81aa-4ce9-a811-621e2702b825"


def infer(value: Any, settings: AutoSchemaSettings = DEFAULT, **kwargs: Any) -> tuple[list[str], Any]:
    [(name, data_type, nested)] = infer_property_types(None, {"p": value}, settings, **kwargs)
    assert name == "p"
    return data_type, nested


def data_type(value: Any, settings: AutoSchemaSettings = DEFAULT, **kwargs: Any) -> list[str]:
    return infer(value, settings, **kwargs)[0]


def error(value: Any, **kwargs: Any) -> str:
    with pytest.raises(InvalidInput) as info:
        infer_property_types(None, {"p": value}, DEFAULT, class_name="Article", **kwargs)
    return info.value.message


# -- scalars ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("hello", "text"),
        ("", "text"),
        ("2022-01-01T10:00:00Z", "date"),
        ("2022-01-01T10:00:00.123+02:00", "date"),
        ("2022-01-01T1:02:03Z", "text"),  # Go parses it, but Weaviate's shape pre-check does not
        ("2022-02-30T10:00:00Z", "text"),
        (U1, "uuid"),
        (U1.upper(), "uuid"),
        (U1.replace("-", ""), "uuid"),  # 32 hex digits, e.g. an md5 hash, counts as a uuid
        ("{" + U1 + "}", "uuid"),
        ("d41d8cd98f00b204e9800998ecf8427x", "text"),
        (True, "boolean"),
        (None, "text"),
        (3, "number"),
        (3.5, "number"),
    ],
)
def test_scalar_types(value: Any, expected: str) -> None:
    assert data_type(value) == [expected]


def test_settings_for_strings_numbers_and_dates() -> None:
    settings = AutoSchemaSettings(default_string="string", default_number="int", default_date="text")
    assert data_type("x", settings) == ["string"]
    assert data_type(3, settings) == ["int"]
    assert data_type(3.5, settings) == ["int"]  # validation then rejects 3.5, as in Weaviate
    assert data_type("2022-01-01T10:00:00Z", settings) == ["text"]
    assert data_type(U1, settings) == ["uuid"]


def test_grpc_numbers_keep_their_kind() -> None:
    assert data_type(3.0, json_numbers=False) == ["number"]
    assert data_type(3, json_numbers=False) == ["int"]
    assert data_type(3, AutoSchemaSettings(default_number="int"), json_numbers=False) == ["int"]
    assert data_type(3.0, AutoSchemaSettings(default_number="int"), json_numbers=False) == ["number"]


# -- maps ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"latitude": 1.5, "longitude": 2}, "geoCoordinates"),
        ({"latitude": 1.5, "longitude": None}, "object"),
        ({"latitude": 1.5, "longitude": 2, "x": 1}, "object"),
        ({"input": "020 1234567"}, "phoneNumber"),
        ({"input": "020 1234567", "defaultCountry": "nl"}, "phoneNumber"),
        ({"input": "020 1234567", "defaultCountry": None}, "phoneNumber"),
        ({"input": "020 1234567", "country": "nl"}, "object"),
        ({"input": None}, "object"),
        ({"a": 1}, "object"),
        ({}, "object"),
    ],
)
def test_map_types(value: Any, expected: str) -> None:
    assert data_type(value) == [expected]


def test_object_gets_nested_properties() -> None:
    value = {"a": 1, "b": "x", "c": {"d": True, "geo": {"latitude": 1, "longitude": 2}}, "e": [1, 2], "f": None}
    assert infer(value) == (
        ["object"],
        [
            {"name": "a", "dataType": ["number"]},
            {"name": "b", "dataType": ["text"]},
            {
                "name": "c",
                "dataType": ["object"],
                "nestedProperties": [
                    {"name": "d", "dataType": ["boolean"]},
                    # geo and phone shapes are plain objects inside objects
                    {
                        "name": "geo",
                        "dataType": ["object"],
                        "nestedProperties": [
                            {"name": "latitude", "dataType": ["number"]},
                            {"name": "longitude", "dataType": ["number"]},
                        ],
                    },
                ],
            },
            {"name": "e", "dataType": ["number[]"]},
            {"name": "f", "dataType": ["text"]},
        ],
    )


def test_empty_object_has_no_nested_properties() -> None:
    assert infer({}) == (["object"], [])


def test_scalars_have_no_nested_properties() -> None:
    assert infer("x") == (["text"], None)


# -- lists -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([], "text[]"),
        (["a", "b"], "text[]"),
        (["2022-01-01T10:00:00Z"], "date[]"),
        ([U1, U2], "uuid[]"),
        (["2022-01-01T10:00:00Z", "a"], "text[]"),
        (["a", "2022-01-01T10:00:00Z"], "text[]"),
        ([U1, "2022-01-01T10:00:00Z"], "text[]"),
        (["2022-01-01T10:00:00Z", U1], "text[]"),
        ([U1, "a", "2022-01-01T10:00:00Z"], "text[]"),
        ([1, 2.5], "number[]"),
        ([True, False], "boolean[]"),
        ([{"a": 1}], "object[]"),
    ],
)
def test_list_types(value: Any, expected: str) -> None:
    assert data_type(value) == [expected]


def test_list_settings() -> None:
    assert data_type(["a"], AutoSchemaSettings(default_string="string")) == ["string[]"]
    assert data_type([], AutoSchemaSettings(default_string="string")) == ["text[]"]
    assert data_type([1], AutoSchemaSettings(default_number="int")) == ["int[]"]
    # arrays of dates ignore default_date
    assert data_type(["2022-01-01T10:00:00Z"], AutoSchemaSettings(default_date="text")) == ["date[]"]
    assert data_type([1, 2], json_numbers=False) == ["int[]"]
    assert data_type([1.0, 2.0], json_numbers=False) == ["number[]"]


def test_object_array_unites_the_keys_of_its_elements() -> None:
    value = [
        {"a": 1, "o": {"x": 1}},
        {"b": "x", "a": "not looked at", "o": {"y": True}},
        {"o": {"x": "ignored", "z": None}},
    ]
    assert infer(value) == (
        ["object[]"],
        [
            {"name": "a", "dataType": ["number"]},
            {
                "name": "o",
                "dataType": ["object"],
                "nestedProperties": [
                    {"name": "x", "dataType": ["number"]},
                    {"name": "y", "dataType": ["boolean"]},
                    {"name": "z", "dataType": ["text"]},
                ],
            },
            {"name": "b", "dataType": ["text"]},
        ],
    )


def test_later_object_array_elements_are_not_checked_under_known_scalar_keys() -> None:
    assert data_type([{"a": 1}, {"a": [[1]]}]) == ["object[]"]


# -- references ------------------------------------------------------------------------------
def beacon(*parts: str) -> dict[str, str]:
    return {"beacon": "weaviate://localhost/" + "/".join(parts)}


def test_references_with_class() -> None:
    assert infer([beacon("Person", U1)]) == (["Person"], None)
    assert data_type([beacon("Person", U1), beacon("Org", U2)]) == ["Person", "Org"]
    assert data_type([beacon("Person", U1), beacon("Person", U2)]) == ["Person"]


def test_references_without_class_are_looked_up() -> None:
    classes = {U1: "Person", U2: "Org"}
    assert data_type([beacon(U1), beacon(U2)], find_object_class=classes.get) == ["Person", "Org"]


def test_unresolved_references_are_objects() -> None:
    assert infer([beacon(U1)]) == (["object[]"], [{"name": "beacon", "dataType": ["text"]}])
    assert data_type([beacon(U1)], find_object_class=lambda _: None) == ["object[]"]
    assert data_type([{"beacon": "nonsense"}]) == ["object[]"]
    assert data_type([{"beacon": 5}]) == ["object[]"]


def test_references_inside_objects_are_objects() -> None:
    _, nested = infer({"r": [beacon("Person", U1)]})
    assert nested == [
        {"name": "r", "dataType": ["object[]"], "nestedProperties": [{"name": "beacon", "dataType": ["text"]}]}
    ]


# -- errors ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (["a", False], "element [1]: mismatched data type - 'text' expected, got 'boolean'"),
        ([1, "a"], "element [1]: mismatched data type - 'number' expected, got 'text'"),
        ([{"a": 1}, 1], "element [1]: mismatched data type - 'object' expected, got 'number'"),
        ([beacon("Person", U1), {"x": 1}], "element [1]: mismatched data type - reference expected, got 'object'"),
        ([{"x": 1}, beacon("Person", U1)], "element [1]: mismatched data type - 'object' expected, got reference"),
        (
            [["panic"]],
            "element [0]: unrecognized data type of value '[panic]' - "
            "one of 'text', 'number', 'int', 'boolean', 'date', 'uuid', 'object', 'cref' expected",
        ),
        (
            [1, None],
            "element [1]: unrecognized data type of value '<nil>' - "
            "one of 'text', 'number', 'int', 'boolean', 'date', 'uuid', 'object', 'cref' expected",
        ),
        (
            {"n": [[1]]},
            "nested property 'n': element [0]: unrecognized data type of value '[1]' - "
            "one of 'text', 'number', 'int', 'boolean', 'date', 'uuid', 'object' expected",
        ),
        (
            {"o": {"n": ["a", 1]}},
            "nested property 'o': nested property 'n': element [1]: mismatched data type - "
            "'text' expected, got 'number'",
        ),
        ([{"a": 1}, {"n": ["a", 1]}], "element [1]: mismatched data type - 'text' expected, got 'number'"),
    ],
)
def test_errors(value: Any, reason: str) -> None:
    assert error(value) == f"property 'p' on class 'Article': {reason}"


def test_string_arrays_mixed_with_dates_fail() -> None:
    settings = AutoSchemaSettings(default_string="string")
    with pytest.raises(InvalidInput, match="'string' expected, got 'date'"):
        infer_property_types(None, {"p": ["a", "2022-01-01T10:00:00Z"]}, settings)


def test_error_names_the_class_from_its_definition() -> None:
    with pytest.raises(InvalidInput, match="^property 'tags' on class 'Doc': element"):
        infer_property_types({"class": "Doc", "properties": []}, {"tags": [1, "a"]}, DEFAULT)


def test_errors_are_raised_even_for_existing_properties() -> None:
    existing = {"class": "Doc", "properties": [{"name": "tags", "dataType": ["text[]"]}]}
    with pytest.raises(InvalidInput):
        infer_property_types(existing, {"tags": ["a", 1]}, DEFAULT)
