"""Aggregation metrics against plain-Python oracles and Weaviate's own test cases."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weftdb.usecases.aggregate import metrics
from weftdb.usecases.aggregate.dates import format_nanos, unix_nanos

ALL_NUMERIC = metrics.NUMERIC_METRICS
ALL_DATE = metrics.DATE_METRICS


def numeric_oracle(values: list[float]) -> dict[str, float]:
    counts = Counter(values)
    top = max(counts.values())
    return {
        "count": float(len(values)),
        "mean": statistics.fmean(values),
        "median": float(statistics.median(values)),
        "mode": float(min(v for v, c in counts.items() if c == top)),
        "maximum": float(max(values)),
        "minimum": float(min(values)),
        "sum": float(sum(values)),
    }


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=40), st.booleans())
def test_numeric_matches_the_oracle(values: list[int], rows_by_value: bool) -> None:
    found = metrics.numeric(values, ALL_NUMERIC, rows_by_value=rows_by_value)
    assert found == pytest.approx(numeric_oracle([float(v) for v in values]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=30))
def test_numeric_floats_match_the_oracle(values: list[float]) -> None:
    found = metrics.numeric(values, ALL_NUMERIC)
    expected = numeric_oracle(values)
    assert {k: found[k] for k in ("count", "median", "mode", "maximum", "minimum")} == {
        k: expected[k] for k in ("count", "median", "mode", "maximum", "minimum")
    }
    assert found["sum"] == pytest.approx(expected["sum"], abs=1e-3)


@pytest.mark.parametrize(
    ("numbers", "median", "mode"),
    [  # adapters/repos/db/aggregator/numerical_test.go
        ([1, 2, 3, 4, 5, 6, 7], 4, 1),
        ([2, 4, 4, 4, 5, 5, 7], 4, 4),
        ([1, 2, 3, 5, 7, 7], 4, 7),
        ([1, 2, 3, 3, 6, 7], 3, 3),
        ([3, 3, 3, 5, 5, 7], 4, 3),
        ([42], 42, 42),
        ([5, 2, 6, 2, 1, 4, 7, 5, 7, 4, 3, 1, 6, 3], 4, 1),
    ],
)
def test_numeric_cases_from_weaviate(numbers: list[int], median: float, mode: float) -> None:
    assert metrics.numeric(numbers, ("median", "mode")) == {"median": median, "mode": mode}


def test_numeric_reports_only_the_wanted_metrics_and_only_count_without_values() -> None:
    assert metrics.numeric([1, 2], ("sum", "count")) == {"sum": 3.0, "count": 2.0}
    assert metrics.numeric([], ALL_NUMERIC) == {"count": 0.0}
    assert metrics.numeric([], ("mean",)) == {}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.booleans(), max_size=30))
def test_boolean_matches_the_oracle(values: list[bool]) -> None:
    found = metrics.boolean(values)
    n, true = len(values), values.count(True)
    assert (found["count"], found["total_true"], found["total_false"]) == (n, true, n - true)
    assert found["percentage_true"] == (true / n if n else 0.0)
    assert found["percentage_false"] == ((n - true) / n if n else 0.0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=3), max_size=40), st.none() | st.integers(0, 8))
def test_text_matches_the_oracle(values: list[str], limit: int | None) -> None:
    found = metrics.text(values, limit)
    ranked = sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0]))
    keep = 5 if limit is None else max(limit, 1)
    assert found == {"count": len(values), "top_occurrences": ranked[:keep] if values else []}


@pytest.mark.parametrize(
    ("texts", "expected"),
    [  # adapters/repos/db/aggregator/text_test.go
        (
            ["a_occurs4", "b_occurs3", "g_occurs4", "f_occurs3", "a_occurs4", "e_occurs2", "a_occurs4", "c_occurs2",
             "g_occurs4", "f_occurs3", "b_occurs3", "c_occurs2", "a_occurs4", "f_occurs3", "g_occurs4", "b_occurs3",
             "d_occurs1", "e_occurs2", "g_occurs4"],
            [("a_occurs4", 4), ("g_occurs4", 4), ("b_occurs3", 3), ("f_occurs3", 3), ("c_occurs2", 2)],
        ),
        (
            ["b_occurs3", "d_occurs3", "c_occurs1", "d_occurs3", "b_occurs3", "b_occurs3", "a_occurs1", "d_occurs3"],
            [("b_occurs3", 3), ("d_occurs3", 3), ("a_occurs1", 1), ("c_occurs1", 1)],
        ),
    ],
)
def test_text_cases_from_weaviate(texts: list[str], expected: list[tuple[str, int]]) -> None:
    assert metrics.text(texts, None) == {"count": len(texts), "top_occurrences": expected}


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
dates = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)).map(
    lambda d: d.replace(tzinfo=dt.UTC)
)
zones = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=2)), dt.timezone(dt.timedelta(hours=-5, minutes=-30))])


def rfc3339(moment: dt.datetime) -> str:
    """As weftdb stores dates: Go's RFC3339Nano (fraction without trailing zeros, Z for UTC)."""
    text = moment.isoformat()
    if moment.microsecond:
        head, _, tail = text.partition(".")
        fraction, zone = tail[:6].rstrip("0"), tail[6:]
        text = f"{head}.{fraction}{zone}"
    return text.replace("+00:00", "Z")


def nanos_oracle(moment: dt.datetime) -> int:
    return (moment - EPOCH) // dt.timedelta(microseconds=1) * 1000


def utc_text(nanos: int) -> str:
    seconds, fraction = divmod(nanos, 10**9)
    text = (EPOCH + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S")
    return text + ("." + f"{fraction:09d}".rstrip("0") if fraction else "") + "Z"


def date_oracle(values: list[str], moments: list[dt.datetime]) -> dict[str, Any]:
    stamps = sorted((nanos_oracle(m), v) for m, v in zip(moments, values))
    n = len(stamps)
    counts = Counter(stamps)
    top = max(counts.values())
    low, high = stamps[(n - 1) // 2], stamps[n // 2]
    if n % 2 == 1 or low == high:
        median = high[1]
    else:
        median = utc_text(low[0] + (high[0] - low[0]) // 2)
    first_min = min(range(n), key=lambda i: (nanos_oracle(moments[i]), i))
    first_max = min(range(n), key=lambda i: (-nanos_oracle(moments[i]), i))
    return {
        "count": n,
        "median": median,
        "mode": min(s for s, c in counts.items() if c == top)[1],
        "maximum": values[first_max],
        "minimum": values[first_min],
    }


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(dates, zones), min_size=1, max_size=12))
def test_dates_match_the_oracle(items: list[tuple[dt.datetime, dt.tzinfo]]) -> None:
    moments = [m for m, _ in items]
    values = [rfc3339(m.astimezone(zone)) for m, zone in items]
    found = metrics.date(values, ALL_DATE)
    assert found == date_oracle(values, moments)


def test_unix_nanos_and_format_agree_with_datetime() -> None:
    moment = dt.datetime(2024, 3, 1, 10, 30, 0, 500000, tzinfo=dt.UTC)
    assert unix_nanos("2024-03-01T12:30:00.5+02:00") == nanos_oracle(moment)
    assert format_nanos(nanos_oracle(moment)) == "2024-03-01T10:30:00.5Z"
    assert unix_nanos("2022-06-16T17:30:17.123456789Z") % 10**9 == 123456789


def test_dates_from_weaviate() -> None:
    base, zone = "2022-06-16T17:30:", ".451235Z"  # adapters/repos/db/aggregator/date_test.go
    for seconds, median, mode in [(["17"], "17", "17"), (["18", "18", "20", "25"], "19", "18"),
                                  (["18", "18", "19", "20", "25"], "19", "18")]:
        found = metrics.date([base + s + zone for s in seconds], ("median", "mode"))
        assert found == {"median": base + median + zone, "mode": base + mode + zone}
    pre_epoch = metrics.date(["1969-12-31T23:59:58Z", "1969-12-31T23:59:59Z"], ("maximum", "minimum"))
    assert pre_epoch == {"maximum": "1969-12-31T23:59:59Z", "minimum": "1969-12-31T23:59:58Z"}


def test_dates_before_1678_wrap_around_as_in_weaviate() -> None:
    """test/acceptance/grpc/grpc_aggregate_test.go expects these for the cities fixture (unfiltered)."""
    values = ["1400-01-01T00:00:00+02:00", "1135-01-01T00:00:00+02:00", "1400-01-01T00:00:00+02:00",
              "1283-01-01T00:00:00+02:00"]
    found = metrics.date(values, ALL_DATE, normalize=True)
    assert found == {
        "count": 4,
        "maximum": "1984-07-21T21:34:33.709551616Z",
        "median": "1926-01-21T09:34:33.709551616Z",
        "minimum": "1719-07-21T21:34:33.709551616Z",
        "mode": "1984-07-21T21:34:33.709551616Z",
    }
    stored = metrics.date(values, ("maximum", "minimum", "mode"))  # filtered path: the stored strings
    assert stored == {"maximum": values[0], "minimum": values[1], "mode": values[0]}


def test_references() -> None:
    assert metrics.reference(["b", "a", "b"]) == {"pointing_to": ["b", "a"]}
