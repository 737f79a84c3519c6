"""Filter values -> index keys, per property base type (Weaviate's value extractors).

The use case has already checked that the value kind fits the property; these
still refuse what cannot be encoded (a malformed date or uuid), with Weaviate's
wording.
"""

from __future__ import annotations

import re
import uuid as uuidlib
from typing import Any

from weftdb.errors import InvalidInput
from weftdb.storage.inverted import keys
from weftdb.storage.inverted.messages import go_type

_DECIMAL = re.compile(r"[+-]?[0-9]+")


def value_key(base: str, value: Any) -> bytes:
    """The key a single filter value is indexed under, for a non-text property."""
    if base == "int":
        return keys.encode_int(_int(value))
    if base == "number":
        return keys.encode_float(_float(value))
    if base == "boolean":
        if not isinstance(value, bool):
            raise InvalidInput(f"expected value to be bool, got {go_type(value)}")
        return keys.encode_bool(value)
    if base == "date":
        return keys.encode_int(date_nanos(value))
    if base == "uuid":
        return uuid_bytes(value)
    raise InvalidInput(f"data type {base!r} not supported in query")


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInput(f"expected value to be int, got {go_type(value)}")
    if isinstance(value, float) and not value.is_integer():
        raise InvalidInput(f"expected value to be int, got {go_type(value)}")
    return int(value)


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInput(f"expected value to be float64, got {go_type(value)}")
    return float(value)


def date_nanos(value: Any) -> int:
    if not isinstance(value, str):
        raise InvalidInput(f"expected value to be time.Time (or parseable string), got {go_type(value)}")
    nanos = keys.rfc3339_nanos(value)
    if nanos is None:
        raise InvalidInput(f'trying parse time as RFC3339 string: parsing time "{value}": not an RFC3339 date')
    return nanos


def timestamp_millis(value: Any, is_date: bool) -> int:
    """A ``_creationTimeUnix`` / ``_lastUpdateTimeUnix`` value: Unix milliseconds as
    text, or a date (``valueDate``)."""
    if not isinstance(value, str):
        raise InvalidInput(f"expected value to be string, got '{go_type(value)}'")
    if is_date:
        millis = keys.rfc3339_millis(value)
        if millis is None:
            raise InvalidInput(f'trying parse time as RFC3339 string: parsing time "{value}": not an RFC3339 date')
        return millis
    if _DECIMAL.fullmatch(value) is None:  # Go's ParseInt: no spaces or underscores
        raise InvalidInput(f"expected value to be timestamp, got '{value}'")
    return int(value)


def uuid_bytes(value: Any) -> bytes:
    if not isinstance(value, str):
        raise InvalidInput(f"expected uuid filter value to be a string, got {go_type(value)}")
    try:
        return uuidlib.UUID(value).bytes
    except ValueError:
        size = len(value)
        reason = "invalid UUID format" if size in (32, 36, 38, 45) else f"invalid UUID length: {size}"
        raise InvalidInput(f"parse uuid filter value: {reason}") from None


def text_value(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"expected value to be string, got '{go_type(value)}'")
    return value


def value_list(value: Any) -> list[Any]:
    """The values of a Contains* filter (Weaviate requires an array)."""
    if isinstance(value, (list, tuple)):
        return list(value)
    raise InvalidInput(f"value type should be []{go_type(value)} but is {go_type(value)}")
