"""BM25 over one shard's searchable buckets, scored as Weaviate scores it.

Term score (both paths): ``idf * tf / (tf + k1 * (1 - b + b * len / avgLen))`` with
``idf = ln(1 + (N - n + 0.5) / (n + 0.5))`` times the number of times the term occurs
in the query; ``N`` is the shard's object count, ``n`` the term's document count
(without the filter). The query is tokenized once per group of properties that
analyze text alike (``SearchableProp.group``); stopwords drop for word tokenization.

- BlockMax-WAND collections (``usingBlockMaxWAND: true``, the default;
  ``bm25_searcher_block.go``): each property is scored on its own with its own
  average length and its boost as a factor; a term's ``n`` is the mean (integer
  division) of its document counts over the group's properties that contain it.
  ``and`` / ``minimum_match`` count the distinct query terms an object has *in one
  property*; an object's property scores (float32) are summed.
- ``usingBlockMaxWAND: false`` (``bm25_searcher.go``, BM25F): per query term, an
  object's frequencies (times the boost) and lengths are summed over the group's
  properties; ``n`` counts objects with the term in any of them; the average length
  is the mean of the properties' mean distinct-term counts; ``and`` /
  ``minimum_match`` count terms over all properties.

Weaviate keeps the best ``limit + 10`` objects per property before summing; here
every property's score of every matching object is summed (what Weaviate's
approximation converges to). A shard returns its best ``k`` by score, ties by
doc id (Weaviate's heap); the caller orders the shards' hits by score, then id.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, cast

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from weftdb.errors import InvalidInput
from weftdb.storage.bitmaps import doc_id_array
from weftdb.storage.inverted import bm25_kernel
from weftdb.storage.inverted.bm25_explain import Contribution, explain
from weftdb.storage.inverted.bm25_topk import sum_by_id, top_k
from weftdb.storage.inverted.postings import F32, Ids, Postings
from weftdb.storage.inverted.searchable import PropStats, SearchableIndex, SearchableProp

F64 = npt.NDArray[np.float64]
_DEFAULT_AVG = 40.0  # Weaviate's fallback when no average length is known
AND, AND_CROSS = "and", "and_cross"
_CACHED_QUERY_TERMS = 256  # the postings of longer queries are read, not cached


@dataclass(frozen=True)
class Bm25Request:
    query: str
    #: searched properties with their boosts, each once
    props: tuple[tuple[str, float], ...]
    operator: str = "or"
    minimum: int = 0
    k1: float = 1.2
    b: float = 0.75
    explain: bool = False


@dataclass(slots=True)
class Bm25Hit:
    doc_id: int
    score: float
    explain: str = ""


@dataclass
class _Group:
    props: list[tuple[SearchableProp, float]]
    terms: dict[str, int] = field(default_factory=dict)


def search(index: SearchableIndex, req: Bm25Request, allow: BitMap | None, object_count: int, k: int) -> list[Bm25Hit]:
    """The shard's best ``k`` objects (all matches when ``k`` <= 0)."""
    if allow is not None and not allow:
        return []
    groups = _groups(index, req)
    mask = _Mask(allow)
    if index.block_max_wand and not req.explain and req.operator != AND_CROSS:
        ids, scores = _block_max_wand_top_k(index, req, groups, mask, object_count, k)
        return [Bm25Hit(d, s) for d, s in zip(ids.tolist(), scores.tolist())]
    if index.block_max_wand:
        ids, scores, parts = _block_max_wand(index, req, groups, mask, object_count)
    else:
        ids, scores, parts = _legacy(index, req, groups, mask, object_count)
    ids, scores = top_k(ids, scores, k)
    hits = [Bm25Hit(d, s) for d, s in zip(ids.tolist(), scores.tolist())]
    if req.explain and hits:
        for hit, text in zip(hits, explain(ids.tolist(), parts)):
            hit.explain = text
    return hits


def _groups(index: SearchableIndex, req: Bm25Request) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for name, boost in req.props:
        prop = index.props.get(name)
        if prop is not None:  # None: a property added a moment ago, before this shard knew it
            groups.setdefault(prop.group, _Group([])).props.append((prop, boost))
    for group in groups.values():
        group.terms = group.props[0][0].analysis.query_counts(req.query)
    if req.operator == AND_CROSS and len({p.fingerprint for g in groups.values() for p, _ in g.props}) > 1:
        raise InvalidInput(
            "OPERATOR_AND_CROSS requires all searched properties to share the same tokenization and analyzer settings"
        )
    return list(groups.values())


# -- BlockMax-WAND collections --------------------------------------------------------------
class _PropertyLists(NamedTuple):
    """One searched property of a group: its query terms' postings, their shared idfs,
    how many of the terms an object needs in it, its boost and its average length."""

    name: str
    terms: list[str]
    lists: list[Postings]
    idfs: list[float]
    need: int
    boost: float
    avg: float


def _property_lists(index: SearchableIndex, req: Bm25Request, groups: list[_Group],
                    n_objects: int) -> Iterator[_PropertyLists]:
    """What both BlockMax-WAND paths score, property after property."""
    for group in groups:
        if not group.terms:
            continue
        terms = list(group.terms)
        cache = len(terms) <= _CACHED_QUERY_TERMS
        lists = {prop.name: [index.postings(prop.name, t, cache) for t in terms] for prop, _ in group.props}
        idfs = _shared_idfs(list(lists.values()), list(group.terms.values()), n_objects)
        need = len(terms) if req.operator == AND else 0 if req.operator == AND_CROSS else req.minimum
        for prop, boost in group.props:
            yield _PropertyLists(prop.name, terms, lists[prop.name], idfs, need, boost,
                                 index.stats(prop.name).mean_tokens)


def _block_max_wand_top_k(
    index: SearchableIndex, req: Bm25Request, groups: list[_Group], mask: _Mask, n_objects: int, k: int
) -> tuple[npt.NDArray[np.int64], F32]:
    """The compiled path (``bm25_kernel``): the same scores and order as ``_block_max_wand``
    followed by ``top_k``, without explanations or ``and_cross``."""
    id_addresses: list[int] = []
    norm_addresses: list[int] = []
    lengths: list[int] = []
    weights: list[float] = []
    part_starts, needs = [0], []
    #: what the addresses point into, referenced until the kernel returns: a term's
    #: postings may leave the cache meanwhile (evicted, invalidated by a write, never cached
    #: for long queries) and its norms may be replaced for a new average length
    held: list[tuple[Postings, _Norms]] = []
    for part in _property_lists(index, req, groups, n_objects):
        found = [(p, w) for p, w in zip(part.lists, part.idfs) if p.n]
        if not found or len(found) < part.need:
            continue
        for postings, weight in found:
            norms = _norms(postings, req.k1, req.b, part.avg)
            held.append((postings, norms))
            id_addresses.append(norms.id_address)
            norm_addresses.append(norms.address)
            lengths.append(postings.n)
            weights.append(weight * part.boost)
        part_starts.append(len(weights))
        needs.append(part.need)
    if not weights:
        return np.zeros(0, np.int64), _NO_SCORES
    lists = bm25_kernel.Lists(id_addresses, norm_addresses, lengths, weights, part_starts, needs)
    return bm25_kernel.top_k(lists, mask.dense, k, index.scratch)


def _block_max_wand(
    index: SearchableIndex, req: Bm25Request, groups: list[_Group], mask: _Mask, n_objects: int
) -> tuple[Ids, F32, list[Contribution]]:
    parts: list[Contribution] = []
    for part in _property_lists(index, req, groups, n_objects):
        found = _property_scores(part, req, mask)
        if found is not None:
            parts.append(Contribution(part.name, part.terms, part.lists, *found))
    if len(parts) == 1:
        ids, scores = parts[0].ids, parts[0].scores.astype(np.float32, copy=False)
    else:
        ids, sums, _ = sum_by_id([p.ids for p in parts], [p.scores for p in parts])
        scores = sums.astype(np.float32)
    if req.operator == AND_CROSS and len(ids):
        keep = np.isin(ids, _with_every_term(parts, mask))
        ids, scores = ids[keep], scores[keep]
    return ids, scores, parts


def _with_every_term(parts: Sequence[Contribution], mask: _Mask) -> Ids:
    """``and_cross``: the objects that have every query term in some searched property."""
    by_term: dict[str, list[Ids]] = {}
    for part in parts:
        for term, postings in zip(part.terms, part.lists):
            by_term.setdefault(term, []).append(mask.apply(postings.ids, postings.tf.astype(np.float64))[0])
    terms = {t for part in parts for t in part.terms}
    if not terms or any(not sum(map(len, by_term.get(t, []))) for t in terms):
        return _NO_IDS
    per_term = [np.unique(np.concatenate(by_term[t])) for t in terms]
    ids, _, counts = sum_by_id(per_term, [np.zeros(len(i)) for i in per_term], counts=True)
    complete: Ids = ids[counts == len(terms)]
    return complete


def _shared_idfs(lists: Sequence[Sequence[Postings]], dups: Sequence[int], n_objects: int) -> list[float]:
    """Per term: idf of the mean document count over the properties that have it."""
    if len(lists) == 1:
        return [idf(p.n, n_objects) * dup if p.n else 0.0 for p, dup in zip(lists[0], dups)]
    out = []
    for j, dup in enumerate(dups):
        counts = [per_prop[j].n for per_prop in lists if per_prop[j].n]
        out.append(idf(sum(counts) // len(counts), n_objects) * dup if counts else 0.0)
    return out


def idf(n: float, n_objects: float) -> float:
    return math.log(1.0 + (max(n_objects, n) - n + 0.5) / (n + 0.5))


def _property_scores(part: _PropertyLists, req: Bm25Request, mask: _Mask) -> tuple[Ids, F32] | None:
    """One property's score per matching object (float64 sum over terms, as float32)."""
    ids_parts, score_parts = [], []
    for postings, weight in zip(part.lists, part.idfs):
        if not len(postings):
            continue
        norms = _norms(postings, req.k1, req.b, part.avg).norms
        ids, scores = mask.apply(postings.ids, norms * (weight * part.boost))
        ids_parts.append(ids)
        score_parts.append(scores)
    if not ids_parts or len(ids_parts) < part.need:
        return None
    ids, sums, counts = sum_by_id(ids_parts, score_parts, counts=part.need > 1)
    if part.need > 1:
        keep = counts >= part.need
        ids, sums = ids[keep], sums[keep]
    return (ids, sums.astype(np.float32)) if len(ids) else None


class _Norms(NamedTuple):
    """The normalised frequencies of a term's postings for one (k1, b, average length),
    with the addresses of them and of the doc ids for the compiled path."""

    norms: F64
    address: int
    id_address: int


def _norms(postings: Postings, k1: float, b: float, avg: float) -> _Norms:
    """``tf / (tf + k1 * (1 - b + b * len / avg))`` per posting, kept with the postings
    (for the last (k1, b, avg) asked: a shard has one average length per property)."""
    key = (k1, b, avg)
    found = postings.derived
    if found is not None and found[0] == key:
        return cast(_Norms, found[1])
    tf = postings.tf.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        norms = tf / (tf + k1 * (1.0 - b + b * (postings.lengths.astype(np.float64) / avg)))
    made = _Norms(norms, bm25_kernel.address(norms), bm25_kernel.address(postings.ids))
    postings.derived = (key, made)
    return made


# -- usingBlockMaxWAND: false (BM25F) -----------------------------------------------------------
def _legacy(
    index: SearchableIndex, req: Bm25Request, groups: list[_Group], mask: _Mask, n_objects: int
) -> tuple[Ids, F32, list[Contribution]]:
    avg = legacy_average([index.stats(name) for name, _ in req.props])
    if req.operator == AND_CROSS and groups and groups[0].terms:  # one term list over every property
        groups = [_Group([p for g in groups for p in g.props], groups[0].terms)]
    minimum = min((len(g.terms) if req.operator in (AND, AND_CROSS) else req.minimum for g in groups), default=None)
    parts: list[Contribution] = []
    for group in groups:
        for term, dup in group.terms.items():
            found = _merged_term(index, group, term, dup, avg, req, mask, n_objects)
            if found is not None:
                parts.append(found)
    if minimum is None or not parts:
        return _NO_IDS, _NO_SCORES, []
    ids, sums, counts = sum_by_id([p.ids for p in parts], [p.scores for p in parts], counts=minimum > 1)
    if minimum > 1:
        keep = counts >= minimum
        ids, sums = ids[keep], sums[keep]
    return ids, sums.astype(np.float32), parts


def legacy_average(stats: Sequence[PropStats]) -> float:
    """Mean over the searched properties of their mean distinct-term count."""
    means = [float(np.float32(s.distinct) / np.float32(s.present)) if s.present else 0.0 for s in stats]
    avg = sum(means) / len(means) if means else 0.0
    return _DEFAULT_AVG if avg == 0 or math.isnan(avg) else avg


def _merged_term(
    index: SearchableIndex, group: _Group, term: str, dup: int, avg: float, req: Bm25Request,
    mask: _Mask, n_objects: int,
) -> Contribution | None:
    cache = len(group.terms) <= _CACHED_QUERY_TERMS
    lists = [(index.postings(prop.name, term, cache), boost) for prop, boost in group.props]
    lists = [(p, boost) for p, boost in lists if len(p)]
    if not lists:
        return None
    ids, freq_sum, _ = sum_by_id([p.ids for p, _ in lists], [p.tf * np.float32(boost) for p, boost in lists])
    _, length_sum, _ = sum_by_id([p.ids for p, _ in lists], [p.lengths for p, _ in lists])
    freq, length = freq_sum.astype(np.float32), length_sum.astype(np.float32)
    weight = idf(len(ids), n_objects) * dup
    f64 = freq.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = weight * f64 / (f64 + req.k1 * (1 - req.b + req.b * length.astype(np.float64) / avg))
    kept, scores = mask.apply(ids, scores)
    if not len(kept):
        return None
    positions = np.searchsorted(ids, kept)
    return Contribution("", [term], [Postings(kept, freq[positions], length[positions])], kept, scores)


# -- helpers ----------------------------------------------------------------------------------
_NO_IDS: Ids = np.zeros(0, np.intp)
_NO_SCORES: F32 = np.zeros(0, np.float32)


class _Mask:
    """The filter's allow-list as a dense boolean array over doc ids."""

    def __init__(self, allow: BitMap | None) -> None:
        self._dense: npt.NDArray[np.bool_] | None = None
        if allow is not None:
            self._dense = np.zeros(allow.max() + 1, dtype=bool)
            self._dense[doc_id_array(allow)] = True

    @property
    def dense(self) -> npt.NDArray[np.bool_]:
        """The mask (an empty array: no filter)."""
        return bm25_kernel.NO_MASK if self._dense is None else self._dense

    def apply(self, ids: Ids, values: F64) -> tuple[Ids, F64]:
        dense = self._dense
        if dense is None or not len(ids):
            return ids, values
        if ids[-1] >= len(dense):
            dense = self._dense = np.concatenate([dense, np.zeros(int(ids[-1]) + 1 - len(dense), bool)])
        keep = dense[ids]
        return ids[keep], values[keep]
