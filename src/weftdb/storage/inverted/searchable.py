"""The searchable (BM25) part of a shard's inverted index.

One bucket per text property with ``indexSearchable``: ``searchable_<prop>``,
posting blocks per term (``postings.py``). Per property, four counters live in
the ``inverted_meta`` bucket under ``bm25:<prop>`` and change in the same write
batch as the postings:

- ``docs`` / ``tokens``: objects with at least one token in the property and
  their token total (the average length of the BlockMax-WAND scoring, which
  Weaviate keeps per searchable bucket);
- ``present`` / ``distinct``: objects that have the property and the sum of
  their distinct-term counts (Weaviate's older property-length tracker, used
  by collections with ``usingBlockMaxWAND: false``).

A posting's property length is the token count (BlockMax-WAND collections) or
the distinct-term count (``usingBlockMaxWAND: false``), as Weaviate stores it.
``stage`` runs under the shard's writer lock; ``committed`` adopts the new
counters and drops the touched terms from the posting cache.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.storage.inverted import postings as pl
from weftdb.storage.inverted.bm25_kernel import Scratch
from weftdb.storage.inverted.plan import IndexPlan, build_plan
from weftdb.storage.inverted.postings import PostingCache, Postings
from weftdb.storage.inverted.tokenizer import TextAnalysis
from weftdb.storage.kv.port import Batch, KeyValueStore

META_BUCKET = "inverted_meta"  # the inverted index's own version key lives here too
_VERSION_KEY = b"bm25_version"
#: 2: blocks built by backfill were not in doc id order before (they are read as if they were)
_VERSION = b"2"
_STATS_PREFIX = b"bm25:"
_STATS = struct.Struct(">QQQQ")


def searchable_bucket(prop: str) -> str:
    return f"searchable_{prop}"


@dataclass(frozen=True)
class PropStats:
    docs: int = 0
    tokens: int = 0
    present: int = 0
    distinct: int = 0

    def add(self, sign: int, tokens: int, distinct: int) -> PropStats:
        """One object that has the property (``sign`` 1) or had it (-1)."""
        return PropStats(self.docs + sign * (tokens > 0), self.tokens + sign * tokens,
                         self.present + sign, self.distinct + sign * distinct)

    @property
    def mean_tokens(self) -> float:
        """Average length of the BlockMax-WAND path (0 when nothing is indexed)."""
        return self.tokens / self.docs if self.docs else 0.0


@dataclass(frozen=True)
class SearchableProp:
    name: str
    analysis: TextAnalysis
    #: properties with the same group tokenize a query alike and share a term's idf
    group: str
    #: the analyzer settings (``and_cross`` needs every searched property to share them)
    fingerprint: str = ""


def searchable_props(collection: CollectionDef, plan: IndexPlan | None = None) -> dict[str, SearchableProp]:
    plan = plan or build_plan(collection)
    raw = {str(p.get("name")): p for p in collection.definition.get("properties") or () if isinstance(p, Mapping)}
    out = {}
    for prop in collection.properties:
        text = plan.props[prop.name].text
        if prop.is_searchable_text and text is not None:
            settings = raw.get(prop.name) or {}
            out[prop.name] = SearchableProp(prop.name, text, _group(prop.name, text, settings),
                                            _fingerprint(text, settings))
    return out


def _fingerprint(text: TextAnalysis, raw: Mapping[str, Any]) -> str:
    analyzer = raw.get("textAnalyzer") or {}
    ignore = ",".join(sorted(analyzer.get("asciiFoldIgnore") or ()))
    return (f"{text.tokenization}|asciiFold={bool(analyzer.get('asciiFold'))}|asciiFoldIgnore={ignore}"
            f"|stopwordPreset={analyzer.get('stopwordPreset') or ''}")


def _group(name: str, text: TextAnalysis, raw: Mapping[str, Any]) -> str:
    """Weaviate's tokenization key: the tokenization, ``:ascii`` with folding, and the
    property's own key when it has its own stopword preset or fold exceptions."""
    analyzer = raw.get("textAnalyzer") or {}
    own = bool(analyzer.get("stopwordPreset"))
    key = text.tokenization
    if analyzer.get("asciiFold"):
        key += ":ascii"
        own = own or bool(analyzer.get("asciiFoldIgnore"))
    return f"{key}:{name}" if own else key


def uses_block_max_wand(collection: CollectionDef) -> bool:
    inverted = collection.definition.get("invertedIndexConfig") or {}
    return inverted.get("usingBlockMaxWAND", True) is not False


@dataclass(slots=True)
class _Doc:
    doc_id: int
    counts: Mapping[str, int]
    tokens: int


def _doc_id(doc: _Doc) -> int:
    return doc.doc_id


class SearchableIndex:
    def __init__(self, collection: CollectionDef, store: KeyValueStore, plan: IndexPlan | None = None) -> None:
        self._store = store
        self.cache = PostingCache()
        self.props: dict[str, SearchableProp] = {}
        self._stats: dict[str, PropStats] = {}
        self._staged: tuple[dict[str, PropStats], list[tuple[str, str]]] | None = None
        self.block_max_wand = uses_block_max_wand(collection)
        #: the BM25 kernel's per-thread accumulators
        self.scratch = Scratch()
        store.ensure_bucket(META_BUCKET)
        self.update_collection(collection, plan)

    def update_collection(self, collection: CollectionDef, plan: IndexPlan | None = None) -> None:
        """``plan``: the collection's index plan when the caller has built it already."""
        props = searchable_props(collection, plan)
        existing = set(self._store.buckets())
        for name in props:
            if searchable_bucket(name) not in existing:
                self._store.ensure_bucket(searchable_bucket(name))
        self._stats = {name: self._stats.get(name) or self._load_stats(name) for name in props}
        self.props = props

    def _load_stats(self, prop: str) -> PropStats:
        raw = self._store.get(META_BUCKET, _STATS_PREFIX + prop.encode())
        return PropStats(*_STATS.unpack(raw)) if raw else PropStats()

    # -- building from scratch -------------------------------------------------------------
    @property
    def is_current(self) -> bool:
        return self._store.get(META_BUCKET, _VERSION_KEY) == _VERSION

    def reset(self) -> None:
        """Empty every searchable bucket and counter (before indexing all objects again)."""
        for name in self.props:
            self._store.drop_bucket(searchable_bucket(name))
            self._store.ensure_bucket(searchable_bucket(name))
        batch = self._store.new_batch()
        for name in self.props:
            batch.delete(META_BUCKET, _STATS_PREFIX + name.encode())
        batch.delete(META_BUCKET, _VERSION_KEY)
        self._store.write(batch)
        self._stats = {name: PropStats() for name in self.props}
        self.cache.clear()

    def mark_current(self, batch: Batch) -> None:
        batch.put(META_BUCKET, _VERSION_KEY, _VERSION)

    # -- writes (under the shard's writer lock) ----------------------------------------------
    def stage(self, batch: Batch, added: Sequence[StoredObject], removed: Sequence[StoredObject]) -> None:
        stats: dict[str, PropStats] = {}  # only the properties this write changes
        touched: list[tuple[str, str]] = []
        for prop in self.props.values():
            new, old = self._analyze(prop, added), self._analyze(prop, removed)
            if not new and not old:
                continue
            current = self.stats(prop.name)
            for doc in old:
                current = current.add(-1, doc.tokens, len(doc.counts))
            for doc in new:
                current = current.add(1, doc.tokens, len(doc.counts))
            stats[prop.name] = current
            batch.put(META_BUCKET, _STATS_PREFIX + prop.name.encode(), _STATS.pack(*_counters(current)))
            touched.extend(self._stage_postings(batch, prop.name, new, old))
        self._staged = (stats, touched)

    def _analyze(self, prop: SearchableProp, objects: Sequence[StoredObject]) -> list[_Doc]:
        out = []
        name, counts_of = prop.name, prop.analysis.counts
        for obj in objects:
            value = obj.properties.get(name)
            if isinstance(value, str):
                counts = counts_of((value,))
            elif isinstance(value, list):
                counts = counts_of([v for v in value if isinstance(v, str)])
            else:
                continue
            out.append(_Doc(obj.doc_id, counts, sum(counts.values())))
        return out

    def _stage_postings(self, batch: Batch, prop: str, new: list[_Doc], old: list[_Doc]) -> set[tuple[str, str]]:
        """Per touched block: drop the removed objects' records, append the new ones."""
        adds: dict[tuple[str, int], list[bytes]] = {}
        removes: dict[tuple[str, int], list[int]] = {}
        for doc in old:
            block = doc.doc_id >> pl.BLOCK_BITS
            for term in doc.counts:
                removes.setdefault((term, block), []).append(doc.doc_id)
        pack, distinct_lengths = pl.pack_record, not self.block_max_wand
        for doc in sorted(new, key=_doc_id):  # records in doc id order (backfill reads in uuid order)
            block, length = doc.doc_id >> pl.BLOCK_BITS, float(len(doc.counts) if distinct_lengths else doc.tokens)
            for term, tf in doc.counts.items():
                adds.setdefault((term, block), []).append(pack(doc.doc_id, tf, length))
        touched = list(adds.keys() | removes.keys())
        bucket = searchable_bucket(prop)
        keys = [pl.block_key(term.encode(), block) for term, block in touched]
        for (term, block), key, raw in zip(touched, keys, self._store.multi_get(bucket, keys)):
            value = b"" if raw is None else bytes(raw)
            gone = removes.get((term, block))
            if gone and value:
                value = pl.without(value, gone)
            value = pl.appended(value, adds.get((term, block), []))
            if value:
                batch.put(bucket, key, value)
            elif raw is not None:
                batch.delete(bucket, key)
        return {(prop, term) for term, _ in touched}

    def committed(self) -> None:
        staged, self._staged = self._staged, None
        if staged is None:
            return
        stats, touched = staged
        # the write's own properties only: the others keep their entries
        self._stats = {**self._stats, **stats}
        self.cache.invalidate(touched)

    # -- reads ----------------------------------------------------------------------------
    def stats(self, prop: str) -> PropStats:
        return self._stats.get(prop) or PropStats()

    def postings(self, prop: str, term: str, cache: bool = True) -> Postings:
        """A term's postings (from the cache; read and cached unless ``cache`` is off,
        as for the terms of a very long query, which would push everything else out)."""
        found = self.cache.get(prop, term)
        if found is not None:
            return found
        generation = self.cache.generation()
        bucket = searchable_bucket(prop)
        blocks = pl.read_blocks(lambda start, end: self._store.scan(bucket, start, end), term.encode())
        found = Postings.from_blocks(blocks)
        if cache:
            self.cache.put(prop, term, found, generation)
        return found


def _counters(stats: PropStats) -> tuple[int, int, int, int]:
    return max(stats.docs, 0), max(stats.tokens, 0), max(stats.present, 0), max(stats.distinct, 0)
