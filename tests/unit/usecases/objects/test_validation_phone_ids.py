"""Phone numbers, validate_uuid and validate_vector."""

from __future__ import annotations

import math
from typing import Any

import pytest

from weftdb.errors import InvalidInput
from weftdb.usecases.objects.validation import validate_properties, validate_uuid, validate_vector

PERSON: dict[str, Any] = {"class": "Person", "properties": [{"name": "phone", "dataType": ["phoneNumber"]}]}
GERMAN_MOBILE = {
    "countryCode": 49,
    "input": "",
    "internationalFormatted": "+49 171 1234567",
    "national": 1711234567,
    "nationalFormatted": "0171 1234567",
    "valid": True,
}


def phone(value: Any) -> Any:
    return validate_properties(PERSON, {"phone": value}, class_exists=lambda _: True)["phone"]


def phone_error(value: Any) -> str:
    with pytest.raises(InvalidInput) as info:
        phone(value)
    return info.value.message


# -- phone numbers (Weaviate's own cases) ------------------------------------------------------
def test_international_number_without_default_country() -> None:
    assert phone({"input": "+491711234567"}) == {**GERMAN_MOBILE, "input": "+491711234567"}


@pytest.mark.parametrize("country", ["DE", "de"])
def test_national_number_with_default_country(country: str) -> None:
    assert phone({"input": "01711234567", "defaultCountry": country}) == {
        **GERMAN_MOBILE,
        "input": "01711234567",
        "defaultCountry": "DE",
    }


@pytest.mark.parametrize("number", ["(0)171-123 456 7", "+49 (0) 171 123 456 7"])
def test_punctuation_and_optional_zero(number: str) -> None:
    assert phone({"input": number, "defaultCountry": "de"}) == {
        **GERMAN_MOBILE,
        "input": number,
        "defaultCountry": "DE",
    }


def test_dutch_number() -> None:
    assert phone({"input": "020 1234567", "defaultCountry": "nl"}) == {
        "countryCode": 31,
        "defaultCountry": "NL",
        "input": "020 1234567",
        "internationalFormatted": "+31 20 123 4567",
        "national": 201234567,
        "nationalFormatted": "020 123 4567",
        "valid": True,
    }


def test_invalid_but_parseable_number_leaves_valid_out() -> None:
    out = phone({"input": "+1 555"})
    assert "valid" not in out and "defaultCountry" not in out
    assert out["countryCode"] == 1 and out["national"] == 555


def test_stored_phone_number_validates_again_unchanged() -> None:
    stored = phone({"input": "01711234567", "defaultCountry": "DE"})
    assert phone(stored) == stored


PREFIX = "invalid phoneNumber property 'phone' on class 'Person': "
MISSING_COUNTRY = (
    "invalid phone number: invalid or missing defaultCountry - this field is optional if the specified number "
    "is in the international format, but required if the number is in national format, use ISO 3166-1 alpha-2"
)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("how about a string", "phoneNumber must be a map, but got: string"),
        ({}, "phoneNumber is missing required field 'input'"),
        ({"input": 1234}, "phoneNumber.input must be a string"),
        ({"input": None}, "phoneNumber.input must be a string"),
        ({"input": "1234", "defaultCountry": 7}, "phoneNumber.defaultCountry must be a string"),
        ({"input": "1234", "defaultCountry": None}, "phoneNumber.defaultCountry must be a string"),
        ({"input": "01711234567"}, MISSING_COUNTRY),
        ({"input": "01711234567", "defaultCountry": "XX"}, MISSING_COUNTRY),
        (
            {"input": "not a number", "defaultCountry": "DE"},
            "invalid phone number: the phone number supplied is not a number",
        ),
        (
            {"input": "1" * 300, "defaultCountry": "DE"},
            "invalid phone number: the string supplied is too long to be a phone number",
        ),
    ],
)
def test_phone_errors(value: Any, reason: str) -> None:
    assert phone_error(value) == PREFIX + reason


# -- ids ---------------------------------------------------------------------------------------
U1 = "df48b9f6-ba48-470c-bf6a-57657cb07390"


@pytest.mark.parametrize("given", [U1, U1.upper(), U1.replace("-", ""), "{" + U1 + "}", "urn:uuid:" + U1])
def test_validate_uuid_canonical(given: str) -> None:
    assert validate_uuid(given) == U1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "invalid UUID length: 3"),
        ("", "invalid UUID length: 0"),
        (U1.replace("-", "+"), "invalid UUID format"),
        (U1[:-1] + "z", "invalid UUID format"),
        ("x" * 32, "invalid UUID format"),
        ("uri:uuid:" + U1, 'invalid urn prefix: "uri:uuid:"'),
        (None, "invalid UUID format"),
        (5, "invalid UUID format"),
    ],
)
def test_validate_uuid_errors(value: Any, message: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate_uuid(value)
    assert info.value.message == message


# -- vectors -----------------------------------------------------------------------------------
def test_validate_vector() -> None:
    assert validate_vector([1, 2.5, -3]) == [1.0, 2.5, -3.0]
    assert validate_vector((0.5,), name="title") == [0.5]
    assert validate_vector([]) == []


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ("abc", "vector has to be an array of numbers"),
        ({"a": 1}, "vector has to be an array of numbers"),
        ([1, "2"], "vector has to be an array of numbers, found str at position 1"),
        ([True], "vector has to be an array of numbers, found bool at position 0"),
        ([[1.0]], "vector has to be an array of numbers, found list at position 0"),
        (
            [0.0, math.nan],
            "vector contains a value that is not a finite float32 (nan) at position 1; NaN and infinity are not allowed",
        ),
        (
            [math.inf],
            "vector contains a value that is not a finite float32 (inf) at position 0; NaN and infinity are not allowed",
        ),
        (
            [1e39],
            "vector contains a value that is not a finite float32 (1e+39) at position 0; NaN and infinity are not allowed",
        ),
        (
            [10**400],
            f"vector contains a value that is not a finite float32 ({10**400}) at position 0; "
            "NaN and infinity are not allowed",
        ),
    ],
)
def test_validate_vector_errors(values: Any, message: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate_vector(values)
    assert info.value.message == message


def test_validate_vector_names_the_target() -> None:
    with pytest.raises(InvalidInput, match="^vector title has to be an array of numbers$"):
        validate_vector(None, name="title")
