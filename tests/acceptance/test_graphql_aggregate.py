"""GraphQL Aggregate: meta count and the metrics of every aggregatable type, grouped
and filtered, compared with the gRPC aggregation of the official client."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import weaviate
from weaviate.classes.aggregate import GroupByAggregate, Metrics
from weaviate.classes.config import DataType, Property, ReferenceProperty
from weaviate.classes.query import Filter

from tests.acceptance.graphql_support import IGNORE_DEPRECATION, aggregate, errors

pytestmark = [pytest.mark.acceptance, IGNORE_DEPRECATION]

N = 60
CATS = ["red", "green", "blue"]


def row(i: int) -> dict[str, Any]:
    return {"cat": CATS[i % 3], "tags": [CATS[i % 2], "x"], "n": i % 7, "ns": [i, 1], "price": i / 4,
            "done": i % 4 == 0, "when": dt.datetime(2021, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=i % 10)}


@pytest.fixture
def coll(client: weaviate.WeaviateClient, name: str) -> Any:
    c = client.collections.create(name, properties=[
        Property(name="cat", data_type=DataType.TEXT), Property(name="tags", data_type=DataType.TEXT_ARRAY),
        Property(name="n", data_type=DataType.INT), Property(name="ns", data_type=DataType.INT_ARRAY),
        Property(name="price", data_type=DataType.NUMBER), Property(name="done", data_type=DataType.BOOL),
        Property(name="when", data_type=DataType.DATE)])
    assert not c.data.insert_many([row(i) for i in range(N)]).errors
    return c


QUERY = """meta {{ count }}
    n {{ count sum mean median mode minimum maximum type }} ns {{ count sum maximum }}
    price {{ count sum mean median mode minimum maximum }}
    cat {{ count type topOccurrences(limit: {top}) {{ value occurs }} }} tags {{ count topOccurrences {{ value occurs }} }}
    done {{ count totalTrue totalFalse percentageTrue percentageFalse type }}
    when {{ count minimum maximum median mode }}"""
METRICS = [
    Metrics("n").integer(count=True, sum_=True, mean=True, median=True, mode=True, minimum=True, maximum=True),
    Metrics("ns").integer(count=True, sum_=True, maximum=True),
    Metrics("price").number(count=True, sum_=True, mean=True, median=True, mode=True, minimum=True, maximum=True),
    Metrics("cat").text(count=True, top_occurrences_count=True, top_occurrences_value=True, limit=2),
    Metrics("tags").text(count=True, top_occurrences_count=True, top_occurrences_value=True),
    Metrics("done").boolean(count=True, total_true=True, total_false=True, percentage_true=True, percentage_false=True),
    Metrics("when").date_(count=True, minimum=True, maximum=True, median=True, mode=True),
]


def assert_metrics(graphql: dict[str, Any], grpc: Any) -> None:
    props = grpc.properties
    for name in ("n", "ns", "price"):
        for metric, value in graphql[name].items():
            if metric != "type":
                assert value == pytest.approx(getattr(props[name], "sum_" if metric == "sum" else metric)), (name, metric)
    assert graphql["n"]["type"] == "int"
    for name in ("cat", "tags"):
        assert graphql[name]["count"] == props[name].count
        assert [(t["value"], t["occurs"]) for t in graphql[name]["topOccurrences"]] == [
            (t.value, t.count) for t in props[name].top_occurrences]
    assert graphql["cat"]["type"] == "text" and len(graphql["cat"]["topOccurrences"]) == 2
    done = graphql["done"]
    assert (done["count"], done["totalTrue"], done["totalFalse"]) == (
        props["done"].count, props["done"].total_true, props["done"].total_false)
    assert (done["percentageTrue"], done["percentageFalse"]) == pytest.approx(
        (props["done"].percentage_true, props["done"].percentage_false))
    for metric in ("minimum", "maximum", "median", "mode"):
        assert graphql["when"][metric] == getattr(props["when"], metric), metric


def test_metrics_match_grpc(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    (result,) = aggregate(client, f"{{ Aggregate {{ {name} {{ {QUERY.format(top=2)} }} }} }}")[name]
    grpc = coll.aggregate.over_all(total_count=True, return_metrics=METRICS)
    assert result["meta"]["count"] == grpc.total_count == N
    assert_metrics(result, grpc)


def test_filtered_metrics_match_grpc(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    where = '{path: ["n"], operator: GreaterThan, valueInt: 2}'
    (result,) = aggregate(client, f"{{ Aggregate {{ {name}(where: {where}) {{ {QUERY.format(top=2)} }} }} }}")[name]
    grpc = coll.aggregate.over_all(total_count=True, return_metrics=METRICS, filters=Filter.by_property("n").greater_than(2))
    assert result["meta"]["count"] == grpc.total_count
    assert_metrics(result, grpc)


def test_grouped_by_matches_grpc(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    groups = aggregate(client, f"""{{ Aggregate {{ {name}(groupBy: ["cat"]) {{ meta {{ count }} groupedBy {{ path value }}
        n {{ sum maximum }} }} }} }}""")[name]
    grpc = coll.aggregate.over_all(group_by=GroupByAggregate(prop="cat"), total_count=True,
                                   return_metrics=Metrics("n").integer(sum_=True, maximum=True))
    expected = {g.grouped_by.value: g for g in grpc.groups}
    assert {g["groupedBy"]["value"] for g in groups} == set(expected) == set(CATS)
    for group in groups:
        other = expected[group["groupedBy"]["value"]]
        assert group["groupedBy"]["path"] == ["cat"] and group["meta"]["count"] == other.total_count
        assert (group["n"]["sum"], group["n"]["maximum"]) == (other.properties["n"].sum_, other.properties["n"].maximum)
    limited = aggregate(client, f'{{ Aggregate {{ {name}(groupBy: ["n"], limit: 2) {{ groupedBy {{ value }} }} }} }}')[name]
    assert len(limited) == 2
    numbers = aggregate(client, f'{{ Aggregate {{ {name}(groupBy: ["done"]) {{ groupedBy {{ value }} meta {{ count }} }} }} }}')[name]
    assert {g["groupedBy"]["value"]: g["meta"]["count"] for g in numbers} == {"true": 15, "false": 45}


def test_references_and_bad_properties(client: weaviate.WeaviateClient, name: str, coll: Any) -> None:
    linked = f"{name}L"
    client.collections.delete(linked)
    try:
        client.collections.create(linked, references=[ReferenceProperty(name="to", target_collection=name)])
        (result,) = aggregate(client, f"{{ Aggregate {{ {linked} {{ meta {{ count }} to {{ type pointingTo }} }} }} }}")[linked]
        assert result == {"meta": {"count": 0}, "to": {"type": "cref", "pointingTo": [name]}}
    finally:
        client.collections.delete(linked)
    (error,) = errors(client, f"{{ Aggregate {{ {name} {{ zzzzzz {{ count }} }} }} }}")
    assert error["message"] == f'Cannot query field "zzzzzz" on type "Aggregate{name}".'
    (error,) = errors(client, f"{{ Aggregate {{ {name} {{ n {{ topOccurrences {{ value }} }} }} }} }}")
    assert error["message"].startswith('Cannot query field "topOccurrences"')
