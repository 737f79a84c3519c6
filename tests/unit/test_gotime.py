"""Go's RFC 3339 parsing, shared by validation, the inverted index and aggregation."""

from __future__ import annotations

import pytest

from weftdb.gotime import civil_from_days, days_from_civil, from_unix_nanos, parse_rfc3339


@pytest.mark.parametrize(("text", "canonical", "unix"), [
    ("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z", 1709208000),
    ("2024-01-01T01:00:00+01:00", "2024-01-01T01:00:00+01:00", 1704067200),
    ("2024-01-01T00:00:00-00:00", "2024-01-01T00:00:00Z", 1704067200),
    ("2024-01-01T1:02:03,500Z", "2024-01-01T01:02:03.5Z", 1704070923),
    ("1400-01-01T00:00:00Z", "1400-01-01T00:00:00Z", -17987443200),
])
def test_accepted(text: str, canonical: str, unix: int) -> None:
    parsed = parse_rfc3339(text)
    assert parsed is not None
    assert parsed.rfc3339_nano() == canonical
    assert parsed.unix_seconds == unix


def test_fraction_is_kept_to_nanoseconds() -> None:
    parsed = parse_rfc3339("2024-01-01T00:00:00.1234567891Z")
    assert parsed is not None and parsed.nanos == 123456789


@pytest.mark.parametrize("text", [
    "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00+24:00",
    "2024-01-01 00:00:00Z", "2024-01-01T00:00:00", "not a date",
])
def test_refused(text: str) -> None:
    assert parse_rfc3339(text) is None


def test_calendar_round_trip() -> None:
    assert civil_from_days(0) == (1970, 1, 1) and civil_from_days(19_782) == (2024, 2, 29)
    assert civil_from_days(-1) == (1969, 12, 31) and days_from_civil(1400, 1, 1) == -208_188
    for days in (-800_000, -1, 0, 59, 19_782, 3_000_000):
        assert days_from_civil(*civil_from_days(days)) == days


@pytest.mark.parametrize("text", ["2024-02-29T12:00:00.5Z", "1400-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z"])
def test_unix_nanos_round_trip(text: str) -> None:
    parsed = parse_rfc3339(text)
    assert parsed is not None
    assert from_unix_nanos(parsed.unix_nanos).rfc3339_nano() == text
