"""Dates as Weaviate's date aggregator sees them: int64 Unix nanoseconds.

Go's ``time.Time.UnixNano`` wraps around outside 1678-2262 (int64 overflow), and
Weaviate aggregates those wrapped values (adapters/repos/db/aggregator/date.go;
its acceptance test expects "1984-07-21T21:34:33.709551616Z" as the maximum of a
year-1400 date). Parsing and formatting are done by hand to keep nanoseconds and
years outside Python's ``datetime`` range.
"""

from __future__ import annotations

from weftdb import gotime
from weftdb.goformat import wrap_int64

_NANOS_PER_DAY = 86_400 * 10**9


def unix_nanos(text: str) -> int:
    """``time.Parse(time.RFC3339Nano, text).UnixNano()`` (wrapped); ValueError if unparsable."""
    parsed = gotime.parse_rfc3339(text)
    if parsed is None:
        raise ValueError(f"failed to parse timestamp: {text!r}")
    return wrap_int64(parsed.unix_seconds * 10**9 + parsed.nanos)


def format_nanos(nanos: int) -> str:
    """``time.Unix(0, nanos).UTC().Format(time.RFC3339Nano)``."""
    days, rest = divmod(nanos, _NANOS_PER_DAY)
    seconds, fraction = divmod(rest, 10**9)
    year, month, day = gotime.civil_from_days(days)
    hour, minute, second = seconds // 3600, seconds // 60 % 60, seconds % 60
    frac = f"{fraction:09d}".rstrip("0")
    dot_frac = "." + frac if frac else ""
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{dot_frac}Z"


def go_midpoint(low: int, high: int) -> int:
    """``low + (high-low)/2`` with Go's int64 wrap and truncating division."""
    diff = wrap_int64(high - low)
    half = -((-diff) // 2) if diff < 0 else diff // 2
    return wrap_int64(low + half)
