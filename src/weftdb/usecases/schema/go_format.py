"""Go-compatible value formatting, so error messages match Weaviate byte for byte.

Weaviate builds its messages with ``fmt.Errorf``; the verbs used in the schema
messages are ``%q`` (a Go-quoted string), ``%v`` (plain value; ``[a b]`` for a
slice) and ``%T`` (the Go type of a decoded JSON value). Numbers arriving in
``interface{}`` fields are ``json.Number`` because the REST layer decodes with
``UseNumber``. Stored floats are ``float32`` (BM25 ``k1``/``b``) and are
rendered the way Go's JSON encoder renders a ``float32``.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any

from weftdb.errors import InvalidInput

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_ESCAPES = MappingProxyType({
    '"': '\\"',
    "\\": "\\\\",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
})


def go_quote(text: str) -> str:
    """``%q`` of a Go string (``strconv.Quote``)."""
    parts = ['"']
    for char in text:
        parts.append(_quote_char(char))
    parts.append('"')
    return "".join(parts)


def _quote_char(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char.isprintable():
        return char
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def go_value(value: Any) -> str:
    """``%v`` of the scalar and string-slice values used in schema messages."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(go_value(item) for item in value) + "]"
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda item: str(item[0]))
        return "map[" + " ".join(f"{key}:{go_value(item)}" for key, item in items) + "]"
    if isinstance(value, float):
        return format_go_float(value)
    return str(value)


def go_type(value: Any) -> str:
    """``%T`` of a value decoded into ``interface{}`` with ``UseNumber``."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "json.Number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "[]interface {}"
    return "map[string]interface {}"


def json_number_text(value: int | float) -> str:
    """The source text Go would hold in a ``json.Number`` for this value."""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_float32(value: float) -> float:
    """Round to the nearest float32 (raises OverflowError when out of range)."""
    packed: float = struct.unpack("<f", struct.pack("<f", value))[0]
    return packed


def float32_json(value: float) -> int | float:
    """The JSON number Go's encoder writes for a float32, as a Python number."""
    f32 = to_float32(value)
    if f32 == int(f32) and abs(f32) < 1e21:
        return int(f32)
    for digits in range(1, 10):
        candidate = float(f"{f32:.{digits}g}")
        if to_float32(candidate) == f32:
            return candidate
    return f32


def format_go_float(value: float) -> str:
    """``%v`` of a float64 (shortest representation, Go exponent style)."""
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def wrap_int16(value: int) -> int:
    """Go ``int16(v)`` conversion (two's complement wrap)."""
    wrapped = value & 0xFFFF
    return wrapped - 0x10000 if wrapped >= 0x8000 else wrapped


def wrap_uint64(value: int) -> int:
    """Go ``uint64(v)`` conversion of an int64."""
    return value & 0xFFFFFFFFFFFFFFFF


def wrap_int64(value: int) -> int:
    """Go int64 overflow wrap (for ``time.Duration`` arithmetic)."""
    wrapped = value & 0xFFFFFFFFFFFFFFFF
    return wrapped - 2**64 if wrapped > INT64_MAX else wrapped


@contextmanager
def error_prefix(prefix: str) -> Iterator[None]:
    """Go's ``fmt.Errorf("<prefix>%w", err)`` for the InvalidInput raised inside."""
    try:
        yield
    except InvalidInput as err:
        raise InvalidInput(prefix + err.message) from None
