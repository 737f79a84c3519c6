"""phoneNumber values: parsed with libphonenumber (the ``phonenumbers`` port), as Weaviate does."""

from __future__ import annotations

from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

from weftdb.errors import InvalidInput
from weftdb.goformat import GoFmt

_MISSING_COUNTRY = (
    "invalid phone number: invalid or missing defaultCountry - this field is optional if the "
    "specified number is in the international format, but required if the number is in national "
    "format, use ISO 3166-1 alpha-2"
)

# libphonenumber parse failures, worded as the Go port (nyaruka/phonenumbers) words them.
_PARSE_ERRORS = {
    NumberParseException.NOT_A_NUMBER: "the phone number supplied is not a number",
    NumberParseException.TOO_SHORT_AFTER_IDD: (
        "phone number had an IDD, but after this was not long enough to be a viable phone number"
    ),
    NumberParseException.TOO_SHORT_NSN: "the string supplied is too short to be a phone number",
    NumberParseException.TOO_LONG: "the string supplied is too long to be a phone number",
}


def phone_value(value: Any, fmt: GoFmt) -> dict[str, Any]:
    """The stored phone number: Weaviate's ``PhoneNumber`` model, empty fields left out."""
    if not isinstance(value, dict):
        raise InvalidInput(f"phoneNumber must be a map, but got: {fmt.type_name(value)}")
    if "input" not in value:
        raise InvalidInput("phoneNumber is missing required field 'input'")
    number = value["input"]
    if not isinstance(number, str):
        raise InvalidInput("phoneNumber.input must be a string")
    country = value.get("defaultCountry", "")
    if not isinstance(country, str):
        raise InvalidInput("phoneNumber.defaultCountry must be a string")
    return parse_phone_number(number, country.upper())


def parse_phone_number(number: str, default_country: str) -> dict[str, Any]:
    try:
        parsed = phonenumbers.parse(number, default_country or None)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise InvalidInput(_MISSING_COUNTRY) from None
        reason = _PARSE_ERRORS.get(exc.error_type, str(exc))
        raise InvalidInput(f"invalid phone number: {reason}") from None
    fields: dict[str, Any] = {
        "countryCode": parsed.country_code or 0,
        "defaultCountry": default_country,
        "input": number,
        "internationalFormatted": phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL),
        "national": parsed.national_number or 0,
        "nationalFormatted": phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL),
        "valid": phonenumbers.is_valid_number(parsed),
    }
    # Weaviate's model marks every field omitempty: zero values are not stored or returned.
    return {key: val for key, val in fields.items() if val}
