"""Go's RFC 3339 timestamps, shared by every layer (like ``goformat``).

``parse_rfc3339`` reads what ``time.Parse(time.RFC3339, text)`` accepts: the strict
form plus what Go's general parser also takes (a one-digit hour, ',' before the
fraction); offsets are limited to what Weaviate can store again (Go's JSON encoder
refuses hours > 23). Calendar arithmetic is done by hand so that nanoseconds and
years outside Python's ``datetime`` range survive.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_RFC3339 = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{1,2}):([0-9]{2}):([0-9]{2})"
    r"(?:[.,]([0-9]+))?(?:(Z)|([+-])([0-9]{2}):([0-9]{2}))"
)
_SECONDS_PER_DAY = 86_400


@dataclass(frozen=True, slots=True)
class Timestamp:
    """A parsed RFC 3339 timestamp: its fields as written, the fraction's digits
    (at most nine) and the zone offset in seconds east of UTC."""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    fraction: str
    offset: int

    @property
    def unix_seconds(self) -> int:
        local = days_from_civil(self.year, self.month, self.day) * _SECONDS_PER_DAY
        return local + self.hour * 3600 + self.minute * 60 + self.second - self.offset

    @property
    def unix_nanos(self) -> int:
        """Nanoseconds since the Unix epoch (unbounded: callers wrap or clamp to int64)."""
        return self.unix_seconds * 1_000_000_000 + self.nanos

    @property
    def nanos(self) -> int:
        """The fraction of the second, in nanoseconds."""
        return int(self.fraction.ljust(9, "0"))

    def rfc3339_nano(self) -> str:
        """As Go's JSON encoder writes it back (``time.RFC3339Nano``: no trailing zeros
        in the fraction, ``Z`` for a zero offset)."""
        fraction = self.fraction.rstrip("0")
        dot = "." + fraction if fraction else ""
        if self.offset == 0:
            zone = "Z"
        else:
            hours, minutes = divmod(abs(self.offset) // 60, 60)
            zone = f"{'-' if self.offset < 0 else '+'}{hours:02d}:{minutes:02d}"
        return (f"{self.year:04d}-{self.month:02d}-{self.day:02d}T{self.hour:02d}:{self.minute:02d}:"
                f"{self.second:02d}{dot}{zone}")


def from_unix_nanos(nanos: int) -> Timestamp:
    """``time.Unix(0, nanos).UTC()``."""
    days, rest = divmod(nanos, _SECONDS_PER_DAY * 10**9)
    seconds, fraction = divmod(rest, 10**9)
    year, month, day = civil_from_days(days)
    return Timestamp(year, month, day, seconds // 3600, seconds // 60 % 60, seconds % 60, f"{fraction:09d}", 0)


def parse_rfc3339(text: str) -> Timestamp | None:
    """The timestamp, or None when Go's ``time.Parse(time.RFC3339, text)`` fails."""
    m = _RFC3339.fullmatch(text)
    if m is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    if not (1 <= month <= 12 and 1 <= day <= days_in(year, month)):
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    offset = 0
    if not m.group(8):
        hh, mm = int(m.group(10)), int(m.group(11))
        if hh > 23 or mm > 59:
            return None
        offset = (hh * 3600 + mm * 60) * (-1 if m.group(9) == "-" else 1)
    return Timestamp(year, month, day, hour, minute, second, (m.group(7) or "")[:9], offset)


def days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 in the proleptic Gregorian calendar (any year)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """(year, month, day) of a day count since 1970-01-01."""
    days += 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day
