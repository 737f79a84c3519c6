"""BM25 over every shard of a collection (the database's ``keyword_search``).

Each shard scores with its own statistics (object count, document counts,
average lengths), as Weaviate's shards do, and returns its best ``k``; the hits
are then ordered by score, ties by object id, and cut to ``k`` (Weaviate's
``sortKeywordRanking``). Objects are read only when something of them is
returned; otherwise only their ids (the doc id bucket).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping

import numpy as np
from pyroaring import BitMap

from weftdb.entities.filters import Filter
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import KeywordQuery
from weftdb.errors import InvalidInput
from weftdb.storage.db.shard import Shard
from weftdb.storage.inverted import bm25
from weftdb.storage.inverted.index import InvertedIndex

Hit = tuple[StoredObject, float, str]
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SPECIAL = re.compile(r"[+-]?(?:inf|infinity|nan)", re.IGNORECASE)


def search(
    collection: CollectionDef,
    shards: Mapping[str, Shard],
    inverted: Mapping[str, InvertedIndex],
    allow_list: Callable[[str, Filter], BitMap],
    query: KeywordQuery,
    k: int,
    *,
    filters: Filter | None = None,
    with_vectors: bool = False,
    with_objects: bool = True,
    explain: bool = False,
) -> list[Hit]:
    searchable = next(iter(inverted.values())).searchable.props if inverted else {}
    request = bm25_request(collection, query, searchable, explain)
    found: list[Hit] = []
    for name, shard in shards.items():
        allow = allow_list(name, filters) if filters is not None else None
        hits = bm25.search(inverted[name].searchable, request, allow, shard.count(), k)
        found.extend(_resolve(shard, inverted[name], hits, with_vectors, with_objects))
    if len(shards) > 1:
        found.sort(key=_order)
    return found[:k] if k > 0 else found


def bm25_request(collection: CollectionDef, query: KeywordQuery, searchable: Iterable[str],
                 explain: bool = False) -> bm25.Bm25Request:
    """The searched properties with their boosts; none named means every ``searchable`` one
    (the collection's searchable properties). The use case has checked the named ones."""
    if query.properties:
        props = _named(query.properties)
    else:
        props = tuple((name, 1.0) for name in searchable)
    config = (collection.definition.get("invertedIndexConfig") or {}).get("bm25") or {}
    return bm25.Bm25Request(
        query=query.query, props=props, operator=query.operator, minimum=query.minimum_match or 0,
        k1=float(config.get("k1", 1.2)), b=float(config.get("b", 0.75)), explain=explain,
    )


def _named(names: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """``name`` or ``name^boost``; a repeated property keeps its last boost."""
    boosts: dict[str, float] = {}
    for raw in names:
        boosts[raw.partition("^")[0]] = parse_boost(raw) if "^" in raw else 1.0
    return tuple(boosts.items())


def parse_boost(prop: str) -> float:
    """The boost of ``name^boost`` as Weaviate reads it (``strconv.ParseFloat(.., 32)``, its
    error ignored: text that is not a number is 0; ``a^2^3`` is 2). A boost that is not
    finite is refused (Weaviate would return NaN or infinite scores)."""
    text = prop.split("^")[1]
    value = 0.0
    if _DECIMAL.fullmatch(text) or _SPECIAL.fullmatch(text):
        with np.errstate(over="ignore"):
            value = float(np.float32(float(text)))
    if not math.isfinite(value):
        raise InvalidInput(f"invalid boost in property '{prop}': a boost must be a finite number")
    return value


def _resolve(shard: Shard, index: InvertedIndex, hits: list[bm25.Bm25Hit], with_vectors: bool,
             with_objects: bool) -> list[Hit]:
    """The hits' objects (a hit whose object is gone since it was scored is dropped),
    ordered by score, equal scores by object id (Weaviate's final order)."""
    if not hits:
        return []
    doc_ids = [h.doc_id for h in hits]
    out: list[Hit] = []
    if with_objects:
        by_doc = {o.doc_id: o for o in shard.objects_by_doc_ids(doc_ids, with_vectors)}
        out = [(by_doc[h.doc_id], h.score, h.explain) for h in hits if h.doc_id in by_doc]
    else:
        name, tenant = shard.collection.name, shard.tenant
        out = [(StoredObject(obj_id, name, {}, tenant=tenant, doc_id=h.doc_id), h.score, h.explain)
               for h, obj_id in zip(hits, index.uuids.ids_of(doc_ids)) if obj_id is not None]
    if any(a[1] == b[1] for a, b in zip(out, out[1:])):
        out.sort(key=_order)
    return out


def _order(hit: Hit) -> tuple[float, int]:
    return -hit[1], hit[0].id.int
