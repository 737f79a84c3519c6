"""group_by through the official client, against a reference grouping computed here from
the same server's ungrouped results (Weaviate's rules: shard_group_by.go for vector
searches, hybrid_group_by.go for keyword and hybrid searches)."""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
import pytest
import weaviate
from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.data import DataObject
from weaviate.classes.query import GroupBy, MetadataQuery
from weaviate.exceptions import WeaviateQueryError

pytestmark = pytest.mark.acceptance

RNG = np.random.default_rng(5)
N, DIMS = 300, 8
CATS = ["red", "green", "blue", "black", "white"]
TAGS = ["t1", "t2", "t3", "t4", "t5", "t6"]
WORDS = "apple banana cherry date elder fig grape".split()
VECTORS = RNG.standard_normal((N, DIMS)).astype(np.float32)
QUERIES = RNG.standard_normal((3, DIMS)).astype(np.float32)
DIST = MetadataQuery(distance=True)


def props(i: int) -> dict[str, Any]:
    row: dict[str, Any] = {"n": i % 4, "text": " ".join(RNG.choice(WORDS, size=int(RNG.integers(2, 8))))}
    if i % 11:
        row["cat"] = CATS[int(RNG.integers(0, len(CATS)))]
    row["tags"] = [TAGS[int(t)] for t in RNG.integers(0, len(TAGS), size=int(RNG.integers(0, 3)))]
    return row


ROWS = [props(i) for i in range(N)]


@pytest.fixture
def coll(client: weaviate.WeaviateClient, name: str) -> Any:
    c = client.collections.create(name, properties=[
        Property(name="cat", data_type=DataType.TEXT), Property(name="tags", data_type=DataType.TEXT_ARRAY),
        Property(name="n", data_type=DataType.INT), Property(name="text", data_type=DataType.TEXT),
    ], vector_config=Configure.Vectors.self_provided(vector_index_config=Configure.VectorIndex.flat()))
    objs = [DataObject(ROWS[i], uuid=uuid.UUID(int=i + 1), vector=VECTORS[i].tolist()) for i in range(N)]
    assert not c.data.insert_many(objs).errors
    return c


def row_of(obj: Any) -> dict[str, Any]:
    return ROWS[obj.uuid.int - 1]


def stored_values(value: Any) -> list[str]:
    """Vector searches group by the stored JSON value; missing or empty is ""."""
    items = value if isinstance(value, list) else ([] if value is None else [value])
    return [str(v) for v in items] or [""]


def text_values(value: Any) -> list[str]:
    """Keyword and hybrid searches group text values only."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return []


def reference(hits: list[tuple[Any, float]], prop: str, groups: int, per_group: int, vector: bool) -> list[Any]:
    found: dict[str, list[tuple[Any, float]]] = {}
    for obj, dist in hits:
        values = (stored_values if vector else text_values)(row_of(obj).get(prop))
        for value in values:
            members = found.get(value, [])
            if len(members) >= per_group:
                continue
            if value not in found:
                if len(found) >= groups:
                    break
                found[value] = members
            members.append((obj, dist))
    return [(name, [(m.uuid, d) for m, d in ms], ms[0][1], ms[-1][1] if vector else ms[0][1], len(ms))
            for name, ms in found.items()]


def summary(result: Any) -> list[Any]:
    out = []
    for name, g in result.groups.items():
        assert g.name == name
        members = [(o.uuid, o.metadata.distance) for o in g.objects]
        out.append((name, members, g.min_distance, g.max_distance, g.number_of_objects))
    return out


def same(got: list[Any], expected: list[Any]) -> None:
    """Names, members, counts, and the group and member distances."""
    def ids(members: list[Any]) -> list[Any]:
        return [i for i, _ in members]

    assert [(n, ids(m), c) for n, m, _, _, c in got] == [(n, ids(m), c) for n, m, _, _, c in expected]
    for (_, members, lo, hi, _), (_, emembers, elo, ehi, _) in zip(got, expected):
        assert (lo, hi) == (pytest.approx(elo, abs=1e-6), pytest.approx(ehi, abs=1e-6))
        assert [d for _, d in members] == pytest.approx([d for _, d in emembers], abs=1e-6)


@pytest.mark.parametrize(("prop", "groups", "per_group", "limit"), [
    ("cat", 3, 4, 30), ("cat", 10, 2, 50), ("tags", 4, 3, 40), ("n", 2, 5, 20), ("cat", 2, 100, 10),
])
def test_near_vector_groups_the_first_limit_hits(coll: Any, prop: str, groups: int, per_group: int, limit: int) -> None:
    for q in QUERIES:
        raw = coll.query.near_vector(q.tolist(), limit=limit, return_metadata=DIST).objects
        got = coll.query.near_vector(q.tolist(), limit=limit, return_metadata=DIST,
                                     group_by=GroupBy(prop=prop, number_of_groups=groups, objects_per_group=per_group))
        expected = reference([(o, o.metadata.distance) for o in raw], prop, groups, per_group, vector=True)
        same(summary(got), expected)
        for group in got.groups.values():
            for o in group.objects:
                assert o.properties[prop] == row_of(o).get(prop) or prop not in row_of(o)
                assert o.metadata.distance is not None


def test_group_names_of_missing_and_numeric_values(coll: Any) -> None:
    got = coll.query.near_vector(QUERIES[0].tolist(), limit=N, group_by=GroupBy(prop="cat", number_of_groups=10,
                                                                                 objects_per_group=1))
    assert set(got.groups) == set(CATS) | {""}
    got = coll.query.near_vector(QUERIES[0].tolist(), limit=N, group_by=GroupBy(prop="n", number_of_groups=10,
                                                                                 objects_per_group=1))
    assert set(got.groups) == {"0", "1", "2", "3"}


def test_near_vector_group_pages_are_pages_of_groups(coll: Any) -> None:
    q = QUERIES[1].tolist()
    raw = coll.query.near_vector(q, limit=12, return_metadata=DIST).objects
    got = coll.query.near_vector(q, limit=4, offset=8, return_metadata=DIST,
                                 group_by=GroupBy(prop="n", number_of_groups=10, objects_per_group=10))
    expected = reference([(o, o.metadata.distance) for o in raw], "n", 10, 10, vector=True)[8:12]
    same(summary(got), expected)


def test_bm25_groups_text_values_of_the_page(coll: Any) -> None:
    raw = coll.query.bm25("apple fig", limit=25).objects
    got = coll.query.bm25("apple fig", limit=25, group_by=GroupBy(prop="tags", number_of_groups=3, objects_per_group=4),
                          return_metadata=DIST)
    same(summary(got), reference([(o, 0.0) for o in raw], "tags", 3, 4, vector=False))
    numbers = coll.query.bm25("apple", limit=25, group_by=GroupBy(prop="n", number_of_groups=3, objects_per_group=4))
    assert numbers.groups == {}  # only text values group in keyword searches


def test_hybrid_groups_the_fused_page(coll: Any) -> None:
    q = QUERIES[2].tolist()
    page = coll.query.hybrid("banana", vector=q, alpha=0.5, limit=20).objects
    vector_leg = {o.uuid: o.metadata.distance for o in coll.query.near_vector(q, limit=100, return_metadata=DIST).objects}
    keyword_ids = {o.uuid for o in coll.query.bm25("banana", limit=100).objects}
    # an object both legs found is the keyword hit (distance 0), one only the vector leg found keeps its distance
    hits = [(o, 0.0 if o.uuid in keyword_ids else vector_leg[o.uuid]) for o in page]
    got = coll.query.hybrid("banana", vector=q, alpha=0.5, limit=20, return_metadata=DIST,
                            group_by=GroupBy(prop="cat", number_of_groups=4, objects_per_group=3))
    same(summary(got), reference(hits, "cat", 4, 3, vector=False))


def test_group_by_an_unknown_property(coll: Any) -> None:
    with pytest.raises(WeaviateQueryError) as info:
        coll.query.near_vector(QUERIES[0].tolist(), group_by=GroupBy(prop="nope", number_of_groups=1, objects_per_group=1))
    assert "no such prop with name 'nope' found in class" in str(info.value)
