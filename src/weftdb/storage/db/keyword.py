"""BM25 over every shard of a collection (the database's ``keyword_search``).

Each shard scores with its own statistics (object count, document counts,
average lengths), as Weaviate's shards do, and returns its best ``k``; the hits
are then ordered by score, ties by object id, and cut to ``k`` (Weaviate's
``sortKeywordRanking``). Objects are read only when something of them is
returned; otherwise only their ids (the doc id bucket).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from pyroaring import BitMap

from weftdb.entities.filters import Filter
from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import KeywordQuery
from weftdb.storage.db.shard import Shard
from weftdb.storage.inverted import bm25
from weftdb.storage.inverted.index import InvertedIndex

Hit = tuple[StoredObject, float, str]


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
        props = query.boosted()
    else:
        props = tuple((name, 1.0) for name in searchable)
    config = (collection.definition.get("invertedIndexConfig") or {}).get("bm25") or {}
    return bm25.Bm25Request(
        query=query.query, props=props, operator=query.operator, minimum=query.minimum_match or 0,
        k1=float(config.get("k1", 1.2)), b=float(config.get("b", 0.75)), explain=explain,
    )


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
