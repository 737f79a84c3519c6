"""validate_properties: every primitive data type and its array, valid and invalid, with
Weaviate's exact messages (REST numbers are json.Number, gRPC numbers float64/int64)."""

from __future__ import annotations

from typing import Any

import pytest

from weftdb.errors import InvalidInput
from weftdb.usecases.objects.validation import validate_properties

TYPES = {
    "title": "text",
    "legacy": "string",
    "count": "int",
    "score": "number",
    "flag": "boolean",
    "published": "date",
    "refId": "uuid",
    "location": "geoCoordinates",
    "phone": "phoneNumber",
    "image": "blob",
    "imageHash": "blobHash",
    "tags": "text[]",
    "legacyTags": "string[]",
    "counts": "int[]",
    "scores": "number[]",
    "flags": "boolean[]",
    "dates": "date[]",
    "ids": "uuid[]",
}
ARTICLE: dict[str, Any] = {
    "class": "Article",
    "properties": [{"name": name, "dataType": [dt]} for name, dt in TYPES.items()],
}
U1 = "df48b9f6-ba48-470c-bf6a-57657cb07390"


def check(props: Any, *, json_numbers: bool = True) -> dict[str, Any]:
    return validate_properties(ARTICLE, props, class_exists=lambda _: True, json_numbers=json_numbers)


def one(name: str, value: Any, *, json_numbers: bool = True) -> Any:
    return check({name: value}, json_numbers=json_numbers)[name]


def error(name: str, value: Any, *, json_numbers: bool = True) -> str:
    with pytest.raises(InvalidInput) as info:
        check({name: value}, json_numbers=json_numbers)
    return info.value.message


# -- text / string / boolean ---------------------------------------------------------------
def test_text_is_kept() -> None:
    assert one("title", "héllo") == "héllo"
    assert one("title", "") == ""
    assert one("legacy", "x") == "x"


@pytest.mark.parametrize(
    ("value", "json_numbers", "type_name"),
    [
        (2, True, "json.Number"),
        (2.5, True, "json.Number"),
        (2.0, False, "float64"),
        (True, True, "bool"),
        ({"a": 1}, True, "map[string]interface {}"),
        (["a"], True, "[]interface {}"),
    ],
)
def test_text_rejects_other_types(value: Any, json_numbers: bool, type_name: str) -> None:
    assert error("title", value, json_numbers=json_numbers) == (
        f"invalid text property 'title' on class 'Article': not a string, but {type_name}"
    )


def test_deprecated_string_uses_its_own_word() -> None:
    assert error("legacy", 1) == "invalid string property 'legacy' on class 'Article': not a string, but json.Number"


def test_boolean() -> None:
    assert one("flag", False) is False
    assert error("flag", "true") == "invalid boolean property 'flag' on class 'Article': not a bool, but string"
    assert error("flag", 1) == "invalid boolean property 'flag' on class 'Article': not a bool, but json.Number"


# -- int ---------------------------------------------------------------------------------------
def test_int_from_json_integer_literal() -> None:
    value = one("count", 5)
    assert value == 5 and type(value) is int
    assert one("count", -(2**63)) == -(2**63)


def test_int_is_stored_as_float64_like_weaviate() -> None:
    assert one("count", 2**53 + 1) == 2**53


@pytest.mark.parametrize(("value", "shown"), [(5.0, "5.0"), (5.5, "5.5"), (2**63, str(2**63))])
def test_int_rest_rejects_non_integer_literals(value: Any, shown: str) -> None:
    assert error("count", value) == (
        f"invalid integer property 'count' on class 'Article': the JSON number '{shown}' could not be converted to an int"
    )


def test_int_grpc_accepts_whole_floats() -> None:
    value = one("count", 5.0, json_numbers=False)
    assert value == 5 and type(value) is int


@pytest.mark.parametrize(("value", "shown"), [(5.5, "5.5"), (1e20, "1e+20"), (float("nan"), "NaN")])
def test_int_grpc_rejects_fractions(value: float, shown: str) -> None:
    assert error("count", value, json_numbers=False) == (
        f"invalid integer property 'count' on class 'Article': requires an integer, the given value is '{shown}'"
    )


@pytest.mark.parametrize(("value", "shown"), [("5", "5"), (True, "true"), ([1], "[1]"), ({"a": 1}, "map[a:1]")])
def test_int_rejects_non_numbers(value: Any, shown: str) -> None:
    assert error("count", value) == (
        f"invalid integer property 'count' on class 'Article': requires an integer, the given value is '{shown}'"
    )


# -- number ------------------------------------------------------------------------------------
def test_number_becomes_float() -> None:
    value = one("score", 5)
    assert value == 5.0 and type(value) is float
    assert one("score", 0.1) == 0.1
    assert one("score", 3, json_numbers=False) == 3.0


def test_number_rejects_non_numbers() -> None:
    assert (
        error("score", "x")
        == "invalid number property 'score' on class 'Article': requires a float, the given value is 'x'"
    )
    assert error("score", False) == (
        "invalid number property 'score' on class 'Article': requires a float, the given value is 'false'"
    )


def test_number_rejects_non_finite() -> None:
    assert error("score", float("inf")) == (
        "invalid number property 'score' on class 'Article': the JSON number 'inf' could not be converted to a float."
    )
    assert error("score", float("nan"), json_numbers=False) == (
        "invalid number property 'score' on class 'Article': requires a float, the given value is 'NaN'"
    )


# -- date --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2022-01-01T10:00:00Z", "2022-01-01T10:00:00Z"),
        ("2022-01-01T10:00:00+00:00", "2022-01-01T10:00:00Z"),
        ("2022-01-01T10:00:00-00:00", "2022-01-01T10:00:00Z"),
        ("2022-01-01T10:00:00.000000+00:00", "2022-01-01T10:00:00Z"),  # what weaviate-client sends
        ("2022-01-01T10:00:00.123456+02:00", "2022-01-01T10:00:00.123456+02:00"),
        ("2022-01-01T10:00:00.500-05:30", "2022-01-01T10:00:00.5-05:30"),
        ("2022-01-01T10:00:00.1234567891Z", "2022-01-01T10:00:00.123456789Z"),
        ("2022-01-01T10:00:00,25Z", "2022-01-01T10:00:00.25Z"),
        ("2022-01-01T1:02:03Z", "2022-01-01T01:02:03Z"),
        ("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"),
        ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"),
    ],
)
def test_date_is_reencoded_as_rfc3339nano(given: str, stored: str) -> None:
    assert one("published", given) == stored


@pytest.mark.parametrize(
    "value",
    [
        "2022-01-01",
        "2022-01-01 10:00:00Z",
        "2022-01-01t10:00:00Z",
        "2022-01-01T10:00:00z",
        "2022-01-01T10:00:00",
        "2022-01-01T10:00:00+0200",
        "2022-01-01T10:00:00+24:00",
        "2022-02-30T10:00:00Z",
        "2023-02-29T10:00:00Z",
        "2022-13-01T10:00:00Z",
        "2022-01-01T24:00:00Z",
        "2022-01-01T10:60:00Z",
        "2022-01-01T10:00:60Z",
        "2022-01-01T10:00:00.Z",
        "22-01-01T10:00:00Z",
        "２０２２-01-01T10:00:00Z",
    ],
)
def test_date_rejects_what_go_does_not_parse(value: str) -> None:
    assert error("published", value) == (
        "invalid date property 'published' on class 'Article': "
        f"requires a string with a RFC3339 formatted date, but the given value is '{value}'"
    )


def test_date_rejects_non_strings() -> None:
    assert error("published", 5) == (
        "invalid date property 'published' on class 'Article': "
        "requires a string with a RFC3339 formatted date, but the given value is '5'"
    )


# -- uuid --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "given",
    [
        U1,
        U1.upper(),
        U1.replace("-", ""),
        "{" + U1 + "}",
        "urn:uuid:" + U1,
        "URN:UUID:" + U1.upper(),
    ],
)
def test_uuid_is_canonical_lower_case(given: str) -> None:
    assert one("refId", given) == U1


@pytest.mark.parametrize("value", ["abc", U1[:-1] + "g", U1.replace("-", "_"), "x" * 45, 12])
def test_uuid_rejects(value: Any) -> None:
    assert error("refId", value) == (
        f"invalid uuid property 'refId' on class 'Article': requires a string of UUID format, but the given value is '{value}'"
    )


# -- geoCoordinates ----------------------------------------------------------------------------
def test_geo_is_stored_as_float32() -> None:
    assert one("location", {"latitude": 52.366667, "longitude": 4.9}) == {"latitude": 52.36667, "longitude": 4.9}
    assert one("location", {"latitude": 52, "longitude": 0.1}) == {"latitude": 52.0, "longitude": 0.1}


def test_geo_has_no_range_check() -> None:
    assert one("location", {"latitude": 200, "longitude": -500}) == {"latitude": 200.0, "longitude": -500.0}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("52,4", "geoCoordinates must be a map, but got: string"),
        ({"latitude": 1}, "geoCoordinates is missing required field 'longitude'"),
        ({"longitude": 1}, "geoCoordinates is missing required field 'latitude'"),
        ({"latitude": "1", "longitude": 1}, "invalid latitude: must be json.Number or float, but got string"),
        ({"latitude": 1, "longitude": None}, "invalid longitude: must be json.Number or float, but got <nil>"),
    ],
)
def test_geo_rejects(value: Any, reason: str) -> None:
    assert error("location", value) == f"invalid geoCoordinates property 'location' on class 'Article': {reason}"


# -- blob ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["aGVsbG8=", "aGVsbA==", "aGVs", "+/+/"])
def test_blob_accepts_padded_base64(value: str) -> None:
    assert one("image", value) == value
    assert one("imageHash", value) == value


@pytest.mark.parametrize("value", ["", "aGVsbG8", "aGVs\n", "a-_b", "aGVsbG8=\n", "a===", "=aGV"])
def test_blob_rejects_invalid_base64(value: str) -> None:
    assert error("image", value) == "invalid blob property 'image' on class 'Article': not a valid blob base64 string"


def test_blob_rejects_non_strings() -> None:
    assert (
        error("image", 1)
        == "invalid blob property 'image' on class 'Article': not a blob base64 string, but json.Number"
    )
    assert error("imageHash", True) == (
        "invalid blobHash property 'imageHash' on class 'Article': not a blob base64 string, but bool"
    )


# -- arrays --------------------------------------------------------------------------------------
def test_arrays_normalise_each_element() -> None:
    out = check(
        {
            "tags": ["a", "b"],
            "legacyTags": ["x"],
            "counts": [1, -2],
            "scores": [1, 2.5],
            "flags": [True, False],
            "dates": ["2022-01-01T10:00:00+00:00"],
            "ids": [U1.upper()],
        }
    )
    assert out == {
        "tags": ["a", "b"],
        "legacyTags": ["x"],
        "counts": [1, -2],
        "scores": [1.0, 2.5],
        "flags": [True, False],
        "dates": ["2022-01-01T10:00:00Z"],
        "ids": [U1],
    }
    assert type(out["scores"][0]) is float


def test_empty_arrays_are_kept() -> None:
    assert check({"tags": [], "counts": [], "ids": []}) == {"tags": [], "counts": [], "ids": []}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("tags", "a", "invalid text array property 'tags' on class 'Article': not a text array, but string"),
        ("tags", ["a", 5], "invalid text array property 'tags' on class 'Article': invalid text array value: [a 5]"),
        (
            "legacyTags",
            [None],
            "invalid string array property 'legacyTags' on class 'Article': invalid string array value: [%!s(<nil>)]",
        ),
        (
            "counts",
            1,
            "invalid integer array property 'counts' on class 'Article': not an integer array, but json.Number",
        ),
        (
            "counts",
            [1, 2.5],
            "invalid integer array property 'counts' on class 'Article': invalid integer array value: [1 2.5]",
        ),
        ("scores", "x", "invalid number array property 'scores' on class 'Article': not an integer array, but string"),
        (
            "scores",
            [1.5, "x"],
            "invalid number array property 'scores' on class 'Article': invalid integer array value: [1.5 x]",
        ),
        (
            "flags",
            [True, "no"],
            "invalid boolean array property 'flags' on class 'Article': invalid boolean array value: [%!s(bool=true) no]",
        ),
        ("dates", ["2022"], "invalid date array property 'dates' on class 'Article': invalid date array value: [2022]"),
        (
            "ids",
            {"a": 1},
            "invalid uuid array property 'ids' on class 'Article': not a uuid array, but map[string]interface {}",
        ),
    ],
)
def test_array_errors(name: str, value: Any, message: str) -> None:
    assert error(name, value) == message


def test_array_errors_print_grpc_numbers_as_go_does() -> None:
    assert error("tags", ["a", 5.0], json_numbers=False) == (
        "invalid text array property 'tags' on class 'Article': invalid text array value: [a %!s(float64=5)]"
    )
    assert error("tags", [3], json_numbers=False) == (
        "invalid text array property 'tags' on class 'Article': invalid text array value: [%!s(int64=3)]"
    )


def test_int_array_from_grpc_number_array() -> None:
    assert one("counts", [1.0, 2.0], json_numbers=False) == [1, 2]
    assert one("scores", [1, 2], json_numbers=False) == [1.0, 2.0]
