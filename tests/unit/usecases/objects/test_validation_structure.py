"""validate_properties: names, nulls, nested objects and cross-references."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from weftdb.errors import InvalidInput
from weftdb.usecases.objects.validation import ObjectExists, validate_properties

U1 = "df48b9f6-ba48-470c-bf6a-57657cb07390"
U2 = "8c156d37-81aa-4ce9-a811-621e2702b825"
ARTICLE: dict[str, Any] = {
    "class": "Article",
    "properties": [
        {"name": "title", "dataType": ["text"]},
        {"name": "author", "dataType": ["Person"]},
        {"name": "mentions", "dataType": ["Person", "Org"]},
        {
            "name": "meta",
            "dataType": ["object"],
            "nestedProperties": [
                {"name": "a", "dataType": ["int"]},
                {"name": "When", "dataType": ["date"]},
                {
                    "name": "inner",
                    "dataType": ["object"],
                    "nestedProperties": [
                        {"name": "b", "dataType": ["text"]},
                        {
                            "name": "deeper",
                            "dataType": ["object[]"],
                            "nestedProperties": [{"name": "c", "dataType": ["uuid"]}],
                        },
                    ],
                },
            ],
        },
        {
            "name": "items",
            "dataType": ["object[]"],
            "nestedProperties": [
                {"name": "name", "dataType": ["text"]},
                {"name": "qty", "dataType": ["number"]},
            ],
        },
    ],
}


def check(props: Any, *, class_exists: Any = None, object_exists: ObjectExists | None = None) -> dict[str, Any]:
    exists = class_exists or (lambda name: name in ("Person", "Org"))
    return validate_properties(ARTICLE, props, class_exists=exists, object_exists=object_exists)


def error(props: Any, **kwargs: Any) -> str:
    with pytest.raises(InvalidInput) as info:
        check(props, **kwargs)
    return info.value.message


# -- names and nulls -------------------------------------------------------------------------
def test_property_names_get_a_lower_case_first_letter() -> None:
    assert check({"Title": "x"}) == {"title": "x"}


def test_unknown_property() -> None:
    assert error({"Nope": "x"}) == (
        "no such prop with name 'nope' found in class 'Article' in the schema. "
        "Check your schema files for which properties in this class are available"
    )


def test_top_level_nulls_are_dropped_even_for_unknown_names() -> None:
    assert check({"title": None, "nope": None, "author": None}) == {}


def test_properties_none_and_empty() -> None:
    assert check(None) == {}
    assert check({}) == {}


def test_properties_must_be_a_map() -> None:
    assert error([1, "a"]) == "could not recognize object's properties: [1 a]"
    assert error("x") == "could not recognize object's properties: x"


def test_input_is_not_modified() -> None:
    props = {
        "Title": "x",
        "author": [{"beacon": f"weaviate://localhost/{U1.upper()}", "href": "/v1/objects/x"}],
        "meta": {"a": 1, "inner": {"b": None}},
    }
    before = copy.deepcopy(props)
    check(props)
    assert props == before


def test_class_without_properties() -> None:
    with pytest.raises(InvalidInput):
        validate_properties({"class": "Empty"}, {"a": 1}, class_exists=lambda _: True)
    assert validate_properties({"class": "Empty", "properties": None}, {"a": None}, class_exists=lambda _: True) == {}


def test_broken_data_types_in_the_definition() -> None:
    broken = {"class": "B", "properties": [{"name": "x", "dataType": ["nonsense"]}, {"name": "y", "dataType": [""]}]}
    with pytest.raises(InvalidInput, match="^given value-DataType does not exist$"):
        validate_properties(broken, {"x": 1}, class_exists=lambda _: True)
    with pytest.raises(InvalidInput, match="^invalid-dataType$"):
        validate_properties(broken, {"y": 1}, class_exists=lambda _: True)


# -- nested objects --------------------------------------------------------------------------
def test_deep_nested_values_are_validated_and_normalised() -> None:
    meta = {
        "a": 3,
        "When": "2022-01-01T10:00:00+00:00",
        "inner": {"b": "x", "deeper": [{"c": U1.upper()}, {"c": None}, {}]},
    }
    assert check({"meta": meta}) == {
        "meta": {
            "a": 3,
            "When": "2022-01-01T10:00:00Z",
            "inner": {"b": "x", "deeper": [{"c": U1}, {"c": None}, {}]},
        }
    }


def test_nested_nulls_are_kept() -> None:
    assert check({"meta": {"a": None}, "items": [{"name": None}]}) == {"meta": {"a": None}, "items": [{"name": None}]}


def test_nested_names_are_not_lower_cased() -> None:
    assert error({"meta": {"when": "2022-01-01T10:00:00Z"}}) == (
        "invalid object property 'meta' on class 'Article': unknown property 'meta.when'"
    )


def test_unknown_nested_key_fails_even_when_null() -> None:
    assert error({"meta": {"zzz": None}}) == (
        "invalid object property 'meta' on class 'Article': unknown property 'meta.zzz'"
    )


def test_nested_type_error() -> None:
    assert error({"meta": {"a": "x"}}) == (
        "invalid object property 'meta' on class 'Article': property 'meta.a': "
        "invalid integer property 'meta.a' on class 'Article': requires an integer, the given value is 'x'"
    )


def test_deep_nested_type_errors() -> None:
    assert error({"meta": {"inner": {"b": 1}}}) == (
        "invalid object property 'meta' on class 'Article': property 'meta.inner': "
        "invalid object property 'meta.inner' on class 'Article': property 'meta.inner.b': "
        "invalid text property 'meta.inner.b' on class 'Article': not a string, but json.Number"
    )
    assert error({"meta": {"inner": {"deeper": [{"c": "x"}]}}}) == (
        "invalid object property 'meta' on class 'Article': property 'meta.inner': "
        "invalid object property 'meta.inner' on class 'Article': property 'meta.inner.deeper': "
        "invalid object[] property 'meta.inner.deeper' on class 'Article': invalid object '0' in array: "
        "property 'meta.inner.deeper.c': invalid uuid property 'meta.inner.deeper.c' on class 'Article': "
        "requires a string of UUID format, but the given value is 'x'"
    )


def test_object_shape_errors() -> None:
    assert error({"meta": [1]}) == (
        "invalid object property 'meta' on class 'Article': object must be a map, but got: []interface {}"
    )
    assert error({"items": {"name": "x"}}) == (
        "invalid object[] property 'items' on class 'Article': not an object array, but map[string]interface {}"
    )
    assert error({"items": ["x"]}) == (
        "invalid object[] property 'items' on class 'Article': invalid object '0' in array: "
        "object must be a map, but got: string"
    )


def test_object_array_element_error() -> None:
    assert error({"items": [{"name": "a", "qty": 1}, {"name": True}]}) == (
        "invalid object[] property 'items' on class 'Article': invalid object '1' in array: "
        "property 'items.name': invalid text property 'items.name' on class 'Article': not a string, but bool"
    )


def test_object_array_values() -> None:
    assert check({"items": [{"name": "a", "qty": 1}], "meta": {}}) == {
        "items": [{"name": "a", "qty": 1.0}],
        "meta": {},
    }
    assert check({"items": []}) == {"items": []}


# -- cross-references --------------------------------------------------------------------------
def beacon(*parts: str) -> dict[str, str]:
    return {"beacon": "weaviate://localhost/" + "/".join(parts)}


def test_reference_with_class_is_lower_cased() -> None:
    assert check({"author": [beacon("Person", U1.upper())]}) == {"author": [beacon("Person", U1)]}


def test_reference_without_class_gets_the_single_target_class() -> None:
    assert check({"author": [beacon(U1), beacon(U2)]}) == {"author": [beacon("Person", U1), beacon("Person", U2)]}


def test_multi_target_reference_without_class_stays_classless() -> None:
    seen: list[tuple[str, str]] = []

    def exists(cls: str, uid: str) -> bool:
        seen.append((cls, uid))
        return True

    out = check({"mentions": [beacon(U1), beacon("Org", U2)]}, object_exists=exists)
    assert out == {"mentions": [beacon(U1), beacon("Org", U2)]}
    assert seen == [("", U1), ("Org", U2)]


def test_reference_href_is_dropped_and_scheme_ignored() -> None:
    ref = {"beacon": f"http://localhost/Person/{U1}", "href": f"/v1/objects/Person/{U1}"}
    assert check({"author": [ref]}) == {"author": [beacon("Person", U1)]}


def test_reference_short_uuid_forms_are_canonicalised() -> None:
    assert check({"author": [beacon("Person", U1.replace("-", ""))]}) == {"author": [beacon("Person", U1)]}


def test_empty_reference_list() -> None:
    assert check({"author": []}) == {"author": []}


def test_reference_to_missing_class_or_object() -> None:
    missing = f"invalid cref: 'cref' Article:author: no object with id {U1} found"
    assert error({"author": [beacon("Ghost", U1)]}) == missing
    assert error({"author": [beacon(U1)]}, object_exists=lambda cls, uid: False) == missing


def test_reference_target_class_is_not_matched_against_the_data_type() -> None:
    # Weaviate only checks that the target object exists
    assert check({"author": [beacon("Org", U1)]}) == {"author": [beacon("Org", U1)]}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (beacon("Person", U1), f"reference property is not a slice map[beacon:weaviate://localhost/Person/{U1}]"),
        ("x", "reference property is not a slice x"),
        (["x"], "reference property is not a map: map[string]interface {}"),
        ([{"href": "/v1/objects"}], "beacon property is not a string: <nil>"),
        ([{"beacon": 5}], "beacon property is not a string: json.Number"),
        ([beacon("Person", "abc")], "invalid cref URI: 2nd path segment must be uuid, but got 'abc'"),
        ([beacon("abc")], "invalid cref URI: 1nd path segment must be uuid, but got 'abc'"),
        ([beacon("a", "b", U1)], f"invalid cref URI: path must be of format '<class>/<uuid>', but got '/a/b/{U1}'"),
        ([{"beacon": "weaviate://localhost"}], "invalid cref URI: %!w(<nil>)"),
        ([{"beacon": f"weaviate:Person/{U1}"}], "invalid cref URI: %!w(<nil>)"),
        ([{"beacon": f"weaviate://remote/Person/{U1}"}], "invalid cref: unrecognized cross-ref ref format"),
        ([{"beacon": f"weaviate://localhost:8080/Person/{U1}"}], "invalid cref: unrecognized cross-ref ref format"),
    ],
)
def test_reference_errors(value: Any, message: str) -> None:
    assert error({"author": value}) == message


def test_reference_with_extra_keys() -> None:
    ref = {"beacon": f"weaviate://localhost/{U1}", "x": 1, "y": None}
    assert error({"author": [ref]}) == (
        "invalid cref: only direct references supported at the moment, concept references not supported yet: "
        "class 'Article' with property 'author' requires exactly 1 arguments: 'beacon'. Check your input schema, "
        'got: map[string]interface {}{"beacon":"weaviate://localhost/Person/'
        + U1
        + '", "x":"1", "y":interface {}(nil)}'
    )


def test_shape_errors_of_any_reference_come_before_existence_checks() -> None:
    assert error({"author": [beacon("Ghost", U1), "x"]}) == "reference property is not a map: map[string]interface {}"


def test_classless_beacon_on_another_host_becomes_local_for_single_targets() -> None:
    # Weaviate rebuilds a class-less beacon as weaviate://localhost/<Class>/<id>
    assert check({"author": [{"beacon": f"weaviate://remote/{U1}"}]}) == {"author": [beacon("Person", U1)]}
