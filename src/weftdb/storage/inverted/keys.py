"""Byte encodings of indexed values, chosen so byte order is value order.

Weaviate's encodings (``entities/inverted/serialization.go``): signed 64-bit
integers and float64 as 8 big-endian bytes with the sign handled so that
unsigned byte order sorts them; dates as the int64 of their Unix nanoseconds;
booleans as one byte; uuids as their 16 bytes; text as UTF-8 tokens; counts and
lengths as unsigned 8 bytes. Every 8-byte key also reads as a big-endian
``uint64`` whose numeric order is the value order, which the numeric columns
(``columns.py``) rely on.
"""

from __future__ import annotations

import array
import calendar
import re
import struct

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_SIGN = 1 << 63
_F64 = struct.Struct(">d")
_U64 = struct.Struct(">Q")
_RFC3339 = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]+))?(?:(Z)|([+-])([0-9]{2}):([0-9]{2}))"
)

TRUE = b"\x01"
FALSE = b"\x00"


def encode_int(value: int) -> bytes:
    """Sortable int64 (values outside int64 are clamped)."""
    if not _INT64_MIN <= value <= _INT64_MAX:
        value = _INT64_MIN if value < 0 else _INT64_MAX
    return _U64.pack(value + _SIGN)


def decode_int(key: bytes) -> int:
    return int.from_bytes(key[:8], "big") - _SIGN


def encode_float(value: float) -> bytes:
    """Sortable float64: positives get the sign bit set, negatives are inverted.
    -0.0 is normalised to 0.0 so equal values encode equally."""
    number = float(value)
    if number == 0.0:
        number = 0.0
    bits = _U64.unpack(_F64.pack(number))[0]
    bits = bits ^ 0xFFFFFFFFFFFFFFFF if bits & _SIGN else bits | _SIGN
    return _U64.pack(bits)


def decode_float(key: bytes) -> float:
    bits = _U64.unpack(key[:8])[0]
    bits = bits ^ _SIGN if bits & _SIGN else bits ^ 0xFFFFFFFFFFFFFFFF
    return float(_F64.unpack(_U64.pack(bits))[0])


def encode_bool(value: bool) -> bytes:
    return TRUE if value else FALSE


def encode_count(value: int) -> bytes:
    """Unsigned 8 bytes (lengths, reference counts)."""
    return max(int(value), 0).to_bytes(8, "big")


def decode_count(key: bytes) -> int:
    return int.from_bytes(key[:8], "big")


def rfc3339_parts(text: str) -> tuple[int, int] | None:
    """(Unix seconds, nanoseconds) of an RFC 3339 timestamp, or None when it does
    not parse (Go's ``time.Parse(time.RFC3339, ...)``, fraction digits allowed)."""
    m = _RFC3339.fullmatch(text)
    if m is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    if not (1 <= month <= 12 and 1 <= day <= _days_in(year, month)):
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    offset = 0
    if not m.group(8):
        hh, mm = int(m.group(10)), int(m.group(11))
        if hh > 23 or mm > 59:
            return None
        offset = (hh * 3600 + mm * 60) * (1 if m.group(9) == "+" else -1)
    seconds = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset
    nanos = int((m.group(7) or "0")[:9].ljust(9, "0"))
    return seconds, nanos


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 in the proleptic Gregorian calendar (any year)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def rfc3339_nanos(text: str) -> int | None:
    """Unix nanoseconds of an RFC 3339 timestamp (the indexed form of a date)."""
    parts = rfc3339_parts(text)
    return None if parts is None else parts[0] * 1_000_000_000 + parts[1]


def rfc3339_millis(text: str) -> int | None:
    parts = rfc3339_parts(text)
    return None if parts is None else parts[0] * 1000 + parts[1] // 1_000_000


def key_u64(key: bytes) -> int:
    """The first 8 bytes of a key as the unsigned integer the columns store."""
    return int.from_bytes(key[:8], "big")


# -- bitmaps ---------------------------------------------------------------------------
def bitmap_of(doc_ids: npt.NDArray[np.uint32] | npt.NDArray[np.int64]) -> BitMap:
    """A BitMap from a numpy array of doc ids (through the buffer protocol: fast)."""
    if len(doc_ids) == 0:
        return BitMap()
    return BitMap(array.array("I", np.ascontiguousarray(doc_ids, dtype=np.uint32).tobytes()))


def doc_id_array(bitmap: BitMap) -> npt.NDArray[np.uint32]:
    return np.frombuffer(bitmap.to_array(), dtype=np.uint32)


def load_bitmap(raw: bytes | None) -> BitMap:
    return BitMap() if raw is None else BitMap.deserialize(raw)


def store_bitmap(bitmap: BitMap) -> bytes:
    bitmap.run_optimize()
    return bytes(bitmap.serialize())
