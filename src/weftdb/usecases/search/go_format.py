"""Numbers and values printed as Weaviate's Go code prints them in search results.

- ``go_float32``: ``fmt``'s ``%v`` of a float32 (the hybrid ``explainScore`` texts):
  the shortest digits that read back as the same float32, exponent form when the
  decimal exponent is below -4 or at least 6 (``strconv.FormatFloat(v, 'g', -1, 32)``).
- ``go_json_value``: ``encoding/json`` of a stored property value (the group names of a
  grouped vector search are the raw JSON of the value, strings without their quotes).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

_HEX = "0123456789abcdef"
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
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
    special = _special(value)
    if special is not None:
        return special
    sign = "-" if math.copysign(1.0, value) < 0 and value != 0 else ""
    digits, exp = shortest_digits(value, 32)
    if exp < -4 or exp >= 6:
        return _exponent_form(sign, digits, exp)
    return _positional(sign, digits, exp)


def go_json_float(value: float, bits: int = 64) -> str:
    """``encoding/json`` of a float64 (or float32): positional below 1e21 and from 1e-6,
    exponent form otherwise with Go's short exponent (``1e-7``, ``1e+21``)."""
    sign = "-" if value < 0 else ""
    digits, exp = shortest_digits(value, bits)
    magnitude = abs(float(np.float32(value))) if bits == 32 else abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        text = f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
        return text[:-2] + text[-1] if text[-3:-1] == "-0" else text
    return _positional(sign, digits, exp)


def go_json_string(text: str) -> str:
    """The inside of ``encoding/json``'s quoted string (HTML characters escaped)."""
    out = []
    for ch in text:
        escaped = _ESCAPES.get(ch) or _HTML.get(ch)
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
