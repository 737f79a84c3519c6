"""Property test: random objects (every filterable type, arrays, nulls), random
writes (inserts, updates, deletes) and random filter trees; the doc ids the
evaluator returns must equal a plain-Python evaluation of the same filter over
the live objects.

The oracle below is written from Weaviate's filter semantics as documented, not
from weftdb's code:

- Text is compared as tokens. ``word`` tokens are the runs of letters and digits,
  lower-cased; ``field`` is the trimmed whole value. An array's tokens are the
  tokens of all its elements. A filter value's tokens drop the stopwords (word
  tokenization; the class default is the ``en`` preset); a value that is only
  stopwords is an error.
- A clause on text holds when it holds for every token of the value: Equal -
  the object has the token; NotEqual - it does not; GreaterThan(Equal) /
  LessThan(Equal) - some object token compares so; Like - some object token
  matches the pattern (``*`` any run, ``?`` one character, whole token).
- On numbers, booleans, dates (as instants) and uuids (as 16 bytes) a clause
  holds when some element satisfies it, except NotEqual: no element equals.
  Like on them is Equal.
- ContainsAny / ContainsAll / ContainsNone: any / every / no value is Equal;
  ContainsAny skips values that are only stopwords (all of them: error).
- IsNull true: the property is absent, an empty text or an empty array;
  IsNull false: present and not empty. Geo coordinates are neither.
- len(prop): characters of a text, elements of an array; absent text, array
  or uuid properties have length 0; numbers, booleans, dates and present uuids
  have no length (only NotEqual matches them).
- WithinGeoRange: great-circle distance on a 6371 km sphere at most the maximum.
- _creationTimeUnix compares milliseconds; _id compares ids.
- And / Or / Not combine over the live objects.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.storage.inverted_support import collection, obj, oid, open_setup
from weftdb.entities.filters import Filter, GeoRange, Operator, ValueType
from weftdb.errors import InvalidInput
from weftdb.storage.kv.memory import MemoryEngine

Op, V = Operator, ValueType
STOPWORDS = {"the", "a", "and", "is", "of"}
WORDS = ["alpha", "Beta", "the", "gamma", "beta", "a"]
FIELDS = ["x", "Y", " x ", ""]
INTS = [-2, -1, 0, 1, 3]
NUMBERS = [-1.5, 0.0, 0.5, 2.0]
DATES = ["2024-01-01T00:00:00Z", "2024-01-01T01:00:00+01:00", "2024-06-01T00:00:00Z", "2023-01-01T00:00:00.5Z"]
UUIDS = [str(uuid.UUID(int=n)) for n in (5, 300, 2**100)]
POINTS = [{"latitude": 0.0, "longitude": 0.0}, {"latitude": 0.0, "longitude": 0.01},
          {"latitude": 10.0, "longitude": 10.0}]
PROPERTIES = [
    {"name": "w", "dataType": ["text"], "tokenization": "word"},
    {"name": "f", "dataType": ["text"], "tokenization": "field"},
    {"name": "ws", "dataType": ["text[]"], "tokenization": "word"},
    {"name": "i", "dataType": ["int"]},
    {"name": "is", "dataType": ["int[]"], "indexRangeFilters": True},
    {"name": "n", "dataType": ["number"], "indexRangeFilters": True},
    {"name": "ns", "dataType": ["number[]"]},
    {"name": "b", "dataType": ["boolean"]},
    {"name": "bs", "dataType": ["boolean[]"]},
    {"name": "d", "dataType": ["date"]},
    {"name": "ds", "dataType": ["date[]"]},
    {"name": "u", "dataType": ["uuid"]},
    {"name": "us", "dataType": ["uuid[]"]},
    {"name": "g", "dataType": ["geoCoordinates"]},
]
TYPES = {p["name"]: p["dataType"][0] for p in PROPERTIES}
SCALAR_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "text": st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join),
    "field": st.sampled_from(FIELDS),
    "int": st.sampled_from(INTS),
    "number": st.sampled_from(NUMBERS),
    "boolean": st.booleans(),
    "date": st.sampled_from(DATES),
    "uuid": st.sampled_from(UUIDS),
}


def _element_kind(name: str) -> str:
    return "field" if name == "f" else TYPES[name].removesuffix("[]")


def _value(name: str) -> st.SearchStrategy[Any]:
    if name == "g":
        return st.sampled_from(POINTS)
    element = SCALAR_VALUES[_element_kind(name)]
    return st.lists(element, max_size=3) if TYPES[name].endswith("[]") else element


objects = st.fixed_dictionaries({}, optional={name: _value(name) for name in TYPES})


# -- random filters -----------------------------------------------------------------------
LIKES = ["*a", "b?ta", "gam*", "*", "x", " x ", "al*a"]
OPS_BY_KIND = {
    "text": [Op.EQUAL, Op.NOT_EQUAL, Op.GREATER_THAN, Op.LESS_THAN_EQUAL, Op.LIKE, Op.CONTAINS_ANY, Op.CONTAINS_ALL,
             Op.CONTAINS_NONE],
    "field": [Op.EQUAL, Op.NOT_EQUAL, Op.GREATER_THAN_EQUAL, Op.LESS_THAN, Op.LIKE, Op.CONTAINS_ANY],
    "int": [Op.EQUAL, Op.NOT_EQUAL, Op.GREATER_THAN, Op.GREATER_THAN_EQUAL, Op.LESS_THAN, Op.LESS_THAN_EQUAL, Op.LIKE,
            Op.CONTAINS_ANY, Op.CONTAINS_ALL, Op.CONTAINS_NONE],
    "number": [Op.EQUAL, Op.NOT_EQUAL, Op.GREATER_THAN, Op.LESS_THAN_EQUAL, Op.CONTAINS_ANY, Op.CONTAINS_NONE],
    "boolean": [Op.EQUAL, Op.NOT_EQUAL, Op.CONTAINS_ANY, Op.CONTAINS_ALL],
    "date": [Op.EQUAL, Op.NOT_EQUAL, Op.GREATER_THAN, Op.LESS_THAN, Op.CONTAINS_ANY],
    "uuid": [Op.EQUAL, Op.NOT_EQUAL, Op.GREATER_THAN_EQUAL, Op.LESS_THAN, Op.CONTAINS_ANY, Op.CONTAINS_ALL],
}
VALUE_TYPE = {"text": V.TEXT, "field": V.TEXT, "int": V.INT, "number": V.NUMBER, "boolean": V.BOOLEAN,
              "date": V.DATE, "uuid": V.TEXT}


@st.composite
def leaves(draw: st.DrawFn) -> Filter:
    name = draw(st.sampled_from([*TYPES, "_creationTimeUnix", "_id"]))
    special = draw(st.sampled_from(["value", "value", "value", "null", "len"]))
    if name == "_creationTimeUnix":
        op = draw(st.sampled_from([Op.EQUAL, Op.NOT_EQUAL, Op.GREATER_THAN, Op.LESS_THAN_EQUAL]))
        return Filter(op, (name,), str(draw(st.sampled_from([1000, 1001, 1002]))), V.TEXT)
    if name == "_id":
        op = draw(st.sampled_from([Op.EQUAL, Op.NOT_EQUAL, Op.CONTAINS_ANY]))
        ids = draw(st.lists(st.integers(0, 12).map(lambda i: str(oid(i))), min_size=1, max_size=2))
        return Filter(op, (name,), ids if op is Op.CONTAINS_ANY else ids[0], V.TEXT)
    if special == "null":
        return Filter(Op.IS_NULL, (name,), draw(st.booleans()), V.BOOLEAN)
    if special == "len":
        op = draw(st.sampled_from([Op.EQUAL, Op.NOT_EQUAL, Op.GREATER_THAN, Op.LESS_THAN_EQUAL]))
        return Filter(op, (name,), draw(st.integers(0, 3)), V.INT, on_length=True)
    if name == "g":
        point = draw(st.sampled_from(POINTS))
        distance = draw(st.sampled_from([10.0, 1200.0, 2_000_000.0]))
        return Filter(Op.WITHIN_GEO_RANGE, (name,), GeoRange(point["latitude"], point["longitude"], distance),
                      V.GEO_RANGE)
    kind = _element_kind(name)
    op = draw(st.sampled_from(OPS_BY_KIND[kind]))
    if op is Op.LIKE and kind in ("text", "field"):
        return Filter(op, (name,), draw(st.sampled_from(LIKES)), V.TEXT)
    if op in (Op.CONTAINS_ANY, Op.CONTAINS_ALL, Op.CONTAINS_NONE):
        return Filter(op, (name,), draw(st.lists(SCALAR_VALUES[kind], min_size=1, max_size=3)), VALUE_TYPE[kind])
    return Filter(op, (name,), draw(SCALAR_VALUES[kind]), VALUE_TYPE[kind])


filters = st.recursive(
    leaves(),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda ops: Filter(Op.AND, operands=tuple(ops))),
        st.lists(inner, min_size=1, max_size=3).map(lambda ops: Filter(Op.OR, operands=tuple(ops))),
        inner.map(lambda op: Filter(Op.NOT, operands=(op,))),
    ),
    max_leaves=6,
)


# -- the oracle -----------------------------------------------------------------------------
class OracleError(Exception):
    """The filter must be refused (a text value that is only stopwords)."""


@dataclass
class Live:
    props: dict[str, Any]
    created: int
    number: int


def word_tokens(text: str) -> list[str]:
    return [t.lower() for t in re.findall(r"[^\W_]+", text)]


def object_tokens(name: str, value: Any) -> set[str]:
    values = value if isinstance(value, list) else [value]
    if name == "f":
        return {v.strip() for v in values}
    return {t for v in values for t in word_tokens(v)}


def query_tokens(name: str, value: str, like: bool) -> list[str]:
    if name == "f":
        return [value.strip()]
    if like:
        return [t.lower() for t in re.findall(r"(?:[^\W_]|[*?])+", value)]
    tokens = [t for t in word_tokens(value) if t not in STOPWORDS]
    if not tokens:
        raise OracleError
    return tokens


def like_matches(pattern: str, term: str) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, term) is not None


def nanos(text: str) -> int:
    when = dt.datetime.fromisoformat(text)
    return (when - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1) * 1000


def comparable(kind: str, value: Any) -> Any:
    if kind == "date":
        return nanos(value)
    if kind == "uuid":
        return uuid.UUID(value).bytes
    return value


COMPARE = {
    Op.EQUAL: lambda a, b: a == b, Op.LIKE: lambda a, b: a == b,
    Op.GREATER_THAN: lambda a, b: a > b, Op.GREATER_THAN_EQUAL: lambda a, b: a >= b,
    Op.LESS_THAN: lambda a, b: a < b, Op.LESS_THAN_EQUAL: lambda a, b: a <= b,
}


def text_clause(name: str, op: Operator, stored: Any, value: str) -> bool:
    have = object_tokens(name, stored) if stored is not None else set()
    tokens = query_tokens(name, value, like=op is Op.LIKE)
    if op is Op.NOT_EQUAL:
        return all(t not in have for t in tokens)
    if op is Op.LIKE:
        return all(any(like_matches(t, h) for h in have) for t in tokens)
    return all(any(COMPARE[op](h, t) for h in have) for t in tokens)


def value_clause(name: str, op: Operator, stored: Any, value: Any) -> bool:
    kind = _element_kind(name)
    if kind in ("text", "field"):
        return text_clause(name, op, stored, value)
    elements = [] if stored is None else stored if isinstance(stored, list) else [stored]
    have = [comparable(kind, e) for e in elements]
    want = comparable(kind, value)
    if op is Op.NOT_EQUAL:
        return want not in have
    return any(COMPARE[op](h, want) for h in have)


def contains_clause(name: str, op: Operator, stored: Any, values: list[Any]) -> bool:
    results = []
    for value in values:
        try:
            results.append(value_clause(name, Op.EQUAL, stored, value))
        except OracleError:
            if op is not Op.CONTAINS_ANY:
                raise
    if op is Op.CONTAINS_ANY and not results:
        raise OracleError
    if op is Op.CONTAINS_ALL:
        return all(results)
    return any(results) if op is Op.CONTAINS_ANY else not any(results)


def length_of(name: str, props: dict[str, Any]) -> int | None:
    value = props.get(name)
    if value is None:
        return 0 if TYPES[name] in ("text", "uuid") or TYPES[name].endswith("[]") else None
    if isinstance(value, list) or TYPES[name] == "text":
        return len(value)
    return None  # numbers, booleans, dates and present uuids have no length


def distance_m(a: dict[str, float], lat: float, lon: float) -> float:
    p1, p2 = math.radians(a["latitude"]), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - a["longitude"])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371e3 * math.atan2(math.sqrt(h), math.sqrt(1 - h))


def leaf_holds(clause: Filter, live: Live) -> bool:
    name, op, value = clause.path[0], clause.operator, clause.value
    if name == "_creationTimeUnix":
        return live.created != int(value) if op is Op.NOT_EQUAL else COMPARE[op](live.created, int(value))
    if name == "_id":
        ids = {uuid.UUID(v) for v in (value if isinstance(value, list) else [value])}
        return (oid(live.number) in ids) != (op is Op.NOT_EQUAL)
    stored = live.props.get(name)
    if clause.on_length:
        length = length_of(name, live.props)
        if op is Op.NOT_EQUAL:
            return length != value
        return length is not None and COMPARE[op](length, value)
    if op is Op.IS_NULL:
        if name == "g":
            return False
        null = stored is None or stored == "" or stored == []
        return null == value
    if op is Op.WITHIN_GEO_RANGE:
        return stored is not None and distance_m(stored, value.latitude, value.longitude) <= value.distance
    if op in (Op.CONTAINS_ANY, Op.CONTAINS_ALL, Op.CONTAINS_NONE):
        return contains_clause(name, op, stored, value)
    return value_clause(name, op, stored, value)


def check(clause: Filter) -> None:
    """Raise OracleError when the filter itself must be refused, whatever the data."""
    for operand in clause.operands:
        check(operand)
    name, op = (clause.path or ("",))[0], clause.operator
    if clause.operands or name not in TYPES or _element_kind(name) != "text" or clause.on_length:
        return
    if op in (Op.EQUAL, Op.NOT_EQUAL, Op.GREATER_THAN, Op.GREATER_THAN_EQUAL, Op.LESS_THAN, Op.LESS_THAN_EQUAL):
        query_tokens(name, clause.value, like=False)
    elif op is Op.LIKE and not query_tokens(name, clause.value, like=True):
        raise OracleError
    elif op in (Op.CONTAINS_ALL, Op.CONTAINS_NONE):
        for value in clause.value:
            query_tokens(name, value, like=False)
    elif op is Op.CONTAINS_ANY:
        ok = 0
        for value in clause.value:
            try:
                ok += bool(query_tokens(name, value, like=False))
            except OracleError:
                pass
        if not ok:
            raise OracleError


def oracle(clause: Filter, live: list[Live]) -> set[int]:
    check(clause)
    if clause.operator is Op.AND:
        parts = [oracle(o, live) for o in clause.operands]
        return set.intersection(*parts)
    if clause.operator is Op.OR:
        return set.union(*(oracle(o, live) for o in clause.operands))
    if clause.operator is Op.NOT:
        return {x.number for x in live} - oracle(clause.operands[0], live)
    return {x.number for x in live if leaf_holds(clause, x)}


# -- the test ----------------------------------------------------------------------------------
writes = st.lists(st.tuples(st.integers(0, 12), st.one_of(objects, st.none()), st.sampled_from([1000, 1001, 1002])),
                  min_size=1, max_size=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writes=writes, clauses=st.lists(filters, min_size=1, max_size=4))
def test_evaluator_matches_the_oracle(writes: list[tuple[int, dict[str, Any] | None, int]],
                                      clauses: list[Filter]) -> None:
    coll = collection(PROPERTIES, {"stopwords": {"preset": "none", "additions": sorted(STOPWORDS)}})
    setup = open_setup(MemoryEngine(), Path("/property-test"), coll)
    live: dict[int, Live] = {}
    for number, props, created in writes:
        if props is None:
            setup.shard.delete_objects([oid(number)])
            live.pop(number, None)
        else:
            setup.put([obj(number, props, created=created)])
            live[number] = Live(props, created, number)
    for clause in clauses:
        try:
            expected: set[int] | None = oracle(clause, list(live.values()))
        except OracleError:
            expected = None
        if expected is None:
            try:
                setup.run(clause)
            except InvalidInput as exc:
                assert "only stopwords" in exc.message
            else:
                raise AssertionError(f"expected a stopword error for {clause}")
        else:
            assert setup.run(clause) == expected, clause
