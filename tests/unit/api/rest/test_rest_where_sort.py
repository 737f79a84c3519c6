"""REST WhereFilter paths (``len(prop)``) and ``?sort=&order=`` parsing."""

from __future__ import annotations

import pytest

from weftdb.api.rest.routes_objects import sort_specs
from weftdb.api.rest.where import parse_where
from weftdb.entities.filters import Filter, Operator, ValueType
from weftdb.entities.search import SortSpec
from weftdb.errors import InvalidInput


def test_length_paths_become_length_filters() -> None:
    parsed = parse_where({"operator": "GreaterThan", "path": ["len(title)"], "valueInt": 3})
    assert parsed == Filter(Operator.GREATER_THAN, ("title",), 3, ValueType.INT, on_length=True)
    assert parse_where({"operator": "Equal", "path": ["title"], "valueText": "x"}).on_length is False


def test_empty_arrays_are_no_value() -> None:
    with pytest.raises(InvalidInput):
        parse_where({"operator": "ContainsAny", "path": ["tags"], "valueTextArray": []})


@pytest.mark.parametrize(("sort", "order", "expected"), [
    (None, None, ()),
    ("a", None, (SortSpec(("a",), True),)),
    ("a,b", "desc", (SortSpec(("a",), False), SortSpec(("b",), True))),
    ("a,b", "asc,desc", (SortSpec(("a",), True), SortSpec(("b",), False))),
    ("a", "sideways", (SortSpec(("a",), True),)),
])
def test_sort_query_parameters(sort: str | None, order: str | None, expected: tuple[SortSpec, ...]) -> None:
    assert sort_specs(sort, order) == expected
