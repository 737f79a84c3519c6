"""The metrics of one property over a set of values, computed as Weaviate does.

Each function takes the values in object order (array properties contribute each
element, missing values are absent) and returns the metrics by Weaviate's names.
References to the Go source are to adapters/repos/db/aggregator/.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from weftdb.usecases.aggregate.dates import format_nanos, go_midpoint, unix_nanos

NUMERIC_METRICS = ("count", "mean", "median", "mode", "maximum", "minimum", "sum")
DATE_METRICS = ("count", "median", "mode", "maximum", "minimum")
#: top occurrences returned when the request names no limit (text.go extractLimitFromTopOccs)
DEFAULT_TOP_OCCURRENCES = 5


def numeric(values: Sequence[float], wanted: Iterable[str], *, rows_by_value: bool = False) -> dict[str, float]:
    """numerical.go: float64 arithmetic. With no values only ``count`` (0) is reported.

    The median of an even count is the mean of the two middle values; the mode is
    the smallest of the most frequent values. ``rows_by_value`` sums the way the
    unfiltered path reads the inverted index (each distinct value times its count,
    ascending) instead of value by value in object order."""
    wanted = [w for w in wanted if w in NUMERIC_METRICS]
    if not values:
        return {"count": 0.0} if "count" in wanted else {}
    counts = Counter(float(v) for v in values)
    pairs = sorted(counts.items())
    total = 0.0
    for value, count in pairs if rows_by_value else ((float(v), 1) for v in values):
        total += value * count
    n, top = len(values), max(counts.values())
    found: dict[str, float] = {
        "count": float(n),
        "mean": total / n,
        "maximum": pairs[-1][0],
        "minimum": pairs[0][0],
        "sum": total,
    }
    if "median" in wanted:
        found["median"] = _median(pairs, n)
    if "mode" in wanted:
        found["mode"] = next(v for v, c in pairs if c == top)
    return {name: found[name] for name in wanted}


def _median(pairs: Sequence[tuple[Any, int]], n: int) -> Any:
    """The Go ``Median`` walk over (value, count) pairs sorted by value."""
    middle, seen = n // 2, 0
    for index, (value, count) in enumerate(pairs):
        seen += count
        if n % 2 == 1 and seen > middle:
            return value
        if n % 2 == 0 and seen == middle:
            return (value + pairs[index + 1][0]) / 2
        if n % 2 == 0 and seen > middle:
            return value
    raise ValueError("median of no values")


def boolean(values: Sequence[bool]) -> dict[str, Any]:
    """boolean.go: every field is always reported (zeros without values)."""
    true = sum(1 for v in values if v)
    n = len(values)
    if n == 0:
        return {"count": 0, "total_true": 0, "total_false": 0, "percentage_true": 0.0, "percentage_false": 0.0}
    return {
        "count": n,
        "total_true": true,
        "total_false": n - true,
        "percentage_true": true / n,
        "percentage_false": (n - true) / n,
    }


def text(values: Sequence[str], limit: int | None) -> dict[str, Any]:
    """text.go: the count of values and the top occurrences, most frequent first,
    ties by value (byte order); ``limit`` defaults to 5 (0 still keeps the top one,
    as Go's insertion keeps its first element)."""
    if not values:
        return {"count": 0, "top_occurrences": []}
    keep = max(DEFAULT_TOP_OCCURRENCES if limit is None else limit, 1)
    ranked = sorted(Counter(values).items(), key=lambda item: (-item[1], item[0].encode()))
    return {"count": len(values), "top_occurrences": ranked[:keep]}


def date(values: Sequence[str], wanted: Iterable[str], *, normalize: bool = False) -> dict[str, Any]:
    """date.go: minimum, maximum and mode are the stored strings; the median of an
    even count falling between two values is their midpoint, formatted in UTC.

    ``normalize`` is the unfiltered path, which reads the inverted index: every
    value is then the UTC form of its (wrapped) Unix nanoseconds. The mode of
    several equally frequent dates is the earliest (Go's map order decides)."""
    wanted = [w for w in wanted if w in DATE_METRICS]
    stamps = [_stamp(v, normalize) for v in values]
    if not stamps:
        return {"count": 0} if "count" in wanted else {}
    counts = Counter(stamps)
    pairs = sorted(counts.items())
    top = max(counts.values())
    found: dict[str, Any] = {"count": len(stamps)}
    for name in wanted:
        if name == "median":
            found[name] = _date_median(pairs, len(stamps))
        elif name == "mode":
            found[name] = next(s for s, c in pairs if c == top)[1]
        elif name in ("maximum", "minimum"):
            found[name] = _first_extreme(stamps, max if name == "maximum" else min)
    return {name: found[name] for name in wanted}


def _stamp(value: str, normalize: bool) -> tuple[int, str]:
    nanos = unix_nanos(value)
    return nanos, format_nanos(nanos) if normalize else value


def _first_extreme(stamps: Sequence[tuple[int, str]], pick: Any) -> str:
    """The first value (in object order) with the smallest / largest instant."""
    target = pick(n for n, _ in stamps)
    return next(s for n, s in stamps if n == target)


def _date_median(pairs: Sequence[tuple[tuple[int, str], int]], n: int) -> str:
    middle, seen = n // 2, 0
    for index, ((nanos, shown), count) in enumerate(pairs):
        seen += count
        if seen > middle:
            return shown
        if n % 2 == 0 and seen == middle:
            return format_nanos(go_midpoint(nanos, pairs[index + 1][0][0]))
    raise ValueError("median of no values")


def reference(beacons: Sequence[str]) -> dict[str, Any]:
    """references.go: the distinct beacons pointed to (first-seen order here)."""
    return {"pointing_to": list(dict.fromkeys(beacons))}
