"""Dates as Weaviate's date aggregator sees them: int64 Unix nanoseconds.

Go's ``time.Time.UnixNano`` wraps around outside 1678-2262 (int64 overflow), and
Weaviate aggregates those wrapped values (adapters/repos/db/aggregator/date.go;
its acceptance test expects "1984-07-21T21:34:33.709551616Z" as the maximum of a
year-1400 date). Parsing and formatting are done by hand to keep nanoseconds and
years outside Python's ``datetime`` range.
"""

from __future__ import annotations

import re

_RFC3339 = re.compile(
    r"(-?\d{4,})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)
_NANOS_PER_DAY = 86_400 * 10**9


def wrap_int64(value: int) -> int:
    """Two's complement int64 wrap-around, as Go's integer arithmetic."""
    return ((value + 2**63) % 2**64) - 2**63


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 in the proleptic Gregorian calendar (any year)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(days: int) -> tuple[int, int, int]:
    days += 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def unix_nanos(text: str) -> int:
    """``time.Parse(time.RFC3339Nano, text).UnixNano()`` (wrapped); ValueError if unparsable."""
    m = _RFC3339.fullmatch(text)
    if m is None:
        raise ValueError(f"failed to parse timestamp: {text!r}")
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    fraction = (m.group(7) or "")[:9].ljust(9, "0")
    offset = 0
    if m.group(9):
        offset = (int(m.group(10)) * 60 + int(m.group(11))) * 60 * (-1 if m.group(9) == "-" else 1)
    seconds = _days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
    return wrap_int64(seconds * 10**9 + int(fraction))


def format_nanos(nanos: int) -> str:
    """``time.Unix(0, nanos).UTC().Format(time.RFC3339Nano)``."""
    days, rest = divmod(nanos, _NANOS_PER_DAY)
    seconds, fraction = divmod(rest, 10**9)
    year, month, day = _civil_from_days(days)
    hour, minute, second = seconds // 3600, seconds // 60 % 60, seconds % 60
    frac = f"{fraction:09d}".rstrip("0")
    dot_frac = "." + frac if frac else ""
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{dot_frac}Z"


def go_midpoint(low: int, high: int) -> int:
    """``low + (high-low)/2`` with Go's int64 wrap and truncating division."""
    diff = wrap_int64(high - low)
    half = -((-diff) // 2) if diff < 0 else diff // 2
    return wrap_int64(low + half)
