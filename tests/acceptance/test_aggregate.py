"""collection.aggregate through the official client against a real server, checked
against plain-Python computations of the same metrics."""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from collections import Counter
from typing import Any

import pytest
import weaviate
from weaviate.classes.aggregate import GroupByAggregate, Metrics
from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.data import DataObject
from weaviate.classes.query import Filter
from weaviate.collections.classes.aggregate import (
    AggregateBoolean,
    AggregateDate,
    AggregateInteger,
    AggregateNumber,
    AggregateText,
    TopOccurrence,
)
from weaviate.exceptions import WeaviateQueryError

pytestmark = pytest.mark.acceptance

PROPERTIES = [
    Property(name="int", data_type=DataType.INT),
    Property(name="ints", data_type=DataType.INT_ARRAY),
    Property(name="number", data_type=DataType.NUMBER),
    Property(name="numbers", data_type=DataType.NUMBER_ARRAY),
    Property(name="text", data_type=DataType.TEXT),
    Property(name="texts", data_type=DataType.TEXT_ARRAY),
    Property(name="bool", data_type=DataType.BOOL),
    Property(name="bools", data_type=DataType.BOOL_ARRAY),
    Property(name="date", data_type=DataType.DATE),
    Property(name="dates", data_type=DataType.DATE_ARRAY),
    Property(name="geo", data_type=DataType.GEO_COORDINATES),
]


def day(n: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(2024, 1, n, hour, 0, 0, tzinfo=dt.UTC)


ROWS: list[dict[str, Any]] = [
    {"int": 3, "ints": [1, 2], "number": 1.5, "numbers": [0.5], "text": "apple", "texts": ["x", "y"],
     "bool": True, "bools": [True, False], "date": day(1), "dates": [day(3)]},
    {"int": 3, "ints": [2], "number": 2.5, "text": "pear", "texts": ["x"], "bool": False, "date": day(2)},
    {"int": 7, "number": -1.0, "numbers": [2.0, 2.0], "text": "apple", "bool": True, "bools": [True],
     "date": day(2), "dates": [day(1, 12), day(5)]},
    {"int": 10, "ints": [], "text": "fig", "texts": ["x", "z", "x"], "bool": True, "date": day(9)},
    {"number": 4.0, "text": "pear", "date": day(4)},
    {"int": -2, "text": "kiwi", "bools": [False]},
]
IDS = [uuid.UUID(int=i + 1) for i in range(len(ROWS))]
VECTORS = [[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.7, 0.7], [-1.0, 0.0], [0.1, 0.9]]


def values(prop: str, rows: list[dict[str, Any]] | None = None) -> list[Any]:
    out: list[Any] = []
    for row in ROWS if rows is None else rows:
        value = row.get(prop)
        if isinstance(value, list):
            out.extend(value)
        elif value is not None:
            out.append(value)
    return out


def numeric_oracle(vals: list[float]) -> dict[str, Any]:
    counts = Counter(vals)
    top = max(counts.values())
    return {"count": len(vals), "maximum": max(vals), "mean": statistics.fmean(vals),
            "median": statistics.median(vals), "minimum": min(vals),
            "mode": min(v for v, c in counts.items() if c == top), "sum_": sum(vals)}


def iso(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@pytest.fixture
def things(client: weaviate.WeaviateClient, name: str) -> Any:
    coll = client.collections.create(name, properties=PROPERTIES, vector_config=Configure.Vectors.self_provided())
    objects = [DataObject(row, uuid=i, vector=v) for row, i, v in zip(ROWS, IDS, VECTORS)]
    assert coll.data.insert_many(objects).errors == {}
    return coll


def test_total_count(things: Any) -> None:
    assert things.aggregate.over_all(total_count=True).total_count == len(ROWS)
    assert len(things) == len(ROWS)


@pytest.mark.parametrize("prop", ["int", "ints"])
def test_integer_metrics(things: Any, prop: str) -> None:
    result = things.aggregate.over_all(return_metrics=Metrics(prop).integer())
    assert result.properties[prop] == AggregateInteger(**numeric_oracle(values(prop)))
    only = things.aggregate.over_all(return_metrics=Metrics(prop).integer(sum_=True, median=True))
    expected = numeric_oracle(values(prop))
    assert only.properties[prop] == AggregateInteger(count=0, maximum=None, mean=None, median=expected["median"],
                                                     minimum=None, mode=None, sum_=expected["sum_"])


@pytest.mark.parametrize("prop", ["number", "numbers"])
def test_number_metrics(things: Any, prop: str) -> None:
    result = things.aggregate.over_all(return_metrics=[Metrics(prop).number()], total_count=False)
    assert result.properties[prop] == AggregateNumber(**numeric_oracle(values(prop)))
    assert result.total_count == 0


@pytest.mark.parametrize(("prop", "limit"), [("text", None), ("text", 2), ("texts", 1), ("texts", None)])
def test_text_metrics(things: Any, prop: str, limit: int | None) -> None:
    result = things.aggregate.over_all(return_metrics=Metrics(prop).text(limit=limit))
    vals = values(prop)
    ranked = sorted(Counter(vals).items(), key=lambda kv: (-kv[1], kv[0]))[: limit or 5]
    assert result.properties[prop] == AggregateText(
        count=len(vals), top_occurrences=[TopOccurrence(count=c, value=v) for v, c in ranked]
    )


@pytest.mark.parametrize("prop", ["bool", "bools"])
def test_boolean_metrics(things: Any, prop: str) -> None:
    result = things.aggregate.over_all(return_metrics=Metrics(prop).boolean())
    vals = values(prop)
    true = vals.count(True)
    assert result.properties[prop] == AggregateBoolean(
        count=len(vals), percentage_false=(len(vals) - true) / len(vals), percentage_true=true / len(vals),
        total_false=len(vals) - true, total_true=true,
    )


@pytest.mark.parametrize("prop", ["date", "dates"])
def test_date_metrics(things: Any, prop: str) -> None:
    result = things.aggregate.over_all(return_metrics=Metrics(prop).date_())
    vals = sorted(values(prop))
    counts = Counter(vals)
    top = max(counts.values())
    n = len(vals)
    median = vals[n // 2] if n % 2 else vals[n // 2 - 1] + (vals[n // 2] - vals[n // 2 - 1]) / 2
    assert result.properties[prop] == AggregateDate(
        count=n, maximum=iso(vals[-1]), median=iso(median), minimum=iso(vals[0]),
        mode=iso(min(v for v, c in counts.items() if c == top)),
    )


def test_several_properties_and_filters_by_id(things: Any) -> None:
    picked = [0, 2, 5]
    rows = [ROWS[i] for i in picked]
    result = things.aggregate.over_all(
        filters=Filter.by_id().contains_any([IDS[i] for i in picked]),
        return_metrics=[Metrics("int").integer(sum_=True, count=True), Metrics("text").text(count=True),
                        Metrics("bools").boolean(total_true=True)],
    )
    assert result.total_count == len(picked)
    assert result.properties["int"].sum_ == sum(values("int", rows))
    assert result.properties["int"].count == len(values("int", rows))
    assert result.properties["text"].count == len(values("text", rows))
    assert result.properties["bools"].total_true == values("bools", rows).count(True)
    none = things.aggregate.over_all(filters=Filter.by_id().equal(uuid.UUID(int=999)),
                                     return_metrics=Metrics("int").integer(mean=True, count=True))
    assert none.total_count == 0
    assert none.properties["int"] == AggregateInteger(count=0, maximum=None, mean=None, median=None,
                                                      minimum=None, mode=None, sum_=None)


def test_group_by(things: Any) -> None:
    result = things.aggregate.over_all(group_by=GroupByAggregate(prop="text"),
                                       return_metrics=Metrics("int").integer(sum_=True))
    groups = {g.grouped_by.value: g for g in result.groups}
    assert {v: g.total_count for v, g in groups.items()} == dict(Counter(values("text")))
    assert all(g.grouped_by.prop == "text" for g in result.groups)
    assert groups["apple"].properties["int"].sum_ == 10
    assert [g.total_count for g in result.groups] == sorted((g.total_count for g in result.groups), reverse=True)
    limited = things.aggregate.over_all(group_by=GroupByAggregate(prop="texts", limit=1))
    ((only,),) = [limited.groups]
    assert (only.grouped_by.value, only.total_count) == ("x", 3)  # an object counts once per group
    by_int = things.aggregate.over_all(group_by="int")
    assert {g.grouped_by.value: g.total_count for g in by_int.groups} == {3.0: 2, 7.0: 1, 10.0: 1, -2.0: 1}


def test_group_by_with_a_filter(things: Any) -> None:
    result = things.aggregate.over_all(group_by="bool", filters=Filter.by_id().contains_any(IDS[:2]))
    assert {g.grouped_by.value: g.total_count for g in result.groups} == {True: 1, False: 1}


def test_errors(things: Any) -> None:
    with pytest.raises(WeaviateQueryError, match="no such prop with name 'nope'"):
        things.aggregate.over_all(return_metrics=Metrics("nope").integer())
    with pytest.raises(WeaviateQueryError, match="dataType geoCoordinates can't be aggregated"):
        things.aggregate.over_all(return_metrics=Metrics("geo").text())


def test_aggregate_over_near_vector_and_near_object(things: Any) -> None:
    """Needs vector search in the traverser. Cosine distances to [1, 0]: ids 1 (0), 2, 4, 6, 3, 5 (2)."""
    nearest = things.aggregate.near_vector([1.0, 0.0], object_limit=2, return_metrics=Metrics("int").integer(sum_=True))
    assert (nearest.total_count, nearest.properties["int"].sum_) == (2, 6)
    close = things.aggregate.near_vector([1.0, 0.0], distance=0.5, return_metrics=Metrics("text").text(count=True))
    assert close.total_count == 3 and close.properties["text"].count == 3
    by_certainty = things.aggregate.near_vector([1.0, 0.0], certainty=0.75)
    assert by_certainty.total_count == 3
    grouped = things.aggregate.near_vector([1.0, 0.0], object_limit=3, group_by="text")
    assert {g.grouped_by.value: g.total_count for g in grouped.groups} == {"apple": 1, "pear": 1, "fig": 1}
    around = things.aggregate.near_object(IDS[0], object_limit=2, return_metrics=Metrics("number").number(sum_=True))
    assert (around.total_count, around.properties["number"].sum_) == (2, 4.0)
    with pytest.raises(WeaviateQueryError):
        things.aggregate.near_vector([1.0, 0.0], distance=2.0)  # certainty 0 and no object limit


def test_property_filters(things: Any) -> None:
    """Needs property filters in storage (inverted index)."""
    rows = [r for r in ROWS if r.get("int") is not None and r["int"] > 2]
    result = things.aggregate.over_all(filters=Filter.by_property("int").greater_than(2),
                                       return_metrics=[Metrics("number").number(sum_=True, count=True),
                                                       Metrics("date").date_(minimum=True)])
    assert result.total_count == len(rows)
    assert result.properties["number"].sum_ == sum(values("number", rows))
    assert result.properties["date"].minimum == iso(min(values("date", rows)))
    grouped = things.aggregate.over_all(filters=Filter.by_property("text").equal("apple"), group_by="bool")
    assert [(g.grouped_by.value, g.total_count) for g in grouped.groups] == [(True, 2)]
    near = things.aggregate.near_vector([1.0, 0.0], object_limit=3, filters=Filter.by_property("bool").equal(True))
    assert near.total_count == 3
