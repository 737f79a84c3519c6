"""Dates as Weaviate's date aggregator sees them: int64 Unix nanoseconds.

Go's ``time.Time.UnixNano`` wraps around outside 1678-2262 (int64 overflow), and
Weaviate aggregates those wrapped values (adapters/repos/db/aggregator/date.go;
its acceptance test expects "1984-07-21T21:34:33.709551616Z" as the maximum of a
year-1400 date). Parsing and formatting go through ``weftdb.gotime``, which keeps
nanoseconds and years outside Python's ``datetime`` range.
"""

from __future__ import annotations

from weftdb import gotime
from weftdb.goformat import wrap_int64


def unix_nanos(text: str) -> int:
    """``time.Parse(time.RFC3339Nano, text).UnixNano()`` (wrapped); ValueError if unparsable."""
    parsed = gotime.parse_rfc3339(text)
    if parsed is None:
        raise ValueError(f"failed to parse timestamp: {text!r}")
    return wrap_int64(parsed.unix_nanos)


def format_nanos(nanos: int) -> str:
    """``time.Unix(0, nanos).UTC().Format(time.RFC3339Nano)``."""
    return gotime.from_unix_nanos(nanos).rfc3339_nano()


def go_midpoint(low: int, high: int) -> int:
    """``low + (high-low)/2`` with Go's int64 wrap and truncating division."""
    diff = wrap_int64(high - low)
    half = -((-diff) // 2) if diff < 0 else diff // 2
    return wrap_int64(low + half)
