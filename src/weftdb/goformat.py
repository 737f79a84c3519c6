"""Values printed as Weaviate's Go code prints them, so messages and texts match.

One home (shared by every layer, like ``errors``) for Go's formatting rules:
- ``fmt`` verbs: ``%q`` (``go_quote``), ``%v`` (``go_value``, ``go_float``,
  ``go_float32``), ``%T`` (``go_type``), and ``GoFmt`` for object-validation
  messages, where a number prints as a ``json.Number`` (REST) or as a float64 /
  int64 (gRPC);
- ``encoding/json`` of stored values (``go_json_value``; group names of grouped
  searches) and of float32 settings (``float32_json``);
- Go's integer conversions (``wrap_int16`` ...) and ``fmt.Errorf`` prefixes.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

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
    """``%v`` of the scalar and string-slice values used in schema messages (numbers as
    Go's float64 / int64)."""
    return _GO_VALUES.v(value)


def go_type(value: Any) -> str:
    """``%T`` of a value decoded into ``interface{}`` with ``UseNumber``."""
    return _JSON_VALUES.type_name(value)


def json_number_text(value: int | float) -> str:
    """The source text Go would hold in a ``json.Number`` for this value."""
    return _JSON_VALUES.number(value)


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


@dataclass(frozen=True)
class GoFmt:
    json_numbers: bool = True

    def type_name(self, value: Any) -> str:
        """``%T``."""
        if value is None:
            return "<nil>"
        if isinstance(value, bool):
            return "bool"
        if isinstance(value, str):
            return "string"
        if isinstance(value, (int, float)):
            if self.json_numbers:
                return "json.Number"
            return "int64" if isinstance(value, int) else "float64"
        if isinstance(value, dict):
            return "map[string]interface {}"
        if isinstance(value, list):
            return "[]interface {}"
        return type(value).__name__

    def v(self, value: Any) -> str:
        """``%v``."""
        if value is None:
            return "<nil>"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return self.number(value)
        if isinstance(value, (list, tuple)):
            return "[" + " ".join(self.v(item) for item in value) + "]"
        if isinstance(value, dict):
            return self._map(value, self.v)
        return str(value)

    def s(self, value: Any) -> str:
        """``%s``: strings and json.Numbers print as text, other scalars as ``%!s(T=v)``."""
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            return "[" + " ".join(self.s(item) for item in value) + "]"
        if isinstance(value, dict):
            return self._map(value, self.s)
        if value is None:
            return "%!s(<nil>)"
        if self.json_numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
            return self.number(value)
        return f"%!s({self.type_name(value)}={self.v(value)})"

    def sharp_v(self, value: Any) -> str:
        """``%#v`` (Go-syntax representation)."""
        if value is None:
            return "interface {}(nil)"
        if isinstance(value, str):
            return go_quote(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return go_quote(self.number(value)) if self.json_numbers else self.number(value)
        if isinstance(value, list):
            return "[]interface {}{" + ", ".join(self.sharp_v(item) for item in value) + "}"
        if isinstance(value, dict):
            items = (f"{go_quote(str(k))}:{self.sharp_v(value[k])}" for k in sorted(value, key=str))
            return "map[string]interface {}{" + ", ".join(items) + "}"
        return self.v(value)

    def number(self, value: int | float) -> str:
        if isinstance(value, int):
            return str(value)
        if self.json_numbers:
            return repr(value)  # closest we have to the literal the client sent
        return go_float(value)

    @staticmethod
    def _map(value: dict[Any, Any], render: Any) -> str:
        items = (f"{k}:{render(value[k])}" for k in sorted(value, key=str))
        return "map[" + " ".join(items) + "]"


_GO_VALUES = GoFmt(json_numbers=False)
_JSON_VALUES = GoFmt(json_numbers=True)

_HEX = "0123456789abcdef"
_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def shortest_digits(value: float, bits: int = 64) -> tuple[str, int]:
    """The shortest round-trip digits of ``abs(value)`` (as float32 with ``bits=32``)
    and the decimal exponent of the first digit (``1.5`` -> ``("15", 0)``)."""
    if value == 0:
        return "0", 0
    number = np.float32(abs(value)) if bits == 32 else np.float64(abs(value))
    text = np.format_float_scientific(number, unique=True, trim="-")
    mantissa, exponent = text.split("e")
    return mantissa.replace(".", ""), int(exponent)


def _exponent_form(sign: str, digits: str, exp: int) -> str:
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


def _positional(sign: str, digits: str, exp: int) -> str:
    point = exp + 1
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _special(value: float) -> str | None:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return None


def go_float32(value: float) -> str:
    """``fmt.Sprintf("%v", float32(value))``."""
    if value.is_integer() and abs(value) < 1e6 and not math.copysign(1.0, value) < 0:
        return str(int(value))  # the common case (a frequency, a length): no digit search
    return go_float(value, 32)


def go_json_float(value: float, bits: int = 64) -> str:
    """``encoding/json`` of a float64 (or float32): positional below 1e21 and from 1e-6,
    exponent form otherwise with Go's short exponent (``1e-7``, ``1e+21``)."""
    sign = "-" if value < 0 else ""
    digits, exp = shortest_digits(value, bits)
    magnitude = abs(float(np.float32(value))) if bits == 32 else abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        text = _exponent_form(sign, digits, exp)
        return text[:-2] + text[-1] if text[-3:-1] == "-0" else text  # Go's JSON: e-7, not e-07
    return _positional(sign, digits, exp)


def go_json_string(text: str) -> str:
    """The inside of ``encoding/json``'s quoted string (HTML characters escaped)."""
    out = []
    for ch in text:
        escaped = _JSON_ESCAPES.get(ch) or _HTML.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif ord(ch) < 0x20:
            out.append("\\u00" + _HEX[ord(ch) >> 4] + _HEX[ord(ch) & 0xF])
        else:
            out.append(ch)
    return "".join(out)


def go_json_value(value: Any, float_bits: int = 64) -> str:
    """``encoding/json`` of a decoded JSON value; maps with sorted keys as Go writes them."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return go_json_float(float(value), float_bits)
    if isinstance(value, str):
        return '"' + go_json_string(value) + '"'
    if isinstance(value, dict):
        items = (f'"{go_json_string(str(k))}":{go_json_value(value[k], float_bits)}' for k in sorted(value))
        return "{" + ",".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(go_json_value(v, float_bits) for v in value) + "]"
    return '"' + go_json_string(str(value)) + '"'


def go_float(value: float, bits: int = 64) -> str:
    """``%v`` of a float64 (or float32): shortest digits, exponent form below 1e-4 or
    from 1e6 (``strconv.FormatFloat(v, 'g', -1, bits)``)."""
    special = _special(value)
    if special is not None:
        return special
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    digits, exp = shortest_digits(value, bits)
    if exp < -4 or exp >= 6:
        return _exponent_form(sign, digits, exp)
    return _positional(sign, digits, exp)
