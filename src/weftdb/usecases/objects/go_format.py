"""Render JSON values as Go's ``fmt`` verbs do, so error messages match Weaviate's.

Weaviate builds its validation messages with ``%v``, ``%s``, ``%T`` and ``%#v``
of the decoded JSON value. What a number looks like there depends on where it
came from: the REST decoder keeps numbers as ``json.Number`` (their literal
text), while the gRPC path hands over ``float64`` (protobuf ``Struct``) and
``int64`` (typed int arrays). ``GoFmt(json_numbers=True)`` renders Python ints
and floats as the former, ``GoFmt(json_numbers=False)`` as the latter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


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
            return self._number(value)
        if isinstance(value, list):
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
            return self._number(value)
        return f"%!s({self.type_name(value)}={self.v(value)})"

    def sharp_v(self, value: Any) -> str:
        """``%#v`` (Go-syntax representation)."""
        if value is None:
            return "interface {}(nil)"
        if isinstance(value, str):
            return go_quote(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return go_quote(self._number(value)) if self.json_numbers else self._number(value)
        if isinstance(value, list):
            return "[]interface {}{" + ", ".join(self.sharp_v(item) for item in value) + "}"
        if isinstance(value, dict):
            items = (f"{go_quote(str(k))}:{self.sharp_v(value[k])}" for k in sorted(value, key=str))
            return "map[string]interface {}{" + ", ".join(items) + "}"
        return self.v(value)

    def _number(self, value: int | float) -> str:
        if isinstance(value, int):
            return str(value)
        if self.json_numbers:
            return repr(value)  # closest we have to the literal the client sent
        return go_float(value)

    @staticmethod
    def _map(value: dict[Any, Any], render: Any) -> str:
        items = (f"{k}:{render(value[k])}" for k in sorted(value, key=str))
        return "map[" + " ".join(items) + "]"


def go_quote(text: str) -> str:
    """Approximates ``strconv.Quote`` (printable Unicode kept, the rest escaped)."""
    escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    out = []
    for ch in text:
        if ch in escapes:
            out.append(escapes[ch])
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def go_float(value: float) -> str:
    """``%v`` of a float64: shortest digits, exponent form below 1e-4 or from 1e6 (``strconv 'g', -1``)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    digits, point = _shortest_digits(abs(value))
    exp = point - 1
    if exp < -4 or exp >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _shortest_digits(value: float) -> tuple[str, int]:
    """Shortest round-trip digits of ``value`` and the position of the decimal point."""
    if value == 0:
        return "0", 1
    sign_digits_exp = Decimal(repr(value)).normalize().as_tuple()
    digits = "".join(str(d) for d in sign_digits_exp.digits)
    exponent = int(sign_digits_exp.exponent)
    return digits, len(digits) + exponent
