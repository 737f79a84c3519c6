"""The searchable buckets: posting blocks and counters follow inserts, updates and
deletes in the objects' own write batches; the posting cache never serves a stale
list; an index built from stored objects equals one maintained live."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from tests.unit.storage.bm25_support import corpus, indexed, oracle, queries
from tests.unit.storage.inverted_support import Setup, collection, obj, oid, open_setup
from weftdb.storage.db.shard import Shard
from weftdb.storage.inverted import bm25
from weftdb.storage.inverted import postings as pl
from weftdb.storage.inverted.index import InvertedIndex
from weftdb.storage.inverted.searchable import PropStats, searchable_bucket
from weftdb.storage.kv.port import KeyValueEngine

TITLE = (("title", 1.0),)


def scores(setup: Setup, query: str, props: tuple[tuple[str, float], ...] = TITLE) -> dict[int, float]:
    """Test object number -> score."""
    hits = bm25.search(setup.index.searchable, bm25.Bm25Request(query, props), None, setup.shard.count(), 0)
    ids = {o.doc_id: o.id.int - 1 for o in setup.shard.objects_by_doc_ids([h.doc_id for h in hits])}
    return {ids[h.doc_id]: h.score for h in hits}


def test_postings_are_blocks_of_packed_records(engine: KeyValueEngine, store_path: Path) -> None:
    setup = indexed(engine, store_path, [{"title": "cat dog cat"}, {"title": "dog"}])
    store = setup.shard.store
    rows = dict(store.scan(searchable_bucket("title")))
    assert set(rows) == {pl.block_key(b"cat", 0), pl.block_key(b"dog", 0)}
    dog = pl.unpack(rows[pl.block_key(b"dog", 0)])
    assert dog["id"].tolist() == [0, 1] and dog["tf"].tolist() == [1.0, 1.0] and dog["len"].tolist() == [3.0, 1.0]
    assert setup.index.searchable.stats("title") == PropStats(docs=2, tokens=4, present=2, distinct=3)


def test_a_term_that_extends_another_is_kept_apart(engine: KeyValueEngine, store_path: Path) -> None:
    setup = indexed(engine, store_path, [{"code": "a"}, {"code": "a\x00b"}, {"code": "a\x00\x00\x00\x00\x00"}])
    assert set(scores(setup, "a", (("code", 1.0),))) == {0}
    assert set(scores(setup, "a\x00b", (("code", 1.0),))) == {1}


def test_updates_and_deletes_follow_and_the_cache_never_goes_stale(engine: KeyValueEngine, store_path: Path) -> None:
    setup = indexed(engine, store_path, [{"title": "cat"}, {"title": "cat dog"}, {"title": "dog"}])
    assert set(scores(setup, "cat")) == {0, 1}  # now cached
    setup.put([obj(0, {"title": "dog fish"})])  # update: new doc id, old postings gone
    assert set(scores(setup, "cat")) == {1}
    assert set(scores(setup, "fish")) == {0}
    setup.shard.delete_objects([oid(1)])
    assert scores(setup, "cat") == {}
    assert setup.index.searchable.stats("title") == PropStats(docs=2, tokens=3, present=2, distinct=3)
    assert list(setup.shard.store.scan(searchable_bucket("title"), *pl.term_range(b"cat"))) == []


def test_many_batches_and_blocks_score_like_one_index(engine: KeyValueEngine, store_path: Path) -> None:
    docs = [{"title": f"w{i % 7} common"} for i in range(9000)]  # doc ids span three blocks
    setup = indexed(engine, store_path, docs)
    found = scores(setup, "common w3")
    expected = oracle(docs).ranking("common w3", TITLE, 0)
    assert len(found) == 9000
    assert [found[r] for r, _ in expected[:50]] == pytest.approx([s for _, s in expected[:50]], rel=2e-6)
    assert len(list(setup.shard.store.scan(searchable_bucket("title"), *pl.term_range(b"common")))) == 3


def test_built_from_stored_objects_equals_maintained(engine: KeyValueEngine, store_path: Path, tmp_path: Path) -> None:
    docs = corpus(80)

    def write(shard: Shard) -> None:
        for start in range(0, len(docs), 64):
            shard.put_objects([obj(i, docs[i]) for i in range(start, min(start + 64, len(docs)))])
        shard.put_objects([obj(3, {"title": "replaced cat"})])
        shard.delete_objects([oid(5)])

    live = open_setup(engine, store_path, indexed(engine, tmp_path / "x", []).shard.collection)
    write(live.shard)
    plain = Shard("s1", live.shard.collection, engine.open(tmp_path / "plain"))  # no index while written
    write(plain)
    index = InvertedIndex(live.shard.collection, plain.store)
    assert not index.is_current
    assert index.backfill(plain.scan) == 79
    assert index.is_current
    for query in queries(10):
        want = bm25.search(live.index.searchable, bm25.Bm25Request(query, TITLE), None, live.shard.count(), 0)
        got = bm25.search(index.searchable, bm25.Bm25Request(query, TITLE), None, plain.count(), 0)
        assert [(h.doc_id, h.score) for h in got] == [(h.doc_id, h.score) for h in want]
    assert index.searchable.stats("title") == live.index.searchable.stats("title")


def test_counters_and_postings_survive_reopening(engine: KeyValueEngine, store_path: Path) -> None:
    setup = indexed(engine, store_path, corpus(30))
    before = {name: setup.index.searchable.stats(name) for name in setup.index.searchable.props}
    found = scores(setup, "cat dog")
    setup.shard.close()
    again = open_setup(engine, store_path, setup.shard.collection)
    assert {name: again.index.searchable.stats(name) for name in again.index.searchable.props} == before
    assert scores(again, "cat dog") == found


def test_legacy_collections_use_bm25f(engine: KeyValueEngine, store_path: Path) -> None:
    """usingBlockMaxWAND false: per term, frequencies (times the boost) and distinct-term
    lengths summed over the properties; one idf over the union; the mean of the
    properties' mean distinct-term counts as average length."""
    docs = corpus(60)
    setup = indexed(engine, store_path, docs, usingBlockMaxWAND=False)
    assert not setup.index.searchable.block_max_wand
    ref = oracle(docs)
    props = (("title", 2.0), ("body", 1.0))
    for query in queries(15):
        expected = _bm25f(ref, docs, query, props)
        got = scores(setup, query, props)
        assert set(got) == set(expected)
        for row, value in expected.items():
            assert got[row] == pytest.approx(value, rel=2e-6)


def _bm25f(ref: object, docs: list[dict[str, object]], query: str, props: tuple[tuple[str, float], ...]) -> dict[int, float]:
    tokens = ref.tokens  # type: ignore[attr-defined]
    means = []
    for name, _ in props:
        present = [d for d in docs if isinstance(d.get(name), (str, list))]
        distinct = sum(len(set(tokens[name][i])) for i, d in enumerate(docs) if isinstance(d.get(name), (str, list)))
        means.append(float(np.float32(distinct) / np.float32(len(present))) if present else 0.0)
    avg = sum(means) / len(means) or 40.0
    terms = ref.query_terms(props[0][0], query)  # type: ignore[attr-defined]
    out: dict[int, float] = {}
    for term, dup in terms.items():
        freq = np.zeros(len(docs), np.float32)
        length = np.zeros(len(docs), np.float32)
        for name, boost in props:
            for i, toks in enumerate(tokens[name]):
                if term in toks:
                    freq[i] += np.float32(toks.count(term)) * np.float32(boost)
                    length[i] += len(set(toks))
        rows = np.flatnonzero(freq > 0)
        n = len(rows)
        idf = np.log(1 + (len(docs) - n + 0.5) / (n + 0.5)) * dup
        for i in rows.tolist():
            f = float(freq[i])
            out[i] = out.get(i, 0.0) + idf * f / (f + 1.2 * (1 - 0.75 + 0.75 * float(length[i]) / avg))
    return {i: float(np.float32(v)) for i, v in out.items()}


def test_posting_cache_is_bounded_and_never_takes_postings_read_before_a_write() -> None:
    def postings(n: int) -> pl.Postings:
        return pl.Postings(np.arange(n, dtype=np.intp), np.ones(n, np.float32), np.ones(n, np.float32))

    cache = pl.PostingCache(max_bytes=2_000)  # an entry of 10 postings counts 440 bytes
    before = cache.generation()
    cache.invalidate([("title", "cat")])  # a write committed while "cat" was being read
    cache.put("title", "cat", postings(10), before)
    assert cache.get("title", "cat") is None
    for term in ("a", "b", "c", "d", "e"):
        cache.put("title", term, postings(10), cache.generation())
    assert cache.get("title", "a") is None and cache.get("title", "e") is not None  # oldest out
    cache.invalidate([("title", "e")])
    assert cache.get("title", "e") is None


def test_a_property_added_while_a_write_is_staged_keeps_its_statistics(engine: KeyValueEngine, store_path: Path) -> None:
    """A schema change (update_collection) may land between a write's stage and commit:
    the commit must not drop the new property's counters (later writes would fail)."""
    title = [{"name": "title", "dataType": ["text"], "tokenization": "word", "indexSearchable": True}]
    both = title + [{"name": "body", "dataType": ["text"], "tokenization": "word", "indexSearchable": True}]
    setup = open_setup(engine, store_path, collection(title, {}))
    searchable = setup.index.searchable
    commit = searchable.committed

    def schema_change_then_commit() -> None:
        setup.index.update_collection(collection(both, {}))
        commit()

    searchable.committed = schema_change_then_commit  # type: ignore[method-assign]
    setup.put([obj(0, {"title": "cat"})])
    searchable.committed = commit  # type: ignore[method-assign]
    setup.put([obj(1, {"title": "dog", "body": "fish"})])
    assert searchable.stats("body").docs == 1 and searchable.stats("title").docs == 2
    assert [h.doc_id for h in bm25.search(searchable, bm25.Bm25Request("fish", (("body", 1.0),)), None, 2, 0)] == [1]


def test_a_definition_change_waits_for_the_write_in_progress(engine: KeyValueEngine, store_path: Path) -> None:
    """Shard.adopt (the database's update_collection) takes the writer lock: a schema change
    never lands between a write's stage and its commit."""
    title = [{"name": "title", "dataType": ["text"], "tokenization": "word", "indexSearchable": True}]
    setup = open_setup(engine, store_path, collection(title, {}))
    searchable = setup.index.searchable
    commit, staged, release, adopted = searchable.committed, threading.Event(), threading.Event(), []

    def slow_commit() -> None:
        staged.set()
        release.wait(10)
        commit()

    searchable.committed = slow_commit  # type: ignore[method-assign]
    writer = threading.Thread(target=lambda: setup.put([obj(0, {"title": "cat"})]))
    writer.start()
    assert staged.wait(10)
    changer = threading.Thread(target=lambda: setup.shard.adopt(setup.shard.collection, adopted.append))
    changer.start()
    changer.join(0.3)
    assert not adopted  # still waiting for the write
    release.set()
    writer.join(10)
    changer.join(10)
    assert len(adopted) == 1


def test_backfill_keeps_blocks_in_doc_id_order_when_ids_and_doc_ids_disagree(
        engine: KeyValueEngine, store_path: Path, tmp_path: Path) -> None:
    """Backfill reads objects in uuid order; written in the opposite order, over several
    scan batches (1,000 each), their doc ids come descending. The blocks must still be in
    doc id order: both scoring paths (and the compiled kernel's bounds) rely on it."""
    docs = corpus(2500)

    def write(shard: Shard) -> None:
        order = list(range(len(docs)))[::-1]
        for start in range(0, len(order), 500):
            shard.put_objects([obj(i, docs[i]) for i in order[start : start + 500]])

    live = open_setup(engine, store_path, indexed(engine, tmp_path / "x", []).shard.collection)
    write(live.shard)
    plain = Shard("s1", live.shard.collection, engine.open(tmp_path / "plain"))
    write(plain)
    index = InvertedIndex(live.shard.collection, plain.store)
    assert index.backfill(plain.scan) == len(docs)
    for _, raw in plain.store.scan(searchable_bucket("title")):
        ids = pl.unpack(bytes(raw))["id"]
        assert (ids[1:] > ids[:-1]).all()
    for query in queries(10):
        for k in (0, 10):
            want = bm25.search(live.index.searchable, bm25.Bm25Request(query, TITLE), None, live.shard.count(), k)
            got = bm25.search(index.searchable, bm25.Bm25Request(query, TITLE), None, plain.count(), k)
            assert [(h.doc_id, h.score) for h in got] == [(h.doc_id, h.score) for h in want]
