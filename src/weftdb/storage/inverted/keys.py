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
import struct

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from weftdb import gotime
from weftdb.goformat import INT64_MAX, INT64_MIN

_SIGN = 1 << 63
_F64 = struct.Struct(">d")
_U64 = struct.Struct(">Q")

TRUE = b"\x01"
FALSE = b"\x00"


def encode_int(value: int) -> bytes:
    """Sortable int64 (values outside int64 are clamped)."""
    if not INT64_MIN <= value <= INT64_MAX:
        value = INT64_MIN if value < 0 else INT64_MAX
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


def rfc3339_nanos(text: str) -> int | None:
    """Unix nanoseconds of an RFC 3339 timestamp (the indexed form of a date)."""
    parsed = gotime.parse_rfc3339(text)
    return None if parsed is None else parsed.unix_nanos


def rfc3339_millis(text: str) -> int | None:
    parsed = gotime.parse_rfc3339(text)
    return None if parsed is None else parsed.unix_seconds * 1000 + parsed.nanos // 1_000_000


def key_u64(key: bytes) -> int:
    """The first 8 bytes of a key as the unsigned integer the columns store."""
    return int.from_bytes(key[:8], "big")


# -- bitmaps ---------------------------------------------------------------------------
def bitmap_of(doc_ids: npt.NDArray[np.uint32] | npt.NDArray[np.int64]) -> BitMap:
    """A BitMap from a numpy array of doc ids (through the buffer protocol: fast)."""
    if len(doc_ids) == 0:
        return BitMap()
    return BitMap(array.array("I", np.ascontiguousarray(doc_ids, dtype=np.uint32).tobytes()))


def load_bitmap(raw: bytes | None) -> BitMap:
    return BitMap() if raw is None else BitMap.deserialize(raw)


def store_bitmap(bitmap: BitMap) -> bytes:
    bitmap.run_optimize()
    return bytes(bitmap.serialize())
