"""Proto filters as the client builds them -> entities.filters.Filter."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from grpc_fakes import FakeSchema
from weaviate.classes.query import Filter as F
from weaviate.collections.classes.types import GeoCoordinate
from weaviate.collections.filters import _FilterToGRPC
from weaviate.proto.v1 import base_pb2

from weftdb.api.grpc.filters import parse_filters
from weftdb.entities.filters import Filter, GeoRange, Operator, ValueType
from weftdb.errors import InvalidInput

SCHEMA = FakeSchema()
ARTICLE = SCHEMA.collections["Article"]
U1 = uuid.UUID("df48b9f6-ba48-470c-bf6a-57657cb07390")


def parse(client_filter: Any) -> Filter:
    return parse_filters(_FilterToGRPC.convert(client_filter), ARTICLE, SCHEMA.find)


def test_id_filters() -> None:
    assert parse(F.by_id().equal(U1)) == Filter(Operator.EQUAL, ("_id",), str(U1), ValueType.TEXT)
    assert parse(F.by_id().not_equal(U1)).operator is Operator.NOT_EQUAL
    got = parse(F.by_id().contains_any([U1]))
    assert (got.operator, got.value, got.value_type) == (Operator.CONTAINS_ANY, [str(U1)], ValueType.TEXT_ARRAY)
    assert parse(F.by_id().contains_none([U1])).operator is Operator.CONTAINS_NONE


def test_logical_operators_nest() -> None:
    got = parse((F.by_id().equal(U1) | F.by_property("title").equal("x")) & F.not_(F.by_property("done").equal(True)))
    assert got.operator is Operator.AND
    left, right = got.operands
    assert left.operator is Operator.OR and len(left.operands) == 2
    assert right.operator is Operator.NOT and right.operands[0] == Filter(
        Operator.EQUAL, ("done",), True, ValueType.BOOLEAN
    )


@pytest.mark.parametrize(
    ("client_filter", "expected"),
    [
        (F.by_property("price").greater_than(3), (3.0, ValueType.NUMBER)),
        (F.by_property("count").less_than(3.0), (3, ValueType.INT)),
        (F.by_property("counts").contains_any([1.0, 2.0]), ([1, 2], ValueType.INT_ARRAY)),
        (F.by_property("prices").contains_all([1, 2]), ([1.0, 2.0], ValueType.NUMBER_ARRAY)),
        (F.by_property("price").equal("2.5"), (2.5, ValueType.NUMBER)),
        (F.by_property("title").like("he*"), ("he*", ValueType.TEXT)),
        (F.by_property("uid").equal(U1), (str(U1), ValueType.TEXT)),
        (
            F.by_property("when").greater_or_equal(dt.datetime(2024, 1, 1, tzinfo=dt.UTC)),
            ("2024-01-01T00:00:00.000000+00:00", ValueType.DATE),
        ),
        (
            F.by_property("whens").contains_any([dt.datetime(2024, 1, 1, tzinfo=dt.UTC)]),
            (["2024-01-01T00:00:00.000000+00:00"], ValueType.DATE_ARRAY),
        ),
        (F.by_property("title").is_none(True), (True, ValueType.BOOLEAN)),
        (
            F.by_property("where").within_geo_range(
                coordinate=GeoCoordinate(latitude=52.5, longitude=13.25), distance=1000.0
            ),
            (GeoRange(52.5, 13.25, 1000.0), ValueType.GEO_RANGE),
        ),
    ],
)
def test_values_are_corrected_by_the_property_type(client_filter: Any, expected: tuple[Any, ValueType]) -> None:
    got = parse(client_filter)
    assert (got.value, got.value_type) == expected


def test_metadata_and_length_and_reference_targets() -> None:
    got = parse(F.by_creation_time().greater_than(dt.datetime(2024, 1, 1, tzinfo=dt.UTC)))
    assert (got.path, got.value_type) == (("_creationTimeUnix",), ValueType.DATE)
    got = parse(F.by_property("title", length=True).equal(3))
    assert (got.path, got.on_length, got.value, got.value_type) == (("title",), True, 3, ValueType.INT)
    got = parse(F.by_ref_count("author").greater_than(1))
    assert (got.path, got.on_ref_count, got.value_type) == (("author",), True, ValueType.INT)
    got = parse(F.by_ref("author").by_property("age").equal(30.0))
    assert (got.path, got.value, got.value_type) == (("author", "Person", "age"), 30, ValueType.INT)
    got = parse(F.by_ref_multi_target("mentions", "Org").by_property("name").equal("x"))
    assert got.path == ("mentions", "Org", "name")


def test_legacy_on_path() -> None:
    msg = base_pb2.Filters(operator=base_pb2.Filters.OPERATOR_EQUAL, on=["author", "Person", "age"], value_number=2.0)
    got = parse_filters(msg, ARTICLE, SCHEMA.find)
    assert (got.path, got.value, got.value_type) == (("author", "Person", "age"), 2, ValueType.INT)


@pytest.mark.parametrize(
    "msg",
    [
        base_pb2.Filters(operator=base_pb2.Filters.OPERATOR_UNSPECIFIED, target={"property": "title"}, value_text="x"),
        base_pb2.Filters(operator=99, target={"property": "title"}, value_text="x"),
        base_pb2.Filters(operator=base_pb2.Filters.OPERATOR_EQUAL, target={"property": "nope"}, value_text="x"),
        base_pb2.Filters(operator=base_pb2.Filters.OPERATOR_EQUAL, target={"property": "title"}),
        base_pb2.Filters(operator=base_pb2.Filters.OPERATOR_EQUAL, target={"property": "count"}, value_number=1.5),
        base_pb2.Filters(operator=base_pb2.Filters.OPERATOR_EQUAL, target={"property": "count"}, value_text="abc"),
        base_pb2.Filters(
            operator=base_pb2.Filters.OPERATOR_EQUAL, target={"property": "count"}, value_number=float("nan")
        ),
        base_pb2.Filters(operator=base_pb2.Filters.OPERATOR_EQUAL, on=["author", "Person"], value_text="x"),
        base_pb2.Filters(operator=base_pb2.Filters.OPERATOR_EQUAL, value_text="x"),
        base_pb2.Filters(operator=base_pb2.Filters.OPERATOR_EQUAL, target={"single_target": {"on": "mentions"}}),
        base_pb2.Filters(
            operator=base_pb2.Filters.OPERATOR_EQUAL,
            target={"multi_target": {"on": "mentions", "target_collection": "Nope", "target": {"property": "name"}}},
            value_text="x",
        ),
    ],
)
def test_malformed_filters_are_invalid_input(msg: Any) -> None:
    with pytest.raises(InvalidInput):
        parse_filters(msg, ARTICLE, SCHEMA.find)
