"""Cross-references resolved after a search (SearchWithReferences)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from weftdb.entities.objects import StoredObject
from weftdb.entities.schema import CollectionDef
from weftdb.entities.search import (
    MetadataRequest,
    PropertySelection,
    ReferenceSelection,
    SearchGroup,
    SearchHit,
    SearchParams,
    SearchResult,
)
from weftdb.usecases.search.references import SearchWithReferences


def u(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


def beacon(cls: str, n: int) -> dict[str, str]:
    return {"beacon": f"weaviate://localhost/{cls}/{u(n)}" if cls else f"weaviate://localhost/{u(n)}"}


COLLECTIONS = {
    "Person": CollectionDef.from_dict({"class": "Person", "properties": [{"name": "name", "dataType": ["text"]}]}),
    "Org": CollectionDef.from_dict({"class": "Org", "multiTenancyConfig": {"enabled": True}}),
}


@dataclass
class Store:
    objects: dict[tuple[str, uuid.UUID], StoredObject] = field(default_factory=dict)
    reads: list[tuple[str, str, tuple[uuid.UUID, ...], bool]] = field(default_factory=list)

    def put(self, cls: str, n: int, **props: Any) -> None:
        self.objects[(cls, u(n))] = StoredObject(u(n), cls, props)

    def get_objects(self, collection: str, tenant: str, ids: Sequence[uuid.UUID],
                    with_vectors: bool) -> list[StoredObject | None]:
        self.reads.append((collection, tenant, tuple(ids), with_vectors))
        return [self.objects.get((collection, i)) for i in ids]


@dataclass
class Schema:
    def find(self, name: str) -> CollectionDef | None:
        return COLLECTIONS.get(name)


@dataclass
class Searcher:
    result: SearchResult

    def search(self, params: SearchParams) -> SearchResult:
        return self.result


def selection(*refs: ReferenceSelection) -> PropertySelection:
    return PropertySelection(names=(), references=refs)


def test_links_resolve_in_beacon_order_one_read_per_collection() -> None:
    store = Store()
    for n in (1, 2, 3):
        store.put("Person", n, name=f"p{n}")
    store.put("Org", 9, name="acme")
    hits = [SearchHit(StoredObject(u(100), "Article", {"by": [beacon("Person", 2), beacon("Org", 9), beacon("Person", 1)]})),
            SearchHit(StoredObject(u(101), "Article", {"by": [beacon("Person", 3), beacon("Person", 404)]})),
            SearchHit(StoredObject(u(102), "Article", {}))]
    refs = (ReferenceSelection("by", "Person", PropertySelection(("name",)), MetadataRequest(vector=True)),
            ReferenceSelection("by", "Org"))
    search = SearchWithReferences(Searcher(SearchResult(hits)), Schema(), store)
    search.search(SearchParams("Article", tenant="t1", properties=selection(*refs)))
    assert [[r.obj.properties.get("name") for r in (h.references or {})["by"]] for h in hits] == [
        ["p2", "acme", "p1"], ["p3"], []]
    assert store.reads == [("Person", "", (u(2), u(1), u(3), u(404)), True), ("Org", "t1", (u(9),), False)]


def test_unselected_collections_and_classless_beacons() -> None:
    store = Store()
    store.put("Person", 1, name="p1")
    store.put("Org", 2, name="o2")
    hit = SearchHit(StoredObject(u(100), "Article", {"by": [beacon("Org", 2), beacon("", 1), {"beacon": "bad"}]}))
    search = SearchWithReferences(Searcher(SearchResult([hit])), Schema(), store)
    search.search(SearchParams("Article", properties=selection(ReferenceSelection("by", "Person"))))
    assert [r.obj.id for r in (hit.references or {})["by"]] == [u(1)]


def test_nested_references_and_group_hits() -> None:
    store = Store()
    store.put("Person", 1, name="p1", friend=[beacon("Person", 2)])
    store.put("Person", 2, name="p2")
    group_hit = SearchHit(StoredObject(u(100), "Article", {"by": [beacon("Person", 1)]}))
    result = SearchResult([], groups=[SearchGroup("g", "g", [group_hit])])
    inner = ReferenceSelection("friend", "Person")
    outer = ReferenceSelection("by", "Person", PropertySelection(("name",), references=(inner,)))
    SearchWithReferences(Searcher(result), Schema(), store).search(
        SearchParams("Article", properties=selection(outer)))
    (friend_of,) = (group_hit.references or {})["by"]
    assert [r.obj.properties["name"] for r in (friend_of.references or {})["friend"]] == ["p2"]


def test_nothing_selected_nothing_read() -> None:
    store = Store()
    hit = SearchHit(StoredObject(u(100), "Article", {"by": [beacon("Person", 1)]}))
    SearchWithReferences(Searcher(SearchResult([hit])), Schema(), store).search(SearchParams("Article"))
    assert hit.references is None and store.reads == []
