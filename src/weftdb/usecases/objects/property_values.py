"""Checks and normal forms of single property values, per Weaviate data type.

Each ``*_value`` / ``*_array`` function takes the decoded JSON value and a
:class:`GoFmt` (how numbers print, see ``weftdb.goformat``) and returns the value in
the form Weaviate stores and returns it, or raises ``InvalidInput`` with the
inner part of Weaviate's message; ``validation.py`` adds the
``invalid <type> property '<name>' on class '<class>': `` prefix.
"""

from __future__ import annotations

import math
import re
import struct
import uuid as uuidlib
from collections.abc import Callable
from typing import Any

from weftdb import gotime
from weftdb.errors import InvalidInput
from weftdb.goformat import INT64_MAX, INT64_MIN, GoFmt
from weftdb.usecases.objects.phone import phone_value

ValueCheck = Callable[[Any, GoFmt], Any]

_FLOAT32_MAX = 3.4028234663852886e38

_HEX = frozenset("0123456789abcdefABCDEF")
_BASE64_BODY = re.compile(r"[A-Za-z0-9+/]*")


# -- strings, booleans, numbers ---------------------------------------------------------
def text_value(value: Any, fmt: GoFmt) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"not a string, but {fmt.type_name(value)}")
    return value


def bool_value(value: Any, fmt: GoFmt) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(f"not a bool, but {fmt.type_name(value)}")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def int_value(value: Any, fmt: GoFmt) -> int:
    """Weaviate keeps ints as float64, so the stored value is ``int(float(x))``."""
    if not _is_number(value):
        raise InvalidInput(f"requires an integer, the given value is '{fmt.v(value)}'")
    if fmt.json_numbers:  # json.Number.Int64(): only integer literals that fit int64
        if isinstance(value, float) or not INT64_MIN <= value <= INT64_MAX:
            raise InvalidInput(f"the JSON number '{fmt.v(value)}' could not be converted to an int")
    elif isinstance(value, float):  # float64 from gRPC: whole values are fine
        if not (math.isfinite(value) and value == int(value) and INT64_MIN <= value < 2**63):
            raise InvalidInput(f"requires an integer, the given value is '{fmt.v(value)}'")
    return int(float(value))


def number_value(value: Any, fmt: GoFmt) -> float:
    if not _is_number(value):
        raise InvalidInput(f"requires a float, the given value is '{fmt.v(value)}'")
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        if fmt.json_numbers:
            raise InvalidInput(f"the JSON number '{fmt.v(value)}' could not be converted to a float.")
        raise InvalidInput(f"requires a float, the given value is '{fmt.v(value)}'")
    return result


# -- dates ------------------------------------------------------------------------------
def parse_rfc3339(text: str) -> str | None:
    """Go's ``time.Parse(time.RFC3339, text)`` re-encoded as Go's JSON encoder writes it
    (RFC3339Nano), or None."""
    parsed = gotime.parse_rfc3339(text)
    return None if parsed is None else parsed.rfc3339_nano()


def date_value(value: Any, fmt: GoFmt) -> str:
    parsed = parse_rfc3339(value) if isinstance(value, str) else None
    if parsed is None:
        raise InvalidInput(f"requires a string with a RFC3339 formatted date, but the given value is '{fmt.v(value)}'")
    return parsed


# -- uuids ------------------------------------------------------------------------------
def parse_uuid(text: str) -> str:
    """google/uuid ``Parse``: canonical lower-case form, or InvalidInput with its message.

    Accepts the 36-character form, 32 hex digits, ``{...}`` (38) and ``urn:uuid:...`` (45)."""
    if len(text) == 36 and text[8] == text[13] == text[18] == text[23] == "-":
        try:  # fast path for the canonical form; google/uuid's messages below
            return str(uuidlib.UUID(text))
        except ValueError:
            pass
    raw = text.encode("utf-8", "surrogatepass")
    length = len(raw)
    if length == 32:
        return _canonical(raw, range(0, 32, 2))
    if length == 45:
        if raw[:9].lower() != b"urn:uuid:":
            raise InvalidInput(f'invalid urn prefix: "{raw[:9].decode("utf-8", "replace")}"')
        raw = raw[9:]
    elif length == 38:
        raw = raw[1:]
    elif length != 36:
        raise InvalidInput(f"invalid UUID length: {length}")
    if raw[8:9] != b"-" or raw[13:14] != b"-" or raw[18:19] != b"-" or raw[23:24] != b"-":
        raise InvalidInput("invalid UUID format")
    positions = (0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34)
    return _canonical(raw, positions)


def _canonical(raw: bytes, positions: Any) -> str:
    pairs = []
    for pos in positions:
        pair = raw[pos : pos + 2].decode("latin-1")
        if len(pair) != 2 or not set(pair) <= _HEX:
            raise InvalidInput("invalid UUID format")
        pairs.append(pair.lower())
    h = "".join(pairs)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def uuid_value(value: Any, fmt: GoFmt) -> str:
    if isinstance(value, str):
        try:
            return parse_uuid(value)
        except InvalidInput:
            pass
    raise InvalidInput(f"requires a string of UUID format, but the given value is '{fmt.v(value)}'")


# -- blobs ------------------------------------------------------------------------------
def is_base64(text: str) -> bool:
    """Weaviate's blob check: standard alphabet, padded, length a multiple of 4, not empty."""
    if not text or len(text) % 4:
        return False
    body = text[:-2] if text.endswith("==") else text[:-1] if text.endswith("=") else text
    return _BASE64_BODY.fullmatch(body) is not None


def blob_value(value: Any, fmt: GoFmt) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"not a blob base64 string, but {fmt.type_name(value)}")
    if not is_base64(value):
        raise InvalidInput("not a valid blob base64 string")
    return value


# -- geo coordinates --------------------------------------------------------------------
def geo_value(value: Any, fmt: GoFmt) -> dict[str, float]:
    """Weaviate keeps coordinates as float32; no range check."""
    if not isinstance(value, dict):
        raise InvalidInput(f"geoCoordinates must be a map, but got: {fmt.type_name(value)}")
    for field in ("longitude", "latitude"):
        if field not in value:
            raise InvalidInput(f"geoCoordinates is missing required field '{field}'")
    longitude = _coordinate(value["longitude"], "longitude", fmt)
    latitude = _coordinate(value["latitude"], "latitude", fmt)
    return {"latitude": latitude, "longitude": longitude}


def _coordinate(raw: Any, field: str, fmt: GoFmt) -> float:
    if not _is_number(raw):
        raise InvalidInput(f"invalid {field}: must be json.Number or float, but got {fmt.type_name(raw)}")
    try:
        return to_float32(float(raw))
    except (OverflowError, ValueError):
        raise InvalidInput(f"invalid {field}: {fmt.v(raw)} is not a finite float32") from None


def to_float32(value: float) -> float:
    """The float32 nearest ``value``, written with the fewest digits that identify it
    (as Go's JSON encoder writes a float32)."""
    if not math.isfinite(value):
        raise ValueError("not finite")
    if abs(value) > _FLOAT32_MAX:
        raise OverflowError("out of float32 range")
    (single,) = struct.unpack("<f", struct.pack("<f", value))
    for digits in range(1, 10):
        candidate = float(f"{single:.{digits}g}")
        if struct.unpack("<f", struct.pack("<f", candidate))[0] == single:
            return candidate
    return float(single)


# -- arrays -----------------------------------------------------------------------------
def _array(value: Any, fmt: GoFmt, not_array: str, bad_value: str, check: ValueCheck) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput(f"{not_array}, but {fmt.type_name(value)}")
    out = []
    for item in value:
        try:
            out.append(check(item, fmt))
        except InvalidInput:
            raise InvalidInput(f"{bad_value}: {fmt.s(value)}") from None
    return out


def _array_check(not_array: str, bad_value: str, check: ValueCheck) -> ValueCheck:
    def run(value: Any, fmt: GoFmt) -> list[Any]:
        return _array(value, fmt, not_array, bad_value, check)

    return run


# data type -> (word used in "invalid <word> property ...", check); Weaviate's wording.
PRIMITIVE_CHECKS: dict[str, tuple[str, ValueCheck]] = {
    "text": ("text", text_value),
    "string": ("string", text_value),
    "uuid": ("uuid", uuid_value),
    "int": ("integer", int_value),
    "number": ("number", number_value),
    "boolean": ("boolean", bool_value),
    "date": ("date", date_value),
    "geoCoordinates": ("geoCoordinates", geo_value),
    "phoneNumber": ("phoneNumber", phone_value),
    "blob": ("blob", blob_value),
    "blobHash": ("blobHash", blob_value),
    "text[]": ("text array", _array_check("not a text array", "invalid text array value", text_value)),
    "string[]": ("string array", _array_check("not a string array", "invalid string array value", text_value)),
    "int[]": ("integer array", _array_check("not an integer array", "invalid integer array value", int_value)),
    # Weaviate says "integer" for number arrays too.
    "number[]": ("number array", _array_check("not an integer array", "invalid integer array value", number_value)),
    "boolean[]": ("boolean array", _array_check("not a boolean array", "invalid boolean array value", bool_value)),
    "date[]": ("date array", _array_check("not a date array", "invalid date array value", date_value)),
    "uuid[]": ("uuid array", _array_check("not a uuid array", "invalid uuid array value", uuid_value)),
}
