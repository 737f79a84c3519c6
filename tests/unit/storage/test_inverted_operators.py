"""Each operator on each property type, against hand-computed answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.unit.storage.inverted_support import Setup, collection, obj, oid, open_setup
from weftdb.entities.filters import Filter, GeoRange, Operator, ValueType
from weftdb.errors import InvalidInput, NotImplementedYet
from weftdb.storage.kv.memory import MemoryEngine
from weftdb.storage.kv.port import KeyValueEngine
from weftdb.storage.kv.rocksdb import RocksEngine

Op, V = Operator, ValueType
BEACON = "weaviate://localhost/Other/00000000-0000-0000-0000-0000000000{:02d}"
U = [str(oid(i)) for i in range(4)]

DATA: list[dict[str, Any]] = [
    {"text": "The Quick brown fox", "field": "  New York ", "lower": "Hello World", "white": "Hello World",
     "tri": "hello", "texts": ["red fox", "blue"], "int": 1, "ints": [1, 2], "number": -1.5, "numbers": [0.5],
     "bool": True, "bools": [True], "date": "2024-01-01T00:00:00Z", "dates": ["2024-01-01T00:00:00Z"],
     "uuid": U[0], "uuids": [U[0], U[1]], "geo": {"latitude": 52.52, "longitude": 13.405},
     "ref": [{"beacon": BEACON.format(1)}], "rangeOnly": 5, "searchOnly": "alpha beta"},
    {"text": "lazy dog", "field": "new york", "lower": "HELLO there", "white": "hello there", "tri": "yellow",
     "texts": ["green"], "int": 2, "ints": [3], "number": 0.0, "numbers": [0.5, 2.5], "bool": False,
     "bools": [False, True], "date": "2024-06-01T12:00:00+02:00", "dates": [], "uuid": U[1], "uuids": [U[2]],
     "geo": {"latitude": 48.8566, "longitude": 2.3522}, "ref": [], "rangeOnly": 10, "searchOnly": "beta"},
    {"text": "quick quick", "field": "", "lower": "", "white": "", "tri": "", "texts": [], "int": 3,
     "ints": [], "number": 2.25, "numbers": [], "bool": True, "bools": [], "date": "2025-01-01T00:00:00Z",
     "dates": ["2023-01-01T00:00:00Z", "2026-01-01T00:00:00Z"], "uuid": U[2], "uuids": [],
     "ref": [{"beacon": BEACON.format(1)}, {"beacon": BEACON.format(2)}], "rangeOnly": 15, "searchOnly": "gamma"},
    {},  # every property missing
    {"text": "Fox", "int": -4, "number": 1e10, "ints": [2, 2, 9], "texts": ["fox"]},
]


def loaded(engine: KeyValueEngine, path: Path) -> Setup:
    s = open_setup(engine, path)
    s.put(obj(i, props) for i, props in enumerate(DATA))
    return s


@pytest.fixture(scope="module", params=["memory", "rocksdb"])
def setup(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """Read-only tests share one loaded shard per engine."""
    engine = MemoryEngine() if request.param == "memory" else RocksEngine(block_cache_bytes=8 << 20)
    return loaded(engine, tmp_path_factory.mktemp("operators") / "s")


CASES: list[tuple[Operator, str, Any, ValueType, set[int]]] = [
    # text, word tokenization: every token (stopwords dropped) must be present
    (Op.EQUAL, "text", "quick", V.TEXT, {0, 2}),
    (Op.EQUAL, "text", "QUICK fox", V.TEXT, {0}),
    (Op.EQUAL, "text", "the fox", V.TEXT, {0, 4}),  # "the" is a stopword
    (Op.NOT_EQUAL, "text", "quick", V.TEXT, {1, 3, 4}),
    (Op.NOT_EQUAL, "text", "quick dog", V.TEXT, {3, 4}),  # neither token, as Weaviate
    (Op.LIKE, "text", "qu*", V.TEXT, {0, 2}),
    (Op.LIKE, "text", "?o?", V.TEXT, {0, 1, 4}),
    (Op.LIKE, "text", "*o*", V.TEXT, {0, 1, 4}),
    (Op.GREATER_THAN, "text", "lazy", V.TEXT, {0, 2}),
    (Op.LESS_THAN_EQUAL, "text", "dog", V.TEXT, {0, 1}),
    (Op.CONTAINS_ANY, "text", ["dog", "fox"], V.TEXT_ARRAY, {0, 1, 4}),
    (Op.CONTAINS_ALL, "text", ["quick", "brown"], V.TEXT_ARRAY, {0}),
    (Op.CONTAINS_NONE, "text", ["quick", "dog"], V.TEXT_ARRAY, {3, 4}),
    # field, lowercase, whitespace, trigram
    (Op.EQUAL, "field", "New York", V.TEXT, {0}),
    (Op.EQUAL, "field", "new york", V.TEXT, {1}),
    (Op.EQUAL, "field", "   ", V.TEXT, {2}),
    (Op.LIKE, "field", "*York", V.TEXT, {0}),
    (Op.EQUAL, "lower", "hello", V.TEXT, {0, 1}),
    (Op.EQUAL, "white", "hello", V.TEXT, {1}),
    (Op.EQUAL, "white", "Hello World", V.TEXT, {0}),
    (Op.EQUAL, "tri", "ello", V.TEXT, {0, 1}),
    (Op.EQUAL, "tri", "yell", V.TEXT, {1}),
    # text[]: tokens of every element
    (Op.EQUAL, "texts", "fox", V.TEXT, {0, 4}),
    (Op.EQUAL, "texts", "red blue", V.TEXT, {0}),
    (Op.CONTAINS_ANY, "texts", ["green", "blue"], V.TEXT_ARRAY, {0, 1}),
    (Op.CONTAINS_ALL, "texts", ["red", "blue"], V.TEXT_ARRAY, {0}),
    (Op.NOT_EQUAL, "texts", "fox", V.TEXT, {1, 2, 3}),
    # int and int[]
    (Op.EQUAL, "int", 2, V.INT, {1}),
    (Op.NOT_EQUAL, "int", 2, V.INT, {0, 2, 3, 4}),
    (Op.GREATER_THAN, "int", 1, V.INT, {1, 2}),
    (Op.GREATER_THAN_EQUAL, "int", 1, V.INT, {0, 1, 2}),
    (Op.LESS_THAN, "int", 1, V.INT, {4}),
    (Op.LESS_THAN_EQUAL, "int", -4, V.INT, {4}),
    (Op.CONTAINS_ANY, "int", [1, 3], V.INT_ARRAY, {0, 2}),
    (Op.CONTAINS_NONE, "int", [1, 3], V.INT_ARRAY, {1, 3, 4}),
    (Op.LIKE, "int", 2, V.INT, {1}),  # a key is its own pattern
    (Op.EQUAL, "ints", 2, V.INT, {0, 4}),
    (Op.GREATER_THAN, "ints", 2, V.INT, {1, 4}),
    (Op.CONTAINS_ALL, "ints", [2, 9], V.INT_ARRAY, {4}),
    (Op.CONTAINS_ALL, "ints", [1, 3], V.INT_ARRAY, set()),
    # number (with a range index) and number[]
    (Op.EQUAL, "number", 0.0, V.NUMBER, {1}),
    (Op.EQUAL, "number", -0.0, V.NUMBER, {1}),
    (Op.GREATER_THAN, "number", 0.0, V.NUMBER, {2, 4}),
    (Op.LESS_THAN, "number", 2.25, V.NUMBER, {0, 1}),
    (Op.LESS_THAN_EQUAL, "number", 2.25, V.NUMBER, {0, 1, 2}),
    (Op.GREATER_THAN_EQUAL, "numbers", 2.5, V.NUMBER, {1}),
    (Op.CONTAINS_ANY, "numbers", [0.5], V.NUMBER_ARRAY, {0, 1}),
    # booleans
    (Op.EQUAL, "bool", True, V.BOOLEAN, {0, 2}),
    (Op.NOT_EQUAL, "bool", True, V.BOOLEAN, {1, 3, 4}),
    (Op.GREATER_THAN, "bool", False, V.BOOLEAN, {0, 2}),
    (Op.EQUAL, "bools", True, V.BOOLEAN, {0, 1}),
    (Op.CONTAINS_ALL, "bools", [True, False], V.BOOLEAN_ARRAY, {1}),
    # dates compare as instants
    (Op.EQUAL, "date", "2024-06-01T10:00:00Z", V.DATE, {1}),
    (Op.GREATER_THAN, "date", "2024-01-01T00:00:00Z", V.DATE, {1, 2}),
    (Op.LESS_THAN_EQUAL, "date", "2024-06-01T11:59:59+01:59", V.DATE, {0, 1}),
    (Op.GREATER_THAN, "dates", "2025-06-01T00:00:00.5Z", V.DATE, {2}),
    (Op.CONTAINS_ANY, "dates", ["2023-01-01T00:00:00Z"], V.DATE_ARRAY, {2}),
    # uuids (as text values)
    (Op.EQUAL, "uuid", U[1].upper(), V.TEXT, {1}),
    (Op.NOT_EQUAL, "uuid", U[1], V.TEXT, {0, 2, 3, 4}),
    (Op.GREATER_THAN, "uuid", U[0], V.TEXT, {1, 2}),
    (Op.CONTAINS_ANY, "uuids", [U[1], U[2]], V.TEXT_ARRAY, {0, 1}),
    (Op.CONTAINS_ALL, "uuids", [U[0], U[1]], V.TEXT_ARRAY, {0}),
    # geo: Berlin and Paris are ~878 km apart
    (Op.WITHIN_GEO_RANGE, "geo", GeoRange(52.52, 13.405, 1000.0), V.GEO_RANGE, {0}),
    (Op.WITHIN_GEO_RANGE, "geo", GeoRange(52.52, 13.405, 900_000.0), V.GEO_RANGE, {0, 1}),
    (Op.WITHIN_GEO_RANGE, "geo", GeoRange(52.52, 13.405, 850_000.0), V.GEO_RANGE, {0}),
    # references: the number of targets
    (Op.EQUAL, "ref", 0, V.INT, {1, 3, 4}),
    (Op.GREATER_THAN_EQUAL, "ref", 1, V.INT, {0, 2}),
    (Op.LESS_THAN, "ref", 2, V.INT, {0, 1, 3, 4}),
    # a property with only a range index, and text with only a searchable index
    (Op.EQUAL, "rangeOnly", 10, V.INT, {1}),
    (Op.GREATER_THAN, "rangeOnly", 5, V.INT, {1, 2}),
    (Op.NOT_EQUAL, "rangeOnly", 10, V.INT, {0, 2, 3, 4}),
    (Op.EQUAL, "searchOnly", "beta", V.TEXT, {0, 1}),
]


@pytest.mark.parametrize(("op", "path", "value", "value_type", "expected"), CASES,
                         ids=[f"{c[1]}-{c[0].value}-{c[2]}" for c in CASES])
def test_operator(setup: Setup, op: Operator, path: str, value: Any, value_type: ValueType, expected: set[int]) -> None:
    assert setup.where(op, path, value, value_type) == expected


@pytest.mark.parametrize(("path", "nulls"), [
    ("text", {3}), ("field", {2, 3, 4}), ("texts", {2, 3}), ("int", {3}), ("ints", {2, 3}), ("number", {3}),
    ("dates", {1, 3, 4}), ("uuid", {3, 4}), ("uuids", {2, 3, 4}), ("ref", {3, 4}), ("geo", set()),
])
def test_is_null(setup: Setup, path: str, nulls: set[int]) -> None:
    """Absent, empty text and empty arrays are null; an empty reference list is neither."""
    assert setup.where(Op.IS_NULL, path, True, V.BOOLEAN) == nulls
    not_null = setup.where(Op.IS_NULL, path, False, V.BOOLEAN)
    assert not_null.isdisjoint(nulls)
    if path not in ("geo", "ref"):
        assert not_null | nulls == set(range(5))


@pytest.mark.parametrize(("op", "path", "value", "expected"), [
    (Op.EQUAL, "text", 8, {1}),
    (Op.EQUAL, "text", 0, {3}),  # absent text has length 0
    (Op.GREATER_THAN, "text", 10, {0, 2}),
    (Op.EQUAL, "field", 0, {2, 3, 4}),
    (Op.EQUAL, "ints", 0, {2, 3}),
    (Op.GREATER_THAN_EQUAL, "ints", 2, {0, 4}),
    (Op.LESS_THAN, "ints", 2, {1, 2, 3}),
    (Op.NOT_EQUAL, "texts", 1, {0, 2, 3}),
    (Op.EQUAL, "int", 0, set()),  # numbers have no length
    (Op.NOT_EQUAL, "int", 0, {0, 1, 2, 3, 4}),
    (Op.EQUAL, "ref", 2, {2}),
])
def test_property_length(setup: Setup, op: Operator, path: str, value: int, expected: set[int]) -> None:
    assert setup.where(op, path, value, V.INT, on_length=True) == expected


def test_timestamps(setup: Setup) -> None:
    assert setup.where(Op.EQUAL, "_creationTimeUnix", "1002", V.TEXT) == {2}
    assert setup.where(Op.GREATER_THAN, "_creationTimeUnix", "1002", V.TEXT) == {3, 4}
    assert setup.where(Op.LESS_THAN, "_lastUpdateTimeUnix", "1970-01-01T00:00:01.002Z", V.DATE) == {0, 1}
    assert setup.where(Op.NOT_EQUAL, "_lastUpdateTimeUnix", "1000", V.TEXT) == {1, 2, 3, 4}
    assert setup.where(Op.LIKE, "_creationTimeUnix", "100?", V.TEXT) == {0, 1, 2, 3, 4}
    assert setup.where(Op.CONTAINS_ANY, "_creationTimeUnix", ["1000", "1004"], V.TEXT_ARRAY) == {0, 4}


def test_ids(setup: Setup) -> None:
    assert setup.where(Op.EQUAL, "_id", U[2], V.TEXT) == {2}
    assert setup.where(Op.NOT_EQUAL, "id", U[2], V.TEXT) == {0, 1, 3, 4}
    assert setup.where(Op.GREATER_THAN_EQUAL, "_id", U[3], V.TEXT) == {3, 4}
    assert setup.where(Op.LIKE, "_id", "*0002", V.TEXT) == {1}
    assert setup.where(Op.CONTAINS_NONE, "_id", [U[0], U[1]], V.TEXT_ARRAY) == {2, 3, 4}
    assert setup.where(Op.EQUAL, "_id", "not-a-uuid", V.TEXT) == set()


def test_logical_operators(setup: Setup) -> None:
    quick = Filter(Op.EQUAL, ("text",), "quick", V.TEXT)
    small = Filter(Op.LESS_THAN, ("int",), 3, V.INT)
    assert setup.run(Filter(Op.AND, operands=(quick, small))) == {0}
    assert setup.run(Filter(Op.OR, operands=(quick, small))) == {0, 1, 2, 4}
    assert setup.run(Filter(Op.NOT, operands=(quick,))) == {1, 3, 4}
    assert setup.run(Filter(Op.NOT, operands=(Filter(Op.OR, operands=(quick, small)),))) == {3}
    assert setup.run(Filter(Op.AND, operands=(Filter(Op.NOT, operands=(quick,)), small))) == {1, 4}


def test_deleted_objects_never_match(engine: KeyValueEngine, store_path: Path) -> None:
    setup = loaded(engine, store_path)
    setup.shard.delete_objects([oid(0), oid(3)])
    assert setup.where(Op.NOT_EQUAL, "int", 2, V.INT) == {2, 4}
    assert setup.where(Op.IS_NULL, "text", True, V.BOOLEAN) == set()
    assert setup.run(Filter(Op.NOT, operands=(Filter(Op.EQUAL, ("int",), 2, V.INT),))) == {2, 4}


@pytest.mark.parametrize(("clause", "message"), [
    (Filter(Op.EQUAL, ("unindexed",), 1, V.INT),
     "Filtering by property 'unindexed' requires inverted index. Is `indexFilterable` option of property "
     "'unindexed' enabled? Set it to `true` or leave empty"),
    (Filter(Op.EQUAL, ("text",), "the", V.TEXT), "invalid search term, only stopwords provided"),
    (Filter(Op.CONTAINS_ANY, ("text",), ["the", "a"], V.TEXT_ARRAY), "only stopwords provided"),
    (Filter(Op.EQUAL, ("missing",), 1, V.INT), "no such prop with name 'missing' found in class 'Thing'"),
    (Filter(Op.EQUAL, ("date",), "yesterday", V.DATE), "trying parse time as RFC3339 string"),
    (Filter(Op.EQUAL, ("uuid",), "123", V.TEXT), "parse uuid filter value: invalid UUID length: 3"),
    (Filter(Op.EQUAL, ("_creationTimeUnix",), "soon", V.TEXT), "expected value to be timestamp, got 'soon'"),
    (Filter(Op.EQUAL, ("obj.a",), 1, V.INT), "no such prop with name 'obj.a'"),
    (Filter(Op.EQUAL, ("geo",), "x", V.TEXT), "it can only be used with geoRange filters"),
    (Filter(Op.EQUAL, ("unindexed",), 1, V.INT, on_length=True), "bucket for prop unindexed_propertyLength"),
])
def test_errors(setup: Setup, clause: Filter, message: str) -> None:
    with pytest.raises(InvalidInput) as err:
        setup.run(clause)
    assert message in err.value.message


def test_contains_any_skips_stopword_only_values(setup: Setup) -> None:
    assert setup.where(Op.CONTAINS_ANY, "text", ["the", "dog"], V.TEXT_ARRAY) == {1}


def test_switched_off_indexes_refuse_with_weaviates_messages(engine: KeyValueEngine, store_path: Path) -> None:
    bare = open_setup(engine, store_path, collection(inverted={}))
    bare.put([obj(0, {"text": "x"})])
    cases = [
        (Filter(Op.IS_NULL, ("text",), True, V.BOOLEAN), "Nullstate must be indexed to be filterable! Add "
                                                        "`indexNullState: true` to the invertedIndexConfig"),
        (Filter(Op.EQUAL, ("text",), 1, V.INT, on_length=True),
         "Property length must be indexed to be filterable! add `IndexPropertyLength: true` to the "
         "invertedIndexConfig in Thing.  Geo-coordinates, phone numbers and data blobs are not supported"),
        (Filter(Op.EQUAL, ("_creationTimeUnix",), "1", V.TEXT),
         "Timestamps must be indexed to be filterable! Add `IndexTimestamps: true` to the InvertedIndexConfig "
         "in Thing"),
    ]
    for clause, message in cases:
        with pytest.raises(InvalidInput) as err:
            bare.run(clause)
        assert message in err.value.message


def test_reference_paths_are_not_built_yet(setup: Setup) -> None:
    with pytest.raises(NotImplementedYet):
        setup.run(Filter(Op.EQUAL, ("ref", "Other", "name"), "x", V.TEXT))


def test_nested_object_properties_are_refused(engine: KeyValueEngine, store_path: Path) -> None:
    nested = [{"name": "obj", "dataType": ["object"], "nestedProperties": [{"name": "a", "dataType": ["int"]}]}]
    s = open_setup(engine, store_path, collection(nested))
    s.put([obj(0, {"obj": {"a": 1}})])
    for path in ("obj", "obj.a"):
        with pytest.raises(InvalidInput) as err:
            s.where(Op.EQUAL, path, 1, V.INT)
        assert "filtering on nested properties is a preview feature" in err.value.message
