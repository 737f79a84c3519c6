"""The compiled BM25 top-k (``bm25_kernel``) against a plain-Python reference, and the
compiled path of ``bm25.search`` against its numpy path on the test corpus."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.storage.bm25_support import corpus, indexed, queries
from tests.unit.storage.inverted_support import collection, obj, open_setup
from tests.unit.storage.test_bm25_scoring import PROPERTY_SETS
from weftdb.storage.inverted import bm25, bm25_kernel
from weftdb.storage.inverted.bm25_topk import top_k
from weftdb.storage.kv.port import KeyValueEngine

Part = list[tuple[list[int], list[float], float]]  # per list: doc ids, norms, weight


def run(parts: list[Part], needs: list[int], k: int, mask: np.ndarray | None = None,
        scratch: bm25_kernel.Scratch | None = None) -> list[tuple[int, float]]:
    arrays: list[np.ndarray] = []
    ids_at, norms_at, lengths, weights, part_starts = [], [], [], [], [0]
    for part in parts:
        for ids, norms, weight in part:
            id_array, norm_array = np.array(ids, np.intp), np.array(norms, np.float64)
            arrays += [id_array, norm_array]  # alive during the call
            ids_at.append(bm25_kernel.address(id_array) if ids else 0)
            norms_at.append(bm25_kernel.address(norm_array) if ids else 0)
            lengths.append(len(ids))
            weights.append(weight)
        part_starts.append(len(weights))
    lists = bm25_kernel.Lists(ids_at, norms_at, lengths, weights, part_starts, needs)
    found_ids, found_scores = bm25_kernel.top_k(lists, bm25_kernel.NO_MASK if mask is None else mask, k,
                                                scratch or bm25_kernel.Scratch())
    assert found_ids.dtype == np.int64 and found_scores.dtype == np.float32
    return list(zip(found_ids.tolist(), found_scores.tolist()))


def reference(parts: list[Part], needs: list[int], k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Per property: float64 sum in list order, float32; over properties: float64 sum of
    those, float32; best k by score, ties by lower doc id."""
    total: dict[int, float] = {}
    for part, need in zip(parts, needs):
        sums: dict[int, float] = {}
        counts: dict[int, int] = {}
        for ids, norms, weight in part:
            for doc, norm in zip(ids, norms):
                if mask is not None and (doc >= len(mask) or not mask[doc]):
                    continue
                sums[doc] = sums.get(doc, 0.0) + norm * weight
                counts[doc] = counts.get(doc, 0) + 1
        for doc, value in sums.items():
            if counts[doc] >= max(need, 1):
                total[doc] = total.get(doc, 0.0) + float(np.float32(value))
    ranked = sorted(((doc, float(np.float32(s))) for doc, s in total.items()), key=lambda x: (-x[1], x[0]))
    return ranked[:k] if k > 0 else ranked


posting_list = st.lists(st.integers(0, 300), max_size=40, unique=True).flatmap(
    lambda ids: st.tuples(
        st.just(sorted(ids)),
        # few distinct values, so equal scores (ties) are common
        st.lists(st.sampled_from([0.25, 0.5, 0.75, 1.0, 0.3]), min_size=len(ids), max_size=len(ids)),
        st.sampled_from([0.0, 0.5, 1.0, 2.0, 1.7]),
    )
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(posting_list, min_size=1, max_size=5), min_size=1, max_size=3),
       st.lists(st.integers(0, 3), min_size=3, max_size=3), st.integers(-1, 12),
       st.one_of(st.none(), st.lists(st.booleans(), min_size=0, max_size=320)))
def test_top_k_equals_the_reference(parts: list[Part], needs: list[int], k: int, allowed: list[bool] | None) -> None:
    needs = needs[: len(parts)]
    mask = None if allowed is None else np.array(allowed + [False] * (allowed == []), dtype=bool)
    assert run(parts, needs, k, mask) == reference(parts, needs, k, mask)


def test_ties_keep_the_lower_doc_ids_whatever_the_order_of_discovery() -> None:
    parts: list[Part] = [[([9, 12], [1.0, 1.0], 1.0), ([3, 5, 7], [1.0, 1.0, 1.0], 1.0)]]
    assert run(parts, [1], 2) == [(3, 1.0), (5, 1.0)]
    assert run(parts, [1], 0) == [(3, 1.0), (5, 1.0), (7, 1.0), (9, 1.0), (12, 1.0)]


def test_accumulators_grow_to_the_largest_doc_id_and_are_left_clean() -> None:
    scratch = bm25_kernel.Scratch()
    big: list[Part] = [[([5, 70_000], [1.0, 0.5], 2.0)], [([70_000], [1.0], 1.0)]]
    assert run(big, [1, 1], 5, scratch=scratch) == [(5, 2.0), (70_000, 2.0)]  # a tie: lower id first
    assert len(scratch.arrays()[0]) > 70_000
    assert all(not array.any() for array in scratch.arrays())
    assert run([[([1, 2], [1.0, 1.0], 1.0)]], [2], 5, scratch=scratch) == []  # need 2 of 1 list
    assert all(not array.any() for array in scratch.arrays())


def test_each_thread_has_its_own_accumulators() -> None:
    scratch = bm25_kernel.Scratch()
    seen: list[np.ndarray] = []
    thread = threading.Thread(target=lambda: seen.append(scratch.arrays()[0]))
    thread.start()
    thread.join()
    assert seen[0] is not scratch.arrays()[0]


def test_nothing_to_score_is_no_hits() -> None:
    assert run([[([], [], 1.0)]], [1], 10) == []


def test_compiled_path_equals_the_numpy_path(engine: KeyValueEngine, store_path: Path) -> None:
    """``bm25.search`` (compiled) against ``_block_max_wand`` + ``top_k`` (numpy) on the
    corpus the oracle tests use: identical ids, scores and order, bit for bit."""
    setup = indexed(engine, store_path, corpus(160))
    index, n = setup.index.searchable, setup.shard.count()
    for query, props, (operator, minimum), k in itertools.product(
            queries(8), PROPERTY_SETS, [("or", 0), ("and", 0), ("or", 2)], [0, 1, 5]):
        req = bm25.Bm25Request(query, props, operator, minimum)
        ids, scores, _ = bm25._block_max_wand(index, req, bm25._groups(index, req), bm25._Mask(None), n)
        ids, scores = top_k(ids, scores, k)
        found = bm25.search(index, req, None, n, k)
        assert [(h.doc_id, h.score) for h in found] == list(zip(ids.tolist(), scores.tolist())), (query, props, k)


@pytest.mark.parametrize("k", [0, 3])
def test_explain_and_compiled_paths_rank_alike(engine: KeyValueEngine, store_path: Path, k: int) -> None:
    setup = indexed(engine, store_path, corpus(60))
    index, n = setup.index.searchable, setup.shard.count()
    for query in queries(6):
        plain = bm25.search(index, bm25.Bm25Request(query, PROPERTY_SETS[0]), None, n, k)
        explained = bm25.search(index, bm25.Bm25Request(query, PROPERTY_SETS[0], explain=True), None, n, k)
        assert [(h.doc_id, h.score) for h in plain] == [(h.doc_id, h.score) for h in explained]


def test_uncached_postings_of_every_group_stay_alive_until_the_kernel_returns(
        engine: KeyValueEngine, store_path: Path) -> None:
    """A query of more than 256 terms reads its postings without caching them, over two
    groups (word and whitespace tokenization): the first group's arrays must not be freed
    (and reused) before the kernel reads them."""
    props = [{"name": "title", "dataType": ["text"], "tokenization": "word", "indexSearchable": True},
             {"name": "code", "dataType": ["text"], "tokenization": "whitespace", "indexSearchable": True}]
    setup = open_setup(engine, store_path, collection(props, {}))
    words = [f"w{i}" for i in range(300)]
    setup.put(obj(i, {"title": " ".join(words[i % 7::7]), "code": " ".join(words[i % 5::5])}) for i in range(40))
    index, n = setup.index.searchable, setup.shard.count()
    query = " ".join(words)
    assert len({p.group for p in index.props.values()}) == 2
    for k in (0, 10):
        fast = bm25.search(index, bm25.Bm25Request(query, (("title", 1.0), ("code", 1.0))), None, n, k)
        slow = bm25.search(index, bm25.Bm25Request(query, (("title", 1.0), ("code", 1.0)), explain=True), None, n, k)
        assert [(h.doc_id, h.score) for h in fast] == [(h.doc_id, h.score) for h in slow] and fast


def test_ids_out_of_order_grow_the_accumulators_instead_of_writing_past_them() -> None:
    """The accumulators are sized by the largest id of every list, not its last one."""
    parts: list[Part] = [[([70_000, 5], [1.0, 0.5], 1.0)]]
    scratch = bm25_kernel.Scratch()
    assert run(parts, [1], 5, scratch=scratch) == reference(parts, [1], 5)
    assert len(scratch.arrays()[0]) > 70_000
