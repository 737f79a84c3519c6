"""The BM25 top-k of one query over its posting lists, in compiled code (numba).

A query hands over every searched property's posting lists at once (``Lists``):
where each list's doc ids and length-normalised term frequencies are (read in
place, by address), its length, its weight (idf x duplicates x boost), and which
lists belong to which property. One call then, holding the GIL (see ``top_k``):

- per property, adds each list's ``norm * weight`` into a dense per-doc
  accumulator (float64, in list order, as the numpy path sums) and counts the
  lists that have the doc; a doc with at least ``need`` of them (at least
  one) scores that property's sum as float32;
- sums a doc's property scores (float64 of the float32s) and rounds to float32;
- keeps the best ``k`` in a heap ordered by score, ties by lower doc id
  (Weaviate's order), and returns them best first (every match when ``k`` <= 0).

The accumulators are dense arrays over doc ids, reused between queries of one
thread (``Scratch``: ~21 bytes per doc of the shard per thread that searched it)
and left zeroed after every call, so a query costs its postings, not the shard's
size. Docs outside the filter's dense allow mask are skipped while adding.
Explanations (explainScore), ``and_cross`` and BM25F (``usingBlockMaxWAND: false``)
stay on the numpy path (``bm25.py``); a test holds both paths to the same results."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, NamedTuple

import numba
import numba.core.cgutils
import numba.extending
import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]
NO_MASK: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
_carray = numba.carray  # type: ignore[attr-defined]


class Lists(NamedTuple):
    """A query's posting lists, property after property, by address: list i is the
    ``lengths[i]`` doc ids (int64, ascending) at ``id_addresses[i]`` and as many
    normalised frequencies (float64) at ``norm_addresses[i]`` (``address``); the caller
    keeps those arrays alive during the call."""

    id_addresses: Sequence[int]
    norm_addresses: Sequence[int]
    lengths: Sequence[int]
    #: per list, the factor of its norms (idf x duplicates x boost)
    weights: Sequence[float]
    #: property j owns lists ``part_starts[j]:part_starts[j + 1]``
    part_starts: Sequence[int]
    #: property j scores a doc found in at least ``needs[j]`` of its lists (at least one)
    needs: Sequence[int]


def address(array: npt.NDArray[Any]) -> int:
    """Where a C-contiguous array's data starts (for ``Lists``)."""
    assert array.flags.c_contiguous
    return int(array.ctypes.data)


class Scratch:
    """Per-thread dense accumulators, grown to the largest doc id seen."""

    def __init__(self) -> None:
        self._local = threading.local()

    def arrays(self, size: int = 0) -> tuple[F64, npt.NDArray[np.int32], F64, npt.NDArray[np.uint8]]:
        found = getattr(self._local, "arrays", None)
        if found is None or len(found[0]) < size:
            size = max(size, 2 * len(found[0]) if found is not None else 0, 1024)
            found = (np.zeros(size, np.float64), np.zeros(size, np.int32), np.zeros(size, np.float64),
                     np.zeros(size, np.uint8))
            self._local.arrays = found
        return found  # type: ignore[no-any-return]


def top_k(lists: Lists, mask: npt.NDArray[np.bool_], k: int, scratch: Scratch) -> tuple[I64, F32]:
    """The best ``k`` doc ids and scores, best first (every match when ``k`` <= 0).

    Nothing here releases the GIL: on the event loop a release hands the GIL to
    gRPC's poller thread and costs a thread switch (measured live: the Search handler
    took ~350 us per query with a ``nogil`` kernel and numpy concatenation, ~230 us
    without either), so the lists are not concatenated with numpy (copies of more
    than ~500 elements release the GIL) but read in place."""
    meta = np.array([*lists.id_addresses, *lists.norm_addresses, *lists.lengths, *lists.part_starts,
                     *lists.needs], np.int64)
    weights = np.array(lists.weights, np.float64)
    acc, count, total, seen = scratch.arrays()
    ids, scores, size = _score_top_k(meta, weights, mask, k, acc, count, total, seen)
    if size:  # the accumulators were too small for the largest doc id: grown, once
        acc, count, total, seen = scratch.arrays(size)
        ids, scores, _ = _score_top_k(meta, weights, mask, k, acc, count, total, seen)
    if k <= 0:  # every match, unordered
        order = np.lexsort((ids, -scores))
        ids, scores = ids[order], scores[order]
    return ids, scores


@numba.extending.intrinsic  # type: ignore[misc]
def _pointer(typingctx, address):  # type: ignore[no-untyped-def]  # noqa: ANN001
    """An int64 address as a pointer (for ``numba.carray``)."""

    def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]  # noqa: ANN001
        return builder.inttoptr(args[0], numba.core.cgutils.voidptr_t)

    return numba.types.voidptr(numba.types.int64), codegen


@numba.njit(cache=True)  # type: ignore[misc]
def _score_top_k(meta, weights, mask, k, acc, count, total, seen):  # type: ignore[no-untyped-def]  # noqa: ANN001
    """The best ``k`` (best first), or with ``k`` <= 0 every match (in no order), and 0;
    or, when the accumulators are shorter than the largest doc id, nothing and the size
    they need. ``meta``: the lists' id and norm addresses and lengths, the parts' starts,
    the parts' needs (``Lists``). Compiled without ``nogil`` (see ``top_k``)."""
    n_lists = len(weights)
    n_parts = (len(meta) - 3 * n_lists - 1) // 2
    part_starts = meta[3 * n_lists : 3 * n_lists + n_parts + 1]
    needs = meta[3 * n_lists + n_parts + 1 :]
    starts = np.empty(n_lists + 1, np.int64)
    starts[0] = 0
    top = -1
    for i in range(n_lists):  # every id is checked, not only the last: a write past the
        n = meta[2 * n_lists + i]  # accumulators would corrupt memory (numba does not check)
        starts[i + 1] = starts[i] + n
        ids = _carray(_pointer(meta[i]), n, np.int64)  # type: ignore[call-arg]
        for p in range(n):
            top = max(top, ids[p])
    if top >= len(acc):
        return np.empty(0, np.int64), np.empty(0, np.float32), top + 1
    n_postings = starts[n_lists]
    n_mask = len(mask)
    touched = np.empty(n_postings, np.int64)
    matched = np.empty(n_postings, np.int64)
    n_matched = 0
    cap = k if k > 0 else n_postings
    heap_ids = np.empty(cap, np.int64)  # with k > 0 a min-heap, the root the worst kept
    heap_scores = np.empty(cap, np.float32)
    size = 0
    for part in range(n_parts):
        need = needs[part]
        n_touched = 0
        for i in range(part_starts[part], part_starts[part + 1]):
            weight = weights[i]
            n = meta[2 * n_lists + i]
            ids = _carray(_pointer(meta[i]), n, np.int64)  # type: ignore[call-arg]
            norms = _carray(_pointer(meta[n_lists + i]), n, np.float64)  # type: ignore[call-arg]
            for p in range(n):
                doc = ids[p]
                if n_mask and (doc >= n_mask or not mask[doc]):
                    continue
                if count[doc] == 0:
                    touched[n_touched] = doc
                    n_touched += 1
                acc[doc] += norms[p] * weight
                count[doc] += 1
        for j in range(n_touched):
            doc = touched[j]
            if count[doc] >= need:
                if n_parts == 1:
                    score = np.float32(acc[doc])
                    if size < cap or _below(heap_scores[0], heap_ids[0], score, doc):
                        size = _keep(heap_ids, heap_scores, size, k, doc, score)
                else:
                    total[doc] += np.float64(np.float32(acc[doc]))
                    if seen[doc] == 0:
                        seen[doc] = 1
                        matched[n_matched] = doc
                        n_matched += 1
            acc[doc] = 0.0
            count[doc] = 0
    for j in range(n_matched):
        doc = matched[j]
        score = np.float32(total[doc])
        if size < cap or _below(heap_scores[0], heap_ids[0], score, doc):
            size = _keep(heap_ids, heap_scores, size, k, doc, score)
        total[doc] = 0.0
        seen[doc] = 0
    if k <= 0:
        return heap_ids[:size], heap_scores[:size], 0
    out_ids = np.empty(size, np.int64)
    out_scores = np.empty(size, np.float32)
    for j in range(size - 1, -1, -1):  # pop the worst into the last free place
        out_ids[j] = heap_ids[0]
        out_scores[j] = heap_scores[0]
        _sift_down(heap_ids, heap_scores, j, heap_ids[j], heap_scores[j])
    return out_ids, out_scores, 0


@numba.njit(cache=True)  # type: ignore[misc]
def _below(score_a, doc_a, score_b, doc_b):  # type: ignore[no-untyped-def]  # noqa: ANN001
    """(score_a, doc_a) ranks below (score_b, doc_b): a lower score, or the same score and a
    higher doc id (Weaviate's tie order). The heap's root is the one that ranks lowest."""
    return score_a < score_b or (score_a == score_b and doc_a > doc_b)


@numba.njit(cache=True)  # type: ignore[misc]
def _keep(heap_ids, heap_scores, size, k, doc, score):  # type: ignore[no-untyped-def]  # noqa: ANN001
    """Keeps (doc, score): appended when ``k`` <= 0, else put in the heap of the best ``k``
    (ties: the lower doc id ranks higher). Returns the new size."""
    if k <= 0:
        heap_ids[size] = doc
        heap_scores[size] = score
        return size + 1
    if size == k:  # ranks above the root (the caller checked): it replaces it
        _sift_down(heap_ids, heap_scores, size, doc, score)
        return size
    j = size  # not full: sift up from the end
    while j > 0:
        parent = (j - 1) >> 1
        if _below(score, doc, heap_scores[parent], heap_ids[parent]):
            heap_ids[j] = heap_ids[parent]
            heap_scores[j] = heap_scores[parent]
            j = parent
        else:
            break
    heap_ids[j] = doc
    heap_scores[j] = score
    return size + 1


@numba.njit(cache=True)  # type: ignore[misc]
def _sift_down(heap_ids, heap_scores, size, doc, score):  # type: ignore[no-untyped-def]  # noqa: ANN001
    """Puts (doc, score) at the root of a heap of ``size`` and sinks it to its place."""
    j = 0
    while True:
        child = 2 * j + 1
        if child >= size:
            break
        right = child + 1
        if right < size and _below(heap_scores[right], heap_ids[right], heap_scores[child], heap_ids[child]):
            child = right
        if _below(heap_scores[child], heap_ids[child], score, doc):
            heap_ids[j] = heap_ids[child]
            heap_scores[j] = heap_scores[child]
            j = child
        else:
            break
    heap_ids[j] = doc
    heap_scores[j] = score
